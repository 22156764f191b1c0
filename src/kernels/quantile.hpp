// Selection kernels: median, nanmedian and nanquantile of one series.
//
// The engine first gathers a series' non-NaN values into a scratch buffer of the input
// type (gather_non_nan, gather.hpp: float32 stays float32, so scratch is as small as the
// input) and counts what it kept; narrow_to_ranks cuts the buffer down to a window around
// the ranks the kernel reads, and the kernel selects order statistics in that window
// (OrderStatistics), reordering it and a spare buffer, never the caller's data. Each
// statistic is searched for only among the values not yet known to lie below the previous
// one, by branch-free pivot steps (compress.hpp) and select_nth (select.hpp), never a full
// sort, and the result is exact: it does not depend on the order of the values, hence on
// the layout or the thread count.
//
// Output type: float for float32 input, double otherwise. Values are read as double
// (integers by static_cast<double>) and the result is cast at the end. No kernel raises
// the floating-point "invalid" flag: infinities of opposite signs are detected before any
// arithmetic; none throws.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

#include "compress.hpp"
#include "gather.hpp"
#include "select.hpp"
#include "sort_few.hpp"
#include "view.hpp"

namespace parafunc {

template <class T>
using selection_output_t = std::conditional_t<std::is_same_v<T, float>, float, double>;

namespace detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace detail

// The values a selection works on: `count` values holding the ranks [first, first + count)
// of a series' non-NaN values (all of them: first 0, count the number kept), in any order,
// and reorderable. A window is what narrow_to_ranks (and, for one long series, the engine
// in parallel) leaves after cutting away the values that lie below and above every rank
// wanted.
template <class T>
struct RankWindow {
    T *values;
    index_t first;
    index_t count;
    T *spare = nullptr;  // room for count values that a selection may overwrite, or none
};

// narrow_to_ranks steps while the window holds at least kSplitFrom values and the ranks
// span at most a quarter of it: by a sample's bracket (bracket_once) from kBracketFrom
// values, by one pivot (split_once) below. Medians of normal doubles, one thread, ns per
// value (copying each series in first included): 990 values, 2.07 before pivot steps (a
// bracket from 384 values, then select_nth in ~250), 1.85 with a bracket from 384 values,
// 1.67 from 2048; 9900 values 1.42 before, 1.30-1.32 with brackets from 1500-6000 values,
// 1.54 with none; 200 values 3.69 before, 2.57 after. Windows of 8, 16 or 32 values
// measured alike.
inline constexpr index_t kBracketFrom = 2048;
inline constexpr index_t kSplitFrom = 16;

namespace detail {

// A bracket step: the values of v[0, n) between two values of a sample that bracket ranks
// lo..hi, copied to `to` (room for n values); v itself (first 0, count n) where the sample
// missed them (rare: 2 standard deviations of margin each side).
template <class T>
RankWindow<T> bracket_once(T *v, index_t n, index_t lo, index_t hi, T *to) {
    const index_t s = sample_size(n), stride = n / s;
    for (index_t i = 0; i < s; ++i) to[i] = v[i * stride];
    const index_t a = bracket_rank(lo, n, s, -1), b = std::max(a, bracket_rank(hi, n, s, 1));
    select_nth(to, 0, s, a);
    const T low = to[a];  // read now: the next selection may move it within its range
    select_nth(to, a, s, b);
    const T high = to[b];
    index_t below = 0;
    const index_t kept = copy_between(v, n, low, high, to, below);
    if (below > lo || below + kept <= hi) return {v, 0, n};
    return {to, below, kept};
}

// The pivot of a pivot step in v[0, n): pivot_of (select.hpp), and from kWidePivotFrom
// values the median of three of them, one per third of v: the side kept is then nearer
// half of v, for three times the reads, whose latency counts where v is short (normal
// doubles, one thread, copying each series in first included: quartiles of 990 values
// 1.51-1.52 ns per value from 1024 against 1.55-1.58 from 256, of 9900 1.16-1.23 against
// 1.17-1.26; medians of 990 and 9900 alike; with select_nth finishing each statistic, a
// median of 990 took 1.60-1.61 from 256 against 1.64-1.68 without).
inline constexpr index_t kWidePivotFrom = 1024;
template <class T>
T split_pivot(const T *v, index_t n) {
    if (n < kWidePivotFrom) return pivot_of(v, n);
    const index_t third = n / 3;
    return median_of_three(pivot_of(v, third), pivot_of(v + third, third),
                           pivot_of(v + 2 * third, n - 2 * third));
}

// A pivot step: split v[0, n) around split_pivot(v) and keep the side that holds ranks
// lo..hi, in `to` (room for n values) or v. Where the pivot falls among the ranks, the
// values below it and the pivot when hi is the pivot's own rank (the two middle values of
// a median), else all of v again. Only a window of all n means that the step did not
// narrow (the pivot was the smallest value, or repeats).
template <class T>
RankWindow<T> split_once(T *v, index_t n, index_t lo, index_t hi, T *to) {
    const T pivot = split_pivot(v, n);
    const index_t below = split(v, n, pivot, to);  // v[0, n - below): the others
    if (hi < below) return {to, 0, below};
    if (lo >= below) return {v, below, n - below};
    if (hi == below) {  // the values of ranks 0 .. below - 1, and the pivot of rank below
        to[below] = pivot;
        return {to, 0, below + 1};
    }
    std::copy(to, to + below, v + (n - below));
    return {v, 0, n};
}

// The position of the least of v[0, n) (n > 0, no NaN), the first of equal ones (-0.0
// and 0.0 alike), as std::min_element finds it: the least value by four minima side by
// side, which the compiler vectorises, then the first position that holds it. A single
// chain of compares and moves took ~3 cycles a value; the quartiles of (1000, 10000)
// float64 along axis 0 spent ~3% of their time there.
template <class T>
index_t least_position(const T *v, index_t n) {
    T least[4] = {v[0], v[0], v[0], v[0]};
    index_t i = 0;
    for (; i + 4 <= n; i += 4) {
        for (int l = 0; l < 4; ++l) least[l] = v[i + l] < least[l] ? v[i + l] : least[l];
    }
    for (; i < n; ++i) least[0] = v[i] < least[0] ? v[i] : least[0];
    const T value = std::min(std::min(least[0], least[1]), std::min(least[2], least[3]));
    index_t position = 0;
    while (!(v[position] == value)) ++position;
    return position;
}

}  // namespace detail

// A window of v[0, n) (no NaN) that holds ranks lo..hi, cut down in steps (see
// kBracketFrom) that each copy the values kept to the other of v and `to` (room for n
// values) or keep them in place. A selection confined to the ranks then reads a few
// dozen values, where select_nth on all of v would partition v in place, more than once
// over. All of v where it is short or the ranks span more than a quarter of it. The
// steps read at most kPivotPasses times n values in all; one that does not narrow ends
// them. v and `to` are both overwritten.
template <class T>
RankWindow<T> narrow_to_ranks(T *v, index_t n, index_t lo, index_t hi, T *to) {
    RankWindow<T> window{v, 0, n};
    T *spare = to;
    index_t budget = detail::kPivotPasses * n;
    bool by_bracket = true;
    while (lo <= hi && window.count >= kSplitFrom && 4 * (hi - lo) <= window.count && budget > 0) {
        const index_t count = window.count, first = window.first;
        budget -= count;
        RankWindow<T> next;
        bool stalled = false;
        if (by_bracket && count >= kBracketFrom) {
            next = detail::bracket_once(window.values, count, lo - first, hi - first, spare);
            // After a miss, or where repeating values filled the bracket: pivots.
            by_bracket = 4 * next.count <= 3 * count;
        } else {
            next = detail::split_once(window.values, count, lo - first, hi - first, spare);
            stalled = next.count == count;
        }
        if (next.values == spare) spare = window.values;
        window = {next.values, first + next.first, next.count};
        if (stalled) break;
    }
    window.spare = spare;
    return window;
}

// The k-th smallest of a window's values, for ranks k above every rank asked before, or
// equal to one of the last two (quantiles_of asks again for an interpolation's lower
// neighbour when the next q shares it, or for the last value): their results are kept.
//
// The window is kept as parts, runs of values that each hold exactly the ranks [first,
// first + count): the part at hand, whose first rank is the lowest still to be found, and
// a stack of the parts above it, the nearest on top. Rank k of the part at hand is found
// - where the part holds kSortedFew values or fewer, by sorting it (sort_few, where the
//   type and processor allow), after which every rank in it is read directly;
// - by one scan for its minimum when k is its first rank (often the upper neighbour of an
//   interpolation, or the upper middle value of a median);
// - while the part is long and has a spare buffer, by pivot steps: split (compress.hpp)
//   moves the values below a pivot to the spare, branch-free; the part above goes on the
//   stack with the rest of the spare when k lies below the pivot, and k's side becomes
//   the part at hand;
// - in short parts that sort_few cannot sort, parts without a spare, and once the steps
//   have read kPivotPasses times the window, by select_nth in place; the upper part of its
//   last partition goes on the stack too.
// A part's values and spare lie outside those of the parts split off before it, so the
// stack is never overwritten. Quartiles of normal doubles, one thread, copying each series
// in first included: 2.0 ns per value for 990 values, 1.5 for 9900, against 4.9 and 3.2
// when every rank was found by select_nth in place (whose Lomuto partitions cost 1.1-1.6
// ns per value and pass, over most of the values for each quartile).
template <class T>
class OrderStatistics {
  public:
    // Ranks are the series' own: rank k is found among the window's values as rank
    // k - window.first.
    explicit OrderStatistics(const RankWindow<T> &window)
        : part_{window.values, window.spare, window.first, window.count, false},
          budget_(detail::kPivotPasses * window.count) {}

