/* doc.c - document model: normalising builder, offset maps, line index. */
#include "doc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "utf.h"

/* ------------------------------------------------------------ offset map */

fp_status fp_offmap_note(fp_offmap *m, size_t out, size_t in, unsigned scale)
{
    if (m->count) {
        const fp_mapent *last = &m->runs[m->count - 1];
        if (last->scale == scale &&
            last->src + (out - last->text) * scale == in)
            return FP_OK;
        if (last->text == out) { /* nothing was emitted under the last run */
            m->runs[m->count - 1] = (fp_mapent){out, in, scale};
            return FP_OK;
        }
    }
    fp_status st = fp_grow((void **)&m->runs, &m->cap, m->count + 1,
                           sizeof *m->runs);
    if (st)
        return st;
    m->runs[m->count++] = (fp_mapent){out, in, scale};
    return FP_OK;
}

size_t fp_offmap_lookup(const fp_offmap *m, size_t off)
{
    if (!m->count)
        return off;
    size_t lo = 0, hi = m->count; /* find the last run with text <= off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->runs[mid].text <= off)
            lo = mid;
        else
            hi = mid;
    }
    const fp_mapent *r = &m->runs[lo];
    if (off < r->text)
        return r->src;
    return r->src + (off - r->text) * r->scale;
}

void fp_offmap_free(fp_offmap *m)
{
    free(m->runs);
    m->runs = NULL;
    m->count = m->cap = 0;
}

/* ------------------------------------------------------------- lifecycle */

fp_doc *fp_doc_new(const char *name, size_t text_limit)
{
    fp_doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->name = fp_strdup(name ? name : "(memory)");
    if (!d->name) {
        free(d);
        return NULL;
    }
    d->text_limit = text_limit;
    d->dec = "";
    return d;
}

void fp_doc_free(fp_doc *d)
{
    if (!d)
        return;
    free(d->name);
    free(d->src);
    free(d->dec_owned);
    fp_offmap_free(&d->dec_map);
    fp_buf_free(&d->text);
    fp_offmap_free(&d->map);
    free(d->folded);
    free(d->paras);
    free(d->sents);
    free(d->lines);
    fp_strlist_free(&d->warnings);
    fp_buf_free(&d->errmsg);
    free(d);
}

void fp_doc_take_source(fp_doc *d, unsigned char *bytes, size_t len)
{
    free(d->src);
    d->src = bytes;
    d->src_len = len;
    d->dec = (const char *)bytes;
    d->dec_len = len;
}

void fp_doc_take_decoded(fp_doc *d, char *utf8, size_t len, fp_offmap *map)
{
    free(d->dec_owned);
    fp_offmap_free(&d->dec_map);
    d->dec_owned = utf8;
    d->dec = utf8;
    d->dec_len = len;
    d->dec_map = *map;
    *map = (fp_offmap){0};
}

fp_status fp_doc_adopt_decoded(fp_doc *d, fp_buf *utf8, fp_offmap *map,
                                fp_status st)
{
    if (st) {
        fp_buf_free(utf8);
        fp_offmap_free(map);
        return st;
    }
    size_t len = utf8->len;
    char *data = fp_buf_steal(utf8);
    if (!data) {
        fp_offmap_free(map);
        return FP_ERR_NOMEM;
    }
    fp_doc_take_decoded(d, data, len, map);
    return FP_OK;
}

fp_status fp_doc_warn(fp_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fp_status st = fp_strlist_vaddf(&d->warnings, fmt, ap);
    va_end(ap);
    return st;
}

fp_status fp_doc_fail(fp_doc *d, fp_status status, const char *fmt, ...)
{
    if (d->errmsg.len) /* keep the first, most specific reason */
        return status;
    va_list ap;
    va_start(ap, fmt);
    fp_buf_vprintf(&d->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

/* ----------------------------------------------------------------- builder */

static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

/* Characters with no visible text: soft hyphen, zero-width marks, BOM,
 * and control characters. */
static int is_dropped_cp(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
           cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF;
}

/* Map typographic punctuation to the ASCII a rule author writes. Returns 0
 * when the code point stays as it is. */
static char ascii_equivalent(uint32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x02BC: case 0xFF07:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
    case 0x00AB: case 0x00BB: case 0xFF02:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
        return '-';
    default:
        return 0;
    }
}

static fp_status check_limit(fp_doc *d, size_t extra)
{
    if (d->text.len + extra > d->text_limit) {
        d->err = FP_ERR_LIMIT;
        return FP_ERR_LIMIT;
    }
    return FP_OK;
}

/* Emit bytes that come from dec_off (linearly, unless fixed). */
static fp_status emit(fp_doc *d, const char *s, size_t n, size_t dec_off,
                      int fixed)
{
    if (d->err)
        return d->err;
    fp_status st = check_limit(d, n);
    if (!st)
        st = fp_offmap_note(&d->map, d->text.len, dec_off, fixed ? 0 : 1);
    if (!st)
        st = fp_buf_append(&d->text, s, n);
    if (st)
        d->err = st;
    return st;
}

static fp_status flush_space(fp_doc *d)
{
    if (!d->pending_space)
        return FP_OK;
    d->pending_space = 0;
    if (d->text.len == 0 || d->text.data[d->text.len - 1] == '\n')
        return FP_OK; /* no leading space in a paragraph */
    return emit(d, " ", 1, d->space_src, d->space_fixed);
}

static void note_space(fp_doc *d, size_t dec_off, int fixed)
{
    if (!d->pending_space) {
        d->pending_space = 1;
        d->space_src = dec_off;
        d->space_fixed = fixed;
    }
}

fp_status fp_doc_para_begin(fp_doc *d, fp_para_kind kind, fp_story story,
                            int level)
{
    if (d->in_para) {
        fp_status st = fp_doc_para_end(d, NULL);
        if (st)
            return st;
    }
    fp_status st = fp_grow((void **)&d->paras, &d->cappara, d->npara + 1,
                           sizeof *d->paras);
    if (st)
        return d->err = st;
    fp_para *p = &d->paras[d->npara];
    memset(p, 0, sizeof *p);
    p->start = d->text.len;
    p->kind = kind;
    p->story = story;
    p->level = level;
    p->heading = FP_NONE;
    d->in_para = 1;
    d->pending_space = 0;
    return FP_OK;
}

fp_para *fp_doc_current_para(fp_doc *d)
{
    return d->in_para ? &d->paras[d->npara] : NULL;
}

fp_status fp_doc_para_end(fp_doc *d, size_t *index)
{
    if (index)
        *index = FP_NONE;
    if (!d->in_para)
        return FP_OK;
    d->in_para = 0;
    d->pending_space = 0;
    fp_para *p = &d->paras[d->npara];
    if (d->err)
        return d->err;
    if (d->text.len == p->start && p->label[0] == '\0')
        return FP_OK; /* empty: drop it */
    p->end = d->text.len;
    if (index)
        *index = d->npara;
    d->npara++;
    /* The separator maps to wherever the paragraph's last byte came from. */
    size_t src = d->text.len ? fp_offmap_lookup(&d->map, d->text.len - 1) : 0;
    return emit(d, "\n", 1, src, 1);
}

fp_status fp_doc_append_cp(fp_doc *d, uint32_t cp, size_t dec_off, int fixed)
{
    if (!d->in_para) {
        fp_status st = fp_doc_para_begin(d, FP_PARA_BODY, FP_STORY_BODY, 0);
        if (st)
            return st;
    }
    if (is_space_cp(cp)) {
        note_space(d, dec_off, fixed);
        return FP_OK;
    }
    if (is_dropped_cp(cp))
        return FP_OK;
    fp_status st = flush_space(d);
    if (st)
        return st;
    char out[4];
    char ascii = ascii_equivalent(cp);
    if (ascii)
        return emit(d, &ascii, 1, dec_off, 1);
    size_t n = fp_utf8_encode(cp, out);
    /* A multi-byte character maps as a unit to its first source byte. */
    return emit(d, out, n, dec_off, fixed || n > 1);
}

void fp_doc_soft_break(fp_doc *d, size_t dec_off)
{
    note_space(d, dec_off, 1);
}

static int is_plain_ascii(unsigned char c) { return c > 0x20 && c < 0x7F; }

#define ONES FP_SWAR_ONES
#define HIGHS FP_SWAR_HIGHS

/* ASCII lower case, eight bytes at a time (SWAR): for each byte below 0x80,
 * add 0x20 when it lies in 'A'..'Z'; other bytes pass through. */
static void fold_ascii(char *restrict out, const char *restrict in, size_t n)
{
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, in + i, 8);
        uint64_t low7 = x & ~HIGHS;
        uint64_t ge_a = low7 + ONES * (0x80 - 'A'); /* high bit: >= 'A' */
        uint64_t gt_z = low7 + ONES * (0x7F - 'Z'); /* high bit: >  'Z' */
        uint64_t upper = (ge_a ^ gt_z) & ~x & HIGHS;
        x |= upper >> 2;
        memcpy(out + i, &x, 8);
    }
    for (; i < n; i++)
        out[i] = (char)fp_ascii_lower((unsigned char)in[i]);
}

