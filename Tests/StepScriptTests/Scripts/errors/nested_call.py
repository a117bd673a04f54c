import torch

def project(x, w):
    return x @ w

def attention_scores(x, w_q, w_k):
    q = project(x, w_q)
    k = project(x, w_k)
    return q @ k.T

x = torch.ones(6, 3)
print(attention_scores(x, torch.ones(3, 2), torch.ones(3, 2)).shape)
scores = attention_scores(x,
                          torch.ones(3, 2),
                          torch.ones(2, 2))
