// The loop adapters for reductions: core signatures (n)->() and (p,n,q)->(p,q), or with
// one scalar parameter (Acc::kParameters == 1, e.g. nanvar's ddof, an intp)
// (n),()->() and (p,n,q),()->(p,q).
//
// (n)->() is the public gufunc. NumPy calls its loop with
//   data    = {in, [parameter,] out}
//   dims    = {N, n}                 N series (outer), each n elements long (core)
//   strides = {in_outer, [parameter_outer,] out_outer, in_core}     in bytes
// (p,n,q)->(p,q) is its companion for a middle axis: the wrappers view the input as
// (p, n, q) and call it once, where NumPy would call the first once per p with only q
// series each (its outer axes p and q cannot be merged), too little work per call to go
// parallel. Its loop gets
//   dims    = {N, p, n, q}
//   strides = {in_outer, [parameter_outer,] out_outer, in_p, in_n, in_q, out_p, out_q}
//
// (i,j,k,l)->() is the companion for a reduction over several axes that do not merge into
// one (every element of a sliced N-D array, say): the wrappers view those axes as up to
// four (i, j, k, l), and each series is i*j*k runs of l elements (l innermost), without a
// copy. Its loop gets
//   dims    = {N, i, j, k, l}
//   strides = {in_outer, [parameter_outer,] out_outer, in_i, in_j, in_k, in_l}
//
// All reduce `planes` x `series` series of `core` elements (a series of runs: runs x core
// elements, indexed run by run). Work is cut into items whose
// boundaries depend only on the layout and sizes:
//   - the series of a plane are grouped into tiles (side by side, walked row by row) when
//     neighbouring series are closer in memory than elements of one series, else one
//     series per tile;
//   - each series is cut into blocks of kBlockElements elements, each folded into its own
//     accumulator and merged in block order afterwards.
// So a 1-D series of 1e8 uses every thread and still gives bitwise the same result on any
// number of threads; and since block boundaries do not depend on the tiling either (nor
// the kernels' folding order, reduce.hpp), on any memory layout.
#pragma once

#include "numpy_api.hpp"

#include <algorithm>
#include <cfenv>
#include <type_traits>
#include <utility>
#include <vector>

#include "../kernels/gather.hpp"
#include "../kernels/view.hpp"
#include "errors.hpp"
#include "layout.hpp"
#include "parallel.hpp"
#include "thread_pool.hpp"

namespace parafunc::engine {

inline constexpr index_t kBlockElements = index_t{1} << 16;

// Accumulators whose ordered comparisons meet NaN (nanmin, nanargmax, ...) declare
// kComparesNaN: such a comparison raises "invalid" for nothing, so the flag is cleared
// after each of their tasks, as NumPy's own minimum/maximum loops clear it.
template <class Acc, class = void>
struct compares_nan : std::false_type {};
template <class Acc>
struct compares_nan<Acc, std::void_t<decltype(Acc::kComparesNaN)>>
    : std::bool_constant<Acc::kComparesNaN> {};

template <class Acc>
void discard_spurious_flags() {
    if constexpr (compares_nan<Acc>::value) {
        // Tested first: glibc's feclearexcept rewrites the x87 environment (~50 ns, a
        // tenth of a call on 10 numbers), and without a NaN there is nothing to clear.
        if (std::fetestexcept(FE_INVALID)) std::feclearexcept(FE_INVALID);
    }
}

// The runs of a series whose elements do not lie on one stride: run r = (i, j, k) starts
// at i * stride[0] + j * stride[1] + k * stride[2]. A plain series is one run.
struct Runs {
    index_t count[3] = {1, 1, 1};
    index_t stride[3] = {0, 0, 0};

