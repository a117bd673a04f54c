import torch
import torch.nn as nn

inputs = torch.tensor(
  [[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64],
   [0.22, 0.58, 0.33], [0.77, 0.25, 0.10], [0.05, 0.80, 0.55]]
)
torch.manual_seed(789)
W_query = nn.Linear(3, 2, bias=False)
W_key = nn.Linear(3, 2, bias=False)
attn_scores = W_query(inputs) @ W_key(inputs).T
mask = torch.triu(torch.ones(6, 6), diagonal=1)
masked = attn_scores.masked_fill(mask.bool(), -torch.inf)
attn_weights = torch.softmax(masked / 2**0.5, dim=1)

torch.manual_seed(123)
dropout = torch.nn.Dropout(0.5) # dropout rate of 50%
example = torch.ones(6, 6) # create a matrix of ones
print(dropout(example))

torch.manual_seed(123)
print(dropout(attn_weights))

# in eval mode dropout does nothing
dropout.eval()
print(dropout(example))
dropout.train()
torch.manual_seed(123)
print(dropout(example).sum())

no_drop = nn.Dropout(0.0)
print(no_drop(attn_weights))
