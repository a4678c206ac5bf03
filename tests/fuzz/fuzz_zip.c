/* fuzz_zip.c - the zip reader alone: open the central directory, then find
 * and inflate every entry under small budgets, checking what the reader
 * promises (NUL-terminated output no larger than the part limit). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "zip.h"

#define PART_LIMIT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fp_doc *d = fp_doc_new("fuzz.zip", 1u << 20);
    if (!d)
        return 0;
    fp_zip z;
    fp_zip_limits lim = {256, PART_LIMIT, 4u << 20};
    if (!fp_zip_open(&z, d, data, size, &lim)) {
        for (size_t i = 0; i < z.count; i++) {
            /* lookup by name must find this entry or an earlier namesake */
            if (!fp_zip_find(&z, z.entries[i].name))
                abort();
            unsigned char *out = NULL;
            size_t len = 0;
            if (!fp_zip_read(&z, d, &z.entries[i], &out, &len) &&
                (len > PART_LIMIT || out[len] != '\0'))
                abort();
            free(out);
        }
    }
    fp_zip_close(&z);
    fp_doc_free(d);
    return 0;
}
