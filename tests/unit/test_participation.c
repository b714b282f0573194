/*
 * test_participation.c: reach, measured (domain/participation.h) on a real
 * SQLite file as plain `init` leaves it: suppression at 9 and 10 and the
 * complementary cell; distinct participants across act tables and reports
 * (one participant once per wijk and once in the city, a report and a grant
 * application by the same e-mail pseudonym one participant), the share who
 * took part more than once, the channel and age band mix, an act at 23:30
 * UTC on 31 December counted in the next year (Amsterdam's), and the
 * wijkspreekuur's term. The summaries kept by trigger (migration 0044) are
 * compared with a recount of the view after every change, deletes and
 * erasure too; a meeting registration by e-mail and a report from the same
 * address are one participant; a region's total counts a participant in
 * two of its wijken once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/participation.h"
#include "domain/seed.h"
#include "lib/arena.h"
#include "store/area_store.h"
#include "store/db.h"

#include <math.h>
#include <string.h>

#include "seeded_db.h"

static void exec(const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(g_db), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

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

static void test_suppression(void **state)
{
    (void)state;
    unsigned char s[9];
    /* 10 is published, 9 is not; the 10 beside a 9 in a row with its total
     * is withheld, and so is the column total that would give it away */
    const int64_t a[] = {10, 10, 20, 10, 10, 20};
    participation_suppress(a, 2, 3, s);
    for (int i = 0; i < 6; i++)
        assert_int_equal(s[i], PART_SHOWN);
    const int64_t b[] = {9, 10, 19, 9, 10, 19};
    participation_suppress(b, 2, 3, s);
    const unsigned char eb[] = {PART_SMALL, PART_HIDDEN, PART_SHOWN,
                                PART_SMALL, PART_HIDDEN, PART_SHOWN};
    assert_memory_equal(s, eb, 6);
    /* the smallest other cell goes, then the cells its column gives away */
    const int64_t c[] = {12, 5, 17, 20, 30, 50, 32, 35, 67};
    participation_suppress(c, 3, 3, s);
    const unsigned char ec[] = {PART_HIDDEN, PART_SMALL, PART_SHOWN, PART_HIDDEN, PART_HIDDEN,
                                PART_SHOWN,  PART_SHOWN, PART_SHOWN, PART_SHOWN};
    assert_memory_equal(s, ec, 9);
    /* two small cells in a row need nothing more */
    const int64_t d[] = {3, 4, 50, 57, 3, 4, 50, 57};
    participation_suppress(d, 2, 4, s);
    const unsigned char ed[] = {PART_SMALL, PART_SMALL, PART_SHOWN, PART_SHOWN,
                                PART_SMALL, PART_SMALL, PART_SHOWN, PART_SHOWN};
    assert_memory_equal(s, ed, 8);
}

/* The rows of the summary table `t` that a recount from the view does not
 * give, and the other way round: none when the triggers kept it exact. */
#define PERSON                                                                                     \
    "CASE WHEN participant GLOB '[pe]:*' THEN 'k:' || substr(participant, 3)"                      \
    " ELSE participant END"
#define SCOPES                                                                                     \
    " JOIN (SELECT 0 AS scope UNION ALL SELECT id FROM area) s"                                    \
    " ON s.scope = 0 OR s.scope = a.wijk_id"
static const char *const RECOUNT[][2] = {
    {"reach_person", "SELECT a.year, s.scope, " PERSON ", count(*) FROM participation_act a" SCOPES
                     " WHERE source != 'signal' AND participant IS NOT NULL GROUP BY 1, 2, 3"},
    {"reach_channel_n",
     "SELECT a.year, s.scope, a.channel, count(*) FROM participation_act a" SCOPES
     " WHERE source != 'signal' GROUP BY 1, 2, 3"},
    {"reach_band", "SELECT a.year, s.scope, " PERSON ", age_band, count(*), max(created_at)"
                   " FROM participation_act a" SCOPES " WHERE source != 'signal'"
                   " AND participant IS NOT NULL AND age_band IS NOT NULL GROUP BY 1, 2, 3, 4"},
};

