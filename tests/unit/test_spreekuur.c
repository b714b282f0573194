/*
 * test_spreekuur.c: the digital wijkspreekuur (domain/spreekuur.c) on a real
 * SQLite file: the term of ten working days and its states, who reads a
 * private question (the asker, the wethouder of the wijk's region and their
 * delegates; not the administrator, not another region's regisseur, not
 * after the delegation ends), who may be delegated to, and the counter's
 * question by address pseudonym.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/resident.h"
#include "domain/seed.h"
#include "domain/spreekuur.h"
#include "store/area_store.h"
#include "store/spreekuur_store.h"
#include "store/user_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seeded_db.h"

static struct wijk noordhove, oosterheem;

static struct user make_user(const char *login, const char *role, int64_t region_id)
{
    int64_t id = 0;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(user_insert(g_db, login, login, NULL, 0, "", &id), DB_OK);
    assert_int_equal(user_add_role(g_db, id, role, region_id, 0, 0), DB_OK);
    assert_int_equal(db_commit(g_db), DB_OK);
    struct user u;
    assert_int_equal(user_load_by_id(g_db, g_a, id, &u), DB_OK);
    return u;
}

static void test_term_and_states(void **state)
{
    (void)state;
    /* Monday 2026-06-01 10:00 local: the tenth working day is Monday 2026-06-15 */
    int64_t asked, due, want;
    assert_int_equal(cal_to_unix(cal_from_ymd(2026, 6, 1), 10 * 3600, &asked), 0);
    assert_int_equal(cal_deadline(NULL, asked, SPREEKUUR_TERM_DAYS, false, &due), 0);
    assert_int_equal(cal_to_unix(cal_from_ymd(2026, 6, 15), 86399, &want), 0);
    assert_int_equal(due, want);
    struct spreekuur_row q = {.due_at = due};
    assert_int_equal(spreekuur_state_of(&q, due), SPREEKUUR_OPEN);
    assert_int_equal(spreekuur_state_of(&q, due + 1), SPREEKUUR_OPEN_LATE);
    q.answer = "Ja";
    q.answered_at = due;
    assert_int_equal(spreekuur_state_of(&q, due + 100), SPREEKUUR_ANSWERED_IN_TIME);
    q.answered_at = due + 1;
    assert_int_equal(spreekuur_state_of(&q, due + 100), SPREEKUUR_ANSWERED_LATE);
}

