#include "io/session_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <type_traits>
#include <nlohmann/json.hpp>

#include "core/padding.h"
#include "io/float_range.h"
#include "io/json_numbers.h"
#include "io/lesson_json.h"
#include "io/text_file.h"

namespace cs {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& message) { throw LessonFileError(message); }

json parseObject(std::string_view text, const std::string& what) {
    json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) fail(what + " is not a JSON object.");
    return doc;
}

// A field of `obj` read as T, `fallback` when absent, a message naming
// `where`.`key` when it has the wrong type.
template <typename T>
T field(const json& obj, const char* key, T fallback, const std::string& where) {
    if (!obj.contains(key)) return fallback;
    // A whole number must be one, and fit: nlohmann would cast 1e300 or -1
    // into an int or a size_t without a word.
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        if (!fitsWhole<T>(obj.at(key))) fail("\"" + where + "." + key + "\" must be a whole number in range.");
    }
    try {
        return obj.at(key).get<T>();
    } catch (const json::exception&) {
        fail("\"" + where + "." + key + "\" has the wrong type.");
    }
}

// A list of 32-bit floats (io/json_numbers.h: nlohmann's own
// get<std::vector<float>> casts 1e300 to a float, which is undefined behaviour).
std::vector<float> floatList(const json& obj, const char* key, const std::string& where) {
    if (!obj.contains(key)) return {};
    JsonList<float> list = cs::floatList(obj.at(key));
    if (!list.ok()) fail("\"" + where + "." + key + "\" " + list.problem);
    return std::move(list.values);
}

// A list of whole numbers that fit an int.
std::vector<int> intList(const json& obj, const char* key, std::vector<int> fallback, const std::string& where) {
    if (!obj.contains(key)) return fallback;
    JsonList<int> list = cs::intList(obj.at(key));
    if (!list.ok()) fail("\"" + where + "." + key + "\" " + list.problem);
    return std::move(list.values);
}

double finite(const json& obj, const char* key, double fallback, const std::string& where) {
    const double v = field<double>(obj, key, fallback, where);
    if (!std::isfinite(v)) fail("\"" + where + "." + key + "\" must be a finite number.");
    return v;
}

// An enum stored by index, checked against its count.
template <typename E>
E enumAt(const json& obj, const char* key, E fallback, int count, const std::string& where) {
    const int i = field<int>(obj, key, static_cast<int>(fallback), where);
    if (i < 0 || i >= count) fail("\"" + where + "." + key + "\" is out of range.");
    return static_cast<E>(i);
}

json signalJson(const SignalInput& s) {
    return {{"source", static_cast<int>(s.source)},
            {"shape", std::string(signalShapeName(s.spec.shape))},
            {"width", s.spec.width},
            {"centre", s.spec.centre},
            {"amplitude", s.spec.amplitude},
            {"rate", s.spec.rate},
            {"seed", s.spec.seed},
            {"drawn_t0", s.drawn.t0},
            {"drawn_t1", s.drawn.t1},
            {"drawn", s.drawn.values},
            {"typed", s.typed},
            {"typed_t0", s.typed_t0},
            {"typed_dt", s.typed_dt}};
}

SignalInput signalFrom(const json& j, SignalInput s, const std::string& where) {
    if (!j.is_object()) fail("\"" + where + "\" must be an object.");
    s.source = enumAt(j, "source", s.source, 3, where);
    if (j.contains("shape")) {
        const auto shape = parseSignalShape(field<std::string>(j, "shape", "", where));
        if (!shape) fail("\"" + where + ".shape\" is not a signal shape.");
        s.spec.shape = *shape;
    }
    s.spec.width = finite(j, "width", s.spec.width, where);
    s.spec.centre = finite(j, "centre", s.spec.centre, where);
    s.spec.amplitude = finite(j, "amplitude", s.spec.amplitude, where);
    s.spec.rate = finite(j, "rate", s.spec.rate, where);
    s.spec.seed = field<std::uint32_t>(j, "seed", s.spec.seed, where);
    s.drawn.t0 = finite(j, "drawn_t0", s.drawn.t0, where);
    s.drawn.t1 = finite(j, "drawn_t1", s.drawn.t1, where);
    if (j.contains("drawn")) {
        s.drawn.values = field<std::vector<double>>(j, "drawn", {}, where);
        // The drawing grid is a few hundred samples; a file cannot ask for more.
        if (s.drawn.values.size() > 4096) fail("\"" + where + ".drawn\" has more than 4096 samples.");
        for (double v : s.drawn.values)
            if (!std::isfinite(v)) fail("\"" + where + ".drawn\" holds a value that is not finite.");
    }
    s.typed = field<std::string>(j, "typed", s.typed, where);
    if (s.typed.size() > 4096) fail("\"" + where + ".typed\" is longer than 4096 characters.");
    s.typed_t0 = finite(j, "typed_t0", s.typed_t0, where);
    s.typed_dt = finite(j, "typed_dt", s.typed_dt, where);
    return s;
}

}  // namespace

