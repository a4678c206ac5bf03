/* fuzz.h - what every fuzz target shares.
 *
 * A target defines LLVMFuzzerTestOneInput. Built with clang and
 * -fsanitize=fuzzer (make fuzz), libFuzzer supplies main. Built without it
 * (FP_FUZZ_REPLAY, as make check does with gcc) the main below replays
 * every file named on the command line, or held in a directory named there,
 * through the target once: crash inputs kept under tests/fuzz/regress/ stay
 * regression tests under the ordinary build and under ASan+UBSan. */
#ifndef FP_FUZZ_H
#define FP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fineprint.h"
#include "ingest.h"
#include "segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A document holding a copy of the input, as fp_scan_memory would make it;
 * NULL when out of memory. */
static inline fp_doc *fuzz_doc(const uint8_t *data, size_t size)
{
    fp_doc *d = fp_doc_new("fuzz", 64u << 20);
    unsigned char *copy = malloc(size ? size : 1);
    if (!d || !copy) {
        free(copy);
        fp_doc_free(d);
        return NULL;
    }
    memcpy(copy, data, size);
    fp_doc_take_source(d, copy, size);
    return d;
}

/* Ingest the input as `fmt` and run what follows ingest in a scan (finish,
 * segment), so offset maps and paragraph ends are exercised too. Small
 * limits keep each run fast; the limits' own paths are fuzzed with them. */
static inline void fuzz_ingest(const uint8_t *data, size_t size, fp_format fmt)
{
    fp_options *o = fp_options_new();
    fp_doc *d = fuzz_doc(data, size);
    if (o && d) {
        fp_options_set_limit(o, FP_LIMIT_INFLATED_PART_BYTES, 4u << 20);
        fp_options_set_limit(o, FP_LIMIT_INFLATED_DOC_BYTES, 8u << 20);
        fp_options_set_limit(o, FP_LIMIT_ZIP_ENTRIES, 512);
        fp_status st = fp_ingest(d, fmt, o);
        if (!st)
            st = fp_doc_finish(d);
        if (!st)
            fp_segment(d, 512);
    }
    fp_doc_free(d);
    fp_options_free(o);
}

#ifdef FP_FUZZ_REPLAY
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int fuzz_replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 1 << 16, len = 0, n;
    unsigned char *buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            unsigned char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", path);
        return -1;
    }
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay a directory's regular files in name order (reproducible). */
static int fuzz_replay_dir(const char *dir, long *count)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        perror(dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *nn);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
        }
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            rc = -1;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, de->d_name);
    }
    closedir(dp);
    if (n)
        qsort(names, n, sizeof *names, by_string);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (!rc && !stat(names[i], &st) && S_ISREG(st.st_mode)) {
            rc = fuzz_replay_file(names[i]);
            (*count)++;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    long count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st)) {
            perror(argv[i]);
            return 1;
        }
        int rc = S_ISDIR(st.st_mode) ? fuzz_replay_dir(argv[i], &count)
                                     : (count++, fuzz_replay_file(argv[i]));
        if (rc)
            return 1;
    }
    printf("%s: replayed %ld inputs\n", argv[0], count);
    return 0;
}
#endif /* FP_FUZZ_REPLAY */

#endif
