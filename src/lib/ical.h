/*
 * ical.h: writing iCalendar (RFC 5545) text: content lines ended by CRLF
 * and folded so that no line is longer than 75 octets (a fold never splits
 * a UTF-8 character: the next line starts with one space), TEXT values
 * escaped (backslash, ';', ',' and newlines as "\n"; other control
 * characters dropped), the moments of Dutch local time with
 * TZID=Europe/Amsterdam and the VTIMEZONE that defines it, and UTC moments
 * (DTSTAMP). It only writes; nothing here parses what others send.
 */
#ifndef WR_ICAL_H
#define WR_ICAL_H

#include "lib/buf.h"

#include <stdint.h>

/* Longest content line in octets, not counting the CRLF (RFC 5545 3.1). */
#define ICAL_LINE_OCTETS 75

/* Appends the content line "name:value" (name may carry parameters,
 * "DTSTART;TZID=Europe/Amsterdam"), value written as it is, folded and
 * ended by CRLF. 0, or -1 when b is full. */
int ical_line(buf *b, const char *name, const char *value);
/* The same with value a TEXT value, escaped first. NULL is written as "". */
int ical_text(buf *b, const char *name, const char *text);
/* Appends the escaped form of text (no folding) to b. */
int ical_escape(buf *b, const char *text);
/* "NAME;TZID=Europe/Amsterdam:YYYYMMDDTHHMMSS" for the Dutch local date
 * y-m-d and second of that day (domain/calendar.h turns a Unix time into
 * them). -1 when a field is out of range. */
int ical_local_time(buf *b, const char *name, int y, int m, int d, int sec_of_day);
/* "NAME:YYYYMMDDTHHMMSSZ" for Unix time t in UTC. */
int ical_utc_time(buf *b, const char *name, int64_t t);
/* The VTIMEZONE of Europe/Amsterdam (CET/CEST, the EU rules since 1996). */
int ical_vtimezone_amsterdam(buf *b);

#endif
