# convscope lesson "l2": L2 (Lp) pooling
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, 3, 0],
                             [4, 5, 6, 1],
                             [3, 4, 7, 2],
                             [1, 2, 1, 0]], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 1, 4, 4)

# F.lp_pool2d: the average of x**p over the window times kH*kW, then the p-th root.
output = F.lp_pool2d(input_matrix, norm_type=2, kernel_size=2, stride=2, ceil_mode=False)
# convscope's result: [[6.78233, 6.78233], [5.477226, 7.3484693]]
