/* utf.c - UTF-8 and Windows-1252 conversion. */
#include "utf.h"

#include <string.h>

size_t fp_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp, int *bad)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, v = c & 0x0F, min = 0x800;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, v = c & 0x07, min = 0x10000;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else {
        goto invalid1;
    }
    size_t i = 1;
    for (; i <= need; i++) {
        if (i >= n)
            goto invalid;
        unsigned char b = s[i];
        unsigned char blo = (i == 1) ? lo : 0x80, bhi = (i == 1) ? hi : 0xBF;
        if (b < blo || b > bhi)
            goto invalid;
        v = (v << 6) | (b & 0x3F);
    }
    (void)min;
    *cp = v;
    return need + 1;
invalid:
    *cp = FP_REPLACEMENT_CHAR;
    *bad = 1;
    return i; /* the maximal prefix that could have started a sequence */
invalid1:
    *cp = FP_REPLACEMENT_CHAR;
    *bad = 1;
    return 1;
}

size_t fp_utf8_encode(uint32_t cp, char out[4])
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = FP_REPLACEMENT_CHAR;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

void fp_utf8_survey(const unsigned char *s, size_t n, size_t *invalid,
                    size_t *multibyte)
{
    size_t bad_count = 0, multi = 0, i = 0;
    while (i < n) {
        uint64_t word;
        if (n - i >= 8 && (memcpy(&word, s + i, 8), !(word & 0x8080808080808080ull))) {
            i += 8; /* eight ASCII bytes at once: most text is ASCII */
            continue;
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int bad = 0;
        size_t k = fp_utf8_decode(s + i, n - i, &cp, &bad);
        if (bad)
            bad_count++;
        else
            multi++;
        i += k;
    }
    *invalid = bad_count;
    *multibyte = multi;
}

uint32_t fp_cp1252_to_unicode(unsigned char byte)
{
    static const uint16_t high[32] = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
    if (byte >= 0x80 && byte < 0xA0)
        return high[byte - 0x80];
    return byte;
}

int fp_is_ascii(const char *s, size_t n)
{
    uint64_t acc = 0;
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        acc |= x;
    }
    for (; i < n; i++)
        acc |= (unsigned char)s[i];
    return !(acc & FP_SWAR_HIGHS);
}
