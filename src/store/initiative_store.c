/*
 * initiative_store.c: SQL for residents' initiatives, the mandate table and
 * the wijk budgets (see initiative_store.h).
 */
#include "initiative_store.h"

#include <stdio.h>
#include <string.h>

#define I_COLUMNS                                                                                  \
    "i.id, i.token_hash, i.state, i.applicant_name, i.applicant_email, i.applicant_phone,"         \
    " i.applicant_address, i.organisation, i.iban, i.iban_holder, i.title, i.description,"         \
    " ifnull(i.wijk_id, 0), i.activity_date, i.activity_place, ifnull(i.participants, -1),"        \
    " ifnull(i.neighbours, -1), i.own_cents, i.other_cents, i.other_funding, i.consent_publish,"   \
    " i.channel, ifnull(i.entered_by, 0), i.requested_cents, i.granted_cents, i.paid_cents,"       \
    " ifnull(i.budget_year, 0), ifnull(i.decided_by, 0), i.reject_reason, i.alternative,"          \
    " i.alternative_text, i.created_at, ifnull(i.submitted_at, 0), ifnull(i.decided_at, 0),"       \
    " i.state_since, i.demo, a.name, a.slug, i.published, i.public_summary, i.report_text,"        \
    " ifnull(i.report_participants, -1), i.report_photo, i.report_thumb, ifnull(i.reported_at, "   \
    "0),"                                                                                          \
    " i.receipts_asked, i.receipt_photo, i.receipt_thumb"                                          \
    " FROM initiative i LEFT JOIN area a ON a.id = i.wijk_id"

static void read_initiative(arena *a, sqlite3_stmt *st, void *row)
{
    struct initiative_row *r = row;
    int c = 0;
    r->id = sqlite3_column_int64(st, c++);
    r->token_hash = db_col_dup(a, st, c++);
    r->state = db_col_dup(a, st, c++);
    r->applicant_name = db_col_dup(a, st, c++);
    r->applicant_email = db_col_dup(a, st, c++);
    r->applicant_phone = db_col_dup(a, st, c++);
    r->applicant_address = db_col_dup(a, st, c++);
    r->organisation = db_col_dup(a, st, c++);
    r->iban = db_col_dup(a, st, c++);
    r->iban_holder = db_col_dup(a, st, c++);
    r->title = db_col_dup(a, st, c++);
    r->description = db_col_dup(a, st, c++);
    r->wijk_id = sqlite3_column_int64(st, c++);
    r->activity_date = db_col_dup(a, st, c++);
    r->activity_place = db_col_dup(a, st, c++);
    r->participants = sqlite3_column_int64(st, c++);
    r->neighbours = sqlite3_column_int64(st, c++);
    r->own_cents = sqlite3_column_int64(st, c++);
    r->other_cents = sqlite3_column_int64(st, c++);
    r->other_funding = db_col_dup(a, st, c++);
    r->consent_publish = sqlite3_column_int(st, c++) != 0;
    r->channel = db_col_dup(a, st, c++);
    r->entered_by = sqlite3_column_int64(st, c++);
    r->requested_cents = sqlite3_column_int64(st, c++);
    r->granted_cents = sqlite3_column_int64(st, c++);
    r->paid_cents = sqlite3_column_int64(st, c++);
    r->budget_year = sqlite3_column_int64(st, c++);
    r->decided_by = sqlite3_column_int64(st, c++);
    r->reject_reason = db_col_dup(a, st, c++);
    r->alternative = db_col_dup(a, st, c++);
    r->alternative_text = db_col_dup(a, st, c++);
    r->created_at = sqlite3_column_int64(st, c++);
    r->submitted_at = sqlite3_column_int64(st, c++);
    r->decided_at = sqlite3_column_int64(st, c++);
    r->state_since = sqlite3_column_int64(st, c++);
    r->demo = sqlite3_column_int(st, c++) != 0;
    r->wijk_name = db_col_dup(a, st, c++);
    r->wijk_slug = db_col_dup(a, st, c++);
    r->published = sqlite3_column_int(st, c++) != 0;
    r->public_summary = db_col_dup(a, st, c++);
    r->report_text = db_col_dup(a, st, c++);
    r->report_participants = sqlite3_column_int64(st, c++);
    r->report_photo = db_col_dup(a, st, c++);
    r->report_thumb = db_col_dup(a, st, c++);
    r->reported_at = sqlite3_column_int64(st, c++);
    r->receipts_asked = sqlite3_column_int(st, c++) != 0;
    r->receipt_photo = db_col_dup(a, st, c++);
    r->receipt_thumb = db_col_dup(a, st, c++);
}

