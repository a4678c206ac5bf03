/* render.h - the emit interface every output format shares (cmark's idea:
 * renderers differ only in what they write, not in how they reach the
 * caller). */
#ifndef FP_RENDER_H
#define FP_RENDER_H

#include "buf.h"
#include "fineprint.h"
#include "json.h"
#include "result.h"

typedef struct fp_render_ops {
    fp_status (*begin)(fp_renderer *rr);
    fp_status (*add)(fp_renderer *rr, const fp_result *res);
    fp_status (*finish)(fp_renderer *rr);
} fp_render_ops;

struct fp_renderer {
    const fp_render_ops *ops;
    fp_output format;
    unsigned flags;
    const fp_rules *rules;
    fp_write_fn write;
    void *ctx;
    fp_buf out;       /* pending output, flushed in large writes */
    size_t documents; /* added so far */
    /* For formats that write one structure across many documents (SARIF
     * keeps its JSON writer open between calls) or must hold parts back
     * until the end (SARIF's notifications, HTML's index before the
     * documents). */
    fp_json json;
    fp_buf aux;
    fp_strlist notes;
    fp_buf keys; /* HTML: one fp_html_row_key per index row, to sort by */
    int begun, finished;
};

/* Flush pending output to the caller. */
fp_status fp_render_flush(fp_renderer *rr);

extern const fp_render_ops fp_text_ops;
extern const fp_render_ops fp_json_ops;
extern const fp_render_ops fp_jsonl_ops;
extern const fp_render_ops fp_tsv_ops;
extern const fp_render_ops fp_sarif_ops;
extern const fp_render_ops fp_html_ops;

/* A reader-facing title for a category id ("as_is" -> "Warranty disclaimers
 * and \"as is\""); the id itself when it is not a known one. */
const char *fp_category_title(const char *category);

/* Write one document as a JSON object (shared by json and jsonl). */
struct fp_json;
void fp_json_document(struct fp_json *j, const fp_result *res);
/* The "attributes" member of a finding: its rule's named groups. */
void fp_json_attributes(struct fp_json *j, const fp_finding *f);

#endif
