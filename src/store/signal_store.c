/*
 * signal_store.c: SQL for categories, routing rules and signals.
 */
#include "signal_store.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* --- categories ------------------------------------------------------------ */

static const char SQL_CAT_UPSERT[] =
    "INSERT INTO category (parent_id, slug, name, description, handling_message, deadline_days,"
    " deadline_working, is_public, confidential, active, position, valid_from)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, '2014-01-01')"
    " ON CONFLICT (coalesce(parent_id, 0), slug) DO UPDATE SET name = excluded.name,"
    " description = excluded.description, handling_message = excluded.handling_message,"
    " deadline_days = excluded.deadline_days, deadline_working = excluded.deadline_working,"
    " is_public = excluded.is_public, confidential = excluded.confidential,"
    " active = excluded.active, position = excluded.position RETURNING id";

int category_upsert(db *d, int64_t parent_id, const char *slug, const char *name,
                    const char *description, const char *handling_message, int deadline_days,
                    int deadline_working, int is_public, int confidential, int active, int position,
                    int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CAT_UPSERT);
    if (!st)
        return DB_ERROR;
    db_bind_id(st, 1, parent_id);
    sqlite3_bind_text(st, 2, slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 4, description);
    db_bind_text_opt(st, 5, handling_message);
    sqlite3_bind_int(st, 6, deadline_days);
    sqlite3_bind_int(st, 7, deadline_working);
    sqlite3_bind_int(st, 8, is_public);
    sqlite3_bind_int(st, 9, confidential);
    sqlite3_bind_int(st, 10, active);
    sqlite3_bind_int(st, 11, position);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && id)
        *id = sqlite3_column_int64(st, 0);
    if (rc == SQLITE_ROW)
        rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : DB_ERROR;
}

static const char SQL_CAT_ID[] = "SELECT id FROM category WHERE slug = ?1"
                                 " AND (?2 = 0 OR (?2 = 1) = (parent_id IS NULL))"
                                 " ORDER BY parent_id IS NOT NULL"
                                 " LIMIT 1";

int64_t category_id_by_slug(db *d, const char *slug, int main_only)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CAT_ID);
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, main_only);
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return id;
}

static const char SQL_Q_UPSERT[] =
    "INSERT INTO category_question (category_id, code, datatype, required, description, choices,"
    " position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (category_id, code) DO UPDATE SET"
    " datatype = excluded.datatype, required = excluded.required,"
    " description = excluded.description, choices = excluded.choices,"
    " position = excluded.position";

int category_question_upsert(db *d, int64_t category_id, const char *code, const char *datatype,
                             int required, const char *description, const char *choices,
                             int position)
{
    sqlite3_stmt *st = db_stmt(d, SQL_Q_UPSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, category_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, datatype, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, required);
    sqlite3_bind_text(st, 5, description, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 6, choices);
    sqlite3_bind_int(st, 7, position);
    return db_exec_stmt(st);
}

#define CAT_COLUMNS                                                                                \
    "c.id, coalesce(c.parent_id, 0), c.slug, c.name, p.name, c.handling_message,"                  \
    " c.deadline_days, c.deadline_working, c.is_public, c.confidential, c.active, c.urgent_days"

static void read_cat(arena *a, sqlite3_stmt *st, struct category *c)
{
    c->id = sqlite3_column_int64(st, 0);
    c->parent_id = sqlite3_column_int64(st, 1);
    c->slug = db_col_dup(a, st, 2);
    c->name = db_col_dup(a, st, 3);
    c->parent_name = db_col_dup(a, st, 4);
    c->handling_message = db_col_dup(a, st, 5);
    c->deadline_days = sqlite3_column_int(st, 6);
    c->deadline_working = sqlite3_column_int(st, 7);
    c->is_public = sqlite3_column_int(st, 8);
    c->confidential = sqlite3_column_int(st, 9);
    c->active = sqlite3_column_int(st, 10);
    c->urgent_days = sqlite3_column_int(st, 11);
}

static const char SQL_CAT_LIST[] =
    "SELECT " CAT_COLUMNS " FROM category c JOIN category p ON p.id = c.parent_id"
    " WHERE c.active AND p.active ORDER BY p.position, p.name, c.position, c.name";

int category_list(db *d, arena *a, struct category **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CAT_LIST);
    if (!st)
        return DB_ERROR;
    size_t cap = 0, cnt = 0;
    struct category *v = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        v = db_grow(a, v, &cap, cnt, sizeof *v);
        if (!v)
            break;
        read_cat(a, st, &v[cnt++]);
    }
    sqlite3_reset(st);
    *out = v;
    *n = cnt;
    return v || !cap ? DB_OK : DB_ERROR;
}

static const char SQL_TRAINING[] =
    "SELECT s.category_id, s.description FROM signal s"
    " JOIN category c ON c.id = s.category_id JOIN category p ON p.id = c.parent_id"
    " WHERE s.confidential = 0 AND s.intake_confidential = 0"
    " AND c.confidential = 0 AND p.confidential = 0"
    " AND c.active AND p.active AND s.merged_into IS NULL"
    " ORDER BY s.id DESC LIMIT ?1";

int signal_training_texts(db *d, size_t limit,
                          int (*fn)(void *ctx, int64_t category_id, const char *text, size_t len),
                          void *ctx)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TRAINING);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(st, 1);
        if (text &&
            fn(ctx, sqlite3_column_int64(st, 0), text, (size_t)sqlite3_column_bytes(st, 1)) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : DB_ERROR;
}

static const char SQL_CAT_GET[] =
    "SELECT " CAT_COLUMNS " FROM category c LEFT JOIN category p ON p.id = c.parent_id"
    " WHERE c.id = ?1";

int category_get(db *d, arena *a, int64_t id, struct category *c)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CAT_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_cat(a, st, c);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static const char SQL_Q_LIST[] = "SELECT code, datatype, description, choices, required"
                                 " FROM category_question WHERE category_id = ?1"
                                 " ORDER BY position, id";

int category_questions(db *d, arena *a, int64_t category_id, struct category_question **out,
                       size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_Q_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, category_id);
    size_t cap = 0, cnt = 0;
    struct category_question *v = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        v = db_grow(a, v, &cap, cnt, sizeof *v);
        if (!v)
            break;
        struct category_question *q = &v[cnt++];
        q->code = db_col_dup(a, st, 0);
        q->datatype = db_col_dup(a, st, 1);
        q->description = db_col_dup(a, st, 2);
        q->choices = db_col_dup(a, st, 3);
        q->required = sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_CAT_ALL[] =
    "SELECT " CAT_COLUMNS ", (SELECT count(*) FROM category_question q WHERE q.category_id = c.id)"
    " FROM category c LEFT JOIN category p ON p.id = c.parent_id"
    " ORDER BY coalesce(p.position, c.position), coalesce(p.name, c.name), coalesce(p.id, c.id),"
    " c.parent_id IS NOT NULL, c.position, c.name";

int category_list_all(db *d, arena *a, struct category **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CAT_ALL);
    if (!st)
        return DB_ERROR;
    size_t cap = 0, cnt = 0;
    struct category *v = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = db_grow(a, v, &cap, cnt, sizeof *v);
        if (!v)
            break;
        read_cat(a, st, &v[cnt]);
        v[cnt++].nquestions = sqlite3_column_int(st, 11);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE || (cap && !v))
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_CAT_UPDATE[] =
    "UPDATE category SET name = ?2, handling_message = ?3, deadline_days = ?4,"
    " deadline_working = ?5, is_public = ?6, active = ?7, urgent_days = ?8 WHERE id = ?1";