static void bind_opt_int(sqlite3_stmt *st, int i, int64_t v)
{
    if (v < 0)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, v);
}

/* The content columns, bound from ?2 on (?1 is the id or the token). */
#define CONTENT_SET                                                                                \
    "applicant_name = ?2, applicant_email = ?3, applicant_phone = ?4, applicant_address = ?5,"     \
    " organisation = ?6, iban = ?7, iban_holder = ?8, title = ?9, description = ?10,"              \
    " wijk_id = ?11, activity_date = ?12, activity_place = ?13, participants = ?14,"               \
    " neighbours = ?15, own_cents = ?16, other_cents = ?17, other_funding = ?18,"                  \
    " consent_publish = ?19, channel = ?20, requested_cents = ?21"

static void bind_content(sqlite3_stmt *st, const struct initiative_row *r)
{
    db_bind_text_opt(st, 2, r->applicant_name);
    db_bind_text_opt(st, 3, r->applicant_email);
    db_bind_text_opt(st, 4, r->applicant_phone);
    db_bind_text_opt(st, 5, r->applicant_address);
    db_bind_text_opt(st, 6, r->organisation);
    db_bind_text_opt(st, 7, r->iban);
    db_bind_text_opt(st, 8, r->iban_holder);
    sqlite3_bind_text(st, 9, r->title ? r->title : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 10, r->description ? r->description : "", -1, SQLITE_TRANSIENT);
    db_bind_id(st, 11, r->wijk_id);
    db_bind_text_opt(st, 12, r->activity_date);
    db_bind_text_opt(st, 13, r->activity_place);
    bind_opt_int(st, 14, r->participants);
    bind_opt_int(st, 15, r->neighbours);
    sqlite3_bind_int64(st, 16, r->own_cents);
    sqlite3_bind_int64(st, 17, r->other_cents);
    db_bind_text_opt(st, 18, r->other_funding);
    sqlite3_bind_int(st, 19, r->consent_publish ? 1 : 0);
    sqlite3_bind_text(st, 20, r->channel ? r->channel : "web", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 21, r->requested_cents);
}

static const char SQL_INSERT[] =
    "INSERT INTO initiative (token_hash, state, created_at, state_since, entered_by, demo,"
    " submitted_at) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)";
static const char SQL_UPDATE_CONTENT[] = "UPDATE initiative SET " CONTENT_SET " WHERE id = ?1";

int initiative_insert(db *d, const struct initiative_row *r, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, r->token_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, r->state, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, r->created_at);
    db_bind_id(st, 4, r->entered_by);
    sqlite3_bind_int(st, 5, r->demo ? 1 : 0);
    db_bind_id(st, 6, r->submitted_at);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    *id = db_last_id(d);
    struct initiative_row copy = *r;
    copy.id = *id;
    return initiative_update_content(d, &copy);
}

int initiative_update_content(db *d, const struct initiative_row *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE_CONTENT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, r->id);
    bind_content(st, r);
    return db_exec_stmt(st);
}

static const char SQL_LINES_DELETE[] = "DELETE FROM initiative_line WHERE initiative_id = ?1";
static const char SQL_LINE_INSERT[] = "INSERT INTO initiative_line (initiative_id, position,"
                                      " description, amount_cents) VALUES (?1, ?2, ?3, ?4)";

int initiative_replace_lines(db *d, int64_t id, const struct initiative_line_row *lines, size_t n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LINES_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = db_exec_stmt(st);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (!(st = db_stmt(d, SQL_LINE_INSERT)))
            return DB_ERROR;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_text(st, 3, lines[i].description, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 4, lines[i].amount_cents);
        rc = db_exec_stmt(st);
    }
    return rc;
}

static const char SQL_GET[] = "SELECT " I_COLUMNS " WHERE i.id = ?1";
static const char SQL_GET_TOKEN[] = "SELECT " I_COLUMNS " WHERE i.token_hash = ?1";

