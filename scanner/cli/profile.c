/* profile.c - `fineprint rules --profile FILE|DIR...`: where the time goes.
 * Scans the inputs on one thread with rule profiling on, then prints each
 * rule's runs (sentences its literals admitted), bytes, matches and time,
 * costliest first, so a rule author sees which pattern to tighten. */
#include <stdlib.h>

#include "cli.h"

typedef struct profile_run {
    fp_scanner *sc;
    const cli *c;
    uint64_t bytes;
    size_t docs, errors;
} profile_run;

static int scan_for_profile(void *ctx, const char *path, int from_walk)
{
    (void)from_walk;
    profile_run *pr = ctx;
    fp_result *res = NULL;
    fp_status st = fp_scan_file(pr->sc, path, pr->c->input_format, &res);
    if (!res)
        return -1; /* out of memory: stop */
    if (st) {
        fprintf(stderr, "fineprint: %s\n", fp_result_error(res));
        pr->errors++;
    }
    pr->bytes += fp_result_source_bytes(res);
    pr->docs++;
    fp_result_free(res);
    return 0;
}

typedef struct rule_cost {
    size_t index;
    fp_rule_profile p;
} rule_cost;

static int by_time_desc(const void *a, const void *b)
{
    const rule_cost *x = a, *y = b;
    return x->p.nanoseconds < y->p.nanoseconds ? 1
           : x->p.nanoseconds > y->p.nanoseconds ? -1
           : (x->index > y->index) - (x->index < y->index);
}

static void print_costs(const fp_rules *rules, rule_cost *costs, size_t n,
                        const profile_run *pr)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += costs[i].p.nanoseconds;
    qsort(costs, n, sizeof *costs, by_time_desc);
    printf("%zu documents, %.1f MB; %.1f ms in rules\n\n", pr->docs,
           (double)pr->bytes / 1e6, (double)total / 1e6);
    printf("%-40s %9s %10s %8s %10s %6s\n", "rule", "runs", "KB run on",
           "matches", "ms", "share");
    for (size_t i = 0; i < n; i++) {
        const fp_rule_profile *p = &costs[i].p;
        printf("%-40s %9llu %10.1f %8llu %10.2f %5.1f%%\n",
               fp_rule_id(fp_rules_get(rules, costs[i].index)),
               (unsigned long long)p->runs, (double)p->bytes / 1024.0,
               (unsigned long long)p->matches, (double)p->nanoseconds / 1e6,
               total ? 100.0 * (double)p->nanoseconds / (double)total : 0.0);
    }
}

int profile_rules(const cli *c, const fp_rules *rules)
{
    if (!c->nfiles)
        return bad_usage("%s", "--profile needs files or directories to scan");
    profile_run pr = {.c = c};
    size_t n = fp_rules_count(rules);
    rule_cost *costs = calloc(n ? n : 1, sizeof *costs);
    int rc = EXIT_ERROR;
    if (!costs || fp_scanner_new(rules, c->opts, &pr.sc) ||
        fp_scanner_set_profiling(pr.sc, 1)) {
        fprintf(stderr, "fineprint: out of memory\n");
        goto done;
    }
    long walk_errors = walk_inputs(c, c->files, (size_t)c->nfiles,
                                   scan_for_profile, &pr, 1);
    for (size_t i = 0; i < n; i++) {
        costs[i].index = i;
        fp_scanner_rule_profile(pr.sc, i, &costs[i].p);
    }
    print_costs(rules, costs, n, &pr);
    rc = (walk_errors || pr.errors) ? EXIT_ERROR : EXIT_CLEAN;
done:
    fp_scanner_free(pr.sc);
    free(costs);
    return rc;
}
