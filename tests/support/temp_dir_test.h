#pragma once
// A GoogleTest fixture with a fresh, private directory per test, removed
// afterwards (mkdtemp: unique even when CTest runs tests in parallel).
//
//   class ImageIo : public cs::test::TempDirTest {};
//   TEST_F(ImageIo, Writes) { cs::writePng(path("a.png"), img); EXPECT_EQ(entries().size(), 1u); }
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace cs::test {

class TempDirTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // `name` inside the test directory.
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    // The names in the test directory, sorted: to prove nothing was left behind.
    std::vector<std::string> entries() const;

    std::filesystem::path dir_;
};

}  // namespace cs::test
