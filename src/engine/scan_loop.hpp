// The loop adapters for scans: core signature (n),(),...->(n), one scalar operand per
// argument of the kernel's constructor (Kernel::Scalars), and for middle axes its
// companion (p,n,q),(),...->(p,n,q).
//
// A scan kernel (kernels/fills.hpp) walks a series one element at a time, carrying a
// small state (Kernel::Carry) from one element to the next:
//   - Kernel(scalars...): from the call's scalar operands, of the types in Kernel::Scalars;
//     throws std::invalid_argument for bad ones;
//   - start(): the carry before a series' first element;
//   - step(carry, x) -> y: the output for input x;
//   - where Carry is not empty: update(carry, x&), step in place, writing only what
//     changes; summarize(chunk) -> Summary, what a chunk of the series
//     leaves in the carry whatever came before it; join(before, summary, length): the
//     carry after that chunk, given the carry before it;
//   - kBackward: the series is walked from its last element to its first.
//
// NumPy calls the first with (k scalars)
//   data    = {in, scalar_1..scalar_k, out}
//   dims    = {N, n}                 N series (outer), each n elements long (core)
//   strides = {in_outer, scalar_1..scalar_k outer, out_outer, in_core, out_core}
// and its middle-axis companion (the wrappers view the input as (p, n, q) and call it
// once, where NumPy would call the first once per p, each call too small to go parallel)
// with
//   dims    = {N, p, n, q}
//   strides = {the k + 2 outer strides, in_p, in_n, in_q, out_p, out_n, out_q}
// Both compute `planes` x `series` series of `core` elements.
//
// A scan walks each series in order (from its last element for Kernel::kBackward),
// carrying a state from one element to the next. Each series is cut into chunks of
// kScanChunk elements, fixed by its length alone: chunks (of tiles of series) are the
// parallel items, so a single long series uses every thread, and the results are the same
// for any thread count. A chunk needs the carry left by all that comes before it:
//   1. (parallel) every chunk but the last of its series is summarized on its own;
//   2. (serial, one step per chunk) the carries into the chunks are resolved in order;
//   3. (parallel) every chunk is scanned from its carry.
// Each pass is O(n) at worst, whatever the data. Where every series is one chunk, or the
// carry is empty (a map, as replace), passes 1 and 2 are skipped.
//
// Series are walked side by side (tiles, row by row) when that reads memory in order.
//
// out= the input itself (NumPy passes an exact overlap through uncopied; the wrappers of
// in-place functions do it on purpose): a kernel with a carry rewrites each element by
// update(), writing only those that change (a fill in place writes only the NaN it
// fills). Pass 1 reads everything it needs before pass 3 writes, and each element is read
// before it is written, so nothing is read overwritten.
#pragma once

#include <algorithm>
#include <array>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../kernels/view.hpp"
#include "errors.hpp"
#include "layout.hpp"
#include "numpy_api.hpp"
#include "parallel.hpp"
#include "populate.hpp"

namespace parafunc::engine {

// Elements per chunk: as the moving windows' chunks (kChunkElements), long enough that a
// task's overhead is negligible, short enough that a series of ~1e6 is split for 2 cores.
inline constexpr index_t kScanChunk = index_t{1} << 16;

template <class Kernel>
inline constexpr int kScalarsOf = static_cast<int>(std::tuple_size_v<typename Kernel::Scalars>);

// Element i of a series whose consecutive elements are kStep elements apart (1, or -1
// for a contiguous series walked backward), or `stride` bytes apart (kStep 0). The
// compile-time step lets the compiler vectorise the contiguous loops.
template <class T, int kStep>
struct Walk {
    char *base;
    index_t stride;

    T &operator[](index_t i) const {
        if constexpr (kStep == 0) {
            return *reinterpret_cast<T *>(base + i * stride);
        } else {
            return reinterpret_cast<T *>(base)[i * kStep];
        }
    }
};

template <class Kernel>
class Scan {
    using In = typename Kernel::input_type;
    using Out = typename Kernel::output_type;
    using Carry = typename Kernel::Carry;
    static constexpr bool kCarries = !std::is_empty_v<Carry>;

