/* rules.c - the rule-file loader.
 *
 * Format (see docs/rules.md): INI-like sections, one per rule.
 *
 *   # comment
 *   [category.rule_name]
 *   key = value
 *       continuation lines are indented; for `pattern` they are joined
 *       directly (so a long regex can be broken anywhere), for prose keys
 *       with one space.
 *
 * Keys: title, category, bears, indemnitor, indemnitee, severity, scope,
 * require, pattern (repeatable: alternatives), exclude, unless, tags,
 * explain, law, match, nomatch (both repeatable). A rule needs id, category, severity,
 * bears, pattern, explain, and at least one match and one nomatch example;
 * every example must hold. Errors name file:line. */
#include "rules.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc.h"
#include "parallel.h"
#include "prefilter.h"
#include "utf.h"

/* -------------------------------------------------------------- parsing */

typedef struct parser {
    const char *name;
    const char *p, *end;
    unsigned line;
    fp_rules *rules;
    fp_rule *cur;
    char *last_key; /* for continuation lines */
    char *err;
    size_t errlen;
} parser;

static fp_status fail(parser *ps, fp_status st, unsigned line,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static fp_status fail(parser *ps, fp_status st, unsigned line,
                      const char *fmt, ...)
{
    if (ps->err && ps->errlen) {
        int n = snprintf(ps->err, ps->errlen, "%s:%u: ", ps->name, line);
        if (n >= 0 && (size_t)n < ps->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return st;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static fp_status append_text(char **field, const char *more, const char *sep)
{
    if (!*field) {
        *field = fp_strdup(more);
        return *field ? FP_OK : FP_ERR_NOMEM;
    }
    size_t a = strlen(*field), b = strlen(more), c = strlen(sep);
    char *p = realloc(*field, a + b + c + 1);
    if (!p)
        return FP_ERR_NOMEM;
    memcpy(p + a, sep, c);
    memcpy(p + a + c, more, b + 1);
    *field = p;
    return FP_OK;
}

static fp_status add_example(fp_rule *r, int matching, const char *text,
                             unsigned line)
{
    fp_example *ex = realloc(r->examples[matching],
                             (r->nexamples[matching] + 1) * sizeof *ex);
    if (!ex)
        return FP_ERR_NOMEM;
    r->examples[matching] = ex;
    ex[r->nexamples[matching]].text = fp_strdup(text);
    if (!ex[r->nexamples[matching]].text)
        return FP_ERR_NOMEM;
    ex[r->nexamples[matching]].line = line;
    r->nexamples[matching]++;
    return FP_OK;
}

static int parse_bearer_word(const char *v, fp_bearer *out)
{
    static const char *names[FP_BEARER__COUNT] = {"unknown", "user", "provider",
                                                  "mutual", "third_party"};
    for (int i = 0; i < FP_BEARER__COUNT; i++)
        if (!strcmp(v, names[i])) {
            *out = (fp_bearer)i;
            return 0;
        }
    return -1;
}

/* "user", "subject", "counterparty", optionally "subject or user"; any of
 * them may add "unless mutual" ("counterparty or user unless mutual"). */
static int parse_role(const char *value, fp_role *role)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", value);
    /* "unless mutual", "unless named", "unless mutual or named" */
    char *unless = strstr(buf, " unless ");
    if (unless) {
        *unless = '\0';
        for (char *c = unless + strlen(" unless "), *next; c; c = next) {
            next = strstr(c, " or ");
            if (next)
                *next = '\0', next += 4;
            c = trim(c);
            if (!strcmp(c, "mutual"))
                role->mutual_actor = 1;
            else if (!strcmp(c, "named"))
                role->named_actor = 1;
            else
                return -1;
        }
    }
    char *fallback = strstr(buf, " or ");
    if (fallback) {
        *fallback = '\0';
        if (parse_bearer_word(trim(fallback + 4), &role->fallback))
            return -1;
    }
    char *v = trim(buf);
    role->set = 1;
    if (!strcmp(v, "subject")) {
        role->mode = FP_ROLE_SUBJECT;
        return role->named_actor ? -1 : 0; /* "named" turns a fixed bearer */
    }
    if (!strcmp(v, "counterparty")) {
        role->mode = FP_ROLE_COUNTERPARTY;
        return role->named_actor ? -1 : 0;
    }
    role->mode = FP_ROLE_FIXED;
    return fallback ? -1 : parse_bearer_word(v, &role->fixed);
}

static fp_status split_list(fp_strlist *list, const char *value, char sep,
                            int lower)
{
    const char *p = value;
    while (*p) {
        const char *q = strchr(p, sep);
        size_t n = q ? (size_t)(q - p) : strlen(p);
        char *item = fp_strndup(p, n);
        if (!item)
            return FP_ERR_NOMEM;
        char *t = trim(item);
        if (lower)
            for (char *c = t; *c; c++)
                *c = (char)tolower((unsigned char)*c);
        fp_status st = *t ? fp_strlist_add(list, t) : FP_OK;
        free(item);
        if (st)
            return st;
        p = q ? q + 1 : p + n;
    }
    return FP_OK;
}

/* Keys whose value is text. `sep` joins a repeated key (NULL: the key may
 * be given once); `cont` joins an indented continuation line. Patterns join
 * repeats as alternatives and continuations directly, so a long expression
 * can be broken anywhere. */
typedef struct text_key {
    const char *key;
    size_t offset;
    const char *sep, *cont;
} text_key;

static const text_key text_keys[] = {
    {"title", offsetof(fp_rule, title), NULL, " "},
    {"category", offsetof(fp_rule, category), NULL, NULL},
    {"explain", offsetof(fp_rule, explain), NULL, " "},
    {"law", offsetof(fp_rule, law), NULL, " "},
    {"pattern", offsetof(fp_rule, pattern), "|", ""},
    {"exclude", offsetof(fp_rule, exclude_pattern), "|", ""},
    {NULL, 0, NULL, NULL}};

static const text_key *find_text_key(const char *key)
{
    for (const text_key *t = text_keys; t->key; t++)
        if (!strcmp(t->key, key))
            return t;
    return NULL;
}

static char **text_field(fp_rule *r, const text_key *t)
{
    return (char **)((char *)r + t->offset);
}

static fp_status set_text_key(parser *ps, const text_key *t, const char *value)
{
    char **field = text_field(ps->cur, t);
    if (*field && !t->sep)
        return fail(ps, FP_ERR_RULE_SYNTAX, ps->line, "key '%s' is given "
                    "twice in rule '%s'", t->key, ps->cur->id);
    return append_text(field, value, *field ? t->sep : "");
}

static fp_status set_key(parser *ps, const char *key, const char *value)
{
    fp_rule *r = ps->cur;
    unsigned ln = ps->line;
    const text_key *t = find_text_key(key);
    if (t)
        return set_text_key(ps, t, value);
    if (!strcmp(key, "require"))
        return split_list(&r->require, value, '|', 1);
    if (!strcmp(key, "tags"))
        return split_list(&r->tags, value, ',', 1);
    if (!strcmp(key, "unless"))
        return split_list(&r->unless, value, ',', 0);
    if (!strcmp(key, "match") || !strcmp(key, "nomatch"))
        return add_example(r, key[0] == 'm', value, ln);
    if (!strcmp(key, "severity"))
        return fp_severity_from_name(value, &r->severity)
                   ? fail(ps, FP_ERR_RULE_SYNTAX, ln, "unknown severity '%s' "
                          "(fair, info, low, medium, high)", value)
                   : FP_OK;
    if (!strcmp(key, "scope")) {
        if (!strcmp(value, "sentence") || !strcmp(value, "paragraph")) {
            r->scope = value[0] == 'p' ? FP_SCOPE_PARAGRAPH : FP_SCOPE_SENTENCE;
            return FP_OK;
        }
        return fail(ps, FP_ERR_RULE_SYNTAX, ln,
                    "scope must be 'sentence' or 'paragraph', not '%s'", value);
    }
    fp_role *role = !strcmp(key, "bears")        ? &r->bears
                    : !strcmp(key, "indemnitor") ? &r->indemnitor
                    : !strcmp(key, "indemnitee") ? &r->indemnitee
                                                 : NULL;
    if (role)
        return parse_role(value, role)
                   ? fail(ps, FP_ERR_RULE_SYNTAX, ln, "bad %s '%s' (user, "
                          "provider, mutual, third_party, unknown, subject, "
                          "counterparty; 'subject or user'; 'user unless mutual or named')", key, value)
                   : FP_OK;
    return fail(ps, FP_ERR_RULE_SYNTAX, ln, "unknown key '%s'", key);
}

/* An indented line continues the previous key. */
static fp_status continue_key(parser *ps, const char *text)
{
    fp_rule *r = ps->cur;
    const char *k = ps->last_key;
    const text_key *t = find_text_key(k);
    if (t && t->cont && *text_field(r, t))
        return append_text(text_field(r, t), text, t->cont);
    if ((!strcmp(k, "match") || !strcmp(k, "nomatch")) &&
        r->nexamples[k[0] == 'm'])
        return append_text(
            &r->examples[k[0] == 'm'][r->nexamples[k[0] == 'm'] - 1].text,
            text, " ");
    return fail(ps, FP_ERR_RULE_SYNTAX, ps->line,
                "key '%s' does not take continuation lines", k);
}

static fp_status begin_rule(parser *ps, char *line)
{
    char *close = strchr(line, ']');
    if (!close)
        return fail(ps, FP_ERR_RULE_SYNTAX, ps->line, "missing ']' in rule id");
    *close = '\0';
    char *id = trim(line + 1);
    if (!*id)
        return fail(ps, FP_ERR_RULE_SYNTAX, ps->line, "empty rule id");
    for (char *c = id; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("._-", *c))
            return fail(ps, FP_ERR_RULE_SYNTAX, ps->line,
                        "rule id '%s' may hold only letters, digits, '.', '_' "
                        "and '-'", id);
    if (fp_rules_find(ps->rules, id))
        return fail(ps, FP_ERR_RULE_SYNTAX, ps->line,
                    "rule '%s' is defined twice", id);
    fp_rules *rs = ps->rules;
    fp_status st = fp_grow((void **)&rs->rules, &rs->cap, rs->count + 1,
                           sizeof *rs->rules);
    if (st)
        return st;
    fp_rule *r = &rs->rules[rs->count++];
    memset(r, 0, sizeof *r);
    r->index = rs->count - 1;
    r->line = ps->line;
    r->severity = FP_SEV__COUNT; /* "not set" */
    ps->cur = r;
    r->id = fp_strdup(id);
    r->file = fp_strdup(ps->name);
    return r->id && r->file ? FP_OK : FP_ERR_NOMEM;
}

static fp_status parse_line(parser *ps, char *raw)
{
    int indented = raw[0] == ' ' || raw[0] == '\t';
    char *line = trim(raw);
    if (!*line || *line == '#' || *line == ';')
        return FP_OK;
    if (*line == '[' && !indented)
        return begin_rule(ps, line);
    if (!ps->cur)
        return fail(ps, FP_ERR_RULE_SYNTAX, ps->line,
                    "text before the first [rule.id] header");
    if (indented && ps->last_key)
        return continue_key(ps, line);
    char *eq = strchr(line, '=');
    if (!eq)
        return fail(ps, FP_ERR_RULE_SYNTAX, ps->line,
                    "expected 'key = value', got '%.40s'", line);
    *eq = '\0';
    char *key = trim(line), *value = trim(eq + 1);
    free(ps->last_key);
    ps->last_key = fp_strdup(key);
    if (!ps->last_key)
        return FP_ERR_NOMEM;
    return set_key(ps, key, value);
}

/* ------------------------------------------------------------ compiling */

/* Is the pattern safe to compile without PCRE2_UTF for ASCII subjects:
 * ASCII bytes only, and no escape that names a code point above 0x7F or a
 * Unicode property (\x{...}, \x80-\xff, \o{...}, octal, \N, \p, \P, \X)
 * and no (*UTF) verb? Conservative: a false "no" only costs speed. */
static int ascii_pattern(const char *src)
{
    for (const unsigned char *s = (const unsigned char *)src; *s; s++) {
        if (*s >= 0x80)
            return 0;
        if (*s == '(' && s[1] == '*')
            return 0;
        if (*s != '\\')
            continue;
        unsigned char e = s[1];
        if (!e)
            return 0;
        if (e == 'x' && (s[2] == '{' || (s[2] >= '8' && s[2] <= '9') ||
                         ((s[2] | 32) >= 'a' && (s[2] | 32) <= 'f')))
            return 0;
        if (strchr("oNpPX0123456789", e))
            return 0;
        s++; /* the escaped character */
    }
    return 1;
}

/* Patterns compile caseless and with UTF; the non-UTF variant without it. */
#define COMPILE_FLAGS (PCRE2_CASELESS | PCRE2_UTF | PCRE2_DUPNAMES | PCRE2_NEVER_BACKSLASH_C)

/* The non-UTF variant of an ASCII pattern, or NULL (never an error: the
 * UTF code serves every subject then). */
static pcre2_code *compile_ascii(const char *src)
{
    if (!ascii_pattern(src))
        return NULL;
    int code;
    PCRE2_SIZE off;
    return pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                         COMPILE_FLAGS & ~(uint32_t)PCRE2_UTF, &code, &off, NULL);
}

/* The patterns of a file's rules are compiled together, on several threads
 * (compile_rules), then checked rule by rule in order (finish_rule), so an
 * error stops the load at the rule as if each were compiled in turn. */
typedef struct compile_error {
    int code;
    PCRE2_SIZE offset;
} compile_error;

typedef struct compile_job {
    fp_rule *rules;
    compile_error *errors; /* two per rule: pattern, exclude */
} compile_job;

static void compile_task(void *ctx, size_t i)
{
    compile_job *job = ctx;
    fp_rule *r = &job->rules[i];
    compile_error *e = &job->errors[2 * i];
    /* the non-UTF variant, and the UTF code only where there is none (it
     * waits for a subject that needs it: fp_rule_code) */
    if (r->pattern && !(r->re_ascii = compile_ascii(r->pattern)))
        r->re = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED, COMPILE_FLAGS,
                              &e[0].code, &e[0].offset, NULL);
    if (r->exclude_pattern && !(r->exclude_ascii = compile_ascii(r->exclude_pattern)))
        r->exclude = pcre2_compile((PCRE2_SPTR)r->exclude_pattern, PCRE2_ZERO_TERMINATED,
                                   COMPILE_FLAGS, &e[1].code, &e[1].offset, NULL);
}

static fp_status compile_error_at(parser *ps, const fp_rule *r, const compile_error *e,
                                  const char *what)
{
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(e->code, msg, sizeof msg);
    return fail(ps, FP_ERR_RULE_PATTERN, r->line,
                "rule '%s': %s does not compile: %s at offset %zu", r->id,
                what, (const char *)msg, (size_t)e->offset);
}

/* Does PCRE2's JIT work here (built in, and allowed to map executable
 * memory)? Asked once at load with a trivial pattern; the rules' own codes
 * are JIT-compiled when they earn it (rules.h, "Tiered compilation"). */
static int jit_works(void)
{
    uint32_t built_in = 0;
    if (pcre2_config(PCRE2_CONFIG_JIT, &built_in) < 0 || !built_in)
        return 0;
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR) "a", 1, COMPILE_FLAGS, &code, &off, NULL);
    int ok = re && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
    pcre2_code_free(re);
    return ok;
}

