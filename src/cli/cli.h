#pragma once
// The command line: `convscope <subcommand> ...`. Exit status 0 success, 1 the
// tool could not run (missing file, no usable GL), 2 invalid input.
#include <iosfwd>
#include <memory>
#include <string>

#include "core/engine.h"

namespace cs {

int runCli(int argc, char** argv);

// `compute`: JSON requests in (one document, or JSON Lines), one JSON line out
// per request. Returns the exit status.
int runCompute(std::istream& in, std::ostream& out, std::ostream& err, Engine& engine);

// The engine named by --backend ("cpu" or "gpu"), or nullptr with the reason in
// `why` when it cannot be had on this machine.
std::unique_ptr<Engine> makeEngine(const std::string& backend, std::string& why);

}  // namespace cs
