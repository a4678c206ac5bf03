/* out_tsv.c - one finding per line, tab-separated, for grep, cut and awk:
 * path, line:column, rule, category, severity, bearer, section, match.
 * A document that could not be read gives one line with "error" in the rule
 * column and the reason in the match column. */
#include <string.h>

#include "render.h"
#include "rules.h"

/* Tabs and line breaks inside a field would break the columns. */
static fp_status put_field(fp_buf *o, const char *s, int last)
{
    fp_status st = FP_OK;
    for (const char *p = s; !st && *p; p++)
        st = fp_buf_putc(o, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
    return st ? st : fp_buf_putc(o, last ? '\n' : '\t');
}

static fp_status tsv_add(fp_renderer *rr, const fp_result *res)
{
    fp_buf *o = &rr->out;
    fp_status st = FP_OK;
    if (res->status) {
        st = put_field(o, res->name, 0);
        st = st ? st : fp_buf_puts(o, "-\terror\t-\t-\t-\t-\t");
        return st ? st : put_field(o, fp_result_error(res), 1);
    }
    for (size_t i = 0; !st && i < res->nfindings; i++) {
        const fp_finding *f = &res->findings[i];
        st = put_field(o, res->name, 0);
        if (!st && f->line)
            st = fp_buf_printf(o, "%u:%u\t", f->line, f->col);
        else if (!st)
            st = fp_buf_printf(o, "%s#%zu\t", f->story, f->para + 1);
        st = st ? st : put_field(o, f->rule->id, 0);
        st = st ? st : put_field(o, f->rule->category, 0);
        st = st ? st : put_field(o, fp_severity_name(f->severity), 0);
        st = st ? st : put_field(o, fp_bearer_name(f->bearer), 0);
        st = st ? st : put_field(o, f->section[0] ? f->section : "-", 0);
        st = st ? st : put_field(o, f->match_text, 1);
    }
    return st;
}

const fp_render_ops fp_tsv_ops = {NULL, tsv_add, NULL};
