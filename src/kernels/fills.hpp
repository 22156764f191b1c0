// Fills and replacements: scan kernels (the interface: engine/scan_loop.hpp), each
// walking a series one element at a time with a small carry.
//
// Fill (bottleneck's push, numbagg's ffill and bfill): each NaN becomes the last non-NaN
// value before it (kBackward: after it) if that lies at most `limit` steps away; values
// are copied bit for bit, +-inf are values like any other. Integers hold no NaN: copied.
// Carry: the last non-NaN value and how many steps back it lies. summarize looks back
// from the chunk's end for its last non-NaN value: O(1) on most data, the whole chunk only
// where it holds nothing but NaN, so a series is read at most twice in all.
//
// Replace (bottleneck's replace): elements equal to `old` (NaN: every NaN) become `new`.
// No carry: each element on its own, a map, which the engine runs by step() in place too.
//
// Errors: a negative limit throws std::invalid_argument (before anything is written).
#pragma once

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>

#include "view.hpp"

namespace parafunc {

// Which way a scan walks its series.
enum class Direction { kForward, kBackward };

template <class T, Direction kDirection>
class Fill {
  public:
    using input_type = T;
    using output_type = T;
    using Scalars = std::tuple<index_t>;  // limit
    static constexpr bool kBackward = kDirection == Direction::kBackward;

    struct Carry {
        T last;       // the last non-NaN value met
        index_t age;  // steps since it; kNone or more where none was met
    };
    using Summary = Carry;  // the carry a chunk leaves from start()

    // limit: the most steps a value is carried; anything from the series' length up
    // means no limit.
    explicit Fill(index_t limit) : limit_(std::min(limit, kNone - 1)) {
        if (limit < 0) {
            throw std::invalid_argument("limit must be at least 0, got " + std::to_string(limit));
        }
    }

    Carry start() const { return {T{}, kNone}; }

    PARAFUNC_INLINE void update(Carry &carry, T &x) const {
        if (!is_nan(x)) {
            carry = {x, 0};
        } else if (++carry.age <= limit_) {
            x = carry.last;
        }
    }

    PARAFUNC_INLINE T step(Carry &carry, T x) const {
        update(carry, x);
        return x;
    }

    Summary summarize(const StridedView<T> &chunk) const {
        for (index_t i = chunk.size - 1; i >= 0; --i) {
            if (!is_nan(chunk[i])) return {chunk[i], chunk.size - 1 - i};
        }
        return start();
    }

    static Carry join(const Carry &before, const Summary &chunk, index_t length) {
        if (chunk.age < kNone) return chunk;
        return {before.last, before.age + length};
    }

  private:
    // An age no series reaches (lengths are below 2**62), from which a carry that has met
    // no value counts up without overflow.
    static constexpr index_t kNone = std::numeric_limits<index_t>::max() / 2;
    index_t limit_;
};

template <class T>
using FillForward = Fill<T, Direction::kForward>;
template <class T>
using FillBackward = Fill<T, Direction::kBackward>;

template <class T>
class Replace {
  public:
    using input_type = T;
    using output_type = T;
    using Scalars = std::tuple<T, T>;  // old, new
    static constexpr bool kBackward = false;
    struct Carry {};

    Replace(T old_value, T new_value)
        : old_(old_value), new_(new_value), old_is_nan_(is_nan(old_value)) {}

    Carry start() const { return {}; }

    PARAFUNC_INLINE T step(Carry &, T x) const { return matches(x) ? new_ : x; }

  private:
    // Without a branch on old_is_nan_, so that the output loop vectorises.
    PARAFUNC_INLINE bool matches(T x) const { return (x == old_) | (old_is_nan_ & is_nan(x)); }

    T old_, new_;
    bool old_is_nan_;
};

}  // namespace parafunc
