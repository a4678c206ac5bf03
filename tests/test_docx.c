/* test_docx.c - WordprocessingML extraction from project-written packages. */
#include "testutil.h"
#include "zipwriter.h"

#define P(text) "<w:p><w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r></w:p>"

static fp_doc *docx_doc(const zw_docx *x, fp_status expect)
{
    zw w = {0};
    zw_docx_write(&w, x);
    zw_finish(&w, 0);
    assert_false(w.failed);
    fp_doc *d = tu_doc("t.docx", w.data, w.len, FP_FORMAT_AUTO, expect);
    zw_free(&w);
    return d;
}

static fp_doc *body_doc(const char *body)
{
    zw_docx x = {.body = body, .method = 8};
    return docx_doc(&x, FP_OK);
}
static int text_has(const fp_doc *d, const char *needle)
{
    return strstr(d->text.data, needle) != NULL;
}

static void test_runs_breaks_and_symbols(void **state)
{
    (void)state;
    fp_doc *d = body_doc(
        "<w:p><w:r><w:t>Fees</w:t><w:tab/><w:t>are due</w:t><w:br/>"
        "<w:t>within thirty</w:t></w:r><w:r><w:noBreakHyphen/><w:t>day"
        "</w:t><w:softHyphen/><w:t>s of invoice </w:t><w:sym w:font=\"Symbol\" "
        "w:char=\"F0A7\"/></w:r></w:p>" P("Second paragraph."));
    assert_int_equal(d->format, FP_FORMAT_DOCX);
    assert_int_equal(d->loc, FP_LOC_LOGICAL);
    assert_int_equal(d->npara, 2);
    tu_assert_para_text(d, &d->paras[0], "Fees are due within thirty-days of invoice \xC2\xA7");
    assert_int_equal(d->paras[0].story, FP_STORY_BODY);
    fp_doc_free(d);
}

static void test_tracked_changes_accepted_view(void **state)
{
    (void)state;
    fp_doc *d = body_doc(
        "<w:p><w:r><w:t xml:space=\"preserve\">Liability is capped at </w:t></w:r>"
        "<w:del w:id=\"1\" w:author=\"A\"><w:r><w:delText>one month</w:delText></w:r></w:del>"
        "<w:ins w:id=\"2\" w:author=\"A\"><w:r><w:t>twelve months</w:t></w:r></w:ins>"
        "<w:moveFrom w:id=\"3\"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>"
        "<w:r><w:t xml:space=\"preserve\"> of fees.</w:t></w:r></w:p>");
    tu_assert_para_text(d, &d->paras[0], "Liability is capped at twelve months of fees.");
    assert_false(text_has(d, "one month"));
    assert_false(text_has(d, "moved away"));
    assert_true(tu_warned(d, "deleted text present (tracked changes)"));
    fp_doc_free(d);
}

static void test_fields_keep_results_only(void **state)
{
    (void)state;
    fp_doc *d = body_doc(
        "<w:p><w:r><w:t xml:space=\"preserve\">See </w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
        "<w:r><w:instrText> REF _Ref1 \\h </w:instrText></w:r>"
        /* a field nested in the instructions: all of it is code */
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
        "<w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        "<w:r><w:t>77</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        "<w:r><w:t>Section 9.2</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        "<w:r><w:t xml:space=\"preserve\"> and </w:t></w:r>"
        "<w:fldSimple w:instr=\" DOCPROPERTY Vendor \"><w:r><w:t>Acme Cloud</w:t></w:r></w:fldSimple>"
        "<w:r><w:t>.</w:t></w:r></w:p>");
    tu_assert_para_text(d, &d->paras[0], "See Section 9.2 and Acme Cloud.");
    fp_doc_free(d);
}

static const char numbering_xml[] =
    "<w:abstractNum w:abstractNumId=\"0\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.%2\"/></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%3)\"/></w:lvl>"
    "<w:lvl w:ilvl=\"3\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerRoman\"/><w:lvlText w:val=\"(%4)\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"1\">"
    "<w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\xEF\x82\xB7\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"2\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"Article %1.\"/><w:pStyle w:val=\"Heading1\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/>"
    "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"7\"/></w:lvlOverride></w:num>"
    "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"2\"/></w:num>"
    /* a list whose levels live behind a numbering style */
    "<w:abstractNum w:abstractNumId=\"5\"><w:numStyleLink w:val=\"LegalList\"/></w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"6\"><w:styleLink w:val=\"LegalList\"/>"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperLetter\"/><w:lvlText w:val=\"Schedule %1\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:num w:numId=\"6\"><w:abstractNumId w:val=\"6\"/></w:num>"
    "<w:num w:numId=\"7\"><w:abstractNumId w:val=\"5\"/></w:num>";

