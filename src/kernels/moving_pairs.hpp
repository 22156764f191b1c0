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
// series has a shift near its window mean; plain running sums of dx = x - shift_x, dy,
// dx^2, dy^2 and dx * dy take the entering pair's terms and lose the leaving pair's. Their
// rounding is relative to the largest sums since they were last computed from the window
// (kept in a ring), compensated, around each series' mean, which happens
//   - every kRecomputeWindows windows (at least kRecomputeSteps steps), which bounds the
//     steps whose rounding a sum carries;
//   - when for either series the centred sum n * sum(dx^2) - sum(dx)^2 falls 2^kMaxLostBits
//     below n times the peak of sum(dx^2) since then, or a sum has overflowed: the shift
//     has drifted far from the mean (a trend), or a value far larger than the rest has
//     left the window, and the rounding would cost more than kMaxLostBits bits.
// The covariance keeps the squares too: they are what detects both (the error of the
// cross term is bounded by that of the squares, Cauchy-Schwarz). Early recomputations
// come at most once every window/16 steps after another early one, so adversarial data
// costs O(16) per element, not O(window). Error: ~2^-40 of sx * sy (the covariance's
// scale; 1 the correlation's) on typical data, 2^-36 in tests/registry.py, plus the
// inputs' own rounding in x - shift (eps |x|max sy).
//
// Cost: ~9 ns per element on one core, 3x numbagg's raw sums in C++ (whose correlations of
// 1e8 + N(0, 1) series come out as far as 3.6 from the truth): the checks above take
// ~25% of it, the exact zeros and the recomputations ~10% each.
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
    double last_number = std::numeric_limits<double>::quiet_NaN();  // of the last pair
    index_t last_change = -1;  // the last position whose value differs from the next one's

    // Called as x, of a pair with no NaN, enters at `position`; `previous` is the position
    // of the pair before it with no NaN (last_number's).
    void note_number(double x, index_t previous) {
        if (x != last_number) last_change = previous;
        last_number = x;
    }
    // Every pair's value in the window from `first` on is the same.
    bool constant(index_t first) const { return last_change < first; }

    // n * squares - sum^2, the centred sum of squares times n, has fallen below
    // lost_n = 2^-kMaxLostBits n times the peak (or a sum has overflowed): the running
    // sums' rounding, relative to the largest sums since the last recomputation, could
    // then be 2^kMaxLostBits times larger relative to the result.
    bool lost(double n, double lost_n) const {
        return !(n * squares - sum * sum >= lost_n * peak) | !(peak <= kLargest);
    }
    static constexpr double kLargest = std::numeric_limits<double>::max();
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
        last_position_ = -1;
        have_shift_ = last_recompute_early_ = false;
        x_ = y_ = ShiftedMoments{};
        products_ = 0.0;
        steps_since_recompute_ = 0;
        counted();
    }

    void add(T x, T y) {
        enter(static_cast<double>(x), static_cast<double>(y));
        after_step();
    }

    void replace(T x, T y, T old_x, T old_y) {
        const double x_in = static_cast<double>(x), y_in = static_cast<double>(y);
        const double x_out = static_cast<double>(old_x), y_out = static_cast<double>(old_y);
        if (std::isfinite(x_in) & std::isfinite(y_in) & std::isfinite(x_out) &
            std::isfinite(y_out)) {
            // The common case: both pairs are in the sums (so the shifts are set), the
            // count does not change.
            ring_[position_] = {x_in, y_in};
            x_.note_number(x_in, last_position_);
            y_.note_number(y_in, last_position_);
            last_position_ = position_++;
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
        if (!defined_) return nan;
        const index_t first = position_ - window_;
        const bool constant = x_.constant(first) || y_.constant(first);
        // n^2 times the biased (co)variances; no division in the covariance (a reciprocal
        // kept while the count does not change: 1.4x faster), one in the correlation.
        const double xy = n_ * products_ - x_.sum * y_.sum;
        if constexpr (!kCorrelation) {
            if (constant) return 0;
            return static_cast<output_type>(xy * normalisation_);
        } else {
            if (constant) return nan;
            const double xx = n_ * x_.squares - x_.sum * x_.sum;
            const double yy = n_ * y_.squares - y_.sum * y_.sum;
            if (!(xx > 0.0 && yy > 0.0)) return nan;
            // One root of the product, unless that could overflow (and raise the flag) or
            // underflow.
            constexpr double kLarge = 0x1p+500, kSmall = 0x1p-500;
            const bool moderate = xx < kLarge && yy < kLarge && xx > kSmall && yy > kSmall;
            const double denominator =
                moderate ? std::sqrt(xx * yy) : std::sqrt(xx) * std::sqrt(yy);
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

    // What depends on the counts alone, kept for the common steps that leave them alone.
    void counted() {
        defined_ = count_ >= min_count_ && infinities_ == 0;
        n_ = static_cast<double>(count_);
        normalisation_ = count_ >= 2 ? 1.0 / (n_ * (n_ - 1.0)) : 0.0;
        lost_n_ = n_ / (1 << kMaxLostBits);
    }

    void enter(double x, double y) {
        const index_t position = position_++;
        ring_[position] = {x, y};
        if (x != x || y != y) return;
        ++count_;
        x_.note_number(x, last_position_);
        y_.note_number(y, last_position_);
        last_position_ = position;
        if (!(std::isfinite(x) && std::isfinite(y))) {
            ++infinities_;
            counted();
            return;
        }
        counted();
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
            counted();
            return;
        }
        counted();
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
    // without a division or a branch per series: this runs for every element (and costs
    // ~20% of it). Only while the result is defined (the counts otherwise make it NaN):
    // the sums are tested when it is again.
    void after_step() {
        ++steps_since_recompute_;
        if (steps_since_recompute_ >= recompute_every_) {
            recompute(false);
            return;
        }
        x_.peak = std::max(x_.peak, x_.squares);
        y_.peak = std::max(y_.peak, y_.squares);
        if (!defined_ || !(x_.lost(n_, lost_n_) | y_.lost(n_, lost_n_))) return;
        const index_t first = position_ - window_;
        const bool lost = (x_.lost(n_, lost_n_) && !x_.constant(first)) ||
                          (y_.lost(n_, lost_n_) && !y_.constant(first));
        if (lost && (!last_recompute_early_ || steps_since_recompute_ >= early_recompute_after_)) {
            recompute(true);
        }
    }

    // The sums from the window's finite pairs, compensated, around each series' mean.
    void recompute(bool early) {
        steps_since_recompute_ = 0;
        last_recompute_early_ = early;
        const index_t first = std::max<index_t>(0, position_ - window_);
        FastCompensatedSum x_sum, y_sum;
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
        x_sum = y_sum = FastCompensatedSum{};
        FastCompensatedSum x_squares, y_squares, products;
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
    WindowRing<Pair> ring_;       // the window's pairs, NaN and infinities included
    index_t position_ = 0;        // pairs seen since reset
    index_t last_position_ = -1;  // of the last pair with no NaN
    index_t count_ = 0;           // pairs of the window with no NaN, infinities included
    index_t infinities_ = 0;      // pairs of the window with an infinity and no NaN
    // From the counts (counted()): a result is defined (enough pairs, no infinity); the
    // count as a double; 1 / (n (n - 1)); n 2^-kMaxLostBits.
    bool defined_ = false;
    double n_ = 0.0, normalisation_ = 0.0, lost_n_ = 0.0;
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
