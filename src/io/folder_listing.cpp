#include "io/folder_listing.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace cs {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

bool hasExtension(const std::string& name, const std::vector<std::string>& extensions) {
    const std::string ext = lower(fs::path(name).extension().string());
    return !ext.empty() && std::any_of(extensions.begin(), extensions.end(),
                                       [&](const std::string& e) { return lower(e) == ext; });
}

std::vector<std::string> listFolder(const std::string& dir, const std::vector<std::string>& extensions, bool show_all) {
    std::vector<std::string> folders, files;
    for (const fs::directory_entry& e : fs::directory_iterator(dir, fs::directory_options::skip_permission_denied)) {
        const std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code ec;
        if (e.is_directory(ec)) {
            folders.push_back(name + "/");
            continue;
        }
        if (show_all || hasExtension(name, extensions)) files.push_back(name);
    }
    std::sort(folders.begin(), folders.end());
    std::sort(files.begin(), files.end());
    folders.insert(folders.end(), files.begin(), files.end());
    return folders;
}

std::string savePathFor(const std::string& dir, const std::string& typed, const std::string& extension) {
    if (typed.empty() || typed.back() == '/') return {};
    fs::path p(typed);
    if (p.is_relative() && !dir.empty()) p = fs::path(dir) / p;
    if (!p.has_extension()) p += extension;
    return p.lexically_normal().string();
}

std::string browserStartFolder(const std::string& last_used, const std::string& home) {
    std::error_code ec;
    if (!last_used.empty() && fs::is_directory(last_used, ec)) return last_used;
    if (!home.empty() && fs::is_directory(home, ec)) return home;
    return "/";
}

std::string homeFolder() {
    const char* home = std::getenv("HOME");
    return home != nullptr ? std::string(home) : std::string();
}

std::string fileNameProblem(const std::string& name) {
    if (name.find('/') != std::string::npos)
        return "A file name cannot contain \"/\": open the folder in the list above, then type the name alone.";
    if (name == "." || name == "..") return "\"" + name + "\" is a folder, not a file name.";
    if (name.find('\0') != std::string::npos) return "A file name cannot contain a NUL character.";
    return {};
}

}  // namespace cs