std::string sessionToJson(const SessionFile& session) {
    json doc = json::parse(lessonToJson(session.lesson));
    doc["step"] = session.step;
    if (!session.page.empty()) doc["page"] = session.page;
    json pages = json::object();
    for (const auto& [title, section] : session.sections) pages[title] = parseObject(section, "the " + title + " section");
    if (!pages.empty()) doc["pages"] = pages;
    return doc.dump(2) + "\n";
}

SessionFile sessionFromJson(std::string_view text) {
    SessionFile s;
    s.lesson = lessonFromJson(text);  // the version check, the marker and the matrix lesson
    const json doc = json::parse(text.begin(), text.end());
    s.step = field<std::size_t>(doc, "step", 0, "lesson");
    s.page = field<std::string>(doc, "page", "", "lesson");
    if (doc.contains("pages")) {
        if (!doc["pages"].is_object()) fail("\"pages\" must be an object of page sections.");
        for (const auto& [title, section] : doc["pages"].items()) {
            if (!section.is_object()) fail("\"pages." + title + "\" must be an object.");
            s.sections[title] = section.dump();
        }
    }
    return s;
}

void saveSessionFile(const std::string& path, const SessionFile& session) {
    writeTextFileAtomic(path, sessionToJson(session));
}

SessionFile loadSessionFile(const std::string& name_or_path) {
    if (auto builtin = builtinLesson(name_or_path)) return SessionFile{*builtin, 0, {}, {}};
    Lesson named = loadLesson(name_or_path);  // the messages of lesson files: unknown name, bad field
    try {
        SessionFile s = sessionFromJson(readTextFile(name_or_path));
        s.lesson = std::move(named);
        return s;
    } catch (const LessonFileError& e) {
        throw LessonFileError("'" + name_or_path + "': " + e.what());
    }
}

std::string signalsSectionToJson(const SignalsLesson& l, double t, std::size_t step) {
    const json doc{{"op", std::string(continuousOpName(l.op))},
                   {"discrete", l.discrete},
                   {"mode", std::string(mode1dName(l.mode))},
                   {"compare", l.compare},
                   {"sample_dt", l.sample_dt},
                   {"t", t},
                   {"step", step},
                   {"f", signalJson(l.f)},
                   {"g", signalJson(l.g)}};
    return doc.dump();
}

void signalsSectionFromJson(const std::string& section, SignalsLesson& lesson, double& t, std::size_t& step) {
    const std::string where = "pages.Signals";
    const json j = parseObject(section, "the Signals section");
    SignalsLesson l = lesson;
    if (j.contains("op")) {
        const auto op = parseContinuousOp(field<std::string>(j, "op", "", where));
        if (!op)
            fail("\"" + where + ".op\" must be " + std::string(continuousOpName(ContinuousOp::Convolution)) + ", " +
                 std::string(continuousOpName(ContinuousOp::CrossCorrelation)) + " or " +
                 std::string(continuousOpName(ContinuousOp::AutoCorrelation)) + ".");
        l.op = *op;
    }
    if (j.contains("mode")) {
        const auto mode = parseMode1d(field<std::string>(j, "mode", "", where));
        if (!mode) fail("\"" + where + ".mode\" must be full, same or valid.");
        l.mode = *mode;
    }
    l.discrete = field<bool>(j, "discrete", l.discrete, where);
    l.compare = field<bool>(j, "compare", l.compare, where);
    l.sample_dt = finite(j, "sample_dt", l.sample_dt, where);
    if (j.contains("f")) l.f = signalFrom(j["f"], l.f, where + ".f");
    if (j.contains("g")) l.g = signalFrom(j["g"], l.g, where + ".g");
    const double new_t = finite(j, "t", t, where);
    const std::size_t new_step = field<std::size_t>(j, "step", step, where);
    l.touch();
    lesson = std::move(l);
    t = new_t;
    step = new_step;
}

