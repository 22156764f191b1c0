// The library's one thread pool: a oneTBB task arena of a chosen size.
//
// set_num_threads() replaces the arena; a call already running keeps the arena it took
// (shared ownership), so resizing never races with work. Several Python threads calling
// at once submit to the same arena and share its workers without oversubscription.
// prepare_fork() shuts the workers down before os.fork (oneTBB's workers do not survive a
// fork: a child would otherwise run single-threaded); the next call in parent or child
// starts a fresh arena.
#pragma once

#include <memory>

#include <oneapi/tbb/task_arena.h>

namespace parafunc::engine {

int default_num_threads();
int get_num_threads();
void set_num_threads(int n);  // n >= 1, checked by the caller
std::shared_ptr<tbb::task_arena> current_arena();

void prepare_fork();

}  // namespace parafunc::engine
