import torch

n = 10
d = 0
print(n // 3)
print(n / d)
