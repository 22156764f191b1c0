// Moving variance and standard deviation (see moving.hpp for the accumulator interface).
//
// move_var, move_std: of the window's non-NaN values, with divisor count - ddof (the
// kernel's parameter). NaN where fewer than min_count values, where count <= ddof, or
// where the window holds +-inf. Exactly 0 where the window's values are all equal; never
// negative.
//
// Method: compensated running sums of d = x - shift and d^2, the shift a value near the
// window's mean, so that sum(d^2) - sum(d)^2 / n does not cancel. The shift starts as the
// chunk's first number; when the window's mean has moved so far from it that the
// subtraction would lose more than kMaxLostBits bits (a trend), or a sum has overflowed,
// the sums are recomputed around the current mean from the window itself, which the
// accumulator keeps in a ring (amortised O(1): a trend must move the mean by 2^5 standard
// deviations before the next recomputation). The chunk restarts of the engine bound how
// long any rounding error can live, so nothing drifts.
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
    static constexpr int kParameters = 1;
    static constexpr index_t kStateBytesPerWindowElement = sizeof(double);
    static constexpr index_t kChunkWindows = 4;

    explicit WindowVariance(const MovingParams &p)
        : window_(p.window), min_count_(p.min_count), ddof_(p.parameter), ring_(p.window) {}

    void reset() {
        position_ = 0;
        count_ = infinities_ = 0;
        have_shift_ = false;
        shift_ = 0.0;
        sum_ = squares_ = CompensatedSum{};
        last_change_ = last_number_position_ = -1;
        steps_since_recompute_ = window_;
    }

    void add(T x) {
        enter(static_cast<double>(x));
        after_step();
    }

    void replace(T x, T) {
        leave(ring_[position_ - window_]);
        enter(static_cast<double>(x));
        after_step();
    }

    output_type result() const {
        constexpr output_type nan = std::numeric_limits<output_type>::quiet_NaN();
        if (count_ < min_count_ || count_ <= ddof_ || infinities_ > 0) return nan;
        if (constant_window()) return 0;
        const double n = static_cast<double>(count_);
        const double centred = squares_.value() - sum_.value() * (sum_.value() / n);
        const double variance = std::max(centred, 0.0) / (n - static_cast<double>(ddof_));
        return static_cast<output_type>(kSquareRoot ? std::sqrt(variance) : variance);
    }

  private:
    static constexpr int kMaxLostBits = 10;

    // Every non-NaN value differs from the previous non-NaN one at some position p (the
    // last such change): the window is constant when that previous value lies before it.
    bool constant_window() const {
        return last_change_ < std::max<index_t>(0, position_ - window_);
    }

    void enter(double x) {
        ring_[position_++] = x;
        if (x != x) return;
        ++count_;
        if (last_number_position_ >= 0 && x != last_number_) last_change_ = last_number_position_;
        last_number_ = x;
        last_number_position_ = position_ - 1;
        if (std::isinf(x)) {
            ++infinities_;
            return;
        }
        if (!have_shift_) {
            shift_ = x;
            have_shift_ = true;
        }
        const double d = x - shift_;
        sum_.add(d);
        squares_.add(d * d);
    }

    void leave(double x) {
        if (x != x) return;
        --count_;
        if (std::isinf(x)) {
            --infinities_;
            return;
        }
        const double d = x - shift_;
        sum_.add(-d);
        squares_.add(-(d * d));
    }

    // Recomputes the sums around the window's mean when the centred sum of squares has
    // lost more than kMaxLostBits bits to cancellation, or has overflowed; at most once
    // every window/16 steps, so that data whose variance truly overflows costs O(16) per
    // element, not O(window).
    void after_step() {
        ++steps_since_recompute_;
        if (count_ - infinities_ < 2 || steps_since_recompute_ < window_ / 16) return;
        const double n = static_cast<double>(count_ - infinities_);
        const double squares = squares_.value(), mean_part = sum_.value() * (sum_.value() / n);
        const double centred = squares - mean_part;
        if (std::isfinite(squares) &&
            !(centred * (1 << kMaxLostBits) < squares && !constant_window())) {
            return;
        }
        recompute(shift_ + sum_.value() / n);
    }

    void recompute(double shift) {
        if (!std::isfinite(shift)) shift = first_finite_in_window();
        shift_ = shift;
        sum_ = squares_ = CompensatedSum{};
        for (index_t p = std::max<index_t>(0, position_ - window_); p < position_; ++p) {
            const double x = ring_[p];
            if (!std::isfinite(x)) continue;
            const double d = x - shift_;
            sum_.add(d);
            squares_.add(d * d);
        }
        steps_since_recompute_ = 0;
    }

    double first_finite_in_window() const {
        for (index_t p = std::max<index_t>(0, position_ - window_); p < position_; ++p) {
            if (std::isfinite(ring_[p])) return ring_[p];
        }
        return 0.0;
    }

    index_t window_, min_count_, ddof_;
    WindowRing<double> ring_;  // the window's values, NaN and infinities included
    index_t position_ = 0;     // elements seen since reset
    index_t count_ = 0;        // non-NaN values in the window, infinities included
    index_t infinities_ = 0;
    bool have_shift_ = false;
    double shift_ = 0.0;
    CompensatedSum sum_, squares_;  // of x - shift_ over the window's finite values
    index_t last_change_ = -1;      // see constant_window()
    double last_number_ = 0.0;      // the last non-NaN value, at last_number_position_
    index_t last_number_position_ = -1;
    index_t steps_since_recompute_ = 0;
};

template <class T>
using MoveVar = WindowVariance<T, false>;
template <class T>
using MoveStd = WindowVariance<T, true>;

}  // namespace parafunc
