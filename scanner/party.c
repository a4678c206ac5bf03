/* party.c - party resolution.
 *
 * Consumer terms speak in the first and second person: we/us/our is the
 * provider, you/your the user. Contracts define their parties: (the
 * "Customer"), ("Provider"), or tie a name to the pronouns ("OpenAI", "we",
 * "us"). A defined name takes its role from the pronouns it is grouped with,
 * else from the word itself (Customer, Licensee -> user; Company, Vendor,
 * Licensor -> provider). Names with no telling role (Distributor, Agent) stay
 * unknown: fineprint says so rather than guess. A capitalised role word is a
 * party even without a definition fineprint saw (B2B forms define "Customer"
 * and "Provider" on a separate cover page). */
#include "party.h"

#include <string.h>
#include <strings.h>

#include "utf.h"

typedef struct lexeme {
    const char *word;
    fp_bearer role;
} lexeme;

/* Words that name a role wherever they appear (whole words, any case). */
static const lexeme pronouns[] = {
    {"we", FP_BEARER_PROVIDER},       {"us", FP_BEARER_PROVIDER},
    {"our", FP_BEARER_PROVIDER},      {"ours", FP_BEARER_PROVIDER},
    {"you", FP_BEARER_USER},          {"your", FP_BEARER_USER},
    {"yours", FP_BEARER_USER},        {"yourself", FP_BEARER_USER},
    {"user", FP_BEARER_USER},         {"users", FP_BEARER_USER},
    {"each party", FP_BEARER_MUTUAL}, {"either party", FP_BEARER_MUTUAL},
    {"neither party", FP_BEARER_MUTUAL}, {"both parties", FP_BEARER_MUTUAL},
    {"the parties", FP_BEARER_MUTUAL}, {"each of the parties", FP_BEARER_MUTUAL},
    {"any party", FP_BEARER_MUTUAL},  {"a party", FP_BEARER_MUTUAL},
    {"each of us", FP_BEARER_MUTUAL}, {"both of us", FP_BEARER_MUTUAL},
    {"either of us", FP_BEARER_MUTUAL}, {"neither of us", FP_BEARER_MUTUAL},
    {"you and we", FP_BEARER_MUTUAL}, {"you and us", FP_BEARER_MUTUAL},
    {"we and you", FP_BEARER_MUTUAL},
    /* roles either side can take ("the breaching party shall indemnify") */
    {"breaching party", FP_BEARER_MUTUAL}, {"defaulting party", FP_BEARER_MUTUAL},
    {"indemnifying party", FP_BEARER_MUTUAL}, {"indemnified party", FP_BEARER_MUTUAL},
    {"terminating party", FP_BEARER_MUTUAL}, {"affected party", FP_BEARER_MUTUAL},
    {"disclosing party", FP_BEARER_MUTUAL}, {"receiving party", FP_BEARER_MUTUAL},
    {"third party", FP_BEARER_THIRD_PARTY},
    {"third parties", FP_BEARER_THIRD_PARTY},
    {NULL, FP_BEARER_UNKNOWN}};

/* Role words for defined terms. */
static const lexeme role_words[] = {
    {"customer", FP_BEARER_USER},   {"client", FP_BEARER_USER},
    {"user", FP_BEARER_USER},       {"licensee", FP_BEARER_USER},
    {"subscriber", FP_BEARER_USER}, {"member", FP_BEARER_USER},
    {"buyer", FP_BEARER_USER},      {"purchaser", FP_BEARER_USER},
    {"recipient", FP_BEARER_USER},  {"you", FP_BEARER_USER},
    {"company", FP_BEARER_PROVIDER}, {"provider", FP_BEARER_PROVIDER},
    {"service provider", FP_BEARER_PROVIDER}, {"vendor", FP_BEARER_PROVIDER},
    {"supplier", FP_BEARER_PROVIDER}, {"licensor", FP_BEARER_PROVIDER},
    {"seller", FP_BEARER_PROVIDER}, {"we", FP_BEARER_PROVIDER},
    {"us", FP_BEARER_PROVIDER},
    {NULL, FP_BEARER_UNKNOWN}};

static fp_bearer lookup(const lexeme *lx, const char *w, size_t n)
{
    /* this runs at every word of every finding's sentence: the first
     * letter (the lexemes start with a lower-case one) settles most */
    if (!n)
        return FP_BEARER_UNKNOWN;
    unsigned char first = (unsigned char)(w[0] | 0x20);
    for (int i = 0; lx[i].word; i++)
        if ((unsigned char)lx[i].word[0] == first && strlen(lx[i].word) == n &&
            !strncasecmp(lx[i].word, w, n))
            return lx[i].role;
    return FP_BEARER_UNKNOWN;
}

