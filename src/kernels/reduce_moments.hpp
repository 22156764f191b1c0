// Variance and standard deviation: accumulators with the interface of reduce.hpp.
//
// nanvar(ddof), nanstd(ddof): the variance (its square root) of the non-NaN elements,
//   sum of squared deviations / (count - ddof); NaN when count - ddof <= 0 or an element
//   is infinite. Output float32 for float32, else float64 (integers as double).
//
// Algorithm: a series is cut into chunks of kFoldEvery elements (counted from the start
// of each engine block, so the cut does not depend on the layout). In each chunk the
// deviations d = x - shift from the chunk's first number are summed in kLanes lanes of 16
// elements (added pairwise, as the sums of reduce.hpp), with their squares: mean = shift +
// sum d / n and sum of squared deviations = sum d^2 - (sum d)^2 / n. Where that subtraction
// would cancel more than one bit (the first number far from the mean) the chunk is summed
// again around its mean, while it is in cache. A shorter chunk (a short series, a block's
// last elements) is always summed twice, around its first number and then around its
// mean. Chunks and blocks are then merged with Chan's pairwise update, each mean kept
// relative to its shift so that no merge rounds away a large offset. Constant data
// therefore gives exactly 0, a sum of squares is never negative, and large offsets (1e9 +
// N(0,1)) cost no accuracy.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "reduce.hpp"

namespace parafunc {

template <class T, bool kStd>
class Moments {
  public:
    using input_type = T;
    using output_type = float_result_t<T>;
    static constexpr int kParameters = 1;  // ddof
    // Series shorter than a chunk are gathered side by side by the engine's reduction,
    // where add_short_chunk sums them in vectors across the series. nanvar along axis -1
    // of (10^6 / k, k), one thread, against bottleneck, k = 4, 16, 32, 64, 100: 0.27,
    // 0.55, 0.58, 0.88, 0.97 times its speed before (gathered below 33, chunks shorter
    // than 128 summed as full ones); 0.65, 1.05, 1.27, 1.6, 1.75 after.
    static constexpr index_t kGatherShorter = detail::kFoldEvery;

    void add_run(const StridedView<T> &run, index_t) {
        // A run is a tile one series wide.
        add_tile_of<true>(this, StridedTile<T>{run.data, run.size, 1, run.stride, 0});
    }
    // Wider tiles in parts of kMaxTileWidth series, the width of the stack arrays below:
    // the moments take enough arithmetic per element that the order the parts read memory
    // in does not matter (nanvar along axis 0 measured as fast as along axis -1).
    static void add_tile(Moments *accs, const StridedTile<T> &tile, index_t) {
        for (index_t j0 = 0; j0 < tile.width; j0 += kMaxTileWidth) {
            StridedTile<T> part = tile;
            part.data += j0 * tile.series_stride;
            part.width = std::min(kMaxTileWidth, tile.width - j0);
            add_tile_of<false>(accs + j0, part);
        }
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
        m2_ +=
            other.m2_ +
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
    static constexpr index_t kSegment = kChunk / kLanes;  // elements per lane: 16
    static constexpr index_t kBlock = 4;  // series per tile block: 20 sums in registers

    // kOne: the tile is one series (a run), so the loops over series vanish and the lane
    // loops vectorise along the series instead. A tile's chunk is read segment by segment
    // (16 rows, in L1) in blocks of kBlock series whose sums stay in registers.
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
        double deviations[kLanes][kWidth], squares[kLanes][kWidth], shift[kWidth], count[kWidth];
        for (index_t r0 = 0; r0 < tile.rows; r0 += kChunk) {
            const index_t rows = std::min(kChunk, tile.rows - r0);
            first_numbers(load, r0, rows, width, shift);
            std::fill(count, count + width, 0.0);
            if (rows < kChunk) {
                add_short_chunk<kOne>(accs, tile, load, r0, rows, shift, count);
                continue;
            }
            for (index_t k = 0; k < kLanes; ++k) {
                const index_t first = r0 + k * kSegment;
                index_t j0 = 0;
                if (rows_contiguous) {
                    for (; j0 + kBlock <= width; j0 += kBlock) {
                        segment<kBlock>(
                            shift + j0, deviations[k] + j0, squares[k] + j0, count + j0,
                            [&](index_t r, index_t c) { return load(first + r, j0 + c); });
                    }
                }
                for (; j0 < width; ++j0) {
                    segment<1>(shift + j0, deviations[k] + j0, squares[k] + j0, count + j0,
                               [&](index_t r, index_t) { return load(first + r, j0); });
                }
            }
            for (index_t j = 0; j < width; ++j) {
                if (count[j] == 0) continue;
                const auto n = static_cast<std::int64_t>(count[j]);
                Moments chunk =
                    chunk_moments(n, shift[j], lane_sum(deviations, j), lane_sum(squares, j));
                if (chunk.needs_second_pass()) {
                    // The chunk's first number was far from its mean: the squares cancel
                    // badly. Once more around the mean found (rare; the chunk is in cache).
                    const double mean = chunk.shift_ + chunk.mean_;
                    double d1[kLanes][1], d2[kLanes][1], numbers = 0.0;
                    for (index_t k = 0; k < kLanes; ++k) {
                        const index_t first = r0 + k * kSegment;
                        segment<1>(&mean, d1[k], d2[k], &numbers,
                                   [&](index_t r, index_t) { return load(first + r, j); });
                    }
                    chunk = chunk_moments(n, mean, lane_sum(d1, 0), lane_sum(d2, 0));
                }
                accs[j].merge(chunk);
            }
        }
    }

