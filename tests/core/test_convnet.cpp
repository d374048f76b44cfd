// The seed's ConvNet against PyTorch autograd (tests/data/convnet_cases.json,
// written by tools/make_convnet_reference.py in float64): forward within 1e-5,
// gradients within 1e-4, running statistics and one Adam step; the batched
// path against the lesson's traced path; determinism for a seed and threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/convnet.h"
#include "core/convnet_traced.h"
#include "core/convnet_train.h"

using namespace cs;
using nlohmann::json;

namespace {

const json& cases() {
    static const json j = [] {
        std::ifstream f(std::string(CONVSCOPE_TEST_DATA) + "/convnet_cases.json");
        return json::parse(f);
    }();
    return j;
}

ConvNet fixtureNet() {
    ConvNet net;
    const auto& sd = cases().at("state_dict");
    for (auto& t : net.tensors) {
        const auto& e = sd.at(t.name);
        EXPECT_EQ(e.at("shape").get<std::vector<int>>(), t.shape) << t.name;
        const auto v = e.at("values").get<std::vector<double>>();
        t.values.assign(v.begin(), v.end());
    }
    return net;
}

std::vector<float> fixtureImages() {
    const auto v = cases().at("images").get<std::vector<double>>();
    return {v.begin(), v.end()};
}

std::vector<std::uint8_t> fixtureLabels() {
    const auto v = cases().at("labels").get<std::vector<int>>();
    return {v.begin(), v.end()};
}

// Largest |a - b| / max(1, |b|), as tensor.h's maxRelativeError.
double maxError(const std::vector<float>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return INFINITY;
    double e = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        e = std::max(e, std::abs(a[i] - b[i]) / std::max(1.0, std::abs(b[i])));
    }
    return e;
}

}  // namespace

TEST(ConvNet, StateDictNamesAreTheSeedsInPyTorchOrder) {
    std::vector<std::string> expected;
    for (auto it = cases().at("state_dict").begin(); it != cases().at("state_dict").end(); ++it) {
        expected.push_back(it.key());
    }
    // nlohmann sorts keys; PyTorch's order is checked literally below.
    auto names = convNetStateDictNames();
    ASSERT_EQ(names.size(), 16u);
    EXPECT_EQ(names.front(), "layer1.0.weight");
    EXPECT_EQ(names[6], "layer1.1.num_batches_tracked");
    EXPECT_EQ(names[13], "layer2.1.num_batches_tracked");
    EXPECT_EQ(names.back(), "fc.bias");
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, expected);
}

TEST(ConvNet, TrainForwardMatchesPyTorch) {
    ConvNet net = fixtureNet();
    ConvNetTrainer trainer(net, 2);
    std::vector<float> logits;
    const auto images = fixtureImages();
    const auto labels = fixtureLabels();
    const double loss = trainer.forwardBackward(images.data(), labels.data(), 4, &logits);
    const auto& c = cases().at("train");
    EXPECT_LT(maxError(logits, c.at("logits").get<std::vector<double>>()), 1e-5);
    EXPECT_NEAR(loss, c.at("loss").get<double>(), 1e-5);
}

TEST(ConvNet, TrainGradientsMatchPyTorch) {
    ConvNet net = fixtureNet();
    ConvNetTrainer trainer(net, 2);
    const auto images = fixtureImages();
    const auto labels = fixtureLabels();
    trainer.forwardBackward(images.data(), labels.data(), 4);
    const auto& g = cases().at("train").at("gradients");
    for (int i = 0; i < ConvNet::kTensorCount; ++i) {
        const auto idx = static_cast<ConvNet::Index>(i);
        if (!net.at(idx).trainable) continue;
        EXPECT_LT(maxError(trainer.gradient(idx), g.at(net.at(idx).name).get<std::vector<double>>()), 1e-4)
            << net.at(idx).name;
    }
}

