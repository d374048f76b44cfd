// Safetensors: the committed fixture written by tools/safetensors_torch.py,
// round trips, every file that must be refused (with the tensor named), and
// the round trip through PyTorch itself when /usr/bin/python3 has torch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../support/run_binary.h"
#include "../support/temp_dir_test.h"
#include "io/safetensors.h"

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;
using cs::NamedTensor;
using cs::StDtype;

namespace {

class Safetensors : public cs::test::TempDirTest {};

// A file from a header text and data bytes (the header length in front).
Bytes fileOf(const std::string& header, const Bytes& data) {
    // Sized once and filled in place (inserting into an 8-byte vector trips
    // GCC 12's -Warray-bounds, a false positive).
    Bytes b(8 + header.size() + data.size());
    const std::uint64_t n = header.size();
    std::memcpy(b.data(), &n, 8);
    std::copy(header.begin(), header.end(), b.begin() + 8);
    std::copy(data.begin(), data.end(), b.begin() + 8 + static_cast<std::ptrdiff_t>(header.size()));
    return b;
}

Bytes f32Bytes(const std::vector<float>& v) {
    Bytes b(v.size() * 4);
    std::memcpy(b.data(), v.data(), b.size());
    return b;
}

void expectRefused(const Bytes& file, const std::vector<std::string>& needles) {
    try {
        cs::parseSafetensors(file, "bad.safetensors");
        FAIL() << "accepted; wanted: " << needles.front();
    } catch (const cs::DataFormatError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("bad.safetensors"), std::string::npos) << msg;
        for (const std::string& n : needles) EXPECT_NE(msg.find(n), std::string::npos) << "'" << n << "' in " << msg;
    }
}

void expectWriteRefused(const std::vector<NamedTensor>& t, const std::vector<std::string>& needles) {
    try {
        cs::encodeSafetensors(t, "out.safetensors");
        FAIL() << "written; wanted: " << needles.front();
    } catch (const cs::IoError& e) {
        const std::string msg = e.what();
        for (const std::string& n : needles) EXPECT_NE(msg.find(n), std::string::npos) << "'" << n << "' in " << msg;
    }
}

// The seed's state_dict names and shapes, with values that show mix-ups.
std::vector<NamedTensor> seedLike() {
    auto t = [](std::string name, StDtype dt, std::vector<std::int64_t> shape) {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        NamedTensor x{std::move(name), dt, std::move(shape), {}};
        for (std::int64_t i = 0; i < n; ++i)
            x.values.push_back(dt == StDtype::I64 ? double(i * 1000 + 7) : double(float((i % 97 - 48) / 64.0)));
        return x;
    };
    return {t("layer1.0.weight", StDtype::F32, {16, 1, 5, 5}), t("layer1.0.bias", StDtype::F32, {16}),
            t("layer1.1.running_var", StDtype::F32, {16}), t("layer1.1.num_batches_tracked", StDtype::I64, {}),
            t("fc.weight", StDtype::F32, {10, 1568}), t("f64", StDtype::F64, {3, 2})};
}

void expectSame(const std::vector<NamedTensor>& a, const std::vector<NamedTensor>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].name, b[i].name);
        EXPECT_EQ(a[i].dtype, b[i].dtype) << a[i].name;
        EXPECT_EQ(a[i].shape, b[i].shape) << a[i].name;
        EXPECT_EQ(a[i].values, b[i].values) << a[i].name;
    }
}

