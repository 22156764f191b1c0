// NumPy type numbers derived from C++ types, so registration tables name C++ types only.
#pragma once

#include <cstdint>
#include <type_traits>

#include "numpy_api.hpp"

namespace parafunc::engine {

template <class T>
constexpr int type_num() {
    if constexpr (std::is_same_v<T, bool>)
        return NPY_BOOL;
    else if constexpr (std::is_same_v<T, float>)
        return NPY_FLOAT32;
    else if constexpr (std::is_same_v<T, double>)
        return NPY_FLOAT64;
    else if constexpr (std::is_same_v<T, std::int32_t>)
        return NPY_INT32;
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return NPY_INT64;
    else
        static_assert(sizeof(T) == 0, "no NumPy type for this C++ type");
}

// The dtype groups of the registration tables.
template <class... T>
struct TypeList {};
using FloatAndIntTypes = TypeList<float, double, std::int32_t, std::int64_t>;

}  // namespace parafunc::engine
