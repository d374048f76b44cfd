// The image lab's display texture (gpu/gl_texture.h) and the engine's explicit
// image path (Engine::imageFilterEngine, no downcast), on the headless context.
#include <gtest/gtest.h>

#include <epoxy/gl.h>

#include <algorithm>
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

// The mipmaps of an image upload are made on the CPU (glGenerateMipmap was
// the lab's slowest step on llvmpipe): every level down to 1 x 1, each texel
// the rounded mean of the 2 x 2 block above it (an odd last column or row:
// the texels that exist), and a second upload replaces them.
TEST(GpuTexture, ImageUploadsCarryTheirMipmaps) {
    CS_REQUIRE_GPU(gpu);
    GlImageTexture t;
    for (unsigned salt : {7u, 13u}) {
        Image img{7, 5, 4, {}};
        img.pixels.resize(img.byteCount());
        for (std::size_t i = 0; i < img.pixels.size(); ++i) img.pixels[i] = static_cast<std::uint8_t>(i * salt % 251);
        ASSERT_TRUE(t.upload(img));
        std::vector<std::uint8_t> above = img.pixels;
        int w = 7, h = 5;
        GLint previous = 0;
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
        glBindTexture(GL_TEXTURE_2D, t.id());
        for (int level = 1; w > 1 || h > 1; ++level) {
            const int lw = std::max(1, w / 2), lh = std::max(1, h / 2);
            std::vector<std::uint8_t> want(static_cast<std::size_t>(lw * lh * 4));
            auto at = [&](int x, int y, int c) {
                return static_cast<int>(above[static_cast<std::size_t>(((std::min(y, h - 1) * w) + std::min(x, w - 1)) * 4 + c)]);
            };
            for (int y = 0; y < lh; ++y)
                for (int x = 0; x < lw; ++x)
                    for (int c = 0; c < 4; ++c)
                        want[static_cast<std::size_t>((y * lw + x) * 4 + c)] = static_cast<std::uint8_t>(
                            (at(2 * x, 2 * y, c) + at(2 * x + 1, 2 * y, c) + at(2 * x, 2 * y + 1, c) + at(2 * x + 1, 2 * y + 1, c) + 2) / 4);
            GLint gw = 0, gh = 0;
            glGetTexLevelParameteriv(GL_TEXTURE_2D, level, GL_TEXTURE_WIDTH, &gw);
            glGetTexLevelParameteriv(GL_TEXTURE_2D, level, GL_TEXTURE_HEIGHT, &gh);
            EXPECT_EQ(gw, lw);
            EXPECT_EQ(gh, lh);
            std::vector<std::uint8_t> got(want.size());
            glPixelStorei(GL_PACK_ALIGNMENT, 4);
            glGetTexImage(GL_TEXTURE_2D, level, GL_RGBA, GL_UNSIGNED_BYTE, got.data());
            EXPECT_EQ(got, want) << "level " << level << ", salt " << salt;
            above = want;
            w = lw;
            h = lh;
        }
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
        EXPECT_EQ(glGetError(), static_cast<GLenum>(GL_NO_ERROR));
    }
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
