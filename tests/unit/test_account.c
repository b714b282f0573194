/*
 * test_account.c: account changes through the domain on a real SQLite file
 * with the demo accounts: the care network's accounts are out of the
 * administrator's hands (only disabling, audited), the lead manages them,
 * the operator's limits; weak passwords refused with CrackLib; and login
 * throttling per account and address, per address, and per account from
 * everywhere with back-off, with the clock as a parameter.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/account.h"
#include "domain/auth.h"
#include "domain/seed.h"
#include "store/org_store.h"
#include "store/user_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEMO_PW "Demo-test-wachtwoord-1"

static char g_dir[] = "/tmp/wr-test-account-XXXXXX";
static db *g_db;
static arena *g_a;

static long long count(const char *fmt, ...)
{
    char sql[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3_stmt *st;
    long long n = -1;
    if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* The password hash of login, to see that it did not change. */
static char *hash_of(const char *login)
{
    struct user_row row;
    assert_int_equal(user_row_by_login(g_db, g_a, login, &row), DB_OK);
    return strdup(row.password_hash);
}

static struct user load(const char *login)
{
    struct user u;
    assert_int_equal(user_load_by_login(g_db, g_a, login, &u, NULL), DB_OK);
    return u;
}

static int setup(void **state)
{
    char err[1400];
    const char *dict = getenv("WR_PASSWORD_DICT");
    if (!mkdtemp(g_dir) || auth_init() != 0 || db_setup(g_dir, err, sizeof err) != 0)
        return -1;
    if (auth_set_dictionary(dict ? dict : "build-check/wijkregie-words", "Wijkregie Zoetermeer",
                            err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    g_db = db_thread();
    g_a = arena_new(1 << 20);
    struct seed_options so = {
        .jurisdiction_id = "zoetermeer.nl", .demo = 1, .demo_password = DEMO_PW};
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

static struct user_role care_role(void)
{
    struct user_role ur = {.role = ROLE_AANVOERDER_WZN, .org_id = org_id_by_code(g_db, "WZN")};
    assert_true(ur.org_id > 0);
    return ur;
}

/* The administrator cannot become the care network, nor make anybody a
 * member, nor take over a member's account; it can lock one, audited. */
static void test_administrator_and_the_care_network(void **state)
{
    struct user admin = load("admin"), lead = load("aanvoerder-wzn"), raad = load("raadslid");
    struct user_role wzn = care_role();
    const char *problem = NULL;
    long long roles = count("SELECT count(*) FROM user_role");
    long long audits = count("SELECT count(*) FROM audit");
    char *lead_hash = hash_of("aanvoerder-wzn");

    assert_int_equal(account_grant(g_db, g_a, &admin, admin.id, &wzn, &problem), ACCOUNT_FORBIDDEN);
    assert_non_null(problem);
    assert_int_equal(account_grant(g_db, g_a, &admin, raad.id, &wzn, &problem), ACCOUNT_FORBIDDEN);
    assert_int_equal(account_revoke(g_db, g_a, &admin, lead.id, &lead.roles[0], &problem),
                     ACCOUNT_FORBIDDEN);
    assert_int_equal(
        account_set_password(g_db, g_a, &admin, lead.id, "Qz7-overnemen-Lp40", &problem),
        ACCOUNT_FORBIDDEN);
    struct account_input in;
    account_input_from(&lead, &in);
    in.email = "beheerder@example.org";
    assert_int_equal(account_update(g_db, g_a, &admin, lead.id, &in, &problem), ACCOUNT_FORBIDDEN);
    /* nor a new account in the network */
    memset(&in, 0, sizeof in);
    in.login = "nep-lid";
    in.name = "Nep Lid";
    in.password = "Qz7-overnemen-Lp40";
    in.roles[in.nroles++] = wzn;
    assert_int_equal(account_create(g_db, g_a, &admin, &in, NULL, &problem), ACCOUNT_FORBIDDEN);
    /* nothing changed, nothing audited */
    assert_int_equal(count("SELECT count(*) FROM user_role"), roles);
    assert_int_equal(count("SELECT count(*) FROM audit"), audits);
    assert_int_equal(count("SELECT count(*) FROM user WHERE login = 'nep-lid'"), 0);
    char *now_hash = hash_of("aanvoerder-wzn");
    assert_string_equal(now_hash, lead_hash);
    free(now_hash);

    /* a lock, not a key */
    assert_int_equal(account_set_disabled(g_db, g_a, &admin, lead.id, true, &problem), ACCOUNT_OK);
    assert_int_equal(count("SELECT disabled FROM user WHERE id = %lld", (long long)lead.id), 1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'disable' AND actor = "
                           "'admin' AND entity = 'user' AND entity_id = %lld AND "
                           "json_extract(after, '$.disabled') = 1",
                           (long long)lead.id),
                     1);
    /* the key stays with the network: the administrator does not enable it */
    assert_int_equal(account_set_disabled(g_db, g_a, &admin, lead.id, false, &problem),
                     ACCOUNT_FORBIDDEN);
    assert_int_equal(account_set_disabled(g_db, g_a, NULL, lead.id, false, &problem), ACCOUNT_OK);
    now_hash = hash_of("aanvoerder-wzn");
    assert_string_equal(now_hash, lead_hash);
    free(now_hash);
    free(lead_hash);
}

/* The lead adds, resets and removes members; not beyond the network. */
static void test_lead_manages_members(void **state)
{
    struct user lead = load("aanvoerder-wzn");
    struct user_role wzn = care_role();
    const char *problem = NULL;
    struct account_input in;
    memset(&in, 0, sizeof in);
    in.login = "lid-een";
    in.name = "Lid Een";
    in.password = "Eerste-lid-wachtwoord-5521";
    in.roles[in.nroles++] = wzn;
    int64_t id = 0;
    assert_int_equal(account_create(g_db, g_a, &lead, &in, &id, &problem), ACCOUNT_OK);
    assert_true(id > 0);
    char *before = hash_of("lid-een");
    assert_int_equal(
        account_set_password(g_db, g_a, &lead, id, "Nieuw-lid-wachtwoord-7712", &problem),
        ACCOUNT_OK);
    char *after = hash_of("lid-een");
    assert_string_not_equal(before, after);
    free(before);
    free(after);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'password_reset' AND actor "
                           "= 'aanvoerder-wzn' AND entity_id = %lld AND after NOT LIKE '%%Nieuw%%'",
                           (long long)id),
                     1);
    /* a member of the network may be made from an existing account ... */
    struct user raad = load("raadslid");
    assert_int_equal(account_grant(g_db, g_a, &lead, raad.id, &wzn, &problem), ACCOUNT_OK);
    /* ... whose key then belongs to neither side alone */
    assert_int_equal(
        account_set_password(g_db, g_a, &lead, raad.id, "Nieuw-lid-wachtwoord-7712", &problem),
        ACCOUNT_FORBIDDEN);
    struct user admin = load("admin");
    assert_int_equal(
        account_set_password(g_db, g_a, &admin, raad.id, "Nieuw-lid-wachtwoord-7712", &problem),
        ACCOUNT_FORBIDDEN);
    assert_int_equal(account_revoke(g_db, g_a, &lead, raad.id, &wzn, &problem), ACCOUNT_OK);
    /* the lead gives no other role, to anybody */
    struct user_role raadslid = {.role = ROLE_RAADSLID};
    assert_int_equal(account_grant(g_db, g_a, &lead, id, &raadslid, &problem), ACCOUNT_FORBIDDEN);
    /* and does not give itself anything, or take its own role */
    assert_int_equal(account_revoke(g_db, g_a, &lead, lead.id, &lead.roles[0], &problem),
                     ACCOUNT_FORBIDDEN);
    /* the administrator cannot make a lead an administrator */
    struct user_role beh = {.role = ROLE_BEHEERDER};
    assert_int_equal(account_grant(g_db, g_a, &admin, id, &beh, &problem), ACCOUNT_FORBIDDEN);
    /* the lead removes the member; then the account is the administrator's */
    assert_int_equal(account_revoke(g_db, g_a, &lead, id, &wzn, &problem), ACCOUNT_OK);
    assert_int_equal(
        account_set_password(g_db, g_a, &lead, id, "Nog-een-wachtwoord-3390", &problem),
        ACCOUNT_FORBIDDEN);
    assert_int_equal(
        account_set_password(g_db, g_a, &admin, id, "Nog-een-wachtwoord-3390", &problem),
        ACCOUNT_OK);
}

