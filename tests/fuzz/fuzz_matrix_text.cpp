// Clipboard paste and copy: whatever parses must come back unchanged through
// every format the app copies to.
#include <cmath>
#include <string_view>

#include "fuzz_targets.h"
#include "io/matrix_text.h"

namespace cs::fuzz {
namespace {

constexpr MatrixFormat kFormats[] = {MatrixFormat::Csv, MatrixFormat::Rows, MatrixFormat::Json, MatrixFormat::Latex,
                                     MatrixFormat::Markdown};

bool sameValue(float a, float b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void roundTrip(const Tensor& m, MatrixFormat format, int slice) {
    const int h = m.dim(-2), w = m.dim(-1);
    const std::string text = formatMatrix(m, format, slice);
    const std::string where = std::string(matrixFormatName(format)) + " slice " + std::to_string(slice) + " of " +
                              shapeToString(m.shape()) + ": \"" + text.substr(0, 200) + "\"";
    Tensor back;
    try {
        back = parseMatrixText(text);
    } catch (const MatrixTextError& e) {
        fail("matrix_text", "written as " + where + ", reads back as an error: " + e.what());
    }
    if (back.shape() != std::vector<int>{h, w})
        fail("matrix_text", where + " reads back as " + shapeToString(back.shape()));
    const std::size_t plane = static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
    for (std::size_t i = 0; i < plane; ++i)
        if (!sameValue(back.values()[i], m.values()[static_cast<std::size_t>(slice) * plane + i]))
            fail("matrix_text", where + " changes value " + std::to_string(i));
}

}  // namespace

int fuzzMatrixText(const std::uint8_t* data, std::size_t size) {
    Tensor m;
    try {
        m = parseMatrixText(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const MatrixTextError&) {
        return 0;
    }
    if (m.rank() < 2 || m.rank() > 3) fail("matrix_text", "parsed a tensor of rank " + std::to_string(m.rank()));
    if (m.size() != elementCount(m.shape()) || m.empty()) fail("matrix_text", "parsed an inconsistent or empty tensor");
    const int slices = m.rank() == 3 ? m.dim(0) : 1;
    for (int s = 0; s < slices; ++s)
        for (const MatrixFormat f : kFormats) roundTrip(m, f, s);
    return 0;
}

}  // namespace cs::fuzz
