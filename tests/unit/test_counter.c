/*
 * test_counter.c: the counter's rules (domain/counter.c) on a real SQLite
 * file: opening hours as people write them, ISO weeks in the
 * municipality's time, what a contact may hold, the referral rules with the
 * warm hand-off, the undo window, and the figures on a known set of
 * contacts with exact numbers. Every moment is a parameter: no clock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/counter.h"
#include "domain/seed.h"
#include "store/counter_store.h"
#include "store/org_store.h"
#include "store/user_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seeded_db.h"

/* Monday 2 March 2026, 10:00 in Zoetermeer (CET: 09:00 UTC). */
#define MON_2026_03_02_10H 1772442000LL
#define DAY                86400LL

static int64_t g_loc, g_other_loc, g_partner, g_partner_warm, g_dept, g_care;
/* the clerks (accounts 1..9) */
static int64_t g_clerk[10];

static void save_location(const char *name, const char *wijk, int64_t *id)
{
    struct counter_location_row l = {.name = name, .kind = "wijkpost", .active = true};
    l.area_id = area_id_by_code(g_db, "wijk", wijk, 2022);
    assert_true(l.area_id > 0);
    for (int i = 0; i < 7; i++)
        l.hours[i] = "";
    assert_int_equal(counter_location_save(g_db, &l, 0, 0, id), DB_OK);
}

static int fixture(void **state)
{
    if (setup(state) != 0)
        return -1;
    for (int i = 1; i < 10; i++) {
        char login[16];
        snprintf(login, sizeof login, "balie%d", i);
        if (user_insert(g_db, login, "Balie", NULL, 0, "x", &g_clerk[i]) != DB_OK)
            return -1;
    }
    save_location("Wijkpost Proef", "WK063705", &g_loc);
    save_location("Wijkpost Elders", "WK063706", &g_other_loc);
    g_partner = org_id_by_code(g_db, "Palet Welzijn");
    g_partner_warm = org_id_by_code(g_db, "De Goede Woning");
    g_dept = org_id_by_code(g_db, "SB");
    g_care = org_id_by_code(g_db, "WZN");
    if (!g_partner || !g_partner_warm || !g_dept || !g_care)
        return -1;
    if (org_register_set(g_db, g_partner_warm, "Huurwoningen", "wijk@goedewoning.example", true) !=
        DB_OK)
        return -1;
    int64_t in_building[] = {g_partner, g_partner_warm};
    return counter_building_set(g_db, g_loc, in_building, 2) == DB_OK ? 0 : -1;
}

static void test_hours_as_people_write_them(void **state)
{
    (void)state;
    char out[COUNTER_HOURS_MAX];
    assert_null(counter_hours_normalise("9:00-12:30,13.30 \xe2\x80\x93 16:00", out));
    assert_string_equal(out, "09:00-12:30, 13:30-16:00");
    assert_null(counter_hours_normalise("   ", out));
    assert_string_equal(out, "");
    assert_null(counter_hours_normalise("08:30 - 20:00,", out));
    assert_string_equal(out, "08:30-20:00");
    assert_non_null(counter_hours_normalise("9-12", out));
    assert_non_null(counter_hours_normalise("12:00-09:00", out));
    assert_non_null(counter_hours_normalise("09:00-13:00, 12:00-16:00", out));
    assert_non_null(counter_hours_normalise("09:00-25:00", out));
    assert_non_null(counter_hours_normalise("09:00-12:00 en 13:00-16:00", out));
    /* a location's hours are checked per day and stored normalised */
    struct counter_location_row l = {.name = "X", .kind = "gip", .area_id = 1};
    const char *h[7] = {"9:00-17:00", "", "", "nooit", "", "", "10.00-12.00"};
    memcpy(l.hours, h, sizeof h);
    struct counter_problem p[COUNTER_MAX_PROBLEMS];
    assert_int_equal(counter_location_validate(g_a, &l, p), 1);
    assert_string_equal(p[0].field, "hours_thu");
    assert_string_equal(l.hours[0], "09:00-17:00");
    assert_string_equal(l.hours[6], "10:00-12:00");
    struct counter_location_row bad = {.name = " ", .kind = "kiosk"};
    assert_int_equal(counter_location_validate(g_a, &bad, p), 3); /* name, wijk, kind */
}

