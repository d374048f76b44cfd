// `convscope classify`: a model file and images in, one JSON line per image
// out (in order); or the first N test images and their accuracy. Images are
// read by io/image_io.h, made gray 28 x 28 by core/image_resize.h (area
// averaging) and divided by 255, as the seed's tutorial feeds the network.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/net_commands.h"
#include "cli/cli.h"
#include "core/convnet_traced.h"
#include "core/convnet_train.h"
#include "core/engine.h"
#include "core/image_resize.h"
#include "io/idx.h"
#include "io/image_io.h"
#include "io/model_file.h"

namespace cs {

namespace {
constexpr int kExitIo = 1;
constexpr int kExitBadInput = 2;

int argmax10(const float* v) {
    int best = 0;
    for (int c = 1; c < kConvNetClasses; ++c) {
        if (v[c] > v[best]) best = c;
    }
    return best;
}

nlohmann::json answer(const float* logits) {
    const auto p = convNetSoftmax(logits);
    const int k = argmax10(logits);
    nlohmann::json j;
    j["logits"] = std::vector<double>(logits, logits + kConvNetClasses);
    j["probabilities"] = p;
    j["index"] = k;
    j["class"] = fashionMnistClassNames()[static_cast<std::size_t>(k)];
    return j;
}

// The logits of n images (28 x 28, / 255, one after another): the batched CPU
// path, or with an engine (the GPU) each image layer by layer through it.
std::vector<float> logitsOf(const ConvNet& net, const float* x, int n, int threads, Engine* engine) {
    if (engine == nullptr) return convNetLogits(net, x, n, threads);
    std::vector<float> logits;
    logits.reserve(static_cast<std::size_t>(n) * kConvNetClasses);
    for (int i = 0; i < n; ++i) {
        const float* px = x + static_cast<std::size_t>(i) * kConvNetImageSize;
        const Tensor image({kConvNetImageSide, kConvNetImageSide}, std::vector<float>(px, px + kConvNetImageSize));
        const Tensor out = convNetTracedForward(net, image, *engine).back().output;
        for (std::size_t k = 0; k < kConvNetClasses; ++k) logits.push_back(static_cast<float>(out.values()[k]));
    }
    return logits;
}

int classifyTestSet(const ConvNet& net, const ClassifyOptions& o, Engine* engine, std::ostream& out,
                    std::ostream& err) {
    FashionMnist data;
    try {
        data = loadFashionMnist(o.data.empty() ? defaultFashionMnistDir() : o.data);
    } catch (const std::exception& e) {
        err << "convscope classify: " << e.what() << "\n";
        return kExitIo;
    }
    const int n = o.test_set > 0 ? std::min(o.test_set, data.test_images.count) : data.test_images.count;
    std::vector<float> x(static_cast<std::size_t>(n) * kConvNetImageSize);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(data.test_images.pixels[i]) / 255.f;
    const auto logits = logitsOf(net, x.data(), n, o.threads, engine);
    int correct = 0;
    for (int i = 0; i < n; ++i) {
        nlohmann::json j = answer(logits.data() + i * kConvNetClasses);
        const int label = data.test_labels[static_cast<std::size_t>(i)];
        j["test_image"] = i;
        j["label"] = label;
        correct += j["index"].get<int>() == label;
        out << j.dump() << "\n";
    }
    nlohmann::json summary;
    summary["accuracy"] = n > 0 ? static_cast<double>(correct) / n : 0.0;
    summary["count"] = n;
    out << summary.dump() << "\n";
    return 0;
}
}  // namespace

CLI::App* addClassifyCommand(CLI::App& app, ClassifyOptions& o) {
    auto* cmd = app.add_subcommand("classify", "Classify images (or the test set) with a ConvNet model file");
    cmd->add_option("--model", o.model, "the model (safetensors with the seed's state_dict names)")->required();
    cmd->add_option("--backend", o.backend,
                    "cpu (batched, threaded) or gpu (the GL compute engine, layer by layer; within 1e-4 of cpu)")
        ->check(CLI::IsMember({"cpu", "gpu"}));
    cmd->add_option("--test-set", o.test_set, "classify the first N Fashion-MNIST test images (0 or no N: all 10000)")
        ->expected(0, 1)
        ->default_str("0")
        ->check(CLI::Range(0, 10000));
    cmd->add_option("--data", o.data, "folder with the Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)");
    cmd->add_option("--threads", o.threads, "worker threads")->check(CLI::Range(1, 256));
    cmd->add_option("images", o.images, "image files (any format convscope reads; made gray 28 x 28, / 255)");
    cmd->footer("Examples:\n  convscope classify --model assets/models/fashion_convnet.safetensors shoe.png\n"
                "  convscope classify --model fashion.safetensors --test-set 1000");
    return cmd;
}

int runClassify(const ClassifyOptions& o, std::ostream& out, std::ostream& err) {
    if (o.images.empty() && o.test_set < 0) {
        err << "convscope classify: give image files or --test-set [N].\n";
        return kExitBadInput;
    }
    ConvNet net;
    try {
        net = readConvNetFile(o.model);
    } catch (const std::exception& e) {
        err << "convscope classify: " << e.what() << "\n";
        return kExitBadInput;
    }
    std::unique_ptr<Engine> gpu;
    if (o.backend == "gpu") {
        std::string why;
        gpu = makeEngine("gpu", why);
        if (!gpu) {
            err << "convscope classify: " << why << "\n";
            return kExitIo;
        }
    }
    int status = 0;
    for (const std::string& path : o.images) {
        nlohmann::json j;
        try {
            const std::vector<float> x = imageToNetInput(loadImage(path), kConvNetImageSide);
            const auto logits = logitsOf(net, x.data(), 1, 1, gpu.get());
            j = answer(logits.data());
        } catch (const std::exception& e) {
            j["error"] = e.what();
            status = kExitBadInput;
        }
        nlohmann::json line;
        line["file"] = path;
        line.update(j);
        out << line.dump() << "\n" << std::flush;
    }
    if (o.test_set >= 0) status = std::max(status, classifyTestSet(net, o, gpu.get(), out, err));
    return status;
}

}  // namespace cs
