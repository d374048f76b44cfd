#include "ui/signal_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/fonts.h"
#include "ui/theme.h"

namespace cs {
namespace {

// 1, 2 or 5 times a power of ten, at least `raw`.
double niceStep(double raw) {
    if (!(raw > 0.0) || !std::isfinite(raw)) return 1.0;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw * 0.999) return m * mag;
    return 10.0 * mag;
}

ImU32 withAlpha(ImU32 c, int alpha) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT); }

float tickFontSize() { return ImGui::GetFontSize() * 0.85f; }

}  // namespace

float PlotFrame::toX(double v) const {
    const double u = (v - x.lo) / (x.hi - x.lo);
    return min.x + static_cast<float>(u) * (max.x - min.x);
}
float PlotFrame::toY(double v) const {
    const double u = (v - y.lo) / (y.hi - y.lo);
    return max.y - static_cast<float>(u) * (max.y - min.y);
}
double PlotFrame::fromX(float px) const { return x.lo + (px - min.x) / (max.x - min.x) * (x.hi - x.lo); }
double PlotFrame::fromY(float py) const { return y.lo + (max.y - py) / (max.y - min.y) * (y.hi - y.lo); }

PlotFrame placePlot(const char* id, ImVec2 size, PlotRange x, PlotRange y, bool legend_band) {
    const float F = ImGui::GetFontSize();
    PlotFrame p;
    p.dl = ImGui::GetWindowDrawList();
    size.x = std::max(size.x, F * 6.f);
    size.y = std::max(size.y, F * (legend_band ? 5.3f : 4.f));
    p.outer_min = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    p.hovered = ImGui::IsItemHovered();
    p.active = ImGui::IsItemActive();
    p.outer_max = ImVec2(p.outer_min.x + size.x, p.outer_min.y + size.y);
    p.legend_band = legend_band;
    p.min = ImVec2(p.outer_min.x + F * 3.2f, p.outer_min.y + F * (legend_band ? 1.6f : 0.4f));
    p.max = ImVec2(p.outer_max.x - F * 0.6f, p.outer_max.y - F * 1.35f);
    if (!(x.hi > x.lo)) x.hi = x.lo + 1.0;
    if (!(y.hi > y.lo)) y.hi = y.lo + 1.0;
    p.x = x;
    p.y = y;
    return p;
}

PlotRange paddedRange(double lo, double hi, double margin) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (!std::isfinite(lo) || !std::isfinite(hi)) return {-1.0, 1.0};
    if (hi - lo < 1e-12) return {lo - 1.0, hi + 1.0};
    const double m = (hi - lo) * margin;
    return {lo < 0.0 ? lo - m : lo, hi > 0.0 ? hi + m : hi + m * 0.25};
}

void drawAxes(const PlotFrame& p, const std::string& x_label, const std::string& y_label, double x_step) {
    const Palette& pal = palette();
    const float F = ImGui::GetFontSize();
    const float fs = tickFontSize();
    ImFont* font = ImGui::GetFont();
    ImDrawList* dl = p.dl;
    dl->AddRectFilled(p.min, p.max, withAlpha(pal.cell_fill, 110));
    dl->AddRect(p.min, p.max, pal.grid_line);

    // The x axis name sits at the right end of the tick-label row.
    const ImVec2 name_size = font->CalcTextSizeA(F, 1e9f, 0.f, x_label.c_str());
    const float name_x = p.max.x - name_size.x;
    if (!x_label.empty()) dl->AddText(font, F, ImVec2(name_x, p.max.y + F * 0.15f), pal.heading_text, x_label.c_str());

    const double xs = x_step > 0.0 ? std::max(x_step, niceStep((p.x.hi - p.x.lo) / ((p.max.x - p.min.x) / (F * 2.5f))))
                                   : niceStep((p.x.hi - p.x.lo) / std::max(2.0, (p.max.x - p.min.x) / (F * 4.5)));
    for (double v = std::ceil(p.x.lo / xs) * xs; v <= p.x.hi + xs * 1e-9; v += xs) {
        const double tv = std::abs(v) < xs * 1e-9 ? 0.0 : v;
        const float px = p.toX(tv);
        dl->AddLine(ImVec2(px, p.min.y), ImVec2(px, p.max.y), withAlpha(pal.grid_line, tv == 0.0 ? 200 : 60),
                    tv == 0.0 ? 1.5f : 1.f);
        const std::string text = plotNumber(tv);
        const ImVec2 ts = font->CalcTextSizeA(fs, 1e9f, 0.f, text.c_str());
        const float tx = px - ts.x * 0.5f;
        if (!x_label.empty() && tx + ts.x > name_x - F * 0.4f) continue;
        dl->AddText(font, fs, ImVec2(tx, p.max.y + F * 0.2f), pal.muted_text, text.c_str());
    }
    const double ys = niceStep((p.y.hi - p.y.lo) / std::max(2.0, (p.max.y - p.min.y) / (F * 2.8)));
    for (double v = std::ceil(p.y.lo / ys) * ys; v <= p.y.hi + ys * 1e-9; v += ys) {
        const double tv = std::abs(v) < ys * 1e-9 ? 0.0 : v;
        const float py = p.toY(tv);
        dl->AddLine(ImVec2(p.min.x, py), ImVec2(p.max.x, py), withAlpha(pal.grid_line, tv == 0.0 ? 230 : 50),
                    tv == 0.0 ? 1.5f : 1.f);
        const std::string text = plotNumber(tv);
        const ImVec2 ts = font->CalcTextSizeA(fs, 1e9f, 0.f, text.c_str());
        dl->AddText(font, fs, ImVec2(p.min.x - ts.x - F * 0.3f, py - ts.y * 0.5f), pal.muted_text, text.c_str());
    }
    if (!y_label.empty()) {
        const ImVec2 ts = font->CalcTextSizeA(fs, 1e9f, 0.f, y_label.c_str());
        dl->AddText(font, fs, ImVec2(p.max.x - ts.x - F * 0.3f, p.min.y + F * 0.2f), pal.muted_text, y_label.c_str());
    }
}

