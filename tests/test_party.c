/* test_party.c - who is who: pronouns, defined names, capitalised role
 * words, parties named together, and bearers resolved by the scanner. */
#include "party.h"
#include "result.h"
#include "testutil.h"

typedef fp_bearer (*party_fn)(const fp_parties *, const char *, size_t, size_t);

/* fn applied to the span of `words` in the document text. */
static fp_bearer span_role(const fp_doc *d, const fp_parties *p, party_fn fn,
                           const char *words)
{
    const char *t = strstr(d->text.data, words);
    assert_non_null(t);
    size_t at = (size_t)(t - d->text.data);
    return fn(p, d->text.data, at, at + strlen(words));
}

#define first_in(d, p, w) span_role(d, p, fp_party_first, w)
#define joint_in(d, p, w) span_role(d, p, fp_party_joint, w)

static void test_defined_names_and_role_words(void **state)
{
    (void)state;
    fp_doc *d = tu_doc_str("These terms are between you and Lumen Labs (\"Lumen\", \"we\"). "
                           "Acme Corp (the \"Distributor\") sells the goods. "
                           "Lumen may change prices. The Distributor may not sell to you. "
                           "Provider will notify Customer. the customer service team answers.",
                           FP_FORMAT_TEXT);
    fp_parties p;
    fp_parties_find(d, &p);
    assert_int_equal(first_in(d, &p, "Lumen may change"), FP_BEARER_PROVIDER);
    /* a defined name without a telling role stops the search: unknown, not
     * the "you" that follows it */
    assert_int_equal(first_in(d, &p, "Distributor may not sell to you"), FP_BEARER_UNKNOWN);
    /* capitalised role words are parties without a definition */
    assert_int_equal(first_in(d, &p, "Provider will notify"), FP_BEARER_PROVIDER);
    assert_int_equal(first_in(d, &p, "Customer."), FP_BEARER_USER);
    /* lower case, the same word is ordinary prose */
    assert_int_equal(first_in(d, &p, "customer service team"), FP_BEARER_UNKNOWN);
    fp_doc_free(d);
}

static void test_parties_named_together(void **state)
{
    (void)state;
    fp_doc *d = tu_doc_str("Provider and Customer each disclaim warranties. "
                           "Neither we nor our affiliates are liable. "
                           "Either party may end it. Third parties may sue.",
                           FP_FORMAT_TEXT);
    fp_parties p;
    fp_parties_find(d, &p);
    assert_int_equal(joint_in(d, &p, "Provider and Customer each"), FP_BEARER_MUTUAL);
    assert_int_equal(first_in(d, &p, "Provider and Customer each"), FP_BEARER_PROVIDER);
    assert_int_equal(joint_in(d, &p, "we nor our affiliates"), FP_BEARER_PROVIDER);
    assert_int_equal(joint_in(d, &p, "Either party"), FP_BEARER_MUTUAL);
    assert_int_equal(joint_in(d, &p, "Third parties"), FP_BEARER_THIRD_PARTY);
    fp_doc_free(d);
}

/* Defined terms that name things are not parties: they would stop the
 * search for the actor at "under this Agreement". */
static void test_defined_things_are_not_parties(void **state)
{
    (void)state;
    fp_doc *d = tu_doc_str("This supply agreement (the \"Agreement\") starts on the "
                           "effective date (the \"Effective Date\"). Acme Inc. (\"Acme\") "
                           "and Bolt Ltd (the \"Partner\") agree. "
                           "Under this Agreement either party may end it.",
                           FP_FORMAT_TEXT);
    fp_parties p;
    fp_parties_find(d, &p);
    for (size_t i = 0; i < p.count; i++) {
        assert_string_not_equal(p.names[i].name, "Agreement");
        assert_string_not_equal(p.names[i].name, "Effective Date");
    }
    assert_int_equal(first_in(d, &p, "Agreement either party may"), FP_BEARER_MUTUAL);
    assert_int_equal(first_in(d, &p, "Partner\") agree"), FP_BEARER_UNKNOWN);
    fp_doc_free(d);
}

/* `lead`, then ten numbered copies of `clause` (its %d is the number),
 * then `tail`, into text. */
static void numbered(char *text, size_t size, const char *lead, const char *clause,
                     const char *tail)
{
    size_t n = (size_t)snprintf(text, size, "%s", lead);
    for (int i = 1; i <= 10; i++)
        n += (size_t)snprintf(text + n, size - n, clause, i);
    snprintf(text + n, size - n, "%s", tail);
}

/* The role of the first party named at `probe` in a document of `text`. */
static fp_bearer role_in(const char *text, const char *probe)
{
    fp_doc *d = tu_doc_str(text, FP_FORMAT_TEXT);
    fp_parties p;
    fp_parties_find(d, &p);
    fp_bearer b = first_in(d, &p, probe);
    fp_doc_free(d);
    return b;
}

