/* test_html.c - the HTML ingestor: chrome removal, structure, encodings,
 * source lines, and hostile pages. Every page here is written for the test. */
#include <pthread.h>

#include "testutil.h"

static fp_doc *html(const char *page) { return tu_doc_str(page, FP_FORMAT_HTML); }

static fp_doc *html_expect(const char *page, fp_status want)
{
    return tu_doc("page.html", page, strlen(page), FP_FORMAT_HTML, want);
}

static int has_text(const fp_doc *d, const char *s)
{
    return d->text.data && strstr(d->text.data, s) != NULL;
}

/* Index of the paragraph whose text starts with `start`, or -1. */
static long para_starting(const fp_doc *d, const char *start)
{
    for (size_t i = 0; i < d->npara; i++)
        if (d->paras[i].end - d->paras[i].start >= strlen(start) &&
            !strncmp(d->text.data + d->paras[i].start, start, strlen(start)))
            return (long)i;
    return -1;
}

static char *para_text(const fp_doc *d, long i)
{
    assert_true(i >= 0 && (size_t)i < d->npara);
    return tu_span(d, d->paras[i].start, d->paras[i].end);
}

static int warned(const fp_doc *d, const char *part)
{
    for (size_t i = 0; i < d->warnings.count; i++)
        if (strstr(d->warnings.items[i], part))
            return 1;
    return 0;
}

/* A page with its chrome on, repeated in several tests. */
#define CHROME_TOP                                                            \
    "<!DOCTYPE html><html><head><title>Acme terms</title>"                    \
    "<style>p { color: red } .nav-terms { }</style>"                          \
    "<script>var banner = 'Accept all cookies and terms';</script></head>"    \
    "<body><header><a href=/>Acme home</a></header>"                          \
    "<nav><ul><li><a href=/pricing>Pricing menu</a></li></ul></nav>"          \
    "<div class=\"cookie-consent\"><p>We use cookies to improve your visit."  \
    "</p><button>Accept</button></div>"
#define CHROME_BOTTOM                                                         \
    "<aside>Related reading sidebar</aside>"                                  \
    "<form><label>Email</label><input value=\"newsletter\"></form>"           \
    "<noscript>Please enable JavaScript</noscript>"                           \
    "<footer>Copyright footer line</footer></body></html>"

static void test_chrome_is_dropped(void **state)
{
    (void)state;
    fp_doc *d = html(CHROME_TOP
                     "<p>The Service is provided as is.</p>"
                     "<template><p>Template text</p></template>"
                     "<svg><text>Logo words</text></svg>" CHROME_BOTTOM);
    assert_true(has_text(d, "The Service is provided as is."));
    const char *junk[] = {"Acme terms", "color", "Accept all", "Acme home",
                          "Pricing menu", "cookies", "Accept", "sidebar",
                          "Email", "newsletter", "JavaScript", "footer",
                          "Template text", "Logo words", NULL};
    for (int i = 0; junk[i]; i++)
        if (has_text(d, junk[i]))
            fail_msg("chrome leaked: \"%s\" in \"%s\"", junk[i], d->text.data);
    assert_int_equal(d->npara, 1);
    assert_int_equal(d->format, FP_FORMAT_HTML);
    assert_int_equal(d->loc, FP_LOC_LINES);
    fp_doc_free(d);
}

static void test_hidden_elements_are_dropped(void **state)
{
    (void)state;
    fp_doc *d = html("<html><body><p>Visible clause.</p>"
                     "<p hidden>Hidden attribute.</p>"
                     "<div aria-hidden=\"true\">Aria hidden.</div>"
                     "<div aria-hidden=\"false\">Aria shown.</div>"
                     "<p style=\"color:red; display : none\">Display none.</p>"
                     "<span style=\"visibility:hidden\">Invisible.</span>"
                     "<p style=\"display:block\">Display block.</p>"
                     "</body></html>");
    assert_true(has_text(d, "Visible clause."));
    assert_true(has_text(d, "Aria shown."));
    assert_true(has_text(d, "Display block."));
    assert_false(has_text(d, "Hidden attribute"));
    assert_false(has_text(d, "Aria hidden"));
    assert_false(has_text(d, "Display none"));
    assert_false(has_text(d, "Invisible"));
    fp_doc_free(d);
}

