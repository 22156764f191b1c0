// Kernel tests: the numerics of src/kernels/ as plain C++, no Python and no NumPy.
// Built and run by .ci/run, also under AddressSanitizer and UBSan.
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "../../src/kernels/compensated.hpp"
#include "../../src/kernels/reduce.hpp"
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

template <class T>
T nansum_of(std::vector<T> v, index_t step = 1) {
    NanSum<T> acc;
    acc.add_run(view_of(v, step), 0);
    return acc.result();
}

}  // namespace

TEST(compensated_sum_keeps_small_terms_next_to_large_ones) {
    CompensatedSum s;
    s.add(1e16);
    s.add(1.0);
    s.add(-1e16);
    CHECK(s.value() == 1.0);
}

TEST(compensated_sum_propagates_infinity_without_nan) {
    CompensatedSum s;
    s.add(1.0);
    s.add(kInf);
    s.add(2.0);
    CHECK(s.value() == kInf);
    s.add(-kInf);
    CHECK(std::isnan(s.value()));
}

TEST(nansum_skips_nan_contiguous_and_strided) {
    std::vector<double> v(1000);
    double expected = 0;
    for (int i = 0; i < 1000; ++i) {
        v[i] = i % 7 == 0 ? kNaN : i * 0.5;
        if (i % 7 != 0) expected += i * 0.5;
    }
    CHECK(nansum_of(v) == expected);
    double every_other = 0;
    for (int i = 0; i < 1000; i += 2) every_other += i % 7 == 0 ? 0 : i * 0.5;
    CHECK(nansum_of(v, 2) == every_other);
}

TEST(nansum_cancellation_within_bound_and_layout_independent) {
    std::vector<double> v;
    double absolute_sum = 0;
    for (int i = 0; i < 1000; ++i) v.insert(v.end(), {1e16, 1.0, 1.0, 1.0, 1.0, -1e16});
    for (double x : v) absolute_sum += std::fabs(x);
    // Folds of plain 16-element lane sums: within (15 + 3) eps sum|x|, the bound of
    // NumPy's pairwise sum without its log2(n) growth.
    const double contiguous = nansum_of(v);
    CHECK(std::fabs(contiguous - 4000.0) <= 18 * 0x1p-53 * absolute_sum);
    // A strided run is folded in the same order: the same bits.
    std::vector<double> doubled;
    for (double x : v) doubled.insert(doubled.end(), {x, kNaN});
    CHECK(nansum_of(doubled, 2) == contiguous);
    // Short runs (under one fold) are compensated element by element: exact.
    CHECK(nansum_of(std::vector<double>{1e16, 1.0, 1.0, 1.0, 1.0, -1e16}) == 4.0);
}

TEST(nansum_counts_infinities) {
    CHECK(nansum_of(std::vector<double>{1.0, kInf, 2.0}) == kInf);
    CHECK(nansum_of(std::vector<double>{-kInf, kNaN}) == -kInf);
    CHECK(std::isnan(nansum_of(std::vector<double>{kInf, 1.0, -kInf})));
    std::vector<double> long_run(1001, 1.0);
    long_run[500] = -kInf;
    CHECK(nansum_of(long_run) == -kInf);
}

TEST(nansum_of_empty_and_all_nan_is_zero) {
    CHECK(nansum_of(std::vector<double>{}) == 0.0);
    CHECK(nansum_of(std::vector<float>{NAN, NAN}) == 0.0f);
}

TEST(nansum_float32_is_exact_to_float32) {
    std::vector<float> v(10000000, 0.1f);
    CHECK(nansum_of(v) == 1e6f);
}

TEST(nansum_integers_wrap_like_bottleneck) {
    std::vector<std::int32_t> v{std::numeric_limits<std::int32_t>::max(), 1};
    CHECK(nansum_of(v) == std::numeric_limits<std::int32_t>::min());
    std::vector<std::int64_t> w{5, -7, 11};
    CHECK(nansum_of(w) == 9);
}

TEST(nansum_merge_equals_one_run) {
    std::vector<double> v(777);
    for (int i = 0; i < 777; ++i) v[i] = std::sin(i) * 1e3;
    NanSum<double> first, second;
    first.add_run(StridedView<double>{reinterpret_cast<char *>(v.data()), 300, 8}, 0);
    second.add_run(StridedView<double>{reinterpret_cast<char *>(v.data() + 300), 477, 8}, 300);
    first.merge(second);
    CHECK(std::fabs(first.result() - nansum_of(v)) <= 1e-9);
}

TEST(nansum_tile_matches_series_by_series_bitwise) {
    // 300 series side by side (row-major 333 x 300 block: two folds and a tail): series j
    // is column j, and its tile sum has the bits of its sum as a run.
    const index_t rows = 333, width = 300;
    std::vector<double> block(rows * width);
    for (index_t k = 0; k < rows * width; ++k) block[k] = k % 11 == 0 ? kNaN : std::cos(k) * 7;
    const index_t tile_width = std::min(width, kMaxTileWidth);
    std::vector<NanSum<double>> accs(tile_width);
    NanSum<double>::add_tile(
        accs.data(),
        StridedTile<double>{reinterpret_cast<char *>(block.data()), rows, tile_width, width * 8, 8},
        0);
    for (index_t j = 0; j < tile_width; ++j) {
        StridedView<double> column{reinterpret_cast<char *>(block.data() + j), rows, width * 8};
        NanSum<double> one;
        one.add_run(column, 0);
        CHECK(accs[j].result() == one.result());
    }
}

int main() { return kernel_tests::run_all(); }
