/*
 * db.c: per-thread SQLite connections, migrations and the statement cache.
 *
 * The server runs one libmicrohttpd worker per core; each worker gets its
 * own connection (SQLite connections must not be shared between threads
 * without serialisation), opened lazily and kept in thread-local storage.
 * WAL lets readers run while one writer commits; synchronous=FULL makes a
 * commit durable before a user is told it is saved.
 */
#include "db.h"

#include "lib/embed.h"
#include "lib/log.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

/* Each connection keeps every statement it has prepared (keyed by the SQL
 * text's address: all SQL is static). The program has about 330 places that
 * prepare one; the table must hold them all with room for open addressing,
 * or a long-running worker ends up refusing queries ("statement cache
 * full"). Only the statements a thread uses take memory. */
#define DB_CACHE_SLOTS 1024

struct cached {
    const char *sql; /* identity: the string constant's address */
    sqlite3_stmt *st;
};

struct db {
    sqlite3 *h;
    struct cached cache[DB_CACHE_SLOTS];
    uint64_t serial;
    bool has_search_pending; /* the schema has signal_search_pending */
    bool writing;            /* holds g_write_turn (db_begin_write) */
};

/* Each connection's number, never reused while the program runs. */
static _Atomic uint64_t g_serial;

static char g_path[4096];
static char g_dir[4096];
static _Thread_local db *t_db;
/* Called for every per-thread connection opened while set (writer.c). */
static void (*_Atomic g_open_hook)(sqlite3 *h);

void db_set_open_hook(void (*hook)(sqlite3 *h))
{
    g_open_hook = hook;
}

const char *db_path(void)
{
    return g_path;
}

const char *db_data_dir(void)
{
    return g_dir;
}

static int exec_sql(sqlite3 *h, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(h));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int db_open_raw(const char *path, sqlite3 **out, char *err, size_t errlen)
{
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                                 SQLITE_OPEN_EXRESCODE,
                             NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return -1;
    }
    sqlite3_busy_timeout(h, 5000);
    if (exec_sql(h,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                 "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-2000;",
                 err, errlen) != 0) {
        sqlite3_close(h);
        return -1;
    }
    *out = h;
    return 0;
}

int db_user_version(sqlite3 *h)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Migration files are named NNNN_name.sql; NNNN is the version they produce. */
static int migration_number(const char *name)
{
    int n = 0;
    for (int i = 0; i < 4; i++) {
        if (name[i] < '0' || name[i] > '9')
            return -1;
        n = n * 10 + (name[i] - '0');
    }
    return name[4] == '_' ? n : -1;
}

