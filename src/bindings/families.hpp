// One registration function per family; module.cpp calls each once at import.
#pragma once

#include <Python.h>

namespace parafunc {

int register_reduce(PyObject *module);
int register_moving(PyObject *module);

}  // namespace parafunc
