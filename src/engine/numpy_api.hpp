// Include this, never the NumPy headers directly: it makes every translation unit share
// the one NumPy C-API table that module.cpp imports (PARAFUNC_NUMPY_API_OWNER set there).
#pragma once

#define NPY_NO_DEPRECATED_API NPY_2_0_API_VERSION
#define NPY_TARGET_VERSION NPY_2_0_API_VERSION
#define PY_ARRAY_UNIQUE_SYMBOL parafunc_ARRAY_API
#define PY_UFUNC_UNIQUE_SYMBOL parafunc_UFUNC_API
#ifndef PARAFUNC_NUMPY_API_OWNER
#define NO_IMPORT_ARRAY
#define NO_IMPORT_UFUNC
#endif

#include <Python.h>
#include <numpy/arrayobject.h>
#include <numpy/dtype_api.h>
#include <numpy/ufuncobject.h>
