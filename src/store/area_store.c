/*
 * area_store.c: SQL for areas, regions, populations, functions, focus points.
 */
#include "area_store.h"

#include <string.h>

#define WIJK_COLUMNS                                                                               \
    "a.id, a.code, a.name, a.slug, a.year, a.label_lat, a.label_lon,"                              \
    " (SELECT p.inhabitants FROM population p WHERE p.area_id = a.id AND p.date <= ?1"             \
    "   ORDER BY p.date DESC LIMIT 1),"                                                            \
    " (SELECT p.date FROM population p WHERE p.area_id = a.id AND p.date <= ?1"                    \
    "   ORDER BY p.date DESC LIMIT 1),"                                                            \
    " (SELECT p.households FROM population p WHERE p.area_id = a.id AND p.date <= ?1"              \
    "   ORDER BY p.date DESC LIMIT 1),"                                                            \
    " r.id, r.slug, r.name,"                                                                       \
    " (SELECT pe.name FROM person_function pf JOIN person pe ON pe.id = pf.person_id"              \
    "   WHERE (pf.region_id = r.id OR pf.area_id = a.id) AND pf.function = 'wijkregisseur'"        \
    "   AND pf.valid_from <= ?1 AND (pf.valid_to IS NULL OR pf.valid_to > ?1)"                     \
    "   ORDER BY pf.area_id IS NULL, pf.valid_from DESC LIMIT 1),"                                 \
    " (SELECT pe.name FROM person_function pf JOIN person pe ON pe.id = pf.person_id"              \
    "   WHERE (pf.region_id = r.id OR pf.area_id = a.id) AND pf.function = 'wijkwethouder'"        \
    "   AND pf.valid_from <= ?1 AND (pf.valid_to IS NULL OR pf.valid_to > ?1)"                     \
    "   ORDER BY pf.area_id IS NULL, pf.valid_from DESC LIMIT 1),"                                 \
    " (SELECT count(*) FROM focuspunt_area fa WHERE fa.area_id = a.id),"                           \
    " CASE WHEN ?2 THEN a.geometry END"                                                            \
    " FROM area a"                                                                                 \
    " LEFT JOIN area_region ar ON ar.area_id = a.id AND ar.valid_from <= ?1"                       \
    "   AND (ar.valid_to IS NULL OR ar.valid_to > ?1)"                                             \
    " LEFT JOIN region r ON r.id = ar.region_id"

static const char SQL_WIJKEN[] =
    "SELECT " WIJK_COLUMNS " WHERE a.kind = 'wijk' AND a.valid_from <= ?1"
    " AND (a.valid_to IS NULL OR a.valid_to > ?1) ORDER BY a.code";

static const char SQL_WIJK[] =
    "SELECT " WIJK_COLUMNS " WHERE a.kind = 'wijk' AND (a.slug = ?3 OR a.code = ?3)"
    " AND a.valid_from <= ?1 AND (a.valid_to IS NULL OR a.valid_to > ?1)"
    " ORDER BY a.year DESC LIMIT 1";

static void read_wijk(arena *a, sqlite3_stmt *st, struct wijk *w)
{
    memset(w, 0, sizeof *w);
    w->id = sqlite3_column_int64(st, 0);
    w->code = db_col_dup(a, st, 1);
    w->name = db_col_dup(a, st, 2);
    w->slug = db_col_dup(a, st, 3);
    w->year = sqlite3_column_int(st, 4);
    w->label_lat = sqlite3_column_double(st, 5);
    w->label_lon = sqlite3_column_double(st, 6);
    w->inhabitants = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 7);
    w->population_date = db_col_dup(a, st, 8);
    w->households = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 9);
    w->region_id = sqlite3_column_int64(st, 10);
    w->region_slug = db_col_dup(a, st, 11);
    w->region_name = db_col_dup(a, st, 12);
    w->regisseur = db_col_dup(a, st, 13);
    w->wethouder = db_col_dup(a, st, 14);
    w->focus_count = sqlite3_column_int(st, 15);
    w->geometry = db_col_dup(a, st, 16);
}

int area_list_wijken(db *d, arena *a, const char *on, int with_geometry, struct wijk **out,
                     size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_WIJKEN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, on, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, with_geometry);
    size_t cap = 16, cnt = 0;
    struct wijk *v = arena_calloc(a, cap, sizeof *v);
    int rc;
    while (v && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            struct wijk *nv = arena_calloc(a, cap * 2, sizeof *nv);
            if (!nv) {
                v = NULL;
                break;
            }
            memcpy(nv, v, cnt * sizeof *v);
            v = nv;
            cap *= 2;
        }
        read_wijk(a, st, &v[cnt++]);
    }
    sqlite3_reset(st);
    if (!v)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

