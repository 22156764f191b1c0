#include "thread_pool.hpp"

#include <algorithm>
#include <mutex>
#include <new>
#include <shared_mutex>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

namespace parafunc::engine {

namespace {

struct PoolState {
    // Shared by the parallel calls in flight, exclusive from prepare_fork to after_fork;
    // always taken before `mutex`.
    std::shared_mutex fork_mutex;
    std::mutex mutex;
    int num_threads = 0;  // 0: not chosen yet, use the default
    std::shared_ptr<tbb::task_arena> arena;
    // Lets the arena hold more threads than oneTBB's default when asked to.
    std::unique_ptr<tbb::global_control> parallelism_limit;
    // Whether prepare_fork stopped oneTBB's workers (finalize can fail, e.g. while an
    // arena not the library's is busy), and whether this process is the child of a fork
    // where it did not: oneTBB's locks may then be held by threads that do not exist here
    // (a child hung in thread_dispatcher::register_client), so it is never used again.
    bool workers_stopped = true;
    bool without_pool = false;
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
    if (s.without_pool) return nullptr;
    if (!s.arena) s.arena = make_arena(s);
    return s.arena;
}

ParallelSection::ParallelSection() { state().fork_mutex.lock_shared(); }
ParallelSection::~ParallelSection() { state().fork_mutex.unlock_shared(); }

void prepare_fork() {
    PoolState &s = state();
    // Both held across the fork (released after it): no parallel call and no other
    // thread's use of the pool state is then half done in the child.
    s.fork_mutex.lock();
    s.mutex.lock();
    if (s.without_pool) return;
    s.arena.reset();
    s.parallelism_limit.reset();
    // Wait until every oneTBB worker has exited, so that no half-owned lock or thread is
    // copied into the child.
    tbb::task_scheduler_handle handle{tbb::attach{}};
    s.workers_stopped = tbb::finalize(handle, std::nothrow);
}

void after_fork_in_parent() {
    PoolState &s = state();
    s.mutex.unlock();
    s.fork_mutex.unlock();
}

// The child's one thread holds both locks as its parent's thread, whose id a read-write
// lock checks on unlocking (glibc took the child's unlock for a reader's, and every child
// hung): they are made anew, unlocked; nothing else can hold them.
void after_fork_in_child() {
    PoolState &s = state();
    new (&s.mutex) std::mutex;
    new (&s.fork_mutex) std::shared_mutex;
    s.without_pool = s.without_pool || !s.workers_stopped;
}

}  // namespace parafunc::engine
