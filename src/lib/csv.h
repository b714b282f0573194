/*
 * csv.h: writing and reading comma-separated values (RFC 4180).
 *
 * Writing quotes where needed and defuses cells that a spreadsheet would
 * run as a formula (a leading = + - @ gets a ' in front), because civil
 * servants open these exports in Excel. Reading handles quoted fields with
 * commas, quotes and line breaks.
 */
#ifndef WR_CSV_H
#define WR_CSV_H

#include "lib/buf.h"

#include <stddef.h>

/* Appends one row of n NUL-terminated cells, ending in CRLF. */
int csv_row(buf *b, size_t n, ...);
int csv_rowv(buf *b, size_t n, const char *const *cells);
int csv_cell(buf *b, const char *s, int first);

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