std::string imageLabSectionToJson(const ImageLab& lab) {
    const LabViewOptions& v = lab.view;
    const json doc{{"image_path", lab.image_path},
                   {"preset", formatKernelSpec(lab.spec)},
                   {"custom_kernel", lab.custom_kernel},
                   {"kernel_rows", lab.kernel.dim(0)},
                   {"kernel_cols", lab.kernel.dim(1)},
                   {"kernel", lab.kernel.values()},
                   {"convolve", lab.convolve},
                   {"padding_mode", std::string(paddingModeName(lab.padding_mode))},
                   {"stride", {lab.stride.h, lab.stride.w}},
                   {"dilation", {lab.dilation.h, lab.dilation.w}},
                   {"display", static_cast<int>(lab.display)},
                   {"pool", static_cast<int>(lab.pool)},
                   {"pool_size", lab.pool_size},
                   {"pool_stride", lab.pool_stride},
                   {"view",
                    {{"layout", static_cast<int>(v.layout)},
                     {"split", v.split},
                     {"zoom", v.zoom},
                     {"center_x", v.center_x},
                     {"center_y", v.center_y},
                     {"channel", static_cast<int>(v.channel)},
                     {"inspect", v.inspect},
                     {"pooled_true_size", v.pooled_true_size},
                     {"show_values", v.show_values},
                     {"show_histogram", v.show_histogram}}}};
    return doc.dump();
}

void imageLabSectionFromJson(const std::string& section, ImageLab& lab) {
    const std::string where = "pages.Image lab";
    const json j = parseObject(section, "the Image lab section");
    ImageLab l = lab;
    l.image_path = field<std::string>(j, "image_path", l.image_path, where);
    if (j.contains("preset")) {
        try {
            l.spec = parseKernelSpec(field<std::string>(j, "preset", "", where));
        } catch (const std::exception& e) {
            fail("\"" + where + ".preset\": " + e.what());
        }
    }
    l.custom_kernel = field<bool>(j, "custom_kernel", l.custom_kernel, where);
    if (j.contains("kernel")) {
        const int rows = field<int>(j, "kernel_rows", 0, where), cols = field<int>(j, "kernel_cols", 0, where);
        const auto values = floatList(j, "kernel", where);
        auto side_ok = [](int n) { return n >= 1 && n <= kMaxKernelSide && n % 2 == 1; };
        if (!side_ok(rows) || !side_ok(cols))
            fail("\"" + where + ".kernel_rows\" and \"kernel_cols\" must be odd, 1 to " + std::to_string(kMaxKernelSide) + ".");
        if (values.size() != static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols))
            fail("\"" + where + ".kernel\" must hold kernel_rows x kernel_cols values.");
        for (float v : values)
            if (!std::isfinite(v)) fail("\"" + where + ".kernel\" holds a value that is not finite.");
        l.kernel = Tensor({rows, cols}, values);
    }
    l.convolve = field<bool>(j, "convolve", l.convolve, where);
    if (j.contains("padding_mode")) {
        const auto m = parsePaddingMode(field<std::string>(j, "padding_mode", "", where));
        if (!m) fail("\"" + where + ".padding_mode\" is not a padding mode.");
        l.padding_mode = *m;
    }
    auto pair = [&](const char* key, Pair p) {
        const auto v = intList(j, key, {p.h, p.w}, where);
        if (v.size() != 2 || v[0] < 1 || v[1] < 1 || v[0] > kMaxLabStride || v[1] > kMaxLabStride)
            fail("\"" + where + "." + key + "\" must be a pair of 1 to " + std::to_string(kMaxLabStride) + ".");
        return Pair{v[0], v[1]};
    };
    l.stride = pair("stride", l.stride);
    l.dilation = pair("dilation", l.dilation);
    l.display = enumAt(j, "display", l.display, 4, where);
    l.pool = enumAt(j, "pool", l.pool, 4, where);
    l.pool_size = field<int>(j, "pool_size", l.pool_size, where);
    l.pool_stride = field<int>(j, "pool_stride", l.pool_stride, where);
    if (l.pool_size < 1 || l.pool_size > kMaxLabPool || l.pool_stride < 1 || l.pool_stride > kMaxLabPool)
        fail("\"" + where + ".pool_size\" and \"pool_stride\" must be 1 to " + std::to_string(kMaxLabPool) + ".");
    if (j.contains("view")) {
        const json& v = j["view"];
        const std::string w = where + ".view";
        if (!v.is_object()) fail("\"" + w + "\" must be an object.");
        LabViewOptions& o = l.view;
        o.layout = enumAt(v, "layout", o.layout, 2, w);
        o.split = static_cast<float>(std::clamp(finite(v, "split", o.split, w), 0.0, 1.0));
        o.zoom = static_cast<float>(finite(v, "zoom", o.zoom, w));
        if (o.zoom != 0.f) o.zoom = std::clamp(o.zoom, kMinLabZoom, kMaxLabZoom);
        o.center_x = static_cast<float>(std::clamp(finite(v, "center_x", o.center_x, w), 0.0, 1.0));
        o.center_y = static_cast<float>(std::clamp(finite(v, "center_y", o.center_y, w), 0.0, 1.0));
        o.channel = enumAt(v, "channel", o.channel, 5, w);
        o.inspect = field<int>(v, "inspect", o.inspect, w);
        o.pooled_true_size = field<bool>(v, "pooled_true_size", o.pooled_true_size, w);
        o.show_values = field<bool>(v, "show_values", o.show_values, w);
        o.show_histogram = field<bool>(v, "show_histogram", o.show_histogram, w);
    }
    if (l.image_path != lab.image_path) ++l.image_request;  // the view reads the new image
    l.touch();
    lab = std::move(l);
}

