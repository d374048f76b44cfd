#include "core/padding.h"

#include <algorithm>

namespace cs {

int paddedSource(int i, int n, PaddingMode mode) {
    if (i >= 0 && i < n) return i;
    switch (mode) {
    case PaddingMode::Zeros: return -1;
    case PaddingMode::Reflect: {
        if (n == 1) return 0;
        // Reflect about the edge cells without repeating them: -1 -> 1, n -> n-2.
        const int period = 2 * (n - 1);
        int j = ((i % period) + period) % period;
        return j < n ? j : period - j;
    }
    case PaddingMode::Replicate: return std::clamp(i, 0, n - 1);
    case PaddingMode::Circular: return ((i % n) + n) % n;
    }
    return -1;
}

std::vector<int> paddedSourceTable(int n, int padding, PaddingMode mode) {
    std::vector<int> table(static_cast<std::size_t>(n + 2 * padding));
    for (int i = -padding; i < n + padding; ++i) table[static_cast<std::size_t>(i + padding)] = paddedSource(i, n, mode);
    return table;
}

}  // namespace cs
