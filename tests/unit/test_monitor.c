/*
 * test_monitor.c: the monitor's summaries and figures on a real SQLite file.
 * Signals are inserted, changed, merged, split and deleted with SQL; after
 * each round the summary tables of migrations 0007 and 0013 must equal a
 * recount of the signal table, by months of the municipality's time
 * (Europe/Amsterdam). Years are counted from 1 January 00:00 in Zoetermeer
 * (1735686000 is 2025-01-01T00:00+01:00). Then the figures of a wijk (signals, median, reach,
 * focus points with progress and overdue actions), and the frozen report of
 * a closed year, which must not change when signals and contacts do.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/monitor.h"
#include "domain/seed.h"
#include "store/monitor_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char g_dir[] = "/tmp/wr-test-monitor-XXXXXX";
static db *g_db;
static arena *g_a;

static long long count(const char *sql)
{
    sqlite3_stmt *st;
    long long n = -1;
    if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void exec(const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(g_db), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

static int setup(void **state)
{
    char err[512];
    if (!mkdtemp(g_dir) || auth_init() != 0 || db_setup(g_dir, err, sizeof err) != 0)
        return -1;
    g_db = db_thread();
    g_a = arena_new(1 << 16);
    struct seed_options so = {
        .jurisdiction_id = "zoetermeer.nl", .demo = 1, .demo_password = "test-password-1"};
    return g_db && g_a && seed_run(g_db, &so, err, sizeof err) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    arena_free(g_a);
    db_thread_close();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The summaries as a recount would make them; 0 when they agree. */
static long long disagreements(void)
{
/* The month in Europe/Amsterdam, written out from the rule (summer time from
 * 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
 * October) rather than from the migration's column, so the recount checks it. */
#define LOCAL                                                                                      \
    "(created_at + 3600 + 3600 * (created_at >= unixepoch(strftime('%Y', created_at,"              \
    " 'unixepoch') || '-03-25', 'weekday 0', '+1 hour') AND created_at < unixepoch(strftime('%Y'," \
    " created_at, 'unixepoch') || '-10-25', 'weekday 0', '+1 hour')))"
#define M "CAST(strftime('%Y%m', " LOCAL ", 'unixepoch') AS INTEGER)"
#define Y "CAST(strftime('%Y', " LOCAL ", 'unixepoch') AS INTEGER)"
#define W " FROM signal WHERE merged_into IS NULL AND parent_id IS NULL"
    static const char *const pairs[][2] = {
        {"SELECT month, wijk_id, n, closed, within, handed_off, handoffs FROM monitor_month"
         " WHERE n <> 0",
         "SELECT " M ", coalesce(wijk_id, 0), count(*), sum(closed_at IS NOT NULL),"
         " sum(coalesce(closed_at <= deadline_at, 0)), sum(handoffs > 0), sum(handoffs)" W
         " GROUP BY 1, 2"},
        {"SELECT month, wijk_id, category_id, n FROM monitor_category WHERE n <> 0",
         "SELECT " M ", coalesce(wijk_id, 0), category_id, count(*)" W " GROUP BY 1, 2, 3"},
        {"SELECT month, wijk_id, channel, n FROM monitor_channel WHERE n <> 0",
         "SELECT " M ", coalesce(wijk_id, 0), channel, count(*)" W " GROUP BY 1, 2, 3"},
        {"SELECT month, wijk_id, days, n FROM monitor_days WHERE n <> 0",
         "SELECT " M ", coalesce(wijk_id, 0), min((closed_at - created_at) / 86400, 400),"
         " count(*)" W " AND closed_at IS NOT NULL GROUP BY 1, 2, 3"},
        {"SELECT year, scope, pseudonym, n FROM monitor_reporter",
         "SELECT * FROM (SELECT " Y ", 0, reporter_pseudonym, count(*)" W
         " AND reporter_pseudonym IS NOT NULL GROUP BY 1, 3 UNION ALL SELECT " Y
         ", wijk_id, reporter_pseudonym, count(*)" W
         " AND reporter_pseudonym IS NOT NULL AND wijk_id IS NOT NULL GROUP BY 1, 2, 3)"},
        {"SELECT year, scope, reporters, repeat FROM monitor_reach WHERE reporters <> 0",
         "SELECT year, scope, count(*), sum(n > 1) FROM monitor_reporter GROUP BY 1, 2"},
    };
    long long bad = 0;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char sql[8192];
        snprintf(sql, sizeof sql,
                 "SELECT (SELECT count(*) FROM (%s EXCEPT %s)) + (SELECT count(*) FROM (%s EXCEPT "
                 "%s))",
                 pairs[i][0], pairs[i][1], pairs[i][1], pairs[i][0]);
        long long n = count(sql);
        if (n != 0)
            fprintf(stderr, "summary %zu disagrees with the recount in %lld rows\n", i, n);
        bad += n;
    }
    return bad;
