// Kernel tests of the reductions beyond nansum (src/kernels/reduce*.hpp): NaN rules,
// merges, tiles against runs, and the numerics of the variance.
#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "../../src/kernels/reduce.hpp"
#include "../../src/kernels/reduce_extremes.hpp"
#include "../../src/kernels/reduce_moments.hpp"
#include "check.hpp"

using namespace parafunc;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

template <class T>
StridedView<T> view_of(std::vector<T> &v, index_t step = 1) {
    return {reinterpret_cast<char *>(v.data()), static_cast<index_t>(v.size()) / step,
            static_cast<index_t>(sizeof(T)) * step};
}

// The accumulator of a whole vector as one run.
template <template <class> class Acc, class T>
Acc<T> over(std::vector<T> v, index_t step = 1) {
    Acc<T> acc;
    acc.add_run(view_of(v, step), 0);
    return acc;
}

// The accumulator of v cut into runs of `piece` elements, merged in order.
template <template <class> class Acc, class T>
Acc<T> merged(std::vector<T> &v, index_t piece) {
    Acc<T> total;
    for (index_t start = 0; start < static_cast<index_t>(v.size()); start += piece) {
        const index_t n = std::min(piece, static_cast<index_t>(v.size()) - start);
        Acc<T> part;
        part.add_run(StridedView<T>{reinterpret_cast<char *>(v.data() + start), n, sizeof(T)},
                     start);
        total.merge(part);
    }
    return total;
}

template <class Acc>
bool throws_value_error(const Acc &acc) {
    try {
        acc.result();
    } catch (const std::invalid_argument &) {
        return true;
    }
    return false;
}

std::vector<double> wavy(index_t n, index_t nan_every) {
    std::vector<double> v(n);
    for (index_t i = 0; i < n; ++i) v[i] = i % nan_every == 3 ? kNaN : std::sin(0.37 * i) * 100;
    return v;
}

}  // namespace

TEST(nanmean_skips_nan_and_is_nan_when_empty) {
    CHECK(over<NanMean>(std::vector<double>{1.0, kNaN, 4.0}).result() == 2.5);
    CHECK(std::isnan(over<NanMean>(std::vector<double>{kNaN, kNaN}).result()));
    CHECK(std::isnan(over<NanMean>(std::vector<double>{}).result()));
    CHECK(over<NanMean>(std::vector<std::int32_t>{1, 2}).result() == 1.5);
    CHECK(over<NanMean>(std::vector<float>(1000000, 0.1f)).result() == 0.1f);
}

TEST(ss_propagates_nan_and_wraps_integers) {
    CHECK(over<Ss>(std::vector<double>{1.0, 2.0, 3.0}).result() == 14.0);
    CHECK(std::isnan(over<Ss>(std::vector<double>{1.0, kNaN}).result()));
    CHECK(over<Ss>(std::vector<std::int32_t>{65536, 1}).result() == 1);  // 2^32 + 1 wraps
}

TEST(nancount_counts_numbers) {
    CHECK(over<NanCount>(std::vector<double>{1.0, kNaN, kInf}).result() == 2);
    CHECK(over<NanCount>(std::vector<std::int64_t>{1, 2, 3}).result() == 3);
    // Past a fold of 128 elements (its vector loop) and a run's last elements: 1000 values,
    // every seventh NaN from the fourth (143 of them).
    std::vector<double> long_run(1000, -0.5);
    std::vector<float> long_floats(1000, 2.0f);
    for (std::size_t k = 3; k < long_run.size(); k += 7) {
        long_run[k] = kNaN;
        long_floats[k] = NAN;
    }
    CHECK(over<NanCount>(long_run).result() == 857);
    CHECK(over<NanCount>(long_floats).result() == 857);
}

TEST(nanmin_nanmax_nan_rules) {
    CHECK(over<NanMin>(std::vector<double>{3.0, kNaN, -1.0}).result() == -1.0);
    CHECK(over<NanMax>(std::vector<double>{kNaN, 3.0, -1.0}).result() == 3.0);
    CHECK(std::isnan(over<NanMin>(std::vector<double>{kNaN, kNaN}).result()));
    CHECK(over<NanMin>(std::vector<double>{kNaN, kInf}).result() == kInf);  // not all NaN
    CHECK(over<NanMax>(std::vector<float>{-INFINITY, NAN}).result() == -INFINITY);
    CHECK(over<NanMin>(std::vector<std::int32_t>{std::numeric_limits<std::int32_t>::max()})
              .result() == std::numeric_limits<std::int32_t>::max());
    CHECK(throws_value_error(over<NanMax>(std::vector<double>{})));
}

