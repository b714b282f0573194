/*
 * test_signal.c: the signal rules on a real SQLite file with the demo
 * organisation: the status table, routing by the default rules (first match
 * wins, default queue, the wijkregisseur of the region, the care network),
 * validation, creation with its e-mail (held until the address is
 * confirmed), who may read and handle, hand-offs, following (public signals
 * only, the contact checked like the form's) and the public form's limit
 * per client address.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/feedback.h"
#include "domain/intake.h"
#include "domain/optin.h"
#include "domain/retention.h"
#include "domain/signal_change.h"
#include "domain/signal_task.h"
#include "domain/seed.h"
#include "domain/signal.h"
#include "store/org_store.h"
#include "store/public_signal_store.h"
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
    /* a new address: the request to confirm it goes out, the receipt waits */
    assert_true(out.mail_held);
    assert_int_equal(count("SELECT count(*) FROM outbox"), mails + 2);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'confirm_address'"
                           " AND status = 'queued' AND to_addr = 'Bewoner@Example.nl'"
                           " AND body_text LIKE '%https://wijkregie.example/e-mailadres/%'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'"
                           " AND status = 'held' AND length(addr_hash) = 64"),
                     1);
    /* the address is known only by its keyed hash */
    assert_int_equal(count("SELECT count(*) FROM mail_address WHERE addr_hash LIKE '%@%'"), 0);
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
    /* still unconfirmed: it waits too, and no second request went out */
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'closed' AND status = 'held'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'confirm_address'"), 1);
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
    /* its description was written before: it keeps its confidentiality (none) */
    assert_true(signal_may_read_content(&admin, &s));
    assert_true(signal_may_read_content(&wzn, &s));
    assert_true(signal_may_handle(g_db, &wzn, &s));
    /* the care network hands a collective problem back, with a hand-over text:
     * no longer confidential */
    assert_int_equal(
        signal_handoff(g_db, g_a, &wzn, out.id, org_id_by_code(g_db, "SB"), NULL, NOW + 50),
        SIG_NEEDS_HANDOVER);
    assert_int_equal(signal_handoff(g_db, g_a, &wzn, out.id, org_id_by_code(g_db, "SB"),
                                    "De bank mag worden opgehaald.", NOW + 50),
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

/* The read rule on its own: confidential entries for the care network alone,
 * not even for the administrator; nothing for nobody or a disabled account. */
static void test_read_rule(void **state)
{
    struct user admin, beheer, wzn;
    assert_int_equal(user_load_by_login(g_db, g_a, "admin", &admin, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "afdeling-beheer", &beheer, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "aanvoerder-wzn", &wzn, NULL), DB_OK);
    assert_true(signal_in_care_network(&wzn));
    assert_false(signal_in_care_network(&admin));
    assert_false(signal_in_care_network(NULL));
    assert_true(signal_may_read_entry(&beheer, false));
    assert_false(signal_may_read_entry(&beheer, true));
    assert_false(signal_may_read_entry(&admin, true));
    assert_true(signal_may_read_entry(&wzn, true));
    assert_true(signal_may_read_entry(&wzn, false));
    assert_false(signal_may_read_entry(NULL, false));
    struct user off = wzn;
    off.disabled = 1;
    assert_false(signal_may_read_entry(&off, true));
    /* the intake follows its own flag, not the case's state now */
    struct signal s;
    memset(&s, 0, sizeof s);
    s.confidential = 1;
    assert_true(signal_may_read_content(&beheer, &s)); /* handed in, intake was public */
    s.confidential = 0;
    s.intake_confidential = 1;
    assert_false(signal_may_read_content(&beheer, &s)); /* handed out, intake stays */
    assert_true(signal_may_read_content(&wzn, &s));
}

/* Entries keep the confidentiality they were written with, in both
 * directions between a department and the care network. */
static void test_entry_confidentiality(void **state)
{
    struct user beheer, wzn, balie, admin;
    assert_int_equal(user_load_by_login(g_db, g_a, "afdeling-beheer", &beheer, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "aanvoerder-wzn", &wzn, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "balie", &balie, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "admin", &admin, NULL), DB_OK);
    int64_t sb = org_id_by_code(g_db, "SB"), wzn_org = org_id_by_code(g_db, "WZN");
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out;
    struct signal_input in = base_input();
    in.description = "Een kapotte fiets, woord zeearend";
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 1000, "x", &out, p), 0);
    int64_t id = out.id;
    char sql[256];
