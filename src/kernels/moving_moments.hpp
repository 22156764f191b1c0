// Moving variance and standard deviation (see moving.hpp for the accumulator interface).
//
// move_var, move_std: of the window's non-NaN values, with divisor count - ddof (the
// kernel's parameter). NaN where fewer than min_count values, where count <= ddof, or
// where the window holds +-inf. Exactly 0 where the window's values are all equal; never
// negative.
//
// Method: running sums of d = x - shift and of d^2 over the window's finite values, where
// `shift` is one of the window's own values, and the variance (sum d^2 - (sum d)^2 / k) /
// (k - ddof). Two rules keep that as accurate as a two-pass computation:
// - Restarts. The sums are recomputed from the window (kept in a ring), its value nearest
//   to its mean becoming the shift, every 4 to 8 windows at fixed positions, so the
//   rounding of a running update never outlives them, and nothing drifts.
// - Cancellation. The subtraction loses about log2(largest / variance) bits, where
//   `largest` is the largest sum of squares since the last restart: a large value has left
//   the window, or the mean has run away from the shift along a trend. Where that ratio
//   passes kMostCancellation, the series restarts at once. (Right after a restart it is at
//   most 2: some value lies within a standard deviation of the mean.) So a huge value
//   spoils only the windows that hold it, and the relative error stays within about
//   kMostCancellation sqrt(window) eps. The price of a restart is O(window): data whose
//   largest value leaves at every step (a geometric decay) restarts every few steps,
//   measured ~20x the usual time per element at window 20; slower, never wrong.
// A step that needs neither costs a few additions and multiplications: one value enters,
// one leaves. (The blocks of the extremes, with every part's sums merged by Chan's formula
// for each window, measured twice the time.)
//
// Exact zeros: in a window whose finite values all equal v, sum d^2 - (sum d)^2 / k is 0 or
// a rounding error far below `largest`, which restarts the series with v as its shift (the
// value nearest to the mean): every d is then exactly 0, and stays 0 while v enters and
// leaves. The variance is +0, never the 1e-17 that sums about a computed mean leave.
//
// Huge values: d^2 must not overflow, so values beyond kModerate in magnitude are summed
// scaled by kHugeScale (exact: a power of two) while the window holds one. A series goes
// scaled, and back, only at a restart; its scaled steps take the general path.
//
// Written once for one series and for kLanes series in lockstep (lanes.hpp): the lanes
// share the restart positions, and a restart for cancellation takes only the lanes that
// need it, so each series gets the same result as alone. Operands are made harmless
// before any operation that could raise a flag (no 0 / 0, no inf - inf, no comparison
// with a NaN).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "lanes.hpp"
#include "moving.hpp"
#include "window_ring.hpp"

namespace parafunc {

// The state and steps of move_var (move_std: kSquareRoot) for one series (V = double) or
// kLanes series in lockstep (V = Doubles).
template <class V, bool kSquareRoot>
class alignas(sizeof(V)) VarianceSteps {
    using Mask = decltype(finite(V{}));
    struct alignas(sizeof(V)) Slot {
        V value;
    };
    // Values up to kModerate in magnitude are summed as they are: d^2 <= 2^962, and sums of
    // them cannot overflow. Larger ones times kHugeScale are within 2^464.
    static constexpr double kModerate = 0x1p480;
    static constexpr double kHugeScale = 0x1p-560;
    static constexpr double kHugeUnscale = 0x1p560;
    static constexpr double kMostCancellation = 16;
    static constexpr index_t kRestartWindows = 4;  // of the ring's capacity, a power of 2

  public:
    explicit VarianceSteps(const MovingParams &p)
        : ring_(p.window),
          window_(p.window),
          restart_mask_(std::max<index_t>(kRestartWindows * ring_capacity(p.window), 64) - 1),
          min_count_(broadcast<V>(static_cast<double>(p.min_count))),
          ddof_(broadcast<V>(p.parameter)) {}

    PARAFUNC_INLINE void reset() {
        position_ = 0;
        count_ = infinities_ = huge_ = shift_ = sum_ = squares_ = largest_ = V{};
        scale_ = unscale_ = broadcast<V>(1.0);
        prepare_result();
    }

