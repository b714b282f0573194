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

static int write_csv(const struct table *t, buf *out,
                     int (*put)(buf *, enum csv_type, const char *, int))
{
    int rc = 0;
    for (size_t c = 0; c < t->ncols; c++)
        rc |= put(out, CSV_TEXT, t->cols[c], c == 0);
    rc |= csv_end_row(out);
    for (size_t r = 0; rc == 0 && r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const struct tcell *x = table_cell(t, r, c);
            if (x->text) {
                rc |= put(out, CSV_TEXT, x->text, c == 0);
            } else {
                char num[48];
                snprintf(num, sizeof num, "%.*f", x->decimals, x->num);
                rc |= put(out, CSV_NUMBER, num, c == 0);
            }
        }
        rc |= csv_end_row(out);
    }
    return rc ? -1 : 0;
}

int table_csv(const struct table *t, buf *out)
{
    return write_csv(t, out, csv_cell);
}

int table_csv_nl(const struct table *t, buf *out)
{
    if (buf_puts(out, CSV_BOM) != 0)
        return -1;
    return write_csv(t, out, csv_cell_nl);
}

/* Sheet names: the subject of the title, the part before its first ", "
 * ("Focuspunten" of "Focuspunten, Regio Noord 2025": the workbook is of one
 * area and year), at most 31 characters, none of []:*?/\ and unique within
 * the workbook (a number added to a repeated one). */
static void sheet_name(const char *title, size_t i, char names[][32], char out[32])
{
    size_t n = 0, cut = 31;
    const char *comma = strstr(title, ", ");
    if (comma && (size_t)(comma - title) < cut)
        cut = (size_t)(comma - title);
    for (const char *p = title; *p && n < cut; p++)
        out[n++] = strchr("[]:*?/\\", *p) ? '-' : *p;
    /* do not end inside a UTF-8 sequence */
    if (title[n] && ((unsigned char)title[n] & 0xC0) == 0x80) {
        while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80)
            n--;
        if (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0xC0)
            n--;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    for (size_t k = 0; k < i; k++)
        if (strcmp(names[k], out) == 0) {
            char num[8];
            int w = snprintf(num, sizeof num, " %zu", i + 1);
            size_t keep = n + (size_t)w > 31 ? 31 - (size_t)w : n;
            while (keep > 0 && ((unsigned char)out[keep] & 0xC0) == 0x80)
                keep--;
            snprintf(out + keep, 32 - keep, "%s", num);
            break;
        }
}

int table_xlsx(const struct table *const *t, size_t n, const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return -1;
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    char(*names)[32] = calloc(n ? n : 1, sizeof *names);
    if (!names) {
        workbook_close(wb);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        sheet_name(t[i]->title, i, names, names[i]);
        lxw_worksheet *ws = workbook_add_worksheet(wb, names[i]);
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
    free(names);
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
