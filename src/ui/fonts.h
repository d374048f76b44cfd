#pragma once
// Fonts for the panels. DejaVu Sans is loaded from the system at run time
// (fonts-dejavu-core); when it is missing, ImGui's built-in font stands in and
// symbols fall back to ASCII ("x" for the times sign, "inf" for infinity).
// buildFonts() fills the atlas at the given scale (20 px text at scale 1) so
// text stays crisp when zoomed; the app then re-uploads the atlas texture.
#include <imgui.h>

namespace cs {

struct UiFonts {
    ImFont* regular = nullptr;  // panels
    ImFont* small = nullptr;    // labels in cell corners
    ImFont* large = nullptr;    // numbers in grids, headings
    ImFont* mono = nullptr;     // code (the Code panel): DejaVu Sans Mono, else `regular`
    // Numbers in large stage cells (presenter sizes): bold, baked at twice
    // `large` for digits and the few symbols cells show, so big cells stay
    // crisp; nullptr with the built-in font (then `large` is scaled up).
    ImFont* cells = nullptr;
    float size = 20.f;          // regular size in pixels
    bool unicode = false;       // DejaVu loaded: ×, −, ∞, √, ², ▶ are available
};

constexpr float kBaseFontPixels = 20.f;
constexpr const char* kDejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kDejaVuSansBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
constexpr const char* kDejaVuSansMono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

// Clears io.Fonts and adds the fonts at this scale. Call between frames,
// then rebuild the backend's font texture.
void buildFonts(float scale);
const UiFonts& uiFonts();

// Symbols with their ASCII fallbacks.
const char* timesSign();  // "×" or "x"
const char* minusSign();  // "−" or "-"
const char* infinitySign();  // "∞" or "inf"

}  // namespace cs
