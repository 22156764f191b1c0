// Exact selection of the k-th smallest value: select_nth, the engine of OrderStatistics
// (quantile.hpp).
//
// Algorithm (after Floyd and Rivest): take a sample of the range at a fixed stride, select
// in it two values lo <= hi that bracket the sample rank of k by 2 binomial standard
// deviations, then partition the whole range into < lo, [lo, hi] and > hi by two
// branch-free passes; k almost always falls in the small middle part, where the same step
// repeats until the range is short, where quickselect on the same branch-free partitions
// finishes (select_by_pivots), as it selects in the samples. std::nth_element
// (introselect) partitions around one pivot per pass with a data-dependent branch per
// element, mispredicted half of the time on random data. Medians of 1000 rows of 10^4
// normal doubles, one thread, on the development machine: 11-12 ns per value with
// nth_element, 2.9 here; one series of 10^7: 16 against 4.2; 10^4 series of 990 values
// (a median along axis 0): 4.4 (6.9 when the short ranges went to nth_element). Inputs that
// nth_element predicts well (sorted, all equal) go from 2 to 3 ns: two passes cost that
// much.
//
// No NaN may be in the range (the engine removed them): the result is then exact, the same
// value as nth_element's (or an equal one: -0.0 for 0.0), and depends on nothing but the
// values and their order. Integers, float32 and float64 alike; infinities are ordinary
// values. Nothing allocates or throws; no floating-point flag beyond "inexact" is raised.
#pragma once

#include <algorithm>
#include <cmath>

#include "view.hpp"