    double operator()(index_t rank) {
        for (int i = 0; i < 2; ++i) {
            if (asked_[i] == rank) return value_[i];
        }
        const double value = static_cast<double>(find(rank));
        asked_[0] = asked_[1];
        value_[0] = value_[1];
        asked_[1] = rank;
        value_[1] = value;
        return value;
    }

  private:
    // Parts change field by field, in place: built whole as temporaries, GCC stored them
    // to the stack in pieces and read them back as wider loads, which stalled (store
    // forwarding) on every step. No member has a default: the stack's parts are written
    // only when pushed (initialised, all 40 were written for every median, even of 4
    // values).
    struct Part {
        T *values;
        T *spare;  // room for count values, or nullptr
        index_t first, count;
        bool sorted;
        // Drops the first m positions (of the values and of the spare).
        void drop_front(index_t m) {
            values += m;
            if (spare != nullptr) spare += m;
            first += m;
            count -= m;
        }
    };
    // Parts stacked at most; with the stack full, the part at hand is selected in place.
    static constexpr int kMaxParts = 40;

    T find(index_t rank) {
        while (rank >= part_.first + part_.count) part_ = parts_[--stacked_];
        for (;;) {
            const index_t k = rank - part_.first, n = part_.count;
            if (!part_.sorted && n <= kSortedFew) part_.sorted = sort_few(part_.values, n);
            if (part_.sorted) {
                const T x = part_.values[k];
                part_.drop_front(k + 1);
                return x;
            }
            if (k == 0) {
                T *const values = part_.values;
                std::iter_swap(values, values + detail::least_position(values, n));
                const T x = values[0];
                part_.drop_front(1);
                return x;
            }
            if (n < kSplitFrom || part_.spare == nullptr || stacked_ == kMaxParts || budget_ <= 0) {
                const index_t end = select_nth(part_.values, 0, n, k);
                const T x = part_.values[k];
                if (end < n && stacked_ < kMaxParts) {
                    stack(part_.values + end, part_.spare == nullptr ? nullptr : part_.spare + end,
                          part_.first + end, n - end);
                    part_.count = end;
                }
                part_.drop_front(k + 1);
                return x;
            }
            const T pivot = detail::split_pivot(part_.values, n);
            const index_t below = detail::split(part_.values, n, pivot, part_.spare);
            budget_ -= n;
            // The values from the pivot up are at the front of values, their spare after
            // the values below the pivot.
            if (k < below) {
                stack(part_.values, part_.spare + below, part_.first + below, n - below);
                T *const lower = part_.spare;
                part_.spare = part_.values + (n - below);
                part_.values = lower;
                part_.count = below;
            } else {
                // A pivot that is the least value (repeats): in place from here.
                part_.spare = below == 0 ? nullptr : part_.spare + below;
                part_.first += below;
                part_.count = n - below;
            }
        }
    }

