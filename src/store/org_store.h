/*
 * org_store.h: departments, the care network, partner organisations, people
 * in public functions, and the inserts that init uses to load reference data.
 */
#ifndef WR_ORG_STORE_H
#define WR_ORG_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct organisation {
    int64_t id;
    const char *kind, *code, *name, *type, *description, *email, *phone, *website;
};

/* kind NULL: all; ordered by kind then name. */
int org_list(db *d, arena *a, const char *kind, /* out: */ struct organisation **out, size_t *n);
/* Id of the organisation with this code or name; 0 when absent. */
int64_t org_id_by_code(db *d, const char *code_or_name);
/* Insert or update by name (idempotent). */
int org_upsert(db *d, const char *kind, const char *code, const char *name, const char *type,
               const char *description, /* out: */ int64_t *id);

int64_t region_id_by_slug(db *d, const char *slug);
int region_upsert(db *d, const char *slug, const char *name, const char *valid_from,
                  /* out: */ int64_t *id);
int64_t area_id_by_code(db *d, const char *kind, const char *code, int year);
int area_upsert(db *d, const char *kind, const char *code, const char *name, int year,
                int64_t parent_id, const char *geometry, double label_lat, double label_lon,
                const char *slug, const char *valid_from, /* out: */ int64_t *id);
int population_upsert(db *d, int64_t area_id, const char *date, int64_t inhabitants,
                      int64_t households, int64_t men, int64_t women, int64_t density,
                      const char *source);
/* Assigns when the wijk has no assignment yet (idempotent). */
int area_region_ensure(db *d, int64_t area_id, int64_t region_id, const char *from);
int person_upsert(db *d, const char *name, int fictional, /* out: */ int64_t *id);
int person_function_ensure(db *d, int64_t person_id, const char *function, int64_t region_id,
                           const char *from);
int focuspunt_upsert(db *d, int number, const char *title, const char *period_start,
                     const char *period_end, const char *status, const char *source, int demo,
                     /* out: */ int64_t *id);
int focuspunt_area_ensure(db *d, int64_t focuspunt_id, int64_t area_id);
int municipality_upsert(db *d, const char *code, const char *name, const char *jurisdiction);

#endif
