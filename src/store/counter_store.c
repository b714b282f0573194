/*
 * counter_store.c: SQL of the counter locations, the organisations in their
 * buildings and the contacts.
 */
#include "counter_store.h"

#include <string.h>

#define LOC_COLS                                                                                   \
    "l.id, l.name, l.address, l.kind, l.area_id, w.name, w.slug,"                                  \
    " (SELECT ar.region_id FROM area_region ar WHERE ar.area_id = l.area_id AND ar.valid_to IS"    \
    " NULL ORDER BY ar.valid_from DESC LIMIT 1),"                                                  \
    " l.active, l.hours_mon, l.hours_tue, l.hours_wed, l.hours_thu, l.hours_fri, l.hours_sat,"     \
    " l.hours_sun"

static const char SQL_LOC_LIST[] =
    "SELECT " LOC_COLS " FROM counter_location l JOIN area w ON w.id = l.area_id"
    " WHERE (?1 = 0 OR l.area_id = ?1) AND (?2 = 0 OR l.active = 1)"
    " ORDER BY l.name COLLATE NOCASE, l.id";
static const char SQL_LOC_GET[] =
    "SELECT " LOC_COLS " FROM counter_location l JOIN area w ON w.id = l.area_id"
    " WHERE l.id = ?1";

static void read_loc(arena *a, sqlite3_stmt *st, void *row)
{
    struct counter_location_row *l = row;
    l->id = sqlite3_column_int64(st, 0);
    l->name = db_col_dup(a, st, 1);
    l->address = db_col_dup(a, st, 2);
    l->kind = db_col_dup(a, st, 3);
    l->area_id = sqlite3_column_int64(st, 4);
    l->wijk_name = db_col_dup(a, st, 5);
    l->wijk_slug = db_col_dup(a, st, 6);
    l->region_id = sqlite3_column_int64(st, 7);
    l->active = sqlite3_column_int(st, 8) != 0;
    for (int i = 0; i < 7; i++) {
        const char *h = db_col_dup(a, st, 9 + i);
        l->hours[i] = h ? h : "";
    }
}

int counter_location_list(db *d, arena *a, int64_t area_id, bool active_only,
                          struct counter_location_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LOC_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int(st, 2, active_only ? 1 : 0);
    return db_rows(a, st, sizeof **out, read_loc, out, n);
}

int counter_location_get(db *d, arena *a, int64_t id, struct counter_location_row *l)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LOC_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_loc, l);
}

static const char SQL_LOC_INSERT[] =
    "INSERT INTO counter_location (name, area_id, address, kind, active, hours_mon, hours_tue,"
    " hours_wed, hours_thu, hours_fri, hours_sat, hours_sun, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char SQL_LOC_UPDATE[] =
    "UPDATE counter_location SET name = ?1, area_id = ?2, address = ?3, kind = ?4, active = ?5,"
    " hours_mon = ?6, hours_tue = ?7, hours_wed = ?8, hours_thu = ?9, hours_fri = ?10,"
    " hours_sat = ?11, hours_sun = ?12, updated_at = ?13, updated_by = ?14 WHERE id = ?15";

int counter_location_save(db *d, const struct counter_location_row *l, int64_t user_id, int64_t now,
                          int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, l->id ? SQL_LOC_UPDATE : SQL_LOC_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, l->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, l->area_id);
    sqlite3_bind_text(st, 3, l->address ? l->address : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, l->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, l->active ? 1 : 0);
    for (int i = 0; i < 7; i++)
        sqlite3_bind_text(st, 6 + i, l->hours[i] ? l->hours[i] : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 13, now);
    db_bind_id(st, 14, user_id);
    if (l->id)
        sqlite3_bind_int64(st, 15, l->id);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    if (l->id && db_changes(d) == 0)
        return DB_NOTFOUND;
    *id = l->id ? l->id : db_last_id(d);
    return DB_OK;
}

static const char SQL_LOC_BY_NAME[] = "SELECT id FROM counter_location WHERE name = ?1";

int64_t counter_location_id_by_name(db *d, const char *name)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LOC_BY_NAME);
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

#define ORG_COLS                                                                                   \
    "o.id, o.kind, o.name, o.description, o.email, o.uses_wijkregie,"                              \
    " EXISTS (SELECT 1 FROM counter_location_org b WHERE b.location_id = ?1 AND b.org_id = o.id)"

