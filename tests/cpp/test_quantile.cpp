// Kernel tests of the quantile family (src/kernels/quantile.hpp) as plain C++: median,
// nanmedian and nanquantile on hand-made cases, and selection against a full sort on
// random data; select_nth (select.hpp) on series long enough for its sampled path, random
// and adversarial, checked against a sort with its whole postcondition. Built and run by
// .ci/run, also under AddressSanitizer and UBSan.
#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>
#include <utility>
#include <vector>

#include "../../src/kernels/quantile.hpp"
#include "check.hpp"

using namespace parafunc;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// The flags NumPy reports (it ignores "inexact").
constexpr int kReportedFlags = FE_INVALID | FE_OVERFLOW | FE_DIVBYZERO | FE_UNDERFLOW;

template <class T>
StridedView<T> view_of(std::vector<T> &v, index_t step = 1) {
    return {reinterpret_cast<char *>(v.data()), static_cast<index_t>(v.size()) / step,
            static_cast<index_t>(sizeof(T)) * step};
}

// What the engine does for one series: gather the non-NaN values into scratch, narrow them
// to the ranks the kernel reads, with a second buffer, then call the kernel on the window.
template <template <class> class Fn, class T>
selection_output_t<T> select(std::vector<T> v) {
    std::vector<T> scratch(v.size()), to(v.size());
    const index_t kept = gather_non_nan(view_of(v), scratch.data()), n = v.size();
    const auto [lo, hi] = Fn<T>::ranks(kept, n);
    return Fn<T>{}(narrow_to_ranks(scratch.data(), kept, lo, hi, to.data()), kept, n);
}

template <class T>
std::vector<selection_output_t<T>> nanquantiles(std::vector<T> v, std::vector<double> q) {
    std::vector<T> scratch(v.size()), to(v.size());
    const index_t kept = gather_non_nan(view_of(v), scratch.data());
    std::vector<index_t> order(q.size());
    quantile_order(view_of(q), order.data());
    const auto [lo, hi] = quantile_ranks(kept, view_of(q));
    std::vector<selection_output_t<T>> out(q.size());
    quantiles_of(narrow_to_ranks(scratch.data(), kept, lo, hi, to.data()), kept, view_of(q),
                 order.data(), view_of(out));
    return out;
}

bool same(double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; }

// The references: a full sort, then the rules spelled out.
double sorted_median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    if (n == 0) return kNaN;
    if (n % 2 == 1) return v[n / 2];
    const double a = v[n / 2 - 1], b = v[n / 2];
    if (a == -kInf && b == kInf) return kNaN;
    return (a + b) / 2;
}

double sorted_quantile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    if (n == 0) return kNaN;
    const double h = (n - 1) * q;
    if (h >= n - 1) return v[n - 1];
    const std::size_t lo = static_cast<std::size_t>(std::floor(h));
    const double gamma = h - std::floor(h), a = v[lo], b = v[lo + 1];
    if (gamma == 0 || a == b) return a;
    if (std::isinf(a) && std::isinf(b)) return kNaN;
    if (std::isinf(a)) return a;
    if (std::isinf(b)) return b;
    return gamma < 0.5 ? a + (b - a) * gamma : b - (b - a) * (1 - gamma);
}

std::vector<double> without_nan(const std::vector<double> &v) {
    std::vector<double> kept;
    for (double x : v) {
        if (!std::isnan(x)) kept.push_back(x);
    }
    return kept;
}

}  // namespace

TEST(median_of_odd_and_even_lengths) {
    CHECK(select<Median>(std::vector<double>{3, 1, 2}) == 2.0);
    CHECK(select<Median>(std::vector<double>{4, 1, 3, 2}) == 2.5);
    CHECK(select<Median>(std::vector<double>{7}) == 7.0);
    CHECK(select<Median>(std::vector<double>{5, 5, 1, 5}) == 5.0);
}

TEST(median_is_nan_with_any_nan_nanmedian_skips_it) {
    CHECK(std::isnan(select<Median>(std::vector<double>{1, kNaN, 3})));
    CHECK(select<NanMedian>(std::vector<double>{1, kNaN, 3}) == 2.0);
    CHECK(select<NanMedian>(std::vector<double>{kNaN, 4, kNaN, 1, 2}) == 2.0);
}

