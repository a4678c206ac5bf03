/* score.c - the clarity model: how clearly a lay reader is told who bears
 * which risk, and (beside it, never inside it) how much risk the terms put
 * on the reader.
 *
 * Everything here reads the document model and the findings: categories,
 * severities, tags and bearers, never rule ids, so the model holds for any
 * rule set. Each deduction or credit becomes an item naming the clause and
 * the reason; the sub-scores are 100 (or 0 for burden) plus the sum of their
 * items, clamped, so a reader can redo the sums by hand. The weights and
 * their sources are in docs/scoring.md; the constants below are the same. */
#define _GNU_SOURCE /* memmem */
#include "score.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "rules.h"
#include "utf.h"

/* ------------------------------------------------------------- weights */

/* clarity = weighted mean of the three clarity sub-scores */
#define W_READABILITY 0.35
#define W_ALLOCATION 0.45
#define W_PRESENTATION 0.20

/* readability: points available for each measure */
#define R_FLESCH 50.0    /* full at FRE >= 60, none at <= 30 */
#define R_MEAN 30.0      /* full at <= 20 words a sentence, none at >= 40 */
#define R_LONG 20.0      /* full with no sentence over 40 words, none at 25% */
#define R_MIN_WORDS 100  /* below this the formulas are noise */

/* allocation: of each core category's share, coverage earns this part and
 * the clarity of its clauses the rest */
#define A_COVERAGE 0.4
#define A_UNKNOWN 0.30   /* fraction of the clause part lost per trait */
#define A_AGENTLESS 0.25
#define A_HEDGE 0.15     /* per kind of hedge, at most two kinds */
#define A_XREF 0.15

/* presentation */
#define P_CAPS 6.0
#define P_CAPS_MAX 36.0
#define P_LONG_PARA 4.0
#define P_LONG_PARA_MAX 20.0
#define P_LONG_PARA_WORDS 150
#define P_UNDEFINED 2.0
#define P_UNDEFINED_MAX 20.0
/* bounds that keep the term search linear on hostile input */
#define TERMS_MAX 4096   /* distinct capitalised phrases tracked */
#define TERM_SLOTS 8192  /* hash slots: a power of two, twice TERMS_MAX */
#define DEFINED_MAX 2048 /* defined terms kept */
#define LOWER_CHECKS 64  /* most-used candidates searched for in lower case */

/* burden: points per user-borne finding by severity (core, other). The caps
 * are set so that the worst case adds up to 100 before any credit (4 core
 * categories x 15 + 7 other x 4 + 6 + 6): a one-sided document lands near
 * the top without pinning there, and a credit for a carve-out always shows. */
static const double burden_core[FP_SEV__COUNT] = {0, 1, 3, 5, 8};
static const double burden_other[FP_SEV__COUNT] = {0, 0, 1, 2, 3};
#define B_CORE_CAP 15.0  /* per category */
#define B_OTHER_CAP 4.0
#define B_LOW_CAP 6.0    /* a liability cap of $100 or less */
#define B_NO_CARVE_OUT 6.0
#define B_FAIR -6.0      /* a clause that protects the reader */
#define B_PROVIDER -3.0  /* a core risk the provider keeps */
#define B_CREDIT_MAX -30.0

#define NOTES_MAX 5

static const char *const core_categories[] = {"as_is", "liability", "indemnity",
                                              "user_content"};
#define NCORE (sizeof core_categories / sizeof core_categories[0])

/* ------------------------------------------------------------ helpers */

/* One decimal, half away from zero: items and sub-scores are shown with
 * one decimal, and the shown numbers must add up. */
