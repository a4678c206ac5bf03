/* listnum.c - list numbers as word processors print them. */
#include "listnum.h"

#include <stdio.h>

static void letters(char *out, size_t cap, int v, char base)
{
    size_t k = 0;
    for (int reps = (v - 1) / 26 + 1; reps-- > 0 && k + 1 < cap && k < 8;)
        out[k++] = (char)(base + (v - 1) % 26);
    out[k] = '\0';
}

static void roman(char *out, size_t cap, int v, int upper)
{
    static const char *rn[] = {"m", "cm", "d", "cd", "c", "xc", "l", "xl",
                               "x", "ix", "v", "iv", "i"};
    static const int rv[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    size_t k = 0;
    for (int i = 0; i < 13; i++)
        for (; v >= rv[i]; v -= rv[i])
            for (const char *p = rn[i]; *p && k + 1 < cap; p++)
                out[k++] = upper ? (char)(*p - 32) : *p;
    out[k] = '\0';
}

void fp_list_number(char *out, size_t cap, int v, char style)
{
    if (!cap)
        return;
    if ((style == 'a' || style == 'A') && v > 0)
        letters(out, cap, v, style);
    else if ((style == 'i' || style == 'I') && v > 0 && v < 4000)
        roman(out, cap, v, style == 'I');
    else if (style == '0' && v >= 0 && v < 10)
        snprintf(out, cap, "0%d", v);
    else
        snprintf(out, cap, "%d", v);
}