/* Code k as compiled, compiling a UTF code now if it waited for its first
 * subject; with the rule's lock held. NULL out of memory. */
static const pcre2_code *interpreted_locked(fp_rule *r, int k)
{
    const pcre2_code *c = fp_rule_interpreted(r, k);
    if (c || (k != FP_CODE_RE && k != FP_CODE_EXCLUDE))
        return c;
    int code;
    PCRE2_SIZE off;
    const char *src = k == FP_CODE_RE ? r->pattern : r->exclude_pattern;
    pcre2_code *re = src ? pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                                         COMPILE_FLAGS, &code, &off, NULL) : NULL;
    atomic_store_explicit(k == FP_CODE_RE ? &r->re : &r->exclude, re, memory_order_release);
    return re;
}

/* Code k as compiled, from any thread. */
static const pcre2_code *interpreted(fp_rule *r, int k)
{
    const pcre2_code *c = fp_rule_interpreted(r, k);
    if (!c) {
        pthread_mutex_lock(r->jit_mu);
        c = interpreted_locked(r, k);
        pthread_mutex_unlock(r->jit_mu);
    }
    return c;
}

const pcre2_code *fp_rule_code(const fp_rule *rule, int exclude, int subject_ascii)
{
    fp_rule *r = (fp_rule *)rule; /* rules.h: the part that changes */
    int k = fp_rule_code_index(r, exclude, subject_ascii);
    const pcre2_code *jit = atomic_load_explicit(&r->tier[k].jit, memory_order_acquire);
    return jit ? jit : interpreted(r, k);
}

