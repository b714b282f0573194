/*
 * test_grant.c: who may grant which role to whom (domain/grant.c), over
 * every pair of roles: the actor's role against the role given or taken,
 * and against the role the account holds whose password, e-mail or status
 * is changed. The expectations are written out as tables, one row per
 * actor role, one column per role, in the order of enum role:
 *
 *   beheerder balie ondersteuner wijkregisseur netwerkregisseur
 *   wijkbeheerder afdeling aanvoerder-wzn stadsmarshall partner
 *   wijkwethouder raadslid bewoner afdelingshoofd
 *
 * y: allowed, .: refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/grant.h"

#include <string.h>

#define CARE_ORG  50 /* an organisation of the care network */
#define CARE_ORG2 51 /* another one */
#define DEPT_ORG  10 /* a department */

/* The scope a role gets in these tests: the care network's roles belong to
 * CARE_ORG (as the demo's lead does), the others are unscoped. */
static struct user_role role_of(enum role r)
{
    struct user_role ur;
    memset(&ur, 0, sizeof ur);
    ur.role = r;
    if (r == ROLE_AANVOERDER_WZN) {
        ur.org_id = CARE_ORG;
        ur.care_org = true;
    }
    return ur;
}

static void add(struct user *u, struct user_role ur)
{
    u->roles[u->nroles++] = ur;
    u->role_mask |= 1u << ur.role;
}

static struct user account(int64_t id, int nroles, ...)
{
    struct user u;
    memset(&u, 0, sizeof u);
    u.id = id;
    u.login = "x";
    va_list ap;
    va_start(ap, nroles);
    for (int i = 0; i < nroles; i++)
        add(&u, role_of((enum role)va_arg(ap, int)));
    va_end(ap);
    return u;
}

static bool allowed(enum grant_verdict v)
{
    return v == GRANT_OK;
}

/* Giving a role to another account that holds none. */
static const char *const grant_table[ROLE__COUNT] = {
    /* beheerder        */ "yyyyyyy.yyyy.y",
    /* balie            */ "..............",
    /* ondersteuner     */ "..............",
    /* wijkregisseur    */ "..............",
    /* netwerkregisseur */ "..............",
    /* wijkbeheerder    */ "..............",
    /* afdeling         */ "..............",
    /* aanvoerder-wzn   */ ".......y......",
    /* stadsmarshall    */ "..............",
    /* partner          */ "..............",
    /* wijkwethouder    */ "..............",
    /* raadslid         */ "..............",
    /* bewoner          */ "..............",
    /* afdelingshoofd   */ "..............",
};

static void test_grant_every_pair(void **state)
{
    for (int a = 0; a < ROLE__COUNT; a++)
        for (int g = 0; g < ROLE__COUNT; g++) {
            struct user actor = account(1, 1, a), target = account(2, 0);
            struct user_role ur = role_of((enum role)g);
            bool want = grant_table[a][g] == 'y';
            enum grant_verdict v = grant_check(&actor, &target, CHANGE_GRANT, &ur);
            if (allowed(v) != want)
                fail_msg("%s grants %s: verdict %d", role_code((enum role)a),
                         role_code((enum role)g), v);
            /* taking it away follows the same table */
            add(&target, ur);
            v = grant_check(&actor, &target, CHANGE_REVOKE, &ur);
            if (allowed(v) != want)
                fail_msg("%s revokes %s: verdict %d", role_code((enum role)a),
                         role_code((enum role)g), v);
            /* the administrator is refused the care network's roles as the
             * care network's decision, not for lack of rights in general */
            if (a == ROLE_BEHEERDER && g == ROLE_AANVOERDER_WZN)
                assert_int_equal(v, GRANT_CARE_ONLY);
        }
}

/* The operator on the command line gives and takes every role. */
static void test_operator_grants_every_role(void **state)
{
    for (int g = 0; g < ROLE__COUNT; g++) {
        struct user target = account(2, 0);
        struct user_role ur = role_of((enum role)g);
        if (g == ROLE_BEWONER) /* a resident makes their own account */
            continue;
        assert_int_equal(grant_check(NULL, &target, CHANGE_GRANT, &ur), GRANT_OK);
        add(&target, ur);
        assert_int_equal(grant_check(NULL, &target, CHANGE_REVOKE, &ur), GRANT_OK);
        assert_int_equal(grant_check(NULL, &target, CHANGE_PASSWORD, NULL), GRANT_OK);
        assert_int_equal(grant_check(NULL, &target, CHANGE_DETAILS, NULL), GRANT_OK);
        assert_int_equal(grant_check(NULL, &target, CHANGE_DISABLE, NULL), GRANT_OK);
        assert_int_equal(grant_check(NULL, &target, CHANGE_ENABLE, NULL), GRANT_OK);
    }
}

