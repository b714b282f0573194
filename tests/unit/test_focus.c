/*
 * test_focus.c: the rules of focus points (domain/focus.c): validation of a
 * focus point, goal, indicator, action and measurement, numbers typed the
 * Dutch way, progress and whether it keeps pace, overdue actions, month
 * ends; and on a real SQLite file with the reference data the automatic
 * measurement (domain/indicator.c): signals per 1,000 inhabitants, the
 * share within the deadline and distinct reporters over a rolling year,
 * the categories (a main category counts its sub categories), merged
 * duplicates, other wijken, a buurt measured as its wijk, no value before
 * the data begins, and the materialised month-end rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/focus.h"
#include "domain/indicator.h"
#include "domain/seed.h"
#include "store/area_store.h"
#include "store/focus_store.h"
#include "store/org_store.h"
#include "store/signal_store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seeded_db.h"

static void test_validate_focus(void **state)
{
    (void)state;
    struct focus_input in = {.title = "Schone parken",
                             .origin = "signalen,bewoners",
                             .period_start = "2025-01-01",
                             .period_end = "2026-12-31",
                             .status = "voorgesteld",
                             .nareas = 1};
    assert_null(focus_validate(&in));
    in.title = "  ";
    assert_string_equal(focus_validate(&in), "Vul een titel in.");
    in.title = "Schone\nparken";
    assert_non_null(focus_validate(&in));
    in.title = "Schone parken";
    in.nareas = 0;
    assert_string_equal(focus_validate(&in), "Kies minstens één wijk of buurt.");
    in.nareas = 1;
    in.origin = "signalen,buren";
    assert_string_equal(focus_validate(&in), "Kies de herkomst uit de lijst.");
    in.origin = "";
    in.period_end = "2024-12-31";
    assert_string_equal(focus_validate(&in), "Het einde van de periode ligt na het begin.");
    in.period_end = "2026-02-30";
    assert_non_null(focus_validate(&in));
    in.period_end = "2026-12-31";
    in.status = "bezig";
    assert_string_equal(focus_validate(&in), "Kies een status uit de lijst.");
    in.status = "vastgesteld";
    in.decided_on = "2025-02-31";
    assert_string_equal(focus_validate(&in),
                        "Vul de datum van het collegebesluit in als 15-04-2025.");
    in.decided_on = "2025-02-11";
    assert_null(focus_validate(&in));
    assert_string_equal(focus_label(focus_statuses, "gestopt"), "gestopt");
    assert_null(focus_label(focus_statuses, "weg"));
    assert_null(focus_goal_validate("Minder afval"));
    assert_non_null(focus_goal_validate(""));
    int pos = -1;
    assert_null(focus_goal_position_validate("2", 3, &pos));
    assert_int_equal(pos, 2);
    assert_null(focus_goal_position_validate(" 3 ", 3, &pos));
    assert_int_equal(pos, 3);
    assert_non_null(focus_goal_position_validate("4", 3, &pos));
    assert_non_null(focus_goal_position_validate("0", 3, &pos));
    assert_non_null(focus_goal_position_validate("1,5", 3, &pos));
    assert_non_null(focus_goal_position_validate("eerst", 3, &pos));
    assert_non_null(focus_goal_position_validate(NULL, 3, &pos));
    assert_true(focus_status_public("lopend"));
    assert_true(focus_status_public("vastgesteld"));
    assert_true(focus_status_public("afgerond"));
    assert_true(focus_status_public("gestopt"));
    assert_false(focus_status_public("voorgesteld"));
    assert_false(focus_status_public("weg"));
    assert_false(focus_status_public(NULL));
}

static void test_numbers(void **state)
{
    (void)state;
    double v;
    assert_true(focus_parse_number("12,5", &v));
    assert_true(fabs(v - 12.5) < 1e-9);
    assert_true(focus_parse_number(" 12.5 ", &v));
    assert_true(focus_parse_number("-3", &v));
    assert_true(v == -3);
    assert_false(focus_parse_number("1.000,5", &v));
    assert_false(focus_parse_number("12,", &v));
    assert_false(focus_parse_number("abc", &v));
    assert_false(focus_parse_number("-", &v));
    assert_false(focus_parse_number("1e999", &v));
    assert_false(focus_parse_number("", &v));
}

static void test_validate_indicator(void **state)
{
    (void)state;
    struct focus_indicator_input in = {.name = "Meldingen over afval",
                                       .method = "signals_per_1000",
                                       .baseline_value = "40",
                                       .baseline_date = "2024-12-31",
                                       .target_value = "30",
                                       .target_date = "2026-12-31",
                                       .higher_is_better = 0};
    struct focus_indicator_values v;
    assert_null(focus_indicator_validate(&in, &v));
    assert_true(v.has_baseline && v.has_target && v.baseline == 40 && v.target == 30);
    in.higher_is_better = 1;
    assert_non_null(focus_indicator_validate(&in, &v)); /* target below baseline */
    in.higher_is_better = 0;
    in.method = "raden";
    assert_string_equal(focus_indicator_validate(&in, &v), "Kies hoe de indicator gemeten wordt.");
    in.method = "manual";
    in.target_date = "2024-01-01";
    assert_string_equal(focus_indicator_validate(&in, &v),
                        "De datum van het doel ligt na de nulmeting.");
    in.target_date = "2026-12-31";
    in.baseline_date = NULL;
    assert_string_equal(focus_indicator_validate(&in, &v),
                        "Vul de datum van de nulmeting in als 15-04-2025.");
    in.baseline_value = NULL;
    assert_null(focus_indicator_validate(&in, &v)); /* no baseline yet is allowed */
    assert_false(v.has_baseline);
}

