// The code generator (io/code_gen.h): every built-in lesson's request through
// the engine gives the lesson's result, and its PyTorch text matches the golden
// file in tests/data/code/<lesson>.py (CONVSCOPE_UPDATE_GOLDEN=1 rewrites them;
// review the diff before committing).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/engine.h"
#include "core/layers_lesson.h"
#include "core/lesson.h"
#include "io/code_gen.h"
#include "io/request_json.h"

namespace cs {
namespace {

std::string goldenPath(const std::string& lesson) { return std::string(CONVSCOPE_TEST_DATA) + "/code/" + lesson + ".py"; }

std::string readAll(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

// The matrix page's built-in lessons and the Layers page's one-op lessons
// (the pipeline is several requests: `convscope code` refuses it).
std::vector<Lesson> everyLesson() {
    std::vector<Lesson> lessons;
    for (const std::string& name : builtinLessonNames()) lessons.push_back(*builtinLesson(name));
    for (const std::string& name : layersLessonNames()) {
        const LayersLesson l = *builtinLayersLesson(name);
        if (!l.isPipeline()) lessons.push_back(lessonOfLayers(l));
    }
    return lessons;
}

TEST(CodeGen, RequestOfEveryBuiltinLessonGivesItsResult) {
    for (const Lesson& lesson : everyLesson()) {
        const std::string& name = lesson.name;
        const std::string json = generateCode(lesson.request, CodeLang::Request, name);
        const OpRequest back = parseRequest(json);
        EXPECT_TRUE(sameRequest(back, lesson.request) || !usesKernelTensor(lesson.request.params.op)) << name << ": " << json;
        const Tensor want = CpuEngine().run(lesson.request);
        const Tensor got = CpuEngine().run(back);
        EXPECT_EQ(got.shape(), want.shape()) << name;
        EXPECT_EQ(got.values(), want.values()) << name;
    }
}

TEST(CodeGen, PytorchTextOfEveryBuiltinLessonMatchesItsGoldenFile) {
    const bool update = std::getenv("CONVSCOPE_UPDATE_GOLDEN") != nullptr;
    for (const Lesson& lesson : everyLesson()) {
        const std::string& name = lesson.name;
        const Tensor result = CpuEngine().run(lesson.request);
        const std::string text = generateCode(lesson.request, CodeLang::PyTorch, name, &result);
        if (update) std::ofstream(goldenPath(name), std::ios::binary) << text;
        EXPECT_EQ(text, readAll(goldenPath(name))) << name << " (CONVSCOPE_UPDATE_GOLDEN=1 rewrites the golden files)";
    }
}

TEST(CodeGen, SeedScriptIsTheSeedSnippet) {
    const Lesson seed = defaultLesson();
    const std::string py = generateCode(seed.request, CodeLang::PyTorch, "seed");
    EXPECT_NE(py.find("import torch\n"), std::string::npos);
    EXPECT_NE(py.find("input_matrix = input_matrix.reshape(1, 1, 4, 4)"), std::string::npos) << py;
    EXPECT_NE(py.find("output = F.conv2d(input_matrix, kernel, stride=2, padding=1)"), std::string::npos) << py;
    EXPECT_EQ(py.find("flip"), std::string::npos) << "cross-correlation needs no flip";
}

TEST(CodeGen, ConvolutionFlipsWithAReason) {
    const Lesson flip = *builtinLesson("flip");
    const std::string py = generateCode(flip.request, CodeLang::PyTorch, "flip");
    EXPECT_NE(py.find("kernel = torch.flip(kernel, dims=[-2, -1])"), std::string::npos) << py;
    EXPECT_NE(py.find("# True convolution turns the kernel 180 degrees"), std::string::npos) << py;
    const std::string np = generateCode(flip.request, CodeLang::NumPy, "flip");
    EXPECT_NE(np.find("convolve2d(padded, kernel, mode=\"valid\")"), std::string::npos) << np;
}

TEST(CodeGen, ReflectPaddingGoesThroughFPad) {
    const std::string py = generateCode(builtinLesson("reflect")->request, CodeLang::PyTorch, "reflect");
    EXPECT_NE(py.find("F.pad(input_matrix, (1, 1, 1, 1), mode=\"reflect\")"), std::string::npos) << py;
    EXPECT_NE(py.find("padding=0)"), std::string::npos) << py;
}

TEST(CodeGen, LatexHasInputKernelAndOutputAsBmatrix) {
    const Lesson seed = defaultLesson();
    const Tensor result = CpuEngine().run(seed.request);
    const std::string tex = generateCode(seed.request, CodeLang::Latex, "seed", &result);
    EXPECT_NE(tex.find("X = \\begin{bmatrix}\n  1 & 0 & 1 & 0 \\\\\n"), std::string::npos) << tex;
    EXPECT_NE(tex.find("K = \\begin{bmatrix}"), std::string::npos) << tex;
    EXPECT_NE(tex.find("Y = \\begin{bmatrix}\n  1 & 2 \\\\\n  2 & 4\n\\end{bmatrix}"), std::string::npos) << tex;
}

TEST(CodeGen, OneDSignalsAndLanguageNames) {
    OpRequest r = parseRequest(R"({"op":"conv1d","f":[1,2,3],"g":[0,1,0.5],"mode":"same"})");
    EXPECT_EQ(requestJson(r), R"({"op": "conv1d", "f": [1, 2, 3], "g": [0, 1, 0.5], "mode": "same"})");
    EXPECT_NE(generateCode(r, CodeLang::NumPy).find("np.convolve(f, g, mode=\"same\")"), std::string::npos);
    EXPECT_EQ(parseCodeLang("pytorch"), CodeLang::PyTorch);
    EXPECT_EQ(parseCodeLang("matlab"), std::nullopt);
    for (const CodeLangInfo& info : allCodeLangs()) EXPECT_EQ(parseCodeLang(info.name), info.lang);
}

TEST(CodeGen, LayerOpsWriteTheirLibraryCalls) {
    const OpRequest bn = parseRequest(
        R"({"op":"batchnorm2d","input":[[[1,2],[3,4]],[[0,1],[1,0]]],"weight":[2,1],"eps":0.001,"momentum":0.2,"training":true})");
    EXPECT_EQ(requestJson(bn), R"({"op": "batchnorm2d", "input": [[[1, 2], [3, 4]], [[0, 1], [1, 0]]], "weight": [2, 1], )"
                               R"("eps": 0.001, "momentum": 0.2, "training": true})");
    const std::string py = generateCode(bn, CodeLang::PyTorch);
    EXPECT_NE(py.find("training=True, momentum=0.2, eps=0.001)"), std::string::npos) << py;
    EXPECT_NE(py.find("input_matrix = input_matrix.unsqueeze(0)"), std::string::npos) << py;
    EXPECT_NE(py.find("running_var = torch.tensor([1, 1], dtype=torch.float64)"), std::string::npos) << py;
    EXPECT_NE(generateCode(bn, CodeLang::NumPy).find("var = input_matrix.var(axis=(1, 2))"), std::string::npos);
    const OpRequest sm = parseRequest(R"({"op":"softmax","input":[[1,2],[3,4]],"dim":0})");
    EXPECT_NE(generateCode(sm, CodeLang::PyTorch).find("torch.softmax(input_matrix, dim=0)"), std::string::npos);
    EXPECT_NE(generateCode(sm, CodeLang::NumPy).find("input_matrix.max(axis=0, keepdims=True)"), std::string::npos);
    const OpRequest fl = parseRequest(R"({"op":"flatten","input":[[[1,2],[3,4]]],"start_dim":1})");
    EXPECT_EQ(requestJson(fl), R"({"op": "flatten", "input": [[[1, 2], [3, 4]]], "start_dim": 1, "end_dim": -1})");
    EXPECT_NE(generateCode(fl, CodeLang::NumPy).find("input_matrix.reshape(1, 4)"), std::string::npos);
    const OpRequest li = parseRequest(R"({"op":"linear","input":[1,2],"weight":[[1,0],[0,1],[1,1]],"bias":[0,0,1]})");
    EXPECT_NE(generateCode(li, CodeLang::PyTorch).find("output = F.linear(input_matrix, weight, bias)"), std::string::npos);
    EXPECT_NE(generateCode(li, CodeLang::NumPy).find("output = input_matrix @ weight.T + bias"), std::string::npos);
    const Tensor y = CpuEngine().run(li);
    const std::string tex = generateCode(li, CodeLang::Latex, "", &y);
    EXPECT_NE(tex.find("W = \\begin{bmatrix}\n  1 & 0 \\\\\n"), std::string::npos) << tex;
    EXPECT_NE(tex.find("Y = \\begin{bmatrix}\n  1 & 2 & 4\n\\end{bmatrix}"), std::string::npos) << tex;
}

}  // namespace
}  // namespace cs