#undef LOCAL
#undef M
#undef Y
#undef W
}

/* 600 signals in 2024 and 2025 over three wijken (and none), 6 categories,
 * every channel, two in three closed, some late, some handed off, 40 reporters. */
static void insert_signals(void)
{
    exec("INSERT INTO signal (token, type, channel, category_id, description, wijk_id, status,"
         " owner_org_id, handoffs, created_at, updated_at, deadline_at, closed_at,"
         " reporter_pseudonym, confidential)"
         " WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < 600)"
         " SELECT 'tok' || k, 'melding',"
         " json_extract('[\"web\",\"balie\",\"telefoon\",\"email\",\"raadslid\",\"partner\","
         "   \"api\"]', '$[' || (k % 7) || ']'),"
         " (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM category"
         "   WHERE parent_id IS NOT NULL) WHERE rn = k % 6),"
         " 'test', CASE k % 4 WHEN 0 THEN NULL WHEN 1 THEN (SELECT id FROM area WHERE slug ="
         " 'oosterheem') WHEN 2 THEN (SELECT id FROM area WHERE slug = 'rokkeveen') ELSE"
         " (SELECT id FROM area WHERE slug = 'centrum') END,"
         " CASE WHEN k % 3 <> 0 THEN 'afgehandeld' ELSE 'gemeld' END,"
         " (SELECT id FROM organisation ORDER BY id LIMIT 1), k % 3,"
         " 1704067200 + k * 100000, 1704067200 + k * 100000, 1704067200 + k * 100000 + 432000,"
         " CASE WHEN k % 3 <> 0 THEN 1704067200 + k * 100000 + (k % 9) * 86400 END,"
         " CASE WHEN k % 5 = 0 THEN NULL ELSE 'p' || (k % 40) END, k % 11 = 0"
         " FROM i");
}

static void test_summaries_follow_every_change(void **state)
{
    insert_signals();
    assert_int_equal(count("SELECT sum(n) FROM monitor_month"), 600);
    assert_int_equal(disagreements(), 0);
    /* close, reopen, move, recategorise, hand off */
    exec("UPDATE signal SET closed_at = created_at + 3 * 86400, status = 'afgehandeld'"
         " WHERE id % 7 = 1 AND closed_at IS NULL");
    exec("UPDATE signal SET closed_at = NULL, status = 'heropend' WHERE id % 13 = 0");
    exec("UPDATE signal SET wijk_id = (SELECT id FROM area WHERE slug = 'noordhove')"
         " WHERE id % 17 = 0");
    exec("UPDATE signal SET handoffs = handoffs + 1 WHERE id % 5 = 2");
    exec("UPDATE signal SET reporter_pseudonym = NULL WHERE id % 19 = 0");
    assert_int_equal(disagreements(), 0);
    /* merge duplicates, split off sub tasks, delete */
    exec("UPDATE signal SET merged_into = 1 WHERE id BETWEEN 2 AND 20");
    exec("INSERT INTO signal (token, type, channel, category_id, description, wijk_id, status,"
         " owner_org_id, created_at, updated_at, deadline_at, parent_id)"
         " SELECT 'task' || id, type, channel, category_id, 'deeltaak', wijk_id, 'gemeld',"
         " owner_org_id, created_at, created_at, deadline_at, id FROM signal WHERE id <= 30");
    exec("UPDATE signal SET merged_into = NULL WHERE id BETWEEN 2 AND 5");
    exec("DELETE FROM signal WHERE id BETWEEN 100 AND 140");
    assert_int_equal(disagreements(), 0);
    assert_int_equal(count("SELECT sum(n) FROM monitor_month"),
                     count("SELECT count(*) FROM signal WHERE merged_into IS NULL"
                           " AND parent_id IS NULL"));
}

