import torch

nums = [1, 2, 3]
words = ["a", "it's", 'say "hi"']
mixed = [1, 2.5, "three", True, None, [4, 5]]
print(nums, words)
print(mixed)
print([], (), {}, [[]], (1,), (1, 2), [(1, 2), (3, 4)])
point = (3, 4)
print(point, point[0], point[-1], len(point))
d = {"d_in": 3, "d_out": 2, "name": "attention"}
print(d)
print(d["d_in"], d["name"], len(d))
d["heads"] = 2
d["d_out"] = 4
print(d)
grid = [[1, 2, 3], [4, 5, 6]]
print(grid, grid[1], grid[1][2], grid[-1][-1])
grid[0][0] = 100
print(grid)
alias = grid[1]
alias[0] = -4
print(grid)
print(nums + [4, 5], nums * 2, [0] * 4)
nums += [10]
print(nums, len(nums))
nums[1] = 20
print(nums, 20 in nums, 7 in nums, "d_in" in d)
print([1, 2] == [1, 2], (1, 2) < (1, 3), [1, 2] != [2, 1])
nested = {"a": [1, 2], "b": {"c": (5, 6)}}
print(nested, nested["b"]["c"][1])
print(list((1, 2, 3)), list(range(4)), list("abc"))
print({1: "one", 2.5: "two and a half", (1, 2): [3]})
print([0.1, 1e-5, 1e16, -0.0, 3.0])
