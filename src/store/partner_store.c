/*
 * partner_store.c: SQL of the partner register, of the actions an
 * organisation owns and of the hours spent on them.
 */
#include "partner_store.h"

#include <stdio.h>
#include <string.h>

/* --- people ------------------------------------------------------------------- */

#define PERSON_COLS                                                                                \
    "p.id, p.org_id, p.area_id, p.name, p.role, p.started_on, p.ended_on, o.name, w.name,"         \
    " p.public_consent FROM partner_person p JOIN organisation o ON o.id = p.org_id"               \
    " JOIN area w ON w.id = p.area_id"

static const char SQL_PERSON_LIST[] =
    "SELECT " PERSON_COLS " ORDER BY o.name COLLATE NOCASE, w.name, p.name COLLATE NOCASE, p.id";
static const char SQL_PERSON_GET[] = "SELECT " PERSON_COLS " WHERE p.id = ?1";
static const char SQL_PERSON_PUBLIC[] =
    "SELECT " PERSON_COLS " WHERE p.area_id = ?1 AND p.public_consent = 1 AND p.started_on <= ?2"
    " AND (p.ended_on IS NULL OR p.ended_on >= ?2) ORDER BY o.name COLLATE NOCASE, p.name";
static const char SQL_PERSON_INSERT[] =
    "INSERT INTO partner_person (org_id, area_id, name, role, started_on, ended_on,"
    " public_consent, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_PERSON_SET[] =
    "UPDATE partner_person SET ended_on = ?2, public_consent = ?3, updated_at = ?4,"
    " updated_by = ?5 WHERE id = ?1";

static const char SQL_PERSON_CHANGE[] =
    "UPDATE partner_person SET name = ?2, role = ?3, area_id = ?4, ended_on = ?5,"
    " public_consent = ?6, updated_at = ?7, updated_by = ?8 WHERE id = ?1";

static void read_person(arena *a, sqlite3_stmt *st, void *row)
{
    struct partner_person_row *p = row;
    p->id = sqlite3_column_int64(st, 0);
    p->org_id = sqlite3_column_int64(st, 1);
    p->area_id = sqlite3_column_int64(st, 2);
    p->name = db_col_dup(a, st, 3);
    p->role = db_col_dup(a, st, 4);
    p->started_on = db_col_dup(a, st, 5);
    p->ended_on = db_col_dup(a, st, 6);
    p->org_name = db_col_dup(a, st, 7);
    p->wijk_name = db_col_dup(a, st, 8);
    p->consent = sqlite3_column_int(st, 9) != 0;
}

int partner_person_list(db *d, arena *a, struct partner_person_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERSON_LIST);
    if (!st)
        return DB_ERROR;
    return db_rows(a, st, sizeof **out, read_person, out, n);
}

int partner_person_get(db *d, arena *a, int64_t id, struct partner_person_row *p)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERSON_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_person, p);
}

int partner_person_public(db *d, arena *a, int64_t area_id, const char *today,
                          struct partner_person_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERSON_PUBLIC);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_person, out, n);
}

int partner_person_insert(db *d, const struct partner_person_row *p, int64_t user_id, int64_t now,
                          int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERSON_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, p->org_id);
    sqlite3_bind_int64(st, 2, p->area_id);
    sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, p->role ? p->role : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, p->started_on, -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 6, p->ended_on);
    sqlite3_bind_int(st, 7, p->consent ? 1 : 0);
    sqlite3_bind_int64(st, 8, now);
    db_bind_id(st, 9, user_id);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

int partner_person_set(db *d, int64_t id, const char *ended_on, bool consent, int64_t user_id,
                       int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERSON_SET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text_or_null(st, 2, ended_on);
    sqlite3_bind_int(st, 3, consent ? 1 : 0);
    sqlite3_bind_int64(st, 4, now);
    db_bind_id(st, 5, user_id);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        return DB_NOTFOUND;
    return rc;
}

