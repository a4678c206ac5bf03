/* scan.c - the scanner: ingest, segment, prefilter, match, resolve bearers.
 *
 * A scanner is per thread: it owns the PCRE2 match data, match context and
 * JIT stack, and the candidate bitsets reused from paragraph to paragraph.
 * The compiled rules it points to are shared and never written. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atoms.h"
#include "ingest.h"
#include "language.h"
#include "party.h"
#include "prefilter.h"
#include "utf.h"
#include "result.h"
#include "rules.h"
#include "score.h"
#include "segment.h"

typedef struct atom_hit {
    uint32_t atom, row;
} atom_hit;

struct fp_scanner {
    const fp_rules *rules;
    fp_options opts;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    size_t words;   /* 64-bit words per candidate row */
    uint64_t *cand; /* rows: one per sentence of the paragraph, +1 for it */
    size_t cand_rows;
    size_t *rule_hits; /* findings per rule in this document */
    pcre2_match_data *veto_md; /* for `exclude`: md's ovector must survive */
    fp_rule_profile *profile;  /* per rule, when profiling is on */
    /* Atoms (atoms.h) found in the current paragraph, each with its row
     * (as for cand), then grouped by row; abits holds the atoms of the
     * subject being matched. */
    atom_hit *hits, *by_row;
    size_t nhits, cap_hits, cap_by_row;
    size_t *row_end; /* after grouping: hits of row r end at row_end[r] */
    size_t cap_row_end;
    uint64_t *abits;
};

fp_status fp_scanner_new(const fp_rules *rules, const fp_options *opts,
                         fp_scanner **out)
{
    if (!rules || !out)
        return FP_ERR_ARG;
    *out = NULL;
    fp_init();
    fp_scanner *sc = calloc(1, sizeof *sc);
    if (!sc)
        return FP_ERR_NOMEM;
    sc->rules = rules;
    for (int l = 0; l < FP_LIMIT__COUNT; l++)
        sc->opts.limit[l] = opts ? opts->limit[l] : fp_limit_default((fp_limit)l);
    sc->words = (rules->count + 63) / 64;
    sc->md = pcre2_match_data_create(64, NULL);
    sc->veto_md = pcre2_match_data_create(1, NULL);
    sc->mctx = pcre2_match_context_create(NULL);
    sc->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    sc->rule_hits = calloc(rules->count, sizeof *sc->rule_hits);
    sc->abits = calloc(rules->atoms.atoms.count / 64 + 1, sizeof *sc->abits);
    if (!sc->md || !sc->veto_md || !sc->mctx || !sc->jit || !sc->rule_hits ||
        !sc->abits) {
        fp_scanner_free(sc);
        return FP_ERR_NOMEM;
    }
    pcre2_set_match_limit(sc->mctx, (uint32_t)sc->opts.limit[FP_LIMIT_PCRE2_MATCH]);
    pcre2_set_depth_limit(sc->mctx, (uint32_t)sc->opts.limit[FP_LIMIT_PCRE2_DEPTH]);
    pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit);
    *out = sc;
    return FP_OK;
}

void fp_scanner_free(fp_scanner *sc)
{
    if (!sc)
        return;
    pcre2_match_data_free(sc->md);
    pcre2_match_data_free(sc->veto_md);
    free(sc->profile);
    pcre2_match_context_free(sc->mctx);
    pcre2_jit_stack_free(sc->jit);
    free(sc->cand);
    free(sc->rule_hits);
    free(sc->hits);
    free(sc->by_row);
    free(sc->row_end);
    free(sc->abits);
    free(sc);
}

/* ------------------------------------------------------------ matching */

typedef struct scan_ctx {
    fp_scanner *sc;
    fp_doc *doc;
    fp_result *res;
    fp_parties parties;
    size_t first_sent, nsent; /* sentences of the current paragraph */
    size_t para_start;
    size_t limit_warned;
    int atoms_on;  /* the document keeps the promises atoms rely on */
    int hits_lost; /* out of memory recording atoms: paragraph without them */
    size_t row_hint[2]; /* rows of recent literals (literal_row) */
    struct timespec deadline;
    int has_deadline;
    fp_linecol_memo linecol;
} scan_ctx;

