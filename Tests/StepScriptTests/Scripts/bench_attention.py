import torch
import torch.nn as nn

inputs = torch.tensor(
  [[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64],
   [0.22, 0.58, 0.33], [0.77, 0.25, 0.10], [0.05, 0.80, 0.55]]
)
attn_scores = inputs @ inputs.T
attn_weights = torch.softmax(attn_scores, dim=-1)
print(attn_weights @ inputs)

torch.manual_seed(123)
W_query = nn.Parameter(torch.rand(3, 2), requires_grad=False)
W_key = nn.Parameter(torch.rand(3, 2), requires_grad=False)
W_value = nn.Parameter(torch.rand(3, 2), requires_grad=False)
keys = inputs @ W_key
scores = (inputs @ W_query) @ keys.T
weights = torch.softmax(scores / keys.shape[-1]**0.5, dim=-1)
print(weights @ (inputs @ W_value))

class SelfAttention_v2(nn.Module):
    def __init__(self, d_in, d_out, qkv_bias=False):
        super().__init__()
        self.W_query = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_key = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_value = nn.Linear(d_in, d_out, bias=qkv_bias)

    def forward(self, x, causal=False):
        keys = self.W_key(x)
        attn_scores = self.W_query(x) @ keys.T
        if causal:
            n = x.shape[0]
            mask = torch.triu(torch.ones(n, n), diagonal=1)
            attn_scores = attn_scores.masked_fill(mask.bool(), -torch.inf)
        attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)
        return attn_weights @ self.W_value(x)

torch.manual_seed(789)
sa = SelfAttention_v2(3, 2)
print(sa(inputs))
print(sa(inputs, causal=True))
total = 0.0
for i in range(200):
    total += sa(inputs, causal=(i % 2 == 0)).sum().item()
print(f"{total:.3f}")
