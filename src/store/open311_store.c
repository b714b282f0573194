/*
 * open311_store.c: the Open311 queries; see the header.
 */
#include "open311_store.h"

#include <stdio.h>
#include <string.h>

/* The public rules, shared by every request query (aliases s, c, p). A
 * signal whose intake was the care network's is never public, wherever it
 * goes later (confidentiality belongs to each entry, migration 0011). */
#define O311_PUBLIC                                                                                \
    " NOT s.intake_confidential AND s.parent_id IS NULL AND c.is_public AND p.is_public"           \
    " AND NOT c.confidential AND NOT p.confidential"

/*
 * A signal the care network holds now (s.confidential) stays, in every
 * answer, at its last public state: what its entries that are not
 * confidential say. Its status is the last such status, its last change that
 * entry's time, its agency the organisation that handed it to the care
 * network; its one update is that hand-off (signal_passed_on). So a report
 * app that polls it keeps getting an answer instead of a 404, and nothing
 * the care network wrote. The closed statuses are those of signal_statuses
 * in domain/signal.c.
 */
#define O311_SHARED_STATUS                                                                         \
    "coalesce((SELECT x.to_status FROM signal_event x WHERE x.signal_id = s.id"                    \
    " AND NOT x.confidential AND x.to_status IS NOT NULL ORDER BY x.at DESC, x.id DESC LIMIT 1),"  \
    " 'gemeld')"
#define O311_STATUS "(CASE WHEN s.confidential THEN " O311_SHARED_STATUS " ELSE s.status END)"
#define O311_CLOSED                                                                                \
    "(CASE WHEN s.confidential THEN " O311_SHARED_STATUS " IN ('afgehandeld', 'geannuleerd')"      \
    " ELSE s.closed_at IS NOT NULL END)"
#define O311_UPDATED                                                                               \
    "(CASE WHEN s.confidential THEN (SELECT max(x.at) FROM signal_event x"                         \
    " WHERE x.signal_id = s.id AND NOT x.confidential) ELSE s.updated_at END)"
#define O311_AGENCY                                                                                \
    "(CASE WHEN s.confidential THEN (SELECT xo.name FROM signal_event x"                           \
    " JOIN organisation xo ON xo.id = x.from_org_id WHERE x.signal_id = s.id"                      \
    " AND x.kind = 'handoff' AND NOT x.confidential ORDER BY x.at DESC, x.id DESC LIMIT 1)"        \
    " ELSE o.name END)"

#define O311_FROM                                                                                  \
    " FROM signal s JOIN category c ON c.id = s.category_id"                                       \
    " JOIN category p ON p.id = c.parent_id JOIN organisation o ON o.id = s.owner_org_id"          \
    " LEFT JOIN area w ON w.id = s.wijk_id"

/* address: the street of the signal's place as the address lookup found it,
 * without the house number, else the name of its wijk from our own polygons;
 * never the text the reporter typed (people type names and phone numbers
 * there). Decisions 0013 and 0016.
 * status_notes: the public explanation of the latest public update (the
 * view signal_public_update of migration 0012, which holds no confidential
 * entry), '' when that update has none (the API then shows the status's
 * label), NULL before any update; never a message to the reporter. */
#define O311_COLUMNS                                                                               \
    "s.id, s.category_id, s.created_at, " O311_UPDATED ", s.deadline_at, " O311_STATUS ","         \
    " p.slug, c.slug, c.name, " O311_AGENCY ", coalesce(s.address_street, w.name), s.media_url,"   \
    " (SELECT coalesce(u.explanation, '') FROM signal_public_update u WHERE u.signal_id = s.id"    \
    "  ORDER BY u.at DESC, u.id DESC LIMIT 1),"                                                    \
    " s.channel, s.channel_detail, " O311_CLOSED ", s.location_known,"                             \
    " round(s.lat, 4), round(s.lon, 4)"

static const char SQL_SERVICES[] =
    "SELECT c.id, p.slug, c.slug, c.name, coalesce(c.description, ''), p.name,"
    " (SELECT count(*) FROM category_question q WHERE q.category_id = c.id)"
    " FROM category c JOIN category p ON p.id = c.parent_id"
    " WHERE c.active AND p.active AND c.is_public AND p.is_public AND NOT c.confidential"
    " AND NOT p.confidential ORDER BY p.position, p.name, c.position, c.name";

int o311_services(db *d, arena *a, struct o311_service **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SERVICES);
    if (!st)
        return DB_ERROR;
    size_t cap = 64, cnt = 0;
    struct o311_service *v = arena_calloc(a, cap, sizeof *v);
    int rc;
    while (v && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            struct o311_service *nv = arena_calloc(a, cap * 2, sizeof *nv);
            if (!nv) {
                v = NULL;
                break;
            }
            memcpy(nv, v, cap * sizeof *v);
            v = nv;
            cap *= 2;
        }
        struct o311_service *x = &v[cnt++];
        x->id = sqlite3_column_int64(st, 0);
        x->main_slug = arena_strdup(a, db_text(st, 1));
        x->slug = arena_strdup(a, db_text(st, 2));
        x->name = arena_strdup(a, db_text(st, 3));
        x->description = arena_strdup(a, db_text(st, 4));
        x->group = arena_strdup(a, db_text(st, 5));
        x->nquestions = sqlite3_column_int(st, 6);
    }
    sqlite3_reset(st);
    if (!v)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

