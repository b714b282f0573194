/*
 * spreekuur_store.h: questions of the digital wijkspreekuur, the counter's
 * reply addresses and the wethouders' delegations
 * (migrations/0031_spreekuur.sql). The rules are in domain/spreekuur.c.
 */
#ifndef WR_SPREEKUUR_STORE_H
#define WR_SPREEKUUR_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spreekuur_row {
    int64_t id, wijk_id;
    const char *channel, *age_band, *participant;
    int64_t created_at, asked_by, entered_by;
    bool public;
    const char *question, *reply_by;
    int64_t due_at;
    const char *answer; /* NULL: not yet */
    int64_t answered_at, answered_by, handed_at;
    const char *wijk_name, *wijk_slug, *asker_name, *answerer_name;
    const char *email; /* the counter's reply address; NULL: none or erased */
    const char *topic; /* NULL: none */
};

/* Questions, newest first. wijk_id 0: every wijk; public_only. */
int spreekuur_list(db *d, arena *a, int64_t wijk_id, bool public_only, size_t limit,
                   /* out: */ struct spreekuur_row **out, size_t *n);
int spreekuur_get(db *d, arena *a, int64_t id, /* out: */ struct spreekuur_row *q);
int spreekuur_insert(db *d, const struct spreekuur_row *q, /* out: */ int64_t *id);
int spreekuur_contact_insert(db *d, int64_t id, const char *email);
int spreekuur_contact_erase(db *d, int64_t id);
int spreekuur_set_answer(db *d, int64_t id, const char *answer, int64_t user_id, int64_t now);
int spreekuur_set_handed(db *d, int64_t id, int64_t now);

int spreekuur_delegate_add(db *d, int64_t wethouder_id, int64_t user_id, int64_t now);
int spreekuur_delegate_remove(db *d, int64_t wethouder_id, int64_t user_id);
/* The wethouders who delegated to user_id. */
int spreekuur_delegators(db *d, arena *a, int64_t user_id, /* out: */ int **out, size_t *n);
/* The delegates of a wethouder (user ids). */
int spreekuur_delegates(db *d, arena *a, int64_t wethouder_id, /* out: */ int **out, size_t *n);

#endif