    // Pushes a part, unsorted, field by field (as `part = part_` plus changes, GCC read
    // part_'s fields, just stored, back as one wider load: a store-forwarding stall that
    // took ~30% of quantiles_of along axis 0).
    void stack(T *values, T *spare, index_t first, index_t count) {
        Part &part = parts_[stacked_++];
        part.values = values;
        part.spare = spare;
        part.first = first;
        part.count = count;
        part.sorted = false;
    }

    Part part_;
    Part parts_[kMaxParts];
    int stacked_ = 0;
    index_t budget_;
    index_t asked_[2] = {-1, -1};  // the last two ranks asked for, the latest second
    double value_[2] = {0, 0};
};

// The mean of two sorted middle values a <= b, as NumPy's median computes it: 0.5 * (a + b)
// in double; halves first where a + b would overflow; NaN for -inf and +inf.
inline double middle_mean(double a, double b) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    constexpr double kHalfMax = std::numeric_limits<double>::max() / 2;
    if (a == -kInf && b == kInf) return detail::kNaN;
    if (std::isfinite(a) && std::isfinite(b) &&
        (std::fabs(a) > kHalfMax || std::fabs(b) > kHalfMax)) {
        return 0.5 * a + 0.5 * b;  // exact halves of large values: no overflow flag
    }
    return 0.5 * (a + b);
}