/* Each case: the role of the first party named at `probe` in `text`. */
typedef struct role_case {
    const char *text, *probe;
    fp_bearer want;
} role_case;

static void check_roles(const role_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fp_bearer got = role_in(cases[i].text, cases[i].probe);
        if (got != cases[i].want)
            fail_msg("case %zu, \"%s\": %s, want %s", i, cases[i].probe,
                     fp_bearer_name(got), fp_bearer_name(cases[i].want));
    }
}

/* Sides from the whole set of parties a document defines: the party that
 * performs, supplies or licenses is the provider, the one it serves the
 * user, even when that one is called the "Company". */
static void test_sides_from_the_parties(void **state)
{
    (void)state;
    static const role_case cases[] = {
        /* a consultancy: the Company is the client */
        {"This Consulting Agreement is made between Northwind Holdings, Inc., a Delaware "
         "corporation (the \"Company\"), and Jane Rivera (\"Consultant\"). The Company "
         "may end the engagement. Consultant shall keep records.",
         "Company may end", FP_BEARER_USER},
        {"This Consulting Agreement is made between Northwind Holdings, Inc., a Delaware "
         "corporation (the \"Company\"), and Jane Rivera (\"Consultant\"). The Company "
         "may end the engagement. Consultant shall keep records.",
         "Consultant shall keep", FP_BEARER_PROVIDER},
        /* the names defined with the Company follow it */
        {"Harbor Foods LLC (\"Harbor\" or the \"Company\") engages Ortiz Media Group "
         "(the \"Contractor\") to build its online shop. Harbor shall pay each invoice.",
         "Harbor shall pay", FP_BEARER_USER},
        /* an endorsement: the talent licenses its name to the Company */
        {"Pinecrest Apparel Inc. (the \"Company\") and Sam Lee (the \"Talent\") agree on "
         "the following terms. The Company shall pay the fee. Talent shall attend two "
         "photo shoots.",
         "Company shall pay", FP_BEARER_USER},
        {"Pinecrest Apparel Inc. (the \"Company\") and Sam Lee (the \"Talent\") agree on "
         "the following terms. The Company shall pay the fee. Talent shall attend two "
         "photo shoots.",
         "Talent shall attend", FP_BEARER_PROVIDER},
        /* a licensor's counterpart is the user */
        {"Greystone Brands LLC (the \"Licensor\") grants Orbit Outdoor Corp. (the "
         "\"Company\") a licence to use the marks. Company shall pay royalties.",
         "Company shall pay", FP_BEARER_USER},
        /* the Company and its Customer: the Company supplies, as before */
        {"Redwood Analytics Corp. (the \"Company\") will host the software for Blue Fern "
         "LLC (the \"Customer\"). The Company may suspend access.",
         "Company may suspend", FP_BEARER_PROVIDER},
        /* a name that tells no side leaves the Company where it was */
        {"Redwood Analytics Corp. (the \"Company\") and Blue Fern LLC (\"Blue Fern\") "
         "agree. The Company may suspend access. Blue Fern may object.",
         "Company may suspend", FP_BEARER_PROVIDER},
        {"Redwood Analytics Corp. (the \"Company\") and Blue Fern LLC (\"Blue Fern\") "
         "agree. The Company may suspend access. Blue Fern may object.",
         "Blue Fern may object", FP_BEARER_UNKNOWN},
        /* a distributor buys the goods to resell them: the user */
        {"Lakeview Instruments Inc. (the \"Company\") appoints Coastal Supply Co. (the "
         "\"Distributor\") to resell its meters. The Distributor shall pay within 30 days. "
         "The Company may change its prices.",
         "Distributor shall pay", FP_BEARER_USER},
        {"Lakeview Instruments Inc. (the \"Company\") appoints Coastal Supply Co. (the "
         "\"Distributor\") to resell its meters. The Distributor shall pay within 30 days. "
         "The Company may change its prices.",
         "Company may change", FP_BEARER_PROVIDER},
        /* a franchisor supplies the system, the franchisee runs it */
        {"Sunny Bowl Franchising LLC (\"Franchisor\") and Kim Tran (\"Franchisee\") agree. "
         "Franchisor may inspect the restaurant.",
         "Franchisor may inspect", FP_BEARER_PROVIDER},
        /* an agent acts and sells for the principal, who is then the user */
        {"Cobalt Tools Inc. (the \"Company\") appoints Dana Park (the \"Agent\") to "
         "solicit orders. The Company may reject any order.",
         "Company may reject", FP_BEARER_USER},
        /* a performer and a client beside the Company: its side is unclear */
        {"Alder Systems Inc. (the \"Company\"), Mesa Staffing LLC (the \"Contractor\") and "
         "Union Hospital (the \"Client\") agree. The Company may audit the work.",
         "Company may audit", FP_BEARER_UNKNOWN},
        /* a defined role word in another case ("COMPANY" defined, "Company" used) */
        {"Orchid Labs Inc. (\"COMPANY\") and Max Stone (\"CONSULTANT\") agree as follows. "
         "Company shall reimburse expenses.",
         "Company shall reimburse", FP_BEARER_USER},
        /* consumer terms: the pronouns set the sides; an app store "Distributor"
         * and a "Contractor" are third parties */
        {"Brightside Apps Ltd (\"Company\", \"we\", \"us\") provides the app you "
         "download from an app store (the \"Distributor\"). We may hire a contractor "
         "(a \"Contractor\"). The Distributor may remove the app. Company may end "
         "your access.",
         "Distributor may remove", FP_BEARER_UNKNOWN},
        {"Brightside Apps Ltd (\"Company\", \"we\", \"us\") provides the app you "
         "download from an app store (the \"Distributor\"). We may hire a contractor "
         "(a \"Contractor\"). The Distributor may remove the app. Company may end "
         "your access.",
         "Company may end", FP_BEARER_PROVIDER},
        /* roles that name a party only where defined */
        {"The Escrow Agent shall hold the deposit.", "Agent shall hold", FP_BEARER_UNKNOWN},
        {"The Developer may publish the app.", "Developer may publish", FP_BEARER_UNKNOWN},
    };
    check_roles(cases, sizeof cases / sizeof *cases);
}

