// `convscope train`: the seed's tutorial loop (Adam, batch 100, shuffled
// Fashion-MNIST, cross-entropy) on the batched path, then the model written
// atomically. The progress bar redraws one line on a terminal and prints
// plain lines (every tenth of an epoch) otherwise.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <numeric>
#include <ostream>

#include "cli/net_commands.h"
#include "core/convnet_train.h"
#include "io/idx.h"
#include "io/model_file.h"

namespace cs {

namespace {

constexpr int kExitIo = 1;
constexpr int kExitBadInput = 2;

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string duration(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

// Images [first, first + n) of an IDX set as floats / 255, in `order`.
void gather(const IdxImages& set, const std::vector<int>& order, int first, int n, std::vector<float>& out) {
    out.resize(static_cast<std::size_t>(n) * kConvNetImageSize);
    for (int i = 0; i < n; ++i) {
        const std::uint8_t* src = set.pixels.data() + static_cast<std::size_t>(order[static_cast<std::size_t>(first + i)]) * kConvNetImageSize;
        float* dst = out.data() + static_cast<std::size_t>(i) * kConvNetImageSize;
        for (int p = 0; p < kConvNetImageSize; ++p) dst[p] = static_cast<float>(src[p]) / 255.f;
    }
}

int argmax10(const float* v) {
    int best = 0;
    for (int c = 1; c < kConvNetClasses; ++c) {
        if (v[c] > v[best]) best = c;
    }
    return best;
}

}  // namespace

// Accuracy of `net` on the first n images of a set (eval mode).
double convNetAccuracy(const ConvNet& net, const IdxImages& images, const std::vector<std::uint8_t>& labels, int n,
                       int threads) {
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::vector<float> x;
    gather(images, order, 0, n, x);
    const auto logits = convNetLogits(net, x.data(), n, threads);
    int correct = 0;
    for (int i = 0; i < n; ++i) correct += argmax10(logits.data() + i * kConvNetClasses) == labels[static_cast<std::size_t>(i)];
    return n > 0 ? static_cast<double>(correct) / n : 0.0;
}

CLI::App* addTrainCommand(CLI::App& app, TrainOptions& o) {
    auto* cmd = app.add_subcommand("train", "Train the seed's ConvNet on Fashion-MNIST and write it as safetensors");
    cmd->add_option("--epochs", o.epochs, "passes over the training set")->check(CLI::Range(1, 1000));
    // 1000 images hold about 120 MB of activations and gradients; memory grows with the batch.
    cmd->add_option("--batch", o.batch, "images per Adam step (2 to 1000)")->check(CLI::Range(2, 1000));
    cmd->add_option("--lr", o.lr, "Adam's learning rate")->check(CLI::Range(1e-8, 10.0));
    cmd->add_option("--seed", o.seed, "seeds the initial weights and the shuffle");
    cmd->add_option("--threads", o.threads, "worker threads (same seed and threads: same model)")->check(CLI::Range(1, 256));
    cmd->add_option("--data", o.data, "folder with the Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)");
    cmd->add_option("-o,--output", o.output, "the model file to write (safetensors, PyTorch's state_dict names)")->required();
    cmd->add_option("--limit", o.limit, "train on the first N training images only (0: all 60000)")->check(CLI::Range(0, 60000));
    cmd->add_option("--test-limit", o.test_limit, "measure test accuracy on the first N test images (0: all 10000)")->check(CLI::Range(0, 10000));
    cmd->add_option("--progress", o.progress, "auto (a bar on a terminal, else lines), bar, lines or none")
        ->check(CLI::IsMember({"auto", "bar", "lines", "none"}));
    cmd->footer("Example:\n  convscope train --epochs 2 --seed 1 -o fashion.safetensors");
    return cmd;
}

int runTrain(const TrainOptions& o, std::ostream& out, std::ostream& err) {
    namespace fs = std::filesystem;
    const fs::path target(o.output);
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        err << "convscope train: cannot write '" << o.output << "': the folder '" << folder.string() << "' does not exist.\n";
        return kExitIo;
    }
    if (fs::is_directory(target, ec)) {
        err << "convscope train: cannot write '" << o.output << "': it is a folder.\n";
        return kExitIo;
    }
    FashionMnist data;
    try {
        data = loadFashionMnist(o.data.empty() ? defaultFashionMnistDir() : o.data);
    } catch (const std::exception& e) {
        err << "convscope train: " << e.what() << "\n";
        return kExitIo;
    }
    const int train_n = o.limit > 0 ? std::min(o.limit, data.train_images.count) : data.train_images.count;
    const int test_n = o.test_limit > 0 ? std::min(o.test_limit, data.test_images.count) : data.test_images.count;
    if (train_n < 2) {
        err << "convscope train: need at least 2 training images.\n";
        return kExitBadInput;
    }
    const bool tty = isatty(fileno(stderr)) != 0;
    const std::string mode = o.progress == "auto" ? (tty ? "bar" : "lines") : o.progress;

