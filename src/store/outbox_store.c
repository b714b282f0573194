/*
 * outbox_store.c: SQL for the e-mail outbox (see outbox_store.h).
 *
 * Claiming is one UPDATE ... RETURNING, so the choice of messages and the
 * lease on them are a single atomic step even with several mailers.
 */
#include "outbox_store.h"

#include "lib/utf8.h"

#include <stdlib.h>
#include <string.h>

#define ERROR_MAX 200 /* bytes of last_error kept; the schema checks it too */

static const char *const status_codes[] = {"queued", "sent", "failed", "held", "dropped"};
#define NSTATUS (sizeof status_codes / sizeof status_codes[0])

const char *outbox_status_code(enum outbox_status s)
{
    return (unsigned)s < NSTATUS ? status_codes[s] : "queued";
}

static enum outbox_status status_from(const char *s)
{
    for (size_t i = 0; i < NSTATUS; i++)
        if (strcmp(s, status_codes[i]) == 0)
            return (enum outbox_status)i;
    return OUTBOX_QUEUED;
}

int64_t outbox_backoff(int attempts)
{
    static const int64_t steps[] = {60, 5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60};
    if (attempts < 1)
        attempts = 1;
    return (size_t)attempts <= sizeof steps / sizeof steps[0] ? steps[attempts - 1] : 12 * 60 * 60;
}

/* Every query below returns these columns in this order. */
#define OUTBOX_COLUMNS                                                                             \
    "id, created_at, to_addr, subject, body_text, kind, coalesce(ref, 0), attempts,"               \
    " next_attempt_at, last_error, coalesce(sent_at, 0), status, addr_hash, unsubscribe_url"
#define OUTBOX_COLUMNS_NO_BODY                                                                     \
    "id, created_at, to_addr, subject, NULL, kind, coalesce(ref, 0), attempts,"                    \
    " next_attempt_at, last_error, coalesce(sent_at, 0), status, addr_hash, NULL"

/* Reads one row into m; false when an allocation failed. */
static bool read_msg(arena *a, sqlite3_stmt *st, struct outbox_msg *m)
{
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    m->created_at = sqlite3_column_int64(st, 1);
    m->to_addr = db_col_dup(a, st, 2);
    m->subject = db_col_dup(a, st, 3);
    m->body_text = db_col_dup(a, st, 4);
    m->kind = db_col_dup(a, st, 5);
    m->ref = sqlite3_column_int64(st, 6);
    m->attempts = sqlite3_column_int(st, 7);
    m->next_attempt_at = sqlite3_column_int64(st, 8);
    m->last_error = db_col_dup(a, st, 9);
    m->sent_at = sqlite3_column_int64(st, 10);
    m->status = status_from(db_text(st, 11));
    m->addr_hash = db_col_dup(a, st, 12);
    m->unsubscribe_url = db_col_dup(a, st, 13);
    return m->to_addr && m->subject && m->kind &&
           (m->body_text || sqlite3_column_type(st, 4) == SQLITE_NULL) &&
           (m->last_error || sqlite3_column_type(st, 9) == SQLITE_NULL) &&
           (m->addr_hash || sqlite3_column_type(st, 12) == SQLITE_NULL) &&
           (m->unsubscribe_url || sqlite3_column_type(st, 13) == SQLITE_NULL);
}

/* Steps st to the end, collecting up to limit rows in the arena. */
static int read_rows(arena *a, sqlite3_stmt *st, size_t limit, struct outbox_msg **out, size_t *n)
{
    struct outbox_msg *v = limit ? arena_calloc(a, limit, sizeof *v) : NULL;
    size_t cnt = 0;
    int rc, result = DB_OK;
    if (limit && !v)
        result = DB_ERROR;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (result == DB_OK && cnt < limit && !read_msg(a, st, &v[cnt++]))
            result = DB_ERROR;
    if (rc != SQLITE_DONE)
        result = DB_ERROR;
    sqlite3_reset(st);
    *out = v;
    *n = result == DB_OK ? cnt : 0;
    return result;
}

