/*
 * test_resident.c: residents who take part (domain/resident.h) on a real
 * SQLite file: a link works once and for exactly 15 minutes, only its keyed
 * hash is stored, one mailbox has one account, deletion erases at once, the
 * limit per address, and retention's edges (warning 30 days before two
 * years unused, erasure at two years).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/resident.h"
#include "domain/retention.h"
#include "domain/seed.h"
#include "lib/arena.h"
#include "store/db.h"

#include <string.h>

#include "seeded_db.h"

#define T0  ((int64_t)1767225600) /* 2026-01-01 00:00 UTC */
#define DAY ((int64_t)86400)

/* Statements prepared afresh: db_stmt caches by the text's address, and
 * these texts are built in reused buffers. */
static int64_t q(const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static const char *qs(const char *sql)
{
    sqlite3_stmt *st = NULL;
    const char *v = NULL;
    if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = db_col_dup(g_a, st, 0);
    sqlite3_finalize(st);
    return v;
}

static void exec(const char *sql)
{
    assert_int_equal(sqlite3_exec(db_handle(g_db), sql, NULL, NULL, NULL), SQLITE_OK);
}

static int signup(const char *email, const char *name, int64_t now)
{
    const char *interests[] = {"seghwaert:groen", "centrum:verkeer"};
    struct resident_input in = {.email = email,
                                .name = name,
                                .wijk = "seghwaert",
                                .age_band = "45-64",
                                .interests = interests,
                                .ninterests = 2};
    struct resident_problem p[RESIDENT_MAX_PROBLEMS];
    int64_t wait = 0;
    return resident_signup(g_db, g_a, &in, NULL, now, "https://w.example", p, &wait);
}

/* The token of the last link mailed to `to`. */
static const char *last_token(const char *to)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT substr(body_text, instr(body_text, '/deelnemen/link/') + 16, 43) FROM outbox"
             " WHERE kind = 'resident_link' AND to_addr = '%s' ORDER BY id DESC LIMIT 1",
             to);
    return qs(sql);
}

static void test_signup_and_link_single_use_15_minutes(void **state)
{
    assert_int_equal(signup("Piet@Example.nl", "Piet", T0), 0);
    const char *tok = last_token("Piet@Example.nl");
    assert_non_null(tok);
    assert_int_equal(strlen(tok), AUTH_TOKEN_CHARS - 1);
    /* only a keyed hash of the token is stored */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM resident_link WHERE token_hash LIKE '%%%s%%'",
             tok);
    assert_int_equal(q(sql), 0);
    assert_int_equal(q("SELECT count(*) FROM resident_link WHERE length(token_hash) = 64"), 1);
    /* not verified until redeemed */
    assert_int_equal(q("SELECT count(*) FROM resident WHERE verified_at IS NULL AND email ="
                       " 'Piet@Example.nl'"),
                     1);
    /* valid up to the last second of its 15 minutes, not at 15 minutes */
    assert_true(resident_link_valid(g_db, tok, T0 + RESIDENT_LINK_SECONDS - 1));
    assert_false(resident_link_valid(g_db, tok, T0 + RESIDENT_LINK_SECONDS));
    struct user u;
    char session[AUTH_TOKEN_CHARS];
    const char *csrf;
    assert_int_equal(
        resident_redeem(g_db, g_a, tok, T0 + RESIDENT_LINK_SECONDS, &u, session, &csrf),
        DB_NOTFOUND);
    assert_int_equal(
        resident_redeem(g_db, g_a, tok, T0 + RESIDENT_LINK_SECONDS - 1, &u, session, &csrf), 0);
    assert_true(user_is_resident(&u));
    assert_int_equal(u.nroles, 1);
    /* once */
    assert_false(resident_link_valid(g_db, tok, T0 + 60));
    assert_int_equal(resident_redeem(g_db, g_a, tok, T0 + 60, &u, session, &csrf), DB_NOTFOUND);
    assert_int_equal(q("SELECT count(*) FROM resident WHERE verified_at IS NOT NULL AND email ="
                       " 'Piet@Example.nl'"),
                     1);
    /* the session is a real one */
    struct user me;
    const char *c2;
    assert_int_equal(
        auth_session_user(g_db, g_a, session, T0 + 900, &auth_default_limits, &me, &c2), DB_OK);
    assert_int_equal(me.id, u.id);
    /* a wrong token is nothing */
    assert_false(resident_link_valid(g_db, "x", T0));
}

/* The operator's link (`wijkregie resident link`, the demo without mail):
 * the same mechanism, single use. */
