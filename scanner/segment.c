/* segment.c - labels, headings, sections and sentences.
 *
 * Works on the normalised text, so the same code serves text, Markdown,
 * HTML and DOCX. Sentence boundaries are '.', '!' or '?' followed by a space
 * and a capital, digit, quote or bracket, unless the word before the '.' is
 * a known abbreviation (Inc., U.S., e.g., Sec., No. ...), an initial, or the
 * clause number that opens the paragraph. */
#include "segment.h"

#include <stdio.h>
#include <string.h>

#include "utf.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(char c) { return is_upper(c) || is_lower(c); }

/* ------------------------------------------------------------------ labels */

static size_t copy_label(char label[FP_LABEL_MAX], const char *s, size_t n)
{
    if (n >= FP_LABEL_MAX)
        n = FP_LABEL_MAX - 1;
    memcpy(label, s, n);
    label[n] = '\0';
    return n;
}

/* digits(.digits)* ; returns length, 0 if none */
static size_t dotted_number(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 4 && is_digit(s[i]))
        i++;
    if (i == 0)
        return 0;
    while (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
        i++;
        while (i < n && is_digit(s[i]))
            i++;
    }
    return i;
}

static size_t roman_number(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 6 && strchr("IVXLC", s[i]) && s[i])
        i++;
    return i;
}

/* After a label: optional '.' or ':' then a space (or the end). */
static size_t label_tail(const char *s, size_t n, size_t i, int need_dot)
{
    int dot = 0;
    if (i < n && (s[i] == '.' || s[i] == ':')) {
        i++;
        dot = 1;
    }
    if (need_dot && !dot)
        return 0;
    if (i == n)
        return i;
    if (s[i] != ' ')
        return 0;
    return i + 1;
}

static size_t word_label(const char *s, size_t n, char label[FP_LABEL_MAX])
{
    static const char *words[] = {"Section ", "SECTION ", "Article ",
                                  "ARTICLE ", "Clause ",  "CLAUSE ",
                                  "Sec. ",    "Art. ",    NULL};
    if (!n || !strchr("SAC", s[0]))
        return 0; /* the initials of the words above; most paragraphs differ */
    for (int w = 0; words[w]; w++) {
        size_t k = strlen(words[w]);
        if (n <= k || strncmp(s, words[w], k))
            continue;
        size_t num = dotted_number(s + k, n - k);
        if (!num)
            num = roman_number(s + k, n - k);
        if (!num)
            continue;
        size_t end = label_tail(s, n, k + num, 0);
        if (end) {
            copy_label(label, s, k + num);
            return end;
        }
    }
    return 0;
}

size_t fp_parse_label(const char *s, size_t n, char label[FP_LABEL_MAX])
{
    label[0] = '\0';
    size_t k = word_label(s, n, label);
    if (k)
        return k;
    if (n >= 3 && s[0] == '(') { /* (a) (iv) (12) */
        size_t i = 1;
        while (i < n && i <= 5 && (is_alpha(s[i]) || is_digit(s[i])))
            i++;
        if (i > 1 && i < n && s[i] == ')') {
            size_t end = label_tail(s, n, i + 1, 0);
            if (end) {
                copy_label(label, s, i + 1);
                return end;
            }
        }
        return 0;
    }
    if (n >= 3 && is_lower(s[0]) && s[1] == ')' && s[2] == ' ') { /* a) */
        label[0] = '(';
        label[1] = s[0];
        label[2] = ')';
        label[3] = '\0';
        return 3;
    }
    size_t num = dotted_number(s, n);
    if (num) {
        int dotted = memchr(s, '.', num) != NULL;
        size_t end = label_tail(s, n, num, !dotted);
        /* "2023 was" is a year, not a clause; a label is short */
        if (end && (dotted || num <= 3)) {
            copy_label(label, s, num);
            return end;
        }
        return 0;
    }
    size_t rom = roman_number(s, n);
    if (rom && rom < n && s[rom] == '.') {
        size_t end = label_tail(s, n, rom, 1);
        if (end) {
            copy_label(label, s, rom);
            return end;
        }
    }
    if (n >= 3 && is_upper(s[0]) && s[1] == '.' && s[2] == ' ' &&
        n > 3 && is_upper(s[3])) { /* "A. Definitions" */
        copy_label(label, s, 1);
        return 3;
    }
    return 0;
}

/* ---------------------------------------------------------------- headings */

typedef struct word_stats {
    size_t words, capitalised, letters, upper;
} word_stats;

