// Lanes: kLanes series stepped in lockstep, one per lane of a vector of doubles.
//
// A kernel whose per-element step is pure arithmetic (a compensated moving sum) is
// throughput-bound on one series: its operations depend on each other, and one series
// cannot fill a vector. Several series side by side can. Such a kernel writes its step
// once, as a template over V: `double` for one series (its masks are `bool`) or `Doubles`
// for kLanes series (masks are `LaneMask`), using only arithmetic operators and the
// helpers below, which exist for both. A series then gets bitwise the same result whether
// the engine steps it alone or in a lane: the same IEEE operations in the same order
// (no multiply-add is ever contracted: the steps have none, or the target has no FMA).
//
// The vectors are GCC/Clang vector extensions. On x86-64 the engine steps lanes only in
// functions compiled for AVX2 (PARAFUNC_LANES_TARGET), chosen at run time when the
// processor has it; elsewhere it steps every series alone. Every function that takes or
// returns a vector is always inlined, so none is ever called across code compiled for
// different processors (the build silences GCC's -Wpsabi note about such calls).
//
// Comparisons are the quiet kinds only (==, != and integer tests on the bits): an ordered
// comparison with a NaN would raise a spurious "invalid" flag, which the engine reports.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "view.hpp"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define PARAFUNC_HAS_LANES 1
#define PARAFUNC_LANES_TARGET __attribute__((target("avx2")))
#else
#define PARAFUNC_HAS_LANES 0
#define PARAFUNC_LANES_TARGET
#endif


namespace parafunc {

inline constexpr int kLanes = 4;
// Compiled for a target without AVX, GCC aligns these to 16 bytes, where AVX2 code
// assumes 32: a class that keeps them in memory is declared alignas(sizeof(V)).
typedef double Doubles __attribute__((vector_size(8 * kLanes)));
typedef std::int64_t LaneMask __attribute__((vector_size(8 * kLanes)));  // all ones or 0

// Whether this processor can run the lane functions.
inline bool lanes_supported() {
#if PARAFUNC_HAS_LANES
    static const bool supported = __builtin_cpu_supports("avx2");
    return supported;
#else
    return false;
#endif
}

template <class V>
PARAFUNC_INLINE V broadcast(double x) {
    return V{} + x;
}

// Neither NaN nor infinite.
PARAFUNC_INLINE bool finite(double x) { return std::isfinite(x); }
PARAFUNC_INLINE LaneMask finite(Doubles x) {
    const LaneMask exponent = LaneMask{} + 0x7ff0000000000000;
    return (reinterpret_cast<LaneMask>(x) & exponent) != exponent;
}

PARAFUNC_INLINE double select(bool mask, double yes, double no) { return mask ? yes : no; }
PARAFUNC_INLINE Doubles select(LaneMask mask, Doubles yes, Doubles no) {
    return reinterpret_cast<Doubles>((reinterpret_cast<LaneMask>(yes) & mask) |
                                     (reinterpret_cast<LaneMask>(no) & ~mask));
}

PARAFUNC_INLINE bool all(bool mask) { return mask; }
// Generic vector code, which any function may inline (the AVX2 movemask could be inlined
// only into AVX2 functions, and the kernels' steps are not). For all-ones-or-zero lanes.
PARAFUNC_INLINE bool all(LaneMask mask) {
#if defined(__clang__)
    const LaneMask halves = mask & __builtin_shufflevector(mask, mask, 2, 3, 0, 1);
    const LaneMask quarters = halves & __builtin_shufflevector(halves, halves, 1, 0, 3, 2);
#else
    const LaneMask halves = mask & __builtin_shuffle(mask, LaneMask{2, 3, 0, 1});
    const LaneMask quarters = halves & __builtin_shuffle(halves, LaneMask{1, 0, 3, 2});
#endif
    return quarters[0] != 0;
}

}  // namespace parafunc