TEST(ConvNet, RunningStatisticsMoveAsPyTorch) {
    ConvNet net = fixtureNet();
    ConvNetTrainer trainer(net, 1);
    const auto images = fixtureImages();
    const auto labels = fixtureLabels();
    trainer.forwardBackward(images.data(), labels.data(), 4);
    const auto& b = cases().at("train").at("buffers_after");
    for (const auto& t : net.tensors) {
        if (t.trainable) continue;
        EXPECT_LT(maxError(t.values, b.at(t.name).get<std::vector<double>>()), 1e-5) << t.name;
    }
    EXPECT_EQ(net.num_batches_tracked[0], b.at("layer1.1.num_batches_tracked").at(0).get<double>());
    EXPECT_EQ(net.num_batches_tracked[1], 1);
}

TEST(ConvNet, AdamStepMatchesPyTorch) {
    ConvNet net = fixtureNet();
    ConvNetTrainer trainer(net, 2);
    const auto images = fixtureImages();
    const auto labels = fixtureLabels();
    trainer.trainStep(images.data(), labels.data(), 4);
    const auto& a = cases().at("train").at("adam_after");
    for (const auto& t : net.tensors) {
        if (!t.trainable) continue;
        // A first Adam step moves each parameter by about lr = 1e-3; 1e-6 is 0.1% of that.
        // The conv biases are the exception: batch norm subtracts the batch mean
        // right after them, so their gradient is 0 and both sides hold rounding
        // noise (1e-17 in float64, 1e-7 in float32), which Adam scales up to
        // as much as lr. They must still move by no more than Adam's step, lr.
        const bool noise = t.name == "layer1.0.bias" || t.name == "layer2.0.bias";
        EXPECT_LT(maxError(t.values, a.at(t.name).get<std::vector<double>>()), noise ? 1.01e-3 : 1e-6) << t.name;
    }
}

TEST(ConvNet, EvalForwardMatchesPyTorch) {
    const ConvNet net = fixtureNet();
    const auto images = fixtureImages();
    const auto logits = convNetLogits(net, images.data(), 4, 2);
    EXPECT_LT(maxError(logits, cases().at("eval").at("logits").get<std::vector<double>>()), 1e-5);
}

TEST(ConvNet, TracedPathGivesTheBatchedPathsNumbers) {
    const ConvNet net = fixtureNet();
    const auto images = fixtureImages();
    const auto batched = convNetLogits(net, images.data(), 4, 2);
    for (int i = 0; i < 4; ++i) {
        Tensor image({28, 28}, std::vector<float>(images.begin() + i * 784, images.begin() + (i + 1) * 784));
        const auto acts = convNetTracedForward(net, image);
        ASSERT_EQ(acts.size(), 10u);
        EXPECT_EQ(acts[3].output.shape(), (std::vector<int>{16, 14, 14}));
        EXPECT_EQ(acts[7].output.shape(), (std::vector<int>{32, 7, 7}));
        EXPECT_EQ(acts[8].output.shape(), (std::vector<int>{1568}));
        const auto& traced = acts.back().output.values();
        const std::vector<double> ref(traced.begin(), traced.end());
        EXPECT_LT(maxError(std::vector<float>(batched.begin() + i * 10, batched.begin() + (i + 1) * 10), ref), 1e-5)
            << "image " << i;
    }
}

TEST(ConvNet, TracedPathRefusesAnImageOfAnotherSize) {
    EXPECT_THROW(convNetTracedForward(ConvNet{}, Tensor({27, 28})), OpError);
}

