// Kernel tests of the moving-window accumulators (src/kernels/moving*.hpp), driven as the
// engine drives them: add() while the window fills, then replace().
#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "../../src/kernels/moving.hpp"
#include "../../src/kernels/moving_extremes.hpp"
#include "../../src/kernels/moving_moments.hpp"
#include "../../src/kernels/moving_order.hpp"
#include "../../src/kernels/sorted_blocks.hpp"
#include "../../src/kernels/sorted_window.hpp"
#include "check.hpp"

using namespace parafunc;
using kernel_tests::bitwise_same;
using kernel_tests::same;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

template <class Acc, class T>
Acc fresh(index_t window, index_t min_count, double parameter = 0) {
    Acc acc(MovingParams{window, min_count, parameter});
    acc.reset();
    return acc;
}

// The accumulator's results over `x`, as the engine computes one chunk from the start.
template <class Acc, class T>
std::vector<double> run(const std::vector<T> &x, index_t window, index_t min_count,
                        double parameter = 0) {
    Acc acc = fresh<Acc, T>(window, min_count, parameter);
    std::vector<double> y;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (static_cast<index_t>(i) < window) {
            acc.add(x[i]);
        } else {
            acc.replace(x[i], x[i - window]);
        }
        y.push_back(acc.result());
    }
    return y;
}

}  // namespace

TEST(move_mean_counts_nan_and_min_count) {
    CHECK(same(run<MoveMean<double>>(std::vector<double>{1.0, kNaN, 3.0}, 2, 1), {1.0, 1.0, 3.0}));
    CHECK(
        same(run<MoveMean<double>>(std::vector<double>{1.0, kNaN, 3.0}, 2, 2), {kNaN, kNaN, kNaN}));
}

TEST(move_sum_and_mean_infinity_leaves_no_trace) {
    const std::vector<double> x{kInf, 1.0, -kInf, kInf, 2.0, 4.0};
    CHECK(same(run<MoveSum<double>>(x, 2, 1), {kInf, kInf, -kInf, kNaN, kInf, 6.0}));
    CHECK(same(run<MoveMean<double>>(x, 2, 1), {kInf, kInf, -kInf, kNaN, kInf, 3.0}));
}

TEST(move_mean_raises_no_flag_for_nan_and_infinities) {
    std::feclearexcept(FE_ALL_EXCEPT);
    run<MoveMean<double>>(std::vector<double>{kNaN, kInf, kInf, kInf, -kInf, kNaN}, 2, 1);
    CHECK(std::fetestexcept(FE_ALL_EXCEPT) == 0);
}

TEST(move_mean_of_constant_window_is_within_one_ulp) {
    for (double c : {0.1, 1.0 / 3, 0.7, 1e8 + 0.3, -2.5e-7}) {
        const std::vector<double> y = run<MoveMean<double>>(std::vector<double>(100000, c), 3, 3);
        CHECK(std::fabs(y.back() - c) <= std::nextafter(std::fabs(c), kInf) - std::fabs(c));
    }
}

TEST(move_mean_does_not_drift_with_a_large_offset) {
    // After a huge value leaves, small values are exact again.
    CHECK(run<MoveMean<double>>(std::vector<double>{1e17, 1.0, 2.0}, 2, 2).back() == 1.5);
}

TEST(move_sum_difference_is_exact_over_many_steps) {
    // A window of two on values cycling around a large offset: after 1e5 steps the sum is
    // still that of the last two values, to the last bit of 2e8.
    std::vector<double> x(100000);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = 1e8 + 0.1 * static_cast<double>(k % 3);
    CHECK(std::fabs(run<MoveSum<double>>(x, 2, 1).back() - (x.end()[-1] + x.end()[-2])) <=
          3e-8);
}

