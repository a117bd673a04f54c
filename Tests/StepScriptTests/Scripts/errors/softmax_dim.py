import torch

scores = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
print(torch.softmax(scores, dim=1))
weights = torch.softmax(scores, dim=2)