/* Nobody gives or takes a role of their own account, whatever the pair. */
static void test_no_self_grant(void **state)
{
    for (int a = 0; a < ROLE__COUNT; a++)
        for (int g = 0; g < ROLE__COUNT; g++) {
            struct user me = account(7, 1, a);
            struct user_role ur = role_of((enum role)g);
            assert_int_equal(grant_check(&me, &me, CHANGE_GRANT, &ur), GRANT_SELF_ROLE);
            assert_int_equal(grant_check(&me, &me, CHANGE_REVOKE, &me.roles[0]), GRANT_SELF_ROLE);
        }
    /* not even the administrator the care network's lead role, nor the
     * lead the administrator's */
    struct user admin = account(1, 1, ROLE_BEHEERDER), lead = account(8, 1, ROLE_AANVOERDER_WZN);
    struct user_role wzn = role_of(ROLE_AANVOERDER_WZN), beh = role_of(ROLE_BEHEERDER);
    assert_int_equal(grant_check(&admin, &admin, CHANGE_GRANT, &wzn), GRANT_SELF_ROLE);
    assert_int_equal(grant_check(&lead, &lead, CHANGE_GRANT, &beh), GRANT_SELF_ROLE);
}

/* The roles that decide about money or cases, in one place. */
static void test_deciding_roles(void **state)
{
    for (int r = 0; r < ROLE__COUNT; r++) {
        struct user_role ur = {.role = (enum role)r};
        bool d = r == ROLE_AANVOERDER_WZN || r == ROLE_WIJKREGISSEUR || r == ROLE_WIJKWETHOUDER ||
                 r == ROLE_AFDELINGSHOOFD;
        assert_int_equal(role_decides(&ur), d);
        /* every role scoped to the care network decides about cases */
        ur.org_id = CARE_ORG;
        ur.care_org = true;
        assert_true(role_decides(&ur));
        assert_true(role_is_care(&ur));
        ur.org_id = DEPT_ORG;
        ur.care_org = false;
        assert_int_equal(role_is_care(&ur), r == ROLE_AANVOERDER_WZN);
    }
}

/* beheerder never holds a deciding role: not granted to an administrator,
 * and beheerder not granted to who holds one, by anybody. */
static void test_administrator_holds_no_deciding_role(void **state)
{
    struct user admin = account(1, 1, ROLE_BEHEERDER);
    struct user lead = account(3, 1, ROLE_AANVOERDER_WZN);
    for (int g = 0; g < ROLE__COUNT; g++) {
        struct user_role ur = role_of((enum role)g);
        bool decides = g == ROLE_AANVOERDER_WZN || g == ROLE_WIJKREGISSEUR ||
                       g == ROLE_WIJKWETHOUDER || g == ROLE_AFDELINGSHOOFD;
        if (g == ROLE_BEWONER) /* test_resident_account */
            continue;
        /* to an account holding beheerder */
        struct user target = account(2, 1, ROLE_BEHEERDER);
        enum grant_verdict v = grant_check(NULL, &target, CHANGE_GRANT, &ur);
        assert_int_equal(v, decides ? GRANT_INCOMPATIBLE : GRANT_OK);
        v = grant_check(&admin, &target, CHANGE_GRANT, &ur);
        if (g == ROLE_AANVOERDER_WZN)
            assert_int_equal(v, GRANT_CARE_ONLY);
        else
            assert_int_equal(v, decides ? GRANT_INCOMPATIBLE : GRANT_OK);
        v = grant_check(&lead, &target, CHANGE_GRANT, &ur);
        if (g == ROLE_AANVOERDER_WZN)
            assert_int_equal(v, GRANT_INCOMPATIBLE);
        else
            assert_false(allowed(v));
        /* beheerder to an account holding role g */
        struct user holder = account(4, 1, g);
        struct user_role beh = role_of(ROLE_BEHEERDER);
        assert_int_equal(grant_check(NULL, &holder, CHANGE_GRANT, &beh),
                         decides ? GRANT_INCOMPATIBLE : GRANT_OK);
        assert_int_equal(grant_check(&admin, &holder, CHANGE_GRANT, &beh),
                         decides ? GRANT_INCOMPATIBLE : GRANT_OK);
    }
    /* a role scoped to the care network decides too */
    struct user target = account(2, 1, ROLE_BEHEERDER);
    struct user_role care_afd = {.role = ROLE_AFDELING, .org_id = CARE_ORG, .care_org = true};
    assert_int_equal(grant_check(NULL, &target, CHANGE_GRANT, &care_afd), GRANT_INCOMPATIBLE);
    struct user_role list[] = {role_of(ROLE_BEHEERDER), role_of(ROLE_RAADSLID)};
    assert_false(grant_roles_conflict(list, 2));
    list[1] = role_of(ROLE_WIJKWETHOUDER);
    assert_true(grant_roles_conflict(list, 2));
}

