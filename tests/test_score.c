/* test_score.c - ordering properties of the clarity model, on texts the
 * project wrote. The rule set is written here too, so that the properties
 * hold whatever the shipped rules grow into. */
#include "testutil.h"

#include <math.h>

#include "score.h"

static const char *test_rules =
    "[t.as_is]\n"
    "title = As is\n"
    "category = as_is\n"
    "bears = user\n"
    "severity = high\n"
    "pattern = \\bas[\\s-]+is\\b\n"
    "explain = You take the service with its faults. Defects are your cost.\n"
    "tags = core\n"
    "match = The service is provided as is.\n"
    "nomatch = The service works.\n"
    "\n"
    "[t.liability]\n"
    "title = Liability limited\n"
    "category = liability\n"
    "bears = counterparty\n"
    "severity = high\n"
    "pattern = \\b(?:liable|liability)\\b(?![^.]*\\b(?:death|personal\\s+injury)\\b)\n"
    "explain = The provider pays little or nothing when things go wrong. You carry the loss.\n"
    "tags = core\n"
    "match = We are not liable for lost data.\n"
    "nomatch = Nothing limits our liability for death.\n"
    "\n"
    "[t.carve_out]\n"
    "title = Liability kept for injury\n"
    "category = liability\n"
    "bears = provider\n"
    "severity = fair\n"
    "pattern = \\b(?:death|personal\\s+injury)\\b\n"
    "explain = The provider stays liable for death and personal injury.\n"
    "tags = carve_out, fair\n"
    "match = Nothing limits our liability for death or personal injury.\n"
    "nomatch = We are not liable for lost data.\n";

/* Five plain sentences that every document below shares, so that only the
 * clause under test differs. */
#define FILLER                                                                   \
    "You can use the app to write and edit text. You must be at least 18. "     \
    "You can close your account at any time from the settings page. We will "   \
    "tell you by email before we change these terms. You can ask us a question " \
    "by email and we will answer within a week. We keep your files for thirty " \
    "days after you leave. Then we delete them for good. Our address is on the " \
    "contact page. Please read these terms with care.\n\n"

typedef struct fixture {
    fp_rules *rules;
    fp_scanner *sc;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    fx->rules = tu_rules(test_rules);
    assert_int_equal(fp_scanner_new(fx->rules, NULL, &fx->sc), FP_OK);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    fp_scanner_free(fx->sc);
    fp_rules_free(fx->rules);
    free(fx);
    return 0;
}

static fp_result *scan(void **state, const char *text)
{
    fixture *fx = *state;
    fp_result *res = tu_scan(fx->sc, text, FP_FORMAT_TEXT);
    assert_int_equal(fp_result_status(res), FP_OK);
    assert_non_null(fp_result_score(res));
    return res;
}

static double sub(const fp_result *res, fp_subscore k)
{
    return fp_score_sub(fp_result_score(res), k);
}

/* Index of the first item whose reason contains `needle`, or -1. */
static long find_item(const fp_result *res, fp_subscore k, const char *needle)
{
    const fp_score *s = fp_result_score(res);
    for (size_t i = 0; i < fp_score_item_count(s); i++)
        if (fp_score_item_sub(s, i) == k && strstr(fp_score_item_reason(s, i), needle))
            return (long)i;
    return -1;
}

/* The sub-scores are the sum of their items, so the grade can be redone
 * by hand. */
static void assert_items_add_up(const fp_result *res)
{
    const fp_score *s = fp_result_score(res);
    double sum[FP_SUB__COUNT] = {0};
    for (size_t i = 0; i < fp_score_item_count(s); i++)
        sum[fp_score_item_sub(s, i)] += fp_score_item_points(s, i);
    for (int k = 0; k < FP_SUB__COUNT; k++) {
        double base = k == FP_SUB_BURDEN ? 0 : 100;
        double v = base + sum[k];
        v = v < 0 ? 0 : v > 100 ? 100 : v;
        assert_true(fabs(v - fp_score_sub(s, (fp_subscore)k)) < 0.051);
    }
    double clarity = 0.35 * fp_score_sub(s, FP_SUB_READABILITY) +
                     0.45 * fp_score_sub(s, FP_SUB_ALLOCATION) +
                     0.20 * fp_score_sub(s, FP_SUB_PRESENTATION);
    assert_true(fabs(clarity - fp_score_value(s)) < 0.051);
    assert_int_equal(fp_score_grade(s), fp_grade_for(fp_score_value(s)));
}

