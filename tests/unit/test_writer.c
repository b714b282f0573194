/*
 * test_writer.c: group commit and the bounded page cache, on a real SQLite
 * file: a write alone commits or rolls back as one; writes queued while the
 * writer is busy share one transaction, each under its own savepoint, so
 * that a failing write undoes only itself; pages with a query stay within
 * their bound and never push the plain pages out. A write queued without
 * waiting is called back after its commit. The write turn of the process is
 * given up by commit, rollback and a connection closed while writing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "http/pagecache.h"
#include "store/writer.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char g_dir[] = "/tmp/wr-test-writer-XXXXXX";
static db *g_db;

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
    char err[512];
    if (!mkdtemp(g_dir) || auth_init() != 0 || db_setup(g_dir, err, sizeof err) != 0)
        return -1;
    g_db = db_thread();
    return g_db && sqlite3_exec(db_handle(g_db), "CREATE TABLE t (x INTEGER)", NULL, NULL, NULL) ==
                       SQLITE_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    db_thread_close();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

#define WRITERS 6

struct job {
    int x;       /* the value inserted */
    bool fail;   /* returns -1 after inserting */
    size_t wait; /* holds the writer until this many writes are queued */
    int rc;      /* what db_write answered */
    db *ran_on;  /* the connection the write ran on */
    atomic_bool started;
};

static int insert(db *d, void *ctx)
{
    struct job *j = ctx;
    j->ran_on = d;
    atomic_store(&j->started, true);
    char sql[64];
    snprintf(sql, sizeof sql, "INSERT INTO t (x) VALUES (%d)", j->x);
    if (sqlite3_exec(db_handle(d), sql, NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    while (j->wait && db_writer_queued() < j->wait) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    return j->fail ? -1 : 0;
}

static void *submit(void *arg)
{
    struct job *j = arg;
    db *d = db_thread();
    j->rc = db_write(d, insert, j);
    db_thread_close();
    return NULL;
}

static void test_write_alone(void **state)
{
    sqlite3_exec(db_handle(g_db), "DELETE FROM t", NULL, NULL, NULL);
    struct job ok = {.x = 1}, bad = {.x = 2, .fail = true};
    atomic_init(&ok.started, false);
    atomic_init(&bad.started, false);
    assert_int_equal(db_write(g_db, insert, &ok), 0);
    assert_ptr_equal(ok.ran_on, g_db);
    assert_int_equal(db_write(g_db, insert, &bad), -1);
    assert_int_equal(count("SELECT count(*) FROM t WHERE x = 1"), 1);
    assert_int_equal(count("SELECT count(*) FROM t WHERE x = 2"), 0);
    assert_true(sqlite3_get_autocommit(db_handle(g_db)));
}

static void test_group_commit(void **state)
{
    sqlite3_exec(db_handle(g_db), "DELETE FROM t", NULL, NULL, NULL);
    assert_int_equal(db_writer_start(), 0);
    uint64_t w0, c0;
    db_writer_counts(&w0, &c0);
    /* The first write holds the writer until the others are queued: they
     * then go into the next transaction together. */
    struct job first = {.x = 100, .wait = WRITERS};
    atomic_init(&first.started, false);
    struct job jobs[WRITERS];
    pthread_t th[WRITERS + 1];
    assert_int_equal(pthread_create(&th[WRITERS], NULL, submit, &first), 0);
    while (!atomic_load(&first.started)) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    for (int i = 0; i < WRITERS; i++) {
        jobs[i] = (struct job){.x = i + 1, .fail = i == 2};
        atomic_init(&jobs[i].started, false);
        assert_int_equal(pthread_create(&th[i], NULL, submit, &jobs[i]), 0);
    }
    for (int i = 0; i <= WRITERS; i++)
        pthread_join(th[i], NULL);
    uint64_t w1, c1;
    db_writer_counts(&w1, &c1);
    db_writer_stop();

    assert_int_equal(first.rc, 0);
    for (int i = 0; i < WRITERS; i++) {
        assert_int_equal(jobs[i].rc, i == 2 ? -1 : 0);
        assert_ptr_equal(jobs[i].ran_on, jobs[0].ran_on);
    }
    /* Seven writes asked, six kept, in two transactions (one fsync each). */
    assert_int_equal(w1 - w0, WRITERS);
    assert_int_equal(c1 - c0, 2);
    assert_int_equal(count("SELECT count(*) FROM t"), WRITERS);
    assert_int_equal(count("SELECT count(*) FROM t WHERE x = 3"), 0);
    assert_int_equal(count("SELECT count(*) FROM t WHERE x = 100"), 1);
    /* Stopped, writes run alone again on the caller's connection. */
    struct job after = {.x = 200};
    atomic_init(&after.started, false);
    assert_int_equal(db_write(g_db, insert, &after), 0);
    assert_ptr_equal(after.ran_on, g_db);
}

/* A queued write: its callback comes once the transaction is committed
 * (another connection sees the row by then), with the write's answer, and
 * db_write_queue does not wait for it. */
struct queued {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int calls, rc;
    long long seen; /* rows with its value, read on a connection of its own */
    int x;
};

static void queued_done(void *arg, int rc)
{
    struct queued *q = arg;
    sqlite3 *h;
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM t WHERE x = %d", q->x);
    long long n = -1;
    sqlite3_stmt *st;
    if (sqlite3_open_v2(db_path(), &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    pthread_mutex_lock(&q->mu);
    q->calls++;
    q->rc = rc;
    q->seen = n;
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

static void wait_done(struct queued *q)
{
    pthread_mutex_lock(&q->mu);
    while (!q->calls)
        pthread_cond_wait(&q->cv, &q->mu);
    pthread_mutex_unlock(&q->mu);
}

static void test_write_queue(void **state)
{
    sqlite3_exec(db_handle(g_db), "DELETE FROM t", NULL, NULL, NULL);
    assert_int_equal(db_writer_start(), 0);
    struct queued ok = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, -2, -1, 300};
    struct queued bad = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, -2, -1, 301};
    struct job jok = {.x = 300}, jbad = {.x = 301, .fail = true};
    atomic_init(&jok.started, false);
    atomic_init(&jbad.started, false);
    assert_int_equal(db_write_queue(g_db, insert, &jok, queued_done, &ok), 0);
    assert_int_equal(db_write_queue(g_db, insert, &jbad, queued_done, &bad), 0);
    wait_done(&ok);
    wait_done(&bad);
    db_writer_stop();
    assert_int_equal(ok.calls, 1);
    assert_int_equal(ok.rc, 0);
    assert_int_equal(ok.seen, 1); /* committed before the callback */
    assert_ptr_not_equal(jok.ran_on, g_db);
    assert_int_equal(bad.calls, 1);
    assert_int_equal(bad.rc, -1);
    assert_int_equal(count("SELECT count(*) FROM t WHERE x = 301"), 0);
    /* Without the writer the write runs at once and the callback comes
     * before db_write_queue returns. */
    struct queued alone = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, -2, -1, 302};
    struct job jalone = {.x = 302};
    atomic_init(&jalone.started, false);
    assert_int_equal(db_write_queue(g_db, insert, &jalone, queued_done, &alone), 0);
    assert_int_equal(alone.calls, 1);
    assert_int_equal(alone.rc, 0);
    assert_ptr_equal(jalone.ran_on, g_db);
}

/* A thread that begins a write and ends without committing. */
static void *write_and_leave(void *unused)
{
    (void)unused;
    db *d = db_thread();
    if (d && db_begin_write(d) == DB_OK)
        sqlite3_exec(db_handle(d), "INSERT INTO t VALUES (77)", NULL, NULL, NULL);
    db_thread_close(); /* rolled back, and the turn given up */
    return NULL;
}

/* The process's turn for write transactions (db_begin_write): one inside
 * another is refused instead of waiting for itself; a connection closed in
 * the middle of a write lets the next writer in, with nothing of it kept;
 * commit and rollback each give the turn up. */
static void test_write_turn(void **state)
{
    (void)state;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(db_begin_write(g_db), DB_ERROR);
    assert_int_equal(db_commit(g_db), DB_OK);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, write_and_leave, NULL), 0);
    pthread_join(t, NULL);
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(count("SELECT count(*) FROM t WHERE x = 77"), 0);
    db_rollback(g_db);
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(db_commit(g_db), DB_OK);
}

