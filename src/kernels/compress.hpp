// Branch-free passes that keep the values passing a comparison, in order: copy_between (the
// values in a closed interval, copied) and split (the values below a pivot to one buffer,
// the others to the front of the input), by which narrow_to_ranks (quantile.hpp) cuts a
// series down to the ranks it selects.
//
// Each pass has a scalar loop, for any type: every value is stored, and the position
// advances only if it is kept, so no branch depends on the data. For float, double, int32
// and int64 on processors with AVX2, a loop takes four values at a time: compare, move the
// kept ones to the front of the vector by one permutation looked up by the comparison's
// mask, store the whole vector, advance by the mask's popcount. Both loops keep the same
// values in the same order. split also has a loop for processors with AVX-512, a whole
// 64-byte vector of floats or doubles at a time, whose compress instruction does what the
// table does. The values are never NaN (the engine removed them); the comparisons are the
// quiet kinds all the same, so that no floating-point flag is raised.
#pragma once

#include <cstdint>
#include <type_traits>

#include "lanes.hpp"
#include "view.hpp"

// A build may define PARAFUNC_HAS_WIDE=0 to run, on any processor, what one without
// AVX-512 runs (the C++ tests do, so that the AVX2 paths are tested on machines with it).
#if PARAFUNC_HAS_LANES && !defined(PARAFUNC_HAS_WIDE)
#define PARAFUNC_HAS_WIDE 1
#endif
#if PARAFUNC_HAS_LANES && PARAFUNC_HAS_WIDE
#define PARAFUNC_WIDE_TARGET __attribute__((target("avx512f")))
#else
#undef PARAFUNC_HAS_WIDE
#define PARAFUNC_HAS_WIDE 0
#endif

