#include "ui/file_browser.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "ui/theme.h"

namespace cs {
namespace fs = std::filesystem;

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
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (show_all || std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) files.push_back(name);
    }
    std::sort(folders.begin(), folders.end());
    std::sort(files.begin(), files.end());
    folders.insert(folders.end(), files.begin(), files.end());
    return folders;
}

bool drawFileBrowser(FileBrowser& b, std::string& chosen) {
    if (b.want_open) {
        b.want_open = false;
        if (b.dir.empty()) {
            std::error_code ec;
            b.dir = fs::current_path(ec).string();
        }
        b.typed.clear();
        ImGui::OpenPopup(b.title.c_str());
    }
    const float F = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(F * 34.f, F * 26.f), ImGuiCond_Appearing);
    bool picked = false;
    if (!ImGui::BeginPopupModal(b.title.c_str(), nullptr)) return false;

    // Folder line with an "up" button.
    if (ImGui::Button("Up")) {
        const fs::path parent = fs::path(b.dir).parent_path();
        if (!parent.empty()) b.dir = parent.string();
    }
    ImGui::SameLine();
    ImGui::TextWrapped("%s", b.dir.c_str());

    std::vector<std::string> entries;
    b.error.clear();
    try {
        entries = listFolder(b.dir, b.extensions, b.show_all);
    } catch (const std::exception& e) {
        b.error = e.what();
    }
    const float footer = ImGui::GetFrameHeightWithSpacing() * 2.f + ImGui::GetStyle().ItemSpacing.y;
    if (ImGui::BeginChild("entries", ImVec2(0, -footer), true)) {
        if (!b.error.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().error_text), "%s", b.error.c_str());
        for (const std::string& name : entries) {
            const bool folder = !name.empty() && name.back() == '/';
            const bool selected = !folder && b.typed == (fs::path(b.dir) / name).string();
            if (ImGui::Selectable(name.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick | ImGuiSelectableFlags_DontClosePopups)) {
                if (folder) {
                    b.dir = (fs::path(b.dir) / name.substr(0, name.size() - 1)).string();
                } else {
                    b.typed = (fs::path(b.dir) / name).string();
                    if (ImGui::IsMouseDoubleClicked(0)) picked = true;
                }
            }
        }
    }
    ImGui::EndChild();

    ImGui::SetNextItemWidth(-F * 9.f);
    const bool enter = ImGui::InputTextWithHint("##path", "path to an image (type or paste)", &b.typed,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    ImGui::Checkbox("all files", &b.show_all);
    if (ImGui::Button("Open") || enter) picked = !b.typed.empty();
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();

    if (picked) {
        std::error_code ec;
        if (fs::is_directory(b.typed, ec)) {
            b.dir = b.typed;
            b.typed.clear();
            picked = false;
        } else {
            chosen = b.typed;
            b.dir = fs::path(b.typed).parent_path().string();
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::EndPopup();
    return picked;
}

}  // namespace cs
