// The loop adapters for selections (median, nanmedian, nanquantile): core signatures
// (n)->() and (n),(k)->(k), each with a middle-axis companion (see reduce_loop.hpp for
// why companions exist). NumPy calls them with
//   (n)->()                data = {in, out}            dims = {N, n}
//                          strides = {in_outer, out_outer, in_n}
//   (p,n,q)->(p,q)         data = {in, out}            dims = {N, p, n, q}
//                          strides = {in_outer, out_outer, in_p, in_n, in_q, out_p, out_q}
//   (n),(k)->(k)           data = {in, q, out}         dims = {N, n, k}
//                          strides = {in_outer, q_outer, out_outer, in_n, q_k, out_k}
//   (p,n,q),(k)->(p,k,q)   data = {in, q, out}         dims = {N, p, n, q, k}
//                          strides = {in_outer, q_outer, out_outer, in_p, in_n, in_q, q_k,
//                                     out_p, out_k, out_q}
// in bytes. All select in `planes` x `series` series of `core` elements (ReduceLayout).
//
// A series' non-NaN values are gathered into scratch of the input type, narrowed there to
// a window around the ranks the finish reads (narrow_to_ranks, into scratch of one more
// series), and the kernel (kernels/quantile.hpp) selects in it, with the other of the two
// buffers as its spare. Items, in parallel:
//   - when neighbouring series are closer in memory than elements of one series (axis 0
//     of a C array), a tile of up to kSelectionTileBytes per row gathered by blocks of
//     rows, reading memory nearly in order; its width keeps the tile's scratch near
//     kScratchBytes, down to one series for very long ones (walked with the core stride);
//   - otherwise one series, copied with its own stride (a contiguous fast path inside).
// Scratch is allocated once per task and reused by its items. A call of one long series
// gathers it in parallel blocks (count each block's non-NaN values, then copy each to its
// offset), then narrows it in parallel to a window around the ranks wanted (bracket) and
// selects there. Selection is exact, so results are bitwise the
// same for any thread count and layout.
#pragma once

#include "numpy_api.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

#include "../kernels/quantile.hpp"
#include "errors.hpp"
#include "layout.hpp"
#include "parallel.hpp"

namespace parafunc::engine {

// Work of one element, in for_each_item's units (elements of a sum): selection plus the
// gather measured 2.3-3 ns per double in cache against 0.4-0.6 ns for nansum.
inline constexpr index_t kSelectionWork = 4;
// Bytes of a tile's row at most: 64 doubles, 128 floats. Gathered in blocks of rows
// (gather_non_nan), narrower tiles measured faster (a (1000, 10000) float64 array: ~14 ms
// in tiles of 64 series, ~15.5 of 128, ~17 of 256), and rows of fewer bytes slower (its
// float32 quartiles: 7.3-7.7 ms in tiles of 64 series, 6.8 of 128).
inline constexpr index_t kSelectionTileBytes = 512;
// Rows of one series gathered between checks for a NaN that decides its result (median).
inline constexpr index_t kNaNCheckRows = 64;
// Elements per block when one long series is gathered in parallel.
inline constexpr index_t kGatherBlock = kTaskWork;
// Values sampled to bracket the wanted ranks of one long series: the bracket then holds
// about 3 / sqrt(kBracketSample) of the values (1.2%) beside the ranks' own span.
inline constexpr index_t kBracketSample = index_t{1} << 16;

// Finish: writes a series' outputs from its non-NaN values. Called as
//   finish(g, values, kept, total, out)
// for series g (numbered plane by plane), with `kept` of its `total` elements, `values` a
// RankWindow of them (scratch, reorderable), the series' outputs starting at `out`; and
//   finish.ranks(g, kept, total)
// gives the lowest and highest ranks it reads (none if lo > hi), for long series.
template <class Finish>
class Selection {
    using In = typename Finish::input_type;

