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
// Method: move_var's (moving_moments.hpp) for each series, plus the cross term. Running
// sums of dx = x - shift_x, dx^2, dy = y - shift_y, dy^2 and dx * dy over the window's
// finite pairs, each shift one of the series' own values in the window. They are
// recomputed from the window (kept in a ring), about each series' value nearest its mean,
// - every 4 to 8 windows, at fixed positions: no rounding outlives that, nothing drifts;
// - at once where for either series sum dx^2 - (sum dx)^2 / k has fallen below
//   1/kMostCancellation of the largest sum dx^2 since the last recomputation (a large
//   value has left, a trend has moved the mean): the subtraction would lose more bits.
// The cross term's rounding is bounded by the squares' (Cauchy-Schwarz: sum |dx dy| <=
// sqrt(sum dx^2 sum dy^2)), so the squares' test covers it. A series constant over the
// window's pairs is recomputed about that value: its every d is then exactly 0, and the
// covariance exactly 0. Values beyond kModerate are summed scaled by a power of two (each
// series on its own) while the window holds one, as move_var's.
//
// Written once for one series pair and for kLanes pairs in lockstep (lanes.hpp): the
// lanes share the fixed recomputation positions, and an early one takes only the lanes
// that need it, so each pair of series gets the same result as alone. Operands are made
// harmless before any operation that could raise a flag.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "lanes.hpp"
#include "moving.hpp"
#include "window_ring.hpp"

namespace parafunc {

// The state and steps of move_cov (move_corr: kCorrelation) for one pair of series
// (V = double) or kLanes pairs in lockstep (V = Doubles).
template <class V, bool kCorrelation>
class alignas(sizeof(V)) CovarianceSteps {
    using Mask = decltype(finite(V{}));
    struct alignas(sizeof(V)) Pair {
        V x, y;
    };
    // As move_var's: values up to kModerate are summed as they are (products within
    // 2^962); larger ones scaled by kHugeScale are within 2^464.
    static constexpr double kModerate = 0x1p480;
    static constexpr double kHugeScale = 0x1p-560;
    static constexpr double kHugeUnscale = 0x1p560;
    static constexpr double kMostCancellation = 16;
    static constexpr index_t kRestartWindows = 4;  // of the ring's capacity, a power of 2

    // The running sums of one series of the pair, about its shift.
    struct alignas(sizeof(V)) Moments {
        V shift, sum, squares;  // of d = value * scale - shift over the finite pairs
        V largest;              // the largest `squares` since the last recomputation
    };

  public:
    explicit CovarianceSteps(const MovingParams &p)
        : ring_(p.window),
          window_(p.window),
          restart_mask_(std::max<index_t>(kRestartWindows * ring_capacity(p.window), 64) - 1),
          min_count_(broadcast<V>(static_cast<double>(std::max<index_t>(p.min_count, 2)))) {}

    PARAFUNC_INLINE void reset() {
        position_ = 0;
        x_ = y_ = Moments{};
        products_ = count_ = infinities_ = huge_x_ = huge_y_ = V{};
        scale_x_ = scale_y_ = unscale_x_ = unscale_y_ = broadcast<V>(1.0);
        prepare_result();
    }

    // (x, y) enters while the window fills.
    PARAFUNC_INLINE void add(V x, V y) {
        ring_[position_].x = x;
        ring_[position_].y = y;
        ++position_;
        const V nan = broadcast<V>(std::numeric_limits<double>::quiet_NaN());
        general_step(x, y, nan, nan);
        finish_step<false>();
    }