static void test_operator_link(void **state)
{
    const char *link = NULL;
    assert_int_equal(resident_make_link(g_db, g_a, "PIET@example.nl", T0, "http://h", &link), 0);
    assert_non_null(link);
    assert_int_equal(strncmp(link, "http://h/deelnemen/link/", 24), 0);
    struct user u;
    char session[AUTH_TOKEN_CHARS];
    const char *csrf;
    assert_int_equal(resident_redeem(g_db, g_a, link + 24, T0 + 1, &u, session, &csrf), 0);
    assert_int_equal(resident_redeem(g_db, g_a, link + 24, T0 + 2, &u, session, &csrf),
                     DB_NOTFOUND);
    assert_int_equal(resident_make_link(g_db, g_a, "niemand@example.nl", T0, "", &link),
                     DB_NOTFOUND);
}

static void test_one_account_per_address(void **state)
{
    assert_int_equal(signup("Jan.Smit@gmail.com", "Jan", T0), 0);
    int64_t before = q("SELECT count(*) FROM resident");
    /* the same mailbox, however written: a link, no second account, no change */
    assert_int_equal(signup("jansmit+buurt@GMAIL.com", "Iemand", T0 + 10), 0);
    assert_int_equal(q("SELECT count(*) FROM resident"), before);
    assert_string_equal(qs("SELECT u.name FROM resident r JOIN user u ON u.id = r.user_id WHERE"
                           " r.email = 'Jan.Smit@gmail.com'"),
                        "Jan");
    assert_int_equal(q("SELECT count(*) FROM outbox WHERE kind = 'resident_link' AND to_addr ="
                       " 'Jan.Smit@gmail.com'"),
                     2);
    assert_int_equal(q("SELECT count(*) FROM outbox WHERE to_addr = 'jansmit+buurt@GMAIL.com'"), 0);
    /* no password ever verifies */
    assert_int_equal(q("SELECT count(*) FROM user u JOIN resident r ON r.user_id = u.id WHERE"
                       " u.password_hash <> ''"),
                     0);
}

static void test_problems(void **state)
{
    const char *bad[] = {"seghwaert:onbekend"};
    struct resident_input in = {.email = "geen adres",
                                .name = "",
                                .wijk = "nergens",
                                .age_band = "7-8",
                                .interests = bad,
                                .ninterests = 1};
    struct resident_problem p[RESIDENT_MAX_PROBLEMS];
    int64_t wait;
    assert_int_equal(resident_signup(g_db, g_a, &in, NULL, T0, "", p, &wait), 5);
    assert_string_equal(p[0].field, "email");
    assert_string_equal(p[4].field, "interesses");
}

static void test_limit_per_address(void **state)
{
    struct resident_client c = {.address = "192.0.2.9", .per_hour = 0};
    int64_t wait = 0;
    int64_t t = T0 + 5 * DAY;
    for (int i = 0; i < RESIDENT_LINKS_PER_ADDRESS; i++)
        assert_int_equal(
            resident_request_link(g_db, g_a, "onbekend@example.nl", &c, t + i, "", &wait), 0);
    assert_int_equal(resident_request_link(g_db, g_a, "onbekend@example.nl", &c, t + 10, "", &wait),
                     RESIDENT_LIMITED);
    assert_true(wait > 0 && wait <= 3600);
    /* per client address too */
    struct resident_client lim = {.address = "192.0.2.10", .per_hour = 2};
    assert_int_equal(resident_request_link(g_db, g_a, "a@example.nl", &lim, t, "", &wait), 0);
    assert_int_equal(resident_request_link(g_db, g_a, "b@example.nl", &lim, t, "", &wait), 0);
    assert_int_equal(resident_request_link(g_db, g_a, "c@example.nl", &lim, t, "", &wait),
                     RESIDENT_LIMITED);
    /* an hour later it works again */
    assert_int_equal(resident_request_link(g_db, g_a, "c@example.nl", &lim, t + 3601, "", &wait),
                     0);
}

static int64_t id_of(const char *email)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT user_id FROM resident WHERE email = '%s'", email);
    return q(sql);
}

