/*
 * test_story.c: success stories (domain/story.c) on a real SQLite file:
 * what a story needs, and the consent rule: a photo showing recognisable
 * people needs the recorded consent (who, on which day, not in the future)
 * before its story is published, and is never shown without it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/seed.h"
#include "domain/story.h"
#include "store/story_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seeded_db.h"

static void test_validation(void **state)
{
    (void)state;
    struct story_problem p[STORY_MAX_PROBLEMS];
    struct story_input in = {0};
    assert_int_equal(story_validate(&in, p), 4);
    assert_string_equal(p[0].field, "title");
    assert_string_equal(p[3].field, "date");
    in = (struct story_input){.title = "Opruimdag",
                              .summary = "Buren ruimden op.",
                              .body = "Veertig buren.",
                              .date = "2026-03-01"};
    assert_int_equal(story_validate(&in, p), 0);
    in.title = "Twee\nregels";
    in.wijk_unknown = true;
    assert_int_equal(story_validate(&in, p), 2);
    assert_string_equal(p[0].field, "title");
    assert_string_equal(p[1].field, "wijk");
}

static void test_consent_rule_for_one_photo(void **state)
{
    (void)state;
    const char *f = NULL;
    const char *today = "2026-06-15";
    assert_non_null(story_photo_problem("", false, NULL, NULL, today, &f));
    assert_string_equal(f, "alt");
    /* no recognisable people: no consent needed */
    assert_null(story_photo_problem("Een bankje", false, NULL, NULL, today, &f));
    /* recognisable, consent not yet given: allowed on a draft */
    assert_null(story_photo_problem("Buren", true, NULL, NULL, today, &f));
    /* consent recorded halfway or wrongly */
    assert_non_null(story_photo_problem("Buren", true, "Els", NULL, today, &f));
    assert_string_equal(f, "consent_on");
    assert_non_null(story_photo_problem("Buren", true, NULL, "2026-06-01", today, &f));
    assert_string_equal(f, "consent_by");
    assert_non_null(story_photo_problem("Buren", true, "Els", "2026-06-16", today, &f));
    assert_string_equal(f, "consent_on");
    assert_non_null(story_photo_problem("Buren", true, "Els", "16-06-2026", today, &f));
    assert_null(story_photo_problem("Buren", true, "Els", "2026-06-15", today, &f));

    struct story_photo_row p = {.recognisable = true};
    assert_false(story_photo_may_show(&p));
    p.consent_by = "Els";
    p.consent_on = "2026-06-01";
    assert_true(story_photo_may_show(&p));
    p = (struct story_photo_row){.recognisable = false};
    assert_true(story_photo_may_show(&p));
}

static void test_publishing_waits_for_consent(void **state)
{
    (void)state;
    struct story_input in = {.title = "Koffie op het plein",
                             .summary = "Meer mensen gesproken.",
                             .body = "Twee zaterdagen.",
                             .date = "2026-03-01"};
    int64_t id = 0, pid = 0;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(story_save(g_db, 0, &in, 0, 1000, &id), DB_OK);
    struct story_photo_row ph = {.story_id = id,
                                 .file = "aa/x.jpg",
                                 .thumb = "aa/y.jpg",
                                 .alt = "Buren",
                                 .width = 10,
                                 .height = 10,
                                 .recognisable = true};
    assert_int_equal(story_photo_insert(g_db, &ph, &pid), DB_OK);
    assert_int_equal(story_publish(g_db, g_a, id, true, 0, 2000), STORY_NEEDS_CONSENT);
    struct story_row s;
    assert_int_equal(story_get(g_db, g_a, id, &s), DB_OK);
    assert_int_equal(s.published_at, 0);
    /* the same photo with consent recorded */
    assert_int_equal(story_photo_delete(g_db, id, pid), DB_OK);
    ph.consent_by = "Els";
    ph.consent_on = "2026-02-28";
    assert_int_equal(story_photo_insert(g_db, &ph, &pid), DB_OK);
    assert_int_equal(story_publish(g_db, g_a, id, true, 0, 2000), STORY_OK);
    /* publishing again keeps the first day it appeared */
    assert_int_equal(story_publish(g_db, g_a, id, true, 0, 3000), STORY_OK);
    assert_int_equal(story_get(g_db, g_a, id, &s), DB_OK);
    assert_int_equal(s.published_at, 2000);
    struct story_filter f = {.published_only = true, .area_id = -1};
    struct story_row *rows;
    size_t n;
    assert_int_equal(story_list(g_db, g_a, &f, 10, &rows, &n), DB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(story_publish(g_db, g_a, id, false, 0, 4000), STORY_OK);
    assert_int_equal(story_list(g_db, g_a, &f, 10, &rows, &n), DB_OK);
    assert_int_equal(n, 0);
    assert_int_equal(story_publish(g_db, g_a, 999999, true, 0, 4000), STORY_NOT_FOUND);
    db_rollback(g_db);
}

static void test_recognisable_photo_without_consent_refused_on_published_story(void **state)
{
    (void)state;
    struct story_input in = {.title = "Buurtschouw",
                             .summary = "Twintig plekken.",
                             .body = "Een ochtend.",
                             .date = "2026-03-01"};
    int64_t id = 0, pid = 0;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(story_save(g_db, 0, &in, 0, 1000, &id), DB_OK);
    assert_int_equal(story_publish(g_db, g_a, id, true, 0, 2000), STORY_OK);
    assert_int_equal(db_commit(g_db), DB_OK);
    const char *problem = NULL, *field = NULL;
    /* refused before any image is decoded or stored */
    assert_int_equal(story_add_photo(g_db, g_a, id, "x", 1, "Buren", true, NULL, NULL, "2026-06-15",
                                     &pid, &problem, &field),
                     STORY_NEEDS_CONSENT);
    assert_string_equal(field, "consent_by");
    struct story_photo_row *p;
    size_t n;
    assert_int_equal(story_photos(g_db, g_a, id, &p, &n), DB_OK);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_consent_rule_for_one_photo),
        cmocka_unit_test(test_publishing_waits_for_consent),
        cmocka_unit_test(test_recognisable_photo_without_consent_refused_on_published_story),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