namespace parafunc::detail {

// Copies the values of v[0, n) in [low, high] to `to`, in order, returns how many, and
// adds those below low to `below`.
template <class T>
index_t copy_between_scalar(const T *v, index_t n, T low, T high, T *to, index_t &below) {
    index_t kept = 0, under = 0;
    for (index_t i = 0; i < n; ++i) {
        const T x = v[i];
        to[kept] = x;
        kept += !(x < low) & !(high < x);
        under += x < low;
    }
    below += under;
    return kept;
}

// Moves the values of v[i, n) below p to to[left...] and the others to v[i - left...], in
// order, and returns the final left; split starts both at 0. Every value goes to one side
// (none is NaN), so the others number i - left <= i: the store to v lags the load, and
// nothing is overwritten unread.
template <class T>
index_t split_scalar(T *v, index_t n, T p, T *to, index_t i, index_t left) {
    for (; i < n; ++i) {
        const T x = v[i];
        to[left] = x;
        v[i - left] = x;
        left += x < p;
    }
    return left;
}

#if PARAFUNC_HAS_LANES
// For each 4-bit mask of the values of a vector to keep, the 32-bit lanes that move them to
// the front, in order: pairs of lanes for doubles (vpermps), single ones for floats
// (vpermilps).
struct CompressTable {
    alignas(32) std::int32_t doubles[16][8];
    alignas(16) std::int32_t floats[16][4];
    constexpr CompressTable() : doubles(), floats() {
        for (int mask = 0; mask < 16; ++mask) {
            int to = 0;
            for (int from = 0; from < 4; ++from) {
                if (mask & (1 << from)) {
                    doubles[mask][2 * to] = 2 * from;
                    doubles[mask][2 * to + 1] = 2 * from + 1;
                    floats[mask][to] = from;
                    ++to;
                }
            }
        }
    }
};
inline constexpr CompressTable kCompress{};

// Four values in one vector, for double, float, int64 and int32 alike; the integers'
// vectors are moved and stored as those of the floating type of their width.
PARAFUNC_LANES_TARGET inline __m256d load_four(const double *p) { return _mm256_loadu_pd(p); }
PARAFUNC_LANES_TARGET inline __m128 load_four(const float *p) { return _mm_loadu_ps(p); }
PARAFUNC_LANES_TARGET inline __m256i load_four(const std::int64_t *p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
}
PARAFUNC_LANES_TARGET inline __m128i load_four(const std::int32_t *p) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
}
PARAFUNC_LANES_TARGET inline void store_four(double *to, __m256d x) { _mm256_storeu_pd(to, x); }
PARAFUNC_LANES_TARGET inline void store_four(float *to, __m128 x) { _mm_storeu_ps(to, x); }
PARAFUNC_LANES_TARGET inline void store_four(std::int64_t *to, __m256i x) {
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(to), x);
}
PARAFUNC_LANES_TARGET inline void store_four(std::int32_t *to, __m128i x) {
    _mm_storeu_si128(reinterpret_cast<__m128i *>(to), x);
}
PARAFUNC_LANES_TARGET inline __m256d four_of(double x) { return _mm256_set1_pd(x); }
PARAFUNC_LANES_TARGET inline __m128 four_of(float x) { return _mm_set1_ps(x); }
PARAFUNC_LANES_TARGET inline __m256i four_of(std::int64_t x) { return _mm256_set1_epi64x(x); }
PARAFUNC_LANES_TARGET inline __m128i four_of(std::int32_t x) { return _mm_set1_epi32(x); }
// Bit i set where a[i] < b[i].
PARAFUNC_LANES_TARGET inline int less_mask(__m256d a, __m256d b) {
    return _mm256_movemask_pd(_mm256_cmp_pd(a, b, _CMP_LT_OQ));
}
PARAFUNC_LANES_TARGET inline int less_mask(__m128 a, __m128 b) {
    return _mm_movemask_ps(_mm_cmp_ps(a, b, _CMP_LT_OQ));
}
PARAFUNC_LANES_TARGET inline int less_mask(__m256i a, __m256i b) {
    return _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpgt_epi64(b, a)));
}
PARAFUNC_LANES_TARGET inline int less_mask(__m128i a, __m128i b) {
    return _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(b, a)));
}
// Stores the values of x whose bit is set in `keep` at to[0...], in order, and returns how
// many; to[0, 4) is written whatever their number.
PARAFUNC_LANES_TARGET inline index_t store_kept(double *to, __m256d x, int keep) {
    const __m256i lanes =
        _mm256_load_si256(reinterpret_cast<const __m256i *>(kCompress.doubles[keep]));
    _mm256_storeu_ps(reinterpret_cast<float *>(to),
                     _mm256_permutevar8x32_ps(_mm256_castpd_ps(x), lanes));
    return __builtin_popcount(static_cast<unsigned>(keep));
}
PARAFUNC_LANES_TARGET inline index_t store_kept(float *to, __m128 x, int keep) {
    const __m128i lanes = _mm_load_si128(reinterpret_cast<const __m128i *>(kCompress.floats[keep]));
    _mm_storeu_ps(to, _mm_permutevar_ps(x, lanes));
    return __builtin_popcount(static_cast<unsigned>(keep));
}
PARAFUNC_LANES_TARGET inline index_t store_kept(std::int64_t *to, __m256i x, int keep) {
    return store_kept(reinterpret_cast<double *>(to), _mm256_castsi256_pd(x), keep);
}
PARAFUNC_LANES_TARGET inline index_t store_kept(std::int32_t *to, __m128i x, int keep) {
    return store_kept(reinterpret_cast<float *>(to), _mm_castsi128_ps(x), keep);
}

// copy_between four values at a time (the scalar loop's store, two comparisons and counts
// per value took ~1 ns a double, a third of a median of 1000 values).
template <class T>
PARAFUNC_LANES_TARGET index_t copy_between_four(const T *v, index_t n, T low, T high, T *to,
                                                index_t &below) {
    const auto lows = four_of(low), highs = four_of(high);
    index_t kept = 0, under = 0, i = 0;
    for (; i + 4 <= n; i += 4) {  // stores 4 values at to + kept <= to + i: within [0, n)
        const auto x = load_four(v + i);
        const int below_mask = less_mask(x, lows), above_mask = less_mask(highs, x);
        kept += store_kept(to + kept, x, ~(below_mask | above_mask) & 15);
        under += __builtin_popcount(static_cast<unsigned>(below_mask));
    }
    below += under;
    return kept + copy_between_scalar(v + i, n - i, low, high, to + kept, below);
}

