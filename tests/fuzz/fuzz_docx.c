/* fuzz_docx.c - zip packages through the package ingestor: OPC
 * relationships, styles, numbering, every story (DOCX) and content.xml
 * (ODT), with the XML parsed by opc_xml.c. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_ingest(data, size, FP_FORMAT_DOCX);
    return 0;
}
