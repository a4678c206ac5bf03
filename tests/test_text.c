/* test_text.c - text and Markdown ingest: encodings and structure. */
#include "testutil.h"

static char *para_text(const fp_doc *d, size_t i)
{
    return tu_span(d, d->paras[i].start, d->paras[i].end);
}

static int has_warning(const fp_doc *d, const char *needle)
{
    for (size_t i = 0; i < d->warnings.count; i++)
        if (strstr(d->warnings.items[i], needle))
            return 1;
    return 0;
}

static void test_invalid_utf8_is_repaired_and_reported(void **state)
{
    (void)state;
    const char src[] = "caf\xC3\xA9 and \xFF broken \xE2\x80 bytes, na\xC3\xAFve r\xC3\xA9sum\xC3\xA9";
    fp_doc *d = tu_doc("t", src, sizeof src - 1, FP_FORMAT_TEXT, FP_OK);
    char *t = para_text(d, 0);
    assert_non_null(strstr(t, "\xEF\xBF\xBD broken \xEF\xBF\xBD bytes"));
    assert_non_null(strstr(t, "caf\xC3\xA9"));
    assert_true(has_warning(d, "invalid UTF-8"));
    free(t);
    fp_doc_free(d);
}

static void test_windows_1252_fallback(void **state)
{
    (void)state;
    const char src[] = "The Service is provided \x93" "as is\x94 \x96 no warranty. Fee: \x80" "5.";
    fp_doc *d = tu_doc("t", src, sizeof src - 1, FP_FORMAT_TEXT, FP_OK);
    char *t = para_text(d, 0);
    assert_string_equal(t, "The Service is provided \"as is\" - no warranty. Fee: \xE2\x82\xAC" "5.");
    assert_true(has_warning(d, "Windows-1252"));
    /* "as is" maps back to its bytes in the original */
    size_t off = (size_t)(strstr(t, "as is") - t) + d->paras[0].start;
    assert_memory_equal(src + fp_doc_source_offset(d, off), "as is", 5);
    free(t);
    fp_doc_free(d);
}

static void utf16(const char *ascii, int big, int bom, unsigned char *out, size_t *len)
{
    size_t n = 0;
    if (bom) {
        out[n++] = big ? 0xFE : 0xFF;
        out[n++] = big ? 0xFF : 0xFE;
    }
    for (const char *p = ascii; *p; p++) {
        out[n++] = big ? 0 : (unsigned char)*p;
        out[n++] = big ? (unsigned char)*p : 0;
    }
    *len = n;
}

static void test_utf16_both_orders_and_without_bom(void **state)
{
    (void)state;
    const char *text = "Line one.\r\nWe are not liable for anything.\r\n";
    unsigned char buf[256];
    size_t len;
    for (int big = 0; big < 2; big++)
        for (int bom = 0; bom < 2; bom++) {
            utf16(text, big, bom, buf, &len);
            fp_doc *d = tu_doc("t", buf, len, FP_FORMAT_TEXT, FP_OK);
            assert_int_equal(d->npara, 1);
            char *t = para_text(d, 0);
            assert_string_equal(t, "Line one. We are not liable for anything.");
            const char *w = strstr(d->text.data, "liable");
            unsigned line, col;
            fp_doc_line_col(d, (size_t)(w - d->text.data), &line, &col);
            assert_int_equal(line, 2);
            assert_int_equal(col, 12); /* "We are not " is 11 characters */
            /* the source offset lands on the UTF-16 code unit of 'l' */
            size_t src = fp_doc_source_offset(d, (size_t)(w - d->text.data));
            assert_int_equal(src, (size_t)(bom ? 2 : 0) + 2 * (size_t)(strstr(text, "liable") - text));
            assert_int_equal(bom ? 0 : 1, has_warning(d, "no byte-order mark"));
            free(t);
            fp_doc_free(d);
        }
}

static void test_binary_is_refused(void **state)
{
    (void)state;
    const char src[] = "PK\x01\x02 \x00\x00\x00\x01 junk \x00 more \x03\x00\x00";
    fp_doc *d = tu_doc("t", src, sizeof src - 1, FP_FORMAT_TEXT, FP_ERR_BINARY);
    assert_non_null(strstr(d->errmsg.data, "NUL byte at offset"));
    fp_doc_free(d);
}

static void test_markdown_structure_is_not_text(void **state)
{
    (void)state;
    const char *md = "# Terms of Use\n\n"
                     "## 12. Limitation of Liability\n\n"
                     "**Your Content.** You are *responsible* for [your content](https://x.example/a_(b)).\n"
                     "It stays `yours` &amp; only yours.\n\n"
                     "- first item\n"
                     "  continues here\n"
                     "1. numbered item\n\n"
                     "| Plan | Cap |\n|------|-----|\n| Free | $100 |\n\n"
                     "Setext heading\n==============\n\n"
                     "> quoted text\n\n---\n\nsnake_case_name stays.\n";
    fp_doc *d = tu_doc_str(md, FP_FORMAT_MARKDOWN);
    const char *want[] = {"Terms of Use", "12. Limitation of Liability",
                          "Your Content. You are responsible for your content. It stays yours & only yours.",
                          "first item continues here", "numbered item", "Plan", "Cap", "Free", "$100",
                          "Setext heading", "quoted text", "snake_case_name stays.", NULL};
    size_t i = 0;
    for (; want[i]; i++) {
        assert_true(i < d->npara);
        char *t = para_text(d, i);
        assert_string_equal(t, want[i]);
        free(t);
    }
    assert_int_equal(d->npara, i);
    assert_int_equal(d->paras[0].kind, FP_PARA_HEADING);
    assert_int_equal(d->paras[1].kind, FP_PARA_HEADING);
    assert_string_equal(d->paras[1].label, "12");
    assert_int_equal(d->paras[3].kind, FP_PARA_LIST_ITEM);
    assert_int_equal(d->paras[5].kind, FP_PARA_TABLE_CELL);
    assert_int_equal(d->paras[9].kind, FP_PARA_HEADING);
    /* the paragraph under "12." carries the section */
    assert_string_equal(d->paras[2].section, "12");
    fp_doc_free(d);
}