/* A password, e-mail address or name of someone else's account, or
 * enabling it: whoever may decide about the role the account holds. */
static const char *const key_table[ROLE__COUNT] = {
    /* beheerder        */ "yyyyyyy.yyyy.y",
    /* balie            */ "..............",
    /* ondersteuner     */ "..............",
    /* wijkregisseur    */ "..............",
    /* netwerkregisseur */ "..............",
    /* wijkbeheerder    */ "..............",
    /* afdeling         */ "..............",
    /* aanvoerder-wzn   */ ".......y......",
    /* stadsmarshall    */ "..............",
    /* partner          */ "..............",
    /* wijkwethouder    */ "..............",
    /* raadslid         */ "..............",
    /* bewoner          */ "..............",
    /* afdelingshoofd   */ "..............",
};

/* Disabling: the administrator every account (a lock, not a key); the lead
 * the care network's. */
static const char *const disable_table[ROLE__COUNT] = {
    /* beheerder        */ "yyyyyyyyyyyyyy",
    /* balie            */ "..............",
    /* ondersteuner     */ "..............",
    /* wijkregisseur    */ "..............",
    /* netwerkregisseur */ "..............",
    /* wijkbeheerder    */ "..............",
    /* afdeling         */ "..............",
    /* aanvoerder-wzn   */ ".......y......",
    /* stadsmarshall    */ "..............",
    /* partner          */ "..............",
    /* wijkwethouder    */ "..............",
    /* raadslid         */ "..............",
    /* bewoner          */ "..............",
    /* afdelingshoofd   */ "..............",
};

static void test_keys_and_locks_every_pair(void **state)
{
    for (int a = 0; a < ROLE__COUNT; a++)
        for (int t = 0; t < ROLE__COUNT; t++) {
            struct user actor = account(1, 1, a), target = account(2, 1, t);
            bool key = key_table[a][t] == 'y', lock = disable_table[a][t] == 'y';
            const enum account_change keys[] = {CHANGE_PASSWORD, CHANGE_DETAILS, CHANGE_ENABLE};
            for (size_t k = 0; k < 3; k++) {
                enum grant_verdict v = grant_check(&actor, &target, keys[k], NULL);
                if (allowed(v) != key)
                    fail_msg("%s changes %d of a %s: verdict %d", role_code((enum role)a), keys[k],
                             role_code((enum role)t), v);
            }
            enum grant_verdict v = grant_check(&actor, &target, CHANGE_DISABLE, NULL);
            if (allowed(v) != lock)
                fail_msg("%s disables a %s: verdict %d", role_code((enum role)a),
                         role_code((enum role)t), v);
        }
}

/* A resident's account: nobody gives the role bewoner, nobody gives a
 * resident another role, nobody but the resident changes its keys or
 * details (only disabling, a lock, stays with the administrator); a resident
 * gives nothing. Also not the operator. */
