import torch

print(7 // 2, -7 // 2, 7 // -2, -7 // -2)
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2)
print(2 ** 10, 2 ** 62, (-2) ** 3, -2 ** 2, 2 ** 0)
print(10 - 3 * 4 + 2, (10 - 3) * (4 + 2), 100 // 7 % 4)
print(17 / 5, 17 // 5, 17 % 5)
print(True + True, True * 5, False - 1)
print(9223372036854775807, -9223372036854775807 - 1)
a = 10
a += 5
print(a)
a -= 3
print(a)
a *= 2
print(a)
a /= 4
print(a)
a = 7
a //= 2
print(a)
print(3 == 3.0, 3 < 4 <= 4, 1 < 2 > 3, 2 != 2)
print(not 0, not 1, 0 or 5, 3 and 4, 0 and 1, None or "default")
print(max(3, -8), min(-3, 2), abs(-12))
n = 1
for k in range(1, 11):
    n *= k
print("10! =", n)
total = 0
i = 0
while i < 100:
    total += i
    i += 7
print(total, i)
print(len(str(2 ** 40)), str(-17), int(-17.0))
