// C++ exceptions never cross into NumPy: every loop catches everything and turns it into a
// Python exception here. std::invalid_argument carries a message for the user (bad
// arguments found by a loop) and becomes ValueError; std::bad_alloc becomes MemoryError.
#pragma once

#include <Python.h>

#include <exception>
#include <new>
#include <stdexcept>

namespace parafunc::engine {

// Call only from inside a catch block. Returns -1, the error code NumPy expects of a loop.
inline int set_python_error_from_current_exception() noexcept {
    const PyGILState_STATE gil = PyGILState_Ensure();  // loops may run without the GIL
    try {
        throw;
    } catch (const std::bad_alloc &) {
        PyErr_NoMemory();
    } catch (const std::invalid_argument &e) {
        PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const std::exception &e) {
        PyErr_Format(PyExc_RuntimeError, "parafunc internal error: %s", e.what());
    } catch (...) {
        PyErr_SetString(PyExc_RuntimeError, "parafunc internal error: unknown exception");
    }
    PyGILState_Release(gil);
    return -1;
}

}  // namespace parafunc::engine