// median_of: the median of n values (no NaN; reordered); NaN when n == 0. For an even n,
// middle_mean of the two middle values.
template <class T>
selection_output_t<T> median_of(const RankWindow<T> &values, index_t n) {
    using Out = selection_output_t<T>;
    if (n == 0) return static_cast<Out>(detail::kNaN);
    OrderStatistics<T> sorted(values);
    const double a = sorted((n - 1) / 2);
    return static_cast<Out>(n % 2 == 1 ? a : middle_mean(a, sorted(n / 2)));
}

// The ranks median_of reads: the middle one, or two.
inline std::pair<index_t, index_t> median_ranks(index_t n) {
    return n == 0 ? std::pair<index_t, index_t>{1, 0}
                  : std::pair<index_t, index_t>{(n - 1) / 2, n / 2};
}

// The functions of signature (n)->(), for the engine's selection adapter: the result of a
// series from its `kept` non-NaN values (in scratch, reordered) out of `total` elements.
// median: NaN if the series has a NaN (as NumPy's median); nanmedian: NaN skipped.
template <class T>
struct Median {
    using input_type = T;
    using output_type = selection_output_t<T>;
    // The result is known at the first NaN: the engine may stop gathering there (kept is
    // then below total).
    static constexpr bool kNaNDecides = true;
    output_type operator()(const RankWindow<T> &values, index_t kept, index_t total) const {
        return kept < total ? static_cast<output_type>(detail::kNaN) : median_of(values, kept);
    }
    // The lowest and highest ranks the result reads (none when lo > hi).
    static std::pair<index_t, index_t> ranks(index_t kept, index_t total) {
        return kept < total ? std::pair<index_t, index_t>{1, 0} : median_ranks(kept);
    }
};

