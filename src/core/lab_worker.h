#pragma once
// LabWorker: the image lab's filtering off the frame loop. One background
// thread runs the newest job: submit() while a job runs replaces the one
// waiting (a drag sends many; only the last matters), take() hands over a
// finished result once. The frame never waits; wait() is for screenshots and
// tests, which want the settled picture.
//
//   LabWorker worker([] { glfwPostEmptyEvent(); });   // woken when a result is ready
//   worker.submit([=] { LabWorkResult r; ...; return r; });
//   each frame: if (auto r = worker.take()) adopt(*r);
//
// A job must own everything it reads (copies, not references into the
// document). An exception a job throws ends that job only: take() gives a
// result whose `error` says why.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/image.h"
#include "core/image_lab.h"
#include "core/image_pipeline.h"

namespace cs {

// What one background filter produced, with what it was made from.
struct LabWorkResult {
    std::vector<float> key;         // the view's filter key of the plan it ran
    int generation = 0;             // the image it filtered
    bool remap = false;             // only mapped the view's full result again: `out` is empty
    bool preview = false;           // filtered a reduced copy
    int preview_factor = 1;         // ... reduced by this factor
    ImageFilterOutput out;          // planes, pooled, range
    Image display;                  // `out.pooled` mapped for `display_mode`, `plane`
    std::vector<float> histogram;   // of `out.pooled` (full results only)
    LabDisplay display_mode = LabDisplay::Clamp;
    int plane = 0;
    double filter_ms = 0.0, display_ms = 0.0;
    std::string error;              // non-empty: nothing else is valid
};

class LabWorker {
public:
    using Job = std::function<LabWorkResult()>;
    // `on_result` runs on the worker thread after each result is stored (wake
    // the UI loop; it must be thread-safe). May be empty.
    explicit LabWorker(std::function<void()> on_result = {});
    ~LabWorker();  // the running job finishes; the waiting one is dropped
    LabWorker(const LabWorker&) = delete;
    LabWorker& operator=(const LabWorker&) = delete;

    void submit(Job job);
    std::optional<LabWorkResult> take();
    // A job waiting or running.
    bool busy() const;
    // Blocks until no job waits or runs.
    void wait();

private:
    void loop();

    std::function<void()> on_result_;
    mutable std::mutex mutex_;
    std::condition_variable wake_, idle_;
    std::optional<Job> waiting_;
    std::optional<LabWorkResult> done_;
    bool running_ = false, stop_ = false;
    std::thread thread_;
};

}  // namespace cs
