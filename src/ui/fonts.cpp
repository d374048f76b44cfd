#include "ui/fonts.h"

#include <filesystem>

namespace cs {
namespace {
UiFonts g_fonts;

// Latin-1, Greek (τ, Σ), general punctuation (– … ′), super/subscripts, arrows,
// maths operators (− √ ∞ ≤), box/geometric shapes (▶ ◀ ■).
const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2010, 0x205E, 0x2070, 0x209F, 0x2190, 0x21FF,
                           0x2200, 0x22FF, 0x2500, 0x25FF, 0};
// What a cell or its corner label shows: ASCII, the degree, times and minus
// signs, infinity, the square root.
const ImWchar kCellRanges[] = {0x0020, 0x007E, 0x00B0, 0x00B2, 0x00D7, 0x00D7, 0x2212, 0x2212, 0x221A, 0x221A,
                               0x221E, 0x221E, 0};
}  // namespace

void buildFonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    const float px = kBaseFontPixels * scale;
    g_fonts = UiFonts{};
    g_fonts.size = px;
    const bool have = std::filesystem::exists(kDejaVuSans);
    if (have) {
        ImFontConfig cfg;
        cfg.OversampleH = 2;
        cfg.OversampleV = 1;
        g_fonts.regular = io.Fonts->AddFontFromFileTTF(kDejaVuSans, px, &cfg, kRanges);
        g_fonts.small = io.Fonts->AddFontFromFileTTF(kDejaVuSans, px * 0.7f, &cfg, kRanges);
        const char* bold = std::filesystem::exists(kDejaVuSansBold) ? kDejaVuSansBold : kDejaVuSans;
        g_fonts.large = io.Fonts->AddFontFromFileTTF(bold, px * 1.6f, &cfg, kRanges);
        if (std::filesystem::exists(kDejaVuSansMono))
            g_fonts.mono = io.Fonts->AddFontFromFileTTF(kDejaVuSansMono, px * 0.85f, &cfg, kRanges);
        ImFontConfig cells_cfg;
        cells_cfg.OversampleH = 1;  // large glyphs need no horizontal oversampling
        cells_cfg.OversampleV = 1;
        g_fonts.cells = io.Fonts->AddFontFromFileTTF(bold, px * 3.2f, &cells_cfg, kCellRanges);
    }
    if (g_fonts.regular == nullptr || g_fonts.small == nullptr || g_fonts.large == nullptr) {
        io.Fonts->Clear();
        g_fonts.mono = nullptr;  // cleared with the atlas: `regular` stands in below
        g_fonts.cells = nullptr;
        ImFontConfig cfg;
        cfg.SizePixels = 13.f * scale * 1.3f;
        g_fonts.regular = io.Fonts->AddFontDefault(&cfg);
        cfg.SizePixels = 13.f * scale;
        g_fonts.small = io.Fonts->AddFontDefault(&cfg);
        cfg.SizePixels = 13.f * scale * 2.f;
        g_fonts.large = io.Fonts->AddFontDefault(&cfg);
        g_fonts.size = 13.f * scale * 1.3f;
        g_fonts.unicode = false;
    } else {
        g_fonts.unicode = true;
    }
    if (g_fonts.mono == nullptr) g_fonts.mono = g_fonts.regular;
    io.FontDefault = g_fonts.regular;
    io.Fonts->Build();
}

const UiFonts& uiFonts() { return g_fonts; }

const char* timesSign() { return g_fonts.unicode ? "\u00d7" : "x"; }
const char* minusSign() { return g_fonts.unicode ? "\u2212" : "-"; }
const char* infinitySign() { return g_fonts.unicode ? "\u221e" : "inf"; }

}  // namespace cs