/* The operator on the command line: everything, but beheerder with a
 * deciding role not even there. */
static void test_operator(void **state)
{
    const char *problem = NULL;
    struct user admin = load("admin");
    struct user_role wzn = care_role(), reg = {.role = ROLE_WIJKREGISSEUR};
    assert_int_equal(account_grant(g_db, g_a, NULL, admin.id, &wzn, &problem), ACCOUNT_FORBIDDEN);
    assert_int_equal(account_grant(g_db, g_a, NULL, admin.id, &reg, &problem), ACCOUNT_FORBIDDEN);
    struct account_input in;
    memset(&in, 0, sizeof in);
    in.login = "dubbel";
    in.name = "Dubbele Rol";
    in.password = "Dubbel-wachtwoord-6604";
    in.roles[in.nroles++] = (struct user_role){.role = ROLE_BEHEERDER};
    in.roles[in.nroles++] = (struct user_role){.role = ROLE_WIJKWETHOUDER};
    assert_int_equal(account_create(g_db, g_a, NULL, &in, NULL, &problem), ACCOUNT_FORBIDDEN);
    assert_int_equal(count("SELECT count(*) FROM user WHERE login = 'dubbel'"), 0);
    struct user lead = load("aanvoerder-wzn");
    assert_int_equal(
        account_set_password(g_db, g_a, NULL, lead.id, "Operator-zet-dit-4471", &problem),
        ACCOUNT_OK);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE actor = 'system' AND action = "
                           "'password_reset' AND entity_id = %lld",
                           (long long)lead.id),
                     1);
}

