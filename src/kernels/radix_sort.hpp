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

// Sorts v[0, n) by key_of(item), an unsigned integer, using spare[0, n) as the radix
// sort's second buffer (the result is copied back into v if it ends there).
template <class Item, class KeyOf>
void radix_sort(Item *v, Item *spare, index_t n, KeyOf key_of) {
    using Key = decltype(key_of(*v));
    static_assert(std::is_unsigned_v<Key>);
    constexpr int kBytes = sizeof(Key);
    if (n < kRadixSortFrom) {
        std::sort(v, v + n, [&](const Item &a, const Item &b) { return key_of(a) < key_of(b); });
        return;
    }
    std::array<std::array<index_t, 256>, kBytes> count{};
    for (index_t i = 0; i < n; ++i) {
        const Key key = key_of(v[i]);
        for (int b = 0; b < kBytes; ++b) ++count[b][(key >> (8 * b)) & 0xFF];
    }
    Item *from = v, *to = spare;
    for (int b = 0; b < kBytes; ++b) {
        std::array<index_t, 256> &start = count[b];
        if (start[(key_of(from[0]) >> (8 * b)) & 0xFF] == n) continue;  // a byte every key shares
        index_t offset = 0;
        for (index_t &c : start) offset += std::exchange(c, offset);
        for (index_t i = 0; i < n; ++i) to[start[(key_of(from[i]) >> (8 * b)) & 0xFF]++] = from[i];
        std::swap(from, to);
    }
    if (from != v) std::copy(from, from + n, v);
}

// Sorts v by key, using `spare` (resized to v's size) as the second buffer.
template <class Key>
void radix_sort(std::vector<KeyedPosition<Key>> &v, std::vector<KeyedPosition<Key>> &spare) {
    spare.resize(v.size());
    radix_sort(v.data(), spare.data(), static_cast<index_t>(v.size()),
               [](const KeyedPosition<Key> &p) { return p.key; });
}

}  // namespace parafunc
