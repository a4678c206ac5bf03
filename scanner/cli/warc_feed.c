/* warc_feed.c - the pages of a web-archive crawl as documents.
 *
 * Each HTTP 200 response whose page is HTML or plain text and looks like
 * terms (its URL path or <title> says terms, conditions, policy, ...; or
 * any page with --warc-all) becomes a document named "URI DATE". Requests,
 * metadata, redirects and other pages are passed over and counted; a
 * damaged record is reported with its number and counted as an error. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "warc.h"

typedef struct warc_tally {
    long records, scanned, passed_over, other_types, errors;
} warc_tally;

static void record_error(batch *b, warc_tally *t, const char *path, const warc_record *rec,
                         const char *why)
{
    fprintf(stderr, "fineprint: %s: record %ld (%s): %s\n", path, rec->index,
            rec->uri && *rec->uri ? rec->uri : "no URI", why);
    batch_note_input_error(b, INPUT_WARC);
    t->errors++;
}

static fp_format page_format(const char *content_type)
{
    if (strstr(content_type, "html"))
        return FP_FORMAT_HTML;
    if (strstr(content_type, "text/plain"))
        return FP_FORMAT_TEXT;
    return FP_FORMAT__COUNT; /* not a page fineprint reads */
}

static char *page_name(const char *path, const warc_record *rec)
{
    size_t n = strlen(path) + strlen(rec->uri) + strlen(rec->date) + 32;
    char *name = malloc(n);
    if (name && *rec->uri)
        snprintf(name, n, "%s%s%s", rec->uri, *rec->date ? " " : "", rec->date);
    else if (name)
        snprintf(name, n, "%s#record-%ld", path, rec->index);
    return name;
}

/* One response record: queue it, pass it over, or report it. */
static void take_response(const cli *c, batch *b, warc_tally *t, const char *path,
                          const warc_record *rec, size_t max)
{
    if (!rec->block) {
        char why[96];
        snprintf(why, sizeof why, "%llu bytes is over the input-bytes limit", rec->declared);
        record_error(b, t, path, rec, why);
        return;
    }
    http_response http;
    char why[160];
    if (warc_http_response(rec->block, rec->len, max, &http, why, sizeof why)) {
        record_error(b, t, path, rec, why);
        return;
    }
    fp_format format = page_format(http.content_type);
    if (http.status != 200 || format == FP_FORMAT__COUNT ||
        (!c->warc_all && !warc_looks_like_terms(rec->uri, http.body, http.len))) {
        free(http.body);
        t->passed_over++;
        return;
    }
    job j = {.path = page_name(path, rec), .data = (char *)http.body, .len = http.len,
             .format = format};
    if (!j.path) {
        free(j.data);
        record_error(b, t, path, rec, "out of memory");
        return;
    }
    t->scanned++;
    batch_push(b, &j);
}

static void report_tally(const cli *c, const char *path, const warc_tally *t)
{
    if (c->quiet)
        return;
    fprintf(stderr, "fineprint: %s: %ld WARC records: %ld %s scanned, %ld other "
            "responses passed over%s, %ld requests or metadata records, %ld damaged\n",
            path, t->records, t->scanned, c->warc_all ? "pages" : "terms pages",
            t->passed_over, c->warc_all ? "" : " (--warc-all scans every page)",
            t->other_types, t->errors);
}

void feed_warc(const cli *c, const char *path, batch *b)
{
    warc_tally t = {0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fineprint: %s: cannot open: %s\n", path, strerror(errno));
        batch_note_input_error(b, INPUT_WARC);
        return;
    }
    size_t max = (size_t)fp_options_get_limit(c->opts, FP_LIMIT_INPUT_BYTES);
    warc_reader *r = warc_open(f);
    warc_record rec;
    char why[160];
    int rc;
    while (r && (rc = warc_next(r, &rec, max, why, sizeof why)) > 0) {
        t.records++;
        if (!strcmp(rec.type, "response"))
            take_response(c, b, &t, path, &rec, max);
        else
            t.other_types++;
        warc_record_free(&rec);
    }
    if (!r || rc < 0) {
        fprintf(stderr, "fineprint: %s: %s; the records after it were not read\n", path,
                r ? why : "out of memory");
        batch_note_input_error(b, INPUT_WARC);
        t.errors++;
    }
    warc_close(r);
    fclose(f);
    report_tally(c, path, &t);
}