    // (x, y) enters and the pair `window` steps older leaves (read from the ring).
    PARAFUNC_INLINE void replace(V x, V y, V, V) {
        // Field by field: a copy of the pair went through 16-byte halves, and its vectors
        // were loaded whole from them, a stall on every step.
        const V old_x = ring_[position_ - window_].x, old_y = ring_[position_ - window_].y;
        ring_[position_].x = x;
        ring_[position_].y = y;
        ++position_;
        if (all_unscaled_ &&
            all(magnitude_at_most(x, kModerate) & magnitude_at_most(y, kModerate) &
                magnitude_at_most(old_x, kModerate) & magnitude_at_most(old_y, kModerate))) {
            const V dx = x - x_.shift, ex = old_x - x_.shift;
            const V dy = y - y_.shift, ey = old_y - y_.shift;
            x_.sum += dx - ex;
            x_.squares += dx * dx - ex * ex;
            y_.sum += dy - ey;
            y_.squares += dy * dy - ey * ey;
            products_ += dx * dy - ex * ey;
            finish_step<true>();
        } else {
            general_step(x, y, old_x, old_y);
            finish_step<false>();
        }
    }

    PARAFUNC_INLINE V result() const { return result_; }

  private:
    static PARAFUNC_INLINE Mask huge(V v) {
        return finite(v) & negate(magnitude_at_most(v, kModerate));
    }

    // A pair with a NaN counts as absent, one with an infinity is counted apart, huge
    // values are counted per series, and summed where that series is scaled. A pair that
    // enters an empty window becomes the shifts, the sums restarting from exactly 0.
    PARAFUNC_INLINE void general_step(V x, V y, V old_x, V old_y) {
        const V zero{}, one = broadcast<V>(1.0);
        const V scaled_x = x * scale_x_, scaled_y = y * scale_y_;
        const Mask fresh = (count_ == zero) & magnitude_at_most(scaled_x, kModerate) &
                           magnitude_at_most(scaled_y, kModerate);
        auto restart_from = [&](Moments &m, V shift) {
            m.shift = select(fresh, shift, m.shift);
            m.sum = select(fresh, zero, m.sum);
            m.squares = select(fresh, zero, m.squares);
            m.largest = select(fresh, zero, m.largest);
        };
        restart_from(x_, scaled_x);
        restart_from(y_, scaled_y);
        products_ = select(fresh, zero, products_);
        const Mask entering = (x == x) & (y == y), leaving = (old_x == old_x) & (old_y == old_y);
        auto counted = [&](Mask m) { return select(m, one, zero); };
        count_ += counted(entering) - counted(leaving);
        auto infinite = [](V a, V b) { return negate(finite(a) & finite(b)); };
        infinities_ +=
            counted(entering & infinite(x, y)) - counted(leaving & infinite(old_x, old_y));
        huge_x_ += counted(entering & huge(x)) - counted(leaving & huge(old_x));
        huge_y_ += counted(entering & huge(y)) - counted(leaving & huge(old_y));
        // A pair enters the sums where both its scaled values are within kModerate; an
        // unscaled series' huge value keeps its pair out until the recomputation that
        // finish_step asks for.
        auto deviations = [&](V a, V b, V &da, V &db) {
            const V sa = a * scale_x_, sb = b * scale_y_;
            const Mask in = magnitude_at_most(sa, kModerate) & magnitude_at_most(sb, kModerate);
            da = select(in, sa - x_.shift, zero);
            db = select(in, sb - y_.shift, zero);
        };
        V dx, dy, ex, ey;
        deviations(x, y, dx, dy);
        deviations(old_x, old_y, ex, ey);
        x_.sum += dx - ex;
        x_.squares += dx * dx - ex * ex;
        y_.sum += dy - ey;
        y_.squares += dy * dy - ey * ey;
        products_ += dx * dy - ex * ey;
        prepare_result();
    }

    // k sum d^2 - (sum d)^2 for one series of k finite values: k^2 times its biased
    // variance. (In k times the sums, not divided by k: data on a grid, integers say,
    // comes out exact more often. With |d| <= 2^481, k sum d^2 stays finite for windows
    // below 2^31.)
    PARAFUNC_INLINE V spread(const Moments &m) const {
        return finite_count_ * m.squares - m.sum * m.sum;
    }

