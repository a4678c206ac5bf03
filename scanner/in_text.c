/* in_text.c - plain text and Markdown.
 *
 * Decoding: a BOM decides (UTF-8, UTF-16LE/BE); otherwise NUL bytes mean
 * UTF-16 without a BOM (when they fall in a UTF-16 pattern) or binary data;
 * otherwise valid UTF-8 is taken as it is, mostly-valid UTF-8 is repaired
 * with U+FFFD, and 8-bit text with no UTF-8 sequences is read as
 * Windows-1252. Every choice other than clean UTF-8 is reported as a warning.
 *
 * Structure: paragraphs are blocks of lines; a numbered line ("12.3",
 * "Section 5", "(a)") starts a new one, and a short title-like line is a
 * paragraph of its own. Markdown headings, list items, block quotes, tables
 * and inline markup (emphasis, links, code spans, HTML tags, entities) are
 * read as structure and are never matched as text. */
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "segment.h"
#include "utf.h"

/* --------------------------------------------------------------- decoding */

fp_status fp_decode_utf16(fp_doc *d, size_t start, int big_endian)
{
    const unsigned char *s = d->src;
    size_t n = d->src_len, bad = 0, i = start;
    fp_buf out = {0};
    fp_offmap map = {0};
    fp_status st = fp_buf_reserve(&out, (n - start) / 2 + 16);
    while (!st && i + 1 < n) {
        uint32_t u = big_endian ? (uint32_t)(s[i] << 8 | s[i + 1])
                                : (uint32_t)(s[i] | s[i + 1] << 8);
        size_t used = 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            uint32_t lo = big_endian ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
                                     : (uint32_t)(s[i + 2] | s[i + 3] << 8);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                used = 4;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) {
            u = FP_REPLACEMENT_CHAR;
            bad++;
        }
        char enc[4];
        size_t k = fp_utf8_encode(u, enc);
        st = fp_offmap_note(&map, out.len, i, k == 1 ? 2 : 0);
        if (!st)
            st = fp_buf_append(&out, enc, k);
        i += used;
    }
    if (!st) {
        if (i < n)
            fp_doc_warn(d, "odd trailing byte ignored at the end of UTF-16 text");
        if (bad)
            fp_doc_warn(d, "%zu unpaired UTF-16 surrogates replaced with U+FFFD",
                        bad);
    }
    return fp_doc_adopt_decoded(d, &out, &map, st);
}

fp_status fp_decode_cp1252(fp_doc *d)
{
    fp_buf out = {0};
    fp_offmap map = {0};
    fp_status st = fp_buf_reserve(&out, d->src_len + d->src_len / 4 + 16);
    for (size_t i = 0; !st && i < d->src_len; i++) {
        char enc[4];
        size_t k = fp_utf8_encode(fp_cp1252_to_unicode(d->src[i]), enc);
        st = fp_offmap_note(&map, out.len, i, k == 1 ? 1 : 0);
        if (!st)
            st = fp_buf_append(&out, enc, k);
    }
    return fp_doc_adopt_decoded(d, &out, &map, st);
}

/* Zero bytes in one parity and (almost) none in the other is UTF-16. Returns
 * 1 for little endian, 2 for big endian, 0 when it does not look like it. */
static int guess_utf16(const unsigned char *s, size_t n)
{
    size_t sample = n < 65536 ? n : 65536, zero_even = 0, zero_odd = 0;
    for (size_t i = 0; i < sample; i++)
        if (s[i] == 0)
            *(i % 2 ? &zero_odd : &zero_even) += 1;
    size_t half = sample / 2;
    if (half < 2)
        return 0;
    if (zero_odd * 10 >= half * 3 && zero_even * 50 < half)
        return 1;
    if (zero_even * 10 >= half * 3 && zero_odd * 50 < half)
        return 2;
    return 0;
}

/* Decide the encoding and set up the decoded view. *skip receives the
 * length of a UTF-8 BOM to jump over. */
