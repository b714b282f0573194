/*
 * wijkteam_store.c: SQL of the wijkteams and their meetings.
 */
#include "wijkteam_store.h"

#include <stdio.h>
#include <string.h>

/* --- the team --------------------------------------------------------------- */

static const char SQL_TEAM_GET[] = "SELECT frequency FROM wijkteam WHERE area_id = ?1";
static const char SQL_TEAM_SET[] =
    "INSERT INTO wijkteam (area_id, frequency, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (area_id) DO UPDATE SET frequency = ?2, updated_at = ?3, updated_by = ?4";

int wt_team_get(db *d, int64_t area_id, int *frequency)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TEAM_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *frequency = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

int wt_team_set(db *d, int64_t area_id, int frequency, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TEAM_SET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int(st, 2, frequency);
    sqlite3_bind_int64(st, 3, now);
    db_bind_id(st, 4, user_id);
    return db_exec_stmt(st);
}

/* A person of the register or a staff account, with an attendance column
 * (NULL for members). */
#define PERSON_JOIN                                                                                \
    " LEFT JOIN partner_person p ON p.id = x.person_id"                                            \
    " LEFT JOIN organisation o ON o.id = p.org_id"                                                 \
    " LEFT JOIN user u ON u.id = x.user_id"
#define PERSON_COLS                                                                                \
    "x.id, x.person_id, x.user_id, p.org_id, coalesce(p.name, u.name), coalesce(p.role, ''),"      \
    " o.name"
#define PERSON_ORDER                                                                               \
    " ORDER BY x.user_id IS NOT NULL, o.name COLLATE NOCASE, 5 COLLATE NOCASE, x.id"

static const char SQL_MEMBERS[] = "SELECT " PERSON_COLS ", NULL FROM wijkteam_member x" PERSON_JOIN
                                  " WHERE x.area_id = ?1" PERSON_ORDER;
static const char SQL_MEMBERS_CLEAR[] = "DELETE FROM wijkteam_member WHERE area_id = ?1";
static const char SQL_MEMBER_ADD[] =
    "INSERT OR IGNORE INTO wijkteam_member (area_id, person_id, user_id) VALUES (?1, ?2, ?3)";
static const char SQL_ACTIVE_PEOPLE[] =
    "SELECT p.id, p.id, NULL, p.org_id, p.name, p.role, o.name, NULL FROM partner_person p"
    " JOIN organisation o ON o.id = p.org_id WHERE p.area_id = ?1 AND p.started_on <= ?2"
    " AND (p.ended_on IS NULL OR p.ended_on >= ?2) ORDER BY o.name COLLATE NOCASE,"
    " p.name COLLATE NOCASE, p.id";
static const char SQL_REGION_STAFF[] =
    "SELECT DISTINCT u.id, NULL, u.id, NULL, u.name, '', NULL, NULL FROM user u"
    " JOIN user_role r ON r.user_id = u.id WHERE r.region_id = ?1 AND u.disabled = 0"
    " AND r.role NOT IN ('bewoner', 'wijkwethouder', 'raadslid') ORDER BY u.name COLLATE NOCASE,"
    " u.id";

static void read_person(arena *a, sqlite3_stmt *st, void *row)
{
    struct wt_person_row *p = row;
    p->id = sqlite3_column_int64(st, 0);
    p->person_id = sqlite3_column_int64(st, 1);
    p->user_id = sqlite3_column_int64(st, 2);
    p->org_id = sqlite3_column_int64(st, 3);
    p->name = db_col_dup(a, st, 4);
    p->role = db_col_dup(a, st, 5);
    p->org_name = db_col_dup(a, st, 6);
    p->attendance = db_col_dup(a, st, 7);
}

static int rows_by_id(db *d, arena *a, const char *sql, int64_t id, struct wt_person_row **out,
                      size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_rows(a, st, sizeof **out, read_person, out, n);
}

int wt_members(db *d, arena *a, int64_t area_id, struct wt_person_row **out, size_t *n)
{
    return rows_by_id(d, a, SQL_MEMBERS, area_id, out, n);
}

static int exec_id(db *d, const char *sql, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_exec_stmt(st);
}

int wt_members_clear(db *d, int64_t area_id)
{
    return exec_id(d, SQL_MEMBERS_CLEAR, area_id);
}

