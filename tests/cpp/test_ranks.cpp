// Kernel tests of the ranks family (src/kernels/ranks.hpp) as plain C++: rankdata and
// nanrankdata on hand-made cases (ties, NaN, infinities, signed zeros, int64 beyond 2^53),
// and against a rank computed by counting on random data with many ties; partition and
// argpartition checked with their whole postcondition (NaN the largest) for every kth of
// short series and on long ones that take select_nth's sampled path. Built and run by
// .ci/run, also under AddressSanitizer and UBSan.
#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "../../src/kernels/ranks.hpp"
#include "check.hpp"

using namespace parafunc;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

template <class Fn, class T>
std::vector<typename Fn::output_type> apply(std::vector<T> x, index_t kth = 0) {
    std::vector<typename Fn::output_type> y(x.size());
    Fn fn;
    fn(x.data(), static_cast<index_t>(x.size()), y.data(), kth);
    return y;
}

// Rank by counting: 1 + the numbers below + (the equal ones - 1) / 2; NaN per `nan_rank`.
std::vector<double> counted_ranks(const std::vector<double> &x, bool nan_stays_nan) {
    std::vector<double> r(x.size());
    double numbers = 0, nans_before = 0;
    for (double v : x) numbers += !std::isnan(v);
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) {
            r[i] = nan_stays_nan ? kNaN : numbers + ++nans_before;
            continue;
        }
        double below = 0, equal = 0;
        for (double v : x) {
            below += v < x[i];
            equal += v == x[i];
        }
        r[i] = below + (equal + 1) / 2;
    }
    return r;
}

// y is a partition of x at kth: a permutation of it, y[kth] what a sort (NaN last) puts
// there, nothing larger before and nothing smaller after.
bool partitioned(std::vector<double> x, const std::vector<double> &y, std::size_t kth) {
    auto nan_last = [](double a, double b) { return !std::isnan(a) && (std::isnan(b) || a < b); };
    std::vector<double> sorted_y = y;
    std::sort(x.begin(), x.end(), nan_last);
    std::sort(sorted_y.begin(), sorted_y.end(), nan_last);
    if (!kernel_tests::same(x, sorted_y) || !kernel_tests::same(y[kth], x[kth])) return false;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (i < kth && nan_last(y[kth], y[i])) return false;
        if (i > kth && nan_last(y[i], y[kth])) return false;
    }
    return true;
}

}  // namespace

TEST(rankdata_averages_ties_and_puts_nan_last) {
    const std::vector<double> x{3.0, kNaN, 1.0, 1.0, kInf, -kInf, kNaN};
    CHECK(kernel_tests::same(apply<RankData<double>>(x), {4, 6, 2.5, 2.5, 5, 1, 7}));
    CHECK(kernel_tests::same(apply<NanRankData<double>>(x), {4, kNaN, 2.5, 2.5, 5, 1, kNaN}));
}

TEST(signed_zeros_tie) {
    CHECK(kernel_tests::same(apply<RankData<double>>(std::vector<double>{0.0, -0.0, 0.0}),
                             {2, 2, 2}));
}

TEST(int64_compares_as_integers) {
    const std::int64_t big = std::int64_t{1} << 53;
    CHECK(kernel_tests::same(apply<RankData<std::int64_t>>(std::vector<std::int64_t>{big + 1, big}),
                             {2, 1}));
}

TEST(float32_compares_as_float32) {
    CHECK(kernel_tests::same(apply<RankData<float>>(std::vector<float>{1.0f, 1.0f + 1e-7f, 1.0f}),
                             {1.5, 3, 1.5}));
}

TEST(empty_and_all_nan) {
    CHECK(apply<RankData<double>>(std::vector<double>{}).empty());
    CHECK(kernel_tests::same(apply<NanRankData<double>>(std::vector<double>{kNaN, kNaN}),
                             {kNaN, kNaN}));
    CHECK(kernel_tests::same(apply<RankData<double>>(std::vector<double>{kNaN, kNaN}), {1, 2}));
}

