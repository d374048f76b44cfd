#include "io/code_gen.h"

#include <array>
#include <charconv>
#include <cmath>

#include "io/code_text.h"
#include "io/request_json.h"

namespace cs {

// Implemented in code_gen_python.cpp.
std::string pytorchCode(const OpRequest& r, std::string_view label, const Tensor* result);
std::string numpyCode(const OpRequest& r, std::string_view label, const Tensor* result);

namespace code {

std::string num(float v) { return formatFloat(v); }

std::string num(double v) {
    if (v == 0.0) return "0";
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

std::string pyPair(Pair p) {
    if (p.h == p.w) return std::to_string(p.h);
    return "(" + std::to_string(p.h) + ", " + std::to_string(p.w) + ")";
}

std::string jsonPair(Pair p) {
    if (p.h == p.w) return std::to_string(p.h);
    return "[" + std::to_string(p.h) + ", " + std::to_string(p.w) + "]";
}

namespace {
void nested(std::string& s, const Tensor& t, int axis, std::size_t& offset, int column, bool breaks) {
    s += '[';
    const bool innermost = axis + 1 == t.rank();
    for (int i = 0; i < t.dim(axis); ++i) {
        if (i > 0) {
            s += ',';
            if (!innermost && breaks)
                s += '\n' + std::string(static_cast<std::size_t>(column + axis + 1), ' ');
            else
                s += ' ';
        }
        if (innermost)
            s += num(t.values()[offset++]);
        else
            nested(s, t, axis + 1, offset, column, breaks);
    }
    s += ']';
}
}  // namespace

std::string nestedList(const Tensor& t, int column) {
    std::string s;
    std::size_t offset = 0;
    nested(s, t, 0, offset, column, true);
    return s;
}

std::string nestedListInline(const Tensor& t) {
    std::string s;
    std::size_t offset = 0;
    nested(s, t, 0, offset, 0, false);
    return s;
}

std::string shapeTuple(const std::vector<int>& dims) {
    std::string s = "(";
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + (dims.size() == 1 ? ",)" : ")");
}

}  // namespace code

namespace {

using code::jsonPair;
using code::nestedListInline;

constexpr std::array<CodeLangInfo, 4> kLangs{{
    {CodeLang::PyTorch, "pytorch", "PyTorch"},
    {CodeLang::NumPy, "numpy", "NumPy / SciPy"},
    {CodeLang::Request, "request", "compute request"},
    {CodeLang::Latex, "latex", "LaTeX"},
}};

// LaTeX: one bmatrix per plane; a 3-D tensor gives one per channel, a 4-D
// kernel one per (filter, channel).
std::string latexCell(float v) {
    if (std::isnan(v)) return "\\text{NaN}";
    if (std::isinf(v)) return v > 0 ? "\\infty" : "-\\infty";
    return code::num(v);
}

std::string bmatrix(const Tensor& t, std::size_t offset, int rows, int cols) {
    std::string s = "\\begin{bmatrix}\n";
    for (int y = 0; y < rows; ++y) {
        s += "  ";
        for (int x = 0; x < cols; ++x)
            s += (x ? " & " : "") + latexCell(t.values()[offset + static_cast<std::size_t>(y * cols + x)]);
        s += y + 1 < rows ? " \\\\\n" : "\n";
    }
    return s + "\\end{bmatrix}";
}

std::string latexTensor(const Tensor& t, const std::string& symbol) {
    if (t.rank() == 1) return symbol + " = " + bmatrix(t, 0, 1, t.dim(0));
    const int rows = t.dim(-2), cols = t.dim(-1);
    if (t.rank() == 2) return symbol + " = " + bmatrix(t, 0, rows, cols);
    const std::size_t plane = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
    std::string s;
    std::size_t offset = 0;
    const int outer = t.rank() == 4 ? t.dim(0) : 1, inner = t.dim(-3);
    for (int o = 0; o < outer; ++o)
        for (int c = 0; c < inner; ++c, offset += plane) {
            const std::string index = t.rank() == 4 ? std::to_string(o + 1) + "," + std::to_string(c + 1) : std::to_string(c + 1);
            if (!s.empty()) s += "\n\\quad\n";
            s += symbol + "_{" + index + "} = " + bmatrix(t, offset, rows, cols);
        }
    return s;
}

std::string latexCode(const OpRequest& r, std::string_view label, const Tensor* result) {
    const OpKind op = r.params.op;
    std::string s = "% convscope";
    if (!label.empty()) s += " lesson \"" + std::string(label) + "\"";
    s += ": " + std::string(opTitle(op)) + "\n% needs \\usepackage{amsmath}\n\\[\n";
    s += latexTensor(r.input, isOneD(op) ? "f" : "X");
    if (usesKernelTensor(op)) s += "\n\\qquad\n" + latexTensor(r.kernel, isOneD(op) ? "g" : "K");
    if (op == OpKind::Linear && !r.weight.empty()) s += "\n\\qquad\n" + latexTensor(r.weight, "W");
    if (!r.bias.empty() && (isCorrelation2d(op) || op == OpKind::Linear)) s += "\n\\qquad\nb = " + bmatrix(Tensor({static_cast<int>(r.bias.size())}, r.bias), 0, 1, static_cast<int>(r.bias.size()));
    if (result) s += "\n\\qquad\n" + latexTensor(*result, "Y");
    return s + "\n\\]\n";
}

}  // namespace

std::span<const CodeLangInfo> allCodeLangs() { return kLangs; }
std::string_view codeLangName(CodeLang lang) { return kLangs[static_cast<std::size_t>(lang)].name; }
std::optional<CodeLang> parseCodeLang(std::string_view name) {
    for (const CodeLangInfo& info : kLangs)
        if (info.name == name) return info.lang;
    return std::nullopt;
}

std::string requestJson(const OpRequest& r) {
    const OpParams& p = r.params;
    const OpKind op = p.op;
    std::string s = "{\"op\": \"" + std::string(opName(op)) + "\"";
    auto field = [&](std::string_view name, const std::string& value) {
        s += ", \"" + std::string(name) + "\": " + value;
    };
    if (isOneD(op)) {
        field("f", nestedListInline(r.input));
        if (hasField(op, OpField::G)) field("g", nestedListInline(r.kernel));
        field("mode", "\"" + std::string(mode1dName(p.signal.mode)) + "\"");
        return s + "}";
    }
    field("input", nestedListInline(r.input));
    if (hasField(op, OpField::Kernel)) field("kernel", nestedListInline(r.kernel));
    if (hasField(op, OpField::Weight) && !r.weight.empty()) field("weight", nestedListInline(r.weight));
    if (hasField(op, OpField::Bias) && !r.bias.empty())
        field("bias", nestedListInline(Tensor({static_cast<int>(r.bias.size())}, r.bias)));
    if (hasField(op, OpField::KernelSize)) field("kernel_size", jsonPair(p.pool.kernel_size));
    if (hasField(op, OpField::Stride)) field("stride", jsonPair(p.window.stride));
    if (hasField(op, OpField::Padding)) {
        const PaddingRule rule = isCorrelation2d(op) ? p.correlation.padding_rule : PaddingRule::Explicit;
        field("padding", rule == PaddingRule::Same ? "\"same\"" : rule == PaddingRule::Valid ? "\"valid\"" : jsonPair(p.window.padding));
    }
    if (hasField(op, OpField::OutputPadding) && p.transposed.output_padding != Pair{0, 0})
        field("output_padding", jsonPair(p.transposed.output_padding));
    if (hasField(op, OpField::Groups) && p.correlation.groups != 1) field("groups", std::to_string(p.correlation.groups));
    if (hasField(op, OpField::Dilation)) field("dilation", jsonPair(p.window.dilation));
    if (hasField(op, OpField::PaddingMode))
        field("padding_mode", "\"" + std::string(paddingModeName(p.correlation.padding_mode)) + "\"");
    if (hasField(op, OpField::CeilMode)) field("ceil_mode", p.pool.ceil_mode ? "true" : "false");
    if (hasField(op, OpField::CountIncludePad)) field("count_include_pad", p.pool.count_include_pad ? "true" : "false");
    if (hasField(op, OpField::NormType)) field("norm_type", code::num(p.pool.norm_type));
    const LayerParams& l = p.layer;
    auto list = [](const std::vector<float>& v) { return nestedListInline(Tensor({static_cast<int>(v.size())}, v)); };
    if (hasField(op, OpField::Dim)) field("dim", std::to_string(l.dim));
    if (hasField(op, OpField::StartDim)) field("start_dim", std::to_string(l.start_dim));
    if (hasField(op, OpField::EndDim)) field("end_dim", std::to_string(l.end_dim));
    if (hasField(op, OpField::RunningMean) && !r.running_mean.empty()) field("running_mean", list(r.running_mean));
    if (hasField(op, OpField::RunningVar) && !r.running_var.empty()) field("running_var", list(r.running_var));
    if (hasField(op, OpField::Eps)) field("eps", code::num(l.eps));
    if (hasField(op, OpField::Momentum)) field("momentum", code::num(l.momentum));
    if (hasField(op, OpField::Training)) field("training", l.training ? "true" : "false");
    return s + "}";
}

std::string generateCode(const OpRequest& request, CodeLang lang, std::string_view label, const Tensor* result) {
    switch (lang) {
        case CodeLang::PyTorch: return pytorchCode(request, label, result);
        case CodeLang::NumPy: return numpyCode(request, label, result);
        case CodeLang::Request: return requestJson(request) + "\n";
        case CodeLang::Latex: return latexCode(request, label, result);
    }
    return {};
}

}  // namespace cs
