/*
 * user_store.c: SQL for accounts, sessions, throttling, audit, settings.
 */
#include "user_store.h"

#include <string.h>

#define USER_COLUMNS "id, login, name, email, coalesce(person_id, 0), disabled, password_hash"

static const char SQL_BY_LOGIN[] = "SELECT " USER_COLUMNS " FROM user WHERE login = ?1";
static const char SQL_BY_ID[] = "SELECT " USER_COLUMNS " FROM user WHERE id = ?1";
static const char SQL_LIST[] = "SELECT " USER_COLUMNS " FROM user ORDER BY login";

static void read_user(arena *a, sqlite3_stmt *st, void *row)
{
    struct user_row *u = row;
    u->id = sqlite3_column_int64(st, 0);
    u->login = db_col_dup(a, st, 1);
    u->name = db_col_dup(a, st, 2);
    u->email = db_col_dup(a, st, 3);
    u->person_id = sqlite3_column_int64(st, 4);
    u->disabled = sqlite3_column_int(st, 5) != 0;
    u->password_hash = db_col_dup(a, st, 6);
}

int user_row_by_login(db *d, arena *a, const char *login, struct user_row *u)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BY_LOGIN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
    memset(u, 0, sizeof *u);
    return db_row(a, st, read_user, u);
}

int user_row_by_id(db *d, arena *a, int64_t id, struct user_row *u)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BY_ID);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    memset(u, 0, sizeof *u);
    return db_row(a, st, read_user, u);
}

int user_rows(db *d, arena *a, struct user_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    return db_rows(a, st, sizeof **out, read_user, out, n);
}

static const char SQL_ROLES[] =
    "SELECT ur.user_id, ur.role, coalesce(ur.region_id, 0), coalesce(ur.area_id, 0),"
    " coalesce(ur.org_id, 0), o.kind FROM user_role ur"
    " LEFT JOIN organisation o ON o.id = ur.org_id"
    " WHERE ?1 = 0 OR ur.user_id = ?1 ORDER BY ur.user_id, ur.id";

static void read_role(arena *a, sqlite3_stmt *st, void *row)
{
    struct user_role_row *r = row;
    r->user_id = sqlite3_column_int64(st, 0);
    r->role = db_col_dup(a, st, 1);
    r->region_id = sqlite3_column_int64(st, 2);
    r->area_id = sqlite3_column_int64(st, 3);
    r->org_id = sqlite3_column_int64(st, 4);
    r->org_kind = db_col_dup(a, st, 5);
}

int user_role_rows(db *d, arena *a, int64_t user_id, struct user_role_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ROLES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    return db_rows(a, st, sizeof **out, read_role, out, n);
}

static const char SQL_ORG_KIND[] = "SELECT kind FROM organisation WHERE id = ?1";

int user_org_kind(db *d, arena *a, int64_t org_id, const char **kind)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ORG_KIND);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, org_id);
    return db_row(a, st, db_read_text, kind);
}

static const char SQL_REGION_EXISTS[] = "SELECT 1 FROM region WHERE id = ?1";

int user_region_exists(db *d, int64_t region_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REGION_EXISTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, region_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static const char SQL_INSERT[] =
    "INSERT INTO user (login, name, email, person_id, password_hash, created_at,"
    " password_changed_at) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5,"
    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

int user_insert(db *d, const char *login, const char *name, const char *email, int64_t person_id,
                const char *password_hash, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if (email && *email)
        sqlite3_bind_text(st, 3, email, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, person_id);
    sqlite3_bind_text(st, 5, password_hash, -1, SQLITE_STATIC);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

static const char SQL_UPDATE[] =
    "UPDATE user SET name = ?2, email = nullif(?3, ''), disabled = ?4 WHERE id = ?1";

int user_update(db *d, int64_t id, const char *name, const char *email, int disabled)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, email ? email : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, disabled);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_SET_PW[] =
    "UPDATE user SET password_hash = ?2,"
    " password_changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1";

int user_set_password(db *d, int64_t id, const char *password_hash)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SET_PW);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, password_hash, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static const char SQL_CLEAR_ROLES[] = "DELETE FROM user_role WHERE user_id = ?1";

int user_clear_roles(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CLEAR_ROLES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_exec_stmt(st);
}

static const char SQL_ADD_ROLE[] =
    "INSERT OR IGNORE INTO user_role (user_id, role, region_id, area_id, org_id)"
    " VALUES (?1, ?2, nullif(?3, 0), nullif(?4, 0), nullif(?5, 0))";

int user_add_role(db *d, int64_t id, const char *role, int64_t region_id, int64_t area_id,
                  int64_t org_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ADD_ROLE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, role, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, region_id);
    sqlite3_bind_int64(st, 4, area_id);
    sqlite3_bind_int64(st, 5, org_id);
    return db_exec_stmt(st);
}

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen)"
    " VALUES (?1, ?2, ?3, ?4, ?4)";

int session_insert(db *d, const unsigned char hash[32], int64_t user_id, const char *csrf,
                   int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SESSION_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    return db_exec_stmt(st);
}

static const char SQL_SESSION_GET[] =
    "SELECT user_id, csrf, created_at, last_seen FROM session WHERE token_hash = ?1";
static const char SQL_SESSION_TOUCH[] = "UPDATE session SET last_seen = ?2 WHERE token_hash = ?1";

