// Registration table of the exponential moving windows: gufuncs of core signature
// (n),(),()->(n), or (n),(n),(),()->(n) for the two-series cov and corr, the scalars being
// alpha and min_weight (both float64), each with an internal companion of core (p,n,q)
// for middle axes (exponential_loop.hpp).
#include "../engine/dtypes.hpp"
#include "../engine/exponential_loop.hpp"
#include "../engine/gufunc.hpp"
#include "../kernels/exponential.hpp"
#include "families.hpp"

namespace parafunc {

namespace {

using engine::GufuncSpec;
using engine::LoopSpec;
using engine::type_num;

template <template <class> class Acc, Core core, class T>
LoopSpec exponential_loop() {
    using A = Acc<T>;
    auto *loop =
        core == Core::kOneAxis ? &engine::exponential_loop<A> : &engine::exponential_middle_loop<A>;
    const int out = type_num<typename A::output_type>();
    if constexpr (A::kInputs == 1) {
        return LoopSpec{{type_num<T>(), NPY_FLOAT64, NPY_FLOAT64, out}, loop};
    } else {
        return LoopSpec{{type_num<T>(), type_num<T>(), NPY_FLOAT64, NPY_FLOAT64, out}, loop};
    }
}

template <template <class> class Acc, Core core, class... T>
std::vector<LoopSpec> exponential_loops(engine::TypeList<T...>) {
    return {exponential_loop<Acc, core, T>()...};
}

// A public exponential-window gufunc; `doc` is its docstring.
template <template <class> class Acc>
GufuncSpec exponential(const char *name, const char *doc) {
    const bool two = Acc<double>::kInputs == 2;
    return {name,
            two ? "(n),(n),(),()->(n)" : "(n),(),()->(n)",
            2 + Acc<double>::kInputs,
            1,
            doc,
            exponential_loops<Acc, Core::kOneAxis>(engine::FloatAndIntTypes{}),
            Acc<double>::kInputs};
}

// Its internal companion for a middle axis of a (p, n, q) view.
template <template <class> class Acc>
GufuncSpec middle_axis_exponential(const char *name) {
    const bool two = Acc<double>::kInputs == 2;
    return {name,
            two ? "(p,n,q),(p,n,q),(),()->(p,n,q)" : "(p,n,q),(),()->(p,n,q)",
            2 + Acc<double>::kInputs,
            1,
            "the exponential moving window along the middle axis of a (p, n, q) view, in one "
            "call (internal)",
            exponential_loops<Acc, Core::kMiddleAxis>(engine::FloatAndIntTypes{}),
            Acc<double>::kInputs};
}

}  // namespace

int register_exponential(PyObject *module) {
    // static: the gufuncs keep pointers to their entries for type promotion.
    static const GufuncSpec table[] = {
        exponential<MoveExpNancount>(
            "move_exp_nancount",
            "move_exp_nancount(a, alpha, min_weight) -> exponentially weighted count of "
            "non-NaN values along the last axis (raw gufunc; see parafunc.move_exp_nancount)"),
        middle_axis_exponential<MoveExpNancount>("_move_exp_nancount_middle"),
        exponential<MoveExpNansum>(
            "move_exp_nansum",
            "move_exp_nansum(a, alpha, min_weight) -> exponentially weighted sum along the "
            "last axis (raw gufunc; see parafunc.move_exp_nansum)"),
        middle_axis_exponential<MoveExpNansum>("_move_exp_nansum_middle"),
        exponential<MoveExpNanmean>(
            "move_exp_nanmean",
            "move_exp_nanmean(a, alpha, min_weight) -> exponentially weighted mean along the "
            "last axis (raw gufunc; see parafunc.move_exp_nanmean)"),
        middle_axis_exponential<MoveExpNanmean>("_move_exp_nanmean_middle"),
        exponential<MoveExpNanvar>(
            "move_exp_nanvar",
            "move_exp_nanvar(a, alpha, min_weight) -> exponentially weighted variance along "
            "the last axis (raw gufunc; see parafunc.move_exp_nanvar)"),
        middle_axis_exponential<MoveExpNanvar>("_move_exp_nanvar_middle"),
        exponential<MoveExpNanstd>(
            "move_exp_nanstd",
            "move_exp_nanstd(a, alpha, min_weight) -> exponentially weighted standard "
            "deviation along the last axis (raw gufunc; see parafunc.move_exp_nanstd)"),
        middle_axis_exponential<MoveExpNanstd>("_move_exp_nanstd_middle"),
        exponential<MoveExpNancov>(
            "move_exp_nancov",
            "move_exp_nancov(a, b, alpha, min_weight) -> exponentially weighted covariance "
            "along the last axis (raw gufunc; see parafunc.move_exp_nancov)"),
        middle_axis_exponential<MoveExpNancov>("_move_exp_nancov_middle"),
        exponential<MoveExpNancorr>(
            "move_exp_nancorr",
            "move_exp_nancorr(a, b, alpha, min_weight) -> exponentially weighted correlation "
            "along the last axis (raw gufunc; see parafunc.move_exp_nancorr)"),
        middle_axis_exponential<MoveExpNancorr>("_move_exp_nancorr_middle"),
    };
    return engine::add_gufuncs(module, table);
}

}  // namespace parafunc
