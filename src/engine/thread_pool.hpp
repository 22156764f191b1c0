// The library's one thread pool: a oneTBB task arena of a chosen size.
//
// set_num_threads() replaces the arena; a call already running keeps the arena it took
// (shared ownership), so resizing never races with work. Several Python threads calling
// at once submit to the same arena and share its workers without oversubscription.
// prepare_fork() shuts the workers down before os.fork (oneTBB's workers do not survive a
// fork: a child would otherwise run single-threaded); the next call in parent or child
// starts a fresh arena. It first waits for the parallel calls in flight (each holds a
// ParallelSection) and holds new ones back until after the fork, in parent and child:
// forked while another Python thread's call ran, a child inherited oneTBB's locks held
// by workers that no longer existed, and hung (2 forks in 100). Where the workers still
// could not be stopped, the child runs every call on its calling thread.
#pragma once

#include <memory>

#include <oneapi/tbb/task_arena.h>

namespace parafunc::engine {

int default_num_threads();
int get_num_threads();
void set_num_threads(int n);  // n >= 1, checked by the caller
// The arena; none in the child of a fork whose workers could not be stopped (its calls
// then run on the calling thread).
std::shared_ptr<tbb::task_arena> current_arena();

// Held by a parallel call for as long as it uses the arena: prepare_fork waits for it.
// Taken with the GIL released (the call in flight must not wait for the forking thread's
// GIL while that thread waits for it), and released before the GIL is taken back.
class ParallelSection {
  public:
    ParallelSection();
    ~ParallelSection();
    ParallelSection(const ParallelSection &) = delete;
    ParallelSection &operator=(const ParallelSection &) = delete;
};

void prepare_fork();
void after_fork_in_parent();
void after_fork_in_child();

}  // namespace parafunc::engine
