#pragma once
// Code for the current configuration: the text a student copies out of
// convscope to compute the same thing elsewhere (`convscope code`, the Code
// panel). Four languages:
//   pytorch  a runnable script (imports included) that computes the request the
//            way PyTorch does (input reshaped to N x C x H x W, F.conv2d,
//            nn.MaxPool2d, F.avg_pool2d, F.lp_pool2d, F.conv_transpose2d,
//            F.pad for the padding modes) and leaves the result in `output`, shaped as PyTorch gives it;
//   numpy    NumPy/SciPy where they have the op (scipy.signal.correlate2d /
//            convolve2d, numpy.convolve, scipy.signal.correlate), plain loops
//            for pooling and the transposed convolution (a scatter); `output` shaped as convscope shows it;
//   request  the `compute` request (one JSON line) that gives the same result;
//   latex    input, kernel and output as bmatrix, ready for a slide.
//
//   std::string py = generateCode(defaultLesson().request, CodeLang::PyTorch, "seed", &result);
//
// Every 2-D window op (conv_transpose2d included), 1-D signal op and layer op
// is covered. Layer ops
// (relu, softmax, flatten, batchnorm2d, linear) use float64 tensors in PyTorch
// (torch.relu, torch.softmax, torch.flatten, F.batch_norm, F.linear; output in
// PyTorch's shape, which is convscope's) and plain NumPy formulas. The text is
// a pure function of its arguments (golden files in tests/data/code/ pin the
// PyTorch text).
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/op_params.h"

namespace cs {

enum class CodeLang { PyTorch, NumPy, Request, Latex };

struct CodeLangInfo {
    CodeLang lang;
    std::string_view name;   // as `--lang` spells it: "pytorch"
    std::string_view title;  // for the panel's selector: "PyTorch"
};
std::span<const CodeLangInfo> allCodeLangs();
std::string_view codeLangName(CodeLang lang);
std::optional<CodeLang> parseCodeLang(std::string_view name);

class CodeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// `label` names the lesson in the text's first comment ("" for none).
// `result`, when given, is convscope's answer: written as a comment after the
// pytorch/numpy code (so a reader can compare) and as the output matrix in
// latex (which then needs it: without it latex shows input and kernel only).
std::string generateCode(const OpRequest& request, CodeLang lang, std::string_view label = "",
                         const Tensor* result = nullptr);

// The `compute` request of `request` on one line, fields the op takes only,
// every float in its shortest round-trip form. parseRequest() reads it back
// to the same request.
std::string requestJson(const OpRequest& request);

}  // namespace cs