static void test_validate_action_measurement(void **state)
{
    (void)state;
    struct focus_action_input a = {.title = "Extra veegronde",
                                   .owner_kind = "afdeling",
                                   .owner_org_id = 3,
                                   .owner_org_valid = true,
                                   .due_on = "2025-05-01",
                                   .status = "gepland"};
    assert_null(focus_action_validate(&a));
    a.owner_org_valid = false;
    assert_string_equal(focus_action_validate(&a), "Kies de afdeling die de actie uitvoert.");
    a.owner_kind = "bewoners";
    assert_string_equal(focus_action_validate(&a), "Vul de naam van de bewonersgroep in.");
    a.owner_text = "Opruimbrigade";
    assert_null(focus_action_validate(&a));
    a.status = "klaar";
    assert_string_equal(focus_action_validate(&a), "Kies een status uit de lijst.");
    a.status = "gereed";
    a.due_on = "1 mei";
    assert_non_null(focus_action_validate(&a));

    double v;
    assert_null(focus_measurement_validate("2025-11-15", "31,5", "Omnibus 2025", "2026-01-01", &v));
    assert_true(fabs(v - 31.5) < 1e-9);
    assert_non_null(focus_measurement_validate("2027-01-01", "31", "Omnibus", "2026-01-01", &v));
    assert_non_null(focus_measurement_validate("2025-11-15", "veel", "Omnibus", NULL, &v));
    assert_non_null(focus_measurement_validate("2025-11-15", "3", "", NULL, &v));
    int y;
    assert_null(focus_report_text_validate("2025", "Tekst", &y));
    assert_int_equal(y, 2025);
    assert_non_null(focus_report_text_validate("twee", "Tekst", &y));
    assert_null(focus_inventory_validate("politie", "Autokraken"));
    assert_non_null(focus_inventory_validate("buren", "Autokraken"));
}

static void test_progress(void **state)
{
    (void)state;
    double p;
    bool worse;
    /* lower is better: 15 -> 10, now 12 */
    assert_true(focus_progress(15, 10, 12, false, &p, &worse));
    assert_true(fabs(p - 0.6) < 1e-9);
    assert_false(worse);
    /* past the target: clamped to 1 */
    assert_true(focus_progress(15, 10, 8, false, &p, &worse));
    assert_true(p == 1.0);
    /* the wrong way: 0, and worse */
    assert_true(focus_progress(15, 10, 17, false, &p, &worse));
    assert_true(p == 0.0 && worse);
    /* higher is better: 29 -> 40, now 31.5 */
    assert_true(focus_progress(29, 40, 31.5, true, &p, &worse));
    assert_true(fabs(p - 2.5 / 11) < 1e-9);
    /* target equal to baseline */
    assert_true(focus_progress(50, 50, 51, true, &p, &worse));
    assert_true(p == 1.0);
    assert_true(focus_progress(50, 50, 49, true, &p, &worse));
    assert_true(p == 0.0 && worse);
    assert_false(focus_progress(NAN, 10, 12, true, &p, &worse));

    /* half the time gone */
    assert_int_equal(focus_track(true, 0.5, false, "2025-01-01", "2026-12-31", "2025-12-31"),
                     TRACK_ON);
    assert_int_equal(focus_track(true, 0.2, false, "2025-01-01", "2026-12-31", "2025-12-31"),
                     TRACK_BEHIND);
    assert_int_equal(focus_track(true, 0.41, false, "2025-01-01", "2026-12-31", "2025-12-31"),
                     TRACK_ON); /* within the 10 point margin */
    assert_int_equal(focus_track(true, 1.0, false, "2025-01-01", "2026-12-31", "2025-02-01"),
                     TRACK_REACHED);
    assert_int_equal(focus_track(true, 0.0, true, "2025-01-01", "2026-12-31", "2025-02-01"),
                     TRACK_WORSE);
    assert_int_equal(focus_track(false, 0, false, NULL, NULL, NULL), TRACK_UNKNOWN);
    assert_string_equal(focus_track_label(TRACK_ON), "op schema");
    assert_string_equal(focus_track_code(TRACK_BEHIND), "achter");
}

