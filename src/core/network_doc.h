#pragma once
// The Network page's document (issue 11): what the student chose and made.
// The model (the seed's ConvNet, core/convnet.h), which input goes through
// it (a test image from the gallery, the 28 x 28 canvas they drew, or an
// image file as `convscope classify` reads it), and the activation they
// clicked. core/network_view.h derives everything shown from it.
//
//   NetworkDoc doc;                          // an untrained model, the gallery's first image
//   paintCanvas(doc, 13.5f, 4.f, false);     // a stroke at canvas pixel (13.5, 4)
//   doc.source = NetInputSource::Canvas;
//
// The canvas is white on black, as the data set is: 0 the background, 1 the
// stroke (pixels / 255 of a Fashion-MNIST image). No GL, no file formats:
// the page's glue reads model and image files through io.
#include <cstdint>
#include <string>
#include <vector>

#include "core/convnet.h"
#include "core/network_trainer.h"

namespace cs {

enum class NetInputSource { Gallery, Canvas, File };

// Where the page's weights came from: a session file keeps this (and the
// model file's path), never the weights. TrainedHere: in-app training
// replaced them and they were not saved as a model file since.
enum class NetModelSource { Untrained, Shipped, File, TrainedHere };

// The training settings' limits (the Training tab clamps to them; a session
// file outside them is refused).
constexpr int kNetMaxEpochs = 100;
constexpr double kNetMinLearningRate = 1e-6;
constexpr double kNetMaxLearningRate = 1.0;

// The clicked activation: `stage` indexes NetworkView::stages() (0 the input,
// 1..4 block 1's conv, batch norm, ReLU, pool, 5..8 block 2's, 9 the
// flattened 1568 values, 10 the logits); c, y, x within that stage's
// output (flatten and logits: c = y = 0, x the index). stage -1: none.
struct NetSelection {
    int stage = -1;
    int c = 0, y = 0, x = 0;
    bool valid() const { return stage >= 0; }
    bool operator==(const NetSelection&) const = default;
};

// In-app training (core/network_trainer.h): the settings the student picks
// and the trainer's snapshot as the glue copied it this frame. The page's
// model follows the trainer's published weights (every epoch, pause and stop).
struct NetworkTraining {
    int epochs = 1;
    double learning_rate = 1e-3;
    bool fresh = false;             // start from new random weights instead of the page's model
    NetTrainingSnapshot snapshot;   // read-only for the panels
    bool data_missing = false;      // the training set could not be read (snapshot.error says why)
};

struct NetworkDoc {
    ConvNet net;                  // the model shown (untrained until a file is opened)
    std::string model_name = "untrained";  // the file it came from, for the status line
    NetModelSource model_source = NetModelSource::Untrained;
    std::string model_path;       // NetModelSource::File / Shipped: the file the weights are (now) in
    NetInputSource source = NetInputSource::Gallery;
    int gallery_index = 0;        // into NetGallery::images
    std::vector<float> canvas = std::vector<float>(kConvNetImageSize, 0.f);  // row-major, 0..1
    float brush_radius = 1.6f;    // canvas pixels
    std::string file_path;        // NetInputSource::File: the image's path
    std::vector<float> file_pixels;  // that image as the network reads it (784 values, 0..1)
    NetSelection selected;
    NetworkTraining training;     // in-app training: settings and progress
    // Bumped whenever `net` is replaced (a file opened, training published weights): the
    // view recomputes when it or the input changes.
    std::uint64_t model_revision = 1;
    // Whether training would replace a model the student may want to keep: an
    // opened model file, or weights trained here and not saved since. False
    // for the shipped model unchanged and after Save model. Start asks first
    // while it is true (trainingReplaceQuestion).
    bool model_unsaved = false;
};

// What a session keeps of the page is the same (the unsaved-edits question):
// the input (source, gallery pick, canvas, file), the training settings and
// the model (where it came from, and no new weights since: model_revision).
// The clicked activation and the brush are looking, not editing.
bool sameContent(const NetworkDoc& a, const NetworkDoc& b);

// What Start asks when training would replace the page's model
// (doc.model_unsaved): "Training will replace the model on this page
// (fashion_pytorch.safetensors). Save it first?"
std::string trainingReplaceQuestion(const NetworkDoc& doc);

// A round soft brush at canvas position (x, y) (pixels, 0..28; (0.5, 0.5) is
// the centre of the top-left pixel): each pixel within the radius becomes the
// larger of its value and the brush's (1 at the centre falling to 0 at the
// rim, flat over the inner half); `erase` lowers instead. Returns whether a
// pixel changed.
bool paintCanvas(NetworkDoc& doc, float x, float y, bool erase);
void clearCanvas(NetworkDoc& doc);

// The 784 inputs the doc feeds the network given the gallery's images
// (`gallery`: one 784-value image each). An empty vector when the chosen
// source has nothing (no data set, no file yet).
std::vector<float> networkInput(const NetworkDoc& doc, const std::vector<std::vector<float>>& gallery);

}  // namespace cs
