// The loop adapters for exponential moving windows: core signatures (n),(),()->(n) and,
// for two series (Acc::kInputs == 2), (n),(n),(),()->(n); the scalars are alpha and
// min_weight (float64). For middle axes, the companions (p,n,q),(),()->(p,n,q) and
// (p,n,q),(p,n,q),(),()->(p,n,q).
//
// NumPy calls the first with (k = Acc::kInputs inputs)
//   data    = {in_1..in_k, alpha, min_weight, out}
//   dims    = {N, n}                 N series (outer), each n elements long (core)
//   strides = {in_1..in_k outer, alpha_outer, min_weight_outer, out_outer,
//              in_1..in_k core, out_core}
// and the middle-axis companion (the wrappers view the input as (p, n, q) and call it once,
// where NumPy would call the first once per p, each call too small to go parallel) with
//   dims    = {N, p, n, q}
//   strides = {the k + 3 outer strides, then (p, n, q) strides of in_1..in_k and of out}
// Both compute `planes` x `series` series of `core` elements.
//
// A series is a recursion, computed in order from its first element: series are the
// parallel items (tiles of them), never pieces of one series. Each series is computed the
// same way whatever the thread count, so results are bitwise the same.
//
// Tiles: series side by side, walked row by row. Where neighbouring series are closer in
// memory than consecutive elements (axis 0 of a C array), wide tiles read memory in order.
// Elsewhere (axis -1) narrow tiles of a few series: the recursions of several series are
// independent chains that the CPU overlaps, where one series alone waits on the latency
// of each step (numbagg's loop).
//
// Where the processor has AVX2 and all series share alpha and min_weight, a tile's series
// go kLanes at a time through the kernel's Lanes (lanes.hpp), narrow tiles holding
// Acc::kLaneGroups groups; the rest of a tile (fewer than kLanes series) is stepped series
// by series, kInterleave at a time. A series' result is bitwise the same either way.
//
// out= aliasing an input (NumPy passes an exact overlap through uncopied) needs nothing:
// each step reads its elements before writing the output at the same place, and never
// reads that place again.
#pragma once

#include "numpy_api.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../kernels/exponential.hpp"
#include "../kernels/lanes.hpp"
#include "../kernels/view.hpp"
#include "errors.hpp"
#include "layout.hpp"
#include "moving_lanes.hpp"
#include "parallel.hpp"
#include "populate.hpp"

namespace parafunc::engine {

// Wide tiles fetch the rows this far ahead (see prefetch_row).
inline constexpr index_t kPrefetchRows = 8;

// One operand's strides in bytes: between planes, between neighbouring series, along one.
struct OperandStrides {
    index_t plane, series, core;
};

template <int kInputs>
struct ExpLayout {
    index_t planes, series, core;
    std::array<OperandStrides, kInputs> in;
    OperandStrides out;
};

// The shortest decimal that reads back as `value`, for messages (0.1, not 0.10000000000000001).
inline std::string exp_number(double value) {
    char text[32];
    for (int digits = 1; digits <= 17; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, value);
        if (std::strtod(text, nullptr) == value) break;
    }
    return text;
}

// alpha and min_weight of `count` series, read from NumPy's strided scalars (operands
// first and first + 1), checked before any output is written.
inline std::vector<ExpParams> read_exp_params(index_t count, char *const *data,
                                              const npy_intp *strides, int first) {
    std::vector<ExpParams> params(static_cast<std::size_t>(count));
    auto scalar = [&](int operand, index_t i) {
        return *reinterpret_cast<const double *>(data[operand] + i * strides[operand]);
    };
    for (index_t i = 0; i < count; ++i) {
        const double alpha = scalar(first, i), min_weight = scalar(first + 1, i);
        if (!(alpha > 0 && alpha <= 1)) {
            throw std::invalid_argument("alpha must be in (0, 1], got " + exp_number(alpha));
        }
        if (!(min_weight >= 0)) {
            throw std::invalid_argument("min_weight must be at least 0, got " +
                                        exp_number(min_weight));
        }
        params[i] = {alpha, min_weight};
    }
    return params;
}