static void test_iso_weeks_in_local_time(void **state)
{
    (void)state;
    int y, w;
    assert_int_equal(cal_iso_week(cal_from_ymd(2026, 12, 31), &y, &w), 0);
    assert_int_equal(y, 2026);
    assert_int_equal(w, 53);
    assert_int_equal(cal_iso_week(cal_from_ymd(2027, 1, 3), &y, &w), 0);
    assert_int_equal(y * 100 + w, 202653);
    assert_int_equal(cal_iso_week(cal_from_ymd(2027, 1, 4), &y, &w), 0);
    assert_int_equal(y * 100 + w, 202701);
    assert_int_equal(cal_iso_week(cal_from_ymd(2024, 12, 30), &y, &w), 0);
    assert_int_equal(y * 100 + w, 202501);
    assert_int_equal(cal_iso_week(cal_from_ymd(2026, 3, 2), &y, &w), 0);
    assert_int_equal(y * 100 + w, 202610);
    /* Sunday 23:30 UTC is already Monday in Zoetermeer: the next week */
    char date[11], week[9];
    int64_t sun_2330_utc = MON_2026_03_02_10H - 9 * 3600 - 1800; /* 1 March 23:30 UTC */
    assert_int_equal(counter_day_week(sun_2330_utc, date, week), 0);
    assert_string_equal(date, "2026-03-02");
    assert_string_equal(week, "2026-W10");
    assert_int_equal(counter_day_week(sun_2330_utc - 3600, date, week), 0);
    assert_string_equal(date, "2026-03-01");
    assert_string_equal(week, "2026-W09");
}

static void test_contact_holds_no_personal_data(void **state)
{
    (void)state;
    /* the table has no column for a name, address or story: only codes,
     * ids, moments and flags */
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db_handle(g_db), "PRAGMA table_info(counter_contact)", -1, &st, NULL),
        SQLITE_OK);
    const char *allowed[] = {"id",           "location_id", "user_id",         "created_at",
                             "local_date",   "iso_week",    "channel",         "type",
                             "product",      "referral",    "referral_org_id", "same_building",
                             "warm_handoff", "with_signal"};
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 1);
        bool known = false;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            known |= strcmp(name, allowed[i]) == 0;
        assert_true(known);
        n++;
    }
    sqlite3_finalize(st);
    assert_int_equal(n, sizeof allowed / sizeof allowed[0]);
    /* a product outside the list is not stored as free text */
    struct counter_contact_input in = {.location_id = g_loc,
                                       .channel = "balie",
                                       .type = "product",
                                       .product = "Jan Jansen, Dorpsstraat 1"};
    struct counter_contact_row row;
    bool err;
    assert_non_null(counter_contact_check(g_db, g_a, &in, MON_2026_03_02_10H, &row, &err));
    assert_false(err);
}

static const char *check(struct counter_contact_input in)
{
    struct counter_contact_row row;
    bool err = false;
    const char *why = counter_contact_check(g_db, g_a, &in, MON_2026_03_02_10H, &row, &err);
    assert_false(err);
    return why;
}

static void test_referral_rules(void **state)
{
    (void)state;
    struct counter_contact_input base = {.location_id = g_loc, .channel = "balie", .user_id = 1};
    struct counter_contact_input in = base;
    in.type = "vraag";
    assert_null(check(in));
    in.channel = "post";
    assert_non_null(check(in)); /* balie or telefoon only */
    in = base;
    in.type = "melding";
    assert_non_null(check(in)); /* through the signal form, counted there */
    in.with_signal = true;
    assert_null(check(in));
    in = base;
    in.type = "verwijzing";
    assert_non_null(check(in)); /* no destination */
    in.care_network = true;
    assert_non_null(check(in)); /* the care network only with its signal */
    in.with_signal = true;
    assert_null(check(in));
    in.referral_org_id = g_partner;
    assert_non_null(check(in)); /* two destinations */
    in = base;
    in.type = "verwijzing";
    in.referral_org_id = g_care;
    assert_non_null(check(in)); /* the care network is no organisation to pick */
    in.referral_org_id = g_dept;
    assert_null(check(in));
    in.warm_handoff = in.consent = true;
    assert_non_null(check(in)); /* a department is not handed over warmly */
    in.referral_org_id = g_partner;
    assert_non_null(check(in)); /* not in wijkregie */
    in.referral_org_id = g_partner_warm;
    in.consent = false;
    assert_non_null(check(in)); /* the resident did not agree */
    in.consent = true;
    assert_null(check(in));
    in = base;
    in.type = "vraag";
    in.referral_org_id = g_partner;
    assert_non_null(check(in)); /* a destination only for a referral */
    in = base;
    in.location_id = 999;
    in.type = "vraag";
    assert_non_null(check(in));
}

