#include "ui/file_browser.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <filesystem>
#include <system_error>

#include "io/folder_listing.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace fs = std::filesystem;

namespace {

// The next opening starts where this file is, if that folder exists (a save
// into a missing folder that failed should not leave the browser there).
void rememberFolderOf(FileBrowser& b, const std::string& chosen) {
    std::error_code ec;
    const fs::path parent = fs::absolute(chosen, ec).parent_path();
    if (!ec && fs::is_directory(parent, ec)) b.dir = b.picked_folder = parent.string();
}

// ImGui's own Ctrl+A needs the field active; this one also works right after
// a click in the list took the keyboard, and selects the whole name.
int selectAllCallback(ImGuiInputTextCallbackData* data) {
    auto* b = static_cast<FileBrowser*>(data->UserData);
    if (b->select_all) {
        data->SelectAll();
        b->select_all = false;
    }
    return 0;
}

}  // namespace

bool drawFileBrowser(FileBrowser& b, std::string& chosen) {
    if (b.want_open) {
        b.want_open = false;
        if (b.dir.empty()) {
            b.dir = browserStartFolder("", homeFolder());
        }
        ImGui::OpenPopup(b.title.c_str());
    }
    const bool saving = b.mode == FileBrowserMode::Save;
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
    ImGui::TextUnformatted(b.dir.c_str());  // one line, clipped: a wrapped path would move the list

    std::vector<std::string> entries;
    b.error.clear();
    try {
        entries = listFolder(b.dir, b.extensions, b.show_all);
    } catch (const std::exception& e) {
        b.error = e.what();
    }
    // Save: a "Replace it?" waits only while the name still points at that file.
    const std::string target = saving ? savePathFor(b.dir, b.typed, b.extensions.empty() ? "" : b.extensions.front()) : "";
    if (target != b.confirm) b.confirm.clear();
    const std::string name_problem = saving ? fileNameProblem(b.typed) : std::string();
    // Three rows always (the field, the buttons, the message line), so the
    // list does not grow or shrink under the pointer as messages come and go.
    const float footer = ImGui::GetFrameHeightWithSpacing() * 3.f + ImGui::GetStyle().ItemSpacing.y;
    if (ImGui::BeginChild("entries", ImVec2(0, -footer), true)) {
        if (b.listed_dir != b.dir) {
            ImGui::SetScrollY(0.f);  // a new folder starts at its top, not at the old one's scroll
            b.listed_dir = b.dir;
        }
        if (!b.error.empty()) colouredText(palette().error_text, "%s", b.error.c_str());
        for (const std::string& name : entries) {
            const bool folder = !name.empty() && name.back() == '/';
            const std::string path = (fs::path(b.dir) / name).string();
            const bool selected = !folder && (saving ? b.typed == name : b.typed == path);
            if (ImGui::Selectable(name.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick | ImGuiSelectableFlags_DontClosePopups)) {
                if (folder) {
                    b.dir = (fs::path(b.dir) / name.substr(0, name.size() - 1)).string();
                } else {
                    b.typed = saving ? name : path;
                    if (ImGui::IsMouseDoubleClicked(0)) picked = true;
                }
            }
        }
    }
    ImGui::EndChild();

    if (saving) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("File name");
        ImGui::SameLine();
    }
    ImGui::SetNextItemWidth(-F * 9.f);
    const ImGuiIO& io = ImGui::GetIO();
    const bool ctrl_a = io.KeyCtrl && !io.KeyShift && !io.KeyAlt && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_A), false);
    if (ctrl_a) b.select_all = true;
    if ((saving && ImGui::IsWindowAppearing()) || (ctrl_a && !io.WantTextInput)) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputTextWithHint("##path", b.hint.c_str(), &b.typed,
                                                ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackAlways,
                                                selectAllCallback, &b);
    ImGui::SameLine();
    ImGui::Checkbox("all files", &b.show_all);
    const bool can_pick = !b.typed.empty() && name_problem.empty();
    ImGui::BeginDisabled(!can_pick);
    if (ImGui::Button(saving ? "Save" : "Open") || enter) picked = can_pick;
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        b.confirm.clear();
        ImGui::CloseCurrentPopup();
    }
    if (!name_problem.empty()) {
        ImGui::AlignTextToFramePadding();
        colouredText(palette().error_text, "%s", name_problem.c_str());
    } else if (!b.confirm.empty()) {
        ImGui::AlignTextToFramePadding();
        colouredText(palette().error_text, "%s already exists. Replace it?",
                     fs::path(b.confirm).filename().string().c_str());
        ImGui::SameLine();
        if (ImGui::Button("Replace")) {
            chosen = b.confirm;
            b.confirm.clear();
            rememberFolderOf(b, chosen);
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
            return true;
        }
        ImGui::SameLine();
        if (ImGui::Button("Keep it")) b.confirm.clear();
    }

    if (picked) {
        std::error_code ec;
        // Open keeps a typed relative path relative to the working folder; Save names a file in `dir`.
        const fs::path typed_dir = saving ? fs::path(b.dir) / b.typed : fs::path(b.typed);
        const std::string path = saving ? savePathFor(b.dir, b.typed, b.extensions.empty() ? "" : b.extensions.front()) : b.typed;
        picked = false;
        if (fs::is_directory(typed_dir, ec)) {
            b.dir = typed_dir.lexically_normal().string();
            if (b.dir.size() > 1 && b.dir.back() == '/') b.dir.pop_back();
            b.typed.clear();
        } else if (saving && fs::exists(path, ec)) {
            b.confirm = path;  // ask first; nothing is written until "Replace"
        } else if (!path.empty()) {
            chosen = path;
            rememberFolderOf(b, chosen);
            picked = true;
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::EndPopup();
    return picked;
}

}  // namespace cs
