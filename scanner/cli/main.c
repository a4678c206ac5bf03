/* main.c - the fineprint command. A thin shell over libfineprint: parse
 * options from one table (which also prints --help), load rules, scan each
 * file, render, and turn outcomes into an exit status. The library never
 * prints; everything the user sees is written here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fineprint.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

typedef struct cli {
    const char *command;
    fp_output output;
    int color; /* -1 auto, 0 never, 1 always */
    int verbose, quiet, test, export_pcre;
    const char *rules_path;
    fp_format input_format;
    int fail_on_set;
    fp_severity fail_on;
    fp_options *opts;
    char **files;
    int nfiles;
} cli;

typedef enum opt_id {
    OPT_FORMAT, OPT_COLOR, OPT_RULES, OPT_FAIL_ON, OPT_LIMIT, OPT_INPUT,
    OPT_VERBOSE, OPT_QUIET, OPT_TEST, OPT_EXPORT, OPT_HELP, OPT_VERSION
} opt_id;

typedef struct option_spec {
    opt_id id;
    char short_name;
    const char *long_name;
    const char *arg; /* NULL: a flag */
    const char *help;
} option_spec;

static const option_spec options[] = {
    {OPT_FORMAT, 'f', "format", "FMT", "output: text (default), json, jsonl, tsv"},
    {OPT_COLOR, 0, "color", "WHEN", "colour: auto (default, on a terminal), always, never"},
    {OPT_RULES, 0, "rules", "PATH", "load rules from a directory of *.rules or one file"},
    {OPT_FAIL_ON, 0, "fail-on", "SEV", "exit 1 when a finding is at least SEV (info, low, medium, high)"},
    {OPT_LIMIT, 0, "limit", "NAME=N", "override a safety limit (see 'Limits' below); repeatable"},
    {OPT_INPUT, 0, "input-format", "FMT", "read input as text, markdown, html, docx or odt (default: detect)"},
    {OPT_VERBOSE, 'v', "verbose", NULL, "explain each finding and cite the law"},
    {OPT_QUIET, 'q', "quiet", NULL, "print nothing; report only through the exit status"},
    {OPT_TEST, 0, "test", NULL, "rules: check every rule's match/nomatch examples"},
    {OPT_EXPORT, 0, "export-pcre", NULL, "rules: print each pattern, one per line, for pcre2grep -f"},
    {OPT_HELP, 'h', "help", NULL, "show this help"},
    {OPT_VERSION, 'V', "version", NULL, "show the version"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: fineprint [scan] [OPTIONS] FILE...   scan documents ('-' is stdin)\n"
            "       fineprint rules [--rules PATH] [--test | --export-pcre]\n"
            "       fineprint explain RULE_ID\n\n"
            "Finds the clauses of a contract or terms of service that move risk\n"
            "(warranty disclaimers, indemnities, limits of liability, duties over\n"
            "inputs and outputs) and says who bears each one.\n\nOptions:\n");
    for (size_t i = 0; i < NOPTIONS; i++) {
        char left[40];
        snprintf(left, sizeof left, "%c%c%s--%s%s%s",
                 options[i].short_name ? '-' : ' ',
                 options[i].short_name ? options[i].short_name : ' ',
                 options[i].short_name ? ", " : "  ", options[i].long_name,
                 options[i].arg ? " " : "", options[i].arg ? options[i].arg : "");
        fprintf(out, "  %-26s %s\n", left, options[i].help);
    }
    fprintf(out, "\nLimits (--limit NAME=N):\n");
    for (int l = 0; l < FP_LIMIT__COUNT; l++)
        fprintf(out, "  %-22s default %llu\n", fp_limit_name((fp_limit)l),
                (unsigned long long)fp_limit_default((fp_limit)l));
    fprintf(out, "\nExit status: 0 scanned, 1 findings at or above --fail-on, "
                 "2 an error (the other files are still scanned).\n");
}

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "fineprint: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'fineprint --help'.\n");
    return EXIT_ERROR;
}

