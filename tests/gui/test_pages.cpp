// The page table (src/app/pages.h): one entry per page, in PageId order, and
// the --lesson names, their routing and the --help text all derived from it.
// No window: the table and the option parser are plain code.
#include <gtest/gtest.h>
#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "../support/temp_dir_test.h"
#include "app/app.h"
#include "app/gui_main.h"
#include "app/page_network.h"
#include "app/pages.h"
#include "io/lesson_json.h"
#include "io/text_file.h"

namespace {

using cs::GuiOptions;
using cs::LabPathChoice;
using cs::Page;
using cs::PageId;

// argv for parseGuiOptions: the program name, then `args`.
bool parse(std::vector<std::string> args, GuiOptions& o, std::string& error) {
    args.insert(args.begin(), "convscope");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    bool help = false;
    return cs::parseGuiOptions(static_cast<int>(argv.size()), argv.data(), o, help, error);
}

TEST(Pages, TableHasEveryPageInIdOrderWithItsHooks) {
    ASSERT_EQ(cs::pages().size(), static_cast<std::size_t>(PageId::Count));
    std::set<std::string> titles;
    int file_pages = 0;
    for (std::size_t i = 0; i < cs::pages().size(); ++i) {
        const Page& p = cs::pages()[i];
        EXPECT_EQ(p.id, static_cast<PageId>(i));
        EXPECT_EQ(&cs::pageFor(p.id), &p);
        EXPECT_TRUE(titles.insert(p.title).second) << "two tabs called " << p.title;
        EXPECT_TRUE(p.open && p.update && p.draw && p.lesson_names) << p.title;
        file_pages += p.takes_lesson_files ? 1 : 0;
    }
    EXPECT_EQ(file_pages, 1) << "exactly one page answers the names no other page claims";
    EXPECT_STREQ(cs::pageFor(PageId::ImageLab).title, "Image lab");
}

TEST(Pages, EveryLessonNameOpensItsPage) {
    std::string error;
    for (const Page& p : cs::pages()) {
        for (const std::string& name : p.lesson_names()) {
            EXPECT_EQ(cs::pageForLesson(name, error), &p) << name;
            for (std::string_view word : p.lesson_words)
                EXPECT_EQ(cs::pageForLesson(name + "-" + std::string(word), error), &p) << name << "-" << word;
        }
    }
    const struct {
        const char* name;
        PageId page;
    } cases[] = {
        {"seed", PageId::Matrices},
        {"multichannel", PageId::Matrices},
        {"lessons/mine.json", PageId::Matrices},  // a file: the Matrices page loads it (or says why not)
        {"nosuchlesson", PageId::Matrices},
        {"signals", PageId::Signals},
        {"signals-discrete-compare", PageId::Signals},
        {"signals-compare-xcorr-discrete", PageId::Signals},
        {"image", PageId::ImageLab},
        {"images", PageId::ImageLab},
        {"image-lab", PageId::ImageLab},
    };
    for (const auto& c : cases) {
        const Page* p = cs::pageForLesson(c.name, error);
        ASSERT_NE(p, nullptr) << c.name << ": " << error;
        EXPECT_EQ(p->id, c.page) << c.name;
    }
}

TEST(Pages, UnknownVariantWordIsAClearError) {
    std::string error;
    EXPECT_EQ(cs::pageForLesson("signals-discrete-bogus", error), nullptr);
    EXPECT_NE(error.find("\"bogus\""), std::string::npos) << error;
    EXPECT_NE(error.find("discrete, compare, xcorr, autocorr"), std::string::npos) << error;

    GuiOptions o;
    EXPECT_FALSE(parse({"--lesson", "signals-bogus"}, o, error));
    EXPECT_NE(error.find("signals-bogus"), std::string::npos) << error;
}

// --panel picks the matrix page's lower tab; --answer is a finite number.
TEST(Pages, PanelAndQuizAnswerOptions) {
    std::string error;
    GuiOptions o;
    EXPECT_TRUE(parse({"--panel", "quiz", "--answer", "3"}, o, error)) << error;
    EXPECT_EQ(o.panel, "quiz");
    ASSERT_TRUE(o.quiz_answer.has_value());
    EXPECT_EQ(*o.quiz_answer, 3.0);
    GuiOptions bad;
    EXPECT_FALSE(parse({"--panel", "slides"}, bad, error));
    EXPECT_NE(error.find("formula, code, quiz, training or draw"), std::string::npos) << error;
    GuiOptions draw;
    EXPECT_TRUE(parse({"--lesson", "network", "--panel", "draw"}, draw, error)) << error;
    EXPECT_EQ(draw.panel, "draw");
    EXPECT_FALSE(parse({"--answer", "3x"}, bad, error));
    EXPECT_NE(error.find("--answer needs a number"), std::string::npos) << error;
    EXPECT_FALSE(parse({"--answer", "nan"}, bad, error));
}

// The hidden --train-preview N: batches of the subset run before the screenshot.
TEST(Pages, TrainPreviewTakesAFewBatches) {
    std::string error;
    GuiOptions o;
    ASSERT_TRUE(parse({"--train-preview", "25"}, o, error)) << error;
    EXPECT_EQ(o.train_preview, 25);
    EXPECT_EQ(o.page, PageId::Network);
    for (const char* bad : {"0", "31", "x", "2.5"}) {
        GuiOptions b;
        EXPECT_FALSE(parse({"--train-preview", bad}, b, error)) << bad;
        EXPECT_NE(error.find("--train-preview needs a whole number"), std::string::npos) << error;
    }
}

// The hidden --lab-path: the image lab's path fixed by hand (measurements, screenshots).
TEST(Pages, LabPathOptionFixesTheImageLabsPath) {
    std::string error;
    GuiOptions o;
    EXPECT_EQ(o.lab_path, LabPathChoice::Auto);
    ASSERT_TRUE(parse({"--lab-path", "gpu"}, o, error)) << error;
    EXPECT_EQ(o.lab_path, LabPathChoice::Gpu);
    ASSERT_TRUE(parse({"--lab-path", "cpu"}, o, error)) << error;
    EXPECT_EQ(o.lab_path, LabPathChoice::Cpu);
    GuiOptions bad;
    EXPECT_FALSE(parse({"--lab-path", "fast"}, bad, error));
    EXPECT_NE(error.find("auto, cpu or gpu"), std::string::npos) << error;
}

TEST(Pages, LessonOptionChoosesThePageOrTheMatrixLesson) {
    std::string error;
    GuiOptions o;
    ASSERT_TRUE(parse({"--lesson", "signals-discrete-compare", "--step", "3"}, o, error)) << error;
    EXPECT_EQ(o.page, PageId::Signals);
    EXPECT_EQ(o.page_lesson, "signals-discrete-compare");
    EXPECT_EQ(o.lesson, "seed");  // the matrix lesson behind it stays the default
    EXPECT_EQ(o.step, 3);

    GuiOptions lab;
    ASSERT_TRUE(parse({"--lesson", "images"}, lab, error)) << error;
    EXPECT_EQ(lab.page, PageId::ImageLab);

    GuiOptions flip;
    ASSERT_TRUE(parse({"--lesson", "flip"}, flip, error)) << error;
    EXPECT_EQ(flip.page, PageId::Matrices);
    EXPECT_EQ(flip.lesson, "flip");

    GuiOptions image;
    ASSERT_TRUE(parse({"--image", "photo.png"}, image, error)) << error;
    EXPECT_EQ(image.page, PageId::ImageLab);

    // The benchmark's hidden options (bench/startup_and_drag.py): --bench-drag is the lab's.
    GuiOptions bench;
    ASSERT_TRUE(parse({"--bench-startup", "--bench-drag", "30"}, bench, error)) << error;
    EXPECT_TRUE(bench.bench_startup);
    EXPECT_EQ(bench.bench_drag_frames, 30);
    EXPECT_EQ(bench.page, PageId::ImageLab);
    GuiOptions zero;
    EXPECT_FALSE(parse({"--bench-drag", "0"}, zero, error));
    EXPECT_NE(error.find("--bench-drag needs a whole number of frames"), std::string::npos) << error;
}

// `text` with each run of spaces and newlines as one space: help lines wrap anywhere.
std::string oneLine(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n';
        if (!space || (!out.empty() && out.back() != ' ')) out += space ? ' ' : c;
    }
    return out;
}

