/* out_json.c - JSON (one document for the run) and JSONL (one line per
 * document). The schema is in docs/json.md. */
#include <string.h>

#include "json.h"
#include "render.h"
#include "rules.h"

static void write_location(fp_json *j, const fp_finding *f)
{
    fp_json_key(j, "location");
    fp_json_object(j);
    if (f->line) {
        fp_json_kuint(j, "line", f->line);
        fp_json_kuint(j, "column", f->col);
    }
    fp_json_kuint(j, "start", f->src_start);
    fp_json_kuint(j, "end", f->src_end);
    fp_json_kuint(j, "paragraph", f->para);
    fp_json_kstr(j, "story", f->story);
    fp_json_kstr(j, "section", f->section);
    fp_json_kstr(j, "heading", f->heading);
    fp_json_end(j);
}

void fp_json_attributes(fp_json *j, const fp_finding *f)
{
    fp_json_key(j, "attributes");
    fp_json_object(j);
    for (size_t i = 0; i < f->attr_names.count; i++)
        fp_json_kstr(j, f->attr_names.items[i], f->attr_values.items[i]);
    fp_json_end(j);
}

static void write_finding(fp_json *j, const fp_finding *f)
{
    const fp_rule *r = f->rule;
    fp_json_object(j);
    fp_json_kstr(j, "rule", r->id);
    fp_json_kstr(j, "category", r->category);
    fp_json_kstr(j, "title", r->title);
    fp_json_kstr(j, "severity", fp_severity_name(f->severity));
    fp_json_kstr(j, "bearer", fp_bearer_name(f->bearer));
    if (r->indemnitor.set || r->indemnitee.set) {
        fp_json_kstr(j, "indemnitor", fp_bearer_name(f->indemnitor));
        fp_json_kstr(j, "indemnitee", fp_bearer_name(f->indemnitee));
    }
    write_location(j, f);
    fp_json_kstr(j, "match", f->match_text);
    fp_json_kstr(j, "sentence", f->sentence_text);
    fp_json_kstr(j, "explanation", r->explain);
    fp_json_kstr(j, "law", r->law);
    fp_json_key(j, "tags");
    fp_json_array(j);
    for (size_t i = 0; i < r->tags.count; i++)
        fp_json_string(j, r->tags.items[i]);
    fp_json_end(j);
    fp_json_attributes(j, f);
    fp_json_end(j);
}

static void write_counts(fp_json *j, const fp_result *res)
{
    fp_json_key(j, "counts");
    fp_json_object(j);
    /* categories in order of first finding; counts per category */
    const char *seen[64];
    size_t nseen = 0;
    for (size_t i = 0; i < res->nfindings && nseen < 64; i++) {
        const char *c = res->findings[i].rule->category;
        int known = 0;
        for (size_t k = 0; k < nseen; k++)
            known |= !strcmp(seen[k], c);
        if (!known)
            seen[nseen++] = c;
    }
    for (size_t k = 0; k < nseen; k++) {
        size_t n = 0;
        for (size_t i = 0; i < res->nfindings; i++)
            n += !strcmp(res->findings[i].rule->category, seen[k]);
        fp_json_kuint(j, seen[k], n);
    }
    fp_json_end(j);
}

static void write_score_items(fp_json *j, const fp_score *s)
{
    fp_json_key(j, "items");
    fp_json_array(j);
    for (size_t i = 0; i < fp_score_item_count(s); i++) {
        fp_json_object(j);
        fp_json_kstr(j, "subscore", fp_subscore_name(fp_score_item_sub(s, i)));
        fp_json_key(j, "points");
        fp_json_double(j, fp_score_item_points(s, i));
        fp_json_key(j, "finding");
        if (fp_score_item_finding(s, i) == (size_t)-1)
            fp_json_null(j);
        else
            fp_json_uint(j, fp_score_item_finding(s, i));
        fp_json_key(j, "paragraph");
        if (fp_score_item_paragraph(s, i) == (size_t)-1)
            fp_json_null(j);
        else
            fp_json_uint(j, fp_score_item_paragraph(s, i));
        fp_json_kstr(j, "section", fp_score_item_section(s, i));
        fp_json_kstr(j, "reason", fp_score_item_reason(s, i));
        fp_json_end(j);
    }
    fp_json_end(j);
}