static int set_limit(cli *c, const char *arg)
{
    char name[64];
    const char *eq = strchr(arg, '=');
    if (!eq || (size_t)(eq - arg) >= sizeof name)
        return bad_usage("--limit wants NAME=N, not '%s'", arg);
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    fp_limit l;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(eq + 1, &end, 10);
    if (fp_limit_from_name(name, &l))
        return bad_usage("unknown limit '%s' (see --help)", name);
    if (errno || *end || end == eq + 1 || fp_options_set_limit(c->opts, l, v))
        return bad_usage("bad value in '%s'", arg);
    return EXIT_CLEAN;
}

static int apply_option(cli *c, const option_spec *o, const char *arg)
{
    switch (o->id) {
    case OPT_FORMAT:
        return fp_output_from_name(arg, &c->output)
                   ? bad_usage("unknown output format '%s'", arg) : 0;
    case OPT_COLOR:
        if (!strcmp(arg, "auto"))
            c->color = -1;
        else if (!strcmp(arg, "always"))
            c->color = 1;
        else if (!strcmp(arg, "never"))
            c->color = 0;
        else
            return bad_usage("--color is auto, always or never, not '%s'", arg);
        return 0;
    case OPT_RULES:
        c->rules_path = arg;
        return 0;
    case OPT_FAIL_ON:
        c->fail_on_set = 1;
        return fp_severity_from_name(arg, &c->fail_on)
                   ? bad_usage("unknown severity '%s'", arg) : 0;
    case OPT_LIMIT:
        return set_limit(c, arg);
    case OPT_INPUT:
        return fp_format_from_name(arg, &c->input_format)
                   ? bad_usage("unknown input format '%s'", arg) : 0;
    case OPT_VERBOSE:
        c->verbose = 1;
        return 0;
    case OPT_QUIET:
        c->quiet = 1;
        return 0;
    case OPT_TEST:
        c->test = 1;
        return 0;
    case OPT_EXPORT:
        c->export_pcre = 1;
        return 0;
    case OPT_HELP:
        usage(stdout);
        exit(EXIT_CLEAN);
    case OPT_VERSION:
        printf("fineprint %s\n", fp_version());
        exit(EXIT_CLEAN);
    }
    return EXIT_ERROR;
}

static const option_spec *find_long(const char *name, size_t n)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (strlen(options[i].long_name) == n && !strncmp(options[i].long_name, name, n))
            return &options[i];
    return NULL;
}

static const option_spec *find_short(char ch)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (options[i].short_name == ch)
            return &options[i];
    return NULL;
}

/* --name=value, --name value, -x value, -xyz flags, '--' ends options. */
static int parse_args(cli *c, int argc, char **argv)
{
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_files || a[0] != '-' || !strcmp(a, "-")) {
            if (!c->command && !c->nfiles &&
                (!strcmp(a, "scan") || !strcmp(a, "rules") || !strcmp(a, "explain"))) {
                c->command = a;
                continue;
            }
            c->files[c->nfiles++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_files = 1;
            continue;
        }
        const option_spec *o;
        const char *value = NULL;
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            o = find_long(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
            if (!o)
                return bad_usage("unknown option '%s'", a);
            if (eq && !o->arg)
                return bad_usage("option '%s' takes no value", a);
            value = eq ? eq + 1 : NULL;
        } else {
            o = find_short(a[1]);
            if (!o)
                return bad_usage("unknown option '%s'", a);
            if (a[2] && o->arg)
                value = a + 2;
            else if (a[2])
                for (const char *f = a + 2; *f; f++) { /* bundled flags */
                    const option_spec *more = find_short(*f);
                    if (!more || more->arg)
                        return bad_usage("cannot bundle '%s'", a);
                    apply_option(c, more, NULL);
                }
        }
        if (o->arg && !value) {
            if (i + 1 >= argc)
                return bad_usage("option '%s' needs a value", a);
            value = argv[++i];
        }
        int rc = apply_option(c, o, value);
        if (rc)
            return rc;
    }
    if (!c->command)
        c->command = "scan";
    return EXIT_CLEAN;
}

