#pragma once
// App: the document of every page (src/app/pages.h) and the UI state they
// share; update(dt) and drawUi() walk the page table. It owns no window and
// calls no GL: gui_main.cpp runs the frame loop around it.
//
//   App app(defaultLesson(), settings, gpu_engine_or_null, notice);
//   each frame: app.update(dt); ImGui::NewFrame(); app.drawUi(); render
#include <functional>
#include <memory>
#include <string>

#include "app/pages.h"
#include "core/engine.h"
#include "core/history.h"
#include "core/image_lab.h"
#include "core/layers_lesson.h"
#include "core/layers_view.h"
#include "core/lesson.h"
#include "core/lesson_view.h"
#include "core/network_doc.h"
#include "core/network_view.h"
#include "core/signals_lesson.h"
#include "core/step_motion.h"
#include "io/settings.h"
#include "ui/image_lab_panel.h"
#include "ui/layers_panel.h"
#include "ui/network_panel.h"
#include "ui/ui_state.h"

namespace cs {

class ExportJob;
class LabPresenter;
struct NetworkGl;
class NetworkTrainer;
struct NetTrainingData;
struct SessionFile;

class App {
public:
    // `display`: the engine whose result is shown (the GPU engine), or nullptr
    // for CPU only; `engine_notice` says why there is no GPU engine.
    App(Lesson lesson, const AppSettings& settings, Engine* display, std::string engine_notice);
    ~App();

    // Every page's update (pages.h), then the shared message ages by dt seconds.
    void update(double dt);
    // The top bar (page tabs, the page's toolbar) and the shown page's panels,
    // laid out over the whole viewport.
    void drawUi();
    // After drawUi, before the frame is rendered: the shown page's after_ui (pages.h).
    void afterUi();

    // The page on screen; showPage switches to it (and prepares it, as a click
    // on its tab does).
    PageId page() const { return page_; }
    void showPage(PageId id);
    // The playhead the keys and the frame loop drive: the shown page's, or
    // nullptr when it has none.
    Stepper* activeStepper();
    // True while the shown page moves by itself: its stepper plays, or the
    // matrix page's (or the Layers page's conv and pool) window is still
    // gliding to its step (core/step_motion.h).
    // The frame loop keeps drawing frames then rather than wait for events.
    bool animating();

    UiState& ui() { return ui_; }
    Engine* displayEngine() const { return display_; }
    const std::string& engineNotice() const { return engine_notice_; }
    const std::string& gpuName() const { return gpu_name_; }
    // The GL renderer of the GPU engine, for the status line.
    void setGpuName(std::string name) { gpu_name_ = std::move(name); }
    // The GPU engine runs on a software rasterizer (llvmpipe): the image lab
    // filters on the vectorised CPU path instead, which is faster there.
    bool gpuIsSoftware() const { return gpu_is_software_; }
    // Set by the window code for an interactive run (not screenshot mode):
    // `wake` posts an empty event to the window's loop from any thread, so
    // work that finishes in the background (the image lab's filter) is drawn
    // without polling. Screenshot mode leaves it empty and filters in the frame.
    const std::function<void()>& wake() const { return wake_; }
    void setWake(std::function<void()> wake) { wake_ = std::move(wake); }
    void setGpuIsSoftware(bool software) { gpu_is_software_ = software; }
    // The image lab's path when fixed by hand (--lab-path); Auto: it chooses.
    LabPathChoice labPath() const { return lab_path_; }
    void setLabPath(LabPathChoice choice) { lab_path_ = choice; }
    AppSettings settings() const;