#define COUNT(...) (snprintf(sql, sizeof sql, __VA_ARGS__), count(sql))

    /* a department's entries, then the hand-off into the care network */
    assert_int_equal(signal_add_note(g_db, g_a, &beheer, id, "Afdelingsnotitie", NOW + 1010),
                     SIG_OK);
    assert_int_equal(signal_change_status(g_db, g_a, &beheer, id, "in_behandeling",
                                          "We kijken ernaar.", NOW + 1020, "x"),
                     SIG_OK);
    assert_int_equal(
        signal_handoff(g_db, g_a, &beheer, id, wzn_org, "Lijkt persoonlijk", NOW + 1030), SIG_OK);
    /* the sender's note is internal, the hand-off the one public update; both
     * written before the care network held it */
    assert_int_equal(COUNT("SELECT count(*) FROM signal_event WHERE signal_id = %lld"
                           " AND confidential",
                           (long long)id),
                     0);
    assert_int_equal(COUNT("SELECT count(*) FROM signal_event WHERE signal_id = %lld AND kind ="
                           " 'handoff' AND public AND to_status = 'in_behandeling' AND text = '%s'",
                           (long long)id, signal_passed_on),
                     1);
    assert_int_equal(COUNT("SELECT count(*) FROM signal_event WHERE signal_id = %lld AND kind ="
                           " 'note' AND text = 'Lijkt persoonlijk' AND NOT public",
                           (long long)id),
                     1);
    /* what the care network writes now is confidential */
    assert_int_equal(signal_add_note(g_db, g_a, &wzn, id, "Zorgnotitie", NOW + 1040), SIG_OK);
    assert_int_equal(signal_change_status(g_db, g_a, &wzn, id, "wacht_op_melder",
                                          "Zorgbericht aan de melder", NOW + 1050, "x"),
                     SIG_OK);
    assert_int_equal(COUNT("SELECT count(*) FROM signal_event WHERE signal_id = %lld AND"
                           " confidential AND at >= %lld",
                           (long long)id, (long long)(NOW + 1040)),
                     2);
    /* outside the care network: its state when it was handed in */
    struct signal_shared sh;
    assert_int_equal(signal_shared_state(g_db, g_a, id, &sh), DB_OK);
    assert_int_equal(sh.at, NOW + 1030);
    assert_string_equal(sh.status, "in_behandeling");
    assert_non_null(strstr(sh.from_org, "Stadsbeheer"));
    struct signal_event *e;
    size_t ne;
    assert_int_equal(signal_events(g_db, g_a, id, 0, 1, &e, &ne), DB_OK);
    for (size_t i = 0; i < ne; i++) {
        assert_false(e[i].confidential);
        assert_null(strstr(e[i].text ? e[i].text : "", "Zorg"));
    }
    assert_int_equal(signal_events(g_db, g_a, id, 0, 0, &e, &ne), DB_OK);
    bool seen = false;
    for (size_t i = 0; i < ne; i++)
        seen |= e[i].text && strcmp(e[i].text, "Zorgnotitie") == 0 && e[i].confidential;
    assert_true(seen);
    /* the department no longer finds it in its list, the care network does */
    struct signal_filter f;
    memset(&f, 0, sizeof f);
    f.now = NOW + 2000;
    f.search = "\"zeearend\"";
    f.hide_confidential_content = 1;
    struct signal *l;
    size_t nl;
    assert_int_equal(signal_list(g_db, g_a, &f, 0, 0, 50, &l, &nl), DB_OK);
    assert_int_equal(nl, 0);
    f.hide_confidential_content = 0;
    assert_int_equal(signal_list(g_db, g_a, &f, 0, 0, 50, &l, &nl), DB_OK);
    assert_int_equal(nl, 1);

    /* out of the care network only with a hand-over text, which is shared */
    assert_int_equal(signal_handoff(g_db, g_a, &wzn, id, sb, "  ", NOW + 1060), SIG_NEEDS_HANDOVER);
    assert_int_equal(
        signal_handoff(g_db, g_a, &wzn, id, sb, "Graag de fiets weghalen.", NOW + 1060), SIG_OK);
    struct signal s;
    assert_int_equal(signal_get(g_db, g_a, id, &s), DB_OK);
    assert_false(s.confidential);
    assert_false(s.intake_confidential);
    assert_int_equal(COUNT("SELECT count(*) FROM signal_event WHERE signal_id = %lld AND kind ="
                           " 'handoff' AND NOT confidential AND to_status = 'wacht_op_melder'"
                           " AND text = 'Graag de fiets weghalen.'",
                           (long long)id),
                     1);
    /* and the care network's entries stay the care network's */
    assert_int_equal(COUNT("SELECT count(*) FROM signal_event WHERE signal_id = %lld AND"
                           " confidential",
                           (long long)id),
                     2);
    assert_int_equal(signal_events(g_db, g_a, id, 1, 1, &e, &ne), DB_OK);
    for (size_t i = 0; i < ne; i++)
        assert_null(strstr(e[i].text ? e[i].text : "", "Zorgbericht"));

    /* a case of a confidential category stays in the care network */
    in = base_input();
    in.channel = "telefoon";
    in.category_id = category_id_by_slug(g_db, "zorgen-om-een-buurtbewoner", -1);
    in.description = "Buurman vereenzaamt, woord roerdomp";
    in.address_text = "Dorpsstraat 7";
    in.created_by = balie.id;
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 1100, "x", &out, p), 0);
    int64_t care = out.id;
    assert_int_equal(signal_get(g_db, g_a, care, &s), DB_OK);
    assert_true(s.confidential && s.intake_confidential);
    assert_false(signal_may_read_content(&admin, &s));
    assert_int_equal(COUNT("SELECT count(*) FROM signal_event WHERE signal_id = %lld AND"
                           " NOT confidential",
                           (long long)care),
                     0);
    assert_int_equal(signal_shared_state(g_db, g_a, care, &sh), DB_NOTFOUND);
    assert_int_equal(signal_handoff(g_db, g_a, &wzn, care, sb, "Tuin opruimen", NOW + 1110),
                     SIG_STAYS_CONFIDENTIAL);
    /* the search never matches its words outside the care network */
    f.search = "\"roerdomp\"";
    f.hide_confidential_content = 1;
    assert_int_equal(signal_list(g_db, g_a, &f, 0, 0, 50, &l, &nl), DB_OK);
    assert_int_equal(nl, 0);

    /* its collective part goes to the wijkregisseur as a new signal */
    struct signal_collective_input ci = {.text = "Zwerfvuil in de steeg achter nummer 5",
                                         .category_id = category_id_by_slug(g_db, "grofvuil", 0),
                                         .with_point = false};
    int64_t nid;
    const char *field, *problem;
    assert_int_equal(
        signal_hand_collective(g_db, g_a, &beheer, care, &ci, NOW + 1120, &nid, &field, &problem),
        SIG_FORBIDDEN);
    ci.text = " ";
    assert_int_equal(
        signal_hand_collective(g_db, g_a, &wzn, care, &ci, NOW + 1120, &nid, &field, &problem),
        SIG_BAD_INPUT);
    assert_string_equal(field, "collective-text");
    ci.text = "Zwerfvuil in de steeg achter nummer 5";
    ci.category_id = category_id_by_slug(g_db, "zorgen-om-een-buurtbewoner", -1);
    assert_int_equal(
        signal_hand_collective(g_db, g_a, &wzn, care, &ci, NOW + 1120, &nid, &field, &problem),
        SIG_BAD_INPUT);
    assert_string_equal(field, "collective-category");
    ci.category_id = category_id_by_slug(g_db, "grofvuil", 0);
    assert_int_equal(
        signal_hand_collective(g_db, g_a, &wzn, care, &ci, NOW + 1120, &nid, &field, &problem),
        SIG_OK);
    struct signal c;
    assert_int_equal(signal_get(g_db, g_a, nid, &c), DB_OK);
    assert_false(c.confidential || c.intake_confidential);
    assert_string_equal(c.description, "Zwerfvuil in de steeg achter nummer 5");
    assert_null(c.address_text);
    assert_false(c.location_known); /* the wijk only, without the point */
    assert_int_equal(c.wijk_id, s.wijk_id);
    assert_int_equal(c.owner_org_id, org_id_by_code(g_db, "SAM"));
    struct user oost;
    assert_int_equal(user_load_by_login(g_db, g_a, "regisseur-oost", &oost, NULL), DB_OK);
    assert_int_equal(c.owner_user_id, oost.id);
    assert_int_equal(
        COUNT("SELECT count(*) FROM signal_contact WHERE signal_id = %lld", (long long)nid), 0);
    assert_int_equal(COUNT("SELECT count(*) FROM signal_care_link WHERE care_signal_id = %lld"
                           " AND signal_id = %lld",
                           (long long)care, (long long)nid),
                     1);
    /* the note of it on the care case is the care network's */
    assert_int_equal(COUNT("SELECT count(*) FROM signal_event WHERE signal_id = %lld AND kind ="
                           " 'note' AND confidential AND text LIKE '%%melding %lld.'",
                           (long long)care, (long long)nid),
                     1);
