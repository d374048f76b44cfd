# convscope lesson "full_padding_no_strides": Cross-correlation (what CNN layers do)
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, 3, 4, 1],
                             [2, 3, 4, 1, 2],
                             [3, 4, 1, 2, 3],
                             [4, 1, 2, 3, 4],
                             [1, 2, 3, 4, 1]], dtype=torch.float32)
kernel = torch.tensor([[1, 2, 3],
                       [1, 2, 3],
                       [1, 2, 3]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 5, 5)
# The kernel as (out_channels, in_channels, height, width).
kernel = kernel.reshape(1, 1, 3, 3)

output = F.conv2d(input_matrix, kernel, stride=1, padding=2)
# convscope's result: [[3, 8, 14, 20, 14, 6, 1], [9, 21, 34, 34, 26, 11, 3], [18, 39, 48, 46, 40, 19, 6], [27, 42, 46, 40, 46, 24, 9], [24, 37, 40, 46, 48, 25, 8], [15, 19, 26, 34, 34, 17, 5], [3, 8, 14, 20, 14, 6, 1]]
