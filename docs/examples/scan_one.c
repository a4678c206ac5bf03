/* scan_one.c - the README's library example, compiled by tests/install.sh
 * against an installed copy: scan one file, print each finding. */
#include <fineprint.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: scan_one FILE\n");
        return 2;
    }
    fp_rules *rules = NULL;
    fp_scanner *sc = NULL;
    fp_result *res = NULL;
    char err[512];
    int rc = 2;
    if (fp_rules_load_builtin(0, &rules, err, sizeof err)) { /* share between threads */
        fprintf(stderr, "rules: %s\n", err);
        goto done;
    }
    if (fp_scanner_new(rules, NULL, &sc)) /* one per thread */
        goto done;
    if (fp_scan_file(sc, argv[1], FP_FORMAT_AUTO, &res)) {
        fprintf(stderr, "%s\n", res ? fp_result_error(res) : "out of memory");
        goto done;
    }
    for (size_t i = 0; i < fp_result_finding_count(res); i++) {
        const fp_finding *f = fp_result_finding(res, i);
        printf("%u: %s (%s bears it)\n", fp_finding_line(f), fp_rule_id(fp_finding_rule(f)),
               fp_bearer_name(fp_finding_bearer(f)));
    }
    rc = 0;
done:
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_rules_free(rules);
    return rc;
}
