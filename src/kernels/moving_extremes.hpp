// Moving minimum, maximum and their positions (see moving.hpp for the accumulator
// interface).
//
// move_min, move_max: the least and greatest non-NaN value of the window.
// move_argmin, move_argmax: how many steps back from the window's end that value lies
//   (0: the newest element), the newest one where several are equal, as bottleneck.
// NaN where the window holds fewer than min_count non-NaN values.
//
// Method (van Herk / Gil-Werman): the series is cut into blocks of `window` elements, so
// every window is a suffix of one block followed by a prefix of the next. The best of the
// prefix is kept as elements arrive; when a block starts, the bests of all suffixes of
// the block just finished are computed in one backward pass over it (kept in a ring).
// Each output is then one comparison of a suffix's best with the prefix's: three
// comparisons per element whatever the window, and no data-dependent branch (a monotonic
// queue, bottleneck's method, mispredicts on random data and measured ~4x slower).
// Comparisons are quiet (no "invalid" flag from NaN).
#pragma once

#include <cmath>
#include <limits>
#include <vector>

#include "moving.hpp"
#include "window_ring.hpp"

namespace parafunc {

// x < y for move_min, x > y for move_max, of floating-point values, without a
// floating-point flag for NaN; `worst` is the value no number beats.
struct Least {
    template <class V>
    static constexpr V worst() {
        return std::numeric_limits<V>::infinity();
    }
    template <class V>
    static bool better(V x, V y) {
        return std::isless(x, y);
    }
};

struct Greatest {
    template <class V>
    static constexpr V worst() {
        return -std::numeric_limits<V>::infinity();
    }
    template <class V>
    static bool better(V x, V y) {
        return std::isgreater(x, y);
    }
};

template <class T, class Order, bool kOffset>
class WindowExtreme {
    // Values are compared as the output type (double for integers, as bottleneck: int64
    // values that round to the same double are equal).
    using V = moving_float_t<T>;

    // The best value of a run of elements and (move_argmin/argmax) its position; for a run
    // without a number, the worst value and position -1 (an infinity that is in the data
    // has a position).
    struct Best {
        V value;
        index_t position;
    };

  public:
    using input_type = T;
    using output_type = moving_float_t<T>;
    using parameter_type = index_t;
    static constexpr int kParameters = 0;
    static constexpr index_t kStateBytesPerWindowElement = sizeof(V) + sizeof(Best);
    static constexpr index_t kChunkWindows = 4;

    explicit WindowExtreme(const MovingParams &p)
        : window_(p.window),
          min_count_(p.min_count),
          ring_(p.window),
          suffix_(static_cast<std::size_t>(p.window) + 1, kNone) {}

    void reset() {
        position_ = count_ = 0;
        offset_ = 0;
        prefix_ = kNone;
    }

    void add(T x) {
        count_ += is_number(static_cast<V>(x));
        step(static_cast<V>(x));
    }

    void replace(T x, T old) {
        const V in = static_cast<V>(x);
        count_ += static_cast<index_t>(is_number(in)) -
                  static_cast<index_t>(is_number(static_cast<V>(old)));
        step(in);
    }

    output_type result() const {
        if (count_ < min_count_) return std::numeric_limits<output_type>::quiet_NaN();
        // The window: the suffix of the previous block from offset_ on (none while the
        // first block fills, or when the window is exactly the current block), then the
        // current block's prefix, which wins ties (newer).
        // Branch-free (which part wins is data-dependent): bitwise operators, selects.
        const bool has_older = (offset_ < window_) & (position_ > window_);
        const Best &older = suffix_[has_older ? offset_ : window_];
        if constexpr (kOffset) {
            const bool take_older = Order::better(older.value, prefix_.value) |
                                    ((older.value == prefix_.value) & (prefix_.position < 0));
            return static_cast<output_type>(position_ - 1 -
                                            (take_older ? older.position : prefix_.position));
        } else {
            return static_cast<output_type>(
                Order::better(older.value, prefix_.value) ? older.value : prefix_.value);
        }
    }

  private:
    static constexpr Best kNone{Order::template worst<V>(), -1};

    static bool is_number(V x) { return x == x; }

    void step(V x) {
        if (offset_ == window_) start_block();
        ring_[position_] = x;
        if constexpr (kOffset) {
            // The newer element wins ties: it replaces the prefix's best unless that is
            // better.
            if (is_number(x) & !Order::better(prefix_.value, x)) prefix_ = {x, position_};
        } else {
            // Values only: a min/max instruction on the dependency chain, NaN as the worst.
            const V candidate = is_number(x) ? x : kNone.value;
            prefix_.value = Order::better(candidate, prefix_.value) ? candidate : prefix_.value;
        }
        ++position_;
        ++offset_;
    }

    // The block just finished is the ring's content: its suffixes' bests, newest first,
    // where an older element wins only if strictly better.
    void start_block() {
        const index_t first = position_ - window_;
        Best best = kNone;
        for (index_t t = window_ - 1; t >= 0; --t) {
            const V x = ring_[first + t];
            if constexpr (kOffset) {
                if (is_number(x) & (Order::better(x, best.value) | (best.position < 0))) {
                    best = {x, first + t};
                }
            } else {
                const V candidate = is_number(x) ? x : kNone.value;
                best.value = Order::better(candidate, best.value) ? candidate : best.value;
            }
            suffix_[t] = best;
        }
        prefix_ = kNone;
        offset_ = 0;
    }

    index_t window_, min_count_;
    WindowRing<V> ring_;        // the last `window` elements
    std::vector<Best> suffix_;  // [t]: best of the previous block from offset t on; [window]: none
    Best prefix_ = kNone;       // best of the current block so far
    index_t position_ = 0;      // elements seen since reset
    index_t offset_ = 0;        // elements of the current block seen
    index_t count_ = 0;         // non-NaN elements in the window
};

template <class T>
using MoveMin = WindowExtreme<T, Least, false>;
template <class T>
using MoveMax = WindowExtreme<T, Greatest, false>;
template <class T>
using MoveArgMin = WindowExtreme<T, Least, true>;
template <class T>
using MoveArgMax = WindowExtreme<T, Greatest, true>;

}  // namespace parafunc
