/* options.h - the scanner options behind the opaque fp_options. */
#ifndef FP_OPTIONS_H
#define FP_OPTIONS_H

#include "fineprint.h"

struct fp_options {
    uint64_t limit[FP_LIMIT__COUNT];
};

#endif
