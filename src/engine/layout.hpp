// Facts about the memory a loop call touches, used to choose how to walk it.
#pragma once

#include <algorithm>
#include <cstdlib>

#include "../kernels/view.hpp"

namespace parafunc::engine {

// The byte range [lo, hi) covered by `outer` series of `core` elements of `itemsize` bytes.
struct ByteRange {
    const char *lo;
    const char *hi;
};

inline ByteRange byte_range(const char *base, index_t outer, index_t outer_stride, index_t core,
                            index_t core_stride, index_t itemsize) {
    if (outer == 0 || core == 0) return {base, base};
    const index_t a = (outer - 1) * outer_stride;
    const index_t b = (core - 1) * core_stride;
    return {base + std::min<index_t>(a, 0) + std::min<index_t>(b, 0),
            base + std::max<index_t>(a, 0) + std::max<index_t>(b, 0) + itemsize};
}

inline bool overlaps(const ByteRange &x, const ByteRange &y) {
    return x.lo < y.hi && y.lo < x.hi;
}

// Series are walked as side-by-side tiles (row by row) when neighbouring series are closer
// in memory than consecutive elements of one series, as along axis 0 of a C-ordered array:
// one series at a time would touch a new cache line per element (measured 2.5x slower).
inline bool prefer_tiles(index_t outer, index_t outer_stride, index_t core_stride) {
    return outer > 1 && std::llabs(outer_stride) < std::llabs(core_stride);
}

}  // namespace parafunc::engine