/* A region's reporters against a recount, for both years. */
static void assert_region_reach(const char *set, const char *in)
{
    for (int year = 2024; year <= 2025; year++) {
        int64_t reporters, repeat;
        assert_int_equal(mon_reach_set(g_db, year, set, &reporters, &repeat), DB_OK);
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM (SELECT sum(n) AS c FROM monitor_reporter WHERE year = %d"
                 " AND scope IN %s GROUP BY pseudonym)",
                 year, in);
        assert_int_equal(reporters, count(sql));
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM (SELECT sum(n) AS c FROM monitor_reporter WHERE year = %d"
                 " AND scope IN %s GROUP BY pseudonym) WHERE c > 1",
                 year, in);
        assert_int_equal(repeat, count(sql));
    }
}

/* The reporters of a set of wijken are counted once each (mon_reach_set), and
 * the count kept in memory follows every change of their rows: also one that
 * leaves each wijk's own totals as they were. */
static void test_region_reach_follows_every_change(void **state)
{
    long long o = count("SELECT id FROM area WHERE slug = 'oosterheem'"),
              r = count("SELECT id FROM area WHERE slug = 'rokkeveen'");
    char set[64], in[64];
    snprintf(set, sizeof set, "[%lld,%lld]", o, r);
    snprintf(in, sizeof in, "(%lld,%lld)", o, r);
    assert_true(count("SELECT count(*) FROM monitor_reporter WHERE year = 2025 AND scope IN"
                      " (SELECT area_id FROM area_region) AND scope <> 0") > 0);
    assert_region_reach(set, in);
    /* pseudonyms as the program makes them (64 hex digits): one reporter in
     * both wijken, one in each */
    char sql[1024];
    static const char *const who[] = {"aa", "aa", "bb", "cc"};
    for (int i = 0; i < 4; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO signal (token, type, channel, category_id, description, wijk_id,"
                 " status, owner_org_id, created_at, updated_at, deadline_at, reporter_pseudonym)"
                 " SELECT 'hex%d', 'melding', 'web', category_id, 'test', %lld, 'gemeld',"
                 " owner_org_id, 1750000000, 1750000000, 1750500000, printf('%%s%%062d', '%s', 7)"
                 " FROM signal WHERE id = 1",
                 i, i % 2 ? r : o, who[i]);
        exec(sql);
    }
    assert_region_reach(set, in);
    int64_t before, before_repeat;
    assert_int_equal(mon_reach_set(g_db, 2025, set, &before, &before_repeat), DB_OK);
    /* in Oosterheem 'aa' (also in Rokkeveen) becomes 'dd': Oosterheem's own
     * totals stay as they were, the region has one reporter more */
    snprintf(sql, sizeof sql,
             "SELECT reporters * 1000 + repeat FROM monitor_reach WHERE year = 2025 AND"
             " scope = %lld",
             o);
    long long own = count(sql);
    exec("UPDATE signal SET reporter_pseudonym = printf('%s%062d', 'dd', 7)"
         " WHERE token = 'hex0'");
    assert_int_equal(count(sql), own);
    assert_region_reach(set, in);
    int64_t now, now_repeat;
    assert_int_equal(mon_reach_set(g_db, 2025, set, &now, &now_repeat), DB_OK);
    assert_int_equal(now, before + 1);
    /* the one in both wijken moves to one of them: one signal less elsewhere */
    exec("UPDATE signal SET wijk_id = (SELECT id FROM area WHERE slug = 'noordhove')"
         " WHERE token = 'hex1'");
    assert_region_reach(set, in);
    exec("DELETE FROM signal WHERE token IN ('hex0', 'hex3')");
    assert_region_reach(set, in);
    int64_t after, after_repeat;
    assert_int_equal(mon_reach_set(g_db, 2025, set, &after, &after_repeat), DB_OK);
    assert_int_equal(after, before - 2); /* +1 'dd', -1 'aa' moved, -2 deleted */
    /* a set of one and a set in another order are counted alike */
    snprintf(set, sizeof set, "[%lld,%lld]", r, o);
    assert_region_reach(set, in);
    assert_int_equal(disagreements(), 0);
}

