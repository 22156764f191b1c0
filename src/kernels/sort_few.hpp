// sort_few: sorts up to kSortedFew floats or doubles in registers, by a bitonic network of
// 32-byte vectors (AVX2), branch-free. OrderStatistics (quantile.hpp) sorts the last few
// values around the ranks it wants instead of selecting among them, then reads every rank
// there directly: 8 to 16 random doubles, copying them in included, ~47 ns against ~100 for
// select_nth and a scan for the next rank. (The same network in 64-byte vectors took as
// long, but everything else ran ~5% slower after it: quartiles of 9900 values, where it
// ran as often, 1.19 -> 1.25 ns per value; 512-bit min and max lower the clock.)
//
// A stage (k, j) pairs each lane i with lane i ^ j and keeps the smaller value of the pair
// in one and the larger in the other: ascending within blocks of k lanes whose index has
// bit k clear, descending where it is set, so that the stages of k = 2, 4, 8, 16 each merge
// pairs of sorted blocks into one. The min and max of a pair take the same two operands in
// the same order, which returns them swapped when they compare equal: the values are kept,
// -0.0 and 0.0 included (min and max alone would return one of them twice). No value may
// be NaN (the engine removed them); infinities sort as any value, and the lanes past n
// hold +inf, which sorts after them.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include "lanes.hpp"
#include "view.hpp"

