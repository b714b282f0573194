/*
 * test_demo.c: the generated demo history on a real SQLite file, as
 * `init --demo --demo-date 2026-06-30 --demo-seed 7` makes it: how many
 * signals a year and where, the skew over categories, channels, seasons and
 * weekdays, histories that follow the status table, reporters and the
 * retention of their contact details, no e-mail queued, the bulk router
 * deciding as signal_route does, idempotency and determinism.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/demo.h"
#include "domain/seed.h"
#include "domain/signal.h"
#include "lib/arena.h"
#include "store/area_store.h"
#include "store/signal_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEMO_DATE "2026-06-30"
#define DEMO_SEED 7

static char g_dir[] = "/tmp/wr-test-demo-XXXXXX";
static db *g_db;
static int64_t g_now; /* the demo's "now": the start of the demo date */

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

static double real(const char *sql)
{
    sqlite3_stmt *st;
    double v = -1;
    if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

static struct seed_options options(const char *date, uint64_t seed)
{
    struct seed_options so = {.jurisdiction_id = "zoetermeer.nl",
                              .demo = 1,
                              .demo_password = "test-password-1",
                              .demo_date = date,
                              .demo_seed = seed};
    return so;
}

/* A fresh data folder in dir (a mkdtemp template), loaded with the options. */
static int open_fresh(char *dir, const struct seed_options *so)
{
    char err[512];
    db_thread_close();
    if (!mkdtemp(dir) || db_setup(dir, err, sizeof err) != 0)
        return -1;
    g_db = db_thread();
    if (!g_db)
        return -1;
    if (so && seed_run(g_db, so, err, sizeof err) != 0) {
        fprintf(stderr, "seed_run: %s\n", err);
        return -1;
    }
    return 0;
}

static void remove_dir(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static int setup(void **state)
{
    if (auth_init() != 0)
        return -1;
    cal_date day;
    if (cal_parse_date(DEMO_DATE, 10, &day) != 0 || cal_to_unix(day, 0, &g_now) != 0)
        return -1;
    struct seed_options so = options(DEMO_DATE, DEMO_SEED);
    return open_fresh(g_dir, &so);
}

static int teardown(void **state)
{
    db_thread_close();
    signal_areas_free();
    remove_dir(g_dir);
    return 0;
}

/* Signals created in local year y (the boundaries as Unix times). */
static long long in_year(int y)
{
    int64_t a, b;
    if (cal_to_unix(cal_from_ymd(y, 1, 1), 0, &a) != 0 ||
        cal_to_unix(cal_from_ymd(y + 1, 1, 1), 0, &b) != 0)
        return -1;
    sqlite3_stmt *st;
    long long n = -1;
    if (sqlite3_prepare_v2(db_handle(g_db),
                           "SELECT count(*) FROM signal WHERE created_at >= ?1 AND created_at < ?2",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, a);
        sqlite3_bind_int64(st, 2, b);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

static void test_counts_per_year(void **state)
{
    /* 1 January two years before the demo date up to that date */
    assert_int_equal(in_year(2023), 0);
    for (int y = 2024; y <= 2025; y++) {
        long long n = in_year(y);
        assert_in_range(n, 22500, 27500);
    }
    /* 2026 up to 29 June: about half a year */
    assert_in_range(in_year(2026), 11000, 14000);
    int64_t last = count("SELECT max(created_at) FROM signal");
    assert_true(last < g_now);
    assert_true(last > g_now - 86400);
    assert_int_equal(count("SELECT count(*) FROM signal WHERE demo != 1"), 0);
}

static void test_owner_and_wijk(void **state)
{
    assert_true(count("SELECT count(*) FROM signal") > 50000);
    assert_int_equal(count("SELECT count(*) FROM signal s LEFT JOIN organisation o"
                           " ON o.id = s.owner_org_id WHERE o.id IS NULL"),
                     0);
    assert_int_equal(count("SELECT count(*) FROM signal s LEFT JOIN area a ON a.id = s.wijk_id"
                           " WHERE a.id IS NULL OR a.kind != 'wijk'"),
                     0);
    assert_int_equal(count("SELECT count(*) FROM signal WHERE lat IS NULL OR lon IS NULL"
                           " OR location_known != 1"),
                     0);
    /* every point lies in (or within the snapping distance of) its own wijk */
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db_handle(g_db), "SELECT lat, lon, wijk_id FROM signal", -1, &st, NULL),
        SQLITE_OK);
    long long n = 0, wrong = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        if (signal_locate(sqlite3_column_double(st, 0), sqlite3_column_double(st, 1)) !=
            sqlite3_column_int64(st, 2))
            wrong++;
    }
    sqlite3_finalize(st);
    assert_true(n > 50000);
    assert_int_equal(wrong, 0);
    /* signals routed to the wijkregisseur are owned by one */
    assert_int_equal(count("SELECT count(*) FROM signal s JOIN routing_rule r"
                           " ON r.id = s.routed_by_rule WHERE r.target_kind = 'wijkregisseur'"
                           " AND s.handoffs = 0 AND s.owner_user_id IS NULL"),
                     0);
}

static void test_population_spread(void **state)
{
    double o = (double)count("SELECT count(*) FROM signal s JOIN area a ON a.id = s.wijk_id"
                             " WHERE a.name = 'Oosterheem'");
    double n = (double)count("SELECT count(*) FROM signal s JOIN area a ON a.id = s.wijk_id"
                             " WHERE a.name = 'Noordhove'");
    double po = (double)count("SELECT p.inhabitants FROM population p JOIN area a"
                              " ON a.id = p.area_id WHERE a.name = 'Oosterheem'");
    double pn = (double)count("SELECT p.inhabitants FROM population p JOIN area a"
                              " ON a.id = p.area_id WHERE a.name = 'Noordhove'");
    assert_true(n > 0 && pn > 0 && po > pn);
    double ratio = (o / n) / (po / pn);
    assert_true(ratio > 0.75 && ratio < 1.25);
    /* the two wijken with hardly anyone living there get hardly any signals */
    assert_true(count("SELECT count(*) FROM signal s JOIN area a ON a.id = s.wijk_id"
                      " WHERE a.name IN ('Industriegebied', 'Buitengebied')") < 1000);
}

static long long in_main(const char *slugs)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM signal s JOIN category c ON c.id = s.category_id"
             " JOIN category p ON p.id = c.parent_id WHERE p.slug IN (%s)",
             slugs);
    return count(sql);
}

