/*
 * knowledge_store.c: SQL of the wijk's knowledge page.
 */
#include "knowledge_store.h"

#include <string.h>

#define COLS                                                                                       \
    "k.id, k.area_id, k.kind, k.title, k.body, k.date, k.position, k.updated_at,"                  \
    " (SELECT name FROM user WHERE id = k.updated_by)"

static const char SQL_LIST[] =
    "SELECT " COLS " FROM wijk_knowledge k WHERE k.area_id = ?1"
    " ORDER BY k.kind, CASE k.kind WHEN 'vraag' THEN k.position ELSE 0 END,"
    " ifnull(k.date, '9999'), k.title COLLATE NOCASE, k.id";
static const char SQL_GET[] =
    "SELECT " COLS " FROM wijk_knowledge k WHERE k.area_id = ?1 AND k.id = ?2";

static void read_row(arena *a, sqlite3_stmt *st, void *row)
{
    struct knowledge_row *k = row;
    memset(k, 0, sizeof *k);
    k->id = sqlite3_column_int64(st, 0);
    k->area_id = sqlite3_column_int64(st, 1);
    k->kind = db_col_dup(a, st, 2);
    k->title = db_col_dup(a, st, 3);
    k->body = db_col_dup(a, st, 4);
    k->date = db_col_dup(a, st, 5);
    k->position = sqlite3_column_int(st, 6);
    k->updated_at = sqlite3_column_int64(st, 7);
    k->updated_by_name = db_col_dup(a, st, 8);
}

int knowledge_list(db *d, arena *a, int64_t area_id, struct knowledge_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    return db_rows(a, st, sizeof **out, read_row, out, n);
}

int knowledge_get(db *d, arena *a, int64_t area_id, int64_t id, struct knowledge_row *k)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int64(st, 2, id);
    return db_row(a, st, read_row, k);
}

static const char SQL_INSERT[] =
    "INSERT INTO wijk_knowledge (area_id, kind, title, body, date, position, updated_at,"
    " updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_UPDATE[] =
    "UPDATE wijk_knowledge SET kind = ?2, title = ?3, body = ?4, date = ?5, position = ?6,"
    " updated_at = ?7, updated_by = ?8 WHERE area_id = ?1 AND id = ?9";

static void bind_row(sqlite3_stmt *st, const struct knowledge_row *k, int64_t user_id, int64_t now)
{
    sqlite3_bind_int64(st, 1, k->area_id);
    sqlite3_bind_text(st, 2, k->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, k->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, k->body ? k->body : "", -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 5, k->date);
    sqlite3_bind_int(st, 6, k->position);
    sqlite3_bind_int64(st, 7, now);
    db_bind_id(st, 8, user_id);
}

int knowledge_insert(db *d, const struct knowledge_row *k, int64_t user_id, int64_t now,
                     int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    bind_row(st, k, user_id, now);
    int rc = db_exec_stmt(st);
    *id = rc == DB_OK ? db_last_id(d) : 0;
    return rc;
}

int knowledge_update(db *d, const struct knowledge_row *k, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE);
    if (!st)
        return DB_ERROR;
    bind_row(st, k, user_id, now);
    sqlite3_bind_int64(st, 9, k->id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_DELETE[] = "DELETE FROM wijk_knowledge WHERE area_id = ?1 AND id = ?2";

int knowledge_delete(db *d, int64_t area_id, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int64(st, 2, id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_TEAM[] =
    "SELECT u.id, u.name, u.email, r.role, ifnull(r.org_id, 0), o.kind"
    " FROM user_role r JOIN user u ON u.id = r.user_id LEFT JOIN organisation o ON o.id = r.org_id"
    " WHERE u.disabled = 0 AND (r.area_id = ?1 OR (?2 <> 0 AND r.region_id = ?2))"
    " ORDER BY CASE r.role WHEN 'wijkregisseur' THEN 0 ELSE 1 END, u.name COLLATE NOCASE, r.role";

static void read_member(arena *a, sqlite3_stmt *st, void *row)
{
    struct knowledge_member *m = row;
    memset(m, 0, sizeof *m);
    m->user_id = sqlite3_column_int64(st, 0);
    m->name = db_col_dup(a, st, 1);
    m->email = db_col_dup(a, st, 2);
    m->role = db_col_dup(a, st, 3);
    m->org_id = sqlite3_column_int64(st, 4);
    m->org_kind = db_col_dup(a, st, 5);
}

int knowledge_team(db *d, arena *a, int64_t area_id, int64_t region_id,
                   struct knowledge_member **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TEAM);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int64(st, 2, region_id);
    return db_rows(a, st, sizeof **out, read_member, out, n);
}
