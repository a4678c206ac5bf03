/* test_language.c - the English test that decides whether a document is
 * graded: script of the letters, share of English function words. */
#include "language.h"
#include "testutil.h"

/* Text repeated until it holds at least `words` words. */
static char *repeat_to(const char *text, size_t words)
{
    size_t per = 0, n = strlen(text);
    for (size_t i = 0; i < n; i++)
        per += (i == 0 || text[i - 1] == ' ') && text[i] != ' ';
    size_t times = words / per + 1;
    char *out = malloc(times * (n + 1) + 1);
    assert_non_null(out);
    out[0] = '\0';
    for (size_t k = 0; k < times; k++)
        strcat(strcat(out, text), " ");
    return out;
}

static const char *survey(const char *text, fp_format fmt)
{
    fp_doc *d = tu_doc_str(text, fmt);
    fp_language l;
    fp_language_survey_doc(d, &l);
    fp_doc_free(d);
    return fp_language_not_english(&l);
}

static const char *ENGLISH =
    "You are responsible for the content you submit to the service, and we may "
    "remove it if it breaks these terms. Our liability to you is limited to the "
    "fees you paid in the twelve months before the claim.";

static const char *FRENCH =
    "Le prestataire peut modifier les présentes conditions générales sans préavis. "
    "Vous restez seul responsable des contenus que vous publiez sur la plateforme, "
    "et nous pouvons les retirer lorsque ceux-ci enfreignent la loi.";

static const char *GERMAN =
    "Der Anbieter haftet nicht für Schäden, die durch die Nutzung der Dienste "
    "entstehen, soweit gesetzlich zulässig. Sie sind für die von Ihnen "
    "hochgeladenen Inhalte selbst verantwortlich.";

static const char *CHINESE =
    "\xe7\x94\xa8\xe6\x88\xb7\xe5\xba\x94\xe5\xaf\xb9\xe5\x85\xb6\xe4\xb8\x8a"
    "\xe4\xbc\xa0\xe7\x9a\x84\xe5\x86\x85\xe5\xae\xb9\xe8\xb4\x9f\xe8\xb4\xa3"
    "\xe3\x80\x82 Service \xe6\x9c\x8d\xe5\x8a\xa1\xe6\x8c\x89\xe7\x8e\xb0"
    "\xe7\x8a\xb6\xe6\x8f\x90\xe4\xbe\x9b\xe3\x80\x82";

static void test_english_prose_is_english(void **state)
{
    (void)state;
    char *t = repeat_to(ENGLISH, 400);
    assert_null(survey(t, FP_FORMAT_TEXT));
    free(t);
}

static void test_other_latin_languages_are_not(void **state)
{
    (void)state;
    char *fr = repeat_to(FRENCH, 400), *de = repeat_to(GERMAN, 400);
    const char *why = survey(fr, FP_FORMAT_TEXT);
    assert_non_null(why);
    assert_non_null(strstr(why, "function words"));
    assert_non_null(survey(de, FP_FORMAT_TEXT));
    free(fr);
    free(de);
}

static void test_non_latin_script_is_not_english(void **state)
{
    (void)state;
    const char *why = survey(CHINESE, FP_FORMAT_TEXT);
    assert_non_null(why);
    assert_non_null(strstr(why, "Latin script"));
}

static void test_short_text_gets_the_benefit_of_the_doubt(void **state)
{
    (void)state; /* under FP_LANGUAGE_MIN_WORDS the word test says nothing */
    assert_null(survey(FRENCH, FP_FORMAT_TEXT));
}

static void test_table_cells_do_not_count(void **state)
{
    (void)state; /* a cookie table of names is not prose */
    char *md = malloc(64 * 1024);
    assert_non_null(md);
    strcpy(md, "# Cookies\n\n");
    strcat(md, ENGLISH);
    strcat(md, "\n\n| Name | Provider | Purpose |\n| --- | --- | --- |\n");
    for (int i = 0; i < 150; i++)
        strcat(md, "| _ga_XYZ | Analytics Vendor Corp | Session Tracking Pixel |\n");
    assert_null(survey(md, FP_FORMAT_MARKDOWN));
    free(md);
}

static void test_scanner_leaves_a_foreign_document_ungraded(void **state)
{
    (void)state;
    fp_rules *r = NULL;
    char err[256];
    assert_int_equal(fp_rules_load_builtin(0, &r, err, sizeof err), FP_OK);
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(r, NULL, &sc), FP_OK);
    char *fr = repeat_to(FRENCH, 400), *en = repeat_to(ENGLISH, 400);
    fp_result *res = tu_scan(sc, fr, FP_FORMAT_TEXT);
    assert_int_equal(fp_result_status(res), FP_OK);
    assert_null(fp_result_score(res));
    int said = 0;
    for (size_t i = 0; i < fp_result_warning_count(res); i++)
        said |= strstr(fp_result_warning(res, i), "not graded") != NULL;
    assert_true(said);
    fp_result_free(res);
    res = tu_scan(sc, en, FP_FORMAT_TEXT);
    assert_non_null(fp_result_score(res));
    fp_result_free(res);
    free(fr);
    free(en);
    fp_scanner_free(sc);
    fp_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_prose_is_english),
        cmocka_unit_test(test_other_latin_languages_are_not),
        cmocka_unit_test(test_non_latin_script_is_not_english),
        cmocka_unit_test(test_short_text_gets_the_benefit_of_the_doubt),
        cmocka_unit_test(test_table_cells_do_not_count),
        cmocka_unit_test(test_scanner_leaves_a_foreign_document_ungraded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
