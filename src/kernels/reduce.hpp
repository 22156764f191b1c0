// Reduction kernels: accumulators over one series (signature (n)->()).
//
// Each accumulator has the same small interface, which the engine's reduction adapter
// drives without knowing which function it computes:
//   add_run(view, first)         fold a run of one series (a contiguous fast path inside);
//                                `first` is the index in the series of the run's first element
//   add_tile(accs, tile, first)  fold a tile of side-by-side series, one accumulator each
//   merge(other)                 fold the accumulator of the run that follows this one
//   result()                     the output value; result(parameter) for the accumulators
//                                with kParameters == 1 (nanvar's ddof)
//   kGatherShorter               optional: series shorter than this, apart in memory, are
//                                folded faster copied side by side into a tile (add_tile)
//                                than one at a time (add_run), as the engine then does
// The engine splits a long series into blocks of a fixed number of elements, folds each
// block into its own accumulator and merges them in block order, so results never depend
// on the thread count. add_run and add_tile fold a series in the same order, so results
// do not depend on the memory layout either (C, Fortran, strided, reversed, any out=).
// A result that is an error (nanargmin of an all-NaN series) throws std::invalid_argument,
// which the engine reports as ValueError.
//
// This header: the sums. reduce_moments.hpp has nanvar/nanstd, reduce_extremes.hpp the
// order-based reductions (nanmin, nanargmin, anynan, ...).
//
// Float sums (nansum, nanmean, ss; integers for nanmean) are accumulated in double, in
// folds of kFoldEvery elements: lane k of a fold sums its elements [16k, 16k + 16) (plain
// sums, evens and odds apart, which the compiler vectorises, along a run or across a
// tile's series), the lanes are added pairwise and the fold's sum goes into a compensated
// total; the last elements of a run, short of a fold, go into the
// total one by one. Error at most ~18 eps sum|x| (NumPy's pairwise bound without its
// log2(n) growth); float32 sums exact to float32. Per-element TwoSum lanes were measured
// at 1.9 ns per element against 0.9 (GCC does not vectorise them), which would lose the
// speed that is the point of this path.
//
// nansum: the sum of the non-NaN elements; 0 for an empty or all-NaN series. Integers are
//   summed in 64-bit two's complement and wrap to the output type, as bottleneck does.
//   Output dtype = input dtype.
// nanmean: nansum / the number of non-NaN elements; NaN for an empty or all-NaN series.
//   Output float32 for float32, else float64.
// ss: the sum of squares, not NaN-aware (a NaN gives NaN); 0 for an empty series.
//   Integers wrap as in nansum. Output dtype = input dtype.
// nancount: the number of non-NaN elements. Output int64 (intp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "compensated.hpp"
#include "lanes.hpp"
#include "tile_scratch.hpp"
#include "view.hpp"

