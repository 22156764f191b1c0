#include "gufunc.hpp"

#include <string>

namespace parafunc::engine {

namespace {

int add_loop(PyObject *ufunc, const GufuncSpec &spec, const LoopSpec &loop) {
    const int nargs = spec.nin + spec.nout;
    PyArray_DTypeMeta *dtypes[kMaxOperands] = {};
    for (int i = 0; i < nargs; ++i) {
        PyArray_Descr *descr = PyArray_DescrFromType(loop.type_nums[i]);
        if (descr == nullptr) return -1;
        dtypes[i] = NPY_DTYPE(descr);  // built-in DTypes are immortal: no reference kept
        Py_DECREF(descr);
    }
    PyType_Slot slots[] = {
        {NPY_METH_strided_loop, reinterpret_cast<void *>(loop.loop)},
        {0, nullptr},
    };
    const std::string name = std::string("parafunc_") + spec.name + "_loop";
    PyArrayMethod_Spec method = {
        name.c_str(), spec.nin, spec.nout, NPY_NO_CASTING, NPY_ARRAYMETHOD_FLAGS{}, dtypes, slots,
    };
    return PyUFunc_AddLoopFromSpec(ufunc, &method);
}

}  // namespace

int add_gufunc(PyObject *module, const GufuncSpec &spec) {
    PyObject *ufunc = PyUFunc_FromFuncAndDataAndSignature(
        nullptr, nullptr, nullptr, 0, spec.nin, spec.nout, PyUFunc_None, spec.name, spec.doc, 0,
        spec.signature);
    if (ufunc == nullptr) return -1;
    for (const LoopSpec &loop : spec.loops) {
        if (add_loop(ufunc, spec, loop) < 0) {
            Py_DECREF(ufunc);
            return -1;
        }
    }
    const int status = PyModule_AddObjectRef(module, spec.name, ufunc);
    Py_DECREF(ufunc);
    return status;
}

}  // namespace parafunc::engine
