/*
 * functions.c: who is who. The administrator's pages for the public
 * functions of each region and wijk (domain/function.h), and the list of
 * functions on the public wijk page.
 */
#include "web.h"

#include "domain/function.h"
#include "store/area_store.h"
#include "store/function_store.h"
#include "store/org_store.h"
#include "web/render.h"

#include <string.h>

/* "van 15-04-2025", "van 15-04-2025 tot en met 30-06-2025" */
static const char *period_text(struct req *r, const struct function_holder *h)
{
    char from[CAL_DATE_LEN], last[CAL_DATE_LEN];
    function_format_day(h->valid_from, 0, from);
    if (!h->valid_to)
        return arena_printf(r->a, T(r, "vanaf %s"), from);
    function_format_day(h->valid_to, -1, last);
    return arena_printf(r->a, T(r, "van %s tot en met %s"), from, last);
}

/* The functions other than wijkregisseur and wijkwethouder (those have
 * their own lines) held today for wijk w, one entry per function with the
 * names joined. */
json_t *web_wijk_functions(struct req *r, db *d, const struct wijk *w)
{
    json_t *arr = json_array();
    struct function_holder *h = NULL;
    size_t n = 0;
    if (function_list_for_wijk(d, r->a, w->id, w->region_id, web_today(r), &h, &n) != DB_OK)
        return arr;
    for (const struct function_kind *k = function_kinds; k->code; k++) {
        if (k->single)
            continue;
        const char *names = NULL;
        for (size_t i = 0; i < n; i++)
            if (strcmp(h[i].function, k->code) == 0)
                names = names ? arena_printf(r->a, "%s, %s", names, h[i].person) : h[i].person;
        if (names)
            json_array_append_new(arr,
                                  json_pack("{s:s,s:s}", "label", T(r, k->label), "names", names));
    }
    return arr;
}

/* "Wijkregisseur: A; Wijkagent: B, C" for the overview, or NULL. */
static const char *holders_text(struct req *r, const struct function_holder *h, size_t n,
                                int64_t region_id, int64_t area_id)
{
    const char *out = NULL;
    for (const struct function_kind *k = function_kinds; k->code; k++) {
        const char *names = NULL;
        for (size_t i = 0; i < n; i++)
            if (h[i].region_id == region_id && h[i].area_id == area_id &&
                strcmp(h[i].function, k->code) == 0)
                names = names ? arena_printf(r->a, "%s, %s", names, h[i].person) : h[i].person;
        if (!names)
            continue;
        const char *part = arena_printf(r->a, "%s: %s", T(r, k->label), names);
        out = out ? arena_printf(r->a, "%s; %s", out, part) : part;
    }
    return out;
}

