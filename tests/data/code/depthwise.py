# convscope lesson "depthwise": Cross-correlation (what CNN layers do)
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[[1, 0, 1, 0],
                              [0, 1, 0, 1],
                              [1, 0, 1, 0],
                              [0, 1, 0, 1]],
                             [[2, 1, 0, 1],
                              [1, 2, 1, 0],
                              [0, 1, 2, 1],
                              [1, 0, 1, 2]],
                             [[0, 1, 2, 3],
                              [1, 2, 3, 0],
                              [2, 3, 0, 1],
                              [3, 0, 1, 2]]], dtype=torch.float32)
kernel = torch.tensor([[[[1, 1, 1],
                         [0, 0, 0],
                         [1, 1, 1]]],
                       [[[0, 1, 0],
                         [1, -1, 1],
                         [0, 1, 0]]],
                       [[[1, 0, -1],
                         [1, 0, -1],
                         [1, 0, -1]]]], dtype=torch.float32)
bias = torch.tensor([0, 0.5, -1], dtype=torch.float32)

# PyTorch works on batches: the input as (batch, channels, height, width).
input_matrix = input_matrix.reshape(1, 3, 4, 4)
# The kernel is already (out_channels, in_channels / groups, height, width).

output = F.conv2d(input_matrix, kernel, bias, stride=2, padding=1, groups=3)
# convscope's result (3 x 2 x 2): [[[1, 2], [2, 4]], [[0.5, 3.5], [3.5, 2.5]], [[-4, -1], [-6, 1]]]
