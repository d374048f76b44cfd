#include "io/request_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "io/float_range.h"
#include "io/json_text.h"

namespace cs {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& message) { throw OpError(message); }

// The field names an op accepts, from the op table.
std::set<std::string> allowedFields(OpKind op) {
    std::set<std::string> names;
    for (int f = 0; f < kOpFieldCount; ++f)
        if (hasField(op, static_cast<OpField>(f))) names.insert(std::string(fieldName(static_cast<OpField>(f))));
    return names;
}

std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string closest(const std::string& word, const std::set<std::string>& candidates) {
    std::string best;
    std::size_t best_d = 3;  // suggest only near misses
    for (const auto& c : candidates) {
        const std::size_t d = editDistance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

std::string listOf(const std::set<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
}

std::string typeName(const json& v) {
    if (v.is_string()) return "the text " + v.dump();
    if (v.is_boolean()) return std::string("the boolean ") + (v.get<bool>() ? "true" : "false");
    if (v.is_null()) return "null";
    if (v.is_object()) return "an object";
    if (v.is_array()) return "a list";
    return "a number";
}

float toFloat(const json& v, const std::string& where) {
    if (!v.is_number()) fail(where + " must be a number, not " + typeName(v) + ".");
    const double d = v.get<double>();
    if (!std::isfinite(d)) fail(where + " is not a finite number.");
    if (!roundsToFiniteFloat(d))
        fail(where + " = " + v.dump() + " is too large for a 32-bit float (the engines' precision).");
    return static_cast<float>(d);
}

// Walks a nested list, checks it is rectangular, collects values row-major.
void collect(const json& v, int depth, std::vector<int>& shape, std::vector<float>& out, const std::string& name,
             int max_rank) {
    if (!v.is_array()) {
        if (depth == 0) fail("\"" + name + "\" must be a list of numbers, not " + typeName(v) + ".");
        if (depth != static_cast<int>(shape.size()))
            fail("\"" + name + "\" is ragged: a number stands where a list was expected.");
        out.push_back(toFloat(v, "every entry of \"" + name + "\""));
        if (out.size() > kMaxElements)
            fail("\"" + name + "\" has more than " + std::to_string(kMaxElements) + " (2^24) values, the limit.");
        return;
    }
    if (v.empty()) fail("\"" + name + "\" contains an empty list; every row needs at least one number.");
    if (depth >= max_rank)
        fail("\"" + name + "\" is nested " + std::to_string(depth + 1) + " deep; at most " + std::to_string(max_rank) +
             " levels are allowed here.");
    const int n = static_cast<int>(v.size());
    if (depth == static_cast<int>(shape.size())) {
        if (!out.empty()) fail("\"" + name + "\" is ragged: a list stands where a number was expected.");
        shape.push_back(n);
    } else if (depth > static_cast<int>(shape.size()) || shape[static_cast<std::size_t>(depth)] != n) {
        fail("\"" + name + "\" is ragged: its rows have different lengths (" +
             std::to_string(depth < static_cast<int>(shape.size()) ? shape[static_cast<std::size_t>(depth)] : 0) + " and " +
             std::to_string(n) + ").");
    }
    for (const auto& item : v) collect(item, depth + 1, shape, out, name, max_rank);
}

Tensor toTensor(const json& v, const std::string& name, int min_rank, int max_rank) {
    std::vector<int> shape;
    std::vector<float> values;
    collect(v, 0, shape, values, name, max_rank);
    if (static_cast<int>(shape.size()) < min_rank)
        fail("\"" + name + "\" must be nested at least " + std::to_string(min_rank) + " deep (got " +
             std::to_string(shape.size()) + ").");
    if (values.size() != elementCount(shape)) fail("\"" + name + "\" is ragged.");
    return Tensor(std::move(shape), std::move(values));
}

int toInt(const json& v, const std::string& where) {
    if (!v.is_number()) fail(where + " must be a whole number, not " + typeName(v) + ".");
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) fail(where + " must be a whole number (got " + v.dump() + ").");
    if (std::abs(d) > 1e6) fail(where + " = " + v.dump() + " is far too large.");
    return static_cast<int>(d);
}

Pair toPair(const json& v, const std::string& name) {
    if (v.is_array()) {
        if (v.size() != 2) fail("\"" + name + "\" must be a number or a pair [h, w] (got a list of " + std::to_string(v.size()) + ").");
        return Pair{toInt(v[0], "\"" + name + "\"[0]"), toInt(v[1], "\"" + name + "\"[1]")};
    }
    const int x = toInt(v, "\"" + name + "\"");
    return Pair{x, x};
}

bool toBool(const json& v, const std::string& name) {
    if (!v.is_boolean()) fail("\"" + name + "\" must be true or false, not " + typeName(v) + ".");
    return v.get<bool>();
}

double toDouble(const json& v, const std::string& name) {
    if (!v.is_number()) fail("\"" + name + "\" must be a number, not " + typeName(v) + ".");
    const double d = v.get<double>();
    if (!std::isfinite(d)) fail("\"" + name + "\" is not a finite number.");
    return d;
}

std::vector<float> toList(const json& v, const std::string& name) { return toTensor(v, name, 1, 1).values(); }

// relu, softmax, flatten, batchnorm2d, linear: the fields each takes are the op
// table's (unknown ones were refused before); sizes are checked by planLayer.
void parseLayer(const json& doc, OpRequest& r) {
    LayerParams& p = r.params.layer;
    r.input = toTensor(doc["input"], "input", 1, 4);
    if (doc.contains("dim")) p.dim = toInt(doc["dim"], "\"dim\"");
    if (doc.contains("start_dim")) p.start_dim = toInt(doc["start_dim"], "\"start_dim\"");
    if (doc.contains("end_dim")) p.end_dim = toInt(doc["end_dim"], "\"end_dim\"");
    if (doc.contains("weight")) r.weight = toTensor(doc["weight"], "weight", 1, 2);
    if (doc.contains("bias")) r.bias = toList(doc["bias"], "bias");
    if (doc.contains("running_mean")) r.running_mean = toList(doc["running_mean"], "running_mean");
    if (doc.contains("running_var")) r.running_var = toList(doc["running_var"], "running_var");
    if (doc.contains("eps")) p.eps = toDouble(doc["eps"], "eps");
    if (doc.contains("momentum")) p.momentum = toDouble(doc["momentum"], "momentum");
    if (doc.contains("training")) p.training = toBool(doc["training"], "training");
}

std::string toText(const json& v, const std::string& name) {
    if (!v.is_string()) fail("\"" + name + "\" must be a string, not " + typeName(v) + ".");
    return v.get<std::string>();
}

}  // namespace

