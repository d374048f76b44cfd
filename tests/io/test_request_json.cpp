// Every invalid request the compute contract names, with the message it must
// produce (a substring), one CTest entry each; and the parser's happy paths.
#include <gtest/gtest.h>

#include <cstring>

#include "core/engine.h"
#include "io/request_json.h"

namespace cs {
namespace {

struct BadRequest {
    const char* name;
    std::string json;
    const char* message;  // must appear in the error
};

std::string deepJson(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }

std::string hugeInput() {
    // 4097 x 4097 > 2^24 elements, written compactly.
    std::string row = "[";
    for (int i = 0; i < 4097; ++i) row += i ? ",0" : "0";
    row += "]";
    std::string s = R"({"op":"globalavgpool","input":[)";
    for (int i = 0; i < 4097; ++i) s += (i ? "," : "") + row;
    return s + "]}";
}

const char* kSeedIn = R"("input":[[1,0,1,0],[0,1,0,1],[1,0,1,0],[0,1,0,1]])";

std::string seedWith(const std::string& extra) {
    return std::string(R"({"op":"xcorr2d",)") + kSeedIn + R"(,"kernel":[[1,1,1],[0,0,0],[1,1,1]])" + extra + "}";
}

void PrintTo(const BadRequest& b, std::ostream* os) { *os << b.name; }

class InvalidRequests : public ::testing::TestWithParam<BadRequest> {};

TEST_P(InvalidRequests, ClearMessage) {
    const BadRequest& b = GetParam();
    try {
        const OpRequest r = parseRequest(b.json);
        (void)computeReference(r);
        FAIL() << "accepted: " << b.json.substr(0, 200);
    } catch (const OpError& e) {
        EXPECT_NE(std::string(e.what()).find(b.message), std::string::npos) << "message was: " << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Contract, InvalidRequests,
    ::testing::Values(
        BadRequest{"unknown_op", R"({"op":"convolve","input":[[1]]})", "unknown op \"convolve\""},
        BadRequest{"missing_op", R"({"input":[[1]]})", "no \"op\" field"},
        BadRequest{"unknown_field_typo", seedWith(R"(,"strides":2)"), "unknown field \"strides\" for xcorr2d (did you mean \"stride\"?)"},
        BadRequest{"field_of_other_op", seedWith(R"(,"ceil_mode":true)"), "unknown field \"ceil_mode\""},
        BadRequest{"ragged_rows", R"({"op":"maxpool2d","input":[[1,2],[3]],"kernel_size":1})", "ragged"},
        BadRequest{"ragged_depth", R"({"op":"maxpool2d","input":[[1,2],3],"kernel_size":1})", "ragged"},
        BadRequest{"empty_input", R"({"op":"maxpool2d","input":[],"kernel_size":1})", "empty list"},
        BadRequest{"empty_row", R"({"op":"maxpool2d","input":[[]],"kernel_size":1})", "empty list"},
        BadRequest{"string_in_input", R"({"op":"maxpool2d","input":[[1,"2"]],"kernel_size":1})", "must be a number, not the text \"2\""},
        BadRequest{"bool_in_input", R"({"op":"maxpool2d","input":[[1,true]],"kernel_size":1})", "must be a number, not the boolean true"},
        BadRequest{"null_in_input", R"({"op":"maxpool2d","input":[[1,null]],"kernel_size":1})", "must be a number, not null"},
        BadRequest{"nonfinite_number", R"({"op":"maxpool2d","input":[[1,1e999]],"kernel_size":1})", "not a finite number"},
        BadRequest{"float_overflow", R"({"op":"maxpool2d","input":[[1,1e300]],"kernel_size":1})", "too large for a 32-bit float"},
        BadRequest{"string_stride", seedWith(R"(,"stride":"2")"), "\"stride\" must be a whole number, not the text"},
        BadRequest{"fractional_stride", seedWith(R"(,"stride":1.5)"), "must be a whole number (got 1.5)"},
        BadRequest{"stride_zero", seedWith(R"(,"stride":0)"), "stride must be at least 1"},
        BadRequest{"dilation_zero", seedWith(R"(,"dilation":[1,0])"), "dilation must be at least 1"},
        BadRequest{"negative_padding", seedWith(R"(,"padding":-1)"), "padding cannot be negative"},
        BadRequest{"pair_of_three", seedWith(R"(,"padding":[1,1,1])"), "a pair [h, w]"},
        BadRequest{"window_too_large", R"({"op":"xcorr2d","input":[[1,2],[3,4]],"kernel":[[1,1,1],[1,1,1],[1,1,1]]})", "no window fits"},
        BadRequest{"dilated_window_too_large", seedWith(R"(,"dilation":3)"), "(3 taps, dilation 3)"},
        BadRequest{"reflect_too_wide", seedWith(R"(,"padding":4,"padding_mode":"reflect")"), "reflect padding must be smaller than the input side"},
        BadRequest{"circular_too_wide", seedWith(R"(,"padding":5,"padding_mode":"circular")"), "wrap around more than once"},
        BadRequest{"unknown_padding_mode", seedWith(R"(,"padding_mode":"mirror")"), "zeros, reflect, replicate or circular"},
        BadRequest{"channel_mismatch", R"({"op":"xcorr2d","input":[[[1,2],[3,4]],[[1,2],[3,4]]],"kernel":[[[[1]]]]})", "kernel has 1 channel(s) but the input has 2"},
        BadRequest{"bias_wrong_length", R"({"op":"xcorr2d","input":[[1,2],[3,4]],"kernel":[[[[1]]],[[[2]]]],"bias":[1,2,3]})", "bias has 3 value(s) but there are 2 output channel(s)"},
        BadRequest{"plain_kernel_two_biases", R"({"op":"xcorr2d","input":[[1,2],[3,4]],"kernel":[[1]],"bias":[1,2]})", "a plain kh x kw kernel is one filter: give one bias"},
        BadRequest{"pool_padding_over_half", R"({"op":"maxpool2d","input":[[1,2],[3,4]],"kernel_size":2,"padding":2})", "at most half the window"},
        BadRequest{"pool_missing_kernel_size", R"({"op":"avgpool2d","input":[[1,2],[3,4]]})", "avgpool2d needs \"kernel_size\""},
        BadRequest{"lp_bad_norm", R"({"op":"lppool2d","input":[[1,2],[3,4]],"kernel_size":2,"norm_type":-1})", "norm_type must be a positive number"},
        BadRequest{"bad_mode_1d", R"({"op":"conv1d","f":[1,2],"g":[1],"mode":"middle"})", "\"full\", \"same\" or \"valid\""},
        BadRequest{"one_d_matrix", R"({"op":"conv1d","f":[[1,2]],"g":[1]})", "nested 2 deep"},
        BadRequest{"input_rank_four", R"({"op":"maxpool2d","input":[[[[1]]]],"kernel_size":1})", "nested 4 deep"},
        BadRequest{"too_many_elements", hugeInput(), "the limit"},
        BadRequest{"nested_thousands_deep", deepJson(5000), "levels deep"},
        BadRequest{"not_json", "this is not json", "not valid JSON"},
        BadRequest{"truncated_json", R"({"op":"xcorr2d","input":[[1,2])", "not valid JSON"},
        BadRequest{"not_an_object", "[1,2,3]", "must be a JSON object"},
        BadRequest{"ceil_mode_not_bool", R"({"op":"maxpool2d","input":[[1,2],[3,4]],"kernel_size":2,"ceil_mode":1})", "must be true or false"},
        // Layer ops (issue 10).
        BadRequest{"softmax_dim_out_of_range", R"({"op":"softmax","input":[[1,2],[3,4]],"dim":2})", "dim 2 is out of range for a rank-2 input: it must be in [-2, 1]"},
        BadRequest{"softmax_negative_dim_out_of_range", R"({"op":"softmax","input":[1,2],"dim":-2})", "dim -2 is out of range for a rank-1 input"},
        BadRequest{"softmax_rank_three", R"({"op":"softmax","input":[[[1]]]})", "softmax takes a vector [n] or a matrix N x n; the input has rank 3"},
        BadRequest{"flatten_start_dim_out_of_range", R"({"op":"flatten","input":[[1,2]],"start_dim":2})", "start_dim 2 is out of range"},
        BadRequest{"flatten_end_dim_out_of_range", R"({"op":"flatten","input":[[1,2]],"end_dim":-3})", "end_dim -3 is out of range"},
        BadRequest{"flatten_start_after_end", R"({"op":"flatten","input":[[[1,2]]],"start_dim":2,"end_dim":1})", "start_dim (2, axis 2) comes after end_dim (1, axis 1)"},
        BadRequest{"flatten_start_after_negative_end", R"({"op":"flatten","input":[[[1,2]]],"start_dim":-1,"end_dim":-2})", "comes after end_dim"},
        BadRequest{"layer_empty_input", R"({"op":"relu","input":[]})", "empty list"},
        BadRequest{"layer_ragged_input", R"({"op":"relu","input":[[1,2],[3]]})", "ragged"},
        BadRequest{"layer_text_in_input", R"({"op":"softmax","input":[1,"2"]})", "must be a number, not the text \"2\""},
        BadRequest{"relu_rank_five", R"({"op":"relu","input":[[[[[1]]]]]})", "nested 5 deep"},
        BadRequest{"relu_inplace", R"({"op":"relu","input":[1],"inplace":true})", "unknown field \"inplace\" for relu"},
        BadRequest{"softmax_dim_typo", R"({"op":"softmax","input":[1],"dims":0})", "(did you mean \"dim\"?)"},
        BadRequest{"dim_not_whole", R"({"op":"softmax","input":[1],"dim":0.5})", "\"dim\" must be a whole number"},
        BadRequest{"batchnorm_weight_wrong_length", R"({"op":"batchnorm2d","input":[[[1,2]],[[3,4]]],"weight":[1,2,3]})", "weight has 3 value(s) but the input has channels: 2"},
        BadRequest{"batchnorm_bias_wrong_length", R"({"op":"batchnorm2d","input":[[[1,2]]],"bias":[1,2]})", "bias has 2 value(s) but the input has channels: 1"},
        BadRequest{"batchnorm_mean_wrong_length", R"({"op":"batchnorm2d","input":[[[1,2]]],"running_mean":[0,0]})", "running_mean has 2 value(s)"},
        BadRequest{"batchnorm_var_wrong_length", R"({"op":"batchnorm2d","input":[[[1,2]]],"running_var":[1,1]})", "running_var has 2 value(s)"},
        BadRequest{"batchnorm_negative_var", R"({"op":"batchnorm2d","input":[[[1,2]]],"running_var":[-0.5]})", "running_var[0] is negative (-0.5)"},
        BadRequest{"batchnorm_eps_zero", R"({"op":"batchnorm2d","input":[[[1,2]]],"eps":0})", "eps must be above 0 (got 0)"},
        BadRequest{"batchnorm_eps_negative", R"({"op":"batchnorm2d","input":[[[1,2]]],"eps":-1e-5})", "eps must be above 0"},
        BadRequest{"batchnorm_training_one_value", R"({"op":"batchnorm2d","input":[[[1]],[[2]]],"training":true})", "training mode needs more than one value per channel"},
        BadRequest{"batchnorm_training_not_bool", R"({"op":"batchnorm2d","input":[[[1]]],"training":"yes"})", "\"training\" must be true or false"},
        BadRequest{"batchnorm_2d_input", R"({"op":"batchnorm2d","input":[[1,2],[3,4]]})", "batchnorm2d takes C x H x W or N x C x H x W"},
        BadRequest{"batchnorm_matrix_weight", R"({"op":"batchnorm2d","input":[[[1,2]]],"weight":[[1]]})", "weight of batchnorm2d must be a flat list"},
        BadRequest{"batchnorm_momentum_text", R"({"op":"batchnorm2d","input":[[[1,2]]],"momentum":"0.1"})", "\"momentum\" must be a number"},
        BadRequest{"linear_1d_weight", R"({"op":"linear","input":[1,2],"weight":[1,2]})", "weight of linear must be a matrix out x in"},
        BadRequest{"linear_missing_weight", R"({"op":"linear","input":[1,2]})", "linear needs \"weight\""},
        BadRequest{"linear_length_mismatch", R"({"op":"linear","input":[1,2,3],"weight":[[1,2]]})", "the input has 3 value(s) per row but weight is 1 x 2"},
        BadRequest{"linear_bias_wrong_length", R"({"op":"linear","input":[1,2],"weight":[[1,2]],"bias":[1,2]})", "bias has 2 value(s) but weight has rows (outputs): 1"},
        BadRequest{"linear_rank_three", R"({"op":"linear","input":[[[1]]],"weight":[[1]]})", "linear takes a vector [in] or a batch N x in"}),
    [](const auto& info) { return std::string(info.param.name); });

const char* kTransposedIn = R"({"op":"conv_transpose2d","input":[[1,2],[3,4]],"kernel":[[1,1,1],[1,1,1],[1,1,1]]})";
std::string transposedWith(const std::string& extra) { return std::string(kTransposedIn).insert(std::strlen(kTransposedIn) - 1, extra); }

// conv_transpose2d, groups and padding "same" / "valid" (issue 13).
INSTANTIATE_TEST_SUITE_P(
    ConvExtras, InvalidRequests,
    ::testing::Values(
        BadRequest{"transposed_output_padding_too_big", transposedWith(R"(,"stride":2,"output_padding":2)"), "output_padding must be smaller than either stride or dilation"},
        BadRequest{"transposed_output_padding_negative", transposedWith(R"(,"output_padding":-1)"), "output_padding cannot be negative"},
        BadRequest{"transposed_negative_stride", transposedWith(R"(,"stride":-2)"), "stride must be at least 1"},
        BadRequest{"transposed_negative_padding", transposedWith(R"(,"padding":[0,-1])"), "padding cannot be negative"},
        BadRequest{"transposed_no_output", transposedWith(R"(,"padding":3)"), "the output would have no rows"},
        BadRequest{"transposed_channel_mismatch", R"({"op":"conv_transpose2d","input":[[[1]],[[2]]],"kernel":[[[[1]]]]})", "the kernel's first axis has 1 entries but the input has 2 channel(s)"},
        BadRequest{"transposed_rank3_kernel", R"({"op":"conv_transpose2d","input":[[1]],"kernel":[[[1]]]})", "C_in x C_out/groups x kh x kw"},
        BadRequest{"transposed_padding_mode", transposedWith(R"(,"padding_mode":"reflect")"), "unknown field \"padding_mode\" for conv_transpose2d"},
        BadRequest{"transposed_same", transposedWith(R"(,"padding":"same")"), "is a number or a pair [h, w], not the text \"same\""},
        BadRequest{"transposed_typo", transposedWith(R"(,"output_pading":1)"), "(did you mean \"output_padding\"?)"},
        BadRequest{"transposed_bias_wrong_length", transposedWith(R"(,"bias":[1,2])"), "a plain kh x kw kernel is one filter"},
        BadRequest{"groups_not_dividing", R"({"op":"xcorr2d","input":[[[1]],[[2]],[[3]]],"kernel":[[[[1]]],[[[1]]],[[[1]]]],"groups":2})", "groups 2 does not divide the input's 3 channel(s)"},
        BadRequest{"groups_zero", R"({"op":"conv2d","input":[[[1]],[[2]]],"kernel":[[[[1]]]],"groups":0})", "groups must be at least 1"},
        BadRequest{"groups_not_whole", seedWith(R"(,"groups":1.5)"), "\"groups\" must be a whole number"},
        BadRequest{"groups_zero_on_plain_kernel", R"({"op":"xcorr2d","input":[[1,2],[3,4]],"kernel":[[1]],"groups":0})", "groups must be at least 1 (got 0)"},
        BadRequest{"groups_on_plain_kernel", R"({"op":"xcorr2d","input":[[[1]],[[2]],[[3]]],"kernel":[[1]],"groups":2})", "groups 2 needs a kernel bank"},
        BadRequest{"same_with_stride", seedWith(R"(,"padding":"same","stride":2)"), "padding=\"same\" needs stride 1 (got 2)"},
        BadRequest{"unknown_padding_word", seedWith(R"(,"padding":"full")"), "\"padding\" must be a number, a pair [h, w], \"same\" or \"valid\" (got \"full\")"},
        BadRequest{"same_reflect_too_wide", R"({"op":"xcorr2d","input":[[1,2]],"kernel":[[1,1],[1,1]],"padding":"same","padding_mode":"reflect"})", "reflect padding=\"same\" needs 1 x 1 cells after a 1 x 2 input"},
        BadRequest{"groups_on_pooling", R"({"op":"maxpool2d","input":[[1,2],[3,4]],"kernel_size":2,"groups":2})", "unknown field \"groups\" for maxpool2d"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(RequestJson, ParsesTheConvExtras) {
    const OpRequest t = parseRequest(transposedWith(R"(,"stride":[2,3],"output_padding":[1,2],"groups":1)"));
    EXPECT_EQ(t.params.op, OpKind::ConvTranspose2d);
    EXPECT_EQ(t.params.window.stride, (Pair{2, 3}));
    EXPECT_EQ(t.params.transposed.output_padding, (Pair{1, 2}));
    EXPECT_EQ(parseRequest(seedWith(R"(,"padding":"same")")).params.correlation.padding_rule, PaddingRule::Same);
    EXPECT_EQ(parseRequest(seedWith(R"(,"padding":"valid")")).params.correlation.padding_rule, PaddingRule::Valid);
    EXPECT_EQ(parseRequest(seedWith(R"(,"groups":1)")).params.correlation.groups, 1);
    EXPECT_EQ(parseRequest(seedWith(R"(,"padding":1)")).params.correlation.padding_rule, PaddingRule::Explicit);
}

TEST(RequestJson, ParsesPairsDefaultsAndModes) {
    const OpRequest r = parseRequest(R"({"op":"maxpool2d","input":[[1,2,3],[4,5,6]],"kernel_size":[1,2]})");
    EXPECT_EQ(r.params.pool.kernel_size, (Pair{1, 2}));
    EXPECT_EQ(r.params.window.stride, (Pair{1, 2}));  // defaults to kernel_size
    EXPECT_EQ(r.input.shape(), (std::vector<int>{2, 3}));
    const OpRequest c = parseRequest(seedWith(R"(,"padding":1,"stride":[2,1],"padding_mode":"circular")"));
    EXPECT_EQ(c.params.window.stride, (Pair{2, 1}));
    EXPECT_EQ(c.params.correlation.padding_mode, PaddingMode::Circular);
}

TEST(RequestJson, FormatsShortestFloats) {
    EXPECT_EQ(formatResult(Tensor({2, 2}, {1, 2.5f, 0.1f, -0.f})), R"({"shape": [2, 2], "output": [[1, 2.5], [0.1, 0]]})");
    EXPECT_EQ(formatError("bad \"x\""), R"({"error":"bad \"x\""})");
}

TEST(RequestJson, NestingDepthIgnoresStrings) {
    EXPECT_EQ(jsonNestingDepth(R"({"a":"[[[[","b":[1]})"), 2);
}

TEST(RequestJson, ItemBoundCountsOutsideStrings) {
    EXPECT_EQ(jsonItemBound(R"({"a":"[,,{","b":[1,2,[3]]})"), 7u);  // { , [ , , [ and one
}

// A request of more numbers than any operand may hold is refused from a scan
// of its text, before nlohmann builds a node per number (a 200 MB request
// took 4 GB and over 25 s to be refused after parsing).
TEST(RequestJson, TooManyNumbersAreRefusedBeforeParsing) {
    std::string text = R"({"op":"relu","input":[0)";
    text.reserve(2 * kMaxJsonItems + 64);
    for (std::size_t i = 0; i < kMaxJsonItems; ++i) text += ",0";
    text += "]}";
    try {
        (void)parseRequest(text);
        FAIL() << "accepted";
    } catch (const OpError& e) {
        EXPECT_NE(std::string(e.what()).find("refused before it is read"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace cs
