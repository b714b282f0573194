/*
 * test_signal.c: the signal rules on a real SQLite file with the demo
 * organisation: the status table, routing by the default rules (first match
 * wins, default queue, the wijkregisseur of the region, the care network),
 * validation, creation with its e-mail, who may read and handle, hand-offs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/feedback.h"
#include "domain/retention.h"
#include "domain/signal_change.h"
#include "domain/signal_task.h"
#include "domain/seed.h"
#include "domain/signal.h"
#include "store/org_store.h"
#include "store/signal_store.h"
#include "store/user_store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[] = "/tmp/wr-test-signal-XXXXXX";
static db *g_db;
static arena *g_a;
static const int64_t NOW = 1795000000; /* 2026-11-18 */

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
    g_a = arena_new(1 << 16);
    struct seed_options so = {
        .jurisdiction_id = "zoetermeer.nl", .demo = 1, .demo_password = "test-password-1"};
    if (!g_db || seed_run(g_db, &so, err, sizeof err) != 0)
        return -1;
    return signal_areas_init(g_db, err, sizeof err);
}

static int teardown(void **state)
{
    signal_areas_free();
    arena_free(g_a);
    db_thread_close();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int64_t wijk(const char *code)
{
    return area_id_by_code(g_db, "wijk", code, 0);
}

static void test_status_table(void **state)
{
    assert_true(signal_transition_allowed("gemeld", "in_behandeling"));
    assert_true(signal_transition_allowed("gemeld", "afgehandeld"));
    assert_true(signal_transition_allowed("afgehandeld", "heropend"));
    assert_false(signal_transition_allowed("afgehandeld", "ingepland"));
    assert_false(signal_transition_allowed("gemeld", "heropend"));
    assert_false(signal_transition_allowed("gemeld", "gemeld"));
    assert_false(signal_transition_allowed("nonsense", "gemeld"));
    assert_true(signal_status("afgehandeld")->closed);
    assert_false(signal_status("wacht_op_melder")->closed);
    const char *next[8];
    assert_int_equal(signal_next_statuses("geannuleerd", next, 8), 1);
    assert_string_equal(next[0], "heropend");
}

static void test_routing(void **state)
{
    struct signal_route r;
    const char *on = "2026-11-18";
    int64_t sb = org_id_by_code(g_db, "SB"), vk = org_id_by_code(g_db, "VK"),
            sam = org_id_by_code(g_db, "SAM"), pub = org_id_by_code(g_db, "PUB"),
            wzn = org_id_by_code(g_db, "WZN");
    /* main category rule */
    assert_int_equal(signal_route(g_db, g_a, category_id_by_slug(g_db, "container-is-vol", 0),
                                  wijk("WK063706"), "melding", "web", on, &r),
                     0);
    assert_int_equal(r.org_id, sb);
    assert_true(r.rule_id > 0);
    assert_false(r.confidential);
    /* a sub category rule comes before its main category's */
    assert_int_equal(signal_route(g_db, g_a, category_id_by_slug(g_db, "verkeerssituaties", 0),
                                  wijk("WK063706"), "melding", "web", on, &r),
                     0);
    assert_int_equal(r.org_id, vk);
    /* the wijkregisseur of the region */
    int64_t overlast = 0;
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(g_db),
                       "SELECT c.id FROM category c JOIN category p ON p.id = c.parent_id"
                       " WHERE p.slug = 'overlast-van-en-door-personen-of-groepen' LIMIT 1",
                       -1, &st, NULL);
    if (sqlite3_step(st) == SQLITE_ROW)
        overlast = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    assert_true(overlast > 0);
    assert_int_equal(signal_route(g_db, g_a, overlast, wijk("WK063706"), "melding", "web", on, &r),
                     0);
    assert_int_equal(r.org_id, sam);
    struct user u;
    assert_int_equal(user_load_by_id(g_db, g_a, r.user_id, &u), DB_OK);
    assert_string_equal(u.login, "regisseur-oost");
    /* a wijk without a region: the default queue */
    assert_int_equal(signal_route(g_db, g_a, overlast, wijk("WK063708"), "melding", "web", on, &r),
                     0);
    assert_int_equal(r.org_id, pub);
    assert_int_equal(r.user_id, 0);
    /* no location at all: routed by category alone */
    assert_int_equal(signal_route(g_db, g_a, overlast, 0, "melding", "web", on, &r), 0);
    assert_int_equal(r.org_id, pub);
    /* the care network, confidential */
    assert_int_equal(signal_route(g_db, g_a,
                                  category_id_by_slug(g_db, "zorgen-om-een-buurtbewoner", 0),
                                  wijk("WK063700"), "melding", "balie", on, &r),
                     0);
    assert_int_equal(r.org_id, wzn);
    assert_true(r.confidential);
}

