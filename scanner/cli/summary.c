/* summary.c - what a batch did, as text for people, as JSON that
 * `fineprint merge` adds up across shards, and as CSV rows for
 * spreadsheets.
 *
 * Every field but the timing is a count, so merging shard summaries gives
 * exactly the summary of one run over all their documents. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonin.h"

typedef struct tally {
    char *key;
    uint64_t n;
} tally;

typedef struct tallies {
    tally *items;
    size_t count, cap;
} tallies;

struct summary {
    uint64_t files, scanned, skipped, errors, with_findings, findings, warnings, bytes;
    uint64_t severity[FP_SEV__COUNT];
    tallies reasons, categories, formats, grades;
    double elapsed;
};

static int tally_add(tallies *t, const char *key, uint64_t n)
{
    for (size_t i = 0; i < t->count; i++)
        if (!strcmp(t->items[i].key, key)) {
            t->items[i].n += n;
            return 0;
        }
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        tally *p = realloc(t->items, cap * sizeof *p);
        if (!p)
            return -1;
        t->items = p;
        t->cap = cap;
    }
    char *k = strdup(key);
    if (!k)
        return -1;
    t->items[t->count++] = (tally){k, n};
    return 0;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const tally *)a)->key, ((const tally *)b)->key);
}

static void sort_tallies(tallies *t)
{
    if (t->count > 1)
        qsort(t->items, t->count, sizeof *t->items, by_key);
}

static void tallies_free(tallies *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->items[i].key);
    free(t->items);
}

summary *summary_new(void) { return calloc(1, sizeof(summary)); }

void summary_free(summary *s)
{
    if (!s)
        return;
    tallies_free(&s->reasons);
    tallies_free(&s->categories);
    tallies_free(&s->formats);
    tallies_free(&s->grades);
    free(s);
}

void summary_add(summary *s, const fp_result *res)
{
    s->files++;
    s->bytes += fp_result_source_bytes(res);
    s->warnings += fp_result_warning_count(res);
    tally_add(&s->formats, fp_format_name(fp_result_format(res)), 1);
    if (fp_result_status(res)) {
        s->errors++;
        tally_add(&s->reasons, fp_strerror(fp_result_status(res)), 1);
    } else
        s->scanned++;
    const fp_score *sc = fp_result_score(res);
    if (sc) {
        char grade[2] = {fp_score_grade(sc), '\0'};
        tally_add(&s->grades, grade, 1);
    }
    size_t n = fp_result_finding_count(res);
    s->findings += n;
    s->with_findings += n > 0;
    for (size_t i = 0; i < n; i++) {
        const fp_finding *f = fp_result_finding(res, i);
        s->severity[fp_finding_severity(f)]++;
        tally_add(&s->categories, fp_rule_category(fp_finding_rule(f)), 1);
    }
}

void summary_add_skipped(summary *s)
{
    s->files++;
    s->skipped++;
}

void summary_add_error(summary *s, const char *reason)
{
    s->files++;
    s->errors++;
    tally_add(&s->reasons, reason, 1);
}

void summary_set_elapsed(summary *s, double seconds) { s->elapsed = seconds; }
uint64_t summary_files(const summary *s) { return s->files; }

static double mb_per_s(const summary *s)
{
    return s->elapsed > 0 ? (double)s->bytes / 1e6 / s->elapsed : 0;
}

/* ------------------------------------------------------------------ text */

static void text_tallies(FILE *out, const char *title, tallies *t)
{
    if (!t->count)
        return;
    sort_tallies(t);
    fprintf(out, "  %s:\n", title);
    for (size_t i = 0; i < t->count; i++)
        fprintf(out, "    %-36s %llu\n", t->items[i].key, (unsigned long long)t->items[i].n);
}

