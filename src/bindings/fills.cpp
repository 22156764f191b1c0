// Registration table of the fills: gufuncs of core signature (n),()->(n), the scalar being
// the limit (intp), for ffill and bfill, and (n),(),()->(n) for replace, the scalars being
// old and new (of the data's dtype); each with an internal companion of core (p,n,q) for
// middle axes (scan_loop.hpp). Output dtype: the input's.
#include "../kernels/fills.hpp"

#include <tuple>

#include "../engine/dtypes.hpp"
#include "../engine/gufunc.hpp"
#include "../engine/scan_loop.hpp"
#include "families.hpp"

namespace parafunc {

namespace {

using engine::GufuncSpec;
using engine::LoopSpec;
using engine::type_num;

template <class Scalar>
constexpr int scalar_type_num() {
    if constexpr (std::is_same_v<Scalar, index_t>) {
        return NPY_INTP;
    } else {
        return type_num<Scalar>();
    }
}

template <template <class> class Kernel, Core core, class T, std::size_t... S>
LoopSpec scan_loop(std::index_sequence<S...>) {
    using K = Kernel<T>;
    auto *loop = core == Core::kOneAxis ? &engine::scan_loop<K> : &engine::scan_middle_loop<K>;
    return LoopSpec{
        {type_num<T>(), scalar_type_num<std::tuple_element_t<S, typename K::Scalars>>()...,
         type_num<typename K::output_type>()},
        loop};
}

template <template <class> class Kernel, Core core, class... T>
std::vector<LoopSpec> scan_loops(engine::TypeList<T...>) {
    constexpr std::size_t scalars = engine::kScalarsOf<Kernel<double>>;
    return {scan_loop<Kernel, core, T>(std::make_index_sequence<scalars>{})...};
}

// A public scan gufunc of signature `signature`; `doc` is its docstring.
template <template <class> class Kernel>
GufuncSpec scan(const char *name, const char *signature, const char *doc) {
    return {name, signature, 1 + engine::kScalarsOf<Kernel<double>>,
            1,    doc,       scan_loops<Kernel, Core::kOneAxis>(engine::FloatAndIntTypes{})};
}

// Its internal companion for a middle axis of a (p, n, q) view.
template <template <class> class Kernel>
GufuncSpec middle_axis_scan(const char *name, const char *signature) {
    return {name,
            signature,
            1 + engine::kScalarsOf<Kernel<double>>,
            1,
            "the scan along the middle axis of a (p, n, q) view, in one call (internal)",
            scan_loops<Kernel, Core::kMiddleAxis>(engine::FloatAndIntTypes{})};
}

}  // namespace

int register_fills(PyObject *module) {
    // static: the gufuncs keep pointers to their entries for type promotion.
    static const GufuncSpec table[] = {
        scan<FillForward>("ffill", "(n),()->(n)",
                          "ffill(a, limit) -> each NaN replaced by the last non-NaN value at "
                          "most limit steps before it, along the last axis (raw gufunc; see "
                          "parafunc.ffill and parafunc.push)"),
        middle_axis_scan<FillForward>("_ffill_middle", "(p,n,q),()->(p,n,q)"),
        scan<FillBackward>("bfill", "(n),()->(n)",
                           "bfill(a, limit) -> each NaN replaced by the next non-NaN value at "
                           "most limit steps after it, along the last axis (raw gufunc; see "
                           "parafunc.bfill)"),
        middle_axis_scan<FillBackward>("_bfill_middle", "(p,n,q),()->(p,n,q)"),
        scan<Replace>("replace", "(n),(),()->(n)",
                      "replace(a, old, new) -> a with every element equal to old (every NaN "
                      "for a NaN old) replaced by new; with out=a, in place (raw gufunc; see "
                      "parafunc.replace)"),
    };
    return engine::add_gufuncs(module, table);
}

}  // namespace parafunc
