// The Network page's Training requests as the glue handles them (no window:
// page_network::updateTraining touches no GL). Start does not replace a
// model the student may want to keep without asking: an opened model file
// or weights trained here and not saved; the shipped model unchanged and a
// saved one start at once; "Save first..." starts once the save is done.
#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <string>

#include "app/app.h"
#include "app/page_network.h"
#include "core/convnet_train.h"
#include "io/lesson_json.h"
#include "io/model_file.h"
#include "ui/network_panel.h"

namespace {

namespace fs = std::filesystem;

class NetworkApp : public ::testing::Test {
protected:
    void SetUp() override {
        ImGui::CreateContext();
        dir_ = fs::temp_directory_path() / ("convscope_network_app_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override {
        ImGui::DestroyContext();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    // Start pressed; whether a run began (the trainer loading or training).
    bool pressStart(cs::App& app, cs::NetTrainRequest request = cs::NetTrainRequest::Start) {
        app.networkUi().train_request = request;
        cs::page_network::updateTraining(app);
        const bool started = app.networkTrainer() && app.networkTrainer()->busy();
        if (app.networkTrainer()) {
            // Stopped once training (a stop while loading publishes no weights).
            while (app.networkTrainer()->snapshot().state == cs::NetTrainerState::Loading)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            app.networkTrainer()->stop();
            app.networkTrainer()->join();
            cs::page_network::updateTraining(app);  // the stopped run's snapshot
        }
        return started;
    }
    fs::path dir_;
};

TEST_F(NetworkApp, StartAsksBeforeReplacingAnOpenedModel) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    cs::ConvNet net;
    cs::initializeConvNet(net, 3);
    const std::string path = (dir_ / "from_pytorch.safetensors").string();
    cs::writeConvNetFile(path, net);
    cs::page_network::openModel(app, path, false);
    ASSERT_TRUE(app.network().model_unsaved) << app.ui().message.text;
    EXPECT_FALSE(pressStart(app)) << "an opened model is not replaced without asking";
    EXPECT_TRUE(app.networkUi().confirm_training);
    EXPECT_NE(cs::trainingReplaceQuestion(app.network()).find("from_pytorch.safetensors"), std::string::npos);
    // Cancel: the question goes (the panel clears it), nothing starts.
    app.networkUi().confirm_training = false;
    cs::page_network::updateTraining(app);
    EXPECT_FALSE(app.networkTrainer() && app.networkTrainer()->busy());
    // Replace: training starts.
    EXPECT_TRUE(pressStart(app, cs::NetTrainRequest::Replace));
}

TEST_F(NetworkApp, TheShippedOrASavedModelStartsAtOnce) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    const std::string shipped = cs::page_network::shippedModelPath();
    ASSERT_FALSE(shipped.empty()) << "no shipped model found";
    cs::page_network::openModel(app, shipped, true);  // as on first show
    EXPECT_FALSE(app.network().model_unsaved);
    EXPECT_TRUE(pressStart(app));
    EXPECT_FALSE(app.networkUi().confirm_training);
    // Weights trained here (the stop published them) ask; once saved they do not.
    EXPECT_TRUE(app.network().model_unsaved) << app.network().model_name;
    EXPECT_NE(app.network().model_name.find("trained here"), std::string::npos);
    EXPECT_FALSE(pressStart(app));
    EXPECT_TRUE(app.networkUi().confirm_training);
    app.networkUi().confirm_training = false;
    cs::page_network::saveModel(app, (dir_ / "mine.safetensors").string());
    EXPECT_FALSE(app.network().model_unsaved) << app.ui().message.text;
    EXPECT_TRUE(pressStart(app));
}

TEST_F(NetworkApp, SaveFirstStartsOnceSaved) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.network().model_unsaved = true;
    app.networkUi().start_after_save = true;  // "Save first..." was pressed
    std::ofstream(dir_ / "a_file") << "not a folder";
    cs::page_network::saveModel(app, (dir_ / "a_file" / "no.safetensors").string());
    ASSERT_TRUE(app.ui().message.is_error) << app.ui().message.text;
    EXPECT_FALSE(app.networkUi().start_after_save) << "a failed save does not start training later";
    EXPECT_EQ(app.networkUi().train_request, cs::NetTrainRequest::None);
    app.networkUi().start_after_save = true;
    cs::page_network::saveModel(app, (dir_ / "saved.safetensors").string());
    EXPECT_EQ(app.networkUi().train_request, cs::NetTrainRequest::Replace);
    EXPECT_TRUE(pressStart(app, app.networkUi().train_request));
}

