// The loop adapters for moving windows: core signatures (n),(),()->(n) and, for middle
// axes, (p,n,q),(),()->(p,n,q); a kernel with a parameter (Acc::kParameters == 1, e.g.
// move_var's ddof) takes one more scalar: (n),(),(),()->(n).
//
// NumPy calls the first with
//   data    = {in, window, min_count, [parameter,] out}
//   dims    = {N, n}                 N series (outer), each n elements long (core)
//   strides = {in_outer, window_outer, min_count_outer, [parameter_outer,] out_outer,
//              in_core, out_core}
// and its middle-axis companion (the wrappers view the input as (p, n, q) and call it
// once, where NumPy would call the first once per p, each call too small to go parallel)
// with
//   dims    = {N, p, n, q}
//   strides = {in_outer, window_outer, min_count_outer, [parameter_outer,] out_outer,
//              in_p, in_n, in_q, out_p, out_n, out_q}
// Both compute `planes` x `series` series of `core` elements.
//
// Kernels of two inputs (Acc::kInputs == 2: move_cov, move_corr; moving_inputs.hpp)
// take the second input after the first, (n),(n),(),()->(n) and
// (p,n,q),(p,n,q),(),()->(p,n,q): its pointer and outer stride follow the first's, its
// core strides too (in_core, in2_core, out_core; in_p, in_n, in_q, in2_p, in2_n, in2_q,
// out_p, out_n, out_q), and the scalars' operands shift by one. Both inputs are read at
// the same element, each with its own strides, and the accumulator gets add(x, y) and
// replace(x, y, old_x, old_y).
//
// Each series is cut into chunks of a fixed length that depends on its window alone (and
// the kernel's kChunkWindows); a chunk restarts its accumulator and warms it up over the window-1
// elements before the chunk. Chunks are independent items, so a single long series uses every
// thread, results are the same for any thread count, and no running total carries error from far
// back. Series are walked side by side (tiles, row by row) when that reads memory in order.
//
// Kernels with lanes (Acc::Lanes, moving_lanes.hpp; of one input or two) step kLanes
// series of a tile at once where the processor can, or kLanes chunks of a series that is
// alone in its tile (a 1-D input); the chunks stay where they are, and a series' result is
// bitwise the same. Those with rows too (Acc::Rows) take a row of groups of neighbouring
// series at a time along axis 0 of a C array.
//
// out= aliasing an input (NumPy passes an exact overlap through uncopied): the loop would
// read inputs it has already overwritten, so each chunk's warm-up is saved before any chunk
// writes, and each series keeps the window's last inputs (of every input) in a ring buffer
// of `window` values. Every series then sees the same add/replace sequence as without
// aliasing, so the results are bitwise the same.
#pragma once

#include "numpy_api.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../kernels/moving.hpp"
#include "../kernels/window_ring.hpp"
#include "errors.hpp"
#include "layout.hpp"
#include "moving_inputs.hpp"
#include "moving_lanes.hpp"
#include "parallel.hpp"
#include "populate.hpp"

namespace parafunc::engine {

inline constexpr index_t kChunkElements = index_t{1} << 16;

// Chunk length for a window: long enough that the warm-up (window-1 elements) costs at
// most a 1/kChunkWindows of the chunk's work.
template <class Acc>
index_t chunk_length(index_t window) {
    return std::max(kChunkElements, Acc::kChunkWindows * window);
}

// Accumulators that remember their window (queues, rings) get narrower tiles: a task's
// accumulators keep at most about this many bytes.
inline constexpr index_t kTileStateBytes = index_t{1} << 20;

// The window, min_count and (for kernels with one) parameter of `count` series, read from
// NumPy's strided scalars data[1..3] and checked before any output is written.
template <class Acc>
std::vector<MovingParams> read_window_params(index_t count, char *const *data,
                                             const npy_intp *strides) {
    std::vector<MovingParams> params(static_cast<std::size_t>(count));
    auto scalar = [&](auto type, int operand, index_t i) {
        return *reinterpret_cast<const decltype(type) *>(data[operand] + i * strides[operand]);
    };
    for (index_t i = 0; i < count; ++i) {
        const index_t w = scalar(npy_intp{}, 1, i), m = scalar(npy_intp{}, 2, i);
        if (w < 1) {
            throw std::invalid_argument("window must be at least 1, got " + std::to_string(w));
        }
        if (m < 1 || m > w) {
            throw std::invalid_argument("min_count must be between 1 and window (" +
                                        std::to_string(w) + "), got " + std::to_string(m));
        }
        double parameter = 0;
        if constexpr (Acc::kParameters == 1) {
            parameter = static_cast<double>(scalar(typename Acc::parameter_type{}, 3, i));
        }
        params[i] = {w, m, parameter};
    }
    return params;
}

template <class Acc>
class MovingWindow {
    using In = typename Acc::input_type;
    using Out = typename Acc::output_type;
    static constexpr int kInputs = kInputsOf<Acc>;
    using Values = std::array<In, kInputs>;  // one element of each input
    using Lanes = LanesOf<Acc>;
    using Rows = RowsOf<Acc>;