static void test_plain_rewrite_is_clearer(void **state)
{
    fp_result *legal = scan(state, FILLER
        "TO THE MAXIMUM EXTENT PERMITTED BY APPLICABLE LAW, AND SUBJECT TO THE "
        "POLICIES AS SET FORTH IN SECTION 14, IN NO EVENT SHALL ANY LIABILITY "
        "WHATSOEVER BE ASSUMED FOR ANY INDIRECT, INCIDENTAL, CONSEQUENTIAL, "
        "SPECIAL OR EXEMPLARY DAMAGES, INCLUDING WITHOUT LIMITATION DAMAGES FOR "
        "LOSS OF PROFITS, GOODWILL, USE, DATA OR OTHER INTANGIBLE LOSSES, HOWEVER "
        "ARISING, WHETHER IN CONTRACT, TORT OR OTHERWISE, AND IRRESPECTIVE OF "
        "WHETHER ADVISED OF THE POSSIBILITY THEREOF.\n\n"
        "The application is furnished as is, notwithstanding any representation "
        "to the contrary that may have been made in any communication whatsoever "
        "prior to, contemporaneously with or subsequent to the acceptance of these "
        "terms, and all implied conditions of quality are excluded to the fullest "
        "extent permitted by applicable law.\n");
    fp_result *plain = scan(state, FILLER
        "We are not liable to you for lost profits or lost data. We pay you at "
        "most what you paid us in the last year.\n\n"
        "We give you the app as is. We do not promise that it will always work.\n");
    assert_true(fp_score_value(fp_result_score(plain)) >
                fp_score_value(fp_result_score(legal)) + 10);
    assert_true(sub(plain, FP_SUB_READABILITY) > sub(legal, FP_SUB_READABILITY));
    assert_true(sub(plain, FP_SUB_ALLOCATION) > sub(legal, FP_SUB_ALLOCATION));
    assert_items_add_up(legal);
    assert_items_add_up(plain);
    fp_result_free(legal);
    fp_result_free(plain);
}

static void test_agentless_passive_is_less_clear(void **state)
{
    fp_result *passive = scan(state, FILLER "Liability for lost data is excluded.\n");
    fp_result *named = scan(state, FILLER "We are not liable for lost data.\n");
    assert_true(sub(passive, FP_SUB_ALLOCATION) < sub(named, FP_SUB_ALLOCATION));
    long i = find_item(passive, FP_SUB_ALLOCATION, "agentless passive");
    assert_true(i >= 0);
    /* the item names the clause it is about */
    const fp_score *s = fp_result_score(passive);
    size_t f = fp_score_item_finding(s, (size_t)i);
    assert_true(f < fp_result_finding_count(passive));
    assert_string_equal(fp_rule_category(fp_finding_rule(fp_result_finding(passive, f))),
                        "liability");
    assert_int_equal(find_item(named, FP_SUB_ALLOCATION, "agentless passive"), -1);
    assert_int_equal(find_item(named, FP_SUB_ALLOCATION, "bearer not named"), -1);
    fp_result_free(passive);
    fp_result_free(named);
}

static void test_carve_out_lowers_burden(void **state)
{
    const char *base = FILLER "We give you the app as is. We are not liable for lost data.\n";
    char with[2048];
    snprintf(with, sizeof with, "%sNothing in these terms limits our liability for "
             "death or personal injury caused by our negligence.\n", base);
    fp_result *without_r = scan(state, base);
    fp_result *with_r = scan(state, with);
    assert_true(sub(with_r, FP_SUB_BURDEN) < sub(without_r, FP_SUB_BURDEN));
    assert_true(find_item(without_r, FP_SUB_BURDEN, "no carve-out") >= 0);
    assert_int_equal(find_item(with_r, FP_SUB_BURDEN, "no carve-out"), -1);
    assert_true(find_item(with_r, FP_SUB_BURDEN, "protects the reader") >= 0);
    /* burden is reported beside clarity, not inside it */
    assert_items_add_up(with_r);
    fp_result_free(without_r);
    fp_result_free(with_r);
}

static void test_silence_on_liability_loses_coverage(void **state)
{
    fp_result *silent = scan(state, FILLER "We give you the app as is.\n");
    fp_result *speaks = scan(state, FILLER "We give you the app as is. We are not "
                                           "liable for lost data.\n");
    assert_true(sub(silent, FP_SUB_ALLOCATION) < sub(speaks, FP_SUB_ALLOCATION));
    long i = find_item(silent, FP_SUB_ALLOCATION, "silent on");
    assert_true(i >= 0);
    assert_non_null(strstr(fp_score_item_reason(fp_result_score(silent), (size_t)i),
                           "liability"));
    assert_int_equal(find_item(speaks, FP_SUB_ALLOCATION, "silent on"), -1);
    fp_result_free(silent);
    fp_result_free(speaks);
}

static void test_all_caps_block_is_flagged(void **state)
{
    const char *clause = "We give you the app as is and we make no promise that it "
                         "will be free of errors, safe, or fit for any purpose you have "
                         "in mind.";
    char upper[512], caps_doc[2048], plain_doc[2048];
    size_t n = strlen(clause);
    for (size_t i = 0; i <= n; i++)
        upper[i] = (clause[i] >= 'a' && clause[i] <= 'z') ? (char)(clause[i] - 32) : clause[i];
    snprintf(caps_doc, sizeof caps_doc, FILLER "%s\n", upper);
    snprintf(plain_doc, sizeof plain_doc, FILLER "%s\n", clause);
    fp_result *caps = scan(state, caps_doc);
    fp_result *plain = scan(state, plain_doc);
    long i = find_item(caps, FP_SUB_PRESENTATION, "ALL-CAPS block of 29 words");
    assert_true(i >= 0);
    assert_int_equal(fp_score_item_paragraph(fp_result_score(caps), (size_t)i), 1);
    assert_int_equal(find_item(plain, FP_SUB_PRESENTATION, "ALL-CAPS"), -1);
    assert_true(sub(caps, FP_SUB_PRESENTATION) < sub(plain, FP_SUB_PRESENTATION));
    fp_result_free(caps);
    fp_result_free(plain);
}

