#pragma once
// WorkerPool: a fixed set of threads that run one function together and wait
// for each other, so a batch's per-image work splits the same way every time
// (the same thread count gives the same sums in the same order).
//   WorkerPool pool(2);
//   pool.run([&](int t, int count) { for (int i = t; i < n; i += count) work(i); });
// run() returns when every thread has finished; the calling thread is thread 0.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cs {

class WorkerPool {
public:
    explicit WorkerPool(int threads);  // threads < 1 counts as 1
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    int size() const { return count_; }
    // fn(thread_index, thread_count) on every thread; exceptions must not escape fn.
    void run(const std::function<void(int, int)>& fn);
    // The contiguous share [begin, end) of n items for thread t of count.
    static void share(int n, int t, int count, int& begin, int& end);

private:
    void loop(int index);

    int count_ = 1;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable start_;
    std::condition_variable done_;
    const std::function<void(int, int)>* job_ = nullptr;
    unsigned long generation_ = 0;
    int running_ = 0;
    bool stop_ = false;
};

}  // namespace cs