  public:
    // in[k], layouts[k]: input k and its strides (shape and output strides alike in each).
    // series_params: one per series (planes x series, plane-major), or one for all.
    MovingWindow(const std::array<char *, kInputs> &in, char *out,
                 const std::array<SeriesLayout, kInputs> &layouts,
                 std::vector<MovingParams> series_params)
        : out_(out), l_(layouts[0]), params_(std::move(series_params)) {
        for (int k = 0; k < kInputs; ++k) {
            inputs_[k] = {in[k], layouts[k].in_plane_stride, layouts[k].in_series_stride,
                          layouts[k].in_core_stride};
        }
        // A window longer than the series is the series (no element ever leaves): clamped,
        // it sizes chunks and ring buffers by the data, and 4 * window cannot overflow.
        for (MovingParams &p : params_)
            p.window = std::min(p.window, std::max<index_t>(l_.core, 1));
        uniform_ = std::all_of(params_.begin(), params_.end(),
                               [&](const MovingParams &p) { return p == params_[0]; });
        const ByteRange written = byte_range(out_, sizeof(Out),
                                             {{l_.planes, l_.out_plane_stride},
                                              {l_.series, l_.out_series_stride},
                                              {l_.core, l_.out_core_stride}});
        aliased_ = std::any_of(inputs_.begin(), inputs_.end(), [&](const Input &x) {
            return overlaps(byte_range(x.data, sizeof(In),
                                       {{l_.planes, x.plane_stride},
                                        {l_.series, x.series_stride},
                                        {l_.core, x.core_stride}}),
                            written);
        });
        // Tiles when any input reads better so (one series at a time along axis 0 of a C
        // array costs 2.5x; a tile over series that are each contiguous, much less).
        const bool tiles = std::any_of(inputs_.begin(), inputs_.end(), [&](const Input &x) {
            return prefer_tiles(l_.series, x.series_stride, x.core_stride);
        });
        // Series side by side in lanes (kHasLanes) when the processor can: by kLanes even
        // where tiles read no better (rows of a C array, each read as its own stream).
        if constexpr (kHasLanes<Acc>) lanes_ = uniform_ && !aliased_ && lanes_supported();
        wide_ = uniform_ && !aliased_ && tiles;
        if (wide_) {
            const index_t state = Acc::kStateBytesPerWindowElement * params_[0].window;
            width_ = std::clamp<index_t>(kTileStateBytes / std::max<index_t>(1, state), 1,
                                         kMaxTileWidth);
        } else {
            width_ = lanes_ ? kLanes : 1;
        }
        tiles_per_plane_ = (l_.series + width_ - 1) / width_;
        tiles_ = l_.planes * tiles_per_plane_;
        first_item_.resize(static_cast<std::size_t>(tiles_ + 1), 0);
        for (index_t t = 0; t < tiles_; ++t) {
            const index_t length = chunk_length<Acc>(params(first_series(t)).window);
            const index_t chunks = std::max<index_t>(1, (l_.core + length - 1) / length);
            first_item_[t + 1] = first_item_[t] + chunks - (kLanes - 1) * chunk_groups(t);
        }
    }

    void run() {
        const index_t items = first_item_[tiles_];
        if (aliased_) save_warmups();
        if (wide_ && tiles_ > 1) {
            populate_output(out_, sizeof(Out), l_);
        }
        for_each_item(items, l_.planes * l_.series * l_.core / std::max<index_t>(items, 1),
                      [&](index_t begin, index_t end) {
                          TaskAccumulators accs;
                          for (index_t item = begin; item < end; ++item) run_item(item, accs);
                      });
    }

