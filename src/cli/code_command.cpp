// `convscope code`: the code for a lesson's configuration (io/code_gen.h), the
// same text the app's Code panel shows.
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/cli.h"
#include "core/layers_lesson.h"
#include "io/code_gen.h"
#include "io/lesson_json.h"
#include "io/image_io.h"  // IoError

namespace cs {

CLI::App* addCodeCommand(CLI::App& app, CodeOptions& options) {
    auto* code = app.add_subcommand("code", "Print code that computes a lesson: PyTorch, NumPy/SciPy, the compute request or LaTeX");
    code->add_option("--lesson", options.lesson, "built-in lesson name (the matrix or Layers page's) or lesson file")->required();
    std::vector<std::string> langs;
    for (const CodeLangInfo& info : allCodeLangs()) langs.emplace_back(info.name);
    code->add_option("--lang", options.lang, "pytorch (a runnable script leaving `output`), numpy, request or latex")
        ->check(CLI::IsMember(langs));
    code->footer(
        "Examples:\n"
        "  convscope code --lesson seed --lang pytorch > seed.py\n"
        "  (convscope code --lesson seed --lang pytorch; echo 'print(output.squeeze().tolist())') | python3\n"
        "    -> [[1.0, 2.0], [2.0, 4.0]]\n"
        "  convscope code --lesson pooling --lang request | convscope compute");
    return code;
}

int runCode(const CodeOptions& options, std::ostream& out, std::ostream& err) {
    Lesson lesson;
    // The Layers page's built-in lessons first (relu, batchnorm, ...): their
    // names are not the matrix page's. The pipeline is seven requests, each
    // fed by the one before: no single script or request computes it.
    if (auto layers = builtinLayersLesson(options.lesson)) {
        if (layers->isPipeline()) {
            std::string stages;
            for (const OpRequest& stage : layers->stages) stages += (stages.empty() ? "" : " -> ") + std::string(opName(stage.params.op));
            err << "convscope code: lesson \"" << options.lesson << "\" is a pipeline of " << layers->stages.size()
                << " ops (" << stages << "), each fed by the one before; code is written for one op: try --lesson "
                   "relu, batchnorm, flatten, softmax or linear.\n";
            return 2;
        }
        lesson = lessonOfLayers(*layers);
    } else try {
        lesson = loadLesson(options.lesson);
    } catch (const LessonFileError& e) {
        err << "convscope code: " << e.what() << "\n";
        return 2;
    } catch (const IoError& e) {
        err << "convscope code: " << e.what() << "\n";
        return 1;
    }
    const auto lang = parseCodeLang(options.lang);
    if (!lang) {
        err << "convscope code: unknown --lang \"" << options.lang << "\".\n";
        return 2;
    }
    try {
        // The result is checked first: code for a lesson the engines refuse
        // would fail in PyTorch too, with a less helpful message.
        const Tensor result = CpuEngine().run(lesson.request);
        out << generateCode(lesson.request, *lang, lesson.name, &result);
    } catch (const OpError& e) {
        err << "convscope code: lesson \"" << lesson.name << "\" cannot be computed: " << e.what() << "\n";
        return 2;
    } catch (const CodeError& e) {
        err << "convscope code: " << e.what() << "\n";
        return 2;
    }
    return 0;
}

}  // namespace cs
