/* fuzz_warc.c - the WARC reader and the HTTP response parser: every record
 * of the input (plain or gzip) is read under a small block limit, each
 * response's HTTP body decoded and checked against what the reader
 * promises (blocks and bodies within their limits and NUL-terminated),
 * and the terms-page test run on it. The reader lives in the CLI, so it
 * is compiled in here directly. */
#include <stdio.h>

#include "fuzz.h"
#include "../../scanner/cli/warc.c"

#define BLOCK_LIMIT (1u << 20)

static void check_record(const warc_record *rec)
{
    if (rec->block && (rec->len > BLOCK_LIMIT || rec->block[rec->len] != '\0'))
        abort();
    if (!rec->block || strcmp(rec->type, "response"))
        return;
    http_response http;
    char why[160];
    if (warc_http_response(rec->block, rec->len, BLOCK_LIMIT, &http, why, sizeof why))
        return;
    if (http.len > BLOCK_LIMIT || http.body[http.len] != '\0')
        abort();
    warc_looks_like_terms(rec->uri, http.body, http.len);
    free(http.body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0; /* fmemopen wants a non-empty buffer */
    FILE *in = fmemopen((void *)data, size, "rb");
    if (!in)
        return 0;
    warc_reader *r = warc_open(in);
    warc_record rec;
    char why[160];
    while (r && warc_next(r, &rec, BLOCK_LIMIT, why, sizeof why) > 0) {
        check_record(&rec);
        warc_record_free(&rec);
    }
    warc_close(r);
    fclose(in);
    return 0;
}
