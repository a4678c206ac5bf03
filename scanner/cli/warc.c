/* warc.c - WARC records and the HTTP responses in them (see warc.h).
 *
 * The file is read as a stream, never whole: crawls run to gigabytes. Gzip
 * input is inflated member after member (the WARC convention is one member
 * per record), and a record's block is held only up to the caller's limit.
 * Every failure is a reason in `err`, never a message on the terminal. */
#include "warc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#define WARC_CHUNK 65536
#define WARC_LINE_MAX 16384  /* longest header line accepted */
#define WARC_HEADERS_MAX 512 /* most header lines in one record */

struct warc_reader {
    FILE *in;
    int gz, zinit, failed, mid_member;
    const char *why; /* the low-level reason for a -1, for the message */
    z_stream zs;
    unsigned char inbuf[WARC_CHUNK];
    unsigned char buf[WARC_CHUNK];
    size_t pos, len;
    long records;
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

warc_reader *warc_open(FILE *in)
{
    warc_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->in = in;
    int c1 = getc(in), c2 = c1 == EOF ? EOF : getc(in);
    r->gz = c1 == 0x1f && c2 == 0x8b;
    /* give the two bytes back through the raw input buffer */
    if (c1 != EOF)
        r->inbuf[r->zs.avail_in++] = (unsigned char)c1;
    if (c2 != EOF)
        r->inbuf[r->zs.avail_in++] = (unsigned char)c2;
    r->zs.next_in = r->inbuf;
    return r;
}

void warc_close(warc_reader *r)
{
    if (!r)
        return;
    if (r->zinit)
        inflateEnd(&r->zs);
    free(r);
}

/* Top up the raw input buffer; returns the bytes now waiting. */
static size_t raw_input(warc_reader *r)
{
    if (r->zs.avail_in == 0 && !feof(r->in) && !ferror(r->in)) {
        r->zs.next_in = r->inbuf;
        r->zs.avail_in = (uInt)fread(r->inbuf, 1, sizeof r->inbuf, r->in);
    }
    return r->zs.avail_in;
}

/* Inflate into buf, crossing gzip member boundaries. Returns the bytes
 * made, 0 at the end of the input, -1 on damaged data. */
static long inflate_some(warc_reader *r)
{
    if (!r->zinit) {
        if (inflateInit2(&r->zs, 16 + MAX_WBITS) != Z_OK)
            return -1;
        r->zinit = 1;
    }
    for (;;) {
        if (!raw_input(r)) {
            if (ferror(r->in))
                return r->why = "read error", -1;
            if (r->mid_member)
                return r->why = "the gzip data ends inside a member (truncated file)", -1;
            return 0;
        }
        r->zs.next_out = r->buf;
        r->zs.avail_out = sizeof r->buf;
        int zr = inflate(&r->zs, Z_NO_FLUSH);
        long made = (long)(sizeof r->buf - r->zs.avail_out);
        r->mid_member = 1;
        if (zr == Z_STREAM_END) {
            r->mid_member = 0;
            if (inflateReset(&r->zs) != Z_OK)
                return r->why = "out of memory", -1;
        } else if (zr != Z_OK && !(zr == Z_BUF_ERROR && made)) {
            return r->why = "damaged gzip data", -1;
        }
        if (made)
            return made;
    }
}

/* Make sure buf holds unread bytes. 1 if it does, 0 at the end, -1 on a
 * read or inflate error. */
static int fill(warc_reader *r)
{
    if (r->pos < r->len)
        return 1;
    r->pos = r->len = 0;
    long n;
    if (r->gz) {
        n = inflate_some(r);
    } else {
        n = (long)raw_input(r);
        if (n > 0) {
            memcpy(r->buf, r->zs.next_in, (size_t)n);
            r->zs.avail_in = 0;
        } else if (ferror(r->in)) {
            r->why = "read error";
            n = -1;
        }
    }
    if (n < 0)
        return -1;
    r->len = (size_t)n;
    return n > 0;
}

/* One line without its CR LF. Returns its length, -1 at the end of input
 * before any byte, -2 on an error or a line over WARC_LINE_MAX. */
static long read_line(warc_reader *r, char *line)
{
    long n = 0;
    for (;;) {
        int f = fill(r);
        if (f < 0)
            return -2;
        if (f == 0)
            return n ? n : -1;
        int c = r->buf[r->pos++];
        if (c == '\n')
            break;
        if (n >= WARC_LINE_MAX - 1)
            return r->why = "a header line over 16 KiB", -2;
        line[n++] = (char)c;
    }
    if (n && line[n - 1] == '\r')
        n--;
    line[n] = '\0';
    return n;
}

/* Copy (dst) or drop (dst NULL) n bytes. 0, or -1 if the input ends. */
static int take_bytes(warc_reader *r, unsigned char *dst, unsigned long long n)
{
    while (n) {
        int f = fill(r);
        if (f <= 0)
            return -1;
        size_t k = r->len - r->pos;
        if (k > n)
            k = (size_t)n;
        if (dst) {
            memcpy(dst, r->buf + r->pos, k);
            dst += k;
        }
        r->pos += k;
        n -= k;
    }
    return 0;
}

static char *trimmed_copy(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= 2 && s[0] == '<' && s[n - 1] == '>') /* WARC 1.0 wraps URIs */
        s++, n -= 2;
    char *out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

/* Store one "Name: value" header line in rec; 0, or -1 when out of memory. */
static int record_header(warc_record *rec, const char *line, int *have_length)
{
    const char *colon = strchr(line, ':');
    if (!colon)
        return 0; /* not a field: tolerated, as readers of crawls do */
    size_t name_len = (size_t)(colon - line);
    const char *value = colon + 1;
#define IS(name) (name_len == strlen(name) && !strncasecmp(line, name, name_len))
    char **slot = IS("WARC-Target-URI") ? &rec->uri
                  : IS("WARC-Date")     ? &rec->date
                  : IS("Content-Type")  ? &rec->content_type
                                        : NULL;
    if (IS("WARC-Type")) {
        while (*value == ' ')
            value++;
        snprintf(rec->type, sizeof rec->type, "%s", value);
    } else if (IS("Content-Length")) {
        char *end;
        rec->declared = strtoull(value, &end, 10);
        *have_length = end != value;
    }
#undef IS
    if (slot) {
        free(*slot);
        if (!(*slot = trimmed_copy(value)))
            return -1;
    }
    return 0;
}

static int fill_defaults(warc_record *rec)
{
    char **fields[] = {&rec->uri, &rec->date, &rec->content_type};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!*fields[i] && !(*fields[i] = calloc(1, 1)))
            return -1;
    return 0;
}

