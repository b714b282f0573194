/*
 * test_notify.c: e-mail to residents about news (domain/notify.h) on a real
 * SQLite file: which residents get which event (wijk, topic, the city), at
 * once against the weekly digest, the digest week on the Amsterdam calendar
 * (the weeks of both daylight-saving changes), nothing sent when empty, the
 * days of consultation phases and survey openings, the unsubscribe token
 * (a keyed hash only, used once, idempotent), erasure, and the two headers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/notify.h"
#include "domain/resident.h"
#include "domain/seed.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/mail.h"
#include "store/db.h"
#include "store/resident_store.h"

#include <string.h>

#include "seeded_db.h"

/* Monday 5 January 2026, 07:00 in Amsterdam (CET) */
#define MON1 ((int64_t)1767592800)
#define DAY  ((int64_t)86400)
#define BASE "https://w.example"

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

static int64_t wijk(const char *slug)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT id FROM area WHERE kind = 'wijk' AND slug = '%s'", slug);
    return q(sql);
}

/* A verified resident following one "wijk:topic" (or nothing), with mode
 * (or no choice), chosen at `at`. */
static int64_t resident(const char *email, const char *interest, const char *mode, int64_t at)
{
    int64_t uid = 0;
    char login[80];
    snprintf(login, sizeof login, "bewoner-%s", email);
    assert_int_equal(
        resident_insert(g_db, login, "Naam", email, NULL, wijk("seghwaert"), NULL, at, &uid),
        DB_OK);
    assert_int_equal(resident_touch(g_db, uid, at), DB_OK);
    if (interest) {
        char slug[40];
        const char *colon = strchr(interest, ':');
        snprintf(slug, sizeof slug, "%.*s", (int)(colon - interest), interest);
        assert_int_equal(resident_interest_add(g_db, uid, wijk(slug), colon + 1), DB_OK);
    }
    if (mode) {
        struct user u = {.id = uid, .login = login};
        const char *problem = NULL;
        assert_int_equal(notify_choose(g_db, g_a, &u, mode, at, &problem), 0);
    }
    return uid;
}

static int64_t mails(const char *to, const char *kind)
{
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE to_addr = '%s' AND kind = '%s'",
             to, kind);
    return q(sql);
}