static int word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || (unsigned char)c >= 0x80;
}

/* Last words of defined terms that name a thing, a time or a sum, not a
 * party: ("Agreement"), ("Effective Date"), ("Confidential Information").
 * Taken for parties, they stop the search for the actor of a clause at
 * "under this Agreement" and leave its bearer unknown. */
static const char *const thing_words[] = {
    "agreement", "agreements", "date", "term", "terms", "period", "notice",
    "information", "services", "service", "fee", "fees", "marks", "act",
    "products", "product", "plan", "event", "order", "orders", "business",
    "payment", "payments", "data", "claim", "claims", "materials", "forecast",
    "site", "website", "report", "territory", "price", "prices", "stock",
    "shares", "laws", "law", "system", "rights", "losses", "dispute",
    "property", "statement", "software", "royalty", "content", "trademarks",
    "rules", "license", "licence", "taxes", "patents", "fund", "change",
    "amount", "warranty", "action", "code", "amendment", "costs", "cost",
    "studies", "study", "program", "programme", "list", "majeure", "budget",
    "equipment", "merchandise", "technology", "documentation", "schedule",
    "exhibit", "policy", "specifications", "results", "field", "year",
    "quarter", "know-how", "deliverables", "platform", "application", NULL};

static int names_a_thing(const char *name, size_t n)
{
    size_t w = n;
    while (w > 0 && name[w - 1] != ' ')
        w--;
    for (int i = 0; thing_words[i]; i++)
        if (strlen(thing_words[i]) == n - w && !strncasecmp(thing_words[i], name + w, n - w))
            return 1;
    return 0;
}

static void add_name(fp_parties *p, const char *name, size_t n, fp_bearer role)
{
    if (!n || n >= sizeof p->names[0].name || p->count >= FP_MAX_PARTY_NAMES ||
        names_a_thing(name, n))
        return;
    for (size_t i = 0; i < p->count; i++)
        if (strlen(p->names[i].name) == n &&
            !strncasecmp(p->names[i].name, name, n)) {
            if (p->names[i].role == FP_BEARER_UNKNOWN)
                p->names[i].role = role;
            return;
        }
    if (lookup(pronouns, name, n) != FP_BEARER_UNKNOWN)
        return; /* pronouns are built in */
    memcpy(p->names[p->count].name, name, n);
    p->names[p->count].name[n] = '\0';
    p->names[p->count].role = role;
    p->count++;
}

/* A parenthesised definition: ("X", "we", "us") or (the "X"). Reads the
 * quoted names, decides the role from the pronouns or the names, and records
 * each non-pronoun name. */
static void read_definition(fp_parties *p, const char *s, size_t open,
                            size_t close)
{
    struct { size_t at, n; } q[6];
    size_t nq = 0;
    fp_bearer by_pronoun = FP_BEARER_UNKNOWN, by_word = FP_BEARER_UNKNOWN;
    for (size_t i = open + 1; i < close && nq < 6; i++) {
        if (s[i] != '"')
            continue;
        const char *end = memchr(s + i + 1, '"', close - i - 1);
        if (!end)
            break;
        size_t at = i + 1, n = (size_t)(end - (s + i + 1));
        if (n > 4 && !strncasecmp(s + at, "the ", 4))
            at += 4, n -= 4;
        q[nq].at = at;
        q[nq++].n = n;
        fp_bearer pr = lookup(pronouns, s + at, n);
        if (by_pronoun == FP_BEARER_UNKNOWN &&
            (pr == FP_BEARER_PROVIDER || pr == FP_BEARER_USER))
            by_pronoun = pr;
        if (by_word == FP_BEARER_UNKNOWN)
            by_word = lookup(role_words, s + at, n);
        i = (size_t)(end - s);
    }
    fp_bearer role = by_pronoun != FP_BEARER_UNKNOWN ? by_pronoun : by_word;
    for (size_t k = 0; k < nq; k++)
        add_name(p, s + q[k].at, q[k].n, role);
}

void fp_parties_find(const fp_doc *d, fp_parties *out)
{
    memset(out, 0, sizeof *out);
    const char *s = d->text.data;
    size_t n = d->text.len;
    for (const char *open = s; open && (open = memchr(open, '(', n - (size_t)(open - s)));
         open++) {
        size_t i = (size_t)(open - s);
        size_t j = i + 1, limit = i + 120 < n ? i + 120 : n;
        while (j < limit && s[j] != ')' && s[j] != '\n')
            j++;
        if (j < limit && s[j] == ')' && memchr(s + i, '"', j - i))
            read_definition(out, s, i, j);
    }
}

