/* rules.h - compiled rules. Immutable after loading (but for the JIT code
 * each pattern gets once it has earned it: fp_rule_run_code), shared by
 * threads. */
#ifndef FP_RULES_H
#define FP_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>

#include "atoms.h"
#include "buf.h"
#include "fineprint.h"

typedef struct fp_prefilter fp_prefilter;

/* How a rule decides who bears the risk. */
typedef enum fp_role_mode {
    FP_ROLE_FIXED = 0,   /* the value written in the rule */
    FP_ROLE_SUBJECT,     /* the party the clause is about ("you will ...") */
    FP_ROLE_COUNTERPARTY /* the other one ("our liability is capped" ->
                            the user bears it) */
} fp_role_mode;

typedef struct fp_role {
    fp_role_mode mode;
    fp_bearer fixed;    /* with FP_ROLE_FIXED */
    fp_bearer fallback; /* when the subject cannot be resolved */
    int set;            /* the rule file gave this field */
    int mutual_actor;   /* "... unless mutual": mutual when both parties
                           act ("either party may terminate") */
    int named_actor;    /* "... unless named" (fixed bearers): when a named
                           party holds the power ("Customer may terminate"),
                           the other side bears it */
} fp_role;

typedef enum fp_scope { FP_SCOPE_SENTENCE = 0, FP_SCOPE_PARAGRAPH } fp_scope;

typedef struct fp_example {
    char *text;
    unsigned line;
} fp_example;

/* Tiered compilation. Each of a rule's four codes (pattern and veto, with
 * and without UTF) runs in PCRE2's interpreter until it has been run on
 * jit_after bytes of subjects, then it is JIT-compiled, once: a copy of the
 * code, so the threads still interpreting the original are never disturbed,
 * made by whichever thread pushed the count over (the others go on
 * interpreting meanwhile) and published with release order. A one-sentence
 * document compiles nothing; a batch JIT-compiles the patterns it runs
 * much. Interpreter and JIT find the same matches; only PCRE2's limits
 * count differently, so a subject the interpreter gives up on is run again
 * with the JIT code (fp_rule_jit_now), as a JIT-only scan would have. */
enum { FP_CODE_RE, FP_CODE_EXCLUDE, FP_CODE_RE_ASCII, FP_CODE_EXCLUDE_ASCII, FP_CODES };

typedef struct fp_tier {
    _Atomic(pcre2_code *) jit; /* the JIT-compiled copy, once made */
    atomic_size_t bytes;       /* subject bytes interpreted so far */
    atomic_int settled;        /* 1: JIT-compiled, or JIT refused it */
} fp_tier;

/* The default of fp_rules.jit_after: about where JIT compilation of a
 * typical built-in pattern (about 1 ms) has paid for itself in faster
 * matching (docs/batch.md, "Start-up"). */
#define FP_JIT_AFTER_BYTES 512u

typedef struct fp_group {
    char *name;
    uint32_t number;
} fp_group;

struct fp_rule {
    char *id, *category, *title, *explain, *law, *file;
    char *pattern, *exclude_pattern;
    unsigned line;
    fp_role bears, indemnitor, indemnitee;
    fp_severity severity;
    fp_scope scope;
    fp_strlist require; /* lower-case literals; any one admits a sentence */
    fp_cond cond;       /* derived from the pattern (atoms.h); must hold too */
    fp_strlist tags;
    fp_strlist unless; /* ids of rules that, matching the same sentence,
                          make this one redundant */
    size_t *unless_index; /* the same, resolved at load */
    /* The UTF code of the pattern and veto. A pattern with a non-UTF variant
     * compiles it only when a subject first needs it (fp_rule_code), under
     * jit_mu: most documents are ASCII once quotes and dashes are
     * normalised. A pattern that compiles without UTF compiles with it (it
     * is plain ASCII and names no code point: ascii_pattern). */
    _Atomic(pcre2_code *) re, exclude;
    /* The same patterns compiled without PCRE2_UTF, for pure-ASCII
     * subjects (NULL when a pattern is not plain ASCII or needs UTF):
     * without PCRE2_UCP the two match alike on ASCII text, and the
     * non-UTF code is much faster. See fp_rule_code. */
    pcre2_code *re_ascii, *exclude_ascii;
    /* re, exclude, re_ascii and exclude_ascii as they run once JIT-compiled
     * (FP_CODE_*); jit_mu is held while one of them compiles. */
    fp_tier tier[FP_CODES];
    size_t jit_after; /* fp_rules.jit_after */
    pthread_mutex_t *jit_mu;
    fp_group *groups; /* named groups, reported as attributes */
    size_t ngroups;
    fp_example *examples[2]; /* [0] nomatch, [1] match */
    size_t nexamples[2];
    size_t index;
};

