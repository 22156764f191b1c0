// Kernel tests of the two-input moving-window accumulators (src/kernels/moving_pairs.hpp),
// driven as the engine drives them: add(x, y) while the window fills, then replace().
// The reference is a two-pass computation per window in long double.
#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include "../../src/kernels/moving_pairs.hpp"
#include "check.hpp"

using namespace parafunc;
using kernel_tests::same;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The accumulator's results over (x, y), as the engine computes one chunk from the start.
template <class Acc, class T>
std::vector<double> run(const std::vector<T> &x, const std::vector<T> &y, index_t window,
                        index_t min_count) {
    Acc acc(MovingParams{window, min_count, 0});
    acc.reset();
    std::vector<double> out;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (static_cast<index_t>(i) < window) {
            acc.add(x[i], y[i]);
        } else {
            acc.replace(x[i], y[i], x[i - window], y[i - window]);
        }
        out.push_back(acc.result());
    }
    return out;
}

struct Expected {
    double value;  // NaN where the result must be NaN
    double scale;  // what the error may be proportional to (see reference())
};

// Two passes over each window's pairs with no NaN, in long double. The scale of the
// error of the covariance is sx * sy, the standard deviations' product, plus 2^-10 of
// |x|max * sy + |y|max * sx: x - shift is rounded to the values' own precision (for any
// shift not on their grid), an error of |x|max * eps that the centred sums carry into
// the result. The correlation's is 1 plus 2^-10 of |x|max / sx + |y|max / sy.
std::vector<Expected> reference(const std::vector<double> &x, const std::vector<double> &y,
                                index_t window, index_t min_count, bool correlation) {
    std::vector<Expected> out;
    for (index_t i = 0; i < static_cast<index_t>(x.size()); ++i) {
        std::vector<long double> xs, ys;
        bool infinite = false;
        for (index_t j = std::max<index_t>(0, i - window + 1); j <= i; ++j) {
            if (std::isnan(x[j]) || std::isnan(y[j])) continue;
            infinite = infinite || std::isinf(x[j]) || std::isinf(y[j]);
            xs.push_back(x[j]);
            ys.push_back(y[j]);
        }
        const index_t n = static_cast<index_t>(xs.size());
        if (infinite || n < std::max<index_t>(min_count, 2)) {
            out.push_back({kNaN, 0.0});
            continue;
        }
        long double mx = 0, my = 0;
        for (index_t k = 0; k < n; ++k) mx += xs[k], my += ys[k];
        mx /= n;
        my /= n;
        long double sxx = 0, syy = 0, sxy = 0;
        for (index_t k = 0; k < n; ++k) {
            sxx += (xs[k] - mx) * (xs[k] - mx);
            syy += (ys[k] - my) * (ys[k] - my);
            sxy += (xs[k] - mx) * (ys[k] - my);
        }
        long double x_max = 0, y_max = 0;
        for (index_t k = 0; k < n; ++k) {
            x_max = std::max(x_max, std::fabs(xs[k]));
            y_max = std::max(y_max, std::fabs(ys[k]));
        }
        const long double sx = std::sqrt(sxx / (n - 1)), sy = std::sqrt(syy / (n - 1));
        const bool constant =
            std::all_of(xs.begin(), xs.end(), [&](long double v) { return v == xs[0]; }) ||
            std::all_of(ys.begin(), ys.end(), [&](long double v) { return v == ys[0]; });
        if (constant) {
            out.push_back({correlation ? kNaN : 0.0, 0.0});
        } else if (correlation) {
            out.push_back({static_cast<double>(sxy / std::sqrt(sxx * syy)),
                           static_cast<double>(1 + (x_max / sx + y_max / sy) / 1024)});
        } else {
            out.push_back({static_cast<double>(sxy / (n - 1)),
                           static_cast<double>(sx * sy + (x_max * sy + y_max * sx) / 1024)});
        }
    }
    return out;
}

