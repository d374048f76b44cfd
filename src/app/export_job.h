#pragma once
// Export... on the matrix page: the lesson as it stands played into a GIF by
// `convscope render` in a child process (the same code as the command line,
// drawn headless through EGL, so the app stays responsive), its progress read
// from the child's "frame K of N" lines for the top bar's progress bar.
//
//   ExportJob job;
//   job.start({"/proc/self/exe", "render", "--lesson", tmp, "-o", out, "--progress-lines"}, error);
//   each frame: job.poll(); bar(job.progress()); if (!job.running()) job.exitStatus()
#include <string>
#include <sys/types.h>
#include <vector>

namespace cs {

class App;

class ExportJob {
public:
    ExportJob() = default;
    ~ExportJob();  // a child still running is stopped
    ExportJob(const ExportJob&) = delete;
    ExportJob& operator=(const ExportJob&) = delete;

    // Starts argv[0] (looked up on PATH when it has no slash) with its stdout
    // and stderr into a pipe. False with `error` when it cannot start.
    bool start(const std::vector<std::string>& argv, std::string& error);
    // Reads what the child wrote and reaps it once it ended; every frame.
    void poll();
    // Stops the child and what it started (SIGTERM to its process group); poll() then sees it end.
    void cancel();

    bool running() const { return pid_ > 0; }
    bool started() const { return started_; }
    double progress() const { return progress_; }  // 0..1, from the last "frame K of N"
    int exitStatus() const { return status_; }     // -1 while running or when killed
    // The child's last line that was not progress (its summary or its error).
    const std::string& lastLine() const { return last_line_; }
    std::string output;  // what it writes, for the messages (set by its owner)

private:
    void takeLines();

    pid_t pid_ = -1;
    int fd_ = -1;
    bool started_ = false;
    double progress_ = 0.0;
    int status_ = -1;
    std::string pending_, last_line_;
};

// The matrix page's export requests (UiState::export_path, cancel_export):
// starts `convscope render` on the lesson as it stands (written to a
// temporary lesson file) at the window's size, theme and text scale, follows
// it, and says on the page how it ended.
void updateExport(App& app);
// The convscope that Export... starts: this program (/proc/self/exe) unless
// set; a test drives the app in its own process and sets the build's binary.
void setExportProgram(const std::string& path);

}  // namespace cs