static void test_delete_erases_at_once(void **state)
{
    assert_int_equal(signup("weg@example.nl", "Weg", T0), 0);
    int64_t id = id_of("weg@example.nl");
    struct user u;
    assert_int_equal(user_load_by_id(g_db, g_a, id, &u), DB_OK);
    /* an answer to a private question and a meeting's mail wait for the address (another
     * spelling of it), a mail to somebody else too */
    exec(
        "INSERT INTO outbox (created_at, to_addr, subject, body_text, kind, ref, next_attempt_at,"
        " status) VALUES (1, 'Weg@Example.nl', 'Antwoord', 'Uw besloten vraag', 'spreekuur_answer',"
        " 1, 9, 'queued'), (1, 'weg@example.nl', 'Plaats', 'Bijeenkomst', 'meeting_moved_up', 1,"
        " 9, 'held'), (1, 'ander@example.nl', 'Antwoord', 'Andere vraag', 'spreekuur_answer', 2,"
        " 9, 'queued')");
    assert_int_equal(resident_delete(g_db, &u, T0 + 5), 0);
    assert_int_equal(q("SELECT count(*) FROM outbox WHERE kind IN ('spreekuur_answer',"
                       " 'meeting_moved_up') AND status = 'dropped' AND to_addr = '' AND"
                       " body_text IS NULL"),
                     2);
    assert_int_equal(q("SELECT count(*) FROM outbox WHERE to_addr = 'ander@example.nl' AND"
                       " status = 'queued' AND body_text = 'Andere vraag'"),
                     1);
    exec("DELETE FROM outbox WHERE kind IN ('spreekuur_answer', 'meeting_moved_up')");
    char sql[600];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM resident r JOIN user u ON u.id = r.user_id WHERE r.user_id ="
             " %lld AND r.email IS NULL AND r.email_key IS NULL AND r.age_band IS NULL AND"
             " r.area_id IS NULL AND r.erased_at = %lld AND u.name = '' AND u.disabled = 1",
             (long long)id, (long long)(T0 + 5));
    assert_int_equal(q(sql), 1);
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM resident_interest WHERE user_id = %lld) +"
             " (SELECT count(*) FROM resident_link WHERE user_id = %lld) +"
             " (SELECT count(*) FROM outbox WHERE ref = %lld AND kind GLOB 'resident_*' AND"
             " (to_addr <> '' OR body_text IS NOT NULL))",
             (long long)id, (long long)id, (long long)id);
    assert_int_equal(q(sql), 0);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE action = 'resident_delete' AND entity_id = %lld"
             " AND before IS NULL AND after IS NULL",
             (long long)id);
    assert_int_equal(q(sql), 1);
    /* the export holds nothing personal any more */
    json_t *x = resident_export(g_db, g_a, id);
    assert_non_null(x);
    assert_true(json_is_null(json_object_get(x, "email")));
    assert_int_equal(json_array_size(json_object_get(x, "interests")), 0);
    json_decref(x);
}

/* The export lists a vote cast as which vote and when, nothing more: the
 * ballot's choice is stored apart and never read. A survey response carries
 * its answers with the chosen option's text. */