int area_get_wijk(db *d, arena *a, const char *slug_or_code, const char *on, int with_geometry,
                  struct wijk *w)
{
    sqlite3_stmt *st = db_stmt(d, SQL_WIJK);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, on, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, with_geometry);
    sqlite3_bind_text(st, 3, slug_or_code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_wijk(a, st, w);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static const char SQL_BUURTEN[] = "SELECT id, code, name, label_lat, label_lon FROM area"
                                  " WHERE kind = 'buurt' AND parent_id = ?1 ORDER BY code";

int area_list_buurten(db *d, arena *a, int64_t wijk_id, struct buurt **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BUURTEN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, wijk_id);
    size_t cap = 64, cnt = 0;
    struct buurt *v = arena_calloc(a, cap, sizeof *v);
    while (v && cnt < cap && sqlite3_step(st) == SQLITE_ROW) {
        v[cnt].id = sqlite3_column_int64(st, 0);
        v[cnt].code = db_col_dup(a, st, 1);
        v[cnt].name = db_col_dup(a, st, 2);
        v[cnt].label_lat = sqlite3_column_double(st, 3);
        v[cnt].label_lon = sqlite3_column_double(st, 4);
        cnt++;
    }
    sqlite3_reset(st);
    if (!v)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

#define REGION_COLUMNS                                                                             \
    "r.id, r.slug, r.name,"                                                                        \
    " (SELECT pe.name FROM person_function pf JOIN person pe ON pe.id = pf.person_id"              \
    "   WHERE pf.region_id = r.id AND pf.function = 'wijkregisseur' AND pf.valid_from <= ?1"       \
    "   AND (pf.valid_to IS NULL OR pf.valid_to > ?1) ORDER BY pf.valid_from DESC LIMIT 1),"       \
    " (SELECT pe.name FROM person_function pf JOIN person pe ON pe.id = pf.person_id"              \
    "   WHERE pf.region_id = r.id AND pf.function = 'wijkwethouder' AND pf.valid_from <= ?1"       \
    "   AND (pf.valid_to IS NULL OR pf.valid_to > ?1) ORDER BY pf.valid_from DESC LIMIT 1)"        \
    " FROM region r WHERE r.valid_from <= ?1 AND (r.valid_to IS NULL OR r.valid_to > ?1)"

static const char SQL_REGIONS[] = "SELECT " REGION_COLUMNS " ORDER BY r.id";
static const char SQL_REGION[] = "SELECT " REGION_COLUMNS " AND r.id = ?2";

static void read_region(arena *a, sqlite3_stmt *st, struct region *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->slug = db_col_dup(a, st, 1);
    r->name = db_col_dup(a, st, 2);
    r->regisseur = db_col_dup(a, st, 3);
    r->wethouder = db_col_dup(a, st, 4);
}

int area_list_regions(db *d, arena *a, const char *on, struct region **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REGIONS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, on, -1, SQLITE_STATIC);
    size_t cap = 32, cnt = 0;
    struct region *v = arena_calloc(a, cap, sizeof *v);
    while (v && cnt < cap && sqlite3_step(st) == SQLITE_ROW)
        read_region(a, st, &v[cnt++]);
    sqlite3_reset(st);
    if (!v)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

int area_region_by_id(db *d, arena *a, int64_t id, const char *on, struct region *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REGION);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, on, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_region(a, st, r);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static const char SQL_FOCUS[] =
    "SELECT f.id, f.number, f.title, f.period_start, f.period_end, f.status, f.demo,"
    " (SELECT group_concat(a2.name, ', ') FROM focuspunt_area fa2 JOIN area a2"
    "   ON a2.id = fa2.area_id WHERE fa2.focuspunt_id = f.id)"
    " FROM focuspunt f WHERE f.status <> 'niet_vastgesteld' AND (?1 = 0 OR EXISTS"
    "   (SELECT 1 FROM focuspunt_area fa WHERE fa.focuspunt_id = f.id AND fa.area_id = ?1))"
    " ORDER BY f.period_start DESC, f.number";

int area_list_focuspunten(db *d, arena *a, int64_t area_id, struct focuspunt **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FOCUS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    size_t cap = 256, cnt = 0;
    struct focuspunt *v = arena_calloc(a, cap, sizeof *v);
    while (v && cnt < cap && sqlite3_step(st) == SQLITE_ROW) {
        struct focuspunt *f = &v[cnt++];
        f->id = sqlite3_column_int64(st, 0);
        f->number = sqlite3_column_int(st, 1);
        f->title = db_col_dup(a, st, 2);
        f->period_start = db_col_dup(a, st, 3);
        f->period_end = db_col_dup(a, st, 4);
        f->status = db_col_dup(a, st, 5);
        f->demo = sqlite3_column_int(st, 6);
        f->area_names = db_col_dup(a, st, 7);
    }
    sqlite3_reset(st);
    if (!v)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_CLOSE_ASSIGN[] =
    "UPDATE area_region SET valid_to = ?2 WHERE area_id = ?1 AND valid_to IS NULL";
static const char SQL_DROP_SAME_DAY[] =
    "DELETE FROM area_region WHERE area_id = ?1 AND valid_from = ?2 AND valid_to = ?2";
static const char SQL_ASSIGN[] =
    "INSERT INTO area_region (area_id, region_id, valid_from) VALUES (?1, ?2, ?3)";

int area_assign_region(db *d, int64_t area_id, int64_t region_id, const char *from)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CLOSE_ASSIGN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
    int rc = db_exec_stmt(st);
    if (rc)
        return rc;
    /* An assignment that started and ended today never held: drop it. */
    st = db_stmt(d, SQL_DROP_SAME_DAY);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
    if ((rc = db_exec_stmt(st)))
        return rc;
    if (!region_id)
        return DB_OK;
    st = db_stmt(d, SQL_ASSIGN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int64(st, 2, region_id);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static const char SQL_SLUG_BY_ID[] = "SELECT slug FROM area WHERE id = ?1";

const char *area_slug_by_id(db *d, arena *a, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SLUG_BY_ID);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    const char *s = sqlite3_step(st) == SQLITE_ROW ? db_col_dup(a, st, 0) : NULL;
    sqlite3_reset(st);
    return s;
}
