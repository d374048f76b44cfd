// convscope: the GUI when given no subcommand, else a headless subcommand.
#include "cli/cli.h"

int main(int argc, char** argv) { return cs::runCli(argc, argv); }