int partner_person_set_all(db *d, const struct partner_person_row *p, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERSON_CHANGE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->role ? p->role : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, p->area_id);
    db_bind_text_or_null(st, 5, p->ended_on);
    sqlite3_bind_int(st, 6, p->consent ? 1 : 0);
    sqlite3_bind_int64(st, 7, now);
    db_bind_id(st, 8, user_id);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        return DB_NOTFOUND;
    return rc;
}

/* --- agreements ---------------------------------------------------------------- */

static const char SQL_AGREEMENTS[] =
    "SELECT g.id, g.org_id, g.category_id, o.name, c.name, g.told, g.valid_from, g.valid_until,"
    " g.note FROM partner_agreement g JOIN organisation o ON o.id = g.org_id"
    " LEFT JOIN category c ON c.id = g.category_id WHERE (?1 = 0 OR g.org_id = ?1)"
    " ORDER BY o.name COLLATE NOCASE, g.valid_from, g.id";
static const char SQL_AGREEMENT_INSERT[] =
    "INSERT INTO partner_agreement (org_id, category_id, told, valid_from, valid_until, note,"
    " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

static void read_agreement(arena *a, sqlite3_stmt *st, void *row)
{
    struct partner_agreement_row *g = row;
    g->id = sqlite3_column_int64(st, 0);
    g->org_id = sqlite3_column_int64(st, 1);
    g->category_id = sqlite3_column_int64(st, 2);
    g->org_name = db_col_dup(a, st, 3);
    g->category_name = db_col_dup(a, st, 4);
    g->told = db_col_dup(a, st, 5);
    g->valid_from = db_col_dup(a, st, 6);
    g->valid_until = db_col_dup(a, st, 7);
    g->note = db_col_dup(a, st, 8);
}

int partner_agreement_list(db *d, arena *a, int64_t org_id, struct partner_agreement_row **out,
                           size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AGREEMENTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, org_id);
    return db_rows(a, st, sizeof **out, read_agreement, out, n);
}

int partner_agreement_insert(db *d, const struct partner_agreement_row *g, int64_t user_id,
                             int64_t now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AGREEMENT_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, g->org_id);
    db_bind_id(st, 2, g->category_id);
    sqlite3_bind_text(st, 3, g->told, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, g->valid_from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, g->valid_until, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, g->note ? g->note : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now);
    db_bind_id(st, 8, user_id);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

static const char SQL_AGREEMENT_GET[] =
    "SELECT g.id, g.org_id, g.category_id, o.name, c.name, g.told, g.valid_from, g.valid_until,"
    " g.note FROM partner_agreement g JOIN organisation o ON o.id = g.org_id"
    " LEFT JOIN category c ON c.id = g.category_id WHERE g.id = ?1";
static const char SQL_AGREEMENT_SET[] =
    "UPDATE partner_agreement SET category_id = ?2, told = ?3, valid_from = ?4, valid_until = ?5,"
    " note = ?6, updated_at = ?7, updated_by = ?8 WHERE id = ?1";

int partner_agreement_get(db *d, arena *a, int64_t id, struct partner_agreement_row *g)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AGREEMENT_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_agreement, g);
}

int partner_agreement_set(db *d, const struct partner_agreement_row *g, int64_t user_id,
                          int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_AGREEMENT_SET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, g->id);
    db_bind_id(st, 2, g->category_id);
    sqlite3_bind_text(st, 3, g->told, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, g->valid_from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, g->valid_until, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, g->note ? g->note : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now);
    db_bind_id(st, 8, user_id);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        return DB_NOTFOUND;
    return rc;
}

/* --- organisations ------------------------------------------------------------- */

static const char SQL_ORG_GET[] =
    "SELECT id, name, type, description, email, phone, website FROM organisation"
    " WHERE id = ?1 AND kind = 'partner'";
static const char SQL_ORG_SET[] =
    "UPDATE organisation SET name = ?2, type = ?3, description = ?4, email = ?5, phone = ?6,"
    " website = ?7 WHERE id = ?1 AND kind = 'partner'";

static const char SQL_ORG_INSERT[] =
    "INSERT INTO organisation (kind, name, type, description, email, phone, website)"
    " VALUES ('partner', ?1, ?2, ?3, ?4, ?5, ?6)";