static void test_overdue_month_end(void **state)
{
    (void)state;
    assert_true(focus_action_overdue("gepland", "2025-03-01", "2025-03-02"));
    assert_true(focus_action_overdue("lopend", "2025-03-01", "2025-03-02"));
    assert_false(focus_action_overdue("lopend", "2025-03-02", "2025-03-02"));
    assert_false(focus_action_overdue("gereed", "2025-03-01", "2025-03-02"));
    assert_false(focus_action_overdue("vervallen", "2025-03-01", "2025-03-02"));
    assert_false(focus_action_overdue("gepland", NULL, "2025-03-02"));
    char me[11];
    assert_true(focus_month_end("2024-02-10", me));
    assert_string_equal(me, "2024-02-29");
    assert_true(focus_month_end("2025-12-01", me));
    assert_string_equal(me, "2025-12-31");
    assert_false(focus_month_end("2025-13-01", me));
}

/* --- automatic measurement on a real database ------------------------------------- */

static int64_t at(int y, int m, int d)
{
    int64_t t;
    assert_int_equal(cal_to_unix(cal_from_ymd(y, m, d), 12 * 3600, &t), 0);
    return t;
}

static int64_t scalar(const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int64_t add_signal(const char *wijk_code, const char *cat_slug, int main_only,
                          int64_t created, int64_t deadline, int64_t closed, const char *reporter,
                          int64_t merged_into)
{
    static int n;
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(
            db_handle(g_db),
            "INSERT INTO signal (token, type, channel, category_id, description, wijk_id, status,"
            " owner_org_id, created_at, updated_at, deadline_at, closed_at, reporter_pseudonym,"
            " merged_into) VALUES (?1, 'melding', 'web', ?2, 'test', ?3, ?4,"
            " (SELECT min(id) FROM organisation), ?5, ?5, ?6, ?7, ?8, ?9)",
            -1, &st, NULL),
        SQLITE_OK);
    char tok[32];
    snprintf(tok, sizeof tok, "tok-%d", ++n);
    sqlite3_bind_text(st, 1, tok, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, category_id_by_slug(g_db, cat_slug, main_only));
    sqlite3_bind_int64(st, 3, area_id_by_code(g_db, "wijk", wijk_code, 0));
    sqlite3_bind_text(st, 4, closed ? "afgehandeld" : "gemeld", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, created);
    sqlite3_bind_int64(st, 6, deadline);
    if (closed)
        sqlite3_bind_int64(st, 7, closed);
    else
        sqlite3_bind_null(st, 7);
    if (reporter)
        sqlite3_bind_text(st, 8, reporter, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 8);
    if (merged_into)
        sqlite3_bind_int64(st, 9, merged_into);
    else
        sqlite3_bind_null(st, 9);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    return sqlite3_last_insert_rowid(db_handle(g_db));
}

static int64_t make_focus(int64_t area, const char *method, int64_t *indicator)
{
    struct focus_row f = {.title = "Test",
                          .period_start = "2025-01-01",
                          .period_end = "2026-12-31",
                          .status = "lopend",
                          .decided_on = "2025-02-11"};
    int64_t id, goal;
    assert_int_equal(focus_insert(g_db, &f, 1, &id), DB_OK);
    assert_int_equal(focus_set_areas(g_db, id, &area, 1), DB_OK);
    assert_int_equal(focus_goal_insert(g_db, id, "Minder afval", &goal), DB_OK);
    struct focus_ind x = {.goal_id = goal,
                          .name = "Afval",
                          .unit = "",
                          .method = method,
                          .source = "",
                          .baseline_date = "2025-01-15",
                          .has_baseline = true,
                          .baseline = 1};
    assert_int_equal(focus_indicator_insert(g_db, &x, indicator), DB_OK);
    int64_t cat = category_id_by_slug(g_db, "afval", 1);
    assert_int_equal(focus_indicator_set_categories(g_db, *indicator, &cat, 1), DB_OK);
    return id;
}

