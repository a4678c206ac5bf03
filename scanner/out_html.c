/* out_html.c - one self-contained HTML report for the run: inline CSS, no
 * scripts, nothing fetched (a Content-Security-Policy forbids it), so the
 * file can be mailed or archived as it is.
 *
 * Each document gets a section: grade, sub-scores and every score item;
 * warnings; the document's text (the normalised text the rules matched,
 * paragraph by paragraph) with each finding highlighted in its category's
 * colour; and a side panel listing the findings by category, each linking
 * to its highlight. With several documents an index table (path, grade,
 * counts, errors) comes first and links to each section; it needs every
 * document, so sections are held in rr->aux and the index rows in
 * rr->notes until the run finishes. The index sorts without a script: it
 * is written once per order, and CSS shows the one whose id is the URL's
 * fragment (a column heading links to it), else the input order. Everything
 * that comes from a document or a rule is escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "rules.h"

/* ------------------------------------------------------------- escaping */

static fp_status esc_n(fp_buf *o, const char *s, size_t n)
{
    fp_status st = FP_OK;
    size_t run = 0;
    for (size_t i = 0; !st && i < n; i++) {
        const char *e = NULL;
        switch (s[i]) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\'': e = "&#39;"; break;
        default: break;
        }
        if (!e)
            continue;
        st = fp_buf_append(o, s + run, i - run);
        st = st ? st : fp_buf_puts(o, e);
        run = i + 1;
    }
    return st ? st : fp_buf_append(o, s + run, n - run);
}

static fp_status esc(fp_buf *o, const char *s)
{
    return esc_n(o, s ? s : "", s ? strlen(s) : 0);
}

/* Who bears a finding, in the words of the text report, escaped. */
static fp_status esc_bearer(fp_buf *o, const fp_finding *f)
{
    fp_buf who = {0};
    fp_status st = fp_finding_bearer_phrase(f, &who);
    st = st ? st : esc(o, who.data);
    fp_buf_free(&who);
    return st;
}

/* A category id as a CSS class suffix: rule files may use any id. */
static fp_status put_class(fp_buf *o, const char *category)
{
    fp_status st = FP_OK;
    for (const char *p = category; !st && *p; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        st = fp_buf_putc(o, ok ? c : '_');
    }
    return st;
}

/* ---------------------------------------------------------------- style */