static void read_request(arena *a, sqlite3_stmt *st, struct o311_request *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->category_id = sqlite3_column_int64(st, 1);
    r->created_at = sqlite3_column_int64(st, 2);
    r->updated_at = sqlite3_column_int64(st, 3);
    r->deadline_at = sqlite3_column_int64(st, 4);
    r->status = arena_strdup(a, db_text(st, 5));
    r->main_slug = arena_strdup(a, db_text(st, 6));
    r->slug = arena_strdup(a, db_text(st, 7));
    r->category_name = arena_strdup(a, db_text(st, 8));
    r->agency = arena_strdup(a, db_text(st, 9));
    r->address = db_col_dup(a, st, 10);
    r->media_url = db_col_dup(a, st, 11);
    r->status_notes = db_col_dup(a, st, 12);
    r->channel = arena_strdup(a, db_text(st, 13));
    r->channel_detail = db_col_dup(a, st, 14);
    r->closed = sqlite3_column_int(st, 15);
    r->location_known = sqlite3_column_int(st, 16) && sqlite3_column_type(st, 17) != SQLITE_NULL;
    r->lat = sqlite3_column_double(st, 17);
    r->lon = sqlite3_column_double(st, 18);
}

static const char SQL_BY_CREATED[] =
    "SELECT " O311_COLUMNS O311_FROM " WHERE" O311_PUBLIC
    " AND s.created_at >= ?1 AND s.created_at <= ?2"
    " AND (?3 = 0 OR (?3 = 1) = NOT " O311_CLOSED ")"
    " AND (?4 IS NULL OR s.category_id IN (SELECT value FROM json_each(?4)))"
    " ORDER BY s.created_at DESC, s.id DESC LIMIT ?5 OFFSET ?6";

/* The public last change is never later than s.updated_at, so the index
 * range on s.updated_at from ?7 holds every answer; the exact bounds and the
 * order are on the public one, which alone is shown. */
static const char SQL_BY_UPDATED[] =
    "SELECT " O311_COLUMNS O311_FROM " WHERE" O311_PUBLIC
    " AND s.updated_at >= ?7 AND " O311_UPDATED " BETWEEN ?7 AND ?8"
    " AND +s.created_at >= ?1 AND +s.created_at <= ?2"
    " AND (?3 = 0 OR (?3 = 1) = NOT " O311_CLOSED ")"
    " AND (?4 IS NULL OR s.category_id IN (SELECT value FROM json_each(?4)))"
    " ORDER BY 4 DESC, s.id DESC LIMIT ?5 OFFSET ?6";

static const char SQL_BY_IDS[] = "SELECT " O311_COLUMNS O311_FROM
                                 " WHERE s.id IN (SELECT value FROM json_each(?1)) AND" O311_PUBLIC
                                 " ORDER BY s.created_at DESC, s.id DESC LIMIT ?2 OFFSET ?3";

/* A JSON array of the ids, in the arena. */
static char *id_array(arena *a, const int64_t *ids, size_t n)
{
    char *s = arena_alloc(a, n * 21 + 3);
    if (!s)
        return NULL;
    size_t k = 0;
    s[k++] = '[';
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(s + k, 22, "%s%lld", i ? "," : "", (long long)ids[i]);
    s[k++] = ']';
    s[k] = '\0';
    return s;
}

