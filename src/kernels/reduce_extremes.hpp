// Order-based reductions: accumulators with the interface of reduce.hpp.
//
// nanmin, nanmax: the smallest (largest) non-NaN element; NaN for an all-NaN series.
//   Floats start from NaN and take any non-NaN element, then any better one, so NaN never
//   wins and no "seen" flag is needed. Integers start from the type's largest (smallest)
//   value. An empty series has no result: std::invalid_argument (the wrappers raise
//   bottleneck's ValueError before calling). Output dtype = input dtype.
// nanargmin, nanargmax: the index of the first smallest (largest) non-NaN element.
//   Contiguous runs find each chunk's extreme with vectorised lanes and look for its first
//   index only when it beats the best so far. All-NaN or empty: std::invalid_argument
//   ("All-NaN slice encountered", as bottleneck). Output int64 (intp).
// anynan, allnan: whether any (every) element is NaN; integers are never NaN. Empty:
//   anynan false, allnan true. Contiguous runs stop at the first deciding element.
//   Output bool.
// Exact: results depend on neither the folding order nor the thread count.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include "lanes.hpp"
#include "tile_scratch.hpp"
#include "view.hpp"

namespace parafunc {

namespace detail {

struct Smaller {
    template <class T>
    static auto better(T x, T than) {  // bool, or a mask for vectors
        return x < than;
    }
    template <class T>
    static T worst() {  // where a search starts: every number but NaN replaces it or ties
        if constexpr (std::is_floating_point_v<T>)
            return std::numeric_limits<T>::infinity();
        else
            return std::numeric_limits<T>::max();
    }
};
struct Larger {
    template <class T>
    static auto better(T x, T than) {
        return x > than;
    }
    template <class T>
    static T worst() {
        if constexpr (std::is_floating_point_v<T>)
            return -std::numeric_limits<T>::infinity();
        else
            return std::numeric_limits<T>::lowest();
    }
};

// better(x, best) ? x : best: one minpd/maxpd when vectorised; a NaN x never wins.
template <class Order, class T>
inline T pick(T x, T best) {
    return Order::better(x, best) ? x : best;
}

// The extreme of elements [0, n) read by load(i) and `best`, in kExtremeLanes independent
// lanes: lane k takes elements k, k + kExtremeLanes, ...
inline constexpr index_t kExtremeLanes = 8;
template <class Order, class T, class Load>
T extreme_of(index_t n, const Load &load, T best) {
    T lane[kExtremeLanes];
    std::fill(lane, lane + kExtremeLanes, best);
    index_t i = 0;
    for (; i + kExtremeLanes <= n; i += kExtremeLanes) {
        for (index_t k = 0; k < kExtremeLanes; ++k) lane[k] = pick<Order>(load(i + k), lane[k]);
    }
    for (; i < n; ++i) best = pick<Order>(load(i), best);
    for (index_t k = 0; k < kExtremeLanes; ++k) best = pick<Order>(lane[k], best);
    return best;
}

// kExtremeLanes extremes side by side in vectors of kBytes, each lane taking one of
// kExtremeLanes consecutive elements: the lanes of a run (extreme_of) or the series of a
// tile's block. Spelled as vectors because GCC vectorises neither form (an ordered
// comparison may trap): a scalar maxsd per element measured 1.8x np.max's time.
template <class Order, class T, int kBytes>
struct ExtremeLanes {
    typedef T Vector __attribute__((vector_size(kBytes)));
    static constexpr index_t kPerVector = kBytes / sizeof(T);
    static constexpr index_t kVectors = kExtremeLanes / kPerVector;
    static_assert(kVectors * kPerVector == kExtremeLanes, "whole vectors");

    Vector lanes[kVectors];

