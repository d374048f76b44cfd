#pragma once
// The ConvNet (core/convnet.h) as safetensors (io/safetensors.h): PyTorch's
// state_dict names of the seed's class, float tensors F32, the two
// num_batches_tracked I64, so `torch.save`-free files from PyTorch load here
// and ours load there (tools/safetensors_torch.py).
//
//   ConvNet net = readConvNetFile("model.safetensors");  // throws IoError; assign only on success
//   writeConvNetFile("out.safetensors", net);             // atomic: temp file + rename
//
// convNetFromTensors refuses, with an IoError that names the tensor: a missing
// tensor, an extra one, a wrong shape ("layer2.0.weight has shape 32 x 16 x 3 x 3,
// the seed's ConvNet needs 32 x 16 x 5 x 5"), a wrong dtype (floats must be
// F32, num_batches_tracked I64), a non-finite value, a negative
// num_batches_tracked, a running_var below zero. It builds a new ConvNet, so
// a caller's current model stays as it was when a file is refused.
#include <string>
#include <vector>

#include "core/convnet.h"
#include "io/safetensors.h"

namespace cs {

// `source` names the file in messages.
ConvNet convNetFromTensors(const std::vector<NamedTensor>& tensors, const std::string& source);
// In state_dict order.
std::vector<NamedTensor> convNetToTensors(const ConvNet& net);

ConvNet readConvNetFile(const std::string& path);
void writeConvNetFile(const std::string& path, const ConvNet& net);

}  // namespace cs