  public:
    // kernels: one per series (planes x series, plane-major), or one for all.
    Scan(char *in, char *out, const SeriesLayout &layout, std::vector<Kernel> kernels)
        : in_(in), out_(out), l_(layout), kernels_(std::move(kernels)) {
        // A map (no carry) is walked by step() in place too, writing every element: its
        // loop vectorises, where a test before each write does not (replace in place by
        // an update() writing only what changes measured 19 against 13 ms for 1e7
        // doubles on one thread, on a busy machine).
        if constexpr (std::is_same_v<In, Out> && kCarries) {
            in_place_ = in_ == out_ && l_.in_plane_stride == l_.out_plane_stride &&
                        l_.in_series_stride == l_.out_series_stride &&
                        l_.in_core_stride == l_.out_core_stride;
        }
        if (Kernel::kBackward && l_.core > 0) {  // walk each series from its last element
            in_ += (l_.core - 1) * l_.in_core_stride;
            out_ += (l_.core - 1) * l_.out_core_stride;
            l_.in_core_stride = -l_.in_core_stride;
            l_.out_core_stride = -l_.out_core_stride;
        }
        width_ =
            kernels_.size() == 1 && prefer_tiles(l_.series, l_.in_series_stride, l_.in_core_stride)
                ? kMaxTileWidth
                : 1;
        tiles_per_plane_ = (l_.series + width_ - 1) / width_;
        tiles_ = l_.core == 0 ? 0 : l_.planes * tiles_per_plane_;
        chunks_ = std::max<index_t>(1, (l_.core + kScanChunk - 1) / kScanChunk);
    }

    void run() {
        if (tiles_ == 0) return;
        if (width_ > 1 && tiles_ > 1) {
            populate_output(out_, sizeof(Out), l_);
        }
        if constexpr (kCarries) {
            if (chunks_ > 1) resolve_carries();
        }
        const index_t work = width_ * std::min(l_.core, kScanChunk);
        for_each_item(tiles_ * chunks_, work, [&](index_t begin, index_t end) {
            for (index_t item = begin; item < end; ++item) scan_item(item);
        });
    }

  private:
    // Series are numbered plane by plane: series g is number g % series of plane g / series.
    const Kernel &kernel(index_t g) const {
        return kernels_.size() == 1 ? kernels_[0] : kernels_[g];
    }
    index_t first_series(index_t tile) const {
        return (tile / tiles_per_plane_) * l_.series + (tile % tiles_per_plane_) * width_;
    }
    index_t tile_width(index_t tile) const {
        return std::min(width_, l_.series - (tile % tiles_per_plane_) * width_);
    }
    char *input_base(index_t g) const {
        return in_ + (g / l_.series) * l_.in_plane_stride + (g % l_.series) * l_.in_series_stride;
    }
    char *output_base(index_t g) const {
        return out_ + (g / l_.series) * l_.out_plane_stride +
               (g % l_.series) * l_.out_series_stride;
    }
    // Carries are kept per chunk boundary: boundary b of tile t (between its chunks b and
    // b + 1), series j of the tile.
    index_t boundary_slot(index_t t, index_t b, index_t j) const {
        return (t * (chunks_ - 1) + b) * width_ + j;
    }