namespace parafunc {

namespace detail {

// Below this many values select_nth goes straight to quickselect (select_by_pivots). Timed
// on random doubles (one thread, in cache), with quickselect below: 128 and 1024 were
// slower at 990 values (5.0 and 4.3-4.8 ns per value against 4.4), 4096 at 2000.
inline constexpr index_t kSelectSampledFrom = 384;

// The size of the sample that brackets ranks in a range of n values: 0.75 n^(2/3), at
// least 3 (the factor is tuned in select_nth).
inline index_t sample_size(index_t n) {
    const double cube_root = std::cbrt(static_cast<double>(n));
    return std::max<index_t>(static_cast<index_t>(0.75 * cube_root * cube_root), 3);
}

// The rank in a sample of s of n values that brackets rank k of the n on one side (-1
// below, +1 above): k's expected sample rank moved by 2 binomial standard deviations (+1,
// so that the bracket has some width at the ends), within [0, s).
inline index_t bracket_rank(index_t k, index_t n, index_t s, double side) {
    const double p = static_cast<double>(k) / static_cast<double>(n);
    const double spread = 2 * std::sqrt(static_cast<double>(s) * p * (1 - p)) + 1;
    return std::clamp<index_t>(static_cast<index_t>(p * static_cast<double>(s) + side * spread),
                               0, s - 1);
}

// Moves the values of [first, last) that satisfy `goes_left` to the front (in no
// particular order) and returns the end of them. Lomuto's scheme with an unconditional
// swap, so that the loop has no branch on the data: 1.1-1.6 ns per double at any split,
// where a branch would be mispredicted on every other random value. A blocked Hoare
// partition (BlockQuicksort) and a copy through a buffer measured no faster here.
template <class T, class Pred>
T *partition_branch_free(T *first, T *last, Pred goes_left) {
    T *boundary = first;
    for (T *p = first; p < last; ++p) {
        const T x = *p;
        const bool left = goes_left(x);
        *p = *boundary;
        *boundary = x;
        boundary += left;
    }
    return boundary;
}

// Below this many values select_by_pivots hands over to std::nth_element.
inline constexpr index_t kSelectByPivotsFrom = 8;

// The median of three values, none NaN.
template <class T>
T median_of_three(T a, T b, T c) {
    return std::max(std::min(a, b), std::min(std::max(a, b), c));
}

// The pivot of quickselect in v[0, n): the median of the values at a quarter, half and
// three quarters; from kNintherFrom values on, the median of three such medians around an
// eighth, the half and seven eighths (Tukey's ninther), nearer the range's median. Medians
// of normal doubles with the ninther against without: 990 values 1.94-2.10 against
// 2.36-2.43 ns per value, 400: 2.78 against 3.04, 2000: 1.50 against 1.64 (200 and 9900
// within noise; at 990, sorted 2.06 against 1.98, a sawtooth 2.14 against 1.90).
inline constexpr index_t kNintherFrom = 64;
template <class T>
T pivot_of(const T *v, index_t n) {
    if (n < kNintherFrom) return median_of_three(v[n / 4], v[n / 2], v[3 * n / 4]);
    const index_t d = n / 16;
    auto around = [v, d](index_t i) { return median_of_three(v[i - d], v[i], v[i + d]); };
    return median_of_three(around(n / 8), around(n / 2), around(n - 1 - n / 8));
}

// std::nth_element's postcondition for v[k] in v[first, last), by quickselect on branch-free
// partitions around pivot_of the range; one pass splits off the values on the far side
// of the pivot from k (> pivot when k is in the lower half), and the step repeats on k's
// part. Only where that part kept more than 3/4 of the range (many values equal to the
// pivot) does a second pass split it into == pivot and the rest, where k may be found
// equal to the pivot. On random doubles, medians of 100 to 1000 values took 3.3-5 ns per
// value against nth_element's 7-12 (introselect's branch per element is mispredicted half
// of the time); the second pass on every step, as before, cost medians of 200 normal
// doubles 3.19 ns per value against 2.08 (990: 2.46 against 2.35), and spared three
// distinct values' 1.58 against 2.48. Data that defeats the pivots (more than kPivotPasses
// passes over the range in all) finishes in nth_element, whose cost is bounded.
inline constexpr index_t kPivotPasses = 8;
template <class T>
void select_by_pivots(T *v, index_t first, index_t last, index_t k) {
    index_t budget = kPivotPasses * (last - first);
    while (last - first >= kSelectByPivotsFrom && budget > 0) {
        const index_t n = last - first;
        const T pivot = pivot_of(v + first, n);
        auto less = [pivot](T x) { return x < pivot; };
        auto at_most = [pivot](T x) { return x <= pivot; };
        index_t below, above;  // [below, above): the values equal to the pivot
        if (2 * (k - first) < n) {
            above = partition_branch_free(v + first, v + last, at_most) - v;
            budget -= n;
            if (k >= above) {
                first = above;
                continue;
            }
            if (4 * (above - first) <= 3 * n) {
                last = above;
                continue;
            }
            below = partition_branch_free(v + first, v + above, less) - v;
            budget -= above - first;
        } else {
            below = partition_branch_free(v + first, v + last, less) - v;
            budget -= n;
            if (k < below) {
                last = below;
                continue;
            }
            if (4 * (last - below) <= 3 * n) {
                first = below;
                continue;
            }
            above = partition_branch_free(v + below, v + last, at_most) - v;
            budget -= last - below;
        }
        if (k < below) {
            last = below;
        } else if (k >= above) {
            first = above;
        } else {
            return;  // v[k] is the pivot
        }
    }
    std::nth_element(v + first, v + k, v + last);
}

}  // namespace detail

// Reorders v[first, last) so that v[k] (first <= k < last) is the value that a sort would
// put there, with no larger value before it and no smaller one after it (std::nth_element's
// postcondition). Returns `end` in (k, last] such that no value of v[k + 1, end) exceeds
// any value of v[end, last): the caller may look for the next order statistic in the
// shorter range. Values must not be NaN.
template <class T>
index_t select_nth(T *v, index_t first, index_t last, index_t k) {
    while (last - first >= detail::kSelectSampledFrom) {
        const index_t n = last - first;
        // The sample: s = 0.75 n^(2/3) values, every `stride`-th, swapped to the front of
        // the range (they are partitioned with the rest afterwards). Medians of normal
        // doubles, one thread, ns per value for factors 0.5 / 0.75 / 1 / 1.5 with a spread
        // of 2 standard deviations: 3.04 / 2.93 / 2.97 / 3.08 for 990 values (spread 2.5
        // with factor 0.5, as before: 3.35; spread 3: 3.66); for 9900 and 2e5 values every
        // pair timed within noise (2.10-2.36 and 1.83-1.92).
        const index_t s = detail::sample_size(n);
        const index_t stride = n / s;
        for (index_t i = 1; i < s; ++i) std::swap(v[first + i], v[first + i * stride]);
        // k's expected rank in the sample, +- 2 standard deviations of a binomial: both
        // ranks miss about 2% of the time, and a miss costs one more step on the side
        // where k fell.
        const index_t rank_lo = detail::bracket_rank(k - first, n, s, -1);
        const index_t rank_hi = std::max(rank_lo, detail::bracket_rank(k - first, n, s, 1));
        T *sample = v + first;
        detail::select_by_pivots(sample, 0, s, rank_lo);
        const T lo = sample[rank_lo];  // read now: the next call may move it within its range
        detail::select_by_pivots(sample, rank_lo, s, rank_hi);
        const T hi = sample[rank_hi];

        // Partition: [first, below) < lo, [below, above) in [lo, hi], [above, last) > hi.
        // The first pass splits off the values on the far side of the bracket from k's
        // nearer end (> hi when k is in the lower half), so the second pass runs on the
        // shorter part, n + min(k, n - k) values in all, and not at all after a miss.
        auto less_than_lo = [lo](T x) { return x < lo; };
        auto at_most_hi = [hi](T x) { return x <= hi; };
        index_t below = first, above = last;
        if (2 * (k - first) < n) {
            above = detail::partition_branch_free(v + first, v + last, at_most_hi) - v;
            if (k < above) {
                below = detail::partition_branch_free(v + first, v + above, less_than_lo) - v;
            }
        } else {
            below = detail::partition_branch_free(v + first, v + last, less_than_lo) - v;
            if (k >= below) {
                above = detail::partition_branch_free(v + below, v + last, at_most_hi) - v;
            }
        }
        index_t next_first = first, next_last = last;
        if (k < below) {
            next_last = below;
        } else if (k >= above) {
            next_first = above;
        } else {
            // The middle part; all of it equals v[k] when lo == hi (many equal values).
            if (!(lo < hi)) return above;
            next_first = below;
            next_last = above;
        }
        first = next_first;
        last = next_last;
        // Each step excludes lo or hi, so the range shrinks, but maybe by little when
        // the values repeat or the stride matches a period of the data: then pivots, whose
        // cost is bounded by their budget and nth_element's.
        if (4 * (last - first) > 3 * n) break;
    }
    detail::select_by_pivots(v, first, last, k);
    return last;
}

}  // namespace parafunc