/* The page header of an article (its title) is content; the page's own
 * header is chrome. */
static void test_article_header_is_kept(void **state)
{
    (void)state;
    fp_doc *d = html("<body><header>Site banner</header><article><header>"
                     "<h1>Terms of Use</h1></header><p>Body of the terms, long "
                     "enough to be the main text of this page.</p></article>"
                     "</body>");
    assert_true(has_text(d, "Terms of Use"));
    assert_false(has_text(d, "Site banner"));
    fp_doc_free(d);
    /* a documentation page titles itself in a <header> outside <article> */
    d = html("<body><div id=content><header><h1>Terms of Service</h1><p>Last "
             "revised in May.</p></header><p>Body text of the terms.</p></div>"
             "<footer>Footer links</footer></body>");
    assert_true(has_text(d, "Terms of Service"));
    assert_true(has_text(d, "Last revised in May."));
    assert_false(has_text(d, "Footer links"));
    fp_doc_free(d);
}

/* Skip links and text only screen readers announce are not the terms. */
static void test_offscreen_text_is_dropped(void **state)
{
    (void)state;
    fp_doc *d = html("<body><a class=\"skip-link\" href=#main>Skip to main "
                     "content</a><p>Contact <a href=/s>Support<span class="
                     "\"sr-only\">(opens in a new window)</span></a> to "
                     "appeal.</p></body>");
    char *t = para_text(d, 0);
    assert_string_equal(t, "Contact Support to appeal.");
    assert_int_equal(d->npara, 1);
    free(t);
    fp_doc_free(d);
}

static void test_main_is_preferred(void **state)
{
    (void)state;
    fp_doc *d = html("<body><div>Promotional text outside the main element."
                     "</div><main><p>Clause one of the agreement is here.</p>"
                     "<p>Clause two of the agreement follows it.</p></main>"
                     "<div>Trailing promo.</div></body>");
    assert_true(has_text(d, "Clause one"));
    assert_true(has_text(d, "Clause two"));
    assert_false(has_text(d, "Promotional"));
    assert_false(has_text(d, "Trailing promo"));
    fp_doc_free(d);

    /* no <main>: the largest <article> wins */
    d = html("<body><p>Outside words.</p><article><p>Short teaser.</p></article>"
             "<article><p>The full agreement text, which is much longer than "
             "the teaser article above it.</p></article></body>");
    assert_true(has_text(d, "full agreement"));
    assert_false(has_text(d, "teaser."));
    assert_false(has_text(d, "Outside words"));
    fp_doc_free(d);

    /* role="main" when there is neither */
    d = html("<body><div>Outside words.</div><div role=\"main\"><p>Inside the "
             "role main container.</p></div></body>");
    assert_true(has_text(d, "Inside the role main"));
    assert_false(has_text(d, "Outside words"));
    fp_doc_free(d);
}

/* A <main> with under a fifth of the body's text is a hero box: the body
 * is read instead. */
static void test_small_main_falls_back_to_body(void **state)
{
    (void)state;
    fp_doc *d = html("<body><main><p>Hero.</p></main><div><p>These terms "
                     "govern the service and everything in it, in many words "
                     "that the main element does not hold at all.</p></div>"
                     "</body>");
    assert_true(has_text(d, "Hero."));
    assert_true(has_text(d, "These terms govern"));
    fp_doc_free(d);
}