    // The recomputations a step needs, and its result. kPlain: after a step of moderate
    // values in unscaled lanes (see move_var's finish_step).
    template <bool kPlain>
    PARAFUNC_INLINE void finish_step() {
        if ((position_ & restart_mask_) == 0) {
            restart(finite(V{}));  // every lane
        } else {
            x_.largest = larger(x_.largest, x_.squares);
            y_.largest = larger(y_.largest, y_.squares);
        }
        const V most = broadcast<V>(kMostCancellation);
        Mask poor = ((spread(x_) * most < x_.largest * finite_count_) |
                     (spread(y_) * most < y_.largest * finite_count_)) &
                    checked_;
        if constexpr (!kPlain) poor = poor | needs_scale_;
        if (any(poor)) restart(poor);
        const V cross = finite_count_ * products_ - x_.sum * y_.sum;
        V value;
        if constexpr (kCorrelation) {
            // The scales cancel. One root of the product where it can neither overflow nor
            // underflow, else the product of the roots.
            const V xx = spread(x_), yy = spread(y_), zero{}, one = broadcast<V>(1.0);
            const Mask defined = (xx > zero) & (yy > zero) & checked_;
            const V small = broadcast<V>(0x1p-500), large = broadcast<V>(0x1p500);
            const Mask moderate = (xx > small) & (xx < large) & (yy > small) & (yy < large);
            const V first = select(defined, select(moderate, xx * yy, xx), one);
            const Mask two_roots = defined & negate(moderate);
            // The second root only where a lane needs it (rarely): elsewhere it is of 1,
            // exactly 1, and the product is the first root whatever the other lanes do.
            V root = square_root(first);
            if (any(two_roots)) root *= square_root(select(two_roots, yy, one));
            const V r = cross / root;
            value = select(defined, select(r < -one, -one, select(r > one, one, r)),
                           broadcast<V>(NAN));
        } else {
            value = cross * scaled_inverse_divisor_;
            if (!kPlain || !all_unscaled_) value *= unscale_y_;
            value = select(checked_, value, broadcast<V>(NAN));
        }
        result_ = value;
    }

    // The sums of the lanes in `which` recomputed from the window, about each series'
    // value nearest its mean (sum d^2 is then at most twice the spread), each series
    // scaled where the window holds a huge value of it.
    PARAFUNC_INLINE void restart(Mask which) {
        const V zero{}, one = broadcast<V>(1.0), inf = broadcast<V>(HUGE_VAL);
        const index_t first = std::max<index_t>(0, position_ - window_);
        const Mask scaled_x = huge_x_ != zero, scaled_y = huge_y_ != zero;
        const V scale_x = select(scaled_x, broadcast<V>(kHugeScale), one);
        const V scale_y = select(scaled_y, broadcast<V>(kHugeScale), one);
        V total_x = zero, total_y = zero;
        for (index_t t = first; t < position_; ++t) {
            const V x = ring_[t].x, y = ring_[t].y;
            const Mask in = finite(x) & finite(y);
            total_x += select(in, x * scale_x, zero);
            total_y += select(in, y * scale_y, zero);
        }
        // The means only guide the choice of shifts.
        const V mean_x = total_x * inverse_finite_count_, mean_y = total_y * inverse_finite_count_;
        V shift_x = zero, shift_y = zero, distance_x = inf, distance_y = inf;
        for (index_t t = first; t < position_; ++t) {
            const V x = ring_[t].x, y = ring_[t].y;
            const Mask in = finite(x) & finite(y);
            const V sx = x * scale_x, sy = y * scale_y;
            const V from_x = select(in, magnitude(sx - mean_x), inf);
            const V from_y = select(in, magnitude(sy - mean_y), inf);
            const Mask nearer_x = from_x < distance_x, nearer_y = from_y < distance_y;
            distance_x = select(nearer_x, from_x, distance_x);
            shift_x = select(nearer_x, sx, shift_x);
            distance_y = select(nearer_y, from_y, distance_y);
            shift_y = select(nearer_y, sy, shift_y);
        }
        Moments x{shift_x, zero, zero, zero}, y{shift_y, zero, zero, zero};
        V products = zero;
        for (index_t t = first; t < position_; ++t) {
            const V a = ring_[t].x, b = ring_[t].y;
            const Mask in = finite(a) & finite(b);
            const V dx = select(in, a * scale_x - shift_x, zero);
            const V dy = select(in, b * scale_y - shift_y, zero);
            x.sum += dx;
            x.squares += dx * dx;
            y.sum += dy;
            y.squares += dy * dy;
            products += dx * dy;
        }
        x.largest = x.squares;
        y.largest = y.squares;
        auto take = [&](Moments &into, const Moments &from) {
            into.shift = select(which, from.shift, into.shift);
            into.sum = select(which, from.sum, into.sum);
            into.squares = select(which, from.squares, into.squares);
            into.largest = select(which, from.largest, into.largest);
        };
        take(x_, x);
        take(y_, y);
        products_ = select(which, products, products_);
        scale_x_ = select(which, scale_x, scale_x_);
        scale_y_ = select(which, scale_y, scale_y_);
        const V unscale = broadcast<V>(kHugeUnscale);
        unscale_x_ = select(which, select(scaled_x, unscale, one), unscale_x_);
        unscale_y_ = select(which, select(scaled_y, unscale, one), unscale_y_);
        prepare_result();
    }