/* Compile code k of the rule for the JIT, under the rule's lock: a copy,
 * since other threads may be interpreting the original. A refusal (out of
 * memory) leaves the code to the interpreter, which finds the same
 * matches. */
static void jit_compile_locked(fp_rule *r, int k)
{
    fp_tier *t = &r->tier[k];
    if (atomic_load_explicit(&t->settled, memory_order_relaxed))
        return;
    const pcre2_code *code = interpreted_locked(r, k);
    pcre2_code *copy = code ? pcre2_code_copy(code) : NULL;
    if (copy && pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE) != 0) {
        pcre2_code_free(copy);
        copy = NULL;
    }
    atomic_store_explicit(&t->jit, copy, memory_order_release);
    atomic_store_explicit(&t->settled, 1, memory_order_release);
}

const pcre2_code *fp_rule_run_code(const fp_rule *rule, int k, size_t len)
{
    /* the one part of a loaded rule that changes (rules.h) */
    fp_rule *r = (fp_rule *)rule;
    fp_tier *t = &r->tier[k];
    const pcre2_code *jit = atomic_load_explicit(&t->jit, memory_order_acquire);
    if (jit)
        return jit;
    if (atomic_load_explicit(&t->settled, memory_order_relaxed))
        return interpreted(r, k);
    size_t before = atomic_fetch_add_explicit(&t->bytes, len, memory_order_relaxed);
    if (before + len >= r->jit_after &&
        pthread_mutex_trylock(r->jit_mu) == 0) {
        jit_compile_locked(r, k);
        pthread_mutex_unlock(r->jit_mu);
        if ((jit = atomic_load_explicit(&t->jit, memory_order_acquire)))
            return jit;
    }
    return interpreted(r, k);
}

