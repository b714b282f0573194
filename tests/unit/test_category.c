/*
 * test_category.c: the administrator's category and routing rule rules:
 * the checks of the forms (domain/category.c), slugs, and on a real SQLite
 * file with the demo organisation the store functions behind the pages:
 * the tree, editing a category, a new sub category, adding, moving,
 * switching off and ending rules, and why a rule is broken (and that a
 * broken rule never routes).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/category.h"
#include "domain/seed.h"
#include "domain/signal.h"
#include "store/org_store.h"
#include "store/signal_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[] = "/tmp/wr-test-category-XXXXXX";
static db *g_db;
static arena *g_a;
static const char *const ON = "2026-11-18";

static int setup(void **state)
{
    char err[512];
    if (!mkdtemp(g_dir) || auth_init() != 0 || db_setup(g_dir, err, sizeof err) != 0)
        return -1;
    g_db = db_thread();
    g_a = arena_new(1 << 16);
    struct seed_options so = {
        .jurisdiction_id = "zoetermeer.nl", .demo = 1, .demo_password = "test-password-1"};
    if (!g_db || seed_run(g_db, &so, err, sizeof err) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    arena_free(g_a);
    db_thread_close();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void exec(const char *sql)
{
    assert_int_equal(sqlite3_exec(db_handle(g_db), sql, NULL, NULL, NULL), SQLITE_OK);
}

/* --- the form checks ---------------------------------------------------- */

static void test_category_validate(void **state)
{
    int days = -1;
    assert_null(category_validate("Grofvuil", "We komen binnen een week.", "7", &days));
    assert_int_equal(days, 7);
    assert_null(category_validate("Grofvuil", NULL, "365", &days));
    assert_int_equal(days, 365);
    assert_null(category_validate("Grofvuil", "", "1", &days));
    assert_int_equal(days, 1);

    const char *bad_days[] = {
        "0", "366", "-3", "7.5", "zeven", " 7", "7 ", "0x10", "99999999999999999999", ""};
    for (size_t i = 0; i < sizeof bad_days / sizeof bad_days[0]; i++) {
        assert_non_null(category_validate("Grofvuil", NULL, bad_days[i], &days));
        assert_int_equal(days, 0);
    }
    assert_non_null(category_validate("Grofvuil", NULL, NULL, &days));

    assert_string_equal(category_validate("", NULL, "3", &days), "Vul een naam in.");
    assert_string_equal(category_validate("   ", NULL, "3", &days), "Vul een naam in.");
    assert_non_null(category_validate(NULL, NULL, "3", &days));
    assert_non_null(category_validate("Twee\nregels", NULL, "3", &days));

    char name[CATEGORY_NAME_MAX * 2 + 3];
    /* 100 characters of two bytes each are fine, 101 are not */
    for (size_t i = 0; i < CATEGORY_NAME_MAX; i++)
        memcpy(name + 2 * i, "\xc3\xa9", 2);
    name[2 * CATEGORY_NAME_MAX] = '\0';
    assert_null(category_validate(name, NULL, "3", &days));
    memcpy(name + 2 * CATEGORY_NAME_MAX, "x", 2);
    assert_non_null(category_validate(name, NULL, "3", &days));

    char *msg = arena_alloc(g_a, CATEGORY_MESSAGE_MAX + 2);
    memset(msg, 'm', CATEGORY_MESSAGE_MAX);
    assert_null(category_validate("Grofvuil", msg, "3", &days));
    msg[CATEGORY_MESSAGE_MAX] = 'm';
    assert_non_null(category_validate("Grofvuil", msg, "3", &days));
}

static void test_urgent_parse(void **state)
{
    int days = -1;
    assert_null(category_urgent_parse("1", 5, &days));
    assert_int_equal(days, 1);
    assert_null(category_urgent_parse("5", 5, &days));
    assert_int_equal(days, 5);
    assert_non_null(category_urgent_parse("6", 5, &days));
    assert_int_equal(days, 0);
    assert_non_null(category_urgent_parse("0", 5, &days));
    assert_non_null(category_urgent_parse("", 5, &days));
    assert_non_null(category_urgent_parse(NULL, 5, &days));
    assert_non_null(category_urgent_parse("een", 5, &days));
}