static const char css[] =
    ":root{--fg:#1b1b1b;--muted:#5b5b5b;--line:#d8d8d8;--bg:#fff;--panel:#f6f6f4}"
    "*{box-sizing:border-box}"
    "body{font:15px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);"
    "background:var(--bg);margin:0;padding:0 1.5rem 3rem}"
    "header.run{border-bottom:2px solid var(--fg);padding:.6rem 0 .2rem}header.run p{margin:.2rem 0}"
    "h1{font-size:1.4rem;margin:0}h2{font-size:1.2rem;margin:.2rem 0}"
    "table{border-collapse:collapse;margin:.5rem 0}"
    "th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}"
    "th{background:var(--panel)}nav .grade{font-size:1rem;min-width:1.6rem}nav td:nth-child(2){white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "section.doc{padding-top:.5rem;margin-top:.5rem}section.doc+section.doc{border-top:1px solid var(--line);margin-top:1.5rem}"
    "section.doc>p{margin:.3rem 0}"
    /* one index table per order: the targeted one, else the default (last) */
    ".orders .order{display:none}.orders .order:target,.orders .default{display:block}"
    ".orders .order:target~.default{display:none}th a{color:inherit}"
    ".grade{display:inline-block;min-width:2.2rem;text-align:center;font-weight:700;font-size:1.5rem;"
    "border-radius:.3rem;padding:.1rem .4rem;color:#fff;background:#555;margin-right:.5rem}"
    ".g-A{background:#1a7f37}.g-B{background:#4d8f1f}.g-C{background:#b08800}.g-D{background:#c2571a}"
    ".g-E{background:#b3261e}"
    ".scores{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.5rem 1.5rem;margin:.5rem 0}"
    ".scores b{font-size:1.1rem}.scores small{display:block;color:var(--muted);font-size:.8rem;line-height:1.35}"
    ".reasons{max-height:11rem;overflow:auto;border:1px solid var(--line)}.reasons table{margin:0;width:100%}"
    "details{margin:.4rem 0}summary{cursor:pointer;font-weight:600}"
    ".error{color:#b3261e;font-weight:600}.warn{color:#8a5a00}"
    ".layout{display:grid;grid-template-columns:minmax(0,1fr) 24rem;gap:1.5rem;align-items:start}"
    "article.text{max-width:50rem}article.text p{margin:.45rem 0}"
    "article.text .h{font-weight:700;margin-top:1rem}"
    "article.text .li{padding-left:1.2rem}article.text .td{color:#333}"
    ".story{font-size:.85rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);"
    "border-top:1px dashed var(--line);margin-top:1rem;padding-top:.5rem}"
    "aside{position:sticky;top:0;max-height:100vh;overflow:auto;background:var(--panel);"
    "border-left:1px solid var(--line);padding:.5rem .8rem;font-size:.9rem}"
    "aside h3{font-size:1rem;margin:.8rem 0 .3rem;padding-left:.4rem;border-left:.35rem solid #999}"
    "aside ol{margin:0;padding-left:1.2rem}aside li{margin:.3rem 0 .6rem}"
    "aside .meta{font-size:.85rem;color:var(--muted)}aside .law{font-size:.8rem;color:var(--muted)}"
    "mark{color:inherit;border-radius:.15rem;padding:0 .05rem;border-bottom:2px solid #999}"
    "mark:target,mark.t:target{outline:2px solid #000}"
    ".sev{font-size:.75rem;font-weight:700;text-transform:uppercase;padding:0 .25rem;border-radius:.2rem;"
    "border:1px solid currentColor}"
    ".sev.sev-high{color:#b3261e}.sev.sev-medium{color:#a15c00}.sev.sev-low,.sev.sev-info{color:#5b5b5b}"
    ".sev.sev-fair{color:#1a7f37}mark.sev-high{border-bottom-width:3px}mark.sev-fair{border-bottom-style:dotted}"
    /* Category colours: background for the highlight, border for the panel. */
    ".c-as_is{background:#ffd9d6;border-color:#d9534f}"
    ".c-liability{background:#ffe3c4;border-color:#e8891a}"
    ".c-indemnity{background:#fff1a8;border-color:#c9a800}"
    ".c-user_content{background:#d9ecff;border-color:#3d8bd9}"
    ".c-change{background:#e8dcff;border-color:#8457d9}"
    ".c-termination{background:#ffd6ea;border-color:#d94d94}"
    ".c-content_removal{background:#dff5e1;border-color:#3f9e4d}"
    ".c-contract_by_using{background:#d5f3f3;border-color:#2a9d9d}"
    ".c-choice_of_law{background:#ececec;border-color:#777}"
    ".c-jurisdiction{background:#e4e9d0;border-color:#7d8f3a}"
    ".c-arbitration{background:#f5dccb;border-color:#a0522d}"
    "aside h3[class^=c-],aside h3[class*=' c-']{background:none}"
    "@media (max-width:60rem){.layout{grid-template-columns:1fr}aside{position:static;max-height:none}}"
    "@media print{body{padding:0;font-size:11pt}.layout{display:block}"
    "aside{position:static;max-height:none;overflow:visible;border:0;background:none;page-break-before:always}"
    "mark,.grade,.c-as_is,[class*=' c-'],[class^=c-]{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "section.doc{page-break-before:always}section.doc:first-of-type{page-break-before:auto}"
    ".reasons{max-height:none;overflow:visible}details{display:block}details>*{display:block}"
    "a{color:inherit;text-decoration:none}}";

/* ------------------------------------------------------------ the score */

