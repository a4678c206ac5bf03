/* test_odt.c - OpenDocument text from project-written packages. */
#include "testutil.h"
#include "zipwriter.h"

#define ODT_NS \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\""

static const char list_styles[] =
    "<office:automatic-styles><text:list-style style:name=\"L1\">"
    "<text:list-level-style-number text:level=\"1\" style:num-format=\"1\" style:num-suffix=\".\"/>"
    "<text:list-level-style-number text:level=\"2\" style:num-format=\"1\" text:display-levels=\"2\"/>"
    "<text:list-level-style-number text:level=\"3\" style:num-format=\"a\" style:num-prefix=\"(\" style:num-suffix=\")\"/>"
    "</text:list-style><text:list-style style:name=\"B1\">"
    "<text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"*\"/>"
    "</text:list-style></office:automatic-styles>";

static const char styles_part[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-styles " ODT_NS ">"
    "<office:styles><text:outline-style style:name=\"Outline\">"
    "<text:outline-level-style text:level=\"1\" style:num-format=\"1\" style:num-suffix=\".\"/>"
    "<text:outline-level-style text:level=\"2\" style:num-format=\"1\" text:display-levels=\"2\"/>"
    "</text:outline-style></office:styles><office:master-styles>"
    "<style:master-page style:name=\"Standard\"><style:header><text:p>Draft header</text:p></style:header>"
    "<style:footer><text:p>Page footer</text:p></style:footer></style:master-page>"
    "</office:master-styles></office:document-styles>";

static void odt_package(zw *w, const char *text_body, int encrypted)
{
    size_t n = strlen(text_body) + 4096;
    char *content = malloc(n);
    assert_non_null(content);
    snprintf(content, n, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
             "<office:document-content " ODT_NS ">%s<office:body><office:text>%s"
             "</office:text></office:body></office:document-content>",
             list_styles, text_body);
    zw_add(w, "mimetype", "application/vnd.oasis.opendocument.text", 0);
    zw_add(w, "content.xml", content, 8);
    zw_add(w, "styles.xml", styles_part, 8);
    zw_add(w, "META-INF/manifest.xml", encrypted
           ? "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
             "<manifest:file-entry manifest:full-path=\"content.xml\"><manifest:encryption-data/>"
             "</manifest:file-entry></manifest:manifest>"
           : "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>", 8);
    zw_finish(w, 0);
    free(content);
}

static fp_doc *odt_doc(const char *body, const char *name, fp_status expect)
{
    zw w = {0};
    odt_package(&w, body, 0);
    assert_false(w.failed);
    fp_doc *d = tu_doc(name, w.data, w.len, FP_FORMAT_AUTO, expect);
    zw_free(&w);
    return d;
}

static void test_structure_and_numbering(void **state)
{
    (void)state;
    fp_doc *d = odt_doc(
        "<text:h text:outline-level=\"1\">Liability</text:h>"
        "<text:p>Each party<text:s text:c=\"3\"/>is liable<text:tab/>only<text:line-break/>as stated.</text:p>"
        "<text:h text:outline-level=\"2\">Caps</text:h>"
        "<text:list text:style-name=\"L1\">"
        "<text:list-item><text:p>First clause.</text:p>"
        "<text:list><text:list-item><text:p>Sub clause.</text:p>"
        "<text:list><text:list-item><text:p>lettered item</text:p></text:list-item></text:list>"
        "</text:list-item><text:list-item><text:p>Second sub.</text:p></text:list-item></text:list>"
        "</text:list-item><text:list-item><text:p>Second clause.</text:p></text:list-item></text:list>"
        "<text:list text:style-name=\"B1\"><text:list-item><text:p>bullet</text:p></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell><text:p>Cell text</text:p>"
        "</table:table-cell></table:table-row></table:table>",
        "agreement.odt", FP_OK);
    assert_int_equal(d->format, FP_FORMAT_ODT);
    const fp_para *h = tu_para_with(d, "Liability");
    assert_int_equal(h->kind, FP_PARA_HEADING);
    assert_string_equal(h->label, "1");
    assert_string_equal(tu_para_with(d, "Caps")->label, "1.1");
    assert_int_equal(tu_para_with(d, "Caps")->level, 2);
    tu_assert_para_text(d, tu_para_with(d, "Each party"), "Each party is liable only as stated.");
    assert_string_equal(tu_para_with(d, "First clause")->label, "1");
    assert_string_equal(tu_para_with(d, "Sub clause")->label, "1.1");
    assert_string_equal(tu_para_with(d, "lettered")->label, "(a)");
    assert_string_equal(tu_para_with(d, "Second sub")->label, "1.2");
    assert_string_equal(tu_para_with(d, "Second clause")->label, "2");
    assert_int_equal(tu_para_with(d, "bullet")->kind, FP_PARA_LIST_ITEM);
    assert_int_equal(tu_para_with(d, "Cell text")->kind, FP_PARA_TABLE_CELL);
    assert_int_equal(tu_para_with(d, "Draft header")->story, FP_STORY_HEADER);
    assert_int_equal(tu_para_with(d, "Page footer")->story, FP_STORY_FOOTER);
    fp_doc_free(d);
}

static void test_notes_comments_changes(void **state)
{
    (void)state;
    fp_doc *d = odt_doc(
        "<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion>"
        "<text:p>removed wording</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        "<text:p>Fees<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
        "<text:note-body><text:p>Excluding taxes.</text:p></text:note-body></text:note> are due"
        "<office:annotation><dc:creator>Reviewer</dc:creator><text:p>Check this.</text:p></office:annotation>"
        " monthly.<draw:frame><draw:text-box><text:p>Boxed text</text:p></draw:text-box></draw:frame></text:p>"
        "<text:p>Visible<text:hidden-text text:is-hidden=\"true\" text:string-value=\"secret\"/> text.</text:p>",
        "notes.docx" /* content decides, not the name */, FP_OK);
    assert_int_equal(d->format, FP_FORMAT_ODT);
    tu_assert_para_text(d, tu_para_with(d, "Fees"), "Fees are due monthly.");
    assert_int_equal(tu_para_with(d, "Excluding taxes")->story, FP_STORY_FOOTNOTE);
    assert_int_equal(tu_para_with(d, "Check this")->story, FP_STORY_COMMENT);
    assert_int_equal(tu_para_with(d, "Boxed text")->story, FP_STORY_TEXTBOX);
    assert_null(strstr(d->text.data, "removed wording"));
    assert_null(strstr(d->text.data, "Reviewer"));
    assert_null(strstr(d->text.data, "secret"));
    assert_true(tu_warned(d, "deleted text present"));
    fp_doc_free(d);
}

static void test_hostile_odt(void **state)
{
    (void)state;
    zw w = {0};
    odt_package(&w, "<text:p>x</text:p>", 1);
    fp_doc *d = tu_doc("locked.odt", w.data, w.len, FP_FORMAT_AUTO, FP_ERR_ENCRYPTED);
    assert_non_null(strstr(d->errmsg.data, "password"));
    fp_doc_free(d);
    zw_free(&w);

    zw w2 = {0};
    zw_add(&w2, "mimetype", "application/vnd.oasis.opendocument.text", 0);
    zw_add(&w2, "content.xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]>"
           "<office:document-content " ODT_NS "/>", 8);
    zw_finish(&w2, 0);
    d = tu_doc("dtd.odt", w2.data, w2.len, FP_FORMAT_AUTO, FP_ERR_CORRUPT);
    assert_non_null(strstr(d->errmsg.data, "content.xml: DOCTYPE"));
    fp_doc_free(d);
    zw_free(&w2);

    zw w3 = {0};
    zw_add(&w3, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0);
    zw_finish(&w3, 0);
    d = tu_doc("sheet.odt", w3.data, w3.len, FP_FORMAT_AUTO, FP_ERR_UNSUPPORTED);
    fp_doc_free(d);
    zw_free(&w3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure_and_numbering),
        cmocka_unit_test(test_notes_comments_changes),
        cmocka_unit_test(test_hostile_odt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