    PARAFUNC_INLINE explicit ExtremeLanes(const T *start) { std::memcpy(lanes, start, sizeof lanes); }
    PARAFUNC_INLINE void take(const T *x) {
        for (index_t v = 0; v < kVectors; ++v) {
            Vector y;
            std::memcpy(&y, x + v * kPerVector, sizeof y);
            lanes[v] = Order::better(y, lanes[v]) ? y : lanes[v];
        }
    }
    // take(x) for a block of a tile's row, asking for the row's next blocks ahead: a tile
    // is walked a block of series at a time down a segment of rows, each row a row of the
    // array away, where the hardware does not prefetch (nanargmax along axis 0 stalled
    // on these loads).
    PARAFUNC_INLINE void take_ahead(const T *x) {
        __builtin_prefetch(x + 2 * kExtremeLanes);
        take(x);
    }
    PARAFUNC_INLINE void get(T *out) const { std::memcpy(out, lanes, sizeof lanes); }
};

// extreme_of for a contiguous run, by ExtremeLanes of kBytes: the same lanes, so the same
// result (which of -0.0 and 0.0 a tie keeps included).
template <class Order, int kBytes, class T>
PARAFUNC_INLINE T extreme_of_contiguous(index_t n, const T *x, T best) {
    T lane[kExtremeLanes];
    std::fill(lane, lane + kExtremeLanes, best);
    ExtremeLanes<Order, T, kBytes> lanes(lane);
    index_t i = 0;
    for (; i + kExtremeLanes <= n; i += kExtremeLanes) lanes.take(x + i);
    for (; i < n; ++i) best = pick<Order>(x[i], best);
    lanes.get(lane);
    for (index_t k = 0; k < kExtremeLanes; ++k) best = pick<Order>(lane[k], best);
    return best;
}

// Whether any of elements [0, n) read by load(i) is a number (not NaN).
template <class Load>
bool any_number(index_t n, const Load &load) {
    for (index_t i = 0; i < n; ++i) {
        if (load(i) == load(i)) return true;
    }
    return false;
}

// Calls body(load) with load(i) reading element i of the run: a plain pointer when the
// run is contiguous (so that the loop vectorises), a strided read otherwise.
template <class T, class Body>
PARAFUNC_INLINE void with_loader(const StridedView<T> &run, const Body &body) {
    if (run.contiguous()) {
        const T *x = run.pointer();
        body([x](index_t i) { return x[i]; });
    } else {
        body([&run](index_t i) { return run[i]; });
    }
}

}  // namespace detail

// nanmin and nanmax. The search starts from the worst value (+inf for nanmin), which NaN
// never replaces; only a series that ends there is checked again for a number, to tell
// an all-NaN series (NaN) from one of infinities.
template <class T, class Order>
class Extreme {
  public:
    using input_type = T;
    using output_type = T;
    static constexpr int kParameters = 0;
    // Series shorter than this are folded faster side by side (the engine's reduction):
    // along axis -1 of (10000, k), k = 1, 4: 2.6, 2.0 times; k = 16: 0.9.
    static constexpr index_t kGatherShorter = 9;
    static constexpr bool kComparesNaN = true;  // x < NaN raises "invalid": meaningless here

