/* mkdocx - write DOCX fixtures: a document from simple markup, or a
 * deliberately malformed package for testing readers.
 *
 *   mkdocx [--stored] IN.txt OUT.docx
 *       Markup, one paragraph per line:
 *         "# text"    title                 "= text"   numbered heading: 1.
 *         "== text"   numbered clause: 1.1  "=== text" sub-clause: (a)
 *         "! text"    footer                anything else: a body paragraph
 *   mkdocx --malformed KIND OUT.docx
 *       KIND: overlap, huge-declared, tiny-declared, bad-crc, truncated,
 *             many-entries, encrypted, doctype, zip64
 *
 * Build: cc -O2 -Itests tools/mkdocx.c -lz -o build/mkdocx */
#include "zipwriter.h"

static const char numbering[] =
    "<w:abstractNum w:abstractNumId=\"0\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:pStyle w:val=\"Heading1\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:pStyle w:val=\"Clause\"/><w:lvlText w:val=\"%1.%2\"/></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/>"
    "<w:pStyle w:val=\"SubClause\"/><w:lvlText w:val=\"(%3)\"/></w:lvl>"
    "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>";

static const char styles[] =
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
    "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Clause\"><w:name w:val=\"Clause\"/>"
    "<w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"SubClause\"><w:name w:val=\"Sub-clause\"/>"
    "<w:pPr><w:numPr><w:ilvl w:val=\"2\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>";

typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 4096;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *p = realloc(b->s, nc);
        if (!p)
            return -1;
        b->s = p;
        b->cap = nc;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

static int sb_str(sbuf *b, const char *s) { return sb_put(b, s, strlen(s)); }

/* One paragraph with escaped text and an optional style. */
static int paragraph(sbuf *b, const char *style, const char *text, size_t n)
{
    int rc = sb_str(b, "<w:p>");
    if (style) {
        rc |= sb_str(b, "<w:pPr><w:pStyle w:val=\"");
        rc |= sb_str(b, style);
        rc |= sb_str(b, "\"/></w:pPr>");
    }
    rc |= sb_str(b, "<w:r><w:t xml:space=\"preserve\">");
    for (size_t i = 0; i < n; i++) {
        const char *esc = text[i] == '<' ? "&lt;" : text[i] == '>' ? "&gt;"
                        : text[i] == '&' ? "&amp;" : NULL;
        rc |= esc ? sb_str(b, esc) : sb_put(b, text + i, 1);
    }
    return rc | sb_str(b, "</w:t></w:r></w:p>");
}

static int from_markup(const char *in, const char *out, int method)
{
    FILE *f = fopen(in, "rb");
    if (!f) {
        perror(in);
        return 2;
    }
    sbuf body = {0}, footer = {0};
    char line[8192];
    int rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        static const struct { const char *mark, *style; } kinds[] = {
            {"=== ", "SubClause"}, {"== ", "Clause"}, {"= ", "Heading1"},
            {"# ", "Title"}, {"! ", NULL}};
        size_t k = 0;
        while (k < 5 && strncmp(line, kinds[k].mark, strlen(kinds[k].mark)))
            k++;
        if (!n)
            continue;
        size_t skip = k < 5 ? strlen(kinds[k].mark) : 0;
        rc = paragraph(k == 4 ? &footer : &body, k < 5 ? kinds[k].style : NULL,
                       line + skip, n - skip);
    }
    fclose(f);
    zw_docx x = {.body = body.s ? body.s : "", .styles = styles,
                 .numbering = numbering, .footer = footer.s, .method = method};
    zw w = {0};
    if (!rc)
        zw_docx_write(&w, &x);
    zw_finish(&w, 0);
    free(body.s);
    free(footer.s);
    FILE *o = rc || w.failed ? NULL : fopen(out, "wb");
    int ok = o && fwrite(w.data, 1, w.len, o) == w.len;
    if (o && fclose(o))
        ok = 0;
    zw_free(&w);
    if (!ok) {
        fprintf(stderr, "mkdocx: cannot write %s\n", out);
        return 2;
    }
    return 0;
}

static void minimal_package(zw *w, const char *document_xml, const zw_opts *doc)
{
    zw_add(w, "[Content_Types].xml", "<Types xmlns=\"http://schemas."
           "openxmlformats.org/package/2006/content-types\"/>", 0);
    zw_add_ex(w, "word/document.xml", document_xml,
              document_xml ? strlen(document_xml) : 80u << 20, doc);
}

static int malformed(const char *kind, const char *out)
{
    const char *doc = "<w:document xmlns:w=\"" ZW_W_NS "\"><w:body><w:p><w:r>"
                      "<w:t>text</w:t></w:r></w:p></w:body></w:document>";
    zw w = {0};
    zw_opts o = {.method = 8};
    int zip64 = 0;
    size_t keep = 0;
    if (!strcmp(kind, "overlap")) {
        minimal_package(&w, doc, &o);
        for (int i = 0; i < 100; i++) {
            char name[32];
            snprintf(name, sizeof name, "word/header%d.xml", i);
            zw_alias(&w, name, 1);
        }
    } else if (!strcmp(kind, "huge-declared") || !strcmp(kind, "tiny-declared")) {
        o.lie_usize = 1;
        o.usize = kind[0] == 'h' ? 0xF0000000u : 100;
        minimal_package(&w, NULL, &o); /* 80 MiB of zeros */
    } else if (!strcmp(kind, "bad-crc")) {
        o.crc_xor = 0xBAD;
        minimal_package(&w, doc, &o);
    } else if (!strcmp(kind, "encrypted")) {
        o.flags = 1;
        minimal_package(&w, doc, &o);
    } else if (!strcmp(kind, "doctype")) {
        minimal_package(&w, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x "
                        "SYSTEM \"file:///etc/passwd\">]><w:document xmlns:w=\""
                        ZW_W_NS "\"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>"
                        "</w:body></w:document>", &o);
    } else if (!strcmp(kind, "zip64")) {
        minimal_package(&w, doc, &o);
        zip64 = 1;
    } else if (!strcmp(kind, "many-entries")) {
        for (int i = 0; i < 100000; i++) {
            char name[32];
            snprintf(name, sizeof name, "f%d", i);
            zw_add(&w, name, "", 0);
        }
    } else if (!strcmp(kind, "truncated")) {
        minimal_package(&w, doc, &o);
        keep = 1;
    } else {
        fprintf(stderr, "mkdocx: unknown kind '%s'\n", kind);
        return 2;
    }
    zw_finish(&w, zip64);
    if (keep)
        w.len /= 2;
    FILE *f = w.failed ? NULL : fopen(out, "wb");
    int ok = f && fwrite(w.data, 1, w.len, f) == w.len;
    if (f && fclose(f))
        ok = 0;
    zw_free(&w);
    if (!ok)
        fprintf(stderr, "mkdocx: cannot write %s\n", out);
    return ok ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--malformed"))
        return malformed(argv[2], argv[3]);
    if (argc == 4 && !strcmp(argv[1], "--stored"))
        return from_markup(argv[2], argv[3], 0);
    if (argc == 3)
        return from_markup(argv[1], argv[2], 8);
    fprintf(stderr, "usage: mkdocx [--stored] IN.txt OUT.docx\n"
                    "       mkdocx --malformed KIND OUT.docx\n");
    return 2;
}