void page_admin_functions(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *today = web_today(r);
    struct wijk *w;
    struct region *rg;
    struct function_holder *h = NULL;
    size_t nw, nr, nh = 0;
    if (area_list_wijken(d, r->a, today, 0, &w, &nw) != DB_OK ||
        area_list_regions(d, r->a, today, &rg, &nr) != DB_OK ||
        function_list_current(d, r->a, today, &h, &nh) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *regions = json_array(), *wijken = json_array();
    for (size_t i = 0; i < nr; i++) {
        json_t *o = json_object();
        ctx_str(o, "name", rg[i].name);
        ctx_str(o, "href", arena_printf(r->a, "/beheer/functies/regio/%s", rg[i].slug));
        ctx_str(o, "holders", holders_text(r, h, nh, rg[i].id, 0));
        json_array_append_new(regions, o);
    }
    for (size_t i = 0; i < nw; i++) {
        json_t *o = json_object();
        ctx_str(o, "name", w[i].name);
        ctx_str(o, "region", w[i].region_name);
        ctx_str(o, "href", arena_printf(r->a, "/beheer/functies/wijk/%s", w[i].slug));
        ctx_str(o, "holders", holders_text(r, h, nh, 0, w[i].id));
        json_array_append_new(wijken, o);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "regions", regions);
    json_object_set_new(ctx, "wijken", wijken);
    render_page(r, "pages/admin_functies", ctx);
}

/* The place a page is about: a region or a wijk, from the URL. */
struct place {
    int64_t region_id, area_id;
    const char *name, *href;
    const char *region_name; /* a wijk's region, or NULL */
    const char *public_href; /* a wijk's public page, or NULL */
};

static bool find_place(struct req *r, db *d, bool region, struct place *p)
{
    memset(p, 0, sizeof *p);
    const char *slug = req_param(r, 0), *today = web_today(r);
    if (region) {
        struct region rg;
        int64_t id = slug ? region_id_by_slug(d, slug) : 0;
        if (!id || area_region_by_id(d, r->a, id, today, &rg) != DB_OK)
            return false;
        p->region_id = rg.id;
        p->name = arena_printf(r->a, T(r, "regio %s"), rg.name);
        p->href = arena_printf(r->a, "/beheer/functies/regio/%s", rg.slug);
        return true;
    }
    struct wijk w;
    if (!slug || area_get_wijk(d, r->a, slug, today, 0, &w) != DB_OK)
        return false;
    p->area_id = w.id;
    p->name = arena_printf(r->a, T(r, "wijk %s"), w.name);
    p->href = arena_printf(r->a, "/beheer/functies/wijk/%s", w.slug);
    p->region_name = w.region_name;
    p->public_href = arena_printf(r->a, "/wijken/%s", w.slug);
    return true;
}

/* A form field and its problem, for the page and the error summary. */
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

static void place_page(struct req *r, db *d, const struct place *p, const struct function_input *in,
                       const struct function_problems *pr, int64_t end_id, const char *end_value,
                       const char *end_problem)
{
    struct function_holder *h = NULL;
    size_t n = 0;
    if (function_list_scope(d, r->a, p->region_id, p->area_id, &h, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    const char *today = web_today(r);
    json_t *ctx = json_object(), *rows = json_array(), *problems = json_array();
    for (const struct function_kind *k = function_kinds; k->code; k++)
        for (size_t i = 0; i < n; i++) {
            if (strcmp(h[i].function, k->code) != 0)
                continue;
            json_t *o = json_object();
            ctx_int(o, "id", h[i].id);
            ctx_str(o, "function", T(r, k->label));
            ctx_str(o, "person", h[i].person);
            ctx_str(o, "period", period_text(r, &h[i]));
            bool past = h[i].valid_to && strcmp(h[i].valid_to, today) <= 0;
            bool future = strcmp(h[i].valid_from, today) > 0;
            ctx_str(o, "state", past ? T(r, "afgelopen") : future ? T(r, "komt nog") : T(r, "nu"));
            ctx_bool(o, "endable", !past);
            if (h[i].id == end_id) {
                ctx_str(o, "end_value", end_value);
                if (end_problem) {
                    ctx_str(o, "end_error", T(r, end_problem));
                    json_array_append_new(
                        problems, json_pack("{s:s,s:s}", "anchor",
                                            arena_printf(r->a, "end-%lld", (long long)h[i].id),
                                            "message", T(r, end_problem)));
                }
            }
            json_array_append_new(rows, o);
        }
    ctx_str(ctx, "place", p->name);
    ctx_str(ctx, "action", p->href);
    ctx_str(ctx, "region_name", p->region_name);
    ctx_str(ctx, "public_href", p->public_href);
    json_object_set_new(ctx, "rows", rows);
    ctx_bool(ctx, "has_rows", n > 0);
    json_t *opts = json_array();
    json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value", "", "label",
                                          T(r, "Kies een functie"), "selected", 0));
    for (const struct function_kind *k = function_kinds; k->code; k++)
        json_array_append_new(
            opts, json_pack("{s:s,s:s,s:b}", "value", k->code, "label", T(r, k->label), "selected",
                            in && in->function && strcmp(in->function, k->code) == 0));
    json_object_set_new(ctx, "functions", opts);
    struct function_problems none = {0};
    if (!pr)
        pr = &none;
    field(r, ctx, problems, "function", NULL, pr->function);
    field(r, ctx, problems, "person", in ? in->person : NULL, pr->person);
    field(r, ctx, problems, "first_day", in ? in->first_day : NULL, pr->first_day);
    field(r, ctx, problems, "last_day", in ? in->last_day : NULL, pr->last_day);
    ctx_bool(ctx, "has_problems", json_array_size(problems) > 0);
    json_object_set_new(ctx, "problems", problems);
    render_page(r, "pages/admin_functies_plek", ctx);
}

static void place_get(struct req *r, bool region)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct place p;
    if (!find_place(r, d, region, &p)) {
        resp_error(r, 404);
        return;
    }
    place_page(r, d, &p, NULL, NULL, 0, NULL, NULL);
}