/* Exact per-byte equality mask: 0x80 in every byte of x that equals c. */
static uint64_t bytes_equal(uint64_t x, unsigned char c)
{
    uint64_t v = x ^ (ONES * c);
    return ~(((v & ~HIGHS) + ~HIGHS) | v) & HIGHS;
}

/* Length of the prefix of s[0..n) that is already normal text: visible
 * ASCII (0x21..0x7E) with single spaces between, never ending in a space.
 * s[0] is visible. Eight bytes at a time while the text is plain prose. */
static size_t normal_ascii_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (n - i > 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t odd = ((x - ONES * 0x20) & ~x & HIGHS) | (x & HIGHS) |
                       fp_swar_has_byte(x, 0x7F); /* control, DEL, non-ASCII */
        uint64_t sp = bytes_equal(x, ' ');
        if (odd || (sp & (sp >> 8)) || ((sp & 0x80) && i && s[i - 1] == ' '))
            break;
        i += 8;
    }
    if (i && s[i - 1] == ' ')
        i--; /* a space ends the run only if a visible byte follows it */
    while (i < n) {
        if (is_plain_ascii(s[i]))
            i++;
        else if (s[i] == ' ' && i + 1 < n && is_plain_ascii(s[i + 1]))
            i += 2;
        else
            break;
    }
    return i;
}