static void test_who_reads_a_private_question(void **state)
{
    (void)state;
    assert_int_equal(area_get_wijk(g_db, g_a, "noordhove", "2026-06-01", 0, &noordhove), DB_OK);
    assert_int_equal(area_get_wijk(g_db, g_a, "oosterheem", "2026-06-01", 0, &oosterheem), DB_OK);
    assert_true(noordhove.region_id != 0 && oosterheem.region_id != noordhove.region_id);
    int64_t now = 1780000000;
    struct resident_input ri = {.email = "ria@example.nl", .name = "Ria", .wijk = "noordhove"};
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(resident_demo_ensure(g_db, g_a, &ri, now), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    struct user ria;
    assert_int_equal(user_load_by_login(g_db, g_a, "bewoner-demo-noordhove", &ria, NULL), DB_OK);
    struct user weth = make_user("weth-noord", "wijkwethouder", noordhove.region_id);
    struct user weth_oost = make_user("weth-oost", "wijkwethouder", oosterheem.region_id);
    struct user reg = make_user("reg-noord", "wijkregisseur", noordhove.region_id);
    struct user admin = make_user("beheer", "beheerder", 0);

    struct spreekuur_problem p[SPREEKUUR_MAX_PROBLEMS];
    int64_t id = 0;
    /* not about another wijk, not empty */
    assert_int_equal(
        spreekuur_ask(g_db, g_a, &ria, oosterheem.id, "Vraag", NULL, false, now, p, &id), 1);
    assert_int_equal(spreekuur_ask(g_db, g_a, &ria, noordhove.id, " ", NULL, false, now, p, &id),
                     1);
    assert_string_equal(p[0].field, "question");
    assert_int_equal(
        spreekuur_ask(g_db, g_a, &ria, noordhove.id, "Besloten vraag", NULL, false, now, p, &id),
        0);
    struct spreekuur_row q;
    assert_int_equal(spreekuur_get(g_db, g_a, id, &q), DB_OK);
    assert_string_equal(q.channel, "online");
    assert_true(spreekuur_may_read(g_db, g_a, &ria, &q, now));
    assert_true(spreekuur_may_read(g_db, g_a, &weth, &q, now));
    assert_false(spreekuur_may_read(g_db, g_a, NULL, &q, now));
    assert_false(spreekuur_may_read(g_db, g_a, &admin, &q, now));
    assert_false(spreekuur_may_read(g_db, g_a, &weth_oost, &q, now));
    assert_false(spreekuur_may_read(g_db, g_a, &reg, &q, now));
    assert_false(spreekuur_may_answer(g_db, g_a, &ria, &q, now));
    const char *problem = NULL;
    assert_int_equal(spreekuur_answer(g_db, g_a, &reg, id, "Ja", now, "https://x", &problem),
                     SPREEKUUR_FORBIDDEN);

    /* the wethouder delegates: never to the administrator or a resident */
    assert_non_null(spreekuur_delegate(g_db, g_a, &weth, "beheer", true, now));
    assert_non_null(spreekuur_delegate(g_db, g_a, &weth, "bewoner-demo-noordhove", true, now));
    assert_non_null(spreekuur_delegate(g_db, g_a, &reg, "weth-noord", true, now));
    /* nor to an account without the right to answer (ACT_SPREEKUUR_ANSWER): a council member */
    struct user raad = make_user("raad-noord", "raadslid", 0);
    const char *refused = spreekuur_delegate(g_db, g_a, &weth, "raad-noord", true, now);
    assert_non_null(refused);
    assert_non_null(strstr(refused, "mag geen vragen aan het spreekuur beantwoorden"));
    /* a delegation row recorded for such an account (before this rule) gives no access */
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(spreekuur_delegate_add(g_db, weth.id, raad.id, now), DB_OK);
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_false(spreekuur_may_read(g_db, g_a, &raad, &q, now));
    assert_false(spreekuur_may_answer(g_db, g_a, &raad, &q, now));
    assert_int_equal(spreekuur_answer(g_db, g_a, &raad, id, "Ja", now, "https://x", &problem),
                     SPREEKUUR_FORBIDDEN);
    /* ... and the wethouder can still withdraw it */
    assert_null(spreekuur_delegate(g_db, g_a, &weth, "raad-noord", false, now));
    assert_null(spreekuur_delegate(g_db, g_a, &weth, "reg-noord", true, now));
    assert_true(spreekuur_may_read(g_db, g_a, &reg, &q, now));
    assert_int_equal(spreekuur_answer(g_db, g_a, &reg, id, "", now, "https://x", &problem),
                     SPREEKUUR_INVALID);
    assert_int_equal(
        spreekuur_answer(g_db, g_a, &reg, id, "Ja, dat kan.", now + 3600, "https://x", &problem),
        0);
    assert_int_equal(spreekuur_get(g_db, g_a, id, &q), DB_OK);
    assert_string_equal(q.answer, "Ja, dat kan.");
    assert_int_equal(q.answered_by, reg.id);
    assert_int_equal(spreekuur_state_of(&q, now + 86400 * 30), SPREEKUUR_ANSWERED_IN_TIME);
    /* the delegation ends: the regisseur reads no more */
    assert_null(spreekuur_delegate(g_db, g_a, &weth, "reg-noord", false, now));
    assert_false(spreekuur_may_read(g_db, g_a, &reg, &q, now));
    /* a public question everybody reads */
    assert_int_equal(
        spreekuur_ask(g_db, g_a, &ria, noordhove.id, "Openbare vraag", NULL, true, now, p, &id), 0);
    assert_int_equal(spreekuur_get(g_db, g_a, id, &q), DB_OK);
    assert_true(spreekuur_may_read(g_db, g_a, NULL, &q, now));
}

static void test_counter_question(void **state)
{
    (void)state;
    struct spreekuur_problem p[SPREEKUUR_MAX_PROBLEMS];
    int64_t id = 0;
    struct spreekuur_intake in = {.wijk_id = noordhove.id,
                                  .postcode = "2716 aa",
                                  .house_number = "3",
                                  .question = "Een bankje?",
                                  .reply = "email"};
    assert_int_equal(spreekuur_enter(g_db, g_a, NULL, &in, 1780000000, p, &id), 1);
    assert_string_equal(p[0].field, "email");
    in.reply = "balie";
    in.postcode = "27";
    assert_int_equal(spreekuur_enter(g_db, g_a, NULL, &in, 1780000000, p, &id), 1);
    assert_string_equal(p[0].field, "postcode");
    in.postcode = "2716AA";
    assert_int_equal(spreekuur_enter(g_db, g_a, NULL, &in, 1780000000, p, &id), 0);
    struct spreekuur_row q;
    assert_int_equal(spreekuur_get(g_db, g_a, id, &q), DB_OK);
    assert_string_equal(q.channel, "balie");
    assert_string_equal(q.reply_by, "balie");
    assert_int_equal(strncmp(q.participant, "p:", 2), 0);
    char key[65];
    assert_int_equal(auth_address_pseudonym(g_db, "2716 aa", "3", key), 0);
    assert_string_equal(q.participant + 2, key);
    assert_int_equal(q.asked_by, 0);
    assert_false(q.public);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_term_and_states),
        cmocka_unit_test(test_who_reads_a_private_question),
        cmocka_unit_test(test_counter_question),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
