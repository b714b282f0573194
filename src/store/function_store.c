/*
 * function_store.c: SQL for the periods in which people hold a public
 * function for a region or a wijk.
 */
#include "function_store.h"

#include <string.h>

#define HOLDER_COLUMNS                                                                             \
    "pf.id, pf.function, pe.name, ifnull(pf.region_id, 0), ifnull(pf.area_id, 0),"                 \
    " pf.valid_from, pf.valid_to FROM person_function pf JOIN person pe ON pe.id = pf.person_id"

static void read_holder(arena *a, sqlite3_stmt *st, void *row)
{
    struct function_holder *h = row;
    h->id = sqlite3_column_int64(st, 0);
    h->function = db_col_dup(a, st, 1);
    h->person = db_col_dup(a, st, 2);
    h->region_id = sqlite3_column_int64(st, 3);
    h->area_id = sqlite3_column_int64(st, 4);
    h->valid_from = db_col_dup(a, st, 5);
    h->valid_to = db_col_dup(a, st, 6);
}

static const char SQL_SCOPE[] =
    "SELECT " HOLDER_COLUMNS " WHERE ifnull(pf.region_id, 0) = ?1 AND ifnull(pf.area_id, 0) = ?2"
    " ORDER BY pf.function, pf.valid_from DESC, pf.id DESC";

int function_list_scope(db *d, arena *a, int64_t region_id, int64_t area_id,
                        struct function_holder **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SCOPE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, region_id);
    sqlite3_bind_int64(st, 2, area_id);
    return db_rows(a, st, sizeof **out, read_holder, out, n);
}

static const char SQL_CURRENT[] =
    "SELECT " HOLDER_COLUMNS
    " WHERE pf.valid_from <= ?1 AND (pf.valid_to IS NULL OR pf.valid_to > ?1)"
    " ORDER BY pf.function, pf.valid_from DESC, pf.id DESC";

int function_list_current(db *d, arena *a, const char *on, struct function_holder **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CURRENT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, on, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_holder, out, n);
}

static const char SQL_FOR_WIJK[] =
    "SELECT " HOLDER_COLUMNS " WHERE (pf.area_id = ?1 OR pf.region_id = ?2)"
    " AND pf.valid_from <= ?3 AND (pf.valid_to IS NULL OR pf.valid_to > ?3)"
    " ORDER BY pf.function, pf.area_id IS NULL, pf.valid_from DESC, pf.id DESC";

int function_list_for_wijk(db *d, arena *a, int64_t area_id, int64_t region_id, const char *on,
                           struct function_holder **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FOR_WIJK);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int64(st, 2, region_id ? region_id : -1);
    sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_holder, out, n);
}

static const char SQL_GET[] = "SELECT " HOLDER_COLUMNS " WHERE pf.id = ?1";

int function_get(db *d, arena *a, int64_t id, struct function_holder *h)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    memset(h, 0, sizeof *h);
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_holder, h);
}

static const char SQL_PERSON[] =
    "INSERT INTO person (name) VALUES (?1)"
    " ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id";

int function_person_ensure(db *d, const char *name, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERSON);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_INSERT[] =
    "INSERT INTO person_function (person_id, function, region_id, area_id, valid_from, valid_to)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";

int function_insert(db *d, int64_t person_id, const char *function, int64_t region_id,
                    int64_t area_id, const char *from, const char *to, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    sqlite3_bind_text(st, 2, function, -1, SQLITE_STATIC);
    db_bind_id(st, 3, region_id);
    db_bind_id(st, 4, area_id);
    sqlite3_bind_text(st, 5, from, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 6, to);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return DB_OK;
    return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
}

static const char SQL_SET_END[] = "UPDATE person_function SET valid_to = ?2 WHERE id = ?1";

int function_set_end(db *d, int64_t id, const char *to)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SET_END);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text_opt(st, 2, to);
    return db_exec_stmt(st);
}
