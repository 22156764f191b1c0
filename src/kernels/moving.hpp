// Moving-window kernels: window accumulators (signature (n),(),()->(n), or
// (n),(),(),()->(n) for a kernel with one integer parameter, such as move_var's ddof).
//
// Each accumulator has the same small interface, which the engine's moving-window adapter
// drives without knowing which function it computes:
//   Acc(params)              built once per task for one window, min_count and parameter
//   reset()                  forget everything: a new chunk or series starts
//   add(x)                   x enters the window (while it fills up)
//   replace(x, old)          x enters and old, added `window` steps earlier, leaves
//   result()                 the output for the current window
// and a few constants:
//   kParameters              0, or 1 for a kernel that takes MovingParams::parameter,
//                            read from NumPy as parameter_type (an intp or a float64)
//   kStateBytesPerWindowElement   memory an accumulator keeps per window element (the
//                            engine narrows its tiles of accumulators to bound it)
//   kChunkWindows            chunks are at least this many windows long (see the engine)
// and, optionally, a type:
//   Lanes                    the same steps for kLanes series in lockstep, on Doubles
//                            (lanes.hpp): Lanes(params), reset(), add, replace, result();
//                            the engine then steps series by kLanes where the processor
//                            can, with bitwise the same results
//   Rows                     (with Lanes) a row of `groups` groups of kLanes neighbouring
//                            series (along axis 0 of a C array) stepped one element each:
//                            Rows(params, groups), run(in, out, warm, start, filled, end)
//                            over whole chunks, in.load(i, g) and out.store(i, g, v) as
//                            the engine's lane views; for kernels whose groups share their
//                            bookkeeping (move_min's blocks), done once per row, with bitwise
//                            the same results as Lanes
// The adapter restarts accumulators at fixed chunk boundaries (after a warm-up over the
// window's first elements), so a running total never carries error from far back in the
// series and results do not depend on the thread count.
//
// Output dtype: float32 for float32 input, else float64 (integers are always counted,
// never NaN). An output is NaN where the window holds fewer than min_count non-NaN values.
//
// move_sum, move_mean: the sum and mean of the non-NaN elements of the window. Finite
//   values go into a compensated sum in double precision (no drift over long series,
//   float32 accumulated in double); +inf and -inf are counted apart, so an inf that has
//   left the window leaves no NaN behind (a window holding both gives NaN, one holding
//   either gives that inf). Their accumulators also step kLanes series at once (Lanes).
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "compensated.hpp"
#include "lanes.hpp"
#include "view.hpp"


namespace parafunc {

struct MovingParams {
    index_t window;
    index_t min_count;
    double parameter;  // move_var's ddof (an integer), move_quantile's q; 0 if none
};

inline bool operator==(const MovingParams &x, const MovingParams &y) {
    return x.window == y.window && x.min_count == y.min_count && x.parameter == y.parameter;
}

template <class T>
using moving_float_t = std::conditional_t<std::is_same_v<T, float>, float, double>;

// Defaults of the interface's constants, for kernels that keep O(1) state.
struct SmallWindowState {
    using parameter_type = index_t;
    static constexpr int kParameters = 0;
    static constexpr index_t kStateBytesPerWindowElement = 0;
    static constexpr index_t kChunkWindows = 4;
};

// The state and steps of a window's sum, for one series (V = double) or kLanes series in
// lockstep (V = Doubles; see lanes.hpp): the same operations either way, so a series'
// result does not depend on how the engine steps it. kMean: the result is the mean, else
// the sum.
//
// Finite values go into a compensated sum (TwoSum on both the entering-minus-leaving
// difference and the total); NaN and infinities are counted, step by step, in the rare
// steps where one enters or leaves (`count_changes`), which also prepare the result of a
// window that has too few values or holds an infinity, so the common step is only the
// compensated update and the result a select.
template <class V, bool kMean>
class alignas(sizeof(V)) WindowSumSteps {
    using Mask = decltype(finite(V{}));

  public:
    explicit WindowSumSteps(const MovingParams &p)
        : min_count_(broadcast<V>(static_cast<double>(p.min_count))) {}

    PARAFUNC_INLINE void reset() {
        total_ = compensation_ = count_ = positive_ = negative_ = V{};
        prepare_result();
    }

    // x enters while the window fills.
    PARAFUNC_INLINE void add(V x) {
        count_changes(x, broadcast<V>(std::numeric_limits<double>::quiet_NaN()));
    }

