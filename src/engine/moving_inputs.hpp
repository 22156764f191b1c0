// Moving-window kernels of several inputs (move_cov, move_corr: Acc::kInputs == 2), for
// the adapter in moving_loop.hpp: it keeps one layout per input (the same shape and output
// strides in each) and hands the accumulator one element of each input per step, through
// these helpers, so that one-input kernels (no kInputs) run exactly as before.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "layout.hpp"

namespace parafunc::engine {

// The number of inputs of a kernel: Acc::kInputs where it declares one, else 1.
template <class Acc, class = void>
struct InputCount : std::integral_constant<int, 1> {};
template <class Acc>
struct InputCount<Acc, std::void_t<decltype(Acc::kInputs)>>
    : std::integral_constant<int, Acc::kInputs> {};
template <class Acc>
inline constexpr int kInputsOf = InputCount<Acc>::value;

// The accumulator's steps on one element of each input: add(x...), replace(x..., old...).
// Always inlined, written out for one and two inputs: through std::apply's lambdas GCC
// kept the accumulator in memory (move_mean on (1000, 10000), one thread: 80 -> 47 ms).
template <class Acc, class In, std::size_t K>
PARAFUNC_INLINE void add_values(Acc &acc, const std::array<In, K> &x) {
    static_assert(K == 1 || K == 2, "kernels of one or two inputs");
    if constexpr (K == 1) {
        acc.add(x[0]);
    } else {
        acc.add(x[0], x[1]);
    }
}
template <class Acc, class In, std::size_t K>
PARAFUNC_INLINE void replace_values(Acc &acc, const std::array<In, K> &x,
                                    const std::array<In, K> &old) {
    static_assert(K == 1 || K == 2, "kernels of one or two inputs");
    if constexpr (K == 1) {
        acc.replace(x[0], old[0]);
    } else {
        acc.replace(x[0], x[1], old[0], old[1]);
    }
}

// series_on_the_closer_axis for every input's layout alike, as the first input's strides
// decide (the inputs must keep walking the same series side by side).
template <class Layout, std::size_t K>
void series_on_the_closer_axis(std::array<Layout, K> &layouts) {
    if (!planes_are_closer(layouts[0])) return;
    for (Layout &l : layouts) swap_planes_and_series(l);
}

}  // namespace parafunc::engine