static void read_org(arena *a, sqlite3_stmt *st, void *row)
{
    struct partner_org_row *o = row;
    o->id = sqlite3_column_int64(st, 0);
    o->name = db_col_dup(a, st, 1);
    o->type = db_col_dup(a, st, 2);
    o->description = db_col_dup(a, st, 3);
    o->email = db_col_dup(a, st, 4);
    o->phone = db_col_dup(a, st, 5);
    o->website = db_col_dup(a, st, 6);
}

int partner_org_get(db *d, arena *a, int64_t id, struct partner_org_row *o)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ORG_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_org, o);
}

static void bind_blank_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

int partner_org_set(db *d, const struct partner_org_row *o)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ORG_SET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, o->id);
    sqlite3_bind_text(st, 2, o->name, -1, SQLITE_STATIC);
    bind_blank_null(st, 3, o->type);
    bind_blank_null(st, 4, o->description);
    bind_blank_null(st, 5, o->email);
    bind_blank_null(st, 6, o->phone);
    bind_blank_null(st, 7, o->website);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        return DB_NOTFOUND;
    return rc;
}

int partner_org_insert(db *d, const struct partner_org_row *o, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ORG_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, o->name, -1, SQLITE_STATIC);
    bind_blank_null(st, 2, o->type);
    bind_blank_null(st, 3, o->description);
    bind_blank_null(st, 4, o->email);
    bind_blank_null(st, 5, o->phone);
    bind_blank_null(st, 6, o->website);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

static const char SQL_MAIN_CATEGORIES[] =
    "SELECT id, name, confidential OR EXISTS (SELECT 1 FROM category s WHERE s.parent_id = c.id"
    " AND s.confidential = 1) FROM category c WHERE parent_id IS NULL AND active = 1"
    " ORDER BY name COLLATE NOCASE";
static const char SQL_IS_MAIN[] =
    "SELECT 1 FROM category c WHERE id = ?1 AND parent_id IS NULL AND confidential = 0"
    " AND NOT EXISTS (SELECT 1 FROM category s WHERE s.parent_id = c.id AND s.confidential = 1)";

static void read_category(arena *a, sqlite3_stmt *st, void *row)
{
    struct partner_category_row *c = row;
    c->id = sqlite3_column_int64(st, 0);
    c->name = db_col_dup(a, st, 1);
    c->confidential = sqlite3_column_int(st, 2) != 0;
}

int partner_main_categories(db *d, arena *a, struct partner_category_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MAIN_CATEGORIES);
    if (!st)
        return DB_ERROR;
    return db_rows(a, st, sizeof **out, read_category, out, n);
}

int partner_is_main_category(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_IS_MAIN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : DB_ERROR;
}

/* --- actions and hours ---------------------------------------------------------- */

/* The wijk an area belongs to: itself, or a buurt's parent. */
#define WIJK_OF(ar) "(CASE WHEN " ar ".kind = 'wijk' THEN " ar ".id ELSE " ar ".parent_id END)"

#define OWNED_COLS                                                                                 \
    "x.id, x.focuspunt_id, x.owner_org_id, f.number, x.title, x.status, x.due_on, x.notes,"        \
    " f.title, f.period_start, coalesce(o.name, nullif(x.owner_text, '')),"                        \
    " (SELECT group_concat(ar.name, ', ') FROM focuspunt_area fa JOIN area ar"                     \
    " ON ar.id = fa.area_id WHERE fa.focuspunt_id = f.id),"                                        \
    " (SELECT COALESCE(SUM(h.minutes), 0) FROM focus_action_hours h WHERE h.action_id = x.id)"     \
    " FROM focus_action x JOIN focuspunt f ON f.id = x.focuspunt_id"                               \
    " LEFT JOIN organisation o ON o.id = x.owner_org_id"

static const char SQL_OWNED[] =
    "SELECT " OWNED_COLS " WHERE x.owner_org_id IS NOT NULL AND (?1 = 0 OR x.owner_org_id = ?1)"
    " ORDER BY x.status IN ('gereed', 'vervallen'), x.due_on IS NULL, x.due_on, x.id";