    index_t total() const { return count[0] * count[1] * count[2]; }
    index_t offset(index_t r) const {
        const index_t k = r % count[2], j = (r / count[2]) % count[1],
                      i = r / (count[1] * count[2]);
        return i * stride[0] + j * stride[1] + k * stride[2];
    }
};

// Accumulators that can tell when no further element changes their result (decided()).
template <class Acc, class = void>
struct decides_early : std::false_type {};
template <class Acc>
struct decides_early<Acc, std::void_t<decltype(std::declval<const Acc &>().decided())>>
    : std::true_type {};

// Accumulators that can test the first elements of series that lie side by side at once
// (undecided_of).
template <class Acc, class = void>
struct tests_side_by_side : std::false_type {};
template <class Acc>
struct tests_side_by_side<
    Acc, std::void_t<decltype(Acc::undecided_of(std::declval<const typename Acc::input_type *>(),
                                                index_t{}, std::declval<index_t *>()))>>
    : std::true_type {};

// The length below which an accumulator folds series apart in memory faster gathered side by
// side into a tile (kGatherShorter), or 0.
template <class Acc, class = void>
struct gather_shorter : std::integral_constant<index_t, 0> {};
template <class Acc>
struct gather_shorter<Acc, std::void_t<decltype(Acc::kGatherShorter)>>
    : std::integral_constant<index_t, Acc::kGatherShorter> {};

template <class Acc>
class Reduction {
    using In = typename Acc::input_type;
    using Out = typename Acc::output_type;

  public:
    // parameters: one per series (planes x series, plane-major), or one for all; empty
    // for accumulators without one.
    // runs: where each series is several runs of `core` elements (runs are walked one
    // series at a time, never in tiles).
    Reduction(char *in, char *out, const ReduceLayout &layout, std::vector<index_t> parameters = {},
              const Runs &runs = {})
        : in_(in),
          out_(out),
          l_(layout),
          parameters_(std::move(parameters)),
          runs_(runs),
          elements_(runs.total() * l_.core),
          gathered_(runs.total() == 1 && l_.series > 1 && short_series() &&
                    !prefer_tiles(l_.series, l_.in_series_stride, l_.in_core_stride)),
          width_(gathered_ ? gathered_width(l_.core)
                 : runs.total() == 1 &&
                         prefer_tiles(l_.series, l_.in_series_stride, l_.in_core_stride)
                     ? tile_width_for(l_.series)
                     : 1),
          tiles_((l_.series + width_ - 1) / width_),
          blocks_(std::max<index_t>(1, (elements_ + kBlockElements - 1) / kBlockElements)) {}

    void run() {
        if (decided_by_first_elements()) return;
        // A series that stops early is usually read only in part: its full length would
        // count as work and make tasks too few elements long to pay for themselves.
        const index_t read = decides_early<Acc>::value ? kDecidingElements : kBlockElements;
        const index_t work_per_item =
            width_ * std::min(elements_, read) * (short_series() ? kShortSeriesWork : 1);
        const index_t tiles = l_.planes * tiles_;  // tile t of plane p is number p * tiles_ + t
        if (blocks_ == 1) {
            for_each_item(tiles, work_per_item, [&](index_t begin, index_t end) {
                with_accumulators([&](Acc *accs) {
                    In scratch[kGatheredElements];  // for gathered tiles
                    for (index_t tile = begin; tile < end; ++tile) {
                        if (gathered_) {
                            fold_gathered(accs, tile, scratch);
                        } else {
                            fold_block(accs, tile, 0);
                        }
                        store(accs, tile);
                    }
                });
                discard_spurious_flags<Acc>();
            });
            return;
        }
        if (tiles == 1 && width_ == 1 && decided_by_first_block()) return;
        // Partial accumulators, [tile][series in tile][block]: about one per
        // kBlockElements inputs.
        std::vector<Acc> partial(static_cast<std::size_t>(tiles * width_ * blocks_));
        auto partials_of = [&](index_t tile, index_t j) {
            return &partial[(tile * width_ + j) * blocks_];
        };
        for_each_item(tiles * blocks_, work_per_item, [&](index_t begin, index_t end) {
            with_accumulators([&](Acc *accs) {
                for (index_t item = begin; item < end; ++item) {
                    const index_t tile = item / blocks_, b = item % blocks_;
                    fold_block(accs, tile, b);
                    for (index_t j = 0; j < tile_width(tile); ++j) {
                        partials_of(tile, j)[b] = accs[j];
                    }
                }
            });
            discard_spurious_flags<Acc>();
        });
        for_each_item(tiles, blocks_, [&](index_t begin, index_t end) {
            with_accumulators([&](Acc *accs) {
                for (index_t tile = begin; tile < end; ++tile) {
                    for (index_t j = 0; j < tile_width(tile); ++j) {
                        const Acc *series = partials_of(tile, j);
                        accs[j] = series[0];
                        for (index_t b = 1; b < blocks_; ++b) accs[j].merge(series[b]);
                    }
                    store(accs, tile);
                }
            });
            discard_spurious_flags<Acc>();
        });
    }

