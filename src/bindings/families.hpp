// One registration function per family; module.cpp calls each once at import.
#pragma once

#include <Python.h>

namespace parafunc {

// Which core signature a loop serves: a family's public one, its middle-axis companion
// (p, n, q) that the wrappers call for an axis with others on both sides, or (reductions)
// its companion (i, j, k, l) for several axes that do not merge into one.
enum class Core { kOneAxis, kMiddleAxis, kRuns };

int register_reduce(PyObject *module);
int register_moving(PyObject *module);
int register_moving_pairs(PyObject *module);
int register_quantile(PyObject *module);
int register_exponential(PyObject *module);
int register_fills(PyObject *module);
int register_ranks(PyObject *module);

}  // namespace parafunc
