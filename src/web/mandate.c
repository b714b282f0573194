/*
 * mandate.c: the mandate table in the back office (/werk/mandaat): who
 * decides on a residents' initiative up to which amount, since which
 * college decision, and the rows before (their period ended). Everyone who
 * handles initiatives reads it; the form to change it shows only to whom
 * the domain allows it (initiative_may_change_mandate: the wijkwethouder),
 * and the change goes through initiative_mandate_set.
 */
#include "web.h"
#include "web/initiative_web.h"

#include "domain/calendar.h"
#include "domain/function.h"
#include "domain/initiative.h"
#include "lib/i18n_mark.h"
#include "store/area_store.h"
#include "web/render.h"

#include <string.h>
#include <time.h>

static const char *mandate_role(const char *code)
{
    return strcmp(code, "wijkwethouder") == 0 ? N_("Wijkwethouder") : N_("Wijkregisseur");
}

static const char *region_name(struct req *r, const struct region *rg, size_t nr, int64_t id)
{
    if (!id)
        return T(r, "Alle regio's");
    for (size_t i = 0; i < nr; i++)
        if (rg[i].id == id)
            return rg[i].name;
    return arena_printf(r->a, T(r, "regio %lld"), (long long)id);
}

/* "15-04-2025", or "niet vastgelegd". */
static const char *day_text(struct req *r, const char *iso, int days)
{
    char out[CAL_DATE_LEN];
    function_format_day(iso, days, out);
    return *out ? arena_strdup(r->a, out) : T(r, "niet vastgelegd");
}

static void field(struct req *r, json_t *ctx, json_t *problems, const char *name, const char *value,
                  const char *problem)
{
    json_t *f = json_object();
    ctx_str(f, "value", value);
    if (problem) {
        ctx_str(f, "error", T(r, problem));
        json_array_append_new(problems,
                              json_pack("{s:s,s:s}", "anchor", name, "message", T(r, problem)));
    }
    json_object_set_new(ctx, name, f);
}

static void mandate_page(struct req *r, db *d, const struct mandate_input *in,
                         const struct mandate_problems *pr)
{
    const char *today = web_today(r);
    struct mandate_row *m = NULL;
    struct region *rg = NULL;
    size_t n = 0, nr = 0;
    if (mandate_history(d, r->a, &m, &n) != DB_OK ||
        area_list_regions(d, r->a, today, &rg, &nr) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object(), *now = json_array(), *past = json_array();
    for (size_t i = 0; i < n; i++) {
        bool current = strcmp(m[i].valid_from, today) <= 0 &&
                       (!m[i].valid_to || strcmp(m[i].valid_to, today) > 0);
        json_t *o = json_object();
        ctx_str(o, "role", T(r, mandate_role(m[i].role)));
        ctx_str(o, "region", region_name(r, rg, nr, m[i].region_id));
        ctx_str(o, "max",
                m[i].max_cents < 0 ? T(r, "zonder grens") : initiative_money(r, m[i].max_cents));
        ctx_str(o, "decision", day_text(r, m[i].college_decision, 0));
        ctx_str(o, "from", day_text(r, m[i].valid_from, 0));
        if (m[i].valid_to)
            ctx_str(o, "last", day_text(r, m[i].valid_to, -1));
        json_array_append_new(current ? now : past, o);
    }
    json_object_set_new(ctx, "current", now);
    ctx_bool(ctx, "has_past", json_array_size(past) > 0);
    json_object_set_new(ctx, "past", past);
    bool may = initiative_may_change_mandate(r->user);
    ctx_bool(ctx, "may_change", may);
    if (may) {
        json_t *problems = json_array(), *roles = json_array(), *regions = json_array();
        static const char *const codes[] = {"wijkregisseur", "wijkwethouder"};
        for (size_t i = 0; i < 2; i++)
            json_array_append_new(roles,
                                  json_pack("{s:s,s:s,s:b}", "value", codes[i], "label",
                                            T(r, mandate_role(codes[i])), "selected",
                                            in && in->role && strcmp(in->role, codes[i]) == 0));
        json_array_append_new(regions, json_pack("{s:s,s:s,s:b}", "value", "", "label",
                                                 T(r, "Alle regio's"), "selected", 0));
        for (size_t i = 0; i < nr; i++)
            json_array_append_new(
                regions,
                json_pack("{s:s,s:s,s:b}", "value", rg[i].slug, "label", rg[i].name, "selected",
                          in && in->region && strcmp(in->region, rg[i].slug) == 0));
        json_object_set_new(ctx, "roles", roles);
        json_object_set_new(ctx, "regions", regions);
        struct mandate_problems none = {0};
        if (!pr)
            pr = &none;
        field(r, ctx, problems, "role", NULL, pr->role);
        field(r, ctx, problems, "region", NULL, pr->region);
        field(r, ctx, problems, "amount", in ? in->amount : NULL, pr->amount);
        field(r, ctx, problems, "decision", in ? in->decision : NULL, pr->decision);
        ctx_bool(ctx, "has_problems", json_array_size(problems) > 0);
        json_object_set_new(ctx, "problems", problems);
    }
    render_page(r, "pages/werk_mandaat", ctx);
}

void page_mandate(struct req *r)
{
    db *d = web_db(r);
    if (d)
        mandate_page(r, d, NULL, NULL);
}

void page_mandate_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct mandate_input in = {.role = req_field(r, "rol"),
                               .region = req_field(r, "regio"),
                               .amount = req_field(r, "bedrag"),
                               .decision = req_field(r, "besluit")};
    struct mandate_problems pr;
    switch (initiative_mandate_set(d, r->a, r->user, &in, (int64_t)time(NULL), &pr, NULL)) {
    case INIT_OK:
        flash_set(r, "ok", "saved");
        resp_redirect(r, "/werk/mandaat");
        return;
    case INIT_INVALID:
        r->status = 400;
        mandate_page(r, d, &in, &pr);
        return;
    case INIT_FORBIDDEN:
        resp_error(r, 403);
        return;
    default:
        resp_error(r, 500);
    }
}
