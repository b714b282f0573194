/*
 * participation_store.c: the queries of participation_store.h.
 */
#include "participation_store.h"

#include "monitor_store.h"

/* Per person and scope, from the summaries of migration 0044, joined to
 * their reports of the year in the same scope (a 'k:' person is a keyed
 * pseudonym, the reporters' too). The age band given last: the band with
 * the latest act (ties: the greater band). */
static const char SQL_ROWS[] =
    "SELECT p.scope, p.acts, coalesce(r.n, 0), (SELECT b.band FROM reach_band b"
    "   WHERE b.year = p.year AND b.scope = p.scope AND b.person = p.person"
    "   ORDER BY b.last_at DESC, b.band DESC LIMIT 1)"
    " FROM reach_person p LEFT JOIN monitor_reporter r"
    "   ON r.year = p.year AND r.scope = p.scope AND p.person GLOB 'k:*'"
    "   AND r.pseudonym = substr(p.person, 3)"
    " WHERE p.year = ?1 AND (CASE WHEN ?2 THEN p.scope != 0 ELSE p.scope = 0 END)";

static void read_row(arena *a, sqlite3_stmt *st, void *row)
{
    struct participation_row *p = row;
    p->scope = sqlite3_column_int64(st, 0);
    p->acts = sqlite3_column_int64(st, 1);
    p->reports = sqlite3_column_int64(st, 2);
    p->age_band = db_col_dup(a, st, 3);
}

/* The same over a set of wijken as one scope (0): a person in two of them
 * once, with their acts and reports there added up. */
static const char SQL_ROWS_WITHIN[] =
    "WITH p AS (SELECT person, sum(acts) AS acts FROM reach_person"
    "   WHERE year = ?1 AND scope IN (SELECT value FROM json_each(?2)) GROUP BY person),"
    " r AS (SELECT pseudonym, sum(n) AS n FROM monitor_reporter"
    "   WHERE year = ?1 AND scope IN (SELECT value FROM json_each(?2)) GROUP BY pseudonym)"
    " SELECT 0, p.acts, coalesce(r.n, 0), (SELECT b.band FROM reach_band b"
    "   WHERE b.year = ?1 AND b.scope IN (SELECT value FROM json_each(?2))"
    "   AND b.person = p.person ORDER BY b.last_at DESC, b.band DESC LIMIT 1)"
    " FROM p LEFT JOIN r ON p.person GLOB 'k:*' AND r.pseudonym = substr(p.person, 3)";

/* One wijk as the scope (a wijk's page): its own rows of the summaries, as
 * scope 0. Summing over a set of one by person cost a sort of every
 * reporter of the wijk's year (90 ms a page at a million signals). */
static const char SQL_ROWS_ONE[] =
    "SELECT 0, p.acts, coalesce(r.n, 0), (SELECT b.band FROM reach_band b"
    "   WHERE b.year = p.year AND b.scope = p.scope AND b.person = p.person"
    "   ORDER BY b.last_at DESC, b.band DESC LIMIT 1)"
    " FROM reach_person p LEFT JOIN monitor_reporter r"
    "   ON r.year = p.year AND r.scope = p.scope AND p.person GLOB 'k:*'"
    "   AND r.pseudonym = substr(p.person, 3)"
    " WHERE p.year = ?1 AND p.scope = ?2";

/* The wijk's id when within is a set of one ("[12]"), else 0. */
static int64_t single_scope(const char *within)
{
    if (!within || within[0] != '[')
        return 0;
    int64_t v = 0;
    size_t i = 1;
    for (; within[i] >= '0' && within[i] <= '9' && i < 19; i++)
        v = v * 10 + (within[i] - '0');
    return i > 1 && within[i] == ']' && within[i + 1] == '\0' ? v : 0;
}

/* The statement for the scope: per wijk (by_wijk), a set of wijken as one
 * (within), one wijk, or the city; ?2 bound to match. */