// Each of kLanes series through Acc::Lanes in lockstep, as the engine steps them: in an
// AVX2 function, into which the steps inline.
template <class Acc>
PARAFUNC_LANES_TARGET std::vector<std::vector<double>> run_lanes(
    const std::vector<std::vector<double>> &series, index_t window, index_t min_count,
    double parameter) {
    typename Acc::Lanes lanes(MovingParams{window, min_count, parameter});
    lanes.reset();
    std::vector<std::vector<double>> y(kLanes);
    for (std::size_t i = 0; i < series[0].size(); ++i) {
        Doubles x, old;
        for (int j = 0; j < kLanes; ++j) {
            x[j] = series[j][i];
            old[j] = static_cast<index_t>(i) >= window ? series[j][i - window] : 0.0;
        }
        if (static_cast<index_t>(i) < window) {
            lanes.add(x);
        } else {
            lanes.replace(x, old);
        }
        const Doubles result = lanes.result();
        for (int j = 0; j < kLanes; ++j) y[j].push_back(result[j]);
    }
    return y;
}

// Over NaN, infinities, ties, signed zeros, min_count, huge and tiny values: the engine
// may step a series alone or in a lane, and its result must not depend on which.
template <class Acc>
bool lanes_match_series_alone(double parameter = 0) {
    const std::vector<double> pool = {1.5,  -2.25, kNaN, kInf,   -kInf, 1e16,  1e-300, 0.0,
                                      -0.0, 3.0,   7.125, -1e16, 3.0,  1e300, -1e200};
    std::vector<std::vector<double>> series(kLanes, std::vector<double>(400));
    for (int j = 0; j < kLanes; ++j) {
        for (std::size_t i = 0; i < series[j].size(); ++i) {
            series[j][i] = pool[(i * (j + 3) + i / 7 + (i % 5 == 0 ? j : 0)) % pool.size()];
        }
    }
    bool all_same = true;
    for (index_t window : {1, 5, 9}) {
        for (index_t min_count = 1; min_count <= window; min_count += 3) {
            const auto lanes = run_lanes<Acc>(series, window, min_count, parameter);
            for (int j = 0; j < kLanes; ++j) {
                all_same &=
                    bitwise_same(lanes[j], run<Acc>(series[j], window, min_count, parameter));
            }
        }
    }
    return all_same;
}

TEST(lanes_give_each_series_bitwise_its_own_result) {
    if (!lanes_supported()) return;  // this processor runs no lanes, the engine neither
    CHECK(lanes_match_series_alone<MoveSum<double>>());
    CHECK(lanes_match_series_alone<MoveMean<double>>());
    CHECK(lanes_match_series_alone<MoveMin<double>>());
    CHECK(lanes_match_series_alone<MoveMax<double>>());
    CHECK(lanes_match_series_alone<MoveArgMin<double>>());
    CHECK(lanes_match_series_alone<MoveArgMax<double>>());
    for (double ddof : {0.0, 1.0}) {
        CHECK(lanes_match_series_alone<MoveVar<double>>(ddof));
        CHECK(lanes_match_series_alone<MoveStd<double>>(ddof));
    }
}

// A row-major block of series side by side (series s is column s), read and written by
// group of kLanes columns as the engine's views of neighbouring series are.
struct ColumnsView {
    double *data;
    index_t columns;

    PARAFUNC_LANES_TARGET PARAFUNC_INLINE Doubles load(index_t i, index_t g) const {
        Doubles v;
        std::memcpy(&v, data + i * columns + g * kLanes, sizeof v);
        return v;
    }
    PARAFUNC_LANES_TARGET PARAFUNC_INLINE void store(index_t i, index_t g, Doubles v) const {
        std::memcpy(data + i * columns + g * kLanes, &v, sizeof v);
    }
    void prefetch(index_t, index_t) const {}
    void prefetch_for_write(index_t, index_t) const {}
};

