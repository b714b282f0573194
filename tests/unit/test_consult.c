/*
 * test_consult.c: consultations (domain/consult.c) on a real SQLite file:
 * the phases decide what is allowed, support once per account and its
 * withdrawal, three reports hide an item until a moderator decides, the
 * answer states, paper input counted by the address's pseudonym, and the
 * random order that stays the same for one visitor.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/consult.h"
#include "domain/optin.h"
#include "domain/resident.h"
#include "domain/seed.h"
#include "domain/user.h"
#include "store/area_store.h"
#include "store/resident_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seeded_db.h"

static const struct consultation_row g_phases = {.info_on = "2026-03-01",
                                                 .ideas_on = "2026-03-10",
                                                 .reactions_on = "2026-04-01",
                                                 .choice_on = NULL,
                                                 .result_on = "2026-05-01"};

static void test_phases_decide_what_is_allowed(void **state)
{
    (void)state;
    assert_int_equal(consult_phase_on(&g_phases, "2026-02-28"), CONSULT_ANNOUNCED);
    assert_int_equal(consult_phase_on(&g_phases, "2026-03-01"), CONSULT_INFO);
    assert_int_equal(consult_phase_on(&g_phases, "2026-03-10"), CONSULT_IDEAS);
    assert_int_equal(consult_phase_on(&g_phases, "2026-04-30"), CONSULT_REACTIONS);
    assert_int_equal(consult_phase_on(&g_phases, "2026-05-01"), CONSULT_RESULT);
    struct consultation_row c = g_phases;
    c.choice_on = "2026-04-20";
    assert_int_equal(consult_phase_on(&c, "2026-04-25"), CONSULT_CHOICE);
    assert_false(consult_phase_allows_ideas(CONSULT_INFO));
    assert_true(consult_phase_allows_ideas(CONSULT_IDEAS));
    assert_false(consult_phase_allows_ideas(CONSULT_REACTIONS));
    assert_true(consult_phase_allows_reactions(CONSULT_IDEAS));
    assert_true(consult_phase_allows_reactions(CONSULT_REACTIONS));
    assert_false(consult_phase_allows_reactions(CONSULT_CHOICE));
    assert_false(consult_phase_allows_reactions(CONSULT_RESULT));
}

static void test_validation(void **state)
{
    (void)state;
    struct consult_problem p[CONSULT_MAX_PROBLEMS];
    struct consult_input in = {0};
    size_t n = consult_validate(&in, p);
    assert_int_equal(n, 9); /* title, question, three texts, info, ideas, reactions, result */
    in = (struct consult_input){.title = "Plein",
                                .question = "Wat wilt u?",
                                .decided_by = "College",
                                .open_to = "Groen",
                                .not_open = "Budget",
                                .info_on = "2026-03-01",
                                .ideas_on = "2026-03-10",
                                .reactions_on = "2026-03-05",
                                .result_on = "2026-05-01"};
    assert_int_equal(consult_validate(&in, p), 1);
    assert_string_equal(p[0].field, "reactions_on");
    in.reactions_on = "2026-04-01";
    in.choice_on = "2026-06-01"; /* after the result */
    assert_int_equal(consult_validate(&in, p), 1);
    assert_string_equal(p[0].field, "result_on");
    in.choice_on = "";
    assert_int_equal(consult_validate(&in, p), 0);
}

/* A resident of a wijk (one per wijk: the demo's logins) and a
 * consultation in Seghwaert, in its ideas phase on 2026-03-15. */
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

static int64_t consultation(struct consultation_row *c)
{
    struct wijk w;
    assert_int_equal(area_get_wijk(g_db, g_a, "seghwaert", "2026-03-15", 0, &w), DB_OK);
    struct consult_input in = {.title = "Plein",
                               .question = "Wat wilt u?",
                               .decided_by = "College",
                               .open_to = "Groen",
                               .not_open = "Budget",
                               .info_on = g_phases.info_on,
                               .ideas_on = g_phases.ideas_on,
                               .reactions_on = g_phases.reactions_on,
                               .result_on = g_phases.result_on,
                               .result_text = "",
                               .area_id = w.id};
    int64_t id = 0;
    assert_int_equal(consult_save(g_db, 0, &in, 0, 1000, &id), DB_OK);
    assert_int_equal(consult_get(g_db, g_a, id, c), DB_OK);
    return id;
}

