# convscope lesson "padding_strides_odd": Cross-correlation (what CNN layers do)
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, 3, 4, 1, 2],
                             [3, 4, 1, 2, 3, 4],
                             [1, 2, 3, 4, 1, 2],
                             [3, 4, 1, 2, 3, 4],
                             [1, 2, 3, 4, 1, 2],
                             [3, 4, 1, 2, 3, 4]], dtype=torch.float32)
kernel = torch.tensor([[1, 2, 3],
                       [1, 2, 3],
                       [1, 2, 3]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 6, 6)
# The kernel as (out_channels, in_channels, height, width).
kernel = kernel.reshape(1, 1, 3, 3)

output = F.conv2d(input_matrix, kernel, stride=2, padding=1)
# convscope's result: [[26, 32, 32], [44, 44, 52], [44, 44, 52]]
