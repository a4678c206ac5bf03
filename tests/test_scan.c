/* test_scan.c - the scanner: bearers, attributes, vetoes, scopes, limits. */
#include "testutil.h"

static const char *RULES =
    "[t.cap]\n"
    "category = liability\nbears = counterparty or unknown\nseverity = high\n"
    "require = liability\n"
    "pattern = \\b(?<party>our|your|[A-Z][a-z]+'s|its)\\s+(?:total\\s+|aggregate\\s+)?liability\\b"
    "[^.;]{0,60}?\\bnot\\s+exceed\\s+(?<cap>[^.;]{1,60})\n"
    "exclude = \\bdoes\\s+not\\s+apply\n"
    "explain = A cap.\n"
    "match = Our total liability will not exceed $100.\n"
    "nomatch = Our liability is unlimited.\n"
    "\n"
    "[t.indemnify]\n"
    "category = indemnity\nbears = subject or unknown\nseverity = high\n"
    "indemnitor = subject\nindemnitee = counterparty\n"
    "require = indemnify\n"
    "pattern = \\b(?<party>you|we|each\\s+party|customer|provider)\\b[^.;]{0,30}\\bindemnify\n"
    "explain = An indemnity.\n"
    "match = You will indemnify us.\n"
    "nomatch = Indemnification is described elsewhere.\n"
    "\n"
    "[t.para]\n"
    "category = user_content\nbears = user\nseverity = low\nscope = paragraph\n"
    "require = prompts\n"
    "pattern = \\bprompts\\b[^\\n]{0,200}\\bresponsible\\b\n"
    "explain = Across sentences.\n"
    "match = You write prompts. You are responsible.\n"
    "nomatch = You write prompts.\n";

static fp_scanner *scanner_for(fp_rules *r, fp_options *o)
{
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(r, o, &sc), FP_OK);
    return sc;
}

static void test_bearer_follows_the_subject(void **state)
{
    (void)state;
    fp_rules *r = tu_rules(RULES);
    fp_scanner *sc = scanner_for(r, NULL);
    fp_result *res = tu_scan(sc,
        "Acme Corp. (\"Provider\") and you (the \"Customer\") agree.\n\n"
        "Our total liability will not exceed $100.\n\n"
        "Customer's aggregate liability shall not exceed the fees paid.\n\n"
        "Its liability shall not exceed ten dollars. This cap does not apply to fraud.\n\n"
        "You will indemnify us. Each party shall indemnify the other. Provider shall indemnify Customer.\n",
        FP_FORMAT_TEXT);
    assert_int_equal(fp_result_status(res), FP_OK);
    assert_int_equal(fp_result_finding_count(res), 6);
    const fp_finding *f = fp_result_finding(res, 0);
    assert_int_equal(fp_finding_bearer(f), FP_BEARER_USER); /* our cap -> user bears */
    assert_int_equal(fp_finding_attr_count(f), 1); /* "party" is not reported */
    assert_string_equal(fp_finding_attr_name(f, 0), "cap");
    assert_string_equal(fp_finding_attr_value(f, 0), "$100");
    assert_int_equal(fp_finding_line(f), 3);
    assert_int_equal(fp_finding_column(f), 1);
    f = fp_result_finding(res, 1);
    assert_int_equal(fp_finding_bearer(f), FP_BEARER_PROVIDER); /* Customer's cap */
    f = fp_result_finding(res, 2); /* "Its": no party known -> fallback unknown */
    assert_int_equal(fp_finding_bearer(f), FP_BEARER_UNKNOWN);
    /* the sentence with "does not apply" was vetoed: no fourth cap */
    f = fp_result_finding(res, 3);
    assert_string_equal(fp_rule_id(fp_finding_rule(f)), "t.indemnify");
    assert_int_equal(fp_finding_indemnitor(f), FP_BEARER_USER);
    assert_int_equal(fp_finding_indemnitee(f), FP_BEARER_PROVIDER);
    f = fp_result_finding(res, 4);
    assert_int_equal(fp_finding_indemnitor(f), FP_BEARER_MUTUAL);
    f = fp_result_finding(res, 5);
    assert_int_equal(fp_finding_indemnitor(f), FP_BEARER_PROVIDER);
    assert_int_equal(fp_finding_indemnitee(f), FP_BEARER_USER);
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_rules_free(r);
}

static void test_paragraph_scope_spans_sentences(void **state)
{
    (void)state;
    fp_rules *r = tu_rules(RULES);
    fp_scanner *sc = scanner_for(r, NULL);
    fp_result *res = tu_scan(sc, "Intro.\n\nYou write prompts. Then you are responsible for them.\n", FP_FORMAT_TEXT);
    long i = tu_find(res, "t.para");
    assert_true(i >= 0);
    assert_string_equal(fp_finding_sentence(fp_result_finding(res, (size_t)i)), "You write prompts.");
    fp_result_free(res);
    /* not across paragraphs */
    res = tu_scan(sc, "You write prompts.\n\nYou are responsible.\n", FP_FORMAT_TEXT);
    assert_int_equal(tu_find(res, "t.para"), -1);
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_rules_free(r);
}

