#include "app/pages.h"

#include <imgui.h>

#include <algorithm>
#include <array>

#include "app/page_image_lab.h"
#include "app/page_layers.h"
#include "app/page_matrices.h"
#include "app/page_network.h"
#include "app/page_signals.h"

namespace cs {
namespace {

constexpr std::string_view kSignalsWords[] = {"discrete", "compare", "xcorr", "autocorr"};

constexpr Page kPages[] = {
    {.id = PageId::Matrices,
     .title = "Matrices",
     .lesson_names = page_matrices::lessonNames,
     .lesson_words = {},
     .lesson_help = "the matrix lessons",
     .takes_lesson_files = true,
     .open = page_matrices::open,
     .show = nullptr,
     .update = page_matrices::update,
     .toolbar = page_matrices::toolbar,
     .draw = page_matrices::draw,
     .after_ui = nullptr,
     .stepper = page_matrices::stepper,
     .undo = page_matrices::undo,
     .load = page_matrices::load,
     .save = page_matrices::save,
     .takes_dropped_files = false,
     .save_section = nullptr,
     .load_section = nullptr},
    {.id = PageId::Signals,
     .title = "Signals",
     .lesson_names = page_signals::lessonNames,
     .lesson_words = kSignalsWords,
     .lesson_help = "the 1-D signals lesson (--step: the t position)",
     .takes_lesson_files = false,
     .open = page_signals::open,
     .show = nullptr,
     .update = page_signals::update,
     .toolbar = nullptr,
     .draw = page_signals::draw,
     .after_ui = nullptr,
     .stepper = page_signals::stepper,
     .undo = page_signals::undo,
     .load = nullptr,
     .save = nullptr,
     .takes_dropped_files = false,
     .save_section = page_signals::saveSection,
     .load_section = page_signals::loadSection},
    {.id = PageId::ImageLab,
     .title = "Image lab",
     .lesson_names = page_image_lab::lessonNames,
     .lesson_words = {},
     .lesson_help = "the image lab (--image, --kernel, --display)",
     .takes_lesson_files = false,
     .open = page_image_lab::open,
     .show = page_image_lab::show,
     .update = page_image_lab::update,
     .toolbar = nullptr,
     .draw = page_image_lab::draw,
     .after_ui = page_image_lab::afterUi,
     .stepper = nullptr,
     .undo = page_image_lab::undo,
     .load = page_image_lab::load,
     .save = page_image_lab::save,
     .takes_dropped_files = true,
     .save_section = page_image_lab::saveSection,
     .load_section = page_image_lab::loadSection},
    {.id = PageId::Layers,
     .title = "Layers",
     .lesson_names = page_layers::lessonNames,
     .lesson_words = {},
     .lesson_help = "the layer lessons and the pipeline conv -> batch norm -> ReLU -> max pool -> flatten -> linear -> softmax",
     .takes_lesson_files = false,
     .open = page_layers::open,
     .show = nullptr,
     .update = page_layers::update,
     .toolbar = nullptr,
     .draw = page_layers::draw,
     .after_ui = nullptr,
     .stepper = page_layers::stepper,
     .undo = page_layers::undo,
     .load = page_layers::load,
     .save = page_layers::save,
     .takes_dropped_files = false,
     .save_section = page_layers::saveSection,
     .load_section = page_layers::loadSection},
    {.id = PageId::Network,
     .title = "Network",
     .lesson_names = page_network::lessonNames,
     .lesson_words = {},
     .lesson_help = "the seed's ConvNet layer by layer: test images, a canvas or an image file through the shipped model (--image)",
     .takes_lesson_files = false,
     .open = page_network::open,
     .show = page_network::show,
     .update = page_network::update,
     .toolbar = page_network::toolbar,
     .draw = page_network::draw,
     .after_ui = nullptr,
     .stepper = nullptr,
     .undo = nullptr,
     .load = page_network::load,
     .save = nullptr,
     .takes_dropped_files = true,
     .save_section = page_network::saveSection,
     .load_section = page_network::loadSection},
};

// Every PageId has its entry, at its own index.
constexpr bool tableMatchesIds() {
    if (std::size(kPages) != static_cast<std::size_t>(PageId::Count)) return false;
    for (std::size_t i = 0; i < std::size(kPages); ++i)
        if (kPages[i].id != static_cast<PageId>(i)) return false;
    return true;
}
static_assert(tableMatchesIds(), "kPages needs one entry per PageId, in PageId order");

// "discrete-compare" -> the first word not in `words`, or "" when all are.
std::string_view unknownWord(std::string_view rest, std::span<const std::string_view> words) {
    while (!rest.empty()) {
        const std::size_t dash = rest.find('-');
        const std::string_view word = rest.substr(0, dash);
        if (std::find(words.begin(), words.end(), word) == words.end()) return word.empty() ? rest : word;
        rest = dash == std::string_view::npos ? std::string_view{} : rest.substr(dash + 1);
    }
    return {};
}

// The names --help lists for a page: its own, then its first name with each word.
std::vector<std::string> namesShown(const Page& p) {
    std::vector<std::string> names = p.lesson_names();
    if (names.empty()) return names;
    const std::string base = names.front();
    for (std::string_view w : p.lesson_words) names.push_back(base + "-" + std::string(w));
    return names;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

// `text` broken into lines of at most `width` characters after `indent` spaces.
std::string wrapped(const std::string& text, std::size_t indent, std::size_t width) {
    std::string out, line;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(start, end - start);
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            out += std::string(indent, ' ') + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        start = end + 1;
    }
    if (!line.empty()) out += std::string(indent, ' ') + line + "\n";
    return out;
}

}  // namespace

std::span<const Page> pages() { return kPages; }

const Page& pageFor(PageId id) { return kPages[static_cast<std::size_t>(id)]; }

const Page* pageForLesson(std::string_view name, std::string& error) {
    const Page* files = nullptr;
    for (const Page& p : kPages) {
        if (p.takes_lesson_files) files = &p;
        const std::vector<std::string> names = p.lesson_names();
        if (std::find(names.begin(), names.end(), name) != names.end()) return &p;
        if (p.lesson_words.empty() || names.empty()) continue;
        const std::string& base = names.front();
        if (name.size() <= base.size() + 1 || name.substr(0, base.size()) != base || name[base.size()] != '-') continue;
        const std::string_view bad = unknownWord(name.substr(base.size() + 1), p.lesson_words);
        if (bad.empty()) return &p;
        std::string words;
        for (std::string_view w : p.lesson_words) words += std::string(words.empty() ? "" : ", ") + std::string(w);
        error = "--lesson " + std::string(name) + ": " + base + " takes the words " + words + " after a dash (like " +
                base + "-" + std::string(p.lesson_words.front()) + "), not \"" + std::string(bad) + "\"";
        return nullptr;
    }
    return files;
}

std::string lessonHelp() {
    constexpr std::size_t kIndent = 23, kWidth = 62;
    std::string out;
    for (const Page& p : kPages) {
        const std::vector<std::string> names = namesShown(p);
        std::string line = joined(names);
        if (p.lesson_words.size() >= 2)
            line += " (combinable: " + names.front() + "-" + std::string(p.lesson_words[0]) + "-" +
                    std::string(p.lesson_words[1]) + ")";
        if (p.takes_lesson_files) line += (line.empty() ? "" : ", or ") + std::string("a lesson .json file");
        out += wrapped(line + ": " + p.lesson_help, kIndent, kWidth);
    }
    return out;
}

std::string everyLessonName() {
    std::string out;
    for (const Page& p : kPages) {
        const std::vector<std::string> names = namesShown(p);
        if (!names.empty()) out += (out.empty() ? "" : "; ") + std::string(p.title) + ": " + joined(names);
    }
    return out;
}

bool beginPagePanel(const char* name, float x, float y, float w, float h, int extra_flags) {
    constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                             ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                             ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::SetNextWindowPos(ImVec2(x, y));
    ImGui::SetNextWindowSize(ImVec2(w, h));
    return ImGui::Begin(name, nullptr, kPanelFlags | extra_flags);
}

float barHeight() { return ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2.f; }

float statusHeight() { return ImGui::GetFontSize() + ImGui::GetStyle().WindowPadding.y * 2.f; }

}  // namespace cs
