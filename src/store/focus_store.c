/*
 * focus_store.c: SQL for focus points, their plans, measurements and the
 * inventory; see focus_store.h.
 *
 * A buurt belongs to a wijk (area.parent_id): wherever a focus point is
 * measured or placed in a region, its buurten count as their wijk, because
 * signals and populations are known per wijk.
 */
#include "focus_store.h"

#include <string.h>

/* The wijk of an area of a focus point: itself, or the buurt's parent. */
#define WIJK_OF(a) "CASE " a ".kind WHEN 'wijk' THEN " a ".id ELSE " a ".parent_id END"

/* Runs a statement that changes one row; DB_NOTFOUND when there was none. */
static int exec_found(db *d, sqlite3_stmt *st)
{
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        return DB_NOTFOUND;
    return rc;
}

/* Replaces the links of row id in a link table: clear (?1 = id) removes
 * them all, add (?1 = id, ?2 = other) adds one per ids[i]. */
static int set_links(db *d, const char *clear, const char *add, int64_t id, const int64_t *ids,
                     size_t n)
{
    sqlite3_stmt *st = db_stmt(d, clear);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = db_exec_stmt(st);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (!(st = db_stmt(d, add)))
            return DB_ERROR;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, ids[i]);
        rc = db_exec_stmt(st);
    }
    return rc;
}

/* A row of one id column. */
static void read_id(arena *a, sqlite3_stmt *st, void *row)
{
    (void)a;
    *(int64_t *)row = sqlite3_column_int64(st, 0);
}

static int step_done(sqlite3_stmt *st, int rc)
{
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : DB_ERROR;
}

/* --- focus points ------------------------------------------------------------ */

#define FOCUS_COLUMNS                                                                              \
    "f.id, f.number, f.title, f.problem, f.origin, f.period_start, f.period_end, f.status,"        \
    " f.decided_on, f.source, f.demo, f.regisseur_user_id, u.name,"                                \
    " (SELECT group_concat(a2.name, ', ') FROM focuspunt_area fa2 JOIN area a2"                    \
    "   ON a2.id = fa2.area_id WHERE fa2.focuspunt_id = f.id),"                                    \
    " (SELECT group_concat(DISTINCT w.code) FROM focuspunt_area fa3 JOIN area a3"                  \
    "   ON a3.id = fa3.area_id JOIN area w ON w.id = " WIJK_OF(                                    \
        "a3") "   WHERE fa3.focuspunt_id = f.id),"                                                 \
              " EXISTS (SELECT 1 FROM focuspunt_area fa4 JOIN area a4 ON a4.id = fa4.area_id"      \
              "   WHERE fa4.focuspunt_id = f.id AND a4.kind = 'buurt')"

static void read_focus(arena *a, sqlite3_stmt *st, void *row)
{
    struct focus_row *f = row;
    memset(f, 0, sizeof *f);
    f->id = sqlite3_column_int64(st, 0);
    f->number = sqlite3_column_int(st, 1);
    f->title = db_col_dup(a, st, 2);
    f->problem = db_col_dup(a, st, 3);
    f->origin = db_col_dup(a, st, 4);
    f->period_start = db_col_dup(a, st, 5);
    f->period_end = db_col_dup(a, st, 6);
    f->status = db_col_dup(a, st, 7);
    f->decided_on = db_col_dup(a, st, 8);
    f->source = db_col_dup(a, st, 9);
    f->demo = sqlite3_column_int(st, 10);
    f->regisseur_user_id = sqlite3_column_int64(st, 11);
    f->regisseur_name = db_col_dup(a, st, 12);
    f->area_names = db_col_dup(a, st, 13);
    f->wijk_codes = db_col_dup(a, st, 14);
    f->has_buurt = sqlite3_column_int(st, 15) != 0;
}

static const char SQL_LIST[] =
    "SELECT " FOCUS_COLUMNS ","
    " EXISTS (SELECT 1 FROM focuspunt_area fa5 JOIN area a5 ON a5.id = fa5.area_id"
    "   JOIN area_region ar ON ar.area_id = " WIJK_OF(
        "a5") " AND ar.valid_from <= ?5"
              "   AND (ar.valid_to IS NULL OR ar.valid_to > ?5)"
              "   WHERE fa5.focuspunt_id = f.id AND ar.region_id = ?4) AS mine"
              " FROM focuspunt f LEFT JOIN user u ON u.id = f.regisseur_user_id"
              " WHERE (?1 = 0 OR EXISTS (SELECT 1 FROM focuspunt_area fa JOIN area a ON a.id = "
              "fa.area_id"
              "   WHERE fa.focuspunt_id = f.id AND (a.id = ?1 OR a.parent_id = ?1)))"
              " AND (?2 IS NULL OR f.period_start = ?2) AND (?3 IS NULL OR f.status = ?3)"
              " ORDER BY mine DESC, f.period_start DESC, f.number";

int focus_list(db *d, arena *a, const struct focus_filter *fl, struct focus_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, fl->area_id);
    db_bind_text_opt(st, 2, fl->period_start);
    db_bind_text_opt(st, 3, fl->status);
    sqlite3_bind_int64(st, 4, fl->region_first);
    sqlite3_bind_text(st, 5, fl->on ? fl->on : "9999-12-31", -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_focus, out, n);
}