static void test_block_structure_and_kinds(void **state)
{
    (void)state;
    fp_doc *d = html("<body><h1>Terms</h1><h3>Liability</h3>"
                     "<p>Intro <b>bold</b> and <a href=#>link</a> text.</p>"
                     "<ol><li>First item<ul><li>Nested item</li></ul></li>"
                     "<li>Second item</li></ol>"
                     "<table><tr><th>Plan</th><td>Cell text</td></tr></table>"
                     "<dl><dt>Glossary term</dt><dd>Its definition</dd></dl>"
                     "<blockquote>Quoted block</blockquote>"
                     "<pre>pre  line one\nline two</pre>"
                     "<div>Div block</div><section>Section block</section>"
                     "</body>");
    long h1 = para_starting(d, "Terms"), h3 = para_starting(d, "Liability");
    assert_int_equal(d->paras[h1].kind, FP_PARA_HEADING);
    assert_int_equal(d->paras[h1].level, 1);
    assert_int_equal(d->paras[h3].kind, FP_PARA_HEADING);
    assert_int_equal(d->paras[h3].level, 3);
    char *intro = para_text(d, para_starting(d, "Intro"));
    assert_string_equal(intro, "Intro bold and link text.");
    free(intro);
    long first = para_starting(d, "First item"), nested = para_starting(d, "Nested item");
    long second = para_starting(d, "Second item");
    assert_int_equal(d->paras[first].kind, FP_PARA_LIST_ITEM);
    assert_int_equal(d->paras[first].level, 1);
    assert_string_equal(d->paras[first].label, "1.");
    assert_int_equal(d->paras[nested].kind, FP_PARA_LIST_ITEM);
    assert_int_equal(d->paras[nested].level, 2);
    assert_string_equal(d->paras[second].label, "2.");
    assert_int_equal(d->paras[para_starting(d, "Plan")].kind, FP_PARA_TABLE_CELL);
    assert_int_equal(d->paras[para_starting(d, "Cell text")].kind, FP_PARA_TABLE_CELL);
    assert_int_equal(d->paras[para_starting(d, "Its definition")].kind, FP_PARA_LIST_ITEM);
    const char *own[] = {"Glossary term", "Quoted block", "pre line one line two",
                         "Div block", "Section block", NULL};
    for (int i = 0; own[i]; i++) {
        char *t = para_text(d, para_starting(d, own[i]));
        assert_string_equal(t, own[i]);
        free(t);
    }
    fp_doc_free(d);
}

/* A block of links and nothing else is a menu even without <nav>; prose
 * with links in it is kept. */
static void test_link_lists_are_dropped(void **state)
{
    (void)state;
    fp_doc *d = html("<body><main><div class=\"toc\"><a href=#a>Accounts</a> "
                     "<a href=#b>Fees</a> | <a href=#c>Warranty</a></div>"
                     "<p>Read the <a href=/p>Privacy Policy</a>, the <a href=/u>"
                     "Usage Policy</a> and the <a href=/s>Service Terms</a> "
                     "before you use the Service.</p></main></body>");
    assert_false(has_text(d, "Accounts"));
    assert_true(has_text(d, "Read the Privacy Policy, the Usage Policy and the "
                            "Service Terms before you use the Service."));
    fp_doc_free(d);
}

static void test_inline_joins_and_br_breaks_words(void **state)
{
    (void)state;
    fp_doc *d = html("<p>pro<b>vid</b><i>ed</i> <span>as</span> "
                     "<em>is</em><sup>1</sup>.<br>Next line<br/>after.</p>");
    assert_int_equal(d->npara, 1);
    char *t = para_text(d, 0);
    assert_string_equal(t, "provided as is1. Next line after.");
    free(t);
    fp_doc_free(d);
}

static void test_entities_and_exact_offsets(void **state)
{
    (void)state;
    const char *page = "<p>We &amp; you: &ldquo;as&nbsp;is&rdquo; &#169; "
                       "&#x2014; no warranty.</p>";
    fp_doc *d = html(page);
    char *t = para_text(d, 0);
    assert_string_equal(t, "We & you: \"as is\" \xC2\xA9 - no warranty.");
    /* literal text maps byte-exactly back to the page */
    size_t w = (size_t)(strstr(t, "warranty") - t) + d->paras[0].start;
    size_t s = fp_doc_source_offset(d, w);
    assert_memory_equal(page + s, "warranty", 8);
    assert_int_equal(fp_doc_source_end(d, w + 8) - s, 8);
    /* an entity maps to its '&' */
    size_t q = (size_t)(strchr(t, '"') - t) + d->paras[0].start;
    assert_memory_equal(page + fp_doc_source_offset(d, q), "&ldquo;", 7);
    free(t);
    fp_doc_free(d);
}

