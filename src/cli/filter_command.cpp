// `convscope filter`: the image lab without a window. Load an image, filter
// every colour channel with one kernel (core/image_filter.h defines the
// numbers), optionally pool, normalise to bytes, write a PNG atomically.
// The exact pixel definition lives in filterHelpText() below and in README.md.
#include <cctype>
#include <algorithm>
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <sstream>
#include <string>

#include "cli/cli.h"
#include "cli/gpu_session.h"
#include "core/image_filter.h"
#include "core/image_pipeline.h"
#include "core/kernel_presets.h"
#include "io/image_io.h"
#include "io/matrix_text.h"
#include "io/text_file.h"

namespace cs {
namespace {

constexpr int kExitIo = 1;        // a file could not be read or written, no GPU
constexpr int kExitBadInput = 2;  // the input, kernel or options are invalid

// A bad input: exit 2 with this message.
class BadInput : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "3" -> {3, 3}; "2x3" (also "2X3", "2,3") -> {h 2, w 3}.
Pair parsePair(const std::string& text, const std::string& option) {
    auto parseInt = [&](const std::string& s) {
        std::size_t used = 0;
        int v = 0;
        try {
            v = std::stoi(s, &used);
        } catch (const std::exception&) {
            used = std::string::npos;
        }
        if (used != s.size() || s.empty() || v < 1 || v > 4096)
            throw BadInput(option + " \"" + text + "\": give a whole number from 1 to 4096, or HxW such as 2x3");
        return v;
    };
    const std::size_t sep = text.find_first_of("xX,");
    if (sep == std::string::npos) {
        const int v = parseInt(text);
        return {v, v};
    }
    return {parseInt(text.substr(0, sep)), parseInt(text.substr(sep + 1))};
}

std::string pairText(const Pair& p) {
    return p.h == p.w ? std::to_string(p.h) : std::to_string(p.h) + "x" + std::to_string(p.w);
}

// -k: a preset name, else a file holding a matrix, else a matrix literal.
Tensor resolveKernel(const std::string& text, std::string& description) {
    if (isKernelPresetName(text)) {
        try {
            const KernelSpec spec = parseKernelSpec(text);
            description = formatKernelSpec(spec);
            return makeKernel(spec);
        } catch (const OpError& e) {
            throw BadInput(std::string("-k: ") + e.what());
        }
    }
    std::error_code ec;
    if (std::filesystem::is_regular_file(text, ec)) {
        const std::string contents = readTextFile(text);  // IoError: exit 1
        if (contents.find_first_not_of(" \t\r\n") == std::string::npos)
            throw BadInput("-k: the kernel file '" + text + "' is empty: write a matrix in it, such as \"1 2 1; 0 0 0; -1 -2 -1\".");
        try {
            description = "matrix from " + text;
            return parseMatrixText(contents);
        } catch (const MatrixTextError& e) {
            throw BadInput("-k: the kernel file '" + text + "' does not hold a matrix: " + e.what());
        }
    }
    try {
        description = "matrix literal";
        return parseMatrixText(text);
    } catch (const MatrixTextError& e) {
        std::string reason = e.what();
        if (!reason.empty() && reason.back() == '.') reason.pop_back();
        throw BadInput("-k \"" + text + "\": not a preset, not a file, and not a matrix literal (" + reason +
                       ").\n  Presets: " + kernelPresetSyntax() +
                       ".\n  Literals: \"1 2 1; 0 0 0; -1 -2 -1\", \"[[1,2,1],[0,0,0],[-1,-2,-1]]\", CSV rows.");
    }
}

void checkKernelShape(const Tensor& k) {
    if (k.rank() != 2)
        throw BadInput("-k: the kernel must be one kh x kw matrix (got " + shapeToString(k.shape()) + ")");
    const int kh = k.dim(0), kw = k.dim(1);
    if (kh > kMaxKernelSide || kw > kMaxKernelSide)
        throw BadInput("-k: the kernel is " + shapeToString(k.shape()) + "; each side must be at most " +
                       std::to_string(kMaxKernelSide));
    if (kh % 2 == 0 || kw % 2 == 0)
        throw BadInput("-k: the kernel is " + shapeToString(k.shape()) +
                       "; filter centres the kernel on each pixel, so each side must be odd (1, 3, ..., 31). "
                       "Tools disagree on where an even kernel's centre is (PyTorch 'same' vs SciPy/OpenCV), so "
                       "convscope does not guess: add a row or column of zeros where you want it.");
    for (float v : k.values())
        if (!std::isfinite(v)) throw BadInput("-k: the kernel holds a value that is not a finite number");
}

std::string channelsName(int channels) {
    switch (channels) {
        case 1: return "gray";
        case 2: return "gray+alpha";
        case 3: return "RGB";
        default: return "RGBA";
    }
}

std::string formatValue(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", static_cast<double>(v));
    return buf;
}

// The checks that need no kernel: -o, the pooling options.
void checkOutputAndPooling(const FilterOptions& o) {
    if (o.output.empty()) throw BadInput("-o OUT.png is required");
    // The output is always PNG: a .jpg name would hold PNG bytes.
    std::string ext = std::filesystem::path(o.output).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext != ".png") throw BadInput("-o must name a .png file (convscope filter writes PNG), got \"" + o.output + "\"");
    if (!o.pool.empty() && o.pool_size < 1) throw BadInput("--pool " + o.pool + " needs --pool-size N (N >= 1)");
    if (o.pool.empty() && (o.pool_size != 0 || o.pool_stride != 0))
        throw BadInput("--pool-size and --pool-stride need --pool max|avg|l2");
    if (o.pool_size < 0 || o.pool_stride < 0) throw BadInput("--pool-size and --pool-stride must be positive");
}

// Everything a user can get wrong, before any work: the pipeline request.
ImageFilterRequest filterRequest(const FilterOptions& o, std::string& kernel_description) {
    checkOutputAndPooling(o);
    const std::string kernel_text = o.kernel.empty() ? (o.pool.empty() ? "" : "identity") : o.kernel;
    if (kernel_text.empty()) throw BadInput("-k KERNEL is required (a preset, a matrix literal or a file)");
    ImageFilterRequest request;
    ImageFilterParams& params = request.filter;
    params.kernel = resolveKernel(kernel_text, kernel_description);
    checkKernelShape(params.kernel);
    if (o.normalize_kernel) {
        try {
            params.kernel = normalizeToSumOne(params.kernel);
        } catch (const OpError& e) {
            throw BadInput(std::string("--normalize-kernel: ") + e.what());
        }
    }
    params.convolve = o.op == "conv";
    const auto mode = parsePaddingMode(o.padding_mode);
    if (!mode) throw BadInput("--padding-mode must be " + paddingModeList());
    params.padding_mode = *mode;
    params.stride = parsePair(o.stride, "--stride");
    params.dilation = parsePair(o.dilation, "--dilation");
    const auto normalization = parseNormalization(o.normalize);
    if (!normalization) throw BadInput("--normalize must be clamp, abs or minmax");
    params.normalization = *normalization;
    // Rank-1 kernels run as two 1-D passes (kh + kw products instead of kh * kw)
    // unless --separable never asks for the direct 2-D sum. The two differ by
    // the factorisation's error plus a float rounding (README, "Separable
    // kernels"): sometimes the last float bit, and so a byte at a .5 tie.
    params.separable = o.separable == "never" ? SeparableMode::Never : SeparableMode::Auto;
    if (!parseLabChannel(o.channel, request.channel))
        throw BadInput("--channel must be all, R, G, B or gray (got \"" + o.channel + "\")");
    if (!o.pool.empty()) {
        request.pool = o.pool == "max" ? LabPool::Max : o.pool == "avg" ? LabPool::Avg : LabPool::L2;
        request.pool_size = o.pool_size;
        request.pool_stride = o.pool_stride > 0 ? o.pool_stride : o.pool_size;
    }
    return request;
}

// Plans and runs the image lab's pipeline (core/image_pipeline.h) on `image`.
ImageFilterOutput runPipeline(const Image& image, const ImageFilterRequest& request, ImageFilterEngine& filter,
                              Engine& engine, ImageFilterPlan& plan) {
    try {
        plan = planImageFilter(request, image.width, image.height, image.channels);
    } catch (const ImagePlanError& e) {
        throw BadInput((e.pooling ? std::string("--pool: ") : std::string()) + e.what());
    }
    try {
        return runImageFilter(image, plan, filter, engine);
    } catch (const OpError& e) {
        throw BadInput(e.what());
    }
}

// The line `filter` prints after writing.
std::string reportLine(const FilterOptions& o, const ImageFilterRequest& request, const ImageFilterPlan& plan,
                       const std::string& kernel_description, const Image& image, const Image& output, float lo,
                       float hi, const std::string& engine_name) {
    const ImageFilterParams& params = request.filter;
    std::ostringstream line;
    line << "wrote " << o.output << ": " << output.width << " x " << output.height << " "
         << channelsName(output.channels) << " from " << image.width << " x " << image.height << " "
         << channelsName(image.channels) << " (kernel " << kernel_description << " "
         << shapeToString(params.kernel.shape()) << ", " << o.op << ", " << o.padding_mode << " padding, stride "
         << pairText(params.stride) << ", dilation " << pairText(params.dilation);
    if (request.channel != LabChannel::All) line << ", channel " << labChannelName(request.channel);
    if (plan.pooling) line << ", " << o.pool << " pool " << request.pool_size << " stride " << request.pool_stride;
    line << ", " << o.normalize << ", " << engine_name << "; values before normalising: " << formatValue(lo) << " to "
         << formatValue(hi) << ")\n";
    return line.str();
}

int filterMain(const FilterOptions& o, std::ostream& out, std::ostream& err) {
    // 1. Options and kernel.
    std::string kernel_description;
    const ImageFilterRequest request = filterRequest(o, kernel_description);

    // 2. The engines; the GPU one may be missing on this machine (exit 1).
    // On the GPU one session (one headless context) serves the filter and the
    // pooling, so no second context is made current behind the first's back.
    std::unique_ptr<GpuSession> session;
    CpuEngine cpu_engine;
    CpuImageFilter cpu_filter;
    Engine* engine = &cpu_engine;
    ImageFilterEngine* filter = &cpu_filter;
    if (o.backend == "gpu") {
        std::string why;
        session = openGpuSession(why);
        if (!session) {
            err << "convscope filter: " << why << "\nUse --backend cpu (the exact reference) instead.\n";
            return kExitIo;
        }
        engine = session->engine.get();
        filter = &session->engine->imageFilter();
    }

    // 3. Load, plan, run, write.
    const Image image = loadImage(o.input);
    ImageFilterPlan plan;
    const ImageFilterOutput result = runPipeline(image, request, *filter, *engine, plan);
    // An infinite value has no byte: minmax turned every pixel black and the
    // run still said "wrote" (exit 0). Refuse it like compute does.
    if (!std::isfinite(result.lo) || !std::isfinite(result.hi))
        throw BadInput("the filtered values overflow a 32-bit float (" + formatValue(result.lo) + " to " +
                       formatValue(result.hi) + "); use a kernel with smaller values");
    const Image output = pipelineBytes(result, plan);
    writePngAtomic(o.output, output);
    out << reportLine(o, request, plan, kernel_description, image, output, result.lo, result.hi, filter->name());
    return 0;
}

}  // namespace