static sqlite3_stmt *scoped(db *d, int by_wijk, const char *within, const char *per_wijk,
                            const char *set, const char *one)
{
    int64_t wijk = by_wijk ? 0 : single_scope(within);
    sqlite3_stmt *st = db_stmt(d, wijk ? one : !by_wijk && within ? set : per_wijk);
    if (!st)
        return NULL;
    if (wijk)
        sqlite3_bind_int64(st, 2, wijk);
    else if (!by_wijk && within)
        sqlite3_bind_text(st, 2, within, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int(st, 2, by_wijk != 0);
    return st;
}

int participation_rows(db *d, arena *a, int year, int by_wijk, const char *within,
                       struct participation_row **out, size_t *n)
{
    sqlite3_stmt *st = scoped(d, by_wijk, within, SQL_ROWS, SQL_ROWS_WITHIN, SQL_ROWS_ONE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
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

/* One wijk: its reporters as the reports' summary keeps them per scope. */
static const char SQL_REPORTERS_ONE[] =
    "SELECT 0, reporters, repeat FROM monitor_reach WHERE year = ?1 AND scope = ?2";

int participation_reporters(db *d, arena *a, int year, const char *within,
                            struct participation_reporters **out, size_t *n)
{
    sqlite3_stmt *st;
    if (within && !single_scope(within)) {
        /* a set of wijken as one scope: counted as the monitor counts it */
        struct participation_reporters *p = arena_calloc(a, 1, sizeof *p);
        if (!p || mon_reach_set(d, year, within, &p->reporters, &p->repeat) != DB_OK)
            return DB_ERROR;
        *out = p;
        *n = 1;
        return DB_OK;
    }
    if (within)
        st = scoped(d, 0, within, NULL, NULL, SQL_REPORTERS_ONE);
    else
        st = db_stmt(d, SQL_REPORTERS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
    return db_rows(a, st, sizeof **out, read_reporters, out, n);
}

static const char SQL_CHANNELS[] =
    "SELECT scope, channel, n FROM reach_channel_n"
    " WHERE year = ?1 AND (CASE WHEN ?2 THEN scope != 0 ELSE scope = 0 END)"
    " UNION ALL SELECT CASE WHEN ?2 THEN m.wijk_id ELSE 0 END, c.reach, sum(m.n)"
    " FROM monitor_channel m JOIN reach_channel c ON c.channel = m.channel"
    " WHERE m.month BETWEEN ?1 * 100 + 1 AND ?1 * 100 + 12 AND (NOT ?2 OR m.wijk_id != 0)"
    " GROUP BY 1, 2";

/* The same over a set of wijken as one scope (0): acts add up. */
static const char SQL_CHANNELS_WITHIN[] =
    "SELECT 0, channel, sum(n) FROM reach_channel_n"
    " WHERE year = ?1 AND scope IN (SELECT value FROM json_each(?2)) GROUP BY 2"
    " UNION ALL SELECT 0, c.reach, sum(m.n)"
    " FROM monitor_channel m JOIN reach_channel c ON c.channel = m.channel"
    " WHERE m.month BETWEEN ?1 * 100 + 1 AND ?1 * 100 + 12"
    "   AND m.wijk_id IN (SELECT value FROM json_each(?2)) GROUP BY 2";

static void read_channel(arena *a, sqlite3_stmt *st, void *row)
{
    struct participation_channel_row *p = row;
    p->scope = sqlite3_column_int64(st, 0);
    p->channel = db_col_dup(a, st, 1);
    p->n = sqlite3_column_int64(st, 2);
}

/* One wijk: its own acts per channel, as scope 0. */
static const char SQL_CHANNELS_ONE[] =
    "SELECT 0, channel, n FROM reach_channel_n WHERE year = ?1 AND scope = ?2"
    " UNION ALL SELECT 0, c.reach, sum(m.n)"
    " FROM monitor_channel m JOIN reach_channel c ON c.channel = m.channel"
    " WHERE m.month BETWEEN ?1 * 100 + 1 AND ?1 * 100 + 12 AND m.wijk_id = ?2 GROUP BY 2";

int participation_channels(db *d, arena *a, int year, int by_wijk, const char *within,
                           struct participation_channel_row **out, size_t *n)
{
    sqlite3_stmt *st =
        scoped(d, by_wijk, within, SQL_CHANNELS, SQL_CHANNELS_WITHIN, SQL_CHANNELS_ONE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
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
