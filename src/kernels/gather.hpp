// Gathering a series' non-NaN values into scratch, where the selections (quantile.hpp)
// reorder them: one series (a view), or a tile of neighbouring series read by blocks of
// rows (axis 0 of a C array). Where rows are contiguous doubles, floats or 32- and 64-bit
// integers and the processor has AVX2, both take four values at a time, as compress.hpp's
// passes do: one series four in a row, a tile four rows of four series, transposed in
// registers so that each vector holds four values of one series.
#pragma once

#include <algorithm>
#include <type_traits>

#include "compress.hpp"
#include "view.hpp"

namespace parafunc {

namespace detail {

#if PARAFUNC_HAS_LANES
// Bit i set where x[i] is not NaN.
PARAFUNC_LANES_TARGET inline int not_nan_mask(__m256d x) {
    return _mm256_movemask_pd(_mm256_cmp_pd(x, x, _CMP_ORD_Q));
}
PARAFUNC_LANES_TARGET inline int not_nan_mask(__m128 x) {
    return _mm_movemask_ps(_mm_cmp_ps(x, x, _CMP_ORD_Q));
}
PARAFUNC_LANES_TARGET inline int not_nan_mask(__m256i) { return 15; }
PARAFUNC_LANES_TARGET inline int not_nan_mask(__m128i) { return 15; }

// Four rows of four neighbouring series in, the four series (four rows each) out.
PARAFUNC_LANES_TARGET inline void transpose_four(__m256d &a, __m256d &b, __m256d &c,
                                                 __m256d &d) {
    const __m256d ab_even = _mm256_unpacklo_pd(a, b), ab_odd = _mm256_unpackhi_pd(a, b);
    const __m256d cd_even = _mm256_unpacklo_pd(c, d), cd_odd = _mm256_unpackhi_pd(c, d);
    a = _mm256_permute2f128_pd(ab_even, cd_even, 0x20);
    b = _mm256_permute2f128_pd(ab_odd, cd_odd, 0x20);
    c = _mm256_permute2f128_pd(ab_even, cd_even, 0x31);
    d = _mm256_permute2f128_pd(ab_odd, cd_odd, 0x31);
}
PARAFUNC_LANES_TARGET inline void transpose_four(__m128 &a, __m128 &b, __m128 &c, __m128 &d) {
    _MM_TRANSPOSE4_PS(a, b, c, d);
}
// Integers as the floating type of their width (moved, never computed on).
PARAFUNC_LANES_TARGET inline __m256d as_floats(__m256i x) { return _mm256_castsi256_pd(x); }
PARAFUNC_LANES_TARGET inline __m128 as_floats(__m128i x) { return _mm_castsi128_ps(x); }
PARAFUNC_LANES_TARGET inline __m256i as_integers(__m256d x) { return _mm256_castpd_si256(x); }
PARAFUNC_LANES_TARGET inline __m128i as_integers(__m128 x) { return _mm_castps_si128(x); }
template <class V>
PARAFUNC_LANES_TARGET inline void transpose_four(V &a, V &b, V &c, V &d) {
    auto fa = as_floats(a), fb = as_floats(b), fc = as_floats(c), fd = as_floats(d);
    transpose_four(fa, fb, fc, fd);
    a = as_integers(fa), b = as_integers(fb), c = as_integers(fc), d = as_integers(fd);
}

// gather_non_nan_with_room of n contiguous values, four at a time.
template <class T>
PARAFUNC_LANES_TARGET index_t gather_four(const T *p, index_t n, T *to) {
    index_t kept = 0, i = 0;
    for (; i + 4 <= n; i += 4) {  // stores 4 values at to + kept <= to + i: within [0, n)
        const auto x = load_four(p + i);
        kept += store_kept(to + kept, x, not_nan_mask(x));
    }
    for (; i < n; ++i) {
        to[kept] = p[i];
        kept += !is_nan(p[i]);
    }
    return kept;
}

// Rows [r, r + kRows) of series [0, 4 * (width / 4)) of a tile whose rows are contiguous,
// appended as gather_non_nan below does; kRows a multiple of 4.
template <index_t kRows, class T>
PARAFUNC_LANES_TARGET void gather_rows_four(const StridedTile<T> &tile, index_t r, T *to,
                                            index_t capacity, index_t *kept) {
    for (index_t j = 0; j + 4 <= tile.width; j += 4) {
        T *series = to + j * capacity;
        index_t k0 = kept[j], k1 = kept[j + 1], k2 = kept[j + 2], k3 = kept[j + 3];
        for (index_t b = r; b < r + kRows; b += 4) {  // k <= b: room for 4 below rows
            auto x0 = load_four(tile.row(b) + j), x1 = load_four(tile.row(b + 1) + j);
            auto x2 = load_four(tile.row(b + 2) + j), x3 = load_four(tile.row(b + 3) + j);
            transpose_four(x0, x1, x2, x3);
            k0 += store_kept(series + k0, x0, not_nan_mask(x0));
            k1 += store_kept(series + capacity + k1, x1, not_nan_mask(x1));
            k2 += store_kept(series + 2 * capacity + k2, x2, not_nan_mask(x2));
            k3 += store_kept(series + 3 * capacity + k3, x3, not_nan_mask(x3));
        }
        kept[j] = k0;
        kept[j + 1] = k1;
        kept[j + 2] = k2;
        kept[j + 3] = k3;
    }
}
#endif

// Rows [r, r + kRows) of series [first, width) of a tile, appended as gather_non_nan below.
template <index_t kRows, class T>
void gather_rows(const StridedTile<T> &tile, index_t r, index_t first, T *to, index_t capacity,
                 index_t *kept) {
    for (index_t j = first; j < tile.width; ++j) {
        T *series = to + j * capacity;
        index_t k = kept[j];
        for (index_t b = 0; b < kRows; ++b) {
            const T v = tile(r + b, j);
            series[k] = v;
            k += !is_nan(v);
        }
        kept[j] = k;
    }
}

// Rows gathered at a time: each series then receives this many values in a row.
inline constexpr index_t kGatherRows = 16;

// gather_rows<kGatherRows> of every series, four at a time where it can.
template <class T>
void gather_block(const StridedTile<T> &tile, index_t r, T *to, index_t capacity,
                  index_t *kept) {
    index_t first = 0;
#if PARAFUNC_HAS_LANES
    if constexpr (kFourAtATime<T>) {
        if (tile.rows_contiguous() && lanes_supported()) {
            gather_rows_four<kGatherRows>(tile, r, to, capacity, kept);
            first = tile.width / 4 * 4;
        }
    }
#endif
    gather_rows<kGatherRows>(tile, r, first, to, capacity, kept);
}

}  // namespace detail

// Copies the non-NaN elements of x to `to`, in order, and returns how many: it writes
// exactly those, so blocks of one series can be gathered in parallel to adjacent ranges.
// For integers the test is constant and the contiguous copy vectorises.
template <class T>
index_t gather_non_nan(const StridedView<T> &x, T *to) {
    index_t kept = 0;
    if (x.contiguous()) {
        const T *p = x.pointer();
        for (index_t i = 0; i < x.size; ++i) {
            if (!is_nan(p[i])) to[kept++] = p[i];
        }
    } else {
        for (index_t i = 0; i < x.size; ++i) {
            const T v = x[i];
            if (!is_nan(v)) to[kept++] = v;
        }
    }
    return kept;
}

// gather_non_nan where `to` has room for all of x: it may also write to[kept, x.size), and
// takes contiguous values four at a time (one series of 10^7 doubles, 1% NaN, read from
// L3: 8.0 against 10.1 ms).
template <class T>
index_t gather_non_nan_with_room(const StridedView<T> &x, T *to) {
#if PARAFUNC_HAS_LANES
    if constexpr (detail::kFourAtATime<T>) {
        if (x.contiguous() && lanes_supported()) {
            return detail::gather_four(x.pointer(), x.size, to);
        }
    }
#endif
    return gather_non_nan(x, to);
}

// The same for rows [r0, r1) of every series of a tile, appended: series j goes to
// to + j * capacity (capacity >= tile.rows) after its kept[j] values (kept[j] <= r0), and
// kept[j] grows by its count. Branch-free (each value is stored, and counted only if it is
// not NaN), which needs that room. The tile is read kGatherRows rows at a time, series by
// series, so that each series' values are written together: row by row, each value went
// to another series' buffer, a cache line and often a page away from the last (a (1000,
// 10000) float64 array gathered by tiles of 64 series: ~30 ms row by row, ~14 in blocks of
// 16 rows; blocks of 32 or 64 rows measured slower, ~21 ms; four at a time, 6.0-6.4
// against 9.5 ms, in a later measure). The next block's rows are prefetched: without, each
// block waited on its misses (nanmedian along axis 0 of that array, one thread: 41
// against 35 ms; two blocks ahead measured no better).
template <class T>
void gather_non_nan(const StridedTile<T> &tile, index_t r0, index_t r1, T *to, index_t capacity,
                    index_t *kept) {
    index_t r = r0;
    for (; r + detail::kGatherRows <= r1; r += detail::kGatherRows) {
        for (index_t b = r + detail::kGatherRows; b < std::min(r1, r + 2 * detail::kGatherRows);
             ++b) {
            tile.prefetch_row(b);
        }
        detail::gather_block(tile, r, to, capacity, kept);
    }
    for (; r < r1; ++r) detail::gather_rows<1>(tile, r, 0, to, capacity, kept);
}

namespace detail {

#if PARAFUNC_HAS_LANES
// Rows [r, r1) of series [0, 4 * (width / 4)) of a tile whose rows are contiguous floats
// or doubles: met[j] set where series j holds a NaN among them.
template <class T>
PARAFUNC_LANES_TARGET void mark_nan_four(const StridedTile<T> &tile, index_t r, index_t r1,
                                         unsigned char *met) {
    for (index_t j = 0; j + 4 <= tile.width; j += 4) {
        int nan = 0;
        for (index_t b = r; b < r1; ++b) nan |= ~not_nan_mask(load_four(tile.row(b) + j));
        for (int s = 0; s < 4; ++s) met[j + s] |= (nan >> s) & 1;
    }
}
#endif

}  // namespace detail

// Whether every series of a tile holds a NaN, reading kGatherRows rows at a time (the
// next ones prefetched) until each has met one; met[0, width) is scratch. Where a NaN
// decides a result (median), a tile whose series all hold one needs no gathering: along
// axis 0 of a (1000, 10000) float64 array with 1% NaN, median takes 1.2 ms on two threads,
// where gathering until every series had met a NaN took 1.6 (the same series laid out
// one after another, along the last axis of the transpose's contiguous copy: 0.75 ms).
template <class T>
bool every_series_has_nan(const StridedTile<T> &tile, unsigned char *met) {
    if constexpr (!std::is_floating_point_v<T>) {
        return false;
    } else {
        std::fill(met, met + tile.width, static_cast<unsigned char>(0));
        for (index_t r = 0; r < tile.rows; r += detail::kGatherRows) {
            const index_t r1 = std::min(tile.rows, r + detail::kGatherRows);
            for (index_t b = r1; b < std::min(tile.rows, r1 + detail::kGatherRows); ++b) {
                tile.prefetch_row(b);
            }
            index_t first = 0;
#if PARAFUNC_HAS_LANES
            if (tile.rows_contiguous() && lanes_supported()) {
                detail::mark_nan_four(tile, r, r1, met);
                first = tile.width / 4 * 4;
            }
#endif
            for (index_t j = first; j < tile.width; ++j) {
                for (index_t b = r; b < r1; ++b) met[j] |= is_nan(tile(b, j));
            }
            if (std::all_of(met, met + tile.width, [](unsigned char m) { return m != 0; })) {
                return true;
            }
        }
        return false;
    }
}

namespace detail {

#if PARAFUNC_HAS_LANES
// copy_rows_contiguous of series [0, 4 * (width / 4)) and rows [0, 4 * (rows / 4)) of a
// tile whose series are contiguous: blocks of four elements of four series, transposed in
// registers.
template <class T>
PARAFUNC_LANES_TARGET void copy_rows_four(const StridedTile<T> &tile, T *to) {
    for (index_t j = 0; j + 4 <= tile.width; j += 4) {
        const T *x = reinterpret_cast<const T *>(tile.data + j * tile.series_stride);
        const index_t apart = tile.series_stride / index_t{sizeof(T)};
        for (index_t r = 0; r + 4 <= tile.rows; r += 4) {
            auto a = load_four(x + r), b = load_four(x + apart + r);
            auto c = load_four(x + 2 * apart + r), d = load_four(x + 3 * apart + r);
            transpose_four(a, b, c, d);
            T *row = to + r * tile.width + j;
            store_four(row, a);
            store_four(row + tile.width, b);
            store_four(row + 2 * tile.width, c);
            store_four(row + 3 * tile.width, d);
        }
    }
}
#endif

}  // namespace detail

// Copies a tile to `to` row by row, to[r * width + j] = tile(r, j): series apart in memory
// (along the last axis) side by side, as along axis 0 of a C array. Where each series is
// contiguous, four elements of four series at a time, transposed in registers (nansum
// along axis -1 of (10000, 16), one thread: the copy took ~37% of the time element by
// element). Strides are whole elements, as in every aligned array NumPy passes a loop.
template <class T>
void copy_rows_contiguous(const StridedTile<T> &tile, T *to) {
    index_t width4 = 0, rows4 = 0;
#if PARAFUNC_HAS_LANES
    if constexpr (detail::kFourAtATime<T>) {
        if (tile.row_stride == index_t{sizeof(T)} && lanes_supported()) {
            detail::copy_rows_four(tile, to);
            width4 = tile.width / 4 * 4;
            rows4 = tile.rows / 4 * 4;
        }
    }
#endif
    for (index_t r = 0; r < tile.rows; ++r) {
        for (index_t j = r < rows4 ? width4 : 0; j < tile.width; ++j) {
            to[r * tile.width + j] = tile(r, j);
        }
    }
}

// The number of non-NaN elements of x.
template <class T>
index_t count_non_nan(const StridedView<T> &x) {
    if constexpr (std::is_floating_point_v<T>) {
        index_t kept = 0;
        for (index_t i = 0; i < x.size; ++i) kept += !is_nan(x[i]);
        return kept;
    } else {
        return x.size;
    }
}

}  // namespace parafunc
