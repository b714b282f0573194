/*
 * public_signal_store.c: the public view of open signals; see the header.
 */
#include "public_signal_store.h"

#include "lib/geo.h"

#include <math.h>
#include <string.h>

/* signal_open_public (migrations 0008, 0011 and 0012) covers every column of
 * signal read here; without statistics the planner would take the smaller
 * signal_open and read thousands of scattered rows, so the index is named.
 * A signal the care network holds is not shown, nor one whose intake was
 * the care network's (its place was the care network's knowledge).
 * Sub-tasks (parent_id) are part of their parent's handling and never shown.
 * The explanation is the public one of the latest public update (the view
 * signal_public_update, from its own covering index), never a message to the
 * reporter. */
static const char SQL_PUBLIC[] =
    "SELECT s.id, s.created_at, round(s.lat, 4), round(s.lon, 4), c.name, p.name, s.status,"
    " w.name, w.code,"
    " (SELECT u.explanation FROM signal_public_update u WHERE u.signal_id = s.id"
    "  ORDER BY u.at DESC, u.id DESC LIMIT 1)"
    " FROM signal s INDEXED BY signal_open_public"
    " JOIN category c ON c.id = s.category_id"
    " JOIN category p ON p.id = c.parent_id LEFT JOIN area w ON w.id = s.wijk_id"
    " WHERE s.closed_at IS NULL AND s.location_known AND NOT s.confidential"
    " AND NOT s.intake_confidential"
    " AND c.is_public AND p.is_public AND NOT c.confidential AND s.merged_into IS NULL"
    " AND s.parent_id IS NULL"
    " AND (?1 = 0 OR s.wijk_id = ?1) AND (?2 = 0 OR c.parent_id = ?2)"
    " AND (?3 = 0 OR (s.created_at, s.id) < (?3, ?4))"
    " ORDER BY s.created_at DESC, s.id DESC LIMIT ?5";

int public_signal_list(db *d, arena *a, int64_t wijk_id, int64_t main_category_id,
                       int64_t after_created, int64_t after_id, size_t limit,
                       struct public_signal **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PUBLIC);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, wijk_id);
    sqlite3_bind_int64(st, 2, main_category_id);
    sqlite3_bind_int64(st, 3, after_created);
    sqlite3_bind_int64(st, 4, after_id);
    sqlite3_bind_int64(st, 5, (int64_t)limit);
    struct public_signal *v = arena_calloc(a, limit ? limit : 1, sizeof *v);
    size_t cnt = 0;
    int rc = SQLITE_DONE;
    while (v && cnt < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct public_signal *p = &v[cnt++];
        p->id = sqlite3_column_int64(st, 0);
        p->created_at = sqlite3_column_int64(st, 1);
        p->lat = sqlite3_column_double(st, 2);
        p->lon = sqlite3_column_double(st, 3);
        p->category = arena_strdup(a, db_text(st, 4));
        p->main_category = arena_strdup(a, db_text(st, 5));
        p->status = arena_strdup(a, db_text(st, 6));
        p->wijk = arena_strdup(a, db_text(st, 7));
        p->wijk_code = arena_strdup(a, db_text(st, 8));
        p->explanation = db_col_dup(a, st, 9);
    }
    sqlite3_reset(st);
    if (!v || (rc != SQLITE_DONE && rc != SQLITE_ROW))
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

/*
 * What a visitor may be offered to follow: an open signal of a public
 * category (the category and its main category public, neither
 * confidential), not confidential itself, not a sub task and not merged.
 * The nearby offer and following share this one condition (aliases s, c
 * for the category and p for its main category).
 */
#define FOLLOWABLE                                                                                 \
    " s.closed_at IS NULL AND NOT s.confidential AND NOT s.intake_confidential"                    \
    " AND s.parent_id IS NULL"                                                                     \
    " AND s.merged_into IS NULL AND c.is_public AND p.is_public AND NOT c.confidential"            \
    " AND NOT p.confidential"

/* A bounding box first (an index-friendly range on lat), then the exact
 * distance. */
static const char SQL_NEARBY[] =
    "SELECT s.id, s.created_at, s.lat, s.lon, s.token, s.status FROM signal s"
    " JOIN category c ON c.id = s.category_id JOIN category p ON p.id = c.parent_id"
    " WHERE s.category_id = ?1 AND" FOLLOWABLE " AND s.location_known AND s.created_at >= ?2"
    " AND s.lat BETWEEN ?3 AND ?4 AND s.lon BETWEEN ?5 AND ?6"
    " ORDER BY s.created_at DESC LIMIT 200";

int public_signal_nearby(db *d, arena *a, int64_t category_id, double lat, double lon,
                         double radius_m, int64_t since, size_t limit, struct nearby_signal **out,
                         size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!isfinite(lat) || !isfinite(lon) || limit == 0)
        return DB_OK;
    sqlite3_stmt *st = db_stmt(d, SQL_NEARBY);
    if (!st)
        return DB_ERROR;
    double dlat = radius_m / 111320.0;
    double dlon = radius_m / (111320.0 * cos(lat * M_PI / 180.0));
    sqlite3_bind_int64(st, 1, category_id);
    sqlite3_bind_int64(st, 2, since);
    sqlite3_bind_double(st, 3, lat - dlat);
    sqlite3_bind_double(st, 4, lat + dlat);
    sqlite3_bind_double(st, 5, lon - dlon);
    sqlite3_bind_double(st, 6, lon + dlon);
    struct nearby_signal *v = arena_calloc(a, limit, sizeof *v);
    size_t cnt = 0;
    while (v && sqlite3_step(st) == SQLITE_ROW) {
        double dist =
            geo_distance_m(lat, lon, sqlite3_column_double(st, 2), sqlite3_column_double(st, 3));
        if (dist > radius_m)
            continue;
        /* keep the nearest `limit` */
        size_t at = cnt < limit ? cnt++ : limit;
        if (at == limit) {
            size_t far = 0;
            for (size_t i = 1; i < limit; i++)
                if (v[i].distance_m > v[far].distance_m)
                    far = i;
            if (v[far].distance_m <= dist)
                continue;
            at = far;
        }
        v[at].id = sqlite3_column_int64(st, 0);
        v[at].created_at = sqlite3_column_int64(st, 1);
        v[at].distance_m = dist;
        v[at].token = arena_strdup(a, db_text(st, 4));
        v[at].status = arena_strdup(a, db_text(st, 5));
    }
    sqlite3_reset(st);
    if (!v)
        return DB_ERROR;
    /* nearest first */
    for (size_t i = 1; i < cnt; i++)
        for (size_t k = i; k > 0 && v[k].distance_m < v[k - 1].distance_m; k--) {
            struct nearby_signal t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_FOLLOWABLE[] =
    "SELECT count(*) FROM signal s JOIN category c ON c.id = s.category_id"
    " JOIN category p ON p.id = c.parent_id WHERE s.id = ?1 AND" FOLLOWABLE;

int public_signal_followable(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FOLLOWABLE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    int yes = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) > 0 : -1;
    sqlite3_reset(st);
    return yes;
}