/* A party defined far from the Company (a supplier named in a late
 * clause) does not move it; a cover-page contract that names "Company"
 * and "Contractor" all through, without a definition, reads as the
 * definitions would, unless it addresses "you" all through. */
static void test_sides_across_the_document(void **state)
{
    (void)state;
    char text[8192];
    numbered(text, sizeof text, "Redwood Analytics Corp. (the \"Company\") and Blue Fern "
             "LLC (\"Blue Fern\") agree. ", "%d. Blue Fern shall report its usage of the "
             "hosted software every month, in the form the parties agree from time to time, "
             "and keep records of it for two years after the month it concerns. "
             "Those records are open to audit on thirty days' notice, during business hours "
             "and at the auditor's own cost. ",
             "Hardware comes from Quartz Ltd (the \"Supplier\"). "
             "The Company may suspend access.");
    assert_true(strlen(text) > 2500 + 100); /* the span fineprint reads together */
    assert_int_equal(role_in(text, "Company may suspend"), FP_BEARER_PROVIDER);

    const char *tail = "Company will not be liable for lost profits.";
    numbered(text, sizeof text, "", "%d. Contractor will deliver the work and Company "
             "will pay for it. ", tail);
    assert_int_equal(role_in(text, "Company will not be liable"), FP_BEARER_USER);
    assert_int_equal(role_in(text, "Contractor will deliver"), FP_BEARER_PROVIDER);
    numbered(text, sizeof text, "", "%d. Company may use a Contractor to run the service "
             "you use, and you agree to it. ", tail);
    assert_int_equal(role_in(text, "Company will not be liable"), FP_BEARER_PROVIDER);
    assert_int_equal(role_in(text, "Contractor to run"), FP_BEARER_UNKNOWN);
    /* used a few times only, the words keep their own sides */
    assert_int_equal(role_in("Contractor will deliver the work and Company will pay for it. "
                             "Company will not be liable for lost profits.",
                             "Company will not be liable"), FP_BEARER_PROVIDER);
}

/* Contracts that name both parties by name alone: the sides come from what
 * each does over the whole document (pays, buys, engages: the user;
 * supplies, invoices, licenses, performs the services: the provider), and
 * only when the deeds clearly lean one way. */
