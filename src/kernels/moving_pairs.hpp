// Moving covariance and correlation of two series (numbagg's move_cov and move_corr).
//
// The accumulator interface of moving.hpp, for two inputs: kInputs == 2, add(x, y) and
// replace(x, y, old_x, old_y), x from the first series and y from the second at the same
// position (the engine's moving-window adapter reads both side by side).
//
// move_cov, move_corr: over the pairs (x, y) of the window in which neither is NaN, the
// sample covariance (divisor count - 1, as numbagg and pandas) and Pearson's correlation.
// NaN where fewer than max(min_count, 2) pairs (one pair has no covariance: numbagg gives
// NaN there too), or where a pair holds +-inf. Where either series is constant over the
// window's pairs, the covariance is exactly 0 and the correlation NaN (numbagg: NaN for a
// zero variance). A correlation is never outside [-1, 1].
//
// Method: move_var's (moving_moments.hpp), once per series, plus the cross term. Each
// series has a shift near its window mean; running sums of dx = x - shift_x, dy, dx^2,
// dy^2 and dx * dy take the entering pair's terms and lose the leaving pair's. The sums
// are recomputed from the window (kept in a ring), compensated, around the means:
//   - every kRecomputeWindows windows (at least kRecomputeSteps steps);
//   - when a series' shift has drifted so far from its mean (a trend) that the centred
//     sums would lose more than kMaxLostBits bits, or a sum has overflowed;
//   - when a series' sum of squares has fallen 2^kMaxLostBits below its peak since the
//     last recomputation: a value far larger than the rest has left the window, and the
//     rounding it caused in the running sums would be as large as what remains.
// The covariance keeps the squares too: they are what detects the last two cases (the
// error of the cross term is bounded by sqrt(dx^2 * dy^2) sums, Cauchy-Schwarz). Early
// recomputations come at most once every window/16 steps after another early one, so
// adversarial data costs O(16) per element, not O(window).
//
// Exact zeros: as move_var, each series remembers the last position where a value (of a
// pair in the window) differed from the one before it.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "compensated.hpp"
#include "moving.hpp"
#include "window_ring.hpp"

namespace parafunc {

// The running sums of one series of a pair of series, around its shift.
struct ShiftedMoments {
    double shift = 0.0;
    double sum = 0.0, squares = 0.0;  // of x - shift over the window's finite pairs
    double peak = 0.0;                // the largest `squares` since the last recomputation
    index_t last_change = -1;         // see constant()
    double last_number = 0.0;         // the last value of a pair, at last_number_position
    index_t last_number_position = -1;

    // Called as x, of a non-NaN pair, enters at `position`.
    void note_number(double x, index_t position) {
        if (last_number_position >= 0 && x != last_number) last_change = last_number_position;
        last_number = x;
        last_number_position = position;
    }
    // Every pair's value in the window from `first` on is the same.
    bool constant(index_t first) const { return last_change < first; }

    // n * squares - sum^2, the centred sum of squares times n, has fallen below 2^-bits
    // of n * peak (or a sum has overflowed): the running sums' rounding, relative to the
    // largest sums since the last recomputation, could then be 2^bits times larger
    // relative to the result.
    bool lost(double n, int bits) const {
        return !std::isfinite(squares) || n * squares - sum * sum < std::ldexp(n * peak, -bits);
    }
};

template <class T, bool kCorrelation>
class WindowCovariance {
  public:
    using input_type = T;
    using output_type = moving_float_t<T>;
    static constexpr int kInputs = 2;
    static constexpr int kParameters = 0;
    static constexpr index_t kStateBytesPerWindowElement = 2 * sizeof(double);
    static constexpr index_t kChunkWindows = 4;

    explicit WindowCovariance(const MovingParams &p)
        : window_(p.window),
          min_count_(std::max<index_t>(p.min_count, 2)),
          recompute_every_(std::max(kRecomputeSteps, kRecomputeWindows * p.window)),
          early_recompute_after_(p.window / 16),
          ring_(p.window) {}

