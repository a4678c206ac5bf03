/* zip.c - central directory, local headers and raw inflate over zlib. */
#include "zip.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define SIG_EOCD 0x06054b50u
#define SIG_CDIR 0x02014b50u
#define SIG_LOCAL 0x04034b50u
#define SIG_Z64_LOCATOR 0x07064b50u
#define EOCD_SIZE 22u
#define CDIR_SIZE 46u
#define LOCAL_SIZE 30u
#define FLAG_ENCRYPTED 0x0001u
#define FLAG_STRONG_ENCRYPTION 0x0040u

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static double mib(uint64_t n) { return (double)n / (1024.0 * 1024.0); }

/* The End of Central Directory record sits in the last 22 bytes plus a
 * comment of at most 65535: search back that far and no further. */
static size_t find_eocd(const unsigned char *s, size_t n)
{
    if (n < EOCD_SIZE)
        return FP_NONE;
    size_t lowest = n - EOCD_SIZE > 65535 ? n - EOCD_SIZE - 65535 : 0;
    size_t nearest = FP_NONE;
    for (size_t i = n - EOCD_SIZE + 1; i-- > lowest;) {
        if (rd32(s + i) != SIG_EOCD)
            continue;
        /* a comment may hold the signature: prefer the record whose
         * comment length reaches exactly to the end of the file */
        if (i + EOCD_SIZE + rd16(s + i + 20) == n)
            return i;
        if (nearest == FP_NONE)
            nearest = i;
    }
    return nearest;
}

void fp_zip_close(fp_zip *z)
{
    for (size_t i = 0; i < z->count; i++)
        free(z->entries[i].name);
    free(z->entries);
    memset(z, 0, sizeof *z);
}

/* Check one central entry against what the reader supports. */
static fp_status check_entry(fp_doc *d, const fp_zip_entry *e)
{
    if (e->flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION))
        return fp_doc_fail(d, FP_ERR_ENCRYPTED, "%s: entry is encrypted; "
                           "remove the password and save again", e->name);
    if (e->csize == 0xFFFFFFFFu || e->usize == 0xFFFFFFFFu ||
        e->header == 0xFFFFFFFFu)
        return fp_doc_fail(d, FP_ERR_UNSUPPORTED, "%s: zip64 entries are not "
                           "supported", e->name);
    if (e->method != 0 && e->method != 8)
        return fp_doc_fail(d, FP_ERR_UNSUPPORTED, "%s: compression method %u "
                           "is not supported (only stored and deflate)",
                           e->name, e->method);
    return FP_OK;
}

/* Locate the data behind the local header; the local header's own name and
 * extra lengths decide where the data starts. */
static fp_status locate_data(fp_zip *z, fp_doc *d, fp_zip_entry *e)
{
    if (e->header > z->len || z->len - e->header < LOCAL_SIZE ||
        rd32(z->bytes + e->header) != SIG_LOCAL)
        return fp_doc_fail(d, FP_ERR_CORRUPT, "%s: local header missing or "
                           "outside the file (truncated?)", e->name);
    const unsigned char *h = z->bytes + e->header;
    if (rd16(h + 6) & FLAG_ENCRYPTED)
        return fp_doc_fail(d, FP_ERR_ENCRYPTED, "%s: entry is encrypted; "
                           "remove the password and save again", e->name);
    uint64_t data = e->header + LOCAL_SIZE + rd16(h + 26) + rd16(h + 28);
    if (data > z->len || z->len - data < e->csize)
        return fp_doc_fail(d, FP_ERR_CORRUPT, "%s: data runs past the end of "
                           "the file (truncated?)", e->name);
    e->data = data;
    return FP_OK;
}

static int by_header(const void *a, const void *b)
{
    const fp_zip_entry *x = a, *y = b;
    return x->header < y->header ? -1 : x->header > y->header;
}

/* Two entries sharing bytes is how overlap zip bombs multiply a small file
 * into terabytes; no legitimate writer does it. */
static fp_status check_overlap(fp_zip *z, fp_doc *d)
{
    fp_zip_entry *sorted = malloc((z->count ? z->count : 1) * sizeof *sorted);
    if (!sorted)
        return FP_ERR_NOMEM;
    memcpy(sorted, z->entries, z->count * sizeof *sorted);
    qsort(sorted, z->count, sizeof *sorted, by_header);
    fp_status st = FP_OK;
    for (size_t i = 1; i < z->count && !st; i++)
        if (sorted[i].header < sorted[i - 1].data + sorted[i - 1].csize)
            st = fp_doc_fail(d, FP_ERR_CORRUPT, "zip: entries overlap (%s and "
                             "%s; possible zip bomb)", sorted[i - 1].name,
                             sorted[i].name);
    free(sorted);
    return st;
}

