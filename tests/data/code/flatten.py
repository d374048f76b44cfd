# convscope lesson "flatten": Flatten
import torch

input_matrix = torch.tensor([[[1, 2, 3],
                              [4, 5, 6],
                              [7, 8, 9]],
                             [[10, 11, 12],
                              [13, 14, 15],
                              [16, 17, 18]]], dtype=torch.float64)

output = torch.flatten(input_matrix, start_dim=0, end_dim=-1)
# convscope's result: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]
