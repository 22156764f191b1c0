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
#include <type_traits>
#include <utility>
#include <vector>

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

template <class T>
class SortedWindow {
  public:
    explicit SortedWindow(index_t capacity) : values_(static_cast<std::size_t>(capacity)) {}

    void clear() { size_ = 0; }
    index_t size() const { return size_; }
    // The k-th smallest value, 0 <= k < size().
    T operator[](index_t k) const { return values_[k]; }

    void insert(T x) {
        const index_t at = first_after(x, 0, size_);
        std::copy_backward(data() + at, data() + size_, data() + size_ + 1);
        values_[at] = x;
        ++size_;
    }

    // Removes one value equal to x (the same bits), which must be present.
    void erase(T x) {
        const index_t at = first_not_before(x, 0, size_);
        std::copy(data() + at + 1, data() + size_, data() + at);
        --size_;
    }

    // erase(out) then insert(in), moving only the values between them.
    void replace(T out, T in) {
        if (!sorts_before(out, in) && !sorts_before(in, out)) return;  // the same value
        // Where out is (the first value not below it) and where in goes (after the values
        // not above it), both searched at once: two independent chains of loads.
        const auto [at, after] = search_both(out, in);
        if (sorts_before(out, in)) {
            std::copy(data() + at + 1, data() + after, data() + at);
            values_[after - 1] = in;
        } else {
            std::copy_backward(data() + after, data() + at, data() + at + 1);
            values_[after] = in;
        }
    }

    // The number of values below x, and equal to x.
    index_t count_less(T x) const { return first_not_less(x, 0, size_); }
    index_t count_equal(T x) const {
        const index_t below = count_less(x);
        return first_greater(x, below, size_) - below;
    }

  private:
    static constexpr index_t kLinearSearch = 32;

    T *data() { return values_.data(); }

    // The first position in [lo, hi) whose value is not before x in the sorting order,
    // and the first after it (hi if none); then the same by numeric comparison.
    index_t first_not_before(T x, index_t lo, index_t hi) const {
        return partition_point(lo, hi, [x](T v) { return sorts_before(v, x); });
    }
    index_t first_after(T x, index_t lo, index_t hi) const {
        return partition_point(lo, hi, [x](T v) { return !sorts_before(x, v); });
    }
    index_t first_not_less(T x, index_t lo, index_t hi) const {
        return partition_point(lo, hi, [x](T v) { return v < x; });
    }
    index_t first_greater(T x, index_t lo, index_t hi) const {
        return partition_point(lo, hi, [x](T v) { return !(x < v); });
    }
    template <class Below>
    index_t partition_point(index_t lo, index_t hi, Below below) const {
        return lo + search(values_.data() + lo, hi - lo, below);
    }

    // first_not_before(out) and first_after(in) over all the values, interleaved.
    std::pair<index_t, index_t> search_both(T out, T in) const {
        const T *base = values_.data();
        if (size_ <= kLinearSearch) {
            index_t below_out = 0, not_above_in = 0;
            for (index_t i = 0; i < size_; ++i) {
                below_out += sorts_before(base[i], out);
                not_above_in += !sorts_before(in, base[i]);
            }
            return {below_out, not_above_in};
        }
        const T *a = base, *b = base;
        index_t length = size_;
        while (length > 1) {
            const index_t half = length / 2;
            a += static_cast<index_t>(sorts_before(a[half - 1], out)) * half;
            b += static_cast<index_t>(!sorts_before(in, b[half - 1])) * half;
            length -= half;
        }
        return {(a - base) + sorts_before(*a, out), (b - base) + !sorts_before(in, *b)};
    }

    // The number of leading values of v[0, n) for which below() holds (they come first):
    // counted when short, which has no chain of dependent loads; else a binary search
    // whose steps are arithmetic, not branches.
    template <class Below>
    static index_t search(const T *v, index_t n, Below below) {
        if (n <= kLinearSearch) {
            index_t count = 0;
            for (index_t i = 0; i < n; ++i) count += below(v[i]);
            return count;
        }
        const T *base = v;
        while (n > 1) {
            const index_t half = n / 2;
            base += static_cast<index_t>(below(base[half - 1])) * half;
            n -= half;
        }
        return (base - v) + below(*base);
    }

    std::vector<T> values_;
    index_t size_ = 0;
};

}  // namespace parafunc
