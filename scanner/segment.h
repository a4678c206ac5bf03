/* segment.h - paragraph structure (labels, headings, sections) and
 * sentences. Runs on a finished document, whatever its source format. */
#ifndef FP_SEGMENT_H
#define FP_SEGMENT_H

#include "doc.h"

/* Classify paragraphs, give each its section label and governing heading,
 * and split them into sentences no longer than max_sentence bytes (longer
 * ones are cut at a space, with a warning). */
fp_status fp_segment(fp_doc *d, size_t max_sentence);

/* Read a clause number at the start of s[0..n): "12.3", "Section 5",
 * "(a)", "IV.". Copies it (without closing '.') into label and returns
 * the length consumed, including the space after it; 0 if none. */
size_t fp_parse_label(const char *s, size_t n, char label[FP_LABEL_MAX]);

/* Does the short line s[0..n), set in capitals or in title style, state a
 * clause rather than name a section: it quotes or has a clause verb in
 * capitals ("THE SERVICES ARE PROVIDED "AS IS""), or a verb in lower case
 * among capitalised words ("Acme Terms are governed by Ohio Law")? */
int fp_line_states_clause(const char *s, size_t n);

/* Is the word ending just before s[end] (a '.') an abbreviation that does
 * not end a sentence? `start` bounds the look-back. */
int fp_is_abbreviation(const char *s, size_t start, size_t end);

#endif