TEST(ConvNet, InitialisationIsPyTorchsBoundsAndFollowsTheSeed) {
    ConvNet a, b, c;
    initializeConvNet(a, 5);
    initializeConvNet(b, 5);
    initializeConvNet(c, 6);
    EXPECT_EQ(a.tensors, b.tensors);
    EXPECT_NE(a.at(ConvNet::kConv2Weight).values, c.at(ConvNet::kConv2Weight).values);
    const std::pair<ConvNet::Index, double> bounds[] = {
        {ConvNet::kConv1Weight, 1 / 5.0}, {ConvNet::kConv1Bias, 1 / 5.0}, {ConvNet::kConv2Weight, 1 / 20.0},
        {ConvNet::kFcWeight, 1 / std::sqrt(1568.0)}};
    for (auto [i, bound] : bounds) {
        const auto& v = a.at(i).values;
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        EXPECT_GE(*lo, -bound);
        EXPECT_LE(*hi, bound);
        if (v.size() >= 400) {
            EXPECT_GT(*hi, 0.9 * bound) << a.at(i).name;  // uniform over the whole range
        }
    }
    EXPECT_EQ(a.at(ConvNet::kBn1Weight).values, std::vector<float>(16, 1.f));
    EXPECT_EQ(a.at(ConvNet::kBn2Var).values, std::vector<float>(32, 1.f));
}

TEST(ConvNet, TrainingIsDeterministicForASeedAndThreadCount) {
    auto run = [](int threads) {
        ConvNet net;
        initializeConvNet(net, 3);
        ConvNetRng rng(9);
        std::vector<float> images(20 * 784);
        std::vector<std::uint8_t> labels(20);
        for (auto& x : images) x = static_cast<float>(rng.uniform());
        for (auto& l : labels) l = static_cast<std::uint8_t>(rng.below(10));
        ConvNetTrainer trainer(net, threads);
        for (int s = 0; s < 3; ++s) trainer.trainStep(images.data(), labels.data(), 20);
        return net;
    };
    const ConvNet a = run(2), b = run(2), c = run(1);
    EXPECT_EQ(a.tensors, b.tensors);
    for (std::size_t t = 0; t < a.tensors.size(); ++t) {
        // Conv biases follow rounding noise (their gradient is 0: AdamStepMatchesPyTorch),
        // and the running means follow the biases (batch norm cancels both in the output).
        if (t == ConvNet::kConv1Bias || t == ConvNet::kConv2Bias || t == ConvNet::kBn1Mean || t == ConvNet::kBn2Mean) {
            continue;
        }
        const auto& v = c.tensors[t].values;
        EXPECT_LT(maxError(a.tensors[t].values, std::vector<double>(v.begin(), v.end())), 1e-4) << a.tensors[t].name;
    }
}

// The batch goes in chunks of 10 images to whichever thread is free and the
// sums are added in chunk order: the model is the same, bit for bit, for
// any thread count (and however the chunks fell on the threads).
TEST(ConvNet, TrainingGivesTheSameModelForAnyThreadCount) {
    auto run = [](int threads) {
        ConvNet net;
        initializeConvNet(net, 4);
        ConvNetRng rng(11);
        std::vector<float> images(100 * 784);
        std::vector<std::uint8_t> labels(100);
        for (auto& x : images) x = static_cast<float>(rng.uniform());
        for (auto& l : labels) l = static_cast<std::uint8_t>(rng.below(10));
        ConvNetTrainer trainer(net, threads);
        for (int s = 0; s < 2; ++s) trainer.trainStep(images.data(), labels.data(), 97);  // a short last chunk
        return net;
    };
    const ConvNet one = run(1);
    for (int threads : {2, 3, 8}) EXPECT_EQ(run(threads).tensors, one.tensors) << threads << " threads";
}

TEST(ConvNet, RefusesABatchOfOneAndABadLabel) {
    ConvNet net;
    ConvNetTrainer trainer(net, 1);
    std::vector<float> images(2 * 784, 0.5f);
    std::uint8_t one[2] = {1, 1};
    std::uint8_t bad[2] = {1, 10};
    EXPECT_THROW(trainer.forwardBackward(images.data(), one, 1), std::invalid_argument);
    EXPECT_THROW(trainer.forwardBackward(images.data(), bad, 2), std::invalid_argument);
}