static void place_post(struct req *r, bool region)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct place p;
    if (!find_place(r, d, region, &p)) {
        resp_error(r, 404);
        return;
    }
    struct function_input in = {.function = req_field(r, "function"),
                                .person = req_field(r, "person"),
                                .first_day = req_field(r, "first_day"),
                                .last_day = req_field(r, "last_day")};
    struct function_problems pr;
    switch (function_add(d, r->a, r->user, p.region_id, p.area_id, &in, &pr, NULL)) {
    case FUNCTION_OK:
        flash_set(r, "ok", "saved");
        resp_redirect(r, p.href);
        return;
    case FUNCTION_INVALID:
        r->status = 400;
        place_page(r, d, &p, &in, &pr, 0, NULL, NULL);
        return;
    default:
        resp_error(r, 500);
    }
}

void page_admin_functions_wijk(struct req *r)
{
    place_get(r, false);
}

void page_admin_functions_wijk_post(struct req *r)
{
    place_post(r, false);
}

void page_admin_functions_region(struct req *r)
{
    place_get(r, true);
}

void page_admin_functions_region_post(struct req *r)
{
    place_post(r, true);
}

void page_admin_function_end(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    long long id = web_parse_id(req_param(r, 0));
    struct function_holder h;
    if (!id || function_get(d, r->a, id, &h) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    /* back to the page of the place the period belongs to */
    struct place p = {.region_id = h.region_id, .area_id = h.area_id};
    if (h.region_id) {
        struct region rg;
        if (area_region_by_id(d, r->a, h.region_id, web_today(r), &rg) != DB_OK) {
            resp_error(r, 404);
            return;
        }
        p.name = arena_printf(r->a, T(r, "regio %s"), rg.name);
        p.href = arena_printf(r->a, "/beheer/functies/regio/%s", rg.slug);
    } else {
        const char *slug = area_slug_by_id(d, r->a, h.area_id);
        struct wijk w;
        if (!slug || area_get_wijk(d, r->a, slug, web_today(r), 0, &w) != DB_OK) {
            resp_error(r, 404);
            return;
        }
        p.name = arena_printf(r->a, T(r, "wijk %s"), w.name);
        p.href = arena_printf(r->a, "/beheer/functies/wijk/%s", w.slug);
        p.region_name = w.region_name;
        p.public_href = arena_printf(r->a, "/wijken/%s", w.slug);
    }
    const char *last = req_field(r, "last_day"), *problem = NULL;
    switch (function_end(d, r->a, r->user, id, last, &problem)) {
    case FUNCTION_OK:
        flash_set(r, "ok", "saved");
        resp_redirect(r, p.href);
        return;
    case FUNCTION_INVALID:
        r->status = 400;
        place_page(r, d, &p, NULL, NULL, id, last, problem);
        return;
    case FUNCTION_NOT_FOUND:
        resp_error(r, 404);
        return;
    default:
        resp_error(r, 500);
    }
}