static void test_broken_rule_is_not_used(void **state)
{
    /* A rule pointing at a switched-off category is broken: listed, never matched. */
    int64_t cat = category_id_by_slug(g_db, "boom", 0);
    assert_true(cat > 0);
    assert_int_equal(routing_rule_insert(g_db, 0, cat, 0, 0, NULL, NULL, "organisation",
                                         org_id_by_code(g_db, "COM"), "test"),
                     DB_OK);
    struct routing_rule *rr;
    size_t n;
    assert_int_equal(routing_rule_list(g_db, g_a, "2026-11-18", &rr, &n), DB_OK);
    assert_int_equal(rr[0].position, 0);
    assert_false(rr[0].broken);
    struct signal_route r;
    assert_int_equal(
        signal_route(g_db, g_a, cat, wijk("WK063706"), "melding", "web", "2026-11-18", &r), 0);
    assert_int_equal(r.org_id, org_id_by_code(g_db, "COM")); /* position 0 wins */
    sqlite3_exec(db_handle(g_db), "UPDATE category SET active = 0 WHERE slug = 'boom'", NULL, NULL,
                 NULL);
    assert_int_equal(routing_rule_list(g_db, g_a, "2026-11-18", &rr, &n), DB_OK);
    assert_true(rr[0].broken);
    sqlite3_exec(db_handle(g_db),
                 "UPDATE category SET active = 1 WHERE slug = 'boom';"
                 " DELETE FROM routing_rule WHERE note = 'test'",
                 NULL, NULL, NULL);
}

static struct signal_input base_input(void)
{
    struct signal_input in;
    memset(&in, 0, sizeof in);
    in.type = "melding";
    in.channel = "web";
    in.category_id = category_id_by_slug(g_db, "grofvuil", 0);
    in.description = "Een bank op de stoep";
    in.buurt_code = "BU06370600";
    return in;
}

static void test_validation(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_input in = base_input();
    assert_int_equal(signal_validate(g_db, g_a, &in, p), 0);
    in.description = "   ";
    in.email = "not-an-address";
    in.type = "roddel";
    assert_int_equal(signal_validate(g_db, g_a, &in, p), 3);
    in = base_input();
    char *longtext = arena_alloc(g_a, 4002);
    memset(longtext, 'x', 4001);
    in.description = longtext;
    assert_int_equal(signal_validate(g_db, g_a, &in, p), 1);
    assert_string_equal(p[0].field, "description");
    /* outside the municipality: Den Haag */
    in = base_input();
    in.buurt_code = NULL;
    in.has_point = true;
    in.lat = 52.0786;
    in.lon = 4.2887;
    assert_int_equal(signal_validate(g_db, g_a, &in, p), 1);
    assert_string_equal(p[0].field, "location");
    in.lat = NAN;
    assert_int_equal(signal_validate(g_db, g_a, &in, p), 1);
    /* a required question: container-is-vol asks which container */
    in = base_input();
    in.category_id = category_id_by_slug(g_db, "container-is-vol", 0);
    assert_int_equal(signal_validate(g_db, g_a, &in, p), 1);
    assert_string_equal(p[0].field, "q_soort");
    const char *codes[] = {"soort"}, *bad[] = {"kernafval"}, *good[] = {"glas"};
    in.answer_codes = codes;
    in.answer_values = bad;
    in.nanswers = 1;
    assert_int_equal(signal_validate(g_db, g_a, &in, p), 1);
    in.answer_values = good;
    assert_int_equal(signal_validate(g_db, g_a, &in, p), 0);
    /* a main category is not a choice */
    in = base_input();
    in.category_id = category_id_by_slug(g_db, "afval", 1);
    assert_int_equal(signal_validate(g_db, g_a, &in, p), 1);
}

