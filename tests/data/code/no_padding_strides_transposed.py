# convscope lesson "no_padding_strides_transposed": Transposed convolution
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2],
                             [3, 4]], dtype=torch.float32)
kernel = torch.tensor([[1, 2, 3],
                       [1, 2, 3],
                       [1, 2, 3]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 2, 2)
# The kernel as (in_channels, out_channels, height, width).
kernel = kernel.reshape(1, 1, 3, 3)

# The transposed convolution scatters each input cell times the kernel into the
# output, stride apart; padding then cuts rows and columns from every side.
output = F.conv_transpose2d(input_matrix, kernel, stride=2, padding=0)
# convscope's result: [[1, 2, 5, 4, 6], [1, 2, 5, 4, 6], [4, 8, 18, 12, 18], [3, 6, 13, 8, 12], [3, 6, 13, 8, 12]]
