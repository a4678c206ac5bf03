/* eval.c - measure the rule set against annotated corpora.
 *
 * Usage: eval [DATA-DIR [RULES-PATH]]   (defaults: ../shared/data, patterns)
 * EVAL_EXAMPLES=N in the environment prints up to N (at most 64) misses and
 * false positives per category instead of 4. EVAL_DUMP=FILE writes every
 * CLAUDETTE sentence and ToS;DR point, whole, to FILE as tab-separated
 * lines (corpus, place, gold labels or family, ids of the rules that fired,
 * text) for reviewing all misses and false positives.
 *
 * Three corpora, each skipped with a message when absent:
 *
 *  claudette/  sentence-level labels of 42 consumer ToS. A sentence is
 *              positive for a category when it carries the tag with suffix
 *              2 or 3 (LexGLUE UNFAIR-ToS convention). Each sentence is
 *              scanned on its own, as a text document. Suffix-1 (fair)
 *              sentences are reported separately: flagged as fair, flagged
 *              as unfair, or not flagged.
 *  tosdr/      ToS;DR points: each quote is scanned on its own; recall per
 *              case family (families are defined from case titles below).
 *  cuad/       CUAD v1 contracts: document-level presence of seven clause
 *              types (Cap on Liability, Uncapped Liability, Warranty
 *              Duration, Governing Law, Termination for Convenience,
 *              Insurance, Covenant Not to Sue), compared with labels.csv.
 *              A type is predicted when a finding's rule carries its tag
 *              (cuad_tag below); see eval_cuad.
 *
 * A finding maps to a CLAUDETTE label through its rule's tags
 * ("claudette_ltd", ...; "claudette_none" for none); a rule without such a
 * tag falls back to its
 * category id (liability -> ltd, change -> ch, ...). A finding of severity
 * "fair" is a fair signal, never a positive.
 *
 * Rules are loaded from RULES-PATH without stopping at a failing example,
 * so the numbers can be measured while rules are being written; failing
 * examples are listed first. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "fineprint.h"
#include "rules.h"

#define MAX_EXAMPLES 64 /* most misses / false positives kept per category */
/* How many are printed: 4, or EVAL_EXAMPLES from the environment. */
static size_t show_examples = 4;
#define SNIPPET 150    /* characters of a sentence in those listings */
static FILE *dump; /* EVAL_DUMP: every scanned item, or NULL */

/* ------------------------------------------------------------- helpers */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whole file into a NUL-terminated buffer; NULL on failure. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 131072;
            char *p = realloc(buf, cap + 1);
            if (!p) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "eval: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        fprintf(stderr, "eval: out of memory\n");
        exit(2);
    }
    return p;
}

/* Print a sentence on one line, cut to SNIPPET characters. */
static void print_snippet(const char *s)
{
    size_t n = 0;
    for (; *s && n < SNIPPET; s++, n++)
        putchar(*s == '\n' || *s == '\t' ? ' ' : *s);
    puts(*s ? "..." : "");
}

/* One EVAL_DUMP line: corpus, place, gold, the ids of the rules that fired
 * (comma-separated, "-" for none) and the text; tabs and line breaks in the
 * text become spaces so each item stays on one line. */
static void dump_item(const char *corpus, const char *where, const char *gold,
                      const fp_result *res, const char *text)
{
    if (!dump)
        return;
    fprintf(dump, "%s\t%s\t%s\t", corpus, where, *gold ? gold : "-");
    size_t n = res ? fp_result_finding_count(res) : 0;
    for (size_t i = 0; i < n; i++)
        fprintf(dump, "%s%s", i ? "," : "",
                fp_rule_id(fp_finding_rule(fp_result_finding(res, i))));
    fputs(n ? "\t" : "-\t", dump);
    for (const char *c = text; *c; c++)
        fputc(*c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c, dump);
    fputc('\n', dump);
}

static double ratio(long a, long b) { return b ? (double)a / (double)b : 0.0; }

