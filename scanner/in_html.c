/* in_html.c - HTML pages (libxml2's HTML parser).
 *
 * Decoding is ours, not libxml2's, so that the result never depends on the
 * libxml2 version: a BOM decides, then a <meta> charset declaration, then
 * valid UTF-8, else Windows-1252. libxml2 is always handed UTF-8 with the
 * encoding named explicitly.
 *
 * Real terms pages carry navigation, cookie banners, scripts and styles
 * around the text that matters. The walk drops that chrome (script, style,
 * nav, page header/footer, aside, forms, hidden elements, small
 * cookie/consent boxes), prefers <main>, then <article>, then role="main",
 * and keeps block structure: headings, list items with depth, table cells,
 * paragraphs.
 *
 * Locations: libxml2's line numbers for text nodes are approximate (the line
 * where a buffered chunk ended), so every text node is aligned with the
 * decoded source instead. A cursor moves forward through the page; each text
 * node is searched for from there, outside markup, and its characters are
 * matched one by one (entities and white space included). Literal runs map
 * byte-exactly; an entity maps to its '&'. Text that cannot be aligned falls
 * back to the start of its source line. */
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest.h"
#include "options.h"
#include "utf.h"

#define PARSER_MAX_BYTES 0x7FFFFFFFu /* libxml2 takes an int size */
#define LIBXML_NO_LINE 65535u   /* libxml2 stores lines in 16 bits */
#define ALIGN_PROBE 32          /* content bytes that must match to place it */
#define CHROME_TEXT_MAX 4000    /* a cookie/consent box is smaller than this */
#define META_SCAN_BYTES 8192    /* where a charset declaration may sit */

/* ------------------------------------------------------------------- init */


/* --------------------------------------------------------------- decoding */

/* Copy valid UTF-8 as it is and each invalid sequence as U+FFFD, so that
 * libxml2 never meets bytes it would stop at. */
static fp_status decode_utf8_repair(fp_doc *d, size_t start)
{
    fp_buf out = {0};
    fp_offmap map = {0};
    const unsigned char *s = d->src;
    fp_status st = fp_buf_reserve(&out, d->src_len + 16);
    for (size_t i = start; !st && i < d->src_len;) {
        uint32_t cp;
        int bad = 0;
        size_t k = fp_utf8_decode(s + i, d->src_len - i, &cp, &bad);
        st = fp_offmap_note(&map, out.len, i, bad ? 0 : 1);
        if (!st)
            st = bad ? fp_buf_append(&out, "\xEF\xBF\xBD", 3)
                     : fp_buf_append(&out, (const char *)s + i, k);
        i += k;
    }
    if (st) {
        fp_buf_free(&out);
        fp_offmap_free(&map);
        return st;
    }
    size_t len = out.len;
    fp_doc_take_decoded(d, fp_buf_steal(&out), len, &map);
    return FP_OK;
}

static int is_charset_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == ':';
}

/* The charset named by a <meta charset> or <meta http-equiv content> in the
 * first bytes of the page, copied into out (empty when there is none). */
static void meta_charset(const unsigned char *s, size_t n, char *out,
                         size_t cap)
{
    out[0] = '\0';
    size_t window = n < META_SCAN_BYTES ? n : META_SCAN_BYTES;
    for (size_t i = 0; i + 5 < window; i++) {
        if (s[i] != '<' || strncasecmp((const char *)s + i + 1, "meta", 4))
            continue;
        size_t end = i + 5;
        while (end < window && s[end] != '>')
            end++;
        for (size_t j = i + 5; j + 7 < end; j++) {
            if (strncasecmp((const char *)s + j, "charset", 7))
                continue;
            size_t k = j + 7;
            while (k < end && (s[k] == ' ' || s[k] == '\t'))
                k++;
            if (k >= end || s[k] != '=')
                continue;
            k++;
            while (k < end && (s[k] == ' ' || s[k] == '"' || s[k] == '\''))
                k++;
            size_t m = 0;
            while (k < end && m + 1 < cap && is_charset_char(s[k]))
                out[m++] = (char)fp_ascii_lower(s[k++]);
            out[m] = '\0';
            if (m)
                return;
        }
    }
}

typedef enum html_charset { CS_NONE, CS_UTF8, CS_CP1252, CS_OTHER } html_charset;

/* WHATWG maps the Latin-1 and ASCII labels to Windows-1252 and the UTF-16
 * labels in a meta tag to UTF-8 (a page that says UTF-16 in its own bytes
 * cannot be UTF-16). */
