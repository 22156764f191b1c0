// Moving-window kernels: window accumulators (signature (n),(),()->(n)).
//
// Each accumulator has the same small interface, which the engine's moving-window adapter
// drives without knowing which function it computes:
//   add(x)                   x enters the window (while it fills up)
//   replace(x, old)          x enters and old, added `window` steps earlier, leaves
//   result(min_count)        the output for the current window
// The adapter restarts the accumulator at fixed chunk boundaries (after a warm-up over the
// window's first elements), so a running total never carries error from far back in the
// series and results do not depend on the thread count.
//
// move_mean: the mean of the non-NaN elements of the window; NaN when fewer than
//   min_count are not NaN. Finite values go into a compensated sum in double precision
//   (no drift over long series, float32 accumulated in double); +inf and -inf are counted
//   apart, so an inf that has left the window leaves no NaN behind (a window holding both
//   gives NaN, one holding either gives that inf). Output dtype: float32 for float32, else
//   float64 (integers are always counted, never NaN).
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "compensated.hpp"
#include "view.hpp"

namespace parafunc {

template <class T>
using moving_float_t = std::conditional_t<std::is_same_v<T, float>, float, double>;

template <class T>
class MoveMean {
  public:
    using input_type = T;
    using output_type = moving_float_t<T>;

    void add(T x) { update(x, +1); }

    void replace(T x, T old) {
        const double in = static_cast<double>(x), out = static_cast<double>(old);
        // The rare case first: a NaN or inf entering or leaving changes the counts, step by
        // step. (Tested before subtracting: inf - inf would raise a spurious "invalid".)
        if (!(std::isfinite(in) && std::isfinite(out))) {
            replace_counting(x, old);
            return;
        }
        finite_sum_.add_difference(in, out, in - out);
    }

    output_type result(index_t min_count) const {
        if (count_ < min_count) return std::numeric_limits<output_type>::quiet_NaN();
        if ((positive_infinities_ | negative_infinities_) != 0) {
            if (negative_infinities_ == 0) return std::numeric_limits<output_type>::infinity();
            if (positive_infinities_ == 0) return -std::numeric_limits<output_type>::infinity();
            return std::numeric_limits<output_type>::quiet_NaN();
        }
        // Within one ulp of the exact mean (a constant window may give its value +- 1 ulp):
        // an exactly rounded division of the compensated sum was measured 1.5x slower
        // (4.1 against 2.7 ns per element), the extra operations saturating the FP ports.
        return static_cast<output_type>(finite_sum_.value() / static_cast<double>(count_));
    }

  private:
    void replace_counting(T x, T old) {
        update(x, +1);
        update(old, -1);
    }

    void update(T x, int sign) {
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

    CompensatedSum finite_sum_;
    index_t count_ = 0;  // non-NaN elements in the window, infinities included
    index_t positive_infinities_ = 0;
    index_t negative_infinities_ = 0;
};

}  // namespace parafunc