static void write_score_notes(fp_json *j, const fp_result *res, const fp_score *s)
{
    fp_json_key(j, "notes");
    fp_json_array(j);
    for (size_t i = 0; i < fp_score_note_count(s); i++) {
        size_t fi = fp_score_note_finding(s, i);
        fp_json_object(j);
        fp_json_kuint(j, "finding", fi);
        fp_json_kstr(j, "section", res->findings[fi].section);
        fp_json_kstr(j, "sentence", res->findings[fi].sentence_text);
        fp_json_kstr(j, "hard", fp_score_note_hard(s, i));
        fp_json_kstr(j, "plain", fp_score_note_plain(s, i));
        fp_json_end(j);
    }
    fp_json_end(j);
}

/* The "score" object (docs/scoring.md). */
static void write_score(fp_json *j, const fp_result *res)
{
    const fp_score *s = fp_result_score(res);
    fp_json_key(j, "score");
    if (!s) {
        fp_json_null(j);
        return;
    }
    char grade[2] = {fp_score_grade(s), 0};
    fp_json_object(j);
    fp_json_kstr(j, "grade", grade);
    fp_json_key(j, "clarity");
    fp_json_double(j, fp_score_value(s));
    fp_json_key(j, "subscores");
    fp_json_object(j);
    for (int k = 0; k < FP_SUB__COUNT; k++) {
        fp_json_key(j, fp_subscore_name((fp_subscore)k));
        fp_json_object(j);
        fp_json_key(j, "value");
        fp_json_double(j, fp_score_sub(s, (fp_subscore)k));
        fp_json_kstr(j, "explanation", fp_score_sub_explain(s, (fp_subscore)k));
        fp_json_end(j);
    }
    fp_json_end(j);
    fp_json_key(j, "readability");
    fp_json_object(j);
    for (int k = 0; k < FP_READ__COUNT; k++) {
        double v = fp_score_readability(s, (fp_read_stat)k);
        fp_json_key(j, fp_read_stat_name((fp_read_stat)k));
        if (k >= FP_READ_SENTENCES) /* counts */
            fp_json_uint(j, (uint64_t)v);
        else
            fp_json_double(j, v);
    }
    fp_json_end(j);
    write_score_items(j, s);
    write_score_notes(j, res, s);
    fp_json_end(j);
}

void fp_json_document(fp_json *j, const fp_result *res)
{
    fp_json_object(j);
    fp_json_kstr(j, "path", res->name);
    fp_json_kstr(j, "format", fp_format_name(res->format));
    fp_json_kstr(j, "status", res->status ? "error" : "ok");
    fp_json_key(j, "error");
    if (res->status)
        fp_json_string(j, res->error.data);
    else
        fp_json_null(j);
    fp_json_kuint(j, "bytes", res->source_bytes);
    fp_json_key(j, "warnings");
    fp_json_array(j);
    for (size_t i = 0; i < res->warnings.count; i++)
        fp_json_string(j, res->warnings.items[i]);
    fp_json_end(j);
    write_counts(j, res);
    write_score(j, res);
    fp_json_key(j, "findings");
    fp_json_array(j);
    for (size_t i = 0; i < res->nfindings; i++)
        write_finding(j, &res->findings[i]);
    fp_json_end(j);
    fp_json_end(j);
}

/* ---------------------------------------------------------------- json */

static fp_status json_begin(fp_renderer *rr)
{
    return fp_buf_printf(&rr->out, "{\n  \"fineprint\": \"%s\",\n  "
                         "\"documents\": [", FP_VERSION_STRING);
}

static fp_status json_add(fp_renderer *rr, const fp_result *res)
{
    fp_json j;
    fp_json_init(&j, &rr->out, 1);
    fp_status st = fp_buf_puts(&rr->out, rr->documents ? ",\n    " : "\n    ");
    if (st)
        return st;
    j.depth = 2;
    j.after_key = 1;
    fp_json_document(&j, res);
    return j.err;
}

static fp_status json_finish(fp_renderer *rr)
{
    return fp_buf_puts(&rr->out, rr->documents ? "\n  ]\n}\n" : "]\n}\n");
}

const fp_render_ops fp_json_ops = {json_begin, json_add, json_finish};

/* --------------------------------------------------------------- jsonl */

static fp_status jsonl_add(fp_renderer *rr, const fp_result *res)
{
    fp_json j;
    fp_json_init(&j, &rr->out, 0);
    fp_json_document(&j, res);
    if (!j.err)
        j.err = fp_buf_putc(&rr->out, '\n');
    return j.err;
}

const fp_render_ops fp_jsonl_ops = {NULL, jsonl_add, NULL};