static fp_status put_score(fp_buf *o, const fp_result *res, const char *id)
{
    const fp_score *s = fp_result_score(res);
    if (!s)
        return fp_buf_puts(o, "<p>Not graded: the clarity grade is given only to readable "
                              "documents in English.</p>\n");
    char g = fp_score_grade(s);
    fp_status st = fp_buf_printf(o, "<p><span class=\"grade g-%c\">%c</span>clarity <b>%.1f</b> / 100"
                                 " &middot; risk on the reader (burden, not part of clarity) "
                                 "<b>%.1f</b> / 100</p>\n<div class=\"scores\">",
                                 g, g, fp_score_value(s), fp_score_sub(s, FP_SUB_BURDEN));
    for (int k = 0; !st && k < FP_SUB__COUNT; k++) {
        st = fp_buf_printf(o, "<div>%s <b>%.1f</b><small>", fp_subscore_name((fp_subscore)k),
                           fp_score_sub(s, (fp_subscore)k));
        st = st ? st : esc(o, fp_score_sub_explain(s, (fp_subscore)k));
        st = st ? st : fp_buf_puts(o, "</small></div>");
    }
    st = st ? st : fp_buf_printf(o, "</div>\n<details open><summary>Why this grade (%zu items)"
                                 "</summary>\n<div class=\"reasons\"><table><tr><th>points</th><th>sub-score</th>"
                                 "<th>where</th><th>reason</th></tr>\n", fp_score_item_count(s));
    for (size_t i = 0; !st && i < fp_score_item_count(s); i++) {
        size_t fi = fp_score_item_finding(s, i);
        st = fp_buf_printf(o, "<tr><td class=\"n\">%+.1f</td><td>%s</td><td>",
                           fp_score_item_points(s, i), fp_subscore_name(fp_score_item_sub(s, i)));
        /* Link to the finding, else to the paragraph the item is about. */
        size_t pi = fp_score_item_paragraph(s, i);
        int link_f = fi != (size_t)-1 && fi < res->nfindings;
        int link_p = !link_f && res->doc && pi < res->doc->npara;
        if (!st && link_f)
            st = fp_buf_printf(o, "<a href=\"#%s-f%zu\">", id, fi + 1);
        else if (!st && link_p)
            st = fp_buf_printf(o, "<a href=\"#%s-p%zu\">", id, pi + 1);
        const char *sec = fp_score_item_section(s, i);
        if (!st && sec && sec[0])
            st = esc(o, sec);
        else if (!st && fi != (size_t)-1)
            st = fp_buf_puts(o, "finding");
        else if (!st)
            st = fp_buf_puts(o, pi == (size_t)-1 ? "document" : "paragraph");
        if (!st && (link_f || link_p))
            st = fp_buf_puts(o, "</a>");
        st = st ? st : fp_buf_puts(o, "</td><td>");
        st = st ? st : esc(o, fp_score_item_reason(s, i));
        st = st ? st : fp_buf_puts(o, "</td></tr>\n");
    }
    return st ? st : fp_buf_puts(o, "</table></div></details>\n");
}

/* ------------------------------------------------------ highlighted text */

typedef struct span_set {
    size_t *cuts; /* sorted, unique offsets where a highlight starts or ends */
    size_t n, cap;
} span_set;

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static fp_status add_cut(span_set *c, size_t off)
{
    if (fp_grow((void **)&c->cuts, &c->cap, c->n + 1, sizeof *c->cuts))
        return FP_ERR_NOMEM;
    c->cuts[c->n++] = off;
    return FP_OK;
}

/* The most severe finding covering [a, b), or -1. */
static long covering(const fp_result *res, size_t lo, size_t hi, size_t a, size_t b)
{
    long best = -1;
    for (size_t k = lo; k < hi; k++) {
        const fp_finding *f = &res->findings[k];
        if (f->text_start <= a && f->text_end >= b &&
            (best < 0 || f->severity > res->findings[best].severity))
            best = (long)k;
    }
    return best;
}