int category_update(db *d, int64_t id, const char *name, const char *handling_message,
                    int deadline_days, int deadline_working, int is_public, int active,
                    int urgent_days)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CAT_UPDATE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 3, handling_message);
    sqlite3_bind_int(st, 4, deadline_days);
    sqlite3_bind_int(st, 5, deadline_working);
    sqlite3_bind_int(st, 6, is_public);
    sqlite3_bind_int(st, 7, active);
    sqlite3_bind_int(st, 8, urgent_days);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_CAT_SLUG_TAKEN[] =
    "SELECT count(*) FROM category WHERE coalesce(parent_id, 0) = ?1 AND slug = ?2";

int category_slug_taken(db *d, int64_t parent_id, const char *slug)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CAT_SLUG_TAKEN);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, parent_id);
    sqlite3_bind_text(st, 2, slug, -1, SQLITE_STATIC);
    int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) > 0 : -1;
    sqlite3_reset(st);
    return v;
}

static const char SQL_CAT_INSERT[] =
    "INSERT INTO category (parent_id, slug, name, handling_message, deadline_days,"
    " deadline_working, is_public, confidential, active, position, valid_from)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1,"
    " (SELECT coalesce(max(position), 0) + 1 FROM category WHERE parent_id = ?1), ?9)";

int category_insert(db *d, int64_t parent_id, const char *slug, const char *name,
                    const char *handling_message, int deadline_days, int deadline_working,
                    int is_public, int confidential, const char *from, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CAT_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, parent_id);
    sqlite3_bind_text(st, 2, slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 4, handling_message);
    sqlite3_bind_int(st, 5, deadline_days);
    sqlite3_bind_int(st, 6, deadline_working);
    sqlite3_bind_int(st, 7, is_public);
    sqlite3_bind_int(st, 8, confidential);
    sqlite3_bind_text(st, 9, from, -1, SQLITE_STATIC);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

/* --- routing rules --------------------------------------------------------- */

static const char SQL_RULE_COUNT[] = "SELECT count(*) FROM routing_rule";

int routing_rule_count(db *d, int64_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RULE_COUNT);
    if (!st)
        return DB_ERROR;
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_RULE_INSERT[] =
    "INSERT INTO routing_rule (position, category_id, area_id, region_id, type, channel,"
    " target_kind, target_org_id, note, valid_from)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '2014-01-01')";

int routing_rule_insert(db *d, int position, int64_t category_id, int64_t area_id,
                        int64_t region_id, const char *type, const char *channel,
                        const char *target_kind, int64_t target_org_id, const char *note)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RULE_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, position);
    db_bind_id(st, 2, category_id);
    db_bind_id(st, 3, area_id);
    db_bind_id(st, 4, region_id);
    db_bind_text_opt(st, 5, type);
    db_bind_text_opt(st, 6, channel);
    sqlite3_bind_text(st, 7, target_kind, -1, SQLITE_STATIC);
    db_bind_id(st, 8, target_org_id);
    db_bind_text_opt(st, 9, note);
    return db_exec_stmt(st);
}

/* A rule is broken when something it names is gone or switched off; the
 * reason says which (first of them). ?1 is the day it is judged on. */
#define RULE_COLUMNS                                                                               \
    "r.id, r.position, coalesce(r.category_id, 0), coalesce(r.area_id, 0),"                        \
    " coalesce(r.region_id, 0), coalesce(r.target_org_id, 0), r.type, r.channel, r.target_kind,"   \
    " r.note, c.name, o.name, r.active,"                                                           \
    " CASE WHEN r.category_id IS NOT NULL AND c.id IS NULL THEN 'category_gone'"                   \
    "  WHEN r.category_id IS NOT NULL AND NOT c.active THEN 'category_inactive'"                   \
    "  WHEN r.category_id IS NOT NULL AND c.parent_id IS NOT NULL"                                 \
    "   AND (p.id IS NULL OR NOT p.active) THEN 'main_category_inactive'"                          \
    "  WHEN r.area_id IS NOT NULL AND (a.id IS NULL OR a.kind != 'wijk'"                           \
    "   OR (a.valid_to IS NOT NULL AND a.valid_to <= ?1)) THEN 'wijk_gone'"                        \
    "  WHEN r.region_id IS NOT NULL AND (g.id IS NULL"                                             \
    "   OR (g.valid_to IS NOT NULL AND g.valid_to <= ?1)) THEN 'region_gone'"                      \
    "  WHEN r.target_kind = 'organisation' AND o.id IS NULL THEN 'organisation_gone' END,"         \
    " p.name, a.name, g.name, r.valid_from, r.valid_to"                                            \
    " FROM routing_rule r LEFT JOIN category c ON c.id = r.category_id"                            \
    " LEFT JOIN category p ON p.id = c.parent_id"                                                  \
    " LEFT JOIN area a ON a.id = r.area_id LEFT JOIN region g ON g.id = r.region_id"               \
    " LEFT JOIN organisation o ON o.id = r.target_org_id"

static const char SQL_RULE_LIST[] =
    "SELECT " RULE_COLUMNS " WHERE r.valid_from <= ?1 AND (r.valid_to IS NULL OR r.valid_to > ?1)"
    " ORDER BY r.position, r.id";
static const char SQL_RULE_ENDED[] =
    "SELECT " RULE_COLUMNS " WHERE r.valid_to IS NOT NULL AND r.valid_to <= ?1"
    " ORDER BY r.valid_to DESC, r.id DESC LIMIT ?2";
static const char SQL_RULE_GET[] = "SELECT " RULE_COLUMNS " WHERE r.id = ?2";

static void read_rule(arena *a, sqlite3_stmt *st, struct routing_rule *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->position = sqlite3_column_int(st, 1);
    r->category_id = sqlite3_column_int64(st, 2);
    r->area_id = sqlite3_column_int64(st, 3);
    r->region_id = sqlite3_column_int64(st, 4);
    r->target_org_id = sqlite3_column_int64(st, 5);
    r->type = db_col_dup(a, st, 6);
    r->channel = db_col_dup(a, st, 7);
    r->target_kind = db_col_dup(a, st, 8);
    r->note = db_col_dup(a, st, 9);
    r->category_name = db_col_dup(a, st, 10);
    r->target_name = db_col_dup(a, st, 11);
    r->active = sqlite3_column_int(st, 12);
    r->broken_reason = db_col_dup(a, st, 13);
    r->broken = r->broken_reason != NULL;
    r->category_parent_name = db_col_dup(a, st, 14);
    r->area_name = db_col_dup(a, st, 15);
    r->region_name = db_col_dup(a, st, 16);
    r->valid_from = db_col_dup(a, st, 17);
    r->valid_to = db_col_dup(a, st, 18);
}

static int read_rules(arena *a, sqlite3_stmt *st, struct routing_rule **out, size_t *n)
{
    size_t cap = 0, cnt = 0;
    struct routing_rule *v = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = db_grow(a, v, &cap, cnt, sizeof *v);
        if (!v)
            break;
        read_rule(a, st, &v[cnt++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE || (cap && !v))
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

int routing_rule_list(db *d, arena *a, const char *on, struct routing_rule **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RULE_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, on, -1, SQLITE_STATIC);
    return read_rules(a, st, out, n);
}

int routing_rule_list_ended(db *d, arena *a, const char *on, size_t limit,
                            struct routing_rule **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RULE_ENDED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, on, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (int64_t)limit);
    return read_rules(a, st, out, n);
}

int routing_rule_get(db *d, arena *a, int64_t id, const char *on, struct routing_rule *r)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RULE_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, on, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    memset(r, 0, sizeof *r);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_rule(a, st, r);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