// Every result within `tolerance` times its scale of the reference; NaN where it is.
bool close(const std::vector<double> &got, const std::vector<Expected> &expected,
           double tolerance) {
    bool ok = got.size() == expected.size();
    for (std::size_t i = 0; ok && i < got.size(); ++i) {
        const Expected &e = expected[i];
        ok = std::isnan(e.value) ? std::isnan(got[i])
                                 : std::fabs(got[i] - e.value) <= tolerance * e.scale;
        if (!ok) std::printf("  at %zu: got %.17g, expected %.17g\n", i, got[i], e.value);
    }
    return ok;
}

bool check_both(const std::vector<double> &x, const std::vector<double> &y, index_t window,
                index_t min_count, double tolerance) {
    const bool cov = close(run<MoveCov<double>>(x, y, window, min_count),
                           reference(x, y, window, min_count, false), tolerance);
    const bool corr = close(run<MoveCorr<double>>(x, y, window, min_count),
                            reference(x, y, window, min_count, true), tolerance);
    return cov && corr;
}

}  // namespace

TEST(move_cov_small_example) {
    const std::vector<double> x{1.0, 2.0, 4.0, 8.0}, y{1.0, 3.0, 2.0, 5.0};
    // Windows of 3: {1,2,4}x{1,3,2}: cov 1/2; {2,4,8}x{3,2,5}: cov 11/3.
    const std::vector<double> cov = run<MoveCov<double>>(x, y, 3, 1);
    CHECK(std::isnan(cov[0]) && cov[1] == 1.0 && cov[2] == 0.5);
    CHECK(std::fabs(cov[3] - 11.0 / 3) <= 1e-15);
    CHECK(std::isnan(run<MoveCov<double>>(x, y, 3, 3)[1]));
    CHECK(check_both(x, y, 3, 1, 1e-15));
}

TEST(pairs_with_a_nan_are_left_out_and_one_pair_is_nan) {
    const std::vector<double> x{1.0, kNaN, 3.0, 4.0, 5.0}, y{2.0, 1.0, kNaN, 8.0, 10.0};
    // Window 3, min_count 1: pairs (1,2) | (1,2) | none | (4,8) | (4,8),(5,10)
    CHECK(same(run<MoveCov<double>>(x, y, 3, 1), {kNaN, kNaN, kNaN, kNaN, 1.0}));
    CHECK(same(run<MoveCorr<double>>(x, y, 3, 1), {kNaN, kNaN, kNaN, kNaN, 1.0}));
    CHECK(same(run<MoveCov<double>>(x, y, 3, 3), {kNaN, kNaN, kNaN, kNaN, kNaN}));
}

TEST(infinities_give_nan_while_in_the_window_and_raise_no_flag) {
    const std::vector<double> x{1.0, kInf, 2.0, -kInf, 3.0, 4.0, 6.0};
    const std::vector<double> y{1.0, -kInf, 3.0, kInf, 5.0, kNaN, 7.0};
    std::feclearexcept(FE_ALL_EXCEPT);
    const std::vector<double> cov = run<MoveCov<double>>(x, y, 2, 1);
    const std::vector<double> corr = run<MoveCorr<double>>(x, y, 2, 1);
    CHECK(std::fetestexcept(FE_ALL_EXCEPT) == 0);
    CHECK(same(cov, {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN}));
    CHECK(check_both(x, y, 3, 2, 1e-15));
    CHECK(same(run<MoveCov<double>>(x, y, 2, 2), {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN}));
    const std::vector<double> later = run<MoveCov<double>>(x, y, 3, 2);
    CHECK(later[6] == 3.0);  // (3, 5), (6, 7): the infinities have left
}