static const char styles_xml[] =
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
    "<w:pPr><w:numPr><w:numId w:val=\"4\"/></w:numPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"MyTitle\"><w:name w:val=\"Custom Title\"/>"
    "<w:basedOn w:val=\"Heading2x\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2x\"><w:name w:val=\"heading 2\"/></w:style>"
    "<w:style w:type=\"numbering\" w:styleId=\"LegalList\"><w:name w:val=\"Legal List\"/>"
    "<w:pPr><w:numPr><w:numId w:val=\"6\"/></w:numPr></w:pPr></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"Strong\"><w:name w:val=\"Strong\"/></w:style>";

#define NUMP(num, lvl, text) \
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #num \
    "\"/></w:numPr></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"

static void test_numbering_labels(void **state)
{
    (void)state;
    zw_docx x = {.method = 8, .numbering = numbering_xml, .styles = styles_xml,
                 .body = "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Definitions</w:t></w:r></w:p>"
                         NUMP(1, 0, "Services shall be provided.")
                         NUMP(1, 1, "Provider hosts the platform.")
                         NUMP(1, 2, "first sub item;")
                         NUMP(1, 2, "second sub item;")
                         NUMP(1, 3, "deep item")
                         NUMP(1, 1, "Second sub clause.")
                         NUMP(1, 0, "Fees are due.")
                         NUMP(1, 1, "Fees sub clause restarts.")
                         NUMP(2, 0, "A bullet point")
                         NUMP(3, 0, "Restarted at seven.")
                         NUMP(7, 0, "Linked list item.")
                         "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Liability</w:t></w:r></w:p>"
                         "<w:p><w:pPr><w:pStyle w:val=\"MyTitle\"/></w:pPr><w:r><w:t>Inherited heading</w:t></w:r></w:p>"};
    fp_doc *d = docx_doc(&x, FP_OK);
    const fp_para *h = tu_para_with(d, "Definitions");
    assert_int_equal(h->kind, FP_PARA_HEADING);
    assert_int_equal(h->level, 1);
    assert_string_equal(h->label, "I");
    assert_string_equal(tu_para_with(d, "Services shall")->label, "1");
    assert_string_equal(tu_para_with(d, "Provider hosts")->label, "1.1");
    assert_string_equal(tu_para_with(d, "first sub")->label, "(a)");
    assert_string_equal(tu_para_with(d, "first sub")->section, "1.1(a)");
    assert_string_equal(tu_para_with(d, "second sub")->label, "(b)");
    assert_string_equal(tu_para_with(d, "deep item")->label, "(i)");
    assert_string_equal(tu_para_with(d, "Second sub clause")->label, "1.2");
    assert_string_equal(tu_para_with(d, "Fees are due")->label, "2");
    assert_string_equal(tu_para_with(d, "Fees sub clause")->label, "2.1");
    const fp_para *b = tu_para_with(d, "A bullet point");
    assert_int_equal(b->kind, FP_PARA_LIST_ITEM);
    assert_string_equal(b->label, "");
    assert_string_equal(tu_para_with(d, "Restarted at seven")->label, "7");
    assert_string_equal(tu_para_with(d, "Linked list item")->label, "A");
    assert_string_equal(tu_para_with(d, "Liability")->label, "II");
    const fp_para *inh = tu_para_with(d, "Inherited heading");
    assert_int_equal(inh->kind, FP_PARA_HEADING);
    assert_int_equal(inh->level, 2);
    fp_doc_free(d);
}

static void test_stories(void **state)
{
    (void)state;
    zw_docx x = {.method = 0, .body = P("Body text here."),
                 .footnotes = "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
                              "<w:footnote w:id=\"1\">" P("A footnote disclaims warranties.") "</w:footnote>",
                 .header = P("Confidential header"),
                 .footer = P("Page footer"),
                 .comments = "<w:comment w:id=\"0\" w:author=\"R\">" P("Reviewer comment") "</w:comment>"};
    fp_doc *d = docx_doc(&x, FP_OK);
    assert_int_equal(d->npara, 5);
    assert_int_equal(tu_para_with(d, "Body text")->story, FP_STORY_BODY);
    assert_int_equal(tu_para_with(d, "A footnote")->story, FP_STORY_FOOTNOTE);
    assert_int_equal(tu_para_with(d, "Confidential header")->story, FP_STORY_HEADER);
    assert_int_equal(tu_para_with(d, "Page footer")->story, FP_STORY_FOOTER);
    assert_int_equal(tu_para_with(d, "Reviewer comment")->story, FP_STORY_COMMENT);
    fp_doc_free(d);
}