static const char SQL_RULE_ADD[] =
    "INSERT INTO routing_rule (position, category_id, area_id, region_id, type, channel,"
    " target_kind, target_org_id, note, active, valid_from)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

int routing_rule_add(db *d, const struct routing_rule *r, const char *from, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RULE_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, r->position);
    db_bind_id(st, 2, r->category_id);
    db_bind_id(st, 3, r->area_id);
    db_bind_id(st, 4, r->region_id);
    db_bind_text_opt(st, 5, r->type);
    db_bind_text_opt(st, 6, r->channel);
    sqlite3_bind_text(st, 7, r->target_kind, -1, SQLITE_STATIC);
    db_bind_id(st, 8, r->target_org_id);
    db_bind_text_opt(st, 9, r->note);
    sqlite3_bind_int(st, 10, r->active);
    sqlite3_bind_text(st, 11, from, -1, SQLITE_STATIC);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

#define RULE_CURRENT "(valid_from <= ?3 AND (valid_to IS NULL OR valid_to > ?3))"
static const char SQL_RULE_ROOM[] =
    "UPDATE routing_rule SET position = position + 1 WHERE position >= ?1 AND id != ?2"
    " AND " RULE_CURRENT " AND EXISTS (SELECT 1 FROM routing_rule WHERE position = ?1"
    " AND id != ?2 AND " RULE_CURRENT ")";

int routing_rule_make_room(db *d, int position, int64_t except_id, const char *on)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RULE_ROOM);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, position);
    sqlite3_bind_int64(st, 2, except_id);
    sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static const char SQL_RULE_UPDATE[] =
    "UPDATE routing_rule SET position = ?2, active = ?3 WHERE id = ?1";

int routing_rule_update(db *d, int64_t id, int position, int active)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RULE_UPDATE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, position);
    sqlite3_bind_int(st, 3, active);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_RULE_END[] = "UPDATE routing_rule SET valid_to = ?2 WHERE id = ?1"
                                   " AND (valid_to IS NULL OR valid_to > ?2)";

int routing_rule_end(db *d, int64_t id, const char *on)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RULE_END);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, on, -1, SQLITE_STATIC);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

/* --- signals --------------------------------------------------------------- */

static const char SQL_SIG_INSERT[] =
    "INSERT INTO signal (token, type, channel, channel_detail, category_id, description, lat, lon,"
    " location_known, address_text, wijk_id, buurt_id, status, owner_org_id, owner_user_id,"
    " routed_by_rule, confidential, intake_confidential, created_at, updated_at, deadline_at,"
    " reporter_pseudonym, created_by, demo, media_url, address_street, address_number,"
    " address_postcode, address_city, hazard, reply_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
    " ?25, ?26, ?27, ?28, ?29)";

int signal_insert(db *d, const struct signal *s, int64_t routed_by_rule,
                  const char *reporter_pseudonym, int64_t created_by, int demo, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SIG_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, s->token, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, s->type, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, s->channel, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 4, s->channel_detail);
    sqlite3_bind_int64(st, 5, s->category_id);
    sqlite3_bind_text(st, 6, s->description, -1, SQLITE_STATIC);
    if (s->location_known) {
        sqlite3_bind_double(st, 7, s->lat);
        sqlite3_bind_double(st, 8, s->lon);
    }
    sqlite3_bind_int(st, 9, s->location_known);
    db_bind_text_opt(st, 10, s->address_text);
    db_bind_id(st, 11, s->wijk_id);
    db_bind_id(st, 12, s->buurt_id);
    sqlite3_bind_text(st, 13, s->status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 14, s->owner_org_id);
    db_bind_id(st, 15, s->owner_user_id);
    db_bind_id(st, 16, routed_by_rule);
    sqlite3_bind_int(st, 17, s->confidential);
    sqlite3_bind_int64(st, 18, s->created_at);
    sqlite3_bind_int64(st, 19, s->deadline_at);
    db_bind_text_opt(st, 20, reporter_pseudonym);
    db_bind_id(st, 21, created_by);
    sqlite3_bind_int(st, 22, demo);
    db_bind_text_opt(st, 23, s->media_url);
    db_bind_text_opt(st, 24, s->addr.street);
    db_bind_text_opt(st, 25, s->addr.number);
    db_bind_text_opt(st, 26, s->addr.postcode);
    db_bind_text_opt(st, 27, s->addr.city);
    sqlite3_bind_int(st, 28, s->hazard);
    db_bind_text_opt(st, 29, s->reply_by);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

static const char SQL_CONTACT[] =
    "INSERT INTO signal_contact (signal_id, name, email, phone) VALUES (?1, ?2, ?3, ?4)";

int signal_add_contact(db *d, int64_t signal_id, const char *name, const char *email,
                       const char *phone)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CONTACT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, signal_id);
    db_bind_text_opt(st, 2, name);
    db_bind_text_opt(st, 3, email);
    db_bind_text_opt(st, 4, phone);
    return db_exec_stmt(st);
}

static const char SQL_PHOTO[] =
    "INSERT INTO signal_photo (signal_id, file, thumb, width, height, confidential)"
    " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT confidential FROM signal WHERE id = ?1))";

int signal_add_photo(db *d, int64_t signal_id, const char *file, const char *thumb, int width,
                     int height)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PHOTO);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, signal_id);
    sqlite3_bind_text(st, 2, file, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, thumb, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, width);
    sqlite3_bind_int(st, 5, height);
    return db_exec_stmt(st);
}

static const char SQL_PHOTOS[] =
    "SELECT id, file, thumb, width, height, public, confidential FROM signal_photo"
    " WHERE signal_id = ?1 AND (?2 = 0 OR NOT confidential) ORDER BY id";

int signal_photos(db *d, arena *a, int64_t signal_id, int shared_only, struct signal_photo **out,
                  size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PHOTOS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, signal_id);
    sqlite3_bind_int(st, 2, shared_only);
    size_t cap = 0, cnt = 0;
    struct signal_photo *v = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        v = db_grow(a, v, &cap, cnt, sizeof *v);
        if (!v)
            break;
        struct signal_photo *ph = &v[cnt++];
        ph->id = sqlite3_column_int64(st, 0);
        ph->file = db_col_dup(a, st, 1);
        ph->thumb = db_col_dup(a, st, 2);
        ph->width = sqlite3_column_int(st, 3);
        ph->height = sqlite3_column_int(st, 4);
        ph->public = sqlite3_column_int(st, 5);
        ph->confidential = sqlite3_column_int(st, 6);
    }
    sqlite3_reset(st);
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_ANSWER[] =
    "INSERT OR REPLACE INTO signal_answer (signal_id, code, value, confidential)"
    " VALUES (?1, ?2, ?3, (SELECT confidential FROM signal WHERE id = ?1))";

int signal_add_answer(db *d, int64_t signal_id, const char *code, const char *value)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ANSWER);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, signal_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

/* ?11 NULL: the entry is confidential when the signal is now (see the header). */
static const char SQL_EVENT[] =
    "INSERT INTO signal_event (signal_id, at, user_id, kind, from_status, to_status, from_org_id,"
    " to_org_id, text, public, confidential, public_explanation) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
    " ?7, ?8, ?9, ?10, coalesce(?11, (SELECT confidential FROM signal WHERE id = ?1)), ?12)";

