#include "io/safetensors.h"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "io/text_file.h"  // writeTextFileAtomic

namespace cs {
namespace {

static_assert(std::endian::native == std::endian::little, "safetensors data is little-endian");

using nlohmann::json;

// 2^53: the largest magnitude below which every integer is a double.
constexpr double kExactIntLimit = 9007199254740992.0;

std::string inQuotes(const std::string& s) { return "'" + s + "'"; }

[[noreturn]] void bad(const std::string& file, const std::string& what) {
    throw DataFormatError("cannot read " + inQuotes(file) + ": " + what);
}
[[noreturn]] void badTensor(const std::string& file, const std::string& tensor, const std::string& what) {
    bad(file, "tensor " + inQuotes(tensor) + ": " + what);
}

const char* dtypeName(StDtype d) {
    switch (d) {
        case StDtype::F32: return "F32";
        case StDtype::F64: return "F64";
        case StDtype::I64: return "I64";
    }
    return "?";
}
std::size_t dtypeBytes(StDtype d) { return d == StDtype::F32 ? 4 : 8; }

struct Entry {
    NamedTensor tensor;
    std::uint64_t begin = 0, end = 0;
    std::uint64_t count = 0;
};

// A non-negative JSON integer, or nullopt.
bool asCount(const json& j, std::uint64_t& out) {
    if (j.is_number_unsigned()) return out = j.get<std::uint64_t>(), true;
    if (j.is_number_integer() && j.get<std::int64_t>() >= 0) return out = j.get<std::uint64_t>(), true;
    return false;
}

Entry parseEntry(const std::string& file, const std::string& name, const json& j, std::uint64_t data_bytes) {
    Entry e;
    e.tensor.name = name;
    if (name.empty()) bad(file, "a tensor has an empty name");
    if (!j.is_object()) badTensor(file, name, "its entry is not a JSON object");
    const auto dt = j.find("dtype");
    if (dt == j.end() || !dt->is_string()) badTensor(file, name, "no dtype string");
    const std::string dtype = dt->get<std::string>();
    if (dtype == "F32") e.tensor.dtype = StDtype::F32;
    else if (dtype == "F64") e.tensor.dtype = StDtype::F64;
    else if (dtype == "I64") e.tensor.dtype = StDtype::I64;
    else badTensor(file, name, "dtype " + inQuotes(dtype) + " is not one of F32, F64, I64");
    const auto shape = j.find("shape");
    if (shape == j.end() || !shape->is_array()) badTensor(file, name, "no shape array");
    std::uint64_t count = 1;
    for (const json& d : *shape) {
        std::uint64_t n = 0;
        if (!asCount(d, n)) badTensor(file, name, "shape " + shape->dump() + " is not a list of sizes >= 0");
        // Bounded by the data size before multiplying: no overflow.
        if (n > data_bytes && count != 0) badTensor(file, name, "shape " + shape->dump() + " is larger than the file");
        count *= n;
        if (count > data_bytes) badTensor(file, name, "shape " + shape->dump() + " is larger than the file");
        e.tensor.shape.push_back(static_cast<std::int64_t>(n));
    }
    e.count = count;
    const auto offsets = j.find("data_offsets");
    if (offsets == j.end() || !offsets->is_array() || offsets->size() != 2 || !asCount((*offsets)[0], e.begin) ||
        !asCount((*offsets)[1], e.end) || e.begin > e.end) {
        badTensor(file, name, "data_offsets must be [begin, end] with 0 <= begin <= end");
    }
    if (e.end > data_bytes) {
        badTensor(file, name, "data_offsets " + offsets->dump() + " run past the data (" + std::to_string(data_bytes) +
                                  " bytes)");
    }
    const std::uint64_t want = count * dtypeBytes(e.tensor.dtype);
    if (e.end - e.begin != want) {
        badTensor(file, name, "holds " + std::to_string(e.end - e.begin) + " bytes but " + dtype + " " +
                                  shape->dump() + " needs " + std::to_string(want));
    }
    return e;
}

void decodeValues(const std::string& file, Entry& e, const std::uint8_t* data) {
    NamedTensor& t = e.tensor;
    t.values.resize(e.count);
    for (std::uint64_t i = 0; i < e.count; ++i) {
        double v = 0;
        if (t.dtype == StDtype::F32) {
            float f;
            std::memcpy(&f, data + i * 4, 4);
            v = f;
        } else if (t.dtype == StDtype::F64) {
            std::memcpy(&v, data + i * 8, 8);
        } else {
            std::int64_t n;
            std::memcpy(&n, data + i * 8, 8);
            v = static_cast<double>(n);
            if (std::fabs(v) >= kExactIntLimit) {
                badTensor(file, t.name, "value " + std::to_string(i) + " (" + std::to_string(n) +
                                            ") is beyond 2^53, not exact here");
            }
        }
        if (!std::isfinite(v)) badTensor(file, t.name, "value " + std::to_string(i) + " is NaN or infinite");
        t.values[i] = v;
    }
}

// The header's top-level keys, so a duplicate (which nlohmann would keep
// silently, the last one winning) is refused.
json parseHeader(const std::string& file, const std::uint8_t* begin, const std::uint8_t* end) {
    std::set<std::string> keys;
    std::string duplicate;
    json::parser_callback_t cb = [&](int depth, json::parse_event_t event, json& parsed) {
        if (depth == 1 && event == json::parse_event_t::key && duplicate.empty()) {
            const std::string& k = parsed.get_ref<const std::string&>();
            if (!keys.insert(k).second) duplicate = k;
        }
        return true;
    };
    json header = json::parse(begin, end, cb, /*allow_exceptions=*/false);
    if (header.is_discarded()) bad(file, "the header is not valid JSON");
    if (!header.is_object()) bad(file, "the header is not a JSON object");
    if (!duplicate.empty()) bad(file, "tensor " + inQuotes(duplicate) + " appears twice in the header");
    return header;
}

void checkWritable(const NamedTensor& t, const std::string& file, std::set<std::string>& names) {
    auto fail = [&](const std::string& what) {
        throw IoError("cannot write " + inQuotes(file) + ": tensor " + inQuotes(t.name) + ": " + what);
    };
    if (t.name.empty()) throw IoError("cannot write " + inQuotes(file) + ": a tensor has an empty name");
    if (t.name == "__metadata__") fail("the name is reserved");
    if (!names.insert(t.name).second) fail("the name appears twice");
    std::uint64_t count = 1;
    for (std::int64_t d : t.shape) {
        if (d < 0) fail("negative dimension in the shape");
        count *= static_cast<std::uint64_t>(d);
        if (count > static_cast<std::uint64_t>(kMaxSafetensorsFileBytes)) fail("the shape is too large");
    }
    if (count != t.values.size()) {
        fail("the shape holds " + std::to_string(count) + " values but there are " + std::to_string(t.values.size()));
    }
    for (std::size_t i = 0; i < t.values.size(); ++i) {
        const double v = t.values[i];
        if (!std::isfinite(v)) fail("value " + std::to_string(i) + " is NaN or infinite");
        if (t.dtype == StDtype::F32 && !std::isfinite(static_cast<float>(v))) {
            fail("value " + std::to_string(i) + " is too large for F32");
        }
        if (t.dtype == StDtype::I64 && (v != std::trunc(v) || std::fabs(v) >= kExactIntLimit)) {
            fail("value " + std::to_string(i) + " is not an integer below 2^53");
        }
    }
}

void appendValues(const NamedTensor& t, std::vector<std::uint8_t>& out) {
    const std::size_t at = out.size();
    out.resize(at + t.values.size() * dtypeBytes(t.dtype));
    std::uint8_t* p = out.data() + at;
    for (double v : t.values) {
        if (t.dtype == StDtype::F32) {
            const float f = static_cast<float>(v);
            std::memcpy(p, &f, 4);
            p += 4;
        } else if (t.dtype == StDtype::F64) {
            std::memcpy(p, &v, 8);
            p += 8;
        } else {
            const auto n = static_cast<std::int64_t>(v);
            std::memcpy(p, &n, 8);
            p += 8;
        }
    }
}

}  // namespace

std::vector<NamedTensor> parseSafetensors(const std::vector<std::uint8_t>& bytes, const std::string& name) {
    if (bytes.size() > static_cast<std::uint64_t>(kMaxSafetensorsFileBytes)) {
        bad(name, "larger than " + std::to_string(kMaxSafetensorsFileBytes >> 20) + " MiB");
    }
    if (bytes.size() < 8) bad(name, "truncated: " + std::to_string(bytes.size()) + " bytes, no header length");
    std::uint64_t header_len = 0;
    std::memcpy(&header_len, bytes.data(), 8);
    if (header_len > static_cast<std::uint64_t>(kMaxSafetensorsHeaderBytes)) {
        bad(name, "not a safetensors file: the header length " + std::to_string(header_len) +
                      " is absurd (over 100 MiB)");
    }
    if (header_len > bytes.size() - 8) {
        bad(name, "truncated or not safetensors: the header length " + std::to_string(header_len) +
                      " is more than the file's remaining " + std::to_string(bytes.size() - 8) + " bytes");
    }
    const std::uint8_t* header_begin = bytes.data() + 8;
    const json header = parseHeader(name, header_begin, header_begin + header_len);
    const std::uint8_t* data = header_begin + header_len;
    const std::uint64_t data_bytes = bytes.size() - 8 - header_len;

    std::vector<Entry> entries;
    for (const auto& [key, value] : header.items()) {
        if (key == "__metadata__") {
            if (!value.is_object()) bad(name, "__metadata__ is not a JSON object");
            continue;
        }
        entries.push_back(parseEntry(name, key, value, data_bytes));
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    // The data must be exactly the tensors, one after the other: an overlap
    // means two tensors share bytes, a gap or a tail means bytes nobody owns.
    std::uint64_t at = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        if (e.begin < at) {
            badTensor(name, e.tensor.name, "its data_offsets overlap those of " + inQuotes(entries[i - 1].tensor.name));
        }
        if (e.begin > at) badTensor(name, e.tensor.name, "unowned bytes before its data");
        at = e.end;
    }
    if (at != data_bytes) {
        bad(name, std::to_string(data_bytes - at) + " bytes after the last tensor belong to no tensor");
    }
    std::vector<NamedTensor> out;
    out.reserve(entries.size());
    for (Entry& e : entries) {
        decodeValues(name, e, data + e.begin);
        out.push_back(std::move(e.tensor));
    }
    return out;
}

std::vector<NamedTensor> readSafetensors(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        throw IoError("cannot read " + inQuotes(path) + ": " + std::strerror(err));
    }
    if (S_ISDIR(st.st_mode)) throw IoError("cannot read " + inQuotes(path) + ": it is a directory");
    if (st.st_size > kMaxSafetensorsFileBytes) {
        bad(path, "larger than " + std::to_string(kMaxSafetensorsFileBytes >> 20) + " MiB");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open " + inQuotes(path));
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(st.st_size));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (in.gcount() != static_cast<std::streamsize>(bytes.size())) {
        throw IoError("cannot read " + inQuotes(path) + ": read failed (the file changed while being read?)");
    }
    return parseSafetensors(bytes, path);
}