  private:
    // One set of tile accumulators per task, not per item: items can be small (a plane of
    // a few series, with up to kMaxTileWidth accumulators) and an accumulator may own a
    // queue as long as its window. Rebuilt only when the parameters change (series with
    // their own windows) or a wider tile comes.
    class TaskAccumulators {
      public:
        Acc *get(const MovingParams &p, index_t width) {
            if (static_cast<index_t>(accs_.size()) < width || !(p == built_for_)) {
                accs_.assign(static_cast<std::size_t>(width), Acc(p));
                built_for_ = p;
            }
            for (index_t j = 0; j < width; ++j) accs_[j].reset();
            return accs_.data();
        }
        // The same for `groups` groups of kLanes series.
        Lanes *get_lanes(const MovingParams &p, index_t groups) {
            if constexpr (kHasLanes<Acc>) {
                if (static_cast<index_t>(lanes_.size()) < groups || !(p == lanes_built_for_)) {
                    lanes_.assign(static_cast<std::size_t>(groups), Lanes(p));
                    lanes_built_for_ = p;
                }
                for (index_t g = 0; g < groups; ++g) lanes_[g].reset();
            }
            return lanes_.data();
        }
        // Rows of `groups` groups of kLanes series (kHasRows); they reset as they run.
        Rows *get_rows(const MovingParams &p, index_t groups) {
            if constexpr (kHasRows<Acc>) {
                if (rows_groups_ != groups || !(p == rows_built_for_)) {
                    rows_.assign(1, Rows(p, groups));
                    rows_groups_ = groups;
                    rows_built_for_ = p;
                }
            }
            return rows_.data();
        }

      private:
        std::vector<Acc> accs_;
        MovingParams built_for_{};
        std::vector<Lanes> lanes_;
        MovingParams lanes_built_for_{};
        std::vector<Rows> rows_;  // one at most
        index_t rows_groups_ = 0;
        MovingParams rows_built_for_{};
    };

    // Series are numbered plane by plane: series g is number g % series of plane g / series.
    const MovingParams &params(index_t g) const {
        return params_.size() == 1 ? params_[0] : params_[g];
    }
    index_t first_series(index_t tile) const {
        return (tile / tiles_per_plane_) * l_.series + (tile % tiles_per_plane_) * width_;
    }
    index_t tile_width(index_t tile) const {
        return std::min(width_, l_.series - (tile % tiles_per_plane_) * width_);
    }
    char *input_base(int k, index_t g) const {
        const Input &x = inputs_[k];
        return x.data + (g / l_.series) * x.plane_stride + (g % l_.series) * x.series_stride;
    }
    char *output_base(index_t g) const {
        return out_ + (g / l_.series) * l_.out_plane_stride +
               (g % l_.series) * l_.out_series_stride;
    }
    // Element i of every input's series g.
    Values read(index_t g, index_t i) const {
        Values v;
        for (int k = 0; k < kInputs; ++k) {
            v[k] = StridedView<In>{input_base(k, g), l_.core, inputs_[k].core_stride}[i];
        }
        return v;
    }
    StridedView<Out> output(index_t g) const {
        return {output_base(g), l_.core, l_.out_core_stride};
    }

    // Copies, for every chunk but the first of each series, the window-1 inputs before it.
    // Only for aliased calls, which are walked one series per tile.
    void save_warmups() {
        warmup_offset_.assign(first_item_[tiles_] + 1, 0);
        for (index_t s = 0; s < tiles_; ++s) {
            const index_t length = chunk_length<Acc>(params(s).window);
            for (index_t item = first_item_[s]; item < first_item_[s + 1]; ++item) {
                const index_t start = (item - first_item_[s]) * length;
                warmup_offset_[item + 1] =
                    warmup_offset_[item] + std::min(start, params(s).window - 1);
            }
        }
        warmups_.resize(static_cast<std::size_t>(warmup_offset_.back()));
        for (index_t s = 0; s < tiles_; ++s) {
            const index_t length = chunk_length<Acc>(params(s).window);
            for (index_t item = first_item_[s]; item < first_item_[s + 1]; ++item) {
                const index_t start = (item - first_item_[s]) * length;
                const index_t warm = start - (warmup_offset_[item + 1] - warmup_offset_[item]);
                for (index_t i = warm; i < start; ++i)
                    warmups_[warmup_offset_[item] + i - warm] = read(s, i);
            }
        }
    }

