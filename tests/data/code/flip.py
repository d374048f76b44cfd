# convscope lesson "flip": Convolution (flipped kernel)
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[0, 0, 0, 0, 0],
                             [0, 0, 0, 0, 0],
                             [0, 0, 1, 0, 0],
                             [0, 0, 0, 0, 0],
                             [0, 0, 0, 0, 0]], dtype=torch.float32)
kernel = torch.tensor([[1, 2, 3],
                       [4, 5, 6],
                       [7, 8, 9]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 5, 5)
# The kernel as (out_channels, in_channels, height, width).
kernel = kernel.reshape(1, 1, 3, 3)

# True convolution turns the kernel 180 degrees before sliding it. F.conv2d,
# like every CNN layer, slides it unflipped (cross-correlation): flip it first.
kernel = torch.flip(kernel, dims=[-2, -1])

output = F.conv2d(input_matrix, kernel, stride=1, padding=1)
# convscope's result: [[0, 0, 0, 0, 0], [0, 1, 2, 3, 0], [0, 4, 5, 6, 0], [0, 7, 8, 9, 0], [0, 0, 0, 0, 0]]