int db_migrate(sqlite3 *h, int *out_from, int *out_to, char *err, size_t errlen)
{
    int cur = db_user_version(h);
    if (cur < 0) {
        snprintf(err, errlen, "cannot read the schema version");
        return -1;
    }
    if (out_from)
        *out_from = cur;
    int latest = 0;
    for (const struct embed_file *f = embedded_migrations; f->name; f++) {
        int n = migration_number(f->name);
        if (n < 0) {
            snprintf(err, errlen, "bad migration name %s", f->name);
            return -1;
        }
        if (n > latest)
            latest = n;
    }
    if (cur > latest) {
        snprintf(err, errlen,
                 "the database has schema version %d, newer than this program knows (%d)", cur,
                 latest);
        return -1;
    }
    /* Tables are sorted by name, so numbered files come in order. */
    for (const struct embed_file *f = embedded_migrations; f->name; f++) {
        int n = migration_number(f->name);
        if (n <= cur)
            continue;
        if (n != cur + 1) {
            snprintf(err, errlen, "migration %04d is missing", cur + 1);
            return -1;
        }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d;", n);
        if (exec_sql(h, "BEGIN IMMEDIATE", err, errlen) != 0)
            return -1;
        if (exec_sql(h, (const char *)f->data, err, errlen) != 0 ||
            exec_sql(h, pragma, err, errlen) != 0) {
            char keep[512];
            snprintf(keep, sizeof keep, "%s", err);
            snprintf(err, errlen, "migration %s: %s", f->name, keep);
            sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
        if (exec_sql(h, "COMMIT", err, errlen) != 0)
            return -1;
        cur = n;
    }
    if (out_to)
        *out_to = cur;
    return 0;
}

void db_limit_cache(size_t bytes)
{
    sqlite3_soft_heap_limit64((sqlite3_int64)bytes);
}

long long db_memory_used(void)
{
    return (long long)sqlite3_memory_used();
}

/* A new signal's words wait in signal_search_pending (migration 0042) and
 * enter the two search indexes here, at the end of the transaction: FTS5
 * writes its pending words to disk at every savepoint, so indexing each
 * signal by trigger wrote (and merged) an index segment per signal, most of
 * a submission's time in the writer. Schemas before 0042 have no queue. The
 * waiting signals lead the join (CROSS JOIN keeps that order): led by the
 * open signals' index, the flush read all of them for one new signal. */
static const char SQL_SEARCH_QUEUE_EXISTS[] =
    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'signal_search_pending'";
static const char SQL_SEARCH_PENDING[] = "SELECT EXISTS (SELECT 1 FROM signal_search_pending)";
#define SEARCH_ALL                                                                                 \
    "INSERT INTO signal_fts (rowid, description, address_text)"                                    \
    " SELECT s.id, s.description, s.address_text"                                                  \
    " FROM signal_search_pending p CROSS JOIN signal s ON s.id = p.signal_id"
#define SEARCH_OPEN                                                                                \
    "INSERT INTO signal_open_fts (rowid, description, address_text)"                               \
    " SELECT s.id, s.description, s.address_text"                                                  \
    " FROM signal_search_pending p CROSS JOIN signal s ON s.id = p.signal_id"                      \
    " WHERE s.closed_at IS NULL"
#define SEARCH_DONE "DELETE FROM signal_search_pending"
static const char SQL_SEARCH_ALL[] = SEARCH_ALL;
static const char SQL_SEARCH_OPEN[] = SEARCH_OPEN;
static const char SQL_SEARCH_DONE[] = SEARCH_DONE;
/* At the start: signals that another program wrote (the sqlite3 shell, a
 * restore) wait in the queue without a commit of ours; they enter now. */
static const char SQL_SEARCH_CATCH_UP[] =
    "BEGIN IMMEDIATE; " SEARCH_ALL "; " SEARCH_OPEN "; " SEARCH_DONE "; COMMIT";

int db_setup(const char *data_dir, char *err, size_t errlen)
{
    if (mkdir(data_dir, 0750) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create %s: %s", data_dir, strerror(errno));
        return -1;
    }
    snprintf(g_dir, sizeof g_dir, "%s", data_dir);
    int n = snprintf(g_path, sizeof g_path, "%s/wijkregie.db", data_dir);
    if (n < 0 || (size_t)n >= sizeof g_path) {
        snprintf(err, errlen, "data folder path too long");
        return -1;
    }
    sqlite3 *h = NULL;
    if (db_open_raw(g_path, &h, err, errlen) != 0)
        return -1;
    int rc = db_migrate(h, NULL, NULL, err, errlen);
    if (rc == 0 && exec_sql(h, SQL_SEARCH_CATCH_UP, err, errlen) != 0) {
        sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
        rc = -1;
    }
    sqlite3_close(h);
    return rc;
}

db *db_thread(void)
{
    if (t_db)
        return t_db;
    db *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    char err[512];
    if (db_open_raw(g_path, &d->h, err, sizeof err) != 0) {
        log_error("database: %s", err);
        free(d);
        return NULL;
    }
    void (*hook)(sqlite3 *) = g_open_hook;
    if (hook)
        hook(d->h);
    d->serial = atomic_fetch_add(&g_serial, 1) + 1;
    t_db = d;
    return d;
}

void db_thread_close(void)
{
    db *d = t_db;
    if (!d)
        return;
    if (d->writing) /* the turn goes to the next writer */
        db_rollback(d);
    for (size_t i = 0; i < DB_CACHE_SLOTS; i++)
        if (d->cache[i].st)
            sqlite3_finalize(d->cache[i].st);
    sqlite3_close(d->h);
    free(d);
    t_db = NULL;
}

void db_thread_idle(void)
{
    db_thread_close();
    malloc_trim(0);
}

sqlite3 *db_handle(db *d)
{
    return d->h;
}

static const char SQL_DATA_VERSION[] = "PRAGMA data_version";

int db_version(db *d, struct db_version *out)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DATA_VERSION);
    if (!st)
        return DB_ERROR;
    int rc = sqlite3_step(st);
    out->serial = d->serial;
    out->data = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    out->own = sqlite3_total_changes64(d->h);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

bool db_version_same(const struct db_version *a, const struct db_version *b)
{
    return a->serial == b->serial && a->data == b->data && a->own == b->own;
}

sqlite3_stmt *db_stmt(db *d, const char *sql)
{
    size_t slot = ((uintptr_t)sql >> 3) % DB_CACHE_SLOTS;
    for (size_t i = 0; i < DB_CACHE_SLOTS; i++) {
        struct cached *c = &d->cache[(slot + i) % DB_CACHE_SLOTS];
        if (c->sql == sql) {
            sqlite3_reset(c->st);
            sqlite3_clear_bindings(c->st);
            return c->st;
        }
        if (!c->sql) {
            if (sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL) !=
                SQLITE_OK) {
                log_error("sql prepare: %s", sqlite3_errmsg(d->h));
                c->st = NULL;
                return NULL;
            }
            c->sql = sql;
            return c->st;
        }
    }
    log_error("sql: statement cache full");
    return NULL;
}

static int simple(db *d, const char *sql)
{
    char err[256];
    if (exec_sql(d->h, sql, err, sizeof err) != 0) {
        log_error("sql %s: %s", sql, err);
        return DB_ERROR;
    }
    return DB_OK;
}

