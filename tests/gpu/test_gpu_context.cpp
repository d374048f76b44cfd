// The headless context, the driver facts the engine reads, the GL wrappers'
// ownership rules, the parameter block layouts, and readable shader errors.
#include <gtest/gtest.h>

#include <epoxy/gl.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gpu/gpu_layouts.h"
#include "gpu/shader_library.h"
#include "gpu_test_env.h"

namespace cs {
namespace {

TEST(GpuContext, HeadlessContextGivesOpenGl43) {
    CS_REQUIRE_GPU(gpu);
    const GlInfo& info = gpu->info();
    EXPECT_TRUE(info.atLeast(4, 3)) << info.version;
    EXPECT_FALSE(info.renderer.empty());
    EXPECT_FALSE(info.vendor.empty());
    EXPECT_GE(info.max_shared_memory, 32768);  // the GL 4.3 minimum
    EXPECT_GE(info.max_work_group_invocations, 1024);
    EXPECT_GE(info.max_work_group_count[0], 65535);
    // The default variant follows the renderer.
    EXPECT_EQ(gpu->variant(), info.software ? KernelVariant::PerOutput : KernelVariant::Tiled);
    EXPECT_EQ(info.preferredVariant(), info.software ? KernelVariant::PerOutput : KernelVariant::Tiled);
}

TEST(GpuContext, WrappersAreMoveOnlyAndZeroIsInvalid) {
    static_assert(!std::is_copy_constructible_v<GlBuffer> && !std::is_copy_assignable_v<GlBuffer>);
    static_assert(!std::is_copy_constructible_v<GlProgram> && !std::is_copy_assignable_v<GlProgram>);
    static_assert(!std::is_copy_constructible_v<GlTexture> && !std::is_copy_assignable_v<GlTexture>);
    static_assert(std::is_nothrow_move_constructible_v<GlBuffer>);
    CS_REQUIRE_GPU(gpu);
    EXPECT_FALSE(GlBuffer().isValid());
    EXPECT_FALSE(GlProgram().isValid());
    EXPECT_FALSE(GlTexture().isValid());
    const float values[4] = {1, 2, 3, 4};
    GlBuffer a = GlBuffer::create(sizeof(values), values);
    ASSERT_TRUE(a.isValid());
    const unsigned id = a.id();
    GlBuffer b = std::move(a);
    EXPECT_FALSE(a.isValid());  // NOLINT(bugprone-use-after-move): the rule under test
    EXPECT_EQ(b.id(), id);
    float back[4] = {};
    b.download(0, sizeof(back), back);
    EXPECT_EQ(back[3], 4.f);
    b = GlBuffer();
    EXPECT_FALSE(b.isValid());
    EXPECT_EQ(glIsBuffer(id), GL_FALSE);  // deleted by the move-assignment
    GlTexture t = GlTexture::createRgba8(3, 2);
    ASSERT_TRUE(t.isValid());
    EXPECT_EQ(t.width(), 3);
    GlTexture u = std::move(t);
    EXPECT_FALSE(t.isValid());  // NOLINT(bugprone-use-after-move)
    EXPECT_TRUE(u.isValid());
}

// Every member offset of the two blocks, as the driver lays them out, equals
// the C++ mirror's (gpu/gpu_layouts.h).
GLint memberOffset(GLuint program, const std::string& name) {
    const GLuint index = glGetProgramResourceIndex(program, GL_UNIFORM, name.c_str());
    if (index == GL_INVALID_INDEX) return -1;
    const GLenum prop = GL_OFFSET;
    GLint offset = -1;
    glGetProgramResourceiv(program, GL_UNIFORM, index, 1, &prop, 1, nullptr, &offset);
    return offset;
}

TEST(GpuContext, ParameterBlocksMatchTheCppMirrors) {
    CS_REQUIRE_GPU(gpu);
    ShaderLibrary lib = ShaderLibrary::embedded();
    // A shader that uses every member, so none is optimised away.
    lib.set("layout_probe.comp", R"(#version 430
#include "common.glsl"
layout(local_size_x = 1) in;
layout(std430, binding = 0) writeonly buffer Out { float o[]; };
void main() {
    o[0] = float(op.channels + op.height + op.width + op.depthwise + op.out_channels + op.out_height +
        op.out_width + op.kernel_channels + op.kernel_h + op.kernel_w + op.stride_h + op.stride_w + op.pad_h +
        op.pad_w + op.dilation_h + op.dilation_w + op.eff_kernel_h + op.eff_kernel_w + op.has_bias +
        op.count_include_pad + op.op_kind + op.lp_int_power + op.lp_int_root + op.window_area) + op.norm_type +
        op.inv_norm_type + float(op.output_count + op.first_lag + op.len_f + op.len_g + op.rows_len + op.cols_len);
    o[1] = float(img.width + img.height + img.channels + img.color_channels + img.out_width + img.out_height +
        img.kernel_h + img.kernel_w + img.stride_h + img.stride_w + img.dilation_h + img.dilation_w + img.pad_top +
        img.pad_left + img.padded_h + img.padded_w + img.padding_mode + img.normalization + img.alpha_channel +
        img.word_count + img.pass_axis + img.element_count + img.tap_offset + img.taps);
}
)");
    std::string log;
    GlProgram p = buildComputeProgram(lib, "layout_probe.comp", {}, log);
    ASSERT_TRUE(p.isValid()) << log;
#define CS_CHECK_OFFSET(block, prefix, field) \
    EXPECT_EQ(memberOffset(p.id(), prefix #field), static_cast<GLint>(offsetof(block, field))) << #field
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", channels);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", depthwise);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", kernel_channels);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", dilation_w);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", count_include_pad);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", window_area);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", norm_type);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", inv_norm_type);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", output_count);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", first_lag);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", len_g);
    CS_CHECK_OFFSET(GpuOpBlock, "OpBlock.", cols_len);
    CS_CHECK_OFFSET(GpuImageBlock, "ImageBlock.", width);
    CS_CHECK_OFFSET(GpuImageBlock, "ImageBlock.", color_channels);
    CS_CHECK_OFFSET(GpuImageBlock, "ImageBlock.", pad_top);
    CS_CHECK_OFFSET(GpuImageBlock, "ImageBlock.", padded_w);
    CS_CHECK_OFFSET(GpuImageBlock, "ImageBlock.", alpha_channel);
    CS_CHECK_OFFSET(GpuImageBlock, "ImageBlock.", word_count);
    CS_CHECK_OFFSET(GpuImageBlock, "ImageBlock.", element_count);
    CS_CHECK_OFFSET(GpuImageBlock, "ImageBlock.", taps);
