#include "core/layer_plan.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/op_plan.h"

namespace cs {
namespace {

[[noreturn]] void fail(const std::string& message) { throw OpError(message); }

std::string numberText(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

void checkRank(const OpRequest& r, int lo, int hi, const std::string& expected) {
    const int rank = r.input.rank();
    if (rank < lo || rank > hi)
        fail(std::string(opName(r.params.op)) + " takes " + expected + "; the input has rank " +
             std::to_string(rank) + (rank > 0 ? " (" + shapeToString(r.input.shape()) + ")" : "") + ".");
    checkTensorSize(r.input.shape(), "the input");
}

// PyTorch's dim rule: -rank <= dim < rank, negative counts from the end.
int normaliseDim(int dim, int rank, const char* name) {
    if (dim < -rank || dim >= rank)
        fail(std::string(name) + " " + std::to_string(dim) + " is out of range for a rank-" + std::to_string(rank) +
             " input: it must be in [" + std::to_string(-rank) + ", " + std::to_string(rank - 1) +
             "] (negative counts from the end).");
    return dim < 0 ? dim + rank : dim;
}

// Operands an op does not take must be absent, so nothing is silently ignored.
void refuseOperands(const OpRequest& r, bool weight, bool bias, bool stats) {
    const std::string op(opName(r.params.op));
    if (!weight && !r.weight.empty()) fail(op + " takes no weight.");
    if (!bias && !r.bias.empty()) fail(op + " takes no bias.");
    if (!stats && (!r.running_mean.empty() || !r.running_var.empty())) fail(op + " takes no running statistics.");
}

// An optional per-channel (per-output) list: absent, or exactly `want` long.
void checkLength(std::size_t got, int want, const char* name, const char* counted, const char* each) {
    if (got != 0 && got != static_cast<std::size_t>(want))
        fail(std::string(name) + " has " + std::to_string(got) + " value(s) but " + counted + " " +
             std::to_string(want) + ": one " + name + " value per " + each + ".");
}

void planSoftmax(const OpRequest& r, LayerGeometry& g) {
    checkRank(r, 1, 2, "a vector [n] or a matrix N x n");
    const int rank = r.input.rank();
    g.dim = normaliseDim(r.params.layer.dim, rank, "dim");
    for (int a = 0; a < rank; ++a) {
        const int n = r.input.dim(a);
        if (a < g.dim) g.outer *= n;
        else if (a == g.dim) g.length = n;
        else g.inner *= n;
    }
    g.output_shape = g.input_shape;
}

void planFlatten(const OpRequest& r, LayerGeometry& g) {
    checkRank(r, 1, 4, "an input of rank 1 to 4");
    const int rank = r.input.rank();
    g.start_dim = normaliseDim(r.params.layer.start_dim, rank, "start_dim");
    g.end_dim = normaliseDim(r.params.layer.end_dim, rank, "end_dim");
    if (g.start_dim > g.end_dim)
        fail("start_dim (" + std::to_string(r.params.layer.start_dim) + ", axis " + std::to_string(g.start_dim) +
             ") comes after end_dim (" + std::to_string(r.params.layer.end_dim) + ", axis " +
             std::to_string(g.end_dim) + "): flatten joins the axes from start_dim to end_dim.");
    g.output_shape.clear();
    int joined = 1;
    for (int a = 0; a < rank; ++a) {
        if (a < g.start_dim || a > g.end_dim) {
            g.output_shape.push_back(r.input.dim(a));
            continue;
        }
        joined *= r.input.dim(a);
        if (a == g.end_dim) g.output_shape.push_back(joined);
    }
}

void planBatchNorm(const OpRequest& r, LayerGeometry& g) {
    checkRank(r, 3, 4, "C x H x W or N x C x H x W (batch norm normalises each channel of a stack of maps)");
    const LayerParams& p = r.params.layer;
    g.batch = r.input.rank() == 4 ? r.input.dim(0) : 1;
    g.channels = r.input.dim(-3);
    g.spatial = r.input.dim(-2) * r.input.dim(-1);
    g.output_shape = g.input_shape;
    if (!r.weight.empty() && r.weight.rank() != 1)
        fail("weight of batchnorm2d must be a flat list of " + std::to_string(g.channels) +
             " values (one per channel), not " + shapeToString(r.weight.shape()) + ".");
    checkLength(r.weight.size(), g.channels, "weight", "the input has channels:", "channel");
    checkLength(r.bias.size(), g.channels, "bias", "the input has channels:", "channel");
    checkLength(r.running_mean.size(), g.channels, "running_mean", "the input has channels:", "channel");
    checkLength(r.running_var.size(), g.channels, "running_var", "the input has channels:", "channel");
    for (std::size_t c = 0; c < r.running_var.size(); ++c)
        if (r.running_var[c] < 0.f)
            fail("running_var[" + std::to_string(c) + "] is negative (" + numberText(r.running_var[c]) +
                 "): a variance is never below 0.");
    if (!std::isfinite(p.eps) || p.eps <= 0.0)
        fail("eps must be above 0 (got " + numberText(p.eps) + "): it keeps the division away from 0.");
    if (!std::isfinite(p.momentum)) fail("momentum must be a finite number.");
    if (p.training && g.batch * g.spatial < 2)
        fail("training mode needs more than one value per channel (the input has " +
             std::to_string(g.batch * g.spatial) + "): the variance of one value says nothing. PyTorch refuses "
             "it too.");
}

void planLinear(const OpRequest& r, LayerGeometry& g) {
    checkRank(r, 1, 2, "a vector [in] or a batch N x in");
    if (r.weight.empty()) fail("linear needs \"weight\", a matrix out x in.");
    if (r.weight.rank() != 2)
        fail("weight of linear must be a matrix out x in (one row per output), not " +
             (r.weight.rank() == 1 ? std::string("a flat list") : "rank " + std::to_string(r.weight.rank())) +
             " (" + shapeToString(r.weight.shape()) + ").");
    checkTensorSize(r.weight.shape(), "the weight");
    g.rows = r.input.rank() == 2 ? r.input.dim(0) : 1;
    g.in_features = r.input.dim(-1);
    g.out_features = r.weight.dim(0);
    if (r.weight.dim(1) != g.in_features)
        fail("the input has " + std::to_string(g.in_features) + " value(s) per row but weight is " +
             shapeToString(r.weight.shape()) + ", which takes " + std::to_string(r.weight.dim(1)) +
             ": weight must be out x " + std::to_string(g.in_features) + ".");
    checkLength(r.bias.size(), g.out_features, "bias", "weight has rows (outputs):", "output");
    g.output_shape = r.input.rank() == 2 ? std::vector<int>{g.rows, g.out_features} : std::vector<int>{g.out_features};
}

}  // namespace

LayerGeometry layerGeometry(const OpRequest& r) {
    LayerGeometry g;
    g.input_shape = r.input.shape();
    g.output_shape = g.input_shape;
    switch (r.params.op) {
    case OpKind::Relu:
        refuseOperands(r, false, false, false);
        checkRank(r, 1, 4, "an input of rank 1 to 4");
        break;
    case OpKind::Softmax:
        refuseOperands(r, false, false, false);
        planSoftmax(r, g);
        break;
    case OpKind::Flatten:
        refuseOperands(r, false, false, false);
        planFlatten(r, g);
        break;
    case OpKind::BatchNorm2d: planBatchNorm(r, g); break;
    case OpKind::Linear:
        refuseOperands(r, true, true, false);
        planLinear(r, g);
        break;
    default: fail(std::string(opName(r.params.op)) + " is not a layer op.");
    }
    checkTensorSize(g.output_shape, "the output");
    return g;
}

void planLayer(const OpRequest& r, OpPlan& plan) {
    const LayerGeometry g = layerGeometry(r);
    plan.output_shape = g.output_shape;
    plan.channels = plan.out_channels = 1;
    plan.height = plan.out_height = 1;
    plan.width = static_cast<int>(r.input.size());
    plan.out_width = static_cast<int>(elementCount(g.output_shape));
    plan.kernel_h = 1;
    plan.kernel_w = r.params.op == OpKind::Linear ? g.in_features : 1;
}

}  // namespace cs
