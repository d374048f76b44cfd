#include "core/network_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/convnet_train.h"
#include "core/engine.h"
#include "core/layer_trace.h"
#include "core/op_params.h"
#include "core/trace.h"

namespace cs {

namespace {

constexpr const char* kStageTitles[] = {"input",       "conv",    "batch norm", "ReLU", "max pool", "conv",
                                        "batch norm", "ReLU",    "max pool",   "flatten", "linear (logits)"};
constexpr int kStageCount = static_cast<int>(std::size(kStageTitles));
constexpr int kKernel = 5, kPad = 2;

void layout(NetStage& s) {
    const std::vector<int>& sh = s.values.shape();
    if (sh.size() == 3) {
        s.maps = sh[0];
        s.h = sh[1];
        s.w = sh[2];
    } else {
        s.maps = 1;
        s.h = 1;
        s.w = static_cast<int>(s.values.size());
    }
}

void paint(NetStage& s, bool gray) {
    float m = 0.f;
    for (float v : s.values.values()) m = std::max(m, std::fabs(v));
    s.max_abs = m;
    Image& p = s.picture;
    p.width = s.maps * s.w;
    p.height = s.h;
    p.channels = 4;
    p.pixels.assign(p.byteCount(), 255);
    for (int c = 0; c < s.maps; ++c)
        for (int y = 0; y < s.h; ++y)
            for (int x = 0; x < s.w; ++x) {
                std::uint8_t* px = &p.at(c * s.w + x, y, 0);
                const float v = s.at(c, y, x);
                if (gray) {
                    const auto g = static_cast<std::uint8_t>(std::clamp(v, 0.f, 1.f) * 255.f + 0.5f);
                    px[0] = px[1] = px[2] = g;
                } else {
                    netValueColour(v, m, px);
                }
            }
}

std::string at3(int c, int y, int x) { return "map " + std::to_string(c) + ", row " + std::to_string(y) + ", column " + std::to_string(x); }

void checkInside(const NetStage& st, const NetSelection& s) {
    if (s.c < 0 || s.c >= st.maps || s.y < 0 || s.y >= st.h || s.x < 0 || s.x >= st.w)
        throw OpError("no activation at " + at3(s.c, s.y, s.x) + " in " + st.label + " (" + shapeToString(st.shape) + ")");
}

const Tensor& outputOf(const std::vector<ConvNetActivation>& acts, const Tensor& input, int stage) {
    return stage == 0 ? input : acts[static_cast<std::size_t>(stage - 1)].output;
}

NetArithmetic convArithmetic(const ConvNetActivation& act, const Tensor& x, const NetSelection& s) {
    const int C = x.dim(0), H = x.dim(1), W = x.dim(2);
    // The one window this output reads, zeros where it hangs over the edge
    // (padding 2), traced as a 5 x 5 correlation with the one filter: a trace
    // of the whole layer would hold millions of terms for one click.
    Tensor patch({C, kKernel, kKernel});
    for (int c = 0; c < C; ++c)
        for (int ky = 0; ky < kKernel; ++ky)
            for (int kx = 0; kx < kKernel; ++kx) {
                const int iy = s.y + ky - kPad, ix = s.x + kx - kPad;
                if (iy >= 0 && iy < H && ix >= 0 && ix < W) patch.at(c, ky, kx) = x.at(c, iy, ix);
            }
    OpRequest r;
    r.params.op = OpKind::XCorr2d;
    r.input = patch;
    const std::size_t filter = static_cast<std::size_t>(C * kKernel * kKernel);
    const auto& bank = act.request.kernel.values();
    r.kernel = Tensor({1, C, kKernel, kKernel},
                      std::vector<float>(bank.begin() + static_cast<std::ptrdiff_t>(filter * static_cast<std::size_t>(s.c)),
                                         bank.begin() + static_cast<std::ptrdiff_t>(filter * static_cast<std::size_t>(s.c + 1))));
    r.bias = {act.request.bias[static_cast<std::size_t>(s.c)]};
    const Trace t = buildTrace(r);
    const TraceStep& st = t.steps.at(0);
    NetArithmetic a;
    a.lines.push_back("out = sum over the " + std::to_string(C) + " input map" + (C == 1 ? "" : "s") +
                      " of (5 x 5 window . filter " + std::to_string(s.c) + ") + bias");
    for (int c = 0; c < C; ++c) a.parts.push_back({"in " + std::to_string(c), st.channel_sums.at(static_cast<std::size_t>(c))});
    a.parts.push_back({"bias", st.bias});
    std::string sum;
    for (const auto& p : a.parts) {
        a.total += p.value;
        sum += (sum.empty() ? "" : " + ") + netNumber(p.value);
    }
    if (C <= 4) a.lines.push_back("= " + sum + " = " + netNumber(a.total));
    a.note = "The window: rows " + std::to_string(s.y - kPad) + ".." + std::to_string(s.y + kPad) + ", columns " +
             std::to_string(s.x - kPad) + ".." + std::to_string(s.x + kPad) +
             " (zeros outside: padding 2). PyTorch's Conv2d is cross-correlation: the filter is not flipped.";
    return a;
}

NetArithmetic batchNormArithmetic(const ConvNetActivation& act, const Tensor& x, const NetSelection& s) {
    OpRequest r = act.request;
    const int C = x.dim(0);
    r.input = Tensor({C, 1, 1});  // only this channel's value matters in eval mode
    r.input.at(s.c, 0, 0) = x.at(s.c, s.y, s.x);
    const Trace t = buildTrace(r);
    const LayerGroup& g = t.layer.groups.at(static_cast<std::size_t>(s.c));
    NetArithmetic a;
    a.lines.push_back("running mean " + netNumber(g.mean) + ", running var " + netNumber(g.variance) +
                      " (map " + std::to_string(s.c) + "'s, kept from training), eps " + netNumber(t.layer.eps));
    a.lines.push_back("weight " + netNumber(g.weight) + ", bias " + netNumber(g.bias) + ", 1 / sqrt(var + eps) = " +
                      netNumber(g.inv_std));
    a.lines.push_back(layerFormula(t, static_cast<std::size_t>(s.c)));
    a.total = t.steps.at(static_cast<std::size_t>(s.c)).result;
    a.note = "In eval mode batch norm uses the running statistics, not the batch's.";
    return a;
}

NetArithmetic reluArithmetic(const Tensor& x, const NetSelection& s) {
    OpRequest r;
    r.params.op = OpKind::Relu;
    r.input = Tensor({1}, std::vector<float>{x.at(s.c, s.y, s.x)});
    const Trace t = buildTrace(r);
    NetArithmetic a;
    a.lines.push_back(layerFormula(t, 0));
    a.total = t.steps.at(0).result;
    a.note = "Negative values become 0; the rest pass unchanged.";
    return a;
}

NetArithmetic poolArithmetic(const Tensor& x, const NetSelection& s) {
    OpRequest r;
    r.params.op = OpKind::MaxPool2d;
    r.params.pool.kernel_size = {2, 2};
    r.params.window.stride = {2, 2};
    r.input = Tensor({1, 2, 2});
    for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) r.input.at(0, dy, dx) = x.at(s.c, 2 * s.y + dy, 2 * s.x + dx);
    const Trace t = buildTrace(r);
    const TraceStep& st = t.steps.at(0);
    NetArithmetic a;
    a.lines.push_back("the 2 x 2 window at rows " + std::to_string(2 * s.y) + ".." + std::to_string(2 * s.y + 1) +
                      ", columns " + std::to_string(2 * s.x) + ".." + std::to_string(2 * s.x + 1) + " of the ReLU output");
    std::string text = "max(";
    for (std::size_t i = 0; i < st.terms.size(); ++i) text += (i ? ", " : "") + netNumber(st.terms[i].value);
    a.lines.push_back(text + ") = " + netNumber(st.sum));
    a.total = st.result;
    a.note = "Max pooling keeps the strongest response of each window and halves the size.";
    return a;
}

NetArithmetic flattenArithmetic(const ConvNetActivation& act, const NetSelection& s) {
    const Trace t = buildTrace(act.request);
    NetArithmetic a;
    const int i = s.x, per = 7 * 7;
    a.lines.push_back("value " + std::to_string(i) + " is block 2's pooled " + at3(i / per, (i % per) / 7, i % 7));
    a.lines.push_back(layerFormula(t, static_cast<std::size_t>(i)));
    a.total = t.steps.at(static_cast<std::size_t>(i)).result;
    a.note = "Flatten only reorders: 32 maps of 7 x 7 become one row of 1568.";
    return a;
}

NetArithmetic logitArithmetic(const ConvNet& net, const std::vector<ConvNetActivation>& acts, const NetSelection& s) {
    const Tensor& f = acts[8].output;  // the 1568 features
    const int o = s.x, per = 7 * 7, maps = kConvNetFeatures / per;
    const float* w = net.data(ConvNet::kFcWeight) + static_cast<std::ptrdiff_t>(o) * kConvNetFeatures;
    NetArithmetic a;
    a.lines.push_back("logit " + std::to_string(o) + " = sum of the 1568 values x W[" + std::to_string(o) +
                      "] + bias, grouped by block 2's 32 maps (49 values each)");
    for (int c = 0; c < maps; ++c) {
        double sum = 0.0;
        for (int j = c * per; j < (c + 1) * per; ++j) sum += static_cast<double>(f.at(j)) * static_cast<double>(w[j]);
        a.parts.push_back({"map " + std::to_string(c), sum});
    }
    a.parts.push_back({"bias", static_cast<double>(net.data(ConvNet::kFcBias)[o])});
    for (const auto& p : a.parts) a.total += p.value;
    const Tensor& z = acts[9].output;
    const std::vector<double> prob = convNetSoftmax(z.data());
    double zmax = z.at(0), denom = 0.0;
    for (int k = 0; k < kConvNetClasses; ++k) zmax = std::max(zmax, static_cast<double>(z.at(k)));
    for (int k = 0; k < kConvNetClasses; ++k) denom += std::exp(static_cast<double>(z.at(k)) - zmax);
    a.lines.push_back("softmax: exp(" + netNumber(z.at(o)) + " - " + netNumber(zmax) + ") / " + netNumber(denom) + " = " +
                      netNumber(prob[static_cast<std::size_t>(o)]));
    a.note = "The largest logit is the prediction; softmax turns logits into probabilities.";
    return a;
}

}  // namespace