/* Weak passwords are refused with a reason, wherever they are set. */
static void test_weak_passwords(void **state)
{
    const char *weak[] = {"welkom123!", "Zoetermeer2026",  "wachtwoord12",  "W3lk0m2026!",
                          "Zomer2026!", "Oosterheem-2024", "Seghwaert2023", "aaaaaaaaaa",
                          "1234567890", "Noord.Hove.2025"};
    for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
        const char *p = auth_password_problem(weak[i], "h.wolters", "Henk Wolters");
        if (!p)
            fail_msg("%s was accepted", weak[i]);
    }
    /* the person's own words (a name no dictionary has) */
    const char *name = "Henk Oudbroekhuis", *login = "h.oudbroekhuis";
    assert_non_null(auth_password_problem("Oudbroekhuis2026!", login, name));
    assert_non_null(auth_password_problem("Henk-Oudbroekhuis-1", login, name));
    assert_non_null(auth_password_problem("h.oudbroekhuis2026", login, name));
    assert_non_null(auth_password_problem("HOudbroekhuis#9", login, name));
    assert_null(auth_password_problem("Oudbroekhuis2026!", "a.jansen", "Anna Jansen"));
    /* what the reason says */
    assert_string_equal(auth_password_problem("kort", "x", NULL),
                        "Het wachtwoord is te kort. Gebruik minstens 10 tekens.");
    assert_non_null(strstr(auth_password_problem("welkom123!", "x", NULL), "bekend woord"));
    /* strong ones pass */
    const char *strong[] = {"Qz7-vk2!Lp", "correct paard batterij nietje",
                            "Eerste-lid-wachtwoord-5521"};
    for (size_t i = 0; i < sizeof strong / sizeof strong[0]; i++)
        if (auth_password_problem(strong[i], "h.wolters", "Henk Wolters"))
            fail_msg("%s was refused: %s", strong[i],
                     auth_password_problem(strong[i], "h.wolters", "Henk Wolters"));
    /* the demo accounts' password, set by init --demo (not checked there),
     * passes CrackLib as well */
    assert_null(auth_password_problem("wijkregie-demo", "admin", "Beheerder"));
    /* and account changes refuse weak ones, storing nothing */
    struct user admin = load("admin"), raad = load("raadslid");
    const char *problem = NULL;
    char *before = hash_of("raadslid");
    assert_int_equal(account_set_password(g_db, g_a, &admin, raad.id, "Zoetermeer2026", &problem),
                     ACCOUNT_INVALID);
    assert_non_null(problem);
    char *after = hash_of("raadslid");
    assert_string_equal(before, after);
    free(before);
    free(after);
}

/* A stranger's wrong passwords do not lock the owner out where they log
 * in; a botnet gets a back-off that doubles; known addresses keep working. */