static void test_sides_from_deeds(void **state)
{
    (void)state;
    static const char supply[] =
        "SUPPLY AGREEMENT between Northgate Metals Inc. (\"Northgate\") and Pell Robotics "
        "LLC (\"Pell\"). 1. Northgate shall manufacture and supply the Parts to Pell. "
        "2. Northgate will invoice Pell on shipment. 3. Pell shall pay each invoice within "
        "thirty days. 4. All amounts payable by Pell are net of tax. 5. Pell may terminate "
        "on notice. 6. Northgate may suspend deliveries if an invoice is unpaid.";
    static const char licence[] =
        "Ardent Bio Ltd (\"Ardent\") and Kestrel Pharma Inc. (\"Kestrel\") agree as follows. "
        "Ardent hereby grants to Kestrel an exclusive licence under the Patents. Kestrel "
        "shall pay to Ardent a royalty on Net Sales. Royalties paid by Kestrel are not "
        "refundable. Kestrel may end the licence. Ardent may audit the records.";
    static const char engage[] =
        "This agreement is made between Halden Foods plc (\"Halden\") and Marlow Advisory "
        "LLP (\"Marlow\"). WHEREAS, Halden desires to engage Marlow to review its supply "
        "chain; NOW, THEREFORE: Marlow shall perform the Services set out in Schedule 1. "
        "The fees are payable to Marlow monthly. Halden shall pay Marlow within ten days "
        "of each invoice. Halden may cancel any work order.";
    /* both grant and both pay: no side leans */
    static const char cross[] =
        "Orchard Labs Inc. (\"Orchard\") and Tiller Systems Inc. (\"Tiller\") agree. Orchard "
        "grants Tiller a licence to its patents and Tiller grants Orchard a licence to "
        "its patents. Orchard shall pay Tiller the fees in Schedule A. Tiller shall pay "
        "Orchard the fees in Schedule B. Orchard may terminate. Tiller may terminate.";
    /* one deed is not enough */
    static const char once[] =
        "Quarry Point LLC (\"Quarry\") and Vela Media Inc. (\"Vela\") agree. Vela shall pay "
        "the fee. Vela may terminate. Quarry may terminate.";
    /* deeds that do not count: refused, its own costs, a name in another
     * name ("Dunmore Products"), a capitalised verb ("Dunmore Pay") */
    static const char not_deeds[] =
        "Dunmore Tech Ltd (\"Dunmore\") and Lark Studio LLC (\"Lark\") agree. Dunmore shall "
        "not pay any fee. Dunmore shall bear and pay its own costs. Lark shall keep the "
        "Dunmore Products safe. Users of Dunmore Pay may complain. Dunmore shall have no "
        "obligation to pay Lark. Dunmore may terminate. Lark may terminate.";
    /* a side the preamble gives is kept, and not given twice */
    static const char given[] =
        "Crane Valves Inc. (the \"Distributor\") and Fenwick Controls GmbH (\"Fenwick\") agree. "
        "Fenwick shall pay the Distributor a commission. Fenwick shall pay all rebates to "
        "the Distributor. Fenwick shall reimburse the Distributor. Fenwick may terminate. "
        "The Distributor shall supply reports to Fenwick. The Distributor shall supply "
        "samples. The Distributor shall supply forecasts. Distributor may terminate.";
    /* terms that speak as "we" and "you" keep their sides */
    static const char spoken[] =
        "These terms are between you and Lumen Labs (\"Lumen\", \"we\", \"us\"). Lumen shall "
        "pay you a referral bonus. Lumen shall pay you a credit. Lumen shall pay you a "
        "refund. You may cancel. Lumen may change the app. Our partner Zephyr Cloud Inc. "
        "(\"Zephyr\") shall supply the hosting. Zephyr shall supply the storage. Zephyr "
        "may change the storage. You may export your data. You may ask for a copy. You "
        "may close your account. We may notify you. You may object. You may complain.";
    static const role_case cases[] = {
        {supply, "Pell may terminate", FP_BEARER_USER},
        {supply, "Northgate may suspend", FP_BEARER_PROVIDER},
        {licence, "Kestrel may end", FP_BEARER_USER},
        {licence, "Ardent may audit", FP_BEARER_PROVIDER},
        {engage, "Halden may cancel", FP_BEARER_USER},
        {engage, "Marlow shall perform", FP_BEARER_PROVIDER},
        {cross, "Orchard may terminate", FP_BEARER_UNKNOWN},
        {cross, "Tiller may terminate", FP_BEARER_UNKNOWN},
        {once, "Vela may terminate", FP_BEARER_UNKNOWN},
        {not_deeds, "Dunmore may terminate", FP_BEARER_UNKNOWN},
        {not_deeds, "Lark may terminate", FP_BEARER_UNKNOWN},
        {given, "Fenwick may terminate", FP_BEARER_UNKNOWN},
        {given, "Distributor may terminate", FP_BEARER_USER},
        {spoken, "Lumen may change", FP_BEARER_PROVIDER},
        {spoken, "Zephyr may change", FP_BEARER_UNKNOWN},
    };
    check_roles(cases, sizeof cases / sizeof *cases);
}

/* Definitions that name a body or a thing, not a party; a definition
 * whose quoted name ends in a comma; names joined to a known side. */
