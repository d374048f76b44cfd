#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <iostream>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "io/request_json.h"

namespace cs {
namespace {

// A finite result, or the reason it is not one.
std::string nonFiniteReason(const Tensor& t, OpKind op) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        const float v = t.values()[i];
        if (std::isfinite(v)) continue;
        if (std::isnan(v))
            return op == OpKind::LpPool2d
                       ? "the result is not a number (NaN): a window's sum of x^p is negative, and with this "
                         "norm_type it has no real root. Use norm_type 2 or non-negative inputs."
                       : "the result is not a number (NaN).";
        if (op == OpKind::MaxPool2d)
            return "a pooling window covers only padding (PyTorch returns -inf there, which JSON cannot hold); "
                   "reduce the dilation or padding.";
        return "the result overflows a 32-bit float; use smaller values.";
    }
    return {};
}

std::string answer(const std::string& text, Engine& engine, bool& ok) {
    try {
        const OpRequest request = parseRequest(text);
        const Tensor out = engine.run(request);
        const std::string bad = nonFiniteReason(out, request.params.op);
        if (!bad.empty()) {
            ok = false;
            return formatError(bad);
        }
        return formatResult(out);
    } catch (const OpError& e) {
        ok = false;
        return formatError(e.what());
    } catch (const std::bad_alloc&) {
        ok = false;
        return formatError("not enough memory for this request.");
    }
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Lines read in chunks, so memory is bounded by the longest line kept, never
// by the input: whitespace at either end of a line is dropped as it is read
// (2 GB of blanks cost nothing), whitespace inside a line is kept, and a line
// whose kept text passes `limit` bytes is reported as too long and skipped.
class LineReader {
public:
    enum class Status { Line, TooLong, End };
    LineReader(std::istream& in, std::size_t limit) : in_(in), limit_(limit), chunk_(std::size_t{1} << 16) {}

    Status next(std::string& line) {
        line.clear();
        pending_.clear();
        std::size_t pending = 0;  // whitespace since the last kept character
        bool read_any = false, too_long = false;
        while (true) {
            if (pos_ == len_ && !fill()) break;
            read_any = true;
            const char c = chunk_[pos_++];
            if (c == '\n') break;
            if (too_long) continue;
            if (isSpace(c)) {
                if (line.empty()) continue;  // leading
                if (pending_.size() < kExactWhitespace) pending_ += c;
                ++pending;
                continue;
            }
            if (line.size() + pending + 1 > limit_) {
                too_long = true;
                std::string().swap(line);  // give the memory back now
                continue;
            }
            line += pending_;
            line.append(pending - pending_.size(), ' ');
            pending_.clear();
            pending = 0;
            line += c;
        }
        if (!read_any) return Status::End;
        return too_long ? Status::TooLong : Status::Line;
    }
    // The stream failed (a folder, an I/O error) rather than ended.
    bool failed() const { return failed_; }

private:
    // Whitespace inside a line is kept exactly up to this run length and a
    // longer run as spaces (the same JSON), so a run is only stored once text
    // follows it (and then counts toward the limit); at a line's end it is free.
    static constexpr std::size_t kExactWhitespace = 64;

    bool fill() {
        pos_ = 0;
        len_ = readSome(chunk_.data(), chunk_.size());
        return len_ > 0;
    }

    // What the input holds now, without waiting for a full chunk: a request
    // on a pipe is answered while the writer is still writing (istream::read
    // waits until the whole count has arrived). 0 at the end or on failure.
    std::size_t readSome(char* buf, std::size_t cap) {
        if (failed_) return 0;
        if (&in_ == &std::cin) {
            // std::cin's stdio-synced buffer has no way to hand over only what
            // is there; nothing was read through it before, so fd 0 is exact.
            while (true) {
                const ssize_t n = ::read(0, buf, cap);
                if (n >= 0) return static_cast<std::size_t>(n);
                if (errno == EINTR) continue;
                failed_ = true;
                return 0;
            }
        }
        try {
            std::streambuf* sb = in_.rdbuf();
            std::streamsize avail = sb->in_avail();
            if (avail <= 0) {  // one read from the file, as much as it gives
                if (std::char_traits<char>::eq_int_type(sb->sgetc(), std::char_traits<char>::eof())) return 0;
                avail = std::max<std::streamsize>(sb->in_avail(), 1);
            }
            return static_cast<std::size_t>(sb->sgetn(buf, std::min<std::streamsize>(avail, static_cast<std::streamsize>(cap))));
        } catch (const std::exception&) {  // libstdc++'s filebuf throws on a read error (a folder)
            failed_ = true;
            return 0;
        }
    }

    std::istream& in_;
    std::size_t limit_;
    std::vector<char> chunk_;
    std::size_t pos_ = 0, len_ = 0;
    std::string pending_;
    bool failed_ = false;
};

// True when the line closes every bracket it opens, outside strings: then it
// is a request of its own (JSON Lines). A pretty-printed document's first line
// ("{") is not, and the lines after it are read as one document.
bool isWholeLine(const std::string& line) {
    long depth = 0;
    bool in_string = false, escaped = false;
    for (char ch : line) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (ch == '\\') escaped = true;
            else if (ch == '"') in_string = false;
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == '[' || ch == '{') {
            ++depth;
        } else if (ch == ']' || ch == '}') {
            --depth;
        }
    }
    return depth == 0 && !in_string;
}

