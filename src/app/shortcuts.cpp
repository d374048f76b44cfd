#include "app/shortcuts.h"

#include <imgui.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>

#include "app/app.h"
#include "app/pages.h"
#include "io/settings.h"

namespace cs {

// ImGui 1.86's GLFW backend indexes keys by GLFW key code. Undo and the
// playhead keys act on the shown page, through its entry in the page table.
void handleShortcuts(App& app) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    const Page& page = pageFor(app.page());
    UiState& ui = app.ui();
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, true); };
    if (!io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_F5, false)) ui.presenter = !ui.presenter;
    if (ui.presenter && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false) && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId))
        ui.presenter = false;
    if (io.KeyCtrl) {
        if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) {
            ui.font_scale = std::min(kMaxFontScale, ui.font_scale + 0.125f);
            ui.fonts_dirty = true;
        }
        if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) {
            ui.font_scale = std::max(kMinFontScale, ui.font_scale - 0.125f);
            ui.fonts_dirty = true;
        }
        if (pressed(GLFW_KEY_0) || pressed(GLFW_KEY_KP_0)) {
            ui.font_scale = 1.f;
            ui.fonts_dirty = true;
        }
        if (page.undo && ImGui::IsKeyPressed(GLFW_KEY_Z, false)) page.undo(app, io.KeyShift);
        if (page.undo && ImGui::IsKeyPressed(GLFW_KEY_Y, false)) page.undo(app, true);
        return;
    }
    Stepper* stepper = app.activeStepper();
    if (stepper == nullptr) return;
    Stepper& s = *stepper;
    if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) s.togglePlay();
    if (pressed(GLFW_KEY_RIGHT)) s.stepForward();
    if (pressed(GLFW_KEY_LEFT)) s.stepBack();
    if (ImGui::IsKeyPressed(GLFW_KEY_HOME, false)) s.toStart();
    if (ImGui::IsKeyPressed(GLFW_KEY_END, false)) s.toEnd();
}

}  // namespace cs