static int add_person(db *d, const char *sql, int64_t owner, int64_t person_id, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, owner);
    db_bind_id(st, 2, person_id);
    db_bind_id(st, 3, user_id);
    return db_exec_stmt(st);
}

int wt_member_add(db *d, int64_t area_id, int64_t person_id, int64_t user_id)
{
    return add_person(d, SQL_MEMBER_ADD, area_id, person_id, user_id);
}

int wt_active_people(db *d, arena *a, int64_t area_id, const char *today,
                     struct wt_person_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ACTIVE_PEOPLE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_person, out, n);
}

int wt_region_staff(db *d, arena *a, int64_t region_id, struct wt_person_row **out, size_t *n)
{
    return rows_by_id(d, a, SQL_REGION_STAFF, region_id, out, n);
}

/* --- meetings --------------------------------------------------------------- */

#define MEETING_COLS                                                                               \
    "m.id, m.area_id, m.starts_at, m.ends_at, m.held_at, m.place, w.name, w.slug"                  \
    " FROM wijkteam_meeting m JOIN area w ON w.id = m.area_id"

static const char SQL_MEETING_INSERT[] =
    "INSERT INTO wijkteam_meeting (area_id, starts_at, ends_at, place, created_at, created_by,"
    " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)";
static const char SQL_MEETING_UPDATE[] =
    "UPDATE wijkteam_meeting SET starts_at = ?2, ends_at = ?3, place = ?4, updated_at = ?5,"
    " updated_by = ?6 WHERE id = ?1";
static const char SQL_MEETING_HELD[] =
    "UPDATE wijkteam_meeting SET held_at = coalesce(held_at, ?2), updated_at = ?2,"
    " updated_by = ?3 WHERE id = ?1";
static const char SQL_MEETING_GET[] = "SELECT " MEETING_COLS " WHERE m.id = ?1";
static const char SQL_MEETING_LIST[] =
    "SELECT " MEETING_COLS " WHERE ?1 = 0 OR m.area_id = ?1 ORDER BY m.starts_at DESC,"
    " m.id DESC LIMIT 500";
static const char SQL_MEETINGS_INVITED[] =
    "SELECT " MEETING_COLS " WHERE m.id IN (SELECT i.meeting_id FROM wijkteam_invitee i"
    " LEFT JOIN partner_person p ON p.id = i.person_id WHERE i.user_id = ?1"
    " OR p.org_id IN (SELECT value FROM json_each(?2))) ORDER BY m.starts_at DESC, m.id DESC"
    " LIMIT 100";

static void read_meeting(arena *a, sqlite3_stmt *st, void *row)
{
    struct wt_meeting_row *m = row;
    m->id = sqlite3_column_int64(st, 0);
    m->area_id = sqlite3_column_int64(st, 1);
    m->starts_at = sqlite3_column_int64(st, 2);
    m->ends_at = sqlite3_column_int64(st, 3);
    m->held_at = sqlite3_column_int64(st, 4);
    m->place = db_col_dup(a, st, 5);
    m->wijk_name = db_col_dup(a, st, 6);
    m->wijk_slug = db_col_dup(a, st, 7);
}

static void bind_meeting(sqlite3_stmt *st, const struct wt_meeting_row *m, int64_t user_id,
                         int64_t now)
{
    sqlite3_bind_int64(st, 2, m->starts_at);
    sqlite3_bind_int64(st, 3, m->ends_at);
    sqlite3_bind_text(st, 4, m->place, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, now);
    db_bind_id(st, 6, user_id);
}

int wt_meeting_insert(db *d, const struct wt_meeting_row *m, int64_t user_id, int64_t now,
                      int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEETING_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, m->area_id);
    bind_meeting(st, m, user_id, now);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

int wt_meeting_update(db *d, const struct wt_meeting_row *m, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEETING_UPDATE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, m->id);
    bind_meeting(st, m, user_id, now);
    return db_exec_stmt(st);
}

int wt_meeting_set_held(db *d, int64_t id, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEETING_HELD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    db_bind_id(st, 3, user_id);
    return db_exec_stmt(st);
}

int wt_meeting_get(db *d, arena *a, int64_t id, struct wt_meeting_row *m)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEETING_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_meeting, m);
}

