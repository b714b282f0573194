/*
 * ical.c: iCalendar writer; see ical.h.
 */
#include "ical.h"

#include "lib/civil.h"

#include <stdio.h>
#include <string.h>

/* The length of the UTF-8 sequence starting with byte c (1 for a stray
 * continuation byte or invalid lead, so that the writer always advances). */
static size_t seq_len(unsigned char c)
{
    if (c >= 0xF0 && c < 0xF8)
        return 4;
    if (c >= 0xE0)
        return c < 0xF0 ? 3 : 1;
    if (c >= 0xC0)
        return 2;
    return 1;
}

/* Appends s[0..n) folded: a line holds at most ICAL_LINE_OCTETS octets,
 * a continuation line starts with a space that counts among them. */
static int fold(buf *b, const char *s, size_t n)
{
    size_t col = 0;
    for (size_t i = 0; i < n;) {
        size_t l = seq_len((unsigned char)s[i]);
        if (i + l > n)
            l = n - i;
        if (col + l > ICAL_LINE_OCTETS) {
            if (buf_puts(b, "\r\n ") != 0)
                return -1;
            col = 1;
        }
        if (buf_append(b, s + i, l) != 0)
            return -1;
        col += l;
        i += l;
    }
    return buf_puts(b, "\r\n");
}

int ical_escape(buf *b, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int rc = 0;
        if (c == '\\' || c == ';' || c == ',') {
            rc = buf_putc(b, '\\') || buf_putc(b, (char)c);
        } else if (c == '\n') {
            rc = buf_puts(b, "\\n");
        } else if (c == '\r') {
            if (p[1] != '\n')
                rc = buf_puts(b, "\\n");
        } else if (c < 0x20 || c == 0x7F) {
            continue; /* not allowed in a TEXT value */
        } else {
            rc = buf_putc(b, (char)c);
        }
        if (rc)
            return -1;
    }
    return 0;
}

static int line_of(buf *b, const char *name, const char *value, int escaped)
{
    buf tmp;
    buf_init(&tmp, 1 << 20);
    int rc = buf_puts(&tmp, name) || buf_putc(&tmp, ':');
    if (!rc)
        rc = escaped ? ical_escape(&tmp, value) : buf_puts(&tmp, value ? value : "");
    if (!rc)
        rc = fold(b, tmp.data ? tmp.data : "", tmp.len);
    buf_free(&tmp);
    return rc ? -1 : 0;
}

int ical_line(buf *b, const char *name, const char *value)
{
    return line_of(b, name, value, 0);
}

int ical_text(buf *b, const char *name, const char *text)
{
    return line_of(b, name, text, 1);
}

int ical_local_time(buf *b, const char *name, int y, int m, int d, int sec_of_day)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 || sec_of_day < 0 ||
        sec_of_day >= 86400)
        return -1;
    char v[64], n[96];
    snprintf(v, sizeof v, "%04d%02d%02dT%02d%02d%02d", y, m, d, sec_of_day / 3600,
             sec_of_day / 60 % 60, sec_of_day % 60);
    snprintf(n, sizeof n, "%s;TZID=Europe/Amsterdam", name);
    return ical_line(b, n, v);
}

int ical_utc_time(buf *b, const char *name, int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400, s = t - days * 86400;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999)
        return -1;
    char v[64];
    snprintf(v, sizeof v, "%04d%02d%02dT%02d%02d%02dZ", y, m, d, (int)(s / 3600),
             (int)(s / 60 % 60), (int)(s % 60));
    return ical_line(b, name, v);
}

int ical_vtimezone_amsterdam(buf *b)
{
    return buf_puts(b, "BEGIN:VTIMEZONE\r\n"
                       "TZID:Europe/Amsterdam\r\n"
                       "BEGIN:DAYLIGHT\r\n"
                       "TZOFFSETFROM:+0100\r\n"
                       "TZOFFSETTO:+0200\r\n"
                       "TZNAME:CEST\r\n"
                       "DTSTART:19810329T020000\r\n"
                       "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                       "END:DAYLIGHT\r\n"
                       "BEGIN:STANDARD\r\n"
                       "TZOFFSETFROM:+0200\r\n"
                       "TZOFFSETTO:+0100\r\n"
                       "TZNAME:CET\r\n"
                       "DTSTART:19961027T030000\r\n"
                       "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
                       "END:STANDARD\r\n"
                       "END:VTIMEZONE\r\n");
}
