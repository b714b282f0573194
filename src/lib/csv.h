/*
 * csv.h: writing and reading comma-separated values (RFC 4180), and writing
 * the semicolon form Dutch spreadsheets open (csv_cell_nl).
 *
 * Every CSV file the program writes goes through this writer. It knows the
 * type of each cell: a number is written as it is (digits, an optional
 * minus sign and decimal point), so a spreadsheet reads it as a number; a
 * text cell that a spreadsheet could run as a formula, one starting with
 * =, +, -, @, a tab or a carriage return, is quoted with a ' in front, even
 * when the rest of it looks like a number ("-1" typed as a name stays text).
 * A cell of a number column that is not a plain number is written as text,
 * neutralised the same way, so no caller can pass a formula off as a number.
 * Civil servants open these files in Excel: that is why.
 *
 * Reading handles quoted fields with commas, quotes and line breaks.
 */
#ifndef WR_CSV_H
#define WR_CSV_H

#include "lib/buf.h"

#include <stddef.h>

enum csv_type {
    CSV_TEXT,   /* written so that a spreadsheet never reads a formula from it */
    CSV_NUMBER, /* a plain decimal number, or empty; anything else goes as text */
};

/* A column: its heading and the type of its cells. */
struct csv_col {
    const char *name;
    enum csv_type type;
};

/* The heading row of n columns. */
int csv_header(buf *b, const struct csv_col *cols, size_t n);
/* One row of n NUL-terminated cells (NULL: empty), each written as its
 * column's type, ending in CRLF. */
int csv_row(buf *b, const struct csv_col *cols, size_t n, ...);
int csv_rowv(buf *b, const struct csv_col *cols, size_t n, const char *const *cells);
/* One cell of a row; first: the row's first cell (no comma before it).
 * For writers whose cells carry their own type (lib/table). */
int csv_cell(buf *b, enum csv_type type, const char *s, int first);
/* The same for a Dutch spreadsheet (Excel or LibreOffice with Dutch
 * settings): cells separated by ';' and a number's decimal point written as
 * a comma ("204,9"), the neutralising of formulas the same. The file should
 * start with CSV_BOM so that the spreadsheet reads it as UTF-8. The open
 * data stays RFC 4180 (csv_cell). */
#define CSV_BOM "\xEF\xBB\xBF"
int csv_cell_nl(buf *b, enum csv_type type, const char *s, int first);
/* Ends a row written cell by cell. */
int csv_end_row(buf *b);

/* Is s a number as CSV_NUMBER writes it: -?[0-9]+(.[0-9]+)? */
int csv_is_number(const char *s);

/* Reader: call csv_next until it returns 0 (end) or -1 (malformed).
 * The cells point into a buffer owned by the reader, valid until the next call. */
struct csv_reader {
    const char *p, *end;
    buf field_data;
    size_t offsets[64];
    const char *cells[64];
    size_t ncells;
    int line;
};

void csv_reader_init(struct csv_reader *r, const char *data, size_t len);
/* 1: a row in r->cells[0..ncells); 0: end of input; -1: malformed or too many cells. */
int csv_next(struct csv_reader *r);
void csv_reader_free(struct csv_reader *r);

#endif
