// Kernel tests of the fills and replace (src/kernels/fills.hpp), driven as the engine
// drives them: step() element by element from start(), update() in place, and a series
// cut into chunks whose carries come from summarize() and join().
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "../../src/kernels/fills.hpp"
#include "check.hpp"

using namespace parafunc;
using kernel_tests::same;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

template <class T>
StridedView<T> view(std::vector<T> &x, index_t begin = 0, index_t end = -1) {
    if (end < 0) end = static_cast<index_t>(x.size());
    return {reinterpret_cast<char *>(x.data() + begin), end - begin,
            static_cast<index_t>(sizeof(T))};
}

// The kernel's outputs over `x` in its direction, from start(), by step().
template <class K, class T>
std::vector<T> scan(const K &k, std::vector<T> x) {
    auto carry = k.start();
    const auto n = static_cast<index_t>(x.size());
    for (index_t j = 0; j < n; ++j) {
        const index_t i = K::kBackward ? n - 1 - j : j;
        x[i] = k.step(carry, x[i]);
    }
    return x;
}

// The same, forward only, cut into chunks of `chunk` elements: each chunk's carry from the
// summaries of the chunks before it, as the engine's passes 1 and 2 resolve it.
template <class K, class T>
std::vector<T> scan_in_chunks(const K &k, std::vector<T> x, index_t chunk) {
    const auto n = static_cast<index_t>(x.size());
    std::vector<typename K::Carry> into;
    auto carry = k.start();
    for (index_t begin = 0; begin < n; begin += chunk) {
        into.push_back(carry);
        const index_t end = std::min(n, begin + chunk);
        carry = k.join(carry, k.summarize(view(x, begin, end)), end - begin);
    }
    for (index_t begin = 0, c = 0; begin < n; begin += chunk, ++c) {
        auto chunk_carry = into[c];
        for (index_t i = begin; i < std::min(n, begin + chunk); ++i) k.update(chunk_carry, x[i]);
    }
    return x;
}

}  // namespace

TEST(forward_fill_with_and_without_limit) {
    const std::vector<double> x{kNaN, 1, kNaN, kNaN, kInf, kNaN, -0.0, kNaN, kNaN, kNaN};
    CHECK(same(scan(FillForward<double>(100), x),
               {kNaN, 1, 1, 1, kInf, kInf, -0.0, -0.0, -0.0, -0.0}));
    CHECK(same(scan(FillForward<double>(1), x),
               {kNaN, 1, 1, kNaN, kInf, kInf, -0.0, -0.0, kNaN, kNaN}));
    CHECK(same(scan(FillForward<double>(0), x), x));
    CHECK(std::signbit(scan(FillForward<double>(1), x)[7]));  // -0.0 copied bit for bit
}

TEST(backward_fill) {
    const std::vector<double> x{kNaN, 1, kNaN, kNaN, 4, kNaN};
    CHECK(same(scan(FillBackward<double>(100), x), {1, 1, 4, 4, 4, kNaN}));
    CHECK(same(scan(FillBackward<double>(1), x), {1, 1, kNaN, 4, 4, kNaN}));
}

TEST(huge_limits_are_no_limit) {
    std::vector<double> x(1000, kNaN);
    x[0] = 3;
    const index_t largest = std::numeric_limits<index_t>::max();
    CHECK(same(scan(FillForward<double>(largest), x), std::vector<double>(1000, 3)));
    // Without any value, the carry's age counts up from its "none" mark: no fill, no overflow.
    const std::vector<double> none(1000, kNaN);
    CHECK(same(scan(FillForward<double>(largest), none), none));
}

TEST(negative_limit_throws) {
    bool thrown = false;
    try {
        FillForward<double> k(-1);
        (void)k;
    } catch (const std::invalid_argument &) {
        thrown = true;
    }
    CHECK(thrown);
}

TEST(integers_are_copied) {
    const std::vector<std::int64_t> x{5, -1, 0, std::numeric_limits<std::int64_t>::min()};
    CHECK(scan(FillForward<std::int64_t>(0), x) == x);
    CHECK(scan(FillBackward<std::int64_t>(3), x) == x);
}

TEST(chunks_give_the_serial_result) {
    // Values, NaN runs within and across chunks, chunks without any value.
    std::vector<double> x(103, kNaN);
    for (int i : {0, 4, 5, 30, 31, 77}) x[i] = i + 0.5;
    for (index_t limit : {index_t{0}, index_t{1}, index_t{9}, index_t{30}, index_t{1000}}) {
        const FillForward<double> k(limit);
        const std::vector<double> serial = scan(k, x);
        for (index_t chunk : {1, 2, 7, 10, 26, 102, 103, 500}) {
            CHECK(same(scan_in_chunks(k, x, chunk), serial));
        }
    }
    // No value before: the summaries of empty chunks carry "none".
    std::vector<double> late(50, kNaN);
    late[40] = 1;
    CHECK(
        same(scan_in_chunks(FillForward<double>(5), late, 8), scan(FillForward<double>(5), late)));
}

TEST(summaries_look_back_from_the_end) {
    std::vector<double> x{1, kNaN, 2, kNaN, kNaN};
    const FillForward<double> k(10);
    const auto s = k.summarize(view(x));
    CHECK(s.last == 2 && s.age == 2);
    std::vector<double> empty(4, kNaN);
    const auto carried = k.join(s, k.summarize(view(empty)), 4);
    CHECK(carried.last == 2 && carried.age == 6);
}

TEST(replace_values_and_nan) {
    const std::vector<double> x{1, kNaN, 2, -0.0, kInf, kNaN};
    CHECK(same(scan(Replace<double>(kNaN, 0), x), {1, 0, 2, -0.0, kInf, 0}));
    CHECK(same(scan(Replace<double>(2, kNaN), x), {1, kNaN, kNaN, -0.0, kInf, kNaN}));
    CHECK(same(scan(Replace<double>(0.0, 7), x), {1, kNaN, 2, 7, kInf, kNaN}));  // -0.0 == 0.0
    CHECK(same(scan(Replace<double>(kInf, 1), x), {1, kNaN, 2, -0.0, 1, kNaN}));
    const std::vector<std::int32_t> ints{1, 2, 2, -3};
    CHECK((scan(Replace<std::int32_t>(2, 9), ints) == std::vector<std::int32_t>{1, 9, 9, -3}));
}

int main() { return kernel_tests::run_all(); }
