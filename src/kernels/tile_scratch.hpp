// Per-series scratch of a reduction kernel's tile, sized at run time.
#pragma once

#include <memory>

#include "view.hpp"

namespace parafunc {

// kParts arrays of `width` values of T (one per series of a tile, or per group of them):
// on the stack up to kMaxTileWidth values (every tile of a small call, so that no call of
// a few elements pays for an allocation), on the heap for the wider tiles that reductions
// along axis 0 of long rows get (engine/layout.hpp).
template <class T, index_t kParts>
class TileScratch {
  public:
    explicit TileScratch(index_t width) : width_(width) {
        if (width > kMaxTileWidth) {
            heap_ = std::make_unique<T[]>(static_cast<std::size_t>(kParts * width));
            data_ = heap_.get();
        }
    }
    TileScratch(const TileScratch &) = delete;  // data_ may point into the object itself
    TileScratch &operator=(const TileScratch &) = delete;

    // Array k: the values of series [0, width).
    T *part(index_t k) { return data_ + k * width_; }

  private:
    index_t width_;
    T stack_[kParts * kMaxTileWidth];
    std::unique_ptr<T[]> heap_;
    T *data_ = stack_;
};

}  // namespace parafunc