static void test_ideas_support_reports_answers(void **state)
{
    (void)state;
    struct user a, b, c3, d4;
    resident("a@example.nl", "seghwaert", &a);
    resident("b@example.nl", "noordhove", &b);
    resident("c@example.nl", "oosterheem", &c3);
    resident("d@example.nl", "rokkeveen", &d4);
    assert_int_equal(db_begin_write(g_db), DB_OK);
    struct consultation_row c;
    consultation(&c);
    struct consult_problem p[CONSULT_MAX_PROBLEMS];
    size_t np = 0;
    int64_t id = 0;
    struct consult_who who = {.u = &a};
    /* not before the ideas phase, nor after it */
    assert_int_equal(consult_post_idea(g_db, g_a, &c, &who, "Bomen", "Meer bomen.", 0, false,
                                       "2026-03-05", 2000, &id, p, &np),
                     CONSULT_CLOSED);
    assert_int_equal(consult_post_idea(g_db, g_a, &c, &who, "Bomen", "Meer bomen.", 0, false,
                                       "2026-04-02", 2000, &id, p, &np),
                     CONSULT_CLOSED);
    assert_int_equal(
        consult_post_idea(g_db, g_a, &c, &who, "", "", 0, true, "2026-03-15", 2000, &id, p, &np),
        CONSULT_INVALID);
    assert_int_equal(np, 3);
    assert_int_equal(consult_post_idea(g_db, g_a, &c, &who, "Bomen", "Meer bomen.", 0, false,
                                       "2026-03-15", 2000, &id, p, &np),
                     CONSULT_OK);
    struct consult_idea_row idea;
    assert_int_equal(consult_idea_get(g_db, g_a, id, b.id, &idea), DB_OK);
    assert_int_equal(idea.wijk_id, c.area_id);

    /* support once per account, withdrawn, and only while reactions are open */
    assert_int_equal(consult_support(g_db, g_a, &c, &idea, &b, true, "2026-03-15", 2100),
                     CONSULT_OK);
    assert_int_equal(consult_support(g_db, g_a, &c, &idea, &b, true, "2026-03-15", 2100),
                     CONSULT_DUPLICATE);
    assert_int_equal(consult_support(g_db, g_a, &c, &idea, &c3, true, "2026-04-15", 2100),
                     CONSULT_OK);
    assert_int_equal(consult_idea_get(g_db, g_a, id, b.id, &idea), DB_OK);
    assert_int_equal(idea.support_count, 2);
    assert_true(idea.supported);
    assert_int_equal(consult_support(g_db, g_a, &c, &idea, &b, false, "2026-03-15", 2200),
                     CONSULT_OK);
    assert_int_equal(consult_support(g_db, g_a, &c, &idea, &b, false, "2026-03-15", 2200),
                     CONSULT_DUPLICATE);
    assert_int_equal(consult_support(g_db, g_a, &c, &idea, &c3, false, "2026-05-02", 2200),
                     CONSULT_CLOSED);
    assert_int_equal(consult_idea_get(g_db, g_a, id, b.id, &idea), DB_OK);
    assert_int_equal(idea.support_count, 1);
    assert_false(idea.supported);

    /* a reaction, one level deep, counted on the idea */
    int64_t rid = 0;
    assert_int_equal(
        consult_post_reaction(g_db, g_a, &c, &idea, &who, "Ja!", "2026-04-10", 2300, &rid, p, &np),
        CONSULT_OK);
    assert_int_equal(consult_post_reaction(g_db, g_a, &c, &idea, &who, "Te laat", "2026-05-10",
                                           2300, &rid, p, &np),
                     CONSULT_CLOSED);
    assert_int_equal(consult_idea_get(g_db, g_a, id, 0, &idea), DB_OK);
    assert_int_equal(idea.reaction_count, 1);

    /* three reports by different accounts hide it; the same account once */
    bool hidden = false;
    assert_int_equal(consult_report(g_db, g_a, "idee", id, &a, 2400, &hidden), CONSULT_OK);
    assert_int_equal(consult_report(g_db, g_a, "idee", id, &a, 2400, &hidden), CONSULT_DUPLICATE);
    assert_int_equal(consult_report(g_db, g_a, "idee", id, &b, 2400, &hidden), CONSULT_OK);
    assert_false(hidden);
    assert_int_equal(consult_report(g_db, g_a, "idee", id, &c3, 2400, &hidden), CONSULT_OK);
    assert_true(hidden);
    assert_int_equal(consult_idea_get(g_db, g_a, id, 0, &idea), DB_OK);
    assert_string_equal(idea.moderation, "wacht");
    assert_true(consult_hidden(idea.moderation));
    /* a resident is no moderator */
    assert_int_equal(consult_moderate(g_db, g_a, "idee", id, &a, false, "ok", 2450, p),
                     CONSULT_FORBIDDEN);

    /* the region's ondersteuner decides, with a reason; every decision is kept */
    struct user mod = {
        .id = 0, .nroles = 1, .roles = {{.role = ROLE_ONDERSTEUNER, .region_id = c.region_id}}};
    mod.role_mask = 1u << ROLE_ONDERSTEUNER;
    assert_int_equal(consult_moderate(g_db, g_a, "idee", id, &mod, true, " ", 2450, p),
                     CONSULT_INVALID);
    assert_int_equal(consult_moderate(g_db, g_a, "idee", id, &mod, true, "Scheldwoorden", 2450, p),
                     CONSULT_OK);
    assert_int_equal(consult_moderate(g_db, g_a, "idee", id, &mod, false, "Toch niet", 2460, p),
                     CONSULT_OK);
    struct consult_decision_row *dr;
    size_t nd, mine = 0;
    assert_int_equal(consult_moderation_decisions(g_db, g_a, 50, &dr, &nd), DB_OK);
    for (size_t k = 0; k < nd; k++) {
        if (strcmp(dr[k].kind, "idee") != 0 || dr[k].item_id != id)
            continue;
        /* newest first */
        assert_string_equal(dr[k].decision, mine ? "verborgen" : "hersteld");
        assert_string_equal(dr[k].reason, mine ? "Scheldwoorden" : "Toch niet");
        assert_int_equal(dr[k].reports_seen, 3);
        mine++;
    }
    assert_int_equal(mine, 2);
    /* a report after the restore brings it back to the queue, still visible */
    struct consult_moderation_row *mq;
    size_t nq, queued = 0;
    assert_int_equal(consult_moderation_queue(g_db, g_a, &mq, &nq), DB_OK);
    for (size_t k = 0; k < nq; k++)
        queued += strcmp(mq[k].kind, "idee") == 0 && mq[k].item_id == id;
    assert_int_equal(queued, 0);
    assert_int_equal(consult_report(g_db, g_a, "idee", id, &d4, 2470, &hidden), CONSULT_OK);
    assert_false(hidden);
    assert_int_equal(consult_moderation_queue(g_db, g_a, &mq, &nq), DB_OK);
    for (size_t k = 0; k < nq; k++)
        queued += strcmp(mq[k].kind, "idee") == 0 && mq[k].item_id == id;
    assert_int_equal(queued, 1);
    assert_int_equal(consult_idea_get(g_db, g_a, id, 0, &idea), DB_OK);
    assert_string_equal(idea.moderation, "hersteld");

    /* the answer states */
    struct user staff = {
        .id = 0, .nroles = 1, .roles = {{.role = ROLE_WIJKREGISSEUR, .region_id = c.region_id}}};
    staff.role_mask = 1u << ROLE_WIJKREGISSEUR;
    assert_int_equal(consult_answer(g_db, &c, id, &staff, "misschien", "Tekst", 2500, p),
                     CONSULT_INVALID);
    assert_int_equal(consult_answer(g_db, &c, id, &staff, "deels", "", 2500, p), CONSULT_INVALID);
    for (size_t k = 0; k < consult_nanswer_states; k++)
        assert_int_equal(
            consult_answer(g_db, &c, id, &staff, consult_answer_states[k].code, "Omdat.", 2500, p),
            CONSULT_OK);
    staff.roles[0].region_id = c.region_id + 1000;
    assert_int_equal(consult_answer(g_db, &c, id, &staff, "deels", "Anders.", 2500, p),
                     CONSULT_FORBIDDEN);
    assert_int_equal(consult_idea_get(g_db, g_a, id, 0, &idea), DB_OK);
    assert_string_equal(idea.answer_state, "niet_overgenomen");
    db_rollback(g_db);
}