static fp_status append_utf8(fp_doc *d, const char *utf8, size_t len,
                             size_t dec_off, int fixed)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t i = 0;
    if (!d->in_para) {
        fp_status st = fp_doc_para_begin(d, FP_PARA_BODY, FP_STORY_BODY, 0);
        if (st)
            return st;
    }
    while (i < len && !d->err) {
        if (is_plain_ascii(s[i])) {
            /* fast path: visible ASCII with single spaces between words is
             * already normal, so it goes out (and maps) in one piece */
            size_t j = i + normal_ascii_run(s + i, len - i);
            if (flush_space(d) == FP_OK)
                emit(d, utf8 + i, j - i, dec_off + (fixed ? 0 : i), fixed);
            i = j;
            continue;
        }
        uint32_t cp;
        int bad = 0;
        size_t k = fp_utf8_decode(s + i, len - i, &cp, &bad);
        fp_doc_append_cp(d, cp, dec_off + (fixed ? 0 : i), fixed);
        i += k;
    }
    return d->err;
}

fp_status fp_doc_append(fp_doc *d, const char *utf8, size_t len,
                        size_t dec_off)
{
    return append_utf8(d, utf8, len, dec_off, 0);
}

fp_status fp_doc_append_at(fp_doc *d, const char *utf8, size_t len,
                           size_t dec_off)
{
    return append_utf8(d, utf8, len, dec_off, 1);
}

/* ---------------------------------------------------------------- finish */

/* Is dec[i] a line end? "\n", or a "\r" not followed by "\n". */
static int line_end_at(const char *dec, size_t n, size_t i)
{
    return dec[i] == '\n' || (dec[i] == '\r' && (i + 1 >= n || dec[i + 1] != '\n'));
}

/* Line starts, found with memchr (vectorised in libc) unless the text has
 * carriage returns, which need the byte-wise rule above. */
