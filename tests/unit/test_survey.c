/*
 * test_survey.c: the rules of surveys (domain/survey.c) on a real SQLite
 * file: who keeps a survey of which area, the types of questions and of
 * answers, one response per account (also in the database itself), paper
 * participants counted by the keyed pseudonym of their address, and the
 * published results: cells below 10 suppressed, open text never there.
 * Every day and moment is a parameter: no clock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/resident.h"
#include "domain/seed.h"
#include "domain/monitor.h"
#include "domain/survey.h"
#include "store/focus_store.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

#include "seeded_db.h"

#define T0    ((int64_t)1775000000) /* 2026-03-31 */
#define TODAY "2026-04-15"

static int64_t g_noord, g_oost;

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

static struct user staff(enum role r, int64_t region)
{
    struct user u = {.id = 0, .login = "staff", .nroles = 1};
    u.roles[0] = (struct user_role){.role = r, .region_id = region};
    u.role_mask = 1u << r;
    return u;
}

static int fixture(void **state)
{
    if (setup(state) != 0)
        return -1;
    g_noord = q("SELECT ar.region_id FROM area_region ar JOIN area a ON a.id = ar.area_id"
                " WHERE a.slug = 'seghwaert'");
    g_oost = q("SELECT id FROM region WHERE slug = 'oost'");
    return g_noord > 0 && g_oost > 0 && g_noord != g_oost ? 0 : -1;
}

