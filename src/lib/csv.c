/*
 * csv.c: RFC 4180 writer and reader; see csv.h.
 */
#include "csv.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

int csv_is_number(const char *s)
{
    const char *p = s + (*s == '-');
    if (!isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

/* One cell with separator sep; a number's '.' written as decimal. */
static int cell(buf *b, enum csv_type type, const char *s, int first, char sep, char decimal)
{
    int rc = 0;
    if (!first)
        rc |= buf_putc(b, sep);
    if (!s || !*s)
        return rc;
    if (type == CSV_NUMBER && csv_is_number(s)) {
        for (const char *p = s; *p; p++)
            rc |= buf_putc(b, *p == '.' ? decimal : *p);
        return rc;
    }
    /* text: what a spreadsheet would take for a formula gets a ' in front */
    int formula = strchr("=+-@\t\r", s[0]) != NULL;
    int quote = formula || strpbrk(s, ",;\"\r\n") != NULL;
    if (!quote)
        return rc | buf_puts(b, s);
    rc |= buf_putc(b, '"');
    if (formula)
        rc |= buf_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            rc |= buf_putc(b, '"');
        rc |= buf_putc(b, *p);
    }
    return rc | buf_putc(b, '"');
}

int csv_cell(buf *b, enum csv_type type, const char *s, int first)
{
    return cell(b, type, s, first, ',', '.');
}

int csv_cell_nl(buf *b, enum csv_type type, const char *s, int first)
{
    return cell(b, type, s, first, ';', ',');
}

int csv_end_row(buf *b)
{
    return buf_puts(b, "\r\n");
}

int csv_header(buf *b, const struct csv_col *cols, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        rc |= csv_cell(b, CSV_TEXT, cols[i].name, i == 0);
    return rc | csv_end_row(b);
}

int csv_rowv(buf *b, const struct csv_col *cols, size_t n, const char *const *cells)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        rc |= csv_cell(b, cols[i].type, cells[i], i == 0);
    return rc | csv_end_row(b);
}

int csv_row(buf *b, const struct csv_col *cols, size_t n, ...)
{
    va_list ap;
    va_start(ap, n);
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        rc |= csv_cell(b, cols[i].type, va_arg(ap, const char *), i == 0);
    va_end(ap);
    return rc | csv_end_row(b);
}

void csv_reader_init(struct csv_reader *r, const char *data, size_t len)
{
    memset(r, 0, sizeof *r);
    r->p = data;
    r->end = data + len;
    buf_init(&r->field_data, 1024 * 1024);
}

void csv_reader_free(struct csv_reader *r)
{
    buf_free(&r->field_data);
}

int csv_next(struct csv_reader *r)
{
    if (r->p >= r->end)
        return 0;
    buf_reset(&r->field_data);
    r->ncells = 0;
    r->line++;
    for (;;) {
        if (r->ncells == sizeof r->offsets / sizeof r->offsets[0])
            return -1;
        r->offsets[r->ncells++] = r->field_data.len;
        if (r->p < r->end && *r->p == '"') {
            r->p++;
            for (;;) {
                if (r->p >= r->end)
                    return -1; /* unterminated quote */
                if (*r->p == '"') {
                    if (r->p + 1 < r->end && r->p[1] == '"') {
                        buf_putc(&r->field_data, '"');
                        r->p += 2;
                        continue;
                    }
                    r->p++;
                    break;
                }
                if (*r->p == '\n')
                    r->line++;
                buf_putc(&r->field_data, *r->p++);
            }
        } else {
            while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
                buf_putc(&r->field_data, *r->p++);
        }
        if (buf_putc(&r->field_data, '\0') != 0)
            return -1;
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == '\r')
            r->p++;
        if (r->p < r->end && *r->p == '\n')
            r->p++;
        else if (r->p < r->end)
            return -1; /* junk after a closing quote */
        break;
    }
    for (size_t i = 0; i < r->ncells; i++)
        r->cells[i] = r->field_data.data + r->offsets[i];
    return 1;
}
