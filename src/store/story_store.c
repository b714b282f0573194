/*
 * story_store.c: SQL of the success stories.
 */
#include "story_store.h"

#include <string.h>

#define COLS                                                                                       \
    "s.id, ifnull(s.area_id, 0), s.title, s.summary, s.body, s.story_date,"                        \
    " ifnull(s.published_at, 0), s.created_at, s.updated_at,"                                      \
    " (SELECT name FROM user WHERE id = s.created_by), a.name, a.slug,"                            \
    " (SELECT group_concat(kind || ':' || target_id, ',') FROM story_link l"                       \
    "   WHERE l.story_id = s.id), s.topic"

static const char SQL_LIST[] =
    "SELECT " COLS " FROM story s LEFT JOIN area a ON a.id = s.area_id"
    " WHERE (?1 = 0 OR s.published_at IS NOT NULL)"
    " AND (?2 < 0 OR ifnull(s.area_id, 0) = ?2)"
    " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM story_link x WHERE x.story_id = s.id"
    "   AND x.kind = ?3 AND x.target_id = ?4))"
    " ORDER BY ifnull(s.published_at, s.updated_at) DESC, s.id DESC LIMIT ?5";
static const char SQL_GET[] =
    "SELECT " COLS " FROM story s LEFT JOIN area a ON a.id = s.area_id WHERE s.id = ?1";

static void read_story(arena *a, sqlite3_stmt *st, void *row)
{
    struct story_row *s = row;
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    s->area_id = sqlite3_column_int64(st, 1);
    s->title = db_col_dup(a, st, 2);
    s->summary = db_col_dup(a, st, 3);
    s->body = db_col_dup(a, st, 4);
    s->story_date = db_col_dup(a, st, 5);
    s->published_at = sqlite3_column_int64(st, 6);
    s->created_at = sqlite3_column_int64(st, 7);
    s->updated_at = sqlite3_column_int64(st, 8);
    s->author = db_col_dup(a, st, 9);
    s->wijk_name = db_col_dup(a, st, 10);
    s->wijk_slug = db_col_dup(a, st, 11);
    s->links = db_col_dup(a, st, 12);
    s->topic = db_col_dup(a, st, 13);
}

int story_list(db *d, arena *a, const struct story_filter *f, size_t limit, struct story_row **out,
               size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, f->published_only ? 1 : 0);
    sqlite3_bind_int64(st, 2, f->area_id);
    db_bind_text_or_null(st, 3, f->link_kind);
    sqlite3_bind_int64(st, 4, f->link_id);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)limit);
    return db_rows(a, st, sizeof **out, read_story, out, n);
}

int story_get(db *d, arena *a, int64_t id, struct story_row *s)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_story, s);
}

static const char SQL_INSERT[] =
    "INSERT INTO story (area_id, title, summary, body, story_date, created_at, created_by,"
    " updated_at, updated_by, topic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7, ?9)";
static const char SQL_UPDATE[] =
    "UPDATE story SET area_id = ?1, title = ?2, summary = ?3, body = ?4, story_date = ?5,"
    " updated_at = ?6, updated_by = ?7, topic = ?9 WHERE id = ?8";

static void bind_story(sqlite3_stmt *st, const struct story_row *s, int64_t user_id, int64_t now)
{
    db_bind_id(st, 1, s->area_id);
    sqlite3_bind_text(st, 2, s->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, s->summary, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, s->body, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, s->story_date, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, now);
    db_bind_id(st, 7, user_id);
    db_bind_text_opt(st, 9, s->topic);
}

int story_insert(db *d, const struct story_row *s, int64_t user_id, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    bind_story(st, s, user_id, now);
    int rc = db_exec_stmt(st);
    *id = rc == DB_OK ? db_last_id(d) : 0;
    return rc;
}

int story_update(db *d, const struct story_row *s, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE);
    if (!st)
        return DB_ERROR;
    bind_story(st, s, user_id, now);
    sqlite3_bind_int64(st, 8, s->id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_PUBLISH[] =
    "UPDATE story SET published_at = ?2, updated_at = ifnull(?2, updated_at), updated_by = ?3"
    " WHERE id = ?1";

int story_set_published(db *d, int64_t id, int64_t now, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PUBLISH);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    if (now)
        sqlite3_bind_int64(st, 2, now);
    else
        sqlite3_bind_null(st, 2);
    db_bind_id(st, 3, user_id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_LINK_CLEAR[] = "DELETE FROM story_link WHERE story_id = ?1 AND kind = ?2";
static const char SQL_LINK_ADD[] =
    "INSERT OR IGNORE INTO story_link (story_id, kind, target_id) VALUES (?1, ?2, ?3)";

int story_set_links(db *d, int64_t id, const char *kind, const int64_t *ids, size_t n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LINK_CLEAR);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    int rc = db_exec_stmt(st);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (!(st = db_stmt(d, SQL_LINK_ADD)))
            return DB_ERROR;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, ids[i]);
        rc = db_exec_stmt(st);
    }
    return rc;
}

#define PHOTO_COLS                                                                                 \
    "id, story_id, file, thumb, alt, width, height, recognisable, consent_by, consent_on"

static void read_photo(arena *a, sqlite3_stmt *st, void *row)
{
    struct story_photo_row *p = row;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->story_id = sqlite3_column_int64(st, 1);
    p->file = db_col_dup(a, st, 2);
    p->thumb = db_col_dup(a, st, 3);
    p->alt = db_col_dup(a, st, 4);
    p->width = sqlite3_column_int(st, 5);
    p->height = sqlite3_column_int(st, 6);
    p->recognisable = sqlite3_column_int(st, 7) != 0;
    p->consent_by = db_col_dup(a, st, 8);
    p->consent_on = db_col_dup(a, st, 9);
}

static const char SQL_PHOTOS[] =
    "SELECT " PHOTO_COLS " FROM story_photo WHERE story_id = ?1 ORDER BY id";
static const char SQL_PHOTO[] =
    "SELECT " PHOTO_COLS " FROM story_photo WHERE story_id = ?1 AND id = ?2";

int story_photos(db *d, arena *a, int64_t story_id, struct story_photo_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PHOTOS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, story_id);
    return db_rows(a, st, sizeof **out, read_photo, out, n);
}

int story_photo_get(db *d, arena *a, int64_t story_id, int64_t photo_id, struct story_photo_row *p)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PHOTO);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, story_id);
    sqlite3_bind_int64(st, 2, photo_id);
    return db_row(a, st, read_photo, p);
}

static const char SQL_PHOTO_INSERT[] =
    "INSERT INTO story_photo (story_id, file, thumb, alt, width, height, recognisable,"
    " consent_by, consent_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

int story_photo_insert(db *d, const struct story_photo_row *p, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PHOTO_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, p->story_id);
    sqlite3_bind_text(st, 2, p->file, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->thumb, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, p->alt, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, p->width);
    sqlite3_bind_int(st, 6, p->height);
    sqlite3_bind_int(st, 7, p->recognisable ? 1 : 0);
    db_bind_text_or_null(st, 8, p->consent_by);
    db_bind_text_or_null(st, 9, p->consent_on);
    int rc = db_exec_stmt(st);
    *id = rc == DB_OK ? db_last_id(d) : 0;
    return rc;
}

static const char SQL_PHOTO_DELETE[] = "DELETE FROM story_photo WHERE story_id = ?1 AND id = ?2";

int story_photo_delete(db *d, int64_t story_id, int64_t photo_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PHOTO_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, story_id);
    sqlite3_bind_int64(st, 2, photo_id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}
