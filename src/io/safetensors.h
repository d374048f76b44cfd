#pragma once
// Safetensors files: the model weights (PyTorch state_dict names).
//
//   std::vector<cs::NamedTensor> t = cs::readSafetensors("model.safetensors");
//   cs::writeSafetensorsAtomic("out.safetensors", t);
//
// Format: an 8-byte little-endian header length N, N bytes of JSON header
//   {"<name>": {"dtype": "F32"|"F64"|"I64", "shape": [...], "data_offsets": [begin, end]},
//    "__metadata__": {"format": "pt"}}
// then the little-endian data; offsets are relative to the end of the header.
// Only F32, F64 and I64 are accepted (what a PyTorch state_dict of the seed's
// ConvNet holds). Values are held as double whatever the dtype: F32 and F64
// exactly, I64 exactly for |v| < 2^53 (larger ones are refused both ways).
//
// readSafetensors refuses, with an IoError naming the file and, where there is
// one, the tensor: a file over kMaxSafetensorsFileBytes, a truncated file, a
// header length larger than the file or than kMaxSafetensorsHeaderBytes, a
// header that is not a JSON object, an entry without a valid dtype / shape /
// data_offsets, an unknown dtype, a duplicate name, offsets out of range or
// overlapping another tensor's, a byte count that is not dtype size * shape
// product, bytes between or after the tensors, and NaN or Inf in a float
// tensor. Tensors come back in the order of their data offsets.
//
// writeSafetensorsAtomic writes the tensors in the given order, contiguous,
// with "__metadata__": {"format": "pt"}, through a temporary file that is
// fsync'ed and renamed, then the folder fsync'ed (as writePngAtomic): a crash
// leaves the old file or the new one. It throws IoError (naming the tensor)
// for an empty or duplicate name, a negative dimension, values.size() not
// equal to the shape product, NaN/Inf, or a non-integer / too large I64.
#include <cstdint>
#include <string>
#include <vector>

#include "io/data_error.h"  // IoError, DataFormatError

namespace cs {

// Largest safetensors file read: 256 MiB (its values are held as doubles, up
// to twice that in memory; the seed's model is 110 KB). Largest header: 100 MiB.
constexpr std::int64_t kMaxSafetensorsFileBytes = std::int64_t{256} << 20;
constexpr std::int64_t kMaxSafetensorsHeaderBytes = std::int64_t{100} << 20;

enum class StDtype { F32, F64, I64 };

struct NamedTensor {
    std::string name;
    StDtype dtype = StDtype::F32;
    std::vector<std::int64_t> shape;  // {} is a scalar (1 value)
    std::vector<double> values;       // product(shape) values, row-major
};

// In file order of offsets; throws IoError naming the tensor.
std::vector<NamedTensor> readSafetensors(const std::string& path);
// Temp file + rename + fsync of folder, like writePngAtomic.
void writeSafetensorsAtomic(const std::string& path, const std::vector<NamedTensor>& tensors);

// The same on bytes in memory (`name` used in messages), for tests and fuzzing.
std::vector<NamedTensor> parseSafetensors(const std::vector<std::uint8_t>& bytes,
                                          const std::string& name = "<memory>");
std::vector<std::uint8_t> encodeSafetensors(const std::vector<NamedTensor>& tensors,
                                            const std::string& name = "<memory>");

}  // namespace cs