void drawCurve(const PlotFrame& p, const std::vector<double>& x, const std::vector<double>& y, ImU32 color,
               float thickness, double x_limit) {
    ImDrawList* dl = p.dl;
    dl->PushClipRect(p.min, p.max, true);
    const float th = thickness * ImGui::GetFontSize() / kBaseFontPixels;
    const std::size_t n = std::min(x.size(), y.size());
    std::vector<ImVec2> run;
    auto flush = [&] {
        if (run.size() >= 2) dl->AddPolyline(run.data(), static_cast<int>(run.size()), color, 0, th);
        run.clear();
    };
    // Values far outside the frame are clamped so the GPU never sees huge coordinates.
    const double span = p.y.hi - p.y.lo;
    for (std::size_t i = 0; i < n; ++i) {
        if (x[i] > x_limit) break;
        if (!std::isfinite(y[i])) {
            flush();
            continue;
        }
        const double yv = std::clamp(y[i], p.y.lo - span, p.y.hi + span);
        run.push_back(p.to(x[i], yv));
    }
    flush();
    dl->PopClipRect();
}

void fillSigned(const PlotFrame& p, const std::vector<double>& x, const std::vector<double>& y, ImU32 positive,
                ImU32 negative) {
    ImDrawList* dl = p.dl;
    dl->PushClipRect(p.min, p.max, true);
    // Without anti-aliased edges the quads meet without hairline seams.
    const ImDrawListFlags flags = dl->Flags;
    dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    const float y0 = p.toY(0.0);
    auto quad = [&](double xa, double ya, double xb, double yb) {
        if (ya == 0.0 && yb == 0.0) return;
        const ImU32 c = (ya + yb) > 0.0 ? positive : negative;
        const ImVec2 pts[4] = {ImVec2(p.toX(xa), y0), p.to(xa, ya), p.to(xb, yb), ImVec2(p.toX(xb), y0)};
        dl->AddConvexPolyFilled(pts, 4, c);
    };
    const std::size_t n = std::min(x.size(), y.size());
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const double xa = x[i], xb = x[i + 1], ya = y[i], yb = y[i + 1];
        if (!std::isfinite(ya) || !std::isfinite(yb)) continue;
        if ((ya > 0.0 && yb < 0.0) || (ya < 0.0 && yb > 0.0)) {
            // Split where the segment crosses zero, so each part gets one colour.
            const double xc = xa + (xb - xa) * ya / (ya - yb);
            quad(xa, ya, xc, 0.0);
            quad(xc, 0.0, xb, yb);
        } else {
            quad(xa, ya, xb, yb);
        }
    }
    dl->Flags = flags;
    dl->PopClipRect();
}

void drawStem(const PlotFrame& p, double x, double y, ImU32 color, float dx_px, bool hollow) {
    const float F = ImGui::GetFontSize();
    ImDrawList* dl = p.dl;
    dl->PushClipRect(p.min, p.max, true);
    const float px = p.toX(x) + dx_px;
    const float py = std::clamp(p.toY(y), p.min.y, p.max.y);
    const float r = F * 0.24f;
    dl->AddLine(ImVec2(px, p.toY(0.0)), ImVec2(px, py), color, F * 0.12f);
    if (hollow) {
        dl->AddCircleFilled(ImVec2(px, py), r, ImGui::GetColorU32(ImGuiCol_WindowBg));
        dl->AddCircle(ImVec2(px, py), r, color, 0, F * 0.1f);
    } else {
        dl->AddCircleFilled(ImVec2(px, py), r, color);
    }
    dl->PopClipRect();
}

