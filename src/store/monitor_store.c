/*
 * monitor_store.c: SQL of the monitor and the council report. The signal
 * figures come from the summary tables of migration 0007 (kept exact by
 * triggers), never from counting the signal table, so that a dashboard
 * over years of a large city's signals reads a few thousand rows.
 */
#include "monitor_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bind_scope(sqlite3_stmt *st, int i, const struct mon_scope *s)
{
    sqlite3_bind_int(st, i, s->all);
    sqlite3_bind_text(st, i + 1, s->all || !s->wijks ? "[]" : s->wijks, -1, SQLITE_STATIC);
}

#define IN_SCOPE(col, p1, p2) " (" p1 " = 1 OR " col " IN (SELECT value FROM json_each(" p2 ")))"

static const char SQL_MONTHS[] =
    "SELECT month, sum(n), sum(closed), sum(within), sum(handed_off), sum(handoffs)"
    " FROM monitor_month WHERE month BETWEEN ?3 AND ?4 AND" IN_SCOPE(
        "wijk_id", "?1", "?2") " GROUP BY month HAVING sum(n) > 0 ORDER BY month";

static void read_month(arena *a, sqlite3_stmt *st, void *row)
{
    struct mon_month *x = row;
    x->month = sqlite3_column_int(st, 0);
    x->n = sqlite3_column_int64(st, 1);
    x->closed = sqlite3_column_int64(st, 2);
    x->within = sqlite3_column_int64(st, 3);
    x->handed_off = sqlite3_column_int64(st, 4);
    x->handoffs = sqlite3_column_int64(st, 5);
}

int mon_months(db *d, arena *a, const struct mon_scope *s, int from, int to, struct mon_month **out,
               size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MONTHS);
    if (!st)
        return DB_ERROR;
    bind_scope(st, 1, s);
    sqlite3_bind_int(st, 3, from);
    sqlite3_bind_int(st, 4, to);
    return db_rows(a, st, sizeof **out, read_month, out, n);
}

static const char SQL_CATEGORIES[] =
    "SELECT coalesce(p.name, c.name), sum(m.n) FROM (SELECT category_id, sum(n) AS n"
    "   FROM monitor_category WHERE month BETWEEN ?3 AND ?4 AND" IN_SCOPE(
        "wijk_id", "?1", "?2") "   GROUP BY category_id) m JOIN category c ON c.id = m.category_id"
                               " LEFT JOIN category p ON p.id = c.parent_id GROUP BY 1 HAVING "
                               "sum(m.n) > 0 ORDER BY 2 DESC, 1";
static const char SQL_CHANNELS[] =
    "SELECT channel, sum(n) FROM monitor_channel WHERE month BETWEEN ?3 AND ?4 AND" IN_SCOPE(
        "wijk_id", "?1", "?2") " GROUP BY channel HAVING sum(n) > 0 ORDER BY 2 DESC, 1";

static void read_count(arena *a, sqlite3_stmt *st, void *row)
{
    struct mon_count *x = row;
    x->name = db_col_dup(a, st, 0);
    x->n = sqlite3_column_int64(st, 1);
}

static int counts(db *d, arena *a, const char *sql, const struct mon_scope *s, int from, int to,
                  struct mon_count **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    bind_scope(st, 1, s);
    sqlite3_bind_int(st, 3, from);
    sqlite3_bind_int(st, 4, to);
    return db_rows(a, st, sizeof **out, read_count, out, n);
}

int mon_categories(db *d, arena *a, const struct mon_scope *s, int from, int to,
                   struct mon_count **out, size_t *n)
{
    return counts(d, a, SQL_CATEGORIES, s, from, to, out, n);
}

int mon_channels(db *d, arena *a, const struct mon_scope *s, int from, int to,
                 struct mon_count **out, size_t *n)
{
    return counts(d, a, SQL_CHANNELS, s, from, to, out, n);
}

static const char SQL_BY_WIJK[] =
    "SELECT wijk_id, sum(n), sum(closed), sum(within) FROM monitor_month"
    " WHERE month BETWEEN ?1 AND ?2 GROUP BY wijk_id";

