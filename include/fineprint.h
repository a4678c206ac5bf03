/*
 * fineprint.h - the one public header of libfineprint.
 *
 * fineprint reads contracts and terms of service (plain text, Markdown, HTML,
 * DOCX), finds the clauses that move risk (warranty disclaimers, indemnities,
 * limitations of liability, obligations on what the user submits or receives,
 * and the classic unfair terms), says who bears each one, and points back to
 * the exact words in the source.
 *
 * Conventions
 *  - Every handle is opaque. Fields are reached through functions so that the
 *    ABI does not freeze the layout.
 *  - Functions that can fail return fp_status. FP_OK is 0.
 *  - "Borrowed" pointers stay valid as long as the object they came from;
 *    "owned" pointers must be released with the named free function.
 *  - The library never prints, exits or aborts. Out of memory is reported as
 *    FP_ERR_NOMEM.
 *  - Compiled rules (fp_rules) are immutable after loading and may be shared
 *    by any number of threads. A scanner (fp_scanner) belongs to one thread.
 */
#ifndef FINEPRINT_H
#define FINEPRINT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FP_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------ status */

typedef enum fp_status {
    FP_OK = 0,
    FP_ERR_NOMEM,        /* out of memory */
    FP_ERR_ARG,          /* invalid argument */
    FP_ERR_IO,           /* read or write failed */
    FP_ERR_NOT_FOUND,    /* no such file */
    FP_ERR_IS_DIR,       /* a directory was given where a file was expected */
    FP_ERR_NOT_REGULAR,  /* not a regular file (FIFO, device, socket) */
    FP_ERR_EMPTY,        /* the input has no bytes, or no text */
    FP_ERR_TOO_LARGE,    /* input larger than the configured limit */
    FP_ERR_BINARY,       /* binary data where text was expected */
    FP_ERR_ENCODING,     /* text in an encoding that cannot be decoded */
    FP_ERR_UNSUPPORTED,  /* a known format that fineprint does not read */
    FP_ERR_ENCRYPTED,    /* an encrypted document */
    FP_ERR_CORRUPT,      /* a damaged or malformed document */
    FP_ERR_LIMIT,        /* a safety limit was reached (inflated size, depth) */
    FP_ERR_DEADLINE,     /* the per-document deadline passed */
    FP_ERR_RULE_SYNTAX,  /* a rule file is malformed */
    FP_ERR_RULE_PATTERN, /* a rule's regular expression does not compile */
    FP_ERR_RULE_EXAMPLE, /* a rule's match/nomatch example does not hold */
    FP_ERR_INTERNAL,     /* a bug: please report it */
    FP_STATUS__COUNT
} fp_status;

/* A short, static, human-readable description of a status. Never NULL. */
const char *fp_strerror(fp_status status);

/* The library version, e.g. "0.1.0". Static. */
const char *fp_version(void);

/* Initialise the libraries fineprint builds on (libxml2's parser) once per
 * process. Idempotent and thread-safe; fp_scanner_new calls it, so a
 * program needs it only to be explicit before it starts threads. */
void fp_init(void);

/* --------------------------------------------------------------- enums */

typedef enum fp_format {
    FP_FORMAT_AUTO = 0, /* detect from content, then from the file name */
    FP_FORMAT_TEXT,
    FP_FORMAT_MARKDOWN,
    FP_FORMAT_HTML,
    FP_FORMAT_DOCX,
    FP_FORMAT_ODT,
    FP_FORMAT__COUNT
} fp_format;

/* Severities, lowest first. FAIR marks a clause that protects the reader
 * (for example a carve-out that keeps liability for personal injury). */
typedef enum fp_severity {
    FP_SEV_FAIR = 0,
    FP_SEV_INFO,
    FP_SEV_LOW,
    FP_SEV_MEDIUM,
    FP_SEV_HIGH,
    FP_SEV__COUNT
} fp_severity;

