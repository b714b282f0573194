/*
 * test_partner.c: the rules of domain/partner.c: turnover per year, the
 * agreement check at its edges, the scope of partner and department
 * accounts, and hours as people type them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/partner.h"
#include "domain/seed.h"
#include "store/org_store.h"
#include "store/partner_store.h"

#include <sqlite3.h>
#include <string.h>

#include "seeded_db.h"

static void sql(const char *q)
{
    char *err = NULL;
    if (sqlite3_exec(db_handle(g_db), q, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", q, err ? err : "?");
}

static void test_turnover(void **state)
{
    const struct partner_span s[] = {
        {"2023-05-01", NULL},         /* there throughout */
        {"2024-03-01", "2025-06-30"}, /* left in 2025 */
        {"2024-01-01", "2024-12-31"}, /* left on the last day of 2024 */
        {"2025-01-01", "2025-01-01"}, /* one day in 2025, left then */
        {"2026-02-01", NULL},         /* not yet there in 2025 */
        {"2020-01-01", "2022-12-31"}, /* gone before 2023 */
    };
    int present, left;
    partner_turnover(s, 6, 2024, &present, &left);
    assert_int_equal(present, 3);
    assert_int_equal(left, 1);
    partner_turnover(s, 6, 2025, &present, &left);
    assert_int_equal(present, 3);
    assert_int_equal(left, 2);
    partner_turnover(s, 6, 2023, &present, &left);
    assert_int_equal(present, 1);
    assert_int_equal(left, 0);
    partner_turnover(s, 6, 2022, &present, &left);
    assert_int_equal(present, 1);
    assert_int_equal(left, 1);
    partner_turnover(s, 0, 2025, &present, &left);
    assert_int_equal(present, 0);
    assert_int_equal(left, 0);
}

#define DGW 30 /* a partner */
#define PAL 31 /* another partner */
#define AFV 5  /* a main category */
#define WON 6  /* another one */

/* The term of a referral: 10 working days, skipping weekends and holidays;
 * late only while open and after its last day. */
static void test_referral_term(void **state)
{
    (void)state;
    char due[11];
    /* Thursday 24 December 2026: Christmas and New Year's Day are no working days */
    assert_int_equal(partner_referral_default_due("2026-12-24", due), 0);
    assert_string_equal(due, "2027-01-11");
    /* a Monday: two weeks later */
    assert_int_equal(partner_referral_default_due("2026-03-02", due), 0);
    assert_string_equal(due, "2026-03-16");
    assert_int_equal(partner_referral_default_due("2026-02-30", due), -1);
    assert_int_equal(partner_referral_default_due(NULL, due), -1);
    assert_false(partner_referral_overdue("open", "2026-03-16", "2026-03-16"));
    assert_true(partner_referral_overdue("open", "2026-03-16", "2026-03-17"));
    assert_false(partner_referral_overdue("gedaan", "2026-03-16", "2026-03-17"));
    assert_false(partner_referral_overdue("open", NULL, "2026-03-17"));
}

static void test_agreement_edges(void **state)
{
    const struct partner_agreement_view ag[] = {
        {DGW, AFV, false, "2026-01-01", "2026-12-31"},
        {DGW, WON, true, "2027-01-01", "2027-12-31"},
        {PAL, 0, true, "2025-01-01", "2025-06-30"},
    };
    bool contact = true;
    /* the first and the last day it holds */
    assert_int_equal(partner_agreement_covers(ag, 3, DGW, AFV, false, "2026-01-01", &contact),
                     COVER_OK);
    assert_false(contact);
    assert_int_equal(partner_agreement_covers(ag, 3, DGW, AFV, false, "2026-12-31", NULL),
                     COVER_OK);
    /* the day before and the day after */
    assert_int_equal(partner_agreement_covers(ag, 3, DGW, AFV, false, "2025-12-31", NULL),
                     COVER_NOT_YET);
    assert_int_equal(partner_agreement_covers(ag, 3, DGW, AFV, false, "2027-01-01", NULL),
                     COVER_EXPIRED);
    /* another kind of case, or another partner's agreement */
    assert_int_equal(partner_agreement_covers(ag, 3, DGW, 7, false, "2026-06-01", NULL),
                     COVER_NONE);
    assert_int_equal(partner_agreement_covers(ag, 3, 99, AFV, false, "2026-06-01", NULL),
                     COVER_NONE);
    /* every kind of case for PAL, with contact details, until its last day */
    assert_int_equal(partner_agreement_covers(ag, 3, PAL, WON, false, "2025-06-30", &contact),
                     COVER_OK);
    assert_true(contact);
    assert_int_equal(partner_agreement_covers(ag, 3, PAL, WON, false, "2025-07-01", &contact),
                     COVER_EXPIRED);
    assert_false(contact);
    /* confidential: never, whatever the agreement */
    assert_int_equal(partner_agreement_covers(ag, 3, PAL, WON, true, "2025-03-01", &contact),
                     COVER_CONFIDENTIAL);
    assert_false(contact);
    /* a later agreement does not hide one that holds */
    const struct partner_agreement_view two[] = {
        {DGW, AFV, false, "2030-01-01", "2030-12-31"},
        {DGW, AFV, true, "2026-01-01", "2026-12-31"},
    };
    assert_int_equal(partner_agreement_covers(two, 2, DGW, AFV, false, "2026-05-05", &contact),
                     COVER_OK);
    assert_true(contact);
    /* work that is not one signal (a shared action): any kind of case that holds */
    assert_int_equal(
        partner_agreement_covers(ag, 3, DGW, PARTNER_ANY_CASE, false, "2026-06-01", NULL),
        COVER_OK);
    assert_int_equal(
        partner_agreement_covers(ag, 3, DGW, PARTNER_ANY_CASE, false, "2028-01-01", NULL),
        COVER_EXPIRED);
    assert_int_equal(
        partner_agreement_covers(ag, 3, 99, PARTNER_ANY_CASE, false, "2026-06-01", NULL),
        COVER_NONE);
    for (int c = COVER_CONFIDENTIAL; c <= COVER_NOT_YET; c++)
        assert_non_null(partner_cover_message((enum partner_cover)c));
    assert_null(partner_cover_message(COVER_OK));
}