static const char SQL_ENQUEUE[] =
    "INSERT INTO outbox (created_at, to_addr, addr_hash, subject, body_text, kind, ref, attempts,"
    " next_attempt_at, status, unsubscribe_url)"
    " VALUES (?1, ?2, ?7, ?3, ?4, ?5, nullif(?6, 0), 0, ?1, ?8, ?9)";

int outbox_enqueue(db *d, int64_t now, const struct outbox_new *m, int64_t *id)
{
    if (m->held && !m->addr_hash)
        return DB_CONSTRAINT; /* nothing could ever release it */
    sqlite3_stmt *st = db_stmt(d, SQL_ENQUEUE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_text(st, 2, m->to_addr, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, m->subject, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, m->body ? m->body : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, m->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, m->ref);
    db_bind_text_opt(st, 7, m->addr_hash);
    sqlite3_bind_text(st, 8, m->held ? "held" : "queued", -1, SQLITE_STATIC);
    db_bind_text_opt(st, 9, m->unsubscribe_url);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

static const char SQL_CLAIM[] =
    "UPDATE outbox SET next_attempt_at = ?1 + ?2"
    " WHERE id IN (SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= ?1"
    " ORDER BY next_attempt_at, id LIMIT ?3)"
    " RETURNING " OUTBOX_COLUMNS;

static int by_id(const void *x, const void *y)
{
    const struct outbox_msg *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

int outbox_claim_due(db *d, arena *a, int64_t now, size_t limit, struct outbox_msg **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_CLAIM);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, OUTBOX_LEASE_SECONDS);
    sqlite3_bind_int64(st, 3, (int64_t)limit);
    int rc = read_rows(a, st, limit, out, n);
    if (rc == DB_OK && *n > 1) /* RETURNING has no order of its own */
        qsort(*out, *n, sizeof **out, by_id);
    return rc;
}

static const char SQL_SENT[] =
    "UPDATE outbox SET status = 'sent', sent_at = ?2, attempts = attempts + 1, last_error = NULL"
    " WHERE id = ?1 AND status = 'queued'";

int outbox_mark_sent(db *d, int64_t id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SENT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_ATTEMPT_STATE[] =
    "SELECT created_at, attempts FROM outbox WHERE id = ?1 AND status = 'queued'";
/* The attempts check makes the update a compare-and-set: when another
 * mailer recorded an attempt in between, this one changes nothing. */
static const char SQL_FAILED[] =
    "UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, last_error = ?4, status = ?5"
    " WHERE id = ?1 AND status = 'queued' AND attempts = ?6";

int outbox_mark_failed(db *d, int64_t id, int64_t now, const char *error, bool permanent,
                       enum outbox_status *out_status, int64_t *out_next)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ATTEMPT_STATE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
    }
    int64_t created = sqlite3_column_int64(st, 0);
    int attempts = sqlite3_column_int(st, 1);
    sqlite3_reset(st);

    int64_t give_up = created + OUTBOX_GIVE_UP_SECONDS;
    enum outbox_status status = OUTBOX_QUEUED;
    int64_t next = now + outbox_backoff(attempts + 1);
    if (permanent || now >= give_up) {
        status = OUTBOX_FAILED;
        next = now;
    } else if (next > give_up) {
        next = give_up; /* one last try when the three days are up */
    }
    const char *e = error && *error ? error : "unknown error";
    size_t elen = utf8_truncate(e, strlen(e), ERROR_MAX);

    st = db_stmt(d, SQL_FAILED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, attempts + 1);
    sqlite3_bind_int64(st, 3, next);
    sqlite3_bind_text(st, 4, e, (int)elen, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, outbox_status_code(status), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, attempts);
    rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        return DB_NOTFOUND;
    if (rc == DB_OK) {
        if (out_status)
            *out_status = status;
        if (out_next)
            *out_next = next;
    }
    return rc;
}

static const char SQL_GET[] = "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = ?1";

int outbox_get(db *d, arena *a, int64_t id, struct outbox_msg *m)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    struct outbox_msg *v;
    size_t n;
    int rc = read_rows(a, st, 1, &v, &n);
    if (rc != DB_OK)
        return rc;
    if (n == 0)
        return DB_NOTFOUND;
    *m = v[0];
    return DB_OK;
}

