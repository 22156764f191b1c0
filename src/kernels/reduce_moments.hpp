// Variance and standard deviation: accumulators with the interface of reduce.hpp.
//
// nanvar(ddof), nanstd(ddof): the variance (its square root) of the non-NaN elements,
//   sum of squared deviations / (count - ddof); NaN when count - ddof <= 0 or an element
//   is infinite. Output float32 for float32, else float64 (integers as double).
//
// Algorithm: a series is cut into chunks of kFoldEvery elements (counted from the start
// of each engine block, so the cut does not depend on the layout). Each chunk is read
// twice while it is in cache:
//   1. its sum (kLanes lanes added pairwise, as the sums of reduce.hpp), count, min and max;
//      the mean is sum / count clamped into [min, max], so a constant chunk has exactly
//      its value as mean;
//   2. the deviations d = x - mean in lanes: sum d and sum d^2. The corrected two-pass
//      formulas (mean + sum d / n, sum d^2 - (sum d)^2 / n) remove the first pass's
//      rounding error; the chunk keeps its mean as that first-pass mean (its "shift")
//      plus sum d / n, so that no merge rounds a large offset.
// Chunks and blocks are then merged with Chan's pairwise update. Constant data therefore
// gives exactly 0, a sum of squares is never negative, and large offsets (1e9 + N(0,1))
// cost no accuracy: no running sum of x^2 is ever formed.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "reduce.hpp"

namespace parafunc {

template <class T, bool kStd>
class Moments {
  public:
    using input_type = T;
    using output_type = float_result_t<T>;
    static constexpr int kParameters = 1;  // ddof

    void add_run(const StridedView<T> &run, index_t) {
        // A run is a tile one series wide.
        add_tile_of<true>(this, StridedTile<T>{run.data, run.size, 1, run.stride, 0});
    }
    static void add_tile(Moments *accs, const StridedTile<T> &tile, index_t) {
        add_tile_of<false>(accs, tile);
    }

    // Chan, Golub and LeVeque's pairwise update. Each side's mean is relative to its own
    // shift; shifts are chunk means, close to each other, so their difference is exact
    // (Sterbenz) and no bits of a large offset are lost.
    void merge(const Moments &other) {
        finite_ = finite_ && other.finite_;
        if (other.count_ == 0) return;
        if (count_ == 0) {
            *this = other;
            return;
        }
        const double n = static_cast<double>(count_ + other.count_);
        const double delta = (other.shift_ - shift_) + (other.mean_ - mean_);
        mean_ += delta * (static_cast<double>(other.count_) / n);
        m2_ += other.m2_ +
               delta * delta * (static_cast<double>(count_) * static_cast<double>(other.count_) / n);
        count_ += other.count_;
    }

    output_type result(index_t ddof) const {
        const double divisor = static_cast<double>(count_) - static_cast<double>(ddof);
        if (!(divisor > 0.0) || !finite_) return std::numeric_limits<output_type>::quiet_NaN();
        const double variance = m2_ / divisor;
        return static_cast<output_type>(kStd ? std::sqrt(variance) : variance);
    }

  private:
    static constexpr index_t kLanes = detail::kLanes;
    static constexpr index_t kChunk = detail::kFoldEvery;