static const char SQL_BUILDING[] =
    "SELECT " ORG_COLS " FROM organisation o JOIN counter_location_org x"
    " ON x.org_id = o.id AND x.location_id = ?1"
    " ORDER BY o.name COLLATE NOCASE";
static const char SQL_REFERRAL_ORGS[] =
    "SELECT " ORG_COLS " FROM organisation o WHERE o.kind IN ('department', 'partner')"
    " ORDER BY 7 DESC, o.kind, o.name COLLATE NOCASE";
static const char SQL_ORG_GET[] = "SELECT " ORG_COLS " FROM organisation o WHERE o.id = ?2";

static void read_org(arena *a, sqlite3_stmt *st, void *row)
{
    struct counter_org_row *o = row;
    o->id = sqlite3_column_int64(st, 0);
    o->kind = db_col_dup(a, st, 1);
    o->name = db_col_dup(a, st, 2);
    o->description = db_col_dup(a, st, 3);
    o->email = db_col_dup(a, st, 4);
    o->uses_wijkregie = sqlite3_column_int(st, 5) != 0;
    o->in_building = sqlite3_column_int(st, 6) != 0;
}

int counter_building_orgs(db *d, arena *a, int64_t location_id, struct counter_org_row **out,
                          size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BUILDING);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, location_id);
    return db_rows(a, st, sizeof **out, read_org, out, n);
}

int counter_referral_orgs(db *d, arena *a, int64_t location_id, struct counter_org_row **out,
                          size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REFERRAL_ORGS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, location_id);
    return db_rows(a, st, sizeof **out, read_org, out, n);
}

int counter_org_get(db *d, arena *a, int64_t org_id, int64_t location_id, struct counter_org_row *o)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ORG_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, location_id);
    sqlite3_bind_int64(st, 2, org_id);
    return db_row(a, st, read_org, o);
}

static const char SQL_BUILDING_CLEAR[] = "DELETE FROM counter_location_org WHERE location_id = ?1";
static const char SQL_BUILDING_ADD[] =
    "INSERT OR IGNORE INTO counter_location_org (location_id, org_id) VALUES (?1, ?2)";

int counter_building_add(db *d, int64_t location_id, int64_t org_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BUILDING_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, location_id);
    sqlite3_bind_int64(st, 2, org_id);
    return db_exec_stmt(st);
}

int counter_building_set(db *d, int64_t location_id, const int64_t *org_ids, size_t n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BUILDING_CLEAR);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, location_id);
    int rc = db_exec_stmt(st);
    for (size_t i = 0; rc == DB_OK && i < n; i++)
        rc = counter_building_add(d, location_id, org_ids[i]);
    return rc;
}

static const char SQL_ORG_REGISTER[] =
    "UPDATE organisation SET description = ?2, email = ?3, uses_wijkregie = ?4 WHERE id = ?1";

int org_register_set(db *d, int64_t org_id, const char *description, const char *email,
                     bool uses_wijkregie)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ORG_REGISTER);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, org_id);
    db_bind_text_or_null(st, 2, description);
    db_bind_text_or_null(st, 3, email);
    sqlite3_bind_int(st, 4, uses_wijkregie ? 1 : 0);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_CONTACT_INSERT[] =
    "INSERT INTO counter_contact (location_id, user_id, created_at, local_date, iso_week,"
    " channel, type, product, referral, referral_org_id, same_building, warm_handoff,"
    " with_signal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

int counter_contact_insert(db *d, const struct counter_contact_row *c, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CONTACT_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, c->location_id);
    db_bind_id(st, 2, c->user_id);
    sqlite3_bind_int64(st, 3, c->created_at);
    sqlite3_bind_text(st, 4, c->local_date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, c->iso_week, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, c->channel, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, c->type, -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 8, c->product);
    db_bind_text_or_null(st, 9, c->referral);
    db_bind_id(st, 10, c->referral_org_id);
    sqlite3_bind_int(st, 11, c->same_building ? 1 : 0);
    sqlite3_bind_int(st, 12, c->warm_handoff ? 1 : 0);
    sqlite3_bind_int(st, 13, c->with_signal ? 1 : 0);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