namespace parafunc {

template <class T>
using float_result_t = std::conditional_t<std::is_same_v<T, float>, float, double>;

namespace detail {
inline constexpr index_t kLanes = 8;        // lane_total() adds exactly eight lanes
inline constexpr index_t kFoldEvery = 128;  // elements per fold; a multiple of kLanes

// The sum of a fold's lanes, in a fixed pairwise order.
inline double lane_total(const double *lane) {
    return ((lane[0] + lane[1]) + (lane[2] + lane[3])) +
           ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

// The terms of the sums: of() for float sums (of_vector() for a vector of doubles),
// wrapping() for integer sums.
template <class T>
inline std::uint64_t as_unsigned(T x) {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(x));
}
struct NonNanValue {  // nansum, nanmean
    template <class T>
    static double of(T x) {
        return x == x ? static_cast<double>(x) : 0.0;
    }
    template <class Mask, class V>  // a vector of doubles: x where a number, else 0
    PARAFUNC_INLINE static V of_vector(V x) {
        const Mask numbers = x == x;
        return reinterpret_cast<V>(reinterpret_cast<Mask>(x) & numbers);
    }
    template <class T>
    static std::uint64_t wrapping(T x) {
        return as_unsigned(x);
    }
};
struct Zero {  // nancount, which only counts
    template <class T>
    static double of(T) {
        return 0.0;
    }
    template <class Mask, class V>
    PARAFUNC_INLINE static V of_vector(V) {
        return V{};
    }
};
struct Square {  // ss
    template <class T>
    static double of(T x) {
        return static_cast<double>(x) * static_cast<double>(x);
    }
    template <class Mask, class V>
    PARAFUNC_INLINE static V of_vector(V x) {
        return x * x;
    }
    template <class T>
    static std::uint64_t wrapping(T x) {
        return as_unsigned(x) * as_unsigned(x);
    }
};

// Vectors of kBytes of doubles for the float sums, read from floats or doubles. The sums
// are spelled in vectors because GCC compiles nansum's NaN test to a scalar select per
// element (ucomisd, cmovp) and vectorises none of it: nansum took 1.5x nanmin's time.
// Each element gets the scalar form's IEEE operations, in its order: the same bits.
template <class T, int kBytes>
struct SumVector {
    typedef double Vector __attribute__((vector_size(kBytes)));
    typedef std::int64_t Mask __attribute__((vector_size(kBytes)));  // all ones or 0
    typedef T Narrow __attribute__((vector_size(kBytes / sizeof(double) * sizeof(T))));
    static constexpr index_t kSize = kBytes / sizeof(double);

    // x[0, kSize) as doubles.
    PARAFUNC_INLINE static Vector load(const T *x) {
        Narrow narrow;
        std::memcpy(&narrow, x, sizeof narrow);
        return __builtin_convertvector(narrow, Vector);
    }
    // 1.0 where x is a number, else 0.0.
    PARAFUNC_INLINE static Vector ones(Vector x) { return keep(Vector{} + 1.0, x == x); }
    // x where `mask`, else 0.0.
    PARAFUNC_INLINE static Vector keep(Vector x, Mask mask) {
        return reinterpret_cast<Vector>(reinterpret_cast<Mask>(x) & mask);
    }
    // Neither NaN nor infinite, on the bits (no comparison that could raise "invalid").
    PARAFUNC_INLINE static Mask finite(Vector x) {
        constexpr std::int64_t kExponent = 0x7ff0000000000000;
        return (reinterpret_cast<Mask>(x) & kExponent) != kExponent;
    }
};

// One series as SumVector's steps see a vector: one double, whose masks are bool.
struct OneLane {
    using Vector = double;
    PARAFUNC_INLINE static double keep(double x, bool mask) { return mask ? x : 0.0; }
    PARAFUNC_INLINE static bool finite(double x) { return parafunc::finite(x); }
};
}  // namespace detail

// The compensated, lane-folded double sum of Term::of(x) over a series, and with kCount
// the number of non-NaN elements, shared by the sum accumulators (a CRTP base, so that
// fold_tile reaches the sums of an array of Derived).
template <class Derived, class T, class Term, bool kCount>
class FoldedSum {
  public:
    // Short runs are added one element at a time, a chain of dependent compensated
    // additions; side by side, four series at a time (add_rows_four). Along axis -1 of
    // (10000, k), k = 4, 16, 64: 4.3, 3.4, 2.4 times faster.
    static constexpr index_t kGatherShorter = 65;

  protected:
    void fold_run(const StridedView<T> &run) {
        if (!run.contiguous()) {
            fold(run.size, [&run](index_t i) { return run[i]; });
        } else if constexpr (std::is_floating_point_v<T>) {
            fold_contiguous(run.pointer(), run.size);
        } else {
            const T *x = run.pointer();
            fold(run.size, [x](index_t i) { return x[i]; });
        }
    }