static void read_wijk_count(arena *a, sqlite3_stmt *st, void *row)
{
    struct mon_wijk_count *x = row;
    x->wijk_id = sqlite3_column_int64(st, 0);
    x->n = sqlite3_column_int64(st, 1);
    x->closed = sqlite3_column_int64(st, 2);
    x->within = sqlite3_column_int64(st, 3);
}

int mon_signal_by_wijk(db *d, arena *a, int from, int to, struct mon_wijk_count **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_BY_WIJK);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, from);
    sqlite3_bind_int(st, 2, to);
    return db_rows(a, st, sizeof **out, read_wijk_count, out, n);
}

static const char SQL_DAYS[] =
    "SELECT days, sum(n) FROM monitor_days WHERE month BETWEEN ?3 AND ?4 AND" IN_SCOPE(
        "wijk_id", "?1", "?2") " GROUP BY days";

int mon_handling_days(db *d, const struct mon_scope *s, int from, int to,
                      int64_t hist[MON_DAYS_MAX + 1])
{
    memset(hist, 0, sizeof(int64_t) * (MON_DAYS_MAX + 1));
    sqlite3_stmt *st = db_stmt(d, SQL_DAYS);
    if (!st)
        return DB_ERROR;
    bind_scope(st, 1, s);
    sqlite3_bind_int(st, 3, from);
    sqlite3_bind_int(st, 4, to);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int day = sqlite3_column_int(st, 0);
        if (day >= 0 && day <= MON_DAYS_MAX)
            hist[day] += sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : DB_ERROR;
}

static const char SQL_OVERDUE[] =
    "SELECT count(*) FROM signal INDEXED BY monitor_open WHERE closed_at IS NULL AND"
    " merged_into IS NULL AND parent_id IS NULL AND deadline_at < ?3 AND" IN_SCOPE("wijk_id", "?1",
                                                                                   "?2");

int mon_overdue(db *d, const struct mon_scope *s, int64_t now, int64_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OVERDUE);
    if (!st)
        return DB_ERROR;
    bind_scope(st, 1, s);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_REACH_ONE[] =
    "SELECT coalesce(sum(reporters), 0), coalesce(sum(repeat), 0) FROM monitor_reach"
    " WHERE year = ?1 AND scope = ?2";
/* Every reporter row of the set's wijken, in the primary key's order: no
 * sort. Counting them distinct in SQL (GROUP BY pseudonym) sorted every
 * reporter of the region's year, 17 ms for two wijken at a million signals. */
static const char SQL_REACH_ROWS[] =
    "SELECT pseudonym, n FROM monitor_reporter"
    " WHERE year = ?1 AND scope IN (SELECT value FROM json_each(?2))";

struct reporter_key {
    uint64_t h[2];
    int64_t n;
};

