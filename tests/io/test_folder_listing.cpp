// The file browser's plain parts (io/folder_listing.h) and what Open... /
// Save... rely on in lesson files: a failed save or a bad file loses nothing.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/folder_listing.h"
#include "io/lesson_json.h"
#include "io/text_file.h"

namespace cs {
namespace {
namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class TempDir {
public:
    explicit TempDir(const std::string& tag)
        : path_(fs::temp_directory_path() / ("convscope_test_" + tag + "_" + std::to_string(::getpid()))) {
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }
    void touch(const std::string& name, const std::string& text = "x") const { std::ofstream(path_ / name) << text; }

private:
    fs::path path_;
};

TEST(FolderListing, FoldersFirstThenMatchingFilesSortedHiddenLeftOut) {
    const TempDir dir("listing");
    fs::create_directories(dir.path() / "zsub");
    fs::create_directories(dir.path() / ".git");
    for (const char* name : {"b.json", "a.JSON", "notes.txt", ".hidden.json", "json"}) dir.touch(name);
    const std::vector<std::string> lessons{"zsub/", "a.JSON", "b.json"};
    EXPECT_EQ(listFolder(dir.path().string(), {".json"}, false), lessons);
    const std::vector<std::string> all{"zsub/", "a.JSON", "b.json", "json", "notes.txt"};
    EXPECT_EQ(listFolder(dir.path().string(), {".json"}, true), all);
}

TEST(FolderListing, MissingFolderThrows) {
    EXPECT_THROW(listFolder("/no/such/convscope/folder", {".json"}, false), fs::filesystem_error);
}

// The browser opens where the last file was, else at home; the working folder
// (the source tree when run from a build) is never the answer.
TEST(FolderListing, StartFolderIsTheLastUsedElseHome) {
    const TempDir last("start_last"), home("start_home");
    EXPECT_EQ(browserStartFolder(last.path().string(), home.path().string()), last.path().string());
    EXPECT_EQ(browserStartFolder("", home.path().string()), home.path().string());
    EXPECT_EQ(browserStartFolder("/no/such/convscope/folder", home.path().string()), home.path().string());
    EXPECT_EQ(browserStartFolder("", ""), "/");
    EXPECT_EQ(browserStartFolder("", "/no/such/convscope/home"), "/");
}

TEST(FolderListing, FileNameWithASlashIsRefusedWithAReason) {
    EXPECT_EQ(fileNameProblem("lesson.json"), "");
    EXPECT_EQ(fileNameProblem("my lesson (2).json"), "");
    for (const char* bad : {"sub/lesson.json", "/tmp/x.json", "lesson/", ".", ".."}) {
        const std::string why = fileNameProblem(bad);
        EXPECT_FALSE(why.empty()) << bad;
    }
    EXPECT_NE(fileNameProblem("a/b.json").find("\"/\""), std::string::npos);
}

struct ExtensionCase {
    const char* name;
    bool matches;
};

class HasExtension : public ::testing::TestWithParam<ExtensionCase> {};

TEST_P(HasExtension, JsonOnly) {
    EXPECT_EQ(hasExtension(GetParam().name, {".json"}), GetParam().matches) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(Names, HasExtension,
                         ::testing::Values(ExtensionCase{"a.json", true}, ExtensionCase{"A.JSON", true},
                                           ExtensionCase{"dir/x.Json", true}, ExtensionCase{"a.json.bak", false},
                                           ExtensionCase{"json", false}, ExtensionCase{"a.jsonl", false},
                                           ExtensionCase{"", false}));

struct SavePathCase {
    const char* label;
    const char* dir;
    const char* typed;
    const char* expected;
};

class SavePathFor : public ::testing::TestWithParam<SavePathCase> {};

TEST_P(SavePathFor, ResolvesAgainstTheFolder) {
    const SavePathCase& c = GetParam();
    EXPECT_EQ(savePathFor(c.dir, c.typed, ".json"), c.expected) << c.typed;
}

INSTANTIATE_TEST_SUITE_P(
    Typed, SavePathFor,
    ::testing::Values(SavePathCase{"bare_name", "/data", "lesson", "/data/lesson.json"},
                      SavePathCase{"with_extension", "/data", "lesson.json", "/data/lesson.json"},
                      SavePathCase{"other_extension_kept", "/data", "notes.txt", "/data/notes.txt"},
                      SavePathCase{"relative_path", "/data", "sub/../more/x", "/data/more/x.json"},
                      SavePathCase{"absolute_path", "/data", "/tmp/x.json", "/tmp/x.json"},
                      SavePathCase{"no_folder", "", "x", "x.json"},
                      SavePathCase{"empty", "/data", "", ""},
                      SavePathCase{"folder_only", "/data", "sub/", ""}),
    [](const ::testing::TestParamInfo<SavePathCase>& info) { return std::string(info.param.label); });

TEST(LessonFiles, FailedSaveLeavesNothingBehind) {
    const TempDir dir("failed_save");
    dir.touch("a_file");
    // A folder where the file should go: the rename fails, the temporary file is removed.
    fs::create_directories(dir.path() / "taken.json");
    EXPECT_THROW(saveLessonFile((dir.path() / "taken.json").string(), *builtinLesson("seed")), IoError);
    // A parent that is a file: nothing can be created.
    EXPECT_THROW(saveLessonFile((dir.path() / "a_file" / "x.json").string(), *builtinLesson("seed")), IoError);
    std::vector<std::string> left;
    for (const fs::directory_entry& e : fs::directory_iterator(dir.path())) left.push_back(e.path().filename().string());
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::string>{"a_file", "taken.json"}));
    EXPECT_TRUE(fs::is_empty(dir.path() / "taken.json"));
}

TEST(LessonFiles, SaveReplacesAnExistingFileWhole) {
    const TempDir dir("replace");
    const std::string path = (dir.path() / "mine.json").string();
    saveLessonFile(path, *builtinLesson("seed"));
    saveLessonFile(path, *builtinLesson("pooling"));
    EXPECT_EQ(loadLesson(path).request.params.op, OpKind::MaxPool2d);
    EXPECT_EQ(listFolder(dir.path().string(), {".json"}, true), std::vector<std::string>{"mine.json"});
}

TEST(LessonFiles, BadJsonNamesTheFile) {
    const TempDir dir("bad_json");
    dir.touch("broken.json", "{\"convscope_lesson\": 1, \"op\": ");
    const std::string path = (dir.path() / "broken.json").string();
    try {
        loadLesson(path);
        FAIL() << "a broken file loaded";
    } catch (const LessonFileError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(path), std::string::npos) << message;
        EXPECT_NE(message.find("JSON"), std::string::npos) << message;
    }
}

}  // namespace
}  // namespace cs
