/* options.c - the command line, from one table that also prints --help. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef enum opt_id {
    OPT_FORMAT, OPT_COLOR, OPT_RULES, OPT_FAIL_ON, OPT_LIMIT, OPT_MAX_SIZE,
    OPT_TIMEOUT, OPT_INPUT, OPT_JOBS, OPT_FILES_FROM, OPT_NULL, OPT_INCLUDE,
    OPT_EXCLUDE, OPT_HIDDEN, OPT_BINARY, OPT_STDIN_JSONL, OPT_WARC_ALL, OPT_PROGRESS,
    OPT_SUMMARY, OPT_SUMMARY_FILE, OPT_SUMMARY_JSON, OPT_SUMMARY_CSV,
    OPT_VERBOSE, OPT_QUIET, OPT_TEST, OPT_EXPORT, OPT_PROFILE, OPT_HELP, OPT_VERSION
} opt_id;

typedef struct option_spec {
    opt_id id;
    char short_name;
    const char *long_name;
    const char *arg; /* NULL: a flag */
    const char *help;
} option_spec;

static const option_spec options[] = {
    {OPT_FORMAT, 'f', "format", "FMT", "output: text (default), json, jsonl, tsv, sarif, html"},
    {OPT_COLOR, 0, "color", "WHEN", "colour: auto (default, on a terminal), always, never"},
    {OPT_RULES, 0, "rules", "PATH", "load rules from a directory of *.rules or one file"},
    {OPT_FAIL_ON, 0, "fail-on", "SEV", "exit 1 when a finding is at least SEV (info, low, medium, high)"},
    {OPT_LIMIT, 0, "limit", "NAME=N", "override a safety limit (see 'Limits' below); repeatable"},
    {OPT_MAX_SIZE, 0, "max-size", "N[KMG]", "skip files larger than N bytes (--limit input-bytes)"},
    {OPT_TIMEOUT, 0, "timeout", "SEC", "give up on a document after SEC seconds (--limit deadline-ms)"},
    {OPT_INPUT, 0, "input-format", "FMT", "read input as text, markdown, html, docx or odt (default: detect)"},
    {OPT_JOBS, 'j', "jobs", "N", "scan with N threads (default: the number of cores)"},
    {OPT_FILES_FROM, 0, "files-from", "FILE", "also scan the paths listed in FILE, one a line ('-': stdin)"},
    {OPT_NULL, '0', "null", NULL, "--files-from paths are NUL-separated (find -print0)"},
    {OPT_INCLUDE, 0, "include", "GLOB", "in directories, scan only names or paths matching GLOB; repeatable"},
    {OPT_EXCLUDE, 0, "exclude", "GLOB", "skip names or paths matching GLOB; repeatable"},
    {OPT_HIDDEN, 0, "hidden", NULL, "in directories, also scan hidden files and folders"},
    {OPT_BINARY, 0, "binary", NULL, "in directories, also try files that look binary"},
    {OPT_STDIN_JSONL, 0, "stdin-jsonl", NULL, "read documents as JSONL records {id, text|base64, format} on stdin"},
    {OPT_WARC_ALL, 0, "warc-all", NULL, "in WARC files, scan every HTML or text page, not only terms pages"},
    {OPT_PROGRESS, 0, "progress", "WHEN", "progress on stderr: auto (default: terminal, long batch), always, never"},
    {OPT_SUMMARY, 0, "summary", NULL, "print a summary of the batch on stderr"},
    {OPT_SUMMARY_FILE, 0, "summary-file", "FILE", "write that summary to FILE instead"},
    {OPT_SUMMARY_JSON, 0, "summary-json", "FILE", "write the summary as JSON (for 'fineprint merge')"},
    {OPT_SUMMARY_CSV, 0, "summary-csv", "FILE", "write one CSV row per document to FILE"},
    {OPT_VERBOSE, 'v', "verbose", NULL, "explain each finding and cite the law"},
    {OPT_QUIET, 'q', "quiet", NULL, "print nothing; report only through the exit status"},
    {OPT_TEST, 0, "test", NULL, "rules: check every rule's match/nomatch examples"},
    {OPT_EXPORT, 0, "export-pcre", NULL, "rules: print each pattern, one per line, for pcre2grep -f"},
    {OPT_PROFILE, 0, "profile", NULL, "rules: scan FILE|DIR... and print the time each rule took, costliest first"},
    {OPT_HELP, 'h', "help", NULL, "show this help"},
    {OPT_VERSION, 'V', "version", NULL, "show the version"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: fineprint [scan] [OPTIONS] FILE|DIR...   scan documents ('-' is stdin)\n"
            "       fineprint scan --stdin-jsonl [OPTIONS]   scan a stream of JSONL records\n"
            "       fineprint merge SUMMARY.json...          combine shard summaries\n"
            "       fineprint rules [--rules PATH] [--test | --export-pcre]\n"
            "       fineprint explain RULE_ID\n\n"
            "Finds the clauses of a contract or terms of service that move risk\n"
            "(warranty disclaimers, indemnities, limits of liability, duties over\n"
            "inputs and outputs) and says who bears each one. Directories are\n"
            "walked in sorted order for .txt .md .markdown .html .htm .docx .odt.\n\nOptions:\n");
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

int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "fineprint: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'fineprint --help'.\n");
    return EXIT_ERROR;
}

