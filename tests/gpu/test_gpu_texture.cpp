// The image lab's display texture (gpu/gl_texture.h) and the engine's explicit
// image path (Engine::imageFilterEngine, no downcast), on the headless context.
#include <gtest/gtest.h>

#include <epoxy/gl.h>

#include <type_traits>
#include <vector>

#include "core/image_lab_view.h"
#include "gpu/gl_texture.h"
#include "gpu_test_env.h"

namespace cs {
namespace {

Image rgbaRamp(int w, int h) {
    Image img{w, h, 4, {}};
    img.pixels.resize(img.byteCount());
    for (std::size_t i = 0; i < img.pixels.size(); ++i) img.pixels[i] = static_cast<std::uint8_t>(i * 7 % 256);
    return img;
}

std::vector<unsigned char> texels(const GlImageTexture& t) {
    std::vector<unsigned char> out(static_cast<std::size_t>(t.width()) * static_cast<std::size_t>(t.height()) * 4);
    t.download(out.data());
    return out;
}

TEST(GpuTexture, MoveOnlyAndZeroIsInvalid) {
    static_assert(!std::is_copy_constructible_v<GlImageTexture> && !std::is_copy_assignable_v<GlImageTexture>);
    static_assert(std::is_nothrow_move_constructible_v<GlImageTexture>);
    CS_REQUIRE_GPU(gpu);
    GlImageTexture t;
    EXPECT_FALSE(t.isValid());
    EXPECT_EQ(t.id(), 0u);
    ASSERT_TRUE(t.upload(rgbaRamp(5, 3)));
    const unsigned id = t.id();
    GlImageTexture u = std::move(t);
    EXPECT_FALSE(t.isValid());  // NOLINT(bugprone-use-after-move): the rule under test
    EXPECT_EQ(u.id(), id);
    u = GlImageTexture();
    EXPECT_FALSE(u.isValid());
    EXPECT_EQ(glIsTexture(id), GL_FALSE);  // deleted by the move-assignment
}

TEST(GpuTexture, TakesAnImageOrAGpuBufferAndRestoresState) {
    CS_REQUIRE_GPU(gpu);
    const Image img = rgbaRamp(7, 4);
    GlImageTexture t;
    GLint before = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &before);
    ASSERT_TRUE(t.upload(img));
    GLint after = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &after);
    EXPECT_EQ(after, before);
    EXPECT_EQ(t.width(), 7);
    EXPECT_EQ(texels(t), img.pixels);
    const Image other = rgbaRamp(7, 4);  // same size: updated in place
    ASSERT_TRUE(t.upload(other));
    const GlBuffer buffer = GlBuffer::create(img.pixels.size(), img.pixels.data());
    GlImageTexture from_gpu;
    ASSERT_TRUE(from_gpu.upload(buffer, 7, 4));
    EXPECT_EQ(texels(from_gpu), img.pixels);
    EXPECT_FALSE(from_gpu.upload(buffer, 70, 40));  // buffer too small: refused, released
    EXPECT_FALSE(from_gpu.isValid());
    EXPECT_FALSE(t.upload(Image{2, 2, 3, std::vector<std::uint8_t>(12, 0)}));  // not RGBA
    EXPECT_FALSE(t.isValid());
}

TEST(GpuTexture, EngineGivesItsImagePathExplicitly) {
    CS_REQUIRE_GPU(gpu);
    Engine& engine = *gpu;
    EXPECT_EQ(engine.imageFilterEngine(), &gpu->imageFilter());
    CpuEngine cpu;
    EXPECT_EQ(cpu.imageFilterEngine(), nullptr);
    // The lab's view filters on it: "gpu", and no CPU notice.
    Image img{9, 9, 3, std::vector<std::uint8_t>(243, 100)};
    ImageLabView view([&](const std::string&) { return img; }, &engine, "");
    ImageLab lab;
    lab.image_path = "x.png";
    view.update(lab, false, 0.0);
    EXPECT_EQ(view.frame().engine, "gpu");
    EXPECT_TRUE(view.frame().engine_notice.empty());
    ASSERT_NE(view.frame().output_planes, nullptr);
    EXPECT_FLOAT_EQ(view.frame().output_planes->at(1, 4, 4), 100.f);
}

}  // namespace
}  // namespace cs
