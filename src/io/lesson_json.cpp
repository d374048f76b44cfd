#include "io/lesson_json.h"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>

#include "io/float_range.h"
#include "io/json_numbers.h"
#include "io/json_text.h"
#include "io/text_file.h"

namespace cs {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& message) { throw LessonFileError(message); }

json tensorJson(const Tensor& t, int axis, std::size_t& offset) {
    json a = json::array();
    for (int i = 0; i < t.dim(axis); ++i) {
        if (axis + 1 == t.rank())
            a.push_back(t.values()[offset++]);
        else
            a.push_back(tensorJson(t, axis + 1, offset));
    }
    return a;
}

json tensorJson(const Tensor& t) {
    std::size_t offset = 0;
    return tensorJson(t, 0, offset);
}

void collect(const json& v, int depth, std::vector<int>& shape, std::vector<float>& data, const std::string& field) {
    if (v.is_number()) {
        if (depth != static_cast<int>(shape.size())) fail("\"" + field + "\" is ragged.");
        const double d = v.get<double>();
        if (!roundsToFiniteFloat(d)) fail("\"" + field + "\" holds a value that is not a finite 32-bit float.");
        data.push_back(static_cast<float>(d));
        return;
    }
    if (!v.is_array() || v.empty()) fail("\"" + field + "\" must be nested lists of numbers.");
    if (depth == static_cast<int>(shape.size())) {
        if (!data.empty()) fail("\"" + field + "\" is ragged.");
        shape.push_back(static_cast<int>(v.size()));
    } else if (depth > static_cast<int>(shape.size()) || shape[static_cast<std::size_t>(depth)] != static_cast<int>(v.size())) {
        fail("\"" + field + "\" is ragged: its rows have different lengths.");
    }
    for (const json& e : v) collect(e, depth + 1, shape, data, field);
}

Tensor tensorFrom(const json& v, const std::string& field, int min_rank, int max_rank) {
    std::vector<int> shape;
    std::vector<float> data;
    if (v.size() > 0 && v.is_array()) {
        // Find the shape from the first path, then fill.
        const json* p = &v;
        while (p->is_array() && !p->empty()) {
            shape.push_back(static_cast<int>(p->size()));
            p = &(*p)[0];
            // Refused here, before collect recurses once per level: a file
            // nested a million deep would overflow the stack.
            if (static_cast<int>(shape.size()) > max_rank)
                fail("\"" + field + "\" must be nested " + std::to_string(min_rank) + " to " +
                     std::to_string(max_rank) + " deep (got more).");
        }
        std::vector<int> seen;
        collect(v, 0, seen, data, field);
        if (seen != shape || data.size() != elementCount(shape)) fail("\"" + field + "\" is ragged.");
    } else {
        fail("\"" + field + "\" must be nested lists of numbers, like [[1, 2], [3, 4]].");
    }
    if (static_cast<int>(shape.size()) < min_rank || static_cast<int>(shape.size()) > max_rank)
        fail("\"" + field + "\" must be nested " + std::to_string(min_rank) + " to " + std::to_string(max_rank) +
             " deep (got " + std::to_string(shape.size()) + ").");
    return Tensor(shape, std::move(data));
}

Pair pairFrom(const json& v, const std::string& field) {
    auto integer = [&](const json& x) {
        if (!fitsInt(x)) fail("\"" + field + "\" must be a whole number or a pair [h, w], each in range.");
        return static_cast<int>(x.get<std::int64_t>());
    };
    if (v.is_array()) {
        if (v.size() != 2) fail("\"" + field + "\" must be a number or a pair [h, w].");
        return Pair{integer(v[0]), integer(v[1])};
    }
    const int x = integer(v);
    return Pair{x, x};
}

template <typename T>
T get(const json& doc, const char* key, T fallback) {
    if (!doc.contains(key)) return fallback;
    try {
        return doc.at(key).get<T>();
    } catch (const json::exception&) {
        fail(std::string("\"") + key + "\" has the wrong type.");
    }
}

std::vector<float> floatList(const json& doc, const char* key) {
    if (!doc.contains(key)) return {};
    JsonList<float> list = cs::floatList(doc[key]);
    if (!list.ok()) fail(std::string("\"") + key + "\" " + list.problem);
    return std::move(list.values);
}

// A dim: a whole number of a size an axis index can have (the op checks its range).
int axisField(const json& doc, const char* key, int fallback) {
    if (!doc.contains(key)) return fallback;
    const json& v = doc[key];
    // Any whole number: whether the axis exists is planOp's to say, as it is
    // for the same value typed on the Layers page (a lesson saved mid-edit).
    if (!fitsInt(v)) fail(std::string("\"") + key + "\" must be a whole number, an axis like 0, 1 or -1.");
    return static_cast<int>(v.get<std::int64_t>());
}