static html_charset charset_kind(const char *name)
{
    static const char *utf8[] = {"utf-8", "utf8", "unicode-1-1-utf-8",
                                 "utf-16", "utf-16le", "utf-16be", NULL};
    static const char *cp1252[] = {
        "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1",
        "iso_8859-1", "latin1", "l1", "us-ascii", "ascii", "iso-ir-100",
        "ibm819", "cp819", "csisolatin1", "ansi_x3.4-1968", NULL};
    if (!name[0])
        return CS_NONE;
    for (int i = 0; utf8[i]; i++)
        if (!strcmp(name, utf8[i]))
            return CS_UTF8;
    for (int i = 0; cp1252[i]; i++)
        if (!strcmp(name, cp1252[i]))
            return CS_CP1252;
    return CS_OTHER;
}

/* Set up the decoded view as UTF-8; *skip receives a UTF-8 BOM's length. */
static fp_status html_decode(fp_doc *d, size_t *skip)
{
    const unsigned char *s = d->src;
    size_t n = d->src_len;
    *skip = 0;
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        return fp_decode_utf16(d, 2, 0);
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        return fp_decode_utf16(d, 2, 1);
    const unsigned char *nul = memchr(s, 0, n);
    if (nul)
        return fp_doc_fail(d, FP_ERR_BINARY, "binary data (NUL byte at offset "
                           "%zu), not an HTML page", (size_t)(nul - s));
    size_t invalid, multibyte;
    int bom = n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF;
    char name[40];
    meta_charset(s, n, name, sizeof name);
    html_charset cs = bom ? CS_UTF8 : charset_kind(name);
    if (cs == CS_CP1252)
        return fp_decode_cp1252(d);
    fp_utf8_survey(s, n, &invalid, &multibyte);
    if (cs == CS_OTHER)
        fp_doc_warn(d, "charset \"%s\" is not supported: read as %s", name,
                    invalid ? "Windows-1252" : "UTF-8");
    if (!invalid) {
        *skip = bom ? 3 : 0;
        return FP_OK;
    }
    if (cs == CS_UTF8) {
        fp_doc_warn(d, "declared UTF-8 but %zu invalid sequences: replaced "
                    "with U+FFFD", invalid);
        return decode_utf8_repair(d, bom ? 3 : 0);
    }
    if (cs == CS_NONE)
        fp_doc_warn(d, "no charset declared and not valid UTF-8 (%zu invalid "
                    "sequences): decoded as Windows-1252", invalid);
    return fp_decode_cp1252(d);
}

/* ---------------------------------------------------------------- context */

typedef struct html_ctx {
    fp_doc *d;
    const char *s; /* decoded view */
    size_t n;
    size_t *lines; /* start of each line of s */
    size_t nlines;
    size_t cursor;       /* where the next text node may start */
    size_t budget;       /* bytes the text search may still scan */
    size_t stats_budget; /* nodes the link-list test may still visit */
    unsigned max_depth;
    size_t deep_skipped; /* elements beyond max_depth */
    size_t scripts;      /* script elements met (for "only scripts") */
    const xmlNode *main; /* the container whose text is kept */
    const char *pending_label; /* list number for the next paragraph */
    char label[16];
    int libxml_depth_stop; /* libxml2 stopped at its own depth limit */
    unsigned libxml_stop_line;
} html_ctx;

/* What the enclosing elements say about text found inside them. */
typedef struct block_ctx {
    fp_para_kind kind;
    int level;
    int list_depth;
    int emit;       /* inside the kept container and not chrome */
    int in_content; /* inside article/main/section: header/footer belong */
} block_ctx;

/* Lines end at LF, CRLF or a lone CR, as in doc.c. */
static fp_status build_lines(html_ctx *hc)
{
    size_t count = 1;
    for (size_t i = 0; i < hc->n; i++)
        if (hc->s[i] == '\n' ||
            (hc->s[i] == '\r' && (i + 1 >= hc->n || hc->s[i + 1] != '\n')))
            count++;
    hc->lines = malloc(count * sizeof *hc->lines);
    if (!hc->lines)
        return FP_ERR_NOMEM;
    hc->nlines = 0;
    hc->lines[hc->nlines++] = 0;
    for (size_t i = 0; i < hc->n; i++)
        if (hc->s[i] == '\n' ||
            (hc->s[i] == '\r' && (i + 1 >= hc->n || hc->s[i + 1] != '\n')))
            hc->lines[hc->nlines++] = i + 1;
    return FP_OK;
}

/* Start offset of 1-based line `line` (clamped). */
static size_t line_start(const html_ctx *hc, unsigned long line)
{
    if (line < 1)
        return 0;
    if (line > hc->nlines)
        return hc->lines[hc->nlines - 1];
    return hc->lines[line - 1];
}

static size_t line_end(const html_ctx *hc, unsigned long line)
{
    return line >= hc->nlines ? hc->n : hc->lines[line];
}

