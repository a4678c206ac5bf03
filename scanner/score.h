/* score.h - the clarity model behind fp_score (see docs/scoring.md). */
#ifndef FP_SCORE_H
#define FP_SCORE_H

#include "fineprint.h"
#include "party.h"
#include "readability.h"
#include "result.h"

typedef struct fp_score_item {
    fp_subscore sub;
    double points;
    size_t finding, para; /* FP_NONE when not about one */
    char section[FP_LABEL_MAX * 2];
    char *reason;
} fp_score_item;

typedef struct fp_score_note {
    size_t finding;
    char *hard, *plain;
} fp_score_note;

struct fp_score {
    char grade;
    double value;
    double sub[FP_SUB__COUNT];
    char *explain[FP_SUB__COUNT];
    fp_readability read;
    fp_score_item *items;
    size_t nitems, capitems;
    fp_score_note *notes;
    size_t nnotes;
};

/* Score a matched document (d segmented, res's findings sorted) and store
 * the result in res->score. The rule set tells which core categories can be
 * assessed at all (NULL: only those with findings). */
fp_status fp_score_document(fp_result *res, const fp_doc *d, const fp_rules *rules,
                            const fp_parties *parties);

void fp_score_free(fp_score *s);

/* The grade for a clarity value: A >= 80, B >= 65, C >= 50, D >= 35, E. */
char fp_grade_for(double value);

#endif
