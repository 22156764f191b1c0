// Registration table of the moving-window family: gufuncs of core signature
// (n),(),()->(n), the scalars being window and min_count (both intp), or
// (n),(),(),()->(n) for kernels with a parameter (move_var's and move_std's ddof, an intp;
// move_quantile's q, a float64), each
// with an internal companion of core (p,n,q) for middle axes (moving_loop.hpp).
#include <type_traits>

#include "../engine/direct_call.hpp"
#include "../engine/dtypes.hpp"
#include "../engine/gufunc.hpp"
#include "../engine/moving_loop.hpp"
#include "../kernels/moving.hpp"
#include "../kernels/moving_extremes.hpp"
#include "../kernels/moving_moments.hpp"
#include "../kernels/moving_order.hpp"
#include "families.hpp"

namespace parafunc {

namespace {

using engine::GufuncSpec;
using engine::LoopSpec;
using engine::type_num;

template <template <class> class Acc, Core core, class T>
LoopSpec moving_loop() {
    using A = Acc<T>;
    auto *loop = core == Core::kOneAxis ? &engine::moving_loop<A> : &engine::moving_middle_loop<A>;
    const int out = type_num<typename A::output_type>();
    if constexpr (A::kParameters == 0) {
        return LoopSpec{{type_num<T>(), NPY_INTP, NPY_INTP, out}, loop};
    } else {
        using Parameter = typename A::parameter_type;
        const int parameter = std::is_same_v<Parameter, double> ? NPY_FLOAT64 : NPY_INTP;
        return LoopSpec{{type_num<T>(), NPY_INTP, NPY_INTP, parameter, out}, loop};
    }
}

template <template <class> class Acc, Core core, class... T>
std::vector<LoopSpec> moving_loops(engine::TypeList<T...>) {
    return {moving_loop<Acc, core, T>()...};
}

// The wrappers' plain calls, out=None: (a, window, min_count, axis[, parameter]) with
// window in [1, length], min_count None or in [1, window], axis an int, a parameter of the
// loop's type (direct_call.hpp). NotImplemented for the others, whose errors the wrapper
// raises in bottleneck's words.
PyObject *direct_moving(const GufuncSpec &spec, PyObject *const *args) {
    PyArrayObject *a = engine::plain_array(args[0]);
    int axis = 0;
    if (a == nullptr || !engine::read_axis(args[3], PyArray_NDIM(a), axis)) {
        return engine::not_implemented();
    }
    engine::ScalarOperand scalars[3]{};  // window, min_count[, parameter]
    engine::ScalarOperand &window = scalars[0], &min_count = scalars[1];
    if (!engine::read_scalar(args[1], NPY_INTP, window) || window.integer < 1 ||
        window.integer > PyArray_DIM(a, axis)) {
        return engine::not_implemented();
    }
    if (args[2] == Py_None) {
        min_count = window;
    } else if (!engine::read_scalar(args[2], NPY_INTP, min_count) || min_count.integer < 1 ||
               min_count.integer > window.integer) {
        return engine::not_implemented();
    }
    if (spec.nin == 4 && !engine::read_scalar(args[4], spec.loops[0].type_nums[3], scalars[2])) {
        return engine::not_implemented();
    }
    return engine::call_loop_directly(spec, a, axis, scalars, engine::Result::kSameShape);
}

// A public moving-window gufunc; `doc` is its docstring.
template <template <class> class Acc>
GufuncSpec moving(const char *name, const char *doc) {
    const bool parameter = Acc<double>::kParameters == 1;
    GufuncSpec spec{name, parameter ? "(n),(),(),()->(n)" : "(n),(),()->(n)",   3 + parameter, 1,
                    doc,  moving_loops<Acc, Core::kOneAxis>(engine::FloatAndIntTypes{})};
    spec.direct = &direct_moving;
    return spec;
}

// Its internal companion for a middle axis of a (p, n, q) view.
template <template <class> class Acc>
GufuncSpec middle_axis_moving(const char *name) {
    const bool parameter = Acc<double>::kParameters == 1;
    return {name,
            parameter ? "(p,n,q),(),(),()->(p,n,q)" : "(p,n,q),(),()->(p,n,q)",
            3 + parameter,
            1,
            "the moving-window function along the middle axis of a (p, n, q) view, in one "
            "call (internal)",
            moving_loops<Acc, Core::kMiddleAxis>(engine::FloatAndIntTypes{})};
}

}  // namespace

int register_moving(PyObject *module) {
    // static: the gufuncs keep pointers to their entries for type promotion.
    static const GufuncSpec table[] = {
        moving<MoveSum>("move_sum",
                        "move_sum(a, window, min_count) -> moving sum along the last axis "
                        "(raw gufunc; see parafunc.move_sum)"),
        middle_axis_moving<MoveSum>("_move_sum_middle"),
        moving<MoveMean>("move_mean",
                         "move_mean(a, window, min_count) -> moving mean along the last axis "
                         "(raw gufunc; see parafunc.move_mean)"),
        middle_axis_moving<MoveMean>("_move_mean_middle"),
        moving<MoveVar>("move_var",
                        "move_var(a, window, min_count, ddof) -> moving variance along the last "
                        "axis (raw gufunc; see parafunc.move_var)"),
        middle_axis_moving<MoveVar>("_move_var_middle"),
        moving<MoveStd>("move_std",
                        "move_std(a, window, min_count, ddof) -> moving standard deviation "
                        "along the last axis (raw gufunc; see parafunc.move_std)"),
        middle_axis_moving<MoveStd>("_move_std_middle"),
        moving<MoveMin>("move_min",
                        "move_min(a, window, min_count) -> moving minimum along the last axis "
                        "(raw gufunc; see parafunc.move_min)"),
        middle_axis_moving<MoveMin>("_move_min_middle"),
        moving<MoveMax>("move_max",
                        "move_max(a, window, min_count) -> moving maximum along the last axis "
                        "(raw gufunc; see parafunc.move_max)"),
        middle_axis_moving<MoveMax>("_move_max_middle"),
        moving<MoveArgMin>("move_argmin",
                           "move_argmin(a, window, min_count) -> steps back to the moving "
                           "minimum along the last axis (raw gufunc; see parafunc.move_argmin)"),
        middle_axis_moving<MoveArgMin>("_move_argmin_middle"),
        moving<MoveArgMax>("move_argmax",
                           "move_argmax(a, window, min_count) -> steps back to the moving "
                           "maximum along the last axis (raw gufunc; see parafunc.move_argmax)"),
        middle_axis_moving<MoveArgMax>("_move_argmax_middle"),
        moving<MoveMedian>("move_median",
                           "move_median(a, window, min_count) -> moving median along the last "
                           "axis (raw gufunc; see parafunc.move_median)"),
        middle_axis_moving<MoveMedian>("_move_median_middle"),
        moving<MoveQuantile>("move_quantile",
                             "move_quantile(a, window, min_count, q) -> moving quantile along "
                             "the last axis (raw gufunc; see parafunc.move_quantile)"),
        middle_axis_moving<MoveQuantile>("_move_quantile_middle"),
        moving<MoveRank>("move_rank",
                         "move_rank(a, window, min_count) -> rank of the newest element in its "
                         "moving window, in [-1, 1] (raw gufunc; see parafunc.move_rank)"),
        middle_axis_moving<MoveRank>("_move_rank_middle"),
    };
    return engine::add_gufuncs(module, table);
}

}  // namespace parafunc