static unsigned line_of(const html_ctx *hc, size_t off)
{
    size_t lo = 0, hi = hc->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (hc->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return (unsigned)(lo + 1);
}

/* ------------------------------------------------------ aligning the text */

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static size_t utf8_len(const char *c, size_t n)
{
    unsigned char b = (unsigned char)c[0];
    size_t k = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    return k > n ? n : k;
}

/* The end of a character reference at s[p] ('&'), or p when none. */
static size_t entity_end(const char *s, size_t n, size_t p)
{
    size_t e = p + 1;
    while (e < n && e - p < 40 && (is_alnum(s[e]) || s[e] == '#'))
        e++;
    if (e == p + 1)
        return p;
    return (e < n && s[e] == ';') ? e + 1 : e;
}

/* Match content c[0..cn) against the source from q. Emits what it matches
 * when `emit`; stops after `probe` content bytes (0 = all). Returns the
 * content bytes matched; *qend receives the source offset reached. */
static size_t align_text(html_ctx *hc, const char *c, size_t cn, size_t q,
                         size_t probe, int emit, size_t *qend)
{
    const char *s = hc->s;
    size_t n = hc->n, i = 0, p = q;
    while (i < cn && (!probe || i < probe) && !hc->d->err) {
        if (is_ws(c[i])) {
            size_t i2 = i, p2 = p;
            while (i2 < cn && is_ws(c[i2]))
                i2++;
            while (p2 < n && is_ws(s[p2]))
                p2++;
            if (p2 == p)
                break;
            if (emit)
                fp_doc_append_at(hc->d, c + i, i2 - i, p);
            i = i2, p = p2;
            continue;
        }
        if (p >= n)
            break;
        size_t e = s[p] == '&' ? entity_end(s, n, p) : p;
        int literal_amp = e > p && e - p <= cn - i && !memcmp(s + p, c + i, e - p);
        if (s[p] == '&' && e > p && !literal_amp) {
            size_t k = utf8_len(c + i, cn - i);
            if (emit)
                fp_doc_append_at(hc->d, c + i, k, p);
            i += k, p = e;
            continue;
        }
        size_t k = 0;
        while (i + k < cn && p + k < n && c[i + k] == s[p + k] &&
               !is_ws(c[i + k]) && (k == 0 || s[p + k] != '&'))
            k++;
        if (!k)
            break;
        if (emit)
            fp_doc_append(hc->d, c + i, k, p);
        i += k, p += k;
    }
    *qend = p;
    return i;
}

/* Skip markup at s[p] ('<'): a tag (quotes respected), a comment, or a
 * whole script/style element. Returns p when s[p] starts no markup. */
static size_t skip_markup(const char *s, size_t n, size_t p)
{
    if (p + 1 >= n)
        return p;
    char c = s[p + 1];
    if (!(is_alnum(c) || c == '/' || c == '!' || c == '?'))
        return p;
    if (p + 3 < n && !strncmp(s + p, "<!--", 4)) {
        for (size_t j = p + 4; j + 3 <= n; j++)
            if (s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>')
                return j + 3;
        return n;
    }
    static const char *raw[] = {"script", "style", NULL};
    for (int r = 0; raw[r]; r++) {
        size_t m = strlen(raw[r]);
        if (p + 1 + m < n && !strncasecmp(s + p + 1, raw[r], m) &&
            !is_alnum(s[p + 1 + m])) {
            for (size_t j = p + 1 + m; j + 2 + m <= n; j++)
                if (s[j] == '<' && s[j + 1] == '/' &&
                    !strncasecmp(s + j + 2, raw[r], m))
                    return skip_markup(s, n, j);
            return n;
        }
    }
    char quote = 0;
    for (size_t j = p + 1; j < n; j++) {
        if (quote) {
            if (s[j] == quote)
                quote = 0;
        } else if (s[j] == '"' || s[j] == '\'') {
            quote = s[j];
        } else if (s[j] == '>') {
            return j + 1;
        }
    }
    return n;
}

/* Where the text c (leading white space already skipped) starts in the
 * source between lo and hi, outside markup; FP_NONE if not found. */
static size_t find_text(html_ctx *hc, const char *c, size_t cn, size_t lo,
                        size_t hi)
{
    size_t probe = cn < ALIGN_PROBE ? cn : ALIGN_PROBE;
    for (size_t p = lo; p < hi && p < hc->n && hc->budget; hc->budget--) {
        if (hc->s[p] == '<') {
            size_t e = skip_markup(hc->s, hc->n, p);
            if (e > p) {
                hc->budget -= e - p < hc->budget ? e - p : hc->budget - 1;
                p = e;
                continue;
            }
        }
        size_t end;
        if ((hc->s[p] == c[0] || hc->s[p] == '&') &&
            align_text(hc, c, cn, p, probe, 0, &end) >= probe)
            return p;
        p++;
    }
    return FP_NONE;
}

static unsigned long node_line(const xmlNode *node)
{
    long l = xmlGetLineNo(node);
    return l > 0 && l < (long)LIBXML_NO_LINE ? (unsigned long)l : 0;
}

/* Place one text node: search it from the cursor (but not before its
 * parent's start tag line, nor past the end of its own line), then align
 * and emit it. */
static void place_text(html_ctx *hc, const xmlNode *node, int emit)
{
    const char *c = (const char *)node->content;
    if (!c)
        return;
    size_t cn = strlen(c), lead = 0;
    while (lead < cn && is_ws(c[lead]))
        lead++;
    fp_doc *d = hc->d;
    int open = fp_doc_current_para(d) != NULL;
    if (lead == cn) { /* white space: a word break inside a paragraph */
        if (emit && open)
            fp_doc_soft_break(d, hc->cursor < hc->n ? hc->cursor : 0);
        return;
    }
    unsigned long own = node_line(node);
    unsigned long parent = node->parent ? node_line(node->parent) : 0;
    size_t lo = hc->cursor;
    if (parent && line_start(hc, parent) > lo)
        lo = line_start(hc, parent);
    size_t hi = own ? line_end(hc, own) : hc->n;
    size_t at = find_text(hc, c + lead, cn - lead, lo, hi);
    if (at == FP_NONE) { /* fall back to the line libxml2 gives */
        size_t off = own ? line_start(hc, own) : lo;
        if (emit)
            fp_doc_append_at(d, c, cn, off < hc->n ? off : 0);
        return;
    }
    size_t end;
    if (emit && lead)
        fp_doc_append_at(d, c, lead, at);
    size_t done = align_text(hc, c + lead, cn - lead, at, 0, emit, &end);
    if (emit && lead + done < cn)
        fp_doc_append_at(d, c + lead + done, cn - lead - done,
                         end < hc->n ? end : at);
    hc->cursor = end;
}

/* ------------------------------------------------------------- elements */

static int name_is(const xmlNode *n, const char *name)
{
    return n->name && !strcmp((const char *)n->name, name);
}

static int name_in(const xmlNode *n, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (name_is(n, names[i]))
            return 1;
    return 0;
}

/* An attribute value, lower-cased into buf (empty when absent). */
static const char *attr(const xmlNode *n, const char *name, char *buf,
                        size_t cap)
{
    buf[0] = '\0';
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name || strcasecmp((const char *)a->name, name))
            continue;
        const xmlNode *t = a->children;
        const char *v = t && t->content ? (const char *)t->content : "";
        size_t k = 0;
        for (; v[k] && k + 1 < cap; k++)
            buf[k] = (char)fp_ascii_lower((unsigned char)v[k]);
        buf[k] = '\0';
        return buf;
    }
    return NULL;
}