int wt_meeting_list(db *d, arena *a, int64_t area_id, struct wt_meeting_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEETING_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    return db_rows(a, st, sizeof **out, read_meeting, out, n);
}

int wt_meetings_invited(db *d, arena *a, int64_t user_id, const int64_t *orgs, size_t norgs,
                        struct wt_meeting_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEETINGS_INVITED);
    if (!st)
        return DB_ERROR;
    char list[512];
    size_t len = 0;
    list[len++] = '[';
    for (size_t i = 0; i < norgs && len < sizeof list - 32; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld", i ? "," : "",
                                (long long)orgs[i]);
    list[len++] = ']';
    list[len] = '\0';
    db_bind_id(st, 1, user_id);
    sqlite3_bind_text(st, 2, list, -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_meeting, out, n);
}

/* --- invitees --------------------------------------------------------------- */

static const char SQL_INVITEES[] =
    "SELECT " PERSON_COLS ", x.attendance FROM wijkteam_invitee x" PERSON_JOIN
    " WHERE x.meeting_id = ?1" PERSON_ORDER;
static const char SQL_INVITEES_CLEAR[] = "DELETE FROM wijkteam_invitee WHERE meeting_id = ?1";
static const char SQL_INVITEE_ADD[] =
    "INSERT OR IGNORE INTO wijkteam_invitee (meeting_id, person_id, user_id) VALUES (?1, ?2, ?3)";
static const char SQL_INVITEE_ATTEND[] =
    "UPDATE wijkteam_invitee SET attendance = ?3 WHERE meeting_id = ?1 AND id = ?2";

int wt_invitees(db *d, arena *a, int64_t meeting_id, struct wt_person_row **out, size_t *n)
{
    return rows_by_id(d, a, SQL_INVITEES, meeting_id, out, n);
}

int wt_invitees_clear(db *d, int64_t meeting_id)
{
    return exec_id(d, SQL_INVITEES_CLEAR, meeting_id);
}

int wt_invitee_add(db *d, int64_t meeting_id, int64_t person_id, int64_t user_id)
{
    return add_person(d, SQL_INVITEE_ADD, meeting_id, person_id, user_id);
}

int wt_invitee_attend(db *d, int64_t meeting_id, int64_t invitee_id, const char *attendance)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INVITEE_ATTEND);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, meeting_id);
    sqlite3_bind_int64(st, 2, invitee_id);
    db_bind_text_opt(st, 3, attendance);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

/* --- agenda ----------------------------------------------------------------- */

/* A signal is named by its category and street only, and by its number
 * alone once the care network has held it (after it was put on the agenda). */
#define SIGNAL_SHOWN "(s.confidential = 0 AND s.intake_confidential = 0 AND c.confidential = 0)"
#define ITEM_COLS                                                                                  \
    "i.id, i.meeting_id, i.ref_id, i.position, f.number, i.kind, i.topic, i.minutes, i.decision,"  \
    " CASE i.kind WHEN 'focuspunt' THEN f.title WHEN 'melding' THEN"                               \
    "  CASE WHEN " SIGNAL_SHOWN " THEN c.name END WHEN 'kennis' THEN k.title"                      \
    "  WHEN 'inventaris' THEN v.source END,"                                                       \
    " CASE i.kind WHEN 'focuspunt' THEN f.period_start WHEN 'melding' THEN"                        \
    "  CASE WHEN " SIGNAL_SHOWN " THEN s.address_street END WHEN 'inventaris' THEN v.text END,"    \
    " f.status FROM wijkteam_item i"                                                               \
    " LEFT JOIN focuspunt f ON i.kind = 'focuspunt' AND f.id = i.ref_id"                           \
    " LEFT JOIN signal s ON i.kind = 'melding' AND s.id = i.ref_id"                                \
    " LEFT JOIN category c ON c.id = s.category_id"                                                \
    " LEFT JOIN wijk_knowledge k ON i.kind = 'kennis' AND k.id = i.ref_id"                         \
    " LEFT JOIN inventory_input v ON i.kind = 'inventaris' AND v.id = i.ref_id"

static const char SQL_ITEMS[] =
    "SELECT " ITEM_COLS " WHERE i.meeting_id = ?1 ORDER BY i.position, i.id";