TEST(median_of_empty_and_all_nan_is_nan) {
    CHECK(std::isnan(select<Median>(std::vector<double>{})));
    CHECK(std::isnan(select<NanMedian>(std::vector<double>{})));
    CHECK(std::isnan(select<NanMedian>(std::vector<float>{NAN, NAN})));
    CHECK(std::isnan(nanquantiles(std::vector<double>{kNaN}, {0.0, 0.5, 1.0})[1]));
}

TEST(median_infinities_raise_no_flag) {
    std::feclearexcept(kReportedFlags);
    CHECK(select<Median>(std::vector<double>{kInf, -kInf, 1}) == 1.0);
    CHECK(std::isnan(select<Median>(std::vector<double>{kInf, -kInf})));
    CHECK(select<Median>(std::vector<double>{kInf, kInf}) == kInf);
    CHECK(select<Median>(std::vector<double>{-kInf, 2, 1, kInf}) == 1.5);
    CHECK(select<Median>(std::vector<double>{-kInf, 1}) == -kInf);
    CHECK(std::fetestexcept(kReportedFlags) == 0);
}

TEST(median_of_huge_values_does_not_overflow) {
    const double big = std::numeric_limits<double>::max();
    std::feclearexcept(kReportedFlags);
    CHECK(select<Median>(std::vector<double>{big, big}) == big);
    CHECK(select<Median>(std::vector<double>{-big, -big}) == -big);
    CHECK(select<Median>(std::vector<double>{big, 0.5 * big}) == 0.75 * big);
    CHECK(std::fetestexcept(kReportedFlags) == 0);
}

TEST(median_types_integers_exact_float32_in_float) {
    static_assert(std::is_same_v<selection_output_t<float>, float>);
    static_assert(std::is_same_v<selection_output_t<std::int32_t>, double>);
    static_assert(std::is_same_v<selection_output_t<std::int64_t>, double>);
    CHECK(select<Median>(std::vector<std::int32_t>{1, 2}) == 1.5);
    const std::int64_t big = std::int64_t{1} << 62;
    CHECK(select<NanMedian>(std::vector<std::int64_t>{big, big + 2, 0}) ==
          static_cast<double>(big));
    CHECK(select<Median>(std::vector<float>{0.1f, 0.3f, 0.2f}) == 0.2f);
    CHECK(select<Median>(std::vector<float>{1.0f, 2.0f}) == 1.5f);
}

TEST(gather_leaves_the_input_alone_and_follows_strides) {
    std::vector<double> v{5, kNaN, 3, 1, kNaN, 2};
    const std::vector<double> before = v;
    CHECK(select<NanMedian>(v) == 2.5);
    for (std::size_t i = 0; i < v.size(); ++i) CHECK(same(v[i], before[i]));
    std::vector<double> scratch(3);
    CHECK(gather_non_nan(view_of(v, 2), scratch.data()) == 2);  // 5, 3, NaN
    CHECK(scratch[0] == 5 && scratch[1] == 3);
    CHECK(count_non_nan(view_of(v)) == 4);
    std::vector<std::int32_t> ints{3, 1, 2};
    CHECK(count_non_nan(view_of(ints)) == 3);
}

namespace {

// Tiles of `width` series of `rows` values, NaN sprinkled, with rows `row_gap` elements
// apart (width: contiguous rows, the four-at-a-time path for floats and doubles), gathered
// in two steps and series by series: the same values in the same order; and each series
// alone, with room, like the exact gather.
template <class T>
bool gathers_alike(index_t rows, index_t width, index_t row_gap) {
    std::vector<T> block(rows * row_gap);
    for (index_t k = 0; k < rows * row_gap; ++k) {
        const bool nan = k % 7 == 1 || k % 11 == 3;
        block[k] = nan ? static_cast<T>(kNaN) : static_cast<T>(100 * std::cos(k));
    }
    const auto row_bytes = static_cast<index_t>(sizeof(T)) * row_gap;
    const StridedTile<T> tile{reinterpret_cast<char *>(block.data()), rows, width, row_bytes,
                              sizeof(T)};
    std::vector<T> scratch(rows * width);
    std::vector<index_t> kept(width, 0);
    gather_non_nan(tile, 0, rows / 3, scratch.data(), rows, kept.data());  // appends
    gather_non_nan(tile, rows / 3, rows, scratch.data(), rows, kept.data());
    bool ok = true;
    for (index_t j = 0; j < width; ++j) {
        std::vector<T> one(rows);
        const StridedView<T> column{reinterpret_cast<char *>(block.data() + j), rows, row_bytes};
        ok = ok && gather_non_nan(column, one.data()) == kept[j] &&
             std::equal(one.begin(), one.begin() + kept[j], scratch.begin() + j * rows);
    }
    for (index_t j = 0; j < width && j < rows; ++j) {
        std::vector<T> row(block.begin() + j * row_gap, block.begin() + j * row_gap + width);
        std::vector<T> exact(width), with_room(width);
        const index_t n = gather_non_nan(view_of(row), exact.data());
        ok = ok && gather_non_nan_with_room(view_of(row), with_room.data()) == n &&
             std::equal(exact.begin(), exact.begin() + n, with_room.begin());
    }
    return ok;
}

}  // namespace