static struct user with_role(enum role r, int64_t org, bool care)
{
    struct user u;
    memset(&u, 0, sizeof u);
    u.id = 1;
    u.login = "x";
    u.nroles = 1;
    u.roles[0].role = r;
    u.roles[0].org_id = org;
    u.roles[0].care_org = care;
    u.role_mask = 1u << r;
    return u;
}

static void test_action_scope(void **state)
{
    int64_t orgs[USER_MAX_ROLES];
    struct user p = with_role(ROLE_PARTNER, DGW, false);
    assert_int_equal(partner_action_orgs(&p, orgs, USER_MAX_ROLES), 1);
    assert_int_equal(orgs[0], DGW);
    assert_true(partner_may_update_action(&p, DGW));
    assert_false(partner_may_update_action(&p, PAL));
    assert_false(partner_may_update_action(&p, 0));
    /* a department's staff and its head: their department */
    struct user afd = with_role(ROLE_AFDELING, 10, false);
    struct user head = with_role(ROLE_AFDELINGSHOOFD, 10, false);
    assert_true(partner_may_update_action(&afd, 10));
    assert_true(partner_may_update_action(&head, 10));
    assert_false(partner_may_update_action(&head, DGW));
    /* the care network's staff own no focus-point actions here */
    struct user care = with_role(ROLE_AFDELING, 50, true);
    assert_int_equal(partner_action_orgs(&care, orgs, USER_MAX_ROLES), 0);
    /* a role without an organisation, or roles that own no actions */
    struct user loose = with_role(ROLE_PARTNER, 0, false);
    assert_int_equal(partner_action_orgs(&loose, orgs, USER_MAX_ROLES), 0);
    for (int r = 0; r < ROLE__COUNT; r++) {
        struct user u = with_role((enum role)r, DGW, false);
        bool owns = r == ROLE_PARTNER || r == ROLE_AFDELING || r == ROLE_AFDELINGSHOOFD;
        assert_int_equal(partner_may_update_action(&u, DGW), owns);
        u.disabled = true;
        assert_false(partner_may_update_action(&u, DGW));
    }
    assert_false(partner_may_update_action(NULL, DGW));
}

/* Who records hours on a shared action, and who corrects an entry. */
static void test_hours_policy(void **state)
{
    (void)state;
    const int64_t co[] = {PAL, DGW};
    struct user p = with_role(ROLE_PARTNER, DGW, false);
    struct user afd = with_role(ROLE_AFDELING, 10, false);
    struct user raad = with_role(ROLE_RAADSLID, DGW, false);
    /* the owner records under its own organisation */
    assert_int_equal(partner_hours_org(&afd, 10, co, 2), 10);
    assert_int_equal(partner_hours_org(&p, DGW, NULL, 0), DGW);
    /* an organisation working on the focus point records under its own */
    assert_int_equal(partner_hours_org(&p, 10, co, 2), DGW);
    /* neither owner nor working on it; a role that owns no actions */
    assert_int_equal(partner_hours_org(&p, 10, co, 1), 0);
    assert_int_equal(partner_hours_org(&afd, 11, co, 2), 0);
    assert_int_equal(partner_hours_org(&raad, DGW, co, 2), 0);
    assert_int_equal(partner_hours_org(NULL, DGW, co, 2), 0);
    /* correcting: who recorded it, or the staff of its organisation */
    p.id = 7;
    assert_true(partner_may_change_hours(&p, DGW, 99));
    assert_true(partner_may_change_hours(&p, 10, 7));
    assert_false(partner_may_change_hours(&p, 10, 99));
    assert_false(partner_may_change_hours(&p, 10, 0));
    assert_false(partner_may_change_hours(&afd, DGW, 99));
    /* not once the account works on no actions any more */
    raad.id = 7;
    assert_false(partner_may_change_hours(&raad, DGW, 7));
    p.disabled = true;
    assert_false(partner_may_change_hours(&p, DGW, 7));
    assert_false(partner_may_change_hours(NULL, DGW, 7));
}

