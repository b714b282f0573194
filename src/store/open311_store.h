/*
 * open311_store.h: what the Open311 GeoReport v2 API reads from the
 * database: the services (public sub categories) and the public view of
 * requests (signals) and their updates.
 *
 * The public rules hold in every query here, not in the caller: only
 * signals of public, not confidential categories, never one whose intake
 * was the care network's, never a task split off by staff, never an entry
 * that is confidential; a signal the care network holds now answers with
 * its last public state (see open311_store.c); locations rounded to 4
 * decimals (about 10 m); no column of signal_contact is ever read; no text a
 * person typed is published: the address is the wijk's name, and of the
 * handling only the public updates (status changes and merges, with their
 * public explanation: the view signal_public_update, migration 0012) are
 * read, never a message to the reporter or an internal note.
 */
#ifndef WR_OPEN311_STORE_H
#define WR_OPEN311_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
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
    const char *status, *main_slug, *slug, *category_name, *agency, *media_url, *channel,
        *channel_detail;
    const char *address;      /* the wijk's name, NULL without a wijk */
    const char *status_notes; /* public explanation; "" none given; NULL no update yet */
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

/* Public updates of public requests: the changes after creation that the
 * world may read (status changes and merges), with the status each led to
 * and its public explanation in text (NULL: none given). Those with at in
 * [from, to]: oldest first, or the most recent first (newest_first); at most
 * limit after skipping offset; *more tells whether more follow. */
struct o311_update {
    int64_t id, request_id, at;
    const char *kind, *status, *text;
};
int o311_updates(db *d, arena *a, int64_t from, int64_t to, bool newest_first, size_t limit,
                 size_t offset, /* out: */ struct o311_update **out, size_t *n, bool *more);
/* The public history of one request (extensions=true): its creation (kind
 * "created", text NULL), then its public updates, oldest first. */
int o311_notes(db *d, arena *a, int64_t id, /* out: */ struct o311_update **out, size_t *n);

#endif