/* A survey of Seghwaert open in April 2026, by the regisseur of noord. */
static int64_t make_survey(const char *mode)
{
    struct user u = staff(ROLE_WIJKREGISSEUR, g_noord);
    struct survey_input in = {.title = "Barometer",
                              .scope = "wijk:seghwaert",
                              .opens_on = "2026-04-01",
                              .closes_on = "2026-04-30",
                              .mode = mode};
    struct survey_problem p[SURVEY_MAX_PROBLEMS];
    int64_t id = 0;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(survey_create(g_db, g_a, &u, &in, TODAY, T0, &id, p), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    return id;
}

static int add_q(int64_t id, const char *kind, const char *options, const char *min,
                 const char *max, struct survey_problem *p)
{
    struct survey_question_input in = {kind, "Vraag", options, min, max, false};
    return survey_add_question(g_db, g_a, id, &in, p);
}

static void load(int64_t id, struct survey_row *s, struct survey_question_row **qs, size_t *nq)
{
    assert_int_equal(survey_get(g_db, g_a, id, s), DB_OK);
    assert_int_equal(survey_questions(g_db, g_a, id, qs, nq), DB_OK);
}

static void test_who_keeps_which_survey(void **state)
{
    (void)state;
    struct survey_problem p[SURVEY_MAX_PROBLEMS];
    int64_t id = 0;
    struct survey_input in = {.title = "Barometer",
                              .scope = "wijk:seghwaert",
                              .opens_on = "2026-04-01",
                              .closes_on = "2026-04-30",
                              .mode = "account"};
    struct user oost = staff(ROLE_WIJKREGISSEUR, g_oost), clerk = staff(ROLE_BALIE, 0);
    assert_int_equal(survey_create(g_db, g_a, &oost, &in, TODAY, T0, &id, p), 1);
    assert_string_equal(p[0].field, "scope");
    assert_int_equal(survey_create(g_db, g_a, &clerk, &in, TODAY, T0, &id, p), 1);
    /* the city's survey: any regisseur; the ondersteuner of noord keeps noord's */
    in.scope = "";
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(survey_create(g_db, g_a, &oost, &in, TODAY, T0, &id, p), 0);
    db_rollback(g_db);
    struct survey_row s = {.area_id = 1, .wijk_region_id = g_noord};
    struct user ond = staff(ROLE_ONDERSTEUNER, g_noord);
    assert_true(survey_may_keep(&ond, &s));
    assert_false(survey_may_keep(&oost, &s));
    assert_true(survey_may_enter(&clerk, &s));
    assert_false(survey_may_keep(&clerk, &s));
}

static void test_survey_fields(void **state)
{
    (void)state;
    struct user u = staff(ROLE_WIJKREGISSEUR, g_noord);
    struct survey_problem p[SURVEY_MAX_PROBLEMS];
    int64_t id = 0;
    struct survey_input in = {.title = " ",
                              .scope = "wijk:nergens",
                              .opens_on = "15 april",
                              .closes_on = "2026-04-30",
                              .mode = "per post"};
    assert_int_equal(survey_create(g_db, g_a, &u, &in, TODAY, T0, &id, p), 4);
    assert_string_equal(p[0].field, "title");
    assert_string_equal(p[1].field, "scope");
    assert_string_equal(p[2].field, "opens_on");
    assert_string_equal(p[3].field, "mode");
    struct survey_input back = {
        .title = "T", .opens_on = "2026-05-01", .closes_on = "2026-04-30", .mode = "link"};
    assert_int_equal(survey_create(g_db, g_a, &u, &back, TODAY, T0, &id, p), 1);
    assert_string_equal(p[0].field, "closes_on");
}

static void test_question_types(void **state)
{
    (void)state;
    int64_t id = make_survey("account");
    struct survey_problem p[SURVEY_MAX_PROBLEMS];
    assert_int_equal(add_q(id, "single", "Ja", NULL, NULL, p), 1);
    assert_string_equal(p[0].field, "options");
    assert_int_equal(add_q(id, "scale", "laag", "1", "5", p), 1); /* two end labels */
    assert_int_equal(add_q(id, "scale", "laag\nhoog", "5", "1", p), 1);
    assert_string_equal(p[0].field, "max");
    assert_int_equal(add_q(id, "scale", "laag\nhoog", "0", "20", p), 1); /* at most 11 values */
    assert_int_equal(add_q(id, "number", "", "10", "x", p), 1);
    assert_int_equal(add_q(id, "quiz", "", NULL, NULL, p), 1);
    assert_string_equal(p[0].field, "kind");
    assert_int_equal(add_q(id, "single", " Ja \n\nNee\n", NULL, NULL, p), 0);
    assert_int_equal(add_q(id, "scale", "laag\nhoog", "1", "5", p), 0);
    assert_int_equal(add_q(id, "number", "", "0", "120", p), 0);
    assert_int_equal(add_q(id, "multiple", "a\nb\nc", NULL, NULL, p), 0);
    assert_int_equal(add_q(id, "open", "", NULL, NULL, p), 0);
    struct survey_row s;
    struct survey_question_row *qs;
    size_t nq;
    load(id, &s, &qs, &nq);
    assert_int_equal(nq, 5);
    assert_string_equal(qs[0].options, "Ja\nNee"); /* trimmed, blank lines gone */
    assert_true(qs[1].has_min && qs[1].min_value == 1 && qs[1].max_value == 5);
    assert_int_equal(q("SELECT count(*) FROM survey_question WHERE kind = 'open'"
                       " AND options = ''"),
                     1);
}

/* The answers of one respondent to the five questions of test_question_types. */
static int answer(const struct survey_row *s, const struct survey_question_row *qs, size_t nq,
                  const char *single, const char *scale, const char *number, const char *multi1,
                  const char *multi2, const char *open, const struct survey_respondent *who,
                  struct survey_problem *p)
{
    const char *v[5][2] = {{single}, {scale}, {number}, {multi1, multi2}, {open}};
    struct survey_given g[5] = {{v[0], 1}, {v[1], 1}, {v[2], 1}, {v[3], multi2 ? 2 : 1}, {v[4], 1}};
    /* an online answer without a browser key given comes from a browser of its own */
    struct survey_respondent w = *who;
    char key[AUTH_TOKEN_CHARS];
    if (!w.browser_key) {
        auth_random_token(key);
        w.browser_key = key;
    }
    return survey_respond(g_db, g_a, s, qs, nq, g, &w, TODAY, T0, p);
}

static int64_t typed_survey(const char *mode)
{
    int64_t id = make_survey(mode);
    struct survey_problem p[SURVEY_MAX_PROBLEMS];
    assert_int_equal(add_q(id, "single", "Ja\nNee", NULL, NULL, p), 0);
    assert_int_equal(add_q(id, "scale", "laag\nhoog", "1", "5", p), 0);
    assert_int_equal(add_q(id, "number", "", "0", "120", p), 0);
    assert_int_equal(add_q(id, "multiple", "a\nb\nc", NULL, NULL, p), 0);
    struct survey_question_input open = {"open", "Nog iets?", "", NULL, NULL, true};
    assert_int_equal(survey_add_question(g_db, g_a, id, &open, p), 0);
    return id;
}

static void test_answer_types(void **state)
{
    (void)state;
    int64_t id = typed_survey("link");
    struct survey_row s;
    struct survey_question_row *qs;
    size_t nq;
    load(id, &s, &qs, &nq);
    struct survey_respondent who = {.channel = "online"};
    struct survey_problem p[SURVEY_MAX_PROBLEMS + 4];
    /* every question wrong: each problem names its question's field */
    int n = answer(&s, qs, nq, "3", "6", "twaalf", "2", "2", NULL, &who, p);
    assert_int_equal(n, 4);
    char f[32];
    for (int i = 0; i < 4; i++) {
        snprintf(f, sizeof f, "q%d", qs[i].position);
        assert_string_equal(p[i].field, f);
        assert_non_null(p[i].question);
    }
    /* required answers missing; a number out of bounds; "2,5" is a number */
    assert_int_equal(answer(&s, qs, nq, "", "", "121", "", NULL, NULL, &who, p), 4);
    assert_int_equal(answer(&s, qs, nq, "1", "5", "2,5", "1", "3", "", &who, p), 0);
    assert_int_equal(q("SELECT number FROM survey_answer WHERE number IS NOT NULL"), 2);
    assert_int_equal(q("SELECT count(*) FROM survey_answer a JOIN survey_question q"
                       " ON q.id = a.question_id WHERE q.kind = 'multiple'"),
                     2);
    assert_int_equal(q("SELECT count(*) FROM survey_response WHERE participant GLOB 'a:*'"), 1);
    /* nothing is stored before the survey opens or after it closes */
    assert_int_equal(survey_respond(g_db, g_a, &s, qs, nq, NULL, &who, "2026-05-01", T0, p),
                     SURVEY_CLOSED);
    /* questions do not change once answered */
    assert_int_equal(add_q(id, "open", "", NULL, NULL, p), SURVEY_LOCKED);
}

/* An answer by link: once per browser, under a keyed pseudonym of the survey
 * and the browser's key; another survey from the same browser is another
 * pseudonym; no key is no answer. */
static void test_link_once_per_browser(void **state)
{
    (void)state;
    int64_t id = typed_survey("link"), other = typed_survey("link");
    struct survey_row s, s2;
    struct survey_question_row *qs, *qs2;
    size_t nq, nq2;
    load(id, &s, &qs, &nq);
    load(other, &s2, &qs2, &nq2);
    char key[AUTH_TOKEN_CHARS];
    auth_random_token(key);
    struct survey_respondent who = {.channel = "online", .browser_key = key};
    struct survey_problem p[SURVEY_MAX_PROBLEMS + 4];
    assert_int_equal(answer(&s, qs, nq, "1", "4", "3", "1", NULL, NULL, &who, p), 0);
    /* the same browser again: refused, nothing stored */
    for (int i = 0; i < 3; i++)
        assert_int_equal(answer(&s, qs, nq, "2", "2", "3", "1", NULL, NULL, &who, p),
                         SURVEY_ANSWERED);
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM survey_response WHERE survey_id = %lld AND participant GLOB"
             " 'a:*' AND length(participant) = 66",
             (long long)id);
    assert_int_equal(q(sql), 1);
    const char *pa = survey_browser_participant(g_db, g_a, id, key),
               *pb = survey_browser_participant(g_db, g_a, other, key);
    assert_non_null(pa);
    assert_non_null(pb);
    assert_string_not_equal(pa, pb);
    assert_null(strstr(pa, key));
    /* the database refuses the same pseudonym twice too */
    int64_t rid;
    assert_int_equal(survey_response_insert(g_db, id, 0, "online", NULL, pa, 0, T0, &rid),
                     DB_CONSTRAINT);
    /* another survey from the same browser is answered */
    assert_int_equal(answer(&s2, qs2, nq2, "1", "4", "3", "1", NULL, NULL, &who, p), 0);
    /* no key, or a key that is not one, is no answer */
    struct survey_respondent bad = {.channel = "online", .browser_key = "kort"};
    assert_int_equal(answer(&s, qs, nq, "1", "4", "3", "1", NULL, NULL, &bad, p), SURVEY_ERROR);
    assert_false(survey_browser_key_ok(NULL));
    assert_false(survey_browser_key_ok("a b"));
    assert_true(survey_browser_key_ok(key));
    /* an anonymous answer is an act of its channel in the reach, never a participant */
    assert_int_equal(q("SELECT count(*) FROM reach_person WHERE person GLOB 'a:*'"), 0);
    assert_int_equal(q("SELECT count(*) FROM participation_act WHERE source = 'survey_response'"
                       " AND participant IS NOT NULL AND channel = 'online' AND participant NOT"
                       " GLOB 'r:*'"),
                     0);
}

