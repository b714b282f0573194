/*
 * escalation_store.c: SQL of escalations and their decisions.
 */
#include "escalation_store.h"

#include <string.h>

#define ESC_COLS                                                                                   \
    "e.id, e.signal_id, e.action_id, e.area_id, e.region_id, e.to_org_id, e.to_kind, e.reason,"    \
    " e.created_at, e.created_by, coalesce(e.decided_at, 0), coalesce(e.decided_by, 0),"           \
    " e.decision, e.decision_reason, e.effect, e.effect_date, coalesce(e.effect_org_id, 0),"       \
    " coalesce(e.working_days, -1), w.name, rg.name, o.name, eo.name, uc.name, ud.name,"           \
    " coalesce(c.name, x.title), coalesce(x.focuspunt_id, 0),"                                     \
    " coalesce(s.confidential, 0) OR coalesce(s.intake_confidential, 0)"                           \
    " FROM escalation e LEFT JOIN area w ON w.id = e.area_id"                                      \
    " LEFT JOIN region rg ON rg.id = e.region_id"                                                  \
    " LEFT JOIN organisation o ON o.id = e.to_org_id"                                              \
    " LEFT JOIN organisation eo ON eo.id = e.effect_org_id"                                        \
    " LEFT JOIN user uc ON uc.id = e.created_by LEFT JOIN user ud ON ud.id = e.decided_by"         \
    " LEFT JOIN signal s ON s.id = e.signal_id LEFT JOIN category c ON c.id = s.category_id"       \
    " LEFT JOIN focus_action x ON x.id = e.action_id"

static const char SQL_GET[] = "SELECT " ESC_COLS " WHERE e.id = ?1";
static const char SQL_LIST[] =
    "SELECT " ESC_COLS " WHERE (?1 < 0 OR (?1 = 1) = (e.decided_at IS NULL))"
    " AND (?2 = 0 OR (e.to_kind = 'afdelingshoofd' AND e.to_org_id = ?2))"
    " AND (?3 = 0 OR (e.to_kind = 'wethouder' AND e.region_id = ?3))"
    " AND (?4 = 0 OR e.region_id = ?4) AND (?5 = 0 OR e.signal_id = ?5)"
    " AND (?6 = 0 OR e.action_id = ?6)"
    " ORDER BY e.created_at DESC, e.id DESC LIMIT ?7";
static const char SQL_OPEN_OF[] =
    "SELECT id FROM escalation WHERE decided_at IS NULL AND"
    " ((?1 <> 0 AND signal_id = ?1) OR (?2 <> 0 AND action_id = ?2)) LIMIT 1";
static const char SQL_INSERT[] =
    "INSERT INTO escalation (signal_id, action_id, area_id, region_id, to_kind, to_org_id,"
    " reason, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_DECIDE[] =
    "UPDATE escalation SET decided_at = ?2, decided_by = ?3, decision = ?4, decision_reason = ?5,"
    " effect = ?6, effect_date = ?7, effect_org_id = ?8, working_days = ?9"
    " WHERE id = ?1 AND decided_at IS NULL";
static const char SQL_REGION_OF[] =
    "SELECT region_id FROM area_region WHERE area_id = ?1 AND valid_from <= ?2"
    " AND (valid_to IS NULL OR valid_to > ?2) LIMIT 1";
static const char SQL_ACTION_PLACE[] =
    "SELECT x.focuspunt_id, coalesce((SELECT CASE WHEN ar.kind = 'wijk' THEN ar.id"
    " ELSE ar.parent_id END FROM focuspunt_area fa JOIN area ar ON ar.id = fa.area_id"
    " WHERE fa.focuspunt_id = x.focuspunt_id ORDER BY ar.id LIMIT 1), 0)"
    " FROM focus_action x WHERE x.id = ?1";
static const char SQL_SET_DEADLINE[] =
    "UPDATE signal SET deadline_at = ?2, updated_at = ?3 WHERE id = ?1 AND closed_at IS NULL";
static const char SQL_COUNTS[] =
    "SELECT coalesce(w.name, ''), e.to_kind, e.effect, count(*), count(e.decided_at),"
    " coalesce(sum(e.working_days), 0) FROM escalation e LEFT JOIN area w ON w.id = e.area_id"
    " WHERE e.created_at >= ?1 AND e.created_at < ?2"
    " AND (?3 = 1 OR e.area_id IN (SELECT value FROM json_each(?4)))"
    " GROUP BY w.name, e.to_kind, e.effect ORDER BY w.name, e.to_kind, e.effect";

