#pragma once
// Animated GIF out (giflib), for `convscope render`. Frames go in one at a
// time; the file is built in memory (the stage's frames compress to little)
// and written atomically, as every file convscope writes.
//
//   GifWriter gif(640, 360);
//   gif.addFrame(first, 10);    // RGB, 640 x 360, shown 0.10 s
//   gif.addFrame(first, 10);    // the same pixels: the previous frame now lasts 0.20 s
//   gif.addFrame(second, 10);
//   gif.writeAtomic("out.gif"); // 2 images; temp file, fsync, rename (IoError)
//
// Contract:
//  - frames are 3-channel RGB of exactly the writer's size (IoError
//    otherwise); the size is 1..65535 a side; delays are hundredths of a
//    second, at least 1 (each image's delay is capped at 65535).
//  - identical consecutive frames become one image whose delay is their sum.
//  - every image after the first holds only the rectangle that changed since
//    the one before (disposal "leave in place"), with its own colour table:
//    exact when the rectangle has at most 256 colours (flat UI colours
//    usually do), else the most used colours, kept apart from each other so
//    that a small but distinct colour is not crowded out by shades of a
//    common one; every other colour is drawn as its nearest table colour.
//  - the animation loops forever (the NETSCAPE2.0 extension).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/image.h"

namespace cs {

class GifWriter {
public:
    GifWriter(int width, int height);
    ~GifWriter();
    GifWriter(const GifWriter&) = delete;
    GifWriter& operator=(const GifWriter&) = delete;

    void addFrame(const Image& rgb, int delay_cs);
    // Encodes what is pending and returns the whole file. No frame: IoError.
    std::vector<std::uint8_t> finish();
    // finish(), then the bytes to `path` atomically (io/text_file.h).
    void writeAtomic(const std::string& path);

    // Images stored so far (after merging identical frames; the pending one counts).
    std::size_t imageCount() const;
    // False once a rectangle needed more than 256 colours and was quantised.
    bool exact() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cs
