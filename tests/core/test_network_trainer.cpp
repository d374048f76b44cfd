// The Network page's trainer (core/network_trainer.h) on a small part of
// Fashion-MNIST: the loss falls, pause and resume change nothing, a stop
// ends the run early, every snapshot holds together.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <memory>
#include <numeric>
#include <thread>

#include "core/network_trainer.h"
#include "io/idx.h"

namespace cs {
namespace {

std::shared_ptr<const NetTrainingData> smallData() {
    static const std::shared_ptr<const NetTrainingData> data = [] {
        const FashionMnist f = loadFashionMnist(defaultFashionMnistDir());
        auto d = std::make_shared<NetTrainingData>();
        d->train_pixels = f.train_images.pixels;
        d->train_labels = f.train_labels;
        d->test_pixels = f.test_images.pixels;
        d->test_labels = f.test_labels;
        d->train_count = f.train_images.count;
        d->test_count = f.test_images.count;
        return d;
    }();
    return data;
}

NetTrainingOptions smallOptions() {
    NetTrainingOptions o;
    o.epochs = 1;
    o.limit = 600;
    o.test_limit = 300;
    o.seed = 7;
    o.threads = 2;
    o.loss_every = 1;
    o.fresh = true;
    return o;
}

template <class F>
void waitFor(const NetworkTrainer& t, F done) {
    while (!done(t.snapshot())) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

bool sameWeights(const ConvNet& a, const ConvNet& b) {
    for (std::size_t i = 0; i < a.tensors.size(); ++i)
        if (a.tensors[i].values != b.tensors[i].values) return false;
    return true;
}

TEST(NetworkTrainer, LossFallsAndTheTestSetIsCounted) {
    NetworkTrainer t;
    NetTrainingOptions o = smallOptions();
    o.epochs = 2;
    ASSERT_TRUE(t.start(ConvNet{}, smallData(), o)) << t.snapshot().error;
    t.join();
    const NetTrainingSnapshot s = t.snapshot();
    EXPECT_EQ(s.state, NetTrainerState::Finished) << s.error;
    ASSERT_EQ(s.loss.size(), 12u);  // 6 batches of 100, twice
    const float first = (s.loss[0] + s.loss[1]) / 2.f, last = (s.loss[10] + s.loss[11]) / 2.f;
    EXPECT_GT(first, 2.f);          // about ln 10 at the start
    EXPECT_LT(last, first * 0.75f);
    ASSERT_EQ(s.test_accuracy.size(), 2u);
    ASSERT_EQ(s.train_accuracy.size(), 2u);
    EXPECT_GT(s.test_accuracy[1], 0.3f);  // far above chance (0.1)
    EXPECT_EQ(s.confusion_epoch, 2);
    EXPECT_EQ(std::accumulate(s.confusion.begin(), s.confusion.end(), 0), 300);
    int diagonal = 0;
    for (int c = 0; c < kConvNetClasses; ++c) diagonal += s.confusion[static_cast<std::size_t>(c * 11)];
    EXPECT_EQ(static_cast<int>(s.misclassified.size()), 300 - diagonal);
    EXPECT_EQ(s.misclassified.size(), s.misclassified_predicted.size());
    EXPECT_NEAR(s.test_accuracy[1], diagonal / 300.f, 1e-6);
    for (int i : s.misclassified) EXPECT_TRUE(i >= 0 && i < 300);
    EXPECT_DOUBLE_EQ(s.progress, 1.0);
}

TEST(NetworkTrainer, PauseAndResumeGiveTheUninterruptedWeights) {
    ConvNet plain, paused;
    {
        NetworkTrainer t;
        ASSERT_TRUE(t.start(ConvNet{}, smallData(), smallOptions()));
        t.join();
        ASSERT_TRUE(t.model(plain));
    }
    NetworkTrainer t;
    ASSERT_TRUE(t.start(ConvNet{}, smallData(), smallOptions()));
    for (int k = 0; k < 3; ++k) {
        t.pause();
        waitFor(t, [](const NetTrainingSnapshot& s) { return s.state != NetTrainerState::Running; });
        if (t.snapshot().state == NetTrainerState::Paused) {
            ConvNet mid;
            ASSERT_TRUE(t.model(mid));  // the weights as of the pause are published
            EXPECT_TRUE(t.busy());
        }
        t.resume();
    }
    t.join();
    EXPECT_EQ(t.snapshot().state, NetTrainerState::Finished);
    ASSERT_TRUE(t.model(paused));
    EXPECT_TRUE(sameWeights(plain, paused));
}

TEST(NetworkTrainer, StopEndsTheRunEarlyAndKeepsTheWeights) {
    NetworkTrainer t;
    NetTrainingOptions o = smallOptions();
    o.epochs = 1000;
    ASSERT_TRUE(t.start(ConvNet{}, smallData(), o));
    waitFor(t, [](const NetTrainingSnapshot& s) { return s.batch >= 2 || s.epoch > 1; });
    t.stop();
    t.join();
    const NetTrainingSnapshot s = t.snapshot();
    EXPECT_EQ(s.state, NetTrainerState::Stopped);
    EXPECT_LT(s.epoch, 1000);
    EXPECT_FALSE(t.busy());
    ConvNet m;
    ASSERT_TRUE(t.model(m));
    ConvNet fresh;
    initializeConvNet(fresh, o.seed);
    EXPECT_FALSE(sameWeights(m, fresh));  // trained a little
    // A stopped trainer starts again.
    o.epochs = 1;
    EXPECT_TRUE(t.start(m, smallData(), o));
    t.join();
    EXPECT_EQ(t.snapshot().state, NetTrainerState::Finished);
}

TEST(NetworkTrainer, EverySnapshotHoldsTogether) {
    NetworkTrainer t;
    NetTrainingOptions o = smallOptions();
    o.epochs = 3;
    ASSERT_TRUE(t.start(ConvNet{}, smallData(), o));
    double last_progress = 0.0;
    for (;;) {
        const NetTrainingSnapshot s = t.snapshot();
        ASSERT_LE(s.batch, s.batches);
        ASSERT_GE(s.progress, last_progress);
        last_progress = s.progress;
        // One loss point per batch: the finished epochs' and this one's.
        if (s.epoch > 0) {
            ASSERT_EQ(static_cast<int>(s.loss.size()), (s.epoch - 1) * s.batches + s.batch);
        }
        ASSERT_LE(s.test_accuracy.size(), static_cast<std::size_t>(std::max(s.epoch, 0)));
        ASSERT_EQ(s.test_accuracy.size(), s.train_accuracy.size());
        if (s.state == NetTrainerState::Finished) break;
        ASSERT_EQ(s.state, NetTrainerState::Running) << s.error;
    }
    t.join();
}

TEST(NetworkTrainer, RefusesBadStartsWithAReason) {
    NetworkTrainer t;
    EXPECT_FALSE(t.start(ConvNet{}, nullptr, smallOptions()));
    EXPECT_EQ(t.snapshot().state, NetTrainerState::Failed);
    EXPECT_FALSE(t.snapshot().error.empty());
    NetTrainingOptions o = smallOptions();
    o.limit = 1;
    EXPECT_FALSE(t.start(ConvNet{}, smallData(), o));
    o = smallOptions();
    o.epochs = 50;
    ASSERT_TRUE(t.start(ConvNet{}, smallData(), o));
    EXPECT_FALSE(t.start(ConvNet{}, smallData(), o));  // busy
    EXPECT_NE(t.snapshot().error.find("stop"), std::string::npos);
    t.stop();
    t.join();
    EXPECT_EQ(t.snapshot().state, NetTrainerState::Stopped);
}

// The data set is read on the worker: Loading (busy) while the loader runs,
// then the run; the data set is kept for the glue.
TEST(NetworkTrainer, LoadsTheDataSetOnTheWorker) {
    NetworkTrainer t;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    ASSERT_TRUE(t.startLoading(ConvNet{}, [released] { released.wait(); return smallData(); }, smallOptions()));
    EXPECT_EQ(t.snapshot().state, NetTrainerState::Loading);
    EXPECT_TRUE(t.busy());
    EXPECT_EQ(t.data(), nullptr);
    ConvNet m;
    EXPECT_FALSE(t.model(m)) << "nothing published while loading";
    EXPECT_FALSE(t.startLoading(ConvNet{}, [] { return smallData(); }, smallOptions())) << "busy while loading";
    release.set_value();
    t.join();
    EXPECT_EQ(t.snapshot().state, NetTrainerState::Finished) << t.snapshot().error;
    EXPECT_EQ(t.data(), smallData());
    EXPECT_EQ(t.snapshot().train_images, 600);
}

TEST(NetworkTrainer, ALoaderThatThrowsFailsWithItsMessage) {
    NetworkTrainer t;
    ASSERT_TRUE(t.startLoading(
        ConvNet{}, []() -> std::shared_ptr<const NetTrainingData> { throw std::runtime_error("cannot open /x/train-images-idx3-ubyte.gz"); },
        smallOptions()));
    t.join();
    const NetTrainingSnapshot s = t.snapshot();
    EXPECT_EQ(s.state, NetTrainerState::Failed);
    EXPECT_NE(s.error.find("train-images-idx3-ubyte.gz"), std::string::npos) << s.error;
    EXPECT_EQ(s.model_revision, 0u) << "a failed load publishes no weights";
    ConvNet m;
    EXPECT_FALSE(t.model(m));
    // An empty data set from the loader is refused the same way.
    ASSERT_TRUE(t.startLoading(ConvNet{}, [] { return std::make_shared<const NetTrainingData>(); }, smallOptions()));
    t.join();
    EXPECT_EQ(t.snapshot().state, NetTrainerState::Failed);
    EXPECT_NE(t.snapshot().error.find("2 training images"), std::string::npos) << t.snapshot().error;
}

// pause_after stops at a known batch (the screenshot of training under way).
TEST(NetworkTrainer, PausesByItselfAfterTheAskedBatches) {
    NetworkTrainer t;
    NetTrainingOptions o = smallOptions();
    o.epochs = 2;
    o.pause_after = 8;  // 6 batches an epoch: epoch 2, batch 2
    ASSERT_TRUE(t.start(ConvNet{}, smallData(), o));
    waitFor(t, [](const NetTrainingSnapshot& s) { return s.state != NetTrainerState::Running; });
    NetTrainingSnapshot s = t.snapshot();
    EXPECT_EQ(s.state, NetTrainerState::Paused);
    EXPECT_EQ(s.epoch, 2);
    EXPECT_EQ(s.batch, 2);
    EXPECT_EQ(s.confusion_epoch, 1);
    t.resume();
    t.join();
    EXPECT_EQ(t.snapshot().state, NetTrainerState::Finished);
    EXPECT_EQ(t.snapshot().batch, 6);
}

}  // namespace
}  // namespace cs