void drawVerticalLine(const PlotFrame& p, double x, ImU32 color, const std::string& label, bool dashed, int label_row) {
    if (x < p.x.lo || x > p.x.hi) return;
    const float F = ImGui::GetFontSize();
    ImDrawList* dl = p.dl;
    const float px = p.toX(x);
    if (dashed) {
        const float dash = F * 0.45f;
        for (float y = p.min.y; y < p.max.y; y += dash * 2.f)
            dl->AddLine(ImVec2(px, y), ImVec2(px, std::min(y + dash, p.max.y)), color, F * 0.09f);
    } else {
        dl->AddLine(ImVec2(px, p.min.y), ImVec2(px, p.max.y), color, F * 0.09f);
    }
    if (!label.empty()) {
        ImFont* font = ImGui::GetFont();
        const ImVec2 ts = font->CalcTextSizeA(F, 1e9f, 0.f, label.c_str());
        float tx = px + F * 0.25f;
        if (tx + ts.x > p.max.x) tx = px - ts.x - F * 0.25f;
        dl->AddText(font, F, ImVec2(tx, p.min.y + F * (0.1f + 1.4f * static_cast<float>(label_row))), color, label.c_str());
    }
}

void drawMarker(const PlotFrame& p, double x, double y, ImU32 color, const std::string& label) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    const float F = ImGui::GetFontSize();
    ImDrawList* dl = p.dl;
    const ImVec2 c = p.to(x, std::clamp(y, p.y.lo, p.y.hi));
    dl->AddCircleFilled(c, F * 0.32f, color);
    dl->AddCircle(c, F * 0.32f, ImGui::GetColorU32(ImGuiCol_WindowBg), 0, F * 0.08f);
    if (!label.empty()) {
        ImFont* font = ImGui::GetFont();
        const ImVec2 ts = font->CalcTextSizeA(F, 1e9f, 0.f, label.c_str());
        float tx = c.x + F * 0.5f;
        if (tx + ts.x > p.max.x) tx = c.x - ts.x - F * 0.5f;
        float ty = c.y - ts.y - F * 0.2f;
        if (ty < p.min.y) ty = c.y + F * 0.3f;
        dl->AddRectFilled(ImVec2(tx - F * 0.15f, ty), ImVec2(tx + ts.x + F * 0.15f, ty + ts.y),
                          withAlpha(ImGui::GetColorU32(ImGuiCol_WindowBg), 200), F * 0.2f);
        dl->AddText(font, F, ImVec2(tx, ty), color, label.c_str());
    }
}

void drawLegend(const PlotFrame& p, const std::vector<LegendEntry>& entries, bool right) {
    const float F = ImGui::GetFontSize();
    ImFont* font = ImGui::GetFont();
    ImDrawList* dl = p.dl;
    float width = 0.f;
    for (const LegendEntry& e : entries) width += font->CalcTextSizeA(F, 1e9f, 0.f, e.text.c_str()).x + F * 2.0f;
    float x = right ? p.max.x - width - F * 0.3f : p.min.x + F * (p.legend_band ? 0.f : 0.4f);
    const float y = p.legend_band ? p.outer_min.y + F * 0.1f : p.min.y + F * 0.25f;
    dl->AddRectFilled(ImVec2(x - F * 0.25f, y - F * 0.1f), ImVec2(x + width, y + F * 1.2f),
                      withAlpha(ImGui::GetColorU32(ImGuiCol_WindowBg), 210), F * 0.25f);
    for (const LegendEntry& e : entries) {
        dl->AddRectFilled(ImVec2(x, y + F * 0.45f), ImVec2(x + F * 0.9f, y + F * 0.7f), e.color);
        x += F * 1.2f;
        dl->AddText(font, F, ImVec2(x, y), e.color, e.text.c_str());
        x += font->CalcTextSizeA(F, 1e9f, 0.f, e.text.c_str()).x + F * 0.8f;
    }
}

std::string plotNumber(double v, int significant) {
    if (std::isinf(v)) return std::string(v < 0 ? minusSign() : "") + infinitySign();
    if (std::isnan(v)) return "?";
    char buf[48];
    if (std::abs(v) < 1e-12) v = 0.0;
    std::snprintf(buf, sizeof buf, "%.*g", significant, v);
    std::string s = buf;
    if (!s.empty() && s[0] == '-') s = std::string(minusSign()) + s.substr(1);
    return s;
}

}  // namespace cs
