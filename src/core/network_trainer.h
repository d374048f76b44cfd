#pragma once
// In-app training for the Network page (issue 11): the batched path of
// core/convnet_train.h run on a worker thread, with pause, resume and stop
// between batches, and a snapshot the page copies every frame (under a
// mutex, so the UI never waits for a batch).
//
//   NetworkTrainer t;
//   t.start(net, data, options);          // copies net (or starts fresh: options.fresh)
//   NetTrainingSnapshot s = t.snapshot(); // epoch, batch, images/s, ETA, curves, confusion
//   t.pause(); t.resume(); t.stop();
//   ConvNet trained; t.model(trained);    // the weights as of the last pause, stop or epoch end
//   t.startLoading(net, [] { return readTheDataSet(); }, options);  // the ~55 MB read on the worker: state Loading first
//
// The run is deterministic: a seed and a thread count give the same weights,
// and pausing only waits between batches, so a paused and resumed run equals
// an uninterrupted one. The shuffle is `convscope train`'s, so a fresh start
// with the same seed trains the same model as the command. No file formats:
// the glue loads the data set (io/idx.h) and hands over the bytes, or a
// loader (startLoading) that the worker calls, so the window never waits
// for the read.
#include <array>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/convnet.h"

namespace cs {

// Raw Fashion-MNIST bytes: count images of 784 bytes each, labels 0..9.
struct NetTrainingData {
    std::vector<std::uint8_t> train_pixels, train_labels, test_pixels, test_labels;
    int train_count = 0, test_count = 0;
};

struct NetTrainingOptions {
    int epochs = 1;
    double learning_rate = 1e-3;
    int batch = 100;
    std::uint64_t seed = 1;
    int threads = 2;
    int limit = 0;        // train on the first N training images (0: all)
    int test_limit = 0;   // test on the first N test images (0: all)
    int loss_every = 10;  // one loss point per this many batches (their mean)
    bool fresh = false;   // start from initializeConvNet(seed) instead of the given model
    // Pause by itself after this many batches of the whole run (0: never): a
    // screenshot of training under way stops at a known place (--train-preview).
    int pause_after = 0;
};

// Reads the data set; runs on the trainer's worker. Throws with a message the
// student can act on (a missing file names it).
using NetTrainingLoader = std::function<std::shared_ptr<const NetTrainingData>()>;

enum class NetTrainerState { Idle, Loading, Running, Paused, Finished, Stopped, Failed };
const char* netTrainerStateName(NetTrainerState s);

struct NetTrainingSnapshot {
    NetTrainerState state = NetTrainerState::Idle;
    int epoch = 0, epochs = 0;      // the epoch under way (1-based; 0 before the first)
    int batch = 0, batches = 0;     // batches done in this epoch, of
    int train_images = 0, test_images = 0;
    double images_per_second = 0.0;
    double eta_seconds = 0.0;       // the rest of the run at the current rate
    double progress = 0.0;          // 0..1 over all epochs
    int loss_every = 10;
    std::vector<float> loss;        // mean loss of each loss_every batches
    std::vector<float> train_accuracy, test_accuracy;  // per finished epoch, 0..1 (train: during the epoch)
    int confusion_epoch = 0;        // the epoch the confusion matrix is from (0: none yet)
    std::array<int, kConvNetClasses * kConvNetClasses> confusion{};  // [true * 10 + predicted]
    std::vector<int> misclassified;            // test image indices, in order
    std::vector<int> misclassified_predicted;  // what the model said for each
    std::uint64_t model_revision = 0;          // moves whenever model() has new weights (over runs too)
    std::string error;
};

class NetworkTrainer {
public:
    NetworkTrainer() = default;
    ~NetworkTrainer();  // stops and joins
    NetworkTrainer(const NetworkTrainer&) = delete;
    NetworkTrainer& operator=(const NetworkTrainer&) = delete;

    // Starts a run (a finished or stopped one is replaced). Returns false, with
    // snapshot().error saying why, when busy or the data or options are unusable.
    bool start(const ConvNet& initial, std::shared_ptr<const NetTrainingData> data, const NetTrainingOptions& options);
    // The same with the data set read on the worker: state Loading while `load`
    // runs, then Running; a loader that throws (or unusable data) ends in Failed
    // with its message. Returns false only when busy or the options are unusable.
    bool startLoading(const ConvNet& initial, NetTrainingLoader load, const NetTrainingOptions& options);
    void pause();   // after the batch under way
    void resume();
    void stop();    // after the batch under way (or the test chunk); the weights so far are published
    void join();    // waits for the worker to end (tests; the destructor stops first)
    bool busy() const;  // loading, running or paused
    // The data set of the last run once it is loaded (null before): the glue keeps
    // it for the next Start and shows its test images.
    std::shared_ptr<const NetTrainingData> data() const;

    NetTrainingSnapshot snapshot() const;
    // The published weights (after a pause, a stop, an epoch or the end); false when none yet.
    bool model(ConvNet& out, std::uint64_t* revision = nullptr) const;
    // Called from the worker (at most ~15 times a second and on every state
    // change) so the window draws a new frame: App::wake().
    void setWake(std::function<void()> wake);

private:
    bool begin(const NetTrainingOptions& o, std::uint64_t& revision);
    void prepareRun(const NetTrainingData& data, const NetTrainingOptions& o);
    void loadAndRun(ConvNet net, NetTrainingLoader load, NetTrainingOptions o);
    void run(ConvNet net, std::shared_ptr<const NetTrainingData> data, NetTrainingOptions o);
    void notify();

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::thread worker_;
    bool pause_ = false, stop_ = false;
    NetTrainingSnapshot snap_;
    ConvNet model_;
    bool has_model_ = false;
    std::shared_ptr<const NetTrainingData> data_;
    std::function<void()> wake_;
};

}  // namespace cs
