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
//   either gives that inf).
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "compensated.hpp"
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

// The compensated sum and the counts of the window's non-NaN elements, shared by move_sum
// and move_mean, which differ only in their result.
template <class T>
class WindowSum : public SmallWindowState {
  public:
    using input_type = T;
    using output_type = moving_float_t<T>;

    explicit WindowSum(const MovingParams &p) : min_count_(p.min_count) {}

    void reset() {
        finite_sum_ = CompensatedSum{};
        count_ = positive_infinities_ = negative_infinities_ = 0;
    }

    PARAFUNC_INLINE void add(T x) { update(x, +1); }

    PARAFUNC_INLINE void replace(T x, T old) {
        const double in = static_cast<double>(x), out = static_cast<double>(old);
        // The rare case first: a NaN or inf entering or leaving changes the counts, step by
        // step. (Tested before subtracting: inf - inf would raise a spurious "invalid".)
        if (!(std::isfinite(in) && std::isfinite(out))) {
            update(x, +1);
            update(old, -1);
            return;
        }
        finite_sum_.add_difference(in, out, in - out);
    }

  protected:
    bool too_few() const { return count_ < min_count_; }
    bool has_infinity() const { return (positive_infinities_ | negative_infinities_) != 0; }
    // The result of a window holding an infinity: that infinity, or NaN for both.
    output_type infinite_result() const {
        if (negative_infinities_ == 0) return std::numeric_limits<output_type>::infinity();
        if (positive_infinities_ == 0) return -std::numeric_limits<output_type>::infinity();
        return std::numeric_limits<output_type>::quiet_NaN();
    }

    CompensatedSum finite_sum_;
    index_t count_ = 0;  // non-NaN elements in the window, infinities included

  private:
    PARAFUNC_INLINE void update(T x, int sign) {
        if constexpr (std::is_floating_point_v<T>) {
            if (x != x) return;
            count_ += sign;
            if (std::isinf(x)) {
                (x > 0 ? positive_infinities_ : negative_infinities_) += sign;
                return;
            }
        } else {
            count_ += sign;
        }
        finite_sum_.add(sign * static_cast<double>(x));
    }

    index_t min_count_;
    index_t positive_infinities_ = 0;
    index_t negative_infinities_ = 0;
};

template <class T>
class MoveSum : public WindowSum<T> {
  public:
    using typename WindowSum<T>::output_type;
    using WindowSum<T>::WindowSum;

    output_type result() const {
        if (this->too_few()) return std::numeric_limits<output_type>::quiet_NaN();
        if (this->has_infinity()) return this->infinite_result();
        return static_cast<output_type>(this->finite_sum_.value());
    }
};

template <class T>
class MoveMean : public WindowSum<T> {
  public:
    using typename WindowSum<T>::output_type;
    using WindowSum<T>::WindowSum;

    output_type result() const {
        if (this->too_few()) return std::numeric_limits<output_type>::quiet_NaN();
        if (this->has_infinity()) return this->infinite_result();
        // Within one ulp of the exact mean (a constant window may give its value +- 1 ulp):
        // an exactly rounded division of the compensated sum was measured 1.5x slower
        // (4.1 against 2.7 ns per element), the extra operations saturating the FP ports.
        return static_cast<output_type>(this->finite_sum_.value() /
                                        static_cast<double>(this->count_));
    }
};

}  // namespace parafunc