static uint64_t *cand_row(fp_scanner *sc, size_t row)
{
    return sc->cand + row * sc->words;
}

static void set_bit(uint64_t *row, size_t bit)
{
    row[bit / 64] |= (uint64_t)1 << (bit % 64);
}

/* Is sentence k of the paragraph the last one starting at or before pos? */
static int last_starting_by(const scan_ctx *cx, size_t k, size_t pos)
{
    const fp_sentence *s = cx->doc->sents + cx->first_sent;
    return k < cx->nsent && s[k].start <= pos && (k + 1 == cx->nsent || s[k + 1].start > pos);
}

/* The row of a literal at text[start, end): the sentence of the paragraph
 * that holds it whole, or nsent (the paragraph only) when it crosses a
 * sentence boundary. Literals come in text order (two interleaved runs in
 * a long paragraph), so the sentences of the last two usually answer. */
static size_t literal_row(scan_ctx *cx, size_t start, size_t end)
{
    const fp_sentence *s = cx->doc->sents + cx->first_sent;
    size_t lo = cx->row_hint[0];
    if (!last_starting_by(cx, lo, start)) {
        lo = cx->row_hint[1];
        if (!last_starting_by(cx, lo, start)) {
            size_t hi = cx->nsent; /* binary search */
            for (lo = 0; hi - lo > 1;) {
                size_t mid = lo + (hi - lo) / 2;
                if (s[mid].start <= start)
                    lo = mid;
                else
                    hi = mid;
            }
            cx->row_hint[1] = cx->row_hint[0];
            cx->row_hint[0] = lo;
        }
    }
    return cx->nsent && s[lo].start <= start && end <= s[lo].end ? lo : cx->nsent;
}

static void record_atom(scan_ctx *cx, size_t atom, size_t row)
{
    fp_scanner *sc = cx->sc;
    if (sc->nhits == sc->cap_hits &&
        fp_grow((void **)&sc->hits, &sc->cap_hits, sc->nhits + 1, sizeof *sc->hits)) {
        cx->hits_lost = 1;
        return;
    }
    sc->hits[sc->nhits++] = (atom_hit){(uint32_t)atom, (uint32_t)row};
}

/* Prefilter callback. A rule's literal marks the rule as a candidate for
 * the paragraph (row nsent) and for the sentence it lies in, if one holds
 * it whole; an atom is recorded with its row. */
static void on_literal(void *p, size_t id, size_t start, size_t end)
{
    scan_ctx *cx = p;
    fp_scanner *sc = cx->sc;
    size_t nrules = sc->rules->count;
    if (id >= nrules && !cx->atoms_on)
        return;
    size_t row = literal_row(cx, start + cx->para_start, end + cx->para_start);
    if (id >= nrules) {
        record_atom(cx, id - nrules, row);
        return;
    }
    set_bit(cand_row(sc, cx->nsent), id);
    if (row < cx->nsent)
        set_bit(cand_row(sc, row), id);
}

/* Group the paragraph's atoms by row (a counting sort): afterwards the
 * atoms of row r are by_row[r ? row_end[r - 1] : 0 .. row_end[r]). */
static fp_status group_atoms(fp_scanner *sc, size_t rows)
{
    if (fp_grow((void **)&sc->row_end, &sc->cap_row_end, rows, sizeof *sc->row_end) ||
        fp_grow((void **)&sc->by_row, &sc->cap_by_row, sc->nhits + 1, sizeof *sc->by_row))
        return FP_ERR_NOMEM;
    memset(sc->row_end, 0, rows * sizeof *sc->row_end);
    for (size_t i = 0; i < sc->nhits; i++)
        sc->row_end[sc->hits[i].row]++;
    for (size_t r = 0, sum = 0; r < rows; r++) { /* row_end[r]: row r's start */
        size_t n = sc->row_end[r];
        sc->row_end[r] = sum;
        sum += n;
    }
    for (size_t i = 0; i < sc->nhits; i++) /* each start moves to the end */
        sc->by_row[sc->row_end[sc->hits[i].row]++] = sc->hits[i];
    return FP_OK;
}