TEST(nanmin_merges_blocks_and_tiles_like_one_run) {
    std::vector<double> v = wavy(5000, 7);
    CHECK(merged<NanMin>(v, 333).result() == over<NanMin>(v).result());
    std::vector<double> nans(300, kNaN);
    nans[299] = kInf;
    CHECK(merged<NanMin>(nans, 100).result() == kInf);
}

TEST(nanargmin_nanargmax_first_index_and_errors) {
    std::vector<double> v{kNaN, 2.0, 1.0, 5.0, 1.0, 5.0};
    CHECK(over<NanArgMin>(v).result() == 2);
    CHECK(over<NanArgMax>(v).result() == 3);
    CHECK(throws_value_error(over<NanArgMin>(std::vector<double>{kNaN, kNaN})));
    CHECK(throws_value_error(over<NanArgMax>(std::vector<double>{})));
    CHECK(over<NanArgMin>(std::vector<double>{kNaN, kInf, kInf}).result() == 1);
    // Ties across merged blocks keep the first; indices count from each run's start.
    std::vector<double> long_one = wavy(3000, 11);
    long_one[2500] = -1e9;
    long_one[2900] = -1e9;
    CHECK(merged<NanArgMin>(long_one, 512).result() == 2500);
    CHECK(over<NanArgMin>(long_one).result() == 2500);
    CHECK(over<NanArgMin>(long_one, 2).result() == 1250);
}

TEST(anynan_allnan_rules) {
    CHECK(over<AnyNan>(std::vector<double>{1.0, kNaN}).result());
    CHECK(!over<AnyNan>(std::vector<double>{1.0, kInf}).result());
    CHECK(!over<AnyNan>(std::vector<double>{}).result());
    CHECK(over<AllNan>(std::vector<double>{}).result());
    CHECK(over<AllNan>(std::vector<double>(100, kNaN)).result());
    std::vector<double> late(100, kNaN);
    late[99] = 0.0;
    CHECK(!over<AllNan>(late).result());
    CHECK(!over<AnyNan>(std::vector<std::int64_t>{1, 2}).result());
    CHECK(!over<AllNan>(std::vector<std::int64_t>{1}).result());
    CHECK(over<AllNan>(std::vector<std::int32_t>{}).result());
}

// undecided_of lists, in order, the positions of x that decide nothing on their own: NaN
// for allnan, numbers for anynan, every integer for anynan and none for allnan.
template <class Acc, class T>
bool lists_undecided(const std::vector<T> &x) {
    std::vector<index_t> got(x.size() + 1, -1), want;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const bool nan = x[i] != x[i];
        if (std::is_same_v<Acc, AllNan<T>> ? nan : !nan) want.push_back(static_cast<index_t>(i));
    }
    const index_t count = Acc::undecided_of(x.data(), static_cast<index_t>(x.size()), got.data());
    return count == static_cast<index_t>(want.size()) &&
           std::equal(want.begin(), want.end(), got.begin()) && got[x.size()] == -1;
}

template <class T>
bool lists_undecided_of_each_pattern() {
    bool ok = true;
    for (index_t n : {0, 1, 15, 16, 17, 33, 100}) {
        for (int pattern = 0; pattern < 5; ++pattern) {
            std::vector<T> x(static_cast<std::size_t>(n));
            for (index_t i = 0; i < n; ++i) {
                const bool nan = pattern == 1   ? i % 7 == 3
                                 : pattern == 2 ? i % 16 == 15
                                 : pattern == 3 ? i != n / 2
                                                : pattern == 4;
                x[i] = nan && std::is_floating_point_v<T> ? static_cast<T>(kNaN)
                                                          : static_cast<T>(i % 5 == 0 ? -i : i);
            }
            if constexpr (std::is_floating_point_v<T>) {
                if (n > 2) x[1] = static_cast<T>(-kInf);
            }
            ok &= lists_undecided<AllNan<T>>(x) && lists_undecided<AnyNan<T>>(x);
        }
    }
    return ok;
}

TEST(undecided_of_lists_every_undecided_element) {
    CHECK(lists_undecided_of_each_pattern<double>());
    CHECK(lists_undecided_of_each_pattern<float>());
    CHECK(lists_undecided_of_each_pattern<std::int64_t>());
    CHECK(lists_undecided_of_each_pattern<std::int32_t>());
}

TEST(nanvar_exact_zero_for_constant_data) {
    for (double c : {0.1, 1.0 / 3, -3.0, 1e300, 1e-300}) {
        for (index_t n : {1, 7, 128, 129, 1000}) {
            std::vector<double> v(n, c);
            CHECK(over<NanVar>(v).result(0) == 0.0);
            CHECK(merged<NanVar>(v, 100).result(0) == 0.0);
        }
    }
}

