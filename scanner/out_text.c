/* out_text.c - the terminal report: findings grouped by category, each with
 * its severity, who bears it, where it is, and the words themselves. */
#include <string.h>

#include "render.h"
#include "rules.h"

#define QUOTE_WIDTH 320 /* longest quoted sentence before it is trimmed */
#define NOTE_QUOTE 200  /* a note quotes the start of its sentence */

typedef struct style {
    const char *bold, *dim, *hi, *sev[FP_SEV__COUNT], *reset;
} style;

static const style plain = {"", "", "", {"", "", "", "", ""}, ""};
static const style ansi = {"\033[1m", "\033[2m", "\033[1;4m",
                           {"\033[32m", "\033[36m", "\033[34m", "\033[33m",
                            "\033[1;31m"},
                           "\033[0m"};

static const style *style_of(const fp_renderer *rr)
{
    return (rr->flags & FP_RENDER_COLOR) ? &ansi : &plain;
}

static fp_status put_location(fp_buf *o, const fp_finding *f)
{
    fp_status st = FP_OK;
    if (f->line)
        st = fp_buf_printf(o, "line %u:%u", f->line, f->col);
    else
        st = fp_buf_printf(o, "%s paragraph %zu", f->story, f->para + 1);
    if (!st && f->section && f->section[0])
        st = fp_buf_printf(o, "  section %s", f->section);
    if (!st && f->heading && f->heading[0])
        st = fp_buf_printf(o, "  (%s)", f->heading);
    return st;
}

/* The sentence, trimmed around the match when long, with the match
 * highlighted on a colour terminal. */
static fp_status put_quote(fp_buf *o, const fp_finding *f, const style *sty)
{
    const char *s = f->sentence_text;
    size_t n = strlen(s);
    const char *m = strstr(s, f->match_text);
    size_t ms = m ? (size_t)(m - s) : 0, me = m ? ms + strlen(f->match_text) : 0;
    size_t from = 0, to = n;
    if (n > QUOTE_WIDTH) {
        from = ms > 80 ? ms - 80 : 0;
        to = from + QUOTE_WIDTH < n ? from + QUOTE_WIDTH : n;
        if (to < me)
            to = me;
        while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
            from--;
        while (to < n && ((unsigned char)s[to] & 0xC0) == 0x80)
            to++;
    }
    fp_status st = fp_buf_printf(o, "      \"%s", from ? "..." : "");
    if (m && ms >= from && me <= to) {
        st = st ? st : fp_buf_append(o, s + from, ms - from);
        st = st ? st : fp_buf_printf(o, "%s", sty->hi);
        st = st ? st : fp_buf_append(o, s + ms, me - ms);
        st = st ? st : fp_buf_printf(o, "%s", sty->reset);
        st = st ? st : fp_buf_append(o, s + me, to - me);
    } else if (!st) {
        st = fp_buf_append(o, s + from, to - from);
    }
    return st ? st : fp_buf_printf(o, "%s\"\n", to < n ? "..." : "");
}

static fp_status put_finding(fp_renderer *rr, const fp_finding *f)
{
    const style *sty = style_of(rr);
    fp_buf *o = &rr->out;
    fp_status st = fp_buf_printf(o, "    %s%-6s%s ", sty->sev[f->severity],
                                 fp_severity_name(f->severity), sty->reset);
    st = st ? st : fp_finding_bearer_phrase(f, o);
    st = st ? st : fp_buf_puts(o, "  ");
    st = st ? st : put_location(o, f);
    st = st ? st : fp_buf_printf(o, "  %s[%s]%s\n", sty->dim, f->rule->id, sty->reset);
    st = st ? st : put_quote(o, f, sty);
    for (size_t i = 0; !st && i < f->attr_names.count; i++)
        st = fp_buf_printf(o, "      %s: %s\n", f->attr_names.items[i],
                           f->attr_values.items[i]);
    if (!st && (rr->flags & FP_RENDER_VERBOSE)) {
        st = fp_buf_printf(o, "      %s\n", f->rule->explain);
        if (!st && f->rule->law[0])
            st = fp_buf_printf(o, "      Law: %s\n", f->rule->law);
    }
    return st;
}

/* Categories in the order the rule set lists them. */
static fp_status put_categories(fp_renderer *rr, const fp_result *res)
{
    const style *sty = style_of(rr);
    const char *done[64];
    size_t ndone = 0;
    fp_status st = FP_OK;
    for (size_t r = 0; !st && rr->rules && r < rr->rules->count && ndone < 64; r++) {
        const char *cat = rr->rules->rules[r].category;
        int seen = 0;
        for (size_t k = 0; k < ndone; k++)
            seen |= !strcmp(done[k], cat);
        if (seen)
            continue;
        done[ndone++] = cat;
        size_t count = 0;
        for (size_t i = 0; i < res->nfindings; i++)
            count += !strcmp(res->findings[i].rule->category, cat);
        if (!count)
            continue;
        st = fp_buf_printf(&rr->out, "\n  %s%s%s (%zu)\n", sty->bold,
                           fp_category_title(cat), sty->reset, count);
        for (size_t i = 0; !st && i < res->nfindings; i++)
            if (!strcmp(res->findings[i].rule->category, cat))
                st = put_finding(rr, &res->findings[i]);
    }
    return st;
}

