/* json.h - a small streaming JSON writer into an fp_buf. Keeps commas and
 * indentation right so that renderers only say what to write. */
#ifndef FP_JSON_H
#define FP_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define FP_JSON_MAX_DEPTH 32

typedef struct fp_json {
    fp_buf *out;
    int pretty;
    int depth;
    int count[FP_JSON_MAX_DEPTH]; /* items written at each depth */
    char kind[FP_JSON_MAX_DEPTH];  /* '{' or '[' */
    int after_key;
    fp_status err;
} fp_json;

void fp_json_init(fp_json *j, fp_buf *out, int pretty);
void fp_json_object(fp_json *j);
void fp_json_array(fp_json *j);
void fp_json_end(fp_json *j); /* closes the innermost object or array */
void fp_json_key(fp_json *j, const char *key);
void fp_json_string(fp_json *j, const char *s);
void fp_json_string_n(fp_json *j, const char *s, size_t n);
void fp_json_uint(fp_json *j, uint64_t v);
void fp_json_double(fp_json *j, double v);
void fp_json_bool(fp_json *j, int v);
void fp_json_null(fp_json *j);
/* key + value shorthands */
void fp_json_kstr(fp_json *j, const char *key, const char *s);
void fp_json_kuint(fp_json *j, const char *key, uint64_t v);

/* Append s[0..n) JSON-escaped (without quotes). Invalid UTF-8 is written as
 * U+FFFD so the output is always valid JSON. */
fp_status fp_json_escape(fp_buf *b, const char *s, size_t n);

#endif
