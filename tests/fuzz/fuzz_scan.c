/* fuzz_scan.c - the whole scan of one document, as fp_scan_memory runs it
 * (detection, ingest, rules, parties, score), then every renderer. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static fp_rules *rules;
static fp_scanner *scanner;

static int discard(void *ctx, const char *data, size_t len)
{
    (void)ctx, (void)data, (void)len;
    return 0;
}

static void setup(void)
{
    char err[512];
    if (fp_rules_load_builtin(FP_RULES_SKIP_EXAMPLES, &rules, err, sizeof err))
        abort();
    fp_options *o = fp_options_new();
    if (!o)
        abort();
    fp_options_set_limit(o, FP_LIMIT_INFLATED_PART_BYTES, 4u << 20);
    fp_options_set_limit(o, FP_LIMIT_INFLATED_DOC_BYTES, 8u << 20);
    fp_options_set_limit(o, FP_LIMIT_DEADLINE_MS, 10000);
    if (fp_scanner_new(rules, o, &scanner))
        abort();
    fp_options_free(o);
}

/* Teardown at exit so leak checkers see only per-input leaks. */
static void teardown(void)
{
    fp_scanner_free(scanner);
    fp_rules_free(rules);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!scanner) {
        setup();
        atexit(teardown);
    }
    fp_result *res = NULL;
    fp_scan_memory(scanner, "fuzz", data, size, FP_FORMAT_AUTO, &res);
    if (!res)
        return 0;
    for (int fmt = 0; fmt < FP_OUT__COUNT; fmt++) {
        fp_renderer *rr = NULL;
        if (fp_renderer_new((fp_output)fmt, FP_RENDER_VERBOSE, rules, discard,
                            NULL, &rr))
            continue;
        fp_renderer_add(rr, res);
        fp_renderer_finish(rr);
        fp_renderer_free(rr);
    }
    fp_result_free(res);
    return 0;
}