#undef CS_CHECK_OFFSET
    for (const char* block : {"OpBlock", "ImageBlock"}) {
        const GLuint index = glGetProgramResourceIndex(p.id(), GL_UNIFORM_BLOCK, block);
        ASSERT_NE(index, GL_INVALID_INDEX) << block;
        const GLenum prop = GL_BUFFER_DATA_SIZE;
        GLint size = 0;
        glGetProgramResourceiv(p.id(), GL_UNIFORM_BLOCK, index, 1, &prop, 1, nullptr, &size);
        EXPECT_EQ(size, std::string(block) == "OpBlock" ? static_cast<GLint>(sizeof(GpuOpBlock))
                                                        : static_cast<GLint>(sizeof(GpuImageBlock)))
            << block;
    }
}

constexpr const char* kBrokenShader = R"(#version 430
// A shader with a mistake on line 6 (after an include).
#include "common.glsl"
layout(local_size_x = 64) in;
void main() {
    float x = undeclared_value * 2.0;
}
)";

TEST(GpuShaderErrors, BrokenShaderGivesTheFileAndLineNotACrash) {
    CS_REQUIRE_GPU(gpu);
    ShaderLibrary lib = ShaderLibrary::embedded();
    lib.set("broken.comp", kBrokenShader);
    std::string log;
    GlProgram p = buildComputeProgram(lib, "broken.comp", {"TILED 1"}, log);
    EXPECT_FALSE(p.isValid());
    EXPECT_NE(log.find("shader broken.comp (TILED 1) failed to compile"), std::string::npos) << log;
    EXPECT_NE(log.find("broken.comp:6"), std::string::npos) << log;
    EXPECT_NE(log.find("undeclared_value"), std::string::npos) << log;
}

TEST(GpuShaderErrors, MistakeInsideAnIncludeNamesTheIncludedFile) {
    CS_REQUIRE_GPU(gpu);
    ShaderLibrary lib = ShaderLibrary::embedded();
    lib.set("helper.glsl", "// helper\nfloat helper() { return missing_thing; }\n");
    lib.set("uses_helper.comp", "#version 430\n#include \"helper.glsl\"\nlayout(local_size_x = 1) in;\nvoid main() {}\n");
    std::string log;
    EXPECT_FALSE(buildComputeProgram(lib, "uses_helper.comp", {}, log).isValid());
    EXPECT_NE(log.find("helper.glsl:2"), std::string::npos) << log;
    lib.set("missing_include.comp", "#version 430\n#include \"nowhere.glsl\"\nvoid main() {}\n");
    EXPECT_FALSE(buildComputeProgram(lib, "missing_include.comp", {}, log).isValid());
    EXPECT_NE(log.find("missing_include.comp:2: cannot include \"nowhere.glsl\""), std::string::npos) << log;
}

