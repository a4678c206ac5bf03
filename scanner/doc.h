/* doc.h - the document model every ingestor builds and every later stage
 * reads.
 *
 * An ingestor decodes its input to UTF-8 (the "decoded" view) and appends the
 * reader-visible text paragraph by paragraph through the builder below. The
 * builder normalises as it goes (Unicode spaces to ' ', curly quotes to
 * straight ones, dashes to '-', soft hyphens and zero-width characters
 * dropped, runs of white space folded to one space) and records an offset map
 * from each byte of the normalised text back to the decoded view, which in
 * turn maps back to the original bytes. Findings are therefore always
 * reported against the original source.
 *
 * The normalised text holds one paragraph per line ('\n' between them). */
#ifndef FP_DOC_H
#define FP_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "fineprint.h"

#define FP_NONE ((size_t)-1)
#define FP_LABEL_MAX 32

typedef enum fp_para_kind {
    FP_PARA_BODY = 0,
    FP_PARA_HEADING,
    FP_PARA_LIST_ITEM,
    FP_PARA_TABLE_CELL
} fp_para_kind;

typedef enum fp_story {
    FP_STORY_BODY = 0,
    FP_STORY_FOOTNOTE,
    FP_STORY_ENDNOTE,
    FP_STORY_HEADER,
    FP_STORY_FOOTER,
    FP_STORY_COMMENT,
    FP_STORY_TEXTBOX,
    FP_STORY__COUNT
} fp_story;

/* How findings in this document are located in the source. */
typedef enum fp_loc_kind {
    FP_LOC_BYTES = 0, /* exact byte offsets and line:column (text, Markdown) */
    FP_LOC_LINES,     /* source line of the enclosing element (HTML) */
    FP_LOC_LOGICAL    /* story + paragraph + offset only (DOCX, ODT) */
} fp_loc_kind;

/* One run of the offset map: from offset `text` on, output byte k maps to
 * input offset `src + k * scale` until the next run starts. scale 0 pins the
 * whole run to `src` (text whose markup or entities make byte-exact mapping
 * impossible); scale 2 covers ASCII decoded from UTF-16. */
typedef struct fp_mapent {
    size_t text;
    size_t src;
    unsigned scale;
} fp_mapent;

typedef struct fp_offmap {
    fp_mapent *runs;
    size_t count;
    size_t cap;
} fp_offmap;

/* Map an offset through the map; an empty map is the identity. */
size_t fp_offmap_lookup(const fp_offmap *m, size_t off);
/* Record that output offset `out` comes from input offset `in`, starting a
 * new run only when the mapping stops following the last run's scale. */
fp_status fp_offmap_note(fp_offmap *m, size_t out, size_t in, unsigned scale);
void fp_offmap_free(fp_offmap *m);

typedef struct fp_para {
    size_t start, end; /* byte range in doc->text, end exclusive */
    fp_para_kind kind;
    fp_story story;
    int level;                 /* heading level or list depth, 0 if none */
    char label[FP_LABEL_MAX];  /* own number as printed: "12.3", "(a)" */
    char section[FP_LABEL_MAX * 2]; /* full label: "12.3(a)", or inherited */
    size_t heading;            /* index of the governing heading or FP_NONE */
    unsigned src_line;         /* source line when known (HTML), else 0 */
} fp_para;

typedef struct fp_sentence {
    size_t start, end; /* byte range in doc->text */
    size_t para;
} fp_sentence;

typedef struct fp_doc {
    char *name;
    fp_format format;
    fp_loc_kind loc;

    unsigned char *src; /* the original bytes, owned */
    size_t src_len;

    const char *dec; /* decoded UTF-8 view: src itself or dec_owned */
    size_t dec_len;
    char *dec_owned;
    fp_offmap dec_map; /* decoded -> src; empty when dec is src */

    fp_buf text;   /* normalised text, one paragraph per line */
    fp_offmap map; /* text -> decoded */
    char *folded;  /* ASCII-lower-cased copy of text, same length */

    fp_para *paras;
    size_t npara, cappara;
    fp_sentence *sents;
    size_t nsent, capsent;
    size_t *lines; /* start offset of each line of dec */
    size_t nlines, caplines;

    fp_strlist warnings;
    fp_buf errmsg; /* why the document could not be read */
    size_t text_limit;
    fp_status err; /* sticky builder error */

    /* builder state */
    int in_para;
    int pending_space;
    size_t space_src;
    int space_fixed;
} fp_doc;