static void test_tables(void **state)
{
    (void)state;
    fp_doc *d = body_doc("<w:tbl><w:tblPr/><w:tr><w:tc><w:tcPr/>" P("Cap") "</w:tc>"
                         "<w:tc>" P("Twelve months of fees") "</w:tc></w:tr></w:tbl>"
                         P("After the table."));
    assert_int_equal(tu_para_with(d, "Cap")->kind, FP_PARA_TABLE_CELL);
    assert_int_equal(tu_para_with(d, "Twelve months")->kind, FP_PARA_TABLE_CELL);
    assert_int_not_equal(tu_para_with(d, "After the table")->kind, FP_PARA_TABLE_CELL);
    fp_doc_free(d);
}

/* A text box appears in both branches; it must be read once, as its own
 * paragraph in the textbox story, without splitting its anchor paragraph. */
static void test_alternate_content_text_box(void **state)
{
    (void)state;
    fp_doc *d = body_doc(
        "<w:p><w:r><w:t xml:space=\"preserve\">Anchor before </w:t></w:r><w:r>"
        "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>"
        "<w:txbxContent>" P("Boxed notice text") "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>" P("Boxed notice text")
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>"
        "</w:r><w:r><w:t>and after.</w:t></w:r></w:p>"
        "<w:p><mc:AlternateContent><mc:Choice Requires=\"unknownx\" xmlns:unknownx=\"urn:x\">"
        "<w:r><w:t>future markup</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>fallback markup</w:t></w:r>"
        "</mc:Fallback></mc:AlternateContent></w:p>");
    const char *first = strstr(d->text.data, "Boxed notice text");
    assert_non_null(first);
    assert_null(strstr(first + 1, "Boxed notice text"));
    assert_int_equal(tu_para_with(d, "Boxed notice")->story, FP_STORY_TEXTBOX);
    tu_assert_para_text(d, tu_para_with(d, "Anchor"), "Anchor before and after.");
    assert_true(text_has(d, "fallback markup"));
    assert_false(text_has(d, "future markup"));
    fp_doc_free(d);
}

static void test_hidden_text(void **state)
{
    (void)state;
    fp_doc *d = body_doc("<w:p><w:r><w:t xml:space=\"preserve\">Visible </w:t></w:r>"
                         "<w:r><w:rPr><w:vanish/></w:rPr><w:t>secret waiver</w:t></w:r>"
                         "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>shown</w:t></w:r></w:p>");
    tu_assert_para_text(d, &d->paras[0], "Visible shown");
    assert_true(tu_warned(d, "hidden text"));
    fp_doc_free(d);
}

static void test_strict_namespace(void **state)
{
    (void)state;
    zw_docx x = {.method = 8, .strict = 1, .body = P("Strict OOXML text."),
                 .footer = P("Strict footer")};
    fp_doc *d = docx_doc(&x, FP_OK);
    assert_int_equal(tu_para_with(d, "Strict OOXML")->story, FP_STORY_BODY);
    assert_int_equal(tu_para_with(d, "Strict footer")->story, FP_STORY_FOOTER);
    fp_doc_free(d);
}

static void expect_failure(const unsigned char *data, size_t len, fp_status st,
                           const char *needle)
{
    fp_doc *d = tu_doc("bad.docx", data, len, FP_FORMAT_AUTO, st);
    if (!strstr(d->errmsg.data ? d->errmsg.data : "", needle))
        fail_msg("error '%s' lacks '%s'", d->errmsg.data, needle);
    fp_doc_free(d);
}