static void test_automatic(void **state)
{
    (void)state;
    /* the data begins on 1 January 2024 */
    add_signal("WK063706", "overig", 1, at(2024, 1, 1), at(2024, 1, 5), 0, NULL, 0);
    /* in Seghwaert, afval (sub categories of the main category) */
    int64_t s1 = add_signal("WK063703", "container-is-vol", 0, at(2025, 1, 10), at(2025, 1, 15),
                            at(2025, 1, 14), "p1", 0); /* in time */
    add_signal("WK063703", "container-is-vol", 0, at(2025, 2, 10), at(2025, 2, 12), at(2025, 2, 20),
               "p1", 0); /* late */
    add_signal("WK063703", "grofvuil", 0, at(2025, 3, 10), at(2025, 3, 12), 0, "p2",
               0); /* open past its deadline */
    add_signal("WK063703", "grofvuil", 0, at(2025, 3, 30), at(2025, 4, 5), 0, NULL,
               0); /* deadline after the month */
    /* not counted: another category, another wijk, a merged duplicate */
    add_signal("WK063703", "snoeien", 0, at(2025, 3, 1), at(2025, 3, 5), 0, "p3", 0);
    add_signal("WK063706", "grofvuil", 0, at(2025, 3, 1), at(2025, 3, 5), 0, "p4", 0);
    add_signal("WK063703", "grofvuil", 0, at(2025, 1, 11), at(2025, 1, 15), 0, "p5", s1);

    int64_t wijk = area_id_by_code(g_db, "wijk", "WK063703", 0);
    int64_t inh = scalar("SELECT inhabitants FROM population p JOIN area a ON a.id = p.area_id"
                         " WHERE a.code = 'WK063703' ORDER BY date DESC LIMIT 1");
    assert_true(inh > 0);
    int64_t ind_rate, ind_share, ind_rep;
    int64_t fp_rate = make_focus(wijk, "signals_per_1000", &ind_rate);
    int64_t fp_share = make_focus(wijk, "within_deadline", &ind_share);
    int64_t fp_rep = make_focus(wijk, "distinct_reporters", &ind_rep);
    int64_t now = at(2025, 4, 10);

    struct focus_auto x = {.id = ind_rate,
                           .focuspunt_id = fp_rate,
                           .method = "signals_per_1000",
                           .baseline_date = "2025-01-15",
                           .period_start = "2025-01-01",
                           .period_end = "2026-12-31"};
    bool has;
    double v;
    assert_int_equal(indicator_compute(g_db, &x, "2025-03-31", now, &has, &v), 0);
    assert_true(has);
    assert_true(fabs(v - 4.0 * 1000.0 / (double)inh) < 1e-9);
    /* the year before March 2024 reaches back before the data: no value */
    assert_int_equal(indicator_compute(g_db, &x, "2024-03-31", now, &has, &v), 0);
    assert_false(has);

    x.id = ind_share;
    x.focuspunt_id = fp_share;
    x.method = "within_deadline";
    assert_int_equal(indicator_compute(g_db, &x, "2025-03-31", now, &has, &v), 0);
    assert_true(has);
    assert_true(fabs(v - 100.0 / 3.0) < 1e-9);
    /* in January only the first one was due, and in time */
    assert_int_equal(indicator_compute(g_db, &x, "2025-01-31", now, &has, &v), 0);
    assert_true(has && fabs(v - 100.0) < 1e-9);

    x.id = ind_rep;
    x.focuspunt_id = fp_rep;
    x.method = "distinct_reporters";
    assert_int_equal(indicator_compute(g_db, &x, "2025-03-31", now, &has, &v), 0);
    assert_true(has && v == 2.0);

    /* a buurt of Seghwaert is measured as the wijk */
    int64_t buurt = scalar("SELECT id FROM area WHERE kind = 'buurt' AND parent_id ="
                           " (SELECT id FROM area WHERE code = 'WK063703') LIMIT 1");
    assert_true(buurt > 0);
    int64_t ind_buurt;
    int64_t fp_buurt = make_focus(buurt, "signals_per_1000", &ind_buurt);
    struct focus_auto xb = {.id = ind_buurt,
                            .focuspunt_id = fp_buurt,
                            .method = "signals_per_1000",
                            .baseline_date = "2025-01-15",
                            .period_start = "2025-01-01",
                            .period_end = "2026-12-31"};
    assert_int_equal(indicator_compute(g_db, &xb, "2025-03-31", now, &has, &v), 0);
    assert_true(has && fabs(v - 4.0 * 1000.0 / (double)inh) < 1e-9);

    /* materialised: January to the running April, the last one provisional */
    assert_int_equal(db_begin_write(g_db), DB_OK);
    int written = 0;
    assert_int_equal(indicator_refresh(g_db, fp_rate, now, false, &written), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_int_equal(written, 4);
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM focus_measurement WHERE indicator_id = %lld AND auto = 1"
             " AND measured_on IN ('2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30')",
             (long long)ind_rate);
    assert_int_equal(scalar(sql), 4);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM focus_measurement WHERE indicator_id = %lld"
             " AND source LIKE '%%voorlopig%%'",
             (long long)ind_rate);
    assert_int_equal(scalar(sql), 1);
    /* refreshing again replaces, never duplicates */
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(indicator_refresh(g_db, fp_rate, now, true, &written), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_int_equal(written, 2);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM focus_measurement WHERE indicator_id = %lld",
             (long long)ind_rate);
    assert_int_equal(scalar(sql), 4);

    /* the latest value comes with the indicator */
    struct focus_ind *inds;
    size_t n;
    assert_int_equal(focus_indicators(g_db, g_a, fp_rate, &inds, &n), DB_OK);
    assert_int_equal(n, 1);
    assert_true(inds[0].has_latest);
    assert_string_equal(inds[0].latest_on, "2025-04-30");
    assert_string_equal(inds[0].category_names, "Afval");
}