static void test_hours(void **state)
{
    int m = -1;
    assert_null(partner_hours_parse("", &m));
    assert_int_equal(m, 0);
    assert_null(partner_hours_parse("3", &m));
    assert_int_equal(m, 180);
    assert_null(partner_hours_parse("1,5", &m));
    assert_int_equal(m, 90);
    assert_null(partner_hours_parse("0.25", &m));
    assert_int_equal(m, 15);
    assert_null(partner_hours_parse("1000", &m));
    assert_int_equal(m, 60000);
    assert_non_null(partner_hours_parse("1000,5", &m));
    assert_non_null(partner_hours_parse("veel", &m));
    assert_non_null(partner_hours_parse("-2", &m));
    assert_non_null(partner_hours_parse("0", &m));
    assert_non_null(partner_hours_parse("1,2,3", &m));
}

/* Hours on a focus point in two wijken count half for each; a partner
 * records hours only on its own organisation's action. */
static void test_hours_per_wijk(void **state)
{
    int64_t dgw = org_id_by_code(g_db, "De Goede Woning"),
            pal = org_id_by_code(g_db, "Palet Welzijn");
    assert_true(dgw > 0 && pal > 0);
    sql("INSERT INTO focuspunt (id, number, title, period_start, period_end, status) VALUES"
        " (9001, 91, 'Schoon rond de flats', '2025-01-01', '2026-12-31', 'vastgesteld')");
    sql("INSERT INTO focuspunt_area (focuspunt_id, area_id) SELECT 9001, id FROM area WHERE"
        " kind = 'wijk' AND slug IN ('oosterheem', 'seghwaert')");
    char q[512];
    snprintf(q, sizeof q,
             "INSERT INTO focus_action (id, focuspunt_id, title, owner_kind, owner_org_id, due_on,"
             " status, updated_at) VALUES (9101, 9001, 'Schouw', 'partner', %lld, '2025-06-01',"
             " 'gepland', 0), (9102, 9001, 'Praatje', 'partner', %lld, NULL, 'gepland', 0)",
             (long long)dgw, (long long)pal);
    sql(q);
    struct user u;
    memset(&u, 0, sizeof u);
    u.id = 0;
    u.login = "partner-test";
    u.nroles = 1;
    u.roles[0] = (struct user_role){.role = ROLE_PARTNER, .org_id = dgw};
    u.role_mask = 1u << ROLE_PARTNER;
    struct partner_problems pr;
    struct partner_action_update in = {"lopend", "Eerste ronde", "3", "2025-03-03"};
    assert_int_equal(partner_action_update(g_db, g_a, &u, 9101, &in, "2025-04-01", 1, &pr),
                     PARTNER_OK);
    in.hours = "1,5";
    in.worked_on = "2025-12-31";
    assert_int_equal(partner_action_update(g_db, g_a, &u, 9101, &in, "2026-01-02", 2, &pr),
                     PARTNER_OK);
    in.worked_on = "2026-01-02";
    assert_int_equal(partner_action_update(g_db, g_a, &u, 9101, &in, "2026-01-02", 3, &pr),
                     PARTNER_OK);
    /* the other partner's action does not exist for this account */
    assert_int_equal(partner_action_update(g_db, g_a, &u, 9102, &in, "2026-01-02", 4, &pr),
                     PARTNER_NOT_FOUND);
    /* a day after today is refused and nothing is written */
    in.worked_on = "2026-01-03";
    assert_int_equal(partner_action_update(g_db, g_a, &u, 9101, &in, "2026-01-02", 5, &pr),
                     PARTNER_INVALID);
    assert_int_equal(pr.n, 1);
    assert_string_equal(pr.p[0].field, "worked");

    /* 2025: 3 + 1,5 hours = 270 minutes, half of them in each wijk */
    struct action_hours_row *h = NULL;
    size_t n = 0;
    assert_int_equal(action_hours_by_wijk(g_db, g_a, 2025, 0, 0, &h, &n), DB_OK);
    assert_int_equal(n, 2);
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(h[i].org_id, dgw);
        assert_int_equal(h[i].minutes, 135);
        total += h[i].minutes;
    }
    assert_int_equal(total, 270);
    /* one wijk alone, and the next year */
    assert_int_equal(action_hours_by_wijk(g_db, g_a, 2025, h[0].area_id, 0, &h, &n), DB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(action_hours_by_wijk(g_db, g_a, 2026, 0, 0, &h, &n), DB_OK);
    assert_int_equal(n, 2);
    assert_int_equal(h[0].minutes, 45);
    assert_int_equal(action_hours_by_wijk(g_db, g_a, 2024, 0, 0, &h, &n), DB_OK);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_turnover),       cmocka_unit_test(test_agreement_edges),
        cmocka_unit_test(test_referral_term),  cmocka_unit_test(test_action_scope),
        cmocka_unit_test(test_hours),          cmocka_unit_test(test_hours_policy),
        cmocka_unit_test(test_hours_per_wijk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
