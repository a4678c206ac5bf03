/* parallel.c - fp_parallel_for: the threads take task numbers from one
 * atomic counter (tasks of uneven cost balance themselves) until none is
 * left. */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct pool {
    atomic_size_t next;
    size_t n;
    fp_task_fn fn;
    void *ctx;
} pool;

static void *take_tasks(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed);
        if (i >= p->n)
            return NULL;
        p->fn(p->ctx, i);
    }
}

unsigned fp_parallel_for(size_t n, unsigned threads, fp_task_fn fn, void *ctx)
{
    pool p = {.n = n, .fn = fn, .ctx = ctx};
    atomic_init(&p.next, 0);
    if (threads > n)
        threads = (unsigned)n; /* no thread without a task */
    pthread_t *helpers = threads > 1 ? malloc((threads - 1) * sizeof *helpers) : NULL;
    unsigned started = 0;
    for (; helpers && started + 1 < threads; started++)
        if (pthread_create(&helpers[started], NULL, take_tasks, &p))
            break;
    take_tasks(&p);
    /* pthread_join is the barrier: every result a helper wrote is visible
     * to the caller after it */
    for (unsigned k = 0; k < started; k++)
        pthread_join(helpers[k], NULL);
    free(helpers);
    return started + 1;
}
