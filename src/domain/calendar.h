/*
 * calendar.h: dates, Dutch local time, public holidays and deadlines.
 *
 * Signals are promised an answer within n working or calendar days. This
 * module decides what a working day is (no weekend, no public holiday of the
 * Algemene termijnenwet, no closing day of the installation), where a
 * deadline falls, and how many working days lie between two dates. It also
 * turns Unix timestamps into Europe/Amsterdam local dates and ISO 8601 text
 * with its own rules for CET/CEST, so the answers never depend on the
 * process's TZ variable or on the tzdata installed on the machine.
 *
 * A date is a plain integer: days since 1970-01-01 (negative before). The
 * module works on the years CAL_YEAR_MIN to CAL_YEAR_MAX (1900-2200);
 * anything outside is refused, never wrapped. No allocation, no global
 * state: every function is safe to call from any thread.
 */
#ifndef WR_CALENDAR_H
#define WR_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 in the proleptic Gregorian calendar. */
typedef int32_t cal_date;

#define CAL_YEAR_MIN 1900
#define CAL_YEAR_MAX 2200
#define CAL_DATE_MIN (-25567) /* 1900-01-01 */
#define CAL_DATE_MAX 84370    /* 2200-12-31 */
#define CAL_INVALID  INT32_MIN

/* Buffer sizes including the terminating NUL. */
#define CAL_DATE_LEN 11 /* "2026-03-29" */
#define CAL_ISO_LEN  26 /* "2026-03-29T03:00:00+02:00" */

/* The most statutory holidays one year can have (cal_holidays). */
#define CAL_MAX_HOLIDAYS 8

/* ISO weekday numbers. */
enum cal_weekday {
    CAL_MON = 1,
    CAL_TUE,
    CAL_WED,
    CAL_THU,
    CAL_FRI,
    CAL_SAT,
    CAL_SUN,
};

/* A closing day of the installation (e.g. a bridge day); name may be NULL. */
struct cal_closing {
    cal_date date;
    const char *name;
};

/*
 * What an installation adds to the statutory holidays. Not copied: the
 * closing list must outlive the calls that use the config. A NULL config
 * means "statutory holidays only". The closing list is scanned linearly
 * and may be unsorted, contain duplicates, weekends or holidays; it is meant
 * for a few dozen dates.
 */
struct cal_config {
    bool good_friday; /* Goede Vrijdag (Easter - 2) is a closing day */
    const struct cal_closing *closing;
    size_t n_closing;
};

/* A statutory holiday: its date and its Dutch name (a static string). */
struct cal_holiday {
    cal_date date;
    const char *name;
};

/* A moment in Europe/Amsterdam local time. */
struct cal_local {
    cal_date date;
    int32_t sec_of_day; /* 0..86399 */
    int32_t utc_offset; /* seconds east of UTC: 3600 (CET) or 7200 (CEST) */
};

/* --- Dates ------------------------------------------------------------ */

/* Is y-m-d a real date within CAL_YEAR_MIN..CAL_YEAR_MAX? */
bool cal_valid_ymd(int y, int m, int d);
/* The date y-m-d, or CAL_INVALID when !cal_valid_ymd(y, m, d). */
cal_date cal_from_ymd(int y, int m, int d);
/* Split a date in range into year, month (1-12) and day (1-31); returns
 * -1 (outputs untouched) when d is outside CAL_DATE_MIN..CAL_DATE_MAX. */
int cal_to_ymd(cal_date d, /* out: */ int *y, /* out: */ int *m, /* out: */ int *day);
/* The ISO 8601 week of a date: its week-numbering year and week 1..53 (the
 * week with the year's first Thursday is week 1). Returns 0, or -1 when d is
 * out of range. */
int cal_iso_week(cal_date d, /* out: */ int *year, /* out: */ int *week);
/* ISO weekday (CAL_MON..CAL_SUN) of any date. */
enum cal_weekday cal_weekday(cal_date d);
/*
 * Parse exactly "YYYY-MM-DD" from s[0..len): ten characters, ASCII digits,
 * '-' separators, a real date (leap years checked) in range. No leading or
 * trailing space, no sign, no other form. Returns 0 and sets *out, or -1.
 */
int cal_parse_date(const char *s, size_t len, /* out: */ cal_date *out);
/*
 * Parse a date the way people write it, from s[0..len): day, month and a
 * four-digit year ("15-04-2025", "15-4-2025", "5/4/2025", "15.04.2025") or
 * ISO ("2025-04-15", "2025-4-5"), with '-', '/' or '.' between the parts (the
 * same one twice) and spaces around the whole ignored. A real date in range
 * (leap years checked); nothing else. The one reader of every date field of
 * a form. Returns 0 and sets *out, or -1.
 */
int cal_parse_date_typed(const char *s, size_t len, /* out: */ cal_date *out);
/* Write d as "YYYY-MM-DD". Returns 0, or -1 (out = "") when out of range. */
int cal_format_date(cal_date d, /* out: */ char out[static CAL_DATE_LEN]);
/* start + n calendar days, or CAL_INVALID when either is out of range. */
cal_date cal_add_calendar_days(cal_date start, int n);

