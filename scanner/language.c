/* language.c - a cheap test of whether a document is in English: which
 * script its letters are in, and how many of its words are the function
 * words every English sentence is built from. No dictionary, no model. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "language.h"
#include "utf.h"

/* The commonest English function words (lower case), by length: a word is
 * packed into an integer, one byte a letter, and compared with the packed
 * words of its length. This runs on every word of every document. */
static const char *const function_words[] = {
    "a", "all", "an", "and", "any", "are", "as", "at", "be", "by", "for",
    "from", "has", "have", "if", "in", "is", "it", "its", "may", "not",
    "of", "on", "or", "our", "shall", "such", "that", "the", "these",
    "this", "to", "us", "we", "which", "will", "with", "you", "your",
};
#define NFUNCTION (sizeof function_words / sizeof function_words[0])
#define FUNCTION_MAXLEN 5

static uint64_t pack_lower(const char *w, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | fp_ascii_lower((unsigned char)w[i]);
    return v;
}

static struct {
    uint64_t words[FUNCTION_MAXLEN + 1][NFUNCTION];
    size_t n[FUNCTION_MAXLEN + 1];
} packed;
static pthread_once_t packed_once = PTHREAD_ONCE_INIT;

static void pack_function_words(void)
{
    for (size_t k = 0; k < NFUNCTION; k++) {
        size_t len = strlen(function_words[k]);
        packed.words[len][packed.n[len]++] = pack_lower(function_words[k], len);
    }
}

static int is_function_word(const char *w, size_t n)
{
    if (n > FUNCTION_MAXLEN)
        return 0;
    uint64_t v = pack_lower(w, n);
    for (size_t k = 0; k < packed.n[n]; k++)
        if (packed.words[n][k] == v)
            return 1;
    return 0;
}

/* Letters of scripts other than Latin: everything from Greek (U+0370) up,
 * less the punctuation, symbol and full-width punctuation blocks, which
 * any script's text may hold. */
static int is_other_letter(uint32_t cp)
{
    if (cp < 0x370)
        return 0;
    if (cp >= 0x1E00 && cp <= 0x1EFF) /* Latin Extended Additional */
        return 0;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
        cp == FP_REPLACEMENT_CHAR)
        return 0;
    return 1;
}

static int is_ascii_letter(unsigned char c)
{
    return (c | 32) >= 'a' && (c | 32) <= 'z';
}

void fp_language_add(fp_language *out, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    /* counted in locals: through `out` every word would be a store and a
     * reload, since the char text may alias it */
    size_t latin = 0, other = 0, words = 0, function = 0;
    pthread_once(&packed_once, pack_function_words);
    while (i < len) {
        if (is_ascii_letter(s[i])) {
            size_t start = i;
            while (i < len && is_ascii_letter(s[i]))
                i++;
            latin += i - start;
            words++;
            function += is_function_word(text + start, i - start);
            continue;
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int bad = 0;
        i += fp_utf8_decode(s + i, len - i, &cp, &bad);
        if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7)
            latin++;
        else if (is_other_letter(cp))
            other++;
    }
    out->latin_letters += latin;
    out->other_letters += other;
    out->words += words;
    out->function_words += function;
}

void fp_language_survey_doc(const fp_doc *d, fp_language *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < d->npara; i++) {
        const fp_para *p = &d->paras[i];
        if (p->kind == FP_PARA_BODY || p->kind == FP_PARA_LIST_ITEM)
            fp_language_add(out, d->text.data + p->start, p->end - p->start);
        if (out->latin_letters + out->other_letters >= FP_LANGUAGE_SAMPLE_LETTERS)
            break; /* the answer is settled; the rest of a long file adds time only */
    }
}

const char *fp_language_not_english(const fp_language *l)
{
    if (l->other_letters > l->latin_letters)
        return "most of its letters are not in the Latin script";
    if (l->words >= FP_LANGUAGE_MIN_WORDS &&
        (double)l->function_words < FP_LANGUAGE_MIN_FUNCTION_SHARE * (double)l->words)
        return "few of its words are English function words (the, of, and, to, you, ...)";
    return NULL;
}