/* A non-negative integer with an optional K/M/G (binary) suffix. */
static int parse_size(const char *s, int suffixes, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*s == '-' || !*s)
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    unsigned shift = 0;
    if (suffixes && *end) {
        const char *units = "KMG";
        const char *u = strchr(units, *end >= 'a' ? *end - 32 : *end);
        if (!u)
            return -1;
        shift = 10u * (unsigned)(u - units + 1);
        end++;
    }
    if (*end || (shift && v > (UINT64_MAX >> shift)))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
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
    uint64_t v;
    if (fp_limit_from_name(name, &l))
        return bad_usage("unknown limit '%s' (see --help)", name);
    if (parse_size(eq + 1, 0, &v) || fp_options_set_limit(c->opts, l, v))
        return bad_usage("bad value in '%s'", arg);
    return EXIT_CLEAN;
}

static int set_timeout(cli *c, const char *arg)
{
    char *end;
    errno = 0;
    double sec = strtod(arg, &end);
    if (errno || end == arg || *end || !(sec >= 0) || sec > 1e9)
        return bad_usage("--timeout wants seconds, not '%s'", arg);
    fp_options_set_limit(c->opts, FP_LIMIT_DEADLINE_MS, (uint64_t)(sec * 1000.0 + 0.5));
    return EXIT_CLEAN;
}

static int set_when(int *field, const char *arg, const char *what)
{
    if (!strcmp(arg, "auto"))
        *field = -1;
    else if (!strcmp(arg, "always"))
        *field = 1;
    else if (!strcmp(arg, "never"))
        *field = 0;
    else
        return bad_usage(what, arg);
    return 0;
}

static int apply_value_option(cli *c, const option_spec *o, const char *arg)
{
    uint64_t v;
    switch (o->id) {
    case OPT_FORMAT:
        return fp_output_from_name(arg, &c->output)
                   ? bad_usage("unknown output format '%s'", arg) : 0;
    case OPT_COLOR:
        return set_when(&c->color, arg, "--color is auto, always or never, not '%s'");
    case OPT_PROGRESS:
        return set_when(&c->progress, arg, "--progress is auto, always or never, not '%s'");
    case OPT_RULES:
        c->rules_path = arg;
        return 0;
    case OPT_FAIL_ON:
        c->fail_on_set = 1;
        return fp_severity_from_name(arg, &c->fail_on)
                   ? bad_usage("unknown severity '%s'", arg) : 0;
    case OPT_LIMIT:
        return set_limit(c, arg);
    case OPT_MAX_SIZE:
        if (parse_size(arg, 1, &v))
            return bad_usage("--max-size wants N, NK, NM or NG, not '%s'", arg);
        fp_options_set_limit(c->opts, FP_LIMIT_INPUT_BYTES, v);
        return 0;
    case OPT_TIMEOUT:
        return set_timeout(c, arg);
    case OPT_INPUT:
        return fp_format_from_name(arg, &c->input_format)
                   ? bad_usage("unknown input format '%s'", arg) : 0;
    case OPT_JOBS:
        if (parse_size(arg, 0, &v) || v < 1 || v > 1024)
            return bad_usage("-j wants a number of threads from 1 to 1024, not '%s'", arg);
        c->jobs = (int)v;
        return 0;
    case OPT_FILES_FROM:
        c->files_from = arg;
        return 0;
    case OPT_INCLUDE:
    case OPT_EXCLUDE:
        if (strvec_push(o->id == OPT_INCLUDE ? &c->include : &c->exclude, arg))
            return bad_usage("%s", "out of memory");
        return 0;
    case OPT_SUMMARY_FILE:
        c->summary_file = arg;
        c->summary = 1;
        return 0;
    case OPT_SUMMARY_JSON:
        c->summary_json = arg;
        return 0;
    case OPT_SUMMARY_CSV:
        c->summary_csv = arg;
        return 0;
    default:
        return EXIT_ERROR;
    }
}

static int apply_option(cli *c, const option_spec *o, const char *arg)
{
    if (o->arg)
        return apply_value_option(c, o, arg);
    switch (o->id) {
    case OPT_NULL:
        c->null_sep = 1;
        return 0;
    case OPT_HIDDEN:
        c->hidden = 1;
        return 0;
    case OPT_BINARY:
        c->binary = 1;
        return 0;
    case OPT_STDIN_JSONL:
        c->stdin_jsonl = 1;
        return 0;
    case OPT_WARC_ALL:
        c->warc_all = 1;
        return 0;
    case OPT_SUMMARY:
        c->summary = 1;
        return 0;
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
    case OPT_PROFILE:
        c->profile = 1;
        return 0;
    case OPT_HELP:
        usage(stdout);
        exit(EXIT_CLEAN);
    case OPT_VERSION:
        printf("fineprint %s\n", fp_version());
        exit(EXIT_CLEAN);
    default:
        return EXIT_ERROR;
    }
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

static int is_command(const char *a)
{
    return !strcmp(a, "scan") || !strcmp(a, "rules") || !strcmp(a, "explain") ||
           !strcmp(a, "merge");
}

/* --name=value, --name value, -x value, -xyz flags, '--' ends options. */
int parse_args(cli *c, int argc, char **argv)
{
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_files || a[0] != '-' || !strcmp(a, "-")) {
            if (!c->command && !c->nfiles && is_command(a)) {
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