static double round1(double v)
{
    return (double)(long long)(v * 10.0 + (v >= 0 ? 0.5 : -0.5)) / 10.0;
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(char c) { return is_upper(c) || is_lower(c); }

static fp_status add_item(fp_score *s, fp_subscore sub, double points,
                          size_t finding, size_t para, const char *section,
                          const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static fp_status add_item(fp_score *s, fp_subscore sub, double points,
                          size_t finding, size_t para, const char *section,
                          const char *fmt, ...)
{
    fp_status st = fp_grow((void **)&s->items, &s->capitems, s->nitems + 1,
                           sizeof *s->items);
    if (st)
        return st;
    fp_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    st = fp_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (st) {
        fp_buf_free(&b);
        return st;
    }
    fp_score_item *it = &s->items[s->nitems++];
    it->sub = sub;
    it->points = round1(points); /* what the reader sees is what adds up */
    it->finding = finding;
    it->para = para;
    snprintf(it->section, sizeof it->section, "%s", section ? section : "");
    it->reason = fp_buf_steal(&b);
    return it->reason ? FP_OK : FP_ERR_NOMEM;
}

static double sum_items(const fp_score *s, fp_subscore sub)
{
    double t = 0;
    for (size_t i = 0; i < s->nitems; i++)
        if (s->items[i].sub == sub)
            t += s->items[i].points;
    return t;
}

static int is_core(const char *category)
{
    for (size_t k = 0; k < NCORE; k++)
        if (!strcmp(core_categories[k], category))
            return 1;
    return 0;
}

static int rule_is_fair(const fp_rule *r)
{
    return r->severity == FP_SEV_FAIR || fp_rule_has_tag(r, "fair") ||
           fp_rule_has_tag(r, "carve_out");
}

/* Can the rules tell that a document is silent on `category`? Only if some
 * rule detects the risk itself; a category with only protective rules (a
 * carve-out) cannot be judged silent. Without rules: any finding in it. */
static int rules_have_category(const fp_result *res, const fp_rules *rules,
                               const char *category)
{
    if (rules) {
        for (size_t i = 0; i < rules->count; i++)
            if (!strcmp(rules->rules[i].category, category) &&
                !rule_is_fair(&rules->rules[i]))
                return 1;
        return 0;
    }
    for (size_t i = 0; i < res->nfindings; i++)
        if (!strcmp(res->findings[i].rule->category, category))
            return 1;
    return 0;
}

static int is_fair(const fp_finding *f)
{
    return f->severity == FP_SEV_FAIR || rule_is_fair(f->rule);
}

/* Find a lower-case phrase in folded[start, end) at word boundaries. */
static int has_phrase(const char *folded, size_t start, size_t end,
                      const char *phrase)
{
    size_t n = strlen(phrase);
    const char *p = folded + start, *stop = folded + end;
    /* memmem to each occurrence in turn: this runs ~30 phrases over the
     * sentence of every finding */
    while ((size_t)(stop - p) >= n && (p = memmem(p, (size_t)(stop - p), phrase, n))) {
        size_t i = (size_t)(p - folded);
        int left = i == start || !is_alpha(folded[i - 1]);
        int right = i + n == end || !is_alpha(folded[i + n]);
        if (left && right)
            return 1;
        p++;
    }
    return 0;
}

/* ----------------------------------------------------- clause traits */

/* Kinds of hedge: each makes the scope of a duty hard to know. */
static const struct {
    const char *name;
    const char *phrases[6];
} hedges[] = {
    {"\"to the maximum extent permitted by law\"",
     {"maximum extent permitted", "fullest extent permitted", "extent permitted by",
      "extent allowed by", NULL}},
    {"\"sole discretion\"", {"sole discretion", "absolute discretion", "sole and absolute", NULL}},
    {"\"including without limitation\"",
     {"without limitation", "but not limited to", "including without", NULL}},
    {"\"at any time\"", {"at any time", "from time to time", NULL}},
    {"\"without notice\"", {"without notice", "without prior notice", "with or without notice", NULL}},
    {"\"for any reason\"", {"for any reason", "any and all", "whatsoever", NULL}},
};
#define NHEDGES (sizeof hedges / sizeof hedges[0])

/* Pointers elsewhere: the clause defers to text the reader is not shown. */
static const char *const xrefs[] = {
    "subject to our", "subject to the", "subject to any", "see section", "see clause",
    "as set forth in", "as set out in", "set forth in", "described in our",
    "as described in", "in accordance with our", "incorporated by reference",
    "as defined in", "referenced in", NULL};

static const char *const be_words[] = {"is", "are", "was", "were", "be", "been",
                                       "being", NULL};
static const char *const adverbs[] = {"not", "hereby", "expressly", "fully", "also",
                                      "specifically", "solely", "strictly", "further",
                                      "otherwise", "in", "no", "event", "any", "way", NULL};
static const char *const participles[] = {
    "made", "given", "held", "bound", "taken", "done", "borne", "shown", "known",
    "set", "paid", "owed", "brought", "liable", "responsible", NULL};

static int word_in(const char *w, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        /* first letters before anything else: most entries differ there */
        if (n && list[i][0] == w[0] && !strncmp(list[i], w, n) && !list[i][n])
            return 1;
    return 0;
}

/* Next lower-case word in folded[*i, end): returns its length, 0 at end. */
static size_t next_word(const char *f, size_t *i, size_t end, size_t *at)
{
    while (*i < end && !is_lower(f[*i]))
        (*i)++;
    *at = *i;
    while (*i < end && is_lower(f[*i]))
        (*i)++;
    return *i - *at;
}

/* A form of "be" followed (after up to three adverbs) by a past participle
 * or "liable"/"responsible": "is excluded", "shall not be liable". */
static int has_passive(const char *f, size_t start, size_t end)
{
    size_t i = start, at;
    size_t n;
    while ((n = next_word(f, &i, end, &at)) > 0) {
        if (!word_in(f + at, n, be_words))
            continue;
        size_t j = i, at2, n2;
        for (int k = 0; k < 4 && (n2 = next_word(f, &j, end, &at2)) > 0; k++) {
            if (word_in(f + at2, n2, adverbs))
                continue;
            if ((n2 > 4 && !memcmp(f + at2 + n2 - 2, "ed", 2)) ||
                word_in(f + at2, n2, participles))
                return 1;
            break;
        }
    }
    return 0;
}

/* 0x80 in each byte of x that is an ASCII letter in [lo, lo + 25]. */
static uint64_t letter_mask(uint64_t x, unsigned char lo)
{
    uint64_t low7 = x & ~FP_SWAR_HIGHS;
    uint64_t ge = low7 + FP_SWAR_ONES * (0x80 - lo);        /* high bit: >= lo */
    uint64_t gt = low7 + FP_SWAR_ONES * (0x80 - lo - 26);   /* high bit: > lo + 25 */
    return (ge ^ gt) & ~x & FP_SWAR_HIGHS;
}

static int mostly_caps(const char *s, size_t n, size_t min_letters)
{
    size_t letters = 0, upper = 0, i = 0;
    /* eight bytes at a time: this runs over every body paragraph */
    for (; n - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t up = letter_mask(x, 'A'), low = letter_mask(x, 'a');
        /* one bit a byte: a multiply sums the eight bytes into the top one
         * (without -mpopcnt, __builtin_popcountll is a libgcc call) */
        upper += (size_t)(((up >> 7) * FP_SWAR_ONES) >> 56);
        letters += (size_t)((((up | low) >> 7) * FP_SWAR_ONES) >> 56);
    }
    for (; i < n; i++) {
        /* branch-free: this runs over every body paragraph */
        unsigned char c = (unsigned char)s[i];
        unsigned up = (unsigned char)(c - 'A') < 26;
        letters += up | ((unsigned char)(c - 'a') < 26);
        upper += up;
    }
    return letters >= min_letters && upper * 5 >= letters * 4;
}

/* Does text[start, end) name a party whose side is known? The first name
 * found may be a defined term with no side ("Services"), so every word
 * position is tried with a two-word window. */
static int names_party(const fp_parties *parties, const char *t, size_t start, size_t end)
{
    for (size_t i = start; i < end; i++) {
        if (!is_alpha(t[i]) || (i > start && is_alpha(t[i - 1])))
            continue;
        size_t e = i, words = 0;
        while (e < end && words < 2) {
            while (e < end && is_alpha(t[e]))
                e++;
            words++;
            if (words < 2)
                while (e < end && !is_alpha(t[e]))
                    e++;
        }
        if (fp_party_first(parties, t, i, e) != FP_BEARER_UNKNOWN)
            return 1;
    }
    return 0;
}

typedef struct traits {
    size_t words;
    int long_sentence, agentless, caps, unknown, nhedges;
    const char *hedge[2];
    const char *xref;
} traits;

static void clause_traits(const fp_doc *d, const fp_parties *parties,
                          const fp_finding *f, traits *t)
{
    const fp_sentence *sn = &d->sents[f->sentence];
    const char *txt = d->text.data, *fo = d->folded;
    memset(t, 0, sizeof *t);
    fp_count_words(txt + sn->start, sn->end - sn->start, &t->words, NULL);
    t->long_sentence = t->words > FP_LONG_SENTENCE_WORDS;
    t->caps = mostly_caps(txt + sn->start, sn->end - sn->start, 20);
    /* a clause that names its actor by name ("Bellicum shall indemnify")
     * tells the reader who bears it, even if fineprint cannot say which
     * side that is */
    t->unknown = (f->rule->indemnitor.set ? f->indemnitor == FP_BEARER_UNKNOWN
                                          : f->bearer == FP_BEARER_UNKNOWN) &&
                 !fp_finding_attr(f, "party");
    t->agentless = has_passive(fo, sn->start, sn->end) &&
                   !names_party(parties, txt, sn->start, sn->end);
    for (size_t h = 0; h < NHEDGES && t->nhedges < 2; h++)
        for (size_t k = 0; hedges[h].phrases[k]; k++)
            if (has_phrase(fo, sn->start, sn->end, hedges[h].phrases[k])) {
                t->hedge[t->nhedges++] = hedges[h].name;
                break;
            }
    for (size_t k = 0; xrefs[k] && !t->xref; k++)
        if (has_phrase(fo, sn->start, sn->end, xrefs[k]))
            t->xref = xrefs[k];
}

/* The fraction of a clause's clarity points its traits cost. */
static double traits_cost(const traits *t)
{
    double c = A_UNKNOWN * t->unknown + A_AGENTLESS * t->agentless +
               A_HEDGE * t->nhedges + A_XREF * (t->xref != NULL);
    return c > 1.0 ? 1.0 : c;
}

static fp_status describe_traits(fp_buf *b, const traits *t, int with_length)
{
    fp_status st = FP_OK;
    const char *sep = "";
#define PART(...) do { if (!st) st = fp_buf_printf(b, __VA_ARGS__); sep = "; "; } while (0)
    if (with_length && t->long_sentence)
        PART("%slong (%zu words)", sep, t->words);
    if (t->unknown)
        PART("%sbearer not named", sep);
    if (t->agentless)
        PART("%sagentless passive (no party named)", sep);
    if (t->nhedges)
        PART("%shedged scope: %s%s%s", sep, t->hedge[0], t->nhedges > 1 ? ", " : "",
             t->nhedges > 1 ? t->hedge[1] : "");
    if (t->xref)
        PART("%spoints elsewhere (\"%s\")", sep, t->xref);
    if (with_length && t->caps)
        PART("%sALL CAPS", sep);
#undef PART
    return st;
}

/* ------------------------------------------------------- readability */

static fp_status score_readability(fp_score *s, const fp_doc *d)
{
    fp_buf text = {0};
    fp_status st = fp_readability_text(d, &text);
    if (st) {
        fp_buf_free(&text);
        return st;
    }
    fp_readability *r = &s->read;
    fp_readability_measure(text.data ? text.data : "", text.len, r);
    fp_buf_free(&text);
    if (r->words < R_MIN_WORDS)
        return add_item(s, FP_SUB_READABILITY, -50, FP_NONE, FP_NONE, NULL,
                        "only %zu words in complete English sentences: too few for the "
                        "formulas to mean anything (style's own advice), so readability "
                        "is set to the neutral 50", r->words);
    double lost = R_FLESCH * (1 - clamp((r->flesch - 30) / 30, 0, 1));
    if (lost > 0.05)
        st = add_item(s, FP_SUB_READABILITY, -lost, FP_NONE, FP_NONE, NULL,
                      "Flesch Reading Ease %.1f (grade %.1f): below 60 is hard for a lay "
                      "reader; 498 of 500 popular sign-in-wrap terms score below 60 "
                      "(Benoliel & Becher)", r->flesch, r->kincaid);
    lost = R_MEAN * (1 - clamp((40 - r->mean_sentence) / 20, 0, 1));
    if (!st && lost > 0.05)
        st = add_item(s, FP_SUB_READABILITY, -lost, FP_NONE, FP_NONE, NULL,
                      "sentences average %.1f words; plain-language guidance is about 20",
                      r->mean_sentence);
    lost = R_LONG * clamp(r->long_share / 0.25, 0, 1);
    if (!st && lost > 0.05)
        st = add_item(s, FP_SUB_READABILITY, -lost, FP_NONE, FP_NONE, NULL,
                      "%zu of %zu sentences (%.0f%%) are over %d words (longest %zu); "
                      "guidance is none", r->long_sentences, r->sentences,
                      100 * r->long_share, FP_LONG_SENTENCE_WORDS, r->longest);
    return st;
}

/* -------------------------------------------------------- allocation */

static fp_status score_category(fp_score *s, const fp_result *res, const fp_doc *d,
                                const fp_parties *parties, const char *cat,
                                double share)
{
    size_t n = 0;
    for (size_t i = 0; i < res->nfindings; i++)
        n += !strcmp(res->findings[i].rule->category, cat);
    if (!n)
        return add_item(s, FP_SUB_ALLOCATION, -share, FP_NONE, FP_NONE, NULL,
                        "silent on %s: the reader is not told who bears this risk",
                        fp_category_title(cat));
    double per = share * (1 - A_COVERAGE) / (double)n;
    fp_status st = FP_OK;
    for (size_t i = 0; !st && i < res->nfindings; i++) {
        const fp_finding *f = &res->findings[i];
        if (strcmp(f->rule->category, cat))
            continue;
        traits t;
        clause_traits(d, parties, f, &t);
        double cost = traits_cost(&t);
        if (cost <= 0)
            continue;
        fp_buf why = {0};
        st = describe_traits(&why, &t, 0);
        if (!st)
            st = add_item(s, FP_SUB_ALLOCATION, -per * cost, i, f->para, f->section,
                          "%s clause: %s (%.0f%% of its %.1f points)",
                          fp_category_title(cat), why.data, 100 * cost, per);
        fp_buf_free(&why);
    }
    return st;
}

static fp_status score_allocation(fp_score *s, const fp_result *res, const fp_doc *d,
                                  const fp_rules *rules, const fp_parties *parties)
{
    const char *assessed[NCORE];
    size_t na = 0;
    for (size_t k = 0; k < NCORE; k++)
        if (rules_have_category(res, rules, core_categories[k]))
            assessed[na++] = core_categories[k];
    if (!na)
        return add_item(s, FP_SUB_ALLOCATION, -100, FP_NONE, FP_NONE, NULL,
                        "the rule set has no rule for any core risk");
    fp_status st = FP_OK;
    for (size_t k = 0; !st && k < na; k++)
        st = score_category(s, res, d, parties, assessed[k], 100.0 / (double)na);
    return st;
}

/* ------------------------------------------------------ presentation */

static fp_status caps_and_length(fp_score *s, const fp_doc *d)
{
    double caps = 0, longp = 0;
    size_t caps_over = 0, long_over = 0, caps_words = 0;
    fp_status st = FP_OK;
    for (size_t i = 0; !st && i < d->npara; i++) {
        const fp_para *p = &d->paras[i];
        if (p->story != FP_STORY_BODY || p->kind == FP_PARA_HEADING)
            continue;
        const char *t = d->text.data + p->start;
        size_t n = p->end - p->start, words;
        fp_count_words(t, n, &words, NULL);
        if (words >= 12 && mostly_caps(t, n, 60)) {
            caps_words += words;
            if (caps >= P_CAPS_MAX) {
                caps_over++;
                continue;
            }
            caps += P_CAPS;
            st = add_item(s, FP_SUB_PRESENTATION, -P_CAPS, FP_NONE, i, p->section,
                          "ALL-CAPS block of %zu words: capitals slow reading and do not "
                          "improve comprehension (Arbel & Toler), though US law asks "
                          "disclaimers to be conspicuous (UCC 1-201(b)(10)), which "
                          "bold or a box also achieves", words);
        }
        if (!st && words > P_LONG_PARA_WORDS) {
            if (longp >= P_LONG_PARA_MAX) {
                long_over++;
                continue;
            }
            longp += P_LONG_PARA;
            st = add_item(s, FP_SUB_PRESENTATION, -P_LONG_PARA, FP_NONE, i, p->section,
                          "paragraph of %zu words (over %d)", words, P_LONG_PARA_WORDS);
        }
    }
    if (!st && caps_over)
        st = add_item(s, FP_SUB_PRESENTATION, 0, FP_NONE, FP_NONE, NULL,
                      "%zu more ALL-CAPS blocks past the %.0f-point cap (%zu words in "
                      "capitals in all)", caps_over, P_CAPS_MAX, caps_words);
    if (!st && long_over)
        st = add_item(s, FP_SUB_PRESENTATION, 0, FP_NONE, FP_NONE, NULL,
                      "%zu more paragraphs over %d words past the %.0f-point cap",
                      long_over, P_LONG_PARA_WORDS, P_LONG_PARA_MAX);
    return st;
}

/* Lower-case a phrase into buf and drop a plural "s" from its last word,
 * so that "Services" and ("Service") meet. Returns the length. */
static size_t term_key(const char *s, size_t n, char *buf, size_t cap)
{
    if (n >= cap)
        n = cap - 1;
    for (size_t k = 0; k < n; k++)
        buf[k] = is_upper(s[k]) ? (char)(s[k] | 0x20) : s[k];
    if (n > 3 && buf[n - 1] == 's' && buf[n - 2] != 's')
        n--;
    buf[n] = '\0';
    return n;
}

/* The last word of a key ("user content" -> "content"). */
static const char *key_head(const char *key)
{
    const char *sp = strrchr(key, ' ');
    return sp ? sp + 1 : key;
}

/* Defined terms: every quoted phrase that starts with a capital, as in
 * ("X"), (the "X") or "X" means, and the party names. Keys in `defined`. */
static fp_status collect_defined(const fp_doc *d, const fp_parties *parties,
                                 fp_strlist *defined)
{
    const char *t = d->text.data;
    fp_status st = FP_OK;
    char key[64];
    for (size_t i = 0; !st && i + 1 < d->text.len; i++) {
        const char *q = memchr(t + i, '"', d->text.len - 1 - i); /* the next quote */
        if (!q)
            break;
        i = (size_t)(q - t);
        if (!is_upper(t[i + 1]))
            continue;
        size_t j = i + 1;
        while (j < d->text.len && j < i + 60 && t[j] != '"' && t[j] != '\n')
            j++;
        if (j >= d->text.len || t[j] != '"')
            continue;
        term_key(t + i + 1, j - i - 1, key, sizeof key);
        if (defined->count < DEFINED_MAX)
            st = fp_strlist_add(defined, key);
        i = j;
    }
    for (size_t k = 0; !st && k < parties->count; k++) {
        term_key(parties->names[k].name, strlen(parties->names[k].name), key, sizeof key);
        st = fp_strlist_add(defined, key);
    }
    return st;
}

/* Defined keys and their head words, sorted for binary search. */
typedef struct defined_set {
    const char **keys, **heads;
    size_t n;
} defined_set;

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static fp_status index_defined(const fp_strlist *defined, defined_set *ds)
{
    ds->n = defined->count;
    ds->keys = calloc(ds->n ? ds->n : 1, sizeof *ds->keys);
    ds->heads = calloc(ds->n ? ds->n : 1, sizeof *ds->heads);
    if (!ds->keys || !ds->heads)
        return FP_ERR_NOMEM;
    for (size_t i = 0; i < ds->n; i++) {
        ds->keys[i] = defined->items[i];
        ds->heads[i] = key_head(defined->items[i]);
    }
    qsort(ds->keys, ds->n, sizeof *ds->keys, by_string);
    qsort(ds->heads, ds->n, sizeof *ds->heads, by_string);
    return FP_OK;
}

static int is_defined(const defined_set *ds, const char *key)
{
    const char *head = key_head(key);
    return bsearch(&key, ds->keys, ds->n, sizeof *ds->keys, by_string) ||
           bsearch(&head, ds->heads, ds->n, sizeof *ds->heads, by_string);
}

/* Words that make a capitalised phrase a name rather than a term: places,
 * courts and laws, the calendar, and names of other documents (those point
 * elsewhere; they are not undefined terms). */
static const char *const not_terms[] = {
    "united", "states", "kingdom", "european", "union", "america", "american",
    "court", "courts", "county", "state", "federal", "english", "california",
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "monday", "friday", "sunday",
    "policy", "policies", "terms", "agreement", "guidelines", "notice", "act",
    "addendum", "statement", "rules", "code", "conditions", "license", "licence",
    "internet", "inc", "ltd", "llc", "limited", "corporation", "section", "article",
    "clause", "exhibit", "schedule", "you", "your", "we", "our", "us", "the", "this",
    "these", "if", "any", "all", "i", NULL};

typedef struct term_use {
    char text[64], key[64];
    size_t count, para;
    const char *section;
} term_use;

/* Distinct phrases are found through a hash of their keys, so a hostile
 * document full of capitalised words costs linear time. */

typedef struct term_table {
    term_use *uses;
    size_t count, cap;
    int32_t slot[TERM_SLOTS]; /* index + 1 into uses, 0 = empty */
} term_table;

static uint32_t key_hash(const char *k)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 16777619u;
    return h;
}

static int mid_sentence(const char *t, size_t pstart, size_t at, size_t skip)
{
    if (at <= pstart + skip)
        return 0;
    size_t k = at;
    while (k > pstart && t[k - 1] == ' ')
        k--;
    return k > pstart && !strchr(".:?!\"(*#-", t[k - 1]);
}

/* A capitalised word at t[i]: "Content", not "CONTENT" or "content". */
static size_t cap_word(const char *t, size_t i, size_t end)
{
    if (i >= end || !is_upper(t[i]) || (i > 0 && is_alpha(t[i - 1])))
        return 0;
    size_t e = i + 1;
    while (e < end && is_lower(t[e]))
        e++;
    if (e < end && (is_alpha(t[e]) || t[e] == '-' || t[e] == '\''))
        return 0; /* "Third-Party", "Company's": not a bare term */
    return e - i < 2 ? 0 : e - i;
}

/* The capitalised phrase at t[i]: capitalised words, joined by single
 * spaces and the connectors "of", "and", "for". Returns its length. */
static size_t cap_phrase(const char *t, size_t i, size_t end)
{
    size_t n = cap_word(t, i, end);
    if (!n)
        return 0;
    size_t e = i + n;
    for (int words = 1; words < 5 && e + 1 < end && t[e] == ' ';) {
        size_t j = e + 1, c = 0;
        static const struct {
            const char *s;
            size_t n;
        } joins[] = {{"of ", 3}, {"and ", 4}, {"for ", 4}, {NULL, 0}};
        for (int k = 0; joins[k].s && !c; k++)
            if (end - j > joins[k].n && !memcmp(t + j, joins[k].s, joins[k].n))
                c = joins[k].n;
        size_t w = cap_word(t, j + c, end);
        if (!w)
            break;
        e = j + c + w;
        words++;
    }
    return e - i;
}

static int has_name_word(const char *key)
{
    for (const char *w = key; *w;) {
        const char *sp = strchr(w, ' ');
        size_t n = sp ? (size_t)(sp - w) : strlen(w);
        if (word_in(w, n, not_terms))
            return 1;
        /* plural forms of the list ("courts") were cut to "court" */
        w += n + (sp != NULL);
    }
    return 0;
}

static fp_status note_use(term_table *tt, const char *text, size_t n, const char *key,
                          size_t para, const char *section)
{
    uint32_t h = key_hash(key) & (TERM_SLOTS - 1);
    while (tt->slot[h]) {
        term_use *u = &tt->uses[tt->slot[h] - 1];
        if (!strcmp(u->key, key)) {
            u->count++;
            return FP_OK;
        }
        h = (h + 1) & (TERM_SLOTS - 1);
    }
    if (tt->count >= TERMS_MAX)
        return FP_OK; /* enough to judge a document by */
    fp_status st = fp_grow((void **)&tt->uses, &tt->cap, tt->count + 1, sizeof *tt->uses);
    if (st)
        return st;
    tt->slot[h] = (int32_t)tt->count + 1;
    term_use *u = &tt->uses[tt->count++];
    snprintf(u->text, sizeof u->text, "%.*s", (int)n, text);
    snprintf(u->key, sizeof u->key, "%s", key);
    u->count = 1;
    u->para = para;
    u->section = section;
    return FP_OK;
}

static fp_status collect_capitalised(const fp_doc *d, const defined_set *defined,
                                     term_table *tt)
{
    const char *t = d->text.data;
    fp_status st = FP_OK;
    char key[64];
    for (size_t pi = 0; !st && pi < d->npara; pi++) {
        const fp_para *p = &d->paras[pi];
        if (p->story != FP_STORY_BODY || p->kind == FP_PARA_HEADING)
            continue;
        size_t skip = strlen(p->label) + 3;
        for (size_t i = p->start; !st && i < p->end;) {
            if (!is_upper(t[i])) {
                i++; /* cap_phrase would say 0: skip its call */
                continue;
            }
            size_t n = cap_phrase(t, i, p->end);
            if (!n) {
                i++;
                continue;
            }
            if (n >= 3 && mid_sentence(t, p->start, i, skip)) {
                term_key(t + i, n, key, sizeof key);
                if (!has_name_word(key) && !is_defined(defined, key))
                    st = note_use(tt, t + i, n, key, pi, p->section);
            }
            i += n;
        }
    }
    return st;
}

static int by_count(const void *a, const void *b)
{
    const term_use *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->para < y->para ? -1 : x->para > y->para;
}

/* Is the head word of a term also used in lower case, as a common noun?
 * Then the capital marks a term, not a name. */
static int used_lower(const fp_doc *d, const char *key)
{
    const char *head = key_head(key);
    size_t n = strlen(head);
    const char *t = d->text.data;
    size_t len = d->text.len;
    for (size_t i = 0; n && i + n <= len; i++) {
        /* memmem to the next occurrence: this runs once per term over
         * the whole text */
        const char *hit = memmem(t + i, len - i, head, n);
        if (!hit)
            break;
        i = (size_t)(hit - t);
        size_t e = i + n;
        if (e < len && t[e] == 's')
            e++;
        /* a word of prose, not part of a name, a URL or an address */
        int left = i == 0 || t[i - 1] == ' ' || t[i - 1] == '(' || t[i - 1] == '"';
        int right = e == len || strchr(" ,;:)\"\n", t[e]) ||
                    (t[e] == '.' && (e + 1 == len || t[e + 1] == ' ' || t[e + 1] == '\n'));
        if (left && right)
            return 1;
    }
    return 0;
}

/* Capitalised terms (used twice or more mid-sentence, whose head word is
 * also used in lower case, so not a name) that the document never defines. */
static fp_status undefined_terms(fp_score *s, const fp_doc *d, const fp_parties *parties)
{
    fp_strlist defined = {0};
    defined_set ds = {0};
    term_table *tt = calloc(1, sizeof *tt);
    fp_status st = tt ? collect_defined(d, parties, &defined) : FP_ERR_NOMEM;
    if (!st)
        st = index_defined(&defined, &ds);
    if (!st)
        st = collect_capitalised(d, &ds, tt);
    if (!st && tt->count > 1)
        qsort(tt->uses, tt->count, sizeof *tt->uses, by_count); /* slots now stale */
    double lost = 0;
    size_t k_max = !tt ? 0 : tt->count < LOWER_CHECKS ? tt->count : LOWER_CHECKS;
    for (size_t k = 0; !st && k < k_max && lost < P_UNDEFINED_MAX; k++) {
        term_use *u = &tt->uses[k];
        if (u->count < 2 || !used_lower(d, u->key))
            continue;
        lost += P_UNDEFINED;
        st = add_item(s, FP_SUB_PRESENTATION, -P_UNDEFINED, FP_NONE, u->para, u->section,
                      "\"%s\" is capitalised like a defined term (%zu uses) but never "
                      "defined with (\"%s\") or \"%s\" means", u->text, u->count,
                      u->text, u->text);
    }
    if (tt)
        free(tt->uses);
    free(tt);
    free(ds.keys);
    free(ds.heads);
    fp_strlist_free(&defined);
    return st;
}

/* ------------------------------------------------------------ burden */

/* A currency amount of 100 or less in the finding's attributes. */
static int low_cap(const fp_finding *f)
{
    for (size_t i = 0; i < f->attr_names.count; i++) {
        const char *name = f->attr_names.items[i], *v = f->attr_values.items[i];
        if (strcmp(name, "cap") && strcmp(name, "amount") && strcmp(name, "limit"))
            continue;
        const char *dollar = strpbrk(v, "$0123456789");
        if (!dollar)
            continue;
        double amount = strtod(dollar + (*dollar == '$'), NULL);
        if (amount > 0 && amount <= 100)
            return 1;
    }
    return 0;
}

static fp_bearer who_bears(const fp_finding *f)
{
    return f->rule->indemnitor.set ? f->indemnitor : f->bearer;
}

typedef struct burden_state {
    double by_category[64];
    const char *category[64];
    size_t ncat;
    double credit;
} burden_state;

static double *category_sum(burden_state *b, const char *cat)
{
    for (size_t k = 0; k < b->ncat; k++)
        if (!strcmp(b->category[k], cat))
            return &b->by_category[k];
    if (b->ncat >= 64)
        return &b->by_category[63];
    b->category[b->ncat] = cat;
    b->by_category[b->ncat] = 0;
    return &b->by_category[b->ncat++];
}

static fp_status burden_finding(fp_score *s, burden_state *b, const fp_finding *f,
                                size_t i)
{
    const char *cat = f->rule->category;
    int core = is_core(cat) || fp_rule_has_tag(f->rule, "core");
    if (is_fair(f) || (core && who_bears(f) == FP_BEARER_PROVIDER)) {
        double pts = is_fair(f) ? B_FAIR : B_PROVIDER;
        if (b->credit + pts < B_CREDIT_MAX)
            pts = B_CREDIT_MAX - b->credit;
        b->credit += pts;
        return add_item(s, FP_SUB_BURDEN, pts, i, f->para, f->section,
                        "%s: %s", is_fair(f) ? "protects the reader" :
                        "the provider keeps this risk", f->rule->title);
    }
    if (who_bears(f) != FP_BEARER_USER)
        return FP_OK;
    double *sum = category_sum(b, cat);
    double capv = core ? B_CORE_CAP : B_OTHER_CAP;
    double pts = (core ? burden_core : burden_other)[f->severity];
    if (*sum + pts > capv)
        pts = capv - *sum;
    *sum += pts;
    fp_status st = add_item(s, FP_SUB_BURDEN, pts, i, f->para, f->section,
                            "on the user (%s, %s%s): %s", fp_severity_name(f->severity),
                            core ? "core risk" : "other term",
                            pts <= 0 ? ", category cap reached" : "", f->rule->title);
    if (!st && low_cap(f))
        st = add_item(s, FP_SUB_BURDEN, B_LOW_CAP, i, f->para, f->section,
                      "liability capped at $100 or less");
    return st;
}

static fp_status score_burden(fp_score *s, const fp_result *res)
{
    burden_state b = {0};
    fp_status st = FP_OK;
    int liability_on_user = 0, carve_out = 0;
    size_t first_liability = FP_NONE;
    for (size_t i = 0; !st && i < res->nfindings; i++) {
        const fp_finding *f = &res->findings[i];
        st = burden_finding(s, &b, f, i);
        if (!strcmp(f->rule->category, "liability") && !is_fair(f) &&
            who_bears(f) == FP_BEARER_USER) {
            liability_on_user = 1;
            if (first_liability == FP_NONE)
                first_liability = i;
        }
        carve_out |= fp_rule_has_tag(f->rule, "carve_out");
    }
    if (!st && liability_on_user && !carve_out) {
        const fp_finding *f = &res->findings[first_liability];
        st = add_item(s, FP_SUB_BURDEN, B_NO_CARVE_OUT, first_liability, f->para,
                      f->section, "liability is limited with no carve-out found "
                      "(death or personal injury, fraud, gross negligence)");
    }
    return st;
}

/* ------------------------------------------------------------- notes */

typedef struct candidate {
    size_t finding;
    double weight;
} candidate;

static double difficulty(const traits *t)
{
    return 2.0 * t->long_sentence + 1.5 * t->agentless + 1.5 * t->unknown +
           1.0 * t->nhedges + 1.0 * (t->xref != NULL) + 1.0 * t->caps +
           (double)t->words / 100.0;
}

static int by_weight(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->finding < y->finding ? -1 : x->finding > y->finding;
}

static const char *bearer_phrase(fp_bearer b)
{
    switch (b) {
    case FP_BEARER_USER: return "You carry this";
    case FP_BEARER_PROVIDER: return "The provider carries this";
    case FP_BEARER_MUTUAL: return "Both sides carry this";
    case FP_BEARER_THIRD_PARTY: return "Someone outside the contract carries this";
    default: return "The terms do not say who carries this";
    }
}

/* "<who carries it>. <the rule's first explaining sentence> (attr: value)". */
static fp_status plain_reading(fp_buf *b, const fp_finding *f)
{
    const fp_rule *r = f->rule;
    fp_status st;
    if (r->indemnitor.set)
        st = fp_buf_printf(b, "The %s pays for claims against the %s. ",
                           fp_bearer_name(f->indemnitor), fp_bearer_name(f->indemnitee));
    else
        st = fp_buf_printf(b, "%s. ", bearer_phrase(f->bearer));
    const char *e = r->explain, *stop = strstr(e, ". ");
    size_t n = stop ? (size_t)(stop - e) + 1 : strlen(e);
    if (!st)
        st = fp_buf_append(b, e, n);
    for (size_t i = 0; !st && i < f->attr_names.count; i++)
        st = fp_buf_printf(b, "%s%s: %s%s", i ? "; " : " (", f->attr_names.items[i],
                           f->attr_values.items[i],
                           i + 1 == f->attr_names.count ? ")" : "");
    return st;
}

static fp_status score_notes(fp_score *s, const fp_result *res, const fp_doc *d,
                             const fp_parties *parties)
{
    candidate *c = calloc(res->nfindings ? res->nfindings : 1, sizeof *c);
    if (!c)
        return FP_ERR_NOMEM;
    size_t nc = 0;
    for (size_t i = 0; i < res->nfindings; i++) {
        const fp_finding *f = &res->findings[i];
        if (is_fair(f) || (i && res->findings[i - 1].sentence == f->sentence))
            continue; /* one note per sentence */
        traits t;
        clause_traits(d, parties, f, &t);
        double w = difficulty(&t);
        if (w >= 1.0)
            c[nc++] = (candidate){i, w + 0.1 * f->severity};
    }
    qsort(c, nc, sizeof *c, by_weight);
    size_t want = nc < NOTES_MAX ? nc : NOTES_MAX;
    s->notes = calloc(want ? want : 1, sizeof *s->notes);
    fp_status st = s->notes ? FP_OK : FP_ERR_NOMEM;
    for (size_t k = 0; !st && k < want; k++) {
        const fp_finding *f = &res->findings[c[k].finding];
        traits t;
        clause_traits(d, parties, f, &t);
        fp_buf hard = {0}, plain = {0};
        st = describe_traits(&hard, &t, 1);
        if (!st)
            st = plain_reading(&plain, f);
        fp_score_note *nt = &s->notes[s->nnotes++];
        nt->finding = c[k].finding;
        nt->hard = fp_buf_steal(&hard);
        nt->plain = fp_buf_steal(&plain);
        if (!st && (!nt->hard || !nt->plain))
            st = FP_ERR_NOMEM;
    }
    free(c);
    return st;
}

/* ------------------------------------------------------------- total */

char fp_grade_for(double v)
{
    return v >= 80 ? 'A' : v >= 65 ? 'B' : v >= 50 ? 'C' : v >= 35 ? 'D' : 'E';
}

static fp_status explain_subscores(fp_score *s, const fp_result *res, const fp_rules *rules)
{
    const fp_readability *r = &s->read;
    fp_buf b[FP_SUB__COUNT] = {{0}}, cats = {0};
    for (size_t k = 0; k < NCORE; k++)
        if (rules_have_category(res, rules, core_categories[k]))
            fp_buf_printf(&cats, "%s%s", cats.len ? ", " : "", core_categories[k]);
    fp_status st = fp_buf_printf(&b[FP_SUB_READABILITY],
        "Flesch Reading Ease %.1f, grade %.1f, %.1f words a sentence, %.0f%% of "
        "sentences over %d words (%zu sentences measured)", r->flesch, r->kincaid,
        r->mean_sentence, 100 * r->long_share, FP_LONG_SENTENCE_WORDS, r->sentences);
    if (!st)
        st = fp_buf_printf(&b[FP_SUB_ALLOCATION],
            "Whether each core risk the rules can detect (%s) is addressed, and whether "
            "its clauses name the bearer, say who acts, keep a knowable scope and say "
            "it in place", cats.len ? cats.data : "none");
    fp_buf_free(&cats);
    if (!st)
        st = fp_buf_puts(&b[FP_SUB_PRESENTATION],
            "ALL-CAPS blocks, very long paragraphs and capitalised terms never defined");
    if (!st)
        st = fp_buf_puts(&b[FP_SUB_BURDEN],
            "How much risk the terms put on the user (higher is more), from the "
            "findings' bearers and severities less clauses that protect the user; "
            "reported beside clarity, not part of it");
    for (int k = 0; k < FP_SUB__COUNT; k++) {
        if (!st)
            s->explain[k] = fp_buf_steal(&b[k]);
        else
            fp_buf_free(&b[k]);
        if (!st && !s->explain[k])
            st = FP_ERR_NOMEM;
    }
    return st;
}

static fp_status score_all(fp_score *s, const fp_result *res, const fp_doc *d,
                           const fp_rules *rules,
                           const fp_parties *parties)
{
    fp_status st = score_readability(s, d);
    if (!st)
        st = score_allocation(s, res, d, rules, parties);
    if (!st)
        st = caps_and_length(s, d);
    if (!st)
        st = undefined_terms(s, d, parties);
    if (!st)
        st = score_burden(s, res);
    if (!st)
        st = score_notes(s, res, d, parties);
    if (st)
        return st;
    s->sub[FP_SUB_READABILITY] = clamp(100 + sum_items(s, FP_SUB_READABILITY), 0, 100);
    s->sub[FP_SUB_ALLOCATION] = clamp(100 + sum_items(s, FP_SUB_ALLOCATION), 0, 100);
    s->sub[FP_SUB_PRESENTATION] = clamp(100 + sum_items(s, FP_SUB_PRESENTATION), 0, 100);
    s->sub[FP_SUB_BURDEN] = clamp(sum_items(s, FP_SUB_BURDEN), 0, 100);
    for (int k = 0; k < FP_SUB__COUNT; k++)
        s->sub[k] = round1(s->sub[k]);
    double v = W_READABILITY * s->sub[FP_SUB_READABILITY] +
               W_ALLOCATION * s->sub[FP_SUB_ALLOCATION] +
               W_PRESENTATION * s->sub[FP_SUB_PRESENTATION];
    s->value = round1(v);
    s->grade = fp_grade_for(s->value);
    return explain_subscores(s, res, rules);
}

fp_status fp_score_document(fp_result *res, const fp_doc *d, const fp_rules *rules,
                            const fp_parties *parties)
{
    if (!d || !d->text.data)
        return FP_OK;
    fp_score *s = calloc(1, sizeof *s);
    if (!s)
        return FP_ERR_NOMEM;
    fp_status st = score_all(s, res, d, rules, parties);
    if (st) {
        fp_score_free(s);
        return st;
    }
    fp_score_free(res->score);
    res->score = s;
    return FP_OK;
}

void fp_score_free(fp_score *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nitems; i++)
        free(s->items[i].reason);
    for (size_t i = 0; i < s->nnotes; i++)
        free(s->notes[i].hard), free(s->notes[i].plain);
    for (int k = 0; k < FP_SUB__COUNT; k++)
        free(s->explain[k]);
    free(s->items);
    free(s->notes);
    free(s);
}

