/* test_segment.c - sentences, labels and headings. */
#include "testutil.h"

static void expect_sentences(const char *text, const char *const *want)
{
    fp_doc *d = tu_doc_str(text, FP_FORMAT_TEXT);
    size_t i = 0;
    for (; want[i]; i++) {
        if (i >= d->nsent)
            fail_msg("only %zu sentences in \"%s\"", d->nsent, text);
        char *s = tu_span(d, d->sents[i].start, d->sents[i].end);
        assert_string_equal(s, want[i]);
        free(s);
    }
    assert_int_equal(d->nsent, i);
    fp_doc_free(d);
}

static void test_legal_abbreviations_do_not_split(void **state)
{
    (void)state;
    const char *a[] = {"Acme Inc. and Beta Ltd. are parties under U.S. law, e.g. in Sec. 4 of No. 12 (see Smith v. Jones).",
                       "The fee is $10.50 per seat.", NULL};
    expect_sentences("Acme Inc. and Beta Ltd. are parties under U.S. law, e.g. in Sec. 4 of No. 12 "
                     "(see Smith v. Jones). The fee is $10.50 per seat.", a);
    const char *b[] = {"We may end it, i.e. stop the Services.", "You agree.", "Do you?", "Yes!", NULL};
    expect_sentences("We may end it, i.e. stop the Services. You agree. Do you? Yes!", b);
}

static void test_quotes_and_brackets_close_sentences(void **state)
{
    (void)state;
    const char *a[] = {"They are collectively \"Content.\"", "You own it.",
                       "(This is an aside.)", "Next.", NULL};
    expect_sentences("They are collectively \"Content.\" You own it. (This is an aside.) Next.", a);
}

static void test_label_at_start_is_not_a_sentence_end(void **state)
{
    (void)state;
    /* "1." is the label; "Services." ends a sentence only if followed by a capital */
    fp_doc *d = tu_doc_str("1. Services. We provide them.", FP_FORMAT_TEXT);
    assert_string_equal(d->paras[0].label, "1");
    char *s = tu_span(d, d->sents[0].start, d->sents[0].end);
    assert_string_equal(s, "1. Services.");
    free(s);
    assert_int_equal(d->nsent, 2);
    fp_doc_free(d);
}

static void test_parse_label_forms(void **state)
{
    (void)state;
    struct { const char *text, *label; size_t consumed; } cases[] = {
        {"12.3 Limits", "12.3", 5}, {"12. Limits", "12", 4}, {"Section 5. Fees", "Section 5", 11},
        {"ARTICLE IV Term", "ARTICLE IV", 11}, {"(a) first", "(a)", 4}, {"(iv) fourth", "(iv)", 5},
        {"b) second", "(b)", 3}, {"IV. Term", "IV", 4}, {"A. Definitions", "A", 3},
        {"2023 was a year", "", 0}, {"12 months later", "", 0}, {"Plain text", "", 0},
        {NULL, NULL, 0}};
    for (int i = 0; cases[i].text; i++) {
        char label[FP_LABEL_MAX];
        size_t n = fp_parse_label(cases[i].text, strlen(cases[i].text), label);
        assert_string_equal(label, cases[i].label);
        assert_int_equal(n, cases[i].consumed);
    }
}

static void test_headings_are_told_from_shouting_sentences(void **state)
{
    (void)state;
    fp_doc *d = tu_doc_str("DISCLAIMER OF WARRANTIES\n\n"
                           "THE SERVICES ARE PROVIDED AS IS.\n\n"
                           "7. INDEMNIFICATION.\n\n"
                           "Governing Law\n\n"
                           "You agree to these terms\n",
                           FP_FORMAT_TEXT);
    assert_int_equal(d->npara, 5);
    assert_int_equal(d->paras[0].kind, FP_PARA_HEADING);
    assert_int_equal(d->paras[1].kind, FP_PARA_BODY);
    assert_int_equal(d->paras[2].kind, FP_PARA_HEADING);
    assert_string_equal(d->paras[2].label, "7");
    assert_int_equal(d->paras[3].kind, FP_PARA_HEADING);
    assert_int_equal(d->paras[4].kind, FP_PARA_BODY);
    fp_doc_free(d);

    /* a clause in capitals that lost its full stop is still a clause; an
     * FAQ-style heading in capitals is still a heading */
    d = tu_doc_str("THE COMPANY PROVIDES THE SERVICES \"AS IS\" AND \"AS AVAILABLE\"\n\n"
                   "YOUR USE OF THE SERVICES SHALL BE AT YOUR SOLE RISK\n\n"
                   "WHO IS RESPONSIBLE FOR YOUR CONTENT\n\n"
                   "WE MAY CHANGE THESE TERMS\n",
                   FP_FORMAT_TEXT);
    assert_int_equal(d->npara, 4);
    assert_int_equal(d->paras[0].kind, FP_PARA_BODY);
    assert_int_equal(d->paras[1].kind, FP_PARA_BODY);
    assert_int_equal(d->paras[2].kind, FP_PARA_HEADING);
    assert_int_equal(d->paras[3].kind, FP_PARA_HEADING);
    fp_doc_free(d);

    /* a line of proper nouns with its verb in lower case is a sentence; a
     * title or a question in title style is a heading */
    d = tu_doc_str("Acme and the Terms are governed by the State of New York Laws\n\n"
                   "Disclaimers and Limitation of Liability\n\n"
                   "Who is Responsible for Your Content\n\n"
                   "Governing Law: State of New York\n\n"
                   "Section 12: Governing Law\n\n"
                   "Exhibit B: Service Levels\n",
                   FP_FORMAT_TEXT);
    assert_int_equal(d->npara, 6);
    assert_int_equal(d->paras[0].kind, FP_PARA_BODY);
    assert_int_equal(d->paras[1].kind, FP_PARA_HEADING);
    assert_int_equal(d->paras[2].kind, FP_PARA_HEADING);
    assert_int_equal(d->paras[3].kind, FP_PARA_BODY); /* a field and its value */
    assert_int_equal(d->paras[4].kind, FP_PARA_HEADING);
    assert_int_equal(d->paras[5].kind, FP_PARA_HEADING);
    fp_doc_free(d);
}

static void test_long_sentences_are_cut_with_a_warning(void **state)
{
    (void)state;
    char *big = malloc(20001);
    for (int i = 0; i < 20000; i++)
        big[i] = (i % 6 == 5) ? ' ' : 'a';
    big[20000] = '\0';
    fp_doc *d = tu_doc_str(big, FP_FORMAT_TEXT);
    assert_true(d->nsent >= 5);
    for (size_t i = 0; i < d->nsent; i++)
        assert_true(d->sents[i].end - d->sents[i].start <= 4096);
    assert_int_equal(d->warnings.count, 1);
    assert_non_null(strstr(d->warnings.items[0], "sentence-bytes"));
    fp_doc_free(d);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legal_abbreviations_do_not_split),
        cmocka_unit_test(test_quotes_and_brackets_close_sentences),
        cmocka_unit_test(test_label_at_start_is_not_a_sentence_end),
        cmocka_unit_test(test_parse_label_forms),
        cmocka_unit_test(test_headings_are_told_from_shouting_sentences),
        cmocka_unit_test(test_long_sentences_are_cut_with_a_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
