#pragma once
// The seed's ConvNet (DESIGN.md section 6), its PyTorch state_dict and its
// default initialisation:
//   layer1: Conv2d(1, 16, 5, padding 2) -> BatchNorm2d(16) -> ReLU -> MaxPool2d(2)
//   layer2: Conv2d(16, 32, 5, padding 2) -> BatchNorm2d(32) -> ReLU -> MaxPool2d(2)
//   fc:     flatten (32 x 7 x 7 = 1568) -> Linear(1568, 10)
// Input: gray 28 x 28 images, pixels / 255. Training and inference on
// batches live in core/convnet_train.h; the layer-by-layer path the lesson
// shows (computeReference per layer) in core/convnet_traced.h.
// No GL, no file formats: io/model_file.h maps this to safetensors.
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

constexpr int kConvNetImageSide = 28;
constexpr int kConvNetImageSize = kConvNetImageSide * kConvNetImageSide;
constexpr int kConvNetClasses = 10;
constexpr int kConvNetFeatures = 32 * 7 * 7;  // what fc reads: 1568
constexpr double kConvNetBatchNormEps = 1e-5;
constexpr double kConvNetBatchNormMomentum = 0.1;

// One float tensor of the state_dict. `trainable` marks parameters (Adam
// updates them); running statistics are buffers.
struct ConvNetTensor {
    std::string name;  // PyTorch's state_dict key, "layer1.0.weight"
    std::vector<int> shape;
    std::vector<float> values;
    bool trainable = true;
    bool operator==(const ConvNetTensor&) const = default;
};

// Every float tensor in state_dict order, plus the two num_batches_tracked
// buffers (I64 in PyTorch). Index constants name the tensors for the kernels.
struct ConvNet {
    enum Index {
        kConv1Weight, kConv1Bias, kBn1Weight, kBn1Bias, kBn1Mean, kBn1Var,
        kConv2Weight, kConv2Bias, kBn2Weight, kBn2Bias, kBn2Mean, kBn2Var,
        kFcWeight, kFcBias, kTensorCount
    };
    // All tensors at their shapes, zero (BN running_var and weight one):
    // a valid but untrained model. Call initializeConvNet for training.
    ConvNet();

    std::vector<ConvNetTensor> tensors;          // kTensorCount, state_dict order
    std::int64_t num_batches_tracked[2] = {0, 0};  // layer1.1, layer2.1

    ConvNetTensor& at(Index i) { return tensors[static_cast<std::size_t>(i)]; }
    const ConvNetTensor& at(Index i) const { return tensors[static_cast<std::size_t>(i)]; }
    const float* data(Index i) const { return tensors[static_cast<std::size_t>(i)].values.data(); }
    float* data(Index i) { return tensors[static_cast<std::size_t>(i)].values.data(); }
};

// The names of the two I64 buffers, in state_dict order after each BN's running_var.
inline const char* kConvNetBatchesTrackedNames[2] = {"layer1.1.num_batches_tracked",
                                                       "layer2.1.num_batches_tracked"};

// Every state_dict key in PyTorch's order (16 names: 14 float tensors with the
// two num_batches_tracked at their places).
std::vector<std::string> convNetStateDictNames();

// PyTorch's default initialisation from our own seeded generator: conv and
// linear weights kaiming_uniform(a = sqrt(5)), which is uniform(+-1/sqrt(fan_in)),
// biases uniform(+-1/sqrt(fan_in)), BN weight 1, bias 0, running mean 0, var 1.
// The same seed gives the same model (not torch's stream).
void initializeConvNet(ConvNet& net, std::uint64_t seed);

// A small deterministic generator (splitmix64): the same numbers on every
// platform, unlike the standard distributions.
class ConvNetRng {
public:
    explicit ConvNetRng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next();
    double uniform();                   // [0, 1)
    std::uint64_t below(std::uint64_t n);  // [0, n)
private:
    std::uint64_t state_;
};

// An empty string when every value is finite, else "layer2.0.weight holds NaN".
std::string convNetNonFinite(const ConvNet& net);

}  // namespace cs