    void add_run(const StridedView<T> &run, index_t) {
        any_ |= run.size > 0;
        if (run.contiguous()) {
            with_widest_vectors([&](auto bytes) PARAFUNC_ALWAYS_INLINE {
                best_ = detail::extreme_of_contiguous<Order, bytes>(run.size, run.pointer(), best_);
            });
        }
        detail::with_loader(run, [&](const auto &load) {
            if (!run.contiguous()) best_ = detail::extreme_of<Order>(run.size, load, best_);
            if (best_ == Order::template worst<T>()) number_ |= detail::any_number(run.size, load);
        });
    }
    // Blocks of kBlock series whose extremes stay in registers, over segments of
    // kSegment rows: each row of a segment is read across the tile, one long run of
    // memory where tiles are wide (segments of 4 rows measured slower, of 32 no faster).
    static void add_tile(Extreme *accs, const StridedTile<T> &tile, index_t) {
        constexpr index_t kBlock = detail::kExtremeLanes, kSegment = 16;
        for (index_t r0 = 0; r0 < tile.rows; r0 += kSegment) {
            const index_t r1 = std::min(tile.rows, r0 + kSegment);
            index_t j0 = 0;
            if (tile.rows_contiguous()) {
                with_widest_vectors([&](auto bytes) PARAFUNC_ALWAYS_INLINE {
                    for (; j0 + kBlock <= tile.width; j0 += kBlock) {
                        T best[kBlock];
                        for (index_t c = 0; c < kBlock; ++c) best[c] = accs[j0 + c].best_;
                        detail::ExtremeLanes<Order, T, bytes> lanes(best);
                        for (index_t r = r0; r < r1; ++r) lanes.take_ahead(tile.row(r) + j0);
                        lanes.get(best);
                        for (index_t c = 0; c < kBlock; ++c) accs[j0 + c].best_ = best[c];
                    }
                });
            }
            for (; j0 < tile.width; ++j0) {
                for (index_t r = r0; r < r1; ++r) {
                    accs[j0].best_ = detail::pick<Order>(tile(r, j0), accs[j0].best_);
                }
            }
        }
        for (index_t j = 0; j < tile.width; ++j) {
            Extreme &acc = accs[j];
            acc.any_ |= tile.rows > 0;
            if (acc.best_ != Order::template worst<T>()) continue;
            for (index_t r = 0; r < tile.rows && !acc.number_; ++r)
                acc.number_ |= tile(r, j) == tile(r, j);
        }
    }
    void merge(const Extreme &other) {
        any_ |= other.any_;
        number_ |= other.number_;
        best_ = detail::pick<Order>(other.best_, best_);
    }
    output_type result() const {
        if (!any_) throw std::invalid_argument("zero-size array to reduction operation");
        if (best_ == Order::template worst<T>() && !number_) {  // all NaN
            return std::numeric_limits<T>::quiet_NaN();
        }
        return best_;
    }

  private:
    T best_ = Order::template worst<T>();
    bool any_ = false;     // an element was seen
    bool number_ = false;  // a number was seen (set only where best_ stayed the worst)
};

template <class T>
using NanMin = Extreme<T, detail::Smaller>;
template <class T>
using NanMax = Extreme<T, detail::Larger>;

template <class T, class Order>
class ArgExtreme {
  public:
    using input_type = T;
    using output_type = std::int64_t;
    static constexpr int kParameters = 0;
    // Series shorter than this are folded faster side by side (the engine's reduction):
    // along axis -1 of (10000, k), k = 4, 16: 2.1, 1.3 times; k = 32: 0.8.
    static constexpr index_t kGatherShorter = 17;
    static constexpr bool kComparesNaN = true;

    void add_run(const StridedView<T> &run, index_t first) {
        detail::with_loader(run, [&](const auto &load) {
            for (index_t c = 0; c < run.size; c += kChunk) {
                const index_t n = std::min(kChunk, run.size - c);
                auto chunk = [&](index_t i) { return load(c + i); };
                const T extreme = extreme_of_chunk(run, c, n, chunk);
                if (index_ >= 0 && !Order::better(extreme, best_)) continue;
                // The first element equal to the extreme (none if the chunk is all NaN).
                index_t i = 0;
                while (i < n && !(chunk(i) == extreme)) ++i;
                if (i < n) offer(extreme, first + c + i);
            }
        });
    }
    // By segments of kSegment rows and blocks of kBlock series: each block's
    // extremes over the segment in registers (one min/max per element), and only where one
    // beats its series' best, a look down that column for its first index. Offering every
    // element measured 1.7x slower than a run.
    static void add_tile(ArgExtreme *accs, const StridedTile<T> &tile, index_t first) {
        for (index_t r0 = 0; r0 < tile.rows; r0 += kSegment) {
            const index_t rows = std::min(kSegment, tile.rows - r0);
            index_t j0 = 0;
            if (tile.rows_contiguous()) {
                with_widest_vectors([&](auto bytes) PARAFUNC_ALWAYS_INLINE {
                    for (; j0 + kBlock <= tile.width; j0 += kBlock) {
                        T extreme[kBlock];
                        std::fill(extreme, extreme + kBlock, Order::template worst<T>());
                        detail::ExtremeLanes<Order, T, bytes> lanes(extreme);
                        for (index_t r = r0; r < r0 + rows; ++r) {
                            lanes.take_ahead(tile.row(r) + j0);
                        }
                        lanes.get(extreme);
                        for (index_t c = 0; c < kBlock; ++c) {
                            accs[j0 + c].offer_column(tile, j0 + c, r0, rows, extreme[c], first);
                        }
                    }
                });
            }
            for (; j0 < tile.width; ++j0) {  // the rest, one series at a time
                T extreme = Order::template worst<T>();
                for (index_t r = r0; r < r0 + rows; ++r)
                    extreme = detail::pick<Order>(tile(r, j0), extreme);
                accs[j0].offer_column(tile, j0, r0, rows, extreme, first);
            }
        }
    }
    void merge(const ArgExtreme &other) {
        if (other.index_ >= 0) offer(other.best_, other.index_);
    }
    output_type result() const {
        if (index_ < 0) throw std::invalid_argument("All-NaN slice encountered");
        return index_;
    }

