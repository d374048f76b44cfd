# convscope lesson "autocorrelation": Autocorrelation
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, 0],
                             [0, 1, 0],
                             [0, 0, 1]], dtype=torch.float32)

# Autocorrelation: the input is its own kernel, slid to every overlap, so the
# weight is the input itself and the padding is (H - 1, W - 1); groups keeps
# each channel with its own copy.
weight = input_matrix.reshape(1, 1, 3, 3)
input_matrix = input_matrix.reshape(1, 1, 3, 3)
output = F.conv2d(input_matrix, weight, padding=(2, 2), groups=1)
# convscope's result: [[1, 2, 0, 0, 0], [0, 2, 2, 0, 0], [0, 2, 7, 2, 0], [0, 0, 2, 2, 0], [0, 0, 0, 2, 1]]