static void test_figures_of_a_wijk(void **state)
{
    long long oh = count("SELECT id FROM area WHERE slug = 'oosterheem'");
    /* a focus point in Oosterheem with one indicator and two actions */
    exec("INSERT INTO focuspunt (id, number, title, period_start, period_end, problem)"
         " VALUES (900, 41, 'Schoon Oosterheem', '2024-03-01', '2026-02-28', 'Veel zwerfafval')");
    char sql[512];
    snprintf(sql, sizeof sql, "INSERT INTO focuspunt_area VALUES (900, %lld)", oh);
    exec(sql);
    exec("INSERT INTO focus_goal (id, focuspunt_id, text) VALUES (901, 900, 'Minder afval')");
    exec("INSERT INTO focus_indicator (id, goal_id, name, unit, baseline_value, target_value,"
         " higher_is_better) VALUES (902, 901, 'Meldingen afval per 1.000', 'per 1.000', 40, 20,"
         " 0)");
    exec("INSERT INTO focus_measurement (indicator_id, measured_on, value, entered_at) VALUES"
         " (902, '2024-12-31', 35, 0), (902, '2025-12-31', 30, 0), (902, '2026-06-30', 10, 0)");
    /* worse in the last month, better than at the start: the trend is since the start */
    exec("INSERT INTO focus_indicator (id, goal_id, name, unit, baseline_value, target_value,"
         " higher_is_better) VALUES (903, 901, 'Zwerfafval per 1.000', 'per 1.000', 10, 5, 0)");
    exec("INSERT INTO focus_measurement (indicator_id, measured_on, value, entered_at) VALUES"
         " (903, '2025-11-30', 8, 0), (903, '2025-12-31', 9, 0)");
    exec("INSERT INTO focus_action (focuspunt_id, title, owner_kind, owner_text, due_on, status,"
         " done_on, updated_at) VALUES (900, 'Extra prullenbakken', 'bewoners', 'Buurtgroep',"
         " '2025-05-01', 'gereed', '2025-04-20', 0), (900, 'Schoonmaakdag', 'bewoners',"
         " 'Buurtgroep', '2025-09-01', 'lopend', NULL, 0)");
    exec("INSERT INTO focus_report_text VALUES (900, 2025, 'Het gaat beter.', NULL, 0)");

    struct monitor_area ar = {.kind = MON_WIJK, .id = oh, .slug = "oosterheem"};
    json_t *f = monitor_figures(g_db, g_a, &ar, 2025, MON_MONTH, "2026-03-01", 1772323200, 1);
    assert_non_null(f);
    json_t *sig = json_object_get(f, "signals");
    long long expect = count("SELECT count(*) FROM signal WHERE merged_into IS NULL AND parent_id"
                             " IS NULL AND wijk_id = (SELECT id FROM area WHERE slug ="
                             " 'oosterheem') AND created_at >= 1735686000 AND created_at <"
                             " 1767222000");
    assert_true(expect > 0);
    assert_int_equal(json_integer_value(json_object_get(sig, "total")), expect);
    assert_true(json_is_integer(json_object_get(sig, "median_days")));
    json_t *reach = json_object_get(f, "reach");
    assert_int_equal(json_integer_value(json_object_get(reach, "reporters")),
                     count("SELECT count(DISTINCT reporter_pseudonym) FROM signal WHERE"
                           " merged_into IS NULL AND parent_id IS NULL AND wijk_id = (SELECT id"
                           " FROM area WHERE slug = 'oosterheem') AND created_at >= 1735686000"
                           " AND created_at < 1767222000"));
    json_t *fp = json_array_get(json_object_get(f, "focus"), 0);
    assert_string_equal(json_string_value(json_object_get(fp, "title")), "Schoon Oosterheem");
    assert_string_equal(json_string_value(json_object_get(fp, "report_text")), "Het gaat beter.");
    json_t *in = json_array_get(
        json_object_get(json_array_get(json_object_get(fp, "goals"), 0), "indicators"), 0);
    /* measured at the end of 2025 is 30 (the 2026 value is after the year) */
    assert_true(json_real_value(json_object_get(in, "measured")) == 30.0);
    assert_string_equal(json_string_value(json_object_get(in, "trend")), "beter");
    assert_true(json_real_value(json_object_get(in, "progress")) == 50.0);
    json_t *in2 = json_array_get(
        json_object_get(json_array_get(json_object_get(fp, "goals"), 0), "indicators"), 1);
    assert_true(json_real_value(json_object_get(in2, "measured")) == 9.0);
    assert_string_equal(json_string_value(json_object_get(in2, "trend")), "beter");
    assert_int_equal(json_array_size(json_object_get(fp, "actions_done")), 1);
    assert_int_equal(json_array_size(json_object_get(fp, "actions_open")), 1);
    assert_int_equal(json_integer_value(json_object_get(fp, "actions_overdue")), 1);
    json_decref(f);

    /* the city has every signal, also those without a wijk */
    struct monitor_area city = {.kind = MON_CITY};
    f = monitor_figures(g_db, g_a, &city, 2025, MON_YEAR, "2026-03-01", 1772323200, 0);
    assert_non_null(f);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(f, "signals"), "total")),
                     count("SELECT count(*) FROM signal WHERE merged_into IS NULL AND parent_id"
                           " IS NULL AND created_at >= 1735686000 AND created_at < 1767222000"));
    assert_int_equal(json_array_size(json_object_get(f, "trend")), 5);
    assert_null(json_object_get(f, "workload"));
    json_decref(f);
}