    // A tile of one series (a 1-D input) has no neighbours to share lanes with: its own
    // chunks do, kLanes at a time, those after the first (which has no warm-up) and before
    // the last (which may be shorter): the number of such groups.
    index_t chunk_groups(index_t t) const {
        if (!lanes_ || tile_width(t) != 1) return 0;
        const index_t length = chunk_length<Acc>(params(first_series(t)).window);
        return std::max<index_t>(0, (l_.core / length - 1) / kLanes);
    }

    void run_item(index_t item, TaskAccumulators &accs) const {
        const index_t t =
            static_cast<index_t>(std::upper_bound(first_item_.begin(), first_item_.end(), item) -
                                 first_item_.begin() - 1);
        const MovingParams p = params(first_series(t));
        const index_t length = chunk_length<Acc>(p.window);
        // The tile's items: its first chunk, then its groups of kLanes chunks, then the rest.
        index_t chunk = item - first_item_[t];
        const index_t groups = chunk_groups(t);
        if (chunk > groups) {
            chunk += (kLanes - 1) * groups;
        } else if (chunk > 0) {
            if constexpr (kHasLanes<Acc>) {
                run_chunk_lanes(accs.get_lanes(p, 1), t, p, 1 + (chunk - 1) * kLanes, length);
            }
            return;
        }
        const index_t start = chunk * length;
        const index_t end = std::min(l_.core, start + length);
        const index_t warm = std::max<index_t>(0, start - (p.window - 1));
        if (aliased_) {
            run_aliased_chunk(*accs.get(p, 1), t, p, warm, start, end,
                              warmups_.data() + warmup_offset_[item]);
        } else {
            run_tile_chunk(accs, t, p, warm, start, end);
        }
    }

    // Inputs [warm, end) of one chunk, in two phases: while the window fills (i < warm +
    // window) elements only enter; after that each step replaces the element leaving.
    // Outputs are written from `start` on.
    // Series in lanes (lanes_) go by kLanes through run_lane_chunk, the rest one by one.
    void run_tile_chunk(TaskAccumulators &task, index_t t, const MovingParams &p, index_t warm,
                        index_t start, index_t end) const {
        const index_t filled = std::min(end, warm + p.window);
        const index_t first = first_series(t);
        const index_t grouped = lanes_ ? tile_width(t) / kLanes * kLanes : 0;
        if constexpr (kHasLanes<Acc>) {
            if (grouped > 0) {
                run_lane_chunk(task, first, grouped / kLanes, p, warm, start, filled, end);
            }
        }
        const index_t rest = tile_width(t) - grouped;
        if (rest > 0) run_series_chunk(task.get(p, rest), first + grouped, rest, p, warm, start,
                                       filled, end);
    }

    // Series [first, first + groups * kLanes), by kLanes. Neighbouring series (along
    // axis 0 of a C array) go a row at a time through the kernel's Rows where it has them:
    // each group's own steps would reload the group's state at every element.
    PARAFUNC_LANES_TARGET void run_lane_chunk(TaskAccumulators &task, index_t first,
                                              index_t groups, const MovingParams &p,
                                              index_t warm, index_t start, index_t filled,
                                              index_t end) const {
        const bool adjacent =
            l_.out_series_stride == sizeof(Out) &&
            std::all_of(inputs_.begin(), inputs_.end(),
                        [](const Input &x) { return x.series_stride == sizeof(In); });
        if (adjacent) {
            if constexpr (kHasRows<Acc>) {
                if (groups > 1) {
                    const Input &x = inputs_[0];
                    task.get_rows(p, groups)
                        ->run(LaneView<In, LaneLayout::kAdjacent>{input_base(0, first),
                                                                  x.series_stride, x.core_stride},
                              LaneView<Out, LaneLayout::kAdjacent>{output_base(first),
                                                                   l_.out_series_stride,
                                                                   l_.out_core_stride},
                              warm, start, filled, end);
                    return;
                }
            }
            run_lane_views<LaneLayout::kAdjacent>(task.get_lanes(p, groups), first, groups, p,
                                                  warm, start, filled, end);
        } else {
            run_lane_views<LaneLayout::kStrided>(task.get_lanes(p, groups), first, groups, p,
                                                 warm, start, filled, end);
        }
    }
    // Chunks [first, first + kLanes) of tile t's one series, each a lane: full chunks
    // with their warm-up, element i of lane k at chunk first + k's start + i.
    PARAFUNC_LANES_TARGET void run_chunk_lanes(Lanes *lanes, index_t t, const MovingParams &p,
                                               index_t first, index_t length) const {
        const index_t g = first_series(t);
        std::array<LaneView<In, LaneLayout::kStrided>, kInputs> in;
        for (int k = 0; k < kInputs; ++k) {
            const Input &x = inputs_[k];
            in[k] = {input_base(k, g) + first * length * x.core_stride, length * x.core_stride,
                     x.core_stride};
        }
        const LaneView<Out, LaneLayout::kStrided> out{
            output_base(g) + first * length * l_.out_core_stride, length * l_.out_core_stride,
            l_.out_core_stride};
        const index_t warm = -(p.window - 1);
        Lanes local = std::move(lanes[0]);
        step_lane_groups(&local, 1, in, out, p.window, warm, 0, warm + p.window, length);
        lanes[0] = std::move(local);
    }

