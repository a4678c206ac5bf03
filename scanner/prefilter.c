/* prefilter.c - Aho-Corasick over byte classes.
 *
 * Bytes that occur in no literal share class 0, so the transition table is
 * states x classes (a few dozen classes) rather than states x 256 and stays
 * in cache. The automaton is a full DFA: every (state, class) has a next
 * state, so scanning is one table lookup per byte. */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "buf.h"
#include "rules.h"

typedef struct literal {
    const char *text;
    size_t len;
    size_t rule; /* the id reported on a hit */
} literal;

struct fp_prefilter {
    uint8_t cls[256];
    size_t nclass;
    /* The transition table, nstates * nclass cells. While the automaton is
     * built a cell is the next state (0 = no edge yet: the root is nobody's
     * child); link_failures then turns each cell, in place, into the scan
     * form: the next state already multiplied by nclass, shifted left once,
     * low bit set when that state has outputs. One load per byte, no
     * multiply, and the output lists are touched only on a hit. */
    uint32_t *step;
    size_t step_bytes; /* as allocated (table_alloc) */
    size_t maxlen;     /* longest literal */
    size_t nstates;
    /* outputs of state s: out_rule/out_len[out_start[s] .. out_start[s+1]) */
    size_t *out_start;
    size_t *out_rule;
    size_t *out_len;
};

/* The table is the one large block (megabytes for the built-in rules) and
 * every cell of it is written while building. Where the system allows,
 * map it with its pages in place: a page fault per 4 KiB costs more than
 * building the automaton on virtual machines (about 14 us each on the
 * reference machine, against under 1 us a page populated at once). The
 * block comes zeroed either way. */
static uint32_t *table_alloc(size_t bytes)
{
#if defined(MAP_POPULATE) && defined(MAP_ANONYMOUS)
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
#else
    return calloc(1, bytes);
#endif
}

static void table_free(uint32_t *table, size_t bytes)
{
    if (!table)
        return;
#if defined(MAP_POPULATE) && defined(MAP_ANONYMOUS)
    munmap(table, bytes);
#else
    (void)bytes;
    free(table);
#endif
}

static fp_status add_literal(literal **lits, size_t *n, size_t *cap,
                             const char *text, size_t id)
{
    fp_status st = fp_grow((void **)lits, cap, *n + 1, sizeof **lits);
    if (!st)
        (*lits)[(*n)++] = (literal){text, strlen(text), id};
    return st;
}

/* The require literals of every rule (id: the rule), then the atoms of the
 * derived conditions (id: rules->count + the atom's id). */
static fp_status collect_literals(const fp_rules *rules, literal **out,
                                  size_t *count)
{
    size_t n = 0, cap = 0;
    literal *lits = NULL;
    fp_status st = FP_OK;
    for (size_t r = 0; !st && r < rules->count; r++)
        for (size_t k = 0; !st && k < rules->rules[r].require.count; k++)
            st = add_literal(&lits, &n, &cap, rules->rules[r].require.items[k], r);
    for (size_t a = 0; !st && a < rules->atoms.atoms.count; a++)
        st = add_literal(&lits, &n, &cap, rules->atoms.atoms.items[a], rules->count + a);
    if (st) {
        free(lits);
        return st;
    }
    *out = lits;
    *count = n;
    return FP_OK;
}

static void assign_classes(fp_prefilter *pf, const literal *lits, size_t n)
{
    memset(pf->cls, 0, sizeof pf->cls);
    pf->nclass = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < lits[i].len; k++) {
            unsigned char c = (unsigned char)lits[i].text[k];
            if (!pf->cls[c])
                pf->cls[c] = (uint8_t)pf->nclass++;
        }
}

static int compare_literals(const void *a, const void *b)
{
    const literal *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The number of trie states: the root and one per distinct non-empty
 * prefix, counted on the literals in sorted order (each adds the part
 * that its predecessor does not share), so that the table is allocated
 * once and at its size. */
static fp_status count_states(const literal *lits, size_t n, size_t *out)
{
    literal *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted)
        return FP_ERR_NOMEM;
    if (n) /* lits is NULL when no rule has a literal */
        memcpy(sorted, lits, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_literals);
    size_t states = 1;
    for (size_t i = 0; i < n; i++) {
        size_t shared = 0;
        if (i)
            while (shared < sorted[i].len && shared < sorted[i - 1].len &&
                   sorted[i].text[shared] == sorted[i - 1].text[shared])
                shared++;
        states += sorted[i].len - shared;
    }
    free(sorted);
    *out = states;
    return FP_OK;
}

