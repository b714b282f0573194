/*
 * civil.h: proleptic Gregorian dates as day numbers and back.
 *
 * Both the municipality's calendar (domain/calendar.h) and the Open311 date
 * parser (w3cdate.h) turn year-month-day into days since 1970-01-01; the
 * arithmetic lives here once, below both, with no range checks and no
 * state, so that each caller keeps its own limits.
 */
#ifndef WR_CIVIL_H
#define WR_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

/* n ASCII digits at s (a field of a written date) as a number, or -1. */
int civil_digits(const char *s, int n);
/* Is y a leap year? */
bool civil_is_leap(int y);
/* Days in month m (1-12) of year y. */
int civil_days_in_month(int y, int m);
/* Days since 1970-01-01 (negative before) of y-m-d, m 1-12 and d 1-31;
 * exact for any year an int holds (Howard Hinnant's days_from_civil). */
int64_t civil_to_days(int y, int m, int d);
/* The year, month (1-12) and day (1-31) of day number z (civil_from_days). */
void civil_from_days(int64_t z, /* out: */ int *y, /* out: */ int *m, /* out: */ int *d);

#endif
