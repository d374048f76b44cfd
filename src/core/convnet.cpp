#include "core/convnet.h"

#include <cmath>

namespace cs {

ConvNet::ConvNet() {
    auto add = [this](std::string name, std::vector<int> shape, float fill, bool trainable) {
        std::size_t n = 1;
        for (int d : shape) n *= static_cast<std::size_t>(d);
        tensors.push_back({std::move(name), std::move(shape), std::vector<float>(n, fill), trainable});
    };
    const int channels[2] = {16, 32};
    const int inputs[2] = {1, 16};
    for (int l = 0; l < 2; ++l) {
        const std::string p = "layer" + std::to_string(l + 1);
        const int c = channels[l];
        add(p + ".0.weight", {c, inputs[l], 5, 5}, 0.f, true);
        add(p + ".0.bias", {c}, 0.f, true);
        add(p + ".1.weight", {c}, 1.f, true);
        add(p + ".1.bias", {c}, 0.f, true);
        add(p + ".1.running_mean", {c}, 0.f, false);
        add(p + ".1.running_var", {c}, 1.f, false);
    }
    add("fc.weight", {kConvNetClasses, kConvNetFeatures}, 0.f, true);
    add("fc.bias", {kConvNetClasses}, 0.f, true);
}

std::vector<std::string> convNetStateDictNames() {
    ConvNet net;
    std::vector<std::string> names;
    for (int i = 0; i < ConvNet::kTensorCount; ++i) {
        names.push_back(net.tensors[static_cast<std::size_t>(i)].name);
        if (i == ConvNet::kBn1Var) names.push_back(kConvNetBatchesTrackedNames[0]);
        if (i == ConvNet::kBn2Var) names.push_back(kConvNetBatchesTrackedNames[1]);
    }
    return names;
}

std::uint64_t ConvNetRng::next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double ConvNetRng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::uint64_t ConvNetRng::below(std::uint64_t n) {
    // Rejection keeps every value equally likely (no modulo bias).
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t x = next();
    while (x >= limit) x = next();
    return x % n;
}

void initializeConvNet(ConvNet& net, std::uint64_t seed) {
    ConvNet fresh;
    ConvNetRng rng(seed);
    // kaiming_uniform(a = sqrt(5)): gain sqrt(2 / 6), bound gain * sqrt(3 / fan_in) = 1 / sqrt(fan_in).
    auto fill = [&rng](std::vector<float>& v, int fan_in) {
        const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
        for (float& x : v) x = static_cast<float>((2.0 * rng.uniform() - 1.0) * bound);
    };
    fill(fresh.at(ConvNet::kConv1Weight).values, 25);
    fill(fresh.at(ConvNet::kConv1Bias).values, 25);
    fill(fresh.at(ConvNet::kConv2Weight).values, 400);
    fill(fresh.at(ConvNet::kConv2Bias).values, 400);
    fill(fresh.at(ConvNet::kFcWeight).values, kConvNetFeatures);
    fill(fresh.at(ConvNet::kFcBias).values, kConvNetFeatures);
    net = std::move(fresh);
}

std::string convNetNonFinite(const ConvNet& net) {
    for (const auto& t : net.tensors) {
        for (float v : t.values) {
            if (!std::isfinite(v)) return t.name + (std::isnan(v) ? " holds NaN" : " holds an infinite value");
        }
    }
    for (int i = 0; i < 2; ++i) {
        if (net.num_batches_tracked[i] < 0) return std::string(kConvNetBatchesTrackedNames[i]) + " is negative";
    }
    return {};
}

}  // namespace cs