static const char SQL_GET[] =
    "SELECT " FOCUS_COLUMNS " FROM focuspunt f LEFT JOIN user u ON u.id = f.regisseur_user_id"
    " WHERE f.id = ?1";

int focus_get(db *d, arena *a, int64_t id, struct focus_row *out)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_focus, out);
}

#define AREA_COLUMNS                                                                               \
    "a.id, " WIJK_OF("a") ", coalesce(ar.region_id, 0), a.kind, a.code, a.name, a.slug"
#define AREA_REGION_JOIN                                                                           \
    " LEFT JOIN area_region ar ON ar.area_id = " WIJK_OF(                                          \
        "a") " AND ar.valid_from <= ?2"                                                            \
             "   AND (ar.valid_to IS NULL OR ar.valid_to > ?2)"

static const char SQL_AREAS[] = "SELECT " AREA_COLUMNS " FROM focuspunt_area fa"
                                " JOIN area a ON a.id = fa.area_id" AREA_REGION_JOIN
                                " WHERE fa.focuspunt_id = ?1 ORDER BY a.kind DESC, a.code";
static const char SQL_AREA_CHOICES[] =
    "SELECT " AREA_COLUMNS " FROM area a" AREA_REGION_JOIN
    " WHERE ?1 = ?1 AND a.valid_from <= ?2 AND (a.valid_to IS NULL OR a.valid_to > ?2)"
    " ORDER BY " WIJK_OF("a") ", a.kind DESC, a.name";

static void read_area(arena *a, sqlite3_stmt *st, void *row)
{
    struct focus_area *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->wijk_id = sqlite3_column_int64(st, 1);
    x->region_id = sqlite3_column_int64(st, 2);
    x->kind = db_col_dup(a, st, 3);
    x->code = db_col_dup(a, st, 4);
    x->name = db_col_dup(a, st, 5);
    x->slug = db_col_dup(a, st, 6);
}

int focus_areas(db *d, arena *a, int64_t id, const char *on, struct focus_area **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AREAS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, on, -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_area, out, n);
}

int focus_area_choices(db *d, arena *a, const char *on, struct focus_area **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AREA_CHOICES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, 0);
    sqlite3_bind_text(st, 2, on, -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_area, out, n);
}

static const char SQL_INSERT[] =
    "INSERT INTO focuspunt (number, title, problem, origin, period_start, period_end, status,"
    " decided_on, source, demo, regisseur_user_id, updated_at)"
    " VALUES ((SELECT coalesce(max(number), 0) + 1 FROM focuspunt WHERE period_start = ?4),"
    " ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static void bind_focus(sqlite3_stmt *st, const struct focus_row *in, int64_t now)
{
    sqlite3_bind_text(st, 1, in->title, -1, SQLITE_TRANSIENT);
    db_bind_text_opt(st, 2, in->problem);
    db_bind_text_opt(st, 3, in->origin);
    sqlite3_bind_text(st, 4, in->period_start, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, in->period_end, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, in->status, -1, SQLITE_TRANSIENT);
    db_bind_text_opt(st, 7, in->decided_on);
    db_bind_text_opt(st, 8, in->source);
    sqlite3_bind_int(st, 9, in->demo);
    db_bind_id(st, 10, in->regisseur_user_id);
    sqlite3_bind_int64(st, 11, now);
}

int focus_insert(db *d, const struct focus_row *in, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    bind_focus(st, in, now);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

/* The number stays; moving to another period takes the next free number there. */
static const char SQL_UPDATE[] =
    "UPDATE focuspunt SET title = ?1, problem = ?2, origin = ?3,"
    " number = CASE WHEN period_start = ?4 THEN number ELSE"
    "   (SELECT coalesce(max(number), 0) + 1 FROM focuspunt WHERE period_start = ?4) END,"
    " period_start = ?4, period_end = ?5, status = ?6, decided_on = ?7, source = ?8,"
    " demo = ?9, regisseur_user_id = ?10, updated_at = ?11 WHERE id = ?12";

int focus_update(db *d, const struct focus_row *in, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE);
    if (!st)
        return DB_ERROR;
    bind_focus(st, in, now);
    sqlite3_bind_int64(st, 12, in->id);
    return exec_found(d, st);
}

static const char SQL_DECIDE[] =
    "UPDATE focuspunt SET status = 'vastgesteld', decided_on = ?1, updated_at = ?2"
    " WHERE id = ?3 AND status = 'voorgesteld' AND decided_on IS NULL";

int focus_decide(db *d, int64_t id, const char *decided_on, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DECIDE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, decided_on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, id);
    return exec_found(d, st);
}

static const char SQL_REJECT[] =
    "UPDATE focuspunt SET status = 'niet_vastgesteld', decided_on = ?1, decision_reason = ?4,"
    " updated_at = ?2 WHERE id = ?3 AND status = 'voorgesteld' AND decided_on IS NULL";

