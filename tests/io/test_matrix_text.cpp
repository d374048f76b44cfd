#include <gtest/gtest.h>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include "io/lesson_json.h"
#include "io/matrix_text.h"
#include "io/settings.h"
#include "io/text_file.h"

namespace cs {
namespace {

const Tensor kTwoByThree({2, 3}, {1, 2.5f, -3, 4, 0, 6});

struct TextCase {
    const char* name;
    const char* text;
};

class MatrixTextParses : public ::testing::TestWithParam<TextCase> {};

TEST_P(MatrixTextParses, TwoByThree) {
    EXPECT_EQ(parseMatrixText(GetParam().text), kTwoByThree) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(Forms, MatrixTextParses,
                         ::testing::Values(TextCase{"csv", "1,2.5,-3\n4,0,6\n"},
                                           TextCase{"csv_spaces", "1, 2.5, -3\r\n4, 0, 6"},
                                           TextCase{"tabs", "1\t2.5\t-3\n4\t0\t+6"},
                                           TextCase{"spaces", "  1 2.5 -3 \n\n 4 0 6  "},
                                           TextCase{"semicolons", "1 2.5 -3; 4 0 6"},
                                           TextCase{"matlab", "[1 2.5 -3; 4 0 6]"},
                                           TextCase{"matlab_commas", "[1, 2.5, -3; 4, 0, 6]"},
                                           TextCase{"json", "[[1, 2.5, -3], [4, 0, 6]]"},
                                           TextCase{"json_pretty", "[\n [1, 2.5, -3],\n [4, 0, 6]\n]"},
                                           TextCase{"latex", "\\begin{bmatrix} 1 & 2.5 & -3 \\\\ 4 & 0 & 6 \\end{bmatrix}"},
                                           TextCase{"latex_array", "\\left[\\begin{array}{ccc} 1 & 2.5 & -3 \\\\ 4 & 0 & 6 \\\\ \\end{array}\\right]"},
                                           TextCase{"markdown", "| 1 | 2.5 | -3 |\n|---|---|---|\n| 4 | 0 | 6 |"},
                                           TextCase{"markdown_header", "| a | b | c |\n|:-:|:-:|:-:|\n| 1 | 2.5 | -3 |\n| 4 | 0 | 6 |"}),
                         [](const auto& info) { return std::string(info.param.name); });

struct ErrorCase {
    const char* name;
    const char* text;
    const char* message_part;
};

class MatrixTextRejects : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(MatrixTextRejects, WithAClearMessage) {
    try {
        parseMatrixText(GetParam().text);
        FAIL() << "accepted " << GetParam().text;
    } catch (const MatrixTextError& e) {
        EXPECT_NE(std::string(e.what()).find(GetParam().message_part), std::string::npos) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(Errors, MatrixTextRejects,
                         ::testing::Values(ErrorCase{"empty", "   \n ", "empty"},
                                           ErrorCase{"ragged", "1 2\n3", "row 2 has 1 values but row 1 has 2"},
                                           ErrorCase{"word", "1 x 3", "\"x\" on row 1 is not a number"},
                                           ErrorCase{"bad_json", "[[1, 2], [3, 4]", "does not parse"},
                                           ErrorCase{"json_string", "[[1, \"a\"]]", "not a number"},
                                           ErrorCase{"nan", "1 nan", "not a number"},
                                           ErrorCase{"latex_open", "\\begin{bmatrix} 1 & 2", "\\end"},
                                           // Review: rows with no numbers gave a 1 x 0 matrix; values past
                                           // float range became inf (an undefined float conversion).
                                           ErrorCase{"only_commas", ",", "no numbers"},
                                           ErrorCase{"empty_json_row", "[[]]", "no numbers"},
                                           ErrorCase{"too_large", "1e39 2", "too large"},
                                           ErrorCase{"too_large_json", "[[1, -1e39]]", "too large"}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(MatrixText, JsonStackIsChannelsHeightWidth) {
    const Tensor t = parseMatrixText("[[[1,2],[3,4]],[[5,6],[7,8]]]");
    EXPECT_EQ(t.shape(), (std::vector<int>{2, 2, 2}));
    EXPECT_EQ(t.at(1, 0, 1), 6.f);
}

TEST(MatrixText, EveryFormatRoundTripsExactly) {
    const Tensor m({2, 3}, {0.1f, -2, 1e-7f, 3.25f, 100000, 1.0f / 3.0f});
    for (MatrixFormat f : {MatrixFormat::Csv, MatrixFormat::Rows, MatrixFormat::Json, MatrixFormat::Latex,
                           MatrixFormat::Markdown})
        EXPECT_EQ(parseMatrixText(formatMatrix(m, f)), m) << matrixFormatName(f) << ":\n" << formatMatrix(m, f);
}

TEST(MatrixText, FormatsLookAsExpected) {
    const Tensor m({2, 2}, {1, 2, 3, 4});
    EXPECT_EQ(formatMatrix(m, MatrixFormat::Rows), "1 2; 3 4");
    EXPECT_EQ(formatMatrix(m, MatrixFormat::Json), "[[1, 2], [3, 4]]");
    EXPECT_EQ(formatMatrix(m, MatrixFormat::Csv), "1,2\n3,4\n");
    EXPECT_EQ(formatMatrix(Tensor({2, 1, 2}, {1, 2, 3, 4}), MatrixFormat::Rows, 1), "3 4");
}

TEST(LessonJson, EveryBuiltinRoundTrips) {
    for (const auto& name : builtinLessonNames()) {
        const Lesson l = *builtinLesson(name);
        const Lesson back = lessonFromJson(lessonToJson(l));
        EXPECT_TRUE(sameContent(l, back)) << name;
        EXPECT_EQ(back.name, name);
    }
}

// A teacher turns quiz mode on in the file; it survives a save and a load,
// and a file without the field (every older file) leaves it off.
TEST(LessonJson, QuizModeRoundTrips) {
    Lesson l = defaultLesson();
    EXPECT_EQ(lessonToJson(l).find("\"quiz\""), std::string::npos);
    l.view.quiz = true;
    const std::string text = lessonToJson(l);
    EXPECT_NE(text.find("\"quiz\": true"), std::string::npos) << text;
    const Lesson back = lessonFromJson(text);
    EXPECT_TRUE(back.view.quiz);
    EXPECT_TRUE(sameContent(l, back));
    EXPECT_FALSE(lessonFromJson(R"({"convscope_lesson": 1, "op": "maxpool2d", "input": [[1, 2], [3, 4]]})").view.quiz);
    EXPECT_THROW(lessonFromJson(R"({"convscope_lesson": 1, "op": "maxpool2d", "input": [[1]], "quiz": "yes"})"),
                 LessonFileError);
}

TEST(LessonJson, OptionalFieldsDefaultAndErrorsNameTheField) {
    const Lesson l = lessonFromJson(R"({"convscope_lesson": 1, "op": "maxpool2d", "input": [[1, 2], [3, 4]]})");
    EXPECT_EQ(l.request.params.op, OpKind::MaxPool2d);
    EXPECT_EQ(l.request.params.window.stride, (Pair{1, 1}));
    auto message = [](const char* text) {
        try {
            lessonFromJson(text);
        } catch (const LessonFileError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(message(R"({"op": "xcorr2d"})").find("convscope_lesson"), std::string::npos);
    EXPECT_NE(message(R"({"convscope_lesson": 9, "op": "xcorr2d", "input": [[1]]})").find("version 9"), std::string::npos);
    EXPECT_NE(message(R"({"convscope_lesson": 1, "op": "blur", "input": [[1]]})").find("unknown op"), std::string::npos);
    EXPECT_NE(message(R"({"convscope_lesson": 1, "op": "xcorr2d", "input": [[1, 2], [3]]})").find("ragged"),
              std::string::npos);
    EXPECT_NE(message(R"({"convscope_lesson": 1, "op": "xcorr2d", "input": [[1]], "stride": "2"})").find("stride"),
              std::string::npos);
    EXPECT_NE(message("{nope").find("JSON"), std::string::npos);
}

// Issue 15: a kernel literal nested 100,000 deep (an object inside the rows)
// crashed filter and the app's paste: the message was built with dump(),
// which recurses once per level. Now refused before parsing, with the depth.
TEST(MatrixText, DeepJsonIsRefusedNotACrash) {
    const int depth = 100000;
    const std::string lists = std::string(depth, '[') + "1" + std::string(depth, ']');
    const std::string object = "[[{\"a\": " + lists + "}]]";
    for (const std::string& text : {lists, object}) {
        try {
            parseMatrixText(text);
            FAIL() << "no error";
        } catch (const MatrixTextError& e) {
            EXPECT_NE(std::string(e.what()).find("nested " + std::to_string(text == lists ? depth : depth + 3) +
                                                 " levels deep; a matrix is at most 3"),
                      std::string::npos)
                << e.what();
        }
    }
    // Shallow non-numbers are named, not dumped.
    try {
        parseMatrixText(R"([[1, {"a": 2}]])");
        FAIL() << "no error";
    } catch (const MatrixTextError& e) {
        EXPECT_NE(std::string(e.what()).find("value 2 is an object, not a number"), std::string::npos) << e.what();
    }
    EXPECT_EQ(parseMatrixText("[[[1, 2]], [[3, 4]]]"), Tensor({2, 1, 2}, {1, 2, 3, 4}));
}

// Review: a lesson file nested a million lists deep overflowed the stack
// (recursive collect) instead of giving a LessonFileError; 1e39 became inf.
TEST(LessonJson, HostileFilesAreErrorsNotCrashes) {
    const int depth = 1000000;
    const std::string deep = R"({"convscope_lesson": 1, "op": "xcorr2d", "input": )" + std::string(depth, '[') + "1" +
                             std::string(depth, ']') + "}";
    EXPECT_THROW(lessonFromJson(deep), LessonFileError);
    EXPECT_THROW(lessonFromJson(R"({"convscope_lesson": 1, "op": "xcorr2d", "input": [[1e39]]})"), LessonFileError);
    // Layer ops load (for the Layers page); their own fields are checked too.
    EXPECT_NO_THROW(lessonFromJson(R"({"convscope_lesson": 1, "op": "relu", "input": [[1, -1]]})"));
    EXPECT_THROW(lessonFromJson(R"({"convscope_lesson": 1, "op": "softmax", "input": [[1]], "dim": 1e30})"),
                 LessonFileError);
    EXPECT_THROW(lessonFromJson(R"({"convscope_lesson": 1, "op": "xcorr2d", "input": [[1]], "bias": [1e39]})"),
                 LessonFileError);
}

TEST(LessonJson, SaveAndLoadAFile) {
    const auto dir = std::filesystem::temp_directory_path() / "convscope_test_lesson";
    std::filesystem::remove_all(dir);
    Lesson l = *builtinLesson("multichannel");
    l.request.input.at(1, 2, 3) = 0.3f;
    const std::string path = (dir / "sub" / "mine.json").string();
    saveLessonFile(path, l);
    const Lesson back = loadLesson(path);
    EXPECT_TRUE(sameContent(l, back));
    EXPECT_EQ(loadLesson("pooling").request.params.op, OpKind::MaxPool2d);
    try {
        loadLesson("no-such-lesson");
        FAIL();
    } catch (const LessonFileError& e) {
        EXPECT_NE(std::string(e.what()).find("seed"), std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

// Issue 15: errno was read before fchmod, fsync and close, so their failures
// read "...: Success". Each call is made to fail in turn (EIO, as a dying disk
// gives): the message names the step and its reason, the old file stays, and
// no temporary is left behind.
TEST(TextFile, EachFailingCallIsReportedWithItsReason) {
    const auto dir = std::filesystem::temp_directory_path() / "convscope_test_text_file";
    std::filesystem::remove_all(dir);
    const std::string path = (dir / "a.json").string();
    writeTextFileAtomic(path, "old");
    struct Step {
        const char* name;
        void (*breakIt)(TextFileCalls&);
    };
    const Step steps[] = {
        {"write failed: No space left on device",
         [](TextFileCalls& c) { c.write = [](int, const void*, std::size_t) -> ssize_t { return errno = ENOSPC, -1; }; }},
        {"cannot set permissions: Input/output error",
         [](TextFileCalls& c) { c.fchmod = [](int, mode_t) { return errno = EIO, -1; }; }},
        {"fsync failed: Input/output error", [](TextFileCalls& c) { c.fsync = [](int) { return errno = EIO, -1; }; }},
        {"close failed: Input/output error",
         [](TextFileCalls& c) { c.close = [](int fd) { return ::close(fd), errno = EIO, -1; }; }},
    };
    for (const Step& step : steps) {
        TextFileCalls calls = systemTextFileCalls();
        step.breakIt(calls);
        errno = 0;
        try {
            writeTextFileAtomic(path, "new", calls);
            ADD_FAILURE() << "no error for " << step.name;
        } catch (const IoError& e) {
            EXPECT_EQ(std::string(e.what()), "cannot write '" + path + "': " + step.name);
        }
        EXPECT_EQ(readTextFile(path), "old") << step.name;
        std::size_t files = 0;
        for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
        EXPECT_EQ(files, 1u) << step.name << ": a temporary file was left behind";
    }
    writeTextFileAtomic(path, "new");
    EXPECT_EQ(readTextFile(path), "new");
    std::filesystem::remove_all(dir);
}

TEST(Settings, SaveLoadAndDefaults) {
    const auto dir = std::filesystem::temp_directory_path() / "convscope_test_settings";
    std::filesystem::remove_all(dir);
    const std::string path = (dir / "convscope" / "settings.json").string();
    EXPECT_EQ(loadSettings(path), AppSettings{});
    AppSettings s;
    s.font_scale = 1.75f;
    s.theme = "light";
    s.last_folder = "/home/me/lessons";
    saveSettings(path, s);
    EXPECT_EQ(loadSettings(path), s);
    EXPECT_EQ(parseSettings(R"({"font_scale": 99, "theme": "purple"})").font_scale, kMaxFontScale);
    EXPECT_EQ(parseSettings(R"({"font_scale": 99, "theme": "purple"})").theme, "dark");
    EXPECT_EQ(parseSettings("garbage"), AppSettings{});
    std::filesystem::remove_all(dir);
}

TEST(Settings, PathFollowsXdg) {
    const char* old = std::getenv("XDG_CONFIG_HOME");
    const std::string saved = old ? old : "";
    setenv("XDG_CONFIG_HOME", "/tmp/xdgtest", 1);
    EXPECT_EQ(settingsPath(), "/tmp/xdgtest/convscope/settings.json");
    if (old)
        setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
    else
        unsetenv("XDG_CONFIG_HOME");
}

}  // namespace
}  // namespace cs
