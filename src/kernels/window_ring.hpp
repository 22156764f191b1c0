// Fixed-capacity ring buffers for moving-window kernels that remember their window.
//
// Positions are the running count of elements a kernel has seen since its last reset;
// the capacity is a power of two at least the window, so an element's slot is its position
// masked, and the window's elements never overwrite each other.
#pragma once

#include <vector>

#include "view.hpp"

namespace parafunc {

inline index_t ring_capacity(index_t window) {
    index_t capacity = 1;
    while (capacity < window) capacity *= 2;
    return capacity;
}

// The last `window` values pushed, by position.
template <class V>
class WindowRing {
  public:
    explicit WindowRing(index_t window)
        : slots_(static_cast<std::size_t>(ring_capacity(window))),
          mask_(static_cast<index_t>(slots_.size()) - 1) {}

    V &operator[](index_t position) { return slots_[position & mask_]; }
    const V &operator[](index_t position) const { return slots_[position & mask_]; }

  private:
    std::vector<V> slots_;
    index_t mask_;
};

// A double-ended queue of at most `window` entries, entries taken and dropped at either
// end, as the monotonic queues of moving minima and maxima need.
template <class V>
class WindowDeque {
  public:
    explicit WindowDeque(index_t window) : ring_(window) {}

    void clear() { front_ = back_ = 0; }
    bool empty() const { return front_ == back_; }
    const V &front() const { return ring_[front_]; }
    const V &back() const { return ring_[back_ - 1]; }
    void push_back(const V &v) { ring_[back_++] = v; }
    void pop_back() { --back_; }
    void pop_front() { ++front_; }

  private:
    WindowRing<V> ring_;
    index_t front_ = 0, back_ = 0;  // entries at positions [front_, back_)
};

}  // namespace parafunc
