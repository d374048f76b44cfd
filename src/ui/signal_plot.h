#pragma once
// Plots for the signals lesson, drawn with ImDrawList (Debian has no ImPlot):
// a PlotFrame maps data to pixels inside a box with axes, ticks and labels;
// the draw functions put curves, signed shaded areas, stems and markers in it.
// Every size is a multiple of ImGui::GetFontSize(), so the app's text scale
// scales the plots too.
//
//   PlotFrame p = placePlot("##top", ImVec2(w, h), {-2, 6}, {-1.2, 1.2});
//   drawAxes(p, "τ", "");
//   fillSigned(p, xs, product, green, red);
//   drawCurve(p, xs, f_values, blue, 2.f);
//   drawVerticalLine(p, t, orange, "t");
#include <imgui.h>

#include <string>
#include <vector>

namespace cs {

struct PlotRange {
    double lo = 0.0, hi = 1.0;
};

struct PlotFrame {
    ImDrawList* dl = nullptr;
    ImVec2 outer_min{0, 0}, outer_max{0, 0};  // the whole item, labels included
    ImVec2 min{0, 0}, max{0, 0};              // the data area
    PlotRange x, y;
    bool hovered = false;                     // the mouse is over the item
    bool active = false;                      // the mouse button went down on it and is held
    bool legend_band = false;                 // a line above the data area holds the legend (placePlot)

    float toX(double v) const;
    float toY(double v) const;
    ImVec2 to(double vx, double vy) const { return ImVec2(toX(vx), toY(vy)); }
    double fromX(float px) const;
    double fromY(float py) const;
};

// Reserves `size` at the cursor (an invisible button, so it can be dragged on)
// and lays out the data area inside, leaving room for tick labels.
// `legend_band`: a line is kept above the data area for drawLegend, so a
// legend never covers a curve (at 150-200% text one covered a quarter of it).
PlotFrame placePlot(const char* id, ImVec2 size, PlotRange x, PlotRange y, bool legend_band = false);

// A y range that holds [lo, hi] and 0 with a margin; never empty.
PlotRange paddedRange(double lo, double hi, double margin = 0.12);

// Background, zero lines, ticks at 1-2-5 steps with labels, axis names.
// `x_step` > 0 forces the tick spacing (integer indices: 1).
void drawAxes(const PlotFrame& p, const std::string& x_label, const std::string& y_label, double x_step = 0.0);
// A polyline through (x[i], y[i]) for x <= x_limit; non-finite values break it.
void drawCurve(const PlotFrame& p, const std::vector<double>& x, const std::vector<double>& y, ImU32 color,
               float thickness, double x_limit = 1e300);
// The area between y = 0 and the curve, `positive` above and `negative` below.
void fillSigned(const PlotFrame& p, const std::vector<double>& x, const std::vector<double>& y, ImU32 positive,
                ImU32 negative);
// A stem from 0 to (x, y) with a dot; `dx_px` shifts it sideways so two
// sequences at the same index can both be seen. hollow: an open circle.
void drawStem(const PlotFrame& p, double x, double y, ImU32 color, float dx_px = 0.f, bool hollow = false);
// A vertical line across the data area with a label at its top.
// `label_row` 1 writes the label one line lower: under a legend at the top.
void drawVerticalLine(const PlotFrame& p, double x, ImU32 color, const std::string& label, bool dashed = true,
                      int label_row = 0);
// A filled dot at (x, y) with an optional label beside it.
void drawMarker(const PlotFrame& p, double x, double y, ImU32 color, const std::string& label = {});
// Coloured names: in the frame's legend band when it has one (left or right
// aligned), else in the top-left (or right) corner of the data area.
struct LegendEntry {
    std::string text;
    ImU32 color = 0;
};
void drawLegend(const PlotFrame& p, const std::vector<LegendEntry>& entries, bool right = false);

// "1.5", "-0.25", "0.001"; "∞" for infinities.
std::string plotNumber(double v, int significant = 3);

}  // namespace cs
