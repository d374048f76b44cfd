# convscope lesson "reflect": Cross-correlation (what CNN layers do)
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 0, 1, 0],
                             [0, 1, 0, 1],
                             [1, 0, 1, 0],
                             [0, 1, 0, 1]], dtype=torch.float32)
kernel = torch.tensor([[1, 1, 1],
                       [0, 0, 0],
                       [1, 1, 1]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 4, 4)
# The kernel as (out_channels, in_channels, height, width).
kernel = kernel.reshape(1, 1, 3, 3)

# padding_mode "reflect" (as nn.Conv2d(padding_mode="reflect") does it): pad first, then
# convolve with padding 0. F.pad takes (left, right, top, bottom).
input_matrix = F.pad(input_matrix, (1, 1, 1, 1), mode="reflect")

output = F.conv2d(input_matrix, kernel, stride=2, padding=0)
# convscope's result: [[4, 4], [4, 4]]
