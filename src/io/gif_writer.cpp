#include "io/gif_writer.h"

#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "io/image_io.h"  // IoError
#include "io/text_file.h"

namespace cs {
namespace {

constexpr int kMaxSide = 65535;
constexpr int kMaxDelay = 65535;
constexpr int kMaxColours = 256;
// Two table colours closer than this (squared RGB distance) are shades of one
// another: the first pass keeps only one of them (about 20 levels apart).
constexpr int kSpreadDistance2 = 3 * 12 * 12;

std::uint32_t packRgb(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | std::uint32_t{p[2]};
}

int distance2(std::uint32_t a, std::uint32_t b) {
    const int dr = static_cast<int>((a >> 16) & 255) - static_cast<int>((b >> 16) & 255);
    const int dg = static_cast<int>((a >> 8) & 255) - static_cast<int>((b >> 8) & 255);
    const int db = static_cast<int>(a & 255) - static_cast<int>(b & 255);
    return dr * dr + dg * dg + db * db;
}

// The colours of one rectangle: an open-addressing table from a packed RGB
// colour to its pixel count, later to its index in the GIF's colour table.
// (std::unordered_map costs several times more per pixel here.)
class ColourCounts {
public:
    ColourCounts() { rehash(1024); }

    // The slot of `rgb`, inserted with count 0 when new.
    std::size_t slot(std::uint32_t rgb) {
        const std::uint32_t key = rgb + 1;  // 0 marks an empty slot
        std::size_t i = hash(key);
        while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask_;
        if (keys_[i] == 0) {
            keys_[i] = key;
            ++size_;
            if (size_ * 2 > keys_.size()) {
                rehash(keys_.size() * 2);
                return slot(rgb);
            }
        }
        return i;
    }
    std::uint32_t& value(std::size_t slot) { return values_[slot]; }
    std::size_t size() const { return size_; }
    // Every (colour, value) held, in no particular order.
    template <class F>
    void forEach(F&& f) {
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] != 0) f(keys_[i] - 1, values_[i]);
    }

private:
    std::size_t hash(std::uint32_t key) const { return (key * 2654435761u) & mask_; }
    void rehash(std::size_t capacity) {
        std::vector<std::uint32_t> keys(capacity, 0), values(capacity, 0);
        keys.swap(keys_);
        values.swap(values_);
        mask_ = capacity - 1;
        size_ = 0;
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (keys[i] != 0) {
                std::size_t j = hash(keys[i]);
                while (keys_[j] != 0) j = (j + 1) & mask_;
                keys_[j] = keys[i];
                values_[j] = values[i];
                ++size_;
            }
    }

    std::vector<std::uint32_t> keys_, values_;
    std::size_t mask_ = 0, size_ = 0;
};

struct Rect {
    int x = 0, y = 0, w = 0, h = 0;
};

// The smallest rectangle holding every pixel where `a` and `b` differ; w 0 when none does.
Rect changedRect(const Image& a, const Image& b) {
    const std::size_t row = static_cast<std::size_t>(a.width) * 3;
    int top = -1, bottom = -1;
    for (int y = 0; y < a.height; ++y)
        if (std::memcmp(a.pixels.data() + y * row, b.pixels.data() + y * row, row) != 0) {
            if (top < 0) top = y;
            bottom = y;
        }
    if (top < 0) return {};
    int left = a.width, right = -1;
    for (int y = top; y <= bottom; ++y) {
        const std::uint8_t* pa = a.pixels.data() + y * row;
        const std::uint8_t* pb = b.pixels.data() + y * row;
        int x = 0;
        while (x < left && std::memcmp(pa + x * 3, pb + x * 3, 3) == 0) ++x;
        left = std::min(left, x);
        int r = a.width - 1;
        while (r > right && std::memcmp(pa + r * 3, pb + r * 3, 3) == 0) --r;
        right = std::max(right, r);
    }
    return {left, top, right - left + 1, bottom - top + 1};
}

int tableBits(std::size_t colours) {
    int bits = 1;
    while ((std::size_t{1} << bits) < colours) ++bits;
    return bits;
}

int writeToVector(GifFileType* gif, const GifByteType* data, int length) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(gif->UserData);
    out->insert(out->end(), data, data + length);
    return length;
}

}  // namespace

struct GifWriter::Impl {
    int width, height;
    std::vector<std::uint8_t> bytes;
    GifFileType* gif = nullptr;
    Image previous;  // the last image encoded (as given, before quantising)
    Image pending;   // the last frame given, not yet encoded
    int pending_delay = 0;
    std::size_t encoded = 0;
    bool exact = true;
    bool finished = false;