static int hexval(unsigned char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* 128 bits of a pseudonym: its first 32 hex digits (pseudonyms are keyed
 * SHA-256 in hex, so these are uniform), else two FNV-1a hashes. Two of a
 * region's reporters share a key with a chance of about n^2 / 2^129. */
static void reporter_key_of(const unsigned char *p, int len, uint64_t h[2])
{
    int hex = len >= 32;
    for (int i = 0; hex && i < 32; i++)
        hex = hexval(p[i]) >= 0;
    if (hex) {
        h[0] = h[1] = 0;
        for (int i = 0; i < 32; i++)
            h[i / 16] = h[i / 16] << 4 | (uint64_t)hexval(p[i]);
        return;
    }
    h[0] = 14695981039346656037ULL;
    h[1] = 1099511628211ULL * 31;
    for (int i = 0; i < len; i++) {
        h[0] = (h[0] ^ p[i]) * 1099511628211ULL;
        h[1] = (h[1] ^ p[i]) * 1099511628211ULL;
    }
}

static int reporter_key_cmp(const void *x, const void *y)
{
    const struct reporter_key *a = x, *b = y;
    if (a->h[0] != b->h[0])
        return a->h[0] < b->h[0] ? -1 : 1;
    return a->h[1] < b->h[1] ? -1 : a->h[1] > b->h[1];
}

/* The change count of the set's rows of monitor_reach (migration 0050). */
static const char SQL_REACH_CHANGES[] =
    "SELECT coalesce(sum(changes), 0) FROM monitor_reach"
    " WHERE year = ?1 AND scope IN (SELECT value FROM json_each(?2))";

/* The last sets counted, shared by every connection of the process: a region's
 * dashboard and its participation figures ask for the same set, and most
 * visits come before its reporters change. Bounded: REACH_MEMO entries, the
 * least recently used one replaced. */
#define REACH_MEMO 16
static struct {
    int year;
    char wijks[96];
    int64_t changes, reporters, repeat;
    uint64_t used;
} g_memo[REACH_MEMO];
static uint64_t g_memo_clock;
static pthread_mutex_t g_memo_lock = PTHREAD_MUTEX_INITIALIZER;

static int memo_get(int year, const char *wijks, int64_t changes, int64_t *reporters,
                    int64_t *repeat)
{
    int hit = 0;
    pthread_mutex_lock(&g_memo_lock);
    for (size_t i = 0; i < REACH_MEMO && !hit; i++)
        if (g_memo[i].used && g_memo[i].year == year && g_memo[i].changes == changes &&
            strcmp(g_memo[i].wijks, wijks) == 0) {
            *reporters = g_memo[i].reporters;
            *repeat = g_memo[i].repeat;
            g_memo[i].used = ++g_memo_clock;
            hit = 1;
        }
    pthread_mutex_unlock(&g_memo_lock);
    return hit;
}

static void memo_put(int year, const char *wijks, int64_t changes, int64_t reporters,
                     int64_t repeat)
{
    if (strlen(wijks) >= sizeof g_memo[0].wijks)
        return;
    pthread_mutex_lock(&g_memo_lock);
    size_t slot = 0;
    for (size_t i = 0; i < REACH_MEMO; i++) {
        if (g_memo[i].used && g_memo[i].year == year && strcmp(g_memo[i].wijks, wijks) == 0) {
            slot = i; /* the same set, counted anew */
            break;
        }
        if (g_memo[i].used < g_memo[slot].used)
            slot = i;
    }
    g_memo[slot].year = year;
    snprintf(g_memo[slot].wijks, sizeof g_memo[slot].wijks, "%s", wijks);
    g_memo[slot].changes = changes;
    g_memo[slot].reporters = reporters;
    g_memo[slot].repeat = repeat;
    g_memo[slot].used = ++g_memo_clock;
    pthread_mutex_unlock(&g_memo_lock);
}

int mon_reach_set(db *d, int year, const char *wijks, int64_t *reporters, int64_t *repeat)
{
    *reporters = *repeat = 0;
    /* read before the rows: a change in between makes the memo older, never wrong */
    sqlite3_stmt *st = db_stmt(d, SQL_REACH_CHANGES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, wijks, -1, SQLITE_STATIC);
    int64_t changes = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (changes < 0)
        return DB_ERROR;
    if (memo_get(year, wijks, changes, reporters, repeat))
        return DB_OK;
    st = db_stmt(d, SQL_REACH_ROWS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, wijks, -1, SQLITE_STATIC);
    size_t n = 0, cap = 0;
    struct reporter_key *v = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            struct reporter_key *nv = realloc(v, ncap * sizeof *v);
            if (!nv) {
                rc = SQLITE_NOMEM;
                break;
            }
            v = nv;
            cap = ncap;
        }
        reporter_key_of(sqlite3_column_text(st, 0), sqlite3_column_bytes(st, 0), v[n].h);
        v[n++].n = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE && n > 0) {
        qsort(v, n, sizeof *v, reporter_key_cmp);
        for (size_t i = 0; i < n;) {
            int64_t sum = 0;
            size_t j = i;
            for (; j < n && reporter_key_cmp(&v[i], &v[j]) == 0; j++)
                sum += v[j].n;
            ++*reporters;
            *repeat += sum > 1;
            i = j;
        }
    }
    free(v);
    if (rc != SQLITE_DONE)
        return DB_ERROR;
    memo_put(year, wijks, changes, *reporters, *repeat);
    return DB_OK;
}