    // The matrix lessons (page_matrices.h): the lesson, its history and derived view.
    Lesson& lesson() { return lesson_; }
    LessonView& view() { return view_; }
    History& history() { return history_; }
    // The glide of the matrix page's window between steps, followed by its update.
    StepMotion& stepMotion() { return motion_; }
    // The same on the Layers page, for its window stages (the pipeline's conv and max pool).
    StepMotion& layersMotion() { return layers_motion_; }
    // Replaces the lesson by a built-in one or a lesson file; a lesson that
    // cannot be read leaves the current one and says why. One whose parameters
    // do not fit together opens as such an edit would (the stage keeps the
    // last valid lesson; an error message says why). A session file
    // (io/session_json.h) also restores the lesson's step, every page's
    // section (through the page table's load_section) and the page on show;
    // a section that cannot be read is named and the rest still loads.
    void loadLesson(const std::string& name_or_path);
    // Writes every page into one lesson file (the page table's save_section),
    // with the step and the page on show. Throws IoError.
    void saveSession(const std::string& path);
    // Every page's state and the page on show, as saveSession writes it (the
    // export's input: `render` plays the page the session names).
    SessionFile currentSession();
    // The file name Export... proposes (without .gif): the page's lesson.
    std::string exportName() const;
    // A page's load_section took its section but could not restore all of it
    // as saved (a model file that will not open, weights trained in the app
    // and never saved): `note` ("its Network page: ...") joins the load's
    // message, so nothing is substituted without a word.
    void noteOnLoad(const std::string& note);
    // True when the matrix lesson, the signals lesson, the image lab's
    // settings, the Layers page's lesson or the Network page's input, training
    // settings or model changed since the last load or save (or markSaved):
    // then a load or quit asks first.
    bool edited() const;
    // Weights trained on the Network page that no file holds (a session keeps
    // where its model came from, never trained weights), or a training run
    // going on there: quitting, or opening a session that brings its own
    // model (which stops the run), asks first even when the session was just
    // saved. Save model... is what keeps the weights.
    bool unsavedTraining() const;
    void markSaved();
    // A load request: carried out now when nothing would be lost, else kept
    // in ui().pending_load for the "Unsaved edits" question.
    void requestLoad(const std::string& name_or_path);
    // The "Unsaved edits" question's answer (its buttons; tests call it):
    // discard carries out what waits (the quit, the session's load, or the
    // Layers page's lesson, dropping its edits), else all of it is dropped
    // and the edits stay.
    void answerUnsavedQuestion(bool discard);
    // The signals lesson (page_signals.h): its document and derived view.
    SignalsLesson& signals() { return signals_; }
    SignalsView& signalsView() { return signals_view_; }
    SnapshotHistory<SignalsLesson>& signalsHistory() { return signals_history_; }
    // The image lab (page_image_lab.h): its document, panel state, and the
    // page that derives and uploads it (made on first use: it needs the GL context).
    ImageLab& imageLab() { return lab_; }
    SnapshotHistory<ImageLab>& imageLabHistory() { return lab_history_; }
    // What the lab had when last loaded or saved: the sample the lab opens on
    // first show is not an edit, so that page moves it along when nothing was.
    ImageLab& savedImageLab() { return saved_lab_; }
    LabUiState& imageLabUi() { return lab_ui_; }
    std::unique_ptr<LabPresenter>& imageLabPage() { return lab_page_; }
    // Export... (app/export_job.h): the `convscope render` child, once one was started.
    std::unique_ptr<ExportJob>& exportJob() { return export_job_; }
    // The layer lessons (page_layers.h): the document, its history, derived view
    // and panel state. A lesson file with a layer op opens here.
    LayersLesson& layers() { return layers_; }
    SnapshotHistory<LayersLesson>& layersHistory() { return layers_history_; }
    LayersView& layersView() { return layers_view_; }
    LayersUiState& layersUi() { return layers_ui_; }
    // The Network page (page_network.h): the document (model, input, clicked
    // activation), its view, panel state, the test gallery (read on first
    // show, with the shipped model) and the textures (made on first use: GL).
    NetworkDoc& network() { return network_; }
    NetworkView& networkView() { return network_view_; }
    NetworkUiState& networkUi() { return network_ui_; }
    NetGallery& networkGallery() { return network_gallery_; }
    bool& networkPrepared() { return network_prepared_; }
    std::unique_ptr<NetworkGl>& networkGl() { return network_gl_; }
    // In-app training (made on the first Start; the data set read then).
    std::unique_ptr<NetworkTrainer>& networkTrainer() { return network_trainer_; }
    std::shared_ptr<const NetTrainingData>& networkTrainingData() { return network_training_data_; }
    // The layers lesson as last loaded or saved: opening another layer lesson
    // moves it along when nothing was edited (as a load does for the matrix lesson).
    LayersLesson& savedLayers() { return saved_layers_; }
    // The Network page's document as last loaded or saved: the shipped model
    // and gallery the page opens on first show are not edits, so it moves this along.
    NetworkDoc& savedNetwork() { return saved_network_; }

private:
    // A session's page sections and page; what could not be read, "" when all
    // was. Sections loaded but not showable (SectionNotShown) go to `unshown`.
    std::string applySections(const SessionFile& session, std::string& unshown);
    void drawUnsavedQuestion();

    Lesson lesson_;
    Lesson saved_lesson_;                 // the lesson as last loaded or saved
    SignalsLesson saved_signals_ = defaultSignalsLesson();  // as last loaded or saved
    ImageLab saved_lab_;                                     // as last loaded or saved
    LayersLesson saved_layers_;                              // as last loaded or saved
    NetworkDoc saved_network_;                               // as last loaded or saved
    SnapshotHistory<SignalsLesson> signals_history_;
    SnapshotHistory<ImageLab> lab_history_;
    History history_;
    LessonView view_;
    StepMotion motion_;
    UiState ui_;
    SignalsLesson signals_ = defaultSignalsLesson();
    SignalsView signals_view_;
    ImageLab lab_;
    LabUiState lab_ui_;
    LabPathChoice lab_path_ = LabPathChoice::Auto;
    std::unique_ptr<LabPresenter> lab_page_;  // made on first use (needs GL)
    std::unique_ptr<ExportJob> export_job_;
    LayersLesson layers_ = layersLesson(LayersTopic::Relu);
    SnapshotHistory<LayersLesson> layers_history_;
    LayersView layers_view_;
    LayersUiState layers_ui_;
    StepMotion layers_motion_;
    NetworkDoc network_;
    NetworkView network_view_;
    NetworkUiState network_ui_;
    NetGallery network_gallery_;
    bool network_prepared_ = false;
    std::unique_ptr<NetworkGl> network_gl_;  // made on first use (needs GL)
    std::unique_ptr<NetworkTrainer> network_trainer_;  // stopped and joined by ~App
    std::shared_ptr<const NetTrainingData> network_training_data_;
    PageId page_ = PageId::Matrices;
    Engine* display_;
    std::string engine_notice_;
    std::string gpu_name_;
    bool gpu_is_software_ = false;
    std::function<void()> wake_;
    std::string load_notes_;  // what this load's sections could not restore (noteOnLoad)
};

}  // namespace cs
