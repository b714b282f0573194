/*
 * writer.c: the group-commit writer and the checkpoint thread; see writer.h.
 */
#include "writer.h"

#include "lib/log.h"

#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

/* At most this many writes share one transaction; the rest wait for the next. */
#define WRITER_MAX_BATCH 256
/* The longest the writer waits for the writes of its last group to come
 * back before it begins the next transaction (see writer_main). */
#define WRITER_GATHER_NS (2 * 1000 * 1000)
/* WAL pages after which a commit wakes the checkpoint thread (SQLite's own
 * default for its automatic checkpoint), and the longest it sleeps anyway. */
#define CHECKPOINT_PAGES   1000
#define CHECKPOINT_SECONDS 10

struct job {
    db_write_fn fn;
    void *ctx;
    int rc;
    bool done;
    pthread_cond_t cond; /* a waiting caller's (db_write) */
    /* a queued write's (db_write_queue): called after the commit, then the
     * job is freed */
    void (*on_done)(void *arg, int rc);
    void *arg;
    struct job *next;
};

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_wake = PTHREAD_COND_INITIALIZER;
static struct job *g_head, *g_tail;
static size_t g_nqueued; /* jobs in g_head's list */
static bool g_running, g_stopping;
static pthread_t g_writer;

static pthread_mutex_t g_ck_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_ck_wake = PTHREAD_COND_INITIALIZER;
static bool g_ck_running, g_ck_stopping, g_ck_due;
/* The WAL's size in pages after the last checkpoint: a commit wakes the
 * thread again only once the WAL has grown by CHECKPOINT_PAGES since (or
 * was started over), not on every commit while readers hold old frames. */
static _Atomic int g_ck_log;
static pthread_t g_ckpt;
/* The checkpoint thread's connection while it has one (under g_ck_mu): a
 * stop interrupts the checkpoint in progress, whatever is left of the WAL is
 * copied at the next start. */
static sqlite3 *g_ck_handle;

static _Atomic uint64_t g_writes, g_commits;

size_t db_writer_queued(void)
{
    pthread_mutex_lock(&g_mu);
    size_t n = g_nqueued;
    pthread_mutex_unlock(&g_mu);
    return n;
}

void db_writer_counts(uint64_t *writes, uint64_t *commits)
{
    *writes = atomic_load(&g_writes);
    *commits = atomic_load(&g_commits);
}

