/* utf.h - UTF-8 decoding and encoding, and the legacy code pages fineprint
 * falls back to. */
#ifndef FP_UTF_H
#define FP_UTF_H

#include <stddef.h>
#include <stdint.h>

#define FP_REPLACEMENT_CHAR 0xFFFDu

/* Decode one code point from s[0..n). Returns the bytes consumed (at least 1
 * when n > 0). An invalid or truncated sequence yields U+FFFD, consumes the
 * maximal invalid prefix (as WHATWG and Unicode recommend) and sets *bad. */
size_t fp_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp, int *bad);

/* Encode a code point; returns bytes written (1-4). Surrogates and values
 * beyond U+10FFFF are written as U+FFFD. */
size_t fp_utf8_encode(uint32_t cp, char out[4]);

/* Count invalid sequences and valid multi-byte sequences in s[0..n). */
void fp_utf8_survey(const unsigned char *s, size_t n, size_t *invalid,
                    size_t *multibyte);

/* The Unicode code point of a Windows-1252 byte (undefined bytes map to
 * the C1 control of the same value, as browsers do). */
uint32_t fp_cp1252_to_unicode(unsigned char byte);

/* Eight bytes at a time (SWAR) for the scans that touch every byte. */
#define FP_SWAR_ONES 0x0101010101010101ull
#define FP_SWAR_HIGHS 0x8080808080808080ull

/* Non-zero when some byte of x equals c (the classic zero-byte test). */
static inline uint64_t fp_swar_has_byte(uint64_t x, unsigned char c)
{
    uint64_t v = x ^ (FP_SWAR_ONES * c);
    return (v - FP_SWAR_ONES) & ~v & FP_SWAR_HIGHS;
}

/* Is s[0..n) pure ASCII (no byte >= 0x80)? Eight bytes at a time. */
int fp_is_ascii(const char *s, size_t n);

/* ASCII-only lower-casing: keeps byte offsets identical. */
static inline unsigned char fp_ascii_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

#endif