static void record(const char *kind, int64_t ref, int64_t area_id, const char *topic,
                   const char *title, int64_t now)
{
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(
        notify_record(g_db, kind, ref, "", area_id, 0, topic, title, "/verhalen/1", now), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
}

static struct notify_result run(int64_t now)
{
    struct notify_result r;
    assert_int_equal(notify_run(g_db, now, BASE, &r), 0);
    return r;
}

static void clean(void)
{
    exec("DELETE FROM outbox; DELETE FROM notify_token; DELETE FROM notify_pref;"
         " DELETE FROM notify_event; DELETE FROM resident_interest; DELETE FROM consultation;"
         " DELETE FROM survey;");
    exec("UPDATE resident SET email = NULL, email_key = NULL, erased_at = 1");
}

static void test_who_gets_which_event(void **state)
{
    (void)state;
    clean();
    int64_t t = MON1 + DAY; /* a Tuesday */
    resident("groen-seg@example.nl", "seghwaert:groen", NOTIFY_AT_ONCE, t);
    resident("verkeer-cen@example.nl", "centrum:verkeer", NOTIFY_AT_ONCE, t);
    resident("week-seg@example.nl", "seghwaert:groen", NOTIFY_WEEKLY, t);
    resident("niets@example.nl", "seghwaert:groen", NULL, t); /* never chose: no e-mail */
    resident("uit@example.nl", "seghwaert:groen", NOTIFY_OFF, t);
    int64_t unverified = 0;
    assert_int_equal(resident_insert(g_db, "bewoner-nieuw", "N", "nieuw@example.nl", NULL,
                                     wijk("seghwaert"), NULL, t, &unverified),
                     DB_OK);
    assert_int_equal(resident_interest_add(g_db, unverified, wijk("seghwaert"), "groen"), DB_OK);
    exec("INSERT INTO notify_pref (user_id, mode, changed_at) SELECT user_id, 'direct', 1 FROM"
         " resident WHERE email = 'nieuw@example.nl'");

    /* an item of Seghwaert without a topic: who follows any topic there */
    record("verhaal", 1, wijk("seghwaert"), NULL, "Bankjes in Seghwaert", t + 60);
    struct notify_result r = run(t + 120);
    assert_int_equal(r.at_once, 1);
    assert_int_equal(mails("groen-seg@example.nl", "resident_notify"), 1);
    assert_int_equal(mails("verkeer-cen@example.nl", "resident_notify"), 0);
    assert_int_equal(mails("week-seg@example.nl", "resident_notify"), 0);
    assert_int_equal(mails("niets@example.nl", "resident_notify"), 0);
    assert_int_equal(mails("uit@example.nl", "resident_notify"), 0);
    assert_int_equal(mails("nieuw@example.nl", "resident_notify"), 0);
    /* dispatched once: a second pass sends nothing again */
    assert_int_equal(run(t + 180).at_once, 0);

    /* a topic: only who follows that topic in that wijk */
    record("bijeenkomst", 2, wijk("seghwaert"), "verkeer", "Verkeersavond", t + 200);
    assert_int_equal(run(t + 240).at_once, 0);
    record("bijeenkomst", 3, wijk("centrum"), "verkeer", "Verkeersavond centrum", t + 260);
    assert_int_equal(run(t + 300).at_once, 1);
    assert_int_equal(mails("verkeer-cen@example.nl", "resident_notify"), 1);

    /* the whole city: everyone who follows anything */
    record("verhaal", 4, 0, NULL, "Zoetermeer plant bomen", t + 320);
    assert_int_equal(run(t + 360).at_once, 2);
    assert_int_equal(mails("groen-seg@example.nl", "resident_notify"), 2);
    assert_int_equal(mails("verkeer-cen@example.nl", "resident_notify"), 2);

    /* recorded once: the same item again adds nothing */
    record("verhaal", 4, 0, NULL, "Zoetermeer plant bomen", t + 400);
    assert_int_equal(q("SELECT count(*) FROM notify_event WHERE kind = 'verhaal' AND ref = 4"), 1);

    /* the message: the item, its link, the unsubscribe link in text and header */
    const char *body = qs("SELECT body_text FROM outbox WHERE to_addr = 'groen-seg@example.nl'"
                          " ORDER BY id LIMIT 1");
    assert_non_null(strstr(body, "Nieuw verhaal: Bankjes in Seghwaert\n" BASE "/verhalen/1\n"));
    const char *url = qs("SELECT unsubscribe_url FROM outbox WHERE to_addr ="
                         " 'groen-seg@example.nl' ORDER BY id LIMIT 1");
    assert_non_null(url);
    assert_int_equal(strncmp(url, BASE "/afmelden/", strlen(BASE "/afmelden/")), 0);
    assert_non_null(strstr(body, url));
    assert_string_equal(
        qs("SELECT subject FROM outbox WHERE to_addr = 'groen-seg@example.nl' ORDER BY id LIMIT 1"),
        "Nieuw verhaal in uw wijk");
}

static void test_week_start_amsterdam(void **state)
{
    (void)state;
    /* an ordinary winter week: Monday 07:00 CET is 06:00 UTC */
    assert_int_equal(notify_week_start(MON1), MON1);
    assert_int_equal(notify_week_start(MON1 - 1), MON1 - 7 * DAY);
    assert_int_equal(notify_week_start(MON1 + 3 * DAY), MON1);
    /* the week of the spring change (Sunday 29 March 2026): it starts on
     * Monday 23 March 07:00 CET and the next on Monday 30 March 07:00 CEST,
     * 05:00 UTC: a week of 167 hours */
    int64_t mar23 = 1774245600, mar30 = 1774846800;
    assert_int_equal(notify_week_start(1774778400), mar23); /* Sunday 29 March, noon */
    assert_int_equal(notify_week_start(mar30 - 1), mar23);
    assert_int_equal(notify_week_start(mar30), mar30);
    assert_int_equal(mar30 - mar23, 7 * DAY - 3600);
    /* the autumn change (Sunday 25 October): 19 October 07:00 CEST, then 26
     * October 07:00 CET, 06:00 UTC: a week of 169 hours */
    int64_t oct19 = 1792386000, oct26 = 1792994400;
    assert_int_equal(notify_week_start(1792926000), oct19); /* Sunday 25 October, noon */
    assert_int_equal(notify_week_start(oct26 - 1), oct19);
    assert_int_equal(notify_week_start(oct26), oct26);
    assert_int_equal(oct26 - oct19, 7 * DAY + 3600);
}

static void test_weekly_digest(void **state)
{
    (void)state;
    clean();
    int64_t wed = MON1 + 2 * DAY;
    resident("week@example.nl", "seghwaert:groen", NOTIFY_WEEKLY, wed);
    /* nothing that week: no digest on Monday, but the week is done */
    struct notify_result r = run(MON1 + 7 * DAY);
    assert_int_equal(r.digests, 0);
    assert_int_equal(mails("week@example.nl", "resident_digest"), 0);
    /* two items during the week, one elsewhere */
    record("verhaal", 10, wijk("seghwaert"), NULL, "Eerste", MON1 + 8 * DAY);
    record("bijeenkomst", 11, wijk("seghwaert"), NULL, "Tweede", MON1 + 9 * DAY);
    record("verhaal", 12, wijk("centrum"), NULL, "Elders", MON1 + 9 * DAY);
    assert_int_equal(run(MON1 + 10 * DAY).digests, 0);                /* not before Monday */
    assert_int_equal(run(MON1 + 14 * DAY - 1).digests, 0);            /* Monday 06:59:59 */
    assert_int_equal(mails("week@example.nl", "resident_notify"), 0); /* never at once */
    assert_int_equal(run(MON1 + 14 * DAY).digests, 1);
    assert_int_equal(mails("week@example.nl", "resident_digest"), 1);
    const char *body = qs("SELECT body_text FROM outbox WHERE kind = 'resident_digest'");
    assert_non_null(strstr(body, "Nieuw verhaal: Eerste"));
    assert_non_null(strstr(body, "Nieuwe bijeenkomst: Tweede"));
    assert_null(strstr(body, "Elders"));
    assert_non_null(qs("SELECT unsubscribe_url FROM outbox WHERE kind = 'resident_digest'"));
    /* once a week */
    assert_int_equal(run(MON1 + 14 * DAY + 3600).digests, 0);
    /* an empty week sends nothing */
    assert_int_equal(run(MON1 + 21 * DAY).digests, 0);
    assert_int_equal(mails("week@example.nl", "resident_digest"), 1);
    /* news from before the choice never goes out */
    record("verhaal", 13, wijk("seghwaert"), NULL, "Oud", MON1 + 22 * DAY);
    int64_t late = resident("later@example.nl", "seghwaert:groen", NOTIFY_WEEKLY, MON1 + 23 * DAY);
    (void)late;
    assert_int_equal(run(MON1 + 28 * DAY).digests, 1);
    assert_int_equal(mails("later@example.nl", "resident_digest"), 0);
    assert_int_equal(mails("week@example.nl", "resident_digest"), 2);
}

static void test_choice_rules(void **state)
{
    (void)state;
    clean();
    int64_t uid = resident("kiezer@example.nl", NULL, NULL, MON1);
    struct user u = {.id = uid, .login = "bewoner-kiezer"};
    const char *problem = NULL;
    assert_string_equal(notify_mode(g_db, g_a, uid), NOTIFY_OFF);
    assert_int_equal(notify_choose(g_db, g_a, &u, "vaak", MON1, &problem), 1);
    assert_non_null(problem);
    assert_int_equal(notify_choose(g_db, g_a, &u, NULL, MON1, &problem), 1);
    /* following nothing: no e-mail can be chosen */
    problem = NULL;
    assert_int_equal(notify_choose(g_db, g_a, &u, NOTIFY_WEEKLY, MON1, &problem), 1);
    assert_non_null(strstr(problem, "geen onderwerpen"));
    assert_int_equal(q("SELECT count(*) FROM notify_pref"), 0);
    assert_int_equal(notify_choose(g_db, g_a, &u, NOTIFY_OFF, MON1, &problem), 0);
    assert_int_equal(resident_interest_add(g_db, uid, wijk("seghwaert"), "zorg"), DB_OK);
    assert_int_equal(notify_choose(g_db, g_a, &u, NOTIFY_WEEKLY, MON1, &problem), 0);
    assert_string_equal(notify_mode(g_db, g_a, uid), NOTIFY_WEEKLY);
    /* in the export */
    json_t *o = json_object();
    assert_int_equal(notify_export(g_db, g_a, uid, o), 0);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(o, "notifications"), "mode")), "week");
    json_decref(o);
}