// The layer ops' operands and parameters; their sizes are planOp's to check.
void readLayerFields(const json& doc, OpRequest& r) {
    LayerParams& layer = r.params.layer;
    if (doc.contains("weight")) r.weight = tensorFrom(doc["weight"], "weight", 1, 2);
    r.running_mean = floatList(doc, "running_mean");
    r.running_var = floatList(doc, "running_var");
    layer.dim = axisField(doc, "dim", layer.dim);
    layer.start_dim = axisField(doc, "start_dim", layer.start_dim);
    layer.end_dim = axisField(doc, "end_dim", layer.end_dim);
    layer.eps = get<double>(doc, "eps", layer.eps);
    layer.momentum = get<double>(doc, "momentum", layer.momentum);
    layer.training = get<bool>(doc, "training", layer.training);
    if (!std::isfinite(layer.eps) || !std::isfinite(layer.momentum)) fail("\"eps\" and \"momentum\" must be finite numbers.");
}

}  // namespace

std::string lessonToJson(const Lesson& lesson) {
    const OpRequest& r = lesson.request;
    const OpParams& p = r.params;
    auto pair = [](Pair x) { return json::array({x.h, x.w}); };
    json doc = json::object();
    doc["convscope_lesson"] = kLessonFileVersion;
    doc["version"] = kLessonFileVersion;
    doc["name"] = lesson.name;
    doc["title"] = lesson.title;
    doc["op"] = std::string(opName(p.op));
    doc["input"] = tensorJson(r.input);
    if (!isLayer(p.op)) doc["kernel"] = tensorJson(r.kernel);
    doc["bias"] = r.bias;
    if (isLayer(p.op)) {  // the layer family's operands and parameters (DESIGN.md section 3)
        if (!r.weight.empty()) doc["weight"] = tensorJson(r.weight);
        doc["running_mean"] = r.running_mean;
        doc["running_var"] = r.running_var;
        doc["dim"] = p.layer.dim;
        doc["start_dim"] = p.layer.start_dim;
        doc["end_dim"] = p.layer.end_dim;
        doc["eps"] = p.layer.eps;
        doc["momentum"] = p.layer.momentum;
        doc["training"] = p.layer.training;
    }
    doc["stride"] = pair(p.window.stride);
    doc["padding"] = pair(p.window.padding);
    doc["dilation"] = pair(p.window.dilation);
    doc["padding_mode"] = std::string(paddingModeName(p.correlation.padding_mode));
    doc["kernel_size"] = pair(p.pool.kernel_size);
    doc["output_padding"] = pair(p.transposed.output_padding);
    doc["groups"] = p.correlation.groups;
    doc["ceil_mode"] = p.pool.ceil_mode;
    doc["count_include_pad"] = p.pool.count_include_pad;
    doc["norm_type"] = p.pool.norm_type;
    doc["view"] = {{"show_flipped_kernel", lesson.view.show_flipped_kernel},
                   {"show_padding_sources", lesson.view.show_padding_sources},
                   {"show_weights_on_window", lesson.view.show_weights_on_window}};
    if (lesson.view.quiz) doc["quiz"] = true;  // only when on: files without quiz stay as they were
    if (lesson.view.compare) doc["view"]["compare"] = true;  // the same: only when on
    return doc.dump(2) + "\n";
}