/* The version line, skipping the blank lines that end the previous record.
 * 1 found, 0 clean end, -1 error (err set). */
static int version_line(warc_reader *r, char *line, long index, char *err, size_t errlen)
{
    long n;
    while ((n = read_line(r, line)) == 0)
        ;
    if (n == -1)
        return 0;
    if (n == -2) {
        set_err(err, errlen, "record %ld: %s", index, r->why);
        return -1;
    }
    if (strncmp(line, "WARC/", 5)) {
        set_err(err, errlen, "record %ld: not a WARC record (it starts \"%.20s\")", index, line);
        return -1;
    }
    return 1;
}

static int read_headers(warc_reader *r, warc_record *rec, char *line, char *err, size_t errlen)
{
    int have_length = 0;
    for (int k = 0;; k++) {
        long n = read_line(r, line);
        if (n == 0)
            break;
        if (n < 0 || k >= WARC_HEADERS_MAX) {
            set_err(err, errlen, "record %ld: %s", rec->index,
                    n == -1 ? "truncated in its header"
                    : n == -2 ? r->why : "more than 512 header lines");
            return -1;
        }
        if (record_header(rec, line, &have_length)) {
            set_err(err, errlen, "out of memory");
            return -1;
        }
    }
    if (!have_length) {
        set_err(err, errlen, "record %ld: no Content-Length", rec->index);
        return -1;
    }
    return fill_defaults(rec) ? (set_err(err, errlen, "out of memory"), -1) : 0;
}

static int read_block(warc_reader *r, warc_record *rec, size_t max_block, char *err,
                      size_t errlen)
{
    if (rec->declared <= max_block) {
        rec->block = malloc((size_t)rec->declared + 1);
        if (!rec->block) {
            set_err(err, errlen, "out of memory");
            return -1;
        }
        rec->len = (size_t)rec->declared;
    }
    if (take_bytes(r, rec->block, rec->declared)) {
        set_err(err, errlen, "record %ld: %s", rec->index, r->why ? r->why :
                "truncated (the file ends before Content-Length bytes)");
        return -1;
    }
    if (rec->block)
        rec->block[rec->len] = '\0';
    return 0;
}

