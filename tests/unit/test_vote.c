/*
 * test_vote.c: choosing by vote (domain/vote.c) on a real SQLite file: the
 * budget's minimum and maximum at their edges, pick at most N, OpenStad's
 * rule of what fits in the budget, the days of voting and of the result
 * (Amsterdam days), eligibility by the account's wijk, one ballot per
 * account and per address pseudonym, and that the record of who voted
 * cannot be joined to the ballot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/consult.h"
#include "domain/optin.h"
#include "domain/resident.h"
#include "domain/seed.h"
#include "domain/user.h"
#include "domain/vote.h"
#include "store/area_store.h"
#include "store/resident_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seeded_db.h"

static const struct vote_option_row g_opts[] = {
    {.idea_id = 1, .cost = 40000}, {.idea_id = 2, .cost = 30000}, {.idea_id = 3, .cost = 20000}};

static void test_budget_minimum_and_maximum_at_their_edges(void **state)
{
    (void)state;
    struct vote_row v = {.kind = "budget", .budget_min = 50000, .budget_max = 70000};
    int64_t total;
    int64_t at_max[] = {1, 2}, at_min[] = {2, 3}, below[] = {1}, above[] = {1, 2, 3};
    assert_null(vote_check_ballot(&v, g_opts, 3, at_max, 2, &total));
    assert_int_equal(total, 70000);
    assert_null(vote_check_ballot(&v, g_opts, 3, at_min, 2, &total));
    assert_int_equal(total, 50000);
    assert_non_null(vote_check_ballot(&v, g_opts, 3, below, 1, &total));
    assert_non_null(vote_check_ballot(&v, g_opts, 3, above, 3, &total));
    assert_int_equal(total, 90000);
    /* one cent off either edge */
    v.budget_min = 50001;
    assert_non_null(vote_check_ballot(&v, g_opts, 3, at_min, 2, &total));
    v.budget_max = 69999;
    assert_non_null(vote_check_ballot(&v, g_opts, 3, at_max, 2, &total));
    /* nothing, an unknown proposal, one twice */
    int64_t unknown[] = {9}, twice[] = {3, 3};
    v = (struct vote_row){.kind = "budget", .budget_max = 70000};
    assert_non_null(vote_check_ballot(&v, g_opts, 3, NULL, 0, &total));
    assert_non_null(vote_check_ballot(&v, g_opts, 3, unknown, 1, &total));
    assert_non_null(vote_check_ballot(&v, g_opts, 3, twice, 2, &total));
}

static void test_pick_at_most_n(void **state)
{
    (void)state;
    struct vote_row v = {.kind = "keuze", .pick_max = 2};
    int64_t total, one[] = {1}, two[] = {1, 3}, three[] = {1, 2, 3};
    assert_non_null(vote_check_ballot(&v, g_opts, 3, NULL, 0, &total));
    assert_null(vote_check_ballot(&v, g_opts, 3, one, 1, &total));
    assert_null(vote_check_ballot(&v, g_opts, 3, two, 2, &total));
    assert_non_null(vote_check_ballot(&v, g_opts, 3, three, 3, &total));
    v.pick_max = 1;
    assert_non_null(vote_check_ballot(&v, g_opts, 3, two, 2, &total));
}

static void test_openstad_fit_rule(void **state)
{
    (void)state;
    /* most votes first: A fits, B no longer does, C still fits in what is
     * left, D has no votes */
    struct vote_option_row t[] = {{.idea_id = 1, .cost = 60, .votes = 10},
                                  {.idea_id = 2, .cost = 50, .votes = 8},
                                  {.idea_id = 3, .cost = 40, .votes = 5},
                                  {.idea_id = 4, .cost = 0, .votes = 0}};
    bool fits[4];
    assert_int_equal(vote_fit(t, 4, 100, fits), 100);
    assert_true(fits[0]);
    assert_false(fits[1]);
    assert_true(fits[2]);
    assert_false(fits[3]);
    /* a budget exactly spent by the first */
    assert_int_equal(vote_fit(t, 4, 60, fits), 60);
    assert_true(fits[0]);
    assert_false(fits[2]);
}

