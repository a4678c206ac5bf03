/* stream.c - documents arriving on stdin as JSONL records, for the mapper
 * of a distributed engine (Hadoop Streaming, Spark RDD.pipe):
 *
 *   {"id": "doc-1", "text": "..."}
 *   {"id": "doc-2", "base64": "UEsDB...", "format": "docx"}
 *
 * Each record becomes one document named by its id; a bad record becomes
 * an error result for that id (or for "line N" when it has none) and the
 * stream goes on. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonin.h"

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

/* Standard or URL-safe alphabet, padding optional, white space ignored.
 * Returns the decoded length, or -1 on a bad character. */
static long b64_decode(const char *in, size_t n, char *out)
{
    unsigned long acc = 0;
    int bits = 0;
    long len = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '=' || c == '\n' || c == '\r' || c == ' ')
            continue;
        int v = b64_value(c);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (unsigned long)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[len++] = (char)((acc >> bits) & 0xFF);
        }
    }
    return len;
}

static char *record_name(const jv *rec, long lineno)
{
    const jv *id = jv_get(rec, "id");
    char buf[64];
    if (id && id->type == JV_STRING)
        return strdup(id->str);
    if (id && id->type == JV_NUMBER) {
        snprintf(buf, sizeof buf, "%.17g", id->num);
        return strdup(buf);
    }
    snprintf(buf, sizeof buf, "line %ld", lineno);
    return strdup(buf);
}

/* Fill j from a record; on a bad record return a reason (j->path set). */
static const char *record_job(const jv *rec, long lineno, job *j)
{
    j->path = record_name(rec, lineno);
    if (!j->path)
        return "out of memory";
    if (!rec || rec->type != JV_OBJECT)
        return "a record must be a JSON object";
    const jv *fmt = jv_get(rec, "format");
    if (fmt && (fmt->type != JV_STRING || fp_format_from_name(fmt->str, &j->format)))
        return "unknown \"format\" (text, markdown, html, docx, odt)";
    const jv *text = jv_get(rec, "text"), *b64 = jv_get(rec, "base64");
    if (text && text->type == JV_STRING) {
        j->data = malloc(text->len + 1);
        if (!j->data)
            return "out of memory";
        memcpy(j->data, text->str, text->len);
        j->len = text->len;
        return NULL;
    }
    if (!b64 || b64->type != JV_STRING)
        return "the record has neither \"text\" nor \"base64\"";
    j->data = malloc(b64->len / 4 * 3 + 4);
    if (!j->data)
        return "out of memory";
    long n = b64_decode(b64->str, b64->len, j->data);
    if (n < 0)
        return "\"base64\" is not valid base64";
    j->len = (size_t)n;
    return NULL;
}

/* Read one line into *buf, keeping at most `max` bytes: a record larger
 * than any document may be is dropped, not held in memory. Returns the
 * bytes kept, or -1 at the end of input; *overflow says bytes were lost. */
static ssize_t read_record(FILE *in, char **buf, size_t *cap, size_t max, int *overflow)
{
    size_t len = 0;
    int ch, any = 0;
    *overflow = 0;
    while ((ch = getc_unlocked(in)) != EOF && ch != '\n') {
        any = 1;
        if (len >= max) {
            *overflow = 1;
            continue;
        }
        if (len + 1 >= *cap) {
            size_t ncap = *cap ? *cap * 2 : 4096;
            char *p = realloc(*buf, ncap);
            if (!p) {
                *overflow = 1;
                continue;
            }
            *buf = p;
            *cap = ncap;
        }
        (*buf)[len++] = (char)ch;
    }
    if (!any && ch == EOF)
        return -1;
    while (len && (*buf)[len - 1] == '\r')
        len--;
    return (ssize_t)len;
}

long read_jsonl_stream(const cli *c, FILE *in, batch *b)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, bad = 0;
    /* base64 is 4/3 of the bytes and JSON escapes up to 6x; past that, no
     * document within the input-bytes limit can be in the record */
    uint64_t limit = fp_options_get_limit(c->opts, FP_LIMIT_INPUT_BYTES);
    size_t max = limit > (SIZE_MAX - 4096) / 6 ? SIZE_MAX / 2 : (size_t)limit * 6 + 4096;
    int overflow;
    while ((len = read_record(in, &line, &cap, max, &overflow)) >= 0) {
        lineno++;
        if (!len && !overflow)
            continue;
        char why[160] = "";
        jv *rec = overflow ? NULL : jv_parse(line, (size_t)len, why, sizeof why);
        job j = {0};
        const char *reason = overflow ? "the record is larger than the input-bytes limit allows"
                             : rec ? record_job(rec, lineno, &j) : "not valid JSON";
        jv_free(rec);
        if (reason) {
            /* the record becomes an error result under its own name: the
             * scan of a 0-byte document would say "empty", so say why here */
            fprintf(stderr, "fineprint: stdin line %ld (%s): %s%s%s\n", lineno,
                    j.path ? j.path : "?", reason, why[0] ? ": " : "", why);
            free(j.path);
            free(j.data);
            batch_note_input_error(b, INPUT_RECORD);
            bad++;
            continue;
        }
        batch_push(b, &j);
    }
    free(line);
    return bad;
}