/* Who carries the risk a clause allocates. */
typedef enum fp_bearer {
    FP_BEARER_UNKNOWN = 0, /* the text does not let a reader tell */
    FP_BEARER_USER,        /* the user, customer, licensee ("you") */
    FP_BEARER_PROVIDER,    /* the provider, company, vendor ("we") */
    FP_BEARER_MUTUAL,      /* each party alike */
    FP_BEARER_THIRD_PARTY, /* someone outside the contract */
    FP_BEARER__COUNT
} fp_bearer;

const char *fp_format_name(fp_format f);     /* "text", "markdown", ... */
const char *fp_severity_name(fp_severity s); /* "fair", "info", ... */
const char *fp_bearer_name(fp_bearer b);     /* "user", "provider", ... */
/* Parse a name back; return 0 on success, -1 if the name is unknown. */
int fp_severity_from_name(const char *name, fp_severity *out);
int fp_format_from_name(const char *name, fp_format *out);

/* ------------------------------------------------------------ options */

/* Safety limits. Each has a default (see fp_limit_default) and can be
 * overridden per scanner through fp_options. A hit limit is reported as a
 * warning or an error in the result, never silently. */
typedef enum fp_limit {
    FP_LIMIT_INPUT_BYTES = 0,     /* largest input file accepted */
    FP_LIMIT_TEXT_BYTES,          /* largest extracted text per document */
    FP_LIMIT_INFLATED_PART_BYTES, /* bytes inflated from one zip entry */
    FP_LIMIT_INFLATED_DOC_BYTES,  /* bytes inflated from one zip file */
    FP_LIMIT_ZIP_ENTRIES,         /* entries in a zip central directory */
    FP_LIMIT_XML_DEPTH,           /* element nesting in XML and HTML */
    FP_LIMIT_SENTENCE_BYTES,      /* longer sentences are split */
    FP_LIMIT_MATCHES_PER_RULE,    /* findings one rule may make per document */
    FP_LIMIT_PCRE2_MATCH,         /* PCRE2 match limit per sentence */
    FP_LIMIT_PCRE2_DEPTH,         /* PCRE2 depth limit per sentence */
    FP_LIMIT_DEADLINE_MS,         /* wall-clock budget per document, 0 = none */
    FP_LIMIT_HTML_BYTES,          /* largest HTML input (its parse tree is ~30x) */
    FP_LIMIT__COUNT
} fp_limit;

const char *fp_limit_name(fp_limit l); /* e.g. "input-bytes" */
int fp_limit_from_name(const char *name, fp_limit *out);
uint64_t fp_limit_default(fp_limit l);

typedef struct fp_options fp_options;

/* Owned: free with fp_options_free. Starts with every default. NULL on OOM. */
fp_options *fp_options_new(void);
void fp_options_free(fp_options *opts);
fp_status fp_options_set_limit(fp_options *opts, fp_limit l, uint64_t value);
uint64_t fp_options_get_limit(const fp_options *opts, fp_limit l);

/* -------------------------------------------------------------- rules */

typedef struct fp_rules fp_rules;
typedef struct fp_rule fp_rule;

/* Loading flags. By default every rule's match/nomatch examples are
 * checked and the first failure stops the load; a rule author who wants to
 * see every failure loads with FP_RULES_SKIP_EXAMPLES and calls
 * fp_rules_test. FP_RULES_NO_ATOMS turns off the conditions derived from
 * the patterns (docs/rules.md, "How rules are filtered"): each rule then
 * runs wherever its `require` literals admit a sentence. The findings are
 * the same, only slower; the flag exists to check exactly that.
 * FP_RULES_LINT adds a rule author's check to the warnings: a rule whose
 * `require` literals its pattern is not seen to imply (the pattern could
 * match a sentence without them, which the rule then never sees). The
 * check is conservative: a warning can be a pattern it cannot read. */
enum {
    FP_RULES_SKIP_EXAMPLES = 1u << 0,
    FP_RULES_NO_ATOMS = 1u << 1,
    FP_RULES_LINT = 1u << 2
};

/* A flag that lets the load JIT-compile the patterns and derive their
 * conditions on up to n threads (n <= 255), the calling thread among them;
 * without it the load runs on the calling thread alone. The loaded rules,
 * their warnings and errors are the same for any n. E.g.
 * fp_rules_load_builtin(FP_RULES_THREADS(4), &rules, err, sizeof err). */
