// The non-NaN values of a long moving window, kept sorted in blocks (in the order of
// sorts_before, sorted_window.hpp): SortedWindow's interface for windows where one flat
// array would move too much per step.
//
// The values lie in blocks of at most 2 * kBlock sorted values, the blocks in order. A
// value is found in O(log(window / kBlock)) (a binary search over the blocks' last values,
// then within the block); inserting or erasing moves at most one block's values; the
// k-th value and a value's rank come from a Fenwick tree over the blocks' sizes. A block
// that grows past 2 * kBlock is split in two, one that shrinks below kBlock / 4 is merged
// into a neighbour, so there are at most ~4 * window / kBlock blocks and the Fenwick tree,
// rebuilt when the blocks change (once every ~kBlock / 4 steps at most), costs O(1)
// amortised per step for any window up to ~kBlock^2 / 4 and O(window / kBlock^2) beyond.
#pragma once

#include <algorithm>
#include <vector>

#include "sorted_window.hpp"
#include "view.hpp"

namespace parafunc {

template <class T>
class SortedBlocks {
  public:
    static constexpr index_t kBlock = 512;

    void clear() {
        blocks_.clear();
        sizes_.clear();
        size_ = 0;
    }
    index_t size() const { return size_; }

    T operator[](index_t k) const {
        // Fenwick descent: the block holding the k-th value, and its place there.
        index_t at = 0;
        for (index_t step = top_bit(); step > 0; step /= 2) {
            if (at + step <= static_cast<index_t>(blocks_.size()) && sizes_[at + step - 1] <= k) {
                at += step;
                k -= sizes_[at - 1];
            }
        }
        return blocks_[at][k];
    }

    void insert(T x) {
        if (blocks_.empty()) {
            blocks_.push_back({x});
            rebuild();
            ++size_;
            return;
        }
        const index_t b = std::min(block_not_before(x), static_cast<index_t>(blocks_.size()) - 1);
        std::vector<T> &block = blocks_[b];
        block.insert(std::upper_bound(block.begin(), block.end(), x, sorts_before<T>), x);
        ++size_;
        if (static_cast<index_t>(block.size()) > 2 * kBlock) {
            std::vector<T> upper(block.begin() + kBlock, block.end());
            block.resize(kBlock);
            blocks_.insert(blocks_.begin() + b + 1, std::move(upper));
            rebuild();
        } else {
            add(b, +1);
        }
    }

    // Removes one value equal to x (the same bits), which must be present.
    void erase(T x) {
        const index_t b = block_not_before(x);
        std::vector<T> &block = blocks_[b];
        block.erase(std::lower_bound(block.begin(), block.end(), x, sorts_before<T>));
        --size_;
        if (static_cast<index_t>(block.size()) >= kBlock / 4 || blocks_.size() == 1) {
            if (block.empty()) {
                blocks_.clear();
                rebuild();
            } else {
                add(b, -1);
            }
            return;
        }
        // Too small: into the smaller neighbour (split again if that overflows).
        const index_t left = b == 0 ? 0 : b - 1;
        const index_t into = b == 0 || (b + 1 < static_cast<index_t>(blocks_.size()) &&
                                        blocks_[b + 1].size() < blocks_[b - 1].size())
                                 ? b
                                 : left;
        std::vector<T> &first = blocks_[into];
        const std::vector<T> &second = blocks_[into + 1];
        first.insert(first.end(), second.begin(), second.end());
        blocks_.erase(blocks_.begin() + into + 1);
        if (static_cast<index_t>(first.size()) > 2 * kBlock) {
            std::vector<T> upper(first.begin() + first.size() / 2, first.end());
            first.resize(first.size() / 2);
            blocks_.insert(blocks_.begin() + into + 1, std::move(upper));
        }
        rebuild();
    }

    void replace(T out, T in) {
        erase(out);
        insert(in);
    }

    index_t count_less(T x) const {
        const index_t b = block_not_below(x);
        if (b == static_cast<index_t>(blocks_.size())) return size_;
        const std::vector<T> &block = blocks_[b];
        return before(b) + (std::lower_bound(block.begin(), block.end(), x) - block.begin());
    }
    index_t count_equal(T x) const { return count_not_above(x) - count_less(x); }

  private:
    // The first block whose last value is not before x in the sorting order (the number of
    // blocks if none).
    index_t block_not_before(T x) const {
        return std::partition_point(
                   blocks_.begin(), blocks_.end(),
                   [x](const std::vector<T> &b) { return sorts_before(b.back(), x); }) -
               blocks_.begin();
    }
    // The first block whose last value is not below x numerically.
    index_t block_not_below(T x) const {
        return std::partition_point(blocks_.begin(), blocks_.end(),
                                    [x](const std::vector<T> &b) { return b.back() < x; }) -
               blocks_.begin();
    }
    index_t count_not_above(T x) const {
        const index_t b =
            std::partition_point(blocks_.begin(), blocks_.end(),
                                 [x](const std::vector<T> &b) { return !(x < b.back()); }) -
            blocks_.begin();
        if (b == static_cast<index_t>(blocks_.size())) return size_;
        const std::vector<T> &block = blocks_[b];
        return before(b) + (std::upper_bound(block.begin(), block.end(), x) - block.begin());
    }

    // Fenwick tree over the blocks' sizes: sizes_[i] sums the sizes of blocks
    // (i - lowbit(i + 1), i].
    void rebuild() {
        const index_t n = static_cast<index_t>(blocks_.size());
        sizes_.assign(static_cast<std::size_t>(n), 0);
        for (index_t i = 0; i < n; ++i) {
            sizes_[i] += static_cast<index_t>(blocks_[i].size());
            const index_t parent = i | (i + 1);
            if (parent < n) sizes_[parent] += sizes_[i];
        }
    }
    void add(index_t b, index_t delta) {
        for (index_t i = b; i < static_cast<index_t>(sizes_.size()); i |= i + 1) sizes_[i] += delta;
    }
    index_t before(index_t b) const {  // values in blocks [0, b)
        index_t total = 0;
        for (index_t i = b - 1; i >= 0; i = (i & (i + 1)) - 1) total += sizes_[i];
        return total;
    }
    index_t top_bit() const {
        index_t bit = 1;
        while (2 * bit <= static_cast<index_t>(blocks_.size())) bit *= 2;
        return blocks_.empty() ? 0 : bit;
    }

    std::vector<std::vector<T>> blocks_;
    std::vector<index_t> sizes_;
    index_t size_ = 0;
};

}  // namespace parafunc