TEST(tile_gather_equals_series_by_series) {
    for (const auto &[rows, width] : {std::pair<index_t, index_t>{7, 5}, {37, 9}, {64, 8},
                                      {50, 3}, {16, 4}, {100, 13}}) {
        for (index_t gap : {width, width + 3}) {
            CHECK(gathers_alike<double>(rows, width, gap));
            CHECK(gathers_alike<float>(rows, width, gap));
            CHECK(gathers_alike<std::int32_t>(rows, width, gap));
            CHECK(gathers_alike<std::int64_t>(rows, width, gap));
        }
    }
}

// every_series_has_nan on tiles of every width and row gap (contiguous rows or not), with a
// NaN in each series at a row that grows with the series, then with one series' NaN
// removed: true, then false (always false for integers).
template <class T>
bool finds_a_nan_in_every_series(index_t rows, index_t width, index_t row_gap) {
    std::vector<T> block(rows * row_gap, T(1));
    const StridedTile<T> tile{reinterpret_cast<char *>(block.data()), rows, width,
                              static_cast<index_t>(sizeof(T)) * row_gap, sizeof(T)};
    std::vector<unsigned char> met(width);
    if constexpr (std::is_floating_point_v<T>) {
        for (index_t j = 0; j < width; ++j) block[(j * 7 % rows) * row_gap + j] = T(kNaN);
    }
    const bool all = every_series_has_nan(tile, met.data());
    block[((width - 1) * 7 % rows) * row_gap + width - 1] = T(2);
    const bool one_without = every_series_has_nan(tile, met.data());
    return all == std::is_floating_point_v<T> && !one_without;
}

TEST(every_series_has_nan_reads_until_each_met_one) {
    for (const auto &[rows, width] : {std::pair<index_t, index_t>{7, 5}, {37, 9}, {64, 8},
                                      {50, 3}, {16, 4}, {100, 13}, {33, 64}}) {
        for (index_t gap : {width, width + 3}) {
            CHECK(finds_a_nan_in_every_series<double>(rows, width, gap));
            CHECK(finds_a_nan_in_every_series<float>(rows, width, gap));
            CHECK(finds_a_nan_in_every_series<std::int64_t>(rows, width, gap));
        }
    }
}

// copy_rows_contiguous of `width` series of `rows` elements, each series contiguous
// (element step 1: the transposing path) or not (step 2), `gap` elements apart: every
// element in its row, and nothing written past rows x width.
template <class T>
bool copies_rows(index_t rows, index_t width, index_t step, index_t gap) {
    std::vector<T> block(width * gap + rows * step + 1);
    for (std::size_t k = 0; k < block.size(); ++k) block[k] = static_cast<T>(k % 1000 + 1);
    const StridedTile<T> tile{reinterpret_cast<char *>(block.data()), rows, width,
                              static_cast<index_t>(sizeof(T)) * step,
                              static_cast<index_t>(sizeof(T)) * gap};
    std::vector<T> to(rows * width + 1, T(-1));
    copy_rows_contiguous(tile, to.data());
    bool ok = to[rows * width] == T(-1);
    for (index_t r = 0; r < rows; ++r) {
        for (index_t j = 0; j < width; ++j) ok = ok && to[r * width + j] == tile(r, j);
    }
    return ok;
}