static void test_resident_account(void **state)
{
    struct user resident = account(9, 1, ROLE_BEWONER), admin = account(1, 1, ROLE_BEHEERDER);
    struct user_role bew = role_of(ROLE_BEWONER);
    for (int g = 0; g < ROLE__COUNT; g++) {
        struct user_role ur = role_of((enum role)g);
        struct user staff = account(2, 1, g == ROLE_BEWONER ? ROLE_RAADSLID : g);
        /* no role to a resident, by the operator or the administrator */
        assert_int_equal(grant_check(NULL, &resident, CHANGE_GRANT, &ur), GRANT_RESIDENT);
        assert_int_equal(grant_check(&admin, &resident, CHANGE_GRANT, &ur), GRANT_RESIDENT);
        /* the role bewoner to nobody, not even a new account */
        struct user fresh = account(0, 0);
        assert_int_equal(grant_check(NULL, &staff, CHANGE_GRANT, &bew), GRANT_RESIDENT);
        assert_int_equal(grant_check(NULL, &fresh, CHANGE_GRANT, &bew), GRANT_RESIDENT);
        /* a resident grants, revokes, resets and disables nothing of another */
        struct user other = account(3, 0);
        assert_false(allowed(grant_check(&resident, &other, CHANGE_GRANT, &ur)));
        add(&other, ur);
        for (int c = 0; c < CHANGE__COUNT; c++)
            assert_false(allowed(grant_check(&resident, &other, (enum account_change)c,
                                             c <= CHANGE_REVOKE ? &ur : NULL)));
        assert_false(grant_may_decide(&resident, &ur));
    }
    assert_false(grant_may_decide(&admin, &bew));
    assert_false(grant_may_decide(NULL, &bew));
    const enum account_change keys[] = {CHANGE_PASSWORD, CHANGE_DETAILS, CHANGE_ENABLE,
                                        CHANGE_REVOKE};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const struct user_role *role = keys[k] == CHANGE_REVOKE ? &bew : NULL;
        assert_int_equal(grant_check(&admin, &resident, keys[k], role), GRANT_RESIDENT);
        assert_int_equal(grant_check(NULL, &resident, keys[k], role), GRANT_RESIDENT);
    }
    assert_int_equal(grant_check(&admin, &resident, CHANGE_DISABLE, NULL), GRANT_OK);
    assert_non_null(grant_verdict_message(GRANT_RESIDENT));
}

static void test_keys_special_cases(void **state)
{
    struct user admin = account(1, 1, ROLE_BEHEERDER), lead = account(3, 1, ROLE_AANVOERDER_WZN);
    /* one's own password goes through the current one, not these pages */
    assert_int_equal(grant_check(&admin, &admin, CHANGE_PASSWORD, NULL), GRANT_SELF_PASSWORD);
    assert_int_equal(grant_check(&lead, &lead, CHANGE_PASSWORD, NULL), GRANT_SELF_PASSWORD);
    assert_int_equal(grant_check(&admin, &admin, CHANGE_DISABLE, NULL), GRANT_SELF_DISABLE);
    /* an account inside and outside the care network: only the operator */
    struct user mixed = account(5, 2, ROLE_WIJKREGISSEUR, ROLE_AANVOERDER_WZN);
    assert_int_equal(grant_check(&admin, &mixed, CHANGE_PASSWORD, NULL), GRANT_MIXED_KEY);
    assert_int_equal(grant_check(&lead, &mixed, CHANGE_PASSWORD, NULL), GRANT_MIXED_KEY);
    assert_int_equal(grant_check(&admin, &mixed, CHANGE_DETAILS, NULL), GRANT_MIXED_KEY);
    assert_int_equal(grant_check(NULL, &mixed, CHANGE_PASSWORD, NULL), GRANT_OK);
    /* but either may lock it */
    assert_int_equal(grant_check(&admin, &mixed, CHANGE_DISABLE, NULL), GRANT_OK);
    assert_int_equal(grant_check(&lead, &mixed, CHANGE_DISABLE, NULL), GRANT_OK);
    /* the administrator is told it is the care network's decision */
    struct user member = account(6, 1, ROLE_AANVOERDER_WZN);
    assert_int_equal(grant_check(&admin, &member, CHANGE_PASSWORD, NULL), GRANT_CARE_ONLY);
    assert_int_equal(grant_check(&admin, &member, CHANGE_DETAILS, NULL), GRANT_CARE_ONLY);
    /* an account without roles: the administrator's */
    struct user none = account(9, 0);
    assert_int_equal(grant_check(&admin, &none, CHANGE_PASSWORD, NULL), GRANT_OK);
    assert_int_equal(grant_check(&lead, &none, CHANGE_PASSWORD, NULL), GRANT_NOT_MANAGER);
    /* a disabled actor decides nothing */
    admin.disabled = lead.disabled = true;
    struct user plain = account(10, 1, ROLE_RAADSLID);
    struct user_role wzn = role_of(ROLE_AANVOERDER_WZN), raad = role_of(ROLE_RAADSLID);
    assert_false(allowed(grant_check(&admin, &plain, CHANGE_PASSWORD, NULL)));
    assert_false(allowed(grant_check(&admin, &none, CHANGE_GRANT, &raad)));
    assert_false(allowed(grant_check(&lead, &none, CHANGE_GRANT, &wzn)));
    assert_false(allowed(grant_check(&lead, &member, CHANGE_PASSWORD, NULL)));
}