static fp_status build_line_index(fp_doc *d)
{
    const char *dec = d->dec;
    size_t len = d->dec_len, n = 1;
    int has_cr = memchr(dec, '\r', len) != NULL;
    for (const char *p = dec; !has_cr && (p = memchr(p, '\n', len - (size_t)(p - dec))); p++)
        n++;
    for (size_t i = 0; has_cr && i < len; i++)
        n += line_end_at(dec, len, i);
    size_t *lines = malloc(n * sizeof *lines);
    if (!lines)
        return FP_ERR_NOMEM;
    size_t k = 0;
    lines[k++] = 0;
    for (const char *p = dec; !has_cr && (p = memchr(p, '\n', len - (size_t)(p - dec))); p++)
        lines[k++] = (size_t)(p - dec) + 1;
    for (size_t i = 0; has_cr && i < len; i++)
        if (line_end_at(dec, len, i))
            lines[k++] = i + 1;
    d->lines = lines;
    d->nlines = d->caplines = n;
    return FP_OK;
}


fp_status fp_doc_finish(fp_doc *d)
{
    if (d->in_para) {
        fp_status st = fp_doc_para_end(d, NULL);
        if (st)
            return st;
    }
    if (d->err)
        return d->err;
    if (fp_buf_reserve(&d->text, 0))
        return FP_ERR_NOMEM;
    d->folded = malloc(d->text.len + 1);
    if (!d->folded)
        return FP_ERR_NOMEM;
    fold_ascii(d->folded, d->text.data, d->text.len);
    d->folded[d->text.len] = '\0';
    if (d->loc == FP_LOC_LOGICAL)
        return FP_OK;
    return build_line_index(d);
}

/* ------------------------------------------------------------- locations */

size_t fp_doc_source_offset(const fp_doc *d, size_t text_off)
{
    size_t dec = fp_offmap_lookup(&d->map, text_off);
    return fp_offmap_lookup(&d->dec_map, dec);
}

/* Length of the UTF-8 character at dec[off] (1 for anything odd). */
static size_t dec_char_len(const fp_doc *d, size_t off)
{
    if (off >= d->dec_len)
        return 0;
    uint32_t cp;
    int bad = 0;
    return fp_utf8_decode((const unsigned char *)d->dec + off,
                          d->dec_len - off, &cp, &bad);
}

size_t fp_doc_source_end(const fp_doc *d, size_t text_end)
{
    if (text_end == 0)
        return fp_doc_source_offset(d, 0);
    size_t dec_last = fp_offmap_lookup(&d->map, text_end - 1);
    size_t dec_end = dec_last + dec_char_len(d, dec_last);
    if (!d->dec_map.count)
        return dec_end;
    /* the source end is where the next decoded character starts */
    if (dec_end >= d->dec_len)
        return d->src_len;
    return fp_offmap_lookup(&d->dec_map, dec_end);
}

static size_t count_chars(const char *s, size_t from, size_t to)
{
    size_t chars = 0;
    for (size_t i = from; i < to; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            chars++;
    return chars;
}

void fp_doc_line_col_memo(const fp_doc *d, fp_linecol_memo *memo,
                          size_t text_off, unsigned *line, unsigned *col)
{
    *line = *col = 0;
    if (!d->nlines)
        return;
    size_t dec = fp_offmap_lookup(&d->map, text_off);
    if (dec > d->dec_len)
        dec = d->dec_len;
    size_t lo = 0, hi = d->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->lines[mid] <= dec)
            lo = mid;
        else
            hi = mid;
    }
    size_t start = d->lines[lo] < dec ? d->lines[lo] : dec, chars;
    if (memo && memo->valid && memo->line == lo && memo->dec >= start &&
        (memo->dec <= dec ? dec - memo->dec : memo->dec - dec) < dec - start)
        chars = memo->dec <= dec ? memo->chars + count_chars(d->dec, memo->dec, dec)
                                 : memo->chars - count_chars(d->dec, dec, memo->dec);
    else
        chars = count_chars(d->dec, start, dec);
    if (memo)
        *memo = (fp_linecol_memo){lo, dec, chars, 1};
    *line = (unsigned)(lo + 1);
    *col = (unsigned)(chars + 1);
}

void fp_doc_line_col(const fp_doc *d, size_t text_off, unsigned *line,
                     unsigned *col)
{
    fp_doc_line_col_memo(d, NULL, text_off, line, col);
}

const char *fp_story_name(fp_story s)
{
    static const char *names[FP_STORY__COUNT] = {
        "body", "footnote", "endnote", "header", "footer", "comment", "textbox"};
    return (unsigned)s < FP_STORY__COUNT ? names[s] : "body";
}