/* Inline style that hides the element, spaces ignored. */
static int style_hides(const char *style)
{
    char squeezed[256];
    size_t k = 0;
    for (size_t i = 0; style[i] && k + 1 < sizeof squeezed; i++)
        if (!is_ws(style[i]))
            squeezed[k++] = style[i];
    squeezed[k] = '\0';
    return strstr(squeezed, "display:none") != NULL ||
           strstr(squeezed, "visibility:hidden") != NULL;
}

static int is_hidden(const xmlNode *n)
{
    if (!n->properties)
        return 0;
    char buf[256];
    /* React streams resolved Suspense content as <div hidden id="S:0"> and
     * a script moves it into view: that text is the page. */
    if (attr(n, "hidden", buf, sizeof buf))
        return !(name_is(n, "div") && attr(n, "id", buf, sizeof buf) &&
                 buf[0] == 's' && buf[1] == ':');
    if (attr(n, "aria-hidden", buf, sizeof buf) && !strcmp(buf, "true"))
        return 1;
    if (attr(n, "style", buf, sizeof buf) && style_hides(buf))
        return 1;
    return name_is(n, "input") && attr(n, "type", buf, sizeof buf) &&
           !strcmp(buf, "hidden");
}

/* The node after n in document order below top, entering n's children
 * when `descend`; *depth (0 for top's children) follows. NULL at the end.
 * Lets the tree be walked without recursion. */
static const xmlNode *next_in_tree(const xmlNode *n, const xmlNode *top,
                                   unsigned *depth, int descend)
{
    if (descend && n->children) {
        ++*depth;
        return n->children;
    }
    while (n && n != top && !n->next) {
        n = n->parent;
        --*depth;
    }
    return (n && n != top) ? n->next : NULL;
}

