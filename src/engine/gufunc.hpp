// Building a gufunc from a registration-table entry.
//
// Every loop is registered through NumPy's ArrayMethod API (PyUFunc_AddLoopFromSpec,
// public since NumPy 2.0) rather than as a legacy loop: a loop can then return an error
// (NumPy stops and raises it; a legacy loop cannot stop NumPy from calling it again), and
// NumPy checks the floating-point flags the loop leaves on the calling thread.
#pragma once

#include <array>
#include <vector>

#include "numpy_api.hpp"

namespace parafunc::engine {

inline constexpr int kMaxOperands = 5;

struct LoopSpec {
    std::array<int, kMaxOperands> type_nums;  // inputs then outputs
    PyArrayMethod_StridedLoop *loop;
};

struct GufuncSpec {
    const char *name;
    const char *signature;
    int nin;
    int nout;
    const char *doc;
    std::vector<LoopSpec> loops;
    // Leading operands that are data (two for move_exp_nancov(a, b, ...)): the promoter
    // picks the loop for their common DType, never casting one down to the other's.
    int arrays = 1;
    // The family's direct call (direct_call.hpp): the wrapper's arguments in (the gufunc's
    // nin inputs and an axis, in the family's order; their count checked before), the
    // result or NotImplemented out. Where set, the module also gets `_<name>_direct`.
    PyObject *(*direct)(const GufuncSpec &spec, PyObject *const *args) = nullptr;
};

// Creates the gufunc and adds it to `module` under spec.name. Returns 0, or -1 with a
// Python exception set. `spec` must outlive the module (registration tables are static):
// the gufunc's type promoter looks its loops up there.
int add_gufunc(PyObject *module, const GufuncSpec &spec);

// Adds every gufunc of a registration table.
template <std::size_t N>
int add_gufuncs(PyObject *module, const GufuncSpec (&table)[N]) {
    for (const GufuncSpec &spec : table) {
        if (add_gufunc(module, spec) < 0) return -1;
    }
    return 0;
}

}  // namespace parafunc::engine
