/* result.h - what a scan of one document produced. */
#ifndef FP_RESULT_H
#define FP_RESULT_H

#include "buf.h"
#include "doc.h"
#include "fineprint.h"

struct fp_finding {
    const fp_rule *rule;
    fp_bearer bearer, indemnitor, indemnitee;
    fp_severity severity;
    size_t text_start, text_end; /* the match, in doc->text */
    size_t sentence, para;
    size_t src_start, src_end;
    unsigned line, col;
    char *sentence_text, *match_text, *heading;
    const char *section; /* borrowed from the paragraph */
    const char *story;   /* static name */
    fp_strlist attr_names, attr_values;
};

struct fp_result {
    char *name;
    fp_status status;
    fp_buf error;
    fp_format format;
    size_t source_bytes;
    fp_doc *doc; /* kept for renderers that show the whole text */
    fp_finding *findings;
    size_t nfindings, capfindings;
    fp_strlist warnings;
    struct fp_score *score; /* NULL until scored; see score.h */
};

/* Owned; NULL on out of memory. */
fp_result *fp_result_new(const char *name);
/* Record a failure; the message names the document. */
void fp_result_fail(fp_result *res, fp_status st, const char *reason);
fp_status fp_result_add(fp_result *res, const fp_finding *f);
/* Drop the findings from index `from` on whose rule names, in `unless`, a
 * rule that also matched the same sentence (a more specific reading). */
void fp_result_drop_redundant(fp_result *res, size_t from);
/* Sort findings by position (stable for equal positions: rule order). */
void fp_result_sort(fp_result *res);

/* A finding's attribute, or NULL. */
const char *fp_finding_attr(const fp_finding *f, const char *name);

/* "user indemnifies provider", or with the words of a party whose role the
 * text does not state (attribute "party"): "Bellicum indemnifies the other
 * party". Plain text; HTML callers escape it. */
fp_status fp_finding_indemnity_phrase(const fp_finding *f, fp_buf *out);

/* Who bears a finding, in the words every report uses: "user bears it",
 * "both parties bear it", "bearer unclear (Bellicum acts)", or the
 * indemnity phrase. Plain text; HTML callers escape it. */
fp_status fp_finding_bearer_phrase(const fp_finding *f, fp_buf *out);

#endif
