/*
 * org_store.c: SQL for organisations, people and the reference-data inserts.
 * Every insert here is idempotent (upsert or ensure), so `init` can run twice
 * without duplicating anything.
 */
#include "org_store.h"

#include <string.h>

static int64_t one_id(sqlite3_stmt *st)
{
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return id;
}

static const char SQL_ORGS[] =
    "SELECT id, kind, code, name, type, description, email, phone, website FROM organisation"
    " WHERE ?1 IS NULL OR kind = ?1"
    " ORDER BY CASE kind WHEN 'department' THEN 0 WHEN 'care_network' THEN 1 ELSE 2 END, name";

int org_list(db *d, arena *a, const char *kind, struct organisation **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ORGS);
    if (!st)
        return DB_ERROR;
    db_bind_text_or_null(st, 1, kind);
    size_t cap = 128, cnt = 0;
    struct organisation *v = arena_calloc(a, cap, sizeof *v);
    while (v && cnt < cap && sqlite3_step(st) == SQLITE_ROW) {
        struct organisation *o = &v[cnt++];
        o->id = sqlite3_column_int64(st, 0);
        o->kind = db_col_dup(a, st, 1);
        o->code = db_col_dup(a, st, 2);
        o->name = db_col_dup(a, st, 3);
        o->type = db_col_dup(a, st, 4);
        o->description = db_col_dup(a, st, 5);
        o->email = db_col_dup(a, st, 6);
        o->phone = db_col_dup(a, st, 7);
        o->website = db_col_dup(a, st, 8);
    }
    sqlite3_reset(st);
    if (!v)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_ORG_ID[] = "SELECT id FROM organisation WHERE code = ?1 OR name = ?1";

int64_t org_id_by_code(db *d, const char *code_or_name)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ORG_ID);
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, code_or_name, -1, SQLITE_STATIC);
    return one_id(st);
}

static const char SQL_ORG_UPSERT[] =
    "INSERT INTO organisation (kind, code, name, type, description) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, code = excluded.code,"
    " type = excluded.type, description = excluded.description RETURNING id";

static int upsert_returning(sqlite3_stmt *st, int64_t *id)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && id)
        *id = sqlite3_column_int64(st, 0);
    int done = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
    sqlite3_reset(st);
    (void)done;
    if (rc == SQLITE_ROW)
        return DB_OK;
    return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
}

int org_upsert(db *d, const char *kind, const char *code, const char *name, const char *type,
               const char *description, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ORG_UPSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 2, code);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 4, type);
    db_bind_text_or_null(st, 5, description);
    return upsert_returning(st, id);
}

static const char SQL_REGION_ID[] = "SELECT id FROM region WHERE slug = ?1";

int64_t region_id_by_slug(db *d, const char *slug)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REGION_ID);
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
    return one_id(st);
}

static const char SQL_REGION_UPSERT[] =
    "INSERT INTO region (slug, name, valid_from) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id";

int region_upsert(db *d, const char *slug, const char *name, const char *valid_from, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REGION_UPSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, valid_from, -1, SQLITE_STATIC);
    return upsert_returning(st, id);
}

static const char SQL_AREA_ID[] =
    "SELECT id FROM area WHERE kind = ?1 AND code = ?2 AND (?3 = 0 OR year = ?3)"
    " ORDER BY year DESC LIMIT 1";

int64_t area_id_by_code(db *d, const char *kind, const char *code, int year)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AREA_ID);
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, year);
    return one_id(st);
}

static const char SQL_AREA_UPSERT[] =
    "INSERT INTO area (kind, code, name, year, parent_id, geometry, label_lat, label_lon, slug,"
    " valid_from) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT (kind, code, year) DO UPDATE SET name = excluded.name,"
    " parent_id = excluded.parent_id, geometry = coalesce(excluded.geometry, geometry),"
    " label_lat = excluded.label_lat, label_lon = excluded.label_lon, slug = excluded.slug"
    " RETURNING id";

