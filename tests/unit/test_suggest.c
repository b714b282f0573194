/*
 * test_suggest.c: the category suggestion. The tokenizer's words and word
 * pairs; the trainer dropping rare features and ranking; on a demo database
 * (a year of the history `init --demo` makes) the model never learning from confidential
 * signals, descriptions or categories, and its accuracy on hand-written descriptions of
 * residents (tests/unit/data/category-suggestions.tsv: category slug, tab,
 * description), which it has never seen: the right category among the
 * three suggested for at least 70% of them. Both figures are printed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/seed.h"
#include "domain/signal.h"
#include "domain/suggest.h"
#include "domain/calendar.h"
#include "lib/nbayes.h"
#include "store/signal_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- the tokenizer ----------------------------------------------------------------- */

struct collected {
    char buf[4096];
    size_t len;
    int n;
};

static void collect(void *ctx, const char *f, size_t len)
{
    struct collected *c = ctx;
    if (c->len + len + 2 < sizeof c->buf) {
        memcpy(c->buf + c->len, f, len);
        c->len += len;
        c->buf[c->len++] = '|';
        c->buf[c->len] = '\0';
    }
    c->n++;
}

static const char *features(const char *text)
{
    static struct collected c;
    memset(&c, 0, sizeof c);
    size_t n = nb_features(text, strlen(text), collect, &c);
    assert_int_equal(n, (size_t)c.n);
    return c.buf;
}

static void test_features(void **state)
{
    (void)state;
    /* lower case, function words and numbers out, pairs of the words kept */
    assert_string_equal(features("De Lantaarnpaal bij nummer 12 brandt niet!"),
                        "lantaarnpaal|nummer|lantaarnpaal nummer|brandt|nummer brandt|niet|"
                        "brandt niet|");
    /* accents folded; apostrophes and dashes separate words; one letter is no word */
    assert_string_equal(features("Café’s  e-mail Überweg"),
                        "cafe|mail|cafe mail|uberweg|mail uberweg|");
    /* invalid UTF-8 separates words; other scripts stay as they are */
    assert_string_equal(features("rat\xff\xfemuis Ελλάδα"),
                        "rat|muis|rat muis|Ελλάδα|muis Ελλάδα|");
    assert_string_equal(features(""), "");
    assert_string_equal(features("de het een 2026"), "");
    /* a long word is cut at NB_MAX_WORD bytes, not in a character */
    char longw[200];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    longw[NB_MAX_WORD - 1] = '\xc5'; /* ł across the cut: left out whole */
    longw[NB_MAX_WORD] = '\x82';
    const char *f = features(longw);
    assert_int_equal(strlen(f), NB_MAX_WORD - 1 + 1);
}

/* --- training and ranking ---------------------------------------------------------- */

static void test_rank(void **state)
{
    (void)state;
    nb_trainer *t = nb_trainer_new();
    assert_non_null(t);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(nb_trainer_add(t, 10, "lantaarnpaal brandt niet", 24), 0);
        assert_int_equal(nb_trainer_add(t, 20, "container zit vol", 17), 0);
    }
    /* seen in 4 texts: below the threshold of 5, so it counts for nothing */
    for (int i = 0; i < 4; i++)
        assert_int_equal(nb_trainer_add(t, 30, "zeldzaamwoord", 13), 0);
    assert_int_equal(nb_trainer_texts(t), 16);
    nb_model *m = nb_trainer_finish(t, 5, 0.1);
    nb_trainer_free(t);
    assert_non_null(m);
    assert_int_equal(nb_model_labels(m), 3);
    /* lantaarnpaal, brandt, niet, container, zit, vol and their four pairs */
    assert_int_equal(nb_model_features(m), 10);
    int64_t l[3];
    double p[3];
    assert_int_equal(nb_rank(m, "De paal brandt niet meer", 24, 3, l, p), 3);
    assert_int_equal(l[0], 10);
    assert_true(p[0] > 0.9 && p[0] <= 1.0 && p[1] >= p[2]);
    assert_int_equal(nb_rank(m, "Container VOL", 13, 1, l, NULL), 1);
    assert_int_equal(l[0], 20);
    /* nothing known: nothing suggested */
    assert_int_equal(nb_rank(m, "zeldzaamwoord", 13, 3, l, p), 0);
    assert_int_equal(nb_rank(m, "", 0, 3, l, p), 0);
    nb_model_free(m);
    /* no texts, no model */
    t = nb_trainer_new();
    assert_null(nb_trainer_finish(t, 5, 0.1));
    nb_trainer_free(t);
}

/* Training at start, then once a night after the night hour. */
static void test_due(void **state)
{
    (void)state;
    int64_t day0; /* 1 June 2026 00:00 in Zoetermeer */
    assert_int_equal(cal_to_unix(cal_from_ymd(2026, 6, 1), 0, &day0), 0);
    assert_true(suggest_due(0, day0));
    int64_t h = 3600;
    assert_false(suggest_due(day0 + 1 * h, day0 + 2 * h));  /* same night, before 03:00 */
    assert_true(suggest_due(day0 + 1 * h, day0 + 3 * h));   /* 03:00 after a start at 01:00 */
    assert_false(suggest_due(day0 + 3 * h, day0 + 23 * h)); /* trained this night */
    assert_false(suggest_due(day0 + 3 * h, day0 + 26 * h)); /* next day, 02:00 */
    assert_true(suggest_due(day0 + 3 * h, day0 + 27 * h));  /* next night, 03:00 */
}

