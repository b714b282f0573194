/*
 * test_store.c: the store and the domain rules on a real SQLite file:
 * migrations, the reference data (and that loading it twice changes
 * nothing), validity periods, the append-only audit trail, login with
 * throttling, sessions, and locating points with the stored wijk polygons.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/seed.h"
#include "lib/csv.h"
#include "lib/embed.h"
#include "lib/geo.h"
#include "lib/geojson.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "store/user_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[] = "/tmp/wr-test-store-XXXXXX";
static db *g_db;

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

static int setup(void **state)
{
    char err[512];
    if (!mkdtemp(g_dir) || auth_init() != 0 || db_setup(g_dir, err, sizeof err) != 0)
        return -1;
    g_db = db_thread();
    struct seed_options so = {
        .jurisdiction_id = "zoetermeer.nl", .demo = 1, .demo_password = "test-password-1"};
    return g_db && seed_run(g_db, &so, err, sizeof err) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    db_thread_close();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_schema_version(void **state)
{
    int latest = 0;
    for (const struct embed_file *f = embedded_migrations; f->name; f++)
        latest++;
    assert_int_equal(db_user_version(db_handle(g_db)), latest);
    assert_int_equal(count("PRAGMA foreign_keys"), 1);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(g_db), "PRAGMA journal_mode", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
}

static void test_reference_data(void **state)
{
    assert_int_equal(count("SELECT count(*) FROM area WHERE kind = 'wijk'"), 9);
    assert_int_equal(count("SELECT count(*) FROM area WHERE kind = 'buurt'"), 26);
    assert_int_equal(count("SELECT sum(inhabitants) FROM population"), 125770);
    assert_int_equal(count("SELECT count(*) FROM region"), 3);
    assert_int_equal(count("SELECT count(*) FROM focuspunt"), 12);
    /* focuspunt 12 spans Noordhove and Seghwaert */
    assert_int_equal(count("SELECT count(*) FROM focuspunt_area fa JOIN focuspunt f ON f.id ="
                           " fa.focuspunt_id JOIN area a ON a.id = fa.area_id WHERE f.number = 12"
                           " AND a.kind = 'wijk'"),
                     2);
    assert_int_equal(count("SELECT count(*) FROM organisation WHERE kind = 'department'"), 7);
    /* the thirteen staff accounts and three residents, who have no password */
    assert_int_equal(count("SELECT count(*) FROM user"), 16);
    /* the partner's account is scoped to its organisation, the head's to Stadsbeheer */
    assert_int_equal(count("SELECT count(*) FROM user u JOIN user_role r ON r.user_id = u.id"
                           " JOIN organisation o ON o.id = r.org_id WHERE u.login ="
                           " 'partner-goede-woning' AND r.role = 'partner' AND o.name ="
                           " 'De Goede Woning'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM user u JOIN user_role r ON r.user_id = u.id"
                           " JOIN organisation o ON o.id = r.org_id WHERE u.login ="
                           " 'afdelingshoofd-sb' AND r.role = 'afdelingshoofd' AND o.code = 'SB'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM user u JOIN resident r ON r.user_id = u.id"
                           " WHERE u.password_hash = '' AND r.verified_at IS NOT NULL"),
                     3);

    arena *a = arena_new(65536);
    struct wijk *w;
    size_t n;
    assert_int_equal(area_list_wijken(g_db, a, "2026-06-01", 0, &w, &n), DB_OK);
    assert_int_equal(n, 9);
    int unassigned = 0;
    for (size_t i = 0; i < n; i++) {
        if (!w[i].region_id) {
            unassigned++;
            assert_true(strcmp(w[i].code, "WK063708") == 0 || strcmp(w[i].code, "WK063709") == 0);
        }
        assert_true(w[i].inhabitants > 0);
    }
    assert_int_equal(unassigned, 2);
    struct wijk ow;
    assert_int_equal(area_get_wijk(g_db, a, "oosterheem", "2026-06-01", 0, &ow), DB_OK);
    assert_int_equal(ow.inhabitants, 23360);
    assert_string_equal(ow.region_slug, "oost");
    assert_string_equal(ow.regisseur, "Mehmet Yilmaz");
    assert_string_equal(ow.wethouder, "Joost van Dijk");
    /* before the division was valid there were no wijken */
    assert_int_equal(area_list_wijken(g_db, a, "2010-01-01", 0, &w, &n), DB_OK);
    assert_int_equal(n, 0);
    /* the demo functions start in 2025: a 2016 view has no wijkregisseur names */
    assert_int_equal(area_get_wijk(g_db, a, "oosterheem", "2016-06-01", 0, &ow), DB_OK);
    assert_null(ow.regisseur);
    assert_string_equal(ow.region_slug, "oost");
    arena_free(a);
}

