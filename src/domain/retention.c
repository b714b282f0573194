/*
 * retention.c: erasing reporters' contact details after the retention
 * period; see retention.h.
 */
#include "retention.h"

#include "lib/log.h"
#include "store/outbox_store.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

static const char SQL_MARK[] =
    "INSERT INTO signal_event (signal_id, at, kind, text, public)"
    " SELECT DISTINCT c.signal_id, ?1, 'erased', 'Contactgegevens gewist (bewaartermijn)', 0"
    " FROM signal_contact c JOIN signal s ON s.id = c.signal_id"
    " WHERE c.erased_at IS NULL AND s.closed_at IS NOT NULL AND s.closed_at < ?2";
static const char SQL_ERASE[] =
    "UPDATE signal_contact SET name = NULL, email = NULL, phone = NULL, erased_at = ?1"
    " WHERE erased_at IS NULL AND signal_id IN (SELECT id FROM signal"
    "   WHERE closed_at IS NOT NULL AND closed_at < ?2)";

int retention_run(db *d, int64_t now, int days, struct retention_result *res)
{
    memset(res, 0, sizeof *res);
    int64_t cutoff = now - (int64_t)days * 86400;
    if (db_begin_write(d) != DB_OK)
        return -1;
    sqlite3_stmt *st = db_stmt(d, SQL_MARK);
    bool ok = st != NULL;
    if (ok) {
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, cutoff);
        ok = db_exec_stmt(st) == DB_OK;
        res->signals = db_changes(d);
    }
    if (ok && (st = db_stmt(d, SQL_ERASE)) != NULL) {
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, cutoff);
        ok = db_exec_stmt(st) == DB_OK;
        res->contacts = db_changes(d);
    } else {
        ok = false;
    }
    if (ok)
        ok = outbox_purge_sent(d, cutoff, &res->outbox) == DB_OK;
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    if (res->contacts || res->outbox)
        log_info("retention: erased contact details of %lld signals and %d e-mails older than "
                 "%d days",
                 (long long)res->signals, res->outbox, days);
    return 0;
}

static pthread_t g_thread;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond = PTHREAD_COND_INITIALIZER;
static bool g_running, g_stop;
static int g_days;

static void *loop(void *unused)
{
    (void)unused;
    for (;;) {
        db *d = db_thread();
        struct retention_result r;
        if (d && retention_run(d, (int64_t)time(NULL), g_days, &r) != 0)
            log_error("retention: the pass failed; it is tried again later");
        pthread_mutex_lock(&g_lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 6 * 3600;
        while (!g_stop && pthread_cond_timedwait(&g_cond, &g_lock, &until) == 0)
            ;
        bool stop = g_stop;
        pthread_mutex_unlock(&g_lock);
        if (stop)
            break;
    }
    db_thread_close();
    return NULL;
}

int retention_start(int days)
{
    g_days = days > 0 ? days : RETENTION_DEFAULT_DAYS;
    g_stop = false;
    if (pthread_create(&g_thread, NULL, loop, NULL) != 0)
        return -1;
    g_running = true;
    return 0;
}

void retention_stop(void)
{
    if (!g_running)
        return;
    pthread_mutex_lock(&g_lock);
    g_stop = true;
    pthread_cond_broadcast(&g_cond);
    pthread_mutex_unlock(&g_lock);
    pthread_join(g_thread, NULL);
    g_running = false;
}
