/*
 * meeting_store.c: SQL of public meetings and their registrations.
 */
#include "meeting_store.h"

#include <string.h>

#define COLS                                                                                       \
    "m.id, m.area_id, m.kind, m.title, m.place, m.agenda, m.starts_at, m.ends_at, m.accessible,"   \
    " m.capacity, m.summary, ifnull(m.summary_at, 0), ifnull(m.erased_at, 0), m.created_at,"       \
    " m.updated_at, m.cancellations, a.name, a.slug,"                                              \
    " (SELECT count(*) FROM meeting_registration r WHERE r.meeting_id = m.id"                      \
    "   AND r.status = 'aangemeld'),"                                                              \
    " (SELECT count(*) FROM meeting_registration r WHERE r.meeting_id = m.id"                      \
    "   AND r.status = 'wachtlijst'),"                                                             \
    " (SELECT count(*) FROM meeting_registration r WHERE r.meeting_id = m.id"                      \
    "   AND r.status = 'aanwezig'), m.topic"

static const char SQL_LIST[] =
    "SELECT " COLS " FROM meeting m JOIN area a ON a.id = m.area_id"
    " WHERE (?1 = 0 OR m.area_id = ?1) AND (?2 = 0 OR m.starts_at >= ?2)"
    " AND (?3 = 0 OR m.starts_at < ?3)"
    " ORDER BY CASE WHEN ?4 THEN -m.starts_at ELSE m.starts_at END, m.id LIMIT ?5";
static const char SQL_GET[] =
    "SELECT " COLS " FROM meeting m JOIN area a ON a.id = m.area_id WHERE m.id = ?1";
static const char SQL_UNERASED[] = "SELECT " COLS " FROM meeting m JOIN area a ON a.id = m.area_id"
                                   " WHERE m.erased_at IS NULL AND m.ends_at < ?1 ORDER BY m.id";

static void read_meeting(arena *a, sqlite3_stmt *st, void *row)
{
    struct meeting_row *m = row;
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    m->area_id = sqlite3_column_int64(st, 1);
    m->kind = db_col_dup(a, st, 2);
    m->title = db_col_dup(a, st, 3);
    m->place = db_col_dup(a, st, 4);
    m->agenda = db_col_dup(a, st, 5);
    m->starts_at = sqlite3_column_int64(st, 6);
    m->ends_at = sqlite3_column_int64(st, 7);
    m->accessible = sqlite3_column_int(st, 8) != 0;
    m->capacity = sqlite3_column_int(st, 9);
    m->summary = db_col_dup(a, st, 10);
    m->summary_at = sqlite3_column_int64(st, 11);
    m->erased_at = sqlite3_column_int64(st, 12);
    m->created_at = sqlite3_column_int64(st, 13);
    m->updated_at = sqlite3_column_int64(st, 14);
    m->cancellations = sqlite3_column_int(st, 15);
    m->wijk_name = db_col_dup(a, st, 16);
    m->wijk_slug = db_col_dup(a, st, 17);
    m->registered = sqlite3_column_int(st, 18);
    m->waiting = sqlite3_column_int(st, 19);
    m->attended = sqlite3_column_int(st, 20);
    m->topic = db_col_dup(a, st, 21);
}

int meeting_list(db *d, arena *a, const struct meeting_filter *f, size_t limit,
                 struct meeting_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, f->area_id);
    sqlite3_bind_int64(st, 2, f->from);
    sqlite3_bind_int64(st, 3, f->to);
    sqlite3_bind_int(st, 4, f->newest_first ? 1 : 0);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)limit);
    return db_rows(a, st, sizeof **out, read_meeting, out, n);
}

int meeting_get(db *d, arena *a, int64_t id, struct meeting_row *m)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_meeting, m);
}

int meeting_unerased(db *d, arena *a, int64_t ended_before, struct meeting_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UNERASED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, ended_before);
    return db_rows(a, st, sizeof **out, read_meeting, out, n);
}

static const char SQL_INSERT[] =
    "INSERT INTO meeting (area_id, kind, title, starts_at, ends_at, place, accessible, agenda,"
    " capacity, created_at, created_by, updated_at, updated_by, topic)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, ?11, ?13)";
static const char SQL_UPDATE[] =
    "UPDATE meeting SET area_id = ?1, kind = ?2, title = ?3, starts_at = ?4, ends_at = ?5,"
    " place = ?6, accessible = ?7, agenda = ?8, capacity = ?9, updated_at = ?10,"
    " updated_by = ?11, topic = ?13 WHERE id = ?12";

