/*
 * test_function.c: who holds a public function for a region or a wijk, on a
 * real SQLite file made as `init` without --demo makes it: the form's checks
 * (dates as people type them), the wijk page's names following the periods,
 * one wijkregisseur at a time, ending a period, and the audit trail.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/function.h"
#include "domain/seed.h"
#include "store/area_store.h"
#include "store/function_store.h"
#include "store/org_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[] = "/tmp/wr-test-function-XXXXXX";
static db *g_db;
static arena *g_a;

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
    char err[1400];
    if (!mkdtemp(g_dir) || auth_init() != 0 || db_setup(g_dir, err, sizeof err) != 0)
        return -1;
    g_db = db_thread();
    g_a = arena_new(1 << 20);
    struct seed_options so = {.jurisdiction_id = "zoetermeer.nl", .demo = 0};
    return g_db && g_a && seed_run(g_db, &so, err, sizeof err) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    arena_free(g_a);
    db_thread_close();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_check(void **state)
{
    char from[CAL_DATE_LEN], to[CAL_DATE_LEN];
    struct function_problems p;
    struct function_input in = {"wijkagent", "Sanne de Wit", "15-04-2025", ""};
    assert_true(function_check(&in, from, to, &p));
    assert_string_equal(from, "2025-04-15");
    assert_string_equal(to, "");
    in.first_day = "2025-04-15";
    in.last_day = "30-06-2025";
    assert_true(function_check(&in, from, to, &p));
    assert_string_equal(from, "2025-04-15");
    assert_string_equal(to, "2025-07-01"); /* the end is exclusive */
    /* every wrong field is named at once */
    struct function_input bad = {"burgemeester", "  ", "31-02-2025", "2020-13-01"};
    assert_false(function_check(&bad, from, to, &p));
    assert_non_null(p.function);
    assert_non_null(p.person);
    assert_non_null(p.first_day);
    assert_non_null(p.last_day);
    struct function_input early = {"wijkagent", "A", "15-04-2025", "14-04-2025"};
    assert_false(function_check(&early, from, to, &p));
    assert_null(p.first_day);
    assert_string_equal(p.last_day, "De laatste dag kan niet voor de eerste dag liggen.");
    struct function_input two_lines = {"wijkagent", "A\nB", "15-04-2025", NULL};
    assert_false(function_check(&two_lines, from, to, &p));
    assert_non_null(p.person);
    char out[CAL_DATE_LEN];
    function_format_day("2025-07-01", -1, out);
    assert_string_equal(out, "30-06-2025");
}

/* On a database without demo data nobody is known; a period makes the name
 * appear on the day it starts and go on the day after it ends. */