/* Owned; free with fp_doc_free. NULL on out of memory. */
fp_doc *fp_doc_new(const char *name, size_t text_limit);
void fp_doc_free(fp_doc *d);

/* Take ownership of the original bytes (malloc'ed). The decoded view starts
 * as the bytes themselves. */
void fp_doc_take_source(fp_doc *d, unsigned char *bytes, size_t len);
/* Replace the decoded view with an owned UTF-8 buffer whose offsets map to
 * the source through `map` (ownership of both moves to the doc). */
void fp_doc_take_decoded(fp_doc *d, char *utf8, size_t len, fp_offmap *map);

/* Finish a decoder: on success (st == FP_OK) the buffer and map become the
 * decoded view; on failure both are freed. Returns st (or FP_ERR_NOMEM). */
fp_status fp_doc_adopt_decoded(fp_doc *d, fp_buf *utf8, fp_offmap *map,
                               fp_status st);

fp_status fp_doc_warn(fp_doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Record why the document cannot be read; returns `status` so that an
 * ingestor can `return fp_doc_fail(d, FP_ERR_CORRUPT, "...")`. */
fp_status fp_doc_fail(fp_doc *d, fp_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Builder. Paragraphs may not nest; begin while open ends the open one. */
fp_status fp_doc_para_begin(fp_doc *d, fp_para_kind kind, fp_story story,
                            int level);
/* Append UTF-8 whose bytes are contiguous in the decoded view from dec_off
 * on (text and Markdown). Invalid UTF-8 becomes U+FFFD. */
fp_status fp_doc_append(fp_doc *d, const char *utf8, size_t len,
                        size_t dec_off);
/* Append UTF-8 that all maps to one decoded offset (HTML text nodes, DOCX
 * runs: entities and markup make byte-exact mapping impossible). */
fp_status fp_doc_append_at(fp_doc *d, const char *utf8, size_t len,
                           size_t dec_off);
/* Append one code point that came from decoded offset dec_off. */
fp_status fp_doc_append_cp(fp_doc *d, uint32_t cp, size_t dec_off, int fixed);
/* Request a word break (like a space) without text of its own. */
void fp_doc_soft_break(fp_doc *d, size_t dec_off);
/* Close the paragraph; an empty one is dropped. Returns its index through
 * *index (FP_NONE if dropped) when index is not NULL. */
fp_status fp_doc_para_end(fp_doc *d, size_t *index);
/* The paragraph being built, or NULL. */
fp_para *fp_doc_current_para(fp_doc *d);

/* Finish: build the folded copy and line index. Segmentation is separate
 * (segment.h). */
fp_status fp_doc_finish(fp_doc *d);

/* Source location of a text offset. */
size_t fp_doc_source_offset(const fp_doc *d, size_t text_off);
/* Source end offset for a text span ending (exclusively) at text_end. */
size_t fp_doc_source_end(const fp_doc *d, size_t text_end);
/* 1-based line and column (in characters) of a text offset; 0,0 when the
 * document has no line information. */
void fp_doc_line_col(const fp_doc *d, size_t text_off, unsigned *line,
                     unsigned *col);

/* The same with a memo of the last answer: counting a column walks from the
 * line start, which on one 200 MB line made every finding cost a scan of
 * the line. With the memo a caller that asks in (roughly) increasing order
 * pays only for the distance between answers. Zero-initialise; one memo per
 * document. */
typedef struct fp_linecol_memo {
    size_t line;  /* 0-based line index of the last answer */
    size_t dec;   /* its offset in the decoded view */
    size_t chars; /* characters from the line start to dec */
    int valid;
} fp_linecol_memo;
void fp_doc_line_col_memo(const fp_doc *d, fp_linecol_memo *memo,
                          size_t text_off, unsigned *line, unsigned *col);

const char *fp_story_name(fp_story s);

#endif