int focus_reject(db *d, int64_t id, const char *decided_on, const char *reason, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REJECT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, decided_on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, id);
    sqlite3_bind_text(st, 4, reason, -1, SQLITE_TRANSIENT);
    return exec_found(d, st);
}

static const char SQL_REASON[] = "SELECT decision_reason FROM focuspunt WHERE id = ?1";

int focus_decision_reason(db *d, arena *a, int64_t id, const char **reason)
{
    *reason = NULL;
    sqlite3_stmt *st = db_stmt(d, SQL_REASON);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, db_read_text, reason);
}

static const char SQL_AREAS_CLEAR[] = "DELETE FROM focuspunt_area WHERE focuspunt_id = ?1";
static const char SQL_AREA_ADD[] =
    "INSERT OR IGNORE INTO focuspunt_area (focuspunt_id, area_id) VALUES (?1, ?2)";

int focus_set_areas(db *d, int64_t id, const int64_t *areas, size_t n)
{
    return set_links(d, SQL_AREAS_CLEAR, SQL_AREA_ADD, id, areas, n);
}

/* --- goals --------------------------------------------------------------------- */

static const char SQL_GOALS[] =
    "SELECT id, position, text FROM focus_goal WHERE focuspunt_id = ?1 ORDER BY position, id";

static void read_goal(arena *a, sqlite3_stmt *st, void *row)
{
    struct focus_goal *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->position = sqlite3_column_int(st, 1);
    x->text = db_col_dup(a, st, 2);
}

int focus_goals(db *d, arena *a, int64_t focuspunt_id, struct focus_goal **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GOALS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    return db_rows(a, st, sizeof **out, read_goal, out, n);
}

static const char SQL_GOAL_INSERT[] =
    "INSERT INTO focus_goal (focuspunt_id, position, text) VALUES (?1,"
    " (SELECT coalesce(max(position), 0) + 1 FROM focus_goal WHERE focuspunt_id = ?1), ?2)";
static const char SQL_GOAL_UPDATE[] =
    "UPDATE focus_goal SET text = ?3 WHERE id = ?2 AND focuspunt_id = ?1";

int focus_goal_insert(db *d, int64_t focuspunt_id, const char *text, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GOAL_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

int focus_goal_update(db *d, int64_t focuspunt_id, int64_t goal_id, const char *text)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GOAL_UPDATE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    sqlite3_bind_int64(st, 2, goal_id);
    sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
    return exec_found(d, st);
}

static const char SQL_GOAL_POSITION[] =
    "UPDATE focus_goal SET position = ?3 WHERE id = ?2 AND focuspunt_id = ?1";
static const char SQL_GOAL_DELETE[] = "DELETE FROM focus_goal WHERE id = ?2 AND focuspunt_id = ?1";

int focus_goal_reorder(db *d, int64_t focuspunt_id, const int64_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = db_stmt(d, SQL_GOAL_POSITION);
        if (!st)
            return DB_ERROR;
        sqlite3_bind_int64(st, 1, focuspunt_id);
        sqlite3_bind_int64(st, 2, ids[i]);
        sqlite3_bind_int64(st, 3, (int64_t)i + 1);
        int rc = db_exec_stmt(st);
        if (rc != DB_OK)
            return rc;
    }
    return DB_OK;
}

int focus_goal_delete(db *d, int64_t focuspunt_id, int64_t goal_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GOAL_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    sqlite3_bind_int64(st, 2, goal_id);
    return exec_found(d, st);
}

/* --- indicators ---------------------------------------------------------------- */

#define IND_COLUMNS                                                                                \
    "i.id, i.goal_id, g.focuspunt_id, i.name, i.unit, i.method, i.baseline_value,"                 \
    " i.baseline_date, i.target_value, i.target_date, i.source, i.higher_is_better,"               \
    " m.value, m.measured_on, m.auto, m.source,"                                                   \
    " (SELECT group_concat(c.name, ', ') FROM focus_indicator_category ic"                         \
    "   JOIN category c ON c.id = ic.category_id WHERE ic.indicator_id = i.id)"                    \
    " FROM focus_indicator i JOIN focus_goal g ON g.id = i.goal_id"                                \
    " LEFT JOIN focus_measurement m ON m.id = (SELECT m2.id FROM focus_measurement m2"             \
    "   WHERE m2.indicator_id = i.id ORDER BY m2.measured_on DESC, m2.auto, m2.id DESC LIMIT 1)"

static const char SQL_INDS[] =
    "SELECT " IND_COLUMNS " WHERE g.focuspunt_id = ?1 ORDER BY g.position, g.id, i.id";
static const char SQL_IND[] = "SELECT " IND_COLUMNS " WHERE i.id = ?1";