    void reset() {
        position_ = count_ = infinities_ = 0;
        have_shift_ = last_recompute_early_ = false;
        x_ = y_ = ShiftedMoments{};
        products_ = 0.0;
        steps_since_recompute_ = 0;
    }

    void add(T x, T y) {
        enter(static_cast<double>(x), static_cast<double>(y));
        after_step();
    }

    void replace(T x, T y, T old_x, T old_y) {
        const double x_in = static_cast<double>(x), y_in = static_cast<double>(y);
        const double x_out = static_cast<double>(old_x), y_out = static_cast<double>(old_y);
        if (std::isfinite(x_in) && std::isfinite(y_in) && std::isfinite(x_out) &&
            std::isfinite(y_out)) {
            // The common case: both pairs are in the sums (so the shifts are set), the
            // count does not change.
            ring_[position_] = {x_in, y_in};
            x_.note_number(x_in, position_);
            y_.note_number(y_in, position_);
            ++position_;
            const double dx_in = x_in - x_.shift, dx_out = x_out - x_.shift;
            const double dy_in = y_in - y_.shift, dy_out = y_out - y_.shift;
            x_.sum += dx_in - dx_out;
            y_.sum += dy_in - dy_out;
            x_.squares += dx_in * dx_in - dx_out * dx_out;
            y_.squares += dy_in * dy_in - dy_out * dy_out;
            products_ += dx_in * dy_in - dx_out * dy_out;
        } else {
            leave(x_out, y_out);
            enter(x_in, y_in);
        }
        after_step();
    }

    output_type result() const {
        constexpr output_type nan = std::numeric_limits<output_type>::quiet_NaN();
        if (count_ < min_count_ || infinities_ > 0) return nan;
        const index_t first = std::max<index_t>(0, position_ - window_);
        const bool constant = x_.constant(first) || y_.constant(first);
        const double n = static_cast<double>(count_);
        // n^2 times the biased (co)variances; one division (and one root) in all.
        const double xy = n * products_ - x_.sum * y_.sum;
        if constexpr (!kCorrelation) {
            if (constant) return 0;
            return static_cast<output_type>(xy / (n * (n - 1.0)));
        } else {
            if (constant) return nan;
            const double xx = n * x_.squares - x_.sum * x_.sum;
            const double yy = n * y_.squares - y_.sum * y_.sum;
            if (!(xx > 0.0 && yy > 0.0)) return nan;
            // One root of the product, unless it overflows or underflows.
            const double product = xx * yy;
            const double denominator =
                std::isnormal(product) ? std::sqrt(product) : std::sqrt(xx) * std::sqrt(yy);
            return static_cast<output_type>(std::clamp(xy / denominator, -1.0, 1.0));
        }
    }

  private:
    static constexpr int kMaxLostBits = 8;
    static constexpr index_t kRecomputeWindows = 8;
    static constexpr index_t kRecomputeSteps = 64;

    struct Pair {
        double x, y;
    };

    static bool is_finite(const Pair &p) { return std::isfinite(p.x) && std::isfinite(p.y); }

    void enter(double x, double y) {
        const index_t position = position_++;
        ring_[position] = {x, y};
        if (x != x || y != y) return;
        ++count_;
        x_.note_number(x, position);
        y_.note_number(y, position);
        if (!(std::isfinite(x) && std::isfinite(y))) {
            ++infinities_;
            return;
        }
        if (!have_shift_) {
            x_.shift = x;
            y_.shift = y;
            have_shift_ = true;
        }
        const double dx = x - x_.shift, dy = y - y_.shift;
        x_.sum += dx;
        y_.sum += dy;
        x_.squares += dx * dx;
        y_.squares += dy * dy;
        products_ += dx * dy;
    }

