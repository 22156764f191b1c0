// Order-based reductions: accumulators with the interface of reduce.hpp.
//
// nanmin, nanmax: the smallest (largest) non-NaN element; NaN for an all-NaN series.
//   Floats start from NaN and take any non-NaN element, then any better one, so NaN never
//   wins and no "seen" flag is needed. Integers start from the type's largest (smallest)
//   value. An empty series has no result: std::invalid_argument (the wrappers raise
//   bottleneck's ValueError before calling). Output dtype = input dtype.
// nanargmin, nanargmax: the index of the first smallest (largest) non-NaN element.
//   Contiguous runs find each chunk's extreme with vectorised lanes and look for its first
//   index only when it beats the best so far. All-NaN or empty: std::invalid_argument
//   ("All-NaN slice encountered", as bottleneck). Output int64 (intp).
// anynan, allnan: whether any (every) element is NaN; integers are never NaN. Empty:
//   anynan false, allnan true. Contiguous runs stop at the first deciding element.
//   Output bool.
// Exact: results depend on neither the folding order nor the thread count.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include "view.hpp"

namespace parafunc {

namespace detail {

struct Smaller {
    template <class T>
    static bool better(T x, T than) {
        return x < than;
    }
    template <class T>
    static T integer_start() {
        return std::numeric_limits<T>::max();
    }
};
struct Larger {
    template <class T>
    static bool better(T x, T than) {
        return x > than;
    }
    template <class T>
    static T integer_start() {
        return std::numeric_limits<T>::lowest();
    }
};

// x replaces best when better, or when best is NaN (nothing but NaN seen so far).
template <class Order, class T>
inline T pick(T x, T best) {
    return Order::better(x, best) || best != best ? x : best;
}

template <class Order, class T>
inline T start_value() {
    if constexpr (std::is_floating_point_v<T>) {
        return std::numeric_limits<T>::quiet_NaN();
    } else {
        return Order::template integer_start<T>();
    }
}

// The extreme of elements [0, n) read by load(i), in kLanes independent lanes (which the
// compiler vectorises), starting from `best`.
inline constexpr index_t kExtremeLanes = 8;
template <class Order, class T, class Load>
T extreme_of(index_t n, const Load &load, T best) {
    T lane[kExtremeLanes];
    std::fill(lane, lane + kExtremeLanes, best);
    index_t i = 0;
    for (; i + kExtremeLanes <= n; i += kExtremeLanes) {
        for (index_t k = 0; k < kExtremeLanes; ++k) lane[k] = pick<Order>(load(i + k), lane[k]);
    }
    for (; i < n; ++i) best = pick<Order>(load(i), best);
    for (index_t k = 0; k < kExtremeLanes; ++k) best = pick<Order>(lane[k], best);
    return best;
}

// Calls body(load) with load(i) reading element i of the run: a plain pointer when the
// run is contiguous (so that the loop vectorises), a strided read otherwise.
template <class T, class Body>
void with_loader(const StridedView<T> &run, const Body &body) {
    if (run.contiguous()) {
        const T *x = run.pointer();
        body([x](index_t i) { return x[i]; });
    } else {
        body([&run](index_t i) { return run[i]; });
    }
}

}  // namespace detail

template <class T, class Order>
class Extreme {
  public:
    using input_type = T;
    using output_type = T;
    static constexpr int kParameters = 0;
    static constexpr bool kComparesNaN = true;  // x < NaN raises "invalid": meaningless here

    void add_run(const StridedView<T> &run, index_t) {
        any_ |= run.size > 0;
        detail::with_loader(run, [&](const auto &load) {
            best_ = detail::extreme_of<Order>(run.size, load, best_);
        });
    }
    static void add_tile(Extreme *accs, const StridedTile<T> &tile, index_t) {
        for (index_t j = 0; j < tile.width; ++j) accs[j].any_ |= tile.rows > 0;
        for (index_t r = 0; r < tile.rows; ++r) {
            for (index_t j = 0; j < tile.width; ++j) {
                accs[j].best_ = detail::pick<Order>(tile(r, j), accs[j].best_);
            }
        }
    }
    void merge(const Extreme &other) {
        any_ |= other.any_;
        best_ = detail::pick<Order>(other.best_, best_);
    }
    output_type result() const {
        if (!any_) throw std::invalid_argument("zero-size array to reduction operation");
        return best_;
    }