static void test_throttle(void **state)
{
    struct auth_limits lim = auth_default_limits;
    lim.account_failures = 6; /* smaller than in use, the same rule */
    lim.address_failures = 8;
    struct user u;
    char token[AUTH_TOKEN_CHARS];
    const char *csrf;
    int64_t now = 1900000000, wait = 0;
    /* balie logs in at the office first: a known address */
    assert_int_equal(
        auth_login(g_db, g_a, "balie", DEMO_PW, "192.0.2.10", now, &lim, &u, token, &csrf, &wait),
        AUTH_OK);
    /* a stranger at one address: locked there after pair_failures ... */
    for (int i = 0; i < lim.pair_failures; i++)
        assert_int_equal(auth_login(g_db, g_a, "balie", "fout-wachtwoord", "198.51.100.1", now,
                                    &lim, &u, token, &csrf, &wait),
                         AUTH_BAD_CREDENTIALS);
    assert_int_equal(
        auth_login(g_db, g_a, "balie", DEMO_PW, "198.51.100.1", now, &lim, &u, token, &csrf, &wait),
        AUTH_THROTTLED);
    assert_int_equal(wait, lim.lock_seconds);
    /* ... while the owner logs in from elsewhere, also a new address */
    assert_int_equal(
        auth_login(g_db, g_a, "balie", DEMO_PW, "192.0.2.11", now, &lim, &u, token, &csrf, &wait),
        AUTH_OK);
    /* many addresses together: past account_failures the account backs off */
    char addr[64];
    for (int i = 0; i < lim.account_failures - lim.pair_failures + 1; i++) {
        snprintf(addr, sizeof addr, "203.0.113.%d", i + 1);
        assert_int_equal(auth_login(g_db, g_a, "balie", "fout-wachtwoord", addr, now + 1, &lim, &u,
                                    token, &csrf, &wait),
                         AUTH_BAD_CREDENTIALS);
    }
    /* now failures = account_failures + 1: the first back-off */
    assert_int_equal(auth_login(g_db, g_a, "balie", DEMO_PW, "203.0.113.200", now + 2, &lim, &u,
                                token, &csrf, &wait),
                     AUTH_THROTTLED);
    assert_int_equal(wait, lim.backoff_seconds - 1);
    /* the owner's known address is not held back */
    assert_int_equal(auth_login(g_db, g_a, "balie", DEMO_PW, "192.0.2.10", now + 2, &lim, &u, token,
                                &csrf, &wait),
                     AUTH_OK);
    /* after the back-off one more failure doubles it */
    int64_t t = now + 2 + lim.backoff_seconds;
    assert_int_equal(auth_login(g_db, g_a, "balie", "fout-wachtwoord", "203.0.113.201", t, &lim, &u,
                                token, &csrf, &wait),
                     AUTH_BAD_CREDENTIALS);
    assert_int_equal(
        auth_login(g_db, g_a, "balie", DEMO_PW, "203.0.113.202", t, &lim, &u, token, &csrf, &wait),
        AUTH_THROTTLED);
    assert_int_equal(wait, 2 * lim.backoff_seconds);
    /* a new hour starts counting again */
    t += lim.account_window_seconds + 2 * lim.backoff_seconds;
    assert_int_equal(
        auth_login(g_db, g_a, "balie", DEMO_PW, "203.0.113.203", t, &lim, &u, token, &csrf, &wait),
        AUTH_OK);
    /* one address, many accounts: that address is locked */
    for (int i = 0; i < lim.address_failures; i++) {
        char login[32];
        snprintf(login, sizeof login, "onbekend-%d", i);
        assert_int_equal(auth_login(g_db, g_a, login, "fout-wachtwoord", "198.51.100.66", t, &lim,
                                    &u, token, &csrf, &wait),
                         AUTH_BAD_CREDENTIALS);
    }
    assert_int_equal(auth_login(g_db, g_a, "wethouder", DEMO_PW, "198.51.100.66", t, &lim, &u,
                                token, &csrf, &wait),
                     AUTH_THROTTLED);
    /* nothing about logins or addresses in the clear */
    assert_int_equal(count("SELECT count(*) FROM login_throttle WHERE key LIKE '%%balie%%' OR key "
                           "LIKE '%%onbekend%%' OR key LIKE '%%198.51%%'"),
                     0);
    /* old counters are purged: a day later, the next failure clears them */
    long long rows = count("SELECT count(*) FROM login_throttle");
    t += 2 * 86400;
    assert_int_equal(auth_login(g_db, g_a, "raadslid", "fout-wachtwoord", "198.51.100.99", t, &lim,
                                &u, token, &csrf, &wait),
                     AUTH_BAD_CREDENTIALS);
    assert_true(count("SELECT count(*) FROM login_throttle") < rows);
    /* the known addresses stay (their time is a month) */
    assert_true(count("SELECT count(*) FROM login_throttle WHERE key LIKE 'k:%%'") >= 2);
}