static void bind_opt(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static void bind_text_opt(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void read_esc(arena *a, sqlite3_stmt *st, void *row)
{
    struct escalation_row *e = row;
    e->id = sqlite3_column_int64(st, 0);
    e->signal_id = sqlite3_column_int64(st, 1);
    e->action_id = sqlite3_column_int64(st, 2);
    e->area_id = sqlite3_column_int64(st, 3);
    e->region_id = sqlite3_column_int64(st, 4);
    e->to_org_id = sqlite3_column_int64(st, 5);
    e->to_kind = db_col_dup(a, st, 6);
    e->reason = db_col_dup(a, st, 7);
    e->created_at = sqlite3_column_int64(st, 8);
    e->created_by = sqlite3_column_int64(st, 9);
    e->decided_at = sqlite3_column_int64(st, 10);
    e->decided_by = sqlite3_column_int64(st, 11);
    e->decision = db_col_dup(a, st, 12);
    e->decision_reason = db_col_dup(a, st, 13);
    e->effect = db_col_dup(a, st, 14);
    e->effect_date = db_col_dup(a, st, 15);
    e->effect_org_id = sqlite3_column_int64(st, 16);
    e->working_days = sqlite3_column_int(st, 17);
    e->wijk_name = db_col_dup(a, st, 18);
    e->region_name = db_col_dup(a, st, 19);
    e->to_org_name = db_col_dup(a, st, 20);
    e->effect_org_name = db_col_dup(a, st, 21);
    e->created_by_name = db_col_dup(a, st, 22);
    e->decided_by_name = db_col_dup(a, st, 23);
    e->case_title = db_col_dup(a, st, 24);
    e->focuspunt_id = sqlite3_column_int64(st, 25);
    e->confidential = sqlite3_column_int(st, 26) != 0;
}

int escalation_insert(db *d, const struct escalation_row *e, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    bind_opt(st, 1, e->signal_id);
    bind_opt(st, 2, e->action_id);
    bind_opt(st, 3, e->area_id);
    sqlite3_bind_int64(st, 4, e->region_id);
    sqlite3_bind_text(st, 5, e->to_kind, -1, SQLITE_TRANSIENT);
    bind_opt(st, 6, e->to_org_id);
    sqlite3_bind_text(st, 7, e->reason, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 8, e->created_at);
    sqlite3_bind_int64(st, 9, e->created_by);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

int escalation_get(db *d, arena *a, int64_t id, struct escalation_row *out)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_esc, out);
}

int64_t escalation_open_of(db *d, int64_t signal_id, int64_t action_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OPEN_OF);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, signal_id);
    sqlite3_bind_int64(st, 2, action_id);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
    sqlite3_reset(st);
    return id;
}

int escalation_set_decided(db *d, const struct escalation_row *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DECIDE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, e->id);
    sqlite3_bind_int64(st, 2, e->decided_at);
    sqlite3_bind_int64(st, 3, e->decided_by);
    sqlite3_bind_text(st, 4, e->decision, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, e->decision_reason, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, e->effect, -1, SQLITE_TRANSIENT);
    bind_text_opt(st, 7, e->effect_date);
    bind_opt(st, 8, e->effect_org_id);
    sqlite3_bind_int(st, 9, e->working_days);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        return DB_NOTFOUND;
    return rc;
}

int escalation_list(db *d, arena *a, const struct escalation_filter *f, struct escalation_row **out,
                    size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, f->open);
    sqlite3_bind_int64(st, 2, f->to_org_id);
    sqlite3_bind_int64(st, 3, f->wethouder_region);
    sqlite3_bind_int64(st, 4, f->region_id);
    sqlite3_bind_int64(st, 5, f->signal_id);
    sqlite3_bind_int64(st, 6, f->action_id);
    sqlite3_bind_int64(st, 7, f->limit ? (int64_t)f->limit : 500);
    return db_rows(a, st, sizeof **out, read_esc, out, n);
}

static int64_t one_int(db *d, const char *sql, int64_t a1, const char *a2)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, a1);
    if (a2)
        sqlite3_bind_text(st, 2, a2, -1, SQLITE_TRANSIENT);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return v;
}

int64_t escalation_region_of(db *d, int64_t wijk_id, const char *on)
{
    return wijk_id ? one_int(d, SQL_REGION_OF, wijk_id, on) : 0;
}

int escalation_action_place(db *d, int64_t action_id, const char *on, int64_t *fp, int64_t *wijk_id,
                            int64_t *region_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ACTION_PLACE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, action_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
    }
    *fp = sqlite3_column_int64(st, 0);
    *wijk_id = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    *region_id = escalation_region_of(d, *wijk_id, on);
    return DB_OK;
}

int escalation_signal_set_deadline(db *d, int64_t signal_id, int64_t deadline_at, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SET_DEADLINE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, signal_id);
    sqlite3_bind_int64(st, 2, deadline_at);
    sqlite3_bind_int64(st, 3, now);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        return DB_NOTFOUND;
    return rc;
}

static void read_count(arena *a, sqlite3_stmt *st, void *row)
{
    struct escalation_count_row *c = row;
    c->wijk_name = db_col_dup(a, st, 0);
    c->to_kind = db_col_dup(a, st, 1);
    c->effect = db_col_dup(a, st, 2);
    c->n = sqlite3_column_int64(st, 3);
    c->decided = sqlite3_column_int64(st, 4);
    c->working_days = sqlite3_column_int64(st, 5);
}

int escalation_counts(db *d, arena *a, int64_t from, int64_t to, bool all, const char *wijks,
                      struct escalation_count_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_COUNTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    sqlite3_bind_int(st, 3, all ? 1 : 0);
    sqlite3_bind_text(st, 4, wijks ? wijks : "[]", -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_count, out, n);
}

static const char SQL_DECIDER_MAILS[] =
    "SELECT DISTINCT u.email FROM user u JOIN user_role r ON r.user_id = u.id"
    " WHERE u.disabled = 0 AND u.email IS NOT NULL AND u.email <> ''"
    " AND ((?1 = 'afdelingshoofd' AND r.role = 'afdelingshoofd' AND r.org_id = ?2)"
    "   OR (?1 = 'wethouder' AND r.role = 'wijkwethouder'"
    "     AND (r.region_id IS NULL OR r.region_id = ?3)))"
    " ORDER BY u.email";

int escalation_decider_mails(db *d, arena *a, const char *to_kind, int64_t org_id,
                             int64_t region_id, const char ***out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DECIDER_MAILS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, to_kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, org_id);
    sqlite3_bind_int64(st, 3, region_id);
    return db_rows(a, st, sizeof **out, db_read_text, out, n);
}
