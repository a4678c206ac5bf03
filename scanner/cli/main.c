/* main.c - the fineprint command. A thin shell over libfineprint: parse
 * options (options.c), then run a command: scan (scan_cmd.c, batch.c),
 * merge, rules or explain. The library never prints; everything the user
 * sees is written by the command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"
#include "rules.h" /* fp_rules_set_jit_after (the CLI links the library statically) */

/* ------------------------------------------------------------- commands */

int write_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

/* FINEPRINT_NO_ATOMS=1 loads the rules without the conditions derived
 * from their patterns: the same findings, slower. tools/atomcheck.sh
 * compares the two. */
static unsigned env_flags(void)
{
    const char *v = getenv("FINEPRINT_NO_ATOMS");
    return v && *v && strcmp(v, "0") ? FP_RULES_NO_ATOMS : 0;
}

/* The load JIT-compiles the rules on as many threads as the scan will
 * use, but no more than there are cores. */
static unsigned load_flags(const cli *c)
{
    int cores = default_jobs();
    int threads = c->jobs > 0 && c->jobs < cores ? c->jobs : cores;
    return env_flags() | FP_RULES_THREADS(threads);
}

/* FINEPRINT_JIT_AFTER=BYTES: how many subject bytes a pattern runs on in
 * PCRE2's interpreter before it is JIT-compiled (rules.h; 0: at its first
 * run; "never": not at all). For tests and measurement: the findings are
 * the same for any value. */
static void env_jit_after(fp_rules *rules)
{
    const char *v = getenv("FINEPRINT_JIT_AFTER");
    if (!v || !*v)
        return;
    char *end = NULL;
    unsigned long long n = strcmp(v, "never") ? strtoull(v, &end, 10) : SIZE_MAX;
    if (end && *end)
        return;
    fp_rules_set_jit_after(rules, n > SIZE_MAX ? SIZE_MAX : (size_t)n);
}

fp_rules *load_rules(const cli *c)
{
    char err[1024] = "";
    fp_rules *rules = NULL;
    unsigned flags = load_flags(c);
    /* The built-in rules' examples are checked by the build's tests (make
     * rules-test, the unit tests), against the same PCRE2; run at every
     * start they would be a third of it, patterns being interpreted until
     * they earn JIT compilation (rules.h). Rule files are checked. */
    fp_status st = c->rules_path
                       ? fp_rules_load_path(c->rules_path, flags, &rules, err, sizeof err)
                       : fp_rules_load_builtin(flags | FP_RULES_SKIP_EXAMPLES, &rules,
                                               err, sizeof err);
    if (st) {
        fprintf(stderr, "fineprint: cannot load rules: %s\n",
                err[0] ? err : fp_strerror(st));
        return NULL;
    }
    env_jit_after(rules);
    if (!c->quiet)
        for (size_t i = 0; i < fp_rules_warning_count(rules); i++)
            fprintf(stderr, "fineprint: warning: %s\n", fp_rules_warning(rules, i));
    return rules;
}

static void print_failure(void *ctx, const fp_rule *r, int should_match,
                          const char *example, unsigned line)
{
    (void)ctx;
    printf("FAIL %s:%u: rule %s: should %s: %s\n", fp_rule_file(r), line,
           fp_rule_id(r), should_match ? "match" : "not match", example);
}

static int cmd_rules(cli *c)
{
    fp_rules *rules = NULL;
    char err[1024] = "";
    /* --test reports every failing example, so it loads without the check,
     * and adds the rule author's lint */
    unsigned flags = (c->test ? FP_RULES_SKIP_EXAMPLES | FP_RULES_LINT : 0) | load_flags(c);
    fp_status st = c->rules_path
                       ? fp_rules_load_path(c->rules_path, flags, &rules, err, sizeof err)
                       : fp_rules_load_builtin(flags, &rules, err, sizeof err);
    if (st) {
        fprintf(stderr, "fineprint: cannot load rules: %s\n", err[0] ? err : fp_strerror(st));
        return EXIT_ERROR;
    }
    env_jit_after(rules);
    int rc = EXIT_CLEAN;
    if (c->profile) {
        rc = profile_rules(c, rules);
    } else if (c->export_pcre) {
        if (fp_rules_export_pcre(rules, write_stdout, NULL))
            rc = EXIT_ERROR;
    } else if (c->test) {
        for (size_t i = 0; i < fp_rules_warning_count(rules); i++)
            printf("WARN %s\n", fp_rules_warning(rules, i));
        long failures = fp_rules_test(rules, print_failure, NULL);
        size_t examples = 0;
        for (size_t i = 0; i < fp_rules_count(rules); i++)
            examples += fp_rule_example_count(fp_rules_get(rules, i), 1) +
                        fp_rule_example_count(fp_rules_get(rules, i), 0);
        printf("%zu rules, %zu examples: %ld failed\n", fp_rules_count(rules),
               examples, failures);
        rc = failures ? EXIT_FINDINGS : EXIT_CLEAN;
    } else {
        for (size_t i = 0; i < fp_rules_count(rules); i++) {
            const fp_rule *r = fp_rules_get(rules, i);
            printf("%-40s %-13s %-7s %s\n", fp_rule_id(r), fp_rule_category(r),
                   fp_severity_name(fp_rule_severity(r)), fp_rule_title(r));
        }
    }
    fp_rules_free(rules);
    return rc;
}