template <class T>
struct NanMedian {
    using input_type = T;
    using output_type = selection_output_t<T>;
    static constexpr bool kNaNDecides = false;
    output_type operator()(const RankWindow<T> &values, index_t kept, index_t) const {
        return median_of(values, kept);
    }
    static std::pair<index_t, index_t> ranks(index_t kept, index_t) { return median_ranks(kept); }
};

// NumPy's 'linear' interpolation between neighbours a <= b at fraction gamma in [0, 1).
// Finite values follow NumPy's _lerp operation for operation (a + d * gamma below one
// half, b - d * (1 - gamma) from it), so results are bitwise NumPy's, signed zeros
// included; like NumPy's, b - a may overflow for finite values of huge magnitude. Where a
// or b is infinite, the limits (NumPy gives NaN): a when gamma == 0 or a == b, NaN for
// -inf and +inf, else the infinite one.
inline double lerp_linear(double a, double b, double gamma) {
    const bool a_infinite = std::isinf(a), b_infinite = std::isinf(b);
    if (!a_infinite && !b_infinite) {  // NumPy's operations, also for gamma == 0 (-0.0 + 0.0)
        const double d = b - a;
        return gamma < 0.5 ? a + d * gamma : b - d * (1 - gamma);
    }
    if (gamma == 0 || a == b) return a;
    if (a_infinite && b_infinite) return detail::kNaN;
    return a_infinite ? a : b;
}

// Positions 0 .. q.size - 1 of the quantiles q sorted by value (ties by position): the
// order in which quantiles_of visits them, so that its selections only move forward.
inline void quantile_order(const StridedView<double> &q, index_t *order) {
    for (index_t i = 0; i < q.size; ++i) order[i] = i;
    std::stable_sort(order, order + q.size, [&q](index_t i, index_t j) { return q[i] < q[j]; });
}

// Quantile q (in [0, 1]) of n > 0 sorted values, sorted(k) being the k-th smallest, by
// NumPy's default 'linear' method: with h = (n - 1) q, sorted(n - 1) when h >= n - 1, else
// lerp_linear(sorted(lo), sorted(lo + 1), h - lo) for lo = floor(h).
template <class Sorted>
double linear_quantile(Sorted &&sorted, index_t n, double q) {
    const double h = static_cast<double>(n - 1) * q;
    if (h >= static_cast<double>(n - 1)) return sorted(n - 1);
    const double floor_h = std::floor(h);
    const index_t lo = static_cast<index_t>(floor_h);
    const double a = sorted(lo);
    return lerp_linear(a, sorted(lo + 1), h - floor_h);
}

// quantiles_of: out[i] = linear_quantile q[i] (checked by the caller) of n values (no NaN;
// reordered); NaN for every q when n == 0. `order` comes from quantile_order(q).
template <class T>
void quantiles_of(const RankWindow<T> &values, index_t n, const StridedView<double> &q,
                  const index_t *order, const StridedView<selection_output_t<T>> &out) {
    using Out = selection_output_t<T>;
    OrderStatistics<T> sorted(values);
    for (index_t i = 0; i < q.size; ++i) {
        const index_t at = order[i];
        out.at(at) = static_cast<Out>(n == 0 ? detail::kNaN : linear_quantile(sorted, n, q[at]));
    }
}

// The lowest and highest ranks quantiles_of reads for q of n values (none when lo > hi).
inline std::pair<index_t, index_t> quantile_ranks(index_t n, const StridedView<double> &q) {
    index_t lo = n, hi = -1;
    for (index_t i = 0; i < q.size && n > 0; ++i) {
        const double h = static_cast<double>(n - 1) * q[i];
        const index_t below =
            h >= static_cast<double>(n - 1) ? n - 1 : static_cast<index_t>(std::floor(h));
        lo = std::min(lo, below);
        hi = std::max(hi, std::min(below + 1, n - 1));
    }
    return {lo, hi};
}

}  // namespace parafunc
