/*
 * notify_store.c: SQL for residents' e-mail notifications; see
 * notify_store.h.
 */
#include "notify_store.h"

#include <string.h>

#define EVENT_COLUMNS                                                                              \
    "e.id, e.created_at, e.kind, e.ref, e.detail, coalesce(e.area_id, 0),"                         \
    " coalesce(e.region_id, 0), e.topic, e.title, e.path, coalesce(e.dispatched_at, 0)"

static void read_event(arena *a, sqlite3_stmt *st, void *row)
{
    struct notify_event_row *e = row;
    e->id = sqlite3_column_int64(st, 0);
    e->created_at = sqlite3_column_int64(st, 1);
    e->kind = db_col_dup(a, st, 2);
    e->ref = sqlite3_column_int64(st, 3);
    e->detail = db_col_dup(a, st, 4);
    e->area_id = sqlite3_column_int64(st, 5);
    e->region_id = sqlite3_column_int64(st, 6);
    e->topic = db_col_dup(a, st, 7);
    e->title = db_col_dup(a, st, 8);
    e->path = db_col_dup(a, st, 9);
    e->dispatched_at = sqlite3_column_int64(st, 10);
}

/* Does resident p.user_id follow event e? Its wijk, a wijk of its region (as
 * the region is now), or any wijk for the city; its topic, or any. */
#define FOLLOWS                                                                                    \
    " EXISTS (SELECT 1 FROM resident_interest i WHERE i.user_id = p.user_id"                       \
    " AND (e.topic IS NULL OR i.topic = e.topic)"                                                  \
    " AND ((e.area_id IS NULL AND e.region_id IS NULL) OR i.area_id = e.area_id"                   \
    "  OR (e.region_id IS NOT NULL AND EXISTS (SELECT 1 FROM area_region ar"                       \
    "   WHERE ar.area_id = i.area_id AND ar.region_id = e.region_id AND ar.valid_to IS NULL))))"

/* An account in use with a verified address. */
#define IN_USE " r.erased_at IS NULL AND r.verified_at IS NOT NULL AND r.email IS NOT NULL"

static const char SQL_EVENT_ADD[] =
    "INSERT OR IGNORE INTO notify_event (created_at, kind, ref, detail, area_id, region_id, topic,"
    " title, path) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), nullif(?6, 0), ?7, ?8, ?9)";

int notify_event_add(db *d, const struct notify_event_row *e, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_EVENT_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_text(st, 2, e->kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, e->ref);
    sqlite3_bind_text(st, 4, e->detail ? e->detail : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, e->area_id);
    sqlite3_bind_int64(st, 6, e->region_id);
    db_bind_text_opt(st, 7, e->topic);
    sqlite3_bind_text(st, 8, e->title, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, e->path, -1, SQLITE_TRANSIENT);
    int rc = db_exec_stmt(st);
    if (id)
        *id = rc == DB_OK && db_changes(d) > 0 ? db_last_id(d) : 0;
    return rc;
}

static const char SQL_PENDING[] = "SELECT " EVENT_COLUMNS " FROM notify_event e"
                                  " WHERE e.dispatched_at IS NULL ORDER BY e.id LIMIT ?1";

int notify_events_pending(db *d, arena *a, size_t limit, struct notify_event_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PENDING);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, (int64_t)limit);
    return db_rows(a, st, sizeof **out, read_event, out, n);
}

static int exec2(db *d, const char *sql, int64_t x, int64_t y)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, x);
    sqlite3_bind_int64(st, 2, y);
    return db_exec_stmt(st);
}

int notify_event_dispatched(db *d, int64_t id, int64_t now)
{
    return exec2(d, "UPDATE notify_event SET dispatched_at = ?2 WHERE id = ?1", id, now);
}

int notify_last_event_id(db *d, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT coalesce(max(id), 0) FROM notify_event");
    if (!st)
        return DB_ERROR;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static void read_recipient(arena *a, sqlite3_stmt *st, void *row)
{
    struct notify_recipient *r = row;
    r->user_id = sqlite3_column_int64(st, 0);
    r->email = db_col_dup(a, st, 1);
    r->after_id = sqlite3_column_int64(st, 2);
}

static const char SQL_RECIPIENTS[] =
    "SELECT p.user_id, r.email, p.after_id FROM notify_event e, notify_pref p"
    " JOIN resident r ON r.user_id = p.user_id"
    " WHERE e.id = ?1 AND p.mode = ?2 AND p.after_id < e.id AND" IN_USE " AND" FOLLOWS
    " ORDER BY p.user_id";

int notify_recipients(db *d, arena *a, int64_t event_id, const char *mode,
                      struct notify_recipient **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RECIPIENTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_text(st, 2, mode, -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_recipient, out, n);
}

static const char SQL_DIGEST_DUE[] =
    "SELECT p.user_id, r.email, p.after_id FROM notify_pref p"
    " JOIN resident r ON r.user_id = p.user_id"
    " WHERE p.mode = 'week' AND p.digest_at < ?1 AND" IN_USE " ORDER BY p.user_id";

int notify_digest_due(db *d, arena *a, int64_t boundary, struct notify_recipient **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DIGEST_DUE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, boundary);
    return db_rows(a, st, sizeof **out, read_recipient, out, n);
}

static const char SQL_EVENTS_FOR[] =
    "SELECT " EVENT_COLUMNS " FROM notify_event e, (SELECT ?1 AS user_id) p"
    " WHERE e.id > ?2 AND e.id <= ?3 AND" FOLLOWS " ORDER BY e.id LIMIT ?4";

