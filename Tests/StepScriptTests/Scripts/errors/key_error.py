import torch

config = {"d_in": 3, "d_out": 2}
print(config["d_in"])
heads = config["num_heads"]