#define FP_RULES_THREADS(n) (((unsigned)(n) & 0xffu) << 8)

/* Load the rule set compiled into the library. On failure *out is NULL and
 * err (if not NULL) receives a message naming file:line. */
fp_status fp_rules_load_builtin(unsigned flags, fp_rules **out, char *err,
                                size_t errlen);

/* Load every *.rules file of a directory (sorted by name), or one file. */
fp_status fp_rules_load_path(const char *path, unsigned flags, fp_rules **out,
                             char *err, size_t errlen);

/* Load rules from memory. `name` is used in messages. */
fp_status fp_rules_load_buffer(const char *name, const char *text, size_t len,
                               unsigned flags, fp_rules **out, char *err,
                               size_t errlen);

void fp_rules_free(fp_rules *rules);

size_t fp_rules_count(const fp_rules *rules);
/* Borrowed; valid while `rules` lives. NULL if i is out of range. */
const fp_rule *fp_rules_get(const fp_rules *rules, size_t i);
/* Borrowed; NULL if no rule has that id. */
const fp_rule *fp_rules_find(const fp_rules *rules, const char *id);

/* Load-time warnings (JIT refused, rule without literals, ...). Borrowed. */
size_t fp_rules_warning_count(const fp_rules *rules);
const char *fp_rules_warning(const fp_rules *rules, size_t i);

/* Rule fields. All strings are borrowed and never NULL (maybe ""). */
const char *fp_rule_id(const fp_rule *r);
const char *fp_rule_category(const fp_rule *r);
const char *fp_rule_title(const fp_rule *r);
fp_bearer fp_rule_bearer(const fp_rule *r);
fp_severity fp_rule_severity(const fp_rule *r);
const char *fp_rule_explain(const fp_rule *r);
const char *fp_rule_law(const fp_rule *r);
const char *fp_rule_pattern(const fp_rule *r);
const char *fp_rule_file(const fp_rule *r); /* where it was defined */
unsigned fp_rule_line(const fp_rule *r);
size_t fp_rule_example_count(const fp_rule *r, int matching);
const char *fp_rule_example(const fp_rule *r, int matching, size_t i);

/* Check every match/nomatch example of every rule. For each failure the
 * callback receives the rule, whether the example should have matched, the
 * example text and the file line where it is written. Returns the number of
 * failures, or a negative fp_status on error. */
typedef void (*fp_example_fn)(void *ctx, const fp_rule *r, int should_match,
                              const char *example, unsigned line);
long fp_rules_test(const fp_rules *rules, fp_example_fn on_failure, void *ctx);

/* Write every rule's pattern, one per line, in a form `pcre2grep -f`
 * accepts (inline options; a rule longer than pcre2grep's 8192-byte limit
 * is split into lines of its top-level alternatives). */
typedef int (*fp_write_fn)(void *ctx, const char *data, size_t len);
fp_status fp_rules_export_pcre(const fp_rules *rules, fp_write_fn write,
                               void *ctx);

/* ------------------------------------------------------------ scanning */

typedef struct fp_scanner fp_scanner;
typedef struct fp_result fp_result;
typedef struct fp_finding fp_finding;

/* A scanner holds per-thread state (PCRE2 match data, JIT stack, scratch).
 * `rules` must outlive it. `opts` is copied; NULL means defaults. */
fp_status fp_scanner_new(const fp_rules *rules, const fp_options *opts,
                         fp_scanner **out);
void fp_scanner_free(fp_scanner *sc);

/* Rule profiling, for rule authors: when on, the scanner counts for every
 * rule the sentences it ran on, their bytes, its matches and the time spent
 * in its pattern and veto, summed over every document the scanner scans.
 * Off by default (it reads the clock twice per rule run). */
typedef struct fp_rule_profile {
    uint64_t runs;        /* sentences (or paragraphs) the prefilter admitted */
    uint64_t bytes;       /* their total length */
    uint64_t matches;     /* runs that matched (before `unless`) */
    uint64_t nanoseconds; /* wall time in PCRE2 for this rule */
} fp_rule_profile;

