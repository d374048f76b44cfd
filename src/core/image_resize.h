#pragma once
// The network's input: any image as 28 x 28 gray floats in [0, 1].
//
//   std::vector<float> x = cs::imageToNetInput(cs::loadImage("shoe.png"));  // 784 values
//
// Gray: 1 channel as is; 2 (gray + alpha) takes the gray; 3 and 4 (RGB, RGBA)
// take ITU-R 601 luma 0.299 R + 0.587 G + 0.114 B, as PIL's convert("L") and
// cv2.COLOR_RGB2GRAY do. Alpha is ignored (not composited).
// Resize, per axis, by area averaging: each output pixel is the mean of the
// source area it covers, partial source pixels weighted by the part covered
// (cv2.INTER_AREA / PIL's BOX filter for a downscale: within 2e-5 of OpenCV
// 4.6 on 100 x 70 -> 28 x 28). For an upscale the same box rule is used (where
// OpenCV switches to bilinear), so each output pixel takes the source pixel it
// falls in, or the area-weighted mix of the two it straddles: no overshoot, a
// flat image stays flat, the mean is preserved. 28 x 28 input is passed
// through unchanged. Output is value / 255, row-major, top row first.
// Throws std::invalid_argument for an empty or inconsistent image.
#include <vector>

#include "core/image.h"

namespace cs {

// Gray floats 0..255 (not divided), width * height values.
std::vector<float> imageToGray(const Image& image);

// Area-average resize of a gray plane (src_w x src_h) to dst_w x dst_h.
std::vector<float> resizeArea(const std::vector<float>& gray, int src_w, int src_h,
                              int dst_w, int dst_h);

// imageToGray, resizeArea to side x side, then / 255.
std::vector<float> imageToNetInput(const Image& image, int side = 28);

}  // namespace cs
