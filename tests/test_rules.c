/* test_rules.c - the rule loader: format, errors with file:line, examples,
 * prefilter agreement with the patterns. */
#include "testutil.h"

#include "rules.h"

#define GOOD_RULE                                                              \
    "[t.as_is]\n"                                                              \
    "category = as_is\nbears = user\nseverity = high\n"                        \
    "require = as is\n"                                                        \
    "pattern = \\bprovided\\s+\"?as\\s+is\n"                                   \
    "explain = You take it\n  with its faults.\n"                              \
    "law = UCC 2-316\n"                                                        \
    "match = It is provided \"as is\".\n"                                      \
    "nomatch = It is provided with care.\n"

static fp_status load(const char *text, char *err, size_t errlen)
{
    fp_rules *r = NULL;
    fp_status st = fp_rules_load_buffer("x.rules", text, strlen(text), 0, &r, err, errlen);
    fp_rules_free(r);
    return st;
}

static void test_good_rule_loads_with_fields(void **state)
{
    (void)state;
    fp_rules *r = tu_rules(GOOD_RULE);
    assert_int_equal(fp_rules_count(r), 1);
    const fp_rule *rule = fp_rules_find(r, "t.as_is");
    assert_non_null(rule);
    assert_string_equal(fp_rule_category(rule), "as_is");
    assert_string_equal(fp_rule_explain(rule), "You take it with its faults.");
    assert_int_equal(fp_rule_severity(rule), FP_SEV_HIGH);
    assert_int_equal(fp_rule_bearer(rule), FP_BEARER_USER);
    assert_int_equal(fp_rule_line(rule), 1);
    assert_int_equal(fp_rule_example_count(rule, 1), 1);
    assert_int_equal(fp_rules_test(r, NULL, NULL), 0);
    fp_rules_free(r);
}

static void test_errors_name_file_and_line(void **state)
{
    (void)state;
    char err[512];
    struct { const char *text; fp_status st; const char *msg; } cases[] = {
        {"[a.b]\ncategory = x\nbears = user\nseverity = high\npattern = (open\nexplain = e\nmatch = a\nnomatch = b\n",
         FP_ERR_RULE_PATTERN, "x.rules:1: rule 'a.b': pattern does not compile: missing closing parenthesis at offset 5"},
        {"[a.b]\ncategory = x\nbears = user\nseverity = huge\n", FP_ERR_RULE_SYNTAX, "x.rules:4: unknown severity 'huge'"},
        {"[a.b]\ncolour = red\n", FP_ERR_RULE_SYNTAX, "x.rules:2: unknown key 'colour'"},
        {"key = value\n", FP_ERR_RULE_SYNTAX, "x.rules:1: text before the first [rule.id] header"},
        {"[a.b]\ncategory = x\nbears = user\nseverity = high\npattern = x\nexplain = e\n",
         FP_ERR_RULE_EXAMPLE, "a rule without examples does not load"},
        {"[a.b]\ncategory = x\nbears = user\nseverity = high\npattern = cat\nexplain = e\nmatch = a dog\nnomatch = b\n",
         FP_ERR_RULE_EXAMPLE, "x.rules:7: rule 'a.b': example should match but does not"},
        {"[a.b]\ncategory = x\nbears = user\nseverity = high\npattern = cat\nrequire = dog\nexplain = e\nmatch = a cat\nnomatch = b\n",
         FP_ERR_RULE_EXAMPLE, "should match but does not"}, /* literal disagrees with pattern */
        {GOOD_RULE GOOD_RULE, FP_ERR_RULE_SYNTAX, "rule 't.as_is' is defined twice"},
        {"[a.b]\ncategory = x\nbears = whoever\n", FP_ERR_RULE_SYNTAX, "x.rules:3: bad bears 'whoever'"},
        {"", FP_ERR_RULE_SYNTAX, "no rules were found"},
        {GOOD_RULE "unless = t.nothing\n", FP_ERR_RULE_SYNTAX, "'unless' names an unknown rule 't.nothing'"},
        {NULL, FP_OK, NULL}};
    for (int i = 0; cases[i].text; i++) {
        err[0] = '\0';
        assert_int_equal(load(cases[i].text, err, sizeof err), cases[i].st);
        if (!strstr(err, cases[i].msg))
            fail_msg("case %d: \"%s\" lacks \"%s\"", i, err, cases[i].msg);
    }
}

static int append_to_buf(void *ctx, const char *data, size_t len)
{
    return fp_buf_append(ctx, data, len) ? -1 : 0;
}

static void test_export_pcre_is_one_pattern_per_line(void **state)
{
    (void)state;
    fp_rules *r = tu_rules(GOOD_RULE);
    fp_buf out = {0};
    assert_int_equal(fp_rules_export_pcre(r, append_to_buf, &out), FP_OK);
    assert_string_equal(out.data, "(*UTF)(?iJ)\\bprovided\\s+\"?as\\s+is\n");
    fp_buf_free(&out);
    fp_rules_free(r);
}

