// Whole-series orderings: rankdata, nanrankdata, partition and argpartition of one series
// held contiguously in scratch (the engine, engine/series_loop.hpp, gathers it there and
// writes the result back).
//
// Ranks: the non-NaN values are paired with their positions and sorted by value (by the
// sort the engine passes: std::sort, or oneTBB's parallel sort for one long series); each
// run of equal values then gets the mean of the ranks it spans, (first + last) / 2 with
// ranks from 1, exact in double. The order of equal values within a run never shows in
// the result, so an unstable sort gives the same bits for any thread count. Values compare
// as their own type (float32 as float32, int64 as integers); -0.0 ties with 0.0.
// NaN: nanrankdata leaves it NaN; rankdata ranks NaNs after every number, each its own
// rank in order of position (bottleneck's ranks, from NumPy's argsort, for its small
// inputs). O(n log n); the keyed scratch is the kernel's own and reused across series.
//
// Partition: NaNs are moved behind the numbers (NumPy's order: NaN is the largest), then
// select_nth (select.hpp) puts the kth smallest number at kth with no larger number
// before it and no smaller one after; a kth among the NaNs is already in place. Linear
// time. argpartition does the same on (value, position) pairs and writes the positions.
//
// Nothing throws but std::bad_alloc (the keyed scratch); no floating-point flag is raised
// (NaN never meets a comparison).
#pragma once

#include <algorithm>
#include <type_traits>
#include <vector>

#include "quantile.hpp"  // detail::is_nan, detail::kNaN
#include "select.hpp"
#include "view.hpp"

namespace parafunc {

// A value and its position in the series, ordered by the value alone: select_nth and the
// sorts move pairs where they would move values.
template <class T>
struct Keyed {
    T value;
    index_t index;

    friend bool operator<(const Keyed &a, const Keyed &b) { return a.value < b.value; }
    friend bool operator<=(const Keyed &a, const Keyed &b) { return a.value <= b.value; }
};

// Sorts with std::sort: what the engine passes for every series but one long one.
struct SerialSort {
    template <class It>
    void operator()(It first, It last) const {
        std::sort(first, last);
    }
};

// The engine calls every kernel of this file as
//   fn(x, n, y, kth, sort)
// with x the series' n values (contiguous scratch the kernel may reorder), y its n
// outputs (contiguous), kth the partition index (0 <= kth < n; the ranks, whose kTakesKth
// is false, ignore it) and
// sort a callable sort(first, last) of random-access iterators (ignored by partitions).

// Ranks (1-based, ties averaged) as float64; NaN kept NaN (kNaNStaysNaN, nanrankdata) or
// ranked after every number by position (rankdata).
template <class T, bool kNaNStaysNaN>
class Ranks {
  public:
    using input_type = T;
    using output_type = double;
    static constexpr bool kTakesKth = false;

    template <class Sort>
    void operator()(T *x, index_t n, double *y, index_t, const Sort &sort) {
        keyed_.clear();
        for (index_t i = 0; i < n; ++i) {
            if (!detail::is_nan(x[i])) keyed_.push_back({x[i], i});
        }
        const index_t kept = static_cast<index_t>(keyed_.size());
        sort(keyed_.begin(), keyed_.end());
        for (index_t first = 0; first < kept;) {
            index_t last = first + 1;
            while (last < kept && !(keyed_[first].value < keyed_[last].value)) ++last;
            // Ranks first + 1 .. last: their mean, exact (a sum below 2^53, halved).
            const double rank = 0.5 * static_cast<double>(first + 1 + last);
            for (index_t j = first; j < last; ++j) y[keyed_[j].index] = rank;
            first = last;
        }
        if (kept == n) return;
        index_t next = kept;
        for (index_t i = 0; i < n; ++i) {
            if (detail::is_nan(x[i])) y[i] = kNaNStaysNaN ? detail::kNaN : static_cast<double>(++next);
        }
    }

  private:
    std::vector<Keyed<T>> keyed_;
};

template <class T>
using RankData = Ranks<T, false>;
template <class T>
using NanRankData = Ranks<T, true>;

namespace detail {

// Moves the NaNs of v[0, n) behind the numbers; returns how many numbers there are.
template <class T, class Value>
index_t numbers_first(T *v, index_t n, const Value &value) {
    if constexpr (!std::is_floating_point_v<decltype(value(*v))>) {
        return n;
    } else {
        return partition_branch_free(v, v + n, [&](const T &x) { return !is_nan(value(x)); }) - v;
    }
}

}  // namespace detail

// A partitioned copy: y[kth] is the value a sort would put there (NaN the largest).
template <class T>
struct Partition {
    using input_type = T;
    using output_type = T;
    static constexpr bool kTakesKth = true;

    template <class Sort>
    void operator()(T *x, index_t n, T *y, index_t kth, const Sort &) const {
        std::copy(x, x + n, y);
        const index_t kept = detail::numbers_first(y, n, [](T v) { return v; });
        if (kth < kept) select_nth(y, 0, kept, kth);
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

    template <class Sort>
    void operator()(T *x, index_t n, index_t *y, index_t kth, const Sort &) {
        keyed_.resize(static_cast<std::size_t>(n));
        for (index_t i = 0; i < n; ++i) keyed_[i] = {x[i], i};
        const index_t kept =
            detail::numbers_first(keyed_.data(), n, [](const Keyed<T> &k) { return k.value; });
        if (kth < kept) select_nth(keyed_.data(), 0, kept, kth);
        for (index_t i = 0; i < n; ++i) y[i] = keyed_[i].index;
    }

  private:
    std::vector<Keyed<T>> keyed_;
};

}  // namespace parafunc