static const char SQL_OVERDUE[] =
    "SELECT " OWNED_COLS " WHERE x.status IN ('gepland', 'lopend') AND x.due_on IS NOT NULL"
    " AND x.due_on < ?2 AND EXISTS (SELECT 1 FROM focuspunt_area fa JOIN area ar"
    " ON ar.id = fa.area_id JOIN area_region rr ON rr.area_id = " WIJK_OF(
        "ar") " AND rr.valid_from <= ?2 AND (rr.valid_to IS NULL OR rr.valid_to > ?2)"
              " WHERE fa.focuspunt_id = f.id AND rr.region_id = ?1)"
              " ORDER BY x.due_on, x.id";

static void read_owned(arena *a, sqlite3_stmt *st, void *row)
{
    struct owned_action_row *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->focuspunt_id = sqlite3_column_int64(st, 1);
    x->owner_org_id = sqlite3_column_int64(st, 2);
    x->number = sqlite3_column_int(st, 3);
    x->title = db_col_dup(a, st, 4);
    x->status = db_col_dup(a, st, 5);
    x->due_on = db_col_dup(a, st, 6);
    x->notes = db_col_dup(a, st, 7);
    x->focus_title = db_col_dup(a, st, 8);
    x->period_start = db_col_dup(a, st, 9);
    x->owner_name = db_col_dup(a, st, 10);
    x->wijken = db_col_dup(a, st, 11);
    x->minutes = sqlite3_column_int64(st, 12);
}

int owned_action_list(db *d, arena *a, int64_t org_id, struct owned_action_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OWNED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, org_id);
    return db_rows(a, st, sizeof **out, read_owned, out, n);
}

int owned_action_overdue(db *d, arena *a, int64_t region_id, const char *today,
                         struct owned_action_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OVERDUE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, region_id);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_owned, out, n);
}

static const char SQL_HOURS_INSERT[] =
    "INSERT INTO focus_action_hours (action_id, org_id, worked_on, minutes, note, created_at,"
    " created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

int action_hours_insert(db *d, int64_t action_id, int64_t org_id, const char *worked_on,
                        int minutes, const char *note, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_HOURS_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, action_id);
    sqlite3_bind_int64(st, 2, org_id);
    sqlite3_bind_text(st, 3, worked_on, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, minutes);
    sqlite3_bind_text(st, 5, note ? note : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, now);
    db_bind_id(st, 7, user_id);
    return db_exec_stmt(st);
}

/* Actions of the focus points an organisation works on (focus_partner)
 * that another organisation (or nobody) owns: the shared actions it may
 * record its own hours on. */
static const char SQL_SHARED[] =
    "SELECT " OWNED_COLS " WHERE (x.owner_org_id IS NULL OR x.owner_org_id <> ?1)"
    " AND EXISTS (SELECT 1 FROM focus_partner p WHERE p.focuspunt_id = x.focuspunt_id"
    " AND p.org_id = ?1)"
    " ORDER BY x.status IN ('gereed', 'vervallen'), x.due_on IS NULL, x.due_on, x.id";
static const char SQL_COWORKERS[] =
    "SELECT p.org_id FROM focus_action x JOIN focus_partner p ON p.focuspunt_id = x.focuspunt_id"
    " WHERE x.id = ?1 ORDER BY p.org_id";

int shared_action_list(db *d, arena *a, int64_t org_id, struct owned_action_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SHARED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, org_id);
    return db_rows(a, st, sizeof **out, read_owned, out, n);
}

static void read_org_id(arena *a, sqlite3_stmt *st, void *row)
{
    (void)a;
    *(int64_t *)row = sqlite3_column_int64(st, 0);
}

int action_coworkers(db *d, arena *a, int64_t action_id, int64_t **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_COWORKERS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, action_id);
    return db_rows(a, st, sizeof **out, read_org_id, out, n);
}