    // x enters while the window fills.
    PARAFUNC_INLINE void add(V x) {
        ring_[position_].value = x;
        ++position_;
        general_step(x, broadcast<V>(std::numeric_limits<double>::quiet_NaN()));
        finish_step<false>();
    }

    // x enters and the value `window` steps older leaves (read from the ring: one load,
    // where the engine's would gather it from kLanes series).
    PARAFUNC_INLINE void replace(V x, V) {
        const V old = ring_[position_ - window_].value;
        ring_[position_].value = x;
        ++position_;
        if (all_unscaled_ &&
            all(magnitude_at_most(x, kModerate) & magnitude_at_most(old, kModerate))) {
            const V d = x - shift_, e = old - shift_;
            sum_ += d - e;
            squares_ += d * d - e * e;
            finish_step<true>();
        } else {
            general_step(x, old);
            finish_step<false>();
        }
    }

    PARAFUNC_INLINE V result() const { return result_; }

  private:
    // NaN counts as absent, infinities are counted apart, huge values (beyond kModerate)
    // are counted, and summed where the series is scaled.
    PARAFUNC_INLINE void general_step(V x, V old) {
        const V zero{}, one = broadcast<V>(1.0);
        count_ += select(x == x, one, zero) - select(old == old, one, zero);
        const auto infinite = [](V y) { return (y == y) & negate(finite(y)); };
        infinities_ += select(infinite(x), one, zero) - select(infinite(old), one, zero);
        const auto huge = [](V y) { return finite(y) & negate(magnitude_at_most(y, kModerate)); };
        huge_ += select(huge(x), one, zero) - select(huge(old), one, zero);
        // Scaled, every finite value is within kModerate; unscaled, a huge one is left out
        // until the restart that finish_step asks for.
        const V entering = x * scale_, leaving = old * scale_;
        const V d = select(magnitude_at_most(entering, kModerate), entering - shift_, zero);
        const V e = select(magnitude_at_most(leaving, kModerate), leaving - shift_, zero);
        sum_ += d - e;
        squares_ += d * d - e * e;
        prepare_result();
    }

    // The restarts a step needs, and its result. kPlain: after a step of moderate values in
    // unscaled lanes, where no lane can need scaling (the finish of every step restarts
    // those that do), and the result needs no unscaling unless a restart scaled a lane.
    template <bool kPlain>
    PARAFUNC_INLINE void finish_step() {
        if ((position_ & restart_mask_) == 0) {
            restart(finite(V{}));  // every lane
        } else {
            largest_ = larger(largest_, squares_);
        }
        V spread = numerator();
        // Lanes whose result is NaN need no restart now: their next window is checked.
        Mask poor = (spread * broadcast<V>(kMostCancellation) < largest_) & checked_;
        if constexpr (!kPlain) poor = poor | needs_scale_;
        if (any(poor)) {
            restart(poor);
            spread = numerator();
        }
        spread = larger(spread, V{}) * scaled_inverse_divisor_;
        if (!kPlain || !all_unscaled_) spread *= unscale_;
        if constexpr (kSquareRoot) spread = square_root(spread);
        result_ = select(checked_, spread, broadcast<V>(NAN));
    }

    // The sum of squared deviations from the window's mean: sum d^2 - (sum d)^2 / k.
    PARAFUNC_INLINE V numerator() const {
        return squares_ - sum_ * (sum_ * inverse_finite_count_);
    }