    // Passes 1 and 2: carries_ at each chunk boundary.
    void resolve_carries() {
        const index_t boundaries = chunks_ - 1;
        std::vector<typename Kernel::Summary> summaries(
            static_cast<std::size_t>(tiles_ * boundaries * width_));
        for_each_item(tiles_ * boundaries, width_ * kScanChunk, [&](index_t begin, index_t end) {
            for (index_t item = begin; item < end; ++item) {
                const index_t t = item / boundaries, b = item % boundaries;
                const index_t g = first_series(t);
                for (index_t j = 0; j < tile_width(t); ++j) {
                    const StridedView<In> chunk{
                        input_base(g + j) + b * kScanChunk * l_.in_core_stride, kScanChunk,
                        l_.in_core_stride};
                    summaries[boundary_slot(t, b, j)] = kernel(g + j).summarize(chunk);
                }
            }
        });
        carries_.resize(summaries.size());
        for (index_t t = 0; t < tiles_; ++t) {
            const index_t g = first_series(t);
            for (index_t j = 0; j < tile_width(t); ++j) {
                Carry carry = kernel(g + j).start();
                for (index_t b = 0; b < boundaries; ++b) {
                    const index_t slot = boundary_slot(t, b, j);
                    carry = kernel(g + j).join(carry, summaries[slot], kScanChunk);
                    carries_[slot] = carry;
                }
            }
        }
    }

    // Pass 3 for one item: chunk c of tile t.
    void scan_item(index_t item) const {
        const index_t t = item / chunks_, c = item % chunks_;
        const index_t g = first_series(t), width = tile_width(t);
        const index_t begin = c * kScanChunk, end = std::min(l_.core, begin + kScanChunk);
        auto carry_into = [&](index_t j) {
            if constexpr (kCarries) {
                if (c > 0) return carries_[boundary_slot(t, c - 1, j)];
            }
            return kernel(g + j).start();
        };
        if (width == 1) {
            if constexpr (kCarries) {  // only they have update()
                if (in_place_) return scan_series<true>(g, carry_into(0), begin, end);
            }
            return scan_series<false>(g, carry_into(0), begin, end);
        }
        std::array<Carry, kMaxTileWidth> carries;
        for (index_t j = 0; j < width; ++j) carries[j] = carry_into(j);
        if constexpr (kCarries) {
            if (in_place_) return scan_tile<true>(carries.data(), g, width, begin, end);
        }
        scan_tile<false>(carries.data(), g, width, begin, end);
    }

    // Elements [begin, end) of series g, the kernel and the carry in local variables,
    // which the compiler can keep in registers; contiguous series (either way) by a
    // compile-time step.
    template <bool kInPlace>
    void scan_series(index_t g, Carry carry, index_t begin, index_t end) const {
        const index_t in_stride = l_.in_core_stride, out_stride = l_.out_core_stride;
        const auto in_size = static_cast<index_t>(sizeof(In));
        const auto out_size = static_cast<index_t>(sizeof(Out));
        if (in_stride == in_size && out_stride == out_size) {
            walk<kInPlace, 1>(g, carry, begin, end);
        } else if (in_stride == -in_size && out_stride == -out_size) {
            walk<kInPlace, -1>(g, carry, begin, end);
        } else {
            walk<kInPlace, 0>(g, carry, begin, end);
        }
    }

    template <bool kInPlace, int kStep>
    void walk(index_t g, Carry carry, index_t begin, index_t end) const {
        const Kernel k = kernel(g);
        const Walk<In, kStep> x{input_base(g), l_.in_core_stride};
        const Walk<Out, kStep> y{output_base(g), l_.out_core_stride};
        for (index_t i = begin; i < end; ++i) {
            if constexpr (kInPlace) {
                k.update(carry, y[i]);
            } else {
                y[i] = k.step(carry, x[i]);
            }
        }
    }

