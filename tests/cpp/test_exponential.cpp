// Kernel tests of the exponential moving windows (src/kernels/exponential.hpp), driven as
// the engine drives them: reset(), then step() and result() at each element.
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "../../src/kernels/exponential.hpp"
#include "check.hpp"

using namespace parafunc;
using kernel_tests::same;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The accumulator's outputs over `x` (and `y`, for two series).
template <class Acc, class T>
std::vector<double> run(const std::vector<T> &x, double alpha, double min_weight = 0,
                        const std::vector<T> *y = nullptr) {
    Acc acc(ExpParams{alpha, min_weight});
    acc.reset();
    std::vector<double> out;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if constexpr (Acc::kInputs == 1) {
            acc.step(x[i]);
        } else {
            acc.step(x[i], (*y)[i]);
        }
        out.push_back(acc.result());
    }
    return out;
}

template <class Acc>
std::vector<double> run2(const std::vector<double> &x, const std::vector<double> &y, double alpha) {
    return run<Acc>(x, alpha, 0, &y);
}

bool close(double got, double expected, double rtol) {
    if (expected != expected || got != got) return same(got, expected);
    return std::fabs(got - expected) <= rtol * std::fabs(expected) + 1e-300;
}

// The definition, in long double: weights decay^(i-k) over the non-NaN elements up to i;
// the mean, and the bias-corrected variance sum w (x - m)^2 W / (W^2 - sum w^2).
struct Direct {
    long double weight_sum, mean, variance;
};

Direct direct(const std::vector<double> &x, std::size_t i, double alpha) {
    long double w = 1, sw = 0, sw2 = 0, swx = 0;
    for (std::size_t k = i + 1; k-- > 0; w *= 1 - static_cast<long double>(alpha)) {
        if (x[k] != x[k]) continue;
        sw += w;
        sw2 += w * w;
        swx += w * x[k];
    }
    const long double mean = swx / sw;
    long double squares = 0;
    w = 1;
    for (std::size_t k = i + 1; k-- > 0; w *= 1 - static_cast<long double>(alpha)) {
        if (x[k] == x[k]) squares += w * (x[k] - mean) * (x[k] - mean);
    }
    return {sw, mean, squares * sw / (sw * sw - sw2)};
}

std::vector<double> random_series(std::size_t n, unsigned seed, double nan_fraction,
                                  double offset = 0) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> uniform;
    std::vector<double> x(n);
    for (double &v : x) v = uniform(rng) < nan_fraction ? kNaN : offset + normal(rng);
    return x;
}


// kLanes series (pairs) through Acc::Lanes in lockstep, as the engine steps them: in an
// AVX2 function, into which the steps inline.
template <class Acc>
PARAFUNC_LANES_TARGET std::vector<std::vector<double>> run_lanes(
    const std::vector<std::vector<double>> &xs, const std::vector<std::vector<double>> &ys,
    const ExpParams &p) {
    typename Acc::Lanes lanes(p);
    lanes.reset();
    std::vector<std::vector<double>> out(kLanes);
    for (std::size_t i = 0; i < xs[0].size(); ++i) {
        Doubles x, y;
        for (int j = 0; j < kLanes; ++j) {
            x[j] = xs[j][i];
            y[j] = ys[j][i];
        }
        if constexpr (Acc::kInputs == 1) {
            lanes.step(x);
        } else {
            lanes.step(x, y);
        }
        const Doubles result = lanes.result();
        for (int j = 0; j < kLanes; ++j) out[j].push_back(result[j]);
    }
    return out;
}