/* The party a word at text[i, w) names: a built-in pronoun ("we", "each
 * party", tried with the next word first), a defined name, or a role word
 * used as a term of the contract, capitalised ("Customer", "Provider") even
 * when the definition sits on a cover page fineprint did not see. *len gets
 * the words' length; *named is set for a defined name, whose role may be
 * unknown (a "Distributor" names a party without telling its side). */
/* The longest built-in phrase of two to four words at text[i] ("each of
 * the parties", "each of us", "each party"), or unknown. */
static fp_bearer phrase_at(const char *text, size_t i, size_t w, size_t end, size_t *len)
{
    size_t ends[4];
    int words = 0;
    for (size_t e = w; words < 4;) {
        ends[words++] = e;
        if (e + 1 >= end || text[e] != ' ' || !word_byte(text[e + 1]))
            break;
        for (e++; e < end && word_byte(text[e]);)
            e++;
    }
    for (int k = words - 1; k >= 1; k--) {
        fp_bearer r = lookup(pronouns, text + i, ends[k] - i);
        if (r == FP_BEARER_UNKNOWN && text[i] >= 'A' && text[i] <= 'Z')
            r = lookup(role_words, text + i, ends[k] - i);
        if (r != FP_BEARER_UNKNOWN) {
            *len = ends[k] - i;
            return r;
        }
    }
    return FP_BEARER_UNKNOWN;
}

static fp_bearer party_at(const fp_parties *p, const char *text, size_t i,
                          size_t w, size_t end, size_t *len, int *named)
{
    *len = w - i;
    *named = 0;
    fp_bearer r = phrase_at(text, i, w, end, len);
    if (r != FP_BEARER_UNKNOWN)
        return r;
    r = lookup(pronouns, text + i, w - i);
    if (r != FP_BEARER_UNKNOWN)
        return r;
    for (size_t k = 0; k < p->count; k++) {
        if (p->names[k].name[0] != text[i])
            continue; /* the common case, without a strlen */
        size_t n = strlen(p->names[k].name);
        if (i + n <= end && !strncmp(text + i, p->names[k].name, n) &&
            (i + n == end || !word_byte(text[i + n]))) {
            *len = n;
            *named = 1;
            return p->names[k].role;
        }
    }
    if (text[i] >= 'A' && text[i] <= 'Z')
        return lookup(role_words, text + i, w - i);
    return FP_BEARER_UNKNOWN;
}

/* Calls fn for each party named in text[start, end), in order, with the
 * span of its words, until fn returns nonzero. */
static void each_party(const fp_parties *p, const char *text, size_t start,
                       size_t end, int (*fn)(void *, fp_bearer, size_t, size_t),
                       void *ctx)
{
    for (size_t i = start; i < end; i++) {
        if (!word_byte(text[i]) || (i > start && word_byte(text[i - 1])))
            continue;
        size_t w = i;
        while (w < end && word_byte(text[w]))
            w++;
        size_t len;
        int named;
        fp_bearer r = party_at(p, text, i, w, end, &len, &named);
        if (r == FP_BEARER_UNKNOWN && !named)
            continue;
        if (fn(ctx, r, i, i + len))
            return;
        i += len - 1;
    }
}

static int take_first(void *ctx, fp_bearer b, size_t at, size_t to)
{
    (void)at, (void)to;
    *(fp_bearer *)ctx = b;
    return 1;
}

fp_bearer fp_party_first(const fp_parties *p, const char *text, size_t start,
                         size_t end)
{
    fp_bearer who = FP_BEARER_UNKNOWN;
    each_party(p, text, start, end, take_first, &who);
    return who;
}

static int collect(void *ctx, fp_bearer b, size_t at, size_t to)
{
    (void)at, (void)to;
    *(unsigned *)ctx |= 1u << b;
    return 0;
}

fp_bearer fp_party_joint(const fp_parties *p, const char *text, size_t start,
                         size_t end)
{
    unsigned seen = 0;
    each_party(p, text, start, end, collect, &seen);
    if ((seen & (1u << FP_BEARER_MUTUAL)) ||
        ((seen & (1u << FP_BEARER_USER)) && (seen & (1u << FP_BEARER_PROVIDER))))
        return FP_BEARER_MUTUAL;
    if (seen & (1u << FP_BEARER_USER))
        return FP_BEARER_USER;
    if (seen & (1u << FP_BEARER_PROVIDER))
        return FP_BEARER_PROVIDER;
    return fp_party_first(p, text, start, end);
}