TEST(Pages, HelpListsEveryPagesLessonNames) {
    const std::string help = oneLine(cs::guiUsage());
    for (const Page& p : cs::pages()) {
        const std::vector<std::string> names = p.lesson_names();
        for (const std::string& name : names) EXPECT_NE(help.find(name), std::string::npos) << name << "\n" << help;
        for (std::string_view word : p.lesson_words)
            EXPECT_NE(help.find(names.front() + "-" + std::string(word)), std::string::npos) << word << "\n" << help;
        EXPECT_NE(help.find(p.lesson_help), std::string::npos) << p.lesson_help << "\n" << help;
    }
    // Users read --help; they have no issue tracker to look things up in.
    EXPECT_EQ(help.find("issue"), std::string::npos) << help;
}

// An App without a window: the Matrices and Signals pages need no GL (the
// image lab's update does, so it is never shown while updating here).
class PageHooks : public cs::test::TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        ImGui::CreateContext();  // the Matrices update asks ImGui whether a widget is held
    }
    void TearDown() override {
        ImGui::DestroyContext();
        TempDirTest::TearDown();
    }
};

TEST_F(PageHooks, MatricesSaveAndLoadGoThroughThePagesUpdate) {
    cs::App app(cs::loadLesson("flip"), cs::AppSettings{}, nullptr, "");
    const Page& matrices = cs::pageFor(PageId::Matrices);
    ASSERT_TRUE(matrices.save && matrices.load);
    matrices.save(app, path("flip.json"));
    app.update(0.0);
    EXPECT_TRUE(std::filesystem::exists(path("flip.json")));
    EXPECT_NE(app.ui().message.text.find("Saved to"), std::string::npos) << app.ui().message.text;

    app.lesson() = cs::loadLesson("seed");
    app.markSaved();  // as if seed had been opened: no edits to lose
    matrices.load(app, path("flip.json"));
    app.update(0.0);
    EXPECT_EQ(app.lesson().name, "flip");
    // A file that is not there leaves the lesson and says why, as an error.
    matrices.load(app, path("missing.json"));
    app.update(0.0);
    EXPECT_EQ(app.lesson().name, "flip");
    EXPECT_TRUE(app.ui().message.is_error);
}

