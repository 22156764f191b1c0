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

#include <algorithm>
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

// The operations of a moving extreme on one series (V = double) or kLanes series in
// lockstep (V = Doubles), shared by the steps of one group (ExtremeSteps) and of a row of
// groups (ExtremeRows), so a series' result is bitwise the same whichever steps it.
// Values are compared as doubles (as bottleneck compares integers: int64 values that
// round to the same double are equal; float32 values compare as they would as floats).
template <class V, class Order, bool kOffset>
struct ExtremeOps {
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

    PARAFUNC_INLINE static Best none() {
        if constexpr (kOffset) {
            return {broadcast<V>(Order::worst), broadcast<V>(-1.0)};
        } else {
            return {broadcast<V>(Order::worst)};
        }
    }

    // 1 for a number, 0 for NaN.
    PARAFUNC_INLINE static V counted(V x) { return select(x == x, broadcast<V>(1.0), V{}); }

    // NaN as the worst value, which no number loses to.
    PARAFUNC_INLINE static V candidate(V x) {
        return select(x == x, x, broadcast<V>(Order::worst));
    }

    // The best of a block's prefix once x, at `position`, has joined it: the newer element
    // wins ties (it replaces the prefix's best unless that is better).
    PARAFUNC_INLINE static Best joined_by_newer(const Best &prefix, V x, double position) {
        const V c = candidate(x);
        if constexpr (kOffset) {
            const auto take = (x == x) & negate(Order::better(prefix.value, c));
            return {select(take, c, prefix.value),
                    select(take, broadcast<V>(position), prefix.position)};
        } else {
            // Values only: a min/max instruction on the dependency chain.
            return {select(Order::better(c, prefix.value), c, prefix.value)};
        }
    }

    // The best of a block's suffix once x, at `position`, has joined it at its front: an
    // older element wins only if strictly better.
    PARAFUNC_INLINE static Best joined_by_older(const Best &suffix, V x, double position) {
        const V c = candidate(x);
        if constexpr (kOffset) {
            const auto take = (x == x) & (Order::better(c, suffix.value) | (suffix.position < V{}));
            return {select(take, c, suffix.value),
                    select(take, broadcast<V>(position), suffix.position)};
        } else {
            return {select(Order::better(c, suffix.value), c, suffix.value)};
        }
    }

    // The window's result: the older block's suffix, then the current block's prefix,
    // which wins ties (newer); `newest`: the position of the window's last element.
    // Branch-free: selects.
    PARAFUNC_INLINE static V result(const Best &older, const Best &prefix, double newest,
                                    V count, V min_count) {
        V best;
        if constexpr (kOffset) {
            const auto take_older = Order::better(older.value, prefix.value) |
                                    ((older.value == prefix.value) & (prefix.position < V{}));
            best = broadcast<V>(newest) - select(take_older, older.position, prefix.position);
        } else {
            best = select(Order::better(older.value, prefix.value), older.value, prefix.value);
        }
        // Counts are never NaN: no flag.
        return select(count < min_count, broadcast<V>(NAN), best);
    }
};

// The state and steps of a moving extreme, for one series (V = double) or kLanes series
// in lockstep (V = Doubles): the same operations either way.
template <class V, class Order, bool kOffset>
class ExtremeSteps {
    using Ops = ExtremeOps<V, Order, kOffset>;
    using Best = typename Ops::Best;
    struct alignas(sizeof(V)) Slot {
        V value;
    };

  public:
    explicit ExtremeSteps(const MovingParams &p)
        : window_(p.window),
          min_count_(broadcast<V>(static_cast<double>(p.min_count))),
          ring_(p.window),
          suffix_(static_cast<std::size_t>(p.window) + 1, Ops::none()) {}

    PARAFUNC_INLINE void reset() {
        position_ = offset_ = 0;
        count_ = V{};
        prefix_ = Ops::none();
    }

    PARAFUNC_INLINE void add(V x) {
        count_ += Ops::counted(x);
        step(x);
    }

    PARAFUNC_INLINE void replace(V x, V old) {
        count_ += Ops::counted(x) - Ops::counted(old);
        step(x);
    }

    PARAFUNC_INLINE V result() const {
        // The suffix of the previous block from offset_ on: none while the first block
        // fills, or when the window is exactly the current block.
        const bool has_older = (offset_ < window_) & (position_ > window_);
        return Ops::result(suffix_[has_older ? offset_ : window_], prefix_,
                           static_cast<double>(position_ - 1), count_, min_count_);
    }

  private:
    PARAFUNC_INLINE void step(V x) {
        if (offset_ == window_) start_block();
        ring_[position_].value = x;
        prefix_ = Ops::joined_by_newer(prefix_, x, static_cast<double>(position_));
        ++position_;
        ++offset_;
    }

    // The block just finished is the ring's content: its suffixes' bests, newest first.
    // (Inlined, so that lanes run it compiled for AVX2 as the rest: out of line it ran
    // 2.3x slower, on 16-byte halves.)
    PARAFUNC_INLINE void start_block() {
        const index_t first = position_ - window_;
        Best best = Ops::none();
        for (index_t t = window_ - 1; t >= 0; --t) {
            best = Ops::joined_by_older(best, ring_[first + t].value,
                                        static_cast<double>(first + t));
            suffix_[t] = best;
        }
        prefix_ = Ops::none();
        offset_ = 0;
    }

