#pragma once
// JSON text parsed, or where and why it is not JSON, in the words of someone
// editing the file by hand (line and column, what the parser expected):
//   parseJsonText("{\"a\": 1,\n}").error ==
//       "line 2, column 1: syntax error while parsing object key - unexpected '}'; expected string literal"
//   parseJsonText("[1e999]").error == "number overflow parsing '1e999'"
// The nesting and the size are the caller's to bound before (see
// request_json.h jsonNestingDepth); this only parses.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cs {

struct JsonParsed {
    nlohmann::json doc;
    std::string error;  // empty: `doc` holds the text's value
    bool ok() const { return error.empty(); }
};

inline JsonParsed parseJsonText(std::string_view text) {
    // nlohmann's messages start "[json.exception.parse_error.101] parse error at "
    // (line and column follow) or "[json.exception.out_of_range.406] ".
    auto words = [](const char* what) {
        std::string s = what;
        if (const std::size_t at = s.find("parse error at "); at != std::string::npos) return s.substr(at + 15);
        if (const std::size_t at = s.find("] "); at != std::string::npos) return s.substr(at + 2);
        return s;
    };
    JsonParsed out;
    try {
        out.doc = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
        out.doc = nullptr;
        out.error = words(e.what());
        if (out.error.empty()) out.error = "not JSON";
    }
    return out;
}

}  // namespace cs
