/* limits.h - every safety limit in one place, with its default.
 *
 * Each can be overridden per scanner (fp_options_set_limit, or the CLI's
 * --limit NAME=VALUE). When a limit is hit the document's result says so,
 * as an error (nothing usable) or a warning (partial result). */
#ifndef FP_LIMITS_H
#define FP_LIMITS_H

#define FP_DEFAULT_INPUT_BYTES (256ull << 20)         /* 256 MiB per file */
#define FP_DEFAULT_TEXT_BYTES (256ull << 20)          /* extracted text */
#define FP_DEFAULT_INFLATED_PART_BYTES (64ull << 20)  /* one zip entry */
#define FP_DEFAULT_INFLATED_DOC_BYTES (256ull << 20)  /* whole zip */
#define FP_DEFAULT_ZIP_ENTRIES 10000ull
#define FP_DEFAULT_XML_DEPTH 256ull
#define FP_DEFAULT_SENTENCE_BYTES 4096ull
#define FP_DEFAULT_MATCHES_PER_RULE 1000ull
#define FP_DEFAULT_PCRE2_MATCH 1000000ull
#define FP_DEFAULT_PCRE2_DEPTH 10000ull
#define FP_DEFAULT_DEADLINE_MS 60000ull               /* one minute */
/* libxml2's HTML tree costs 20-26 bytes of memory per byte of markup, so
 * HTML gets a tighter cap than input-bytes: 32 MiB keeps one document under
 * about 850 MiB. Real terms pages are well under 2 MiB. */
#define FP_DEFAULT_HTML_BYTES (32ull << 20)

#endif