static void test_seed_is_idempotent(void **state)
{
    const char *tables[] = {"area",         "population", "region",          "area_region",
                            "organisation", "person",     "person_function", "user",
                            "user_role",    "focuspunt",  "focuspunt_area",  "municipality",
                            "setting"};
    long long before[sizeof tables / sizeof tables[0]];
    char sql[128];
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        before[i] = count(sql);
    }
    char err[512];
    struct seed_options so = {
        .jurisdiction_id = "zoetermeer.nl", .demo = 1, .demo_password = "test-password-1"};
    assert_int_equal(seed_run(g_db, &so, err, sizeof err), 0);
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        assert_int_equal(count(sql), before[i]);
    }
}

static void test_region_history(void **state)
{
    arena *a = arena_new(65536);
    struct wijk w;
    assert_int_equal(area_get_wijk(g_db, a, "WK063708", "2026-01-01", 0, &w), DB_OK);
    assert_int_equal(w.region_id, 0);
    int64_t centrum = region_id_by_slug(g_db, "centrum");
    assert_true(centrum > 0);
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(area_assign_region(g_db, w.id, centrum, "2026-03-01"), DB_OK);
    assert_int_equal(db_commit(g_db), DB_OK);
    struct wijk later, earlier;
    assert_int_equal(area_get_wijk(g_db, a, "WK063708", "2026-03-02", 0, &later), DB_OK);
    assert_string_equal(later.region_slug, "centrum");
    assert_int_equal(area_get_wijk(g_db, a, "WK063708", "2026-02-28", 0, &earlier), DB_OK);
    assert_null(earlier.region_slug);
    /* moving Oosterheem: the old assignment is closed, not overwritten */
    struct wijk o;
    assert_int_equal(area_get_wijk(g_db, a, "WK063706", "2026-01-01", 0, &o), DB_OK);
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(area_assign_region(g_db, o.id, centrum, "2026-04-01"), DB_OK);
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_int_equal(area_get_wijk(g_db, a, "WK063706", "2026-03-31", 0, &o), DB_OK);
    assert_string_equal(o.region_slug, "oost");
    assert_int_equal(area_get_wijk(g_db, a, "WK063706", "2026-04-01", 0, &o), DB_OK);
    assert_string_equal(o.region_slug, "centrum");
    /* put it back for the other tests */
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(area_assign_region(g_db, o.id, region_id_by_slug(g_db, "oost"), "2026-04-02"),
                     DB_OK);
    assert_int_equal(area_assign_region(g_db, w.id, 0, "2026-04-02"), DB_OK);
    assert_int_equal(db_commit(g_db), DB_OK);
    arena_free(a);
}

static void test_audit_append_only(void **state)
{
    assert_int_equal(audit_append(g_db, 0, "system", "test", "thing", 1, "{\"a\":1}", NULL), DB_OK);
    long long n = count("SELECT count(*) FROM audit");
    assert_true(n >= 1);
    char *msg = NULL;
    assert_int_not_equal(
        sqlite3_exec(db_handle(g_db), "UPDATE audit SET actor = 'x'", NULL, NULL, &msg), SQLITE_OK);
    sqlite3_free(msg);
    assert_int_not_equal(sqlite3_exec(db_handle(g_db), "DELETE FROM audit", NULL, NULL, &msg),
                         SQLITE_OK);
    sqlite3_free(msg);
    assert_int_equal(count("SELECT count(*) FROM audit"), n);
}