#undef COUNT
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

static void exec_ok(const char *sql)
{
    char *e = NULL;
    if (sqlite3_exec(db_handle(g_db), sql, NULL, NULL, &e) != SQLITE_OK)
        fail_msg("%s: %s", sql, e ? e : "?");
}

/* New signals wait for the search indexes until their transaction commits
 * (migration 0042): a waiting signal changed, closed or deleted in the same
 * transaction enters the indexes as it is at the commit, one indexed before
 * is updated in place, and both indexes stay intact throughout. */
static void test_search_indexes_take_new_signals_at_commit(void **state)
{
#define NEW_SIGNAL(tok, text)                                                                      \
    "INSERT INTO signal (token, type, channel, category_id, description, status, owner_org_id,"    \
    " created_at, updated_at, deadline_at) SELECT '" tok "', 'melding', 'web',"                    \
    " (SELECT id FROM category WHERE parent_id IS NOT NULL AND NOT confidential ORDER BY id"       \
    " LIMIT 1), '" text "', 'gemeld', (SELECT id FROM organisation ORDER BY id LIMIT 1),"          \
    " 1795000000, 1795000000, 1795400000"
    assert_int_equal(db_begin_write(g_db), DB_OK);
    exec_ok(NEW_SIGNAL("zoek-1", "Een wielewaal in de vijver"));
    exec_ok(NEW_SIGNAL("zoek-2", "Een grutto op het gras"));
    exec_ok(NEW_SIGNAL("zoek-3", "Een kievit in de sloot"));
    assert_int_equal(count("SELECT count(*) FROM signal_search_pending"), 3);
    assert_int_equal(count("SELECT count(*) FROM signal_fts WHERE signal_fts MATCH 'wielewaal'"),
                     0);
    exec_ok("UPDATE signal SET description = 'Een ijsvogel in de vijver' WHERE token = 'zoek-1'");
    exec_ok("UPDATE signal SET status = 'afgehandeld', closed_at = 1795001000"
            " WHERE token = 'zoek-2'");
    exec_ok("DELETE FROM signal WHERE token = 'zoek-3'");
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_int_equal(count("SELECT count(*) FROM signal_search_pending"), 0);
#define FOUND(index, word)                                                                         \
    count("SELECT count(*) FROM " index " f JOIN signal s ON s.id = f.rowid WHERE " index          \
          " MATCH '" word "'")
    assert_int_equal(FOUND("signal_fts", "ijsvogel"), 1);
    assert_int_equal(FOUND("signal_fts", "wielewaal"), 0);
    assert_int_equal(FOUND("signal_open_fts", "ijsvogel"), 1);
    assert_int_equal(FOUND("signal_fts", "grutto"), 1);
    assert_int_equal(FOUND("signal_open_fts", "grutto"), 0);
    assert_int_equal(count("SELECT count(*) FROM signal_fts WHERE signal_fts MATCH 'kievit'"), 0);
    exec_ok("INSERT INTO signal_fts (signal_fts) VALUES ('integrity-check')");
    exec_ok("INSERT INTO signal_open_fts (signal_open_fts) VALUES ('integrity-check')");
    /* indexed now: a change takes the old words out and the new ones in */
    assert_int_equal(db_begin_write(g_db), DB_OK);
    exec_ok("UPDATE signal SET description = 'Een reiger in de vijver' WHERE token = 'zoek-1'");
    exec_ok("UPDATE signal SET closed_at = NULL, status = 'heropend' WHERE token = 'zoek-2'");
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_int_equal(FOUND("signal_fts", "ijsvogel"), 0);
    assert_int_equal(FOUND("signal_open_fts", "reiger"), 1);
    assert_int_equal(FOUND("signal_open_fts", "grutto"), 1);
    exec_ok("DELETE FROM signal WHERE token IN ('zoek-1', 'zoek-2')");
    assert_int_equal(
        count("SELECT count(*) FROM signal_fts WHERE signal_fts MATCH 'reiger OR grutto'"), 0);
    exec_ok("INSERT INTO signal_fts (signal_fts) VALUES ('integrity-check')");
    exec_ok("INSERT INTO signal_open_fts (signal_open_fts) VALUES ('integrity-check')");
#undef FOUND
#undef NEW_SIGNAL
}