    // x enters and old leaves.
    PARAFUNC_INLINE void replace(V x, V old) {
        // Tested before subtracting: inf - inf would raise a spurious "invalid".
        if (all(finite(x) & finite(old))) {
            add_difference(x, old);
        } else {
            count_changes(x, old);
        }
    }

    PARAFUNC_INLINE V result() const {
        // Once the total has overflowed its compensation means nothing (inf - inf).
        const V value = select(finite(total_), total_ + compensation_, total_);
        // Within one ulp of the exact mean (a constant window may give its value +- 1
        // ulp): an exactly rounded division of the compensated sum was measured 1.5x
        // slower (4.1 against 2.7 ns per element), the extra operations saturating the FP
        // ports.
        return select(use_special_, special_, kMean ? value / divisor_ : value);
    }

  private:
    // Adds a - b, both finite: the difference's rounding error and the total's are both
    // kept.
    PARAFUNC_INLINE void add_difference(V a, V b) {
        const V d = a - b, sum = total_ + d;
        compensation_ += two_difference_error(a, b, d) + two_sum_error(total_, d, sum);
        total_ = sum;
    }

    // The general step: NaN counts as absent, infinities are counted apart (so one that
    // has left the window leaves no NaN behind), finite values are summed.
    PARAFUNC_INLINE void count_changes(V x, V old) {
        const V zero{}, one = broadcast<V>(1.0), inf = broadcast<V>(HUGE_VAL);
        count_ += select(x == x, one, zero) - select(old == old, one, zero);
        positive_ += select(x == inf, one, zero) - select(old == inf, one, zero);
        negative_ += select(x == -inf, one, zero) - select(old == -inf, one, zero);
        const V entering = select(finite(x), x, zero), leaving = select(finite(old), old, zero);
        add_difference(entering, leaving);
        prepare_result();
    }

    // Whether the window's result is not its finite sum: NaN for too few values, else the
    // infinity it holds (NaN for both signs).
    PARAFUNC_INLINE void prepare_result() {
        const V zero{}, inf = broadcast<V>(HUGE_VAL), nan = broadcast<V>(NAN);
        const Mask too_few = count_ < min_count_;  // counts are never NaN: no flag
        use_special_ = too_few | (positive_ != zero) | (negative_ != zero);
        special_ = select(too_few, nan,
                          select(positive_ == zero, -inf, select(negative_ == zero, inf, nan)));
        divisor_ = select(use_special_, broadcast<V>(1.0), count_);  // no 0 / 0 flag
    }

    V total_{}, compensation_{};
    V count_{};                // non-NaN elements in the window, infinities included
    V positive_{}, negative_{};  // +inf and -inf in the window
    V min_count_;
    Mask use_special_{};
    V special_{}, divisor_{};
};

// The accumulator of one series of T (the interface above; of two series side by side for
// a kernel of two inputs, add(x, y) and replace(x, y, old_x, old_y)) on the steps of a
// kernel written for one or kLanes series, Steps<double> and Steps<Doubles> (lanes.hpp),
// which becomes its Lanes: elements enter as doubles, results leave as the output type.
template <class T, template <class> class Steps>
class OneSeries {
  public:
    using input_type = T;
    using output_type = moving_float_t<T>;
    using Lanes = Steps<Doubles>;

    explicit OneSeries(const MovingParams &p) : steps_(p) {}

    PARAFUNC_INLINE void reset() { steps_.reset(); }
    template <class... Ts>
    PARAFUNC_INLINE void add(Ts... x) {
        steps_.add(static_cast<double>(x)...);
    }
    template <class... Ts>
    PARAFUNC_INLINE void replace(Ts... x) {
        steps_.replace(static_cast<double>(x)...);
    }
    PARAFUNC_INLINE output_type result() const {
        return static_cast<output_type>(steps_.result());
    }

  private:
    Steps<double> steps_;
};

// move_sum and move_mean.
template <bool kMean>
struct WindowSumOf {
    template <class V>
    using Steps = WindowSumSteps<V, kMean>;
};
template <class T, bool kMean>
class WindowSum : public OneSeries<T, WindowSumOf<kMean>::template Steps>,
                  public SmallWindowState {
  public:
    using OneSeries<T, WindowSumOf<kMean>::template Steps>::OneSeries;
};

template <class T>
using MoveSum = WindowSum<T, false>;
template <class T>
using MoveMean = WindowSum<T, true>;

}  // namespace parafunc