static double f1(long tp, long fp, long fn)
{
    double p = ratio(tp, tp + fp), r = ratio(tp, tp + fn);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

/* --------------------------------------------------- label vocabulary */

/* The eight UNFAIR-ToS categories, and the rule category each falls back
 * to when a rule carries no claudette_* tag. */
enum { NLABEL = 8 };
static const char *const label_tag[NLABEL] = {"ltd", "ter", "ch", "cr",
                                              "use", "law", "j",  "a"};
static const char *const label_category[NLABEL] = {
    "liability",        "termination",   "change",       "content_removal",
    "contract_by_using", "choice_of_law", "jurisdiction", "arbitration"};

/* Bit set of labels a rule stands for. */
static unsigned rule_labels(const fp_rule *r)
{
    unsigned bits = 0;
    char tag[32];
    for (int i = 0; i < NLABEL; i++) {
        snprintf(tag, sizeof tag, "claudette_%s", label_tag[i]);
        if (fp_rule_has_tag(r, tag))
            bits |= 1u << i;
    }
    if (bits)
        return bits;
    /* Any claudette_* tag (e.g. claudette_none on a class-action waiver,
     * which the scheme does not count as an arbitration clause) settles it. */
    for (size_t i = 0; i < r->tags.count; i++)
        if (!strncmp(r->tags.items[i], "claudette_", 10))
            return 0;
    for (int i = 0; i < NLABEL; i++)
        if (!strcmp(fp_rule_category(r), label_category[i]))
            bits |= 1u << i;
    return bits;
}

/* Labels of one result: unfair (severity above fair) and fair ones. */
static void result_labels(const fp_result *res, unsigned *unfair,
                          unsigned *fair)
{
    *unfair = *fair = 0;
    for (size_t i = 0; i < fp_result_finding_count(res); i++) {
        const fp_finding *f = fp_result_finding(res, i);
        unsigned bits = rule_labels(fp_finding_rule(f));
        if (fp_finding_severity(f) == FP_SEV_FAIR)
            *fair |= bits;
        else
            *unfair |= bits;
    }
}

/* Gold labels of one line of a tags file: positives (suffix 2/3) and fair
 * ones (suffix 1). */
static void gold_labels(const char *line, unsigned *pos, unsigned *fair)
{
    *pos = *fair = 0;
    const char *p = line;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        size_t n = (size_t)(p - w);
        if (n < 2)
            continue;
        char suffix = w[n - 1];
        for (int i = 0; i < NLABEL; i++) {
            size_t t = strlen(label_tag[i]);
            if (t + 1 != n || strncmp(w, label_tag[i], t))
                continue;
            if (suffix == '2' || suffix == '3')
                *pos |= 1u << i;
            else if (suffix == '1')
                *fair |= 1u << i;
        }
    }
}

/* ------------------------------------------------------------ examples */

typedef struct sample {
    char *where; /* Doc:line */
    char *text;
} sample;

typedef struct example_list {
    sample item[MAX_EXAMPLES];
    size_t n;
    long total;
} example_list;

static void keep_example(example_list *l, const char *where, const char *text)
{
    l->total++;
    if (l->n == show_examples)
        return;
    l->item[l->n].where = xstrdup(where);
    l->item[l->n].text = xstrdup(text);
    l->n++;
}

static void print_examples(const char *what, const example_list *l)
{
    if (!l->total)
        return;
    printf("    %s (%ld):\n", what, l->total);
    for (size_t i = 0; i < l->n; i++) {
        printf("      %-22s ", l->item[i].where);
        print_snippet(l->item[i].text);
    }
}

static void free_examples(example_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->item[i].where);
        free(l->item[i].text);
    }
    l->n = 0;
}

/* ----------------------------------------------------------- CLAUDETTE */

typedef struct claudette_stats {
    long tp[NLABEL], fp[NLABEL], fn[NLABEL];
    long fair_gold[NLABEL], fair_as_fair[NLABEL], fair_as_unfair[NLABEL];
    long confusion[NLABEL + 1][NLABEL + 1]; /* gold x predicted, last = none */
    example_list miss[NLABEL], false_pos[NLABEL];
    long sentences, docs;
} claudette_stats;

static void count_sentence(claudette_stats *st, const char *where,
                           const char *text, unsigned gold, unsigned gold_fair,
                           unsigned pred, unsigned pred_fair)
{
    st->sentences++;
    for (int i = 0; i < NLABEL; i++) {
        unsigned b = 1u << i;
        if ((gold & b) && (pred & b))
            st->tp[i]++;
        else if (gold & b) {
            st->fn[i]++;
            keep_example(&st->miss[i], where, text);
        } else if (pred & b) {
            st->fp[i]++;
            keep_example(&st->false_pos[i], where, text);
        }
        if (gold_fair & b) {
            st->fair_gold[i]++;
            if (pred & b)
                st->fair_as_unfair[i]++;
            else if (pred_fair & b)
                st->fair_as_fair[i]++;
        }
    }
    /* Confusion: which labels are predicted for each gold label. */
    for (int g = 0; g <= NLABEL; g++) {
        if (g < NLABEL ? !(gold & (1u << g)) : gold != 0)
            continue;
        if (!pred)
            st->confusion[g][NLABEL]++;
        for (int p = 0; p < NLABEL; p++)
            if (pred & (1u << p))
                st->confusion[g][p]++;
    }
}