/* Set (on) or clear the bits of the atoms hits[from, to). */
static void mark_atoms(fp_scanner *sc, const atom_hit *hits, size_t from,
                       size_t to, int on)
{
    for (size_t i = from; i < to; i++) {
        uint64_t bit = (uint64_t)1 << (hits[i].atom % 64);
        if (on)
            sc->abits[hits[i].atom / 64] |= bit;
        else
            sc->abits[hits[i].atom / 64] &= ~bit;
    }
}

static fp_status ensure_rows(fp_scanner *sc, size_t rows)
{
    if (rows > sc->cand_rows) {
        size_t n = rows < 64 ? 64 : rows * 2;
        uint64_t *c = realloc(sc->cand, n * sc->words * sizeof *c);
        if (!c)
            return FP_ERR_NOMEM;
        sc->cand = c;
        sc->cand_rows = n;
    }
    memset(sc->cand, 0, rows * sc->words * sizeof *sc->cand);
    return FP_OK;
}

/* How the rule names its subject: not at all (read it from the match, or
 * from the words before it: "the actor may precede the match"), exactly
 * through its "party" group, or not in this match although it could (a
 * passive "is provided as is"): then the role's fallback applies, since the
 * words around are not the actor ("You agree that the Service is ..."). */
typedef enum subject_kind { SUBJECT_MATCH, SUBJECT_PARTY, SUBJECT_UNSTATED } subject_kind;

static fp_bearer resolve_role(const fp_role *role, const scan_ctx *cx,
                              size_t start, size_t end, size_t sent_start,
                              subject_kind kind)
{
    if (role->mode == FP_ROLE_FIXED)
        return role->fixed;
    if (kind == SUBJECT_UNSTATED)
        return role->fallback;
    const char *t = cx->doc->text.data;
    fp_bearer who = kind == SUBJECT_PARTY
                        ? fp_party_joint(&cx->parties, t, start, end)
                        : fp_party_first(&cx->parties, t, start, end);
    /* a third party inside the match is rarely the actor ("not responsible
     * for access by third parties"): the words before may name one */
    if ((who == FP_BEARER_UNKNOWN || who == FP_BEARER_THIRD_PARTY) && kind == SUBJECT_MATCH) {
        fp_bearer before = fp_party_first(&cx->parties, t, sent_start, start);
        if (before != FP_BEARER_UNKNOWN)
            who = before;
    }
    if (who == FP_BEARER_UNKNOWN)
        return role->fallback;
    return role->mode == FP_ROLE_SUBJECT ? who : fp_party_counter(who);
}

/* The span the rule's subject is read from: the "party" group if the
 * pattern has one and it took part, else the whole match. */
static subject_kind subject_span(const fp_rule *r, const PCRE2_SIZE *ov,
                                 size_t base, size_t *start, size_t *end)
{
    *start = base + ov[0];
    *end = base + ov[1];
    subject_kind kind = SUBJECT_MATCH;
    for (size_t g = 0; g < r->ngroups; g++) {
        if (strcmp(r->groups[g].name, "party"))
            continue;
        kind = SUBJECT_UNSTATED;
        if (ov[2 * r->groups[g].number] != PCRE2_UNSET &&
            ov[2 * r->groups[g].number + 1] > ov[2 * r->groups[g].number]) {
            *start = base + ov[2 * r->groups[g].number];
            *end = base + ov[2 * r->groups[g].number + 1];
            return SUBJECT_PARTY;
        }
    }
    return kind;
}

/* Record attribute name = text[0, n). */
static fp_status add_attr(fp_finding *f, const char *name, const char *text, size_t n)
{
    char *v = fp_strndup(text, n);
    fp_status st = v ? fp_strlist_add(&f->attr_names, name) : FP_ERR_NOMEM;
    if (!st)
        st = fp_strlist_add(&f->attr_values, v);
    free(v);
    return st;
}

