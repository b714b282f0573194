/*
 * db.h: the SQLite connection, one per thread, with cached prepared statements.
 *
 * Every query in the program goes through db_stmt(): SQL text is a string
 * constant kept in the store file of its domain, prepared once per
 * connection and reused. There is no way to run SQL built from input.
 */
#ifndef WR_DB_H
#define WR_DB_H

#include "lib/arena.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct db db;

enum db_err { DB_OK = 0, DB_ERROR = 1, DB_NOTFOUND = 2, DB_CONSTRAINT = 3, DB_BUSY = 4 };

/* Bounds what SQLite keeps in memory over all connections together: once
 * past bytes, every connection's page cache reuses its own pages instead of
 * growing (cache_size stays each one's upper bound). The server calls it
 * before it opens any connection; without it each connection may keep
 * cache_size (2 MB). */
void db_limit_cache(size_t bytes);
/* What SQLite has allocated now, over all connections (bytes). */
long long db_memory_used(void);
/* Sets the database file for this process; creates the folder. Opens one
 * connection to apply migrations. 0 on success; message in err. */
int db_setup(const char *data_dir, char *err, size_t errlen);
/* The path of the database file (valid after db_setup). */
const char *db_path(void);
const char *db_data_dir(void);

/* The calling thread's connection, opened on first use; NULL on failure. */
db *db_thread(void);
/* Closes the calling thread's connection (at thread exit or shutdown). */
void db_thread_close(void);
/* A background thread goes to sleep until its next pass: closes its
 * connection (its schema, statements and page cache) and gives the memory
 * freed since back to the system (glibc keeps it otherwise). */
void db_thread_idle(void);

/* A function run on every thread connection opened from now on (NULL:
 * none); the checkpoint thread sets one, see writer.h. */
void db_set_open_hook(void (*hook)(sqlite3 *h));

/* A cached prepared statement for sql (a string constant); reset and
 * unbound. NULL on error (logged). */
sqlite3_stmt *db_stmt(db *d, const char *sql);
sqlite3 *db_handle(db *d);

/* What a result read from the database depends on: the connection, the
 * commits of other connections (PRAGMA data_version) and this one's own
 * changes. While it stays the same, the same query gives the same rows. */
struct db_version {
    uint64_t serial;
    int64_t data, own;
};
int db_version(db *d, struct db_version *out);
bool db_version_same(const struct db_version *a, const struct db_version *b);

/* Transactions. db_begin_write takes the write lock at once (BEGIN IMMEDIATE). */
int db_begin_write(db *d);
int db_begin_read(db *d);
/* db_commit runs db_before_commit first: the work kept for the end of a
 * transaction (the search indexes' new signals). A commit not made by
 * db_commit (the writer's group) calls it itself. */
int db_commit(db *d);
int db_before_commit(db *d);
void db_rollback(db *d);

/* Runs a statement to completion (for INSERT/UPDATE/DELETE). DB_OK, DB_CONSTRAINT or DB_ERROR. */
int db_exec_stmt(sqlite3_stmt *st);
int64_t db_last_id(db *d);
int db_changes(db *d);

/* Schema version after migrations, and applying them (used by `migrate`). */
int db_migrate(sqlite3 *h, int *out_from, int *out_to, char *err, size_t errlen);
int db_user_version(sqlite3 *h);

/* Opens a plain connection with the program's pragmas (for tools and backup). */
int db_open_raw(const char *path, sqlite3 **out, char *err, size_t errlen);

/* Binding values that may be absent, the same way in every store file. */
/* Text s, or SQL NULL when s is NULL or empty. s is copied. */
void db_bind_text_opt(sqlite3_stmt *st, int i, const char *s);
/* Text s, or SQL NULL when s is NULL (an empty s stays ""). s is copied. */
void db_bind_text_or_null(sqlite3_stmt *st, int i, const char *s);
/* A row id, or SQL NULL when id is 0 (no row). */
void db_bind_id(sqlite3_stmt *st, int i, int64_t id);
/* The number v, or SQL NULL when !has. */
void db_bind_double_opt(sqlite3_stmt *st, int i, bool has, double v);

/* Room for one more element in an arena array v of cnt elements of size
 * bytes and capacity *cap: v itself when cnt < *cap, else a copy with
 * double the capacity (16 at first) and *cap updated. NULL when out of
 * memory. Reading rows: `if (!(v = db_grow(a, v, &cap, cnt, sizeof *v)))`. */
void *db_grow(arena *a, void *v, size_t *cap, size_t cnt, size_t size);

/* Fills one element (zeroed memory) from the current row of st. */
typedef void (*db_row_fn)(arena *a, sqlite3_stmt *st, void *row);
/* Steps the bound statement st to the end and reads every row with read
 * into a new arena array of elements of size bytes; resets st. DB_OK with
 * the array in *out (out is the address of the caller's array pointer,
 * NULL when there are no rows) and its length in *n; DB_ERROR (out and n
 * untouched) when a step or the memory failed. */
int db_rows(arena *a, sqlite3_stmt *st, size_t size, db_row_fn read, void *out, size_t *n);
/* Steps st once and reads the row with read into row; resets st. DB_OK,
 * DB_NOTFOUND when there is no row, or DB_ERROR. */
int db_row(arena *a, sqlite3_stmt *st, db_row_fn read, void *row);
/* Steps st to the end and collects the integer of each row's first column
 * into an array in a; resets st. */
int db_int_rows(arena *a, sqlite3_stmt *st, int **out, size_t *n);

/* Text of column i, never NULL ("" for NULL). */
const char *db_text(sqlite3_stmt *st, int i);
/* A copy of column i's text in the arena; NULL for SQL NULL. */
const char *db_col_dup(arena *a, sqlite3_stmt *st, int i);
/* A db_row_fn for a row of one text column: *(const char **)row, copied
 * into a (NULL for NULL). */
void db_read_text(arena *a, sqlite3_stmt *st, void *row);

#endif