static long long sub_in_month(const char *slug, const char *month)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM signal s JOIN category c ON c.id = s.category_id"
             " WHERE c.slug = '%s' AND strftime('%%m', s.created_at, 'unixepoch') = '%s'",
             slug, month);
    return count(sql);
}

static void test_skew(void **state)
{
    double all = (double)count("SELECT count(*) FROM signal");
    double common = (double)in_main("'afval', 'schoon', 'openbaar-groen-en-water', "
                                    "'wegen-verkeer-straatmeubilair'");
    assert_true(common / all > 0.55);
    double not_public = (double)in_main("'ondermijning', 'wonen', "
                                        "'overlast-van-en-door-personen-of-groepen', "
                                        "'zorg-en-welzijn'");
    assert_true(not_public / all < 0.10);
    long long confidential = count("SELECT count(*) FROM signal WHERE confidential");
    assert_true(confidential > 0 && (double)confidential / all < 0.02);
    /* confidential ones belong to the care network */
    assert_int_equal(count("SELECT count(*) FROM signal s JOIN organisation o"
                           " ON o.id = s.owner_org_id WHERE s.confidential"
                           " AND o.kind != 'care_network'"),
                     0);
    /* seasons: winter service in winter, leaves in autumn, fireworks at new year */
    assert_true(sub_in_month("gladheid-winterdienst", "01") >
                5 * (sub_in_month("gladheid-winterdienst", "07") + 1));
    assert_true(sub_in_month("gladheid-bladeren", "11") >
                5 * (sub_in_month("gladheid-bladeren", "05") + 1));
    assert_true(sub_in_month("overlast-door-afsteken-vuurwerk", "12") >
                5 * (sub_in_month("overlast-door-afsteken-vuurwerk", "06") + 1));
    /* fewer on Sundays than on Mondays */
    long long sun = count("SELECT count(*) FROM signal WHERE"
                          " strftime('%w', created_at + 7200, 'unixepoch') = '0'");
    long long mon = count("SELECT count(*) FROM signal WHERE"
                          " strftime('%w', created_at + 7200, 'unixepoch') = '1'");
    assert_true(sun * 10 < mon * 8);
    /* waking hours (local time is UTC+1 or +2): little between 1 and 5 at night */
    assert_true(count("SELECT count(*) FROM signal WHERE"
                      " CAST(strftime('%H', created_at, 'unixepoch') AS INTEGER) BETWEEN 0 AND 3") <
                all * 0.02);
    /* types and channels */
    assert_true(count("SELECT count(*) FROM signal WHERE type = 'melding'") > all * 0.8);
    assert_true(count("SELECT count(*) FROM signal WHERE type = 'vraag'") > 0);
    assert_true(count("SELECT count(*) FROM signal WHERE type = 'klacht'") > 0);
    double counter =
        (double)count("SELECT count(*) FROM signal WHERE channel IN ('balie', 'telefoon')");
    assert_true(counter / all > 0.10 && counter / all < 0.20);
    assert_true(count("SELECT count(*) FROM signal WHERE channel = 'web'") > all * 0.7);
    for (const char *const *c = signal_channels; *c; c++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM signal WHERE channel = '%s'", *c);
        assert_true(count(sql) > 0);
    }
    /* counter signals are entered by the counter's account */
    assert_int_equal(count("SELECT count(*) FROM signal s LEFT JOIN user u ON u.id = s.created_by"
                           " WHERE s.channel IN ('balie', 'telefoon') AND u.login IS NOT 'balie'"),
                     0);
}