static void test_create_handle_and_privacy(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out;
    struct signal_input in = base_input();
    in.email = "Bewoner@Example.nl";
    in.name = "B. Woner";
    long long mails = count("SELECT count(*) FROM outbox");
    assert_int_equal(signal_create(g_db, g_a, &in, NOW, "https://wijkregie.example", &out, p), 0);
    assert_true(out.id > 0);
    assert_int_equal(strlen(out.token), SIGNAL_TOKEN_CHARS - 1);
    assert_int_equal(count("SELECT count(*) FROM outbox"), mails + 1);
    /* the pseudonym is a keyed hash, not the address */
    assert_int_equal(count("SELECT count(*) FROM signal WHERE reporter_pseudonym LIKE '%@%'"), 0);
    assert_int_equal(
        count("SELECT length(reporter_pseudonym) FROM signal ORDER BY id DESC LIMIT 1"), 64);
    struct signal s;
    assert_int_equal(signal_get(g_db, g_a, out.id, &s), DB_OK);
    assert_string_equal(s.status, "gemeld");
    assert_int_equal(s.owner_org_id, org_id_by_code(g_db, "SB"));
    assert_true(s.deadline_at > NOW);

    struct user beheer, balie, admin, wzn, oost;
    assert_int_equal(user_load_by_login(g_db, g_a, "afdeling-beheer", &beheer, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "balie", &balie, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "admin", &admin, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "aanvoerder-wzn", &wzn, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "regisseur-oost", &oost, NULL), DB_OK);
    assert_true(signal_may_handle(g_db, &beheer, &s));
    assert_false(signal_may_handle(g_db, &balie, &s));
    assert_false(signal_may_handle(g_db, &admin, &s));
    assert_true(signal_may_handle(g_db, &oost, &s)); /* Oosterheem is in the oost region */

    /* closing needs a message; the message goes to the reporter */
    assert_int_equal(
        signal_change_status(g_db, g_a, &balie, out.id, "ingepland", NULL, NOW + 10, "x"),
        SIG_FORBIDDEN);
    assert_int_equal(
        signal_change_status(g_db, g_a, &beheer, out.id, "afgehandeld", "", NOW + 10, "x"),
        SIG_NEEDS_MESSAGE);
    assert_int_equal(
        signal_change_status(g_db, g_a, &beheer, out.id, "heropend", NULL, NOW + 10, "x"),
        SIG_BAD_TRANSITION);
    assert_int_equal(signal_change_status(g_db, g_a, &beheer, out.id, "afgehandeld",
                                          "De bank is opgehaald.", NOW + 20, "x"),
                     SIG_OK);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'closed'"), 1);
    assert_int_equal(count("SELECT count(*) FROM signal_event WHERE kind = 'status'"), 1);
    assert_int_equal(
        signal_change_status(g_db, g_a, &beheer, out.id, "heropend", NULL, NOW + 30, "x"), SIG_OK);
    assert_int_equal(signal_get(g_db, g_a, out.id, &s), DB_OK);
    assert_int_equal(s.closed_at, 0);

    /* hand-off to the care network: confidential, the department loses it */
    assert_int_equal(signal_handoff(g_db, g_a, &beheer, out.id, org_id_by_code(g_db, "WZN"),
                                    "persoonlijk probleem", NOW + 40),
                     SIG_OK);
    assert_int_equal(signal_get(g_db, g_a, out.id, &s), DB_OK);
    assert_true(s.confidential);
    assert_int_equal(s.handoffs, 1);
    assert_false(signal_may_handle(g_db, &beheer, &s));
    assert_false(signal_may_read_content(&admin, &s));
    assert_true(signal_may_read_content(&wzn, &s));
    assert_true(signal_may_handle(g_db, &wzn, &s));
    /* the care network hands a collective problem back: no longer confidential */
    assert_int_equal(
        signal_handoff(g_db, g_a, &wzn, out.id, org_id_by_code(g_db, "SB"), NULL, NOW + 50),
        SIG_OK);
    assert_int_equal(signal_get(g_db, g_a, out.id, &s), DB_OK);
    assert_false(s.confidential);
    assert_int_equal(s.handoffs, 2);
    /* a partner organisation is not a queue */
    struct organisation *o;
    size_t n;
    assert_int_equal(org_list(g_db, g_a, "partner", &o, &n), DB_OK);
    assert_int_equal(signal_handoff(g_db, g_a, &beheer, out.id, o[0].id, NULL, NOW + 60),
                     SIG_BAD_INPUT);
}

