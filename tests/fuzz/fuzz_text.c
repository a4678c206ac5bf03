/* fuzz_text.c - plain text and Markdown ingest (decoding, offset maps,
 * paragraphs, segmentation). The first byte picks the flavour so one
 * corpus covers both. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    fuzz_ingest(data + 1, size - 1, data[0] & 1 ? FP_FORMAT_MARKDOWN : FP_FORMAT_TEXT);
    return 0;
}
