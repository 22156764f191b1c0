// Registration table of the moving-window family: gufuncs of core signature
// (n),(),()->(n), the scalars being window and min_count (both intp), each with an
// internal companion (p,n,q),(),()->(p,n,q) for middle axes (moving_loop.hpp).
#include "../engine/dtypes.hpp"
#include "../engine/gufunc.hpp"
#include "../engine/moving_loop.hpp"
#include "../kernels/moving.hpp"
#include "families.hpp"

namespace parafunc {

namespace {

using engine::GufuncSpec;
using engine::LoopSpec;
using engine::type_num;

template <template <class> class Acc, Core core, class... T>
std::vector<LoopSpec> moving_loops(engine::TypeList<T...>) {
    return {LoopSpec{{type_num<T>(), NPY_INTP, NPY_INTP, type_num<typename Acc<T>::output_type>()},
                     core == Core::kOneAxis ? &engine::moving_loop<Acc<T>>
                                            : &engine::moving_middle_loop<Acc<T>>}...};
}

}  // namespace

int register_moving(PyObject *module) {
    // static: the gufuncs keep pointers to their entries for type promotion.
    static const GufuncSpec table[] = {
        {"move_mean", "(n),(),()->(n)", 3, 1,
         "move_mean(a, window, min_count) -> moving mean along the last axis (raw gufunc; "
         "see parafunc.move_mean)",
         moving_loops<MoveMean, Core::kOneAxis>(engine::FloatAndIntTypes{})},
        {"_move_mean_middle", "(p,n,q),(),()->(p,n,q)", 3, 1,
         "move_mean along the middle axis of a (p, n, q) view, in one call (internal)",
         moving_loops<MoveMean, Core::kMiddleAxis>(engine::FloatAndIntTypes{})},
    };
    return engine::add_gufuncs(module, table);
}

}  // namespace parafunc
