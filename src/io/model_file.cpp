#include "io/model_file.h"

#include <cmath>
#include <algorithm>
#include <map>

#include "core/tensor.h"

namespace cs {

namespace {

const char* dtypeName(StDtype d) {
    switch (d) {
        case StDtype::F32: return "F32";
        case StDtype::F64: return "F64";
        case StDtype::I64: return "I64";
    }
    return "?";
}

std::vector<int> intShape(const std::vector<std::int64_t>& shape) {
    std::vector<int> out;
    for (auto d : shape) out.push_back(d >= 0 && d <= (1 << 30) ? static_cast<int>(d) : -1);
    return out;
}

std::string shapeText(const std::vector<int>& shape) { return shape.empty() ? "a scalar" : shapeToString(shape); }

[[noreturn]] void fail(const std::string& source, const std::string& what) {
    throw IoError("cannot load the model from '" + source + "': " + what);
}

const NamedTensor& expect(const std::map<std::string, const NamedTensor*>& by_name, const std::string& name,
                          StDtype dtype, const std::vector<int>& shape, const std::string& source) {
    auto it = by_name.find(name);
    if (it == by_name.end()) fail(source, "the tensor " + name + " is missing (the seed's ConvNet needs it)");
    const NamedTensor& t = *it->second;
    if (t.dtype != dtype) {
        fail(source, name + " is " + dtypeName(t.dtype) + ", the seed's ConvNet stores it as " + dtypeName(dtype));
    }
    if (intShape(t.shape) != shape) {
        fail(source, name + " has shape " + shapeText(intShape(t.shape)) + ", the seed's ConvNet needs " +
                         shapeText(shape));
    }
    if (t.values.size() != elementCount(shape) && !(shape.empty() && t.values.size() == 1)) {
        fail(source, name + " holds " + std::to_string(t.values.size()) + " values for its shape");
    }
    for (double v : t.values) {
        if (!std::isfinite(v)) fail(source, name + (std::isnan(v) ? " holds NaN" : " holds an infinite value"));
    }
    return t;
}

}  // namespace

ConvNet convNetFromTensors(const std::vector<NamedTensor>& tensors, const std::string& source) {
    ConvNet net;
    std::map<std::string, const NamedTensor*> by_name;
    for (const auto& t : tensors) {
        if (!by_name.emplace(t.name, &t).second) fail(source, "the tensor " + t.name + " appears twice");
    }
    const auto names = convNetStateDictNames();
    for (const auto& [name, t] : by_name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            fail(source, "the tensor " + name + " is not part of the seed's ConvNet (an extra or renamed tensor)");
        }
    }
    for (auto& t : net.tensors) {
        const NamedTensor& in = expect(by_name, t.name, StDtype::F32, t.shape, source);
        t.values.assign(in.values.begin(), in.values.end());
        if (t.name.find("running_var") != std::string::npos) {
            for (float v : t.values) {
                if (v < 0.f) fail(source, t.name + " holds a negative variance");
            }
        }
    }
    for (int i = 0; i < 2; ++i) {
        const NamedTensor& in = expect(by_name, kConvNetBatchesTrackedNames[i], StDtype::I64, {}, source);
        if (in.values[0] < 0) fail(source, std::string(kConvNetBatchesTrackedNames[i]) + " is negative");
        net.num_batches_tracked[i] = static_cast<std::int64_t>(in.values[0]);
    }
    return net;
}

std::vector<NamedTensor> convNetToTensors(const ConvNet& net) {
    std::vector<NamedTensor> out;
    for (std::size_t i = 0; i < net.tensors.size(); ++i) {
        const auto& t = net.tensors[i];
        out.push_back({t.name, StDtype::F32, std::vector<std::int64_t>(t.shape.begin(), t.shape.end()),
                       std::vector<double>(t.values.begin(), t.values.end())});
        const int bn = i == ConvNet::kBn1Var ? 0 : i == ConvNet::kBn2Var ? 1 : -1;
        if (bn >= 0) {
            out.push_back({kConvNetBatchesTrackedNames[bn], StDtype::I64, {},
                           {static_cast<double>(net.num_batches_tracked[bn])}});
        }
    }
    return out;
}

ConvNet readConvNetFile(const std::string& path) { return convNetFromTensors(readSafetensors(path), path); }

void writeConvNetFile(const std::string& path, const ConvNet& net) {
    writeSafetensorsAtomic(path, convNetToTensors(net));
}

}  // namespace cs