/* Scan each line of sentences/<doc> with the aligned tags/<doc>. */
static int eval_claudette_doc(fp_scanner *sc, const char *dir,
                              const char *doc, claudette_stats *st)
{
    char spath[8400], tpath[8400];
    snprintf(spath, sizeof spath, "%s/sentences/%s", dir, doc);
    snprintf(tpath, sizeof tpath, "%s/tags/%s", dir, doc);
    char *sents = slurp(spath, NULL), *tags = slurp(tpath, NULL);
    if (!sents || !tags) {
        fprintf(stderr, "eval: cannot read %s or %s\n", spath, tpath);
        free(sents);
        free(tags);
        return -1;
    }
    char *sp = sents, *tp = tags;
    unsigned lineno = 0;
    while (*sp) {
        char *se = strchr(sp, '\n'), *te = strchr(tp, '\n');
        if (se)
            *se = '\0';
        if (te)
            *te = '\0';
        lineno++;
        unsigned gold, gold_fair, pred = 0, pred_fair = 0;
        gold_labels(tp, &gold, &gold_fair);
        char where[64];
        snprintf(where, sizeof where, "%.*s:%u",
                 (int)(strcspn(doc, ".") < 40 ? strcspn(doc, ".") : 40), doc,
                 lineno);
        size_t len = strlen(sp);
        if (len) {
            fp_result *res = NULL;
            fp_scan_memory(sc, doc, sp, len, FP_FORMAT_TEXT, &res);
            if (res)
                result_labels(res, &pred, &pred_fair);
            dump_item("claudette", where, tp, res, sp);
            fp_result_free(res);
        }
        count_sentence(st, where, sp, gold, gold_fair, pred, pred_fair);
        if (!se)
            break;
        sp = se + 1;
        tp = te ? te + 1 : tp + strlen(tp);
    }
    st->docs++;
    free(sents);
    free(tags);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted *.txt names of a directory. */
static char **list_txt(const char *dir, size_t *count)
{
    size_t n = 0, cap = 64;
    char **names = xcalloc(cap, sizeof *names);
    DIR *d = opendir(dir);
    if (!d) {
        *count = 0;
        return names;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt"))
            continue;
        if (n == cap) {
            cap *= 2;
            char **p = realloc(names, cap * sizeof *names);
            if (!p) {
                fprintf(stderr, "eval: out of memory\n");
                exit(2);
            }
            names = p;
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    *count = n;
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void report_claudette(claudette_stats *st, double secs)
{
    printf("%ld sentences from %ld documents in %.2f s\n\n", st->sentences,
           st->docs, secs);
    printf("  %-5s %6s %6s %6s %6s %7s %7s %7s\n", "label", "gold", "tp",
           "fp", "fn", "P", "R", "F1");
    double macro = 0;
    long ttp = 0, tfp = 0, tfn = 0;
    for (int i = 0; i < NLABEL; i++) {
        double f = f1(st->tp[i], st->fp[i], st->fn[i]);
        macro += f;
        ttp += st->tp[i];
        tfp += st->fp[i];
        tfn += st->fn[i];
        printf("  %-5s %6ld %6ld %6ld %6ld %7.3f %7.3f %7.3f\n", label_tag[i],
               st->tp[i] + st->fn[i], st->tp[i], st->fp[i], st->fn[i],
               ratio(st->tp[i], st->tp[i] + st->fp[i]),
               ratio(st->tp[i], st->tp[i] + st->fn[i]), f);
    }
    printf("  %-5s %6ld %6ld %6ld %6ld %7.3f %7.3f %7.3f  (micro)\n", "all",
           ttp + tfn, ttp, tfp, tfn, ratio(ttp, ttp + tfp),
           ratio(ttp, ttp + tfn), f1(ttp, tfp, tfn));
    printf("  macro-F1 over the 8 categories: %.3f\n\n", macro / NLABEL);

    printf("  fair (suffix 1) sentences: flagged fair / flagged unfair / "
           "not flagged\n");
    for (int i = 0; i < NLABEL; i++)
        if (st->fair_gold[i])
            printf("  %-5s %4ld: %4ld / %4ld / %4ld\n", label_tag[i],
                   st->fair_gold[i], st->fair_as_fair[i],
                   st->fair_as_unfair[i],
                   st->fair_gold[i] - st->fair_as_fair[i] -
                       st->fair_as_unfair[i]);

    printf("\n  confusion (rows gold, columns predicted; a sentence may "
           "count in several cells)\n  %-5s", "");
    for (int p = 0; p < NLABEL; p++)
        printf(" %5s", label_tag[p]);
    printf(" %5s\n", "none");
    for (int g = 0; g <= NLABEL; g++) {
        printf("  %-5s", g < NLABEL ? label_tag[g] : "none");
        for (int p = 0; p <= NLABEL; p++)
            printf(" %5ld", st->confusion[g][p]);
        putchar('\n');
    }
    printf("\n  misses and false positives (first %zu of each)\n",
           show_examples);
    for (int i = 0; i < NLABEL; i++) {
        if (!st->miss[i].total && !st->false_pos[i].total)
            continue;
        printf("  [%s]\n", label_tag[i]);
        print_examples("missed", &st->miss[i]);
        print_examples("false positive", &st->false_pos[i]);
        free_examples(&st->miss[i]);
        free_examples(&st->false_pos[i]);
    }
}

static void eval_claudette(fp_scanner *sc, const char *data)
{
    char dir[4096], sdir[4200];
    snprintf(dir, sizeof dir, "%s/claudette", data);
    snprintf(sdir, sizeof sdir, "%s/sentences", dir);
    printf("== CLAUDETTE (UNFAIR-ToS labels, sentence level)\n");
    if (!is_dir(sdir)) {
        printf("skipped: %s not found\n\n", sdir);
        return;
    }
    size_t n;
    char **docs = list_txt(sdir, &n);
    claudette_stats *st = xcalloc(1, sizeof *st);
    double t0 = now_seconds();
    for (size_t i = 0; i < n; i++)
        eval_claudette_doc(sc, dir, docs[i], st);
    report_claudette(st, now_seconds() - t0);
    putchar('\n');
    free(st);
    free_names(docs, n);
}

/* --------------------------------------------------------------- ToS;DR */

/* Case families: a point belongs to a family when its case title contains
 * one of the family's phrases (case-insensitive, first family wins); it is
 * found when a finding of one of the family's rule categories is made on
 * its quote. Titles of fair cases (e.g. "does not force users into binding
 * arbitration") still name the clause type, so they stay in the family.
 * "does not guarantee accuracy or reliability" is a warranty disclaimer:
 * it belongs to "as is" (and matching at word starts keeps "reliability"
 * out of "liability").
 *
 * The labels are crowd-sourced and many quotes hold no such clause at all
 * (an "indemnify" point quoting a privacy sentence). So recall is also
 * given over the points whose quote carries one of the family's cue words:
 * a quote without any of them cannot state that kind of clause. Both
 * figures are printed; only cued misses are listed, as those are the ones
 * a rule could have caught. */
typedef struct family {
    const char *name;
    const char *phrases[8];
    const char *categories[4];
    const char *cues[10];
} family;

static const family families[] = {
    {"as is", {"'as is'", "\"as is\"", " as is ", "guarantee accuracy"}, {"as_is"},
     {"as is", "as-is", "as available", "warrant", "guarantee", "fault", "risk"}},
    {"indemnify", {"indemnif"}, {"indemnity"},
     {"indemn", "harmless", "defend"}},
    {"arbitration", {"arbitration", "class action"}, {"arbitration"},
     {"arbitra", "class action", "class-action", "jury", "representative action"}},
    {"law/jurisdiction",
     {"court of law governing", "law of the service's country",
      "jurisdiction", "governing law"},
     {"choice_of_law", "jurisdiction"},
     {"law", "court", "jurisdiction", "venue", "forum", "tribunal"}},
    {"change",
     {"terms may be changed", "change its terms", "change to its terms",
      "changes to the terms", "changes of tos", "changes to its terms",
      "may change its", "conditions may change"},
     {"change"},
     {"chang", "modif", "amend", "updat", "revis", "replac"}},
    {"terminate",
     {"delete your account", "suspend your account", "accounts can be terminated",
      "terminate your account", "account can be terminated"},
     {"termination"},
     {"terminat", "suspen", "delet", "clos", "disabl", "cancel", "deactivat", "ban", "block",
      "revok"}},
    {"content removal",
     {"delete specific content", "delete your content if",
      "remove your content", "delete content"},
     {"content_removal"},
     {"remov", "delet", "edit", "refuse", "block", "disabl", "take down", "screen", "reject"}},
    {"liability", {"liability", "liable"}, {"liability"},
     {"liab", "responsib", "damage", "loss", "warrant", "guarantee"}},
    {"responsible", {"responsib"}, {"liability", "user_content"},
     {"responsib", "liab", "risk", "accountab"}},
};
enum { NFAMILY = sizeof families / sizeof families[0] };

/* Whether needle occurs in hay at the start of a word (case-insensitive):
 * "liability" must not be found in "reliability", nor "liable" in
 * "reliable". */
static int ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if ((p == hay || !isalpha((unsigned char)p[-1])) && !strncasecmp(p, needle, n))
            return 1;
    return 0;
}

static int family_of(const char *case_title)
{
    for (int f = 0; f < NFAMILY; f++)
        for (int k = 0; k < 8 && families[f].phrases[k]; k++)
            if (ci_contains(case_title, families[f].phrases[k]))
                return f;
    return -1;
}

static int has_cue(const family *fam, const char *quote)
{
    for (int k = 0; k < 10 && fam->cues[k]; k++)
        if (ci_contains(quote, fam->cues[k]))
            return 1;
    return 0;
}

static int family_found(const family *fam, const fp_result *res)
{
    for (size_t i = 0; i < fp_result_finding_count(res); i++) {
        const char *cat = fp_rule_category(fp_finding_rule(fp_result_finding(res, i)));
        for (int k = 0; k < 4 && fam->categories[k]; k++)
            if (!strcmp(cat, fam->categories[k]))
                return 1;
    }
    return 0;
}

static void put_utf8(char **o, unsigned long cp)
{
    unsigned char *u = (unsigned char *)*o;
    if (cp < 0x80) {
        *u++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *u++ = (unsigned char)(0xC0 | (cp >> 6));
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *u++ = (unsigned char)(0xE0 | (cp >> 12));
        *u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *u++ = (unsigned char)(0xF0 | (cp >> 18));
        *u++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        *u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    *o = (char *)u;
}

static int hex4(const char *p, unsigned long *out)
{
    unsigned long v = 0;
    for (int i = 0; i < 4; i++) {
        int c = p[i];
        if (!isxdigit(c))
            return -1;
        v = v * 16 + (unsigned long)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
    }
    *out = v;
    return 0;
}

/* The decoded string value of "key" in a one-line JSON object, or NULL.
 * Enough JSON for points.jsonl: flat objects of strings. */
static char *json_string_field(const char *line, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *p = strstr(line, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    while (*p == ' ' || *p == ':')
        p++;
    if (*p != '"')
        return NULL;
    p++;
    char *out = xcalloc(strlen(p) * 2 + 8, 1), *o = out;
    while (*p && *p != '"') {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        p++;
        unsigned long cp;
        switch (*p) {
        case 'n': *o++ = '\n'; p++; break;
        case 't': *o++ = '\t'; p++; break;
        case 'r': *o++ = '\r'; p++; break;
        case 'b': case 'f': *o++ = ' '; p++; break;
        case 'u':
            if (hex4(p + 1, &cp)) {
                free(out);
                return NULL;
            }
            p += 5;
            if (cp >= 0xD800 && cp < 0xDC00 && p[0] == '\\' && p[1] == 'u') {
                unsigned long lo;
                if (!hex4(p + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (cp >= 0xD800 && cp < 0xE000)
                cp = 0xFFFD; /* lone surrogate */
            put_utf8(&o, cp);
            break;
        case '\0': break;
        default: *o++ = *p++; break; /* \" \\ \/ */
        }
    }
    *o = '\0';
    return out;
}

/* ToS;DR quotes are cut from web pages and keep some markup ("</li> <li>",
 * "<strong>"): drop the tags and decode the common entities, in place, so
 * the quote reads as the page does. */
static void strip_markup(char *s)
{
    static const struct {
        const char *name;
        char c;
    } entities[] = {{"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''},
                    {"&apos;", '\''}, {"&lt;", '<'}, {"&gt;", '>'},
                    {"&nbsp;", ' '}};
    char *o = s;
    for (const char *p = s; *p;) {
        if (*p == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!')) {
            const char *close = strchr(p, '>');
            if (close) {
                *o++ = ' ';
                p = close + 1;
                continue;
            }
        }
        if (*p == '&') {
            size_t k = 0, n = sizeof entities / sizeof entities[0];
            for (; k < n; k++)
                if (!strncmp(p, entities[k].name, strlen(entities[k].name)))
                    break;
            if (k < n) {
                *o++ = entities[k].c;
                p += strlen(entities[k].name);
                continue;
            }
        }
        *o++ = *p++;
    }
    *o = '\0';
}

static void eval_tosdr(fp_scanner *sc, const char *data)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tosdr/points.jsonl", data);
    printf("== ToS;DR points (recall per case family)\n");
    char *text = slurp(path, NULL);
    if (!text) {
        printf("skipped: %s not found\n\n", path);
        return;
    }
    long total[NFAMILY] = {0}, found[NFAMILY] = {0}, points = 0;
    long cued[NFAMILY] = {0}, cued_found[NFAMILY] = {0};
    example_list miss[NFAMILY];
    memset(miss, 0, sizeof miss);
    double t0 = now_seconds();
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *title = json_string_field(line, "case");
        char *quote = json_string_field(line, "quote");
        char *id = json_string_field(line, "id");
        int f = title ? family_of(title) : -1;
        if (quote)
            strip_markup(quote);
        if (f >= 0 && quote && *quote) {
            fp_result *res = NULL;
            fp_scan_memory(sc, "point", quote, strlen(quote), FP_FORMAT_TEXT, &res);
            int cue = has_cue(&families[f], quote);
            int hit = res && family_found(&families[f], res);
            total[f]++;
            cued[f] += cue;
            dump_item("tosdr", id ? id : "?", families[f].name, res, quote);
            found[f] += hit;
            cued_found[f] += hit && cue;
            if (!hit && cue)
                keep_example(&miss[f], id ? id : "?", quote);
            fp_result_free(res);
        }
        points++;
        free(title);
        free(quote);
        free(id);
        line = nl ? nl + 1 : NULL;
    }
    printf("%ld points in %.2f s\n\n  %-18s %6s %6s %7s   %6s %6s %7s\n", points,
           now_seconds() - t0, "family", "points", "found", "recall", "cued",
           "found", "recall");
    for (int f = 0; f < NFAMILY; f++)
        printf("  %-18s %6ld %6ld %7.3f   %6ld %6ld %7.3f\n", families[f].name,
               total[f], found[f], ratio(found[f], total[f]), cued[f],
               cued_found[f], ratio(cued_found[f], cued[f]));
    printf("\n  (cued: points whose quote holds one of the family's cue words; the\n"
           "  rest cannot state the clause and are label noise)\n");
    printf("\n  misses among cued points (first %zu of each; id and quote)\n", show_examples);
    for (int f = 0; f < NFAMILY; f++) {
        if (!miss[f].total)
            continue;
        printf("  [%s]\n", families[f].name);
        print_examples("missed", &miss[f]);
        free_examples(&miss[f]);
    }
    putchar('\n');
    free(text);
}

/* ----------------------------------------------------------------- CUAD */

/* A CSV reader for RFC 4180: quoted fields may hold commas, doubled quotes
 * and line breaks. Fields are decoded in place. */
typedef struct csv {
    char *p, *end;
} csv;

/* Read one record into fields (at most max); returns the field count, or
 * -1 at the end of input. */
static int csv_record(csv *c, char **fields, int max)
{
    if (c->p >= c->end)
        return -1;
    int n = 0;
    for (;;) {
        char *start = c->p, *o = c->p;
        if (c->p < c->end && *c->p == '"') {
            c->p++;
            while (c->p < c->end) {
                if (*c->p == '"') {
                    if (c->p + 1 < c->end && c->p[1] == '"') {
                        *o++ = '"';
                        c->p += 2;
                        continue;
                    }
                    c->p++;
                    break;
                }
                *o++ = *c->p++;
            }
            /* anything between the closing quote and the separator is kept */
            while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
                *o++ = *c->p++;
        } else {
            while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
                o++, c->p++;
        }
        char sep = c->p < c->end ? *c->p : '\n';
        *o = '\0';
        if (n < max)
            fields[n] = start;
        n++;
        if (c->p < c->end)
            c->p++;
        if (sep == ',')
            continue;
        if (sep == '\r' && c->p < c->end && *c->p == '\n')
            c->p++;
        return n < max ? n : max;
    }
}

enum { NCUAD = 7, MAX_COLUMNS = 256 };
static const char *const cuad_label[NCUAD] = {
    "Cap on Liability", "Uncapped Liability", "Warranty Duration",
    "Governing Law", "Termination for Convenience", "Insurance",
    "Covenant Not to Sue"};
/* The tag that names the rules standing for each clause type (Cap on
 * Liability also counts a liability finding with a "cap" attribute;
 * Governing Law is the choice_of_law category). */
static const char *const cuad_tag[NCUAD] = {
    "cap", "carve_out", "warranty_duration", NULL,
    "termination_for_convenience", "insurance", "covenant_not_to_sue"};

/* Does a document's result show clause type k? */
static int cuad_predicted(int k, const fp_result *res)
{
    for (size_t i = 0; i < fp_result_finding_count(res); i++) {
        const fp_finding *f = fp_result_finding(res, i);
        const fp_rule *r = fp_finding_rule(f);
        const char *cat = fp_rule_category(r);
        int has_cap_attr = 0;
        for (size_t a = 0; a < fp_finding_attr_count(f); a++)
            if (!strcmp(fp_finding_attr_name(f, a), "cap"))
                has_cap_attr = 1;
        if (k == 0) {
            if (!strcmp(cat, "liability") && (has_cap_attr || fp_rule_has_tag(r, "cap")))
                return 1;
        } else if (k == 3) {
            if (!strcmp(cat, "choice_of_law"))
                return 1;
        } else if (fp_rule_has_tag(r, cuad_tag[k]))
            return 1;
    }
    return 0;
}

/* Gold presence: the -Answer column says Yes/No for most clause types, but
 * holds the extracted answer itself for some (Governing Law: "Delaware");
 * then the clause is present when its text column lists any passage. */
static int cuad_gold(const char *answer, const char *texts)
{
    if (!strcasecmp(answer, "Yes"))
        return 1;
    if (!strcasecmp(answer, "No"))
        return 0;
    return (*answer && strcmp(answer, "[]")) || (*texts && strcmp(texts, "[]"));
}

static int rules_with_tag(const fp_rules *rules, const char *tag)
{
    int n = 0;
    for (size_t i = 0; i < fp_rules_count(rules); i++)
        n += fp_rule_has_tag(fp_rules_get(rules, i), tag);
    return n;
}

/* contracts/<name>.txt for a Filename cell such as "X.PDF" or "X.pdf". */
static int cuad_contract_path_as(const char *dir, const char *name, char *out,
                              size_t outlen)
{
    snprintf(out, outlen, "%s/contracts/%s.txt", dir, name);
    if (is_file(out))
        return 0;
    const char *dot = strrchr(name, '.');
    if (dot) { /* "X.PDF" -> X.txt; "INC..PDF" -> INC.txt */
        int n = (int)(dot - name);
        for (int trim = 0; trim < 2; trim++) {
            snprintf(out, outlen, "%s/contracts/%.*s.txt", dir, n, name);
            if (is_file(out))
                return 0;
            while (n > 0 && (name[n - 1] == '.' || name[n - 1] == ' '))
                n--;
        }
    }
    return -1;
}

/* Also with apostrophes and ampersands written as "_", as in the file
 * names. */
static int cuad_contract_path(const char *dir, const char *name, char *out,
                              size_t outlen)
{
    if (!cuad_contract_path_as(dir, name, out, outlen))
        return 0;
    char *fixed = xstrdup(name);
    for (char *p = fixed; *p; p++)
        if (*p == '\'' || *p == '&')
            *p = '_';
    int rc = cuad_contract_path_as(dir, fixed, out, outlen);
    free(fixed);
    return rc;
}

static void eval_cuad(fp_scanner *sc, const fp_rules *rules, const char *data)
{
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/cuad", data);
    snprintf(path, sizeof path, "%s/labels.csv", dir);
    printf("== CUAD (document-level presence)\n");
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        printf("skipped: %s not found\n\n", path);
        return;
    }
    csv c = {text, text + len};
    char *head[MAX_COLUMNS], *row[MAX_COLUMNS];
    int nh = csv_record(&c, head, MAX_COLUMNS);
    int col_file = -1, col_answer[NCUAD], col_text[NCUAD];
    for (int k = 0; k < NCUAD; k++)
        col_answer[k] = col_text[k] = -1;
    for (int i = 0; i < nh; i++) {
        if (!strcmp(head[i], "Filename"))
            col_file = i;
        for (int k = 0; k < NCUAD; k++) {
            char want[128];
            snprintf(want, sizeof want, "%s-Answer", cuad_label[k]);
            if (!strcmp(head[i], want))
                col_answer[k] = i;
            if (!strcmp(head[i], cuad_label[k]))
                col_text[k] = i;
        }
    }
    if (col_file < 0) {
        printf("skipped: %s has no Filename column\n\n", path);
        free(text);
        return;
    }
    long tp[NCUAD] = {0}, fp[NCUAD] = {0}, fn[NCUAD] = {0}, tn[NCUAD] = {0};
    long docs = 0, missing = 0;
    example_list miss[NCUAD], false_pos[NCUAD];
    memset(miss, 0, sizeof miss);
    memset(false_pos, 0, sizeof false_pos);
    double t0 = now_seconds();
    int nr;
    while ((nr = csv_record(&c, row, MAX_COLUMNS)) >= 0) {
        if (nr <= col_file || !*row[col_file])
            continue;
        char cpath[4400];
        if (cuad_contract_path(dir, row[col_file], cpath, sizeof cpath)) {
            if (!missing++)
                fprintf(stderr, "eval: no contract file for \"%s\"\n", row[col_file]);
            continue;
        }
        fp_result *res = NULL;
        fp_scan_file(sc, cpath, FP_FORMAT_TEXT, &res);
        docs++;
        for (int k = 0; k < NCUAD; k++) {
            if (col_answer[k] < 0 || col_answer[k] >= nr)
                continue;
            int gold = cuad_gold(row[col_answer[k]],
                                 col_text[k] >= 0 && col_text[k] < nr ? row[col_text[k]] : "");
            int pred = res && cuad_predicted(k, res);
            if (gold && pred)
                tp[k]++;
            else if (gold) {
                fn[k]++;
                keep_example(&miss[k], "", row[col_file]);
            } else if (pred) {
                fp[k]++;
                keep_example(&false_pos[k], "", row[col_file]);
            } else
                tn[k]++;
        }
        fp_result_free(res);
    }
    printf("%ld contracts in %.2f s", docs, now_seconds() - t0);
    if (missing)
        printf(" (%ld rows without a contract file)", missing);
    printf("\n\n  %-27s %5s %5s %5s %5s %5s %7s %7s %7s\n", "clause", "gold",
           "tp", "fp", "fn", "tn", "P", "R", "F1");
    for (int k = 0; k < NCUAD; k++) {
        if (col_answer[k] < 0) {
            printf("  %-27s no \"-Answer\" column\n", cuad_label[k]);
            continue;
        }
        printf("  %-27s %5ld %5ld %5ld %5ld %5ld %7.3f %7.3f %7.3f\n",
               cuad_label[k], tp[k] + fn[k], tp[k], fp[k], fn[k], tn[k],
               ratio(tp[k], tp[k] + fp[k]), ratio(tp[k], tp[k] + fn[k]),
               f1(tp[k], fp[k], fn[k]));
    }
    printf("  rules tagged");
    for (int k = 0, n = 0; k < NCUAD; k++)
        if (cuad_tag[k])
            printf("%s %s: %d", n++ ? "," : "", cuad_tag[k], rules_with_tag(rules, cuad_tag[k]));
    putchar('\n');
    printf("\n  misses and false positives (contract names, first %zu)\n",
           show_examples);
    for (int k = 0; k < NCUAD; k++) {
        if (!miss[k].total && !false_pos[k].total)
            continue;
        printf("  [%s]\n", cuad_label[k]);
        print_examples("missed", &miss[k]);
        print_examples("false positive", &false_pos[k]);
        free_examples(&miss[k]);
        free_examples(&false_pos[k]);
    }
    putchar('\n');
    free(text);
}

/* ----------------------------------------------------------------- main */

static void on_example_failure(void *ctx, const fp_rule *r, int should_match,
                               const char *example, unsigned line)
{
    (void)ctx;
    fprintf(stderr, "eval: %s:%u: %s: %s should %smatch\n", fp_rule_file(r),
            line, fp_rule_id(r), example, should_match ? "" : "not ");
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : "../shared/data";
    const char *rules_path = argc > 2 ? argv[2] : "patterns";
    const char *want = getenv("EVAL_EXAMPLES");
    if (want && atoi(want) >= 0)
        show_examples = (size_t)atoi(want) < MAX_EXAMPLES ? (size_t)atoi(want) : MAX_EXAMPLES;
    const char *dump_path = getenv("EVAL_DUMP");
    if (dump_path && *dump_path && !(dump = fopen(dump_path, "w"))) {
        fprintf(stderr, "eval: cannot write %s: %s\n", dump_path, strerror(errno));
        return 2;
    }
    char err[1024] = "";
    fp_rules *rules = NULL;
    fp_status st = fp_rules_load_path(rules_path, FP_RULES_SKIP_EXAMPLES,
                                      &rules, err, sizeof err);
    if (st != FP_OK) {
        fprintf(stderr, "eval: %s\n", err[0] ? err : fp_strerror(st));
        return 2;
    }
    long bad = fp_rules_test(rules, on_example_failure, NULL);
    if (bad)
        fprintf(stderr, "eval: %ld rule example(s) fail (numbers below still "
                        "use the rules as written)\n", bad);
    printf("fineprint %s eval: %zu rules from %s; data %s\n\n", fp_version(),
           fp_rules_count(rules), rules_path, data);
    if (!is_dir(data)) {
        printf("skipped: data folder %s not found (see BRIEF: ../shared/data)\n",
               data);
        fp_rules_free(rules);
        if (dump)
            fclose(dump);
        return 0;
    }
    fp_scanner *sc = NULL;
    st = fp_scanner_new(rules, NULL, &sc);
    if (st != FP_OK) {
        fprintf(stderr, "eval: cannot create a scanner: %s\n", fp_strerror(st));
        fp_rules_free(rules);
        return 2;
    }
    eval_claudette(sc, data);
    eval_tosdr(sc, data);
    eval_cuad(sc, rules, data);
    fp_scanner_free(sc);
    fp_rules_free(rules);
    if (dump && fclose(dump) != 0) {
        fprintf(stderr, "eval: cannot write %s: %s\n", dump_path, strerror(errno));
        return 2;
    }
    return bad ? 1 : 0;
}
