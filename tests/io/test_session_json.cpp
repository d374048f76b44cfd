// Sessions (io/session_json.h): one lesson file keeps every page, versioned,
// and older files still load.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <limits>
#include <string>

#include "io/lesson_json.h"
#include "io/session_json.h"
#include "io/text_file.h"

namespace cs {
namespace {

std::string message(const std::string& text) {
    try {
        sessionFromJson(text);
    } catch (const LessonFileError& e) {
        return e.what();
    }
    return "";
}

TEST(SessionJson, EveryPageRoundTrips) {
    SessionFile s;
    s.lesson = *builtinLesson("pooling");
    s.step = 3;
    s.page = "Signals";
    SignalsLesson sig = defaultSignalsLesson();
    sig.op = ContinuousOp::CrossCorrelation;
    sig.discrete = true;
    sig.mode = Mode1d::Same;
    sig.f.source = SignalSource::Typed;
    sig.f.typed = "1 -2 0.5";
    sig.g.spec.shape = SignalShape::Gaussian;
    sig.g.spec.width = 0.75;
    s.sections["Signals"] = signalsSectionToJson(sig, 1.25, 7);
    ImageLab lab;
    lab.image_path = "/data/cat.png";
    lab.convolve = true;
    lab.stride = {2, 1};
    lab.pool = LabPool::Max;
    lab.display = LabDisplay::Diverging;
    lab.kernel = Tensor({3, 3}, {0, 1, 0, 1, -4, 1, 0, 1, 0});
    lab.custom_kernel = true;
    lab.view.zoom = 4.f;
    s.sections["Image lab"] = imageLabSectionToJson(lab);

    const std::string text = sessionToJson(s);
    EXPECT_NE(text.find("\"version\": " + std::to_string(kLessonFileVersion)), std::string::npos);
    const SessionFile back = sessionFromJson(text);
    EXPECT_EQ(back.step, 3u);
    EXPECT_EQ(back.page, "Signals");
    EXPECT_EQ(lessonToJson(back.lesson), lessonToJson(s.lesson));

    SignalsLesson sig_back = defaultSignalsLesson();
    double t = 0;
    std::size_t step = 0;
    signalsSectionFromJson(back.sections.at("Signals"), sig_back, t, step);
    EXPECT_EQ(t, 1.25);
    EXPECT_EQ(step, 7u);
    EXPECT_EQ(sig_back.op, sig.op);
    EXPECT_EQ(sig_back.discrete, true);
    EXPECT_EQ(sig_back.mode, Mode1d::Same);
    EXPECT_EQ(sig_back.f, sig.f);
    EXPECT_EQ(sig_back.g, sig.g);

    ImageLab lab_back;
    imageLabSectionFromJson(back.sections.at("Image lab"), lab_back);
    EXPECT_EQ(lab_back.image_path, lab.image_path);
    EXPECT_TRUE(lab_back.convolve);
    EXPECT_EQ(lab_back.stride.h, 2);
    EXPECT_EQ(lab_back.pool, LabPool::Max);
    EXPECT_EQ(lab_back.display, LabDisplay::Diverging);
    EXPECT_EQ(lab_back.kernel.values(), lab.kernel.values());
    EXPECT_TRUE(lab_back.custom_kernel);
    EXPECT_EQ(lab_back.view, lab.view);
    EXPECT_NE(lab_back.image_request, 0u);  // the view reads the image again
}

TEST(SessionJson, OlderFilesLoadNewerAreRefusedByVersion) {
    // Today's version 1 files (no "version") are a session of the matrix lesson alone.
    const SessionFile v1 = sessionFromJson(R"({"convscope_lesson": 1, "op": "maxpool2d", "input": [[1, 2], [3, 4]]})");
    EXPECT_EQ(v1.step, 0u);
    EXPECT_EQ(v1.page, "");
    EXPECT_TRUE(v1.sections.empty());
    EXPECT_NO_THROW(sessionFromJson(R"({"convscope_lesson": 1, "version": 1, "op": "maxpool2d", "input": [[1]]})"));
    const std::string newer = message(R"({"convscope_lesson": 2, "version": 3, "op": "maxpool2d", "input": [[1]]})");
    EXPECT_NE(newer.find("version 3"), std::string::npos) << newer;
    EXPECT_NE(message(R"({"convscope_lesson": 2, "version": "2", "op": "maxpool2d", "input": [[1]]})").find("version"),
              std::string::npos);
}

TEST(SessionJson, BadSectionsNameTheFieldAndLeaveThePageAlone) {
    EXPECT_NE(message(R"({"convscope_lesson": 2, "op": "maxpool2d", "input": [[1]], "pages": 3})").find("pages"),
              std::string::npos);
    SignalsLesson sig = defaultSignalsLesson();
    const SignalsLesson before = sig;
    double t = 0;
    std::size_t step = 0;
    EXPECT_THROW(signalsSectionFromJson(R"({"op": "blur"})", sig, t, step), LessonFileError);
    EXPECT_THROW(signalsSectionFromJson(R"({"f": {"width": "wide"}})", sig, t, step), LessonFileError);
    EXPECT_EQ(sig.f, before.f);
    EXPECT_EQ(sig.op, before.op);
    ImageLab lab;
    EXPECT_THROW(imageLabSectionFromJson(R"({"kernel_rows": 2, "kernel_cols": 3, "kernel": [1,2,3,4,5,6]})", lab),
                 LessonFileError);
    EXPECT_THROW(imageLabSectionFromJson(R"({"stride": [0, 1]})", lab), LessonFileError);
    EXPECT_THROW(imageLabSectionFromJson(R"({"pool_size": 1e300})", lab), LessonFileError);
    EXPECT_THROW(signalsSectionFromJson(R"({"step": -1})", sig, t, step), LessonFileError);
    EXPECT_NE(message(R"({"convscope_lesson": 2, "op": "maxpool2d", "input": [[1]], "step": 2.5})").find("step"),
              std::string::npos);
    EXPECT_EQ(lab.stride.h, 1);
}

// Lists are read element by element: a value a float or an int cannot hold
// is a message, never a cast (found by fuzz_lesson under UBSan).
TEST(SessionJson, ListsOutOfTheirTypesRangeAreRefusedNotCast) {
    ImageLab lab;
    const ImageLab before = lab;
    auto labMessage = [&](const char* text) {
        try {
            imageLabSectionFromJson(text, lab);
        } catch (const LessonFileError& e) {
            return std::string(e.what());
        }
        return std::string("loaded");
    };
    EXPECT_NE(labMessage(R"({"kernel_rows": 1, "kernel_cols": 3, "kernel": [1, 1e300, 1]})").find("Image lab.kernel"),
              std::string::npos);
    EXPECT_NE(labMessage(R"({"kernel_rows": 1, "kernel_cols": 1, "kernel": ["a"]})").find("list of numbers"),
              std::string::npos);
    EXPECT_NE(labMessage(R"({"stride": [1e300, 1]})").find("Image lab.stride"), std::string::npos);
    EXPECT_NE(labMessage(R"({"dilation": [2.5, 1]})").find("Image lab.dilation"), std::string::npos);
    EXPECT_NE(labMessage(R"({"stride": [4294967297, 1]})").find("Image lab.stride"), std::string::npos);
    EXPECT_EQ(lab.stride, before.stride);
    EXPECT_EQ(lab.dilation, before.dilation);
    EXPECT_EQ(labMessage(R"({"kernel_rows": 1, "kernel_cols": 3, "kernel": [1, 3.4028235e38, -2], "stride": [2, 3]})"),
              "loaded");
    EXPECT_EQ(lab.kernel.values()[1], std::numeric_limits<float>::max());
    EXPECT_EQ(lab.stride, (Pair{2, 3}));
}

TEST(SessionJson, SavedAtomicallyAndLoadedByPath) {
    const auto dir = std::filesystem::temp_directory_path() / ("convscope_test_session_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    const std::string path = (dir / "class.json").string();
    SessionFile s{*builtinLesson("seed"), 2, "Image lab", {{"Image lab", imageLabSectionToJson(ImageLab{})}}};
    saveSessionFile(path, s);
    const SessionFile back = loadSessionFile(path);
    EXPECT_EQ(back.page, "Image lab");
    EXPECT_EQ(back.step, 2u);
    EXPECT_EQ(back.sections.count("Image lab"), 1u);
    EXPECT_EQ(loadSessionFile("seed").lesson.name, "seed");
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cs

namespace cs {
namespace {

std::string layersMessage(const std::string& section, LayersLesson& lesson, std::size_t& step) {
    try {
        layersSectionFromJson(section, lesson, step);
    } catch (const LessonFileError& e) {
        return e.what();
    }
    return "";
}

// The Layers page's section: the lesson, its edited tensors and options, the
// shown stage, quiz mode and the step come back exactly.
TEST(SessionJson, LayersSectionRoundTrips) {
    LayersLesson bn = layersLesson(LayersTopic::BatchNorm);
    bn.stages[0].input.at(1) = 7.5f;
    bn.stages[0].params.layer.training = false;
    bn.stages[0].params.layer.eps = 0.01;
    bn.stages[0].params.layer.momentum = 0.3;
    bn.stages[0].weight = Tensor({2}, {2.f, 0.5f});
    bn.stages[0].running_var = {2.f, 3.f};
    bn.quiz = true;
    bn.name = "my-bn";
    SessionFile s{*builtinLesson("seed"), 0, "Layers", {}};
    s.sections["Layers"] = layersSectionToJson(bn, 5);
    const SessionFile back = sessionFromJson(sessionToJson(s));
    ASSERT_TRUE(back.sections.count("Layers"));
    LayersLesson got = layersLesson(LayersTopic::Relu);
    std::size_t step = 0;
    layersSectionFromJson(back.sections.at("Layers"), got, step);
    EXPECT_TRUE(sameContent(got, bn));
    EXPECT_EQ(got.name, "my-bn");
    EXPECT_TRUE(got.quiz);
    EXPECT_FALSE(got.stages[0].params.layer.training);
    EXPECT_EQ(step, 5u);

    LayersLesson pipe = layersLesson(LayersTopic::Pipeline);
    pipe.shown_stage = 3;
    pipe.stages[kStageConv].kernel.at(0) = -2.f;
    pipe.stages[kStageBatchNorm].params.layer.training = false;
    LayersLesson pipe_back;
    layersSectionFromJson(layersSectionToJson(pipe, 2), pipe_back, step);
    EXPECT_TRUE(sameContent(pipe_back, pipe));
    EXPECT_EQ(pipe_back.shown_stage, 3);
    EXPECT_FALSE(pipe_back.quiz);
    EXPECT_EQ(step, 2u);
}

// A session without a Layers section (every file before it) has no section to
// apply; a bad section is refused with its field named, the page's document kept.
TEST(SessionJson, BadLayersSectionNamesTheFieldAndKeepsTheLesson) {
    const SessionFile old = sessionFromJson(R"({"convscope_lesson": 2, "version": 2, "op": "maxpool2d", "input": [[1]],
        "pages": {"Signals": {"t": 1}}})");
    EXPECT_FALSE(old.sections.count("Layers"));
    LayersLesson l = layersLesson(LayersTopic::Softmax);
    l.stages[0].input.at(0) = 9.f;
    const LayersLesson before = l;
    std::size_t step = 4;
    const auto refused = [&](const std::string& section, const char* words) {
        const std::string m = layersMessage(section, l, step);
        EXPECT_NE(m.find(words), std::string::npos) << section << " -> " << m;
        EXPECT_TRUE(sameContent(l, before)) << section;
        EXPECT_EQ(step, 4u) << section;
    };
    refused(R"({"quiz": true})", "topic");
    refused(R"({"topic": "sigmoid"})", "not one of relu, batchnorm");
    refused(R"({"topic": "relu", "quiz": "yes"})", "pages.Layers.quiz");
    refused(R"({"topic": "relu", "stages": []})", "list of 1 stage");
    refused(R"({"topic": "pipeline", "stages": [{}]})", "list of 7 stage");
    refused(R"({"topic": "relu", "stages": [{"convscope_lesson": 2, "op": "softmax", "input": [1, 2]}]})",
            "is a softmax stage; relu has relu there");
    refused(R"({"topic": "relu", "stages": [{"convscope_lesson": 2, "op": "relu"}]})", "pages.Layers.stages[0]");
    refused(R"({"topic": "relu", "stages": [3]})", "must be an object");
    refused(R"({"topic": "pipeline", "shown_stage": 7})", "shown_stage");
    refused(R"({"topic": "relu", "step": -2})", "pages.Layers.step");
    refused("[1, 2]", "not a JSON object");
}

}  // namespace
}  // namespace cs

namespace cs {
namespace {

// The Network page's section: the input (a drawn canvas exactly, float for
// float), the selection, the tab, the training settings and the model's
// origin come back; the weights are not in it.
TEST(SessionJson, NetworkSectionRoundTrips) {
    NetworkDoc doc;
    doc.source = NetInputSource::Canvas;
    for (int i = 0; i < kConvNetImageSize; i += 7) doc.canvas[static_cast<std::size_t>(i)] = static_cast<float>(i % 11) / 10.3f;
    doc.canvas[5] = 1.f;
    doc.gallery_index = 12;
    doc.brush_radius = 2.25f;
    doc.file_path = "/data/shoe.png";
    doc.file_pixels.assign(kConvNetImageSize, 0.25f);
    doc.selected = NetSelection{5, 3, 4, 9};
    doc.model_source = NetModelSource::File;
    doc.model_path = "/models/mine.safetensors";
    doc.training.epochs = 3;
    doc.training.learning_rate = 2.5e-4;
    doc.training.fresh = true;
    SessionFile s{*builtinLesson("seed"), 0, "Network", {{"Network", networkSectionToJson(doc, true)}}};
    const std::string text = sessionToJson(s);
    // The canvas is 28 readable rows, not 784 lines of one number each.
    EXPECT_LT(text.size(), 12000u) << text;
    const SessionFile back = sessionFromJson(text);
    NetworkDoc got;
    bool tab = false;
    networkSectionFromJson(back.sections.at("Network"), got, tab);
    EXPECT_TRUE(tab);
    EXPECT_EQ(got.source, NetInputSource::Canvas);
    EXPECT_EQ(got.canvas, doc.canvas);
    EXPECT_EQ(got.gallery_index, 12);
    EXPECT_EQ(got.brush_radius, 2.25f);
    EXPECT_EQ(got.file_path, doc.file_path);
    EXPECT_EQ(got.file_pixels, doc.file_pixels);
    EXPECT_EQ(got.selected, doc.selected);
    EXPECT_EQ(got.model_source, NetModelSource::File);
    EXPECT_EQ(got.model_path, doc.model_path);
    EXPECT_EQ(got.training.epochs, 3);
    EXPECT_EQ(got.training.learning_rate, 2.5e-4);
    EXPECT_TRUE(got.training.fresh);

    // In-app training that was never saved is said as such, with no path.
    doc.model_source = NetModelSource::TrainedHere;
    const std::string trained = networkSectionToJson(doc, false);
    EXPECT_NE(trained.find("\"model\":\"trained\""), std::string::npos) << trained;
    EXPECT_EQ(trained.find("model_path"), std::string::npos) << trained;
    networkSectionFromJson(trained, got, tab);
    EXPECT_EQ(got.model_source, NetModelSource::TrainedHere);
    EXPECT_FALSE(tab);
}

std::string networkMessage(const std::string& section, NetworkDoc& doc, bool& tab) {
    try {
        networkSectionFromJson(section, doc, tab);
    } catch (const LessonFileError& e) {
        return e.what();
    }
    return "";
}

// A bad Network section names its field and leaves the document as it was.
TEST(SessionJson, BadNetworkSectionNamesTheFieldAndKeepsTheDoc) {
    NetworkDoc doc;
    doc.gallery_index = 4;
    doc.canvas[3] = 0.5f;
    bool tab = true;
    const auto refused = [&](const std::string& section, const char* words) {
        const std::string m = networkMessage(section, doc, tab);
        EXPECT_NE(m.find(words), std::string::npos) << section << " -> " << m;
        EXPECT_EQ(doc.gallery_index, 4) << section;
        EXPECT_EQ(doc.canvas[3], 0.5f) << section;
        EXPECT_TRUE(tab) << section;
    };
    refused(R"({"source": "webcam"})", "pages.Network.source\" is \"webcam\", not gallery, canvas or file");
    refused(R"({"gallery_index": -2})", "pages.Network.gallery_index");
    refused(R"({"gallery_index": 2.5})", "pages.Network.gallery_index");
    refused(R"({"canvas": [1, 2]})", "pages.Network.canvas\" must be 28 rows");
    std::string zeros = "0";
    for (int x = 1; x < 28; ++x) zeros += " 0";
    std::string rows = "[";
    for (int y = 0; y < 28; ++y) rows += std::string(y ? "," : "") + "\"" + (y == 3 ? "0 0 2" + zeros.substr(5) : zeros) + "\"";
    rows += "]";
    refused(R"({"canvas": )" + rows + "}", "row 3 holds \"2\"");
    refused(R"({"selected": {"stage": 11}})", "pages.Network.selected.stage");
    refused(R"({"tab": "graphs"})", "pages.Network.tab");
    refused(R"({"model": "file"})", "pages.Network.model_path\" is missing");
    refused(R"({"model": "borrowed"})", "pages.Network.model\"");
    refused(R"({"epochs": 0})", "pages.Network.epochs");
    refused(R"({"learning_rate": 5})", "pages.Network.learning_rate");
    refused("[1]", "Network section");
    // Every field is optional: an empty section is the page as it opens (the shipped model).
    EXPECT_EQ(networkMessage("{}", doc, tab), "");
    EXPECT_EQ(doc.model_source, NetModelSource::Shipped);
    EXPECT_FALSE(tab);
}

}  // namespace
}  // namespace cs