int initiative_get(db *d, arena *a, int64_t id, struct initiative_row *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    memset(r, 0, sizeof *r);
    return db_row(a, st, read_initiative, r);
}

int initiative_get_by_token(db *d, arena *a, const char *token_hash, struct initiative_row *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET_TOKEN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_TRANSIENT);
    memset(r, 0, sizeof *r);
    return db_row(a, st, read_initiative, r);
}

static void read_line(arena *a, sqlite3_stmt *st, void *row)
{
    struct initiative_line_row *l = row;
    l->description = db_col_dup(a, st, 0);
    l->amount_cents = sqlite3_column_int64(st, 1);
}

static const char SQL_LINES[] = "SELECT description, amount_cents FROM initiative_line"
                                " WHERE initiative_id = ?1 ORDER BY position";

int initiative_lines(db *d, arena *a, int64_t id, struct initiative_line_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LINES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_rows(a, st, sizeof **out, read_line, out, n);
}

static void read_event(arena *a, sqlite3_stmt *st, void *row)
{
    struct initiative_event_row *e = row;
    e->at = sqlite3_column_int64(st, 0);
    e->user_id = sqlite3_column_int64(st, 1);
    e->user_name = db_col_dup(a, st, 2);
    e->kind = db_col_dup(a, st, 3);
    e->from_state = db_col_dup(a, st, 4);
    e->to_state = db_col_dup(a, st, 5);
    e->text = db_col_dup(a, st, 6);
    e->amount_cents = sqlite3_column_int64(st, 7);
}

static const char SQL_EVENTS[] =
    "SELECT e.at, ifnull(e.user_id, 0), u.name, e.kind, e.from_state, e.to_state, e.text,"
    " ifnull(e.amount_cents, -1) FROM initiative_event e LEFT JOIN user u ON u.id = e.user_id"
    " WHERE e.initiative_id = ?1 ORDER BY e.at, e.id";

int initiative_events(db *d, arena *a, int64_t id, struct initiative_event_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_EVENTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_rows(a, st, sizeof **out, read_event, out, n);
}

static const char SQL_EVENT_ADD[] =
    "INSERT INTO initiative_event (initiative_id, at, user_id, kind, from_state, to_state, text,"
    " amount_cents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

int initiative_add_event(db *d, int64_t id, int64_t at, int64_t user_id, const char *kind,
                         const char *from_state, const char *to_state, const char *text,
                         int64_t amount_cents)
{
    sqlite3_stmt *st = db_stmt(d, SQL_EVENT_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, at);
    db_bind_id(st, 3, user_id);
    sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 5, from_state);
    db_bind_text_opt(st, 6, to_state);
    db_bind_text_opt(st, 7, text);
    bind_opt_int(st, 8, amount_cents);
    return db_exec_stmt(st);
}

static const char SQL_MOVE[] =
    "UPDATE initiative SET state = ?3, state_since = ?4,"
    " submitted_at = CASE WHEN ?3 = 'ingediend' AND submitted_at IS NULL THEN ?4"
    " ELSE submitted_at END WHERE id = ?1 AND state = ?2";

int initiative_move(db *d, int64_t id, const char *from, const char *to, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MOVE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) != 1 ? DB_NOTFOUND : rc;
}

static const char SQL_DECIDE[] =
    "UPDATE initiative SET state = ?3, state_since = ?4, decided_at = ?4, decided_by = ?5,"
    " granted_cents = ?6, budget_year = ?7, reject_reason = ?8, alternative = ?9,"
    " alternative_text = ?10 WHERE id = ?1 AND state = ?2";

int initiative_record_decision(db *d, int64_t id, const char *from, const char *to, int64_t now,
                               int64_t user_id, int64_t granted_cents, int64_t budget_year,
                               const char *reason, const char *alternative,
                               const char *alternative_text)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DECIDE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    db_bind_id(st, 5, user_id);
    sqlite3_bind_int64(st, 6, granted_cents);
    db_bind_id(st, 7, budget_year);
    db_bind_text_opt(st, 8, reason);
    db_bind_text_opt(st, 9, alternative);
    db_bind_text_opt(st, 10, alternative_text);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) != 1 ? DB_NOTFOUND : rc;
}

