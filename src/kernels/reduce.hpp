// Reduction kernels: accumulators over one series (signature (n)->()).
//
// Each accumulator has the same small interface, which the engine's reduction adapter
// drives without knowing which function it computes:
//   add_run(view)            fold a run of one series (a contiguous fast path inside)
//   add_tile(accs, tile)     fold a tile of side-by-side series, one accumulator each
//   merge(other)             fold the accumulator of the run that follows this one
//   result()                 the output value
// The engine splits a long series into blocks of a fixed number of elements, folds each
// block into its own accumulator and merges them in block order, so results never depend
// on the thread count. add_run and add_tile fold a series in the same order, so results
// do not depend on the memory layout either (C, Fortran, strided, reversed, any out=).
//
// nansum: the sum of the non-NaN elements; 0 for an empty or all-NaN series.
//   Floats are accumulated in double, in folds of kFoldEvery elements: element i of a fold
//   goes to lane i % kLanes (plain sums, which the compiler vectorises), the lanes are
//   added pairwise and the fold's sum goes into a compensated total; the last elements of
//   a run, short of a fold, go into the total one by one. Error at most ~18 eps sum|x|
//   (NumPy's pairwise bound without its log2(n) growth); float32 sums exact to float32.
//   Per-element TwoSum lanes were measured at 1.9 ns per element against 0.9 (GCC does not
//   vectorise them), which would lose the speed that is the point of this path.
//   Integers are summed in 64-bit two's complement and wrap to the output type, as
//   bottleneck does. Output dtype = input dtype.
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "compensated.hpp"
#include "view.hpp"

namespace parafunc {

namespace detail {
inline constexpr index_t kLanes = 8;        // lane_total() adds exactly eight lanes
inline constexpr index_t kFoldEvery = 128;  // elements per fold; a multiple of kLanes

template <class T>
inline double finite_or_zero_if_nan(T x) {
    return x == x ? static_cast<double>(x) : 0.0;
}

// The sum of a fold's lanes, in a fixed pairwise order.
inline double lane_total(const double *lane) {
    return ((lane[0] + lane[1]) + (lane[2] + lane[3])) +
           ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}
}  // namespace detail

template <class T>
class NanSum {
  public:
    using input_type = T;
    using output_type = T;

    void add_run(const StridedView<T> &run) {
        if constexpr (std::is_floating_point_v<T>) {
            if (run.contiguous()) {  // the same order, vectorised
                const T *x = run.pointer();
                add_folds(run.size, [x](index_t i) { return x[i]; });
            } else {
                add_folds(run.size, [&run](index_t i) { return run[i]; });
            }
        } else {
            for (index_t i = 0; i < run.size; ++i) add_integer(run[i]);
        }
    }

    static void add_tile(NanSum *accs, const StridedTile<T> &tile) {
        if constexpr (std::is_floating_point_v<T>) {
            // Row by row, kLanes lanes per series (lane-major, so that the inner loop over
            // the series reads memory in order and vectorises), folded as in add_run.
            using detail::kFoldEvery;
            using detail::kLanes;
            double lanes[kLanes][kMaxTileWidth];
            index_t r0 = 0;
            for (; r0 + kFoldEvery <= tile.rows; r0 += kFoldEvery) {
                for (index_t k = 0; k < kLanes; ++k) {
                    for (index_t j = 0; j < tile.width; ++j) lanes[k][j] = 0.0;
                }
                for (index_t r = r0; r < r0 + kFoldEvery; ++r) {
                    double *lane = lanes[(r - r0) % kLanes];
                    if (tile.rows_contiguous()) {
                        const T *row = tile.row(r);
                        for (index_t j = 0; j < tile.width; ++j) {
                            lane[j] += detail::finite_or_zero_if_nan(row[j]);
                        }
                    } else {
                        for (index_t j = 0; j < tile.width; ++j) {
                            lane[j] += detail::finite_or_zero_if_nan(tile(r, j));
                        }
                    }
                }
                for (index_t j = 0; j < tile.width; ++j) {
                    double fold[kLanes];
                    for (index_t k = 0; k < kLanes; ++k) fold[k] = lanes[k][j];
                    accs[j].float_sum_.add(detail::lane_total(fold));
                }
            }
            for (index_t r = r0; r < tile.rows; ++r) {
                for (index_t j = 0; j < tile.width; ++j) accs[j].add_float(tile(r, j));
            }
        } else {
            for (index_t r = 0; r < tile.rows; ++r) {
                for (index_t j = 0; j < tile.width; ++j) accs[j].add_integer(tile(r, j));
            }
        }
    }

    void merge(const NanSum &other) {
        if constexpr (std::is_floating_point_v<T>) {
            float_sum_.merge(other.float_sum_);
        } else {
            integer_sum_ += other.integer_sum_;
        }
    }

    output_type result() const {
        if constexpr (std::is_floating_point_v<T>) {
            return static_cast<T>(float_sum_.value());
        } else {
            return static_cast<T>(integer_sum_);  // modular, like the wrapping sum itself
        }
    }

  private:
    void add_float(T x) { float_sum_.add(detail::finite_or_zero_if_nan(x)); }
    // Unsigned arithmetic: wrapping is defined behaviour, and equals bottleneck's result.
    void add_integer(T x) {
        integer_sum_ += static_cast<std::uint64_t>(static_cast<std::int64_t>(x));
    }

    // Folds elements [0, n) of a run, element i read by load(i).
    template <class Load>
    void add_folds(index_t n, const Load &load) {
        using detail::kFoldEvery;
        using detail::kLanes;
        index_t i = 0;
        for (; i + kFoldEvery <= n; i += kFoldEvery) {
            double lane[kLanes] = {};
            for (index_t j = 0; j < kFoldEvery; j += kLanes) {
                for (index_t k = 0; k < kLanes; ++k) {
                    lane[k] += detail::finite_or_zero_if_nan(load(i + j + k));
                }
            }
            float_sum_.add(detail::lane_total(lane));
        }
        for (; i < n; ++i) add_float(load(i));
    }

    CompensatedSum float_sum_;
    std::uint64_t integer_sum_ = 0;
};

}  // namespace parafunc