static void test_address_only_is_location_unknown(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out;
    struct signal_input in = base_input();
    in.buurt_code = NULL;
    in.address_text = "Dorpsstraat 1";
    assert_int_equal(signal_create(g_db, g_a, &in, NOW, "x", &out, p), 0);
    assert_true(out.location_unknown);
    struct signal s;
    assert_int_equal(signal_get(g_db, g_a, out.id, &s), DB_OK);
    assert_int_equal(s.location_known, 0);
    assert_int_equal(s.wijk_id, 0);
    assert_int_equal(s.owner_org_id, org_id_by_code(g_db, "SB")); /* by category alone */
}

static void test_work_list_keyset_and_search(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out;
    for (int i = 0; i < 7; i++) {
        struct signal_input in = base_input();
        in.description = i == 3 ? "Een koelkast naast de glasbak" : "Een matras op straat";
        assert_int_equal(signal_create(g_db, g_a, &in, NOW + 100 + i, "x", &out, p), 0);
    }
    struct signal_filter f;
    memset(&f, 0, sizeof f);
    f.now = NOW + 1000;
    struct signal *s;
    size_t n;
    int64_t seen = 0, after_c = 0, after_id = 0;
    int64_t prev = INT64_MAX;
    do {
        assert_int_equal(signal_list(g_db, g_a, &f, after_c, after_id, 3, &s, &n), DB_OK);
        for (size_t i = 0; i < n; i++) {
            assert_true(s[i].created_at <= prev);
            prev = s[i].created_at;
        }
        seen += (int64_t)n;
        if (n) {
            after_c = s[n - 1].created_at;
            after_id = s[n - 1].id;
        }
    } while (n == 3);
    assert_int_equal(seen, count("SELECT count(*) FROM signal"));
    f.search = "\"koelkast\"";
    assert_int_equal(signal_list(g_db, g_a, &f, 0, 0, 50, &s, &n), DB_OK);
    assert_int_equal(n, 1);
    assert_non_null(strstr(s[0].description, "koelkast"));
}

static void test_feedback_and_reopen(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out;
    struct signal_input in = base_input();
    assert_int_equal(signal_create(g_db, g_a, &in, NOW, "x", &out, p), 0);
    struct user beheer;
    assert_int_equal(user_load_by_login(g_db, g_a, "afdeling-beheer", &beheer, NULL), DB_OK);
    struct signal s;
    assert_int_equal(signal_get(g_db, g_a, out.id, &s), DB_OK);
    assert_false(feedback_open(g_db, &s, NOW + 5)); /* not closed yet */
    assert_int_equal(feedback_give(g_db, g_a, out.token, true, NULL, false, NOW + 5),
                     SIG_FORBIDDEN);
    assert_int_equal(signal_change_status(g_db, g_a, &beheer, out.id, "afgehandeld", "Opgeruimd.",
                                          NOW + 10, "x"),
                     SIG_OK);
    assert_int_equal(signal_get(g_db, g_a, out.id, &s), DB_OK);
    assert_true(feedback_open(g_db, &s, NOW + 20));
    assert_false(feedback_open(g_db, &s, NOW + 10 + 15 * 86400)); /* after 14 days */
    assert_int_equal(feedback_give(g_db, g_a, out.token, false, "Het ligt er nog", true, NOW + 30),
                     SIG_OK);
    assert_int_equal(signal_get(g_db, g_a, out.id, &s), DB_OK);
    assert_string_equal(s.status, "heropend");
    assert_int_equal(s.closed_at, 0);
    /* answered once per closing */
    assert_int_equal(feedback_give(g_db, g_a, out.token, true, NULL, false, NOW + 40),
                     SIG_FORBIDDEN);
    assert_int_equal(feedback_give(g_db, g_a, "no-such-token", true, NULL, false, NOW + 40),
                     SIG_NOT_FOUND);
}

