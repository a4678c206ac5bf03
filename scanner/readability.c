/* readability.c - style-compatible word, sentence and syllable counts.
 * The rules are documented in readability.h and docs/scoring.md; they were
 * inferred by running GNU style 1.11 on probe texts, and
 * tests/test_readability.c checks them against style itself. */
#include "readability.h"

#include <string.h>

/* Byte classes, one table lookup instead of chains of range tests: the
 * word and syllable loops below run on every byte of every document. */
enum { C_DIGIT = 1, C_UPPER = 2, C_LOWER = 4, C_VOWEL = 8, C_SPACE = 16, C_STOP = 32 };
#define C_ALNUM (C_DIGIT | C_UPPER | C_LOWER)

static const unsigned char cls[256] = {
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
    ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
    ['A'] = C_UPPER, ['B'] = C_UPPER, ['C'] = C_UPPER, ['D'] = C_UPPER, ['E'] = C_UPPER,
    ['F'] = C_UPPER, ['G'] = C_UPPER, ['H'] = C_UPPER, ['I'] = C_UPPER, ['J'] = C_UPPER,
    ['K'] = C_UPPER, ['L'] = C_UPPER, ['M'] = C_UPPER, ['N'] = C_UPPER, ['O'] = C_UPPER,
    ['P'] = C_UPPER, ['Q'] = C_UPPER, ['R'] = C_UPPER, ['S'] = C_UPPER, ['T'] = C_UPPER,
    ['U'] = C_UPPER, ['V'] = C_UPPER, ['W'] = C_UPPER, ['X'] = C_UPPER, ['Y'] = C_UPPER,
    ['Z'] = C_UPPER,
    /* capitals are not vowels (readability.h) */
    ['a'] = C_LOWER | C_VOWEL, ['b'] = C_LOWER, ['c'] = C_LOWER, ['d'] = C_LOWER,
    ['e'] = C_LOWER | C_VOWEL, ['f'] = C_LOWER, ['g'] = C_LOWER, ['h'] = C_LOWER,
    ['i'] = C_LOWER | C_VOWEL, ['j'] = C_LOWER, ['k'] = C_LOWER, ['l'] = C_LOWER,
    ['m'] = C_LOWER, ['n'] = C_LOWER, ['o'] = C_LOWER | C_VOWEL, ['p'] = C_LOWER,
    ['q'] = C_LOWER, ['r'] = C_LOWER, ['s'] = C_LOWER, ['t'] = C_LOWER,
    ['u'] = C_LOWER | C_VOWEL, ['v'] = C_LOWER, ['w'] = C_LOWER, ['x'] = C_LOWER,
    ['y'] = C_LOWER | C_VOWEL, ['z'] = C_LOWER,
    [' '] = C_SPACE, ['\n'] = C_SPACE, ['\t'] = C_SPACE, ['\r'] = C_SPACE,
    /* NUL too: the test this replaces was strchr(".:?!", c), which finds it */
    ['\0'] = C_STOP, ['.'] = C_STOP, [':'] = C_STOP, ['?'] = C_STOP, ['!'] = C_STOP,
};
#define IS(c, k) (cls[(unsigned char)(c)] & (k))

static int is_digit(char c) { return IS(c, C_DIGIT); }
static int is_upper(char c) { return IS(c, C_UPPER); }
static int is_alnum(char c) { return IS(c, C_ALNUM); }
static int is_vowel(char c) { return IS(c, C_VOWEL); }
static int is_space(char c) { return IS(c, C_SPACE); }

/* Final-letter corrections of fp_syllables to a raw count of vowel groups. */
static unsigned syllable_ends(const char *w, size_t n, unsigned groups)
{
    if (n && is_vowel(w[n - 1]) && groups)
        groups--; /* a final vowel is silent: "the", "create", "data" */
    if (n >= 2 && w[n - 2] == 'e' && w[n - 1] == 'd' && groups)
        groups--; /* so is the "e" of a final "ed": "provided", "hoped" */
    return groups ? groups : 1;
}

unsigned fp_syllables(const char *w, size_t n)
{
    unsigned groups = 0;
    int prev = 0;
    for (size_t i = 0; i < n; i++) {
        int v = is_vowel(w[i]) != 0;
        groups += v & !prev;
        prev = v;
    }
    return syllable_ends(w, n, groups);
}

/* Length of the word starting at s[i] (an ASCII letter or digit). */
static size_t word_length(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n) {
        char c = s[j];
        if (IS(c, C_ALNUM) || c == '-') {
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

/* word_length and fp_syllables in one pass over the word: its length, and
 * its syllables in *syl. The bytes a word takes beyond letters and digits
 * ('-', the '.' of 3.5, the "'s") are not vowels. */
static size_t word_syllables(const char *s, size_t n, size_t i, unsigned *syl)
{
    size_t j = i + 1;
    unsigned prev = is_vowel(s[i]) != 0, groups = prev;
    while (j < n) {
        char c = s[j];
        unsigned k = cls[(unsigned char)c];
        if ((k & C_ALNUM) || c == '-') {
            unsigned v = (k & C_VOWEL) != 0;
            groups += v & !prev;
            prev = v;
            j++;
        } else if ((c == '.' || c == ',') && is_digit(s[j - 1]) && j + 1 < n &&
                   is_digit(s[j + 1])) {
            prev = 0;
            j++; /* 3.5, 1,000 */
        } else if (c == '\'' && j + 1 < n && (s[j + 1] == 's' || s[j + 1] == 'S') &&
                   (j + 2 >= n || !is_alnum(s[j + 2]))) {
            prev = 0;
            j += 2; /* the user's */
        } else {
            break;
        }
    }
    *syl = syllable_ends(s + i, j - i, groups);
    return j - i;
}

/* Does the '.', ':', '?' or '!' at s[i] end a sentence? */
static int ends_sentence(const char *s, size_t n, size_t i)
{
    if (!IS(s[i], C_STOP))
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
        unsigned ws = 0;
        i += syllables ? word_syllables(s, n, i, &ws) : word_length(s, n, i);
        w++;
        syl += ws;
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
            if (!in_sentence && is_upper(s[i])) {
                in_sentence = 1; /* a sentence opens on a capitalised word */
                words = syl = 0;
            }
            if (in_sentence) {
                unsigned ws;
                i += word_syllables(s, n, i, &ws);
                words++;
                syl += ws;
            } else {
                i += word_length(s, n, i);
            }
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