template <class Acc>
class ExponentialWindows {
    using In = typename Acc::input_type;
    using Out = typename Acc::output_type;
    using Lanes = typename Acc::Lanes;
    static constexpr int kInputs = Acc::kInputs;
    static constexpr index_t kInterleave = Acc::kInterleave;
    static constexpr index_t kLaneGroups = Acc::kLaneGroups;

  public:
    // series_params: one per series (planes x series, plane-major), or one for all.
    ExponentialWindows(const std::array<char *, kInputs> &in, char *out,
                       const ExpLayout<kInputs> &layout, std::vector<ExpParams> series_params)
        : in_(in), out_(out), l_(layout), params_(std::move(series_params)) {
        // One alpha for all (NumPy broadcasts a number with stride 0): one set of
        // accumulators per task, reset per tile, not built per tile.
        const auto same = [&](const ExpParams &p) {
            return p.alpha == params_[0].alpha && p.min_weight == params_[0].min_weight;
        };
        if (std::all_of(params_.begin(), params_.end(), same) && params_.size() > 1) {
            params_.resize(1);
        }
        // Lanes step kLanes series that share their parameters.
        lanes_ = params_.size() == 1 && lanes_supported();
        bool in_order = true, adjacent = l_.out.series == static_cast<index_t>(sizeof(Out));
        for (const OperandStrides &s : l_.in) {
            in_order = in_order && prefer_tiles(l_.series, s.series, s.core);
            adjacent = adjacent && s.series == static_cast<index_t>(sizeof(In));
        }
        // Wide tiles where the inputs' and the output's rows are in memory order; elsewhere
        // narrow tiles, each of whose series is read and written in order.
        const index_t narrow = lanes_ ? kLanes * kLaneGroups : kInterleave;
        wide_ = in_order && l_.series > narrow &&
                std::llabs(l_.out.series) == static_cast<index_t>(sizeof(Out));
        adjacent_ = wide_ && adjacent;
        width_ = wide_ ? kMaxTileWidth : narrow;
        tiles_per_plane_ = (l_.series + width_ - 1) / width_;
        tiles_ = l_.core == 0 ? 0 : l_.planes * tiles_per_plane_;
    }

    void run() {
        if (wide_ && tiles_ > 1) {
            populate_for_writing(byte_range(out_, sizeof(Out), {{l_.planes, l_.out.plane},
                                                                {l_.series, l_.out.series},
                                                                {l_.core, l_.out.core}}),
                                 l_.planes * l_.series * l_.core * index_t{sizeof(Out)});
        }
        for_each_item(tiles_, width_ * l_.core, [&](index_t begin, index_t end) {
            std::vector<Acc> accs;
            std::vector<Lanes> lanes;
            for (index_t t = begin; t < end; ++t) run_tile(t, accs, lanes);
        });
    }

  private:
    // Series are numbered plane by plane: series g is number g % series of plane g / series.
    const ExpParams &params(index_t g) const {
        return params_.size() == 1 ? params_[0] : params_[g];
    }
    index_t first_series(index_t tile) const {
        return (tile / tiles_per_plane_) * l_.series + (tile % tiles_per_plane_) * width_;
    }
    index_t tile_width(index_t tile) const {
        return std::min(width_, l_.series - (tile % tiles_per_plane_) * width_);
    }
    static char *base(char *data, const OperandStrides &s, index_t series, index_t g) {
        return data + (g / series) * s.plane + (g % series) * s.series;
    }
    StridedTile<In> input(int k, index_t g, index_t width) const {
        return {base(in_[k], l_.in[k], l_.series, g), l_.core, width, l_.in[k].core,
                l_.in[k].series};
    }