static void test_days_of_voting_and_of_the_result(void **state)
{
    (void)state;
    struct vote_row v = {.opens_on = "2026-04-20", .closes_on = "2026-04-30"};
    assert_false(vote_open_on(&v, "2026-04-19"));
    assert_true(vote_open_on(&v, "2026-04-20"));
    assert_true(vote_open_on(&v, "2026-04-30"));
    assert_false(vote_published_on(&v, "2026-04-30"));
    assert_false(vote_open_on(&v, "2026-05-01"));
    assert_true(vote_published_on(&v, "2026-05-01"));
}

static int64_t resident(const char *email, const char *wijk, struct user *u)
{
    struct resident_input in = {
        .email = email, .name = "Bewoner", .wijk = wijk, .age_band = "30-44"};
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(resident_demo_ensure(g_db, g_a, &in, 1773000000), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    char key[65];
    struct resident_row rr;
    assert_int_equal(optin_address_key(g_db, email, key), 0);
    assert_int_equal(resident_row_by_key(g_db, g_a, key, &rr), DB_OK);
    assert_int_equal(user_load_by_id(g_db, g_a, rr.user_id, u), DB_OK);
    return rr.user_id;
}

/* A consultation in Seghwaert with its keuze phase from 2026-04-20, three
 * ideas and a budget vote from 2026-04-20 to 2026-04-30. */
static void consultation_with_vote(struct consultation_row *c, struct vote_row *v, int64_t ideas[3],
                                   struct user *staff)
{
    struct wijk w;
    assert_int_equal(area_get_wijk(g_db, g_a, "seghwaert", "2026-03-15", 0, &w), DB_OK);
    struct consult_input in = {.title = "Budget",
                               .question = "Waaraan?",
                               .decided_by = "College",
                               .open_to = "Voorstellen",
                               .not_open = "Budget",
                               .info_on = "2026-03-01",
                               .ideas_on = "2026-03-10",
                               .reactions_on = "2026-04-01",
                               .choice_on = "2026-04-20",
                               .result_on = "2026-05-10",
                               .result_text = "",
                               .area_id = w.id};
    int64_t id = 0;
    assert_int_equal(consult_save(g_db, 0, &in, 0, 1000, &id), DB_OK);
    assert_int_equal(consult_get(g_db, g_a, id, c), DB_OK);
    for (int i = 0; i < 3; i++) {
        struct consult_act act = {.wijk_id = w.id, .channel = "papier", .participant = "p:x"};
        assert_int_equal(consult_idea_insert(g_db, id, 0, 0, "Idee", "Tekst", &act, i, &ideas[i]),
                         DB_OK);
    }
    *staff = (struct user){
        .id = 0, .nroles = 1, .roles = {{.role = ROLE_WIJKREGISSEUR, .region_id = c->region_id}}};
    staff->role_mask = 1u << ROLE_WIJKREGISSEUR;
    const char *costs[] = {"400", "300", "200"};
    struct vote_input vi = {.kind = "budget",
                            .budget_min = "500",
                            .budget_max = "700",
                            .opens_on = "2026-04-19",  /* before the keuze phase */
                            .closes_on = "2026-05-10", /* on the result's first day */
                            .idea_ids = ideas,
                            .costs = costs,
                            .n = 3};
    struct consult_problem p[VOTE_MAX_PROBLEMS];
    size_t np;
    int64_t vid = 0;
    assert_int_equal(vote_setup(g_db, g_a, c, staff, &vi, 1000, &vid, p, &np), VOTE_INVALID);
    assert_int_equal(np, 2);
    assert_string_equal(p[0].field, "opens_on");
    assert_string_equal(p[1].field, "closes_on");
    vi.opens_on = "2026-04-20";
    vi.closes_on = "2026-04-30";
    /* another region's wijkregisseur may not */
    struct user other = *staff;
    other.roles[0].region_id = c->region_id + 1000;
    assert_int_equal(vote_setup(g_db, g_a, c, &other, &vi, 1000, &vid, p, &np), VOTE_FORBIDDEN);
    assert_int_equal(vote_setup(g_db, g_a, c, staff, &vi, 1000, &vid, p, &np), VOTE_OK);
    assert_int_equal(vote_get(g_db, g_a, c->id, v), DB_OK);
    assert_int_equal(v->budget_max, 70000);
}

static void test_one_ballot_per_account_and_per_address(void **state)
{
    (void)state;
    struct user henk, fatima, city_clerk;
    resident("henk@example.nl", "seghwaert", &henk);
    resident("fatima@example.nl", "oosterheem", &fatima);
    assert_int_equal(db_begin_write(g_db), DB_OK);
    struct consultation_row c;
    struct vote_row v;
    int64_t ideas[3];
    struct user staff;
    consultation_with_vote(&c, &v, ideas, &staff);
    struct consult_problem p[VOTE_MAX_PROBLEMS];
    size_t np;
    int64_t ok[] = {ideas[0], ideas[1]}, over[] = {ideas[0], ideas[1], ideas[2]};
    struct consult_who who = {.u = &henk};
    /* not before the first day, not after the last */
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &who, ok, 2, "2026-04-19", 2000, p, &np),
                     VOTE_CLOSED);
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &who, ok, 2, "2026-05-01", 2000, p, &np),
                     VOTE_CLOSED);
    /* eligibility by the account's wijk */
    assert_true(vote_eligible(g_db, g_a, &c, &v, &henk));
    assert_false(vote_eligible(g_db, g_a, &c, &v, &fatima));
    struct consult_who fw = {.u = &fatima};
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &fw, ok, 2, "2026-04-25", 2000, p, &np),
                     VOTE_NOT_ELIGIBLE);
    struct consultation_row city = c;
    city.area_id = 0;
    assert_true(vote_eligible(g_db, g_a, &city, &v, &fatima));
    /* the wijk on the account when the vote opened: Fatima moves her account to Seghwaert
     * after the first day began and does not vote; a change before it counts */
    int64_t opened;
    assert_int_equal(cal_to_unix(cal_from_ymd(2026, 4, 20), 0, &opened), 0);
    struct wijk seg, oost;
    assert_int_equal(area_get_wijk(g_db, g_a, "seghwaert", "2026-04-20", 0, &seg), DB_OK);
    assert_int_equal(area_get_wijk(g_db, g_a, "oosterheem", "2026-04-20", 0, &oost), DB_OK);
    assert_int_equal(resident_update(g_db, fatima.id, "Bewoner", seg.id, NULL, opened), DB_OK);
    assert_false(vote_eligible(g_db, g_a, &c, &v, &fatima));
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &fw, ok, 2, "2026-04-25", 2000, p, &np),
                     VOTE_NOT_ELIGIBLE);
    /* the same wijk again dates nothing; a change the second before the opening counts */
    assert_int_equal(resident_update(g_db, fatima.id, "Bewoner", oost.id, NULL, opened + 5), DB_OK);
    assert_int_equal(resident_update(g_db, fatima.id, "Bewoner", seg.id, NULL, opened - 1), DB_OK);
    assert_int_equal(resident_update(g_db, fatima.id, "Bewoner", seg.id, NULL, opened + 9), DB_OK);
    assert_true(vote_eligible(g_db, g_a, &c, &v, &fatima));
    assert_int_equal(resident_update(g_db, fatima.id, "Bewoner", oost.id, NULL, opened + 10),
                     DB_OK);
    /* over the budget: nothing stored */
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &who, over, 3, "2026-04-25", 2000, p, &np),
                     VOTE_INVALID);
    int64_t n = -1;
    assert_int_equal(vote_cast_count(g_db, v.id, &n), DB_OK);
    assert_int_equal(n, 0);
    /* once per account */
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &who, ok, 2, "2026-04-25", 2000, p, &np),
                     VOTE_OK);
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &who, ok, 2, "2026-04-26", 3000, p, &np),
                     VOTE_DUPLICATE);
    /* once per address pseudonym, however the address is written */
    city_clerk = (struct user){.id = 0, .nroles = 1, .roles = {{.role = ROLE_BALIE}}};
    city_clerk.role_mask = 1u << ROLE_BALIE;
    struct consult_who paper = {
        .staff = &city_clerk, .channel = "papier", .postcode = "2719ab", .house_number = "12"};
    /* only an address in the wijk: by the lookup, or checked by staff when it cannot tell */
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &paper, ok, 2, "2026-04-25", 2100, p, &np),
                     VOTE_INVALID);
    assert_string_equal(p[0].field, "adres_nagekeken");
    paper.address = CONSULT_ADDRESS_NOT_FOUND;
    paper.address_checked = true; /* no help: the lookup said no */
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &paper, ok, 2, "2026-04-25", 2100, p, &np),
                     VOTE_INVALID);
    assert_string_equal(p[0].field, "postcode");
    assert_non_null(strstr(p[0].msgid, "niet gevonden in Zoetermeer"));
    paper.address = CONSULT_ADDRESS_FOUND;
    paper.address_wijk = oost.id;
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &paper, ok, 2, "2026-04-25", 2100, p, &np),
                     VOTE_INVALID);
    assert_string_equal(p[0].field, "postcode");
    assert_non_null(strstr(p[0].msgid, "ligt niet in de wijk"));
    assert_int_equal(vote_cast_count(g_db, v.id, &n), DB_OK);
    assert_int_equal(n, 1);
    paper.address_wijk = seg.id;
    paper.address_checked = false;
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &paper, ok, 2, "2026-04-25", 2100, p, &np),
                     VOTE_OK);
    paper.address = CONSULT_ADDRESS_UNKNOWN;
    paper.address_checked = true;
    paper.postcode = "2719 AB";
    paper.channel = "balie";
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &paper, ok, 2, "2026-04-25", 2200, p, &np),
                     VOTE_DUPLICATE);
    /* a paper ballot at a meeting is not a vote's channel */
    paper.postcode = "2711 AA";
    paper.channel = "bijeenkomst";
    assert_int_equal(vote_cast(g_db, g_a, &c, &v, &paper, ok, 2, "2026-04-25", 2300, p, &np),
                     VOTE_INVALID);
    assert_string_equal(p[0].field, "channel");
    /* the database refuses a second record of the same participant too */
    struct consult_act again = {.wijk_id = c.area_id,
                                .channel = "online",
                                .participant = arena_printf(g_a, "r:%lld", (long long)henk.id),
                                .created_at = 4000};
    assert_int_equal(vote_cast_insert(g_db, v.id, &again), DB_CONSTRAINT);
    assert_int_equal(vote_cast_count(g_db, v.id, &n), DB_OK);
    assert_int_equal(n, 2);
    /* the vote no longer changes once ballots are cast */
    const char *costs[] = {"1", "1", "1"};
    struct vote_input vi = {.kind = "budget",
                            .budget_max = "700",
                            .opens_on = "2026-04-20",
                            .closes_on = "2026-04-30",
                            .idea_ids = ideas,
                            .costs = costs,
                            .n = 3};
    int64_t vid;
    assert_int_equal(vote_setup(g_db, g_a, &c, &staff, &vi, 5000, &vid, p, &np), VOTE_INVALID);
    assert_string_equal(p[0].field, "kind");
    /* results: hidden on the last day, published the day after */
    struct vote_option_row *t;
    size_t nt;
    bool *fits;
    int64_t ballots;
    assert_int_equal(vote_results(g_db, g_a, &v, "2026-04-30", &t, &nt, &fits, &ballots),
                     VOTE_CLOSED);
    assert_null(t);
    assert_int_equal(vote_results(g_db, g_a, &v, "2026-05-01", &t, &nt, &fits, &ballots), VOTE_OK);
    assert_int_equal(ballots, 2);
    assert_int_equal(nt, 3);
    assert_int_equal(t[0].votes, 2);
    assert_int_equal(t[1].votes, 2);
    assert_int_equal(t[2].votes, 0);
    assert_true(fits[0] && fits[1]);
    assert_false(fits[2]);
    db_rollback(g_db);
}

