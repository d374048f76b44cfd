// `convscope compute` end to end: the real binary, fed through a pipe.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "../reference_cases.h"
#include "../support/run_binary.h"
#include "cli/cli.h"
#include "core/tensor.h"

namespace cs {
namespace {

using test::runBinary;

TEST(ComputeCli, SeedExample) {
    const auto r = runBinary("compute",
                             R"({"op":"xcorr2d","input":[[1,0,1,0],[0,1,0,1],[1,0,1,0],[0,1,0,1]],)"
                             R"("kernel":[[1,1,1],[0,0,0],[1,1,1]],"padding":1,"stride":2})");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "{\"shape\": [2, 2], \"output\": [[1, 2], [2, 4]]}\n");
}

// The README's softmax example, a rank-4 result, and a bad layer request's line and exit status.
TEST(ComputeCli, LayerOpsPrintEveryRankAndRefuseBadRequests) {
    const auto r = runBinary("compute", "{\"op\":\"softmax\",\"input\":[1000,1001,999]}\n"
                                        "{\"op\":\"relu\",\"input\":[[[[-1,2]],[[3,-4]]]]}\n"
                                        "{\"op\":\"relu\",\"input\":[1],\"inplace\":true}\n");
    EXPECT_EQ(r.status, 2);
    std::istringstream lines(r.out);
    std::string a, b, c;
    std::getline(lines, a);
    std::getline(lines, b);
    std::getline(lines, c);
    EXPECT_EQ(a, "{\"shape\": [3], \"output\": [0.24472848, 0.66524094, 0.09003057]}");
    EXPECT_EQ(b, "{\"shape\": [1, 2, 1, 2], \"output\": [[[[0, 2]], [[3, 0]]]]}");
    EXPECT_NE(c.find("unknown field \\\"inplace\\\" for relu"), std::string::npos) << c;
}

TEST(ComputeCli, PrettyPrintedSingleRequest) {
    const auto r = runBinary("compute -", "{\n  \"op\": \"globalavgpool\",\n  \"input\": [[1, 2],\n [3, 4]]\n}\n");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "{\"shape\": [1, 1], \"output\": [[2.5]]}\n");
}

TEST(ComputeCli, JsonLinesKeepOrderAndReportEachError) {
    const auto r = runBinary("compute", "{\"op\":\"globalmaxpool\",\"input\":[[1,9]]}\nnot json\n"
                                        "{\"op\":\"conv1d\",\"f\":[1,2,3],\"g\":[0,1,0.5]}\n");
    EXPECT_EQ(r.status, 2);
    std::istringstream lines(r.out);
    std::string a, b, c;
    std::getline(lines, a);
    std::getline(lines, b);
    std::getline(lines, c);
    EXPECT_EQ(a, "{\"shape\": [1, 1], \"output\": [[9]]}");
    EXPECT_NE(b.find("\"error\""), std::string::npos);
    EXPECT_EQ(c, "{\"shape\": [5], \"output\": [0, 1, 2.5, 4, 1.5]}");
}

TEST(ComputeCli, MissingFileExitsOne) {
    const auto r = runBinary("compute /nonexistent/requests.jsonl", "");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("cannot open"), std::string::npos);
}

// A folder as the request file used to abort (std::ios_base::failure).
TEST(ComputeCli, FolderAsFileExitsOneWithReason) {
    const auto r = runBinary("compute " + ::testing::TempDir(), "");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("cannot read"), std::string::npos) << r.out;
}

// One over-deep line among JSON Lines used to make the whole input one
// request (one error line, the other answers lost).
TEST(ComputeCli, OverDeepLineKeepsTheOtherAnswers) {
    const std::string deep = "{\"op\":\"autocorr2d\",\"input\":" + std::string(40, '[') + "1" + std::string(40, ']') + "}";
    const auto r = runBinary("compute", "{\"op\":\"globalmaxpool\",\"input\":[[1,9]]}\n" + deep +
                                            "\n{\"op\":\"globalmaxpool\",\"input\":[[7]]}\n");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "{\"shape\": [1, 1], \"output\": [[9]]}\n"
                     "{\"error\":\"the request is nested 41 levels deep; at most 32 are accepted.\"}\n"
                     "{\"shape\": [1, 1], \"output\": [[7]]}\n");
}

