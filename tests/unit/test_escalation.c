/*
 * test_escalation.c: the rules of escalation with doorzettingsmacht
 * (domain/escalation.c): who escalates what to whom, one open escalation
 * per case, who decides, the effect applied through the case's own rules,
 * confidential and care-network signals never escalated, and the working
 * days to decide.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/escalation.h"
#include "domain/seed.h"
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
    assert_int_equal(sqlite3_prepare_v2(db_handle(g_db), q, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/* The first column of q's first row as text, copied into the test's arena
 * ("" for none or NULL). */
static const char *text(const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(g_db), q, -1, &st, NULL), SQLITE_OK);
    const char *v = "";
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = arena_strdup(g_a, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

static struct user with_role(int64_t id, enum role r, int64_t region, int64_t org)
{
    struct user u;
    memset(&u, 0, sizeof u);
    u.id = id;
    u.login = "x";
    u.nroles = 1;
    u.roles[0].role = r;
    u.roles[0].region_id = region;
    u.roles[0].org_id = org;
    u.role_mask = 1u << r;
    return u;
}

/* Tuesday 10 March 2026, 12:00 in Zoetermeer */
#define NOW   1773140400
#define TODAY "2026-03-10"
#define DAY   86400

static void test_working_days(void **state)
{
    (void)state;
    assert_int_equal(escalation_working_days(NOW, NOW + 3600), 0);              /* the same day */
    assert_int_equal(escalation_working_days(NOW, NOW + DAY), 1);               /* Wednesday */
    assert_int_equal(escalation_working_days(NOW + 3 * DAY, NOW + 6 * DAY), 1); /* Fri to Mon */
    assert_int_equal(escalation_working_days(NOW, NOW + 7 * DAY), 5);           /* a week */
    assert_int_equal(escalation_working_days(NOW, NOW - DAY), 0);               /* never negative */
}

static void test_stuck(void **state)
{
    (void)state;
    struct signal s;
    memset(&s, 0, sizeof s);
    s.deadline_at = NOW + DAY;
    s.updated_at = NOW - DAY;
    assert_false(escalation_signal_stuck(&s, NOW));
    s.deadline_at = NOW - 1; /* over its term */
    assert_true(escalation_signal_stuck(&s, NOW));
    s.deadline_at = NOW + DAY;
    s.updated_at = NOW - ESCALATION_IDLE_DAYS * DAY; /* no change for two weeks */
    assert_true(escalation_signal_stuck(&s, NOW));
    s.closed_at = NOW - 10;
    assert_false(escalation_signal_stuck(&s, NOW));
    s.closed_at = 0;
    s.merged_into = 7;
    assert_false(escalation_signal_stuck(&s, NOW));
    /* confidential and the care network's: never */
    memset(&s, 0, sizeof s);
    assert_false(escalation_signal_never(&s, false));
    assert_true(escalation_signal_never(&s, true));
    s.confidential = 1;
    assert_true(escalation_signal_never(&s, false));
    s.confidential = 0;
    s.intake_confidential = 1;
    assert_true(escalation_signal_never(&s, false));
}

static void test_who(void **state)
{
    (void)state;
    struct user reg = with_role(1, ROLE_WIJKREGISSEUR, 4, 0);
    assert_true(escalation_may_escalate(&reg, 4));
    assert_false(escalation_may_escalate(&reg, 5));
    assert_false(escalation_may_escalate(&reg, 0));
    reg.disabled = true;
    assert_false(escalation_may_escalate(&reg, 4));
    for (int r = 0; r < ROLE__COUNT; r++) {
        struct user u = with_role(1, (enum role)r, 4, 0);
        assert_int_equal(escalation_may_escalate(&u, 4), r == ROLE_WIJKREGISSEUR);
    }
    struct escalation_row to_head = {.to_kind = "afdelingshoofd", .to_org_id = 3, .region_id = 4};
    struct escalation_row to_weth = {.to_kind = "wethouder", .region_id = 4};
    struct user head = with_role(2, ROLE_AFDELINGSHOOFD, 0, 3);
    struct user other_head = with_role(2, ROLE_AFDELINGSHOOFD, 0, 9);
    struct user weth = with_role(3, ROLE_WIJKWETHOUDER, 4, 0);
    struct user weth_else = with_role(3, ROLE_WIJKWETHOUDER, 5, 0);
    struct user staff = with_role(4, ROLE_AFDELING, 0, 3);
    struct user admin = with_role(5, ROLE_BEHEERDER, 0, 0);
    assert_true(escalation_may_decide(&head, &to_head));
    assert_false(escalation_may_decide(&other_head, &to_head));
    assert_false(escalation_may_decide(&weth, &to_head));
    assert_false(escalation_may_decide(&staff, &to_head));
    assert_false(escalation_may_decide(&admin, &to_head));
    assert_true(escalation_may_decide(&weth, &to_weth));
    assert_false(escalation_may_decide(&weth_else, &to_weth));
    assert_false(escalation_may_decide(&head, &to_weth));
    assert_false(escalation_may_decide(&admin, &to_weth));
}

static int64_t g_sb, g_vk, g_region, g_wijk, g_sig, g_conf, g_act;

/* The world of the flow: a regisseur, the head of SB and the wethouder as
 * accounts; a stuck signal of SB in a wijk of the regisseur's region, a
 * confidential one, and an action of SB past its due date. */
static void world(void)
{
    g_sb = org_id_by_code(g_db, "SB");
    g_vk = org_id_by_code(g_db, "VK");
    assert_true(g_sb > 0 && g_vk > 0);
    g_wijk = one("SELECT area_id FROM area_region WHERE valid_to IS NULL ORDER BY area_id LIMIT 1");
    char q[1024];
    snprintf(q, sizeof q, "SELECT region_id FROM area_region WHERE area_id = %lld",
             (long long)g_wijk);
    g_region = one(q);
    assert_true(g_wijk > 0 && g_region > 0);
    sql("INSERT INTO user (id, login, name, password_hash, created_at, password_changed_at) VALUES"
        " (801, 'reg', 'Regisseur', 'x', '2026-01-01', '2026-01-01'),"
        " (802, 'hfd', 'Hoofd', 'x', '2026-01-01', '2026-01-01'),"
        " (803, 'weth', 'Wethouder', 'x', '2026-01-01', '2026-01-01'),"
        " (804, 'oud', 'Oud-hoofd', 'x', '2026-01-01', '2026-01-01')");
    /* who decides, as the accounts page stores it: for the e-mails */
    snprintf(q, sizeof q,
             "UPDATE user SET email = login || '@example.nl' WHERE id IN (802, 803, 804);"
             "UPDATE user SET disabled = 1 WHERE id = 804;"
             "INSERT INTO user_role (user_id, role, region_id, org_id) VALUES"
             " (802, 'afdelingshoofd', NULL, %lld), (804, 'afdelingshoofd', NULL, %lld),"
             " (803, 'wijkwethouder', %lld, NULL)",
             (long long)g_sb, (long long)g_sb, (long long)g_region);
    sql(q);
    int64_t cat = one("SELECT c.id FROM category c JOIN category p ON p.id = c.parent_id"
                      " WHERE c.confidential = 0 AND p.confidential = 0 ORDER BY c.id LIMIT 1");
    snprintf(q, sizeof q,
             "INSERT INTO signal (id, token, type, channel, category_id, description, wijk_id,"
             " status, owner_org_id, created_at, updated_at, deadline_at) VALUES"
             " (901, 't901', 'melding', 'web', %lld, 'Scheve boom', %lld, 'in_behandeling', %lld,"
             " %d, %d, %d), (902, 't902', 'melding', 'web', %lld, 'Zorgen', %lld,"
             " 'in_behandeling', %lld, %d, %d, %d)",
             (long long)cat, (long long)g_wijk, (long long)g_sb, NOW - 30 * DAY, NOW - 20 * DAY,
             NOW - DAY, (long long)cat, (long long)g_wijk, (long long)g_sb, NOW - 30 * DAY,
             NOW - 20 * DAY, NOW - DAY);
    sql(q);
    sql("UPDATE signal SET intake_confidential = 1 WHERE id = 902");
    g_sig = 901;
    g_conf = 902;
    snprintf(q, sizeof q,
             "INSERT INTO focuspunt (id, number, title, period_start, period_end, status) VALUES"
             " (8001, 81, 'Bomen', '2026-01-01', '2026-12-31', 'vastgesteld');"
             "INSERT INTO focuspunt_area (focuspunt_id, area_id) VALUES (8001, %lld);"
             "INSERT INTO focus_action (id, focuspunt_id, title, owner_kind, owner_org_id, due_on,"
             " status, updated_at) VALUES (8101, 8001, 'Snoeien', 'afdeling', %lld, '2026-03-01',"
             " 'lopend', 0)",
             (long long)g_wijk, (long long)g_sb);
    sql(q);
    g_act = 8101;
}

static void test_flow(void **state)
{
    (void)state;
    world();
    struct user reg = with_role(801, ROLE_WIJKREGISSEUR, g_region, 0);
    struct user other = with_role(801, ROLE_WIJKREGISSEUR, g_region + 1000, 0);
    struct user head = with_role(802, ROLE_AFDELINGSHOOFD, 0, g_sb);
    struct user weth = with_role(803, ROLE_WIJKWETHOUDER, g_region, 0);
    struct escalation_problems pr;
    int64_t id = 0;
    struct escalation_input in = {.to = "afdelingshoofd", .reason = "Staat al weken scheef."};
    /* another region's regisseur may not */
    assert_int_equal(escalation_create(g_db, g_a, &other, g_sig, 0, &in, TODAY, NOW, &pr, &id),
                     ESC_FORBIDDEN);
    /* a confidential signal never, whoever escalates */
    assert_int_equal(escalation_create(g_db, g_a, &reg, g_conf, 0, &in, TODAY, NOW, &pr, &id),
                     ESC_INVALID);
    assert_string_equal(pr.p[0].field, "case");
    assert_int_equal(one("SELECT count(*) FROM escalation"), 0);
    /* the stuck signal to the head of SB, who is told by e-mail (not the
     * disabled former head, not the wethouder; the reason only behind the
     * login) */
    assert_int_equal(escalation_create(g_db, g_a, &reg, g_sig, 0, &in, TODAY, NOW, &pr, &id),
                     ESC_OK);
    assert_true(id > 0);
    char q[256];
    snprintf(q, sizeof q,
             "SELECT group_concat(to_addr) FROM outbox WHERE kind = 'escalation' AND ref = %lld"
             " AND to_addr LIKE '%%@example.nl' AND subject LIKE 'Escalatie %lld wacht%%'"
             " AND body_text LIKE '%%melding 901%%' AND body_text NOT LIKE '%%scheef%%'",
             (long long)id, (long long)id);
    assert_string_equal(text(q), "hfd@example.nl");
    /* one open escalation per case */
    struct escalation_input again = {.to = "wethouder", .reason = "Nog eens."};
    assert_int_equal(escalation_create(g_db, g_a, &reg, g_sig, 0, &again, TODAY, NOW, &pr, NULL),
                     ESC_INVALID);
    assert_string_equal(pr.p[0].field, "case");
    /* the wethouder does not decide what went to the head */
    struct escalation_decision_input dec = {.decision = "Verkeer pakt het op.",
                                            .reason = "Het is een verkeersbord.",
                                            .effect = "afdeling",
                                            .org = NULL};
    char vk[24];
    snprintf(vk, sizeof vk, "%lld", (long long)g_vk);
    dec.org = vk;
    assert_int_equal(escalation_decide(g_db, g_a, &weth, id, &dec, TODAY, NOW + DAY, &pr),
                     ESC_NOT_FOUND);
    /* the head decides: the signal goes to Verkeer through the hand-off */
    assert_int_equal(escalation_decide(g_db, g_a, &head, id, &dec, TODAY, NOW + DAY, &pr), ESC_OK);
    assert_int_equal(one("SELECT owner_org_id FROM signal WHERE id = 901"), g_vk);
    assert_int_equal(one("SELECT count(*) FROM signal_event WHERE signal_id = 901 AND kind ="
                         " 'handoff' AND user_id = 802"),
                     1);
    assert_int_equal(one("SELECT working_days FROM escalation WHERE effect = 'afdeling'"), 1);
    /* decided once */
    assert_int_equal(escalation_decide(g_db, g_a, &head, id, &dec, TODAY, NOW + DAY, &pr),
                     ESC_INVALID);
    /* the head of SB no longer holds it: a new escalation to a head goes to Verkeer's */
    assert_int_equal(escalation_create(g_db, g_a, &reg, g_sig, 0, &in, TODAY, NOW, &pr, &id),
                     ESC_OK);
    assert_int_equal(one("SELECT to_org_id FROM escalation WHERE decided_at IS NULL"), g_vk);
    assert_int_equal(escalation_decide(g_db, g_a, &head, id, &dec, TODAY, NOW, &pr), ESC_NOT_FOUND);

    /* an action past its due date to the wethouder, who sets a new date */
    struct escalation_input ain = {.to = "wethouder", .reason = "Ligt stil."};
    int64_t aid = 0;
    assert_int_equal(escalation_create(g_db, g_a, &reg, 0, g_act, &ain, TODAY, NOW, &pr, &aid),
                     ESC_OK);
    snprintf(q, sizeof q,
             "SELECT group_concat(to_addr) FROM outbox WHERE kind = 'escalation' AND ref = %lld"
             " AND to_addr LIKE '%%@example.nl'",
             (long long)aid);
    assert_string_equal(text(q), "weth@example.nl");
    struct escalation_decision_input late = {.decision = "Klaar voor de zomer.",
                                             .reason = "Prioriteit.",
                                             .effect = "termijn",
                                             .date = "2026-03-10"};
    assert_int_equal(escalation_decide(g_db, g_a, &weth, aid, &late, TODAY, NOW, &pr), ESC_INVALID);
    assert_string_equal(pr.p[0].field, "date");
    late.date = "2026-06-30";
    assert_int_equal(escalation_decide(g_db, g_a, &weth, aid, &late, TODAY, NOW, &pr), ESC_OK);
    assert_int_equal(one("SELECT due_on = '2026-06-30' FROM focus_action WHERE id = 8101"), 1);
    assert_int_equal(one("SELECT count(*) FROM audit WHERE action = 'action_change' AND"
                         " entity_id = 8101"),
                     1);
    /* no longer past its date: not stuck, so not escalated again */
    assert_int_equal(escalation_create(g_db, g_a, &reg, 0, g_act, &ain, TODAY, NOW, &pr, NULL),
                     ESC_INVALID);
    assert_string_equal(pr.p[0].field, "case");
    /* counted in the monitor */
    json_t *m = escalation_monitor_json(g_db, g_a, 2026, true, NULL);
    assert_non_null(m);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(m, "total"), "n")), 3);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(m, "total"), "decided")),
                     2);
    json_decref(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_working_days),
        cmocka_unit_test(test_stuck),
        cmocka_unit_test(test_who),
        cmocka_unit_test(test_flow),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
