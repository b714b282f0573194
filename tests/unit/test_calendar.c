/*
 * test_calendar.c: dates, Dutch local time, holidays and deadlines.
 *
 * The expected values are written out by hand (holidays 2024-2030, Easter
 * dates, the summer-time switches as Unix times) or come from an independent
 * computation: Easter by Knuth's algorithm instead of Meeus's, working days
 * between two dates by walking day by day instead of counting weeks, and, when
 * the machine has tzdata, local time by glibc's localtime_r.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* "YYYY-MM-DD" as a date; fails the test on a bad literal. */
static cal_date D(const char *s)
{
    cal_date d = CAL_INVALID;
    assert_int_equal(cal_parse_date(s, strlen(s), &d), 0);
    return d;
}

static void assert_date(cal_date got, const char *want)
{
    char buf[CAL_DATE_LEN];
    assert_int_not_equal(got, CAL_INVALID);
    assert_int_equal(cal_format_date(got, buf), 0);
    assert_string_equal(buf, want);
}

static void assert_iso(int64_t t, const char *want)
{
    char buf[CAL_ISO_LEN];
    assert_int_equal(cal_format_iso(t, buf), 0);
    assert_string_equal(buf, want);
}

/* --- Dates ------------------------------------------------------------ */

/* The municipality's year: 23:30 UTC on 31 December is 00:30 on 1 January
 * in Zoetermeer; 22:59 UTC is still 23:59 on 31 December. */
static void test_year_of(void **state)
{
    (void)state;
    assert_int_equal(cal_year_of(1767223800), 2026); /* 2025-12-31 23:30 UTC */
    assert_int_equal(cal_year_of(1767221940), 2025); /* 2025-12-31 22:59 UTC */
}

static void test_ymd_round_trip(void **state)
{
    assert_int_equal(cal_from_ymd(1970, 1, 1), 0);
    assert_int_equal(cal_from_ymd(1900, 1, 1), CAL_DATE_MIN);
    assert_int_equal(cal_from_ymd(2200, 12, 31), CAL_DATE_MAX);
    assert_int_equal(cal_from_ymd(2000, 3, 1) - cal_from_ymd(2000, 2, 28), 2);
    assert_int_equal(cal_from_ymd(1900, 3, 1) - cal_from_ymd(1900, 2, 28), 1);
    /* Every day in range: the next day follows by the calendar's rules. */
    int py, pm, pd;
    assert_int_equal(cal_to_ymd(CAL_DATE_MIN, &py, &pm, &pd), 0);
    for (cal_date d = CAL_DATE_MIN + 1; d <= CAL_DATE_MAX; d++) {
        int y, m, day;
        assert_int_equal(cal_to_ymd(d, &y, &m, &day), 0);
        assert_true(cal_valid_ymd(y, m, day));
        assert_int_equal(cal_from_ymd(y, m, day), d);
        if (day == 1)
            assert_true(!cal_valid_ymd(py, pm, pd + 1) && (m == pm + 1 || (m == 1 && y == py + 1)));
        else
            assert_true(y == py && m == pm && day == pd + 1);
        py = y, pm = m, pd = day;
    }
    int y = 0;
    assert_int_equal(cal_to_ymd(CAL_DATE_MIN - 1, &y, &pm, &pd), -1);
    assert_int_equal(cal_to_ymd(CAL_DATE_MAX + 1, &y, &pm, &pd), -1);
    assert_int_equal(y, 0);
}

static void test_valid_ymd(void **state)
{
    assert_true(cal_valid_ymd(2024, 2, 29));
    assert_true(cal_valid_ymd(2000, 2, 29));
    assert_false(cal_valid_ymd(2023, 2, 29));
    assert_false(cal_valid_ymd(1900, 2, 29));
    assert_false(cal_valid_ymd(2100, 2, 29));
    assert_false(cal_valid_ymd(2026, 4, 31));
    assert_true(cal_valid_ymd(2026, 12, 31));
    assert_false(cal_valid_ymd(2026, 0, 1));
    assert_false(cal_valid_ymd(2026, 13, 1));
    assert_false(cal_valid_ymd(2026, 1, 0));
    assert_false(cal_valid_ymd(2026, 1, 32));
    assert_false(cal_valid_ymd(1899, 12, 31));
    assert_false(cal_valid_ymd(2201, 1, 1));
    assert_true(cal_valid_ymd(1900, 1, 1));
    assert_true(cal_valid_ymd(2200, 12, 31));
    assert_int_equal(cal_from_ymd(2023, 2, 29), CAL_INVALID);
}

static void test_weekday(void **state)
{
    assert_int_equal(cal_weekday(0), CAL_THU);            /* 1970-01-01 */
    assert_int_equal(cal_weekday(-1), CAL_WED);           /* 1969-12-31 */
    assert_int_equal(cal_weekday(CAL_DATE_MIN), CAL_MON); /* 1900-01-01 */
    assert_int_equal(cal_weekday(D("2000-02-29")), CAL_TUE);
    assert_int_equal(cal_weekday(D("2026-03-29")), CAL_SUN);
    assert_int_equal(cal_weekday(D("2025-04-27")), CAL_SUN);
    assert_int_equal(cal_weekday(D("2200-12-31")), CAL_WED);
    for (cal_date d = CAL_DATE_MIN; d < CAL_DATE_MIN + 21; d++)
        assert_int_equal(cal_weekday(d + 1), cal_weekday(d) % 7 + 1);
}