/* Confidential categories cannot feed an indicator: refused when it is
 * defined (a confidential category, or a main one with a confidential sub
 * category), and never counted, whatever is stored. */
static void test_confidential_never_counted(void **state)
{
    (void)state;
    struct category tree[] = {
        {.id = 1, .name = "Afval"},
        {.id = 2, .parent_id = 1, .name = "Grofvuil"},
        {.id = 3, .name = "Zorg en welzijn"},
        {.id = 4, .parent_id = 3, .name = "Zorgen om een buurtbewoner", .confidential = 1},
        {.id = 5, .name = "Vertrouwelijk", .confidential = 1},
    };
    size_t nt = sizeof tree / sizeof tree[0];
    assert_null(indicator_category_rule(tree, nt, 1));
    assert_null(indicator_category_rule(tree, nt, 2));
    assert_non_null(indicator_category_rule(tree, nt, 3)); /* its child is confidential */
    assert_non_null(indicator_category_rule(tree, nt, 4));
    assert_non_null(indicator_category_rule(tree, nt, 5));
    assert_non_null(indicator_category_rule(tree, nt, 99)); /* not in the list */
    /* the demo tree: "Zorg en welzijn" is refused */
    struct category *all;
    size_t na;
    assert_int_equal(category_list_all(g_db, g_a, &all, &na), DB_OK);
    assert_non_null(
        indicator_category_rule(all, na, category_id_by_slug(g_db, "zorg-en-welzijn", 1)));
    assert_null(indicator_category_rule(all, na, category_id_by_slug(g_db, "afval", 1)));

    /* In Industriegebied: one signal that counts, and three confidential ones */
    const char *wk = "WK063708";
    add_signal(wk, "grofvuil", 0, at(2025, 2, 10), at(2025, 2, 12), 0, "q1", 0);
    int64_t held = add_signal(wk, "grofvuil", 0, at(2025, 2, 11), at(2025, 2, 12), 0, "q2", 0);
    int64_t intake = add_signal(wk, "grofvuil", 0, at(2025, 2, 12), at(2025, 2, 13), 0, "q3", 0);
    add_signal(wk, "zorgen-om-een-buurtbewoner", 0, at(2025, 2, 13), at(2025, 2, 14), 0, "q4", 0);
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE signal SET confidential = 1 WHERE id = %lld",
             (long long)held);
    assert_int_equal(sqlite3_exec(db_handle(g_db), sql, NULL, NULL, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql, "UPDATE signal SET intake_confidential = 1 WHERE id = %lld",
             (long long)intake);
    assert_int_equal(sqlite3_exec(db_handle(g_db), sql, NULL, NULL, NULL), SQLITE_OK);
    int64_t wijk = area_id_by_code(g_db, "wijk", wk, 0);
    int64_t ind;
    int64_t fp = make_focus(wijk, "distinct_reporters", &ind);
    struct focus_auto x = {.id = ind,
                           .focuspunt_id = fp,
                           .method = "distinct_reporters",
                           .baseline_date = "2025-01-15",
                           .period_start = "2025-01-01",
                           .period_end = "2026-12-31"};
    bool has;
    double v;
    /* with "Zorg en welzijn" stored beside Afval (as before the rule), and
     * with no category at all (every signal): only the one that counts */
    int64_t cats[2] = {category_id_by_slug(g_db, "afval", 1),
                       category_id_by_slug(g_db, "zorg-en-welzijn", 1)};
    assert_int_equal(focus_indicator_set_categories(g_db, ind, cats, 2), DB_OK);
    assert_int_equal(indicator_compute(g_db, &x, "2025-03-31", at(2025, 4, 10), &has, &v), 0);
    assert_true(has && v == 1.0);
    assert_int_equal(focus_indicator_set_categories(g_db, ind, NULL, 0), DB_OK);
    assert_int_equal(indicator_compute(g_db, &x, "2025-03-31", at(2025, 4, 10), &has, &v), 0);
    assert_true(has && v == 1.0);
}