    // Each fold is cut into its eight lane segments of 16 rows and each segment into
    // blocks of kBlock series whose even and odd accumulators stay in registers: every
    // element costs one load and one add, and the 16 rows are read as 16 streams the
    // prefetcher follows. Each series gets exactly the additions of fold_run, in the same
    // order, so the same bits. (Accumulators kept in memory, row by row, cost a load and a
    // store more per element: 1.3-1.9x slower than axis -1.)
    static void fold_tile(Derived *accs, const StridedTile<T> &tile) {
        using detail::kFoldEvery;
        using detail::kLanes;
        constexpr index_t kSegment = kFoldEvery / kLanes;
        if (tile.rows < kFoldEvery) {
            add_rows(accs, tile, 0);
            return;
        }
        // Parts 0 to kLanes - 1: each series' lanes; part kLanes: its count of numbers.
        TileScratch<double, kLanes + 1> scratch(tile.width);
        double *counts = scratch.part(kLanes);
        index_t r0 = 0;
        for (; r0 + kFoldEvery <= tile.rows; r0 += kFoldEvery) {
            std::fill(counts, counts + tile.width, 0.0);
            for (index_t k = 0; k < kLanes; ++k) {
                const index_t first = r0 + k * kSegment;
                double *lane = scratch.part(k);
                index_t j0 = tile.rows_contiguous() ? segment_blocks(tile, first, lane, counts) : 0;
                for (; j0 < tile.width; ++j0) {  // the rest, one series at a time
                    segment<1>(lane + j0, counts + j0,
                               [&](index_t r, index_t) { return tile(first + r, j0); });
                }
            }
            for (index_t j = 0; j < tile.width; ++j) {
                double fold[kLanes];
                for (index_t k = 0; k < kLanes; ++k) fold[k] = scratch.part(k)[j];
                accs[j].add_fold(detail::lane_total(fold), counts[j]);
            }
        }
        add_rows(accs, tile, r0);
    }

    // Rows [r0, tile.rows) of a tile, short of a fold, one by one: add_one on each element,
    // four series at a time where rows are contiguous floats or doubles (lanes of
    // compensated_add). One series at a time, the 104 rows a (1000, 10000) float64 array
    // leaves after 7 folds took as long as ~350 rows in folds: nansum along axis 0, two
    // threads, 2.4-2.6 ms against 2.0 now, where (1024, 10000) takes 1.9.
    static void add_rows(Derived *accs, const StridedTile<T> &tile, index_t r0) {
        index_t j0 = 0;
#if PARAFUNC_HAS_LANES
        if constexpr (std::is_floating_point_v<T>) {
            if (r0 < tile.rows && tile.rows_contiguous() && lanes_supported()) {
                j0 = add_rows_four(accs, tile, r0);
            }
        }
#endif
        for (index_t r = r0; r < tile.rows; ++r) {
            for (index_t j = j0; j < tile.width; ++j)
                static_cast<FoldedSum &>(accs[j]).add_one(tile(r, j));
        }
    }

#if PARAFUNC_HAS_LANES
    // add_rows of series [0, 4 * (width / 4)), four at a time; returns how many were done.
    // A lane segment's 16 rows at a time across the tile, so that each row is read in
    // order, as the folds read them (down all the rows for four series at a time, each
    // load missed the cache and nothing was gained). Sixteen series go side by side,
    // four chains of dependent additions (nansum along axis -1 of (10000, 4) and (10000,
    // 16), gathered into tiles: ~5% faster than four series at a time).
    PARAFUNC_LANES_TARGET static index_t add_rows_four(Derived *accs, const StridedTile<T> &tile,
                                                       index_t r0) {
        constexpr index_t kSegment = detail::kFoldEvery / detail::kLanes;
        const index_t done = tile.width / 4 * 4;
        for (index_t r1 = r0; r1 < tile.rows; r1 += kSegment) {
            const index_t r2 = std::min(tile.rows, r1 + kSegment);
            index_t j = 0;
            for (; j + 16 <= done; j += 16) add_rows_lanes<4>(accs + j, tile, j, r1, r2);
            for (; j < done; j += 4) add_rows_lanes<1>(accs + j, tile, j, r1, r2);
        }
        return done;
    }