  private:
    // Elements per chunk of a run: long enough for the lanes to pay, short enough that
    // the search for the first index stays in L1.
    static constexpr index_t kChunk = 512;

    // The extreme of elements [c, c + n) of the run, read by chunk(i - c).
    template <class Chunk>
    static T extreme_of_chunk(const StridedView<T> &run, index_t c, index_t n,
                              const Chunk &chunk) {
        if (!run.contiguous()) return detail::extreme_of<Order>(n, chunk, Order::template worst<T>());
        T extreme;
        with_widest_vectors([&](auto bytes) PARAFUNC_ALWAYS_INLINE {
            extreme = detail::extreme_of_contiguous<Order, bytes>(n, run.pointer() + c,
                                                                  Order::template worst<T>());
        });
        return extreme;
    }

    static constexpr index_t kSegment = 16;  // rows of a tile per pass
    static constexpr index_t kBlock = detail::kExtremeLanes;  // series in registers

    // Rows [r0, r0 + rows) of column j of a tile, whose extreme is `extreme`: its first
    // index is offered if it beats the best so far (none if the rows are all NaN).
    void offer_column(const StridedTile<T> &tile, index_t j, index_t r0, index_t rows, T extreme,
                      index_t first) {
        if (index_ >= 0 && !Order::better(extreme, best_)) return;
        for (index_t r = r0; r < r0 + rows; ++r) {
            if (tile(r, j) == extreme) {
                offer(extreme, first + r);
                return;
            }
        }
    }

    // x at index i, offered in index order: taken if it is the first non-NaN or better.
    void offer(T x, index_t i) {
        if (index_ < 0 ? x == x : Order::better(x, best_)) {
            best_ = x;
            index_ = i;
        }
    }

    T best_{};
    index_t index_ = -1;
};

template <class T>
using NanArgMin = ArgExtreme<T, detail::Smaller>;
template <class T>
using NanArgMax = ArgExtreme<T, detail::Larger>;

// anynan (kAll false) and allnan (kAll true): a series is decided by its first NaN
// (anynan) or its first number (allnan), and the scan stops soon after: within kBlock
// elements of a run, and for a tile every kChunk rows, where each group of kGroup series
// (a cache line of doubles) stops being read once all of it is decided.
template <class T, bool kAll>
class NanTest {
  public:
    using input_type = T;
    using output_type = bool;
    static constexpr int kParameters = 0;
    // Series this short, apart in memory, that their first elements leave undecided are
    // gathered side by side and tested row by row (anynan along axis -1 of (10000, k), two
    // threads, against bottleneck: k = 1, 4, 8: 0.8, 0.95, 1.2 times its speed one series
    // at a time, 1.6, 2.0, 2.2 gathered; k = 9 and 16 measured no faster gathered).
    static constexpr index_t kGatherShorter = 9;