static void test_bodies_and_things(void **state)
{
    (void)state;
    static const char text[] =
        "Birch Software Inc. (\"Birch\") and Oakmont Bank N.A. (\"Client,\" which includes its "
        "branches) agree. The parties will form a joint steering committee (the \"JSC\"). "
        "Approval by the Food and Drug Administration (\"FDA\") is needed. Comments on the "
        "service (\"Feedback\") are welcome. The JSC may amend the plan. FDA may inspect "
        "the site and Client may object. Feedback may be used and Client may object. "
        "Birch and Client shall not be liable for delays.";
    static const struct {
        const char *probe;
        fp_bearer want;
    } cases[] = {
        {"Client may object", FP_BEARER_USER},  /* "Client," */
        {"JSC may amend", FP_BEARER_MUTUAL},    /* both parties sit on it */
        /* not parties: the first party is the Client */
        {"FDA may inspect the site and Client", FP_BEARER_USER},
        {"Feedback may be used and Client", FP_BEARER_USER},
    };
    fp_doc *d = tu_doc_str(text, FP_FORMAT_TEXT);
    fp_parties p;
    fp_parties_find(d, &p);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fp_bearer got = first_in(d, &p, cases[i].probe);
        if (got != cases[i].want)
            fail_msg("case %zu, \"%s\": %s, want %s", i, cases[i].probe,
                     fp_bearer_name(got), fp_bearer_name(cases[i].want));
    }
    /* a name of no side joined to a known one: the two parties */
    assert_int_equal(joint_in(d, &p, "Birch and Client shall"), FP_BEARER_MUTUAL);
    fp_doc_free(d);
}

/* The scanner resolves bearers from a rule's "party" group; when the group
 * does not take part, the words before the match are not the actor. */
static const char *rules_text =
    "[t.cap]\n"
    "category = liability\n"
    "bears = counterparty or user\n"
    "severity = high\n"
    "require = liability\n"
    "pattern = (?:(?<party>\\b[\\w'-]+(?:\\s+[\\w'-]+)?)'s\\s+)?liability\\s+is\\s+capped\n"
    "explain = e\n"
    "match = Our liability is capped.\n"
    "nomatch = Liability insurance is required.\n";

static fp_bearer bearer_of(fp_scanner *sc, const char *text)
{
    fp_result *res = NULL;
    assert_int_equal(fp_scan_memory(sc, "t", text, strlen(text), FP_FORMAT_TEXT, &res), FP_OK);
    assert_int_equal(fp_result_finding_count(res), 1);
    fp_bearer b = fp_finding_bearer(fp_result_finding(res, 0));
    fp_result_free(res);
    return b;
}

static void test_bearer_from_party_group(void **state)
{
    (void)state;
    fp_rules *rules = tu_rules(rules_text);
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(rules, NULL, &sc), FP_OK);
    /* provider's cap: borne by the user */
    assert_int_equal(bearer_of(sc, "Provider's liability is capped."), FP_BEARER_USER);
    /* customer's cap: borne by the provider */
    assert_int_equal(bearer_of(sc, "Customer's liability is capped."), FP_BEARER_PROVIDER);
    assert_int_equal(bearer_of(sc, "Each party's liability is capped."), FP_BEARER_MUTUAL);
    /* no subject stated: the fallback, not the "you" before the match */
    assert_int_equal(bearer_of(sc, "You agree that liability is capped."), FP_BEARER_USER);
    assert_int_equal(bearer_of(sc, "We agree that liability is capped."), FP_BEARER_USER);
    fp_scanner_free(sc);
    fp_rules_free(rules);
}

/* Both sides named in one phrase, of up to four words, bear it jointly:
 * "each of us", "each of the parties", "you and we". */
static void test_joint_phrases(void **state)
{
    (void)state;
    fp_doc *d = tu_doc_str("Each of us waives any right to a jury trial. "
                           "Each of the parties shall bear its own costs. "
                           "Neither of us may assign this Agreement. "
                           "You and we agree to arbitrate. "
                           "The breaching party shall indemnify the other.",
                           FP_FORMAT_TEXT);
    fp_parties p;
    fp_parties_find(d, &p);
    assert_int_equal(first_in(d, &p, "Each of us waives"), FP_BEARER_MUTUAL);
    assert_int_equal(first_in(d, &p, "Each of the parties shall"), FP_BEARER_MUTUAL);
    assert_int_equal(first_in(d, &p, "Neither of us may"), FP_BEARER_MUTUAL);
    assert_int_equal(first_in(d, &p, "You and we agree"), FP_BEARER_MUTUAL);
    /* a role either side can take */
    assert_int_equal(first_in(d, &p, "breaching party shall"), FP_BEARER_MUTUAL);
    /* "us" alone is still the provider */
    assert_int_equal(first_in(d, &p, "us waives"), FP_BEARER_PROVIDER);
    fp_doc_free(d);
}

/* A fixed bearer with "unless mutual" is shared when both parties act:
 * the actor is named before the match in its clause, runs into it, or is
 * the agent of a passive after it. */