int mon_reach(db *d, const struct mon_scope *s, int year, int64_t *reporters, int64_t *repeat)
{
    /* the city, or a single wijk: one row of monitor_reach */
    const char *w = s->wijks ? s->wijks : "[]";
    long long one = 0;
    int single = !s->all && sscanf(w, "[%lld]", &one) == 1 && strchr(w, ',') == NULL;
    if (!s->all && !single)
        return mon_reach_set(d, year, w, reporters, repeat);
    sqlite3_stmt *st = db_stmt(d, SQL_REACH_ONE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_int64(st, 2, s->all ? 0 : one);
    int rc = sqlite3_step(st);
    *reporters = *repeat = 0;
    if (rc == SQLITE_ROW) {
        *reporters = sqlite3_column_int64(st, 0);
        *repeat = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

/* --- focus points ---------------------------------------------------------------------- */

static const char SQL_FOCUS[] =
    "SELECT f.id, f.number, f.title, f.period_start, f.period_end, f.status, f.problem,"
    " (SELECT group_concat(a2.name, ', ') FROM focuspunt_area fa2 JOIN area a2"
    "   ON a2.id = fa2.area_id WHERE fa2.focuspunt_id = f.id),"
    " (SELECT u.name FROM user u WHERE u.id = f.regisseur_user_id),"
    " (SELECT t.text FROM focus_report_text t WHERE t.focuspunt_id = f.id AND t.year = ?5),"
    " EXISTS (SELECT 1 FROM focuspunt_area fa3 JOIN area a3 ON a3.id = fa3.area_id"
    "   WHERE fa3.focuspunt_id = f.id AND a3.kind = 'buurt')"
    " FROM focuspunt f WHERE f.period_start <= ?4 AND f.period_end >= ?3"
    " AND f.status NOT IN ('voorgesteld', 'niet_vastgesteld') AND (?1 = 1 OR EXISTS"
    " (SELECT 1 FROM focuspunt_area fa WHERE fa.focuspunt_id = f.id AND fa.area_id IN"
    "   (SELECT value FROM json_each(?2))))"
    " ORDER BY f.number, f.id";
static const char SQL_GOALS[] =
    "SELECT id, text FROM focus_goal WHERE focuspunt_id = ?1 ORDER BY position, id";
static const char SQL_INDICATORS[] =
    "SELECT id, name, unit, method, source, baseline_value, baseline_date, target_value,"
    " target_date, higher_is_better FROM focus_indicator WHERE goal_id = ?1 ORDER BY id";
static const char SQL_MEASURES[] =
    "SELECT measured_on, value, auto FROM focus_measurement WHERE indicator_id = ?1"
    " AND measured_on <= ?2 ORDER BY measured_on, auto DESC, id";
static const char SQL_ACTIONS[] =
    "SELECT a.title, coalesce(o.name, a.owner_text, ''), a.due_on, a.status, a.done_on"
    " FROM focus_action a LEFT JOIN organisation o ON o.id = a.owner_org_id"
    " WHERE a.focuspunt_id = ?1 ORDER BY a.status = 'gereed', a.due_on IS NULL, a.due_on, a.id";

static void read_measure(arena *a, sqlite3_stmt *st, void *row)
{
    struct mon_measure *m = row;
    m->on = db_col_dup(a, st, 0);
    m->value = sqlite3_column_double(st, 1);
    m->auto_ = sqlite3_column_int(st, 2);
}

static int load_measures(db *d, arena *a, struct mon_indicator *in, const char *to)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEASURES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, in->id);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof *in->m, read_measure, &in->m, &in->nm);
}

static void read_indicator(arena *a, sqlite3_stmt *st, void *row)
{
    struct mon_indicator *in = row;
    in->id = sqlite3_column_int64(st, 0);
    in->name = db_col_dup(a, st, 1);
    in->unit = db_col_dup(a, st, 2);
    in->method = db_col_dup(a, st, 3);
    in->source = db_col_dup(a, st, 4);
    in->has_baseline = sqlite3_column_type(st, 5) != SQLITE_NULL;
    in->baseline = sqlite3_column_double(st, 5);
    in->baseline_date = db_col_dup(a, st, 6);
    in->has_target = sqlite3_column_type(st, 7) != SQLITE_NULL;
    in->target = sqlite3_column_double(st, 7);
    in->target_date = db_col_dup(a, st, 8);
    in->higher_is_better = sqlite3_column_int(st, 9);
}

static int load_indicators(db *d, arena *a, struct mon_goal *g, const char *to)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INDICATORS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, g->id);
    if (db_rows(a, st, sizeof *g->ind, read_indicator, &g->ind, &g->nind) != DB_OK)
        return DB_ERROR;
    for (size_t i = 0; i < g->nind; i++)
        if (load_measures(d, a, &g->ind[i], to) != DB_OK)
            return DB_ERROR;
    return DB_OK;
}