/* Does the text node mention `word` (lower case)? ASCII case folded. */
static int mentions(const char *text, const char *word)
{
    size_t m = strlen(word);
    for (const char *c = text; *c; c++)
        if (!strncasecmp(c, word, m))
            return 1;
    return 0;
}

/* Text bytes (not white space) under n, scripts and styles left out;
 * iterative and bounded by max_depth; counting stops past `stop`. *cookie
 * (when not NULL) is set when the text mentions cookies. */
static size_t text_size(const html_ctx *hc, const xmlNode *top, int *cookie,
                        size_t stop)
{
    static const char *const raw[] = {"script", "style", "noscript",
                                      "template", NULL};
    size_t total = 0;
    unsigned depth = 0;
    const xmlNode *n = top->children;
    while (n && total <= stop) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE && n->content) {
            for (const char *c = (const char *)n->content; *c; c++)
                total += !is_ws(*c);
            if (cookie && !*cookie)
                *cookie = mentions((const char *)n->content, "cookie");
        } else if (n->type == XML_ELEMENT_NODE && !name_in(n, raw) &&
                   n->children && depth + 1 < hc->max_depth) {
            descend = 1;
        }
        n = next_in_tree(n, top, &depth, descend);
    }
    return total;
}

/* A cookie or consent box: small, and named so (id, class, label), or a
 * small banner, popup or notice that talks about cookies. */
static int is_consent_box(const html_ctx *hc, const xmlNode *n)
{
    static const char *const consent[] = {"cookie", "consent", "gdpr",
                                          "onetrust", NULL};
    static const char *const popup[] = {"banner", "popup", "popout", "modal",
                                        "overlay", "notice", "toast", NULL};
    static const char *const keys[] = {"id", "class", "aria-label", NULL};
    int named = 0, boxed = 0;
    char buf[256];
    if (!n->properties)
        return 0;
    for (int k = 0; keys[k]; k++) {
        if (!attr(n, keys[k], buf, sizeof buf))
            continue;
        for (int i = 0; consent[i]; i++)
            named |= strstr(buf, consent[i]) != NULL;
        for (int i = 0; popup[i]; i++)
            boxed |= strstr(buf, popup[i]) != NULL;
    }
    if (!named && !boxed)
        return 0;
    int cookie = 0;
    size_t size = text_size(hc, n, &cookie, CHROME_TEXT_MAX);
    return size < CHROME_TEXT_MAX && (named || cookie);
}

static size_t word_bytes(const char *text)
{
    size_t k = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        k += is_alnum((char)*c) || *c >= 0x80;
    return k;
}

/* A block made of links and little else (a menu, a table of contents, a
 * row of footer links that escaped the footer): at least 3 links, other
 * text under a tenth of the link text, small. Bounded by stats_budget. */
