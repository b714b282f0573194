/*
 * calendar.c: dates as day numbers, Dutch local time, holidays, deadlines.
 *
 * Day numbers convert to and from year-month-day with lib/civil.h (exact
 * for the proleptic Gregorian calendar, no tables). Local time follows the
 * EU summer-time rules that the Netherlands has used since 1977, written
 * out below, instead of localtime(): the process may run with TZ=UTC or
 * without tzdata, and a deadline must not move with it. Holidays are those
 * of art. 3 of the Algemene termijnenwet; the Easter-based ones come from
 * cal_easter().
 */
#include "domain/calendar.h"

#include "lib/civil.h"

#include <string.h>

#define SECS_PER_DAY 86400

static const char NAME_HEMELVAART_BEVRIJDING[] = "Hemelvaartsdag en Bevrijdingsdag";

/* Day number of y-m-d without range checks (m 1-12, d 1-31); any year that
 * keeps the result inside int32. */
static cal_date days_from_civil(int y, int m, int d)
{
    return (cal_date)civil_to_days(y, m, d);
}

static bool date_in_range(cal_date d)
{
    return d >= CAL_DATE_MIN && d <= CAL_DATE_MAX;
}

static int year_of(cal_date d)
{
    int y, m, day;
    civil_from_days(d, &y, &m, &day);
    return y;
}

bool cal_valid_ymd(int y, int m, int d)
{
    return y >= CAL_YEAR_MIN && y <= CAL_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= civil_days_in_month(y, m);
}

cal_date cal_from_ymd(int y, int m, int d)
{
    return cal_valid_ymd(y, m, d) ? days_from_civil(y, m, d) : CAL_INVALID;
}

int cal_to_ymd(cal_date d, int *y, int *m, int *day)
{
    if (!date_in_range(d))
        return -1;
    civil_from_days(d, y, m, day);
    return 0;
}

enum cal_weekday cal_weekday(cal_date d)
{
    /* 1970-01-01 was a Thursday; the double modulo keeps negatives right. */
    int r = ((d % 7) + 7) % 7;
    return (enum cal_weekday)((r + 3) % 7 + 1);
}

int cal_iso_week(cal_date d, int *year, int *week)
{
    int y, m, day;
    /* the Thursday of d's week decides the year */
    cal_date thu = d + (CAL_THU - (int)cal_weekday(d));
    if (cal_to_ymd(d, &y, &m, &day) != 0 || cal_to_ymd(thu, &y, &m, &day) != 0)
        return -1;
    *year = y;
    *week = (thu - cal_from_ymd(y, 1, 1)) / 7 + 1;
    return 0;
}

static bool is_weekend(cal_date d)
{
    return cal_weekday(d) >= CAL_SAT;
}