static const char SQL_ADD_PAID[] = "UPDATE initiative SET paid_cents = paid_cents + ?2"
                                   " WHERE id = ?1 AND paid_cents + ?2 <= granted_cents";

int initiative_add_paid(db *d, int64_t id, int64_t cents)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ADD_PAID);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, cents);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) != 1 ? DB_NOTFOUND : rc;
}

/* The regions come as a JSON array of ids, so one prepared statement
 * serves any number of them. */
static const char SQL_LIST[] =
    "SELECT " I_COLUMNS " WHERE i.state <> 'concept'"
    " AND (?1 IS NULL OR i.state = ?1) AND (?2 = 0 OR i.wijk_id = ?2)"
    " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM area_region ar WHERE ar.area_id = i.wijk_id"
    "  AND ar.valid_from <= ?4 AND (ar.valid_to IS NULL OR ar.valid_to > ?4)"
    "  AND ar.region_id IN (SELECT value FROM json_each(?3))))"
    " AND (?5 = 0 OR i.state IN ('ingediend', 'in_behandeling', 'vragen', 'toegekend',"
    "  'deels_toegekend', 'uitgevoerd'))"
    " AND (?7 = 0 OR (i.decided_at < ?7 AND i.state IN ('toegekend', 'deels_toegekend',"
    "  'uitgevoerd')))"
    " AND (?8 = 0 OR EXISTS (SELECT 1 FROM initiative_objection o WHERE o.initiative_id = i.id"
    "  AND o.outcome IS NULL))"
    " ORDER BY i.state_since, i.id LIMIT ?6";

int initiative_list(db *d, arena *a, const struct initiative_filter *f, size_t limit,
                    struct initiative_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    db_bind_text_opt(st, 1, f->state);
    sqlite3_bind_int64(st, 2, f->wijk_id);
    if (f->regions) {
        char ids[1024];
        size_t o = 0;
        ids[o++] = '[';
        for (size_t i = 0; i < f->nregions && o + 24 < sizeof ids; i++) {
            int k =
                snprintf(ids + o, sizeof ids - o, "%s%lld", i ? "," : "", (long long)f->regions[i]);
            if (k > 0)
                o += (size_t)k;
        }
        ids[o++] = ']';
        ids[o] = '\0';
        sqlite3_bind_text(st, 3, ids, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(st, 3);
    }
    sqlite3_bind_text(st, 4, f->on ? f->on : "9999-12-31", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, f->open_only ? 1 : 0);
    sqlite3_bind_int64(st, 6, (int64_t)limit);
    sqlite3_bind_int64(st, 7, f->decided_before);
    sqlite3_bind_int(st, 8, f->objection_open ? 1 : 0);
    return db_rows(a, st, sizeof **out, read_initiative, out, n);
}

static const char SQL_PUBLISH[] =
    "UPDATE initiative SET published = 1, public_summary = ?2 WHERE id = ?1";

int initiative_set_published(db *d, int64_t id, const char *summary)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PUBLISH);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text_opt(st, 2, summary);
    return db_exec_stmt(st);
}

static const char SQL_REPORT[] =
    "UPDATE initiative SET report_text = ?2, report_participants = ?3,"
    " report_photo = ifnull(?4, report_photo), report_thumb = ifnull(?5, report_thumb),"
    " reported_at = ?6 WHERE id = ?1";

int initiative_set_report(db *d, int64_t id, const char *text, int64_t participants,
                          const char *photo, const char *thumb, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REPORT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text_opt(st, 2, text);
    bind_opt_int(st, 3, participants);
    db_bind_text_opt(st, 4, photo);
    db_bind_text_opt(st, 5, thumb);
    sqlite3_bind_int64(st, 6, now);
    return db_exec_stmt(st);
}

static const char SQL_PUBLISHED[] =
    "SELECT " I_COLUMNS " WHERE i.published = 1 AND i.consent_publish = 1"
    " AND i.state IN ('toegekend', 'deels_toegekend', 'uitgevoerd', 'verantwoord')"
    " AND (?1 = 0 OR i.wijk_id = ?1) ORDER BY i.decided_at DESC, i.id DESC LIMIT ?2";

