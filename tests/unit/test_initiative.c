/*
 * test_initiative.c: residents' initiatives on a real SQLite file made as
 * `init` makes it: the money parser, the IBAN check, the table of steps,
 * a whole application from draft to grant, the mandate (EUR 1,000 for the
 * wijkregisseur in their own region, above that the wijkwethouder), the
 * rules that nobody decides what they entered and the administrator decides
 * nothing, a rejection's alternative, the wijk budget that never overdraws,
 * grants decided at once by several threads on one wijk budget, and the
 * reach figures of a wijk and the city over a period, and the erasure of
 * applicants' personal data at the edges of the retention periods.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/initiative.h"
#include "domain/retention.h"
#include "domain/seed.h"
#include "lib/iban.h"
#include "lib/money.h"
#include "store/org_store.h"
#include "store/user_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[] = "/tmp/wr-test-initiative-XXXXXX";
static db *g_db;
static arena *g_a;
static const int64_t NOW = 1795000000; /* 2026-11-18 */
static int64_t g_region_noord, g_region_oost;

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

static int64_t region(const char *slug)
{
    sqlite3_stmt *st;
    int64_t id = 0;
    if (sqlite3_prepare_v2(db_handle(g_db), "SELECT id FROM region WHERE slug = ?1", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return id;
}

static int setup(void **state)
{
    char err[1400];
    if (!mkdtemp(g_dir) || auth_init() != 0 || db_setup(g_dir, err, sizeof err) != 0)
        return -1;
    g_db = db_thread();
    g_a = arena_new(1 << 20);
    struct seed_options so = {.jurisdiction_id = "zoetermeer.nl", .demo = 0};
    if (!g_db || !g_a || seed_run(g_db, &so, err, sizeof err) != 0)
        return -1;
    g_region_noord = region("noord");
    g_region_oost = region("oost");
    return g_region_noord && g_region_oost ? 0 : -1;
}

static int teardown(void **state)
{
    arena_free(g_a);
    db_thread_close();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* An account in the database (decisions and entries refer to it) with one
 * role, or two regions of one role. */
static struct user staff(const char *login, enum role r, int64_t region1, int64_t region2)
{
    struct user u = {.login = login, .name = login};
    assert_int_equal(user_insert(g_db, login, login, NULL, 0, "x", &u.id), DB_OK);
    u.roles[u.nroles++] = (struct user_role){.role = r, .region_id = region1};
    if (region2)
        u.roles[u.nroles++] = (struct user_role){.role = r, .region_id = region2};
    u.role_mask = 1u << r;
    return u;
}

static int64_t wijk(const char *code)
{
    return area_id_by_code(g_db, "wijk", code, 0);
}

static void test_money(void **state)
{
    int64_t c = -1;
    struct {
        const char *in;
        int64_t cents;
    } ok[] = {{"750", 75000},          {"750,00", 75000},
              {"1.250,50", 125050},    {"\xE2\x82\xAC 1.250", 125000},
              {"  €1.250,5 ", 125050}, {"750,-", 75000},
              {"EUR 12", 1200},        {"12.50", 1250},
              {"1.250", 125000},       {"0", 0},
              {"1 250", 125000},       {"999.999.999,99", 99999999999}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(money_parse(ok[i].in, &c), MONEY_OK);
        assert_int_equal(c, ok[i].cents);
    }
    assert_int_equal(money_parse("-5", &c), MONEY_NEGATIVE);
    assert_int_equal(money_parse("€ -5", &c), MONEY_NEGATIVE);
    assert_int_equal(money_parse("12,345", &c), MONEY_DECIMALS);
    assert_int_equal(money_parse("1.000.000.000", &c), MONEY_TOO_LARGE);
    assert_int_equal(money_parse("99999999999999999999999", &c), MONEY_TOO_LARGE);
    assert_int_equal(money_parse("", &c), MONEY_EMPTY);
    assert_int_equal(money_parse("   ", &c), MONEY_EMPTY);
    assert_int_equal(money_parse("12a", &c), MONEY_INVALID);
    assert_int_equal(money_parse("1.25.0", &c), MONEY_INVALID);
    assert_int_equal(money_parse("12.5000", &c), MONEY_INVALID);
    assert_int_equal(money_parse(",50", &c), MONEY_INVALID);
    assert_int_equal(money_parse("1,2,3", &c), MONEY_INVALID);
    assert_non_null(money_problem(MONEY_DECIMALS));
    char out[MONEY_FMT_MAX];
    money_format(125050, false, out);
    assert_string_equal(out, "1.250,50");
    money_format(125050, true, out);
    assert_string_equal(out, "1,250.50");
    money_format(5, false, out);
    assert_string_equal(out, "0,05");
    money_format(99999999999, false, out);
    assert_string_equal(out, "999.999.999,99");
    /* what the format writes, the parser reads back */
    assert_int_equal(money_parse(out, &c), MONEY_OK);
    assert_int_equal(c, 99999999999);
}

static void test_iban(void **state)
{
    char out[IBAN_MAX + 1];
    assert_true(iban_normalize("NL91ABNA0417164300", out));
    assert_string_equal(out, "NL91ABNA0417164300");
    assert_true(iban_normalize(" nl91 abna 0417 1643 00 ", out));
    assert_string_equal(out, "NL91ABNA0417164300");
    assert_true(iban_normalize("DE89 3704 0044 0532 0130 00", out));
    assert_true(iban_normalize("BE68539007547034", out));
    /* one wrong digit, two swapped, a Dutch one too short, stray signs */
    assert_false(iban_normalize("NL91ABNA0417164301", out));
    assert_string_equal(out, "");
    assert_false(iban_normalize("NL91ABNA0417163400", out));
    assert_false(iban_normalize("NL91ABNA041716430", out));
    assert_false(iban_normalize("NL91-ABNA-0417-1643-00", out));
    assert_false(iban_normalize("", out));
    assert_false(iban_normalize("1291ABNA0417164300", out));
    char shown[IBAN_MAX + IBAN_MAX / 4 + 2];
    iban_display("NL91ABNA0417164300", shown);
    assert_string_equal(shown, "NL91 ABNA 0417 1643 00");
}

static void test_transitions(void **state)
{
    assert_true(initiative_may_move(INIT_CONCEPT, INIT_INGEDIEND, INIT_BY_APPLICANT));
    assert_true(initiative_may_move(INIT_INGEDIEND, INIT_IN_BEHANDELING, INIT_BY_HANDLER));
    assert_true(initiative_may_move(INIT_IN_BEHANDELING, INIT_VRAGEN, INIT_BY_HANDLER));
    assert_true(initiative_may_move(INIT_VRAGEN, INIT_IN_BEHANDELING, INIT_BY_APPLICANT));
    assert_true(initiative_may_move(INIT_IN_BEHANDELING, INIT_TOEGEKEND, INIT_BY_DECIDER));
    assert_true(initiative_may_move(INIT_UITGEVOERD, INIT_VERANTWOORD, INIT_BY_HANDLER));
    /* nobody but a decider grants; nothing leaves a decision backwards */
    assert_false(initiative_may_move(INIT_IN_BEHANDELING, INIT_TOEGEKEND, INIT_BY_HANDLER));
    assert_false(initiative_may_move(INIT_IN_BEHANDELING, INIT_TOEGEKEND, INIT_BY_APPLICANT));
    assert_false(initiative_may_move(INIT_AFGEWEZEN, INIT_TOEGEKEND, INIT_BY_DECIDER));
    assert_false(initiative_may_move(INIT_TOEGEKEND, INIT_AFGEWEZEN, INIT_BY_DECIDER));
    assert_false(initiative_may_move(INIT_VRAGEN, INIT_TOEGEKEND, INIT_BY_DECIDER));
    assert_false(initiative_may_move(INIT_CONCEPT, INIT_IN_BEHANDELING, INIT_BY_HANDLER));
    assert_false(initiative_may_move(INIT_TOEGEKEND, INIT_INGETROKKEN, INIT_BY_APPLICANT));
    for (int s = 0; s < INIT__COUNT; s++)
        assert_int_equal(initiative_state_from(initiative_state_code((enum initiative_state)s)), s);
    assert_int_equal(initiative_state_from("gemeld"), -1);
}

/* Which decisions may be objected to: a rejection and a partial grant (also
 * once carried out or accounted for), not a full grant nor anything undecided. */
static void test_objectable(void **state)
{
    (void)state;
    struct initiative_row r = {.decided_at = NOW, .requested_cents = 100000};
    static const struct {
        const char *state;
        int64_t granted;
        bool objectable;
    } cases[] = {
        {"afgewezen", 0, true},       {"deels_toegekend", 50000, true},
        {"uitgevoerd", 50000, true},  {"verantwoord", 50000, true},
        {"toegekend", 100000, false}, {"uitgevoerd", 100000, false},
        {"ingetrokken", 0, false},    {"in_behandeling", 0, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r.state = cases[i].state;
        r.granted_cents = cases[i].granted;
        assert_int_equal(initiative_objectable(&r), cases[i].objectable);
    }
    r.state = "afgewezen";
    r.decided_at = 0;
    assert_false(initiative_objectable(&r));
}

static struct initiative_input input(const char *wijk_code, const char *amount)
{
    struct initiative_input in = {.name = "Fatima Bouzid",
                                  .email = "fatima@example.nl",
                                  .phone = "06 1234 5678",
                                  .iban = "NL91 ABNA 0417 1643 00",
                                  .iban_holder = "Stichting Buurtfeest",
                                  .title = "Buurtfeest aan het plein",
                                  .description = "Een middag met muziek en eten voor de buurt.",
                                  .wijk = wijk_code,
                                  .date = "21-06-2027",
                                  .place = "Het plein",
                                  .participants = "80",
                                  .neighbours = "6",
                                  .own = "100",
                                  .consent = true,
                                  .nlines = 1};
    in.line_text[0] = "Muziek en tent";
    in.line_amount[0] = amount;
    return in;
}

static int64_t submit(const struct user *u, const char *wijk_code, const char *amount,
                      char token[INITIATIVE_TOKEN_CHARS])
{
    struct initiative_input in = input(wijk_code, amount);
    if (u)
        in.channel = "balie";
    struct signal_problem p[INITIATIVE_MAX_PROBLEMS];
    struct intake_client c = {0};
    int64_t id = 0;
    assert_int_equal(
        initiative_save(g_db, g_a, u, &in, NULL, true, &c, NOW, "https://x", token, &id, p), 0);
    return id;
}

static struct initiative_row get(int64_t id)
{
    struct initiative_row r;
    assert_int_equal(initiative_get(g_db, g_a, id, &r), DB_OK);
    return r;
}

static void test_check_names_every_field(void **state)
{
    struct initiative_input in = {.iban = "NL00 1234",
                                  .line_amount = {"12,345"},
                                  .line_text = {"Tent"},
                                  .nlines = 1,
                                  .participants = "veel",
                                  .date = "31-02-2027"};
    struct initiative_row r;
    struct initiative_line_row lines[INITIATIVE_MAX_LINES];
    size_t nl;
    struct signal_problem p[INITIATIVE_MAX_PROBLEMS];
    size_t n = initiative_check(g_db, g_a, &in, true, NOW, &r, lines, &nl, p);
    const char *want[] = {"naam",         "email", "iban",  "tenaamstelling", "titel",
                          "omschrijving", "wijk",  "datum", "deelnemers",     "post1_bedrag"};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found |= strcmp(p[i].field, want[k]) == 0;
        if (!found)
            fail_msg("no problem for %s", want[k]);
    }
    /* a draft is only checked for what is filled in */
    struct initiative_input draft = {.title = "Buurtfeest", .nlines = 0};
    assert_int_equal(initiative_check(g_db, g_a, &draft, false, NOW, &r, lines, &nl, p), 0);
}

static void test_draft_then_submit(void **state)
{
    struct initiative_input in = {.title = "Moestuin", .email = "jan@example.nl"};
    struct signal_problem p[INITIATIVE_MAX_PROBLEMS];
    struct intake_client c = {0};
    char token[INITIATIVE_TOKEN_CHARS];
    int64_t id = 0;
    assert_int_equal(
        initiative_save(g_db, g_a, NULL, &in, NULL, false, &c, NOW, "https://x", token, &id, p), 0);
    assert_int_equal(strlen(token), 43);
    struct initiative_row r = get(id);
    assert_string_equal(r.state, "concept");
    /* the token is stored only as its keyed hash */
    assert_string_not_equal(r.token_hash, token);
    char hash[65];
    assert_int_equal(initiative_token_hash(g_db, token, hash), 0);
    assert_string_equal(r.token_hash, hash);
    /* submitting the incomplete draft names the missing fields, keeps the draft */
    int np =
        initiative_save(g_db, g_a, NULL, &in, token, true, &c, NOW, "https://x", token, &id, p);
    assert_true(np > 0);
    assert_string_equal(get(id).state, "concept");
    struct initiative_input full = input("WK063703", "400");
    char again[INITIATIVE_TOKEN_CHARS];
    assert_int_equal(
        initiative_save(g_db, g_a, NULL, &full, token, true, &c, NOW, "https://x", again, &id, p),
        0);
    assert_string_equal(again, token);
    r = get(id);
    assert_string_equal(r.state, "ingediend");
    assert_int_equal(r.requested_cents, 40000);
    assert_string_equal(r.iban, "NL91ABNA0417164300");
    /* a submitted application is no draft any more */
    assert_int_equal(
        initiative_save(g_db, g_a, NULL, &full, token, false, &c, NOW, "https://x", again, &id, p),
        INITIATIVE_NOT_DRAFT);
}

static void test_journey_and_mandate(void **state)
{
    int64_t seghwaert = wijk("WK063703"); /* region noord */
    assert_int_equal(initiative_budget_set(g_db, seghwaert, 2026, 500000, 100000, false), DB_OK);
    struct user ond = staff("ond-noord", ROLE_ONDERSTEUNER, g_region_noord, 0);
    struct user reg = staff("reg-noord", ROLE_WIJKREGISSEUR, g_region_noord, 0);
    struct user reg_oost = staff("reg-oost", ROLE_WIJKREGISSEUR, g_region_oost, 0);
    struct user weth = staff("weth", ROLE_WIJKWETHOUDER, g_region_noord, g_region_oost);
    struct user admin = staff("beheer", ROLE_BEHEERDER, 0, 0);
    const char *why;
    long long mails = count("SELECT count(*) FROM outbox WHERE kind = 'initiative'");

    /* EUR 750: taken, a question answered, granted by the wijkregisseur */
    char token[INITIATIVE_TOKEN_CHARS];
    int64_t id = submit(NULL, "WK063703", "750", token);
    assert_int_equal(initiative_take(g_db, g_a, &reg_oost, id, NOW, "https://x"), INIT_FORBIDDEN);
    assert_int_equal(initiative_take(g_db, g_a, &ond, id, NOW, "https://x"), INIT_OK);
    assert_int_equal(initiative_ask(g_db, g_a, &ond, id, "", NOW, "https://x", &why), INIT_INVALID);
    assert_int_equal(
        initiative_ask(g_db, g_a, &ond, id, "Wie huurt de tent?", NOW + 60, "https://x", &why),
        INIT_OK);
    /* no decision while the applicant is asked */
    assert_int_equal(initiative_grant(g_db, g_a, &reg, id, 75000, false, NOW, "https://x", &why),
                     INIT_WRONG_STATE);
    assert_int_equal(
        initiative_answer(g_db, g_a, id, "De buurtvereniging.", NOW + 120, "https://x", &why),
        INIT_OK);
    assert_int_equal(initiative_grant(g_db, g_a, &admin, id, 75000, false, NOW, "https://x", &why),
                     INIT_FORBIDDEN);
    assert_int_equal(initiative_grant(g_db, g_a, &ond, id, 75000, false, NOW, "https://x", &why),
                     INIT_FORBIDDEN);
    assert_int_equal(
        initiative_grant(g_db, g_a, &reg_oost, id, 75000, false, NOW, "https://x", &why),
        INIT_FORBIDDEN);
    assert_int_equal(initiative_grant(g_db, g_a, &reg, id, 80000, false, NOW, "https://x", &why),
                     INIT_INVALID);
    assert_int_equal(
        initiative_grant(g_db, g_a, &reg, id, 75000, false, NOW + 180, "https://x", &why), INIT_OK);
    struct initiative_row r = get(id);
    assert_string_equal(r.state, "toegekend");
    assert_int_equal(r.granted_cents, 75000);
    assert_int_equal(r.budget_year, 2026);
    struct wijk_budget_row b;
    assert_int_equal(wijk_budget_get(g_db, g_a, seghwaert, 2026, &b), DB_OK);
    assert_int_equal(b.committed_cents, 75000);
    /* the history: submitted, taken, question, answer, granted */
    struct initiative_event_row *ev;
    size_t nev;
    assert_int_equal(initiative_events(g_db, g_a, id, &ev, &nev), DB_OK);
    assert_int_equal(nev, 5);
    assert_string_equal(ev[2].kind, "question");
    assert_string_equal(ev[3].kind, "answer");
    assert_int_equal(ev[3].user_id, 0);
    assert_int_equal(ev[4].amount_cents, 75000);
    /* a mail at every step: received, taken, question, answer, decision */
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'initiative'"), mails + 5);
    /* the audit trail names the state and amount, never the applicant's data */
    assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'initiative' AND"
                           " (after LIKE '%Fatima%' OR after LIKE '%NL91%' OR"
                           " after LIKE '%example%')"),
                     0);
    assert_true(count("SELECT count(*) FROM audit WHERE action = 'initiative.toegekend'") >= 1);

    /* EUR 1,500: above the wijkregisseur's mandate, the wijkwethouder's */
    int64_t big = submit(NULL, "WK063703", "1.500", token);
    assert_int_equal(initiative_grant(g_db, g_a, &reg, big, 150000, false, NOW, "https://x", &why),
                     INIT_NOT_MANDATE);
    assert_string_equal(why, "Dit besluit is aan de wijkwethouder.");
    assert_string_equal(get(big).state, "ingediend");
    /* partly granting within the mandate is the wijkregisseur's */
    bool any;
    assert_int_equal(initiative_mandate_of(g_db, g_a, &reg, g_region_noord, "2026-11-18", &any),
                     100000);
    assert_true(any);
    assert_int_equal(initiative_mandate_of(g_db, g_a, &admin, g_region_noord, "2026-11-18", &any),
                     0);
    assert_false(any);
    assert_int_equal(initiative_grant(g_db, g_a, &weth, big, 150000, false, NOW, "https://x", &why),
                     INIT_OK);
    assert_int_equal(wijk_budget_get(g_db, g_a, seghwaert, 2026, &b), DB_OK);
    assert_int_equal(b.committed_cents, 225000);

    /* a rejection needs a reason and one of the alternatives */
    int64_t no = submit(NULL, "WK063703", "300", token);
    assert_int_equal(initiative_reject(g_db, g_a, &reg, no, "Past niet in de regeling.", "", NULL,
                                       NOW, "https://x", &why),
                     INIT_INVALID);
    assert_int_equal(
        initiative_reject(g_db, g_a, &reg, no, "", "fonds", NULL, NOW, "https://x", &why),
        INIT_INVALID);
    assert_int_equal(initiative_reject(g_db, g_a, &reg, no, "Past niet in de regeling.", "fonds",
                                       "Fonds 1818 steunt buurtfeesten.", NOW, "https://x", &why),
                     INIT_OK);
    r = get(no);
    assert_string_equal(r.state, "afgewezen");
    assert_string_equal(r.alternative, "fonds");
    assert_int_equal(wijk_budget_get(g_db, g_a, seghwaert, 2026, &b), DB_OK);
    assert_int_equal(b.committed_cents, 225000);

    /* entered by the wijkregisseur at the counter: somebody else decides */
    int64_t own = submit(&reg, "WK063703", "200", token);
    assert_int_equal(get(own).entered_by, reg.id);
    assert_string_equal(get(own).channel, "balie");
    assert_int_equal(initiative_grant(g_db, g_a, &reg, own, 20000, false, NOW, "https://x", &why),
                     INIT_OWN_ENTRY);
    assert_int_equal(initiative_grant(g_db, g_a, &weth, own, 20000, false, NOW, "https://x", &why),
                     INIT_OK);

    /* the budget is never overdrawn: EUR 5,000 - 2,450 leaves 2,550 */
    int64_t over = submit(NULL, "WK063703", "900", token);
    assert_int_equal(initiative_budget_set(g_db, seghwaert, 2026, 300000, 0, false), DB_OK);
    assert_int_equal(initiative_grant(g_db, g_a, &reg, over, 90000, false, NOW, "https://x", &why),
                     INIT_NO_BUDGET);
    assert_non_null(strstr(why, "wijkwethouder"));
    assert_string_equal(get(over).state, "ingediend");
    assert_int_equal(wijk_budget_get(g_db, g_a, seghwaert, 2026, &b), DB_OK);
    assert_int_equal(b.committed_cents, 245000);
    /* nor can the budget be set below what is committed */
    assert_int_not_equal(initiative_budget_set(g_db, seghwaert, 2026, 200000, 0, false), DB_OK);
    /* a wijk without a budget for the year grants nothing */
    int64_t oost = submit(NULL, "WK063705", "100", token);
    assert_int_equal(
        initiative_grant(g_db, g_a, &reg_oost, oost, 10000, false, NOW, "https://x", &why),
        INIT_NO_BUDGET);

    /* withdrawing and carrying out follow the table */
    assert_int_equal(initiative_withdraw(g_db, g_a, NULL, over, NOW, "https://x"), INIT_OK);
    assert_int_equal(initiative_withdraw(g_db, g_a, NULL, id, NOW, "https://x"), INIT_WRONG_STATE);
    assert_int_equal(initiative_carried_out(g_db, g_a, &ond, id, NOW, "https://x"), INIT_OK);
    assert_string_equal(get(id).state, "uitgevoerd");

    /* contact details: the region's handlers and the wijkwethouder, nobody else */
    r = get(id);
    assert_true(initiative_may_read_personal(g_db, &ond, &r));
    assert_true(initiative_may_read_personal(g_db, &reg, &r));
    assert_true(initiative_may_read_personal(g_db, &weth, &r));
    assert_false(initiative_may_read_personal(g_db, &reg_oost, &r));
    assert_false(initiative_may_read_personal(g_db, &admin, &r));
    assert_false(initiative_may_read_personal(g_db, NULL, &r));
}

static void test_account_payment_publication(void **state)
{
    int64_t buytenwegh = wijk("WK063702"); /* region noord */
    assert_int_equal(initiative_budget_set(g_db, buytenwegh, 2026, 200000, 0, false), DB_OK);
    struct user ond = staff("ond-2", ROLE_ONDERSTEUNER, g_region_noord, 0);
    struct user reg = staff("reg-2", ROLE_WIJKREGISSEUR, g_region_noord, 0);
    const char *why;
    const char *field;
    char token[INITIATIVE_TOKEN_CHARS];
    int64_t id = submit(NULL, "WK063702", "500", token);
    /* no account, payment or publication before a grant */
    assert_int_equal(initiative_report(g_db, g_a, id, "Het was mooi.", "40", NULL, 0, NULL, 0, NOW,
                                       "https://x", &why, &field),
                     INIT_WRONG_STATE);
    assert_int_equal(initiative_grant(g_db, g_a, &reg, id, 40000, false, NOW, "https://x", &why),
                     INIT_OK);
    assert_string_equal(get(id).state, "deels_toegekend");
    /* only the ondersteuner records payments, never more than granted */
    assert_int_equal(initiative_pay(g_db, g_a, &reg, id, 10000, NOW, "https://x", &why),
                     INIT_FORBIDDEN);
    assert_int_equal(initiative_pay(g_db, g_a, &ond, id, 40001, NOW, "https://x", &why),
                     INIT_INVALID);
    assert_int_equal(initiative_pay(g_db, g_a, &ond, id, 30000, NOW, "https://x", &why), INIT_OK);
    struct wijk_budget_row b;
    assert_int_equal(wijk_budget_get(g_db, g_a, buytenwegh, 2026, &b), DB_OK);
    assert_int_equal(b.committed_cents, 40000);
    assert_int_equal(b.paid_cents, 30000);
    /* the applicant's account makes it carried out */
    assert_int_equal(initiative_report(g_db, g_a, id, "", "40", NULL, 0, NULL, 0, NOW, "https://x",
                                       &why, &field),
                     INIT_INVALID);
    assert_int_equal(initiative_report(g_db, g_a, id, "Het was mooi.", "veertig", NULL, 0, NULL, 0,
                                       NOW, "https://x", &why, &field),
                     INIT_INVALID);
    assert_int_equal(initiative_report(g_db, g_a, id, "Het was mooi.", "40", NULL, 0, NULL, 0, NOW,
                                       "https://x", &why, &field),
                     INIT_OK);
    struct initiative_row r = get(id);
    assert_string_equal(r.state, "uitgevoerd");
    assert_int_equal(r.report_participants, 40);
    /* the rest paid: accounted for */
    assert_int_equal(initiative_pay(g_db, g_a, &ond, id, 10000, NOW, "https://x", &why), INIT_OK);
    r = get(id);
    assert_string_equal(r.state, "verantwoord");
    assert_int_equal(r.paid_cents, 40000);
    assert_int_equal(wijk_budget_get(g_db, g_a, buytenwegh, 2026, &b), DB_OK);
    assert_int_equal(b.paid_cents, 40000);
    /* published with consent and a summary only */
    struct initiative_row *pub;
    size_t np;
    assert_int_equal(initiative_published_list(g_db, g_a, buytenwegh, 10, &pub, &np), DB_OK);
    assert_int_equal(np, 0);
    assert_int_equal(initiative_publish(g_db, g_a, &ond, id, "", NOW, &why), INIT_INVALID);
    assert_int_equal(
        initiative_publish(g_db, g_a, &ond, id, "Een buurtfeest met 40 buren.", NOW, &why),
        INIT_OK);
    assert_int_equal(initiative_published_list(g_db, g_a, buytenwegh, 10, &pub, &np), DB_OK);
    assert_int_equal(np, 1);
    assert_string_equal(pub[0].public_summary, "Een buurtfeest met 40 buren.");
    sqlite3_exec(db_handle(g_db), "UPDATE initiative SET consent_publish = 0, published = 0", NULL,
                 NULL, NULL);
    assert_int_equal(
        initiative_publish(g_db, g_a, &ond, id, "Een buurtfeest met 40 buren.", NOW, &why),
        INIT_INVALID);
    /* grants not accounted for after a time: the work list's filter */
    int64_t late = submit(NULL, "WK063702", "100", token);
    assert_int_equal(initiative_grant(g_db, g_a, &reg, late, 10000, false, NOW, "https://x", &why),
                     INIT_OK);
    struct initiative_filter f = {.decided_before = NOW + 1};
    struct initiative_row *rows;
    size_t n;
    assert_int_equal(initiative_list(g_db, g_a, &f, 100, &rows, &n), DB_OK);
    bool found_late = false, found_done = false;
    for (size_t i = 0; i < n; i++) {
        found_late |= rows[i].id == late;
        found_done |= rows[i].id == id;
    }
    assert_true(found_late);
    assert_false(found_done);
    f.decided_before = NOW - 1;
    assert_int_equal(initiative_list(g_db, g_a, &f, 100, &rows, &n), DB_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(rows[i].id, late);
}

/* --- several deciders at once on one wijk budget ---------------------------- */

#define THREADS     4
#define PER_THREAD  6
#define GRANT_CENTS 30001 /* odd cents, so sums show any lost update */

static int64_t g_ids[THREADS][PER_THREAD];
static struct user g_weth;

static void *decide(void *arg)
{
    int t = (int)(intptr_t)arg;
    db *d = db_thread();
    arena *a = arena_new(1 << 18);
    int ok = 0;
    for (int i = 0; d && a && i < PER_THREAD; i++) {
        const char *why;
        enum initiative_result r = initiative_grant(d, a, &g_weth, g_ids[t][i], GRANT_CENTS, false,
                                                    NOW, "https://x", &why);
        if (r == INIT_OK)
            ok++;
        else if (r != INIT_NO_BUDGET)
            ok = -1000 - (int)r;
        arena_reset(a);
    }
    arena_free(a);
    db_thread_close();
    return (void *)(intptr_t)ok;
}

static void test_concurrent_decisions(void **state)
{
    int64_t zoeken = wijk("WK063704"); /* region noord */
    /* room for 10 grants of 300.01 and a little */
    assert_int_equal(initiative_budget_set(g_db, zoeken, 2026, 10 * GRANT_CENTS + 5000, 0, false),
                     DB_OK);
    g_weth = staff("weth-parallel", ROLE_WIJKWETHOUDER, 0, 0);
    char token[INITIATIVE_TOKEN_CHARS];
    for (int t = 0; t < THREADS; t++)
        for (int i = 0; i < PER_THREAD; i++)
            g_ids[t][i] = submit(NULL, "WK063704", "300,01", token);
    pthread_t th[THREADS];
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_create(&th[t], NULL, decide, (void *)(intptr_t)t), 0);
    long granted = 0;
    for (int t = 0; t < THREADS; t++) {
        void *ret;
        pthread_join(th[t], &ret);
        if ((intptr_t)ret < 0)
            fail_msg("a decision failed: %d", (int)(intptr_t)ret);
        granted += (long)(intptr_t)ret;
    }
    assert_int_equal(granted, 10);
    struct wijk_budget_row b;
    assert_int_equal(wijk_budget_get(g_db, g_a, zoeken, 2026, &b), DB_OK);
    assert_int_equal(b.committed_cents, 10 * GRANT_CENTS);
    assert_true(b.committed_cents <= b.amount_cents);
    /* the applications agree with the budget, cent for cent */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT sum(granted_cents) FROM initiative WHERE wijk_id = %lld AND budget_year = 2026"
             " AND state = 'toegekend'",
             (long long)zoeken);
    assert_int_equal(count(sql), 10 * GRANT_CENTS);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM initiative WHERE wijk_id = %lld AND state = 'ingediend'",
             (long long)zoeken);
    assert_int_equal(count(sql), THREADS * PER_THREAD - 10);
}