static void read_ind(arena *a, sqlite3_stmt *st, void *row)
{
    struct focus_ind *x = row;
    memset(x, 0, sizeof *x);
    x->id = sqlite3_column_int64(st, 0);
    x->goal_id = sqlite3_column_int64(st, 1);
    x->focuspunt_id = sqlite3_column_int64(st, 2);
    x->name = db_col_dup(a, st, 3);
    x->unit = db_col_dup(a, st, 4);
    x->method = db_col_dup(a, st, 5);
    x->has_baseline = sqlite3_column_type(st, 6) != SQLITE_NULL;
    x->baseline = sqlite3_column_double(st, 6);
    x->baseline_date = db_col_dup(a, st, 7);
    x->has_target = sqlite3_column_type(st, 8) != SQLITE_NULL;
    x->target = sqlite3_column_double(st, 8);
    x->target_date = db_col_dup(a, st, 9);
    x->source = db_col_dup(a, st, 10);
    x->higher_is_better = sqlite3_column_int(st, 11) != 0;
    x->has_latest = sqlite3_column_type(st, 12) != SQLITE_NULL;
    x->latest = sqlite3_column_double(st, 12);
    x->latest_on = db_col_dup(a, st, 13);
    x->latest_auto = sqlite3_column_int(st, 14) != 0;
    x->latest_source = db_col_dup(a, st, 15);
    x->category_names = db_col_dup(a, st, 16);
}

int focus_indicators(db *d, arena *a, int64_t focuspunt_id, struct focus_ind **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INDS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    return db_rows(a, st, sizeof **out, read_ind, out, n);
}

int focus_indicator_get(db *d, arena *a, int64_t id, struct focus_ind *out)
{
    sqlite3_stmt *st = db_stmt(d, SQL_IND);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_ind, out);
}

static const char SQL_IND_INSERT[] =
    "INSERT INTO focus_indicator (goal_id, name, unit, method, baseline_value, baseline_date,"
    " target_value, target_date, source, higher_is_better)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_IND_UPDATE[] =
    "UPDATE focus_indicator SET goal_id = ?1, name = ?2, unit = ?3, method = ?4,"
    " baseline_value = ?5, baseline_date = ?6, target_value = ?7, target_date = ?8,"
    " source = ?9, higher_is_better = ?10 WHERE id = ?11";

static void bind_ind(sqlite3_stmt *st, const struct focus_ind *in)
{
    sqlite3_bind_int64(st, 1, in->goal_id);
    sqlite3_bind_text(st, 2, in->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, in->unit ? in->unit : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, in->method, -1, SQLITE_TRANSIENT);
    db_bind_double_opt(st, 5, in->has_baseline, in->baseline);
    db_bind_text_opt(st, 6, in->has_baseline ? in->baseline_date : NULL);
    db_bind_double_opt(st, 7, in->has_target, in->target);
    db_bind_text_opt(st, 8, in->has_target ? in->target_date : NULL);
    sqlite3_bind_text(st, 9, in->source ? in->source : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 10, in->higher_is_better ? 1 : 0);
}

int focus_indicator_insert(db *d, const struct focus_ind *in, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_IND_INSERT);
    if (!st)
        return DB_ERROR;
    bind_ind(st, in);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

int focus_indicator_update(db *d, const struct focus_ind *in)
{
    sqlite3_stmt *st = db_stmt(d, SQL_IND_UPDATE);
    if (!st)
        return DB_ERROR;
    bind_ind(st, in);
    sqlite3_bind_int64(st, 11, in->id);
    return db_exec_stmt(st);
}

static const char SQL_IND_CATS_CLEAR[] =
    "DELETE FROM focus_indicator_category WHERE indicator_id = ?1";
static const char SQL_IND_CAT_ADD[] =
    "INSERT OR IGNORE INTO focus_indicator_category (indicator_id, category_id) VALUES (?1, ?2)";
static const char SQL_IND_CATS[] =
    "SELECT category_id FROM focus_indicator_category WHERE indicator_id = ?1";

int focus_indicator_set_categories(db *d, int64_t id, const int64_t *cats, size_t n)
{
    return set_links(d, SQL_IND_CATS_CLEAR, SQL_IND_CAT_ADD, id, cats, n);
}

int focus_indicator_categories(db *d, arena *a, int64_t id, int64_t **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_IND_CATS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_rows(a, st, sizeof **out, read_id, out, n);
}

/* --- actions ------------------------------------------------------------------- */

#define ACT_COLUMNS                                                                                \
    "x.id, x.owner_org_id, x.title, x.owner_kind, o.name, x.owner_text, x.due_on, x.status,"       \
    " x.notes, x.done_on, x.focuspunt_id"                                                          \
    " FROM focus_action x LEFT JOIN organisation o ON o.id = x.owner_org_id"

static const char SQL_ACTS[] =
    "SELECT " ACT_COLUMNS " WHERE x.focuspunt_id = ?1"
    " ORDER BY x.status IN ('gereed', 'vervallen'), x.due_on IS NULL, x.due_on, x.id";
static const char SQL_ACT[] = "SELECT " ACT_COLUMNS " WHERE x.id = ?1";

static void read_act(arena *a, sqlite3_stmt *st, void *row)
{
    struct focus_act *x = row;
    memset(x, 0, sizeof *x);
    x->id = sqlite3_column_int64(st, 0);
    x->owner_org_id = sqlite3_column_int64(st, 1);
    x->title = db_col_dup(a, st, 2);
    x->owner_kind = db_col_dup(a, st, 3);
    x->owner_name = db_col_dup(a, st, 4);
    x->owner_text = db_col_dup(a, st, 5);
    x->due_on = db_col_dup(a, st, 6);
    x->status = db_col_dup(a, st, 7);
    x->notes = db_col_dup(a, st, 8);
    x->done_on = db_col_dup(a, st, 9);
}