static fp_status add_attributes(fp_finding *f, const fp_rule *r,
                                const PCRE2_SIZE *ov, const char *subject)
{
    for (size_t g = 0; g < r->ngroups; g++) {
        uint32_t n = r->groups[g].number;
        if (ov[2 * n] == PCRE2_UNSET || !strcmp(r->groups[g].name, "party"))
            continue; /* "party" only marks the subject for the bearer */
        if (fp_finding_attr(f, r->groups[g].name))
            continue;
        fp_status st = add_attr(f, r->groups[g].name, subject + ov[2 * n],
                                ov[2 * n + 1] - ov[2 * n]);
        if (st)
            return st;
    }
    return FP_OK;
}

/* The clause names its actor ("Bellicum shall indemnify ...") but not as
 * you, us or a role word: the bearer or indemnitor is unknown. */
static int unnamed_role(const fp_finding *f)
{
    return f->rule->indemnitor.set ? f->indemnitor == FP_BEARER_UNKNOWN
                                   : f->bearer == FP_BEARER_UNKNOWN;
}

static char *heading_text(const fp_doc *d, const fp_para *p)
{
    if (p->heading == FP_NONE)
        return fp_strdup("");
    const fp_para *h = &d->paras[p->heading];
    size_t n = h->end - h->start;
    return fp_strndup(d->text.data + h->start, n > 160 ? 160 : n);
}

static fp_status make_finding(scan_ctx *cx, const fp_rule *r, size_t sent,
                              size_t base, const PCRE2_SIZE *ov)
{
    const fp_doc *d = cx->doc;
    const fp_sentence *s = &d->sents[sent];
    const fp_para *p = &d->paras[s->para];
    fp_finding f = {0};
    f.rule = r;
    f.severity = r->severity;
    f.text_start = base + ov[0];
    f.text_end = base + ov[1];
    f.sentence = sent;
    f.para = s->para;
    f.section = p->section;
    f.story = fp_story_name(p->story);
    size_t ss, se;
    subject_kind subject = subject_span(r, ov, base, &ss, &se);
    f.bearer = resolve_role(&r->bears, cx, ss, se, s->start, subject);
    size_t actor_at = 0, actor_to = 0; /* a named actor of no known side */
    fp_bearer side;
    if (r->bears.mutual_actor &&
        fp_party_actor(&cx->parties, d->text.data, s->start, f.text_start,
                       f.text_end, s->end) == FP_BEARER_MUTUAL)
        f.bearer = FP_BEARER_MUTUAL;
    else if (r->bears.named_actor &&
             fp_party_named_actor(&cx->parties, d->text.data, s->start, f.text_start,
                                  f.text_end, s->end, &side, &actor_at, &actor_to)) {
        /* "Customer may terminate": the power is the customer's, the
         * provider bears it; a name of no known side leaves it unclear,
         * and the report names it */
        f.bearer = side == FP_BEARER_THIRD_PARTY ? f.bearer : fp_party_counter(side);
        if (side != FP_BEARER_UNKNOWN)
            actor_at = actor_to = 0;
    } else
        actor_at = actor_to = 0;
    f.indemnitor = r->indemnitor.set
                       ? resolve_role(&r->indemnitor, cx, ss, se, s->start, subject)
                       : FP_BEARER_UNKNOWN;
    f.indemnitee = r->indemnitee.set
                       ? resolve_role(&r->indemnitee, cx, ss, se, s->start, subject)
                       : FP_BEARER_UNKNOWN;
    f.src_start = fp_doc_source_offset(d, f.text_start);
    f.src_end = fp_doc_source_end(d, f.text_end);
    if (d->loc == FP_LOC_LOGICAL)
        f.line = f.col = 0;
    else
        fp_doc_line_col_memo(d, &cx->linecol, f.text_start, &f.line, &f.col);
    f.sentence_text = fp_strndup(d->text.data + s->start, s->end - s->start);
    f.match_text = fp_strndup(d->text.data + f.text_start, f.text_end - f.text_start);
    f.heading = heading_text(d, p);
    fp_status st = (f.sentence_text && f.match_text && f.heading) ? FP_OK : FP_ERR_NOMEM;
    if (!st)
        st = add_attributes(&f, r, ov, d->text.data + base);
    /* keep the actor's words, so the reader still learns who acts
     * (renderers show attribute "party" where the role would be) */
    if (!st && subject == SUBJECT_PARTY && unnamed_role(&f))
        st = add_attr(&f, "party", d->text.data + ss, se - ss > 60 ? 60 : se - ss);
    if (!st && actor_to > actor_at && !fp_finding_attr(&f, "party"))
        st = add_attr(&f, "party", d->text.data + actor_at,
                      actor_to - actor_at > 60 ? 60 : actor_to - actor_at);
    if (!st)
        st = fp_result_add(cx->res, &f);
    if (st) {
        free(f.sentence_text), free(f.match_text), free(f.heading);
        fp_strlist_free(&f.attr_names), fp_strlist_free(&f.attr_values);
    }
    return st;
}

