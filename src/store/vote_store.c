/*
 * vote_store.c: SQL of votes (vote_store.h). The record of who voted and
 * the ballots are written by separate statements and never read together.
 */
#include "vote_store.h"

#include <string.h>

static void read_vote(arena *a, sqlite3_stmt *st, void *row)
{
    struct vote_row *v = row;
    memset(v, 0, sizeof *v);
    v->id = sqlite3_column_int64(st, 0);
    v->consultation_id = sqlite3_column_int64(st, 1);
    v->kind = db_col_dup(a, st, 2);
    v->budget_min = sqlite3_column_int64(st, 3);
    v->budget_max = sqlite3_column_int64(st, 4);
    v->pick_max = sqlite3_column_int64(st, 5);
    v->opens_on = db_col_dup(a, st, 6);
    v->closes_on = db_col_dup(a, st, 7);
}

static const char SQL_GET[] = "SELECT id, consultation_id, kind, budget_min, budget_max, pick_max,"
                              " opens_on, closes_on FROM vote WHERE consultation_id = ?1";

int vote_get(db *d, arena *a, int64_t consultation_id, struct vote_row *v)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, consultation_id);
    return db_row(a, st, read_vote, v);
}

static const char SQL_INSERT[] =
    "INSERT INTO vote (consultation_id, kind, budget_min, budget_max, pick_max, opens_on,"
    " closes_on, created_at, created_by, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?9)";
static const char SQL_UPDATE[] =
    "UPDATE vote SET kind = ?2, budget_min = ?3, budget_max = ?4, pick_max = ?5, opens_on = ?6,"
    " closes_on = ?7, updated_at = ?8, updated_by = ?9 WHERE id = ?10 AND consultation_id = ?1";
static const char SQL_OPT_CLEAR[] = "DELETE FROM vote_option WHERE vote_id = ?1";
static const char SQL_OPT_ADD[] =
    "INSERT INTO vote_option (vote_id, idea_id, cost) VALUES (?1, ?2, ?3)";

int vote_store_save(db *d, const struct vote_row *v, const struct vote_option_row *opt, size_t n,
                    int64_t user_id, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, v->id ? SQL_UPDATE : SQL_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, v->consultation_id);
    sqlite3_bind_text(st, 2, v->kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, v->budget_min);
    sqlite3_bind_int64(st, 4, v->budget_max);
    sqlite3_bind_int64(st, 5, v->pick_max);
    sqlite3_bind_text(st, 6, v->opens_on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, v->closes_on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 8, now);
    db_bind_id(st, 9, user_id);
    if (v->id)
        sqlite3_bind_int64(st, 10, v->id);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    if (v->id && db_changes(d) == 0)
        return DB_NOTFOUND;
    int64_t vid = v->id ? v->id : db_last_id(d);
    if (!(st = db_stmt(d, SQL_OPT_CLEAR)))
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, vid);
    if ((rc = db_exec_stmt(st)) != DB_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!(st = db_stmt(d, SQL_OPT_ADD)))
            return DB_ERROR;
        sqlite3_bind_int64(st, 1, vid);
        sqlite3_bind_int64(st, 2, opt[i].idea_id);
        sqlite3_bind_int64(st, 3, opt[i].cost);
        if ((rc = db_exec_stmt(st)) != DB_OK)
            return rc;
    }
    if (id)
        *id = vid;
    return DB_OK;
}

static void read_option(arena *a, sqlite3_stmt *st, void *row)
{
    struct vote_option_row *o = row;
    memset(o, 0, sizeof *o);
    o->idea_id = sqlite3_column_int64(st, 0);
    o->cost = sqlite3_column_int64(st, 1);
    o->title = db_col_dup(a, st, 2);
    o->votes = sqlite3_column_int64(st, 3);
}

static const char SQL_OPTIONS[] =
    "SELECT o.idea_id, o.cost, i.title, 0 FROM vote_option o"
    " JOIN consult_idea i ON i.id = o.idea_id WHERE o.vote_id = ?1 ORDER BY o.idea_id";

int vote_options(db *d, arena *a, int64_t vote_id, struct vote_option_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OPTIONS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, vote_id);
    return db_rows(a, st, sizeof **out, read_option, out, n);
}

static const char SQL_COUNT[] = "SELECT count(*) FROM vote_cast WHERE vote_id = ?1";

int vote_cast_count(db *d, int64_t vote_id, int64_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_COUNT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, vote_id);
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_EXISTS[] =
    "SELECT EXISTS (SELECT 1 FROM vote_cast WHERE vote_id = ?1 AND participant = ?2)";

int vote_cast_exists(db *d, int64_t vote_id, const char *participant, bool *yes)
{
    sqlite3_stmt *st = db_stmt(d, SQL_EXISTS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, vote_id);
    sqlite3_bind_text(st, 2, participant, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    *yes = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_CAST[] =
    "INSERT INTO vote_cast (vote_id, participant, wijk_id, channel, age_band, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int vote_cast_insert(db *d, int64_t vote_id, const struct consult_act *act)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CAST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, vote_id);
    sqlite3_bind_text(st, 2, act->participant, -1, SQLITE_TRANSIENT);
    db_bind_id(st, 3, act->wijk_id);
    sqlite3_bind_text(st, 4, act->channel, -1, SQLITE_TRANSIENT);
    db_bind_text_opt(st, 5, act->age_band);
    sqlite3_bind_int64(st, 6, act->created_at);
    return db_exec_stmt(st);
}

static const char SQL_BALLOT[] = "INSERT INTO vote_ballot (id, vote_id) VALUES (?1, ?2)";
static const char SQL_CHOICE[] =
    "INSERT INTO vote_ballot_choice (ballot_id, idea_id) VALUES (?1, ?2)";

int vote_ballot_insert(db *d, int64_t vote_id, int64_t ballot_id, const int64_t *idea_ids, size_t n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BALLOT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, ballot_id);
    sqlite3_bind_int64(st, 2, vote_id);
    int rc = db_exec_stmt(st);
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (!(st = db_stmt(d, SQL_CHOICE)))
            return DB_ERROR;
        sqlite3_bind_int64(st, 1, ballot_id);
        sqlite3_bind_int64(st, 2, idea_ids[i]);
        rc = db_exec_stmt(st);
    }
    return rc;
}

/* An idea is on one vote at most (one vote per consultation, an idea in
 * one consultation), so its choices are counted from the index on idea_id
 * alone. */
static const char SQL_TALLY[] =
    "SELECT o.idea_id, o.cost, i.title,"
    " (SELECT count(*) FROM vote_ballot_choice c WHERE c.idea_id = o.idea_id) AS votes"
    " FROM vote_option o JOIN consult_idea i ON i.id = o.idea_id WHERE o.vote_id = ?1"
    " ORDER BY votes DESC, o.cost, o.idea_id";

int vote_tally(db *d, arena *a, int64_t vote_id, struct vote_option_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TALLY);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, vote_id);
    return db_rows(a, st, sizeof **out, read_option, out, n);
}
