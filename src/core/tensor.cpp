#include "core/tensor.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace cs {

std::size_t elementCount(const std::vector<int>& shape) {
    if (shape.empty()) return 0;
    std::size_t n = 1;
    for (int d : shape) n *= static_cast<std::size_t>(d < 0 ? 0 : d);
    return n;
}

std::string shapeToString(const std::vector<int>& shape) {
    std::string s;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += " x ";
        s += std::to_string(shape[i]);
    }
    return s.empty() ? "(empty)" : s;
}

Tensor::Tensor(std::vector<int> shape, float fill)
    : shape_(std::move(shape)), data_(elementCount(shape_), fill) {}

Tensor::Tensor(std::vector<int> shape, std::vector<float> data)
    : shape_(std::move(shape)), data_(std::move(data)) {
    if (data_.size() != elementCount(shape_))
        throw std::invalid_argument("Tensor: " + std::to_string(data_.size()) +
                                    " values do not fill shape " + shapeToString(shape_));
}

int Tensor::dim(int axis) const {
    if (axis < 0) axis += rank();
    if (axis < 0 || axis >= rank()) return 1;
    return shape_[static_cast<std::size_t>(axis)];
}

std::size_t Tensor::index(int y, int x) const {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(dim(-1)) + static_cast<std::size_t>(x);
}
std::size_t Tensor::index(int c, int y, int x) const {
    return (static_cast<std::size_t>(c) * static_cast<std::size_t>(dim(-2)) + static_cast<std::size_t>(y)) *
               static_cast<std::size_t>(dim(-1)) +
           static_cast<std::size_t>(x);
}
std::size_t Tensor::index(int o, int c, int y, int x) const {
    const auto C = static_cast<std::size_t>(dim(-3));
    return ((static_cast<std::size_t>(o) * C + static_cast<std::size_t>(c)) * static_cast<std::size_t>(dim(-2)) +
            static_cast<std::size_t>(y)) *
               static_cast<std::size_t>(dim(-1)) +
           static_cast<std::size_t>(x);
}

Tensor Tensor::reshaped(std::vector<int> shape) const { return Tensor(std::move(shape), data_); }

namespace {
void writeNested(std::ostringstream& os, const Tensor& t, int axis, std::size_t& offset) {
    if (axis == t.rank()) {
        os << t.values()[offset++];
        return;
    }
    os << '[';
    for (int i = 0; i < t.dim(axis); ++i) {
        if (i) os << ", ";
        writeNested(os, t, axis + 1, offset);
    }
    os << ']';
}
}  // namespace

std::string Tensor::toString() const {
    if (shape_.empty()) return "[]";
    std::ostringstream os;
    std::size_t offset = 0;
    writeNested(os, *this, 0, offset);
    return os.str();
}

double maxRelativeError(const Tensor& a, const Tensor& b) {
    if (a.shape() != b.shape()) return std::numeric_limits<double>::infinity();
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double x = a.values()[i], y = b.values()[i];
        if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<double>::infinity();
        if (std::isinf(x) || std::isinf(y)) {
            if (x != y) return std::numeric_limits<double>::infinity();
            continue;
        }
        worst = std::max(worst, std::abs(x - y) / std::max(1.0, std::abs(y)));
    }
    return worst;
}

bool unchangedByHalfTurn(const Tensor& t) {
    if (t.rank() < 1 || t.size() == 0) return true;
    const int w = t.dim(-1), h = t.rank() >= 2 ? t.dim(-2) : 1;
    const std::size_t slice = static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
    const std::vector<float>& v = t.values();
    for (std::size_t base = 0; base + slice <= v.size(); base += slice)
        for (std::size_t i = 0; i < slice; ++i)
            if (v[base + i] != v[base + slice - 1 - i]) return false;
    return true;
}

}  // namespace cs
