// Moving variance and standard deviation (see moving.hpp for the accumulator interface).
//
// move_var, move_std: of the window's non-NaN values, with divisor count - ddof (the
// kernel's parameter). NaN where fewer than min_count values, where count <= ddof, or
// where the window holds +-inf. Exactly 0 where the window's values are all equal; never
// negative.
//
// Method: running sums of d = x - shift and d^2, the shift a value near the window's mean,
// so that n * sum(d^2) - sum(d)^2 does not cancel. Every step adds the entering value's
// terms and subtracts the leaving one's, computed with the same shift, so the only error
// is the rounding of the two running sums; it cannot build up, because the sums are
// recomputed from the window itself (kept in a ring), with compensated summation:
//   - every kRecomputeWindows windows (at least kRecomputeSteps steps), which bounds the
//     rounding a sum can carry to that many steps' worth;
//   - when the window's mean has moved so far from the shift (a trend) that the
//     subtraction would lose more than kMaxLostBits bits, or a sum has overflowed: then
//     around the current mean.
// Both cost O(1) amortised per element. The chunk restarts of the engine start each chunk
// afresh, so nothing drifts with the series' length.
//
// Exact zeros: a window whose non-NaN values are all equal is recognised without
// arithmetic, by remembering the last position where a value differed from the one before
// it, so constant windows give 0, not the 1e-17 a sum of squares leaves.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "compensated.hpp"
#include "moving.hpp"
#include "window_ring.hpp"

namespace parafunc {

template <class T, bool kSquareRoot>
class WindowVariance {
  public:
    using input_type = T;
    using output_type = moving_float_t<T>;
    using parameter_type = index_t;  // ddof
    static constexpr int kParameters = 1;
    static constexpr index_t kStateBytesPerWindowElement = sizeof(double);
    static constexpr index_t kChunkWindows = 4;

    explicit WindowVariance(const MovingParams &p)
        : window_(p.window),
          min_count_(p.min_count),
          ddof_(p.parameter),
          recompute_every_(std::max(kRecomputeSteps, kRecomputeWindows * p.window)),
          early_recompute_after_(p.window / 16),
          ring_(p.window) {}

    void reset() {
        position_ = count_ = infinities_ = 0;
        have_shift_ = false;
        shift_ = sum_ = squares_ = 0.0;
        last_change_ = last_number_position_ = -1;
        steps_since_recompute_ = 0;
    }

    void add(T x) {
        enter(static_cast<double>(x));
        after_step();
    }

    void replace(T x, T old) {
        const double in = static_cast<double>(x), out = static_cast<double>(old);
        if (std::isfinite(in) && std::isfinite(out)) {
            // The common case: both values are in the sums (so the shift is set), the
            // count does not change.
            ring_[position_++] = in;
            note_number(in);
            const double d_in = in - shift_, d_out = out - shift_;
            sum_ += d_in - d_out;
            squares_ += d_in * d_in - d_out * d_out;
        } else {
            leave(out);
            enter(in);
        }
        after_step();
    }

    output_type result() const {
        constexpr output_type nan = std::numeric_limits<output_type>::quiet_NaN();
        if (count_ < min_count_ || count_ <= ddof_ || infinities_ > 0) return nan;
        if (constant_window()) return 0;
        // n^2 times the biased variance; one division in all.
        const double n = static_cast<double>(count_);
        const double centred = squares_ * n - sum_ * sum_;
        const double variance = std::max(centred, 0.0) / (n * (n - ddof_));
        return static_cast<output_type>(kSquareRoot ? std::sqrt(variance) : variance);
    }

  private:
    static constexpr int kMaxLostBits = 10;
    static constexpr index_t kRecomputeWindows = 8;
    static constexpr index_t kRecomputeSteps = 1024;

    // Every non-NaN value differs from the previous non-NaN one at some position p (the
    // last such change): the window is constant when that previous value lies before it.
    bool constant_window() const {
        return last_change_ < std::max<index_t>(0, position_ - window_);
    }