// Always runs: the fixture tools/safetensors_torch.py wrote (make_fixture.py).
TEST(SafetensorsFixture, ReadsTheFileThePythonToolWrote) {
    const auto t = cs::readSafetensors(std::string(CONVSCOPE_TEST_DATA) + "/safetensors/small.safetensors");
    ASSERT_EQ(t.size(), 6u);
    EXPECT_EQ(t[0].name, "layer1.0.weight");
    EXPECT_EQ(t[0].dtype, StDtype::F32);
    EXPECT_EQ(t[0].shape, (std::vector<std::int64_t>{2, 1, 3, 3}));
    for (int i = 0; i < 18; ++i) EXPECT_EQ(t[0].values[static_cast<std::size_t>(i)], (i - 9) / 8.0);
    EXPECT_EQ(t[1].name, "layer1.0.bias");
    EXPECT_EQ(t[1].values, (std::vector<double>{double(0.1f), double(-0.2f)}));
    EXPECT_EQ(t[2].name, "layer1.1.num_batches_tracked");
    EXPECT_EQ(t[2].dtype, StDtype::I64);
    EXPECT_TRUE(t[2].shape.empty());
    EXPECT_EQ(t[2].values, (std::vector<double>{600}));
    EXPECT_EQ(t[3].name, "fc.bias");
    EXPECT_EQ(t[3].dtype, StDtype::F64);
    EXPECT_EQ(t[3].values, (std::vector<double>{1.0 / 3.0, -1e300}));
    EXPECT_EQ(t[4].name, "big");
    EXPECT_EQ(t[4].values, (std::vector<double>{9007199254740991.0, -4503599627370496.0}));
    EXPECT_EQ(t[5].name, "empty");
    EXPECT_EQ(t[5].shape, (std::vector<std::int64_t>{0, 3}));
    EXPECT_TRUE(t[5].values.empty());
}

TEST_F(Safetensors, WritesAtomicallyAndReadsBack) {
    const auto t = seedLike();
    cs::writeSafetensorsAtomic(path("m.safetensors"), t);
    expectSame(cs::readSafetensors(path("m.safetensors")), t);
    EXPECT_EQ(entries(), (std::vector<std::string>{"m.safetensors"}));  // no temporary left
    // The header: 8-aligned, PyTorch's metadata, the offsets in order.
    std::ifstream in(path("m.safetensors"), std::ios::binary);
    std::uint64_t n = 0;
    in.read(reinterpret_cast<char*>(&n), 8);
    EXPECT_EQ(n % 8, 0u);
    std::string text(n, ' ');
    in.read(text.data(), static_cast<std::streamsize>(n));
    const auto h = nlohmann::json::parse(text);
    EXPECT_EQ(h["__metadata__"]["format"], "pt");
    EXPECT_EQ(h["layer1.1.num_batches_tracked"]["dtype"], "I64");
    EXPECT_EQ(h["layer1.0.weight"]["data_offsets"], nlohmann::json::array({0, 1600}));
    // Overwriting replaces the file.
    cs::writeSafetensorsAtomic(path("m.safetensors"), {t[1]});
    EXPECT_EQ(cs::readSafetensors(path("m.safetensors")).size(), 1u);
}

TEST_F(Safetensors, ReturnsTensorsInOffsetOrder) {
    const std::string header =
        R"({"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
    const auto t = cs::parseSafetensors(fileOf(header, f32Bytes({1.5f, 2.5f})));
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[0].name, "a");
    EXPECT_EQ(t[0].values[0], 1.5);
    EXPECT_EQ(t[1].name, "b");
}

TEST(SafetensorsRefuses, TruncatedAndLyingHeaderLength) {
    expectRefused({1, 2, 3}, {"truncated", "no header length"});
    Bytes lies = fileOf("{}", {});
    lies[0] = 200;
    expectRefused(lies, {"header length 200", "remaining 2 bytes"});
    Bytes absurd = fileOf("{}", {});
    absurd[5] = 1;  // 2^40
    expectRefused(absurd, {"absurd"});
    const std::string ok = R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})";
    Bytes cut = fileOf(ok, f32Bytes({1, 2, 3, 4}));
    cut.resize(cut.size() - 3);
    expectRefused(cut, {"tensor 'w'", "run past the data"});
}

