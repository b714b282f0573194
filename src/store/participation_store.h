/*
 * participation_store.h: the monitor's figures of participation: every act
 * of participation (migration 0038's view participation_act) counted per
 * wijk and year, and the digital wijkspreekuur's term.
 *
 * Read from summaries kept exact by trigger, so that a year's figures never
 * walk the acts: the reports' part from monitor_reach, monitor_reporter and
 * monitor_channel (migrations 0007/0013), every other act table's from
 * reach_person, reach_channel_n and reach_band (migration 0044). year is
 * Amsterdam's, as the view participation_act computes it.
 */
#ifndef WR_PARTICIPATION_STORE_H
#define WR_PARTICIPATION_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* One person of the acts other than reports, in one scope (a wijk, or 0:
 * the city): their acts there, their reports there (0: none, or not a keyed
 * pseudonym) and the age band they gave last (NULL: none). A meeting
 * registration by e-mail and a report from the same address are one
 * person (the same keyed hash: migration 0044). */
struct participation_row {
    int64_t scope, acts, reports;
    const char *age_band;
};
/* The acts of year. by_wijk: scope is the act's wijk (acts without one are
 * left out), else 0 for every act; or, with within (a JSON array of wijk
 * ids; NULL: the city), 0 for the acts in those wijken, one person once. */
int participation_rows(db *d, arena *a, int year, int by_wijk, const char *within,
                       /* out: */ struct participation_row **out, size_t *n);

/* Reporters per scope (0: the city, or the wijken within: see above) in a
 * year: distinct, and with more than one report. */
struct participation_reporters {
    int64_t scope, reporters, repeat;
};
int participation_reporters(db *d, arena *a, int year, const char *within,
                            /* out: */ struct participation_reporters **out, size_t *n);

/* Acts per scope and channel (online, balie, papier, bijeenkomst, overig);
 * a (scope, channel) may come twice (reports and the rest): add them up. */
struct participation_channel_row {
    int64_t scope, n;
    const char *channel;
};
int participation_channels(db *d, arena *a, int year, int by_wijk, const char *within,
                           /* out: */ struct participation_channel_row **out, size_t *n);

/* The wijkspreekuur's questions asked from <= created_at < to, per wijk
 * (0: none), as domain/spreekuur.c's spreekuur_state_of judges them at now. */
struct spreekuur_term_row {
    int64_t wijk_id, questions, in_time, late, open_late, open;
};
int participation_spreekuur_terms(db *d, arena *a, int64_t from, int64_t to, int64_t now,
                                  /* out: */ struct spreekuur_term_row **out, size_t *n);

#endif