    // Rows [r1, r2) of series [j, j + 4 * kGroups) into accs[0, 4 * kGroups).
    template <int kGroups>
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE static void add_rows_lanes(Derived *accs,
                                                                     const StridedTile<T> &tile,
                                                                     index_t j, index_t r1,
                                                                     index_t r2) {
        using V = detail::SumVector<T, 32>;
        Doubles total[kGroups], compensation[kGroups], numbers[kGroups] = {};
        for (int g = 0; g < kGroups; ++g) {
            for (int l = 0; l < 4; ++l) {
                const CompensatedSum &sum = static_cast<FoldedSum &>(accs[4 * g + l]).sum_;
                total[g][l] = sum.total();
                compensation[g][l] = sum.compensation();
            }
        }
        for (index_t r = r1; r < r2; ++r) {
            for (int g = 0; g < kGroups; ++g) {
                const Doubles x = V::load(tile.row(r) + j + 4 * g);
                compensated_add(total[g], compensation[g],
                                Term::template of_vector<typename V::Mask>(x));
                if constexpr (kCount) numbers[g] += V::ones(x);
            }
        }
        for (int g = 0; g < kGroups; ++g) {
            for (int l = 0; l < 4; ++l) {
                FoldedSum &acc = accs[4 * g + l];
                acc.sum_ = CompensatedSum(total[g][l], compensation[g][l]);
                if constexpr (kCount) acc.count_ += static_cast<std::int64_t>(numbers[g][l]);
            }
        }
    }
#endif

    // The lane segments from row `first` of a tile's whole blocks of kBlock series, its
    // rows contiguous, into lane[j] and counts[j]; returns the number of series done.
    static index_t segment_blocks(const StridedTile<T> &tile, index_t first, double *lane,
                                  double *counts) {
        const index_t done = tile.width / kBlock * kBlock;
        if constexpr (std::is_floating_point_v<T>) {
            with_widest_vectors([&](auto bytes) PARAFUNC_ALWAYS_INLINE {
                for (index_t j0 = 0; j0 < done; j0 += kBlock) {
                    vector_segment<decltype(bytes)::value>(tile, first, j0, lane, counts);
                }
            });
        } else {
            for (index_t j0 = 0; j0 < done; j0 += kBlock) {
                segment<kBlock>(lane + j0, counts + j0, [&](index_t r, index_t c) {
                    return tile.row(first + r)[j0 + c];
                });
            }
        }
        return done;
    }

    // segment<kBlock> for series [j0, j0 + kBlock) of a tile of floats or doubles whose
    // rows are contiguous, in vectors of kBytes across the series.
    template <int kBytes>
    PARAFUNC_INLINE static void vector_segment(const StridedTile<T> &tile, index_t first,
                                               index_t j0, double *lane, double *counts) {
        using V = detail::SumVector<T, kBytes>;
        using Vector = typename V::Vector;
        constexpr index_t kSegment = detail::kFoldEvery / detail::kLanes;
        constexpr index_t kVectors = kBlock / V::kSize;
        Vector even[kVectors] = {}, odd[kVectors] = {}, numbers[kVectors] = {};
        for (index_t m = 0; m < kSegment; m += 2) {
            const T *x = tile.row(first + m) + j0, *y = tile.row(first + m + 1) + j0;
            for (index_t v = 0; v < kVectors; ++v) {
                const Vector a = V::load(x + v * V::kSize), b = V::load(y + v * V::kSize);
                even[v] += Term::template of_vector<typename V::Mask>(a);
                odd[v] += Term::template of_vector<typename V::Mask>(b);
                if constexpr (kCount) numbers[v] += V::ones(a) + V::ones(b);
            }
        }
        for (index_t v = 0; v < kVectors; ++v) {
            const Vector sums = even[v] + odd[v];
            std::memcpy(lane + j0 + v * V::kSize, &sums, sizeof sums);
            if constexpr (kCount) {
                Vector total;
                std::memcpy(&total, counts + j0 + v * V::kSize, sizeof total);
                total += numbers[v];
                std::memcpy(counts + j0 + v * V::kSize, &total, sizeof total);
            }
        }
    }

    void merge_sum(const FoldedSum &other) {
        sum_.merge(other.sum_);
        count_ += other.count_;
    }

    double sum() const { return sum_.value(); }
    std::int64_t count() const { return count_; }

