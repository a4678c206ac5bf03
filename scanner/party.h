/* party.h - who is who: "we"/"you", defined terms ("Customer", "the
 * Company"), "each party". Built once per document. */
#ifndef FP_PARTY_H
#define FP_PARTY_H

#include "doc.h"

#define FP_MAX_PARTY_NAMES 32

typedef struct fp_party_name {
    char name[48]; /* as defined, e.g. "Customer", "OpenAI" */
    fp_bearer role;
    size_t at;     /* where it is first defined in the text */
    int fixed;     /* the role comes from a pronoun ("we", "you") */
} fp_party_name;

typedef struct fp_parties {
    fp_party_name names[FP_MAX_PARTY_NAMES];
    size_t count;
    int spoken; /* a party is defined by a pronoun ("Acme", "we"), or the
                 * text addresses its reader as "you" all through */
} fp_parties;

/* Find defined party terms in the document: ("Customer"), (the "Company"),
 * ("OpenAI", "we", "us"). Capitalised role words ("Provider") need no
 * definition. A "Company" defined next to a party that performs for it
 * (a "Consultant", a "Contractor", a "Licensor") is the user. In a contract,
 * a name of no telling role ("Acme") takes the side its deeds over the
 * document clearly lean to (it pays: the user; it supplies, invoices or
 * licenses: the provider). */
void fp_parties_find(const fp_doc *d, fp_parties *out);

/* The role of the first party named in text[start, end): a pronoun, a
 * defined term, or a generic word ("each party", "third party"). Returns
 * FP_BEARER_UNKNOWN when no party is named. */
fp_bearer fp_party_first(const fp_parties *p, const char *text, size_t start,
                         size_t end);

/* The parties named together in text[start, end), the subject of a clause:
 * mutual when both sides are named ("Provider and Customer each", "either
 * party"), else the side named (third parties only when no side is). */
fp_bearer fp_party_joint(const fp_parties *p, const char *text, size_t start,
                         size_t end);

/* The party acting in the clause text[start, end) of the sentence
 * [sent_start, sent_end): the last one named before it in the same clause
 * (back to the sentence start, a ';' or a ':'), a phrase that runs into it
 * included ("A party| will not ..."); else the agent of a passive, "by
 * either party", in it or just after it. FP_BEARER_UNKNOWN when neither. */
fp_bearer fp_party_actor(const fp_parties *p, const char *text, size_t sent_start,
                         size_t start, size_t end, size_t sent_end);

/* The party that holds the power of the clause text[start, end), when it
 * is a name ("Customer", "Supplier", a defined "ADAMS GOLF"), not a
 * pronoun: the last party before the match in its clause that is the
 * subject of a verb of power ("Customer may", "Licensor, at its option,
 * shall have the right"), not a possessive ("Customer's account"), an
 * object ("notice to Customer") or the subject of a subordinate clause
 * ("if Customer fails to pay"); else the agent of a passive just after it
 * ("may be terminated by Customer"). Returns 1 with its side (user,
 * provider, mutual when names of both sides act together, unknown when the
 * name has no known side) and its words text[*at, *to); 0 when the actor
 * is a pronoun or not found, or is a name of no known side in terms that
 * speak as "we" and "you". */
int fp_party_named_actor(const fp_parties *p, const char *text, size_t sent_start,
                         size_t start, size_t end, size_t sent_end, fp_bearer *side,
                         size_t *at, size_t *to);

/* The other side: user <-> provider; mutual and unknown stay. */
fp_bearer fp_party_counter(fp_bearer b);

#endif
