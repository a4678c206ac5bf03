/* render.c - renderer lifecycle and the category table. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

static const fp_render_ops *ops_for(fp_output fmt)
{
    switch (fmt) {
    case FP_OUT_TEXT:
        return &fp_text_ops;
    case FP_OUT_JSON:
        return &fp_json_ops;
    case FP_OUT_JSONL:
        return &fp_jsonl_ops;
    case FP_OUT_TSV:
        return &fp_tsv_ops;
    case FP_OUT_SARIF:
        return &fp_sarif_ops;
    case FP_OUT_HTML:
        return &fp_html_ops;
    default:
        return NULL;
    }
}

fp_status fp_renderer_new(fp_output fmt, unsigned flags, const fp_rules *rules,
                          fp_write_fn write, void *ctx, fp_renderer **out)
{
    if (!out || !write || !ops_for(fmt))
        return FP_ERR_ARG;
    fp_renderer *rr = calloc(1, sizeof *rr);
    if (!rr)
        return FP_ERR_NOMEM;
    rr->ops = ops_for(fmt);
    rr->format = fmt;
    rr->flags = flags;
    rr->rules = rules;
    rr->write = write;
    rr->ctx = ctx;
    *out = rr;
    return FP_OK;
}

fp_status fp_render_flush(fp_renderer *rr)
{
    if (!rr->out.len)
        return FP_OK;
    int rc = rr->write(rr->ctx, rr->out.data, rr->out.len);
    rr->out.len = 0;
    return rc ? FP_ERR_IO : FP_OK;
}

static fp_status ensure_begun(fp_renderer *rr)
{
    if (rr->begun)
        return FP_OK;
    rr->begun = 1;
    return rr->ops->begin ? rr->ops->begin(rr) : FP_OK;
}

fp_status fp_renderer_add(fp_renderer *rr, const fp_result *res)
{
    if (!rr || !res || rr->finished)
        return FP_ERR_ARG;
    fp_status st = ensure_begun(rr);
    if (!st)
        st = rr->ops->add(rr, res);
    rr->documents++;
    if (!st)
        st = fp_render_flush(rr);
    return st;
}

fp_status fp_renderer_finish(fp_renderer *rr)
{
    if (!rr || rr->finished)
        return FP_ERR_ARG;
    fp_status st = ensure_begun(rr);
    rr->finished = 1;
    if (!st && rr->ops->finish)
        st = rr->ops->finish(rr);
    if (!st)
        st = fp_render_flush(rr);
    return st;
}

void fp_renderer_free(fp_renderer *rr)
{
    if (!rr)
        return;
    fp_buf_free(&rr->out);
    fp_buf_free(&rr->aux);
    fp_strlist_free(&rr->notes);
    fp_buf_free(&rr->keys);
    free(rr);
}

const char *fp_category_title(const char *category)
{
    static const struct { const char *id, *title; } table[] = {
        {"as_is", "Warranty disclaimers and \"as is\""},
        {"indemnity", "Indemnities"},
        {"liability", "Limitation of liability"},
        {"user_content", "What you put in and take out (inputs, content, output)"},
        {"change", "Unilateral change"},
        {"termination", "Termination and suspension"},
        {"content_removal", "Content removal"},
        {"contract_by_using", "Contract by using"},
        {"choice_of_law", "Choice of law"},
        {"jurisdiction", "Jurisdiction"},
        {"arbitration", "Arbitration and class-action waivers"},
        {NULL, NULL}};
    for (int i = 0; table[i].id; i++)
        if (!strcmp(table[i].id, category))
            return table[i].title;
    return category;
}