// A session keeps where its model came from, never weights trained here:
// saving one says the weights are not in it, and the app still counts them as
// unsaved, so quitting asks (the window's close), and so does opening a
// session that brings its own model; a plain lesson opens at once. Save
// model... settles it.
TEST_F(NetworkApp, TrainedWeightsAreNotTakenForSavedByASessionSave) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    const std::string shipped = cs::page_network::shippedModelPath();
    ASSERT_FALSE(shipped.empty()) << "no shipped model found";
    cs::page_network::openModel(app, shipped, true);  // as on first show (no GL here to show the page)
    app.networkPrepared() = true;                     // ... after which a session keeps the page as it is
    EXPECT_FALSE(app.unsavedTraining());
    ASSERT_TRUE(pressStart(app));
    ASSERT_TRUE(app.unsavedTraining()) << app.network().model_name;
    const std::string session = (dir_ / "session.json").string();
    app.ui().save_lesson_path = session;
    app.update(0.0);
    ASSERT_TRUE(fs::exists(session)) << app.ui().message.text;
    EXPECT_NE(app.ui().message.text.find("but not the weights trained on the Network page"), std::string::npos)
        << app.ui().message.text;
    EXPECT_TRUE(app.ui().message.is_error);
    EXPECT_FALSE(app.edited()) << "the session itself is saved";
    EXPECT_TRUE(app.unsavedTraining()) << "the weights are not";
    app.requestLoad(session);  // its Network section would put its own model in their place
    EXPECT_EQ(app.ui().pending_load, session);
    app.ui().pending_load.clear();
    app.requestLoad("flip");  // a built-in lesson leaves the Network page alone
    EXPECT_TRUE(app.ui().pending_load.empty());
    EXPECT_EQ(app.lesson().name, "flip");
    EXPECT_TRUE(app.unsavedTraining());
    cs::page_network::saveModel(app, (dir_ / "mine.safetensors").string());
    EXPECT_FALSE(app.unsavedTraining()) << app.ui().message.text;
    const std::string with_file = (dir_ / "with_file.json").string();
    app.saveSession(with_file);
    app.requestLoad(with_file);
    EXPECT_TRUE(app.ui().pending_load.empty()) << "nothing left to lose";
    // A run going on asks too, and a load that goes ahead stops it: its
    // weights never land on the model the session brings.
    const std::uint64_t saved_weights = app.network().model_revision;
    app.networkUi().train_request = cs::NetTrainRequest::Start;
    cs::page_network::updateTraining(app);
    ASSERT_TRUE(app.networkTrainer() && app.networkTrainer()->busy());
    EXPECT_TRUE(app.unsavedTraining());
    app.requestLoad(with_file);
    EXPECT_EQ(app.ui().pending_load, with_file);
    app.ui().pending_load.clear();
    app.loadLesson(with_file);
    EXPECT_FALSE(app.networkTrainer() && app.networkTrainer()->busy());
    cs::page_network::updateTraining(app);
    EXPECT_EQ(app.network().model_source, cs::NetModelSource::File) << app.network().model_name;
    EXPECT_EQ(app.network().model_revision, saved_weights) << "the stopped run published nothing";
    EXPECT_FALSE(app.unsavedTraining());
}

}  // namespace
