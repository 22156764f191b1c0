// The loop adapters for whole-series orderings (kernels/ranks.hpp): core signatures
// (n)->(n) (rankdata, nanrankdata) and (n),()->(n) (partition, argpartition, the scalar
// being kth, an intp), each with a middle-axis companion (see moving_loop.hpp for why
// companions exist). NumPy calls them with
//   (n)->(n)               data = {in, out}           dims = {N, n}
//                          strides = {in_outer, out_outer, in_n, out_n}
//   (n),()->(n)            data = {in, kth, out}      dims = {N, n}
//                          strides = {in_outer, kth_outer, out_outer, in_n, out_n}
//   (p,n,q)[,()]->(p,n,q)  data as above              dims = {N, p, n, q}
//                          strides = {in_outer, [kth_outer,] out_outer, in_p, in_n, in_q,
//                                     out_p, out_n, out_q}
// in bytes. All work on `planes` x `series` series of `core` elements (SeriesLayout).
//
// The kernel needs a series whole and contiguous, so each is gathered into scratch of the
// input type, transformed into scratch of the output type, and written back. Items, in
// parallel:
//   - when neighbouring series are closer in memory than elements of one series (axis 0
//     of a C array), a tile of up to kMaxTileWidth series gathered and written back row
//     by row, reading and writing memory in order; its width keeps the tile's two scratch
//     buffers near kScratchBytes;
//   - otherwise one series, copied with its own stride (a contiguous fast path inside).
// Scratch is allocated once per thread and call (PerThread) and reused by its items. A
// call of one long series runs on one thread (without the GIL): its kernel is a sort or
// a selection, not split here. Results never depend on the thread count. (Gathering a
// tile row by row measured as fast as in blocks of 8 rows: 2.4 ns per double along axis
// 0 of (1000, 10000), small beside the kernels.)
//
// out= aliasing the input: NumPy passes an exact overlap through uncopied, so series g's
// output is series g's input; every item has read all of its series before it writes any,
// and items never share a series, so the result is that of a separate output.
#pragma once

#include "numpy_api.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "../kernels/ranks.hpp"
#include "errors.hpp"
#include "layout.hpp"
#include "parallel.hpp"

namespace parafunc::engine {

// Work of one element, in for_each_item's units (elements of a sum): the ranks' radix
// sort and the selections measured ~10-50 ns per element, a nansum ~0.5.
inline constexpr index_t kOrderingWork = 16;

// kth of `count` series (strided intp scalars), checked against the series' length and
// made non-negative (NumPy's rule: -n <= kth < n), before any output is written.
inline std::vector<index_t> read_kth(index_t count, const char *kth, index_t stride, index_t n) {
    std::vector<index_t> checked(static_cast<std::size_t>(count));
    for (index_t i = 0; i < count; ++i) {
        index_t k = *reinterpret_cast<const npy_intp *>(kth + i * stride);
        if (n > 0 && !(-n <= k && k < n)) {
            throw std::invalid_argument("`kth` (=" + std::to_string(k) + ") must be between " +
                                        std::to_string(-n) + " and " + std::to_string(n - 1) +
                                        ", inclusive");
        }
        checked[i] = k < 0 ? k + n : k;
    }
    return checked;
}

template <class Fn>
class SeriesTransform {
    using In = typename Fn::input_type;
    using Out = typename Fn::output_type;

  public:
    // kth: one per series (planes x series, plane-major) or one for all; {0} for the ranks.
    SeriesTransform(char *in, char *out, const SeriesLayout &layout, std::vector<index_t> kth)
        : in_(in),
          out_(out),
          l_(layout),
          kth_(std::move(kth)),
          width_(prefer_tiles(l_.series, l_.in_series_stride, l_.in_core_stride)
                     ? tile_width(l_.core, sizeof(In) + sizeof(Out))
                     : 1),
          tiles_((l_.series + width_ - 1) / width_) {}

    void run() const {
        if (l_.core == 0) return;
        // (for_each_item releases the GIL for large calls, one long series included.)
        auto make = [this] { return std::make_unique<Buffers>(width_, l_.core); };
        PerThread<Buffers, decltype(make)> scratch(make);
        for_each_item(l_.planes * tiles_, kOrderingWork * width_ * l_.core,
                      [&](index_t begin, index_t end) {
                          scratch.with([&](Buffers &buffers) {
                              for (index_t t = begin; t < end; ++t) run_tile(t, buffers);
                          });
                      });
    }