static const char SQL_CONTACT_LAST[] =
    "SELECT id, location_id, user_id, created_at, local_date, iso_week, channel, type, product,"
    " referral, referral_org_id, same_building, warm_handoff, with_signal"
    " FROM counter_contact WHERE user_id = ?1 ORDER BY id DESC LIMIT 1";

static void read_contact(arena *a, sqlite3_stmt *st, void *row)
{
    struct counter_contact_row *c = row;
    c->id = sqlite3_column_int64(st, 0);
    c->location_id = sqlite3_column_int64(st, 1);
    c->user_id = sqlite3_column_int64(st, 2);
    c->created_at = sqlite3_column_int64(st, 3);
    c->local_date = db_col_dup(a, st, 4);
    c->iso_week = db_col_dup(a, st, 5);
    c->channel = db_col_dup(a, st, 6);
    c->type = db_col_dup(a, st, 7);
    c->product = db_col_dup(a, st, 8);
    c->referral = db_col_dup(a, st, 9);
    c->referral_org_id = sqlite3_column_int64(st, 10);
    c->same_building = sqlite3_column_int(st, 11) != 0;
    c->warm_handoff = sqlite3_column_int(st, 12) != 0;
    c->with_signal = sqlite3_column_int(st, 13) != 0;
}

int counter_contact_last(db *d, arena *a, int64_t user_id, struct counter_contact_row *c)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CONTACT_LAST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    return db_row(a, st, read_contact, c);
}

static const char SQL_CONTACT_DELETE[] = "DELETE FROM counter_contact WHERE id = ?1";

int counter_contact_delete(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CONTACT_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_CONTACTS_ON[] =
    "SELECT count(*) FROM counter_contact WHERE location_id = ?1 AND local_date = ?2";

int64_t counter_contacts_on(db *d, int64_t location_id, const char *local_date)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CONTACTS_ON);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, location_id);
    sqlite3_bind_text(st, 2, local_date, -1, SQLITE_STATIC);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

static const char SQL_COUNTS[] =
    "SELECT c.location_id, l.name, c.iso_week, c.type, count(*) FROM counter_contact c"
    " JOIN counter_location l ON l.id = c.location_id"
    " WHERE c.local_date BETWEEN ?1 AND ?2"
    " GROUP BY c.location_id, c.iso_week, c.type"
    " ORDER BY l.name COLLATE NOCASE, c.location_id, c.iso_week, c.type";

static void read_count(arena *a, sqlite3_stmt *st, void *row)
{
    struct counter_count_row *x = row;
    x->location_id = sqlite3_column_int64(st, 0);
    x->location = db_col_dup(a, st, 1);
    x->iso_week = db_col_dup(a, st, 2);
    x->type = db_col_dup(a, st, 3);
    x->count = sqlite3_column_int64(st, 4);
}

int counter_counts(db *d, arena *a, const char *from_date, const char *to_date,
                   struct counter_count_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_COUNTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, from_date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, to_date, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_count, out, n);
}

static const char SQL_REFERRALS[] =
    "SELECT l.id, l.name,"
    " (SELECT count(*) FROM counter_contact c WHERE c.location_id = l.id"
    "   AND c.type = 'verwijzing' AND c.local_date BETWEEN ?1 AND ?2),"
    " (SELECT count(*) FROM counter_contact c WHERE c.location_id = l.id"
    "   AND c.type = 'verwijzing' AND c.same_building = 1 AND c.local_date BETWEEN ?1 AND ?2)"
    " FROM counter_location l"
    " WHERE l.active = 1 OR EXISTS (SELECT 1 FROM counter_contact c WHERE c.location_id = l.id"
    "   AND c.local_date BETWEEN ?1 AND ?2)"
    " ORDER BY l.name COLLATE NOCASE, l.id";

static void read_referral(arena *a, sqlite3_stmt *st, void *row)
{
    struct counter_referral_row *x = row;
    x->location_id = sqlite3_column_int64(st, 0);
    x->location = db_col_dup(a, st, 1);
    x->referrals = sqlite3_column_int64(st, 2);
    x->same_building = sqlite3_column_int64(st, 3);
}

int counter_referrals(db *d, arena *a, const char *from_date, const char *to_date,
                      struct counter_referral_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REFERRALS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, from_date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, to_date, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_referral, out, n);
}
