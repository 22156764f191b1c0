// Moving order statistics and ranks (see moving.hpp for the accumulator interface).
//
// move_median: the median of the window's non-NaN values (the mean of the two middle ones
//   for an even count, as NumPy's and bottleneck's median).
// move_quantile: the quantile q (the kernel's parameter, in [0, 1]) of the window's
//   non-NaN values by NumPy's 'linear' method, as np.nanquantile of the window.
// move_rank: where the window's newest element ranks among its non-NaN values, scaled to
//   [-1, 1] (-1: the least, 1: the greatest, 0: a window of one value; equal values share
//   the mean of their ranks), as bottleneck; NaN where the newest element is NaN.
// NaN where the window holds fewer than min_count non-NaN values. Output: float32 for
// float32 input, else float64.
//
// Method: the window's values kept sorted: in one flat array for windows up to
// kFlatWindow (sorted_window.hpp: each step is one shift of the values between the
// leaving and the entering one), in blocks beyond (sorted_blocks.hpp: O(log window)
// searches, shifts within one block), where the flat array's shifts would dominate
// (measured: equal at ~4000, blocks 2.3x faster at 20000).
#pragma once

#include <limits>
#include <stdexcept>
#include <type_traits>

#include "moving.hpp"
#include "quantile.hpp"
#include "sorted_blocks.hpp"
#include "sorted_window.hpp"

namespace parafunc {

template <class T, class Statistic>
class WindowOrder {
  public:
    using input_type = T;
    using output_type = moving_float_t<T>;
    using parameter_type = typename Statistic::parameter_type;
    static constexpr int kParameters = Statistic::kParameters;
    // The sorted keys and the radix sort's second buffer (flat); about 1.5x, blocked.
    static constexpr index_t kStateBytesPerWindowElement = 2 * sizeof(T);
    static constexpr index_t kChunkWindows = 4;

    static constexpr index_t kFlatWindow = 4096;

    explicit WindowOrder(const MovingParams &p)
        : min_count_(p.min_count),
          statistic_(p.parameter),
          blocked_(p.window > kFlatWindow),
          flat_(blocked_ ? 0 : p.window) {}

    void reset() {
        flat_.clear();
        blocks_.clear();
        filling_ = !blocked_;
    }

    void add(T x) {
        newest_ = x;
        if (!is_number(x)) return;
        if (filling_) {
            // While the result is NaN anyway (fewer than min_count values), values are only
            // appended, and sorted once when the order is first needed: one sort in place
            // of insertions that each move half the values (with the default min_count,
            // the whole window: rows of 2000 at window 1000 measured 154 -> 103 ms).
            flat_.append(x);
            if (flat_.size() >= min_count_) end_filling();
        } else {
            with_values([x](auto &sorted) { sorted.insert(x); });
        }
    }

    void replace(T x, T old) {
        newest_ = x;
        if (filling_) end_filling();
        if (is_number(x) && is_number(old)) {
            with_values([x, old](auto &sorted) { sorted.replace(old, x); });
        } else if (is_number(old)) {
            with_values([old](auto &sorted) { sorted.erase(old); });
        } else if (is_number(x)) {
            with_values([x](auto &sorted) { sorted.insert(x); });
        }
    }

    output_type result() const {
        const index_t count = blocked_ ? blocks_.size() : flat_.size();
        if (count < min_count_) return std::numeric_limits<output_type>::quiet_NaN();
        return static_cast<output_type>(blocked_ ? statistic_(blocks_, newest_)
                                                 : statistic_(flat_, newest_));
    }

  private:
    static bool is_number(T x) {
        if constexpr (std::is_floating_point_v<T>) {
            return x == x;
        } else {
            return true;
        }
    }

    void end_filling() {
        flat_.sort();
        filling_ = false;
    }

    template <class Body>
    void with_values(Body body) {
        if (blocked_) {
            body(blocks_);
        } else {
            body(flat_);
        }
    }

    index_t min_count_;
    Statistic statistic_;
    bool blocked_;
    bool filling_ = false;  // flat_ holds values appended unsorted
    SortedWindow<T> flat_;
    SortedBlocks<T> blocks_;
    T newest_{};
};

struct MedianOfWindow {
    using parameter_type = index_t;
    static constexpr int kParameters = 0;
    explicit MedianOfWindow(double) {}
    template <class Sorted, class T>
    double operator()(const Sorted &sorted, T) const {
        const index_t n = sorted.size();
        const double a = static_cast<double>(sorted[(n - 1) / 2]);
        return n % 2 == 1 ? a : middle_mean(a, static_cast<double>(sorted[n / 2]));
    }
};

struct QuantileOfWindow {
    using parameter_type = double;
    static constexpr int kParameters = 1;
    explicit QuantileOfWindow(double q) : q_(q) {
        if (!(q >= 0 && q <= 1)) throw std::invalid_argument("q must be in [0, 1]");
    }
    template <class Sorted, class T>
    double operator()(const Sorted &sorted, T) const {
        return linear_quantile([&](index_t k) { return static_cast<double>(sorted[k]); },
                               sorted.size(), q_);
    }

  private:
    double q_;
};

struct RankOfNewest {
    using parameter_type = index_t;
    static constexpr int kParameters = 0;
    explicit RankOfNewest(double) {}
    template <class Sorted, class T>
    double operator()(const Sorted &sorted, T newest) const {
        if constexpr (std::is_floating_point_v<T>) {
            if (newest != newest) return std::numeric_limits<double>::quiet_NaN();
        }
        const index_t n = sorted.size();
        if (n == 1) return 0.0;
        // Twice the number below plus the ties (the newest among them), halved: the mean
        // rank of the newest's equals, from 0; then scaled from [0, n - 1] to [-1, 1].
        const double rank = 0.5 * static_cast<double>(2 * sorted.count_less(newest) +
                                                      sorted.count_equal(newest) - 1);
        return 2 * (rank / static_cast<double>(n - 1) - 0.5);
    }
};

template <class T>
using MoveMedian = WindowOrder<T, MedianOfWindow>;
template <class T>
using MoveQuantile = WindowOrder<T, QuantileOfWindow>;
template <class T>
using MoveRank = WindowOrder<T, RankOfNewest>;

}  // namespace parafunc