    // What changes only with the counts or the scales: whether the result is NaN, and the
    // factors of the covariance (the first series' unscaling in the divisor's inverse, the
    // second's apart: both together could overflow).
    PARAFUNC_INLINE void prepare_result() {
        const V zero{}, one = broadcast<V>(1.0);
        // Counts are never NaN: these comparisons raise no flag.
        const Mask special = (count_ < min_count_) | (infinities_ > zero);
        checked_ = negate(special);
        finite_count_ = count_ - infinities_;
        inverse_finite_count_ = one / select(finite_count_ > zero, finite_count_, one);
        const V divisor = finite_count_ * (finite_count_ - one);
        scaled_inverse_divisor_ = select(special, zero, unscale_x_ / select(special, one, divisor));
        const Mask unscaled_x = scale_x_ == one, unscaled_y = scale_y_ == one;
        all_unscaled_ = all(unscaled_x & unscaled_y);
        needs_scale_ = ((unscaled_x & (huge_x_ != zero)) | (unscaled_y & (huge_y_ != zero))) &
                       checked_;
    }

    // What every step reads and writes first, together in memory.
    Moments x_{}, y_{};
    V products_{};  // sum of dx * dy
    V finite_count_{}, inverse_finite_count_{}, scaled_inverse_divisor_{};
    Mask checked_{};  // lanes whose result is a number: the early recomputations
    V result_{};
    WindowRing<Pair> ring_;  // the window's pairs, NaN and infinities included
    index_t window_;
    index_t position_ = 0;  // pairs seen since reset
    bool all_unscaled_ = true;
    // What the general steps and recomputations use.
    index_t restart_mask_;  // recomputations where position_ & restart_mask_ is 0
    V min_count_;           // max(min_count, 2)
    V count_{}, infinities_{};  // pairs with no NaN, and of those, with an infinity
    V huge_x_{}, huge_y_{};     // huge values of each series among the window's pairs
    V scale_x_{}, scale_y_{}, unscale_x_{}, unscale_y_{};  // 1, or kHugeScale and its inverse
    Mask needs_scale_{};  // checked lanes with a huge value in an unscaled series
};

// move_cov and move_corr.
template <bool kCorrelation>
struct CovarianceStepsOf {
    template <class V>
    using Steps = CovarianceSteps<V, kCorrelation>;
};
template <class T, bool kCorrelation>
class WindowCovariance : public OneSeries<T, CovarianceStepsOf<kCorrelation>::template Steps> {
  public:
    static constexpr int kInputs = 2;
    using parameter_type = index_t;
    static constexpr int kParameters = 0;
    static constexpr index_t kStateBytesPerWindowElement = 2 * sizeof(double);
    static constexpr index_t kChunkWindows = 4;

    using OneSeries<T, CovarianceStepsOf<kCorrelation>::template Steps>::OneSeries;
};

template <class T>
using MoveCov = WindowCovariance<T, false>;
template <class T>
using MoveCorr = WindowCovariance<T, true>;

}  // namespace parafunc
