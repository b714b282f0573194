/*
 * intake_store.c: SQL of the public form's limit and the follow path; see
 * the header.
 */
#include "intake_store.h"

static const char SQL_COUNT[] =
    "SELECT count(*), coalesce(min(at), 0) FROM intake_hit WHERE client_hash = ?1 AND at > ?2";

int intake_hits_since(db *d, const char *client_hash, int64_t since, int64_t *n, int64_t *oldest)
{
    sqlite3_stmt *st = db_stmt(d, SQL_COUNT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, client_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, since);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *n = sqlite3_column_int64(st, 0);
        *oldest = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_FORGET_CLIENT[] =
    "DELETE FROM intake_hit WHERE client_hash = ?1 AND at <= ?2";
static const char SQL_ADD[] = "INSERT INTO intake_hit (client_hash, at) VALUES (?1, ?2)";

int intake_hit_add(db *d, const char *client_hash, int64_t now, int64_t older_than)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FORGET_CLIENT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, client_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, older_than);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    if (!(st = db_stmt(d, SQL_ADD)))
        return DB_ERROR;
    sqlite3_bind_text(st, 1, client_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    return db_exec_stmt(st);
}

static const char SQL_PRUNE[] = "DELETE FROM intake_hit WHERE at <= ?1";

int intake_hits_prune(db *d, int64_t older_than, int *out_deleted)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PRUNE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, older_than);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && out_deleted)
        *out_deleted = db_changes(d);
    return rc;
}

static const char SQL_CONTACT_KNOWN[] =
    "SELECT count(*) FROM signal_contact WHERE signal_id = ?1 AND erased_at IS NULL"
    " AND lower(email) = lower(?2)";

int intake_contact_known(db *d, int64_t signal_id, const char *email, bool *yes)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CONTACT_KNOWN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, signal_id);
    sqlite3_bind_text(st, 2, email, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *yes = sqlite3_column_int(st, 0) > 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}