/* pcre2grep compiles each line with no options of its own: the exported
 * line must carry UTF mode, or a pattern with \x{2019} does not compile. */
static void test_export_pcre_compiles_without_options(void **state)
{
    (void)state;
    fp_rules *r = tu_rules("[t.q]\ncategory = as_is\nbears = user\nseverity = low\n"
                           "require = as is\npattern = as\\x{2019}?\\s+is\n"
                           "explain = e\nmatch = as is\nnomatch = as was\n");
    fp_buf out = {0};
    assert_int_equal(fp_rules_export_pcre(r, append_to_buf, &out), FP_OK);
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)out.data, out.len - 1, 0, &code, &off, NULL);
    assert_non_null(re);
    pcre2_code_free(re);
    fp_buf_free(&out);
    fp_rules_free(r);
}

/* pcre2grep refuses a pattern over 8192 bytes: every exported line of the
 * built-in set fits and compiles alone, and a long rule is split at its
 * top-level '|' only (not inside a group, a class or an escaped bar). */
static void test_export_pcre_lines_fit_pcre2grep(void **state)
{
    (void)state;
    char err[512] = "";
    fp_rules *r = NULL;
    assert_int_equal(fp_rules_load_builtin(0, &r, err, sizeof err), FP_OK);
    fp_buf out = {0};
    assert_int_equal(fp_rules_export_pcre(r, append_to_buf, &out), FP_OK);
    size_t lines = 0;
    for (char *line = out.data, *nl; line && *line; line = nl + 1, lines++) {
        nl = strchr(line, '\n');
        assert_non_null(nl);
        assert_true(nl - line < 8192);
        int code;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)line, (size_t)(nl - line), 0, &code, &off, NULL);
        if (!re)
            fail_msg("exported line %zu does not compile (error %d at %zu)", lines + 1, code, (size_t)off);
        pcre2_code_free(re);
    }
    assert_true(lines >= fp_rules_count(r));
    fp_buf_free(&out);
    fp_rules_free(r);

    /* a long alternation splits between alternatives, never inside one */
    fp_buf rule = {0};
    assert_int_equal(fp_buf_printf(&rule, "[t.long]\ncategory = as_is\nbears = user\nseverity = low\n"
                                          "require = as is\npattern = as is"), FP_OK);
    for (int i = 0; i < 900; i++)
        assert_int_equal(fp_buf_printf(&rule, "|(?:w%d[|\\]]|x\\|y)", i), FP_OK);
    assert_int_equal(fp_buf_printf(&rule, "\nexplain = e\nmatch = as is\nnomatch = as was\n"), FP_OK);
    r = tu_rules(rule.data);
    fp_buf_free(&rule);
    fp_buf exp = {0};
    assert_int_equal(fp_rules_export_pcre(r, append_to_buf, &exp), FP_OK);
    size_t n = 0;
    for (char *line = exp.data, *nl; *line; line = nl + 1, n++) {
        nl = strchr(line, '\n');
        assert_true(nl - line < 8192);
        assert_memory_equal(line, "(*UTF)(?iJ)", 11);
        char *body = line + 11;
        assert_true(body[0] != '|' && nl[-1] != '|');
        assert_true(!strncmp(body, "as is|", 6) || !strncmp(body, "(?:w", 4));
    }
    assert_true(n >= 2);
    fp_buf_free(&exp);
    fp_rules_free(r);
}

static void test_builtin_rules_load_and_examples_hold(void **state)
{
    (void)state;
    char err[512] = "";
    fp_rules *r = NULL;
    fp_status st = fp_rules_load_builtin(0, &r, err, sizeof err);
    if (st)
        fail_msg("built-in rules: %s", err);
    assert_true(fp_rules_count(r) >= 1);
    assert_int_equal(fp_rules_test(r, NULL, NULL), 0);
    for (size_t i = 0; i < fp_rules_count(r); i++) {
        const fp_rule *rule = fp_rules_get(r, i);
        assert_true(fp_rule_explain(rule)[0] != '\0');
        assert_true(fp_rule_example_count(rule, 1) > 0);
        assert_true(fp_rule_example_count(rule, 0) > 0);
    }
    fp_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_rule_loads_with_fields),
        cmocka_unit_test(test_errors_name_file_and_line),
        cmocka_unit_test(test_export_pcre_is_one_pattern_per_line),
        cmocka_unit_test(test_export_pcre_compiles_without_options),
        cmocka_unit_test(test_export_pcre_lines_fit_pcre2grep),
        cmocka_unit_test(test_builtin_rules_load_and_examples_hold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