/* Changing one's own password is throttled like a login. */
static void test_password_change_throttled(void **state)
{
    struct auth_limits lim = auth_default_limits;
    struct user me = load("wethouder");
    char token[AUTH_TOKEN_CHARS];
    const char *csrf, *problem;
    int64_t now = 1950000000, wait = 0;
    for (int i = 0; i < lim.pair_failures; i++)
        assert_int_equal(auth_change_password(g_db, g_a, &me, "fout-wachtwoord",
                                              "Nieuw-sterk-wachtwoord-5123", "192.0.2.50", now,
                                              &lim, token, &csrf, &problem, &wait),
                         AUTH_BAD_CREDENTIALS);
    char *before = hash_of("wethouder");
    assert_int_equal(auth_change_password(g_db, g_a, &me, DEMO_PW, "Nieuw-sterk-wachtwoord-5123",
                                          "192.0.2.50", now, &lim, token, &csrf, &problem, &wait),
                     AUTH_THROTTLED);
    assert_true(wait > 0);
    /* a weak new password is refused with its reason, the old one kept */
    assert_int_equal(auth_change_password(g_db, g_a, &me, DEMO_PW, "welkom123!", "192.0.2.51", now,
                                          &lim, token, &csrf, &problem, &wait),
                     AUTH_REFUSED);
    assert_non_null(problem);
    char *after = hash_of("wethouder");
    assert_string_equal(before, after);
    free(after);
    /* elsewhere, with the right one, it works and starts a new session */
    assert_int_equal(auth_change_password(g_db, g_a, &me, DEMO_PW, "Nieuw-sterk-wachtwoord-5123",
                                          "192.0.2.51", now, &lim, token, &csrf, &problem, &wait),
                     AUTH_OK);
    after = hash_of("wethouder");
    assert_string_not_equal(before, after);
    free(before);
    free(after);
    struct user s;
    const char *c2;
    assert_int_equal(auth_session_user(g_db, g_a, token, now + 1, &lim, &s, &c2), DB_OK);
    assert_string_equal(s.login, "wethouder");
}

/* A wijkregisseur needs a region, a department's staff member a department:
 * a new role without them is refused with the reason, and nothing changes. */
static void test_role_scope(void **state)
{
    const char *problem = NULL;
    struct user admin = load("admin"), raad = load("raadslid");
    long long roles = count("SELECT count(*) FROM user_role");
    struct user_role reg = {.role = ROLE_WIJKREGISSEUR};
    assert_int_equal(account_grant(g_db, g_a, &admin, raad.id, &reg, &problem), ACCOUNT_INVALID);
    assert_string_equal(
        problem, "Kies bij de rol wijkregisseur de regio waar deze persoon wijkregisseur is.");
    struct user_role afd = {.role = ROLE_AFDELING};
    assert_int_equal(account_grant(g_db, g_a, &admin, raad.id, &afd, &problem), ACCOUNT_INVALID);
    assert_non_null(problem);
    /* a region is no department */
    afd.region_id = region_id_by_slug(g_db, "noord");
    assert_int_equal(account_grant(g_db, g_a, &admin, raad.id, &afd, &problem), ACCOUNT_INVALID);
    assert_int_equal(count("SELECT count(*) FROM user_role"), roles);
    afd.region_id = 0;
    afd.org_id = org_id_by_code(g_db, "SB");
    assert_true(afd.org_id > 0);
    assert_int_equal(account_grant(g_db, g_a, &admin, raad.id, &afd, &problem), ACCOUNT_OK);
    assert_int_equal(account_revoke(g_db, g_a, &admin, raad.id, &afd, &problem), ACCOUNT_OK);
    assert_int_equal(count("SELECT count(*) FROM user_role"), roles);
    /* pure rule: every role has a one-line explanation */
    for (int r = 0; r < ROLE__COUNT; r++) {
        assert_true(strlen(role_explain((enum role)r)) > 10);
        assert_null(strchr(role_explain((enum role)r), '\n'));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_administrator_and_the_care_network),
        cmocka_unit_test(test_lead_manages_members),
        cmocka_unit_test(test_operator),
        cmocka_unit_test(test_weak_passwords),
        cmocka_unit_test(test_throttle),
        cmocka_unit_test(test_password_change_throttled),
        cmocka_unit_test(test_role_scope),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