static void test_add_and_end(void **state)
{
    int64_t noord = region_id_by_slug(g_db, "noord");
    assert_true(noord > 0);
    struct wijk w;
    assert_int_equal(area_get_wijk(g_db, g_a, "WK063702", "2025-05-01", 0, &w), DB_OK);
    assert_int_equal(w.region_id, noord);
    assert_null(w.regisseur);
    assert_null(w.wethouder);
    long long audits = count("SELECT count(*) FROM audit");

    struct function_problems p;
    int64_t id = 0;
    struct function_input in = {"wijkregisseur", " Fatima El Amrani ", "15-04-2025", NULL};
    assert_int_equal(function_add(g_db, g_a, NULL, noord, 0, &in, &p, &id), FUNCTION_OK);
    assert_true(id > 0);
    assert_int_equal(area_get_wijk(g_db, g_a, "WK063702", "2025-04-14", 0, &w), DB_OK);
    assert_null(w.regisseur);
    assert_int_equal(area_get_wijk(g_db, g_a, "WK063702", "2025-04-15", 0, &w), DB_OK);
    assert_string_equal(w.regisseur, "Fatima El Amrani");
    assert_int_equal(count("SELECT count(*) FROM audit"), audits + 1);
    /* the name as the public page shows it, trimmed; no more than the page shows */
    assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'person_function' AND"
                           " action = 'create' AND after LIKE '{\"from\":\"2025-04-15\","
                           "\"function\":\"wijkregisseur\",\"person\":\"Fatima El Amrani\","
                           "\"region_id\":%}'"),
                     1);

    /* a second wijkregisseur takes over on her first day */
    struct function_input next = {"wijkregisseur", "Johan Bakker", "2026-01-01", NULL};
    assert_int_equal(function_add(g_db, g_a, NULL, noord, 0, &next, &p, NULL), FUNCTION_OK);
    assert_int_equal(area_get_wijk(g_db, g_a, "WK063702", "2025-12-31", 0, &w), DB_OK);
    assert_string_equal(w.regisseur, "Fatima El Amrani");
    assert_int_equal(area_get_wijk(g_db, g_a, "WK063702", "2026-01-01", 0, &w), DB_OK);
    assert_string_equal(w.regisseur, "Johan Bakker");
    struct function_holder h;
    assert_int_equal(function_get(g_db, g_a, id, &h), DB_OK);
    assert_string_equal(h.valid_to, "2026-01-01");
    assert_int_equal(count("SELECT count(*) FROM audit"), audits + 3);

    /* one who would start before a later holder is refused, nothing written */
    struct function_input before = {"wijkregisseur", "Kees", "01-06-2025", NULL};
    assert_int_equal(function_add(g_db, g_a, NULL, noord, 0, &before, &p, NULL), FUNCTION_INVALID);
    assert_non_null(p.first_day);
    assert_int_equal(count("SELECT count(*) FROM person_function"), 2);

    /* a wijkagent for one wijk only; two may serve at once */
    struct function_input agent = {"wijkagent", "Sanne de Wit", "2025-01-01", NULL};
    struct function_input agent2 = {"wijkagent", "Ali Demir", "2025-03-01", "31-12-2025"};
    int64_t aid = 0;
    assert_int_equal(function_add(g_db, g_a, NULL, 0, w.id, &agent, &p, &aid), FUNCTION_OK);
    assert_int_equal(function_add(g_db, g_a, NULL, 0, w.id, &agent2, &p, NULL), FUNCTION_OK);
    /* the same person twice in an overlapping period is refused */
    assert_int_equal(function_add(g_db, g_a, NULL, 0, w.id, &agent, &p, NULL), FUNCTION_INVALID);
    struct function_holder *list;
    size_t n;
    assert_int_equal(function_list_for_wijk(g_db, g_a, w.id, noord, "2025-06-01", &list, &n),
                     DB_OK);
    assert_int_equal(n, 3); /* the regisseur and both agents */
    assert_int_equal(function_list_for_wijk(g_db, g_a, w.id, noord, "2026-01-01", &list, &n),
                     DB_OK);
    assert_int_equal(n, 2);

    /* ending: a last day before the first is refused; the day after it, gone */
    const char *problem = NULL;
    assert_int_equal(function_end(g_db, g_a, NULL, aid, "31-12-2024", &problem), FUNCTION_INVALID);
    assert_non_null(problem);
    assert_int_equal(function_end(g_db, g_a, NULL, aid, "nooit", &problem), FUNCTION_INVALID);
    assert_int_equal(function_end(g_db, g_a, NULL, aid, "", &problem), FUNCTION_INVALID);
    assert_int_equal(function_end(g_db, g_a, NULL, aid, "30-04-2025", &problem), FUNCTION_OK);
    assert_int_equal(function_get(g_db, g_a, aid, &h), DB_OK);
    assert_string_equal(h.valid_to, "2025-05-01");
    assert_int_equal(function_list_for_wijk(g_db, g_a, w.id, noord, "2025-05-01", &list, &n),
                     DB_OK);
    assert_int_equal(n, 2);
    assert_int_equal(function_end(g_db, g_a, NULL, 999999, "30-04-2025", &problem),
                     FUNCTION_NOT_FOUND);
    /* the audit holds the public facts only */
    assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'person_function' AND"
                           " action = 'end' AND after LIKE '%\"last_day\":\"30-04-2025\"%'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'person_function' AND"
                           " (after LIKE '%mail%' OR after LIKE '%phone%')"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_add_and_end),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