static void test_pagecache_query_bound(void **state)
{
    pagecache_clear();
    uint64_t gen = pagecache_generation();
    char body[2048];
    memset(body, 'x', sizeof body);
    size_t stored = 0;
    for (int i = 0; i < 300; i++) {
        char key[64];
        snprintf(key, sizeof key, "nl /open-data/x?wijk=%d", i);
        pagecache_put(key, gen, 200, "text/plain", body, sizeof body);
    }
    for (int i = 0; i < 300; i++) {
        char key[64];
        snprintf(key, sizeof key, "nl /open-data/x?wijk=%d", i);
        struct cached_page p;
        if (pagecache_get(key, &p) == 0) {
            assert_int_equal(p.len, sizeof body);
            pagecache_release(&p);
            stored++;
        }
    }
    /* Some are kept, not all: the bound holds. */
    assert_true(stored > 0);
    assert_true(stored < 300);
    /* The plain pages keep their room. */
    pagecache_put("nl /", gen, 200, "text/html", "home", 4);
    struct cached_page p;
    assert_int_equal(pagecache_get("nl /", &p), 0);
    assert_memory_equal(page_body_data(p.body), "home", 4);
    pagecache_release(&p);
    /* After a change every page is stale, and a new query takes a stale slot. */
    pagecache_invalidate();
    assert_int_not_equal(pagecache_get("nl /open-data/x?wijk=0", &p), 0);
    pagecache_put("nl /open-data/x?wijk=999", pagecache_generation(), 200, "text/plain", "new", 3);
    assert_int_equal(pagecache_get("nl /open-data/x?wijk=999", &p), 0);
    assert_memory_equal(page_body_data(p.body), "new", 3);
    pagecache_release(&p);
    pagecache_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_alone),           cmocka_unit_test(test_group_commit),
        cmocka_unit_test(test_write_queue),           cmocka_unit_test(test_write_turn),
        cmocka_unit_test(test_pagecache_query_bound),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
