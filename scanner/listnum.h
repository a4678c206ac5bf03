/* listnum.h - list numbers as word processors print them. */
#ifndef FP_LISTNUM_H
#define FP_LISTNUM_H

#include <stddef.h>

/* Print v in `style`: '1' decimal, '0' decimal with a leading zero below
 * 10, 'a'/'A' letters (a..z, then aa, bb like Word and LibreOffice),
 * 'i'/'I' roman numerals. Anything else, or a value the style cannot
 * show, prints as decimal. */
void fp_list_number(char *out, size_t cap, int v, char style);

#endif
