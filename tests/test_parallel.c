/* test_parallel.c - fp_parallel_for runs every task exactly once whatever
 * the number of threads, and a rule set loaded on several threads
 * (FP_RULES_THREADS) is the one loaded on one: the same atoms in the same
 * order, the same conditions, the same non-UTF variants, warnings and
 * errors; and tiered compilation (rules.h) finds the same whether a pattern
 * is interpreted, JIT-compiled, or switches in the middle of a document. */
#include "testutil.h"

#include <pthread.h>

#include "atoms.h"
#include "buf.h"
#include "parallel.h"
#include "rules.h"

static void count_task(void *ctx, size_t i)
{
    unsigned *runs = ctx;
    runs[i]++; /* each task owns its slot */
}

static void test_every_task_runs_once(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 2, 7, 1000};
    static const unsigned threads[] = {0, 1, 2, 3, 8, 255};
    for (size_t a = 0; a < sizeof sizes / sizeof *sizes; a++)
        for (size_t b = 0; b < sizeof threads / sizeof *threads; b++) {
            size_t n = sizes[a];
            unsigned *runs = calloc(n + 1, sizeof *runs);
            assert_non_null(runs);
            unsigned used = fp_parallel_for(n, threads[b], count_task, runs);
            assert_true(used >= 1);
            assert_true(used <= (threads[b] > 1 ? threads[b] : 1));
            assert_true(n == 0 ? used == 1 : used <= n);
            for (size_t i = 0; i < n; i++)
                if (runs[i] != 1)
                    fail_msg("n=%zu threads=%u: task %zu ran %u times", n, threads[b], i, runs[i]);
            assert_int_equal(runs[n], 0);
            free(runs);
        }
}

/* Conditions derived each with its own table and then moved into a shared
 * one name the same atoms with the same ids as conditions derived one after
 * the other with the shared table. */
static void test_moved_atoms_get_the_shared_ids(void **state)
{
    (void)state;
    static const char *const patterns[] = {
        "\\bterminate\\s+(?:your|the)\\s+account\\b",
        "\\b(?:suspend|terminate)\\b.{0,40}\\bwithout\\s+notice\\b",
        "\\bas\\s+is\\b|\\bwith\\s+all\\s+faults\\b",
        NULL};
    fp_atomtab shared = {0}, moved = {0};
    for (size_t i = 0; patterns[i]; i++) {
        fp_cond direct, own;
        fp_atomtab mine = {0};
        assert_int_equal(fp_atoms_derive(patterns[i], &shared, &direct), FP_OK);
        assert_int_equal(fp_atoms_derive(patterns[i], &mine, &own), FP_OK);
        assert_int_equal(fp_cond_move_atoms(&own, &mine, &moved), FP_OK);
        assert_int_equal(own.count, direct.count);
        assert_true(direct.count > 0);
        assert_memory_equal(own.nodes, direct.nodes, direct.count * sizeof *direct.nodes);
        fp_cond_free(&direct);
        fp_cond_free(&own);
        fp_atomtab_free(&mine);
    }
    assert_int_equal(moved.atoms.count, shared.atoms.count);
    for (size_t i = 0; i < shared.atoms.count; i++)
        assert_string_equal(moved.atoms.items[i], shared.atoms.items[i]);
    fp_atomtab_free(&shared);
    fp_atomtab_free(&moved);
}

/* Everything the load derives, as text. */
static char *describe(const fp_rules *rs)
{
    fp_buf b = {0};
    for (size_t i = 0; i < rs->atoms.atoms.count; i++)
        assert_int_equal(fp_buf_printf(&b, "atom %zu %s\n", i, rs->atoms.atoms.items[i]), FP_OK);
    for (size_t i = 0; i < rs->count; i++) {
        const fp_rule *r = &rs->rules[i];
        assert_int_equal(fp_buf_printf(&b, "%s ascii=%d,%d cond=", r->id, r->re_ascii != NULL,
                                       r->exclude_ascii != NULL), FP_OK);
        for (size_t k = 0; k < r->cond.count; k++)
            assert_int_equal(fp_buf_printf(&b, " %u/%u", r->cond.nodes[k].op,
                                           r->cond.nodes[k].arg), FP_OK);
        assert_int_equal(fp_buf_putc(&b, '\n'), FP_OK);
    }
    for (size_t i = 0; i < fp_rules_warning_count(rs); i++)
        assert_int_equal(fp_buf_printf(&b, "warning %s\n", fp_rules_warning(rs, i)), FP_OK);
    assert_int_equal(fp_buf_printf(&b, "jit %d always %zu\n", rs->jit, rs->nalways), FP_OK);
    return fp_buf_steal(&b);
}