// split four values at a time: two stores of each vector, one per side; the others'
// count is i - left, as in split_scalar, which spares the loop a popcount and its
// bookkeeping (medians of 990 normal doubles: 1.23-1.26 against
// 1.29-1.33 ns per value, copying each series in first included).
template <class T>
PARAFUNC_LANES_TARGET index_t split_four(T *v, index_t n, T p, T *to) {
    const auto pivots = four_of(p);
    index_t left = 0, i = 0;
    for (; i + 4 <= n; i += 4) {  // stores 4 values at to + left and v + i - left, both <= i
        const auto x = load_four(v + i);
        const int is_left = less_mask(x, pivots);
        store_kept(v + (i - left), x, 15 - is_left);
        left += store_kept(to + left, x, is_left);
    }
    return split_scalar(v, n, p, to, i, left);
}
#endif

#if PARAFUNC_HAS_WIDE
// Whether this processor runs the 64-byte loops.
inline bool wide_supported() {
    static const bool supported = __builtin_cpu_supports("avx512f");
    return supported;
}

// 64 bytes of values, 8 doubles or 16 floats, for split_wide.
PARAFUNC_WIDE_TARGET inline __m512d load_wide(const double *p) { return _mm512_loadu_pd(p); }
PARAFUNC_WIDE_TARGET inline __m512 load_wide(const float *p) { return _mm512_loadu_ps(p); }
PARAFUNC_WIDE_TARGET inline __m512d wide_of(double x) { return _mm512_set1_pd(x); }
PARAFUNC_WIDE_TARGET inline __m512 wide_of(float x) { return _mm512_set1_ps(x); }
PARAFUNC_WIDE_TARGET inline unsigned less_mask(__m512d a, __m512d b) {
    return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ);
}
PARAFUNC_WIDE_TARGET inline unsigned less_mask(__m512 a, __m512 b) {
    return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ);
}
// store_kept for 64 bytes: the compress instruction moves the kept values to the front.
PARAFUNC_WIDE_TARGET inline index_t store_kept(double *to, __m512d x, unsigned keep) {
    _mm512_storeu_pd(to, _mm512_maskz_compress_pd(static_cast<__mmask8>(keep), x));
    return __builtin_popcount(keep);
}
PARAFUNC_WIDE_TARGET inline index_t store_kept(float *to, __m512 x, unsigned keep) {
    _mm512_storeu_ps(to, _mm512_maskz_compress_ps(static_cast<__mmask16>(keep), x));
    return __builtin_popcount(keep);
}

// split 64 bytes at a time (medians of 990 normal doubles, copying each series in first
// included: 1.03-1.04 against 1.22-1.24 ns per value with split_four).
template <class T>
PARAFUNC_WIDE_TARGET index_t split_wide(T *v, index_t n, T p, T *to) {
    constexpr index_t kStep = 64 / sizeof(T);
    constexpr unsigned kAll = (1u << kStep) - 1;
    const auto pivots = wide_of(p);
    index_t left = 0, i = 0;
    for (; i + kStep <= n; i += kStep) {  // as split_four
        const auto x = load_wide(v + i);
        const unsigned is_left = less_mask(x, pivots);
        store_kept(v + (i - left), x, kAll ^ is_left);
        left += store_kept(to + left, x, is_left);
    }
    return split_scalar(v, n, p, to, i, left);
}
#endif

// Whether the four-at-a-time loops exist for T, and the 64-byte ones.
template <class T>
inline constexpr bool kWideAtATime = std::is_same_v<T, double> || std::is_same_v<T, float>;
template <class T>
inline constexpr bool kFourAtATime =
    kWideAtATime<T> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::int32_t>;

// Copies the values of v[0, n) in [low, high] to `to` (room for n), in order, returns how
// many, and adds those below low to `below`.
template <class T>
index_t copy_between(const T *v, index_t n, T low, T high, T *to, index_t &below) {
#if PARAFUNC_HAS_LANES
    if constexpr (kFourAtATime<T>) {
        if (lanes_supported()) return copy_between_four(v, n, low, high, to, below);
    }
#endif
    return copy_between_scalar(v, n, low, high, to, below);
}

// Moves the values of v[0, n) below p to `to` (room for n) and the others to the front of
// v, both in order, and returns how many are below.
template <class T>
index_t split(T *v, index_t n, T p, T *to) {
#if PARAFUNC_HAS_WIDE
    if constexpr (kWideAtATime<T>) {
        if (wide_supported()) return split_wide(v, n, p, to);
    }
#endif
#if PARAFUNC_HAS_LANES
    if constexpr (kFourAtATime<T>) {
        if (lanes_supported()) return split_four(v, n, p, to);
    }
#endif
    return split_scalar(v, n, p, to, 0, 0);
}

}  // namespace parafunc::detail
