/*
 * test_regie.c: the wijkregisseur's own time (domain/regie.h) on a real
 * SQLite file: what an entry must be (a day of the last year, never ahead
 * of the municipality's day; one of the two kinds; a short description on
 * one line; hours in quarters up to 24), and the figures per region with
 * the share of executing hours.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/regie.h"
#include "domain/seed.h"
#include "lib/arena.h"
#include "store/db.h"

#include <string.h>

#include "seeded_db.h"

static size_t check(const char *day, const char *kind, const char *text, const char *hours,
                    const char *today, struct regie_problem *p, bool *has, double *h)
{
    struct regie_input in = {.worked_on = day, .kind = kind, .description = text, .hours = hours};
    return regie_validate(&in, today, p, has, h);
}

static void test_validate(void **state)
{
    (void)state;
    struct regie_problem p[REGIE_MAX_PROBLEMS];
    bool has;
    double h;
    assert_int_equal(check("2026-12-06", "regie", "Wijkteam", "1,25", "2026-12-06", p, &has, &h),
                     0);
    assert_true(has);
    assert_true(h == 1.25);
    assert_int_equal(
        check("2026-12-06", "uitvoering", "Afvalbakken", "", "2026-12-06", p, &has, &h), 0);
    assert_false(has);
    /* the day: today and a year back, not tomorrow, not 367 days back */
    assert_int_equal(check("2026-12-07", "regie", "x", NULL, "2026-12-06", p, &has, &h), 1);
    assert_string_equal(p[0].field, "worked_on");
    assert_int_equal(check("2025-12-05", "regie", "x", NULL, "2026-12-06", p, &has, &h), 0);
    assert_int_equal(check("2025-12-04", "regie", "x", NULL, "2026-12-06", p, &has, &h), 1);
    assert_int_equal(check("2026-02-30", "regie", "x", NULL, "2026-12-06", p, &has, &h), 1);
    /* kind, description, hours; every problem in the order of the form */
    assert_int_equal(check("", "beide", " ", "1,3", "2026-12-06", p, &has, &h), 4);
    assert_string_equal(p[0].field, "worked_on");
    assert_string_equal(p[1].field, "kind");
    assert_string_equal(p[2].field, "description");
    assert_string_equal(p[3].field, "hours");
    assert_int_equal(check("2026-12-06", "regie", "een\ntwee", "24", "2026-12-06", p, &has, &h), 1);
    assert_string_equal(p[0].field, "description");
    assert_int_equal(check("2026-12-06", "regie", "x", "24,25", "2026-12-06", p, &has, &h), 1);
    assert_int_equal(check("2026-12-06", "regie", "x", "0", "2026-12-06", p, &has, &h), 1);
    char longer[400];
    memset(longer, 'a', 301);
    longer[301] = '\0';
    assert_int_equal(check("2026-12-06", "regie", longer, NULL, "2026-12-06", p, &has, &h), 1);
    longer[300] = '\0';
    assert_int_equal(check("2026-12-06", "regie", longer, NULL, "2026-12-06", p, &has, &h), 0);
}

static void test_figures(void **state)
{
    (void)state;
    assert_int_equal(regie_share_percent(0, 0), -1);
    assert_int_equal(regie_share_percent(1, 2), 33);
    assert_int_equal(regie_share_percent(2, 1), 67);
    /* two regisseurs (plain init has no users) */
    assert_int_equal(sqlite3_exec(db_handle(g_db),
                                  "INSERT INTO user (id, login, name, password_hash, created_at,"
                                  " password_changed_at) VALUES"
                                  " (1, 'r1', 'R1', 'x', '', ''), (2, 'r2', 'R2', 'x', '', '')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    int64_t id;
    struct regie_input a = {"2026-03-01", "regie", "Wijkteam", NULL};
    struct regie_input b = {"2026-03-02", "uitvoering", "Afvalbakken", NULL};
    struct regie_input c = {"2025-12-31", "uitvoering", "Vorig jaar", NULL};
    assert_int_equal(regie_record(g_db, 1, 1, &a, true, 6, 0, &id), 0);
    assert_int_equal(regie_record(g_db, 1, 1, &b, true, 1.5, 0, &id), 0);
    assert_int_equal(regie_record(g_db, 1, 1, &b, false, 0, 0, &id), 0);
    assert_int_equal(regie_record(g_db, 2, 2, &a, false, 0, 0, &id), 0);
    assert_int_equal(regie_record(g_db, 1, 1, &c, true, 8, 0, &id), 0);
    json_t *f = regie_figures(g_db, g_a, "2026-01-01", "2026-12-31");
    assert_non_null(f);
    json_t *regions = json_object_get(f, "regions"), *tot = json_object_get(f, "total");
    assert_int_equal(json_array_size(regions), 2);
    json_t *r1 = json_array_get(regions, 0);
    /* region 1: 6 h directing, 1.5 h executing (one entry without hours) */
    double rh = json_real_value(json_object_get(r1, "regie_hours"));
    double uh = json_real_value(json_object_get(r1, "uitvoering_hours"));
    json_t *r2 = json_array_get(regions, 1);
    if (rh == 0) { /* the order is by region name */
        json_t *x = r1;
        r1 = r2;
        r2 = x;
        rh = json_real_value(json_object_get(r1, "regie_hours"));
        uh = json_real_value(json_object_get(r1, "uitvoering_hours"));
    }
    assert_true(rh == 6 && uh == 1.5);
    assert_int_equal(json_integer_value(json_object_get(r1, "uitvoering_entries")), 2);
    assert_int_equal(json_integer_value(json_object_get(r1, "share")), 20);
    /* region 2: no hours at all, so no share */
    assert_true(json_is_null(json_object_get(r2, "share")));
    assert_int_equal(json_integer_value(json_object_get(r2, "regie_entries")), 1);
    assert_int_equal(json_integer_value(json_object_get(tot, "regie_entries")), 2);
    assert_int_equal(json_integer_value(json_object_get(tot, "uitvoering_entries")), 2);
    assert_int_equal(json_integer_value(json_object_get(tot, "share")), 20);
    json_decref(f);
    /* only one's own entry is deleted */
    assert_int_equal(regie_entry_delete(g_db, id, 2), DB_NOTFOUND);
    assert_int_equal(regie_entry_delete(g_db, id, 1), DB_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_figures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
