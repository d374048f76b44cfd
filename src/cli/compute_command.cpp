#include <cmath>
#include <istream>
#include <iterator>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "io/request_json.h"

namespace cs {
namespace {

// A finite result, or the reason it is not one.
std::string nonFiniteReason(const Tensor& t, OpKind op) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        const float v = t.values()[i];
        if (std::isfinite(v)) continue;
        if (std::isnan(v))
            return op == OpKind::LpPool2d
                       ? "the result is not a number (NaN): a window's sum of x^p is negative, and with this "
                         "norm_type it has no real root. Use norm_type 2 or non-negative inputs."
                       : "the result is not a number (NaN).";
        if (op == OpKind::MaxPool2d)
            return "a pooling window covers only padding (PyTorch returns -inf there, which JSON cannot hold); "
                   "reduce the dilation or padding.";
        return "the result overflows a 32-bit float; use smaller values.";
    }
    return {};
}

std::string answer(const std::string& text, Engine& engine, bool& ok) {
    try {
        const OpRequest request = parseRequest(text);
        const Tensor out = engine.run(request);
        const std::string bad = nonFiniteReason(out, request.params.op);
        if (!bad.empty()) {
            ok = false;
            return formatError(bad);
        }
        return formatResult(out);
    } catch (const OpError& e) {
        ok = false;
        return formatError(e.what());
    } catch (const std::bad_alloc&) {
        ok = false;
        return formatError("not enough memory for this request.");
    }
}

bool isBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

int runCompute(std::istream& in, std::ostream& out, std::ostream& err, Engine& engine) {
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (isBlank(all)) {
        err << "convscope compute: no request given (expected a JSON object or JSON Lines).\n";
        return 2;
    }
    // One document (possibly pretty-printed over many lines), or JSON Lines.
    std::vector<std::string> requests;
    if (isSingleJsonDocument(all)) {
        requests.push_back(all);
    } else {
        std::istringstream lines(all);
        std::string line;
        while (std::getline(lines, line))
            if (!isBlank(line)) requests.push_back(line);
    }
    bool ok = true;
    for (const std::string& text : requests) out << answer(text, engine, ok) << '\n';
    out.flush();
    return ok ? 0 : 2;
}

}  // namespace cs
