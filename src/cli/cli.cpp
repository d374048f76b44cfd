#include "cli/cli.h"
#include "cli/gpu_session.h"
#include "cli/net_commands.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

namespace cs {

int runCli(int argc, char** argv) {
    CLI::App app{"convscope: see convolution, correlation and pooling step by step"};
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", std::string("convscope ") + CONVSCOPE_VERSION, "Print the version and exit");

    std::string backend = "cpu";
    std::string input_path = "-";
    auto* compute = app.add_subcommand(
        "compute", "Answer JSON requests (one object, or JSON Lines) with one JSON line each");
    compute->add_option("--backend", backend, "cpu (exact reference) or gpu (compute shaders)")
        ->check(CLI::IsMember({"cpu", "gpu"}));
    compute->add_option("file", input_path, "request file, or - for standard input");
    compute->footer(
        "Example:\n  echo '{\"op\":\"xcorr2d\",\"input\":[[1,0,1,0],[0,1,0,1],[1,0,1,0],[0,1,0,1]],"
        "\"kernel\":[[1,1,1],[0,0,0],[1,1,1]],\"padding\":1,\"stride\":2}' | convscope compute\n"
        "  -> {\"shape\": [2, 2], \"output\": [[1, 2], [2, 4]]}");

    FilterOptions filter_options;
    auto* filter = addFilterCommand(app, filter_options);

    CodeOptions code_options;
    auto* code = addCodeCommand(app, code_options);

    auto* info = app.add_subcommand("info", "Print the OpenGL driver, its compute limits and the GPU engine's paths");
    BenchOptions bench_options;
    auto* bench = addBenchCommand(app, bench_options);
    TrainOptions train_options;
    auto* train = addTrainCommand(app, train_options);
    ClassifyOptions classify_options;
    auto* classify = addClassifyCommand(app, classify_options);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    if (compute->parsed()) {
        std::string why;
        auto engine = makeEngine(backend, why);
        if (!engine) {
            std::cerr << "convscope compute: " << why << "\n";
            return 1;
        }
        if (input_path == "-") return runCompute(std::cin, std::cout, std::cerr, *engine);
        std::ifstream file(input_path, std::ios::binary);
        if (!file) {
            std::cerr << "convscope compute: cannot open \"" << input_path << "\".\n";
            return 1;
        }
        // A folder opens but its first read throws (it used to abort the program).
        try {
            return runCompute(file, std::cout, std::cerr, *engine);
        } catch (const std::ios_base::failure&) {
            std::cerr << "convscope compute: cannot read \"" << input_path << "\" (is it a folder?).\n";
            return 1;
        }
    }
    if (filter->parsed()) return runFilter(filter_options, std::cout, std::cerr);
    if (code->parsed()) return runCode(code_options, std::cout, std::cerr);
    if (info->parsed()) return runInfo(std::cout, std::cerr);
    if (bench->parsed()) return runBench(bench_options, std::cout, std::cerr);
    if (train->parsed()) return runTrain(train_options, std::cout, std::cerr);
    if (classify->parsed()) return runClassify(classify_options, std::cout, std::cerr);
    std::cout << app.help();
    return 0;
}

}  // namespace cs
