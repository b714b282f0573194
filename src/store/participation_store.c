/*
 * participation_store.c: the queries of participation_store.h.
 */
#include "participation_store.h"

/* Per participant and scope, joined to their reports of the year in the same
 * scope (the reporters' e-mail pseudonyms are 'e:' in the view). The age
 * band given last: the latest created_at with a band, its band appended. */
static const char SQL_ROWS[] =
    "WITH a AS (SELECT CASE WHEN ?4 THEN wijk_id ELSE 0 END AS scope, participant,"
    "   count(*) AS acts, substr(max(CASE WHEN age_band IS NOT NULL"
    "     THEN printf('%012d', created_at) || age_band END), 13) AS band"
    " FROM participation_act WHERE source != 'signal' AND participant IS NOT NULL"
    "   AND created_at >= ?1 AND created_at < ?2 AND (NOT ?4 OR wijk_id IS NOT NULL)"
    " GROUP BY 1, 2)"
    " SELECT a.scope, a.acts, coalesce(r.n, 0), a.band FROM a LEFT JOIN monitor_reporter r"
    "   ON r.year = ?3 AND r.scope = a.scope AND a.participant GLOB 'e:*'"
    "   AND r.pseudonym = substr(a.participant, 3)";

static void read_row(arena *a, sqlite3_stmt *st, void *row)
{
    struct participation_row *p = row;
    p->scope = sqlite3_column_int64(st, 0);
    p->acts = sqlite3_column_int64(st, 1);
    p->reports = sqlite3_column_int64(st, 2);
    p->age_band = db_col_dup(a, st, 3);
}

int participation_rows(db *d, arena *a, int64_t from, int64_t to, int year, int by_wijk,
                       struct participation_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ROWS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    sqlite3_bind_int(st, 3, year);
    sqlite3_bind_int(st, 4, by_wijk != 0);
    return db_rows(a, st, sizeof **out, read_row, out, n);
}

static const char SQL_REPORTERS[] =
    "SELECT scope, reporters, repeat FROM monitor_reach WHERE year = ?1";

static void read_reporters(arena *a, sqlite3_stmt *st, void *row)
{
    (void)a;
    struct participation_reporters *p = row;
    p->scope = sqlite3_column_int64(st, 0);
    p->reporters = sqlite3_column_int64(st, 1);
    p->repeat = sqlite3_column_int64(st, 2);
}

int participation_reporters(db *d, arena *a, int year, struct participation_reporters **out,
                            size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REPORTERS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
    return db_rows(a, st, sizeof **out, read_reporters, out, n);
}

static const char SQL_CHANNELS[] =
    "SELECT CASE WHEN ?4 THEN wijk_id ELSE 0 END, channel, count(*) FROM participation_act"
    " WHERE source != 'signal' AND created_at >= ?1 AND created_at < ?2"
    "   AND (NOT ?4 OR wijk_id IS NOT NULL) GROUP BY 1, 2"
    " UNION ALL SELECT CASE WHEN ?4 THEN m.wijk_id ELSE 0 END, c.reach, sum(m.n)"
    " FROM monitor_channel m JOIN reach_channel c ON c.channel = m.channel"
    " WHERE m.month BETWEEN ?3 * 100 + 1 AND ?3 * 100 + 12 AND (NOT ?4 OR m.wijk_id != 0)"
    " GROUP BY 1, 2";

static void read_channel(arena *a, sqlite3_stmt *st, void *row)
{
    struct participation_channel_row *p = row;
    p->scope = sqlite3_column_int64(st, 0);
    p->channel = db_col_dup(a, st, 1);
    p->n = sqlite3_column_int64(st, 2);
}

int participation_channels(db *d, arena *a, int64_t from, int64_t to, int year, int by_wijk,
                           struct participation_channel_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CHANNELS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    sqlite3_bind_int(st, 3, year);
    sqlite3_bind_int(st, 4, by_wijk != 0);
    return db_rows(a, st, sizeof **out, read_channel, out, n);
}

/* The states of spreekuur_state_of: answered (an answer and its time) in
 * time or late, else open, late once now is past due_at. */
static const char SQL_TERMS[] =
    "SELECT coalesce(wijk_id, 0), count(*),"
    " sum(answer IS NOT NULL AND answered_at IS NOT NULL AND answered_at <= due_at),"
    " sum(answer IS NOT NULL AND answered_at IS NOT NULL AND answered_at > due_at),"
    " sum((answer IS NULL OR answered_at IS NULL) AND ?3 > due_at),"
    " sum((answer IS NULL OR answered_at IS NULL) AND ?3 <= due_at)"
    " FROM spreekuur_question WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1";

static void read_term(arena *a, sqlite3_stmt *st, void *row)
{
    (void)a;
    struct spreekuur_term_row *p = row;
    p->wijk_id = sqlite3_column_int64(st, 0);
    p->questions = sqlite3_column_int64(st, 1);
    p->in_time = sqlite3_column_int64(st, 2);
    p->late = sqlite3_column_int64(st, 3);
    p->open_late = sqlite3_column_int64(st, 4);
    p->open = sqlite3_column_int64(st, 5);
}

int participation_spreekuur_terms(db *d, arena *a, int64_t from, int64_t to, int64_t now,
                                  struct spreekuur_term_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TERMS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    sqlite3_bind_int64(st, 3, now);
    return db_rows(a, st, sizeof **out, read_term, out, n);
}