static int is_link_list(html_ctx *hc, const xmlNode *top)
{
    static const char *const lists[] = {"ul", "ol", "div", "p", "section",
                                        NULL};
    if (!name_in(top, lists) || !hc->stats_budget)
        return 0;
    size_t link = 0, other = 0, links = 0;
    unsigned depth = 0, in_link = 0; /* depth of the outermost <a>, or 0 */
    const xmlNode *n = top->children;
    while (n && hc->stats_budget && other < CHROME_TEXT_MAX / 10 &&
           link + other < CHROME_TEXT_MAX) {
        hc->stats_budget--;
        int descend = 0;
        if (n->type == XML_TEXT_NODE && n->content) {
            *(in_link ? &link : &other) += word_bytes((const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && n->children &&
                   !name_is(n, "script") && !name_is(n, "style") &&
                   depth + 1 < hc->max_depth) {
            descend = 1;
            if (name_is(n, "a")) {
                links++;
                if (!in_link)
                    in_link = depth + 1;
            }
        }
        n = next_in_tree(n, top, &depth, descend);
        if (depth < in_link)
            in_link = 0; /* left the link */
    }
    if (n) /* stopped early: prose, too big, or out of budget */
        return 0;
    return links >= 3 && other * 10 <= link && link + other < CHROME_TEXT_MAX;
}

static const xmlNode *find_element(const html_ctx *hc, const xmlNode *top,
                                   const char *name, const char *role,
                                   int largest);

/* Page chrome: elements whose text is never the terms. */
static int is_chrome(html_ctx *hc, const xmlNode *n, const block_ctx *b)
{
    /* skip links and text only screen readers get */
    static const char *const offscreen[] = {
        "skip-link", "skip-to", "skiplink", "sr-only", "visually-hidden",
        "visuallyhidden", "screen-reader-text", NULL};
    static const char *const dropped[] = {
        "script", "style", "noscript", "template", "svg", "math", "nav",
        "aside", "form", "button", "select", "textarea", "input", "option",
        "iframe", "object", "embed", "canvas", "audio", "video", "dialog",
        "head", "title", "meta", "link", "menu", NULL};
    static const char *const roles[] = {
        "navigation", "banner", "contentinfo", "dialog", "alertdialog",
        "search", "complementary", "menu", "menubar", "toolbar", "tablist",
        NULL};
    if (n == hc->main)
        return 0;
    if (name_in(n, dropped) || is_hidden(n))
        return 1;
    /* a page header or footer is chrome, unless it belongs to the content
     * or holds the page's <h1> (documentation sites title pages so) */
    if (!b->in_content && name_is(n, "footer"))
        return 1;
    if (!b->in_content && name_is(n, "header") &&
        !find_element(hc, n, "h1", NULL, 0))
        return 1;
    char buf[256];
    if (attr(n, "class", buf, sizeof buf))
        for (int i = 0; offscreen[i]; i++)
            if (strstr(buf, offscreen[i]))
                return 1;
    if (attr(n, "role", buf, sizeof buf))
        for (int i = 0; roles[i]; i++)
            if (!strcmp(buf, roles[i]))
                return 1;
    return is_consent_box(hc, n) || is_link_list(hc, n);
}

static int is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "address", "article", "blockquote", "body", "caption", "center",
        "dd", "details", "dir", "div", "dl", "dt", "fieldset", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "legend", "li", "main", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul", NULL};
    return name_in(n, blocks);
}

static int is_inline(const xmlNode *n)
{
    static const char *const inl[] = {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn",
        "em", "font", "i", "img", "ins", "kbd", "label", "mark", "q", "s",
        "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
        "tt", "u", "var", "wbr", "nobr", NULL};
    return name_in(n, inl);
}

static void end_para(html_ctx *hc) { fp_doc_para_end(hc->d, NULL); }

/* Begin the paragraph text in block context b goes into, if none is open. */
static void ensure_para(html_ctx *hc, const block_ctx *b)
{
    if (fp_doc_current_para(hc->d))
        return;
    fp_doc_para_begin(hc->d, b->kind, FP_STORY_BODY, b->level);
    fp_para *p = fp_doc_current_para(hc->d);
    if (p && hc->pending_label) {
        snprintf(p->label, sizeof p->label, "%s", hc->pending_label);
        hc->pending_label = NULL;
    }
}

/* The number an <ol> shows for its k-th item (decimal lists only). */
static void list_label(html_ctx *hc, const xmlNode *li)
{
    const xmlNode *ol = li->parent;
    char buf[32];
    hc->pending_label = NULL;
    if (!ol || !name_is(ol, "ol"))
        return;
    if (attr(ol, "type", buf, sizeof buf) && strcmp(buf, "1"))
        return;
    long k = attr(ol, "start", buf, sizeof buf) ? strtol(buf, NULL, 10) : 1;
    for (const xmlNode *s = ol->children; s && s != li; s = s->next)
        k += s->type == XML_ELEMENT_NODE && name_is(s, "li");
    snprintf(hc->label, sizeof hc->label, "%ld.", k);
    hc->pending_label = hc->label;
}

static void walk(html_ctx *hc, const xmlNode *n, block_ctx b, unsigned depth);

static void walk_children(html_ctx *hc, const xmlNode *n, block_ctx b,
                          unsigned depth)
{
    for (const xmlNode *c = n->children; c && !hc->d->err; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)c->content;
            int has_text = 0;
            for (; t && *t && !has_text; t++)
                has_text = !is_ws(*t);
            if (b.emit && has_text)
                ensure_para(hc, &b);
            place_text(hc, c, b.emit);
        } else if (c->type == XML_ELEMENT_NODE) {
            walk(hc, c, b, depth + 1);
        }
    }
}

/* The block context inside element n. */
static block_ctx enter(html_ctx *hc, const xmlNode *n, block_ctx b)
{
    const char *name = (const char *)n->name;
    if (n == hc->main)
        b.emit = 1;
    if (name_is(n, "article") || name_is(n, "main") || name_is(n, "section"))
        b.in_content = 1;
    if (name_is(n, "ul") || name_is(n, "ol") || name_is(n, "dl"))
        b.list_depth++;
    if (name_is(n, "li") || name_is(n, "dd")) {
        b.kind = FP_PARA_LIST_ITEM;
        b.level = b.list_depth > 0 ? b.list_depth : 1;
        if (name_is(n, "li") && b.emit)
            list_label(hc, n);
    } else if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]) {
        b.kind = FP_PARA_HEADING;
        b.level = name[1] - '0';
    } else if (name_is(n, "td") || name_is(n, "th")) {
        b.kind = FP_PARA_TABLE_CELL;
        b.level = 0;
    }
    return b;
}

