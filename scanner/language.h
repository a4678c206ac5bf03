/* language.h - is this text English? The rules and the readability formulas
 * are written for English; a document in another language would otherwise
 * be graded as "silent" on every risk, which misleads more than no grade. */
#ifndef FP_LANGUAGE_H
#define FP_LANGUAGE_H

#include <stddef.h>

typedef struct fp_language {
    size_t latin_letters; /* ASCII and Latin-1/Extended letters */
    size_t other_letters; /* letters of other scripts (CJK, Cyrillic, ...) */
    size_t words;         /* runs of ASCII letters */
    size_t function_words; /* of those, common English function words */
} fp_language;

/* Below this many words the function-word test says nothing. */
#define FP_LANGUAGE_MIN_WORDS 200
/* English prose, legal English included, runs at 30-45% function words;
 * French, German or Spanish written in ASCII letters stay under 8%. */
#define FP_LANGUAGE_MIN_FUNCTION_SHARE 0.15

/* The survey stops once its sample holds this many letters (some 20,000
 * words): enough to settle the answer, and a 13 MB file costs no more. */
#define FP_LANGUAGE_SAMPLE_LETTERS 100000

/* Add the signals of text[0..len) (UTF-8) to *out. */
void fp_language_add(fp_language *out, const char *text, size_t len);

/* Survey a document's body paragraphs and list items (headings and table
 * cells are names and labels more than prose), in order, up to the sample
 * size above. */
struct fp_doc;
void fp_language_survey_doc(const struct fp_doc *d, fp_language *out);

/* NULL when the survey looks like English; otherwise a static phrase that
 * says why not ("mostly in a non-Latin script", ...). */
const char *fp_language_not_english(const fp_language *l);

#endif
