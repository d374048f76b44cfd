# convscope lesson "arbitrary_padding_no_strides": Cross-correlation (what CNN layers do)
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, 3, 4, 1],
                             [2, 3, 4, 1, 2],
                             [3, 4, 1, 2, 3],
                             [4, 1, 2, 3, 4],
                             [1, 2, 3, 4, 1]], dtype=torch.float32)
kernel = torch.tensor([[1, 2, 3, 1],
                       [2, 3, 1, 2],
                       [3, 1, 2, 3],
                       [1, 2, 3, 1]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 5, 5)
# The kernel as (out_channels, in_channels, height, width).
kernel = kernel.reshape(1, 1, 4, 4)

output = F.conv2d(input_matrix, kernel, stride=1, padding=2)
# convscope's result: [[17, 31, 44, 36, 27, 18], [31, 50, 55, 55, 50, 24], [44, 55, 73, 88, 58, 34], [36, 55, 88, 79, 54, 37], [27, 50, 58, 54, 46, 39], [18, 24, 34, 37, 39, 22]]
