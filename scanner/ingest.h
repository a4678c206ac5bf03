/* ingest.h - format detection and the ingestors.
 *
 * Each ingestor receives a document whose source bytes are set, fills the
 * decoded view, paragraphs and normalised text through the doc builder, and
 * returns FP_OK or an error recorded with fp_doc_fail (naming the reason).
 * Ingestors must survive any input: they are fuzzed. */
#ifndef FP_INGEST_H
#define FP_INGEST_H

#include "doc.h"
#include "options.h"

/* Guess the format from content first, then from the name. */
fp_format fp_detect_format(const unsigned char *data, size_t len,
                           const char *name);

/* Read a whole file into the doc, enforcing the input size limit and
 * refusing directories, FIFOs and devices. */
fp_status fp_read_file(fp_doc *d, const char *path, const fp_options *opts);

/* Run the ingestor for `format` (FP_FORMAT_AUTO detects). */
fp_status fp_ingest(fp_doc *d, fp_format format, const fp_options *opts);

fp_status fp_ingest_text(fp_doc *d, const fp_options *opts, int markdown);
/* Zip packages: Word .docx (OOXML, transitional or strict) and
 * OpenDocument text, told apart by their contents, not their names. */
fp_status fp_ingest_package(fp_doc *d, const fp_options *opts);
fp_status fp_ingest_html(fp_doc *d, const fp_options *opts);

/* Prepare libxml2 once per process (its global set-up is not safe to race).
 * Every XML and HTML reader calls it through pthread_once; calling it
 * before starting threads is therefore optional. */
void fp_xml_init(void);

/* Decoders shared by the ingestors: replace the decoded view of d with the
 * UTF-8 of its source read as UTF-16 from byte `start` on, or as
 * Windows-1252. */
fp_status fp_decode_utf16(fp_doc *d, size_t start, int big_endian);
fp_status fp_decode_cp1252(fp_doc *d);

#endif