/* Replays each signal's events against the status table. */
static void test_history_consistent(void **state)
{
    assert_int_equal(count("SELECT count(*) FROM signal WHERE closed_at < created_at"
                           " OR updated_at < created_at OR deadline_at <= created_at"),
                     0);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM signal s JOIN signal_event e ON e.signal_id = s.id"
             " WHERE e.at < s.created_at OR e.at >= %lld",
             (long long)g_now);
    assert_int_equal(count(sql), 0);
    sqlite3_stmt *sig, *ev;
    assert_int_equal(sqlite3_prepare_v2(db_handle(g_db),
                                        "SELECT id, status, coalesce(closed_at, 0), owner_org_id,"
                                        " handoffs, updated_at FROM signal ORDER BY id",
                                        -1, &sig, NULL),
                     SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db_handle(g_db),
                           "SELECT signal_id, kind, from_status, to_status, at,"
                           " coalesce(from_org_id, 0), coalesce(to_org_id, 0), public, text"
                           " FROM signal_event ORDER BY signal_id, at, id",
                           -1, &ev, NULL),
        SQLITE_OK);
    int erc = sqlite3_step(ev);
    long long checked = 0, closings = 0;
    while (sqlite3_step(sig) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(sig, 0);
        char status[32] = "", final[32];
        snprintf(final, sizeof final, "%s", (const char *)sqlite3_column_text(sig, 1));
        int64_t closed_at = sqlite3_column_int64(sig, 2), owner = sqlite3_column_int64(sig, 3);
        int handoffs = sqlite3_column_int(sig, 4);
        int64_t updated = sqlite3_column_int64(sig, 5), last_change = 0, last_close = 0;
        int64_t org = 0;
        int nhandoffs = 0, created = 0;
        for (; erc == SQLITE_ROW && sqlite3_column_int64(ev, 0) == id; erc = sqlite3_step(ev)) {
            const char *kind = (const char *)sqlite3_column_text(ev, 1);
            const char *from = (const char *)sqlite3_column_text(ev, 2);
            const char *to = (const char *)sqlite3_column_text(ev, 3);
            int64_t at = sqlite3_column_int64(ev, 4);
            if (strcmp(kind, "created") == 0) {
                assert_int_equal(created, 0);
                assert_string_equal(to, "gemeld");
                created = 1;
                snprintf(status, sizeof status, "%s", to);
                org = sqlite3_column_int64(ev, 6);
                last_change = at;
            } else if (strcmp(kind, "status") == 0) {
                assert_true(created);
                assert_non_null(from);
                assert_string_equal(from, status);
                assert_true(signal_transition_allowed(from, to));
                const struct signal_status_info *si = signal_status(to);
                assert_non_null(si);
                if (si->closed) {
                    /* closing needs a message to the resident */
                    assert_int_equal(sqlite3_column_int(ev, 7), 1);
                    assert_non_null(sqlite3_column_text(ev, 8));
                    last_close = at;
                    closings++;
                }
                snprintf(status, sizeof status, "%s", to);
                last_change = at;
            } else if (strcmp(kind, "handoff") == 0) {
                assert_int_equal(sqlite3_column_int64(ev, 5), org);
                org = sqlite3_column_int64(ev, 6);
                assert_int_equal(sqlite3_column_int(ev, 7), 0); /* internal */
                nhandoffs++;
                last_change = at;
            }
        }
        assert_true(created);
        assert_string_equal(status, final);
        assert_int_equal(org, owner);
        assert_int_equal(nhandoffs, handoffs);
        assert_int_equal(updated, last_change);
        const struct signal_status_info *si = signal_status(final);
        assert_non_null(si);
        if (si->closed)
            assert_int_equal(closed_at, last_close);
        else
            assert_int_equal(closed_at, 0);
        checked++;
    }
    assert_int_equal(erc, SQLITE_DONE);
    sqlite3_finalize(sig);
    sqlite3_finalize(ev);
    assert_int_equal(checked, count("SELECT count(*) FROM signal"));
    assert_true(closings > 50000);
}

