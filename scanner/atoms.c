/* atoms.c - derive a pattern's necessary condition (see atoms.h).
 *
 * The derivation follows RE2's prefilter. Each piece of the pattern gets an
 * `info`: either exact (the few strings it can match, all known), or a
 * formula (AND/OR of atoms; NULL stands for "anything"). A concatenation
 * multiplies exact sets while they stay small and otherwise ANDs formulas;
 * an alternation unites exact sets or ORs formulas. An exact set becomes a
 * formula as the OR of its strings, or "anything" when one of them is
 * shorter than MIN_ATOM (it would filter nothing).
 *
 * Soundness rests on what the parser claims, never on what it omits:
 *   - a literal character stands for itself, ASCII-lower-cased (the
 *     prefilter scans the folded copy; fp_atoms_text_ok rules out the two
 *     non-ASCII letters PCRE2 folds onto ASCII ones);
 *   - a non-ASCII character is kept only from General Punctuation
 *     (U+2000-U+206F), a block with no case forms; any other is "anything";
 *   - `\s` stands for " ", and so does `\s+`: in normalised text white space
 *     is single spaces (checked per document by fp_atoms_text_ok);
 *   - a positive lookaround's content must occur in the subject, since
 *     PCRE2 only sees the sentence (or paragraph) it is given; a negative
 *     one matches the empty string;
 *   - syntax the parser does not model (\Q..\E, conditionals, callouts,
 *     verbs, extended mode, odd braces) drops the whole condition.
 * Memory comes from an arena freed once the pattern is done. */
#include "atoms.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "utf.h"

enum {
    MIN_ATOM = 3,      /* shorter strings admit nearly every sentence */
    MAX_ATOM = 16,     /* longer atoms are cut to a prefix: still necessary */
    MAX_EXACT = 64,    /* strings in an exact set */
    MAX_EXACT_LEN = 64,
    WHOLE_ATOM = MAX_EXACT_LEN, /* the cut for fp_atoms_derive_whole */
    MAX_CLASS = 12,    /* members of a [class] kept as an exact set */
    MAX_RANGE = 64,    /* a wider range is "anything" without counting */
    MAX_DEPTH = 100,   /* group nesting */
    MAX_FORMS = 100000 /* formula nodes of one pattern */
};

#define UNBOUNDED 0xFFFFFFFFu

/* --------------------------------------------------------------- arena */

typedef struct ablock {
    struct ablock *next;
    size_t used, cap;
} ablock;

typedef struct arena {
    ablock *head;
    int oom;
} arena;

#define ABLOCK_HEAD ((sizeof(ablock) + 15) & ~(size_t)15)