static const char SQL_LIST[] = "SELECT " OUTBOX_COLUMNS_NO_BODY " FROM outbox"
                               " WHERE id < ?1 AND (?2 IS NULL OR status = ?2)"
                               " ORDER BY id DESC LIMIT ?3";

int outbox_list(db *d, arena *a, int64_t before_id, int status, size_t limit,
                struct outbox_msg **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, before_id > 0 ? before_id : INT64_MAX);
    if (status >= 0 && (size_t)status < NSTATUS)
        sqlite3_bind_text(st, 2, outbox_status_code((enum outbox_status)status), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (int64_t)limit);
    return read_rows(a, st, limit, out, n);
}

static const char SQL_COUNTS[] = "SELECT status, count(*) FROM outbox GROUP BY status";
static const char SQL_OLDEST[] =
    "SELECT coalesce(min(created_at), 0) FROM outbox WHERE status = 'queued'";

int outbox_counts(db *d, struct outbox_counts *c)
{
    memset(c, 0, sizeof *c);
    sqlite3_stmt *st = db_stmt(d, SQL_COUNTS);
    if (!st)
        return DB_ERROR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t k = sqlite3_column_int64(st, 1);
        switch (status_from(db_text(st, 0))) {
        case OUTBOX_QUEUED:
            c->queued = k;
            break;
        case OUTBOX_SENT:
            c->sent = k;
            break;
        case OUTBOX_FAILED:
            c->failed = k;
            break;
        case OUTBOX_HELD:
            c->held = k;
            break;
        case OUTBOX_DROPPED:
            c->dropped = k;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return DB_ERROR;
    st = db_stmt(d, SQL_OLDEST);
    if (!st)
        return DB_ERROR;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        c->oldest_queued_at = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_PURGE[] =
    "UPDATE outbox SET to_addr = '', body_text = NULL, unsubscribe_url = NULL"
    " WHERE (to_addr <> '' OR body_text IS NOT NULL)"
    " AND ((status = 'sent' AND sent_at < ?1) OR (status = 'failed' AND created_at < ?1))";

int outbox_purge_sent(db *d, int64_t older_than, int *out_erased)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PURGE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, older_than);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && out_erased)
        *out_erased = db_changes(d);
    return rc;
}

/* --- addresses -------------------------------------------------------------- */

#define ADDRESS_COLUMNS "addr_hash, coalesce(requested_at, 0), coalesce(confirmed_at, 0), used_at"

static void read_address(arena *a, sqlite3_stmt *st, void *row)
{
    struct outbox_address *o = row;
    o->addr_hash = db_col_dup(a, st, 0);
    o->requested_at = sqlite3_column_int64(st, 1);
    o->confirmed_at = sqlite3_column_int64(st, 2);
    o->used_at = sqlite3_column_int64(st, 3);
}

static const char SQL_ADDRESS_GET[] =
    "SELECT " ADDRESS_COLUMNS " FROM mail_address WHERE addr_hash = ?1";

int outbox_address_get(db *d, arena *a, const char *addr_hash, struct outbox_address *o)
{
    memset(o, 0, sizeof *o);
    sqlite3_stmt *st = db_stmt(d, SQL_ADDRESS_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, addr_hash, -1, SQLITE_STATIC);
    return db_row(a, st, read_address, o);
}

static const char SQL_ADDRESS_BY_TOKEN[] = "SELECT " ADDRESS_COLUMNS " FROM mail_address"
                                           " WHERE token_hash = ?1 AND requested_at > ?2";

int outbox_address_by_token(db *d, arena *a, const char *token_hash, int64_t requested_after,
                            struct outbox_address *o)
{
    memset(o, 0, sizeof *o);
    sqlite3_stmt *st = db_stmt(d, SQL_ADDRESS_BY_TOKEN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, requested_after);
    return db_row(a, st, read_address, o);
}

static const char SQL_ADDRESS_REQUEST[] =
    "INSERT INTO mail_address (addr_hash, token_hash, requested_at, confirmed_at, used_at)"
    " VALUES (?1, ?2, ?3, NULL, ?3) ON CONFLICT (addr_hash) DO UPDATE SET"
    " token_hash = excluded.token_hash, requested_at = excluded.requested_at,"
    " confirmed_at = NULL, used_at = excluded.used_at";

