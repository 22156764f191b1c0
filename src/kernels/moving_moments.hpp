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
// Exact zeros without a test: in a window whose non-NaN values all equal c, each part's
// shift is c (its first value), so every deviation x - shift is exactly 0, and so are the
// parts' sums, their squares and the term Chan's formula adds for the distance between
// their means (shift - shift + 0 / count): the variance is +0, never the 1e-17 that sums
// of squares about a computed mean leave.
//
// Written once for one series and for kLanes series in lockstep (lanes.hpp): all lanes
// share the block structure; what differs by lane (NaN and infinities) goes through
// selects, and every result is computed in every lane, its operands made harmless first
// where the lane's result is NaN (no 0 / 0, no square root of a NaN: no flag).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "lanes.hpp"
#include "moving.hpp"
#include "window_ring.hpp"

namespace parafunc {

// table[k] for each lane's k (an integer held in a double).
PARAFUNC_INLINE double lookup(const double *table, double k) {
    return table[static_cast<index_t>(k)];
}
#if PARAFUNC_HAS_LANES
// One gather (compiled for AVX2 and not always inlined, as all(LaneMask)): element by
// element, the four lookups of a step measured ~1.3x its time.
PARAFUNC_LANES_TARGET inline Doubles lookup(const double *table, Doubles k) {
    // The masked form: the plain one leaves its source undefined, which GCC 12 reports.
    const __m256d all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    return _mm256_mask_i32gather_pd(_mm256_setzero_pd(), table, _mm256_cvttpd_epi32(k), all,
                                    sizeof(double));
}
#else
PARAFUNC_INLINE Doubles lookup(const double *table, Doubles k) {
    return Doubles{table[static_cast<index_t>(k[0])], table[static_cast<index_t>(k[1])],
                   table[static_cast<index_t>(k[2])], table[static_cast<index_t>(k[3])]};
}
#endif

// The state and steps of move_var (move_std: kSquareRoot) for one series (V = double) or
// kLanes series in lockstep (V = Doubles).
template <class V, bool kSquareRoot>
class VarianceSteps {
    // The non-NaN values of a run of elements: how many, how many infinite, and of the
    // finite ones, the sum of y = x - shift and the sum of squared deviations from their
    // mean, updated by Youngs and Cramer's recurrence (as stable as Welford's, and its two
    // running sums are independent one-addition chains). `shift` is the first finite value
    // the part took: x - shift is exact for values near each other (Sterbenz), so a mean
    // far from zero (1e8 + N(0, 1)) costs no precision, and the shift is a value every
    // window using the part holds (a prefix's first value, a suffix's last), so an outlier
    // as the shift only ever meets windows it dominates. Counts are exact in doubles.
    struct alignas(sizeof(V)) Part {
        V count{}, infinities{}, shift{}, sum{}, squares{};

        // pair_inverse[k] = 1 / (k (k - 1)), and 0 for k = 1.
        PARAFUNC_INLINE void add(V x, const double *pair_inverse) {
            const V zero{}, one = broadcast<V>(1.0);
            const auto number = x == x, finite_number = finite(x);
            count += select(number, one, zero);
            infinities += select(number & negate(finite_number), one, zero);
            const V k = count - infinities;
            shift = select(finite_number & (k == one), x, shift);
            // NaN or inf where x is not finite (no flag), and then not added: 0 is added in
            // its place, off the sums' dependency chains (neither sum is ever -0, so the
            // result is the same as not adding; a select on the chain made one series'
            // step 1.8x slower).
            const V y = select(finite_number, x - shift, zero);
            sum += y;
            const V t = k * y - sum;
            squares += select(finite_number, t * t * lookup(pair_inverse, k), zero);
        }
    };
    struct alignas(sizeof(V)) Slot {
        V value;
    };

  public:
    explicit VarianceSteps(const MovingParams &p)
        : window_(p.window),
          min_count_(broadcast<V>(static_cast<double>(p.min_count))),
          ddof_(broadcast<V>(p.parameter)),
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

    PARAFUNC_INLINE void reset() {
        position_ = offset_ = 0;
        prefix_ = Part{};
    }

    PARAFUNC_INLINE void add(V x) { step(x); }
    PARAFUNC_INLINE void replace(V x, V) { step(x); }

    PARAFUNC_INLINE V result() const {
        const V zero{}, one = broadcast<V>(1.0);
        // The window: the suffix of the previous block from offset_ on (none while the
        // first block fills, or when the window is exactly the current block), then the
        // current block's prefix.
        const bool has_older = (offset_ < window_) & (position_ > window_);
        const Part &older = suffix_[has_older ? offset_ : window_];
        const V count = older.count + prefix_.count;
        // Counts are never NaN: these comparisons raise no flag.
        const auto nan = (count < min_count_) | (count <= ddof_) |
                         (older.infinities + prefix_.infinities > zero);
        // Chan: the parts' squares, plus what the distance between their means adds.
        const V a = older.count, b = prefix_.count;
        const V between = (prefix_.shift - older.shift) +
                          (prefix_.sum * lookup(inverse_.data(), b) -
                           older.sum * lookup(inverse_.data(), a));
        const V squares =
            older.squares + prefix_.squares +
            select((a == zero) | (b == zero), zero,
                   between * between * a * (b * lookup(inverse_.data(), count)));
        const V variance = squares / select(nan, one, count - ddof_);
        V spread = variance;
        if constexpr (kSquareRoot) spread = square_root(variance);
        return select(nan, broadcast<V>(NAN), spread);
    }

  private:
    PARAFUNC_INLINE void step(V x) {
        if (offset_ == window_) start_block();
        ring_[position_].value = x;
        prefix_.add(x, pair_inverse_.data());
        ++position_;
        ++offset_;
    }

    // The block just finished is the ring's content: its suffixes' parts, newest first.
    // (Inlined, so that lanes run it compiled for AVX2 as the rest.)
    PARAFUNC_INLINE void start_block() {
        const index_t first = position_ - window_;
        Part part;
        for (index_t t = window_ - 1; t >= 0; --t) {
            part.add(ring_[first + t].value, pair_inverse_.data());
            suffix_[t] = part;
        }
        prefix_ = Part{};
        offset_ = 0;
    }

    index_t window_;
    V min_count_, ddof_;                // ddof: an integer
    WindowRing<Slot> ring_;             // the last `window` values, NaN and infinities included
    std::vector<Part> suffix_;          // [t]: the previous block from offset t on; [window]: none
    std::vector<double> inverse_;       // [k]: 1 / k
    std::vector<double> pair_inverse_;  // [k]: 1 / (k (k - 1)); 0 for k = 1
    Part prefix_;                       // the current block so far
    index_t position_ = 0;              // elements seen since reset
    index_t offset_ = 0;                // elements of the current block seen
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
    static constexpr index_t kStateBytesPerWindowElement = 6 * sizeof(double);
    static constexpr index_t kChunkWindows = 4;

    using OneSeries<T, VarianceStepsOf<kSquareRoot>::template Steps>::OneSeries;
};

template <class T>
using MoveVar = WindowVariance<T, false>;
template <class T>
using MoveStd = WindowVariance<T, true>;

}  // namespace parafunc