TEST(GpuShaderErrors, BrokenShaderDirectoryMakesCreateFailWithTheLog) {
    CS_REQUIRE_GPU(gpu);
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("convscope_broken_shaders_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(CONVSCOPE_SHADERS)) fs::copy_file(entry.path(), dir / entry.path().filename());
    {
        std::ofstream out(dir / "pool2d.comp", std::ios::trunc);
        out << "#version 430\n#include \"common.glsl\"\nlayout(local_size_x = 64) in;\nvoid main() { int x = ; }\n";
    }
    ::setenv(kShaderDirVariable, dir.c_str(), 1);
    std::string why;
    auto broken = GlEngine::create(why);
    EXPECT_EQ(broken, nullptr);
    EXPECT_NE(why.find("pool2d.comp:4"), std::string::npos) << why;
    // Developer mode reload: the failing build keeps the old programs running.
    EXPECT_FALSE(gpu->reloadShaders(why));
    EXPECT_NE(why.find("pool2d.comp:4"), std::string::npos) << why;
    OpRequest r;
    r.params.op = OpKind::MaxPool2d;
    r.input = Tensor({2, 2}, {1, 5, 3, 2});
    EXPECT_EQ(gpu->run(r), Tensor({1, 1}, {5}));
    // The directory's good copies load.
    fs::copy_file(fs::path(CONVSCOPE_SHADERS) / "pool2d.comp", dir / "pool2d.comp", fs::copy_options::overwrite_existing);
    EXPECT_TRUE(gpu->reloadShaders(why)) << why;
    EXPECT_EQ(gpu->shaderOrigin(), dir.string());
    EXPECT_EQ(gpu->run(r), Tensor({1, 1}, {5}));
    ::unsetenv(kShaderDirVariable);
    EXPECT_TRUE(gpu->reloadShaders(why)) << why;
    EXPECT_EQ(gpu->shaderOrigin(), "embedded");
    fs::remove_all(dir);
}

// The app's engine compiles each shader when first used: none at creation,
// one for a max pool, and a broken shader shows as that operation's error
// (with its file and line) while the others still run.
TEST(GpuShaderErrors, BuildOnUseCompilesWhatIsUsedAndReportsABrokenShaderThere) {
    CS_REQUIRE_GPU(gpu);
    namespace fs = std::filesystem;
    std::string why;
    auto lazy = GlEngine::create(why, true);
    ASSERT_NE(lazy, nullptr) << why;
    EXPECT_EQ(lazy->programsBuilt(), 0u);
    OpRequest pool;
    pool.params.op = OpKind::MaxPool2d;
    pool.input = Tensor({2, 2}, {1, 5, 3, 2});
    EXPECT_EQ(lazy->run(pool), Tensor({1, 1}, {5}));
    EXPECT_EQ(lazy->programsBuilt(), 1u);
    EXPECT_EQ(lazy->run(pool), Tensor({1, 1}, {5}));
    EXPECT_EQ(lazy->programsBuilt(), 1u);
    const fs::path dir = fs::temp_directory_path() / ("convscope_lazy_shaders_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(CONVSCOPE_SHADERS)) fs::copy_file(entry.path(), dir / entry.path().filename());
    {
        std::ofstream out(dir / "pool2d.comp", std::ios::trunc);
        out << "#version 430\n#include \"common.glsl\"\nlayout(local_size_x = 64) in;\nvoid main() { int x = ; }\n";
    }
    ::setenv(kShaderDirVariable, dir.c_str(), 1);
    auto broken = GlEngine::create(why, true);
    ::unsetenv(kShaderDirVariable);
    ASSERT_NE(broken, nullptr) << "nothing is compiled yet: " << why;
    try {
        (void)broken->run(pool);
        ADD_FAILURE() << "the broken pool2d.comp ran";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("pool2d.comp:4"), std::string::npos) << e.what();
    }
    OpRequest corr;
    corr.params.op = OpKind::XCorr2d;
    corr.input = Tensor({2, 2}, {1, 2, 3, 4});
    corr.kernel = Tensor({1, 1}, {2});
    EXPECT_EQ(broken->run(corr), Tensor({2, 2}, {2, 4, 6, 8}));
    fs::remove_all(dir);
}

TEST(GpuShaderErrors, LogRewritingNamesFilesForEveryDriverStyle) {
    const std::vector<std::string> files = {"a.comp", "common.glsl"};
    EXPECT_EQ(rewriteShaderLog("0:12(5): error: x undeclared", files), "a.comp:12(5): error: x undeclared\n");
    EXPECT_EQ(rewriteShaderLog("1(7) : error C1008: bad", files), "common.glsl:7 : error C1008: bad\n");
    EXPECT_EQ(rewriteShaderLog("ERROR: 0:3: 'x' : undeclared", files), "ERROR: a.comp:3: 'x' : undeclared\n");
    EXPECT_EQ(rewriteShaderLog("5:1(1): error", files), "source 5:1(1): error\n");
}

TEST(GpuShaderErrors, EveryEmbeddedShaderIsThere) {
    const ShaderLibrary lib = ShaderLibrary::embedded();
    for (const char* name : {"common.glsl", "correlate2d.comp", "pool2d.comp", "global_pool.comp", "autocorr2d.comp",
                             "signal1d.comp", "image_unpack.comp", "image_filter.comp", "image_separable.comp",
                             "image_minmax.comp", "image_pack.comp"})
        EXPECT_NE(lib.find(name), nullptr) << name;
}

}  // namespace
}  // namespace cs
