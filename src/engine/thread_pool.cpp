#include "thread_pool.hpp"

#include <algorithm>
#include <mutex>
#include <new>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

namespace parafunc::engine {

namespace {

struct PoolState {
    std::mutex mutex;
    int num_threads = 0;  // 0: not chosen yet, use the default
    std::shared_ptr<tbb::task_arena> arena;
    // Lets the arena hold more threads than oneTBB's default when asked to.
    std::unique_ptr<tbb::global_control> parallelism_limit;
};

PoolState &state() {
    static PoolState *s = new PoolState;  // never destroyed: workers may outlive exit handlers
    return *s;
}

std::shared_ptr<tbb::task_arena> make_arena(PoolState &s) {
    const int n = s.num_threads > 0 ? s.num_threads : default_num_threads();
    if (static_cast<std::size_t>(n) >
        tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism)) {
        s.parallelism_limit = std::make_unique<tbb::global_control>(
            tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(n));
    }
    return std::make_shared<tbb::task_arena>(n);
}

}  // namespace

int default_num_threads() { return std::max(1, tbb::info::default_concurrency()); }

int get_num_threads() {
    PoolState &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    return s.num_threads > 0 ? s.num_threads : default_num_threads();
}

void set_num_threads(int n) {
    PoolState &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    s.num_threads = n;
    s.arena.reset();  // the next call builds an arena of the new size
    s.parallelism_limit.reset();
}

std::shared_ptr<tbb::task_arena> current_arena() {
    PoolState &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    if (!s.arena) s.arena = make_arena(s);
    return s.arena;
}

void prepare_fork() {
    PoolState &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    if (!s.arena) return;
    s.arena.reset();
    s.parallelism_limit.reset();
    // Wait until every oneTBB worker has exited, so that no half-owned lock or thread is
    // copied into the child. It fails (and changes nothing) when another arena in the
    // process is still busy; the child then runs its calls on its own thread, correctly.
    tbb::task_scheduler_handle handle{tbb::attach{}};
    tbb::finalize(handle, std::nothrow);
}

}  // namespace parafunc::engine