static void test_retention_erases_contacts(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out;
    struct signal_input in = base_input();
    in.email = "oud@example.nl";
    in.name = "Oude Melder";
    in.phone = "079 123 4567";
    assert_int_equal(signal_create(g_db, g_a, &in, NOW, "x", &out, p), 0);
    struct user beheer;
    assert_int_equal(user_load_by_login(g_db, g_a, "afdeling-beheer", &beheer, NULL), DB_OK);
    assert_int_equal(
        signal_change_status(g_db, g_a, &beheer, out.id, "afgehandeld", "Klaar.", NOW + 10, "x"),
        SIG_OK);
    /* the mailer sent them meanwhile */
    sqlite3_exec(db_handle(g_db),
                 "UPDATE outbox SET status = 'sent', sent_at = 1795000100 WHERE status = 'queued'",
                 NULL, NULL, NULL);
    struct retention_result r;
    /* within the period: nothing erased */
    assert_int_equal(retention_run(g_db, NOW + 100 * 86400, 365, &r), 0);
    assert_int_equal(count("SELECT count(*) FROM signal_contact WHERE email = 'oud@example.nl'"),
                     1);
    /* a year and a day later: gone, the signal stays with its pseudonym */
    assert_int_equal(retention_run(g_db, NOW + 366 * 86400, 365, &r), 0);
    assert_true(r.contacts >= 1);
    assert_int_equal(
        count("SELECT count(*) FROM signal_contact WHERE email = 'oud@example.nl'"
              " OR name = 'Oude Melder' OR phone IS NOT NULL AND erased_at IS NOT NULL"),
        0);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE to_addr = 'oud@example.nl'"), 0);
    struct signal s;
    assert_int_equal(signal_get(g_db, g_a, out.id, &s), DB_OK);
    assert_string_equal(s.status, "afgehandeld");
    assert_int_equal(count("SELECT count(*) FROM signal_event WHERE kind = 'erased'"
                           " AND text LIKE '%oud@%'"),
                     0);
    /* open signals keep their contacts whatever their age */
    assert_true(count("SELECT count(*) FROM signal_contact c JOIN signal s ON s.id = c.signal_id"
                      " WHERE s.closed_at IS NULL AND c.erased_at IS NOT NULL") == 0);
}

static void test_merge_and_place(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created a1, a2, far;
    struct signal_input in = base_input();
    in.email = "eerste@example.nl";
    assert_int_equal(signal_create(g_db, g_a, &in, NOW, "x", &a1, p), 0);
    in.email = "tweede@example.nl";
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 1, "x", &a2, p), 0);
    struct user beheer, balie;
    assert_int_equal(user_load_by_login(g_db, g_a, "afdeling-beheer", &beheer, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "balie", &balie, NULL), DB_OK);
    assert_int_equal(signal_merge(g_db, g_a, &balie, a2.id, a1.id, NOW + 5, "x"), SIG_FORBIDDEN);
    assert_int_equal(signal_merge(g_db, g_a, &beheer, a2.id, a2.id, NOW + 5, "x"), SIG_BAD_INPUT);
    assert_int_equal(signal_merge(g_db, g_a, &beheer, a2.id, 99999999, NOW + 5, "x"),
                     SIG_BAD_INPUT);
    long long merged_mails = count("SELECT count(*) FROM outbox WHERE kind = 'merged'");
    assert_int_equal(signal_merge(g_db, g_a, &beheer, a2.id, a1.id, NOW + 5, "x"), SIG_OK);
    struct signal s;
    assert_int_equal(signal_get(g_db, g_a, a2.id, &s), DB_OK);
    assert_int_equal(s.merged_into, a1.id);
    assert_true(s.closed_at > 0);
    /* both reporters now follow the surviving signal */
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(DISTINCT email) FROM signal_contact WHERE signal_id = %lld",
             (long long)a1.id);
    assert_int_equal(count(sql), 2);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'merged'"), merged_mails + 1);
    /* a merged signal cannot be merged again */
    assert_int_equal(signal_merge(g_db, g_a, &beheer, a2.id, a1.id, NOW + 6, "x"), SIG_BAD_INPUT);

    /* placing an address-only signal */
    in = base_input();
    in.buurt_code = NULL;
    in.address_text = "Ergens bij het station";
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 7, "x", &far, p), 0);
    assert_int_equal(signal_place(g_db, g_a, &beheer, far.id, 52.0786, 4.2887, NOW + 8),
                     SIG_BAD_INPUT); /* Den Haag */
    assert_int_equal(signal_place(g_db, g_a, &beheer, far.id, 52.053947, 4.536138, NOW + 8),
                     SIG_OK);
    assert_int_equal(signal_get(g_db, g_a, far.id, &s), DB_OK);
    assert_int_equal(s.location_known, 1);
    assert_int_equal(s.wijk_id, wijk("WK063706"));
}

