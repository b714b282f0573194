/*
 * test_knowledge.c: the rules of a wijk's knowledge page: what a question
 * and a note need, and who may write them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/knowledge.h"

static const char *first_field(const struct knowledge_input *in, size_t *n)
{
    static struct knowledge_problem p[KNOWLEDGE_MAX_PROBLEMS];
    *n = knowledge_validate(in, "2026-06-15", p);
    return *n ? p[0].field : NULL;
}

static void test_question(void **state)
{
    (void)state;
    size_t n;
    struct knowledge_input q = {.kind = "vraag",
                                .title = "Waar haal ik strooizout?",
                                .body = "Aan de balie.",
                                .date = "2026-06-15",
                                .position = "3"};
    assert_null(first_field(&q, &n));
    q.position = "";
    assert_null(first_field(&q, &n));
    q.position = "1000";
    assert_string_equal(first_field(&q, &n), "position");
    q.position = "-1";
    assert_string_equal(first_field(&q, &n), "position");
    q.position = "2";
    q.date = "2026-06-16"; /* checked tomorrow */
    assert_string_equal(first_field(&q, &n), "date");
    q.date = NULL;
    assert_string_equal(first_field(&q, &n), "date");
    q.date = "15-06-2026"; /* the web layer turns a typed date into ISO first */
    assert_string_equal(first_field(&q, &n), "date");
    q.date = "2026-06-01";
    q.body = "  \n";
    assert_string_equal(first_field(&q, &n), "body");
    q.title = "";
    first_field(&q, &n);
    assert_int_equal(n, 2);
}

static void test_notes(void **state)
{
    (void)state;
    size_t n;
    struct knowledge_input p = {.kind = "project", .title = "Speeltuin", .body = ""};
    assert_null(first_field(&p, &n)); /* a project needs no text and no date */
    struct knowledge_input m = {.kind = "bijeenkomst", .title = "Wijkoverleg"};
    assert_string_equal(first_field(&m, &n), "date");
    m.date = "2099-01-01"; /* a meeting may lie ahead */
    assert_null(first_field(&m, &n));
    m.kind = "roddel";
    assert_string_equal(first_field(&m, &n), "kind");
}

static void test_who_writes(void **state)
{
    (void)state;
    struct user noord = {.id = 1, .nroles = 1};
    noord.roles[0] = (struct user_role){.role = ROLE_WIJKREGISSEUR, .region_id = 1};
    assert_true(knowledge_may_edit(&noord, 1));
    assert_false(knowledge_may_edit(&noord, 2));
    assert_false(knowledge_may_edit(&noord, 0)); /* a wijk in no region */
    struct user admin = {.id = 2, .nroles = 1};
    admin.roles[0] = (struct user_role){.role = ROLE_BEHEERDER};
    assert_true(knowledge_may_edit(&admin, 2));
    assert_true(knowledge_may_edit(&admin, 0));
    struct user balie = {.id = 3, .nroles = 1};
    balie.roles[0] = (struct user_role){.role = ROLE_BALIE, .org_id = 1};
    assert_false(knowledge_may_edit(&balie, 1));
    assert_false(knowledge_may_edit(NULL, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_question),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_who_writes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