/* The counts above the work list: a main category counts its sub
 * categories, and a count kept for a filter follows every change, by this
 * connection or another, and the clock (the overdue count). */
static void test_work_list_counts_follow_changes(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out;
    struct signal_input in = base_input();
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 2000, "x", &out, p), 0);
    struct signal_filter f;
    memset(&f, 0, sizeof f);
    f.now = NOW + 2000;
    int64_t open = -1, overdue = -1;
    assert_int_equal(signal_list_counts(g_db, &f, &open, &overdue), DB_OK);
    assert_int_equal(open, count("SELECT count(*) FROM signal WHERE closed_at IS NULL"
                                 " AND merged_into IS NULL"));
    int64_t all = open;
    /* by main category: the open signals of its sub categories */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT c.parent_id FROM signal s JOIN category c"
             " ON c.id = s.category_id WHERE s.id = %lld",
             (long long)out.id);
    int64_t parent = count(sql);
    assert_true(parent > 0);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM signal s JOIN category c ON c.id = s.category_id"
             " WHERE s.closed_at IS NULL AND s.merged_into IS NULL AND c.parent_id = %lld",
             (long long)parent);
    f.category_id = parent;
    assert_int_equal(signal_list_counts(g_db, &f, &open, &overdue), DB_OK);
    assert_true(open >= 1 && open < all);
    assert_int_equal(open, count(sql));
    f.category_id = 0;
    /* another connection closes one */
    sqlite3 *other;
    char err[256];
    assert_int_equal(db_open_raw(db_path(), &other, err, sizeof err), 0);
    char upd[128];
    snprintf(upd, sizeof upd, "UPDATE signal SET closed_at = %lld WHERE id = %lld",
             (long long)(NOW + 2001), (long long)out.id);
    assert_int_equal(sqlite3_exec(other, upd, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    assert_int_equal(signal_list_counts(g_db, &f, &open, &overdue), DB_OK);
    assert_int_equal(open, all - 1);
    /* this connection adds one */
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 2002, "x", &out, p), 0);
    assert_int_equal(signal_list_counts(g_db, &f, &open, &overdue), DB_OK);
    assert_int_equal(open, all);
    /* past every deadline, each open signal is overdue */
    f.now = NOW + 10LL * 366 * 86400;
    assert_int_equal(signal_list_counts(g_db, &f, &open, &overdue), DB_OK);
    assert_int_equal(open, all);
    assert_int_equal(overdue, count("SELECT count(*) FROM signal WHERE closed_at IS NULL"
                                    " AND merged_into IS NULL AND deadline_at IS NOT NULL"));
    assert_true(overdue > 0);
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
    assert_int_equal(retention_run(g_db, NOW + 100 * 86400, 365, 7, &r), 0);
    assert_int_equal(count("SELECT count(*) FROM signal_contact WHERE email = 'oud@example.nl'"),
                     1);
    /* a year and a day later: gone, the signal stays with its pseudonym */
    assert_int_equal(retention_run(g_db, NOW + 366 * 86400, 365, 7, &r), 0);
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
    assert_int_equal(signal_place(g_db, g_a, &beheer, far.id, 52.0786, 4.2887, NULL, NOW + 8),
                     SIG_BAD_INPUT); /* Den Haag */
    /* the address found for the point is kept; the wijk is ours, from the point */
    struct signal_address found = {"Voorweg", "7", "2716NB", "Zoetermeer"};
    assert_int_equal(signal_place(g_db, g_a, &beheer, far.id, 52.053947, 4.536138, &found, NOW + 8),
                     SIG_OK);
    assert_int_equal(signal_get(g_db, g_a, far.id, &s), DB_OK);
    assert_int_equal(s.location_known, 1);
    assert_int_equal(s.wijk_id, wijk("WK063706"));
    assert_string_equal(s.addr.street, "Voorweg");
    assert_string_equal(s.addr.number, "7");
    assert_string_equal(s.addr.postcode, "2716NB");
    /* a new place without an address clears the old one */
    assert_int_equal(signal_place(g_db, g_a, &beheer, far.id, 52.053947, 4.536138, NULL, NOW + 9),
                     SIG_OK);
    assert_int_equal(signal_get(g_db, g_a, far.id, &s), DB_OK);
    assert_null(s.addr.street);
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
    assert_int_equal(signal_events(g_db, g_a, a.id, 0, 0, &e, &ne), DB_OK);
    assert_string_equal(e[ne - 1].text, "Beste mevrouw Jansen, wij komen dinsdag.");
    assert_int_equal(e[ne - 1].public, 1);
    assert_string_equal(e[ne - 1].public_explanation, exact);
    /* blank is none; the plain signal_change_status gives none */
    assert_int_equal(signal_change_status_explained(g_db, g_a, &beheer, a.id, "in_behandeling",
                                                    NULL, "  ", NOW + 30, "x"),
                     SIG_OK);
    assert_int_equal(
        signal_change_status(g_db, g_a, &beheer, a.id, "ingepland", NULL, NOW + 40, "x"), SIG_OK);
    assert_int_equal(signal_events(g_db, g_a, a.id, 0, 0, &e, &ne), DB_OK);
    assert_null(e[ne - 2].public_explanation);
    assert_null(e[ne - 1].public_explanation);

    /* a merged duplicate says publicly which signal it joined, not the reporters' message */
    assert_int_equal(signal_merge(g_db, g_a, &beheer, b.id, a.id, NOW + 50, "x"), SIG_OK);
    assert_int_equal(signal_events(g_db, g_a, b.id, 0, 0, &e, &ne), DB_OK);
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

