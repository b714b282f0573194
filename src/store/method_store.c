/*
 * method_store.c: SQL of the menu of participation methods.
 */
#include "method_store.h"

#define COLS                                                                                       \
    "m.id, m.slug, m.name, m.summary, m.good_for, m.effort, m.cost, m.reach, m.accessibility,"     \
    " m.used_where, m.contact, m.stories,"                                                         \
    " (SELECT group_concat(code, ',') FROM (SELECT code FROM participation_method_facet"           \
    "   WHERE method_id = m.id AND facet = 'doel' ORDER BY code)),"                                \
    " (SELECT group_concat(code, ',') FROM (SELECT code FROM participation_method_facet"           \
    "   WHERE method_id = m.id AND facet = 'groep' ORDER BY code))"

#define HAS_FACET(f, p)                                                                            \
    " (" p " IS NULL OR EXISTS (SELECT 1 FROM participation_method_facet x WHERE x.method_id ="    \
    " m.id AND x.facet = '" f "' AND x.code = " p "))"

static const char SQL_LIST[] = "SELECT " COLS " FROM participation_method m WHERE" HAS_FACET(
    "doel", "?1") " AND" HAS_FACET("groep", "?2") " AND (?3 IS NULL OR m.effort = ?3)"
                                                  " ORDER BY m.name COLLATE NOCASE, m.id";

static const char SQL_GET[] = "SELECT " COLS " FROM participation_method m WHERE m.id = ?1";

static void read_method(arena *a, sqlite3_stmt *st, void *row)
{
    struct method_row *x = row;
    x->id = sqlite3_column_int64(st, 0);
    const char **f[] = {&x->slug,    &x->name,  &x->summary,       &x->good_for,   &x->effort,
                        &x->cost,    &x->reach, &x->accessibility, &x->used_where, &x->contact,
                        &x->stories, &x->goals, &x->groups};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        const char *s = db_col_dup(a, st, (int)i + 1);
        *f[i] = s ? s : "";
    }
}

int method_list(db *d, arena *a, const char *goal, const char *group, const char *effort,
                struct method_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    db_bind_text_or_null(st, 1, goal);
    db_bind_text_or_null(st, 2, group);
    db_bind_text_or_null(st, 3, effort);
    return db_rows(a, st, sizeof **out, read_method, out, n);
}

int method_get(db *d, arena *a, int64_t id, struct method_row *m)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_method, m);
}

static const char SQL_INSERT[] =
    "INSERT INTO participation_method (slug, name, summary, good_for, effort, cost, reach,"
    " accessibility, used_where, contact, stories, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char SQL_INSERT_IF_ABSENT[] =
    "INSERT INTO participation_method (slug, name, summary, good_for, effort, cost, reach,"
    " accessibility, used_where, contact, stories, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    " ON CONFLICT (slug) DO NOTHING";

static void bind_method(sqlite3_stmt *st, const struct method_row *m)
{
    const char *v[] = {m->slug,  m->name,          m->summary,    m->good_for, m->effort, m->cost,
                       m->reach, m->accessibility, m->used_where, m->contact,  m->stories};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        sqlite3_bind_text(st, (int)i + 1, v[i] ? v[i] : "", -1, SQLITE_STATIC);
}

int method_insert(db *d, const struct method_row *m, int if_absent, int64_t user_id, int64_t now,
                  int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, if_absent ? SQL_INSERT_IF_ABSENT : SQL_INSERT);
    if (!st)
        return DB_ERROR;
    bind_method(st, m);
    sqlite3_bind_int64(st, 12, now);
    db_bind_id(st, 13, user_id);
    int rc = db_exec_stmt(st);
    *id = rc == DB_OK && db_changes(d) > 0 ? db_last_id(d) : 0;
    return rc;
}

static const char SQL_UPDATE[] =
    "UPDATE participation_method SET name = ?2, summary = ?3, good_for = ?4, effort = ?5,"
    " cost = ?6, reach = ?7, accessibility = ?8, used_where = ?9, contact = ?10, stories = ?11,"
    " updated_at = ?12, updated_by = ?13 WHERE id = ?14";

int method_update(db *d, const struct method_row *m, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE);
    if (!st)
        return DB_ERROR;
    bind_method(st, m);
    sqlite3_bind_int64(st, 12, now);
    db_bind_id(st, 13, user_id);
    sqlite3_bind_int64(st, 14, m->id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_FILL[] =
    "UPDATE participation_method SET"
    " used_where = CASE used_where WHEN '' THEN ?2 ELSE used_where END,"
    " contact = CASE contact WHEN '' THEN ?3 ELSE contact END,"
    " stories = CASE stories WHEN '' THEN ?4 ELSE stories END WHERE slug = ?1";

int method_fill_usage(db *d, const char *slug, const char *used_where, const char *contact,
                      const char *stories)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FILL);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, used_where ? used_where : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, contact ? contact : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, stories ? stories : "", -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static const char SQL_FACET_CLEAR[] =
    "DELETE FROM participation_method_facet WHERE method_id = ?1 AND facet = ?2";
static const char SQL_FACET_ADD[] =
    "INSERT OR IGNORE INTO participation_method_facet (method_id, facet, code) VALUES (?1, ?2, ?3)";

int method_set_facet(db *d, int64_t id, const char *facet, const char *const *codes, size_t n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FACET_CLEAR);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, facet, -1, SQLITE_STATIC);
    int rc = db_exec_stmt(st);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (!(st = db_stmt(d, SQL_FACET_ADD)))
            return DB_ERROR;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, facet, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, codes[i], -1, SQLITE_STATIC);
        rc = db_exec_stmt(st);
    }
    return rc;
}
