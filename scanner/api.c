/* api.c - status strings, enum names, options, version. */
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

#include "limits.h"
#include "options.h"

const char *fp_version(void) { return FP_VERSION_STRING; }

/* Public face of the ingestors' one-time setup (libxml2's parser tables:
 * initialising them from two threads at once is a race). */
void fp_init(void) { fp_xml_init(); }

const char *fp_strerror(fp_status st)
{
    static const char *msg[FP_STATUS__COUNT] = {
        [FP_OK] = "success",
        [FP_ERR_NOMEM] = "out of memory",
        [FP_ERR_ARG] = "invalid argument",
        [FP_ERR_IO] = "input/output error",
        [FP_ERR_NOT_FOUND] = "no such file",
        [FP_ERR_IS_DIR] = "is a directory",
        [FP_ERR_NOT_REGULAR] = "not a regular file",
        [FP_ERR_EMPTY] = "empty document",
        [FP_ERR_TOO_LARGE] = "document too large",
        [FP_ERR_BINARY] = "binary data, not a document",
        [FP_ERR_ENCODING] = "undecodable text encoding",
        [FP_ERR_UNSUPPORTED] = "unsupported format",
        [FP_ERR_ENCRYPTED] = "encrypted document",
        [FP_ERR_CORRUPT] = "corrupt document",
        [FP_ERR_LIMIT] = "safety limit reached",
        [FP_ERR_DEADLINE] = "deadline passed",
        [FP_ERR_RULE_SYNTAX] = "rule file syntax error",
        [FP_ERR_RULE_PATTERN] = "rule pattern does not compile",
        [FP_ERR_RULE_EXAMPLE] = "rule example does not hold",
        [FP_ERR_INTERNAL] = "internal error",
    };
    return (unsigned)st < FP_STATUS__COUNT && msg[st] ? msg[st] : "unknown status";
}

static int index_of(const char *const *names, int count, const char *name)
{
    for (int i = 0; name && i < count; i++)
        if (names[i] && !strcmp(names[i], name))
            return i;
    return -1;
}

static const char *const format_names[FP_FORMAT__COUNT] = {
    "auto", "text", "markdown", "html", "docx", "odt"};
static const char *const severity_names[FP_SEV__COUNT] = {
    "fair", "info", "low", "medium", "high"};
static const char *const bearer_names[FP_BEARER__COUNT] = {
    "unknown", "user", "provider", "mutual", "third_party"};
static const char *const output_names[FP_OUT__COUNT] = {
    "text", "json", "jsonl", "tsv", "sarif", "html"};
static const char *const limit_names[FP_LIMIT__COUNT] = {
    "input-bytes", "text-bytes", "inflated-part-bytes", "inflated-doc-bytes",
    "zip-entries", "xml-depth", "sentence-bytes", "matches-per-rule",
    "pcre2-match", "pcre2-depth", "deadline-ms", "html-bytes"};

#define NAME_OF(table, count, v) ((unsigned)(v) < (count) ? (table)[v] : "?")

const char *fp_format_name(fp_format f) { return NAME_OF(format_names, FP_FORMAT__COUNT, f); }
const char *fp_severity_name(fp_severity s) { return NAME_OF(severity_names, FP_SEV__COUNT, s); }
const char *fp_bearer_name(fp_bearer b) { return NAME_OF(bearer_names, FP_BEARER__COUNT, b); }
const char *fp_output_name(fp_output o) { return NAME_OF(output_names, FP_OUT__COUNT, o); }
const char *fp_limit_name(fp_limit l) { return NAME_OF(limit_names, FP_LIMIT__COUNT, l); }

#define FROM_NAME(table, count, name, out, type)                               \
    do {                                                                       \
        int i = index_of(table, count, name);                                  \
        if (i < 0)                                                             \
            return -1;                                                         \
        *(out) = (type)i;                                                      \
        return 0;                                                              \
    } while (0)

int fp_severity_from_name(const char *name, fp_severity *out)
{
    FROM_NAME(severity_names, FP_SEV__COUNT, name, out, fp_severity);
}
int fp_format_from_name(const char *name, fp_format *out)
{
    FROM_NAME(format_names, FP_FORMAT__COUNT, name, out, fp_format);
}
int fp_output_from_name(const char *name, fp_output *out)
{
    FROM_NAME(output_names, FP_OUT__COUNT, name, out, fp_output);
}
int fp_limit_from_name(const char *name, fp_limit *out)
{
    FROM_NAME(limit_names, FP_LIMIT__COUNT, name, out, fp_limit);
}

uint64_t fp_limit_default(fp_limit l)
{
    static const uint64_t defaults[FP_LIMIT__COUNT] = {
        FP_DEFAULT_INPUT_BYTES,         FP_DEFAULT_TEXT_BYTES,
        FP_DEFAULT_INFLATED_PART_BYTES, FP_DEFAULT_INFLATED_DOC_BYTES,
        FP_DEFAULT_ZIP_ENTRIES,         FP_DEFAULT_XML_DEPTH,
        FP_DEFAULT_SENTENCE_BYTES,      FP_DEFAULT_MATCHES_PER_RULE,
        FP_DEFAULT_PCRE2_MATCH,         FP_DEFAULT_PCRE2_DEPTH,
        FP_DEFAULT_DEADLINE_MS,         FP_DEFAULT_HTML_BYTES};
    return (unsigned)l < FP_LIMIT__COUNT ? defaults[l] : 0;
}

fp_options *fp_options_new(void)
{
    fp_options *o = calloc(1, sizeof *o);
    for (int l = 0; o && l < FP_LIMIT__COUNT; l++)
        o->limit[l] = fp_limit_default((fp_limit)l);
    return o;
}

void fp_options_free(fp_options *opts) { free(opts); }

fp_status fp_options_set_limit(fp_options *opts, fp_limit l, uint64_t value)
{
    if (!opts || (unsigned)l >= FP_LIMIT__COUNT)
        return FP_ERR_ARG;
    if (value > UINT32_MAX && (l == FP_LIMIT_PCRE2_MATCH || l == FP_LIMIT_PCRE2_DEPTH))
        return FP_ERR_ARG;
    opts->limit[l] = value;
    return FP_OK;
}

uint64_t fp_options_get_limit(const fp_options *opts, fp_limit l)
{
    return opts && (unsigned)l < FP_LIMIT__COUNT ? opts->limit[l] : 0;
}