/* The token in the last unsubscribe URL mailed to `to`. */
static const char *token_of(const char *to)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT substr(unsubscribe_url, instr(unsubscribe_url, '/afmelden/') + 10) FROM"
             " outbox WHERE to_addr = '%s' ORDER BY id DESC LIMIT 1",
             to);
    return qs(sql);
}

static void test_unsubscribe_token(void **state)
{
    (void)state;
    clean();
    int64_t t = MON1 + DAY;
    int64_t uid = resident("af@example.nl", "seghwaert:groen", NOTIFY_AT_ONCE, t);
    record("verhaal", 20, wijk("seghwaert"), NULL, "Een", t + 10);
    run(t + 20);
    const char *tok1 = token_of("af@example.nl");
    record("verhaal", 21, wijk("seghwaert"), NULL, "Twee", t + 30);
    run(t + 40);
    const char *tok2 = token_of("af@example.nl");
    assert_non_null(tok1);
    assert_non_null(tok2);
    assert_int_equal(strlen(tok1), AUTH_TOKEN_CHARS - 1);
    assert_string_not_equal(tok1, tok2); /* a new token in every message */
    /* only keyed hashes are stored */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM notify_token WHERE token_hash LIKE '%%%s%%'",
             tok1);
    assert_int_equal(q(sql), 0);
    assert_int_equal(q("SELECT count(*) FROM notify_token WHERE length(token_hash) = 64"), 2);
    /* reading changes nothing; no expiry */
    assert_true(notify_token_valid(g_db, tok1));
    assert_true(notify_token_valid(g_db, tok1));
    assert_string_equal(notify_mode(g_db, g_a, uid), NOTIFY_AT_ONCE);
    /* unknown, malformed */
    assert_false(notify_token_valid(g_db, "kort"));
    assert_int_equal(notify_unsubscribe(g_db, "kort", t + 50), DB_NOTFOUND);
    assert_int_equal(notify_unsubscribe(g_db, NULL, t + 50), DB_NOTFOUND);
    /* used: off, audited without who */
    assert_int_equal(notify_unsubscribe(g_db, tok1, t + 400 * DAY), 0);
    assert_string_equal(notify_mode(g_db, g_a, uid), NOTIFY_OFF);
    assert_int_equal(q("SELECT count(*) FROM audit WHERE action = 'notify_unsubscribe' AND"
                       " user_id IS NULL AND entity_id IS NULL"),
                     1);
    /* the used token is gone */
    assert_false(notify_token_valid(g_db, tok1));
    assert_int_equal(notify_unsubscribe(g_db, tok1, t + 400 * DAY), DB_NOTFOUND);
    /* another message's link while already off: still off, no error */
    assert_int_equal(notify_unsubscribe(g_db, tok2, t + 400 * DAY), 0);
    assert_string_equal(notify_mode(g_db, g_a, uid), NOTIFY_OFF);
    /* off means off */
    record("verhaal", 22, wijk("seghwaert"), NULL, "Drie", t + 401 * DAY);
    assert_int_equal(run(t + 401 * DAY).at_once, 0);
}

