// convscope: a subcommand (compute, ...) runs the command line; no subcommand
// opens the lesson app (options: --lesson, --step, --screenshot, --size, ...).
#include <iostream>
#include <string>
#include <string_view>

#include "app/gui_main.h"
#include "cli/cli.h"

int main(int argc, char** argv) {
    // Anything that is not an option is a subcommand: the CLI knows them all
    // (and --version, which it prints).
    if (argc > 1 && (argv[1][0] != '-' || std::string_view(argv[1]) == "--version")) return cs::runCli(argc, argv);
    cs::GuiOptions options;
    bool help = false;
    std::string error;
    if (!cs::parseGuiOptions(argc, argv, options, help, error)) {
        std::cerr << "convscope: " << error << "\n\n" << cs::guiUsage();
        return 2;
    }
    if (help) {
        std::cout << cs::guiUsage() << "\n";
        std::string flag = "--help";
        char* cli_argv[] = {argv[0], flag.data(), nullptr};
        return cs::runCli(2, cli_argv);
    }
    return cs::runGui(options);
}