/* The mandate table: only the wijkwethouder changes it, with the college
 * decision's date; a region's own row goes before the row for every
 * region; the row before keeps its period; both changes are audited. */
static void test_mandate_change(void **state)
{
    (void)state;
    struct user weth = staff("m-weth", ROLE_WIJKWETHOUDER, 0, 0);
    struct user reg_oost = staff("m-reg-oost", ROLE_WIJKREGISSEUR, g_region_oost, 0);
    struct user reg_noord = staff("m-reg-noord", ROLE_WIJKREGISSEUR, g_region_noord, 0);
    struct user admin = staff("m-admin", ROLE_BEHEERDER, 0, 0);
    struct mandate_problems p;
    struct mandate_input in = {"wijkregisseur", "oost", "500", "1-11-2026"};
    assert_true(initiative_may_read_mandate(&reg_oost));
    assert_false(initiative_may_read_mandate(&admin));
    assert_int_equal(initiative_mandate_set(g_db, g_a, &admin, &in, NOW, &p, NULL), INIT_FORBIDDEN);
    assert_int_equal(initiative_mandate_set(g_db, g_a, &reg_oost, &in, NOW, &p, NULL),
                     INIT_FORBIDDEN);
    struct mandate_input bad = {"beheerder", "nergens", "12,345", ""};
    assert_int_equal(initiative_mandate_set(g_db, g_a, &weth, &bad, NOW, &p, NULL), INIT_INVALID);
    assert_non_null(p.role);
    assert_non_null(p.region);
    assert_non_null(p.amount);
    assert_non_null(p.decision);
    struct mandate_input future = {"wijkregisseur", "oost", "500", "19-11-2026"};
    assert_int_equal(initiative_mandate_set(g_db, g_a, &weth, &future, NOW, &p, NULL),
                     INIT_INVALID);
    assert_string_equal(p.decision, "Het collegebesluit kan niet na vandaag genomen zijn.");
    assert_null(p.amount);
    assert_int_equal(count("SELECT count(*) FROM grant_mandate WHERE region_id IS NOT NULL"), 0);

    int64_t id = 0;
    assert_int_equal(initiative_mandate_set(g_db, g_a, &weth, &in, NOW, &p, &id), INIT_OK);
    assert_true(id > 0);
    bool any = false;
    /* the region's own row (EUR 500) goes before the general EUR 1,000 */
    assert_int_equal(initiative_mandate_of(g_db, g_a, &reg_oost, g_region_oost, "2026-11-18", &any),
                     50000);
    assert_true(any);
    assert_int_equal(
        initiative_mandate_of(g_db, g_a, &reg_noord, g_region_noord, "2026-11-18", &any), 100000);
    /* the day before the change the general row held */
    assert_int_equal(initiative_mandate_of(g_db, g_a, &reg_oost, g_region_oost, "2026-11-17", &any),
                     100000);
    assert_string_equal(initiative_whose(g_db, g_a, g_region_oost, 60000, "2026-11-18"),
                        "Dit besluit is aan de wijkwethouder.");
    assert_string_equal(initiative_whose(g_db, g_a, g_region_noord, 60000, "2026-11-18"),
                        "Dit besluit is aan de wijkregisseur van de regio.");

    struct mandate_input again = {"wijkregisseur", "oost", "750", "2026-11-10"};
    assert_int_equal(initiative_mandate_set(g_db, g_a, &weth, &again, NOW + 86400, &p, NULL),
                     INIT_OK);
    assert_int_equal(initiative_mandate_of(g_db, g_a, &reg_oost, g_region_oost, "2026-11-19", &any),
                     75000);
    assert_int_equal(count("SELECT count(*) FROM grant_mandate WHERE region_id IS NOT NULL"
                           " AND valid_from = '2026-11-18' AND valid_to = '2026-11-19'"
                           " AND max_cents = 50000 AND college_decision = '2026-11-01'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'grant_mandate'"
                           " AND json_extract(before, '$.max_cents') = 50000"
                           " AND json_extract(after, '$.max_cents') = 75000"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'grant_mandate'"), 2);
}

static void exec(const char *sql)
{
    assert_int_equal(sqlite3_exec(db_handle(g_db), sql, NULL, NULL, NULL), SQLITE_OK);
}

/* Applications submitted through the form, then moved to known dates: the
 * reach of one wijk and of the city over a period, with a repeat applicant
 * whose address differs only in capitals. */
static void test_figures(void **state)
{
    const int64_t from = 1893456000, to = 1924992000; /* 2030 */
    const char *emails[] = {"a@example.nl", "A@Example.nl", "b@example.nl",
                            "c@example.nl", "b@example.nl", "c@example.nl"};
    const char *wijken[] = {"WK063708", "WK063708", "WK063708", "WK063708", "WK063708", "WK063709"};
    /* submitted, decided (days after `from`; 0: not decided), state, granted euro cents */
    const struct {
        int sub, dec;
        const char *state;
        int cents;
    } at[] = {{-100, -90, "afgewezen", 0}, {10, 20, "toegekend", 50000},
              {30, 34, "afgewezen", 0},    {40, 47, "verantwoord", 25000},
              {50, 0, "ingediend", 0},     {5, 6, "toegekend", 10000}};
    int64_t ids[6];
    for (int i = 0; i < 6; i++) {
        struct initiative_input in = input(wijken[i], "100");
        in.email = emails[i];
        struct signal_problem p[INITIATIVE_MAX_PROBLEMS];
        struct intake_client c = {0};
        char token[INITIATIVE_TOKEN_CHARS];
        assert_int_equal(initiative_save(g_db, g_a, NULL, &in, NULL, true, &c, NOW, "https://x",
                                         token, &ids[i], p),
                         0);
        char sql[400];
        int64_t sub = from + (int64_t)at[i].sub * 86400 + 3600;
        int64_t dec = at[i].dec ? from + (int64_t)at[i].dec * 86400 + 7200 : 0;
        snprintf(sql, sizeof sql,
                 "UPDATE initiative SET submitted_at = %lld, decided_at = NULLIF(%lld, 0),"
                 " state = '%s', granted_cents = %d WHERE id = %lld",
                 (long long)sub, (long long)dec, at[i].state, at[i].cents, (long long)ids[i]);
        exec(sql);
    }
    /* the pseudonym is the same for both spellings and is not the address */
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(DISTINCT applicant_pseudonym) FROM initiative WHERE id IN (%lld, %lld)"
             " AND length(applicant_pseudonym) = 64",
             (long long)ids[0], (long long)ids[1]);
    assert_int_equal(count(sql), 1);
    assert_int_equal(count("SELECT count(*) FROM initiative WHERE applicant_pseudonym LIKE '%@%'"),
                     0);

    struct initiative_figures f;
    assert_int_equal(initiative_figures(g_db, wijk("WK063708"), from, to, &f), DB_OK);
    assert_int_equal(f.applications, 4);
    assert_int_equal(f.grants, 2);
    assert_int_equal(f.rejections, 1);
    assert_int_equal(f.granted_cents, 75000);
    assert_true(f.median_days == 7.0); /* 4, 7, 10 */
    assert_int_equal(f.applicants, 3);
    assert_int_equal(f.repeat_applicants, 1);

    assert_int_equal(initiative_figures(g_db, 0, from, to, &f), DB_OK);
    assert_int_equal(f.applications, 5);
    assert_int_equal(f.grants, 3);
    assert_int_equal(f.rejections, 1);
    assert_int_equal(f.granted_cents, 85000);
    assert_true(f.median_days == 5.5); /* 1, 4, 7, 10 */
    assert_int_equal(f.applicants, 3);
    assert_int_equal(f.repeat_applicants, 1);

    /* a period with nothing decided has no median */
    assert_int_equal(initiative_figures(g_db, 0, to, to + 86400, &f), DB_OK);
    assert_int_equal(f.applications, 0);
    assert_true(f.median_days < 0);
}

/* Personal data that retention has erased: 1 when every field is gone and
 * the figures' columns stayed, 0 when every field is still there. */
static int erased(int64_t id)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT (applicant_name IS NULL) + (applicant_email IS NULL) + (applicant_phone IS"
             " NULL) + (iban IS NULL) + (iban_holder IS NULL) + (personal_erased_at IS NOT NULL)"
             " FROM initiative WHERE id = %lld AND applicant_pseudonym IS NOT NULL"
             " AND requested_cents = 10000 AND wijk_id IS NOT NULL",
             (long long)id);
    long long n = count(sql);
    assert_true(n == 0 || n == 6);
    return n == 6;
}

