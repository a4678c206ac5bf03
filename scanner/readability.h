/* readability.h - Flesch Reading Ease and Flesch-Kincaid grade, counted the
 * way GNU style (Debian package diction) counts, so that a reader can check
 * fineprint's numbers with a standard tool on the same text.
 *
 * The counting rules (inferred by experiment, see docs/scoring.md):
 *  - A word is a run of ASCII letters and digits; '-' continues a word
 *    (e-mail, third-party), '.' and ',' join digits (3.5, 1,000), and "'s"
 *    stays with its word. Every other byte separates words.
 *  - A sentence starts at a word whose first letter is an ASCII capital and
 *    ends at '.', ':', '?' or '!' followed by a space, a quote or the end.
 *    Words outside a sentence (after a colon, before a capital, a trailing
 *    fragment without a full stop) are not counted at all.
 *  - Syllables: groups of the lower-case vowels a e i o u y, less one for a
 *    final vowel and one for a final "ed", at least one per word. Capitals
 *    are not vowels, so an ALL-CAPS word counts as one syllable (a bias of
 *    the measure that makes capitalised disclaimers look easier; fineprint
 *    penalises capitals under presentation instead). */
#ifndef FP_READABILITY_H
#define FP_READABILITY_H

#include <stddef.h>

#include "buf.h"
#include "doc.h"

#define FP_LONG_SENTENCE_WORDS 40 /* plain-language guidance: none longer */

typedef struct fp_readability {
    size_t sentences, words, syllables;
    size_t long_sentences; /* more than FP_LONG_SENTENCE_WORDS words */
    size_t longest;        /* words in the longest sentence */
    double flesch;         /* 206.835 - 84.6 syl/word - 1.015 words/sentence */
    double kincaid;        /* 11.8 syl/word + 0.39 words/sentence - 15.59 */
    double mean_sentence;  /* words per sentence */
    double long_share;     /* long_sentences / sentences, 0..1 */
} fp_readability;

/* Syllables of one word as style counts them (at least 1). */
unsigned fp_syllables(const char *word, size_t len);

/* Count words and syllables in s[0..n) regardless of sentence structure
 * (for one clause). `syllables` may be NULL when only words are wanted. */
void fp_count_words(const char *s, size_t n, size_t *words, size_t *syllables);

/* Measure text laid out as style reads it. With no sentence, every number
 * is 0 and flesch/kincaid are 0. */
void fp_readability_measure(const char *s, size_t n, fp_readability *out);

/* The legal text of a document, as measured: body paragraphs, list items
 * and table cells of at least 8 words (shorter cells are labels), headings
 * left out; one paragraph per block, blank lines between, and a full stop
 * added where a paragraph ends without one (a list item or cell is a unit
 * of reading, and style would otherwise run it into the next one). Only
 * the body story is used. */
fp_status fp_readability_text(const fp_doc *d, fp_buf *out);

#endif
