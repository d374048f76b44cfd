#pragma once
// WorkerPool: a fixed set of threads that share out the chunks of one job.
// Chunks go to whichever thread claims them first, so a thread the OS has
// not scheduled yet (a busy machine) does not hold the others up: the
// caller's thread alone finishes the job if need be. Each chunk runs exactly
// once; results kept per chunk and added in chunk order do not depend on
// which thread ran what, nor on the thread count.
//   WorkerPool pool(2);
//   pool.runChunks(10, [&](int thread, int chunk) { work(chunk, scratch[thread]); });
// runChunks() returns when every chunk has finished; the calling thread is thread 0.
#include <atomic>
#include <condition_variable>
#include <cstdint>
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
    // fn(thread_index, chunk) once for each chunk in 0..chunks-1; exceptions must not escape fn.
    void runChunks(int chunks, const std::function<void(int, int)>& fn);
    // The contiguous share [begin, end) of n items for part t of count.
    static void share(int n, int t, int count, int& begin, int& end);

private:
    void loop(int index);
    // Claims and runs chunks of generation `gen` until none is left.
    void work(int index, std::uint64_t gen, const std::function<void(int, int)>& fn, int chunks);

    int count_ = 1;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable start_;
    std::condition_variable done_;
    const std::function<void(int, int)>* job_ = nullptr;
    int chunks_ = 0;
    int finished_ = 0;  // chunks of the current job done
    std::uint64_t generation_ = 0;
    // The next chunk to claim, tagged with its job's generation (high 32
    // bits), so a thread that wakes late cannot claim a later job's chunk.
    std::atomic<std::uint64_t> claim_{0};
    bool stop_ = false;
};

}  // namespace cs