static void warn_limit(scan_ctx *cx, const fp_rule *r, size_t sent, int rc)
{
    if (cx->limit_warned++ >= 20)
        return; /* the count still grows; the summary below says how many */
    unsigned line = 0, col = 0;
    fp_doc_line_col_memo(cx->doc, &cx->linecol, cx->doc->sents[sent].start, &line, &col);
    PCRE2_UCHAR msg[128];
    pcre2_get_error_message(rc, msg, sizeof msg);
    fp_strlist_addf(&cx->res->warnings, "rule '%s' stopped on the sentence "
                    "at line %u (%s); that sentence was not checked by it",
                    r->id, line, (const char *)msg);
}

/* Run one rule on text[start, end). sent is the sentence the finding is
 * reported in (for paragraph scope: the one holding the match start). */
static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Code k of the rule (FP_CODE_*) on a subject: interpreted or JIT-compiled
 * (rules.h, "Tiered compilation"). When the interpreter stops on a limit
 * (match, depth, heap), which the JIT counts differently or not at all, the
 * subject runs again with the JIT code, so the outcome is the JIT's, as
 * when every pattern was JIT-compiled at load. */
static int tiered_match(fp_scanner *sc, const fp_rule *r, int k, const char *subject,
                        size_t len, pcre2_match_data *md)
{
    const pcre2_code *re = fp_rule_run_code(r, k, len);
    int rc = pcre2_match(re, (PCRE2_SPTR)subject, len, 0, PCRE2_NO_UTF_CHECK, md, sc->mctx);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH && re == fp_rule_interpreted(r, k) &&
        (re = fp_rule_jit_now(r, k)))
        rc = pcre2_match(re, (PCRE2_SPTR)subject, len, 0, PCRE2_NO_UTF_CHECK, md, sc->mctx);
    return rc;
}

/* The rule's pattern, then its veto. Returns the pattern's rc, or
 * PCRE2_ERROR_NOMATCH when the veto matched. */
static int match_with_veto(fp_scanner *sc, const fp_rule *r,
                           const char *subject, size_t len, int ascii)
{
    int rc = tiered_match(sc, r, fp_rule_code_index(r, 0, ascii), subject, len, sc->md);
    if (rc >= 0 && r->exclude_pattern &&
        tiered_match(sc, r, fp_rule_code_index(r, 1, ascii), subject, len, sc->veto_md) >= 0)
        return PCRE2_ERROR_NOMATCH;
    return rc;
}

static int timed_match(fp_scanner *sc, const fp_rule *r, const char *subject,
                       size_t len, int ascii)
{
    if (!sc->profile)
        return match_with_veto(sc, r, subject, len, ascii);
    uint64_t t0 = now_ns();
    int rc = match_with_veto(sc, r, subject, len, ascii);
    fp_rule_profile *p = &sc->profile[r->index];
    p->nanoseconds += now_ns() - t0;
    p->runs++;
    p->bytes += len;
    p->matches += rc >= 0;
    return rc;
}

/* Run one rule on text[start, end). sent is the sentence the finding is
 * reported in (for paragraph scope: the one holding the match start). */
