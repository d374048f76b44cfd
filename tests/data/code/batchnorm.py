# convscope lesson "batchnorm": Batch normalisation
import torch
import torch.nn.functional as F

input_matrix = torch.tensor([[[[1, 2],
                               [3, 2]],
                              [[-1, 0],
                               [-3, 1]]],
                             [[[2, 3],
                               [1, 2]],
                              [[-2, 1],
                               [-1, -2]]]], dtype=torch.float64)
weight = torch.tensor([1, 1], dtype=torch.float64)
bias = torch.tensor([0, 0], dtype=torch.float64)
running_mean = torch.tensor([0, 0], dtype=torch.float64)
running_var = torch.tensor([1, 1], dtype=torch.float64)

# training=True: each channel's own batch mean and biased variance; momentum only
# moves running_mean and running_var (in place), not the output.
output = F.batch_norm(input_matrix, running_mean, running_var, weight, bias,
                      training=True, momentum=0.1, eps=1e-05)
# convscope's result (2 x 2 x 2 x 2): [[[[-1.4141995, 0], [1.4141995, 0]], [[-0.091669604, 0.6416872], [-1.5583832, 1.3750441]]], [[[0, 1.4141995], [-1.4141995, 0]], [[-0.82502645, 1.3750441], [-0.091669604, -0.82502645]]]]