int o311_requests(db *d, arena *a, const struct o311_filter *f, struct o311_request **out,
                  size_t *n)
{
    sqlite3_stmt *st;
    if (f->ids) {
        char *ids = id_array(a, f->ids, f->nids);
        st = ids ? db_stmt(d, SQL_BY_IDS) : NULL;
        if (!st)
            return DB_ERROR;
        sqlite3_bind_text(st, 1, ids, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, (int64_t)f->limit);
        sqlite3_bind_int64(st, 3, (int64_t)f->offset);
    } else {
        st = db_stmt(d, f->by_updated ? SQL_BY_UPDATED : SQL_BY_CREATED);
        if (!st)
            return DB_ERROR;
        sqlite3_bind_int64(st, 1, f->from);
        sqlite3_bind_int64(st, 2, f->to);
        sqlite3_bind_int(st, 3, f->status);
        if (f->category_ids) {
            char *cats = id_array(a, f->category_ids, f->ncategories);
            if (!cats) {
                sqlite3_reset(st);
                return DB_ERROR;
            }
            sqlite3_bind_text(st, 4, cats, -1, SQLITE_TRANSIENT);
        }
        sqlite3_bind_int64(st, 5, (int64_t)f->limit);
        sqlite3_bind_int64(st, 6, (int64_t)f->offset);
        if (f->by_updated) {
            sqlite3_bind_int64(st, 7, f->upd_from);
            sqlite3_bind_int64(st, 8, f->upd_to);
        }
    }
    struct o311_request *v = arena_calloc(a, f->limit ? f->limit : 1, sizeof *v);
    size_t cnt = 0;
    int rc = SQLITE_DONE;
    while (v && cnt < f->limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
        read_request(a, st, &v[cnt++]);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (!v || (rc != SQLITE_DONE && rc != SQLITE_ROW))
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_ONE[] = "SELECT " O311_COLUMNS O311_FROM " WHERE s.id = ?1 AND" O311_PUBLIC;

int o311_request_get(db *d, arena *a, int64_t id, struct o311_request *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ONE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_request(a, st, r);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static const char SQL_BY_TOKEN[] = "SELECT s.id" O311_FROM " WHERE s.token = ?1 AND" O311_PUBLIC;

int o311_request_by_token(db *d, const char *token, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BY_TOKEN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static const char SQL_ANSWERS[] =
    "SELECT a.code, a.value, q.datatype FROM signal_answer a JOIN signal s ON s.id = a.signal_id"
    " LEFT JOIN category_question q ON q.category_id = s.category_id AND q.code = a.code"
    " WHERE a.signal_id = ?1 AND NOT a.confidential"
    " ORDER BY coalesce(q.position, 1000000), a.code";

int o311_answers(db *d, arena *a, int64_t id, struct o311_answer **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ANSWERS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    size_t cap = 32, cnt = 0;
    struct o311_answer *v = arena_calloc(a, cap, sizeof *v);
    int rc = SQLITE_DONE;
    while (v && cnt < cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        v[cnt].code = arena_strdup(a, db_text(st, 0));
        v[cnt].value = arena_strdup(a, db_text(st, 1));
        v[cnt].datatype = db_col_dup(a, st, 2);
        cnt++;
    }
    sqlite3_reset(st);
    if (!v || (rc != SQLITE_DONE && rc != SQLITE_ROW))
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

/* The public updates of public requests in a window of time, oldest first
 * (paging forward through the window) or newest first (the most recent). */
#define O311_UPDATES                                                                               \
    "SELECT u.id, u.signal_id, u.at, u.kind, u.status, u.explanation"                              \
    " FROM signal_public_update u JOIN signal s ON s.id = u.signal_id"                             \
    " JOIN category c ON c.id = s.category_id JOIN category p ON p.id = c.parent_id"               \
    " WHERE u.at >= ?1 AND u.at <= ?2 AND" O311_PUBLIC

static const char SQL_UPDATES[] = O311_UPDATES " ORDER BY u.at, u.id LIMIT ?3 OFFSET ?4";
static const char SQL_UPDATES_RECENT[] =
    O311_UPDATES " ORDER BY u.at DESC, u.id DESC LIMIT ?3 OFFSET ?4";

static void read_update(arena *a, sqlite3_stmt *st, struct o311_update *u)
{
    u->id = sqlite3_column_int64(st, 0);
    u->request_id = sqlite3_column_int64(st, 1);
    u->at = sqlite3_column_int64(st, 2);
    u->kind = arena_strdup(a, db_text(st, 3));
    u->status = arena_strdup(a, db_text(st, 4));
    u->text = db_col_dup(a, st, 5);
}

int o311_updates(db *d, arena *a, int64_t from, int64_t to, bool newest_first, size_t limit,
                 size_t offset, struct o311_update **out, size_t *n, bool *more)
{
    sqlite3_stmt *st = db_stmt(d, newest_first ? SQL_UPDATES_RECENT : SQL_UPDATES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    sqlite3_bind_int64(st, 3, (int64_t)limit + 1); /* one more: are there more? */
    sqlite3_bind_int64(st, 4, (int64_t)offset);
    struct o311_update *v = arena_calloc(a, limit ? limit : 1, sizeof *v);
    size_t cnt = 0;
    int rc = SQLITE_DONE;
    *more = false;
    while (v && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == limit) {
            *more = true;
            break;
        }
        read_update(a, st, &v[cnt++]);
    }
    sqlite3_reset(st);
    if (!v || (rc != SQLITE_DONE && rc != SQLITE_ROW))
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

/* The public history of one request: its creation, then its public updates. */
static const char SQL_NOTES[] =
    "SELECT e.id, e.signal_id, e.at, e.kind, e.to_status, NULL FROM signal_event e"
    " WHERE e.signal_id = ?1 AND e.kind = 'created' AND e.public = 1 AND NOT e.confidential"
    " UNION ALL"
    " SELECT u.id, u.signal_id, u.at, u.kind, u.status, u.explanation FROM signal_public_update u"
    " WHERE u.signal_id = ?1 ORDER BY 3, 1 LIMIT 1000";

int o311_notes(db *d, arena *a, int64_t id, struct o311_update **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_NOTES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    size_t cap = 0, cnt = 0;
    struct o311_update *v = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = db_grow(a, v, &cap, cnt, sizeof *v);
        if (!v)
            break;
        read_update(a, st, &v[cnt++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}