// Acc::Rows over `groups` groups of series from element `warm` (the engine's chunk after
// the first), results from warm + window - 1 on, against each series alone from `warm`.
template <class Acc>
PARAFUNC_LANES_TARGET bool rows_match_series_alone(index_t window, index_t min_count,
                                                   index_t warm) {
    const std::vector<double> pool = {1.5,  -2.25, kNaN, kInf,  -kInf, 1e16, 1e-300, 0.0,
                                      -0.0, 3.0,   7.125, -1e16, 3.0,  -2.25};
    const index_t groups = 3, columns = groups * kLanes, length = 150;
    std::vector<double> x(length * columns), y(length * columns, -1.0);
    for (index_t i = 0; i < length; ++i) {
        for (index_t s = 0; s < columns; ++s) {
            x[i * columns + s] = pool[(i * (s + 3) + i / 7 + (i % 5 == 0 ? s : 0)) % pool.size()];
        }
    }
    const MovingParams p{window, min_count, 0};
    typename Acc::Rows rows(p, groups);
    const index_t start = warm + window - 1;
    rows.run(ColumnsView{x.data(), columns}, ColumnsView{y.data(), columns}, warm, start,
             std::min(length, warm + window), length);
    bool all_same = true;
    for (index_t s = 0; s < columns; ++s) {
        std::vector<double> series, rows_result;
        for (index_t i = warm; i < length; ++i) series.push_back(x[i * columns + s]);
        for (index_t i = start; i < length; ++i) rows_result.push_back(y[i * columns + s]);
        std::vector<double> alone = run<Acc>(series, window, min_count);
        alone.erase(alone.begin(), alone.begin() + (window - 1));
        all_same &= bitwise_same(rows_result, alone);
        for (index_t i = warm; i < start; ++i) all_same &= y[i * columns + s] == -1.0;
    }
    return all_same;
}

template <class Acc>
bool rows_match_series_alone() {
    bool all_same = true;
    for (index_t window : {1, 2, 5, 9, 150}) {
        for (index_t min_count = 1; min_count <= window; min_count += 4) {
            for (index_t warm : {index_t{0}, index_t{3}}) {
                if (warm + window <= 150) {
                    all_same &= rows_match_series_alone<Acc>(window, min_count, warm);
                }
            }
        }
    }
    return all_same;
}

TEST(rows_give_each_series_bitwise_its_own_result) {
    if (!lanes_supported()) return;
    CHECK(rows_match_series_alone<MoveMin<double>>());
    CHECK(rows_match_series_alone<MoveMax<double>>());
    CHECK(rows_match_series_alone<MoveArgMin<double>>());
    CHECK(rows_match_series_alone<MoveArgMax<double>>());
}

TEST(move_mean_integers_and_float32_output) {
    CHECK(run<MoveMean<std::int32_t>>(std::vector<std::int32_t>{1, 2}, 2, 2).back() == 1.5);
    MoveMean<float> floats = fresh<MoveMean<float>, float>(1, 1);
    floats.add(0.5f);
    static_assert(std::is_same_v<decltype(floats.result()), float>);
    CHECK(floats.result() == 0.5f);
}

TEST(move_var_constant_windows_are_exactly_zero) {
    for (double c : {0.1, 1.0 / 3, 1e8 + 0.3, -2.5e-7}) {
        std::vector<double> x(1000, c);
        x[10] = 5.0;  // a different value, then only c again
        x[500] = kNaN;
        const std::vector<double> y = run<MoveVar<double>>(x, 7, 1);
        CHECK(y[9] == 0.0);
        CHECK(y[10] > 0.0 && y[16] > 0.0);
        for (std::size_t i = 17; i < x.size(); ++i) CHECK(y[i] == 0.0);
    }
}

TEST(move_var_follows_a_trend_by_recentring) {
    // A ramp moves the window's mean 1e6 times its standard deviation away from the first
    // shift: the sums are recomputed around the mean on the way, so every window's
    // variance stays (w^2 - 1) / 12 to the last bits.
    const index_t w = 20;
    std::vector<double> x(200000);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1e3 * static_cast<double>(i);
    const std::vector<double> y = run<MoveVar<double>>(x, w, w);
    const double exact = 1e6 * (w * w - 1) / 12.0;
    double worst = 0;
    for (std::size_t i = w - 1; i < x.size(); ++i)
        worst = std::max(worst, std::fabs(y[i] / exact - 1));
    CHECK(worst < 1e-13);
}

TEST(move_var_recovers_after_a_huge_value_leaves) {
    std::vector<double> x{1e300, 1.0, 2.0, 3.0, 2.0, 1.0};
    const std::vector<double> y = run<MoveVar<double>>(x, 3, 3);
    CHECK(std::isinf(y[2]));  // the true variance overflows
    CHECK(std::fabs(y[3] - 2.0 / 3) < 1e-15);
    CHECK(std::fabs(y[4] - 2.0 / 9) < 1e-15);  // {2, 3, 2}: mean 7/3
    CHECK(std::fabs(y[5] - 2.0 / 3) < 1e-15);
}

