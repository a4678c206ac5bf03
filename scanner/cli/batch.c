/* batch.c - scan many documents on several threads, write in input order.
 *
 * yara's model: the compiled rules are shared read-only; each worker owns
 * an fp_scanner (match data, JIT stack, scratch). Jobs go into a ring of
 * slots numbered by input position. The producer (the caller of batch_push)
 * fills slot `produced`, workers claim slots in order, and one writer
 * thread waits for slot `written` to be done before it renders it. The
 * ring is bounded, so memory does not grow with the number of files and
 * output never depends on thread timing: byte-identical for any -j. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef enum { SLOT_FREE = 0, SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE } slot_state;

typedef struct slot {
    slot_state state;
    job job;
    fp_result *res;
    fp_status status; /* when res is NULL: why */
    int skipped;
} slot;

struct batch {
    const cli *c;
    const fp_rules *rules;
    fp_renderer *rr;
    summary *sum;
    csv_out *csv;
    slot *ring;
    size_t nring;
    size_t produced, claimed, written;
    int input_done;
    pthread_mutex_t mu;
    pthread_cond_t can_produce, can_claim, can_write;
    pthread_t *workers, writer;
    fp_scanner **scanners; /* one per worker, made before the threads start
                              (PCRE2 sets up JIT globals lazily) */
    int nworkers, nscanners, next_worker;
    int exit_code, write_failed;
    long input_errors[3]; /* INPUT_WALK, INPUT_RECORD, INPUT_WARC; the summary belongs
                             to the writer, so these wait for the end */
    /* progress */
    int progress;
    struct timespec started, last_progress;
    uint64_t bytes_done;
    size_t total; /* inputs counted ahead for the ETA; 0 = unknown */
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---------------------------------------------------------------- workers */

static void run_job(fp_scanner *sc, const cli *c, slot *s)
{
    job *j = &s->job;
    if (j->from_walk && !c->binary && looks_binary(j->path)) {
        s->skipped = 1;
        return;
    }
    fp_format fmt = j->format != FP_FORMAT_AUTO ? j->format : c->input_format;
    if (j->data)
        s->status = fp_scan_memory(sc, j->path, j->data, j->len, fmt, &s->res);
    else
        s->status = fp_scan_file(sc, j->path, fmt, &s->res);
    free(j->data); /* the scanner copied it; free early to keep RSS flat */
    j->data = NULL;
}

static void *worker_main(void *arg)
{
    batch *b = arg;
    warm_heap(); /* a worker allocates from a heap of its own */
    pthread_mutex_lock(&b->mu);
    fp_scanner *sc = b->scanners[b->next_worker++];
    for (;;) {
        while (b->claimed == b->produced && !b->input_done)
            pthread_cond_wait(&b->can_claim, &b->mu);
        if (b->claimed == b->produced)
            break;
        slot *s = &b->ring[b->claimed++ % b->nring];
        s->state = SLOT_RUNNING;
        pthread_mutex_unlock(&b->mu);
        run_job(sc, b->c, s);
        pthread_mutex_lock(&b->mu);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&b->can_write);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* ----------------------------------------------------------------- writer */

static void show_progress(batch *b, int final)
{
    if (!b->progress)
        return;
    double t = seconds_since(&b->started);
    if (b->progress < 0 && t < 1.0 && !final)
        return; /* auto: only a batch that takes a while */
    if (!final && seconds_since(&b->last_progress) < 0.2)
        return;
    clock_gettime(CLOCK_MONOTONIC, &b->last_progress);
    double mbs = t > 0 ? (double)b->bytes_done / 1e6 / t : 0;
    size_t total = b->total > b->produced ? b->total : b->produced;
    int known = b->input_done || b->total;
    char eta[32] = "";
    if (known && b->written && b->written < total) {
        double left = t / (double)b->written * (double)(total - b->written);
        snprintf(eta, sizeof eta, ", ETA %d:%02d", (int)left / 60, (int)left % 60);
    }
    fprintf(stderr, "\rfineprint: %zu/%zu%s files, %.1f MB/s%s\033[K%s", b->written,
            total, known ? "" : "+", mbs, eta, final ? "\n" : "");
}

static void write_result(batch *b, slot *s)
{
    const cli *c = b->c;
    if (s->skipped) {
        summary_add_skipped(b->sum);
        return;
    }
    if (!s->res) { /* out of memory or a bad argument: no result at all */
        fprintf(stderr, "fineprint: %s: %s\n", s->job.path, fp_strerror(s->status));
        summary_add_error(b->sum, fp_strerror(s->status));
        b->exit_code = EXIT_ERROR;
        return;
    }
    fp_result *res = s->res;
    summary_add(b->sum, res);
    b->bytes_done += fp_result_source_bytes(res);
    if (fp_result_status(res)) {
        if (b->progress > 0 || (b->progress < 0 && seconds_since(&b->started) >= 1.0))
            fprintf(stderr, "\r\033[K");
        fprintf(stderr, "fineprint: %s\n", fp_result_error(res));
        b->exit_code = EXIT_ERROR;
    }
    if (c->fail_on_set && b->exit_code == EXIT_CLEAN &&
        fp_result_count_at_least(res, c->fail_on))
        b->exit_code = EXIT_FINDINGS;
    if (!c->quiet && !b->write_failed &&
        (fp_renderer_add(b->rr, res) ||
         (c->output == FP_OUT_JSONL && fflush(stdout)))) { /* a line per document, now */
        fprintf(stderr, "fineprint: cannot write output\n");
        b->write_failed = 1;
        b->exit_code = EXIT_ERROR;
    }
    if (b->csv && csv_write_row(b->csv, res))
        b->write_failed = 1;
}

static void *writer_main(void *arg)
{
    batch *b = arg;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        slot *s = &b->ring[b->written % b->nring];
        while (!(b->written < b->produced && s->state == SLOT_DONE) &&
               !(b->input_done && b->written == b->produced))
            pthread_cond_wait(&b->can_write, &b->mu);
        if (b->written == b->produced)
            break;
        pthread_mutex_unlock(&b->mu);
        write_result(b, s);
        fp_result_free(s->res);
        free(s->job.path);
        free(s->job.data);
        memset(s, 0, sizeof *s);
        pthread_mutex_lock(&b->mu);
        b->written++;
        show_progress(b, 0);
        pthread_cond_signal(&b->can_produce);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* ------------------------------------------------------------------- api */

int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int start_threads(batch *b)
{
    b->workers = calloc((size_t)b->nworkers, sizeof *b->workers);
    b->scanners = calloc((size_t)b->nworkers, sizeof *b->scanners);
    if (!b->workers || !b->scanners)
        return -1;
    for (; b->nscanners < b->nworkers; b->nscanners++)
        if (fp_scanner_new(b->rules, b->c->opts, &b->scanners[b->nscanners]))
            return -1;
    if (pthread_create(&b->writer, NULL, writer_main, b))
        return -1;
    for (int i = 0; i < b->nworkers; i++)
        if (pthread_create(&b->workers[i], NULL, worker_main, b)) {
            b->nworkers = i;
            return i ? 0 : -1; /* fewer threads still finish the batch */
        }
    return 0;
}

batch *batch_start(const cli *c, const fp_rules *rules, fp_renderer *rr,
                   summary *sum, csv_out *csv)
{
    batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->c = c;
    b->rules = rules;
    b->rr = rr;
    b->sum = sum;
    b->csv = csv;
    b->nworkers = c->jobs > 0 ? c->jobs : default_jobs();
    b->nring = (size_t)b->nworkers * 4 + 4;
    b->ring = calloc(b->nring, sizeof *b->ring);
    b->progress = c->progress == PROGRESS_AUTO ? (isatty(STDERR_FILENO) ? -1 : 0)
                                               : c->progress;
    if (c->quiet)
        b->progress = 0;
    clock_gettime(CLOCK_MONOTONIC, &b->started);
    b->last_progress = b->started;
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->can_produce, NULL);
    pthread_cond_init(&b->can_claim, NULL);
    pthread_cond_init(&b->can_write, NULL);
    if (!b->ring || start_threads(b)) {
        fprintf(stderr, "fineprint: cannot start threads\n");
        exit(EXIT_ERROR); /* nothing has been written yet */
    }
    return b;
}

int batch_push(batch *b, job *j)
{
    pthread_mutex_lock(&b->mu);
    while (b->produced - b->written >= b->nring)
        pthread_cond_wait(&b->can_produce, &b->mu);
    slot *s = &b->ring[b->produced % b->nring];
    s->job = *j;
    s->state = SLOT_QUEUED;
    b->produced++;
    pthread_cond_signal(&b->can_claim);
    pthread_mutex_unlock(&b->mu);
    memset(j, 0, sizeof *j);
    return 0;
}

int batch_shows_progress(const batch *b) { return b->progress != 0; }

void batch_set_total(batch *b, size_t total)
{
    pthread_mutex_lock(&b->mu);
    b->total = total;
    pthread_mutex_unlock(&b->mu);
}

void batch_note_input_error(batch *b, int kind)
{
    pthread_mutex_lock(&b->mu);
    b->input_errors[kind]++;
    pthread_mutex_unlock(&b->mu);
}

int batch_finish(batch *b)
{
    pthread_mutex_lock(&b->mu);
    b->input_done = 1;
    pthread_cond_broadcast(&b->can_claim);
    pthread_cond_broadcast(&b->can_write);
    pthread_mutex_unlock(&b->mu);
    for (int i = 0; i < b->nworkers; i++)
        pthread_join(b->workers[i], NULL);
    pthread_join(b->writer, NULL);
    for (long i = 0; i < b->input_errors[0]; i++)
        summary_add_error(b->sum, "unreadable directory or file list");
    for (long i = 0; i < b->input_errors[1]; i++)
        summary_add_error(b->sum, "bad JSONL record");
    for (long i = 0; i < b->input_errors[2]; i++)
        summary_add_error(b->sum, "bad WARC record");
    if (b->input_errors[0] || b->input_errors[1] || b->input_errors[2])
        b->exit_code = EXIT_ERROR;
    summary_set_elapsed(b->sum, seconds_since(&b->started));
    if (b->progress > 0 || (b->progress < 0 && seconds_since(&b->started) >= 1.0))
        show_progress(b, 1);
    int rc = b->write_failed ? EXIT_ERROR : b->exit_code;
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->can_produce);
    pthread_cond_destroy(&b->can_claim);
    pthread_cond_destroy(&b->can_write);
    for (int i = 0; i < b->nscanners; i++)
        fp_scanner_free(b->scanners[i]);
    free(b->scanners);
    free(b->workers);
    free(b->ring);
    free(b);
    return rc;
}