    // Called as x, not NaN, enters at position_ - 1 (for constant_window()).
    void note_number(double x) {
        if (last_number_position_ >= 0 && x != last_number_) last_change_ = last_number_position_;
        last_number_ = x;
        last_number_position_ = position_ - 1;
    }

    void enter(double x) {
        ring_[position_++] = x;
        if (x != x) return;
        ++count_;
        note_number(x);
        if (std::isinf(x)) {
            ++infinities_;
            return;
        }
        if (!have_shift_) {
            shift_ = x;
            have_shift_ = true;
        }
        const double d = x - shift_;
        sum_ += d;
        squares_ += d * d;
    }

    void leave(double x) {
        if (x != x) return;
        --count_;
        if (std::isinf(x)) {
            --infinities_;
            return;
        }
        const double d = x - shift_;
        sum_ -= d;
        squares_ -= d * d;
    }

    // The sums' scheduled recomputation, or an early one (at most once every window/16
    // steps, so that data whose variance truly overflows costs O(16) per element, not
    // O(window)) when n * squares - sum^2 would lose more than kMaxLostBits bits, tested
    // without a division: this runs for every element.
    void after_step() {
        ++steps_since_recompute_;
        if (steps_since_recompute_ >= recompute_every_) {
            recompute();
            return;
        }
        if (steps_since_recompute_ < early_recompute_after_ || count_ - infinities_ < 2) return;
        const double n = static_cast<double>(count_ - infinities_);
        constexpr double kCancelling = 1.0 - 1.0 / (1 << kMaxLostBits);
        if (std::isfinite(squares_) &&
            !(sum_ * sum_ > kCancelling * n * squares_ && !constant_window())) {
            return;
        }
        recompute();
    }

    // The sums from the window's values, compensated, around the window's mean.
    void recompute() {
        steps_since_recompute_ = 0;
        const index_t first = std::max<index_t>(0, position_ - window_);
        CompensatedSum sum, squares;
        index_t finite = 0;
        for (index_t p = first; p < position_; ++p) {
            if (std::isfinite(ring_[p])) {
                sum.add(ring_[p] - shift_);
                ++finite;
            }
        }
        if (finite == 0) return;
        const double mean = shift_ + sum.value() / static_cast<double>(finite);
        shift_ = std::isfinite(mean) ? mean : first_finite_in_window();
        sum = CompensatedSum{};
        for (index_t p = first; p < position_; ++p) {
            if (!std::isfinite(ring_[p])) continue;
            const double d = ring_[p] - shift_;
            sum.add(d);
            squares.add(d * d);
        }
        sum_ = sum.value();
        squares_ = squares.value();
    }

    double first_finite_in_window() const {
        for (index_t p = std::max<index_t>(0, position_ - window_); p < position_; ++p) {
            if (std::isfinite(ring_[p])) return ring_[p];
        }
        return 0.0;
    }

    index_t window_, min_count_;
    double ddof_;  // an integer
    index_t recompute_every_, early_recompute_after_;
    WindowRing<double> ring_;  // the window's values, NaN and infinities included
    index_t position_ = 0;     // elements seen since reset
    index_t count_ = 0;        // non-NaN values in the window, infinities included
    index_t infinities_ = 0;
    bool have_shift_ = false;
    double shift_ = 0.0;
    double sum_ = 0.0, squares_ = 0.0;  // of x - shift_ over the window's finite values
    index_t last_change_ = -1;          // see constant_window()
    double last_number_ = 0.0;          // the last non-NaN value, at last_number_position_
    index_t last_number_position_ = -1;
    index_t steps_since_recompute_ = 0;
};

template <class T>
using MoveVar = WindowVariance<T, false>;
template <class T>
using MoveStd = WindowVariance<T, true>;

}  // namespace parafunc
