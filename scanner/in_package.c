/* in_package.c - open a zip package and hand it to the DOCX or ODT reader.
 *
 * The zip magic says only "a package"; the contents decide: OOXML has
 * [Content_Types].xml, OpenDocument a "mimetype" entry naming its type. */
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "package.h"

#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"

/* The mimetype entry is stored, first, and tiny; read it within limits. */
static fp_status sniff_odt(fp_zip *z, fp_doc *d, int *odt)
{
    const fp_zip_entry *e = fp_zip_find(z, "mimetype");
    unsigned char *text;
    size_t len, n = strlen(ODT_MIMETYPE);
    *odt = 0;
    if (!e || e->usize > 256)
        return FP_OK;
    fp_status st = fp_zip_read(z, d, e, &text, &len);
    if (st)
        return st;
    *odt = len >= n && !memcmp(text, ODT_MIMETYPE, n) &&
           (len == n || text[n] == '\n' || text[n] == '\r');
    free(text);
    return FP_OK;
}

fp_status fp_ingest_package(fp_doc *d, const fp_options *opts)
{
    fp_zip_limits lim = {opts->limit[FP_LIMIT_ZIP_ENTRIES],
                         opts->limit[FP_LIMIT_INFLATED_PART_BYTES],
                         opts->limit[FP_LIMIT_INFLATED_DOC_BYTES]};
    fp_zip z;
    d->loc = FP_LOC_LOGICAL;
    fp_status st = fp_zip_open(&z, d, d->src, d->src_len, &lim);
    if (st)
        return st;
    int odt = 0;
    if (fp_zip_find(&z, "[Content_Types].xml"))
        st = fp_docx_read(d, &z, opts);
    else if (!(st = sniff_odt(&z, d, &odt)) && odt)
        st = fp_odt_read(d, &z, opts);
    else if (!st)
        st = fp_doc_fail(d, FP_ERR_UNSUPPORTED, "unsupported: a zip archive "
                         "that is neither a Word (.docx) nor an OpenDocument "
                         "text (.odt) document");
    if (!st && d->in_para)
        st = fp_doc_para_end(d, NULL);
    if (!st && d->npara == 0)
        st = fp_doc_fail(d, FP_ERR_EMPTY, "no text in the document");
    fp_zip_close(&z);
    return st;
}
