/*
 * retention.c: erasing reporters' contact details after the retention
 * period; see retention.h.
 */
#include "retention.h"

#include "domain/intake.h"
#include "domain/optin.h"
#include "domain/resident.h"
#include "domain/meeting.h"
#include "lib/log.h"
#include "lib/ticker.h"
#include "store/initiative_store.h"
#include "store/outbox_store.h"
#include "store/signal_store.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

/* The entry is confidential when the care network holds the signal now, like
 * every entry (store/signal_store.h). */
static const char SQL_MARK[] =
    "INSERT INTO signal_event (signal_id, at, kind, text, public, confidential)"
    " SELECT DISTINCT c.signal_id, ?1, 'erased', 'Contactgegevens gewist (bewaartermijn)', 0,"
    " s.confidential"
    " FROM signal_contact c JOIN signal s ON s.id = c.signal_id"
    " WHERE c.erased_at IS NULL AND s.closed_at IS NOT NULL AND s.closed_at < ?2";
static const char SQL_ERASE[] =
    "UPDATE signal_contact SET name = NULL, email = NULL, phone = NULL, erased_at = ?1"
    " WHERE erased_at IS NULL AND signal_id IN (SELECT id FROM signal"
    "   WHERE closed_at IS NOT NULL AND closed_at < ?2)";

/* `now` minus whole calendar years (UTC), as SQLite counts them */
static const char SQL_YEARS_BACK[] =
    "SELECT CAST(strftime('%s', ?1, 'unixepoch', printf('-%d years', ?2)) AS INTEGER)";

static int years_back(db *d, int64_t now, int years, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(d, SQL_YEARS_BACK);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, years);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char *g_base_url = "";

void retention_set_base_url(const char *base_url)
{
    g_base_url = base_url ? base_url : "";
}

int retention_run(db *d, int64_t now, int days, int grant_years, struct retention_result *res)
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
    /* addresses that never confirmed, and what waited for them */
    if (ok)
        ok = optin_expire(d, now, days, &res->dropped, &res->addresses) == 0;
    if (ok)
        ok = intake_prune(d, now, NULL) == 0;
    /* photos held for report forms that were never sent again */
    if (ok)
        ok = pending_photo_prune(d, now) == DB_OK;
    /* applicants' personal data */
    int64_t accounted = 0, ended = 0;
    if (ok)
        ok = years_back(d, now, grant_years > 0 ? grant_years : RETENTION_DEFAULT_GRANT_YEARS,
                        &accounted) == DB_OK &&
             years_back(d, now, 1, &ended) == DB_OK &&
             initiative_erase_personal(d, now, accounted, ended,
                                       now - (int64_t)RETENTION_DRAFT_DAYS * 86400,
                                       &res->applicants) == DB_OK;
    /* names and e-mail addresses of who registered for a meeting, 30 days after it */
    if (ok) {
        arena *a = arena_new(16384);
        ok = a && meeting_retention(d, a, now, &res->meeting_registrations) == 0;
        arena_free(a);
    }
    /* residents' accounts unused for two years, after a warning */
    if (ok) {
        arena *a = arena_new(16384);
        ok = a && resident_retention(d, a, now, g_base_url, &res->residents_warned,
                                     &res->residents_erased) == 0;
        arena_free(a);
    }
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    if (res->meeting_registrations)
        log_info("retention: erased names and e-mail addresses of %d registrations for meetings",
                 res->meeting_registrations);
    if (res->residents_warned || res->residents_erased)
        log_info("retention: warned %d residents of unused accounts; erased %d accounts",
                 res->residents_warned, res->residents_erased);
    if (res->contacts || res->outbox)
        log_info("retention: erased contact details of %lld signals and %d e-mails older than "
                 "%d days",
                 (long long)res->signals, res->outbox, days);
    if (res->applicants)
        log_info("retention: erased the personal data of %lld applications for a grant",
                 (long long)res->applicants);
    if (res->dropped || res->addresses)
        log_info("retention: dropped %d e-mails to addresses never confirmed; forgot %d addresses",
                 res->dropped, res->addresses);
    return 0;
}

static int g_days, g_grant_years;

static void retention_pass(void)
{
    db *d = db_thread();
    struct retention_result r;
    if (d && retention_run(d, (int64_t)time(NULL), g_days, g_grant_years, &r) != 0)
        log_error("retention: the pass failed; it is tried again later");
}

static struct ticker g_ticker = TICKER_INIT;

int retention_start(int days, int grant_years)
{
    if (ticker_running(&g_ticker))
        return 0;
    g_days = days > 0 ? days : RETENTION_DEFAULT_DAYS;
    g_grant_years = grant_years > 0 ? grant_years : RETENTION_DEFAULT_GRANT_YEARS;
    g_ticker.seconds = 6 * 3600;
    g_ticker.run = retention_pass;
    g_ticker.after_pass = db_thread_idle;
    return ticker_start(&g_ticker);
}

void retention_stop(void)
{
    ticker_stop(&g_ticker);
}