// Over NaN, infinities, constant runs, huge and tiny values, and alpha 1 (which forgets):
// a series gets bitwise the same result whether the engine steps it alone or in a lane,
// though the lanes of a group take the common step only where all their elements are
// finite.
template <class Acc>
bool lanes_match_series_alone() {
    const std::vector<double> pool = {1.5,  -2.25, kNaN,  kInf,  -kInf, 1e16,   1e-300, 0.0,
                                      -0.0, 3.0,   7.125, -1e16, 3.0,   1e300, -1e200, 0x1p500};
    std::vector<std::vector<double>> xs(kLanes, std::vector<double>(500)), ys = xs;
    for (int j = 0; j < kLanes; ++j) {
        for (std::size_t i = 0; i < xs[j].size(); ++i) {
            // Lane j starts with j NaN, then mostly finite values with rare specials.
            const std::size_t k = (i * (j + 3) + i / 7) % pool.size();
            const bool special = i % (11 + j) == 0;
            xs[j][i] = i < static_cast<std::size_t>(j) ? kNaN
                       : i % 90 < 30                   ? 2.0
                       : special                        ? pool[k]
                                                        : std::ldexp(1.0 + k, -(int)(i % 9));
            ys[j][i] = special || i % 17 == 0 ? pool[(i * (j + 5) + i / 3) % pool.size()]
                                              : 0.25 * xs[j][i] - 1.0 * (i % 5);
        }
    }
    bool all_same = true;
    for (double alpha : {0.1, 0.5, 1.0}) {
        for (double min_weight : {0.0, 0.7}) {
            const ExpParams p{alpha, min_weight};
            const auto lanes = run_lanes<Acc>(xs, ys, p);
            for (int j = 0; j < kLanes; ++j) {
                all_same &= kernel_tests::bitwise_same(
                    lanes[j], run<Acc>(xs[j], alpha, min_weight, &ys[j]));
            }
        }
    }
    return all_same;
}

}  // namespace

TEST(count_and_sum_are_numbaggs_recursion_bitwise) {
    const std::vector<double> x = random_series(2000, 1, 0.2);
    for (double alpha : {0.5, 0.1, 1e-3, 1.0}) {
        const std::vector<double> count = run<MoveExpNancount<double>>(x, alpha);
        const std::vector<double> sum = run<MoveExpNansum<double>>(x, alpha);
        double c = 0, s = 0;
        bool seen = false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            c *= 1 - alpha;
            s *= 1 - alpha;
            if (x[i] == x[i]) {
                c += 1;
                s += x[i];
                seen = true;
            }
            CHECK(count[i] == c);
            CHECK(same(sum[i], seen ? s : kNaN));
        }
    }
}

TEST(mean_and_var_match_the_definition) {
    const std::vector<double> x = random_series(300, 2, 0.1, 5.0);
    for (double alpha : {0.9, 0.3, 0.01}) {
        const std::vector<double> mean = run<MoveExpNanmean<double>>(x, alpha);
        const std::vector<double> var = run<MoveExpNanvar<double>>(x, alpha);
        const std::vector<double> std_ = run<MoveExpNanstd<double>>(x, alpha);
        for (std::size_t i = 0; i < x.size(); ++i) {
            const Direct d = direct(x, i, alpha);
            CHECK(close(mean[i], static_cast<double>(d.mean), 1e-14));
            CHECK(close(var[i], static_cast<double>(d.variance), 1e-12));
            CHECK(close(std_[i], std::sqrt(static_cast<double>(d.variance)), 1e-12));
        }
    }
}

TEST(nan_before_the_first_element_and_var_before_the_second) {
    const std::vector<double> x{kNaN, kNaN, 3.0, kNaN, kNaN, kNaN, 5.0};
    CHECK(same(run<MoveExpNanmean<double>>(x, 0.5), {kNaN, kNaN, 3, 3, 3, 3, 83.0 / 17}));
    CHECK(same(run<MoveExpNansum<double>>(x, 0.5), {kNaN, kNaN, 3, 1.5, 0.75, 0.375, 5.1875}));
    CHECK(same(run<MoveExpNancount<double>>(x, 0.5), {0, 0, 1, 0.5, 0.25, 0.125, 1.0625}));
    // One element, then NaN: D is exactly 0, so NaN (numbagg's 1 - W2/W^2 rounds to
    // tiny nonzero values there, dividing rounding noise by them).
    const std::vector<double> var = run<MoveExpNanvar<double>>(x, 0.3);
    for (std::size_t i = 0; i < 6; ++i) CHECK(var[i] != var[i]);
    // Two elements: (x1 - x2)^2 / 2 whatever their weights, also where the first weighs
    // less than an ulp of the total (numbagg's 1 - W2 / W^2 is then 0: NaN).
    CHECK(close(var[6], 2.0, 1e-15));
    for (double alpha : {0.999, 1 - 1e-10}) {
        CHECK(close(run<MoveExpNanvar<double>>(std::vector<double>{3, kNaN, 5}, alpha)[2], 2.0,
                    1e-15));
    }
    // D ~ 1e-300 (and S with it): no overflow of W / D, no NaN, no flag.
    std::feclearexcept(FE_ALL_EXCEPT);
    std::vector<double> far(40, kNaN);
    far.front() = far.back() = 7.0;
    CHECK(run<MoveExpNanvar<double>>(far, 1 - 1e-8).back() == 0.0);
    CHECK(std::fetestexcept(FE_INVALID | FE_OVERFLOW | FE_DIVBYZERO) == 0);
}