static int add_event(db *d, int64_t signal_id, int64_t at, int64_t user_id, const char *kind,
                     const char *from_status, const char *to_status, int64_t from_org,
                     int64_t to_org, const char *text, int public, int confidential,
                     const char *explanation)
{
    sqlite3_stmt *st = db_stmt(d, SQL_EVENT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, signal_id);
    sqlite3_bind_int64(st, 2, at);
    db_bind_id(st, 3, user_id);
    sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 5, from_status);
    db_bind_text_opt(st, 6, to_status);
    db_bind_id(st, 7, from_org);
    db_bind_id(st, 8, to_org);
    db_bind_text_opt(st, 9, text);
    sqlite3_bind_int(st, 10, public);
    if (confidential >= 0)
        sqlite3_bind_int(st, 11, confidential);
    else
        sqlite3_bind_null(st, 11);
    db_bind_text_opt(st, 12, explanation);
    return db_exec_stmt(st);
}

int signal_add_event(db *d, int64_t signal_id, int64_t at, int64_t user_id, const char *kind,
                     const char *from_status, const char *to_status, int64_t from_org,
                     int64_t to_org, const char *text, int public)
{
    return add_event(d, signal_id, at, user_id, kind, from_status, to_status, from_org, to_org,
                     text, public, -1, NULL);
}

int signal_add_event_explained(db *d, int64_t signal_id, int64_t at, int64_t user_id,
                               const char *kind, const char *from_status, const char *to_status,
                               int64_t from_org, int64_t to_org, const char *text, int public,
                               const char *explanation)
{
    return add_event(d, signal_id, at, user_id, kind, from_status, to_status, from_org, to_org,
                     text, public, -1, explanation);
}

int signal_add_event_as(db *d, int64_t signal_id, int64_t at, int64_t user_id, const char *kind,
                        const char *from_status, const char *to_status, int64_t from_org,
                        int64_t to_org, const char *text, int public, int confidential,
                        const char *explanation)
{
    return add_event(d, signal_id, at, user_id, kind, from_status, to_status, from_org, to_org,
                     text, public, confidential != 0, explanation);
}

#define SIG_COLUMNS                                                                                \
    "s.id, s.token, s.type, s.channel, s.channel_detail, s.description, s.address_text,"           \
    " s.status, s.category_id, coalesce(s.wijk_id, 0), coalesce(s.buurt_id, 0), s.owner_org_id,"   \
    " coalesce(s.owner_user_id, 0), coalesce(s.merged_into, 0), coalesce(s.parent_id, 0), s.lat,"  \
    " s.lon, s.location_known, s.confidential, s.handoffs, c.is_public, s.created_at,"             \
    " s.updated_at, s.deadline_at, coalesce(s.closed_at, 0), c.name, p.name, w.name, o.name,"      \
    " u.name, c.handling_message, s.intake_confidential, s.address_street, s.address_number,"      \
    " s.address_postcode, s.address_city, s.hazard, s.reply_by"                                    \
    " FROM signal s JOIN category c ON c.id = s.category_id"                                       \
    " LEFT JOIN category p ON p.id = c.parent_id LEFT JOIN area w ON w.id = s.wijk_id"             \
    " JOIN organisation o ON o.id = s.owner_org_id LEFT JOIN user u ON u.id = s.owner_user_id"

static void read_signal(arena *a, sqlite3_stmt *st, struct signal *s, int hide)
{
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    s->token = db_col_dup(a, st, 1);
    s->type = db_col_dup(a, st, 2);
    s->channel = db_col_dup(a, st, 3);
    s->channel_detail = db_col_dup(a, st, 4);
    s->confidential = sqlite3_column_int(st, 18);
    s->intake_confidential = sqlite3_column_int(st, 31);
    /* the description and address text follow their own flag */
    int hidden = hide && s->intake_confidential;
    s->description = hidden ? NULL : db_col_dup(a, st, 5);
    s->address_text = hidden ? NULL : db_col_dup(a, st, 6);
    s->status = db_col_dup(a, st, 7);
    s->category_id = sqlite3_column_int64(st, 8);
    s->wijk_id = sqlite3_column_int64(st, 9);
    s->buurt_id = sqlite3_column_int64(st, 10);
    s->owner_org_id = sqlite3_column_int64(st, 11);
    s->owner_user_id = sqlite3_column_int64(st, 12);
    s->merged_into = sqlite3_column_int64(st, 13);
    s->parent_id = sqlite3_column_int64(st, 14);
    s->lat = sqlite3_column_double(st, 15);
    s->lon = sqlite3_column_double(st, 16);
    s->location_known = sqlite3_column_int(st, 17);
    s->handoffs = sqlite3_column_int(st, 19);
    s->is_public = sqlite3_column_int(st, 20);
    s->created_at = sqlite3_column_int64(st, 21);
    s->updated_at = sqlite3_column_int64(st, 22);
    s->deadline_at = sqlite3_column_int64(st, 23);
    s->closed_at = sqlite3_column_int64(st, 24);
    s->category_name = db_col_dup(a, st, 25);
    s->main_category_name = db_col_dup(a, st, 26);
    s->wijk_name = db_col_dup(a, st, 27);
    s->owner_org_name = db_col_dup(a, st, 28);
    s->owner_user_name = db_col_dup(a, st, 29);
    s->handling_message = db_col_dup(a, st, 30);
    s->hazard = sqlite3_column_int(st, 36);
    s->reply_by = db_col_dup(a, st, 37);
    if (!hidden) {
        s->addr.street = db_col_dup(a, st, 32);
        s->addr.number = db_col_dup(a, st, 33);
        s->addr.postcode = db_col_dup(a, st, 34);
        s->addr.city = db_col_dup(a, st, 35);
    }
}

static const char SQL_SIG_GET[] = "SELECT " SIG_COLUMNS " WHERE s.id = ?1";
static const char SQL_SIG_TOKEN[] = "SELECT " SIG_COLUMNS " WHERE s.token = ?1";

static int get_one(arena *a, sqlite3_stmt *st, struct signal *s)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_signal(a, st, s, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

int signal_get(db *d, arena *a, int64_t id, struct signal *s)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SIG_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return get_one(a, st, s);
}

int signal_get_by_token(db *d, arena *a, const char *token, struct signal *s)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SIG_TOKEN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
    return get_one(a, st, s);
}

static const char SQL_EVENTS[] =
    "SELECT e.id, e.at, e.kind, e.from_status, e.to_status, fo.name, t.name, e.text, e.public,"
    " u.name, e.confidential, coalesce(fo.kind = 'care_network', 0),"
    " coalesce(t.kind = 'care_network', 0), e.public_explanation FROM signal_event e"
    " LEFT JOIN organisation fo ON fo.id = e.from_org_id"
    " LEFT JOIN organisation t ON t.id = e.to_org_id LEFT JOIN user u ON u.id = e.user_id"
    " WHERE e.signal_id = ?1 AND (?2 = 0 OR e.public) AND (?3 = 0 OR NOT e.confidential)"
    " ORDER BY e.at, e.id";

int signal_events(db *d, arena *a, int64_t id, int public_only, int shared_only,
                  struct signal_event **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_EVENTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, public_only);
    sqlite3_bind_int(st, 3, shared_only);
    size_t cap = 0, cnt = 0;
    struct signal_event *v = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        v = db_grow(a, v, &cap, cnt, sizeof *v);
        if (!v)
            break;
        struct signal_event *e = &v[cnt++];
        e->id = sqlite3_column_int64(st, 0);
        e->at = sqlite3_column_int64(st, 1);
        e->kind = db_col_dup(a, st, 2);
        e->from_status = db_col_dup(a, st, 3);
        e->to_status = db_col_dup(a, st, 4);
        e->from_org = db_col_dup(a, st, 5);
        e->to_org = db_col_dup(a, st, 6);
        e->text = db_col_dup(a, st, 7);
        e->public = sqlite3_column_int(st, 8);
        e->user_name = db_col_dup(a, st, 9);
        e->confidential = sqlite3_column_int(st, 10);
        e->from_care = sqlite3_column_int(st, 11);
        e->to_care = sqlite3_column_int(st, 12);
        e->public_explanation = db_col_dup(a, st, 13);
    }
    sqlite3_reset(st);
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_CONTACTS[] = "SELECT id, name, email, phone, erased_at IS NOT NULL"
                                   " FROM signal_contact WHERE signal_id = ?1 ORDER BY id";

