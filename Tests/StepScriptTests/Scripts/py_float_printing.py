import torch

print(0.1 + 0.2)
print(1 / 3, 2 / 3, 10 / 4, 6 / 3)
print(1e-5, 1e-4, 0.0001234, 1e16, 1e15, 1.5e16, 1e22)
print(123456789.123, 1234567890123456.7, 12345678901234567.0)
print(2.5, 100.0, -0.0, 3.0 * 2, 7 / 2, 0.5 ** 2)
print(2 ** 0.5, 10 ** -2, 2 ** -1, 4 ** 0.5)
print(3.14159, 2.0, 1.0e0, 5e-324 > 0)
print(float(3), float(-2), float(True), float(7) / 2)
print(0.1 * 3, 0.3, 1.1 + 2.2, 3.3 - 1.1)
print(1 - 0.9, 100 * 1.1, 0.7 + 0.1)
print(round(2.675, 2), round(0.5), round(1.5), round(2.5), round(-0.5))
print(round(3.14159, 3), round(7), round(1234.5678, -2), round(-2.5))
print(round(0.125, 2), round(0.375, 2), round(1.005, 2))
print(abs(-3.5), abs(-0.0), abs(2), abs(-7))
print(int(3.9), int(-3.9), int(2.0), int(True))
print(1.0 == 1, 0.1 + 0.2 == 0.3, 2 ** 10 == 1024.0)
x = 1.0
for i in range(5):
    x = x / 10
print(x)
y = 0.0
for i in range(10):
    y += 0.1
print(y)
print(str(2.0), str(0.1 + 0.2), str(1e-7), str(1e100))
print([0.1, 0.2, 0.1 + 0.2], (1.0, 2.5e-8))
print(9007199254740993.0, 1e300 * 1e10, -1e300 * 1e10)