static void test_builtin_rules_same_on_any_threads(void **state)
{
    (void)state;
    char err[256];
    for (unsigned atoms = 0; atoms < 2; atoms++) {
        unsigned flags = atoms ? 0 : FP_RULES_NO_ATOMS;
        fp_rules *one = NULL;
        assert_int_equal(fp_rules_load_builtin(flags, &one, err, sizeof err), FP_OK);
        char *want = describe(one);
        assert_true(!atoms || strstr(want, "atom 0 "));
        for (unsigned t = 2; t <= 5; t += 3) {
            fp_rules *many = NULL;
            assert_int_equal(fp_rules_load_builtin(flags | FP_RULES_THREADS(t), &many, err,
                                                   sizeof err), FP_OK);
            char *got = describe(many);
            assert_string_equal(got, want);
            free(got);
            fp_rules_free(many);
        }
        free(want);
        fp_rules_free(one);
    }
}

#define RULE(id, pattern, require, match)                                        \
    "[" id "]\ncategory = as_is\nbears = user\nseverity = low\n" require          \
    "pattern = " pattern "\nexplain = e\nmatch = " match "\nnomatch = nothing here\n"

/* Warnings come in rule order, and of several broken rules the one the
 * serial load reports is reported. */
static void test_errors_and_warnings_same_on_any_threads(void **state)
{
    (void)state;
    static const char *const texts[] = {
        /* no require (a warning each), in order */
        RULE("a.one", "\\bfirst\\b", "", "the first one") RULE("a.two", "\\bsecond\\b", "",
                                                                 "the second one")
            RULE("a.three", "\\bthird\\b", "require = third\n", "the third one"),
        /* a failing example in the second rule, a bad pattern in the fourth */
        RULE("b.one", "\\bfirst\\b", "", "the first one") RULE("b.two", "\\bsecond\\b", "",
                                                                 "a dog")
            RULE("b.three", "\\bthird\\b", "", "the third one") RULE("b.four", "(open", "",
                                                                       "open"),
        /* failing examples in the second and third rules */
        RULE("c.one", "\\bfirst\\b", "", "the first one") RULE("c.two", "\\bsecond\\b", "",
                                                                 "a dog")
            RULE("c.three", "\\bthird\\b", "", "a cat"),
        NULL};
    for (size_t i = 0; texts[i]; i++) {
        char want[512] = "", got[512] = "";
        fp_rules *one = NULL, *many = NULL;
        fp_status st1 = fp_rules_load_buffer("x.rules", texts[i], strlen(texts[i]), 0, &one,
                                             want, sizeof want);
        fp_status st4 = fp_rules_load_buffer("x.rules", texts[i], strlen(texts[i]),
                                             FP_RULES_THREADS(4), &many, got, sizeof got);
        assert_int_equal(st4, st1);
        assert_string_equal(got, want);
        if (!st1) {
            char *a = describe(one), *b = describe(many);
            assert_string_equal(b, a);
            assert_non_null(strstr(a, "warning x.rules:1: rule 'a.one'"));
            free(a);
            free(b);
        } else {
            assert_true(want[0] != '\0');
        }
        fp_rules_free(one);
        fp_rules_free(many);
    }
}

#define ZEBRA RULE("t.zebra", "\\bzebra\\s+crossing\\b", "require = zebra\n", \
                   "a zebra crossing here")

typedef struct scan_job {
    const fp_rules *rules;
    const char *text;
    long found;
} scan_job;