/* A sub category of a main category, by the main category's slug. */
static int64_t sub_of(const char *main_slug)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT c.id FROM category c JOIN category p ON p.id = c.parent_id"
             " WHERE p.slug = '%s' AND c.active ORDER BY c.id LIMIT 1",
             main_slug);
    return count(sql);
}

static long long contacts_of(int64_t id, const char *email)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM signal_contact WHERE signal_id = %lld AND lower(email) = '%s'",
             (long long)id, email);
    return count(sql);
}

static struct signal_input point_input(int64_t category_id, const char *description)
{
    struct signal_input in = base_input();
    in.category_id = category_id;
    in.description = description;
    in.buurt_code = NULL;
    in.has_point = true;
    in.lat = 52.06312;
    in.lon = 4.52154;
    return in;
}

static void test_follow_only_public_signals(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created pub, secret, handed, task_parent;
    const struct intake_client anyone = {NULL, 0};
    int64_t grofvuil = category_id_by_slug(g_db, "grofvuil", 0), crime = sub_of("ondermijning");
    assert_true(crime > 0);
    struct signal_input in = point_input(grofvuil, "Een kast op de stoep");
    assert_int_equal(signal_create(g_db, g_a, &in, NOW, "x", &pub, p), 0);
    in = point_input(crime, "Er wordt gehandeld vanuit de garagebox");
    assert_int_equal(signal_create(g_db, g_a, &in, NOW, "x", &secret, p), 0);

    /* the offer: the public one, never the one of a category that is not public */
    struct nearby_signal *nb;
    size_t n;
    assert_int_equal(
        public_signal_nearby(g_db, g_a, crime, 52.06312, 4.52154, 50.0, NOW - 86400, 5, &nb, &n),
        DB_OK);
    assert_int_equal(n, 0);
    assert_int_equal(
        public_signal_nearby(g_db, g_a, grofvuil, 52.06312, 4.52154, 50.0, NOW - 86400, 5, &nb, &n),
        DB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(nb[0].id, pub.id);

    /* following the other one by its number is refused, nothing is stored */
    assert_int_equal(intake_follow(g_db, g_a, secret.id, "Nieuwsgierig", "nieuwsgierig@example.nl",
                                   NULL, &anyone, NOW + 1, "x", p, NULL),
                     INTAKE_NOT_FOLLOWABLE);
    assert_int_equal(contacts_of(secret.id, "nieuwsgierig@example.nl"), 0);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE to_addr = 'nieuwsgierig@example.nl'"),
                     0);

    /* the public one: the follower joins it, a receipt waits for the address */
    bool held = false;
    assert_int_equal(intake_follow(g_db, g_a, pub.id, "Vera Volger", "volger@example.nl",
                                   "06 1234 5678", &anyone, NOW + 2, "https://w.example", p, &held),
                     0);
    assert_true(held);
    assert_int_equal(contacts_of(pub.id, "volger@example.nl"), 1);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE to_addr = 'volger@example.nl'"
                           " AND kind = 'follow' AND status = 'held'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE to_addr = 'volger@example.nl'"
                           " AND kind = 'confirm_address' AND status = 'queued'"),
                     1);
    /* following again adds nobody and sends nothing */
    assert_int_equal(intake_follow(g_db, g_a, pub.id, NULL, "Volger@Example.nl", NULL, &anyone,
                                   NOW + 3, "x", p, NULL),
                     0);
    assert_int_equal(contacts_of(pub.id, "volger@example.nl"), 1);
    assert_int_equal(
        count("SELECT count(*) FROM outbox WHERE lower(to_addr) = 'volger@example.nl'"), 2);

    /* the contact is checked as the form checks it */
    char *longname = arena_alloc(g_a, 20001);
    memset(longname, 'x', 20000);
    longname[20000] = '\0';
    struct {
        const char *name, *email, *phone, *field;
    } bad[] = {
        {longname, "a@example.nl", NULL, "name"},
        {"Twee\nregels", "a@example.nl", NULL, "name"},
        {"A", "a@example.nl\nBcc: b@example.nl", NULL, "email"},
        {"A", "a@example.nl\r", NULL, "email"},
        {"A", "", NULL, "email"}, /* following needs an address */
        {"A", NULL, NULL, "email"},
        {"A", "a@example.nl", "0612345678                          ", "phone"},
        {"A", "a@example.nl", "bel me", "phone"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(intake_follow(g_db, g_a, pub.id, bad[i].name, bad[i].email, bad[i].phone,
                                       &anyone, NOW + 4, "x", p, NULL),
                         1);
        assert_string_equal(p[0].field, bad[i].field);
        /* the report form says the same */
        struct signal_input f = base_input();
        f.name = bad[i].name;
        f.email = bad[i].email;
        f.phone = bad[i].phone;
        size_t np = signal_validate(g_db, g_a, &f, p);
        if (f.email && *f.email)
            assert_int_equal(np, 1);
        else
            assert_int_equal(np, 0); /* reporting needs no address */
    }
    assert_int_equal(count("SELECT count(*) FROM signal_contact WHERE email LIKE 'a@example.nl%'"),
                     0);

    /* not followable: handed to the care network, a sub task, merged, closed */
    struct user beheer;
    assert_int_equal(user_load_by_login(g_db, g_a, "afdeling-beheer", &beheer, NULL), DB_OK);
    in = point_input(grofvuil, "Een bank en een kast");
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 5, "x", &handed, p), 0);
    assert_int_equal(signal_handoff(g_db, g_a, &beheer, handed.id, org_id_by_code(g_db, "WZN"),
                                    "zorgen", NOW + 6),
                     SIG_OK);
    assert_int_equal(public_signal_followable(g_db, handed.id), 0);
    in = point_input(grofvuil, "Een kast en een stoel");
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 7, "x", &task_parent, p), 0);
    int64_t task = 0;
    assert_int_equal(signal_add_task(g_db, g_a, &beheer, task_parent.id, org_id_by_code(g_db, "SB"),
                                     "Kast ophalen", NOW + 8, &task),
                     SIG_OK);
    assert_int_equal(public_signal_followable(g_db, task_parent.id), 1);
    assert_int_equal(public_signal_followable(g_db, task), 0);
    assert_int_equal(intake_follow(g_db, g_a, task, NULL, "taak@example.nl", NULL, &anyone, NOW + 9,
                                   "x", p, NULL),
                     INTAKE_NOT_FOLLOWABLE);
    assert_int_equal(signal_merge(g_db, g_a, &beheer, task_parent.id, pub.id, NOW + 10, "x"),
                     SIG_OK);
    assert_int_equal(public_signal_followable(g_db, task_parent.id), 0);
    assert_int_equal(signal_change_status(g_db, g_a, &beheer, pub.id, "afgehandeld", "Opgehaald.",
                                          NOW + 11, "x"),
                     SIG_OK);
    assert_int_equal(public_signal_followable(g_db, pub.id), 0);
    assert_int_equal(intake_follow(g_db, g_a, pub.id, NULL, "laat@example.nl", NULL, &anyone,
                                   NOW + 12, "x", p, NULL),
                     INTAKE_NOT_FOLLOWABLE);
    assert_int_equal(public_signal_followable(g_db, 99999999), 0);
}