int signal_contacts(db *d, arena *a, int64_t id, struct signal_contact **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CONTACTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    size_t cap = 0, cnt = 0;
    struct signal_contact *v = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        v = db_grow(a, v, &cap, cnt, sizeof *v);
        if (!v)
            break;
        struct signal_contact *c = &v[cnt++];
        c->id = sqlite3_column_int64(st, 0);
        c->name = db_col_dup(a, st, 1);
        c->email = db_col_dup(a, st, 2);
        c->phone = db_col_dup(a, st, 3);
        c->erased = sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    *out = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_ANSWERS[] = "SELECT code, value FROM signal_answer WHERE signal_id = ?1"
                                  " AND (?2 = 0 OR NOT confidential) ORDER BY code";

int signal_answers(db *d, arena *a, int64_t id, int shared_only, const char ***codes,
                   const char ***values, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ANSWERS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, shared_only);
    size_t cap = 0, cap2 = 0, cnt = 0;
    const char **c = NULL, **v = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        c = db_grow(a, c, &cap, cnt, sizeof *c);
        v = db_grow(a, v, &cap2, cnt, sizeof *v);
        if (!c || !v)
            break;
        c[cnt] = db_col_dup(a, st, 0);
        v[cnt] = db_col_dup(a, st, 1);
        cnt++;
    }
    sqlite3_reset(st);
    *codes = c;
    *values = v;
    *n = cnt;
    return DB_OK;
}

static const char SQL_SET_STATUS[] =
    "UPDATE signal SET status = ?2, updated_at = ?3,"
    " closed_at = CASE WHEN ?4 THEN ?3 ELSE NULL END WHERE id = ?1";

int signal_set_status(db *d, int64_t id, const char *status, int64_t now, int closed)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SET_STATUS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int(st, 4, closed);
    return db_exec_stmt(st);
}

static const char SQL_SET_OWNER[] =
    "UPDATE signal SET owner_org_id = ?2, owner_user_id = ?3, confidential = ?4,"
    " handoffs = handoffs + (owner_org_id != ?2), updated_at = ?5 WHERE id = ?1";

int signal_set_owner(db *d, int64_t id, int64_t org_id, int64_t user_id, int confidential,
                     int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SET_OWNER);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, org_id);
    db_bind_id(st, 3, user_id);
    sqlite3_bind_int(st, 4, confidential);
    sqlite3_bind_int64(st, 5, now);
    return db_exec_stmt(st);
}

/*
 * The work list. Every filter is in LIST_FILTERS as "?N IS NULL OR ...", so
 * one statement serves every combination; but such a condition cannot lead
 * SQLite to an index, which then scans signal_created from the newest down
 * and, when the filters match few rows, the whole table (600 ms at a million
 * signals for the open signals of a small wijk). So each variant below adds
 * one filter again as a plain condition that an index can serve in the
 * order of the list (created_at DESC, id DESC; id is the rowid, the last key
 * of every index), and signal_list picks the variant whose condition is
 * likely the most selective. The keyset bound is a plain row-value range, so
 * a later page starts where the previous one ended instead of at the top.
 */
#define LIST_FILTERS                                                                               \
    " (?1 IS NULL OR (?1 = 'open' AND s.closed_at IS NULL) OR s.status = ?1)"                      \
    " AND (?2 IS NULL OR s.category_id = ?2"                                                       \
    "   OR s.category_id IN (SELECT id FROM category WHERE parent_id = ?2))"                       \
    " AND (?3 IS NULL OR s.wijk_id = ?3)"                                                          \
    " AND (?4 IS NULL OR s.wijk_id IN (SELECT area_id FROM area_region WHERE region_id = ?4"       \
    "   AND valid_to IS NULL))"                                                                    \
    " AND (?5 IS NULL OR s.owner_org_id = ?5)"                                                     \
    " AND (?6 IS NULL OR s.channel = ?6)"                                                          \
    " AND (?7 = 0 OR (s.closed_at IS NULL AND s.deadline_at < ?8))"                                \
    " AND (?9 IS NULL OR s.created_at >= ?9) AND (?10 IS NULL OR s.created_at < ?10)"              \
    " AND (?16 IS NULL OR s.owner_user_id = ?16)"                                                  \
    " AND (?15 = 0 OR NOT s.confidential)"                                                         \
    " AND s.merged_into IS NULL"

/* The search, through every signal's words or (migration 0009) through the
 * open signals' alone, and through the answers to the category's questions
 * (migration 0015); a search must not reveal words of content the caller
 * may not read (?15): both word indexes hold the care network's
 * descriptions and address texts too, so every variant drops a match on a
 * confidential one, and outside the care network the answers are searched
 * in their shared column alone. */
#define ANSWER_MATCH                                                                               \
    " UNION SELECT rowid FROM signal_answer_fts WHERE signal_answer_fts MATCH"                     \
    " CASE WHEN ?15 THEN 'shared : (' || ?11 || ')' ELSE ?11 END"
#define SEARCH_ALL                                                                                 \
    " AND (?11 IS NULL OR (s.id IN (SELECT rowid FROM signal_fts WHERE signal_fts MATCH "          \
    "?11" ANSWER_MATCH ") AND (?15 = 0 OR NOT s.intake_confidential)))"
/* In the open signals, the matches are a set that each row of signal_open
 * is tested against (the unary + keeps SQLite from looking up every match
 * in the table instead): the index carries every filtered column, so the
 * counts read no table row and a page reads only the rows it shows. */
#define SEARCH_OPEN                                                                                \
    " AND +s.id IN (SELECT rowid FROM signal_open_fts WHERE signal_open_fts MATCH "                \
    "?11" ANSWER_MATCH ") AND (?15 = 0 OR NOT s.intake_confidential)"

/* The three orders of the list, each with its keyset bound: the key of the
 * last row shown, (?12, ?13), and the rows after it in the order. */
#define ORDER_NEWEST                                                                               \
    " AND (s.created_at, s.id) < (?12, ?13) ORDER BY s.created_at DESC, s.id DESC LIMIT ?14"
#define ORDER_OLDEST " AND (s.created_at, s.id) > (?12, ?13) ORDER BY s.created_at, s.id LIMIT ?14"
#define ORDER_DEADLINE                                                                             \
    " AND (s.deadline_at, s.id) > (?12, ?13) ORDER BY s.deadline_at, s.id LIMIT ?14"

/* The variants, each with one filter again as a plain condition. */
enum list_variant {
    LV_ANY,          /* signal_created */
    LV_OPEN,         /* open or overdue: signal_open (signal_open_deadline by deadline) */
    LV_STATUS,       /* one status: signal_status */
    LV_OWNER_STATUS, /* a department's queue in one status: signal_owner */
    LV_OWNER,        /* a department's queue: signal_owner_created */
    LV_WIJK,         /* one wijk: signal_wijk */
    LV_CATEGORY,     /* one sub category (a main one spreads over its subs): signal_category */
    LV_WORDS,        /* words that few signals contain: the matches themselves, sorted */
    LV_PERSON,       /* one person's signals: signal_owner_user */
    LV_OPEN_WORDS,   /* a search in the open signals: signal_open_fts */
    LV__COUNT
};