static fp_status decode(fp_doc *d, size_t *skip)
{
    const unsigned char *s = d->src;
    size_t n = d->src_len;
    *skip = 0;
    if (n >= 4 && ((s[0] == 0xFF && s[1] == 0xFE && !s[2] && !s[3]) ||
                   (!s[0] && !s[1] && s[2] == 0xFE && s[3] == 0xFF)))
        return fp_doc_fail(d, FP_ERR_ENCODING,
                           "UTF-32 text is not supported; convert it to UTF-8");
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        return fp_decode_utf16(d, 2, 0);
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        return fp_decode_utf16(d, 2, 1);
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        *skip = 3;
    const unsigned char *nul = memchr(s, 0, n);
    if (nul) {
        int guess = guess_utf16(s, n);
        if (!guess)
            return fp_doc_fail(d, FP_ERR_BINARY,
                               "binary data (NUL byte at offset %zu), not text",
                               (size_t)(nul - s));
        fp_doc_warn(d, "no byte-order mark: decoded as UTF-16%s from the "
                       "pattern of zero bytes", guess == 1 ? "LE" : "BE");
        return fp_decode_utf16(d, 0, guess == 2);
    }
    size_t invalid, multibyte;
    fp_utf8_survey(s, n, &invalid, &multibyte);
    if (!invalid)
        return FP_OK;
    if (multibyte == 0 || invalid > multibyte) {
        fp_doc_warn(d, "not valid UTF-8 (%zu invalid sequences): decoded as "
                       "Windows-1252", invalid);
        return fp_decode_cp1252(d);
    }
    fp_doc_warn(d, "%zu invalid UTF-8 sequences replaced with U+FFFD",
                invalid);
    return FP_OK;
}

/* ------------------------------------------------------------ line tools */

typedef struct line {
    size_t start, end; /* offsets in dec, end excludes the line break */
} line;

static int next_line(const fp_doc *d, size_t *pos, line *out)
{
    if (*pos >= d->dec_len)
        return 0;
    size_t i = *pos;
    const char *nl = memchr(d->dec + i, '\n', d->dec_len - i);
    const char *cr = memchr(d->dec + i, '\r', (nl ? (size_t)(nl - d->dec) : d->dec_len) - i);
    size_t end = cr ? (size_t)(cr - d->dec) : nl ? (size_t)(nl - d->dec) : d->dec_len;
    out->start = i;
    out->end = end;
    if (cr && end + 1 < d->dec_len && d->dec[end + 1] == '\n')
        *pos = end + 2;
    else
        *pos = end + 1;
    return 1;
}

