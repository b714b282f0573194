/*
 * test_policy.c: the permission table: deny by default, every role's
 * grants, scopes, disabled accounts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/policy.h"

#include <string.h>

static struct user make(enum role r, int64_t region, int64_t org)
{
    struct user u;
    memset(&u, 0, sizeof u);
    u.id = 1;
    u.login = "x";
    u.nroles = 1;
    u.roles[0].role = r;
    u.roles[0].region_id = region;
    u.roles[0].org_id = org;
    u.role_mask = 1u << r;
    return u;
}

static void test_anonymous_only_public(void **state)
{
    assert_true(policy_allows(NULL, ACT_PUBLIC, NULL));
    for (int a = 0; a < ACT__COUNT; a++)
        if (a != ACT_PUBLIC)
            assert_false(policy_allows(NULL, (enum action)a, NULL));
}

/* A council member reads the monitor, the reports, the budget and the wijk
 * budgets for initiatives, passes on
 * residents' signals and follows them, and nothing else: no work list, no
 * counter. */
static void test_council_member_reads_only_monitor_and_report(void **state)
{
    struct user u = make(ROLE_RAADSLID, 0, 0);
    for (int a = 0; a < ACT__COUNT; a++) {
        bool want = a == ACT_PUBLIC || a == ACT_STAFF_HOME || a == ACT_OWN_ACCOUNT ||
                    a == ACT_MONITOR_VIEW || a == ACT_REPORT_VIEW || a == ACT_COUNCIL_INTAKE ||
                    a == ACT_BUDGET_VIEW || a == ACT_WIJK_BUDGET_VIEW;
        assert_int_equal(policy_allows(&u, (enum action)a, NULL), want);
    }
}

/* The budget page is read by whoever reads the monitor and the council
 * report: the same roles, no more. */
static void test_budget_readers_are_the_monitor_readers(void **state)
{
    for (int r = 0; r < ROLE__COUNT; r++) {
        struct user u = make((enum role)r, 0, 0);
        assert_int_equal(policy_allows(&u, ACT_BUDGET_VIEW, NULL),
                         policy_allows(&u, ACT_MONITOR_VIEW, NULL));
        assert_int_equal(policy_allows(&u, ACT_BUDGET_VIEW, NULL),
                         policy_allows(&u, ACT_REPORT_VIEW, NULL));
    }
    assert_false(policy_allows(NULL, ACT_BUDGET_VIEW, NULL));
}

static void test_admin_only_actions(void **state)
{
    const enum action admin_only[] = {ACT_USERS_MANAGE, ACT_AREAS_MANAGE,      ACT_AUDIT_VIEW,
                                      ACT_METRICS,      ACT_CATEGORIES_MANAGE, ACT_ROUTING_MANAGE,
                                      ACT_YEAR_CLOSE};
    for (int r = 0; r < ROLE__COUNT; r++) {
        struct user u = make((enum role)r, 0, 0);
        for (size_t i = 0; i < sizeof admin_only / sizeof admin_only[0]; i++)
            assert_int_equal(policy_allows(&u, admin_only[i], NULL), r == ROLE_BEHEERDER);
        assert_int_equal(policy_allows(&u, ACT_STAFF_HOME, NULL), r != ROLE_BEWONER);
        assert_int_equal(policy_allows(&u, ACT_OWN_ACCOUNT, NULL), r != ROLE_BEWONER);
    }
}

/* A resident has no staff action at all: only the public pages, their
 * own data and taking part in consultations, which no staff role has. */