std::string netNumber(double v) {
    if (v == 0.0) return "0";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", std::fabs(v));
    return (v < 0 ? "\u2212" : "") + std::string(buf);
}

void netValueColour(float v, float max_abs, std::uint8_t rgba[4]) {
    const float t = max_abs > 0.f ? std::clamp(std::fabs(v) / max_abs, 0.f, 1.f) : 0.f;
    auto byte = [](float f) { return static_cast<std::uint8_t>(std::clamp(f, 0.f, 255.f) + 0.5f); };
    if (v >= 0.f) {
        rgba[0] = byte(18.f + 237.f * std::min(1.f, 1.6f * t));
        rgba[1] = byte(18.f + 217.f * std::max(0.f, (t - 0.3f) / 0.7f));
        rgba[2] = byte(22.f + 150.f * std::max(0.f, (t - 0.75f) / 0.25f));
    } else {
        rgba[0] = byte(18.f + 50.f * t);
        rgba[1] = byte(18.f + 150.f * t);
        rgba[2] = byte(22.f + 233.f * std::min(1.f, 1.4f * t));
    }
    rgba[3] = 255;
}

NetGallery galleryFromTestSet(const std::uint8_t* pixels, const std::uint8_t* labels, int count, int per_class) {
    NetGallery g;
    g.per_class = per_class;
    for (int cls = 0; cls < kConvNetClasses; ++cls) {
        int found = 0;
        for (int i = 0; i < count && found < per_class; ++i) {
            if (labels[i] != cls) continue;
            std::vector<float> img(kConvNetImageSize);
            for (int p = 0; p < kConvNetImageSize; ++p)
                img[static_cast<std::size_t>(p)] = static_cast<float>(pixels[static_cast<std::size_t>(i) * kConvNetImageSize + static_cast<std::size_t>(p)]) / 255.f;
            g.images.push_back(std::move(img));
            g.labels.push_back(cls);
            g.test_index.push_back(i);
            ++found;
        }
        if (found < per_class) {
            return NetGallery{.images = {}, .labels = {}, .test_index = {}, .per_class = 0,
                              .error = "the test set has fewer than " + std::to_string(per_class) + " images of class " + std::to_string(cls)};
        }
    }
    return g;
}