    // One group is stepped in registers (a local copy), more in the task's memory.
    template <LaneLayout kLayout>
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE void run_lane_views(Lanes *lanes, index_t first,
                                                              index_t groups,
                                                              const MovingParams &p, index_t warm,
                                                              index_t start, index_t filled,
                                                              index_t end) const {
        std::array<LaneView<In, kLayout>, kInputs> in;
        for (int k = 0; k < kInputs; ++k) {
            in[k] = {input_base(k, first), inputs_[k].series_stride, inputs_[k].core_stride};
        }
        const LaneView<Out, kLayout> out{output_base(first), l_.out_series_stride,
                                         l_.out_core_stride};
        if (groups > 1) {
            step_lane_groups(lanes, groups, in, out, p.window, warm, start, filled, end);
            return;
        }
        Lanes local = std::move(lanes[0]);  // moved: lanes may own their window's memory
        step_lane_groups(&local, 1, in, out, p.window, warm, start, filled, end);
        lanes[0] = std::move(local);
    }

    // Series [first, first + width), one accumulator each.
    void run_series_chunk(Acc *accs, index_t first, index_t width, const MovingParams &p,
                          index_t warm, index_t start, index_t filled, index_t end) const {
        std::array<StridedTile<In>, kInputs> tiles;
        for (int k = 0; k < kInputs; ++k) {
            tiles[k] = {input_base(k, first), l_.core, width, inputs_[k].core_stride,
                        inputs_[k].series_stride};
        }
        auto x = [&](index_t i, index_t j) {
            Values v;
            for (int k = 0; k < kInputs; ++k) v[k] = tiles[k](i, j);
            return v;
        };
        char *out = output_base(first);
        auto store = [&](index_t i, index_t j, Out value) {
            *reinterpret_cast<Out *>(out + i * l_.out_core_stride + j * l_.out_series_stride) =
                value;
        };
        if (width == 1) {
            // A local accumulator, moved in and back out, which the compiler can keep in
            // registers: move_sum measured 47 against 88 ms through the task's array.
            Acc acc(std::move(accs[0]));
            for (index_t i = warm; i < filled; ++i) {
                add_values(acc, x(i, 0));
                if (i >= start) store(i, 0, acc.result());
            }
            for (index_t i = filled; i < end; ++i) {
                replace_values(acc, x(i, 0), x(i - p.window, 0));
                store(i, 0, acc.result());
            }
            accs[0] = std::move(acc);
            return;
        }
        for (index_t i = warm; i < filled; ++i) {
            for (index_t j = 0; j < width; ++j) add_values(accs[j], x(i, j));
            if (i < start) continue;
            for (index_t j = 0; j < width; ++j) store(i, j, accs[j].result());
        }
        for (index_t i = filled; i < end; ++i) {
            if (i + 1 < end) prefetch_row(tiles, i + 1);
            for (index_t j = 0; j < width; ++j) {
                replace_values(accs[j], x(i, j), x(i - p.window, j));
                store(i, j, accs[j].result());
            }
        }
    }

