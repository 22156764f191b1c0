// The non-NaN values of a moving window, kept sorted, for order statistics and ranks.
//
// A flat array: a step that replaces one value with another moves only the values
// between the two positions, one memmove, after two branch-free binary searches. For the
// windows people use (up to a few thousand) this beats a double heap or a tree: no
// pointers, no mispredicted branches, and an order statistic or a rank is one read or
// one more search.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "radix_sort.hpp"
#include "view.hpp"

namespace parafunc {

// The order values are kept in: numeric, and -0.0 before 0.0 (which compare equal), so
// that the value that leaves is exactly the one that entered and an order statistic keeps
// its sign. Counts for ranks stay numeric (-0.0 ties with 0.0, as in bottleneck).
template <class T>
bool sorts_before(T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
        return (a < b) | ((a == b) & (std::signbit(a) > std::signbit(b)));
    } else {
        return a < b;
    }
}

// The flat window keeps integer keys in that order, one integer comparison each (a
// floating-point one with the sign test costs several dependent instructions per step of
// a search): a float's bits, negatives with their magnitude bits flipped (-0.0 is then
// the key just below 0.0's). Integers are their own keys. NaN is never kept.
template <class T, class = void>
struct SortKey {
    using type = T;
    static T of(T x) { return x; }
    static T value(T key) { return key; }
};
template <class T>
struct SortKey<T, std::enable_if_t<std::is_floating_point_v<T>>> {
    using type = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;
    static type of(T x) {
        type bits;
        std::memcpy(&bits, &x, sizeof bits);
        return bits < 0 ? bits ^ std::numeric_limits<type>::max() : bits;
    }
    static T value(type key) {  // the map is its own inverse
        const type bits = key < 0 ? key ^ std::numeric_limits<type>::max() : key;
        T x;
        std::memcpy(&x, &bits, sizeof x);
        return x;
    }
};

template <class T>
class SortedWindow {
    using Keys = SortKey<T>;
    using Key = typename Keys::type;

  public:
    explicit SortedWindow(index_t capacity) : keys_(static_cast<std::size_t>(capacity)) {}

    void clear() { size_ = 0; }
    index_t size() const { return size_; }
    // The k-th smallest value, 0 <= k < size().
    T operator[](index_t k) const { return Keys::value(keys_[k]); }

    // x at the end, out of order until sort(): for a window filling up.
    void append(T x) { keys_[size_++] = Keys::of(x); }
    void sort() {
        spare_.resize(keys_.size());
        // Radix order: the keys' bits as unsigned, the sign bit flipped.
        using Unsigned = std::make_unsigned_t<Key>;
        constexpr Unsigned kSign = Unsigned{1} << (8 * sizeof(Key) - 1);
        radix_sort(data(), spare_.data(), size_,
                   [](Key key) { return static_cast<Unsigned>(key) ^ kSign; });
    }

    void insert(T x) {
        const Key key = Keys::of(x);
        const index_t at = count(keys_.data(), size_, [key](Key v) { return v <= key; });
        std::copy_backward(data() + at, data() + size_, data() + size_ + 1);
        keys_[at] = key;
        ++size_;
    }

    // Removes one value equal to x (the same bits), which must be present.
    void erase(T x) {
        const Key key = Keys::of(x);
        const index_t at = count(keys_.data(), size_, [key](Key v) { return v < key; });
        std::copy(data() + at + 1, data() + size_, data() + at);
        --size_;
    }

    // erase(out) then insert(in), moving only the values between them.
    void replace(T out, T in) {
        const Key out_key = Keys::of(out), in_key = Keys::of(in);
        if (out_key == in_key) return;  // the same value
        // Where out is (the first key not below it) and where in goes (after the keys not
        // above it), both searched at once: two independent chains of loads.
        const auto [at, after] = search_both(out_key, in_key);
        if (out_key < in_key) {
            std::copy(data() + at + 1, data() + after, data() + at);
            keys_[after - 1] = in_key;
        } else {
            std::copy_backward(data() + after, data() + at, data() + at + 1);
            keys_[after] = in_key;
        }
    }

    // The number of values numerically below x, and equal to x (-0.0 equal to 0.0).
    index_t count_less(T x) const {
        const Key lowest = Keys::of(x == 0 ? -std::abs(x) : x);  // -0.0 for either zero
        return count(keys_.data(), size_, [lowest](Key v) { return v < lowest; });
    }
    index_t count_equal(T x) const {
        const Key highest = Keys::of(x == 0 ? std::abs(x) : x);  // 0.0 for either zero
        return count(keys_.data(), size_, [highest](Key v) { return v <= highest; }) -
               count_less(x);
    }

  private:
    static constexpr index_t kLinearSearch = 32;

    Key *data() { return keys_.data(); }

    // half if taken, else 0, by a mask: GCC compiles `taken ? half : 0` to a branch, which
    // random data mispredicts half the time (measured 1.3x slower for move_median).
    static index_t step_if(bool taken, index_t half) {
        return half & -static_cast<index_t>(taken);
    }

    // first_not_before(out) and first_after(in) over all the keys, interleaved.
    std::pair<index_t, index_t> search_both(Key out, Key in) const {
        const Key *base = keys_.data();
        if (size_ <= kLinearSearch) {
            index_t below_out = 0, not_above_in = 0;
            for (index_t i = 0; i < size_; ++i) {
                below_out += base[i] < out;
                not_above_in += base[i] <= in;
            }
            return {below_out, not_above_in};
        }
        const Key *a = base, *b = base;
        index_t length = size_;
        while (length > 1) {
            const index_t half = length / 2;
            a += step_if(a[half - 1] < out, half);
            b += step_if(b[half - 1] <= in, half);
            length -= half;
        }
        return {(a - base) + (*a < out), (b - base) + (*b <= in)};
    }

    // The number of leading keys of v[0, n) for which below() holds (they come first):
    // counted when short, which has no chain of dependent loads; else a binary search
    // whose steps are arithmetic, not branches.
    template <class Below>
    static index_t count(const Key *v, index_t n, Below below) {
        if (n <= kLinearSearch) {
            index_t found = 0;
            for (index_t i = 0; i < n; ++i) found += below(v[i]);
            return found;
        }
        const Key *base = v;
        while (n > 1) {
            const index_t half = n / 2;
            base += step_if(below(base[half - 1]), half);
            n -= half;
        }
        return (base - v) + below(*base);
    }

    std::vector<Key> keys_;
    std::vector<Key> spare_;  // sort()'s second buffer, allocated by its first call
    index_t size_ = 0;
};

}  // namespace parafunc