int initiative_published_list(db *d, arena *a, int64_t wijk_id, size_t limit,
                              struct initiative_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PUBLISHED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, wijk_id);
    sqlite3_bind_int64(st, 2, (int64_t)limit);
    return db_rows(a, st, sizeof **out, read_initiative, out, n);
}

static const char SQL_REGION_OF[] =
    "SELECT region_id FROM area_region WHERE area_id = ?1 AND valid_from <= ?2"
    " AND (valid_to IS NULL OR valid_to > ?2) LIMIT 1";

int64_t initiative_region_of(db *d, int64_t wijk_id, const char *on)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REGION_OF);
    if (!st || !wijk_id)
        return 0;
    sqlite3_bind_int64(st, 1, wijk_id);
    sqlite3_bind_text(st, 2, on, -1, SQLITE_TRANSIENT);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return v;
}

static void read_mandate(arena *a, sqlite3_stmt *st, void *row)
{
    struct mandate_row *m = row;
    m->id = sqlite3_column_int64(st, 0);
    m->role = db_col_dup(a, st, 1);
    m->region_id = sqlite3_column_int64(st, 2);
    m->max_cents = sqlite3_column_int64(st, 3);
    m->college_decision = db_col_dup(a, st, 4);
    m->valid_from = db_col_dup(a, st, 5);
    m->valid_to = db_col_dup(a, st, 6);
}

static const char SQL_MANDATES[] =
    "SELECT id, role, ifnull(region_id, 0), ifnull(max_cents, -1), college_decision, valid_from,"
    " valid_to FROM grant_mandate WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to > ?1)"
    " ORDER BY role, region_id, id";

int mandate_list(db *d, arena *a, const char *on, struct mandate_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MANDATES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, on, -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_mandate, out, n);
}

static const char SQL_MANDATE_HISTORY[] =
    "SELECT id, role, ifnull(region_id, 0), ifnull(max_cents, -1), college_decision, valid_from,"
    " valid_to FROM grant_mandate ORDER BY role, ifnull(region_id, 0), valid_from DESC, id DESC";

int mandate_history(db *d, arena *a, struct mandate_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MANDATE_HISTORY);
    if (!st)
        return DB_ERROR;
    return db_rows(a, st, sizeof **out, read_mandate, out, n);
}

static const char SQL_MANDATE_CURRENT[] =
    "SELECT id, role, ifnull(region_id, 0), ifnull(max_cents, -1), college_decision, valid_from,"
    " valid_to FROM grant_mandate WHERE role = ?1 AND ifnull(region_id, 0) = ?2"
    " AND valid_from <= ?3 AND (valid_to IS NULL OR valid_to > ?3) ORDER BY id DESC LIMIT 1";

int mandate_current(db *d, arena *a, const char *role, int64_t region_id, const char *on,
                    struct mandate_row *m)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MANDATE_CURRENT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, role, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, region_id);
    sqlite3_bind_text(st, 3, on, -1, SQLITE_TRANSIENT);
    memset(m, 0, sizeof *m);
    return db_row(a, st, read_mandate, m);
}

static const char SQL_MANDATE_CLOSE[] = "UPDATE grant_mandate SET valid_to = ?2 WHERE id = ?1";

int mandate_close(db *d, int64_t id, const char *on)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MANDATE_CLOSE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, on, -1, SQLITE_TRANSIENT);
    return db_exec_stmt(st);
}

static const char SQL_MANDATE_INSERT[] =
    "INSERT INTO grant_mandate (role, region_id, max_cents, college_decision, valid_from)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";

int mandate_insert(db *d, const char *role, int64_t region_id, int64_t max_cents,
                   const char *college_decision, const char *on, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MANDATE_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, role, -1, SQLITE_TRANSIENT);
    if (region_id)
        sqlite3_bind_int64(st, 2, region_id);
    else
        sqlite3_bind_null(st, 2);
    if (max_cents >= 0)
        sqlite3_bind_int64(st, 3, max_cents);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, college_decision, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, on, -1, SQLITE_TRANSIENT);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

