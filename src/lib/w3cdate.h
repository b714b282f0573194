/*
 * w3cdate.h: reads the W3C datetime profile of ISO 8601 (the dates that
 * Open311 clients send: "2010-01-01T00:00:00Z", "2026-03-01T09:30:00+01:00",
 * "2026-03-01").
 *
 * Query parameters are untrusted input, so this is a strict parser: every
 * field in range, nothing after the end. A date without a time means local
 * midnight and a time must carry its zone ("Z" or +hh:mm); turning a local
 * date into a moment needs the municipality's calendar, which the caller
 * has (domain/calendar.h).
 */
#ifndef WR_W3CDATE_H
#define WR_W3CDATE_H

#include <stdbool.h>
#include <stdint.h>

struct w3c_time {
    int year, month, day;
    int sec_of_day; /* 0..86399 (a leap second :60 is read as :59) */
    bool has_zone;  /* false: a date alone, local midnight */
    int offset_sec; /* east of UTC, when has_zone */
};

/* Parses s; returns 0, or -1 when it is not a W3C datetime
 * (YYYY-MM-DD, or YYYY-MM-DDThh:mm[:ss[.s+]] followed by Z or +-hh:mm). */
int w3c_parse(const char *s, /* out: */ struct w3c_time *t);
/* The Unix time of a parsed time with a zone (has_zone must be true). */
int64_t w3c_to_unix(const struct w3c_time *t);

#endif
