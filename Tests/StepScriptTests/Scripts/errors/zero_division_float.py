import torch

x = 1.5
y = 0.0
print(x % 1.0)
print(x / y)