static int cmd_explain(cli *c)
{
    if (c->nfiles != 1)
        return bad_usage("%s", "explain takes one rule id");
    fp_rules *rules = load_rules(c);
    if (!rules)
        return EXIT_ERROR;
    const fp_rule *r = fp_rules_find(rules, c->files[0]);
    int rc = EXIT_CLEAN;
    if (!r) {
        fprintf(stderr, "fineprint: no rule '%s' (see 'fineprint rules')\n", c->files[0]);
        rc = EXIT_ERROR;
    } else {
        printf("%s: %s\n  category: %s\n  severity: %s\n  bears:    %s\n\n  %s\n",
               fp_rule_id(r), fp_rule_title(r), fp_rule_category(r),
               fp_severity_name(fp_rule_severity(r)),
               fp_bearer_name(fp_rule_bearer(r)), fp_rule_explain(r));
        if (fp_rule_law(r)[0])
            printf("\n  Law: %s\n", fp_rule_law(r));
        for (int m = 1; m >= 0; m--)
            for (size_t i = 0; i < fp_rule_example_count(r, m); i++)
                printf("\n  %s %s", m ? "matches:      " : "does not match:",
                       fp_rule_example(r, m, i));
        printf("\n\n  defined at %s:%u\n", fp_rule_file(r), fp_rule_line(r));
    }
    fp_rules_free(rules);
    return rc;
}

/* Keep freed memory for the next document. By default glibc maps blocks
 * over 128 KiB afresh and gives trimmed heap back to the kernel, so each
 * document pays a page fault for every 4 KiB of its text copies: 10-20% of
 * a scan without rules. The peak RSS is the same either way (bench.sh). */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20); /* glibc's upper bound on 64-bit */
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

/* Have the calling thread's heap hold its first 3 MiB with their pages in
 * place: allocate, populate in one call, free (keep_freed_memory keeps it).
 * A first touch of a page costs a fault each, and on virtual machines a
 * fault is dear: about 14 us on the reference machine, where faults do not
 * even run in parallel (not in separate processes either), while
 * populating costs under 1 us a page. Loading the rules and the first
 * documents of each worker would otherwise fault these pages in one by one
 * (CUAD contracts: 3,130 faults with -j 1, 1,580 with this; about 5,000
 * and 1,900 with -j 2). Each heap reaches that size anyway: the peak RSS
 * is the same (20.4 MB with -j 1). A no-op where MADV_POPULATE_WRITE is
 * unknown, and harmless where it fails. */
void warm_heap(void)
{
#if defined(__GLIBC__) && defined(MADV_POPULATE_WRITE)
    size_t bytes = (size_t)3 << 20, page = 4096;
    char *p = malloc(bytes);
    if (!p)
        return;
    uintptr_t from = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
    uintptr_t to = ((uintptr_t)p + bytes) & ~(uintptr_t)(page - 1);
    madvise((void *)from, to - from, MADV_POPULATE_WRITE); /* may fail: only slower */
    free(p);
#endif
}

int main(int argc, char **argv)
{
    keep_freed_memory();
    warm_heap();
    cli c = {.color = -1, .output = FP_OUT_TEXT, .progress = PROGRESS_AUTO};
    c.opts = fp_options_new();
    c.files = calloc((size_t)argc + 1, sizeof *c.files);
    if (!c.opts || !c.files) {
        fprintf(stderr, "fineprint: out of memory\n");
        return EXIT_ERROR;
    }
    int rc = parse_args(&c, argc, argv);
    if (!rc) {
        if (!strcmp(c.command, "rules"))
            rc = cmd_rules(&c);
        else if (!strcmp(c.command, "explain"))
            rc = cmd_explain(&c);
        else if (!strcmp(c.command, "merge"))
            rc = cmd_merge(&c);
        else
            rc = cmd_scan(&c);
    }
    fp_options_free(c.opts);
    strvec_free(&c.include);
    strvec_free(&c.exclude);
    free(c.files);
    return rc;
}