#define HOURS_COLS                                                                                 \
    "h.id, h.action_id, h.org_id, h.worked_on, h.minutes, coalesce(h.created_by, 0), o.name,"      \
    " x.title, x.owner_org_id FROM focus_action_hours h JOIN organisation o ON o.id = h.org_id"    \
    " JOIN focus_action x ON x.id = h.action_id"
static const char SQL_HOURS_GET[] = "SELECT " HOURS_COLS " WHERE h.id = ?1";
static const char SQL_HOURS_OF_ACTION[] =
    "SELECT " HOURS_COLS " WHERE h.action_id = ?1 ORDER BY h.worked_on DESC, h.id DESC LIMIT 200";
static const char SQL_HOURS_UPDATE[] =
    "UPDATE focus_action_hours SET worked_on = ?2, minutes = ?3 WHERE id = ?1";
static const char SQL_HOURS_DELETE[] = "DELETE FROM focus_action_hours WHERE id = ?1";

static void read_entry(arena *a, sqlite3_stmt *st, void *row)
{
    struct action_hours_entry *h = row;
    h->id = sqlite3_column_int64(st, 0);
    h->action_id = sqlite3_column_int64(st, 1);
    h->org_id = sqlite3_column_int64(st, 2);
    h->worked_on = db_col_dup(a, st, 3);
    h->minutes = sqlite3_column_int64(st, 4);
    h->created_by = sqlite3_column_int64(st, 5);
    h->org_name = db_col_dup(a, st, 6);
    h->action_title = db_col_dup(a, st, 7);
    h->owner_org_id = sqlite3_column_int64(st, 8);
}

int action_hours_get(db *d, arena *a, int64_t id, struct action_hours_entry *out)
{
    sqlite3_stmt *st = db_stmt(d, SQL_HOURS_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_entry, out);
}

int action_hours_of(db *d, arena *a, int64_t action_id, struct action_hours_entry **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_HOURS_OF_ACTION);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, action_id);
    return db_rows(a, st, sizeof **out, read_entry, out, n);
}

int action_hours_update(db *d, int64_t id, const char *worked_on, int minutes)
{
    sqlite3_stmt *st = db_stmt(d, SQL_HOURS_UPDATE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, worked_on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, minutes);
    return db_exec_stmt(st);
}

int action_hours_delete(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_HOURS_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_exec_stmt(st);
}

static const char SQL_HOURS_BY_WIJK[] = "WITH fw AS (SELECT DISTINCT fa.focuspunt_id, " WIJK_OF(
    "ar") " AS wijk_id"
          " FROM focuspunt_area fa JOIN area ar ON ar.id = fa.area_id),"
          " cnt AS (SELECT focuspunt_id, COUNT(*) AS k FROM fw GROUP BY focuspunt_id)"
          " SELECT w.id, h.org_id, w.name, w.slug, o.name, o.kind,"
          " CAST(ROUND(SUM(h.minutes * 1.0 / c.k)) AS INTEGER)"
          " FROM focus_action_hours h JOIN focus_action x ON x.id = h.action_id"
          " JOIN fw ON fw.focuspunt_id = x.focuspunt_id JOIN cnt c ON c.focuspunt_id = "
          "x.focuspunt_id"
          " JOIN area w ON w.id = fw.wijk_id JOIN organisation o ON o.id = h.org_id"
          " WHERE h.worked_on >= ?1 AND h.worked_on < ?2 AND (?3 = 0 OR w.id = ?3)"
          " AND (?4 = 0 OR EXISTS (SELECT 1 FROM area_region rr WHERE rr.area_id = w.id"
          " AND rr.region_id = ?4 AND rr.valid_to IS NULL))"
          " GROUP BY w.id, h.org_id ORDER BY w.name, o.kind, o.name COLLATE NOCASE";

static void read_hours(arena *a, sqlite3_stmt *st, void *row)
{
    struct action_hours_row *h = row;
    h->area_id = sqlite3_column_int64(st, 0);
    h->org_id = sqlite3_column_int64(st, 1);
    h->wijk_name = db_col_dup(a, st, 2);
    h->wijk_slug = db_col_dup(a, st, 3);
    h->org_name = db_col_dup(a, st, 4);
    h->org_kind = db_col_dup(a, st, 5);
    h->minutes = sqlite3_column_int64(st, 6);
}

