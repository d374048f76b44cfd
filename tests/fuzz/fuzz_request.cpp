// The compute contract end to end, as `convscope compute` runs one line:
// parse, plan, compute on the CPU reference, format the answer or the error.
#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/engine.h"
#include "core/op_plan.h"
#include "fuzz_targets.h"
#include "io/request_json.h"

namespace cs::fuzz {
namespace {

// Every line the CLI writes must be one JSON value.
void expectJsonLine(const std::string& line, const char* what) {
    if (!nlohmann::json::accept(line)) fail("request", std::string(what) + " is not valid JSON: " + line.substr(0, 200));
}

}  // namespace

int fuzzRequest(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)jsonNestingDepth(text);
    (void)isSingleJsonDocument(text);
    try {
        const OpRequest request = parseRequest(text);
        const OpPlan plan = planOp(request);
        if (planWork(plan) > kMaxFuzzWork) return 0;  // valid but too slow to run here
        const Tensor out = computeReference(request);
        if (out.shape() != plan.output_shape)
            fail("request", "output shape " + shapeToString(out.shape()) + " but the plan says " +
                                shapeToString(plan.output_shape));
        // A NaN or infinite result is an error line in the CLI (JSON has no
        // NaN); only finite results are written with formatResult.
        for (const float v : out.values())
            if (!std::isfinite(v)) return 0;
        expectJsonLine(formatResult(out), "the answer");
    } catch (const OpError& e) {
        expectJsonLine(formatError(e.what()), "the error line");
    }
    return 0;
}

}  // namespace cs::fuzz
