#pragma once
// NetworkView: everything the Network page shows, derived from a NetworkDoc
// (core/network_doc.h) and never writing it. The input goes through the
// model one layer at a time on the CPU reference (core/convnet_traced.h, the
// lesson's own engine: double sums in reference order); every stage's output
// becomes a picture of small maps, and the clicked activation is written out
// as arithmetic with its real numbers.
//
//   NetworkView view;
//   view.update(doc, gallery);          // recomputes only when the input or the model changed
//   view.stages()[5].shape              // {32, 14, 14}: block 2's conv
//   view.predicted(), view.probabilities()[view.predicted()]
//   view.arithmetic().parts             // the clicked value as a sum: per input channel, then the bias
//
// Stages (NetSelection::stage indexes them): 0 the input 1 x 28 x 28; 1..4
// block 1 (conv, batch norm, ReLU, max pool: 16 x 28 x 28, ... 16 x 14 x 14);
// 5..8 block 2 (32 x 14 x 14, ... 32 x 7 x 7); 9 flatten (1568); 10 the 10
// logits. Pictures: RGBA, the maps side by side (map c spans columns
// c*w .. c*w + w - 1), coloured by value over the stage's largest |value|
// (netValueColour). No GL, no file formats.
#include <cstdint>
#include <string>
#include <vector>

#include "core/convnet_traced.h"
#include "core/image.h"
#include "core/network_doc.h"
#include "core/tensor.h"

namespace cs {

// The gallery: the first `per_class` test images of each class, class by
// class (index = class * per_class + k). Empty, with `error` saying why,
// when the data set is missing (the canvas and files still work).
struct NetGallery {
    std::vector<std::vector<float>> images;  // 784 values each, 0..1
    std::vector<int> labels;
    std::vector<int> test_index;  // where each came from in the test set
    int per_class = 0;
    std::string error;
};
// From the test set's raw bytes (count images of 784 bytes, count labels 0..9).
NetGallery galleryFromTestSet(const std::uint8_t* pixels, const std::uint8_t* labels, int count, int per_class);
// The gallery as one gray RGBA picture: 10 columns (classes) x per_class rows of 28 x 28.
Image galleryPicture(const NetGallery& gallery);

struct NetStage {
    std::string label;       // "layer2.1 batchnorm2d"
    std::string title;       // "batch norm"
    std::vector<int> shape;  // as computed: {16, 28, 28}, {1568}, {10}
    int maps = 1, h = 1, w = 1;  // the picture's layout (flatten: 1 map of 1 x 1568)
    Tensor values;           // the output
    float max_abs = 0.f;     // the largest |value|: the colour scale
    Image picture;           // RGBA, maps * w x h
    float at(int c, int y, int x) const { return values.values()[static_cast<std::size_t>((c * h + y) * w + x)]; }
};

// The colour of v on a scale of +-max_abs: 0 near black, positive warm
// (towards yellow-white), negative blue; the input stage is drawn gray instead.
void netValueColour(float v, float max_abs, std::uint8_t rgba[4]);

// The clicked activation as arithmetic. `parts` are labelled summands whose
// sum is `total` (a conv output: one per input channel, then the bias; the
// logits: one per channel of block 2's output, then the bias); for the other
// layers `parts` is empty and `total` is the formula's result. `shown` is the
// activation itself: total equals it up to float rounding.
struct NetArithmetic {
    std::string title;                 // "layer2.0 conv2d: map 5, row 3, column 7"
    std::vector<std::string> lines;    // the formula and its numbers, line by line
    struct Part {
        std::string label;             // "in 3", "bias"
        double value = 0.0;
    };
    std::vector<Part> parts;
    double total = 0.0;
    double shown = 0.0;
    std::string note;                  // one sentence on what the layer does
};

// The arithmetic of selection `s` given the model, the activations of
// convNetTracedForward and the input (1 x 28 x 28). Throws OpError for a
// selection outside its stage.
NetArithmetic activationArithmetic(const ConvNet& net, const std::vector<ConvNetActivation>& acts, const Tensor& input,
                                   const NetSelection& s);

// The 16 learned 5 x 5 filters of layer1.0 side by side, 1 pixel apart (16 * 6 - 1 x 5), RGBA.
Image layer1Filters(const ConvNet& net);

// A number as the page writes it: 4 significant digits, a real minus sign.
std::string netNumber(double v);

class NetworkView {
public:
    // `gpu`: an engine the shown forward pass runs on (the GPU engine), or
    // nullptr for the CPU reference alone. With one, the stages show its
    // outputs, the CPU reference runs too (the arithmetic reads its exact
    // values) and gpuDifference() is the largest |gpu - cpu| over every stage;
    // a GPU failure falls back to the CPU for that input, saying why.
    // `drawing`: a canvas stroke is under way. Every change then costs the CPU
    // pass alone (the stages show it); the GPU pass and its comparison wait
    // until an update with drawing false, once for the whole stroke. However
    // often the canvas changed between two updates, an update runs at most one
    // CPU pass: the glue calls it once a frame, so a stroke stays fluid.
    void update(const NetworkDoc& doc, const NetGallery& gallery, Engine* gpu = nullptr, bool drawing = false);
    // The passes run so far (tests check the coalescing through these, not timings).
    struct Passes {
        int cpu = 0, gpu = 0;
    };
    const Passes& passes() const { return passes_; }
    // True while the shown stages are the CPU's because a stroke held the GPU pass back.
    bool gpuPending() const { return gpu_pending_; }
    // Where the shown forward pass ran: "gpu" or "cpu".
    const std::string& engine() const { return engine_; }
    // The largest |gpu - cpu| of the last input on the GPU (0 on the CPU).
    double gpuDifference() const { return gpu_difference_; }

    // False before the first input (no data set and nothing drawn or opened yet is still an input: the blank canvas).
    bool ready() const { return !stages_.empty(); }
    const std::vector<NetStage>& stages() const { return stages_; }
    const std::vector<ConvNetActivation>& activations() const { return acts_; }
    const std::vector<double>& probabilities() const { return probabilities_; }
    int predicted() const { return predicted_; }
    const Image& filters() const { return filters_; }
    // The selection's arithmetic (title empty when nothing is selected or it failed; see error()).
    const NetArithmetic& arithmetic() const { return arithmetic_; }
    // What went wrong with the last input or selection ("" when nothing).
    const std::string& error() const { return error_; }
    // Moves whenever the stages' pictures changed (the glue re-uploads them).
    std::uint64_t revision() const { return revision_; }

private:
    void recompute(const NetworkDoc& doc, Engine* gpu);
    void show(const NetworkDoc& doc, Engine* gpu);
    void explain(const NetworkDoc& doc);

    std::vector<float> input_;
    std::uint64_t model_revision_ = 0;
    NetSelection selection_{-2, 0, 0, 0};
    std::vector<NetStage> stages_;
    std::vector<ConvNetActivation> acts_;
    std::vector<double> probabilities_;
    int predicted_ = -1;
    Image filters_;
    NetArithmetic arithmetic_;
    std::string error_;
    std::uint64_t revision_ = 0;
    std::string engine_ = "cpu";
    double gpu_difference_ = 0.0;
    Passes passes_;
    bool gpu_pending_ = false;
};

}  // namespace cs
