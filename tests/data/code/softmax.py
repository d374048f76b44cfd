# convscope lesson "softmax": Softmax
import torch

input_matrix = torch.tensor([[2, 1, 0.1, 3]], dtype=torch.float64)

output = torch.softmax(input_matrix, dim=-1)
# convscope's result: [[0.23608682, 0.086851485, 0.03531118, 0.6417505]]
