/* test_doc.c - normalisation and the offset map back to original bytes. */
#include "testutil.h"

/* Every kind of character the normaliser rewrites, and the text must still
 * map back to the exact original bytes. */
static void test_round_trip_through_normalisation(void **state)
{
    (void)state;
    /* NBSP, curly quotes, en dash, soft hyphen, zero-width space, ideographic
     * space, line separator inside the paragraph */
    const char *src = "We\xC2\xA0provide \xE2\x80\x9C" "as is\xE2\x80\x9D services "
                      "\xE2\x80\x93 with\xC2\xAD" "out warranty\xE2\x80\x8B of any "
                      "kind.\xE3\x80\x80Your\xE2\x80\x99s truly.";
    fp_doc *d = tu_doc_str(src, FP_FORMAT_TEXT);
    const char *want = "We provide \"as is\" services - without warranty of any kind. Your's truly.";
    char *got = tu_span(d, d->paras[0].start, d->paras[0].end);
    assert_string_equal(got, want);
    /* each ASCII word maps back to the same bytes in the source */
    const char *words[] = {"provide", "as is", "services", "warranty", "kind", "truly", NULL};
    for (int i = 0; words[i]; i++) {
        const char *t = strstr(got, words[i]);
        assert_non_null(t);
        size_t off = (size_t)(t - got) + d->paras[0].start;
        size_t s = fp_doc_source_offset(d, off);
        size_t e = fp_doc_source_end(d, off + strlen(words[i]));
        assert_int_equal(e - s, strlen(words[i]));
        assert_memory_equal(src + s, words[i], strlen(words[i]));
    }
    /* a replaced character maps to the start of its original bytes */
    size_t q = (size_t)(strchr(got, '"') - got) + d->paras[0].start;
    assert_memory_equal(src + fp_doc_source_offset(d, q), "\xE2\x80\x9C", 3);
    assert_int_equal(fp_doc_source_end(d, q + 1) - fp_doc_source_offset(d, q), 3);
    free(got);
    fp_doc_free(d);
}

static void test_line_and_column(void **state)
{
    (void)state;
    const char *src = "Title\r\n\r\nFirst line of\r\nthe clause \xE2\x80\x9C" "as is\xE2\x80\x9D.\rLast";
    fp_doc *d = tu_doc_str(src, FP_FORMAT_TEXT);
    const char *t = strstr(d->text.data, "as is");
    assert_non_null(t);
    unsigned line, col;
    fp_doc_line_col(d, (size_t)(t - d->text.data), &line, &col);
    assert_int_equal(line, 4);
    assert_int_equal(col, 13); /* "the clause " is 11 chars, then the quote */
    t = strstr(d->text.data, "Last");
    fp_doc_line_col(d, (size_t)(t - d->text.data), &line, &col);
    assert_int_equal(line, 5); /* a lone CR ends a line too */
    assert_int_equal(col, 1);
    fp_doc_free(d);
}

static void test_whitespace_folds_and_paragraphs_split(void **state)
{
    (void)state;
    fp_doc *d = tu_doc_str("  one   two\t three \n\n\n  four\n", FP_FORMAT_TEXT);
    assert_int_equal(d->npara, 2);
    char *a = tu_span(d, d->paras[0].start, d->paras[0].end);
    char *b = tu_span(d, d->paras[1].start, d->paras[1].end);
    assert_string_equal(a, "one two three");
    assert_string_equal(b, "four");
    free(a);
    free(b);
    fp_doc_free(d);
}

static void test_offmap_runs_stay_compact(void **state)
{
    (void)state;
    fp_offmap m = {0};
    for (size_t i = 0; i < 1000; i++)
        assert_int_equal(fp_offmap_note(&m, i, i + 7, 1), FP_OK);
    assert_int_equal(m.count, 1); /* one linear run */
    assert_int_equal(fp_offmap_lookup(&m, 500), 507);
    fp_offmap_note(&m, 1000, 2000, 0); /* a pinned run */
    assert_int_equal(fp_offmap_lookup(&m, 1003), 2000);
    assert_int_equal(m.count, 2);
    fp_offmap_free(&m);
}

static void test_text_limit_stops_building(void **state)
{
    (void)state;
    fp_doc *d = fp_doc_new("x", 10);
    assert_int_equal(fp_doc_append(d, "0123456789abc", 13, 0), FP_ERR_LIMIT);
    fp_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_through_normalisation),
        cmocka_unit_test(test_line_and_column),
        cmocka_unit_test(test_whitespace_folds_and_paragraphs_split),
        cmocka_unit_test(test_offmap_runs_stay_compact),
        cmocka_unit_test(test_text_limit_stops_building),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