// The monkey's find (CI, seed 56884): a lesson saved mid-edit with a dilation
// no window fits was refused on reopen. It is the user's work: it reopens as
// it was saved, the stage keeping the last valid lesson, and an error says why.
TEST_F(PageHooks, ALessonSavedMidEditWithParametersThatDoNotFitReopensAsItWas) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.lesson().request.params.window.dilation = {47, 47};
    app.lesson().touch();
    app.update(0.0);
    ASSERT_FALSE(app.view().error().empty()) << "the edit should not fit";
    const cs::Lesson edited = app.lesson();
    cs::pageFor(PageId::Matrices).save(app, path("unfit.json"));
    app.update(0.0);
    ASSERT_TRUE(std::filesystem::exists(path("unfit.json"))) << app.ui().message.text;

    cs::App again(cs::loadLesson("flip"), cs::AppSettings{}, nullptr, "");
    again.markSaved();
    cs::pageFor(PageId::Matrices).load(again, path("unfit.json"));
    again.update(0.0);
    EXPECT_TRUE(cs::sameContent(again.lesson(), edited));
    EXPECT_TRUE(again.ui().message.is_error);
    EXPECT_EQ(again.ui().message.text.rfind("Opened lesson", 0), 0u) << again.ui().message.text;
    EXPECT_NE(again.ui().message.text.find("no window fits"), std::string::npos) << again.ui().message.text;
    EXPECT_EQ(again.view().error(), app.view().error());
    EXPECT_TRUE(again.view().showingStale()) << "the flip lesson stays on the stage";
}