  public:
    Selection(char *in, char *out, const ReduceLayout &layout, const Finish &finish)
        : in_(in),
          out_(out),
          l_(layout),
          finish_(finish),
          width_(prefer_tiles(l_.series, l_.in_series_stride, l_.in_core_stride)
                     ? std::min(kSelectionTileBytes / static_cast<index_t>(sizeof(In)),
                                tile_width(l_.core, sizeof(In)))
                     : 1),
          tiles_((l_.series + width_ - 1) / width_) {}

    void run() const {
        if (l_.planes * l_.series == 1 && l_.core >= kParallelWork) {
            run_long_series();
            return;
        }
        const index_t work_per_item = kSelectionWork * width_ * l_.core;
        for_each_item(l_.planes * tiles_, work_per_item, [&](index_t begin, index_t end) {
            // The tile's series, and a window of one of them (narrow_to_ranks).
            std::unique_ptr<In[]> scratch(new In[static_cast<std::size_t>((width_ + 1) * l_.core)]);
            index_t kept[kMaxTileWidth];
            for (index_t tile = begin; tile < end; ++tile) run_tile(tile, scratch.get(), kept);
        });
    }

  private:
    // Tile t of plane p is number p * tiles_ + t.
    void run_tile(index_t tile, In *scratch, index_t *kept) const {
        const index_t p = tile / tiles_, first = (tile % tiles_) * width_;
        const index_t width = std::min(width_, l_.series - first);
        char *base = in_ + p * l_.in_plane_stride + first * l_.in_series_stride;
        const StridedTile<In> x{base, l_.core, width, l_.in_core_stride, l_.in_series_stride};
        if (width_ == 1) {
            // In steps: where a NaN decides the result (median), the gathering stops there.
            // The count is a local: kept[0] cleared by std::fill (a call to memset) and read
            // back stalled, ~half of nanmedian along axis -1 of (10000, 1).
            const index_t step = Finish::kNaNDecides ? kNaNCheckRows : l_.core;
            index_t count = 0;
            for (index_t r0 = 0; r0 < l_.core && count == r0; r0 += step) {
                const index_t r1 = std::min(l_.core, r0 + step);
                count += gather_non_nan_with_room(
                    StridedView<In>{base + r0 * l_.in_core_stride, r1 - r0, l_.in_core_stride},
                    scratch + count);
            }
            kept[0] = count;
        } else {
            std::fill(kept, kept + width, index_t{0});
            // Where a NaN decides every series' result, each keeps 0 of its values: the
            // finish writes NaN.
            unsigned char met[kMaxTileWidth];
            if (!(Finish::kNaNDecides && every_series_has_nan(x, met))) {
                gather_non_nan(x, 0, l_.core, scratch, l_.core, kept);
            }
        }
        In *window = scratch + width_ * l_.core;
        for (index_t j = 0; j < width; ++j) {
            const index_t g = p * l_.series + first + j;
            const auto [lo, hi] = finish_.ranks(g, kept[j], l_.core);
            finish_(g, narrow_to_ranks(scratch + j * l_.core, kept[j], lo, hi, window), kept[j],
                    l_.core, out_ + p * l_.out_plane_stride + (first + j) * l_.out_series_stride);
        }
    }

    void run_long_series() const {
        GilRelease gil;  // NumPy keeps it for a 1-D input; the selection below is long
        const index_t n = l_.core, blocks = (n + kGatherBlock - 1) / kGatherBlock;
        auto block = [&](index_t b) {
            const index_t start = b * kGatherBlock;
            return StridedView<In>{in_ + start * l_.in_core_stride,
                                   std::min(kGatherBlock, n - start), l_.in_core_stride};
        };
        std::vector<index_t> offset(static_cast<std::size_t>(blocks + 1), 0);
        for_each_item(blocks, kGatherBlock, [&](index_t begin, index_t end) {
            for (index_t b = begin; b < end; ++b) offset[b + 1] = count_non_nan(block(b));
        });
        std::partial_sum(offset.begin(), offset.end(), offset.begin());
        std::unique_ptr<In[]> scratch(new In[static_cast<std::size_t>(offset[blocks])]);
        for_each_item(blocks, kGatherBlock, [&](index_t begin, index_t end) {
            for (index_t b = begin; b < end; ++b)
                gather_non_nan(block(b), scratch.get() + offset[b]);
        });
        const index_t kept = offset[blocks];
        const auto [lo, hi] = finish_.ranks(0, kept, n);
        std::vector<In> window;
        index_t first = 0;
        if (lo <= hi && kept >= kParallelWork &&
            bracket(scratch.get(), kept, lo, hi, window, first)) {
            // The gathered values are spent: they are the window's spare.
            finish_(0,
                    RankWindow<In>{window.data(), first, static_cast<index_t>(window.size()),
                                   scratch.get()},
                    kept, n, out_);
        } else {  // selected in place: a spare would double the scratch
            finish_(0, RankWindow<In>{scratch.get(), 0, kept}, kept, n, out_);
        }
    }