static const char *mutual_rules_text =
    "[t.ter]\n"
    "category = termination\n"
    "bears = user unless mutual\n"
    "severity = medium\n"
    "require = terminat\n"
    "pattern = \\bterminate\\s+(?:this\\s+agreement|your\\s+account)|\\bagreement\\s+may\\s+be\\s+terminated\n"
    "explain = e\n"
    "match = We may terminate your account.\n"
    "nomatch = The account remains open.\n";

static void test_mutual_actor(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        fp_bearer want;
    } cases[] = {
        {"We may terminate your account.", FP_BEARER_USER},
        {"Either party may terminate this Agreement on notice.", FP_BEARER_MUTUAL},
        /* the last party before the match is the actor, not the first */
        {"If either party breaches, we may terminate your account.", FP_BEARER_USER},
        {"If you breach, either party may terminate this Agreement.", FP_BEARER_MUTUAL},
        /* "agrees to" is the actor's own act, not a frame */
        {"Either party agrees to terminate this Agreement on a change of control.",
         FP_BEARER_MUTUAL},
        /* parties joined by "and" act together */
        {"Provider and Customer each may terminate this Agreement.", FP_BEARER_MUTUAL},
        /* the clause ends at a semicolon */
        {"Each party keeps its data; we may terminate your account.", FP_BEARER_USER},
        /* "the parties agree that" frames the clause; the actor follows */
        {"The parties agree that this Agreement may be terminated.", FP_BEARER_USER},
        /* a passive's agent */
        {"This Agreement may be terminated by either Party on notice.", FP_BEARER_MUTUAL},
        {"This Agreement may be terminated by us at any time.", FP_BEARER_USER},
    };
    fp_rules *rules = tu_rules(mutual_rules_text);
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(rules, NULL, &sc), FP_OK);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (bearer_of(sc, cases[i].text) != cases[i].want)
            fail_msg("\"%s\": bearer %s, want %s", cases[i].text,
                     fp_bearer_name(bearer_of(sc, cases[i].text)), fp_bearer_name(cases[i].want));
    fp_scanner_free(sc);
    fp_rules_free(rules);
}

/* A name whose words run into the match ("Beta Labs" with the match at
 * "Labs may ..."): no clause lies between the name and the match. */
static void test_actor_runs_into_match(void **state)
{
    (void)state;
    fp_doc *d = tu_doc_str("Acme Corp. (\"Acme\") and Beta Labs Ltd (\"Beta Labs\") agree. "
                           "Beta Labs may terminate this Agreement on notice.",
                           FP_FORMAT_TEXT);
    fp_parties p;
    fp_parties_find(d, &p);
    const char *t = d->text.data, *name = strstr(t, "Beta Labs may");
    assert_non_null(name);
    size_t sent = (size_t)(name - t), start = sent + 5; /* "Labs may ..." */
    size_t end = sent + strlen("Beta Labs may terminate");
    fp_bearer side = FP_BEARER_UNKNOWN;
    size_t at = 0, to = 0;
    (void)fp_party_named_actor(&p, t, sent, start, end, d->text.len, &side, &at, &to);
    fp_doc_free(d);
}

/* "unless named": a power held by a named party ("Customer may
 * terminate") is borne by the other side; pronouns keep the rule's bearer,
 * and so do a possessive, an object, the subject of an "if" clause, a duty
 * and a prohibition. A name of no known side leaves the bearer unclear and
 * keeps its words. Each text is a preamble (no match) and one sentence. */
static const char *named_rules_text =
    "[t.ter]\n"
    "category = termination\n"
    "bears = user unless mutual or named\n"
    "severity = medium\n"
    "require = terminat | suspend\n"
    "pattern = \\bterminate\\s+(?:this\\s+agreement|your\\s+account)|\\bagreement\\s+may\\s+be\\s+terminated"
    "|\\bsuspend\\s+(?:the\\s+)?(?:service|access)\n"
    "explain = e\n"
    "match = We may terminate your account.\n"
    "nomatch = The account remains open.\n";