static void test_public_form_limit(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out;
    const int64_t T = NOW + 50000;
    struct signal_input in = base_input();
    in.client = intake_client_of(NULL, "192.0.2.7", 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(signal_create(g_db, g_a, &in, T + i, "x", &out, p), 0);
    long long before = count("SELECT count(*) FROM signal");
    assert_int_equal(signal_create(g_db, g_a, &in, T + 10, "x", &out, p), SIGNAL_LIMITED);
    assert_int_equal(count("SELECT count(*) FROM signal"), before);
    int64_t wait = 0;
    assert_true(intake_limited(g_db, &in.client, T + 10, &wait));
    assert_int_equal(wait, 3600 - 10); /* until the first of the three is an hour old */
    /* a follow counts in the same hour */
    struct signal_created pub;
    struct signal_input pin = point_input(category_id_by_slug(g_db, "grofvuil", 0), "Matras");
    assert_int_equal(signal_create(g_db, g_a, &pin, T, "x", &pub, p), 0);
    assert_int_equal(intake_follow(g_db, g_a, pub.id, NULL, "teveel@example.nl", NULL, &in.client,
                                   T + 11, "x", p, NULL),
                     INTAKE_LIMITED);
    assert_int_equal(contacts_of(pub.id, "teveel@example.nl"), 0);
    /* another address is not affected */
    struct intake_client other = intake_client_of(NULL, "192.0.2.8", 3);
    assert_false(intake_limited(g_db, &other, T + 12, NULL));
    /* an IPv4-mapped IPv6 address is the same client */
    struct intake_client mapped = intake_client_of(NULL, "::ffff:192.0.2.7", 3);
    assert_true(intake_limited(g_db, &mapped, T + 12, NULL));
    /* IPv6 counts by the /64 */
    struct signal_input v6 = base_input();
    v6.client = intake_client_of(NULL, "2001:db8:1:2::1", 1);
    assert_int_equal(signal_create(g_db, g_a, &v6, T + 13, "x", &out, p), 0);
    v6.client.address = "2001:db8:1:2:ffff:eeee:dddd:9";
    assert_int_equal(signal_create(g_db, g_a, &v6, T + 14, "x", &out, p), SIGNAL_LIMITED);
    v6.client.address = "2001:db8:1:3::1";
    assert_int_equal(signal_create(g_db, g_a, &v6, T + 15, "x", &out, p), 0);
    /* staff with the intake right are not limited, from the same address */
    struct user balie, raadslid;
    assert_int_equal(user_load_by_login(g_db, g_a, "balie", &balie, NULL), DB_OK);
    assert_int_equal(user_load_by_login(g_db, g_a, "raadslid", &raadslid, NULL), DB_OK);
    struct signal_input staff = base_input();
    staff.client = intake_client_of(&balie, "192.0.2.7", 3);
    assert_null(staff.client.address);
    assert_int_equal(signal_create(g_db, g_a, &staff, T + 16, "x", &out, p), 0);
    /* an account without it is */
    assert_non_null(intake_client_of(&raadslid, "192.0.2.7", 3).address);
    /* 0 per hour: no limit */
    struct intake_client off = intake_client_of(NULL, "192.0.2.7", 0);
    assert_false(intake_limited(g_db, &off, T + 17, NULL));
    /* an hour after the first report the next one is accepted */
    assert_int_equal(signal_create(g_db, g_a, &in, T + 3600, "x", &out, p), 0);
    assert_int_equal(signal_create(g_db, g_a, &in, T + 3600, "x", &out, p), SIGNAL_LIMITED);
    /* only keyed hashes are kept, and retention forgets them after an hour */
    assert_int_equal(count("SELECT count(*) FROM intake_hit WHERE client_hash LIKE '%192.0%'"), 0);
    assert_true(count("SELECT count(*) FROM intake_hit") > 0);
    struct retention_result r;
    assert_int_equal(retention_run(g_db, T + 2 * 3600 + 1, 365, 7, &r), 0);
    assert_int_equal(count("SELECT count(*) FROM intake_hit"), 0);
}

/* The token of the last confirmation link sent to `to`. */
static const char *link_token(const char *to)
{
    static char tok[64];
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT substr(body_text, instr(body_text, '/e-mailadres/') + 13, 43) FROM outbox"
             " WHERE kind = 'confirm_address' AND to_addr = '%s' ORDER BY id DESC LIMIT 1",
             to);
    sqlite3_stmt *st;
    tok[0] = '\0';
    if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        snprintf(tok, sizeof tok, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return tok;
}

static long long outbox_count(const char *where_to, const char *status)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM outbox WHERE to_addr LIKE '%s' AND status = '%s'", where_to,
             status);
    return count(sql);
}

