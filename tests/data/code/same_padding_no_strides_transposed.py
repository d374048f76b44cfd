# convscope lesson "same_padding_no_strides_transposed": Transposed convolution
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
# The kernel as (in_channels, out_channels, height, width).
kernel = kernel.reshape(1, 1, 3, 3)

# The transposed convolution scatters each input cell times the kernel into the
# output, stride apart; padding then cuts rows and columns from every side.
output = F.conv_transpose2d(input_matrix, kernel, stride=1, padding=1)
# convscope's result: [[11, 26, 34, 34, 21], [21, 44, 50, 44, 33], [26, 50, 44, 42, 36], [23, 44, 42, 44, 43], [13, 26, 26, 34, 31]]