TEST(copy_rows_contiguous_puts_series_side_by_side) {
    for (const auto &[rows, width] : {std::pair<index_t, index_t>{1, 1}, {4, 4}, {7, 5},
                                      {16, 12}, {3, 9}, {64, 17}}) {
        for (index_t step : {1, 2}) {
            const index_t gap = rows * step + 3;
            CHECK(copies_rows<double>(rows, width, step, gap));
            CHECK(copies_rows<float>(rows, width, step, gap));
            CHECK(copies_rows<std::int32_t>(rows, width, step, gap));
            CHECK(copies_rows<std::int64_t>(rows, width, step, gap));
        }
    }
}

TEST(nanquantile_linear_rule_with_duplicates_and_ends) {
    const std::vector<double> q{1.0, 0.0, 0.5, 0.25, 0.5, 0.1, 1.0};
    const std::vector<double> got = nanquantiles(std::vector<double>{4, kNaN, 1, 3, 2, 5}, q);
    const std::vector<double> expected{5, 1, 3, 2, 3, 1.4, 5};
    for (std::size_t i = 0; i < q.size(); ++i) {
        CHECK(std::fabs(got[i] - expected[i]) <= 1e-15 * std::fabs(expected[i]));
    }
    CHECK(nanquantiles(std::vector<double>{7}, {0.0, 0.3, 1.0}) == std::vector<double>(3, 7.0));
    CHECK(nanquantiles(std::vector<std::int32_t>{0, 10}, {0.25})[0] == 2.5);
    CHECK(nanquantiles(std::vector<float>{0, 10}, {0.75})[0] == 7.5f);
    CHECK(nanquantiles(std::vector<double>{1, 2}, {}).empty());
}

TEST(nanquantile_infinities_give_limits_without_flags) {
    std::feclearexcept(kReportedFlags);
    const std::vector<double> one_inf = nanquantiles(std::vector<double>{kInf, 1}, {0, 0.5, 1});
    CHECK(one_inf == (std::vector<double>{1, kInf, kInf}));
    const std::vector<double> both =
        nanquantiles(std::vector<double>{kInf, -kInf}, {0, 0.25, 0.75, 1});
    CHECK(both[0] == -kInf && std::isnan(both[1]) && std::isnan(both[2]) && both[3] == kInf);
    CHECK(nanquantiles(std::vector<double>{-kInf, -kInf, 0}, {0.25})[0] == -kInf);
    CHECK(nanquantiles(std::vector<double>{-kInf, 3, 4}, {0.25})[0] == -kInf);
    CHECK(std::fetestexcept(kReportedFlags) == 0);
}

TEST(selection_matches_a_full_sort_on_random_data) {
    const std::vector<double> q{0.0, 0.1, 0.25, 0.5, 0.5, 0.7, 0.9, 0.99, 1.0, 1.0 / 3};
    for (unsigned seed = 0; seed < 300; ++seed) {
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> unit(0, 1);
        for (std::size_t n = 0; n <= 50; ++n) {
            const double nan_rate = seed % 3 == 0 ? 0.0 : unit(rng) * 0.6;
            std::vector<double> v(n);
            for (double &x : v) {
                const double u = unit(rng);
                // Few distinct values on odd seeds, so that ties are common.
                x = seed % 2 ? std::floor(u * 5) : u * 200 - 100;
                if (unit(rng) < nan_rate) x = kNaN;
                if (seed % 7 == 0 && unit(rng) < 0.1) x = unit(rng) < 0.5 ? kInf : -kInf;
            }
            const std::vector<double> finite = without_nan(v);
            CHECK(same(select<NanMedian>(v), sorted_median(finite)));
            CHECK(same(select<Median>(v), finite.size() == n ? sorted_median(v) : kNaN));
            const std::vector<double> got = nanquantiles(v, q);
            for (std::size_t i = 0; i < q.size(); ++i) {
                CHECK(same(got[i], sorted_quantile(finite, q[i])));
            }
            const std::vector<float> as_float(v.begin(), v.end());
            const std::vector<double> finite32 = without_nan({as_float.begin(), as_float.end()});
            const std::vector<float> got32 = nanquantiles(as_float, q);
            for (std::size_t i = 0; i < q.size(); ++i) {
                CHECK(same(got32[i], static_cast<float>(sorted_quantile(finite32, q[i]))));
            }
        }
    }
}

