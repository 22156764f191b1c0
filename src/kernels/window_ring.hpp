// A fixed-capacity ring buffer for moving-window kernels (and the engine's aliased path)
// that remember their window.
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

}  // namespace parafunc
