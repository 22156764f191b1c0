// Moving minimum, maximum and their positions (see moving.hpp for the accumulator
// interface).
//
// move_min, move_max: the least and greatest non-NaN value of the window.
// move_argmin, move_argmax: how many steps back from the window's end that value lies
//   (0: the newest element), the newest one where several are equal, as bottleneck.
// NaN where the window holds fewer than min_count non-NaN values.
//
// Method: a monotonic queue of (value, position) per series, O(1) amortised per element
// whatever the window: each value enters once and leaves once. A new value first removes
// from the back every queued value it beats or equals, which can never again be the
// extreme (it is older and no better); the front is then the window's extreme, and leaves
// when it falls out of the window.
#pragma once

#include <functional>
#include <limits>
#include <type_traits>

#include "moving.hpp"
#include "window_ring.hpp"

namespace parafunc {

template <class T, class Better, bool kOffset>
class WindowExtreme {
    struct Entry {
        T value;
        index_t position;
    };

  public:
    using input_type = T;
    using output_type = moving_float_t<T>;
    static constexpr int kParameters = 0;
    static constexpr index_t kStateBytesPerWindowElement = sizeof(Entry);
    static constexpr index_t kChunkWindows = 4;

    explicit WindowExtreme(const MovingParams &p)
        : window_(p.window), min_count_(p.min_count), queue_(p.window) {}

    void reset() {
        queue_.clear();
        position_ = count_ = 0;
    }

    void add(T x) { enter(x); }

    void replace(T x, T old) {
        if (!is_nan(old)) --count_;
        if (!queue_.empty() && queue_.front().position <= position_ - window_) queue_.pop_front();
        enter(x);
    }

    output_type result() const {
        if (count_ < min_count_) return std::numeric_limits<output_type>::quiet_NaN();
        const Entry &best = queue_.front();
        if constexpr (kOffset) {
            return static_cast<output_type>(position_ - 1 - best.position);
        } else {
            return static_cast<output_type>(best.value);
        }
    }

  private:
    static bool is_nan(T x) {
        if constexpr (std::is_floating_point_v<T>) {
            return x != x;
        } else {
            return false;
        }
    }

    void enter(T x) {
        const index_t position = position_++;
        if (is_nan(x)) return;
        ++count_;
        while (!queue_.empty() && !Better{}(queue_.back().value, x)) queue_.pop_back();
        queue_.push_back({x, position});
    }

    index_t window_, min_count_;
    WindowDeque<Entry> queue_;  // values strictly better than every later one, oldest first
    index_t position_ = 0;      // elements seen since reset
    index_t count_ = 0;         // non-NaN elements in the window
};

template <class T>
using MoveMin = WindowExtreme<T, std::less<T>, false>;
template <class T>
using MoveMax = WindowExtreme<T, std::greater<T>, false>;
template <class T>
using MoveArgMin = WindowExtreme<T, std::less<T>, true>;
template <class T>
using MoveArgMax = WindowExtreme<T, std::greater<T>, true>;

}  // namespace parafunc