/* A lead decides within their own network, and only the network's own
 * roles; other roles scoped to the network only the operator gives. */
static void test_lead_scope(void **state)
{
    struct user lead = account(3, 1, ROLE_AANVOERDER_WZN); /* scoped to CARE_ORG */
    struct user target = account(2, 0);
    struct user_role other = {.role = ROLE_AANVOERDER_WZN, .org_id = CARE_ORG2, .care_org = true};
    struct user_role unscoped = {.role = ROLE_AANVOERDER_WZN};
    struct user_role care_afd = {.role = ROLE_AFDELING, .org_id = CARE_ORG, .care_org = true};
    struct user_role care_beh = {.role = ROLE_BEHEERDER, .org_id = CARE_ORG, .care_org = true};
    assert_int_equal(grant_check(&lead, &target, CHANGE_GRANT, &other), GRANT_OTHER_NETWORK);
    assert_int_equal(grant_check(&lead, &target, CHANGE_GRANT, &unscoped), GRANT_OTHER_NETWORK);
    assert_int_equal(grant_check(&lead, &target, CHANGE_GRANT, &care_afd), GRANT_NOT_CARE_ROLE);
    assert_int_equal(grant_check(&lead, &target, CHANGE_GRANT, &care_beh), GRANT_NOT_CARE_ROLE);
    struct user admin = account(1, 1, ROLE_BEHEERDER);
    assert_int_equal(grant_check(&admin, &target, CHANGE_GRANT, &care_afd), GRANT_CARE_ONLY);
    assert_int_equal(grant_check(NULL, &target, CHANGE_GRANT, &care_afd), GRANT_OK);
    /* an unscoped lead decides about every part of the network */
    struct user wide = account(4, 0);
    add(&wide, unscoped);
    assert_int_equal(grant_check(&wide, &target, CHANGE_GRANT, &other), GRANT_OK);
    assert_int_equal(grant_check(&wide, &target, CHANGE_GRANT, &unscoped), GRANT_OK);
    /* a member of another network: not the scoped lead's key */
    struct user foreign = account(5, 0);
    add(&foreign, other);
    assert_int_equal(grant_check(&lead, &foreign, CHANGE_PASSWORD, NULL), GRANT_OTHER_NETWORK);
    assert_int_equal(grant_check(&lead, &foreign, CHANGE_DISABLE, NULL), GRANT_NOT_MANAGER);
    assert_int_equal(grant_check(&wide, &foreign, CHANGE_PASSWORD, NULL), GRANT_OK);
}

static void test_messages(void **state)
{
    assert_null(grant_verdict_message(GRANT_OK));
    for (int v = GRANT_SELF_ROLE; v <= GRANT_INCOMPATIBLE; v++) {
        const char *m = grant_verdict_message((enum grant_verdict)v);
        assert_non_null(m);
        assert_true(strlen(m) > 20);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grant_every_pair),
        cmocka_unit_test(test_operator_grants_every_role),
        cmocka_unit_test(test_no_self_grant),
        cmocka_unit_test(test_deciding_roles),
        cmocka_unit_test(test_administrator_holds_no_deciding_role),
        cmocka_unit_test(test_keys_and_locks_every_pair),
        cmocka_unit_test(test_keys_special_cases),
        cmocka_unit_test(test_resident_account),
        cmocka_unit_test(test_lead_scope),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
