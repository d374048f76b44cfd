# convscope lesson "linear": Linear (fully connected)
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[1, 2, -1, 0.5]], dtype=torch.float64)
weight = torch.tensor([[0.5, -1, 0, 1],
                       [1, 1, 1, 1],
                       [-0.5, 0, 2, 0]], dtype=torch.float64)
bias = torch.tensor([0, 1, -1], dtype=torch.float64)

# F.linear: input @ weight.T + bias (weight is out_features x in_features).
output = F.linear(input_matrix, weight, bias)
# convscope's result: [[-1, 3.5, -3.5]]
