/*
 * public_signal_store.h: what the public may see of signals: open signals of
 * public categories, with their location rounded to about 10 metres, and
 * never a name, e-mail address, phone number, description, photo or message
 * to the reporter; never a sub-task.
 */
#ifndef WR_PUBLIC_SIGNAL_STORE_H
#define WR_PUBLIC_SIGNAL_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct public_signal {
    int64_t id, created_at;
    double lat, lon; /* rounded to 4 decimals (about 10 m) */
    const char *category, *main_category, *status, *wijk, *wijk_code;
    const char *explanation; /* the public explanation of its status, or NULL */
};

/* Open public signals, newest first; wijk_id / main_category_id 0: any;
 * keyset on (created_at, id). */
int public_signal_list(db *d, arena *a, int64_t wijk_id, int64_t main_category_id,
                       int64_t after_created, int64_t after_id, size_t limit,
                       /* out: */ struct public_signal **out, size_t *n);

/* Signals a visitor may follow (see public_signal_followable) of a
 * category within radius_m of a point received since `since` (for "is this
 * already reported?"), nearest first, at most limit. */
struct nearby_signal {
    int64_t id, created_at;
    double distance_m;
    const char *token, *status;
};
int public_signal_nearby(db *d, arena *a, int64_t category_id, double lat, double lon,
                         double radius_m, int64_t since, size_t limit,
                         /* out: */ struct nearby_signal **out, size_t *n);

/* May a visitor follow signal id: open, of a public category (the category
 * and its main category public and not confidential), not confidential, not
 * a sub task, not merged? 1 yes, 0 no, -1 on error. */
int public_signal_followable(db *d, int64_t id);

#endif