static const char SQL_ITEM_GET[] = "SELECT " ITEM_COLS " WHERE i.meeting_id = ?1 AND i.id = ?2";
static const char SQL_ITEM_INSERT[] =
    "INSERT INTO wijkteam_item (meeting_id, position, kind, topic, ref_id) VALUES (?1,"
    " (SELECT coalesce(max(position), 0) + 1 FROM wijkteam_item WHERE meeting_id = ?1), ?2, ?3,"
    " ?4)";
static const char SQL_ITEM_SET[] =
    "UPDATE wijkteam_item SET minutes = ?2, decision = ?3 WHERE id = ?1";
static const char SQL_ITEM_ACTION_ADD[] =
    "INSERT INTO wijkteam_item_action (item_id, action_id) VALUES (?1, ?2)";
static const char SQL_ITEM_ACTIONS[] =
    "SELECT ia.item_id, a.id, a.title, f.id, coalesce(f.number, 0), f.period_start, f.title,"
    " f.status FROM wijkteam_item_action ia JOIN wijkteam_item i ON i.id = ia.item_id"
    " JOIN focus_action a ON a.id = ia.action_id JOIN focuspunt f ON f.id = a.focuspunt_id"
    " WHERE i.meeting_id = ?1 ORDER BY ia.item_id, a.id";

static void read_item(arena *a, sqlite3_stmt *st, void *row)
{
    struct wt_item_row *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->meeting_id = sqlite3_column_int64(st, 1);
    x->ref_id = sqlite3_column_int64(st, 2);
    x->position = sqlite3_column_int(st, 3);
    x->ref_number = sqlite3_column_int(st, 4);
    x->kind = db_col_dup(a, st, 5);
    x->topic = db_col_dup(a, st, 6);
    x->minutes = db_col_dup(a, st, 7);
    x->decision = db_col_dup(a, st, 8);
    x->ref_title = db_col_dup(a, st, 9);
    x->ref_extra = db_col_dup(a, st, 10);
    x->ref_status = db_col_dup(a, st, 11);
}

int wt_items(db *d, arena *a, int64_t meeting_id, struct wt_item_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ITEMS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, meeting_id);
    return db_rows(a, st, sizeof **out, read_item, out, n);
}

int wt_item_get(db *d, arena *a, int64_t meeting_id, int64_t item_id, struct wt_item_row *out)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ITEM_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, meeting_id);
    sqlite3_bind_int64(st, 2, item_id);
    return db_row(a, st, read_item, out);
}

int wt_item_insert(db *d, int64_t meeting_id, const char *kind, const char *topic, int64_t ref_id,
                   int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ITEM_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, meeting_id);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, topic ? topic : "", -1, SQLITE_TRANSIENT);
    db_bind_id(st, 4, ref_id);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

int wt_item_set(db *d, int64_t item_id, const char *minutes, const char *decision)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ITEM_SET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, item_id);
    sqlite3_bind_text(st, 2, minutes ? minutes : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, decision ? decision : "", -1, SQLITE_TRANSIENT);
    return db_exec_stmt(st);
}

int wt_item_action_add(db *d, int64_t item_id, int64_t action_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ITEM_ACTION_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, item_id);
    sqlite3_bind_int64(st, 2, action_id);
    return db_exec_stmt(st);
}

static void read_item_action(arena *a, sqlite3_stmt *st, void *row)
{
    struct wt_item_action_row *x = row;
    x->item_id = sqlite3_column_int64(st, 0);
    x->action_id = sqlite3_column_int64(st, 1);
    x->title = db_col_dup(a, st, 2);
    x->focus_id = sqlite3_column_int64(st, 3);
    x->focus_number = sqlite3_column_int(st, 4);
    x->focus_period = db_col_dup(a, st, 5);
    x->focus_title = db_col_dup(a, st, 6);
    x->focus_status = db_col_dup(a, st, 7);
}

int wt_item_actions(db *d, arena *a, int64_t meeting_id, struct wt_item_action_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ITEM_ACTIONS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, meeting_id);
    return db_rows(a, st, sizeof **out, read_item_action, out, n);
}

/* --- references ------------------------------------------------------------- */

