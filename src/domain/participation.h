/*
 * participation.h: reach, measured. Every act of participation (an idea, a
 * reaction, support, a survey answer, a meeting registration, a question to
 * the wijkwethouder, a report, a grant application: migration 0038's view
 * participation_act) counts with its wijk, channel and age band, so the
 * monitor shows per wijk and for the city, for a year (Europe/Amsterdam):
 * distinct participants, per 1.000 inhabitants, the share who took part
 * more than once, the acts per channel and the participants per age band.
 *
 * No figure identifies a person: a count under PARTICIPATION_MIN_CELL is
 * published as "minder-dan-10"; a share or a figure per 1.000 inhabitants
 * whose numerator or denominator is under it likewise; and where a total
 * is shown, a second cell of its row or column is withheld ("afgeschermd")
 * so that a small one cannot be derived by subtraction.
 *
 * Also the digital wijkspreekuur's term per wijk: questions asked in the
 * year, answered in time, answered late, open past the term, open within it.
 */
#ifndef WR_PARTICIPATION_H
#define WR_PARTICIPATION_H

#include "lib/arena.h"
#include "store/area_store.h"
#include "store/db.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define PARTICIPATION_MIN_CELL 10

/* The channels of the channel mix, in the order of the tables. */
extern const char *const participation_channels_order[];
#define PARTICIPATION_NCHANNELS 5

enum participation_cell {
    PART_SHOWN = 0,
    PART_SMALL,  /* under PARTICIPATION_MIN_CELL */
    PART_HIDDEN, /* withheld so that a small cell cannot be derived */
};

/* Suppression of a table of counts v (nrows x ncols, row by row) whose last
 * column holds the rows' totals and whose last row the columns' totals:
 * every cell under PARTICIPATION_MIN_CELL is PART_SMALL; then, while a row
 * or column with a shown total has exactly one suppressed part, its
 * smallest shown part (none left: its total) becomes PART_HIDDEN. */
void participation_suppress(const int64_t *v, size_t nrows, size_t ncols,
                            /* out: */ unsigned char *state);

/* The reach of year among the wijken w (as they stood), the total last:
 * the city's (within NULL), or that of the wijken whose ids the JSON array
 * within holds (a region's or one wijk's: a participant in two of them
 * counts once; nw may be 0 for the total alone).
 * {"rows": [{"wijk", "slug", "inhabitants", "participants", "per_1000",
 * "repeat_share", "acts", "channels": [5], "ages": [age bands..., onbekend]},
 * ..., {"total": true, ...}]}. A count is an integer or the string
 * "minder-dan-10" or "afgeschermd"; per_1000 and repeat_share a number or
 * such a string (or null without inhabitants). NULL on a database error. */
json_t *participation_reach(db *d, arena *a, int year, const struct wijk *w, size_t nw,
                            int64_t inhabitants, const char *within);

/* The wijkspreekuur's term for the questions asked in year, judged at now:
 * {"rows": [{"wijk", "questions", "in_time", "late", "open_late", "open"}],
 * "total": {...}}; the wijken with questions, "wijk onbekend" without a name. */
json_t *participation_spreekuur(db *d, arena *a, int year, const struct wijk *w, size_t nw,
                                int64_t now);

#endif
