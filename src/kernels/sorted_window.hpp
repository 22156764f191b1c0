// The non-NaN values of a moving window, kept sorted, for order statistics and ranks.
//
// A flat array: a step that replaces one value with another moves only the values
// between the two positions, one memmove, after two branch-free binary searches. For the
// windows people use (up to a few thousand) this beats a double heap or a tree: no
// pointers, no mispredicted branches, and an order statistic or a rank is one read or
// one more search.
#pragma once

#include <algorithm>
#include <vector>

#include "view.hpp"

namespace parafunc {

template <class T>
class SortedWindow {
  public:
    explicit SortedWindow(index_t capacity) : values_(static_cast<std::size_t>(capacity)) {}

    void clear() { size_ = 0; }
    index_t size() const { return size_; }
    // The k-th smallest value, 0 <= k < size().
    T operator[](index_t k) const { return values_[k]; }

    void insert(T x) {
        const index_t at = first_greater(x, 0, size_);
        std::copy_backward(data() + at, data() + size_, data() + size_ + 1);
        values_[at] = x;
        ++size_;
    }

    // Removes one value equal to x, which must be present.
    void erase(T x) {
        const index_t at = first_not_less(x, 0, size_);
        std::copy(data() + at + 1, data() + size_, data() + at);
        --size_;
    }

    // erase(out) then insert(in), moving only the values between them.
    void replace(T out, T in) {
        const index_t at = first_not_less(out, 0, size_);
        if (out < in) {
            const index_t to = first_greater(in, at + 1, size_) - 1;
            std::copy(data() + at + 1, data() + to + 1, data() + at);
            values_[to] = in;
        } else {
            const index_t to = first_greater(in, 0, at);
            std::copy_backward(data() + to, data() + at, data() + at + 1);
            values_[to] = in;
        }
    }

    // The number of values below x, and equal to x.
    index_t count_less(T x) const { return first_not_less(x, 0, size_); }
    index_t count_equal(T x) const {
        const index_t below = count_less(x);
        return first_greater(x, below, size_) - below;
    }

  private:
    T *data() { return values_.data(); }

    // The first position in [lo, hi) whose value is not below x (hi if none), and the
    // first whose value is above x: binary searches whose steps are selects, not branches.
    index_t first_not_less(T x, index_t lo, index_t hi) const {
        return partition_point(lo, hi, [x](T v) { return v < x; });
    }
    index_t first_greater(T x, index_t lo, index_t hi) const {
        return partition_point(lo, hi, [x](T v) { return !(x < v); });
    }
    template <class Below>
    index_t partition_point(index_t lo, index_t hi, Below below) const {
        const T *base = values_.data() + lo;
        index_t length = hi - lo;
        if (length == 0) return lo;
        while (length > 1) {
            const index_t half = length / 2;
            base = below(base[half - 1]) ? base + half : base;
            length -= half;
        }
        return static_cast<index_t>(base - values_.data()) + (below(*base) ? 1 : 0);
    }

    std::vector<T> values_;
    index_t size_ = 0;
};

}  // namespace parafunc
