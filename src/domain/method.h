/*
 * method.h: the menu of participation methods for colleagues: what a method
 * is and is good for, its effort, cost, reach and accessibility, where in
 * Zoetermeer it was used and which colleague to ask, and stories of its
 * use. Colleagues find a method by goal, group reached and effort; staff
 * who run participation (policy.c, ACT_METHODS_EDIT) add and change them.
 *
 * Every installation starts with general descriptions of common methods
 * (data/zoetermeer/methoden.json, loaded by init, never overwriting a
 * colleague's changes); a demo adds where they were used and whom to ask.
 */
#ifndef WR_METHOD_H
#define WR_METHOD_H

#include "store/db.h"
#include "store/method_store.h"

#include <stddef.h>
#include <stdint.h>

/* A code with its Dutch label (a msgid). */
struct method_code {
    const char *code, *label;
};
extern const struct method_code method_goals[];
extern const size_t method_ngoals;
extern const struct method_code method_groups[];
extern const size_t method_ngroups;
extern const struct method_code method_efforts[];
extern const size_t method_nefforts;
extern const struct method_code method_costs[];
extern const size_t method_ncosts;

/* The label of code in list (NULL when unknown). */
const char *method_label(const struct method_code *list, size_t n, const char *code);

#define METHOD_MAX_CODES 16

/* What a colleague typed or chose. */
struct method_input {
    const char *name, *summary, *good_for, *effort, *cost, *reach, *accessibility, *used_where,
        *contact, *stories;
    const char *goals[METHOD_MAX_CODES];
    size_t ngoals;
    const char *groups[METHOD_MAX_CODES];
    size_t ngroups;
};

/* A problem with one field: the field's name and a Dutch msgid. */
struct method_problem {
    const char *field, *msgid;
};
#define METHOD_MAX_PROBLEMS 8

/* Checks the input; returns the number of problems written to out. */
size_t method_validate(const struct method_input *in, struct method_problem *out);

/* A new method (validated first; within the caller's write transaction).
 * DB_CONSTRAINT when a method with (nearly) the same name exists. */
int method_create(db *d, const struct method_input *in, int64_t user_id, int64_t now,
                  /* out: */ int64_t *id);
/* Changes method id (its slug stays). DB_NOTFOUND when there is none. */
int method_change(db *d, int64_t id, const struct method_input *in, int64_t user_id, int64_t now);

/* Loads the general descriptions (and with demo the demo's usage and
 * contacts) from the data file's text; a method already there is left as
 * it is. Within the caller's write transaction; 0 or -1 with err set. */
int method_seed(db *d, const char *text, size_t len, int demo, char *err, size_t errlen);

#endif
