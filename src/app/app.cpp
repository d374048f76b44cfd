#include "app/app.h"
#include "app/export_job.h"

#include <imgui.h>

#include <algorithm>
#include <utility>

#include "app/lab_presenter.h"
#include "app/page_network.h"
#include "io/folder_listing.h"
#include "io/lesson_json.h"
#include "io/session_json.h"
#include "ui/theme.h"
#include "ui/toolbar_panel.h"
#include "ui/widgets.h"

namespace cs {

App::App(Lesson lesson, const AppSettings& settings, Engine* display, std::string engine_notice)
    : lesson_(std::move(lesson)), display_(display), engine_notice_(std::move(engine_notice)) {
    ui_.font_scale = settings.font_scale;
    ui_.dark = settings.theme != "light";
    ui_.last_folder = settings.last_folder;
    const std::string start = browserStartFolder(settings.last_folder, homeFolder());
    ui_.lesson_browser.dir = lab_ui_.browser.dir = start;
    // A lesson file with a layer op (--lesson FILE) is the Layers page's document.
    if (isLayer(lesson_.request.params.op)) {
        layers_ = layersLessonFromLesson(lesson_);
        lesson_ = defaultLesson();
        page_ = PageId::Layers;
    }
    history_.reset(lesson_);
    view_.update(lesson_, display_, true);
    layers_history_.reset(layers_);
    layers_view_.update(layers_, true);
    signals_history_.reset(signals_);
    lab_history_.reset(lab_);
    markSaved();
}

bool App::edited() const {
    return !sameContent(lesson_, saved_lesson_) || !sameContent(signals_, saved_signals_) ||
           !sameContent(lab_, saved_lab_) || !sameContent(layers_, saved_layers_) || !sameContent(network_, saved_network_);
}

bool App::unsavedTraining() const {
    return (network_.model_source == NetModelSource::TrainedHere && network_.model_unsaved) ||
           (network_trainer_ && network_trainer_->busy());
}

namespace {

// A lesson file with a Network section replaces the page's model. (A file
// that will not parse is not this question's: loadLesson says why.)
bool replacesNetworkModel(const std::string& name_or_path) {
    try {
        return loadSessionFile(name_or_path).sections.count(pageFor(PageId::Network).title) > 0;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

void App::markSaved() {
    saved_lesson_ = lesson_;
    saved_signals_ = signals_;
    saved_lab_ = lab_;
    saved_layers_ = layers_;
    saved_network_ = network_;
}

void App::requestLoad(const std::string& name_or_path) {
    if (edited() || (unsavedTraining() && replacesNetworkModel(name_or_path))) ui_.pending_load = name_or_path;
    else loadLesson(name_or_path);
}

App::~App() = default;

AppSettings App::settings() const {
    AppSettings s;
    s.font_scale = ui_.font_scale;
    s.theme = ui_.dark ? "dark" : "light";
    s.last_folder = ui_.last_folder;
    return s;
}

void App::loadLesson(const std::string& name_or_path) {
    // Transactional: the file is read and parsed before the lesson, its undo
    // history and the view are replaced, so a file that cannot be read leaves
    // everything as it was. A lesson whose parameters do not fit together
    // (planning, trace limits, the memory ceiling) is still the user's work:
    // the app saves what the toolbar holds mid-edit, so it opens as that edit
    // would, the stage keeping the last valid lesson with the reason.
    SessionFile session;
    try {
        session = loadSessionFile(name_or_path);
        if (isLayer(session.lesson.request.params.op)) {  // the Layers page shows layer ops
            layers_ui_.load = name_or_path;
            layers_ui_.discard_edits = true;  // requestLoad asked already when there were edits
            showPage(PageId::Layers);
            return;
        }
    } catch (const std::exception& e) {
        ui_.message.say("Lesson not opened: " + std::string(e.what()) + " The current lesson stays.", true);
        return;
    }
    const std::string unfit = LessonView::check(session.lesson.request);
    session.lesson.revision = lesson_.revision + 1;
    lesson_ = std::move(session.lesson);
    history_.reset(lesson_);
    view_.update(lesson_, display_);
    if (unfit.empty()) {
        view_.stepper().toStart();
        if (session.step > 0) view_.stepper().seek(session.step);
    }
    load_notes_.clear();
    std::string unshown;
    const std::string unread = applySections(session, unshown);
    markSaved();
    // What else the reader should know, after the main news.
    std::string tail;
    for (const std::string* part : {&unshown, &load_notes_})
        if (!part->empty()) tail += "; " + *part;
    if (!unfit.empty())
        ui_.message.say("Opened lesson \"" + lesson_.name + "\", but it cannot be shown: " + unfit +
                            " Change it in the toolbar; the stage keeps the last lesson that could be." + tail,
                        true);
    else if (!view_.error().empty())  // only when memory ran short while building, under the ceiling
        ui_.message.say("Loaded lesson \"" + lesson_.name + "\", but its step view failed: " + view_.error() + tail, true);
    else if (!unread.empty())
        ui_.message.say("Loaded lesson \"" + lesson_.name + "\", but not " + unread + tail, true);
    else if (!tail.empty())
        ui_.message.say("Loaded lesson \"" + lesson_.name + "\"" + tail + ".", true);
    else
        ui_.message.say("Loaded lesson \"" + lesson_.name + "\".");
}

std::string App::applySections(const SessionFile& session, std::string& unshown) {
    std::string unread;
    for (const Page& p : pages()) {
        const auto it = session.sections.find(p.title);
        if (p.load_section == nullptr || it == session.sections.end()) continue;
        try {
            p.load_section(*this, it->second);
        } catch (const SectionNotShown& e) {
            unshown += std::string(unshown.empty() ? "" : "; ") + "its " + p.title + " page cannot be shown: " + e.what();
        } catch (const std::exception& e) {
            unread += std::string(unread.empty() ? "" : "; ") + "its " + p.title + " page: " + e.what();
        }
    }
    for (const Page& p : pages())
        if (p.title == session.page) showPage(p.id);
    return unread;
}

void App::noteOnLoad(const std::string& note) {
    load_notes_ += (load_notes_.empty() ? "" : "; ") + note;
}

std::string App::exportName() const {
    switch (page_) {
        case PageId::Signals: return "signals";
        case PageId::Layers: return layers_.name.empty() ? "layers" : layers_.name;
        default: return lesson_.name.empty() ? "lesson" : lesson_.name;
    }
}

SessionFile App::currentSession() {
    SessionFile session{lesson_, view_.stepper().current(), pageFor(page_).title, {}};
    for (const Page& p : pages())
        if (p.save_section != nullptr) session.sections[p.title] = p.save_section(*this);
    return session;
}

void App::saveSession(const std::string& path) {
    saveSessionFile(path, currentSession());
    markSaved();
}

void App::showPage(PageId id) {
    page_ = id;
    if (const Page& p = pageFor(id); p.show) p.show(*this);
}

Stepper* App::activeStepper() {
    const Page& p = pageFor(page_);
    return p.stepper ? p.stepper(*this) : nullptr;
}

bool App::animating() {
    if (const Stepper* s = activeStepper(); s != nullptr && s->playing()) return true;
    // The lab's GPU work is polled each frame until its fence signals.
    if (page_ == PageId::ImageLab && lab_page_ && lab_page_->view().gpuPending()) return true;
    return (page_ == PageId::Matrices && motion_.moving()) || (page_ == PageId::Layers && layers_motion_.moving());
}

void App::update(double dt) {
    // A page's update may show another page (a click on an image lab pixel
    // opens the matrix lesson on it): each gets `shown` as it stands then.
    for (const Page& p : pages()) p.update(*this, dt, p.id == page_);
    updateExport(*this);  // Export... of whichever page asked
    ui_.message.age(dt);
    // A file was opened or saved: its folder is where the browsers open next run.
    for (FileBrowser* b : {&ui_.lesson_browser, &lab_ui_.browser, &network_ui_.image_browser, &network_ui_.model_browser}) {
        if (b->picked_folder.empty()) continue;
        if (b->picked_folder != ui_.last_folder) {
            ui_.last_folder = b->picked_folder;
            ui_.settings_dirty = true;
        }
        b->picked_folder.clear();
    }
}

void App::afterUi() {
    if (void (*after)(App&) = pageFor(page_).after_ui) after(*this);
}

void App::drawUi() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 origin = vp->WorkPos, full = vp->WorkSize;
    // The bar wraps onto more rows when its items do not fit (large text in a
    // small window): as tall as its content was last frame.
    const float bar_h = std::max(barHeight(), ui_.toolbar_h);
    if (ui_.stage_only) {  // convscope render --stage-only: the page alone, no bar
        pageFor(page_).draw(*this, PageArea{origin.x, origin.y, full.x, full.y});
        return;
    }

    if (beginPagePanel("toolbar", origin.x, origin.y, full.x, bar_h)) {
        if (ui_.presenter) {
            // In front of a class the bar only leads back (and sets the text size).
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(pageFor(page_).title);
            BarActions actions;
            addAppearanceActions(actions, ui_);
            drawBarActions(actions);
        } else {
            std::vector<const char*> titles;
            for (const Page& p : pages()) titles.push_back(p.title);
            const int clicked = drawPageTabs(titles, static_cast<int>(page_));
            if (clicked >= 0) showPage(pages()[static_cast<std::size_t>(clicked)].id);
            if (edited()) {  // the session shows it is edited, on every page
                ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
                colouredText(palette().accent_text, "edited");
                itemTooltip("changed since it was opened or saved: Save... keeps it");
            }
            if (const Page& p = pageFor(page_); p.toolbar) {
                p.toolbar(*this);
            } else {
                BarActions actions;
                addAppearanceActions(actions, ui_);
                addLessonFileActions(actions, lesson_, ui_);  // the session is saved from every page
                if (p.stepper != nullptr) addExportAction(actions, exportName(), ui_);  // a page that plays steps
                drawBarActions(actions);
                drawLessonFileBrowser(ui_);
                drawExportBrowser(ui_);
            }
        }
        const ImGuiStyle& style = ImGui::GetStyle();
        ui_.toolbar_h = ImGui::GetCursorPosY() - style.ItemSpacing.y + style.WindowPadding.y;
    }
    ImGui::End();

    pageFor(page_).draw(*this, PageArea{origin.x, origin.y + bar_h, full.x, full.y - bar_h});
    drawUnsavedQuestion();
}

// "Unsaved edits": a load or a quit that would drop them waits for an answer.
void App::drawUnsavedQuestion() {
    constexpr const char* kTitle = "Unsaved edits";
    const bool layers = !layers_ui_.pending_load.empty() && ui_.pending_load.empty() && !ui_.pending_quit;
    if ((!ui_.pending_load.empty() || ui_.pending_quit || layers) && !ImGui::IsPopupOpen(kTitle)) ImGui::OpenPopup(kTitle);
    if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const bool quitting = ui_.pending_quit;
    if (layers)
        ImGui::Text("The layers lesson \"%s\" has edits that are not saved.", layers_.name.c_str());
    else if (edited())
        ImGui::TextUnformatted("This session has edits that are not saved.");
    if (!layers && unsavedTraining())
        ImGui::TextUnformatted(network_trainer_ && network_trainer_->busy()
                                   ? "The Network page is training a model (it would stop, its weights in no file)."
                                   : "The model trained on the Network page is in no file (Save model... on its "
                                     "Training tab keeps it).");
    const std::string& opening = layers ? layers_ui_.pending_load : ui_.pending_load;
    ImGui::TextUnformatted(quitting ? "Quit anyway, losing them?" : ("Open \"" + opening + "\" anyway, losing them?").c_str());
    if (ImGui::Button(quitting ? "Quit without saving" : "Discard and open")) {
        answerUnsavedQuestion(true);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel (keep editing)") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        answerUnsavedQuestion(false);
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void App::answerUnsavedQuestion(bool discard) {
    if (discard) {
        if (ui_.pending_quit) {
            ui_.quit_confirmed = true;
        } else if (!ui_.pending_load.empty()) {
            loadLesson(ui_.pending_load);
        } else if (!layers_ui_.pending_load.empty()) {  // carried out by the Layers page's next update
            layers_ui_.load = layers_ui_.pending_load;
            layers_ui_.discard_edits = true;
        }
    }
    // One answer settles every waiting load: none is asked twice.
    layers_ui_.pending_load.clear();
    ui_.pending_load.clear();
    ui_.pending_quit = false;
}

}  // namespace cs