// Issue 14's "done when": a session saved on the Signals page reopens there,
// at the same t, with the matrix lesson at its step.
TEST_F(PageHooks, SessionSavedOnSignalsReopensThereAtTheSameT) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.view().stepper().seek(2);
    app.signals().op = cs::ContinuousOp::CrossCorrelation;
    app.signals().touch();
    app.signalsView().update(app.signals());
    app.signalsView().stepper().seek(150);
    const double t = app.signalsView().currentT();
    app.showPage(PageId::Signals);
    cs::pageFor(PageId::Matrices).save(app, path("class.json"));
    app.update(0.0);
    ASSERT_TRUE(std::filesystem::exists(path("class.json"))) << app.ui().message.text;

    cs::App again(cs::loadLesson("flip"), cs::AppSettings{}, nullptr, "");
    cs::pageFor(PageId::Matrices).load(again, path("class.json"));
    again.update(0.0);
    EXPECT_FALSE(again.ui().message.is_error) << again.ui().message.text;
    EXPECT_EQ(again.page(), PageId::Signals);
    EXPECT_EQ(again.signals().op, cs::ContinuousOp::CrossCorrelation);
    EXPECT_EQ(again.signalsView().stepper().current(), 150u);
    EXPECT_DOUBLE_EQ(again.signalsView().currentT(), t);
    EXPECT_EQ(again.lesson().name, "seed");
    EXPECT_EQ(again.view().stepper().current(), 2u);
}

// The Layers page in a session: its lesson, edited values, train/eval, the
// step and quiz mode come back; a section whose stages do not compute is
// refused by name and the page keeps its document.
TEST_F(PageHooks, SessionKeepsTheLayersPage) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.layers() = *cs::builtinLayersLesson("batchnorm");
    app.layers().stages[0].input.values()[1] = 6.5f;
    app.layers().stages[0].params.layer.training = false;
    app.layers().quiz = true;
    app.layers().touch();
    app.layersView().update(app.layers());
    app.layersView().stepper().seek(4);
    app.showPage(PageId::Layers);
    cs::pageFor(PageId::Matrices).save(app, path("layers.json"));
    app.update(0.0);
    ASSERT_TRUE(std::filesystem::exists(path("layers.json"))) << app.ui().message.text;

    cs::App again(cs::loadLesson("flip"), cs::AppSettings{}, nullptr, "");
    cs::pageFor(PageId::Matrices).load(again, path("layers.json"));
    again.update(0.0);
    EXPECT_FALSE(again.ui().message.is_error) << again.ui().message.text;
    EXPECT_EQ(again.page(), PageId::Layers);
    EXPECT_EQ(again.layers().topic, cs::LayersTopic::BatchNorm);
    EXPECT_TRUE(cs::sameContent(again.layers(), app.layers()));
    EXPECT_TRUE(again.layers().quiz);
    EXPECT_FALSE(again.layers().stages[0].params.layer.training);
    EXPECT_EQ(again.layersView().stepper().current(), 4u);

    // Linear with W 3 x 4 but an input of 2 features: well formed, does not
    // compute. It is kept (the user's mid-edit work) and said not to show.
    const std::string bad = R"({"topic": "linear", "stages": [{"convscope_lesson": 2, "op": "linear", "input": [[1, 2]],
        "weight": [[1, 2, 3, 4], [1, 1, 1, 1], [0, 0, 0, 0]], "bias": [0, 0, 0]}]})";
    try {
        cs::pageFor(PageId::Layers).load_section(again, bad);
        ADD_FAILURE() << "a section that does not compute was not reported";
    } catch (const cs::SectionNotShown& e) {
        EXPECT_NE(std::string(e.what()).find("weight is 3 x 4"), std::string::npos) << e.what();
    }
    EXPECT_EQ(again.layers().topic, cs::LayersTopic::Linear);
    EXPECT_FALSE(again.layersView().error().empty());
    // A malformed section is refused by name, and the page keeps its document.
    const cs::LayersLesson before = again.layers();
    try {
        cs::pageFor(PageId::Layers).load_section(again, R"({"topic": "no-such-topic"})");
        ADD_FAILURE() << "a malformed section was taken";
    } catch (const cs::LessonFileError& e) {
        EXPECT_NE(std::string(e.what()).find("pages.Layers"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(cs::sameContent(again.layers(), before));
}

// Unsaved edits are never dropped silently: a load waits for an answer.
TEST_F(PageHooks, ALoadOverUnsavedEditsWaitsForAnAnswer) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    EXPECT_FALSE(app.edited());
    app.lesson().request.input.values()[0] = 7.f;
    app.lesson().touch();
    EXPECT_TRUE(app.edited());
    app.ui().load_lesson = "flip";
    app.update(0.0);
    EXPECT_EQ(app.lesson().name, "seed") << "the edit was dropped without asking";
    EXPECT_EQ(app.ui().pending_load, "flip");
    // Signals edits count too; a save makes the session clean again.
    app.ui().pending_load.clear();
    cs::pageFor(PageId::Matrices).save(app, path("kept.json"));
    app.update(0.0);
    EXPECT_FALSE(app.edited()) << app.ui().message.text;
    app.signals().touch();
    EXPECT_FALSE(app.edited()) << "a touch that changes nothing is no edit";
    app.signals().discrete = !app.signals().discrete;
    app.signals().touch();
    EXPECT_TRUE(app.edited());
    app.markSaved();
    app.ui().load_lesson = "flip";
    app.update(0.0);
    EXPECT_EQ(app.lesson().name, "flip");
}

// Signals and image-lab edits join undo/redo through the page table's undo
// hook (Ctrl+Z / Ctrl+Y), and image-lab edits count as edited.
TEST_F(PageHooks, SignalsAndImageLabEditsUndoAndCountAsEdited) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    const Page& signals = cs::pageFor(PageId::Signals);
    ASSERT_NE(signals.undo, nullptr);
    app.showPage(PageId::Signals);
    app.signals().op = cs::ContinuousOp::AutoCorrelation;
    app.signals().touch();
    app.update(0.0);  // no widget held: the edit is committed
    EXPECT_TRUE(app.edited());
    signals.undo(app, false);
    EXPECT_EQ(app.signals().op, cs::ContinuousOp::Convolution);
    EXPECT_FALSE(app.edited()) << "undone back to what was opened";
    signals.undo(app, true);
    EXPECT_EQ(app.signals().op, cs::ContinuousOp::AutoCorrelation);

    const Page& lab = cs::pageFor(PageId::ImageLab);
    ASSERT_NE(lab.undo, nullptr);
    app.markSaved();
    EXPECT_FALSE(app.edited());
    app.imageLab().view.zoom = 3.f;  // looking around is not an edit
    app.imageLab().touch();
    EXPECT_FALSE(app.edited());
    app.imageLab().convolve = true;
    app.imageLab().touch();
    EXPECT_TRUE(app.edited()) << "an image-lab edit counts for the unsaved-edits question";
    app.imageLabHistory().commit(app.imageLab());  // what the lab page's update does while shown
    lab.undo(app, false);
    EXPECT_FALSE(app.imageLab().convolve);
    EXPECT_EQ(app.imageLab().view.zoom, 3.f) << "undo keeps where the student is looking";
    EXPECT_FALSE(app.edited());
    lab.undo(app, true);
    EXPECT_TRUE(app.imageLab().convolve);
    // The Layers page is in the session file too: its edits count.
    app.markSaved();
    app.layersUi().load = "softmax";  // opening another layer lesson is not an edit
    app.update(0.0);
    EXPECT_EQ(app.layers().topic, cs::LayersTopic::Softmax);
    EXPECT_FALSE(app.edited());
    app.layers().stages[0].input.values()[0] = 42.f;
    app.layers().touch();
    EXPECT_TRUE(app.edited());
}

