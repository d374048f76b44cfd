#pragma once
// An animated GIF read back with giflib's DGifSlurp, each image composited
// over the ones before (the writer's disposal: leave in place), for the tests
// of io/gif_writer.h and `convscope render`.
//
//   const GifMovie m = loadGifMovie(dir_ / "seed.gif");
//   ASSERT_TRUE(m.ok()) << m.error;
//   m.frames.size(), m.delays_cs[0], m.frames.back().at(x, y)
#include <filesystem>
#include <string>
#include <vector>

#include "gui_harness.h"  // Picture

namespace cs::test {

struct GifMovie {
    int width = 0, height = 0;        // the logical screen
    std::vector<Picture> frames;      // the whole screen after each image
    std::vector<int> delays_cs;       // each image's delay (hundredths of a second)
    bool loops = false;               // a NETSCAPE2.0 extension is there
    std::string error;                // why it did not decode ("" when it did)
    bool ok() const { return error.empty() && !frames.empty(); }
};

GifMovie loadGifMovie(const std::filesystem::path& path);

}  // namespace cs::test
