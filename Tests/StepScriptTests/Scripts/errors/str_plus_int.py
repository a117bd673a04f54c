import torch

count = 3
print("tokens: " + str(count))
print("tokens: " + count)