  private:
    // The width of the tiles of `series` side-by-side series. (The thread count is asked
    // only where it can matter: it takes a lock.)
    static index_t tile_width_for(index_t series) {
        if (series <= kMaxTileWidth) return kMaxTileWidth;
        return reduce_tile_width(series, get_num_threads());
    }

    // Calls body(accs) with a tile's accumulators, default-constructed: one where series
    // go one at a time (constructing kMaxTileWidth of them took ~50 ns, a tenth of
    // nanmin's call on 10 numbers), on the heap for tiles wider than kMaxTileWidth (whose
    // tasks are long enough not to notice).
    template <class Body>
    void with_accumulators(const Body &body) const {
        if (width_ == 1) {
            Acc one[1];
            body(one);
        } else if (width_ <= kMaxTileWidth) {
            Acc tile[kMaxTileWidth];
            body(tile);
        } else {
            std::vector<Acc> wide(static_cast<std::size_t>(width_));
            body(wide.data());
        }
    }

    // Elements a series of an accumulator that stops early (anynan, allnan) is expected to
    // be read for, in estimating the work of a call: anynan of data with 1% NaN, ~100.
    static constexpr index_t kDecidingElements = 1024;

    // Accumulators that stop early are often decided by each series' first few elements
    // (allnan of data with numbers): up to kFirstElements of every series, on this thread,
    // and true if they decided them all (their results stored; the full pass's set-up per
    // series would cost several times what reading them does). Else the full pass
    // overwrites what was stored, and this cost about one batch's first elements.
    bool decided_by_first_elements() const {
        if constexpr (decides_early<Acc>::value) {
            constexpr index_t kFirstElements = 16;  // all NaN in 1e32 for 1% NaN
            if (l_.core == 0) return false;
            const index_t first = std::min(l_.core, kFirstElements);
            const bool side_by_side = l_.in_series_stride == index_t{sizeof(In)};
            for (index_t p = 0; p < l_.planes; ++p) {
                for (index_t j0 = 0; j0 < l_.series; j0 += kFirstBatch) {
                    const index_t end = std::min(l_.series, j0 + kFirstBatch);
                    index_t undecided[kFirstBatch];
                    const index_t undecided_count =
                        side_by_side ? first_of_series_side_by_side(p, j0, end, undecided)
                                     : first_of_series_apart(p, j0, end, undecided);
                    // Short series that their first elements leave undecided (anynan
                    // without NaN there), side by side or to be gathered so: read whole,
                    // row by row, they cost less than each one's elements apart (anynan
                    // along axis 0 of (4, 10000), two threads: 35 -> 18 us, along axis -1
                    // of (10000, 4) 37 -> 18 us, 0.9 -> 1.8-2x bottleneck's speed).
                    if ((side_by_side || gathered_) && elements_ <= kFirstElements &&
                        undecided_count > kFirstBatch / 8) {
                        return false;
                    }
                    for (index_t u = 0; u < undecided_count; ++u) {
                        const index_t j = undecided[u];
                        const Acc acc = first_elements(p, j, first);
                        if (!acc.decided() && first < elements_) return false;  // else all read
                        store_one(acc, p, j);
                    }
                }
            }
            return true;
        }
        return false;
    }

    // Series whose first elements decided_by_first_elements reads at a time.
    static constexpr index_t kFirstBatch = 256;

