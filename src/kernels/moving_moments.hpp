// Moving variance and standard deviation (see moving.hpp for the accumulator interface).
//
// move_var, move_std: of the window's non-NaN values, with divisor count - ddof (the
// kernel's parameter). NaN where fewer than min_count values, where count <= ddof, or
// where the window holds +-inf. Exactly 0 where the window's values are all equal; never
// negative.
//
// Method: van Herk / Gil-Werman blocks, as for the moving extremes (moving_extremes.hpp).
// The series is cut into blocks of `window` elements, so every window is a suffix of one
// block followed by a prefix of the next; each part's count and sums of d = x - shift and
// d^2 are kept (the prefix as elements arrive, every suffix of the finished block in one
// backward pass when a block starts), and a window's are its two parts merged. Nothing is
// ever subtracted, so no rounding error outlives the two blocks it was made in: a value
// that has left the window leaves nothing behind (a running sum that subtracts leaving
// values keeps the rounding of every value that passed through it, and loses small values
// next to a large one for good), and nothing drifts over long series. Each part is kept as
// a count, a mean and a sum of squared deviations from that mean (see Part), and two parts
// are merged by Chan's formula: no cancellation along a trend or next to an outlier (a
// huge value spoils only the windows that hold it). Divisions by counts are
// multiplications by tables of reciprocals.
//
// Exact zeros: a window whose non-NaN values are all equal is recognised without
// arithmetic, by remembering the last position where a value differed from the one before
// it, so constant windows give 0, not the 1e-17 a sum of squares leaves.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "moving.hpp"
#include "window_ring.hpp"

namespace parafunc {

template <class T, bool kSquareRoot>
class WindowVariance {
    // The non-NaN values of a run of elements: how many, how many infinite, and of the
    // finite ones, the sum of y = x - shift and the sum of squared deviations from their
    // mean, updated by Youngs and Cramer's recurrence (as stable as Welford's, and its two
    // running sums are independent one-addition chains). `shift` is the first finite value
    // the part took: x - shift is exact for values near each other (Sterbenz), so a mean
    // far from zero (1e8 + N(0, 1)) costs no precision, and the shift is a value every
    // window using the part holds (a prefix's first value, a suffix's last), so an outlier
    // as the shift only ever meets windows it dominates.
    struct Part {
        index_t count = 0;
        index_t infinities = 0;
        double shift = 0.0;
        double sum = 0.0;
        double squares = 0.0;

        index_t finite() const { return count - infinities; }

        // pair_inverse[k] = 1 / (k (k - 1)), and 0 for k = 1.
        void add(double x, const double *pair_inverse) {
            if (x != x) return;
            ++count;
            if (std::isinf(x)) {
                ++infinities;
                return;
            }
            const index_t k = finite();
            if (k == 1) shift = x;
            const double y = x - shift;
            sum += y;
            const double t = static_cast<double>(k) * y - sum;
            squares += t * t * pair_inverse[k];
        }
    };

  public:
    using input_type = T;
    using output_type = moving_float_t<T>;
    using parameter_type = index_t;  // ddof
    static constexpr int kParameters = 1;
    static constexpr index_t kStateBytesPerWindowElement = sizeof(double) + sizeof(Part);
    static constexpr index_t kChunkWindows = 4;

    explicit WindowVariance(const MovingParams &p)
        : window_(p.window),
          min_count_(p.min_count),
          ddof_(p.parameter),
          ring_(p.window),
          suffix_(static_cast<std::size_t>(p.window) + 1),
          inverse_(static_cast<std::size_t>(p.window) + 1),
          pair_inverse_(static_cast<std::size_t>(p.window) + 1) {
        for (index_t k = 1; k <= p.window; ++k) {
            const double n = static_cast<double>(k);
            inverse_[k] = 1.0 / n;
            pair_inverse_[k] = k == 1 ? 0.0 : 1.0 / (n * (n - 1));
        }
    }

    void reset() {
        position_ = offset_ = 0;
        prefix_ = Part{};
        last_change_ = last_number_position_ = -1;
    }

    void add(T x) { step(static_cast<double>(x)); }
    void replace(T x, T) { step(static_cast<double>(x)); }

    output_type result() const {
        constexpr output_type nan = std::numeric_limits<output_type>::quiet_NaN();
        // The window: the suffix of the previous block from offset_ on (none while the
        // first block fills, or when the window is exactly the current block), then the
        // current block's prefix.
        const bool has_older = (offset_ < window_) & (position_ > window_);
        const Part &older = suffix_[has_older ? offset_ : window_];
        const index_t count = older.count + prefix_.count;
        if (count < min_count_ || count <= ddof_ || older.infinities + prefix_.infinities > 0) {
            return nan;
        }
        if (constant_window()) return 0;
        // Chan: the parts' squares, plus what the distance between their means adds.
        const index_t a = older.count, b = prefix_.count;
        const double between =
            (prefix_.shift - older.shift) + (prefix_.sum * inverse_[b] - older.sum * inverse_[a]);
        const double squares = older.squares + prefix_.squares +
                               (a == 0 || b == 0 ? 0.0
                                                 : between * between * static_cast<double>(a) *
                                                       (static_cast<double>(b) * inverse_[count]));
        const double variance = squares / (static_cast<double>(count) - ddof_);
        return static_cast<output_type>(kSquareRoot ? std::sqrt(variance) : variance);
    }

  private:
    void step(double x) {
        if (offset_ == window_) start_block();
        ring_[position_] = x;
        prefix_.add(x, pair_inverse_.data());
        if (x == x) note_number(x);
        ++position_;
        ++offset_;
    }

    // The block just finished is the ring's content: its suffixes' parts, newest first.
    void start_block() {
        const index_t first = position_ - window_;
        Part part;
        for (index_t t = window_ - 1; t >= 0; --t) {
            part.add(ring_[first + t], pair_inverse_.data());
            suffix_[t] = part;
        }
        prefix_ = Part{};
        offset_ = 0;
    }

    // Every non-NaN value differs from the previous non-NaN one at some position p (the
    // last such change): the window is constant when that previous value lies before it.
    bool constant_window() const {
        return last_change_ < std::max<index_t>(0, position_ - window_);
    }

    // Called as x, not NaN, enters at position_.
    void note_number(double x) {
        if (last_number_position_ >= 0 && x != last_number_) last_change_ = last_number_position_;
        last_number_ = x;
        last_number_position_ = position_;
    }

    index_t window_, min_count_;
    double ddof_;                       // an integer
    WindowRing<double> ring_;           // the last `window` values, NaN and infinities included
    std::vector<Part> suffix_;          // [t]: the previous block from offset t on; [window]: none
    std::vector<double> inverse_;       // [k]: 1 / k
    std::vector<double> pair_inverse_;  // [k]: 1 / (k (k - 1)); 0 for k = 1
    Part prefix_;                       // the current block so far
    index_t position_ = 0;              // elements seen since reset
    index_t offset_ = 0;                // elements of the current block seen
    index_t last_change_ = -1;          // see constant_window()
    double last_number_ = 0.0;          // the last non-NaN value, at last_number_position_
    index_t last_number_position_ = -1;
};

template <class T>
using MoveVar = WindowVariance<T, false>;
template <class T>
using MoveStd = WindowVariance<T, true>;

}  // namespace parafunc