/* ------------------------------------------------------------- commands */

static int write_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

static fp_rules *load_rules(const cli *c)
{
    char err[1024] = "";
    fp_rules *rules = NULL;
    fp_status st = c->rules_path
                       ? fp_rules_load_path(c->rules_path, 0, &rules, err, sizeof err)
                       : fp_rules_load_builtin(0, &rules, err, sizeof err);
    if (st) {
        fprintf(stderr, "fineprint: cannot load rules: %s\n",
                err[0] ? err : fp_strerror(st));
        return NULL;
    }
    if (!c->quiet)
        for (size_t i = 0; i < fp_rules_warning_count(rules); i++)
            fprintf(stderr, "fineprint: warning: %s\n", fp_rules_warning(rules, i));
    return rules;
}

static fp_status scan_one(fp_scanner *sc, const cli *c, const char *path,
                          fp_result **res)
{
    if (strcmp(path, "-"))
        return fp_scan_file(sc, path, c->input_format, res);
    char *data = NULL;
    size_t len = 0, cap = 0;
    size_t limit = (size_t)fp_options_get_limit(c->opts, FP_LIMIT_INPUT_BYTES);
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(data, cap);
            if (!p) {
                free(data);
                return FP_ERR_NOMEM;
            }
            data = p;
        }
        size_t n = fread(data + len, 1, cap - len, stdin);
        len += n;
        if (n == 0 || len > limit)
            break;
    }
    fp_status st = fp_scan_memory(sc, "(stdin)", data, len, c->input_format, res);
    free(data);
    return st;
}

static int cmd_scan(cli *c)
{
    if (!c->nfiles)
        return bad_usage("%s", "no files to scan");
    fp_rules *rules = load_rules(c);
    if (!rules)
        return EXIT_ERROR;
    fp_scanner *sc = NULL;
    fp_renderer *rr = NULL;
    int color = c->color < 0 ? isatty(STDOUT_FILENO) : c->color;
    unsigned flags = (color ? FP_RENDER_COLOR : 0) | (c->verbose ? FP_RENDER_VERBOSE : 0);
    int exit_code = EXIT_CLEAN;
    if (fp_scanner_new(rules, c->opts, &sc) ||
        fp_renderer_new(c->output, flags, rules, write_stdout, NULL, &rr)) {
        fprintf(stderr, "fineprint: out of memory\n");
        exit_code = EXIT_ERROR;
        goto done;
    }
    for (int i = 0; i < c->nfiles; i++) {
        fp_result *res = NULL;
        fp_status st = scan_one(sc, c, c->files[i], &res);
        if (!res) {
            fprintf(stderr, "fineprint: %s: %s\n", c->files[i], fp_strerror(st));
            exit_code = EXIT_ERROR;
            continue;
        }
        if (st) {
            fprintf(stderr, "fineprint: %s\n", fp_result_error(res));
            exit_code = EXIT_ERROR;
        }
        if (c->fail_on_set && exit_code == EXIT_CLEAN &&
            fp_result_count_at_least(res, c->fail_on))
            exit_code = EXIT_FINDINGS;
        if (!c->quiet && fp_renderer_add(rr, res)) {
            fprintf(stderr, "fineprint: cannot write output\n");
            exit_code = EXIT_ERROR;
        }
        fp_result_free(res);
    }
    if (!c->quiet && fp_renderer_finish(rr))
        exit_code = EXIT_ERROR;
done:
    if (fflush(stdout) != 0)
        exit_code = EXIT_ERROR;
    fp_renderer_free(rr);
    fp_scanner_free(sc);
    fp_rules_free(rules);
    return exit_code;
}

static void print_failure(void *ctx, const fp_rule *r, int should_match,
                          const char *example, unsigned line)
{
    (void)ctx;
    printf("FAIL %s:%u: rule %s: should %s: %s\n", fp_rule_file(r), line,
           fp_rule_id(r), should_match ? "match" : "not match", example);
}