TEST(selection_of_integers_matches_a_full_sort) {
    const std::vector<double> q{0.0, 0.3, 0.5, 0.5, 1.0};
    std::mt19937_64 rng(42);
    for (std::size_t n = 0; n <= 50; ++n) {
        std::vector<std::int64_t> v(n);
        for (std::int64_t &x : v)
            x = static_cast<std::int64_t>(rng() >> 2) - (std::int64_t{1} << 61);
        const std::vector<double> as_double(v.begin(), v.end());
        CHECK(same(select<Median>(v), sorted_median(as_double)));
        const std::vector<double> got = nanquantiles(v, q);
        for (std::size_t i = 0; i < q.size(); ++i) {
            CHECK(same(got[i], sorted_quantile(as_double, q[i])));
        }
    }
}

namespace {

// Series for select_nth, short (quickselect alone) or long enough (n >= kSelectSampledFrom)
// for its sampled path: random values of T, and patterns that defeat a sample or a pivot,
// or repeat values.
enum class Pattern {
    random,
    all_equal,
    three_values,
    sorted,
    reversed,
    sawtooth,
    organ_pipe,
    infinities
};

template <class T>
std::vector<T> series_of(Pattern pattern, std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::vector<T> v(n);
    // A period near the sample's stride (n^(1/3) * 2), so that the sample sees few values.
    const auto period =
        std::max<std::size_t>(2, static_cast<std::size_t>(2 * std::cbrt(double(n))));
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t r = rng();
        switch (pattern) {
            case Pattern::random:
                if constexpr (std::is_floating_point_v<T>) {
                    v[i] = static_cast<T>(std::ldexp(static_cast<double>(r >> 11), -53) * 2 - 1);
                } else {
                    v[i] = static_cast<T>(r);  // the whole range of T, negative too
                }
                break;
            case Pattern::all_equal:
                v[i] = T(7);
                break;
            case Pattern::three_values:
                v[i] = static_cast<T>(r % 3);
                break;
            case Pattern::sorted:
                v[i] = static_cast<T>(i / 3);
                break;
            case Pattern::reversed:
                v[i] = static_cast<T>((n - i) / 3);
                break;
            case Pattern::sawtooth:
                v[i] = static_cast<T>(i % period);
                break;
            case Pattern::organ_pipe:
                v[i] = static_cast<T>(std::min(i, n - i));
                break;
            case Pattern::infinities:
                if constexpr (std::is_floating_point_v<T>) {
                    const T inf = std::numeric_limits<T>::infinity();
                    v[i] = r % 4 == 0 ? -inf : r % 4 == 1 ? inf : static_cast<T>(r % 1000);
                } else {
                    v[i] = r % 4 == 0   ? std::numeric_limits<T>::lowest()
                           : r % 4 == 1 ? std::numeric_limits<T>::max()
                                        : static_cast<T>(r % 1000);
                }
                break;
        }
    }
    return v;
}

// Whether v, reordered by a selection of rank k that returned `end`, holds the values of
// `sorted` (v's sort) with nth_element's postcondition at k and end's promise.
template <class T>
bool selected(const std::vector<T> &v, const std::vector<T> &sorted, index_t k, index_t end) {
    const index_t n = static_cast<index_t>(v.size());
    if (!(k < end && end <= n) || v[k] != sorted[k]) return false;
    for (index_t i = 0; i < k; ++i) {
        if (v[i] > v[k]) return false;
    }
    for (index_t i = k + 1; i < n; ++i) {
        if (v[i] < v[k]) return false;
    }
    if (k + 1 < end && end<n && * std::max_element(v.begin() + k + 1, v.begin() + end)> *
                           std::min_element(v.begin() + end, v.end())) {
        return false;
    }
    std::vector<T> same_values = v;
    std::sort(same_values.begin(), same_values.end());
    return same_values == sorted;
}