    // The sums of the lanes in `which` recomputed from the window, about its value nearest
    // to its mean (so that sum d^2 is at most twice the numerator: some value lies within
    // a standard deviation of the mean), scaled where it holds a huge value.
    PARAFUNC_INLINE void restart(Mask which) {
        const V zero{}, one = broadcast<V>(1.0), inf = broadcast<V>(HUGE_VAL);
        const index_t first = std::max<index_t>(0, position_ - window_);
        const Mask scaled = huge_ != zero;
        const V scale = select(scaled, broadcast<V>(kHugeScale), one);
        auto value = [&](index_t t) { return ring_[t].value * scale; };
        V total = zero;
        for (index_t t = first; t < position_; ++t) {
            const V x = value(t);
            total += select(finite(x), x, zero);
        }
        const V mean = total * inverse_finite_count_;  // only guides the choice below
        V shift = zero, distance = inf;  // shift 0 where the window has no finite value
        for (index_t t = first; t < position_; ++t) {
            const V x = value(t);
            const V from_mean = select(finite(x), magnitude(x - mean), inf);
            const Mask nearer = from_mean < distance;
            distance = select(nearer, from_mean, distance);
            shift = select(nearer, x, shift);
        }
        V sum = zero, squares = zero;
        for (index_t t = first; t < position_; ++t) {
            const V x = value(t);
            const V d = select(finite(x), x - shift, zero);
            sum += d;
            squares += d * d;
        }
        scale_ = select(which, scale, scale_);
        unscale_ = select(which, select(scaled, broadcast<V>(kHugeUnscale), one), unscale_);
        shift_ = select(which, shift, shift_);
        sum_ = select(which, sum, sum_);
        squares_ = select(which, squares, squares_);
        largest_ = select(which, squares, largest_);
        prepare_result();
    }

    // What changes only with the counts or the scale: whether the result is NaN, and the
    // factors of the variance.
    PARAFUNC_INLINE void prepare_result() {
        const V zero{}, one = broadcast<V>(1.0);
        // Counts are never NaN: these comparisons raise no flag.
        const Mask special = (count_ < min_count_) | (count_ <= ddof_) | (infinities_ > zero);
        checked_ = negate(special);
        const V finite_count = count_ - infinities_;
        inverse_finite_count_ = one / select(finite_count > zero, finite_count, one);
        // 0 where the result is NaN: no overflow flag from scaling up a discarded value.
        scaled_inverse_divisor_ =
            select(special, zero, unscale_ / select(special, one, finite_count - ddof_));
        const Mask unscaled = scale_ == one;
        all_unscaled_ = all(unscaled);
        needs_scale_ = unscaled & (huge_ != zero) & checked_;
    }

    // What every step reads and writes first, together in memory (lanes of many series
    // keep theirs in memory, not registers).
    V shift_{}, sum_{}, squares_{};  // sums of d = x * scale_ - shift_, d^2
    V largest_{};                    // the largest `squares_` since the last restart
    V inverse_finite_count_{}, scaled_inverse_divisor_{};
    Mask checked_{};  // lanes whose result is a number: the restarts for cancellation
    V result_{};
    WindowRing<Slot> ring_;  // the last `window` values, NaN and infinities included
    index_t window_;
    index_t position_ = 0;  // elements seen since reset
    bool all_unscaled_ = true;
    // What the general steps and restarts use.
    index_t restart_mask_;               // restarts where position_ & restart_mask_ is 0
    V min_count_, ddof_;                 // ddof: an integer
    V count_{}, infinities_{}, huge_{};  // the window's non-NaN, infinite and huge values
    V scale_{}, unscale_{};              // 1, or kHugeScale and its inverse
    Mask needs_scale_{};                 // checked lanes, unscaled, holding a huge value
};

// move_var and move_std.
template <bool kSquareRoot>
struct VarianceStepsOf {
    template <class V>
    using Steps = VarianceSteps<V, kSquareRoot>;
};
template <class T, bool kSquareRoot>
class WindowVariance : public OneSeries<T, VarianceStepsOf<kSquareRoot>::template Steps> {
  public:
    using parameter_type = index_t;  // ddof
    static constexpr int kParameters = 1;
    static constexpr index_t kStateBytesPerWindowElement = sizeof(double);
    static constexpr index_t kChunkWindows = 4;

    using OneSeries<T, VarianceStepsOf<kSquareRoot>::template Steps>::OneSeries;
};

template <class T>
using MoveVar = WindowVariance<T, false>;
template <class T>
using MoveStd = WindowVariance<T, true>;

}  // namespace parafunc
