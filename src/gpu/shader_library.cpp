#include "gpu/shader_library.h"

#include <stdexcept>

#include <epoxy/gl.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace cs {
namespace {

constexpr int kMaxIncludeDepth = 8;

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

// `#include "name"` -> name; empty when the line is no include.
std::string includedName(const std::string& line) {
    static const std::regex include_re(R"(^\s*#\s*include\s+"([^"]+)\"\s*$)");
    std::smatch m;
    return std::regex_match(line, m, include_re) ? m[1].str() : std::string();
}

int fileIndex(std::vector<std::string>& files, const std::string& name) {
    for (std::size_t i = 0; i < files.size(); ++i)
        if (files[i] == name) return static_cast<int>(i);
    files.push_back(name);
    return static_cast<int>(files.size()) - 1;
}

// Appends `lines` from index `first` of file `name`, expanding includes.
bool appendFile(const ShaderLibrary& lib, const std::string& name, const std::vector<std::string>& lines,
                std::size_t first, int depth, std::string& out, std::vector<std::string>& files, std::string& why) {
    const int self = fileIndex(files, name);
    for (std::size_t i = first; i < lines.size(); ++i) {
        const std::string inc = includedName(lines[i]);
        if (inc.empty()) {
            out += lines[i];
            out += '\n';
            continue;
        }
        if (depth >= kMaxIncludeDepth) {
            why = name + ":" + std::to_string(i + 1) + ": includes nest deeper than " + std::to_string(kMaxIncludeDepth) +
                  " (an include cycle?)";
            return false;
        }
        const std::string* text = lib.find(inc);
        if (text == nullptr) {
            why = name + ":" + std::to_string(i + 1) + ": cannot include \"" + inc + "\": no such shader file (" +
                  lib.origin() + ")";
            return false;
        }
        out += "#line 1 " + std::to_string(fileIndex(files, inc)) + "\n";
        if (!appendFile(lib, inc, splitLines(*text), 0, depth + 1, out, files, why)) return false;
        out += "#line " + std::to_string(i + 2) + " " + std::to_string(self) + "\n";
    }
    return true;
}

std::string shaderInfoLog(GLuint shader) {
    GLint length = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(std::max(length, 1)), '\0');
    glGetShaderInfoLog(shader, static_cast<GLsizei>(log.size()), nullptr, log.data());
    log.resize(std::char_traits<char>::length(log.c_str()));
    return log;
}

std::string programInfoLog(GLuint program) {
    GLint length = 0;
    glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(std::max(length, 1)), '\0');
    glGetProgramInfoLog(program, static_cast<GLsizei>(log.size()), nullptr, log.data());
    log.resize(std::char_traits<char>::length(log.c_str()));
    return log;
}

std::string describe(const std::string& name, const std::vector<std::string>& defines) {
    std::string s = "shader " + name;
    if (!defines.empty()) {
        s += " (";
        for (std::size_t i = 0; i < defines.size(); ++i) s += (i ? ", " : "") + defines[i];
        s += ")";
    }
    return s;
}

}  // namespace

ShaderLibrary ShaderLibrary::embedded() {
    ShaderLibrary lib;
    std::size_t count = 0;
    const EmbeddedShaderFile* files = embeddedShaderFiles(count);
    for (std::size_t i = 0; i < count; ++i)
        lib.files_[files[i].name] = std::string(reinterpret_cast<const char*>(files[i].data), files[i].size);
    return lib;
}

std::optional<ShaderLibrary> ShaderLibrary::fromDirectory(const std::string& dir, std::string& why) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        why = "shader directory \"" + dir + "\" (from " + kShaderDirVariable + ") does not exist";
        return std::nullopt;
    }
    ShaderLibrary lib;
    lib.origin_ = dir;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string ext = entry.path().extension().string();
        if (ext != ".comp" && ext != ".glsl") continue;
        std::ifstream file(entry.path(), std::ios::binary);
        if (!file) {
            why = "cannot read shader " + entry.path().string();
            return std::nullopt;
        }
        std::ostringstream text;
        text << file.rdbuf();
        lib.files_[entry.path().filename().string()] = text.str();
    }
    if (lib.files_.empty()) {
        why = "shader directory \"" + dir + "\" holds no .comp or .glsl files";
        return std::nullopt;
    }
    return lib;
}

std::optional<ShaderLibrary> ShaderLibrary::fromEnvironment(std::string& why) {
    const char* dir = std::getenv(kShaderDirVariable);
    if (dir == nullptr || *dir == '\0') return embedded();
    return fromDirectory(dir, why);
}

void ShaderLibrary::set(const std::string& name, std::string text) { files_[name] = std::move(text); }

const std::string* ShaderLibrary::find(const std::string& name) const {
    const auto it = files_.find(name);
    return it == files_.end() ? nullptr : &it->second;
}

std::vector<std::string> ShaderLibrary::names() const {
    std::vector<std::string> out;
    for (const auto& [name, text] : files_) out.push_back(name);
    return out;
}

