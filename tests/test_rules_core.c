/* test_rules_core.c - the built-in core categories (as_is, liability,
 * indemnity, user_content) on clauses written for this test: who bears each
 * and the attributes extracted (cap amount, warranties named, indemnity
 * scope and conditions, training opt-out). */
#include "testutil.h"

static fp_rules *rules;
static fp_scanner *sc;

static int setup(void **state)
{
    (void)state;
    char err[512] = "";
    if (fp_rules_load_builtin(0, &rules, err, sizeof err)) {
        fprintf(stderr, "built-in rules: %s\n", err);
        return -1;
    }
    return fp_scanner_new(rules, NULL, &sc) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    fp_scanner_free(sc);
    fp_rules_free(rules);
    return 0;
}

/* The finding of rule_id in text; fails the test when absent. */
static const fp_finding *finding(fp_result **res, const char *text, const char *rule_id)
{
    *res = tu_scan(sc, text, FP_FORMAT_TEXT);
    long i = tu_find(*res, rule_id);
    if (i < 0)
        fail_msg("%s: no %s finding", text, rule_id);
    return fp_result_finding(*res, (size_t)i);
}

static const char *attr(const fp_finding *f, const char *name)
{
    for (size_t i = 0; i < fp_finding_attr_count(f); i++)
        if (!strcmp(fp_finding_attr_name(f, i), name))
            return fp_finding_attr_value(f, i);
    return NULL;
}

static void test_cap_amount_and_bearer(void **state)
{
    (void)state;
    fp_result *res;
    const fp_finding *f = finding(&res, "Our total liability will not exceed the greater of "
                                        "US$100.00 or the fees you paid in the 12 months "
                                        "before the claim.", "liability.cap");
    assert_string_equal(attr(f, "cap"), "the greater of US$100.00 or the fees you paid in "
                                        "the 12 months before the claim");
    assert_int_equal(fp_finding_bearer(f), FP_BEARER_USER);
    fp_result_free(res);

    f = finding(&res, "Customer's aggregate liability shall not exceed $5,000.", "liability.cap");
    assert_string_equal(attr(f, "cap"), "$5,000");
    assert_int_equal(fp_finding_bearer(f), FP_BEARER_PROVIDER);
    fp_result_free(res);

    f = finding(&res, "Either party's liability is limited to the fees paid under this "
                      "Agreement.", "liability.cap");
    assert_int_equal(fp_finding_bearer(f), FP_BEARER_MUTUAL);
    fp_result_free(res);
}

static void test_carve_out_is_fair(void **state)
{
    (void)state;
    fp_result *res;
    const fp_finding *f = finding(&res, "Nothing in these Terms limits our liability for "
                                        "fraud or for death or personal injury caused by "
                                        "our negligence.", "liability.carve_out");
    assert_int_equal(fp_finding_severity(f), FP_SEV_FAIR);
    assert_int_equal(tu_find(res, "liability.not_liable"), -1);
    assert_int_equal(tu_find(res, "liability.limited"), -1);
    fp_result_free(res);
}

static void test_warranty_scope(void **state)
{
    (void)state;
    fp_result *res;
    const fp_finding *f = finding(&res, "To the extent permitted by law, we disclaim all "
                                        "implied warranties, including fitness for a "
                                        "particular purpose and merchantability.",
                                  "as_is.implied_warranties");
    assert_non_null(attr(f, "merchantability"));
    assert_int_equal(fp_finding_bearer(f), FP_BEARER_USER);
    fp_result_free(res);

    f = finding(&res, "The Licensee disclaims all warranties of title.", "as_is.implied_warranties");
    assert_null(attr(f, "merchantability"));
    assert_int_equal(fp_finding_bearer(f), FP_BEARER_PROVIDER);
    fp_result_free(res);
}

static void test_indemnity_sides_and_conditions(void **state)
{
    (void)state;
    fp_result *res;
    const fp_finding *f = finding(&res, "You will defend and indemnify us against claims "
                                        "arising from your Content or your breach of "
                                        "these Terms.", "indemnity.user_indemnifies");
    assert_int_equal(fp_finding_indemnitor(f), FP_BEARER_USER);
    assert_int_equal(fp_finding_indemnitee(f), FP_BEARER_PROVIDER);
    assert_non_null(attr(f, "scope_content"));
    assert_non_null(attr(f, "scope_breach"));
    assert_null(attr(f, "scope_use"));
    fp_result_free(res);

    f = finding(&res, "We will indemnify you for third-party claims that output from our "
                      "enterprise plans infringes copyright, unless you knowingly "
                      "disabled the safety features.", "indemnity.provider_indemnifies");
    assert_int_equal(fp_finding_indemnitor(f), FP_BEARER_PROVIDER);
    assert_int_equal(fp_finding_indemnitee(f), FP_BEARER_USER);
    assert_int_equal(fp_finding_severity(f), FP_SEV_FAIR);
    assert_non_null(attr(f, "scope_ip"));
    assert_non_null(attr(f, "cond_paid"));
    assert_non_null(attr(f, "cond_knowing"));
    assert_non_null(attr(f, "cond_guardrails"));
    fp_result_free(res);

    f = finding(&res, "Each party shall indemnify the other against claims caused by its "
                      "negligence.", "indemnity.mutual");
    assert_int_equal(fp_finding_indemnitor(f), FP_BEARER_MUTUAL);
    assert_int_equal(tu_find(res, "indemnity.user_indemnifies"), -1);
    fp_result_free(res);
}

static void test_training_opt_out(void **state)
{
    (void)state;
    fp_result *res;
    const fp_finding *f = finding(&res, "We may use your prompts to improve our models. You "
                                        "can opt out in your settings.",
                                  "user_content.training_use");
    assert_non_null(attr(f, "opt_out"));
    fp_result_free(res);

    f = finding(&res, "We may use your prompts to improve our models.",
                "user_content.training_use");
    assert_null(attr(f, "opt_out"));
    fp_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cap_amount_and_bearer),
        cmocka_unit_test(test_carve_out_is_fair),
        cmocka_unit_test(test_warranty_scope),
        cmocka_unit_test(test_indemnity_sides_and_conditions),
        cmocka_unit_test(test_training_opt_out),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