int action_hours_by_wijk(db *d, arena *a, int year, int64_t area_id, int64_t region_id,
                         struct action_hours_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_HOURS_BY_WIJK);
    if (!st)
        return DB_ERROR;
    char from[24], to[24];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-01-01", year + 1);
    sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, area_id);
    sqlite3_bind_int64(st, 4, region_id);
    return db_rows(a, st, sizeof **out, read_hours, out, n);
}

/* --- referrals --------------------------------------------------------------------- */

#define REF_COLS                                                                                   \
    "x.id, x.signal_id, x.org_id, x.what, x.status, x.answer, o.name, x.contact_consent,"          \
    " x.created_at, coalesce(x.closed_at, 0), c.name, w.name, s.address_text, s.description,"      \
    " coalesce(c.parent_id, c.id), s.confidential, s.intake_confidential, x.due_on,"               \
    " coalesce(x.created_by, 0), s.status, coalesce(s.owner_org_id, 0),"                           \
    " coalesce(s.owner_user_id, 0), s.closed_at IS NOT NULL"                                       \
    " FROM partner_referral x JOIN organisation o ON o.id = x.org_id"                              \
    " JOIN signal s ON s.id = x.signal_id JOIN category c ON c.id = s.category_id"                 \
    " LEFT JOIN area w ON w.id = s.wijk_id"

static const char SQL_REF_LIST[] =
    "SELECT " REF_COLS " WHERE (?1 <> 0 AND x.org_id = ?1) OR (?1 = 0 AND x.signal_id = ?2)"
    " ORDER BY x.status <> 'open', x.created_at DESC, x.id DESC";
static const char SQL_REF_GET[] = "SELECT " REF_COLS " WHERE x.id = ?1";
/* Answered since ?1, of signals held by the user ?2 (in their name or
 * referred by them) or by one of the organisations in the JSON array ?3. */
static const char SQL_REF_ANSWERED[] =
    "SELECT " REF_COLS " WHERE x.closed_at IS NOT NULL AND x.closed_at >= ?1"
    " AND (s.owner_user_id = ?2 OR x.created_by = ?2"
    "      OR s.owner_org_id IN (SELECT value FROM json_each(?3)))"
    " ORDER BY x.closed_at DESC, x.id DESC LIMIT 50";
static const char SQL_REF_OPEN_OF_SIGNAL[] =
    "SELECT count(*) FROM partner_referral WHERE signal_id = ?1 AND status = 'open'";
static const char SQL_REF_INSERT[] =
    "INSERT INTO partner_referral (signal_id, org_id, what, contact_consent, created_at,"
    " created_by, due_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
/* The e-mail addresses of the active accounts with the partner role in org ?1. */
static const char SQL_REF_ORG_MAIL[] =
    "SELECT DISTINCT u.email FROM user u JOIN user_role r ON r.user_id = u.id"
    " WHERE r.org_id = ?1 AND r.role = 'partner' AND u.disabled = 0"
    " AND u.email IS NOT NULL AND u.email <> '' ORDER BY u.email";
static const char SQL_REF_CLOSE[] =
    "UPDATE partner_referral SET status = ?2, answer = ?3, closed_at = ?4, closed_by = ?5"
    " WHERE id = ?1 AND status = 'open'";

