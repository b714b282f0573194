/*
 * budget.c: the budget of wijkgericht werken per year (/begroting) for
 * those who read the monitor and the council report, and the same lines as
 * open data (/open-data/begroting.json and .csv). The figures come from
 * domain/budget.c; amounts are whole euro cents throughout.
 */
#include "web.h"
#include "render.h"

#include "domain/budget.h"
#include "domain/policy.h"
#include "lib/csv.h"
#include "store/budget_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ?jaar=: 0 when absent, -1 when not a year of the range. */
static int query_year(struct req *r)
{
    const char *s = req_query(r, "jaar");
    if (!s || !*s)
        return 0;
    int v = web_parse_year(s);
    return v >= BUDGET_YEAR_MIN && v <= BUDGET_YEAR_MAX ? v : -1;
}

static const char *kind_label(struct req *r, const char *kind)
{
    return strcmp(kind, "personeel") == 0 ? T(r, "Personeel") : T(r, "Activiteiten");
}

static const char *change_text(struct req *r, bool has_prev, int64_t now, int64_t prev)
{
    return has_prev ? fmt_money_change(r, now - prev) : T(r, "niet vastgelegd");
}

/* One table: the lines of one kind, with their subtotal. */
static json_t *kind_table(struct req *r, const struct budget_year *b, const char *kind,
                          int64_t subtotal, int64_t prev_subtotal)
{
    json_t *t = json_object(), *rows = json_array();
    ctx_str(t, "id", kind);
    ctx_str(t, "title", kind_label(r, kind));
    for (size_t i = 0; i < b->n; i++) {
        const struct budget_row *x = &b->rows[i];
        if (strcmp(x->line->kind, kind) != 0)
            continue;
        json_t *o = json_object();
        ctx_str(o, "line", x->line->line);
        ctx_str(o, "programme", x->line->programme);
        ctx_str(o, "amount_fmt", fmt_money(r, x->line->amount_cents));
        ctx_str(o, "prev_fmt", x->has_prev ? fmt_money(r, x->prev_cents) : T(r, "niet vastgelegd"));
        ctx_str(o, "change_fmt", change_text(r, x->has_prev, x->line->amount_cents, x->prev_cents));
        ctx_bool(o, "demo", x->line->demo);
        json_array_append_new(rows, o);
    }
    json_object_set_new(t, "rows", rows);
    ctx_str(t, "subtotal_fmt", fmt_money(r, subtotal));
    ctx_str(t, "prev_subtotal_fmt",
            b->has_prev ? fmt_money(r, prev_subtotal) : T(r, "niet vastgelegd"));
    ctx_str(t, "change_fmt", change_text(r, b->has_prev, subtotal, prev_subtotal));
    return t;
}

/* Per programme: personnel and activities together, as the audit sums them. */
static json_t *programme_table(struct req *r, db *d, const struct budget_year *b)
{
    struct budget_line *prev;
    size_t np;
    if (budget_lines(d, r->a, b->year - 1, &prev, &np) != DB_OK)
        np = 0;
    json_t *rows = json_array();
    for (size_t i = 0; i < b->n; i++) {
        const char *p = b->rows[i].line->programme;
        bool seen = false;
        for (size_t k = 0; k < i; k++)
            seen |= strcmp(b->rows[k].line->programme, p) == 0;
        if (seen)
            continue;
        int64_t sum = 0, psum = 0;
        bool has_prev = false;
        for (size_t k = i; k < b->n; k++)
            if (strcmp(b->rows[k].line->programme, p) == 0)
                sum += b->rows[k].line->amount_cents;
        for (size_t k = 0; k < np; k++)
            if (strcmp(prev[k].programme, p) == 0) {
                psum += prev[k].amount_cents;
                has_prev = true;
            }
        json_t *o = json_object();
        ctx_str(o, "programme", p);
        ctx_str(o, "amount_fmt", fmt_money(r, sum));
        ctx_str(o, "change_fmt", change_text(r, has_prev, sum, psum));
        json_array_append_new(rows, o);
    }
    return rows;
}