Image galleryPicture(const NetGallery& g) {
    Image p;
    if (g.images.empty() || g.per_class <= 0) return p;
    const int side = kConvNetImageSide;
    p.width = kConvNetClasses * side;
    p.height = g.per_class * side;
    p.channels = 4;
    p.pixels.assign(p.byteCount(), 255);
    for (std::size_t i = 0; i < g.images.size(); ++i) {
        const int col = static_cast<int>(i) / g.per_class, row = static_cast<int>(i) % g.per_class;
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x) {
                const auto v = static_cast<std::uint8_t>(std::clamp(g.images[i][static_cast<std::size_t>(y * side + x)], 0.f, 1.f) * 255.f + 0.5f);
                std::uint8_t* px = &p.at(col * side + x, row * side + y, 0);
                px[0] = px[1] = px[2] = v;
            }
    }
    return p;
}

Image layer1Filters(const ConvNet& net) {
    const ConvNetTensor& w = net.at(ConvNet::kConv1Weight);
    const int n = w.shape[0], k = w.shape[2];
    float m = 0.f;
    for (float v : w.values) m = std::max(m, std::fabs(v));
    Image p;
    p.width = n * (k + 1) - 1;
    p.height = k;
    p.channels = 4;
    p.pixels.assign(p.byteCount(), 0);  // the gaps: transparent
    for (int f = 0; f < n; ++f)
        for (int y = 0; y < k; ++y)
            for (int x = 0; x < k; ++x)
                netValueColour(w.values[static_cast<std::size_t>((f * k + y) * k + x)], m, &p.at(f * (k + 1) + x, y, 0));
    return p;
}