static fp_status run_rule(scan_ctx *cx, const fp_rule *r, size_t start,
                          size_t end, size_t sent, int ascii)
{
    fp_scanner *sc = cx->sc;
    const char *subject = cx->doc->text.data + start;
    int rc = timed_match(sc, r, subject, end - start, ascii);
    if (rc == PCRE2_ERROR_NOMATCH)
        return FP_OK;
    if (rc < 0) {
        warn_limit(cx, r, sent, rc);
        return FP_OK;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    PCRE2_SIZE m0 = ov[0];
    if (r->scope == FP_SCOPE_PARAGRAPH) { /* report in the sentence of the match */
        while (sent + 1 < cx->first_sent + cx->nsent &&
               cx->doc->sents[sent + 1].start <= start + m0)
            sent++;
    }
    if (sc->rule_hits[r->index]++ >= sc->opts.limit[FP_LIMIT_MATCHES_PER_RULE]) {
        if (sc->rule_hits[r->index] == sc->opts.limit[FP_LIMIT_MATCHES_PER_RULE] + 1)
            fp_strlist_addf(&cx->res->warnings, "rule '%s' reached the "
                            "matches-per-rule limit (%llu); later matches are "
                            "not reported", r->id,
                            (unsigned long long)sc->opts.limit[FP_LIMIT_MATCHES_PER_RULE]);
        return FP_OK;
    }
    return make_finding(cx, r, sent, start, ov);
}

static int past_deadline(const scan_ctx *cx)
{
    if (!cx->has_deadline)
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > cx->deadline.tv_sec ||
           (now.tv_sec == cx->deadline.tv_sec && now.tv_nsec > cx->deadline.tv_nsec);
}

/* Run the candidate rules of a row on text[start, end). With `atoms`, a
 * rule's derived condition must hold on the atoms in sc->abits. */
static fp_status run_candidates(scan_ctx *cx, const uint64_t *row, fp_scope scope,
                                size_t start, size_t end, size_t sent, int ascii,
                                int atoms)
{
    const fp_rules *rs = cx->sc->rules;
    for (size_t w = 0; w < cx->sc->words; w++)
        for (uint64_t bits = row[w]; bits; bits &= bits - 1) {
            size_t r = w * 64 + (size_t)__builtin_ctzll(bits);
            if (rs->rules[r].scope != scope)
                continue;
            if (atoms && rs->rules[r].cond.count &&
                !fp_cond_holds(&rs->rules[r].cond, cx->sc->abits))
                continue;
            fp_status st = run_rule(cx, &rs->rules[r], start, end, sent, ascii);
            if (st)
                return st;
        }
    return FP_OK;
}

static fp_status scan_paragraph(scan_ctx *cx, size_t pi, size_t first_sent,
                                size_t nsent)
{
    fp_scanner *sc = cx->sc;
    const fp_doc *d = cx->doc;
    const fp_para *p = &d->paras[pi];
    fp_status st = ensure_rows(sc, nsent + 1);
    if (st)
        return st;
    cx->first_sent = first_sent;
    cx->nsent = nsent;
    cx->para_start = p->start;
    size_t first_finding = cx->res->nfindings;
    sc->nhits = 0;
    cx->hits_lost = 0;
    cx->row_hint[0] = cx->row_hint[1] = 0;
    fp_prefilter_scan(sc->rules->prefilter, d->folded + p->start,
                      p->end - p->start, on_literal, cx);
    /* without a complete list of atoms, no condition can be trusted */
    int atoms = cx->atoms_on && !cx->hits_lost && !group_atoms(sc, nsent + 1);
    for (size_t k = 0; k < sc->rules->nalways; k++)
        for (size_t row = 0; row <= nsent; row++)
            set_bit(cand_row(sc, row), sc->rules->always[k]);
    /* pure ASCII subjects run the faster non-UTF code (rules.h); one
     * test for the paragraph, one a sentence only when it is not */
    int para_ascii = fp_is_ascii(d->text.data + p->start, p->end - p->start);
    for (size_t k = 0; k < nsent && !st; k++) {
        const fp_sentence *s = &d->sents[first_sent + k];
        int ascii = para_ascii || fp_is_ascii(d->text.data + s->start, s->end - s->start);
        size_t from = atoms && k ? sc->row_end[k - 1] : 0, to = atoms ? sc->row_end[k] : 0;
        mark_atoms(sc, sc->by_row, from, to, 1);
        st = run_candidates(cx, cand_row(sc, k), FP_SCOPE_SENTENCE, s->start,
                            s->end, first_sent + k, ascii, atoms);
        mark_atoms(sc, sc->by_row, from, to, 0);
        /* one paragraph can be a whole file (a 200 MB line): look at the
         * clock inside it too, not only between paragraphs */
        if (!st && (k & 63) == 63 && past_deadline(cx))
            st = FP_ERR_DEADLINE;
    }
    if (!st && nsent) { /* the paragraph holds every atom found in it */
        size_t all = atoms ? sc->nhits : 0;
        mark_atoms(sc, sc->hits, 0, all, 1);
        st = run_candidates(cx, cand_row(sc, nsent), FP_SCOPE_PARAGRAPH,
                            p->start, p->end, first_sent, para_ascii, atoms);
        mark_atoms(sc, sc->hits, 0, all, 0);
    }
    if (!st)
        fp_result_drop_redundant(cx->res, first_finding);
    return st;
}

static fp_status match_document(scan_ctx *cx)
{
    const fp_doc *d = cx->doc;
    size_t s = 0;
    cx->atoms_on = cx->sc->rules->atoms.atoms.count &&
                   fp_atoms_text_ok(d->text.data, d->text.len, d->npara);
    for (size_t pi = 0; pi < d->npara; pi++) {
        size_t first = s;
        while (s < d->nsent && d->sents[s].para == pi)
            s++;
        if (d->paras[pi].kind == FP_PARA_HEADING || s == first)
            continue; /* headings are structure, not clauses */
        fp_status st = scan_paragraph(cx, pi, first, s - first);
        if (st)
            return st;
        if ((pi & 63) == 0 && past_deadline(cx))
            return FP_ERR_DEADLINE;
    }
    if (cx->limit_warned > 20)
        fp_strlist_addf(&cx->res->warnings, "%zu sentences in all hit a PCRE2 "
                        "limit (only the first 20 are listed)", cx->limit_warned);
    return FP_OK;
}

/* ------------------------------------------------------------ profiling */

fp_status fp_scanner_set_profiling(fp_scanner *sc, int on)
{
    if (!sc)
        return FP_ERR_ARG;
    if (!on) {
        free(sc->profile);
        sc->profile = NULL;
        return FP_OK;
    }
    if (!sc->profile)
        sc->profile = calloc(sc->rules->count ? sc->rules->count : 1,
                             sizeof *sc->profile);
    return sc->profile ? FP_OK : FP_ERR_NOMEM;
}

fp_status fp_scanner_rule_profile(const fp_scanner *sc, size_t rule,
                                  fp_rule_profile *out)
{
    if (!sc || !out || !sc->profile || rule >= sc->rules->count)
        return FP_ERR_ARG;
    *out = sc->profile[rule];
    return FP_OK;
}

/* ------------------------------------------------------------- pipeline */

static void start_clock(scan_ctx *cx, uint64_t ms)
{
    cx->has_deadline = ms > 0;
    if (!ms)
        return;
    clock_gettime(CLOCK_MONOTONIC, &cx->deadline);
    cx->deadline.tv_sec += (time_t)(ms / 1000);
    cx->deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (cx->deadline.tv_nsec >= 1000000000L) {
        cx->deadline.tv_sec++;
        cx->deadline.tv_nsec -= 1000000000L;
    }
}

static fp_status copy_warnings(fp_result *res, const fp_doc *d)
{
    for (size_t i = 0; i < d->warnings.count; i++) {
        fp_status st = fp_strlist_add(&res->warnings, d->warnings.items[i]);
        if (st)
            return st;
    }
    return FP_OK;
}

/* Grade the document, unless it is not in English: the rules and the
 * readability formulas are English, and a grade that says "silent on every
 * risk" would mislead more than a warning that says why there is none. */
static fp_status score_if_english(fp_result *res, const fp_doc *d,
                                  const fp_rules *rules, const fp_parties *parties)
{
    fp_language lang;
    fp_language_survey_doc(d, &lang);
    const char *why = fp_language_not_english(&lang);
    if (!why)
        return fp_score_document(res, d, rules, parties);
    return fp_strlist_addf(&res->warnings, "not graded: the text does not look "
                           "like English (%s); the rules and the readability "
                           "formulas are written for English", why);
}

/* Ingest, segment and match a document whose source bytes are in d. */
static fp_status analyse(fp_scanner *sc, fp_doc *d, fp_format format,
                         fp_result *res)
{
    scan_ctx cx = {.sc = sc, .doc = d, .res = res};
    start_clock(&cx, sc->opts.limit[FP_LIMIT_DEADLINE_MS]);
    memset(sc->rule_hits, 0, sc->rules->count * sizeof *sc->rule_hits);
    fp_status st = fp_ingest(d, format, &sc->opts);
    res->format = d->format;
    if (!st)
        st = fp_doc_finish(d);
    if (!st && d->text.len == 0)
        st = fp_doc_fail(d, FP_ERR_EMPTY, "no text to scan (the document is "
                                          "empty or holds only markup)");
    if (!st)
        st = fp_segment(d, sc->opts.limit[FP_LIMIT_SENTENCE_BYTES]);
    if (!st) {
        fp_parties_find(d, &cx.parties);
        st = match_document(&cx);
        if (st == FP_ERR_DEADLINE)
            fp_doc_fail(d, st, "the deadline of %llu ms passed; findings are "
                        "partial", (unsigned long long)sc->opts.limit[FP_LIMIT_DEADLINE_MS]);
    }
    fp_status wst = copy_warnings(res, d);
    fp_result_sort(res);
    if (!st && !wst) /* the score reads sorted findings; partial ones are not scored */
        wst = score_if_english(res, d, sc->rules, &cx.parties);
    return st ? st : wst;
}

static fp_status finish_result(fp_result *res, fp_doc *d, fp_status st,
                               fp_result **out)
{
    if (st && st != FP_ERR_NOMEM)
        fp_result_fail(res, st, d && d->errmsg.len ? d->errmsg.data : NULL);
    if (st == FP_ERR_NOMEM) {
        fp_doc_free(d);
        fp_result_free(res);
        return FP_ERR_NOMEM;
    }
    res->doc = d;
    *out = res;
    return st;
}

fp_status fp_scan_memory(fp_scanner *sc, const char *name, const void *data,
                         size_t len, fp_format format, fp_result **out)
{
    if (!sc || !out || (!data && len))
        return FP_ERR_ARG;
    *out = NULL;
    fp_result *res = fp_result_new(name);
    fp_doc *d = fp_doc_new(name, sc->opts.limit[FP_LIMIT_TEXT_BYTES]);
    unsigned char *copy = malloc(len ? len : 1);
    if (!res || !d || !copy) {
        free(copy);
        fp_doc_free(d);
        fp_result_free(res);
        return FP_ERR_NOMEM;
    }
    if (len)
        memcpy(copy, data, len);
    fp_doc_take_source(d, copy, len);
    res->source_bytes = len;
    fp_status st;
    if (len > sc->opts.limit[FP_LIMIT_INPUT_BYTES])
        st = fp_doc_fail(d, FP_ERR_TOO_LARGE, "%zu bytes is over the "
                         "input-bytes limit (%llu)", len,
                         (unsigned long long)sc->opts.limit[FP_LIMIT_INPUT_BYTES]);
    else if (!len)
        st = fp_doc_fail(d, FP_ERR_EMPTY, "empty input (0 bytes)");
    else
        st = analyse(sc, d, format, res);
    return finish_result(res, d, st, out);
}

fp_status fp_scan_file(fp_scanner *sc, const char *path, fp_format format,
                       fp_result **out)
{
    if (!sc || !path || !out)
        return FP_ERR_ARG;
    *out = NULL;
    fp_result *res = fp_result_new(path);
    fp_doc *d = fp_doc_new(path, sc->opts.limit[FP_LIMIT_TEXT_BYTES]);
    if (!res || !d) {
        fp_doc_free(d);
        fp_result_free(res);
        return FP_ERR_NOMEM;
    }
    fp_status st = fp_read_file(d, path, &sc->opts);
    res->source_bytes = d->src_len;
    if (!st)
        st = analyse(sc, d, format, res);
    return finish_result(res, d, st, out);
}
