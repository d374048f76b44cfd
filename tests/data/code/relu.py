# convscope lesson "relu": ReLU
import torch

input_matrix = torch.tensor([[1, -2, 3, -1],
                             [-3, 0, 2, -4],
                             [2, -1, -2, 1],
                             [0, 3, -3, 2]], dtype=torch.float64)

output = torch.relu(input_matrix)
# convscope's result: [[1, 0, 3, 0], [0, 0, 2, 0], [2, 0, 0, 1], [0, 3, 0, 2]]