TEST(min_weight_follows_numbaggs_weight) {
    const std::vector<double> x{1, kNaN, 2, 3, kNaN, 4};
    // weight: 0.5, 0.25, 0.625, 0.8125, 0.40625, 0.703125; count: 1, 0.5, 1.25, 1.625, ...
    const std::vector<double> y = run<MoveExpNanmean<double>>(x, 0.5, 0.625);
    CHECK(y[0] != y[0] && y[1] != y[1] && y[2] == y[2] && y[3] == y[3]);
    CHECK(y[4] != y[4] && y[5] == y[5]);
    const std::vector<double> count = run<MoveExpNancount<double>>(x, 0.5, 0.7);
    CHECK(same(count, {kNaN, kNaN, kNaN, 1.625, kNaN, 1.40625}));
}

TEST(constant_series_are_exact) {
    for (double c : {0.1, 1.0 / 3, 1e8 + 0.3, -2.5e-7, 1e300}) {
        std::vector<double> x(10000, c);
        for (std::size_t i = 7; i < x.size(); i += 13) x[i] = kNaN;
        for (double alpha : {0.5, 0.01, 1.0}) {
            const std::vector<double> mean = run<MoveExpNanmean<double>>(x, alpha);
            const std::vector<double> var = run<MoveExpNanvar<double>>(x, alpha);
            const std::vector<double> corr = run2<MoveExpNancorr<double>>(x, x, alpha);
            bool exact = true;
            for (std::size_t i = 1; i < x.size(); ++i) {
                if (alpha == 1) {  // each output is its element's: NaN at a NaN
                    exact = exact && (x[i] == x[i] ? mean[i] == c : mean[i] != mean[i]);
                    exact = exact && var[i] != var[i];  // one element
                } else {
                    exact = exact && mean[i] == c && var[i] == 0;
                }
                exact = exact && corr[i] != corr[i];  // a constant series has no correlation
            }
            CHECK(exact);
        }
    }
}

TEST(correlation_with_itself_is_exactly_one) {
    const std::vector<double> x = random_series(5000, 3, 0.05, 100.0);
    const std::vector<double> corr = run2<MoveExpNancorr<double>>(x, x, 0.05);
    const std::vector<double> cov = run2<MoveExpNancov<double>>(x, x, 0.05);
    const std::vector<double> var = run<MoveExpNanvar<double>>(x, 0.05);
    CHECK(corr[0] != corr[0]);
    bool ones = true;
    for (std::size_t i = 2; i < x.size(); ++i) ones = ones && corr[i] == 1.0;
    CHECK(ones);
    CHECK(same(cov, var));
}

