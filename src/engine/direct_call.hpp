// Calling a gufunc's loop without NumPy's ufunc machinery, for the plain calls where that
// machinery is most of the time: on a length-10 array NumPy's gufunc call alone takes
// ~1.3 us (operand conversion, type resolution, the iterator), the loop ~50 ns.
//
// A family that wants it sets GufuncSpec::direct to a function that reads the wrapper's
// arguments and takes only their happy path, handing the rest back (NotImplemented): the
// wrapper then goes the general way, which raises bottleneck's errors. The engine's part
// takes only the plainest operand too: an exact ndarray (no subclass) of 1 or 2 axes
// (any number for a reduction of every element of a C-contiguous one), not empty, of a
// dtype with its own loop, aligned and in native byte order; the output is freshly
// allocated, so it never overlaps the input.
//
// Floating-point flags: NumPy turns flags a loop raises into warnings or errors under
// np.errstate. A direct call that raises any flag hands the call back and the general way
// computes it again with NumPy watching (the loops are deterministic, the input unchanged),
// so the user sees what NumPy would show; the caller's own flags are left as they were.
#pragma once

#include "gufunc.hpp"
#include "numpy_api.hpp"

namespace parafunc::engine {

// A scalar operand after the data (window, ddof, q) in the type its loop takes.
union ScalarOperand {
    npy_intp integer;
    double real;
};

// Converts a Python int, float or 0-d array `value` to the loop's scalar type `type_num`
// (NPY_INTP or NPY_FLOAT64) without a fuss: false where the general way should judge it
// (another type, a bool, an int out of range; no Python error is left set).
bool read_scalar(PyObject *value, int type_num, ScalarOperand &scalar);

// The operand a direct call takes, or nullptr: an exact ndarray that is aligned and in
// native byte order.
PyArrayObject *plain_array(PyObject *a);

// A Python int `value` as an axis of an ndim-dimensional array, made non-negative; false
// for anything else (no Python error is left set).
bool read_axis(PyObject *value, int ndim, int &axis);

// The core axis of a direct call: one axis of `a`, or every element in C order.
inline constexpr int kEveryElement = -1;

enum class Result { kReduced, kSameShape };

// Runs the loop of `spec` for `a`'s dtype once, the core along `axis` (non-negative, or
// kEveryElement), the scalars `scalars` (spec.nin - 1 of them) in the loop's types.
// Returns the result (a NumPy scalar for a 0-d one), NotImplemented (a new reference)
// where the call is not one this path takes or raised a floating-point flag, or nullptr
// with the loop's Python error set.
PyObject *call_loop_directly(const GufuncSpec &spec, PyArrayObject *a, int axis,
                             const ScalarOperand *scalars, Result result);

// The direct call of a reduction, for the wrappers' plain calls (out=None,
// keepdims=False): (a, axis[, parameter]), axis an int or None, a parameter (ddof) an int.
PyObject *direct_reduction(const GufuncSpec &spec, PyObject *const *args);

// Makes the Python function `_<spec.name>_direct` that calls spec.direct with the
// arguments it is given, and adds it to `module`. Returns 0, or -1 with an error set.
int add_direct_call(PyObject *module, const GufuncSpec &spec);

inline PyObject *not_implemented() { Py_RETURN_NOTIMPLEMENTED; }

}  // namespace parafunc::engine
