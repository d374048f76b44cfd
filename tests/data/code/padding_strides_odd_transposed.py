# convscope lesson "padding_strides_odd_transposed": Transposed convolution
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, 3],
                             [4, 1, 2],
                             [3, 4, 1]], dtype=torch.float32)
kernel = torch.tensor([[1, 2, 3],
                       [1, 2, 3],
                       [1, 2, 3]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 3, 3)
# The kernel as (in_channels, out_channels, height, width).
kernel = kernel.reshape(1, 1, 3, 3)

# The transposed convolution scatters each input cell times the kernel into the
# output, stride apart; padding then cuts rows and columns from every side.
output = F.conv_transpose2d(input_matrix, kernel, stride=2, padding=1, output_padding=1)
# convscope's result: [[2, 5, 4, 9, 6, 9], [10, 18, 6, 14, 10, 15], [8, 13, 2, 5, 4, 6], [14, 26, 10, 18, 6, 9], [6, 13, 8, 13, 2, 3], [6, 13, 8, 13, 2, 3]]
