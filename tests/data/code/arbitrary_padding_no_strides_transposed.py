# convscope lesson "arbitrary_padding_no_strides_transposed": Transposed convolution
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, 3, 4, 1, 2],
                             [3, 4, 1, 2, 3, 4],
                             [1, 2, 3, 4, 1, 2],
                             [3, 4, 1, 2, 3, 4],
                             [1, 2, 3, 4, 1, 2],
                             [3, 4, 1, 2, 3, 4]], dtype=torch.float32)
kernel = torch.tensor([[1, 2, 3, 1],
                       [2, 3, 1, 2],
                       [3, 1, 2, 3],
                       [1, 2, 3, 1]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 6, 6)
# The kernel as (in_channels, out_channels / groups, height, width).
kernel = kernel.reshape(1, 1, 4, 4)

# Each input cell spreads its value times the kernel over the output (no flip in
# this reading; read as a convolution, the kernel is flipped over a zero-spread input).
output = F.conv_transpose2d(input_matrix, kernel, stride=1, padding=2)
# convscope's result: [[40, 56, 60, 64, 46], [54, 81, 80, 75, 61], [58, 75, 74, 81, 65], [54, 81, 80, 75, 61], [48, 58, 54, 62, 54]]