const pcre2_code *fp_rule_jit_now(const fp_rule *rule, int k)
{
    fp_rule *r = (fp_rule *)rule;
    fp_tier *t = &r->tier[k];
    if (!atomic_load_explicit(&t->settled, memory_order_acquire)) {
        pthread_mutex_lock(r->jit_mu);
        jit_compile_locked(r, k);
        pthread_mutex_unlock(r->jit_mu);
    }
    return atomic_load_explicit(&t->jit, memory_order_acquire);
}

void fp_rules_set_jit_after(fp_rules *rs, size_t bytes)
{
    rs->jit_after = bytes;
    for (size_t i = 0; i < rs->count; i++)
        rs->rules[i].jit_after = bytes;
}

static fp_status collect_groups(fp_rule *r)
{
    /* the same names in either code */
    const pcre2_code *re = r->re_ascii ? r->re_ascii : r->re;
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
    if (!count)
        return FP_OK;
    pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &size);
    pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
    r->groups = calloc(count, sizeof *r->groups);
    if (!r->groups)
        return FP_ERR_NOMEM;
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR e = table + (size_t)i * size;
        r->groups[i].number = (uint32_t)(e[0] << 8 | e[1]);
        r->groups[i].name = fp_strdup((const char *)e + 2);
        if (!r->groups[i].name)
            return FP_ERR_NOMEM;
        r->ngroups++;
    }
    return FP_OK;
}

static fp_status check_fields(parser *ps, fp_rule *r)
{
    const char *missing = !r->category ? "category"
                          : !r->pattern ? "pattern"
                          : !r->explain ? "explain"
                          : r->severity == FP_SEV__COUNT ? "severity"
                          : !r->bears.set ? "bears"
                                          : NULL;
    if (missing)
        return fail(ps, FP_ERR_RULE_SYNTAX, r->line, "rule '%s' has no %s",
                    r->id, missing);
    if (!r->nexamples[1] || !r->nexamples[0])
        return fail(ps, FP_ERR_RULE_EXAMPLE, r->line,
                    "rule '%s' needs at least one 'match' and one 'nomatch' "
                    "example; a rule without examples does not load", r->id);
    for (size_t i = 0; i < r->require.count; i++)
        if (strlen(r->require.items[i]) < 2)
            return fail(ps, FP_ERR_RULE_SYNTAX, r->line, "rule '%s': required "
                        "literal '%s' is too short to filter on", r->id,
                        r->require.items[i]);
    if (!r->title)
        r->title = fp_strdup(r->id);
    if (!r->law)
        r->law = fp_strdup("");
    return r->title && r->law ? FP_OK : FP_ERR_NOMEM;
}

static fp_status finish_rule(parser *ps, fp_rule *r, const compile_error *e)
{
    fp_status st = check_fields(ps, r);
    if (!st && !r->re && !r->re_ascii)
        st = compile_error_at(ps, r, &e[0], "pattern");
    if (!st && r->exclude_pattern && !r->exclude && !r->exclude_ascii)
        st = compile_error_at(ps, r, &e[1], "exclude");
    if (!st)
        st = collect_groups(r);
    if (!st && !r->require.count)
        st = fp_strlist_addf(&ps->rules->warnings,
                             "%s:%u: rule '%s' has no 'require' literal; it "
                             "runs on every sentence", ps->name, r->line, r->id);
    return st;
}

/* Compile the patterns of rules [first, count) and finish each in order. */
static fp_status finish_rules(parser *ps, size_t first)
{
    fp_rules *rs = ps->rules;
    size_t n = rs->count - first;
    if (!n)
        return FP_OK; /* rs->rules may still be NULL: no pointer arithmetic on it */
    compile_job job = {rs->rules + first, calloc(2 * n + 1, sizeof *job.errors)};
    if (!job.errors)
        return FP_ERR_NOMEM;
    fp_parallel_for(n, rs->threads, compile_task, &job);
    fp_status st = FP_OK;
    for (size_t i = 0; !st && i < n; i++)
        st = finish_rule(ps, &rs->rules[first + i], &job.errors[2 * i]);
    free(job.errors);
    return st;
}

static fp_status parse_buffer(parser *ps)
{
    size_t first = ps->rules->count;
    fp_status st = FP_OK;
    while (!st && ps->p < ps->end) {
        const char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
        size_t n = nl ? (size_t)(nl - ps->p) : (size_t)(ps->end - ps->p);
        ps->line++;
        /* leave through the end of the function: it frees last_key */
        if (memchr(ps->p, '\0', n)) {
            st = fail(ps, FP_ERR_RULE_SYNTAX, ps->line, "NUL byte in rule file");
            break;
        }
        char *line = fp_strndup(ps->p, n);
        if (!line) {
            st = FP_ERR_NOMEM;
            break;
        }
        st = parse_line(ps, line);
        free(line);
        ps->p += n + (nl != NULL);
    }
    if (!st)
        st = finish_rules(ps, first);
    free(ps->last_key);
    ps->last_key = NULL;
    ps->cur = NULL;
    return st;
}

/* ------------------------------------------------------------- examples */

int fp_rule_matches_text(const fp_rule *rule, const char *text)
{
    /* only whether it matches: a match with more groups than the ovector
     * holds returns 0, which is a match. The code runs as it is (JIT or
     * not, rules.h), and these runs count towards no JIT compilation. */
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        return -1;
    /* a zero-padded copy, as document text is (see FP_BUF_SLACK) */
    size_t n = strlen(text);
    char *padded = calloc(1, n + 65);
    if (!padded) {
        pcre2_match_data_free(md);
        return -1;
    }
    memcpy(padded, text, n);
    text = padded;
    /* the code the scanner would choose, so examples test both variants */
    int ascii = fp_is_ascii(text, n);
    int rc = pcre2_match(fp_rule_code(rule, 0, ascii), (PCRE2_SPTR)text,
                         n, 0, 0, md, NULL);
    int hit = rc >= 0;
    if (hit && rule->exclude_pattern) {
        pcre2_match_data *md2 = pcre2_match_data_create(1, NULL);
        if (!md2) {
            pcre2_match_data_free(md);
            free(padded);
            return -1;
        }
        if (pcre2_match(fp_rule_code(rule, 1, ascii),
                        (PCRE2_SPTR)text, n, 0, 0, md2, NULL) >= 0)
            hit = 0;
        pcre2_match_data_free(md2);
    }
    pcre2_match_data_free(md);
    free(padded);
    return hit;
}