TEST(nanvar_with_a_large_offset_and_an_outlier) {
    // 1e9 + k/8 for k = 0..999: the exact variance of 0..999 is (1000^2 - 1) / 12, / 64.
    std::vector<double> v(1000);
    for (int k = 0; k < 1000; ++k) v[k] = 1e9 + k / 8.0;
    const double exact = (1000.0 * 1000.0 - 1.0) / 12.0 / 64.0;
    CHECK(std::fabs(over<NanVar>(v).result(0) - exact) <= 1e-15 * exact);
    // A first element far from the rest forces the second pass of its chunk.
    std::vector<double> w{1e12, 1.0, 2.0, 3.0};
    const double mean = (1e12 + 6.0) / 4.0;
    double m2 = 0.0;
    for (double x : w) m2 += (x - mean) * (x - mean);
    CHECK(std::fabs(over<NanVar>(w).result(0) - m2 / 4.0) <= 1e-15 * m2 / 4.0);
}

TEST(nanvar_ddof_nan_and_infinity_rules) {
    std::vector<double> v{1.0, kNaN, 3.0};
    CHECK(over<NanVar>(v).result(0) == 1.0);
    CHECK(over<NanVar>(v).result(1) == 2.0);
    CHECK(std::isnan(over<NanVar>(v).result(2)));
    CHECK(over<NanVar>(v).result(-1) == 2.0 / 3.0);
    CHECK(over<NanStd>(v).result(0) == 1.0);
    std::feclearexcept(FE_ALL_EXCEPT);
    CHECK(std::isnan(over<NanVar>(std::vector<double>{kInf, 1.0}).result(0)));
    CHECK(std::isnan(over<NanVar>(std::vector<double>{1.0, kInf, kInf}).result(0)));
    CHECK(std::fetestexcept(FE_INVALID) == 0);
}

TEST(nanvar_tile_matches_series_by_series_bitwise) {
    const index_t rows = 333, width = 40;
    std::vector<double> block(rows * width);
    for (index_t k = 0; k < rows * width; ++k)
        block[k] = k % 13 == 0 ? kNaN : 1e6 + std::cos(k) * 7;
    std::vector<NanVar<double>> accs(width);
    NanVar<double>::add_tile(
        accs.data(),
        StridedTile<double>{reinterpret_cast<char *>(block.data()), rows, width, width * 8, 8}, 0);
    for (index_t j = 0; j < width; ++j) {
        NanVar<double> one;
        one.add_run(
            StridedView<double>{reinterpret_cast<char *>(block.data() + j), rows, width * 8}, 0);
        CHECK(accs[j].result(0) == one.result(0));
    }
}

// Series shorter than a chunk, side by side in a tile of 13 (vectors of 2 or 4 and a
// remainder) and one by one: the same bits and no "invalid" flag; NaN for a series without
// numbers or with an infinity, exactly 0 for a constant one, and the others within 1e-13
// of a long double two-pass variance.
TEST(nanvar_short_series_side_by_side_match_runs) {
    const index_t width = 13;
    for (index_t rows : {1, 2, 3, 16, 17, 127}) {
        std::vector<double> block(rows * width);
        for (index_t k = 0; k < rows * width; ++k) {
            const index_t r = k / width, j = k % width;
            block[k] = j == 0                    ? kNaN
                       : j == 1                  ? 0.1
                       : j == 2 && r == rows / 2 ? kInf
                       : j == 3                  ? 1e9 + std::sin(k)
                       : k % 7 == 4              ? kNaN
                                                 : std::ldexp(std::cos(k), static_cast<int>(j) - 6);
        }
        std::feclearexcept(FE_ALL_EXCEPT);
        std::vector<NanVar<double>> accs(width);
        NanVar<double>::add_tile(
            accs.data(),
            StridedTile<double>{reinterpret_cast<char *>(block.data()), rows, width, width * 8, 8},
            0);
        for (index_t j = 0; j < width; ++j) {
            NanVar<double> one;
            one.add_run(
                StridedView<double>{reinterpret_cast<char *>(block.data() + j), rows, width * 8},
                0);
            CHECK(kernel_tests::same(accs[j].result(0), one.result(0)));
        }
        CHECK(std::fetestexcept(FE_INVALID) == 0);
        CHECK(std::isnan(accs[0].result(0)) && accs[1].result(0) == 0.0 &&
              std::isnan(accs[2].result(0)));
        for (index_t j = 3; j < width; ++j) {  // the others against a reference
            // Deviations from the first number (exact, for the offset series too).
            double first = kNaN;
            long double sum = 0, count = 0, m2 = 0;
            for (index_t r = 0; r < rows; ++r) {
                const double x = block[r * width + j];
                if (x == x && first != first) first = x;
                if (x == x) sum += x - first, count += 1;
            }
            for (index_t r = 0; r < rows; ++r) {
                const double x = block[r * width + j];
                if (x == x) m2 += (x - first - sum / count) * (x - first - sum / count);
            }
            const double got = accs[j].result(0), want = static_cast<double>(m2 / count);
            CHECK(count == 0 ? std::isnan(got) : std::fabs(got - want) <= 1e-13 * want);
        }
    }
}

