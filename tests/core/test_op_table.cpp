// The op and padding-mode tables: every name parses back to its row, the
// field sets are the compute contract's, and what derives from them (menus,
// error texts) lists every row.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "core/lesson.h"
#include "core/op_plan.h"
#include "core/op_table.h"
#include "core/padding.h"

namespace cs {
namespace {

std::set<std::string> fieldsOf(OpKind op) {
    std::set<std::string> names;
    for (int f = 0; f < kOpFieldCount; ++f)
        if (hasField(op, static_cast<OpField>(f))) names.insert(std::string(fieldName(static_cast<OpField>(f))));
    return names;
}

TEST(OpTable, EveryNameParsesBackToItsRow) {
    for (const OpInfo& info : allOps()) {
        EXPECT_EQ(parseOpName(info.name), info.op) << info.name;
        EXPECT_EQ(&opInfo(info.op), &info);
        EXPECT_FALSE(info.title.empty()) << info.name;
        EXPECT_FALSE(info.note.empty()) << info.name;
        EXPECT_EQ(info.required & ~info.fields, 0u) << info.name << ": a required field it does not accept";
    }
    EXPECT_FALSE(parseOpName("conv3d"));
}

TEST(OpTable, FieldSetsAreTheComputeContract) {
    using S = std::set<std::string>;
    EXPECT_EQ(fieldsOf(OpKind::XCorr2d),
              (S{"op", "input", "kernel", "bias", "stride", "padding", "dilation", "padding_mode", "groups"}));
    EXPECT_EQ(fieldsOf(OpKind::ConvTranspose2d), (S{"op", "input", "kernel", "bias", "stride", "padding",
                                                    "output_padding", "dilation", "groups"}));
    EXPECT_TRUE(isTransposedConv2d(OpKind::ConvTranspose2d));
    EXPECT_TRUE(opInfo(OpKind::ConvTranspose2d).in_lesson_menu);  // the matrix page steps through it
    EXPECT_EQ(parseOpName("conv_transpose2d"), OpKind::ConvTranspose2d);
    EXPECT_EQ(fieldsOf(OpKind::MaxPool2d),
              (S{"op", "input", "kernel_size", "stride", "padding", "dilation", "ceil_mode"}));
    EXPECT_EQ(fieldsOf(OpKind::AvgPool2d),
              (S{"op", "input", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"}));
    EXPECT_EQ(fieldsOf(OpKind::LpPool2d), (S{"op", "input", "norm_type", "kernel_size", "stride", "ceil_mode"}));
    EXPECT_EQ(fieldsOf(OpKind::AutoCorr1d), (S{"op", "f", "mode"}));
    EXPECT_EQ(fieldsOf(OpKind::GlobalMaxPool), (S{"op", "input"}));
}

TEST(OpTable, LayerFieldSetsAreTheComputeContract) {
    using S = std::set<std::string>;
    EXPECT_EQ(fieldsOf(OpKind::Relu), (S{"op", "input"}));
    EXPECT_EQ(fieldsOf(OpKind::Softmax), (S{"op", "input", "dim"}));
    EXPECT_EQ(fieldsOf(OpKind::Flatten), (S{"op", "input", "start_dim", "end_dim"}));
    EXPECT_EQ(fieldsOf(OpKind::BatchNorm2d), (S{"op", "input", "weight", "bias", "running_mean", "running_var", "eps",
                                                "momentum", "training"}));
    EXPECT_EQ(fieldsOf(OpKind::Linear), (S{"op", "input", "weight", "bias"}));
    for (OpKind op : {OpKind::Relu, OpKind::Softmax, OpKind::Flatten, OpKind::BatchNorm2d, OpKind::Linear}) {
        EXPECT_TRUE(isLayer(op)) << opName(op);
        EXPECT_FALSE(opInfo(op).in_lesson_menu) << opName(op);  // not matrix-page ops
    }
}

TEST(OpTable, FamiliesGiveTheQueries) {
    EXPECT_TRUE(isCorrelation2d(OpKind::Conv2d));
    EXPECT_TRUE(opInfo(OpKind::Conv2d).flips_kernel);
    EXPECT_FALSE(opInfo(OpKind::XCorr2d).flips_kernel);
    EXPECT_TRUE(isPooling2d(OpKind::LpPool2d));
    EXPECT_TRUE(isGlobalPool(OpKind::GlobalAvgPool));
    EXPECT_TRUE(isOneD(OpKind::XCorr1d));
    EXPECT_TRUE(usesKernelTensor(OpKind::Conv1d));
    EXPECT_FALSE(usesKernelTensor(OpKind::AutoCorr2d));
}

TEST(OpTable, LessonMenuListsTheMatrixOps) {
    std::size_t expected = 0;
    for (const OpInfo& info : allOps()) expected += info.in_lesson_menu && !isOneD(info.op);
    EXPECT_EQ(lessonOps().size(), expected);
    EXPECT_EQ(lessonOps().size(), 9u);
    EXPECT_NE(std::find(lessonOps().begin(), lessonOps().end(), OpKind::ConvTranspose2d), lessonOps().end());
}

TEST(PaddingModeTable, EveryModeParsesBackAndIsListed) {
    const std::string list = paddingModeList();
    EXPECT_EQ(list, "zeros, reflect, replicate or circular");
    for (const PaddingModeInfo& info : allPaddingModes()) {
        EXPECT_EQ(parsePaddingMode(info.name), info.mode);
        EXPECT_NE(list.find(info.name), std::string::npos);
        EXPECT_FALSE(info.help.empty());
        EXPECT_FALSE(info.scipy.empty());
    }
}

TEST(PaddingModeTable, SizeRulesFollowPyTorch) {
    EXPECT_TRUE(paddingFits(PaddingMode::Zeros, 100, 2));
    EXPECT_TRUE(paddingFits(PaddingMode::Replicate, 100, 2));
    EXPECT_TRUE(paddingFits(PaddingMode::Reflect, 1, 2));
    EXPECT_FALSE(paddingFits(PaddingMode::Reflect, 2, 2));
    EXPECT_TRUE(paddingFits(PaddingMode::Circular, 2, 2));
    EXPECT_FALSE(paddingFits(PaddingMode::Circular, 3, 2));
    OpRequest r;
    r.input = Tensor({2, 2});
    r.params.window.padding = {2, 2};
    r.params.correlation.padding_mode = PaddingMode::Reflect;
    try {
        planOp(r);
        FAIL() << "reflect padding 2 on a 2 x 2 input was accepted";
    } catch (const OpError& e) {
        EXPECT_NE(std::string(e.what()).find("reflect padding must be smaller than the input side"), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace cs