static void test_resident_has_no_staff_action(void **state)
{
    struct user u = make(ROLE_BEWONER, 0, 0);
    struct scope_target t = {.region_id = 1, .area_id = 1, .org_id = 1};
    for (int a = 0; a < ACT__COUNT; a++) {
        /* asking the wethouder is a resident's own participation, no staff action */
        bool want = a == ACT_PUBLIC || a == ACT_RESIDENT_OWN || a == ACT_CONSULT_TAKE_PART ||
                    a == ACT_SPREEKUUR_ASK;
        if (policy_allows(&u, (enum action)a, NULL) != want ||
            policy_allows(&u, (enum action)a, &t) != want)
            fail_msg("a resident and %s", action_names[a]);
    }
    for (int r = 0; r < ROLE__COUNT; r++) {
        struct user staff = make((enum role)r, 0, 0);
        assert_int_equal(policy_allows(&staff, ACT_RESIDENT_OWN, NULL), r == ROLE_BEWONER);
        assert_int_equal(policy_allows(&staff, ACT_CONSULT_TAKE_PART, NULL), r == ROLE_BEWONER);
        assert_int_equal(policy_allows(&staff, ACT_SPREEKUUR_ASK, NULL), r == ROLE_BEWONER);
        /* the administrator never answers (nor reads private questions) */
        if (r == ROLE_BEHEERDER)
            assert_false(policy_allows(&staff, ACT_SPREEKUUR_ANSWER, NULL));
    }
    assert_false(policy_allows(NULL, ACT_RESIDENT_OWN, NULL));
    u.disabled = true;
    assert_false(policy_allows(&u, ACT_RESIDENT_OWN, NULL));
}

/* The care network's members pages are its lead's alone: not the
 * administrator's (domain/grant.c has who gives which role). */
static void test_care_network_members_only_for_its_lead(void **state)
{
    for (int r = 0; r < ROLE__COUNT; r++) {
        struct user u = make((enum role)r, 0, 0);
        assert_int_equal(policy_allows(&u, ACT_CARE_NETWORK_MANAGE, NULL),
                         r == ROLE_AANVOERDER_WZN);
    }
}

static void test_council_reads_no_organisation(void **state)
{
    struct user u = make(ROLE_RAADSLID, 0, 0);
    assert_false(policy_allows(&u, ACT_ORG_VIEW, NULL));
    struct user b = make(ROLE_BALIE, 0, 0);
    assert_true(policy_allows(&b, ACT_ORG_VIEW, NULL));
}

static void test_disabled_user_has_nothing(void **state)
{
    struct user u = make(ROLE_BEHEERDER, 0, 0);
    u.disabled = true;
    assert_false(policy_allows(&u, ACT_STAFF_HOME, NULL));
    assert_false(policy_allows(&u, ACT_USERS_MANAGE, NULL));
    assert_true(policy_allows(&u, ACT_PUBLIC, NULL));
}

static void test_out_of_range_denied(void **state)
{
    struct user u = make(ROLE_BEHEERDER, 0, 0);
    assert_false(policy_allows(&u, (enum action)ACT__COUNT, NULL));
    assert_false(policy_allows(&u, (enum action) - 1, NULL));
    assert_int_equal(policy_scope((enum role)ROLE__COUNT, ACT_PUBLIC), SCOPE_NONE);
}

/* A partner's staff member sees only the start page, their own account and
 * the work given to their organisation; no other staff action. */
static void test_partner_only_own_work(void **state)
{
    struct user u = make(ROLE_PARTNER, 0, 30);
    for (int a = 0; a < ACT__COUNT; a++) {
        bool want =
            a == ACT_PUBLIC || a == ACT_STAFF_HOME || a == ACT_OWN_ACCOUNT || a == ACT_OWN_ACTIONS;
        if (policy_allows(&u, (enum action)a, NULL) != want)
            fail_msg("a partner and %s", action_names[a]);
    }
    /* their organisation's work, not another's */
    struct scope_target mine = {.org_id = 30}, other = {.org_id = 31};
    assert_true(policy_allows(&u, ACT_OWN_ACTIONS, &mine));
    assert_false(policy_allows(&u, ACT_OWN_ACTIONS, &other));
    /* the register is the netwerkregisseur's */
    for (int r = 0; r < ROLE__COUNT; r++)
        assert_int_equal(policy_scope((enum role)r, ACT_PARTNER_REGISTER) != SCOPE_NONE,
                         r == ROLE_NETWERKREGISSEUR);
}