static const char SQL_SIGNAL_REF[] =
    "SELECT s.id, coalesce(s.wijk_id, 0), s.confidential OR s.intake_confidential"
    " OR c.confidential OR coalesce(pc.confidential, 0)"
    " OR EXISTS (SELECT 1 FROM signal_event e WHERE e.signal_id = s.id AND e.confidential)"
    " FROM signal s JOIN category c ON c.id = s.category_id"
    " LEFT JOIN category pc ON pc.id = c.parent_id WHERE s.id = ?1";
static const char SQL_FOCUS_IN_WIJK[] =
    "SELECT EXISTS (SELECT 1 FROM focuspunt_area fa JOIN area x ON x.id = fa.area_id"
    " WHERE fa.focuspunt_id = ?1 AND (x.id = ?2 OR x.parent_id = ?2))";
static const char SQL_KNOWLEDGE_IN_WIJK[] =
    "SELECT EXISTS (SELECT 1 FROM wijk_knowledge WHERE id = ?1 AND area_id = ?2)";
static const char SQL_INVENTORY_IN_WIJK[] =
    "SELECT EXISTS (SELECT 1 FROM inventory_input WHERE id = ?1 AND wijk_id = ?2)";
static const char SQL_FOCUS_CHOICES[] =
    "SELECT DISTINCT f.id, coalesce(f.number, 0), f.title, f.period_start FROM focuspunt f"
    " JOIN focuspunt_area fa ON fa.focuspunt_id = f.id JOIN area x ON x.id = fa.area_id"
    " WHERE (x.id = ?1 OR x.parent_id = ?1) AND f.status IN ('vastgesteld', 'lopend')"
    " ORDER BY f.period_start DESC, f.number";
static const char SQL_KNOWLEDGE_CHOICES[] =
    "SELECT id, 0, title, kind FROM wijk_knowledge WHERE area_id = ?1 ORDER BY kind, position, id";
/* the newest first, as the inventory page lists them */
static const char SQL_INVENTORY_CHOICES[] =
    "SELECT id, 0, text, source FROM inventory_input WHERE wijk_id = ?1"
    " ORDER BY entered_at DESC, id DESC LIMIT 200";

int wt_signal_ref(db *d, int64_t id, struct wt_signal_ref *s)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SIGNAL_REF);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        s->id = sqlite3_column_int64(st, 0);
        s->wijk_id = sqlite3_column_int64(st, 1);
        s->confidential = sqlite3_column_int(st, 2) != 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static int exists2(db *d, const char *sql, int64_t a1, int64_t a2)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, a1);
    sqlite3_bind_int64(st, 2, a2);
    int rc = sqlite3_step(st);
    int v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return v < 0 ? -DB_ERROR : v;
}

int wt_focus_in_wijk(db *d, int64_t focus_id, int64_t area_id)
{
    return exists2(d, SQL_FOCUS_IN_WIJK, focus_id, area_id);
}

int wt_knowledge_in_wijk(db *d, int64_t id, int64_t area_id)
{
    return exists2(d, SQL_KNOWLEDGE_IN_WIJK, id, area_id);
}

int wt_inventory_in_wijk(db *d, int64_t id, int64_t area_id)
{
    return exists2(d, SQL_INVENTORY_IN_WIJK, id, area_id);
}

static void read_choice(arena *a, sqlite3_stmt *st, void *row)
{
    struct wt_choice *c = row;
    c->id = sqlite3_column_int64(st, 0);
    c->number = sqlite3_column_int(st, 1);
    c->title = db_col_dup(a, st, 2);
    c->extra = db_col_dup(a, st, 3);
}

static int choices(db *d, arena *a, const char *sql, int64_t area_id, struct wt_choice **out,
                   size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    return db_rows(a, st, sizeof **out, read_choice, out, n);
}

int wt_focus_choices(db *d, arena *a, int64_t area_id, struct wt_choice **out, size_t *n)
{
    return choices(d, a, SQL_FOCUS_CHOICES, area_id, out, n);
}

int wt_knowledge_choices(db *d, arena *a, int64_t area_id, struct wt_choice **out, size_t *n)
{
    return choices(d, a, SQL_KNOWLEDGE_CHOICES, area_id, out, n);
}