#define LIST_VARIANTS(ORDER)                                                                       \
    {                                                                                              \
        [LV_ANY] = "SELECT " SIG_COLUMNS " WHERE" LIST_FILTERS SEARCH_ALL ORDER,                   \
        [LV_OPEN] =                                                                                \
            "SELECT " SIG_COLUMNS " WHERE s.closed_at IS NULL AND" LIST_FILTERS SEARCH_ALL ORDER,  \
        [LV_STATUS] =                                                                              \
            "SELECT " SIG_COLUMNS " WHERE s.status = ?1 AND" LIST_FILTERS SEARCH_ALL ORDER,        \
        [LV_OWNER_STATUS] =                                                                        \
            "SELECT " SIG_COLUMNS                                                                  \
            " WHERE s.owner_org_id = ?5 AND s.status = ?1 AND" LIST_FILTERS SEARCH_ALL ORDER,      \
        [LV_OWNER] =                                                                               \
            "SELECT " SIG_COLUMNS " WHERE s.owner_org_id = ?5 AND" LIST_FILTERS SEARCH_ALL ORDER,  \
        [LV_WIJK] =                                                                                \
            "SELECT " SIG_COLUMNS " WHERE s.wijk_id = ?3 AND" LIST_FILTERS SEARCH_ALL ORDER,       \
        [LV_CATEGORY] =                                                                            \
            "SELECT " SIG_COLUMNS " WHERE s.category_id = ?2 AND" LIST_FILTERS SEARCH_ALL ORDER,   \
        [LV_WORDS] =                                                                               \
            "SELECT " SIG_COLUMNS " WHERE s.id IN (SELECT rowid FROM signal_fts"                   \
            " WHERE signal_fts MATCH ?11" ANSWER_MATCH ") AND" LIST_FILTERS SEARCH_ALL ORDER,      \
        [LV_PERSON] = "SELECT " SIG_COLUMNS                                                        \
                      " WHERE s.owner_user_id = ?16 AND" LIST_FILTERS SEARCH_ALL ORDER,            \
        [LV_OPEN_WORDS] =                                                                          \
            "SELECT " SIG_COLUMNS " WHERE s.closed_at IS NULL AND" LIST_FILTERS SEARCH_OPEN ORDER, \
    }

static const char *const SQL_LIST[SIGNAL_ORDER__COUNT][LV__COUNT] = {
    [SIGNAL_ORDER_NEWEST] = LIST_VARIANTS(ORDER_NEWEST),
    [SIGNAL_ORDER_OLDEST] = LIST_VARIANTS(ORDER_OLDEST),
    [SIGNAL_ORDER_DEADLINE] = LIST_VARIANTS(ORDER_DEADLINE),
};

/* How many signals contain the words (in their text or their answers),
 * counted up to LIST_FEW_WORDS + 1. */
#define LIST_FEW_WORDS 1000
static const char SQL_WORDS_PROBE[] =
    "SELECT count(*) FROM (SELECT rowid FROM signal_fts WHERE signal_fts MATCH ?1"
    " UNION ALL SELECT rowid FROM signal_answer_fts WHERE signal_answer_fts MATCH ?1 LIMIT 1001)";
static const char SQL_IS_SUB_CATEGORY[] =
    "SELECT parent_id IS NOT NULL FROM category WHERE id = ?1";

static int64_t list_scalar(db *d, const char *sql, int64_t id, const char *text)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return -1;
    if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return v;
}

/* The variant for f: the condition that probably keeps the fewest rows. */
static enum list_variant list_variant(db *d, const struct signal_filter *f)
{
    const char *status = f->status && *f->status ? f->status : NULL;
    bool open = (status && strcmp(status, "open") == 0) || f->overdue;
    /* most signals end in one of these two: a filter on them keeps nearly all */
    bool common =
        status && (strcmp(status, "afgehandeld") == 0 || strcmp(status, "geannuleerd") == 0);
    if (f->search && *f->search && open)
        return LV_OPEN_WORDS;
    if (f->search && *f->search) {
        int64_t n = list_scalar(d, SQL_WORDS_PROBE, 0, f->search);
        if (n >= 0 && n <= LIST_FEW_WORDS)
            return LV_WORDS;
    }
    /* one person carries a few hundred signals at most, open ones fewer */
    if (f->owner_user_id && !open)
        return LV_PERSON;
    if (open)
        return LV_OPEN;
    if (status && !common)
        return f->owner_org_id ? LV_OWNER_STATUS : LV_STATUS;
    if (f->wijk_id)
        return LV_WIJK;
    if (f->category_id && list_scalar(d, SQL_IS_SUB_CATEGORY, f->category_id, NULL) == 1)
        return LV_CATEGORY;
    if (f->owner_org_id)
        return status ? LV_OWNER_STATUS : LV_OWNER;
    return status ? LV_STATUS : LV_ANY;
}

int64_t signal_list_key(const struct signal *s, enum signal_order order)
{
    return order == SIGNAL_ORDER_DEADLINE ? s->deadline_at : s->created_at;
}

/* Binds f's filters and the keyset bound of a list statement. */
static void list_bind(sqlite3_stmt *st, const struct signal_filter *f, enum signal_order order,
                      int64_t after_created, int64_t after_id, size_t limit)
{
    db_bind_text_opt(st, 1, f->status);
    db_bind_id(st, 2, f->category_id);
    db_bind_id(st, 3, f->wijk_id);
    db_bind_id(st, 4, f->region_id);
    db_bind_id(st, 5, f->owner_org_id);
    db_bind_text_opt(st, 6, f->channel);
    sqlite3_bind_int(st, 7, f->overdue);
    sqlite3_bind_int64(st, 8, f->now);
    db_bind_id(st, 9, f->from);
    db_bind_id(st, 10, f->to);
    db_bind_text_opt(st, 11, f->search);
    /* no key: from the top, past a bound every row lies beyond */
    int64_t edge = order == SIGNAL_ORDER_NEWEST ? INT64_MAX : INT64_MIN;
    sqlite3_bind_int64(st, 12, after_created ? after_created : edge);
    sqlite3_bind_int64(st, 13, after_created ? after_id : edge);
    sqlite3_bind_int64(st, 14, (int64_t)limit);
    /* the care network's cases, and words of content the caller may not read */
    sqlite3_bind_int(st, 15, f->hide_confidential_content);
    db_bind_id(st, 16, f->owner_user_id);
}

static int list_read(db *d, arena *a, sqlite3_stmt *st, const struct signal_filter *f,
                     struct signal **out, size_t *n)
{
    (void)d;
    size_t cap = 0, cnt = 0;
    struct signal *v = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = db_grow(a, v, &cap, cnt, sizeof *v);
        if (!v)
            break;
        read_signal(a, st, &v[cnt++], f->hide_confidential_content);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

int signal_list(db *d, arena *a, const struct signal_filter *f, int64_t after_created,
                int64_t after_id, size_t limit, struct signal **out, size_t *n)
{
    enum signal_order order = (unsigned)f->order < SIGNAL_ORDER__COUNT ? f->order : 0;
    sqlite3_stmt *st = db_stmt(d, SQL_LIST[order][list_variant(d, f)]);
    if (!st)
        return DB_ERROR;
    list_bind(st, f, order, after_created, after_id, limit);
    return list_read(d, a, st, f, out, n);
}

/* The open dangerous signals (signal_open_hazard), with the list's filters. */
static const char SQL_LIST_HAZARD[] =
    "SELECT " SIG_COLUMNS
    " WHERE s.hazard = 1 AND s.closed_at IS NULL AND" LIST_FILTERS SEARCH_ALL ORDER_DEADLINE;

int signal_list_hazard(db *d, arena *a, const struct signal_filter *f, size_t limit,
                       struct signal **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST_HAZARD);
    if (!st)
        return DB_ERROR;
    list_bind(st, f, SIGNAL_ORDER_DEADLINE, 0, 0, limit);
    return list_read(d, a, st, f, out, n);
}