int outbox_address_request(db *d, const char *addr_hash, const char *token_hash, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ADDRESS_REQUEST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, addr_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    return db_exec_stmt(st);
}

static const char SQL_ADDRESS_CONFIRMED[] =
    "INSERT INTO mail_address (addr_hash, token_hash, requested_at, confirmed_at, used_at)"
    " VALUES (?1, NULL, NULL, ?2, ?2) ON CONFLICT (addr_hash) DO UPDATE SET"
    " confirmed_at = coalesce(confirmed_at, excluded.confirmed_at)";

int outbox_address_confirmed(db *d, const char *addr_hash, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ADDRESS_CONFIRMED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, addr_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    return db_exec_stmt(st);
}

static const char SQL_DROP_HELD_OF[] =
    "UPDATE outbox SET status = 'dropped', to_addr = '', body_text = NULL, unsubscribe_url = NULL"
    " WHERE status = 'held' AND addr_hash = ?1 AND ref = ?2 AND kind GLOB ?3";

int outbox_drop_held(db *d, const char *addr_hash, int64_t ref, const char *kind_glob,
                     int *out_dropped)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DROP_HELD_OF);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, addr_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, ref);
    sqlite3_bind_text(st, 3, kind_glob, -1, SQLITE_STATIC);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && out_dropped)
        *out_dropped = db_changes(d);
    return rc;
}

static const char SQL_ADDRESS_USED[] =
    "UPDATE mail_address SET used_at = max(used_at, ?2) WHERE addr_hash = ?1";

int outbox_address_used(db *d, const char *addr_hash, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ADDRESS_USED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, addr_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    return db_exec_stmt(st);
}

static const char SQL_ADDRESS_CONFIRM[] =
    "UPDATE mail_address SET confirmed_at = coalesce(confirmed_at, ?2), used_at = max(used_at, ?2)"
    " WHERE addr_hash = ?1";
static const char SQL_RELEASE[] =
    "UPDATE outbox SET status = 'queued', created_at = ?2, next_attempt_at = ?2"
    " WHERE addr_hash = ?1 AND status = 'held'";

int outbox_address_confirm(db *d, const char *addr_hash, int64_t now, int *out_released)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ADDRESS_CONFIRM);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, addr_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    if (db_changes(d) == 0)
        return DB_NOTFOUND;
    if (!(st = db_stmt(d, SQL_RELEASE)))
        return DB_ERROR;
    sqlite3_bind_text(st, 1, addr_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    rc = db_exec_stmt(st);
    if (rc == DB_OK && out_released)
        *out_released = db_changes(d);
    return rc;
}

/* Held mail whose address is not confirmed and whose request is past (or
 * that has no address row at all, which nothing could release). */
static const char SQL_DROP_HELD[] =
    "UPDATE outbox SET status = 'dropped', to_addr = '', body_text = NULL, unsubscribe_url = NULL"
    " WHERE status = 'held' AND (addr_hash IS NULL OR addr_hash NOT IN"
    " (SELECT addr_hash FROM mail_address WHERE confirmed_at IS NOT NULL OR requested_at > ?1))";
static const char SQL_FORGET[] =
    "DELETE FROM mail_address WHERE (confirmed_at IS NULL AND requested_at <= ?1)"
    " OR (confirmed_at IS NOT NULL AND used_at <= ?2)";
static const char SQL_OLD_LINKS[] =
    "UPDATE mail_address SET token_hash = NULL WHERE token_hash IS NOT NULL AND requested_at <= ?1";

int outbox_address_expire(db *d, int64_t request_before, int64_t unused_before, int *out_dropped,
                          int *out_forgotten)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DROP_HELD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, request_before);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    if (out_dropped)
        *out_dropped = db_changes(d);
    if (!(st = db_stmt(d, SQL_FORGET)))
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, request_before);
    sqlite3_bind_int64(st, 2, unused_before);
    if ((rc = db_exec_stmt(st)) != DB_OK)
        return rc;
    if (out_forgotten)
        *out_forgotten = db_changes(d);
    if (!(st = db_stmt(d, SQL_OLD_LINKS)))
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, request_before);
    return db_exec_stmt(st);
}
