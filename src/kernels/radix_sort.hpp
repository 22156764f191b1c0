// Sorting (key, position) pairs by key, the sort of the ranks (ranks.hpp): least-
// significant-digit radix sort for long series, a comparison sort for short ones.
//
// Keys are unsigned integers that order as the values they come from (radix_key: the
// usual bit flips of IEEE floats and two's-complement integers, -0.0 made +0.0 first so
// that it ties with 0.0). The radix sort counts every byte of every key in one pass; then
// each byte, from the lowest, scatters the pairs stably into a second buffer by that
// byte, skipping bytes that every key shares. Its fixed cost (16 KiB of counts, 256
// offsets a pass) makes it slower than std::sort on short series only (rows of normal
// doubles, a different row each time, one thread, loaded machine, ns per value, radix
// against std::sort: 63/45 at 64 values, 44/52 at 128, 38/81 at 1024, 39/100 at 10^4).
// The order of equal keys is unspecified: the ranks do not depend on it. Nothing throws
// but the buffer's std::bad_alloc; no floating-point flag.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include "view.hpp"

namespace parafunc {

template <class T>
using radix_key_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

// The key of a number (not NaN): unsigned, in the same order as the numbers, equal for
// equal numbers (-0.0 and 0.0 included).
template <class T>
radix_key_t<T> radix_key(T x) {
    using Key = radix_key_t<T>;
    constexpr Key sign = Key{1} << (8 * sizeof(Key) - 1);
    Key bits;
    if constexpr (std::is_floating_point_v<T>) {
        const T zero_is_positive = x + T{0};  // -0.0 + 0.0 is +0.0
        std::memcpy(&bits, &zero_is_positive, sizeof bits);
        // Negative numbers: every bit flipped (larger magnitude, smaller key); others: the
        // sign bit set, above every negative one.
        const Key negative = bits >> (8 * sizeof(Key) - 1);
        return bits ^ ((Key{0} - negative) | sign);
    } else {
        std::memcpy(&bits, &x, sizeof bits);
        return bits ^ sign;
    }
}

// A key and the position it came from.
template <class Key>
struct KeyedPosition {
    Key key;
    index_t index;
};

// Fewer pairs than this are sorted by std::sort (see above).
inline constexpr index_t kRadixSortFrom = 96;

// Sorts v by key, using `spare` (resized to v's size) as the radix sort's second buffer;
// the two are swapped as needed so that the result is in v.
template <class Key>
void radix_sort(std::vector<KeyedPosition<Key>> &v, std::vector<KeyedPosition<Key>> &spare) {
    constexpr int kBytes = sizeof(Key);
    const index_t n = static_cast<index_t>(v.size());
    if (n < kRadixSortFrom) {
        std::sort(v.begin(), v.end(), [](const KeyedPosition<Key> &a, const KeyedPosition<Key> &b) {
            return a.key < b.key;
        });
        return;
    }
    std::array<std::array<index_t, 256>, kBytes> count{};
    for (const KeyedPosition<Key> &p : v) {
        for (int b = 0; b < kBytes; ++b) ++count[b][(p.key >> (8 * b)) & 0xFF];
    }
    spare.resize(v.size());
    for (int b = 0; b < kBytes; ++b) {
        std::array<index_t, 256> &start = count[b];
        if (start[(v[0].key >> (8 * b)) & 0xFF] == n) continue;  // a byte every key shares
        index_t offset = 0;
        for (index_t &c : start) offset += std::exchange(c, offset);
        for (const KeyedPosition<Key> &p : v) spare[start[(p.key >> (8 * b)) & 0xFF]++] = p;
        v.swap(spare);
    }
}

}  // namespace parafunc