static void test_one_response_per_account(void **state)
{
    (void)state;
    struct resident_input ri = {
        .email = "ans@example.nl", .name = "Ans", .wijk = "oosterheem", .age_band = "65-79"};
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(resident_demo_ensure(g_db, g_a, &ri, T0), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    struct user res = {.id = q("SELECT user_id FROM resident WHERE email = 'ans@example.nl'"),
                       .nroles = 1};
    res.roles[0].role = ROLE_BEWONER;
    res.role_mask = 1u << ROLE_BEWONER;
    int64_t id = typed_survey("account");
    struct survey_row s;
    struct survey_question_row *qs;
    size_t nq;
    load(id, &s, &qs, &nq);
    struct survey_respondent who = {.channel = "online", .resident = &res};
    struct survey_problem p[SURVEY_MAX_PROBLEMS + 4];
    assert_int_equal(answer(&s, qs, nq, "1", "4", "30", "1", NULL, "Fijn", &who, p), 0);
    assert_int_equal(answer(&s, qs, nq, "2", "2", "30", "1", NULL, NULL, &who, p), SURVEY_ANSWERED);
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM survey_response r JOIN area a ON a.id = r.wijk_id"
             " WHERE r.survey_id = %lld AND r.participant = 'r:%lld' AND r.age_band = '65-79'"
             " AND a.slug = 'oosterheem' AND r.channel = 'online'",
             (long long)id, (long long)res.id);
    assert_int_equal(q(sql), 1);
    /* the database itself refuses a second response of the account */
    char part[32];
    snprintf(part, sizeof part, "r:%lld", (long long)res.id);
    int64_t rid;
    assert_int_equal(survey_response_insert(g_db, id, 0, "online", NULL, part, 0, T0, &rid),
                     DB_CONSTRAINT);
    /* without an account there is no online answer to an account survey */
    struct survey_respondent none = {.channel = "online"};
    assert_int_equal(answer(&s, qs, nq, "2", "2", "30", "1", NULL, NULL, &none, p), SURVEY_ERROR);
}