    // A chunk shorter than kChunk rows (short series, gathered or along axis 0, and a
    // block's last rows) of every series of a tile, summed twice (two_passes), several
    // series at a time in vectors where the rows are contiguous (integers too: int32
    // along axis -1 of (31250, 32), one thread, 2.2 ms one series at a time, 1.0 so).
    // Summed as full chunks are, such chunks paid per series more than their elements:
    // the correction of the sums of squares, the test for cancellation, a second pass for
    // about every other short series (nanvar of (250000, 4) along axis -1, one thread:
    // ~27 ns a series, bottleneck 7; now ~10).
    template <bool kOne, class Load>
    static void add_short_chunk(Moments *accs, const StridedTile<T> &tile, const Load &load,
                                index_t r0, index_t rows, const double *shift, double *count) {
        constexpr index_t kWidth = kOne ? 1 : kMaxTileWidth;
        const index_t width = kOne ? 1 : tile.width;
        double sum[kWidth], mean[kWidth], m2[kWidth];
        index_t j0 = 0;
        if constexpr (!kOne) {
            if (tile.rows_contiguous()) {
                with_widest_vectors([&](auto bytes) PARAFUNC_ALWAYS_INLINE {
                    using V = detail::SumVector<T, decltype(bytes)::value>;
                    for (; j0 + V::kSize <= width; j0 += V::kSize) {
                        two_passes<V>([&](index_t r) { return V::load(tile.row(r0 + r) + j0); },
                                      rows, j0, shift, count, sum, mean, m2);
                    }
                });
            }
        }
        for (; j0 < width; ++j0) {
            two_passes<detail::OneLane>([&](index_t r) { return load(r0 + r, j0); }, rows, j0,
                                        shift, count, sum, mean, m2);
        }
        for (index_t j = 0; j < width; ++j) {
            if (count[j] == 0) continue;
            Moments chunk;
            chunk.count_ = static_cast<std::int64_t>(count[j]);
            chunk.finite_ = finite(shift[j]) && finite(sum[j]) && finite(m2[j]);
            if (chunk.finite_) {
                chunk.shift_ = shift[j];
                chunk.mean_ = mean[j];
                chunk.m2_ = m2[j];
            }
            accs[j].merge(chunk);
        }
    }

    // A short chunk of the series [j0, j0 + size) that V's vectors hold (row(r) their
    // elements of row r, rows < kChunk), summed twice: the deviations from shift[j] (the first
    // numbers) for the means, mean[j] = sum[j] / count[j], then the squares of the deviations from
    // the means, (x - shift) - mean, into m2[j]; evens and odds apart, in order.
    // Every operation is done for every element and the NaN's terms dropped after (a
    // conditional subtraction, which may raise a flag, does not vectorise); a mean that is
    // not finite is taken as 0 (the chunk's result is NaN anyway), so that the second pass
    // subtracts no infinity from an infinity ("invalid").
    template <class V, class Row>
    PARAFUNC_INLINE static void two_passes(const Row &row, index_t rows, index_t j0,
                                           const double *shift, double *count, double *sum,
                                           double *mean, double *m2) {
        using Vector = typename V::Vector;
        Vector origin, even{}, odd{}, numbers{};
        std::memcpy(&origin, shift + j0, sizeof origin);
        for (index_t r = 0; r < rows; ++r) {
            const Vector x = row(r);
            (r % 2 == 0 ? even : odd) += V::keep(x - origin, x == x);
            numbers += V::keep(Vector{} + 1.0, x == x);
        }
        const Vector total = even + odd;
        const Vector divisor = numbers + V::keep(Vector{} + 1.0, numbers == Vector{});
        const Vector average = V::keep(total / divisor, V::finite(total));
        even = Vector{};
        odd = Vector{};
        for (index_t r = 0; r < rows; ++r) {
            const Vector x = row(r), deviation = (x - origin) - average;
            (r % 2 == 0 ? even : odd) += V::keep(deviation * deviation, x == x);
        }
        const Vector squares = even + odd;
        Vector counted;
        std::memcpy(&counted, count + j0, sizeof counted);
        counted += numbers;
        std::memcpy(count + j0, &counted, sizeof counted);
        std::memcpy(sum + j0, &total, sizeof total);
        std::memcpy(mean + j0, &average, sizeof average);
        std::memcpy(m2 + j0, &squares, sizeof squares);
    }