static int by_name(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* Two entries with one name would let different readers see different
 * documents; refuse rather than pick one. */
static fp_status check_duplicates(fp_zip *z, fp_doc *d)
{
    char **names = malloc((z->count ? z->count : 1) * sizeof *names);
    if (!names)
        return FP_ERR_NOMEM;
    for (size_t i = 0; i < z->count; i++) {
        names[i] = z->entries[i].name;
        while (*names[i] == '/')
            names[i]++;
    }
    qsort(names, z->count, sizeof *names, by_name);
    fp_status st = FP_OK;
    for (size_t i = 1; i < z->count && !st; i++)
        if (!strcasecmp(names[i - 1], names[i]))
            st = fp_doc_fail(d, FP_ERR_CORRUPT, "zip: two entries named %s",
                             names[i]);
    free(names);
    return st;
}

static fp_status read_central(fp_zip *z, fp_doc *d, uint64_t off,
                              uint64_t size, size_t total)
{
    z->entries = calloc(total ? total : 1, sizeof *z->entries);
    if (!z->entries)
        return FP_ERR_NOMEM;
    uint64_t end = off + size;
    for (size_t i = 0; i < total; i++) {
        if (off > end || end - off < CDIR_SIZE || rd32(z->bytes + off) != SIG_CDIR)
            return fp_doc_fail(d, FP_ERR_CORRUPT, "zip: central directory "
                               "entry %zu is damaged", i + 1);
        const unsigned char *c = z->bytes + off;
        uint16_t nlen = rd16(c + 28), xlen = rd16(c + 30), clen = rd16(c + 32);
        if (end - off - CDIR_SIZE < (uint64_t)nlen + xlen + clen)
            return fp_doc_fail(d, FP_ERR_CORRUPT, "zip: central directory "
                               "entry %zu runs past the directory", i + 1);
        if (memchr(c + CDIR_SIZE, 0, nlen))
            return fp_doc_fail(d, FP_ERR_CORRUPT, "zip: central directory "
                               "entry %zu has a NUL byte in its name", i + 1);
        fp_zip_entry *e = &z->entries[z->count];
        e->name = malloc((size_t)nlen + 1);
        if (!e->name)
            return FP_ERR_NOMEM;
        memcpy(e->name, c + CDIR_SIZE, nlen);
        e->name[nlen] = '\0';
        z->count++;
        e->flags = rd16(c + 8);
        e->method = rd16(c + 10);
        e->crc = rd32(c + 16);
        e->csize = rd32(c + 20);
        e->usize = rd32(c + 24);
        e->header = rd32(c + 42);
        fp_status st = check_entry(d, e);
        if (!st)
            st = locate_data(z, d, e);
        if (st)
            return st;
        off += CDIR_SIZE + (uint64_t)nlen + xlen + clen;
    }
    fp_status st = check_overlap(z, d);
    return st ? st : check_duplicates(z, d);
}

fp_status fp_zip_open(fp_zip *z, fp_doc *d, const unsigned char *bytes,
                      size_t len, const fp_zip_limits *lim)
{
    memset(z, 0, sizeof *z);
    z->bytes = bytes;
    z->len = len;
    z->part_limit = lim->part_bytes;
    z->doc_limit = lim->doc_bytes;
    size_t eocd = find_eocd(bytes, len);
    if (eocd == FP_NONE)
        return fp_doc_fail(d, FP_ERR_CORRUPT, "zip: no end of central "
                           "directory record (truncated or not a zip file)");
    const unsigned char *e = bytes + eocd;
    uint16_t disk = rd16(e + 4), cd_disk = rd16(e + 6);
    uint16_t here = rd16(e + 8), total = rd16(e + 10);
    uint32_t cd_size = rd32(e + 12), cd_off = rd32(e + 16);
    if (eocd >= 20 && rd32(bytes + eocd - 20) == SIG_Z64_LOCATOR)
        return fp_doc_fail(d, FP_ERR_UNSUPPORTED, "zip: zip64 archives are "
                           "not supported");
    if (disk || cd_disk || here != total)
        return fp_doc_fail(d, FP_ERR_UNSUPPORTED, "zip: multi-disk archives "
                           "are not supported");
    if (total > lim->max_entries)
        return fp_doc_fail(d, FP_ERR_LIMIT, "zip: %u entries is over the "
                           "zip-entries limit (%llu)", total,
                           (unsigned long long)lim->max_entries);
    if ((uint64_t)cd_off + cd_size > eocd)
        return fp_doc_fail(d, FP_ERR_CORRUPT, "zip: central directory lies "
                           "outside the file (truncated?)");
    fp_status st = read_central(z, d, cd_off, cd_size, total);
    if (st) {
        fp_zip_close(z);
        z->bytes = bytes;
        z->len = len;
    }
    return st;
}

const fp_zip_entry *fp_zip_find(const fp_zip *z, const char *name)
{
    while (*name == '/')
        name++;
    for (size_t i = 0; i < z->count; i++) {
        const char *n = z->entries[i].name;
        while (*n == '/')
            n++;
        if (!strcasecmp(n, name))
            return &z->entries[i];
    }
    return NULL;
}

/* Room left for entry e: the smaller of the part and document budgets. */
static uint64_t budget(const fp_zip *z)
{
    uint64_t doc_left = z->doc_limit > z->inflated ? z->doc_limit - z->inflated : 0;
    return doc_left < z->part_limit ? doc_left : z->part_limit;
}

static fp_status over_budget(fp_zip *z, fp_doc *d, const fp_zip_entry *e)
{
    if (e->usize < budget(z))
        return fp_doc_fail(d, FP_ERR_CORRUPT, "%s inflates past its declared "
                           "size (%llu bytes; possible zip bomb)", e->name,
                           (unsigned long long)e->usize);
    if (z->doc_limit - z->inflated <= z->part_limit)
        return fp_doc_fail(d, FP_ERR_LIMIT, "%s inflates past the "
                           "inflated-doc-bytes limit (%.0f MiB for the "
                           "whole file)", e->name, mib(z->doc_limit));
    return fp_doc_fail(d, FP_ERR_LIMIT, "%s inflates past the "
                       "inflated-part-bytes limit (%.0f MiB)", e->name,
                       mib(z->part_limit));
}

/* Inflate into b, never beyond `cap` bytes: output grows only as bytes
 * really come out, so a lying declared size cannot force a huge buffer. */
static fp_status inflate_entry(fp_zip *z, fp_doc *d, const fp_zip_entry *e,
                               fp_buf *b, uint64_t cap)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
        return FP_ERR_NOMEM;
    const unsigned char *in = z->bytes + e->data;
    uint64_t left = e->csize;
    fp_status st = FP_OK;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (zs.avail_in == 0) {
            if (!left) {
                st = fp_doc_fail(d, FP_ERR_CORRUPT, "%s: compressed data ends "
                                 "early (truncated?)", e->name);
                break;
            }
            zs.next_in = (unsigned char *)in;
            zs.avail_in = left > (1u << 30) ? 1u << 30 : (uInt)left;
            in += zs.avail_in;
            left -= zs.avail_in;
        }
        if (b->len >= cap) { /* the next byte would be one too many */
            unsigned char probe;
            zs.next_out = &probe;
            zs.avail_out = 1;
            rc = inflate(&zs, Z_NO_FLUSH);
            if (zs.avail_out == 0) {
                st = over_budget(z, d, e);
                break;
            }
        } else {
            size_t room = cap - b->len < 262144 ? (size_t)(cap - b->len) : 262144;
            if (fp_buf_reserve(b, room)) {
                st = FP_ERR_NOMEM;
                break;
            }
            zs.next_out = (unsigned char *)b->data + b->len;
            zs.avail_out = (uInt)room;
            rc = inflate(&zs, Z_NO_FLUSH);
            b->len += room - zs.avail_out;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0)
            continue; /* needs more input */
        if (rc != Z_OK && rc != Z_STREAM_END) {
            st = fp_doc_fail(d, FP_ERR_CORRUPT, "%s: damaged compressed data "
                             "(%s)", e->name, zs.msg ? zs.msg : "inflate failed");
            break;
        }
    }
    inflateEnd(&zs);
    return st;
}

