/*
 * test_wijkteam.c: the rules of domain/wijkteam.c: the composition comes
 * from the register's people active in the wijk on the municipality's day,
 * confidential and care-network signals never go on an agenda, who reads a
 * meeting, and a decision that becomes an action of a focus point.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/seed.h"
#include "domain/wijkteam.h"
#include "store/area_store.h"
#include "store/org_store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "seeded_db.h"

static void sql(const char *q)
{
    char *err = NULL;
    if (sqlite3_exec(db_handle(g_db), q, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", q, err ? err : "?");
}

static int64_t one(const char *q)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db_handle(g_db), q, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s", q);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static struct user with_role(int64_t id, enum role r, int64_t region, int64_t org)
{
    struct user u;
    memset(&u, 0, sizeof u);
    u.id = id;
    u.login = "test";
    u.nroles = 1;
    u.roles[0] = (struct user_role){.role = r, .region_id = region, .org_id = org};
    u.role_mask = 1u << r;
    return u;
}

static struct wijk g_w; /* Seghwaert */

static void load_wijk(void)
{
    if (!g_w.id)
        assert_int_equal(area_get_wijk(g_db, g_a, "seghwaert", "2025-06-01", 0, &g_w), DB_OK);
    assert_true(g_w.region_id > 0);
}

static void test_person_active(void **state)
{
    (void)state;
    assert_true(wijkteam_person_active("2025-01-01", NULL, "2025-01-01"));
    assert_true(wijkteam_person_active("2024-01-01", "2025-01-01", "2025-01-01"));
    assert_false(wijkteam_person_active("2024-01-01", "2024-12-31", "2025-01-01"));
    assert_false(wijkteam_person_active("2025-01-02", NULL, "2025-01-01"));
}

/* Members come from the people who work in the wijk on today: one who left
 * yesterday or starts tomorrow is refused, one who starts today is taken. */
static void test_composition_today(void **state)
{
    (void)state;
    load_wijk();
    char q[512];
    snprintf(q, sizeof q,
             "INSERT INTO partner_person (id, org_id, area_id, name, started_on, ended_on,"
             " updated_at) VALUES (7001, %lld, %lld, 'Blijft', '2020-01-01', NULL, 0),"
             " (7002, %lld, %lld, 'Vertrokken', '2020-01-01', '2025-05-31', 0),"
             " (7003, %lld, %lld, 'Begint vandaag', '2025-06-01', NULL, 0),"
             " (7004, %lld, %lld, 'Begint morgen', '2025-06-02', NULL, 0)",
             (long long)org_id_by_code(g_db, "De Goede Woning"), (long long)g_w.id,
             (long long)org_id_by_code(g_db, "De Goede Woning"), (long long)g_w.id,
             (long long)org_id_by_code(g_db, "Palet Welzijn"), (long long)g_w.id,
             (long long)org_id_by_code(g_db, "Palet Welzijn"), (long long)g_w.id);
    sql(q);
    struct user reg = with_role(0, ROLE_WIJKREGISSEUR, g_w.region_id, 0);
    struct wijkteam_problems pr;
    const int64_t left[] = {7001, 7002}, later[] = {7004}, fine[] = {7001, 7003};
    struct wijkteam_input in = {.frequency = "6", .persons = left, .npersons = 2};
    assert_int_equal(
        wijkteam_set(g_db, g_a, &reg, g_w.id, g_w.region_id, &in, "2025-06-01", 1, &pr),
        WIJKTEAM_INVALID);
    assert_string_equal(pr.p[0].field, "persons");
    in.persons = later;
    in.npersons = 1;
    assert_int_equal(
        wijkteam_set(g_db, g_a, &reg, g_w.id, g_w.region_id, &in, "2025-06-01", 1, &pr),
        WIJKTEAM_INVALID);
    /* the day after the end, the same person is no longer active */
    in.persons = fine;
    in.npersons = 2;
    assert_int_equal(
        wijkteam_set(g_db, g_a, &reg, g_w.id, g_w.region_id, &in, "2025-05-31", 1, &pr),
        WIJKTEAM_INVALID);
    in.frequency = "0";
    assert_int_equal(
        wijkteam_set(g_db, g_a, &reg, g_w.id, g_w.region_id, &in, "2025-06-01", 1, &pr),
        WIJKTEAM_INVALID);
    assert_string_equal(pr.p[0].field, "frequency");
    in.frequency = "6";
    assert_int_equal(
        wijkteam_set(g_db, g_a, &reg, g_w.id, g_w.region_id, &in, "2025-06-01", 1, &pr),
        WIJKTEAM_OK);
    char cnt[200];
    snprintf(cnt, sizeof cnt, "SELECT count(*) FROM wijkteam_member WHERE area_id = %lld",
             (long long)g_w.id);
    assert_int_equal(one(cnt), 2);
    /* a regisseur of another region may not */
    struct user other = with_role(0, ROLE_WIJKREGISSEUR, g_w.region_id + 1, 0);
    assert_int_equal(
        wijkteam_set(g_db, g_a, &other, g_w.id, g_w.region_id, &in, "2025-06-01", 1, &pr),
        WIJKTEAM_FORBIDDEN);
}

