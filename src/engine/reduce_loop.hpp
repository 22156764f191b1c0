// The loop adapter for reductions, core signature (n)->().
//
// NumPy calls the loop with
//   data    = {in, out}
//   dims    = {N, n}                 N series (outer), each n elements long (core)
//   strides = {in_outer, out_outer, in_core}     in bytes
//
// Work is cut into items whose boundaries depend only on the layout and sizes:
//   - series are grouped into tiles (side by side, walked row by row) when neighbouring
//     series are closer in memory than elements of one series, else one series per tile;
//   - each series is cut into blocks of kBlockElements elements (counted per tile row), each
//     folded into its own accumulator and merged in block order afterwards.
// So a 1-D series of 1e8 uses every thread and still gives bitwise the same result on any
// number of threads.
#pragma once

#include "numpy_api.hpp"

#include <vector>

#include "../kernels/reduce.hpp"
#include "errors.hpp"
#include "layout.hpp"
#include "parallel.hpp"

namespace parafunc::engine {

inline constexpr index_t kBlockElements = index_t{1} << 16;

template <class Acc>
class Reduction {
    using In = typename Acc::input_type;
    using Out = typename Acc::output_type;

  public:
    Reduction(char *in, char *out, index_t outer, index_t core, index_t in_outer_stride,
              index_t out_outer_stride, index_t in_core_stride)
        : in_(in),
          out_(out),
          outer_(outer),
          core_(core),
          in_outer_stride_(in_outer_stride),
          out_outer_stride_(out_outer_stride),
          in_core_stride_(in_core_stride),
          width_(prefer_tiles(outer, in_outer_stride, in_core_stride) ? kMaxTileWidth : 1),
          tiles_((outer + width_ - 1) / width_),
          block_rows_(std::max<index_t>(1, kBlockElements / width_)),
          blocks_(std::max<index_t>(1, (core + block_rows_ - 1) / block_rows_)) {}

    void run() {
        const index_t work_per_item = width_ * std::min(core_, block_rows_);
        if (blocks_ == 1) {
            for_each_item(tiles_, work_per_item, [&](index_t begin, index_t end) {
                Acc accs[kMaxTileWidth];
                for (index_t t = begin; t < end; ++t) {
                    fold_block(accs, t, 0);
                    store(accs, t);
                }
            });
            return;
        }
        // Partial accumulators, [series][block]: about one per kBlockElements inputs.
        std::vector<Acc> partial(static_cast<std::size_t>(outer_ * blocks_));
        for_each_item(tiles_ * blocks_, work_per_item, [&](index_t begin, index_t end) {
            Acc accs[kMaxTileWidth];
            for (index_t item = begin; item < end; ++item) {
                const index_t t = item / blocks_, b = item % blocks_;
                const index_t width = tile_width(t);
                for (index_t j = 0; j < width; ++j) accs[j] = Acc{};
                fold_block(accs, t, b);
                for (index_t j = 0; j < width; ++j) partial[(t * width_ + j) * blocks_ + b] = accs[j];
            }
        });
        for_each_item(tiles_, blocks_, [&](index_t begin, index_t end) {
            Acc accs[kMaxTileWidth];
            for (index_t t = begin; t < end; ++t) {
                for (index_t j = 0; j < tile_width(t); ++j) {
                    const Acc *series = &partial[(t * width_ + j) * blocks_];
                    accs[j] = series[0];
                    for (index_t b = 1; b < blocks_; ++b) accs[j].merge(series[b]);
                }
                store(accs, t);
            }
        });
    }

  private:
    index_t tile_width(index_t t) const { return std::min(width_, outer_ - t * width_); }

    // Folds rows [b * block_rows_, ...) of tile t into accs (fresh accumulators).
    void fold_block(Acc *accs, index_t t, index_t b) const {
        const index_t row0 = b * block_rows_;
        const index_t rows = std::min(block_rows_, core_ - row0);
        char *base = in_ + t * width_ * in_outer_stride_ + row0 * in_core_stride_;
        if (width_ == 1) {
            accs[0] = Acc{};
            accs[0].add_run(StridedView<In>{base, rows, in_core_stride_});
        } else {
            for (index_t j = 0; j < tile_width(t); ++j) accs[j] = Acc{};
            Acc::add_tile(accs, StridedTile<In>{base, rows, tile_width(t), in_core_stride_,
                                                in_outer_stride_});
        }
    }

    void store(const Acc *accs, index_t t) const {
        for (index_t j = 0; j < tile_width(t); ++j) {
            *reinterpret_cast<Out *>(out_ + (t * width_ + j) * out_outer_stride_) = accs[j].result();
        }
    }

    char *in_;
    char *out_;
    index_t outer_, core_;
    index_t in_outer_stride_, out_outer_stride_, in_core_stride_;
    index_t width_, tiles_, block_rows_, blocks_;
};

template <class Acc>
int reduce_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                const npy_intp *strides, NpyAuxData *) noexcept {
    try {
        Reduction<Acc>(data[0], data[1], dims[0], dims[1], strides[0], strides[1], strides[2])
            .run();
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

}  // namespace parafunc::engine
