// Registration table of the reduction family: gufuncs of core signature (n)->(), each with
// an internal companion of core signature (p,n,q)->(p,q) for middle axes (reduce_loop.hpp).
#include "../engine/dtypes.hpp"
#include "../engine/gufunc.hpp"
#include "../engine/reduce_loop.hpp"
#include "../kernels/reduce.hpp"
#include "families.hpp"

namespace parafunc {

namespace {

using engine::GufuncSpec;
using engine::LoopSpec;
using engine::type_num;

template <template <class> class Acc, Core core, class... T>
std::vector<LoopSpec> reduce_loops(engine::TypeList<T...>) {
    return {LoopSpec{{type_num<T>(), type_num<typename Acc<T>::output_type>()},
                     core == Core::kOneAxis ? &engine::reduce_loop<Acc<T>>
                                            : &engine::reduce_middle_loop<Acc<T>>}...};
}

}  // namespace

int register_reduce(PyObject *module) {
    // static: the gufuncs keep pointers to their entries for type promotion.
    static const GufuncSpec table[] = {
        {"nansum", "(n)->()", 1, 1,
         "nansum(a) -> sum of the non-NaN elements of a along its last axis (raw gufunc; "
         "see parafunc.nansum)",
         reduce_loops<NanSum, Core::kOneAxis>(engine::FloatAndIntTypes{})},
        {"_nansum_middle", "(p,n,q)->(p,q)", 1, 1,
         "nansum along the middle axis of a (p, n, q) view, in one call (internal)",
         reduce_loops<NanSum, Core::kMiddleAxis>(engine::FloatAndIntTypes{})},
    };
    return engine::add_gufuncs(module, table);
}

}  // namespace parafunc