std::vector<std::uint8_t> encodeSafetensors(const std::vector<NamedTensor>& tensors, const std::string& name) {
    std::set<std::string> names;
    for (const NamedTensor& t : tensors) checkWritable(t, name, names);
    json header = json::object();
    header["__metadata__"] = {{"format", "pt"}};
    std::vector<std::uint8_t> data;
    for (const NamedTensor& t : tensors) {
        const std::uint64_t begin = data.size();
        appendValues(t, data);
        header[t.name] = {{"dtype", dtypeName(t.dtype)}, {"shape", t.shape},
                          {"data_offsets", {begin, static_cast<std::uint64_t>(data.size())}}};
    }
    std::string text = header.dump();
    // Spaces up to a multiple of 8 keep the data aligned, as the safetensors
    // package writes it.
    text.append((8 - text.size() % 8) % 8, ' ');
    std::vector<std::uint8_t> out(8 + text.size() + data.size());
    const std::uint64_t len = text.size();
    std::memcpy(out.data(), &len, 8);
    std::memcpy(out.data() + 8, text.data(), text.size());
    if (!data.empty()) std::memcpy(out.data() + 8 + text.size(), data.data(), data.size());
    if (out.size() > static_cast<std::uint64_t>(kMaxSafetensorsFileBytes)) {
        throw IoError("cannot write " + inQuotes(name) + ": larger than " +
                      std::to_string(kMaxSafetensorsFileBytes >> 20) + " MiB");
    }
    return out;
}

void writeSafetensorsAtomic(const std::string& path, const std::vector<NamedTensor>& tensors) {
    const std::vector<std::uint8_t> bytes = encodeSafetensors(tensors, path);
    writeTextFileAtomic(path, std::string(bytes.begin(), bytes.end()));
}

}  // namespace cs