/* A month and a year are the municipality's: a signal of 1 January 00:30 in
 * Zoetermeer (23:30 UTC the day before) counts in January of the new year,
 * in its figures, its reach and its council report; one of 1 April 00:30
 * summer time (22:30 UTC) in April. */
static void test_months_in_local_time(void **state)
{
    long long before25 = count("SELECT coalesce(sum(n), 0) FROM monitor_month"
                               " WHERE month BETWEEN 202501 AND 202512");
    long long before26 = count("SELECT coalesce(sum(n), 0) FROM monitor_month"
                               " WHERE month BETWEEN 202601 AND 202612");
    exec("INSERT INTO signal (token, type, channel, category_id, description, wijk_id, status,"
         " owner_org_id, created_at, updated_at, deadline_at, reporter_pseudonym) SELECT"
         " 'nieuwjaar', 'melding', 'web', (SELECT id FROM category WHERE parent_id IS NOT NULL"
         " LIMIT 1), 'vuurwerkresten', (SELECT id FROM area WHERE slug = 'rokkeveen'), 'gemeld',"
         " (SELECT id FROM organisation ORDER BY id LIMIT 1), 1767223800, 1767223800,"
         " 1767223800 + 432000, 'nieuwjaarsmelder'");
    exec("INSERT INTO signal (token, type, channel, category_id, description, wijk_id, status,"
         " owner_org_id, created_at, updated_at, deadline_at) SELECT 'april', 'melding', 'web',"
         " (SELECT id FROM category WHERE parent_id IS NOT NULL LIMIT 1), 'april',"
         " (SELECT id FROM area WHERE slug = 'rokkeveen'), 'gemeld',"
         " (SELECT id FROM organisation ORDER BY id LIMIT 1), 1743460200, 1743460200,"
         " 1743460200 + 432000");
    assert_int_equal(count("SELECT created_month FROM signal WHERE token = 'nieuwjaar'"), 202601);
    assert_int_equal(count("SELECT created_month FROM signal WHERE token = 'april'"), 202504);
    assert_int_equal(count("SELECT coalesce(sum(n), 0) FROM monitor_month"
                           " WHERE month BETWEEN 202501 AND 202512"),
                     before25 + 1);
    assert_int_equal(count("SELECT coalesce(sum(n), 0) FROM monitor_month"
                           " WHERE month BETWEEN 202601 AND 202612"),
                     before26 + 1);
    assert_int_equal(count("SELECT count(*) FROM monitor_reporter WHERE year = 2026 AND"
                           " pseudonym = 'nieuwjaarsmelder'"),
                     2);
    assert_int_equal(disagreements(), 0);
    struct monitor_area ar = {.kind = MON_WIJK,
                              .id = count("SELECT id FROM area WHERE slug = 'rokkeveen'"),
                              .slug = "rokkeveen"};
    json_t *f = monitor_figures(g_db, g_a, &ar, 2026, MON_MONTH, "2026-03-01", 1772323200, 0);
    assert_non_null(f);
    json_t *jan = json_array_get(json_object_get(f, "trend"), 0);
    assert_int_equal(json_integer_value(json_object_get(jan, "n")),
                     count("SELECT count(*) FROM signal WHERE merged_into IS NULL AND parent_id"
                           " IS NULL AND wijk_id = (SELECT id FROM area WHERE slug = 'rokkeveen')"
                           " AND created_at >= 1767222000 AND created_at < 1769900400"));
    assert_true(json_integer_value(json_object_get(jan, "n")) >= 1);
    json_decref(f);
    /* moving it across the year boundary moves it out of 2026 */
    exec("UPDATE signal SET created_at = 1767221400 WHERE token = 'nieuwjaar'");
    assert_int_equal(count("SELECT created_month FROM signal WHERE token = 'nieuwjaar'"), 202512);
    assert_int_equal(disagreements(), 0);
    exec("DELETE FROM signal WHERE token IN ('nieuwjaar', 'april')");
    assert_int_equal(disagreements(), 0);
}

