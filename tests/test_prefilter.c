/* test_prefilter.c - the literal prefilter admits exactly the paragraphs
 * that hold a rule's literal, wherever it lies (long paragraphs are scanned
 * as two interleaved halves). */
#include "testutil.h"

#include "prefilter.h"
#include "rules.h"

static const char *rule_text =
    "[t.zebra]\n"
    "category = as_is\nbears = user\nseverity = low\n"
    "require = zebra crossing | quokka\n"
    "pattern = \\b(?:zebra\\s+crossing|quokka)\\b\n"
    "explain = test\nmatch = a zebra crossing here\nmatch = one quokka\nnomatch = a zebra here\n";

typedef struct hits {
    size_t n, start[64], end[64];
} hits;

static void on_hit(void *ctx, size_t rule, size_t start, size_t end)
{
    hits *h = ctx;
    (void)rule;
    if (h->n < 64) {
        h->start[h->n] = start;
        h->end[h->n++] = end;
    }
}

/* Put the literal at every offset of a long text: the prefilter must find
 * it each time with the right span, and nothing else. */
static void test_literal_found_at_every_offset(void **state)
{
    (void)state;
    fp_rules *rules = tu_rules(rule_text);
    const char *lit = "zebra crossing";
    size_t len = strlen(lit), n = 600;
    char text[601];
    for (size_t at = 0; at + len <= n; at += 1) {
        memset(text, 'x', n);
        memcpy(text + at, lit, len);
        hits h = {0};
        fp_prefilter_scan(rules->prefilter, text, n, on_hit, &h);
        assert_true(h.n >= 1); /* twice at most, in the overlap of the halves */
        assert_true(h.n <= 2);
        for (size_t k = 0; k < h.n; k++) {
            assert_int_equal(h.start[k], at);
            assert_int_equal(h.end[k], at + len);
        }
    }
    memset(text, 'x', n);
    hits none = {0};
    fp_prefilter_scan(rules->prefilter, text, n, on_hit, &none);
    assert_int_equal(none.n, 0);
    fp_rules_free(rules);
}

/* Through the scanner: a finding in the middle of a long paragraph. */
static void test_finding_in_the_middle_of_a_long_paragraph(void **state)
{
    (void)state;
    fp_rules *rules = tu_rules(rule_text);
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(rules, NULL, &sc), FP_OK);
    char text[2048] = "";
    for (int i = 0; i < 20; i++)
        strcat(text, "Words go on and on here, ");
    strcat(text, "past the quokka ");
    for (int i = 0; i < 20; i++)
        strcat(text, "and more words follow it, ");
    strcat(text, "end.\n");
    fp_result *res = tu_scan(sc, text, FP_FORMAT_TEXT);
    assert_int_equal(fp_result_finding_count(res), 1);
    assert_string_equal(fp_finding_match(fp_result_finding(res, 0)), "quokka");
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_rules_free(rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal_found_at_every_offset),
        cmocka_unit_test(test_finding_in_the_middle_of_a_long_paragraph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