TEST_F(PageHooks, KeysDriveTheShownPagesPlayheadOnly) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    EXPECT_EQ(app.activeStepper(), &app.view().stepper());
    app.showPage(PageId::Signals);
    EXPECT_EQ(app.activeStepper(), &app.signalsView().stepper());
    app.showPage(PageId::ImageLab);
    EXPECT_EQ(app.activeStepper(), nullptr) << "the image lab has no playhead";
    // Dropped files go to the shown page when it takes them (the Network
    // page: its input), else to the image lab; both have a load.
    int takers = 0;
    for (const Page& p : cs::pages()) takers += p.takes_dropped_files && p.load ? 1 : 0;
    EXPECT_EQ(takers, 2);
    EXPECT_TRUE(cs::pageFor(PageId::ImageLab).takes_dropped_files && cs::pageFor(PageId::Network).takes_dropped_files);
}

// The Network page's files (no GL needed): a refused model file says why,
// naming the file, and the current model stays; a good one replaces it; a bad
// image keeps the input.
TEST_F(PageHooks, NetworkPageKeepsItsModelWhenAFileIsRefused) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    const std::string shipped = cs::page_network::shippedModelPath();
    ASSERT_FALSE(shipped.empty()) << "assets/models/fashion_convnet.safetensors is not found from the test binary";
    cs::page_network::openModel(app, shipped, false);
    ASSERT_FALSE(app.ui().message.is_error) << app.ui().message.text;
    const cs::ConvNet good = app.network().net;
    const std::uint64_t revision = app.network().model_revision;
    std::ofstream(path("bad.safetensors"), std::ios::binary) << "\x10\x00\x00\x00\x00\x00\x00\x00{\"x\": 1}";
    cs::page_network::openModel(app, path("bad.safetensors"), false);
    EXPECT_TRUE(app.ui().message.is_error);
    EXPECT_NE(app.ui().message.text.find("bad.safetensors"), std::string::npos) << app.ui().message.text;
    EXPECT_NE(app.ui().message.text.find("current model stays"), std::string::npos) << app.ui().message.text;
    EXPECT_TRUE(app.network().net.tensors == good.tensors);
    EXPECT_EQ(app.network().model_revision, revision);
    // Saved and opened again: the same tensors.
    cs::page_network::saveModel(app, path("again.safetensors"));
    cs::page_network::openModel(app, path("again.safetensors"), false);
    EXPECT_FALSE(app.ui().message.is_error) << app.ui().message.text;
    EXPECT_TRUE(app.network().net.tensors == good.tensors);
    EXPECT_GT(app.network().model_revision, revision);
    // An image that will not load keeps the input as it was.
    cs::page_network::openImageInput(app, path("missing.png"));
    EXPECT_TRUE(app.ui().message.is_error);
    EXPECT_TRUE(app.network().file_path.empty());
    EXPECT_EQ(app.network().source, cs::NetInputSource::Gallery);
}

