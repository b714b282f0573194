/*
 * resident_store.c: SQL for residents' accounts, interests and login links.
 */
#include "resident_store.h"

#include <string.h>

#define RESIDENT_COLUMNS                                                                           \
    "r.user_id, u.login, u.name, r.email, coalesce(r.area_id, 0), a.slug, a.name, r.age_band,"     \
    " r.created_at, coalesce(r.verified_at, 0), r.last_active_at, coalesce(r.warned_at, 0),"       \
    " coalesce(r.erased_at, 0), coalesce(r.wijk_changed_at, 0)"
#define RESIDENT_FROM                                                                              \
    " FROM resident r JOIN user u ON u.id = r.user_id LEFT JOIN area a ON a.id = r.area_id"

static void read_resident(arena *a, sqlite3_stmt *st, void *row)
{
    struct resident_row *r = row;
    r->user_id = sqlite3_column_int64(st, 0);
    r->login = db_col_dup(a, st, 1);
    r->name = db_col_dup(a, st, 2);
    r->email = db_col_dup(a, st, 3);
    r->area_id = sqlite3_column_int64(st, 4);
    r->wijk_slug = db_col_dup(a, st, 5);
    r->wijk_name = db_col_dup(a, st, 6);
    r->age_band = db_col_dup(a, st, 7);
    r->created_at = sqlite3_column_int64(st, 8);
    r->verified_at = sqlite3_column_int64(st, 9);
    r->last_active_at = sqlite3_column_int64(st, 10);
    r->warned_at = sqlite3_column_int64(st, 11);
    r->erased_at = sqlite3_column_int64(st, 12);
    r->wijk_changed_at = sqlite3_column_int64(st, 13);
}

static const char SQL_BY_KEY[] = "SELECT " RESIDENT_COLUMNS RESIDENT_FROM " WHERE r.email_key = ?1";
static const char SQL_BY_ID[] = "SELECT " RESIDENT_COLUMNS RESIDENT_FROM " WHERE r.user_id = ?1";

int resident_row_by_key(db *d, arena *a, const char *email_key, struct resident_row *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BY_KEY);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, email_key, -1, SQLITE_TRANSIENT);
    memset(r, 0, sizeof *r);
    return db_row(a, st, read_resident, r);
}

int resident_row_by_id(db *d, arena *a, int64_t user_id, struct resident_row *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BY_ID);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    memset(r, 0, sizeof *r);
    return db_row(a, st, read_resident, r);
}

static const char SQL_USER[] =
    "INSERT INTO user (login, name, email, password_hash, created_at, password_changed_at)"
    " VALUES (?1, ?2, NULL, '', strftime('%Y-%m-%dT%H:%M:%SZ', ?3, 'unixepoch'),"
    " strftime('%Y-%m-%dT%H:%M:%SZ', ?3, 'unixepoch'))";
static const char SQL_ROLE[] = "INSERT INTO user_role (user_id, role) VALUES (?1, 'bewoner')";
static const char SQL_INSERT[] =
    "INSERT INTO resident (user_id, email, email_key, area_id, age_band, created_at,"
    " last_active_at) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, ?6, ?6)";

int resident_insert(db *d, const char *login, const char *name, const char *email,
                    const char *email_key, int64_t area_id, const char *age_band, int64_t now,
                    int64_t *user_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_USER);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    int64_t id = db_last_id(d);
    if (!(st = db_stmt(d, SQL_ROLE)))
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = db_exec_stmt(st)) != DB_OK)
        return rc;
    if (!(st = db_stmt(d, SQL_INSERT)))
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, email, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, email_key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, area_id);
    db_bind_text_or_null(st, 5, age_band);
    sqlite3_bind_int64(st, 6, now);
    if ((rc = db_exec_stmt(st)) == DB_OK)
        *user_id = id;
    return rc;
}

static const char SQL_UPDATE_USER[] = "UPDATE user SET name = ?2 WHERE id = ?1";
/* A change of wijk (not the first at sign-up) is dated: a vote that opened before it is not the
 * resident's (vote.c). */