static void walk(html_ctx *hc, const xmlNode *n, block_ctx b, unsigned depth)
{
    if (depth > hc->max_depth) {
        hc->deep_skipped++;
        return;
    }
    if (name_is(n, "script"))
        hc->scripts++;
    if (is_chrome(hc, n, &b)) {
        if (name_is(n, "script") || name_is(n, "style"))
            return; /* raw text: the source scan skips it too */
        b.emit = 0;  /* still walked, so the cursor passes its text */
        walk_children(hc, n, b, depth);
        return;
    }
    if (name_is(n, "br")) {
        if (b.emit && fp_doc_current_para(hc->d))
            fp_doc_soft_break(hc->d, hc->cursor < hc->n ? hc->cursor : 0);
        return;
    }
    int block = is_block(n), inl = is_inline(n);
    if (b.emit && block)
        end_para(hc);
    else if (b.emit && !inl && fp_doc_current_para(hc->d))
        fp_doc_soft_break(hc->d, hc->cursor < hc->n ? hc->cursor : 0);
    int was_emitting = b.emit;
    b = enter(hc, n, b);
    if (b.emit && block)
        end_para(hc);
    walk_children(hc, n, b, depth);
    if ((b.emit || was_emitting) && block)
        end_para(hc);
    if (name_is(n, "li"))
        hc->pending_label = NULL;
}

/* ------------------------------------------------------- main container */

static const xmlNode *find_element(const html_ctx *hc, const xmlNode *top,
                                   const char *name, const char *role,
                                   int largest)
{
    const xmlNode *best = NULL;
    size_t best_size = 0;
    unsigned depth = 0;
    const xmlNode *n = top->children;
    char buf[64];
    while (n) {
        int descend = n->type == XML_ELEMENT_NODE && n->children &&
                      depth + 1 < hc->max_depth;
        if (n->type == XML_ELEMENT_NODE && !is_hidden(n) &&
            ((name && name_is(n, name)) ||
             (role && attr(n, "role", buf, sizeof buf) && !strcmp(buf, role)))) {
            if (!largest)
                return n;
            size_t size = text_size(hc, n, NULL, SIZE_MAX);
            if (size > best_size)
                best = n, best_size = size;
            descend = 0;
        }
        n = next_in_tree(n, top, &depth, descend);
    }
    return best;
}

/* <main>, then the largest <article>, then role="main"; the body when the
 * choice holds under a fifth of the body's text (a <main> that is only a
 * hero banner, say). */
static const xmlNode *choose_main(const html_ctx *hc, const xmlNode *body)
{
    const xmlNode *c = find_element(hc, body, "main", NULL, 0);
    if (!c)
        c = find_element(hc, body, "article", NULL, 1);
    if (!c)
        c = find_element(hc, body, NULL, "main", 0);
    if (!c)
        return body;
    size_t whole = text_size(hc, body, NULL, SIZE_MAX);
    return text_size(hc, c, NULL, SIZE_MAX) * 5 < whole ? body : c;
}

static const xmlNode *find_body(const xmlNode *root)
{
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && name_is(c, "body"))
            return c;
    return root;
}

/* ------------------------------------------------------------ the parse */

/* HTML_PARSE_NOERROR keeps libxml2's messages off stderr; this per-context
 * handler catches anything that would still reach the generic channel. */
static void on_parse_error(void *data, xmlErrorPtr err)
{
    (void)data;
    (void)err;
}

/* libxml2 halts (XML_ERR_INTERNAL_ERROR) when elements nest deeper than its
 * own cap of 256 without HTML_PARSE_HUGE, which fineprint never sets. */
static void note_parser_stop(html_ctx *hc, htmlParserCtxtPtr ctxt)
{
    if (ctxt->errNo != XML_ERR_INTERNAL_ERROR)
        return;
    hc->libxml_depth_stop = 1;
    hc->libxml_stop_line = ctxt->input && ctxt->input->line > 0
                               ? (unsigned)ctxt->input->line : 0;
}

/* libxml2 counts lines at LF only; a lone CR ends a line for fineprint.
 * Hand it a copy with lone CRs made LFs (same length, same offsets). */
