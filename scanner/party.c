/* party.c - party resolution.
 *
 * Consumer terms speak in the first and second person: we/us/our is the
 * provider, you/your the user. Contracts define their parties: (the
 * "Customer"), ("Provider"), or tie a name to the pronouns ("OpenAI", "we",
 * "us"). A defined name takes its role from the pronouns it is grouped with,
 * else from the word itself. The provider is the party that supplies: it
 * performs the services, sells or makes the goods, grants the licence
 * (Provider, Vendor, Supplier, Licensor, Seller, Consultant, Contractor,
 * Franchisor, Lessor; and, when the contract defines them, Agent, Developer,
 * Manufacturer, Servicer, Talent, Endorser). The user is the party supplied:
 * Customer, Client, Licensee, Buyer, and the Distributor, Reseller, Dealer or
 * Franchisee who buys the goods or the system to resell or run them.
 * "Company" is the provider unless the preamble defines, next to it, a party
 * that performs for it: a consultancy, endorsement or manufacturing contract
 * calls its client the Company, who is then the user; with both a performer
 * and a client beside it, the Company's side is unclear (unknown). A name
 * with no telling role ("Acme", "Beta") takes the side of what the contract
 * has it do (infer_sides: it pays, or it supplies, invoices, licenses),
 * when that clearly leans one way; else it stays unknown ("Partner",
 * "Executive"): fineprint says so rather than guess. Definitions of bodies
 * and things ("FDA", "Feedback") name no party; a joint committee acts for
 * both. A capitalised role word is a party even without
 * a definition fineprint saw (B2B forms define "Customer" and "Provider" on a
 * separate cover page), and takes the role the document gave that word. */
#define _GNU_SOURCE /* memmem */
#include "party.h"

#include <stdio.h>
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

/* Role words for defined terms. A word marked ROLE_DEFINED names a party
 * only where the contract defines it: capitalised alone it is too often
 * someone else ("the Escrow Agent", the "Developer" of an API). ROLE_CONTRACT
 * words name a party only in a contract that names its parties by name: in
 * terms that say "we" and "you" a "Distributor" or a "Contractor" is a third
 * party (the app store, the provider's subcontractor). "Company" is
 * ROLE_FLEXIBLE: its side depends on the parties named beside it. */
enum { ROLE_PLAIN = 0, ROLE_DEFINED = 1, ROLE_CONTRACT = 2, ROLE_FLEXIBLE = 4 };
#define ROLE_NEW (ROLE_CONTRACT | ROLE_DEFINED)

typedef struct role_word {
    const char *word;
    fp_bearer role;
    int kind;
} role_word;

static const role_word role_words[] = {
    {"customer", FP_BEARER_USER, ROLE_PLAIN},     {"client", FP_BEARER_USER, ROLE_PLAIN},
    {"user", FP_BEARER_USER, ROLE_PLAIN},         {"licensee", FP_BEARER_USER, ROLE_PLAIN},
    {"subscriber", FP_BEARER_USER, ROLE_PLAIN},   {"member", FP_BEARER_USER, ROLE_PLAIN},
    {"buyer", FP_BEARER_USER, ROLE_PLAIN},        {"purchaser", FP_BEARER_USER, ROLE_PLAIN},
    {"recipient", FP_BEARER_USER, ROLE_PLAIN},    {"you", FP_BEARER_USER, ROLE_PLAIN},
    {"distributor", FP_BEARER_USER, ROLE_CONTRACT}, {"reseller", FP_BEARER_USER, ROLE_CONTRACT},
    {"franchisee", FP_BEARER_USER, ROLE_CONTRACT}, {"lessee", FP_BEARER_USER, ROLE_CONTRACT},
    {"dealer", FP_BEARER_USER, ROLE_NEW},
    {"company", FP_BEARER_PROVIDER, ROLE_FLEXIBLE},
    {"provider", FP_BEARER_PROVIDER, ROLE_PLAIN}, {"service provider", FP_BEARER_PROVIDER, ROLE_PLAIN},
    {"vendor", FP_BEARER_PROVIDER, ROLE_PLAIN},   {"supplier", FP_BEARER_PROVIDER, ROLE_PLAIN},
    {"licensor", FP_BEARER_PROVIDER, ROLE_PLAIN}, {"seller", FP_BEARER_PROVIDER, ROLE_PLAIN},
    {"consultant", FP_BEARER_PROVIDER, ROLE_CONTRACT},
    {"contractor", FP_BEARER_PROVIDER, ROLE_CONTRACT},
    {"independent contractor", FP_BEARER_PROVIDER, ROLE_CONTRACT},
    {"franchisor", FP_BEARER_PROVIDER, ROLE_CONTRACT}, {"lessor", FP_BEARER_PROVIDER, ROLE_CONTRACT},
    {"agent", FP_BEARER_PROVIDER, ROLE_NEW},      {"sales agent", FP_BEARER_PROVIDER, ROLE_NEW},
    {"developer", FP_BEARER_PROVIDER, ROLE_NEW},  {"manufacturer", FP_BEARER_PROVIDER, ROLE_NEW},
    {"servicer", FP_BEARER_PROVIDER, ROLE_NEW},   {"talent", FP_BEARER_PROVIDER, ROLE_NEW},
    {"endorser", FP_BEARER_PROVIDER, ROLE_NEW},
    {"we", FP_BEARER_PROVIDER, ROLE_PLAIN},       {"us", FP_BEARER_PROVIDER, ROLE_PLAIN},
    {NULL, FP_BEARER_UNKNOWN, ROLE_PLAIN}};

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

static const role_word *role_word_of(const char *w, size_t n)
{
    if (!n)
        return NULL;
    unsigned char first = (unsigned char)(w[0] | 0x20);
    for (int i = 0; role_words[i].word; i++)
        if ((unsigned char)role_words[i].word[0] == first &&
            strlen(role_words[i].word) == n && !strncasecmp(role_words[i].word, w, n))
            return &role_words[i];
    return NULL;
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
    "quarter", "know-how", "deliverables", "platform", "application", "feedback",
    "suggestions", "input", "inputs", "output", "outputs", "prompts", "account",
    "subscription", "offerings", "request", "consent", "guidelines", "regulations",
    "transaction", "updates", "addendum", "proposal", "goods", "committee", "credits",
    "cookies", "trial", "threshold", "invention", "inventions", "records", "protocol",
    "workflows", "criteria", "funding", "restrictions", "authorization", NULL};

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