TEST(SafetensorsRefuses, HeadersThatAreNotOurJson) {
    expectRefused(fileOf("{not json", {}), {"not valid JSON"});
    expectRefused(fileOf("[1,2]", {}), {"not a JSON object"});
    expectRefused(fileOf(R"({"w":5})", {}), {"tensor 'w'", "not a JSON object"});
    expectRefused(fileOf(R"({"w":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}})", {0, 0}),
                  {"tensor 'w'", "'BF16'"});
    expectRefused(fileOf(R"({"w":{"dtype":"F32","data_offsets":[0,4]}})", {0, 0, 0, 0}), {"tensor 'w'", "no shape"});
    expectRefused(fileOf(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", {0, 0, 0, 0}),
                  {"tensor 'w'", "sizes >= 0"});
    expectRefused(fileOf(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", {0, 0, 0, 0}),
                  {"tensor 'w'", "begin <= end"});
    expectRefused(fileOf(R"({"":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", {0, 0, 0, 0}), {"empty name"});
    expectRefused(fileOf(R"({"__metadata__":3})", {}), {"__metadata__"});
    const std::string entry = R"({"dtype":"F32","shape":[1],"data_offsets":[0,4]})";
    expectRefused(fileOf("{\"w\":" + entry + ",\"w\":" + entry + "}", {0, 0, 0, 0}), {"tensor 'w'", "twice"});
}

TEST(SafetensorsRefuses, OffsetsOutOfRangeOverlappingOrWithGaps) {
    const Bytes data = f32Bytes({1, 2, 3, 4});
    expectRefused(fileOf(R"({"w":{"dtype":"F32","shape":[5],"data_offsets":[0,20]}})", data),
                  {"tensor 'w'", "run past the data (16 bytes)"});
    expectRefused(fileOf(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},)"
                         R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                         data),
                  {"tensor 'b'", "overlap", "'a'"});
    expectRefused(fileOf(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                         R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                         data),
                  {"tensor 'b'", "unowned bytes"});
    expectRefused(fileOf(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}})", data),
                  {"4 bytes after the last tensor"});
    expectRefused(fileOf(R"({"w":{"dtype":"F64","shape":[4],"data_offsets":[0,16]}})", data),
                  {"tensor 'w'", "holds 16 bytes but F64 [4] needs 32"});
    // A shape whose product overflows 64 bits is caught before it wraps.
    expectRefused(fileOf(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,16]}})", data),
                  {"tensor 'w'", "larger than the file"});
    // Sixteen 16s: each size fits the 16 bytes but the product is 2^64,
    // which would wrap to 0 and pass as an empty tensor.
    std::string dims = "16";
    for (int i = 1; i < 16; ++i) dims += ",16";
    expectRefused(fileOf(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                         R"("w":{"dtype":"F32","shape":[)" + dims + R"(],"data_offsets":[16,16]}})",
                         data),
                  {"tensor 'w'", "larger than the file"});
}

TEST(SafetensorsRefuses, NanInfAndInexactIntegers) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    expectRefused(fileOf(R"({"layer2.1.running_var":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                         f32Bytes({1, nan})),
                  {"tensor 'layer2.1.running_var'", "value 1 is NaN or infinite"});
    Bytes inf(8);
    const double d = std::numeric_limits<double>::infinity();
    std::memcpy(inf.data(), &d, 8);
    expectRefused(fileOf(R"({"x":{"dtype":"F64","shape":[],"data_offsets":[0,8]}})", inf), {"tensor 'x'", "infinite"});
    Bytes big(8);
    const std::int64_t v = std::int64_t{1} << 53;
    std::memcpy(big.data(), &v, 8);
    expectRefused(fileOf(R"({"n":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", big), {"tensor 'n'", "2^53"});
}