static void bind_meeting(sqlite3_stmt *st, const struct meeting_row *m, int64_t user_id,
                         int64_t now)
{
    sqlite3_bind_int64(st, 1, m->area_id);
    sqlite3_bind_text(st, 2, m->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, m->title, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, m->starts_at);
    sqlite3_bind_int64(st, 5, m->ends_at);
    sqlite3_bind_text(st, 6, m->place, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, m->accessible ? 1 : 0);
    sqlite3_bind_text(st, 8, m->agenda ? m->agenda : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 9, m->capacity);
    sqlite3_bind_int64(st, 10, now);
    db_bind_id(st, 11, user_id);
    db_bind_text_opt(st, 13, m->topic);
}

int meeting_insert(db *d, const struct meeting_row *m, int64_t user_id, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    bind_meeting(st, m, user_id, now);
    int rc = db_exec_stmt(st);
    *id = rc == DB_OK ? db_last_id(d) : 0;
    return rc;
}

int meeting_update(db *d, const struct meeting_row *m, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE);
    if (!st)
        return DB_ERROR;
    bind_meeting(st, m, user_id, now);
    sqlite3_bind_int64(st, 12, m->id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_SUMMARY[] =
    "UPDATE meeting SET summary = ?2, summary_at = CASE WHEN ?2 IS NULL THEN NULL"
    " ELSE ifnull(summary_at, ?3) END, updated_at = ?3, updated_by = ?4 WHERE id = ?1";

int meeting_set_summary(db *d, int64_t id, const char *summary, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SUMMARY);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text_opt(st, 2, summary);
    sqlite3_bind_int64(st, 3, now);
    db_bind_id(st, 4, user_id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_CANCELLED[] =
    "UPDATE meeting SET cancellations = cancellations + 1 WHERE id = ?1";

int meeting_count_cancellation(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CANCELLED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_exec_stmt(st);
}

/* --- registrations ----------------------------------------------------------------------- */

#define REG_COLS                                                                                   \
    "r.id, r.meeting_id, ifnull(r.wijk_id, 0), r.channel, r.age_band, r.participant, r.status,"    \
    " r.created_at, ifnull(r.promoted_at, 0), c.name, c.email, ifnull(c.resident, 0)"
#define REG_FROM                                                                                   \
    " FROM meeting_registration r LEFT JOIN meeting_contact c ON c.registration_id = r.id"

static void read_reg(arena *a, sqlite3_stmt *st, void *row)
{
    struct meeting_reg_row *r = row;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->meeting_id = sqlite3_column_int64(st, 1);
    r->wijk_id = sqlite3_column_int64(st, 2);
    r->channel = db_col_dup(a, st, 3);
    r->age_band = db_col_dup(a, st, 4);
    r->participant = db_col_dup(a, st, 5);
    r->status = db_col_dup(a, st, 6);
    r->created_at = sqlite3_column_int64(st, 7);
    r->promoted_at = sqlite3_column_int64(st, 8);
    r->name = db_col_dup(a, st, 9);
    r->email = db_col_dup(a, st, 10);
    r->resident = sqlite3_column_int(st, 11) != 0;
}

static const char SQL_REG_INSERT[] =
    "INSERT INTO meeting_registration (meeting_id, wijk_id, channel, age_band, participant,"
    " created_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

int meeting_reg_insert(db *d, const struct meeting_reg_row *r, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REG_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, r->meeting_id);
    db_bind_id(st, 2, r->wijk_id);
    sqlite3_bind_text(st, 3, r->channel, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 4, r->age_band);
    sqlite3_bind_text(st, 5, r->participant, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, r->created_at);
    sqlite3_bind_text(st, 7, r->status, -1, SQLITE_STATIC);
    int rc = db_exec_stmt(st);
    *id = rc == DB_OK ? db_last_id(d) : 0;
    return rc;
}

static const char SQL_CONTACT_INSERT[] =
    "INSERT INTO meeting_contact (registration_id, name, email, resident, cancel_hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";

int meeting_contact_insert(db *d, int64_t reg_id, const char *name, const char *email,
                           bool resident, const char *cancel_hash)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CONTACT_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, reg_id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, email, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, resident ? 1 : 0);
    sqlite3_bind_text(st, 5, cancel_hash, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static const char SQL_REGS[] =
    "SELECT " REG_COLS REG_FROM " WHERE r.meeting_id = ?1"
    " ORDER BY CASE r.status WHEN 'aangemeld' THEN 0 WHEN 'wachtlijst' THEN 1 ELSE 2 END, r.id";

int meeting_regs(db *d, arena *a, int64_t meeting_id, struct meeting_reg_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REGS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, meeting_id);
    return db_rows(a, st, sizeof **out, read_reg, out, n);
}

