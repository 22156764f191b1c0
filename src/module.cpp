// The extension module parafunc._parafunc_core: the gufuncs of every family, and the
// thread-pool controls behind parafunc.set_num_threads and friends.
#define PARAFUNC_NUMPY_API_OWNER
#include "engine/numpy_api.hpp"

#include <algorithm>

#include "bindings/families.hpp"
#include "engine/thread_pool.hpp"

namespace {

PyObject *get_num_threads(PyObject *, PyObject *) {
    return PyLong_FromLong(parafunc::engine::get_num_threads());
}

PyObject *default_num_threads(PyObject *, PyObject *) {
    return PyLong_FromLong(parafunc::engine::default_num_threads());
}

PyObject *set_num_threads(PyObject *, PyObject *arg) {
    const long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) return nullptr;
    if (n < 1) {
        PyErr_Format(PyExc_ValueError, "number of threads must be at least 1, got %ld", n);
        return nullptr;
    }
    parafunc::engine::set_num_threads(static_cast<int>(std::min<long>(n, 1 << 16)));
    Py_RETURN_NONE;
}

PyObject *prepare_fork(PyObject *, PyObject *) {
    parafunc::engine::prepare_fork();  // the calls it waits for do not need the GIL
    Py_RETURN_NONE;
}

PyObject *after_fork_in_parent(PyObject *, PyObject *) {
    parafunc::engine::after_fork_in_parent();
    Py_RETURN_NONE;
}

PyObject *after_fork_in_child(PyObject *, PyObject *) {
    parafunc::engine::after_fork_in_child();
    Py_RETURN_NONE;
}

PyMethodDef methods[] = {
    {"get_num_threads", get_num_threads, METH_NOARGS, "Threads parafunc uses for one call."},
    {"default_num_threads", default_num_threads, METH_NOARGS,
     "Threads oneTBB would use by default (the CPUs this process may run on)."},
    {"set_num_threads", set_num_threads, METH_O, "Set the number of threads (>= 1)."},
    {"prepare_fork", prepare_fork, METH_NOARGS,
     "Stop the worker threads before os.fork and hold parallel calls back until after it; "
     "the next call starts them again."},
    {"after_fork_in_parent", after_fork_in_parent, METH_NOARGS,
     "Let parallel calls run again after os.fork, in the parent."},
    {"after_fork_in_child", after_fork_in_child, METH_NOARGS,
     "Let parallel calls run again after os.fork, in the child."},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_parafunc_core", "parafunc's compiled gufuncs and thread pool.", -1,
    methods, nullptr, nullptr, nullptr, nullptr,
};

}  // namespace

PyMODINIT_FUNC PyInit__parafunc_core() {
    import_array();
    import_umath();
    PyObject *module = PyModule_Create(&module_def);
    if (module == nullptr) return nullptr;
    if (parafunc::register_reduce(module) < 0 || parafunc::register_moving(module) < 0 ||
        parafunc::register_moving_pairs(module) < 0 || parafunc::register_quantile(module) < 0 ||
        parafunc::register_exponential(module) < 0 || parafunc::register_fills(module) < 0 ||
        parafunc::register_ranks(module) < 0) {
        Py_DECREF(module);
        return nullptr;
    }
    return module;
}
