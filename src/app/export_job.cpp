#include "app/export_job.h"

#include <fcntl.h>
#include <imgui.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

#include "app/app.h"
#include "io/lesson_json.h"
#include "io/session_json.h"

extern char** environ;

namespace cs {

ExportJob::~ExportJob() {
    if (pid_ > 0) {
        ::kill(-pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) ::close(fd_);
}

bool ExportJob::start(const std::vector<std::string>& argv, std::string& error) {
    if (running() || argv.empty()) return error = "an export is already running", false;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return error = std::string("pipe: ") + std::strerror(errno), false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // Its own process group, so that Cancel stops whatever it started too
    // (xvfb-run's Xvfb, say), not the child alone.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        return error = "cannot start " + argv[0] + ": " + std::strerror(rc), false;
    }
    ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    if (fd_ >= 0) ::close(fd_);
    fd_ = fds[0];
    pid_ = pid;
    started_ = true;
    progress_ = 0.0;
    status_ = -1;
    pending_.clear();
    last_line_.clear();
    return true;
}

void ExportJob::takeLines() {
    std::size_t end;
    while ((end = pending_.find_first_of("\r\n")) != std::string::npos) {
        const std::string line = pending_.substr(0, end);
        pending_.erase(0, end + 1);
        long k = 0, n = 0;
        const std::size_t at = line.find("frame ");
        if (at != std::string::npos && std::sscanf(line.c_str() + at, "frame %ld of %ld", &k, &n) == 2 && n > 0)
            progress_ = static_cast<double>(k) / static_cast<double>(n);
        else if (!line.empty())
            last_line_ = line.rfind("convscope render: ", 0) == 0 ? line.substr(18) : line;
    }
}

void ExportJob::poll() {
    if (fd_ >= 0) {
        char buffer[4096];
        for (;;) {
            const ssize_t got = ::read(fd_, buffer, sizeof buffer);
            if (got > 0) {
                pending_.append(buffer, static_cast<std::size_t>(got));
                continue;
            }
            if (got == 0) {  // the child closed its end: everything is read
                ::close(fd_);
                fd_ = -1;
            }
            break;  // EAGAIN: nothing more for now
        }
        takeLines();
    }
    if (pid_ > 0) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            if (!pending_.empty()) pending_ += '\n', takeLines();
        }
    }
}

void ExportJob::cancel() {
    if (pid_ > 0) ::kill(-pid_, SIGTERM);  // the child's whole process group
}

namespace {

std::string& exportProgram() {
    static std::string program = "/proc/self/exe";
    return program;
}

std::string exportLessonPath() {
    return (std::filesystem::temp_directory_path() / ("convscope-export-" + std::to_string(::getpid()) + ".json")).string();
}

}  // namespace

void setExportProgram(const std::string& path) { exportProgram() = path; }

void updateExport(App& app) {
    UiState& ui = app.ui();
    std::unique_ptr<ExportJob>& job = app.exportJob();
    if (!ui.export_path.empty() && !(job && job->running())) {
        const std::string out = std::exchange(ui.export_path, {});
        const std::string lesson_path = exportLessonPath();
        std::string error;
        try {
            // The session as it stands, edits included: render plays the page it names.
            saveSessionFile(lesson_path, app.currentSession());
            const ImVec2 size = ImGui::GetIO().DisplaySize;
            const int w = std::max(320, static_cast<int>(size.x)), h = std::max(240, static_cast<int>(size.y));
            char scale[16];
            std::snprintf(scale, sizeof scale, "%.3g", static_cast<double>(ui.font_scale));
            job = std::make_unique<ExportJob>();
            if (!job->start({exportProgram(), "render", "--lesson", lesson_path, "-o", out, "--size",
                             std::to_string(w) + "x" + std::to_string(h), "--theme", ui.dark ? "dark" : "light",
                             "--scale", scale, "--progress-lines"},
                            error))
                throw std::runtime_error(error);
            job->output = out;
            ui.message.say("Exporting to " + out + "...");
        } catch (const std::exception& e) {
            ui.message.say(std::string("Not exported: ") + e.what(), true);
            std::error_code ec;
            std::filesystem::remove(lesson_path, ec);
        }
    }
    ui.export_path.clear();  // a second request while one runs waits for nothing
    if (!job || !job->started()) {
        ui.exporting = false;
        return;
    }
    if (std::exchange(ui.cancel_export, false)) job->cancel();
    const bool was_running = job->running();
    job->poll();
    ui.exporting = job->running();
    ui.export_progress = static_cast<float>(job->progress());
    if (was_running && !job->running()) {
        if (job->exitStatus() == 0) ui.message.say("Exported to " + job->output + ".");
        else if (job->exitStatus() < 0) ui.message.say("Export cancelled.");
        else ui.message.say("Not exported: " + job->lastLine(), true);
        std::error_code ec;
        std::filesystem::remove(exportLessonPath(), ec);
    }
}

}  // namespace cs
