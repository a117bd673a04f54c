import torch

total = 0
for i in range(3):
    total += 7 // (2 - i)
    print(total)