    // A tile: its groups of kLanes series in lanes where they are used, the rest alone.
    void run_tile(index_t t, std::vector<Acc> &accs, std::vector<Lanes> &lanes) const {
        const index_t g = first_series(t), width = tile_width(t);
        const index_t grouped = lanes_ ? width / kLanes * kLanes : 0;
        if (grouped > 0) {
            if (lanes.empty()) {
                lanes.assign(static_cast<std::size_t>(width_ / kLanes), Lanes(params_[0]));
            }
            for (index_t k = 0; k < grouped / kLanes; ++k) lanes[k].reset();
            if (adjacent_) {
                run_lanes<LaneLayout::kAdjacent>(lanes.data(), g, grouped / kLanes);
            } else {
                run_lanes<LaneLayout::kStrided>(lanes.data(), g, grouped / kLanes);
            }
        }
        if (grouped == width) return;
        prepare(accs, g + grouped, width - grouped);
        if (wide_) {
            run_wide(accs.data(), g + grouped, width - grouped);
        } else {
            for (index_t j = grouped; j < width; j += kInterleave) {
                run_narrow(accs.data() + (j - grouped), g + j, std::min(kInterleave, width - j));
            }
        }
    }

    // The task's accumulators for `width` series from g: built once and reset where every
    // series has the same parameters, else built anew from their own.
    void prepare(std::vector<Acc> &accs, index_t g, index_t width) const {
        if (params_.size() == 1 && !accs.empty()) {
            for (index_t j = 0; j < width; ++j) accs[j].reset();
            return;
        }
        accs.clear();
        for (index_t j = 0; j < (params_.size() == 1 ? width_ : width); ++j) {
            accs.emplace_back(params(g + j));
            accs.back().reset();
        }
    }

    // `groups` groups of kLanes series from g, in lockstep row by row: in the task's
    // memory for a wide tile, else in registers.
    template <LaneLayout kLayout>
    PARAFUNC_LANES_TARGET void run_lanes(Lanes *lanes, index_t g, index_t groups) const {
        std::array<LaneView<In, kLayout>, kInputs> in;
        for (int k = 0; k < kInputs; ++k) {
            in[k] = {base(in_[k], l_.in[k], l_.series, g), l_.in[k].series, l_.in[k].core};
        }
        const LaneView<Out, kLayout> out{base(out_, l_.out, l_.series, g), l_.out.series,
                                         l_.out.core};
        if (wide_) {
            // The next row fetched a cache line at a time, as the moving windows' lanes do:
            // along axis 0 of a (1000, 10000) float64 array (move_exp_nanmean, out= given)
            // 14-17 ms on one thread against 20-21 for whole rows 12 ahead (prefetch_row),
            // whatever the tile width (128 to 4096 series).
            for (index_t i = 0; i < l_.core; ++i) {
                for (index_t k = 0; k < groups; ++k) {
                    if (i + 1 < l_.core) prefetch_next_row(in, out, i, k);
                    step_lanes(lanes[k], in, out, i, k);
                }
            }
            return;
        }
        if constexpr (kLaneGroups > 1) {
            if (groups == kLaneGroups) return run_local_lanes<kLaneGroups>(lanes, in, out);
        }
        run_local_lanes<1>(lanes, in, out);  // kLaneGroups is 1, or the last tile of a plane
    }

    // kGroups groups, their state in local variables, which the compiler can keep in
    // registers (see local_copies).
    template <index_t kGroups, class InViews, class OutView>
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE void run_local_lanes(Lanes *lanes, const InViews &in,
                                                               const OutView &out) const {
        std::array<Lanes, kGroups> local =
            local_copies(lanes, std::make_index_sequence<kGroups>{});
        for (index_t i = 0; i < l_.core; ++i) {
            step_lanes_each(local, in, out, i, std::make_index_sequence<kGroups>{});
        }
    }
    // Each group in turn, written out (see step_each).
    template <class InViews, class OutView, std::size_t... K>
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE static void step_lanes_each(
        std::array<Lanes, sizeof...(K)> &local, const InViews &in, const OutView &out, index_t i,
        std::index_sequence<K...>) {
        (step_lanes(local[K], in, out, i, K), ...);
    }