static void test_life(void **state)
{
    double all = (double)count("SELECT count(*) FROM signal");
    double closed = (double)count("SELECT count(*) FROM signal WHERE status = 'afgehandeld'");
    assert_true(closed / all > 0.9);
    double late = real("SELECT avg(closed_at > deadline_at) FROM signal"
                       " WHERE status = 'afgehandeld'");
    assert_true(late > 0.08 && late < 0.25);
    /* many quick ones: the median is well within the term */
    assert_true(real("SELECT avg(closed_at - created_at < (deadline_at - created_at) / 2)"
                     " FROM signal WHERE status = 'afgehandeld'") > 0.5);
    double cancelled = (double)count("SELECT count(*) FROM signal WHERE status = 'geannuleerd'");
    assert_true(cancelled / all > 0.015 && cancelled / all < 0.05);
    double reopened = (double)count("SELECT count(DISTINCT signal_id) FROM signal_event"
                                    " WHERE to_status = 'heropend'");
    assert_true(reopened / all > 0.01 && reopened / all < 0.04);
    double moved = (double)count("SELECT count(*) FROM signal WHERE handoffs > 0");
    assert_true(moved / all > 0.05 && moved / all < 0.12);
    long long many = count("SELECT count(*) FROM signal WHERE handoffs > 2");
    assert_true(many > 0 && many < moved / 5);
    /* the open ones: mostly from the last weeks, in the handling statuses */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT avg(created_at > %lld) FROM signal WHERE closed_at IS NULL",
             (long long)(g_now - 30 * 86400));
    assert_true(real(sql) > 0.5);
    snprintf(sql, sizeof sql, "SELECT avg(closed_at IS NULL) FROM signal WHERE created_at > %lld",
             (long long)(g_now - 2 * 86400));
    assert_true(real(sql) > 0.5);
    static const char *const open[] = {"gemeld", "in_behandeling", "ingepland", "wacht_op_melder"};
    for (size_t i = 0; i < sizeof open / sizeof open[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM signal WHERE status = '%s'", open[i]);
        assert_true(count(sql) > 0);
    }
    /* satisfaction answers as the status page records them */
    assert_true(count("SELECT count(*) FROM signal_event WHERE kind = 'satisfaction'") > 1000);
}

/* Signals of main category slug in wijk code created in [from, to) (days),
 * and of those whose deadline passed before the demo's "now" how many were
 * closed in time. */
static void pair_counts(const char *code, const char *slug, cal_date from, cal_date to,
                        long long *n, long long *due, long long *in_time)
{
    int64_t a, b;
    *n = *due = *in_time = -1;
    if (cal_to_unix(from, 0, &a) != 0 || cal_to_unix(to, 0, &b) != 0)
        return;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(
            db_handle(g_db),
            "SELECT count(*), sum(s.deadline_at < ?5), sum(s.deadline_at < ?5"
            " AND s.closed_at IS NOT NULL AND s.closed_at <= s.deadline_at)"
            " FROM signal s JOIN area w ON w.id = s.wijk_id JOIN category c ON c.id = s.category_id"
            " JOIN category m ON m.id = c.parent_id"
            " WHERE w.code = ?1 AND m.slug = ?2 AND s.created_at >= ?3 AND s.created_at < ?4",
            -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, slug, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, a);
        sqlite3_bind_int64(st, 4, b);
        sqlite3_bind_int64(st, 5, g_now);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *n = sqlite3_column_int64(st, 0);
            *due = sqlite3_column_int64(st, 1);
            *in_time = sqlite3_column_int64(st, 2);
        }
    }
    sqlite3_finalize(st);
}

/* The demo focus points of 2025-2026 change their wijken's signals: fewer
 * of their categories, handled faster, while the volume stays the same. */
