#pragma once
// `convscope train` and `convscope classify`: the seed's ConvNet headless
// (core/convnet_train.h, io/model_file.h, io/idx.h). Exit status 0 done,
// 1 a file could not be read or written, 2 invalid options or input.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cs {

struct ConvNet;
struct IdxImages;

struct TrainOptions {
    int epochs = 1;
    int batch = 100;
    double lr = 0.001;
    unsigned long long seed = 1;
    int threads = 2;
    std::string data;          // "" = defaultFashionMnistDir()
    std::string output;        // FILE.safetensors, required
    int limit = 0;             // first N training images (0 = all 60000)
    int test_limit = 0;        // first N test images for the accuracy (0 = all 10000)
    std::string progress = "auto";  // auto (a bar on a terminal), bar, lines, none
};
CLI::App* addTrainCommand(CLI::App& app, TrainOptions& options);
// Progress goes to `err`, the per-epoch lines and the summary to `out`.
int runTrain(const TrainOptions& options, std::ostream& out, std::ostream& err);

struct ClassifyOptions {
    std::string model;
    std::string backend = "cpu";
    std::vector<std::string> images;
    int test_set = -1;  // -1: not asked; else the first N test images (0 = all)
    std::string data;
    int threads = 2;
};
// Eval-mode accuracy on the first n images of a set (0..1).
double convNetAccuracy(const ConvNet& net, const IdxImages& images, const std::vector<std::uint8_t>& labels, int n,
                       int threads);

CLI::App* addClassifyCommand(CLI::App& app, ClassifyOptions& options);
int runClassify(const ClassifyOptions& options, std::ostream& out, std::ostream& err);

}  // namespace cs
