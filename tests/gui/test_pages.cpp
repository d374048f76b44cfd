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

namespace {

using cs::GuiOptions;
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

    // Linear with W 3 x 4 but an input of 2 features: well formed, does not compute.
    const cs::LayersLesson before = again.layers();
    const std::string bad = R"({"topic": "linear", "stages": [{"convscope_lesson": 2, "op": "linear", "input": [[1, 2]],
        "weight": [[1, 2, 3, 4], [1, 1, 1, 1], [0, 0, 0, 0]], "bias": [0, 0, 0]}]})";
    try {
        cs::pageFor(PageId::Layers).load_section(again, bad);
        ADD_FAILURE() << "a section that does not compute was taken";
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

}  // namespace