    // Inlined: the engine first reads one element of each series (decided_by_first_elements),
    // a few instructions each when the call is inlined.
    PARAFUNC_INLINE void add_run(const StridedView<T> &run, index_t) {
        if constexpr (!std::is_floating_point_v<T>) {
            decided_ |= kAll && run.size > 0;  // a number: allnan is false, anynan stays so
        } else {
            if (!decided_) {
                decided_ = run.contiguous() ? any_deciding(run.pointer(), run.size)
                                            : any_deciding(run.size, run);
            }
        }
    }
    static void add_tile(NanTest *accs, const StridedTile<T> &tile, index_t) {
        const index_t groups = (tile.width + kGroup - 1) / kGroup;
        TileScratch<bool, 1> scratch(groups);
        bool *group_decided = scratch.part(0);
        std::fill(group_decided, group_decided + groups, false);
        for (index_t r0 = 0; r0 < tile.rows; r0 += kChunk) {
            const index_t end = std::min(tile.rows, r0 + kChunk);
            bool all_decided = true;
            for (index_t g = 0; g < groups; ++g) {
                if (group_decided[g]) continue;
                const index_t j0 = g * kGroup, j_end = std::min(tile.width, j0 + kGroup);
                bool group = true;
                if (tile.rows_contiguous() && j_end - j0 == kGroup) {
                    // The group's cache line row by row, its flags in registers.
                    bool decided[kGroup];
                    for (index_t c = 0; c < kGroup; ++c) decided[c] = accs[j0 + c].decided_;
                    for (index_t r = r0; r < end; ++r) {
                        const T *row = tile.row(r) + j0;
                        for (index_t c = 0; c < kGroup; ++c) decided[c] |= deciding(row[c]);
                    }
                    for (index_t c = 0; c < kGroup; ++c) {
                        accs[j0 + c].decided_ = decided[c];
                        group &= decided[c];
                    }
                } else {
                    for (index_t j = j0; j < j_end; ++j) {
                        bool decided = accs[j].decided_;
                        for (index_t r = r0; r < end; ++r) decided |= deciding(tile(r, j));
                        accs[j].decided_ = decided;
                        group &= decided;
                    }
                }
                group_decided[g] = group;
                all_decided &= group;
            }
            if (all_decided) return;
        }
    }
    // The positions in x[0, n) of the elements that do not decide a series of their own
    // (x: the first elements of n series that lie side by side, as along axis 0 of a C
    // array), written to `undecided` in order, and their count; the series decided all
    // have one result. Floats and doubles kBlock at a time where the processor has AVX2,
    // by a mask of the undecided ones (allnan along axis 0 of (1000, 10000) with 1% NaN,
    // the whole call: 1.8 us, against 2.3 by 16-byte vectors, which list a block with an
    // undecided element element by element).
    static index_t undecided_of(const T *x, index_t n, index_t *undecided) {
        index_t count = 0, i = 0;
        if constexpr (std::is_floating_point_v<T>) {
#if PARAFUNC_HAS_LANES
            if (lanes_supported()) return undecided_of_lanes(x, n, undecided);
#endif
            for (; i + kBlock <= n; i += kBlock) {
                if (block_holds<false>(x + i)) {
                    count = list_undecided(x, i, i + kBlock, undecided, count);
                }
            }
        }
        return list_undecided(x, i, n, undecided, count);
    }
    void merge(const NanTest &other) { decided_ |= other.decided_; }
    output_type result() const { return decided_ != kAll; }
    // No further element changes the result (the engine may stop reading the series).
    bool decided() const { return decided_; }

  private:
    static constexpr index_t kBlock = 16, kChunk = 16, kGroup = 8;

    // anynan: x is NaN; allnan: x is a number.
    static bool deciding(T x) { return (x != x) != kAll; }