static fp_status open_mark(fp_buf *o, const fp_result *res, const char *id, size_t lo,
                           size_t hi, size_t a, long best)
{
    const fp_finding *bf = &res->findings[best];
    fp_status st = FP_OK;
    int has_id = 0;
    /* The first finding starting here names the mark; any other one
     * starting at the same place gets an empty anchor just before it. */
    for (size_t k = lo; !st && k < hi; k++) {
        if (res->findings[k].text_start != a)
            continue;
        if (!has_id && (long)k == best) {
            has_id = 1;
            continue;
        }
        st = fp_buf_printf(o, "<span class=\"t\" id=\"%s-f%zu\"></span>", id, k + 1);
    }
    st = st ? st : fp_buf_puts(o, "<mark class=\"c-");
    st = st ? st : put_class(o, bf->rule->category);
    st = st ? st : fp_buf_printf(o, " sev-%s\"", fp_severity_name(bf->severity));
    if (!st && has_id)
        st = fp_buf_printf(o, " id=\"%s-f%zu\"", id, (size_t)best + 1);
    st = st ? st : fp_buf_puts(o, " title=\"");
    st = st ? st : esc(o, fp_rule_title(bf->rule));
    st = st ? st : fp_buf_puts(o, " (");
    st = st ? st : esc_bearer(o, bf);
    st = st ? st : fp_buf_puts(o, ")\">");
    return st;
}

/* The paragraph's text with the findings lo..hi-1 that overlap it
 * highlighted. Overlapping findings cannot nest as elements, so the text
 * is cut at every start and end and each piece is marked with the most
 * severe finding that covers it. */
static fp_status put_para_text(fp_buf *o, const fp_result *res, const fp_para *p,
                               size_t lo, size_t hi, const char *id)
{
    const char *text = res->doc->text.data;
    span_set c = {0};
    fp_status st = add_cut(&c, p->start);
    st = st ? st : add_cut(&c, p->end);
    for (size_t k = lo; !st && k < hi; k++) {
        const fp_finding *f = &res->findings[k];
        if (f->text_start > p->start && f->text_start < p->end)
            st = add_cut(&c, f->text_start);
        if (!st && f->text_end > p->start && f->text_end < p->end)
            st = add_cut(&c, f->text_end);
    }
    if (!st)
        qsort(c.cuts, c.n, sizeof *c.cuts, cmp_size);
    for (size_t i = 0; !st && i + 1 < c.n; i++) {
        size_t a = c.cuts[i], b = c.cuts[i + 1];
        if (a == b)
            continue;
        long best = covering(res, lo, hi, a, b);
        if (best >= 0)
            st = open_mark(o, res, id, lo, hi, a, best);
        st = st ? st : esc_n(o, text + a, b - a);
        if (!st && best >= 0)
            st = fp_buf_puts(o, "</mark>");
    }
    free(c.cuts);
    return st;
}

static const char *para_class(fp_para_kind k)
{
    switch (k) {
    case FP_PARA_HEADING:
        return "h";
    case FP_PARA_LIST_ITEM:
        return "li";
    case FP_PARA_TABLE_CELL:
        return "td";
    default:
        return "b";
    }
}

static fp_status put_text(fp_buf *o, const fp_result *res, const char *id)
{
    const fp_doc *d = res->doc;
    fp_status st = fp_buf_puts(o, "<article class=\"text\">\n");
    size_t lo = 0;
    int story = FP_STORY_BODY;
    for (size_t i = 0; !st && i < d->npara; i++) {
        const fp_para *p = &d->paras[i];
        /* Findings are sorted by position: skip those that ended before
         * this paragraph, take those that start inside it. */
        while (lo < res->nfindings && res->findings[lo].text_end <= p->start)
            lo++;
        size_t hi = lo;
        while (hi < res->nfindings && res->findings[hi].text_start < p->end)
            hi++;
        if ((int)p->story != story) {
            story = (int)p->story;
            st = fp_buf_printf(o, "<div class=\"story\">%s</div>\n", fp_story_name(p->story));
        }
        st = st ? st : fp_buf_printf(o, "<p class=\"%s\" id=\"%s-p%zu\">", para_class(p->kind), id, i + 1);
        st = st ? st : put_para_text(o, res, p, lo, hi, id);
        st = st ? st : fp_buf_puts(o, "</p>\n");
    }
    return st ? st : fp_buf_puts(o, "</article>\n");
}

/* ------------------------------------------------------------ the panel */

static fp_status put_where(fp_buf *o, const fp_finding *f)
{
    fp_status st = FP_OK;
    if (f->section && f->section[0]) {
        st = fp_buf_puts(o, "section ");
        st = st ? st : esc(o, f->section);
        st = st ? st : fp_buf_puts(o, ", ");
    }
    if (!st && f->line)
        return fp_buf_printf(o, "line %u", f->line);
    return st ? st : fp_buf_printf(o, "%s paragraph %zu", f->story, f->para + 1);
}

