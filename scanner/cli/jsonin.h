/* jsonin.h - a small JSON reader for what the command reads back: shard
 * summaries (fineprint merge) and JSONL document records (--stdin-jsonl).
 * Strict RFC 8259 syntax, a depth limit, strings decoded to UTF-8 (with
 * their length, since a "\u0000" may be inside). */
#ifndef FP_CLI_JSONIN_H
#define FP_CLI_JSONIN_H

#include <stddef.h>

typedef enum { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT } jv_type;

typedef struct jv {
    jv_type type;
    char *key;          /* within an object */
    char *str;          /* JV_STRING: decoded, NUL-terminated */
    size_t len;         /* JV_STRING: bytes in str */
    double num;         /* JV_NUMBER, JV_BOOL */
    struct jv *child;   /* JV_ARRAY, JV_OBJECT: first member */
    struct jv *next;    /* next sibling */
} jv;

/* Parse text[0..n) as one JSON value. NULL on error, with a message. */
jv *jv_parse(const char *text, size_t n, char *err, size_t errlen);
void jv_free(jv *v);
/* The member `key` of an object, or NULL. */
const jv *jv_get(const jv *obj, const char *key);

#endif
