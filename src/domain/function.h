/*
 * function.h: the public functions of a wijk or a region (wijkregisseur,
 * wijkwethouder, wijkagent, ...) and the administrator's rules for who
 * holds them when.
 *
 * A period is typed as people write dates: a first day and, optionally, a
 * last day ("15-04-2025" or "2025-04-15"; calendar.h). The store keeps the
 * day after the last day as the exclusive end. A wijkregisseur and a
 * wijkwethouder have one holder at a time: a new holder ends the period of
 * the one before on the new first day. Every change is written and audited
 * in one transaction; the audit holds the function, the holder's name
 * (public anyway), the place and the dates, nothing more.
 */
#ifndef WR_FUNCTION_H
#define WR_FUNCTION_H

#include "domain/calendar.h"
#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FUNCTION_PERSON_MAX 100 /* characters of a name */

struct function_kind {
    const char *code;  /* as stored */
    const char *label; /* Dutch msgid */
    bool single;       /* one holder at a time per place */
};

/* The functions in the order pages show them; terminated by a NULL code. */
extern const struct function_kind function_kinds[];
/* The kind of a code, or NULL when it is none. */
const struct function_kind *function_kind(const char *code);

/* What the form holds. */
struct function_input {
    const char *function, *person, *first_day, *last_day;
};

/* A Dutch msgid per field that is wrong, NULL where the field is fine. */
struct function_problems {
    const char *function, *person, *first_day, *last_day;
};

enum function_result {
    FUNCTION_OK = 0,
    FUNCTION_INVALID, /* see the problems */
    FUNCTION_NOT_FOUND,
    FUNCTION_ERROR,
};

/*
 * Checks the form without the database. On success the first day goes to
 * from and the day after the last day to to ("" when there is none).
 * Returns true when every field is fine.
 */
bool function_check(const struct function_input *in, /* out: */ char from[static CAL_DATE_LEN],
                    char to[static CAL_DATE_LEN], struct function_problems *p);

/* Gives a person a function for a region (area_id 0) or a wijk (region_id
 * 0); actor NULL is the operator. */
enum function_result function_add(db *d, arena *a, const struct user *actor, int64_t region_id,
                                  int64_t area_id, const struct function_input *in,
                                  /* out: */ struct function_problems *p, int64_t *id);

/* Ends period id on the typed last day (inclusive); *problem is a msgid
 * when FUNCTION_INVALID. */
enum function_result function_end(db *d, arena *a, const struct user *actor, int64_t id,
                                  const char *last_day, /* out: */ const char **problem);

/* The typed last day of an exclusive end "YYYY-MM-DD" (the day before), as
 * "DD-MM-YYYY"; a first day likewise with days 0. "" when s is not a date. */
void function_format_day(const char *iso, int days, /* out: */ char out[static CAL_DATE_LEN]);

#endif