fp_status fp_scanner_set_profiling(fp_scanner *sc, int on);
/* FP_ERR_ARG when profiling is off or `rule` is out of range. */
fp_status fp_scanner_rule_profile(const fp_scanner *sc, size_t rule,
                                  fp_rule_profile *out);

/* Scan a file. On return *out holds a result even when the document could
 * not be read (its status says why), unless the status is FP_ERR_NOMEM or
 * FP_ERR_ARG. The returned status equals fp_result_status(*out). */
fp_status fp_scan_file(fp_scanner *sc, const char *path, fp_format format,
                       fp_result **out);

/* Scan bytes in memory; `name` labels the document in messages and reports.
 * The bytes are copied. */
fp_status fp_scan_memory(fp_scanner *sc, const char *name, const void *data,
                         size_t len, fp_format format, fp_result **out);

void fp_result_free(fp_result *res);

fp_status fp_result_status(const fp_result *res);
/* A message naming the document and the reason; "" when status is FP_OK. */
const char *fp_result_error(const fp_result *res);
const char *fp_result_name(const fp_result *res);
fp_format fp_result_format(const fp_result *res);
size_t fp_result_source_bytes(const fp_result *res);

size_t fp_result_warning_count(const fp_result *res);
const char *fp_result_warning(const fp_result *res, size_t i);

size_t fp_result_finding_count(const fp_result *res);
const fp_finding *fp_result_finding(const fp_result *res, size_t i);
/* Findings whose severity is at least `min` (FAIR counts only itself). */
size_t fp_result_count_at_least(const fp_result *res, fp_severity min);

/* Finding fields. Strings are borrowed from the result. */
const fp_rule *fp_finding_rule(const fp_finding *f);
fp_bearer fp_finding_bearer(const fp_finding *f);
/* For indemnities: who pays (indemnitor) and who is protected. */
fp_bearer fp_finding_indemnitor(const fp_finding *f);
fp_bearer fp_finding_indemnitee(const fp_finding *f);
fp_severity fp_finding_severity(const fp_finding *f);
/* The sentence (normalised text) and the matched words within it. */
const char *fp_finding_sentence(const fp_finding *f);
const char *fp_finding_match(const fp_finding *f);
/* Byte span of the match in the original source (exact for text and
 * Markdown; the start of the source line for HTML; 0 for DOCX). */
size_t fp_finding_source_start(const fp_finding *f);
size_t fp_finding_source_end(const fp_finding *f);
/* 1-based line and column in the source (0 when not applicable, DOCX). */
unsigned fp_finding_line(const fp_finding *f);
unsigned fp_finding_column(const fp_finding *f);
/* 0-based paragraph index in the document, and its story ("body",
 * "footnote", ...). */
size_t fp_finding_paragraph(const fp_finding *f);
const char *fp_finding_story(const fp_finding *f);
/* Section label as the reader sees it ("12.3"), and the heading text. */
const char *fp_finding_section(const fp_finding *f);
const char *fp_finding_heading(const fp_finding *f);
/* Attributes extracted by the rule (named groups), e.g. "cap" = "$100". */
size_t fp_finding_attr_count(const fp_finding *f);
const char *fp_finding_attr_name(const fp_finding *f, size_t i);
const char *fp_finding_attr_value(const fp_finding *f, size_t i);

/* ------------------------------------------------------------- scoring */

/* How clearly the document tells a lay reader who bears which risk, and,
 * reported beside it, how much risk it puts on the reader. The model, its
 * weights and sources are in docs/scoring.md; every deduction or credit is
 * an item naming the clause, so the grade can be reproduced by hand. */
typedef struct fp_score fp_score;

typedef enum fp_subscore {
    FP_SUB_READABILITY = 0, /* 0-100: Flesch, sentence length, long sentences */
    FP_SUB_ALLOCATION,      /* 0-100: core risks addressed, bearer named, plain */
    FP_SUB_PRESENTATION,    /* 0-100: ALL CAPS, long paragraphs, undefined terms */
    FP_SUB_BURDEN,          /* 0-100: risk on the user; NOT part of clarity */
    FP_SUB__COUNT
} fp_subscore;

