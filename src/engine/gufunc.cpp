#include "gufunc.hpp"

#include "direct_call.hpp"

#include <string>
#include <unordered_map>

namespace parafunc::engine {

namespace {

// The loops of every gufunc made here, for the promoter (which NumPy hands only the ufunc).
std::unordered_map<PyObject *, const GufuncSpec *> &registered_specs() {
    static auto *specs = new std::unordered_map<PyObject *, const GufuncSpec *>;
    return *specs;
}

// The loop to use for a first operand of this DType: the loop registered for it; for
// bool, Python ints and other integers but uint64 the int64 loop (exact); else the
// float64 loop. The same choice as the Python wrappers make (parafunc/_axis.py).
// nullptr for complex and non-numeric DTypes.
const LoopSpec *loop_for(const GufuncSpec &spec, PyArray_DTypeMeta *data) {
    auto find = [&](int type_num) -> const LoopSpec * {
        for (const LoopSpec &loop : spec.loops) {
            if (loop.type_nums[0] == type_num) return &loop;
        }
        return nullptr;
    };
    if (data == &PyArray_PyLongDType || data == &PyArray_IntAbstractDType) return find(NPY_INT64);
    if (data == &PyArray_PyFloatDType || data == &PyArray_FloatAbstractDType) {
        return find(NPY_FLOAT64);
    }
    if (!(data->flags & NPY_DT_NUMERIC) || (data->flags & NPY_DT_ABSTRACT)) return nullptr;
    if (const LoopSpec *exact = find(data->type_num)) return exact;
    if (data->type_num >= NPY_BOOL && data->type_num <= NPY_LONGLONG &&
        data->type_num != NPY_ULONG && data->type_num != NPY_ULONGLONG) {
        return find(NPY_INT64);
    }
    if (data->type_num == NPY_ULONG || data->type_num == NPY_ULONGLONG ||
        (data->type_num >= NPY_FLOAT && data->type_num <= NPY_LONGDOUBLE) ||
        data->type_num == NPY_HALF) {
        return find(NPY_FLOAT64);
    }
    return nullptr;
}

// NumPy finds a loop only for exactly matching DTypes; this promoter, tried when none
// matches, picks the loop for the first operand's DType (for a gufunc of several data
// operands, their common DType), so that Python ints for window and min_count, and int8
// or float16 data, work as they do for NumPy's own ufuncs (the casts then happen in NumPy,
// outside the loop).
int promote_to_registered_loop(PyObject *ufunc, PyArray_DTypeMeta *const op_dtypes[],
                               PyArray_DTypeMeta *const signature[],
                               PyArray_DTypeMeta *new_op_dtypes[]) {
    const auto found = registered_specs().find(ufunc);
    const LoopSpec *loop = nullptr;
    if (found != registered_specs().end() && op_dtypes[0] != nullptr) {
        const GufuncSpec &spec = *found->second;
        bool all_data = true;
        for (int i = 1; i < spec.arrays; ++i) all_data = all_data && op_dtypes[i] != nullptr;
        if (spec.arrays > 1 && all_data) {
            PyArray_DTypeMeta *data[kMaxOperands];
            for (int i = 0; i < spec.arrays; ++i) data[i] = op_dtypes[i];
            PyArray_DTypeMeta *common = PyArray_PromoteDTypeSequence(spec.arrays, data);
            if (common == nullptr) {
                PyErr_Clear();  // no common DType: reported as unsupported below
            } else {
                loop = loop_for(spec, common);
                Py_DECREF(common);
            }
        } else {
            loop = loop_for(spec, op_dtypes[0]);
        }
    }
    if (loop == nullptr) {
        PyErr_Format(PyExc_TypeError, "parafunc.gufuncs.%s: unsupported dtype (real numbers only)",
                     found != registered_specs().end() ? found->second->name : "?");
        return -1;
    }
    const int nargs = found->second->nin + found->second->nout;
    for (int i = 0; i < nargs; ++i) {
        if (signature[i] != nullptr) {
            Py_INCREF(signature[i]);
            new_op_dtypes[i] = signature[i];
            continue;
        }
        PyArray_Descr *descr = PyArray_DescrFromType(loop->type_nums[i]);
        if (descr == nullptr) return -1;
        new_op_dtypes[i] = NPY_DTYPE(descr);
        Py_INCREF(new_op_dtypes[i]);
        Py_DECREF(descr);
    }
    return 0;
}

int add_promoter(PyObject *ufunc, const GufuncSpec &spec) {
    PyObject *any_dtypes = PyTuple_New(spec.nin + spec.nout);
    if (any_dtypes == nullptr) return -1;
    for (int i = 0; i < spec.nin + spec.nout; ++i) {
        Py_INCREF(Py_None);  // None matches every DType
        PyTuple_SET_ITEM(any_dtypes, i, Py_None);
    }
    PyObject *promoter = PyCapsule_New(reinterpret_cast<void *>(&promote_to_registered_loop),
                                       "numpy._ufunc_promoter", nullptr);
    const int status = promoter ? PyUFunc_AddPromoter(ufunc, any_dtypes, promoter) : -1;
    Py_XDECREF(promoter);
    Py_DECREF(any_dtypes);
    return status;
}

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
    registered_specs()[ufunc] = &spec;
    if (add_promoter(ufunc, spec) < 0) {
        Py_DECREF(ufunc);
        return -1;
    }
    const int status = PyModule_AddObjectRef(module, spec.name, ufunc);
    Py_DECREF(ufunc);
    if (status < 0 || spec.direct == nullptr) return status;
    return add_direct_call(module, spec);
}

}  // namespace parafunc::engine
