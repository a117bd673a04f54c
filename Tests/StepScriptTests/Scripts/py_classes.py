import torch

class Counter:
    def __init__(self, start=0):
        self.value = start
        self.history = []

    def add(self, amount=1):
        self.value += amount
        self.history = self.history + [amount]
        return self.value

    def total(self):
        return sum(self.history)

c = Counter()
c.add()
c.add(5)
print(c.value, c.history, c.total())
c2 = Counter(start=10)
print(c2.add(amount=-3), c.value)

class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def describe(self):
        return f"{self.name} with area {self.area():.2f}"

class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

class Square(Rect):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = "square"

shapes = [Shape("blob"), Rect(2, 3.5), Square(3)]
for s in shapes:
    print(s.describe())
sq = shapes[2]
print(isinstance(sq, Square), isinstance(sq, Rect), isinstance(sq, Shape))
print(isinstance(shapes[1], Square), isinstance(3, int), isinstance(3.0, int))
print(isinstance(3.0, float), isinstance("s", str), isinstance([1], list), isinstance((1,), tuple))
print(isinstance(torch.ones(2), torch.Tensor), isinstance(True, int))
sq.w = 10
print(sq.area(), sq.h)
sq.extra = "added later"
print(sq.extra)