/* The counts read the open signals, with the list's filters but its status
 * and overdue filter (?1 and ?7 bound to nothing), from signal_open alone: it
 * carries every column the filters name (migration 0036), and no filter
 * needs the category's row (a main category is a set of sub categories). */
#define COUNT_OPEN                                                                                 \
    "SELECT count(*), coalesce(sum(s.deadline_at < ?8), 0) FROM signal s"                          \
    " WHERE s.closed_at IS NULL AND" LIST_FILTERS
static const char *const SQL_COUNTS[2] = {COUNT_OPEN, COUNT_OPEN SEARCH_OPEN};

/* The counts of the last few filters, kept per thread until the database
 * changes (any commit, by this connection or another: db_version) or
 * COUNT_MEMO_SECONDS pass, since the overdue count moves with the clock.
 * Staff who page through a list or open a signal and come back ask for the
 * same counts again. A filter whose key does not fit is not kept: the
 * memory is COUNT_MEMO_SLOTS small entries per thread, whatever is asked. */
#define COUNT_MEMO_SLOTS   8
#define COUNT_MEMO_SECONDS 5
struct count_memo {
    struct db_version version;
    int64_t at, open, overdue;
    char key[192];
};
static _Thread_local struct count_memo t_memo[COUNT_MEMO_SLOTS];
static _Thread_local unsigned t_memo_next;

/* f's counting filters as one string; false when it does not fit. */
static bool count_key(const struct signal_filter *f, char *key, size_t size)
{
    const char *ch = f->channel ? f->channel : "", *q = f->search ? f->search : "";
    int n = snprintf(key, size, "%lld %lld %lld %lld %lld %lld %lld %d %zu:%s %zu:%s",
                     (long long)f->category_id, (long long)f->wijk_id, (long long)f->region_id,
                     (long long)f->owner_org_id, (long long)f->from, (long long)f->to,
                     (long long)f->owner_user_id, f->hide_confidential_content ? 1 : 0, strlen(ch),
                     ch, strlen(q), q);
    return n > 0 && (size_t)n < size;
}

static struct count_memo *count_memo_find(const struct db_version *v, const char *key, int64_t now)
{
    for (size_t i = 0; i < COUNT_MEMO_SLOTS; i++) {
        struct count_memo *m = &t_memo[i];
        if (m->key[0] && db_version_same(&m->version, v) && now >= m->at &&
            now - m->at < COUNT_MEMO_SECONDS && strcmp(m->key, key) == 0)
            return m;
    }
    return NULL;
}

static int counts_query(db *d, const struct signal_filter *f, int64_t *open, int64_t *overdue);

int signal_list_counts(db *d, const struct signal_filter *f, int64_t *open, int64_t *overdue)
{
    *open = *overdue = 0;
    char key[sizeof t_memo[0].key];
    struct db_version v;
    bool memo = count_key(f, key, sizeof key) && db_version(d, &v) == DB_OK;
    struct count_memo *m = memo ? count_memo_find(&v, key, f->now) : NULL;
    if (m) {
        *open = m->open;
        *overdue = m->overdue;
        return DB_OK;
    }
    int rc = counts_query(d, f, open, overdue);
    if (rc == DB_OK && memo) {
        m = &t_memo[t_memo_next++ % COUNT_MEMO_SLOTS];
        m->version = v;
        m->at = f->now;
        m->open = *open;
        m->overdue = *overdue;
        memcpy(m->key, key, sizeof key);
    }
    return rc;
}

static int counts_query(db *d, const struct signal_filter *f, int64_t *open, int64_t *overdue)
{
    bool search = f->search && *f->search;
    sqlite3_stmt *st = db_stmt(d, SQL_COUNTS[search]);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_null(st, 1);
    db_bind_id(st, 2, f->category_id);
    db_bind_id(st, 3, f->wijk_id);
    db_bind_id(st, 4, f->region_id);
    db_bind_id(st, 5, f->owner_org_id);
    db_bind_text_opt(st, 6, f->channel);
    sqlite3_bind_int(st, 7, 0);
    sqlite3_bind_int64(st, 8, f->now);
    db_bind_id(st, 9, f->from);
    db_bind_id(st, 10, f->to);
    if (search)
        sqlite3_bind_text(st, 11, f->search, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 15, f->hide_confidential_content);
    db_bind_id(st, 16, f->owner_user_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *open = sqlite3_column_int64(st, 0);
        *overdue = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

/* The queue reads the department's open signals (signal_open) and the
 * person's (signal_owner_user). */
static const char SQL_QUEUE[] =
    "SELECT coalesce(sum(status = 'gemeld'), 0), coalesce(sum(deadline_at < ?3), 0),"
    " coalesce(sum(status = 'wacht_op_melder'), 0),"
    " (SELECT count(*) FROM signal WHERE owner_user_id = ?2 AND closed_at IS NULL"
    "   AND merged_into IS NULL AND (?4 = 0 OR NOT confidential))"
    " FROM signal WHERE owner_org_id = ?1 AND closed_at IS NULL AND merged_into IS NULL"
    " AND (?4 = 0 OR NOT confidential)";

int signal_queue_counts(db *d, int64_t org_id, int64_t user_id, int64_t now, int hide,
                        struct signal_queue *q)
{
    memset(q, 0, sizeof *q);
    sqlite3_stmt *st = db_stmt(d, SQL_QUEUE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int(st, 4, hide);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        q->fresh = sqlite3_column_int64(st, 0);
        q->overdue = sqlite3_column_int64(st, 1);
        q->waiting = sqlite3_column_int64(st, 2);
        q->mine = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

/* The last non-confidential hand-off (signal_event_shared_handoff of
 * migration 0011) and the last status of a non-confidential entry. */
static const char SQL_SHARED[] =
    "SELECT e.at, coalesce((SELECT x.to_status FROM signal_event x WHERE x.signal_id = ?1"
    "   AND NOT x.confidential AND x.to_status IS NOT NULL ORDER BY x.at DESC, x.id DESC LIMIT 1),"
    "   'gemeld'), o.name"
    " FROM signal_event e LEFT JOIN organisation o ON o.id = e.from_org_id"
    " WHERE e.signal_id = ?1 AND e.kind = 'handoff' AND NOT e.confidential"
    " ORDER BY e.at DESC, e.id DESC LIMIT 1";

static void read_shared(arena *a, sqlite3_stmt *st, void *row)
{
    struct signal_shared *x = row;
    x->at = sqlite3_column_int64(st, 0);
    x->status = db_col_dup(a, st, 1);
    x->from_org = db_col_dup(a, st, 2);
}

int signal_shared_state(db *d, arena *a, int64_t id, struct signal_shared *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(d, SQL_SHARED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_shared, out);
}

static const char SQL_LINK_ADD[] =
    "INSERT INTO signal_care_link (care_signal_id, signal_id, at) VALUES (?1, ?2, ?3)";

int signal_care_link_add(db *d, int64_t care_signal_id, int64_t signal_id, int64_t at)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LINK_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, care_signal_id);
    sqlite3_bind_int64(st, 2, signal_id);
    sqlite3_bind_int64(st, 3, at);
    return db_exec_stmt(st);
}

static const char SQL_LINKS[] =
    "SELECT care_signal_id, signal_id, at FROM signal_care_link"
    " WHERE care_signal_id = ?1 OR signal_id = ?1 ORDER BY at, signal_id";

static void read_link(arena *a, sqlite3_stmt *st, void *row)
{
    (void)a;
    struct signal_care_link *l = row;
    l->care_signal_id = sqlite3_column_int64(st, 0);
    l->signal_id = sqlite3_column_int64(st, 1);
    l->at = sqlite3_column_int64(st, 2);
}

int signal_care_links(db *d, arena *a, int64_t id, struct signal_care_link **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LINKS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_rows(a, st, sizeof **out, read_link, out, n);
}

static const char SQL_SIG_BY_CREATOR[] =
    "SELECT " SIG_COLUMNS " WHERE s.created_by = ?1 AND s.channel = ?2"
    " ORDER BY s.created_at DESC, s.id DESC LIMIT ?3";

int signal_list_created_by(db *d, arena *a, int64_t user_id, const char *channel, size_t limit,
                           struct signal **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SIG_BY_CREATOR);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, channel, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (int64_t)limit);
    /* what the care network wrote stays hidden */
    struct signal_filter f = {.hide_confidential_content = 1};
    return list_read(d, a, st, &f, out, n);
}