// select_nth for ranks k at both ends, the middle and near the quartiles, on series of n
// values of every pattern; OrderStatistics for increasing k on one buffer (the pattern of
// quantiles_of), the postcondition checked after each call, and with a spare buffer (its
// pivot steps), each rank followed by the next and itself again; and narrow_to_ranks for ranks
// lo..hi (a median's one or two, a narrow quantile pair, the ends): its window holds
// exactly the ranks it says it holds, and the ranks wanted are among them.
template <class T>
bool selects_like_a_sort(Pattern pattern, std::size_t n, unsigned seed) {
    const std::vector<T> original = series_of<T>(pattern, n, seed);
    std::vector<T> sorted = original;
    std::sort(sorted.begin(), sorted.end());
    const index_t m = static_cast<index_t>(n);
    bool ok = true;
    for (index_t k : {index_t{0}, m - 1, (m - 1) / 2, m / 2, m / 4, (3 * m) / 4 + 1,
                      static_cast<index_t>(seed * 7919 % n)}) {
        if (k >= m) continue;  // a short series
        std::vector<T> v = original;
        ok = ok && selected(v, sorted, k, select_nth(v.data(), 0, m, k));
    }
    std::vector<T> v = original;
    OrderStatistics<T> statistics(RankWindow<T>{v.data(), 0, m});
    std::vector<T> split_v = original, spare(n);
    OrderStatistics<T> split_statistics(RankWindow<T>{split_v.data(), 0, m, spare.data()});
    index_t previous = 0;
    for (index_t k : {index_t{1}, index_t{2}, m / 4, m / 4 + 1, m / 2, m / 2 + 1, m / 2 + 2,
                      (3 * m) / 4, m - 2, m - 1}) {
        if (k <= previous || k >= m) continue;  // increasing ranks of a short series
        previous = k;
        const double expected = static_cast<double>(sorted[k]);
        ok = ok && statistics(k) == expected && selected(v, sorted, k, k + 1);
        // With a spare buffer, by pivot steps; then k + 1 and k again, as quantiles_of
        // asks for the neighbours of two interpolations at the same place.
        const index_t next = std::min(k + 1, m - 1);
        ok = ok && split_statistics(k) == expected &&
             split_statistics(next) == static_cast<double>(sorted[next]) &&
             split_statistics(k) == expected;
    }
    const std::pair<index_t, index_t> wanted[] = {
        {(m - 1) / 2, m / 2}, {m / 3, m / 3 + m / 10}, {0, 0}, {m - 1, m - 1}, {m / 4, m / 4}};
    for (const auto &[lo, hi] : wanted) {
        std::vector<T> values = original, to(n);
        const RankWindow<T> w = narrow_to_ranks(values.data(), m, lo, hi, to.data());
        if (!(w.first <= lo && hi < w.first + w.count && w.first + w.count <= m)) return false;
        std::vector<T> window(w.values, w.values + w.count);
        std::sort(window.begin(), window.end());
        ok = ok && std::equal(window.begin(), window.end(), sorted.begin() + w.first);
    }
    return ok;
}

// select_nth and narrow_to_ranks, on every pattern and either side of their thresholds
// (kSelectSampledFrom, kSplitFrom, kBracketFrom).
template <class T>
void check_selection_of_long_series() {
    for (std::size_t n : {1, 2, 3, 7, 8, 9, 15, 16, 17, 50, 101, 383, 384, 385, 1000, 1001, 2047,
                          2048, 2049, 4099, 10000, 31337}) {
        for (unsigned seed = 0; seed < 4; ++seed) {
            CHECK(selects_like_a_sort<T>(Pattern::random, n, seed));
        }
    }
    CHECK(selects_like_a_sort<T>(Pattern::random, 200000, 11));
    for (Pattern pattern : {Pattern::all_equal, Pattern::three_values, Pattern::sorted,
                            Pattern::reversed, Pattern::sawtooth, Pattern::organ_pipe,
                            Pattern::infinities}) {
        for (std::size_t n : {5, 100, 383, 1000, 9973, 65536}) {
            CHECK(selects_like_a_sort<T>(pattern, n, 5));
        }
    }
}

}  // namespace