static void read_budget(arena *a, sqlite3_stmt *st, void *row)
{
    struct wijk_budget_row *b = row;
    b->area_id = sqlite3_column_int64(st, 0);
    b->year = sqlite3_column_int64(st, 1);
    b->amount_cents = sqlite3_column_int64(st, 2);
    b->flexible_cents = sqlite3_column_int64(st, 3);
    b->committed_cents = sqlite3_column_int64(st, 4);
    b->paid_cents = sqlite3_column_int64(st, 5);
    b->demo = sqlite3_column_int(st, 6) != 0;
    b->wijk_name = db_col_dup(a, st, 7);
}

#define B_COLUMNS                                                                                  \
    "b.area_id, b.year, b.amount_cents, b.flexible_cents, b.committed_cents, b.paid_cents,"        \
    " b.demo, a.name FROM wijk_budget b JOIN area a ON a.id = b.area_id"
static const char SQL_BUDGET_GET[] = "SELECT " B_COLUMNS " WHERE b.area_id = ?1 AND b.year = ?2";
static const char SQL_BUDGET_LIST[] = "SELECT " B_COLUMNS " WHERE b.year = ?1 ORDER BY a.name";

int wijk_budget_get(db *d, arena *a, int64_t area_id, int64_t year, struct wijk_budget_row *b)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BUDGET_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int64(st, 2, year);
    memset(b, 0, sizeof *b);
    return db_row(a, st, read_budget, b);
}

int wijk_budget_list(db *d, arena *a, int64_t year, struct wijk_budget_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BUDGET_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, year);
    return db_rows(a, st, sizeof **out, read_budget, out, n);
}

static const char SQL_BUDGET_PUT[] =
    "INSERT INTO wijk_budget (area_id, year, amount_cents, flexible_cents, demo)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (area_id, year) DO UPDATE SET"
    " amount_cents = excluded.amount_cents, flexible_cents = excluded.flexible_cents";

int wijk_budget_put(db *d, int64_t area_id, int64_t year, int64_t amount_cents,
                    int64_t flexible_cents, bool demo)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BUDGET_PUT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int64(st, 2, year);
    sqlite3_bind_int64(st, 3, amount_cents);
    sqlite3_bind_int64(st, 4, flexible_cents);
    sqlite3_bind_int(st, 5, demo ? 1 : 0);
    return db_exec_stmt(st);
}

static const char SQL_COMMIT[] =
    "UPDATE wijk_budget SET committed_cents = committed_cents + ?3"
    " WHERE area_id = ?1 AND year = ?2 AND committed_cents + ?3 <= amount_cents"
    " AND committed_cents + ?3 >= paid_cents";

/* Adds cents to one of a wijk budget's running figures with a guarded
 * update (sql: ?1 area, ?2 year, ?3 cents); DB_NOTFOUND when the guard
 * refused or there is no budget. */
static int budget_add(db *d, const char *sql, int64_t area_id, int64_t year, int64_t cents)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int64(st, 2, year);
    sqlite3_bind_int64(st, 3, cents);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) != 1 ? DB_NOTFOUND : rc;
}

int wijk_budget_commit(db *d, int64_t area_id, int64_t year, int64_t cents)
{
    return budget_add(d, SQL_COMMIT, area_id, year, cents);
}

static const char SQL_PAY[] = "UPDATE wijk_budget SET paid_cents = paid_cents + ?3"
                              " WHERE area_id = ?1 AND year = ?2"
                              " AND paid_cents + ?3 <= committed_cents";

int wijk_budget_pay(db *d, int64_t area_id, int64_t year, int64_t cents)
{
    return budget_add(d, SQL_PAY, area_id, year, cents);
}

static const char SQL_SET_PSEUDONYM[] =
    "UPDATE initiative SET applicant_pseudonym = ?2 WHERE id = ?1";

int initiative_set_pseudonym(db *d, int64_t id, const char *pseudonym)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SET_PSEUDONYM);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text_opt(st, 2, pseudonym);
    return db_exec_stmt(st);
}

#define GRANTED_STATES "('toegekend', 'deels_toegekend', 'uitgevoerd', 'verantwoord')"

/* ?1: the wijken of the scope as a JSON array of ids, NULL for the city */
#define IN_SCOPE   "(?1 IS NULL OR wijk_id IN (SELECT value FROM json_each(?1)))"
#define IN_SCOPE_I "(?1 IS NULL OR i.wijk_id IN (SELECT value FROM json_each(?1)))"

