/*
 * resident_store.h: SQL for residents' accounts (domain/resident.h), their
 * interests and their login links.
 */
#ifndef WR_RESIDENT_STORE_H
#define WR_RESIDENT_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct resident_row {
    int64_t user_id;
    const char *login, *name;
    const char *email;     /* NULL once erased */
    int64_t area_id;       /* 0: none */
    const char *wijk_slug; /* NULL: none */
    const char *wijk_name;
    const char *age_band;                                                  /* NULL: not given */
    int64_t created_at, verified_at, last_active_at, warned_at, erased_at; /* 0: not */
    int64_t wijk_changed_at; /* the last change of wijk after sign-up; 0: none */
};

struct resident_interest_row {
    int64_t area_id;
    const char *wijk_slug, *wijk_name;
    const char *topic;
};

int resident_row_by_key(db *d, arena *a, const char *email_key, /* out: */ struct resident_row *r);
int resident_row_by_id(db *d, arena *a, int64_t user_id, /* out: */ struct resident_row *r);
/* In the caller's write transaction: the user row (no password), its role
 * bewoner and the resident row. */
int resident_insert(db *d, const char *login, const char *name, const char *email,
                    const char *email_key, int64_t area_id, const char *age_band, int64_t now,
                    /* out: */ int64_t *user_id);
/* Name, wijk and age band; a wijk other than the one stored dates wijk_changed_at at now. */
int resident_update(db *d, int64_t user_id, const char *name, int64_t area_id, const char *age_band,
                    int64_t now);
int resident_interests(db *d, arena *a, int64_t user_id,
                       /* out: */ struct resident_interest_row **out, size_t *n);
int resident_interests_clear(db *d, int64_t user_id);
int resident_interest_add(db *d, int64_t user_id, int64_t area_id, const char *topic);
/* A login: verified (first time), active now, any warning forgotten. */
int resident_touch(db *d, int64_t user_id, int64_t now);
/* Erases everything personal at once (the tombstone stays): e-mail, its
 * key, wijk, age band, interests, links, the name; disables the user and
 * ends its sessions; drops and erases its e-mail in the outbox (every
 * message queued or held for its address, whatever the kind, and its
 * resident_* messages in any state) and its meetings' contact rows. */
int resident_erase(db *d, int64_t user_id, int64_t now);

int resident_link_insert(db *d, const char *token_hash, int64_t user_id, int64_t now);
/* The user of an unused link made after since; DB_NOTFOUND otherwise. */
int resident_link_find(db *d, const char *token_hash, int64_t since, /* out: */ int64_t *user_id);
/* Marks the link used at now when it is unused and made after since; its
 * user in *user_id. DB_NOTFOUND when it is not (used, expired, unknown). */
int resident_link_use(db *d, const char *token_hash, int64_t since, int64_t now,
                      /* out: */ int64_t *user_id);
/* Deletes links made at or before before (used or not). */
int resident_link_prune(db *d, int64_t before, /* out: */ int *out_deleted);

/* Retention: accounts in use, verified, last active at or before
 * active_before and not warned yet. */
int resident_rows_to_warn(db *d, arena *a, int64_t active_before,
                          /* out: */ struct resident_row **out, size_t *n);
int resident_mark_warned(db *d, int64_t user_id, int64_t now);
/* Accounts to erase: warned at or before warned_before and last active at
 * or before active_before; and sign-ups never verified, made at or before
 * unverified_before. Their ids. */
int resident_ids_to_erase(db *d, arena *a, int64_t active_before, int64_t warned_before,
                          int64_t unverified_before, /* out: */ int **out, size_t *n);

#endif