/* Does the word s[0..n) equal one of the words (exact case)? */
static int word_in(const char *s, size_t n, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (strlen(words[k]) == n && !strncmp(s, words[k], n))
            return 1;
    return 0;
}

/* The next word of s[0..n) from *i: its start, with *i moved past it (to n
 * and a start of n when there is none). */
static size_t next_word(const char *s, size_t n, size_t *i)
{
    while (*i < n && s[*i] == ' ')
        (*i)++;
    size_t w = *i;
    while (*i < n && s[*i] != ' ')
        (*i)++;
    return w;
}

static word_stats count_words(const char *s, size_t n)
{
    static const char *small[] = {"of", "and", "or", "the", "to", "for", "in",
                                  "on", "a", "an", "by", "with", "our", "your",
                                  "&", NULL};
    word_stats ws = {0};
    for (size_t i = 0; i < n;) {
        size_t w = next_word(s, n, &i);
        if (i == w)
            break;
        ws.words++;
        if (word_in(s + w, i - w, small) || !is_lower(s[w]))
            ws.capitalised++;
        for (size_t k = w; k < i; k++) {
            ws.letters += is_alpha(s[k]);
            ws.upper += is_upper(s[k]);
        }
    }
    return ws;
}

/* Length of the first word of s[0..n). */
static size_t first_word_len(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && s[k] != ' ')
        k++;
    return k;
}

/* Does any word of s[0..n) equal one of the words (exact case)? */
static int any_word_in(const char *s, size_t n, const char *const *words)
{
    for (size_t i = 0; i < n;) {
        size_t w = next_word(s, n, &i);
        if (i > w && word_in(s + w, i - w, words))
            return 1;
    }
    return 0;
}

/* A clause set in capitals for conspicuousness, with its full stop lost
 * ("THE SERVICES ARE PROVIDED "AS IS" AND "AS AVAILABLE""), is a sentence:
 * it quotes, or it states with a finite verb of the kinds clauses use. An
 * FAQ-style heading ("WHO IS RESPONSIBLE FOR YOUR CONTENT") asks instead. */
static int caps_line_states_clause(const char *s, size_t n, size_t words)
{
    static const char *const asking[] = {"WHO", "WHAT", "WHEN", "WHERE", "WHY", "HOW",
                                         "CAN", "DO", "DOES", "WILL", "IS", "ARE", NULL};
    static const char *const verbs[] = {"IS", "ARE", "SHALL", "WILL", "MUST", "AGREE",
                                        "AGREES", "DISCLAIM", "DISCLAIMS", "WARRANT",
                                        "WARRANTS", "PROVIDED", NULL};
    if (words < 6)
        return 0;
    size_t first = first_word_len(s, n);
    if (word_in(s, first, asking))
        return 0;
    return memchr(s, '"', n) || any_word_in(s + first, n - first, verbs);
}

/* A line in title style whose verb is in lower case ("Acme and these Terms
 * are governed by the laws of Ohio", "You use the Services on an "as is"
 * basis") is a sentence with many proper nouns and its full stop lost: a
 * title capitalises its verbs. A question ("Who is Responsible for Your
 * Content") stays a heading. */
static int title_line_has_verb(const char *s, size_t n)
{
    static const char *const asking[] = {"Who", "What", "When", "Where", "Why", "How",
                                         "Can", "Do", "Does", "Will", "Is", "Are", NULL};
    static const char *const verbs[] = {"is", "are", "will", "shall", "may", "must", "can",
                                        "cannot", "agree", "agrees", "use", "governed",
                                        "provided", "reserves", "apply", "applies",
                                        "accept", "accepts", NULL};
    size_t first = first_word_len(s, n);
    return !word_in(s, first, asking) && any_word_in(s + first, n - first, verbs);
}

int fp_line_states_clause(const char *s, size_t n)
{
    word_stats ws = count_words(s, n);
    if (ws.letters && ws.upper == ws.letters)
        return caps_line_states_clause(s, n, ws.words);
    return title_line_has_verb(s, n);
}

/* A field line "Governing law: England and Wales", "Court of jurisdiction:
 * Vienna" gives a value after its name; a heading with a colon names a part
 * ("Section 5: Fees", "Exhibit A: Pricing", "Part II: Definitions"): its
 * name ends with a number or a one-letter label. */
static int is_field_line(const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    if (!colon || colon == s || (size_t)(colon - s) + 2 >= n || colon[1] != ' ')
        return 0;
    size_t key = (size_t)(colon - s), w = key;
    while (w > 0 && s[w - 1] != ' ')
        w--;
    int label_like = key - w <= 1;
    for (size_t k = w; k < key && !label_like; k++)
        if (is_digit(s[k]))
            label_like = 1;
    if (!label_like) {
        static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI", "VII",
                                            "VIII", "IX", "X", "XI", "XII", NULL};
        label_like = word_in(s + w, key - w, roman);
    }
    return !label_like && count_words(s, key).words <= 4 &&
           count_words(colon + 1, n - key - 1).letters >= 2;
}