static const char SQL_REG_COUNT[] =
    "SELECT count(*) FROM meeting_registration WHERE meeting_id = ?1 AND status = ?2";

int meeting_reg_count(db *d, int64_t meeting_id, const char *status, int *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REG_COUNT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, meeting_id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_REG_OF[] =
    "SELECT " REG_COLS REG_FROM " WHERE r.meeting_id = ?1 AND r.participant = ?2"
    " AND r.status <> 'aanwezig'";

int meeting_reg_of(db *d, arena *a, int64_t meeting_id, const char *participant,
                   struct meeting_reg_row *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REG_OF);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, meeting_id);
    sqlite3_bind_text(st, 2, participant, -1, SQLITE_STATIC);
    return db_row(a, st, read_reg, r);
}

static const char SQL_REG_BY_CANCEL[] = "SELECT " REG_COLS REG_FROM " WHERE c.cancel_hash = ?1";

int meeting_reg_by_cancel(db *d, arena *a, const char *cancel_hash, struct meeting_reg_row *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REG_BY_CANCEL);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, cancel_hash, -1, SQLITE_STATIC);
    return db_row(a, st, read_reg, r);
}

static const char SQL_FIRST_WAITING[] =
    "SELECT " REG_COLS REG_FROM " WHERE r.meeting_id = ?1 AND r.status = 'wachtlijst'"
    " ORDER BY r.id LIMIT 1";

int meeting_reg_first_waiting(db *d, arena *a, int64_t meeting_id, struct meeting_reg_row *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FIRST_WAITING);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, meeting_id);
    return db_row(a, st, read_reg, r);
}

static const char SQL_TYPED_BEFORE[] =
    "SELECT " REG_COLS REG_FROM " JOIN meeting m ON m.id = r.meeting_id"
    " WHERE r.status IN ('aangemeld', 'wachtlijst') AND c.resident = 0 AND r.created_at <= ?1"
    " AND m.starts_at > ?2 ORDER BY r.meeting_id, r.id";

int meeting_regs_typed_before(db *d, arena *a, int64_t created_before, int64_t now,
                              struct meeting_reg_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TYPED_BEFORE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, created_before);
    sqlite3_bind_int64(st, 2, now);
    return db_rows(a, st, sizeof **out, read_reg, out, n);
}

static const char SQL_WAITING_PLACE[] =
    "SELECT count(*) FROM meeting_registration WHERE meeting_id = ?1 AND status = 'wachtlijst'"
    " AND id <= ?2";

int meeting_reg_waiting_place(db *d, int64_t meeting_id, int64_t reg_id, int *place)
{
    sqlite3_stmt *st = db_stmt(d, SQL_WAITING_PLACE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, meeting_id);
    sqlite3_bind_int64(st, 2, reg_id);
    int rc = sqlite3_step(st);
    *place = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_PROMOTE[] = "UPDATE meeting_registration SET status = 'aangemeld',"
                                  " promoted_at = ?2 WHERE id = ?1 AND status = 'wachtlijst'";

int meeting_reg_promote(db *d, int64_t reg_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PROMOTE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, reg_id);
    sqlite3_bind_int64(st, 2, now);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_REG_DELETE[] = "DELETE FROM meeting_registration WHERE id = ?1";

int meeting_reg_delete(db *d, int64_t reg_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REG_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, reg_id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_ERASE[] = "DELETE FROM meeting_contact WHERE registration_id IN"
                                " (SELECT id FROM meeting_registration WHERE meeting_id = ?1)";
static const char SQL_ERASED[] = "UPDATE meeting SET erased_at = ?2 WHERE id = ?1";

int meeting_erase_contacts(db *d, int64_t id, int64_t now, int *erased)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ERASE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = db_exec_stmt(st);
    *erased = rc == DB_OK ? db_changes(d) : 0;
    if (rc != DB_OK || !(st = db_stmt(d, SQL_ERASED)))
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    return db_exec_stmt(st);
}
