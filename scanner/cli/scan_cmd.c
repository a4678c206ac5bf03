/* scan_cmd.c - `fineprint scan` and `fineprint merge`: gather the inputs,
 * feed the batch, write the summaries. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "warc.h"

typedef struct feeder {
    const cli *c;
    batch *b;
    int stdin_used;
} feeder;

/* Read all of stdin (up to one byte past the input limit, so that the
 * scanner can say it is too large). */
static int read_stdin(const cli *c, job *j)
{
    size_t limit = (size_t)fp_options_get_limit(c->opts, FP_LIMIT_INPUT_BYTES);
    size_t cap = 0;
    for (;;) {
        if (j->len == cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(j->data, cap);
            if (!p)
                return -1;
            j->data = p;
        }
        size_t n = fread(j->data + j->len, 1, cap - j->len, stdin);
        j->len += n;
        if (n == 0 || j->len > limit)
            return 0;
    }
}

static int feed_path(void *ctx, const char *path, int from_walk)
{
    feeder *f = ctx;
    job j = {0};
    j.from_walk = from_walk;
    if (!strcmp(path, "-") && !from_walk) {
        if (f->stdin_used++) {
            fprintf(stderr, "fineprint: '-' (stdin) can be read only once\n");
            batch_note_input_error(f->b, INPUT_WALK);
            return 0;
        }
        j.path = strdup("(stdin)");
        if (!j.path || read_stdin(f->c, &j)) {
            free(j.path);
            free(j.data);
            fprintf(stderr, "fineprint: (stdin): out of memory\n");
            batch_note_input_error(f->b, INPUT_WALK);
            return 0;
        }
    } else if (warc_is_warc(path, !from_walk)) {
        feed_warc(f->c, path, f->b);
        return 0;
    } else if (!(j.path = strdup(path))) {
        batch_note_input_error(f->b, INPUT_WALK);
        return 0;
    }
    return batch_push(f->b, &j);
}

typedef struct input_count {
    size_t files;
    int unknown; /* a WARC file holds an unknown number of documents */
} input_count;

static int count_input(void *ctx, const char *path, int from_walk)
{
    (void)from_walk;
    input_count *n = ctx;
    n->files++;
    n->unknown |= warc_is_warc(path, 0);
    return 0;
}

/* For the progress line's ETA: walk once to count. Directory listings are
 * cheap next to scanning; a list on stdin cannot be read twice. */
static void count_inputs(cli *c, batch *b)
{
    if (!batch_shows_progress(b) || c->stdin_jsonl ||
        (c->files_from && !strcmp(c->files_from, "-")))
        return;
    input_count n = {0, 0};
    walk_inputs(c, c->files, (size_t)c->nfiles, count_input, &n, 0);
    if (c->files_from)
        read_file_list(c, count_input, &n, 0);
    if (!n.unknown)
        batch_set_total(b, n.files);
}

static void feed_inputs(cli *c, batch *b)
{
    feeder f = {c, b, 0};
    count_inputs(c, b);
    long errors = walk_inputs(c, c->files, (size_t)c->nfiles, feed_path, &f, 1);
    if (errors > 0)
        for (long i = 0; i < errors; i++)
            batch_note_input_error(b, INPUT_WALK);
    if (c->files_from) {
        f.stdin_used += !strcmp(c->files_from, "-");
        errors = read_file_list(c, feed_path, &f, 1);
        for (long i = 0; i < errors; i++)
            batch_note_input_error(b, INPUT_WALK);
    }
    if (c->stdin_jsonl)
        read_jsonl_stream(c, stdin, b);
}

static int write_summaries(const cli *c, const summary *sum)
{
    int rc = 0;
    if (c->summary) {
        FILE *out = c->summary_file ? fopen(c->summary_file, "w") : stderr;
        rc |= !out || summary_write_text(sum, out);
        if (out && out != stderr)
            rc |= fclose(out) != 0;
    }
    if (c->summary_json) {
        FILE *out = fopen(c->summary_json, "w");
        rc |= !out || summary_write_json(sum, out);
        if (out)
            rc |= fclose(out) != 0;
    }
    if (rc)
        fprintf(stderr, "fineprint: cannot write the summary\n");
    return rc;
}

