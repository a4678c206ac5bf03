/* atoms.h - necessary conditions derived from a rule's pattern ("atoms",
 * as in yara and RE2's prefilter).
 *
 * At load, a conservative parser reads each pattern's source and derives a
 * condition that every subject the pattern can match satisfies: an AND/OR
 * formula over lower-case literals, e.g. for "terminate ... account ...
 * without notice": OR(terminate, suspend, ...) AND OR(account, access, ...)
 * AND OR(at any time, without notice, ...). The prefilter's one
 * Aho-Corasick pass finds every atom, and the scanner runs a rule's PCRE2
 * code only where its condition holds. Anything the parser does not model
 * (negative lookaround, optional parts, wide classes, backreferences)
 * contributes no constraint, and syntax it does not know drops the whole
 * condition, so a condition never rejects a subject the pattern matches,
 * given the two facts about the text that fp_atoms_text_ok checks. */
#ifndef FP_ATOMS_H
#define FP_ATOMS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The atoms of a rule set, each stored once; an atom's id is its index. */
typedef struct fp_atomtab {
    fp_strlist atoms;
    uint32_t *slots; /* open addressing: id + 1, 0 = empty */
    size_t nslots;
} fp_atomtab;

enum { FP_COND_ATOM = 0, FP_COND_AND, FP_COND_OR };

/* One node of a condition in preorder. For ATOM, arg is the atom id; for
 * AND and OR, the index just past the node's subtree (its children are the
 * subtrees from the next index up to there). */
typedef struct fp_cnode {
    uint32_t op;
    uint32_t arg;
} fp_cnode;

/* A condition; count 0 means none (the pattern may match anywhere). */
typedef struct fp_cond {
    fp_cnode *nodes;
    size_t count;
} fp_cond;

/* Derive the condition of a pattern (compiled caseless, UTF, not
 * extended), adding its atoms to tab. Only FP_ERR_NOMEM fails. */
fp_status fp_atoms_derive(const char *pattern, fp_atomtab *tab, fp_cond *out);

/* The same with atoms of any length (cut at 64 bytes rather than 16, and
 * short words such as "by" kept): conditions that say more, for checking a
 * list of literals against the pattern. Not for prefiltering: short atoms
 * admit every sentence, and long ones make the automaton big. */
fp_status fp_atoms_derive_whole(const char *pattern, fp_atomtab *tab, fp_cond *out);

/* Re-number the atoms of c, derived with table `from`, as atoms of table
 * `to`, adding those it lacks in the order c names them (preorder): the
 * ids are then those fp_atoms_derive would have given with `to`. So rules
 * can be derived each with its own table, in parallel, and merged in rule
 * order. Only FP_ERR_NOMEM fails (c is then partly renumbered). */
fp_status fp_cond_move_atoms(fp_cond *c, const fp_atomtab *from, fp_atomtab *to);

/* Does the condition hold when the atoms present are the set bits? */
int fp_cond_holds(const fp_cond *c, const uint64_t *bits);

/* Does the condition prove that a subject it admits holds at least one of
 * the literals (lower case)? 1 yes; 0 when it cannot tell (e.g. with no
 * condition), and then, if witness is not NULL, the part of the condition
 * one can satisfy without the literals is written there as text; -1 out of
 * memory. Checks a rule's hand-written `require` list against its pattern. */
int fp_cond_implies_any(const fp_cond *c, const fp_atomtab *tab,
                        const fp_strlist *lits, fp_buf *witness);

/* The condition as text, for tests and debugging: AND(..), OR(..), atoms
 * in double quotes; "TRUE" when there is none. OR members are sorted. */
fp_status fp_cond_format(const fp_cond *c, const fp_atomtab *tab, fp_buf *out);

void fp_cond_free(fp_cond *c);
void fp_atomtab_free(fp_atomtab *tab);

/* Does normalised text keep the promises the conditions rely on? White
 * space is single spaces and one '\n' after each paragraph (so inside a
 * subject \s and \s+ match exactly " "), and ASCII lower-casing is all the
 * folding a caseless match needs: no U+017F LONG S or U+212A KELVIN SIGN,
 * which PCRE2 matches caselessly to 's' and 'k'. `paragraphs` is the
 * number of '\n' expected. When this says no, run rules without atoms. */
int fp_atoms_text_ok(const char *text, size_t n, size_t paragraphs);

#endif