/* The same clause in Windows-1252, declared by a meta tag, then by
 * http-equiv; and in UTF-8 with a BOM. */
static void test_declared_encodings(void **state)
{
    (void)state;
    const char *pages[] = {
        "<html><head><meta charset=\"windows-1252\"></head><body><p>"
        "Caf\xE9 \x93" "as is\x94 \x96 provided.</p></body></html>",
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=ISO-8859-1\"></head><body><p>Caf\xE9 \x93" "as is\x94 \x96 "
        "provided.</p></body></html>",
        "\xEF\xBB\xBF<html><body><p>Caf\xC3\xA9 \xE2\x80\x9C" "as is\xE2\x80\x9D "
        "\xE2\x80\x93 provided.</p></body></html>",
        NULL};
    for (int i = 0; pages[i]; i++) {
        fp_doc *d = html(pages[i]);
        char *t = para_text(d, 0);
        assert_string_equal(t, "Caf\xC3\xA9 \"as is\" - provided.");
        assert_int_equal(d->warnings.count, 0);
        free(t);
        fp_doc_free(d);
    }
}

static void test_undeclared_and_broken_encodings(void **state)
{
    (void)state;
    /* no declaration and not UTF-8: Windows-1252, with a warning */
    fp_doc *d = html("<p>Na\xEFve \x93quote\x94.</p>");
    assert_true(has_text(d, "Na\xC3\xAFve \"quote\"."));
    assert_true(warned(d, "Windows-1252"));
    fp_doc_free(d);
    /* declared UTF-8 with a broken byte: repaired, warned, the rest kept */
    d = html("<meta charset=utf-8><p>Good \xC3\xA9 bad \xFF end.</p>");
    assert_true(has_text(d, "Good \xC3\xA9 bad \xEF\xBF\xBD end."));
    assert_true(warned(d, "invalid"));
    fp_doc_free(d);
    /* a charset fineprint does not decode is named in the warning */
    d = html("<meta charset=\"koi8-r\"><p>Plain words.</p>");
    assert_true(warned(d, "koi8-r"));
    assert_true(has_text(d, "Plain words."));
    fp_doc_free(d);
}

/* Findings report the HTML source line and column of the clause. */
static void test_findings_report_source_lines(void **state)
{
    (void)state;
    const char *page = "<!DOCTYPE html>\n<html>\n<head><title>T</title>\n"
                       "<script>\nvar s = 'provided as is';\n</script></head>\n"
                       "<body>\n<nav>Home</nav>\n<main>\n<h2>Warranty</h2>\n"
                       "<p>Some words first.\n  The Service is provided &ldquo;as "
                       "is&rdquo;.</p>\n</main>\n</body></html>\n";
    fp_rules *rules = NULL;
    char err[256];
    assert_int_equal(fp_rules_load_builtin(0, &rules, err, sizeof err), FP_OK);
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(rules, NULL, &sc), FP_OK);
    fp_result *res = tu_scan(sc, page, FP_FORMAT_HTML);
    assert_int_equal(fp_result_status(res), FP_OK);
    long i = tu_find_category(res, "as_is");
    assert_true(i >= 0);
    assert_int_equal(fp_result_finding_count(res), 1); /* not the script's */
    const fp_finding *f = fp_result_finding(res, (size_t)i);
    assert_int_equal(fp_finding_line(f), 12);
    /* the match starts at "provided", after "  The Service is " */
    assert_int_equal(fp_finding_column(f), 18);
    assert_memory_equal(page + fp_finding_source_start(f), "provided", 8);
    /* across the opening entity, to the end of "as is" */
    assert_memory_equal(page + fp_finding_source_end(f) - 12, "&ldquo;as is", 12);
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_rules_free(rules);

    fp_doc *d = html(page);
    assert_int_equal(d->paras[para_starting(d, "Warranty")].src_line, 10);
    assert_int_equal(d->paras[para_starting(d, "Some words")].src_line, 11);
    fp_doc_free(d);
}

