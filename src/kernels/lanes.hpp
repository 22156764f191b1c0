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
// returns a vector is inlined into those, so none is ever called across code compiled for
// different processors (the build silences GCC's -Wpsabi note about such calls).
//
// Comparisons are the quiet kinds only (==, != and integer tests on the bits): an ordered
// comparison with a NaN would raise a spurious "invalid" flag, which the engine reports.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "view.hpp"

// A build may define PARAFUNC_HAS_LANES=0 to run, on any processor, what one without AVX2
// runs (the C++ tests do, so that the 16-byte paths are tested on machines with AVX2).
#if !defined(PARAFUNC_HAS_LANES) && defined(__GNUC__) && \
    (defined(__x86_64__) || defined(__i386__))
#define PARAFUNC_HAS_LANES 1
#endif
#if PARAFUNC_HAS_LANES
#define PARAFUNC_LANES_TARGET __attribute__((target("avx2")))
#include <immintrin.h>
#else
#undef PARAFUNC_HAS_LANES
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

// Calls body(std::integral_constant<int, kBytes>{}) with the widest vectors this
// processor runs: from a function compiled for AVX2 (32 bytes) where it has AVX2, into
// which the body (always inlined) is compiled; else 16 bytes, which every x86-64 and ARM64
// processor runs.
template <class Body>
PARAFUNC_LANES_TARGET void with_avx2_vectors(const Body &body) {
    body(std::integral_constant<int, 32>{});
}
template <class Body>
PARAFUNC_INLINE void with_widest_vectors(const Body &body) {
    if (lanes_supported()) {
        with_avx2_vectors(body);
    } else {
        body(std::integral_constant<int, 16>{});
    }
}

template <class V>
PARAFUNC_INLINE V broadcast(double x) {
    return V{} + x;
}

// Neither NaN nor infinite. On the bits: GCC -O3 may compile std::isfinite into an
// ordered comparison, which raises "invalid" for a NaN.
PARAFUNC_INLINE bool finite(double x) {
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    return (bits & 0x7ff0000000000000) != 0x7ff0000000000000;
}
PARAFUNC_INLINE LaneMask finite(Doubles x) {
    const LaneMask exponent = LaneMask{} + 0x7ff0000000000000;
    return (reinterpret_cast<LaneMask>(x) & exponent) != exponent;
}

PARAFUNC_INLINE double select(bool mask, double yes, double no) { return mask ? yes : no; }
PARAFUNC_INLINE Doubles select(LaneMask mask, Doubles yes, Doubles no) {
#if defined(__clang__)
    return reinterpret_cast<Doubles>((reinterpret_cast<LaneMask>(yes) & mask) |
                                     (reinterpret_cast<LaneMask>(no) & ~mask));
#else
    return mask ? yes : no;  // one blend, where the bitwise form took three operations
#endif
}

PARAFUNC_INLINE bool negate(bool mask) { return !mask; }
PARAFUNC_INLINE LaneMask negate(LaneMask mask) { return ~mask; }

// |x| <= limit (a positive number): false for NaN and infinities. On the bits, so that a
// NaN is never compared (an ordered comparison with one raises "invalid").
PARAFUNC_INLINE bool magnitude_at_most(double x, double limit) {
    std::uint64_t bits, limit_bits;
    std::memcpy(&bits, &x, sizeof bits);
    std::memcpy(&limit_bits, &limit, sizeof limit_bits);
    return (bits & 0x7fffffffffffffff) <= limit_bits;
}
PARAFUNC_INLINE LaneMask magnitude_at_most(Doubles x, double limit) {
    std::int64_t limit_bits;
    std::memcpy(&limit_bits, &limit, sizeof limit_bits);
    return (reinterpret_cast<LaneMask>(x) & 0x7fffffffffffffff) <= limit_bits;
}

PARAFUNC_INLINE double magnitude(double x) { return std::fabs(x); }
PARAFUNC_INLINE Doubles magnitude(Doubles x) {
    return reinterpret_cast<Doubles>(reinterpret_cast<LaneMask>(x) & 0x7fffffffffffffff);
}

// The larger of two numbers, neither NaN.
PARAFUNC_INLINE double larger(double x, double y) { return x < y ? y : x; }
PARAFUNC_INLINE Doubles larger(Doubles x, Doubles y) { return select(x < y, y, x); }

PARAFUNC_INLINE bool all(bool mask) { return mask; }
PARAFUNC_INLINE bool any(bool mask) { return mask; }
#if PARAFUNC_HAS_LANES
// For all-ones-or-zero lanes. Compiled for AVX2, and so not always inlined: GCC refuses to
// inline it into the kernels' steps, which are compiled for any processor, but inlines it
// once they are inlined into the engine's AVX2 functions, its only callers. (A generic
// reduction by shuffles measured ~8% slower in move_mean.)
PARAFUNC_LANES_TARGET inline bool all(LaneMask mask) {
    return __builtin_ia32_movmskpd256(reinterpret_cast<Doubles>(mask)) == (1 << kLanes) - 1;
}
PARAFUNC_LANES_TARGET inline bool any(LaneMask mask) {
    return __builtin_ia32_movmskpd256(reinterpret_cast<Doubles>(mask)) != 0;
}
#else
// For builds without lanes, where the engine steps none (the C++ tests step them directly).
PARAFUNC_INLINE bool all(LaneMask mask) { return (mask[0] & mask[1] & mask[2] & mask[3]) != 0; }
PARAFUNC_INLINE bool any(LaneMask mask) { return (mask[0] | mask[1] | mask[2] | mask[3]) != 0; }
#endif

PARAFUNC_INLINE double square_root(double x) { return std::sqrt(x); }
#if PARAFUNC_HAS_LANES
// Compiled for AVX2 and not always inlined, as all(LaneMask).
PARAFUNC_LANES_TARGET inline Doubles square_root(Doubles x) {
    return __builtin_ia32_sqrtpd256(x);
}
#else
PARAFUNC_INLINE Doubles square_root(Doubles x) {
    return Doubles{std::sqrt(x[0]), std::sqrt(x[1]), std::sqrt(x[2]), std::sqrt(x[3])};
}
#endif

}  // namespace parafunc