static int exec(db *d, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(d), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        log_error("sql %s: %s", sql, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* One write alone, on the caller's connection. */
static int write_alone(db *d, db_write_fn fn, void *ctx)
{
    if (db_begin_write(d) != DB_OK)
        return -1;
    int rc = fn(d, ctx);
    if (rc != 0) {
        db_rollback(d);
        return rc;
    }
    if (db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    atomic_fetch_add(&g_writes, 1);
    atomic_fetch_add(&g_commits, 1);
    return 0;
}

/* Runs the jobs of one batch in one transaction. */
static void run_batch(db *d, struct job *jobs)
{
    sqlite3 *h = db_handle(d);
    if (!d || db_begin_write(d) != DB_OK) {
        for (struct job *j = jobs; j; j = j->next)
            j->rc = -1;
        return;
    }
    bool lost = false; /* SQLite rolled the whole transaction back */
    size_t kept = 0;
    for (struct job *j = jobs; j; j = j->next) {
        if (lost) {
            j->rc = -1;
            continue;
        }
        if (exec(d, "SAVEPOINT w") != 0) {
            j->rc = -1;
            lost = sqlite3_get_autocommit(h);
            continue;
        }
        j->rc = j->fn(d, j->ctx);
        if (sqlite3_get_autocommit(h)) {
            lost = true;
            j->rc = j->rc ? j->rc : -1;
            continue;
        }
        if (j->rc != 0 && exec(d, "ROLLBACK TO w") != 0)
            lost = true;
        if (!lost && exec(d, "RELEASE w") != 0)
            lost = true;
        if (j->rc == 0)
            kept++;
    }
    if (!lost && db_commit(d) == DB_OK) {
        atomic_fetch_add(&g_writes, kept);
        atomic_fetch_add(&g_commits, 1);
        return;
    }
    db_rollback(d);
    for (struct job *j = jobs; j; j = j->next)
        if (j->rc == 0)
            j->rc = -1;
}

static void *writer_main(void *unused)
{
    (void)unused;
    db *d = db_thread();
    if (!d)
        log_error("writer: no database connection; writes fail until restart");
    /* Writes expected for the next group: the last group's (their clients
     * mostly send another once answered) and those that queued during it. */
    size_t expect = 0;
    pthread_mutex_lock(&g_mu);
    for (;;) {
        while (!g_head && !g_stopping)
            pthread_cond_wait(&g_wake, &g_mu);
        if (!g_head && g_stopping)
            break;
        /* Without this, the first write back after a commit starts the next
         * transaction alone and the others wait a whole fsync behind it:
         * the groups halve. A moment's wait for the expected writes keeps
         * them together; one submitter (expect 1) never waits. */
        if (g_nqueued < expect) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += WRITER_GATHER_NS;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            while (g_nqueued < expect && !g_stopping &&
                   pthread_cond_timedwait(&g_wake, &g_mu, &until) == 0) {
            }
        }
        struct job *batch = g_head, *last = g_head;
        size_t taken = 1;
        for (; taken < WRITER_MAX_BATCH && last->next; taken++)
            last = last->next;
        g_nqueued -= taken;
        g_head = last->next;
        if (!g_head)
            g_tail = NULL;
        last->next = NULL;
        pthread_mutex_unlock(&g_mu);

        if (d)
            run_batch(d, batch);
        else
            for (struct job *j = batch; j; j = j->next)
                j->rc = -1;

        /* The queued writes' callbacks first, outside the lock; then the
         * waiting callers (whose jobs live on their stacks) are woken. */
        for (struct job *j = batch, *prev = NULL, *next; j; j = next) {
            next = j->next;
            if (!j->on_done) {
                prev = j;
                continue;
            }
            if (prev)
                prev->next = next;
            else
                batch = next;
            j->on_done(j->arg, j->rc);
            free(j);
        }
        pthread_mutex_lock(&g_mu);
        for (struct job *j = batch, *next; j; j = next) {
            next = j->next;
            j->done = true;
            pthread_cond_signal(&j->cond);
        }
        expect = taken + g_nqueued;
        if (expect > WRITER_MAX_BATCH)
            expect = WRITER_MAX_BATCH;
    }
    pthread_mutex_unlock(&g_mu);
    db_thread_close();
    return NULL;
}

int db_write(db *d, db_write_fn fn, void *ctx)
{
    pthread_mutex_lock(&g_mu);
    if (!g_running || g_stopping) {
        pthread_mutex_unlock(&g_mu);
        return write_alone(d, fn, ctx);
    }
    struct job j = {.fn = fn, .ctx = ctx, .rc = -1};
    pthread_cond_init(&j.cond, NULL);
    if (g_tail)
        g_tail->next = &j;
    else
        g_head = &j;
    g_tail = &j;
    g_nqueued++;
    pthread_cond_signal(&g_wake);
    while (!j.done)
        pthread_cond_wait(&j.cond, &g_mu);
    pthread_mutex_unlock(&g_mu);
    pthread_cond_destroy(&j.cond);
    return j.rc;
}

int db_write_queue(db *d, db_write_fn fn, void *ctx, void (*on_done)(void *arg, int rc), void *arg)
{
    struct job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    j->fn = fn;
    j->ctx = ctx;
    j->rc = -1;
    j->on_done = on_done;
    j->arg = arg;
    pthread_mutex_lock(&g_mu);
    if (!g_running || g_stopping) {
        pthread_mutex_unlock(&g_mu);
        free(j);
        on_done(arg, write_alone(d, fn, ctx));
        return 0;
    }
    if (g_tail)
        g_tail->next = j;
    else
        g_head = j;
    g_tail = j;
    g_nqueued++;
    pthread_cond_signal(&g_wake);
    pthread_mutex_unlock(&g_mu);
    return 0;
}

/* --- checkpoints --------------------------------------------------------------- */

static int wal_grown(void *unused, sqlite3 *h, const char *name, int pages)
{
    (void)unused;
    (void)h;
    (void)name;
    int last = atomic_load(&g_ck_log);
    if (pages >= CHECKPOINT_PAGES && (pages < last || pages - last >= CHECKPOINT_PAGES)) {
        pthread_mutex_lock(&g_ck_mu);
        g_ck_due = true;
        pthread_cond_signal(&g_ck_wake);
        pthread_mutex_unlock(&g_ck_mu);
    }
    return SQLITE_OK;
}

static void *checkpoint_main(void *unused)
{
    (void)unused;
    db *d = db_thread();
    pthread_mutex_lock(&g_ck_mu);
    g_ck_handle = d ? db_handle(d) : NULL;
    while (!g_ck_stopping) {
        if (!g_ck_due) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += CHECKPOINT_SECONDS;
            pthread_cond_timedwait(&g_ck_wake, &g_ck_mu, &until);
            if (g_ck_stopping)
                break;
        }
        g_ck_due = false;
        pthread_mutex_unlock(&g_ck_mu);
        /* PASSIVE: copies what no reader still needs, never waits for a
         * writer or reader, so requests go on meanwhile. */
        int log_pages = 0, done = 0;
        if (d)
            sqlite3_wal_checkpoint_v2(db_handle(d), NULL, SQLITE_CHECKPOINT_PASSIVE, &log_pages,
                                      &done);
        atomic_store(&g_ck_log, log_pages > 0 ? log_pages : 0);
        /* Memory freed since (the pages built, the statements of a
         * checkpoint's turn) goes back to the system: glibc keeps freed
         * heap memory otherwise, and the resident size only grows. */
        malloc_trim(0);
        pthread_mutex_lock(&g_ck_mu);
    }
    g_ck_handle = NULL;
    pthread_mutex_unlock(&g_ck_mu);
    db_thread_close();
    return NULL;
}

/* For every new connection while the checkpoint thread runs: no automatic
 * checkpoint in the request path, a note to the thread instead. */
static void connection_opened(sqlite3 *h)
{
    sqlite3_wal_hook(h, wal_grown, NULL);
}

int db_writer_start(void)
{
    pthread_mutex_lock(&g_ck_mu);
    g_ck_stopping = false;
    g_ck_due = false;
    if (pthread_create(&g_ckpt, NULL, checkpoint_main, NULL) != 0) {
        pthread_mutex_unlock(&g_ck_mu);
        return -1;
    }
    g_ck_running = true;
    pthread_mutex_unlock(&g_ck_mu);
    db_set_open_hook(connection_opened);

    pthread_mutex_lock(&g_mu);
    g_stopping = false;
    int rc = pthread_create(&g_writer, NULL, writer_main, NULL);
    g_running = rc == 0;
    pthread_mutex_unlock(&g_mu);
    return rc == 0 ? 0 : -1;
}

void db_writer_stop(void)
{
    pthread_mutex_lock(&g_mu);
    bool was = g_running;
    g_stopping = true;
    pthread_cond_signal(&g_wake);
    pthread_mutex_unlock(&g_mu);
    if (was)
        pthread_join(g_writer, NULL);
    pthread_mutex_lock(&g_mu);
    g_running = false;
    g_stopping = false;
    pthread_mutex_unlock(&g_mu);

    db_set_open_hook(NULL);
    pthread_mutex_lock(&g_ck_mu);
    bool ck = g_ck_running;
    g_ck_stopping = true;
    if (g_ck_handle)
        sqlite3_interrupt(g_ck_handle);
    pthread_cond_signal(&g_ck_wake);
    pthread_mutex_unlock(&g_ck_mu);
    if (ck)
        pthread_join(g_ckpt, NULL);
    g_ck_running = false;
}