static void test_slug(void **state)
{
    char s[CATEGORY_SLUG_MAX + 1];
    assert_int_equal(category_slug("Container is vol", s, sizeof s), 0);
    assert_string_equal(s, "container-is-vol");
    assert_int_equal(category_slug("  Zwerfkéi op de stoep! ", s, sizeof s), 0);
    assert_string_equal(s, "zwerfkei-op-de-stoep");
    assert_int_equal(category_slug("Asbest / accu", s, sizeof s), 0);
    assert_string_equal(s, "asbest-accu");
    assert_int_equal(category_slug("ÀÉÎÕÜ çñ ß", s, sizeof s), 0);
    assert_string_equal(s, "aeiou-cn-s");
    assert_int_equal(category_slug("Overlast -- buren", s, sizeof s), 0);
    assert_string_equal(s, "overlast-buren");
    assert_int_equal(category_slug("Straat 12 (hoek)", s, sizeof s), 0);
    assert_string_equal(s, "straat-12-hoek");
    /* other scripts and signs leave nothing */
    assert_int_equal(category_slug("€ — 😀", s, sizeof s), -1);
    assert_string_equal(s, "");
    assert_int_equal(category_slug("", s, sizeof s), -1);
    assert_int_equal(category_slug(NULL, s, sizeof s), -1);
    /* a long name is cut, never with a dash at the end */
    char longname[400];
    for (size_t i = 0; i < sizeof longname - 1; i++)
        longname[i] = i % 4 == 3 ? ' ' : 'a';
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(category_slug(longname, s, sizeof s), 0);
    assert_true(strlen(s) <= CATEGORY_SLUG_MAX);
    assert_true(s[strlen(s) - 1] != '-');
    /* too small a buffer is refused, not overrun */
    char small[8];
    assert_int_equal(category_slug("Container", small, sizeof small), -1);
}

static struct rule_form form(void)
{
    struct rule_form f = {.category = "12",
                          .wijk = "",
                          .region = "",
                          .type = "",
                          .channel = "",
                          .target = "org:3",
                          .position = "15"};
    return f;
}