static void test_named_actor(void **state)
{
    (void)state;
    static const char *const two_names = "This Agreement is made between Acme Corp. (\"Acme\") "
                                         "and Beta LLC (\"Beta\"). ";
    static const char *const client = "This Agreement is made between Acme Corp. (\"Acme\") "
                                      "and Beta LLC (the \"Customer\"). ";
    static const char *const consumer = "These terms are between you and Lumen Labs (\"Lumen\", "
                                        "\"we\"). Payments are handled by Stripe, Inc. "
                                        "(\"Stripe\"). ";
    static const char *const parties = "Acme Corp. and Beta LLC (each a \"Party\") agree as "
                                       "follows. ";
    static const struct {
        const char *preamble, *text;
        fp_bearer want;
        const char *party; /* attribute "party", or NULL for none */
    } cases[] = {
        /* consumer terms keep their bearers */
        {"", "We may terminate your account at any time.", FP_BEARER_USER, NULL},
        {"", "You may terminate this Agreement by closing your account.", FP_BEARER_USER, NULL},
        {"", "Either party may terminate this Agreement on notice.", FP_BEARER_MUTUAL, NULL},
        {consumer, "Lumen may terminate your account if you break these terms.",
         FP_BEARER_USER, NULL},
        /* a name of no known side in terms that say "you" is a third party */
        {consumer, "Stripe may suspend the service for suspected fraud.", FP_BEARER_USER, NULL},
        /* the customer's power: the provider bears it */
        {"", "Customer may terminate this Agreement for convenience on thirty days' notice.",
         FP_BEARER_PROVIDER, NULL},
        {"", "Customer has the right to terminate this Agreement at any time.",
         FP_BEARER_PROVIDER, NULL},
        {"", "Customer may, by written notice to Supplier, terminate this Agreement.",
         FP_BEARER_PROVIDER, NULL},
        {"", "This Agreement may be terminated by Customer on ninety days' notice.",
         FP_BEARER_PROVIDER, NULL},
        {"", "The parties agree that Customer may terminate this Agreement for convenience.",
         FP_BEARER_PROVIDER, NULL},
        /* the provider's power, as before */
        {"", "Licensor, at its option, may terminate this Agreement.", FP_BEARER_USER, NULL},
        {"", "Supplier may, upon notice to Customer, terminate this Agreement.",
         FP_BEARER_USER, NULL},
        {"", "If Customer fails to pay any invoice, Supplier may suspend the service.",
         FP_BEARER_USER, NULL},
        /* not the actor: an "if" clause, a possessive, a duty, a
         * prohibition, another term ("End Customer") */
        {"", "If Customer fails to pay within thirty days, this Agreement may be terminated.",
         FP_BEARER_USER, NULL},
        {"", "Upon Customer's insolvency this Agreement may be terminated.", FP_BEARER_USER, NULL},
        {"", "Distributor shall terminate this Agreement on the sale of its business.",
         FP_BEARER_USER, NULL},
        {"", "Customer may not terminate this Agreement during the first year.",
         FP_BEARER_USER, NULL},
        {"", "Any End Customer may terminate this Agreement on notice.", FP_BEARER_USER, NULL},
        /* another subject's verb comes between the name and the match */
        {"", "Customer may assign its rights to an affiliate, provided that the committee "
             "shall terminate this Agreement on the assignment.", FP_BEARER_USER, NULL},
        /* names of both sides together, and a role either side takes */
        {"", "Supplier and Customer may each terminate this Agreement.", FP_BEARER_MUTUAL, NULL},
        {parties, "If the delay lasts sixty days, the other Party may terminate this Agreement.",
         FP_BEARER_MUTUAL, NULL},
        /* a name of no known side: unclear, and the report names it */
        {two_names, "Beta may terminate this Agreement on sixty days' notice.",
         FP_BEARER_UNKNOWN, "Beta"},
        {two_names, "This Agreement may be terminated by Acme on notice.", FP_BEARER_UNKNOWN,
         "Acme"},
        /* beside a defined Customer, the other name is the one that supplies */
        {client, "Acme may terminate this Agreement on sixty days' notice.", FP_BEARER_USER,
         NULL},
        {client, "Customer may terminate this Agreement on sixty days' notice.",
         FP_BEARER_PROVIDER, NULL},
    };
    fp_rules *rules = tu_rules(named_rules_text);
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(rules, NULL, &sc), FP_OK);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s%s", cases[i].preamble, cases[i].text);
        fp_result *res = NULL;
        assert_int_equal(fp_scan_memory(sc, "t", text, strlen(text), FP_FORMAT_TEXT, &res),
                         FP_OK);
        if (fp_result_finding_count(res) != 1)
            fail_msg("\"%s\": %zu findings", cases[i].text, fp_result_finding_count(res));
        const fp_finding *f = fp_result_finding(res, 0);
        const char *party = fp_finding_attr(f, "party");
        if (fp_finding_bearer(f) != cases[i].want)
            fail_msg("\"%s\": bearer %s, want %s", cases[i].text,
                     fp_bearer_name(fp_finding_bearer(f)), fp_bearer_name(cases[i].want));
        if (cases[i].party ? !party || strcmp(party, cases[i].party) : party != NULL)
            fail_msg("\"%s\": party %s, want %s", cases[i].text, party ? party : "(none)",
                     cases[i].party ? cases[i].party : "(none)");
        fp_result_free(res);
    }
    fp_scanner_free(sc);
    fp_rules_free(rules);
}

