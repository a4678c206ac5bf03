/* parallel.h - run independent tasks on a few threads (rule loading). */
#ifndef FP_PARALLEL_H
#define FP_PARALLEL_H

#include <stddef.h>

/* Task i of n; called once for every i in [0, n), on some thread, in no
 * particular order. Tasks must not depend on each other: each writes only
 * its own results, which the caller reads in index order afterwards, so the
 * outcome never depends on the number of threads or their timing. */
typedef void (*fp_task_fn)(void *ctx, size_t i);

/* Run the n tasks on up to `threads` threads, the calling thread among
 * them (0 and 1: the calling thread alone), and return when all are done.
 * A thread that cannot be started leaves its share to the others, so this
 * cannot fail. Returns the number of threads that ran tasks. */
unsigned fp_parallel_for(size_t n, unsigned threads, fp_task_fn fn, void *ctx);

#endif