namespace {

// One pass over the text outside its strings: the deepest nesting and the
// commas and openings (an upper bound of the values, less one).
struct JsonOutline {
    int deepest = 0;
    std::size_t items = 1;
};

JsonOutline outlineOf(std::string_view text) {
    JsonOutline o;
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char ch : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (ch == '\\') escaped = true;
            else if (ch == '"') in_string = false;
            continue;
        }
        if (ch == '"') {
            in_string = true;
        } else if (ch == '[' || ch == '{') {
            o.deepest = std::max(o.deepest, ++depth);
            ++o.items;
        } else if (ch == ']' || ch == '}') {
            --depth;
        } else if (ch == ',') {
            ++o.items;
        }
    }
    return o;
}

}  // namespace

int jsonNestingDepth(std::string_view text) { return outlineOf(text).deepest; }

std::size_t jsonItemBound(std::string_view text) { return outlineOf(text).items; }

OpRequest parseRequest(std::string_view text) {
    if (const auto nul = text.find('\0'); nul != std::string_view::npos)
        fail("the request contains a NUL byte (byte " + std::to_string(nul + 1) +
             "); a request is JSON text, like {\"op\": \"xcorr2d\", \"input\": [[1, 2]], \"kernel\": [[1]]}.");
    const JsonOutline outline = outlineOf(text);
    const int depth = outline.deepest;
    if (depth > kMaxJsonDepth)
        fail("the request is nested " + std::to_string(depth) + " levels deep; at most " + std::to_string(kMaxJsonDepth) +
             " are accepted.");
    if (const std::size_t items = outline.items; items > kMaxJsonItems)
        fail("the request holds about " + std::to_string(items) + " numbers and arrays, more than the " +
             std::to_string(kMaxJsonItems) + " accepted (an operand holds at most 2^24 values); it is refused before "
             "it is read.");
    JsonParsed parsed = parseJsonText(text);
    if (!parsed.ok()) {
        if (parsed.error.find("overflow") != std::string::npos)
            fail("a number in the request is not a finite number (" + parsed.error + ").");
        fail("this is not valid JSON (" + parsed.error +
             "). A request looks like {\"op\": \"xcorr2d\", \"input\": [[1, 2], [3, 4]], \"kernel\": [[1]]}.");
    }
    json doc = std::move(parsed.doc);
    if (!doc.is_object()) fail("a request must be a JSON object like {\"op\": \"maxpool2d\", ...}, not " + typeName(doc) + ".");
    if (!doc.contains("op")) fail("the request has no \"op\" field (for example \"op\": \"xcorr2d\").");
    const std::string op_text = toText(doc["op"], "op");
    const auto op = parseOpName(op_text);
    std::set<std::string> op_names;
    for (const OpInfo& info : allOps()) op_names.insert(std::string(info.name));
    if (!op) {
        const std::string near = closest(op_text, op_names);
        fail("unknown op \"" + op_text + "\"" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
             ". Known ops: " + listOf(op_names) + ".");
    }
    const std::set<std::string> allowed = allowedFields(*op);
    for (const auto& [key, _] : doc.items()) {
        if (allowed.count(key)) continue;
        const std::string near = closest(key, allowed);
        fail("unknown field \"" + key + "\" for " + op_text + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
             ". Fields " + op_text + " takes: " + listOf(allowed) + ".");
    }

    OpRequest r;
    OpParams& p = r.params;
    p.op = *op;
    auto need = [&](const char* key) -> const json& {
        if (!doc.contains(key)) fail(op_text + " needs \"" + key + "\".");
        return doc[key];
    };
    if (isOneD(*op)) {
        r.input = toTensor(need("f"), "f", 1, 1);
        if (*op != OpKind::AutoCorr1d) r.kernel = toTensor(need("g"), "g", 1, 1);
        if (doc.contains("mode")) {
            const std::string m = toText(doc["mode"], "mode");
            const auto mode = parseMode1d(m);
            if (!mode) fail("\"mode\" must be \"full\", \"same\" or \"valid\" (got \"" + m + "\").");
            p.signal.mode = *mode;
        }
        return r;
    }
    if (isLayer(*op)) {
        for (int f = 0; f < kOpFieldCount; ++f)  // the op table's required fields
            if ((opInfo(*op).required & fieldBit(static_cast<OpField>(f))) != 0)
                need(std::string(fieldName(static_cast<OpField>(f))).c_str());
        parseLayer(doc, r);
        return r;
    }
    r.input = toTensor(need("input"), "input", 2, 3);
    if (isCorrelation2d(*op) || isTransposedConv2d(*op)) {
        r.kernel = toTensor(need("kernel"), "kernel", 2, 4);
        if (doc.contains("groups")) p.correlation.groups = toInt(doc["groups"], "\"groups\"");
        if (doc.contains("bias")) {
            const Tensor b = toTensor(doc["bias"], "bias", 1, 1);
            r.bias = b.values();
        }
        if (doc.contains("padding_mode")) {
            const std::string m = toText(doc["padding_mode"], "padding_mode");
            const auto mode = parsePaddingMode(m);
            if (!mode) fail("\"padding_mode\" must be " + paddingModeList() + " (got \"" + m + "\").");
            p.correlation.padding_mode = *mode;
        }
    }
    if (isPooling2d(*op)) {
        p.pool.kernel_size = toPair(need("kernel_size"), "kernel_size");
        p.window.stride = p.pool.kernel_size;  // PyTorch: stride defaults to kernel_size
    }
    if (doc.contains("stride")) p.window.stride = toPair(doc["stride"], "stride");
    if (doc.contains("padding") && doc["padding"].is_string()) {
        // PyTorch's padding="same" / "valid" (xcorr2d, conv2d).
        const std::string rule = doc["padding"].get<std::string>();
        if (!isCorrelation2d(*op))
            fail("\"padding\" of " + op_text + " is a number or a pair [h, w], not the text \"" + rule + "\".");
        if (rule == "same") p.correlation.padding_rule = PaddingRule::Same;
        else if (rule == "valid") p.correlation.padding_rule = PaddingRule::Valid;
        else fail("\"padding\" must be a number, a pair [h, w], \"same\" or \"valid\" (got \"" + rule + "\").");
    } else if (doc.contains("padding")) {
        p.window.padding = toPair(doc["padding"], "padding");
    }
    if (doc.contains("output_padding")) p.transposed.output_padding = toPair(doc["output_padding"], "output_padding");
    if (doc.contains("dilation")) p.window.dilation = toPair(doc["dilation"], "dilation");
    if (doc.contains("ceil_mode")) p.pool.ceil_mode = toBool(doc["ceil_mode"], "ceil_mode");
    if (doc.contains("count_include_pad")) p.pool.count_include_pad = toBool(doc["count_include_pad"], "count_include_pad");
    if (doc.contains("norm_type")) p.pool.norm_type = toFloat(doc["norm_type"], "\"norm_type\"");
    return r;
}

