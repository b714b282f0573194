/*
 * regie_store.h: the wijkregisseur's record of their own time (migration
 * 0030, regie_entry): directing or executing, per day, with hours when
 * known.
 */
#ifndef WR_REGIE_STORE_H
#define WR_REGIE_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct regie_entry_row {
    int64_t id, user_id, region_id;
    const char *worked_on, *kind, *description;
    bool has_hours;
    double hours;
};

int regie_entry_insert(db *d, const struct regie_entry_row *e, int64_t now, /* out: */ int64_t *id);
/* Deletes the entry when it is user_id's own: DB_NOTFOUND otherwise. */
int regie_entry_delete(db *d, int64_t id, int64_t user_id);
/* user_id's entries from from_date to to_date (inclusive), newest first. */
int regie_entries(db *d, arena *a, int64_t user_id, const char *from_date, const char *to_date,
                  /* out: */ struct regie_entry_row **out, size_t *n);

/* Per region (0: none recorded) the hours and entries of each kind. */
struct regie_sum_row {
    int64_t region_id;
    const char *region;
    double regie_hours, uitvoering_hours;
    int64_t regie_entries, uitvoering_entries, regisseurs;
};
int regie_sums(db *d, arena *a, const char *from_date, const char *to_date,
               /* out: */ struct regie_sum_row **out, size_t *n);

#endif