TEST(move_var_recovers_after_a_large_value_leaves) {
    // 1e15 squared next to values of 1: the running sums lose every digit of the small
    // values' variance while it is in the window, and get it back by a restart once it
    // has left.
    std::vector<double> x(200);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i % 3);
    x[50] = 1e15;
    const index_t w = 10;
    const std::vector<double> y = run<MoveVar<double>>(x, w, w);
    for (std::size_t i = 60; i < x.size(); ++i) {
        double mean = 0, squares = 0;
        for (std::size_t j = i + 1 - w; j <= i; ++j) mean += x[j] / w;
        for (std::size_t j = i + 1 - w; j <= i; ++j) squares += (x[j] - mean) * (x[j] - mean);
        CHECK(std::fabs(y[i] - squares / w) <= 1e-15 * (squares / w));
    }
}

TEST(move_var_scales_huge_values) {
    // Beyond 2^480 a square could overflow: windows holding such values are summed
    // scaled by a power of two, exactly, and the series is unscaled once they have left.
    const double big = std::ldexp(1.0, 510);
    const std::vector<double> x{big, 0.0, 0.0, big, big, 1.0, 2.0, 3.0};
    const std::vector<double> y = run<MoveVar<double>>(x, 2, 2);
    CHECK(same(y, {kNaN, std::ldexp(1.0, 1018), 0.0, std::ldexp(1.0, 1018), 0.0,
                   std::ldexp(1.0, 1018), 0.25, 0.25}));
}

TEST(move_var_nan_for_infinity_and_ddof) {
    const std::vector<double> x{1.0, kInf, 2.0, 4.0};
    CHECK(same(run<MoveVar<double>>(x, 2, 1), {0.0, kNaN, kNaN, 1.0}));
    CHECK(same(run<MoveVar<double>>(x, 2, 1, 1), {kNaN, kNaN, kNaN, 2.0}));
    CHECK(same(run<MoveStd<double>>(x, 2, 1, 2), {kNaN, kNaN, kNaN, kNaN}));
    CHECK(same(run<MoveStd<double>>(x, 2, 1, -1), {0.0, kNaN, kNaN, std::sqrt(2.0 / 3)}));
}

TEST(move_min_max_skip_nan_and_count) {
    const std::vector<double> x{3.0, kNaN, 1.0, kNaN, kNaN, 2.0, -kInf};
    CHECK(same(run<MoveMin<double>>(x, 3, 1), {3.0, 3.0, 1.0, 1.0, 1.0, 2.0, -kInf}));
    CHECK(same(run<MoveMax<double>>(x, 3, 2), {kNaN, kNaN, 3.0, kNaN, kNaN, kNaN, 2.0}));
}

TEST(move_argmin_argmax_prefer_the_newest_of_equals) {
    const std::vector<double> x{3.0, 1.0, 1.0, 2.0, 1.0};
    CHECK(same(run<MoveArgMin<double>>(x, 3, 3), {kNaN, kNaN, 0.0, 1.0, 0.0}));
    CHECK(same(run<MoveArgMax<double>>(x, 3, 3), {kNaN, kNaN, 2.0, 0.0, 1.0}));
}

TEST(move_extremes_of_integers_compare_as_doubles) {
    const std::int64_t big = std::int64_t{1} << 53;
    const std::vector<std::int64_t> x{big, -big, 7, 7};
    CHECK(same(run<MoveMax<std::int64_t>>(x, 2, 1),
               {static_cast<double>(big), static_cast<double>(big), 7.0, 7.0}));
    CHECK(same(run<MoveArgMin<std::int64_t>>(x, 2, 1), {0.0, 0.0, 1.0, 0.0}));
    // 2^53 + 1 rounds to 2^53: equal to it, so the newer is the maximum (as bottleneck).
    CHECK(same(run<MoveArgMax<std::int64_t>>(std::vector<std::int64_t>{big + 1, big}, 2, 1),
               {0.0, 0.0}));
}