static char *parse_copy(const char *s, size_t n, int *copied)
{
    *copied = 0;
    int lone_cr = 0;
    for (size_t i = 0; i < n && !lone_cr; i++)
        lone_cr = s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n');
    if (!lone_cr)
        return (char *)s;
    char *c = malloc(n ? n : 1);
    if (!c)
        return NULL;
    memcpy(c, s, n);
    for (size_t i = 0; i < n; i++)
        if (c[i] == '\r' && (i + 1 >= n || c[i + 1] != '\n'))
            c[i] = '\n';
    *copied = 1;
    return c;
}

static void set_source_lines(html_ctx *hc)
{
    for (size_t i = 0; i < hc->d->npara; i++) {
        fp_para *p = &hc->d->paras[i];
        p->src_line = line_of(hc, fp_offmap_lookup(&hc->d->map, p->start));
    }
}

static fp_status report_empty(fp_doc *d, const html_ctx *hc)
{
    if (hc->libxml_depth_stop)
        return fp_doc_fail(d, FP_ERR_LIMIT, "no readable text before the HTML "
                           "parser stopped near line %u, most likely at "
                           "elements nested over 256 levels deep",
                           hc->libxml_stop_line);
    if (hc->scripts)
        return fp_doc_fail(d, FP_ERR_EMPTY, "no readable text: the page holds "
                           "only scripts and markup (%zu script elements), so "
                           "its text is built by JavaScript; save the page as "
                           "rendered in a browser and scan that", hc->scripts);
    return fp_doc_fail(d, FP_ERR_EMPTY, "no readable text in the HTML body");
}

static fp_status walk_document(fp_doc *d, html_ctx *hc, xmlDocPtr doc)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!root)
        return report_empty(d, hc);
    const xmlNode *body = find_body(root);
    hc->main = choose_main(hc, body);
    block_ctx b = {FP_PARA_BODY, 0, 0, 0, 0};
    walk(hc, body, b, 1);
    fp_doc_para_end(d, NULL);
    if (d->err == FP_ERR_LIMIT)
        return fp_doc_fail(d, FP_ERR_LIMIT, "extracted text exceeds the "
                           "text-bytes limit (%zu bytes)", d->text_limit);
    if (d->err)
        return d->err;
    if (hc->deep_skipped)
        fp_doc_warn(d, "%zu elements nested deeper than %u levels were skipped "
                    "(xml-depth limit)", hc->deep_skipped, hc->max_depth);
    if (hc->libxml_depth_stop)
        fp_doc_warn(d, "the HTML parser stopped near line %u, most likely at "
                    "elements nested over 256 levels deep: the text after it "
                    "is missing", hc->libxml_stop_line);
    if (!d->npara)
        return report_empty(d, hc);
    set_source_lines(hc);
    return FP_OK;
}

fp_status fp_ingest_html(fp_doc *d, const fp_options *opts)
{
    fp_xml_init();
    d->format = FP_FORMAT_HTML;
    d->loc = FP_LOC_LINES;
    size_t skip = 0;
    fp_status st = html_decode(d, &skip);
    if (st)
        return st;
    if (d->dec_len - skip > PARSER_MAX_BYTES)
        return fp_doc_fail(d, FP_ERR_TOO_LARGE, "%zu bytes of HTML is over "
                           "what the HTML parser accepts (%u)",
                           d->dec_len - skip, PARSER_MAX_BYTES);
    html_ctx hc = {0};
    hc.d = d;
    hc.s = d->dec;
    hc.n = d->dec_len;
    hc.cursor = skip;
    hc.budget = 8 * hc.n + (1u << 20);
    hc.stats_budget = 4 * hc.n + (1u << 20);
    uint64_t depth = opts->limit[FP_LIMIT_XML_DEPTH];
    hc.max_depth = depth > 100000 ? 100000 : (unsigned)depth;
    int copied = 0;
    char *input = NULL;
    htmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    if ((st = build_lines(&hc)))
        goto done;
    input = parse_copy(d->dec + skip, d->dec_len - skip, &copied);
    ctxt = input ? htmlNewParserCtxt() : NULL;
    if (!ctxt) {
        st = FP_ERR_NOMEM;
        goto done;
    }
    ctxt->sax->serror = on_parse_error; /* per context: no global handler */
    ctxt->sax->error = NULL;
    ctxt->sax->warning = NULL;
    doc = htmlCtxtReadMemory(ctxt, input, (int)(d->dec_len - skip), d->name,
                             "UTF-8", HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                             HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_COMPACT);
    note_parser_stop(&hc, ctxt);
    if (!doc) {
        st = fp_doc_fail(d, FP_ERR_CORRUPT, "the HTML parser could not read "
                         "the page");
        goto done;
    }
    st = walk_document(d, &hc, doc);
done:
    xmlFreeDoc(doc);
    if (ctxt)
        htmlFreeParserCtxt(ctxt);
    if (copied)
        free(input);
    free(hc.lines);
    return st;
}