NetArithmetic activationArithmetic(const ConvNet& net, const std::vector<ConvNetActivation>& acts, const Tensor& input,
                                   const NetSelection& s) {
    if (s.stage < 0 || s.stage >= kStageCount || acts.size() + 1 != static_cast<std::size_t>(kStageCount))
        throw OpError("no such layer: stage " + std::to_string(s.stage));
    NetStage st;
    st.values = outputOf(acts, input, s.stage);
    st.shape = st.values.shape();
    st.label = s.stage == 0 ? "input" : acts[static_cast<std::size_t>(s.stage - 1)].label;
    layout(st);
    checkInside(st, s);
    NetArithmetic a;
    const Tensor& before = s.stage > 0 ? outputOf(acts, input, s.stage - 1) : input;
    switch (s.stage) {
    case 0:
        a.lines.push_back("the input pixel: its gray byte / 255 (0 black, 1 white)");
        a.total = st.at(s.c, s.y, s.x);
        a.note = "The network reads the image as 784 values between 0 and 1.";
        break;
    case 1: case 5: a = convArithmetic(acts[static_cast<std::size_t>(s.stage - 1)], before, s); break;
    case 2: case 6: a = batchNormArithmetic(acts[static_cast<std::size_t>(s.stage - 1)], before, s); break;
    case 3: case 7: a = reluArithmetic(before, s); break;
    case 4: case 8: a = poolArithmetic(before, s); break;
    case 9: a = flattenArithmetic(acts[8], s); break;
    default: a = logitArithmetic(net, acts, s); break;
    }
    a.shown = st.at(s.c, s.y, s.x);
    if (s.stage == 9)
        a.title = st.label + ": value " + std::to_string(s.x);
    else if (s.stage == 10)
        a.title = st.label + ": logit " + std::to_string(s.x) + " (class " + std::to_string(s.x) + ")";
    else
        a.title = st.label + ": " + at3(s.c, s.y, s.x);
    return a;
}

