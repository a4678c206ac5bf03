/* cli.h - what the pieces of the fineprint command share: the parsed
 * command line, the list of inputs, the batch runner and the summary. */
#ifndef FP_CLI_H
#define FP_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fineprint.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };
enum { PROGRESS_AUTO = -1, PROGRESS_NEVER = 0, PROGRESS_ALWAYS = 1 };

typedef struct strvec {
    char **items;
    size_t count, cap;
} strvec;

int strvec_push(strvec *v, const char *s); /* copies; 0 or -1 on OOM */
void strvec_free(strvec *v);

typedef struct cli {
    const char *command;
    fp_output output;
    int color; /* -1 auto, 0 never, 1 always */
    int verbose, quiet, test, export_pcre, profile;
    const char *rules_path;
    fp_format input_format;
    int fail_on_set;
    fp_severity fail_on;
    fp_options *opts;
    char **files;
    int nfiles;
    /* batch */
    int jobs;             /* worker threads; 0 = number of cores */
    const char *files_from; /* "-" = stdin */
    int null_sep;         /* --files-from is NUL-separated */
    strvec include, exclude;
    int hidden, binary;
    int progress;
    int summary;          /* print the text summary */
    const char *summary_file, *summary_json, *summary_csv;
    int stdin_jsonl;
    int warc_all;         /* WARC: every HTML/text response, not only terms pages */
} cli;

int bad_usage(const char *fmt, const char *arg);
int parse_args(cli *c, int argc, char **argv);
fp_rules *load_rules(const cli *c);
int default_jobs(void); /* the number of online cores, 1 to 64 */
void warm_heap(void);   /* populate the calling thread's heap (main.c) */
int write_stdout(void *ctx, const char *data, size_t len);
/* rules --profile: scan the inputs on one thread and print each rule's cost */
int profile_rules(const cli *c, const fp_rules *rules);

/* ----------------------------------------------------------- inputs */

/* The walker calls this for each input, in sorted order. `path` is the
 * file to scan; `from_walk` says it was found in a directory (and so may be
 * skipped as binary). Return non-zero to stop the walk. */
typedef int (*input_fn)(void *ctx, const char *path, int from_walk);

/* Expand files and directories (recursively) into inputs; report walk
 * errors on stderr when `report`. Returns the number of walk errors, or -1
 * if `emit` asked to stop. */
long walk_inputs(const cli *c, char *const *paths, size_t n, input_fn emit,
                 void *ctx, int report);
/* Read paths from --files-from, one a line (or NUL-separated). */
long read_file_list(const cli *c, input_fn emit, void *ctx, int report);
/* Is this name excluded by --include/--exclude (explicit = named by the
 * user, so the default extension filter does not apply)? */
int input_selected(const cli *c, const char *path, int explicit_arg);
/* Does the start of the file look binary (a NUL byte, not a zip)? */
int looks_binary(const char *path);

/* -------------------------------------------------------------- summary */

typedef struct summary summary;

summary *summary_new(void);
void summary_free(summary *s);
void summary_add(summary *s, const fp_result *res);
void summary_add_skipped(summary *s);
void summary_add_error(summary *s, const char *reason); /* no result */
void summary_set_elapsed(summary *s, double seconds);
uint64_t summary_files(const summary *s);
/* Write as text (for people), as JSON (for merge); 0 or -1. */
int summary_write_text(const summary *s, FILE *out);
int summary_write_json(const summary *s, FILE *out);
/* Combine a JSON summary file into s; 0, or -1 with a message in err. */
int summary_merge_file(summary *s, const char *path, char *err, size_t errlen);

/* One CSV row per document: path, format, status, error, grade, score,
 * one column per rule category, findings, warnings. */
typedef struct csv_out csv_out;
csv_out *csv_open(const char *path, const fp_rules *rules); /* writes the header */
int csv_write_row(csv_out *csv, const fp_result *res);
int csv_close(csv_out *csv); /* 0, or -1 if any write failed */

/* ---------------------------------------------------------------- batch */

/* One document to scan: a path, or bytes already in memory (from stdin or
 * a JSONL record). */
typedef struct job {
    char *path;  /* owned; the name for memory jobs */
    char *data;  /* owned bytes, or NULL to read `path` */
    size_t len;
    fp_format format;
    int from_walk;
} job;

typedef struct batch batch;

/* Start -j workers over `rules`; results go to `rr` in input order. */
batch *batch_start(const cli *c, const fp_rules *rules, fp_renderer *rr,
                   summary *sum, csv_out *csv);
/* Queue a job (ownership passes); blocks while the queue is full. */
int batch_push(batch *b, job *j);
/* Wait for every job, stop the threads; returns the exit code. */
int batch_finish(batch *b);
/* Progress: is it on, and the number of inputs when known ahead. */
int batch_shows_progress(const batch *b);
void batch_set_total(batch *b, size_t total);
enum { INPUT_WALK = 0, INPUT_RECORD = 1, INPUT_WARC = 2 };
/* Count an input that never became a job (stderr already says why). */
void batch_note_input_error(batch *b, int kind);

int cmd_scan(cli *c);
int cmd_merge(cli *c);
/* Read {"id":..., "text"|"base64":..., "format":...} lines from `in`. */
long read_jsonl_stream(const cli *c, FILE *in, batch *b);
/* Queue the terms pages (or, with --warc-all, every HTML or text page)
 * among the HTTP responses of a WARC file; each bad record is reported on
 * stderr and counted. */
void feed_warc(const cli *c, const char *path, batch *b);

#endif