Lesson lessonFromJson(std::string_view text) {
    const JsonParsed parsed = parseJsonText(text);
    if (!parsed.ok()) fail("not valid JSON: " + parsed.error + ".");
    const json& doc = parsed.doc;
    if (!doc.is_object()) fail("a lesson file is one JSON object.");
    if (!doc.contains("convscope_lesson") || !doc["convscope_lesson"].is_number_integer())
        fail("not a convscope lesson (no \"convscope_lesson\": 1 version field).");
    const json& version_field = doc.contains("version") ? doc["version"] : doc["convscope_lesson"];
    if (!version_field.is_number_integer()) fail("\"version\" must be a whole number.");
    if (!fitsInt(version_field))
        fail("lesson file version " + version_field.dump() + " is not supported (this build reads version " +
             std::to_string(kLessonFileVersion) + ").");
    const int version = static_cast<int>(version_field.get<std::int64_t>());
    if (version > kLessonFileVersion || version < 1)
        fail("lesson file version " + std::to_string(version) + " is not supported (this build reads version " +
             std::to_string(kLessonFileVersion) + ").");
    Lesson l;
    l.name = get<std::string>(doc, "name", "lesson");
    l.title = get<std::string>(doc, "title", "");
    if (!doc.contains("op")) fail("the lesson has no \"op\".");
    const auto op = parseOpName(get<std::string>(doc, "op", ""));
    if (!op) fail("unknown op \"" + doc["op"].dump() + "\".");
    OpParams& p = l.request.params;
    p.op = *op;
    if (!doc.contains("input")) fail("the lesson has no \"input\" matrix.");
    // Window ops take a matrix or C x H x W, 1-D ops a list, layer ops rank 1
    // to 4 (the Layers page shows them; planOp checks each op's own ranks).
    const int min_rank = isOneD(p.op) || isLayer(p.op) ? 1 : 2;
    const int max_rank = isOneD(p.op) ? 1 : isLayer(p.op) ? 4 : 3;
    l.request.input = tensorFrom(doc["input"], "input", min_rank, max_rank);
    if (doc.contains("kernel")) l.request.kernel = tensorFrom(doc["kernel"], "kernel", 1, 4);
    if (doc.contains("bias")) {
        if (!doc["bias"].is_array()) fail("\"bias\" must be a list of numbers.");
        for (const json& b : doc["bias"]) {
            if (!b.is_number()) fail("\"bias\" must be a list of numbers.");
            const double d = b.get<double>();
            if (!roundsToFiniteFloat(d)) fail("\"bias\" holds a value too large for a float.");
            l.request.bias.push_back(static_cast<float>(d));
        }
    }
    if (isLayer(p.op)) readLayerFields(doc, l.request);
    if (doc.contains("stride")) p.window.stride = pairFrom(doc["stride"], "stride");
    if (doc.contains("padding")) p.window.padding = pairFrom(doc["padding"], "padding");
    if (doc.contains("dilation")) p.window.dilation = pairFrom(doc["dilation"], "dilation");
    if (doc.contains("kernel_size")) p.pool.kernel_size = pairFrom(doc["kernel_size"], "kernel_size");
    if (doc.contains("output_padding")) p.transposed.output_padding = pairFrom(doc["output_padding"], "output_padding");
    if (doc.contains("groups")) {
        if (!fitsInt(doc["groups"])) fail("\"groups\" must be a whole number in range.");
        p.correlation.groups = static_cast<int>(doc["groups"].get<std::int64_t>());
    }
    if (doc.contains("padding_mode")) {
        const auto m = parsePaddingMode(get<std::string>(doc, "padding_mode", ""));
        if (!m) fail("\"padding_mode\" must be " + paddingModeList() + ".");
        p.correlation.padding_mode = *m;
    }
    p.pool.ceil_mode = get<bool>(doc, "ceil_mode", p.pool.ceil_mode);
    p.pool.count_include_pad = get<bool>(doc, "count_include_pad", p.pool.count_include_pad);
    p.pool.norm_type = get<double>(doc, "norm_type", p.pool.norm_type);
    l.view.quiz = get<bool>(doc, "quiz", false);
    if (doc.contains("view") && doc["view"].is_object()) {
        const json& v = doc["view"];
        l.view.show_flipped_kernel = get<bool>(v, "show_flipped_kernel", l.view.show_flipped_kernel);
        l.view.show_padding_sources = get<bool>(v, "show_padding_sources", l.view.show_padding_sources);
        l.view.show_weights_on_window = get<bool>(v, "show_weights_on_window", l.view.show_weights_on_window);
        l.view.compare = get<bool>(v, "compare", false);
    }
    return l;
}

void saveLessonFile(const std::string& path, const Lesson& lesson) { writeTextFileAtomic(path, lessonToJson(lesson)); }

Lesson loadLesson(const std::string& name_or_path) {
    if (auto builtin = builtinLesson(name_or_path)) return *builtin;
    if (!std::filesystem::exists(name_or_path)) {
        std::string names;
        for (const auto& n : builtinLessonNames()) names += (names.empty() ? "" : ", ") + n;
        throw LessonFileError("no lesson \"" + name_or_path + "\": not a file, and not a built-in lesson (" + names + ").");
    }
    try {
        Lesson l = lessonFromJson(readTextFile(name_or_path));
        if (l.name.empty()) l.name = std::filesystem::path(name_or_path).stem().string();
        return l;
    } catch (const LessonFileError& e) {
        throw LessonFileError("'" + name_or_path + "': " + e.what());
    }
}

}  // namespace cs