static void read_goal(arena *a, sqlite3_stmt *st, void *row)
{
    struct mon_goal *g = row;
    memset(g, 0, sizeof *g);
    g->id = sqlite3_column_int64(st, 0);
    g->text = db_col_dup(a, st, 1);
}

static void read_action(arena *a, sqlite3_stmt *st, void *row)
{
    struct mon_action *ac = row;
    ac->title = db_col_dup(a, st, 0);
    ac->owner = db_col_dup(a, st, 1);
    ac->due_on = db_col_dup(a, st, 2);
    ac->status = db_col_dup(a, st, 3);
    ac->done_on = db_col_dup(a, st, 4);
}

static int load_focus_parts(db *d, arena *a, struct mon_focus *f, const char *to)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GOALS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, f->id);
    if (db_rows(a, st, sizeof *f->goals, read_goal, &f->goals, &f->ngoals) != DB_OK)
        return DB_ERROR;
    for (size_t i = 0; i < f->ngoals; i++)
        if (load_indicators(d, a, &f->goals[i], to) != DB_OK)
            return DB_ERROR;
    st = db_stmt(d, SQL_ACTIONS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, f->id);
    return db_rows(a, st, sizeof *f->actions, read_action, &f->actions, &f->nactions);
}

static void read_focus(arena *a, sqlite3_stmt *st, void *row)
{
    struct mon_focus *f = row;
    memset(f, 0, sizeof *f);
    f->id = sqlite3_column_int64(st, 0);
    f->number = sqlite3_column_int(st, 1);
    f->title = db_col_dup(a, st, 2);
    f->period_start = db_col_dup(a, st, 3);
    f->period_end = db_col_dup(a, st, 4);
    f->status = db_col_dup(a, st, 5);
    f->problem = db_col_dup(a, st, 6);
    f->areas = db_col_dup(a, st, 7);
    f->regisseur = db_col_dup(a, st, 8);
    f->report_text = db_col_dup(a, st, 9);
    f->buurt_level = sqlite3_column_int(st, 10) != 0;
}

int mon_focus_list(db *d, arena *a, const struct mon_scope *s, const char *from, const char *to,
                   int year, struct mon_focus **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_FOCUS);
    if (!st)
        return DB_ERROR;
    bind_scope(st, 1, s);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, to, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, year);
    struct mon_focus *v = NULL;
    size_t cnt = 0;
    if (db_rows(a, st, sizeof *v, read_focus, &v, &cnt) != DB_OK)
        return DB_ERROR;
    for (size_t i = 0; i < cnt; i++)
        if (load_focus_parts(d, a, &v[i], to) != DB_OK)
            return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

/* --- the college's decisions ------------------------------------------------------------ */

static const char SQL_DECIDED[] =
    "SELECT f.id, coalesce(f.number, 0), f.title, f.period_start, f.decided_on,"
    " f.status = 'niet_vastgesteld', f.decision_reason,"
    " (SELECT group_concat(a2.name, ', ') FROM focuspunt_area fa2 JOIN area a2"
    "   ON a2.id = fa2.area_id WHERE fa2.focuspunt_id = f.id)"
    " FROM focuspunt f WHERE f.decided_on >= ?3 AND f.decided_on <= ?4"
    " AND f.status <> 'voorgesteld' AND (?1 = 1 OR EXISTS"
    " (SELECT 1 FROM focuspunt_area fa WHERE fa.focuspunt_id = f.id AND fa.area_id IN"
    "   (SELECT value FROM json_each(?2))))"
    " ORDER BY f.decided_on, f.period_start, f.number, f.id";

static void read_decided(arena *a, sqlite3_stmt *st, void *row)
{
    struct mon_decided *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->number = sqlite3_column_int(st, 1);
    x->title = db_col_dup(a, st, 2);
    x->period_start = db_col_dup(a, st, 3);
    x->decided_on = db_col_dup(a, st, 4);
    x->rejected = sqlite3_column_int(st, 5) != 0;
    x->reason = db_col_dup(a, st, 6);
    x->areas = db_col_dup(a, st, 7);
}

