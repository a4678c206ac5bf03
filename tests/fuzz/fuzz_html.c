/* fuzz_html.c - HTML ingest: charset sniffing, libxml2's HTML parser,
 * main-content choice, chrome removal, source-line alignment. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_ingest(data, size, FP_FORMAT_HTML);
    return 0;
}
