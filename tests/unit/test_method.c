/*
 * test_method.c: the menu of participation methods (domain/method.c) on a
 * real SQLite file: init loads the fifteen general descriptions once, also
 * when run again, and never overwrites a colleague's change; validation
 * names every missing or unknown field; a method is found by each facet.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/method.h"
#include "domain/seed.h"
#include "store/method_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seeded_db.h"

static size_t count(const char *goal, const char *group, const char *effort)
{
    struct method_row *m;
    size_t n;
    assert_int_equal(method_list(g_db, g_a, goal, group, effort, &m, &n), DB_OK);
    return n;
}

static void test_validation_names_each_field(void **state)
{
    struct method_input in = {.name = "  ", .effort = "enorm"};
    in.goals[in.ngoals++] = "toveren";
    struct method_problem p[METHOD_MAX_PROBLEMS];
    size_t n = method_validate(&in, p);
    const char *want[] = {"name", "summary", "good_for", "doel", "groep", "effort", "cost"};
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(p[i].field, want[i]);
    struct method_input ok = {.name = "Buurtbarbecue",
                              .summary = "Eten op straat.",
                              .good_for = "Buren leren elkaar kennen.",
                              .effort = "klein",
                              .cost = "laag"};
    ok.goals[ok.ngoals++] = "verbinden";
    ok.groups[ok.ngroups++] = "bewoners";
    assert_int_equal(method_validate(&ok, p), 0);
}

static void test_seeded_once_and_found_by_facets(void **state)
{
    assert_int_equal(count(NULL, NULL, NULL), 15);
    assert_int_equal(count(NULL, "jongeren", NULL), 5);
    assert_int_equal(count("signaleren", "ouderen", "klein"), 1);
    assert_int_equal(count(NULL, NULL, "groot"), 3);
    /* a colleague's change survives another init */
    struct method_row m;
    assert_int_equal(method_get(g_db, g_a, 1, &m), DB_OK);
    assert_string_equal(m.slug, "wijktafel");
    assert_string_equal(m.goals, "samenwerken,signaleren,verbinden");
    assert_string_equal(m.contact, ""); /* whom to ask is demo data */
    assert_int_equal(db_begin_write(g_db), DB_OK);
    struct method_input in = {.name = m.name,
                              .summary = "Door een collega herschreven.",
                              .good_for = m.good_for,
                              .effort = "groot",
                              .cost = m.cost};
    in.goals[in.ngoals++] = "verbinden";
    in.groups[in.ngroups++] = "bewoners";
    assert_int_equal(method_change(g_db, 1, &in, 0, 1700000000), DB_OK);
    assert_int_equal(db_commit(g_db), DB_OK);
    char err[512];
    struct seed_options so = {.jurisdiction_id = "zoetermeer.nl"};
    assert_int_equal(seed_run(g_db, &so, err, sizeof err), 0);
    assert_int_equal(count(NULL, NULL, NULL), 15);
    assert_int_equal(method_get(g_db, g_a, 1, &m), DB_OK);
    assert_string_equal(m.summary, "Door een collega herschreven.");
    assert_string_equal(m.effort, "groot");
    assert_string_equal(m.goals, "verbinden");
}

static void test_same_name_refused(void **state)
{
    struct method_input in = {
        .name = "WIJKTAFEL!", .summary = "x", .good_for = "y", .effort = "klein", .cost = "laag"};
    in.goals[in.ngoals++] = "verbinden";
    in.groups[in.ngroups++] = "bewoners";
    int64_t id = 0;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(method_create(g_db, &in, 0, 1700000000, &id), DB_CONSTRAINT);
    db_rollback(g_db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation_names_each_field),
        cmocka_unit_test(test_seeded_once_and_found_by_facets),
        cmocka_unit_test(test_same_name_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