int focus_actions(db *d, arena *a, int64_t focuspunt_id, struct focus_act **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ACTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    return db_rows(a, st, sizeof **out, read_act, out, n);
}

int focus_action_get(db *d, arena *a, int64_t id, struct focus_act *out, int64_t *focuspunt_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ACT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_act(a, st, out);
        *focuspunt_id = sqlite3_column_int64(st, 10);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static const char SQL_ACT_INSERT[] =
    "INSERT INTO focus_action (focuspunt_id, title, owner_kind, owner_org_id, owner_text, due_on,"
    " status, notes, done_on, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_ACT_UPDATE[] =
    "UPDATE focus_action SET title = ?2, owner_kind = ?3, owner_org_id = ?4, owner_text = ?5,"
    " due_on = ?6, status = ?7, notes = ?8, done_on = ?9, updated_at = ?10 WHERE id = ?1";

static void bind_act(sqlite3_stmt *st, int64_t first, const struct focus_act *in, int64_t now)
{
    sqlite3_bind_int64(st, 1, first);
    sqlite3_bind_text(st, 2, in->title, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, in->owner_kind, -1, SQLITE_TRANSIENT);
    db_bind_id(st, 4, in->owner_org_id);
    db_bind_text_opt(st, 5, in->owner_text);
    db_bind_text_opt(st, 6, in->due_on);
    sqlite3_bind_text(st, 7, in->status, -1, SQLITE_TRANSIENT);
    db_bind_text_opt(st, 8, in->notes);
    db_bind_text_opt(st, 9, in->done_on);
    sqlite3_bind_int64(st, 10, now);
}

int focus_action_insert(db *d, int64_t focuspunt_id, const struct focus_act *in, int64_t now,
                        int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ACT_INSERT);
    if (!st)
        return DB_ERROR;
    bind_act(st, focuspunt_id, in, now);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

int focus_action_update(db *d, const struct focus_act *in, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ACT_UPDATE);
    if (!st)
        return DB_ERROR;
    bind_act(st, in->id, in, now);
    return db_exec_stmt(st);
}

/* --- partners ------------------------------------------------------------------ */

static const char SQL_PARTNERS[] =
    "SELECT o.id, o.name, o.kind, o.type, p.role FROM focus_partner p"
    " JOIN organisation o ON o.id = p.org_id WHERE p.focuspunt_id = ?1 ORDER BY o.kind, o.name";
static const char SQL_PARTNER_SET[] =
    "INSERT INTO focus_partner (focuspunt_id, org_id, role) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (focuspunt_id, org_id) DO UPDATE SET role = excluded.role";
static const char SQL_PARTNER_DELETE[] =
    "DELETE FROM focus_partner WHERE focuspunt_id = ?1 AND org_id = ?2";

static void read_partner(arena *a, sqlite3_stmt *st, void *row)
{
    struct focus_partner_row *x = row;
    x->org_id = sqlite3_column_int64(st, 0);
    x->name = db_col_dup(a, st, 1);
    x->kind = db_col_dup(a, st, 2);
    x->type = db_col_dup(a, st, 3);
    x->role = db_col_dup(a, st, 4);
}

int focus_partners(db *d, arena *a, int64_t focuspunt_id, struct focus_partner_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PARTNERS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    return db_rows(a, st, sizeof **out, read_partner, out, n);
}

int focus_partner_set(db *d, int64_t focuspunt_id, int64_t org_id, const char *role)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PARTNER_SET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    sqlite3_bind_int64(st, 2, org_id);
    db_bind_text_opt(st, 3, role);
    return db_exec_stmt(st);
}

int focus_partner_delete(db *d, int64_t focuspunt_id, int64_t org_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PARTNER_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    sqlite3_bind_int64(st, 2, org_id);
    return exec_found(d, st);
}

/* --- measurements -------------------------------------------------------------- */

static const char SQL_MEAS[] =
    "SELECT id, measured_on, source, value, auto FROM focus_measurement WHERE indicator_id = ?1"
    " ORDER BY measured_on DESC, auto, id DESC LIMIT ?2";
static const char SQL_MEAS_INSERT[] =
    "INSERT INTO focus_measurement (indicator_id, measured_on, value, source, auto, entered_by,"
    " entered_at) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)";
static const char SQL_MEAS_DELETE[] =
    "DELETE FROM focus_measurement WHERE id = ?2 AND indicator_id = ?1 AND auto = 0";

static void read_meas(arena *a, sqlite3_stmt *st, void *row)
{
    struct focus_meas *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->measured_on = db_col_dup(a, st, 1);
    x->source = db_col_dup(a, st, 2);
    x->value = sqlite3_column_double(st, 3);
    x->automatic = sqlite3_column_int(st, 4) != 0;
}

