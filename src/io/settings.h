#pragma once
// App settings remembered between runs: the presentation scale (Ctrl +/-),
// the theme and the folder the file browser last opened or saved a file in. Stored as JSON in $XDG_CONFIG_HOME/convscope/settings.json, or
// ~/.config/convscope/settings.json, written atomically.
//   {"convscope_settings": 1, "font_scale": 1.5, "theme": "dark", "last_folder": "/home/me/lessons"}
// A missing or unreadable file gives the defaults (it is not worth an error
// dialog); saveSettings throws IoError.
#include <string>

namespace cs {

constexpr float kMinFontScale = 0.5f;
constexpr float kMaxFontScale = 4.0f;

struct AppSettings {
    float font_scale = 1.0f;     // 1.0: 20 px text
    std::string theme = "dark";  // "dark" or "light"
    std::string last_folder;     // "" until a file was opened or saved
    bool operator==(const AppSettings&) const = default;
};

// The file's path; empty when neither XDG_CONFIG_HOME nor HOME is set.
std::string settingsPath();
AppSettings loadSettings(const std::string& path);
AppSettings parseSettings(const std::string& text);  // defaults for anything missing or wrong
std::string settingsToJson(const AppSettings& settings);
void saveSettings(const std::string& path, const AppSettings& settings);

}  // namespace cs
