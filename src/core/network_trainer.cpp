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

bool NetworkTrainer::start(const ConvNet& initial, std::shared_ptr<const NetTrainingData> data, const NetTrainingOptions& o) {
    std::unique_lock lock(mutex_);
    if (snap_.state == NetTrainerState::Running || snap_.state == NetTrainerState::Paused) {
        snap_.error = "a run is under way: stop it first";
        return false;
    }
    lock.unlock();
    join();  // the last run's worker has ended or is ending
    lock.lock();
    const std::uint64_t revision = snap_.model_revision;  // counts on over runs
    auto fail = [&](std::string why) {
        snap_ = NetTrainingSnapshot{};
        snap_.model_revision = revision;
        snap_.state = NetTrainerState::Failed;
        snap_.error = std::move(why);
        return false;
    };
    if (!data) return fail("no data set");
    const int train_n = o.limit > 0 ? std::min(o.limit, data->train_count) : data->train_count;
    const int test_n = o.test_limit > 0 ? std::min(o.test_limit, data->test_count) : data->test_count;
    if (train_n < 2) return fail("need at least 2 training images");
    if (static_cast<std::size_t>(data->train_count) * kConvNetImageSize > data->train_pixels.size() ||
        static_cast<std::size_t>(data->train_count) > data->train_labels.size() ||
        static_cast<std::size_t>(data->test_count) * kConvNetImageSize > data->test_pixels.size() ||
        static_cast<std::size_t>(data->test_count) > data->test_labels.size())
        return fail("the data set's sizes do not match its counts");
    if (o.epochs < 1 || o.batch < 2 || !(o.learning_rate > 0.0) || o.loss_every < 1) return fail("epochs, batch or learning rate out of range");
    ConvNet net = initial;
    if (o.fresh) initializeConvNet(net, o.seed);
    snap_ = NetTrainingSnapshot{};
    snap_.state = NetTrainerState::Running;
    snap_.epochs = o.epochs;
    snap_.train_images = train_n;
    snap_.test_images = test_n;
    snap_.loss_every = o.loss_every;
    snap_.batches = (train_n + o.batch - 1) / o.batch;
    snap_.model_revision = revision + 1;
    model_ = net;
    has_model_ = true;
    pause_ = stop_ = false;
    worker_ = std::thread([this, net = std::move(net), data = std::move(data), o]() mutable { run(std::move(net), std::move(data), o); });
    return true;
}

void NetworkTrainer::pause() {
    std::lock_guard lock(mutex_);
    if (snap_.state == NetTrainerState::Running) pause_ = true;
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
    return snap_.state == NetTrainerState::Running || snap_.state == NetTrainerState::Paused;
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
    const int train_n = o.limit > 0 ? std::min(o.limit, data->train_count) : data->train_count;
    const int test_n = o.test_limit > 0 ? std::min(o.test_limit, data->test_count) : data->test_count;
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
    auto last_wake = Clock::now();
    // Between batches: a pause publishes the weights and waits; a stop ends the run.
    auto checkpoint = [&]() -> bool {
        std::unique_lock lock(mutex_);
        if (stop_) return false;
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
