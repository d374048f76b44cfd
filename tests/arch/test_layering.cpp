// The layers of DESIGN.md section 1, checked on the source text. Linking does
// not enforce them: every library's headers sit in /usr/include and the
// executable links all layers, so a ui file could call glDeleteTextures and
// still build. This test reads every file under src/ and fails, naming the
// file, the line and the rule, on
//  - an `#include "layer/..."` of a layer the folder may not use,
//  - an ImGui, GLFW, GL/EGL/epoxy or stb_image header outside the layers that
//    own that library,
//  - a `gl*(` / `egl*(` call outside src/gpu and the window code in src/app.
// To change a rule, change DESIGN.md section 1 and kLayers below together.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Third-party libraries a layer may have to itself.
enum class Lib { ImGui, Glfw, Gl, Stb, Gif };

struct Layer {
    std::string name;
    std::set<std::string> may_include;  // our other layers
    std::set<Lib> libs;                 // every file of the layer
    bool calls_gl = false;              // every file of the layer
};

// GoogleTest names the parameter by it ("GetParam() = ui").
void PrintTo(const Layer& layer, std::ostream* os) { *os << layer.name; }

// DESIGN.md section 1. src/main.cpp belongs to app.
const std::vector<Layer> kLayers = {
    {"core", {}, {}},
    {"io", {"core"}, {Lib::Stb, Lib::Gif}},
    {"gpu", {"core"}, {Lib::Gl}, true},
    {"ui", {"core", "io"}, {Lib::ImGui}},
    {"cli", {"core", "io", "gpu"}, {}},
    {"app", {"core", "io", "gpu", "ui", "cli"}, {Lib::ImGui, Lib::Glfw}},
};

// The window code in src/app: the app files that may include GL headers and
// call GL, beside src/gpu.
const std::set<std::string> kWindowCode = {
    "src/app/gui_main.cpp",
    "src/app/screenshot.cpp",
};

// Who may include each library's headers, as the message says it.
const char* libRule(Lib lib) {
    switch (lib) {
        case Lib::ImGui: return "ImGui headers belong to src/ui and src/app only";
        case Lib::Glfw: return "GLFW headers belong to src/app only";
        case Lib::Gl: return "GL/EGL/epoxy headers belong to src/gpu and the window code in src/app only";
        case Lib::Stb: return "stb_image headers belong to src/io only (io owns every file format)";
        case Lib::Gif: return "giflib's gif_lib.h belongs to src/io only (io owns every file format)";
    }
    return "?";
}

// The library a header belongs to, if it is one of the guarded ones.
bool headerLib(const std::string& header, Lib& lib) {
    const std::string base = fs::path(header).filename().string();
    if (base.rfind("imgui", 0) == 0) return lib = Lib::ImGui, true;
    if (header.rfind("GLFW/", 0) == 0) return lib = Lib::Glfw, true;
    for (const char* p : {"epoxy/", "GL/", "GLES", "EGL/", "KHR/"})
        if (header.rfind(p, 0) == 0) return lib = Lib::Gl, true;
    if (base.rfind("stb_image", 0) == 0) return lib = Lib::Stb, true;
    if (base == "gif_lib.h") return lib = Lib::Gif, true;
    return false;
}

struct Violation {
    int line;
    std::string what;
};

// Where the scan of a file is between lines: inside a block comment, or
// inside a raw string literal (raw_end is its closing `)delim"`).
struct ScanState {
    bool in_block = false;
    std::string raw_end;
    bool inside() const { return in_block || !raw_end.empty(); }
};

// The code of one line with comments and string, character and raw string
// literals blanked, so a comment or a help text that names glDeleteTextures
// is not a call. A ' after a hex digit is a digit separator (260'000).
std::string codeOnly(const std::string& line, ScanState& st) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (!st.raw_end.empty()) {
            const std::size_t end = line.find(st.raw_end, i);
            if (end == std::string::npos) break;
            i = end + st.raw_end.size() - 1;
            st.raw_end.clear();
            out += "\"\"";
            continue;
        }
        if (st.in_block) {
            if (line.compare(i, 2, "*/") == 0) st.in_block = false, ++i;
            continue;
        }
        if (line.compare(i, 2, "/*") == 0) {
            st.in_block = true;
            ++i;
            continue;
        }
        if (line.compare(i, 2, "//") == 0) break;
        const bool word_before = i > 0 && (std::isalnum(static_cast<unsigned char>(line[i - 1])) || line[i - 1] == '_');
        if (line.compare(i, 2, "R\"") == 0 && !word_before) {
            const std::size_t open = line.find('(', i + 2);
            if (open != std::string::npos) {
                st.raw_end = ")" + line.substr(i + 2, open - i - 2) + "\"";
                i = open;
                continue;
            }
        }
        if (line[i] == '\'' && i > 0 && std::isxdigit(static_cast<unsigned char>(line[i - 1]))) continue;
        if (line[i] == '"' || line[i] == '\'') {
            const char quote = line[i];
            for (++i; i < line.size() && line[i] != quote; ++i)
                if (line[i] == '\\') ++i;
            out += "\"\"";
            continue;
        }
        out += line[i];
    }
    return out;
}