static void package_with_document(const char *document_xml, zw *w)
{
    zw_add(w, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>", 0);
    zw_add(w, "word/document.xml", document_xml, 8);
    zw_finish(w, 0);
}

static void test_doctype_rejected(void **state)
{
    (void)state;
    zw w = {0};
    package_with_document("<?xml version=\"1.0\"?><!DOCTYPE w:document SYSTEM "
                          "\"file:///etc/passwd\"><w:document xmlns:w=\"" ZW_W_NS
                          "\"><w:body>" P("x") "</w:body></w:document>", &w);
    expect_failure(w.data, w.len, FP_ERR_CORRUPT, "word/document.xml: DOCTYPE");
    zw_free(&w);
}

static void test_entity_bomb_rejected(void **state)
{
    (void)state;
    zw w = {0};
    package_with_document(
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
        "<w:document xmlns:w=\"" ZW_W_NS "\"><w:body><w:p><w:r><w:t>&lol3;</w:t>"
        "</w:r></w:p></w:body></w:document>", &w);
    expect_failure(w.data, w.len, FP_ERR_CORRUPT, "DOCTYPE declarations are not allowed");
    zw_free(&w);
}

static void test_malformed_xml_and_depth(void **state)
{
    (void)state;
    zw w = {0};
    package_with_document("<w:document xmlns:w=\"" ZW_W_NS "\"><w:body><w:p>", &w);
    expect_failure(w.data, w.len, FP_ERR_CORRUPT, "word/document.xml: not well-formed XML");
    zw_free(&w);

    /* nesting past the depth limit fails cleanly instead of recursing on */
    enum { DEEP = 5000 };
    char *deep = malloc(DEEP * 24 + 256);
    assert_non_null(deep);
    size_t k = (size_t)sprintf(deep, "<w:document xmlns:w=\"" ZW_W_NS "\"><w:body>");
    for (int i = 0; i < DEEP; i++)
        k += (size_t)sprintf(deep + k, "<w:sdt>");
    for (int i = 0; i < DEEP; i++)
        k += (size_t)sprintf(deep + k, "</w:sdt>");
    sprintf(deep + k, "</w:body></w:document>");
    zw w2 = {0};
    package_with_document(deep, &w2);
    free(deep);
    fp_doc *d = tu_doc("deep.docx", w2.data, w2.len, FP_FORMAT_AUTO,
                       FP_ERR_LIMIT);
    assert_non_null(strstr(d->errmsg.data, "word/document.xml: elements nest "
                                           "more than 256 levels deep"));
    assert_null(strstr(d->errmsg.data, "HUGE")); /* no libxml2 jargon */
    fp_doc_free(d);
    zw_free(&w2);
}

static void test_not_a_docx(void **state)
{
    (void)state;
    static const unsigned char ole2[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 legacy word";
    expect_failure(ole2, sizeof ole2, FP_ERR_UNSUPPORTED, "legacy Word .doc");
    zw w = {0};
    zw_add(&w, "readme.txt", "just a zip", 0);
    zw_finish(&w, 0);
    expect_failure(w.data, w.len, FP_ERR_UNSUPPORTED, "neither a Word (.docx) nor an OpenDocument");
    zw_free(&w);
    zw w2 = {0};
    zw_opts enc = {.method = 8, .flags = 1};
    zw_add(&w2, "[Content_Types].xml", "<Types/>", 0);
    zw_add_ex(&w2, "word/document.xml", "secret", 6, &enc);
    zw_finish(&w2, 0);
    expect_failure(w2.data, w2.len, FP_ERR_ENCRYPTED, "encrypted");
    zw_free(&w2);
}

/* The whole pipeline: a DOCX finding carries the section from numbering. */
static void test_scan_reports_story_and_section(void **state)
{
    (void)state;
    zw_docx x = {.method = 8, .numbering = numbering_xml,
                 .body = NUMP(1, 0, "Warranties.")
                         NUMP(1, 1, "THE SERVICE IS PROVIDED \"AS IS\" AND \"AS AVAILABLE\".")};
    zw w = {0};
    zw_docx_write(&w, &x);
    zw_finish(&w, 0);
    fp_rules *rules = NULL;
    char err[256];
    assert_int_equal(fp_rules_load_builtin(0, &rules, err, sizeof err), FP_OK);
    fp_scanner *sc = NULL;
    fp_options *o = fp_options_new();
    assert_int_equal(fp_scanner_new(rules, o, &sc), FP_OK);
    fp_result *res = NULL;
    fp_scan_memory(sc, "v.docx", w.data, w.len, FP_FORMAT_AUTO, &res);
    assert_int_equal(fp_result_status(res), FP_OK);
    long i = tu_find_category(res, "as_is");
    assert_true(i >= 0);
    const fp_finding *f = fp_result_finding(res, (size_t)i);
    assert_string_equal(fp_finding_story(f), "body");
    assert_int_equal(fp_finding_paragraph(f), 1);
    assert_string_equal(fp_finding_section(f), "1.1");
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_options_free(o);
    fp_rules_free(rules);
    zw_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_breaks_and_symbols),
        cmocka_unit_test(test_tracked_changes_accepted_view),
        cmocka_unit_test(test_fields_keep_results_only),
        cmocka_unit_test(test_numbering_labels),
        cmocka_unit_test(test_stories),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_alternate_content_text_box),
        cmocka_unit_test(test_hidden_text),
        cmocka_unit_test(test_strict_namespace),
        cmocka_unit_test(test_doctype_rejected),
        cmocka_unit_test(test_entity_bomb_rejected),
        cmocka_unit_test(test_malformed_xml_and_depth),
        cmocka_unit_test(test_not_a_docx),
        cmocka_unit_test(test_scan_reports_story_and_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