static void test_erased_with_the_account(void **state)
{
    (void)state;
    clean();
    int64_t t = MON1 + DAY;
    int64_t uid = resident("weg@example.nl", "seghwaert:groen", NOTIFY_AT_ONCE, t);
    record("verhaal", 30, wijk("seghwaert"), NULL, "Een", t + 10);
    run(t + 20);
    const char *tok = token_of("weg@example.nl");
    assert_true(notify_token_valid(g_db, tok));
    struct user u = {.id = uid, .login = "bewoner-weg"};
    assert_int_equal(resident_delete(g_db, &u, t + 30), 0);
    assert_false(notify_token_valid(g_db, tok));
    assert_int_equal(notify_unsubscribe(g_db, tok, t + 40), DB_NOTFOUND);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM notify_pref WHERE user_id = %lld) +"
             " (SELECT count(*) FROM notify_token WHERE user_id = %lld) +"
             " (SELECT count(*) FROM outbox WHERE unsubscribe_url IS NOT NULL)",
             (long long)uid, (long long)uid);
    assert_int_equal(q(sql), 0);
}

static void test_days_of_phases_and_openings(void **state)
{
    (void)state;
    clean();
    resident("dag@example.nl", "seghwaert:groen", NOTIFY_AT_ONCE, MON1 - 30 * DAY);
    char sql[700];
    /* ideas from Wednesday 7 January; a survey opening on Tuesday 6 January;
     * and a consultation whose ideas phase began 10 days before: too old */
    snprintf(sql, sizeof sql,
             "INSERT INTO consultation (id, area_id, title, question, decided_by, open_to,"
             " not_open, info_on, ideas_on, reactions_on, result_on, created_at, updated_at)"
             " VALUES (1, %lld, 'Het park', 'Wat wilt u?', 'x', 'x', 'x', '2025-12-20',"
             " '2026-01-07', '2026-02-01', '2026-03-01', 0, 0),"
             " (2, %lld, 'Oud', 'Wat?', 'x', 'x', 'x', '2025-12-01', '2025-12-28', '2026-02-01',"
             " '2026-03-01', 0, 0)",
             (long long)wijk("seghwaert"), (long long)wijk("seghwaert"));
    exec(sql);
    snprintf(sql, sizeof sql,
             "INSERT INTO survey (id, title, area_id, opens_on, closes_on, mode, created_at)"
             " VALUES (1, 'Buurtbarometer', %lld, '2026-01-06', '2026-01-31', 'account', 0)",
             (long long)wijk("seghwaert"));
    exec(sql);
    /* Monday 5 January: the info phase of 20 December is too long ago, the
     * survey does not open yet */
    assert_int_equal(run(MON1).events, 0);
    /* Tuesday: the survey opens (in Amsterdam, 00:30 on Tuesday is still
     * Monday 23:30 UTC) */
    assert_int_equal(run(MON1 + DAY - 7 * 3600 + 1800).events, 1);
    assert_int_equal(mails("dag@example.nl", "resident_notify"), 1);
    /* Wednesday: the ideas phase; once, however often the pass runs */
    assert_int_equal(run(MON1 + 2 * DAY).events, 1);
    assert_int_equal(run(MON1 + 2 * DAY + 3600).events, 0);
    assert_string_equal(qs("SELECT group_concat(k) FROM (SELECT kind || ':' || ref || ':' || detail"
                           " AS k FROM notify_event ORDER BY id)"),
                        "enquete:1:,consultatie:1:ideeen");
    const char *body = qs("SELECT body_text FROM outbox ORDER BY id DESC LIMIT 1");
    assert_non_null(
        strstr(body, "Samenspraak in de fase Ideeën: Het park\n" BASE "/samenspraak/1"));
}

