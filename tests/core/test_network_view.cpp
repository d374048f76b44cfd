// The Network page's document and view (issue 11): the canvas brush, the
// gallery, the forward pass the page shows against the batched path
// `convscope classify` runs, and the clicked activation's arithmetic.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/convnet_train.h"
#include "core/engine.h"
#include "core/network_doc.h"
#include "core/network_view.h"
#include "core/op_params.h"
#include "io/idx.h"
#include "io/model_file.h"

namespace cs {
namespace {

const std::string kShippedModel = std::string(CONVSCOPE_TEST_DATA) + "/../../assets/models/fashion_convnet.safetensors";

NetGallery testGallery(int per_class) {
    const FashionMnist data = loadFashionMnist(defaultFashionMnistDir());
    return galleryFromTestSet(data.test_images.pixels.data(), data.test_labels.data(), data.test_images.count, per_class);
}

int argmax(const float* v, int n) { return static_cast<int>(std::max_element(v, v + n) - v); }

TEST(NetworkDoc, BrushPaintsWhiteOnBlackAndErases) {
    NetworkDoc doc;
    EXPECT_TRUE(paintCanvas(doc, 14.5f, 14.5f, false));
    EXPECT_FLOAT_EQ(doc.canvas[14 * 28 + 14], 1.f);        // the centre pixel: full white
    EXPECT_FLOAT_EQ(doc.canvas[0], 0.f);                   // far away: still black
    EXPECT_FALSE(paintCanvas(doc, 14.5f, 14.5f, false));   // painting the same spot changes nothing
    EXPECT_TRUE(paintCanvas(doc, 14.5f, 14.5f, true));
    EXPECT_FLOAT_EQ(doc.canvas[14 * 28 + 14], 0.f);
    EXPECT_FALSE(paintCanvas(doc, -50.f, 300.f, false));   // off the canvas: nothing, no crash
    paintCanvas(doc, 0.f, 0.f, false);
    clearCanvas(doc);
    EXPECT_TRUE(std::all_of(doc.canvas.begin(), doc.canvas.end(), [](float v) { return v == 0.f; }));
}

TEST(NetworkView, GalleryHoldsTheFirstImagesOfEachClassInOrder) {
    const std::uint8_t labels[] = {2, 0, 1, 0, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    std::vector<std::uint8_t> pixels(std::size(labels) * 784);
    for (std::size_t i = 0; i < std::size(labels); ++i) pixels[i * 784] = static_cast<std::uint8_t>(i);
    const NetGallery g = galleryFromTestSet(pixels.data(), labels, static_cast<int>(std::size(labels)), 2);
    ASSERT_EQ(g.images.size(), 20u) << g.error;
    EXPECT_EQ(g.test_index[0], 1);  // class 0: test images 1 and 3
    EXPECT_EQ(g.test_index[1], 3);
    EXPECT_EQ(g.test_index[2], 2);  // class 1: 2 and 11
    EXPECT_EQ(g.test_index[3], 11);
    EXPECT_FLOAT_EQ(g.images[3][0], 11.f / 255.f);
    const NetGallery short_of = galleryFromTestSet(pixels.data(), labels, static_cast<int>(std::size(labels)), 3);
    EXPECT_TRUE(short_of.images.empty());
    EXPECT_NE(short_of.error.find("fewer than 3"), std::string::npos) << short_of.error;
    EXPECT_EQ(galleryPicture(g).width, 280);
    EXPECT_EQ(galleryPicture(g).height, 56);
}

// The page's forward pass (the traced CPU reference) predicts what the
// batched path classify runs predicts, for every gallery image.
TEST(NetworkView, PredictsWhatClassifyPredictsWithTheShippedModel) {
    NetworkDoc doc;
    doc.net = readConvNetFile(kShippedModel);
    const NetGallery gallery = testGallery(3);
    ASSERT_EQ(gallery.images.size(), 30u) << gallery.error;
    int correct = 0;
    for (std::size_t i = 0; i < gallery.images.size(); ++i) {
        doc.gallery_index = static_cast<int>(i);
        NetworkView view;
        view.update(doc, gallery);
        ASSERT_TRUE(view.ready()) << view.error();
        const std::vector<float> logits = convNetLogits(doc.net, gallery.images[i].data(), 1, 1);
        EXPECT_EQ(view.predicted(), argmax(logits.data(), 10)) << "gallery image " << i;
        const Tensor& shown = view.stages()[10].values;
        for (int k = 0; k < 10; ++k) EXPECT_NEAR(shown.at(k), logits[static_cast<std::size_t>(k)], 1e-4) << i << " " << k;
        correct += view.predicted() == gallery.labels[i];
    }
    EXPECT_GE(correct, 25) << "the shipped model should get most of the gallery right";
    // Test image 0 is an ankle boot, and the model says so.
    doc.gallery_index = 9 * 3;
    NetworkView view;
    view.update(doc, gallery);
    EXPECT_EQ(gallery.test_index[9 * 3], 0);
    EXPECT_EQ(view.predicted(), 9);
    EXPECT_STREQ(fashionMnistClassNames()[9], "Ankle boot");
}

// An engine standing in for the GPU: the reference, every output nudged by
// `nudge`; or one that fails.
class NudgedEngine final : public Engine {
public:
    explicit NudgedEngine(float nudge, bool fail = false) : nudge_(nudge), fail_(fail) {}
    std::string name() const override { return "gpu"; }
    Tensor run(const OpRequest& r) override {
        if (fail_) throw std::runtime_error("lost the context");
        Tensor t = computeReference(r);
        for (float& v : t.values()) v += nudge_;
        return t;
    }

private:
    float nudge_;
    bool fail_;
};

// Issue 11: the shown forward pass runs on the GPU engine where there is one,
// and the page knows how far it is from the CPU reference; a failing GPU
// shows the CPU's pass and says why.
TEST(NetworkView, ShownPassRunsOnTheGivenEngineWithItsDifference) {
    NetworkDoc doc;
    doc.net = readConvNetFile(kShippedModel);
    const NetGallery gallery = testGallery(1);
    ASSERT_EQ(gallery.images.size(), 10u) << gallery.error;
    doc.gallery_index = 4;
    NetworkView cpu;
    cpu.update(doc, gallery);
    EXPECT_EQ(cpu.engine(), "cpu");
    EXPECT_EQ(cpu.gpuDifference(), 0.0);
    NudgedEngine nudged(0.001f);
    NetworkView gpu;
    gpu.update(doc, gallery, &nudged);
    EXPECT_EQ(gpu.engine(), "gpu");
    // The largest |gpu - cpu| over every stage: at least the nudge (it grows downstream).
    double largest = 0.0;
    for (std::size_t i = 1; i < cpu.stages().size(); ++i) {
        const auto& a = cpu.stages()[i].values.values();
        const auto& b = gpu.stages()[i].values.values();
        ASSERT_EQ(a.size(), b.size()) << i;
        for (std::size_t k = 0; k < a.size(); ++k) largest = std::max(largest, std::abs(static_cast<double>(a[k]) - b[k]));
    }
    EXPECT_GE(gpu.gpuDifference(), 0.0009);
    EXPECT_DOUBLE_EQ(gpu.gpuDifference(), largest);
    EXPECT_NE(gpu.stages()[10].values.values(), cpu.stages()[10].values.values());
    NudgedEngine broken(0.f, true);
    NetworkView fallback;
    fallback.update(doc, gallery, &broken);
    EXPECT_EQ(fallback.engine(), "cpu");
    EXPECT_NE(fallback.error().find("lost the context"), std::string::npos) << fallback.error();
    EXPECT_EQ(fallback.stages()[10].values.values(), cpu.stages()[10].values.values());
}

// A brush stroke: however many dabs land between two frames, one CPU pass a
// frame; no GPU pass while the stroke lasts (the stages are the CPU's), one
// when it ends, and none again until the input changes.
TEST(NetworkView, AStrokeCostsOneCpuPassAFrameAndOneGpuPassAtItsEnd) {
    NetworkDoc doc;
    doc.net = readConvNetFile(kShippedModel);
    doc.source = NetInputSource::Canvas;
    NudgedEngine nudged(0.001f);
    NetworkView view;
    view.update(doc, NetGallery{}, &nudged);
    EXPECT_EQ(view.passes().cpu, 1);
    EXPECT_EQ(view.passes().gpu, 1);
    constexpr int kFrames = 5, kDabsAFrame = 7;
    for (int frame = 0; frame < kFrames; ++frame) {
        for (int d = 0; d < kDabsAFrame; ++d) paintCanvas(doc, 6.f + static_cast<float>(frame * kDabsAFrame + d) * 0.4f, 14.f, false);
        view.update(doc, NetGallery{}, &nudged, true);
        view.update(doc, NetGallery{}, &nudged, true);  // a second call in the frame (the first selection) costs nothing
        EXPECT_EQ(view.engine(), "cpu") << frame;
        EXPECT_TRUE(view.gpuPending());
    }
    EXPECT_EQ(view.passes().cpu, 1 + kFrames);
    EXPECT_EQ(view.passes().gpu, 1) << "no GPU pass during the stroke";
    const std::uint64_t during = view.revision();
    view.update(doc, NetGallery{}, &nudged, false);  // the stroke ended
    EXPECT_EQ(view.passes().cpu, 1 + kFrames) << "the CPU pass of the last frame is reused";
    EXPECT_EQ(view.passes().gpu, 2);
    EXPECT_FALSE(view.gpuPending());
    EXPECT_EQ(view.engine(), "gpu");
    EXPECT_GE(view.gpuDifference(), 0.0009);
    EXPECT_GT(view.revision(), during) << "the GPU's stages are uploaded";
    view.update(doc, NetGallery{}, &nudged, false);
    EXPECT_EQ(view.passes().cpu, 1 + kFrames);
    EXPECT_EQ(view.passes().gpu, 2);
    // Without a GPU engine a stroke holds nothing back.
    NetworkView cpu_only;
    cpu_only.update(doc, NetGallery{}, nullptr, true);
    EXPECT_FALSE(cpu_only.gpuPending());
    EXPECT_EQ(cpu_only.passes().gpu, 0);
}

TEST(NetworkDoc, TheReplaceQuestionNamesTheModel) {
    NetworkDoc doc;
    doc.model_name = "fashion_pytorch.safetensors";
    EXPECT_FALSE(doc.model_unsaved) << "a new page has nothing to lose";
    EXPECT_EQ(trainingReplaceQuestion(doc), "Training will replace the model on this page (fashion_pytorch.safetensors). Save it first?");
}

TEST(NetworkView, StagesHaveTheSeedsShapes) {
    NetworkDoc doc;  // untrained: still a valid model
    doc.source = NetInputSource::Canvas;
    paintCanvas(doc, 10.f, 10.f, false);
    NetworkView view;
    view.update(doc, {});
    ASSERT_TRUE(view.ready()) << view.error();
    const std::vector<std::vector<int>> shapes = {{1, 28, 28},  {16, 28, 28}, {16, 28, 28}, {16, 28, 28},
                                                  {16, 14, 14}, {32, 14, 14}, {32, 14, 14}, {32, 14, 14},
                                                  {32, 7, 7},   {1568},       {10}};
    ASSERT_EQ(view.stages().size(), shapes.size());
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        EXPECT_EQ(view.stages()[i].shape, shapes[i]) << i;
        const Image& p = view.stages()[i].picture;
        EXPECT_EQ(p.width * p.height, static_cast<int>(view.stages()[i].values.size())) << i;
        EXPECT_EQ(p.channels, 4);
    }
    EXPECT_EQ(view.filters().width, 16 * 6 - 1);
    const std::uint64_t r = view.revision();
    view.update(doc, {});
    EXPECT_EQ(view.revision(), r) << "nothing changed: no recompute";
    paintCanvas(doc, 20.f, 20.f, false);
    view.update(doc, {});
    EXPECT_NE(view.revision(), r);
}

// Clicking the strongest activation of every stage: the arithmetic's parts
// add up to the value on the map (and the sum is over 16 input channels in block 2).
TEST(NetworkView, ClickedArithmeticSumsToTheShownValue) {
    NetworkDoc doc;
    doc.net = readConvNetFile(kShippedModel);
    const NetGallery gallery = testGallery(1);
    ASSERT_FALSE(gallery.images.empty()) << gallery.error;
    doc.gallery_index = 1;  // a trouser
    NetworkView view;
    view.update(doc, gallery);
    ASSERT_TRUE(view.ready());
    for (int s = 0; s < 11; ++s) {
        const NetStage& st = view.stages()[static_cast<std::size_t>(s)];
        const auto& v = st.values.values();
        const int flat = static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
        doc.selected = NetSelection{s, flat / (st.h * st.w), flat / st.w % st.h, flat % st.w};
        view.update(doc, gallery);
        const NetArithmetic& a = view.arithmetic();
        ASSERT_FALSE(a.title.empty()) << "stage " << s << ": " << view.error();
        EXPECT_FLOAT_EQ(static_cast<float>(a.shown), v[static_cast<std::size_t>(flat)]) << s;
        EXPECT_NEAR(a.total, a.shown, 1e-4 * std::max(1.0, std::fabs(a.shown))) << "stage " << s << " " << a.title;
        if (!a.parts.empty()) {
            double sum = 0;
            for (const auto& p : a.parts) sum += p.value;
            EXPECT_DOUBLE_EQ(sum, a.total) << s;
        }
        if (s == 5) {
            EXPECT_EQ(a.parts.size(), 17u) << "16 input channels, then the bias";
            EXPECT_EQ(a.parts.back().label, "bias");
        }
        if (s == 10) {
            EXPECT_EQ(a.parts.size(), 33u) << "32 maps of block 2, then the bias";
        }
    }
    // The batch norm line names the running statistics it used.
    doc.selected = NetSelection{2, 3, 10, 10};
    view.update(doc, gallery);
    ASSERT_GE(view.arithmetic().lines.size(), 1u);
    EXPECT_NE(view.arithmetic().lines[0].find("running mean " + netNumber(doc.net.at(ConvNet::kBn1Mean).values[3])),
              std::string::npos)
        << view.arithmetic().lines[0];
}

TEST(NetworkView, ASelectionOutsideItsStageIsRefused) {
    NetworkDoc doc;
    doc.source = NetInputSource::Canvas;
    NetworkView view;
    view.update(doc, {});
    EXPECT_THROW(activationArithmetic(doc.net, view.activations(), view.stages()[0].values, NetSelection{4, 0, 14, 0}), OpError);
    EXPECT_THROW(activationArithmetic(doc.net, view.activations(), view.stages()[0].values, NetSelection{11, 0, 0, 0}), OpError);
    doc.selected = NetSelection{8, 40, 0, 0};
    view.update(doc, {});
    EXPECT_TRUE(view.arithmetic().title.empty());
    EXPECT_NE(view.error().find("map 40"), std::string::npos) << view.error();
}

TEST(NetworkView, NumbersHaveFourDigitsAndARealMinus) {
    EXPECT_EQ(netNumber(0.0), "0");
    EXPECT_EQ(netNumber(1.23456), "1.235");
    EXPECT_EQ(netNumber(-0.000123456), "\u22120.0001235");
}

}  // namespace
}  // namespace cs
