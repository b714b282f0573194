/*
 * notify_store.h: SQL for residents' e-mail notifications (domain/notify.h):
 * the queue of events, each resident's choice and the unsubscribe tokens.
 */
#ifndef WR_NOTIFY_STORE_H
#define WR_NOTIFY_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct notify_event_row {
    int64_t id, created_at;
    const char *kind;   /* consultatie, bijeenkomst, spreekuur, verhaal, enquete */
    int64_t ref;        /* the item's id */
    const char *detail; /* "" or e.g. the consultation's phase */
    int64_t area_id;    /* the wijk; 0: none */
    int64_t region_id;  /* the region; 0: none (both 0: the whole city) */
    const char *topic;  /* NULL: every topic */
    const char *title;
    const char *path; /* the public page, "/..." */
    int64_t dispatched_at;
};

struct notify_pref_row {
    int64_t user_id;
    const char *mode; /* uit, direct, week */
    int64_t after_id, digest_at, changed_at;
};

/* Who gets a message: an account in use with a verified address. */
struct notify_recipient {
    int64_t user_id;
    const char *email;
    int64_t after_id;
};

/* Records e unless (kind, ref, detail) is there; *id the new row's id, 0 when
 * it was there. */
int notify_event_add(db *d, const struct notify_event_row *e, int64_t now, /* out: */ int64_t *id);
/* Events whose at-once mails are not queued yet, oldest first. */
int notify_events_pending(db *d, arena *a, size_t limit, /* out: */ struct notify_event_row **out,
                          size_t *n);
int notify_event_dispatched(db *d, int64_t id, int64_t now);
/* The newest event's id (0: none). */
int notify_last_event_id(db *d, /* out: */ int64_t *id);
/* Residents with mode who follow what event id is about (its wijk, or a wijk
 * of its region, or any wijk for the city; its topic or any topic when it
 * has none) and whose after_id is below it. */
int notify_recipients(db *d, arena *a, int64_t event_id, const char *mode,
                      /* out: */ struct notify_recipient **out, size_t *n);
/* Residents with the weekly digest whose last digest was before boundary. */
int notify_digest_due(db *d, arena *a, int64_t boundary, /* out: */ struct notify_recipient **out,
                      size_t *n);
/* Events after after_id up to last_id (inclusive) that user_id follows,
 * oldest first, at most limit. */
int notify_events_for(db *d, arena *a, int64_t user_id, int64_t after_id, int64_t last_id,
                      size_t limit, /* out: */ struct notify_event_row **out, size_t *n);

/* The resident's choice; DB_NOTFOUND when none was made. */
int notify_pref_get(db *d, arena *a, int64_t user_id, /* out: */ struct notify_pref_row *p);
/* Stores the choice mode at now: news after after_id counts, the digest
 * week starts at now. */
int notify_pref_set(db *d, int64_t user_id, const char *mode, int64_t after_id, int64_t now);
/* What was covered: after_id; digest_at when not 0. */
int notify_pref_advance(db *d, int64_t user_id, int64_t after_id, int64_t digest_at);

int notify_token_add(db *d, const char *token_hash, int64_t user_id, int64_t now);
/* Deletes the token of an account in use; its user in *user_id.
 * DB_NOTFOUND when there is no such token. */
int notify_token_take(db *d, const char *token_hash, /* out: */ int64_t *user_id);
/* Is there such a token of an account in use? DB_OK or DB_NOTFOUND. */
int notify_token_find(db *d, const char *token_hash);

/* Items whose public moment is a day: consultations with a phase starting,
 * and surveys opening, on a day from `from` to `today` (ISO dates). */
struct notify_dated_row {
    int64_t id, area_id, region_id;
    const char *title;
    const char *info_on, *ideas_on, *reactions_on, *choice_on, *result_on; /* consultations */
    const char *topic;                                                     /* NULL: none */
};
int notify_consultations_starting(db *d, arena *a, const char *from, const char *today,
                                  /* out: */ struct notify_dated_row **out, size_t *n);
int notify_surveys_opening(db *d, arena *a, const char *from, const char *today,
                           /* out: */ struct notify_dated_row **out, size_t *n);

#endif
