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
// NaN is replaced by the worst value before any comparison, so no comparison meets a NaN
// (no "invalid" flag). Written once for one series and for kLanes series in lockstep
// (lanes.hpp): all lanes share the block structure, only their values differ.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "lanes.hpp"
#include "moving.hpp"
#include "window_ring.hpp"

namespace parafunc {

// x < y for move_min, x > y for move_max, of values that are never NaN (NaN has been
// replaced by `worst`, the value no number beats). V: double or Doubles.
struct Least {
    static constexpr double worst = HUGE_VAL;
    template <class V>
    static auto better(V x, V y) {
        return x < y;
    }
};

struct Greatest {
    static constexpr double worst = -HUGE_VAL;
    template <class V>
    static auto better(V x, V y) {
        return x > y;
    }
};

// The state and steps of a moving extreme, for one series (V = double) or kLanes series
// in lockstep (V = Doubles): the same operations either way. Values are compared as
// doubles (as bottleneck compares integers: int64 values that round to the same double
// are equal; float32 values compare as they would as floats).
template <class V, class Order, bool kOffset>
class ExtremeSteps {
    // The best value of a run of elements and (move_argmin/argmax) its position; for a run
    // without a number, the worst value and position -1 (an infinity that is in the data
    // has a position). Positions are exact in doubles.
    struct alignas(sizeof(V)) PositionedBest {
        V value, position;
    };
    struct alignas(sizeof(V)) ValueBest {  // move_min, move_max: half the memory to walk
        V value;
    };
    using Best = std::conditional_t<kOffset, PositionedBest, ValueBest>;
    struct alignas(sizeof(V)) Slot {
        V value;
    };

  public:
    explicit ExtremeSteps(const MovingParams &p)
        : window_(p.window),
          min_count_(broadcast<V>(static_cast<double>(p.min_count))),
          ring_(p.window),
          suffix_(static_cast<std::size_t>(p.window) + 1, none()) {}

    PARAFUNC_INLINE void reset() {
        position_ = offset_ = 0;
        count_ = V{};
        prefix_ = none();
    }

    PARAFUNC_INLINE void add(V x) {
        count_ += select(x == x, broadcast<V>(1.0), V{});
        step(x);
    }

    PARAFUNC_INLINE void replace(V x, V old) {
        count_ += select(x == x, broadcast<V>(1.0), V{}) - select(old == old, broadcast<V>(1.0), V{});
        step(x);
    }

    PARAFUNC_INLINE V result() const {
        // The window: the suffix of the previous block from offset_ on (none while the
        // first block fills, or when the window is exactly the current block), then the
        // current block's prefix, which wins ties (newer). Branch-free: selects.
        const bool has_older = (offset_ < window_) & (position_ > window_);
        const Best &older = suffix_[has_older ? offset_ : window_];
        V best;
        if constexpr (kOffset) {
            const auto take_older = Order::better(older.value, prefix_.value) |
                                    ((older.value == prefix_.value) & (prefix_.position < V{}));
            best = broadcast<V>(static_cast<double>(position_ - 1)) -
                   select(take_older, older.position, prefix_.position);
        } else {
            best = select(Order::better(older.value, prefix_.value), older.value, prefix_.value);
        }
        // Counts are never NaN: no flag.
        return select(count_ < min_count_, broadcast<V>(NAN), best);
    }

  private:
    static Best none() {
        if constexpr (kOffset) {
            return {broadcast<V>(Order::worst), broadcast<V>(-1.0)};
        } else {
            return {broadcast<V>(Order::worst)};
        }
    }

    // NaN as the worst value, which no number loses to.
    static V candidate(V x) { return select(x == x, x, broadcast<V>(Order::worst)); }

    PARAFUNC_INLINE void step(V x) {
        if (offset_ == window_) start_block();
        ring_[position_].value = x;
        const V c = candidate(x);
        if constexpr (kOffset) {
            // The newer element wins ties: it replaces the prefix's best unless that is
            // better.
            const auto take = (x == x) & negate(Order::better(prefix_.value, c));
            prefix_ = {select(take, c, prefix_.value),
                       select(take, broadcast<V>(static_cast<double>(position_)),
                              prefix_.position)};
        } else {
            // Values only: a min/max instruction on the dependency chain.
            prefix_.value = select(Order::better(c, prefix_.value), c, prefix_.value);
        }
        ++position_;
        ++offset_;
    }

    // The block just finished is the ring's content: its suffixes' bests, newest first,
    // where an older element wins only if strictly better. (Inlined, so that lanes run it
    // compiled for AVX2 as the rest: out of line it ran 2.3x slower, on 16-byte halves.)
    PARAFUNC_INLINE void start_block() {
        const index_t first = position_ - window_;
        Best best = none();
        for (index_t t = window_ - 1; t >= 0; --t) {
            const V x = ring_[first + t].value, c = candidate(x);
            if constexpr (kOffset) {
                const auto take = (x == x) & (Order::better(c, best.value) | (best.position < V{}));
                best = {select(take, c, best.value),
                        select(take, broadcast<V>(static_cast<double>(first + t)), best.position)};
            } else {
                best.value = select(Order::better(c, best.value), c, best.value);
            }
            suffix_[t] = best;
        }
        prefix_ = none();
        offset_ = 0;
    }

    index_t window_;
    V min_count_;
    WindowRing<Slot> ring_;     // the last `window` elements
    std::vector<Best> suffix_;  // [t]: best of the previous block from offset t on; [window]: none
    Best prefix_ = none();      // best of the current block so far
    index_t position_ = 0;      // elements seen since reset
    index_t offset_ = 0;        // elements of the current block seen
    V count_{};                 // non-NaN elements in the window
};

// move_min, move_max, move_argmin, move_argmax.
template <class Order, bool kOffset>
struct ExtremeStepsOf {
    template <class V>
    using Steps = ExtremeSteps<V, Order, kOffset>;
};
template <class T, class Order, bool kOffset>
class WindowExtreme : public OneSeries<T, ExtremeStepsOf<Order, kOffset>::template Steps> {
  public:
    using parameter_type = index_t;
    static constexpr int kParameters = 0;
    static constexpr index_t kStateBytesPerWindowElement = 3 * sizeof(double);
    static constexpr index_t kChunkWindows = 4;

    using OneSeries<T, ExtremeStepsOf<Order, kOffset>::template Steps>::OneSeries;
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