int summary_write_text(const summary *cs, FILE *out)
{
    summary *s = (summary *)cs; /* sorting the tallies does not change them */
    fprintf(out, "fineprint summary\n"
                 "  files: %llu (scanned %llu, errors %llu, skipped %llu)\n"
                 "  documents with findings: %llu\n  findings: %llu, warnings: %llu\n",
            (unsigned long long)s->files, (unsigned long long)s->scanned,
            (unsigned long long)s->errors, (unsigned long long)s->skipped,
            (unsigned long long)s->with_findings, (unsigned long long)s->findings,
            (unsigned long long)s->warnings);
    text_tallies(out, "errors by reason", &s->reasons);
    text_tallies(out, "findings by category", &s->categories);
    text_tallies(out, "clarity grades", &s->grades);
    fprintf(out, "  findings by severity:");
    for (int v = FP_SEV__COUNT - 1; v >= 0; v--)
        fprintf(out, " %s %llu", fp_severity_name((fp_severity)v),
                (unsigned long long)s->severity[v]);
    fprintf(out, "\n  %.1f MB in %.2f s: %.1f MB/s\n", (double)s->bytes / 1e6,
            s->elapsed, mb_per_s(s));
    return ferror(out) ? -1 : 0;
}

/* ------------------------------------------------------------------ json */

static void json_str(FILE *out, const char *str)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void json_tallies(FILE *out, const char *name, tallies *t)
{
    sort_tallies(t);
    fprintf(out, "  \"%s\": {", name);
    for (size_t i = 0; i < t->count; i++) {
        fprintf(out, "%s\n    ", i ? "," : "");
        json_str(out, t->items[i].key);
        fprintf(out, ": %llu", (unsigned long long)t->items[i].n);
    }
    fprintf(out, "%s},\n", t->count ? "\n  " : "");
}

/* One member per line, timing last, so that a diff (or grep -v) of two
 * summaries shows only what counts. */
int summary_write_json(const summary *cs, FILE *out)
{
    summary *s = (summary *)cs;
    fprintf(out, "{\n  \"fineprint_summary\": 1,\n");
    const struct { const char *k; uint64_t v; } counts[] = {
        {"files", s->files}, {"scanned", s->scanned}, {"skipped", s->skipped},
        {"errors", s->errors}, {"documents_with_findings", s->with_findings},
        {"findings", s->findings}, {"warnings", s->warnings}, {"bytes", s->bytes}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        fprintf(out, "  \"%s\": %llu,\n", counts[i].k, (unsigned long long)counts[i].v);
    json_tallies(out, "errors_by_reason", &s->reasons);
    json_tallies(out, "formats", &s->formats);
    json_tallies(out, "findings_by_category", &s->categories);
    json_tallies(out, "grades", &s->grades);
    fprintf(out, "  \"findings_by_severity\": {");
    for (int v = 0; v < FP_SEV__COUNT; v++)
        fprintf(out, "%s\n    \"%s\": %llu", v ? "," : "", fp_severity_name((fp_severity)v),
                (unsigned long long)s->severity[v]);
    fprintf(out, "\n  },\n  \"elapsed_seconds\": %.6f,\n  \"mb_per_second\": %.3f\n}\n",
            s->elapsed, mb_per_s(s));
    return ferror(out) ? -1 : 0;
}

/* ----------------------------------------------------------------- merge */

static int count_of(const jv *v, uint64_t *out)
{
    if (!v || v->type != JV_NUMBER || v->num < 0 || v->num > 9.0e15 ||
        v->num != (double)(uint64_t)v->num)
        return -1;
    *out = (uint64_t)v->num;
    return 0;
}

static int merge_tallies(tallies *t, const jv *obj)
{
    if (!obj || obj->type != JV_OBJECT)
        return -1;
    for (const jv *m = obj->child; m; m = m->next) {
        uint64_t n;
        if (count_of(m, &n) || tally_add(t, m->key, n))
            return -1;
    }
    return 0;
}

static int merge_value(summary *s, const jv *root)
{
    const jv *ver = jv_get(root, "fineprint_summary");
    if (!ver || ver->type != JV_NUMBER || ver->num != 1)
        return -1;
    struct { const char *k; uint64_t *v; } counts[] = {
        {"files", &s->files}, {"scanned", &s->scanned}, {"skipped", &s->skipped},
        {"errors", &s->errors}, {"documents_with_findings", &s->with_findings},
        {"findings", &s->findings}, {"warnings", &s->warnings}, {"bytes", &s->bytes}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        uint64_t n;
        if (count_of(jv_get(root, counts[i].k), &n))
            return -1;
        *counts[i].v += n;
    }
    const jv *sev = jv_get(root, "findings_by_severity");
    for (int v = 0; v < FP_SEV__COUNT; v++) {
        uint64_t n;
        if (count_of(jv_get(sev, fp_severity_name((fp_severity)v)), &n))
            return -1;
        s->severity[v] += n;
    }
    const jv *el = jv_get(root, "elapsed_seconds");
    if (el && el->type == JV_NUMBER && el->num > 0)
        s->elapsed += el->num; /* merged: total time over the shards */
    return merge_tallies(&s->reasons, jv_get(root, "errors_by_reason")) ||
           merge_tallies(&s->formats, jv_get(root, "formats")) ||
           merge_tallies(&s->categories, jv_get(root, "findings_by_category")) ||
           merge_tallies(&s->grades, jv_get(root, "grades"));
}

int summary_merge_file(summary *s, const char *path, char *err, size_t errlen)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0 && len < (64u << 20)) {
        if (len + n > cap) {
            cap = (len + n) * 2;
            char *p = realloc(text, cap);
            if (!p)
                break;
            text = p;
        }
        memcpy(text + len, chunk, n);
        len += n;
    }
    fclose(in);
    char why[128] = "";
    jv *root = text ? jv_parse(text, len, why, sizeof why) : NULL;
    int rc = root ? merge_value(s, root) : -1;
    if (rc)
        snprintf(err, errlen, "%s: not a fineprint summary%s%s", path, why[0] ? ": " : "", why);
    jv_free(root);
    free(text);
    return rc;
}

