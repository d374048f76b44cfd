#include "io/settings.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "io/text_file.h"

namespace cs {

std::string settingsPath() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg != nullptr && *xdg != '\0') return std::string(xdg) + "/convscope/settings.json";
    const char* home = std::getenv("HOME");
    if (home != nullptr && *home != '\0') return std::string(home) + "/.config/convscope/settings.json";
    return {};
}

AppSettings parseSettings(const std::string& text) {
    AppSettings s;
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return s;
    if (doc.contains("font_scale") && doc["font_scale"].is_number()) {
        // Clamp as double: casting 1e300 to float first would be undefined.
        const double v = doc["font_scale"].get<double>();
        if (v == v)
            s.font_scale = static_cast<float>(std::clamp(v, static_cast<double>(kMinFontScale),
                                                         static_cast<double>(kMaxFontScale)));
    }
    if (doc.contains("theme") && doc["theme"].is_string()) {
        const std::string t = doc["theme"].get<std::string>();
        if (t == "light" || t == "dark") s.theme = t;
    }
    if (doc.contains("last_folder") && doc["last_folder"].is_string()) s.last_folder = doc["last_folder"].get<std::string>();
    return s;
}

AppSettings loadSettings(const std::string& path) {
    if (path.empty()) return {};
    try {
        return parseSettings(readTextFile(path));
    } catch (const IoError&) {
        return {};
    }
}

std::string settingsToJson(const AppSettings& settings) {
    nlohmann::json doc{{"convscope_settings", 1}, {"font_scale", settings.font_scale}, {"theme", settings.theme}};
    if (!settings.last_folder.empty()) doc["last_folder"] = settings.last_folder;
    return doc.dump(2) + "\n";
}

void saveSettings(const std::string& path, const AppSettings& settings) {
    if (path.empty()) return;
    writeTextFileAtomic(path, settingsToJson(settings));
}

}  // namespace cs