/* A status change carries a message for the reporter and, apart from it, a
 * public explanation of at most 200 characters; a merge explains itself. */
static void test_public_explanation(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created a, b;
    struct signal_input in = base_input();
    assert_int_equal(signal_create(g_db, g_a, &in, NOW, "x", &a, p), 0);
    assert_int_equal(signal_create(g_db, g_a, &in, NOW, "x", &b, p), 0);
    struct user beheer;
    assert_int_equal(user_load_by_login(g_db, g_a, "afdeling-beheer", &beheer, NULL), DB_OK);
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM signal_event WHERE signal_id = %lld",
             (long long)a.id);
    long long events = count(sql);

    /* 201 characters (multi-byte ones count as one), or not UTF-8: refused, nothing changes */
    char long_text[2 * 201 + 1] = "", exact[2 * 200 + 1] = "";
    for (int i = 0; i < 201; i++)
        memcpy(long_text + 2 * i, "\xc3\xa9", 3); /* é */
    memcpy(exact, long_text, 2 * 200);
    assert_int_equal(signal_change_status_explained(g_db, g_a, &beheer, a.id, "ingepland", NULL,
                                                    long_text, NOW + 10, "x"),
                     SIG_BAD_EXPLANATION);
    assert_int_equal(signal_change_status_explained(g_db, g_a, &beheer, a.id, "ingepland", NULL,
                                                    "\xff\xfe", NOW + 10, "x"),
                     SIG_BAD_EXPLANATION);
    assert_int_equal(count(sql), events);
    struct signal s;
    assert_int_equal(signal_get(g_db, g_a, a.id, &s), DB_OK);
    assert_string_equal(s.status, "gemeld");

    /* 200 are fine; the message and the explanation are stored apart */
    assert_int_equal(signal_change_status_explained(g_db, g_a, &beheer, a.id, "ingepland",
                                                    "Beste mevrouw Jansen, wij komen dinsdag.",
                                                    exact, NOW + 20, "x"),
                     SIG_OK);
    struct signal_event *e;
    size_t ne;
    assert_int_equal(signal_events(g_db, g_a, a.id, 0, &e, &ne), DB_OK);
    assert_string_equal(e[ne - 1].text, "Beste mevrouw Jansen, wij komen dinsdag.");
    assert_int_equal(e[ne - 1].public, 1);
    assert_string_equal(e[ne - 1].public_explanation, exact);
    /* blank is none; the plain signal_change_status gives none */
    assert_int_equal(signal_change_status_explained(g_db, g_a, &beheer, a.id, "in_behandeling",
                                                    NULL, "  ", NOW + 30, "x"),
                     SIG_OK);
    assert_int_equal(
        signal_change_status(g_db, g_a, &beheer, a.id, "ingepland", NULL, NOW + 40, "x"), SIG_OK);
    assert_int_equal(signal_events(g_db, g_a, a.id, 0, &e, &ne), DB_OK);
    assert_null(e[ne - 2].public_explanation);
    assert_null(e[ne - 1].public_explanation);

    /* a merged duplicate says publicly which signal it joined, not the reporters' message */
    assert_int_equal(signal_merge(g_db, g_a, &beheer, b.id, a.id, NOW + 50, "x"), SIG_OK);
    assert_int_equal(signal_events(g_db, g_a, b.id, 0, &e, &ne), DB_OK);
    char expect[64];
    snprintf(expect, sizeof expect, "Samengevoegd met melding %lld.", (long long)a.id);
    assert_string_equal(e[ne - 1].kind, "merge");
    assert_string_equal(e[ne - 1].public_explanation, expect);
}