static void add_name(fp_parties *p, const char *name, size_t n, fp_bearer role,
                     int fixed, size_t at)
{
    if (!n || n >= sizeof p->names[0].name || p->count >= FP_MAX_PARTY_NAMES ||
        names_a_thing(name, n))
        return;
    for (size_t i = 0; i < p->count; i++)
        if (strlen(p->names[i].name) == n &&
            !strncasecmp(p->names[i].name, name, n)) {
            if (p->names[i].role == FP_BEARER_UNKNOWN) {
                p->names[i].role = role;
                p->names[i].fixed = fixed;
            }
            return;
        }
    if (lookup(pronouns, name, n) != FP_BEARER_UNKNOWN)
        return; /* pronouns are built in */
    fp_party_name *pn = &p->names[p->count++];
    memcpy(pn->name, name, n);
    pn->name[n] = '\0';
    pn->role = role;
    pn->fixed = fixed;
    pn->at = at;
}

/* Last words of a body, a time or a thing that a definition may follow: a
 * joint steering committee ("JSC"), the Effective Date ("Date"), the Food
 * and Drug Administration ("FDA"). Not the words that end company names
 * ("Services", "Software", "Systems", "Products"). */
static const char *const body_words[] = {
    "committee", "commission", "administration", "council", "directive", "regulation",
    "regulations", "act", "code", "date", "agreement", "plan", "program", "programme",
    "period", "territory", "policy", "protocol", "budget", "fee", "fees", "price",
    "information", "materials", "specifications", "documentation", "study", "trial",
    "feedback", NULL};

/* Does a body word end the words just before `open`? 2 when it is a
 * joint committee ("Joint Steering Committee"), which acts for both
 * parties; 1 for another body or thing. */
static int names_a_body(const char *s, size_t open)
{
    size_t e = open;
    while (e > 0 && s[e - 1] == ' ')
        e--;
    size_t b = e;
    while (b > 0 && word_byte(s[b - 1]))
        b--;
    if (b == e)
        return 0;
    int body = 0;
    for (int i = 0; !body && body_words[i]; i++)
        body = strlen(body_words[i]) == e - b && !strncasecmp(body_words[i], s + b, e - b);
    if (!body || e - b != 9 || strncasecmp(s + b, "committee", 9))
        return body;
    for (int words = 0; words < 4 && b > 0; words++) { /* "joint research committee" */
        e = b;
        while (e > 0 && s[e - 1] == ' ')
            e--;
        b = e;
        while (b > 0 && word_byte(s[b - 1]))
            b--;
        if (e - b == 5 && !strncasecmp(s + b, "joint", 5))
            return 2;
    }
    return 1;
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
        while (n > 0 && (s[at + n - 1] == ',' || s[at + n - 1] == ' '))
            n--; /* ("Client," which includes ...), ("Acme," "we," "us") */
        q[nq].at = at;
        q[nq++].n = n;
        fp_bearer pr = lookup(pronouns, s + at, n);
        if (by_pronoun == FP_BEARER_UNKNOWN &&
            (pr == FP_BEARER_PROVIDER || pr == FP_BEARER_USER))
            by_pronoun = pr;
        const role_word *rw = role_word_of(s + at, n);
        if (by_word == FP_BEARER_UNKNOWN && rw)
            by_word = rw->role;
        i = (size_t)(end - s);
    }
    int fixed = by_pronoun != FP_BEARER_UNKNOWN;
    fp_bearer role = fixed ? by_pronoun : by_word;
    if (!fixed && !by_word) {
        int body = names_a_body(s, open);
        if (body == 1)
            return;
        if (body == 2)
            role = FP_BEARER_MUTUAL;
    }
    for (size_t k = 0; k < nq; k++)
        add_name(p, s + q[k].at, q[k].n, role, fixed, open);
}

/* How far apart, in bytes, the definitions of a contract's parties may be
 * and still be read together: the preamble and its recitals. */
#define PREAMBLE_SPAN 2500

static void set_group_role(fp_parties *p, size_t at, fp_bearer role)
{
    for (size_t k = 0; k < p->count; k++)
        if (p->names[k].at == at && !p->names[k].fixed)
            p->names[k].role = role;
}

/* Which sides do the parties named near `at` (other than the definition
 * at `at` itself) take? Bit 1: one performs (a provider by its word, not
 * by a pronoun, and not another "Company"); bit 2: one is a client. */
static int sides_near(const fp_parties *p, size_t at)
{
    int sides = 0;
    for (size_t k = 0; k < p->count; k++) {
        const fp_party_name *o = &p->names[k];
        if (o->at == at || (o->at > at ? o->at - at : at - o->at) > PREAMBLE_SPAN)
            continue;
        const role_word *ow = role_word_of(o->name, strlen(o->name));
        if (o->role == FP_BEARER_USER)
            sides |= 2;
        else if (o->role == FP_BEARER_PROVIDER && !o->fixed && ow && !(ow->kind & ROLE_FLEXIBLE))
            sides |= 1;
    }
    return sides;
}

/* How often a capitalised role word must be used before fineprint takes
 * it for a party's name: a party is named all through its contract, a
 * third party ("the Supplier of the equipment") a few times. */
#define TERM_USES 10

/* Capitalised `word` as a whole word, at least `min` times in the text. */
static int used_as_term(const char *s, size_t n, const char *word, int min)
{
    size_t wl = strlen(word);
    int seen = 0;
    for (const char *at = s; (at = memmem(at, n - (size_t)(at - s), word, wl)); at += wl)
        if ((at == s || !word_byte(at[-1])) && (at + wl == s + n || !word_byte(at[wl])) &&
            ++seen >= min)
            return 1;
    return 0;
}

/* Sides from the whole set of parties. In terms that define their parties
 * by pronouns, ("Acme", "we"), a defined contract-only role word names a
 * third party. In those, and in terms that address the reader as "you" all
 * through, the Company stays the provider and a capitalised contract-only
 * word is no party. A "Company"
 * (with the names defined with it, ("Acme" or the "Company")) is the user
 * when a party defined near it performs for it and none is a client, and
 * unclear when there are both. A contract that uses "Company" without a
 * definition fineprint saw (a cover page) reads its other role words the
 * same way, from how often they are used as terms. */