// The rule violations in one file of `layer`; `rel` is its path from the
// repository root ("src/ui/grid.cpp"), `text` its contents.
std::vector<Violation> checkFile(const Layer& layer, const std::string& rel, const std::string& text) {
    static const std::regex include_re(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
    static const std::regex call_re(R"(\b(e?gl[A-Z][A-Za-z0-9_]*)\s*\()");
    const bool window_code = kWindowCode.count(rel) > 0;
    std::set<Lib> libs = layer.libs;
    if (window_code) libs.insert(Lib::Gl);
    const bool calls_gl = layer.calls_gl || window_code;

    std::vector<Violation> found;
    std::istringstream lines(text);
    std::string line;
    ScanState st;
    for (int n = 1; std::getline(lines, line); ++n) {
        std::smatch m;
        if (!st.inside() && std::regex_search(line, m, include_re)) {
            const std::string header = m[1];
            const std::string first = header.substr(0, header.find('/'));
            Lib lib;
            const bool ours = header.find('/') != std::string::npos &&
                              std::any_of(kLayers.begin(), kLayers.end(), [&](const Layer& l) { return l.name == first; });
            if (ours && first != layer.name && layer.may_include.count(first) == 0) {
                std::string allowed;
                for (const std::string& a : layer.may_include) allowed += (allowed.empty() ? "" : ", ") + a;
                found.push_back({n, "includes \"" + header + "\": " + layer.name + " may include " +
                                        (allowed.empty() ? std::string("nothing of ours") : allowed) +
                                        " (DESIGN.md section 1)"});
            } else if (headerLib(header, lib) && libs.count(lib) == 0) {
                found.push_back({n, "includes <" + header + ">: " + libRule(lib)});
            }
            continue;
        }
        const std::string code = codeOnly(line, st);
        if (calls_gl) continue;
        for (std::sregex_iterator it(code.begin(), code.end(), call_re), end; it != end; ++it)
            found.push_back({n, "calls " + (*it)[1].str() +
                                    "(): only src/gpu and the window code in src/app call OpenGL/EGL"});
    }
    return found;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool isSource(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".h" || ext == ".hpp" || ext == ".cpp" || ext == ".cc" || ext == ".inl";
}

const fs::path kRoot = CONVSCOPE_SOURCE_DIR;

// Every source file of a layer, as paths from the repository root.
std::vector<std::string> layerFiles(const std::string& layer) {
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(kRoot / "src" / layer))
        if (e.is_regular_file() && isSource(e.path())) files.push_back(fs::relative(e.path(), kRoot).string());
    if (layer == "app") files.push_back("src/main.cpp");
    std::sort(files.begin(), files.end());
    return files;
}

const Layer& layerNamed(const std::string& name) {
    return *std::find_if(kLayers.begin(), kLayers.end(), [&](const Layer& l) { return l.name == name; });
}

// --- The checker itself, on made-up files: each rule can fail. ---

TEST(Layering, FlagsAnIncludeAgainstTheArrows) {
    const auto v = checkFile(layerNamed("ui"), "src/ui/x.cpp", "#include <vector>\n#include \"gpu/gl_engine.h\"\n");
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].line, 2);
    EXPECT_EQ(v[0].what, "includes \"gpu/gl_engine.h\": ui may include core, io (DESIGN.md section 1)");
    EXPECT_EQ(checkFile(layerNamed("core"), "src/core/x.h", "#include \"io/image_io.h\"").at(0).what,
              "includes \"io/image_io.h\": core may include nothing of ours (DESIGN.md section 1)");
}

TEST(Layering, AllowsTheArrowsAndTheLayerItself) {
    EXPECT_TRUE(checkFile(layerNamed("ui"), "src/ui/x.cpp", "#include \"core/tensor.h\"\n#include \"io/matrix_text.h\"\n"
                                                            "#include \"ui/grid.h\"\n#include <imgui.h>\n")
                    .empty());
    EXPECT_TRUE(checkFile(layerNamed("app"), "src/app/x.cpp", "#include \"cli/cli.h\"\n#include <GLFW/glfw3.h>\n").empty());
}