fp_status fp_zip_read(fp_zip *z, fp_doc *d, const fp_zip_entry *e,
                      unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    /* a valid entry never inflates past its declared size: stop there */
    uint64_t cap = budget(z) < e->usize ? budget(z) : e->usize;
    fp_buf b = {0};
    fp_status st = FP_OK;
    if (e->method == 0) {
        if (e->csize > cap)
            st = over_budget(z, d, e);
        else if (fp_buf_append(&b, (const char *)z->bytes + e->data, (size_t)e->csize))
            st = FP_ERR_NOMEM;
    } else {
        st = inflate_entry(z, d, e, &b, cap);
    }
    if (!st && fp_buf_reserve(&b, 1))
        st = FP_ERR_NOMEM;
    if (!st) {
        z->inflated += b.len;
        uLong crc = crc32(0L, Z_NULL, 0);
        for (size_t done = 0; done < b.len;) { /* crc32 takes uInt lengths */
            uInt chunk = b.len - done > (1u << 30) ? 1u << 30 : (uInt)(b.len - done);
            crc = crc32(crc, (const unsigned char *)b.data + done, chunk);
            done += chunk;
        }
        if (crc != e->crc)
            st = fp_doc_fail(d, FP_ERR_CORRUPT, "%s: CRC mismatch (damaged "
                             "file)", e->name);
        else if (b.len != e->usize)
            st = fp_doc_fail(d, FP_ERR_CORRUPT, "%s: inflated to %zu bytes "
                             "but declares %llu", e->name, b.len,
                             (unsigned long long)e->usize);
    }
    if (st) {
        fp_buf_free(&b);
        return st;
    }
    b.data[b.len] = '\0';
    *len = b.len;
    *out = (unsigned char *)fp_buf_steal(&b);
    return *out ? FP_OK : FP_ERR_NOMEM;
}
