/*
 * w3cdate.c: W3C datetime parsing; see w3cdate.h.
 */
#include "w3cdate.h"

#include "civil.h"

#include <string.h>

int w3c_parse(const char *s, struct w3c_time *t)
{
    memset(t, 0, sizeof *t);
    if (!s)
        return -1;
    size_t n = strlen(s);
    if (n < 10 || s[4] != '-' || s[7] != '-')
        return -1;
    t->year = civil_digits(s, 4);
    t->month = civil_digits(s + 5, 2);
    t->day = civil_digits(s + 8, 2);
    if (t->year < 1900 || t->year > 9999 || t->month < 1 || t->month > 12 || t->day < 1 ||
        t->day > civil_days_in_month(t->year, t->month))
        return -1;
    if (n == 10)
        return 0;
    const char *p = s + 10;
    if (*p != 'T' || strlen(p) < 6 || p[3] != ':')
        return -1;
    int hh = civil_digits(p + 1, 2), mm = civil_digits(p + 4, 2), ss = 0;
    p += 6;
    if (*p == ':') {
        ss = civil_digits(p + 1, 2);
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
    int oh = civil_digits(p + 1, 2), om = civil_digits(p + 4, 2);
    if (oh < 0 || oh > 14 || om < 0 || om > 59)
        return -1;
    t->offset_sec = (oh * 3600 + om * 60) * (p[0] == '-' ? -1 : 1);
    t->has_zone = true;
    return 0;
}

int64_t w3c_to_unix(const struct w3c_time *t)
{
    return civil_to_days(t->year, t->month, t->day) * 86400 + t->sec_of_day - t->offset_sec;
}