static const char SQL_UPDATE[] =
    "UPDATE resident SET wijk_changed_at = CASE WHEN area_id IS nullif(?2, 0) THEN"
    " wijk_changed_at ELSE ?4 END, area_id = nullif(?2, 0), age_band = ?3"
    " WHERE user_id = ?1 AND erased_at IS NULL";

int resident_update(db *d, int64_t user_id, const char *name, int64_t area_id, const char *age_band,
                    int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, area_id);
    db_bind_text_or_null(st, 3, age_band);
    sqlite3_bind_int64(st, 4, now);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    if (db_changes(d) == 0)
        return DB_NOTFOUND;
    if (!(st = db_stmt(d, SQL_UPDATE_USER)))
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    return db_exec_stmt(st);
}

static const char SQL_INTERESTS[] =
    "SELECT i.area_id, a.slug, a.name, i.topic FROM resident_interest i"
    " JOIN area a ON a.id = i.area_id WHERE i.user_id = ?1 ORDER BY a.code, i.topic";

static void read_interest(arena *a, sqlite3_stmt *st, void *row)
{
    struct resident_interest_row *r = row;
    r->area_id = sqlite3_column_int64(st, 0);
    r->wijk_slug = db_col_dup(a, st, 1);
    r->wijk_name = db_col_dup(a, st, 2);
    r->topic = db_col_dup(a, st, 3);
}

int resident_interests(db *d, arena *a, int64_t user_id, struct resident_interest_row **out,
                       size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INTERESTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    return db_rows(a, st, sizeof **out, read_interest, out, n);
}

static int exec_id(db *d, const char *sql, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_exec_stmt(st);
}

static int exec_id_now(db *d, const char *sql, int64_t id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    return db_exec_stmt(st);
}

int resident_interests_clear(db *d, int64_t user_id)
{
    return exec_id(d, "DELETE FROM resident_interest WHERE user_id = ?1", user_id);
}

static const char SQL_INTEREST_ADD[] =
    "INSERT OR IGNORE INTO resident_interest (user_id, area_id, topic) VALUES (?1, ?2, ?3)";

int resident_interest_add(db *d, int64_t user_id, int64_t area_id, const char *topic)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INTEREST_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, area_id);
    sqlite3_bind_text(st, 3, topic, -1, SQLITE_TRANSIENT);
    return db_exec_stmt(st);
}

int resident_touch(db *d, int64_t user_id, int64_t now)
{
    return exec_id_now(d,
                       "UPDATE resident SET verified_at = coalesce(verified_at, ?2),"
                       " last_active_at = ?2, warned_at = NULL WHERE user_id = ?1",
                       user_id, now);
}

int resident_erase(db *d, int64_t user_id, int64_t now)
{
    /* First what is found by the address, while it is still there: every message queued or
     * held for it, whatever its kind (an answer to a private spreekuur question, a meeting's
     * mail, a notification), is dropped with its address and text (status first in outbox_due,
     * so only the waiting rows are read); and the meetings' contact rows of the account's
     * registrations (name and address; the registration itself stays for the counts). */
    static const char *const sql[] = {
        "UPDATE outbox SET to_addr = '', body_text = NULL, unsubscribe_url = NULL,"
        " status = 'dropped' WHERE status IN ('queued', 'held') AND ?2 IS NOT NULL"
        " AND to_addr <> '' AND lower(to_addr) ="
        " (SELECT lower(email) FROM resident WHERE user_id = ?1 AND email IS NOT NULL)",
        "DELETE FROM meeting_contact WHERE ?2 IS NOT NULL AND registration_id IN"
        " (SELECT id FROM meeting_registration WHERE participant = 'r:' || ?1)",
        "UPDATE resident SET email = NULL, email_key = NULL, area_id = NULL, age_band = NULL,"
        " wijk_changed_at = NULL,"
        " erased_at = coalesce(erased_at, ?2) WHERE user_id = ?1",
        "DELETE FROM resident_interest WHERE user_id = ?1 AND ?2 IS NOT NULL",
        "DELETE FROM resident_link WHERE user_id = ?1 AND ?2 IS NOT NULL",
        "DELETE FROM notify_pref WHERE user_id = ?1 AND ?2 IS NOT NULL",
        "DELETE FROM notify_token WHERE user_id = ?1 AND ?2 IS NOT NULL",
        "UPDATE user SET name = '', email = NULL, disabled = 1 WHERE id = ?1 AND ?2 IS NOT NULL",
        "DELETE FROM session WHERE user_id = ?1 AND ?2 IS NOT NULL",
        "UPDATE outbox SET to_addr = '', body_text = NULL, unsubscribe_url = NULL,"
        " status = CASE WHEN status IN ('queued', 'held') THEN 'dropped' ELSE status END"
        " WHERE ref = ?1 AND kind GLOB 'resident_*' AND ?2 IS NOT NULL",
    };
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        int rc = exec_id_now(d, sql[i], user_id, now);
        if (rc != DB_OK)
            return rc;
    }
    return DB_OK;
}