    void fail(const char* what, int error) const {
        throw IoError(std::string("GIF: ") + what + " failed: " + GifErrorString(error));
    }
    void check(int status, const char* what) const {
        if (status != GIF_OK) fail(what, gif->Error);
    }

    void begin() {
        int error = 0;
        gif = EGifOpen(&bytes, writeToVector, &error);
        if (gif == nullptr) fail("opening the encoder", error);
        EGifSetGifVersion(gif, true);
        check(EGifPutScreenDesc(gif, width, height, 8, 0, nullptr), "the screen descriptor");
        // NETSCAPE2.0: loop forever (count 0).
        const GifByteType loop[3] = {1, 0, 0};
        check(EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE), "the loop extension");
        check(EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0"), "the loop extension");
        check(EGifPutExtensionBlock(gif, 3, loop), "the loop extension");
        check(EGifPutExtensionTrailer(gif), "the loop extension");
    }

    // The colour table of `r` in `frame` and every pixel's index into it.
    void quantise(const Image& frame, const Rect& r, std::vector<GifColorType>& table,
                  std::vector<GifPixelType>& indices) {
        ColourCounts counts;
        const std::size_t row = static_cast<std::size_t>(frame.width) * 3;
        // Flat colours come in runs: the last pixel's slot answers most lookups.
        std::uint32_t last = 0xffffffffu;
        std::size_t last_slot = 0;
        for (int y = r.y; y < r.y + r.h; ++y) {
            const std::uint8_t* p = frame.pixels.data() + y * row + static_cast<std::size_t>(r.x) * 3;
            for (int x = 0; x < r.w; ++x, p += 3) {
                const std::uint32_t c = packRgb(p);
                if (c != last) last = c, last_slot = counts.slot(c);
                ++counts.value(last_slot);
            }
        }
        std::vector<std::pair<std::uint32_t, std::uint32_t>> colours;  // (count, colour)
        colours.reserve(counts.size());
        counts.forEach([&](std::uint32_t c, std::uint32_t n) { colours.emplace_back(n, c); });
        std::vector<std::uint32_t> chosen;
        const bool exact_table = colours.size() <= kMaxColours;
        if (exact_table) {
            for (const auto& e : colours) chosen.push_back(e.second);
        } else {
            exact = false;
            // Most used first (ties by colour, so the file does not depend on the table's order).
            std::sort(colours.begin(), colours.end(), [](const auto& a, const auto& b) {
                return a.first != b.first ? a.first > b.first : a.second < b.second;
            });
            std::vector<bool> taken(colours.size(), false);
            for (std::size_t i = 0; i < colours.size() && chosen.size() < kMaxColours; ++i) {
                const std::uint32_t c = colours[i].second;
                bool apart = true;
                for (std::uint32_t t : chosen)
                    if (distance2(c, t) < kSpreadDistance2) {
                        apart = false;
                        break;
                    }
                if (apart) chosen.push_back(c), taken[i] = true;
            }
            for (std::size_t i = 0; i < colours.size() && chosen.size() < kMaxColours; ++i)
                if (!taken[i]) chosen.push_back(colours[i].second);
        }
        // Each colour's table index: its own, or the nearest table colour's.
        if (exact_table) {
            for (std::size_t k = 0; k < chosen.size(); ++k) counts.value(counts.slot(chosen[k])) = static_cast<std::uint32_t>(k);
        } else {
            for (const auto& e : colours) {
                std::uint32_t index = 0;
                int best = 1 << 30;
                for (std::size_t k = 0; k < chosen.size() && best > 0; ++k)
                    if (const int d = distance2(e.second, chosen[k]); d < best) best = d, index = static_cast<std::uint32_t>(k);
                counts.value(counts.slot(e.second)) = index;
            }
        }
        table.assign(std::size_t{1} << tableBits(chosen.size()), GifColorType{0, 0, 0});
        for (std::size_t k = 0; k < chosen.size(); ++k)
            table[k] = GifColorType{static_cast<GifByteType>(chosen[k] >> 16), static_cast<GifByteType>(chosen[k] >> 8),
                                    static_cast<GifByteType>(chosen[k])};
        indices.resize(static_cast<std::size_t>(r.w) * static_cast<std::size_t>(r.h));
        GifPixelType* out = indices.data();
        last = 0xffffffffu;
        GifPixelType last_index = 0;
        for (int y = r.y; y < r.y + r.h; ++y) {
            const std::uint8_t* p = frame.pixels.data() + y * row + static_cast<std::size_t>(r.x) * 3;
            for (int x = 0; x < r.w; ++x, p += 3) {
                const std::uint32_t c = packRgb(p);
                if (c != last) last = c, last_index = static_cast<GifPixelType>(counts.value(counts.slot(c)));
                *out++ = last_index;
            }
        }
    }

