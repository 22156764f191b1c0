// Registration table of the reduction family: gufuncs of core signature (n)->() (or
// (n),()->() with a parameter such as ddof), each with an internal companion of core
// signature (p,n,q)->(p,q) for middle axes (reduce_loop.hpp).
#include "../engine/direct_call.hpp"
#include "../engine/dtypes.hpp"
#include "../engine/gufunc.hpp"
#include "../engine/reduce_loop.hpp"
#include "../kernels/reduce.hpp"
#include "../kernels/reduce_extremes.hpp"
#include "../kernels/reduce_moments.hpp"
#include "families.hpp"

namespace parafunc {

namespace {

using engine::GufuncSpec;
using engine::LoopSpec;
using engine::type_num;

template <template <class> class Acc, Core core, class T>
LoopSpec reduce_loop() {
    using A = Acc<T>;
    auto *loop = core == Core::kOneAxis      ? &engine::reduce_loop<A>
                 : core == Core::kMiddleAxis ? &engine::reduce_middle_loop<A>
                                             : &engine::reduce_runs_loop<A>;
    const int out = type_num<typename A::output_type>();
    if constexpr (A::kParameters == 0) {
        return LoopSpec{{type_num<T>(), out}, loop};
    } else {
        return LoopSpec{{type_num<T>(), NPY_INTP, out}, loop};
    }
}

template <template <class> class Acc, Core core, class... T>
std::vector<LoopSpec> reduce_loops(engine::TypeList<T...>) {
    return {reduce_loop<Acc, core, T>()...};
}

// A public reduction gufunc; Acc<double>::kParameters tells its signature.
template <template <class> class Acc>
GufuncSpec reduction(const char *name, const char *doc) {
    const int parameters = Acc<double>::kParameters;
    GufuncSpec spec{name,
                    parameters ? "(n),()->()" : "(n)->()",
                    1 + parameters,
                    1,
                    doc,
                    reduce_loops<Acc, Core::kOneAxis>(engine::FloatAndIntTypes{})};
    spec.direct = &engine::direct_reduction;
    return spec;
}

// Its internal companion for a middle axis (the wrappers call it on a (p, n, q) view).
template <template <class> class Acc>
GufuncSpec middle_axis_reduction(const char *name) {
    const int parameters = Acc<double>::kParameters;
    return {name,
            parameters ? "(p,n,q),()->(p,q)" : "(p,n,q)->(p,q)",
            1 + parameters,
            1,
            "the reduction along the middle axis of a (p, n, q) view, in one call (internal)",
            reduce_loops<Acc, Core::kMiddleAxis>(engine::FloatAndIntTypes{})};
}

}  // namespace

// Its internal companion for several axes that do not merge into one (the wrappers call
// it on an (i, j, k, l) view of them).
template <template <class> class Acc>
GufuncSpec runs_reduction(const char *name) {
    const int parameters = Acc<double>::kParameters;
    return {name,
            parameters ? "(i,j,k,l),()->()" : "(i,j,k,l)->()",
            1 + parameters,
            1,
            "the reduction over up to four axes that do not merge, in one call (internal)",
            reduce_loops<Acc, Core::kRuns>(engine::FloatAndIntTypes{})};
}

int register_reduce(PyObject *module) {
    // static: the gufuncs keep pointers to their entries for type promotion.
    static const GufuncSpec table[] = {
        reduction<NanSum>("nansum",
                          "nansum(a) -> the sum of the non-NaN elements of a along its last axis "
                          "(raw gufunc; see parafunc.nansum)"),
        middle_axis_reduction<NanSum>("_nansum_middle"),
        runs_reduction<NanSum>("_nansum_runs"),
        reduction<NanMean>("nanmean",
                           "nanmean(a) -> the mean of the non-NaN elements of a along its last "
                           "axis (raw gufunc; see parafunc.nanmean)"),
        middle_axis_reduction<NanMean>("_nanmean_middle"),
        runs_reduction<NanMean>("_nanmean_runs"),
        reduction<NanVar>("nanvar",
                          "nanvar(a, ddof) -> the variance of the non-NaN elements of a along its "
                          "last axis (raw gufunc; see parafunc.nanvar)"),
        middle_axis_reduction<NanVar>("_nanvar_middle"),
        runs_reduction<NanVar>("_nanvar_runs"),
        reduction<NanStd>("nanstd",
                          "nanstd(a, ddof) -> the standard deviation of the non-NaN elements of a "
                          "along its last axis (raw gufunc; see parafunc.nanstd)"),
        middle_axis_reduction<NanStd>("_nanstd_middle"),
        runs_reduction<NanStd>("_nanstd_runs"),
        reduction<NanMin>("nanmin",
                          "nanmin(a) -> the smallest non-NaN element of a along its last axis (raw "
                          "gufunc; see parafunc.nanmin)"),
        middle_axis_reduction<NanMin>("_nanmin_middle"),
        runs_reduction<NanMin>("_nanmin_runs"),
        reduction<NanMax>("nanmax",
                          "nanmax(a) -> the largest non-NaN element of a along its last axis (raw "
                          "gufunc; see parafunc.nanmax)"),
        middle_axis_reduction<NanMax>("_nanmax_middle"),
        runs_reduction<NanMax>("_nanmax_runs"),
        reduction<NanArgMin>("nanargmin",
                             "nanargmin(a) -> the index of the first smallest non-NaN element of a "
                             "along its last axis (raw gufunc; see parafunc.nanargmin)"),
        middle_axis_reduction<NanArgMin>("_nanargmin_middle"),
        runs_reduction<NanArgMin>("_nanargmin_runs"),
        reduction<NanArgMax>("nanargmax",
                             "nanargmax(a) -> the index of the first largest non-NaN element of a "
                             "along its last axis (raw gufunc; see parafunc.nanargmax)"),
        middle_axis_reduction<NanArgMax>("_nanargmax_middle"),
        runs_reduction<NanArgMax>("_nanargmax_runs"),
        reduction<Ss>("ss",
                      "ss(a) -> the sum of the squares of a along its last axis (raw gufunc; see "
                      "parafunc.ss)"),
        middle_axis_reduction<Ss>("_ss_middle"),
        runs_reduction<Ss>("_ss_runs"),
        reduction<AnyNan>("anynan",
                          "anynan(a) -> whether any element of a along its last axis is NaN (raw "
                          "gufunc; see parafunc.anynan)"),
        middle_axis_reduction<AnyNan>("_anynan_middle"),
        runs_reduction<AnyNan>("_anynan_runs"),
        reduction<AllNan>("allnan",
                          "allnan(a) -> whether every element of a along its last axis is NaN (raw "
                          "gufunc; see parafunc.allnan)"),
        middle_axis_reduction<AllNan>("_allnan_middle"),
        runs_reduction<AllNan>("_allnan_runs"),
        reduction<NanCount>("nancount",
                            "nancount(a) -> the number of non-NaN elements of a along its last "
                            "axis (raw gufunc; see parafunc.nancount)"),
        middle_axis_reduction<NanCount>("_nancount_middle"),
        runs_reduction<NanCount>("_nancount_runs"),
    };
    return engine::add_gufuncs(module, table);
}

}  // namespace parafunc
