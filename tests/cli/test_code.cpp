// `convscope code` end to end: the request of every built-in lesson through
// `convscope compute`, the done-when check (the seed's script prints
// [[1, 2], [2, 4]]), and, where /usr/bin/python3 has torch, numpy and scipy,
// every PyTorch and NumPy snippet run and compared with convscope's result.
// Without those modules the run test is SKIPPED with the reason (never a pass).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "../support/run_binary.h"
#include "core/engine.h"
#include "core/layers_lesson.h"
#include "core/lesson.h"
#include "io/code_gen.h"
#include "io/request_json.h"

namespace cs {
namespace {

using test::runBinary;
using test::runShell;


TEST(CodeCli, RequestOfEveryBuiltinLessonThroughComputeGivesItsResult) {
    for (const std::string& name : builtinLessonNames()) {
        const auto r = runShell(std::string(CONVSCOPE_BINARY) + " code --lesson " + name + " --lang request | " +
                                CONVSCOPE_BINARY + " compute");
        ASSERT_EQ(r.status, 0) << name << ": " << r.out;
        EXPECT_EQ(r.out, formatResult(CpuEngine().run(builtinLesson(name)->request)) + "\n") << name;
    }
}

// The Layers page's one-op lessons, by name (the pipeline is refused).
std::vector<std::string> layerLessonNames() {
    std::vector<std::string> names;
    for (const std::string& name : layersLessonNames())
        if (!builtinLayersLesson(name)->isPipeline()) names.push_back(name);
    return names;
}

TEST(CodeCli, RequestOfEveryLayersLessonThroughComputeGivesItsResult) {
    const auto names = layerLessonNames();
    ASSERT_EQ(names.size(), 5u);
    for (const std::string& name : names) {
        const auto r = runShell(std::string(CONVSCOPE_BINARY) + " code --lesson " + name + " --lang request | " +
                                CONVSCOPE_BINARY + " compute");
        ASSERT_EQ(r.status, 0) << name << ": " << r.out;
        EXPECT_EQ(r.out, formatResult(CpuEngine().run(builtinLayersLesson(name)->stages.front())) + "\n") << name;
    }
}

TEST(CodeCli, PipelineIsRefusedNamingItsStages) {
    const auto r = runBinary("code --lesson pipeline --lang pytorch");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("batchnorm2d -> relu"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("-> softmax"), std::string::npos) << r.out;
}

TEST(CodeCli, UnknownLessonAndLanguageAreRefused) {
    const auto a = runBinary("code --lesson nosuch --lang pytorch");
    EXPECT_EQ(a.status, 2);
    EXPECT_NE(a.out.find("no lesson \"nosuch\""), std::string::npos) << a.out;
    const auto b = runBinary("code --lesson seed --lang matlab");
    EXPECT_NE(b.status, 0);
    EXPECT_NE(b.out.find("matlab"), std::string::npos) << b.out;
}

bool pythonHas(const std::string& modules) {
    return runShell("/usr/bin/python3 -c 'import " + modules + "' 2>/dev/null").status == 0;
}

// Runs every snippet in one Python process (torch is imported once: each
// import costs seconds), each in its own namespace, and reads back one JSON
// line per snippet: `output`'s shape and values, or the error it raised.
std::vector<nlohmann::json> runPython(const std::vector<std::string>& snippets) {
    std::string script = "import json, traceback\nimport numpy as _np\nsnippets = [\n";
    for (const std::string& s : snippets) script += "    " + nlohmann::json(s).dump() + ",\n";
    script +=
        "]\nfor src in snippets:\n"
        "    ns = {}\n"
        "    try:\n"
        "        exec(compile(src, 'snippet', 'exec'), ns)\n"
        "        o = ns['output']\n"
        "        o = o.detach().numpy() if hasattr(o, 'detach') else _np.asarray(o)\n"
        "        print(json.dumps({'shape': list(o.shape), 'values': [float(v) for v in o.reshape(-1)]}))\n"
        "    except Exception:\n"
        "        print(json.dumps({'error': traceback.format_exc()}))\n";
    const auto r = runShell("/usr/bin/python3 - 2>/dev/null", script);
    std::vector<nlohmann::json> answers;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line[0] == '{') answers.push_back(nlohmann::json::parse(line));
    return answers;
}

// The built-in lessons plus requests that reach what they do not: other
// padding modes, dilation, ceil_mode, count_include_pad, 1-D modes, channels.
std::vector<std::pair<std::string, OpRequest>> snippetCases() {
    std::vector<std::pair<std::string, OpRequest>> cases;
    for (const std::string& name : builtinLessonNames()) cases.emplace_back(name, builtinLesson(name)->request);
    for (const std::string& name : layerLessonNames()) cases.emplace_back(name, builtinLayersLesson(name)->stages.front());
    const char* extra[] = {
        R"({"op":"conv2d","input":[[1,2,3,4],[5,6,7,8],[9,10,11,12],[13,14,15,16]],"kernel":[[1,2],[3,4]],"padding":[2,1],"padding_mode":"replicate","dilation":[1,2],"stride":[1,2]})",
        R"({"op":"xcorr2d","input":[[1,2,3],[4,5,6],[7,8,9]],"kernel":[[0,1],[1,0.5]],"padding":2,"padding_mode":"circular"})",
        R"({"op":"xcorr2d","input":[[[1,2,3],[4,5,6],[7,8,9]],[[0,1,0],[1,0,1],[0,1,0]]],"kernel":[[1,-1],[2,0]],"padding":1,"padding_mode":"reflect"})",
        R"({"op":"conv2d","input":[[1,2,3],[4,5,6],[7,8,9]],"kernel":[[[[1,0],[0,2]]],[[[0,1],[-1,0]]]],"bias":[1,-2]})",
        R"({"op":"maxpool2d","input":[[1,2,3,4,5],[6,7,8,9,1],[2,3,4,5,6],[7,8,9,1,2],[3,4,5,6,7]],"kernel_size":3,"stride":2,"padding":1,"dilation":[1,2],"ceil_mode":true})",
        R"({"op":"avgpool2d","input":[[1,2,3,4,5],[6,7,8,9,1],[2,3,4,5,6],[7,8,9,1,2],[3,4,5,6,7]],"kernel_size":[3,2],"stride":2,"padding":1,"ceil_mode":true,"count_include_pad":false})",
        R"({"op":"lppool2d","input":[[1,2,3,4,5],[6,7,8,9,1],[2,3,4,5,6],[7,8,9,1,2],[3,4,5,6,7]],"kernel_size":2,"stride":2,"ceil_mode":true,"norm_type":3})",
        R"({"op":"globalavgpool","input":[[[1,2],[3,4]],[[5,6],[7,9]]]})",
        R"({"op":"globalmaxpool","input":[[1,2],[3,4]]})",
        R"({"op":"autocorr2d","input":[[[1,2],[3,4]],[[0,1],[1,0]]]})",
        R"({"op":"conv1d","f":[1,2,3,4],"g":[1,0.5],"mode":"same"})",
        R"({"op":"conv1d","f":[1,2],"g":[1,0.5,2,3],"mode":"valid"})",
        R"({"op":"xcorr1d","f":[1,2,3],"g":[0,1,0.5,2,1],"mode":"same"})",
        R"({"op":"xcorr1d","f":[1,2,3,4],"g":[0,1],"mode":"valid"})",
        R"({"op":"autocorr1d","f":[1,2,-1,3],"mode":"full"})",
        // groups, padding "same" with an even kernel, and conv_transpose2d.
        R"({"op":"xcorr2d","input":[[[1,2,3],[4,5,6],[7,8,9]],[[0,1,0],[1,0,1],[0,1,0]]],"kernel":[[[[1,0],[0,2]]],[[[0,1],[-1,0]]],[[[1,1],[1,1]]],[[[2,0],[0,-1]]]],"groups":2,"bias":[1,0,-1,0.5]})",
        R"({"op":"conv2d","input":[[1,2,3,4],[5,6,7,8],[9,10,11,12]],"kernel":[[1,2],[3,4]],"padding":"same","padding_mode":"reflect"})",
        R"({"op":"xcorr2d","input":[[1,2,3,4],[5,6,7,8],[9,10,11,12]],"kernel":[[1,2,0,1],[3,4,1,0]],"padding":"same","dilation":[1,2]})",
        R"({"op":"conv_transpose2d","input":[[1,2],[3,4]],"kernel":[[1,2,0],[0,1,3],[2,0,1]],"stride":2,"padding":1,"output_padding":1})",
        R"({"op":"conv_transpose2d","input":[[[1,2],[3,4]],[[0,1],[1,0]]],"kernel":[[[[1,2],[0,1]],[[1,0],[1,1]]],[[[0,1],[2,0]],[[1,1],[0,1]]]],"groups":2,"bias":[1,-1,0,2],"stride":[2,1],"dilation":[1,2]})",
        R"({"op":"conv_transpose2d","input":[[[1,2],[3,4]],[[0,1],[-1,2]]],"kernel":[[1,2],[0,-1]],"bias":[0.5],"stride":2,"padding":1,"output_padding":1})",
        R"({"op":"conv_transpose2d","input":[[[1,2],[3,4]],[[0,1],[-1,2]]],"kernel":[[[[1,0],[2,1]],[[0,1],[1,0]]],[[[1,1],[0,1]],[[2,0],[0,1]]]],"bias":[1,-1],"stride":[2,1],"dilation":[1,2]})",
        R"({"op":"conv_transpose2d","input":[[[1,2],[3,4]],[[0,1],[-1,2]]],"kernel":[[[[1,0],[2,1]]],[[[1,1],[0,1]]]],"groups":2,"stride":2})",
        R"({"op":"relu","input":[[[[1,-2],[0,3]]],[[[-1,2],[4,-5]]]]})",
        R"({"op":"softmax","input":[[1,2,3],[1000,0,-1000]],"dim":0})",
        R"({"op":"softmax","input":[1,2,3]})",
        R"({"op":"flatten","input":[[[[1,2],[3,4]],[[5,6],[7,8]]]],"start_dim":2,"end_dim":3})",
        R"({"op":"flatten","input":[[[1,2],[3,4]],[[5,6],[7,8]]],"start_dim":0,"end_dim":1})",
        R"({"op":"batchnorm2d","input":[[[[1,2],[3,4]],[[0,1],[1,0]]],[[[2,0],[1,5]],[[3,3],[1,2]]]],"weight":[2,0.5],"bias":[1,-1],"eps":0.001,"momentum":0.3,"training":true})",
        R"({"op":"batchnorm2d","input":[[[1,2],[3,4]],[[0,1],[1,0]]],"running_mean":[1,0.5],"running_var":[4,0.25],"eps":0.01})",
        R"({"op":"batchnorm2d","input":[[[1,2],[3,5]]],"training":true})",
        R"({"op":"linear","input":[[1,2],[3,-1]],"weight":[[1,0],[0.5,1],[1,1]]})",
        R"({"op":"linear","input":[1,2],"weight":[[1,0],[0,1],[1,1]],"bias":[0,0,1]})",
    };
    for (const char* json : extra) cases.emplace_back(json, parseRequest(json));
    return cases;
}

void expectGives(const nlohmann::json& got, CodeLang lang, const std::string& name, const Tensor& want) {
    ASSERT_FALSE(got.contains("error")) << codeLangName(lang) << " " << name << ":\n" << got["error"].get<std::string>();
    const auto values = got["values"].get<std::vector<double>>();
    ASSERT_EQ(values.size(), want.values().size()) << codeLangName(lang) << " " << name;
    if (lang == CodeLang::NumPy) {
        EXPECT_EQ(got["shape"].get<std::vector<int>>(), want.shape()) << name;
    }
    for (std::size_t i = 0; i < values.size(); ++i)
        EXPECT_NEAR(values[i], want.values()[i], 1e-4 * (1 + std::abs(values[i])))
            << codeLangName(lang) << " " << name << " [" << i << "]";
}

TEST(CodeCli, PytorchAndNumpySnippetsComputeTheLessonsResult) {
    if (!pythonHas("torch, numpy, scipy"))
        GTEST_SKIP() << "NOT RUN: /usr/bin/python3 lacks torch, numpy or scipy (Debian: python3-torch python3-scipy); "
                        "the snippets were not executed";
    const auto cases = snippetCases();
    const CodeLang langs[] = {CodeLang::PyTorch, CodeLang::NumPy};
    std::vector<std::string> snippets;
    for (const auto& c : cases)
        for (CodeLang lang : langs) snippets.push_back(generateCode(c.second, lang, "test"));
    const std::vector<nlohmann::json> answers = runPython(snippets);
    ASSERT_EQ(answers.size(), snippets.size()) << "python3 did not answer every snippet";
    std::size_t i = 0;
    for (const auto& [name, request] : cases) {
        const Tensor want = CpuEngine().run(request);
        for (CodeLang lang : langs) expectGives(answers[i++], lang, name, want);
    }
}

// The issue's done-when check, as a student would run it.
TEST(CodeCli, SeedScriptPrintsTheSeedsResult) {
    if (!pythonHas("torch")) GTEST_SKIP() << "NOT RUN: /usr/bin/python3 has no torch (Debian: python3-torch)";
    const auto r = runShell("(" + std::string(CONVSCOPE_BINARY) +
                            " code --lesson seed --lang pytorch; echo 'print(output.squeeze().int().tolist())') | /usr/bin/python3 -");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "[[1, 2], [2, 4]]\n");
}

}  // namespace
}  // namespace cs
