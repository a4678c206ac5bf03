/* package.h - the readers behind fp_ingest_package, one per zip-based
 * format. Each reads from an opened archive (zip.h) and fills the doc. */
#ifndef FP_PACKAGE_H
#define FP_PACKAGE_H

#include "doc.h"
#include "options.h"
#include "zip.h"

fp_status fp_docx_read(fp_doc *d, fp_zip *zip, const fp_options *opts);
fp_status fp_odt_read(fp_doc *d, fp_zip *zip, const fp_options *opts);

#endif
