// `convscope train` and `convscope classify` end to end on small slices of
// Debian's Fashion-MNIST (dataset-fashion-mnist, installed by scripts/deps.sh).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../support/run_binary.h"
#include "../support/temp_dir_test.h"

namespace cs {
namespace {

using test::runBinary;

class NetCommands : public test::TempDirTest {};

std::vector<nlohmann::json> jsonLines(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line[0] == '{') out.push_back(nlohmann::json::parse(line));
    }
    return out;
}

TEST_F(NetCommands, TrainWritesAModelThatClassifies) {
    const std::string model = path("m.safetensors");
    const auto r = runBinary("train --epochs 1 --limit 1000 --test-limit 200 --seed 3 --threads 2 -o '" + model + "'");
    ASSERT_EQ(r.status, 0) << r.out;
    // Not a terminal: plain progress lines, then the epoch line.
    EXPECT_NE(r.out.find("epoch 1/1 batch 10/10 loss "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("images/s ETA "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("test accuracy "), std::string::npos) << r.out;
    EXPECT_EQ(entries(), std::vector<std::string>{"m.safetensors"});

    const auto c = runBinary("classify --model '" + model + "' --test-set 50");
    ASSERT_EQ(c.status, 0) << c.out;
    const auto lines = jsonLines(c.out);
    ASSERT_EQ(lines.size(), 51u);
    EXPECT_EQ(lines[0]["logits"].size(), 10u);
    EXPECT_EQ(lines[0]["probabilities"].size(), 10u);
    EXPECT_EQ(lines.back()["count"], 50);
    // 1000 images for one epoch already beat chance (10%) by far.
    EXPECT_GT(lines.back()["accuracy"].get<double>(), 0.4) << c.out;
}

TEST_F(NetCommands, TrainIsDeterministicForASeedAndThreads) {
    for (const char* name : {"a.safetensors", "b.safetensors"}) {
        const auto r = runBinary("train --limit 300 --test-limit 10 --seed 5 --threads 2 -o '" + path(name) + "'");
        ASSERT_EQ(r.status, 0) << r.out;
    }
    std::ifstream a(path("a.safetensors"), std::ios::binary), b(path("b.safetensors"), std::ios::binary);
    const std::string sa((std::istreambuf_iterator<char>(a)), {}), sb((std::istreambuf_iterator<char>(b)), {});
    EXPECT_FALSE(sa.empty());
    EXPECT_EQ(sa, sb);
}

TEST_F(NetCommands, ClassifyAnswersOneLinePerImageInOrder) {
    const std::string model = path("m.safetensors");
    ASSERT_EQ(runBinary("train --limit 200 --test-limit 10 -o '" + model + "'").status, 0);
    const std::string img = std::string(CONVSCOPE_TEST_DATA) + "/../../assets/images/camera.png";
    const auto r = runBinary("classify --model '" + model + "' '" + img + "' missing.png '" + img + "'");
    EXPECT_EQ(r.status, 2) << r.out;
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 3u) << r.out;
    EXPECT_EQ(lines[0]["file"], img);
    EXPECT_TRUE(lines[0]["class"].is_string());
    EXPECT_EQ(lines[1]["file"], "missing.png");
    EXPECT_TRUE(lines[1].contains("error"));
    EXPECT_EQ(lines[2]["logits"], lines[0]["logits"]);
    double sum = 0;
    for (double p : lines[0]["probabilities"]) sum += p;
    EXPECT_NEAR(sum, 1.0, 1e-9);
}

TEST_F(NetCommands, ClassifyRefusesABadModelOnEitherBackend) {
    std::ofstream(path("bad.safetensors")) << "garbage";
    for (const char* backend : {"cpu", "gpu"}) {
        const auto r = runBinary(std::string("classify --backend ") + backend + " --model '" + path("bad.safetensors") +
                                 "' x.png");
        EXPECT_EQ(r.status, 2) << backend;
        EXPECT_NE(r.out.find("bad.safetensors"), std::string::npos) << backend << ": " << r.out;
    }
}

// The GPU engine runs the same ten layers (llvmpipe in CI): the same class and
// logits within 1e-4 of the batched CPU path, image files and test set alike.
TEST_F(NetCommands, ClassifyOnTheGpuMatchesTheCpu) {
    const std::string model = std::string(CONVSCOPE_TEST_DATA) + "/../../assets/models/fashion_convnet.safetensors";
    const std::string image = std::string(CONVSCOPE_TEST_DATA) + "/../../assets/images/camera.png";
    const std::string args = " --model '" + model + "' --test-set 12 '" + image + "'";
    const auto cpu = runBinary("classify --backend cpu" + args);
    const auto gpu = runBinary("classify --backend gpu" + args);
    ASSERT_EQ(cpu.status, 0) << cpu.out.substr(0, 2000);
    ASSERT_EQ(gpu.status, 0) << gpu.out.substr(0, 2000);
    const auto a = jsonLines(cpu.out), b = jsonLines(gpu.out);
    ASSERT_EQ(a.size(), 14u);
    ASSERT_EQ(b.size(), a.size());
    for (std::size_t i = 0; i + 1 < a.size(); ++i) {
        EXPECT_EQ(a[i]["index"], b[i]["index"]) << i;
        const auto la = a[i]["logits"].get<std::vector<double>>(), lb = b[i]["logits"].get<std::vector<double>>();
        ASSERT_EQ(la.size(), 10u);
        ASSERT_EQ(lb.size(), 10u);
        for (std::size_t k = 0; k < la.size(); ++k) EXPECT_NEAR(la[k], lb[k], 1e-4) << i << " logit " << k;
    }
    EXPECT_EQ(a.back(), b.back());  // the same accuracy over the same 12 images
}

TEST_F(NetCommands, TrainRefusesAMissingOutputFolderBeforeTraining) {
    const auto r = runBinary("train --limit 100 -o '" + path("no/such/m.safetensors") + "'");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("does not exist"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("epoch"), std::string::npos) << r.out;
}

// The model the Network page opens on first start (assets/models/PROVENANCE).
TEST_F(NetCommands, ShippedModelLoadsAndClassifiesTheTestSet) {
    const std::string model = std::string(CONVSCOPE_TEST_DATA) + "/../../assets/models/fashion_convnet.safetensors";
    const auto r = runBinary("classify --model '" + model + "' --test-set 1000");
    ASSERT_EQ(r.status, 0) << r.out.substr(0, 2000);
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 1001u);
    EXPECT_GT(lines.back()["accuracy"].get<double>(), 0.88) << lines.back().dump();
}

TEST_F(NetCommands, TrainRefusesAMissingDataFolder) {
    const auto r = runBinary("train --data '" + path("nothing") + "' -o '" + path("m.safetensors") + "'");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("nothing"), std::string::npos) << r.out;
    EXPECT_TRUE(entries().empty());
}

}  // namespace
}  // namespace cs