  private:
    void add_one(T x) {
        sum_.add(Term::of(x));
        if constexpr (kCount) count_ += x == x;
    }

    // Folds elements [0, n) of a run, element i read by load(i).
    template <class Load>
    void fold(index_t n, const Load &load) {
        using detail::kFoldEvery;
        using detail::kLanes;
        constexpr index_t kSegment = kFoldEvery / kLanes;
        index_t i = 0;
        for (; i + kFoldEvery <= n; i += kFoldEvery) {
            double lane[kLanes], count = 0.0;
            for (index_t k = 0; k < kLanes; ++k) {
                const index_t first = i + k * kSegment;
                segment<1>(lane + k, &count, [&](index_t r, index_t) { return load(first + r); });
            }
            add_fold(detail::lane_total(lane), count);
        }
        for (; i < n; ++i) add_one(load(i));
    }

    // fold() of a contiguous run of floats or doubles, each lane's even and odd elements
    // summed as one vector of two, the eight lanes side by side (eight independent chains
    // of additions, where one lane after another waited on each addition).
    void fold_contiguous(const T *x, index_t n) {
        using V = detail::SumVector<T, 16>;
        using Vector = typename V::Vector;
        using detail::kFoldEvery;
        using detail::kLanes;
        constexpr index_t kSegment = kFoldEvery / kLanes;
        static_assert(V::kSize == 2, "a lane's even and odd elements");
        index_t i = 0;
        for (; i + kFoldEvery <= n; i += kFoldEvery) {
            Vector sums[kLanes] = {}, numbers = {};
            for (index_t m = 0; m < kSegment; m += 2) {
                for (index_t k = 0; k < kLanes; ++k) {
                    const Vector a = V::load(x + i + k * kSegment + m);
                    sums[k] += Term::template of_vector<typename V::Mask>(a);
                    if constexpr (kCount) numbers += V::ones(a);
                }
            }
            double lane[kLanes];
            for (index_t k = 0; k < kLanes; ++k) lane[k] = sums[k][0] + sums[k][1];
            add_fold(detail::lane_total(lane), numbers[0] + numbers[1]);
        }
        for (; i < n; ++i) add_one(x[i]);
    }

    // One lane: the sums of 16 elements of kWidth series, element r of series c read by
    // load(r, c), into lane[c]; counts[c] grows by its non-NaN elements. Even and odd
    // elements are summed apart, in order, then added: a contiguous run vectorises two at
    // a time, and a tile's block of series keeps its 2 * kWidth sums in registers.
    template <index_t kWidth, class Load>
    static void segment(double *lane, double *counts, const Load &load) {
        constexpr index_t kSegment = detail::kFoldEvery / detail::kLanes;
        double even[kWidth] = {}, odd[kWidth] = {}, numbers[kWidth] = {};
        for (index_t m = 0; m < kSegment; m += 2) {
            for (index_t c = 0; c < kWidth; ++c) {
                const T x = load(m, c), y = load(m + 1, c);
                even[c] += Term::of(x);
                odd[c] += Term::of(y);
                if constexpr (kCount) numbers[c] += (x == x ? 1.0 : 0.0) + (y == y ? 1.0 : 0.0);
            }
        }
        for (index_t c = 0; c < kWidth; ++c) {
            lane[c] = even[c] + odd[c];
            if constexpr (kCount) counts[c] += numbers[c];
        }
    }

    void add_fold(double sum, double count) {
        sum_.add(sum);
        if constexpr (kCount) count_ += static_cast<std::int64_t>(count);
    }

    static constexpr index_t kBlock = 8;  // series per tile block: 16 sums in registers

    CompensatedSum sum_;
    std::int64_t count_ = 0;
};

// The 64-bit two's complement sum of integer terms (unsigned arithmetic: wrapping is
// defined behaviour, and equals bottleneck's result once cast to the output type).
class WrappingSum {
  public:
    void add(std::uint64_t term) { total_ += term; }
    void merge(const WrappingSum &other) { total_ += other.total_; }
    template <class T>
    T as() const {
        return static_cast<T>(total_);  // modular, like the wrapping sum itself
    }