/* Trie of the literals; returns the terminal state of each. */
static fp_status build_trie(fp_prefilter *pf, const literal *lits, size_t n,
                            size_t *terminal)
{
    size_t states = 0;
    fp_status st = count_states(lits, n, &states);
    if (st)
        return st;
    /* cells hold next * nclass << 1 in the end (link_failures) */
    if (states > (UINT32_MAX >> 1) / pf->nclass)
        return FP_ERR_LIMIT;
    pf->step_bytes = states * pf->nclass * sizeof *pf->step;
    pf->step = table_alloc(pf->step_bytes);
    if (!pf->step)
        return FP_ERR_NOMEM;
    uint32_t *next = pf->step;
    pf->nstates = 1;
    for (size_t i = 0; i < n; i++) {
        size_t s = 0;
        for (size_t k = 0; k < lits[i].len; k++) {
            size_t c = pf->cls[(unsigned char)lits[i].text[k]];
            uint32_t t = next[s * pf->nclass + c];
            if (!t) {
                if (pf->nstates >= states)
                    return FP_ERR_LIMIT; /* count_states is wrong: cannot be */
                t = (uint32_t)pf->nstates++;
                next[s * pf->nclass + c] = t;
            }
            s = t;
        }
        terminal[i] = s;
    }
    return FP_OK;
}

/* Breadth-first: failure links and full transitions, each row turned into
 * the scan form (see fp_prefilter.step) as soon as it is complete, so the
 * table is walked once. has_out[s] is 1 when a literal ends at s or at a
 * state its failure chain reaches (the low bit of the cells that lead to
 * s); a row's missing edges are copied from its failure target's row,
 * already in scan form, since BFS reaches that one first. queue receives
 * the states in BFS order. */
static size_t link_failures(fp_prefilter *pf, size_t *fail, size_t *queue,
                            uint8_t *has_out)
{
    uint32_t *next = pf->step;
    size_t nc = pf->nclass, head = 0, tail = 0;
    for (size_t c = 0; c < nc; c++) {
        uint32_t t = next[c];
        if (t) {
            fail[t] = 0, queue[tail++] = t;
            has_out[t] |= has_out[0];
            next[c] = (uint32_t)((t * nc) << 1) | has_out[t];
        } else {
            next[c] = has_out[0]; /* back to the root */
        }
    }
    while (head < tail) {
        size_t s = queue[head++];
        const uint32_t *via = next + fail[s] * nc;
        uint32_t *row = next + s * nc;
        for (size_t c = 0; c < nc; c++) {
            uint32_t t = row[c];
            if (!t) {
                row[c] = via[c];
            } else {
                size_t f = (via[c] >> 1) / nc;
                fail[t] = f;
                has_out[t] |= has_out[f];
                queue[tail++] = t;
                row[c] = (uint32_t)((t * nc) << 1) | has_out[t];
            }
        }
    }
    return tail;
}

/* The literals ending at each state: lits[own[own_start[s] ..
 * own_start[s + 1])] (a counting sort on the terminal states). */