int mon_decided_list(db *d, arena *a, const struct mon_scope *s, const char *from, const char *to,
                     struct mon_decided **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DECIDED);
    if (!st)
        return DB_ERROR;
    bind_scope(st, 1, s);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, to, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_decided, out, n);
}

/* --- workload -------------------------------------------------------------------------- */

static const char SQL_WORKLOAD[] =
    "SELECT u.id, u.name, r.id, r.name,"
    " (SELECT count(*) FROM signal s INDEXED BY monitor_open_user WHERE s.owner_user_id = u.id"
    "   AND s.closed_at IS NULL AND s.merged_into IS NULL),"
    " (SELECT count(*) FROM focus_action fa JOIN focuspunt f ON f.id = fa.focuspunt_id"
    "   WHERE f.regisseur_user_id = u.id AND fa.status IN ('gepland', 'lopend')),"
    " (SELECT count(*) FROM focuspunt f WHERE f.regisseur_user_id = u.id AND f.period_end >= ?2"
    "   AND f.status <> 'niet_vastgesteld')"
    " FROM user_role ur JOIN user u ON u.id = ur.user_id LEFT JOIN region r ON r.id = ur.region_id"
    " WHERE ur.role = 'wijkregisseur' AND u.disabled = 0 AND (?1 = 0 OR ur.region_id = ?1)"
    " ORDER BY r.name, u.name";

static void read_workload(arena *a, sqlite3_stmt *st, void *row)
{
    struct mon_workload *w = row;
    w->user_id = sqlite3_column_int64(st, 0);
    w->name = db_col_dup(a, st, 1);
    w->region_id = sqlite3_column_int64(st, 2);
    w->region = db_col_dup(a, st, 3);
    w->open_signals = sqlite3_column_int64(st, 4);
    w->open_actions = sqlite3_column_int64(st, 5);
    w->focus_points = sqlite3_column_int64(st, 6);
}

int mon_workload(db *d, arena *a, int64_t region_id, const char *today, struct mon_workload **out,
                 size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_WORKLOAD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, region_id);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_workload, out, n);
}

static const char SQL_MUNICIPALITY[] = "SELECT name FROM municipality ORDER BY code LIMIT 1";

const char *mon_municipality(db *d, arena *a)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MUNICIPALITY);
    if (!st)
        return NULL;
    const char *name = sqlite3_step(st) == SQLITE_ROW ? db_col_dup(a, st, 0) : NULL;
    sqlite3_reset(st);
    return name;
}

/* --- snapshots ------------------------------------------------------------------------- */

static const char SQL_SNAP_GET[] = "SELECT data, closed_at FROM year_snapshot WHERE year = ?1";
static const char SQL_SNAP_YEARS[] = "SELECT year FROM year_snapshot ORDER BY year";
static const char SQL_SNAP_CLOSED[] = "SELECT count(*) FROM year_snapshot WHERE year = ?1";
static const char SQL_SNAP_PUT[] =
    "INSERT INTO year_snapshot (year, closed_at, closed_by, data) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_YEARS[] = "SELECT min(month) / 100, max(month) / 100 FROM monitor_month";

int mon_year_closed(db *d, int year, bool *closed)
{
    *closed = false;
    sqlite3_stmt *st = db_stmt(d, SQL_SNAP_CLOSED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *closed = sqlite3_column_int(st, 0) > 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

int mon_snapshot_get(db *d, arena *a, int year, const char **json, int64_t *closed_at)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SNAP_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *json = db_col_dup(a, st, 0);
        *closed_at = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

int mon_snapshot_years(db *d, arena *a, int **years, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SNAP_YEARS);
    if (!st)
        return DB_ERROR;
    return db_int_rows(a, st, years, n);
}

int mon_snapshot_put(db *d, int year, int64_t closed_at, int64_t user_id, const char *json)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SNAP_PUT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_int64(st, 2, closed_at);
    db_bind_id(st, 3, user_id);
    sqlite3_bind_text(st, 4, json, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

int mon_signal_years(db *d, int *first, int *last)
{
    sqlite3_stmt *st = db_stmt(d, SQL_YEARS);
    if (!st)
        return DB_ERROR;
    int rc = sqlite3_step(st);
    *first = *last = 0;
    if (rc == SQLITE_ROW) {
        *first = sqlite3_column_int(st, 0);
        *last = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}