static const char *burden_word(double b)
{
    return b >= 75 ? "very high" : b >= 50 ? "high" : b >= 25 ? "moderate" : "low";
}

/* Weight of an item in the clarity score, for ranking the reasons. */
static double clarity_effect(const fp_score *s, size_t i)
{
    static const double w[FP_SUB__COUNT] = {0.35, 0.45, 0.20, 0};
    return fp_score_item_points(s, i) * w[fp_score_item_sub(s, i)];
}

static fp_status put_item(fp_buf *o, const fp_score *s, size_t i)
{
    const char *sec = fp_score_item_section(s, i);
    return fp_buf_printf(o, "    %+6.1f %-12s %s%s%s%s\n", fp_score_item_points(s, i),
                         fp_subscore_name(fp_score_item_sub(s, i)),
                         sec[0] ? "[" : "", sec, sec[0] ? "] " : "",
                         fp_score_item_reason(s, i));
}

/* The five items that cost the most clarity, worst first. */
static fp_status put_top_reasons(fp_buf *o, const fp_score *s)
{
    size_t n = fp_score_item_count(s), shown[5];
    size_t nshown = 0;
    fp_status st = FP_OK;
    while (!st && nshown < 5) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
            int used = 0;
            for (size_t k = 0; k < nshown; k++)
                used |= shown[k] == i;
            if (!used && clarity_effect(s, i) < 0 &&
                (best == n || clarity_effect(s, i) < clarity_effect(s, best)))
                best = i;
        }
        if (best == n)
            break;
        shown[nshown++] = best;
        st = put_item(o, s, best);
    }
    return st;
}

static fp_status put_notes(fp_buf *o, const fp_result *res, const fp_score *s)
{
    fp_status st = FP_OK;
    if (fp_score_note_count(s))
        st = fp_buf_puts(o, "  Hardest clauses:\n");
    for (size_t i = 0; !st && i < fp_score_note_count(s); i++) {
        const fp_finding *f = &res->findings[fp_score_note_finding(s, i)];
        size_t n = strlen(f->sentence_text), q = n > NOTE_QUOTE ? NOTE_QUOTE : n;
        while (q < n && q > 0 && ((unsigned char)f->sentence_text[q] & 0xC0) == 0x80)
            q--; /* never cut a character in two */
        st = fp_buf_printf(o, "    %s%s%sline %u: %s\n      \"%.*s%s\"\n      reads as: %s\n",
                           f->section[0] ? "section " : "", f->section,
                           f->section[0] ? ", " : "", f->line, fp_score_note_hard(s, i),
                           (int)q, f->sentence_text, q < n ? "..." : "",
                           fp_score_note_plain(s, i));
    }
    return st;
}

/* Grade, clarity, the four sub-scores and the main reasons; with
 * --verbose every item and the notes on the hardest clauses. */
static fp_status put_score(fp_renderer *rr, const fp_result *res)
{
    const fp_score *s = fp_result_score(res);
    if (!s)
        return FP_OK;
    const style *sty = style_of(rr);
    fp_buf *o = &rr->out;
    double burden = fp_score_sub(s, FP_SUB_BURDEN);
    fp_status st = fp_buf_printf(
        o, "  %sClarity %c  %.1f/100%s  (readability %.1f, allocation %.1f, "
           "presentation %.1f)\n  Burden on the user %.1f/100 (%s), shown beside "
           "clarity, not in it\n", sty->bold, fp_score_grade(s), fp_score_value(s),
        sty->reset, fp_score_sub(s, FP_SUB_READABILITY), fp_score_sub(s, FP_SUB_ALLOCATION),
        fp_score_sub(s, FP_SUB_PRESENTATION), burden, burden_word(burden));
    if (!st && !(rr->flags & FP_RENDER_VERBOSE))
        return put_top_reasons(o, s);
    for (size_t i = 0; !st && i < fp_score_item_count(s); i++)
        st = put_item(o, s, i);
    return st ? st : put_notes(o, res, s);
}

static fp_status text_add(fp_renderer *rr, const fp_result *res)
{
    const style *sty = style_of(rr);
    fp_buf *o = &rr->out;
    fp_status st = fp_buf_printf(o, "%s%s%s", rr->documents ? "\n" : "",
                                 sty->bold, res->name);
    if (!st && res->status)
        st = fp_buf_printf(o, "%s: error: %s\n", sty->reset,
                           fp_result_error(res) + strlen(res->name) + 2);
    else if (!st)
        st = fp_buf_printf(o, "%s  (%s, %zu finding%s)\n", sty->reset,
                           fp_format_name(res->format), res->nfindings,
                           res->nfindings == 1 ? "" : "s");
    for (size_t i = 0; !st && i < res->warnings.count; i++)
        st = fp_buf_printf(o, "  warning: %s\n", res->warnings.items[i]);
    if (!st && !res->status)
        st = put_score(rr, res);
    if (!st && !res->status)
        st = put_categories(rr, res);
    return st;
}

const fp_render_ops fp_text_ops = {NULL, text_add, NULL};