  private:
    std::uint64_t total_ = 0;
};

// nansum and ss: a float sum of Term::of(x) for floats; for integers the wrapping sum of
// Term::wrapping(x), in the output dtype.
template <class T, class Term>
class SumOf : public FoldedSum<SumOf<T, Term>, T, Term, false> {
    using Base = FoldedSum<SumOf, T, Term, false>;
    friend Base;

  public:
    using input_type = T;
    using output_type = T;
    static constexpr int kParameters = 0;

    void add_run(const StridedView<T> &run, index_t) {
        if constexpr (std::is_floating_point_v<T>) {
            this->fold_run(run);
        } else {
            for (index_t i = 0; i < run.size; ++i) integer_sum_.add(Term::wrapping(run[i]));
        }
    }
    static void add_tile(SumOf *accs, const StridedTile<T> &tile, index_t) {
        if constexpr (std::is_floating_point_v<T>) {
            Base::fold_tile(accs, tile);
        } else {
            for (index_t r = 0; r < tile.rows; ++r) {
                for (index_t j = 0; j < tile.width; ++j) {
                    accs[j].integer_sum_.add(Term::wrapping(tile(r, j)));
                }
            }
        }
    }
    void merge(const SumOf &other) {
        this->merge_sum(other);
        integer_sum_.merge(other.integer_sum_);
    }
    output_type result() const {
        if constexpr (std::is_floating_point_v<T>) {
            return static_cast<T>(this->sum());
        } else {
            return integer_sum_.template as<T>();
        }
    }

  private:
    WrappingSum integer_sum_;
};

template <class T>
using NanSum = SumOf<T, detail::NonNanValue>;
template <class T>
using Ss = SumOf<T, detail::Square>;

template <class T>
class NanMean : public FoldedSum<NanMean<T>, T, detail::NonNanValue, true> {
    using Base = FoldedSum<NanMean<T>, T, detail::NonNanValue, true>;
    friend Base;

  public:
    using input_type = T;
    using output_type = float_result_t<T>;
    static constexpr int kParameters = 0;

    void add_run(const StridedView<T> &run, index_t) { this->fold_run(run); }
    static void add_tile(NanMean *accs, const StridedTile<T> &tile, index_t) {
        Base::fold_tile(accs, tile);
    }
    void merge(const NanMean &other) { this->merge_sum(other); }
    output_type result() const {
        if (this->count() == 0) return std::numeric_limits<output_type>::quiet_NaN();
        return static_cast<output_type>(this->sum() / static_cast<double>(this->count()));
    }
};

// nancount: for floats, the count of a FoldedSum whose terms are all 0, whose vector loops
// count along a run and across a tile (GCC vectorised none of a plain x == x count:
// (1000, 10000) float64 with 1% NaN, one thread, 9.4 against 4.8 ms along axis -1, 11.2
// against 4.4 along axis 0); for integers, which are never NaN, the elements.
template <class T>
class NanCount : public FoldedSum<NanCount<T>, T, detail::Zero, true> {
    using Base = FoldedSum<NanCount, T, detail::Zero, true>;
    friend Base;

  public:
    using input_type = T;
    using output_type = std::int64_t;
    static constexpr int kParameters = 0;

    void add_run(const StridedView<T> &run, index_t) {
        if constexpr (std::is_floating_point_v<T>) {
            this->fold_run(run);
        } else {
            integer_count_ += run.size;
        }
    }
    static void add_tile(NanCount *accs, const StridedTile<T> &tile, index_t) {
        if constexpr (std::is_floating_point_v<T>) {
            Base::fold_tile(accs, tile);
        } else {
            for (index_t j = 0; j < tile.width; ++j) accs[j].integer_count_ += tile.rows;
        }
    }
    void merge(const NanCount &other) {
        this->merge_sum(other);
        integer_count_ += other.integer_count_;
    }
    output_type result() const { return this->count() + integer_count_; }

  private:
    std::int64_t integer_count_ = 0;
};

}  // namespace parafunc