/* The write transactions of this process take turns here before SQLite's
 * lock. Waiting in SQLite's busy handler is polling with sleeps that grow to
 * 100 ms: two clerks at one counter pressing at once had one of them answered
 * a second late in some runs while the other wrote on (p99 1.08 s). A thread
 * waiting here is woken the moment the turn is free. The wait is bounded as
 * the busy handler's was: after WRITE_TURN_SECONDS, DB_BUSY. */
#define WRITE_TURN_SECONDS 5
static pthread_mutex_t g_write_turn = PTHREAD_MUTEX_INITIALIZER;

static void write_turn_end(db *d)
{
    if (d->writing && sqlite3_get_autocommit(d->h)) {
        d->writing = false;
        pthread_mutex_unlock(&g_write_turn);
    }
}

int db_begin_write(db *d)
{
    if (d->writing) {
        log_error("sql: a write transaction begun inside another");
        return DB_ERROR;
    }
    struct timespec until; /* monotonic: a clock set back does not end the wait */
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += WRITE_TURN_SECONDS;
    if (pthread_mutex_clocklock(&g_write_turn, CLOCK_MONOTONIC, &until) != 0)
        return DB_BUSY;
    d->writing = true;
    int rc = simple(d, "BEGIN IMMEDIATE");
    if (rc != DB_OK)
        write_turn_end(d);
    return rc;
}

int db_begin_read(db *d)
{
    return simple(d, "BEGIN");
}

static bool step_row(db *d, const char *sql)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    bool row = st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    if (st)
        sqlite3_reset(st);
    return row;
}

int db_before_commit(db *d)
{
    if (!d->has_search_pending && !(d->has_search_pending = step_row(d, SQL_SEARCH_QUEUE_EXISTS)))
        return DB_OK;
    if (!step_row(d, SQL_SEARCH_PENDING))
        return DB_OK;
    const char *const flush[] = {SQL_SEARCH_ALL, SQL_SEARCH_OPEN, SQL_SEARCH_DONE};
    for (size_t i = 0; i < sizeof flush / sizeof flush[0]; i++) {
        sqlite3_stmt *st = db_stmt(d, flush[i]);
        if (!st || db_exec_stmt(st) != DB_OK)
            return DB_ERROR;
    }
    return DB_OK;
}

int db_commit(db *d)
{
    if (db_before_commit(d) != DB_OK)
        return DB_ERROR;
    int rc = simple(d, "COMMIT");
    write_turn_end(d);
    return rc;
}

void db_rollback(db *d)
{
    if (!sqlite3_get_autocommit(d->h))
        sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
    write_turn_end(d);
}

int db_exec_stmt(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(st);
        return DB_OK;
    }
    int prim = rc & 0xff;
    sqlite3_reset(st);
    if (prim == SQLITE_CONSTRAINT)
        return DB_CONSTRAINT;
    if (prim == SQLITE_BUSY)
        return DB_BUSY;
    log_error("sql step: %s", sqlite3_errstr(rc));
    return DB_ERROR;
}

int64_t db_last_id(db *d)
{
    return sqlite3_last_insert_rowid(d->h);
}

int db_changes(db *d)
{
    return sqlite3_changes(d->h);
}

const char *db_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

const char *db_col_dup(arena *a, sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return NULL;
    return arena_strdup(a, db_text(st, i));
}

void db_read_text(arena *a, sqlite3_stmt *st, void *row)
{
    *(const char **)row = db_col_dup(a, st, 0);
}

void db_bind_text_opt(sqlite3_stmt *st, int i, const char *s)
{
    db_bind_text_or_null(st, i, s && *s ? s : NULL);
}

void db_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void db_bind_id(sqlite3_stmt *st, int i, int64_t id)
{
    if (id)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

void db_bind_double_opt(sqlite3_stmt *st, int i, bool has, double v)
{
    if (has)
        sqlite3_bind_double(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

void *db_grow(arena *a, void *v, size_t *cap, size_t cnt, size_t size)
{
    if (cnt < *cap)
        return v;
    size_t nc = *cap ? *cap * 2 : 16;
    void *nv = arena_calloc(a, nc, size);
    if (nv && cnt)
        memcpy(nv, v, cnt * size);
    *cap = nc;
    return nv;
}

int db_rows(arena *a, sqlite3_stmt *st, size_t size, db_row_fn read, void *out, size_t *n)
{
    void *v = NULL;
    size_t cap = 0, cnt = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!(v = db_grow(a, v, &cap, cnt, size)))
            break;
        read(a, st, (char *)v + cnt++ * size);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return DB_ERROR;
    memcpy(out, &v, sizeof v);
    *n = cnt;
    return DB_OK;
}

int db_int_rows(arena *a, sqlite3_stmt *st, int **out, size_t *n)
{
    size_t cap = 0, cnt = 0;
    int *v = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = db_grow(a, v, &cap, cnt, sizeof *v);
        if (!v)
            break;
        v[cnt++] = sqlite3_column_int(st, 0);
    }
    sqlite3_reset(st);
    *out = v;
    *n = cnt;
    return rc == SQLITE_DONE ? DB_OK : DB_ERROR;
}

int db_row(arena *a, sqlite3_stmt *st, db_row_fn read, void *row)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read(a, st, row);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}
