// io/model_file.h: the ConvNet <-> safetensors mapping. Every refusal names
// the tensor and leaves no half-built model (a new ConvNet is only returned
// on success).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "../support/temp_dir_test.h"
#include "io/model_file.h"

using namespace cs;

namespace {

class ModelFile : public test::TempDirTest {};

std::vector<NamedTensor> goodTensors() {
    ConvNet net;
    initializeConvNet(net, 4);
    net.num_batches_tracked[0] = 600;
    net.num_batches_tracked[1] = 600;
    return convNetToTensors(net);
}

NamedTensor& named(std::vector<NamedTensor>& t, const std::string& name) {
    for (auto& x : t) {
        if (x.name == name) return x;
    }
    throw std::runtime_error("no " + name);
}

std::string refusal(const std::vector<NamedTensor>& t) {
    try {
        convNetFromTensors(t, "m.safetensors");
    } catch (const IoError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_F(ModelFile, WritesAndReadsTheSameModelInStateDictOrder) {
    ConvNet net;
    initializeConvNet(net, 4);
    net.num_batches_tracked[1] = 7;
    writeConvNetFile(path("m.safetensors"), net);
    const ConvNet back = readConvNetFile(path("m.safetensors"));
    EXPECT_EQ(back.tensors, net.tensors);
    EXPECT_EQ(back.num_batches_tracked[1], 7);
    std::vector<std::string> names;
    for (const auto& t : readSafetensors(path("m.safetensors"))) names.push_back(t.name);
    EXPECT_EQ(names, convNetStateDictNames());
    EXPECT_EQ(entries(), std::vector<std::string>{"m.safetensors"});  // no temporary left
}

TEST_F(ModelFile, NumBatchesTrackedIsAnI64Scalar) {
    const auto t = goodTensors();
    auto copy = t;
    const NamedTensor& n = named(copy, "layer1.1.num_batches_tracked");
    EXPECT_EQ(n.dtype, StDtype::I64);
    EXPECT_TRUE(n.shape.empty());
    EXPECT_EQ(n.values, std::vector<double>{600});
}

TEST_F(ModelFile, RefusesAMissingTensorByName) {
    auto t = goodTensors();
    t.erase(t.begin() + 2);  // layer1.1.weight
    EXPECT_NE(refusal(t).find("layer1.1.weight is missing"), std::string::npos) << refusal(t);
}

TEST_F(ModelFile, RefusesAnExtraTensorByName) {
    auto t = goodTensors();
    t.push_back({"fc2.weight", StDtype::F32, {1}, {0.0}});
    EXPECT_NE(refusal(t).find("fc2.weight is not part of the seed's ConvNet"), std::string::npos) << refusal(t);
}

TEST_F(ModelFile, RefusesAWrongShapeByName) {
    auto t = goodTensors();
    auto& w = named(t, "layer2.0.weight");
    w.shape = {32, 16, 3, 3};
    w.values.resize(32 * 16 * 9);
    EXPECT_NE(refusal(t).find("layer2.0.weight has shape 32 x 16 x 3 x 3, the seed's ConvNet needs 32 x 16 x 5 x 5"),
              std::string::npos)
        << refusal(t);
}

TEST_F(ModelFile, RefusesAWrongDtypeByName) {
    auto t = goodTensors();
    named(t, "fc.bias").dtype = StDtype::F64;
    EXPECT_NE(refusal(t).find("fc.bias is F64, the seed's ConvNet stores it as F32"), std::string::npos) << refusal(t);
    auto u = goodTensors();
    named(u, "layer2.1.num_batches_tracked").dtype = StDtype::F32;
    EXPECT_NE(refusal(u).find("layer2.1.num_batches_tracked is F32"), std::string::npos) << refusal(u);
}

TEST_F(ModelFile, RefusesNaNAndANegativeVarianceByName) {
    auto t = goodTensors();
    named(t, "layer1.0.bias").values[3] = std::nan("");
    EXPECT_NE(refusal(t).find("layer1.0.bias holds NaN"), std::string::npos) << refusal(t);
    auto u = goodTensors();
    named(u, "layer2.1.running_var").values[0] = -1.0;
    EXPECT_NE(refusal(u).find("layer2.1.running_var holds a negative variance"), std::string::npos) << refusal(u);
}

TEST_F(ModelFile, ABadFileNamesTheFileAndTheCallersModelStays) {
    std::ofstream(path("bad.safetensors")) << "not a model";
    ConvNet current;
    initializeConvNet(current, 1);
    const ConvNet before = current;
    try {
        current = readConvNetFile(path("bad.safetensors"));
        FAIL() << "accepted a bad file";
    } catch (const IoError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.safetensors"), std::string::npos) << e.what();
    }
    EXPECT_EQ(current.tensors, before.tensors);
}