int warc_next(warc_reader *r, warc_record *rec, size_t max_block, char *err, size_t errlen)
{
    memset(rec, 0, sizeof *rec);
    if (r->failed) {
        set_err(err, errlen, "the reader stopped at an earlier error");
        return -1;
    }
    char *line = malloc(WARC_LINE_MAX);
    if (!line) {
        set_err(err, errlen, "out of memory");
        return -1;
    }
    rec->index = r->records + 1;
    int rc = version_line(r, line, rec->index, err, errlen);
    if (rc == 1 && (read_headers(r, rec, line, err, errlen) ||
                    read_block(r, rec, max_block, err, errlen)))
        rc = -1;
    free(line);
    if (rc == 1)
        r->records++;
    if (rc < 0) {
        r->failed = 1;
        warc_record_free(rec);
    }
    return rc;
}

void warc_record_free(warc_record *rec)
{
    free(rec->uri);
    free(rec->date);
    free(rec->content_type);
    free(rec->block);
    memset(rec, 0, sizeof *rec);
}

/* ------------------------------------------------------------------ HTTP */

/* Find the end of the HTTP header: the offset of the body, or 0. */
static size_t header_end(const unsigned char *b, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (b[i] == '\n' && b[i + 1] == '\n')
            return i + 2;
        if (b[i] == '\n' && b[i + 1] == '\r' && i + 2 < len && b[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

typedef struct http_head {
    int status, chunked;
    char encoding[32];
} http_head;

static void header_value(const char *line, size_t n, char *out, size_t cap)
{
    const char *colon = memchr(line, ':', n);
    size_t k = 0;
    if (colon) {
        const char *v = colon + 1, *end = line + n;
        while (v < end && (*v == ' ' || *v == '\t'))
            v++;
        while (end > v && (end[-1] == '\r' || end[-1] == ' '))
            end--;
        for (; v < end && k + 1 < cap; v++)
            out[k++] = (char)tolower((unsigned char)*v);
    }
    out[k] = '\0';
}

static int parse_head(const char *h, size_t n, http_head *head, http_response *out)
{
    if (n < 12 || strncmp(h, "HTTP/", 5))
        return -1;
    const char *sp = memchr(h, ' ', n);
    if (!sp || !isdigit((unsigned char)sp[1]))
        return -1;
    head->status = atoi(sp + 1);
    for (const char *line = h; line < h + n;) {
        const char *nl = memchr(line, '\n', (size_t)(h + n - line));
        size_t len = nl ? (size_t)(nl - line) : (size_t)(h + n - line);
        char value[128];
        if (len > 13 && !strncasecmp(line, "Content-Type:", 13)) {
            header_value(line, len, out->content_type, sizeof out->content_type);
        } else if (len > 18 && !strncasecmp(line, "Transfer-Encoding:", 18)) {
            header_value(line, len, value, sizeof value);
            head->chunked = strstr(value, "chunked") != NULL;
        } else if (len > 17 && !strncasecmp(line, "Content-Encoding:", 17)) {
            header_value(line, len, head->encoding, sizeof head->encoding);
        }
        line += len + 1;
    }
    return 0;
}

/* Undo chunked transfer coding in place; returns the new length, or -1. */
static long dechunk(unsigned char *b, size_t len)
{
    size_t in = 0, out = 0;
    for (;;) {
        char *end;
        if (in >= len)
            return -1;
        unsigned long long size = strtoull((const char *)b + in, &end, 16);
        if ((unsigned char *)end == b + in)
            return -1;
        const unsigned char *nl = memchr(b + in, '\n', len - in);
        if (!nl)
            return -1;
        in = (size_t)(nl - b) + 1;
        if (size == 0)
            return (long)out;
        if (size > len - in)
            return -1;
        memmove(b + out, b + in, (size_t)size);
        out += (size_t)size;
        in += (size_t)size;
        while (in < len && (b[in] == '\r' || b[in] == '\n'))
            in++;
    }
}

/* Inflate gzip, zlib or raw deflate content into a new buffer. */
static int decode_body(const unsigned char *in, size_t len, size_t max, int raw,
                       unsigned char **out, size_t *outlen)
{
    z_stream zs = {0};
    if (inflateInit2(&zs, raw ? -MAX_WBITS : 32 + MAX_WBITS) != Z_OK)
        return -1;
    size_t cap = len * 4 + 4096 < max ? len * 4 + 4096 : max + 1;
    unsigned char *buf = malloc(cap + 1);
    int zr = Z_OK;
    zs.next_in = (unsigned char *)in;
    zs.avail_in = (uInt)len;
    while (buf && zr == Z_OK) {
        if (zs.total_out == cap) {
            if (cap > max)
                break; /* past the limit: the caller reports it */
            size_t ncap = cap * 2 < max + 1 ? cap * 2 : max + 1;
            unsigned char *p = realloc(buf, ncap + 1);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p, cap = ncap;
        }
        zs.next_out = buf + zs.total_out;
        zs.avail_out = (uInt)(cap - zs.total_out);
        zr = inflate(&zs, Z_NO_FLUSH);
    }
    size_t n = zs.total_out;
    inflateEnd(&zs);
    if (!buf || (zr != Z_STREAM_END && zr != Z_OK && zr != Z_BUF_ERROR) || n == 0) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *outlen = n;
    return 0;
}

static int take_body(const unsigned char *body, size_t n, size_t max, const http_head *head,
                     http_response *out, char *err, size_t errlen)
{
    unsigned char *copy = malloc(n + 1);
    if (!copy)
        return set_err(err, errlen, "out of memory"), -1;
    memcpy(copy, body, n);
    long k = head->chunked ? dechunk(copy, n) : (long)n;
    if (k < 0) {
        free(copy);
        return set_err(err, errlen, "damaged chunked transfer coding"), -1;
    }
    n = (size_t)k;
    const char *enc = head->encoding;
    if (!*enc || !strcmp(enc, "identity")) {
        copy[n] = '\0';
        out->body = copy, out->len = n;
    } else if (strstr(enc, "gzip") || strstr(enc, "deflate")) {
        int ok = !decode_body(copy, n, max, 0, &out->body, &out->len) ||
                 !decode_body(copy, n, max, 1, &out->body, &out->len);
        free(copy);
        if (!ok)
            return set_err(err, errlen, "damaged %s content encoding", enc), -1;
    } else {
        free(copy);
        return set_err(err, errlen, "content encoding '%s' is not supported", enc), -1;
    }
    if (out->len > max) {
        free(out->body);
        out->body = NULL;
        return set_err(err, errlen, "the page is larger than the input-bytes limit"), -1;
    }
    return 0;
}

int warc_http_response(const unsigned char *block, size_t len, size_t max_body,
                       http_response *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    size_t body = header_end(block, len);
    http_head head = {0};
    if (!body || parse_head((const char *)block, body, &head, out)) {
        set_err(err, errlen, "not an HTTP response");
        return -1;
    }
    out->status = head.status;
    return take_body(block + body, len - body, max_body, &head, out, err, errlen);
}

/* ----------------------------------------------------------- selection */

static const char *const terms_words[] = {
    "terms", "tos", "conditions", "agreement", "eula", "legal", "policy", "policies",
    "privacy", "license", "licence", "disclaimer", "acceptable-use", "acceptable use", NULL};

/* Does s[0..n) hold one of the words, not inside a longer word? */
static int has_terms_word(const char *s, size_t n)
{
    for (int w = 0; terms_words[w]; w++) {
        size_t m = strlen(terms_words[w]);
        for (size_t i = 0; i + m <= n; i++) {
            if (strncasecmp(s + i, terms_words[w], m))
                continue;
            int left = i == 0 || !isalpha((unsigned char)s[i - 1]);
            int right = i + m == n || !isalpha((unsigned char)s[i + m]) ||
                        (s[i + m] == 's' || s[i + m] == 'S'); /* "agreements" */
            if (left && right)
                return 1;
        }
    }
    return 0;
}

static int title_names_terms(const unsigned char *body, size_t len)
{
    size_t window = len < 65536 ? len : 65536;
    for (size_t i = 0; i + 7 <= window; i++) {
        if (strncasecmp((const char *)body + i, "<title", 6))
            continue;
        const unsigned char *gt = memchr(body + i, '>', window - i);
        if (!gt)
            return 0;
        size_t start = (size_t)(gt - body) + 1, end = start;
        while (end < window && body[end] != '<')
            end++;
        return has_terms_word((const char *)body + start, end - start);
    }
    return 0;
}

int warc_looks_like_terms(const char *uri, const unsigned char *body, size_t len)
{
    const char *path = strstr(uri, "://");
    path = path ? strchr(path + 3, '/') : uri;
    if (path && has_terms_word(path, strlen(path)))
        return 1;
    return title_names_terms(body, len);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcasecmp(s + a - b, suffix);
}

int warc_is_warc(const char *path, int sniff)
{
    if (has_suffix(path, ".warc") || has_suffix(path, ".warc.gz"))
        return 1;
    FILE *f = sniff ? fopen(path, "rb") : NULL;
    if (!f)
        return 0;
    int is = 0;
    warc_reader *r = warc_open(f);
    if (r && fill(r) > 0)
        is = r->len >= 5 && !memcmp(r->buf, "WARC/", 5);
    warc_close(r);
    fclose(f);
    return is;
}