/* A focus point is named by its period's first year and its number. */
static void test_code(void **state)
{
    (void)state;
    char c[FOCUS_CODE_LEN];
    focus_code(3, "2016-01-01", c);
    assert_string_equal(c, "2016-3");
    focus_code(1, "2025-01-01", c);
    assert_string_equal(c, "2025-1");
    focus_code(12, "2024-07-01", c);
    assert_string_equal(c, "2024-12");
    focus_code(0, "2025-01-01", c);
    assert_string_equal(c, "2025");
    focus_code(4, NULL, c);
    assert_string_equal(c, "4");
    focus_code(4, "20x", c);
    assert_string_equal(c, "4");
}

/* An indicator's value keeps its unit and reads in a sentence. */
static void test_with_unit(void **state)
{
    (void)state;
    arena *a = arena_new(1024);
    assert_string_equal(indicator_with_unit(a, "120", "per jaar"), "120 per jaar");
    assert_string_equal(indicator_with_unit(a, "31,5", "%"), "31,5%");
    assert_string_equal(indicator_with_unit(a, "6,8", "rapportcijfer"), "6,8 (rapportcijfer)");
    assert_string_equal(indicator_with_unit(a, "34", "bezoekers"), "34 bezoekers");
    assert_string_equal(indicator_with_unit(a, "7", NULL), "7");
    assert_string_equal(indicator_with_unit(a, "7", ""), "7");
    arena_free(a);
}

/* Who decides: a new point is a proposal; without the college's decision
 * it can only be withdrawn; decided, it never becomes a proposal again; the
 * date is never set or changed by an edit; the wethouder's decision takes
 * an open proposal and a date that is not after today. */