std::string filterHelpText() {
    return R"(What a pixel becomes (so anyone can check it with scipy.ndimage or OpenCV):
  1. The image is read as bytes. Colour channels (gray, or R G B) are filtered
     independently; alpha (gray+alpha, RGBA) is not filtered but copied from
     the input pixel each output pixel sits on. Values are the bytes 0..255 as
     floats: no gamma, no /255.
  2. KERNEL is kh x kw, both sides odd (1..31; even sizes are refused). With
     --op xcorr (default) it is slid as given (cross-correlation: PyTorch
     conv2d, scipy.ndimage.correlate, cv2.filter2D); with --op conv it is first
     flipped on both axes (true convolution: scipy.ndimage.convolve).
       out[c][oy][ox] = sum_i sum_j K[i][j] * P_c(oy*sy + (i - kh/2)*dy,
                                                  ox*sx + (j - kw/2)*dx)
     (integer division; K in float32), summed in double in the order i, j,
     then rounded to float32 once (197.4999999 becomes 197.5). P_c is
     channel c extended past the border by --padding-mode: zeros (0), reflect (mirror, edge not repeated:
     scipy 'mirror', cv2 BORDER_REFLECT_101), replicate (edge repeated: scipy
     'nearest', cv2 BORDER_REPLICATE), circular (wrap: scipy 'wrap').
     Output size: ceil(W / sx) x ceil(H / sy): stride 1 keeps the image size,
     output pixel (ox, oy) sits on input pixel (ox*sx, oy*sy). With dilation
     1 this is scipy.ndimage.correlate(channel.astype(float), K, mode=...)
     [::sy, ::sx] (then rounded as below).
     A rank-1 kernel (box, Gaussian, Sobel, ...: K = c r^T) runs as two 1-D
     passes in double (columns with c, then rows with r), rounded to float32
     once; it differs from the sum above by at most 255 * sum|K - c r^T| plus
     one float32 rounding (0 for exact factors such as Sobel's or a box's).
     --separable never always takes the kh x kw sum.
     --channel R|G|B keeps one colour channel (a gray image, alpha kept);
     --channel gray filters gray = round(0.299 R + 0.587 G + 0.114 B) (half
     away from zero), the mix taken before filtering: the image lab's views.
  3. --pool max|avg|l2 --pool-size N [--pool-stride S, default N] then pools
     the float values of step 2 per channel like torch max_pool2d /
     avg_pool2d / lp_pool2d(norm 2: sqrt of the sum of squares), no padding,
     floor: output floor((n - N) / S) + 1; computed in double, rounded to
     float32. Alpha is taken from each window's
     first (top-left) pixel. -k defaults to identity when --pool is given.
  4. --normalize turns each value v into a byte:
       clamp (default): clamp(round(v), 0, 255)
       abs:             clamp(round(|v|), 0, 255)
       minmax:          round((v - lo) * 255 / (hi - lo)), lo and hi the
                        smallest and largest value over all colour channels
                        together (hi == lo gives 0)
     where round is half away from zero (12.5 -> 13); NaN -> 0.
  5. The PNG is written to a temporary file next to OUT and renamed over it:
     OUT is never left half-written.
Kernel (-k): a preset, a file holding a matrix, or a matrix literal.
  Presets (sizes odd, 1..31): )" + kernelPresetSyntax() + R"(.
  Literals: "1 2 1; 0 0 0; -1 -2 -1", "[[1,2,1],[0,0,0],[-1,-2,-1]]", CSV rows.
  --normalize-kernel divides the kernel by its sum (a blur keeps brightness).
Exit status: 0 written; 2 bad input (not an image, truncated, over 16384 px
  per side or 2^26 pixels, a kernel that does not parse or is even-sized, bad
  options); 1 a file could not be read or written, or no GPU engine.
Examples:
  convscope filter assets/images/camera.png -k sobel-x --normalize abs -o edges.png
  convscope filter photo.jpg -k gaussian:9:2 --padding-mode reflect -o soft.png
  convscope filter photo.png -k "0 -1 0; -1 5 -1; 0 -1 0" --op conv -o sharp.png
  convscope filter photo.png --pool max --pool-size 4 -o small.png)";
}

