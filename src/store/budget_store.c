/*
 * budget_store.c: SQL of the budget lines (budget_line).
 */
#include "budget_store.h"

static const char SQL_UPSERT[] =
    "INSERT INTO budget_line (year, kind, line, programme, amount_cents, source, demo)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT (year, kind, line) DO UPDATE SET programme = excluded.programme,"
    " amount_cents = excluded.amount_cents, source = excluded.source, demo = excluded.demo";

int budget_line_upsert(db *d, const struct budget_line *l)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, l->year);
    sqlite3_bind_text(st, 2, l->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, l->line, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, l->programme, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, l->amount_cents);
    db_bind_text_or_null(st, 6, l->source);
    sqlite3_bind_int(st, 7, l->demo ? 1 : 0);
    return db_exec_stmt(st);
}

static const char SQL_LINES[] =
    "SELECT id, year, kind, line, programme, amount_cents, source, demo FROM budget_line"
    " WHERE ?1 = 0 OR year = ?1"
    " ORDER BY year, kind = 'activiteiten', programme, line";

static void read_line(arena *a, sqlite3_stmt *st, void *row)
{
    struct budget_line *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->year = sqlite3_column_int(st, 1);
    x->kind = db_col_dup(a, st, 2);
    x->line = db_col_dup(a, st, 3);
    x->programme = db_col_dup(a, st, 4);
    x->amount_cents = sqlite3_column_int64(st, 5);
    x->source = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL : db_col_dup(a, st, 6);
    x->demo = sqlite3_column_int(st, 7);
}

int budget_lines(db *d, arena *a, int year, struct budget_line **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LINES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, year);
    return db_rows(a, st, sizeof **out, read_line, out, n);
}

static const char SQL_YEARS[] = "SELECT DISTINCT year FROM budget_line ORDER BY year DESC";

int budget_years(db *d, arena *a, int **years, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_YEARS);
    if (!st)
        return DB_ERROR;
    return db_int_rows(a, st, years, n);
}