static const char SQL_FIGURES[] =
    "SELECT"
    " (SELECT count(*) FROM initiative WHERE submitted_at >= ?2 AND submitted_at < ?3"
    "   AND " IN_SCOPE "),"
    " (SELECT count(*) FROM initiative WHERE decided_at >= ?2 AND decided_at < ?3"
    "   AND state IN " GRANTED_STATES " AND " IN_SCOPE "),"
    " (SELECT count(*) FROM initiative WHERE decided_at >= ?2 AND decided_at < ?3"
    "   AND state = 'afgewezen' AND " IN_SCOPE "),"
    " (SELECT coalesce(sum(granted_cents), 0) FROM initiative WHERE decided_at >= ?2"
    "   AND decided_at < ?3 AND state IN " GRANTED_STATES " AND " IN_SCOPE "),"
    " (SELECT count(DISTINCT applicant_pseudonym) FROM initiative WHERE submitted_at >= ?2"
    "   AND submitted_at < ?3 AND " IN_SCOPE "),"
    " (SELECT count(DISTINCT i.applicant_pseudonym) FROM initiative i WHERE i.submitted_at >= ?2"
    "   AND i.submitted_at < ?3 AND " IN_SCOPE_I " AND EXISTS (SELECT 1"
    "   FROM initiative p WHERE p.applicant_pseudonym = i.applicant_pseudonym"
    "   AND p.submitted_at < ?2))";

/* whole days from submission to decision, in order, for the median */
static const char SQL_DECISION_DAYS[] =
    "SELECT (decided_at - submitted_at) / 86400 AS days FROM initiative"
    " WHERE decided_at >= ?2 AND decided_at < ?3 AND submitted_at IS NOT NULL"
    " AND (state IN " GRANTED_STATES " OR state = 'afgewezen') AND " IN_SCOPE ""
    " ORDER BY days LIMIT 1 OFFSET ?4";

static int day_at(db *d, const char *wijks, int64_t from, int64_t to, int64_t k, int64_t *v)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DECISION_DAYS);
    if (!st)
        return DB_ERROR;
    db_bind_text_opt(st, 1, wijks);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    sqlite3_bind_int64(st, 4, k);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

int initiative_figures(db *d, int64_t wijk_id, int64_t from, int64_t to,
                       struct initiative_figures *f)
{
    char one[32];
    snprintf(one, sizeof one, "[%lld]", (long long)wijk_id);
    return initiative_figures_in(d, wijk_id ? one : NULL, from, to, f);
}

int initiative_figures_in(db *d, const char *wijks, int64_t from, int64_t to,
                          struct initiative_figures *f)
{
    memset(f, 0, sizeof *f);
    f->median_days = -1;
    sqlite3_stmt *st = db_stmt(d, SQL_FIGURES);
    if (!st)
        return DB_ERROR;
    db_bind_text_opt(st, 1, wijks);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        f->applications = sqlite3_column_int64(st, 0);
        f->grants = sqlite3_column_int64(st, 1);
        f->rejections = sqlite3_column_int64(st, 2);
        f->granted_cents = sqlite3_column_int64(st, 3);
        f->applicants = sqlite3_column_int64(st, 4);
        f->repeat_applicants = sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return DB_ERROR;
    int64_t n = f->grants + f->rejections;
    if (n == 0)
        return DB_OK;
    int64_t lo = 0, hi = 0;
    if (day_at(d, wijks, from, to, (n - 1) / 2, &lo) != DB_OK ||
        day_at(d, wijks, from, to, n / 2, &hi) != DB_OK)
        return DB_ERROR;
    f->median_days = (double)(lo + hi) / 2.0;
    return DB_OK;
}

static const char SQL_ERASE_PERSONAL[] =
    "UPDATE initiative SET applicant_name = NULL, applicant_email = NULL,"
    " applicant_phone = NULL, applicant_address = NULL, organisation = NULL, iban = NULL,"
    " iban_holder = NULL, receipt_photo = NULL, receipt_thumb = NULL, personal_erased_at = ?1"
    " WHERE personal_erased_at IS NULL AND ((state = 'verantwoord' AND state_since < ?2)"
    " OR (state IN ('afgewezen', 'ingetrokken') AND state_since < ?3)"
    " OR (state = 'concept' AND state_since < ?4))";

