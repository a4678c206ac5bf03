/* zipwriter.h - a small zip and DOCX writer for tests and tools/mkdocx.
 *
 * Writes well-formed archives (stored and deflate entries, optional data
 * descriptors) and, on request, deliberately broken ones: wrong CRC, lying
 * sizes, encryption flags, unknown methods, entries aliasing each other's
 * bytes (the overlap bomb), zip64 markers. Header-only so that unit tests
 * build fixtures in memory and the CLI tool shares the code. */
#ifndef FP_ZIPWRITER_H
#define FP_ZIPWRITER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct zw_entry {
    char name[256];
    uint16_t method, flags;
    uint32_t crc, csize, usize, offset;
} zw_entry;

typedef struct zw {
    unsigned char *data;
    size_t len, cap;
    zw_entry *ents;
    size_t count, capents;
    int failed; /* out of memory somewhere: the result is unusable */
} zw;

/* How to lie about an entry (all zero = tell the truth). */
typedef struct zw_opts {
    int method;          /* 0 stored, 8 deflate, other values written raw */
    uint16_t flags;      /* extra general purpose flags (1 = encrypted) */
    uint32_t crc_xor;    /* corrupt the recorded CRC */
    int lie_usize;       /* record `usize` instead of the true size */
    uint32_t usize;
    int descriptor;      /* sizes in a data descriptor after the data */
} zw_opts;

static inline void zw_put(zw *z, const void *p, size_t n)
{
    if (z->failed)
        return;
    if (z->len + n > z->cap) {
        size_t nc = z->cap ? z->cap : 4096;
        while (nc < z->len + n)
            nc *= 2;
        unsigned char *d = realloc(z->data, nc);
        if (!d) {
            z->failed = 1;
            return;
        }
        z->data = d;
        z->cap = nc;
    }
    memcpy(z->data + z->len, p, n);
    z->len += n;
}