static void test_who_reads(void **state)
{
    (void)state;
    const int64_t users[] = {42}, orgs[] = {9};
    struct wijkteam_readers r = {
        .region_id = 2, .user_ids = users, .nusers = 1, .org_ids = orgs, .norgs = 1};
    struct user invited = with_role(42, ROLE_AFDELING, 0, 5);
    struct user region_staff = with_role(7, ROLE_ONDERSTEUNER, 2, 0);
    struct user partner = with_role(8, ROLE_PARTNER, 0, 9);
    struct user other_partner = with_role(8, ROLE_PARTNER, 0, 10);
    struct user admin = with_role(1, ROLE_BEHEERDER, 0, 0);
    struct user wethouder = with_role(3, ROLE_WIJKWETHOUDER, 2, 0);
    struct user other_region = with_role(4, ROLE_WIJKREGISSEUR, 3, 0);
    struct user care = with_role(5, ROLE_AANVOERDER_WZN, 0, 9);
    assert_true(wijkteam_may_read(&invited, &r));
    assert_true(wijkteam_may_read(&region_staff, &r));
    assert_true(wijkteam_may_read(&partner, &r));
    assert_false(wijkteam_may_read(&other_partner, &r));
    assert_false(wijkteam_may_read(&admin, &r));
    assert_false(wijkteam_may_read(&wethouder, &r));
    assert_false(wijkteam_may_read(&other_region, &r));
    /* an organisation id only counts for a partner role */
    assert_false(wijkteam_may_read(&care, &r));
    assert_false(wijkteam_may_read(NULL, &r));
    invited.disabled = true;
    assert_false(wijkteam_may_read(&invited, &r));
}