int initiative_erase_personal(db *d, int64_t now, int64_t accounted_before, int64_t ended_before,
                              int64_t draft_before, int64_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ERASE_PERSONAL);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, accounted_before);
    sqlite3_bind_int64(st, 3, ended_before);
    sqlite3_bind_int64(st, 4, draft_before);
    int rc = db_exec_stmt(st);
    *n = rc == DB_OK ? db_changes(d) : 0;
    return rc;
}

static const char SQL_OBJECTION_ADD[] =
    "INSERT INTO initiative_objection (initiative_id, received_on, recorded_at, recorded_by)"
    " VALUES (?1, ?2, ?3, nullif(?4, 0))";

int initiative_objection_add(db *d, int64_t initiative_id, const char *received_on, int64_t now,
                             int64_t user_id, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OBJECTION_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, initiative_id);
    sqlite3_bind_text(st, 2, received_on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, user_id);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK)
        *id = db_last_id(d);
    return rc;
}

static const char SQL_OBJECTION_CLOSE[] =
    "UPDATE initiative_objection SET outcome = ?2, outcome_on = ?3, outcome_note = ?4,"
    " outcome_at = ?5, outcome_by = nullif(?6, 0) WHERE initiative_id = ?1 AND outcome IS NULL";

int initiative_objection_close(db *d, int64_t initiative_id, const char *outcome, const char *on,
                               const char *note, int64_t now, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OBJECTION_CLOSE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, initiative_id);
    sqlite3_bind_text(st, 2, outcome, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, on, -1, SQLITE_TRANSIENT);
    db_bind_text_opt(st, 4, note);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_int64(st, 6, user_id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) != 1 ? DB_NOTFOUND : rc;
}

static void read_objection(arena *a, sqlite3_stmt *st, void *row)
{
    struct initiative_objection_row *o = row;
    o->id = sqlite3_column_int64(st, 0);
    o->initiative_id = sqlite3_column_int64(st, 1);
    o->received_on = db_col_dup(a, st, 2);
    o->recorded_at = sqlite3_column_int64(st, 3);
    o->outcome = db_col_dup(a, st, 4);
    o->outcome_on = db_col_dup(a, st, 5);
    o->outcome_note = db_col_dup(a, st, 6);
}

static const char SQL_OBJECTIONS[] =
    "SELECT id, initiative_id, received_on, recorded_at, outcome, outcome_on, outcome_note"
    " FROM initiative_objection WHERE initiative_id = ?1 ORDER BY id";

int initiative_objections(db *d, arena *a, int64_t initiative_id,
                          struct initiative_objection_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OBJECTIONS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, initiative_id);
    return db_rows(a, st, sizeof **out, read_objection, out, n);
}

static const char SQL_SET_CONTENT[] =
    "UPDATE initiative SET title = ?2, description = ?3, activity_date = ?4, activity_place = ?5,"
    " participants = ?6, requested_cents = ?7"
    " WHERE id = ?1 AND state IN ('ingediend', 'in_behandeling', 'vragen')";

int initiative_set_content(db *d, int64_t id, const struct initiative_row *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SET_CONTENT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, r->title ? r->title : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, r->description ? r->description : "", -1, SQLITE_TRANSIENT);
    db_bind_text_opt(st, 4, r->activity_date);
    db_bind_text_opt(st, 5, r->activity_place);
    bind_opt_int(st, 6, r->participants);
    sqlite3_bind_int64(st, 7, r->requested_cents);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) != 1 ? DB_NOTFOUND : rc;
}

static const char SQL_ASK_RECEIPTS[] = "UPDATE initiative SET receipts_asked = 1 WHERE id = ?1";

int initiative_set_receipts_asked(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ASK_RECEIPTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_exec_stmt(st);
}

static const char SQL_RECEIPT[] =
    "UPDATE initiative SET receipt_photo = ?2, receipt_thumb = ?3 WHERE id = ?1";

int initiative_set_receipt(db *d, int64_t id, const char *photo, const char *thumb)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RECEIPT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text_opt(st, 2, photo);
    db_bind_text_opt(st, 3, thumb);
    return db_exec_stmt(st);
}