std::string layersSectionToJson(const LayersLesson& lesson, std::size_t step) {
    json stages = json::array();
    for (const OpRequest& r : lesson.stages) {
        Lesson one;
        one.name = lesson.name;
        one.request = r;
        stages.push_back(json::parse(lessonToJson(one)));
    }
    const json doc{{"topic", topicInfo(lesson.topic).name},
                   {"name", lesson.name},
                   {"title", lesson.title},
                   {"shown_stage", lesson.shown_stage},
                   {"quiz", lesson.quiz},
                   {"step", step},
                   {"stages", stages}};
    return doc.dump();
}

void layersSectionFromJson(const std::string& section, LayersLesson& lesson, std::size_t& step) {
    const std::string where = "pages.Layers";
    const json j = parseObject(section, "the Layers section");
    if (!j.contains("topic")) fail("\"" + where + ".topic\" is missing: it names the layer lesson.");
    const std::string topic = field<std::string>(j, "topic", "", where);
    const auto builtin = builtinLayersLesson(topic);
    if (!builtin) {
        std::string names;
        for (const std::string& n : layersLessonNames()) names += (names.empty() ? "" : ", ") + n;
        fail("\"" + where + ".topic\" is \"" + topic + "\", not one of " + names + ".");
    }
    LayersLesson l = *builtin;
    l.name = field<std::string>(j, "name", l.name, where);
    l.title = field<std::string>(j, "title", l.title, where);
    l.quiz = field<bool>(j, "quiz", false, where);
    if (j.contains("stages")) {
        const json& stages = j["stages"];
        if (!stages.is_array() || stages.size() != builtin->stages.size())
            fail("\"" + where + ".stages\" must be a list of " + std::to_string(builtin->stages.size()) + " stage(s) for " +
                 topic + ".");
        for (std::size_t i = 0; i < stages.size(); ++i) {
            const std::string at = where + ".stages[" + std::to_string(i) + "]";
            if (!stages[i].is_object()) fail("\"" + at + "\" must be an object.");
            Lesson one;
            try {
                one = lessonFromJson(stages[i].dump());
            } catch (const LessonFileError& e) {
                fail("\"" + at + "\": " + e.what());
            }
            const OpKind want = builtin->stages[i].params.op;
            if (one.request.params.op != want)
                fail("\"" + at + "\" is a " + std::string(opName(one.request.params.op)) + " stage; " + topic +
                     " has " + std::string(opName(want)) + " there.");
            l.stages[i] = std::move(one.request);
        }
    }
    l.shown_stage = field<int>(j, "shown_stage", 0, where);
    if (l.shown_stage < 0 || static_cast<std::size_t>(l.shown_stage) >= l.stages.size())
        fail("\"" + where + ".shown_stage\" must be 0 to " + std::to_string(l.stages.size() - 1) + ".");
    const std::size_t new_step = field<std::size_t>(j, "step", 0, where);
    l.revision = lesson.revision + 1;
    lesson = std::move(l);
    step = new_step;
}