static void test_focus_trend(void **state)
{
    assert_true(demo_focus_ramp(cal_from_ymd(2024, 12, 31)) == 0);
    assert_true(demo_focus_ramp(cal_from_ymd(2027, 1, 1)) == 1);
    double mid = demo_focus_ramp(cal_from_ymd(2026, 1, 1));
    assert_true(mid > 0.45 && mid < 0.55);
    struct demo_trend t, t2;
    demo_focus_trend("WK063799", DEMO_SEED, &t);
    assert_int_equal(t.n, 0);
    assert_true(t.reporters == 0);
    demo_focus_trend("WK063700", DEMO_SEED, &t);
    assert_true(t.n >= 3); /* Centrum: afval, schoon, wonen, wegen */
    demo_focus_trend("WK063700", DEMO_SEED, &t2);
    assert_memory_equal(&t, &t2, sizeof t); /* deterministic for the seed */
    bool differs = false;
    for (int s = 1; s < 5 && !differs; s++) {
        demo_focus_trend("WK063700", DEMO_SEED + (uint64_t)s, &t2);
        differs = t2.cat[0].fewer != t.cat[0].fewer;
    }
    assert_true(differs); /* and differs between seeds */

    /* the first half of 2026 against the first half of 2024, over every
     * wijk and category a focus point changes */
    cal_date a0 = cal_from_ymd(2024, 1, 1), a1 = cal_from_ymd(2024, 6, 30);
    cal_date b0 = cal_from_ymd(2026, 1, 1), b1 = cal_from_ymd(2026, 6, 30);
    long long before = 0, after = 0, due0 = 0, due1 = 0, ok0 = 0, ok1 = 0, pairs = 0, quick = 0;
    struct wijk *w;
    size_t nw;
    arena *ar = arena_new(1 << 16);
    assert_non_null(ar);
    assert_int_equal(area_list_wijken(g_db, ar, DEMO_DATE, 0, &w, &nw), DB_OK);
    for (size_t i = 0; i < nw; i++) {
        demo_focus_trend(w[i].code, DEMO_SEED, &t);
        for (size_t k = 0; k < t.n; k++) {
            long long n, due, ok;
            assert_true(t.cat[k].fewer >= 0 && t.cat[k].fewer < 0.5);
            assert_true(t.cat[k].faster >= 0 && t.cat[k].faster < 0.7);
            if (t.cat[k].fewer > 0) {
                pairs++;
                pair_counts(w[i].code, t.cat[k].main_slug, a0, a1, &n, &due, &ok);
                before += n;
                pair_counts(w[i].code, t.cat[k].main_slug, b0, b1, &n, &due, &ok);
                after += n;
            }
            if (t.cat[k].faster > 0) {
                quick++;
                pair_counts(w[i].code, t.cat[k].main_slug, a0, a1, &n, &due, &ok);
                due0 += due;
                ok0 += ok;
                pair_counts(w[i].code, t.cat[k].main_slug, b0, b1, &n, &due, &ok);
                due1 += due;
                ok1 += ok;
            }
        }
    }
    arena_free(ar);
    assert_true(pairs >= 10);
    assert_true(quick >= 4);
    /* mid 2026 the ramp is at about three quarters: 8-21% fewer */
    double ratio = (double)after / (double)before;
    assert_true(ratio > 0.70 && ratio < 0.95);
    /* handled within the deadline: a few points better */
    double share0 = (double)ok0 / (double)due0, share1 = (double)ok1 / (double)due1;
    assert_true(share1 > share0 + 0.02);
    assert_true(share1 < 0.995);
    /* while the municipality as a whole reports as much as before */
    assert_in_range(in_year(2025), 22500, 27500);
}

static void test_reporters(void **state)
{
    double all = (double)count("SELECT count(*) FROM signal");
    double with = (double)count("SELECT count(*) FROM signal WHERE reporter_pseudonym NOT NULL");
    assert_true(with / all > 0.35 && with / all < 0.45);
    long long distinct = count("SELECT count(DISTINCT reporter_pseudonym) FROM signal");
    assert_true(distinct < with * 0.9); /* some report several times */
    assert_true(distinct > with * 0.5);
    assert_int_equal(count("SELECT count(*) FROM signal WHERE length(reporter_pseudonym) != 64"),
                     0);
    /* fictional contacts only, one per signal with a reporter */
    assert_int_equal(count("SELECT count(*) FROM signal_contact WHERE email IS NOT NULL"
                           " AND email NOT LIKE 'bewoner%@example.invalid'"),
                     0);
    assert_int_equal(count("SELECT count(*) FROM signal_contact WHERE name IS NOT NULL"
                           " AND name NOT LIKE 'Fictieve melder %'"),
                     0);
    assert_int_equal(count("SELECT count(*) FROM signal_contact"), (long long)with);
    assert_int_equal(count("SELECT count(*) FROM signal s JOIN signal_contact c"
                           " ON c.signal_id = s.id WHERE s.reporter_pseudonym IS NULL"),
                     0);
    /* the pseudonym is the keyed hash of the address (as signal_create makes it) */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(g_db),
                                        "SELECT c.email, s.reporter_pseudonym FROM signal s"
                                        " JOIN signal_contact c ON c.signal_id = s.id"
                                        " WHERE c.email IS NOT NULL LIMIT 50",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int seen = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char h[65];
        assert_int_equal(
            auth_keyed_hash(g_db, "reporter", (const char *)sqlite3_column_text(st, 0), h), 0);
        assert_string_equal(h, (const char *)sqlite3_column_text(st, 1));
        seen++;
    }
    sqlite3_finalize(st);
    assert_int_equal(seen, 50);
    /* retention: a year after closing the details are gone, and that is logged */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM signal s JOIN signal_contact c ON c.signal_id = s.id"
             " WHERE s.closed_at < %lld AND (c.erased_at IS NULL OR c.email IS NOT NULL"
             " OR c.name IS NOT NULL)",
             (long long)(g_now - 365LL * 86400 - 86400));
    assert_int_equal(count(sql), 0);
    assert_true(count("SELECT count(*) FROM signal_contact WHERE erased_at IS NOT NULL") > 5000);
    assert_int_equal(count("SELECT count(*) FROM signal_event WHERE kind = 'erased'"),
                     count("SELECT count(*) FROM signal_contact WHERE erased_at IS NOT NULL"));
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM signal_contact WHERE erased_at IS NOT NULL"
             " AND erased_at >= %lld",
             (long long)g_now);
    assert_int_equal(count(sql), 0);
    /* open and recently closed ones keep their reporter's address */
    assert_int_equal(count("SELECT count(*) FROM signal s JOIN signal_contact c"
                           " ON c.signal_id = s.id WHERE s.closed_at IS NULL AND c.email IS NULL"),
                     0);
}