static void test_login_throttle_and_sessions(void **state)
{
    arena *a = arena_new(65536);
    struct user u;
    char token[AUTH_TOKEN_CHARS];
    const char *csrf;
    struct auth_limits lim = auth_default_limits;
    int64_t now = 1800000000, wait = 0;
    assert_int_equal(auth_login(g_db, a, "balie", "test-password-1", "192.0.2.1", now, &lim, &u,
                                token, &csrf, &wait),
                     AUTH_OK);
    assert_true(user_has_role(&u, ROLE_BALIE));
    /* the stored session is the hash, not the token */
    assert_int_equal(count("SELECT count(*) FROM session WHERE token_hash = CAST('x' AS BLOB)"), 0);
    struct user s;
    const char *c2;
    assert_int_equal(auth_session_user(g_db, a, token, now + 10, &lim, &s, &c2), DB_OK);
    assert_string_equal(s.login, "balie");
    assert_string_equal(c2, csrf);
    /* idle too long: gone */
    assert_int_equal(auth_session_user(g_db, a, token, now + lim.idle_seconds + 100, &lim, &s, &c2),
                     DB_NOTFOUND);
    assert_int_equal(auth_session_user(g_db, a, "nonsense", now, &lim, &s, &c2), DB_NOTFOUND);

    /* five wrong passwords from one address lock the account there, even
     * for the right one (tests/unit/test_account.c has the other counters) */
    for (int i = 0; i < lim.pair_failures; i++)
        assert_int_equal(auth_login(g_db, a, "raadslid", "wrong-password", "192.0.2.2", now, &lim,
                                    &u, token, &csrf, &wait),
                         AUTH_BAD_CREDENTIALS);
    assert_int_equal(auth_login(g_db, a, "raadslid", "test-password-1", "192.0.2.2", now + 1, &lim,
                                &u, token, &csrf, &wait),
                     AUTH_THROTTLED);
    assert_int_equal(wait, lim.lock_seconds - 1);
    /* after the lock time it works again */
    assert_int_equal(auth_login(g_db, a, "raadslid", "test-password-1", "192.0.2.2",
                                now + lim.lock_seconds + 2, &lim, &u, token, &csrf, &wait),
                     AUTH_OK);
    /* unknown logins fail the same way as wrong passwords */
    assert_int_equal(auth_login(g_db, a, "nobody", "whatever-1234", "192.0.2.3", now, &lim, &u,
                                token, &csrf, &wait),
                     AUTH_BAD_CREDENTIALS);
    /* the client address and the login are never stored in the clear */
    assert_int_equal(count("SELECT count(*) FROM login_throttle WHERE key LIKE '%192.0.2%'"), 0);
    assert_int_equal(count("SELECT count(*) FROM login_throttle WHERE key LIKE '%raadslid%'"), 0);
    arena_free(a);
}

static void test_locate_with_stored_polygons(void **state)
{
    /* Build the point index from the geometry the store holds, and check the
     * buurt label points land in their wijk. */
    arena *a = arena_new(1 << 20);
    struct wijk *w;
    size_t n;
    assert_int_equal(area_list_wijken(g_db, a, "2026-06-01", 1, &w, &n), DB_OK);
    geo_area *areas = arena_calloc(a, n, sizeof *areas);
    geo_multipolygon *mp = arena_calloc(a, n, sizeof *mp);
    for (size_t i = 0; i < n; i++) {
        json_t *g = json_loads(w[i].geometry, 0, NULL);
        char err[256];
        assert_non_null(g);
        assert_int_equal(geojson_parse_geometry(g, a, 100000, &mp[i], err, sizeof err), GEOJSON_OK);
        json_decref(g);
        areas[i].id = w[i].id;
        areas[i].geom = &mp[i];
    }
    geo_area_index *ix = NULL;
    assert_int_equal(geo_index_new(areas, n, GEO_DEFAULT_MAX_SNAP_M, &ix), GEO_OK);
    struct buurt *b;
    size_t nb;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(area_list_buurten(g_db, a, w[i].id, &b, &nb), DB_OK);
        for (size_t k = 0; k < nb; k++) {
            double dist;
            assert_int_equal(geo_locate(ix, b[k].label_lat, b[k].label_lon, &dist), w[i].id);
        }
    }
    double dist;
    assert_int_equal(geo_locate(ix, 52.0786, 4.2887, &dist), 0); /* Den Haag: outside */
    geo_index_free(ix);
    arena_free(a);
}

/* Migration 0011 on a database of schema version 9 with data shaped like
 * the old one: every entry written while the care network owned its signal
 * (reconstructed from the hand-off history) becomes confidential. */
