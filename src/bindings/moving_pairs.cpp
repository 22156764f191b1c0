// Registration table of the two-input moving windows (move_cov, move_corr): gufuncs of
// core signature (n),(n),(),()->(n), the inputs a and b then window and min_count (both
// intp), each with an internal companion of core (p,n,q),(p,n,q),(),()->(p,n,q) for middle
// axes (moving_loop.hpp). Both inputs have the same dtype: the wrappers convert them to a
// common one first (the promoter picks the loop by the first).
#include "../engine/dtypes.hpp"
#include "../engine/gufunc.hpp"
#include "../engine/moving_loop.hpp"
#include "../kernels/moving_pairs.hpp"
#include "families.hpp"

namespace parafunc {

namespace {

using engine::GufuncSpec;
using engine::LoopSpec;
using engine::type_num;

// One loop per dtype of the list: a and b of that dtype, the output float32 or float64.
template <template <class> class Acc, Core core, class... T>
std::vector<LoopSpec> pair_loops(engine::TypeList<T...>) {
    auto loop = [](auto type) -> PyArrayMethod_StridedLoop * {
        using A = Acc<decltype(type)>;
        if constexpr (core == Core::kOneAxis) return &engine::moving_loop<A>;
        return &engine::moving_middle_loop<A>;
    };
    return {LoopSpec{{type_num<T>(), type_num<T>(), NPY_INTP, NPY_INTP,
                      type_num<typename Acc<T>::output_type>()},
                     loop(T{})}...};
}

// A public two-input moving-window gufunc and its internal middle-axis companion.
template <template <class> class Acc>
GufuncSpec pair_moving(const char *name, const char *doc) {
    return {name, "(n),(n),(),()->(n)",
            4,    1,
            doc,  pair_loops<Acc, Core::kOneAxis>(engine::FloatAndIntTypes{})};
}

template <template <class> class Acc>
GufuncSpec middle_axis_pair_moving(const char *name) {
    return {name,
            "(p,n,q),(p,n,q),(),()->(p,n,q)",
            4,
            1,
            "the two-input moving-window function along the middle axis of (p, n, q) views, in "
            "one call (internal)",
            pair_loops<Acc, Core::kMiddleAxis>(engine::FloatAndIntTypes{})};
}

}  // namespace

int register_moving_pairs(PyObject *module) {
    // static: the gufuncs keep pointers to their entries for type promotion.
    static const GufuncSpec table[] = {
        pair_moving<MoveCov>("move_cov",
                             "move_cov(a, b, window, min_count) -> moving covariance of a and b "
                             "along the last axis (raw gufunc; see parafunc.move_cov)"),
        middle_axis_pair_moving<MoveCov>("_move_cov_middle"),
        pair_moving<MoveCorr>("move_corr",
                              "move_corr(a, b, window, min_count) -> moving correlation of a and "
                              "b along the last axis (raw gufunc; see parafunc.move_corr)"),
        middle_axis_pair_moving<MoveCorr>("_move_corr_middle"),
    };
    return engine::add_gufuncs(module, table);
}

}  // namespace parafunc
