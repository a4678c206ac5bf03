/* pathogen.c - writes the hostile and broken inputs of tests/pathological.sh
 * and the mixed batch of tests/pathological.sh's batch test, at test time
 * (nothing this big is committed).
 *
 * Usage: pathogen KIND OUT [N]
 *   overlap        zip whose central entries share one deflated bomb
 *   inflate-bomb   DOCX whose document.xml declares 300 bytes, inflates to N MiB
 *   inflate-bomb-honest  the same declaring its true size (N < 4096)
 *   many-entries   zip with N stored entries (100000)
 *   bad-crc        DOCX whose document.xml has a wrong CRC-32
 *   truncated      DOCX cut to two thirds of its length
 *   doctype        DOCX whose document.xml declares entities (billion laughs)
 *   deep-xml       DOCX with elements nested N deep
 *   good-docx      a small valid DOCX with a disclaimer
 *   html-unclosed  HTML with N unclosed tags
 *   long-line      prose of N MiB (200) on one line
 *   long-line-dense  the same packed with words the rules look for
 *   bad-utf8       text where every word is broken by invalid UTF-8
 *   utf16-nobom    UTF-16LE text without a byte-order mark
 *   backtrack      text that makes (a+)+$ backtrack catastrophically
 *   batch          directory OUT of N documents, 5% corrupt, and
 *                  OUT.expected: "name<TAB>ok" or "name<TAB>reason text" */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "zipwriter.h"

#define MIB (1024u * 1024u)

static const char DISCLAIMER[] =
    "The Service is provided \"as is\" and \"as available\" without warranty of any kind. ";

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static FILE *open_out(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        die(path);
    return f;
}

static void write_all(const char *path, const void *data, size_t len)
{
    FILE *f = open_out(path);
    if (fwrite(data, 1, len, f) != len || fclose(f))
        die(path);
}

static void write_zip(const char *path, zw *w)
{
    if (w->failed) {
        fprintf(stderr, "pathogen: out of memory\n");
        exit(1);
    }
    write_all(path, w->data, w->len);
    zw_free(w);
}

/* A DOCX whose body is `body` (inner XML of w:body); not finished. */
static void docx_with_body(zw *w, const char *body, int method)
{
    zw_docx x = {.body = body, .method = method};
    zw_docx_write(w, &x);
}

static void good_docx(zw *w)
{
    docx_with_body(w, "<w:p><w:r><w:t>1. Disclaimer</w:t></w:r></w:p><w:p><w:r><w:t>"
                      "THE SERVICE IS PROVIDED \"AS IS\".</w:t></w:r></w:p>", 8);
    zw_finish(w, 0);
}

/* The package parts of a DOCX, then document.xml written by the caller. */
static void docx_frame(zw *w)
{
    zw_add(w, "[Content_Types].xml",
           "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
           "package/2006/content-types\"/>", 8);
    zw_add(w, "_rels/.rels",
           "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
           "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" ZW_REL_TYPES
           "officeDocument\" Target=\"word/document.xml\"/></Relationships>", 8);
}

/* Raw deflate of `mib` MiB of zeros, built from one flushed block repeated:
 * a full flush leaves the stream byte-aligned with no back-references
 * before it, so copies of the block chain into one valid stream. Makes a
 * gigabyte bomb in milliseconds. */
