/*
 * open311_store.h: what the Open311 GeoReport v2 API reads from the
 * database: the services (public sub categories) and the public view of
 * requests (signals) and their updates.
 *
 * The public rules hold in every query here, not in the caller: only
 * signals of public, not confidential categories, never one whose intake
 * was the care network's, never a task split off by staff, never an entry
 * (answer, note, message) that is confidential; a signal the care network
 * holds now answers with its last public state (see open311_store.c);
 * locations rounded to 4 decimals (about 10 m); no column of signal_contact
 * is ever read.
 */
#ifndef WR_OPEN311_STORE_H
#define WR_OPEN311_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct o311_service {
    int64_t id;
    const char *main_slug, *slug, *name, *description, *group;
    int nquestions;
};

/* The active public sub categories, in the order of the report form. */
int o311_services(db *d, arena *a, /* out: */ struct o311_service **out, size_t *n);

struct o311_request {
    int64_t id, category_id, created_at, updated_at, deadline_at;
    const char *status, *main_slug, *slug, *category_name, *agency, *address, *media_url,
        *status_notes, *channel, *channel_detail;
    int closed, location_known;
    double lat, lon; /* rounded; only when location_known */
};

/* Filters of a request list. A list of ids (ids != NULL) overrides all but
 * the paging. Otherwise: created_at in [from, to] and, when by_updated,
 * updated_at in [upd_from, upd_to] (the list is then ordered by the last
 * change instead of by receipt, newest first). */
struct o311_filter {
    const int64_t *ids;
    size_t nids;
    const int64_t *category_ids; /* NULL: any */
    size_t ncategories;
    int64_t from, to;
    int by_updated;
    int64_t upd_from, upd_to;
    int status; /* 0 any, 1 open, 2 closed */
    size_t limit, offset;
};

int o311_requests(db *d, arena *a, const struct o311_filter *f,
                  /* out: */ struct o311_request **out, size_t *n);
/* One public request; DB_NOTFOUND when there is none or it is not public. */
int o311_request_get(db *d, arena *a, int64_t id, /* out: */ struct o311_request *r);
/* The id of the public request with this status token; DB_NOTFOUND else. */
int o311_request_by_token(db *d, const char *token, /* out: */ int64_t *id);

/* The answers given at creation with their question's datatype (NULL when
 * the question is gone). */
struct o311_answer {
    const char *code, *value, *datatype;
};
int o311_answers(db *d, arena *a, int64_t id, /* out: */ struct o311_answer **out, size_t *n);

/* Public events (messages to the resident and status changes) of public
 * requests with at in [from, to], oldest first. status is the status the
 * request had after the event. */
struct o311_update {
    int64_t id, request_id, at;
    const char *kind, *status, *text;
};
int o311_updates(db *d, arena *a, int64_t from, int64_t to, size_t limit, size_t offset,
                 /* out: */ struct o311_update **out, size_t *n);

#endif