static int64_t outbox_rows(void)
{
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db_handle(g_db),
                           "SELECT count(*) FROM outbox WHERE kind = 'counter_handoff'", -1, &st,
                           NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int64_t reg(int64_t when, const char *type, const char *product, int64_t org, bool warm,
                   int64_t user)
{
    struct counter_contact_input in = {.location_id = g_loc,
                                       .channel = "balie",
                                       .type = type,
                                       .product = product,
                                       .referral_org_id = org,
                                       .warm_handoff = warm,
                                       .consent = warm,
                                       .user_id = g_clerk[user]};
    int64_t id = 0;
    bool err = false;
    assert_null(counter_contact_register(g_db, g_a, &in, when, &id, &err));
    assert_true(id > 0);
    return id;
}

static void test_warm_handoff_mails_the_organisation(void **state)
{
    (void)state;
    int64_t before = outbox_rows();
    reg(MON_2026_03_02_10H - 30 * DAY, "verwijzing", NULL, g_partner_warm, true, 2);
    assert_int_equal(outbox_rows(), before + 1);
    reg(MON_2026_03_02_10H - 30 * DAY, "verwijzing", NULL, g_partner, false, 2);
    assert_int_equal(outbox_rows(), before + 1);
    /* the message names no resident: only the organisation and the location */
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db_handle(g_db),
                           "SELECT to_addr, body_text FROM outbox WHERE kind = 'counter_handoff'"
                           " ORDER BY id DESC LIMIT 1",
                           -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wijk@goedewoning.example");
    assert_non_null(strstr((const char *)sqlite3_column_text(st, 1), "Wijkpost Proef"));
    sqlite3_finalize(st);
}

static void test_undo_window(void **state)
{
    (void)state;
    int64_t t = MON_2026_03_02_10H - 20 * DAY;
    int64_t id = reg(t, "vraag", NULL, 0, false, 7);
    struct counter_contact_row c;
    assert_int_equal(counter_contact_last(g_db, g_a, g_clerk[7], &c), DB_OK);
    assert_int_equal(c.id, id);
    assert_true(counter_may_undo(&c, g_clerk[7], t + COUNTER_UNDO_SECONDS - 1));
    assert_false(counter_may_undo(&c, g_clerk[7], t + COUNTER_UNDO_SECONDS));
    assert_false(counter_may_undo(&c, g_clerk[8], t + 10)); /* someone else's */
    c.with_signal = true;
    assert_false(counter_may_undo(&c, g_clerk[7], t + 10)); /* came with a signal */
    /* too late: nothing happens */
    assert_int_equal(counter_undo_last(g_db, g_a, g_clerk[7], t + COUNTER_UNDO_SECONDS, &c),
                     DB_NOTFOUND);
    assert_int_equal(counter_contact_last(g_db, g_a, g_clerk[7], &c), DB_OK);
    assert_int_equal(c.id, id);
    /* in time: gone, and only that one */
    int64_t id2 = reg(t + 60, "klacht", NULL, 0, false, 7);
    assert_int_equal(counter_undo_last(g_db, g_a, g_clerk[7], t + 120, &c), DB_OK);
    assert_int_equal(c.id, id2);
    assert_int_equal(counter_contact_last(g_db, g_a, g_clerk[7], &c), DB_OK);
    assert_int_equal(c.id, id);
    /* a warm hand-off, whose mail is on its way, is not undone */
    reg(t + 200, "verwijzing", NULL, g_partner_warm, true, 7);
    assert_int_equal(counter_undo_last(g_db, g_a, g_clerk[7], t + 210, &c), DB_NOTFOUND);
}

static void test_figures_on_a_known_set(void **state)
{
    (void)state;
    /* week 2027-W09 (1-7 March 2027), far from the contacts above */
    int64_t mon = MON_2026_03_02_10H + 364 * DAY; /* Monday 1 March 2027, 10:00 */
    reg(mon, "vraag", NULL, 0, false, 3);
    reg(mon + 3600, "vraag", NULL, 0, false, 3);
    reg(mon + DAY, "product", "strooizout", 0, false, 3);
    reg(mon + 2 * DAY, "verwijzing", NULL, g_partner, false, 3);     /* in the building */
    reg(mon + 2 * DAY, "verwijzing", NULL, g_partner_warm, true, 3); /* in the building */
    reg(mon + 3 * DAY, "verwijzing", NULL, g_dept, false, 3);        /* a department */
    /* Sunday 7 March 23:30 local still counts in W09; Monday 8 March in W10 */
    int64_t sun_late = mon + 6 * DAY + 13 * 3600 + 1800; /* 23:30 */
    reg(sun_late, "klacht", NULL, 0, false, 3);
    reg(sun_late + 3600, "klacht", NULL, 0, false, 3); /* 00:30 Monday: next week */
    struct counter_count_row *c;
    size_t n;
    assert_int_equal(counter_counts(g_db, g_a, "2027-03-01", "2027-03-08", &c, &n), DB_OK);
    struct {
        const char *week, *type;
        int64_t count;
    } want[] = {{"2027-W09", "klacht", 1},
                {"2027-W09", "product", 1},
                {"2027-W09", "verwijzing", 3},
                {"2027-W09", "vraag", 2},
                {"2027-W10", "klacht", 1}};
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(c[i].location_id, g_loc);
        assert_string_equal(c[i].iso_week, want[i].week);
        assert_string_equal(c[i].type, want[i].type);
        assert_int_equal(c[i].count, want[i].count);
    }
    struct counter_referral_row *rr;
    assert_int_equal(counter_referrals(g_db, g_a, "2027-03-01", "2027-03-08", &rr, &n), DB_OK);
    assert_int_equal(n, 2); /* both active locations */
    assert_string_equal(rr[0].location, "Wijkpost Elders");
    assert_int_equal(rr[0].referrals, 0);
    assert_int_equal(rr[1].referrals, 3);
    assert_int_equal(rr[1].same_building, 2);
    assert_int_equal(counter_share_percent(rr[1].same_building, rr[1].referrals), 67);
    /* the document the monitor and the report read */
    json_t *f = counter_figures(g_db, g_a, "2027-03-01", "2027-03-08");
    assert_non_null(f);
    json_t *weeks = json_object_get(f, "weeks"), *tot = json_object_get(f, "total");
    assert_int_equal(json_array_size(weeks), 2);
    json_t *w9 = json_array_get(weeks, 0);
    assert_string_equal(json_string_value(json_object_get(w9, "week")), "2027-W09");
    assert_int_equal(json_integer_value(json_object_get(w9, "total")), 7);
    assert_int_equal(json_integer_value(json_object_get(w9, "melding")), 0);
    assert_int_equal(json_integer_value(json_object_get(w9, "verwijzing")), 3);
    assert_int_equal(json_integer_value(json_object_get(tot, "contacts")), 8);
    assert_int_equal(json_integer_value(json_object_get(tot, "referrals")), 3);
    assert_int_equal(json_integer_value(json_object_get(tot, "share")), 67);
    json_t *elders = json_array_get(json_object_get(f, "locations"), 0);
    assert_true(json_is_null(json_object_get(elders, "share")));
    json_decref(f);
    assert_int_equal(counter_share_percent(0, 0), -1);
    assert_int_equal(counter_share_percent(1, 2), 50);
    assert_int_equal(counter_share_percent(1, 8), 13); /* 12.5 rounds up */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hours_as_people_write_them),
        cmocka_unit_test(test_iso_weeks_in_local_time),
        cmocka_unit_test(test_contact_holds_no_personal_data),
        cmocka_unit_test(test_referral_rules),
        cmocka_unit_test(test_warm_handoff_mails_the_organisation),
        cmocka_unit_test(test_undo_window),
        cmocka_unit_test(test_figures_on_a_known_set),
    };
    return cmocka_run_group_tests(tests, fixture, teardown);
}
