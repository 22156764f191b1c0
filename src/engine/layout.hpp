// Facts about the memory a loop call touches, used to choose how to walk it.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <utility>

#include "../kernels/view.hpp"

namespace parafunc::engine {

struct ByteRange {
    const char *lo;
    const char *hi;
};

struct Extent {
    index_t count;
    index_t stride;  // bytes
};

// The byte range [lo, hi) covered by the elements of `itemsize` bytes at base + sum of
// i_k * stride_k, 0 <= i_k < count_k.
inline ByteRange byte_range(const char *base, index_t itemsize,
                            std::initializer_list<Extent> dims) {
    index_t lo = 0, hi = 0;
    for (const Extent &d : dims) {
        if (d.count == 0) return {base, base};
        const index_t last = (d.count - 1) * d.stride;
        lo += std::min<index_t>(last, 0);
        hi += std::max<index_t>(last, 0);
    }
    return {base + lo, base + hi + itemsize};
}

inline bool overlaps(const ByteRange &x, const ByteRange &y) { return x.lo < y.hi && y.lo < x.hi; }

// The memory of a call with one output per series: `planes` x `series` series of `core`
// elements (reductions, selections). Strides in bytes; a plane is a set of series side by
// side.
struct ReduceLayout {
    index_t planes, in_plane_stride, out_plane_stride;
    index_t series, in_series_stride, out_series_stride;
    index_t core, in_core_stride;
};

// Scratch of a tile of gathered series: 2 MiB, within a core's share of L2/L3 on current
// machines, so a tile is worked on in cache right after it is gathered.
inline constexpr index_t kScratchBytes = index_t{2} << 20;

// The widest tile (at most kMaxTileWidth) whose scratch, `itemsize` bytes per element,
// fits kScratchBytes; at least 1.
inline index_t tile_width(index_t core, index_t itemsize) {
    return std::clamp<index_t>(kScratchBytes / std::max<index_t>(core * itemsize, 1), 1,
                               kMaxTileWidth);
}

// The widest tile of a reduction: 8192 series, 64 KiB of a row of doubles, so that 16 rows
// of it (the kernels' segment) stay within L2.
inline constexpr index_t kWidestReduceTile = 8192;

// The width of a reduction's tiles of `series` side-by-side series on `threads` threads:
// an equal share of the series per thread, in as few tiles as kWidestReduceTile allows,
// each a whole number of cache lines of floats or doubles; never narrower than
// kMaxTileWidth. A kernel walks a tile 16 rows at a time, each row across the tile, so a
// wide tile makes each row one long run the hardware prefetchers follow from page to
// page: nanmin along axis 0 of (1000, 10000) on 2 threads took 2.9 ms in tiles of 256
// series, 2.0 ms in tiles of 2500 and 1.5 ms in tiles of 5000, as along axis -1.
// Results do not depend on the width (reduce_loop.hpp), so it may follow the threads.
inline index_t reduce_tile_width(index_t series, index_t threads) {
    auto ceil_div = [](index_t a, index_t b) { return (a + b - 1) / b; };
    const index_t share = ceil_div(series, std::max<index_t>(threads, 1));
    const index_t tiles_per_thread = ceil_div(share, kWidestReduceTile);
    const index_t width = ceil_div(ceil_div(share, tiles_per_thread), 16) * 16;
    return std::max(width, kMaxTileWidth);
}

// Series are walked as side-by-side tiles (row by row) when neighbouring series are closer
// in memory than consecutive elements of one series, as along axis 0 of a C-ordered array:
// one series at a time would touch a new cache line per element (measured 2.5x slower).
inline bool prefer_tiles(index_t outer, index_t outer_stride, index_t core_stride) {
    return outer > 1 && std::llabs(outer_stride) < std::llabs(core_stride);
}

// The memory of a call with one output per element: `planes` x `series` series of `core`
// elements (moving windows, scans, ranks). Strides in bytes; a plane is a set of series
// side by side.
struct SeriesLayout {
    index_t planes, in_plane_stride, out_plane_stride;
    index_t series, in_series_stride, out_series_stride;
    index_t core, in_core_stride, out_core_stride;
};

// For the middle-axis companions, which get planes (p) and series (q) as two axes: the
// axis closer together in memory becomes the series, as NumPy's own iteration would choose
// (p, for a Fortran-ordered input), so that tiles walk memory in order. Layout is
// ReduceLayout or SeriesLayout.
template <class Layout>
bool planes_are_closer(const Layout &l) {
    return std::llabs(l.in_plane_stride) < std::llabs(l.in_series_stride);
}
template <class Layout>
void swap_planes_and_series(Layout &l) {
    std::swap(l.planes, l.series);
    std::swap(l.in_plane_stride, l.in_series_stride);
    std::swap(l.out_plane_stride, l.out_series_stride);
}
template <class Layout>
void series_on_the_closer_axis(Layout &l) {
    if (planes_are_closer(l)) swap_planes_and_series(l);
}

}  // namespace parafunc::engine