namespace {

constexpr const char* kNetSourceNames[] = {"gallery", "canvas", "file"};
constexpr const char* kNetModelNames[] = {"untrained", "shipped", "file", "trained"};

// One of `names` (indexed by the enum), a message listing them when not.
template <typename E, std::size_t N>
E namedEnum(const json& j, const char* key, E fallback, const char* const (&names)[N], const std::string& where) {
    if (!j.contains(key)) return fallback;
    const std::string v = field<std::string>(j, key, "", where);
    for (std::size_t i = 0; i < N; ++i)
        if (v == names[i]) return static_cast<E>(i);
    std::string list;
    for (std::size_t i = 0; i < N; ++i) list += std::string(i == 0 ? "" : i + 1 == N ? " or " : ", ") + names[i];
    fail("\"" + where + "." + key + "\" is \"" + v + "\", not " + list + ".");
}

// 28 x 28 pixels as 28 strings of 28 numbers: a person can read the picture
// in the file, and to_chars writes each float's shortest exact form.
json pixelRows(const std::vector<float>& pixels) {
    json rows = json::array();
    for (int y = 0; y < kConvNetImageSide; ++y) {
        std::string row;
        for (int x = 0; x < kConvNetImageSide; ++x) {
            char buf[32];
            const auto r = std::to_chars(buf, buf + sizeof buf, pixels[static_cast<std::size_t>(y * kConvNetImageSide + x)]);
            row.append(x == 0 ? "" : " ").append(buf, r.ptr);
        }
        rows.push_back(row);
    }
    return rows;
}

std::vector<float> pixelsFrom(const json& j, const char* key, const std::string& where) {
    const std::string at = where + "." + key;
    const json& rows = j.at(key);
    const std::string shape = "\"" + at + "\" must be " + std::to_string(kConvNetImageSide) + " rows (strings) of " +
                              std::to_string(kConvNetImageSide) + " numbers from 0 to 1";
    if (!rows.is_array() || rows.size() != static_cast<std::size_t>(kConvNetImageSide)) fail(shape + ".");
    std::vector<float> pixels;
    pixels.reserve(kConvNetImageSize);
    for (std::size_t y = 0; y < rows.size(); ++y) {
        if (!rows[y].is_string()) fail(shape + "; row " + std::to_string(y) + " is not a string.");
        const std::string& text = rows[y].get_ref<const std::string&>();
        const char* p = text.data();
        const char* end = p + text.size();
        int count = 0;
        while (true) {
            while (p < end && *p == ' ') ++p;
            if (p == end) break;
            float v = 0.f;
            const auto r = std::from_chars(p, end, v);
            if (r.ec != std::errc() || (r.ptr < end && *r.ptr != ' ') || !(v >= 0.f && v <= 1.f))
                fail(shape + "; row " + std::to_string(y) + " holds \"" + std::string(p, std::find(p, end, ' ')) + "\".");
            pixels.push_back(v);
            ++count;
            p = r.ptr;
        }
        if (count != kConvNetImageSide) fail(shape + "; row " + std::to_string(y) + " has " + std::to_string(count) + ".");
    }
    return pixels;
}

}  // namespace

std::string networkSectionToJson(const NetworkDoc& doc, bool training_tab) {
    json j{{"source", kNetSourceNames[static_cast<int>(doc.source)]},
           {"gallery_index", doc.gallery_index},
           {"brush_radius", doc.brush_radius},
           {"selected", {{"stage", doc.selected.stage}, {"c", doc.selected.c}, {"y", doc.selected.y}, {"x", doc.selected.x}}},
           {"tab", training_tab ? "training" : "layers"},
           {"model", kNetModelNames[static_cast<int>(doc.model_source)]},
           {"epochs", doc.training.epochs},
           {"learning_rate", doc.training.learning_rate},
           {"fresh", doc.training.fresh}};
    if (doc.model_source == NetModelSource::File) j["model_path"] = doc.model_path;
    // A blank canvas is left out: it is what a page starts with.
    if (std::any_of(doc.canvas.begin(), doc.canvas.end(), [](float v) { return v != 0.f; })) j["canvas"] = pixelRows(doc.canvas);
    if (!doc.file_path.empty()) j["file_path"] = doc.file_path;
    if (doc.file_pixels.size() == static_cast<std::size_t>(kConvNetImageSize)) j["file_pixels"] = pixelRows(doc.file_pixels);
    return j.dump();
}

