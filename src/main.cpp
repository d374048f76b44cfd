// convscope: a subcommand (compute, ...) runs the command line; `render`
// plays a lesson headless into a GIF (it needs the app: app/render_main.h);
// no subcommand opens the lesson app (options: --lesson, --step, --screenshot, --size, ...).
#include <iostream>
#include <string>
#include <string_view>

#include "app/gui_main.h"
#include "app/render_main.h"
#include "cli/cli.h"

int main(int argc, char** argv) {
    // render drives the app itself; anything else that is not an option is a
    // subcommand of the CLI (which also prints --version).
    if (argc > 1 && std::string_view(argv[1]) == "render") return cs::runRender(argc, argv);
    if (argc > 1 && (argv[1][0] != '-' || std::string_view(argv[1]) == "--version")) return cs::runCli(argc, argv);
    cs::GuiOptions options;
    bool help = false;
    std::string error;
    if (!cs::parseGuiOptions(argc, argv, options, help, error)) {
        std::cerr << "convscope: " << error << "\n\n" << cs::guiUsage();
        return 2;
    }
    if (help) {
        std::cout << cs::guiUsage() << "\n" << cs::renderUsage() << "\n";
        std::string flag = "--help";
        char* cli_argv[] = {argv[0], flag.data(), nullptr};
        return cs::runCli(2, cli_argv);
    }
    return cs::runGui(options);
}
