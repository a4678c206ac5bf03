/* buf.h - growable byte buffer and string list used across the library. */
#ifndef FP_BUF_H
#define FP_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "fineprint.h"

/* A NUL-terminated growable buffer. A zeroed fp_buf is a valid empty one. */
typedef struct fp_buf {
    char *data;
    size_t len;
    size_t cap;
} fp_buf;

fp_status fp_buf_reserve(fp_buf *b, size_t extra);
fp_status fp_buf_append(fp_buf *b, const void *data, size_t len);
fp_status fp_buf_putc(fp_buf *b, char c);
fp_status fp_buf_puts(fp_buf *b, const char *s);
fp_status fp_buf_printf(fp_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
fp_status fp_buf_vprintf(fp_buf *b, const char *fmt, va_list ap);
/* Hand the storage to the caller (never NULL unless out of memory). */
char *fp_buf_steal(fp_buf *b);
void fp_buf_free(fp_buf *b);

/* A list of owned strings. A zeroed fp_strlist is a valid empty one. */
typedef struct fp_strlist {
    char **items;
    size_t count;
    size_t cap;
} fp_strlist;

fp_status fp_strlist_add(fp_strlist *l, const char *s);
fp_status fp_strlist_addf(fp_strlist *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
fp_status fp_strlist_vaddf(fp_strlist *l, const char *fmt, va_list ap);
void fp_strlist_free(fp_strlist *l);

/* Grow an array of `size`-byte items so it holds at least `need` items. */
fp_status fp_grow(void **items, size_t *cap, size_t need, size_t size);

char *fp_strdup(const char *s);
char *fp_strndup(const char *s, size_t n);

#endif
