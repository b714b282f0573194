/*
 * table.h: one table model for every figure the monitor and the council
 * report show, with two writers: CSV (RFC 4180 or the Dutch spreadsheets'
 * form, through lib/csv) and XLSX
 * (libxlsxwriter). A page renders the same table as HTML, so the three
 * never disagree about what a table holds.
 *
 * A cell is text or a number; numbers keep their value (XLSX stores them as
 * numbers, CSV writes them with a dot and the table's decimals). Text stays
 * text in both: XLSX stores it as a string, and the CSV writer neutralises
 * text a spreadsheet would run as a formula (lib/csv.h), whatever it looks like.
 */
#ifndef WR_TABLE_H
#define WR_TABLE_H

#include "lib/arena.h"
#include "lib/buf.h"

#include <stddef.h>

struct tcell {
    const char *text; /* NULL for a number */
    double num;
    int decimals;
    const char *href; /* a link on the page (not in CSV or XLSX), or NULL */
};

struct table {
    arena *a;
    const char *name;  /* file name without extension: [a-z0-9-] */
    const char *title; /* caption and sheet name */
    size_t ncols;
    const char **cols;
    size_t nrows, cap;
    struct tcell *cells; /* nrows x ncols */
};

/* A new table with ncols column headings (copied). NULL when out of memory. */
struct table *table_new(arena *a, const char *name, const char *title, size_t ncols,
                        const char *const *cols);
/* Appends an empty row (cells "") and returns its index, or -1. */
long table_add_row(struct table *t);
void table_set_text(struct table *t, size_t row, size_t col, const char *s);
void table_set_num(struct table *t, size_t row, size_t col, double v, int decimals);
/* Makes a cell a link on the page (the exports keep its text alone). */
void table_set_href(struct table *t, size_t row, size_t col, const char *href);
const struct tcell *table_cell(const struct table *t, size_t row, size_t col);

/* The table as CSV (headings first). 0 on success. */
int table_csv(const struct table *t, buf *out);
/* The table as CSV for a Dutch spreadsheet: a UTF-8 byte order mark, ';'
 * between cells, decimal commas (csv_cell_nl). 0 on success. */
int table_csv_nl(const struct table *t, buf *out);
/* The tables as one XLSX workbook, one sheet each, written to path. 0 on success. */
int table_xlsx(const struct table *const *t, size_t n, const char *path);
/* Reads an XLSX made by table_xlsx into out (for answering a request). */
int table_xlsx_buf(const struct table *const *t, size_t n, buf *out);

#endif
