#include "direct_call.hpp"

#include <cfenv>
#include <string>

namespace parafunc::engine {

namespace {

// The flags np.errstate governs; "inexact", which nearly every floating-point operation
// raises, NumPy never reports.
constexpr int kWatchedFlags = FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID;

// The loop registered for exactly a's dtype (NumPy's int64 arrays are NPY_LONG, the
// type_num<std::int64_t> of the tables, on the platforms NumPy 2 builds for; an
// np.longlong array finds none and goes the general way).
const LoopSpec *exact_loop(const GufuncSpec &spec, PyArrayObject *a) {
    const int type = PyArray_TYPE(a);
    for (const LoopSpec &loop : spec.loops) {
        if (loop.type_nums[0] == type) return &loop;
    }
    return nullptr;
}

// Where the loop reads its operands: NumPy's layout for a gufunc of one data operand
// (dims = {outer, core}; strides = the operands' outer strides, then the core strides of
// the data and, for a same-shape result, of the output).
struct Operands {
    char *data[kMaxOperands];
    npy_intp strides[kMaxOperands + 2];
};

PyArrayObject *new_output(PyArrayObject *a, int axis, int type_num, Result result) {
    if (result == Result::kSameShape) {
        PyArray_Descr *descr = PyArray_DescrFromType(type_num);
        if (descr == nullptr) return nullptr;
        // Like the input in memory, as the wrappers allocate it (steals descr).
        return reinterpret_cast<PyArrayObject *>(PyArray_NewLikeArray(a, NPY_KEEPORDER, descr, 0));
    }
    const bool kept_axis = axis != kEveryElement && PyArray_NDIM(a) == 2;
    npy_intp length = kept_axis ? PyArray_DIM(a, 1 - axis) : 1;
    return reinterpret_cast<PyArrayObject *>(PyArray_SimpleNew(kept_axis ? 1 : 0, &length, type_num));
}

}  // namespace

bool read_scalar(PyObject *value, int type_num, ScalarOperand &scalar) {
    if (type_num == NPY_INTP) {
        if (PyLong_CheckExact(value)) {
            scalar.integer = PyLong_AsSsize_t(value);
            if (scalar.integer == -1 && PyErr_Occurred()) {
                PyErr_Clear();  // out of range: the general way says so
                return false;
            }
            return true;
        }
        PyArrayObject *array = plain_array(value);  // the wrappers' cached 0-d intp arrays
        if (array == nullptr || PyArray_NDIM(array) != 0 || PyArray_TYPE(array) != NPY_INTP) {
            return false;
        }
        scalar.integer = *reinterpret_cast<const npy_intp *>(PyArray_DATA(array));
        return true;
    }
    if (type_num == NPY_FLOAT64 && PyFloat_CheckExact(value)) {
        scalar.real = PyFloat_AS_DOUBLE(value);
        return true;
    }
    return false;
}

PyArrayObject *plain_array(PyObject *a) {
    if (!PyArray_CheckExact(a)) return nullptr;
    auto *array = reinterpret_cast<PyArrayObject *>(a);
    if (!PyArray_ISALIGNED(array) || !PyArray_ISNBO(PyArray_DESCR(array)->byteorder)) {
        return nullptr;
    }
    return array;
}

bool read_axis(PyObject *value, int ndim, int &axis) {
    if (!PyLong_CheckExact(value)) return false;
    const long index = PyLong_AsLong(value);
    if (index == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return false;
    }
    if (index < -ndim || index >= ndim) return false;
    axis = static_cast<int>(index < 0 ? index + ndim : index);
    return true;
}

PyObject *call_loop_directly(const GufuncSpec &spec, PyArrayObject *a, int axis,
                             const ScalarOperand *scalars, Result result) {
    const LoopSpec *loop = exact_loop(spec, a);
    const int ndim = PyArray_NDIM(a);
    const bool every_element = axis == kEveryElement;
    if (loop == nullptr || PyArray_SIZE(a) == 0 || ndim == 0 ||
        spec.nin + spec.nout > kMaxOperands) {
        return not_implemented();
    }
    if (every_element ? result != Result::kReduced || !PyArray_IS_C_CONTIGUOUS(a) : ndim > 2) {
        return not_implemented();
    }
    PyArrayObject *out = new_output(a, axis, loop->type_nums[spec.nin], result);
    if (out == nullptr) return nullptr;
    const bool outer_axis = !every_element && ndim == 2;
    Operands operands{};
    operands.data[0] = PyArray_BYTES(a);
    for (int i = 1; i < spec.nin; ++i) {  // the scalars: the same for every series
        operands.data[i] = reinterpret_cast<char *>(const_cast<ScalarOperand *>(scalars + i - 1));
    }
    operands.data[spec.nin] = PyArray_BYTES(out);
    npy_intp *core_strides = operands.strides + spec.nin + 1;
    npy_intp dims[2];
    if (every_element) {
        dims[0] = 1;
        dims[1] = PyArray_SIZE(a);
        core_strides[0] = PyArray_ITEMSIZE(a);
    } else {
        dims[0] = outer_axis ? PyArray_DIM(a, 1 - axis) : 1;
        dims[1] = PyArray_DIM(a, axis);
        core_strides[0] = PyArray_STRIDE(a, axis);
    }
    if (outer_axis) {
        operands.strides[0] = PyArray_STRIDE(a, 1 - axis);
        operands.strides[spec.nin] = PyArray_STRIDE(out, result == Result::kReduced ? 0 : 1 - axis);
    }
    if (result == Result::kSameShape) core_strides[1] = PyArray_STRIDE(out, axis);

    // The caller's flags are usually clear (NumPy clears them after each call it
    // checks): then nothing is saved or restored. glibc's feclearexcept and
    // fesetexceptflag rewrite the x87 environment: with them, a direct call's own cost
    // (allnan of 10 numbers, the Python wrapper aside) was 0.23 us, without 0.10.
    const bool callers_raised = std::fetestexcept(kWatchedFlags) != 0;
    std::fexcept_t callers_flags{};
    if (callers_raised) {
        std::fegetexceptflag(&callers_flags, kWatchedFlags);
        std::feclearexcept(kWatchedFlags);
    }
    const int status = loop->loop(nullptr, operands.data, dims, operands.strides, nullptr);
    const bool raised = std::fetestexcept(kWatchedFlags) != 0;
    if (callers_raised) {
        std::fesetexceptflag(&callers_flags, kWatchedFlags);
    } else if (raised) {
        std::feclearexcept(kWatchedFlags);
    }
    if (status < 0 || raised) {
        Py_DECREF(out);
        return status < 0 ? nullptr : not_implemented();
    }
    if (result == Result::kReduced) return PyArray_Return(out);  // a 0-d result: a NumPy scalar
    return reinterpret_cast<PyObject *>(out);
}

PyObject *direct_reduction(const GufuncSpec &spec, PyObject *const *args) {
    PyArrayObject *a = plain_array(args[0]);
    if (a == nullptr) return not_implemented();
    const int ndim = PyArray_NDIM(a);
    int axis = ndim == 1 ? 0 : kEveryElement;  // axis=None
    if (args[1] != Py_None && !read_axis(args[1], ndim, axis)) {
        return not_implemented();
    }
    ScalarOperand parameter{};
    if (spec.nin == 2 && !read_scalar(args[2], NPY_INTP, parameter)) {
        return not_implemented();
    }
    return call_loop_directly(spec, a, axis, &parameter, Result::kReduced);
}

namespace {

// What a `_<name>_direct` function holds: its name and method table, which Python keeps
// pointers to for the function's lifetime (the module's, as extension modules are never
// unloaded), and its spec, in the capsule that is the function's `self`.
struct DirectFunction {
    std::string name;
    PyMethodDef method;
};

PyObject *call_direct(PyObject *capsule, PyObject *const *args, Py_ssize_t nargs) {
    const auto *spec = static_cast<const GufuncSpec *>(PyCapsule_GetPointer(capsule, nullptr));
    if (spec == nullptr) return nullptr;
    if (nargs != spec->nin + 1) {  // every family's: the gufunc's inputs and an axis
        PyErr_Format(PyExc_TypeError, "_%s_direct takes %d arguments", spec->name, spec->nin + 1);
        return nullptr;
    }
    return spec->direct(*spec, args);
}

}  // namespace

int add_direct_call(PyObject *module, const GufuncSpec &spec) {
    // Never freed: Python points to it while the module lives.
    auto *function = new DirectFunction{std::string("_") + spec.name + "_direct", {}};
    function->method = {function->name.c_str(), reinterpret_cast<PyCFunction>(&call_direct),
                        METH_FASTCALL,
                        "the public function's plain calls, without NumPy's ufunc machinery; "
                        "NotImplemented for the others (internal)"};
    PyObject *capsule = PyCapsule_New(const_cast<GufuncSpec *>(&spec), nullptr, nullptr);
    if (capsule == nullptr) return -1;
    PyObject *callable = PyCFunction_NewEx(&function->method, capsule, nullptr);
    Py_DECREF(capsule);
    if (callable == nullptr) return -1;
    const int status = PyModule_AddObjectRef(module, function->name.c_str(), callable);
    Py_DECREF(callable);
    return status;
}

}  // namespace parafunc::engine
