# convscope lesson "dilation": Cross-correlation (what CNN layers do)
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, 3, 4, 1, 2, 3],
                             [4, 1, 2, 3, 4, 1, 2],
                             [3, 4, 1, 2, 3, 4, 1],
                             [2, 3, 4, 1, 2, 3, 4],
                             [1, 2, 3, 4, 1, 2, 3],
                             [4, 1, 2, 3, 4, 1, 2],
                             [3, 4, 1, 2, 3, 4, 1]], dtype=torch.float32)
kernel = torch.tensor([[1, 2, 3],
                       [1, 2, 3],
                       [1, 2, 3]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 7, 7)
# The kernel as (out_channels, in_channels, height, width).
kernel = kernel.reshape(1, 1, 3, 3)

output = F.conv2d(input_matrix, kernel, stride=1, padding=0, dilation=2)
# convscope's result: [[34, 52, 38], [56, 34, 52], [38, 56, 34]]