static inline void zw_u16(zw *z, unsigned v)
{
    unsigned char b[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    zw_put(z, b, 2);
}

static inline void zw_u32(zw *z, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                          (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    zw_put(z, b, 4);
}

/* Raw deflate of `n` bytes of `data`, or of `n` zero bytes when data is
 * NULL (bombs), streamed so that huge inputs need no huge buffer. */
static inline unsigned char *zw_deflate(const void *data, size_t n, size_t *out_len,
                                        uint32_t *crc)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    static const unsigned char zeros[65536];
    size_t cap = 4096 + n / 100, len = 0, done = 0;
    unsigned char *out = malloc(cap);
    *crc = (uint32_t)crc32(0L, Z_NULL, 0);
    int rc = Z_OK;
    while (out && rc != Z_STREAM_END) {
        if (s.avail_in == 0 && done < n) {
            size_t chunk = n - done < 65536 ? n - done : 65536;
            s.next_in = (unsigned char *)(data ? (const unsigned char *)data + done : zeros);
            s.avail_in = (uInt)chunk;
            *crc = (uint32_t)crc32(*crc, s.next_in, (uInt)chunk);
            done += chunk;
        }
        if (len == cap) {
            unsigned char *o = realloc(out, cap * 2);
            if (!o) {
                free(out);
                out = NULL;
                break;
            }
            out = o;
            cap *= 2;
        }
        s.next_out = out + len;
        s.avail_out = (uInt)(cap - len);
        rc = deflate(&s, done == n ? Z_FINISH : Z_NO_FLUSH);
        len = cap - s.avail_out;
    }
    deflateEnd(&s);
    *out_len = len;
    return out;
}

/* Append an entry whose payload is already encoded (stored bytes or raw
 * deflate), recording crc and the declared uncompressed size as given. */
static inline void zw_add_raw(zw *z, const char *name, int method, uint16_t flags,
                              const void *payload, size_t plen, uint32_t crc,
                              uint32_t usize, int descriptor)
{
    if (z->failed)
        return;
    if (z->count == z->capents) {
        size_t nc = z->capents ? z->capents * 2 : 16;
        zw_entry *e = realloc(z->ents, nc * sizeof *e);
        if (!e) {
            z->failed = 1;
            return;
        }
        z->ents = e;
        z->capents = nc;
    }
    zw_entry *e = &z->ents[z->count++];
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    e->method = (uint16_t)method;
    e->flags = (uint16_t)(flags | (descriptor ? 8 : 0));
    e->offset = (uint32_t)z->len;
    e->crc = crc;
    e->csize = (uint32_t)plen;
    e->usize = usize;
    size_t nlen = strlen(e->name);
    zw_u32(z, 0x04034b50);
    zw_u16(z, 20);
    zw_u16(z, e->flags);
    zw_u16(z, e->method);
    zw_u32(z, 0); /* time, date */
    zw_u32(z, descriptor ? 0 : e->crc);
    zw_u32(z, descriptor ? 0 : e->csize);
    zw_u32(z, descriptor ? 0 : e->usize);
    zw_u16(z, (unsigned)nlen);
    zw_u16(z, 0);
    zw_put(z, e->name, nlen);
    zw_put(z, payload, plen);
    if (descriptor) {
        zw_u32(z, 0x08074b50);
        zw_u32(z, e->crc);
        zw_u32(z, e->csize);
        zw_u32(z, e->usize);
    }
}

/* Add an entry; data NULL means `n` zero bytes (for bombs). */
static inline void zw_add_ex(zw *z, const char *name, const void *data, size_t n,
                             const zw_opts *o)
{
    if (z->failed)
        return;
    unsigned char *payload = NULL;
    size_t plen = n;
    uint32_t crc;
    if (o->method == 8) {
        payload = zw_deflate(data, n, &plen, &crc);
        if (!payload) {
            z->failed = 1;
            return;
        }
    } else {
        crc = (uint32_t)crc32(0L, Z_NULL, 0);
        payload = malloc(n ? n : 1);
        if (!payload) {
            z->failed = 1;
            return;
        }
        if (data)
            memcpy(payload, data, n);
        else
            memset(payload, 0, n);
        crc = (uint32_t)crc32(crc, payload, (uInt)n);
    }
    zw_add_raw(z, name, o->method, o->flags, payload, plen, crc ^ o->crc_xor,
               o->lie_usize ? o->usize : (uint32_t)n, o->descriptor);
    free(payload);
}

static inline void zw_add(zw *z, const char *name, const char *text, int method)
{
    zw_opts o = {.method = method};
    zw_add_ex(z, name, text, strlen(text), &o);
}

/* A second central entry for the bytes of entry `index`: the overlap bomb. */
static inline void zw_alias(zw *z, const char *name, size_t index)
{
    if (z->failed || index >= z->count)
        return;
    zw_entry copy = z->ents[index];
    snprintf(copy.name, sizeof copy.name, "%s", name);
    if (z->count == z->capents) {
        zw_entry *e = realloc(z->ents, z->capents * 2 * sizeof *e);
        if (!e) {
            z->failed = 1;
            return;
        }
        z->ents = e;
        z->capents *= 2;
    }
    z->ents[z->count++] = copy;
}

/* Central directory and end record. `zip64` writes a zip64 locator in
 * front of the end record. The entry count saturates at 65535 like old
 * writers do. */
static inline void zw_finish(zw *z, int zip64)
{
    uint32_t cd = (uint32_t)z->len;
    for (size_t i = 0; i < z->count; i++) {
        const zw_entry *e = &z->ents[i];
        size_t nlen = strlen(e->name);
        zw_u32(z, 0x02014b50);
        zw_u16(z, 20);
        zw_u16(z, 20);
        zw_u16(z, e->flags);
        zw_u16(z, e->method);
        zw_u32(z, 0);
        zw_u32(z, e->crc);
        zw_u32(z, e->csize);
        zw_u32(z, e->usize);
        zw_u16(z, (unsigned)nlen);
        zw_u16(z, 0);
        zw_u16(z, 0);
        zw_u16(z, 0);
        zw_u16(z, 0);
        zw_u32(z, 0);
        zw_u32(z, e->offset);
        zw_put(z, e->name, nlen);
    }
    uint32_t cd_size = (uint32_t)z->len - cd;
    if (zip64) {
        zw_u32(z, 0x07064b50);
        zw_u32(z, 0);
        zw_u32(z, 0);
        zw_u32(z, 0);
        zw_u32(z, 1);
    }
    unsigned n = z->count > 65535 ? 65535 : (unsigned)z->count;
    zw_u32(z, 0x06054b50);
    zw_u16(z, 0);
    zw_u16(z, 0);
    zw_u16(z, n);
    zw_u16(z, n);
    zw_u32(z, cd_size);
    zw_u32(z, cd);
    zw_u16(z, 0);
}

static inline void zw_free(zw *z)
{
    free(z->data);
    free(z->ents);
    memset(z, 0, sizeof *z);
}

/* ------------------------------------------------------------------ DOCX */

#define ZW_W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define ZW_W_STRICT_NS "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define ZW_REL_TYPES "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define ZW_REL_TYPES_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships/"

/* The XML prolog and root of a WordprocessingML part. */
static inline char *zw_part(const char *root, const char *ns, const char *body)
{
    size_t n = strlen(root) * 2 + strlen(ns) + strlen(body) + 512;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                 "<w:%s xmlns:w=\"%s\" "
                 "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
                 "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "
                 "xmlns:v=\"urn:schemas-microsoft-com:vml\" "
                 "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                 "%s</w:%s>", root, ns, body, root);
    return s;
}

/* The parts of a DOCX besides document.xml; NULL when absent. Each is the
 * inner XML of the part's root element. */
typedef struct zw_docx {
    const char *body;      /* inside <w:body> */
    const char *styles;    /* inside <w:styles> */
    const char *numbering; /* inside <w:numbering> */
    const char *footnotes; /* inside <w:footnotes> */
    const char *header;    /* inside <w:hdr> */
    const char *footer;    /* inside <w:ftr> */
    const char *comments;  /* inside <w:comments> */
    int strict;            /* ISO 29500 Strict namespaces */
    int method;            /* 0 stored or 8 deflate */
} zw_docx;

static inline void zw_docx_part(zw *z, const char *name, const char *root,
                                const char *ns, const char *inner, int method)
{
    char *xml = zw_part(root, ns, inner);
    if (!xml) {
        z->failed = 1;
        return;
    }
    zw_add(z, name, xml, method);
    free(xml);
}

/* Write a whole package into z (not finished: call zw_finish). */
static inline void zw_docx_write(zw *z, const zw_docx *x)
{
    const char *ns = x->strict ? ZW_W_STRICT_NS : ZW_W_NS;
    const char *rt = x->strict ? ZW_REL_TYPES_STRICT : ZW_REL_TYPES;
    static const char *names[] = {"styles", "numbering", "footnotes", "header",
                                  "footer", "comments"};
    const char *parts[] = {x->styles, x->numbering, x->footnotes, x->header,
                           x->footer, x->comments};
    static const char *roots[] = {"styles", "numbering", "footnotes", "hdr",
                                  "ftr", "comments"};
    static const char *files[] = {"styles.xml", "numbering.xml", "footnotes.xml",
                                  "header1.xml", "footer1.xml", "comments.xml"};
    zw_add(z, "[Content_Types].xml",
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Types xmlns=\"http://"
           "schemas.openxmlformats.org/package/2006/content-types\"><Default "
           "Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-"
           "package.relationships+xml\"/><Default Extension=\"xml\" ContentType="
           "\"application/xml\"/></Types>", x->method);
    char rels[2048];
    snprintf(rels, sizeof rels, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
             "2006/relationships\"><Relationship Id=\"rId1\" Type=\"%sofficeDocument\" "
             "Target=\"word/document.xml\"/></Relationships>", rt);
    zw_add(z, "_rels/.rels", rels, x->method);
    size_t k = (size_t)snprintf(rels, sizeof rels, "<?xml version=\"1.0\" encoding="
                                "\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas."
                                "openxmlformats.org/package/2006/relationships\">");
    for (int i = 0; i < 6; i++)
        if (parts[i])
            k += (size_t)snprintf(rels + k, sizeof rels - k, "<Relationship Id=\"rId%d\" "
                                  "Type=\"%s%s\" Target=\"%s\"/>", i + 10, rt,
                                  names[i], files[i]);
    snprintf(rels + k, sizeof rels - k, "</Relationships>");
    zw_add(z, "word/_rels/document.xml.rels", rels, x->method);
    size_t blen = strlen(x->body) + 32;
    char *body = malloc(blen);
    if (!body) {
        z->failed = 1;
        return;
    }
    snprintf(body, blen, "<w:body>%s</w:body>", x->body);
    zw_docx_part(z, "word/document.xml", "document", ns, body, x->method);
    free(body);
    for (int i = 0; i < 6; i++)
        if (parts[i]) {
            char name[64];
            snprintf(name, sizeof name, "word/%s", files[i]);
            zw_docx_part(z, name, roots[i], ns, parts[i], x->method);
        }
}

#endif