namespace parafunc {

inline constexpr index_t kSortedFew = 16;

namespace detail {

#if PARAFUNC_HAS_LANES
// The lanes of a vector whose first lane is lane `base` of the network that keep the
// larger value of their pair in stage (k, j), as a blend's bits.
constexpr int larger_lanes(int lanes, int base, int k, int j) {
    int mask = 0;
    for (int i = 0; i < lanes; ++i) {
        if (((i & j) != 0) != (((base + i) & k) != 0)) mask |= 1 << i;
    }
    return mask;
}

template <class Vector>
inline constexpr int kLanesOf = sizeof(Vector) / (std::is_same_v<Vector, __m256d> ? 8 : 4);

// Lane i ^ J of x in lane i, for J below the vector's lanes.
template <int J>
PARAFUNC_LANES_TARGET inline __m256d swap_lanes(__m256d x) {
    if constexpr (J == 1) return _mm256_permute_pd(x, 0x5);
    return _mm256_permute2f128_pd(x, x, 1);
}
template <int J>
PARAFUNC_LANES_TARGET inline __m256 swap_lanes(__m256 x) {
    if constexpr (J == 1) return _mm256_permute_ps(x, 0xB1);
    if constexpr (J == 2) return _mm256_permute_ps(x, 0x4E);
    return _mm256_permute2f128_ps(x, x, 1);
}
PARAFUNC_LANES_TARGET inline __m256d min_of(__m256d a, __m256d b) { return _mm256_min_pd(a, b); }
PARAFUNC_LANES_TARGET inline __m256 min_of(__m256 a, __m256 b) { return _mm256_min_ps(a, b); }
PARAFUNC_LANES_TARGET inline __m256d max_of(__m256d a, __m256d b) { return _mm256_max_pd(a, b); }
PARAFUNC_LANES_TARGET inline __m256 max_of(__m256 a, __m256 b) { return _mm256_max_ps(a, b); }
// Lanes of b where kMask has their bit, else of a.
template <int kMask>
PARAFUNC_LANES_TARGET inline __m256d blend(__m256d a, __m256d b) {
    return _mm256_blend_pd(a, b, kMask);
}
template <int kMask>
PARAFUNC_LANES_TARGET inline __m256 blend(__m256 a, __m256 b) {
    return _mm256_blend_ps(a, b, kMask);
}

// Stage (K, J) on vector V of x (on the pair V, V + J / lanes, from its lower vector,
// where J spans vectors).
template <int K, int J, int V, class Vector>
PARAFUNC_LANES_TARGET inline void network_stage_at(Vector *x) {
    constexpr int kSize = kLanesOf<Vector>;
    if constexpr (J < kSize) {
        const Vector y = swap_lanes<J>(x[V]);
        x[V] = blend<larger_lanes(kSize, V * kSize, K, J)>(min_of(x[V], y), max_of(x[V], y));
    } else if constexpr ((V & (J / kSize)) == 0) {
        constexpr int kOther = V + J / kSize;
        const Vector a = x[V], b = x[kOther];
        if constexpr (((V * kSize) & K) == 0) {
            x[V] = min_of(a, b);
            x[kOther] = max_of(b, a);
        } else {
            x[V] = max_of(a, b);
            x[kOther] = min_of(b, a);
        }
    }
}
template <int K, int J, class Vector, int... V>
PARAFUNC_LANES_TARGET inline void network_stage(Vector *x, std::integer_sequence<int, V...>) {
    (network_stage_at<K, J, V>(x), ...);
}

// The stages (K, J), (K, J / 2) ... (K, 1) of the network on x.
template <int K, int J, class Vector, class Vectors>
PARAFUNC_LANES_TARGET inline void merge_stages(Vector *x, Vectors vectors) {
    network_stage<K, J>(x, vectors);
    if constexpr (J > 1) merge_stages<K, J / 2>(x, vectors);
}

// Sorts the first kValues lanes of x[0, max(1, kValues / lanes)) (stages from K on).
template <int kValues, int K = 2, class Vector>
PARAFUNC_LANES_TARGET inline void sort_network(Vector *x) {
    constexpr int kVectors = kValues > kLanesOf<Vector> ? kValues / kLanesOf<Vector> : 1;
    merge_stages<K, K / 2>(x, std::make_integer_sequence<int, kVectors>{});
    if constexpr (K < kValues) sort_network<kValues, 2 * K>(x);
}

// Loaded and stored through masks of the lanes below n, so nothing past v[n) is touched;
// the lanes past n hold +inf. A network of 4, 8 or 16 values, the fewest that hold n
// (the network of 16 took 44% of nanmedian along axis -1 of (10000, 4); with this and
// OrderStatistics' stack left uninitialised, that call went from 315 to 180 us).
template <int kValues>
PARAFUNC_LANES_TARGET inline void sort_few_network(double *v, index_t n) {
    constexpr int kVectors = kValues / 4;
    const __m256d past_end = _mm256_set1_pd(std::numeric_limits<double>::infinity());
    __m256i kept[kVectors];
    __m256d x[kVectors];
    for (int k = 0; k < kVectors; ++k) {
        kept[k] = _mm256_cmpgt_epi64(_mm256_set1_epi64x(n - 4 * k), _mm256_setr_epi64x(0, 1, 2, 3));
        x[k] = _mm256_blendv_pd(past_end, _mm256_maskload_pd(v + 4 * k, kept[k]),
                                _mm256_castsi256_pd(kept[k]));
    }
    sort_network<kValues>(x);
    for (int k = 0; k < kVectors; ++k) _mm256_maskstore_pd(v + 4 * k, kept[k], x[k]);
}
template <int kValues>
PARAFUNC_LANES_TARGET inline void sort_few_network(float *v, index_t n) {
    constexpr int kVectors = kValues > 8 ? kValues / 8 : 1;
    const __m256 past_end = _mm256_set1_ps(std::numeric_limits<float>::infinity());
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    __m256i kept[kVectors];
    __m256 x[kVectors];
    for (int k = 0; k < kVectors; ++k) {
        kept[k] = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n) - 8 * k), lanes);
        x[k] = _mm256_blendv_ps(past_end, _mm256_maskload_ps(v + 8 * k, kept[k]),
                                _mm256_castsi256_ps(kept[k]));
    }
    sort_network<kValues>(x);
    for (int k = 0; k < kVectors; ++k) _mm256_maskstore_ps(v + 8 * k, kept[k], x[k]);
}
template <class T>
PARAFUNC_LANES_TARGET inline void sort_few_lanes(T *v, index_t n) {
    if (n <= 1) return;
    if (n <= 4) {
        sort_few_network<4>(v, n);
    } else if (n <= 8) {
        sort_few_network<8>(v, n);
    } else {
        sort_few_network<16>(v, n);
    }
}
#endif

}  // namespace detail

// Sorts v[0, n) (n <= kSortedFew, no NaN) and returns true, where T is float or double
// and the processor has AVX2; else returns false and leaves v as it was.
template <class T>
bool sort_few(T *v, index_t n) {
#if PARAFUNC_HAS_LANES
    if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
        if (lanes_supported()) {
            detail::sort_few_lanes(v, n);
            return true;
        }
    }
#endif
    (void)v;
    (void)n;
    return false;
}

}  // namespace parafunc