static void test_parse_date(void **state)
{
    cal_date d = 12345;
    assert_int_equal(cal_parse_date("2026-03-29", 10, &d), 0);
    assert_int_equal(d, cal_from_ymd(2026, 3, 29));
    assert_int_equal(cal_parse_date("2024-02-29", 10, &d), 0);
    assert_int_equal(cal_parse_date("1900-01-01", 10, &d), 0);
    assert_int_equal(d, CAL_DATE_MIN);
    assert_int_equal(cal_parse_date("2200-12-31", 10, &d), 0);
    /* Only len counts, not a terminating NUL. */
    assert_int_equal(cal_parse_date("2026-01-02xyz", 10, &d), 0);
    assert_date(d, "2026-01-02");

    static const char *const bad[] = {
        "",           "2026-3-29",   "2026-03-9",  "2026-03-29 ", " 2026-03-29", "2026/03/29",
        "20260329",   "2026-02-29",  "2023-02-29", "1900-02-29",  "2100-02-29",  "2024-02-30",
        "2026-04-31", "2026-13-01",  "2026-00-10", "2026-01-00",  "2026-01-32",  "1899-12-31",
        "2201-01-01", "0000-01-01",  "9999-12-31", "+026-01-01",  "-026-01-01",  "2026-0a-01",
        "2026-01-1a", "2026-03-29Z", "2026_03_29", "2026--03-29", "２026-01-01", "2026-03-29T00:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = 777;
        if (cal_parse_date(bad[i], strlen(bad[i]), &d) != 0)
            continue;
        fail_msg("accepted \"%s\"", bad[i]);
    }
    assert_int_equal(d, 777); /* untouched on failure */
    assert_int_equal(cal_parse_date("2026-03-2\0", 10, &d), -1);
    assert_int_equal(cal_parse_date("2026-03-29", 9, &d), -1);
    assert_int_equal(cal_parse_date(NULL, 10, &d), -1);
}

static void test_format_date(void **state)
{
    char buf[CAL_DATE_LEN];
    assert_int_equal(cal_format_date(0, buf), 0);
    assert_string_equal(buf, "1970-01-01");
    assert_int_equal(cal_format_date(CAL_DATE_MIN, buf), 0);
    assert_string_equal(buf, "1900-01-01");
    assert_int_equal(cal_format_date(CAL_DATE_MAX, buf), 0);
    assert_string_equal(buf, "2200-12-31");
    assert_int_equal(cal_format_date(CAL_DATE_MAX + 1, buf), -1);
    assert_string_equal(buf, "");
    assert_int_equal(cal_format_date(CAL_INVALID, buf), -1);
    assert_int_equal(cal_format_date(CAL_DATE_MIN - 1, buf), -1);
}

static void test_add_calendar_days(void **state)
{
    assert_date(cal_add_calendar_days(D("2026-01-09"), 3), "2026-01-12");
    assert_date(cal_add_calendar_days(D("2028-02-27"), 2), "2028-02-29");
    assert_date(cal_add_calendar_days(D("2026-12-30"), 2), "2027-01-01");
    assert_date(cal_add_calendar_days(D("2026-01-01"), -1), "2025-12-31");
    assert_date(cal_add_calendar_days(D("2026-01-01"), 0), "2026-01-01");
    assert_int_equal(cal_add_calendar_days(CAL_DATE_MAX, 1), CAL_INVALID);
    assert_int_equal(cal_add_calendar_days(CAL_DATE_MIN, -1), CAL_INVALID);
    assert_int_equal(cal_add_calendar_days(0, INT32_MAX), CAL_INVALID);
    assert_int_equal(cal_add_calendar_days(CAL_INVALID, 1), CAL_INVALID);
}

/* --- Easter ----------------------------------------------------------- */

/* Knuth, TAOCP vol. 1, 1.3.2 exercise 14: an independent Easter algorithm. */
static cal_date knuth_easter(int y)
{
    int g = y % 19 + 1, c = y / 100 + 1;
    int x = 3 * c / 4 - 12, z = (8 * c + 5) / 25 - 5;
    int d = 5 * y / 4 - x - 10;
    int e = (11 * g + 20 + z - x) % 30;
    if (e < 0)
        e += 30;
    if ((e == 25 && g > 11) || e == 24)
        e++;
    int n = 44 - e;
    if (n < 21)
        n += 30;
    n = n + 7 - (d + n) % 7;
    return n > 31 ? cal_from_ymd(y, 4, n - 31) : cal_from_ymd(y, 3, n);
}