static size_t skip_blanks(const char *s, size_t i, size_t end)
{
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

static int is_blank(const char *s, line l)
{
    for (size_t i = l.start; i < l.end; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(char c) { return is_upper(c) || is_lower(c); }

static int starts_with_word(const char *s, size_t i, size_t end,
                            const char *word)
{
    size_t n = strlen(word);
    return end - i > n && strncmp(s + i, word, n) == 0 &&
           (s[i + n] == ' ' || s[i + n] == '\t');
}

/* Does the line open with a clause number: "12.", "12.3", "5 Fees",
 * "Section 5", "Article IV", "(a)", "a)"? */
static int starts_with_label(const char *s, line l)
{
    size_t i = skip_blanks(s, l.start, l.end), end = l.end;
    static const char *words[] = {"Section", "SECTION", "Article",
                                  "ARTICLE", "Clause", "CLAUSE", NULL};
    for (int w = 0; words[w]; w++)
        if (starts_with_word(s, i, end, words[w]))
            return 1;
    if (i < end && s[i] == '(') {
        size_t j = i + 1;
        while (j < end && j - i <= 5 && (is_alpha(s[j]) || is_digit(s[j])))
            j++;
        return j > i + 1 && j < end && s[j] == ')';
    }
    size_t j = i;
    while (j < end && j - i < 4 && is_digit(s[j]))
        j++;
    if (j == i) {
        if (i + 2 < end && is_lower(s[i]) && s[i + 1] == ')' && s[i + 2] == ' ')
            return 1;
        return 0;
    }
    int dotted = 0;
    while (j + 1 < end && s[j] == '.' && is_digit(s[j + 1])) {
        dotted = 1;
        j++;
        while (j < end && is_digit(s[j]))
            j++;
    }
    if (j < end && s[j] == '.') {
        dotted = 1;
        j++;
    }
    if (j >= end || (s[j] != ' ' && s[j] != '\t'))
        return 0;
    size_t k = skip_blanks(s, j, end);
    /* "12. Fees" and "12.3 fees" are labels; "12 months" is not */
    return k < end && (dotted || is_upper(s[k]));
}

/* A short line in title style with no closing punctuation ("Limitation of
 * Liability", "YOUR CONTENT") stands as a heading of its own. */
static int is_title_line(const char *s, line l)
{
    size_t i = skip_blanks(s, l.start, l.end), end = l.end;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    if (end <= i || end - i > 90)
        return 0;
    char last = s[end - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':' ||
        last == '!' || last == '?' || last == '"' || last == '-')
        return 0;
    if (!is_upper(s[i]) && !is_digit(s[i]))
        return 0;
    if (fp_line_states_clause(s + i, end - i))
        return 0;
    static const char *small[] = {"of", "and", "or", "the", "to", "for", "in",
                                  "on", "a", "an", "by", "with", "&", NULL};
    size_t words = 0, capital = 0;
    for (size_t k = i; k < end;) {
        while (k < end && s[k] == ' ')
            k++;
        size_t w = k;
        while (k < end && s[k] != ' ')
            k++;
        if (k == w)
            break;
        words++;
        int is_small = 0;
        for (int m = 0; small[m]; m++)
            if (k - w == strlen(small[m]) && !strncmp(s + w, small[m], k - w))
                is_small = 1;
        if (is_small || !is_lower(s[w]))
            capital++;
    }
    return words >= 1 && words <= 12 && capital * 4 >= words * 3 + (words > 1);
}

/* ------------------------------------------------------------ plain text */

/* Does the line end inside a sentence (no closing punctuation)? A
 * title-style line after it continues the sentence: a clause in capitals
 * wrapped at 72 columns is not a run of headings. */
static int ends_open(const char *s, line l)
{
    size_t end = l.end;
    while (end > l.start && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
        end--;
    return end > l.start && !strchr(".:;!?", s[end - 1]);
}

static fp_status ingest_plain(fp_doc *d, size_t pos)
{
    line l;
    int prev_title = 0, prev_open = 0;
    while (next_line(d, &pos, &l) && !d->err) {
        if (is_blank(d->dec, l)) {
            fp_doc_para_end(d, NULL);
            prev_title = prev_open = 0;
            continue;
        }
        int title = !prev_open && is_title_line(d->dec, l);
        if (!fp_doc_current_para(d) || prev_title || title ||
            starts_with_label(d->dec, l))
            fp_doc_para_begin(d, FP_PARA_BODY, FP_STORY_BODY, 0);
        else
            fp_doc_soft_break(d, l.start);
        fp_doc_append(d, d->dec + l.start, l.end - l.start, l.start);
        prev_title = title;
        prev_open = !title && ends_open(d->dec, l);
    }
    return d->err;
}

/* ---------------------------------------------------------------- Markdown */

static int is_md_punct(char c)
{
    return c && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) != NULL;
}

/* Skip an HTML tag at s[i] ('<'); returns its end or i if it is not one. */
static size_t html_tag_end(const char *s, size_t i, size_t end)
{
    size_t j = i + 1;
    if (j >= end || !(is_alpha(s[j]) || s[j] == '/' || s[j] == '!'))
        return i;
    while (j < end && s[j] != '>' && s[j] != '<')
        j++;
    return (j < end && s[j] == '>') ? j + 1 : i;
}

static uint32_t named_entity(const char *name, size_t n)
{
    static const struct { const char *name; uint32_t cp; } ents[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'},
        {"apos", '\''}, {"nbsp", 0xA0}, {"ndash", 0x2013},
        {"mdash", 0x2014}, {"rsquo", 0x2019}, {"lsquo", 0x2018},
        {"rdquo", 0x201D}, {"ldquo", 0x201C}, {"copy", 0xA9},
        {"reg", 0xAE}, {"sect", 0xA7}, {"hellip", 0x2026}, {NULL, 0}};
    for (int k = 0; ents[k].name; k++)
        if (strlen(ents[k].name) == n && !strncmp(ents[k].name, name, n))
            return ents[k].cp;
    return 0;
}

/* Decode an entity at s[i] ('&'); returns its length (0 if none). */
static size_t entity(const char *s, size_t i, size_t end, uint32_t *cp)
{
    size_t j = i + 1;
    while (j < end && j - i < 12 && s[j] != ';' && s[j] != ' ')
        j++;
    if (j >= end || s[j] != ';' || j == i + 1)
        return 0;
    if (s[i + 1] == '#') {
        int hex = (s[i + 2] == 'x' || s[i + 2] == 'X');
        char *stop;
        unsigned long v = strtoul(s + i + 2 + hex, &stop, hex ? 16 : 10);
        if (stop != s + j || v == 0 || v > 0x10FFFF)
            return 0;
        *cp = (uint32_t)v;
        return j + 1 - i;
    }
    *cp = named_entity(s + i + 1, j - i - 1);
    return *cp ? j + 1 - i : 0;
}

/* Find the ')' closing a link destination that opens at s[i] ('('). */
static size_t link_dest_end(const char *s, size_t i, size_t end)
{
    int depth = 0;
    for (size_t j = i; j < end; j++) {
        if (s[j] == '(')
            depth++;
        else if (s[j] == ')' && --depth == 0)
            return j + 1;
    }
    return i;
}

static int word_char(char c)
{
    return is_alpha(c) || is_digit(c) || (unsigned char)c >= 0x80;
}

/* Append a Markdown line's inline content, leaving the markup out. */
static void append_inline(fp_doc *d, size_t i, size_t end)
{
    const char *s = d->dec;
    while (i < end && !d->err) {
        size_t run = i;
        while (run < end && !strchr("\\*_`[]!<&", s[run]))
            run++;
        if (run > i) {
            fp_doc_append(d, s + i, run - i, i);
            i = run;
            continue;
        }
        char c = s[i];
        uint32_t cp;
        size_t k;
        if (c == '\\' && i + 1 < end && is_md_punct(s[i + 1])) {
            fp_doc_append(d, s + i + 1, 1, i + 1);
            i += 2;
        } else if (c == '_' && i > 0 && i + 1 < end && word_char(s[i - 1]) &&
                   word_char(s[i + 1])) {
            fp_doc_append(d, "_", 1, i); /* snake_case, not emphasis */
            i++;
        } else if (c == '*' || c == '_' || c == '`' || c == '[') {
            i++;
        } else if (c == '!' && i + 1 < end && s[i + 1] == '[') {
            i++;
        } else if (c == ']' && i + 1 < end && s[i + 1] == '(') {
            size_t j = link_dest_end(s, i + 1, end);
            i = j > i + 1 ? j : i + 1;
        } else if (c == '<' && (k = html_tag_end(s, i, end)) > i) {
            fp_doc_soft_break(d, i);
            i = k;
        } else if (c == '&' && (k = entity(s, i, end, &cp)) > 0) {
            fp_doc_append_cp(d, cp, i, 1);
            i += k;
        } else {
            fp_doc_append(d, s + i, 1, i);
            i++;
        }
    }
}

static int count_run(const char *s, size_t i, size_t end, char c)
{
    int n = 0;
    while (i < end && s[i] == c)
        i++, n++;
    return n;
}

/* "---", "***", "___" alone on a line. */
static int is_rule_line(const char *s, line l)
{
    size_t i = skip_blanks(s, l.start, l.end);
    if (i >= l.end || !strchr("-*_", s[i]))
        return 0;
    char c = s[i];
    int n = 0;
    for (; i < l.end; i++) {
        if (s[i] == c)
            n++;
        else if (s[i] != ' ' && s[i] != '\t')
            return 0;
    }
    return n >= 3;
}

/* A table delimiter row such as "| --- | :---: |". */
static int is_table_rule(const char *s, line l)
{
    int dash = 0;
    for (size_t i = l.start; i < l.end; i++) {
        if (s[i] == '-')
            dash = 1;
        else if (!strchr("|: \t", s[i]))
            return 0;
    }
    return dash;
}

static void append_table_row(fp_doc *d, size_t i, size_t end)
{
    const char *s = d->dec;
    if (i < end && s[i] == '|')
        i++;
    while (i < end && !d->err) {
        size_t cell = i;
        while (i < end && !(s[i] == '|' && s[i - 1] != '\\'))
            i++;
        fp_doc_para_begin(d, FP_PARA_TABLE_CELL, FP_STORY_BODY, 0);
        append_inline(d, cell, i);
        fp_doc_para_end(d, NULL);
        if (i < end)
            i++;
    }
}

/* The marker of a list item: "- ", "* ", "+ ", "1. ", "1) ". Returns the
 * offset of the item text, or 0 when the line is not a list item. */
static size_t list_item_text(const char *s, size_t i, size_t end)
{
    if (i + 1 < end && strchr("-*+", s[i]) && (s[i + 1] == ' ' || s[i + 1] == '\t'))
        return skip_blanks(s, i + 1, end);
    size_t j = i;
    while (j < end && j - i < 9 && is_digit(s[j]))
        j++;
    if (j > i && j + 1 < end && (s[j] == '.' || s[j] == ')') &&
        (s[j + 1] == ' ' || s[j + 1] == '\t'))
        return skip_blanks(s, j + 1, end);
    return 0;
}

typedef struct md_state {
    int in_fence;
    size_t para_lines; /* lines in the open paragraph */
} md_state;

static void md_heading(fp_doc *d, line l, size_t i, int level)
{
    const char *s = d->dec;
    size_t end = l.end;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '#' || s[end - 1] == '\t'))
        end--; /* closing #s */
    fp_doc_para_begin(d, FP_PARA_HEADING, FP_STORY_BODY, level);
    append_inline(d, skip_blanks(s, i + (size_t)level, l.end), end);
    fp_doc_para_end(d, NULL);
}

/* Setext underline: turn the one-line paragraph just closed into a
 * heading. */
static void md_setext(fp_doc *d, int level)
{
    fp_para *p = fp_doc_current_para(d);
    if (p) {
        p->kind = FP_PARA_HEADING;
        p->level = level;
    }
    fp_doc_para_end(d, NULL);
}

static void md_line(fp_doc *d, md_state *st, line l)
{
    const char *s = d->dec;
    size_t i = skip_blanks(s, l.start, l.end);
    if (count_run(s, i, l.end, '`') >= 3 || count_run(s, i, l.end, '~') >= 3) {
        st->in_fence = !st->in_fence;
        fp_doc_para_end(d, NULL);
        return;
    }
    if (st->in_fence) { /* code: keep its text, one paragraph per line */
        fp_doc_para_begin(d, FP_PARA_BODY, FP_STORY_BODY, 0);
        fp_doc_append(d, s + l.start, l.end - l.start, l.start);
        fp_doc_para_end(d, NULL);
        return;
    }
    if (is_blank(s, l)) {
        fp_doc_para_end(d, NULL);
        st->para_lines = 0;
        return;
    }
    int quote_depth = 0;
    while (i < l.end && s[i] == '>') { /* block quote: read through it */
        i = skip_blanks(s, i + 1, l.end);
        quote_depth++;
    }
    if (i >= l.end) { /* only quote markers: a blank line inside the quote */
        fp_doc_para_end(d, NULL);
        st->para_lines = 0;
        return;
    }
    int hashes = count_run(s, i, l.end, '#');
    if (hashes >= 1 && hashes <= 6 &&
        (i + (size_t)hashes == l.end || s[i + hashes] == ' ' || s[i + hashes] == '\t')) {
        md_heading(d, l, i, hashes);
        st->para_lines = 0;
        return;
    }
    if (st->para_lines == 1 && fp_doc_current_para(d) &&
        (count_run(s, i, l.end, '=') > 0 || count_run(s, i, l.end, '-') > 0) &&
        is_blank(s, (line){i + (size_t)count_run(s, i, l.end, s[i]), l.end})) {
        md_setext(d, s[i] == '=' ? 1 : 2);
        st->para_lines = 0;
        return;
    }
    if (is_rule_line(s, (line){i, l.end})) {
        fp_doc_para_end(d, NULL);
        st->para_lines = 0;
        return;
    }
    if (s[i] == '|' || (is_table_rule(s, (line){i, l.end}) && memchr(s + i, '|', l.end - i))) {
        fp_doc_para_end(d, NULL);
        if (!is_table_rule(s, (line){i, l.end}))
            append_table_row(d, i, l.end);
        st->para_lines = 0;
        return;
    }
    size_t item = list_item_text(s, i, l.end);
    if (item) {
        int depth = (int)((i - l.start) / 2) + quote_depth;
        fp_doc_para_begin(d, FP_PARA_LIST_ITEM, FP_STORY_BODY, depth + 1);
        fp_para *p = fp_doc_current_para(d);
        if (is_digit(s[i]) && p) { /* keep the printed number as the label */
            size_t n = 0;
            while (is_digit(s[i + n]) && n + 1 < FP_LABEL_MAX)
                n++;
            memcpy(p->label, s + i, n);
            p->label[n] = '\0';
        }
        append_inline(d, item, l.end);
        st->para_lines = 1;
        return;
    }
    if (!fp_doc_current_para(d) || starts_with_label(s, (line){i, l.end})) {
        fp_doc_para_begin(d, FP_PARA_BODY, FP_STORY_BODY, 0);
        st->para_lines = 0;
    } else {
        fp_doc_soft_break(d, l.start);
    }
    append_inline(d, i, l.end);
    st->para_lines++;
}

static fp_status ingest_markdown(fp_doc *d, size_t pos)
{
    md_state st = {0};
    line l;
    while (next_line(d, &pos, &l) && !d->err)
        md_line(d, &st, l);
    return d->err;
}

/* ----------------------------------------------------------------- entry */

fp_status fp_ingest_text(fp_doc *d, const fp_options *opts, int markdown)
{
    (void)opts;
    d->format = markdown ? FP_FORMAT_MARKDOWN : FP_FORMAT_TEXT;
    d->loc = FP_LOC_BYTES;
    size_t skip = 0;
    fp_status st = decode(d, &skip);
    if (st)
        return st;
    st = markdown ? ingest_markdown(d, skip) : ingest_plain(d, skip);
    if (st == FP_ERR_LIMIT)
        return fp_doc_fail(d, st, "extracted text exceeds the text-bytes limit "
                                  "(%zu bytes)", d->text_limit);
    return st;
}