static void test_rule_validate(void **state)
{
    struct rule_values v;
    struct rule_form f = form();
    assert_null(rule_validate(&f, &v));
    assert_int_equal(v.category_id, 12);
    assert_int_equal(v.area_id, 0);
    assert_int_equal(v.region_id, 0);
    assert_null(v.type);
    assert_null(v.channel);
    assert_string_equal(v.target_kind, "organisation");
    assert_int_equal(v.target_org_id, 3);
    assert_int_equal(v.position, 15);

    f.category = NULL; /* absent: any */
    f.wijk = "4";
    f.type = "klacht";
    f.channel = "telefoon";
    f.target = "wijkregisseur";
    f.position = "1";
    assert_null(rule_validate(&f, &v));
    assert_int_equal(v.category_id, 0);
    assert_int_equal(v.area_id, 4);
    assert_string_equal(v.type, "klacht");
    assert_string_equal(v.channel, "telefoon");
    assert_string_equal(v.target_kind, "wijkregisseur");
    assert_int_equal(v.target_org_id, 0);

    f = form();
    f.region = "2";
    assert_null(rule_validate(&f, &v));
    assert_int_equal(v.region_id, 2);
    f.wijk = "4"; /* a wijk and a region */
    assert_non_null(rule_validate(&f, &v));

    struct {
        const char **field;
        const char *value;
    } bad[] = {
        {&f.category, "abc"},   {&f.category, "-1"},  {&f.category, "0"},       {&f.wijk, "1x"},
        {&f.region, "x"},       {&f.type, "roddel"},  {&f.channel, "fax"},      {&f.target, ""},
        {&f.target, "org:"},    {&f.target, "org:x"}, {&f.target, "regisseur"}, {&f.position, "0"},
        {&f.position, "10000"}, {&f.position, ""},    {&f.position, "1e3"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f = form();
        *bad[i].field = bad[i].value;
        assert_non_null(rule_validate(&f, &v));
    }
    f = form();
    f.target = NULL;
    assert_string_equal(rule_validate(&f, &v), "Kies waar de melding heen gaat.");

    int pos = 0;
    assert_null(rule_position_parse("9999", &pos));
    assert_int_equal(pos, 9999);
    assert_non_null(rule_position_parse(NULL, &pos));
}

static void test_broken_labels(void **state)
{
    assert_string_equal(rule_broken_label("category_inactive"),
                        "verwijst naar een categorie die niet meer actief is");
    assert_string_equal(rule_broken_label("wijk_gone"),
                        "verwijst naar een wijk die niet meer bestaat");
    assert_string_equal(rule_broken_label("nonsense"), "verwijst naar iets dat niet meer bestaat");
    assert_string_equal(rule_broken_label(NULL), "verwijst naar iets dat niet meer bestaat");
}

/* --- the store behind the pages ---------------------------------------- */

static void test_tree_and_edit(void **state)
{
    struct category *c;
    size_t n;
    assert_int_equal(category_list_all(g_db, g_a, &c, &n), DB_OK);
    assert_true(n > 130);
    /* every sub category comes after its main category, in one block */
    int64_t main = 0;
    size_t container = n;
    for (size_t i = 0; i < n; i++) {
        if (!c[i].parent_id)
            main = c[i].id;
        else
            assert_int_equal(c[i].parent_id, main);
        if (strcmp(c[i].name, "Container is vol") == 0)
            container = i;
    }
    assert_true(container < n);
    assert_int_equal(c[container].nquestions, 1);
    assert_int_equal(c[container].deadline_days, 3);

    int64_t id = c[container].id;
    assert_int_equal(category_update(g_db, id, "Container vol", NULL, 30, 0, 0, 1, 2), DB_OK);
    struct category got;
    assert_int_equal(category_get(g_db, g_a, id, &got), DB_OK);
    assert_string_equal(got.name, "Container vol");
    assert_null(got.handling_message);
    assert_int_equal(got.deadline_days, 30);
    assert_int_equal(got.deadline_working, 0);
    assert_int_equal(got.is_public, 0);
    assert_int_equal(got.confidential, 0);
    assert_int_equal(category_update(g_db, 999999, "x", NULL, 3, 1, 1, 1, 1), DB_NOTFOUND);
    /* the slug and parent never change */
    assert_string_equal(got.slug, "container-is-vol");
    assert_int_equal(category_update(g_db, id, "Container is vol", "Bericht", 3, 1, 1, 1, 1),
                     DB_OK);
}

static void test_new_sub_category(void **state)
{
    int64_t afval = category_id_by_slug(g_db, "afval", 1);
    assert_true(afval > 0);
    assert_int_equal(category_slug_taken(g_db, afval, "container-is-vol"), 1);
    assert_int_equal(category_slug_taken(g_db, afval, "zwerfkei"), 0);
    /* "afval" is taken among the main categories, not under afval */
    assert_int_equal(category_slug_taken(g_db, 0, "afval"), 1);
    assert_int_equal(category_slug_taken(g_db, afval, "afval"), 0);
    int64_t id = 0;
    assert_int_equal(
        category_insert(g_db, afval, "zwerfkei", "Zwerfkei", NULL, 2, 0, 1, 0, ON, &id), DB_OK);
    assert_true(id > 0);
    assert_int_equal(
        category_insert(g_db, afval, "zwerfkei", "Zwerfkei 2", NULL, 2, 0, 1, 0, ON, NULL),
        DB_CONSTRAINT);
    struct category c;
    assert_int_equal(category_get(g_db, g_a, id, &c), DB_OK);
    assert_int_equal(c.parent_id, afval);
    assert_int_equal(c.active, 1);
    /* it is offered on the form, at the end of its main category */
    struct category *list;
    size_t n;
    assert_int_equal(category_list(g_db, g_a, &list, &n), DB_OK);
    size_t at = n, last_afval = n;
    for (size_t i = 0; i < n; i++) {
        if (list[i].id == id)
            at = i;
        if (list[i].parent_id == afval)
            last_afval = i;
    }
    assert_true(at < n);
    assert_int_equal(at, last_afval);
}

static struct routing_rule *find(struct routing_rule *r, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (r[i].id == id)
            return &r[i];
    return NULL;
}

static void test_rules_add_move_end(void **state)
{
    int64_t grofvuil = category_id_by_slug(g_db, "grofvuil", 0);
    int64_t com = org_id_by_code(g_db, "COM"), sb = org_id_by_code(g_db, "SB");
    int64_t oosterheem = area_id_by_code(g_db, "wijk", "WK063706", 0);
    struct signal_route rt;
    assert_int_equal(signal_route(g_db, g_a, grofvuil, oosterheem, "melding", "web", ON, &rt), 0);
    assert_int_equal(rt.org_id, sb);

    /* position 1 is taken (zorgen om een buurtbewoner): the new rule goes before it */
    struct routing_rule nr = {.position = 1,
                              .category_id = grofvuil,
                              .target_kind = "organisation",
                              .target_org_id = com,
                              .active = 1};
    int64_t id = 0;
    assert_int_equal(routing_rule_make_room(g_db, 1, 0, ON), DB_OK);
    assert_int_equal(routing_rule_add(g_db, &nr, ON, &id), DB_OK);
    struct routing_rule *r;
    size_t n;
    assert_int_equal(routing_rule_list(g_db, g_a, ON, &r, &n), DB_OK);
    assert_int_equal(r[0].id, id);
    assert_int_equal(r[0].position, 1);
    assert_int_equal(r[1].position, 2);
    assert_string_equal(r[1].category_name, "Zorgen om een buurtbewoner");
    assert_string_equal(r[0].category_parent_name, "Afval");
    assert_string_equal(r[0].valid_from, ON);
    assert_null(r[0].valid_to);
    assert_false(r[0].broken);
    assert_null(r[0].broken_reason);
    assert_int_equal(signal_route(g_db, g_a, grofvuil, oosterheem, "melding", "web", ON, &rt), 0);
    assert_int_equal(rt.org_id, com);
    assert_int_equal(rt.rule_id, id);

    /* a free position moves nothing */
    assert_int_equal(routing_rule_make_room(g_db, 5, id, ON), DB_OK);
    assert_int_equal(db_changes(g_db), 0);
    assert_int_equal(routing_rule_update(g_db, id, 5, 0), DB_OK);
    assert_int_equal(routing_rule_update(g_db, 999999, 5, 0), DB_NOTFOUND);
    assert_int_equal(signal_route(g_db, g_a, grofvuil, oosterheem, "melding", "web", ON, &rt), 0);
    assert_int_equal(rt.org_id, sb); /* switched off */
    assert_int_equal(routing_rule_update(g_db, id, 5, 1), DB_OK);

    /* ending: not valid on that day any more, still there before it */
    assert_int_equal(routing_rule_end(g_db, id, ON), DB_OK);
    assert_int_equal(routing_rule_end(g_db, id, ON), DB_NOTFOUND);
    assert_int_equal(routing_rule_list(g_db, g_a, ON, &r, &n), DB_OK);
    assert_null(find(r, n, id));
    assert_int_equal(routing_rule_list(g_db, g_a, "2026-11-17", &r, &n), DB_OK);
    assert_null(find(r, n, id)); /* valid from ON: it never held the day before */
    assert_int_equal(routing_rule_list_ended(g_db, g_a, ON, 10, &r, &n), DB_OK);
    assert_true(n >= 1);
    assert_int_equal(r[0].id, id);
    assert_string_equal(r[0].valid_to, ON);
    struct routing_rule one;
    assert_int_equal(routing_rule_get(g_db, g_a, id, ON, &one), DB_OK);
    assert_int_equal(one.position, 5);
    assert_int_equal(routing_rule_get(g_db, g_a, 999999, ON, &one), DB_NOTFOUND);
    assert_int_equal(signal_route(g_db, g_a, grofvuil, oosterheem, "melding", "web", ON, &rt), 0);
    assert_int_equal(rt.org_id, sb);
}

static void test_broken_reasons(void **state)
{
    int64_t boom = category_id_by_slug(g_db, "boom", 0);
    int64_t groen = category_id_by_slug(g_db, "openbaar-groen-en-water", 1);
    int64_t com = org_id_by_code(g_db, "COM"), sb = org_id_by_code(g_db, "SB");
    int64_t wijk = area_id_by_code(g_db, "wijk", "WK063706", 0);
    assert_true(boom > 0 && groen > 0 && wijk > 0);
    struct routing_rule nr = {.position = 1,
                              .category_id = boom,
                              .area_id = wijk,
                              .target_kind = "organisation",
                              .target_org_id = com,
                              .active = 1};
    int64_t id = 0;
    assert_int_equal(routing_rule_add(g_db, &nr, "2014-01-01", &id), DB_OK);
    struct routing_rule r;
    struct signal_route rt;
    assert_int_equal(routing_rule_get(g_db, g_a, id, ON, &r), DB_OK);
    assert_false(r.broken);
    assert_string_equal(r.area_name, "Oosterheem");
    assert_int_equal(signal_route(g_db, g_a, boom, wijk, "melding", "web", ON, &rt), 0);
    assert_int_equal(rt.org_id, com);

    /* the main category switched off */
    exec("UPDATE category SET active = 0 WHERE slug = 'openbaar-groen-en-water'");
    assert_int_equal(routing_rule_get(g_db, g_a, id, ON, &r), DB_OK);
    assert_true(r.broken);
    assert_string_equal(r.broken_reason, "main_category_inactive");
    exec("UPDATE category SET active = 1 WHERE slug = 'openbaar-groen-en-water'");

    /* the category itself switched off */
    exec("UPDATE category SET active = 0 WHERE slug = 'boom'");
    assert_int_equal(routing_rule_get(g_db, g_a, id, ON, &r), DB_OK);
    assert_string_equal(r.broken_reason, "category_inactive");
    assert_int_equal(signal_route(g_db, g_a, boom, wijk, "melding", "web", ON, &rt), 0);
    assert_int_not_equal(rt.org_id, com); /* listed, never matched */
    exec("UPDATE category SET active = 1 WHERE slug = 'boom'");

    /* the wijk ended: broken from that day on, fine before */
    exec("UPDATE area SET valid_to = '2026-01-01' WHERE code = 'WK063706' AND kind = 'wijk'");
    assert_int_equal(routing_rule_get(g_db, g_a, id, ON, &r), DB_OK);
    assert_string_equal(r.broken_reason, "wijk_gone");
    assert_int_equal(signal_route(g_db, g_a, boom, wijk, "melding", "web", ON, &rt), 0);
    assert_int_equal(rt.org_id, sb);
    assert_int_equal(routing_rule_get(g_db, g_a, id, "2025-12-31", &r), DB_OK);
    assert_false(r.broken);
    exec("UPDATE area SET valid_to = NULL WHERE code = 'WK063706' AND kind = 'wijk'");

    /* a region that is gone, an organisation that is gone (foreign keys off for the test) */
    exec("PRAGMA foreign_keys = OFF");
    exec("UPDATE routing_rule SET area_id = NULL, region_id = 999999 WHERE id = (SELECT max(id)"
         " FROM routing_rule)");
    assert_int_equal(routing_rule_get(g_db, g_a, id, ON, &r), DB_OK);
    assert_string_equal(r.broken_reason, "region_gone");
    assert_null(r.region_name);
    exec("UPDATE routing_rule SET region_id = NULL, target_org_id = 999999 WHERE id = (SELECT"
         " max(id) FROM routing_rule)");
    assert_int_equal(routing_rule_get(g_db, g_a, id, ON, &r), DB_OK);
    assert_string_equal(r.broken_reason, "organisation_gone");
    assert_null(r.target_name);
    exec("UPDATE routing_rule SET category_id = 999999, target_org_id = NULL,"
         " target_kind = 'wijkregisseur' WHERE id = (SELECT max(id) FROM routing_rule)");
    assert_int_equal(routing_rule_get(g_db, g_a, id, ON, &r), DB_OK);
    assert_string_equal(r.broken_reason, "category_gone");
    exec("DELETE FROM routing_rule WHERE id = (SELECT max(id) FROM routing_rule)");
    exec("PRAGMA foreign_keys = ON");
}

static void test_message_days(void **state)
{
    (void)state;
    assert_int_equal(category_message_days_mismatch("We legen hem binnen 5 werkdagen.", 3), 5);
    assert_int_equal(category_message_days_mismatch("binnen 3 werkdagen", 3), 0);
    assert_int_equal(category_message_days_mismatch("Binnen 10 kalenderdagen", 10), 0);
    assert_int_equal(category_message_days_mismatch("Binnen 10 kalenderdagen", 1), 10);
    assert_int_equal(category_message_days_mismatch("Binnen 1 dag of 14 dagen", 1), 14);
    assert_int_equal(category_message_days_mismatch("Bel 14 020 of kom langs", 3), 0);
    assert_int_equal(category_message_days_mismatch("Binnen een maand", 3), 0);
    assert_int_equal(category_message_days_mismatch(NULL, 3), 0);
    assert_int_equal(category_message_days_mismatch("", 3), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message_days),
        cmocka_unit_test(test_category_validate),
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_urgent_parse),
        cmocka_unit_test(test_rule_validate),
        cmocka_unit_test(test_broken_labels),
        cmocka_unit_test(test_tree_and_edit),
        cmocka_unit_test(test_new_sub_category),
        cmocka_unit_test(test_rules_add_move_end),
        cmocka_unit_test(test_broken_reasons),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