int focus_measurements(db *d, arena *a, int64_t indicator_id, size_t max, struct focus_meas **out,
                       size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEAS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, indicator_id);
    sqlite3_bind_int64(st, 2, (int64_t)max);
    return db_rows(a, st, sizeof **out, read_meas, out, n);
}

int focus_measurement_insert(db *d, int64_t indicator_id, const char *measured_on, double value,
                             const char *source, int64_t user_id, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEAS_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, indicator_id);
    sqlite3_bind_text(st, 2, measured_on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 3, value);
    sqlite3_bind_text(st, 4, source ? source : "", -1, SQLITE_TRANSIENT);
    db_bind_id(st, 5, user_id);
    sqlite3_bind_int64(st, 6, now);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

int focus_measurement_delete(db *d, int64_t indicator_id, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEAS_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, indicator_id);
    sqlite3_bind_int64(st, 2, id);
    return exec_found(d, st);
}

static const char SQL_MEAS_GET[] = "SELECT id, measured_on, source, value, auto, indicator_id"
                                   " FROM focus_measurement WHERE id = ?1";
static const char SQL_MEAS_COUNTS[] =
    "SELECT coalesce(sum(m.auto = 0), 0), coalesce(sum(m.auto = 1), 0) FROM focus_measurement m"
    " JOIN focus_indicator i ON i.id = m.indicator_id"
    " WHERE (?1 = 0 OR i.goal_id = ?1) AND (?2 = 0 OR i.id = ?2)";

int focus_measurement_get(db *d, arena *a, int64_t id, struct focus_meas *out,
                          int64_t *indicator_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEAS_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_meas(a, st, out);
        *indicator_id = sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

int focus_measurement_counts(db *d, int64_t goal_id, int64_t indicator_id, int64_t *entered,
                             int64_t *automatic)
{
    *entered = *automatic = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_MEAS_COUNTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, goal_id);
    sqlite3_bind_int64(st, 2, indicator_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *entered = sqlite3_column_int64(st, 0);
        *automatic = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

/* --- report texts ------------------------------------------------------------------ */

static const char SQL_TEXTS[] =
    "SELECT year, text FROM focus_report_text WHERE focuspunt_id = ?1 ORDER BY year DESC";
static const char SQL_TEXT_SET[] =
    "INSERT INTO focus_report_text (focuspunt_id, year, text, updated_by, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (focuspunt_id, year) DO UPDATE SET"
    " text = excluded.text, updated_by = excluded.updated_by, updated_at = excluded.updated_at";

static void read_text(arena *a, sqlite3_stmt *st, void *row)
{
    struct focus_text *x = row;
    x->year = sqlite3_column_int(st, 0);
    x->text = db_col_dup(a, st, 1);
}

int focus_texts(db *d, arena *a, int64_t focuspunt_id, struct focus_text **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TEXTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    return db_rows(a, st, sizeof **out, read_text, out, n);
}

int focus_text_set(db *d, int64_t focuspunt_id, int year, const char *text, int64_t user_id,
                   int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TEXT_SET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
    db_bind_id(st, 4, user_id);
    sqlite3_bind_int64(st, 5, now);
    return db_exec_stmt(st);
}

/* --- inventory ---------------------------------------------------------------------- */

static const char SQL_INV[] =
    "SELECT i.id, i.source, i.text, u.name, i.entered_at FROM inventory_input i"
    " LEFT JOIN user u ON u.id = i.entered_by WHERE i.wijk_id = ?1"
    " ORDER BY i.entered_at DESC, i.id DESC LIMIT 200";
static const char SQL_INV_INSERT[] =
    "INSERT INTO inventory_input (wijk_id, source, text, entered_by, entered_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";

static void read_inventory(arena *a, sqlite3_stmt *st, void *row)
{
    struct inventory_row *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->source = db_col_dup(a, st, 1);
    x->text = db_col_dup(a, st, 2);
    x->entered_by = db_col_dup(a, st, 3);
    x->entered_at = sqlite3_column_int64(st, 4);
}

int inventory_list(db *d, arena *a, int64_t wijk_id, struct inventory_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INV);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, wijk_id);
    return db_rows(a, st, sizeof **out, read_inventory, out, n);
}

static const char SQL_INV_GET[] =
    "SELECT i.id, i.source, i.text, u.name, i.entered_at, i.wijk_id FROM inventory_input i"
    " LEFT JOIN user u ON u.id = i.entered_by WHERE i.id = ?1";

struct inv_one {
    struct inventory_row row;
    int64_t wijk_id;
};

static void read_inventory_one(arena *a, sqlite3_stmt *st, void *row)
{
    struct inv_one *x = row;
    read_inventory(a, st, &x->row);
    x->wijk_id = sqlite3_column_int64(st, 5);
}

int inventory_get(db *d, arena *a, int64_t id, struct inventory_row *row, int64_t *wijk_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INV_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    struct inv_one one = {0};
    int rc = db_row(a, st, read_inventory_one, &one);
    *row = one.row;
    *wijk_id = one.wijk_id;
    return rc;
}