    // kOne: the tile is one series (a run), so the loops over series vanish and the lane
    // loops vectorise along the series instead.
    template <bool kOne>
    static void add_tile_of(Moments *accs, const StridedTile<T> &tile) {
        constexpr index_t kWidth = kOne ? 1 : kMaxTileWidth;
        const index_t width = kOne ? 1 : tile.width;
        const bool rows_contiguous = !kOne && tile.rows_contiguous();
        const bool contiguous = kOne && tile.row_stride == static_cast<index_t>(sizeof(T));
        auto load = [&](index_t r, index_t j) -> double {
            if (contiguous) return static_cast<double>(reinterpret_cast<const T *>(tile.data)[r]);
            if (rows_contiguous) return static_cast<double>(tile.row(r)[j]);
            return static_cast<double>(tile(r, j));
        };
        double lanes[kLanes][kWidth], squares[kLanes][kWidth];
        double low[kWidth], high[kWidth], mean[kWidth];
        std::int64_t count[kWidth];
        for (index_t r0 = 0; r0 < tile.rows; r0 += kChunk) {
            const index_t rows = std::min(kChunk, tile.rows - r0);
            // Pass 1: sums, counts, bounds.
            clear(lanes, width);
            for (index_t j = 0; j < width; ++j) {
                count[j] = 0;
                low[j] = std::numeric_limits<double>::infinity();
                high[j] = -std::numeric_limits<double>::infinity();
            }
            for_each_element(r0, rows, width, [&](index_t r, index_t k, index_t j) {
                const double x = load(r, j);
                const bool number = x == x;
                lanes[k][j] += number ? x : 0.0;
                count[j] += number;
                // Never x < low with x NaN: an ordered comparison with NaN raises "invalid".
                const double y = number ? x : low[j];
                const double z = number ? x : high[j];
                low[j] = y < low[j] ? y : low[j];
                high[j] = z > high[j] ? z : high[j];
            });
            for (index_t j = 0; j < width; ++j) {
                const double sum = lane_sum(lanes, j);
                accs[j].finite_ = accs[j].finite_ && std::isfinite(sum);
                // NaN for an infinite chunk: x - NaN raises no flag, inf - inf would.
                mean[j] = !std::isfinite(sum) ? std::numeric_limits<double>::quiet_NaN()
                          : count[j] == 0     ? 0.0
                                              : std::clamp(sum / static_cast<double>(count[j]),
                                                           low[j], high[j]);
            }
            // Pass 2: deviations from the chunk mean (an infinite chunk is skipped below:
            // its series' result is NaN).
            clear(lanes, width);
            clear(squares, width);
            for_each_element(r0, rows, width, [&](index_t r, index_t k, index_t j) {
                const double x = load(r, j);
                const double d = x == x ? x - mean[j] : 0.0;
                lanes[k][j] += d;
                squares[k][j] += d * d;
            });
            for (index_t j = 0; j < width; ++j) {
                if (count[j] == 0 || !accs[j].finite_) continue;
                const double n = static_cast<double>(count[j]);
                const double deviation = lane_sum(lanes, j);
                Moments chunk;
                chunk.count_ = count[j];
                chunk.shift_ = mean[j];
                chunk.mean_ = deviation / n;
                chunk.m2_ = std::max(0.0, lane_sum(squares, j) - deviation * deviation / n);
                accs[j].merge(chunk);
            }
        }
    }

    // body(r, k, j) for rows [r0, r0 + rows) and series [0, width), lane k = (r - r0) %
    // kLanes; series innermost (tiles read rows in order), lanes innermost for a run.
    template <class Body>
    static void for_each_element(index_t r0, index_t rows, index_t width, const Body &body) {
        for (index_t g = 0; g < rows; g += kLanes) {
            const index_t lanes = std::min(kLanes, rows - g);
            for (index_t k = 0; k < lanes; ++k) {
                for (index_t j = 0; j < width; ++j) body(r0 + g + k, k, j);
            }
        }
    }

    template <index_t kWidth>
    static void clear(double (&lanes)[kLanes][kWidth], index_t width) {
        for (index_t k = 0; k < kLanes; ++k) std::fill(lanes[k], lanes[k] + width, 0.0);
    }

    template <index_t kWidth>
    static double lane_sum(const double (&lanes)[kLanes][kWidth], index_t j) {
        double fold[kLanes];
        for (index_t k = 0; k < kLanes; ++k) fold[k] = lanes[k][j];
        return detail::lane_total(fold);
    }

    std::int64_t count_ = 0;
    double shift_ = 0.0;  // the mean is shift_ + mean_
    double mean_ = 0.0;
    double m2_ = 0.0;   // sum of squared deviations from mean_
    bool finite_ = true;  // no infinite element (nor overflowing sum) seen
};

template <class T>
using NanVar = Moments<T, false>;
template <class T>
using NanStd = Moments<T, true>;

}  // namespace parafunc
