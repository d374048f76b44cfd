#include "io/matrix_text.h"

#include "io/float_range.h"
#include "io/json_text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

#include "io/float_range.h"
#include "io/request_json.h"

namespace cs {
namespace {

using Rows = std::vector<std::vector<float>>;

[[noreturn]] void fail(const std::string& message) { throw MatrixTextError(message); }

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, std::string_view separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = s.find(separator, start);
        if (at == std::string_view::npos) {
            parts.push_back(s.substr(start));
            return parts;
        }
        parts.push_back(s.substr(start, at - start));
        start = at + separator.size();
    }
}

bool parseNumber(std::string_view token, float& out) {
    token = trim(token);
    if (!token.empty() && token.front() == '+') token.remove_prefix(1);
    if (token.empty()) return false;
    double v = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (ec != std::errc() || end != token.data() + token.size() || !std::isfinite(v)) return false;
    // Past float range the cast is undefined (in practice inf, which no op handles).
    if (!roundsToFiniteFloat(v))
        fail("\"" + std::string(token.substr(0, 20)) + "\" is too large for a 32-bit float (the engines' precision).");
    out = static_cast<float>(v);
    return true;
}

std::string quoted(std::string_view token) {
    std::string t(trim(token).substr(0, 20));
    return "\"" + t + "\"";
}

// Cells of one row separated by commas, tabs or spaces (any mix).
std::vector<float> parseRow(std::string_view row, std::size_t row_number) {
    std::vector<float> values;
    std::size_t i = 0;
    while (i < row.size()) {
        while (i < row.size() && (row[i] == ',' || std::isspace(static_cast<unsigned char>(row[i])))) ++i;
        std::size_t j = i;
        while (j < row.size() && row[j] != ',' && !std::isspace(static_cast<unsigned char>(row[j]))) ++j;
        if (j > i) {
            float v = 0;
            if (!parseNumber(row.substr(i, j - i), v))
                fail(quoted(row.substr(i, j - i)) + " on row " + std::to_string(row_number) + " is not a number.");
            values.push_back(v);
        }
        i = j;
    }
    return values;
}

Tensor toTensor(const Rows& rows) {
    if (rows.empty()) fail("no numbers found: paste rows like \"1 2; 3 4\" or \"[[1, 2], [3, 4]]\".");
    const std::size_t cols = rows.front().size();
    // "," or "[[]]": rows that hold no number would make a 1 x 0 matrix.
    if (cols == 0) fail("no numbers found: paste rows like \"1 2; 3 4\" or \"[[1, 2], [3, 4]]\".");
    for (std::size_t r = 1; r < rows.size(); ++r)
        if (rows[r].size() != cols)
            fail("row " + std::to_string(r + 1) + " has " + std::to_string(rows[r].size()) + " values but row 1 has " +
                 std::to_string(cols) + ": every row needs the same number of values.");
    if (rows.size() > static_cast<std::size_t>(kMaxPastedSide) || cols > static_cast<std::size_t>(kMaxPastedSide))
        fail("the matrix is " + std::to_string(rows.size()) + " x " + std::to_string(cols) + "; at most " +
             std::to_string(kMaxPastedSide) + " per side can be pasted.");
    std::vector<float> data;
    for (const auto& r : rows) data.insert(data.end(), r.begin(), r.end());
    return Tensor({static_cast<int>(rows.size()), static_cast<int>(cols)}, std::move(data));
}

Rows parsePlain(std::string_view text) {
    Rows rows;
    std::size_t number = 0;
    for (std::string_view line : split(text, "\n"))
        for (std::string_view part : split(line, ";")) {
            part = trim(part);
            if (part.empty()) continue;
            ++number;
            rows.push_back(parseRow(part, number));
        }
    return rows;
}

// What a non-number is, for messages. Never dump() a pasted value: dump()
// recurses once per nesting level, and a deep enough paste overflows the stack.
std::string describe(const nlohmann::json& v) {
    if (v.is_array()) return "a list";
    if (v.is_object()) return "an object";
    if (v.is_string()) return "a text";
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_null()) return "null";
    return "a number";
}

