// Shared by every compute shader: the two parameter blocks and small helpers.
// The blocks are mirrored field for field by src/gpu/gpu_layouts.h (OpBlock,
// ImageBlock), checked there with static_assert on size and offsets, and in
// tests/gpu against the offsets the driver reports. std140 packs scalars
// tightly, so each block is plain 4-byte fields in groups of four.

layout(std140, binding = 0) uniform OpBlock {
    int channels;        // input C x H x W (a 1-D signal: 1 x 1 x n)
    int height;
    int width;
    int depthwise;       // 1: a kh x kw kernel applied to each channel
    int out_channels;
    int out_height;
    int out_width;
    int kernel_channels;
    int kernel_h;        // kernel or pooling window
    int kernel_w;
    int stride_h;
    int stride_w;
    int pad_h;
    int pad_w;
    int dilation_h;
    int dilation_w;
    int eff_kernel_h;    // dilation * (k - 1) + 1
    int eff_kernel_w;
    int has_bias;
    int count_include_pad;
    int op_kind;         // OpKind's value (kOp* below)
    int lp_int_power;    // lppool2d: norm_type when it is a whole number, else -1
    int lp_int_root;     // lppool2d: 1 / norm_type when it is a whole number, else -1
    int window_area;     // kernel_h * kernel_w
    float norm_type;
    float inv_norm_type;
    int output_count;    // elements of the output
    int first_lag;       // 1-D: the shift of output 0
    int len_f;           // 1-D: length of f
    int len_g;           // 1-D: length of g (f for autocorrelation)
    int rows_len;        // correlate2d: entries of the row / column source tables
    int cols_len;
} op;

layout(std140, binding = 1) uniform ImageBlock {
    int width;           // source image
    int height;
    int channels;        // bytes per pixel (1..4)
    int color_channels;  // filtered planes (1 or 3)
    int out_width;
    int out_height;
    int kernel_h;
    int kernel_w;
    int stride_h;
    int stride_w;
    int dilation_h;
    int dilation_w;
    int pad_top;         // padded planes: row 0 is image row -pad_top
    int pad_left;
    int padded_h;
    int padded_w;
    int padding_mode;    // PaddingMode's value (for logs: the shaders read pad_sources tables)
    int normalization;   // Normalization's value
    int alpha_channel;   // byte index of alpha within a pixel, -1 when none
    int word_count;      // 32-bit words of the packed 8-bit output
    int pass_axis;       // separable pass: 0 down the columns, 1 along the rows
    int element_count;   // elements the dispatch covers
    int tap_offset;      // separable pass: first tap in the taps buffer
    int taps;            // separable pass: number of taps
} img;

const int kOpXCorr2d = 0;
const int kOpConv2d = 1;
const int kOpAutoCorr2d = 2;
const int kOpMaxPool2d = 3;
const int kOpAvgPool2d = 4;
const int kOpLpPool2d = 5;
const int kOpGlobalAvgPool = 6;
const int kOpGlobalMaxPool = 7;
const int kOpConv1d = 8;
const int kOpXCorr1d = 9;
const int kOpAutoCorr1d = 10;
const int kOpRelu = 11;
const int kOpSoftmax = 12;
const int kOpFlatten = 13;
const int kOpBatchNorm2d = 14;
const int kOpLinear = 15;
const int kOpConvTranspose2d = 16;  // runs as a correlation over the zero-inserted grid (correlate2d.comp)

const int kNormClamp = 0;
const int kNormAbs = 1;
const int kNormMinMax = 2;

// One invocation per output: 64 invocations per work group, groups laid out on
// a 2-D grid (x at most 65535) so any count up to 2^24 fits one dispatch.
// Shaders that use it declare layout(local_size_x = 64) in.
#define LINEAR_INDEX() int((gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 64u + gl_LocalInvocationIndex)

// Row-major grids for the image path: 64 invocations along x per work group,
// one group row per y, one group layer per z (channel). No integer division,
// which software renderers execute one lane at a time.
#define GRID_X() int(gl_GlobalInvocationID.x)
#define GRID_Y() int(gl_WorkGroupID.y)
#define GRID_Z() int(gl_WorkGroupID.z)

// a / b and a % b for 0 <= a < 2^26, 0 < b, through float division plus
// corrections: vectorises where integer division does not.
ivec2 divMod(int a, int b) {
    int q = int(float(a) / float(b));
    int r = a - q * b;
    for (int i = 0; i < 2; ++i) {
        if (r < 0) {
            --q;
            r += b;
        } else if (r >= b) {
            ++q;
            r -= b;
        }
    }
    return ivec2(q, r);
}

float negativeInfinity() { return uintBitsToFloat(0xff800000u); }
float quietNaN() { return uintBitsToFloat(0x7fc00000u); }

// i mod n for any sign of i (GLSL's % is undefined for negative operands).
int positiveMod(int i, int n) { return i >= 0 ? i % n : (n - 1) - ((-i - 1) % n); }

// Floats as unsigned integers that sort the same way, for atomicMin/atomicMax.
uint floatKey(float f) {
    uint b = floatBitsToUint(f);
    return (b & 0x80000000u) != 0u ? ~b : (b | 0x80000000u);
}
float keyFloat(uint k) { return uintBitsToFloat((k & 0x80000000u) != 0u ? (k & 0x7fffffffu) : ~k); }