/* A short line in title style: "12. LIMITATION OF LIABILITY", "Your
 * Content", "Section 5 Fees". A full sentence in capitals is not one. */
static int looks_like_heading(const char *s, size_t n, int has_label)
{
    if (n == 0 || n > 120)
        return 0;
    word_stats ws = count_words(s, n);
    if (ws.words == 0 || ws.words > 14 || ws.letters < 2)
        return 0;
    char last = s[n - 1];
    int all_caps = ws.upper == ws.letters;
    if (all_caps && !has_label && caps_line_states_clause(s, n, ws.words))
        return 0;
    if (last == '.' && !(has_label && ws.words <= 7 &&
                         (all_caps || ws.capitalised == ws.words)))
        return 0;
    if (strchr(",;:!?", last) || (last == '.' && !has_label && !all_caps))
        return 0;
    if (!is_upper(s[0]) && !is_digit(s[0]) && !has_label)
        return 0;
    if (!all_caps && !has_label && title_line_has_verb(s, n))
        return 0;
    if (is_field_line(s, n))
        return 0;
    return all_caps || ws.capitalised * 4 >= ws.words * 3 + (ws.words > 1);
}

/* ---------------------------------------------------------------- sections */

static int is_sub_label(const char *label)
{
    return label[0] == '(';
}

typedef struct section_state {
    char number[FP_LABEL_MAX]; /* last numbered clause: "12.3" */
    char section[FP_LABEL_MAX * 2];
    size_t heading;
} section_state;

static void assign_section(fp_doc *d, size_t index, section_state *ss)
{
    fp_para *p = &d->paras[index];
    if (p->kind == FP_PARA_HEADING) {
        ss->heading = index;
        if (!p->label[0]) { /* a titled section without a number */
            ss->number[0] = '\0';
            ss->section[0] = '\0';
        }
    }
    if (p->label[0] && is_sub_label(p->label)) {
        snprintf(ss->section, sizeof ss->section, "%s%s", ss->number, p->label);
    } else if (p->label[0] && p->kind != FP_PARA_LIST_ITEM) {
        snprintf(ss->number, sizeof ss->number, "%s", p->label);
        snprintf(ss->section, sizeof ss->section, "%s", p->label);
    }
    snprintf(p->section, sizeof p->section, "%s",
             p->label[0] && p->kind == FP_PARA_LIST_ITEM && !ss->section[0]
                 ? p->label : ss->section);
    p->heading = ss->heading;
}

static void classify_paragraphs(fp_doc *d)
{
    section_state ss = {.heading = FP_NONE};
    for (size_t i = 0; i < d->npara; i++) {
        fp_para *p = &d->paras[i];
        const char *s = d->text.data + p->start;
        size_t n = p->end - p->start;
        size_t skip = 0;
        if (!p->label[0]) {
            char label[FP_LABEL_MAX];
            skip = fp_parse_label(s, n, label);
            if (skip)
                memcpy(p->label, label, sizeof label);
        }
        if (p->kind == FP_PARA_BODY &&
            looks_like_heading(s + skip, n - skip, skip > 0))
            p->kind = FP_PARA_HEADING;
        assign_section(d, i, &ss);
    }
}

/* --------------------------------------------------------------- sentences */

int fp_is_abbreviation(const char *s, size_t start, size_t end)
{
    static const char *abbrev[] = {
        "inc", "ltd", "co", "corp", "llc", "llp", "plc", "bv", "gmbh", "ag",
        "sa", "nv", "pty", "e.g", "i.e", "eg", "ie", "viz", "cf", "sec",
        "secs", "no", "nos", "v", "vs", "mr", "mrs", "ms", "dr", "st", "art",
        "para", "paras", "cl", "ch", "pp", "p", "ref", "approx", "dept",
        "est", "fig", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec", "u.s", "u.k", "u.s.a", "e.u", "n.a", "s.a",
        "l.l.c", "l.p", "inc", "jr", "sr", "govt", "int'l", "intl", "max",
        "min", "incl", "et al", "al", NULL};
    size_t w = end;
    while (w > start && s[w - 1] != ' ' && s[w - 1] != '(' && s[w - 1] != '"')
        w--;
    size_t n = end - w;
    if (n == 0)
        return 0;
    if (n == 1 && is_alpha(s[w]))
        return 1; /* an initial: "J. Smith", "Plan A." is rare */
    if (memchr(s + w, '.', n))
        return 1; /* U.S, e.g, i.e and other dotted forms */
    char low[16];
    if (n > 6) /* longer than the longest entry ("approx") */
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)fp_ascii_lower((unsigned char)s[w + i]);
    low[n] = '\0';
    for (int k = 0; abbrev[k]; k++)
        if (!strcmp(low, abbrev[k]))
            return 1;
    return 0;
}