static void test_tasks_close_their_parent(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created parent;
    struct signal_input in = base_input();
    in.email = "taken@example.nl";
    assert_int_equal(signal_create(g_db, g_a, &in, NOW, "x", &parent, p), 0);
    struct user beheer, vk;
    assert_int_equal(user_load_by_login(g_db, g_a, "afdeling-beheer", &beheer, NULL), DB_OK);
    /* a Verkeer colleague for the task */
    vk = beheer;
    vk.roles[0].org_id = org_id_by_code(g_db, "VK");
    int64_t t1 = 0, t2 = 0, bad = 0;
    assert_int_equal(signal_add_task(g_db, g_a, &beheer, parent.id, org_id_by_code(g_db, "VK"),
                                     "Bord terugplaatsen", NOW + 1, &t1),
                     SIG_OK);
    assert_int_equal(signal_add_task(g_db, g_a, &beheer, parent.id, org_id_by_code(g_db, "SB"),
                                     "Straat vegen", NOW + 2, &t2),
                     SIG_OK);
    assert_int_equal(signal_add_task(g_db, g_a, &beheer, parent.id, org_id_by_code(g_db, "VK"), "",
                                     NOW + 3, &bad),
                     SIG_BAD_INPUT);
    /* a task is not split again */
    assert_int_equal(
        signal_add_task(g_db, g_a, &vk, t1, org_id_by_code(g_db, "SB"), "meer", NOW + 3, &bad),
        SIG_BAD_INPUT);
    struct signal_task_row *rows;
    size_t n;
    assert_int_equal(signal_tasks(g_db, g_a, parent.id, &rows, &n), DB_OK);
    assert_int_equal(n, 2);
    struct signal s;
    assert_int_equal(signal_get(g_db, g_a, t1, &s), DB_OK);
    assert_int_equal(s.parent_id, parent.id);
    assert_int_equal(s.owner_org_id, org_id_by_code(g_db, "VK"));
    /* closing one task leaves the parent open; closing the last closes it */
    assert_int_equal(signal_change_status(g_db, g_a, &vk, t1, "afgehandeld", "Bord staat er weer.",
                                          NOW + 10, "x"),
                     SIG_OK);
    assert_int_equal(signal_get(g_db, g_a, parent.id, &s), DB_OK);
    assert_int_equal(s.closed_at, 0);
    long long closed = count("SELECT count(*) FROM outbox WHERE kind = 'closed'");
    assert_int_equal(
        signal_change_status(g_db, g_a, &beheer, t2, "afgehandeld", "Geveegd.", NOW + 20, "x"),
        SIG_OK);
    assert_int_equal(signal_get(g_db, g_a, parent.id, &s), DB_OK);
    assert_string_equal(s.status, "afgehandeld");
    assert_true(s.closed_at > 0);
    /* the parent's reporter hears it; the tasks had no reporter of their own */
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'closed'"), closed + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_table),
        cmocka_unit_test(test_routing),
        cmocka_unit_test(test_broken_rule_is_not_used),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_create_handle_and_privacy),
        cmocka_unit_test(test_address_only_is_location_unknown),
        cmocka_unit_test(test_work_list_keyset_and_search),
        cmocka_unit_test(test_feedback_and_reopen),
        cmocka_unit_test(test_retention_erases_contacts),
        cmocka_unit_test(test_merge_and_place),
        cmocka_unit_test(test_tasks_close_their_parent),
        cmocka_unit_test(test_public_explanation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