static fp_status put_panel_item(fp_buf *o, const fp_result *res, size_t k, const char *id)
{
    const fp_finding *f = &res->findings[k];
    const fp_rule *r = f->rule;
    fp_status st = fp_buf_printf(o, "<li><a href=\"#%s-f%zu\">", id, k + 1);
    st = st ? st : esc(o, fp_rule_title(r));
    st = st ? st : fp_buf_printf(o, "</a><div class=\"meta\"><span class=\"sev sev-%s\">%s</span> ",
                                 fp_severity_name(f->severity), fp_severity_name(f->severity));
    st = st ? st : esc_bearer(o, f);
    st = st ? st : fp_buf_puts(o, " &middot; ");
    st = st ? st : put_where(o, f);
    for (size_t a = 0; !st && a < f->attr_names.count; a++) {
        st = fp_buf_puts(o, " &middot; ");
        st = st ? st : esc(o, f->attr_names.items[a]);
        st = st ? st : fp_buf_puts(o, ": ");
        st = st ? st : esc(o, f->attr_values.items[a]);
    }
    st = st ? st : fp_buf_puts(o, "</div><div>");
    st = st ? st : esc(o, fp_rule_explain(r));
    st = st ? st : fp_buf_puts(o, "</div>");
    if (!st && fp_rule_law(r)[0]) {
        st = fp_buf_puts(o, "<div class=\"law\">Legal anchor: ");
        st = st ? st : esc(o, fp_rule_law(r));
        st = st ? st : fp_buf_puts(o, "</div>");
    }
    return st ? st : fp_buf_puts(o, "</li>\n");
}

/* Findings grouped by category, categories in order of first finding. */
static fp_status put_panel(fp_buf *o, const fp_result *res, const char *id)
{
    fp_status st = fp_buf_printf(o, "<aside><h2>Findings (%zu)</h2>\n", res->nfindings);
    if (!st && !res->nfindings)
        st = fp_buf_puts(o, "<p>No clause that moves risk was found.</p>\n");
    for (size_t i = 0; !st && i < res->nfindings; i++) {
        const char *cat = res->findings[i].rule->category;
        int first = 1;
        for (size_t k = 0; first && k < i; k++)
            first = strcmp(res->findings[k].rule->category, cat) != 0;
        if (!first)
            continue;
        size_t n = 0;
        for (size_t k = i; k < res->nfindings; k++)
            n += !strcmp(res->findings[k].rule->category, cat);
        st = fp_buf_puts(o, "<h3 class=\"c-");
        st = st ? st : put_class(o, cat);
        st = st ? st : fp_buf_puts(o, "\">");
        st = st ? st : esc(o, fp_category_title(cat));
        st = st ? st : fp_buf_printf(o, " (%zu)</h3>\n<ol>\n", n);
        for (size_t k = i; !st && k < res->nfindings; k++)
            if (!strcmp(res->findings[k].rule->category, cat))
                st = put_panel_item(o, res, k, id);
        st = st ? st : fp_buf_puts(o, "</ol>\n");
    }
    return st ? st : fp_buf_puts(o, "</aside>\n");
}

/* ------------------------------------------------------------- documents */

static fp_status put_warnings(fp_buf *o, const fp_result *res)
{
    if (!res->warnings.count)
        return FP_OK;
    fp_status st = fp_buf_printf(o, "<details open><summary class=\"warn\">Warnings (%zu)</summary><ul>\n",
                                 res->warnings.count);
    for (size_t i = 0; !st && i < res->warnings.count; i++) {
        st = fp_buf_puts(o, "<li class=\"warn\">");
        st = st ? st : esc(o, res->warnings.items[i]);
        st = st ? st : fp_buf_puts(o, "</li>\n");
    }
    return st ? st : fp_buf_puts(o, "</ul></details>\n");
}

