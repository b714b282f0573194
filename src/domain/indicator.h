/*
 * indicator.h: automatic measurement of focus point indicators from the
 * program's own signals.
 *
 * An automatic indicator is measured over the focus point's wijken (a buurt
 * counts as its wijk until buurt boundaries and populations are loaded) and
 * the indicator's categories (none chosen: all; a main category includes
 * its sub categories). Its values are materialised as focus_measurement
 * rows with auto = 1, one per month end: measured_on is the last day of a
 * month and the value covers the twelve months ending that day (a rolling
 * year, so that seasons do not make a trend). For the month that is still
 * running the year ends now, and the row is provisional until the month
 * has ended. The methods:
 *
 *   signals_per_1000    signals in the year per 1,000 inhabitants (the
 *                       latest population count of those wijken)
 *   within_deadline     percent of the signals of the year whose deadline
 *                       has passed (or that were closed) that were closed
 *                       within their deadline
 *   distinct_reporters  distinct reporters (keyed pseudonyms) in the year
 *
 * Merged duplicates and sub tasks are not counted, nor are confidential
 * signals (a confidential category, held by the care network, or with a
 * confidential intake), whatever categories are stored: an indicator's
 * figures are public (open data, the public focus point page). A month
 * whose year reaches back before the first signal in the database gets no
 * row (the data would be incomplete), nor does a month without a
 * population or without any signal past deadline. Rows run from the month
 * of the baseline date (or the period's start) to the current month or the
 * end of the period, whichever comes first.
 */
#ifndef WR_INDICATOR_H
#define WR_INDICATOR_H

#include "store/db.h"
#include "store/focus_store.h"
#include "store/signal_store.h"

#include <stdbool.h>
#include <stdint.h>

/* May category id feed an indicator? Not a confidential category, nor a
 * main category with a confidential sub category (as "Zorg en welzijn"):
 * its figures would count the care network's cases in public. `all` is the
 * category tree (category_list_all). NULL when it may, else the Dutch msgid
 * of the refusal, for the categories field. */
const char *indicator_category_rule(const struct category *all, size_t n, int64_t id);

/* A value with its indicator's unit, as a sentence reads it: "31,5%",
 * "120 per jaar", "34 bezoekers", and a unit that names a scale rather
 * than what is counted in brackets: "6,8 (rapportcijfer)". number is the
 * value already written for the reader's language; unit NULL or "": the
 * number alone. In the arena. */
const char *indicator_with_unit(arena *a, const char *number, const char *unit);

/* The value of indicator x for the month ending on month_end (YYYY-MM-DD,
 * the last day of a month) as seen at `now`; *has is false when there is no
 * value (see above). 0 on success. */
int indicator_compute(db *d, const struct focus_auto *x, const char *month_end, int64_t now,
                      /* out: */ bool *has, /* out: */ double *value);

/*
 * Writes the automatic rows of the indicators of focus point focuspunt_id
 * (0: of every focus point whose period has not ended a month before now):
 * every month of the range above, or with recent_only only the current and
 * the previous month. Runs inside the caller's write transaction. Returns 0
 * and the number of rows written in *written (may be NULL), -1 on error.
 */
int indicator_refresh(db *d, int64_t focuspunt_id, int64_t now, bool recent_only,
                      /* out: */ int *written);

/* A background thread that refreshes the current and previous month of
 * every running focus point at start and every hour. */
int indicator_start(void);
void indicator_stop(void);

#endif
