#include "core/worker_pool.h"

namespace cs {

WorkerPool::WorkerPool(int threads) : count_(threads < 1 ? 1 : threads) {
    for (int i = 1; i < count_; ++i) threads_.emplace_back([this, i] { loop(i); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    start_.notify_all();
    for (auto& t : threads_) t.join();
}

void WorkerPool::share(int n, int t, int count, int& begin, int& end) {
    begin = static_cast<int>(static_cast<long long>(n) * t / count);
    end = static_cast<int>(static_cast<long long>(n) * (t + 1) / count);
}

void WorkerPool::run(const std::function<void(int, int)>& fn) {
    if (count_ == 1) {
        fn(0, 1);
        return;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        job_ = &fn;
        running_ = count_ - 1;
        ++generation_;
    }
    start_.notify_all();
    fn(0, count_);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return running_ == 0; });
    job_ = nullptr;
}

void WorkerPool::loop(int index) {
    unsigned long seen = 0;
    for (;;) {
        const std::function<void(int, int)>* job = nullptr;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            start_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
            job = job_;
        }
        (*job)(index, count_);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            --running_;
        }
        done_.notify_one();
    }
}

}  // namespace cs