/* Lone CRs end lines for fineprint; libxml2 must agree. */
static void test_cr_line_endings(void **state)
{
    (void)state;
    fp_doc *d = html("<html>\r<body>\r<p>One.</p>\r<p>Two.</p>\r</body></html>");
    assert_int_equal(d->paras[para_starting(d, "Two.")].src_line, 4);
    unsigned line, col;
    fp_doc_line_col(d, d->paras[para_starting(d, "Two.")].start, &line, &col);
    assert_int_equal(line, 4);
    assert_int_equal(col, 4);
    fp_doc_free(d);
}

static char *repeat(const char *head, const char *unit, size_t times,
                    const char *tail)
{
    size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
    char *s = malloc(h + u * times + t + 1);
    assert_non_null(s);
    memcpy(s, head, h);
    for (size_t i = 0; i < times; i++)
        memcpy(s + h + i * u, unit, u);
    memcpy(s + h + u * times, tail, t + 1);
    return s;
}

/* Hostile nesting: text before it survives, the loss is reported, and the
 * parse ends (no assertion on time: that is for benchmarks). */
static void test_deep_nesting_is_bounded(void **state)
{
    (void)state;
    char *page = repeat("<body><p>Before the pit.</p>", "<div>", 100000,
                        "Deep text.");
    fp_doc *d = html(page);
    assert_true(has_text(d, "Before the pit."));
    assert_true(warned(d, "256 levels"));
    fp_doc_free(d);
    free(page);

    /* nothing readable before the parser gives up: a limit error */
    page = repeat("<body>", "<div>", 1000000, "Deep text.");
    d = tu_doc("pit.html", page, strlen(page), FP_FORMAT_HTML, FP_ERR_LIMIT);
    assert_non_null(strstr(d->errmsg.data, "256 levels"));
    fp_doc_free(d);
    free(page);

    page = repeat("<body><p>Start.</p>", "<p><b><i><span>x", 250000, "");
    d = html(page);
    assert_true(has_text(d, "Start."));
    fp_doc_free(d);
    free(page);

    /* under libxml2's own cap, the xml-depth limit still applies */
    page = repeat("<body><p>Shallow.</p>", "<div>", 200, "Deep text.");
    fp_options *o = fp_options_new();
    assert_int_equal(fp_options_set_limit(o, FP_LIMIT_XML_DEPTH, 50), FP_OK);
    d = fp_doc_new("deep.html", 1u << 30);
    size_t n = strlen(page);
    fp_doc_take_source(d, (unsigned char *)page, n);
    assert_int_equal(fp_ingest(d, FP_FORMAT_HTML, o), FP_OK);
    assert_true(has_text(d, "Shallow."));
    assert_false(has_text(d, "Deep text."));
    assert_true(warned(d, "xml-depth"));
    fp_doc_free(d);
    fp_options_free(o);
}

static void test_pages_without_text_fail_clearly(void **state)
{
    (void)state;
    fp_doc *d = html_expect("<html><head><script src=a.js></script></head>"
                            "<body><div id=root></div><script>render()</script>"
                            "</body></html>", FP_ERR_EMPTY);
    assert_non_null(strstr(d->errmsg.data, "script"));
    fp_doc_free(d);
    d = html_expect("<html><body>  <!-- nothing --> </body></html>", FP_ERR_EMPTY);
    assert_non_null(strstr(d->errmsg.data, "no readable text"));
    fp_doc_free(d);
    static const char junk[] = "<html>\x01\x02\x00\xFF\xFE binary";
    d = tu_doc("junk.html", junk, sizeof junk - 1, FP_FORMAT_HTML, FP_ERR_BINARY);
    fp_doc_free(d);
}

/* HTML has its own size cap (its tree costs ~30 bytes a byte): one byte over
 * it is refused before parsing, with the limit's name; at it, it is read. */