static void assert_summaries_exact(void)
{
    for (size_t i = 0; i < sizeof RECOUNT / sizeof RECOUNT[0]; i++) {
        char q[2048];
        snprintf(q, sizeof q,
                 "SELECT (SELECT count(*) FROM (SELECT * FROM %s EXCEPT %s))"
                 " + (SELECT count(*) FROM (%s EXCEPT SELECT * FROM %s))",
                 RECOUNT[i][0], RECOUNT[i][1], RECOUNT[i][1], RECOUNT[i][0]);
        long long n = count(q);
        if (n != 0)
            fprintf(stderr, "%s differs from the view in %lld rows\n", RECOUNT[i][0], n);
        assert_int_equal(n, 0);
    }
    /* and something is counted */
    assert_true(count("SELECT count(*) FROM reach_person") > 0);
}

/* The row of a wijk (NULL: the city) in a reach document. */
static json_t *row_of(json_t *doc, const char *name)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(doc, "rows"), i, x)
    {
        const char *w = json_string_value(json_object_get(x, "wijk"));
        if (name ? w && strcmp(w, name) == 0 : json_is_true(json_object_get(x, "total")))
            return x;
    }
    return NULL;
}

static long long ival(json_t *x, const char *key)
{
    json_t *v = json_object_get(x, key);
    return json_is_integer(v) ? json_integer_value(v) : -1;
}

static const char *why(json_t *v)
{
    const char *s = json_string_value(v);
    return s ? s : "";
}

/* 2025-06-01 12:00 UTC and 2025-12-31 23:30 UTC (1 January 2026 in Zoetermeer) */
#define JUNE    "1748779200"
#define NEWYEAR "1767223800"