    ConvNet net;
    initializeConvNet(net, o.seed);
    AdamOptions adam;
    adam.lr = o.lr;
    ConvNetTrainer trainer(net, o.threads, adam);
    ConvNetRng shuffle(o.seed ^ 0x5DEECE66Dull);
    std::vector<int> order(static_cast<std::size_t>(train_n));
    std::iota(order.begin(), order.end(), 0);
    const int batches = (train_n + o.batch - 1) / o.batch;
    std::vector<float> x;
    std::vector<float> logits;
    using Clock = std::chrono::steady_clock;
    out << "convscope train: " << train_n << " images, batch " << o.batch << ", Adam lr " << o.lr << ", seed " << o.seed
        << ", " << trainer.threads() << " threads, OpenBLAS " << convNetBlasKernels() << " kernels\n" << std::flush;
    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
        for (int i = train_n - 1; i > 0; --i) std::swap(order[static_cast<std::size_t>(i)], order[shuffle.below(static_cast<std::uint64_t>(i) + 1)]);
        const auto start = Clock::now();
        const std::clock_t cpu_start = std::clock();
        double loss_sum = 0.0;
        int seen = 0, correct = 0, next_line = 1;
        for (int b = 0; b < batches; ++b) {
            const int first = b * o.batch;
            const int n = std::min(o.batch, train_n - first);
            if (n < 2) break;  // batch norm cannot train on one image (PyTorch refuses it too)
            gather(data.train_images, order, first, n, x);
            std::vector<std::uint8_t> y(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i) y[static_cast<std::size_t>(i)] = data.train_labels[static_cast<std::size_t>(order[static_cast<std::size_t>(first + i)])];
            const double loss = trainer.forwardBackward(x.data(), y.data(), n, &logits);
            trainer.adamStep();
            loss_sum += loss * n;
            seen += n;
            for (int i = 0; i < n; ++i) correct += argmax10(logits.data() + i * kConvNetClasses) == y[static_cast<std::size_t>(i)];
            const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
            const double rate = seen / std::max(elapsed, 1e-9);
            const double eta = (train_n - seen) / rate;
            const std::string status = "epoch " + std::to_string(epoch) + "/" + std::to_string(o.epochs) + " batch " +
                                       std::to_string(b + 1) + "/" + std::to_string(batches) + " loss " + fixed(loss, 4) +
                                       " " + fixed(rate, 0) + " images/s ETA " + duration(eta);
            if (mode == "bar") {
                const int width = 24, filled = (b + 1) * width / batches;
                err << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
                    << std::string(static_cast<std::size_t>(width - filled), '.') << "] " << status << "   " << std::flush;
            } else if (mode == "lines" && (b + 1) * 10 >= next_line * batches) {
                err << status << "\n" << std::flush;
                while ((b + 1) * 10 >= next_line * batches) ++next_line;
            }
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        // CPU time of all threads: on a shared machine the fairer figure.
        const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        if (mode == "bar") err << "\n";
        const double test_acc = convNetAccuracy(net, data.test_images, data.test_labels, test_n, o.threads);
        out << "epoch " << epoch << "/" << o.epochs << ": loss " << fixed(loss_sum / std::max(seen, 1), 4)
            << ", train accuracy " << fixed(100.0 * correct / std::max(seen, 1), 2) << "% (during the epoch), test accuracy "
            << fixed(100.0 * test_acc, 2) << "% (" << test_n << " images), " << fixed(seconds, 2) << " s (cpu " << fixed(cpu, 2) << " s)\n" << std::flush;
    }
    if (const std::string bad = convNetNonFinite(net); !bad.empty()) {
        err << "convscope train: training diverged (" << bad << "); nothing written. Try a smaller --lr.\n";
        return kExitBadInput;
    }
    try {
        writeConvNetFile(o.output, net);
    } catch (const std::exception& e) {
        err << "convscope train: " << e.what() << "\n";
        return kExitIo;
    }
    out << "wrote " << o.output << "\n";
    return 0;
}

}  // namespace cs
