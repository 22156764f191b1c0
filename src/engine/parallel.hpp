// for_each_item: the only place that decides serial or parallel, and the only place that
// starts oneTBB work for a loop.
//
// The caller cuts its work into items whose boundaries depend on the data alone (never on
// the thread count), so the results are the same whoever runs which item.
//   - Small calls (total work under kParallelWork elements) run on the calling thread:
//     waking workers costs more than it saves.
//   - Large calls release the GIL if NumPy kept it (it does for a 1-D core whose outer
//     size is small), then run in the pool in tasks of about kTaskWork elements.
//   - Floating-point flags raised on workers are invisible to np.errstate, so each task
//     records its own and the union is raised on the calling thread after the join.
//   - A C++ exception thrown in a task is rethrown here by oneTBB, on the calling thread.
#pragma once

#include <Python.h>

#include <algorithm>
#include <atomic>
#include <cfenv>
#include <memory>
#include <vector>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "../kernels/view.hpp"
#include "thread_pool.hpp"

namespace parafunc::engine {

// Measured on 2 cores: a parallel_for in a warm arena costs ~5-10 us, the time to sum
// ~30k doubles; below 64k elements the serial loop wins.
inline constexpr index_t kParallelWork = index_t{1} << 16;
inline constexpr index_t kTaskWork = index_t{1} << 15;

// Releases the GIL for the lifetime of the object, if this thread holds it.
class GilRelease {
  public:
    GilRelease() : saved_(PyGILState_Check() ? PyEval_SaveThread() : nullptr) {}
    ~GilRelease() {
        if (saved_) PyEval_RestoreThread(saved_);
    }
    GilRelease(const GilRelease &) = delete;
    GilRelease &operator=(const GilRelease &) = delete;

  private:
    PyThreadState *saved_;
};

template <class Body>
void for_each_item(index_t items, index_t work_per_item, const Body &body) {
    if (items <= 0) return;
    const index_t work = items * std::max<index_t>(work_per_item, 1);
    if (work < kParallelWork) {
        body(index_t{0}, items);
        return;
    }
    GilRelease gil;
    const ParallelSection section;  // released before the GIL is taken back
    std::shared_ptr<tbb::task_arena> arena = current_arena();
    if (!arena || arena->max_concurrency() == 1) {
        body(index_t{0}, items);
        return;
    }
    const index_t grain = std::max<index_t>(1, kTaskWork / std::max<index_t>(work_per_item, 1));
    std::atomic<int> worker_flags{0};
    arena->execute([&] {
        tbb::parallel_for(tbb::blocked_range<index_t>(0, items, grain),
                          [&](const tbb::blocked_range<index_t> &range) {
                              std::fexcept_t saved;
                              std::fegetexceptflag(&saved, FE_ALL_EXCEPT);
                              std::feclearexcept(FE_ALL_EXCEPT);
                              body(range.begin(), range.end());
                              const int raised = std::fetestexcept(FE_ALL_EXCEPT);
                              std::fesetexceptflag(&saved, FE_ALL_EXCEPT);
                              if (raised) worker_flags.fetch_or(raised);
                          });
    });
    if (const int raised = worker_flags.load()) std::feraiseexcept(raised);
}

// Scratch for the items of one for_each_item call, one per thread slot of the library's
// arena, made by `make` on a slot's first use: a task takes its thread's, so scratch is
// allocated (and its pages faulted in) once per thread and call, not once per task.
// Fresh scratch of 4 MiB per task (tiles along axis 0) made partition of (1000, 10000)
// along axis 0 slower on 2 threads than on 1: page faults, which the OS serializes.
// Slots are safe to share because a thread runs one item body at a time and the items of
// a parallel call run inside the arena, each thread with its own index; a thread whose
// index is beyond the slots (the arena was resized meanwhile) gets scratch of its own.
template <class T, class Make>
class PerThread {
  public:
    explicit PerThread(Make make)
        : make_(std::move(make)),
          slots_(static_cast<std::size_t>(max_concurrency())) {}

    // Calls body(scratch) with the calling thread's scratch.
    template <class Body>
    void with(const Body &body) {
        const int index = std::max(tbb::this_task_arena::current_thread_index(), 0);
        if (index >= static_cast<int>(slots_.size())) {
            const std::unique_ptr<T> own = make_();
            body(*own);
            return;
        }
        std::unique_ptr<T> &slot = slots_[static_cast<std::size_t>(index)];
        if (!slot) slot = make_();
        body(*slot);
    }

  private:
    static int max_concurrency() {
        const std::shared_ptr<tbb::task_arena> arena = current_arena();
        return arena ? arena->max_concurrency() : 1;
    }

    Make make_;
    std::vector<std::unique_ptr<T>> slots_;
};

}  // namespace parafunc::engine