int fp_rule_has_tag(const fp_rule *rule, const char *tag)
{
    for (size_t i = 0; i < rule->tags.count; i++)
        if (!strcmp(rule->tags.items[i], tag))
            return 1;
    return 0;
}

/* The prefilter must admit every match example, or a literal is wrong:
 * check the literal is present in the example's folded text. */
static int literal_admits(const fp_rule *r, const char *folded)
{
    if (!r->require.count)
        return 1;
    for (size_t i = 0; i < r->require.count; i++)
        if (strstr(folded, r->require.items[i]))
            return 1;
    return 0;
}

/* Normalise an example exactly as a document sentence would be. */
static char *normalise_example(const char *text)
{
    fp_doc *d = fp_doc_new("example", (size_t)-1);
    if (!d)
        return NULL;
    char *out = NULL;
    if (fp_doc_append(d, text, strlen(text), 0) == FP_OK &&
        fp_doc_para_end(d, NULL) == FP_OK) {
        size_t n = d->text.len;
        if (n && d->text.data[n - 1] == '\n')
            n--;
        out = fp_strndup(d->text.data, n);
    }
    fp_doc_free(d);
    return out;
}

static int example_holds(const fp_rule *r, int should_match, const char *text)
{
    char *norm = normalise_example(text);
    if (!norm)
        return -1;
    char *folded = fp_strdup(norm);
    if (!folded) {
        free(norm);
        return -1;
    }
    for (char *c = folded; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    /* the literals first: they are cheaper than the pattern (interpreted
     * at load: rules.h, "Tiered compilation") and, when they do not admit
     * the text, the scanner would not run it */
    int hit = literal_admits(r, folded) ? fp_rule_matches_text(r, norm) : 0;
    free(norm);
    free(folded);
    if (hit < 0)
        return -1;
    return hit == should_match;
}

/* Test one rule's examples, nomatch ones first; the number that fail, or
 * -1 out of memory. */
static long test_rule(const fp_rule *r, fp_example_fn on_failure, void *ctx)
{
    long failures = 0;
    for (int m = 0; m < 2; m++)
        for (size_t k = 0; k < r->nexamples[m]; k++) {
            int ok = example_holds(r, m, r->examples[m][k].text);
            if (ok < 0)
                return -1;
            if (!ok) {
                failures++;
                if (on_failure)
                    on_failure(ctx, r, m, r->examples[m][k].text,
                               r->examples[m][k].line);
            }
        }
    return failures;
}

long fp_rules_test(const fp_rules *rules, fp_example_fn on_failure, void *ctx)
{
    if (!rules)
        return -FP_ERR_ARG;
    long failures = 0;
    for (size_t i = 0; i < rules->count; i++) {
        long n = test_rule(&rules->rules[i], on_failure, ctx);
        if (n < 0)
            return -FP_ERR_NOMEM;
        failures += n;
    }
    return failures;
}

/* ---------------------------------------------------------------- atoms */

/* Does the pattern itself (not its veto) match normalised text? The code
 * is the one the scanner would run on it. -1 on out of memory. */
static int pattern_matches(const fp_rule *r, const char *norm)
{
    size_t n = strlen(norm);
    char *padded = calloc(1, n + 65); /* as document text is (FP_BUF_SLACK) */
    pcre2_match_data *md = pcre2_match_data_create(1, NULL); /* see fp_rule_matches_text */
    int hit = -1;
    if (padded && md) {
        memcpy(padded, norm, n);
        hit = pcre2_match(fp_rule_code(r, 0, fp_is_ascii(padded, n)), (PCRE2_SPTR)padded,
                          n, 0, 0, md, NULL) >= 0;
    }
    pcre2_match_data_free(md);
    free(padded);
    return hit;
}

/* Does the rule's condition, its atoms in tab, admit normalised text? The
 * atoms are looked for in its folded copy, as the prefilter finds them in
 * a document. -1 on out of memory. */
static int cond_admits(const fp_atomtab *tab, const fp_rule *r, const char *norm)
{
    size_t words = (tab->atoms.count + 63) / 64;
    uint64_t *bits = calloc(words ? words : 1, sizeof *bits);
    char *folded = fp_strdup(norm);
    int ok = -1;
    if (bits && folded) {
        for (char *c = folded; *c; c++)
            *c = (char)fp_ascii_lower((unsigned char)*c);
        for (size_t i = 0; i < r->cond.count; i++) {
            uint32_t a = r->cond.nodes[i].arg;
            if (r->cond.nodes[i].op == FP_COND_ATOM &&
                strstr(folded, tab->atoms.items[a]))
                bits[a / 64] |= (uint64_t)1 << (a % 64);
        }
        ok = fp_cond_holds(&r->cond, bits);
    }
    free(bits);
    free(folded);
    return ok;
}

/* A condition must admit every example its pattern matches. One that does
 * not is a bug in the derivation (atoms.c), or text normalised in a way it
 * does not expect: the rule then keeps running without it, and says so,
 * rather than lose findings. Returns the line of the first example it
 * rejects, 0 when none, -1 on out of memory. */
static long cond_rejection(const fp_atomtab *tab, const fp_rule *r)
{
    for (int m = 0; m < 2; m++)
        for (size_t k = 0; r->cond.count && k < r->nexamples[m]; k++) {
            char *norm = normalise_example(r->examples[m][k].text);
            if (!norm)
                return -1;
            /* the condition first: the pattern, interpreted at load, costs
             * more, and matters only where the condition does not admit */
            int admitted = fp_atoms_text_ok(norm, strlen(norm), 0)
                               ? cond_admits(tab, r, norm) : 1;
            int matched = admitted == 0 ? pattern_matches(r, norm) : 0;
            free(norm);
            if (matched < 0 || admitted < 0)
                return -1;
            if (matched)
                return (long)r->examples[m][k].line;
        }
    return 0;
}

/* A hand-written `require` list the pattern does not imply makes the rule
 * silently skip every sentence that matches without those literals, which
 * no example may show. When the condition derived from the pattern proves
 * nothing of the kind, say so. */
static fp_status check_require(fp_rules *rs, const fp_rule *r)
{
    if (!r->require.count)
        return FP_OK;
    fp_atomtab whole_atoms = {0};
    fp_cond whole = {0};
    fp_buf way = {0};
    fp_status st = fp_atoms_derive_whole(r->pattern, &whole_atoms, &whole);
    int implied = st || !whole.count
                      ? 1 : fp_cond_implies_any(&whole, &whole_atoms, &r->require, &way);
    if (implied < 0)
        st = FP_ERR_NOMEM;
    else if (!implied)
        st = fp_strlist_addf(&rs->warnings, "%s:%u: rule '%s': its pattern can "
                             "match a sentence holding none of its 'require' "
                             "literals, which the rule then never sees: %.2000s%s",
                             r->file, r->line, r->id, way.data ? way.data : "",
                             way.len > 2000 ? "..." : "");
    fp_buf_free(&way);
    fp_cond_free(&whole);
    fp_atomtab_free(&whole_atoms);
    return st;
}

/* The first failing example of a rule, for the load's error message. */
typedef struct first_failure {
    const fp_rule *rule;
    int should_match;
    const char *example;
    unsigned line;
} first_failure;

static void note_first_failure(void *ctx, const fp_rule *r, int should_match,
                               const char *example, unsigned line)
{
    first_failure *ff = ctx;
    if (!ff->rule)
        *ff = (first_failure){r, should_match, example, line};
}

/* What seal does for each rule on its own, so on several threads: JIT
 * compilation and the non-UTF variants, the derived condition (atoms.h)
 * with an atom table of its own, checked against the rule's examples, and
 * the examples themselves. */
typedef struct rule_prep {
    fp_atomtab atoms; /* the condition's atoms until merge_conditions */
    long rejected;    /* as cond_rejection */
    fp_status st;
    long failures; /* examples that do not hold, as test_rule */
    first_failure first;
} rule_prep;

typedef struct prep_job {
    fp_rules *rs;
    rule_prep *prep;
    int derive, examples;
} prep_job;

static void prepare_rule(void *ctx, size_t i)
{
    prep_job *job = ctx;
    fp_rule *r = &job->rs->rules[i];
    rule_prep *p = &job->prep[i];
    r->jit_after = job->rs->jit_after;
    for (int k = 0; k < FP_CODES; k++) {
        const void *has = k == FP_CODE_RE ? (const void *)r->pattern
                          : k == FP_CODE_EXCLUDE ? (const void *)r->exclude_pattern
                          : fp_rule_interpreted(r, k);
        atomic_init(&r->tier[k].jit, NULL);
        atomic_init(&r->tier[k].bytes, 0);
        /* nothing to compile: no such code, or no JIT */
        atomic_init(&r->tier[k].settled, !has || !job->rs->jit);
    }
    if (job->examples)
        p->failures = test_rule(r, note_first_failure, &p->first);
    if (!job->derive)
        return;
    p->st = fp_atoms_derive(r->pattern, &p->atoms, &r->cond);
    if (!p->st && (p->rejected = cond_rejection(&p->atoms, r)) < 0)
        p->st = FP_ERR_NOMEM;
}

/* The outcome of the example check, as fp_rules_test over all rules with
 * note of the first failure would give it. */
static fp_status examples_outcome(const fp_rules *rs, const rule_prep *prep,
                                  char *err, size_t errlen)
{
    const first_failure *ff = NULL;
    for (size_t i = 0; i < rs->count; i++)
        if (prep[i].failures < 0)
            return FP_ERR_NOMEM;
    for (size_t i = 0; i < rs->count && !ff; i++)
        if (prep[i].failures > 0)
            ff = &prep[i].first;
    if (!ff)
        return FP_OK;
    if (err && errlen)
        snprintf(err, errlen, "%s:%u: rule '%s': example should %s but "
                 "does not: \"%.80s\"", ff->rule->file, ff->line, ff->rule->id,
                 ff->should_match ? "match" : "not match", ff->example);
    return FP_ERR_RULE_EXAMPLE;
}

/* In rule order, as if derived one after the other with the shared table:
 * the same atom ids, the same warnings, whatever the threads did. */
static fp_status merge_conditions(fp_rules *rs, const rule_prep *prep)
{
    for (size_t i = 0; i < rs->count; i++) {
        fp_rule *r = &rs->rules[i];
        fp_status st = prep[i].st;
        if (!st)
            st = fp_cond_move_atoms(&r->cond, &prep[i].atoms, &rs->atoms);
        if (st)
            return st;
        if (!prep[i].rejected)
            continue;
        fp_cond_free(&r->cond);
        st = fp_strlist_addf(&rs->warnings, "%s:%u: rule '%s': the condition "
                             "derived from its pattern rejects an example "
                             "the pattern matches; the rule runs without "
                             "it (please report this)", r->file,
                             (unsigned)prep[i].rejected, r->id);
        if (st)
            return st;
    }
    return FP_OK;
}

/* --------------------------------------------------------------- public */

static void free_rule(fp_rule *r)
{
    free(r->id), free(r->category), free(r->title), free(r->explain);
    free(r->law), free(r->file), free(r->pattern), free(r->exclude_pattern);
    fp_strlist_free(&r->require);
    fp_cond_free(&r->cond);
    fp_strlist_free(&r->tags);
    fp_strlist_free(&r->unless);
    free(r->unless_index);
    pcre2_code_free(r->re);
    pcre2_code_free(r->exclude);
    pcre2_code_free(r->re_ascii);
    pcre2_code_free(r->exclude_ascii);
    for (int k = 0; k < FP_CODES; k++)
        pcre2_code_free(atomic_load(&r->tier[k].jit));
    for (size_t i = 0; i < r->ngroups; i++)
        free(r->groups[i].name);
    free(r->groups);
    for (int m = 0; m < 2; m++) {
        for (size_t k = 0; k < r->nexamples[m]; k++)
            free(r->examples[m][k].text);
        free(r->examples[m]);
    }
}

void fp_rules_free(fp_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->count; i++)
        free_rule(&rules->rules[i]);
    free(rules->rules);
    fp_strlist_free(&rules->warnings);
    fp_prefilter_free(rules->prefilter);
    fp_atomtab_free(&rules->atoms);
    free(rules->always);
    for (size_t i = 0; i < rules->nmu; i++)
        pthread_mutex_destroy(&rules->jit_mu[i]);
    free(rules->jit_mu);
    free(rules);
}