    void leave(double x, double y) {
        if (x != x || y != y) return;
        --count_;
        if (!(std::isfinite(x) && std::isfinite(y))) {
            --infinities_;
            return;
        }
        if (count_ == infinities_) {  // no finite pair left: the sums are exactly 0
            x_.sum = x_.squares = x_.peak = y_.sum = y_.squares = y_.peak = products_ = 0.0;
            return;
        }
        const double dx = x - x_.shift, dy = y - y_.shift;
        x_.sum -= dx;
        y_.sum -= dy;
        x_.squares -= dx * dx;
        y_.squares -= dy * dy;
        products_ -= dx * dy;
    }

    // The scheduled recomputation, or an early one (see the top of the file), tested
    // without a division: this runs for every element.
    void after_step() {
        ++steps_since_recompute_;
        if (steps_since_recompute_ >= recompute_every_) {
            recompute(false);
            return;
        }
        x_.peak = std::max(x_.peak, x_.squares);
        y_.peak = std::max(y_.peak, y_.squares);
        if (count_ - infinities_ < 2) return;
        const double n = static_cast<double>(count_ - infinities_);
        const index_t first = std::max<index_t>(0, position_ - window_);
        const bool lost = (x_.lost(n, kMaxLostBits) && !x_.constant(first)) ||
                          (y_.lost(n, kMaxLostBits) && !y_.constant(first));
        if (lost && (!last_recompute_early_ || steps_since_recompute_ >= early_recompute_after_)) {
            recompute(true);
        }
    }

    // The sums from the window's finite pairs, compensated, around each series' mean.
    void recompute(bool early) {
        steps_since_recompute_ = 0;
        last_recompute_early_ = early;
        const index_t first = std::max<index_t>(0, position_ - window_);
        CompensatedSum x_sum, y_sum;
        index_t finite = 0;
        for (index_t p = first; p < position_; ++p) {
            if (!is_finite(ring_[p])) continue;
            x_sum.add(ring_[p].x - x_.shift);
            y_sum.add(ring_[p].y - y_.shift);
            ++finite;
        }
        if (finite == 0) return;
        const double count = static_cast<double>(finite);
        const double x_mean = x_.shift + x_sum.value() / count;
        const double y_mean = y_.shift + y_sum.value() / count;
        const Pair fallback = first_finite_in_window();
        x_.shift = std::isfinite(x_mean) ? x_mean : fallback.x;
        y_.shift = std::isfinite(y_mean) ? y_mean : fallback.y;
        x_sum = y_sum = CompensatedSum{};
        CompensatedSum x_squares, y_squares, products;
        for (index_t p = first; p < position_; ++p) {
            if (!is_finite(ring_[p])) continue;
            const double dx = ring_[p].x - x_.shift, dy = ring_[p].y - y_.shift;
            x_sum.add(dx);
            y_sum.add(dy);
            x_squares.add(dx * dx);
            y_squares.add(dy * dy);
            products.add(dx * dy);
        }
        x_.sum = x_sum.value();
        y_.sum = y_sum.value();
        x_.peak = x_.squares = x_squares.value();
        y_.peak = y_.squares = y_squares.value();
        products_ = products.value();
    }

    Pair first_finite_in_window() const {
        for (index_t p = std::max<index_t>(0, position_ - window_); p < position_; ++p) {
            if (is_finite(ring_[p])) return ring_[p];
        }
        return {0.0, 0.0};
    }

    index_t window_, min_count_;
    index_t recompute_every_, early_recompute_after_;
    WindowRing<Pair> ring_;   // the window's pairs, NaN and infinities included
    index_t position_ = 0;    // pairs seen since reset
    index_t count_ = 0;       // pairs of the window with no NaN, infinities included
    index_t infinities_ = 0;  // pairs of the window with an infinity and no NaN
    bool have_shift_ = false;
    bool last_recompute_early_ = false;
    ShiftedMoments x_, y_;
    double products_ = 0.0;  // of (x - x_.shift) * (y - y_.shift) over the finite pairs
    index_t steps_since_recompute_ = 0;
};

template <class T>
using MoveCov = WindowCovariance<T, false>;
template <class T>
using MoveCorr = WindowCovariance<T, true>;

}  // namespace parafunc