static void test_headings_are_not_matched(void **state)
{
    (void)state;
    fp_rules *r = tu_rules(RULES);
    fp_scanner *sc = scanner_for(r, NULL);
    fp_result *res = tu_scan(sc, "# You Will Indemnify Us\n\nNothing here.\n", FP_FORMAT_MARKDOWN);
    assert_int_equal(fp_result_finding_count(res), 0);
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_rules_free(r);
}

static void test_matches_per_rule_limit_warns(void **state)
{
    (void)state;
    fp_rules *r = tu_rules(RULES);
    fp_options *o = fp_options_new();
    fp_options_set_limit(o, FP_LIMIT_MATCHES_PER_RULE, 2);
    fp_scanner *sc = scanner_for(r, o);
    fp_result *res = tu_scan(sc, "You will indemnify us. You will indemnify us. You will indemnify us.",
                             FP_FORMAT_TEXT);
    assert_int_equal(fp_result_finding_count(res), 2);
    assert_int_equal(fp_result_warning_count(res), 1);
    assert_non_null(strstr(fp_result_warning(res, 0), "matches-per-rule"));
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_options_free(o);
    fp_rules_free(r);
}

/* A rule written to backtrack catastrophically stops at the match limit
 * with a warning, and the scan finishes. */
static void test_catastrophic_rule_hits_match_limit(void **state)
{
    (void)state;
    fp_rules *r = tu_rules("[t.redos]\ncategory = x\nbears = user\nseverity = low\nrequire = aaaa\n"
                           "pattern = ^(a+)+$\nexplain = bad\nmatch = aaaa\nnomatch = b\n");
    fp_options *o = fp_options_new();
    fp_options_set_limit(o, FP_LIMIT_PCRE2_MATCH, 100000);
    fp_scanner *sc = scanner_for(r, o);
    char text[200];
    memset(text, 'a', 60);
    strcpy(text + 60, "!");
    fp_result *res = tu_scan(sc, text, FP_FORMAT_TEXT);
    assert_int_equal(fp_result_status(res), FP_OK);
    assert_int_equal(fp_result_finding_count(res), 0);
    assert_true(fp_result_warning_count(res) >= 1);
    assert_non_null(strstr(fp_result_warning(res, 0), "t.redos"));
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_options_free(o);
    fp_rules_free(r);
}

static void test_errors_keep_a_result_that_names_the_file(void **state)
{
    (void)state;
    fp_rules *r = tu_rules(RULES);
    fp_scanner *sc = scanner_for(r, NULL);
    fp_result *res = NULL;
    assert_int_equal(fp_scan_memory(sc, "empty.txt", "", 0, FP_FORMAT_AUTO, &res), FP_ERR_EMPTY);
    assert_string_equal(fp_result_error(res), "empty.txt: empty input (0 bytes)");
    fp_result_free(res);
    assert_int_equal(fp_scan_memory(sc, "ws.txt", " \n\t\n", 4, FP_FORMAT_AUTO, &res), FP_ERR_EMPTY);
    assert_non_null(strstr(fp_result_error(res), "no text to scan"));
    fp_result_free(res);
    fp_options *o = fp_options_new();
    fp_options_set_limit(o, FP_LIMIT_INPUT_BYTES, 10);
    fp_scanner *small = scanner_for(r, o);
    assert_int_equal(fp_scan_memory(small, "big.txt", "0123456789ab", 12, FP_FORMAT_AUTO, &res),
                     FP_ERR_TOO_LARGE);
    assert_non_null(strstr(fp_result_error(res), "input-bytes limit"));
    fp_result_free(res);
    fp_scanner_free(small);
    fp_options_free(o);
    fp_scanner_free(sc);
    fp_rules_free(r);
}

static void test_same_input_same_result(void **state)
{
    (void)state;
    fp_rules *r = tu_rules(RULES);
    fp_scanner *sc = scanner_for(r, NULL);
    const char *text = "You will indemnify us. Our liability will not exceed $5.";
    fp_result *a = tu_scan(sc, text, FP_FORMAT_TEXT), *b = tu_scan(sc, text, FP_FORMAT_TEXT);
    assert_int_equal(fp_result_finding_count(a), fp_result_finding_count(b));
    for (size_t i = 0; i < fp_result_finding_count(a); i++)
        assert_int_equal(fp_finding_source_start(fp_result_finding(a, i)),
                         fp_finding_source_start(fp_result_finding(b, i)));
    fp_result_free(a);
    fp_result_free(b);
    fp_scanner_free(sc);
    fp_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bearer_follows_the_subject),
        cmocka_unit_test(test_paragraph_scope_spans_sentences),
        cmocka_unit_test(test_headings_are_not_matched),
        cmocka_unit_test(test_matches_per_rule_limit_warns),
        cmocka_unit_test(test_catastrophic_rule_hits_match_limit),
        cmocka_unit_test(test_errors_keep_a_result_that_names_the_file),
        cmocka_unit_test(test_same_input_same_result),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