static fp_rules *rules_new(unsigned flags)
{
    fp_rules *rs = calloc(1, sizeof *rs);
    if (rs) {
        rs->jit_after = FP_JIT_AFTER_BYTES;
        rs->threads = (flags >> 8) & 0xffu;
    }
    return rs;
}

static fp_status add_buffer(fp_rules *rs, const char *name, const char *text,
                            size_t len, char *err, size_t errlen)
{
    parser ps = {.name = name, .p = text, .end = text + len, .rules = rs,
                 .err = err, .errlen = errlen};
    return parse_buffer(&ps);
}

/* `unless` names other rules; resolve them once all files are read. */
static fp_status resolve_unless(fp_rules *rs, char *err, size_t errlen)
{
    for (size_t i = 0; i < rs->count; i++) {
        fp_rule *r = &rs->rules[i];
        if (!r->unless.count)
            continue;
        r->unless_index = calloc(r->unless.count, sizeof *r->unless_index);
        if (!r->unless_index)
            return FP_ERR_NOMEM;
        for (size_t k = 0; k < r->unless.count; k++) {
            const fp_rule *other = fp_rules_find(rs, r->unless.items[k]);
            if (!other || other == r) {
                if (err && errlen)
                    snprintf(err, errlen, "%s:%u: rule '%s': 'unless' names %s "
                             "rule '%s'", r->file, r->line, r->id,
                             other ? "the rule itself:" : "an unknown",
                             r->unless.items[k]);
                return FP_ERR_RULE_SYNTAX;
            }
            r->unless_index[k] = other->index;
        }
    }
    return FP_OK;
}