    // The values of ranks lo..hi of v[0, n) and a margin around them, found in parallel:
    // a sample brackets the ranks by two values, every block counts the values below and
    // between them, and those between are copied, block by block, to `window`, whose
    // first rank is then `first`. False (and nothing copied) if the bracket missed a rank
    // (rare: ~3 standard deviations of margin); the caller then selects in all of v.
    // Without it one long series selects on one thread.
    static bool bracket(const In *v, index_t n, index_t lo, index_t hi, std::vector<In> &window,
                        index_t &first) {
        const index_t s = std::min<index_t>(n, kBracketSample), stride = n / s;
        std::vector<In> sample(static_cast<std::size_t>(s));
        for (index_t i = 0; i < s; ++i) sample[i] = v[i * stride];
        const index_t margin = static_cast<index_t>(3 * std::sqrt(static_cast<double>(s)) / 2) + 1;
        const index_t a = std::clamp<index_t>(lo * s / n - margin, 0, s - 1);
        const index_t b = std::clamp<index_t>(hi * s / n + margin, a, s - 1);
        select_nth(sample.data(), 0, s, a);
        const In low = sample[a];
        select_nth(sample.data(), a, s, b);
        const In high = sample[b];
        const index_t blocks = (n + kGatherBlock - 1) / kGatherBlock;
        std::vector<index_t> below(static_cast<std::size_t>(blocks)),
            between(static_cast<std::size_t>(blocks + 1), 0);
        for_each_item(blocks, kGatherBlock, [&](index_t begin, index_t end) {
            for (index_t k = begin; k < end; ++k) {
                index_t under = 0, inside = 0;
                for (index_t i = k * kGatherBlock; i < std::min(n, (k + 1) * kGatherBlock); ++i) {
                    under += v[i] < low;
                    inside += !(v[i] < low) && !(high < v[i]);
                }
                below[k] = under;
                between[k + 1] = inside;
            }
        });
        first = std::accumulate(below.begin(), below.end(), index_t{0});
        std::partial_sum(between.begin(), between.end(), between.begin());
        if (first > lo || first + between[blocks] <= hi) return false;
        window.resize(static_cast<std::size_t>(between[blocks]));
        for_each_item(blocks, kGatherBlock, [&](index_t begin, index_t end) {
            for (index_t k = begin; k < end; ++k) {
                In *to = window.data() + between[k];
                for (index_t i = k * kGatherBlock; i < std::min(n, (k + 1) * kGatherBlock); ++i) {
                    if (!(v[i] < low) && !(high < v[i])) *to++ = v[i];
                }
            }
        });
        return true;
    }

    char *in_;
    char *out_;
    ReduceLayout l_;
    const Finish &finish_;
    index_t width_, tiles_;
};

// Finish for a function of signature (n)->() such as Median<T>: its one value.
template <class Fn>
struct OneValue {
    using input_type = typename Fn::input_type;
    static constexpr bool kNaNDecides = Fn::kNaNDecides;
    void operator()(index_t, const RankWindow<input_type> &values, index_t kept, index_t total,
                    char *out) const {
        *reinterpret_cast<typename Fn::output_type *>(out) = Fn{}(values, kept, total);
    }
    std::pair<index_t, index_t> ranks(index_t, index_t kept, index_t total) const {
        return Fn::ranks(kept, total);
    }
};

// Finish for nanquantile: the k quantiles of series g, read from q + g * q_series_stride
// (0 when every series has the same ones), written k apart by out_stride. The quantiles
// are checked, and their visiting orders computed, once, before any output is written.
template <class T>
class Quantiles {
  public:
    using input_type = T;
    static constexpr bool kNaNDecides = false;