static void test_paper_counts_by_address(void **state)
{
    (void)state;
    int64_t id = typed_survey("account");
    struct survey_row s;
    struct survey_question_row *qs;
    size_t nq;
    load(id, &s, &qs, &nq);
    struct survey_problem p[SURVEY_MAX_PROBLEMS + 4];
    struct survey_respondent a1 = {.channel = "papier",
                                   .postcode = "2711ab",
                                   .house_number = "12",
                                   .age_band = "80+"},
                             a2 = {.channel = "bijeenkomst",
                                   .postcode = "2711 AB",
                                   .house_number = "12",
                                   .age_band = ""},
                             bad = {.channel = "balie", .postcode = "27", .house_number = "x"};
    assert_int_equal(answer(&s, qs, nq, "1", "4", "3", "1", NULL, NULL, &a1, p), 0);
    /* the same address however written, on another channel: one response per address */
    assert_int_equal(answer(&s, qs, nq, "2", "4", "3", "1", NULL, NULL, &a2, p), SURVEY_ANSWERED);
    a2.house_number = "14";
    assert_int_equal(answer(&s, qs, nq, "2", "4", "3", "1", NULL, NULL, &a2, p), 0);
    assert_int_equal(answer(&s, qs, nq, "2", "4", "3", "1", NULL, NULL, &bad, p), 1);
    assert_string_equal(p[0].field, "postcode");
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) || '/' || count(DISTINCT participant) || '/' ||"
             " sum(participant GLOB 'p:*' AND length(participant) = 66)"
             " FROM survey_response WHERE survey_id = %lld",
             (long long)id);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "2/2/2");
    sqlite3_finalize(st);
    /* no address in the act rows */
    assert_int_equal(q("SELECT count(*) FROM survey_response WHERE participant LIKE '%2711%'"), 0);
}