static unsigned char *zero_bomb(unsigned mib, size_t *len, uint32_t *crc)
{
    unsigned char *zeros = calloc(1, MIB), *block = malloc(2 * MIB);
    z_stream s;
    memset(&s, 0, sizeof s);
    if (!zeros || !block ||
        deflateInit2(&s, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        die("deflate");
    s.next_in = zeros;
    s.avail_in = MIB;
    s.next_out = block;
    s.avail_out = 2 * MIB;
    if (deflate(&s, Z_FULL_FLUSH) != Z_OK)
        die("deflate");
    size_t blen = 2 * MIB - s.avail_out;
    deflateEnd(&s);
    static const unsigned char last[] = {0x03, 0x00}; /* final empty fixed block */
    unsigned char *out = malloc(blen * mib + sizeof last);
    if (!out)
        die("malloc");
    uLong c = crc32(0L, Z_NULL, 0);
    for (unsigned i = 0; i < mib; i++) {
        memcpy(out + blen * i, block, blen);
        c = crc32(c, zeros, MIB);
    }
    memcpy(out + blen * mib, last, sizeof last);
    *len = blen * mib + sizeof last;
    *crc = (uint32_t)c;
    free(zeros);
    free(block);
    return out;
}

static void overlap(const char *out)
{
    zw w = {0};
    size_t len;
    uint32_t crc;
    unsigned char *bomb = zero_bomb(16, &len, &crc);
    zw_add_raw(&w, "word/document.xml", 8, 0, bomb, len, crc, 16 * MIB, 0);
    free(bomb);
    for (int i = 0; i < 1000; i++) {
        char name[64];
        snprintf(name, sizeof name, "word/alias%d.xml", i);
        zw_alias(&w, name, 0);
    }
    zw_finish(&w, 0);
    write_zip(out, &w);
}

/* declared = 0 lies (300 bytes); otherwise the true size is declared */
static void inflate_bomb(const char *out, unsigned mib, int honest)
{
    zw w = {0};
    docx_frame(&w);
    size_t len;
    uint32_t crc;
    unsigned char *bomb = zero_bomb(mib, &len, &crc);
    zw_add_raw(&w, "word/document.xml", 8, 0, bomb, len, crc,
               honest ? (uint32_t)((uint64_t)mib * MIB) : 300, 0);
    free(bomb);
    zw_finish(&w, 0);
    write_zip(out, &w);
}

static void many_entries(const char *out, unsigned n)
{
    zw w = {0};
    for (unsigned i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%06u.txt", i);
        zw_add(&w, name, "x", 0);
    }
    zw_finish(&w, 0);
    write_zip(out, &w);
}

static void bad_crc(const char *out)
{
    zw w = {0};
    docx_frame(&w);
    char *xml = zw_part("document", ZW_W_NS, "<w:body><w:p><w:r><w:t>THE SERVICE IS "
                        "PROVIDED \"AS IS\".</w:t></w:r></w:p></w:body>");
    if (!xml)
        die("malloc");
    zw_opts o = {.method = 8, .crc_xor = 0x5a5a5a5a};
    zw_add_ex(&w, "word/document.xml", xml, strlen(xml), &o);
    free(xml);
    zw_finish(&w, 0);
    write_zip(out, &w);
}

static void truncated(const char *out)
{
    zw w = {0};
    good_docx(&w);
    w.len -= w.len / 3;
    write_zip(out, &w);
}

static void doctype(const char *out)
{
    zw w = {0};
    docx_frame(&w);
    zw_add(&w, "word/document.xml",
           "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\">"
           "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
           "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
           "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
           "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
           "<w:document xmlns:w=\"" ZW_W_NS "\"><w:body><w:p><w:r><w:t>&h;&x;</w:t></w:r></w:p>"
           "</w:body></w:document>", 8);
    zw_finish(&w, 0);
    write_zip(out, &w);
}

static void deep_xml(const char *out, unsigned n)
{
    static const char open[] = "<w:sdt>", close[] = "</w:sdt>";
    size_t cap = (size_t)n * (sizeof open + sizeof close) + 512, k = 0;
    char *xml = malloc(cap);
    if (!xml)
        die("malloc");
    k += (size_t)sprintf(xml, "<w:document xmlns:w=\"" ZW_W_NS "\"><w:body>");
    for (unsigned i = 0; i < n; i++, k += sizeof open - 1)
        memcpy(xml + k, open, sizeof open - 1);
    k += (size_t)sprintf(xml + k, "<w:p><w:r><w:t>deep</w:t></w:r></w:p>");
    for (unsigned i = 0; i < n; i++, k += sizeof close - 1)
        memcpy(xml + k, close, sizeof close - 1);
    k += (size_t)sprintf(xml + k, "</w:body></w:document>");
    zw w = {0};
    docx_frame(&w);
    zw_opts o = {.method = 8};
    zw_add_ex(&w, "word/document.xml", xml, k, &o);
    free(xml);
    zw_finish(&w, 0);
    write_zip(out, &w);
}

static void html_unclosed(const char *out, unsigned n)
{
    FILE *f = open_out(out);
    fputs("<!DOCTYPE html><html><body><p>", f);
    fputs(DISCLAIMER, f);
    fputs("</p>", f);
    static const char *tags[] = {"<div>", "<b>", "<span>", "<i>", "<p>", "<li>", "<td>", "<a>"};
    for (unsigned i = 0; i < n; i++)
        fputs(tags[i % 8], f);
    fputs("tail", f);
    if (fclose(f))
        die(out);
}

/* N MiB of ordinary HTML: numbered sections of short paragraphs with inline
 * markup, the shape of a long terms page, to measure the tree's memory. */
static void html_big(const char *out, unsigned mib)
{
    FILE *f = open_out(out);
    fputs("<!DOCTYPE html><html><head><title>Terms</title></head><body><main><p>", f);
    fputs(DISCLAIMER, f);
    fputs("</p>", f);
    long written = ftell(f);
    for (unsigned sec = 1; written < (long)mib * MIB; sec++) {
        written += fprintf(f, "<h2 id=\"s%u\">%u. Section</h2><p>The <b>committee</b> met on a "
                           "sunny morning. It talked about the <a href=\"#s%u\">weather</a>, the "
                           "harvest and the new bridge over the river.</p><ul><li>one item</li>"
                           "<li>another <i>item</i></li></ul>\n", sec, sec, sec);
    }
    fputs("</main></body></html>", f);
    if (fclose(f))
        die(out);
}

/* N MiB with no line break: sentences run together with no full stop
 * either, so the segmenter must cut them at the sentence-bytes limit.
 * `dense` packs every sentence with rule literals (the costliest text for
 * the matcher); otherwise the words are ordinary prose. */
static void long_line(const char *out, unsigned mib, int dense)
{
    static const char risky[] = "the provider may suspend or change the service as is and "
                                "you agree to indemnify it for any claim ";
    static const char plain[] = "the committee met on a sunny morning and talked about the "
                                "weather the harvest and the new bridge over the river ";
    const char *words = dense ? risky : plain;
    size_t n = strlen(words);
    FILE *f = open_out(out);
    for (size_t done = 0; done < (size_t)mib * MIB; done += n)
        fwrite(words, 1, n, f);
    if (fclose(f))
        die(out);
}

static void bad_utf8(const char *out)
{
    static const char *junk[] = {"\xff", "\xc3", "\xe2\x80", "\xf0\x9f\x98", "\xc0\xaf",
                                 "\xed\xa0\x80", "\x80", "\xfe"};
    FILE *f = open_out(out);
    const char *text = DISCLAIMER;
    for (int rep = 0; rep < 200; rep++)
        for (size_t i = 0; text[i]; i++) {
            fputc(text[i], f);
            if (text[i] == ' ')
                fputs(junk[(i + (size_t)rep) % 8], f);
        }
    if (fclose(f))
        die(out);
}

static void utf16_nobom(const char *out)
{
    FILE *f = open_out(out);
    for (int rep = 0; rep < 3; rep++)
        for (const char *p = DISCLAIMER; *p; p++) {
            fputc(*p, f);
            fputc(0, f);
        }
    if (fclose(f))
        die(out);
}

static void backtrack(const char *out)
{
    FILE *f = open_out(out);
    for (int k = 0; k < 50; k++) {
        for (int i = 0; i < 40; i++)
            fputc('a', f);
        fputs("b\n\n", f);
    }
    if (fclose(f))
        die(out);
}

/* ------------------------------------------------------------- the batch */

typedef struct corrupt_kind {
    const char *ext, *reason; /* reason: text the error must contain */
} corrupt_kind;

static const corrupt_kind CORRUPT[] = {
    {"docx", "CRC mismatch"},
    {"docx", "truncated"},
    {"docx", "DOCTYPE declarations are not allowed"},
    {"docx", "entries overlap"},
    {"docx", "encrypted"},
    {"txt", "binary data"},
    {"txt", "empty file"},
    {"txt", "UTF-32"},
    {"docx", "PDF"},
    {"docx", "not well-formed XML"},
};
#define NCORRUPT (sizeof CORRUPT / sizeof *CORRUPT)

static void corrupt_doc(const char *path, size_t kind)
{
    zw w = {0};
    switch (kind) {
    case 0: bad_crc(path); return;
    case 1: truncated(path); return;
    case 2: doctype(path); return;
    case 3:
        zw_add(&w, "word/document.xml", DISCLAIMER, 8);
        zw_alias(&w, "word/again.xml", 0);
        zw_finish(&w, 0);
        write_zip(path, &w);
        return;
    case 4: {
        zw_opts o = {.method = 8, .flags = 1};
        zw_add_ex(&w, "word/document.xml", DISCLAIMER, sizeof DISCLAIMER - 1, &o);
        zw_finish(&w, 0);
        write_zip(path, &w);
        return;
    }
    case 5: write_all(path, "text\0with\0nul", 13); return;
    case 6: write_all(path, "", 0); return;
    case 7: write_all(path, "\xff\xfe\0\0T\0\0\0", 8); return;
    case 8: write_all(path, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15); return;
    default:
        docx_frame(&w);
        zw_add(&w, "word/document.xml", "<w:document xmlns:w=\"" ZW_W_NS "\"><w:body><w:p>", 8);
        zw_finish(&w, 0);
        write_zip(path, &w);
        return;
    }
}

static void good_doc(const char *path, size_t i, const char *ext)
{
    FILE *f;
    zw w = {0};
    if (!strcmp(ext, "docx")) {
        good_docx(&w);
        write_zip(path, &w);
        return;
    }
    f = open_out(path);
    if (!strcmp(ext, "html"))
        fprintf(f, "<html><body><h1>Terms %zu</h1><p>%s</p><p>We may terminate your account "
                   "at any time.</p></body></html>\n", i, DISCLAIMER);
    else if (!strcmp(ext, "md"))
        fprintf(f, "# Terms %zu\n\n## 1. Warranty\n\n%s\n\n## 2. Law\n\nThese terms are "
                   "governed by the laws of England.\n", i, DISCLAIMER);
    else
        for (size_t k = 0; k <= i % 7; k++)
            fprintf(f, "%zu. Section %zu. %s\n\n", k + 1, i, k % 2 ? "Each party keeps its "
                    "own costs." : DISCLAIMER);
    if (fclose(f))
        die(path);
}

/* Every 20th document is corrupt (5%), cycling through the kinds. */
static void batch(const char *dir, unsigned n)
{
    static const char *exts[] = {"txt", "md", "html", "docx"};
    if (mkdir(dir, 0755) && errno != EEXIST)
        die(dir);
    char path[4096];
    snprintf(path, sizeof path, "%s.expected", dir);
    FILE *want = open_out(path);
    for (unsigned i = 0; i < n; i++) {
        int bad = i % 20 == 7;
        size_t kind = (i / 20) % NCORRUPT;
        const char *ext = bad ? CORRUPT[kind].ext : exts[i % 4];
        snprintf(path, sizeof path, "%s/doc%05u.%s", dir, i, ext);
        if (bad)
            corrupt_doc(path, kind);
        else
            good_doc(path, i, ext);
        fprintf(want, "%s\t%s\n", path, bad ? CORRUPT[kind].reason : "ok");
    }
    if (fclose(want))
        die("expected");
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pathogen KIND OUT [N]\n");
        return 2;
    }
    const char *kind = argv[1], *out = argv[2];
    unsigned n = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 0;
    if (!strcmp(kind, "overlap")) overlap(out);
    else if (!strcmp(kind, "inflate-bomb")) inflate_bomb(out, n ? n : 2048, 0);
    else if (!strcmp(kind, "inflate-bomb-honest")) inflate_bomb(out, n ? n : 2048, 1);
    else if (!strcmp(kind, "many-entries")) many_entries(out, n ? n : 100000);
    else if (!strcmp(kind, "bad-crc")) bad_crc(out);
    else if (!strcmp(kind, "truncated")) truncated(out);
    else if (!strcmp(kind, "doctype")) doctype(out);
    else if (!strcmp(kind, "deep-xml")) deep_xml(out, n ? n : 100000);
    else if (!strcmp(kind, "good-docx")) { zw w = {0}; good_docx(&w); write_zip(out, &w); }
    else if (!strcmp(kind, "html-unclosed")) html_unclosed(out, n ? n : 1000000);
    else if (!strcmp(kind, "html-big")) html_big(out, n ? n : 31);
    else if (!strcmp(kind, "long-line")) long_line(out, n ? n : 200, 0);
    else if (!strcmp(kind, "long-line-dense")) long_line(out, n ? n : 200, 1);
    else if (!strcmp(kind, "bad-utf8")) bad_utf8(out);
    else if (!strcmp(kind, "utf16-nobom")) utf16_nobom(out);
    else if (!strcmp(kind, "backtrack")) backtrack(out);
    else if (!strcmp(kind, "batch")) batch(out, n ? n : 2000);
    else {
        fprintf(stderr, "pathogen: unknown kind %s\n", kind);
        return 2;
    }
    return 0;
}
