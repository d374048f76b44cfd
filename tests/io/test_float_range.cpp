// FLT_MAX as convscope prints it ("3.4028235e+38", the shortest text that
// reads back as FLT_MAX) must read back wherever a float is read. Found by
// the matrix_text fuzzer (issue 15): the readers compared the decimal value,
// a little above FLT_MAX as a double, with FLT_MAX and refused it.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "io/float_range.h"
#include "io/lesson_json.h"
#include "io/request_json.h"

namespace {

constexpr float kMax = std::numeric_limits<float>::max();

TEST(FloatRange, FloatMaxAsPrintedRoundsToFloatMax) {
    EXPECT_EQ(cs::formatFloat(kMax), "3.4028235e+38");
    EXPECT_TRUE(cs::roundsToFiniteFloat(3.4028235e38));
    EXPECT_TRUE(cs::roundsToFiniteFloat(-3.4028235e38));
    EXPECT_TRUE(cs::roundsToFiniteFloat(static_cast<double>(kMax)));
    // The first double that rounds to infinity: FLT_MAX + 2^103 (a tie, to even).
    EXPECT_FALSE(cs::roundsToFiniteFloat(static_cast<double>(kMax) + 0x1p103));
    EXPECT_TRUE(cs::roundsToFiniteFloat(std::nextafter(static_cast<double>(kMax) + 0x1p103, 0.0)));
    EXPECT_FALSE(cs::roundsToFiniteFloat(3.4028236e38));
    EXPECT_FALSE(cs::roundsToFiniteFloat(std::numeric_limits<double>::infinity()));
    EXPECT_FALSE(cs::roundsToFiniteFloat(std::numeric_limits<double>::quiet_NaN()));
}

TEST(FloatRange, RequestReadsFloatMaxAsPrinted) {
    const cs::OpRequest r =
        cs::parseRequest(R"({"op": "xcorr2d", "input": [[3.4028235e+38, -3.4028235e38]], "kernel": [[1]]})");
    EXPECT_EQ(r.input.at(0, 0), kMax);
    EXPECT_EQ(r.input.at(0, 1), -kMax);
    EXPECT_THROW(cs::parseRequest(R"({"op": "xcorr2d", "input": [[3.4028236e38]], "kernel": [[1]]})"), cs::OpError);
}

TEST(FloatRange, LessonReadsFloatMaxAsPrinted) {
    const cs::Lesson l = cs::lessonFromJson(
        R"({"convscope_lesson": 1, "op": "xcorr2d", "input": [[3.4028235e+38]], "kernel": [[1]], "bias": [3.4028235e38]})");
    EXPECT_EQ(l.request.input.at(0, 0), kMax);
    ASSERT_EQ(l.request.bias.size(), 1u);
    EXPECT_EQ(l.request.bias[0], kMax);
    EXPECT_THROW(cs::lessonFromJson(R"({"convscope_lesson": 1, "op": "xcorr2d", "input": [[3.4028236e38]]})"),
                 cs::LessonFileError);
}

}  // namespace
