/*
 * apikey_store.c: SQL for API keys.
 */
#include "apikey_store.h"

#include <string.h>

static const char SQL_INSERT[] = "INSERT INTO api_key (name, key_hash, rate_per_min, created_at)"
                                 " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

int apikey_insert(db *d, const char *name, const unsigned char hash[32], int rate_per_min,
                  int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, hash, 32, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, rate_per_min);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

static const char SQL_LIST[] =
    "SELECT id, name, created_at, revoked_at, rate_per_min FROM api_key ORDER BY name";

static void read_key(arena *a, sqlite3_stmt *st, struct api_key *k)
{
    k->id = sqlite3_column_int64(st, 0);
    k->name = arena_strdup(a, db_text(st, 1));
    k->created_at = arena_strdup(a, db_text(st, 2));
    k->revoked_at =
        sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : arena_strdup(a, db_text(st, 3));
    k->rate_per_min = sqlite3_column_int(st, 4);
}

int apikey_list(db *d, arena *a, struct api_key **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    size_t cap = 1024, cnt = 0;
    struct api_key *v = arena_calloc(a, cap, sizeof *v);
    while (v && cnt < cap && sqlite3_step(st) == SQLITE_ROW)
        read_key(a, st, &v[cnt++]);
    sqlite3_reset(st);
    if (!v)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_REVOKE[] =
    "UPDATE api_key SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
    " WHERE name = ?1 AND revoked_at IS NULL";

int apikey_revoke(db *d, const char *name)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REVOKE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_FIND[] = "SELECT id, name, created_at, revoked_at, rate_per_min FROM api_key"
                               " WHERE key_hash = ?1 AND revoked_at IS NULL";

int apikey_find(db *d, arena *a, const unsigned char hash[32], struct api_key *k)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FIND);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_key(a, st, k);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}