Tensor parseJson(std::string_view text) {
    // Counted without parsing (no recursion), so a 100,000-deep paste is
    // refused with a message instead of being built and walked.
    const int depth = jsonNestingDepth(text);
    if (depth > kMaxMatrixJsonDepth)
        fail("the JSON is nested " + std::to_string(depth) + " levels deep; a matrix is at most " +
             std::to_string(kMaxMatrixJsonDepth) + " (a C x H x W stack of rows).");
    const JsonParsed parsed = parseJsonText(text);
    if (!parsed.ok()) fail("this looks like JSON but does not parse (" + parsed.error + "): check the brackets and commas.");
    const nlohmann::json& doc = parsed.doc;
    if (!doc.is_array() || doc.empty()) fail("JSON must be a list of rows, like [[1, 2], [3, 4]].");
    auto number = [](const nlohmann::json& v, const std::string& where) {
        if (!v.is_number()) fail(where + " is " + describe(v) + ", not a number.");
        const double d = v.get<double>();
        if (!std::isfinite(d)) fail(where + " is not a finite number.");
        if (!roundsToFiniteFloat(d))
            fail(where + " = " + v.dump() + " is too large for a 32-bit float (the engines' precision).");
        return static_cast<float>(d);
    };
    auto rowsOf = [&](const nlohmann::json& m, const std::string& prefix) {
        Rows rows;
        if (!m.is_array() || m.empty()) fail(prefix + "must be a non-empty list of rows.");
        for (std::size_t r = 0; r < m.size(); ++r) {
            if (!m[r].is_array()) fail(prefix + "row " + std::to_string(r + 1) + " is not a list.");
            std::vector<float> row;
            for (std::size_t c = 0; c < m[r].size(); ++c)
                row.push_back(number(m[r][c], prefix + "row " + std::to_string(r + 1) + ", value " + std::to_string(c + 1)));
            rows.push_back(std::move(row));
        }
        return toTensor(rows);
    };
    if (doc[0].is_number()) {  // one flat list: a single row
        Rows rows(1);
        for (std::size_t c = 0; c < doc.size(); ++c) rows[0].push_back(number(doc[c], "value " + std::to_string(c + 1)));
        return toTensor(rows);
    }
    if (doc[0].is_array() && !doc[0].empty() && doc[0][0].is_array()) {  // C x H x W
        std::vector<Tensor> planes;
        for (std::size_t c = 0; c < doc.size(); ++c) planes.push_back(rowsOf(doc[c], "channel " + std::to_string(c + 1) + ": "));
        std::vector<float> data;
        for (const Tensor& p : planes) {
            if (p.shape() != planes.front().shape())
                fail("channel " + std::to_string(&p - planes.data() + 1) + " is " + shapeToString(p.shape()) +
                     " but channel 1 is " + shapeToString(planes.front().shape()) + ".");
            data.insert(data.end(), p.values().begin(), p.values().end());
        }
        return Tensor({static_cast<int>(planes.size()), planes.front().dim(0), planes.front().dim(1)}, std::move(data));
    }
    return rowsOf(doc, "");
}

Tensor parseLatex(std::string_view text) {
    const std::size_t begin = text.find("\\begin{");
    std::size_t body = text.find('}', begin);
    if (body == std::string_view::npos) fail("LaTeX: \\begin{...} is not closed.");
    ++body;
    // \begin{array}{ccc}: skip the column specification.
    if (text.substr(begin, 13) == "\\begin{array}" && body < text.size() && text[body] == '{') {
        body = text.find('}', body);
        if (body == std::string_view::npos) fail("LaTeX: the array's column specification is not closed.");
        ++body;
    }
    const std::size_t end = text.find("\\end{", body);
    if (end == std::string_view::npos) fail("LaTeX: no \\end{...} after \\begin{...}.");
    Rows rows;
    std::size_t number = 0;
    for (std::string_view line : split(text.substr(body, end - body), "\\\\")) {
        line = trim(line);
        if (line.empty() || line == "\\hline") continue;
        ++number;
        std::vector<float> row;
        for (std::string_view cell : split(line, "&")) {
            float v = 0;
            if (!parseNumber(cell, v)) fail(quoted(cell) + " on row " + std::to_string(number) + " is not a number.");
            row.push_back(v);
        }
        rows.push_back(std::move(row));
    }
    return toTensor(rows);
}