    // The first element of series [j0, end) of plane p, each series apart from the next
    // (axis -1): their results stored, and the undecided ones listed in `undecided`, whose
    // count is returned. The list grows behind a branch marked unlikely: a batch of 256
    // has a few NaN first elements at 1% NaN. (Listed without a branch, each series cost a
    // store and an add more: allnan of 1%, 10%, 50% NaN took 1.12, 1.52, 3.06 us against
    // 1.06, 1.20, 2.57.) Within a group that has one, without a branch per series. The
    // loop's only branch is then that rare group: allnan along axis -1 of (1000, 10000) is
    // ~1000 independent loads, one per row's page, that the processor overlaps (~0.9 ns a
    // row, where a branch per series took ~1.2).
    index_t first_of_series_apart(index_t p, index_t j0, index_t end, index_t *undecided) const {
        constexpr index_t kGroup = 4;
        index_t count = 0, j = j0;
        for (; j + kGroup <= end; j += kGroup) {
            Acc accs[kGroup];
            bool all_decided = true;
            for (index_t g = 0; g < kGroup; ++g) {
                accs[g] = first_elements(p, j + g, 1);
                store_one(accs[g], p, j + g);
                all_decided &= accs[g].decided();
            }
            if (__builtin_expect(!all_decided, 0)) {
                for (index_t g = 0; g < kGroup; ++g) {
                    undecided[count] = j + g;
                    count += !accs[g].decided();
                }
            }
        }
        for (; j < end; ++j) {
            const Acc acc = first_elements(p, j, 1);
            store_one(acc, p, j);
            if (__builtin_expect(!acc.decided(), 0)) undecided[count++] = j;
        }
        return count;
    }

    // The same where the series lie side by side (axis 0 of a C array): their first
    // elements are one contiguous row, which an accumulator may test at once
    // (undecided_of); the series it decides share one result, stored to all. One series
    // at a time, as above, each cost ~0.75 ns: allnan along axis 0 of (1000, 10000) with
    // 1% NaN took ~7.5 us, now ~1.7, against ~1.0 along axis -1.
    index_t first_of_series_side_by_side(index_t p, index_t j0, index_t end,
                                         index_t *undecided) const {
        if constexpr (tests_side_by_side<Acc>::value) {
            const index_t n = end - j0;
            const char *row = in_ + p * l_.in_plane_stride + j0 * l_.in_series_stride;
            const index_t count =
                Acc::undecided_of(reinterpret_cast<const In *>(row), n, undecided);
            index_t decided = 0;  // the first series decided: the first gap in the list
            while (decided < count && undecided[decided] == decided) ++decided;
            if (decided < n) store_all(first_elements(p, j0 + decided, 1), p, j0, end);
            for (index_t u = 0; u < count; ++u) undecided[u] += j0;
            return count;
        } else {
            return first_of_series_apart(p, j0, end, undecided);
        }
    }

    // An accumulator of the first n elements of series j of plane p.
    Acc first_elements(index_t p, index_t j, index_t n) const {
        Acc acc{};
        char *start = in_ + p * l_.in_plane_stride + j * l_.in_series_stride;
        acc.add_run(StridedView<In>{start, n, l_.in_core_stride}, 0);
        return acc;
    }

    // One long series of an accumulator that can stop early (anynan, allnan: kDecides):
    // its first block alone, on this thread, and the result stored if that decides it.
    // Waking the pool would cost more than the ~100 elements that usually decide it.
    bool decided_by_first_block() const {
        if constexpr (decides_early<Acc>::value) {
            Acc acc;
            fold_block(&acc, 0, 0);
            discard_spurious_flags<Acc>();
            if (acc.decided()) {
                store(&acc, 0);
                return true;
            }
        }
        return false;
    }

    // Tile number -> (plane, tile in the plane), without a division in the common case of
    // one plane: small series pay for every instruction spent per series.
    std::pair<index_t, index_t> plane_and_tile(index_t tile) const {
        if (l_.planes == 1) return {0, tile};
        return {tile / tiles_, tile % tiles_};
    }
    index_t tile_width(index_t tile) const {
        return std::min(width_, l_.series - plane_and_tile(tile).second * width_);
    }