int resident_link_insert(db *d, const char *token_hash, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(
        d, "INSERT INTO resident_link (token_hash, user_id, created_at) VALUES (?1, ?2, ?3)");
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, now);
    return db_exec_stmt(st);
}

static const char SQL_LINK_FIND[] =
    "SELECT l.user_id FROM resident_link l JOIN resident r ON r.user_id = l.user_id"
    " WHERE l.token_hash = ?1 AND l.used_at IS NULL AND l.created_at > ?2"
    " AND r.erased_at IS NULL";

int resident_link_find(db *d, const char *token_hash, int64_t since, int64_t *user_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LINK_FIND);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, since);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *user_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static const char SQL_LINK_USE[] =
    "UPDATE resident_link SET used_at = ?3 WHERE token_hash = ?1 AND used_at IS NULL"
    " AND created_at > ?2 RETURNING user_id";

int resident_link_use(db *d, const char *token_hash, int64_t since, int64_t now, int64_t *user_id)
{
    int64_t uid = 0;
    int rc = resident_link_find(d, token_hash, since, &uid);
    if (rc != DB_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(d, SQL_LINK_USE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, since);
    sqlite3_bind_int64(st, 3, now);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *user_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

int resident_link_prune(db *d, int64_t before, int *out_deleted)
{
    int rc = exec_id(d, "DELETE FROM resident_link WHERE created_at <= ?1", before);
    if (out_deleted)
        *out_deleted = rc == DB_OK ? db_changes(d) : 0;
    return rc;
}

static const char SQL_TO_WARN[] = "SELECT " RESIDENT_COLUMNS RESIDENT_FROM
                                  " WHERE r.erased_at IS NULL AND r.verified_at IS NOT NULL"
                                  " AND r.warned_at IS NULL AND r.last_active_at <= ?1"
                                  " ORDER BY r.user_id";

int resident_rows_to_warn(db *d, arena *a, int64_t active_before, struct resident_row **out,
                          size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TO_WARN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, active_before);
    return db_rows(a, st, sizeof **out, read_resident, out, n);
}

int resident_mark_warned(db *d, int64_t user_id, int64_t now)
{
    return exec_id_now(d, "UPDATE resident SET warned_at = ?2 WHERE user_id = ?1", user_id, now);
}

static const char SQL_TO_ERASE[] =
    "SELECT user_id FROM resident WHERE erased_at IS NULL AND ("
    " (verified_at IS NOT NULL AND last_active_at <= ?1 AND warned_at IS NOT NULL"
    "  AND warned_at <= ?2)"
    " OR (verified_at IS NULL AND created_at <= ?3)) ORDER BY user_id";

int resident_ids_to_erase(db *d, arena *a, int64_t active_before, int64_t warned_before,
                          int64_t unverified_before, int **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TO_ERASE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, active_before);
    sqlite3_bind_int64(st, 2, warned_before);
    sqlite3_bind_int64(st, 3, unverified_before);
    return db_int_rows(a, st, out, n);
}