static void test_headers_rfc8058(void **state)
{
    (void)state;
    struct mail_msg m = {.from = "wijkregie@zoetermeer.example",
                         .to = "a@example.nl",
                         .subject = "Nieuws",
                         .body = "Tekst\n",
                         .date = MON1,
                         .list_unsubscribe = "https://w.example/afmelden/abc-DEF_1"};
    buf out;
    char err[100];
    buf_init(&out, 1 << 20);
    assert_int_equal(mail_build(&m, &out, err, sizeof err), MAIL_OK);
    assert_non_null(strstr(out.data, "\r\nList-Unsubscribe: <https://w.example/afmelden/abc-DEF_1>"
                                     "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    buf_reset(&out);
    m.list_unsubscribe = NULL;
    assert_int_equal(mail_build(&m, &out, err, sizeof err), MAIL_OK);
    assert_null(strstr(out.data, "List-Unsubscribe"));
    static const char *const bad[] = {"https://w.example/a>\r\nBcc: x@example.nl",
                                      "https://w.example/a b", "mailto:x@example.nl",
                                      "javascript:alert(1)", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        buf_reset(&out);
        m.list_unsubscribe = bad[i];
        assert_int_equal(mail_build(&m, &out, err, sizeof err), MAIL_INVALID);
    }
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_who_gets_which_event),
        cmocka_unit_test(test_week_start_amsterdam),
        cmocka_unit_test(test_weekly_digest),
        cmocka_unit_test(test_choice_rules),
        cmocka_unit_test(test_unsubscribe_token),
        cmocka_unit_test(test_erased_with_the_account),
        cmocka_unit_test(test_days_of_phases_and_openings),
        cmocka_unit_test(test_headers_rfc8058),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
