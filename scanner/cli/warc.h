/* warc.h - reading web-archive (WARC 1.0/1.1) files, plain or gzip
 * (one gzip member per record, or the whole file as one), and the HTTP
 * responses inside them. Pure parsing: nothing here prints or exits, so a
 * fuzz target can drive it alone. */
#ifndef FP_WARC_H
#define FP_WARC_H

#include <stddef.h>
#include <stdio.h>

typedef struct warc_reader warc_reader;

typedef struct warc_record {
    char type[32];         /* WARC-Type: response, request, warcinfo, ... */
    char *uri;             /* WARC-Target-URI, or "" */
    char *date;            /* WARC-Date, or "" */
    char *content_type;    /* Content-Type of the block, or "" */
    unsigned char *block;  /* Content-Length bytes (NULL when too large) */
    size_t len;            /* bytes in block */
    unsigned long long declared; /* Content-Length as declared */
    long index;            /* 1-based number of the record in the file */
} warc_record;

/* Open `in` (owned by the caller). Returns NULL when out of memory. */
warc_reader *warc_open(FILE *in);
void warc_close(warc_reader *r);

/* Read the next record. A block longer than max_block is read past, not
 * kept (rec->block NULL, rec->declared says how long it was). Returns 1
 * with *rec filled (free it with warc_record_free), 0 at the clean end of
 * the file, -1 on a damaged or truncated file with a reason in err; after
 * -1 the reader cannot go on. */
int warc_next(warc_reader *r, warc_record *rec, size_t max_block, char *err,
              size_t errlen);
void warc_record_free(warc_record *rec);

/* The HTTP response in a response record's block: the status code, the
 * Content-Type, and the body with chunked transfer and gzip/deflate content
 * encoding undone (at most max_body bytes). Returns 0, or -1 with a reason
 * in err. *body is malloc'ed, owned by the caller. */
typedef struct http_response {
    int status;
    char content_type[128];
    unsigned char *body;
    size_t len;
} http_response;

int warc_http_response(const unsigned char *block, size_t len, size_t max_body,
                       http_response *out, char *err, size_t errlen);

/* Whether a page looks like terms: the URI's path or the HTML <title>
 * names terms, conditions, an agreement, a licence, a policy or legal
 * notices. */
int warc_looks_like_terms(const char *uri, const unsigned char *body, size_t len);

/* Whether a file is a WARC: its name ends in .warc or .warc.gz, or, when
 * `sniff`, it starts with "WARC/" (or is gzip whose first member does). */
int warc_is_warc(const char *path, int sniff);

#endif
