/* zip.h - a defensive reader for the zip packages behind DOCX and ODT.
 *
 * It reads the central directory of an in-memory archive and inflates single
 * entries on request. Nothing declared by the archive is trusted: sizes are
 * only hints, the bytes actually inflated are capped per entry and per
 * archive, CRC-32 is checked, entries whose byte ranges overlap (the overlap
 * zip bomb) are refused, and so are encryption, zip64, multi-disk archives
 * and compression methods other than stored and deflate. Every failure is
 * recorded on the document with fp_doc_fail, naming the entry. */
#ifndef FP_ZIP_H
#define FP_ZIP_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

typedef struct fp_zip_entry {
    char *name;        /* NUL-terminated copy; names holding NUL are dropped */
    uint16_t flags;    /* general purpose bit flags */
    uint16_t method;   /* 0 stored, 8 deflate */
    uint32_t crc;
    uint64_t csize;    /* compressed size, from the central directory */
    uint64_t usize;    /* declared uncompressed size: a hint only */
    uint64_t header;   /* offset of the local header */
    uint64_t data;     /* offset of the compressed data */
} fp_zip_entry;

typedef struct fp_zip {
    const unsigned char *bytes; /* borrowed: the archive */
    size_t len;
    fp_zip_entry *entries;
    size_t count;
    uint64_t part_limit;   /* FP_LIMIT_INFLATED_PART_BYTES */
    uint64_t doc_limit;    /* FP_LIMIT_INFLATED_DOC_BYTES */
    uint64_t inflated;     /* bytes inflated so far from this archive */
} fp_zip;

typedef struct fp_zip_limits {
    uint64_t max_entries, part_bytes, doc_bytes;
} fp_zip_limits;

/* Read the directory of `bytes` (borrowed for the life of z). On failure the
 * reason is recorded on d and z is left empty (fp_zip_close is still safe). */
fp_status fp_zip_open(fp_zip *z, fp_doc *d, const unsigned char *bytes,
                      size_t len, const fp_zip_limits *lim);
void fp_zip_close(fp_zip *z);

/* Find an entry by part name: ASCII case-insensitive (OPC part names are),
 * a leading '/' ignored. NULL when absent. */
const fp_zip_entry *fp_zip_find(const fp_zip *z, const char *name);

/* Inflate one entry into a malloc'ed, NUL-terminated buffer (*out, *len
 * excludes the NUL). Checks the limits and the CRC. */
fp_status fp_zip_read(fp_zip *z, fp_doc *d, const fp_zip_entry *e,
                      unsigned char **out, size_t *len);

#endif