    index_t window_;
    V min_count_;
    WindowRing<Slot> ring_;     // the last `window` elements
    std::vector<Best> suffix_;  // [t]: best of the previous block from offset t on; [window]: none
    Best prefix_ = Ops::none();  // best of the current block so far
    index_t position_ = 0;      // elements seen since reset
    index_t offset_ = 0;        // elements of the current block seen
    V count_{};                 // non-NaN elements in the window
};

// The same steps for a row of `groups` groups of kLanes neighbouring series (along axis 0
// of a C array, where the engine would otherwise step each group's ExtremeSteps in turn
// and reload its state at every element). The groups share the block structure, so the
// block's bookkeeping is done once per row, and the state is kept as arrays over the
// groups, walked in order. The previous block's elements are read back from the input,
// which holds them (the engine steps rows only where no output overwrites an input).
template <class Order, bool kOffset>
class ExtremeRows {
    using V = Doubles;
    using Ops = ExtremeOps<V, Order, kOffset>;
    using Best = typename Ops::Best;

  public:
    ExtremeRows(const MovingParams &p, index_t groups)
        : window_(p.window),
          groups_(groups),
          min_count_(broadcast<V>(static_cast<double>(p.min_count))),
          groups_state_(static_cast<std::size_t>(groups)),
          suffix_(static_cast<std::size_t>(p.window * groups)) {}

    // Rows [warm, end), as ExtremeSteps steps each series from a reset at `warm`: rows
    // before `filled` only enter, and results are stored from `start` on. in.load(i, g)
    // and out.store(i, g, v): row i of group g.
    template <class In, class Out>
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE void run(const In &in, const Out &out, index_t warm,
                                                   index_t start, index_t filled, index_t end) {
        std::fill(groups_state_.begin(), groups_state_.end(), Group{V{}, Ops::none()});
        for (index_t i = warm; i < end; ++i) {
            const index_t position = i - warm, offset = position % window_;
            if (offset == 0 && position > 0) start_block(in, i - window_, position - window_);
            // After this row, the window is the previous block's suffix from offset + 1
            // on (none while the first block fills, or at a block's last row) and the
            // current block's prefix.
            const bool has_older = offset + 1 < window_ && position >= window_;
            const index_t next = i + 1 < end ? i + 1 : i;  // the row to prefetch
            if (i < filled) {
                if (i < start) {
                    row<false, false, false>(in, out, i, next, position, 0);
                } else {
                    row<false, true, false>(in, out, i, next, position, 0);
                }
            } else if (has_older) {
                row<true, true, true>(in, out, i, next, position, offset + 1);
            } else {
                row<true, true, false>(in, out, i, next, position, 0);
            }
        }
    }

  private:
    // Row i at `position` in every group: kLeaving, the element a window back leaves;
    // kStore, the result is stored; kOlder, the window reaches into the previous block,
    // from `older` on. Row `next` of the input and the output is asked for ahead, a cache
    // line (two groups) at a time: rows are too far apart for the hardware to see a stream
    // (along axis 0 of a (1000, 10000) array, move_min ran ~30 ms without, ~20 with both).
    template <bool kLeaving, bool kStore, bool kOlder, class In, class Out>
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE void row(const In &in, const Out &out, index_t i,
                                                   index_t next, index_t position,
                                                   index_t older) {
        const Best *suffix = suffix_.data() + older * groups_;
        for (index_t g = 0; g < groups_; ++g) {
            if (g % 2 == 0) {
                in.prefetch(next, g);
                out.prefetch_for_write(next, g);
            }
            Group &group = groups_state_[g];
            const V x = in.load(i, g);
            group.count += Ops::counted(x);
            if constexpr (kLeaving) group.count -= Ops::counted(in.load(i - window_, g));
            group.prefix = Ops::joined_by_newer(group.prefix, x, static_cast<double>(position));
            if constexpr (kStore) {
                out.store(i, g,
                          Ops::result(kOlder ? suffix[g] : Ops::none(), group.prefix,
                                      static_cast<double>(position), group.count, min_count_));
            }
        }
    }

    // The block of rows [first_row, first_row + window), at positions from `first`, has
    // just finished: its suffixes' bests, newest first. A row at a time, so the groups'
    // dependency chains (a comparison's latency per element) run side by side.
    template <class In>
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE void start_block(const In &in, index_t first_row,
                                                           index_t first) {
        for (index_t t = window_ - 1; t >= 0; --t) {
            Best *suffix = suffix_.data() + t * groups_;
            const double position = static_cast<double>(first + t);
            for (index_t g = 0; g < groups_; ++g) {
                const Best later = t + 1 < window_ ? suffix[groups_ + g] : Ops::none();
                suffix[g] = Ops::joined_by_older(later, in.load(first_row + t, g), position);
            }
        }
        for (Group &group : groups_state_) group.prefix = Ops::none();
    }

    index_t window_, groups_;
    V min_count_;
    // A group's non-NaN elements in its windows and the best of the current block so far.
    // (Aligned: the vector's allocator, compiled for any processor, would align a vector
    // of Doubles to 16 bytes only.)
    struct alignas(sizeof(V)) Group {
        V count;
        Best prefix;
    };
    std::vector<Group> groups_state_;
    std::vector<Best> suffix_;  // [t * groups + g]: best of the previous block from offset t on
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

    using Rows = ExtremeRows<Order, kOffset>;

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
