#include "gui_harness.h"

#include <stb_image.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace cs::test {

namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// xvfb-run's own errors (it prefixes them with its name), not the app's.
bool harnessFailed(const std::string& log) {
    return log.find("Xvfb failed to start") != std::string::npos ||
           log.find("xvfb-run: error:") != std::string::npos;
}

}  // namespace

Picture loadPicture(const fs::path& path) {
    Picture p;
    int n = 0;
    unsigned char* data = stbi_load(path.c_str(), &p.width, &p.height, &n, 3);
    if (data == nullptr) return Picture{};
    p.rgb.assign(data, data + static_cast<std::size_t>(p.width) * static_cast<std::size_t>(p.height) * 3);
    stbi_image_free(data);
    return p;
}

std::size_t distinctColours(const Picture& p) {
    std::set<unsigned> colours;
    for (std::size_t i = 0; i + 2 < p.rgb.size(); i += 3 * 7)
        colours.insert(static_cast<unsigned>(p.rgb[i]) << 16 | static_cast<unsigned>(p.rgb[i + 1]) << 8 | p.rgb[i + 2]);
    return colours.size();
}

void GuiTest::SetUp() {
    TempDirTest::SetUp();
    if (HasFatalFailure()) return;
    fs::create_directories(dir_ / "config");
    binary_ = CONVSCOPE_BINARY;
}

int GuiTest::run(const std::string& args, std::string* out, bool xvfb) {
    const fs::path log = dir_ / "log.txt";
    std::string cmd = cwd_.empty() ? std::string() : "cd " + cwd_ + " && ";
    cmd += "XDG_CONFIG_HOME=" + (dir_ / "config").string() + " ";
    // The X authority file lives in the test's own folder: left to itself
    // xvfb-run makes a temporary folder and, when removing it fails under
    // load, exits 5 whatever the app returned (seen in CI).
    const fs::path auth = dir_ / "Xauthority";
    if (xvfb) {
        std::ofstream{auth};
        cmd += "xvfb-run -a -f " + auth.string() + " -s \"-screen 0 1920x1080x24\" ";
    }
    cmd += binary_ + " " + args + " > " + log.string() + " 2>&1";
    // xvfb-run -a can lose a race for a display number when tests run in
    // parallel; that is the harness failing, not the app, so try again.
    int status = 0;
    for (int attempt = 0; attempt < 3; ++attempt) {
        status = std::system(cmd.c_str());
        if (!xvfb || !harnessFailed(readText(log))) break;
    }
    if (out) *out = readText(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Picture GuiTest::shoot(const std::string& args, const fs::path& png) {
    std::string out;
    const int rc = run(args, &out);
    EXPECT_EQ(rc, 0) << out;
    return loadPicture(png);
}

}  // namespace cs::test