static void test_paper_input_counts_the_address_once(void **state)
{
    (void)state;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    struct consultation_row c;
    consultation(&c);
    struct user clerk = {.id = 0, .nroles = 1, .roles = {{.role = ROLE_BALIE}}};
    clerk.role_mask = 1u << ROLE_BALIE;
    struct consult_problem p[CONSULT_MAX_PROBLEMS];
    size_t np = 0;
    int64_t i1 = 0, i2 = 0;
    struct consult_who w1 = {
        .staff = &clerk, .channel = "papier", .postcode = "2718 AB", .house_number = "12a"};
    struct consult_who w2 = {
        .staff = &clerk, .channel = "bijeenkomst", .postcode = "2718ab", .house_number = "12 A"};
    struct consult_who bad = {
        .staff = &clerk, .channel = "online", .postcode = "2718ab", .house_number = "12"};
    assert_int_equal(
        consult_post_idea(g_db, g_a, &c, &bad, "T", "B", 0, false, "2026-03-15", 1, &i1, p, &np),
        CONSULT_INVALID);
    assert_string_equal(p[0].field, "channel");
    /* collected in the ideas phase, typed in during the reactions phase */
    assert_int_equal(
        consult_post_idea(g_db, g_a, &c, &w1, "T", "B", 0, false, "2026-04-02", 1, &i1, p, &np),
        CONSULT_OK);
    assert_int_equal(
        consult_post_idea(g_db, g_a, &c, &w2, "T2", "B2", 0, false, "2026-03-15", 1, &i2, p, &np),
        CONSULT_OK);
    sqlite3_stmt *st = db_stmt(g_db, "SELECT count(DISTINCT participant), min(participant GLOB "
                                     "'p:*') FROM consult_idea WHERE id IN (?1, ?2)");
    sqlite3_bind_int64(st, 1, i1);
    sqlite3_bind_int64(st, 2, i2);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    assert_int_equal(sqlite3_column_int(st, 1), 1);
    sqlite3_reset(st);
    /* support from paper: once per idea and address however written, counted as online
     * support; not by a resident's session, not outside the phases */
    struct consult_idea_row idea;
    assert_int_equal(consult_idea_get(g_db, g_a, i2, 0, &idea), DB_OK);
    int64_t before = idea.support_count;
    assert_int_equal(consult_support_paper(g_db, g_a, &c, &idea, &w1, "2026-04-02", 5, p, &np),
                     CONSULT_OK);
    assert_int_equal(consult_support_paper(g_db, g_a, &c, &idea, &w2, "2026-04-02", 6, p, &np),
                     CONSULT_DUPLICATE);
    struct consult_who w3 = {
        .staff = &clerk, .channel = "balie", .postcode = "2718ab", .house_number = "14"};
    assert_int_equal(consult_support_paper(g_db, g_a, &c, &idea, &w3, "2026-05-20", 7, p, &np),
                     CONSULT_CLOSED);
    assert_int_equal(consult_support_paper(g_db, g_a, &c, &idea, &bad, "2026-04-02", 7, p, &np),
                     CONSULT_INVALID);
    assert_string_equal(p[0].field, "channel");
    struct user nobody = {.id = 0};
    struct consult_who w4 = w3;
    w4.staff = &nobody;
    assert_int_equal(consult_support_paper(g_db, g_a, &c, &idea, &w4, "2026-04-02", 7, p, &np),
                     CONSULT_FORBIDDEN);
    assert_int_equal(consult_support_paper(g_db, g_a, &c, &idea, &w3, "2026-04-02", 7, p, &np),
                     CONSULT_OK);
    assert_int_equal(consult_idea_get(g_db, g_a, i2, 0, &idea), DB_OK);
    assert_int_equal(idea.support_count, before + 2);
    st = db_stmt(g_db, "SELECT count(*), count(DISTINCT participant), min(participant GLOB 'p:*')"
                       " FROM consult_paper_support WHERE idea_id = ?1");
    sqlite3_bind_int64(st, 1, i2);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    assert_int_equal(sqlite3_column_int(st, 1), 2);
    assert_int_equal(sqlite3_column_int(st, 2), 1);
    sqlite3_reset(st);
    db_rollback(g_db);
}