bool isSingleJsonDocument(std::string_view text) {
    // nlohmann stops at a NUL: "{...}\n\0{...}" would pass as one document and
    // the requests after the NUL would vanish. Lines: each gets its answer.
    if (text.find('\0') != std::string_view::npos) return false;
    // json::accept parses iteratively (no recursion), so any depth is safe; an
    // over-deep line among JSON Lines must not swallow the other requests.
    return json::accept(text);
}

std::string formatFloat(float v) {
    if (v == 0.f) return "0";
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

namespace {
void writeNested(std::string& s, const Tensor& t, int axis, std::size_t& offset) {
    if (axis == t.rank()) {
        s += formatFloat(t.values()[offset++]);
        return;
    }
    s += '[';
    for (int i = 0; i < t.dim(axis); ++i) {
        if (i) s += ", ";
        writeNested(s, t, axis + 1, offset);
    }
    s += ']';
}
}  // namespace

std::string formatResult(const Tensor& output) {
    std::string s = "{\"shape\": [";
    for (int i = 0; i < output.rank(); ++i) s += (i ? ", " : "") + std::to_string(output.dim(i));
    s += "], \"output\": ";
    std::size_t offset = 0;
    writeNested(s, output, 0, offset);
    s += "}";
    return s;
}

// A message may quote a request's bytes: invalid UTF-8 is replaced, never thrown on.
std::string formatError(std::string_view message) {
    return json{{"error", std::string(message)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace cs
