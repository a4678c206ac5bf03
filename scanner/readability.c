/* readability.c - style-compatible word, sentence and syllable counts.
 * The rules are documented in readability.h and docs/scoring.md; they were
 * inferred by running GNU style 1.11 on probe texts, and
 * tests/test_readability.c checks them against style itself. */
#include "readability.h"

#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_alnum(char c)
{
    return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z');
}
static int is_vowel(char c)
{
    /* a switch, not strchr: this runs on every letter of every document */
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
        return 1;
    default:
        return 0;
    }
}
static int is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

unsigned fp_syllables(const char *w, size_t n)
{
    unsigned groups = 0;
    for (size_t i = 0; i < n; i++)
        if (is_vowel(w[i]) && (i == 0 || !is_vowel(w[i - 1])))
            groups++;
    if (n && is_vowel(w[n - 1]) && groups)
        groups--; /* a final vowel is silent: "the", "create", "data" */
    if (n >= 2 && w[n - 2] == 'e' && w[n - 1] == 'd' && groups)
        groups--; /* so is the "e" of a final "ed": "provided", "hoped" */
    return groups ? groups : 1;
}

/* Length of the word starting at s[i] (an ASCII letter or digit). */
static size_t word_length(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n) {
        char c = s[j];
        if (is_alnum(c) || c == '-') {
            j++;
        } else if ((c == '.' || c == ',') && is_digit(s[j - 1]) && j + 1 < n &&
                   is_digit(s[j + 1])) {
            j++; /* 3.5, 1,000 */
        } else if (c == '\'' && j + 1 < n && (s[j + 1] == 's' || s[j + 1] == 'S') &&
                   (j + 2 >= n || !is_alnum(s[j + 2]))) {
            j += 2; /* the user's */
        } else {
            break;
        }
    }
    return j - i;
}

/* Does the '.', ':', '?' or '!' at s[i] end a sentence? */
static int ends_sentence(const char *s, size_t n, size_t i)
{
    if (!strchr(".:?!", s[i]))
        return 0;
    if (i + 1 >= n)
        return 1;
    char next = s[i + 1];
    return is_space(next) || next == '"' || next == '\'';
}

void fp_count_words(const char *s, size_t n, size_t *words, size_t *syllables)
{
    size_t w = 0, syl = 0;
    for (size_t i = 0; i < n;) {
        if (!is_alnum(s[i])) {
            i++;
            continue;
        }
        size_t len = word_length(s, n, i);
        w++;
        if (syllables)
            syl += fp_syllables(s + i, len);
        i += len;
    }
    *words = w;
    if (syllables)
        *syllables = syl;
}

static void add_sentence(fp_readability *r, size_t words, size_t syl)
{
    r->sentences++;
    r->words += words;
    r->syllables += syl;
    if (words > FP_LONG_SENTENCE_WORDS)
        r->long_sentences++;
    if (words > r->longest)
        r->longest = words;
}

void fp_readability_measure(const char *s, size_t n, fp_readability *r)
{
    memset(r, 0, sizeof *r);
    int in_sentence = 0;
    size_t words = 0, syl = 0;
    for (size_t i = 0; i < n;) {
        if (is_alnum(s[i])) {
            size_t len = word_length(s, n, i);
            if (!in_sentence && is_upper(s[i])) {
                in_sentence = 1; /* a sentence opens on a capitalised word */
                words = syl = 0;
            }
            if (in_sentence) {
                words++;
                syl += fp_syllables(s + i, len);
            }
            i += len;
            continue;
        }
        if (in_sentence && ends_sentence(s, n, i)) {
            add_sentence(r, words, syl);
            in_sentence = 0;
        }
        i++;
    }
    if (!r->sentences || !r->words)
        return;
    double wps = (double)r->words / (double)r->sentences;
    double spw = (double)r->syllables / (double)r->words;
    r->flesch = 206.835 - 84.6 * spw - 1.015 * wps;
    r->kincaid = 11.8 * spw + 0.39 * wps - 15.59;
    r->mean_sentence = wps;
    r->long_share = (double)r->long_sentences / (double)r->sentences;
}

/* Is the paragraph part of the legal text that is measured? */
static int measured(const fp_doc *d, const fp_para *p)
{
    if (p->story != FP_STORY_BODY || p->kind == FP_PARA_HEADING)
        return 0;
    if (p->kind != FP_PARA_TABLE_CELL)
        return 1;
    size_t words;
    fp_count_words(d->text.data + p->start, p->end - p->start, &words, NULL);
    return words >= 8; /* shorter cells are labels and figures */
}

static int has_terminal(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\''))
        n--;
    return n && strchr(".:?!", s[n - 1]);
}

fp_status fp_readability_text(const fp_doc *d, fp_buf *out)
{
    fp_status st = fp_buf_reserve(out, d->text.len + d->npara * 3);
    for (size_t i = 0; !st && i < d->npara; i++) {
        const fp_para *p = &d->paras[i];
        if (!measured(d, p))
            continue;
        const char *s = d->text.data + p->start;
        size_t n = p->end - p->start;
        st = fp_buf_append(out, s, n);
        if (!st && !has_terminal(s, n))
            st = fp_buf_putc(out, '.');
        if (!st)
            st = fp_buf_puts(out, "\n\n");
    }
    return st;
}