/* --- on a demo database ------------------------------------------------------------- */

static char g_dir[] = "/tmp/wr-test-suggest-XXXXXX";
static db *g_db;

static int setup_db(void **state)
{
    (void)state;
    char err[512];
    if (auth_init() != 0 || !mkdtemp(g_dir) || db_setup(g_dir, err, sizeof err) != 0)
        return -1;
    g_db = db_thread();
    struct seed_options so = {.jurisdiction_id = "zoetermeer.nl",
                              .demo = 1,
                              .demo_password = "test-password-1",
                              .demo_date = "2026-06-30",
                              .demo_seed = 7};
    if (!g_db || seed_run(g_db, &so, err, sizeof err) != 0) {
        fprintf(stderr, "seed_run: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown_db(void **state)
{
    (void)state;
    suggest_publish(NULL);
    db_thread_close();
    signal_areas_free();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void exec_sql(const char *sql)
{
    assert_int_equal(sqlite3_exec(db_handle(g_db), sql, NULL, NULL, NULL), SQLITE_OK);
}

struct seen {
    int confidential_category;
    long n;
};

static int check_text(void *ctx, int64_t category_id, const char *text, size_t len)
{
    struct seen *s = ctx;
    (void)text;
    (void)len;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(g_db),
                                        "SELECT c.confidential OR p.confidential FROM category c"
                                        " JOIN category p ON p.id = c.parent_id WHERE c.id = ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, category_id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    s->confidential_category += sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    s->n++;
    return 0;
}

/* A word only confidential signals hold is never learned, however often. */
static void test_never_confidential(void **state)
{
    (void)state;
    struct seen s = {0, 0};
    assert_int_equal(signal_training_texts(g_db, SUGGEST_TRAINING_LIMIT, check_text, &s), DB_OK);
    assert_true(s.n > 1000);
    assert_int_equal(s.confidential_category, 0);
    /* confidential signals of a public category, and signals of the
     * confidential category, with a word of their own */
    exec_sql("BEGIN");
    exec_sql("CREATE TEMP TABLE pick AS SELECT id FROM signal WHERE confidential = 0"
             " ORDER BY id DESC LIMIT 40");
    exec_sql("UPDATE signal SET description = 'geheimwoord geheimwoord', confidential = 1"
             " WHERE id IN (SELECT id FROM pick LIMIT 20)");
    exec_sql("UPDATE signal SET description = 'geheimwoord geheimwoord', category_id ="
             " (SELECT c.id FROM category c WHERE c.confidential = 1 AND c.parent_id IS NOT NULL"
             " LIMIT 1) WHERE id IN (SELECT id FROM pick LIMIT 20 OFFSET 20)");
    /* written while the care network held it, handed out since */
    exec_sql("UPDATE signal SET description = 'zorgwoord zorgwoord', intake_confidential = 1"
             " WHERE id IN (SELECT id FROM signal WHERE confidential = 0 AND id NOT IN"
             " (SELECT id FROM pick) ORDER BY id DESC LIMIT 20)");
    nb_model *m = suggest_train(g_db);
    exec_sql("ROLLBACK");
    assert_non_null(m);
    int64_t l[3];
    assert_int_equal(nb_rank(m, "geheimwoord", 11, 3, l, NULL), 0);
    assert_int_equal(nb_rank(m, "zorgwoord", 9, 3, l, NULL), 0);
    /* the confidential category is no label at all */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(g_db),
                                        "SELECT id FROM category WHERE confidential = 1", -1, &st,
                                        NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t cid = sqlite3_column_int64(st, 0);
        for (int k = 0; k < 3; k++)
            l[k] = 0;
        size_t n = nb_rank(m, "zorgen buurman buurvrouw verward", 32, 3, l, NULL);
        for (size_t k = 0; k < n; k++)
            assert_true(l[k] != cid);
    }
    sqlite3_finalize(st);
    nb_model_free(m);
}

/* Hand-written descriptions: top-1 and top-3 accuracy of the model trained
 * on the demo history, through the same call the form uses. */
static void test_accuracy(void **state)
{
    (void)state;
    assert_int_equal(suggest_retrain(g_db), 0);
    FILE *f = fopen("tests/unit/data/category-suggestions.tsv", "r");
    assert_non_null(f);
    char line[1024];
    int total = 0, top1 = 0, top3 = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || line[0] == '#')
            continue;
        *tab = '\0';
        const char *text = tab + 1;
        int64_t want = category_id_by_slug(g_db, line, -1);
        assert_true(want > 0);
        int64_t ids[SUGGEST_MAX];
        size_t n = suggest_categories(text, strlen(text), SUGGEST_MAX, ids);
        total++;
        for (size_t k = 0; k < n; k++)
            if (ids[k] == want) {
                top1 += k == 0;
                top3++;
            }
    }
    fclose(f);
    assert_true(total >= 300);
    printf("category suggestion on %d hand-written descriptions: top-1 %.1f%%, top-3 %.1f%%\n",
           total, 100.0 * top1 / total, 100.0 * top3 / total);
    assert_true(top3 * 100 >= 70 * total);
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_rank),
        cmocka_unit_test(test_due),
    };
    const struct CMUnitTest demo[] = {
        cmocka_unit_test(test_never_confidential),
        cmocka_unit_test(test_accuracy),
    };
    int rc = cmocka_run_group_tests_name("suggest", pure, NULL, NULL);
    rc += cmocka_run_group_tests_name("suggest on a demo database", demo, setup_db, teardown_db);
    return rc;
}