// The logits and prediction the page shows for its document now (CPU reference).
struct Shown {
    std::vector<float> logits;
    int predicted = -1;
};
Shown shownPrediction(cs::App& app) {
    app.networkView().update(app.network(), app.networkGallery());
    EXPECT_TRUE(app.networkView().ready()) << app.networkView().error();
    if (!app.networkView().ready()) return {};
    return {app.networkView().stages().back().values.values(), app.networkView().predicted()};
}

// Issue 14 for the Network page: a session saved there with a drawn canvas
// reopens there with the same input, selection, tab and training settings,
// and so the same logits (no GL: the page's update, which uploads textures,
// is not run; loadLesson and saveSession are what Open... and Save... do).
TEST_F(PageHooks, SessionSavedOnTheNetworkPageReopensThereWithTheSameInput) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.showPage(PageId::Network);  // the gallery and the shipped model
    ASSERT_FALSE(app.networkGallery().images.empty()) << app.networkGallery().error;
    cs::NetworkDoc& doc = app.network();
    ASSERT_EQ(doc.model_source, cs::NetModelSource::Shipped);
    for (float y = 5.f; y < 24.f; y += 0.5f) {  // a trouser: two legs
        cs::paintCanvas(doc, 10.f, y, false);
        cs::paintCanvas(doc, 18.f, y, false);
    }
    for (float x = 10.f; x < 18.f; x += 0.5f) cs::paintCanvas(doc, x, 5.f, false);
    doc.source = cs::NetInputSource::Canvas;
    doc.selected = cs::NetSelection{5, 7, 3, 4};
    doc.training.epochs = 4;
    doc.training.learning_rate = 5e-4;
    app.networkUi().training_tab = true;
    const Shown before = shownPrediction(app);
    ASSERT_EQ(before.logits.size(), 10u);
    app.saveSession(path("net.json"));
    EXPECT_NE(cs::readTextFile(path("net.json")).find("\"Network\""), std::string::npos);

    cs::App again(cs::loadLesson("flip"), cs::AppSettings{}, nullptr, "");
    again.loadLesson(path("net.json"));
    EXPECT_FALSE(again.ui().message.is_error) << again.ui().message.text;
    EXPECT_EQ(again.page(), PageId::Network);
    EXPECT_EQ(again.network().source, cs::NetInputSource::Canvas);
    EXPECT_EQ(again.network().canvas, doc.canvas) << "the drawing comes back float for float";
    EXPECT_EQ(again.network().selected, doc.selected);
    EXPECT_EQ(again.network().training.epochs, 4);
    EXPECT_EQ(again.network().training.learning_rate, 5e-4);
    EXPECT_TRUE(again.networkUi().training_tab);
    EXPECT_EQ(again.network().model_source, cs::NetModelSource::Shipped);
    const Shown after = shownPrediction(again);
    EXPECT_EQ(after.logits, before.logits);
    EXPECT_EQ(after.predicted, before.predicted);
    EXPECT_EQ(again.networkView().arithmetic().title, app.networkView().arithmetic().title);

    // A gallery pick round-trips, and so does a model opened from a file.
    doc.source = cs::NetInputSource::Gallery;
    doc.gallery_index = 17;
    cs::page_network::saveModel(app, path("mine.safetensors"));
    ASSERT_FALSE(app.ui().message.is_error) << app.ui().message.text;
    const Shown gallery = shownPrediction(app);
    app.saveSession(path("gallery.json"));
    cs::App third(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    third.loadLesson(path("gallery.json"));
    EXPECT_FALSE(third.ui().message.is_error) << third.ui().message.text;
    EXPECT_EQ(third.network().source, cs::NetInputSource::Gallery);
    EXPECT_EQ(third.network().gallery_index, 17);
    EXPECT_EQ(third.network().model_source, cs::NetModelSource::File);
    EXPECT_EQ(third.network().model_path, path("mine.safetensors"));
    EXPECT_EQ(shownPrediction(third).logits, gallery.logits);
}

