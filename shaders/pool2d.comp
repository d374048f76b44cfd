#version 430
// maxpool2d, avgpool2d, lppool2d: one invocation per output. Windows are
// clipped exactly as core/reference.cpp's poolSpan (PyTorch's kernels), sums
// in double; lppool2d keeps PyTorch's partial-window quirk (mean over the
// clipped window times the full window area).
#include "common.glsl"

layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer InputBuffer { float in_data[]; };
layout(std430, binding = 5) writeonly buffer OutputBuffer { float out_data[]; };

struct Span {
    int start;         // first real input position, stepping by dilation
    int end;           // one past the last
    int padded_count;  // window length inside the padded input (avg divisor)
};

Span poolSpan(int o, int stride, int pad, int eff_kernel, int n, int dilation) {
    int start = o * stride - pad;
    Span s;
    s.padded_count = min(start + eff_kernel, n + pad) - start;
    s.end = min(start + eff_kernel, n);
    if (start < 0) start += ((-start + dilation - 1) / dilation) * dilation;
    s.start = start;
    return s;
}

double quietNaND() { return double(quietNaN()); }

// x^n for a whole n >= 0 by squaring: exact for n = 1, 2 (what std::pow gives).
double powWhole(double x, int n) {
    double result = 1.0LF;
    double base = x;
    for (int e = n; e > 0; e >>= 1) {
        if ((e & 1) != 0) result *= base;
        if (e > 1) base *= base;
    }
    return result;
}

// x^e for x > 0 at float precision, also where x or the result is outside
// float's range (a window's sum of x^100 is, in double): x = m * 2^k with m in
// [0.5, 1), x^e = m^e * 2^(k*e), the power of two split into a float fraction
// and a whole part applied with ldexp in double.
// Inside float's normal range it is plain float pow (what the fixtures pin).
double powScaled(double x, float e) {
    const double kFloatMin = 1.1754943508222875e-38LF, kFloatMax = 3.4028234663852886e38LF;
    if (isnan(x) || isinf(x)) return pow(float(x), e);
    if (x >= kFloatMin && x <= kFloatMax) {
        float r = pow(float(x), e);
        if (!isinf(r) && abs(r) >= float(kFloatMin)) return double(r);
    }
    int k;
    double m = frexp(x, k);
    double t = double(k) * double(e);
    double q = floor(t);
    double y = double(pow(float(m), e) * exp2(float(t - q)));
    return ldexp(y, int(clamp(q, -4096.0LF, 4096.0LF)));
}

// std::pow's rules: a negative base needs a whole exponent, else NaN.
double powLike(double x, int whole, float exponent) {
    if (whole >= 0) return powWhole(x, whole);
    if (x < 0.0LF) return quietNaND();
    if (x == 0.0LF) return 0.0LF;
    return powScaled(x, exponent);
}

// x^(1/n) for a whole n >= 2 and x >= 0: sqrt for n = 2 (correctly rounded in
// double), else powScaled polished by two Newton steps in double, so the
// result rounds to the same float as the reference's std::pow.
double rootWhole(double x, int n) {
    if (x == 0.0LF) return 0.0LF;
    if (n == 2) return sqrt(x);
    double y = powScaled(x, 1.0 / float(n));
    if (isinf(y) || y == 0.0LF) return y;
    for (int i = 0; i < 2; ++i) y -= (powWhole(y, n) - x) / (double(n) * powWhole(y, n - 1));
    return y;
}

void main() {
    int idx = LINEAR_INDEX();
    if (idx >= op.output_count) return;
    int ox = idx % op.out_width;
    int rest = idx / op.out_width;
    int oy = rest % op.out_height;
    int c = rest / op.out_height;
    Span sy = poolSpan(oy, op.stride_h, op.pad_h, op.eff_kernel_h, op.height, op.dilation_h);
    Span sx = poolSpan(ox, op.stride_w, op.pad_w, op.eff_kernel_w, op.width, op.dilation_w);
    int base = c * op.height * op.width;
    if (op.op_kind == kOpMaxPool2d) {
        float acc = negativeInfinity();
        for (int y = sy.start; y < sy.end; y += op.dilation_h)
            for (int x = sx.start; x < sx.end; x += op.dilation_w) {
                float v = in_data[base + y * op.width + x];
                acc = (v > acc || isnan(v)) ? v : acc;
            }
        out_data[idx] = acc;
        return;
    }
    double acc = 0.0LF;
    int count = 0;
    bool lp = op.op_kind == kOpLpPool2d;
    for (int y = sy.start; y < sy.end; y += op.dilation_h)
        for (int x = sx.start; x < sx.end; x += op.dilation_w) {
            double v = double(in_data[base + y * op.width + x]);
            acc += lp ? powLike(v, op.lp_int_power, op.norm_type) : v;
            ++count;
        }
    double result;
    if (!lp) {
        int divisor = op.count_include_pad != 0 ? sy.padded_count * sx.padded_count : count;
        result = acc / double(divisor);
    } else {
        double mean = acc / double(sy.padded_count * sx.padded_count);
        double base = mean * double(op.window_area);
        if (op.lp_int_root < 0 && op.lp_int_power >= 2)
            result = base < 0.0LF ? quietNaND() : rootWhole(base, op.lp_int_power);
        else
            result = powLike(base, op.lp_int_root, op.inv_norm_type);
    }
    out_data[idx] = float(result);
}