    // Folds elements [b * kBlockElements, ...) of a tile's series into accs (fresh
    // accumulators): rows of a tile, or the pieces of runs of one series.
    void fold_block(Acc *accs, index_t tile, index_t b) const {
        const auto [p, t] = plane_and_tile(tile);
        const index_t row0 = b * kBlockElements;
        const index_t rows = std::min(kBlockElements, elements_ - row0);
        char *series = in_ + p * l_.in_plane_stride + t * width_ * l_.in_series_stride;
        const index_t width = tile_width(tile);
        for (index_t j = 0; j < width; ++j) accs[j] = Acc{};
        if (width_ == 1 && runs_.total() == 1) {
            char *base = series + row0 * l_.in_core_stride;
            accs[0].add_run(StridedView<In>{base, rows, l_.in_core_stride}, row0);
        } else if (width_ == 1) {
            for (index_t e = row0; e < row0 + rows;) {  // the runs' pieces in this block
                const index_t r = e / l_.core, i = e % l_.core;
                const index_t n = std::min(l_.core - i, row0 + rows - e);
                char *base = series + runs_.offset(r) + i * l_.in_core_stride;
                accs[0].add_run(StridedView<In>{base, n, l_.in_core_stride}, e);
                e += n;
            }
        } else {
            char *base = series + row0 * l_.in_core_stride;
            Acc::add_tile(
                accs, StridedTile<In>{base, rows, width, l_.in_core_stride, l_.in_series_stride},
                row0);
        }
    }

    // The work of an element of a short series (below the accumulator's kGatherShorter),
    // in for_each_item's units (elements of a long sum): its series' set-up and result
    // weigh on it, and its copy where it is gathered. 40000 elements of (10000, 4) then
    // take two threads: nansum along axis -1 0.55 -> 0.9 times bottleneck's speed, along
    // axis 0 of (4, 10000) 0.7 -> 0.9, nanvar there 0.26 -> 0.47.
    static constexpr index_t kShortSeriesWork = 4;
    bool short_series() const { return elements_ < gather_shorter<Acc>::value; }
    // Elements of a gathered tile at most (on the stack: 32 KB of doubles), and its width
    // for series of `core` (at most 4096 / 16 + 1) elements.
    static constexpr index_t kGatheredElements = 4096;
    static_assert(gather_shorter<Acc>::value <= kGatheredElements / 16 + 1);
    static index_t gathered_width(index_t core) {
        return std::clamp<index_t>(kGatheredElements / std::max<index_t>(core, 1) / 16 * 16, 16,
                                   kMaxTileWidth);
    }

    // Folds a tile's series into accs (fresh accumulators) as fold_block does, after
    // copying them side by side into scratch (room for width_ x core elements), so that
    // the accumulator folds them as a tile, all at once (where it asks for it, by
    // kGatherShorter). One at a time, each short series paid the accumulator's set-up,
    // result and a chain of dependent additions: nansum along axis -1 of (10000, 4) took
    // 23 ns a series, bottleneck 2.5.
    void fold_gathered(Acc *accs, index_t tile, In *scratch) const {
        const auto [p, t] = plane_and_tile(tile);
        char *series = in_ + p * l_.in_plane_stride + t * width_ * l_.in_series_stride;
        const index_t width = tile_width(tile);
        copy_rows_contiguous(StridedTile<In>{series, l_.core, width,
                                             l_.in_core_stride, l_.in_series_stride},
                             scratch);
        for (index_t j = 0; j < width; ++j) accs[j] = Acc{};
        Acc::add_tile(accs,
                      StridedTile<In>{reinterpret_cast<char *>(scratch), l_.core, width,
                                      width * index_t{sizeof(In)}, index_t{sizeof(In)}},
                      0);
    }

    void store(const Acc *accs, index_t tile) const {
        const auto [p, t] = plane_and_tile(tile);
        for (index_t j = 0; j < tile_width(tile); ++j) store_one(accs[j], p, t * width_ + j);
    }