/* --- Europe/Amsterdam local time -------------------------------------- */

/*
 * The offset of Dutch local time from UTC at Unix time t, in seconds.
 * From 1996: CEST (+2) from the last Sunday of March 01:00 UTC until the last
 * Sunday of October 01:00 UTC, otherwise CET (+1). 1977-1995 follow the
 * earlier EU rules (end of September; start in April before 1981); before
 * 1977 CET all year (not exact before 1946, which no signal needs).
 */
int32_t cal_utc_offset(int64_t t);
/* Unix time t as Dutch local time. Returns 0, or -1 when the local date is
 * outside CAL_DATE_MIN..CAL_DATE_MAX. */
int cal_from_unix(int64_t t, /* out: */ struct cal_local *out);
/* The local date of Unix time t, or CAL_INVALID when out of range. */
cal_date cal_date_of(int64_t t);
/* The municipality's year at Unix time t (its local date's year), 0 when out of range. */
int cal_year_of(int64_t t);
/*
 * The Unix time of local time sec_of_day (0..86399) on date d. A time that
 * occurs twice (the autumn hour 02:00-02:59) gives the first, CEST one; a
 * time that does not exist (the spring hour 02:00-02:59) is read as CET,
 * which lands an hour later on the clock (02:30 becomes 03:30 CEST).
 * Returns 0, or -1 when d or sec_of_day is out of range.
 */
int cal_to_unix(cal_date d, int32_t sec_of_day, /* out: */ int64_t *t);
/* Write t as ISO 8601 local time with offset, "2026-03-29T03:00:00+02:00".
 * Returns 0, or -1 (out = "") when out of range. */
int cal_format_iso(int64_t t, /* out: */ char out[static CAL_ISO_LEN]);

/* --- Holidays and working days ---------------------------------------- */

/* Easter Sunday of year y (Anonymous Gregorian algorithm, Meeus), or
 * CAL_INVALID when y is outside CAL_YEAR_MIN..CAL_YEAR_MAX. */
cal_date cal_easter(int y);
/*
 * The Dutch name of the statutory holiday (Algemene termijnenwet art. 3) on
 * d, or NULL: Nieuwjaarsdag, Tweede Paasdag, Koningsdag (27 April; 26 April
 * when the 27th is a Sunday; from 2014; Koninginnedag 30 April before,
 * see calendar.c), Bevrijdingsdag (5 May, every year), Hemelvaartsdag,
 * Tweede Pinksterdag, Eerste and Tweede Kerstdag. When Ascension Day falls
 * on 5 May (2016) the name is "Hemelvaartsdag en Bevrijdingsdag". Eerste
 * Paasdag and Eerste Pinksterdag are Sundays and not listed. Holidays on a
 * weekend are still named (Koningsdag 2025 is a Saturday).
 */
const char *cal_holiday_name(cal_date d);
/* The statutory holidays of year y in date order, one entry per date.
 * Returns how many (CAL_MAX_HOLIDAYS at most), 0 when y is out of range. */
size_t cal_holidays(int y, /* out: */ struct cal_holiday out[static CAL_MAX_HOLIDAYS]);
/* Why d is closed apart from the weekend: the holiday name, "Goede Vrijdag"
 * when cfg->good_friday, a closing day's name (or "Sluitingsdag"); else NULL. */
const char *cal_closing_name(const struct cal_config *cfg, cal_date d);
/* A working day is Monday to Friday, in range, and not closed as above. */
bool cal_is_working_day(const struct cal_config *cfg, cal_date d);
/*
 * The n-th working day after start: the count begins the day after the day
 * of receipt, whatever that day is. Friday + 1 is Monday; Saturday + 1 is
 * Monday too; Thursday 24 December 2026 + 1 is Monday 28 December. n = 0
 * gives start itself (due the same day, even on a weekend). Returns
 * CAL_INVALID when n < 0, start is out of range or the result would be.
 */
cal_date cal_add_working_days(const struct cal_config *cfg, cal_date start, int n);
/*
 * The number of working days d with a < d <= b; negative (minus the count of
 * b < d <= a) when b < a. So cal_working_days_between(start,
 * cal_add_working_days(start, n)) == n, and a signal due on date due and
 * closed on date closed after it is cal_working_days_between(due, closed)
 * working days late (0 when closed on a weekend straight after the
 * deadline; compare timestamps to decide "late" at all). Returns INT32_MIN
 * when a or b is out of range.
 */
int32_t cal_working_days_between(const struct cal_config *cfg, cal_date a, cal_date b);
/*
 * The deadline of a signal received at Unix time received with a term of
 * n_days working days (use_calendar_days false) or calendar days (true): the
 * last second, 23:59:59 Dutch local time, of the last day, that day being
 * cal_add_working_days or cal_add_calendar_days of the local date of receipt.
 * The day of receipt never counts, so the time of day of receipt does not
 * matter. Returns 0 and sets *deadline, or -1 (n_days < 0, out of range).
 */
int cal_deadline(const struct cal_config *cfg, int64_t received, int n_days, bool use_calendar_days,
                 /* out: */ int64_t *deadline);

#endif
