/* testutil.h - shared helpers for the cmocka unit tests. */
#ifndef FP_TESTUTIL_H
#define FP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "fineprint.h"
#include "ingest.h"
#include "segment.h"

/* Build a document from bytes as the scanner would (ingest, finish,
 * segment). Fails the test on error unless `expect` says otherwise. */
static inline fp_doc *tu_doc(const char *name, const void *data, size_t len,
                             fp_format fmt, fp_status expect)
{
    fp_options *o = fp_options_new();
    fp_doc *d = fp_doc_new(name, 1u << 30);
    unsigned char *copy = malloc(len ? len : 1);
    assert_non_null(o);
    assert_non_null(d);
    assert_non_null(copy);
    memcpy(copy, data, len);
    fp_doc_take_source(d, copy, len);
    fp_status st = fp_ingest(d, fmt, o);
    if (!st)
        st = fp_doc_finish(d);
    if (!st)
        st = fp_segment(d, 4096);
    fp_options_free(o);
    assert_int_equal(st, expect);
    return d;
}

static inline fp_doc *tu_doc_str(const char *text, fp_format fmt)
{
    return tu_doc("test", text, strlen(text), fmt, FP_OK);
}

/* The text of sentence or paragraph i, as a NUL-terminated copy. */
static inline char *tu_span(const fp_doc *d, size_t start, size_t end)
{
    char *s = malloc(end - start + 1);
    memcpy(s, d->text.data + start, end - start);
    s[end - start] = '\0';
    return s;
}

/* The first paragraph whose text contains `needle`; fails the test if none. */
static inline const fp_para *tu_para_with(const fp_doc *d, const char *needle)
{
    for (size_t i = 0; i < d->npara; i++) {
        char *t = tu_span(d, d->paras[i].start, d->paras[i].end);
        int hit = strstr(t, needle) != NULL;
        free(t);
        if (hit)
            return &d->paras[i];
    }
    fail_msg("no paragraph contains '%s'", needle);
    return NULL;
}

/* Assert the whole text of paragraph p. */
static inline void tu_assert_para_text(const fp_doc *d, const fp_para *p, const char *want)
{
    char *t = tu_span(d, p->start, p->end);
    assert_string_equal(t, want);
    free(t);
}

/* Did the document record a warning containing `needle`? */
static inline int tu_warned(const fp_doc *d, const char *needle)
{
    for (size_t i = 0; i < d->warnings.count; i++)
        if (strstr(d->warnings.items[i], needle))
            return 1;
    return 0;
}

/* Load rules from a string; fails the test with the loader's message. */
static inline fp_rules *tu_rules(const char *text)
{
    char err[512] = "";
    fp_rules *r = NULL;
    fp_status st = fp_rules_load_buffer("test.rules", text, strlen(text), 0, &r, err, sizeof err);
    if (st)
        fail_msg("rules did not load: %s", err);
    return r;
}

/* Scan a string with the built-in rules (loaded once per process). */
static inline fp_result *tu_scan(fp_scanner *sc, const char *text, fp_format fmt)
{
    fp_result *res = NULL;
    fp_scan_memory(sc, "test", text, strlen(text), fmt, &res);
    assert_non_null(res);
    return res;
}

/* Index of the first finding of `rule_id`, or -1. */
static inline long tu_find(const fp_result *res, const char *rule_id)
{
    for (size_t i = 0; i < fp_result_finding_count(res); i++)
        if (!strcmp(fp_rule_id(fp_finding_rule(fp_result_finding(res, i))), rule_id))
            return (long)i;
    return -1;
}

/* Index of the first finding in `category`, or -1. */
static inline long tu_find_category(const fp_result *res, const char *category)
{
    for (size_t i = 0; i < fp_result_finding_count(res); i++)
        if (!strcmp(fp_rule_category(fp_finding_rule(fp_result_finding(res, i))), category))
            return (long)i;
    return -1;
}

#endif
