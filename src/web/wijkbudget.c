/*
 * wijkbudget.c: the wijk budgets of a year (/werk/wijkbudgetten?jaar=): a
 * city overview per wijk of the budget, the flexible reserve, what is
 * committed, paid and left, with totals. The wijkwethouder sets a wijk's
 * amount, the wijkregisseur of the region its flexible reserve; each form
 * shows only to whom the domain allows it, and the change goes through
 * initiative_budget_amount / initiative_budget_reserve.
 */
#include "web.h"
#include "web/initiative_web.h"

#include "domain/initiative.h"
#include "lib/i18n_mark.h"
#include "store/area_store.h"
#include "store/partner_store.h"
#include "web/render.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ?jaar= (or the form's jaar): this year when absent, 0 when not a year. */
static int64_t budget_year(const char *s)
{
    return !s || !*s ? web_this_year() : web_parse_year(s);
}

/* The page; on a refused change: the wijk (slug), which field ("bedrag" or
 * "reserve"), what was typed and why. */
static void budgets_page(struct req *r, db *d, int64_t year, const char *err_wijk,
                         const char *err_field, const char *typed, const char *problem)
{
    struct wijk *w = NULL;
    struct wijk_budget_row *b = NULL;
    size_t nw = 0, nb = 0;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) != DB_OK ||
        wijk_budget_list(d, r->a, year, &b, &nb) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    /* beside each wijk's budget: the hours departments and partners spent
     * on its focus points' actions that year */
    struct action_hours_row *h = NULL;
    size_t nh = 0;
    if (action_hours_by_wijk(d, r->a, (int)year, 0, 0, &h, &nh) != DB_OK)
        nh = 0;
    int64_t t_minutes = 0;
    bool may_amount = initiative_may_set_budget_amount(r->user);
    int64_t t_amount = 0, t_flex = 0, t_comm = 0, t_paid = 0;
    json_t *ctx = json_object(), *rows = json_array(), *problems = json_array();
    for (size_t i = 0; i < nw; i++) {
        const struct wijk_budget_row *row = NULL;
        for (size_t k = 0; k < nb && !row; k++)
            if (b[k].area_id == w[i].id)
                row = &b[k];
        json_t *o = json_object();
        ctx_str(o, "name", w[i].name);
        ctx_str(o, "slug", w[i].slug);
        ctx_str(o, "region", w[i].region_name);
        ctx_bool(o, "has_budget", row != NULL);
        int64_t minutes = 0;
        for (size_t k = 0; k < nh; k++)
            if (h[k].area_id == w[i].id)
                minutes += h[k].minutes;
        t_minutes += minutes;
        ctx_str(o, "hours", web_hours_text(r, minutes));
        if (row) {
            ctx_str(o, "amount", initiative_money(r, row->amount_cents));
            ctx_str(o, "flexible", initiative_money(r, row->flexible_cents));
            ctx_str(o, "committed", initiative_money(r, row->committed_cents));
            ctx_str(o, "paid", initiative_money(r, row->paid_cents));
            ctx_str(o, "left", initiative_money(r, row->amount_cents - row->committed_cents));
            ctx_bool(o, "demo", row->demo);
            t_amount += row->amount_cents;
            t_flex += row->flexible_cents;
            t_comm += row->committed_cents;
            t_paid += row->paid_cents;
        }
        ctx_bool(o, "may_amount", may_amount);
        ctx_bool(o, "may_reserve",
                 row && initiative_may_set_budget_reserve(r->user, w[i].region_id));
        if (err_wijk && strcmp(err_wijk, w[i].slug) == 0) {
            bool res = strcmp(err_field, "reserve") == 0;
            const char *anchor = arena_printf(r->a, "%s-%s", res ? "reserve" : "bedrag", w[i].slug);
            ctx_str(o, res ? "reserve_value" : "amount_value", typed);
            ctx_str(o, res ? "reserve_error" : "amount_error", T(r, problem));
            json_array_append_new(
                problems, json_pack("{s:s,s:s}", "anchor", anchor, "message", T(r, problem)));
        }
        json_array_append_new(rows, o);
    }
    json_object_set_new(ctx, "rows", rows);
    ctx_int(ctx, "year", (long long)year);
    ctx_str(ctx, "t_hours", web_hours_text(r, t_minutes));
    ctx_int(ctx, "prev", (long long)year - 1);
    ctx_int(ctx, "next", (long long)year + 1);
    ctx_str(ctx, "t_amount", initiative_money(r, t_amount));
    ctx_str(ctx, "t_flexible", initiative_money(r, t_flex));
    ctx_str(ctx, "t_committed", initiative_money(r, t_comm));
    ctx_str(ctx, "t_paid", initiative_money(r, t_paid));
    ctx_str(ctx, "t_left", initiative_money(r, t_amount - t_comm));
    ctx_bool(ctx, "has_problems", json_array_size(problems) > 0);
    json_object_set_new(ctx, "problems", problems);
    render_page(r, "pages/werk_wijkbudgetten", ctx);
}

void page_wijk_budgets(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int64_t year = budget_year(req_query(r, "jaar"));
    if (!year) {
        resp_error(r, 404);
        return;
    }
    budgets_page(r, d, year, NULL, NULL, NULL, NULL);
}

static void budget_post(struct req *r, bool reserve)
{
    db *d = web_db(r);
    if (!d)
        return;
    int64_t year = budget_year(req_field(r, "jaar"));
    const char *slug = req_param(r, 0), *typed = req_field(r, "bedrag"), *problem = NULL;
    int64_t now = (int64_t)time(NULL);
    enum initiative_result res =
        !year     ? INIT_NOT_FOUND
        : reserve ? initiative_budget_reserve(d, r->a, r->user, slug, year, typed, now, &problem)
                  : initiative_budget_amount(d, r->a, r->user, slug, year, typed, now, &problem);
    switch (res) {
    case INIT_OK:
        flash_set(r, "ok", "saved");
        resp_redirect(r, arena_printf(r->a, "/werk/wijkbudgetten?jaar=%lld", (long long)year));
        return;
    case INIT_INVALID:
    case INIT_NO_BUDGET:
        r->status = 400;
        budgets_page(r, d, year, slug, reserve ? "reserve" : "bedrag", typed,
                     problem ? problem : N_("Deze wijk heeft nog geen budget voor dit jaar."));
        return;
    case INIT_NOT_FOUND:
        resp_error(r, 404);
        return;
    case INIT_FORBIDDEN:
        resp_error(r, 403);
        return;
    default:
        resp_error(r, 500);
    }
}

void page_wijk_budget_amount(struct req *r)
{
    budget_post(r, false);
}

void page_wijk_budget_reserve(struct req *r)
{
    budget_post(r, true);
}
