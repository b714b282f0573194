/*
 * signal_change.h: merging duplicates (which Signalen lacks) and placing a
 * signal that arrived without a point ("locatie onbekend").
 */
#ifndef WR_SIGNAL_CHANGE_H
#define WR_SIGNAL_CHANGE_H

#include "domain/signal.h"

/* Merges signal id into `into`: the duplicate is closed with a reference to
 * the surviving signal, its reporters follow that one and are told so. The
 * user must be able to handle both; neither may be merged already, and
 * `into` must be open. */
enum signal_result signal_merge(db *d, arena *a, const struct user *u, int64_t id, int64_t into,
                                int64_t now, const char *base_url);

/* A handler places the signal's point (a click on the map or a buurt's
 * label point); refused outside the municipality. addr: the address found
 * for the new point (NULL: none; the old one is cleared). */
enum signal_result signal_place(db *d, arena *a, const struct user *u, int64_t id, double lat,
                                double lon, const struct signal_address *addr, int64_t now);

#endif