int session_lookup(db *d, arena *a, const unsigned char hash[32], int64_t now, int64_t max_idle,
                   int64_t max_age, int64_t *user_id, const char **csrf)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SESSION_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
    }
    *user_id = sqlite3_column_int64(st, 0);
    *csrf = db_col_dup(a, st, 1);
    int64_t created = sqlite3_column_int64(st, 2), seen = sqlite3_column_int64(st, 3);
    sqlite3_reset(st);
    if (now - seen > max_idle || now - created > max_age) {
        session_delete(d, hash);
        return DB_NOTFOUND;
    }
    if (now - seen > 60) {
        st = db_stmt(d, SQL_SESSION_TOUCH);
        if (st) {
            sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, now);
            db_exec_stmt(st);
        }
    }
    return DB_OK;
}

static const char SQL_SESSION_DEL[] = "DELETE FROM session WHERE token_hash = ?1";
static const char SQL_SESSION_DEL_USER[] = "DELETE FROM session WHERE user_id = ?1";
static const char SQL_SESSION_PURGE[] = "DELETE FROM session WHERE last_seen < ?1";

int session_delete(db *d, const unsigned char hash[32])
{
    sqlite3_stmt *st = db_stmt(d, SQL_SESSION_DEL);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
    return db_exec_stmt(st);
}

int session_delete_user(db *d, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SESSION_DEL_USER);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    return db_exec_stmt(st);
}

int session_purge(db *d, int64_t older_than)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SESSION_PURGE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, older_than);
    return db_exec_stmt(st);
}

static const char SQL_THR_GET[] =
    "SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?1";
static const char SQL_THR_PUT[] =
    "INSERT INTO login_throttle (key, failures, window_start, locked_until)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,"
    " window_start = excluded.window_start, locked_until = excluded.locked_until";
static const char SQL_THR_DEL[] = "DELETE FROM login_throttle WHERE key = ?1";

int throttle_get(db *d, const char *key, int64_t *failures, int64_t *window_start,
                 int64_t *locked_until)
{
    sqlite3_stmt *st = db_stmt(d, SQL_THR_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *failures = *window_start = *locked_until = 0;
    if (rc == SQLITE_ROW) {
        *failures = sqlite3_column_int64(st, 0);
        *window_start = sqlite3_column_int64(st, 1);
        *locked_until = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

int throttle_put(db *d, const char *key, int64_t failures, int64_t window_start,
                 int64_t locked_until)
{
    sqlite3_stmt *st = db_stmt(d, SQL_THR_PUT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, failures);
    sqlite3_bind_int64(st, 3, window_start);
    sqlite3_bind_int64(st, 4, locked_until);
    return db_exec_stmt(st);
}

static const char SQL_THR_PURGE[] =
    "DELETE FROM login_throttle WHERE locked_until <= ?1 AND window_start <"
    " CASE WHEN key LIKE 'k:%' THEN ?3 ELSE ?2 END";

int throttle_purge(db *d, int64_t now, int64_t failures_before, int64_t known_before)
{
    sqlite3_stmt *st = db_stmt(d, SQL_THR_PURGE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, failures_before);
    sqlite3_bind_int64(st, 3, known_before);
    return db_exec_stmt(st);
}

int throttle_clear(db *d, const char *key)
{
    sqlite3_stmt *st = db_stmt(d, SQL_THR_DEL);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static const char SQL_AUDIT_ADD[] =
    "INSERT INTO audit (at, user_id, actor, action, entity, entity_id, before, after)"
    " VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), nullif(?1, 0), ?2, ?3, ?4, nullif(?5, 0),"
    " ?6, ?7)";

int audit_append(db *d, int64_t user_id, const char *actor, const char *action, const char *entity,
                 int64_t entity_id, const char *before, const char *after)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AUDIT_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, entity_id);
    if (before)
        sqlite3_bind_text(st, 6, before, -1, SQLITE_STATIC);
    if (after)
        sqlite3_bind_text(st, 7, after, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static const char SQL_AUDIT_LIST[] =
    "SELECT id, at, actor, action, entity, coalesce(entity_id, 0), before, after FROM audit"
    " WHERE (?3 IS NULL OR entity = ?3) AND (?4 IS NULL OR action = ?4)"
    " AND (?5 IS NULL OR actor = ?5) ORDER BY id DESC LIMIT ?2 OFFSET ?1";

int audit_list(db *d, arena *a, const char *entity, const char *action, const char *actor,
               int64_t offset, size_t limit, struct audit_entry **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AUDIT_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, offset);
    sqlite3_bind_int64(st, 2, (int64_t)limit);
    if (entity)
        sqlite3_bind_text(st, 3, entity, -1, SQLITE_STATIC);
    if (action)
        sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
    if (actor)
        sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
    struct audit_entry *v = arena_calloc(a, limit ? limit : 1, sizeof *v);
    size_t cnt = 0;
    while (v && cnt < limit && sqlite3_step(st) == SQLITE_ROW) {
        struct audit_entry *e = &v[cnt++];
        e->id = sqlite3_column_int64(st, 0);
        e->at = db_col_dup(a, st, 1);
        e->actor = db_col_dup(a, st, 2);
        e->action = db_col_dup(a, st, 3);
        e->entity = db_col_dup(a, st, 4);
        e->entity_id = sqlite3_column_int64(st, 5);
        e->before = db_col_dup(a, st, 6);
        e->after = db_col_dup(a, st, 7);
    }
    sqlite3_reset(st);
    if (!v)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_SETTING_GET[] = "SELECT value FROM setting WHERE key = ?1";
static const char SQL_SETTING_PUT[] = "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int setting_get(db *d, arena *a, const char *key, const char **value)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SETTING_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *value = db_col_dup(a, st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

int setting_put(db *d, const char *key, const char *value)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SETTING_PUT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}