    PARAFUNC_INLINE static void prefetch_row(const std::array<StridedTile<In>, kInputs> &tiles,
                                             index_t i) {
        for (const StridedTile<In> &tile : tiles) tile.prefetch_row(i);
    }

    // The same steps as run_tile_chunk for one series, reading the warm-up from `warmup`
    // and the leaving elements from a ring buffer, never from memory already overwritten.
    void run_aliased_chunk(Acc &acc, index_t series, const MovingParams &p, index_t warm,
                           index_t start, index_t end, const Values *warmup) const {
        const StridedView<Out> y = output(series);
        const index_t filled = std::min(end, warm + p.window);
        // Input i, until input i + window arrives. The ring's capacity is a power of two
        // at least the window: input i - window is at position i - window, not in the
        // slot that input i takes (that holds input i - capacity).
        WindowRing<Values> ring(p.window);
        for (index_t i = warm; i < filled; ++i) {
            const Values value = i < start ? warmup[i - warm] : read(series, i);
            add_values(acc, ring[i] = value);
            if (i >= start) y.at(i) = acc.result();
        }
        for (index_t i = filled; i < end; ++i) {
            const Values value = read(series, i);  // read before y.at(i) overwrites it
            replace_values(acc, value, ring[i - p.window]);
            ring[i] = value;
            y.at(i) = acc.result();
        }
    }

    struct Input {
        char *data;
        index_t plane_stride, series_stride, core_stride;  // bytes
    };
    std::array<Input, kInputs> inputs_;
    char *out_;
    SeriesLayout l_;
    std::vector<MovingParams> params_;
    bool uniform_ = true;
    bool aliased_ = false;
    bool wide_ = false;  // tiles of many series, side by side along axis 0
    bool lanes_ = false;  // groups of kLanes series of a tile are stepped as one (Acc::Lanes)
    index_t width_ = 1, tiles_per_plane_ = 0, tiles_ = 0;
    std::vector<index_t> first_item_;     // items of tile t: [first_item_[t], first_item_[t+1])
    std::vector<index_t> warmup_offset_;  // aliased calls: item's saved warm-up in warmups_
    std::vector<Values> warmups_;
};

// The scalars come after the inputs: read_window_params, which reads them as operands 1, 2
// (and 3) of a one-input call, is given `data` and `strides` from input kInputs - 1 on.
template <class Acc>
int moving_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int inputs = kInputsOf<Acc>;
    constexpr int out = inputs + 2 + Acc::kParameters;  // operands and strides after the scalars
    try {
        std::array<char *, inputs> in;
        std::array<SeriesLayout, inputs> layouts;
        for (int k = 0; k < inputs; ++k) {
            in[k] = data[k];
            layouts[k] = {1,
                          0,
                          0,
                          dims[0],
                          strides[k],
                          strides[out],
                          dims[1],
                          strides[out + 1 + k],
                          strides[out + 1 + inputs]};
        }
        MovingWindow<Acc>(in, data[out], layouts,
                          read_window_params<Acc>(dims[0], data + inputs - 1, strides + inputs - 1))
            .run();
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

template <class Acc>
int moving_middle_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                       const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int inputs = kInputsOf<Acc>;
    constexpr int out = inputs + 2 + Acc::kParameters;
    // Each input's p, n, q strides, then the output's.
    const npy_intp *core = strides + out + 1;
    const npy_intp *out_core = core + 3 * inputs;
    try {
        std::array<SeriesLayout, inputs> layouts;
        for (int k = 0; k < inputs; ++k) {
            const npy_intp *in_core = core + 3 * k;
            layouts[k] = {dims[1],     in_core[0], out_core[0], dims[3],    in_core[2],
                          out_core[2], dims[2],    in_core[1],  out_core[1]};
        }
        series_on_the_closer_axis(layouts);
        for (index_t i = 0; i < dims[0]; ++i) {  // NumPy's own outer loop, 1 from the wrappers
            char *call[out + 1];
            for (int k = 0; k <= out; ++k) call[k] = data[k] + i * strides[k];
            std::array<char *, inputs> in;
            std::copy(call, call + inputs, in.begin());
            MovingWindow<Acc>(in, call[out], layouts,
                              read_window_params<Acc>(1, call + inputs - 1, strides + inputs - 1))
                .run();
        }
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

}  // namespace parafunc::engine