  private:
    // A task's scratch: a tile's inputs and outputs, series after series, and the kernel
    // (which may keep scratch of its own).
    struct Buffers {
        Buffers(index_t width, index_t core)
            : x(new In[static_cast<std::size_t>(width * core)]),
              y(new Out[static_cast<std::size_t>(width * core)]) {}
        std::unique_ptr<In[]> x;
        std::unique_ptr<Out[]> y;
        Fn fn;
    };

    // Tile t of plane p is number p * tiles_ + t; its series are numbered plane by plane.
    void run_tile(index_t tile, Buffers &b) const {
        const index_t p = tile / tiles_, first = (tile % tiles_) * width_;
        const index_t width = std::min(width_, l_.series - first), n = l_.core;
        char *in = in_ + p * l_.in_plane_stride + first * l_.in_series_stride;
        char *out = out_ + p * l_.out_plane_stride + first * l_.out_series_stride;
        if (width_ == 1) {
            gather(StridedView<In>{in, n, l_.in_core_stride}, b.x.get());
        } else {
            for (index_t i = 0; i < n; ++i) {
                const char *row = in + i * l_.in_core_stride;
                for (index_t j = 0; j < width; ++j) {
                    b.x[j * n + i] = *reinterpret_cast<const In *>(row + j * l_.in_series_stride);
                }
            }
        }
        for (index_t j = 0; j < width; ++j) {
            const index_t g = p * l_.series + first + j;
            b.fn(b.x.get() + j * n, n, b.y.get() + j * n, kth_.size() == 1 ? kth_[0] : kth_[g]);
        }
        if (width_ == 1) {
            scatter(b.y.get(), StridedView<Out>{out, n, l_.out_core_stride});
        } else {
            for (index_t i = 0; i < n; ++i) {
                char *row = out + i * l_.out_core_stride;
                for (index_t j = 0; j < width; ++j) {
                    *reinterpret_cast<Out *>(row + j * l_.out_series_stride) = b.y[j * n + i];
                }
            }
        }
    }

    static void gather(const StridedView<In> &x, In *to) {
        if (x.contiguous()) {
            std::copy(x.pointer(), x.pointer() + x.size, to);
            return;
        }
        for (index_t i = 0; i < x.size; ++i) to[i] = x[i];
    }
    static void scatter(const Out *from, const StridedView<Out> &y) {
        if (y.contiguous()) {
            std::copy(from, from + y.size, reinterpret_cast<Out *>(y.data));
            return;
        }
        for (index_t i = 0; i < y.size; ++i) y.at(i) = from[i];
    }

    char *in_;
    char *out_;
    SeriesLayout l_;
    std::vector<index_t> kth_;
    index_t width_, tiles_;
};

// The operands after the input: the kth scalar, if the kernel takes one, then the output.
template <class Fn>
inline constexpr int kOutOperand = Fn::kTakesKth ? 2 : 1;

template <class Fn>
int series_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int out = kOutOperand<Fn>;
    try {
        const SeriesLayout layout{1,        0, 0, dims[0], strides[0], strides[out], dims[1],
                                  strides[out + 1], strides[out + 2]};
        std::vector<index_t> kth{0};
        if constexpr (Fn::kTakesKth) kth = read_kth(dims[0], data[1], strides[1], dims[1]);
        SeriesTransform<Fn>(data[0], data[out], layout, std::move(kth)).run();
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

template <class Fn>
int series_middle_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                       const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int out = kOutOperand<Fn>;
    const npy_intp *core = strides + out + 1;  // in_p, in_n, in_q, out_p, out_n, out_q
    try {
        SeriesLayout layout{dims[1], core[0], core[3], dims[3], core[2],
                            core[5], dims[2], core[1], core[4]};
        series_on_the_closer_axis(layout);
        std::vector<index_t> kth(static_cast<std::size_t>(dims[0]), 0);
        if constexpr (Fn::kTakesKth) kth = read_kth(dims[0], data[1], strides[1], dims[2]);
        for (index_t i = 0; i < dims[0]; ++i) {  // NumPy's own outer loop, 1 from the wrappers
            SeriesTransform<Fn>(data[0] + i * strides[0], data[out] + i * strides[out], layout,
                                {kth[i]})
                .run();
        }
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

}  // namespace parafunc::engine
