/* prefilter.h - one pass over the case-folded text finds every required
 * literal of every rule (Aho-Corasick), so that PCRE2 runs only on the
 * sentences that could match. The idea is yara's "atoms". */
#ifndef FP_PREFILTER_H
#define FP_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "fineprint.h"

typedef struct fp_prefilter fp_prefilter;
struct fp_rules;

/* Build from the `require` literals of every rule and the atoms of their
 * derived conditions (rules->atoms). */
fp_status fp_prefilter_build_for_rules(const struct fp_rules *rules,
                                       fp_prefilter **out);
void fp_prefilter_free(fp_prefilter *pf);

/* Called for every literal occurrence: its id, and the span [start, end)
 * of the literal in the scanned text. An id below rules->count is a
 * `require` literal of that rule; id rules->count + a is atom a. */
typedef void (*fp_prefilter_hit)(void *ctx, size_t rule, size_t start,
                                 size_t end);

/* Scan folded[0..n); offsets passed to `hit` are relative to folded. */
void fp_prefilter_scan(const fp_prefilter *pf, const char *folded, size_t n,
                       fp_prefilter_hit hit, void *ctx);

#endif