static void test_unless_mutual_spelling(void **state)
{
    (void)state;
    const char *rule = "[t.x]\ncategory = termination\nbears = %s\n"
                       "severity = low\nrequire = end\npattern = \\bend\\b\nexplain = e\n"
                       "match = The end.\nnomatch = Nothing.\n";
    const char *ok[] = {"user unless mutual", "counterparty or user unless mutual",
                        "user unless named", "user unless mutual or named"};
    /* "named" turns a fixed bearer only */
    const char *bad[] = {"user unless mutal", "unless mutual", "counterparty unless named",
                         "user unless mutual or namd"};
    char text[512], err[256];
    for (int i = 0; i < 4; i++) {
        fp_rules *rules = NULL;
        snprintf(text, sizeof text, rule, ok[i]);
        assert_int_equal(fp_rules_load_buffer("t.rules", text, strlen(text), 0, &rules, err,
                                              sizeof err), FP_OK);
        fp_rules_free(rules);
        snprintf(text, sizeof text, rule, bad[i]);
        assert_int_equal(fp_rules_load_buffer("t.rules", text, strlen(text), 0, &rules, err,
                                              sizeof err), FP_ERR_RULE_SYNTAX);
        assert_null(rules);
    }
}

/* A named party of unknown role keeps its words as attribute "party". */
static void test_unknown_role_keeps_the_name(void **state)
{
    (void)state;
    fp_rules *rules = NULL;
    assert_int_equal(fp_rules_load_builtin(0, &rules, NULL, 0), FP_OK);
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(rules, NULL, &sc), FP_OK);
    const char *text = "Bellicum shall defend and indemnify Miltenyi against any claim "
                       "arising from its failure to obtain a regulatory approval.";
    fp_result *res = NULL;
    assert_int_equal(fp_scan_memory(sc, "t", text, strlen(text), FP_FORMAT_TEXT, &res), FP_OK);
    assert_int_equal(fp_result_finding_count(res), 1);
    const fp_finding *f = fp_result_finding(res, 0);
    assert_int_equal(fp_finding_indemnitor(f), FP_BEARER_UNKNOWN);
    assert_string_equal(fp_finding_attr(f, "party"), "Bellicum");
    fp_buf who = {0};
    assert_int_equal(fp_finding_indemnity_phrase(f, &who), FP_OK);
    assert_string_equal(who.data, "Bellicum indemnifies the other party");
    fp_buf_free(&who);
    /* the phrase every report prints says the same */
    assert_int_equal(fp_finding_bearer_phrase(f, &who), FP_OK);
    assert_string_equal(who.data, "Bellicum indemnifies the other party");
    fp_buf_free(&who);
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_rules_free(rules);
}

/* One phrase for who bears a finding, shared by the text, HTML and SARIF
 * reports: both parties, a fixed side. */
static void test_bearer_phrase(void **state)
{
    (void)state;
    static const struct {
        const char *text, *rule, *phrase;
    } cases[] = {
        {"Either party may terminate this Agreement at any time for any reason.",
         "termination.mutual", "both parties bear it"},
        {"We may terminate your account at any time for any reason.",
         "termination.at_will", "user bears it"},
    };
    fp_rules *rules = NULL;
    assert_int_equal(fp_rules_load_builtin(0, &rules, NULL, 0), FP_OK);
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(rules, NULL, &sc), FP_OK);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        fp_result *res = NULL;
        assert_int_equal(fp_scan_memory(sc, "t", cases[c].text, strlen(cases[c].text),
                                        FP_FORMAT_TEXT, &res), FP_OK);
        const fp_finding *hit = NULL;
        for (size_t i = 0; i < fp_result_finding_count(res); i++)
            if (!strcmp(fp_rule_id(fp_finding_rule(fp_result_finding(res, i))), cases[c].rule))
                hit = fp_result_finding(res, i);
        assert_non_null(hit);
        fp_buf who = {0};
        assert_int_equal(fp_finding_bearer_phrase(hit, &who), FP_OK);
        assert_string_equal(who.data, cases[c].phrase);
        fp_buf_free(&who);
        fp_result_free(res);
    }
    fp_scanner_free(sc);
    fp_rules_free(rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defined_names_and_role_words),
        cmocka_unit_test(test_joint_phrases),
        cmocka_unit_test(test_defined_things_are_not_parties),
        cmocka_unit_test(test_parties_named_together),
        cmocka_unit_test(test_sides_from_the_parties),
        cmocka_unit_test(test_sides_across_the_document),
        cmocka_unit_test(test_sides_from_deeds),
        cmocka_unit_test(test_bodies_and_things),
        cmocka_unit_test(test_bearer_from_party_group),
        cmocka_unit_test(test_mutual_actor),
        cmocka_unit_test(test_named_actor),
        cmocka_unit_test(test_actor_runs_into_match),
        cmocka_unit_test(test_unknown_role_keeps_the_name),
        cmocka_unit_test(test_bearer_phrase),
        cmocka_unit_test(test_unless_mutual_spelling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