static void settle_roles(fp_parties *p, const char *s, size_t n)
{
    int by_pronoun = 0;
    for (size_t i = 0; i < p->count; i++)
        by_pronoun |= p->names[i].fixed;
    /* terms that address the reader all through speak as "we" and "you"
     * even without a definition that says so */
    p->spoken = by_pronoun || used_as_term(s, n, "you", TERM_USES);
    int company_defined = 0;
    for (size_t i = 0; i < p->count; i++) {
        const fp_party_name *c = &p->names[i];
        const role_word *rw = role_word_of(c->name, strlen(c->name));
        if (!rw || c->fixed)
            continue;
        if ((rw->kind & ROLE_CONTRACT) && by_pronoun && c->role == rw->role)
            set_group_role(p, c->at, FP_BEARER_UNKNOWN);
        if (!(rw->kind & ROLE_FLEXIBLE))
            continue;
        company_defined = 1;
        int sides = !p->spoken && c->role == FP_BEARER_PROVIDER ? sides_near(p, c->at) : 0;
        if (sides & 1)
            set_group_role(p, c->at, sides & 2 ? FP_BEARER_UNKNOWN : FP_BEARER_USER);
    }
    if (company_defined || p->spoken || p->count >= FP_MAX_PARTY_NAMES ||
        !used_as_term(s, n, "Company", TERM_USES))
        return;
    int sides = 0;
    for (int i = 0; role_words[i].word; i++) {
        const role_word *rw = &role_words[i];
        /* the pronouns, and "Provider", which terms use for their own
         * side or for third parties ("a Provider of the content") */
        if ((rw->kind & (ROLE_DEFINED | ROLE_FLEXIBLE)) || !strcmp(rw->word, "you") ||
            !strcmp(rw->word, "we") || !strcmp(rw->word, "us") || !strcmp(rw->word, "provider"))
            continue;
        char cap[32]; /* "Service Provider" */
        snprintf(cap, sizeof cap, "%s", rw->word);
        for (size_t k = 0; cap[k]; k++)
            if (k == 0 || cap[k - 1] == ' ')
                cap[k] = (char)(cap[k] - 'a' + 'A');
        if (used_as_term(s, n, cap, TERM_USES))
            sides |= rw->role == FP_BEARER_USER ? 2 : 1;
    }
    if (sides & 1)
        add_name(p, "Company", 7, sides & 2 ? FP_BEARER_UNKNOWN : FP_BEARER_USER, 0, 0);
}

static void infer_sides(fp_parties *p, const char *s, size_t n);

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
    settle_roles(out, s, n);
    infer_sides(out, s, n);
}

/* A capitalised role word used as a term of the contract: the role the
 * document gave it, in any case ("COMPANY" defined, "Company" used), else
 * the word's own; words that name a party only where defined are unknown. */
static fp_bearer role_word_at(const fp_parties *p, const char *w, size_t n)
{
    const role_word *rw = role_word_of(w, n);
    if (!rw)
        return FP_BEARER_UNKNOWN;
    for (size_t k = 0; k < p->count; k++)
        if (strlen(p->names[k].name) == n && !strncasecmp(p->names[k].name, w, n))
            return p->names[k].role;
    if ((rw->kind & ROLE_DEFINED) || ((rw->kind & ROLE_CONTRACT) && p->spoken))
        return FP_BEARER_UNKNOWN;
    return rw->role;
}

/* The party a word at text[i, w) names: a built-in pronoun ("we", "each
 * party", tried with the next word first), a defined name, or a role word
 * used as a term of the contract, capitalised ("Customer", "Provider") even
 * when the definition sits on a cover page fineprint did not see. *len gets
 * the words' length; *named is set for a defined name, whose role may be
 * unknown (a "Partner" names a party without telling its side). */
/* The longest built-in phrase of two to four words at text[i] ("each of
 * the parties", "each of us", "each party"), or unknown. */
static fp_bearer phrase_at(const fp_parties *p, const char *text, size_t i, size_t w,
                           size_t end, size_t *len, int *named)
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
        if (r == FP_BEARER_UNKNOWN && text[i] >= 'A' && text[i] <= 'Z' &&
            (r = role_word_at(p, text + i, ends[k] - i)) != FP_BEARER_UNKNOWN)
            *named = 2;
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
    fp_bearer r = phrase_at(p, text, i, w, end, len, named);
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
    if (text[i] >= 'A' && text[i] <= 'Z' &&
        (r = role_word_at(p, text + i, w - i)) != FP_BEARER_UNKNOWN)
        *named = 2;
    return r;
}

/* Calls fn for each party named in text[start, end), in order, with the
 * span of its words and whether they are a name (a defined name or a
 * capitalised role word, not a pronoun), until fn returns nonzero. */
static void each_party(const fp_parties *p, const char *text, size_t start,
                       size_t end, int (*fn)(void *, fp_bearer, size_t, size_t, int),
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
        if (r == FP_BEARER_UNKNOWN && named != 1)
            continue;
        if (fn(ctx, r, i, i + len, named != 0))
            return;
        i += len - 1;
    }
}