TEST_F(Safetensors, RefusesFilesOverTheCapAndMissingFiles) {
    {
        std::ofstream(path("huge.safetensors")).put('x');
    }
    fs::resize_file(path("huge.safetensors"), static_cast<std::uintmax_t>(cs::kMaxSafetensorsFileBytes) + 1);  // sparse
    try {
        cs::readSafetensors(path("huge.safetensors"));
        FAIL();
    } catch (const cs::DataFormatError& e) {
        EXPECT_NE(std::string(e.what()).find("larger than 256 MiB"), std::string::npos) << e.what();
    }
    try {
        cs::readSafetensors(path("none.safetensors"));
        FAIL();
    } catch (const cs::IoError& e) {
        EXPECT_EQ(dynamic_cast<const cs::DataFormatError*>(&e), nullptr);
        EXPECT_NE(std::string(e.what()).find("none.safetensors"), std::string::npos) << e.what();
    }
}

TEST(SafetensorsWriter, RefusesTensorsItCannotWriteExactly) {
    expectWriteRefused({{"w", StDtype::F32, {2}, {1.0}}}, {"tensor 'w'", "holds 2 values but there are 1"});
    expectWriteRefused({{"w", StDtype::F32, {1}, {std::nan("")}}}, {"tensor 'w'", "NaN"});
    expectWriteRefused({{"w", StDtype::F32, {1}, {1e300}}}, {"tensor 'w'", "too large for F32"});
    expectWriteRefused({{"n", StDtype::I64, {1}, {0.5}}}, {"tensor 'n'", "not an integer"});
    expectWriteRefused({{"n", StDtype::I64, {1}, {9007199254740992.0}}}, {"tensor 'n'", "2^53"});
    expectWriteRefused({{"a", StDtype::F32, {}, {1}}, {"a", StDtype::F32, {}, {2}}}, {"tensor 'a'", "twice"});
    expectWriteRefused({{"a", StDtype::F32, {-1}, {}}}, {"tensor 'a'", "negative"});
    expectWriteRefused({{"", StDtype::F32, {}, {1}}}, {"empty name"});
}

// PyTorch reads what convscope writes, and convscope reads what PyTorch
// (through tools/safetensors_torch.py) writes. Without torch it reports so
// (SKIPPED with the reason); the fixture test above covers the reading side.
TEST_F(Safetensors, RoundTripsThroughPyTorch) {
    const auto t = seedLike();
    cs::writeSafetensorsAtomic(path("cpp.safetensors"), t);
    const std::string tool = "/usr/bin/python3 " + std::string(CONVSCOPE_SOURCE_DIR) + "/tools/safetensors_torch.py";
    const auto dump = cs::test::runShell(tool + " dump " + path("cpp.safetensors") + " 2>" + path("err.txt"));
    if (dump.status != 0 && cs::test::runShell("/usr/bin/python3 -c 'import torch' 2>&1").status != 0) {
        GTEST_SKIP() << "/usr/bin/python3 cannot import torch (apt-get install python3-torch): the round trip "
                        "through PyTorch did not run; SafetensorsFixture.ReadsTheFileThePythonToolWrote did";
    }
    ASSERT_EQ(dump.status, 0) << dump.out << cs::test::runShell("cat " + path("err.txt")).out;
    const auto j = nlohmann::json::parse(dump.out);
    ASSERT_EQ(j.size(), t.size());
    for (const NamedTensor& x : t) {
        const auto& e = j.at(x.name);
        EXPECT_EQ(e["dtype"], x.dtype == StDtype::F32 ? "F32" : x.dtype == StDtype::F64 ? "F64" : "I64");
        EXPECT_EQ(e["shape"].get<std::vector<std::int64_t>>(), x.shape) << x.name;
        EXPECT_EQ(e["values"].get<std::vector<double>>(), x.values) << x.name;
    }
    const auto copy = cs::test::runShell(tool + " copy " + path("cpp.safetensors") + " " + path("py.safetensors"));
    ASSERT_EQ(copy.status, 0) << copy.out;
    expectSame(cs::readSafetensors(path("py.safetensors")), t);
    EXPECT_EQ(entries(), (std::vector<std::string>{"cpp.safetensors", "err.txt", "py.safetensors"}));
}

}  // namespace