/* After all files: JIT compilation and the derived conditions (on up to
 * `threads` threads), the prefilter, the always-run list and the example
 * check. */
static fp_status seal(fp_rules *rs, unsigned flags, char *err, size_t errlen)
{
    if (!rs->count) {
        if (err && errlen)
            snprintf(err, errlen, "no rules were found");
        return FP_ERR_RULE_SYNTAX;
    }
    /* the rule array moves no more: the rules can point into this one */
    rs->jit_mu = malloc(rs->count * sizeof *rs->jit_mu);
    for (; rs->jit_mu && rs->nmu < rs->count; rs->nmu++) {
        if (pthread_mutex_init(&rs->jit_mu[rs->nmu], NULL))
            break;
        rs->rules[rs->nmu].jit_mu = &rs->jit_mu[rs->nmu];
    }
    rs->jit = jit_works();
    rule_prep *prep = rs->nmu == rs->count ? calloc(rs->count, sizeof *prep) : NULL;
    if (!prep)
        return FP_ERR_NOMEM;
    prep_job job = {rs, prep, !(flags & FP_RULES_NO_ATOMS), !(flags & FP_RULES_SKIP_EXAMPLES)};
    fp_parallel_for(rs->count, rs->threads, prepare_rule, &job);
    fp_status st = FP_OK;
    if (!rs->jit &&
        fp_strlist_add(&rs->warnings, "PCRE2 JIT is not available here; "
                       "rules run in the interpreter (slower)"))
        st = FP_ERR_NOMEM;
    if (!st)
        st = resolve_unless(rs, err, errlen);
    if (!st && job.derive)
        st = merge_conditions(rs, prep);
    for (size_t i = 0; !st && (flags & FP_RULES_LINT) && i < rs->count; i++)
        st = check_require(rs, &rs->rules[i]);
    if (!st)
        st = fp_prefilter_build_for_rules(rs, &rs->prefilter);
    if (!st && !(rs->always = calloc(rs->count, sizeof *rs->always)))
        st = FP_ERR_NOMEM;
    for (size_t i = 0; !st && i < rs->count; i++)
        if (!rs->rules[i].require.count)
            rs->always[rs->nalways++] = i;
    if (!st && job.examples)
        st = examples_outcome(rs, prep, err, errlen);
    for (size_t i = 0; i < rs->count; i++)
        fp_atomtab_free(&prep[i].atoms);
    free(prep);
    return st;
}

fp_status fp_rules_load_buffer(const char *name, const char *text, size_t len,
                               unsigned flags, fp_rules **out, char *err,
                               size_t errlen)
{
    if (!out || (!text && len))
        return FP_ERR_ARG;
    *out = NULL;
    fp_rules *rs = rules_new(flags);
    if (!rs)
        return FP_ERR_NOMEM;
    fp_status st = add_buffer(rs, name ? name : "(rules)", text ? text : "",
                              len, err, errlen);
    if (!st)
        st = seal(rs, flags, err, errlen);
    if (st) {
        fp_rules_free(rs);
        return st;
    }
    *out = rs;
    return FP_OK;
}

static fp_status read_whole(const char *path, char **data, size_t *len,
                            char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? FP_ERR_NOT_FOUND : FP_ERR_IO;
    }
    fp_buf b = {0};
    char chunk[65536];
    size_t n;
    fp_status st = FP_OK;
    while (!st && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = b.len + n > (16u << 20) ? FP_ERR_TOO_LARGE
                                     : fp_buf_append(&b, chunk, n);
    if (!st && ferror(f))
        st = FP_ERR_IO;
    fclose(f);
    if (st) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path, fp_strerror(st));
        fp_buf_free(&b);
        return st;
    }
    *len = b.len;
    *data = fp_buf_steal(&b);
    return *data ? FP_OK : FP_ERR_NOMEM;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static fp_status list_rule_files(const char *dir, fp_strlist *files,
                                 char *err, size_t errlen)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return FP_ERR_IO;
    }
    struct dirent *e;
    fp_status st = FP_OK;
    while (!st && (e = readdir(dp)))
        if (e->d_name[0] != '.' && ends_with(e->d_name, ".rules"))
            st = fp_strlist_addf(files, "%s/%s", dir, e->d_name);
    closedir(dp);
    if (!st)
        qsort(files->items, files->count, sizeof *files->items, compare_names);
    return st;
}