CLI::App* addFilterCommand(CLI::App& app, FilterOptions& o) {
    auto* cmd = app.add_subcommand("filter", "Filter an image with a kernel (and pool it), write a PNG");
    cmd->add_option("input", o.input, "image to read: PNG, JPEG, BMP, TGA, GIF (first frame), PSD, PNM")
        ->required();
    cmd->add_option("-k,--kernel", o.kernel, "preset (sobel-x, gaussian:5:1.2, ...), matrix literal, or file");
    cmd->add_option("-o,--output", o.output, "PNG to write (atomically)")->required();
    cmd->add_option("--op", o.op, "xcorr (kernel as given, default) or conv (kernel flipped)")
        ->check(CLI::IsMember({"xcorr", "conv"}));
    std::vector<std::string> pad_names;
    for (const PaddingModeInfo& mode : allPaddingModes()) pad_names.emplace_back(mode.name);
    cmd->add_option("--padding-mode", o.padding_mode, paddingModeList() + " (default zeros)")
        ->check(CLI::IsMember(pad_names));
    cmd->add_option("--stride", o.stride, "N or HxW (default 1)");
    cmd->add_option("--dilation", o.dilation, "N or HxW (default 1)");
    cmd->add_option("--normalize", o.normalize, "clamp (default), abs or minmax")
        ->check(CLI::IsMember({"clamp", "abs", "minmax"}));
    cmd->add_option("--channel", o.channel,
                    "all (default: each colour channel), R, G, B, or gray (the rounded 0.299 R + 0.587 G + "
                    "0.114 B, taken before filtering): the image lab's channel views");
    cmd->add_flag("--normalize-kernel", o.normalize_kernel, "divide the kernel by its sum first");
    cmd->add_option("--pool", o.pool, "max, avg or l2, after the filter")->check(CLI::IsMember({"max", "avg", "l2"}));
    // 0 would silently mean "the default": refuse it where it is typed.
    cmd->add_option("--pool-size", o.pool_size, "pooling window N x N")->check(CLI::PositiveNumber);
    cmd->add_option("--pool-stride", o.pool_stride, "pooling stride (default: the window size)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--backend", o.backend, "cpu (exact reference, default) or gpu (compute shaders)")
        ->check(CLI::IsMember({"cpu", "gpu"}));
    cmd->add_option("--separable", o.separable,
                    "auto (default: a rank-1 kernel as two 1-D passes) or never (always the kh x kw sum)")
        ->check(CLI::IsMember({"auto", "never"}));
    cmd->footer(filterHelpText());
    return cmd;
}

Tensor filterKernel(const std::string& text, std::string& description) {
    Tensor k = resolveKernel(text, description);
    checkKernelShape(k);
    return k;
}

int runFilter(const FilterOptions& options, std::ostream& out, std::ostream& err) {
    try {
        return filterMain(options, out, err);
    } catch (const BadInput& e) {
        err << "convscope filter: " << e.what() << "\n";
        return kExitBadInput;
    } catch (const ImageFormatError& e) {
        err << "convscope filter: " << e.what() << "\n";
        return kExitBadInput;
    } catch (const IoError& e) {
        err << "convscope filter: " << e.what() << "\n";
        return kExitIo;
    } catch (const OpError& e) {
        err << "convscope filter: " << e.what() << "\n";
        return kExitBadInput;
    } catch (const std::bad_alloc&) {
        err << "convscope filter: not enough memory for this image.\n";
        return kExitIo;
    }
}

}  // namespace cs