/* Does a party named at text[.., to) only frame what follows: "the
 * parties agree that ...", "each party acknowledges and agrees that ..."?
 * The actor of the clause is then named after it. "Each party agrees to
 * indemnify" is the actor itself. */
static int frames_clause(const char *text, size_t to, size_t end)
{
    static const char *const verbs[] = {"agree", "acknowledge", "recognize", "recognise",
                                        "understand", "confirm", "accept", "declare",
                                        "hereby", "expressly", "further", NULL};
    size_t i = to;
    for (int words = 0; words < 5 && i < end; words++) {
        while (i < end && text[i] == ' ')
            i++;
        size_t w = i;
        while (w < end && word_byte(text[w]))
            w++;
        if (w - i == 4 && !strncasecmp(text + i, "that", 4))
            return words > 0;
        int known = w - i == 3 && !strncasecmp(text + i, "and", 3);
        for (int k = 0; !known && verbs[k]; k++)
            known = !strncasecmp(text + i, verbs[k], strlen(verbs[k]));
        if (!known || w == i)
            return 0;
        i = w;
    }
    return 0;
}

/* The last party that starts before `before`, or at it, and does more
 * than frame the clause; parties joined by "and" or "or" ("Provider and
 * Customer each disclaim ...") act together. */
typedef struct last_before {
    const char *text;
    size_t before, end;
    fp_bearer who;
    size_t who_end; /* where the last one's words end */
} last_before;

static int joined_by_and(const char *text, size_t from, size_t to)
{
    return (to - from == 5 && !strncasecmp(text + from, " and ", 5)) ||
           (to - from == 4 && !strncasecmp(text + from, " or ", 4));
}

static fp_bearer together(fp_bearer a, fp_bearer b)
{
    if (a == b)
        return a;
    if ((a == FP_BEARER_USER && b == FP_BEARER_PROVIDER) ||
        (a == FP_BEARER_PROVIDER && b == FP_BEARER_USER) ||
        a == FP_BEARER_MUTUAL || b == FP_BEARER_MUTUAL)
        return FP_BEARER_MUTUAL;
    return b;
}

static int take_last_before(void *ctx, fp_bearer b, size_t at, size_t to)
{
    last_before *lb = ctx;
    if (at > lb->before)
        return 1;
    if (frames_clause(lb->text, to, lb->end))
        return 0;
    if (lb->who_end && joined_by_and(lb->text, lb->who_end, at))
        b = together(lb->who, b);
    lb->who = b;
    lb->who_end = to;
    return 0;
}

/* The party right after a "by " in text[start, end): the agent of a
 * passive ("may be terminated by either party"). */
static fp_bearer passive_agent(const fp_parties *p, const char *text,
                               size_t start, size_t end)
{
    for (size_t i = start; i + 3 < end; i++) {
        if ((i > start && word_byte(text[i - 1])) || strncasecmp(text + i, "by ", 3))
            continue;
        fp_bearer who = FP_BEARER_UNKNOWN;
        size_t w = i + 3;
        while (w < end && word_byte(text[w]))
            w++;
        size_t len;
        int named;
        who = party_at(p, text, i + 3, w, end, &len, &named);
        if (who != FP_BEARER_UNKNOWN)
            return who;
    }
    return FP_BEARER_UNKNOWN;
}

fp_bearer fp_party_actor(const fp_parties *p, const char *text, size_t sent_start,
                         size_t start, size_t end, size_t sent_end)
{
    size_t clause = start;
    while (clause > sent_start && text[clause - 1] != ';' && text[clause - 1] != ':')
        clause--;
    /* a phrase may run into the match ("A party| will not be ..."): scan
     * to the match's end, keep those that start before it */
    last_before lb = {text, start, end, FP_BEARER_UNKNOWN, 0};
    each_party(p, text, clause, end, take_last_before, &lb);
    if (lb.who != FP_BEARER_UNKNOWN)
        return lb.who;
    size_t after = end + 60 < sent_end ? end + 60 : sent_end;
    return passive_agent(p, text, start, after);
}

fp_bearer fp_party_counter(fp_bearer b)
{
    if (b == FP_BEARER_USER)
        return FP_BEARER_PROVIDER;
    if (b == FP_BEARER_PROVIDER)
        return FP_BEARER_USER;
    return b;
}
