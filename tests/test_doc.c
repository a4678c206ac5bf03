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

/* The memo must give the same answers as counting from the line start,
 * whatever order the offsets come in (forward, backward, across lines). */
static void test_line_column_memo_agrees(void **state)
{
    (void)state;
    char src[4096];
    size_t k = 0;
    for (int i = 0; i < 60; i++)
        k += (size_t)sprintf(src + k, "%s wÃ©rd %d%s", i % 7 ? "" : "cafâ",
                             i, i % 13 == 12 ? "\n" : " ");
    fp_doc *d = tu_doc_str(src, FP_FORMAT_TEXT);
    fp_linecol_memo memo = {0};
    size_t n = d->text.len, off = 0;
    for (int step = 0; step < 500; step++) {
        off = (off * 7919 + 104729) % (n ? n : 1); /* a scattered walk */
        unsigned l1, c1, l2, c2;
        fp_doc_line_col(d, off, &l1, &c1);
        fp_doc_line_col_memo(d, &memo, off, &l2, &c2);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
        fp_doc_line_col_memo(d, &memo, off + 1 < n ? off + 1 : off, &l2, &c2);
        fp_doc_line_col(d, off + 1 < n ? off + 1 : off, &l1, &c1);
        assert_int_equal(c1, c2);
        fp_doc_line_col_memo(d, &memo, off, &l2, &c2); /* one step back */
        fp_doc_line_col(d, off, &l1, &c1);
        assert_int_equal(c1, c2);
    }
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

/* The word-run fast path and the eight-byte case folding: every visible
 * ASCII byte, at every alignment, next to non-ASCII text and DEL. */
static void test_fast_paths_fold_and_map_every_byte(void **state)
{
    (void)state;
    char src[2048];
    size_t n = 0;
    for (int shift = 0; shift < 9; shift++) {
        for (int k = 0; k < shift; k++)
            src[n++] = 'Q';
        for (int c = 0x21; c < 0x7F; c++) {
            src[n++] = (char)c;
            if (c % 7 == 0)
                src[n++] = ' ';
        }
        static const char tail[] = " \xC3\x89T\xC3\xA9  Zz\x7F@[`{ ";
        memcpy(src + n, tail, sizeof tail - 1);
        n += sizeof tail - 1;
    }
    src[n] = '\0';
    fp_doc *d = tu_doc("t", src, n, FP_FORMAT_TEXT, FP_OK);
    for (size_t i = 0; i < d->text.len; i++) {
        unsigned char c = (unsigned char)d->text.data[i];
        unsigned char want = (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
        assert_int_equal((unsigned char)d->folded[i], want);
    }
    assert_null(strchr(d->text.data, 0x7F)); /* DEL is dropped */
    assert_null(strstr(d->text.data, "  ")); /* runs of spaces fold */
    /* every visible ASCII byte of the text maps back to the same byte */
    for (size_t i = 0; i < d->text.len; i++) {
        unsigned char c = (unsigned char)d->text.data[i];
        if (c > 0x20 && c < 0x7F)
            assert_int_equal(src[fp_doc_source_offset(d, i)], (char)c);
    }
    fp_doc_free(d);
}

/* Sentence ends found by the eight-byte scan, at every alignment. */
static void test_sentences_at_every_alignment(void **state)
{
    (void)state;
    for (int pad = 0; pad < 10; pad++) {
        char src[256];
        int n = snprintf(src, sizeof src, "%.*sFirst one. Second one! Third one? Fourth",
                         pad, "aaaaaaaaaa");
        fp_doc *d = tu_doc("t", src, (size_t)n, FP_FORMAT_TEXT, FP_OK);
        assert_int_equal(d->nsent, 4);
        char *last = tu_span(d, d->sents[3].start, d->sents[3].end);
        assert_string_equal(last, "Fourth");
        free(last);
        fp_doc_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_through_normalisation),
        cmocka_unit_test(test_line_and_column),
        cmocka_unit_test(test_whitespace_folds_and_paragraphs_split),
        cmocka_unit_test(test_offmap_runs_stay_compact),
        cmocka_unit_test(test_text_limit_stops_building),
        cmocka_unit_test(test_fast_paths_fold_and_map_every_byte),
        cmocka_unit_test(test_sentences_at_every_alignment),
        cmocka_unit_test(test_line_column_memo_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