struct fp_rules {
    fp_rule *rules;
    size_t count, cap;
    fp_strlist warnings;
    fp_prefilter *prefilter; /* require literals (id = rule index), then
                                atoms (id = count + atom id) */
    fp_atomtab atoms;
    size_t *always; /* indices of rules with no literal: always candidates */
    size_t nalways;
    int jit; /* PCRE2 JIT works here (patterns compile when they earn it) */
    size_t jit_after; /* bytes a code is interpreted on before its JIT
                         compilation (FP_JIT_AFTER_BYTES) */
    pthread_mutex_t *jit_mu; /* one per rule (fp_rule.jit_mu) */
    size_t nmu;
    unsigned threads; /* for loading (FP_RULES_THREADS) */
};

/* Which of the rule's codes (FP_CODE_*) runs its pattern (exclude = 0)
 * or veto (1) on a subject: the non-UTF variant when the subject is pure
 * ASCII and the variant exists, else the UTF code. */
static inline int fp_rule_code_index(const fp_rule *r, int exclude, int subject_ascii)
{
    const pcre2_code *ascii = exclude ? r->exclude_ascii : r->re_ascii;
    return (subject_ascii && ascii ? FP_CODE_RE_ASCII : FP_CODE_RE) + !!exclude;
}

/* Code k as compiled, for the interpreter (NULL: a UTF code not compiled
 * yet, or no veto). */
static inline const pcre2_code *fp_rule_interpreted(const fp_rule *r, int k)
{
    return k == FP_CODE_RE ? atomic_load_explicit(&r->re, memory_order_acquire)
           : k == FP_CODE_EXCLUDE ? atomic_load_explicit(&r->exclude, memory_order_acquire)
           : k == FP_CODE_RE_ASCII ? r->re_ascii : r->exclude_ascii;
}

/* The code to run for a subject, JIT-compiled or not, and nothing counted
 * (rule examples and tests); NULL only out of memory. */
const pcre2_code *fp_rule_code(const fp_rule *r, int exclude, int subject_ascii);

/* The scanner's way: code k to run on a subject of len bytes, its JIT code
 * when that is ready; else len is counted, and the code JIT-compiled here
 * when the count reaches jit_after (unless another thread is compiling it:
 * then the interpreter runs). Safe from any thread. */
const pcre2_code *fp_rule_run_code(const fp_rule *r, int k, size_t len);

/* Code k JIT-compiled now if it is not yet (waiting for a thread that is
 * compiling it), or NULL when JIT refuses it. */
const pcre2_code *fp_rule_jit_now(const fp_rule *r, int k);

/* Set the rules' jit_after (before any scan): 0 JIT-compiles each code at
 * its first run, SIZE_MAX never. For tests and measurement. */
void fp_rules_set_jit_after(fp_rules *rs, size_t bytes);

/* Does `rule` match `text` (normalised, NUL-terminated)? Used by rule
 * tests; the scanner has its own path with per-thread match data. */
int fp_rule_matches_text(const fp_rule *rule, const char *text);

/* Does the tag list of `rule` contain `tag`? */
int fp_rule_has_tag(const fp_rule *rule, const char *tag);

#endif
