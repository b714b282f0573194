/*
 * test_budget.c: the budget of wijkgericht werken (domain/budget.c) on a
 * real SQLite file: plain init loads the audit's 2016 lines with its
 * subtotals and total to the cent; loading again updates instead of adding;
 * a budget whose lines do not add up to its totals, or with an amount that
 * is no whole number of euros, is refused; the demonstration years give the
 * change per line and in total, "not recorded" for a new line, and are
 * marked demo; the council report's totals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/budget.h"
#include "domain/seed.h"
#include "store/budget_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seeded_db.h"

static size_t line_count(int year)
{
    struct budget_line *l;
    size_t n;
    assert_int_equal(budget_lines(g_db, g_a, year, &l, &n), DB_OK);
    return n;
}

static const struct budget_row *row(const struct budget_year *b, const char *kind, const char *line)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->rows[i].line->kind, kind) == 0 && strcmp(b->rows[i].line->line, line) == 0)
            return &b->rows[i];
    return NULL;
}

/* The audit's figures: personnel EUR 1,693,452, activities EUR 1,306,248,
 * together EUR 2,999,700; facts, not demo; no year before. */
static void test_2016_totals(void **state)
{
    struct budget_year b;
    assert_int_equal(budget_year_get(g_db, g_a, 2016, &b), DB_OK);
    assert_true(b.found);
    assert_false(b.demo);
    assert_int_equal(b.n, 11);
    assert_int_equal(b.personnel_cents, INT64_C(169345200));
    assert_int_equal(b.activities_cents, INT64_C(130624800));
    assert_int_equal(b.total_cents, INT64_C(299970000));
    assert_false(b.has_prev);
    const struct budget_row *w = row(&b, "activiteiten", "Inwonerbudgetten");
    assert_non_null(w);
    assert_string_equal(w->line->programme, "wijk-aan-zet");
    assert_int_equal(w->line->amount_cents, INT64_C(10658100));
    assert_false(w->has_prev);
    /* plain init adds no later years */
    assert_int_equal(line_count(2017), 0);
}

static void test_seed_twice_does_not_duplicate(void **state)
{
    char err[512];
    struct seed_options so = {.jurisdiction_id = "zoetermeer.nl"};
    assert_int_equal(seed_run(g_db, &so, err, sizeof err), 0);
    assert_int_equal(line_count(0), 11);
}

static void test_refuses_bad_budgets(void **state)
{
    static const char wrong_total[] =
        "{\"year\": 2001, \"personnel\": [{\"line\": \"A\", \"eur\": 10, \"programme\": \"p\"}],"
        " \"personnel_total\": 11, \"activities\": []}";
    static const char fraction[] =
        "{\"year\": 2001, \"personnel\": [{\"line\": \"A\", \"eur\": 10.5, \"programme\": \"p\"}],"
        " \"activities\": []}";
    static const char no_year[] = "{\"personnel\": [], \"activities\": []}";
    char err[256];
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(budget_load_json(g_db, wrong_total, strlen(wrong_total), err, sizeof err), -1);
    assert_non_null(strstr(err, "do not add up"));
    assert_int_equal(budget_load_json(g_db, fraction, strlen(fraction), err, sizeof err), -1);
    assert_int_equal(budget_load_json(g_db, no_year, strlen(no_year), err, sizeof err), -1);
    db_rollback(g_db);
    assert_int_equal(line_count(2001), 0);
}

static void test_demo_years_and_changes(void **state)
{
    char err[256];
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(budget_generate_demo(g_db, g_a, 2026, err, sizeof err), 0);
    assert_int_equal(budget_generate_demo(g_db, g_a, 2026, err, sizeof err), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    /* generated twice, stored once */
    assert_int_equal(line_count(2017), 11);
    assert_int_equal(line_count(2026), 11); /* Palenstein Leeft ended, flexible budget added */

    struct budget_year b;
    assert_int_equal(budget_year_get(g_db, g_a, 2017, &b), DB_OK);
    assert_true(b.demo);
    assert_true(b.has_prev);
    assert_int_equal(b.prev_total_cents, INT64_C(299970000));
    const struct budget_row *h = row(&b, "personeel", "Wijkhandhavers");
    assert_non_null(h);
    assert_true(h->has_prev);
    assert_int_equal(h->prev_cents, INT64_C(49407200));
    assert_int_equal(h->line->amount_cents, INT64_C(50642400)); /* +2.5% */
    int64_t sum = 0;
    for (size_t i = 0; i < b.n; i++)
        sum += b.rows[i].line->amount_cents;
    assert_int_equal(sum, b.total_cents);
    assert_int_equal(b.personnel_cents + b.activities_cents, b.total_cents);

    assert_int_equal(budget_year_get(g_db, g_a, 2020, &b), DB_OK);
    const struct budget_row *f = row(&b, "activiteiten", "Flexibel wijkbudget");
    assert_non_null(f);
    assert_false(f->has_prev);
    assert_int_equal(f->line->amount_cents, INT64_C(5000000));
    assert_null(row(&b, "activiteiten", "Wijkactivering Palenstein Leeft"));

    /* the 2016 facts stay facts */
    assert_int_equal(budget_year_get(g_db, g_a, 2016, &b), DB_OK);
    assert_false(b.demo);
    assert_int_equal(b.total_cents, INT64_C(299970000));
}

static void test_report_json(void **state)
{
    json_t *j = budget_report_json(g_db, g_a, 2016);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "total_cents")), INT64_C(299970000));
    assert_int_equal(json_integer_value(json_object_get(j, "personnel_cents")), INT64_C(169345200));
    assert_true(json_is_null(json_object_get(j, "previous_total_cents")));
    json_decref(j);
    j = budget_report_json(g_db, g_a, 2040);
    assert_true(json_is_null(j));
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_2016_totals),
        cmocka_unit_test(test_seed_twice_does_not_duplicate),
        cmocka_unit_test(test_refuses_bad_budgets),
        cmocka_unit_test(test_demo_years_and_changes),
        cmocka_unit_test(test_report_json),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
