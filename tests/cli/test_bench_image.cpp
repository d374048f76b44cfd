// `convscope bench --image IMG --kernel SPEC`: the JSON line's fields and the
// refusals. Times are only checked to be numbers (no timed tests).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "../support/run_binary.h"

namespace cs {
namespace {

using test::runBinary;

const std::string kImages = std::string(CONVSCOPE_TEST_DATA) + "/../../assets/images/";

TEST(BenchImage, JsonLineHasTheIssuesFields) {
    const auto r = runBinary("bench --image " + kImages + "astronaut.png --kernel gaussian:7 --repeat 2 --json");
    ASSERT_EQ(r.status, 0) << r.out;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("kernel"), "gaussian:7");
    EXPECT_EQ(j.at("backend"), "cpu");
    EXPECT_EQ(j.at("width"), 512);
    EXPECT_EQ(j.at("height"), 512);
    EXPECT_EQ(j.at("channels"), 3);
    EXPECT_EQ(j.at("path"), "separable");
    EXPECT_GE(j.at("threads").get<int>(), 1);
    EXPECT_GE(j.at("median_ms").get<double>(), j.at("min_ms").get<double>());
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one line: " << r.out;
}

// --png: the encoding of the image's pixels, its size in bytes and the times.
TEST(BenchImage, PngTimesTheEncodingOfTheImage) {
    const auto r = runBinary("bench --image " + kImages + "astronaut.png --png --repeat 1 --json");
    ASSERT_EQ(r.status, 0) << r.out;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("png"), true);
    EXPECT_EQ(j.at("width"), 512);
    EXPECT_EQ(j.at("channels"), 3);
    EXPECT_GT(j.at("bytes").get<int>(), 1000);
    EXPECT_LT(j.at("bytes").get<int>(), 512 * 512 * 3);
    EXPECT_GE(j.at("median_ms").get<double>(), j.at("min_ms").get<double>());
    const auto text = runBinary("bench --image " + kImages + "camera.png --png --repeat 1");
    ASSERT_EQ(text.status, 0) << text.out;
    EXPECT_NE(text.out.find("PNG encoding of 512 x 512 x 1"), std::string::npos) << text.out;
    EXPECT_EQ(runBinary("bench --image /nonexistent/x.png --png --repeat 1").status, 1);
}

TEST(BenchImage, GeneralKernelsAndTheReferenceBackend) {
    const auto r = runBinary("bench --image " + kImages + "camera.png --kernel \"1 2 3; 4 5 6; 7 8 10\" "
                             "--backend reference --padding-mode zeros --repeat 1 --json");
    ASSERT_EQ(r.status, 0) << r.out;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("path"), "general");
    EXPECT_EQ(j.at("channels"), 1);
    EXPECT_EQ(j.at("threads"), 1);
}

TEST(BenchImage, TextOutputNamesThePath) {
    const auto r = runBinary("bench --image " + kImages + "camera.png --kernel sobel-x --repeat 1 --threads 2");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("separable path, 2 threads"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("median "), std::string::npos) << r.out;
}

TEST(BenchImage, BadInputsAreRefusedWithTheReason) {
    auto r = runBinary("bench --image " + kImages + "camera.png --kernel nonsense --repeat 1");
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("not a preset"), std::string::npos) << r.out;
    r = runBinary("bench --image " + kImages + "camera.png --kernel \"1 2; 3 4\" --repeat 1");
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("odd"), std::string::npos) << r.out;
    r = runBinary("bench --image /nonexistent/x.png --kernel box --repeat 1");
    EXPECT_EQ(r.status, 1) << r.out;
    r = runBinary("bench --image " + kImages + "camera.png --kernel box --repeat 0");
    EXPECT_EQ(r.status, 2) << r.out;
    r = runBinary("bench --image " + kImages + "camera.png --kernel box --backend tpu");
    EXPECT_EQ(r.status, 2) << r.out;
}

}  // namespace
}  // namespace cs