// Every series of a rows x width row-major block, as one tile and as runs (each column
// strided, and copied contiguous): the same bits. Widths below and above kMaxTileWidth
// (wider tiles take the kernels' heap scratch; above 2048 also anynan's group flags) and
// not a multiple of the kernels' blocks; 333 rows make two folds of the sums and a tail.
template <class Acc>
double result_of(const Acc &acc) {
    if constexpr (Acc::kParameters == 1) {
        return static_cast<double>(acc.result(1));
    } else {
        return static_cast<double>(acc.result());
    }
}

template <template <class> class Acc, class T>
bool tile_matches_runs(index_t width) {
    const index_t rows = 333;
    std::vector<T> block(static_cast<std::size_t>(rows * width));
    for (index_t k = 0; k < rows * width; ++k) {
        if constexpr (std::is_floating_point_v<T>) {
            block[k] = k % 11 == 3    ? static_cast<T>(kNaN)
                       : k % 997 == 5 ? static_cast<T>(k % 2 ? kInf : -kInf)
                                      : static_cast<T>(std::ldexp(std::cos(k), k % 9 - 4));
        } else {
            block[k] = static_cast<T>(k % 1001 - 500);
        }
    }
    std::vector<Acc<T>> accs(static_cast<std::size_t>(width));
    const index_t item = sizeof(T);
    Acc<T>::add_tile(
        accs.data(),
        StridedTile<T>{reinterpret_cast<char *>(block.data()), rows, width, width * item, item}, 0);
    bool ok = true;
    for (index_t j = 0; j < width; ++j) {
        std::vector<T> column(static_cast<std::size_t>(rows));
        for (index_t r = 0; r < rows; ++r) column[r] = block[r * width + j];
        Acc<T> strided, contiguous;
        strided.add_run(
            StridedView<T>{reinterpret_cast<char *>(block.data() + j), rows, width * item}, 0);
        contiguous.add_run(view_of(column), 0);
        ok &= kernel_tests::same(result_of(accs[j]), result_of(strided)) &&
              kernel_tests::same(result_of(accs[j]), result_of(contiguous));
    }
    return ok;
}

template <template <class> class Acc, class T>
bool tiles_of_every_width_match_runs() {
    bool ok = true;
    for (index_t width : {1, 7, 8, 9, 300, 2100}) ok &= tile_matches_runs<Acc, T>(width);
    return ok;
}

TEST(tiles_of_every_width_match_runs_bitwise) {
    CHECK((tiles_of_every_width_match_runs<NanSum, double>()));
    CHECK((tiles_of_every_width_match_runs<NanSum, float>()));
    CHECK((tiles_of_every_width_match_runs<NanSum, std::int64_t>()));
    CHECK((tiles_of_every_width_match_runs<NanMean, double>()));
    CHECK((tiles_of_every_width_match_runs<NanMean, float>()));
    CHECK((tiles_of_every_width_match_runs<NanMean, std::int32_t>()));
    CHECK((tiles_of_every_width_match_runs<Ss, double>()));
    CHECK((tiles_of_every_width_match_runs<Ss, float>()));
    CHECK((tiles_of_every_width_match_runs<NanVar, double>()));
    CHECK((tiles_of_every_width_match_runs<NanVar, std::int64_t>()));
    CHECK((tiles_of_every_width_match_runs<NanStd, std::int32_t>()));
    CHECK((tiles_of_every_width_match_runs<NanStd, float>()));
    CHECK((tiles_of_every_width_match_runs<NanMin, double>()));
    CHECK((tiles_of_every_width_match_runs<NanMax, float>()));
    CHECK((tiles_of_every_width_match_runs<NanArgMin, double>()));
    CHECK((tiles_of_every_width_match_runs<NanArgMax, float>()));
    CHECK((tiles_of_every_width_match_runs<AnyNan, double>()));
    CHECK((tiles_of_every_width_match_runs<AllNan, float>()));
    CHECK((tiles_of_every_width_match_runs<NanCount, double>()));
    CHECK((tiles_of_every_width_match_runs<NanCount, float>()));
    CHECK((tiles_of_every_width_match_runs<NanCount, std::int32_t>()));
}

int main() { return kernel_tests::run_all(); }