std::string tooLongMessage(std::size_t limit) {
    return "this request is longer than " + std::to_string(limit) + " bytes (" + std::to_string(limit >> 20) +
           " MiB), the limit for one request (whitespace at the ends of lines and blank lines do not count).";
}

int readError(std::ostream& err) {
    err << "convscope compute: cannot read the requests (is it a folder?).\n";
    return 1;
}

}  // namespace

int runCompute(std::istream& in, std::ostream& out, std::ostream& err, Engine& engine, std::size_t max_request_bytes) {
    LineReader reader(in, max_request_bytes);
    bool ok = true;
    // Each answer is flushed as soon as it is known: a heavy request must not
    // hold back the answers before it (a pipe reader waits on them).
    auto reply = [&](const std::string& line) { out << line << '\n' << std::flush; };
    std::string line;
    LineReader::Status status;
    do status = reader.next(line);
    while (status == LineReader::Status::Line && line.empty());
    if (status == LineReader::Status::End) {
        if (reader.failed()) return readError(err);
        err << "convscope compute: no request given (expected a JSON object or JSON Lines).\n";
        return 2;
    }
    if (status == LineReader::Status::Line && !isWholeLine(line)) {
        // One document over many lines: read it whole (within the limit),
        // then answer it, or each line if it is not one document after all.
        std::string doc = line;
        while ((status = reader.next(line)) != LineReader::Status::End) {
            if (status == LineReader::Status::Line && line.empty()) continue;
            if (status == LineReader::Status::TooLong || doc.size() + 1 + line.size() > max_request_bytes) {
                reply(formatError(tooLongMessage(max_request_bytes)));
                return 2;
            }
            doc += '\n';
            doc += line;
        }
        if (reader.failed()) return readError(err);
        if (isSingleJsonDocument(doc)) {
            reply(answer(doc, engine, ok));
        } else {
            std::size_t start = 0;
            while (start <= doc.size()) {
                std::size_t end = doc.find('\n', start);
                if (end == std::string::npos) end = doc.size();
                reply(answer(doc.substr(start, end - start), engine, ok));
                start = end + 1;
            }
        }
        return ok ? 0 : 2;
    }
    // JSON Lines: one request per line, answered as it arrives.
    do {
        if (status == LineReader::Status::TooLong) {
            ok = false;
            reply(formatError(tooLongMessage(max_request_bytes)));
        } else if (!line.empty()) {
            reply(answer(line, engine, ok));
        }
    } while ((status = reader.next(line)) != LineReader::Status::End);
    if (reader.failed()) return readError(err);
    return ok ? 0 : 2;
}

}  // namespace cs
