import torch

inputs = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64]])
for row in inputs:
    print(row, row.shape)
for i, row in enumerate(inputs):
    print(i, row.sum())
for a, b in zip(inputs, inputs[1:]):
    print(torch.dot(a, b))
for value in inputs[0]:
    print(value, value.item())
print(len(inputs), len(inputs[0]))
words = ["Your", "journey", "starts"]
for word, vec in zip(words, inputs):
    print(f"{word:>8}: {vec[0].item():.2f} {vec[1].item():.2f} {vec[2].item():.2f}")
norms = [torch.sqrt(torch.dot(r, r)).item() for r in inputs]
print([round(n, 4) for n in norms])
total = torch.zeros(3)
for r in inputs:
    total += r
print(total, total / len(inputs), inputs.mean(dim=0))
rows = [r * 2 for r in inputs]
print(torch.stack(rows))
print(torch.cat([inputs[i] for i in range(3)]))
ints = torch.arange(4)
print([x.item() * 10 for x in ints], sum([x.item() for x in ints]))
for b in torch.ones(2, 2, 2):
    print(b.shape)
print([t.shape for t in torch.zeros(2, 5)])