static void test_published_results(void **state)
{
    (void)state;
    int64_t id = typed_survey("link");
    struct survey_row s;
    struct survey_question_row *qs;
    size_t nq;
    load(id, &s, &qs, &nq);
    struct survey_problem p[SURVEY_MAX_PROBLEMS + 4];
    struct survey_respondent who = {.channel = "online"};
    /* 12 respondents: 10 say Ja, 2 Nee; open text by some */
    for (int i = 0; i < 12; i++)
        assert_int_equal(answer(&s, qs, nq, i < 10 ? "1" : "2", "4", i < 9 ? "10" : "40", "1", NULL,
                                i == 0 ? "Mijn buurman Piet" : NULL, &who, p),
                         0);
    json_t *staff = survey_results(g_db, g_a, &s, false),
           *pub = survey_results(g_db, g_a, &s, true);
    assert_non_null(staff);
    assert_non_null(pub);
    json_t *r0 = json_array_get(
        json_object_get(json_array_get(json_object_get(pub, "questions"), 0), "rows"), 0);
    json_t *cells = json_object_get(r0, "cells");
    assert_string_equal(json_string_value(json_object_get(r0, "wijk")), "Seghwaert");
    assert_int_equal(json_integer_value(json_object_get(r0, "respondents")), 12);
    assert_true(json_is_null(json_object_get(json_array_get(cells, 1), "n")));
    assert_true(json_is_null(json_object_get(json_array_get(cells, 1), "pct")));
    assert_true(json_is_true(json_object_get(json_array_get(cells, 1), "suppressed")));
    assert_false(json_is_true(json_object_get(json_array_get(cells, 1), "withheld")));
    /* the 10 Ja would give the 2 Nee away (12 - 10): withheld too, in the
     * wijk's row and in the total's */
    assert_true(json_is_null(json_object_get(json_array_get(cells, 0), "n")));
    assert_true(json_is_null(json_object_get(json_array_get(cells, 0), "pct")));
    assert_true(json_is_true(json_object_get(json_array_get(cells, 0), "withheld")));
    json_t *tot = json_array_get(
        json_object_get(json_array_get(json_object_get(pub, "questions"), 0), "rows"), 1);
    assert_true(json_is_true(json_object_get(tot, "total")));
    assert_int_equal(json_integer_value(json_object_get(tot, "respondents")), 12);
    assert_true(
        json_is_null(json_object_get(json_array_get(json_object_get(tot, "cells"), 0), "n")));
    /* the scale: 12 times 4, the cells under 10 are zeros, nothing to withhold */
    json_t *sc = json_object_get(
        json_array_get(
            json_object_get(json_array_get(json_object_get(pub, "questions"), 1), "rows"), 0),
        "cells");
    size_t ci;
    json_t *cx;
    int shown = 0;
    json_array_foreach(sc, ci, cx)
    {
        shown += json_is_integer(json_object_get(cx, "n"));
        assert_false(json_is_true(json_object_get(cx, "withheld")));
    }
    assert_int_equal(shown, 1);
    /* staff read the 2 */
    json_t *s0 = json_array_get(
        json_object_get(json_array_get(json_object_get(staff, "questions"), 0), "rows"), 0);
    assert_int_equal(
        json_integer_value(json_object_get(json_array_get(json_object_get(s0, "cells"), 1), "n")),
        2);
    /* a number's mean is published from 10 respondents on; its extremes never */
    json_t *n0 = json_array_get(
        json_object_get(json_array_get(json_object_get(pub, "questions"), 2), "rows"), 0);
    assert_true(json_real_value(json_object_get(n0, "mean")) == 17.5);
    assert_true(json_is_null(json_object_get(n0, "max")));
    /* open text: for staff, never in the published results */
    json_t *po = json_array_get(json_object_get(pub, "questions"), 4);
    json_t *so = json_array_get(json_object_get(staff, "questions"), 4);
    assert_null(json_object_get(po, "open"));
    assert_int_equal(json_array_size(json_object_get(po, "rows")), 0);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(json_object_get(so, "open"), 0), "text")),
        "Mijn buurman Piet");
    char *dump = json_dumps(pub, 0);
    assert_null(strstr(dump, "Piet"));
    free(dump);
    json_decref(staff);
    json_decref(pub);
    /* fewer than 10 respondents in all: the counts are suppressed too */
    int64_t small = typed_survey("link");
    load(small, &s, &qs, &nq);
    for (int i = 0; i < 9; i++)
        assert_int_equal(answer(&s, qs, nq, "1", "4", "10", "1", NULL, NULL, &who, p), 0);
    pub = survey_results(g_db, g_a, &s, true);
    assert_true(json_is_null(json_object_get(pub, "respondents")));
    r0 = json_array_get(
        json_object_get(json_array_get(json_object_get(pub, "questions"), 0), "rows"), 0);
    assert_true(json_is_null(json_object_get(r0, "respondents")));
    assert_true(
        json_is_null(json_object_get(json_array_get(json_object_get(r0, "cells"), 0), "n")));
    json_decref(pub);
}