static void test_export_acts_shape(void **state)
{
    assert_int_equal(signup("acts@example.nl", "Acts", T0), 0);
    int64_t id = id_of("acts@example.nl");
    char sql[1400];
    snprintf(sql, sizeof sql,
             "INSERT INTO consultation (id, title, question, decided_by, open_to, not_open,"
             " info_on, ideas_on, reactions_on, result_on, created_at, updated_at) VALUES"
             " (77, 'Plein', 'Vraag', 'x', 'x', 'x', '2025-01-01', '2025-01-02', '2025-01-03',"
             " '2025-01-04', 0, 0);"
             "INSERT INTO consult_idea (id, consultation_id, title, body, channel, participant,"
             " created_at, shuffle_key) VALUES (770, 77, 'Bank', 'Tekst', 'online', 'p:x', 0, 1);"
             "INSERT INTO vote (id, consultation_id, kind, opens_on, closes_on, created_at,"
             " updated_at) VALUES (7, 77, 'keuze', '2025-01-01', '2025-01-09', 0, 0);"
             "INSERT INTO vote_cast (vote_id, participant, channel, created_at) VALUES"
             " (7, 'r:%lld', 'online', %lld);"
             "INSERT INTO vote_ballot (id, vote_id) VALUES (4242, 7);"
             "INSERT INTO vote_ballot_choice (ballot_id, idea_id) VALUES (4242, 770);"
             "INSERT INTO survey (id, title, opens_on, closes_on, mode, created_at) VALUES"
             " (55, 'Buren', '2025-01-01', '2025-12-31', 'account', 0);"
             "INSERT INTO survey_question (id, survey_id, position, kind, text, options) VALUES"
             " (550, 55, 1, 'single', 'Kent u ze?', 'Ja' || char(10) || 'Nee');"
             "INSERT INTO survey_response (id, survey_id, channel, participant, created_at)"
             " VALUES (5500, 55, 'online', 'r:%lld', %lld);"
             "INSERT INTO survey_answer (response_id, question_id, choice) VALUES (5500, 550, 2);",
             (long long)id, (long long)T0, (long long)id, (long long)T0);
    exec(sql);
    json_t *x = resident_export(g_db, g_a, id);
    assert_non_null(x);
    json_t *votes = json_object_get(x, "votes");
    assert_int_equal(json_array_size(votes), 1);
    json_t *v = json_array_get(votes, 0);
    assert_int_equal(json_object_size(v), 4);
    assert_int_equal(json_integer_value(json_object_get(v, "consultation_id")), 77);
    assert_string_equal(json_string_value(json_object_get(v, "consultation")), "Plein");
    assert_string_equal(json_string_value(json_object_get(v, "kind")), "keuze");
    assert_true(json_is_string(json_object_get(v, "cast_at")));
    char *text = json_dumps(votes, 0);
    assert_non_null(text);
    assert_null(strstr(text, "770"));
    free(text);
    json_t *sv = json_array_get(json_object_get(x, "surveys"), 0);
    assert_string_equal(json_string_value(json_object_get(sv, "survey")), "Buren");
    json_t *an = json_array_get(json_object_get(sv, "answers"), 0);
    assert_string_equal(json_string_value(json_object_get(an, "choice_text")), "Nee");
    static const char *const kinds[] = {"ideas", "reactions", "supported", "spreekuur_questions",
                                        "meetings"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        assert_int_equal(json_array_size(json_object_get(x, kinds[i])), 0);
    json_decref(x);
}

static void test_retention_edges(void **state)
{
    exec("UPDATE resident SET erased_at = 1 WHERE erased_at IS NULL"); /* out of the way */
    exec("DELETE FROM outbox");
    assert_int_equal(signup("oud@example.nl", "Oud", T0), 0);
    int64_t id = id_of("oud@example.nl");
    char sql[200];
    snprintf(sql, sizeof sql,
             "UPDATE resident SET verified_at = %lld, erased_at = NULL WHERE"
             " user_id = %lld",
             (long long)T0, (long long)id);
    exec(sql);
    int64_t warn_at = T0 + (RESIDENT_IDLE_DAYS - RESIDENT_WARNING_DAYS) * DAY;
    struct retention_result r;
    /* a second before the warning: nothing */
    assert_int_equal(retention_run(g_db, warn_at - 1, 365, 7, &r), 0);
    assert_int_equal(r.residents_warned, 0);
    /* at 700 days unused: the warning, once, through the outbox */
    assert_int_equal(retention_run(g_db, warn_at, 365, 7, &r), 0);
    assert_int_equal(r.residents_warned, 1);
    assert_int_equal(retention_run(g_db, warn_at + DAY, 365, 7, &r), 0);
    assert_int_equal(r.residents_warned, 0);
    assert_int_equal(q("SELECT count(*) FROM outbox WHERE kind = 'resident_warning' AND to_addr ="
                       " 'oud@example.nl'"),
                     1);
    /* a second before two years: still there */
    int64_t erase_at = T0 + RESIDENT_IDLE_DAYS * DAY;
    /* a mail of another kind waits for the address: the erasure drops it too */
    exec("INSERT INTO outbox (created_at, to_addr, subject, body_text, kind, ref, next_attempt_at,"
         " status) VALUES (1, 'oud@example.nl', 'Antwoord', 'Uw vraag', 'spreekuur_answer', 1,"
         " 4102444800, 'queued')");
    assert_int_equal(retention_run(g_db, erase_at - 1, 365, 7, &r), 0);
    assert_int_equal(r.residents_erased, 0);
    /* at two years unused, warned 30 days before: erased */
    assert_int_equal(retention_run(g_db, erase_at, 365, 7, &r), 0);
    assert_int_equal(r.residents_erased, 1);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM resident WHERE user_id = %lld AND email IS"
             " NULL AND erased_at IS NOT NULL",
             (long long)id);
    assert_int_equal(q(sql), 1);
    assert_int_equal(q("SELECT count(*) FROM outbox WHERE to_addr = 'oud@example.nl'"), 0);
    assert_int_equal(q("SELECT count(*) FROM outbox WHERE kind = 'spreekuur_answer' AND status ="
                       " 'dropped' AND body_text IS NULL"),
                     1);
}

