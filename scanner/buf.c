/* buf.c - growable buffers: the one place that does capacity arithmetic. */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

fp_status fp_grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return FP_OK;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return FP_ERR_NOMEM;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size)
        return FP_ERR_NOMEM;
    void *p = realloc(*items, ncap * size);
    if (!p)
        return FP_ERR_NOMEM;
    /* Zero the new slack: PCRE2's JIT scans text with wide loads that may
     * touch bytes past the subject's end; defined bytes keep that
     * deterministic and valgrind-clean. */
    memset((char *)p + *cap * size, 0, (ncap - *cap) * size);
    *items = p;
    *cap = ncap;
    return FP_OK;
}

/* Text buffers keep FP_BUF_SLACK bytes past the terminator (zeroed by
 * fp_grow): PCRE2's JIT scans a subject with whole vector loads that may run
 * past its end (the extra bytes are masked off); inside the block and
 * defined, those loads stay valgrind-clean. */
#define FP_BUF_SLACK 64

fp_status fp_buf_reserve(fp_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1 - FP_BUF_SLACK)
        return FP_ERR_NOMEM;
    return fp_grow((void **)&b->data, &b->cap,
                   b->len + extra + 1 + FP_BUF_SLACK, 1);
}

fp_status fp_buf_append(fp_buf *b, const void *data, size_t len)
{
    fp_status st = fp_buf_reserve(b, len);
    if (st)
        return st;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return FP_OK;
}

fp_status fp_buf_putc(fp_buf *b, char c) { return fp_buf_append(b, &c, 1); }

fp_status fp_buf_puts(fp_buf *b, const char *s)
{
    return fp_buf_append(b, s, strlen(s));
}

fp_status fp_buf_vprintf(fp_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return FP_ERR_INTERNAL;
    fp_status st = fp_buf_reserve(b, (size_t)n);
    if (st)
        return st;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return FP_OK;
}

fp_status fp_buf_printf(fp_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fp_status st = fp_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}

char *fp_buf_steal(fp_buf *b)
{
    if (!b->data && fp_buf_reserve(b, 0))
        return NULL;
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void fp_buf_free(fp_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

fp_status fp_strlist_add(fp_strlist *l, const char *s)
{
    fp_status st = fp_grow((void **)&l->items, &l->cap, l->count + 1,
                           sizeof *l->items);
    if (st)
        return st;
    char *copy = fp_strdup(s);
    if (!copy)
        return FP_ERR_NOMEM;
    l->items[l->count++] = copy;
    return FP_OK;
}

fp_status fp_strlist_vaddf(fp_strlist *l, const char *fmt, va_list ap)
{
    fp_buf b = {0};
    fp_status st = fp_buf_vprintf(&b, fmt, ap);
    if (!st)
        st = fp_strlist_add(l, b.data ? b.data : "");
    fp_buf_free(&b);
    return st;
}

fp_status fp_strlist_addf(fp_strlist *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fp_status st = fp_strlist_vaddf(l, fmt, ap);
    va_end(ap);
    return st;
}

void fp_strlist_free(fp_strlist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = l->cap = 0;
}

char *fp_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    if (n) /* s may be NULL for an empty span; memcpy must not see it */
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *fp_strdup(const char *s) { return fp_strndup(s, strlen(s)); }