static void test_who_decides(void **state)
{
    (void)state;
    assert_null(focus_edit_status_validate(NULL, NULL, "voorgesteld", NULL));
    assert_non_null(focus_edit_status_validate(NULL, NULL, "vastgesteld", NULL));
    assert_non_null(focus_edit_status_validate(NULL, NULL, "lopend", NULL));
    assert_non_null(focus_edit_status_validate(NULL, NULL, "voorgesteld", "2025-02-11"));
    /* a proposal: keep it or withdraw it */
    assert_null(focus_edit_status_validate("voorgesteld", NULL, "voorgesteld", NULL));
    assert_null(focus_edit_status_validate("voorgesteld", NULL, "gestopt", NULL));
    assert_non_null(focus_edit_status_validate("voorgesteld", NULL, "vastgesteld", NULL));
    assert_non_null(focus_edit_status_validate("voorgesteld", NULL, "lopend", NULL));
    assert_non_null(focus_edit_status_validate("voorgesteld", NULL, "vastgesteld", "2025-02-11"));
    /* a withdrawn proposal can be proposed again, but not decided */
    assert_null(focus_edit_status_validate("gestopt", NULL, "voorgesteld", NULL));
    assert_non_null(focus_edit_status_validate("gestopt", NULL, "lopend", NULL));
    /* decided: on through the statuses, the date as it was */
    assert_null(focus_edit_status_validate("vastgesteld", "2025-02-11", "lopend", "2025-02-11"));
    assert_null(focus_edit_status_validate("lopend", "2025-02-11", "afgerond", "2025-02-11"));
    assert_null(focus_edit_status_validate("lopend", "2025-02-11", "gestopt", "2025-02-11"));
    assert_non_null(
        focus_edit_status_validate("lopend", "2025-02-11", "voorgesteld", "2025-02-11"));
    assert_non_null(focus_edit_status_validate("lopend", "2025-02-11", "lopend", "2025-03-01"));
    assert_non_null(focus_edit_status_validate("lopend", "2025-02-11", "lopend", NULL));
    assert_non_null(focus_edit_status_validate("lopend", "2025-02-11", "onbekend", "2025-02-11"));
    /* the decision */
    assert_null(focus_decision_validate("voorgesteld", NULL, "2025-02-11", "2025-02-11"));
    assert_non_null(focus_decision_validate("voorgesteld", NULL, "2025-02-12", "2025-02-11"));
    assert_non_null(focus_decision_validate("voorgesteld", NULL, "2025-02-30", "2025-03-11"));
    assert_non_null(focus_decision_validate("voorgesteld", NULL, "", "2025-03-11"));
    assert_non_null(focus_decision_validate("voorgesteld", "2025-01-01", "2025-02-11", NULL));
    assert_non_null(focus_decision_validate("gestopt", NULL, "2025-02-11", NULL));
    assert_non_null(focus_decision_validate("lopend", "2025-01-01", "2025-02-11", NULL));
    /* loaded decided without the date (2016): decided all the same */
    assert_null(focus_edit_status_validate("vastgesteld", NULL, "lopend", NULL));
    assert_non_null(focus_edit_status_validate("vastgesteld", NULL, "voorgesteld", NULL));
    assert_non_null(focus_edit_status_validate("vastgesteld", NULL, "lopend", "2016-03-01"));
    assert_non_null(focus_decision_validate("vastgesteld", NULL, "2016-03-01", NULL));
    /* a rejection: the college's too (never through an edit), and final */
    assert_non_null(focus_edit_status_validate("voorgesteld", NULL, "niet_vastgesteld", NULL));
    assert_non_null(
        focus_edit_status_validate("vastgesteld", "2025-02-11", "niet_vastgesteld", "2025-02-11"));
    assert_null(focus_edit_status_validate("niet_vastgesteld", "2025-02-11", "niet_vastgesteld",
                                           "2025-02-11"));
    assert_non_null(
        focus_edit_status_validate("niet_vastgesteld", "2025-02-11", "lopend", "2025-02-11"));
    assert_non_null(
        focus_edit_status_validate("niet_vastgesteld", "2025-02-11", "gestopt", "2025-02-11"));
    assert_false(focus_status_public("niet_vastgesteld"));
    struct focus_problem p[2];
    assert_int_equal(
        focus_rejection_validate("voorgesteld", NULL, "2025-02-11", "Te duur.", "2025-02-11", p),
        0);
    assert_int_equal(
        focus_rejection_validate("voorgesteld", NULL, "2025-02-12", "", "2025-02-11", p), 2);
    assert_string_equal(p[0].field, "rejected_on");
    assert_string_equal(p[1].field, "reason");
    char longer[2100];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(
        focus_rejection_validate("voorgesteld", NULL, "2025-02-11", longer, "2025-02-11", p), 1);
    assert_string_equal(p[0].field, "reason");
    /* no open proposal: that is all there is to say */
    assert_int_equal(focus_rejection_validate("niet_vastgesteld", "2025-02-11", "2025-02-11", "",
                                              "2025-02-11", p),
                     1);
    assert_string_equal(p[0].field, "rejected_on");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_who_decides),
        cmocka_unit_test(test_validate_focus),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_with_unit),
        cmocka_unit_test(test_validate_indicator),
        cmocka_unit_test(test_validate_action_measurement),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_overdue_month_end),
        cmocka_unit_test(test_automatic),
        cmocka_unit_test(test_confidential_never_counted),
        cmocka_unit_test(test_code),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