TEST(a_constant_series_gives_exact_zero_and_nan_correlation) {
    for (double c : {0.1, 1.0 / 3, 1e8 + 0.3, -2.5e-7}) {
        std::vector<double> x(500, c), y(500);
        for (std::size_t i = 0; i < y.size(); ++i) y[i] = std::sin(static_cast<double>(i));
        x[10] = 5.0;  // a different value, then only c again
        x[200] = kNaN;
        const std::vector<double> cov = run<MoveCov<double>>(x, y, 7, 2);
        const std::vector<double> corr = run<MoveCorr<double>>(x, y, 7, 2);
        CHECK(cov[9] == 0.0 && std::isnan(corr[9]));
        CHECK(cov[10] != 0.0 && cov[16] != 0.0 && !std::isnan(corr[16]));
        for (std::size_t i = 17; i < x.size(); ++i) CHECK(cov[i] == 0.0 && std::isnan(corr[i]));
        // The same with the series swapped: y constant.
        const std::vector<double> swapped = run<MoveCov<double>>(y, x, 7, 2);
        for (std::size_t i = 17; i < x.size(); ++i) CHECK(swapped[i] == 0.0);
    }
}

TEST(correlations_stay_within_one) {
    // Exactly linear pairs far from 0: rounding must never push |r| past 1.
    std::vector<double> x(3000), y(3000), z(3000);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = 1e8 + std::sin(0.37 * static_cast<double>(i));
        y[i] = 3.0 * x[i] - 7.0;
        z[i] = -0.5 * x[i];
    }
    for (index_t w : {2, 3, 20, 700}) {
        for (double r : run<MoveCorr<double>>(x, y, w, w))
            CHECK(std::isnan(r) || std::fabs(r) <= 1.0);
        const std::vector<double> anti = run<MoveCorr<double>>(x, z, w, w);
        CHECK(anti.back() >= -1.0 && anti.back() < -1.0 + 1e-6);
    }
}

TEST(a_trend_is_followed_by_recentring) {
    // Ramps move the windows' means 1e6 standard deviations from the first shifts; the
    // shifts follow, 16 standard deviations behind at most (kMaxLostBits: 8 bits of the
    // running sums' ~50), so the error stays ~1e-13 of the result (numbagg: ~1e-1).
    const index_t w = 20;
    std::vector<double> x(200000), y(200000);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = 1e3 * static_cast<double>(i);
        y[i] = -2e3 * static_cast<double>(i) + ((i % 3 == 0) ? 1.0 : 0.0);
    }
    CHECK(check_both(x, y, w, w, 1e-12));
}

TEST(a_huge_value_leaving_leaves_no_error_behind) {
    std::mt19937_64 rng(1);
    std::normal_distribution<double> normal;
    for (double huge : {1e12, 1e20, 1e150}) {
        std::vector<double> x(400), y(400);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = normal(rng), y[i] = normal(rng);
        x[50] = huge;
        y[123] = -huge;
        x[300] = y[300] = huge;
        for (index_t w : {1, 2, 5, 33, 100}) CHECK(check_both(x, y, w, 1, 1e-13));
    }
}

TEST(random_series_with_nan_against_the_reference) {
    std::mt19937_64 rng(2);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> uniform;
    for (double offset : {0.0, 1e6, -3e9}) {
        std::vector<double> x(5000), y(5000);
        for (std::size_t i = 0; i < x.size(); ++i) {
            x[i] = offset + normal(rng);
            y[i] = 0.3 * x[i] + normal(rng) * 1e-3 - offset;
            if (uniform(rng) < 0.05) x[i] = kNaN;
            if (uniform(rng) < 0.05) y[i] = kNaN;
        }
        for (index_t w : {1, 2, 3, 10, 64, 300, 2000}) {
            for (index_t m : {index_t{1}, std::max<index_t>(1, w / 2), w}) {
                CHECK(check_both(x, y, w, m, 1e-12));
            }
        }
    }
}

TEST(decaying_series_stay_cheap_and_accurate) {
    // Each step the oldest value dominates and leaves: the sums fall behind their peak
    // every few steps, and are recomputed as often; results stay right.
    std::vector<double> x(4000), y(4000);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = std::pow(0.8, static_cast<double>(i % 1000)) * (i % 2 ? 1.0 : -1.0);
        y[i] = std::pow(0.9, static_cast<double>(i % 1000));
    }
    CHECK(check_both(x, y, 16, 16, 1e-9));
}

