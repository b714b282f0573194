/*
 * w3cdate.c: W3C datetime parsing; see w3cdate.h.
 */
#include "w3cdate.h"

#include <string.h>

/* n digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

int w3c_parse(const char *s, struct w3c_time *t)
{
    memset(t, 0, sizeof *t);
    if (!s)
        return -1;
    size_t n = strlen(s);
    if (n < 10 || s[4] != '-' || s[7] != '-')
        return -1;
    t->year = digits(s, 4);
    t->month = digits(s + 5, 2);
    t->day = digits(s + 8, 2);
    if (t->year < 1900 || t->year > 9999 || t->month < 1 || t->month > 12 || t->day < 1 ||
        t->day > days_in_month(t->year, t->month))
        return -1;
    if (n == 10)
        return 0;
    const char *p = s + 10;
    if (*p != 'T' || strlen(p) < 6 || p[3] != ':')
        return -1;
    int hh = digits(p + 1, 2), mm = digits(p + 4, 2), ss = 0;
    p += 6;
    if (*p == ':') {
        ss = digits(p + 1, 2);
        if (ss < 0 || strlen(p) < 3)
            return -1;
        p += 3;
        if (*p == '.') {
            p++;
            if (*p < '0' || *p > '9')
                return -1;
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
        return -1;
    if (ss == 60)
        ss = 59;
    t->sec_of_day = hh * 3600 + mm * 60 + ss;
    if (p[0] == 'Z' && p[1] == '\0') {
        t->has_zone = true;
        return 0;
    }
    if ((p[0] != '+' && p[0] != '-') || strlen(p) != 6 || p[3] != ':')
        return -1;
    int oh = digits(p + 1, 2), om = digits(p + 4, 2);
    if (oh < 0 || oh > 14 || om < 0 || om > 59)
        return -1;
    t->offset_sec = (oh * 3600 + om * 60) * (p[0] == '-' ? -1 : 1);
    t->has_zone = true;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t w3c_to_unix(const struct w3c_time *t)
{
    return days_from_civil(t->year, t->month, t->day) * 86400 + t->sec_of_day - t->offset_sec;
}
