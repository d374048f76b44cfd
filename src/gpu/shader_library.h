#pragma once
// Shader sources and program building with readable errors.
//
// The files of shaders/ are embedded into the binary at build time
// (embed_shaders.cmake), so convscope runs from any directory. Developer mode:
// with CONVSCOPE_SHADER_DIR=/path/to/shaders set, the files are read from there
// instead, at engine creation and on GlEngine::reloadShaders(), so a shader can
// be edited without rebuilding.
//
// A shader file starts with its #version line and may `#include "name.glsl"`
// other files of the library (one level or more, no cycles). Assembly puts the
// requested #defines after #version and numbers the lines of every file with
// #line, so the driver's log can be rewritten to name files: Mesa's
//   0:12(5): error: `foo' undeclared
// becomes
//   correlate2d.comp:12(5): error: `foo' undeclared
// Example:
//   std::string log;
//   GlProgram p = buildComputeProgram(ShaderLibrary::embedded(), "pool2d.comp", {}, log);
//   if (!p.isValid()) std::cerr << log;   // "shader pool2d.comp failed to compile: ..."
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gpu/gl_objects.h"

namespace cs {

// Environment variable that switches to reading shaders from a directory.
constexpr const char* kShaderDirVariable = "CONVSCOPE_SHADER_DIR";

class ShaderLibrary {
public:
    // The copies embedded at build time.
    static ShaderLibrary embedded();
    // Every *.comp and *.glsl file of `dir`; nullopt (and why) when none can be read.
    static std::optional<ShaderLibrary> fromDirectory(const std::string& dir, std::string& why);
    // fromDirectory($CONVSCOPE_SHADER_DIR) when that is set, else embedded().
    static std::optional<ShaderLibrary> fromEnvironment(std::string& why);

    void set(const std::string& name, std::string text);  // add or replace one file
    const std::string* find(const std::string& name) const;
    std::vector<std::string> names() const;
    const std::string& origin() const { return origin_; }  // "embedded" or the directory

    // The text handed to the driver. `files` receives the file of each #line
    // source-string number (index 0 is `name`). False (and why) when a file or
    // an include is missing, #version is not the first line, or includes nest
    // too deep.
    bool assemble(const std::string& name, const std::vector<std::string>& defines, std::string& text,
                  std::vector<std::string>& files, std::string& why) const;

private:
    std::map<std::string, std::string> files_;
    std::string origin_ = "embedded";
};

// Compiles and links one compute program. On failure: an invalid program and a
// log naming the shader (and defines), with every "N:line" of the driver's
// messages rewritten to "file:line". Never throws for a bad shader.
GlProgram buildComputeProgram(const ShaderLibrary& library, const std::string& name,
                              const std::vector<std::string>& defines, std::string& log);

// The driver log with source-string numbers replaced by file names
// (Mesa "0:12(5):", NVIDIA "0(12) :", AMD/Intel "ERROR: 0:12:").
std::string rewriteShaderLog(const std::string& log, const std::vector<std::string>& files);

// The embedded files, generated into the build tree by embed_shaders.cmake.
struct EmbeddedShaderFile {
    const char* name;
    const unsigned char* data;
    std::size_t size;
};
const EmbeddedShaderFile* embeddedShaderFiles(std::size_t& count);

}  // namespace cs

namespace cs {

// One program to build: a file and its #defines ("TILED 1").
struct ProgramSpec {
    std::string file;
    std::vector<std::string> defines;
};

// Builds every spec from `library`, all or nothing: on any failure `programs`
// is left untouched and `why` holds every failing shader's log.
bool buildPrograms(const ShaderLibrary& library, const std::vector<ProgramSpec>& specs,
                   std::vector<GlProgram>& programs, std::string& why);

// An engine's programs, built all at once (buildAll: a failure names every
// shader, the old programs stay) or each on its first use (buildOnUse: the
// app's start, where a lesson needs one of a dozen programs and llvmpipe
// with a cold shader cache takes ~20 ms a program).
class ProgramSet {
public:
    bool buildAll(const ShaderLibrary& library, const std::vector<ProgramSpec>& specs, std::string& why);
    void buildOnUse(ShaderLibrary library, std::vector<ProgramSpec> specs);
    // Program i, built now when it was deferred; std::runtime_error with the
    // driver's log (files and lines) when it does not build.
    const GlProgram& get(std::size_t i);
    std::size_t built() const;  // programs built so far

private:
    std::vector<ProgramSpec> specs_;
    std::vector<GlProgram> programs_;
    std::optional<ShaderLibrary> library_;  // while some are deferred
};

}  // namespace cs
