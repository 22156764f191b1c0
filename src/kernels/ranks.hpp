// Whole-series orderings: rankdata, nanrankdata, partition and argpartition of one series
// held contiguously in scratch (the engine, engine/series_loop.hpp, gathers it there and
// writes the result back).
//
// Ranks: the non-NaN values' order-preserving keys (radix_key) are paired with their
// positions and sorted by key (radix_sort.hpp); each run of equal keys then gets
// the mean of the ranks it spans, (first + last) / 2 with ranks from 1, exact in double.
// Values compare as their own type (float32 as float32, int64 as integers); -0.0 ties
// with 0.0. NaN: nanrankdata leaves it NaN; rankdata ranks NaNs after every number, each
// its own rank in order of position (bottleneck's ranks, from NumPy's argsort, for its
// small inputs). The result depends on the values alone.
//
// Partition: NaNs are moved behind the numbers (NumPy's order: NaN is the largest), then
// select_nth (select.hpp) puts the kth smallest number at kth with no larger number
// before it and no smaller one after; a kth among the NaNs is already in place.
// argpartition selects the kth value the same way in a copy of the values, then writes
// the positions of the smaller values, of the equal ones and of the larger ones (and
// NaNs) in that order. Linear time.
//
// Nothing throws but std::bad_alloc (the kernels' own scratch); no floating-point flag is
// raised (NaN never meets a comparison).
#pragma once

#include <algorithm>
#include <type_traits>
#include <vector>

#include "quantile.hpp"  // detail::kNaN
#include "radix_sort.hpp"
#include "select.hpp"
#include "view.hpp"

namespace parafunc {

// The engine calls every kernel of this file as
//   fn(x, n, y, kth)
// with x the series' n values (contiguous scratch the kernel may reorder), y its n
// outputs (contiguous) and kth the partition index (0 <= kth < n), which the ranks
// (kTakesKth false) ignore. A kernel object serves one task's series one after another.

// Ranks (1-based, ties averaged) as float64; NaN kept NaN (kNaNStaysNaN, nanrankdata) or
// ranked after every number by position (rankdata).
template <class T, bool kNaNStaysNaN>
class Ranks {
  public:
    using input_type = T;
    using output_type = double;
    static constexpr bool kTakesKth = false;

    void operator()(const T *x, index_t n, double *y, index_t) {
        keyed_.clear();
        keyed_.reserve(static_cast<std::size_t>(n));  // no regrowth copies of a long series
        for (index_t i = 0; i < n; ++i) {
            if (!is_nan(x[i])) keyed_.push_back({radix_key(x[i]), i});
        }
        const index_t kept = static_cast<index_t>(keyed_.size());
        radix_sort(keyed_, spare_);
        for (index_t first = 0; first < kept;) {
            index_t last = first + 1;
            while (last < kept && keyed_[last].key == keyed_[first].key) ++last;
            // Ranks first + 1 .. last: their mean, exact (a sum below 2^53, halved).
            const double rank = 0.5 * static_cast<double>(first + 1 + last);
            for (index_t j = first; j < last; ++j) y[keyed_[j].index] = rank;
            first = last;
        }
        if (kept == n) return;
        index_t next = kept;
        for (index_t i = 0; i < n; ++i) {
            if (is_nan(x[i])) {
                y[i] = kNaNStaysNaN ? detail::kNaN : static_cast<double>(++next);
            }
        }
    }

  private:
    std::vector<KeyedPosition<radix_key_t<T>>> keyed_, spare_;
};

template <class T>
using RankData = Ranks<T, false>;
template <class T>
using NanRankData = Ranks<T, true>;

namespace detail {

// Copies x[0, n) to v with the numbers first and the NaNs behind them, in one branch-free
// pass (each value is written at both ends, and the end it belongs to advances), then
// selects the kth smallest number at kth if kth is below their count; returns the count.
template <class T>
index_t select_nan_last(const T *x, index_t n, T *v, index_t kth) {
    index_t kept = n;
    if constexpr (std::is_floating_point_v<T>) {
        index_t front = 0, back = n;
        for (index_t i = 0; i < n; ++i) {
            const T value = x[i];
            const bool nan = is_nan(value);
            v[front] = value;
            v[back - 1] = value;
            front += !nan;
            back -= nan;
        }
        kept = front;
    } else {
        std::copy(x, x + n, v);
    }
    // A sorted series is already partitioned and stays as it is, as in NumPy (whose
    // arrangement bottleneck's tests expect of sorted input); the check stops at the
    // first descent of other data.
    if (kth < kept && !std::is_sorted(v, v + kept)) select_nth(v, 0, kept, kth);
    return kept;
}

}  // namespace detail

// A partitioned copy: y[kth] is the value a sort would put there (NaN the largest).
template <class T>
struct Partition {
    using input_type = T;
    using output_type = T;
    static constexpr bool kTakesKth = true;

    void operator()(const T *x, index_t n, T *y, index_t kth) const {
        detail::select_nan_last(x, n, y, kth);
    }
};

// The positions that partition the series (intp): x[y[kth]] is the value a sort would
// put at kth.
template <class T>
class ArgPartition {
  public:
    using input_type = T;
    using output_type = index_t;
    static constexpr bool kTakesKth = true;

    void operator()(const T *x, index_t n, index_t *y, index_t kth) {
        values_.resize(static_cast<std::size_t>(n));
        const index_t kept = detail::select_nan_last(x, n, values_.data(), kth);
        // Smaller values from the front, larger ones (and NaNs) from the back, both
        // branch-free (each position is written at both ends, and the end it belongs to
        // advances: a branch would be mispredicted on every other random value), then the
        // equal ones between: kth falls among those. A pivot NaN puts the numbers first.
        const bool pivot_is_nan = kth >= kept;
        const T pivot = pivot_is_nan ? T{0} : values_[kth];  // a number: compared below
        index_t front = 0, back = n;
        for (index_t i = 0; i < n; ++i) {
            const bool nan = is_nan(x[i]);
            const T v = nan ? pivot : x[i];  // never compared while NaN: no "invalid" flag
            y[front] = i;
            y[back - 1] = i;
            front += pivot_is_nan ? !nan : v < pivot;
            back -= !pivot_is_nan && (nan || pivot < v);
        }
        std::reverse(y + back, y + n);  // the larger ones in order: sorted input unmoved
        for (index_t i = 0; i < n && front < back; ++i) {
            if (pivot_is_nan ? is_nan(x[i]) : x[i] == pivot) y[front++] = i;
        }
    }

  private:
    std::vector<T> values_;
};

}  // namespace parafunc
