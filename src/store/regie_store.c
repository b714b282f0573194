/*
 * regie_store.c: SQL of the wijkregisseur's time record (regie_store.h).
 */
#include "regie_store.h"

static const char SQL_INSERT[] =
    "INSERT INTO regie_entry (user_id, region_id, worked_on, kind, description, hours, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

int regie_entry_insert(db *d, const struct regie_entry_row *e, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, e->user_id);
    db_bind_id(st, 2, e->region_id);
    sqlite3_bind_text(st, 3, e->worked_on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, e->kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, e->description, -1, SQLITE_TRANSIENT);
    db_bind_double_opt(st, 6, e->has_hours, e->hours);
    sqlite3_bind_int64(st, 7, now);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

static const char SQL_DELETE[] = "DELETE FROM regie_entry WHERE id = ?1 AND user_id = ?2";

int regie_entry_delete(db *d, int64_t id, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, user_id);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        rc = DB_NOTFOUND;
    return rc;
}

static const char SQL_LIST[] =
    "SELECT id, user_id, coalesce(region_id, 0), worked_on, kind, description, hours"
    " FROM regie_entry WHERE user_id = ?1 AND worked_on BETWEEN ?2 AND ?3"
    " ORDER BY worked_on DESC, id DESC";

static void read_entry(arena *a, sqlite3_stmt *st, void *row)
{
    struct regie_entry_row *e = row;
    e->id = sqlite3_column_int64(st, 0);
    e->user_id = sqlite3_column_int64(st, 1);
    e->region_id = sqlite3_column_int64(st, 2);
    e->worked_on = db_col_dup(a, st, 3);
    e->kind = db_col_dup(a, st, 4);
    e->description = db_col_dup(a, st, 5);
    e->has_hours = sqlite3_column_type(st, 6) != SQLITE_NULL;
    e->hours = sqlite3_column_double(st, 6);
}

int regie_entries(db *d, arena *a, int64_t user_id, const char *from_date, const char *to_date,
                  struct regie_entry_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, from_date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, to_date, -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_entry, out, n);
}

static const char SQL_SUMS[] =
    "SELECT coalesce(e.region_id, 0), r.name,"
    " coalesce(sum(CASE WHEN e.kind = 'regie' THEN e.hours END), 0),"
    " coalesce(sum(CASE WHEN e.kind = 'uitvoering' THEN e.hours END), 0),"
    " count(CASE WHEN e.kind = 'regie' THEN 1 END),"
    " count(CASE WHEN e.kind = 'uitvoering' THEN 1 END), count(DISTINCT e.user_id)"
    " FROM regie_entry e LEFT JOIN region r ON r.id = e.region_id"
    " WHERE e.worked_on BETWEEN ?1 AND ?2"
    " GROUP BY coalesce(e.region_id, 0) ORDER BY r.name IS NULL, r.name";

static void read_sum(arena *a, sqlite3_stmt *st, void *row)
{
    struct regie_sum_row *s = row;
    s->region_id = sqlite3_column_int64(st, 0);
    s->region = db_col_dup(a, st, 1);
    s->regie_hours = sqlite3_column_double(st, 2);
    s->uitvoering_hours = sqlite3_column_double(st, 3);
    s->regie_entries = sqlite3_column_int64(st, 4);
    s->uitvoering_entries = sqlite3_column_int64(st, 5);
    s->regisseurs = sqlite3_column_int64(st, 6);
}

int regie_sums(db *d, arena *a, const char *from_date, const char *to_date,
               struct regie_sum_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SUMS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, from_date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to_date, -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_sum, out, n);
}