static void test_undefined_term_is_flagged(void **state)
{
    const char *use = "You own your Content. We may copy Content to run the app. "
                      "You can delete Content at any time, and deleted content is gone.\n";
    char defined[1024];
    snprintf(defined, sizeof defined, "Text you give us (\"Content\") stays yours. %s", use);
    fp_result *undef = scan(state, use);
    fp_result *def = scan(state, defined);
    assert_true(find_item(undef, FP_SUB_PRESENTATION, "\"Content\" is capitalised") >= 0);
    assert_int_equal(find_item(def, FP_SUB_PRESENTATION, "\"Content\""), -1);
    fp_result_free(undef);
    fp_result_free(def);
}

static void test_scores_are_deterministic(void **state)
{
    const char *doc = FILLER "TO THE MAXIMUM EXTENT PERMITTED BY LAW, THE APP IS "
                      "PROVIDED AS IS AND LIABILITY IS EXCLUDED FOR ANY LOSS OF DATA, "
                      "PROFITS OR GOODWILL.\n\nWe are not liable for lost data.\n";
    fp_result *a = scan(state, doc), *b = scan(state, doc);
    const fp_score *x = fp_result_score(a), *y = fp_result_score(b);
    assert_int_equal(fp_score_grade(x), fp_score_grade(y));
    assert_true(fp_score_value(x) == fp_score_value(y));
    for (int k = 0; k < FP_SUB__COUNT; k++)
        assert_true(fp_score_sub(x, (fp_subscore)k) == fp_score_sub(y, (fp_subscore)k));
    assert_int_equal(fp_score_item_count(x), fp_score_item_count(y));
    for (size_t i = 0; i < fp_score_item_count(x); i++) {
        assert_string_equal(fp_score_item_reason(x, i), fp_score_item_reason(y, i));
        assert_true(fp_score_item_points(x, i) == fp_score_item_points(y, i));
    }
    assert_int_equal(fp_score_note_count(x), fp_score_note_count(y));
    assert_true(fp_score_note_count(x) > 0);
    for (size_t i = 0; i < fp_score_note_count(x); i++)
        assert_string_equal(fp_score_note_plain(x, i), fp_score_note_plain(y, i));
    fp_result_free(a);
    fp_result_free(b);
}

/* A note's plain reading comes from the rule's explanation and bearer, and
 * says what makes the sentence hard. */
static void test_notes_explain_the_hardest_clause(void **state)
{
    fp_result *res = scan(state, FILLER "Liability for lost data is excluded to the "
                                        "maximum extent permitted by law.\n");
    const fp_score *s = fp_result_score(res);
    assert_true(fp_score_note_count(s) >= 1);
    assert_non_null(strstr(fp_score_note_hard(s, 0), "agentless passive"));
    assert_non_null(strstr(fp_score_note_hard(s, 0), "maximum extent"));
    assert_non_null(strstr(fp_score_note_plain(s, 0),
                           "The provider pays little or nothing when things go wrong."));
    assert_null(strstr(fp_score_note_plain(s, 0), "You carry the loss"));
    fp_result_free(res);
}

static void test_grade_mapping(void **state)
{
    (void)state;
    assert_int_equal(fp_grade_for(100), 'A');
    assert_int_equal(fp_grade_for(80), 'A');
    assert_int_equal(fp_grade_for(79.9), 'B');
    assert_int_equal(fp_grade_for(65), 'B');
    assert_int_equal(fp_grade_for(50), 'C');
    assert_int_equal(fp_grade_for(35), 'D');
    assert_int_equal(fp_grade_for(34.9), 'E');
    assert_int_equal(fp_grade_for(0), 'E');
}

static void test_unreadable_document_has_no_score(void **state)
{
    fixture *fx = *state;
    fp_result *res = NULL;
    fp_scan_memory(fx->sc, "bin", "binary\000data\000here", 16, FP_FORMAT_AUTO, &res);
    assert_non_null(res);
    assert_int_not_equal(fp_result_status(res), FP_OK);
    assert_null(fp_result_score(res));
    fp_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_rewrite_is_clearer),
        cmocka_unit_test(test_agentless_passive_is_less_clear),
        cmocka_unit_test(test_carve_out_lowers_burden),
        cmocka_unit_test(test_silence_on_liability_loses_coverage),
        cmocka_unit_test(test_all_caps_block_is_flagged),
        cmocka_unit_test(test_undefined_term_is_flagged),
        cmocka_unit_test(test_scores_are_deterministic),
        cmocka_unit_test(test_notes_explain_the_hardest_clause),
        cmocka_unit_test(test_grade_mapping),
        cmocka_unit_test(test_unreadable_document_has_no_score),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