Tensor parseMarkdown(std::string_view text) {
    Rows rows;
    bool first = true;
    std::size_t number = 0;
    for (std::string_view line : split(text, "\n")) {
        line = trim(line);
        if (line.empty()) continue;
        if (line.find_first_not_of("|-: \t") == std::string_view::npos) continue;  // |---|---|
        if (line.front() == '|') line.remove_prefix(1);
        if (!line.empty() && line.back() == '|') line.remove_suffix(1);
        std::vector<float> row;
        bool words = false;
        for (std::string_view cell : split(line, "|")) {
            float v = 0;
            if (parseNumber(cell, v)) {
                row.push_back(v);
            } else if (first) {
                words = true;  // a header of column names
            } else {
                fail(quoted(cell) + " in table row " + std::to_string(number + 1) + " is not a number.");
            }
        }
        first = false;
        if (words) continue;
        ++number;
        rows.push_back(std::move(row));
    }
    return toTensor(rows);
}

}  // namespace

Tensor parseMatrixText(std::string_view text) {
    text = trim(text);
    if (text.empty()) fail("the clipboard is empty: copy a matrix such as \"1 2; 3 4\" first.");
    if (text.find("\\begin{") != std::string_view::npos) return parseLatex(text);
    if (text.front() == '|') return parseMarkdown(text);
    if (text.front() == '[') {
        // "[[1, 2], [3, 4]]" is JSON; "[1 2; 3 4]" and "[1 2 3]" are MATLAB-style rows in brackets.
        const std::string_view inner = text.substr(1, text.size() - 1);
        const bool nested = inner.find('[') != std::string_view::npos;
        if (nested || text.find(',') != std::string_view::npos) {
            if (text.find(';') == std::string_view::npos) return parseJson(text);
        }
        if (text.back() != ']') fail("the opening [ has no closing ].");
        if (nested) fail("mixed brackets and semicolons: use [[1, 2], [3, 4]] or [1 2; 3 4].");
        return toTensor(parsePlain(text.substr(1, text.size() - 2)));
    }
    return toTensor(parsePlain(text));
}

std::string_view matrixFormatName(MatrixFormat format) {
    switch (format) {
    case MatrixFormat::Csv: return "CSV";
    case MatrixFormat::Rows: return "1 2; 3 4";
    case MatrixFormat::Json: return "JSON";
    case MatrixFormat::Latex: return "LaTeX";
    case MatrixFormat::Markdown: return "Markdown";
    }
    return "CSV";
}

std::string formatMatrix(const Tensor& m, MatrixFormat format, int slice) {
    const int rows = m.dim(-2), cols = m.dim(-1);
    const std::size_t base = static_cast<std::size_t>(slice) * static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
    auto value = [&](int y, int x) {
        return formatFloat(m.values()[base + static_cast<std::size_t>(y) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(x)]);
    };
    std::string s;
    auto joinRow = [&](int y, const char* sep) {
        for (int x = 0; x < cols; ++x) s += (x ? sep : "") + value(y, x);
    };
    switch (format) {
    case MatrixFormat::Csv:
        for (int y = 0; y < rows; ++y) {
            joinRow(y, ",");
            s += "\n";
        }
        break;
    case MatrixFormat::Rows:
        for (int y = 0; y < rows; ++y) {
            if (y) s += "; ";
            joinRow(y, " ");
        }
        break;
    case MatrixFormat::Json:
        s += "[";
        for (int y = 0; y < rows; ++y) {
            s += y ? ", [" : "[";
            joinRow(y, ", ");
            s += "]";
        }
        s += "]";
        break;
    case MatrixFormat::Latex:
        s += "\\begin{bmatrix}\n";
        for (int y = 0; y < rows; ++y) {
            joinRow(y, " & ");
            s += y + 1 < rows ? " \\\\\n" : "\n";
        }
        s += "\\end{bmatrix}";
        break;
    case MatrixFormat::Markdown:
        for (int y = 0; y < rows; ++y) {
            s += "| ";
            joinRow(y, " | ");
            s += " |\n";
            if (y == 0) {
                s += "|";
                for (int x = 0; x < cols; ++x) s += "---|";
                s += "\n";
            }
        }
        break;
    }
    return s;
}

}  // namespace cs
