#include "core/convnet_traced.h"

#include "core/engine.h"

namespace cs {

namespace {
std::vector<float> values(const ConvNet& net, ConvNet::Index i) { return net.at(i).values; }

Tensor tensorOf(const ConvNet& net, ConvNet::Index i) { return Tensor(net.at(i).shape, net.at(i).values); }

void block(const ConvNet& net, int l, Engine& engine, Tensor& x, std::vector<ConvNetActivation>& out) {
    const auto o = static_cast<ConvNet::Index>(l == 1 ? ConvNet::kConv1Weight : ConvNet::kConv2Weight);
    const std::string p = "layer" + std::to_string(l);
    auto step = [&](std::string label, OpRequest r) {
        r.input = x;
        x = engine.run(r);
        out.push_back({std::move(label), std::move(r), x});
    };
    OpRequest conv;  // PyTorch's Conv2d is cross-correlation
    conv.params.op = OpKind::XCorr2d;
    conv.params.window.padding = {2, 2};
    conv.kernel = tensorOf(net, o);
    conv.bias = values(net, static_cast<ConvNet::Index>(o + 1));
    step(p + ".0 conv2d", conv);
    OpRequest bn;
    bn.params.op = OpKind::BatchNorm2d;
    bn.params.layer.eps = kConvNetBatchNormEps;
    bn.weight = Tensor({static_cast<int>(net.at(static_cast<ConvNet::Index>(o + 2)).values.size())},
                       values(net, static_cast<ConvNet::Index>(o + 2)));
    bn.bias = values(net, static_cast<ConvNet::Index>(o + 3));
    bn.running_mean = values(net, static_cast<ConvNet::Index>(o + 4));
    bn.running_var = values(net, static_cast<ConvNet::Index>(o + 5));
    step(p + ".1 batchnorm2d", bn);
    OpRequest relu;
    relu.params.op = OpKind::Relu;
    step(p + ".2 relu", relu);
    OpRequest pool;
    pool.params.op = OpKind::MaxPool2d;
    pool.params.pool.kernel_size = {2, 2};
    pool.params.window.stride = {2, 2};
    step(p + ".3 maxpool2d", pool);
}
}  // namespace

std::vector<ConvNetActivation> convNetTracedForward(const ConvNet& net, const Tensor& image) {
    CpuEngine reference;
    return convNetTracedForward(net, image, reference);
}

std::vector<ConvNetActivation> convNetTracedForward(const ConvNet& net, const Tensor& image, Engine& engine) {
    if (image.shape() != std::vector<int>{kConvNetImageSide, kConvNetImageSide}) {
        throw OpError("the network reads a 28 x 28 image, not " + shapeToString(image.shape()));
    }
    std::vector<ConvNetActivation> out;
    Tensor x = image.reshaped({1, kConvNetImageSide, kConvNetImageSide});
    block(net, 1, engine, x, out);
    block(net, 2, engine, x, out);
    OpRequest flatten;
    flatten.params.op = OpKind::Flatten;
    flatten.input = x;
    x = engine.run(flatten);
    out.push_back({"flatten", flatten, x});
    OpRequest fc;
    fc.params.op = OpKind::Linear;
    fc.input = x;
    fc.weight = tensorOf(net, ConvNet::kFcWeight);
    fc.bias = values(net, ConvNet::kFcBias);
    x = engine.run(fc);
    out.push_back({"fc linear", fc, x});
    return out;
}

}  // namespace cs