void page_budget(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int *years;
    size_t ny;
    if (budget_years(d, r->a, &years, &ny) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object();
    int want = query_year(r);
    const char *error = NULL;
    int year = want;
    if (want < 0) {
        r->status = 400;
        error = T(r, "Kies een jaar uit de lijst: het jaar is vier cijfers, zoals 2016.");
        year = 0;
    }
    if (year == 0) {
        /* the latest year up to this one, else the latest there is */
        int now = web_this_year();
        for (size_t i = 0; i < ny && !year; i++)
            if (years[i] <= now)
                year = years[i];
        if (!year && ny)
            year = years[0];
    }
    struct budget_year b = {0};
    if (year && budget_year_get(d, r->a, year, &b) != DB_OK) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    if (year && !b.found && !error) {
        r->status = 404;
        error = arena_printf(
            r->a, T(r, "Voor %d is geen begroting vastgelegd. Kies een jaar uit de lijst."), year);
    }
    json_t *yo = json_array();
    for (size_t i = 0; i < ny; i++)
        json_array_append_new(
            yo, json_pack("{s:i,s:b}", "year", years[i], "selected", years[i] == year));
    json_object_set_new(ctx, "year_options", yo);
    ctx_bool(ctx, "has_years", ny > 0);
    if (error) {
        ctx_str(ctx, "error", error);
        ctx_str(ctx, "jaar_value", req_query(r, "jaar"));
    }
    if (b.found) {
        ctx_int(ctx, "year", year);
        ctx_bool(ctx, "found", 1);
        ctx_bool(ctx, "demo", b.demo);
        ctx_bool(ctx, "has_prev", b.has_prev);
        ctx_int(ctx, "prev_year", year - 1);
        json_t *kinds = json_array();
        json_array_append_new(
            kinds, kind_table(r, &b, "personeel", b.personnel_cents, b.prev_personnel_cents));
        json_array_append_new(
            kinds, kind_table(r, &b, "activiteiten", b.activities_cents, b.prev_activities_cents));
        json_object_set_new(ctx, "kinds", kinds);
        json_object_set_new(ctx, "programmes", programme_table(r, d, &b));
        ctx_str(ctx, "personnel_fmt", fmt_money(r, b.personnel_cents));
        ctx_str(ctx, "activities_fmt", fmt_money(r, b.activities_cents));
        ctx_str(ctx, "total_fmt", fmt_money(r, b.total_cents));
        ctx_str(ctx, "prev_total_fmt",
                b.has_prev ? fmt_money(r, b.prev_total_cents) : T(r, "niet vastgelegd"));
        ctx_str(ctx, "total_change_fmt",
                change_text(r, b.has_prev, b.total_cents, b.prev_total_cents));
        json_t *sources = json_array();
        for (size_t i = 0; i < b.n; i++) {
            const char *s = b.rows[i].line->source;
            bool seen = !s;
            for (size_t k = 0; k < json_array_size(sources) && !seen; k++)
                seen = strcmp(json_string_value(json_array_get(sources, k)), s) == 0;
            if (!seen)
                json_array_append_new(sources, json_string(s));
        }
        json_object_set_new(ctx, "sources", sources);
    }
    ctx_bool(ctx, "can_report", policy_allows(r->user, ACT_REPORT_VIEW, NULL));
    ctx_bool(ctx, "can_wijkbudgets", policy_allows(r->user, ACT_WIJK_BUDGET_VIEW, NULL));
    render_page(r, "pages/begroting", ctx);
}

/* begroting.json / begroting.csv: every line, or one year's (?jaar=). */
void open_data_budget(struct req *r, db *d, const char *format)
{
    int year = query_year(r);
    if (year < 0) {
        resp_text(r, 400, "text/plain; charset=utf-8",
                  "jaar: een jaar van vier cijfers, zoals 2016 / jaar: a year of four digits, "
                  "such as 2016\n");
        return;
    }
    struct budget_line *l;
    size_t n;
    if (budget_lines(d, r->a, year, &l, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    buf *b = &r->body_out;
    buf_reset(b);
    r->status = 200;
    if (strcmp(format, "csv") == 0) {
        static const struct csv_col cols[] = {
            {"year", CSV_NUMBER},    {"kind", CSV_TEXT},           {"line", CSV_TEXT},
            {"programme", CSV_TEXT}, {"amount_cents", CSV_NUMBER}, {"amount_eur", CSV_NUMBER},
            {"source", CSV_TEXT},    {"demo", CSV_NUMBER},
        };
        const size_t nc = sizeof cols / sizeof cols[0];
        csv_header(b, cols, nc);
        for (size_t i = 0; i < n; i++)
            csv_row(b, cols, nc, arena_printf(r->a, "%d", l[i].year), l[i].kind, l[i].line,
                    l[i].programme, arena_printf(r->a, "%lld", (long long)l[i].amount_cents),
                    arena_printf(r->a, "%lld.%02lld", (long long)(l[i].amount_cents / 100),
                                 (long long)(l[i].amount_cents % 100)),
                    l[i].source ? l[i].source : "", l[i].demo ? "1" : "0");
        r->content_type_out = "text/csv; charset=utf-8";
        resp_header(r, "Content-Disposition", "inline; filename=\"begroting.csv\"");
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        ctx_int(o, "year", l[i].year);
        ctx_str(o, "kind", l[i].kind);
        ctx_str(o, "line", l[i].line);
        ctx_str(o, "programme", l[i].programme);
        ctx_int(o, "amount_cents", l[i].amount_cents);
        json_object_set_new(o, "source", l[i].source ? json_string(l[i].source) : json_null());
        ctx_bool(o, "demo", l[i].demo);
        json_array_append_new(arr, o);
    }
    char *s = json_dumps(arr, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(arr);
    r->content_type_out = "application/json; charset=utf-8";
    if (s)
        buf_puts(b, s);
    free(s);
}
