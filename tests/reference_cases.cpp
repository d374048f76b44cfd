#include "reference_cases.h"

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "io/request_json.h"

namespace cs::test {
namespace {
void flatten(const nlohmann::json& v, std::vector<int>& shape, std::vector<float>& out, std::size_t depth) {
    if (!v.is_array()) {
        out.push_back(v.get<float>());
        return;
    }
    if (shape.size() == depth) shape.push_back(static_cast<int>(v.size()));
    for (const auto& x : v) flatten(x, shape, out, depth + 1);
}
}  // namespace

Tensor tensorFromJson(const std::string& text) {
    std::vector<int> shape;
    std::vector<float> values;
    flatten(nlohmann::json::parse(text), shape, values, 0);
    return Tensor(shape, values);
}

const std::vector<ReferenceCase>& referenceCases() {
    static const std::vector<ReferenceCase> cases = [] {
        std::vector<ReferenceCase> out;
        std::ifstream file(std::string(CONVSCOPE_TEST_DATA) + "/reference_cases.jsonl");
        if (!file) throw std::runtime_error("cannot open reference_cases.jsonl");
        std::string line;
        while (std::getline(file, line)) {
            if (line.empty()) continue;
            const auto j = nlohmann::json::parse(line);
            ReferenceCase c;
            c.name = j.at("name").get<std::string>();
            c.request_json = j.at("request").dump();
            c.request = parseRequest(c.request_json);
            std::vector<int> shape;
            std::vector<float> values;
            flatten(j.at("expected").at("output"), shape, values, 0);
            c.expected = Tensor(j.at("expected").at("shape").get<std::vector<int>>(), values);
            out.push_back(std::move(c));
        }
        return out;
    }();
    return cases;
}

std::vector<std::size_t> referenceCaseIndices() {
    std::size_t n = 0;
    try {
        n = referenceCases().size();
    } catch (const std::exception&) {
        // Registration must not throw; the ThereAreEnough tests report it.
    }
    std::vector<std::size_t> indices(n);
    for (std::size_t i = 0; i < n; ++i) indices[i] = i;
    return indices;
}

std::string referenceCaseName(const ::testing::TestParamInfo<std::size_t>& info) {
    return std::to_string(info.param) + "_" + testNameOf(referenceCases()[info.param]);
}

std::vector<std::size_t> layerCaseIndices() {
    std::vector<std::size_t> out;
    const auto& cases = referenceCases();
    for (std::size_t i = 0; i < cases.size(); ++i)
        if (isLayer(cases[i].request.params.op)) out.push_back(i);
    return out;
}

std::string testNameOf(const ReferenceCase& c) {
    std::string name;
    for (char ch : c.name) name += ch == '-' ? 'm' : (std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_');
    return name;
}

}  // namespace cs::test