static fp_status own_literals(size_t ns, const size_t *terminal, size_t n,
                              size_t **own_start, size_t **own)
{
    size_t *start = calloc(ns + 1, sizeof *start), *list = malloc((n + 1) * sizeof *list);
    if (!start || !list) {
        free(start);
        free(list);
        return FP_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        start[terminal[i] + 1]++;
    for (size_t s = 0; s < ns; s++)
        start[s + 1] += start[s];
    size_t *fill = malloc((ns + 1) * sizeof *fill);
    if (!fill) {
        free(start);
        free(list);
        return FP_ERR_NOMEM;
    }
    memcpy(fill, start, (ns + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        list[fill[terminal[i]]++] = i;
    free(fill);
    *own_start = start;
    *own = list;
    return FP_OK;
}

/* Outputs of each state: its own literals plus those of its failure
 * target (already complete: BFS order). */
static fp_status merge_outputs(fp_prefilter *pf, const literal *lits, size_t n,
                               const size_t *terminal, const size_t *fail,
                               const size_t *queue, size_t nqueue)
{
    size_t ns = pf->nstates, *own_start = NULL, *own = NULL, total = 0;
    size_t *count = calloc(ns, sizeof *count);
    fp_status st = count ? own_literals(ns, terminal, n, &own_start, &own) : FP_ERR_NOMEM;
    for (size_t q = 0; !st && q < nqueue; q++) {
        size_t s = queue[q];
        count[s] = own_start[s + 1] - own_start[s] + count[fail[s]];
    }
    for (size_t s = 0; !st && s < ns; s++)
        total += count[s];
    pf->out_start = st ? NULL : calloc(ns + 1, sizeof *pf->out_start);
    pf->out_rule = st ? NULL : malloc((total + 1) * sizeof *pf->out_rule);
    pf->out_len = st ? NULL : malloc((total + 1) * sizeof *pf->out_len);
    if (!st && (!pf->out_start || !pf->out_rule || !pf->out_len))
        st = FP_ERR_NOMEM;
    for (size_t s = 0; !st && s < ns; s++)
        pf->out_start[s + 1] = pf->out_start[s] + count[s];
    for (size_t q = 0; !st && q < nqueue; q++) {
        size_t s = queue[q], w = pf->out_start[s];
        for (size_t k = own_start[s]; k < own_start[s + 1]; k++) {
            pf->out_rule[w] = lits[own[k]].rule;
            pf->out_len[w++] = lits[own[k]].len;
        }
        size_t f = fail[s];
        for (size_t k = pf->out_start[f]; k < pf->out_start[f + 1]; k++) {
            pf->out_rule[w] = pf->out_rule[k];
            pf->out_len[w++] = pf->out_len[k];
        }
    }
    free(count);
    free(own_start);
    free(own);
    return st;
}

static fp_status link_states(fp_prefilter *pf, const literal *lits, size_t n,
                             const size_t *terminal)
{
    size_t ns = pf->nstates;
    size_t *fail = calloc(ns, sizeof *fail), *queue = malloc(ns * sizeof *queue);
    uint8_t *has_out = calloc(ns, 1);
    fp_status st = (fail && queue && has_out) ? FP_OK : FP_ERR_NOMEM;
    for (size_t i = 0; !st && i < n; i++)
        has_out[terminal[i]] = 1;
    if (!st)
        st = merge_outputs(pf, lits, n, terminal, fail, queue,
                           link_failures(pf, fail, queue, has_out));
    free(fail);
    free(queue);
    free(has_out);
    return st;
}

fp_status fp_prefilter_build_for_rules(const fp_rules *rules, fp_prefilter **out)
{
    *out = NULL;
    literal *lits = NULL;
    size_t n = 0;
    fp_status st = collect_literals(rules, &lits, &n);
    if (st)
        return st;
    fp_prefilter *pf = calloc(1, sizeof *pf);
    size_t *terminal = calloc(n + 1, sizeof *terminal);
    if (!pf || !terminal)
        st = FP_ERR_NOMEM;
    if (!st) {
        assign_classes(pf, lits, n);
        st = build_trie(pf, lits, n, terminal);
    }
    if (!st)
        st = link_states(pf, lits, n, terminal);
    for (size_t i = 0; !st && i < n; i++)
        if (lits[i].len > pf->maxlen)
            pf->maxlen = lits[i].len;
    free(terminal);
    free(lits);
    if (st) {
        fp_prefilter_free(pf);
        return st;
    }
    *out = pf;
    return FP_OK;
}

void fp_prefilter_free(fp_prefilter *pf)
{
    if (!pf)
        return;
    table_free(pf->step, pf->step_bytes);
    free(pf->out_start);
    free(pf->out_rule);
    free(pf->out_len);
    free(pf);
}

static void report(const fp_prefilter *pf, size_t row, size_t end,
                   fp_prefilter_hit hit, void *ctx)
{
    size_t state = row / pf->nclass;
    for (size_t k = pf->out_start[state]; k < pf->out_start[state + 1]; k++)
        hit(ctx, pf->out_rule[k], end - pf->out_len[k], end);
}

/* The automaton is a chain of dependent loads, one per byte. Long texts are
 * cut in two halves scanned in the same loop, so the CPU works on both
 * chains at once. The second half starts maxlen - 1 bytes early, so every
 * literal lies whole in one of them; one in the overlap may be reported
 * twice, which the callers (they set bits) do not mind. */
void fp_prefilter_scan(const fp_prefilter *pf, const char *folded, size_t n,
                       fp_prefilter_hit hit, void *ctx)
{
    const uint32_t *step = pf->step;
    const uint8_t *cls = pf->cls;
    const unsigned char *s = (const unsigned char *)folded;
    size_t row = 0, i = 0; /* row: state * nclass */
    if (n >= 256 && pf->maxlen && pf->maxlen < n / 4) {
        size_t half = n / 2, b = half - (pf->maxlen - 1), row_b = 0;
        for (; i < half; i++, b++) {
            uint32_t va = step[row + cls[s[i]]];
            uint32_t vb = step[row_b + cls[s[b]]];
            row = va >> 1;
            row_b = vb >> 1;
            if (va & 1)
                report(pf, row, i + 1, hit, ctx);
            if (vb & 1)
                report(pf, row_b, b + 1, hit, ctx);
        }
        i = b; /* the second chain goes on to the end */
        row = row_b;
    }
    for (; i < n; i++) {
        uint32_t v = step[row + cls[s[i]]];
        row = v >> 1;
        if (v & 1)
            report(pf, row, i + 1, hit, ctx);
    }
}