int notify_events_for(db *d, arena *a, int64_t user_id, int64_t after_id, int64_t last_id,
                      size_t limit, struct notify_event_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_EVENTS_FOR);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, after_id);
    sqlite3_bind_int64(st, 3, last_id);
    sqlite3_bind_int64(st, 4, (int64_t)limit);
    return db_rows(a, st, sizeof **out, read_event, out, n);
}

static void read_pref(arena *a, sqlite3_stmt *st, void *row)
{
    struct notify_pref_row *p = row;
    p->user_id = sqlite3_column_int64(st, 0);
    p->mode = db_col_dup(a, st, 1);
    p->after_id = sqlite3_column_int64(st, 2);
    p->digest_at = sqlite3_column_int64(st, 3);
    p->changed_at = sqlite3_column_int64(st, 4);
}

int notify_pref_get(db *d, arena *a, int64_t user_id, struct notify_pref_row *p)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT user_id, mode, after_id, digest_at, changed_at FROM "
                                  "notify_pref WHERE user_id = ?1");
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    memset(p, 0, sizeof *p);
    return db_row(a, st, read_pref, p);
}

static const char SQL_PREF_SET[] =
    "INSERT INTO notify_pref (user_id, mode, after_id, digest_at, changed_at)"
    " VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode,"
    " after_id = excluded.after_id, digest_at = excluded.digest_at, changed_at = "
    "excluded.changed_at";

int notify_pref_set(db *d, int64_t user_id, const char *mode, int64_t after_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PREF_SET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, mode, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, after_id);
    sqlite3_bind_int64(st, 4, now);
    return db_exec_stmt(st);
}

int notify_pref_advance(db *d, int64_t user_id, int64_t after_id, int64_t digest_at)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE notify_pref SET after_id = max(after_id, ?2),"
                                  " digest_at = CASE WHEN ?3 > 0 THEN ?3 ELSE digest_at END"
                                  " WHERE user_id = ?1");
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, after_id);
    sqlite3_bind_int64(st, 3, digest_at);
    return db_exec_stmt(st);
}

int notify_token_add(db *d, const char *token_hash, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(
        d, "INSERT INTO notify_token (token_hash, user_id, created_at) VALUES (?1, ?2, ?3)");
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, now);
    return db_exec_stmt(st);
}

static const char SQL_TOKEN_FIND[] =
    "SELECT t.user_id FROM notify_token t JOIN resident r ON r.user_id = t.user_id"
    " WHERE t.token_hash = ?1 AND r.erased_at IS NULL";

static int token_user(db *d, const char *token_hash, int64_t *user_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TOKEN_FIND);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *user_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

int notify_token_find(db *d, const char *token_hash)
{
    int64_t uid = 0;
    return token_user(d, token_hash, &uid);
}

int notify_token_take(db *d, const char *token_hash, int64_t *user_id)
{
    int rc = token_user(d, token_hash, user_id);
    if (rc != DB_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(d, "DELETE FROM notify_token WHERE token_hash = ?1");
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
    return db_exec_stmt(st);
}

static void read_dated(arena *a, sqlite3_stmt *st, void *row)
{
    struct notify_dated_row *r = row;
    r->id = sqlite3_column_int64(st, 0);
    r->area_id = sqlite3_column_int64(st, 1);
    r->region_id = sqlite3_column_int64(st, 2);
    r->title = db_col_dup(a, st, 3);
    r->info_on = db_col_dup(a, st, 4);
    r->ideas_on = db_col_dup(a, st, 5);
    r->reactions_on = db_col_dup(a, st, 6);
    r->choice_on = db_col_dup(a, st, 7);
    r->result_on = db_col_dup(a, st, 8);
    r->topic = db_col_dup(a, st, 9);
}

static int dated(db *d, arena *a, const char *sql, const char *from, const char *today,
                 struct notify_dated_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_dated, out, n);
}

#define BETWEEN(col) " (" col " BETWEEN ?1 AND ?2)"

static const char SQL_CONSULTS[] =
    "SELECT id, coalesce(area_id, 0), 0, title, info_on, ideas_on, reactions_on, choice_on,"
    " result_on, topic FROM consultation WHERE" BETWEEN("info_on") " OR" BETWEEN(
        "ideas_on") " OR" BETWEEN("reactions_on") " OR" BETWEEN("choice_on") " OR" BETWEEN("result_"
                                                                                           "on") " "
                                                                                                 "O"
                                                                                                 "R"
                                                                                                 "D"
                                                                                                 "E"
                                                                                                 "R"
                                                                                                 " "
                                                                                                 "B"
                                                                                                 "Y"
                                                                                                 " "
                                                                                                 "i"
                                                                                                 "d";

int notify_consultations_starting(db *d, arena *a, const char *from, const char *today,
                                  struct notify_dated_row **out, size_t *n)
{
    return dated(d, a, SQL_CONSULTS, from, today, out, n);
}

static const char SQL_SURVEYS[] =
    "SELECT id, coalesce(area_id, 0), coalesce(region_id, 0), title, NULL, NULL, NULL, NULL, NULL,"
    " NULL"
    " FROM survey WHERE" BETWEEN("opens_on") " ORDER BY id";

int notify_surveys_opening(db *d, arena *a, const char *from, const char *today,
                           struct notify_dated_row **out, size_t *n)
{
    return dated(d, a, SQL_SURVEYS, from, today, out, n);
}
