// Registration table of the ranks family (whole-series orderings): rankdata and
// nanrankdata of core signature (n)->(n) with float64 output, partition and argpartition
// of (n),()->(n) with kth an intp and output the input's dtype or intp, each with an
// internal companion for middle axes (series_loop.hpp).
#include "../engine/dtypes.hpp"
#include "../engine/gufunc.hpp"
#include "../engine/series_loop.hpp"
#include "../kernels/ranks.hpp"
#include "families.hpp"

namespace parafunc {

namespace {

using engine::GufuncSpec;
using engine::LoopSpec;
using engine::type_num;

template <template <class> class Fn, Core core, class... T>
std::vector<LoopSpec> series_loops(engine::TypeList<T...>) {
    auto loop = [](auto *fn) {
        using F = std::remove_pointer_t<decltype(fn)>;
        auto *run =
            core == Core::kOneAxis ? &engine::series_loop<F> : &engine::series_middle_loop<F>;
        const int in = type_num<typename F::input_type>();
        const int out = type_num<typename F::output_type>();
        if constexpr (F::kTakesKth) {
            return LoopSpec{{in, NPY_INTP, out}, run};
        } else {
            return LoopSpec{{in, out}, run};
        }
    };
    return {loop(static_cast<Fn<T> *>(nullptr))...};
}

// A public gufunc; `doc` is its docstring.
template <template <class> class Fn>
GufuncSpec series(const char *name, const char *doc) {
    const bool kth = Fn<double>::kTakesKth;
    return {name, kth ? "(n),()->(n)" : "(n)->(n)", 1 + kth, 1, doc,
            series_loops<Fn, Core::kOneAxis>(engine::FloatAndIntTypes{})};
}

// Its internal companion for a middle axis of a (p, n, q) view.
template <template <class> class Fn>
GufuncSpec middle_axis_series(const char *name) {
    const bool kth = Fn<double>::kTakesKth;
    return {name,
            kth ? "(p,n,q),()->(p,n,q)" : "(p,n,q)->(p,n,q)",
            1 + kth,
            1,
            "the ordering along the middle axis of a (p, n, q) view, in one call (internal)",
            series_loops<Fn, Core::kMiddleAxis>(engine::FloatAndIntTypes{})};
}

}  // namespace

int register_ranks(PyObject *module) {
    // static: the gufuncs keep pointers to their entries for type promotion.
    static const GufuncSpec table[] = {
        series<RankData>("rankdata",
                         "rankdata(a) -> ranks (from 1, ties averaged, NaN after every number) "
                         "along the last axis, float64 (raw gufunc; see parafunc.rankdata)"),
        middle_axis_series<RankData>("_rankdata_middle"),
        series<NanRankData>("nanrankdata",
                            "nanrankdata(a) -> ranks (from 1, ties averaged) of the non-NaN "
                            "elements along the last axis, NaN kept, float64 (raw gufunc; see "
                            "parafunc.nanrankdata)"),
        middle_axis_series<NanRankData>("_nanrankdata_middle"),
        series<Partition>("partition",
                          "partition(a, kth) -> a copy of a partitioned along its last axis "
                          "around index kth, NaN the largest (raw gufunc; see "
                          "parafunc.partition)"),
        middle_axis_series<Partition>("_partition_middle"),
        series<ArgPartition>("argpartition",
                             "argpartition(a, kth) -> the indices (intp) that partition a along "
                             "its last axis around index kth (raw gufunc; see "
                             "parafunc.argpartition)"),
        middle_axis_series<ArgPartition>("_argpartition_middle"),
    };
    return engine::add_gufuncs(module, table);
}

}  // namespace parafunc
