/* result.c - findings and warnings of one document, and their accessors. */
#include "result.h"

#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "score.h"

fp_result *fp_result_new(const char *name)
{
    fp_result *res = calloc(1, sizeof *res);
    if (!res)
        return NULL;
    res->name = fp_strdup(name ? name : "(memory)");
    if (!res->name) {
        free(res);
        return NULL;
    }
    return res;
}

void fp_result_fail(fp_result *res, fp_status st, const char *reason)
{
    res->status = st;
    res->error.len = 0;
    fp_buf_printf(&res->error, "%s: %s", res->name,
                  reason && *reason ? reason : fp_strerror(st));
}

fp_status fp_result_add(fp_result *res, const fp_finding *f)
{
    fp_status st = fp_grow((void **)&res->findings, &res->capfindings,
                           res->nfindings + 1, sizeof *res->findings);
    if (st)
        return st;
    res->findings[res->nfindings++] = *f;
    return FP_OK;
}

static int by_position(const void *a, const void *b)
{
    const fp_finding *x = a, *y = b;
    if (x->text_start != y->text_start)
        return x->text_start < y->text_start ? -1 : 1;
    if (x->rule->index != y->rule->index)
        return x->rule->index < y->rule->index ? -1 : 1;
    return 0;
}

void fp_result_sort(fp_result *res)
{
    if (res->nfindings > 1)
        qsort(res->findings, res->nfindings, sizeof *res->findings,
              by_position);
}

static void free_finding(fp_finding *f)
{
    free(f->sentence_text);
    free(f->match_text);
    free(f->heading);
    fp_strlist_free(&f->attr_names);
    fp_strlist_free(&f->attr_values);
}

/* Does a finding of one of `f`'s `unless` rules share its sentence? */
static int is_redundant(const fp_result *res, size_t from, const fp_finding *f)
{
    const fp_rule *r = f->rule;
    for (size_t k = 0; k < r->unless.count; k++)
        for (size_t i = from; i < res->nfindings; i++)
            if (res->findings[i].sentence == f->sentence &&
                res->findings[i].rule->index == r->unless_index[k])
                return 1;
    return 0;
}

void fp_result_drop_redundant(fp_result *res, size_t from)
{
    size_t keep = from;
    for (size_t i = from; i < res->nfindings; i++) {
        fp_finding *f = &res->findings[i];
        if (f->rule->unless.count && is_redundant(res, from, f)) {
            free_finding(f);
            continue;
        }
        res->findings[keep++] = *f;
    }
    res->nfindings = keep;
}

void fp_result_free(fp_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->nfindings; i++)
        free_finding(&res->findings[i]);
    free(res->findings);
    fp_strlist_free(&res->warnings);
    fp_score_free(res->score);
    fp_buf_free(&res->error);
    fp_doc_free(res->doc);
    free(res->name);
    free(res);
}

/* -------------------------------------------------------------- accessors */

fp_status fp_result_status(const fp_result *res) { return res->status; }
const char *fp_result_error(const fp_result *res)
{
    return res->error.data ? res->error.data : "";
}
const char *fp_result_name(const fp_result *res) { return res->name; }
fp_format fp_result_format(const fp_result *res) { return res->format; }
size_t fp_result_source_bytes(const fp_result *res) { return res->source_bytes; }
size_t fp_result_warning_count(const fp_result *res) { return res->warnings.count; }
const char *fp_result_warning(const fp_result *res, size_t i)
{
    return i < res->warnings.count ? res->warnings.items[i] : NULL;
}
size_t fp_result_finding_count(const fp_result *res) { return res->nfindings; }
const fp_finding *fp_result_finding(const fp_result *res, size_t i)
{
    return i < res->nfindings ? &res->findings[i] : NULL;
}

size_t fp_result_count_at_least(const fp_result *res, fp_severity min)
{
    size_t n = 0;
    for (size_t i = 0; i < res->nfindings; i++) {
        fp_severity s = res->findings[i].severity;
        if (min == FP_SEV_FAIR ? s == FP_SEV_FAIR : s >= min)
            n++;
    }
    return n;
}

const fp_rule *fp_finding_rule(const fp_finding *f) { return f->rule; }
fp_bearer fp_finding_bearer(const fp_finding *f) { return f->bearer; }
fp_bearer fp_finding_indemnitor(const fp_finding *f) { return f->indemnitor; }
fp_bearer fp_finding_indemnitee(const fp_finding *f) { return f->indemnitee; }
fp_severity fp_finding_severity(const fp_finding *f) { return f->severity; }
const char *fp_finding_sentence(const fp_finding *f) { return f->sentence_text; }
const char *fp_finding_match(const fp_finding *f) { return f->match_text; }
size_t fp_finding_source_start(const fp_finding *f) { return f->src_start; }
size_t fp_finding_source_end(const fp_finding *f) { return f->src_end; }
unsigned fp_finding_line(const fp_finding *f) { return f->line; }
unsigned fp_finding_column(const fp_finding *f) { return f->col; }
size_t fp_finding_paragraph(const fp_finding *f) { return f->para; }
const char *fp_finding_story(const fp_finding *f) { return f->story; }
const char *fp_finding_section(const fp_finding *f) { return f->section; }
const char *fp_finding_heading(const fp_finding *f)
{
    return f->heading ? f->heading : "";
}
size_t fp_finding_attr_count(const fp_finding *f) { return f->attr_names.count; }
const char *fp_finding_attr_name(const fp_finding *f, size_t i)
{
    return i < f->attr_names.count ? f->attr_names.items[i] : NULL;
}
const char *fp_finding_attr_value(const fp_finding *f, size_t i)
{
    return i < f->attr_values.count ? f->attr_values.items[i] : NULL;
}

const char *fp_finding_attr(const fp_finding *f, const char *name)
{
    for (size_t i = 0; i < f->attr_names.count; i++)
        if (!strcmp(f->attr_names.items[i], name))
            return f->attr_values.items[i];
    return NULL;
}

fp_status fp_finding_indemnity_phrase(const fp_finding *f, fp_buf *out)
{
    const char *party = fp_finding_attr(f, "party");
    if (party && f->indemnitor == FP_BEARER_UNKNOWN)
        return fp_buf_printf(out, "%s indemnifies %s", party,
                             f->indemnitee == FP_BEARER_UNKNOWN
                                 ? "the other party" : fp_bearer_name(f->indemnitee));
    return fp_buf_printf(out, "%s indemnifies %s", fp_bearer_name(f->indemnitor),
                         fp_bearer_name(f->indemnitee));
}

fp_status fp_finding_bearer_phrase(const fp_finding *f, fp_buf *out)
{
    if (f->rule->indemnitor.set || f->rule->indemnitee.set)
        return fp_finding_indemnity_phrase(f, out);
    const char *party = fp_finding_attr(f, "party");
    switch (f->bearer) {
    case FP_BEARER_UNKNOWN:
        return party ? fp_buf_printf(out, "bearer unclear (%s acts)", party)
                     : fp_buf_puts(out, "bearer unclear");
    case FP_BEARER_MUTUAL:
        return fp_buf_puts(out, "both parties bear it");
    case FP_BEARER_THIRD_PARTY:
        return fp_buf_puts(out, "a third party bears it");
    default:
        return fp_buf_printf(out, "%s bears it", fp_bearer_name(f->bearer));
    }
}