static void test_random_order_is_stable_per_visitor(void **state)
{
    (void)state;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    struct consultation_row c;
    consultation(&c);
    struct consult_act act = {.channel = "online", .participant = "r:1", .created_at = 1};
    for (int i = 0; i < 30; i++) {
        int64_t id;
        assert_int_equal(consult_idea_insert(g_db, c.id, 0, 0, "T", "B", &act,
                                             ((int64_t)i * 2654435761) & 0x7fffffff, &id),
                         DB_OK);
    }
    int64_t s1 = consult_order_seed(g_db, "sessie-een");
    int64_t s2 = consult_order_seed(g_db, "sessie-twee");
    assert_int_equal(s1, consult_order_seed(g_db, "sessie-een"));
    assert_int_equal(consult_order_seed(g_db, NULL), consult_order_seed(g_db, ""));
    struct consult_idea_row *a, *b, *x;
    size_t na, nb, nx;
    assert_int_equal(consult_ideas(g_db, g_a, c.id, CONSULT_RANDOM, s1, 0, 30, 0, &a, &na), DB_OK);
    assert_int_equal(consult_ideas(g_db, g_a, c.id, CONSULT_RANDOM, s1, 0, 30, 0, &b, &nb), DB_OK);
    assert_int_equal(na, 30);
    for (size_t i = 0; i < na; i++)
        assert_int_equal(a[i].id, b[i].id);
    /* Other visitors get other orders. Two seeds whose difference lies only
     * in bits that split no pair of these 30 keys give the same order (about
     * one pair in a hundred), so of eight other visitors at least one must
     * differ. */
    int differ = 0;
    for (int v = 0; v < 8; v++) {
        char session[16];
        snprintf(session, sizeof session, "sessie-%d", v + 2);
        int64_t sv = v ? consult_order_seed(g_db, session) : s2;
        assert_int_equal(consult_ideas(g_db, g_a, c.id, CONSULT_RANDOM, sv, 0, 30, 0, &x, &nx),
                         DB_OK);
        assert_int_equal(nx, 30);
        for (size_t i = 0; i < nx; i++)
            if (a[i].id != x[i].id) {
                differ++;
                break;
            }
    }
    assert_true(differ > 0);
    /* pages of the same order do not overlap */
    struct consult_idea_row *p2;
    size_t n2;
    assert_int_equal(consult_ideas(g_db, g_a, c.id, CONSULT_RANDOM, s1, 0, 10, 10, &p2, &n2),
                     DB_OK);
    for (size_t i = 0; i < n2; i++)
        assert_int_equal(p2[i].id, a[10 + i].id);
    /* the pages, read block by block, are those of the plain sort: with
     * many ideas, pages that start inside a block and span two, the last
     * page, and (a key outside 31 bits) the plain sort itself */
    for (int i = 30; i < 700; i++) {
        int64_t id;
        assert_int_equal(consult_idea_insert(g_db, c.id, 0, 0, "T", "B", &act,
                                             ((int64_t)i * 2654435761) & 0x7fffffff, &id),
                         DB_OK);
    }
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(g_db),
                                        "SELECT id FROM consult_idea WHERE consultation_id = ?1"
                                        " ORDER BY (shuffle_key | ?2) - (shuffle_key & ?2), id"
                                        " LIMIT ?3 OFFSET ?4",
                                        -1, &st, NULL),
                     SQLITE_OK);
    const size_t offsets[] = {0, 3, 41, 250, 695, 700};
    for (int round = 0; round < 2; round++) {
        if (round == 1) /* one key past 31 bits */
            assert_int_equal(sqlite3_exec(db_handle(g_db),
                                          "UPDATE consult_idea SET shuffle_key = 2147483648 WHERE"
                                          " id = (SELECT max(id) FROM consult_idea)",
                                          NULL, NULL, NULL),
                             SQLITE_OK);
        for (int k = 0; k < 2; k++) {
            int64_t seed = k ? s2 : s1;
            for (size_t o = 0; o < sizeof offsets / sizeof offsets[0]; o++) {
                struct consult_idea_row *pg;
                size_t np;
                assert_int_equal(consult_ideas(g_db, g_a, c.id, CONSULT_RANDOM, seed, 0, 20,
                                               offsets[o], &pg, &np),
                                 DB_OK);
                sqlite3_bind_int64(st, 1, c.id);
                sqlite3_bind_int64(st, 2, seed & 0x7fffffff);
                sqlite3_bind_int64(st, 3, 20);
                sqlite3_bind_int64(st, 4, (sqlite3_int64)offsets[o]);
                size_t m = 0;
                while (sqlite3_step(st) == SQLITE_ROW) {
                    assert_true(m < np);
                    assert_int_equal(pg[m++].id, sqlite3_column_int64(st, 0));
                }
                sqlite3_reset(st);
                assert_int_equal(m, np);
                assert_int_equal(np, offsets[o] >= 700  ? 0
                                     : offsets[o] > 680 ? 700 - offsets[o]
                                                        : 20);
            }
        }
    }
    sqlite3_finalize(st);
    db_rollback(g_db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phases_decide_what_is_allowed),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_ideas_support_reports_answers),
        cmocka_unit_test(test_paper_input_counts_the_address_once),
        cmocka_unit_test(test_random_order_is_stable_per_visitor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
