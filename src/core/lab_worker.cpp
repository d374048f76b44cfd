#include "core/lab_worker.h"

#include <exception>
#include <utility>

namespace cs {

LabWorker::LabWorker(std::function<void()> on_result) : on_result_(std::move(on_result)) {
    thread_ = std::thread([this] { loop(); });
}

LabWorker::~LabWorker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        waiting_.reset();
    }
    wake_.notify_all();
    thread_.join();
}

void LabWorker::submit(Job job) {
    {
        std::lock_guard lock(mutex_);
        waiting_ = std::move(job);
    }
    wake_.notify_one();
}

std::optional<LabWorkResult> LabWorker::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(done_, std::nullopt);
}

bool LabWorker::busy() const {
    std::lock_guard lock(mutex_);
    return running_ || waiting_.has_value();
}

void LabWorker::wait() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return !running_ && !waiting_.has_value(); });
}

void LabWorker::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stop_ || waiting_.has_value(); });
        if (stop_) return;
        Job job = std::move(*waiting_);
        waiting_.reset();
        running_ = true;
        lock.unlock();
        LabWorkResult result;
        try {
            result = job();
        } catch (const std::exception& e) {
            result = LabWorkResult{};
            result.error = e.what();
        }
        lock.lock();
        done_ = std::move(result);  // a newer result replaces one not yet taken
        running_ = false;
        const bool idle = !waiting_.has_value();
        lock.unlock();
        if (on_result_) on_result_();
        if (idle) idle_.notify_all();
        lock.lock();
    }
}

}  // namespace cs