/* ---------------------------------------------------------- accessors */

const char *fp_subscore_name(fp_subscore k)
{
    static const char *const names[] = {"readability", "allocation", "presentation",
                                        "burden"};
    return (unsigned)k < FP_SUB__COUNT ? names[k] : "?";
}

const char *fp_read_stat_name(fp_read_stat k)
{
    static const char *const names[] = {"flesch", "kincaid", "mean_sentence_words",
                                        "long_sentence_share", "sentences", "words",
                                        "syllables"};
    return (unsigned)k < FP_READ__COUNT ? names[k] : "?";
}

const fp_score *fp_result_score(const fp_result *res) { return res ? res->score : NULL; }
char fp_score_grade(const fp_score *s) { return s->grade; }
double fp_score_value(const fp_score *s) { return s->value; }
double fp_score_sub(const fp_score *s, fp_subscore k)
{
    return (unsigned)k < FP_SUB__COUNT ? s->sub[k] : 0;
}
const char *fp_score_sub_explain(const fp_score *s, fp_subscore k)
{
    return (unsigned)k < FP_SUB__COUNT && s->explain[k] ? s->explain[k] : "";
}

double fp_score_readability(const fp_score *s, fp_read_stat k)
{
    const fp_readability *r = &s->read;
    switch (k) {
    case FP_READ_FLESCH: return r->flesch;
    case FP_READ_KINCAID: return r->kincaid;
    case FP_READ_MEAN_SENTENCE: return r->mean_sentence;
    case FP_READ_LONG_SHARE: return r->long_share;
    case FP_READ_SENTENCES: return (double)r->sentences;
    case FP_READ_WORDS: return (double)r->words;
    case FP_READ_SYLLABLES: return (double)r->syllables;
    default: return 0;
    }
}