static void *scan_thread(void *arg)
{
    scan_job *j = arg;
    fp_scanner *sc = NULL;
    fp_result *res = NULL;
    j->found = -2;
    if (fp_scanner_new(j->rules, NULL, &sc) == FP_OK &&
        fp_scan_memory(sc, "t", j->text, strlen(j->text), FP_FORMAT_TEXT, &res) == FP_OK)
        j->found = (long)fp_result_finding_count(res);
    fp_result_free(res);
    fp_scanner_free(sc);
    return NULL;
}

static int jit_ready(const fp_rule *r, int k)
{
    return atomic_load(&r->tier[k].jit) != NULL;
}

/* A code runs in the interpreter until it has run on jit_after bytes, then
 * it is JIT-compiled (tiered compilation, rules.h): not at load, not for a
 * short ASCII text; the UTF code is not even compiled for ASCII text;
 * threads that need it at once all find the same. */
static void test_code_jit_compiled_once_earned(void **state)
{
    (void)state;
    fp_rules *rules = tu_rules(ZEBRA);
    fp_rules_set_jit_after(rules, 64);
    const fp_rule *r = fp_rules_find(rules, "t.zebra");
    assert_non_null(r->re_ascii);
    for (int k = 0; k < FP_CODES; k++)
        assert_false(jit_ready(r, k));
    scan_job ascii = {rules, "Mind the zebra crossing.\n", 0};
    scan_thread(&ascii);
    assert_int_equal(ascii.found, 1);
    assert_false(jit_ready(r, FP_CODE_RE_ASCII)); /* 24 bytes run on */
    for (int i = 0; i < 3; i++)
        scan_thread(&ascii);
    assert_int_equal(ascii.found, 1);
    assert_true(jit_ready(r, FP_CODE_RE_ASCII)); /* 96 */
    assert_false(jit_ready(r, FP_CODE_RE));
    assert_null(atomic_load(&r->re)); /* not even compiled: no UTF text yet */
    enum { N = 4 };
    scan_job jobs[N];
    pthread_t t[N];
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < N; i++) {
            jobs[i] = (scan_job){rules, "Caf\xc3\xa9 by the zebra crossing.\n", 0};
            assert_int_equal(pthread_create(&t[i], NULL, scan_thread, &jobs[i]), 0);
        }
        for (int i = 0; i < N; i++) {
            pthread_join(t[i], NULL);
            assert_int_equal(jobs[i].found, 1);
        }
    }
    assert_true(jit_ready(r, FP_CODE_RE));
    const pcre2_code *jit = atomic_load(&r->tier[FP_CODE_RE].jit);
    size_t jit_size = 0;
    assert_int_equal(pcre2_pattern_info(jit, PCRE2_INFO_JITSIZE, &jit_size), 0);
    assert_true(jit_size > 0);
    /* the interpreted code stays as it was, for threads still running it */
    assert_int_equal(pcre2_pattern_info(r->re, PCRE2_INFO_JITSIZE, &jit_size), 0);
    assert_int_equal(jit_size, 0);
    fp_rules_free(rules);
}

/* Every finding of a result, one line each, as the TSV output has them. */
static char *describe_findings(const fp_result *res)
{
    fp_buf b = {0};
    for (size_t i = 0; i < fp_result_finding_count(res); i++) {
        const fp_finding *f = fp_result_finding(res, i);
        fp_buf_printf(&b, "%u:%u %s %d %d %s |", fp_finding_line(f), fp_finding_column(f),
                      fp_rule_id(fp_finding_rule(f)), (int)fp_finding_bearer(f),
                      (int)fp_finding_severity(f), fp_finding_match(f));
        for (size_t a = 0; a < fp_finding_attr_count(f); a++)
            fp_buf_printf(&b, " %s=%s", fp_finding_attr_name(f, a), fp_finding_attr_value(f, a));
        fp_buf_printf(&b, "\n");
    }
    for (size_t i = 0; i < fp_result_warning_count(res); i++)
        fp_buf_printf(&b, "warning %s\n", fp_result_warning(res, i));
    return b.data ? b.data : fp_strdup("");
}