void NetworkView::update(const NetworkDoc& doc, const NetGallery& gallery, Engine* gpu, bool drawing) {
    std::vector<float> input = networkInput(doc, gallery.images);
    if (input.size() != static_cast<std::size_t>(kConvNetImageSize)) input.assign(kConvNetImageSize, 0.f);
    const bool changed = input != input_ || doc.model_revision != model_revision_ || stages_.empty();
    if (changed) {
        input_ = std::move(input);
        model_revision_ = doc.model_revision;
        recompute(doc, drawing ? nullptr : gpu);
        gpu_pending_ = drawing && gpu != nullptr && !stages_.empty();
        selection_ = NetSelection{-2, 0, 0, 0};
    } else if (gpu_pending_ && !drawing) {
        // The stroke ended: its last input once on the GPU, the CPU's activations stay.
        gpu_pending_ = false;
        if (gpu != nullptr) show(doc, gpu);
    }
    if (doc.selected != selection_) {
        selection_ = doc.selected;
        explain(doc);
    }
}

void NetworkView::recompute(const NetworkDoc& doc, Engine* gpu) {
    error_.clear();
    const Tensor square({kConvNetImageSide, kConvNetImageSide}, input_);
    try {
        ++passes_.cpu;
        acts_ = convNetTracedForward(doc.net, square);
    } catch (const std::exception& e) {
        error_ = e.what();
        return;  // the last good stages stay
    }
    show(doc, gpu);
}

// The stages from the GPU's pass when there is an engine (compared with the
// CPU's activations, acts_), else from the CPU's.
void NetworkView::show(const NetworkDoc& doc, Engine* gpu) {
    const Tensor image({1, kConvNetImageSide, kConvNetImageSide}, input_);
    const Tensor square = image.reshaped({kConvNetImageSide, kConvNetImageSide});
    std::vector<ConvNetActivation> shown_acts;
    engine_ = "cpu";
    gpu_difference_ = 0.0;
    if (gpu != nullptr) {
        try {
            ++passes_.gpu;
            shown_acts = convNetTracedForward(doc.net, square, *gpu);
            engine_ = "gpu";
            for (std::size_t i = 0; i < acts_.size(); ++i) {
                const auto& a = acts_[i].output.values();
                const auto& b = shown_acts[i].output.values();
                for (std::size_t k = 0; k < a.size() && k < b.size(); ++k)
                    gpu_difference_ = std::max(gpu_difference_, std::abs(static_cast<double>(a[k]) - b[k]));
            }
        } catch (const std::exception& e) {
            shown_acts.clear();
            error_ = std::string("GPU forward pass failed, the CPU's is shown: ") + e.what();
        }
    }
    const std::vector<ConvNetActivation>& shown = shown_acts.empty() ? acts_ : shown_acts;
    stages_.assign(static_cast<std::size_t>(kStageCount), NetStage{});
    for (int i = 0; i < kStageCount; ++i) {
        NetStage& st = stages_[static_cast<std::size_t>(i)];
        st.values = i == 0 ? image : shown[static_cast<std::size_t>(i - 1)].output;
        st.shape = st.values.shape();
        st.label = i == 0 ? "input" : acts_[static_cast<std::size_t>(i - 1)].label;
        st.title = kStageTitles[i];
        layout(st);
        paint(st, i == 0);
    }
    probabilities_ = convNetSoftmax(shown.back().output.data());
    predicted_ = static_cast<int>(std::max_element(probabilities_.begin(), probabilities_.end()) - probabilities_.begin());
    filters_ = layer1Filters(doc.net);
    ++revision_;
}

void NetworkView::explain(const NetworkDoc& doc) {
    arithmetic_ = NetArithmetic{};
    if (!selection_.valid() || stages_.empty()) return;
    try {
        arithmetic_ = activationArithmetic(doc.net, acts_, stages_[0].values, selection_);
    } catch (const std::exception& e) {
        error_ = e.what();
    }
}

}  // namespace cs
