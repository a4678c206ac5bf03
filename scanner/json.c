/* json.c - streaming JSON writer. */
#include "json.h"

#include <stdio.h>
#include <string.h>

#include "utf.h"

void fp_json_init(fp_json *j, fp_buf *out, int pretty)
{
    memset(j, 0, sizeof *j);
    j->out = out;
    j->pretty = pretty;
}

static void put(fp_json *j, const char *s, size_t n)
{
    if (!j->err)
        j->err = fp_buf_append(j->out, s, n);
}

static void newline(fp_json *j)
{
    if (!j->pretty)
        return;
    put(j, "\n", 1);
    for (int i = 0; i < j->depth; i++)
        put(j, "  ", 2);
}

/* Before any value or key: a comma if needed, and indentation. */
static void before_item(fp_json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (j->depth > 0) {
        if (j->count[j->depth]++)
            put(j, ",", 1);
        newline(j);
    }
}

static void open_container(fp_json *j, char c)
{
    before_item(j);
    put(j, &c, 1);
    if (j->depth + 1 < FP_JSON_MAX_DEPTH) {
        j->count[++j->depth] = 0;
        j->kind[j->depth] = c;
    }
    else
        j->err = FP_ERR_INTERNAL;
}

void fp_json_object(fp_json *j) { open_container(j, '{'); }
void fp_json_array(fp_json *j) { open_container(j, '['); }

void fp_json_end(fp_json *j)
{
    if (j->depth <= 0) {
        j->err = FP_ERR_INTERNAL;
        return;
    }
    char close = j->kind[j->depth] == '{' ? '}' : ']';
    int had_items = j->count[j->depth] > 0;
    j->depth--;
    if (had_items)
        newline(j);
    put(j, &close, 1);
}

void fp_json_key(fp_json *j, const char *key)
{
    before_item(j);
    put(j, "\"", 1);
    if (!j->err)
        j->err = fp_json_escape(j->out, key, strlen(key));
    put(j, j->pretty ? "\": " : "\":", j->pretty ? 3 : 2);
    j->after_key = 1;
}

fp_status fp_json_escape(fp_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    fp_status st = fp_buf_reserve(b, n + 16);
    for (size_t i = 0; !st && i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t run = i;
        while (run < n && (unsigned char)s[run] >= 0x20 && s[run] != '"' &&
               s[run] != '\\' && (unsigned char)s[run] < 0x80)
            run++;
        if (run > i) {
            st = fp_buf_append(b, s + i, run - i);
            i = run;
            continue;
        }
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            st = fp_buf_append(b, e, 2);
            i++;
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            if (c == '\n')
                st = fp_buf_append(b, "\\n", 2);
            else if (c == '\t')
                st = fp_buf_append(b, "\\t", 2);
            else
                st = fp_buf_append(b, e, 6);
            i++;
        } else {
            uint32_t cp;
            int bad = 0;
            size_t k = fp_utf8_decode((const unsigned char *)s + i, n - i, &cp, &bad);
            char enc[4];
            size_t m = fp_utf8_encode(cp, enc);
            st = fp_buf_append(b, enc, m);
            i += k;
        }
    }
    return st;
}

void fp_json_string_n(fp_json *j, const char *s, size_t n)
{
    before_item(j);
    put(j, "\"", 1);
    if (!j->err)
        j->err = fp_json_escape(j->out, s ? s : "", s ? n : 0);
    put(j, "\"", 1);
}

void fp_json_string(fp_json *j, const char *s)
{
    fp_json_string_n(j, s, s ? strlen(s) : 0);
}

void fp_json_uint(fp_json *j, uint64_t v)
{
    char num[32];
    int n = snprintf(num, sizeof num, "%llu", (unsigned long long)v);
    before_item(j);
    put(j, num, (size_t)n);
}

void fp_json_double(fp_json *j, double v)
{
    char num[64];
    int n = snprintf(num, sizeof num, "%.2f", v);
    if (v != v)
        n = snprintf(num, sizeof num, "null");
    before_item(j);
    put(j, num, (size_t)n);
}

void fp_json_bool(fp_json *j, int v)
{
    before_item(j);
    put(j, v ? "true" : "false", v ? 4 : 5);
}

void fp_json_null(fp_json *j)
{
    before_item(j);
    put(j, "null", 4);
}

void fp_json_kstr(fp_json *j, const char *key, const char *s)
{
    fp_json_key(j, key);
    fp_json_string(j, s);
}

void fp_json_kuint(fp_json *j, const char *key, uint64_t v)
{
    fp_json_key(j, key);
    fp_json_uint(j, v);
}
