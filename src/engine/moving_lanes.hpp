// Moving windows stepped kLanes series at a time, for kernels that declare Acc::Lanes (see
// moving.hpp and lanes.hpp): the adapter in moving_loop.hpp hands groups of kLanes
// neighbouring series here, and the rest of a tile to the accumulators of one series.
//
// These functions are compiled for AVX2 and called only where lanes_supported(). Every
// function they call is inlined into them (PARAFUNC_INLINE) or compiled for AVX2 too
// (lanes.hpp), so no vector crosses a call between code compiled for different
// processors.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <type_traits>

#include "../kernels/lanes.hpp"
#include "../kernels/view.hpp"

namespace parafunc::engine {

// A kernel's optional steps, Acc::Lanes and Acc::Rows (groups of kLanes neighbouring series
// stepped a row at a time, see moving.hpp): the type where the kernel declares it, else
// NotDeclared.
struct NotDeclared {};
template <class Acc>
using LanesMember = typename Acc::Lanes;
template <class Acc>
using RowsMember = typename Acc::Rows;
template <template <class> class Member, class Acc, class = void>
struct MemberOr {
    using type = NotDeclared;
};
template <template <class> class Member, class Acc>
struct MemberOr<Member, Acc, std::void_t<Member<Acc>>> {
    using type = Member<Acc>;
};
template <class Acc>
using LanesOf = typename MemberOr<LanesMember, Acc>::type;
template <class Acc>
using RowsOf = typename MemberOr<RowsMember, Acc>::type;
template <class Acc>
inline constexpr bool kHasLanes = !std::is_same_v<LanesOf<Acc>, NotDeclared>;
template <class Acc>
inline constexpr bool kHasRows = !std::is_same_v<RowsOf<Acc>, NotDeclared>;

// How kLanes series side by side lie in memory, which decides how their elements are
// loaded: kAdjacent, the series are neighbours (along axis 0 of a C array), one element of
// each is one vector; kStrided, anything else, element by element. (Along the last axis,
// loading kLanes elements of each series and transposing them measured no faster: the
// step ran out of registers.)
enum class LaneLayout { kAdjacent, kStrided };

// Group g of kLanes series (series kLanes * g to kLanes * g + kLanes - 1) from `data`:
// series `lane_stride` bytes apart, each `step` bytes per element. (Elements go through
// vectors, never arrays: GCC stored an array's halves and loaded it whole, a stall on
// every load.)
template <class T, LaneLayout kLayout>
struct LaneView {
    typedef T Elements __attribute__((vector_size(kLanes * sizeof(T))));
    static constexpr LaneLayout layout = kLayout;

    char *data;
    index_t lane_stride, step;

    // Element i of group g's series.
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE Doubles load(index_t i, index_t g) const {
        const char *p = address(i, g);
        if constexpr (kLayout == LaneLayout::kAdjacent) return load_vector(p);
        auto at = [&](int k) {
            return static_cast<double>(*reinterpret_cast<const T *>(p + k * lane_stride));
        };
        return Doubles{at(0), at(1), at(2), at(3)};
    }
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE void store(index_t i, index_t g, Doubles v) const {
        char *p = address(i, g);
        if constexpr (kLayout == LaneLayout::kAdjacent) {
            store_vector(p, v);
        } else {
            for (int k = 0; k < kLanes; ++k) {
                *reinterpret_cast<T *>(p + k * lane_stride) = static_cast<T>(v[k]);
            }
        }
    }
    // Asks for the cache line of element i of group g ahead of its load, or its store.
    PARAFUNC_INLINE void prefetch(index_t i, index_t g) const { __builtin_prefetch(address(i, g)); }
    PARAFUNC_INLINE void prefetch_for_write(index_t i, index_t g) const {
        __builtin_prefetch(address(i, g), 1);
    }

