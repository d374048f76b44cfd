// io/json_numbers.h: every number a lesson, session or settings file holds is
// checked before nlohmann converts it (the fuzzers found 1e300 cast to an
// int, 2^32 + 1 wrapped to 1); io/json_text.h: a text that is not JSON says
// where.
#include "io/json_numbers.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "io/json_text.h"
#include "io/lesson_json.h"
#include "io/request_json.h"

namespace {

using nlohmann::json;

TEST(JsonNumbers, WholeNumbersMustFitTheirType) {
    EXPECT_TRUE(cs::fitsInt(json(2147483647)));
    EXPECT_TRUE(cs::fitsInt(json(-2147483648LL)));
    EXPECT_FALSE(cs::fitsInt(json(2147483648LL)));
    EXPECT_FALSE(cs::fitsInt(json(-2147483649LL)));
    EXPECT_FALSE(cs::fitsInt(json(4294967297ULL)));  // 2^32 + 1: a cast would give 1
    EXPECT_FALSE(cs::fitsInt(json(2.0)));           // a float is not a whole number here
    EXPECT_FALSE(cs::fitsInt(json(1e300)));
    EXPECT_FALSE(cs::fitsInt(json("2")));
    EXPECT_FALSE(cs::fitsInt(json(true)));
    EXPECT_TRUE(cs::fitsWhole<std::size_t>(json(0)));
    EXPECT_FALSE(cs::fitsWhole<std::size_t>(json(-1)));  // would wrap to 2^64 - 1
    EXPECT_TRUE(cs::fitsWhole<unsigned char>(json(255)));
    EXPECT_FALSE(cs::fitsWhole<unsigned char>(json(256)));
}

TEST(JsonNumbers, FloatListsRefuseWhatNoFloatHolds) {
    const cs::JsonList<float> good = cs::floatList(json::parse("[1, -2.5, 3.4028235e38]"));
    ASSERT_TRUE(good.ok()) << good.problem;
    EXPECT_EQ(good.values, (std::vector<float>{1.f, -2.5f, 3.4028235e38f}));
    EXPECT_EQ(cs::floatList(json::parse("[1, 1e300]")).problem, "holds a value that is not a finite 32-bit float.");
    EXPECT_TRUE(cs::floatList(json::parse("[1, 1e300]")).values.empty());
    EXPECT_EQ(cs::floatList(json::parse("[1, \"2\"]")).problem, "must be a list of numbers.");
    EXPECT_EQ(cs::floatList(json(3)).problem, "must be a list of numbers.");
    EXPECT_TRUE(cs::floatList(json::array()).ok());
}

TEST(JsonNumbers, IntListsRefuseWhatNoIntHolds) {
    const cs::JsonList<int> good = cs::intList(json::parse("[2, -1, 0]"));
    ASSERT_TRUE(good.ok()) << good.problem;
    EXPECT_EQ(good.values, (std::vector<int>{2, -1, 0}));
    EXPECT_EQ(cs::intList(json::parse("[2, 2.5]")).problem, "must be a list of whole numbers in range.");
    EXPECT_EQ(cs::intList(json::parse("[1e300]")).problem, "must be a list of whole numbers in range.");
    EXPECT_EQ(cs::intList(json::parse("[4294967297]")).problem, "must be a list of whole numbers in range.");
    EXPECT_EQ(cs::intList(json("2")).problem, "must be a list of whole numbers.");
}

}  // namespace

namespace {

// A lesson file edited by hand and broken says where: the line and column a
// text editor shows, and what the parser expected there.
TEST(JsonText, ABrokenLessonFileSaysTheLineAndColumn) {
    // The comma after "xcorr2d" is missing: the parser stops at the end of "input".
    const std::string text = "{\n  \"convscope_lesson\": 1,\n  \"op\": \"xcorr2d\"\n  \"input\": [[1]]\n}\n";
    try {
        cs::lessonFromJson(text);
        FAIL() << "a missing comma was read";
    } catch (const cs::LessonFileError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("not valid JSON: line 4, column 9"), std::string::npos) << what;
        EXPECT_NE(what.find("expected '}'"), std::string::npos) << what;
    }
    EXPECT_EQ(cs::parseJsonText("[1e999]").error, "number overflow parsing '1e999'");
    EXPECT_EQ(cs::parseJsonText("[1, 2").error.rfind("line 1, column 6: ", 0), 0u) << cs::parseJsonText("[1, 2").error;
    EXPECT_TRUE(cs::parseJsonText("{\"a\": [1, 2]}").ok());
}

// Two equal keys in one object: JSON parsers keep one silently, so a lesson
// edited by hand would run with a stride its author did not see.
TEST(JsonText, AKeyTwiceInOneObjectIsRefused) {
    EXPECT_EQ(cs::parseJsonText("{\"stride\": 1, \"padding\": 0, \"stride\": 2}").error,
              "the key \"stride\" appears twice in one object");
    EXPECT_EQ(cs::parseJsonText("{\"a\": {\"b\": 1, \"b\": 2}}").error, "the key \"b\" appears twice in one object");
    // The same key in two objects, or at two depths, is no duplicate.
    EXPECT_TRUE(cs::parseJsonText("[{\"a\": 1}, {\"a\": 2}]").ok());
    EXPECT_TRUE(cs::parseJsonText("{\"a\": {\"a\": {\"a\": 1}}, \"b\": {\"a\": 2}}").ok());
    try {
        cs::lessonFromJson("{\"convscope_lesson\": 1, \"op\": \"xcorr2d\", \"input\": [[1]], \"kernel\": [[1]], "
                           "\"stride\": 1, \"stride\": 2}");
        FAIL() << "a lesson with two strides was read";
    } catch (const cs::LessonFileError& e) {
        EXPECT_NE(std::string(e.what()).find("\"stride\" appears twice"), std::string::npos) << e.what();
    }
}

}  // namespace

namespace {

// nlohmann's message quotes the bytes it read last, which may not be UTF-8:
// the message is made printable, and a compute error line built from it is
// valid JSON (found by fuzz_request: the error line threw and aborted).
TEST(JsonText, AMessageQuotingInvalidBytesIsPrintable) {
    const std::string text = "{\"op\"\xff\xff\xff:\"conv1d\"}";
    const std::string error = cs::parseJsonText(text).error;
    ASSERT_FALSE(error.empty());
    for (unsigned char c : error) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << error;
    const std::string line = cs::formatError("not valid JSON (" + error + ") \xff");
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;
}

}  // namespace