int cal_parse_date(const char *s, size_t len, cal_date *out)
{
    if (!s || len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int y = civil_digits(s, 4), m = civil_digits(s + 5, 2), d = civil_digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !cal_valid_ymd(y, m, d))
        return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

/* A run of 1 to max ASCII digits at s[*i..len) as a number (advancing *i),
 * or -1. */
static int digit_run(const char *s, size_t len, size_t *i, size_t max)
{
    size_t start = *i;
    int v = 0;
    while (*i < len && *i - start < max && s[*i] >= '0' && s[*i] <= '9')
        v = v * 10 + (s[(*i)++] - '0');
    if (*i == start || (*i < len && s[*i] >= '0' && s[*i] <= '9'))
        return -1;
    return v;
}

int cal_parse_date_typed(const char *s, size_t len, cal_date *out)
{
    if (!s)
        return -1;
    while (len && s[len - 1] == ' ')
        len--;
    size_t i = 0;
    while (i < len && s[i] == ' ')
        i++;
    size_t a_start = i;
    int a = digit_run(s, len, &i, 4);
    size_t a_len = i - a_start;
    if (a < 0 || i >= len || (s[i] != '-' && s[i] != '/' && s[i] != '.'))
        return -1;
    char sep = s[i++];
    int b = digit_run(s, len, &i, 2);
    if (b < 0 || i >= len || s[i] != sep)
        return -1;
    i++;
    size_t c_start = i;
    int c = digit_run(s, len, &i, 4);
    size_t c_len = i - c_start;
    if (c < 0 || i != len)
        return -1;
    int y, m, d;
    if (a_len == 4 && c_len <= 2) { /* 2025-04-15 */
        y = a;
        m = b;
        d = c;
    } else if (a_len <= 2 && c_len == 4) { /* 15-04-2025 */
        d = a;
        m = b;
        y = c;
    } else {
        return -1;
    }
    if (!cal_valid_ymd(y, m, d))
        return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

/* Write v (0 <= v < 10^n) as n digits at p; returns the end. Written out by
 * hand because every field has a known width and range. */
static char *put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + n;
}

/* "YYYY-MM-DD" at p (no NUL); returns the end. */
static char *put_date(char *p, int y, int m, int d)
{
    p = put_digits(p, y, 4);
    *p++ = '-';
    p = put_digits(p, m, 2);
    *p++ = '-';
    return put_digits(p, d, 2);
}

int cal_format_date(cal_date d, char out[static CAL_DATE_LEN])
{
    int y, m, day;
    out[0] = '\0';
    if (cal_to_ymd(d, &y, &m, &day) != 0)
        return -1;
    *put_date(out, y, m, day) = '\0';
    return 0;
}

cal_date cal_add_calendar_days(cal_date start, int n)
{
    if (!date_in_range(start))
        return CAL_INVALID;
    int64_t r = (int64_t)start + n;
    return r >= CAL_DATE_MIN && r <= CAL_DATE_MAX ? (cal_date)r : CAL_INVALID;
}

/* --- Local time --------------------------------------------------------- */

static cal_date last_sunday(int y, int m)
{
    cal_date last = days_from_civil(y, m, civil_days_in_month(y, m));
    return last - (int)cal_weekday(last) % 7; /* Sunday is 7: no step back */
}

static cal_date first_sunday(int y, int m)
{
    cal_date first = days_from_civil(y, m, 1);
    return first + (7 - (int)cal_weekday(first)) % 7;
}

/*
 * The summer-time period of year y as Unix times [*start, *end), both at
 * 01:00 UTC; false when the Netherlands had none (before 1977). Rules as in
 * tzdata's "EU" rules: start last Sunday of March from 1981 (first Sunday of
 * April 1977-1980); end last Sunday of October from 1996, last Sunday of
 * September 1977-1995 except 1 October 1978.
 */
static bool summer_time(int y, int64_t *start, int64_t *end)
{
    if (y < 1977)
        return false;
    cal_date s = y >= 1981 ? last_sunday(y, 3) : first_sunday(y, 4);
    cal_date e;
    if (y >= 1996)
        e = last_sunday(y, 10);
    else if (y == 1978)
        e = days_from_civil(1978, 10, 1);
    else
        e = last_sunday(y, 9);
    *start = (int64_t)s * SECS_PER_DAY + 3600;
    *end = (int64_t)e * SECS_PER_DAY + 3600;
    return true;
}

/* Floor division, for times before 1970. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Unix times whose UTC date lies a day beyond the range on either side; the
 * guard keeps the day arithmetic below far from overflow. */
#define T_LOW  ((int64_t)(CAL_DATE_MIN - 1) * SECS_PER_DAY)
#define T_HIGH ((int64_t)(CAL_DATE_MAX + 2) * SECS_PER_DAY)

int32_t cal_utc_offset(int64_t t)
{
    if (t < T_LOW || t >= T_HIGH)
        return 3600;
    /* The switches are in March to October, far from New Year, so the UTC
     * year is the local year for this purpose. */
    int64_t start, end;
    if (!summer_time(year_of((cal_date)floor_div(t, SECS_PER_DAY)), &start, &end))
        return 3600;
    return t >= start && t < end ? 7200 : 3600;
}

int cal_from_unix(int64_t t, struct cal_local *out)
{
    if (t < T_LOW || t >= T_HIGH)
        return -1;
    int32_t off = cal_utc_offset(t);
    int64_t local = t + off;
    int64_t days = floor_div(local, SECS_PER_DAY);
    if (days < CAL_DATE_MIN || days > CAL_DATE_MAX)
        return -1;
    out->date = (cal_date)days;
    out->sec_of_day = (int32_t)(local - days * SECS_PER_DAY);
    out->utc_offset = off;
    return 0;
}

cal_date cal_date_of(int64_t t)
{
    struct cal_local l;
    return cal_from_unix(t, &l) == 0 ? l.date : CAL_INVALID;
}

int cal_year_of(int64_t t)
{
    int y, m, d;
    return cal_to_ymd(cal_date_of(t), &y, &m, &d) == 0 ? y : 0;
}

int cal_to_unix(cal_date d, int32_t sec_of_day, int64_t *t)
{
    if (!date_in_range(d) || sec_of_day < 0 || sec_of_day >= SECS_PER_DAY)
        return -1;
    int64_t local = (int64_t)d * SECS_PER_DAY + sec_of_day;
    /* Try summer time first: in the autumn overlap both readings are valid
     * and the CEST one comes first. In the spring gap neither is; the CET
     * reading then lies after the switch. */
    int64_t cest = local - 7200;
    *t = cal_utc_offset(cest) == 7200 ? cest : local - 3600;
    return 0;
}

int cal_format_iso(int64_t t, char out[static CAL_ISO_LEN])
{
    struct cal_local l;
    int y, m, d;
    out[0] = '\0';
    if (cal_from_unix(t, &l) != 0 || cal_to_ymd(l.date, &y, &m, &d) != 0)
        return -1;
    int s = l.sec_of_day;
    char *p = put_date(out, y, m, d);
    *p++ = 'T';
    p = put_digits(p, s / 3600, 2);
    *p++ = ':';
    p = put_digits(p, s / 60 % 60, 2);
    *p++ = ':';
    p = put_digits(p, s % 60, 2);
    *p++ = '+';
    p = put_digits(p, l.utc_offset / 3600, 2);
    memcpy(p, ":00", 4);
    return 0;
}

/* --- Holidays ----------------------------------------------------------- */

cal_date cal_easter(int y)
{
    if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
        return CAL_INVALID;
    int a = y % 19, b = y / 100, c = y % 100;
    int d = b / 4, e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int mm = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * mm + 114) / 31;
    int day = (h + l - 7 * mm + 114) % 31 + 1;
    return days_from_civil(y, month, day);
}