static int take_first(void *ctx, fp_bearer b, size_t at, size_t to, int named)
{
    (void)at, (void)to, (void)named;
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

static int joined_by_and(const char *text, size_t from, size_t to);

typedef struct seen_parties {
    const char *text;
    unsigned seen;
    fp_bearer prev;
    size_t prev_to;
} seen_parties;

static int collect(void *ctx, fp_bearer b, size_t at, size_t to, int named)
{
    seen_parties *sp = ctx;
    (void)named;
    sp->seen |= 1u << b;
    /* "Acme and Customer shall not be liable": a name of no known side
     * joined to one of a known side is the other party, as in
     * fp_party_named_actor */
    if (sp->prev_to && joined_by_and(sp->text, sp->prev_to, at) &&
        (b == FP_BEARER_UNKNOWN) != (sp->prev == FP_BEARER_UNKNOWN) &&
        (b == FP_BEARER_USER || b == FP_BEARER_PROVIDER || sp->prev == FP_BEARER_USER ||
         sp->prev == FP_BEARER_PROVIDER))
        sp->seen |= 1u << FP_BEARER_MUTUAL;
    sp->prev = b, sp->prev_to = to;
    return 0;
}

fp_bearer fp_party_joint(const fp_parties *p, const char *text, size_t start,
                         size_t end)
{
    seen_parties sp = {text, 0, FP_BEARER_UNKNOWN, 0};
    each_party(p, text, start, end, collect, &sp);
    unsigned seen = sp.seen;
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

static int take_last_before(void *ctx, fp_bearer b, size_t at, size_t to, int named)
{
    last_before *lb = ctx;
    (void)named;
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

/* ---------------------------------------------------- the named actor */

/* Is text[i, i+n) one of the words in list (any case)? */
static int word_in(const char *text, size_t i, size_t n, const char *const *list)
{
    for (int k = 0; list[k]; k++)
        if (strlen(list[k]) == n && !strncasecmp(text + i, list[k], n))
            return 1;
    return 0;
}

/* The word that ends before `from` (spaces skipped), not before lo: its
 * span in *ws, *we; 0 when there is none (punctuation comes first). */
static int word_before(const char *text, size_t lo, size_t from, size_t *ws, size_t *we)
{
    size_t e = from;
    while (e > lo && text[e - 1] == ' ')
        e--;
    size_t b = e;
    while (b > lo && word_byte(text[b - 1]))
        b--;
    *ws = b, *we = e;
    return b < e;
}

/* A possessive, "Customer's account", "Distributors' rights": the party
 * owns the thing, it does not act on it. */
static int possessive(const char *text, size_t to, size_t end)
{
    if (to >= end || text[to] != '\'')
        return 0;
    if (to + 1 < end && (text[to + 1] | 0x20) == 's')
        return to + 2 >= end || !word_byte(text[to + 2]);
    return text[to - 1] == 's' || text[to - 1] == 'S';
}

/* Words after which a party is an object ("notice to Customer", "a breach
 * by Customer") or the subject of a subordinate clause ("if Customer
 * fails to pay", "in the event Customer ..."), not the clause's actor. */
static const char *const object_marks[] = {
    "to", "of", "from", "with", "against", "for", "on", "upon", "toward", "towards",
    "than", "between", "among", "about", "under", "without", "via", "through", "at",
    "into", "by", "if", "when", "whenever", "where", "wherever", "unless", "should",
    "until", "because", "after", "before", "once", "whether", "although", "while",
    "since", "event", "case", "provided", NULL};
static const char *const articles[] = {"the", "a", "an", "such", "said", "any", "each", NULL};
static const char *const framing[] = {"agree", "agrees", "agreed", "acknowledge",
                                      "acknowledges", "acknowledged", "understand",
                                      "understands", "confirm", "confirms", "accept",
                                      "accepts", "declare", "declares", "recognize",
                                      "recognizes", "recognise", "recognises", NULL};

static int object_of(const char *text, size_t clause, size_t at)
{
    size_t ws, we;
    if (!word_before(text, clause, at, &ws, &we))
        return 0;
    /* "an End Customer", "any Media Customer": another term, not the party */
    if (we - ws > 1 && text[ws] >= 'A' && text[ws] <= 'Z' && text[ws + 1] >= 'a' &&
        text[ws + 1] <= 'z' && !word_in(text, ws, we - ws, object_marks))
        return 1;
    if (word_in(text, ws, we - ws, articles) && !word_before(text, clause, ws, &ws, &we))
        return 0;
    if (word_in(text, ws, we - ws, object_marks))
        return 1;
    /* "that Customer may ...": subordinate, unless "that" follows a frame
     * ("the parties agree that Customer may terminate") */
    if (we - ws == 4 && !strncasecmp(text + ws, "that", 4)) {
        size_t fs, fe;
        return !word_before(text, clause, ws, &fs, &fe) ||
               !word_in(text, fs, fe - fs, framing);
    }
    return 0;
}

/* Words that open a subordinate clause set before the main one ("If
 * Customer fails to pay, ..."). */
static const char *const subordinators[] = {
    "if", "when", "whenever", "where", "unless", "should", "until", "because",
    "after", "before", "once", "whether", "although", "while", "since", "upon",
    "following", "in", "notwithstanding", "subject", "except", "provided", NULL};

/* Is the party at text[at, to) inside a subordinate clause that a comma
 * closes before `before`? */
static int in_fronted_clause(const char *text, size_t clause, size_t at, size_t to,
                             size_t before)
{
    if (to >= before) /* the party's words run into the match */
        return 0;
    const char *comma = memchr(text + to, ',', before - to);
    if (!comma)
        return 0;
    size_t s = at;
    while (s > clause && text[s - 1] != ',')
        s--;
    while (s < at && !word_byte(text[s]))
        s++;
    size_t w = s;
    while (w < at && word_byte(text[w]))
        w++;
    return w > s && w < at && word_in(text, s, w - s, subordinators);
}

/* The word at text[i..] (spaces skipped first): its span in *ws, *we. */
static size_t next_word(const char *text, size_t i, size_t end, size_t *ws)
{
    while (i < end && text[i] == ' ')
        i++;
    *ws = i;
    while (i < end && word_byte(text[i]))
        i++;
    return i;
}

/* Is one of `list` among the next `words` words after text[i] (not past
 * punctuation)? */
static int word_ahead(const char *text, size_t end, size_t i, int words,
                      const char *const *list)
{
    for (int k = 0; k < words && i < end; k++) {
        size_t ws, we = next_word(text, i, end, &ws);
        if (we == ws)
            return 0;
        if (word_in(text, ws, we - ws, list))
            return 1;
        i = we;
    }
    return 0;
}

/* Does a word of power follow text[i] within `words` words: "the right",
 * "sole discretion", "entitled", "the option"? */
static int power_follows(const char *text, size_t i, size_t end, int words)
{
    static const char *const power[] = {"right", "rights", "option", "discretion",
                                        "authority", "power", "entitled", "free",
                                        "permitted", "unilateral", "privilege", NULL};
    return word_ahead(text, end, i, words, power);
}

/* Does the party whose words end at `to` hold a power, as the subject of
 * its verb: "Customer may", "Supplier shall have the right", "Licensor, at
 * its option, may", "Company reserves the right", "Buyer is entitled"?
 * Not a duty ("Distributor shall discontinue", "will not remove"), not a
 * prohibition ("may not modify"), not a ground ("will result in"). */
static int acts(const char *text, size_t to, size_t end)
{
    static const char *const may[] = {"may", "can", "might", "could", NULL};
    static const char *const duty[] = {"shall", "will", "must", "would", "should", NULL};
    static const char *const having[] = {"has", "have", "is", "are", NULL};
    static const char *const choosing[] = {
        "reserves", "retains", "elects", "determines", "decides", "believes", "suspects",
        "considers", "deems", "chooses", "wishes", "intends", "desires", "terminates",
        "suspends", "cancels", "discontinues", "modifies", "amends", "changes", "revokes",
        "removes", NULL};
    static const char *const fillers[] = {
        "at", "its", "their", "his", "her", "sole", "absolute", "own", "option",
        "discretion", "election", "in", "also", "then", "thereupon", "thereafter",
        "further", "alone", "and", "reasonable", "good", "faith", "hereby", NULL};
    size_t i = to;
    for (int words = 0; words < 5 && i < end; words++) {
        while (i < end && text[i] == ' ')
            i++;
        if (i < end && text[i] == ',') { /* a parenthetical: ", at its option," */
            size_t j = i + 1;
            while (j < end && j < i + 80 && text[j] != ',' && text[j] != ';')
                j++;
            if (j >= end || text[j] != ',')
                return 0;
            i = j + 1;
            continue;
        }
        size_t ws, w = next_word(text, i, end, &ws);
        if (w == ws)
            return 0;
        size_t vs, ve = next_word(text, w, end, &vs); /* the word after */
        if (word_in(text, vs, ve - vs, (const char *const[]){"not", "never", NULL}))
            return 0;
        if (word_in(text, ws, w - ws, may)) {
            static const char *const not_power[] = {"result", "lead", "constitute",
                                                    "cause", "give", "trigger", NULL};
            return !word_in(text, vs, ve - vs, not_power);
        }
        if (word_in(text, ws, w - ws, choosing))
            return 1;
        if (word_in(text, ws, w - ws, duty)) /* "shall have the right", not "shall pay" */
            return word_in(text, vs, ve - vs, (const char *const[]){"have", "be", NULL}) &&
                   power_follows(text, ve, end, 4);
        if (word_in(text, ws, w - ws, having))
            return power_follows(text, w, end, 3);
        if (!word_in(text, ws, w - ws, fillers) &&
            !(w - ws > 3 && !strncasecmp(text + w - 2, "ly", 2)))
            return 0;
        i = w;
    }
    return 0;
}

/* A defined "Party", "Other Party", "Affected Party": a role either side
 * can take ("the Other Party may terminate"), unlike "Party B". */
static int generic_party(const char *text, size_t at, size_t to)
{
    size_t w = to;
    while (w > at && text[w - 1] != ' ')
        w--;
    return (to - w == 5 && !strncasecmp(text + w, "party", 5)) ||
           (to - w == 7 && !strncasecmp(text + w, "parties", 7));
}

typedef struct named_actor {
    const char *text;
    size_t clause, before, end;
    fp_bearer side;     /* the last acting party's side */
    int found, named;
    size_t at, to;      /* its words */
    fp_bearer prev;     /* the party before it, acting or not */
    size_t prev_at, prev_to;
    int prev_named;
} named_actor;

static int take_named_actor(void *ctx, fp_bearer b, size_t at, size_t to, int named)
{
    named_actor *na = ctx;
    if (at > na->before)
        return 1;
    const char *t = na->text;
    fp_bearer prev = na->prev;
    size_t prev_at = na->prev_at, prev_to = na->prev_to;
    int prev_named = na->prev_named;
    na->prev = b, na->prev_at = at, na->prev_to = to, na->prev_named = named;
    if (possessive(t, to, na->end) || frames_clause(t, to, na->end) ||
        object_of(t, na->clause, at) || in_fronted_clause(t, na->clause, at, to, na->before) ||
        !acts(t, to, na->end))
        return 0;
    na->found = 1;
    na->side = generic_party(t, at, to) ? FP_BEARER_MUTUAL : b;
    na->named = named, na->at = at, na->to = to;
    /* "Supplier and Customer may ...", "Acme or Distributor may ...": both
     * act; two names of different sides, or of a known and an unknown one,
     * are the two parties */
    if (prev_to && joined_by_and(t, prev_to, at)) {
        na->side = prev == na->side ? prev : FP_BEARER_MUTUAL;
        na->named = named && prev_named;
        na->at = prev_at;
    }
    return 0;
}

/* Verbs whose participle, followed by "by X", makes X the one who holds
 * the power: "may be terminated by Customer", not "a breach by Customer". */
static const char *const power_participles[] = {
    "terminat", "suspend", "cancel", "revok", "discontinu", "modif", "amend", "chang",
    "updat", "remov", "delet", "disabl", "withdr", "exercis", "clos", "block",
    "restrict", "vari", "alter", "given", "ended", "elect", "end", NULL};

static int named_agent(const fp_parties *p, const char *text, size_t start, size_t end,
                       fp_bearer *side, size_t *at, size_t *to)
{
    for (size_t i = start; i + 3 < end; i++) {
        if ((i > start && word_byte(text[i - 1])) || strncasecmp(text + i, "by ", 3))
            continue;
        size_t ws, we;
        if (!word_before(text, start, i, &ws, &we) || we - ws < 4 ||
            (strncasecmp(text + we - 2, "ed", 2) && strncasecmp(text + we - 2, "en", 2)))
            continue;
        int power = 0;
        for (int k = 0; !power && power_participles[k]; k++)
            power = !strncasecmp(text + ws, power_participles[k], strlen(power_participles[k]));
        if (!power)
            continue;
        size_t a = i + 3;
        if (a + 4 < end && !strncasecmp(text + a, "the ", 4))
            a += 4;
        size_t w = a;
        while (w < end && word_byte(text[w]))
            w++;
        size_t len;
        int named;
        fp_bearer who = party_at(p, text, a, w, end, &len, &named);
        if (who == FP_BEARER_UNKNOWN && named != 1)
            continue;
        if (!named || possessive(text, a + len, end))
            return 0;
        *side = generic_party(text, a, a + len) ? FP_BEARER_MUTUAL : who;
        *at = a, *to = a + len;
        return 1;
    }
    return 0;
}

/* A passive in text[from, to): "be updated", "is terminated", "been
 * suspended"; its subject is not the one who acts ("Customer shall comply
 * with the policy (as it may be updated)", "Client may be notified"). */
static int passive_between(const char *text, size_t from, size_t to)
{
    static const char *const aux[] = {"be", "been", "being", "is", "are", "was", "were", NULL};
    for (size_t i = from; i < to; i++) {
        if (!word_byte(text[i]) || (i > from && word_byte(text[i - 1])))
            continue;
        size_t w = i;
        while (w < to && word_byte(text[w]))
            w++;
        if (word_in(text, i, w - i, aux)) {
            size_t v = w, k = 0;
            for (; k < 2; k++) { /* "be updated", "be promptly updated" */
                while (v < to && text[v] == ' ')
                    v++;
                size_t ve = v;
                while (ve < to && word_byte(text[ve]))
                    ve++;
                if (ve - v > 3 && (!strncasecmp(text + ve - 2, "ed", 2) ||
                                   !strncasecmp(text + ve - 2, "en", 2)))
                    return 1;
                if (ve - v < 3 || strncasecmp(text + ve - 2, "ly", 2))
                    break;
                v = ve;
            }
        }
        i = w;
    }
    return 0;
}

/* Is there a second modal between the holder's words (ending at `from`)
 * and the match at text[start, end), counting one that opens the match?
 * The match is then another subject's ("PB may ... provided that the
 * committee shall terminate"). */
static int another_verb(const char *text, size_t from, size_t start, size_t end)
{
    static const char *const modals[] = {"may", "shall", "will", "can", "must", "might",
                                         "could", "would", "should", NULL};
    int seen = 0;
    for (size_t i = from; i < end && i <= start; i++) {
        if (!word_byte(text[i]) || (i > from && word_byte(text[i - 1])))
            continue;
        size_t w = i;
        while (w < end && word_byte(text[w]))
            w++;
        if (word_in(text, i, w - i, modals) && ++seen > 1)
            return 1;
        i = w;
    }
    return 0;
}

/* The side of a name the contract does not tell, from the others: when
 * every party it defines with a known side is supplied (a "Customer", a
 * "Distributor"), a name of none ("OpenAI", "ADAMS GOLF") is the one that
 * supplies. Not the other way round: beside a defined provider, a name is
 * as often a third party ("as modified by Stripe") as the user. */
static fp_bearer other_side(const fp_parties *p)
{
    unsigned seen = 0;
    for (size_t k = 0; k < p->count; k++)
        seen |= 1u << p->names[k].role;
    seen &= (1u << FP_BEARER_USER) | (1u << FP_BEARER_PROVIDER);
    return seen == 1u << FP_BEARER_USER ? FP_BEARER_PROVIDER : FP_BEARER_UNKNOWN;
}

int fp_party_named_actor(const fp_parties *p, const char *text, size_t sent_start,
                         size_t start, size_t end, size_t sent_end, fp_bearer *side,
                         size_t *at, size_t *to)
{
    size_t clause = start;
    while (clause > sent_start && text[clause - 1] != ';' && text[clause - 1] != ':')
        clause--;
    named_actor na = {text, clause, start, end, FP_BEARER_UNKNOWN, 0, 0, 0, 0,
                      FP_BEARER_UNKNOWN, 0, 0, 0};
    each_party(p, text, clause, end, take_named_actor, &na);
    int found = 0;
    size_t after = end + 30 < sent_end ? end + 30 : sent_end;
    if (na.found && !passive_between(text, na.to, end) && !another_verb(text, na.to, start, end)) {
        if (!na.named)
            return 0; /* "we may ...", "you may ...": the rule's own bearer */
        *side = na.side, *at = na.at, *to = na.to;
        found = 1;
    } else if (na.found && !na.named) {
        return 0;
    } else {
        found = named_agent(p, text, start, after, side, at, to);
    }
    if (found && *side == FP_BEARER_UNKNOWN)
        *side = other_side(p);
    /* in terms that speak as "we" and "you", a name of no known side is a
     * third party ("the app store may remove ..."): the reader still bears it */
    return found && !(*side == FP_BEARER_UNKNOWN && p->spoken);
}

fp_bearer fp_party_counter(fp_bearer b)
{
    if (b == FP_BEARER_USER)
        return FP_BEARER_PROVIDER;
    if (b == FP_BEARER_PROVIDER)
        return FP_BEARER_USER;
    return b;
}

/* ------------------------------------------ sides from what parties do */

/* Commercial contracts often define both parties by name alone, `Acme Corp.
 * ("Acme")` and `Beta LLC ("Beta")`: no pronoun or role word tells their
 * sides. What the contract has each of them do does. The user pays, buys,
 * reimburses, and in the recitals desires to engage, retain or obtain; the
 * provider supplies, manufactures, invoices, grants the licence and
 * performs the services. fineprint counts these deeds over the whole
 * document, as the subject ("Beta shall pay") and as the object ("payable
 * to Acme", "fees paid by Beta", "shall supply the Products to Beta"), and
 * gives a name a side only when its deeds clearly lean one way. */

enum { DEED_NONE, DEED_USER, DEED_PROVIDER };

/* How many deeds a side needs; it also needs more than twice the other
 * side's (2 to 0, 4 to 1): a name does both now and then (a supplier pays
 * a rebate, a buyer grants a licence to its marks). */
#define DEEDS_MIN 2

/* Words between a party and its verb: "shall", "agrees to", "hereby",
 * "desires to", "is obligated to". */
static const char *const deed_fillers[] = {
    "shall", "will", "must", "may", "agrees", "agree", "agreed", "has", "have", "to",
    "hereby", "also", "promptly", "further", "then", "thereafter", "undertakes",
    "is", "are", "obligated", "required", "willing", "desires", "desire", "wishes",
    "wish", "intends", "wants", "continue", "directly", "itself", "be", NULL};
static const char *const desire_words[] = {"desires", "desire", "wishes", "wish", "intends",
                                           "wants", "willing", NULL};
static const char *const no_words[] = {"not", "never", "no", NULL};
static const char *const own_costs[] = {"own", "taxes", "tax", NULL};
/* the subject of these is the user */
static const char *const payer_verbs[] = {"pay", "pays", "reimburse", "reimburses",
                                          "purchase", "purchases", "buy", "buys", NULL};
/* ... of these too, when it desires them (a recital) */
static const char *const engage_verbs[] = {"engage", "retain", "obtain", "acquire", NULL};
/* the subject of these is the provider */
static const char *const supplier_verbs[] = {"supply", "supplies", "manufacture", "manufactures",
                                             "invoice", "invoices", "grant", "grants", NULL};
/* ... of these when it is the services they perform */
static const char *const service_verbs[] = {"provide", "provides", "perform", "performs",
                                            "render", "renders", NULL};
static const char *const service_words[] = {"service", "services", NULL};
/* "payable to Acme", "a payment to Acme": Acme is paid */
static const char *const paid_to[] = {"pay", "pays", "paid", "payable", "payment", "payments",
                                      "remit", "remits", "remitted", "reimburse", NULL};
/* "shall supply the Products to Beta", "licensed to Beta": Beta is supplied */
static const char *const supplied_to[] = {"supply", "supplies", "supplied", "sell", "sells",
                                          "sold", "grant", "grants", "granted", "license",
                                          "licenses", "licensed", "licence", "licences",
                                          "invoice", "invoices", "invoiced", NULL};
/* "purchased from Acme": Acme supplies */
static const char *const bought_from[] = {"purchase", "purchases", "purchased", "buy", "buys",
                                          "bought", "order", "orders", "ordered", "procure",
                                          "procures", "procured", NULL};
/* "paid by Beta", "payable by Beta": Beta pays */
static const char *const paid_by[] = {"paid", "payable", "reimbursed", "purchased", "bought",
                                      "owed", "ordered", NULL};
/* "manufactured by Acme", "the services performed by Acme" */
static const char *const made_by[] = {"supplied", "manufactured", "invoiced", "licensed", NULL};
static const char *const performed_by[] = {"provided", "performed", "rendered", NULL};

/* The candidate name at text[i] (the longest), as its index + 1, or 0. */
static size_t name_at(const fp_parties *p, const char *s, size_t n, size_t i)
{
    size_t best = 0, best_len = 0;
    for (size_t k = 0; k < p->count; k++) {
        if (p->names[k].name[0] != s[i])
            continue;
        size_t len = strlen(p->names[k].name);
        if (len > best_len && i + len <= n && !strncmp(s + i, p->names[k].name, len) &&
            (i + len == n || !word_byte(s[i + len])))
            best = k + 1, best_len = len;
    }
    return best;
}

/* Is text[i, i+n) one of the verbs in list, in lower case or in a passage
 * in capitals ("PAY")? Capitalised, it is a name: "Google Pay". */
static int verb_in(const char *s, size_t i, size_t n, const char *const *list)
{
    if (!(s[i] >= 'a' && s[i] <= 'z'))
        for (size_t k = 0; k < n; k++)
            if (s[i + k] >= 'a' && s[i + k] <= 'z')
                return 0;
    return word_in(s, i, n, list);
}

/* "sell the Products to Beta": a party named after a "to" within the next
 * `words` words. */
static int sold_to_party(const fp_parties *p, const char *s, size_t n, size_t i, int words)
{
    for (int k = 0; k < words && i < n; k++) {
        size_t ws, we = next_word(s, i, n, &ws);
        if (we == ws)
            return 0;
        if (we - ws == 2 && !strncasecmp(s + ws, "to", 2)) {
            size_t a = we;
            while (a < n && s[a] == ' ')
                a++;
            if (a + 4 < n && !strncasecmp(s + a, "the ", 4))
                a += 4;
            return a < n && name_at(p, s, n, a);
        }
        i = we;
    }
    return 0;
}

/* The deed of the party whose name ends at `to`, as the subject of its
 * verb: "Beta shall pay", "Acme hereby grants", "Beta desires to engage". */
static int deed_as_subject(const fp_parties *p, const char *s, size_t n, size_t to)
{
    if (to < n && s[to] == '\'')
        return DEED_NONE; /* "Acme's obligations" */
    size_t i = to;
    int desire = 0;
    for (int words = 0; words < 7 && i < n; words++) {
        while (i < n && s[i] == ' ')
            i++;
        if (i < n && s[i] == ',') { /* "Acme, at its own cost, shall supply" */
            size_t j = i + 1;
            while (j < n && j < i + 80 && s[j] != ',' && s[j] != '.' && s[j] != ';')
                j++;
            if (j >= n || s[j] != ',')
                return DEED_NONE;
            i = j + 1;
            continue;
        }
        size_t ws, we = next_word(s, i, n, &ws);
        if (we == ws || word_in(s, ws, we - ws, no_words))
            return DEED_NONE;
        size_t len = we - ws;
        if (verb_in(s, ws, len, payer_verbs))
            /* not "pay its own costs", "pay all taxes": no payment to the
             * other side */
            return word_ahead(s, n, we, 3, own_costs) ? DEED_NONE : DEED_USER;
        if (desire && verb_in(s, ws, len, engage_verbs))
            return DEED_USER;
        if (verb_in(s, ws, len, supplier_verbs) ||
            (verb_in(s, ws, len, service_verbs) && word_ahead(s, n, we, 5, service_words)) ||
            (verb_in(s, ws, len, (const char *const[]){"sell", "sells", NULL}) &&
             sold_to_party(p, s, n, we, 8)))
            return DEED_PROVIDER;
        if (!word_in(s, ws, len, deed_fillers))
            return DEED_NONE;
        desire |= word_in(s, ws, len, desire_words);
        i = we;
    }
    return DEED_NONE;
}

/* The deed of the party named at `at`, as the object or agent of a verb
 * before it: "pay Acme", "payable to Acme", "sold to Beta", "purchased
 * from Acme", "paid by Beta". */
static int deed_as_object(const char *s, size_t at)
{
    size_t lo = at > 200 ? at - 200 : 0, ws, we;
    if (!word_before(s, lo, at, &ws, &we))
        return DEED_NONE;
    size_t len = we - ws;
    int direct = DEED_NONE;
    if (verb_in(s, ws, len, (const char *const[]){"pay", "pays", "reimburse", "reimburses", NULL}))
        direct = DEED_PROVIDER; /* "Beta shall pay Acme" */
    if (verb_in(s, ws, len, (const char *const[]){"invoice", "invoices", "grant", "grants", NULL}))
        direct = DEED_USER; /* "Acme shall invoice Beta", "grants Beta a licence" */
    if (direct) { /* not "shall have no obligation to pay Acme" */
        size_t e = ws;
        for (int words = 0; words < 4 && word_before(s, lo, e, &ws, &we); words++, e = ws)
            if (word_in(s, ws, we - ws, no_words))
                return DEED_NONE;
        return direct;
    }
    int to = len == 2 && !strncasecmp(s + ws, "to", 2);
    int from = len == 4 && !strncasecmp(s + ws, "from", 4);
    int by = len == 2 && !strncasecmp(s + ws, "by", 2);
    if (!to && !from && !by)
        return DEED_NONE;
    int service = 0;
    size_t e = ws;
    for (int words = 0; words < (by ? 4 : 10); words++) {
        if (!word_before(s, lo, e, &ws, &we))
            return DEED_NONE; /* punctuation: another clause */
        len = we - ws;
        if (word_in(s, ws, len, no_words))
            return DEED_NONE;
        service |= word_in(s, ws, len, service_words);
        if (to && verb_in(s, ws, len, paid_to))
            return DEED_PROVIDER;
        if (to && (verb_in(s, ws, len, supplied_to) ||
                   (service && verb_in(s, ws, len, service_verbs))))
            return DEED_USER;
        if (from && verb_in(s, ws, len, bought_from))
            return DEED_PROVIDER;
        if (by && words == 0) {
            if (verb_in(s, ws, len, paid_by))
                return DEED_USER;
            if (verb_in(s, ws, len, made_by))
                return DEED_PROVIDER;
        }
        if (by && verb_in(s, ws, len, performed_by)) {
            /* "the Services provided by Acme", "Services to be performed by" */
            size_t e2 = ws;
            for (int k = 0; k < 3; k++) {
                size_t s2, w2;
                if (!word_before(s, lo, e2, &s2, &w2))
                    break;
                if (word_in(s, s2, w2 - s2, service_words))
                    return DEED_PROVIDER;
                e2 = s2;
            }
            return DEED_NONE;
        }
        e = ws;
    }
    return DEED_NONE;
}

/* Can name k take a side from its deeds: a name of no side yet, defined
 * in the preamble (names defined later are things, or third parties: the
 * reseller's "Customers"), not tied to a pronoun or a role word, not a
 * generic "Party"? */
static int open_name(const fp_parties *p, size_t k, size_t preamble_end)
{
    const fp_party_name *c = &p->names[k];
    size_t len = strlen(c->name);
    if (c->role != FP_BEARER_UNKNOWN || c->fixed || c->at > preamble_end ||
        generic_party(c->name, 0, len))
        return 0;
    int letters = 0; /* not a redaction, "[***]" */
    for (size_t i = 0; i < len; i++)
        letters += (c->name[i] | 0x20) >= 'a' && (c->name[i] | 0x20) <= 'z';
    if (!letters)
        return 0;
    for (size_t j = 0; j < p->count; j++) /* its group, ("Acme" or the "Company") */
        if (p->names[j].at == c->at &&
            (p->names[j].fixed || role_word_of(p->names[j].name, strlen(p->names[j].name))))
            return 0;
    return 1;
}

static void infer_sides(fp_parties *p, const char *s, size_t n)
{
    /* terms that speak as "we" and "you" keep their sides, also where
     * they capitalise "You" */
    if (p->spoken || used_as_term(s, n, "You", TERM_USES))
        return;
    int deeds[FP_MAX_PARTY_NAMES][3] = {{0}};
    unsigned char first[256] = {0};
    int any = 0;
    size_t preamble_end = (size_t)-1;
    for (size_t k = 0; k < p->count; k++)
        if (p->names[k].at < preamble_end)
            preamble_end = p->names[k].at;
    preamble_end += PREAMBLE_SPAN;
    for (size_t k = 0; k < p->count; k++)
        if (open_name(p, k, preamble_end))
            first[(unsigned char)p->names[k].name[0]] = 1, any = 1;
    if (!any)
        return;
    /* one pass: each place a name of no side is used */
    for (size_t i = 0; i < n; i++) {
        if (!first[(unsigned char)s[i]] || (i > 0 && word_byte(s[i - 1])))
            continue;
        size_t k = name_at(p, s, n, i);
        if (!k--)
            continue;
        size_t to = i + strlen(p->names[k].name);
        if (open_name(p, k, preamble_end)) {
            int d = deed_as_subject(p, s, n, to);
            /* not "Acme's fees", nor "Acme Products" */
            if (d == DEED_NONE && !(to < n && s[to] == '\'') &&
                !(to + 1 < n && s[to] == ' ' && s[to + 1] >= 'A' && s[to + 1] <= 'Z'))
                d = deed_as_object(s, i);
            deeds[k][d]++;
        }
        i = to - 1;
    }
    /* the deeds of a group of names are one party's */
    int sum[FP_MAX_PARTY_NAMES][3] = {{0}};
    for (size_t k = 0; k < p->count; k++)
        for (size_t j = 0; j < p->count; j++)
            if (p->names[j].at == p->names[k].at)
                for (int d = 1; d < 3; d++)
                    sum[k][d] += deeds[j][d];
    /* the sides the preamble already gives */
    unsigned taken = 0;
    for (size_t k = 0; k < p->count; k++)
        if (p->names[k].at <= preamble_end &&
            (p->names[k].role == FP_BEARER_USER || p->names[k].role == FP_BEARER_PROVIDER))
            taken |= 1u << p->names[k].role;
    /* strongest lean first; a side goes to one party only: a second name
     * that leans the same way is an affiliate or a third party */
    for (;;) {
        size_t best = p->count;
        int best_margin = 0;
        for (size_t k = 0; k < p->count; k++) {
            if (!open_name(p, k, preamble_end))
                continue;
            int u = sum[k][DEED_USER], v = sum[k][DEED_PROVIDER];
            int hi = u > v ? u : v, lo = u > v ? v : u;
            if (hi >= DEEDS_MIN && hi >= 2 * lo + DEEDS_MIN && hi - lo > best_margin)
                best = k, best_margin = hi - lo;
        }
        if (best == p->count)
            break;
        fp_bearer side = sum[best][DEED_USER] > sum[best][DEED_PROVIDER] ? FP_BEARER_USER
                                                                         : FP_BEARER_PROVIDER;
        size_t at = p->names[best].at;
        for (size_t k = 0; k < p->count; k++)
            if (p->names[k].at == at) {
                if (!(taken & (1u << side)))
                    p->names[k].role = side;
                sum[k][DEED_USER] = sum[k][DEED_PROVIDER] = 0; /* done */
            }
        taken |= 1u << side;
    }
}