static int cmd_rules(cli *c)
{
    fp_rules *rules = NULL;
    char err[1024] = "";
    /* --test reports every failing example, so it loads without the check */
    unsigned flags = c->test ? FP_RULES_SKIP_EXAMPLES : 0;
    fp_status st = c->rules_path
                       ? fp_rules_load_path(c->rules_path, flags, &rules, err, sizeof err)
                       : fp_rules_load_builtin(flags, &rules, err, sizeof err);
    if (st) {
        fprintf(stderr, "fineprint: cannot load rules: %s\n", err[0] ? err : fp_strerror(st));
        return EXIT_ERROR;
    }
    int rc = EXIT_CLEAN;
    if (c->export_pcre) {
        if (fp_rules_export_pcre(rules, write_stdout, NULL))
            rc = EXIT_ERROR;
    } else if (c->test) {
        long failures = fp_rules_test(rules, print_failure, NULL);
        size_t examples = 0;
        for (size_t i = 0; i < fp_rules_count(rules); i++)
            examples += fp_rule_example_count(fp_rules_get(rules, i), 1) +
                        fp_rule_example_count(fp_rules_get(rules, i), 0);
        printf("%zu rules, %zu examples: %ld failed\n", fp_rules_count(rules),
               examples, failures);
        rc = failures ? EXIT_FINDINGS : EXIT_CLEAN;
    } else {
        for (size_t i = 0; i < fp_rules_count(rules); i++) {
            const fp_rule *r = fp_rules_get(rules, i);
            printf("%-40s %-13s %-7s %s\n", fp_rule_id(r), fp_rule_category(r),
                   fp_severity_name(fp_rule_severity(r)), fp_rule_title(r));
        }
    }
    fp_rules_free(rules);
    return rc;
}

static int cmd_explain(cli *c)
{
    if (c->nfiles != 1)
        return bad_usage("%s", "explain takes one rule id");
    fp_rules *rules = load_rules(c);
    if (!rules)
        return EXIT_ERROR;
    const fp_rule *r = fp_rules_find(rules, c->files[0]);
    int rc = EXIT_CLEAN;
    if (!r) {
        fprintf(stderr, "fineprint: no rule '%s' (see 'fineprint rules')\n", c->files[0]);
        rc = EXIT_ERROR;
    } else {
        printf("%s: %s\n  category: %s\n  severity: %s\n  bears:    %s\n\n  %s\n",
               fp_rule_id(r), fp_rule_title(r), fp_rule_category(r),
               fp_severity_name(fp_rule_severity(r)),
               fp_bearer_name(fp_rule_bearer(r)), fp_rule_explain(r));
        if (fp_rule_law(r)[0])
            printf("\n  Law: %s\n", fp_rule_law(r));
        for (int m = 1; m >= 0; m--)
            for (size_t i = 0; i < fp_rule_example_count(r, m); i++)
                printf("\n  %s %s", m ? "matches:      " : "does not match:",
                       fp_rule_example(r, m, i));
        printf("\n\n  defined at %s:%u\n", fp_rule_file(r), fp_rule_line(r));
    }
    fp_rules_free(rules);
    return rc;
}

int main(int argc, char **argv)
{
    cli c = {.color = -1, .output = FP_OUT_TEXT};
    c.opts = fp_options_new();
    c.files = calloc((size_t)argc + 1, sizeof *c.files);
    if (!c.opts || !c.files) {
        fprintf(stderr, "fineprint: out of memory\n");
        return EXIT_ERROR;
    }
    int rc = parse_args(&c, argc, argv);
    if (!rc) {
        if (!strcmp(c.command, "rules"))
            rc = cmd_rules(&c);
        else if (!strcmp(c.command, "explain"))
            rc = cmd_explain(&c);
        else
            rc = cmd_scan(&c);
    }
    fp_options_free(c.opts);
    free(c.files);
    return rc;
}
