#pragma once
// Matrices as text, for the clipboard: paste a matrix in from wherever it was
// written, copy it out in the form the destination wants.
//
// parseMatrixText accepts, detecting the form from the text:
//   CSV / whitespace     "1,2,3\n4,5,6"   "1 2 3\n4 5 6"   (tabs from a spreadsheet too)
//   semicolon rows       "1 2; 3 4"       "[1 2; 3 4]"     (MATLAB / NumPy's np.matrix)
//   JSON nested lists    "[[1, 2], [3, 4]]"               (what `convscope compute` accepts;
//                         a 3-deep list is a C x H x W stack)
//   LaTeX                "\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}" (pmatrix, matrix, array)
//   Markdown table       "| 1 | 2 |\n|---|---|\n| 3 | 4 |" (a header row of numbers is data;
//                         a header of words is skipped)
// and throws MatrixTextError with a message that says what is wrong and where:
//   "row 2 has 3 values but row 1 has 2", "\"x\" on row 1 is not a number".
//
// formatMatrix writes one 2-D slice: Csv "1,2\n3,4", Rows "1 2; 3 4",
// Json "[[1, 2], [3, 4]]", Latex "\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}",
// Markdown "| 1 | 2 |\n|---|---|\n| 3 | 4 |" (header row = first row).
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/tensor.h"

namespace cs {

class MatrixTextError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Largest side accepted from the clipboard (the editor's limit is lower).
constexpr int kMaxPastedSide = 1024;

// Deepest JSON list accepted: C x H x W. Deeper text is refused before it is
// parsed (a 100,000-deep paste used to overflow the stack).
constexpr int kMaxMatrixJsonDepth = 3;

// A rank-2 tensor (rank 3 for a 3-deep JSON list). Throws MatrixTextError.
Tensor parseMatrixText(std::string_view text);

enum class MatrixFormat { Csv, Rows, Json, Latex, Markdown };
std::string_view matrixFormatName(MatrixFormat format);  // "CSV", "1 2; 3 4", "JSON", "LaTeX", "Markdown"

// Writes slice `slice` of a rank 2..4 tensor (its last two axes).
std::string formatMatrix(const Tensor& m, MatrixFormat format, int slice = 0);

}  // namespace cs
