/*
 * meeting_store.h: public meetings, their registrations (acts of
 * participation) and the registrants' contact details
 * (migrations/0030_meetings.sql). The rules are in domain/meeting.c.
 */
#ifndef WR_MEETING_STORE_H
#define WR_MEETING_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct meeting_row {
    int64_t id, area_id;
    const char *kind, *title, *place, *agenda;
    int64_t starts_at, ends_at;
    bool accessible;
    int capacity;
    const char *summary; /* NULL: none yet */
    int64_t summary_at, erased_at, created_at, updated_at;
    int cancellations;
    const char *wijk_name, *wijk_slug;
    int registered, waiting, attended; /* counts */
    const char *topic;                 /* NULL: none */
};

/* Meetings ordered by start. area_id 0: every wijk. from/to (0: open):
 * starts_at >= from and < to. newest_first: the latest first. */
struct meeting_filter {
    int64_t area_id;
    int64_t from, to;
    bool newest_first;
};
int meeting_list(db *d, arena *a, const struct meeting_filter *f, size_t limit,
                 /* out: */ struct meeting_row **out, size_t *n);
int meeting_get(db *d, arena *a, int64_t id, /* out: */ struct meeting_row *m);
int meeting_insert(db *d, const struct meeting_row *m, int64_t user_id, int64_t now,
                   /* out: */ int64_t *id);
int meeting_update(db *d, const struct meeting_row *m, int64_t user_id, int64_t now);
int meeting_set_summary(db *d, int64_t id, const char *summary, int64_t user_id, int64_t now);
int meeting_count_cancellation(db *d, int64_t id);

/* A registration with its contact details (NULL once erased, or for an
 * attendance entered by staff). */
struct meeting_reg_row {
    int64_t id, meeting_id, wijk_id;
    const char *channel, *age_band, *participant, *status;
    int64_t created_at, promoted_at;
    const char *name, *email; /* NULL: none or erased */
    bool resident;
};
int meeting_reg_insert(db *d, const struct meeting_reg_row *r, /* out: */ int64_t *id);
int meeting_contact_insert(db *d, int64_t reg_id, const char *name, const char *email,
                           bool resident, const char *cancel_hash);
/* The registrations of a meeting in order (registered, waiting, present;
 * each by id). */
int meeting_regs(db *d, arena *a, int64_t meeting_id, /* out: */ struct meeting_reg_row **out,
                 size_t *n);
int meeting_reg_count(db *d, int64_t meeting_id, const char *status, /* out: */ int *n);
/* The registration (not a presence) of participant at a meeting. */
int meeting_reg_of(db *d, arena *a, int64_t meeting_id, const char *participant,
                   /* out: */ struct meeting_reg_row *r);
/* The registration whose cancel token has this keyed hash. */
int meeting_reg_by_cancel(db *d, arena *a, const char *cancel_hash,
                          /* out: */ struct meeting_reg_row *r);
/* The first on the waiting list; DB_NOTFOUND when it is empty. */
int meeting_reg_first_waiting(db *d, arena *a, int64_t meeting_id,
                              /* out: */ struct meeting_reg_row *r);
/* Registrations (a place or on the waiting list) made with an address typed
 * in the form (not a resident's account) at or before created_before, for
 * meetings that have not begun at now; by meeting, then in order. */
int meeting_regs_typed_before(db *d, arena *a, int64_t created_before, int64_t now,
                              /* out: */ struct meeting_reg_row **out, size_t *n);
/* The place (1, 2, ...) of a waiting registration on its list. */
int meeting_reg_waiting_place(db *d, int64_t meeting_id, int64_t reg_id, /* out: */ int *place);
int meeting_reg_promote(db *d, int64_t reg_id, int64_t now);
int meeting_reg_delete(db *d, int64_t reg_id);

/* Meetings that ended before `ended_before` whose contacts are not erased. */
int meeting_unerased(db *d, arena *a, int64_t ended_before, /* out: */ struct meeting_row **out,
                     size_t *n);
/* Erases the names and e-mail addresses of a meeting's registrations. */
int meeting_erase_contacts(db *d, int64_t id, int64_t now, /* out: */ int *erased);

#endif
