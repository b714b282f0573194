/*
 * public_signal_store.c: the public view of open signals; see the header.
 */
#include "public_signal_store.h"

#include <string.h>

static const char SQL_PUBLIC[] =
    "SELECT s.id, s.created_at, round(s.lat, 4), round(s.lon, 4), c.name, p.name, s.status,"
    " w.name, w.code FROM signal s JOIN category c ON c.id = s.category_id"
    " JOIN category p ON p.id = c.parent_id LEFT JOIN area w ON w.id = s.wijk_id"
    " WHERE s.closed_at IS NULL AND s.location_known AND NOT s.confidential"
    " AND c.is_public AND p.is_public AND NOT c.confidential AND s.merged_into IS NULL"
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
    }
    sqlite3_reset(st);
    if (!v || (rc != SQLITE_DONE && rc != SQLITE_ROW))
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}