  private:
    T best_ = detail::start_value<Order, T>();
    bool any_ = false;
};

template <class T>
using NanMin = Extreme<T, detail::Smaller>;
template <class T>
using NanMax = Extreme<T, detail::Larger>;

template <class T, class Order>
class ArgExtreme {
  public:
    using input_type = T;
    using output_type = std::int64_t;
    static constexpr int kParameters = 0;
    static constexpr bool kComparesNaN = true;

    void add_run(const StridedView<T> &run, index_t first) {
        detail::with_loader(run, [&](const auto &load) {
            for (index_t c = 0; c < run.size; c += kChunk) {
                const index_t n = std::min(kChunk, run.size - c);
                auto chunk = [&](index_t i) { return load(c + i); };
                const T extreme =
                    detail::extreme_of<Order>(n, chunk, detail::start_value<Order, T>());
                if (extreme != extreme || (index_ >= 0 && !Order::better(extreme, best_))) {
                    continue;  // all NaN, or no better than the best so far
                }
                index_t i = 0;
                while (!(chunk(i) == extreme)) ++i;
                offer(extreme, first + c + i);
            }
        });
    }
    static void add_tile(ArgExtreme *accs, const StridedTile<T> &tile, index_t first) {
        for (index_t r = 0; r < tile.rows; ++r) {
            for (index_t j = 0; j < tile.width; ++j) accs[j].offer(tile(r, j), first + r);
        }
    }
    void merge(const ArgExtreme &other) {
        if (other.index_ >= 0) offer(other.best_, other.index_);
    }
    output_type result() const {
        if (index_ < 0) throw std::invalid_argument("All-NaN slice encountered");
        return index_;
    }

  private:
    // Elements per chunk of a run: long enough for the lanes to pay, short enough that
    // the search for the first index stays in L1.
    static constexpr index_t kChunk = 512;

    // x at index i, offered in index order: taken if it is the first non-NaN or better.
    void offer(T x, index_t i) {
        if (index_ < 0 ? x == x : Order::better(x, best_)) {
            best_ = x;
            index_ = i;
        }
    }

    T best_{};
    index_t index_ = -1;
};

template <class T>
using NanArgMin = ArgExtreme<T, detail::Smaller>;
template <class T>
using NanArgMax = ArgExtreme<T, detail::Larger>;

// anynan (kAll false) and allnan (kAll true).
template <class T, bool kAll>
class NanTest {
  public:
    using input_type = T;
    using output_type = bool;
    static constexpr int kParameters = 0;

    void add_run(const StridedView<T> &run, index_t) {
        if constexpr (!std::is_floating_point_v<T>) {
            decided_ |= kAll && run.size > 0;  // a number: allnan is false, anynan stays so
        } else {
            detail::with_loader(run, [&](const auto &load) {
                for (index_t c = 0; c < run.size && !decided_; c += kChunk) {
                    const index_t end = std::min(run.size, c + kChunk);
                    bool deciding = false;  // anynan: a NaN; allnan: a number
                    for (index_t i = c; i < end; ++i) deciding |= (load(i) != load(i)) != kAll;
                    decided_ = deciding;
                }
            });
        }
    }
    static void add_tile(NanTest *accs, const StridedTile<T> &tile, index_t) {
        for (index_t r = 0; r < tile.rows; ++r) {
            for (index_t j = 0; j < tile.width; ++j) {
                const T x = tile(r, j);
                accs[j].decided_ |= (x != x) != kAll;
            }
        }
    }
    void merge(const NanTest &other) { decided_ |= other.decided_; }
    output_type result() const { return decided_ != kAll; }

  private:
    static constexpr index_t kChunk = 256;  // elements between checks for an early stop

    bool decided_ = false;  // anynan: a NaN was seen; allnan: a number was seen
};

template <class T>
using AnyNan = NanTest<T, false>;
template <class T>
using AllNan = NanTest<T, true>;

}  // namespace parafunc