    // Elements [begin, end) of the `width` series of a tile from series g, row by row
    // (one kernel serves every series where tiles are wider than one).
    template <bool kInPlace>
    void scan_tile(Carry *carries, index_t g, index_t width, index_t begin, index_t end) const {
        const Kernel k = kernels_[0];
        const StridedTile<In> x{input_base(g), l_.core, width, l_.in_core_stride,
                                l_.in_series_stride};
        char *const out = output_base(g);
        // Rows far apart in memory (along axis 0 of a C array): the next row's cache lines,
        // input and output, fetched ahead as each is reached, as the moving windows' lanes
        // do (the hardware does not prefetch rows apart): ffill along axis 0 of a (1000,
        // 10000) float64 array with out= given, one thread, 24.7 -> 16.4 ms (axis -1:
        // 14 ms).
        const bool rows_apart =
            x.rows_contiguous() && l_.out_series_stride == index_t{sizeof(Out)};
        constexpr index_t kPerLine = kCacheLine / index_t{sizeof(In)};
        for (index_t i = begin; i < end; ++i) {
            char *const row = out + i * l_.out_core_stride;
            for (index_t j = 0; j < width; ++j) {
                if (rows_apart && j % kPerLine == 0 && i + 1 < end) {
                    __builtin_prefetch(x.row(i + 1) + j);
                    __builtin_prefetch(row + l_.out_core_stride + j * index_t{sizeof(Out)}, 1);
                }
                Out &y = *reinterpret_cast<Out *>(row + j * l_.out_series_stride);
                if constexpr (kInPlace) {
                    k.update(carries[j], y);
                } else {
                    y = k.step(carries[j], x(i, j));
                }
            }
        }
    }

    char *in_;
    char *out_;
    SeriesLayout l_;
    std::vector<Kernel> kernels_;
    bool in_place_ = false;
    index_t width_ = 1, tiles_per_plane_ = 0, tiles_ = 0, chunks_ = 1;
    std::vector<Carry> carries_;  // at each chunk boundary (boundary_slot)
};

// The kernel of series i, built from NumPy's strided scalar operands data[1..k].
template <class Kernel, std::size_t... K>
Kernel kernel_of(char *const *data, const npy_intp *strides, index_t i, std::index_sequence<K...>) {
    using Scalars = typename Kernel::Scalars;
    return Kernel(*reinterpret_cast<const std::tuple_element_t<K, Scalars> *>(
        data[1 + K] + i * strides[1 + K])...);
}

// The kernels of `count` series (each checks its scalars, before any output is written):
// one for all where every scalar is broadcast (stride 0), as a number argument is.
template <class Kernel>
std::vector<Kernel> read_kernels(index_t count, char *const *data, const npy_intp *strides) {
    bool broadcast = true;
    for (int s = 1; s <= kScalarsOf<Kernel>; ++s) broadcast = broadcast && strides[s] == 0;
    const index_t built = broadcast ? std::min<index_t>(count, 1) : count;
    std::vector<Kernel> kernels;
    kernels.reserve(static_cast<std::size_t>(built));
    for (index_t i = 0; i < built; ++i) {
        kernels.push_back(
            kernel_of<Kernel>(data, strides, i, std::make_index_sequence<kScalarsOf<Kernel>>{}));
    }
    return kernels;
}

template <class Kernel>
int scan_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
              const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int out = 1 + kScalarsOf<Kernel>;
    try {
        const SeriesLayout layout{1,
                                  0,
                                  0,
                                  dims[0],
                                  strides[0],
                                  strides[out],
                                  dims[1],
                                  strides[out + 1],
                                  strides[out + 2]};
        Scan<Kernel>(data[0], data[out], layout, read_kernels<Kernel>(dims[0], data, strides))
            .run();
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

template <class Kernel>
int scan_middle_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                     const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int out = 1 + kScalarsOf<Kernel>;
    const npy_intp *core = strides + out + 1;  // in_p, in_n, in_q, out_p, out_n, out_q
    try {
        SeriesLayout layout{dims[1], core[0], core[3], dims[3], core[2],
                            core[5], dims[2], core[1], core[4]};
        series_on_the_closer_axis(layout);
        const std::vector<Kernel> kernels = read_kernels<Kernel>(dims[0], data, strides);
        for (index_t i = 0; i < dims[0]; ++i) {  // NumPy's own outer loop, 1 from the wrappers
            Scan<Kernel>(data[0] + i * strides[0], data[out] + i * strides[out], layout,
                         {kernels[kernels.size() == 1 ? 0 : i]})
                .run();
        }
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

}  // namespace parafunc::engine
