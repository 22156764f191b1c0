// The loop adapter for moving windows, core signature (n),(),()->(n).
//
// NumPy calls the loop with
//   data    = {in, window, min_count, out}
//   dims    = {N, n}                 N series (outer), each n elements long (core)
//   strides = {in_outer, window_outer, min_count_outer, out_outer, in_core, out_core}
//
// Each series is cut into chunks of a fixed length that depends on its window alone; a
// chunk restarts its accumulator and warms it up over the window-1 elements before the
// chunk. Chunks are independent items, so a single long series uses every thread, results
// are the same for any thread count, and no running total carries error from far back.
// Series are walked side by side (tiles, row by row) when that reads memory in order.
//
// out= aliasing the input (NumPy passes an exact overlap through uncopied): the loop would
// read inputs it has already overwritten, so each chunk's warm-up is saved before any chunk
// writes, and each series keeps the window's last inputs in a ring buffer of `window`
// values. Every series then sees the same add/replace sequence as without aliasing, so the
// results are bitwise the same.
#pragma once

#include "numpy_api.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "../kernels/moving.hpp"
#include "errors.hpp"
#include "layout.hpp"
#include "parallel.hpp"

namespace parafunc::engine {

inline constexpr index_t kChunkElements = index_t{1} << 16;

// Chunk length for a window: long enough that the warm-up (window-1 elements) costs at
// most a quarter of the chunk's work.
inline index_t chunk_length(index_t window) { return std::max(kChunkElements, 4 * window); }

struct WindowParams {
    index_t window;
    index_t min_count;
};

template <class Acc>
class MovingWindow {
    using In = typename Acc::input_type;
    using Out = typename Acc::output_type;

  public:
    MovingWindow(char *const *data, const npy_intp *dims, const npy_intp *strides)
        : in_(data[0]),
          out_(data[3]),
          outer_(dims[0]),
          core_(dims[1]),
          in_outer_stride_(strides[0]),
          out_outer_stride_(strides[3]),
          in_core_stride_(strides[4]),
          out_core_stride_(strides[5]) {
        read_params(data[1], strides[1], data[2], strides[2]);
        aliased_ = overlaps(
            byte_range(in_, outer_, in_outer_stride_, core_, in_core_stride_, sizeof(In)),
            byte_range(out_, outer_, out_outer_stride_, core_, out_core_stride_, sizeof(Out)));
        width_ = uniform_ && !aliased_ && prefer_tiles(outer_, in_outer_stride_, in_core_stride_)
                     ? kMaxTileWidth
                     : 1;
        tiles_ = (outer_ + width_ - 1) / width_;
        first_item_.resize(static_cast<std::size_t>(tiles_ + 1), 0);
        for (index_t t = 0; t < tiles_; ++t) {
            const index_t length = chunk_length(params(t * width_).window);
            first_item_[t + 1] = first_item_[t] + std::max<index_t>(1, (core_ + length - 1) / length);
        }
    }

    void run() {
        const index_t items = first_item_[tiles_];
        if (aliased_) save_warmups();
        for_each_item(items, outer_ * core_ / std::max<index_t>(items, 1),
                      [&](index_t begin, index_t end) {
                          for (index_t item = begin; item < end; ++item) run_item(item);
                      });
    }

  private:
    // Every series' window and min_count, checked before any output is written.
    void read_params(const char *window, index_t window_stride, const char *min_count,
                     index_t min_count_stride) {
        params_.resize(static_cast<std::size_t>(outer_));
        uniform_ = true;
        for (index_t i = 0; i < outer_; ++i) {
            const index_t w = *reinterpret_cast<const npy_intp *>(window + i * window_stride);
            const index_t m = *reinterpret_cast<const npy_intp *>(min_count + i * min_count_stride);
            if (w < 1) {
                throw std::invalid_argument("window must be at least 1, got " + std::to_string(w));
            }
            if (m < 1 || m > w) {
                throw std::invalid_argument("min_count must be between 1 and window (" +
                                            std::to_string(w) + "), got " + std::to_string(m));
            }
            params_[i] = {w, m};
            uniform_ = uniform_ && w == params_[0].window && m == params_[0].min_count;
        }
    }

    const WindowParams &params(index_t series) const { return params_[series]; }

    StridedView<In> input(index_t series) const {
        return {in_ + series * in_outer_stride_, core_, in_core_stride_};
    }
    StridedView<Out> output(index_t series) const {
        return {out_ + series * out_outer_stride_, core_, out_core_stride_};
    }