fp_status fp_rules_load_path(const char *path, unsigned flags, fp_rules **out,
                             char *err, size_t errlen)
{
    if (!path || !out)
        return FP_ERR_ARG;
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return FP_ERR_NOT_FOUND;
    }
    fp_strlist files = {0};
    fp_status st = S_ISDIR(sb.st_mode) ? list_rule_files(path, &files, err, errlen)
                                       : fp_strlist_add(&files, path);
    fp_rules *rs = st ? NULL : rules_new(flags);
    if (!st && !rs)
        st = FP_ERR_NOMEM;
    for (size_t i = 0; !st && i < files.count; i++) {
        char *data = NULL;
        size_t len = 0;
        st = read_whole(files.items[i], &data, &len, err, errlen);
        if (!st)
            st = add_buffer(rs, files.items[i], data, len, err, errlen);
        free(data);
    }
    if (!st)
        st = seal(rs, flags, err, errlen);
    fp_strlist_free(&files);
    if (st) {
        fp_rules_free(rs);
        return st;
    }
    *out = rs;
    return FP_OK;
}

/* Generated at build time from patterns/ (see tools/embed.c). */
extern const char *const fp_builtin_rule_files[];
extern const char *const fp_builtin_rule_texts[];

fp_status fp_rules_load_builtin(unsigned flags, fp_rules **out, char *err,
                                size_t errlen)
{
    if (!out)
        return FP_ERR_ARG;
    *out = NULL;
    fp_rules *rs = rules_new(flags);
    if (!rs)
        return FP_ERR_NOMEM;
    fp_status st = FP_OK;
    for (size_t i = 0; !st && fp_builtin_rule_files[i]; i++)
        st = add_buffer(rs, fp_builtin_rule_files[i], fp_builtin_rule_texts[i],
                        strlen(fp_builtin_rule_texts[i]), err, errlen);
    if (!st)
        st = seal(rs, flags, err, errlen);
    if (st) {
        fp_rules_free(rs);
        return st;
    }
    *out = rs;
    return FP_OK;
}

size_t fp_rules_count(const fp_rules *rules) { return rules ? rules->count : 0; }

const fp_rule *fp_rules_get(const fp_rules *rules, size_t i)
{
    return rules && i < rules->count ? &rules->rules[i] : NULL;
}

const fp_rule *fp_rules_find(const fp_rules *rules, const char *id)
{
    for (size_t i = 0; rules && id && i < rules->count; i++)
        if (!strcmp(rules->rules[i].id, id))
            return &rules->rules[i];
    return NULL;
}

size_t fp_rules_warning_count(const fp_rules *rules)
{
    return rules ? rules->warnings.count : 0;
}

const char *fp_rules_warning(const fp_rules *rules, size_t i)
{
    return rules && i < rules->warnings.count ? rules->warnings.items[i] : NULL;
}

static const char *or_empty(const char *s) { return s ? s : ""; }

const char *fp_rule_id(const fp_rule *r) { return or_empty(r->id); }
const char *fp_rule_category(const fp_rule *r) { return or_empty(r->category); }
const char *fp_rule_title(const fp_rule *r) { return or_empty(r->title); }
fp_bearer fp_rule_bearer(const fp_rule *r)
{
    return r->bears.mode == FP_ROLE_FIXED ? r->bears.fixed : r->bears.fallback;
}
fp_severity fp_rule_severity(const fp_rule *r) { return r->severity; }
const char *fp_rule_explain(const fp_rule *r) { return or_empty(r->explain); }
const char *fp_rule_law(const fp_rule *r) { return or_empty(r->law); }
const char *fp_rule_pattern(const fp_rule *r) { return or_empty(r->pattern); }
const char *fp_rule_file(const fp_rule *r) { return or_empty(r->file); }
unsigned fp_rule_line(const fp_rule *r) { return r->line; }

size_t fp_rule_example_count(const fp_rule *r, int matching)
{
    return r->nexamples[matching ? 1 : 0];
}

const char *fp_rule_example(const fp_rule *r, int matching, size_t i)
{
    int m = matching ? 1 : 0;
    return i < r->nexamples[m] ? r->examples[m][i].text : NULL;
}

/* The end of the top-level alternative that starts at p: the next '|'
 * outside any group, class or \Q...\E quote, or the end of the string. */
static const char *alternative_end(const char *p)
{
    int depth = 0, in_class = 0;
    for (; *p; p++) {
        if (*p == '\\' && p[1] == 'Q') {
            const char *e = strstr(p + 2, "\\E");
            if (!e)
                return p + strlen(p);
            p = e + 1;
        } else if (*p == '\\' && p[1]) {
            p++;
        } else if (in_class) {
            in_class = *p != ']';
        } else if (*p == '[') {
            in_class = 1;
            if (p[1] == '^')
                p++;
            if (p[1] == ']')
                p++; /* a leading ']' is a literal */
        } else if (*p == '(') {
            depth++;
        } else if (*p == ')') {
            depth--;
        } else if (*p == '|' && depth == 0) {
            return p;
        }
    }
    return p;
}

/* pcre2grep refuses a pattern over 8192 bytes (its MAXPATLEN). */
#define EXPORT_LINE_MAX 8000

static fp_status write_export_line(fp_write_fn write, void *ctx, const char *alt, size_t n)
{
    fp_buf b = {0};
    /* the options the scanner compiles with: UTF, caseless, dup names */
    fp_status st = fp_buf_printf(&b, "(*UTF)(?iJ)%.*s\n", (int)n, alt);
    if (!st && write(ctx, b.data, b.len))
        st = FP_ERR_IO;
    fp_buf_free(&b);
    return st;
}

/* pcre2grep takes one pattern per line; our patterns are single-line, so
 * the translation is the compile options, as inline flags ((?i) caseless,
 * (?J) duplicate group names), and the length: a rule whose alternation is
 * longer than pcre2grep accepts is written as several lines, each a run of
 * its top-level alternatives. A line matches where the rule would, since
 * pcre2grep reports a line that any pattern matches. */
fp_status fp_rules_export_pcre(const fp_rules *rules, fp_write_fn write,
                               void *ctx)
{
    fp_status st = FP_OK;
    for (size_t i = 0; !st && rules && i < rules->count; i++) {
        const char *start = rules->rules[i].pattern, *p = start;
        while (!st && *p) {
            const char *end = alternative_end(p);
            const char *next = *end ? end + 1 : end;
            if ((size_t)(end - start) > EXPORT_LINE_MAX && p > start) {
                st = write_export_line(write, ctx, start, (size_t)(p - 1 - start));
                start = p;
            }
            p = next;
        }
        if (!st && *start)
            st = write_export_line(write, ctx, start, strlen(start));
    }
    return st;
}
