#pragma once
// Tensor: a dense float array with a shape of rank 1 to 4, row-major, last
// axis fastest. The layouts used across convscope:
//   1-D signal           [n]
//   matrix / image plane [H, W]
//   multi-channel input  [C, H, W]
//   kernel bank          [O, C, kh, kw]
// Example: Tensor t({2, 3}); t.at(1, 2) = 5.f;  // row 1, column 2
#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

namespace cs {

class Tensor {
public:
    Tensor() = default;
    explicit Tensor(std::vector<int> shape, float fill = 0.f);
    Tensor(std::vector<int> shape, std::vector<float> data);  // data.size() must match

    const std::vector<int>& shape() const { return shape_; }
    int rank() const { return static_cast<int>(shape_.size()); }
    int dim(int axis) const;  // negative axis counts from the end, like NumPy
    std::size_t size() const { return data_.size(); }
    bool empty() const { return data_.empty(); }

    float* data() { return data_.data(); }
    const float* data() const { return data_.data(); }
    std::vector<float>& values() { return data_; }
    const std::vector<float>& values() const { return data_; }

    float& at(int i) { return data_[static_cast<std::size_t>(i)]; }
    float at(int i) const { return data_[static_cast<std::size_t>(i)]; }
    float& at(int y, int x) { return data_[index(y, x)]; }
    float at(int y, int x) const { return data_[index(y, x)]; }
    float& at(int c, int y, int x) { return data_[index(c, y, x)]; }
    float at(int c, int y, int x) const { return data_[index(c, y, x)]; }
    float& at(int o, int c, int y, int x) { return data_[index(o, c, y, x)]; }
    float at(int o, int c, int y, int x) const { return data_[index(o, c, y, x)]; }

    // Same data, new shape with the same element count (throws otherwise).
    Tensor reshaped(std::vector<int> shape) const;
    // Matrices are written to text for messages and debugging: "[[1, 2], [3, 4]]".
    std::string toString() const;

    bool operator==(const Tensor& other) const = default;

private:
    std::size_t index(int y, int x) const;
    std::size_t index(int c, int y, int x) const;
    std::size_t index(int o, int c, int y, int x) const;

    std::vector<int> shape_;
    std::vector<float> data_;
};

// Number of elements of a shape; 0 for an empty shape.
std::size_t elementCount(const std::vector<int>& shape);
// "4 x 4", "3 x 5 x 5": how shapes are written in messages.
std::string shapeToString(const std::vector<int>& shape);

// Largest |a - b| / max(1, |b|) over two tensors of the same shape; +inf when
// shapes differ. This is the "relative error" every parity test uses: relative
// for large values, absolute near zero where relative error means nothing.
double maxRelativeError(const Tensor& a, const Tensor& b);

// Every 2-D slice over the last two axes equals itself turned 180 degrees
// (rows and columns reversed): then convolution, which turns the kernel,
// gives exactly cross-correlation's output. Rank 1: the sequence reversed.
bool unchangedByHalfTurn(const Tensor& t);

}  // namespace cs