static void test_plain_text_paragraphs_and_titles(void **state)
{
    (void)state;
    const char *txt = "LIMITATION OF LIABILITY\n"
                      "In no event will we be liable for lost profits, whether\n"
                      "in contract or tort.\n"
                      "12.3 Our total liability is capped.\n"
                      "(a) This cap does not apply to fraud.\n";
    fp_doc *d = tu_doc_str(txt, FP_FORMAT_TEXT);
    assert_int_equal(d->npara, 4);
    assert_int_equal(d->paras[0].kind, FP_PARA_HEADING);
    char *t = para_text(d, 1);
    assert_string_equal(t, "In no event will we be liable for lost profits, whether in contract or tort.");
    free(t);
    assert_string_equal(d->paras[2].section, "12.3");
    assert_string_equal(d->paras[3].section, "12.3(a)");
    assert_int_equal(d->paras[1].heading, 0);
    fp_doc_free(d);

    /* a disclaimer in capitals wrapped at 72 columns is one paragraph, not
     * a run of titles; the title above it is still one */
    txt = "DISCLAIMER\n"
          "THE SOFTWARE IS PROVIDED BY THE AUTHORS \"AS IS\" AND ANY EXPRESS\n"
          "OR IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A\n"
          "PARTICULAR PURPOSE ARE DISCLAIMED.\n";
    d = tu_doc_str(txt, FP_FORMAT_TEXT);
    assert_int_equal(d->npara, 2);
    assert_int_equal(d->paras[0].kind, FP_PARA_HEADING);
    assert_int_equal(d->paras[1].kind, FP_PARA_BODY);
    fp_doc_free(d);
}

static void test_format_detection(void **state)
{
    (void)state;
    const unsigned char html[] = "\xEF\xBB\xBF  <!DOCTYPE html><html><body>x</body></html>";
    const unsigned char md[] = "# Title\n\ntext\n\n## More\n";
    const unsigned char zip[] = "PK\x03\x04rest";
    const unsigned char txt[] = "Plain contract text.\n";
    assert_int_equal(fp_detect_format(html, sizeof html - 1, "a.txt"), FP_FORMAT_HTML);
    assert_int_equal(fp_detect_format(md, sizeof md - 1, "a.txt"), FP_FORMAT_MARKDOWN);
    assert_int_equal(fp_detect_format(zip, sizeof zip - 1, "a.bin"), FP_FORMAT_DOCX);
    assert_int_equal(fp_detect_format(txt, sizeof txt - 1, "a.md"), FP_FORMAT_MARKDOWN);
    assert_int_equal(fp_detect_format(txt, sizeof txt - 1, "a.txt"), FP_FORMAT_TEXT);
}

static void test_legacy_formats_are_named(void **state)
{
    (void)state;
    const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of a .doc";
    fp_doc *d = tu_doc("t", ole, sizeof ole - 1, FP_FORMAT_AUTO, FP_ERR_UNSUPPORTED);
    assert_non_null(strstr(d->errmsg.data, "legacy Word .doc"));
    fp_doc_free(d);
    d = tu_doc("t", "%PDF-1.7 stuff", 14, FP_FORMAT_AUTO, FP_ERR_UNSUPPORTED);
    assert_non_null(strstr(d->errmsg.data, "PDF"));
    fp_doc_free(d);
}

/* A line of quote markers only is a blank line inside the quote: it ends
 * the quoted paragraph, also as the very last bytes (found by fuzz_text,
 * which read past the buffer there). */
static void test_markdown_empty_quote_line(void **state)
{
    (void)state;
    static const char md[] = "# T\n\n> We may change.\n>\n> You agree.\n> ";
    fp_doc *d = tu_doc("q.md", md, sizeof md - 1, FP_FORMAT_MARKDOWN, FP_OK);
    tu_assert_para_text(d, tu_para_with(d, "We may"), "We may change.");
    tu_assert_para_text(d, tu_para_with(d, "You agree"), "You agree.");
    fp_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_utf8_is_repaired_and_reported),
        cmocka_unit_test(test_windows_1252_fallback),
        cmocka_unit_test(test_utf16_both_orders_and_without_bom),
        cmocka_unit_test(test_binary_is_refused),
        cmocka_unit_test(test_markdown_structure_is_not_text),
        cmocka_unit_test(test_plain_text_paragraphs_and_titles),
        cmocka_unit_test(test_format_detection),
        cmocka_unit_test(test_legacy_formats_are_named),
        cmocka_unit_test(test_markdown_empty_quote_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