static void test_no_mail_queued(void **state)
{
    assert_int_equal(count("SELECT count(*) FROM outbox"), 0);
    /* the full-text index holds every signal, and none waits for it */
    assert_int_equal(count("SELECT count(*) FROM signal_fts WHERE signal_fts MATCH 'lantaarnpaal'"),
                     count("SELECT count(*) FROM signal WHERE description LIKE '%lantaarnpaal%'"));
    assert_true(count("SELECT count(*) FROM signal_fts WHERE signal_fts MATCH 'lantaarnpaal'") >
                100);
    assert_int_equal(sqlite3_exec(db_handle(g_db),
                                  "INSERT INTO signal_fts (signal_fts) VALUES ('integrity-check')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(count("SELECT count(*) FROM signal_search_pending"), 0);
    assert_int_equal(count("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                           " AND name = 'signal_search_insert'"),
                     1);
}

/* The bulk router decides as signal_route for every category, wijk, type and channel. */
static void test_router_matches(void **state)
{
    arena *a = arena_new(1 << 16);
    struct signal_router *rt = signal_router_load(g_db, a, DEMO_DATE);
    assert_non_null(rt);
    struct category *c;
    size_t nc;
    assert_int_equal(category_list(g_db, a, &c, &nc), DB_OK);
    struct wijk *w;
    size_t nw;
    assert_int_equal(area_list_wijken(g_db, a, DEMO_DATE, 0, &w, &nw), DB_OK);
    static const char *const channels[] = {"web", "balie", "api"};
    long long n = 0;
    for (size_t i = 0; i < nc; i++)
        for (size_t k = 0; k <= nw; k++)
            for (const char *const *t = signal_types; *t; t++)
                for (size_t ch = 0; ch < 3; ch++) {
                    int64_t wijk = k < nw ? w[k].id : 0;
                    struct signal_route r1, r2;
                    arena *b = arena_new(4096);
                    assert_int_equal(
                        signal_route(g_db, b, c[i].id, wijk, *t, channels[ch], DEMO_DATE, &r1), 0);
                    arena_free(b);
                    assert_int_equal(
                        signal_route_with(g_db, rt, c[i].id, wijk, *t, channels[ch], &r2), 0);
                    assert_int_equal(r1.org_id, r2.org_id);
                    assert_int_equal(r1.user_id, r2.user_id);
                    assert_int_equal(r1.rule_id, r2.rule_id);
                    assert_int_equal(r1.confidential, r2.confidential);
                    n++;
                }
    assert_true(n > 1000);
    arena_free(a);
}

/* The work list as one plain statement: what every variant of signal_list
 * must return. */
static const char SQL_REFERENCE[] =
    "SELECT s.id, s.created_at FROM signal s JOIN category c ON c.id = s.category_id"
    " WHERE (?1 IS NULL OR (?1 = 'open' AND s.closed_at IS NULL) OR s.status = ?1)"
    " AND (?2 IS NULL OR s.category_id = ?2 OR c.parent_id = ?2)"
    " AND (?3 IS NULL OR s.wijk_id = ?3)"
    " AND (?4 IS NULL OR s.wijk_id IN (SELECT area_id FROM area_region WHERE region_id = ?4"
    "   AND valid_to IS NULL))"
    " AND (?5 IS NULL OR s.owner_org_id = ?5)"
    " AND (?6 IS NULL OR s.channel = ?6)"
    " AND (?7 = 0 OR (s.closed_at IS NULL AND s.deadline_at < ?8))"
    " AND (?9 IS NULL OR s.created_at >= ?9) AND (?10 IS NULL OR s.created_at < ?10)"
    " AND (?11 IS NULL OR (s.id IN (SELECT rowid FROM signal_fts WHERE signal_fts MATCH ?11"
    "   UNION SELECT rowid FROM signal_answer_fts WHERE signal_answer_fts MATCH"
    "   CASE WHEN ?15 THEN 'shared : (' || ?11 || ')' ELSE ?11 END)"
    "   AND (?15 = 0 OR NOT s.intake_confidential)))"
    " AND (?15 = 0 OR NOT s.confidential)"
    " AND (?12 = 0 OR (s.created_at, s.id) < (?12, ?13))"
    " AND s.merged_into IS NULL"
    " ORDER BY s.created_at DESC, s.id DESC LIMIT ?14";

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_id_or_null(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

/* The reference's ids for f after the key, up to limit. */
static size_t reference(const struct signal_filter *f, int64_t after_c, int64_t after_id,
                        size_t limit, int64_t *ids, int64_t *created)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(g_db), SQL_REFERENCE, -1, &st, NULL), SQLITE_OK);
    bind_text_or_null(st, 1, f->status);
    bind_id_or_null(st, 2, f->category_id);
    bind_id_or_null(st, 3, f->wijk_id);
    bind_id_or_null(st, 4, f->region_id);
    bind_id_or_null(st, 5, f->owner_org_id);
    bind_text_or_null(st, 6, f->channel);
    sqlite3_bind_int(st, 7, f->overdue);
    sqlite3_bind_int64(st, 8, f->now);
    bind_id_or_null(st, 9, f->from);
    bind_id_or_null(st, 10, f->to);
    bind_text_or_null(st, 11, f->search);
    sqlite3_bind_int64(st, 12, after_c);
    sqlite3_bind_int64(st, 13, after_id);
    sqlite3_bind_int64(st, 14, (int64_t)limit);
    sqlite3_bind_int(st, 15, f->hide_confidential_content);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < limit) {
        ids[n] = sqlite3_column_int64(st, 0);
        created[n++] = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return n;
}

static int64_t one_id(const char *sql)
{
    return (int64_t)count(sql);
}

/* Whatever index signal_list lets SQLite use, the rows and their order are
 * those of the plain statement, on the first page and the next. */
static void test_work_list_variants(void **state)
{
    const char *statuses[] = {NULL,          "open",     "gemeld",         "in_behandeling",
                              "afgehandeld", "heropend", "wacht_op_melder"};
    int64_t wijken[] = {0, 0, one_id("SELECT id FROM area WHERE name = 'Oosterheem'"),
                        one_id("SELECT id FROM area WHERE name = 'Buitengebied'")};
    int64_t cats[] = {0,
                      0,
                      0,
                      one_id("SELECT id FROM category WHERE slug = 'afval'"),
                      one_id("SELECT id FROM category WHERE slug = 'grofvuil'"),
                      one_id("SELECT id FROM category WHERE slug = 'zorgen-om-een-buurtbewoner'")};
    int64_t owners[] = {0, 0, one_id("SELECT id FROM organisation WHERE code = 'SB'"),
                        one_id("SELECT id FROM organisation WHERE code = 'WZN'")};
    const char *searches[] = {
        NULL,       NULL, NULL, "\"lantaarn\"*", "\"lantaarnpaal\"", "\"brug\"* \"leuning\"*",
        "\"xyzzy\""};
    const char *channels[] = {NULL, NULL, NULL, "raadslid"};
    int64_t region = one_id("SELECT id FROM region ORDER BY id LIMIT 1");
    assert_true(wijken[2] && wijken[3] && cats[3] && cats[4] && cats[5] && owners[2] && owners[3]);
    arena *a = arena_new(1 << 16);
    uint64_t x = 12345;
    long long combos = 0, rows = 0;
    for (int i = 0; i < 400; i++) {
        /* a deterministic walk over the combinations */
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t r = x >> 20;
        struct signal_filter f;
        memset(&f, 0, sizeof f);
        f.now = g_now;
        f.status = statuses[r % 7];
        r /= 7;
        f.wijk_id = wijken[r % 4];
        r /= 4;
        f.category_id = cats[r % 6];
        r /= 6;
        f.owner_org_id = owners[r % 4];
        r /= 4;
        f.search = searches[r % 7];
        r /= 7;
        f.channel = channels[r % 4];
        r /= 4;
        f.overdue = r % 5 == 0;
        r /= 5;
        f.region_id = r % 6 == 0 ? region : 0;
        r /= 6;
        f.hide_confidential_content = (int)(r % 2);
        r /= 2;
        if (r % 4 == 0)
            f.from = g_now - 400 * 86400;
        int64_t ids[20], created[20];
        int64_t after_c = 0, after_id = 0;
        for (int page = 0; page < 2; page++) {
            size_t want = reference(&f, after_c, after_id, 20, ids, created);
            struct signal *s;
            size_t n;
            arena_reset(a);
            assert_int_equal(signal_list(g_db, a, &f, after_c, after_id, 20, &s, &n), DB_OK);
            assert_int_equal(n, want);
            for (size_t k = 0; k < n; k++)
                assert_int_equal(s[k].id, ids[k]);
            rows += (long long)n;
            if (n < 20)
                break;
            after_c = created[n - 1];
            after_id = ids[n - 1];
        }
        combos++;
    }
    arena_free(a);
    assert_int_equal(combos, 400);
    assert_true(rows > 1500);
}

static void test_idempotent(void **state)
{
    long long s = count("SELECT count(*) FROM signal"),
              e = count("SELECT count(*) FROM signal_event"),
              c = count("SELECT count(*) FROM signal_contact");
    char err[512];
    struct seed_options so = options(DEMO_DATE, DEMO_SEED);
    assert_int_equal(seed_run(g_db, &so, err, sizeof err), 0);
    /* another date or seed does not add a second history either */
    so = options("2026-07-15", 99);
    assert_int_equal(seed_run(g_db, &so, err, sizeof err), 0);
    assert_int_equal(count("SELECT count(*) FROM signal"), s);
    assert_int_equal(count("SELECT count(*) FROM signal_event"), e);
    assert_int_equal(count("SELECT count(*) FROM signal_contact"), c);
    /* a bad date is refused */
    assert_int_not_equal(demo_generate_signals(g_db, "2026-02-30", 1, NULL, err, sizeof err), 0);
}

/* FNV-1a over every column of every row: all but the random tokens and the
 * keyed pseudonyms (only whether there is one). */
static uint64_t fingerprint(void)
{
    static const char *const queries[] = {
        ("SELECT id, type, channel, coalesce(channel_detail, ''), category_id, description,"
         " printf('%.7f %.7f', lat, lon), wijk_id, coalesce(buurt_id, 0), status, owner_org_id,"
         " coalesce(owner_user_id, 0), coalesce(routed_by_rule, 0), confidential, handoffs,"
         " created_at, updated_at, deadline_at, coalesce(closed_at, 0),"
         " reporter_pseudonym IS NULL, coalesce(created_by, 0), demo FROM signal ORDER BY id"),
        ("SELECT id, signal_id, at, coalesce(user_id, 0), kind, coalesce(from_status, ''),"
         " coalesce(to_status, ''), coalesce(from_org_id, 0), coalesce(to_org_id, 0),"
         " coalesce(text, ''), public FROM signal_event ORDER BY id"),
        ("SELECT id, signal_id, coalesce(name, ''), coalesce(email, ''), coalesce(phone, ''),"
         " coalesce(erased_at, 0) FROM signal_contact ORDER BY id"),
        ("SELECT count(DISTINCT reporter_pseudonym) FROM signal"),
    };
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db_handle(g_db), queries[q], -1, &st, NULL) != SQLITE_OK)
            return 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const unsigned char *t = sqlite3_column_text(st, i);
                for (; t && *t; t++)
                    h = (h ^ *t) * 0x100000001b3ULL;
                h = (h ^ 0x1f) * 0x100000001b3ULL; /* column separator */
            }
            h = (h ^ 0x1e) * 0x100000001b3ULL;
        }
        sqlite3_finalize(st);
    }
    return h;
}