/* Retention at the edges of each period: kept at the moment the period
 * ends, erased a second later; a grant still running is never erased. */
static void test_retention(void **state)
{
    const int64_t t = 1924992000;                       /* 2031-01-01 00:00 UTC */
    const int64_t seven = 2145916800, one = 1956528000; /* 2038-01-01, 2032-01-01 */
    const char *states[] = {"verantwoord", "afgewezen", "ingetrokken", "concept", "toegekend"};
    int64_t ids[5];
    for (int i = 0; i < 5; i++) {
        struct initiative_input in = input("WK063706", "100");
        struct signal_problem p[INITIATIVE_MAX_PROBLEMS];
        struct intake_client c = {0};
        char token[INITIATIVE_TOKEN_CHARS];
        assert_int_equal(initiative_save(g_db, g_a, NULL, &in, NULL, true, &c, NOW, "https://x",
                                         token, &ids[i], p),
                         0);
        char sql[200];
        snprintf(sql, sizeof sql,
                 "UPDATE initiative SET state = '%s', state_since = %lld WHERE id = %lld",
                 states[i], (long long)t, (long long)ids[i]);
        exec(sql);
    }
    struct retention_result r;
    const int64_t month = t + RETENTION_DRAFT_DAYS * 86400;
    assert_int_equal(retention_run(g_db, month, 365, 7, &r), 0);
    assert_false(erased(ids[3]));
    assert_int_equal(retention_run(g_db, month + 1, 365, 7, &r), 0);
    assert_true(erased(ids[3]));
    assert_false(erased(ids[1]));

    assert_int_equal(retention_run(g_db, one, 365, 7, &r), 0);
    assert_false(erased(ids[1]));
    assert_false(erased(ids[2]));
    assert_int_equal(retention_run(g_db, one + 1, 365, 7, &r), 0);
    assert_true(erased(ids[1]));
    assert_true(erased(ids[2]));
    assert_false(erased(ids[0]));

    assert_int_equal(retention_run(g_db, seven, 365, 7, &r), 0);
    assert_false(erased(ids[0]));
    assert_int_equal(retention_run(g_db, seven + 1, 365, 7, &r), 0);
    assert_true(erased(ids[0]));
    assert_false(erased(ids[4]));
    /* once erased it is not counted again */
    assert_int_equal(retention_run(g_db, seven + 2, 365, 7, &r), 0);
    assert_int_equal(r.applicants, 0);
    /* a shorter configured period applies */
    exec("UPDATE initiative SET state = 'verantwoord' WHERE state = 'toegekend'"
         " AND wijk_id = (SELECT id FROM area WHERE code = 'WK063706')");
    assert_int_equal(retention_run(g_db, one + 1, 365, 1, &r), 0);
    assert_true(erased(ids[4]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_iban),
        cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_objectable),
        cmocka_unit_test(test_check_names_every_field),
        cmocka_unit_test(test_draft_then_submit),
        cmocka_unit_test(test_journey_and_mandate),
        cmocka_unit_test(test_account_payment_publication),
        cmocka_unit_test(test_concurrent_decisions),
        cmocka_unit_test(test_mandate_change),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_retention),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