/* Zeroed, 16-byte aligned; NULL (and oom set) when memory runs out. */
static void *arena_alloc(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    ablock *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        b = malloc(ABLOCK_HEAD + cap);
        if (!b) {
            a->oom = 1;
            return NULL;
        }
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    char *p = (char *)b + ABLOCK_HEAD + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

static void arena_free(arena *a)
{
    while (a->head) {
        ablock *next = a->head->next;
        free(a->head);
        a->head = next;
    }
}

/* ------------------------------------------------------ sets, formulas */

typedef struct str {
    const char *p;
    size_t n;
} str;

typedef struct strset {
    str *v;
    size_t n;
} strset;

enum { F_ATOM, F_AND, F_OR };

typedef struct form {
    int op;
    str atom;
    struct form **kid;
    size_t nkid;
} form;

/* exact: `set` is every string the piece can match. Otherwise `match` is
 * a necessary condition, NULL for none. */
typedef struct info {
    int exact;
    strset set;
    form *match;
} info;

typedef struct xp {
    const char *p; /* the next pattern byte */
    arena ar;
    int bail; /* met syntax it does not model: no condition at all */
    int depth;
    size_t forms;
    size_t min_atom, max_atom; /* shorter strings are no atom; longer cut */
} xp;

static void *xalloc(xp *x, size_t n)
{
    void *p = arena_alloc(&x->ar, n);
    if (!p)
        x->bail = 1;
    return p;
}

static info anything(void) { return (info){0}; }

static info exact1(xp *x, const char *p, size_t n)
{
    info r = {.exact = 1};
    r.set.v = xalloc(x, sizeof *r.set.v);
    if (!r.set.v)
        return anything();
    r.set.v[0] = (str){p, n};
    r.set.n = 1;
    return r;
}

static info empty(xp *x) { return exact1(x, "", 0); }

static int str_eq(str a, str b) { return a.n == b.n && !memcmp(a.p, b.p, a.n); }

static int str_contains(str hay, str needle)
{
    for (size_t i = 0; i + needle.n <= hay.n; i++)
        if (!memcmp(hay.p + i, needle.p, needle.n))
            return 1;
    return 0;
}

static void set_put(strset *s, str t)
{
    for (size_t i = 0; i < s->n; i++)
        if (str_eq(s->v[i], t))
            return;
    s->v[s->n++] = t;
}

/* a x b into *out; 0 when it would be too big (nothing is changed then). */
static int set_product(xp *x, strset a, strset b, strset *out)
{
    if (a.n == 1 && a.v[0].n == 0) {
        *out = b;
        return 1;
    }
    if (b.n == 1 && b.v[0].n == 0) {
        *out = a;
        return 1;
    }
    if (a.n * b.n > MAX_EXACT)
        return 0;
    for (size_t i = 0; i < a.n; i++)
        for (size_t j = 0; j < b.n; j++)
            if (a.v[i].n + b.v[j].n > MAX_EXACT_LEN)
                return 0;
    strset r = {xalloc(x, (a.n * b.n + 1) * sizeof *r.v), 0};
    for (size_t i = 0; r.v && i < a.n; i++)
        for (size_t j = 0; j < b.n; j++) {
            size_t n = a.v[i].n + b.v[j].n;
            char *buf = xalloc(x, n + 1);
            if (!buf)
                return 0;
            memcpy(buf, a.v[i].p, a.v[i].n);
            memcpy(buf + a.v[i].n, b.v[j].p, b.v[j].n);
            set_put(&r, (str){buf, n});
        }
    if (!r.v)
        return 0;
    *out = r;
    return 1;
}

static int set_union(xp *x, strset a, strset b, strset *out)
{
    strset r = {xalloc(x, (a.n + b.n + 1) * sizeof *r.v), 0};
    if (!r.v)
        return 0;
    for (size_t i = 0; i < a.n; i++)
        set_put(&r, a.v[i]);
    for (size_t i = 0; i < b.n; i++)
        set_put(&r, b.v[i]);
    if (r.n > MAX_EXACT)
        return 0;
    *out = r;
    return 1;
}

static form *new_form(xp *x, int op, size_t nkid)
{
    if (++x->forms > MAX_FORMS) {
        x->bail = 1;
        return NULL;
    }
    form *f = xalloc(x, sizeof *f);
    if (f && nkid && !(f->kid = xalloc(x, nkid * sizeof *f->kid)))
        return NULL;
    if (f)
        f->op = op;
    return f;
}

/* a op b, flattening nested nodes of the same op. NULL is "anything": it
 * absorbs an OR and drops out of an AND. */
static form *f_join(xp *x, int op, form *a, form *b)
{
    if (!a || !b)
        return op == F_AND ? (a ? a : b) : NULL;
    size_t na = a->op == op ? a->nkid : 1, nb = b->op == op ? b->nkid : 1;
    form *f = new_form(x, op, na + nb);
    if (!f)
        return NULL;
    if (a->op == op)
        memcpy(f->kid, a->kid, na * sizeof *f->kid);
    else
        f->kid[0] = a;
    if (b->op == op)
        memcpy(f->kid + na, b->kid, nb * sizeof *f->kid);
    else
        f->kid[na] = b;
    f->nkid = na + nb;
    return f;
}

static str cut(const xp *x, str s)
{
    return (str){s.p, s.n < x->max_atom ? s.n : x->max_atom};
}

/* Member i adds nothing to the OR when another member (cut as it will be)
 * lies inside it: wherever i occurs, so does that one. */
static int absorbed(const xp *x, strset s, size_t i)
{
    str t = cut(x, s.v[i]);
    for (size_t j = 0; j < s.n; j++) {
        str u = cut(x, s.v[j]);
        if (j != i && str_contains(t, u) && (!str_eq(t, u) || j < i))
            return 1;
    }
    return 0;
}

/* Characters other than spaces: "of " and " in" are as common as the
 * words, and filter as little. */
static size_t solid_length(str s)
{
    size_t n = 0;
    for (size_t i = 0; i < s.n; i++)
        n += s.p[i] != ' ';
    return n;
}

/* The OR of an exact set's strings. */
static form *set_form(xp *x, strset s)
{
    for (size_t i = 0; i < s.n; i++)
        if (solid_length(s.v[i]) < x->min_atom)
            return NULL;
    form *f = NULL;
    int first = 1;
    for (size_t i = 0; i < s.n; i++) {
        if (absorbed(x, s, i))
            continue;
        form *a = new_form(x, F_ATOM, 0);
        if (a)
            a->atom = cut(x, s.v[i]);
        f = first ? a : f_join(x, F_OR, f, a);
        first = 0;
    }
    return f;
}

static form *match_of(xp *x, info i) { return i.exact ? set_form(x, i.set) : i.match; }

/* A concatenation: the exact strings since the last break, and the
 * conditions of everything before it. */
typedef struct seq {
    strset run;
    form *done;
    int broken;
} seq;

static void seq_add(xp *x, seq *q, info it)
{
    strset prod;
    if (it.exact && set_product(x, q->run, it.set, &prod)) {
        q->run = prod;
        return;
    }
    q->done = f_join(x, F_AND, q->done, set_form(x, q->run));
    q->broken = 1;
    if (it.exact) {
        q->run = it.set;
        return;
    }
    q->done = f_join(x, F_AND, q->done, it.match);
    q->run = empty(x).set;
}

static info seq_end(xp *x, seq *q)
{
    if (!q->broken)
        return (info){.exact = 1, .set = q->run};
    return (info){.match = f_join(x, F_AND, q->done, set_form(x, q->run))};
}

static info alt_join(xp *x, info a, info b)
{
    strset u;
    if (a.exact && b.exact && set_union(x, a.set, b.set, &u))
        return (info){.exact = 1, .set = u};
    return (info){.match = f_join(x, F_OR, match_of(x, a), match_of(x, b))};
}

/* it{min,max}: optional pieces add the empty string or nothing; a piece
 * repeated at least once must occur. */
static info quantify(xp *x, info it, unsigned min, unsigned max)
{
    if (max == 0)
        return empty(x);
    /* `\s+` and ` +`: white space in the text is never two spaces in a row,
     * so one or more of them is exactly one. Keeps "at\s+any\s+time" whole. */
    if (it.exact && it.set.n == 1 && str_eq(it.set.v[0], (str){" ", 1}) && min <= 1)
        max = 1;
    if (min == 0) {
        strset u;
        if (max == 1 && it.exact && set_union(x, it.set, empty(x).set, &u))
            return (info){.exact = 1, .set = u};
        return anything();
    }
    if (min == 1 && max == 1)
        return it;
    if (it.exact && min == max && min <= 4) {
        strset r = it.set;
        for (unsigned k = 1; k < min; k++)
            if (!set_product(x, r, it.set, &r))
                return (info){.match = match_of(x, it)};
        return (info){.exact = 1, .set = r};
    }
    return (info){.match = match_of(x, it)};
}

/* ------------------------------------------------------------ characters */

/* One character of the pattern, as the folded text holds it. */
static info cp_info(xp *x, uint32_t cp)
{
    char buf[4];
    size_t n;
    if (cp >= 0x20 && cp < 0x7F) {
        buf[0] = (char)fp_ascii_lower((unsigned char)cp);
        n = 1;
    } else if (cp >= 0x2000 && cp <= 0x206F) {
        n = fp_utf8_encode(cp, buf);
    } else {
        return anything();
    }
    char *s = xalloc(x, n + 1);
    if (!s)
        return anything();
    memcpy(s, buf, n);
    return exact1(x, s, n);
}

/* A raw UTF-8 character at x->p. */
static int read_utf8(xp *x, uint32_t *cp)
{
    int bad = 0;
    size_t k = fp_utf8_decode((const unsigned char *)x->p, strnlen(x->p, 4), cp, &bad);
    x->p += k;
    if (bad)
        x->bail = 1;
    return !bad;
}

static int hexval(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

/* Digits in `base` up to `max` of them (0: until a non-digit); 0 when the
 * value leaves Unicode. */
static int read_number(xp *x, int base, int max, uint32_t *out)
{
    uint32_t v = 0;
    int n = 0;
    for (int d; (max == 0 || n < max) && (d = hexval((unsigned char)*x->p)) >= 0 && d < base;
         n++, x->p++) {
        v = v * (uint32_t)base + (uint32_t)d;
        if (v > 0x10FFFF)
            return 0;
    }
    *out = v;
    return 1;
}

/* {digits} after \x or \o. */
static int read_braced_number(xp *x, int base, uint32_t *out)
{
    x->p++; /* '{' */
    const char *start = x->p;
    if (!read_number(x, base, 0, out) || x->p == start || *x->p != '}')
        return 0;
    x->p++;
    return 1;
}

/* A code point written as \x.., \x{..}, \o{..} or \0.. (x->p past the
 * letter or at the digits). */
static int read_code_escape(xp *x, char kind, uint32_t *cp)
{
    if (kind == 'x')
        return *x->p == '{' ? read_braced_number(x, 16, cp) : read_number(x, 16, 2, cp);
    if (kind == 'o')
        return *x->p == '{' && read_braced_number(x, 8, cp);
    return read_number(x, 8, 3, cp); /* octal, x->p at the first digit */
}

/* Skip to the byte after `close`; 0 when there is none. */
static int skip_past(xp *x, char close)
{
    const char *e = strchr(x->p, close);
    if (!e)
        return 0;
    x->p = e + 1;
    return 1;
}

/* The name or number after \g or \k: {..}, <..>, '..' or [+-]digits. */
static int skip_reference(xp *x)
{
    char open = *x->p;
    if (open == '{' || open == '<' || open == '\'') {
        x->p++;
        return skip_past(x, open == '{' ? '}' : open == '<' ? '>' : '\'');
    }
    if (*x->p == '+' || *x->p == '-')
        x->p++;
    if (!isdigit((unsigned char)*x->p))
        return 0;
    while (isdigit((unsigned char)*x->p))
        x->p++;
    return 1;
}

/* \p{..} or \pL */
static int skip_property(xp *x)
{
    if (*x->p == '{') {
        x->p++;
        return skip_past(x, '}');
    }
    if (!*x->p)
        return 0;
    x->p++;
    return 1;
}

static info bail(xp *x)
{
    x->bail = 1;
    return anything();
}

/* An escape outside a class; x->p at the backslash. */
static info parse_escape(xp *x)
{
    unsigned char c = (unsigned char)x->p[1];
    uint32_t cp;
    if (!c)
        return bail(x);
    x->p += c >= 0x80 ? 1 : 2;
    if (c >= 0x80) /* an escaped non-ASCII character is itself */
        return read_utf8(x, &cp) ? cp_info(x, cp) : anything();
    if (!isalnum(c))
        return cp_info(x, c);
    switch (c) {
    case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K': case 'E':
        return empty(x); /* zero-width (\E outside \Q is ignored) */
    case 's':
        return exact1(x, " ", 1);
    case 'd': case 'D': case 'w': case 'W': case 'S': case 'h': case 'H':
    case 'v': case 'V': case 'R': case 'X':
    case 'a': case 'e': case 'f': case 'n': case 'r': case 't':
        return anything();
    case 'N':
        return *x->p == '{' ? bail(x) : anything();
    case 'p': case 'P':
        return skip_property(x) ? anything() : bail(x);
    case 'c':
        if (!*x->p || (unsigned char)*x->p >= 0x80)
            return bail(x);
        x->p++;
        return anything();
    case 'g': case 'k':
        return skip_reference(x) ? anything() : bail(x); /* a back reference */
    case 'x': case 'o':
        return read_code_escape(x, (char)c, &cp) ? cp_info(x, cp) : bail(x);
    case '0':
        x->p--;
        return read_code_escape(x, '0', &cp) ? cp_info(x, cp) : bail(x);
    default:
        if (c >= '1' && c <= '9') { /* back reference (or octal): anything */
            while (isdigit((unsigned char)*x->p))
                x->p++;
            return anything();
        }
        return bail(x); /* \Q, and letters PCRE2 gives no meaning */
    }
}

/* --------------------------------------------------------------- classes */

enum { M_CP, M_SPACE, M_OTHER };

/* One member of a class at x->p: a code point, \s, or something wider. */
static int class_member(xp *x, uint32_t *cp)
{
    unsigned char c = (unsigned char)*x->p;
    if (c == '[' && x->p[1] == ':') { /* [:alpha:] */
        x->p += 2;
        const char *e = strstr(x->p, ":]");
        if (!e)
            return bail(x), M_OTHER;
        x->p = e + 2;
        return M_OTHER;
    }
    if (c == '[' && (x->p[1] == '.' || x->p[1] == '='))
        return bail(x), M_OTHER;
    if (c >= 0x80)
        return read_utf8(x, cp) ? M_CP : M_OTHER;
    if (c != '\\') {
        x->p++;
        *cp = c;
        return M_CP;
    }
    unsigned char e = (unsigned char)x->p[1];
    if (!e)
        return bail(x), M_OTHER;
    x->p += 2;
    if (e >= 0x80) {
        x->p--;
        return read_utf8(x, cp) ? M_CP : M_OTHER;
    }
    if (!isalnum(e)) {
        *cp = e;
        return M_CP;
    }
    switch (e) {
    case 's':
        return M_SPACE;
    case 'd': case 'D': case 'w': case 'W': case 'S': case 'h': case 'H': case 'v': case 'V':
        return M_OTHER;
    case 'p': case 'P':
        return skip_property(x) ? M_OTHER : (bail(x), M_OTHER);
    case 'b': case 'n': case 'r': case 't': case 'f': case 'e': case 'a':
        return M_OTHER; /* control characters */
    case 'x': case 'o':
        return read_code_escape(x, (char)e, cp) ? M_CP : (bail(x), M_OTHER);
    default:
        if (e >= '0' && e <= '7') { /* octal in a class */
            x->p--;
            return read_code_escape(x, '0', cp) ? M_CP : (bail(x), M_OTHER);
        }
        return bail(x), M_OTHER;
    }
}

/* Add one code point to a class's set; 0 when the class becomes too wide
 * or holds a character atoms cannot stand for. */
static int class_add(xp *x, strset *set, uint32_t cp)
{
    info one = cp_info(x, cp);
    if (!one.exact)
        return 0;
    set_put(set, one.set.v[0]);
    return set->n <= MAX_CLASS;
}

static int class_add_range(xp *x, strset *set, uint32_t lo, uint32_t hi)
{
    if (hi < lo) {
        x->bail = 1;
        return 0;
    }
    if (hi - lo >= MAX_RANGE)
        return 0;
    for (uint32_t c = lo; c <= hi; c++)
        if (!class_add(x, set, c))
            return 0;
    return 1;
}

/* [..]: an exact set of single characters when it is small, positive and
 * made of characters atoms can hold; "anything" otherwise. */
static info parse_class(xp *x)
{
    x->p++;
    int neg = *x->p == '^', known = 1;
    x->p += neg;
    strset set = {xalloc(x, (MAX_CLASS + 2) * sizeof *set.v), 0};
    if (!set.v)
        return anything();
    for (int first = 1; !x->bail; first = 0) {
        if (!*x->p)
            return bail(x);
        if (*x->p == ']' && !first) {
            x->p++;
            break;
        }
        uint32_t lo = 0, hi = 0;
        int kind = class_member(x, &lo);
        if (kind == M_CP && x->p[0] == '-' && x->p[1] && x->p[1] != ']') {
            x->p++;
            int k2 = class_member(x, &hi);
            if (k2 != M_CP) /* [a-\d]: PCRE2's reading is not worth modelling */
                known = 0;
            else if (known)
                known = class_add_range(x, &set, lo, hi);
        } else if (kind == M_CP) {
            known = known && class_add(x, &set, lo);
        } else if (kind == M_SPACE) {
            set_put(&set, (str){" ", 1});
        } else {
            known = 0;
        }
        if (set.n > MAX_CLASS)
            known = 0;
    }
    if (neg || !known || x->bail)
        return anything();
    return (info){.exact = 1, .set = set};
}

/* ---------------------------------------------------------------- groups */

static info parse_alt(xp *x);

enum { G_PLAIN, G_LOOK, G_NEGLOOK };

/* The body of a group, x->p just inside it. */
static info group_body(xp *x, int kind)
{
    if (++x->depth > MAX_DEPTH)
        return bail(x);
    info in = parse_alt(x);
    x->depth--;
    if (x->bail || *x->p != ')')
        return bail(x);
    x->p++;
    if (kind == G_LOOK)
        return (info){.match = match_of(x, in)};
    if (kind == G_NEGLOOK)
        return empty(x);
    return in;
}

/* (?<name>..), (?'name'..), (?P<name>..): x->p at the name. */
static info named_group(xp *x, char close)
{
    if (!skip_past(x, close))
        return bail(x);
    return group_body(x, G_PLAIN);
}

/* Option settings: (?i) (?-i) (?i:..). Extended mode (x) changes what
 * white space and '#' mean, so it drops the condition. */
static info option_group(xp *x)
{
    while (*x->p && strchr("imnsJU^-", *x->p))
        x->p++;
    if (*x->p == ')') {
        x->p++;
        return empty(x);
    }
    if (*x->p == ':') {
        x->p++;
        return group_body(x, G_PLAIN);
    }
    return bail(x);
}

/* x->p after "(?" */
static info special_group(xp *x)
{
    char c = *x->p, d = c ? x->p[1] : 0;
    switch (c) {
    case ':': case '>': case '|':
        x->p++;
        return group_body(x, G_PLAIN);
    case '=': case '!':
        x->p++;
        return group_body(x, c == '=' ? G_LOOK : G_NEGLOOK);
    case '<':
        if (d == '=' || d == '!') {
            x->p += 2;
            return group_body(x, d == '=' ? G_LOOK : G_NEGLOOK);
        }
        x->p++;
        return named_group(x, '>');
    case '\'':
        x->p++;
        return named_group(x, '\'');
    case 'P':
        x->p += 2;
        if (d == '<')
            return named_group(x, '>');
        if (d == '=' || d == '>') /* back reference, subroutine call */
            return skip_past(x, ')') ? anything() : bail(x);
        return bail(x);
    case '#': /* comment: to the first ')' */
        return skip_past(x, ')') ? empty(x) : bail(x);
    case 'R': case '&': case '+':
        return skip_past(x, ')') ? anything() : bail(x); /* recursion */
    default:
        if (isdigit((unsigned char)c) || (c == '-' && isdigit((unsigned char)d)))
            return skip_past(x, ')') ? anything() : bail(x);
        if (c && strchr("imnsJU^-", c))
            return option_group(x);
        return bail(x); /* conditional, callout, anything newer */
    }
}

static info parse_group(xp *x)
{
    x->p++;
    if (*x->p == '*')
        return bail(x); /* (*VERB) */
    if (*x->p != '?')
        return group_body(x, G_PLAIN);
    x->p++;
    return special_group(x);
}

/* ----------------------------------------------------------- structure */

/* {n}, {n,} or {n,m}; 0 for anything else (PCRE2 may read that as a
 * literal '{', but the parser does not guess). */
static int read_braces(xp *x, unsigned *min, unsigned *max)
{
    const char *s = x->p + 1;
    char *e;
    if (!isdigit((unsigned char)*s))
        return 0;
    unsigned long a = strtoul(s, &e, 10), b = a;
    if (*e == ',') {
        s = e + 1;
        if (*s == '}') {
            b = UNBOUNDED;
            e = (char *)s;
        } else if (isdigit((unsigned char)*s)) {
            b = strtoul(s, &e, 10);
        } else {
            return 0;
        }
    }
    if (*e != '}' || a > 65535 || (b != UNBOUNDED && (b > 65535 || b < a)))
        return 0;
    *min = (unsigned)a;
    *max = (unsigned)b;
    x->p = e + 1;
    return 1;
}

static info parse_quantifiers(xp *x, info it)
{
    for (;;) {
        unsigned min, max;
        char c = *x->p;
        if (c == '?' || c == '*' || c == '+') {
            min = c == '+';
            max = c == '?' ? 1 : UNBOUNDED;
            x->p++;
        } else if (c == '{') {
            if (!read_braces(x, &min, &max))
                return bail(x);
        } else {
            return it;
        }
        if (*x->p == '+' || *x->p == '?')
            x->p++; /* possessive or lazy: the same strings */
        it = quantify(x, it, min, max);
    }
}

static info parse_item(xp *x)
{
    unsigned char c = (unsigned char)*x->p;
    uint32_t cp;
    switch (c) {
    case '(':
        return parse_group(x);
    case '[':
        return parse_class(x);
    case '\\':
        return parse_escape(x);
    case '.':
        x->p++;
        return anything();
    case '^': case '$':
        x->p++;
        return empty(x);
    case '*': case '+': case '?': case '{':
        return bail(x); /* a quantifier with nothing before it */
    default:
        if (c >= 0x80)
            return read_utf8(x, &cp) ? cp_info(x, cp) : anything();
        x->p++;
        return cp_info(x, c);
    }
}

static info parse_seq(xp *x)
{
    seq q = {.run = empty(x).set};
    while (!x->bail && *x->p && *x->p != '|' && *x->p != ')') {
        info it = parse_item(x);
        if (!x->bail)
            it = parse_quantifiers(x, it);
        seq_add(x, &q, it);
    }
    return seq_end(x, &q);
}

static info parse_alt(xp *x)
{
    info acc = parse_seq(x);
    while (!x->bail && *x->p == '|') {
        x->p++;
        acc = alt_join(x, acc, parse_seq(x));
    }
    return acc;
}

/* -------------------------------------------------------------- output */

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

static fp_status grow_slots(fp_atomtab *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 256;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return FP_ERR_NOMEM;
    for (size_t id = 0; id < t->atoms.count; id++) {
        const char *a = t->atoms.items[id];
        size_t k = hash_bytes(a, strlen(a)) & (n - 1);
        while (slots[k])
            k = (k + 1) & (n - 1);
        slots[k] = (uint32_t)id + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return FP_OK;
}

static fp_status intern(fp_atomtab *t, str s, uint32_t *id)
{
    if ((t->atoms.count + 1) * 2 > t->nslots && grow_slots(t))
        return FP_ERR_NOMEM;
    size_t k = hash_bytes(s.p, s.n) & (t->nslots - 1);
    for (; t->slots[k]; k = (k + 1) & (t->nslots - 1)) {
        const char *a = t->atoms.items[t->slots[k] - 1];
        if (strlen(a) == s.n && !memcmp(a, s.p, s.n)) {
            *id = t->slots[k] - 1;
            return FP_OK;
        }
    }
    char buf[WHOLE_ATOM + 1];
    memcpy(buf, s.p, s.n);
    buf[s.n] = '\0';
    if (fp_strlist_add(&t->atoms, buf))
        return FP_ERR_NOMEM;
    *id = (uint32_t)(t->atoms.count - 1);
    t->slots[k] = *id + 1;
    return FP_OK;
}

/* Kid k of f adds nothing: an OR member holding another atom member, or
 * an AND member repeating an earlier one. */
static int redundant_kid(const form *f, size_t k)
{
    const form *a = f->kid[k];
    if (a->op != F_ATOM)
        return 0;
    for (size_t j = 0; j < f->nkid; j++) {
        const form *b = f->kid[j];
        if (j == k || b->op != F_ATOM)
            continue;
        int same = str_eq(a->atom, b->atom);
        if (same ? j < k : (f->op == F_OR && str_contains(a->atom, b->atom)))
            return 1;
    }
    return 0;
}

/* The commonest English words: one of them turns up in nearly every
 * sentence. (General English, not fitted to any data.) */
static int common_word(str s)
{
    static const char *const words[] = {
        "the", "of", "and", "to", "in", "for", "on", "by", "with", "at", "as", "or",
        "is", "be", "are", "this", "that", "these", "such", "any", "all", "its",
        "our", "their", "your", "his", "her", "from", "which", NULL};
    while (s.n && s.p[0] == ' ')
        s.p++, s.n--;
    while (s.n && s.p[s.n - 1] == ' ')
        s.n--;
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == s.n && !memcmp(*w, s.p, s.n))
            return 1;
    return 0;
}

/* An AND member that holds whenever a sentence has one of the commonest
 * words ("the", OR(any, its, our, the, ...)) filters almost nothing beside
 * the others, and its atoms cost a report at nearly every word: leave it
 * out (weakening the condition is sound). */
static int weak_kid(const form *f, size_t k)
{
    const form *a = f->kid[k];
    if (f->op != F_AND)
        return 0;
    if (a->op == F_ATOM)
        return common_word(a->atom);
    for (size_t j = 0; a->op == F_OR && j < a->nkid; j++)
        if (a->kid[j]->op == F_ATOM && common_word(a->kid[j]->atom))
            return 1;
    return 0;
}

static size_t count_nodes(const form *f)
{
    size_t n = 1;
    for (size_t k = 0; k < f->nkid; k++)
        n += count_nodes(f->kid[k]);
    return n;
}

/* Put each AND's smallest members first (a stable insertion sort): the
 * evaluation stops at the first member that fails, and a small one costs
 * fewer bit tests. Returns the subtree's node count; 0 when out of memory
 * (the order is then left as it is, which is as correct). */
static size_t order_kids(form *f)
{
    if (f->op == F_ATOM)
        return 1;
    size_t total = 1, *size = malloc(f->nkid * sizeof *size);
    for (size_t k = 0; k < f->nkid; k++) {
        size_t n = order_kids(f->kid[k]);
        total += n;
        if (size)
            size[k] = n;
    }
    for (size_t k = 1; size && f->op == F_AND && k < f->nkid; k++)
        for (size_t j = k; j > 0 && size[j - 1] > size[j]; j--) {
            size_t t = size[j];
            size[j] = size[j - 1], size[j - 1] = t;
            form *g = f->kid[j];
            f->kid[j] = f->kid[j - 1], f->kid[j - 1] = g;
        }
    free(size);
    return total;
}

/* The members emit keeps: their number, and the last one. */
static size_t kept_kids(const form *f, const form **last)
{
    size_t n = 0;
    for (size_t k = 0; k < f->nkid; k++)
        if (!redundant_kid(f, k) && !weak_kid(f, k))
            n++, *last = f->kid[k];
    return n;
}

static fp_status emit(const form *f, fp_atomtab *tab, fp_cond *c)
{
    const form *only = NULL;
    if (f->op != F_ATOM && kept_kids(f, &only) == 1)
        return emit(only, tab, c); /* AND(x) and OR(x) are x */
    size_t at = c->count++;
    if (f->op == F_ATOM) {
        uint32_t id = 0;
        fp_status st = intern(tab, f->atom, &id);
        c->nodes[at] = (fp_cnode){FP_COND_ATOM, id};
        return st;
    }
    for (size_t k = 0; k < f->nkid; k++) {
        if (redundant_kid(f, k) || weak_kid(f, k))
            continue;
        fp_status st = emit(f->kid[k], tab, c);
        if (st)
            return st;
    }
    c->nodes[at] = (fp_cnode){f->op == F_AND ? FP_COND_AND : FP_COND_OR, (uint32_t)c->count};
    return FP_OK;
}

static fp_status derive(const char *pattern, size_t min_atom, size_t max_atom,
                        fp_atomtab *tab, fp_cond *out)
{
    *out = (fp_cond){0};
    xp x = {.p = pattern ? pattern : "", .min_atom = min_atom, .max_atom = max_atom};
    info r = parse_alt(&x);
    if (!x.bail && *x.p)
        x.bail = 1; /* a ')' that opens nothing */
    form *f = x.bail ? NULL : match_of(&x, r);
    fp_status st = x.ar.oom ? FP_ERR_NOMEM : FP_OK;
    if (!st && f && !x.bail) {
        order_kids(f);
        out->nodes = malloc(count_nodes(f) * sizeof *out->nodes);
        st = out->nodes ? emit(f, tab, out) : FP_ERR_NOMEM;
        if (!st && out->count == 1 && out->nodes[0].op == FP_COND_AND)
            fp_cond_free(out); /* every member was left out: none */
        if (st)
            fp_cond_free(out);
    }
    arena_free(&x.ar);
    return st;
}

fp_status fp_atoms_derive(const char *pattern, fp_atomtab *tab, fp_cond *out)
{
    return derive(pattern, MIN_ATOM, MAX_ATOM, tab, out);
}

fp_status fp_atoms_derive_whole(const char *pattern, fp_atomtab *tab, fp_cond *out)
{
    return derive(pattern, 1, WHOLE_ATOM, tab, out);
}

fp_status fp_cond_move_atoms(fp_cond *c, const fp_atomtab *from, fp_atomtab *to)
{
    for (size_t i = 0; i < c->count; i++) {
        if (c->nodes[i].op != FP_COND_ATOM)
            continue;
        const char *a = from->atoms.items[c->nodes[i].arg];
        fp_status st = intern(to, (str){a, strlen(a)}, &c->nodes[i].arg);
        if (st)
            return st;
    }
    return FP_OK;
}

/* ----------------------------------------------------------- evaluation */

static size_t next_node(const fp_cnode *n, size_t i)
{
    return n[i].op == FP_COND_ATOM ? i + 1 : n[i].arg;
}

static int atom_set(const uint64_t *bits, uint32_t atom)
{
    return (int)((bits[atom >> 6] >> (atom & 63)) & 1);
}

static int holds_at(const fp_cnode *n, size_t i, const uint64_t *bits)
{
    if (n[i].op == FP_COND_ATOM)
        return atom_set(bits, n[i].arg);
    int all = n[i].op == FP_COND_AND;
    /* atoms are tested in the loop: this runs for every candidate rule of
     * every sentence, and most members are atoms */
    for (size_t k = i + 1; k < n[i].arg; k = next_node(n, k)) {
        int v = n[k].op == FP_COND_ATOM ? atom_set(bits, n[k].arg) : holds_at(n, k, bits);
        if (v != all)
            return !all;
    }
    return all;
}

int fp_cond_holds(const fp_cond *c, const uint64_t *bits)
{
    return !c->count || holds_at(c->nodes, 0, bits);
}

/* Does every subject that satisfies the subtree at i hold one of the
 * literals? An atom does when a literal is part of it; an OR when all its
 * members do; an AND when any of its members does. */
static int implies_at(const fp_cnode *n, size_t i, const fp_atomtab *tab,
                      const fp_strlist *lits)
{
    if (n[i].op == FP_COND_ATOM) {
        for (size_t k = 0; k < lits->count; k++)
            if (strstr(tab->atoms.items[n[i].arg], lits->items[k]))
                return 1;
        return 0;
    }
    int is_and = n[i].op == FP_COND_AND;
    for (size_t k = i + 1; k < n[i].arg; k = next_node(n, k))
        if (implies_at(n, k, tab, lits) == is_and)
            return is_and;
    return !is_and;
}

/* The first branch of an OR that does not imply a literal, followed down
 * to an atom or an AND: a way to match that the literals miss. */
static size_t witness_at(const fp_cnode *n, size_t i, const fp_atomtab *tab,
                         const fp_strlist *lits)
{
    if (n[i].op != FP_COND_OR)
        return i;
    for (size_t k = i + 1; k < n[i].arg; k = next_node(n, k))
        if (!implies_at(n, k, tab, lits))
            return witness_at(n, k, tab, lits);
    return i;
}


static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static fp_status format_at(const fp_cond *c, size_t i, const fp_atomtab *tab, fp_buf *out)
{
    const fp_cnode *n = c->nodes;
    if (n[i].op == FP_COND_ATOM)
        return fp_buf_printf(out, "\"%s\"", tab->atoms.items[n[i].arg]);
    fp_strlist kids = {0};
    fp_status st = FP_OK;
    for (size_t k = i + 1; !st && k < n[i].arg; k = next_node(n, k)) {
        fp_buf b = {0};
        st = format_at(c, k, tab, &b);
        if (!st)
            st = fp_strlist_add(&kids, b.data ? b.data : "");
        fp_buf_free(&b);
    }
    if (!st && n[i].op == FP_COND_OR)
        qsort(kids.items, kids.count, sizeof *kids.items, compare_strings);
    if (!st)
        st = fp_buf_puts(out, n[i].op == FP_COND_AND ? "AND(" : "OR(");
    for (size_t k = 0; !st && k < kids.count; k++)
        st = fp_buf_printf(out, "%s%s", k ? ", " : "", kids.items[k]);
    if (!st)
        st = fp_buf_putc(out, ')');
    fp_strlist_free(&kids);
    return st;
}

int fp_cond_implies_any(const fp_cond *c, const fp_atomtab *tab,
                        const fp_strlist *lits, fp_buf *witness)
{
    if (c->count && implies_at(c->nodes, 0, tab, lits))
        return 1;
    if (!witness || !c->count)
        return 0;
    return format_at(c, witness_at(c->nodes, 0, tab, lits), tab, witness) ? -1 : 0;
}

fp_status fp_cond_format(const fp_cond *c, const fp_atomtab *tab, fp_buf *out)
{
    if (!c->count)
        return fp_buf_puts(out, "TRUE");
    return format_at(c, 0, tab, out);
}

void fp_cond_free(fp_cond *c)
{
    free(c->nodes);
    *c = (fp_cond){0};
}

void fp_atomtab_free(fp_atomtab *tab)
{
    fp_strlist_free(&tab->atoms);
    free(tab->slots);
    *tab = (fp_atomtab){0};
}

/* ------------------------------------------------------ the text's side */

#define ONES FP_SWAR_ONES
#define HIGHS FP_SWAR_HIGHS

/* 0x80 in every byte of x that is a space (exact, unlike the zero test). */
static uint64_t space_mask(uint64_t x)
{
    uint64_t v = x ^ (ONES * ' ');
    return ~(((v & ~HIGHS) + ~HIGHS) | v) & HIGHS;
}

/* Byte i breaks a promise: white space other than a single space or a
 * line end, or the start of U+017F or U+212A. Counts line ends. */
static int odd_byte(const unsigned char *s, size_t n, size_t i, size_t *newlines)
{
    unsigned char c = s[i];
    if (c == '\n')
        return ++*newlines, 0;
    if (c < 0x20 || (c == ' ' && i && s[i - 1] == ' '))
        return 1;
    if (c == 0xC5)
        return i + 1 < n && s[i + 1] == 0xBF;
    if (c == 0xE2)
        return i + 2 < n && s[i + 1] == 0x84 && s[i + 2] == 0xAA;
    return 0;
}

/* Eight bytes at a time; a word that might hold an odd byte is looked at
 * byte by byte (once a paragraph for its '\n'). */
int fp_atoms_text_ok(const char *text, size_t n, size_t paragraphs)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t newlines = 0, i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t sp = space_mask(x);
        uint64_t suspect = ((x - ONES * 0x20) & ~x & HIGHS) | (sp & (sp << 8)) |
                           fp_swar_has_byte(x, 0xC5) | fp_swar_has_byte(x, 0xE2) |
                           ((sp & 0x80) && i && s[i - 1] == ' ');
        for (size_t k = 0; suspect && k < 8; k++)
            if (odd_byte(s, n, i + k, &newlines))
                return 0;
    }
    for (; i < n; i++)
        if (odd_byte(s, n, i, &newlines))
            return 0;
    return newlines == paragraphs;
}