/* One month into a fresh database with demo_generate; its fingerprint. */
static uint64_t short_run(char *dir, uint64_t seed)
{
    struct seed_options so = options(NULL, 0);
    if (open_fresh(dir, &so) != 0)
        return 0;
    struct demo_params p = {.from = "2026-06-01", .to = DEMO_DATE, .seed = seed};
    char err[512];
    int64_t made = 0;
    if (demo_generate(g_db, &p, &made, err, sizeof err) != 0 || made < 1500)
        return 0;
    uint64_t f = fingerprint();
    remove_dir(dir);
    return f;
}

/* The same seed gives the same history in another database (another
 * secret, other tokens), another seed another history. A month each (some
 * 1,500 signals with their histories): a longer history would only repeat
 * the same generator for more time. */
static void test_deterministic(void **state)
{
    assert_true(fingerprint() != 0);
    char dir_c[] = "/tmp/wr-test-demo-XXXXXX", dir_d[] = "/tmp/wr-test-demo-XXXXXX",
         dir_e[] = "/tmp/wr-test-demo-XXXXXX";
    uint64_t c = short_run(dir_c, 7), d = short_run(dir_d, 7), e = short_run(dir_e, 8);
    assert_true(c != 0 && e != 0);
    assert_true(c == d);
    assert_true(c != e);
    /* back to the first database for whatever runs after */
    char err[512];
    db_thread_close();
    assert_int_equal(db_setup(g_dir, err, sizeof err), 0);
    g_db = db_thread();
    assert_non_null(g_db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_per_year),    cmocka_unit_test(test_owner_and_wijk),
        cmocka_unit_test(test_population_spread),  cmocka_unit_test(test_skew),
        cmocka_unit_test(test_history_consistent), cmocka_unit_test(test_life),
        cmocka_unit_test(test_reporters),          cmocka_unit_test(test_no_mail_queued),
        cmocka_unit_test(test_router_matches),     cmocka_unit_test(test_work_list_variants),
        cmocka_unit_test(test_focus_trend),        cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_deterministic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