static long long old_count(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st;
    long long n = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_migration_entry_confidentiality(void **state)
{
    char path[128];
    snprintf(path, sizeof path, "%s/old.db", g_dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    char *msg = NULL;
    for (const struct embed_file *f = embedded_migrations; f->name; f++) {
        if (strncmp(f->name, "0010", 4) >= 0)
            continue;
        assert_int_equal(sqlite3_exec(h, (const char *)f->data, NULL, NULL, &msg), SQLITE_OK);
    }
    /* an organisation per kind, a public and a confidential category; signal
     * 1 was a department's and went to the care network, 2 was the care
     * network's and was handed to the department, 3 is of the confidential
     * category, 4 never met the care network, 5 is a task of 2 */
    static const char OLD[] =
        "PRAGMA user_version = 9;"
        "INSERT INTO organisation (id, kind, code, name) VALUES (1, 'department', 'SB', 'SB'),"
        " (2, 'care_network', 'WZN', 'WZN');"
        "INSERT INTO category (id, parent_id, slug, name, confidential, valid_from) VALUES"
        " (1, NULL, 'overlast', 'Overlast', 0, '2014-01-01'),"
        " (2, 1, 'jongeren', 'Jongeren', 0, '2014-01-01'),"
        " (3, NULL, 'zorg', 'Zorg', 1, '2014-01-01'), (4, 3, 'zorgen', 'Zorgen', 1, '2014-01-01');"
        "INSERT INTO signal (id, token, type, channel, category_id, description, address_text,"
        " status, owner_org_id, confidential, created_at, updated_at, deadline_at, parent_id)"
        " VALUES (1, 't1', 'melding', 'web', 2, 'd1', 'a1', 'wacht_op_melder', 2, 1, 10, 40, 99, "
        "NULL),"
        " (2, 't2', 'melding', 'web', 2, 'd2', 'a2', 'in_behandeling', 1, 0, 10, 60, 99, NULL),"
        " (3, 't3', 'melding', 'balie', 4, 'd3', NULL, 'gemeld', 2, 1, 10, 20, 99, NULL),"
        " (4, 't4', 'melding', 'web', 2, 'd4', NULL, 'gemeld', 1, 0, 10, 20, 99, NULL),"
        " (5, 't5', 'melding', 'web', 2, 'taak', 'a2', 'gemeld', 1, 0, 55, 55, 99, 2);"
        "INSERT INTO signal_answer (signal_id, code, value) VALUES (1, 'q', 'v1'), (2, 'q', 'v2');"
        "INSERT INTO signal_photo (signal_id, file, thumb, width, height) VALUES"
        " (1, 'f1', 't1', 1, 1), (2, 'f2', 't2', 1, 1);"
        "INSERT INTO signal_event (id, signal_id, at, kind, from_status, to_status, from_org_id,"
        " to_org_id, text, public) VALUES"
        " (1, 1, 10, 'created', NULL, 'gemeld', NULL, 1, NULL, 1),"
        " (2, 1, 15, 'note', NULL, NULL, NULL, NULL, 'dept note', 0),"
        " (3, 1, 20, 'handoff', NULL, NULL, 1, 2, 'to care', 0),"
        " (4, 1, 30, 'note', NULL, NULL, NULL, NULL, 'care note', 0),"
        " (5, 1, 40, 'status', 'gemeld', 'wacht_op_melder', NULL, NULL, 'care message', 1),"
        " (6, 2, 10, 'created', NULL, 'gemeld', NULL, 2, NULL, 1),"
        " (7, 2, 20, 'note', NULL, NULL, NULL, NULL, 'care note', 0),"
        " (8, 2, 30, 'status', 'gemeld', 'in_behandeling', NULL, NULL, 'care message', 1),"
        " (9, 2, 50, 'handoff', NULL, NULL, 2, 1, 'care internal', 0),"
        " (10, 2, 60, 'note', NULL, NULL, NULL, NULL, 'dept note', 0),"
        " (11, 3, 10, 'created', NULL, 'gemeld', NULL, 2, NULL, 1),"
        " (12, 3, 20, 'note', NULL, NULL, NULL, NULL, 'care note', 0),"
        " (13, 4, 10, 'created', NULL, 'gemeld', NULL, 1, NULL, 1),"
        " (14, 4, 20, 'note', NULL, NULL, NULL, NULL, 'dept note', 0),"
        " (15, 5, 55, 'created', NULL, 'gemeld', NULL, 1, NULL, 0);";
    assert_int_equal(sqlite3_exec(h, OLD, NULL, NULL, &msg), SQLITE_OK);
    char err[256];
    int from, to;
    assert_int_equal(db_migrate(h, &from, &to, err, sizeof err), 0);
    assert_int_equal(from, 9);
    assert_true(to >= 10);
    /* the intake: confidential when the care network owned the signal then */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT (SELECT group_concat(id) FROM (SELECT id FROM"
                                        " signal WHERE intake_confidential ORDER BY id)),"
                                        " (SELECT group_concat(signal_id) FROM signal_answer"
                                        "  WHERE confidential),"
                                        " (SELECT group_concat(signal_id) FROM signal_photo"
                                        "  WHERE confidential),"
                                        " (SELECT group_concat(id) FROM (SELECT id FROM"
                                        "  signal_event WHERE confidential ORDER BY id))",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "2,3,5");
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "2");
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "2");
    /* 1: after its hand-off to the care network; 2: until (and with) its
     * hand-off out of it; 3: all of it; 4 and 5: none */
    assert_string_equal((const char *)sqlite3_column_text(st, 3), "4,5,6,7,8,9,11,12");
    sqlite3_finalize(st);
    /* the public map's index leaves a confidential intake out */
    assert_int_equal(old_count(h, "SELECT count(*) FROM sqlite_master WHERE name ="
                                  " 'signal_open_public' AND sql LIKE '%NOT intake_confidential%'"),
                     1);
    sqlite3_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_version),
        cmocka_unit_test(test_reference_data),
        cmocka_unit_test(test_seed_is_idempotent),
        cmocka_unit_test(test_region_history),
        cmocka_unit_test(test_audit_append_only),
        cmocka_unit_test(test_login_throttle_and_sessions),
        cmocka_unit_test(test_locate_with_stored_polygons),
        cmocka_unit_test(test_migration_entry_confidentiality),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