/* ------------------------------------------------------------------- csv */

struct csv_out {
    FILE *f;
    const char **categories;
    size_t ncat;
};

static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

csv_out *csv_open(const char *path, const fp_rules *rules)
{
    csv_out *c = calloc(1, sizeof *c);
    size_t nrules = fp_rules_count(rules);
    if (!c || !(c->categories = calloc(nrules + 1, sizeof *c->categories)) ||
        !(c->f = fopen(path, "w"))) {
        if (c)
            free(c->categories);
        free(c);
        return NULL;
    }
    for (size_t i = 0; i < nrules; i++) { /* categories in rule order */
        const char *cat = fp_rule_category(fp_rules_get(rules, i));
        size_t k = 0;
        while (k < c->ncat && strcmp(c->categories[k], cat))
            k++;
        if (k == c->ncat)
            c->categories[c->ncat++] = cat;
    }
    fputs("path,format,status,error,grade,score", c->f);
    for (size_t k = 0; k < c->ncat; k++) {
        fputc(',', c->f);
        csv_field(c->f, c->categories[k]);
    }
    fputs(",findings,warnings\n", c->f);
    return c;
}

/* Grade and score of the clarity scorer; empty when the document could
 * not be read (it has no score). */
static void csv_score_columns(FILE *f, const fp_result *res)
{
    const fp_score *sc = fp_result_score(res);
    if (sc)
        fprintf(f, ",%c,%.1f", fp_score_grade(sc), fp_score_value(sc));
    else
        fputs(",,", f);
}

int csv_write_row(csv_out *c, const fp_result *res)
{
    csv_field(c->f, fp_result_name(res));
    fprintf(c->f, ",%s,%s,", fp_format_name(fp_result_format(res)),
            fp_result_status(res) ? "error" : "ok");
    csv_field(c->f, fp_result_error(res));
    csv_score_columns(c->f, res);
    size_t n = fp_result_finding_count(res);
    for (size_t k = 0; k < c->ncat; k++) {
        size_t hits = 0;
        for (size_t i = 0; i < n; i++)
            hits += !strcmp(fp_rule_category(fp_finding_rule(fp_result_finding(res, i))),
                            c->categories[k]);
        fprintf(c->f, ",%zu", hits);
    }
    fprintf(c->f, ",%zu,%zu\n", n, fp_result_warning_count(res));
    return ferror(c->f) ? -1 : 0;
}

int csv_close(csv_out *c)
{
    if (!c)
        return 0;
    int rc = ferror(c->f) ? -1 : 0;
    if (fclose(c->f))
        rc = -1;
    free(c->categories);
    free(c);
    return rc;
}
