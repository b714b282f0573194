/*
 * signal_change_store.h: changes to a signal beyond status and owner:
 * merging a duplicate into another signal and placing its point.
 */
#ifndef WR_SIGNAL_CHANGE_STORE_H
#define WR_SIGNAL_CHANGE_STORE_H

#include "store/db.h"

#include <stdint.h>

struct signal_address; /* store/signal_store.h */

/* Marks id as merged into `into`, closes it (geannuleerd) and lets its
 * reporters follow `into` (their contact rows are copied). */
int signal_store_merge(db *d, int64_t id, int64_t into, int64_t now);
/* Sets the point and its wijk (0: unknown). */
/* A new place; addr is the address found for it (NULL: none, cleared). */
int signal_store_place(db *d, int64_t id, double lat, double lon, int64_t wijk_id,
                       const struct signal_address *addr, int64_t now);

#endif