static void test_html_bytes_limit(void **state)
{
    (void)state;
    static const char page[] = "<html><body><p>The Service is provided as is.</p></body></html>";
    for (int over = 0; over <= 1; over++) {
        fp_options *o = fp_options_new();
        assert_int_equal(fp_options_set_limit(o, FP_LIMIT_HTML_BYTES,
                                              sizeof page - 1 - (size_t)over), FP_OK);
        fp_doc *d = fp_doc_new("big.html", 1u << 20);
        unsigned char *copy = malloc(sizeof page);
        assert_non_null(copy);
        memcpy(copy, page, sizeof page);
        fp_doc_take_source(d, copy, sizeof page - 1);
        fp_status st = fp_ingest(d, FP_FORMAT_HTML, o);
        if (over) {
            assert_int_equal(st, FP_ERR_TOO_LARGE);
            assert_non_null(strstr(d->errmsg.data, "html-bytes limit"));
        } else {
            assert_int_equal(st, FP_OK);
            assert_true(has_text(d, "provided as is"));
        }
        fp_doc_free(d);
        fp_options_free(o);
    }
    fp_limit l;
    assert_int_equal(fp_limit_from_name("html-bytes", &l), 0);
    assert_int_equal(l, FP_LIMIT_HTML_BYTES);
    assert_int_equal(fp_limit_default(l), 32u << 20);
}

/* Parses in several threads at once: each has its own parser context and
 * error handler; the result must not depend on the neighbours. */
static void *ingest_repeatedly(void *arg)
{
    const char *page = arg;
    for (int i = 0; i < 20; i++) {
        fp_options *o = fp_options_new();
        fp_doc *d = fp_doc_new("thread.html", 1u << 20);
        size_t n = strlen(page);
        unsigned char *copy = malloc(n);
        if (!o || !d || !copy)
            return (void *)1;
        memcpy(copy, page, n);
        fp_doc_take_source(d, copy, n);
        int ok = fp_ingest(d, FP_FORMAT_HTML, o) == FP_OK && d->npara == 2 &&
                 strstr(d->text.data, "Second clause") != NULL;
        fp_doc_free(d);
        fp_options_free(o);
        if (!ok)
            return (void *)1;
    }
    return NULL;
}

static void test_parses_in_threads(void **state)
{
    (void)state;
    fp_xml_init();
    static const char page[] = "<body><nav>Menu</nav><p>First clause &amp; "
                               "more.</p><p>Second clause<unclosed></p></body>";
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, ingest_repeatedly, (void *)page), 0);
    for (int i = 0; i < 4; i++) {
        void *ret = (void *)1;
        pthread_join(t[i], &ret);
        assert_null(ret);
    }
}

static void test_detected_by_content(void **state)
{
    (void)state;
    const char *page = "\n  <!doctype html><p>x</p>";
    assert_int_equal(fp_detect_format((const unsigned char *)page, strlen(page),
                                      "terms.txt"), FP_FORMAT_HTML);
    page = "<!-- saved from url=(0042)https://example.com -->\n<html><p>x</p>";
    assert_int_equal(fp_detect_format((const unsigned char *)page, strlen(page),
                                      NULL), FP_FORMAT_HTML);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chrome_is_dropped),
        cmocka_unit_test(test_hidden_elements_are_dropped),
        cmocka_unit_test(test_article_header_is_kept),
        cmocka_unit_test(test_offscreen_text_is_dropped),
        cmocka_unit_test(test_main_is_preferred),
        cmocka_unit_test(test_small_main_falls_back_to_body),
        cmocka_unit_test(test_block_structure_and_kinds),
        cmocka_unit_test(test_link_lists_are_dropped),
        cmocka_unit_test(test_inline_joins_and_br_breaks_words),
        cmocka_unit_test(test_entities_and_exact_offsets),
        cmocka_unit_test(test_declared_encodings),
        cmocka_unit_test(test_undeclared_and_broken_encodings),
        cmocka_unit_test(test_findings_report_source_lines),
        cmocka_unit_test(test_cr_line_endings),
        cmocka_unit_test(test_deep_nesting_is_bounded),
        cmocka_unit_test(test_pages_without_text_fail_clearly),
        cmocka_unit_test(test_html_bytes_limit),
        cmocka_unit_test(test_parses_in_threads),
        cmocka_unit_test(test_detected_by_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
