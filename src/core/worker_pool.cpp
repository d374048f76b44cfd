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

void WorkerPool::runChunks(int chunks, const std::function<void(int, int)>& fn) {
    if (chunks <= 0) return;
    if (count_ == 1 || chunks == 1) {
        for (int k = 0; k < chunks; ++k) fn(0, k);
        return;
    }
    std::uint64_t gen = 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        job_ = &fn;
        chunks_ = chunks;
        finished_ = 0;
        gen = ++generation_;
        claim_.store(gen << 32);
    }
    start_.notify_all();
    work(0, gen, fn, chunks);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return finished_ == chunks; });
    job_ = nullptr;
}

void WorkerPool::work(int index, std::uint64_t gen, const std::function<void(int, int)>& fn, int chunks) {
    for (;;) {
        std::uint64_t c = claim_.load();
        do {
            if ((c >> 32) != gen || static_cast<int>(c & 0xffffffffu) >= chunks) return;
        } while (!claim_.compare_exchange_weak(c, c + 1));
        // A claimed chunk keeps its job alive: runChunks waits for it.
        fn(index, static_cast<int>(c & 0xffffffffu));
        bool last = false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            last = ++finished_ == chunks;
        }
        if (last) done_.notify_one();
    }
}

void WorkerPool::loop(int index) {
    std::uint64_t seen = 0;
    for (;;) {
        const std::function<void(int, int)>* job = nullptr;
        int chunks = 0;
        std::uint64_t gen = 0;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            start_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = gen = generation_;
            job = job_;
            chunks = chunks_;
        }
        if (job != nullptr) work(index, gen, *job, chunks);
    }
}

}  // namespace cs
