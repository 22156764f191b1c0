// Registration table of the quantile family (selections): median and nanmedian of core
// signature (n)->() and nanquantile of (n),(k)->(k) with q float64, each with an internal
// companion for middle axes (select_loop.hpp). nanpercentile is nanquantile with q / 100,
// in the wrapper.
#include "../engine/direct_call.hpp"
#include "../engine/dtypes.hpp"
#include "../engine/gufunc.hpp"
#include "../engine/select_loop.hpp"
#include "../kernels/quantile.hpp"
#include "families.hpp"

namespace parafunc {

namespace {

using engine::GufuncSpec;
using engine::LoopSpec;
using engine::type_num;

template <template <class> class Fn, Core core, class... T>
std::vector<LoopSpec> select_loops(engine::TypeList<T...>) {
    return {LoopSpec{{type_num<T>(), type_num<typename Fn<T>::output_type>()},
                     core == Core::kOneAxis ? &engine::select_loop<Fn<T>>
                                            : &engine::select_middle_loop<Fn<T>>}...};
}

template <Core core, class... T>
std::vector<LoopSpec> quantile_loops(engine::TypeList<T...>) {
    return {LoopSpec{
        {type_num<T>(), NPY_FLOAT64, type_num<selection_output_t<T>>()},
        core == Core::kOneAxis ? &engine::quantile_loop<T> : &engine::quantile_middle_loop<T>}...};
}

}  // namespace

int register_quantile(PyObject *module) {
    // static: the gufuncs keep pointers to their entries for type promotion.
    static const GufuncSpec table[] = {
        {"median", "(n)->()", 1, 1,
         "median(a) -> median of a along its last axis, NaN if it holds a NaN (raw gufunc; "
         "see parafunc.median)",
         select_loops<Median, Core::kOneAxis>(engine::FloatAndIntTypes{}), 1,
         &engine::direct_reduction},
        {"_median_middle", "(p,n,q)->(p,q)", 1, 1,
         "median along the middle axis of a (p, n, q) view, in one call (internal)",
         select_loops<Median, Core::kMiddleAxis>(engine::FloatAndIntTypes{})},
        {"nanmedian", "(n)->()", 1, 1,
         "nanmedian(a) -> median of the non-NaN elements of a along its last axis (raw "
         "gufunc; see parafunc.nanmedian)",
         select_loops<NanMedian, Core::kOneAxis>(engine::FloatAndIntTypes{}), 1,
         &engine::direct_reduction},
        {"_nanmedian_middle", "(p,n,q)->(p,q)", 1, 1,
         "nanmedian along the middle axis of a (p, n, q) view, in one call (internal)",
         select_loops<NanMedian, Core::kMiddleAxis>(engine::FloatAndIntTypes{})},
        {"nanquantile", "(n),(k)->(k)", 2, 1,
         "nanquantile(a, q) -> quantiles q (float64 in [0, 1]) of the non-NaN elements of a "
         "along its last axis, NumPy's 'linear' method (raw gufunc; see parafunc.nanquantile)",
         quantile_loops<Core::kOneAxis>(engine::FloatAndIntTypes{})},
        {"_nanquantile_middle", "(p,n,q),(k)->(p,k,q)", 2, 1,
         "nanquantile along the middle axis of a (p, n, q) view, in one call (internal)",
         quantile_loops<Core::kMiddleAxis>(engine::FloatAndIntTypes{})},
    };
    return engine::add_gufuncs(module, table);
}

}  // namespace parafunc
