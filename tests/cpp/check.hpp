// A minimal test harness for the kernel tests: CHECK records a failure and goes on;
// main() of each test program ends with report(), which prints the closing line
// "N passed, N failed" and returns the exit status.
#pragma once

#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace kernel_tests {

struct Registry {
    std::vector<std::pair<std::string, std::function<void()>>> tests;
    int failures_in_current = 0;
};

inline Registry &registry() {
    static Registry r;
    return r;
}

struct Register {
    Register(const char *name, std::function<void()> body) {
        registry().tests.emplace_back(name, std::move(body));
    }
};

inline void fail(const char *file, int line, const char *expr) {
    std::printf("  %s:%d: CHECK failed: %s\n", file, line, expr);
    ++registry().failures_in_current;
}

inline int run_all() {
    int passed = 0, failed = 0;
    for (auto &[name, body] : registry().tests) {
        registry().failures_in_current = 0;
        body();
        if (registry().failures_in_current == 0) {
            ++passed;
        } else {
            ++failed;
            std::printf("FAILED %s\n", name.c_str());
        }
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

// Equal, NaN equal to NaN: how kernel outputs are compared with expected ones.
inline bool same(double x, double y) { return x == y || (x != x && y != y); }

inline bool same(const std::vector<double> &x, const std::vector<double> &y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!same(x[i], y[i])) return false;
    }
    return true;
}

// The same bits, sign of zero and NaN payload included.
inline bool bitwise_same(const std::vector<double> &x, const std::vector<double> &y) {
    return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0;
}

}  // namespace kernel_tests

#define TEST(name)                                                        \
    static void name();                                                   \
    static kernel_tests::Register register_##name(#name, name);           \
    static void name()

#define CHECK(expr) \
    ((expr) ? void(0) : kernel_tests::fail(__FILE__, __LINE__, #expr))