bool ShaderLibrary::assemble(const std::string& name, const std::vector<std::string>& defines, std::string& text,
                             std::vector<std::string>& files, std::string& why) const {
    files.clear();
    text.clear();
    const std::string* source = find(name);
    if (source == nullptr) {
        why = "no shader file \"" + name + "\" (" + origin_ + ")";
        return false;
    }
    const std::vector<std::string> lines = splitLines(*source);
    if (lines.empty() || lines[0].rfind("#version", 0) != 0) {
        why = name + ":1: the first line must be the #version directive";
        return false;
    }
    text = lines[0] + "\n";
    for (const std::string& d : defines) text += "#define " + d + "\n";
    text += "#line 2 0\n";
    return appendFile(*this, name, lines, 1, 0, text, files, why);
}

std::string rewriteShaderLog(const std::string& log, const std::vector<std::string>& files) {
    static const std::regex mesa(R"(^(\d+):(\d+)\((\d+)\))");        // 0:12(5): error
    static const std::regex nvidia(R"(^(\d+)\((\d+)\))");            // 0(12) : error
    static const std::regex prefixed(R"(^(ERROR|WARNING): (\d+):(\d+):)");  // ERROR: 0:12:
    auto file = [&](const std::string& index) {
        const std::size_t i = static_cast<std::size_t>(std::stoul(index));
        return i < files.size() ? files[i] : "source " + index;
    };
    std::string out;
    for (const std::string& line : splitLines(log)) {
        std::smatch m;
        std::string fixed = line;
        if (std::regex_search(line, m, mesa))
            fixed = file(m[1]) + ":" + m[2].str() + "(" + m[3].str() + ")" + m.suffix().str();
        else if (std::regex_search(line, m, nvidia))
            fixed = file(m[1]) + ":" + m[2].str() + m.suffix().str();
        else if (std::regex_search(line, m, prefixed))
            fixed = m[1].str() + ": " + file(m[2]) + ":" + m[3].str() + ":" + m.suffix().str();
        out += fixed + "\n";
    }
    return out;
}

GlProgram buildComputeProgram(const ShaderLibrary& library, const std::string& name,
                              const std::vector<std::string>& defines, std::string& log) {
    log.clear();
    std::string text, why;
    std::vector<std::string> files;
    if (!library.assemble(name, defines, text, files, why)) {
        log = describe(name, defines) + " could not be assembled: " + why;
        return GlProgram();
    }
    const GLuint shader = glCreateShader(GL_COMPUTE_SHADER);
    if (shader == 0) {
        log = describe(name, defines) + ": the driver could not create a compute shader (OpenGL 4.3 needed)";
        return GlProgram();
    }
    const char* src = text.c_str();
    glShaderSource(shader, 1, &src, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        log = describe(name, defines) + " failed to compile (" + library.origin() + "):\n" +
              rewriteShaderLog(shaderInfoLog(shader), files);
        glDeleteShader(shader);
        return GlProgram();
    }
    GlProgram program(glCreateProgram());
    glAttachShader(program.id(), shader);
    glLinkProgram(program.id());
    glDetachShader(program.id(), shader);
    glDeleteShader(shader);
    glGetProgramiv(program.id(), GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        log = describe(name, defines) + " failed to link (" + library.origin() + "):\n" +
              rewriteShaderLog(programInfoLog(program.id()), files);
        return GlProgram();
    }
    return program;
}

}  // namespace cs

namespace cs {

bool ProgramSet::buildAll(const ShaderLibrary& library, const std::vector<ProgramSpec>& specs, std::string& why) {
    std::vector<GlProgram> built;
    if (!buildPrograms(library, specs, built, why)) return false;
    specs_ = specs;
    programs_ = std::move(built);
    library_.reset();
    return true;
}

void ProgramSet::buildOnUse(ShaderLibrary library, std::vector<ProgramSpec> specs) {
    specs_ = std::move(specs);
    programs_.clear();
    programs_.resize(specs_.size());
    library_ = std::move(library);
}

const GlProgram& ProgramSet::get(std::size_t i) {
    if (i >= programs_.size()) throw std::runtime_error("no GPU program " + std::to_string(i));
    if (!programs_[i].isValid()) {
        if (!library_) throw std::runtime_error("GPU program " + std::to_string(i) + " was not built");
        std::string log;
        programs_[i] = buildComputeProgram(*library_, specs_[i].file, specs_[i].defines, log);
        if (!programs_[i].isValid()) throw std::runtime_error(log);
    }
    return programs_[i];
}

std::size_t ProgramSet::built() const {
    std::size_t n = 0;
    for (const GlProgram& p : programs_) n += p.isValid() ? 1 : 0;
    return n;
}

bool buildPrograms(const ShaderLibrary& library, const std::vector<ProgramSpec>& specs,
                   std::vector<GlProgram>& programs, std::string& why) {
    std::vector<GlProgram> built;
    std::string failures;
    for (const ProgramSpec& spec : specs) {
        std::string log;
        built.push_back(buildComputeProgram(library, spec.file, spec.defines, log));
        if (!built.back().isValid()) failures += log + (log.empty() || log.back() == '\n' ? "" : "\n");
    }
    if (!failures.empty()) {
        why = failures;
        return false;
    }
    programs = std::move(built);
    return true;
}

}  // namespace cs