TEST(integers_and_float32) {
    const std::int64_t big = std::int64_t{1} << 53;
    const std::vector<std::int64_t> x{big, big + 2, big + 4}, y{1, 2, 3};
    CHECK(same(run<MoveCov<std::int64_t>>(x, y, 3, 1), {kNaN, 1.0, 2.0}));
    MoveCorr<float> floats(MovingParams{2, 1, 0});
    floats.reset();
    floats.add(1.0f, 2.0f);
    floats.add(2.0f, 1.0f);
    static_assert(std::is_same_v<decltype(floats.result()), float>);
    CHECK(floats.result() == -1.0f);
    MoveCov<std::int32_t> ints(MovingParams{2, 2, 0});
    ints.reset();
    ints.add(std::numeric_limits<std::int32_t>::min(), 0);
    ints.add(std::numeric_limits<std::int32_t>::max(), 2);
    CHECK(ints.result() == 4294967295.0);
}

// kLanes pairs of series through Acc::Lanes in lockstep, as the engine steps them: in an
// AVX2 function, into which the steps inline.
template <class Acc>
PARAFUNC_LANES_TARGET std::vector<std::vector<double>> run_lanes(
    const std::vector<std::vector<double>> &xs, const std::vector<std::vector<double>> &ys,
    index_t window, index_t min_count) {
    typename Acc::Lanes lanes(MovingParams{window, min_count, 0});
    lanes.reset();
    std::vector<std::vector<double>> out(kLanes);
    for (std::size_t i = 0; i < xs[0].size(); ++i) {
        Doubles x, y, old_x{}, old_y{};
        for (int j = 0; j < kLanes; ++j) {
            x[j] = xs[j][i];
            y[j] = ys[j][i];
            if (static_cast<index_t>(i) >= window) {
                old_x[j] = xs[j][i - window];
                old_y[j] = ys[j][i - window];
            }
        }
        if (static_cast<index_t>(i) < window) {
            lanes.add(x, y);
        } else {
            lanes.replace(x, y, old_x, old_y);
        }
        const Doubles result = lanes.result();
        for (int j = 0; j < kLanes; ++j) out[j].push_back(result[j]);
    }
    return out;
}

// Over NaN, infinities, constant runs, huge and tiny values: a pair of series gets
// bitwise the same result whether the engine steps it alone or in a lane.
template <class Acc>
bool lanes_match_pairs_alone() {
    const std::vector<double> pool = {1.5,  -2.25, kNaN, kInf,   -kInf, 1e16,  1e-300, 0.0,
                                      -0.0, 3.0,   7.125, -1e16, 3.0,  1e300, -1e200, 0x1p500};
    std::vector<std::vector<double>> xs(kLanes, std::vector<double>(400)), ys = xs;
    for (int j = 0; j < kLanes; ++j) {
        for (std::size_t i = 0; i < xs[j].size(); ++i) {
            xs[j][i] = pool[(i * (j + 3) + i / 7 + (i % 5 == 0 ? j : 0)) % pool.size()];
            ys[j][i] = i % 60 < 20 ? 2.0 : pool[(i * (j + 5) + i / 3) % pool.size()];
        }
    }
    bool all_same = true;
    for (index_t window : {1, 2, 5, 9}) {
        for (index_t min_count = 1; min_count <= window; min_count += 3) {
            const auto lanes = run_lanes<Acc>(xs, ys, window, min_count);
            for (int j = 0; j < kLanes; ++j) {
                all_same &= kernel_tests::bitwise_same(
                    lanes[j], run<Acc>(xs[j], ys[j], window, min_count));
            }
        }
    }
    return all_same;
}

TEST(lanes_give_each_pair_bitwise_its_own_result) {
    if (!lanes_supported()) return;  // this processor runs no lanes, the engine neither
    CHECK(lanes_match_pairs_alone<MoveCov<double>>());
    CHECK(lanes_match_pairs_alone<MoveCorr<double>>());
}

int main() { return kernel_tests::run_all(); }
