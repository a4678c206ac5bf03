/* fuzz_rules.c - the rule-file loader: the input is one .rules file.
 * Examples are checked separately (fp_rules_test) so a file with a failing
 * example still exercises the whole compiled set. The load also runs the
 * rule author's lint (FP_RULES_LINT), which parses each pattern a second
 * way (whole atoms, short words kept). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static void on_failure(void *ctx, const fp_rule *r, int should_match,
                       const char *example, unsigned line)
{
    (void)ctx, (void)r, (void)should_match, (void)example, (void)line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fp_rules *rules = NULL;
    char err[512];
    if (fp_rules_load_buffer("fuzz.rules", (const char *)data, size,
                             FP_RULES_SKIP_EXAMPLES | FP_RULES_LINT, &rules, err,
                             sizeof err)) {
        if (rules || !memchr(err, '\0', sizeof err))
            abort(); /* a failed load leaves nothing and a terminated message */
        return 0;
    }
    fp_rules_test(rules, on_failure, NULL);
    for (size_t i = 0; i < fp_rules_count(rules); i++) {
        const fp_rule *r = fp_rules_get(rules, i);
        if (fp_rules_find(rules, fp_rule_id(r)) == NULL)
            abort();
    }
    fp_rules_free(rules);
    return 0;
}