int wt_inventory_choices(db *d, arena *a, int64_t area_id, struct wt_choice **out, size_t *n)
{
    return choices(d, a, SQL_INVENTORY_CHOICES, area_id, out, n);
}

/* --- the monitor ------------------------------------------------------------ */

#define REGION_WIJKEN                                                                              \
    "SELECT w.id, w.name, w.slug FROM area w JOIN area_region ar ON ar.area_id = w.id"             \
    " WHERE w.kind = 'wijk' AND ar.region_id = ?1 AND ar.valid_from <= ?4"                         \
    " AND (ar.valid_to IS NULL OR ar.valid_to > ?4) AND w.valid_from <= ?4"                        \
    " AND (w.valid_to IS NULL OR w.valid_to > ?4)"

static const char SQL_COUNTS[] =
    "SELECT w.id, w.name, w.slug, coalesce(t.frequency, 0),"
    " (SELECT count(*) FROM wijkteam_meeting m WHERE m.area_id = w.id AND m.starts_at >= ?2"
    "  AND m.starts_at < ?3),"
    " (SELECT count(*) FROM wijkteam_meeting m WHERE m.area_id = w.id AND m.starts_at >= ?2"
    "  AND m.starts_at < ?3 AND m.held_at IS NOT NULL)"
    " FROM (" REGION_WIJKEN ") w LEFT JOIN wijkteam t ON t.area_id = w.id ORDER BY w.name";
static const char SQL_ATTENDANCE[] =
    "SELECT coalesce(p.org_id, 0), o.name, count(*), sum(i.attendance = 'aanwezig'),"
    " sum(i.attendance = 'afgemeld'), sum(i.attendance IS NULL OR i.attendance = 'afwezig')"
    " FROM wijkteam_invitee i JOIN wijkteam_meeting m ON m.id = i.meeting_id"
    " LEFT JOIN partner_person p ON p.id = i.person_id"
    " LEFT JOIN organisation o ON o.id = p.org_id"
    " WHERE m.held_at IS NOT NULL AND m.starts_at >= ?2 AND m.starts_at < ?3"
    " AND m.area_id IN (SELECT id FROM (" REGION_WIJKEN "))"
    " GROUP BY coalesce(p.org_id, 0) ORDER BY coalesce(p.org_id, 0) = 0, o.name COLLATE NOCASE";

static void read_count(arena *a, sqlite3_stmt *st, void *row)
{
    struct wt_count_row *c = row;
    c->area_id = sqlite3_column_int64(st, 0);
    c->wijk_name = db_col_dup(a, st, 1);
    c->wijk_slug = db_col_dup(a, st, 2);
    c->frequency = sqlite3_column_int(st, 3);
    c->planned = sqlite3_column_int(st, 4);
    c->held = sqlite3_column_int(st, 5);
}

static void read_attend(arena *a, sqlite3_stmt *st, void *row)
{
    struct wt_attend_row *c = row;
    c->org_id = sqlite3_column_int64(st, 0);
    c->org_name = db_col_dup(a, st, 1);
    c->invited = sqlite3_column_int(st, 2);
    c->present = sqlite3_column_int(st, 3);
    c->excused = sqlite3_column_int(st, 4);
    c->absent = sqlite3_column_int(st, 5);
}

static sqlite3_stmt *year_stmt(db *d, const char *sql, int64_t region_id, int64_t from, int64_t to,
                               const char *today)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, region_id);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    sqlite3_bind_text(st, 4, today, -1, SQLITE_TRANSIENT);
    return st;
}

int wt_counts(db *d, arena *a, int64_t region_id, int64_t from, int64_t to, const char *today,
              struct wt_count_row **out, size_t *n)
{
    sqlite3_stmt *st = year_stmt(d, SQL_COUNTS, region_id, from, to, today);
    return st ? db_rows(a, st, sizeof **out, read_count, out, n) : DB_ERROR;
}

int wt_attendance(db *d, arena *a, int64_t region_id, int64_t from, int64_t to, const char *today,
                  struct wt_attend_row **out, size_t *n)
{
    sqlite3_stmt *st = year_stmt(d, SQL_ATTENDANCE, region_id, from, to, today);
    return st ? db_rows(a, st, sizeof **out, read_attend, out, n) : DB_ERROR;
}
