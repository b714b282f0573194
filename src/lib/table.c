/*
 * table.c: the table model and its CSV and XLSX writers (see table.h).
 */
#include "table.h"

#include "lib/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct table *table_new(arena *a, const char *name, const char *title, size_t ncols,
                        const char *const *cols)
{
    struct table *t = arena_calloc(a, 1, sizeof *t);
    if (!t || ncols == 0)
        return NULL;
    t->a = a;
    t->name = arena_strdup(a, name);
    t->title = arena_strdup(a, title);
    t->ncols = ncols;
    t->cols = arena_calloc(a, ncols, sizeof *t->cols);
    if (!t->cols)
        return NULL;
    for (size_t i = 0; i < ncols; i++)
        t->cols[i] = arena_strdup(a, cols[i]);
    return t;
}

long table_add_row(struct table *t)
{
    if (t->nrows == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 16;
        struct tcell *v = arena_calloc(t->a, nc * t->ncols, sizeof *v);
        if (!v)
            return -1;
        if (t->nrows)
            memcpy(v, t->cells, t->nrows * t->ncols * sizeof *v);
        t->cells = v;
        t->cap = nc;
    }
    struct tcell *row = &t->cells[t->nrows * t->ncols];
    for (size_t i = 0; i < t->ncols; i++)
        row[i] = (struct tcell){.text = ""};
    return (long)t->nrows++;
}

void table_set_text(struct table *t, size_t row, size_t col, const char *s)
{
    if (row < t->nrows && col < t->ncols)
        t->cells[row * t->ncols + col] = (struct tcell){.text = arena_strdup(t->a, s ? s : "")};
}

void table_set_num(struct table *t, size_t row, size_t col, double v, int decimals)
{
    if (row < t->nrows && col < t->ncols)
        t->cells[row * t->ncols + col] = (struct tcell){.num = v, .decimals = decimals};
}

void table_set_href(struct table *t, size_t row, size_t col, const char *href)
{
    if (row < t->nrows && col < t->ncols)
        t->cells[row * t->ncols + col].href = href ? arena_strdup(t->a, href) : NULL;
}

const struct tcell *table_cell(const struct table *t, size_t row, size_t col)
{
    return row < t->nrows && col < t->ncols ? &t->cells[row * t->ncols + col] : NULL;
}

int table_csv(const struct table *t, buf *out)
{
    int rc = 0;
    for (size_t c = 0; c < t->ncols; c++)
        rc |= csv_cell(out, CSV_TEXT, t->cols[c], c == 0);
    rc |= csv_end_row(out);
    for (size_t r = 0; rc == 0 && r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const struct tcell *x = table_cell(t, r, c);
            if (x->text) {
                rc |= csv_cell(out, CSV_TEXT, x->text, c == 0);
            } else {
                char num[48];
                snprintf(num, sizeof num, "%.*f", x->decimals, x->num);
                rc |= csv_cell(out, CSV_NUMBER, num, c == 0);
            }
        }
        rc |= csv_end_row(out);
    }
    return rc ? -1 : 0;
}

/* Sheet names: at most 31 characters, none of []:*?/\ and unique. */
static void sheet_name(const char *title, size_t i, char out[32])
{
    size_t n = 0;
    for (const char *p = title; *p && n < 27; p++)
        out[n++] = strchr("[]:*?/\\", *p) ? '-' : *p;
    /* do not end inside a UTF-8 sequence */
    while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0xC0)
        n--;
    snprintf(out + n, 32 - n, " %zu", i + 1);
}

int table_xlsx(const struct table *const *t, size_t n, const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return -1;
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        sheet_name(t[i]->title, i, name);
        lxw_worksheet *ws = workbook_add_worksheet(wb, name);
        if (!ws)
            break;
        for (size_t c = 0; c < t[i]->ncols; c++)
            worksheet_write_string(ws, 0, (lxw_col_t)c, t[i]->cols[c], bold);
        for (size_t r = 0; r < t[i]->nrows; r++)
            for (size_t c = 0; c < t[i]->ncols; c++) {
                const struct tcell *x = table_cell(t[i], r, c);
                if (x->text)
                    worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, x->text, NULL);
                else
                    worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, x->num, NULL);
            }
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int table_xlsx_buf(const struct table *const *t, size_t n, buf *out)
{
    char path[] = "/tmp/wijkregie-xlsx-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    int rc = table_xlsx(t, n, path);
    FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
    if (f) {
        char chunk[16384];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
            if (buf_append(out, chunk, got) != 0) {
                rc = -1;
                break;
            }
        fclose(f);
    } else {
        rc = -1;
    }
    unlink(path);
    return rc;
}