    // Element i of group k's series (of each input) into its lanes, and the outputs out.
    template <class InViews, class OutView>
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE static void step_lanes(Lanes &lanes, const InViews &in,
                                                                 const OutView &out, index_t i,
                                                                 index_t k) {
        if constexpr (kInputs == 1) {
            lanes.step(in[0].load(i, k));
        } else {
            lanes.step(in[0].load(i, k), in[1].load(i, k));
        }
        out.store(i, k, lanes.result());
    }

    // A wide tile row by row, its accumulators in the task's array, the rows kPrefetchRows
    // ahead fetched. (Walking it in blocks of 16 rows from L1, each group of 4 series with
    // its accumulators in registers, measured the same on 1 thread and 1.1-1.2x slower on
    // 2, along axis 0 of a (1000, 10000) float64 array.)
    void run_wide(Acc *acc, index_t g, index_t width) const {
        const StridedTile<In> x = input(0, g, width);
        const StridedTile<In> y = input(kInputs - 1, g, width);
        char *const out = base(out_, l_.out, l_.series, g);
        for (index_t i = 0; i < l_.core; ++i) {
            char *const row = out + i * l_.out.core;
            prefetch_row(i + kPrefetchRows, g, width);
            for (index_t j = 0; j < width; ++j) {
                step(acc[j], x, y, i, j, row);
            }
        }
    }

    // A narrow tile: its `width` (<= kWidth) series from their first element, row by row,
    // their accumulators in local variables.
    template <index_t kWidth = kInterleave>
    void run_narrow(Acc *accs, index_t g, index_t width) const {
        if constexpr (kWidth > 1) {
            if (width < kWidth) return run_narrow<kWidth - 1>(accs, g, width);
        }
        std::array<Acc, kWidth> acc = local_copies(accs, std::make_index_sequence<kWidth>{});
        const StridedTile<In> x = input(0, g, kWidth);
        const StridedTile<In> y = input(kInputs - 1, g, kWidth);
        char *const out = base(out_, l_.out, l_.series, g);
        for (index_t i = 0; i < l_.core; ++i) {
            step_each(acc, x, y, i, out + i * l_.out.core, std::make_index_sequence<kWidth>{});
        }
    }
    // Each series in turn, written out: as a loop, GCC left the accumulators in memory
    // once their step had two paths (the common and the general one), 1.9x slower.
    template <std::size_t... J>
    PARAFUNC_INLINE void step_each(std::array<Acc, sizeof...(J)> &acc, const StridedTile<In> &x,
                                   const StridedTile<In> &y, index_t i, char *row,
                                   std::index_sequence<J...>) const {
        (step(acc[J], x, y, i, J, row), ...);
    }

    // Element i of series j of the tile (x, and y for two series) into its accumulator,
    // and the output into `row`.
    void step(Acc &acc, const StridedTile<In> &x, const StridedTile<In> &y, index_t i, index_t j,
              char *row) const {
        if constexpr (kInputs == 1) {
            acc.step(x(i, j));
        } else {
            acc.step(x(i, j), y(i, j));
        }
        *reinterpret_cast<Out *>(row + j * l_.out.series) = acc.result();
    }

    // Copies in local variables, which the compiler can keep in registers: in the task's
    // array, every output stored might be an accumulator's double for all it knows, so it
    // reloads them after each store (measured 1.5x slower along axis -1).
    template <class State, std::size_t... J>
    static PARAFUNC_INLINE std::array<State, sizeof...(J)> local_copies(
        const State *states, std::index_sequence<J...>) {
        return {states[J]...};
    }