static int opens_sentence(unsigned char c)
{
    return is_upper((char)c) || is_digit((char)c) || c == '"' || c == '\'' ||
           c == '(' || c == '[' || c >= 0xC0;
}

static fp_status add_sentence(fp_doc *d, size_t start, size_t end, size_t para)
{
    while (start < end && d->text.data[start] == ' ')
        start++;
    while (end > start && d->text.data[end - 1] == ' ')
        end--;
    if (end <= start)
        return FP_OK;
    fp_status st = fp_grow((void **)&d->sents, &d->capsent, d->nsent + 1,
                           sizeof *d->sents);
    if (st)
        return st;
    d->sents[d->nsent++] = (fp_sentence){start, end, para};
    return FP_OK;
}

/* Where a '.' at i closes a sentence, return the offset just past the
 * closing quotes or brackets; return 0 when it does not. */
static size_t sentence_break(const fp_doc *d, const fp_para *p,
                             size_t sent_start, size_t i, size_t label_end)
{
    const char *s = d->text.data;
    size_t j = i + 1;
    while (j < p->end && (s[j] == '"' || s[j] == '\'' || s[j] == ')'))
        j++;
    if (j >= p->end || s[j] != ' ')
        return 0;
    size_t k = j;
    while (k < p->end && s[k] == ' ')
        k++;
    if (k >= p->end || !opens_sentence((unsigned char)s[k]))
        return 0;
    if (s[i] == '.' && (i < label_end || fp_is_abbreviation(s, sent_start, i)))
        return 0;
    return j;
}

/* The first '.', '!' or '?' in s[i..lim), or lim. Eight bytes at a time:
 * this scan touches every byte of every document. */
static size_t next_terminator(const char *s, size_t i, size_t lim)
{
    while (lim > i && lim - i >= 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (fp_swar_has_byte(x, '.') | fp_swar_has_byte(x, '!') | fp_swar_has_byte(x, '?'))
            break;
        i += 8;
    }
    while (i < lim && s[i] != '.' && s[i] != '!' && s[i] != '?')
        i++;
    return i;
}

/* Cut an over-long sentence at the last space before the limit. */
static size_t forced_cut(const fp_doc *d, size_t start, size_t limit)
{
    size_t cut = start + limit;
    while (cut > start + limit / 2 && d->text.data[cut] != ' ')
        cut--;
    return cut > start + limit / 2 ? cut : start + limit;
}

static fp_status split_paragraph(fp_doc *d, size_t index, size_t max,
                                 size_t *forced)
{
    const fp_para *p = &d->paras[index];
    const char *s = d->text.data;
    char label[FP_LABEL_MAX];
    size_t label_end = p->start + fp_parse_label(s + p->start, p->end - p->start, label);
    size_t start = p->start;
    for (size_t i = p->start; i < p->end; i++) {
        i = next_terminator(s, i, p->end < start + max ? p->end : start + max);
        if (i >= p->end)
            break;
        if (i - start >= max) {
            size_t cut = forced_cut(d, start, max);
            fp_status st = add_sentence(d, start, cut, index);
            if (st)
                return st;
            (*forced)++;
            start = i = cut;
            continue;
        }
        size_t end = sentence_break(d, p, start, i, label_end);
        if (!end)
            continue;
        fp_status st = add_sentence(d, start, end, index);
        if (st)
            return st;
        start = end;
        i = end - 1; /* resume after the closing quotes */
    }
    return add_sentence(d, start, p->end, index);
}

fp_status fp_segment(fp_doc *d, size_t max_sentence)
{
    if (max_sentence < 64)
        max_sentence = 64;
    classify_paragraphs(d);
    size_t forced = 0;
    for (size_t i = 0; i < d->npara; i++) {
        fp_status st = split_paragraph(d, i, max_sentence, &forced);
        if (st)
            return st;
    }
    if (forced)
        fp_doc_warn(d, "%zu over-long sentences were cut at %zu bytes "
                       "(sentence-bytes limit)", forced, max_sentence);
    return FP_OK;
}