    // One lane of kWidth series: over its kSegment elements (element r of series c read
    // by load(r, c)), the deviations d = x - shift[c] of its numbers and their squares
    // into deviation[c] and square[c], evens and odds summed apart, in order, then added
    // (a run vectorises two at a time; a tile's block keeps its sums in registers);
    // count[c] grows by its numbers. x - shift with shift NaN raises no flag.
    template <index_t kWidth, class Load>
    static void segment(const double *shift, double *deviation, double *square, double *count,
                        const Load &load) {
        static_assert(kSegment % 2 == 0);
        double d_even[kWidth] = {}, d_odd[kWidth] = {}, s_even[kWidth] = {}, s_odd[kWidth] = {};
        double numbers[kWidth] = {};
        for (index_t m = 0; m < kSegment; m += 2) {
            for (index_t c = 0; c < kWidth; ++c) {
                const double x = load(m, c), y = load(m + 1, c);
                const double dx = x == x ? x - shift[c] : 0.0, dy = y == y ? y - shift[c] : 0.0;
                d_even[c] += dx;
                d_odd[c] += dy;
                s_even[c] += dx * dx;
                s_odd[c] += dy * dy;
                numbers[c] += (x == x ? 1.0 : 0.0) + (y == y ? 1.0 : 0.0);
            }
        }
        for (index_t c = 0; c < kWidth; ++c) {
            deviation[c] = d_even[c] + d_odd[c];
            square[c] = s_even[c] + s_odd[c];
            count[c] += numbers[c];
        }
    }

    // shift[j]: the first number of series j in rows [r0, r0 + rows); NaN if there is
    // none, or if it is infinite (x - inf could be inf - inf, which raises "invalid"; the
    // chunk's result is NaN anyway).
    template <class Load>
    static void first_numbers(const Load &load, index_t r0, index_t rows, index_t width,
                              double *shift) {
        std::fill(shift, shift + width, std::numeric_limits<double>::quiet_NaN());
        for (index_t r = r0; r < r0 + rows; ++r) {
            bool found = true;
            for (index_t j = 0; j < width; ++j) {
                shift[j] = shift[j] == shift[j] ? shift[j] : load(r, j);
                found &= shift[j] == shift[j];
            }
            if (found) break;
        }
        for (index_t j = 0; j < width; ++j) {
            if (!std::isfinite(shift[j])) shift[j] = std::numeric_limits<double>::quiet_NaN();
        }
    }

    // A chunk of n numbers whose deviations from `shift` sum to s1, their squares to s2.
    static Moments chunk_moments(std::int64_t n, double shift, double s1, double s2) {
        Moments chunk;
        chunk.count_ = n;
        chunk.finite_ = std::isfinite(shift) && std::isfinite(s1) && std::isfinite(s2);
        if (!chunk.finite_) return chunk;
        chunk.shift_ = shift;
        chunk.mean_ = s1 / static_cast<double>(n);
        chunk.m2_ = std::max(0.0, s2 - s1 * chunk.mean_);
        return chunk;
    }

    // More than half of the sum of squares is the shift's distance from the mean: the
    // subtraction s2 - s1^2/n would lose more than one bit.
    bool needs_second_pass() const {
        const double offset = mean_ * mean_ * static_cast<double>(count_);  // (sum d)^2 / n
        return finite_ && offset > 0.5 * (m2_ + offset);
    }

    // The sum of the lanes of series j, pairwise.
    template <index_t kWidth>
    static double lane_sum(const double (&lanes)[kLanes][kWidth], index_t j) {
        double fold[kLanes];
        for (index_t k = 0; k < kLanes; ++k) fold[k] = lanes[k][j];
        return detail::lane_total(fold);
    }

    std::int64_t count_ = 0;
    double shift_ = 0.0;  // the mean is shift_ + mean_
    double mean_ = 0.0;
    double m2_ = 0.0;     // sum of squared deviations from mean_
    bool finite_ = true;  // no infinite element (nor overflowing sum) seen
};

template <class T>
using NanVar = Moments<T, false>;
template <class T>
using NanStd = Moments<T, true>;

}  // namespace parafunc