static void test_signal_refused(void **state)
{
    (void)state;
    load_wijk();
    assert_non_null(wijkteam_signal_refusal(false, true, false));
    assert_non_null(wijkteam_signal_refusal(true, true, true));
    assert_non_null(wijkteam_signal_refusal(true, false, false));
    assert_null(wijkteam_signal_refusal(true, true, false));
    char q[1024];
    snprintf(q, sizeof q,
             "INSERT INTO signal (id, token, type, channel, category_id, description, wijk_id,"
             " status, owner_org_id, confidential, intake_confidential, created_at, updated_at,"
             " deadline_at) SELECT 8000 + k.n, 'wt' || k.n, 'melding', 'web', c.id, 'x', %lld,"
             " 'in_behandeling', o.id, k.n = 1, k.n = 2, 0, 0, 0 FROM (SELECT 1 AS n UNION"
             " SELECT 2 UNION SELECT 3 UNION SELECT 4) k, organisation o, category c WHERE"
             " o.code = 'SB' AND c.id = (SELECT min(c2.id) FROM category c2 JOIN category p ON"
             " p.id = c2.parent_id WHERE c2.confidential = 0 AND p.confidential = 0)",
             (long long)g_w.id);
    sql(q);
    /* 8003: written to while the care network held it */
    sql("INSERT INTO signal_event (signal_id, at, kind, confidential) VALUES (8003, 0, 'note', 1)");
    struct wt_meeting_row m = {.area_id = g_w.id, .place = "Wijkcentrum"};
    cal_date day = cal_from_ymd(2025, 6, 10);
    assert_int_equal(cal_to_unix(day, 19 * 3600, &m.starts_at), 0);
    m.ends_at = m.starts_at + 7200;
    sql("BEGIN");
    assert_int_equal(wt_meeting_insert(g_db, &m, 0, 1, &m.id), DB_OK);
    sql("COMMIT");
    struct user reg = with_role(0, ROLE_WIJKREGISSEUR, g_w.region_id, 0);
    struct wijkteam_problems pr;
    const char *refused[] = {"8001", "8002", "8003"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(wijkteam_item_add(g_db, g_a, &reg, &m, g_w.region_id, "melding", NULL,
                                           refused[i], 1, &pr),
                         WIJKTEAM_INVALID);
        assert_string_equal(pr.p[0].field, "signal");
        assert_string_equal(pr.p[0].msgid, wijkteam_signal_refusal(true, true, true));
    }
    assert_int_equal(
        wijkteam_item_add(g_db, g_a, &reg, &m, g_w.region_id, "melding", NULL, "8004", 1, &pr),
        WIJKTEAM_OK);
    struct wt_item_row *it;
    size_t n;
    assert_int_equal(wt_items(g_db, g_a, m.id, &it, &n), DB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(it[0].ref_id, 8004);
}

/* A decision on a focus point of a held meeting makes an action of that
 * focus point, owned by a department, with its due date. */
static void test_decision_action(void **state)
{
    (void)state;
    load_wijk();
    char q[512];
    snprintf(q, sizeof q,
             "INSERT INTO focuspunt (id, number, title, period_start, period_end, status) VALUES"
             " (9501, 95, 'Schoon', '2025-01-01', '2026-12-31', 'lopend');"
             " INSERT INTO focuspunt_area (focuspunt_id, area_id) VALUES (9501, %lld)",
             (long long)g_w.id);
    sql(q);
    struct wt_meeting_row m = {.area_id = g_w.id, .place = "Wijkcentrum"};
    assert_int_equal(cal_to_unix(cal_from_ymd(2025, 6, 3), 19 * 3600, &m.starts_at), 0);
    m.ends_at = m.starts_at + 7200;
    sql("BEGIN");
    assert_int_equal(wt_meeting_insert(g_db, &m, 0, 1, &m.id), DB_OK);
    sql("COMMIT");
    struct user reg = with_role(0, ROLE_WIJKREGISSEUR, g_w.region_id, 0);
    struct wijkteam_problems pr;
    assert_int_equal(
        wijkteam_item_add(g_db, g_a, &reg, &m, g_w.region_id, "focuspunt", NULL, "9501", 1, &pr),
        WIJKTEAM_OK);
    struct wt_item_row *it;
    size_t n;
    assert_int_equal(wt_items(g_db, g_a, m.id, &it, &n), DB_OK);
    assert_int_equal(n, 1);
    char sb[32];
    snprintf(sb, sizeof sb, "%lld", (long long)org_id_by_code(g_db, "SB"));
    struct wijkteam_minutes_input in = {.minutes = "Veel afval.",
                                        .decision = "Vaker ophalen.",
                                        .action = true,
                                        .action_title = "Extra ophaalronde",
                                        .owner_kind = "afdeling",
                                        .owner_org = sb,
                                        .due_on = "2025-09-01"};
    int64_t aid = 0;
    /* not yet held: no minutes */
    assert_int_equal(wijkteam_minutes(g_db, g_a, &reg, &m, g_w.region_id, it[0].id, &in,
                                      "2025-06-04", 2, &pr, &aid),
                     WIJKTEAM_INVALID);
    m.held_at = m.ends_at;
    /* a partner's id where a department is asked for */
    char dgw[32];
    snprintf(dgw, sizeof dgw, "%lld", (long long)org_id_by_code(g_db, "De Goede Woning"));
    in.owner_org = dgw;
    assert_int_equal(wijkteam_minutes(g_db, g_a, &reg, &m, g_w.region_id, it[0].id, &in,
                                      "2025-06-04", 2, &pr, &aid),
                     WIJKTEAM_INVALID);
    assert_string_equal(pr.p[0].field, "owner_org");
    assert_int_equal(one("SELECT count(*) FROM focus_action WHERE focuspunt_id = 9501"), 0);
    in.owner_org = sb;
    assert_int_equal(wijkteam_minutes(g_db, g_a, &reg, &m, g_w.region_id, it[0].id, &in,
                                      "2025-06-04", 2, &pr, &aid),
                     WIJKTEAM_OK);
    assert_true(aid > 0);
    snprintf(q, sizeof q,
             "SELECT count(*) FROM focus_action WHERE id = %lld AND focuspunt_id = 9501 AND"
             " owner_kind = 'afdeling' AND owner_org_id = %s AND due_on = '2025-09-01' AND"
             " status = 'gepland' AND title = 'Extra ophaalronde'",
             (long long)aid, sb);
    assert_int_equal(one(q), 1);
    /* the same decision makes a second action when saved with one again */
    in.action_title = "Tweede ophaalronde";
    assert_int_equal(wijkteam_minutes(g_db, g_a, &reg, &m, g_w.region_id, it[0].id, &in,
                                      "2025-06-04", 3, &pr, &aid),
                     WIJKTEAM_OK);
    assert_int_equal(one("SELECT count(*) FROM focus_action WHERE focuspunt_id = 9501"), 2);
    snprintf(q, sizeof q, "SELECT count(*) FROM wijkteam_item_action WHERE item_id = %lld",
             (long long)it[0].id);
    assert_int_equal(one(q), 2);
    /* a decision on a topic makes an action of the focus point chosen */
    assert_int_equal(wijkteam_item_add(g_db, g_a, &reg, &m, g_w.region_id, "onderwerp", "Rondvraag",
                                       NULL, 1, &pr),
                     WIJKTEAM_OK);
    assert_int_equal(wt_items(g_db, g_a, m.id, &it, &n), DB_OK);
    assert_int_equal(n, 2);
    in.action_title = "Bewonersavond over afval";
    in.action_focus = NULL; /* a topic has no focus point of its own */
    assert_int_equal(wijkteam_minutes(g_db, g_a, &reg, &m, g_w.region_id, it[1].id, &in,
                                      "2025-06-04", 4, &pr, &aid),
                     WIJKTEAM_INVALID);
    assert_string_equal(pr.p[0].field, "action_focus");
    in.action_focus = "9999"; /* no focus point of this wijk */
    assert_int_equal(wijkteam_minutes(g_db, g_a, &reg, &m, g_w.region_id, it[1].id, &in,
                                      "2025-06-04", 4, &pr, &aid),
                     WIJKTEAM_INVALID);
    assert_string_equal(pr.p[0].field, "action_focus");
    in.action_focus = "9501";
    assert_int_equal(wijkteam_minutes(g_db, g_a, &reg, &m, g_w.region_id, it[1].id, &in,
                                      "2025-06-04", 4, &pr, &aid),
                     WIJKTEAM_OK);
    assert_int_equal(one("SELECT count(*) FROM focus_action WHERE focuspunt_id = 9501"), 3);
}

/* The wijk's inventory input may go on the agenda; another wijk's not. */
static void test_inventory_item(void **state)
{
    (void)state;
    char q[512];
    snprintf(q, sizeof q,
             "INSERT INTO inventory_input (id, wijk_id, source, text, entered_at) VALUES"
             " (9701, %lld, 'partner', 'Veel afval bij de flats', 1),"
             " (9702, (SELECT id FROM area WHERE kind = 'wijk' AND id <> %lld LIMIT 1),"
             " 'politie', 'Elders', 1)",
             (long long)g_w.id, (long long)g_w.id);
    sql(q);
    struct wt_meeting_row m = {.area_id = g_w.id, .place = "Wijkcentrum"};
    assert_int_equal(cal_to_unix(cal_from_ymd(2025, 7, 3), 19 * 3600, &m.starts_at), 0);
    m.ends_at = m.starts_at + 7200;
    sql("BEGIN");
    assert_int_equal(wt_meeting_insert(g_db, &m, 0, 1, &m.id), DB_OK);
    sql("COMMIT");
    struct user reg = with_role(0, ROLE_WIJKREGISSEUR, g_w.region_id, 0);
    struct wijkteam_problems pr;
    assert_int_equal(
        wijkteam_item_add(g_db, g_a, &reg, &m, g_w.region_id, "inventaris", NULL, "9702", 1, &pr),
        WIJKTEAM_INVALID);
    assert_string_equal(pr.p[0].field, "inventory");
    assert_int_equal(
        wijkteam_item_add(g_db, g_a, &reg, &m, g_w.region_id, "inventaris", NULL, "9701", 1, &pr),
        WIJKTEAM_OK);
    struct wt_item_row *it;
    size_t n;
    assert_int_equal(wt_items(g_db, g_a, m.id, &it, &n), DB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(it[0].kind, "inventaris");
    assert_string_equal(it[0].ref_title, "partner");
    assert_string_equal(it[0].ref_extra, "Veel afval bij de flats");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_person_active),   cmocka_unit_test(test_composition_today),
        cmocka_unit_test(test_who_reads),       cmocka_unit_test(test_signal_refused),
        cmocka_unit_test(test_decision_action), cmocka_unit_test(test_inventory_item),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