void networkSectionFromJson(const std::string& section, NetworkDoc& doc, bool& training_tab) {
    const std::string where = "pages.Network";
    const json j = parseObject(section, "the Network section");
    NetworkDoc d;  // the input and settings only: the model stays the page's
    d.source = namedEnum(j, "source", NetInputSource::Gallery, kNetSourceNames, where);
    d.gallery_index = field<int>(j, "gallery_index", 0, where);
    if (d.gallery_index < 0) fail("\"" + where + ".gallery_index\" must be 0 or more.");
    d.brush_radius = static_cast<float>(finite(j, "brush_radius", d.brush_radius, where));
    if (d.brush_radius < 0.5f || d.brush_radius > 8.f) fail("\"" + where + ".brush_radius\" must be 0.5 to 8 pixels.");
    if (j.contains("canvas")) d.canvas = pixelsFrom(j, "canvas", where);
    d.file_path = field<std::string>(j, "file_path", "", where);
    if (j.contains("file_pixels")) d.file_pixels = pixelsFrom(j, "file_pixels", where);
    // The File tab with no file opened yet is a state the page has (the
    // monkey saved one): it reads back as such, not as an error.
    if (j.contains("selected")) {
        const json& s = j["selected"];
        const std::string w = where + ".selected";
        if (!s.is_object()) fail("\"" + w + "\" must be an object.");
        d.selected = NetSelection{field<int>(s, "stage", -1, w), field<int>(s, "c", 0, w), field<int>(s, "y", 0, w),
                                  field<int>(s, "x", 0, w)};
        if (d.selected.stage < -1 || d.selected.stage > 10) fail("\"" + w + ".stage\" must be -1 (none) to 10.");
        if (d.selected.c < 0 || d.selected.y < 0 || d.selected.x < 0) fail("\"" + w + "\" must have c, y and x of 0 or more.");
    }
    bool tab = false;
    if (j.contains("tab")) {
        const std::string t = field<std::string>(j, "tab", "", where);
        if (t != "layers" && t != "training") fail("\"" + where + ".tab\" is \"" + t + "\", not layers or training.");
        tab = t == "training";
    }
    d.model_source = namedEnum(j, "model", NetModelSource::Shipped, kNetModelNames, where);
    d.model_path = field<std::string>(j, "model_path", "", where);
    if (d.model_source == NetModelSource::File && d.model_path.empty())
        fail("\"" + where + ".model_path\" is missing: the model is a file.");
    d.training.epochs = field<int>(j, "epochs", d.training.epochs, where);
    if (d.training.epochs < 1 || d.training.epochs > kNetMaxEpochs)
        fail("\"" + where + ".epochs\" must be 1 to " + std::to_string(kNetMaxEpochs) + ".");
    d.training.learning_rate = finite(j, "learning_rate", d.training.learning_rate, where);
    if (d.training.learning_rate < kNetMinLearningRate || d.training.learning_rate > kNetMaxLearningRate)
        fail("\"" + where + ".learning_rate\" must be 1e-6 to 1.");
    d.training.fresh = field<bool>(j, "fresh", false, where);

    doc.source = d.source;
    doc.gallery_index = d.gallery_index;
    doc.brush_radius = d.brush_radius;
    doc.canvas = std::move(d.canvas);
    doc.file_path = std::move(d.file_path);
    doc.file_pixels = std::move(d.file_pixels);
    doc.selected = d.selected;
    doc.model_source = d.model_source;
    doc.model_path = std::move(d.model_path);
    doc.training.epochs = d.training.epochs;
    doc.training.learning_rate = d.training.learning_rate;
    doc.training.fresh = d.training.fresh;
    training_tab = tab;
}

}  // namespace cs