  private:
    PARAFUNC_INLINE char *address(index_t i, index_t g) const {
        return data + i * step + g * kLanes * lane_stride;
    }
    // kLanes elements in a row from p.
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE static Doubles load_vector(const char *p) {
        Elements x;
        std::memcpy(&x, p, sizeof x);
        return __builtin_convertvector(x, Doubles);
    }
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE static void store_vector(char *p, Doubles v) {
        const Elements x = __builtin_convertvector(v, Elements);
        std::memcpy(p, &x, sizeof x);
    }
};
static_assert(kLanes == 4, "LaneView spells out four lanes");

// The lanes' steps on element i of group g of each input (and the element `window` before
// it), as add_values and replace_values. Written out for one and two inputs, the loads
// passed straight on: through an array of vectors GCC stored their halves and loaded them
// whole, a stall on every step (move_cov: 122 against ~20 ms).
template <class Lanes, class InView, std::size_t K>
PARAFUNC_LANES_TARGET PARAFUNC_INLINE void add_lanes(Lanes &lanes,
                                                     const std::array<InView, K> &in, index_t i,
                                                     index_t g) {
    static_assert(K == 1 || K == 2, "kernels of one or two inputs");
    if constexpr (K == 1) {
        lanes.add(in[0].load(i, g));
    } else {
        lanes.add(in[0].load(i, g), in[1].load(i, g));
    }
}
template <class Lanes, class InView, std::size_t K>
PARAFUNC_LANES_TARGET PARAFUNC_INLINE void replace_lanes(Lanes &lanes,
                                                         const std::array<InView, K> &in,
                                                         index_t i, index_t window, index_t g) {
    static_assert(K == 1 || K == 2, "kernels of one or two inputs");
    if constexpr (K == 1) {
        lanes.replace(in[0].load(i, g), in[0].load(i - window, g));
    } else {
        lanes.replace(in[0].load(i, g), in[1].load(i, g), in[0].load(i - window, g),
                      in[1].load(i - window, g));
    }
}

// Series side by side along axis 0 (kAdjacent) jump a row per element, too far apart for
// the hardware to prefetch: before group g steps on row i, asks for its next row of the
// inputs and of the output, a cache line (two groups) at a time (the output's took
// move_var along axis 0 of a (1000, 10000) array from ~36 to ~30 ms). Elsewhere nothing.
template <class InView, std::size_t K, class OutView>
PARAFUNC_INLINE void prefetch_next_row(const std::array<InView, K> &in, const OutView &out,
                                       index_t i, index_t g) {
    if constexpr (InView::layout == LaneLayout::kAdjacent) {
        if (g % 2 == 0) {
            for (const InView &view : in) view.prefetch(i + 1, g);
            out.prefetch_for_write(i + 1, g);
        }
    }
}

// Elements [warm, end) of `groups` groups of kLanes series, as MovingWindow steps one
// series: while the window fills (i < filled) elements only enter; after that each step
// replaces the element leaving. Outputs are written from `start` on. `in`: a view of each
// input (two for move_cov).
template <class Lanes, class InView, std::size_t K, class OutView>
PARAFUNC_LANES_TARGET PARAFUNC_INLINE void step_lane_groups(Lanes *lanes, index_t groups,
                                                            const std::array<InView, K> &in,
                                                            const OutView &out, index_t window,
                                                            index_t warm, index_t start,
                                                            index_t filled, index_t end) {
    for (index_t i = warm; i < filled; ++i) {
        for (index_t g = 0; g < groups; ++g) {
            add_lanes(lanes[g], in, i, g);
            if (i >= start) out.store(i, g, lanes[g].result());
        }
    }
    for (index_t i = filled; i < end; ++i) {
        for (index_t g = 0; g < groups; ++g) {
            if (i + 1 < end) prefetch_next_row(in, out, i, g);
            replace_lanes(lanes[g], in, i, window, g);
            out.store(i, g, lanes[g].result());
        }
    }
}

}  // namespace parafunc::engine