/*
 * The day the monarch's birthday is celebrated, which art. 3 counts as a
 * holiday. Koningsdag from 2014: 27 April, or 26 April when that is a Sunday.
 * Koninginnedag 1980-2013: 30 April, or 29 April when that is a Sunday;
 * 1949-1979: 30 April, or 1 May when that is a Sunday; before 1949 31 August
 * (1 September on a Sunday). Only the rules from 1980 matter to signals.
 */
static struct cal_holiday monarch_day(int y)
{
    struct cal_holiday h;
    if (y >= 2014) {
        h.date = days_from_civil(y, 4, 27);
        h.name = "Koningsdag";
        if (cal_weekday(h.date) == CAL_SUN)
            h.date -= 1;
        return h;
    }
    h.name = "Koninginnedag";
    h.date = days_from_civil(y, y >= 1949 ? 4 : 8, y >= 1949 ? 30 : 31);
    if (cal_weekday(h.date) == CAL_SUN)
        h.date += y >= 1980 ? -1 : 1;
    return h;
}

/* All statutory holidays of y (in range), sorted, one entry per date. */
static size_t holidays_of_year(int y, struct cal_holiday out[static CAL_MAX_HOLIDAYS])
{
    cal_date easter = cal_easter(y);
    cal_date ascension = easter + 39;
    cal_date may5 = days_from_civil(y, 5, 5);
    size_t n = 0;
    out[n++] = (struct cal_holiday){days_from_civil(y, 1, 1), "Nieuwjaarsdag"};
    out[n++] = (struct cal_holiday){easter + 1, "Tweede Paasdag"};
    out[n++] = monarch_day(y);
    if (ascension == may5) {
        out[n++] = (struct cal_holiday){ascension, NAME_HEMELVAART_BEVRIJDING};
    } else {
        out[n++] = (struct cal_holiday){may5, "Bevrijdingsdag"};
        out[n++] = (struct cal_holiday){ascension, "Hemelvaartsdag"};
    }
    out[n++] = (struct cal_holiday){easter + 50, "Tweede Pinksterdag"};
    out[n++] = (struct cal_holiday){days_from_civil(y, 12, 25), "Eerste Kerstdag"};
    out[n++] = (struct cal_holiday){days_from_civil(y, 12, 26), "Tweede Kerstdag"};
    /* Insertion sort: Ascension may come before 5 May, and Koninginnedag
     * before 1949 came in August. */
    for (size_t i = 1; i < n; i++) {
        struct cal_holiday x = out[i];
        size_t j = i;
        for (; j > 0 && out[j - 1].date > x.date; j--)
            out[j] = out[j - 1];
        out[j] = x;
    }
    return n;
}

size_t cal_holidays(int y, struct cal_holiday out[static CAL_MAX_HOLIDAYS])
{
    if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
        return 0;
    return holidays_of_year(y, out);
}

