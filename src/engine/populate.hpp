// Output pages faulted in ahead of a walk that would first write them in lockstep.
//
// A fresh output (NumPy's, for a call without out=) is mapped but not yet backed: the OS
// backs and zeroes each page at its first write. Walked by wide tiles (along axis 0 of a C
// array), every thread's tiles start at the top row, so the threads first write the same
// pages at the same time and wait on each other's faults: on the development machine a
// fresh (1000, 10000) float64 output cost ~9-12 ms more along axis 0 than with out=
// given, ~4-8 ms along axis -1, where each thread first writes its own rows. Asking the OS
// to back the pages first (madvise MADV_POPULATE_WRITE, Linux 5.14 on; it changes no
// byte, so an output that is also an input is safe), each thread a contiguous part,
// took ~5 ms for 80 MB on 2 threads. Elsewhere, or where the OS declines, nothing is done.
#pragma once

#include <algorithm>
#include <cstdint>

#include "layout.hpp"
#include "parallel.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace parafunc::engine {

// Outputs smaller than this are written without help: their faults are few.
inline constexpr index_t kPopulateFrom = index_t{16} << 20;
// Bytes a task asks for at a time.
inline constexpr index_t kPopulateChunk = index_t{4} << 20;

// The pages of `range`, where `written` bytes of it are to be written: only where those
// fill it (at least half of it), since a sparse output (a view of every 100th column of a
// fresh array, say) would back memory that nothing writes.
inline void populate_for_writing(const ByteRange &range, index_t written) {
    if (2 * written < range.hi - range.lo) return;
#if defined(__linux__)
    constexpr int kPopulateWrite = 23;  // MADV_POPULATE_WRITE, where headers predate it
    static const std::uintptr_t page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    // The whole pages within the range: the partial ones at its ends may hold another
    // object's bytes, and are written as usual.
    const std::uintptr_t lo = (reinterpret_cast<std::uintptr_t>(range.lo) + page - 1) / page * page;
    const std::uintptr_t hi = reinterpret_cast<std::uintptr_t>(range.hi) / page * page;
    if (hi <= lo || static_cast<index_t>(hi - lo) < kPopulateFrom) return;
    const index_t bytes = static_cast<index_t>(hi - lo);
    const index_t chunks = (bytes + kPopulateChunk - 1) / kPopulateChunk;
    for_each_item(chunks, kPopulateChunk, [&](index_t begin, index_t end) {
        const std::uintptr_t first = lo + static_cast<std::uintptr_t>(begin * kPopulateChunk);
        const std::uintptr_t last =
            std::min(hi, lo + static_cast<std::uintptr_t>(end * kPopulateChunk));
        // An error (an old kernel's EINVAL, say) leaves the pages to be faulted as usual.
        (void)madvise(reinterpret_cast<void *>(first), last - first, kPopulateWrite);
    });
#endif
}

// The output of a call with one output per element, `itemsize` bytes each from `out`.
inline void populate_output(char *out, index_t itemsize, const SeriesLayout &l) {
    populate_for_writing(byte_range(out, itemsize,
                                    {{l.planes, l.out_plane_stride},
                                     {l.series, l.out_series_stride},
                                     {l.core, l.out_core_stride}}),
                         l.planes * l.series * l.core * itemsize);
}

}  // namespace parafunc::engine
