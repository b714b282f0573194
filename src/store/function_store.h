/*
 * function_store.h: who holds which public function (wijkregisseur,
 * wijkwethouder, wijkagent, ...) for a region or for one wijk, over time.
 * A period runs from valid_from up to, not including, valid_to (NULL:
 * open-ended); dates are YYYY-MM-DD. The rules about what may be written
 * are in domain/function.c.
 */
#ifndef WR_FUNCTION_STORE_H
#define WR_FUNCTION_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct function_holder {
    int64_t id;
    const char *function;              /* a code of domain/function.h */
    const char *person;                /* the public name */
    int64_t region_id, area_id;        /* exactly one is non-zero */
    const char *valid_from, *valid_to; /* valid_to NULL: open-ended */
};

/* Every period of one region (area_id 0) or one wijk (region_id 0), the
 * latest first within each function. */
int function_list_scope(db *d, arena *a, int64_t region_id, int64_t area_id,
                        /* out: */ struct function_holder **out, size_t *n);
/* The periods valid on `on` anywhere, for the overview. */
int function_list_current(db *d, arena *a, const char *on,
                          /* out: */ struct function_holder **out, size_t *n);
/* The periods valid on `on` for a wijk: its own and its region's
 * (region_id 0: none), the wijk's own first within each function. */
int function_list_for_wijk(db *d, arena *a, int64_t area_id, int64_t region_id, const char *on,
                           /* out: */ struct function_holder **out, size_t *n);
int function_get(db *d, arena *a, int64_t id, /* out: */ struct function_holder *h);

/* The id of the person called name, created when new (not fictional). */
int function_person_ensure(db *d, const char *name, /* out: */ int64_t *id);
/* A new period; DB_CONSTRAINT when the same person already starts the
 * same function there on the same day. */
int function_insert(db *d, int64_t person_id, const char *function, int64_t region_id,
                    int64_t area_id, const char *from, const char *to, /* out: */ int64_t *id);
/* Sets the end (exclusive) of a period. */
int function_set_end(db *d, int64_t id, const char *to);

#endif
