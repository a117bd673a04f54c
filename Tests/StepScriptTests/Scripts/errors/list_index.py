import torch

tokens = ["Your", "journey", "starts"]
for i in range(4):
    print(i, tokens[i])