/* --- the confirmation's holder --------------------------------------------- */

static const char SQL_RECEIPT_PRUNE[] = "DELETE FROM report_receipt WHERE expires_at <= ?1";
static const char SQL_RECEIPT_ADD[] =
    "INSERT OR REPLACE INTO report_receipt (signal_id, holder, expires_at) VALUES (?1, ?2, ?3)";
static const char SQL_RECEIPT_HELD[] =
    "SELECT count(*) FROM report_receipt WHERE signal_id = ?1 AND holder = ?2 AND expires_at > ?3";

int report_receipt_add(db *d, int64_t signal_id, const char *holder, int64_t now,
                       int64_t expires_at)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RECEIPT_PRUNE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, now);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    st = db_stmt(d, SQL_RECEIPT_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, signal_id);
    sqlite3_bind_text(st, 2, holder, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, expires_at);
    return db_exec_stmt(st);
}

int report_receipt_held(db *d, int64_t signal_id, const char *holder, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RECEIPT_HELD);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, signal_id);
    sqlite3_bind_text(st, 2, holder, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) > 0 : -1;
    sqlite3_reset(st);
    return v;
}

/* --- photos held for a form that came back ---------------------------------- */

static const char SQL_PENDING_PRUNE[] = "DELETE FROM pending_photo WHERE expires_at <= ?1";
static const char SQL_PENDING_TRIM[] =
    "DELETE FROM pending_photo WHERE id IN (SELECT id FROM (SELECT id, sum(length(photo) + "
    "length(thumb)) OVER (ORDER BY id DESC) AS total, row_number() OVER (ORDER BY id DESC) AS rn"
    " FROM pending_photo) WHERE total > ?1 OR rn >= ?2)";
static const char SQL_PENDING_ADD[] =
    "INSERT INTO pending_photo (holder, photo, thumb, width, height, created_at, expires_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char *const SQL_PENDING_LIST[2] = {
    "SELECT id, NULL, thumb, width, height FROM pending_photo WHERE holder = ?1 AND expires_at > "
    "?2 ORDER BY id",
    "SELECT id, photo, thumb, width, height FROM pending_photo WHERE holder = ?1 AND expires_at > "
    "?2 ORDER BY id",
};
static const char SQL_PENDING_DELETE[] =
    "DELETE FROM pending_photo WHERE holder = ?1 AND (?2 = 0 OR id = ?2)";

int pending_photo_prune(db *d, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PENDING_PRUNE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, now);
    return db_exec_stmt(st);
}

int pending_photo_add(db *d, const char *holder, const void *photo, size_t photo_len,
                      const void *thumb, size_t thumb_len, int width, int height, int64_t now,
                      int64_t expires_at, int64_t max_bytes, int max_rows)
{
    int rc = pending_photo_prune(d, now);
    if (rc != DB_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(d, SQL_PENDING_TRIM);
    if (!st)
        return DB_ERROR;
    /* the rows kept, newest first, with this one must fit */
    sqlite3_bind_int64(st, 1, max_bytes - (int64_t)(photo_len + thumb_len));
    sqlite3_bind_int64(st, 2, max_rows);
    if ((rc = db_exec_stmt(st)) != DB_OK)
        return rc;
    if (!(st = db_stmt(d, SQL_PENDING_ADD)))
        return DB_ERROR;
    sqlite3_bind_text(st, 1, holder, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 2, photo, photo_len, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 3, thumb, thumb_len, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, width);
    sqlite3_bind_int(st, 5, height);
    sqlite3_bind_int64(st, 6, now);
    sqlite3_bind_int64(st, 7, expires_at);
    return db_exec_stmt(st);
}

static const void *blob_copy(arena *a, sqlite3_stmt *st, int col, size_t *len)
{
    const void *b = sqlite3_column_blob(st, col);
    *len = (size_t)sqlite3_column_bytes(st, col);
    if (!b || !*len)
        return NULL;
    void *c = arena_alloc(a, *len);
    if (c)
        memcpy(c, b, *len);
    return c;
}

static void read_pending(arena *a, sqlite3_stmt *st, void *row)
{
    struct pending_photo_row *p = row;
    p->id = sqlite3_column_int64(st, 0);
    p->photo = blob_copy(a, st, 1, &p->photo_len);
    p->thumb = blob_copy(a, st, 2, &p->thumb_len);
    p->width = sqlite3_column_int(st, 3);
    p->height = sqlite3_column_int(st, 4);
}

int pending_photo_list(db *d, arena *a, const char *holder, int64_t now, int with_bytes,
                       struct pending_photo_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_PENDING_LIST[with_bytes != 0]);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, holder, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    return db_rows(a, st, sizeof **out, read_pending, out, n);
}

int pending_photo_delete(db *d, const char *holder, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PENDING_DELETE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, holder, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    return db_exec_stmt(st);
}

/* The process guard's counts (signal_open holds the open signals). */
#define REGION_COUNTS(key, name, join)                                                             \
    "SELECT coalesce(" key ", 0), " name ", count(*), coalesce(sum(s.deadline_at < ?2), 0)"        \
    " FROM signal s " join " WHERE s.closed_at IS NULL AND s.merged_into IS NULL"                  \
    " AND s.wijk_id IN (SELECT area_id FROM area_region WHERE region_id = ?1 AND valid_to IS "     \
    "NULL)"                                                                                        \
    " AND (?3 = 0 OR NOT s.confidential) GROUP BY 1 ORDER BY 3 DESC, 2"
static const char *const SQL_REGION_COUNTS[2] = {
    REGION_COUNTS("s.owner_org_id", "o.name", "LEFT JOIN organisation o ON o.id = s.owner_org_id"),
    REGION_COUNTS("s.wijk_id", "w.name", "JOIN area w ON w.id = s.wijk_id"),
};

int signal_region_counts(db *d, arena *a, int64_t region_id, enum signal_grouping by, int64_t now,
                         int hide, struct signal_group_count **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_REGION_COUNTS[by == SIGNAL_BY_WIJK]);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, region_id);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int(st, 3, hide);
    struct signal_group_count *v = NULL;
    size_t cap = 0, cnt = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!(v = db_grow(a, v, &cap, cnt, sizeof *v)))
            break;
        v[cnt].id = sqlite3_column_int64(st, 0);
        v[cnt].name = db_col_dup(a, st, 1);
        v[cnt].open = sqlite3_column_int64(st, 2);
        v[cnt].overdue = sqlite3_column_int64(st, 3);
        cnt++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}