int inventory_insert(db *d, int64_t wijk_id, const char *source, const char *text, int64_t user_id,
                     int64_t now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INV_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, wijk_id);
    sqlite3_bind_text(st, 2, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
    db_bind_id(st, 4, user_id);
    sqlite3_bind_int64(st, 5, now);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

/* Signals of the last six months per category of the wijk: the last three
 * months (?2 .. ?3), the three before (?4 .. ?2), and those open longer
 * than eight weeks (created before ?5). Only categories with a signal in
 * the last three months or a long-open one. */
static const char SQL_CLUSTERS[] =
    "SELECT c.id, c.name,"
    " sum(s.created_at >= ?2 AND s.created_at < ?3),"
    " sum(s.created_at >= ?4 AND s.created_at < ?2),"
    " sum(s.closed_at IS NULL AND s.status NOT IN ('afgehandeld', 'geannuleerd')"
    "     AND s.created_at < ?5),"
    " min(CASE WHEN s.closed_at IS NULL AND s.status NOT IN ('afgehandeld', 'geannuleerd')"
    "     AND s.created_at < ?5 THEN s.created_at END)"
    " FROM signal s JOIN category c ON c.id = s.category_id"
    " WHERE s.wijk_id = ?1 AND s.merged_into IS NULL AND s.parent_id IS NULL"
    " AND (s.created_at >= ?4 OR (s.closed_at IS NULL AND s.created_at < ?5))"
    " GROUP BY c.id HAVING sum(s.created_at >= ?2 AND s.created_at < ?3) > 0"
    "   OR sum(s.closed_at IS NULL AND s.status NOT IN ('afgehandeld', 'geannuleerd')"
    "     AND s.created_at < ?5) > 0"
    " ORDER BY 3 DESC, c.name";

static void read_cluster(arena *a, sqlite3_stmt *st, void *row)
{
    struct focus_cluster *x = row;
    x->category_id = sqlite3_column_int64(st, 0);
    x->name = db_col_dup(a, st, 1);
    x->now = sqlite3_column_int64(st, 2);
    x->before = sqlite3_column_int64(st, 3);
    x->open_long = sqlite3_column_int64(st, 4);
    x->oldest_open_at = sqlite3_column_int64(st, 5);
}

int focus_clusters(db *d, arena *a, int64_t wijk_id, int64_t now, struct focus_cluster **out,
                   size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CLUSTERS);
    if (!st)
        return DB_ERROR;
    const int64_t day = 86400;
    sqlite3_bind_int64(st, 1, wijk_id);
    sqlite3_bind_int64(st, 2, now - 91 * day);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, now - 182 * day);
    sqlite3_bind_int64(st, 5, now - 56 * day);
    return db_rows(a, st, sizeof **out, read_cluster, out, n);
}

/* --- small look-ups for the demo ----------------------------------------------------- */

static const char SQL_AREA_NAME[] = "SELECT name FROM area WHERE id = ?1";
static const char SQL_BUURT_SLUG[] = "SELECT id, name FROM area WHERE kind = 'buurt' AND slug = ?1"
                                     " ORDER BY year DESC LIMIT 1";
static const char SQL_DEMO_EXISTS[] =
    "SELECT EXISTS (SELECT 1 FROM focuspunt WHERE demo = 1 AND period_start = ?1)";

const char *focus_area_name(db *d, arena *a, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AREA_NAME);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    const char *name = sqlite3_step(st) == SQLITE_ROW ? db_col_dup(a, st, 0) : NULL;
    sqlite3_reset(st);
    return name;
}

int64_t focus_buurt_by_slug(db *d, arena *a, const char *slug, const char **name)
{
    *name = NULL;
    sqlite3_stmt *st = db_stmt(d, SQL_BUURT_SLUG);
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, slug, -1, SQLITE_TRANSIENT);
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        *name = db_col_dup(a, st, 1);
    }
    sqlite3_reset(st);
    return id;
}

int focus_demo_exists(db *d, const char *period_start)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DEMO_EXISTS);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, period_start, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st), v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return v;
}

/* --- automatic measurement ------------------------------------------------------------ */

/* Signals in the focus point's wijken created in [?3, ?4), of the
 * indicator's categories (a main category includes its sub categories; no
 * category chosen: all). Merged duplicates and sub tasks are not counted,
 * nor is any confidential signal: of a confidential category (or main
 * category), held by the care network, or with a confidential intake. An
 * indicator's figures are public, whatever categories are stored with it.
 * "due": the deadline passed before ?4 or it was closed before ?4;
 * "in time": closed before ?4 and not after its deadline. */
