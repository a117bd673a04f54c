import torch

def classify(x):
    if x < 0:
        return "negative"
    elif x == 0:
        return "zero"
    elif x < 10:
        return "small"
    else:
        return "large"

for v in [-5, 0, 3, 42]:
    print(v, classify(v))

count = 0
while count < 3:
    count += 1
    print("count", count)

n = 27
steps = 0
while n != 1:
    if n % 2 == 0:
        n = n // 2
    else:
        n = 3 * n + 1
    steps += 1
print("collatz steps:", steps)

found = None
for i in range(2, 30):
    if found is None and i * i > 50:
        found = i
print("first i with i*i > 50:", found)

flag = True
if not flag:
    print("unreachable")
else:
    pass
x = 5
if x > 2 and x < 10 or x == 100:
    print("in range")
if not (x > 2 and x < 4):
    print("not in 3")
print(x is None, found is not None)
for i in range(3):
    for j in range(i):
        print(i, j, end="; ")
print()
for k in range(10, 0, -3):
    print(k, end=" ")
print("done")
