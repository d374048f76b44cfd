// The GUI monkey test (issue 15): the real app under Xvfb with random clicks,
// drags, keys and typed text on every page (convscope --monkey, app/monkey.h),
// then Save... and Open... of the lesson. No crash, no GL error (KHR_debug).
// Length: CONVSCOPE_MONKEY_SECONDS (default 20; scripts/test.sh sets 120 for
// CI); seed: CONVSCOPE_MONKEY_SEED (default: from the clock, printed, so a
// failure can be replayed with `convscope --monkey S --seed N`).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "../support/gui_harness.h"
#include "app/app.h"
#include "app/monkey.h"

namespace {

namespace fs = std::filesystem;

int envInt(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

class MonkeyGui : public cs::test::GuiTest {};

TEST_F(MonkeyGui, RandomInputOnEveryPageThenSaveAndReopen) {
    const int seconds = envInt("CONVSCOPE_MONKEY_SECONDS", 20);
    const auto clock = std::chrono::system_clock::now().time_since_epoch().count();
    const int seed = envInt("CONVSCOPE_MONKEY_SEED", static_cast<int>(clock % 1000000));
    // The monkey makes its sandbox under TMPDIR: here, inside the test folder.
    const fs::path tmp = dir_ / "tmp";
    fs::create_directories(tmp);
    ASSERT_EQ(setenv("TMPDIR", tmp.c_str(), 1), 0);

    std::string out;
    const int rc = run("--monkey " + std::to_string(seconds) + " --seed " + std::to_string(seed) + " --size 1600x900",
                       &out);
    std::cout << out;  // the report, for the CTest log
    EXPECT_EQ(rc, 0) << "replay: convscope --monkey " << seconds << " --seed " << seed << "\n" << out;
    EXPECT_NE(out.find("monkey: GL errors: 0\n"), std::string::npos) << out;
    EXPECT_NE(out.find("monkey: save and reopen: ok\n"), std::string::npos) << out;

    std::smatch m;
    ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(, (\d+) frames, (\d+) events)"))) << out;
    EXPECT_GE(std::stol(m[1]), 20) << "too few frames to have tried much";
    EXPECT_GE(std::stol(m[2]), 10);
    // Every page of the page table, with the seconds it was shown.
    for (const char* page : {"Matrices", "Signals", "Image lab", "Layers", "Network"}) {
        ASSERT_TRUE(std::regex_search(out, m, std::regex(std::string(" ") + page + R"( ([0-9.]+) s)"))) << out;
        EXPECT_GT(std::stod(m[1]), 0.0) << page << " not visited";
    }

    // Nothing written outside the sandbox, and the sandbox is gone after a clean run.
    EXPECT_TRUE(fs::is_empty(dir_ / "config"));
    if (rc == 0) {
        EXPECT_TRUE(fs::is_empty(tmp));
    }
}

// The monkey's guard: a Save... or Save PNG aimed outside its sandbox is
// dropped (and counted) before the app carries it out; inside, it goes ahead.
TEST_F(MonkeyGui, WritesOutsideTheSandboxAreRefused) {
    const fs::path sandbox = dir_ / "sandbox";
    fs::create_directories(sandbox);
    cs::App app(cs::defaultLesson(), cs::AppSettings{}, nullptr, "");
    cs::Monkey monkey(1.0, 1, sandbox.string());

    app.ui().save_lesson_path = (dir_ / "outside.json").string();
    app.imageLabUi().save_path = (sandbox / ".." / "escape.png").string();
    app.imageLabUi().request_save = true;
    app.networkUi().save_model = (dir_ / "model.safetensors").string();
    monkey.guardWrites(app);
    EXPECT_TRUE(app.ui().save_lesson_path.empty());
    EXPECT_FALSE(app.imageLabUi().request_save);
    EXPECT_TRUE(app.networkUi().save_model.empty()) << "the Network page's Save model... outside the sandbox";
    EXPECT_EQ(monkey.counts().writes_refused, 3u);

    app.ui().save_lesson_path = (sandbox / "lesson.json").string();
    app.imageLabUi().save_path = (sandbox / "sub" / "out.png").string();
    app.imageLabUi().request_save = true;
    monkey.guardWrites(app);
    EXPECT_EQ(app.ui().save_lesson_path, (sandbox / "lesson.json").string());
    EXPECT_TRUE(app.imageLabUi().request_save);
    EXPECT_EQ(monkey.counts().writes_refused, 3u);
}

}  // namespace