TEST(cov_and_corr_match_the_definition) {
    const std::vector<double> x = random_series(400, 4, 0.1), y0 = random_series(400, 5, 0.1);
    std::vector<double> y(y0);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = 0.5 * x[i] + y0[i];  // NaN where either
    for (double alpha : {0.5, 0.05}) {
        const std::vector<double> cov = run2<MoveExpNancov<double>>(x, y, alpha);
        const std::vector<double> corr = run2<MoveExpNancorr<double>>(x, y, alpha);
        for (std::size_t i = 0; i < x.size(); ++i) {
            long double w = 1, sw = 0, sw2 = 0, sx = 0, sy = 0;
            for (std::size_t k = i + 1; k-- > 0; w *= 1 - static_cast<long double>(alpha)) {
                if (x[k] != x[k] || y[k] != y[k]) continue;
                sw += w;
                sw2 += w * w;
                sx += w * x[k];
                sy += w * y[k];
            }
            const long double mx = sx / sw, my = sy / sw;
            long double sxy = 0, sxx = 0, syy = 0;
            w = 1;
            for (std::size_t k = i + 1; k-- > 0; w *= 1 - static_cast<long double>(alpha)) {
                if (x[k] != x[k] || y[k] != y[k]) continue;
                sxy += w * (x[k] - mx) * (y[k] - my);
                sxx += w * (x[k] - mx) * (x[k] - mx);
                syy += w * (y[k] - my) * (y[k] - my);
            }
            const bool defined = sw * sw - sw2 > 0;
            CHECK(close(cov[i], defined ? static_cast<double>(sxy * sw / (sw * sw - sw2)) : kNaN,
                        1e-11));
            CHECK(close(corr[i], defined ? static_cast<double>(sxy / std::sqrt(sxx * syy)) : kNaN,
                        1e-11));
        }
    }
}

TEST(variance_far_from_zero) {
    // numbagg's power sums lose every digit here (1e18 - 1e18); deviations from a running
    // mean near 1e9 keep 7 of them, from a shifted mean all.
    const std::vector<double> x = random_series(2000, 6, 0.1, 1e9);
    const std::vector<double> var = run<MoveExpNanvar<double>>(x, 0.02);
    for (std::size_t i : {5, 100, 1999}) {
        CHECK(close(var[i], static_cast<double>(direct(x, i, 0.02).variance), 1e-13));
    }
}

TEST(variance_along_a_trend) {
    // 1e9 + 100 i + N(0, 1): the mean leaves the first element (the shift) behind by 1e7,
    // where its rounding would be 1e-11 of the spread; the shift is moved to the mean
    // whenever it is 1024 deviations away.
    std::vector<double> x = random_series(100000, 8, 0.01, 1e9);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += 100.0 * static_cast<double>(i);
    const std::vector<double> var = run<MoveExpNanvar<double>>(x, 0.5);
    for (std::size_t i : {10, 5000, 99999}) {
        CHECK(close(var[i], static_cast<double>(direct(x, i, 0.5).variance), 1e-13));
    }
}

TEST(infinities_stay_forever_unless_alpha_is_one) {
    const std::vector<double> x{1, kInf, 2, kNaN, -kInf, 3};
    CHECK(same(run<MoveExpNanmean<double>>(x, 0.5), {1, kInf, kInf, kInf, kNaN, kNaN}));
    CHECK(same(run<MoveExpNansum<double>>(x, 0.5), {1, kInf, kInf, kInf, kNaN, kNaN}));
    CHECK(same(run<MoveExpNanvar<double>>(x, 0.5), {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN}));
    const std::vector<double> y{-kInf, 2, 3, kNaN, 4};
    CHECK(same(run<MoveExpNanmean<double>>(y, 0.1), {-kInf, -kInf, -kInf, -kInf, -kInf}));
    // alpha = 1: each output is its own element's (NaN at a NaN; count and weight are 0).
    CHECK(same(run<MoveExpNanmean<double>>(x, 1.0), {1, kInf, 2, kNaN, -kInf, 3}));
    CHECK(same(run<MoveExpNansum<double>>(x, 1.0), {1, kInf, 2, 0, -kInf, 3}));
    CHECK(same(run<MoveExpNancount<double>>(x, 1.0), {1, 1, 1, 0, 1, 1}));
    // A pair with an infinity counts (and poisons cov), one with a NaN does not.
    const std::vector<double> a{1, kInf, 2, 3}, b{2, kNaN, 1, 5};
    const std::vector<double> cov = run2<MoveExpNancov<double>>(a, b, 0.5);
    CHECK(cov[1] != cov[1] && cov[2] == -0.5 && std::isfinite(cov[3]));  // (1,2), (2,1): -1/2
    CHECK(same(run2<MoveExpNancov<double>>(a, {2, 1, 1, 5}, 0.5), {kNaN, kNaN, kNaN, kNaN}));
}