static void test_omnibus_loaded_by_plain_init(void **state)
{
    (void)state;
    struct omnibus_row *o;
    size_t n = 0;
    assert_int_equal(omnibus_list(g_db, g_a, &o, &n), DB_OK);
    assert_int_equal(n, 4);
    static const struct {
        const char *key;
        double pct;
    } want[] = {{"knows_a_participation_form", 87},
                {"knows_several_participation_forms", 57},
                {"participated", 29},
                {"knows_wijk_aan_zet", 16}};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(o[i].year, 2015);
        assert_string_equal(o[i].key, want[i].key);
        assert_true(o[i].pct == want[i].pct);
    }
    assert_string_equal(o[3].label, "Kent het wijk-aan-zetbudget");
    /* the monitor shows them for the city, apart from the reach */
    struct monitor_area city = {.kind = MON_CITY};
    json_t *doc = monitor_figures(g_db, g_a, &city, 2026, MON_MONTH, TODAY, T0, 0);
    assert_non_null(doc);
    json_t *om = json_object_get(doc, "omnibus");
    assert_int_equal(json_array_size(om), 4);
    assert_true(json_number_value(json_object_get(json_array_get(om, 2), "pct")) == 29);
    assert_null(json_object_get(json_object_get(doc, "reach"), "omnibus"));
    json_decref(doc);
    struct monitor_area region = {.kind = MON_REGION, .id = g_noord, .name = "noord"};
    doc = monitor_figures(g_db, g_a, &region, 2026, MON_MONTH, TODAY, T0, 0);
    assert_non_null(doc);
    assert_null(json_object_get(doc, "omnibus"));
    json_decref(doc);
}