TEST(move_extremes_queue_is_bounded_by_the_window) {
    // An increasing series keeps every element queued for move_min: the queue must wrap
    // around its ring without losing the front.
    std::vector<double> x(1000);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
    const std::vector<double> y = run<MoveMin<double>>(x, 5, 5);
    CHECK(y.back() == 995.0);
    const std::vector<double> z = run<MoveArgMin<double>>(x, 5, 5);
    CHECK(z.back() == 4.0);
}

TEST(sorted_window_matches_a_sorted_copy) {
    // Random replacements with many ties: the window stays the sorted multiset of the last
    // values, and counts agree with a linear scan.
    SortedWindow<int> sorted(16);
    std::vector<int> window;
    unsigned state = 12345;
    auto next = [&] { return static_cast<int>((state = state * 1103515245 + 12345) >> 16) % 7; };
    for (int i = 0; i < 16; ++i) {
        window.push_back(next());
        sorted.insert(window.back());
    }
    for (int step = 0; step < 5000; ++step) {
        const int in = next();
        const std::size_t at = static_cast<std::size_t>(step) % window.size();
        if (step % 5 == 0) {
            sorted.erase(window[at]);
            sorted.insert(in);
        } else {
            sorted.replace(window[at], in);
        }
        window[at] = in;
        std::vector<int> expected = window;
        std::sort(expected.begin(), expected.end());
        bool same_values = sorted.size() == static_cast<index_t>(expected.size());
        for (std::size_t k = 0; same_values && k < expected.size(); ++k) {
            same_values = sorted[static_cast<index_t>(k)] == expected[k];
        }
        CHECK(same_values);
        const index_t less =
            std::count_if(window.begin(), window.end(), [&](int v) { return v < in; });
        CHECK(sorted.count_less(in) == less);
        CHECK(sorted.count_equal(in) == std::count(window.begin(), window.end(), in));
    }
}

TEST(sorted_blocks_match_a_sorted_window) {
    // A window long enough for many blocks, splits and merges: every order statistic and
    // count agrees with the flat array's.
    const index_t window = 5000;
    SortedWindow<double> flat(window);
    SortedBlocks<double> blocks;
    std::vector<double> x(60000);
    unsigned state = 7;
    for (double &v : x) v = static_cast<double>((state = state * 1103515245 + 12345) >> 20);
    for (index_t i = 0; i < window; ++i) {
        flat.insert(x[i]);
        blocks.insert(x[i]);
    }
    bool same_values = true;
    for (std::size_t i = window; i < x.size(); ++i) {
        // Runs of rising values build up one end, so blocks split and drain.
        const double in = i % 20000 < 10000 ? x[i] : static_cast<double>(i);
        flat.replace(x[i - window], in);
        blocks.replace(x[i - window], in);
        x[i] = in;
        const index_t k = static_cast<index_t>(i * 7919) % window;
        same_values = same_values && flat[k] == blocks[k] &&
                      flat.count_less(in) == blocks.count_less(in) &&
                      flat.count_equal(x[i - 1]) == blocks.count_equal(x[i - 1]);
    }
    CHECK(same_values);
    CHECK(flat.size() == blocks.size());
}

TEST(move_median_and_quantile_skip_nan) {
    const std::vector<double> x{4.0, kNaN, 1.0, 3.0, 2.0, kInf, -kInf};
    CHECK(same(run<MoveMedian<double>>(x, 3, 1), {4.0, 4.0, 2.5, 2.0, 2.0, 3.0, 2.0}));
    CHECK(same(run<MoveMedian<double>>(x, 3, 3), {kNaN, kNaN, kNaN, kNaN, 2.0, 3.0, 2.0}));
    CHECK(same(run<MoveQuantile<double>>(x, 3, 1, 0.0), {4.0, 4.0, 1.0, 1.0, 1.0, 2.0, -kInf}));
    CHECK(same(run<MoveQuantile<double>>(x, 3, 1, 1.0), {4.0, 4.0, 4.0, 3.0, 3.0, kInf, kInf}));
    CHECK(same(run<MoveQuantile<double>>(x, 3, 1, 0.25), {4.0, 4.0, 1.75, 1.5, 1.5, 2.5, -kInf}));
}