TEST(Layering, FlagsLibraryHeadersOutsideTheirLayers) {
    EXPECT_EQ(checkFile(layerNamed("core"), "src/core/x.cpp", "#include <imgui.h>").size(), 1u);
    EXPECT_EQ(checkFile(layerNamed("ui"), "src/ui/x.cpp", "  #  include <epoxy/gl.h>").size(), 1u);
    EXPECT_EQ(checkFile(layerNamed("gpu"), "src/gpu/x.cpp", "#include <GLFW/glfw3.h>").size(), 1u);
    EXPECT_EQ(checkFile(layerNamed("app"), "src/app/app.cpp", "#include <epoxy/gl.h>").size(), 1u);
    EXPECT_TRUE(checkFile(layerNamed("app"), "src/app/gui_main.cpp", "#include <epoxy/gl.h>").empty());
    EXPECT_EQ(checkFile(layerNamed("cli"), "src/cli/x.cpp", "#include <stb_image.h>").size(), 1u);
    EXPECT_EQ(checkFile(layerNamed("app"), "src/app/x.cpp", "#include <gif_lib.h>").size(), 1u);
    EXPECT_TRUE(checkFile(layerNamed("io"), "src/io/x.cpp", "#include <gif_lib.h>").empty());
}

TEST(Layering, FlagsGlCallsOutsideGpuAndWindowCode) {
    const auto v = checkFile(layerNamed("ui"), "src/ui/x.cpp", "void f() {\n    glDeleteTextures(1, &id);\n}\n");
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].line, 2);
    EXPECT_EQ(v[0].what, "calls glDeleteTextures(): only src/gpu and the window code in src/app call OpenGL/EGL");
    EXPECT_EQ(checkFile(layerNamed("app"), "src/app/app.cpp", "x = eglGetCurrentContext();").size(), 1u);
    EXPECT_TRUE(checkFile(layerNamed("gpu"), "src/gpu/x.cpp", "glDispatchCompute(1, 1, 1);").empty());
    EXPECT_TRUE(checkFile(layerNamed("app"), "src/app/screenshot.cpp", "glReadPixels(0, 0, w, h);").empty());
}

TEST(Layering, IgnoresCommentsStringsAndLookalikes) {
    const std::string text = "// glDeleteTextures(1, &id) happens in gpu\n"
                             "/* glFinish();\n   glFlush(); */\n"
                             "const char* s = \"glGetError()\";\n"
                             "glm::vec2 v = glm::normalize(w); glfwPollEvents(); myglThing(); Tensor gl(3);\n"
                             "const int n = 260'000; f(glFlush);\n"
                             "auto help = R\"x(call glFinish() \"here\"\n#include <epoxy/gl.h>\n)\" glFlush();\n)x\";\n";
    for (const auto& v : checkFile(layerNamed("ui"), "src/ui/x.cpp", text)) ADD_FAILURE() << v.line << ": " << v.what;
    // Code after a digit separator and after a raw string still counts.
    EXPECT_EQ(checkFile(layerNamed("ui"), "src/ui/x.cpp", "int n = 1'000; glFlush();").size(), 1u);
    EXPECT_EQ(checkFile(layerNamed("ui"), "src/ui/x.cpp", "auto s = R\"(a\nb)\"; glFlush();").size(), 1u);
}

// --- The real tree. ---

TEST(Layering, EveryFolderUnderSrcIsALayer) {
    for (const auto& e : fs::directory_iterator(kRoot / "src")) {
        if (!e.is_directory()) continue;
        const std::string name = e.path().filename().string();
        EXPECT_TRUE(std::any_of(kLayers.begin(), kLayers.end(), [&](const Layer& l) { return l.name == name; }))
            << "src/" << name << " is not in the layer table of tests/arch/test_layering.cpp (nor DESIGN.md section 1)";
    }
}

TEST(Layering, WindowCodeFilesExist) {
    for (const std::string& f : kWindowCode) EXPECT_TRUE(fs::is_regular_file(kRoot / f)) << f << " is gone: drop it from kWindowCode";
}

class LayerRules : public ::testing::TestWithParam<Layer> {};

TEST_P(LayerRules, SourcesKeepToTheirArrows) {
    const Layer& layer = GetParam();
    const std::vector<std::string> files = layerFiles(layer.name);
    ASSERT_FALSE(files.empty()) << "no sources under src/" << layer.name;
    for (const std::string& rel : files)
        for (const Violation& v : checkFile(layer, rel, readFile(kRoot / rel)))
            ADD_FAILURE() << rel << ":" << v.line << ": " << v.what;
}

INSTANTIATE_TEST_SUITE_P(Src, LayerRules, ::testing::ValuesIn(kLayers),
                         [](const ::testing::TestParamInfo<Layer>& info) { return info.param.name; });

}  // namespace