static void test_result_as_indicator_measurement(void **state)
{
    (void)state;
    int64_t fp = q("SELECT min(id) FROM focuspunt"), goal = 0, ind = 0;
    assert_true(fp > 0);
    assert_int_equal(focus_goal_insert(g_db, fp, "Meer tevreden bewoners", &goal), DB_OK);
    struct focus_ind fi = {
        .goal_id = goal, .name = "Tevreden bewoners", .unit = "%", .method = "manual"};
    assert_int_equal(focus_indicator_insert(g_db, &fi, &ind), DB_OK);
    int64_t id = typed_survey("link");
    struct survey_row s;
    struct survey_question_row *qs;
    size_t nq;
    load(id, &s, &qs, &nq);
    struct survey_problem p[SURVEY_MAX_PROBLEMS + 4];
    struct survey_respondent who = {.channel = "online"};
    /* scale answers 5, 4, 4, 2, 1, 3, 5, 4: five of eight answer 4 or 5 */
    const char *scale[] = {"5", "4", "4", "2", "1", "3", "5", "4"};
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(answer(&s, qs, nq, "1", scale[i], "3", "1", NULL, NULL, &who, p), 0);
    load(id, &s, &qs, &nq);
    struct user ond = staff(ROLE_ONDERSTEUNER, g_noord), clerk = staff(ROLE_BALIE, 0);
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", (long long)ind);
    double v = 0;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    /* wrong question kind, counted values outside the scale, a future date */
    assert_int_equal(
        survey_measure(g_db, g_a, &ond, &s, ids, "3", "4, 5", "2026-04-20", TODAY, T0, &v, p), 2);
    assert_int_equal(
        survey_measure(g_db, g_a, &ond, &s, ids, "2", "5, 6", "2026-04-10", TODAY, T0, &v, p), 1);
    assert_string_equal(p[0].field, "counted");
    /* who may not edit the focus point's measurements */
    assert_int_equal(
        survey_measure(g_db, g_a, &clerk, &s, ids, "2", "4 5", "2026-04-10", TODAY, T0, &v, p), 1);
    assert_string_equal(p[0].field, "indicator");
    assert_int_equal(
        survey_measure(g_db, g_a, &ond, &s, ids, "2", "4, 5", "2026-04-10", TODAY, T0, &v, p), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_true(v == 62.5);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM focus_measurement WHERE indicator_id = %lld AND value = 62.5"
             " AND measured_on = '2026-04-10' AND auto = 0 AND source LIKE 'Enquête%%5 van 8'",
             (long long)ind);
    assert_int_equal(q(sql), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_who_keeps_which_survey),
        cmocka_unit_test(test_survey_fields),
        cmocka_unit_test(test_question_types),
        cmocka_unit_test(test_answer_types),
        cmocka_unit_test(test_link_once_per_browser),
        cmocka_unit_test(test_one_response_per_account),
        cmocka_unit_test(test_paper_counts_by_address),
        cmocka_unit_test(test_published_results),
        cmocka_unit_test(test_omnibus_loaded_by_plain_init),
        cmocka_unit_test(test_result_as_indicator_measurement),
    };
    return cmocka_run_group_tests(tests, fixture, teardown);
}
