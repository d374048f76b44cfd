#pragma once
// UiState: what the panels share that is not the document: presentation
// settings, what the mouse is over, the editor's selection, transient
// messages, and requests the app carries out between frames (load a lesson,
// rebuild fonts). The document (Lesson) and the derived data (LessonView)
// are passed to panels separately.
#include <cstdint>
#include <map>
#include <string>

#include "ui/code_panel.h"
#include "ui/file_browser.h"
#include "ui/quiz_panel.h"
#include "ui/widgets.h"

namespace cs {

// What the mouse is over on the stage. Views publish it while drawing
// (UiState::next_hover) and read last frame's (UiState::hover) to draw
// highlights on views drawn earlier in the frame.
struct Hover {
    int out_c = -1, out_y = -1, out_x = -1;  // an output cell
    int pad_c = -1, pad_y = -1, pad_x = -1;  // a padded-input cell
    bool onOutput() const { return out_c >= 0; }
    bool onPadded() const { return pad_c >= 0; }
};

// The tabs of the matrix page's lower right pane, in order.
enum class LowerTab { Formula, Code, Quiz };

// Which page the window shows is the app's (src/app/pages.h), not UI state.
struct UiState {
    // Presentation (persisted by the app).
    float font_scale = 1.f;
    bool dark = true;
    bool fonts_dirty = false;  // the app rebuilds the font atlas before the next frame
    // Presenter mode (F5 or the Present button; Esc leaves): the editor
    // column hidden, the stage and the step text as large as they fit, the
    // window fullscreen when it is a real one.
    bool presenter = false;
    // `convscope render --stage-only`: no top bar, and a page that has a stage
    // (the matrix page) draws it alone over the whole window.
    bool stage_only = false;
    // Export... (the matrix page's top bar): its file browser (.gif), the
    // path chosen (the app starts the export), how far it is, and Cancel.
    FileBrowser export_browser;
    std::string export_path;
    bool exporting = false;
    float export_progress = 0.f;  // 0..1
    bool cancel_export = false;
    float toolbar_h = 0.f;       // the top bar's content height last frame (it wraps at large text)
    float step_content_h = 0.f;  // the step panel's content height last frame (pixels; 0: not drawn yet)
    bool step_too_low = false;   // the step text was too tall for its pane even at 0.6x last frame
    float step_answer_h = 0.f;   // of which the answer and its notes, which come first (drawStepPanel's return)
    float step_text_scale = 1.f; // the step panel's text scale then (presenter mode enlarges it, a full pane shrinks it)
    float step_tabs_h = 0.f;     // the height of the step pane's tab bar then (0: the lower tabs are beside it)
    // The stage last frame: the cell it drew, and the panel height its whole
    // layout needs at kReadableStageCell (0: not drawn yet). The matrix page
    // keeps at least that for the stage (within half the body) before the
    // step pane takes the rest.
    float stage_cell = 0.f;
    float stage_readable_h = 0.f;
    std::string last_folder;   // where a file was last opened or saved (any browser)
    bool settings_dirty = false;  // the app saves the settings before the next frame

    Hover hover, next_hover;

    // Matrix editor: which slice is being edited.
    int edit_channel = 0;         // input channel
    int edit_filter = 0;          // kernel bank: filter
    int edit_kernel_channel = 0;  // kernel bank: the input channel (one of the filter's group's)
    int copy_format = 0;          // MatrixFormat index for "Copy"
    std::uint32_t random_seed = 1;
    bool random_integers = true;
    std::map<std::string, bool> unlinked_pairs;  // per-axis parameters edited separately
    // A parameter edit the page refused (groups that do not divide the
    // channels): said in the parameter panel's error box until the lesson
    // changes (its revision moves on).
    std::string params_refusal;
    std::uint64_t params_refusal_revision = 0;

    // Open... / Save... of lesson files: one browser, so both start in the
    // folder last used (the settings' last folder, else home, at first).
    FileBrowser lesson_browser;

    // The matrix page's lower right pane: its tabs (LowerTab) and the Code tab.
    CodePanelState code;
    QuizPanelState quiz;  // the quiz and the session's score
    int lower_tab_request = -1;  // a LowerTab to select on the next frame (--panel), -1 none
    // A body too low for a tab bar over the step (1280x720 at 200%) folds the
    // lower tabs away: the top bar then offers them (More: Step, Output size,
    // Code, Quiz) and the step pane shows the one chosen in the step's place.
    bool lower_tabs_folded = false;  // this frame's layout (the top bar reads last frame's)
    int folded_tab = -1;             // the LowerTab the folded pane shows, -1 the step
    int open_lower_tab = -1;         // the LowerTab the tab bar showed last, -1 the step (kept on folding)

    // Requests for the app, handled after the frame.
    std::string load_lesson;  // built-in name or file path
    // Unsaved edits are never dropped silently: a load or a quit while the
    // session is edited waits here for "Discard" or "Cancel" (app.cpp).
    std::string pending_load;    // the load waiting for an answer
    bool pending_quit = false;   // the window's close button, waiting
    bool quit_confirmed = false; // "Quit without saving": the frame loop ends
    std::string save_lesson_path;
    bool want_undo = false, want_redo = false;
    // The toolbar had room for the whole lesson description this frame; when
    // not, the page writes it wrapped instead.
    bool title_in_toolbar = true;

    // One line in the status bar for a few seconds ("copied as CSV", a paste
    // error): the matrix and signals pages' messages.
    PageMessage message;
};

}  // namespace cs