static void read_ref(arena *a, sqlite3_stmt *st, void *row)
{
    struct partner_referral_row *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->signal_id = sqlite3_column_int64(st, 1);
    x->org_id = sqlite3_column_int64(st, 2);
    x->what = db_col_dup(a, st, 3);
    x->status = db_col_dup(a, st, 4);
    x->answer = db_col_dup(a, st, 5);
    x->org_name = db_col_dup(a, st, 6);
    x->contact_consent = sqlite3_column_int(st, 7) != 0;
    x->created_at = sqlite3_column_int64(st, 8);
    x->closed_at = sqlite3_column_int64(st, 9);
    x->category_name = db_col_dup(a, st, 10);
    x->wijk_name = db_col_dup(a, st, 11);
    x->address_text = db_col_dup(a, st, 12);
    x->description = db_col_dup(a, st, 13);
    x->main_category_id = sqlite3_column_int64(st, 14);
    x->confidential = sqlite3_column_int(st, 15) != 0;
    x->intake_confidential = sqlite3_column_int(st, 16) != 0;
    x->due_on = db_col_dup(a, st, 17);
    x->created_by = sqlite3_column_int64(st, 18);
    x->signal_status = db_col_dup(a, st, 19);
    x->signal_owner_org_id = sqlite3_column_int64(st, 20);
    x->signal_owner_user_id = sqlite3_column_int64(st, 21);
    x->signal_closed = sqlite3_column_int(st, 22) != 0;
}

int partner_referral_answered(db *d, arena *a, int64_t user_id, const char *org_ids_json,
                              int64_t since, struct partner_referral_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REF_ANSWERED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, since);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_text(st, 3, org_ids_json ? org_ids_json : "[]", -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_ref, out, n);
}

int partner_referral_open_count(db *d, int64_t signal_id, int64_t *count)
{
    *count = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_REF_OPEN_OF_SIGNAL);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, signal_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

int partner_org_mail_list(db *d, arena *a, int64_t org_id, const char ***out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REF_ORG_MAIL);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, org_id);
    return db_rows(a, st, sizeof **out, db_read_text, out, n);
}

int partner_referral_list(db *d, arena *a, int64_t org_id, int64_t signal_id,
                          struct partner_referral_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REF_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, signal_id);
    return db_rows(a, st, sizeof **out, read_ref, out, n);
}

int partner_referral_get(db *d, arena *a, int64_t id, struct partner_referral_row *x)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REF_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_ref, x);
}

int partner_referral_insert(db *d, int64_t signal_id, int64_t org_id, const char *what,
                            bool contact_consent, const char *due_on, int64_t user_id, int64_t now,
                            int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REF_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, signal_id);
    sqlite3_bind_int64(st, 2, org_id);
    sqlite3_bind_text(st, 3, what, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, contact_consent ? 1 : 0);
    sqlite3_bind_int64(st, 5, now);
    db_bind_id(st, 6, user_id);
    db_bind_text_opt(st, 7, due_on);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

int partner_referral_close(db *d, int64_t id, const char *status, const char *answer,
                           int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REF_CLOSE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, answer, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    db_bind_id(st, 5, user_id);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        return DB_NOTFOUND;
    return rc;
}

/* --- sub-tasks of signals given to a partner ------------------------------------------ */

static const char SQL_TASKS_OF_ORG[] =
    "SELECT s.id, s.parent_id, s.status, s.description, c.name, w.name, s.deadline_at,"
    " coalesce(s.closed_at, 0), s.confidential OR s.intake_confidential"
    " FROM signal s JOIN category c ON c.id = s.category_id LEFT JOIN area w ON w.id = s.wijk_id"
    " WHERE s.owner_org_id = ?1 AND s.parent_id IS NOT NULL"
    " ORDER BY s.closed_at IS NOT NULL, s.deadline_at, s.id LIMIT 200";

static void read_task(arena *a, sqlite3_stmt *st, void *row)
{
    struct partner_task_row *t = row;
    t->id = sqlite3_column_int64(st, 0);
    t->parent_id = sqlite3_column_int64(st, 1);
    t->status = db_col_dup(a, st, 2);
    t->what = db_col_dup(a, st, 3);
    t->category_name = db_col_dup(a, st, 4);
    t->wijk_name = db_col_dup(a, st, 5);
    t->deadline_at = sqlite3_column_int64(st, 6);
    t->closed_at = sqlite3_column_int64(st, 7);
    t->confidential = sqlite3_column_int(st, 8) != 0;
}

int partner_task_list(db *d, arena *a, int64_t org_id, struct partner_task_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TASKS_OF_ORG);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, org_id);
    return db_rows(a, st, sizeof **out, read_task, out, n);
}