typedef enum fp_read_stat {
    FP_READ_FLESCH = 0,    /* Flesch Reading Ease, as GNU style computes it */
    FP_READ_KINCAID,       /* Flesch-Kincaid grade level */
    FP_READ_MEAN_SENTENCE, /* words per sentence */
    FP_READ_LONG_SHARE,    /* share of sentences over 40 words, 0..1 */
    FP_READ_SENTENCES,
    FP_READ_WORDS,
    FP_READ_SYLLABLES,
    FP_READ__COUNT
} fp_read_stat;

const char *fp_subscore_name(fp_subscore k);   /* "readability", ... */
const char *fp_read_stat_name(fp_read_stat k); /* "flesch", ... */

/* Borrowed from the result; NULL when the document could not be read. */
const fp_score *fp_result_score(const fp_result *res);

/* 'A' (clearest) to 'E', from the clarity score (docs/scoring.md). */
char fp_score_grade(const fp_score *s);
/* Clarity, 0-100: readability, allocation and presentation weighted. */
double fp_score_value(const fp_score *s);
double fp_score_sub(const fp_score *s, fp_subscore k);
/* One sentence saying what the sub-score measured. Borrowed. */
const char *fp_score_sub_explain(const fp_score *s, fp_subscore k);
double fp_score_readability(const fp_score *s, fp_read_stat k);

/* Items: each deduction (negative points) or credit, in the sub-score it
 * counts toward. For burden, positive points add burden. */
size_t fp_score_item_count(const fp_score *s);
fp_subscore fp_score_item_sub(const fp_score *s, size_t i);
double fp_score_item_points(const fp_score *s, size_t i);
/* Index of the finding the item is about, or (size_t)-1. */
size_t fp_score_item_finding(const fp_score *s, size_t i);
/* 0-based paragraph, or (size_t)-1 for a whole-document item. */
size_t fp_score_item_paragraph(const fp_score *s, size_t i);
const char *fp_score_item_section(const fp_score *s, size_t i); /* maybe "" */
const char *fp_score_item_reason(const fp_score *s, size_t i);

/* Notes on the hardest clauses (worst first): the finding, what makes it
 * hard ("long (52 words), agentless passive, hedged"), and a plain reading
 * built from the rule's explanation, bearer and attributes. Borrowed. */
size_t fp_score_note_count(const fp_score *s);
size_t fp_score_note_finding(const fp_score *s, size_t i);
const char *fp_score_note_hard(const fp_score *s, size_t i);
const char *fp_score_note_plain(const fp_score *s, size_t i);

/* ----------------------------------------------------------- rendering */

typedef enum fp_output {
    FP_OUT_TEXT = 0, /* for a terminal */
    FP_OUT_JSON,     /* one JSON document for the whole run */
    FP_OUT_JSONL,    /* one JSON object per line, per document */
    FP_OUT_TSV,      /* one finding per line, tab-separated */
    FP_OUT_SARIF,    /* one SARIF 2.1.0 log for the whole run */
    FP_OUT_HTML,     /* one self-contained HTML report for the whole run */
    FP_OUT__COUNT
} fp_output;

const char *fp_output_name(fp_output o);
int fp_output_from_name(const char *name, fp_output *out);

enum {
    FP_RENDER_COLOR = 1u << 0,   /* ANSI colour in text output */
    FP_RENDER_VERBOSE = 1u << 1, /* text: explanations, law, every score item */
};

/* A renderer streams results through `write` (which returns 0 on success).
 * Add results in the order they should appear, then finish. */
typedef struct fp_renderer fp_renderer;

fp_status fp_renderer_new(fp_output fmt, unsigned flags, const fp_rules *rules,
                          fp_write_fn write, void *ctx, fp_renderer **out);
fp_status fp_renderer_add(fp_renderer *rr, const fp_result *res);
fp_status fp_renderer_finish(fp_renderer *rr);
void fp_renderer_free(fp_renderer *rr);

#ifdef __cplusplus
}
#endif
#endif /* FINEPRINT_H */