    // acc's result as that of series [j0, end) of plane p.
    void store_all(const Acc &acc, index_t p, index_t j0, index_t end) const {
        store_one(acc, p, j0);
        char *out = out_ + p * l_.out_plane_stride + j0 * l_.out_series_stride;
        const Out y = *reinterpret_cast<const Out *>(out);
        if (l_.out_series_stride == index_t{sizeof(Out)}) {
            std::fill(reinterpret_cast<Out *>(out), reinterpret_cast<Out *>(out) + (end - j0), y);
        } else {
            for (index_t j = 1; j < end - j0; ++j) {
                *reinterpret_cast<Out *>(out + j * l_.out_series_stride) = y;
            }
        }
    }

    // The result of series j of plane p.
    void store_one(const Acc &acc, index_t p, index_t j) const {
        Out &y = *reinterpret_cast<Out *>(out_ + p * l_.out_plane_stride + j * l_.out_series_stride);
        if constexpr (Acc::kParameters == 0) {
            y = acc.result();
        } else {
            const index_t g = p * l_.series + j;
            y = acc.result(parameters_[parameters_.size() == 1 ? 0 : g]);
        }
    }

    char *in_;
    char *out_;
    ReduceLayout l_;
    std::vector<index_t> parameters_;
    Runs runs_;
    index_t elements_;  // of each series: runs x core
    bool gathered_;     // tiles gathered into scratch (fold_gathered)
    index_t width_, tiles_, blocks_;
};

// The scalar parameters of `count` calls or series, read from NumPy's strided intp
// operand; none for accumulators without one.
template <class Acc>
std::vector<index_t> read_parameters(index_t count, const char *data, index_t stride) {
    std::vector<index_t> parameters;
    if constexpr (Acc::kParameters == 1) {
        parameters.resize(static_cast<std::size_t>(count));
        for (index_t i = 0; i < count; ++i) {
            parameters[i] = *reinterpret_cast<const npy_intp *>(data + i * stride);
        }
    }
    return parameters;
}

template <class Acc>
int reduce_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int k = Acc::kParameters;  // operands and strides after the input shift by it
    try {
        const ReduceLayout layout{
            1, 0, 0, dims[0], strides[0], strides[1 + k], dims[1], strides[2 + k]};
        Reduction<Acc>(data[0], data[1 + k], layout,
                       read_parameters<Acc>(dims[0], data[1], strides[1]))
            .run();
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

template <class Acc>
int reduce_middle_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                       const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int k = Acc::kParameters;
    try {
        const npy_intp *core = strides + 2 + k;  // in_p, in_n, in_q, out_p, out_q
        ReduceLayout layout{dims[1], core[0], core[3], dims[3], core[2], core[4], dims[2], core[1]};
        series_on_the_closer_axis(layout);
        for (index_t i = 0; i < dims[0]; ++i) {  // NumPy's own outer loop, 1 from the wrappers
            Reduction<Acc>(data[0] + i * strides[0], data[1 + k] + i * strides[1 + k], layout,
                           read_parameters<Acc>(1, data[1] + i * strides[1], 0))
                .run();
        }
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

template <class Acc>
int reduce_runs_loop(PyArrayMethod_Context *, char *const *data, const npy_intp *dims,
                     const npy_intp *strides, NpyAuxData *) noexcept {
    constexpr int k = Acc::kParameters;
    try {
        const npy_intp *core = strides + 2 + k;  // in_i, in_j, in_k, in_l
        const ReduceLayout layout{1, 0, 0, dims[0], strides[0], strides[1 + k], dims[4], core[3]};
        const Runs runs{{dims[1], dims[2], dims[3]}, {core[0], core[1], core[2]}};
        Reduction<Acc>(data[0], data[1 + k], layout,
                       read_parameters<Acc>(dims[0], data[1], strides[1]), runs)
            .run();
        return 0;
    } catch (...) {
        return set_python_error_from_current_exception();
    }
}

}  // namespace parafunc::engine