static void test_reach(void **state)
{
    (void)state;
    /* Seghwaert: ten residents ask twice, an eleventh once (age 45-64);
     * the first also asks once in Noordhove */
    exec("INSERT INTO spreekuur_question (wijk_id, channel, age_band, participant, created_at,"
         " public, question, reply_by, due_at)"
         " WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < 21)"
         " SELECT (SELECT id FROM area WHERE slug = 'seghwaert'), 'online', '45-64',"
         " 'r:' || (CASE WHEN k > 10 THEN k - 10 ELSE k END), " JUNE " + k, 1, 'vraag',"
         " 'account', " JUNE " + 5000000 FROM i");
    exec("INSERT INTO spreekuur_question (wijk_id, channel, age_band, participant, created_at,"
         " public, question, reply_by, due_at, answer, answered_at) SELECT"
         " (SELECT id FROM area WHERE slug = 'noordhove'), 'balie', NULL, 'r:1', " JUNE ", 1,"
         " 'vraag', 'balie', " JUNE " + 1000, 'antwoord', " JUNE " + 500");
    /* a reporter with two reports who also applies for a grant (by post): one
     * participant; another reporter at 23:30 UTC on 31 December 2025 */
    const char *sig =
        "INSERT INTO signal (token, type, channel, category_id, description, wijk_id, status,"
        " owner_org_id, created_at, updated_at, deadline_at, reporter_pseudonym) SELECT %s,"
        " 'melding', %s, (SELECT id FROM category WHERE parent_id IS NOT NULL LIMIT 1), 'x',"
        " (SELECT id FROM area WHERE slug = 'seghwaert'), 'gemeld',"
        " (SELECT id FROM organisation ORDER BY id LIMIT 1), %s, %s, %s + 432000, %s";
    char q[1024];
    snprintf(q, sizeof q, sig, "'s1'", "'web'", JUNE, JUNE, JUNE, "'pseudo-x'");
    exec(q);
    snprintf(q, sizeof q, sig, "'s2'", "'telefoon'", JUNE, JUNE, JUNE, "'pseudo-x'");
    exec(q);
    snprintf(q, sizeof q, sig, "'s3'", "'web'", NEWYEAR, NEWYEAR, NEWYEAR, "'pseudo-y'");
    exec(q);
    exec("INSERT INTO initiative (token_hash, state, wijk_id, channel, created_at, submitted_at,"
         " state_since, applicant_pseudonym) SELECT 'h1', 'ingediend',"
         " (SELECT id FROM area WHERE slug = 'seghwaert'), 'post', " JUNE ", " JUNE ", " JUNE
         ", 'pseudo-x'");
    /* a question at 23:30 UTC on 31 December 2025: in Zoetermeer already 2026 */
    exec("INSERT INTO spreekuur_question (wijk_id, channel, age_band, participant, created_at,"
         " public, question, reply_by, due_at) SELECT (SELECT id FROM area WHERE slug ="
         " 'seghwaert'), 'online', NULL, 'r:99', " NEWYEAR ", 1, 'vraag', 'account', " NEWYEAR
         " + 1000000");
    /* the view: the acts of 31 December 23:30 UTC are in 2026 */
    assert_int_equal(count("SELECT count(DISTINCT participant) FROM participation_act"
                           " WHERE year = 2025 AND wijk_id = (SELECT id FROM area"
                           " WHERE slug = 'seghwaert')"),
                     12);
    assert_int_equal(count("SELECT count(*) FROM participation_act WHERE year = 2026"), 2);

    struct wijk *w;
    size_t nw;
    assert_int_equal(area_list_wijken(g_db, g_a, "2025-12-31", 0, &w, &nw), DB_OK);
    int64_t inh = 0, city = 0;
    for (size_t i = 0; i < nw; i++) {
        if (strcmp(w[i].slug, "seghwaert") == 0)
            inh = w[i].inhabitants;
        city += w[i].inhabitants > 0 ? w[i].inhabitants : 0;
    }
    assert_true(inh > 0);
    json_t *doc = participation_reach(g_db, g_a, 2025, w, nw, city, NULL);
    assert_non_null(doc);
    json_t *s = row_of(doc, "Seghwaert"), *c = row_of(doc, NULL), *n = row_of(doc, "Noordhove");
    assert_non_null(s);
    assert_non_null(c);
    assert_non_null(n);
    /* eleven residents and the reporter; ten residents and the reporter more than once */
    assert_int_equal(ival(s, "participants"), 12);
    assert_true(fabs(json_number_value(json_object_get(s, "per_1000")) -
                     round(10000.0 * 12 / (double)inh) / 10.0) < 1e-9);
    assert_true(fabs(json_number_value(json_object_get(s, "repeat_share")) - 91.7) < 1e-9);
    /* acts: 21 questions, 2 reports, 1 application; online 21 + 1 */
    assert_int_equal(ival(s, "acts"), 24);
    json_t *ch = json_object_get(s, "channels");
    assert_int_equal(json_integer_value(json_array_get(ch, 0)), 22);
    assert_string_equal(why(json_array_get(ch, 2)), "minder-dan-10"); /* papier: 1 */
    assert_string_equal(why(json_array_get(ch, 4)), "minder-dan-10"); /* telefoon: 1 */
    json_t *ages = json_object_get(s, "ages");
    assert_int_equal(json_integer_value(json_array_get(ages, 3)), 11);  /* 45-64 */
    assert_string_equal(why(json_array_get(ages, 6)), "minder-dan-10"); /* onbekend: 1 */
    /* the city: the resident who asked in two wijken counts once */
    assert_int_equal(ival(c, "participants"), 12);
    assert_int_equal(ival(c, "acts"), 25);
    assert_true(fabs(json_number_value(json_object_get(c, "repeat_share")) - 91.7) < 1e-9);
    /* Noordhove: one participant, nothing published about them */
    assert_string_equal(why(json_object_get(n, "participants")), "minder-dan-10");
    assert_string_equal(why(json_object_get(n, "per_1000")), "minder-dan-10");
    assert_string_equal(why(json_object_get(n, "repeat_share")), "minder-dan-10");
    json_decref(doc);
    /* 2026: only the report of New Year's Eve, 23:30 UTC */
    doc = participation_reach(g_db, g_a, 2026, w, nw, city, NULL);
    assert_non_null(doc);
    assert_string_equal(why(json_object_get(row_of(doc, NULL), "participants")), "minder-dan-10");
    assert_string_equal(why(json_object_get(row_of(doc, NULL), "acts")), "minder-dan-10");
    json_decref(doc);

    assert_summaries_exact();

    /* a meeting registration by e-mail and a report from the same address
     * (the same keyed pseudonym): one more participant in Seghwaert, not two */
    exec("INSERT INTO meeting (area_id, kind, title, starts_at, ends_at, place, accessible, agenda,"
         " capacity, created_at, updated_at) SELECT id, 'bewonersavond', 'Avond', " JUNE ", " JUNE
         " + 3600, 'Buurthuis', 1, 'agenda', 50, " JUNE ", " JUNE " FROM area"
         " WHERE slug = 'seghwaert'");
    exec("INSERT INTO meeting_registration (meeting_id, wijk_id, channel, age_band, participant,"
         " created_at, status) SELECT (SELECT max(id) FROM meeting), id, 'online', '25-44',"
         " 'p:pseudo-z', " JUNE ", 'aangemeld' FROM area WHERE slug = 'seghwaert'");
    snprintf(q, sizeof q, sig, "'s4'", "'web'", JUNE, JUNE, JUNE, "'pseudo-z'");
    exec(q);
    assert_summaries_exact();
    doc = participation_reach(g_db, g_a, 2025, w, nw, city, NULL);
    assert_non_null(doc);
    assert_int_equal(ival(row_of(doc, "Seghwaert"), "participants"), 13);
    assert_int_equal(ival(row_of(doc, NULL), "participants"), 13);
    /* they took part twice: the repeat share is 12 of 13 */
    assert_true(fabs(json_number_value(json_object_get(row_of(doc, "Seghwaert"), "repeat_share")) -
                     92.3) < 1e-9);
    json_decref(doc);

    /* a region: the resident who asked in Seghwaert and Noordhove counts once
     * in a total over both wijken */
    char within[64];
    int64_t sid = count("SELECT id FROM area WHERE slug = 'seghwaert'"),
            nid = count("SELECT id FROM area WHERE slug = 'noordhove'");
    snprintf(within, sizeof within, "[%lld,%lld]", (long long)sid, (long long)nid);
    doc = participation_reach(g_db, g_a, 2025, w, nw, city, within);
    assert_non_null(doc);
    assert_int_equal(ival(row_of(doc, NULL), "participants"), 13);
    assert_int_equal(ival(row_of(doc, NULL), "acts"), 27);
    json_decref(doc);

    /* twelve anonymous answers by link (each its own browser's pseudonym, one
     * with an age band): twelve acts online, no participant, no age band
     * counted (migration 0048) */
    exec("INSERT INTO survey (id, title, opens_on, closes_on, mode, link_token, created_at) VALUES"
         " (31, 'Buurt', '2025-01-01', '2025-12-31', 'link', 'sleutel', 0)");
    exec("INSERT INTO survey_response (survey_id, wijk_id, channel, age_band, participant,"
         " created_at) WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k <"
         " 12) SELECT 31, (SELECT id FROM area WHERE slug = 'seghwaert'), 'online',"
         " CASE WHEN k = 1 THEN '65-79' END, 'a:browser-' || k, " JUNE " + k FROM i");
    assert_summaries_exact();
    assert_int_equal(count("SELECT count(*) FROM reach_person WHERE person GLOB 'a:*'"), 0);
    assert_int_equal(count("SELECT count(*) FROM reach_band WHERE band = '65-79'"), 0);
    doc = participation_reach(g_db, g_a, 2025, w, nw, city, within);
    assert_non_null(doc);
    assert_int_equal(ival(row_of(doc, NULL), "participants"), 13);
    assert_int_equal(ival(row_of(doc, NULL), "acts"), 39);
    json_decref(doc);
    doc = participation_reach(g_db, g_a, 2025, w, nw, city, NULL);
    assert_non_null(doc);
    assert_int_equal(ival(row_of(doc, "Seghwaert"), "participants"), 13);
    assert_int_equal(json_integer_value(
                         json_array_get(json_object_get(row_of(doc, "Seghwaert"), "channels"), 0)),
                     36); /* 24 before */
    json_decref(doc);
    /* one leaves, one is entered again on paper (a person then): exact all along */
    exec("DELETE FROM survey_response WHERE participant = 'a:browser-2'");
    assert_summaries_exact();
    exec("UPDATE survey_response SET participant = 'p:pseudo-z', channel = 'papier'"
         " WHERE participant = 'a:browser-1'");
    assert_summaries_exact();
    assert_int_equal(count("SELECT acts FROM reach_person WHERE scope = 0 AND person ="
                           " 'k:pseudo-z' AND year = 2025"),
                     2); /* the meeting and the paper answer (reports are monitor_reporter's) */
    exec("DELETE FROM survey_response WHERE survey_id = 31");
    exec("DELETE FROM survey WHERE id = 31");
    assert_summaries_exact();
    /* support entered from paper is an act of its address's participant (migration 0048) */
    exec("INSERT INTO consultation (id, title, question, decided_by, open_to, not_open, info_on,"
         " ideas_on, reactions_on, result_on, created_at, updated_at) VALUES (31, 'P', 'V', 'x',"
         " 'x', 'x', '2025-01-01', '2025-01-02', '2025-01-03', '2025-12-01', 0, 0)");
    exec("INSERT INTO consult_idea (id, consultation_id, title, body, channel, participant,"
         " created_at, shuffle_key) VALUES (310, 31, 'Bank', 'Tekst', 'papier', 'p:pseudo-q', " JUNE
         ", 1)");
    exec("INSERT INTO consult_paper_support (idea_id, participant, wijk_id, channel, age_band,"
         " created_at) SELECT 310, 'p:pseudo-z', id, 'balie', '80+', " JUNE " FROM area WHERE"
         " slug = 'seghwaert'");
    assert_summaries_exact();
    assert_int_equal(count("SELECT acts FROM reach_person WHERE scope = 0 AND person ="
                           " 'k:pseudo-z' AND year = 2025"),
                     2);
    exec("DELETE FROM consult_paper_support");
    exec("DELETE FROM consult_idea WHERE id = 310");
    exec("DELETE FROM consultation WHERE id = 31");
    assert_summaries_exact();

    /* the spreekuur's term, judged on 1 July 2025: Seghwaert's 21 questions
     * are open within the term, Noordhove's was answered in time */
    doc = participation_spreekuur(g_db, g_a, 2025, w, nw, 1751371200);
    assert_non_null(doc);
    json_t *t = row_of(doc, "Seghwaert");
    assert_int_equal(ival(t, "questions"), 21);
    assert_int_equal(ival(t, "open"), 21);
    assert_int_equal(ival(row_of(doc, "Noordhove"), "in_time"), 1);
    json_t *tot = json_object_get(doc, "total");
    assert_int_equal(ival(tot, "questions"), 22);
    json_decref(doc);
    /* judged later: open and past the term; one answered late */
    exec("UPDATE spreekuur_question SET answer = 'laat', answered_at = due_at + 1"
         " WHERE participant = 'r:11'");
    doc = participation_spreekuur(g_db, g_a, 2025, w, nw, 1767000000);
    t = row_of(doc, "Seghwaert");
    assert_int_equal(ival(t, "late"), 1);
    assert_int_equal(ival(t, "open_late"), 20);
    assert_int_equal(ival(t, "open"), 0);
    json_decref(doc);

    /* the latest age band of a participant, and back when that act goes */
    exec("INSERT INTO spreekuur_question (wijk_id, channel, age_band, participant, created_at,"
         " public, question, reply_by, due_at) SELECT id, 'online', '25-44', 'r:2', " JUNE
         " + 100, 1, 'vraag', 'account', " JUNE " + 5000000 FROM area WHERE slug = 'seghwaert'");
    assert_summaries_exact();
    exec("DELETE FROM spreekuur_question WHERE participant = 'r:2' AND age_band = '25-44'");
    assert_summaries_exact();
    /* the latest act of a band leaves, an earlier one of the same band stays */
    exec("DELETE FROM spreekuur_question WHERE participant = 'r:3' AND created_at = " JUNE " + 13");
    assert_summaries_exact();
    /* an account erased: its acts to another participant; a report's and an
     * application's pseudonym gone; an act moved to another wijk */
    exec("UPDATE spreekuur_question SET participant = 'p:erased-1' WHERE participant = 'r:1'");
    assert_summaries_exact();
    exec("UPDATE initiative SET applicant_pseudonym = NULL");
    assert_summaries_exact();
    exec("UPDATE meeting_registration SET wijk_id = (SELECT id FROM area WHERE slug ="
         " 'noordhove'), channel = 'balie'");
    assert_summaries_exact();
    exec("DELETE FROM initiative");
    exec("DELETE FROM meeting_registration");
    assert_summaries_exact();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suppression),
        cmocka_unit_test(test_reach),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