static char *report_text(int year)
{
    json_t *r = monitor_report(g_db, g_a, year, "2026-03-01", 1772323200);
    assert_non_null(r);
    json_object_del(r, "closed");
    json_object_del(r, "closed_at");
    char *s = json_dumps(r, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(r);
    return s;
}

static void test_closed_year_does_not_change(void **state)
{
    char *before = report_text(2025);
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(monitor_close_year(g_db, g_a, 2025, 0, "2026-03-01", 1772323200), DB_OK);
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_int_equal(monitor_close_year(g_db, g_a, 2025, 0, "2026-03-01", 1772323200),
                     DB_CONSTRAINT);
    char *closed = report_text(2025);
    assert_string_equal(before, closed);
    /* personal data erased, signals changed and removed, focus data edited */
    exec("UPDATE signal SET reporter_pseudonym = NULL");
    exec("DELETE FROM signal_contact");
    exec("DELETE FROM signal WHERE id % 3 = 0");
    exec("UPDATE focus_report_text SET text = 'Later herschreven.'");
    exec("UPDATE focus_measurement SET value = 99");
    char *after = report_text(2025);
    assert_string_equal(closed, after);
    /* the live figures did change */
    char *live = report_text(2024);
    assert_non_null(strstr(live, "\"year\":2024"));
    assert_int_equal(
        sqlite3_exec(db_handle(g_db), "UPDATE year_snapshot SET data = '{}'", NULL, NULL, NULL) &
            0xff,
        SQLITE_CONSTRAINT);
    free(before);
    free(closed);
    free(after);
    free(live);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summaries_follow_every_change),
        cmocka_unit_test(test_region_reach_follows_every_change),
        cmocka_unit_test(test_figures_of_a_wijk),
        cmocka_unit_test(test_months_in_local_time),
        cmocka_unit_test(test_closed_year_does_not_change),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
