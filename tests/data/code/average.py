# convscope lesson "average": Average pooling
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, 3, 0],
                             [4, 5, 6, 1],
                             [3, 4, 7, 2],
                             [1, 2, 1, 0]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 4, 4)

output = F.avg_pool2d(input_matrix, kernel_size=2, stride=2, padding=0, ceil_mode=False, count_include_pad=True)
# convscope's result: [[3, 2.5], [2.5, 2.5]]