    // Wide tiles read each row in a few cache lines far from the last row's: the hardware
    // prefetchers, which follow streams within a page, miss each new row. Fetching rows
    // kPrefetchRows ahead (inputs, and output lines about to be written) measured ~1.3x
    // faster along axis 0 of a (1000, 10000) float64 array.
    PARAFUNC_INLINE void prefetch_row(index_t i, index_t g, index_t width) const {
        if (i >= l_.core) return;
        for (int k = 0; k < kInputs; ++k) {
            prefetch_span<In, 0>(base(in_[k], l_.in[k], l_.series, g) + i * l_.in[k].core, width,
                                 l_.in[k].series);
        }
        prefetch_span<Out, 1>(base(out_, l_.out, l_.series, g) + i * l_.out.core, width,
                              l_.out.series);
    }

    // The cache lines of `width` elements from `first`, where they are adjacent.
    template <class Item, int kForWriting>
    PARAFUNC_INLINE static void prefetch_span(const char *first, index_t width, index_t stride) {
#if defined(__GNUC__)
        if (std::llabs(stride) != static_cast<index_t>(sizeof(Item))) return;
        const char *lo = stride > 0 ? first : first + (width - 1) * stride;
        for (index_t b = 0; b < width * static_cast<index_t>(sizeof(Item)); b += kCacheLine)
            __builtin_prefetch(lo + b, kForWriting);
#else
        (void)first, (void)width, (void)stride;
#endif
    }

    std::array<char *, kInputs> in_;
    char *out_;
    ExpLayout<kInputs> l_;
    std::vector<ExpParams> params_;
    bool lanes_ = false;     // groups of kLanes series in lanes
    bool wide_ = false;      // tiles of many series, walked row by row
    bool adjacent_ = false;  // wide, and the series of each operand are neighbours
    index_t width_ = 1, tiles_per_plane_ = 0, tiles_ = 0;
};

template <class Acc>
int exponential_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                     const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int k = Acc::kInputs, out = k + 2;  // operands: inputs, alpha, min_weight, out
    const npy_intp *core = strides + out + 1;     // in_1..in_k, out
    try {
        ExpLayout<k> layout{1, dims[0], dims[1], {}, {0, strides[out], core[k]}};
        std::array<char *, k> in;
        for (int i = 0; i < k; ++i) {
            layout.in[i] = {0, strides[i], core[i]};
            in[i] = data[i];
        }
        ExponentialWindows<Acc>(in, data[out], layout, read_exp_params(dims[0], data, strides, k))
            .run();
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

template <class Acc>
int exponential_middle_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                            const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int k = Acc::kInputs, out = k + 2;
    const npy_intp *core = strides + out + 1;  // (p, n, q) of in_1..in_k, then of out
    try {
        ExpLayout<k> layout{
            dims[1], dims[3], dims[2], {}, {core[3 * k], core[3 * k + 2], core[3 * k + 1]}};
        for (int i = 0; i < k; ++i) layout.in[i] = {core[3 * i], core[3 * i + 2], core[3 * i + 1]};
        // The axis closer together in memory becomes the series, as NumPy's own iteration
        // would choose (p, for a Fortran-ordered input), so that tiles walk memory in order.
        if (std::llabs(layout.in[0].plane) < std::llabs(layout.in[0].series)) {
            std::swap(layout.planes, layout.series);
            for (OperandStrides &s : layout.in) std::swap(s.plane, s.series);
            std::swap(layout.out.plane, layout.out.series);
        }
        const std::vector<ExpParams> params = read_exp_params(dims[0], data, strides, k);
        for (index_t i = 0; i < dims[0]; ++i) {  // NumPy's own outer loop, 1 from the wrappers
            std::array<char *, k> in;
            for (int o = 0; o < k; ++o) in[o] = data[o] + i * strides[o];
            ExponentialWindows<Acc>(in, data[out] + i * strides[out], layout, {params[i]}).run();
        }
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

}  // namespace parafunc::engine