static fp_status put_document(fp_buf *o, const fp_result *res, const char *id)
{
    fp_status st = fp_buf_printf(o, "<section class=\"doc\" id=\"%s\">\n<h2>", id);
    st = st ? st : esc(o, res->name);
    st = st ? st : fp_buf_printf(o, "</h2>\n<p class=\"meta\">%s, %zu bytes, %zu findings</p>\n",
                                 fp_format_name(res->format), res->source_bytes, res->nfindings);
    if (!st && res->status) {
        st = fp_buf_puts(o, "<p class=\"error\">Could not be read: ");
        st = st ? st : esc(o, fp_result_error(res));
        st = st ? st : fp_buf_puts(o, "</p>\n");
    }
    st = st ? st : put_warnings(o, res);
    if (!st && !res->status)
        st = put_score(o, res, id);
    if (!st && res->doc && res->doc->npara) {
        st = fp_buf_puts(o, "<div class=\"layout\">\n");
        st = st ? st : put_text(o, res, id);
        st = st ? st : put_panel(o, res, id);
        st = st ? st : fp_buf_puts(o, "</div>\n");
    }
    return st ? st : fp_buf_puts(o, "</section>\n");
}

/* What the index can be sorted by, one per row, kept beside the rows. */
typedef struct html_row_key {
    size_t row;
    double score; /* -1 when the document has no grade */
    size_t findings, high, warnings;
    int error;
} html_row_key;

static fp_status keep_row_key(fp_renderer *rr, const fp_result *res)
{
    const fp_score *s = fp_result_score(res);
    html_row_key k = {rr->notes.count, s ? fp_score_value(s) : -1, res->nfindings,
                      fp_result_count_at_least(res, FP_SEV_HIGH), res->warnings.count,
                      res->status != FP_OK};
    return fp_buf_append(&rr->keys, &k, sizeof k);
}

/* One index row, kept until the end. */
static fp_status index_row(fp_renderer *rr, const fp_result *res, const char *id)
{
    fp_buf row = {0};
    const fp_score *s = fp_result_score(res);
    fp_status st = fp_buf_printf(&row, "<tr><td><a href=\"#%s\">", id);
    st = st ? st : esc(&row, res->name);
    st = st ? st : fp_buf_puts(&row, "</a></td><td>");
    if (!st && s)
        st = fp_buf_printf(&row, "<span class=\"grade g-%c\">%c</span> %.1f", fp_score_grade(s),
                           fp_score_grade(s), fp_score_value(s));
    else if (!st)
        st = fp_buf_puts(&row, "&ndash;");
    st = st ? st : fp_buf_printf(&row, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                                 "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>",
                                 res->nfindings, fp_result_count_at_least(res, FP_SEV_HIGH),
                                 fp_result_count_at_least(res, FP_SEV_MEDIUM) -
                                     fp_result_count_at_least(res, FP_SEV_HIGH),
                                 res->warnings.count);
    if (!st && res->status) {
        st = fp_buf_puts(&row, "<span class=\"error\">");
        st = st ? st : esc(&row, fp_result_error(res));
        st = st ? st : fp_buf_puts(&row, "</span>");
    }
    st = st ? st : fp_buf_puts(&row, "</td></tr>\n");
    st = st ? st : keep_row_key(rr, res);
    st = st ? st : fp_strlist_add(&rr->notes, row.data);
    fp_buf_free(&row);
    return st;
}

static fp_status html_add(fp_renderer *rr, const fp_result *res)
{
    char id[32];
    snprintf(id, sizeof id, "d%zu", rr->documents + 1);
    fp_status st = index_row(rr, res, id);
    return st ? st : put_document(&rr->aux, res, id);
}

/* Orders of the index: ties keep the input order (the row number). */
static int by_row(const html_row_key *a, const html_row_key *b)
{
    return (a->row > b->row) - (a->row < b->row);
}

static int by_grade(const void *pa, const void *pb) /* worst first */
{
    const html_row_key *a = pa, *b = pb;
    return a->score != b->score ? (a->score > b->score) - (a->score < b->score) : by_row(a, b);
}

#define DESCENDING(name, field)                                                        \
    static int name(const void *pa, const void *pb)                                    \
    {                                                                                  \
        const html_row_key *a = pa, *b = pb;                                           \
        return a->field != b->field ? (a->field < b->field) - (a->field > b->field)    \
                                    : by_row(a, b);                                    \
    }
