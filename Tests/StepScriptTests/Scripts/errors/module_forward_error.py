import torch
import torch.nn as nn

class Projector(nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.W_query = nn.Linear(d_in, d_out, bias=False)

    def forward(self, x):
        q = self.W_query(x)
        return q

torch.manual_seed(789)
proj = Projector(3, 2)
print(proj(torch.ones(1, 3)).shape)
out = proj(torch.ones(6, 4))