TEST(move_median_keeps_the_sign_of_zero) {
    // -0.0 and 0.0 compare equal, but the one that leaves is the one that entered.
    const std::vector<double> x{-0.0, -0.0, -0.0, 0.0, 0.0, 0.0, 0.0};
    // Windows of one sign only: the first three and the last two.
    const std::vector<double> y = run<MoveMedian<double>>(x, 3, 1);
    CHECK(std::signbit(y[0]) && std::signbit(y[1]) && std::signbit(y[2]));
    CHECK(y[5] == 0.0 && !std::signbit(y[5]) && !std::signbit(y[6]));
}

TEST(move_median_of_integers_is_exact) {
    const std::int64_t big = std::int64_t{1} << 53;
    CHECK(same(run<MoveMedian<std::int64_t>>(std::vector<std::int64_t>{big, big + 2, 1}, 2, 2),
               {kNaN, static_cast<double>(big + 1), static_cast<double>(big + 2) / 2 + 0.5}));
}

TEST(move_median_of_a_long_window_uses_blocks_alike) {
    // Windows either side of kFlatWindow give the median of the same values.
    const index_t window = MoveMedian<double>::kFlatWindow + 1;
    std::vector<double> x(3 * window);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>((i * 37) % 1001);
    const std::vector<double> y = run<MoveMedian<double>>(x, window, 1);
    std::vector<double> last(x.end() - window, x.end());
    std::nth_element(last.begin(), last.begin() + window / 2, last.end());
    CHECK(y.back() == last[window / 2]);  // window is odd
}

// Windows that fill up before their first result are sorted at once (a radix sort beyond
// ~100 values): the medians are those of insertions one by one (min_count 1).
template <class T>
bool filling_sorted_at_once_matches_insertions(const std::vector<T> &x, index_t window) {
    const std::vector<double> one_by_one = run<MoveMedian<T>>(x, window, 1);
    const std::vector<double> at_once = run<MoveMedian<T>>(x, window, window);
    bool all_same = true;
    for (std::size_t i = window - 1; i < x.size(); ++i) {
        all_same &= bitwise_same(std::vector<double>{at_once[i]}, {one_by_one[i]});
    }
    return all_same;
}

TEST(move_median_of_a_filled_window_sorted_at_once) {
    const index_t window = 300;
    std::vector<double> doubles(3 * window);
    std::vector<std::int32_t> ints(doubles.size());
    std::vector<std::int64_t> longs(doubles.size());
    for (std::size_t i = 0; i < doubles.size(); ++i) {
        const std::int64_t k = static_cast<std::int64_t>((i * 7919) % 613) - 306;
        doubles[i] = k == 0 ? (i % 2 ? -0.0 : 0.0) : static_cast<double>(k) * 1e-3;
        ints[i] = static_cast<std::int32_t>(k);
        longs[i] = k * (std::int64_t{1} << 40);
    }
    for (index_t w : {window, window / 4}) {  // past and below the radix sort's threshold
        CHECK(filling_sorted_at_once_matches_insertions(doubles, w));
        CHECK(filling_sorted_at_once_matches_insertions(ints, w));
        CHECK(filling_sorted_at_once_matches_insertions(longs, w));
    }
}

TEST(move_rank_scales_to_minus_one_one_with_ties) {
    // bottleneck's values: [1, 2, 2] ranks the newest 2 at 0.5; [3, 1, 1] the newest 1 at
    // -0.5; a lone value at 0; a NaN newest gives NaN.
    const std::vector<double> x{1.0, 2.0, 2.0, 3.0, 1.0, 1.0, kNaN};
    CHECK(same(run<MoveRank<double>>(x, 3, 1), {0.0, 1.0, 0.5, 1.0, -1.0, -0.5, kNaN}));
}

TEST(move_quantile_rejects_q_outside_zero_one) {
    bool threw = false;
    try {
        MoveQuantile<double> acc(MovingParams{3, 1, 1.5});
    } catch (const std::invalid_argument &) {
        threw = true;
    }
    CHECK(threw);
}

int main() { return kernel_tests::run_all(); }