DESCENDING(by_findings, findings)
DESCENDING(by_high, high)
DESCENDING(by_warnings, warnings)
DESCENDING(by_error, error)

typedef struct index_order {
    const char *id, *label;
    int (*cmp)(const void *, const void *); /* NULL: input order */
} index_order;

/* The default (input order) comes last: CSS hides it when an earlier
 * sibling is the :target. */
static const index_order orders[] = {
    {"by-grade", "lowest clarity first", by_grade},
    {"by-findings", "most findings first", by_findings},
    {"by-high", "most high-severity findings first", by_high},
    {"by-warnings", "most warnings first", by_warnings},
    {"by-error", "unreadable documents first", by_error},
    {"by-input", "input order", NULL},
};
#define NORDERS (sizeof orders / sizeof orders[0])

static fp_status put_index_table(fp_renderer *rr, const index_order *ord,
                                 const html_row_key *keys, size_t n)
{
    fp_buf *o = &rr->out;
    fp_status st = fp_buf_printf(o, "<div class=\"order%s\" id=\"%s\"><p class=\"meta\">"
                                 "Sorted: %s. Sort by <a href=\"#by-input\">input order</a>, "
                                 "or a column heading.</p>\n<table class=\"index\"><tr>"
                                 "<th><a href=\"#by-input\">document</a></th>"
                                 "<th><a href=\"#by-grade\">grade</a></th>"
                                 "<th><a href=\"#by-findings\">findings</a></th>"
                                 "<th><a href=\"#by-high\">high</a></th><th>medium</th>"
                                 "<th><a href=\"#by-warnings\">warnings</a></th>"
                                 "<th><a href=\"#by-error\">error</a></th></tr>\n",
                                 ord->cmp ? "" : " default", ord->id, ord->label);
    for (size_t i = 0; !st && i < n; i++)
        st = fp_buf_puts(o, rr->notes.items[keys[i].row]);
    return st ? st : fp_buf_puts(o, "</table></div>\n");
}

static fp_status put_index(fp_renderer *rr)
{
    size_t n = rr->keys.len / sizeof(html_row_key);
    html_row_key *sorted = malloc(n ? rr->keys.len : 1);
    if (!sorted)
        return FP_ERR_NOMEM;
    fp_status st = fp_buf_puts(&rr->out, "<nav class=\"orders\">\n");
    for (size_t k = 0; !st && k < NORDERS; k++) {
        memcpy(sorted, rr->keys.data, n * sizeof *sorted);
        if (orders[k].cmp)
            qsort(sorted, n, sizeof *sorted, orders[k].cmp);
        st = put_index_table(rr, &orders[k], sorted, n);
    }
    free(sorted);
    return st ? st : fp_buf_puts(&rr->out, "</nav>\n");
}

static fp_status html_finish(fp_renderer *rr)
{
    fp_buf *o = &rr->out;
    size_t errors = 0;
    for (size_t i = 0; i < rr->notes.count; i++)
        errors += strstr(rr->notes.items[i], "class=\"error\"") != NULL;
    fp_status st = fp_buf_printf(o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"fineprint %s\">\n"
        "<title>fineprint report</title>\n<style>%s</style>\n</head>\n<body>\n"
        "<header class=\"run\"><h1>fineprint report</h1>"
        "<p class=\"meta\">%zu document%s, %zu could not be read. Highlights mark the words "
        "each rule matched; the panel beside the text explains each one and who bears it.</p>"
        "</header>\n", FP_VERSION_STRING, css, rr->documents, rr->documents == 1 ? "" : "s", errors);
    if (!st && rr->documents > 1)
        st = put_index(rr);
    st = st ? st : fp_render_flush(rr);
    /* The sections go straight to the caller, not through a second copy. */
    if (!st && rr->aux.len && rr->write(rr->ctx, rr->aux.data, rr->aux.len))
        st = FP_ERR_IO;
    return st ? st : fp_buf_puts(o, "</body>\n</html>\n");
}

const fp_render_ops fp_html_ops = {NULL, html_add, html_finish};