// Weights trained in the app are not in the file: the load says what stands
// in for them, and a model file that is gone is named, while the rest loads.
TEST_F(PageHooks, SessionSaysWhenItsNetworkModelCannotComeBack) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.showPage(PageId::Network);
    app.network().model_source = cs::NetModelSource::TrainedHere;  // as a finished training run leaves it
    app.network().gallery_index = 5;
    app.saveSession(path("trained.json"));
    cs::App again(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    again.loadLesson(path("trained.json"));
    const std::string m = again.ui().message.text;
    EXPECT_TRUE(again.ui().message.is_error) << m;
    EXPECT_NE(m.find("Network page: its model was trained in the app and not saved"), std::string::npos) << m;
    EXPECT_NE(m.find("shipped model instead"), std::string::npos) << m;
    EXPECT_EQ(again.network().model_source, cs::NetModelSource::Shipped);
    EXPECT_EQ(again.network().gallery_index, 5) << "the input still loads";

    std::string text = cs::readTextFile(path("trained.json"));
    const std::string model = "\"model\": \"trained\"";
    ASSERT_NE(text.find(model), std::string::npos) << text;
    text.replace(text.find(model), model.size(), "\"model\": \"file\", \"model_path\": \"" + path("gone.safetensors") + "\"");
    cs::writeTextFileAtomic(path("gone.json"), text);
    cs::App third(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    third.loadLesson(path("gone.json"));
    EXPECT_NE(third.ui().message.text.find("gone.safetensors"), std::string::npos) << third.ui().message.text;
    EXPECT_EQ(third.network().model_source, cs::NetModelSource::Shipped) << "the shipped model stays, said so";
    EXPECT_EQ(third.network().gallery_index, 5);
}

// A Network section with a bad field is refused by name; the other pages of
// the session (here the Signals page and the matrix lesson) still load.
TEST_F(PageHooks, ABadNetworkFieldIsRefusedByNameWhileTheRestLoads) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.signals().op = cs::ContinuousOp::AutoCorrelation;
    app.signals().touch();
    app.network().gallery_index = 3;
    app.network().training.epochs = 2;
    app.saveSession(path("s.json"));
    std::string text = cs::readTextFile(path("s.json"));
    const std::string epochs = "\"epochs\": 2";
    ASSERT_NE(text.find(epochs), std::string::npos) << text;
    text.replace(text.find(epochs), epochs.size(), "\"epochs\": \"many\"");
    cs::writeTextFileAtomic(path("bad.json"), text);

    cs::App again(cs::loadLesson("flip"), cs::AppSettings{}, nullptr, "");
    again.loadLesson(path("bad.json"));
    const std::string m = again.ui().message.text;
    EXPECT_TRUE(again.ui().message.is_error);
    EXPECT_NE(m.find("not its Network page"), std::string::npos) << m;
    EXPECT_NE(m.find("pages.Network.epochs"), std::string::npos) << m;
    EXPECT_EQ(again.lesson().name, "seed");
    EXPECT_EQ(again.signals().op, cs::ContinuousOp::AutoCorrelation);
    EXPECT_EQ(again.network().gallery_index, 0) << "the refused section changed nothing";
    EXPECT_EQ(again.network().training.epochs, 1);
    // A gallery index past the gallery is the page's check, named the same way.
    text = cs::readTextFile(path("s.json"));
    const std::string index = "\"gallery_index\": 3";
    text.replace(text.find(index), index.size(), "\"gallery_index\": 30000");
    cs::writeTextFileAtomic(path("far.json"), text);
    again.loadLesson(path("far.json"));
    EXPECT_NE(again.ui().message.text.find("pages.Network.gallery_index\" is 30000"), std::string::npos)
        << again.ui().message.text;
}