static int check_inputs(const cli *c)
{
    if (!c->nfiles && !c->files_from && !c->stdin_jsonl)
        return bad_usage("%s", "no files to scan");
    if (c->stdin_jsonl && c->files_from && !strcmp(c->files_from, "-"))
        return bad_usage("%s", "--stdin-jsonl and --files-from - both want stdin");
    return 0;
}

/* The rules are left to the process exit, which unmaps all their JIT code
 * at once: fp_rules_free unmaps it chunk by chunk (a TLB shootdown each),
 * about 9 ms at the end of every scan, a tenth of a small one. The
 * pointer is kept so that leak checkers see the memory as reachable. */
static fp_rules *volatile rules_at_exit; /* volatile: a store never read is kept */

static void leave_to_exit(fp_rules *rules)
{
    rules_at_exit = rules;
}

int cmd_scan(cli *c)
{
    if (check_inputs(c))
        return EXIT_ERROR;
    fp_init();
    fp_rules *rules = load_rules(c);
    if (!rules)
        return EXIT_ERROR;
    int color = c->color < 0 ? isatty(STDOUT_FILENO) : c->color;
    unsigned flags = (color ? FP_RENDER_COLOR : 0) | (c->verbose ? FP_RENDER_VERBOSE : 0);
    fp_renderer *rr = NULL;
    summary *sum = summary_new();
    csv_out *csv = NULL;
    int rc = EXIT_ERROR;
    if (!sum || fp_renderer_new(c->output, flags, rules, write_stdout, NULL, &rr)) {
        fprintf(stderr, "fineprint: out of memory\n");
        goto done;
    }
    if (c->summary_csv && !(csv = csv_open(c->summary_csv, rules))) {
        fprintf(stderr, "fineprint: cannot write %s\n", c->summary_csv);
        goto done;
    }
    batch *b = batch_start(c, rules, rr, sum, csv);
    feed_inputs(c, b);
    rc = batch_finish(b);
    if (!summary_files(sum) && !c->stdin_jsonl) {
        /* a directory without documents is most likely the wrong one */
        fprintf(stderr, "fineprint: no documents to scan (directories are searched for "
                        ".txt .md .markdown .html .htm .docx .odt .warc .warc.gz, or --include)\n");
        rc = EXIT_ERROR;
    }
    if (!c->quiet && fp_renderer_finish(rr))
        rc = EXIT_ERROR;
    if (write_summaries(c, sum) || csv_close(csv))
        rc = EXIT_ERROR;
    csv = NULL;
done:
    if (fflush(stdout) != 0)
        rc = EXIT_ERROR;
    csv_close(csv);
    summary_free(sum);
    fp_renderer_free(rr);
    leave_to_exit(rules);
    return rc;
}

int cmd_merge(cli *c)
{
    if (!c->nfiles)
        return bad_usage("%s", "merge wants one or more summary files (--summary-json)");
    summary *sum = summary_new();
    if (!sum)
        return EXIT_ERROR;
    int rc = EXIT_CLEAN;
    for (int i = 0; i < c->nfiles; i++) {
        char err[512];
        if (summary_merge_file(sum, c->files[i], err, sizeof err)) {
            fprintf(stderr, "fineprint: %s\n", err);
            rc = EXIT_ERROR;
        }
    }
    if (!rc) {
        /* the merged JSON goes to stdout (or --summary-json), text on request */
        FILE *out = c->summary_json ? fopen(c->summary_json, "w") : stdout;
        if (!out || summary_write_json(sum, out) || (out != stdout && fclose(out)))
            rc = EXIT_ERROR;
        if (c->summary && summary_write_text(sum, stderr))
            rc = EXIT_ERROR;
    }
    summary_free(sum);
    return rc;
}