    void encode(const Image& frame, int delay) {
        if (gif == nullptr) begin();
        Rect r{0, 0, width, height};
        if (encoded > 0) {
            r = changedRect(previous, frame);
            if (r.w == 0) r = Rect{0, 0, 1, 1};  // not reached (identical frames merge); a valid image anyway
        }
        GraphicsControlBlock gcb{};
        gcb.DisposalMode = DISPOSE_DO_NOT;
        gcb.UserInputFlag = false;
        gcb.DelayTime = std::min(delay, kMaxDelay);
        gcb.TransparentColor = NO_TRANSPARENT_COLOR;
        GifByteType ext[4];
        const std::size_t ext_len = EGifGCBToExtension(&gcb, ext);
        check(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(ext_len), ext), "a frame's delay");

        std::vector<GifColorType> table;
        std::vector<GifPixelType> indices;
        quantise(frame, r, table, indices);
        ColorMapObject* map = GifMakeMapObject(static_cast<int>(table.size()), table.data());
        if (map == nullptr) throw IoError("GIF: out of memory for a colour table");
        const int status = EGifPutImageDesc(gif, r.x, r.y, r.w, r.h, false, map);
        GifFreeMapObject(map);
        check(status, "an image descriptor");
        for (int y = 0; y < r.h; ++y)
            check(EGifPutLine(gif, indices.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(r.w), r.w),
                  "an image row");
        ++encoded;
    }

    void flushPending() {
        if (pending.empty()) return;
        encode(pending, pending_delay);
        previous = std::move(pending);
        pending = Image{};
        pending_delay = 0;
    }
};

GifWriter::GifWriter(int width, int height) : impl_(std::make_unique<Impl>()) {
    if (width < 1 || height < 1 || width > kMaxSide || height > kMaxSide)
        throw IoError("GIF: the size must be 1 to 65535 pixels a side, not " + std::to_string(width) + " x " +
                      std::to_string(height));
    impl_->width = width;
    impl_->height = height;
}

GifWriter::~GifWriter() {
    if (impl_->gif != nullptr) {
        int error = 0;
        EGifCloseFile(impl_->gif, &error);
    }
}

void GifWriter::addFrame(const Image& rgb, int delay_cs) {
    Impl& m = *impl_;
    if (rgb.channels != 3 || rgb.width != m.width || rgb.height != m.height || !rgb.isConsistent())
        throw IoError("GIF: a frame must be RGB, " + std::to_string(m.width) + " x " + std::to_string(m.height) +
                      "; got " + std::to_string(rgb.width) + " x " + std::to_string(rgb.height) + " x " +
                      std::to_string(rgb.channels));
    if (m.finished) throw IoError("GIF: a frame after the file was finished");
    delay_cs = std::max(delay_cs, 1);
    if (!m.pending.empty() && m.pending.pixels == rgb.pixels) {
        m.pending_delay = std::min(m.pending_delay + delay_cs, kMaxDelay);
        return;
    }
    m.flushPending();
    m.pending = rgb;
    m.pending_delay = delay_cs;
}

std::vector<std::uint8_t> GifWriter::finish() {
    Impl& m = *impl_;
    m.flushPending();
    if (m.encoded == 0) throw IoError("GIF: no frames to write");
    m.finished = true;
    if (m.gif != nullptr) {
        int error = 0;
        const int status = EGifCloseFile(m.gif, &error);
        m.gif = nullptr;
        if (status != GIF_OK) m.fail("closing the file", error);
    }
    return m.bytes;
}

void GifWriter::writeAtomic(const std::string& path) {
    const std::vector<std::uint8_t> bytes = finish();
    writeTextFileAtomic(path, std::string(bytes.begin(), bytes.end()));
}

std::size_t GifWriter::imageCount() const { return impl_->encoded + (impl_->pending.empty() ? 0 : 1); }

bool GifWriter::exact() const { return impl_->exact; }

}  // namespace cs