    Quantiles(char *q, index_t q_series_stride, index_t series, index_t k, index_t q_stride,
              index_t out_stride)
        : q_(q),
          q_series_stride_(q_series_stride),
          k_(k),
          q_stride_(q_stride),
          out_stride_(out_stride) {
        const index_t rows = q_series_stride == 0 ? 1 : series;
        orders_.resize(static_cast<std::size_t>(rows * k));
        for (index_t g = 0; g < rows; ++g) {
            const StridedView<double> row = q_of(g);
            for (index_t i = 0; i < k; ++i) {
                if (!(row[i] >= 0 && row[i] <= 1)) {
                    throw std::invalid_argument("Quantiles must be in the range [0, 1]");
                }
            }
            quantile_order(row, &orders_[g * k]);
        }
    }

    void operator()(index_t g, const RankWindow<T> &values, index_t kept, index_t,
                    char *out) const {
        const index_t row = q_series_stride_ == 0 ? 0 : g;
        quantiles_of(values, kept, q_of(row), &orders_[row * k_],
                     StridedView<selection_output_t<T>>{out, k_, out_stride_});
    }
    std::pair<index_t, index_t> ranks(index_t g, index_t kept, index_t) const {
        return quantile_ranks(kept, q_of(q_series_stride_ == 0 ? 0 : g));
    }

  private:
    StridedView<double> q_of(index_t g) const { return {q_ + g * q_series_stride_, k_, q_stride_}; }

    char *q_;
    index_t q_series_stride_, k_, q_stride_, out_stride_;
    std::vector<index_t> orders_;  // row g's visiting order at g * k
};

template <class Fn>
int select_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                const npy_intp *strides, NpyAuxData *) noexcept {
    try {
        const ReduceLayout layout{1, 0, 0, dims[0], strides[0], strides[1], dims[1], strides[2]};
        Selection<OneValue<Fn>>(data[0], data[1], layout, OneValue<Fn>{}).run();
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

template <class Fn>
int select_middle_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                       const npy_intp *strides, NpyAuxData *) noexcept {
    try {
        ReduceLayout layout{dims[1],    strides[2], strides[5], dims[3],
                            strides[4], strides[6], dims[2],    strides[3]};
        series_on_the_closer_axis(layout);
        for (index_t i = 0; i < dims[0]; ++i) {  // NumPy's own outer loop, 1 from the wrappers
            Selection<OneValue<Fn>>(data[0] + i * strides[0], data[1] + i * strides[1], layout,
                                    OneValue<Fn>{})
                .run();
        }
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

template <class T>
int quantile_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                  const npy_intp *strides, NpyAuxData *) noexcept {
    try {
        const ReduceLayout layout{1, 0, 0, dims[0], strides[0], strides[2], dims[1], strides[3]};
        const Quantiles<T> finish(data[1], strides[1], dims[0], dims[2], strides[4], strides[5]);
        Selection<Quantiles<T>>(data[0], data[2], layout, finish).run();
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

template <class T>
int quantile_middle_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                         const npy_intp *strides, NpyAuxData *) noexcept {
    try {
        ReduceLayout layout{dims[1],    strides[3], strides[7], dims[3],
                            strides[5], strides[9], dims[2],    strides[4]};
        series_on_the_closer_axis(layout);
        std::vector<Quantiles<T>> finishes;  // all checked before any output is written
        for (index_t i = 0; i < dims[0]; ++i) {
            finishes.emplace_back(data[1] + i * strides[1], 0, 1, dims[4], strides[6], strides[8]);
        }
        for (index_t i = 0; i < dims[0]; ++i) {  // NumPy's own outer loop, 1 from the wrappers
            Selection<Quantiles<T>>(data[0] + i * strides[0], data[2] + i * strides[2], layout,
                                    finishes[i])
                .run();
        }
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

}  // namespace parafunc::engine