/* The head of a department has the department's staff rights (and decides
 * escalations, which the domain rules check); the administrator's actions
 * are not among them. */
static void test_head_of_department(void **state)
{
    for (int a = 0; a < ACT__COUNT; a++)
        if (policy_scope(ROLE_AFDELINGSHOOFD, (enum action)a) <
            policy_scope(ROLE_AFDELING, (enum action)a))
            fail_msg("the head lacks %s", action_names[a]);
    assert_int_equal(policy_scope(ROLE_AFDELINGSHOOFD, ACT_USERS_MANAGE), SCOPE_NONE);
    assert_int_equal(policy_scope(ROLE_AFDELINGSHOOFD, ACT_CARE_NETWORK_MANAGE), SCOPE_NONE);
    struct user_role head = {.role = ROLE_AFDELINGSHOOFD, .org_id = 3};
    assert_true(role_decides(&head));
}

/* The scope each role needs when it is given. */
static void test_role_scopes(void **state)
{
    struct user_role head = {.role = ROLE_AFDELINGSHOOFD, .org_id = 3};
    assert_null(role_scope_problem(&head, "department"));
    assert_non_null(role_scope_problem(&head, "partner"));
    assert_non_null(role_scope_problem(&head, "care_network"));
    head.org_id = 0;
    assert_non_null(role_scope_problem(&head, NULL));
    struct user_role partner = {.role = ROLE_PARTNER, .org_id = 30};
    assert_null(role_scope_problem(&partner, "partner"));
    assert_non_null(role_scope_problem(&partner, "department"));
    partner.org_id = 0;
    partner.region_id = 2;
    assert_non_null(role_scope_problem(&partner, NULL));
    struct user_role net = {.role = ROLE_NETWERKREGISSEUR};
    assert_null(role_scope_problem(&net, NULL));
    assert_int_equal(role_from_string("afdelingshoofd"), ROLE_AFDELINGSHOOFD);
    assert_int_equal(role_from_string("maatschappelijke partner"), ROLE_PARTNER);
}

static void test_roles_known_by_both_names(void **state)
{
    assert_int_equal(role_from_string("vakafdeling medewerker"), ROLE_AFDELING);
    assert_int_equal(role_from_string("afdeling"), ROLE_AFDELING);
    assert_int_equal(role_from_string("aanvoerder wijkzorgnetwerk"), ROLE_AANVOERDER_WZN);
    assert_int_equal(role_from_string("burgemeester"), -1);
    assert_int_equal(role_from_string(NULL), -1);
}

static void test_validation(void **state)
{
    assert_null(user_login_problem("regisseur-noord"));
    assert_non_null(user_login_problem("A"));
    assert_non_null(user_login_problem("Has Space"));
    assert_null(user_email_problem(""));
    assert_null(user_email_problem("a.b@zoetermeer.nl"));
    assert_non_null(user_email_problem("a@b"));
    assert_non_null(user_email_problem("a@@b.nl"));
    assert_non_null(user_email_problem("<a@b.nl>"));
    assert_non_null(user_name_problem(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anonymous_only_public),
        cmocka_unit_test(test_admin_only_actions),
        cmocka_unit_test(test_resident_has_no_staff_action),
        cmocka_unit_test(test_care_network_members_only_for_its_lead),
        cmocka_unit_test(test_council_member_reads_only_monitor_and_report),
        cmocka_unit_test(test_budget_readers_are_the_monitor_readers),
        cmocka_unit_test(test_council_reads_no_organisation),
        cmocka_unit_test(test_disabled_user_has_nothing),
        cmocka_unit_test(test_out_of_range_denied),
        cmocka_unit_test(test_roles_known_by_both_names),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_partner_only_own_work),
        cmocka_unit_test(test_head_of_department),
        cmocka_unit_test(test_role_scopes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
