#include "core/network_trainer.h"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "core/convnet_train.h"

namespace cs {

namespace {

using Clock = std::chrono::steady_clock;

void gather(const std::uint8_t* pixels, const std::vector<int>& order, int first, int n, std::vector<float>& out) {
    out.resize(static_cast<std::size_t>(n) * kConvNetImageSize);
    for (int i = 0; i < n; ++i) {
        const std::uint8_t* src = pixels + static_cast<std::size_t>(order[static_cast<std::size_t>(first + i)]) * kConvNetImageSize;
        float* dst = out.data() + static_cast<std::size_t>(i) * kConvNetImageSize;
        for (int p = 0; p < kConvNetImageSize; ++p) dst[p] = static_cast<float>(src[p]) / 255.f;
    }
}

int argmax10(const float* v) {
    int best = 0;
    for (int c = 1; c < kConvNetClasses; ++c)
        if (v[c] > v[best]) best = c;
    return best;
}

}  // namespace

const char* netTrainerStateName(NetTrainerState s) {
    switch (s) {
    case NetTrainerState::Idle: return "not started";
    case NetTrainerState::Loading: return "loading the training set";
    case NetTrainerState::Running: return "training";
    case NetTrainerState::Paused: return "paused";
    case NetTrainerState::Finished: return "finished";
    case NetTrainerState::Stopped: return "stopped";
    case NetTrainerState::Failed: return "failed";
    }
    return "?";
}

NetworkTrainer::~NetworkTrainer() {
    stop();
    join();
}

namespace {

int trainCount(const NetTrainingData& d, const NetTrainingOptions& o) { return o.limit > 0 ? std::min(o.limit, d.train_count) : d.train_count; }
int testCount(const NetTrainingData& d, const NetTrainingOptions& o) {
    return o.test_limit > 0 ? std::min(o.test_limit, d.test_count) : d.test_count;
}

// Why this data set cannot be trained on ("" when it can).
std::string dataProblem(const NetTrainingData* data, const NetTrainingOptions& o) {
    if (!data) return "no data set";
    if (trainCount(*data, o) < 2) return "need at least 2 training images";
    if (static_cast<std::size_t>(data->train_count) * kConvNetImageSize > data->train_pixels.size() ||
        static_cast<std::size_t>(data->train_count) > data->train_labels.size() ||
        static_cast<std::size_t>(data->test_count) * kConvNetImageSize > data->test_pixels.size() ||
        static_cast<std::size_t>(data->test_count) > data->test_labels.size())
        return "the data set's sizes do not match its counts";
    return {};
}

}  // namespace

bool NetworkTrainer::start(const ConvNet& initial, std::shared_ptr<const NetTrainingData> data, const NetTrainingOptions& o) {
    std::uint64_t revision = 0;
    if (!begin(o, revision)) return false;
    std::unique_lock lock(mutex_);
    if (std::string why = dataProblem(data.get(), o); !why.empty()) {
        snap_.state = NetTrainerState::Failed;
        snap_.error = std::move(why);
        return false;
    }
    ConvNet net = initial;
    if (o.fresh) initializeConvNet(net, o.seed);
    prepareRun(*data, o);
    snap_.model_revision = revision + 1;
    model_ = net;
    has_model_ = true;
    data_ = data;
    worker_ = std::thread([this, net = std::move(net), data = std::move(data), o]() mutable { run(std::move(net), std::move(data), o); });
    return true;
}

bool NetworkTrainer::startLoading(const ConvNet& initial, NetTrainingLoader load, const NetTrainingOptions& o) {
    std::uint64_t revision = 0;
    if (!load) {
        std::lock_guard lock(mutex_);
        snap_.state = NetTrainerState::Failed;
        snap_.error = "no data set";
        return false;
    }
    if (!begin(o, revision)) return false;
    std::lock_guard lock(mutex_);
    snap_.state = NetTrainerState::Loading;
    ConvNet net = initial;
    if (o.fresh) initializeConvNet(net, o.seed);
    worker_ = std::thread([this, net = std::move(net), load = std::move(load), o]() mutable { loadAndRun(std::move(net), std::move(load), o); });
    return true;
}

// Refuses while a run is under way or the options are unusable (state Failed,
// the error says why); otherwise a fresh snapshot, Idle, for the new run.
bool NetworkTrainer::begin(const NetTrainingOptions& o, std::uint64_t& revision) {
    std::unique_lock lock(mutex_);
    if (snap_.state == NetTrainerState::Running || snap_.state == NetTrainerState::Paused || snap_.state == NetTrainerState::Loading) {
        snap_.error = "a run is under way: stop it first";
        return false;
    }
    lock.unlock();
    join();  // the last run's worker has ended or is ending
    lock.lock();
    revision = snap_.model_revision;  // counts on over runs
    snap_ = NetTrainingSnapshot{};
    snap_.model_revision = revision;
    if (o.epochs < 1 || o.batch < 2 || !(o.learning_rate > 0.0) || o.loss_every < 1 || o.pause_after < 0) {
        snap_.state = NetTrainerState::Failed;
        snap_.error = "epochs, batch or learning rate out of range";
        return false;
    }
    snap_.epochs = o.epochs;
    snap_.loss_every = o.loss_every;
    pause_ = stop_ = false;
    return true;
}

// Under the lock: the run's sizes in the snapshot, state Running.
void NetworkTrainer::prepareRun(const NetTrainingData& data, const NetTrainingOptions& o) {
    const int train_n = trainCount(data, o);
    snap_.state = NetTrainerState::Running;
    snap_.train_images = train_n;
    snap_.test_images = testCount(data, o);
    snap_.batches = (train_n + o.batch - 1) / o.batch;
}

void NetworkTrainer::loadAndRun(ConvNet net, NetTrainingLoader load, NetTrainingOptions o) {
    std::shared_ptr<const NetTrainingData> data;
    std::string why;
    try {
        data = load();
    } catch (const std::exception& e) {
        why = e.what();
    }
    if (why.empty()) why = dataProblem(data.get(), o);
    bool go = false;
    {
        std::lock_guard lock(mutex_);
        if (!why.empty()) {
            snap_.state = NetTrainerState::Failed;  // the model was not touched: no new revision
            snap_.error = std::move(why);
        } else {
            data_ = data;
            if (stop_) {
                snap_.state = NetTrainerState::Stopped;
            } else {
                prepareRun(*data, o);
                ++snap_.model_revision;
                model_ = net;
                has_model_ = true;
                go = true;
            }
        }
    }
    notify();
    if (go) run(std::move(net), std::move(data), std::move(o));
}

void NetworkTrainer::pause() {
    std::lock_guard lock(mutex_);
    if (snap_.state == NetTrainerState::Running || snap_.state == NetTrainerState::Loading) pause_ = true;
}

void NetworkTrainer::resume() {
    {
        std::lock_guard lock(mutex_);
        pause_ = false;
    }
    cv_.notify_all();
}

void NetworkTrainer::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        pause_ = false;
    }
    cv_.notify_all();
}

