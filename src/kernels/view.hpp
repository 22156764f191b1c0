// Strided views: the one way kernels see array memory.
//
// A view is a base pointer, an element count and a byte stride, exactly what a NumPy
// gufunc loop receives for one core dimension. Kernels are templates over the element
// type and take views, so they know nothing of NumPy and can be tested as plain C++.
#pragma once

#include <cstddef>
#include <type_traits>

// For the per-element step of a kernel whose accumulator the engine keeps in registers:
// inlined whatever the compiler's budget for the caller. Left to GCC, move_mean's step
// was called out of line, which put the accumulator in memory: 2x slower (95 against
// 46 ms for (1000, 10000) on one thread). A function that only prefetches must be inlined
// too: GCC 12 judges it free of side effects and drops the calls to it, prefetches and all.
#if defined(__GNUC__)
#define PARAFUNC_INLINE inline __attribute__((always_inline))
#define PARAFUNC_ALWAYS_INLINE __attribute__((always_inline))  // for lambdas
#else
#define PARAFUNC_INLINE inline
#define PARAFUNC_ALWAYS_INLINE
#endif

namespace parafunc {

using index_t = std::ptrdiff_t;

// Whether an element is NaN, for any element type (integers hold none). A quiet
// comparison: no floating-point flag is raised.
template <class T>
PARAFUNC_INLINE bool is_nan(T x) {
    if constexpr (std::is_floating_point_v<T>) {
        return x != x;
    } else {
        return false;
    }
}

template <class T>
struct StridedView {
    char *data;
    index_t size;
    index_t stride;  // in bytes; may be negative or zero

    T operator[](index_t i) const { return *reinterpret_cast<const T *>(data + i * stride); }
    T &at(index_t i) const { return *reinterpret_cast<T *>(data + i * stride); }
    bool contiguous() const { return stride == static_cast<index_t>(sizeof(T)); }
    const T *pointer() const { return reinterpret_cast<const T *>(data); }
};

// Bytes of a cache line, the unit in which rows far apart are prefetched.
inline constexpr index_t kCacheLine = 64;

// The width of the tiles of the moving windows, scans and selections, whose kernels keep
// per-series state of a tile on the stack, and the width up to which a reduction's kernel
// keeps its per-series scratch there (TileScratch). 256 doubles make a row 2 KiB: wide
// enough that each visit to a row's page reads much of it (narrower tiles measured slower
// along axis 0, from TLB misses when rows are far apart), small enough for the
// accumulators to stay in L1. Reductions widen their tiles further (layout.hpp).
inline constexpr index_t kMaxTileWidth = 256;

// A 2-D block of several series side by side: `width` series, each `rows` long.
// Element (r, j) is row r of series j. Reductions along axis 0 of a C-ordered array
// arrive as many series whose neighbours are adjacent in memory (small `series_stride`)
// and whose own elements are far apart (large `row_stride`); walking such a tile row by
// row reads memory in order, which is what makes axis=0 as fast as axis=-1.
template <class T>
struct StridedTile {
    char *data;
    index_t rows;
    index_t width;
    index_t row_stride;     // bytes between consecutive elements of one series
    index_t series_stride;  // bytes between neighbouring series

    T operator()(index_t r, index_t j) const {
        return *reinterpret_cast<const T *>(data + r * row_stride + j * series_stride);
    }
    // Neighbouring series adjacent in memory: row r is a plain array of `width` values.
    bool rows_contiguous() const { return series_stride == static_cast<index_t>(sizeof(T)); }
    const T *row(index_t r) const { return reinterpret_cast<const T *>(data + r * row_stride); }
    // Asks for row r's cache lines, where rows are contiguous: rows a row of the array
    // apart (axis 0 of a C array) are too far apart for the hardware prefetchers.
    PARAFUNC_INLINE void prefetch_row(index_t r) const {
        if (!rows_contiguous()) return;
        const char *start = data + r * row_stride;
        for (index_t b = 0; b < width * static_cast<index_t>(sizeof(T)); b += kCacheLine) {
            __builtin_prefetch(start + b);
        }
    }
};

}  // namespace parafunc