TEST(no_floating_point_flags_from_nan_and_infinities) {
    const std::vector<double> x{kNaN, kInf, -kInf, kInf, kNaN, 1, kNaN, -kInf, 2};
    std::feclearexcept(FE_ALL_EXCEPT);
    for (double alpha : {0.5, 1.0}) {
        run<MoveExpNanmean<double>>(x, alpha);
        run<MoveExpNansum<double>>(x, alpha);
        run<MoveExpNancount<double>>(x, alpha);
        run<MoveExpNanvar<double>>(x, alpha);
        run<MoveExpNanstd<double>>(x, alpha);
        run2<MoveExpNancorr<double>>(x, x, alpha);
        run2<MoveExpNancov<double>>(x, std::vector<double>(x.rbegin(), x.rend()), alpha);
    }
    CHECK(std::fetestexcept(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW) == 0);
}

TEST(float32_is_accumulated_in_double) {
    std::vector<float> x(100000, 0.1f);
    x[3] = 1e8f;
    const std::vector<double> mean = run<MoveExpNanmean<float>>(x, 1e-4);
    std::vector<double> wide(x.begin(), x.end());
    const std::vector<double> reference = run<MoveExpNanmean<double>>(wide, 1e-4);
    bool rounded_once = true;
    for (std::size_t i = 0; i < x.size(); ++i) {
        rounded_once = rounded_once && mean[i] == static_cast<float>(reference[i]);
    }
    CHECK(rounded_once);
}

TEST(integers_convert_element_by_element) {
    const std::vector<std::int64_t> x{INT64_MAX, INT64_MIN, 3, -7, INT64_MAX};
    const std::vector<double> wide(x.begin(), x.end());
    CHECK(same(run<MoveExpNanmean<std::int64_t>>(x, 0.3), run<MoveExpNanmean<double>>(wide, 0.3)));
    CHECK(same(run<MoveExpNanvar<std::int64_t>>(x, 0.3), run<MoveExpNanvar<double>>(wide, 0.3)));
    const std::vector<std::int32_t> y{INT32_MAX, INT32_MIN, 0};
    const std::vector<double> wide_y(y.begin(), y.end());
    CHECK(same(run<MoveExpNansum<std::int32_t>>(y, 0.5), run<MoveExpNansum<double>>(wide_y, 0.5)));
}

TEST(no_drift_over_a_long_series) {
    // 10^6 elements of 1e6 + N(0, 1): the mean at the end against the definition.
    const std::vector<double> x = random_series(1000000, 7, 0.01, 1e6);
    for (double alpha : {0.1, 1e-3}) {
        const std::vector<double> mean = run<MoveExpNanmean<double>>(x, alpha);
        const std::vector<double> var = run<MoveExpNanvar<double>>(x, alpha);
        const std::size_t last = x.size() - 1;
        const Direct d = direct(x, last, alpha);
        CHECK(close(mean[last], static_cast<double>(d.mean), 1e-15));
        CHECK(close(var[last], static_cast<double>(d.variance), 1e-12));
    }
}

TEST(lanes_give_each_series_bitwise_its_own_result) {
    if (!lanes_supported()) return;  // this processor runs no lanes, the engine neither
    CHECK(lanes_match_series_alone<MoveExpNancount<double>>());
    CHECK(lanes_match_series_alone<MoveExpNansum<double>>());
    CHECK(lanes_match_series_alone<MoveExpNanmean<double>>());
    CHECK(lanes_match_series_alone<MoveExpNanvar<double>>());
    CHECK(lanes_match_series_alone<MoveExpNanstd<double>>());
    CHECK(lanes_match_series_alone<MoveExpNancov<double>>());
    CHECK(lanes_match_series_alone<MoveExpNancorr<double>>());
}

int main() { return kernel_tests::run_all(); }