    // Copies, for every chunk but the first of each series, the window-1 inputs before it.
    // Only for aliased calls, which are walked one series per tile.
    void save_warmups() {
        warmup_offset_.assign(first_item_[tiles_] + 1, 0);
        for (index_t s = 0; s < outer_; ++s) {
            const index_t length = chunk_length(params(s).window);
            for (index_t item = first_item_[s]; item < first_item_[s + 1]; ++item) {
                const index_t start = (item - first_item_[s]) * length;
                warmup_offset_[item + 1] =
                    warmup_offset_[item] + std::min(start, params(s).window - 1);
            }
        }
        warmups_.resize(static_cast<std::size_t>(warmup_offset_.back()));
        for (index_t s = 0; s < outer_; ++s) {
            const index_t length = chunk_length(params(s).window);
            const StridedView<In> x = input(s);
            for (index_t item = first_item_[s]; item < first_item_[s + 1]; ++item) {
                const index_t start = (item - first_item_[s]) * length;
                const index_t warm = start - (warmup_offset_[item + 1] - warmup_offset_[item]);
                for (index_t i = warm; i < start; ++i) warmups_[warmup_offset_[item] + i - warm] = x[i];
            }
        }
    }

    void run_item(index_t item) const {
        const index_t t = static_cast<index_t>(
            std::upper_bound(first_item_.begin(), first_item_.end(), item) - first_item_.begin() - 1);
        const WindowParams p = params(t * width_);
        const index_t length = chunk_length(p.window);
        const index_t start = (item - first_item_[t]) * length;
        const index_t end = std::min(core_, start + length);
        const index_t warm = std::max<index_t>(0, start - (p.window - 1));
        if (aliased_) {
            run_aliased_chunk(t, p, warm, start, end, &warmups_[warmup_offset_[item]]);
        } else {
            run_tile_chunk(t, p, warm, start, end);
        }
    }

    // Inputs [warm, end) of one chunk, in two phases: while the window fills (i < warm +
    // window) elements only enter; after that each step replaces the element leaving.
    // Outputs are written from `start` on.
    void run_tile_chunk(index_t t, const WindowParams &p, index_t warm, index_t start,
                        index_t end) const {
        const index_t width = std::min(width_, outer_ - t * width_);
        const index_t filled = std::min(end, warm + p.window);
        const StridedTile<In> x{in_ + t * width_ * in_outer_stride_, core_, width,
                                in_core_stride_, in_outer_stride_};
        char *out = out_ + t * width_ * out_outer_stride_;
        auto store = [&](index_t i, index_t j, Out value) {
            *reinterpret_cast<Out *>(out + i * out_core_stride_ + j * out_outer_stride_) = value;
        };
        if (width == 1) {  // one accumulator, kept in registers
            Acc acc;
            for (index_t i = warm; i < filled; ++i) {
                acc.add(x(i, 0));
                if (i >= start) store(i, 0, acc.result(p.min_count));
            }
            for (index_t i = filled; i < end; ++i) {
                acc.replace(x(i, 0), x(i - p.window, 0));
                store(i, 0, acc.result(p.min_count));
            }
            return;
        }
        Acc accs[kMaxTileWidth];
        for (index_t i = warm; i < filled; ++i) {
            for (index_t j = 0; j < width; ++j) accs[j].add(x(i, j));
            if (i < start) continue;
            for (index_t j = 0; j < width; ++j) store(i, j, accs[j].result(p.min_count));
        }
        for (index_t i = filled; i < end; ++i) {
            for (index_t j = 0; j < width; ++j) {
                accs[j].replace(x(i, j), x(i - p.window, j));
                store(i, j, accs[j].result(p.min_count));
            }
        }
    }

    // The same steps as run_tile_chunk for one series, reading the warm-up from `warmup`
    // and the leaving elements from a ring buffer, never from memory already overwritten.
    void run_aliased_chunk(index_t series, const WindowParams &p, index_t warm, index_t start,
                           index_t end, const In *warmup) const {
        const StridedView<In> x = input(series);
        const StridedView<Out> y = output(series);
        const index_t filled = std::min(end, warm + p.window);
        std::vector<In> ring(static_cast<std::size_t>(p.window));  // input i sits at i % window
        Acc acc;
        for (index_t i = warm; i < filled; ++i) {
            const In value = i < start ? warmup[i - warm] : x[i];
            acc.add(ring[i % p.window] = value);
            if (i >= start) y.at(i) = acc.result(p.min_count);
        }
        for (index_t i = filled; i < end; ++i) {
            const In value = x[i];  // read before y.at(i) overwrites it
            In &slot = ring[i % p.window];
            acc.replace(value, slot);
            slot = value;
            y.at(i) = acc.result(p.min_count);
        }
    }

    char *in_;
    char *out_;
    index_t outer_, core_;
    index_t in_outer_stride_, out_outer_stride_, in_core_stride_, out_core_stride_;
    std::vector<WindowParams> params_;
    bool uniform_ = true;
    bool aliased_ = false;
    index_t width_ = 1, tiles_ = 0;
    std::vector<index_t> first_item_;     // items of tile t: [first_item_[t], first_item_[t+1])
    std::vector<index_t> warmup_offset_;  // aliased calls: item's saved warm-up in warmups_
    std::vector<In> warmups_;
};

template <class Acc>
int moving_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                const npy_intp *strides, NpyAuxData *) noexcept {
    try {
        MovingWindow<Acc>(data, dims, strides).run();
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

}  // namespace parafunc::engine
