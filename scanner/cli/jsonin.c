/* jsonin.c - recursive-descent JSON reader (see jsonin.h). */
#include "jsonin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf.h" /* the library's encoder (the CLI links it statically) */

#define JV_MAX_DEPTH 64

typedef struct reader {
    const char *s;
    size_t n, i;
    int depth;
    const char *error;
} reader;

static void skip_space(reader *r)
{
    while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' ||
                           r->s[r->i] == '\n' || r->s[r->i] == '\r'))
        r->i++;
}

static int fail(reader *r, const char *why)
{
    if (!r->error)
        r->error = why;
    return -1;
}

static int hex4(reader *r, unsigned long *out)
{
    if (r->n - r->i < 4)
        return fail(r, "truncated \\u escape");
    unsigned long v = 0;
    for (int k = 0; k < 4; k++) {
        char c = r->s[r->i++];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return fail(r, "bad \\u escape");
        v = v * 16 + (unsigned long)d;
    }
    *out = v;
    return 0;
}

/* A \u escape, joining a surrogate pair; lone surrogates become U+FFFD. */
static int unicode_escape(reader *r, unsigned long *cp)
{
    if (hex4(r, cp))
        return -1;
    if (*cp >= 0xD800 && *cp < 0xDC00 && r->n - r->i >= 6 && r->s[r->i] == '\\' &&
        r->s[r->i + 1] == 'u') {
        size_t save = r->i;
        unsigned long lo;
        r->i += 2;
        if (hex4(r, &lo))
            return -1;
        if (lo >= 0xDC00 && lo < 0xE000) {
            *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
            return 0;
        }
        r->i = save;
    }
    if (*cp >= 0xD800 && *cp < 0xE000)
        *cp = 0xFFFD;
    return 0;
}

/* Decoded output is never longer than the escaped input. */
static int parse_string(reader *r, char **out, size_t *outlen)
{
    r->i++; /* the opening quote */
    size_t end = r->i; /* find the closing quote first: allocate what fits */
    while (end < r->n && r->s[end] != '"')
        end += r->s[end] == '\\' ? 2 : 1;
    if (end > r->n)
        end = r->n;
    char *buf = malloc(end - r->i + 1);
    if (!buf)
        return fail(r, "out of memory");
    size_t len = 0;
    while (r->i < r->n && r->s[r->i] != '"') {
        unsigned char c = (unsigned char)r->s[r->i++];
        if (c < 0x20) {
            free(buf);
            return fail(r, "control character in a string");
        }
        if (c != '\\') {
            buf[len++] = (char)c;
            continue;
        }
        if (r->i >= r->n)
            break;
        char e = r->s[r->i++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *k = strchr(from, e);
        unsigned long cp;
        if (e && k)
            buf[len++] = to[k - from];
        else if (e == 'u' && !unicode_escape(r, &cp))
            len += fp_utf8_encode((uint32_t)cp, buf + len);
        else {
            free(buf);
            return fail(r, "bad escape in a string");
        }
    }
    if (r->i >= r->n) {
        free(buf);
        return fail(r, "unterminated string");
    }
    r->i++;
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return 0;
}

static int parse_number(reader *r, jv *v)
{
    char tmp[64];
    size_t k = 0;
    while (r->i < r->n && k + 1 < sizeof tmp && strchr("+-0123456789.eE", r->s[r->i]))
        tmp[k++] = r->s[r->i++];
    tmp[k] = '\0';
    char *end;
    v->num = strtod(tmp, &end);
    if (!k || *end)
        return fail(r, "bad number");
    v->type = JV_NUMBER;
    return 0;
}

static jv *parse_value(reader *r);

static int parse_members(reader *r, jv *v, int object)
{
    char close = object ? '}' : ']';
    jv **tail = &v->child;
    r->i++;
    skip_space(r);
    if (r->i < r->n && r->s[r->i] == close) {
        r->i++;
        return 0;
    }
    for (;;) {
        char *key = NULL;
        size_t klen;
        skip_space(r);
        if (object) {
            if (r->i >= r->n || r->s[r->i] != '"' || parse_string(r, &key, &klen))
                return fail(r, "expected a key");
            skip_space(r);
            if (r->i >= r->n || r->s[r->i++] != ':') {
                free(key);
                return fail(r, "expected ':'");
            }
        }
        jv *m = parse_value(r);
        if (!m) {
            free(key);
            return -1;
        }
        m->key = key;
        *tail = m;
        tail = &m->next;
        skip_space(r);
        if (r->i < r->n && r->s[r->i] == ',') {
            r->i++;
            continue;
        }
        if (r->i < r->n && r->s[r->i] == close) {
            r->i++;
            return 0;
        }
        return fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int parse_word(reader *r, jv *v, const char *word, jv_type type, double num)
{
    size_t n = strlen(word);
    if (r->n - r->i < n || memcmp(r->s + r->i, word, n))
        return fail(r, "unexpected character");
    r->i += n;
    v->type = type;
    v->num = num;
    return 0;
}

static jv *parse_value(reader *r)
{
    skip_space(r);
    if (r->i >= r->n) {
        fail(r, "unexpected end");
        return NULL;
    }
    jv *v = calloc(1, sizeof *v);
    if (!v) {
        fail(r, "out of memory");
        return NULL;
    }
    char c = r->s[r->i];
    int rc;
    if (++r->depth > JV_MAX_DEPTH)
        rc = fail(r, "nested too deeply");
    else if (c == '{' || c == '[') {
        v->type = c == '{' ? JV_OBJECT : JV_ARRAY;
        rc = parse_members(r, v, c == '{');
    } else if (c == '"') {
        v->type = JV_STRING;
        rc = parse_string(r, &v->str, &v->len);
    } else if (c == 't')
        rc = parse_word(r, v, "true", JV_BOOL, 1);
    else if (c == 'f')
        rc = parse_word(r, v, "false", JV_BOOL, 0);
    else if (c == 'n')
        rc = parse_word(r, v, "null", JV_NULL, 0);
    else
        rc = parse_number(r, v);
    r->depth--;
    if (rc) {
        jv_free(v);
        return NULL;
    }
    return v;
}

jv *jv_parse(const char *text, size_t n, char *err, size_t errlen)
{
    reader r = {text, n, 0, 0, NULL};
    jv *v = parse_value(&r);
    skip_space(&r);
    if (v && r.i != r.n) {
        fail(&r, "text after the value");
        jv_free(v);
        v = NULL;
    }
    if (!v && err)
        snprintf(err, errlen, "%s at byte %zu", r.error ? r.error : "error", r.i);
    return v;
}

void jv_free(jv *v)
{
    while (v) {
        jv *next = v->next;
        jv_free(v->child);
        free(v->key);
        free(v->str);
        free(v);
        v = next;
    }
}

const jv *jv_get(const jv *obj, const char *key)
{
    if (!obj || obj->type != JV_OBJECT)
        return NULL;
    for (const jv *m = obj->child; m; m = m->next)
        if (m->key && !strcmp(m->key, key))
            return m;
    return NULL;
}