static void test_retention_warning_late_and_login(void **state)
{
    /* a warning sent late (the pass did not run) still gives 30 days */
    assert_int_equal(signup("laat@example.nl", "Laat", T0), 0);
    int64_t id = id_of("laat@example.nl");
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE resident SET verified_at = %lld WHERE user_id = %lld",
             (long long)T0, (long long)id);
    exec(sql);
    int64_t late = T0 + (RESIDENT_IDLE_DAYS - 10) * DAY;
    struct retention_result r;
    assert_int_equal(retention_run(g_db, late, 365, 7, &r), 0);
    assert_int_equal(r.residents_warned, 1);
    assert_int_equal(retention_run(g_db, late + RESIDENT_WARNING_DAYS * DAY - 1, 365, 7, &r), 0);
    assert_int_equal(r.residents_erased, 0);
    /* logging in after the warning keeps the account */
    assert_int_equal(
        resident_request_link(g_db, g_a, "laat@example.nl", NULL, late + DAY, "", &(int64_t){0}),
        0);
    const char *tok = last_token("laat@example.nl");
    struct user u;
    char session[AUTH_TOKEN_CHARS];
    const char *csrf;
    assert_int_equal(resident_redeem(g_db, g_a, tok, late + DAY + 1, &u, session, &csrf), 0);
    assert_int_equal(retention_run(g_db, late + RESIDENT_WARNING_DAYS * DAY, 365, 7, &r), 0);
    assert_int_equal(r.residents_erased, 0);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM resident WHERE user_id = %lld AND warned_at IS NULL AND"
             " erased_at IS NULL",
             (long long)id);
    assert_int_equal(q(sql), 1);
}

static void test_unverified_signup_goes_after_a_day(void **state)
{
    int64_t t = T0 + 3000 * DAY;
    assert_int_equal(signup("nooit@example.nl", "Nooit", t), 0);
    struct retention_result r;
    assert_int_equal(retention_run(g_db, t + RESIDENT_UNVERIFIED_SECONDS - 1, 365, 7, &r), 0);
    assert_int_equal(q("SELECT count(*) FROM resident WHERE email = 'nooit@example.nl'"), 1);
    assert_int_equal(retention_run(g_db, t + RESIDENT_UNVERIFIED_SECONDS, 365, 7, &r), 0);
    assert_int_equal(q("SELECT count(*) FROM resident WHERE email = 'nooit@example.nl'"), 0);
    /* the address can sign up again */
    assert_int_equal(signup("nooit@example.nl", "Nooit", t + 2 * DAY), 0);
    assert_int_equal(q("SELECT count(*) FROM resident WHERE email = 'nooit@example.nl'"), 1);
}

/* A paper participant: one postcode and house number, however written, is
 * one pseudonym; another address or the e-mail key is another; what is not a
 * postcode and house number is refused. */
static void test_address_pseudonym(void **state)
{
    (void)state;
    char a[65], b[65], c[65];
    assert_int_equal(auth_address_pseudonym(g_db, "2718 AB", "12a", a), 0);
    assert_int_equal(auth_address_pseudonym(g_db, "2718ab", " 12 A", b), 0);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), 64);
    assert_int_equal(auth_address_pseudonym(g_db, "2718AB", "12", c), 0);
    assert_string_not_equal(a, c);
    assert_int_equal(auth_address_pseudonym(g_db, "2718AC", "12", b), 0);
    assert_string_not_equal(b, c);
    assert_int_equal(auth_email_pseudonym(g_db, "2718AB|12", b), 0);
    assert_string_not_equal(b, c);
    assert_int_equal(auth_address_pseudonym(g_db, "271 AB", "12", b), -1);
    assert_int_equal(auth_address_pseudonym(g_db, "0718 AB", "12", b), -1);
    assert_int_equal(auth_address_pseudonym(g_db, "2718 ABC", "12", b), -1);
    assert_int_equal(auth_address_pseudonym(g_db, "2718 AB", "a12", b), -1);
    assert_int_equal(auth_address_pseudonym(g_db, "2718 AB", "", b), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signup_and_link_single_use_15_minutes),
        cmocka_unit_test(test_operator_link),
        cmocka_unit_test(test_one_account_per_address),
        cmocka_unit_test(test_problems),
        cmocka_unit_test(test_limit_per_address),
        cmocka_unit_test(test_delete_erases_at_once),
        cmocka_unit_test(test_export_acts_shape),
        cmocka_unit_test(test_retention_edges),
        cmocka_unit_test(test_retention_warning_late_and_login),
        cmocka_unit_test(test_unverified_signup_goes_after_a_day),
        cmocka_unit_test(test_address_pseudonym),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