static char *scan_described(const fp_rules *rules, const char *path)
{
    fp_scanner *sc = NULL;
    fp_result *res = NULL;
    assert_int_equal(fp_scanner_new(rules, NULL, &sc), FP_OK);
    assert_int_equal(fp_scan_file(sc, path, FP_FORMAT_AUTO, &res), FP_OK);
    char *d = describe_findings(res);
    fp_result_free(res);
    fp_scanner_free(sc);
    return d;
}

/* The built-in rules find the same, field for field, whether each pattern
 * is interpreted throughout, JIT-compiled at its first run, or switches
 * from one to the other in the middle of a document (a tiny jit_after). */
static void test_tier_switch_keeps_findings(void **state)
{
    (void)state;
    static const char *const docs[] = {"corpora/marketplace-tos.txt",
                                       "corpora/saas-vendor-agreement.md",
                                       "corpora/ai-service-terms.md"};
    static const size_t after[] = {SIZE_MAX, 0, 300};
    char err[512] = "";
    fp_rules *rules[3];
    for (int m = 0; m < 3; m++) {
        assert_int_equal(fp_rules_load_builtin(FP_RULES_SKIP_EXAMPLES, &rules[m], err,
                                               sizeof err), FP_OK);
        fp_rules_set_jit_after(rules[m], after[m]);
    }
    for (size_t d = 0; d < sizeof docs / sizeof *docs; d++) {
        char *want = scan_described(rules[0], docs[d]);
        assert_true(strlen(want) > 100);
        for (int m = 1; m < 3; m++) {
            char *got = scan_described(rules[m], docs[d]);
            assert_string_equal(got, want);
            free(got);
        }
        free(want);
    }
    /* the switch happened: with 300 bytes some codes compiled, some not */
    size_t compiled[3] = {0}, interpreted[3] = {0};
    for (int m = 0; m < 3; m++)
        for (size_t i = 0; i < rules[m]->count; i++)
            for (int k = 0; k < FP_CODES; k++) {
                const fp_rule *r = &rules[m]->rules[i];
                if (jit_ready(r, k))
                    compiled[m]++;
                else if (atomic_load(&r->tier[k].bytes))
                    interpreted[m]++;
            }
    assert_int_equal(compiled[0], 0);
    assert_int_equal(interpreted[1], 0);
    assert_true(compiled[1] > 0);
    assert_true(compiled[2] > 0 && compiled[2] < compiled[1]);
    assert_true(interpreted[2] > 0);
    for (int m = 0; m < 3; m++)
        fp_rules_free(rules[m]);
}

/* PCRE2's limits count differently in the interpreter (depth, heap) than
 * in JIT code: a subject the interpreter gives up on runs again as JIT
 * code, so the finding is the one a JIT-only scan makes. */
static void test_interpreter_limit_falls_back_to_jit(void **state)
{
    (void)state;
    fp_rules *rules = tu_rules("[t.deep]\ncategory = x\nbears = user\nseverity = low\n"
                               "require = deep\npattern = \\bdeep(?:\\s+\\w+){1,40}\\s+end\\b\n"
                               "explain = x\nmatch = deep a b end\nnomatch = deep\n");
    fp_rules_set_jit_after(rules, SIZE_MAX); /* interpreted but for the fallback */
    fp_options *o = fp_options_new();
    fp_options_set_limit(o, FP_LIMIT_PCRE2_DEPTH, 5);
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(rules, o, &sc), FP_OK);
    const fp_rule *r = fp_rules_find(rules, "t.deep");
    fp_result *res = tu_scan(sc, "Words go deep one two three four five six seven eight nine end.",
                             FP_FORMAT_TEXT);
    assert_int_equal(fp_result_finding_count(res), 1);
    assert_int_equal(fp_result_warning_count(res), 0);
    assert_true(jit_ready(r, FP_CODE_RE_ASCII));
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_options_free(o);
    fp_rules_free(rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_task_runs_once),
        cmocka_unit_test(test_moved_atoms_get_the_shared_ids),
        cmocka_unit_test(test_builtin_rules_same_on_any_threads),
        cmocka_unit_test(test_errors_and_warnings_same_on_any_threads),
        cmocka_unit_test(test_code_jit_compiled_once_earned),
        cmocka_unit_test(test_tier_switch_keeps_findings),
        cmocka_unit_test(test_interpreter_limit_falls_back_to_jit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