TEST(ranks_match_counting_on_random_ties) {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> value(-20, 20);
    for (int trial = 0; trial < 50; ++trial) {
        std::vector<double> x(1 + trial * 7);
        for (double &v : x) {
            const int d = value(rng);
            v = d == 20 ? kNaN : d == 19 ? kInf : d;
        }
        CHECK(kernel_tests::same(apply<RankData<double>>(x), counted_ranks(x, false)));
        CHECK(kernel_tests::same(apply<NanRankData<double>>(x), counted_ranks(x, true)));
    }
}

TEST(partition_every_kth_of_short_series) {
    const std::vector<double> x{3.0, kNaN, 1.0, 1.0, kInf, -kInf, kNaN, 2.0, -0.0, 0.0};
    for (std::size_t k = 0; k < x.size(); ++k) {
        CHECK(partitioned(x, apply<Partition<double>>(x, k), k));
        const std::vector<index_t> idx = apply<ArgPartition<double>>(x, k);
        std::vector<double> taken(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) taken[i] = x[idx[i]];
        CHECK(partitioned(x, taken, k));
    }
}

TEST(partition_long_series_takes_the_sampled_path) {
    std::mt19937_64 rng(11);
    std::normal_distribution<double> normal;
    std::vector<double> x(5000);
    for (double &v : x) v = std::round(normal(rng) * 100);
    for (std::size_t i = 0; i < x.size(); i += 37) x[i] = kNaN;
    for (std::size_t k : {std::size_t{0}, std::size_t{17}, std::size_t{2500}, std::size_t{4860},
                          std::size_t{4999}}) {
        CHECK(partitioned(x, apply<Partition<double>>(x, k), k));
        const std::vector<index_t> idx = apply<ArgPartition<double>>(x, k);
        std::vector<double> taken(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) taken[i] = x[idx[i]];
        CHECK(partitioned(x, taken, k));
    }
}

TEST(radix_keys_order_as_the_values) {
    const std::vector<double> v{-kInf, -1e300, -1.0, -1e-310, 0.0, 1e-310, 1.0, 1e300, kInf};
    for (std::size_t i = 1; i < v.size(); ++i) CHECK(radix_key(v[i - 1]) < radix_key(v[i]));
    CHECK(radix_key(-0.0) == radix_key(0.0));
    CHECK(radix_key(-0.0f) == radix_key(0.0f));
    CHECK(radix_key(std::int32_t{-1}) < radix_key(std::int32_t{0}));
    CHECK(radix_key(std::numeric_limits<std::int64_t>::min()) < radix_key(std::int64_t{-1}));
}

TEST(ranks_of_long_series_with_every_byte_varying) {
    std::mt19937_64 rng(5);
    std::vector<double> x(3000);
    for (double &v : x) v = std::ldexp(static_cast<double>(rng() >> 11), -20) - 4e9;
    for (std::size_t i = 0; i < x.size(); i += 3) x[i] = x[i / 2];  // ties
    x[7] = kNaN;
    CHECK(kernel_tests::same(apply<RankData<double>>(x), counted_ranks(x, false)));
    std::vector<std::int64_t> ints(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        ints[i] = static_cast<std::int64_t>(rng()) >> (i % 40);
        ints[i] = i % 3 == 0 ? ints[i / 2] : ints[i];
    }
    // int64 ranks checked by counting on the integers themselves.
    std::vector<double> expected(x.size());
    for (std::size_t i = 0; i < ints.size(); ++i) {
        double below = 0, equal = 0;
        for (std::int64_t v : ints) {
            below += v < ints[i];
            equal += v == ints[i];
        }
        expected[i] = below + (equal + 1) / 2;
    }
    CHECK(kernel_tests::same(apply<RankData<std::int64_t>>(ints), expected));
}

TEST(no_floating_point_flag) {
    std::feclearexcept(FE_ALL_EXCEPT);
    const std::vector<double> x{kNaN, 1.0, kInf, -kInf, kNaN, 0.0};
    apply<RankData<double>>(x);
    apply<Partition<double>>(x, 2);
    apply<ArgPartition<double>>(x, 5);
    CHECK(std::fetestexcept(FE_INVALID | FE_OVERFLOW | FE_DIVBYZERO) == 0);
}

int main() { return kernel_tests::run_all(); }
