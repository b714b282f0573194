/*
 * public_signal_store.h: what the public may see of signals: open signals of
 * public categories, with their location rounded to about 10 metres, and
 * never a name, e-mail address, phone number, description or photo.
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
};

/* Open public signals, newest first; wijk_id / main_category_id 0: any;
 * keyset on (created_at, id). */
int public_signal_list(db *d, arena *a, int64_t wijk_id, int64_t main_category_id,
                       int64_t after_created, int64_t after_id, size_t limit,
                       /* out: */ struct public_signal **out, size_t *n);

#endif