const char *cal_holiday_name(cal_date d)
{
    if (!date_in_range(d))
        return NULL;
    struct cal_holiday h[CAL_MAX_HOLIDAYS];
    size_t n = holidays_of_year(year_of(d), h);
    for (size_t i = 0; i < n; i++)
        if (h[i].date == d)
            return h[i].name;
    return NULL;
}

static bool is_good_friday(const struct cal_config *cfg, cal_date d)
{
    return cfg && cfg->good_friday && d == cal_easter(year_of(d)) - 2;
}

/* The first entry of the closing list on d, or NULL. */
static const struct cal_closing *closing_on(const struct cal_config *cfg, cal_date d)
{
    if (!cfg || !cfg->closing)
        return NULL;
    for (size_t i = 0; i < cfg->n_closing; i++)
        if (cfg->closing[i].date == d)
            return &cfg->closing[i];
    return NULL;
}

const char *cal_closing_name(const struct cal_config *cfg, cal_date d)
{
    if (!date_in_range(d))
        return NULL;
    const char *name = cal_holiday_name(d);
    if (name)
        return name;
    if (is_good_friday(cfg, d))
        return "Goede Vrijdag";
    const struct cal_closing *c = closing_on(cfg, d);
    if (c)
        return c->name ? c->name : "Sluitingsdag";
    return NULL;
}

bool cal_is_working_day(const struct cal_config *cfg, cal_date d)
{
    return date_in_range(d) && !is_weekend(d) && !cal_closing_name(cfg, d);
}

cal_date cal_add_working_days(const struct cal_config *cfg, cal_date start, int n)
{
    if (!date_in_range(start) || n < 0)
        return CAL_INVALID;
    cal_date d = start;
    while (n > 0) {
        if (d >= CAL_DATE_MAX)
            return CAL_INVALID;
        d++;
        if (cal_is_working_day(cfg, d))
            n--;
    }
    return d;
}

/* Monday to Friday in [CAL_DATE_MIN - 7, d]; the anchor is a Monday (as is
 * 1900-01-01), so whole weeks count 5 and the rest counts up to 5. */
static int32_t weekdays_upto(cal_date d)
{
    int32_t i = d - (CAL_DATE_MIN - 7) + 1;
    int32_t rest = i % 7;
    return i / 7 * 5 + (rest < 5 ? rest : 5);
}

/* Working days in (a, b] for a < b, both in range: the weekdays minus the
 * closed weekdays, each closed date counted once. */
static int32_t working_days_after(const struct cal_config *cfg, cal_date a, cal_date b)
{
    int32_t count = weekdays_upto(b) - weekdays_upto(a);
    int y1 = year_of(a + 1), y2 = year_of(b);
    for (int y = y1; y <= y2; y++) {
        struct cal_holiday h[CAL_MAX_HOLIDAYS];
        size_t n = holidays_of_year(y, h);
        for (size_t i = 0; i < n; i++)
            if (h[i].date > a && h[i].date <= b && !is_weekend(h[i].date))
                count--;
        /* Good Friday (20 March - 23 April) never meets a statutory holiday. */
        cal_date gf = cal_easter(y) - 2;
        if (cfg && cfg->good_friday && gf > a && gf <= b)
            count--;
    }
    if (cfg && cfg->closing) {
        for (size_t i = 0; i < cfg->n_closing; i++) {
            cal_date d = cfg->closing[i].date;
            if (d <= a || d > b || is_weekend(d) || cal_holiday_name(d) || is_good_friday(cfg, d))
                continue;
            if (closing_on(cfg, d) != &cfg->closing[i])
                continue; /* a duplicate: the first entry counted it */
            count--;
        }
    }
    return count;
}

int32_t cal_working_days_between(const struct cal_config *cfg, cal_date a, cal_date b)
{
    if (!date_in_range(a) || !date_in_range(b))
        return INT32_MIN;
    if (a == b)
        return 0;
    return a < b ? working_days_after(cfg, a, b) : -working_days_after(cfg, b, a);
}

int cal_deadline(const struct cal_config *cfg, int64_t received, int n_days, bool use_calendar_days,
                 int64_t *deadline)
{
    if (n_days < 0)
        return -1;
    cal_date start = cal_date_of(received);
    if (start == CAL_INVALID)
        return -1;
    cal_date last = use_calendar_days ? cal_add_calendar_days(start, n_days)
                                      : cal_add_working_days(cfg, start, n_days);
    if (last == CAL_INVALID)
        return -1;
    return cal_to_unix(last, SECS_PER_DAY - 1, deadline);
}
