/*
 * seeded_db.h: the fixture of the unit tests that need the database as plain
 * `init` leaves it: a fresh folder under /tmp, every migration, the seed
 * (wijken, categories, the 2016 facts). Include it once, in the test file,
 * after the headers of auth, db, seed and arena; it gives g_db, g_a and the
 * cmocka group's setup and teardown.
 */
#ifndef WR_TEST_SEEDED_DB_H
#define WR_TEST_SEEDED_DB_H

#include <stdio.h>
#include <stdlib.h>

static char g_dir[] = "/tmp/wr-test-XXXXXX";
static db *g_db;
static arena *g_a;

static int setup(void **state)
{
    (void)state;
    char err[512];
    if (!mkdtemp(g_dir) || auth_init() != 0 || db_setup(g_dir, err, sizeof err) != 0)
        return -1;
    g_db = db_thread();
    g_a = arena_new(1 << 16);
    struct seed_options so = {.jurisdiction_id = "zoetermeer.nl"};
    return g_db && g_a && seed_run(g_db, &so, err, sizeof err) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(g_a);
    db_thread_close();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