/* Column names of a table (sql: a literal, as db_stmt keeps statements by
 * their text's address). */
static size_t columns(const char *sql, char names[16][32])
{
    sqlite3_stmt *st = db_stmt(g_db, sql);
    assert_non_null(st);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < 16)
        snprintf(names[n++], 32, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return n;
}

static void test_who_voted_cannot_be_joined_to_the_ballot(void **state)
{
    (void)state;
    /* no shared key but the vote's id, no time in the ballot */
    char cast[16][32], ballot[16][32], choice[16][32];
    size_t nc = columns("SELECT name FROM pragma_table_info('vote_cast')", cast),
           nb = columns("SELECT name FROM pragma_table_info('vote_ballot')", ballot),
           nx = columns("SELECT name FROM pragma_table_info('vote_ballot_choice')", choice);
    assert_int_equal(nb, 2);
    assert_int_equal(nx, 2);
    assert_true(nc >= 6);
    for (size_t i = 0; i < nc; i++) {
        for (size_t k = 0; k < nb; k++)
            if (strcmp(cast[i], ballot[k]) == 0)
                assert_string_equal(cast[i], "vote_id");
        for (size_t k = 0; k < nx; k++)
            assert_string_not_equal(cast[i], choice[k]);
    }
    for (size_t k = 0; k < nb; k++)
        assert_null(strstr(ballot[k], "_at"));
    for (size_t k = 0; k < nx; k++)
        assert_null(strstr(choice[k], "_at"));
    /* the ballots' ids do not follow the order of casting */
    assert_int_equal(db_begin_write(g_db), DB_OK);
    struct consultation_row c;
    struct vote_row v;
    int64_t ideas[3];
    struct user staff, clerk = {.id = 0, .nroles = 1, .roles = {{.role = ROLE_BALIE}}};
    clerk.role_mask = 1u << ROLE_BALIE;
    consultation_with_vote(&c, &v, ideas, &staff);
    int64_t seen[12];
    size_t ascending = 0;
    for (size_t i = 0; i < 12; i++) {
        char house[8];
        snprintf(house, sizeof house, "%zu", i + 1);
        struct consult_who paper = {.staff = &clerk,
                                    .channel = "papier",
                                    .postcode = "2720 AA",
                                    .house_number = house,
                                    .address_checked = true};
        struct consult_problem p[VOTE_MAX_PROBLEMS];
        size_t np;
        int64_t ok[] = {ideas[i % 2], ideas[2]};
        assert_int_equal(
            vote_cast(g_db, g_a, &c, &v, &paper, ok, 2, "2026-04-25", 2000 + (int64_t)i, p, &np),
            VOTE_OK);
        /* the ballot just added: the one id not seen before */
        sqlite3_stmt *st = db_stmt(g_db, "SELECT id FROM vote_ballot WHERE vote_id = ?1");
        sqlite3_bind_int64(st, 1, v.id);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            bool known = false;
            for (size_t k = 0; k < i; k++)
                known = known || seen[k] == id;
            if (!known)
                seen[i] = id;
        }
        sqlite3_reset(st);
        if (i > 0 && seen[i] > seen[i - 1])
            ascending++;
    }
    /* random ids: 12 in rising order would be a 1 in 479,001,600 chance */
    assert_true(ascending < 11);
    db_rollback(g_db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_minimum_and_maximum_at_their_edges),
        cmocka_unit_test(test_pick_at_most_n),
        cmocka_unit_test(test_openstad_fit_rule),
        cmocka_unit_test(test_days_of_voting_and_of_the_result),
        cmocka_unit_test(test_one_ballot_per_account_and_per_address),
        cmocka_unit_test(test_who_voted_cannot_be_joined_to_the_ballot),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