namespace {

// sort_few on every count up to kSortedFew, of few distinct values with both zeros and
// both infinities: sorted as std::sort sorts, the same values kept (the sign of each zero
// too), nothing past n written; or, where it says it cannot sort, nothing changed.
template <class T>
bool sorts_few_like_std_sort(unsigned seed) {
    std::mt19937 rng(seed);
    const T choices[] = {T(-0.0), T(0.0), T(1), T(-2.5), T(7), T(kInf), T(-kInf)};
    auto identical = [](T a, T b) { return a == b && std::signbit(a) == std::signbit(b); };
    auto negative_zeros = [](const T *p, index_t m) {
        return std::count_if(p, p + m, [](T x) { return x == 0 && std::signbit(x); });
    };
    bool ok = true;
    for (index_t n = 0; n <= kSortedFew; ++n) {
        std::vector<T> v(n + 1);
        for (T &x : v) x = choices[rng() % 7];
        const std::vector<T> before = v;
        if (!sort_few(v.data(), n)) {
            ok = ok && std::equal(v.begin(), v.end(), before.begin(), identical);
            continue;
        }
        std::vector<T> expected(before.begin(), before.begin() + n);
        std::sort(expected.begin(), expected.end());
        ok = ok && std::equal(expected.begin(), expected.end(), v.begin()) &&
             negative_zeros(v.data(), n) == negative_zeros(before.data(), n) &&
             identical(v[n], before[n]);
    }
    return ok;
}

}  // namespace

TEST(least_position_is_min_elements) {
    std::mt19937 rng(7);
    const double choices[] = {-0.0, 0.0, 1, -2.5, 7, kInf, -kInf};
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<double> v(1 + rng() % 40);
        for (double &x : v) x = choices[rng() % (trial % 2 ? 7 : 3)];  // odd: with -inf
        const auto expected = std::min_element(v.begin(), v.end()) - v.begin();
        CHECK(detail::least_position(v.data(), static_cast<index_t>(v.size())) == expected);
    }
}

TEST(sort_few_sorts_and_keeps_each_value) {
    for (unsigned seed = 0; seed < 200; ++seed) {
        CHECK(sorts_few_like_std_sort<double>(seed));
        CHECK(sorts_few_like_std_sort<float>(seed));
    }
    std::vector<std::int64_t> ints{3, 1, 2};
    CHECK(!sort_few(ints.data(), 3) && ints == (std::vector<std::int64_t>{3, 1, 2}));
}

TEST(select_nth_and_narrowing_of_long_float64_series_match_a_sort) {
    check_selection_of_long_series<double>();
}
TEST(select_nth_and_narrowing_of_long_float32_series_match_a_sort) {
    check_selection_of_long_series<float>();
}
TEST(select_nth_and_narrowing_of_long_int32_series_match_a_sort) {
    check_selection_of_long_series<std::int32_t>();
}
TEST(select_nth_and_narrowing_of_long_int64_series_match_a_sort) {
    check_selection_of_long_series<std::int64_t>();
}

TEST(select_nth_works_on_a_subrange_only) {
    std::vector<double> v = series_of<double>(Pattern::random, 5000, 3);
    const std::vector<double> before = v;
    CHECK(select_nth(v.data(), 1000, 4000, 2500) <= 4000);
    CHECK(std::equal(v.begin(), v.begin() + 1000, before.begin()));
    CHECK(std::equal(v.begin() + 4000, v.end(), before.begin() + 4000));
    std::vector<double> middle(before.begin() + 1000, before.begin() + 4000);
    std::sort(middle.begin(), middle.end());
    CHECK(v[2500] == middle[1500]);
}

TEST(median_and_quantiles_of_long_series_match_a_full_sort) {
    const std::vector<double> q{0.0, 0.01, 0.25, 0.5, 0.5, 0.75, 0.999, 1.0, 1.0 / 3};
    for (unsigned seed = 0; seed < 6; ++seed) {
        std::mt19937 rng(seed);
        std::normal_distribution<double> normal;
        std::uniform_real_distribution<double> unit(0, 1);
        for (std::size_t n : {999, 1000, 12345}) {
            std::vector<double> v(n);
            for (double &x : v) x = unit(rng) < 0.01 ? kNaN : normal(rng);
            const std::vector<double> finite = without_nan(v);
            CHECK(same(select<NanMedian>(v), sorted_median(finite)));
            const std::vector<double> got = nanquantiles(v, q);
            for (std::size_t i = 0; i < q.size(); ++i) {
                CHECK(same(got[i], sorted_quantile(finite, q[i])));
            }
        }
    }
}

int main() { return kernel_tests::run_all(); }
