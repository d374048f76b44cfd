// Opening a model (the Network page's Open..., `classify --model`) and the
// Fashion-MNIST files (`train --data`): safetensors parsed from memory, then
// mapped onto the ConvNet; IDX images and labels read from a file, raw or
// gzip, as the data set is.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "fuzz_targets.h"
#include "io/idx.h"
#include "io/model_file.h"
#include "io/safetensors.h"

namespace cs::fuzz {
namespace {

bool sameTensors(const std::vector<NamedTensor>& a, const std::vector<NamedTensor>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].dtype != b[i].dtype || a[i].shape != b[i].shape ||
            a[i].values != b[i].values)
            return false;
    }
    return true;
}

bool sameNet(const ConvNet& a, const ConvNet& b) {
    return a.tensors == b.tensors && a.num_batches_tracked[0] == b.num_batches_tracked[0] &&
           a.num_batches_tracked[1] == b.num_batches_tracked[1];
}

// A file of this process's own, rewritten for each input: the IDX reader
// works on paths (zlib's gzopen), as the app uses it.
const std::string& scratchPath() {
    static const std::string path = "/tmp/convscope-fuzz-idx-" + std::to_string(::getpid());
    return path;
}

bool writeScratch(const std::uint8_t* data, std::size_t size) {
    std::FILE* f = std::fopen(scratchPath().c_str(), "wb");
    if (f == nullptr) return false;
    const bool ok = size == 0 || std::fwrite(data, 1, size, f) == size;
    return std::fclose(f) == 0 && ok;
}

}  // namespace

int fuzzSafetensors(const std::uint8_t* data, std::size_t size) {
    std::vector<NamedTensor> tensors;
    try {
        tensors = parseSafetensors(std::vector<std::uint8_t>(data, data + size), "<fuzz>");
    } catch (const IoError&) {
        return 0;
    }
    for (const NamedTensor& t : tensors) {
        for (double v : t.values)
            if (!std::isfinite(v)) fail("safetensors", "parsed a non-finite value in " + t.name);
    }
    // What was read writes and reads back the same.
    std::vector<NamedTensor> back;
    try {
        back = parseSafetensors(encodeSafetensors(tensors, "<fuzz out>"), "<fuzz out>");
    } catch (const IoError& e) {
        fail("safetensors", std::string("its own encoding does not parse: ") + e.what());
    }
    if (!sameTensors(tensors, back)) fail("safetensors", "encode and parse again changes the tensors");
    ConvNet net;
    try {
        net = convNetFromTensors(tensors, "<fuzz>");
    } catch (const IoError&) {
        return 0;
    }
    try {
        const ConvNet again = convNetFromTensors(
            parseSafetensors(encodeSafetensors(convNetToTensors(net), "<fuzz net>"), "<fuzz net>"), "<fuzz net>");
        if (!sameNet(net, again)) fail("safetensors", "a model saved and opened again differs");
    } catch (const IoError& e) {
        fail("safetensors", std::string("a model it opened does not save and reopen: ") + e.what());
    }
    return 0;
}

int fuzzIdx(const std::uint8_t* data, std::size_t size) {
    if (!writeScratch(data, size)) fail("idx", "cannot write the scratch file " + scratchPath());
    try {
        const IdxImages images = readIdxImages(scratchPath());
        const std::size_t expected = static_cast<std::size_t>(images.count) * static_cast<std::size_t>(images.rows) *
                                     static_cast<std::size_t>(images.cols);
        if (images.count < 0 || images.rows <= 0 || images.cols <= 0 || images.pixels.size() != expected)
            fail("idx", "images whose pixel count does not match their header");
    } catch (const IoError&) {
    }
    try {
        (void)readIdxLabels(scratchPath());
    } catch (const IoError&) {
    }
    return 0;
}

}  // namespace cs::fuzz