int area_upsert(db *d, const char *kind, const char *code, const char *name, int year,
                int64_t parent_id, const char *geometry, double label_lat, double label_lon,
                const char *slug, const char *valid_from, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AREA_UPSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, year);
    sqlite3_bind_int64(st, 5, parent_id);
    db_bind_text_or_null(st, 6, geometry);
    sqlite3_bind_double(st, 7, label_lat);
    sqlite3_bind_double(st, 8, label_lon);
    sqlite3_bind_text(st, 9, slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, valid_from, -1, SQLITE_STATIC);
    return upsert_returning(st, id);
}

static const char SQL_POP_UPSERT[] =
    "INSERT INTO population (area_id, date, inhabitants, households, men, women, density, source)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (area_id, date) DO UPDATE SET"
    " inhabitants = excluded.inhabitants, households = excluded.households, men = excluded.men,"
    " women = excluded.women, density = excluded.density, source = excluded.source";

int population_upsert(db *d, int64_t area_id, const char *date, int64_t inhabitants,
                      int64_t households, int64_t men, int64_t women, int64_t density,
                      const char *source)
{
    sqlite3_stmt *st = db_stmt(d, SQL_POP_UPSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, inhabitants);
    sqlite3_bind_int64(st, 4, households);
    sqlite3_bind_int64(st, 5, men);
    sqlite3_bind_int64(st, 6, women);
    sqlite3_bind_int64(st, 7, density);
    sqlite3_bind_text(st, 8, source, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static const char SQL_AR_ENSURE[] =
    "INSERT INTO area_region (area_id, region_id, valid_from) SELECT ?1, ?2, ?3"
    " WHERE NOT EXISTS (SELECT 1 FROM area_region WHERE area_id = ?1)";

int area_region_ensure(db *d, int64_t area_id, int64_t region_id, const char *from)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AR_ENSURE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int64(st, 2, region_id);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static const char SQL_PERSON_UPSERT[] =
    "INSERT INTO person (name, fictional) VALUES (?1, ?2)"
    " ON CONFLICT (name) DO UPDATE SET fictional = excluded.fictional RETURNING id";

int person_upsert(db *d, const char *name, int fictional, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERSON_UPSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, fictional);
    return upsert_returning(st, id);
}

static const char SQL_PF_ENSURE[] =
    "INSERT OR IGNORE INTO person_function (person_id, function, region_id, valid_from)"
    " VALUES (?1, ?2, ?3, ?4)";

int person_function_ensure(db *d, int64_t person_id, const char *function, int64_t region_id,
                           const char *from)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PF_ENSURE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    sqlite3_bind_text(st, 2, function, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, region_id);
    sqlite3_bind_text(st, 4, from, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static const char SQL_FP_UPSERT[] =
    "INSERT INTO focuspunt (number, title, period_start, period_end, status, source, demo)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (number, period_start) DO UPDATE SET"
    " title = excluded.title, period_end = excluded.period_end, source = excluded.source"
    " RETURNING id";

int focuspunt_upsert(db *d, int number, const char *title, const char *period_start,
                     const char *period_end, const char *status, const char *source, int demo,
                     int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FP_UPSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, number);
    sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, period_start, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, period_end, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 6, source);
    sqlite3_bind_int(st, 7, demo);
    return upsert_returning(st, id);
}

static const char SQL_FPA_ENSURE[] =
    "INSERT OR IGNORE INTO focuspunt_area (focuspunt_id, area_id) VALUES (?1, ?2)";

int focuspunt_area_ensure(db *d, int64_t focuspunt_id, int64_t area_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FPA_ENSURE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    sqlite3_bind_int64(st, 2, area_id);
    return db_exec_stmt(st);
}

static const char SQL_MUNI_UPSERT[] =
    "INSERT INTO municipality (code, name, jurisdiction_id) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name";

int municipality_upsert(db *d, const char *code, const char *name, const char *jurisdiction)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MUNI_UPSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, jurisdiction, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}