// nlohmann stops at a NUL byte: the requests after it used to vanish (exit 0).
TEST(ComputeCli, NulByteIsReportedNotTruncated) {
    const auto r = runBinary("compute", std::string("{\"op\":\"globalmaxpool\",\"input\":[[1,9]]}\n") + '\0' +
                                            "{\"op\":\"globalmaxpool\",\"input\":[[7]]}\n");
    EXPECT_EQ(r.status, 2);
    std::istringstream lines(r.out);
    std::string a, b;
    std::getline(lines, a);
    std::getline(lines, b);
    EXPECT_EQ(a, "{\"shape\": [1, 1], \"output\": [[9]]}");
    EXPECT_NE(b.find("NUL byte"), std::string::npos) << r.out;
}

TEST(ComputeCli, NoSubcommandPrintsHelp) {
    const auto r = runBinary("--help", "");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("compute"), std::string::npos);
}

// One CTest entry per fixture: "Fixtures/ComputeReferenceCase.EndToEnd/0_seed_xcorr".
class ComputeReferenceCase : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ComputeReferenceCase, EndToEnd) {
    const test::ReferenceCase& c = test::referenceCases().at(GetParam());
    const auto r = runBinary("compute --backend cpu", c.request_json + "\n");
    EXPECT_EQ(r.status, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_TRUE(!j.is_discarded() && j.contains("output")) << c.request_json << "\n-> " << r.out;
    const Tensor got(j["shape"].get<std::vector<int>>(), test::tensorFromJson(j["output"].dump()).values());
    ASSERT_EQ(got.shape(), c.expected.shape()) << r.out;
    EXPECT_LE(maxRelativeError(got, c.expected), 1e-5) << c.request_json << "\n-> " << r.out;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ComputeReferenceCase, ::testing::ValuesIn(test::referenceCaseIndices()),
                         test::referenceCaseName);

// ---- issue 15: answers as they are known, input read as a stream -----------------

// `convscope compute` with pipes on its stdin, stdout and stderr, so a test can
// write requests, read answers while it still runs, and measure it.
class ComputeProcess {
public:
    ComputeProcess() {
        ::signal(SIGPIPE, SIG_IGN);  // a child that died must fail the test, not kill it
        int in[2], out[2], err[2];
        if (::pipe(in) != 0 || ::pipe(out) != 0 || ::pipe(err) != 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(in[0], 0);
            ::dup2(out[1], 1);
            ::dup2(err[1], 2);
            for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
            ::execl(CONVSCOPE_BINARY, CONVSCOPE_BINARY, "compute", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        ::close(err[1]);
        in_ = in[1];
        out_ = out[0];
        err_ = err[0];
    }
    ~ComputeProcess() {
        closeInput();
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (out_ >= 0) ::close(out_);
        if (err_ >= 0) ::close(err_);
    }
    bool started() const { return pid_ > 0; }
    bool write(const std::string& text) {
        std::size_t done = 0;
        while (done < text.size()) {
            const ssize_t n = ::write(in_, text.data() + done, text.size() - done);
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }
    void closeInput() {
        if (in_ >= 0) ::close(in_);
        in_ = -1;
    }
    // One line of stdout (without '\n'), or "<timeout>" / "<eof>".
    std::string readLine(int timeout_ms) {
        std::string line;
        while (true) {
            pollfd p{out_, POLLIN, 0};
            if (::poll(&p, 1, timeout_ms) <= 0) return "<timeout>";
            char c = 0;
            if (::read(out_, &c, 1) != 1) return "<eof>";
            if (c == '\n') return line;
            line += c;
        }
    }
    std::string readAllErr() {
        std::string text;
        char buf[4096];
        for (ssize_t n; (n = ::read(err_, buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
        return text;
    }
    // Waits for the exit; returns the status and the child's peak RSS in KiB.
    int wait(long* max_rss_kib = nullptr) {
        int status = 0;
        rusage usage{};
        ::wait4(pid_, &status, 0, &usage);
        reaped_ = true;
        if (max_rss_kib != nullptr) *max_rss_kib = usage.ru_maxrss;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

private:
    pid_t pid_ = -1;
    int in_ = -1, out_ = -1, err_ = -1;
    bool reaped_ = false;
};

// Output used to be held until the input ended: the first answer was not
// readable while the process ran (12.9 s behind one heavy line). The pipe is
// kept open, so the process cannot have ended when the first answer comes.
TEST(ComputeCli, EachLineIsAnsweredAsSoonAsItIsDone) {
    ComputeProcess p;
    ASSERT_TRUE(p.started());
    std::string heavy = "{\"op\":\"xcorr2d\",\"input\":[";
    for (int y = 0; y < 160; ++y) {
        heavy += y ? ",[" : "[";
        for (int x = 0; x < 160; ++x) heavy += x ? ",1" : "1";
        heavy += "]";
    }
    heavy += "],\"kernel\":" + nlohmann::json(std::vector<std::vector<int>>(31, std::vector<int>(31, 1))).dump() + "}";
    ASSERT_TRUE(p.write("{\"op\":\"globalmaxpool\",\"input\":[[1,9]]}\n" + heavy + "\n"));
    // A generous bound: the answer needs milliseconds; without the fix it never comes.
    EXPECT_EQ(p.readLine(60000), "{\"shape\": [1, 1], \"output\": [[9]]}");
    const std::string second = p.readLine(60000);
    EXPECT_EQ(second.rfind("{\"shape\": [130, 130]", 0), 0u) << second.substr(0, 200);
    ASSERT_TRUE(p.write("{\"op\":\"globalmaxpool\",\"input\":[[7]]}\n"));
    EXPECT_EQ(p.readLine(60000), "{\"shape\": [1, 1], \"output\": [[7]]}");
    p.closeInput();
    EXPECT_EQ(p.readLine(60000), "<eof>");
    EXPECT_EQ(p.wait(), 0);
}

// 2 GB of whitespace took 3.9 GB before "no request given": the whole input
// was read into one string. 300 MB (long runs of spaces, blank lines, CRLF)
// must now cost about nothing; the bound is generous (sanitizer builds).
TEST(ComputeCli, BlankInputCostsNoMemory) {
    ComputeProcess p;
    ASSERT_TRUE(p.started());
    const std::string spaces(std::size_t{1} << 20, ' ');
    std::string blank_lines;
    while (blank_lines.size() < spaces.size()) blank_lines += " \t \r\n\n";
    bool written = true;
    for (int mib = 0; mib < 300 && written; ++mib) written = p.write(mib % 3 == 1 ? blank_lines : spaces);
    EXPECT_TRUE(written);
    p.closeInput();
    EXPECT_EQ(p.readLine(60000), "<eof>");
    EXPECT_NE(p.readAllErr().find("no request given"), std::string::npos);
    long max_rss_kib = 0;
    EXPECT_EQ(p.wait(&max_rss_kib), 2);
    EXPECT_LT(max_rss_kib, 128 * 1024) << "peak RSS " << max_rss_kib << " KiB for 300 MB of blanks";
}

// A request past the ceiling gets an error that names the limit; with JSON
// Lines the next line is still answered; a document over it ends the run.
TEST(ComputeCli, RequestOverTheLimitIsRefusedByName) {
    std::string why;
    auto engine = makeEngine("cpu", why);
    ASSERT_TRUE(engine) << why;
    const std::string light = "{\"op\":\"globalmaxpool\",\"input\":[[1,9]]}";
    const std::string big = "{\"op\":\"globalmaxpool\",\"input\":[[" + std::string(2000, '1') + "]]}";
    const std::string limit_text = "longer than 1000 bytes (0 MiB), the limit for one request";
    {
        std::istringstream in("   " + light + std::string(5000, ' ') + "\n" + big + "\n\n" + light + "\n");
        std::ostringstream out, err;
        EXPECT_EQ(runCompute(in, out, err, *engine, 1000), 2);
        std::istringstream lines(out.str());
        std::string a, b, c;
        std::getline(lines, a), std::getline(lines, b), std::getline(lines, c);
        EXPECT_EQ(a, "{\"shape\": [1, 1], \"output\": [[9]]}");  // blanks at the ends do not count
        EXPECT_NE(b.find(limit_text), std::string::npos) << b;
        EXPECT_EQ(c, a);
    }
    {
        std::istringstream in("{\n  \"op\": \"globalmaxpool\",\n  \"input\": [[" + std::string(2000, '1') + "]]\n}\n");
        std::ostringstream out, err;
        EXPECT_EQ(runCompute(in, out, err, *engine, 1000), 2);
        EXPECT_NE(out.str().find(limit_text), std::string::npos) << out.str();
    }
    {  // a pretty-printed document within the limit is still one request
        std::istringstream in("{\n  \"op\": \"globalmaxpool\",\n\n  \"input\": [[1,\n 9]]\n}\n");
        std::ostringstream out, err;
        EXPECT_EQ(runCompute(in, out, err, *engine, 1000), 0);
        EXPECT_EQ(out.str(), "{\"shape\": [1, 1], \"output\": [[9]]}\n");
    }
}

}  // namespace
}  // namespace cs