static const char SQL_COUNTS[] =
    "SELECT count(*),"
    " coalesce(sum(s.deadline_at < ?4 OR (s.closed_at IS NOT NULL AND s.closed_at < ?4)), 0),"
    " coalesce(sum(s.closed_at IS NOT NULL AND s.closed_at < ?4"
    "     AND s.closed_at <= s.deadline_at), 0),"
    " count(DISTINCT s.reporter_pseudonym)"
    " FROM signal s"
    " WHERE s.wijk_id IN (SELECT " WIJK_OF(
        "a") " FROM focuspunt_area fa"
             "   JOIN area a ON a.id = fa.area_id WHERE fa.focuspunt_id = ?1)"
             " AND s.created_at >= ?3 AND s.created_at < ?4"
             " AND s.merged_into IS NULL AND s.parent_id IS NULL"
             " AND NOT s.confidential AND NOT s.intake_confidential"
             " AND s.category_id NOT IN (SELECT c.id FROM category c"
             "   LEFT JOIN category p ON p.id = c.parent_id"
             "   WHERE c.confidential OR coalesce(p.confidential, 0))"
             " AND (NOT EXISTS (SELECT 1 FROM focus_indicator_category WHERE indicator_id = ?2)"
             "   OR s.category_id IN (SELECT ic.category_id FROM focus_indicator_category ic"
             "     WHERE ic.indicator_id = ?2 UNION SELECT c.id FROM category c"
             "     JOIN focus_indicator_category ic ON ic.category_id = c.parent_id"
             "     WHERE ic.indicator_id = ?2))";

int focus_signal_counts(db *d, int64_t focuspunt_id, int64_t indicator_id, int64_t from, int64_t to,
                        struct focus_signal_counts *c)
{
    memset(c, 0, sizeof *c);
    sqlite3_stmt *st = db_stmt(d, SQL_COUNTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    sqlite3_bind_int64(st, 2, indicator_id);
    sqlite3_bind_int64(st, 3, from);
    sqlite3_bind_int64(st, 4, to);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        c->signals = sqlite3_column_int64(st, 0);
        c->due = sqlite3_column_int64(st, 1);
        c->in_time = sqlite3_column_int64(st, 2);
        c->reporters = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_INHABITANTS[] =
    "SELECT sum((SELECT p.inhabitants FROM population p WHERE p.area_id = w.id"
    "   ORDER BY p.date <= ?2 DESC, CASE WHEN p.date <= ?2 THEN p.date END DESC, p.date"
    "   LIMIT 1))"
    " FROM (SELECT DISTINCT " WIJK_OF(
        "a") " AS id FROM focuspunt_area fa"
             "   JOIN area a ON a.id = fa.area_id WHERE fa.focuspunt_id = ?1) w";

int focus_inhabitants(db *d, int64_t focuspunt_id, const char *on, int64_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INHABITANTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    sqlite3_bind_text(st, 2, on, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    *n = -1;
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        *n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_FIRST_SIGNAL[] = "SELECT coalesce(min(created_at), 0) FROM signal";

int focus_first_signal_at(db *d, int64_t *t)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FIRST_SIGNAL);
    if (!st)
        return DB_ERROR;
    int rc = sqlite3_step(st);
    *t = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_AUTO_INDS[] =
    "SELECT i.id, f.id, i.method, i.baseline_date, f.period_start, f.period_end"
    " FROM focus_indicator i JOIN focus_goal g ON g.id = i.goal_id"
    " JOIN focuspunt f ON f.id = g.focuspunt_id WHERE i.method <> 'manual'"
    " AND (?1 = 0 OR f.id = ?1) AND (?2 IS NULL OR f.period_end >= ?2) ORDER BY i.id";

static void read_auto(arena *a, sqlite3_stmt *st, void *row)
{
    struct focus_auto *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->focuspunt_id = sqlite3_column_int64(st, 1);
    x->method = db_col_dup(a, st, 2);
    x->baseline_date = db_col_dup(a, st, 3);
    x->period_start = db_col_dup(a, st, 4);
    x->period_end = db_col_dup(a, st, 5);
}

int focus_auto_indicators(db *d, arena *a, int64_t focuspunt_id, const char *on,
                          struct focus_auto **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AUTO_INDS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focuspunt_id);
    db_bind_text_opt(st, 2, on);
    return db_rows(a, st, sizeof **out, read_auto, out, n);
}

static const char SQL_AUTO_PUT[] =
    "INSERT INTO focus_measurement (indicator_id, measured_on, value, source, auto, entered_at)"
    " VALUES (?1, ?2, ?3, ?4, 1, ?5) ON CONFLICT (indicator_id, measured_on) WHERE auto = 1"
    " DO UPDATE SET value = excluded.value, source = excluded.source,"
    " entered_at = excluded.entered_at";
static const char SQL_AUTO_DROP[] =
    "DELETE FROM focus_measurement WHERE indicator_id = ?1 AND measured_on = ?2 AND auto = 1";
static const char SQL_AUTO_CLEAR[] =
    "DELETE FROM focus_measurement WHERE indicator_id = ?1 AND auto = 1";

int focus_auto_put(db *d, int64_t indicator_id, const char *measured_on, double value,
                   const char *source, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AUTO_PUT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, indicator_id);
    sqlite3_bind_text(st, 2, measured_on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 3, value);
    sqlite3_bind_text(st, 4, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, now);
    return step_done(st, sqlite3_step(st));
}

int focus_auto_drop(db *d, int64_t indicator_id, const char *measured_on)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AUTO_DROP);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, indicator_id);
    sqlite3_bind_text(st, 2, measured_on, -1, SQLITE_TRANSIENT);
    return db_exec_stmt(st);
}

int focus_auto_clear(db *d, int64_t indicator_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AUTO_CLEAR);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, indicator_id);
    return db_exec_stmt(st);
}