static void test_easter(void **state)
{
    static const char *const known[][2] = {
        {"2024", "2024-03-31"}, {"2025", "2025-04-20"}, {"2026", "2026-04-05"},
        {"2027", "2027-03-28"}, {"2028", "2028-04-16"}, {"2029", "2029-04-01"},
        {"2030", "2030-04-21"}, {"1900", "1900-04-15"}, {"1913", "1913-03-23"},
        {"2000", "2000-04-23"}, {"2008", "2008-03-23"}, {"2011", "2011-04-24"},
        {"2038", "2038-04-25"}, {"2100", "2100-03-28"}, {"2200", "2200-04-06"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        assert_date(cal_easter((int)strtol(known[i][0], NULL, 10)), known[i][1]);
    for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++) {
        cal_date e = cal_easter(y);
        assert_int_equal(e, knuth_easter(y));
        assert_int_equal(cal_weekday(e), CAL_SUN);
        assert_true(e >= cal_from_ymd(y, 3, 22) && e <= cal_from_ymd(y, 4, 25));
    }
    assert_int_equal(cal_easter(1899), CAL_INVALID);
    assert_int_equal(cal_easter(2201), CAL_INVALID);
}

/* --- Holidays --------------------------------------------------------- */

struct expected_holiday {
    const char *date;
    const char *name;
};

/* Every statutory holiday 2024-2030, by hand from the Easter dates above. */
static const struct expected_holiday holidays_2024_2030[] = {
    {"2024-01-01", "Nieuwjaarsdag"},      {"2024-04-01", "Tweede Paasdag"},
    {"2024-04-27", "Koningsdag"},         {"2024-05-05", "Bevrijdingsdag"},
    {"2024-05-09", "Hemelvaartsdag"},     {"2024-05-20", "Tweede Pinksterdag"},
    {"2024-12-25", "Eerste Kerstdag"},    {"2024-12-26", "Tweede Kerstdag"},

    {"2025-01-01", "Nieuwjaarsdag"},      {"2025-04-21", "Tweede Paasdag"},
    {"2025-04-26", "Koningsdag"}, /* 27 April 2025 is a Sunday */
    {"2025-05-05", "Bevrijdingsdag"},     {"2025-05-29", "Hemelvaartsdag"},
    {"2025-06-09", "Tweede Pinksterdag"}, {"2025-12-25", "Eerste Kerstdag"},
    {"2025-12-26", "Tweede Kerstdag"},

    {"2026-01-01", "Nieuwjaarsdag"},      {"2026-04-06", "Tweede Paasdag"},
    {"2026-04-27", "Koningsdag"},         {"2026-05-05", "Bevrijdingsdag"},
    {"2026-05-14", "Hemelvaartsdag"},     {"2026-05-25", "Tweede Pinksterdag"},
    {"2026-12-25", "Eerste Kerstdag"},    {"2026-12-26", "Tweede Kerstdag"},

    {"2027-01-01", "Nieuwjaarsdag"},      {"2027-03-29", "Tweede Paasdag"},
    {"2027-04-27", "Koningsdag"},         {"2027-05-05", "Bevrijdingsdag"},
    {"2027-05-06", "Hemelvaartsdag"},     {"2027-05-17", "Tweede Pinksterdag"},
    {"2027-12-25", "Eerste Kerstdag"},    {"2027-12-26", "Tweede Kerstdag"},

    {"2028-01-01", "Nieuwjaarsdag"},      {"2028-04-17", "Tweede Paasdag"},
    {"2028-04-27", "Koningsdag"},         {"2028-05-05", "Bevrijdingsdag"},
    {"2028-05-25", "Hemelvaartsdag"},     {"2028-06-05", "Tweede Pinksterdag"},
    {"2028-12-25", "Eerste Kerstdag"},    {"2028-12-26", "Tweede Kerstdag"},

    {"2029-01-01", "Nieuwjaarsdag"},      {"2029-04-02", "Tweede Paasdag"},
    {"2029-04-27", "Koningsdag"},         {"2029-05-05", "Bevrijdingsdag"},
    {"2029-05-10", "Hemelvaartsdag"},     {"2029-05-21", "Tweede Pinksterdag"},
    {"2029-12-25", "Eerste Kerstdag"},    {"2029-12-26", "Tweede Kerstdag"},

    {"2030-01-01", "Nieuwjaarsdag"},      {"2030-04-22", "Tweede Paasdag"},
    {"2030-04-27", "Koningsdag"},         {"2030-05-05", "Bevrijdingsdag"},
    {"2030-05-30", "Hemelvaartsdag"},     {"2030-06-10", "Tweede Pinksterdag"},
    {"2030-12-25", "Eerste Kerstdag"},    {"2030-12-26", "Tweede Kerstdag"},
};

static void test_holidays_2024_2030(void **state)
{
    size_t total = sizeof holidays_2024_2030 / sizeof holidays_2024_2030[0];
    assert_int_equal(total, 7 * 8);
    for (size_t i = 0; i < total; i++) {
        const char *name = cal_holiday_name(D(holidays_2024_2030[i].date));
        if (!name || strcmp(name, holidays_2024_2030[i].name) != 0)
            fail_msg("%s: got %s, want %s", holidays_2024_2030[i].date, name ? name : "NULL",
                     holidays_2024_2030[i].name);
    }
    /* Exactly these: no other day of those years has a name, and the list
     * per year comes in date order. */
    size_t seen = 0;
    for (cal_date d = D("2024-01-01"); d <= D("2030-12-31"); d++) {
        const char *name = cal_holiday_name(d);
        if (!name)
            continue;
        assert_true(seen < total);
        assert_int_equal(d, D(holidays_2024_2030[seen].date));
        assert_string_equal(name, holidays_2024_2030[seen].name);
        seen++;
    }
    assert_int_equal(seen, total);
    for (int y = 2024; y <= 2030; y++) {
        struct cal_holiday h[CAL_MAX_HOLIDAYS];
        assert_int_equal(cal_holidays(y, h), 8);
        for (size_t i = 0; i < 8; i++) {
            const struct expected_holiday *e = &holidays_2024_2030[(size_t)(y - 2024) * 8 + i];
            assert_int_equal(h[i].date, D(e->date));
            assert_string_equal(h[i].name, e->name);
        }
    }
}

static void test_not_holidays(void **state)
{
    static const char *const plain[] = {
        "2026-04-03", /* Good Friday: only by configuration */
        "2026-04-05", /* Easter Sunday: a Sunday, not listed */
        "2026-05-24", /* Whit Sunday */
        "2026-12-24", "2026-12-31", "2026-04-26", "2026-04-28",
        "2026-05-04", "2026-05-06", "2026-04-30", /* the old Koninginnedag */
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        assert_null(cal_holiday_name(D(plain[i])));
    assert_null(cal_holiday_name(CAL_DATE_MIN - 1));
    assert_null(cal_holiday_name(CAL_INVALID));
    struct cal_holiday h[CAL_MAX_HOLIDAYS];
    assert_int_equal(cal_holidays(1899, h), 0);
    assert_int_equal(cal_holidays(2201, h), 0);
}

static void test_kings_day_sunday_rule(void **state)
{
    /* 27 April is a Sunday in 2014 (the first Koningsdag), 2025, 2031, 2036
     * and 2042: the holiday moves to Saturday 26 April. */
    static const int sunday_years[] = {2014, 2025, 2031, 2036, 2042};
    for (size_t i = 0; i < sizeof sunday_years / sizeof sunday_years[0]; i++) {
        int y = sunday_years[i];
        assert_int_equal(cal_weekday(cal_from_ymd(y, 4, 27)), CAL_SUN);
        assert_string_equal(cal_holiday_name(cal_from_ymd(y, 4, 26)), "Koningsdag");
        assert_null(cal_holiday_name(cal_from_ymd(y, 4, 27)));
    }
    /* And in no other year from 2014 to 2060. */
    for (int y = 2014; y <= 2060; y++) {
        bool sunday = cal_weekday(cal_from_ymd(y, 4, 27)) == CAL_SUN;
        const char *on27 = cal_holiday_name(cal_from_ymd(y, 4, 27));
        const char *on26 = cal_holiday_name(cal_from_ymd(y, 4, 26));
        assert_true(sunday ? (on27 == NULL && on26 && strcmp(on26, "Koningsdag") == 0)
                           : (on27 && strcmp(on27, "Koningsdag") == 0 &&
                              (on26 == NULL || strcmp(on26, "Tweede Paasdag") == 0)));
    }
    /* Before 2014: Koninginnedag, 30 April, 29 April when that is a Sunday. */
    assert_string_equal(cal_holiday_name(D("2013-04-30")), "Koninginnedag");
    assert_string_equal(cal_holiday_name(D("2006-04-29")), "Koninginnedag");
    assert_null(cal_holiday_name(D("2006-04-30")));
    assert_null(cal_holiday_name(D("2013-04-27")));
}

static void test_ascension_on_liberation_day(void **state)
{
    /* 2016: Easter 27 March, so Ascension Day is 5 May. */
    assert_date(cal_easter(2016), "2016-03-27");
    assert_string_equal(cal_holiday_name(D("2016-05-05")), "Hemelvaartsdag en Bevrijdingsdag");
    struct cal_holiday h[CAL_MAX_HOLIDAYS];
    assert_int_equal(cal_holidays(2016, h), 7);
    /* One working day less, not two. */
    assert_int_equal(cal_working_days_between(NULL, D("2016-05-01"), D("2016-05-08")), 4);
}

static void test_weekends_and_holidays(void **state)
{
    assert_true(cal_is_working_day(NULL, D("2026-01-09")));  /* Friday */
    assert_false(cal_is_working_day(NULL, D("2026-01-10"))); /* Saturday */
    assert_false(cal_is_working_day(NULL, D("2026-01-11"))); /* Sunday */
    assert_true(cal_is_working_day(NULL, D("2026-01-12")));  /* Monday */
    assert_false(cal_is_working_day(NULL, D("2025-04-26"))); /* Koningsdag, Saturday */
    assert_false(cal_is_working_day(NULL, D("2026-04-27"))); /* Koningsdag, Monday */
    assert_true(cal_is_working_day(NULL, D("2026-04-03")));  /* Good Friday, off by default */
    assert_false(cal_is_working_day(NULL, CAL_DATE_MAX + 1));
    assert_false(cal_is_working_day(NULL, CAL_INVALID));
    /* Every listed holiday is a day off; 46 of them fall on a weekday. */
    size_t weekdays = 0;
    for (size_t i = 0; i < sizeof holidays_2024_2030 / sizeof holidays_2024_2030[0]; i++) {
        cal_date d = D(holidays_2024_2030[i].date);
        assert_false(cal_is_working_day(NULL, d));
        weekdays += cal_weekday(d) <= CAL_FRI;
    }
    assert_int_equal(weekdays, 46);
    /* A whole year: 2026 has 261 weekdays and 7 holidays on weekdays
     * (Tweede Kerstdag is a Saturday). */
    int n = 0;
    for (cal_date d = D("2026-01-01"); d <= D("2026-12-31"); d++)
        n += cal_is_working_day(NULL, d);
    assert_int_equal(n, 261 - 7);
    assert_int_equal(cal_working_days_between(NULL, D("2025-12-31"), D("2026-12-31")), 254);
}

static void test_good_friday(void **state)
{
    struct cal_config off = {.good_friday = false};
    struct cal_config on = {.good_friday = true};
    cal_date gf = D("2026-04-03");
    assert_true(cal_is_working_day(&off, gf));
    assert_false(cal_is_working_day(&on, gf));
    assert_null(cal_closing_name(&off, gf));
    assert_string_equal(cal_closing_name(&on, gf), "Goede Vrijdag");
    assert_null(cal_holiday_name(gf));
    /* Only Easter - 2: other Fridays stay working days. */
    assert_true(cal_is_working_day(&on, D("2026-03-27")));
    assert_true(cal_is_working_day(&on, D("2026-04-10")));
    for (int y = 2024; y <= 2030; y++)
        assert_false(cal_is_working_day(&on, cal_easter(y) - 2));
    /* Thursday before Easter + 1: Friday, or Tuesday after Easter Monday. */
    assert_date(cal_add_working_days(&off, D("2026-04-02"), 1), "2026-04-03");
    assert_date(cal_add_working_days(&on, D("2026-04-02"), 1), "2026-04-07");
    assert_date(cal_add_working_days(NULL, D("2026-04-02"), 2), "2026-04-07");
    assert_date(cal_add_working_days(&on, D("2026-04-02"), 2), "2026-04-08");
    assert_int_equal(cal_working_days_between(&off, D("2026-03-31"), D("2026-04-10")), 7);
    assert_int_equal(cal_working_days_between(&on, D("2026-03-31"), D("2026-04-10")), 6);
}

static void test_extra_closing_days(void **state)
{
    struct cal_closing closing[] = {
        {D("2026-05-15"), "Brugdag"},
        {D("2025-12-27"), NULL},     /* a Saturday: changes nothing */
        {D("2026-05-15"), "Dubbel"}, /* a duplicate counts once */
        {D("2026-05-10"), NULL},     /* a Sunday */
    };
    struct cal_config cfg = {.closing = closing, .n_closing = 4};
    assert_false(cal_is_working_day(&cfg, D("2026-05-15")));
    assert_true(cal_is_working_day(NULL, D("2026-05-15")));
    assert_string_equal(cal_closing_name(&cfg, D("2026-05-15")), "Brugdag");
    assert_string_equal(cal_closing_name(&cfg, D("2025-12-27")), "Sluitingsdag");
    assert_null(cal_closing_name(&cfg, D("2026-05-13")));
    /* Wednesday 13 May + 2: Thursday is Ascension Day, Friday the bridge day. */
    assert_date(cal_add_working_days(NULL, D("2026-05-13"), 2), "2026-05-18");
    assert_date(cal_add_working_days(&cfg, D("2026-05-13"), 2), "2026-05-19");
    assert_int_equal(cal_working_days_between(&cfg, D("2026-05-10"), D("2026-05-24")), 8);
    assert_int_equal(cal_working_days_between(NULL, D("2026-05-10"), D("2026-05-24")), 9);

    /* A closing day on a holiday, and one on Good Friday with that on. */
    struct cal_closing more[] = {{D("2026-04-27"), "Extra"}, {D("2026-04-03"), "Vrij"}};
    struct cal_config cfg2 = {.good_friday = true, .closing = more, .n_closing = 2};
    assert_string_equal(cal_closing_name(&cfg2, D("2026-04-27")), "Koningsdag");
    assert_string_equal(cal_closing_name(&cfg2, D("2026-04-03")), "Goede Vrijdag");
    cfg2.good_friday = false;
    assert_string_equal(cal_closing_name(&cfg2, D("2026-04-03")), "Vrij");
    assert_int_equal(cal_working_days_between(&cfg2, D("2026-03-31"), D("2026-04-30")), 19);
    cfg2.good_friday = true;
    assert_int_equal(cal_working_days_between(&cfg2, D("2026-03-31"), D("2026-04-30")), 19);
}

/* --- Working days ----------------------------------------------------- */

static void test_add_working_days(void **state)
{
    /* The day of receipt never counts. */
    assert_date(cal_add_working_days(NULL, D("2026-01-09"), 1), "2026-01-12"); /* Fri */
    assert_date(cal_add_working_days(NULL, D("2026-01-10"), 1), "2026-01-12"); /* Sat */
    assert_date(cal_add_working_days(NULL, D("2026-01-11"), 1), "2026-01-12"); /* Sun */
    assert_date(cal_add_working_days(NULL, D("2026-01-12"), 1), "2026-01-13"); /* Mon */
    assert_date(cal_add_working_days(NULL, D("2026-01-12"), 5), "2026-01-19");
    assert_date(cal_add_working_days(NULL, D("2026-01-10"), 0), "2026-01-10");
    /* Easter 2026: Thursday + 2 skips Easter Monday. */
    assert_date(cal_add_working_days(NULL, D("2026-04-02"), 2), "2026-04-07");
    /* Easter 2024 starts on the last day of March. */
    assert_date(cal_add_working_days(NULL, D("2024-03-28"), 2), "2024-04-02");
    /* Christmas 2026: Thursday 24 December + 1 is Monday 28 December. */
    assert_date(cal_add_working_days(NULL, D("2026-12-24"), 1), "2026-12-28");
    assert_date(cal_add_working_days(NULL, D("2026-12-24"), 3), "2026-12-30");
    /* Christmas and New Year 2025-2026. */
    assert_date(cal_add_working_days(NULL, D("2025-12-24"), 5), "2026-01-05");
    assert_date(cal_add_working_days(NULL, D("2025-12-31"), 1), "2026-01-02");
    /* Christmas 2027 on a weekend takes no working day. */
    assert_date(cal_add_working_days(NULL, D("2027-12-23"), 2), "2027-12-27");
    /* Koningsdag, Bevrijdingsdag and Ascension Day 2027 in one stretch. */
    assert_date(cal_add_working_days(NULL, D("2027-04-26"), 5), "2027-05-04");
    assert_date(cal_add_working_days(NULL, D("2027-04-26"), 7), "2027-05-10");
    /* The default 5 working days from Friday 1 May 2026 skip 5 May. */
    assert_date(cal_add_working_days(NULL, D("2026-05-01"), 5), "2026-05-11");
    /* Whit Monday 2028. */
    assert_date(cal_add_working_days(NULL, D("2028-06-02"), 1), "2028-06-06");
    /* Refused. */
    assert_int_equal(cal_add_working_days(NULL, D("2026-01-09"), -1), CAL_INVALID);
    assert_int_equal(cal_add_working_days(NULL, CAL_INVALID, 1), CAL_INVALID);
    assert_int_equal(cal_add_working_days(NULL, CAL_DATE_MAX + 1, 0), CAL_INVALID);
    assert_int_equal(cal_add_working_days(NULL, D("2200-12-24"), 5), CAL_INVALID);
    assert_date(cal_add_working_days(NULL, D("2200-12-24"), 3), "2200-12-31");
}

/* Day by day, as the definition says. */
static int32_t slow_between(const struct cal_config *cfg, cal_date a, cal_date b)
{
    int32_t n = 0;
    if (a <= b) {
        for (cal_date d = a + 1; d <= b; d++)
            n += cal_is_working_day(cfg, d);
        return n;
    }
    return -slow_between(cfg, b, a);
}

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void test_working_days_between(void **state)
{
    assert_int_equal(cal_working_days_between(NULL, D("2026-01-09"), D("2026-01-12")), 1);
    assert_int_equal(cal_working_days_between(NULL, D("2026-01-12"), D("2026-01-09")), -1);
    assert_int_equal(cal_working_days_between(NULL, D("2026-01-10"), D("2026-01-11")), 0);
    assert_int_equal(cal_working_days_between(NULL, D("2026-01-12"), D("2026-01-12")), 0);
    assert_int_equal(cal_working_days_between(NULL, D("2026-12-24"), D("2027-01-04")), 5);
    /* Overdue: due Monday 12 January, closed Wednesday 14: two days late. */
    assert_int_equal(cal_working_days_between(NULL, D("2026-01-12"), D("2026-01-14")), 2);
    assert_int_equal(cal_working_days_between(NULL, CAL_INVALID, 0), INT32_MIN);
    assert_int_equal(cal_working_days_between(NULL, 0, CAL_DATE_MAX + 1), INT32_MIN);

    struct cal_closing closing[] = {
        {D("2026-05-15"), NULL}, {D("2026-05-15"), NULL}, {D("2027-04-27"), NULL},
        {D("2025-12-27"), NULL}, {D("2026-04-03"), NULL}, {D("2030-07-01"), NULL},
        {D("2024-12-24"), NULL},
    };
    struct cal_config cfgs[] = {
        {0},
        {.good_friday = true},
        {.closing = closing, .n_closing = sizeof closing / sizeof closing[0]},
        {.good_friday = true, .closing = closing, .n_closing = sizeof closing / sizeof closing[0]},
    };
    uint32_t seed = 42;
    for (int i = 0; i < 4000; i++) {
        const struct cal_config *cfg = i % 5 == 4 ? NULL : &cfgs[i % 4];
        cal_date a = D("2023-06-01") + (cal_date)(lcg(&seed) % 3000);
        cal_date b = a + (cal_date)(lcg(&seed) % 800) - 400;
        int32_t want = slow_between(cfg, a, b);
        assert_int_equal(cal_working_days_between(cfg, a, b), want);
        if (a <= b)
            assert_int_equal(cal_working_days_between(cfg, a, cal_add_working_days(cfg, a, want)),
                             want);
        int n = (int)(lcg(&seed) % 40);
        assert_int_equal(cal_working_days_between(cfg, a, cal_add_working_days(cfg, a, n)), n);
    }
    /* The whole range, against the day-by-day count. */
    assert_int_equal(cal_working_days_between(&cfgs[3], CAL_DATE_MIN, CAL_DATE_MAX),
                     slow_between(&cfgs[3], CAL_DATE_MIN, CAL_DATE_MAX));
}

/* --- Local time ------------------------------------------------------- */

static void test_dst_switches(void **state)
{
    /* Unix times of the switches, 01:00 UTC on the last Sundays. */
    static const struct {
        int64_t t;
        const char *before, *at;
    } sw[] = {
        {1711846800, "2024-03-31T01:59:59+01:00", "2024-03-31T03:00:00+02:00"},
        {1729990800, "2024-10-27T02:59:59+02:00", "2024-10-27T02:00:00+01:00"},
        {1743296400, "2025-03-30T01:59:59+01:00", "2025-03-30T03:00:00+02:00"},
        {1761440400, "2025-10-26T02:59:59+02:00", "2025-10-26T02:00:00+01:00"},
        {1774746000, "2026-03-29T01:59:59+01:00", "2026-03-29T03:00:00+02:00"},
        {1792890000, "2026-10-25T02:59:59+02:00", "2026-10-25T02:00:00+01:00"},
        {228877200, "1977-04-03T01:59:59+01:00", "1977-04-03T03:00:00+02:00"},
        {276051600, "1978-10-01T02:59:59+02:00", "1978-10-01T02:00:00+01:00"},
    };
    for (size_t i = 0; i < sizeof sw / sizeof sw[0]; i++) {
        bool spring = sw[i].at[12] == '3'; /* the hour after the switch */
        assert_int_equal(cal_utc_offset(sw[i].t - 1), spring ? 3600 : 7200);
        assert_int_equal(cal_utc_offset(sw[i].t), spring ? 7200 : 3600);
        assert_iso(sw[i].t - 1, sw[i].before);
        assert_iso(sw[i].t, sw[i].at);
    }
    assert_iso(1774746000, "2026-03-29T03:00:00+02:00");
    /* Midnight in summer and at New Year. */
    assert_iso(1782856800 - 1, "2026-06-30T23:59:59+02:00");
    assert_iso(1782856800, "2026-07-01T00:00:00+02:00");
    assert_int_equal(cal_date_of(1782856800 - 1), D("2026-06-30"));
    assert_int_equal(cal_date_of(1782856800), D("2026-07-01"));
    assert_iso(1798758000 - 1, "2026-12-31T23:59:59+01:00");
    assert_iso(1798758000, "2027-01-01T00:00:00+01:00");
    /* Before 1970 and at the ends of the range. */
    assert_iso(0, "1970-01-01T01:00:00+01:00");
    assert_iso(-3601, "1969-12-31T23:59:59+01:00");
    int64_t first = (int64_t)CAL_DATE_MIN * 86400 - 3600;
    assert_iso(first, "1900-01-01T00:00:00+01:00");
    int64_t last = ((int64_t)CAL_DATE_MAX + 1) * 86400 - 3600 - 1;
    assert_iso(last, "2200-12-31T23:59:59+01:00");
    char buf[CAL_ISO_LEN];
    assert_int_equal(cal_format_iso(first - 1, buf), -1);
    assert_string_equal(buf, "");
    assert_int_equal(cal_format_iso(last + 1, buf), -1);
    assert_int_equal(cal_format_iso(INT64_MAX, buf), -1);
    assert_int_equal(cal_format_iso(INT64_MIN, buf), -1);
    assert_int_equal(cal_date_of(INT64_MIN), CAL_INVALID);
    assert_int_equal(cal_utc_offset(INT64_MAX), 3600);
    struct cal_local l;
    assert_int_equal(cal_from_unix(1774746000 + 59, &l), 0);
    assert_int_equal(l.date, D("2026-03-29"));
    assert_int_equal(l.sec_of_day, 3 * 3600 + 59);
    assert_int_equal(l.utc_offset, 7200);
}

static void test_to_unix(void **state)
{
    int64_t t;
    /* Plain winter and summer times. */
    assert_int_equal(cal_to_unix(D("2026-01-09"), 15 * 3600, &t), 0);
    assert_int_equal(t, 1767967200);
    assert_int_equal(cal_to_unix(D("2026-07-01"), 0, &t), 0);
    assert_int_equal(t, 1782856800);
    /* Spring gap: 02:30 does not exist and reads as 03:30 CEST. */
    assert_int_equal(cal_to_unix(D("2026-03-29"), 2 * 3600 + 1800, &t), 0);
    assert_int_equal(t, 1774746000 + 1800);
    assert_int_equal(cal_to_unix(D("2026-03-29"), 3 * 3600, &t), 0);
    assert_int_equal(t, 1774746000);
    assert_int_equal(cal_to_unix(D("2026-03-29"), 2 * 3600 - 1, &t), 0);
    assert_int_equal(t, 1774746000 - 1);
    /* Autumn overlap: 02:30 happens twice; the first (CEST) is taken. */
    assert_int_equal(cal_to_unix(D("2026-10-25"), 2 * 3600 + 1800, &t), 0);
    assert_int_equal(t, 1792890000 - 1800);
    assert_int_equal(cal_to_unix(D("2026-10-25"), 3 * 3600, &t), 0);
    assert_int_equal(t, 1792890000 + 3600);
    assert_int_equal(cal_to_unix(D("2026-10-25"), 86399, &t), 0);
    assert_iso(t, "2026-10-25T23:59:59+01:00");
    /* Refused. */
    assert_int_equal(cal_to_unix(D("2026-10-25"), 86400, &t), -1);
    assert_int_equal(cal_to_unix(D("2026-10-25"), -1, &t), -1);
    assert_int_equal(cal_to_unix(CAL_INVALID, 0, &t), -1);
    /* Round trip through every hour (and an odd second) of 2024-2030; only
     * the second pass through an autumn hour comes back as the first. */
    for (int64_t u = 1704063600; u < 1924988400; u += 3600 + 7) {
        struct cal_local l;
        assert_int_equal(cal_from_unix(u, &l), 0);
        assert_int_equal(cal_to_unix(l.date, l.sec_of_day, &t), 0);
        if (t != u)
            assert_true(t == u - 3600 && l.utc_offset == 3600 && l.sec_of_day / 3600 == 2);
    }
}

/* glibc with the machine's tzdata, when it has it, as a second opinion. */
static void test_against_tzdata(void **state)
{
    if (access("/usr/share/zoneinfo/Europe/Amsterdam", R_OK) != 0) {
        skip();
        return;
    }
    char *old = getenv("TZ");
    char *saved = old ? strdup(old) : NULL;
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    /* 1970 to 2199, every 3 hours and 17 seconds, plus around each switch. */
    int64_t from = 0, to = (int64_t)cal_from_ymd(2199, 12, 31) * 86400;
    int checked = 0;
    for (int64_t u = from; u < to; u += 3 * 3600 + 17) {
        time_t tt = (time_t)u;
        struct tm tm;
        assert_non_null(localtime_r(&tt, &tm));
        struct cal_local l;
        assert_int_equal(cal_from_unix(u, &l), 0);
        if (l.utc_offset != tm.tm_gmtoff)
            fail_msg("offset at %lld: %d, tzdata %ld", (long long)u, l.utc_offset, tm.tm_gmtoff);
        assert_int_equal(l.date, cal_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday));
        assert_int_equal(l.sec_of_day, tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
        checked++;
    }
    for (int y = 1970; y < 2200; y++) {
        for (int m = 3; m <= 10; m++) {
            for (cal_date d = cal_from_ymd(y, m, 1); d < cal_from_ymd(y, m + 1, 1); d++) {
                if (cal_weekday(d) != CAL_SUN)
                    continue;
                for (int64_t u = (int64_t)d * 86400 + 3600 - 1; u <= (int64_t)d * 86400 + 3600;
                     u++) {
                    time_t tt = (time_t)u;
                    struct tm tm;
                    assert_non_null(localtime_r(&tt, &tm));
                    assert_int_equal(cal_utc_offset(u), tm.tm_gmtoff);
                    checked++;
                }
            }
        }
    }
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
    assert_true(checked > 600000);
}

static void test_independent_of_process_tz(void **state)
{
    char *old = getenv("TZ");
    char *saved = old ? strdup(old) : NULL;
    static const char *const zones[] = {"UTC", "America/New_York", "Asia/Tokyo",
                                        "Europe/Amsterdam"};
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        setenv("TZ", zones[i], 1);
        tzset();
        assert_iso(1774746000, "2026-03-29T03:00:00+02:00");
        int64_t t;
        assert_int_equal(cal_deadline(NULL, 1767967200, 1, false, &t), 0);
        assert_iso(t, "2026-01-12T23:59:59+01:00");
    }
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

/* --- Deadlines -------------------------------------------------------- */

static void test_deadline(void **state)
{
    int64_t t;
    /* Friday 9 January 2026 15:00 + 1 working day: Monday end of day. */
    assert_int_equal(cal_deadline(NULL, 1767967200, 1, false, &t), 0);
    assert_iso(t, "2026-01-12T23:59:59+01:00");
    assert_int_equal(t, 1768258799);
    /* 0 days: the same day. */
    assert_int_equal(cal_deadline(NULL, 1767967200, 0, false, &t), 0);
    assert_iso(t, "2026-01-09T23:59:59+01:00");
    /* The local date of receipt counts, not the UTC date: 23:30 on Thursday
     * 2 April is still Thursday, 00:30 on Friday 3 April is Friday. */
    assert_int_equal(cal_deadline(NULL, 1775165400, 1, false, &t), 0);
    assert_iso(t, "2026-04-03T23:59:59+02:00");
    assert_int_equal(cal_deadline(NULL, 1775169000, 1, false, &t), 0);
    assert_iso(t, "2026-04-07T23:59:59+02:00");
    struct cal_config gf = {.good_friday = true};
    assert_int_equal(cal_deadline(&gf, 1775165400, 1, false, &t), 0);
    assert_iso(t, "2026-04-07T23:59:59+02:00");
    /* Across the spring switch: Friday 27 March + 1 is Monday in CEST. */
    assert_int_equal(cal_deadline(NULL, 1774602000, 1, false, &t), 0);
    assert_iso(t, "2026-03-30T23:59:59+02:00");
    /* Calendar days across the autumn switch: Friday 23 October + 3. */
    assert_int_equal(cal_deadline(NULL, 1792749600, 3, true, &t), 0);
    assert_iso(t, "2026-10-26T23:59:59+01:00");
    /* Christmas: 3 working days (zorgen om een buurtbewoner) from 24 December
     * 2026, and 5 calendar days into the new year. */
    assert_int_equal(cal_deadline(NULL, 1798099200, 3, false, &t), 0);
    assert_iso(t, "2026-12-30T23:59:59+01:00");
    assert_int_equal(cal_deadline(NULL, 1798099200, 5, false, &t), 0);
    assert_iso(t, "2027-01-04T23:59:59+01:00");
    assert_int_equal(cal_deadline(NULL, 1798099200, 8, true, &t), 0);
    assert_iso(t, "2027-01-01T23:59:59+01:00");
    /* Refused, *t untouched. */
    t = 99;
    assert_int_equal(cal_deadline(NULL, 1767967200, -1, false, &t), -1);
    assert_int_equal(cal_deadline(NULL, 1767967200, -1, true, &t), -1);
    assert_int_equal(cal_deadline(NULL, INT64_MAX, 1, false, &t), -1);
    assert_int_equal(cal_deadline(NULL, INT64_MIN, 1, true, &t), -1);
    assert_int_equal(cal_deadline(NULL, 1767967200, INT32_MAX, true, &t), -1);
    assert_int_equal(cal_deadline(NULL, ((int64_t)CAL_DATE_MAX * 86400), 1, true, &t), -1);
    assert_int_equal(t, 99);
}

/* A date as people write it. */
static cal_date typed(const char *s)
{
    cal_date d = 12345;
    if (cal_parse_date_typed(s, strlen(s), &d) != 0)
        return CAL_INVALID;
    return d;
}

static void test_parse_typed(void **state)
{
    (void)state;
    cal_date want = cal_from_ymd(2025, 4, 15);
    assert_int_equal(typed("15-04-2025"), want);
    assert_int_equal(typed("15-4-2025"), want);
    assert_int_equal(typed("2025-04-15"), want);
    assert_int_equal(typed("2025-4-15"), want);
    assert_int_equal(typed("15/04/2025"), want);
    assert_int_equal(typed("15.4.2025"), want);
    assert_int_equal(typed("  15-04-2025 "), want);
    assert_int_equal(typed("5-1-2026"), cal_from_ymd(2026, 1, 5));
    assert_int_equal(typed("29-02-2024"), cal_from_ymd(2024, 2, 29));
    assert_int_equal(typed("31-12-2200"), CAL_DATE_MAX);
    /* not a date, or not one way of writing it */
    assert_int_equal(typed(""), CAL_INVALID);
    assert_int_equal(typed("   "), CAL_INVALID);
    assert_int_equal(typed("29-02-2025"), CAL_INVALID);
    assert_int_equal(typed("31-04-2025"), CAL_INVALID);
    assert_int_equal(typed("15-13-2025"), CAL_INVALID);
    assert_int_equal(typed("0-04-2025"), CAL_INVALID);
    assert_int_equal(typed("15-04-25"), CAL_INVALID); /* two-digit year */
    assert_int_equal(typed("2025-04"), CAL_INVALID);
    assert_int_equal(typed("15-04/2025"), CAL_INVALID); /* mixed separators */
    assert_int_equal(typed("15 04 2025"), CAL_INVALID);
    assert_int_equal(typed("015-04-2025"), CAL_INVALID);
    assert_int_equal(typed("15-004-2025"), CAL_INVALID);
    assert_int_equal(typed("15-04-20251"), CAL_INVALID);
    assert_int_equal(typed("2025-04-15x"), CAL_INVALID);
    assert_int_equal(typed("+15-04-2025"), CAL_INVALID);
    assert_int_equal(typed("15-04-1899"), CAL_INVALID);
    assert_int_equal(typed("15 april 2025"), CAL_INVALID);
    assert_int_equal(cal_parse_date_typed(NULL, 0, &(cal_date){0}), -1);
    /* only len bytes are read */
    cal_date d;
    assert_int_equal(cal_parse_date_typed("15-04-20259", 10, &d), 0);
    assert_int_equal(d, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_typed),
        cmocka_unit_test(test_ymd_round_trip),
        cmocka_unit_test(test_valid_ymd),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_parse_date),
        cmocka_unit_test(test_format_date),
        cmocka_unit_test(test_add_calendar_days),
        cmocka_unit_test(test_easter),
        cmocka_unit_test(test_holidays_2024_2030),
        cmocka_unit_test(test_not_holidays),
        cmocka_unit_test(test_kings_day_sunday_rule),
        cmocka_unit_test(test_ascension_on_liberation_day),
        cmocka_unit_test(test_weekends_and_holidays),
        cmocka_unit_test(test_good_friday),
        cmocka_unit_test(test_extra_closing_days),
        cmocka_unit_test(test_add_working_days),
        cmocka_unit_test(test_working_days_between),
        cmocka_unit_test(test_dst_switches),
        cmocka_unit_test(test_to_unix),
        cmocka_unit_test(test_against_tzdata),
        cmocka_unit_test(test_independent_of_process_tz),
        cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_year_of),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