static void test_optin_once_then_released_or_dropped(void **state)
{
    const int64_t T = NOW + 100000;
    struct optin_mail m = {.to = "Iemand+buurt@Example.nl",
                           .subject = "Er is nieuws over uw melding",
                           .body = "Nieuws",
                           .kind = "status",
                           .ref = 1};
    bool held = false;
    assert_int_equal(optin_queue(g_db, g_a, T, "https://w.example", &m, &held), 0);
    assert_true(held);
    /* the same mailbox written otherwise: no second request */
    m.to = "iemand@example.nl";
    assert_int_equal(optin_queue(g_db, g_a, T + 86400, "https://w.example", &m, &held), 0);
    assert_true(held);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'confirm_address'"
                           " AND lower(to_addr) LIKE 'iemand%@example.nl'"),
                     1);
    assert_int_equal(outbox_count("iemand%@example.nl", "held"), 2);
    /* the request holds nothing anybody typed, only the link */
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'confirm_address'"
                           " AND lower(to_addr) LIKE 'iemand%' AND body_text LIKE '%Nieuws%'"),
                     0);
    char token[64];
    snprintf(token, sizeof token, "%s", link_token("Iemand+buurt@Example.nl"));
    assert_int_equal(strlen(token), 43);
    assert_int_equal(optin_link_state(g_db, g_a, token, T + 2 * 86400), OPTIN_LINK_OPEN);
    /* the link's token is not stored */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM mail_address WHERE token_hash = '%s'", token);
    assert_int_equal(count(sql), 0);
    assert_int_equal(optin_link_state(g_db, g_a, "x", T), OPTIN_LINK_UNKNOWN);
    token[0] = token[0] == 'A' ? 'B' : 'A';
    assert_int_equal(optin_confirm(g_db, g_a, token, T + 2 * 86400), OPTIN_LINK_UNKNOWN);
    token[0] = link_token("Iemand+buurt@Example.nl")[0];
    /* pressing the button releases what waited, due now */
    assert_int_equal(optin_confirm(g_db, g_a, token, T + 2 * 86400), OPTIN_LINK_CONFIRMED);
    assert_int_equal(outbox_count("iemand%@example.nl", "held"), 0);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM outbox WHERE lower(to_addr) LIKE 'iemand%%@example.nl'"
             " AND kind = 'status' AND status = 'queued' AND created_at = %lld"
             " AND next_attempt_at = %lld",
             (long long)(T + 2 * 86400), (long long)(T + 2 * 86400));
    assert_int_equal(count(sql), 2);
    assert_int_equal(optin_link_state(g_db, g_a, token, T + 2 * 86400), OPTIN_LINK_CONFIRMED);
    assert_int_equal(optin_confirm(g_db, g_a, token, T + 2 * 86400 + 5), OPTIN_LINK_CONFIRMED);
    /* from now on mail to it goes at once */
    m.to = "IEMAND@example.nl";
    assert_int_equal(optin_queue(g_db, g_a, T + 3 * 86400, "x", &m, &held), 0);
    assert_false(held);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE to_addr = 'IEMAND@example.nl'"
                           " AND status = 'queued'"),
                     1);

    /* Gmail ignores dots and the +tag: one mailbox */
    char k1[65], k2[65], k3[65];
    assert_int_equal(optin_address_key(g_db, "j.de.vries@gmail.com", k1), 0);
    assert_int_equal(optin_address_key(g_db, "JdeVries+melding@googlemail.com", k2), 0);
    assert_int_equal(optin_address_key(g_db, "j.de.vries@example.nl", k3), 0);
    assert_string_equal(k1, k2);
    assert_string_not_equal(k1, k3);

    /* a stranger who never answers: one request, then silence */
    m.to = "vreemde@example.nl";
    for (int day = 0; day < 29; day += 7)
        assert_int_equal(optin_queue(g_db, g_a, T + day * 86400, "x", &m, &held), 0);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE to_addr = 'vreemde@example.nl'"
                           " AND kind = 'confirm_address'"),
                     1);
    assert_int_equal(outbox_count("vreemde@example.nl", "held"), 5);
    snprintf(token, sizeof token, "%s", link_token("vreemde@example.nl"));
    /* after 30 days the link is dead, what waited is dropped and erased */
    struct retention_result r;
    assert_int_equal(retention_run(g_db, T + 30 * 86400, 365, 7, &r), 0);
    assert_true(r.dropped >= 5);
    assert_int_equal(outbox_count("vreemde@example.nl", "held"), 0);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE status = 'dropped'"
                           " AND (to_addr <> '' OR body_text IS NOT NULL)"),
                     0);
    assert_int_equal(optin_link_state(g_db, g_a, token, T + 30 * 86400), OPTIN_LINK_UNKNOWN);
    assert_int_equal(optin_confirm(g_db, g_a, token, T + 30 * 86400), OPTIN_LINK_UNKNOWN);
    /* the confirmed address is kept while it is used */
    assert_int_equal(optin_address_key(g_db, "iemand@example.nl", k1), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM mail_address WHERE addr_hash = '%s'", k1);
    assert_int_equal(count(sql), 1);
    /* a period later the stranger may be asked once more */
    assert_int_equal(optin_queue(g_db, g_a, T + 30 * 86400 + 1, "x", &m, &held), 0);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE to_addr = 'vreemde@example.nl'"
                           " AND kind = 'confirm_address'"),
                     2);
    /* and a confirmed address without mail for the retention period is forgotten */
    assert_int_equal(retention_run(g_db, T + 3 * 86400 + 366 * 86400, 365, 7, &r), 0);
    assert_int_equal(count(sql), 0);
}

