import torch

# "Your journey starts with one step": one 3-d embedding per token
inputs = torch.tensor(
  [[0.43, 0.15, 0.89], # Your     (x^1)
   [0.55, 0.87, 0.66], # journey  (x^2)
   [0.57, 0.85, 0.64], # starts   (x^3)
   [0.22, 0.58, 0.33], # with     (x^4)
   [0.77, 0.25, 0.10], # one      (x^5)
   [0.05, 0.80, 0.55]] # step     (x^6)
)

query = inputs[1]  # 2nd input token is the query
print("query:", query)

attn_scores_2 = torch.empty(inputs.shape[0])
for i, x_i in enumerate(inputs):
    attn_scores_2[i] = torch.dot(x_i, query)  # dot product (transpose not necessary here since they are 1-dim vectors)
print(attn_scores_2)

# the dot product by hand: multiply element-wise and sum up
res = 0.
for idx, element in enumerate(inputs[0]):
    res += inputs[0][idx] * query[idx]
print(res)
print(torch.dot(inputs[0], query))
print(inputs[0].dot(query))

# the same, with plain Python floats
total = 0.0
for a, b in zip(inputs[0].tolist(), query.tolist()):
    total += a * b
print(f"{total:.4f}")
print(attn_scores_2.shape, attn_scores_2.dtype)
