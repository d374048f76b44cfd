// core/lab_colours.h: the lab's SIMD range and display bytes are the scalar
// definitions value for value (planeRange; toByte of the mapped value), on
// every SIMD target this build has, at the values where a shortcut would
// differ: halves, the ends of the byte range, NaN, infinities, signed zeros,
// tails shorter than a vector. And labColours is labDisplayImage plus
// labHistogram.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/fast_filter.h"
#include "core/image_filter.h"
#include "core/image_lab.h"
#include "core/lab_colours.h"

namespace cs {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Values at every edge of the byte map and of the min-max scaling.
std::vector<float> edgeValues() {
    std::vector<float> v = {0.f,    -0.f,   0.5f,    0.49999997f, 0.50000006f, 1.5f,   2.5f,   254.5f,
                            254.49998f, 254.50002f, 255.f, 255.49998f, 255.5f, 256.f,  1e30f,  -1e30f,
                            kInf,   -kInf,  std::nanf(""), 1e-40f, -1e-40f, 127.5f, -0.5f,  -127.5f};
    for (int i = -600; i <= 600; ++i) v.push_back(static_cast<float>(i) * 0.5f);  // every half from -300 to 300
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> any(-400.f, 400.f);
    for (int i = 0; i < 997; ++i) v.push_back(any(rng));  // an odd count: a tail on every target
    return v;
}

std::uint8_t wantByte(float v, ByteMap map, float lo, float hi) {
    if (map == ByteMap::Abs) return toByte(std::fabs(v));
    if (map == ByteMap::MinMax) return toByte(hi > lo ? (v - lo) * 255.f / (hi - lo) : 0.f);
    return toByte(v);
}

class LabColoursOnEveryTarget : public ::testing::Test {
protected:
    void TearDown() override { useFilterSimdTargetForTest(""); }
};

TEST_F(LabColoursOnEveryTarget, BytesAreToByteOfTheMappedValue) {
    const std::vector<float> v = edgeValues();
    const std::size_t n = v.size();
    std::vector<float> g(v.rbegin(), v.rend()), b(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = v[(i * 7) % n];
    for (const std::string& target : filterSimdTargets()) {
        useFilterSimdTargetForTest(target);
        for (ByteMap map : {ByteMap::Value, ByteMap::Abs, ByteMap::MinMax})
            for (auto [lo, hi] : {std::pair{-300.f, 300.f}, std::pair{0.25f, 254.75f}, std::pair{5.f, 5.f}}) {
                std::vector<std::uint8_t> rgb(4 * n), gray(4 * n);
                labMapBytes(v.data(), g.data(), b.data(), n, map, lo, hi, rgb.data());
                labMapBytes(v.data(), nullptr, nullptr, n, map, lo, hi, gray.data());
                int wrong = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    const std::uint8_t r = wantByte(v[i], map, lo, hi);
                    wrong += rgb[4 * i] != r || rgb[4 * i + 1] != wantByte(g[i], map, lo, hi) ||
                             rgb[4 * i + 2] != wantByte(b[i], map, lo, hi) || rgb[4 * i + 3] != 255;
                    wrong += gray[4 * i] != r || gray[4 * i + 1] != r || gray[4 * i + 2] != r || gray[4 * i + 3] != 255;
                    if (rgb[4 * i] != r) ADD_FAILURE() << target << " value " << v[i] << ": " << int(rgb[4 * i]) << " not " << int(r);
                }
                EXPECT_EQ(wrong, 0) << target << " map " << static_cast<int>(map) << " lo " << lo << " hi " << hi;
            }
    }
}

TEST_F(LabColoursOnEveryTarget, RangeIsPlaneRange) {
    std::vector<float> v = edgeValues();
    for (const std::string& target : filterSimdTargets()) {
        useFilterSimdTargetForTest(target);
        for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{17}, v.size()}) {
            Tensor t({1, 1, static_cast<int>(std::max<std::size_t>(n, 1))});
            if (n == 0) t.values()[0] = std::nanf("");  // no number at all
            for (std::size_t i = 0; i < n; ++i) t.values()[i] = v[i];
            const auto want = planeRange(t);
            const auto got = valueRange(t.data(), t.size());
            EXPECT_EQ(got.first, want.first) << target << " n " << n;
            EXPECT_EQ(got.second, want.second) << target << " n " << n;
            EXPECT_FALSE(std::signbit(got.first) && got.first == 0.f) << "a zero end is +0";
        }
        // Only zeros, the negative one first: +0 both ways.
        Tensor zeros({1, 1, 40});
        zeros.values()[0] = -0.f;
        EXPECT_FALSE(std::signbit(valueRange(zeros.data(), zeros.size()).first)) << target;
        EXPECT_FALSE(std::signbit(planeRange(zeros).first));
    }
}

TEST_F(LabColoursOnEveryTarget, BinsAreTheHistogramsDefinition) {
    std::vector<float> v = edgeValues();
    for (int k = 0; k <= 64; ++k) {  // every bin edge of [-300, 300] in 64 bins, and its neighbours
        const float edge = -300.f + 600.f * static_cast<float>(k) / 64.f;
        v.insert(v.end(), {edge, std::nextafter(edge, -kInf), std::nextafter(edge, kInf)});
    }
    for (const std::string& target : filterSimdTargets()) {
        useFilterSimdTargetForTest(target);
        for (auto [lo, hi] : {std::pair{-300.f, 300.f}, std::pair{0.f, 1.f}}) {
            const float span = hi - lo;
            std::vector<std::uint32_t> got(64, 0u), want(64, 0u);
            labCountBins(v.data(), v.size(), lo, span, got.data(), 64);
            for (float x : v) {
                if (std::isnan(x)) continue;
                const float at = std::clamp((x - lo) / span * 64.f, 0.f, 63.f);
                ++want[static_cast<std::size_t>(at)];
            }
            EXPECT_EQ(got, want) << target << " lo " << lo;
            EXPECT_GT(got[63], 0u) << "+inf and the huge values count in the last bin";
        }
    }
}

TEST(LabColours, AreTheDisplayImageAndTheHistogramInOnePass) {
    std::mt19937 rng(17);
    std::uniform_real_distribution<float> value(-300.f, 300.f);
    for (int c : {1, 3}) {
        Tensor planes({c, 97, 1531});  // 148,507 pixels: several blocks and shares, and a tail
        for (float& x : planes.values()) x = value(rng);
        planes.values()[1000] = std::nanf("");
        const auto [lo, hi] = planeRange(planes);
        for (LabDisplay d : {LabDisplay::Clamp, LabDisplay::Abs, LabDisplay::MinMax, LabDisplay::Diverging})
            for (int plane = 0; plane < c; ++plane) {
                const LabColours got = labColours(planes, d, plane, lo, hi, 64);
                EXPECT_EQ(got.display.pixels, labDisplayImage(planes, d, plane, lo, hi).pixels)
                    << labDisplayName(d) << " c " << c;
                EXPECT_EQ(got.histogram, labHistogram(planes, 64, lo, hi)) << labDisplayName(d) << " c " << c;
            }
    }
}

}  // namespace
}  // namespace cs