// The Layers page asks before another lesson or a file replaces unsaved
// edits, as the Matrices page does; Cancel keeps them, Discard opens.
TEST_F(PageHooks, ALayersLessonPickedOverEditsAsksFirst) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.showPage(PageId::Layers);
    app.layersUi().load = "softmax";  // nothing edited: opens at once
    app.update(0.0);
    EXPECT_EQ(app.layers().topic, cs::LayersTopic::Softmax);
    EXPECT_TRUE(app.layersUi().pending_load.empty());
    app.layers().stages[0].input.values()[0] = 42.f;
    app.layers().touch();
    app.layersUi().load = "relu";  // the radio button of another built-in lesson
    app.update(0.0);
    EXPECT_EQ(app.layers().topic, cs::LayersTopic::Softmax) << "the edit was dropped without asking";
    EXPECT_EQ(app.layersUi().pending_load, "relu");
    app.answerUnsavedQuestion(false);  // Cancel (keep editing)
    app.update(0.0);
    EXPECT_EQ(app.layers().stages[0].input.values()[0], 42.f);
    EXPECT_TRUE(app.layersUi().pending_load.empty());
    // A lesson file through the page's load hook asks too.
    cs::Lesson relu_file = cs::lessonOfLayers(*cs::builtinLayersLesson("relu"));
    cs::saveLessonFile(path("relu.json"), relu_file);
    cs::pageFor(PageId::Layers).load(app, path("relu.json"));
    app.update(0.0);
    EXPECT_EQ(app.layers().topic, cs::LayersTopic::Softmax);
    EXPECT_EQ(app.layersUi().pending_load, path("relu.json"));
    app.answerUnsavedQuestion(true);  // Discard and open
    app.update(0.0);
    EXPECT_EQ(app.layers().topic, cs::LayersTopic::Relu) << app.ui().message.text;
    EXPECT_FALSE(app.edited()) << "the discarded edits no longer count";
    app.layersUi().load = "softmax";  // and the next pick does not ask again
    app.update(0.0);
    EXPECT_EQ(app.layers().topic, cs::LayersTopic::Softmax);
}

// The Network page is in the session, so its edits are not dropped silently
// either: opening the page (the shipped model, the gallery) is no edit, a
// drawing is, and a load over it waits for the answer. A click on an
// activation is looking, not editing.
TEST_F(PageHooks, NetworkEditsCountForTheUnsavedQuestion) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.showPage(PageId::Network);
    EXPECT_FALSE(app.edited()) << "the page's first show is no edit";
    app.network().selected = cs::NetSelection{10, 0, 0, 3};
    EXPECT_FALSE(app.edited());
    EXPECT_TRUE(cs::paintCanvas(app.network(), 14.f, 14.f, false));
    EXPECT_TRUE(app.edited());
    app.requestLoad("flip");
    EXPECT_EQ(app.ui().pending_load, "flip");
    EXPECT_EQ(app.lesson().name, "seed");
    app.answerUnsavedQuestion(false);
    EXPECT_TRUE(app.ui().pending_load.empty());
    app.saveSession(path("drawn.json"));
    EXPECT_FALSE(app.edited());
    app.network().training.epochs = 5;
    EXPECT_TRUE(app.edited());
}

}  // namespace
