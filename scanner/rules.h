/* rules.h - compiled rules. Immutable after loading (but for the UTF code
 * JIT-compiled on first use, under a lock: fp_rule_utf_code), shared by
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
    pcre2_code *re, *exclude;
    /* The same patterns compiled without PCRE2_UTF, for pure-ASCII
     * subjects (NULL when a pattern is not plain ASCII or needs UTF):
     * without PCRE2_UCP the two match alike on ASCII text, and the
     * non-UTF code is much faster. See fp_rule_code. */
    pcre2_code *re_ascii, *exclude_ascii;
    /* A pattern with a non-UTF variant serves ASCII subjects with that, and
     * many documents have no other: its UTF code is JIT-compiled only when
     * a subject first needs it (fp_rule_utf_code), under utf_mu. utf_ready
     * is 1 once nothing is left to compile. */
    atomic_int utf_ready;
    pthread_mutex_t *utf_mu;
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
    int jit; /* all patterns JIT-compiled (or will be, on first use) */
    pthread_mutex_t *utf_mu; /* one per rule (fp_rule.utf_mu) */
    size_t nmu;
    unsigned threads; /* for loading (FP_RULES_THREADS) */
};

/* The UTF code of a rule's pattern (exclude = 0) or veto (1), JIT-compiled
 * first if that was left for first use. Safe from any thread. */
const pcre2_code *fp_rule_utf_code(const fp_rule *r, int exclude);

/* The code to run for a subject: the non-UTF variant when the subject is
 * pure ASCII and the variant exists, else the UTF code. */
static inline const pcre2_code *fp_rule_code(const fp_rule *r, int exclude,
                                             int subject_ascii)
{
    const pcre2_code *ascii = exclude ? r->exclude_ascii : r->re_ascii;
    return subject_ascii && ascii ? ascii : fp_rule_utf_code(r, exclude);
}

/* Does `rule` match `text` (normalised, NUL-terminated)? Used by rule
 * tests; the scanner has its own path with per-thread match data. */
int fp_rule_matches_text(const fp_rule *rule, const char *text);

/* Does the tag list of `rule` contain `tag`? */
int fp_rule_has_tag(const fp_rule *rule, const char *tag);

#endif