size_t fp_score_item_count(const fp_score *s) { return s->nitems; }
fp_subscore fp_score_item_sub(const fp_score *s, size_t i)
{
    return i < s->nitems ? s->items[i].sub : FP_SUB__COUNT;
}
double fp_score_item_points(const fp_score *s, size_t i)
{
    return i < s->nitems ? s->items[i].points : 0;
}
size_t fp_score_item_finding(const fp_score *s, size_t i)
{
    return i < s->nitems ? s->items[i].finding : FP_NONE;
}
size_t fp_score_item_paragraph(const fp_score *s, size_t i)
{
    return i < s->nitems ? s->items[i].para : FP_NONE;
}
const char *fp_score_item_section(const fp_score *s, size_t i)
{
    return i < s->nitems ? s->items[i].section : "";
}
const char *fp_score_item_reason(const fp_score *s, size_t i)
{
    return i < s->nitems ? s->items[i].reason : "";
}

size_t fp_score_note_count(const fp_score *s) { return s->nnotes; }
size_t fp_score_note_finding(const fp_score *s, size_t i)
{
    return i < s->nnotes ? s->notes[i].finding : FP_NONE;
}
const char *fp_score_note_hard(const fp_score *s, size_t i)
{
    return i < s->nnotes ? s->notes[i].hard : "";
}
const char *fp_score_note_plain(const fp_score *s, size_t i)
{
    return i < s->nnotes ? s->notes[i].plain : "";
}
