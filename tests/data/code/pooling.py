# convscope lesson "pooling": Max pooling
import torch
import torch.nn as nn
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, 3, 0],
                             [4, 5, 6, 1],
                             [3, 4, 7, 2],
                             [1, 2, 1, 0]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 4, 4)

# Padding for max pooling is -infinity: a padded cell is never the largest.
pool = nn.MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
output = pool(input_matrix)
# convscope's result: [[5, 6], [4, 7]]