    // Whether an element of the contiguous x[0, n) decides: blocks of kBlock elements
    // tested by vector compares without a branch per element, then the rest.
    static bool any_deciding(const T *x, index_t n) {
        index_t i = 0;
        for (; i + kBlock <= n; i += kBlock) {
            if (block_holds<true>(x + i)) return true;
        }
        for (; i < n; ++i) {
            if (deciding(x[i])) return true;
        }
        return false;
    }
    // The same of a strided run: a plain loop returning at the first.
    static bool any_deciding(index_t n, const StridedView<T> &run) {
        for (index_t i = 0; i < n; ++i) {
            if (deciding(run[i])) return true;
        }
        return false;
    }
#if PARAFUNC_HAS_LANES
    PARAFUNC_LANES_TARGET static index_t undecided_of_lanes(const T *x, index_t n,
                                                            index_t *undecided) {
        index_t count = 0, i = 0;
        for (; i + kBlock <= n; i += kBlock) {
            if (kAll && !holds_nan(x + i)) continue;
            for (unsigned mask = undecided_mask(x + i); mask != 0; mask &= mask - 1) {
                undecided[count++] = i + __builtin_ctz(mask);
            }
        }
        return list_undecided(x, i, n, undecided, count);
    }
    // Whether x[0, kBlock) holds a NaN: a compare for "unordered" tests two vectors at
    // once, from memory (allnan's call above: 1.7 against 1.8 us by undecided_mask alone).
    PARAFUNC_LANES_TARGET static bool holds_nan(const T *x) {
        if constexpr (std::is_same_v<T, double>) {
            const __m256d a =
                _mm256_cmp_pd(_mm256_loadu_pd(x), _mm256_loadu_pd(x + 4), _CMP_UNORD_Q);
            const __m256d b =
                _mm256_cmp_pd(_mm256_loadu_pd(x + 8), _mm256_loadu_pd(x + 12), _CMP_UNORD_Q);
            return _mm256_movemask_pd(_mm256_or_pd(a, b)) != 0;
        } else {
            return _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(x), _mm256_loadu_ps(x + 8),
                                                    _CMP_UNORD_Q)) != 0;
        }
    }
    // Bit i set where x[i] (i < kBlock) decides nothing; quiet compares.
    PARAFUNC_LANES_TARGET static unsigned undecided_mask(const T *x) {
        constexpr int kUndecided = kAll ? _CMP_UNORD_Q : _CMP_ORD_Q;  // allnan: NaN
        unsigned mask = 0;
        if constexpr (std::is_same_v<T, double>) {
            for (int k = 0; k < kBlock; k += 4) {
                const __m256d v = _mm256_loadu_pd(x + k);
                mask |= static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(v, v, kUndecided)))
                        << k;
            }
        } else {
            for (int k = 0; k < kBlock; k += 8) {
                const __m256 v = _mm256_loadu_ps(x + k);
                mask |= static_cast<unsigned>(_mm256_movemask_ps(_mm256_cmp_ps(v, v, kUndecided)))
                        << k;
            }
        }
        return mask;
    }
#endif
    // undecided_of's list of x[i, end), appended after its first `count` entries.
    static index_t list_undecided(const T *x, index_t i, index_t end, index_t *undecided,
                                  index_t count) {
        for (; i < end; ++i) {
            undecided[count] = i;
            count += !deciding(x[i]);
        }
        return count;
    }
    // Whether x[0, kBlock) holds a deciding element (kDeciding) or an undecided one (not
    // kDeciding), in 16-byte vectors (GCC's and Clang's vector extensions: SSE2 on any
    // x86-64, NEON on arm64; GCC vectorises no loop that can return early). Quiet compares:
    // NaN raises no flag.
    template <bool kDeciding>
    static bool block_holds(const T *x) {
        constexpr index_t kLanes = 16 / sizeof(T);
        typedef T Vector __attribute__((vector_size(16)));
        using Lane = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;
        typedef Lane Mask __attribute__((vector_size(16)));
        Mask found{};
        for (index_t k = 0; k < kBlock; k += kLanes) {
            Vector v;
            std::memcpy(&v, x + k, sizeof v);  // unaligned
            found |= kAll == kDeciding ? (v == v) : (v != v);  // allnan: numbers decide
        }
        Lane any = 0;
        for (index_t l = 0; l < kLanes; ++l) any |= found[l];
        return any != 0;
    }

    bool decided_ = false;  // anynan: a NaN was seen; allnan: a number was seen
};

template <class T>
using AnyNan = NanTest<T, false>;
template <class T>
using AllNan = NanTest<T, true>;

}  // namespace parafunc
