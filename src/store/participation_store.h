/*
 * participation_store.h: the monitor's figures of participation: every act
 * of participation (migration 0038's view participation_act) counted per
 * wijk and year, and the digital wijkspreekuur's term.
 *
 * The reports' part is read from the monitor's summaries (monitor_reach,
 * monitor_reporter, monitor_channel: exact through their triggers) so that
 * a year's figures never walk the signals; every other act table is read
 * through the view, by created_at.
 */
#ifndef WR_PARTICIPATION_STORE_H
#define WR_PARTICIPATION_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* One participant of the acts other than reports, in one scope (a wijk, or
 * 0: the city): their acts there, their reports there (0: none, or not an
 * e-mail pseudonym) and the age band they gave last (NULL: none). */
struct participation_row {
    int64_t scope, acts, reports;
    const char *age_band;
};
/* Acts with from <= created_at < to; year is the same year (the summaries
 * are kept per year). by_wijk: scope is the act's wijk (acts without one
 * are left out), else 0 for every act. */
int participation_rows(db *d, arena *a, int64_t from, int64_t to, int year, int by_wijk,
                       /* out: */ struct participation_row **out, size_t *n);

/* Reporters per scope (0: the city) in a year: distinct, and with more than one report. */
struct participation_reporters {
    int64_t scope, reporters, repeat;
};
int participation_reporters(db *d, arena *a, int year,
                            /* out: */ struct participation_reporters **out, size_t *n);

/* Acts per scope and channel (online, balie, papier, bijeenkomst, overig);
 * a (scope, channel) may come twice (reports and the rest): add them up. */
struct participation_channel_row {
    int64_t scope, n;
    const char *channel;
};
int participation_channels(db *d, arena *a, int64_t from, int64_t to, int year, int by_wijk,
                           /* out: */ struct participation_channel_row **out, size_t *n);

/* The wijkspreekuur's questions asked from <= created_at < to, per wijk
 * (0: none), as domain/spreekuur.c's spreekuur_state_of judges them at now. */
struct spreekuur_term_row {
    int64_t wijk_id, questions, in_time, late, open_late, open;
};
int participation_spreekuur_terms(db *d, arena *a, int64_t from, int64_t to, int64_t now,
                                  /* out: */ struct spreekuur_term_row **out, size_t *n);

#endif