static void test_counter_intake_asks_to_confirm(void **state)
{
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out;
    struct user balie;
    assert_int_equal(user_load_by_login(g_db, g_a, "balie", &balie, NULL), DB_OK);
    struct signal_input in = base_input();
    in.channel = "telefoon";
    in.created_by = balie.id;
    in.client = intake_client_of(&balie, "192.0.2.99", 10);
    in.email = "beller@example.nl";
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 200000, "x", &out, p), 0);
    /* a clerk cannot vouch for an address: its owner confirms it */
    assert_true(out.mail_held);
    assert_int_equal(outbox_count("beller@example.nl", "held"), 1);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE to_addr = 'beller@example.nl'"
                           " AND kind = 'confirm_address' AND status = 'queued'"),
                     1);
}

static void test_hazard_receipt_and_answers(void **state)
{
    static const char *const codes[] = {"mastnummer", "gevaarlijk"};
    static const char *const yes[] = {"12", "ja"}, *const no[] = {"12", "nee"};
    assert_true(signal_answers_hazard(codes, yes, 2));
    assert_false(signal_answers_hazard(codes, no, 2));
    assert_false(signal_answers_hazard(codes, yes, 1));
    assert_false(signal_answers_hazard(NULL, NULL, 0));

    assert_string_equal(signal_mask_email(g_a, "jolanda@example.nl"), "j***@example.nl");
    assert_string_equal(signal_mask_email(g_a, "\xc3\xa9va@example.nl"), "\xc3\xa9***@example.nl");
    assert_null(signal_mask_email(g_a, "geen-adres"));
    assert_null(signal_mask_email(g_a, "@example.nl"));
    assert_null(signal_mask_email(g_a, NULL));

    struct category_question q[2] = {
        {.code = "soort",
         .description = "Welke container?",
         .choices = "[[\"rest\", \"Restafval\"], [\"glas\", \"Glas\"]]"},
        {.code = "aantal", .description = "Om hoeveel gaat het?"},
    };
    const char *label, *text;
    signal_answer_text(g_a, q, 2, "soort", "glas,rest", &label, &text);
    assert_string_equal(label, "Welke container?");
    assert_string_equal(text, "Glas, Restafval");
    signal_answer_text(g_a, q, 2, "aantal", "3", &label, &text);
    assert_string_equal(label, "Om hoeveel gaat het?");
    assert_string_equal(text, "3");
    /* a question that is gone: its code, the value as it is */
    signal_answer_text(g_a, q, 2, "weg", "x", &label, &text);
    assert_string_equal(label, "weg");
    assert_string_equal(text, "x");

    /* a dangerous signal: the urgent deadline, and its sender holds the receipt */
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out, out2;
    struct signal_input in = base_input();
    in.category_id = category_id_by_slug(g_db, "lantaarnpaal-straatverlichting", 0);
    in.answer_codes = codes;
    in.answer_values = yes;
    in.nanswers = 2;
    in.receipt_holder = "browser-token-1";
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 300000, "x", &out, p), 0);
    in.answer_values = no;
    in.receipt_holder = NULL;
    assert_int_equal(signal_create(g_db, g_a, &in, NOW + 300000, "x", &out2, p), 0);
    struct signal s, s2;
    assert_int_equal(signal_get(g_db, g_a, out.id, &s), DB_OK);
    assert_int_equal(signal_get(g_db, g_a, out2.id, &s2), DB_OK);
    assert_int_equal(s.hazard, 1);
    assert_int_equal(s2.hazard, 0);
    assert_true(s.deadline_at < s2.deadline_at);
    assert_true(signal_receipt_held(g_db, out.id, "browser-token-1", NOW + 300000));
    assert_false(signal_receipt_held(g_db, out.id, "browser-token-2", NOW + 300000));
    assert_false(signal_receipt_held(g_db, out.id, NULL, NOW + 300000));
    assert_false(signal_receipt_held(g_db, out2.id, "browser-token-1", NOW + 300000));
    assert_false(signal_receipt_held(g_db, out.id, "browser-token-1",
                                     NOW + 300000 + SIGNAL_RECEIPT_SECONDS));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_table),
        cmocka_unit_test(test_routing),
        cmocka_unit_test(test_broken_rule_is_not_used),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_create_handle_and_privacy),
        cmocka_unit_test(test_read_rule),
        cmocka_unit_test(test_entry_confidentiality),
        cmocka_unit_test(test_address_only_is_location_unknown),
        cmocka_unit_test(test_work_list_keyset_and_search),
        cmocka_unit_test(test_work_list_counts_follow_changes),
        cmocka_unit_test(test_search_indexes_take_new_signals_at_commit),
        cmocka_unit_test(test_feedback_and_reopen),
        cmocka_unit_test(test_retention_erases_contacts),
        cmocka_unit_test(test_merge_and_place),
        cmocka_unit_test(test_tasks_close_their_parent),
        cmocka_unit_test(test_follow_only_public_signals),
        cmocka_unit_test(test_public_form_limit),
        cmocka_unit_test(test_optin_once_then_released_or_dropped),
        cmocka_unit_test(test_counter_intake_asks_to_confirm),
        cmocka_unit_test(test_public_explanation),
        cmocka_unit_test(test_hazard_receipt_and_answers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