void NetworkTrainer::join() {
    if (worker_.joinable()) worker_.join();
}

bool NetworkTrainer::busy() const {
    std::lock_guard lock(mutex_);
    return snap_.state == NetTrainerState::Running || snap_.state == NetTrainerState::Paused || snap_.state == NetTrainerState::Loading;
}

std::shared_ptr<const NetTrainingData> NetworkTrainer::data() const {
    std::lock_guard lock(mutex_);
    return data_;
}

NetTrainingSnapshot NetworkTrainer::snapshot() const {
    std::lock_guard lock(mutex_);
    return snap_;
}

bool NetworkTrainer::model(ConvNet& out, std::uint64_t* revision) const {
    std::lock_guard lock(mutex_);
    if (!has_model_) return false;
    out = model_;
    if (revision) *revision = snap_.model_revision;
    return true;
}

void NetworkTrainer::setWake(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
}

void NetworkTrainer::notify() {
    std::function<void()> w;
    {
        std::lock_guard lock(mutex_);
        w = wake_;
    }
    if (w) w();
}

void NetworkTrainer::run(ConvNet net, std::shared_ptr<const NetTrainingData> data, NetTrainingOptions o) {
    const int train_n = trainCount(*data, o), test_n = testCount(*data, o);
    AdamOptions adam;
    adam.lr = o.learning_rate;
    ConvNetTrainer trainer(net, o.threads, adam);
    ConvNetRng shuffle(o.seed ^ 0x5DEECE66Dull);  // convscope train's shuffle
    std::vector<int> order(static_cast<std::size_t>(train_n));
    std::iota(order.begin(), order.end(), 0);
    const int batches = (train_n + o.batch - 1) / o.batch;
    const long long total = static_cast<long long>(train_n) * o.epochs;
    std::vector<float> x, logits;
    std::vector<std::uint8_t> y;
    double active = 0.0;  // seconds spent training (pauses left out)
    long long done = 0;
    int batches_done = 0;  // over the whole run: o.pause_after counts these
    auto last_wake = Clock::now();
    // Between batches: a pause publishes the weights and waits; a stop ends the run.
    auto checkpoint = [&]() -> bool {
        std::unique_lock lock(mutex_);
        if (stop_) return false;
        if (o.pause_after > 0 && batches_done == o.pause_after) pause_ = true;
        if (!pause_) return true;
        snap_.state = NetTrainerState::Paused;
        model_ = net;
        ++snap_.model_revision;
        lock.unlock();
        notify();
        lock.lock();
        cv_.wait(lock, [&] { return !pause_ || stop_; });
        if (stop_) return false;
        snap_.state = NetTrainerState::Running;
        return true;
    };
    auto finish = [&](NetTrainerState s, std::string error = {}) {
        {
            std::lock_guard lock(mutex_);
            model_ = net;
            ++snap_.model_revision;
            snap_.state = s;
            snap_.error = std::move(error);
            snap_.eta_seconds = 0.0;
        }
        notify();
    };
    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
        for (int i = train_n - 1; i > 0; --i) std::swap(order[static_cast<std::size_t>(i)], order[shuffle.below(static_cast<std::uint64_t>(i) + 1)]);
        {
            std::lock_guard lock(mutex_);
            snap_.epoch = epoch;
            snap_.batch = 0;
        }
        int seen = 0, correct = 0, in_chunk = 0;
        double chunk_loss = 0.0;
        for (int b = 0; b < batches; ++b) {
            if (!checkpoint()) return finish(NetTrainerState::Stopped);
            const int first = b * o.batch;
            const int n = std::min(o.batch, train_n - first);
            if (n < 2) break;  // batch norm cannot train on one image
            const auto t0 = Clock::now();
            gather(data->train_pixels.data(), order, first, n, x);
            y.resize(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i) y[static_cast<std::size_t>(i)] = data->train_labels[static_cast<std::size_t>(order[static_cast<std::size_t>(first + i)])];
            const double loss = trainer.forwardBackward(x.data(), y.data(), n, &logits);
            trainer.adamStep();
            const auto t1 = Clock::now();
            active += std::chrono::duration<double>(t1 - t0).count();
            seen += n;
            done += n;
            ++batches_done;
            for (int i = 0; i < n; ++i) correct += argmax10(logits.data() + i * kConvNetClasses) == y[static_cast<std::size_t>(i)];
            chunk_loss += loss;
            ++in_chunk;
            bool wake = false;
            {
                std::lock_guard lock(mutex_);
                snap_.batch = b + 1;
                snap_.images_per_second = static_cast<double>(done) / std::max(active, 1e-9);
                snap_.eta_seconds = static_cast<double>(total - done) / std::max(snap_.images_per_second, 1e-9);
                snap_.progress = static_cast<double>(done) / static_cast<double>(total);
                if (in_chunk == o.loss_every || b + 1 == batches) {
                    snap_.loss.push_back(static_cast<float>(chunk_loss / in_chunk));
                    chunk_loss = 0.0;
                    in_chunk = 0;
                }
                if (t1 - last_wake > std::chrono::milliseconds(66)) {
                    last_wake = t1;
                    wake = true;
                }
            }
            if (wake) notify();
        }
        if (const std::string bad = convNetNonFinite(net); !bad.empty())
            return finish(NetTrainerState::Failed, "training diverged (" + bad + "); try a smaller learning rate");
        // The test set in chunks (a stop is honoured between them).
        std::array<int, kConvNetClasses * kConvNetClasses> confusion{};
        std::vector<int> wrong, wrong_pred;
        int test_correct = 0;
        std::vector<int> test_order(static_cast<std::size_t>(test_n));
        std::iota(test_order.begin(), test_order.end(), 0);
        constexpr int kChunk = 500;
        for (int first = 0; first < test_n; first += kChunk) {
            {
                std::lock_guard lock(mutex_);
                if (stop_) break;
            }
            const int n = std::min(kChunk, test_n - first);
            gather(data->test_pixels.data(), test_order, first, n, x);
            const std::vector<float> out = convNetLogits(net, x.data(), n, o.threads);
            for (int i = 0; i < n; ++i) {
                const int truth = data->test_labels[static_cast<std::size_t>(first + i)], pred = argmax10(out.data() + i * kConvNetClasses);
                ++confusion[static_cast<std::size_t>(truth * kConvNetClasses + pred)];
                if (pred == truth) {
                    ++test_correct;
                } else {
                    wrong.push_back(first + i);
                    wrong_pred.push_back(pred);
                }
            }
        }
        {
            std::unique_lock lock(mutex_);
            if (stop_) {
                lock.unlock();
                return finish(NetTrainerState::Stopped);
            }
            snap_.train_accuracy.push_back(static_cast<float>(correct) / static_cast<float>(std::max(seen, 1)));
            snap_.test_accuracy.push_back(static_cast<float>(test_correct) / static_cast<float>(std::max(test_n, 1)));
            snap_.confusion = confusion;
            snap_.confusion_epoch = epoch;
            snap_.misclassified = std::move(wrong);
            snap_.misclassified_predicted = std::move(wrong_pred);
            model_ = net;
            ++snap_.model_revision;
        }
        notify();
    }
    finish(NetTrainerState::Finished);
}

}  // namespace cs
