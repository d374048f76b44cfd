#pragma once
// JSON text parsed, or where and why it is not JSON, in the words of someone
// editing the file by hand (line and column, what the parser expected):
//   parseJsonText("{\"a\": 1,\n}").error ==
//       "line 2, column 1: syntax error while parsing object key - unexpected '}'; expected string literal"
//   parseJsonText("[1e999]").error == "number overflow parsing '1e999'"
//   parseJsonText("{\"a\": 1, \"a\": 2}").error == "the key \"a\" appears twice in one object"
// (JSON parsers keep one of two equal keys, silently: a file edited by hand
// would then run with a value its author did not see.)
// The nesting and the size are the caller's to bound before (see
// request_json.h jsonNestingDepth); this only parses.
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

struct JsonParsed {
    nlohmann::json doc;
    std::string error;  // empty: `doc` holds the text's value
    bool ok() const { return error.empty(); }
};

inline JsonParsed parseJsonText(std::string_view text) {
    // nlohmann's messages start "[json.exception.parse_error.101] parse error at "
    // (line and column follow) or "[json.exception.out_of_range.406] ".
    // Its "last read: '...'" quotes the text's own bytes, which may be any:
    // a byte outside printable ASCII becomes '?', so the message is valid
    // UTF-8 wherever it goes (a JSON error line, the window).
    auto words = [](const char* what) {
        std::string s = what;
        if (const std::size_t at = s.find("parse error at "); at != std::string::npos) s = s.substr(at + 15);
        else if (const std::size_t at2 = s.find("] "); at2 != std::string::npos) s = s.substr(at2 + 2);
        for (char& c : s)
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
        return s;
    };
    JsonParsed out;
    std::vector<std::set<std::string>> keys;  // of each object being read, outermost first
    std::string twice;
    const nlohmann::json::parser_callback_t note_keys = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        if (event == Event::object_start) keys.emplace_back();
        else if (event == Event::object_end && !keys.empty()) keys.pop_back();
        else if (event == Event::key && !keys.empty() && twice.empty() && !keys.back().insert(parsed.get<std::string>()).second)
            twice = parsed.get<std::string>();
        return true;
    };
    try {
        out.doc = nlohmann::json::parse(text.begin(), text.end(), note_keys);
    } catch (const nlohmann::json::exception& e) {
        out.doc = nullptr;
        out.error = words(e.what());
        if (out.error.empty()) out.error = "not JSON";
        return out;
    }
    if (!twice.empty()) {
        out.doc = nullptr;
        out.error = "the key " + nlohmann::json(twice).dump() + " appears twice in one object";
    }
    return out;
}

}  // namespace cs
