/*
 * focus.c: the back office pages of focus points (list, new, the whole plan
 * with its forms), the biennial inventory per wijk, and the pieces the
 * public wijk page and open data use to describe a focus point and its
 * progress in plain words.
 *
 * Viewing needs ACT_FOCUS_VIEW; every change needs ACT_FOCUS_EDIT for one
 * of the focus point's wijken (a wijkregisseur: only in their own region),
 * checked here with a scope_target because the router cannot know the
 * focus point. Every change is written to the audit trail in the same
 * transaction, with titles and numbers only: no personal data.
 */
#include "web.h"
#include "web/focus_web.h"

#include "domain/calendar.h"
#include "domain/focus.h"
#include "domain/indicator.h"
#include "domain/partner.h"
#include "domain/policy.h"
#include "lib/csv.h"
#include "store/area_store.h"
#include "store/focus_store.h"
#include "store/org_store.h"
#include "store/signal_store.h"
#include "web/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- shared pieces ------------------------------------------------------------- */

/* A value the Dutch way ("12,5", "10"), or English ("12.5"). */
static const char *fmt_value(struct req *r, double v)
{
    char b[48];
    snprintf(b, sizeof b, "%.1f", v);
    size_t n = strlen(b);
    if (n > 2 && strcmp(b + n - 2, ".0") == 0)
        b[n - 2] = '\0';
    if (strcmp(r->lang, "en") != 0)
        for (char *p = b; *p; p++)
            if (*p == '.')
                *p = ',';
    return arena_strdup(r->a, b);
}

/* "december 2024" from a date. */
static const char *fmt_month(struct req *r, const char *iso)
{
    const char *full = fmt_date(r, iso);
    const char *sp = full ? strchr(full, ' ') : NULL;
    return sp ? sp + 1 : full;
}

static const char *with_unit(struct req *r, double v, const char *unit)
{
    return indicator_with_unit(r->a, fmt_value(r, v), unit);
}

static const char *status_label(struct req *r, const char *code)
{
    const char *l = focus_label(focus_statuses, code);
    return l ? T(r, l) : code;
}

/* The indicator as an object for the templates and open data, with the
 * sentence "Nu ..., bij de start ..., het doel is ...: op schema." */
static json_t *indicator_json(struct req *r, const struct focus_ind *x)
{
    json_t *o = json_object();
    ctx_int(o, "id", x->id);
    ctx_str(o, "name", x->name);
    ctx_str(o, "unit", x->unit);
    ctx_str(o, "method", x->method);
    const char *ml = focus_label(focus_methods, x->method);
    ctx_str(o, "method_label", ml ? T(r, ml) : x->method);
    ctx_bool(o, "automatic", strcmp(x->method, "manual") != 0);
    ctx_str(o, "category_names", x->category_names);
    ctx_str(o, "source", x->source);
    ctx_bool(o, "higher_is_better", x->higher_is_better);
    if (x->has_baseline) {
        ctx_str(o, "baseline", fmt_value(r, x->baseline));
        ctx_str(o, "baseline_date", x->baseline_date);
    }
    if (x->has_target) {
        ctx_str(o, "target", fmt_value(r, x->target));
        ctx_str(o, "target_date", x->target_date);
    }
    if (x->has_latest) {
        ctx_str(o, "latest", fmt_value(r, x->latest));
        ctx_str(o, "latest_on", x->latest_on);
        ctx_str(o, "latest_source", x->latest_source);
    }
    double p = 0;
    bool worse = false;
    bool hp = x->has_baseline && x->has_target && x->has_latest &&
              focus_progress(x->baseline, x->target, x->latest, x->higher_is_better, &p, &worse);
    enum focus_track t = focus_track(hp, p, worse, x->baseline_date, x->target_date, x->latest_on);
    ctx_str(o, "track", T(r, focus_track_label(t)));
    ctx_str(o, "track_code", focus_track_code(t));
    ctx_bool(o, "has_progress", hp);
    if (hp)
        ctx_int(o, "progress_pct", (long long)llround(p * 100));
    /* the sentence */
    buf b;
    buf_init(&b, 1024);
    /* after the indicator's name and a colon: "120 per jaar (november
     * 2025), bij de start was het 150 per jaar (januari 2025), ..." */
    if (x->has_latest)
        buf_puts(&b, arena_printf(r->a, "%s (%s)", with_unit(r, x->latest, x->unit),
                                  fmt_month(r, x->latest_on)));
    else
        buf_puts(&b, T(r, "nog geen meting"));
    if (x->has_baseline)
        buf_puts(&b,
                 arena_printf(r->a, T(r, ", bij de start was het %s (%s)"),
                              with_unit(r, x->baseline, x->unit), fmt_month(r, x->baseline_date)));
    if (x->has_target)
        buf_puts(&b, arena_printf(r->a, T(r, ", het doel is %s in %s"),
                                  with_unit(r, x->target, x->unit), fmt_month(r, x->target_date)));
    if (hp)
        buf_puts(&b, arena_printf(r->a, ": %s.", T(r, focus_track_label(t))));
    else
        buf_puts(&b, ".");
    ctx_str(o, "sentence", b.data ? arena_strdup(r->a, b.data) : "");
    buf_free(&b);
    return o;
}

/* Goals with their indicators. */
static json_t *goals_json(struct req *r, db *d, int64_t fp)
{
    json_t *arr = json_array();
    struct focus_goal *g;
    struct focus_ind *x;
    size_t ng, nx;
    if (focus_goals(d, r->a, fp, &g, &ng) != DB_OK ||
        focus_indicators(d, r->a, fp, &x, &nx) != DB_OK)
        return arr;
    for (size_t i = 0; i < ng; i++) {
        json_t *o = json_object();
        ctx_int(o, "id", g[i].id);
        ctx_str(o, "text", g[i].text);
        json_t *inds = json_array();
        for (size_t k = 0; k < nx; k++)
            if (x[k].goal_id == g[i].id)
                json_array_append_new(inds, indicator_json(r, &x[k]));
        ctx_bool(o, "has_indicators", json_array_size(inds) > 0);
        json_object_set_new(o, "indicators", inds);
        json_array_append_new(arr, o);
    }
    return arr;
}

static const char *origin_text(struct req *r, const char *origin)
{
    if (!origin || !*origin)
        return NULL;
    buf b;
    buf_init(&b, 1024);
    for (size_t i = 0; focus_origins[i].code; i++) {
        const char *c = focus_origins[i].code;
        size_t n = strlen(c);
        const char *p = strstr(origin, c);
        if (p && (p == origin || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) {
            if (b.len)
                buf_puts(&b, ", ");
            buf_puts(&b, T(r, focus_origins[i].label));
        }
    }
    const char *out = b.data ? arena_strdup(r->a, b.data) : NULL;
    buf_free(&b);
    return out;
}

static json_t *focus_summary_json(struct req *r, const struct focus_row *f)
{
    json_t *o = json_object();
    ctx_int(o, "id", f->id);
    ctx_int(o, "number", f->number);
    ctx_str(o, "code", fmt_focus_code(r, f->number, f->period_start));
    ctx_str(o, "title", f->title);
    ctx_str(o, "problem", f->problem);
    ctx_str(o, "origin", origin_text(r, f->origin));
    ctx_str(o, "period", arena_printf(r->a, "%.4s-%.4s", f->period_start, f->period_end));
    ctx_str(o, "status", f->status);
    ctx_str(o, "status_label", status_label(r, f->status));
    ctx_str(o, "decided_on", f->decided_on ? fmt_date(r, f->decided_on) : NULL);
    ctx_str(o, "areas", f->area_names);
    ctx_str(o, "regisseur", f->regisseur_name);
    ctx_bool(o, "demo", f->demo);
    ctx_bool(o, "wijk_level", f->has_buurt);
    ctx_str(o, "url", arena_printf(r->a, "/werk/focuspunten/%lld", (long long)f->id));
    return o;
}

/* The focus points of a wijk for the public wijk page. */
json_t *focus_public_list(struct req *r, db *d, int64_t wijk_id)
{
    json_t *arr = json_array();
    struct focus_filter fl = {.area_id = wijk_id};
    struct focus_row *f;
    size_t n;
    if (focus_list(d, r->a, &fl, &f, &n) != DB_OK)
        return arr;
    for (size_t i = 0; i < n; i++) {
        if (!focus_status_public(f[i].status))
            continue; /* a proposal is not public yet */
        json_t *o = focus_summary_json(r, &f[i]);
        ctx_str(o, "public_url", arena_printf(r->a, "/focuspunten/%lld", (long long)f[i].id));
        json_t *goals = goals_json(r, d, f[i].id);
        ctx_bool(o, "has_goals", json_array_size(goals) > 0);
        json_object_set_new(o, "goals", goals);
        json_array_append_new(arr, o);
    }
    return arr;
}

/* May r's user change focus point id? Also answers 403/404/500 when not. */
static bool may_edit(struct req *r, db *d, int64_t id, bool answer)
{
    struct focus_area *a;
    size_t n;
    if (focus_areas(d, r->a, id, web_today(r), &a, &n) != DB_OK) {
        if (answer)
            resp_error(r, 500);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        struct scope_target t = {.region_id = a[i].region_id, .area_id = a[i].wijk_id};
        if (policy_allows(r->user, ACT_FOCUS_EDIT, &t))
            return true;
    }
    if (n == 0 && policy_allows(r->user, ACT_FOCUS_EDIT, &(struct scope_target){0}))
        return true;
    if (answer)
        resp_error(r, 403);
    return false;
}

/* The region of the user's first scoped role (for "own region first"). */
static int64_t user_region(const struct req *r)
{
    for (size_t i = 0; r->user && i < r->user->nroles; i++)
        if (r->user->roles[i].region_id)
            return r->user->roles[i].region_id;
    return 0;
}

static json_t *code_options(struct req *r, const struct focus_code *list, const char *sel)
{
    json_t *arr = json_array();
    for (size_t i = 0; list[i].code; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "value", list[i].code, "label",
                                             T(r, list[i].label), "selected",
                                             sel && strcmp(sel, list[i].code) == 0));
    return arr;
}

/* --- the list -------------------------------------------------------------------- */

void page_work_focus_list(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *wijk = req_query(r, "wijk"), *period = req_query(r, "periode"),
               *status = req_query(r, "status");
    struct focus_filter fl = {.on = web_today(r), .region_first = user_region(r)};
    struct wijk *w;
    size_t nw;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *wopts = json_array();
    const char *wijk_name = NULL;
    for (size_t i = 0; i < nw; i++) {
        bool sel = wijk && strcmp(wijk, w[i].slug) == 0;
        if (sel) {
            fl.area_id = w[i].id;
            wijk_name = w[i].name;
        }
        json_array_append_new(wopts, json_pack("{s:s,s:s,s:b}", "value", w[i].slug, "label",
                                               w[i].name, "selected", sel));
    }
    if (period && focus_valid_date(period))
        fl.period_start = period;
    if (status && focus_label(focus_statuses, status))
        fl.status = status;
    struct focus_row *f;
    size_t n;
    if (focus_list(d, r->a, &fl, &f, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rows, focus_summary_json(r, &f[i]));
    json_t *ctx = json_object();
    json_object_set_new(ctx, "rows", rows);
    ctx_bool(ctx, "has_rows", n > 0);
    json_object_set_new(ctx, "wijken", wopts);
    json_t *popts = json_array();
    static const char *const periods[][2] = {{"2025-01-01", "2025-2026"},
                                             {"2016-01-01", "2016-2017"}};
    for (size_t i = 0; i < 2; i++)
        json_array_append_new(
            popts,
            json_pack("{s:s,s:s,s:b}", "value", periods[i][0], "label", periods[i][1], "selected",
                      fl.period_start && strcmp(fl.period_start, periods[i][0]) == 0));
    json_object_set_new(ctx, "periods", popts);
    json_object_set_new(ctx, "statuses", code_options(r, focus_statuses, fl.status));
    ctx_bool(ctx, "may_edit", policy_allows(r->user, ACT_FOCUS_EDIT, NULL));
    if (wijk_name)
        json_object_set_new(ctx, "inventory",
                            json_pack("{s:s,s:s}", "name", wijk_name, "url",
                                      arena_printf(r->a, "/werk/inventarisatie/%s", wijk)));
    render_page(r, "pages/werk_focuspunten", ctx);
}

/* --- new focus point and the main fields ------------------------------------------- */

/* The wijken and buurten as checkboxes; chosen from the form or from `have`. */
static json_t *area_options(struct req *r, db *d, bool from_form, const struct focus_area *have,
                            size_t nhave)
{
    json_t *arr = json_array();
    struct focus_area *a;
    size_t n;
    if (focus_area_choices(d, r->a, web_today(r), &a, &n) != DB_OK)
        return arr;
    const struct form_field *all[FOCUS_WEB_MAX_PICK];
    size_t nf = from_form ? form_get_all(&r->form, "area", all, FOCUS_WEB_MAX_PICK) : 0;
    for (size_t i = 0; i < n; i++) {
        struct scope_target t = {.region_id = a[i].region_id, .area_id = a[i].wijk_id};
        if (!policy_allows(r->user, ACT_FOCUS_EDIT, &t))
            continue;
        bool sel = false;
        for (size_t k = 0; k < nf && k < FOCUS_WEB_MAX_PICK; k++)
            sel |= all[k]->value && web_parse_id(all[k]->value) == (long long)a[i].id;
        for (size_t k = 0; !from_form && k < nhave; k++)
            sel |= have[k].id == a[i].id;
        json_array_append_new(arr, json_pack("{s:I,s:s,s:b,s:b}", "id", (json_int_t)a[i].id, "name",
                                             a[i].name, "buurt", strcmp(a[i].kind, "buurt") == 0,
                                             "checked", sel));
    }
    return arr;
}

static json_t *origin_options(struct req *r, bool from_form, const char *origin)
{
    json_t *arr = json_array();
    const struct form_field *all[FOCUS_WEB_MAX_PICK];
    size_t nf = from_form ? form_get_all(&r->form, "origin", all, FOCUS_WEB_MAX_PICK) : 0;
    for (size_t i = 0; focus_origins[i].code; i++) {
        const char *c = focus_origins[i].code;
        bool sel = false;
        for (size_t k = 0; k < nf && k < FOCUS_WEB_MAX_PICK; k++)
            sel |= all[k]->value && strcmp(all[k]->value, c) == 0;
        if (!from_form && origin) {
            const char *p = strstr(origin, c);
            size_t l = strlen(c);
            sel = p && (p == origin || p[-1] == ',') && (p[l] == ',' || p[l] == '\0');
        }
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "value", c, "label",
                                             T(r, focus_origins[i].label), "checked", sel));
    }
    return arr;
}

/* The main fields as typed (from_form) or as stored (f). */
static json_t *main_form_json(struct req *r, db *d, bool from_form, const struct focus_row *f,
                              const struct focus_area *areas, size_t nareas)
{
    json_t *o = json_object();
#define V(field, stored) ctx_str(o, field, from_form ? req_field(r, field) : (stored))
    V("title", f ? f->title : NULL);
    V("problem", f ? f->problem : NULL);
    V("period_start", web_date_typed(r, f ? f->period_start : "2027-01-01"));
    V("period_end", web_date_typed(r, f ? f->period_end : "2028-12-31"));
#undef V
    /* the college's decision is shown, not edited here (page_work_focus_decision) */
    ctx_str(o, "decided_on", f && f->decided_on ? fmt_date(r, f->decided_on) : NULL);
    ctx_bool(o, "is_new", f == NULL);
    ctx_bool(o, "rejected", f && f->status && strcmp(f->status, "niet_vastgesteld") == 0);
    const char *st = from_form        ? req_field(r, "status")
                     : f && f->status ? f->status
                                      : "voorgesteld";
    json_t *statuses = json_array();
    for (size_t i = 0; focus_statuses[i].code; i++) {
        const char *c = focus_statuses[i].code;
        const char *old_dec = f ? f->decided_on : NULL;
        if (focus_edit_status_validate(f ? f->status : NULL, old_dec, c, old_dec))
            continue;
        json_array_append_new(statuses, json_pack("{s:s,s:s,s:b}", "value", c, "label",
                                                  T(r, focus_statuses[i].label), "selected",
                                                  st && strcmp(st, c) == 0));
    }
    json_object_set_new(o, "statuses", statuses);
    json_object_set_new(o, "areas", area_options(r, d, from_form, areas, nareas));
    json_object_set_new(o, "origins", origin_options(r, from_form, f ? f->origin : NULL));
    return o;
}

static void new_page(struct req *r, db *d, bool from_form, const char *error)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "f", main_form_json(r, d, from_form, NULL, NULL, 0));
    ctx_str(ctx, "error", error);
    render_page(r, "pages/werk_focuspunt_nieuw", ctx);
}

/* Where an input of the inventory came from, as a focus point's origin. */
static const char *origin_of_source(const char *source)
{
    static const char *const map[][2] = {{"partner", "partners"},
                                         {"politie", "politie"},
                                         {"bewoners", "bewoners"},
                                         {"bijeenkomst", "bewoners"}};
    for (size_t i = 0; source && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(source, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

/* /werk/focuspunten/nieuw?inbreng={id}: a proposal from an input of the
 * inventory, the form filled in with its wijk, its text as the problem and
 * its source as the origin (an input of a wijk outside the user's region:
 * the empty form). */
void page_work_focus_new(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    long long inv = web_parse_id(req_query(r, "inbreng"));
    struct inventory_row in;
    int64_t wijk_id = 0;
    struct wijk w;
    const char *slug = NULL;
    if (inv > 0 && inventory_get(d, r->a, inv, &in, &wijk_id) == DB_OK &&
        (slug = area_slug_by_id(d, r->a, wijk_id)) != NULL &&
        area_get_wijk(d, r->a, slug, web_today(r), 0, &w) == DB_OK) {
        struct scope_target t = {.region_id = w.region_id, .area_id = w.id};
        if (policy_allows(r->user, ACT_FOCUS_EDIT, &t)) {
            struct focus_row f = {.problem = in.text,
                                  .origin = origin_of_source(in.source),
                                  .period_start = "2027-01-01",
                                  .period_end = "2028-12-31"};
            struct focus_area area = {.id = wijk_id};
            json_t *ctx = json_object();
            json_t *form = main_form_json(r, d, false, &f, &area, 1);
            ctx_bool(form, "is_new", true);
            json_object_set_new(ctx, "f", form);
            ctx_str(ctx, "from_inventory", w.name);
            render_page(r, "pages/werk_focuspunt_nieuw", ctx);
            return;
        }
    }
    new_page(r, d, false, NULL);
}

/* Reads and checks the main fields; fills f and the chosen areas. A msgid
 * on a problem. */
static const char *read_main(struct req *r, db *d, struct focus_row *f, int64_t *areas,
                             size_t *nareas)
{
    const struct form_field *all[FOCUS_WEB_MAX_PICK];
    size_t na = form_get_all(&r->form, "area", all, FOCUS_WEB_MAX_PICK);
    *nareas = 0;
    if (na > FOCUS_MAX_AREAS)
        return N_("Kies hoogstens 12 wijken of buurten.");
    struct focus_area *choice;
    size_t nc;
    if (focus_area_choices(d, r->a, web_today(r), &choice, &nc) != DB_OK)
        return N_("Er ging bij ons iets mis. Probeer het later opnieuw.");
    for (size_t i = 0; i < na; i++) {
        long long id = web_parse_id(all[i]->value);
        const struct focus_area *hit = NULL;
        for (size_t k = 0; k < nc; k++)
            if (choice[k].id == id)
                hit = &choice[k];
        if (!hit)
            return N_("Kies wijken en buurten uit de lijst.");
        struct scope_target t = {.region_id = hit->region_id, .area_id = hit->wijk_id};
        if (!policy_allows(r->user, ACT_FOCUS_EDIT, &t))
            return N_("U kunt alleen focuspunten maken voor wijken in uw eigen regio.");
        areas[(*nareas)++] = id;
    }
    const struct form_field *og[FOCUS_WEB_MAX_PICK];
    size_t no = form_get_all(&r->form, "origin", og, FOCUS_WEB_MAX_PICK);
    buf b;
    buf_init(&b, 256);
    for (size_t i = 0; i < no && i < FOCUS_WEB_MAX_PICK; i++) {
        if (b.len)
            buf_putc(&b, ',');
        buf_puts(&b, og[i]->value ? og[i]->value : "");
    }
    f->origin = b.data ? arena_strdup(r->a, b.data) : NULL;
    buf_free(&b);
    f->title = req_field(r, "title");
    f->problem = req_field(r, "problem");
    f->period_start = web_date_field(r, "period_start");
    f->period_end = web_date_field(r, "period_end");
    /* f holds the stored point (zeroed for a new one): its status before,
     * and the college's date, which only the decision changes */
    const char *old_status = f->status;
    f->status = req_field(r, "status");
    const char *rule =
        focus_edit_status_validate(old_status, f->decided_on, f->status, f->decided_on);
    if (rule)
        return rule;
    struct focus_input in = {.title = f->title,
                             .problem = f->problem,
                             .origin = f->origin,
                             .period_start = f->period_start,
                             .period_end = f->period_end,
                             .status = f->status,
                             .decided_on = f->decided_on,
                             .nareas = *nareas};
    return focus_validate(&in);
}

static json_t *focus_audit_json(const struct focus_row *f)
{
    return json_pack("{s:s,s:s?,s:s,s:s,s:s,s:s?}", "title", f->title, "origin", f->origin,
                     "period_start", f->period_start, "period_end", f->period_end, "status",
                     f->status, "decided_on", f->decided_on);
}

void page_work_focus_new_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct focus_row f = {0};
    int64_t areas[FOCUS_WEB_MAX_PICK];
    size_t na;
    const char *problem = read_main(r, d, &f, areas, &na);
    if (problem) {
        r->status = 400;
        new_page(r, d, true, T(r, problem));
        return;
    }
    if (user_has_role(r->user, ROLE_WIJKREGISSEUR))
        f.regisseur_user_id = r->user->id;
    int64_t id;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    if (focus_insert(d, &f, (int64_t)time(NULL), &id) != DB_OK ||
        focus_set_areas(d, id, areas, na) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, "create", "focuspunt", id, NULL, focus_audit_json(&f));
    web_commit_redirect(r, d, "saved", arena_printf(r->a, "/werk/focuspunten/%lld", (long long)id));
}

/* --- the whole plan ------------------------------------------------------------------- */

static json_t *org_options(struct req *r, db *d, const char *kind, long long sel)
{
    json_t *arr = json_array();
    struct organisation *o;
    size_t n;
    if (org_list(d, r->a, kind, &o, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)o[i].id, "name",
                                                 o[i].name, "selected", sel == (long long)o[i].id));
    return arr;
}

json_t *focus_web_partner_options(struct req *r, db *d, long long sel)
{
    json_t *po = org_options(r, d, "partner", sel);
    json_t *care = org_options(r, d, "care_network", sel);
    json_array_extend(po, care);
    json_decref(care);
    return po;
}

bool focus_web_load_parts(struct req *r, db *d, int64_t id, struct focus_web_parts *p)
{
    if (focus_areas(d, r->a, id, web_today(r), &p->areas, &p->nareas) != DB_OK ||
        focus_actions(d, r->a, id, &p->acts, &p->nacts) != DB_OK ||
        focus_partners(d, r->a, id, &p->parts, &p->nparts) != DB_OK ||
        focus_texts(d, r->a, id, &p->texts, &p->ntexts) != DB_OK) {
        resp_error(r, 500);
        return false;
    }
    return true;
}

/* form: which form the error belongs to ("main", "goal", "indicator",
 * "action", "partner", "measurement", "text"); its fields come back as typed. */
static void detail_page(struct req *r, db *d, int64_t id, const char *form, const char *error)
{
    struct focus_row f;
    int rc = focus_get(d, r->a, id, &f);
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    struct focus_web_parts p;
    if (!focus_web_load_parts(r, d, id, &p))
        return;
    struct focus_ind *inds;
    size_t ninds;
    struct focus_goal *goals;
    size_t ngoals;
    if (focus_indicators(d, r->a, id, &inds, &ninds) != DB_OK ||
        focus_goals(d, r->a, id, &goals, &ngoals) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    bool edit = may_edit(r, d, id, false);
    const char *today = web_today(r);
    json_t *ctx = json_object();
    json_t *summary = focus_summary_json(r, &f);
    /* a rejection: the college's reason beside the status */
    const char *reason = NULL;
    if (f.status && strcmp(f.status, "niet_vastgesteld") == 0 &&
        focus_decision_reason(d, r->a, id, &reason) == DB_OK)
        ctx_str(summary, "reason", reason);
    json_object_set_new(ctx, "fp", summary);
    ctx_bool(ctx, "may_edit", edit);
    ctx_bool(ctx, "may_decide",
             policy_allows(r->user, ACT_FOCUS_DECIDE, NULL) &&
                 focus_decision_validate(f.status, f.decided_on, "2000-01-01", NULL) == NULL);
    ctx_str(ctx, "error", error);
    /* "indicator_categories": the indicator form, its error at the categories */
    if (form && strcmp(form, "indicator_categories") == 0) {
        ctx_bool(ctx, "err_categories", 1);
        form = "indicator";
    }
    /* "action_partner": the action form, its error at the partner */
    if (form && strcmp(form, "action_partner") == 0) {
        ctx_bool(ctx, "err_owner_partner", 1);
        form = "action";
    }
    if (form)
        ctx_bool(ctx, arena_printf(r->a, "err_%s", form), 1);
    bool ff = form != NULL;
#define FORMV(name, key) ctx_str(in, key, ff &&strcmp(form, name) == 0 ? req_field(r, key) : NULL)
    json_t *in = json_object();
    FORMV("goal", "text");
    FORMV("indicator", "name");
    FORMV("indicator", "unit");
    FORMV("indicator", "baseline_value");
    FORMV("indicator", "baseline_date");
    FORMV("indicator", "target_value");
    FORMV("indicator", "target_date");
    FORMV("indicator", "source");
    FORMV("action", "title");
    FORMV("action", "owner_text");
    FORMV("action", "due_on");
    FORMV("action", "notes");
    FORMV("partner", "role");
    FORMV("measurement", "measured_on");
    FORMV("measurement", "value");
    FORMV("measurement", "msource");
    FORMV("text", "report_text");
#undef FORMV
    json_object_set_new(ctx, "in", in);
    bool main_ff = ff && strcmp(form, "main") == 0;
    json_object_set_new(ctx, "f", main_form_json(r, d, main_ff, &f, p.areas, p.nareas));
    /* The signals that belong to it: per wijk, those received in its
     * period (the work list, dates as people write them), and the wijk's
     * inventory. */
    json_t *links = json_array();
    struct wijk *all;
    size_t nall = 0;
    if (area_list_wijken(d, r->a, today, 0, &all, &nall) != DB_OK)
        nall = 0;
    for (size_t k = 0; k < nall; k++) {
        bool ours = false;
        for (size_t i = 0; i < p.nareas && !ours; i++)
            ours = (strcmp(p.areas[i].kind, "wijk") == 0 ? p.areas[i].id : p.areas[i].wijk_id) ==
                   all[k].id;
        if (!ours)
            continue;
        json_array_append_new(
            links,
            json_pack("{s:s,s:s,s:s}", "wijk", all[k].name, "signals",
                      arena_printf(r->a,
                                   "/werk/meldingen?wijk=%lld&status=&afdeling="
                                   "&ontvangen_van=%s&ontvangen_tot=%s",
                                   (long long)all[k].id, web_date_typed(r, f.period_start),
                                   web_date_typed(r, f.period_end)),
                      "inventory", arena_printf(r->a, "/werk/inventarisatie/%s", all[k].slug)));
    }
    ctx_bool(ctx, "has_signal_links", json_array_size(links) > 0);
    json_object_set_new(ctx, "signal_links", links);
    json_object_set_new(ctx, "goals", goals_json(r, d, id));
    ctx_bool(ctx, "has_goals", ngoals > 0);
    json_t *gopts = json_array();
    for (size_t i = 0; i < ngoals; i++)
        json_array_append_new(
            gopts, json_pack("{s:I,s:s}", "id", (json_int_t)goals[i].id, "text", goals[i].text));
    json_object_set_new(ctx, "goal_options", gopts);
    json_t *iopts = json_array(), *meas = json_array();
    for (size_t i = 0; i < ninds; i++) {
        json_array_append_new(iopts, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)inds[i].id,
                                               "name", inds[i].name, "manual",
                                               strcmp(inds[i].method, "manual") == 0));
        struct focus_meas *m;
        size_t nm;
        if (focus_measurements(d, r->a, inds[i].id, 6, &m, &nm) != DB_OK)
            continue;
        json_t *o = json_object();
        ctx_str(o, "name", inds[i].name);
        json_t *ml = json_array();
        for (size_t k = 0; k < nm; k++)
            json_array_append_new(ml, json_pack("{s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)m[k].id,
                                                "date", fmt_date(r, m[k].measured_on), "value",
                                                with_unit(r, m[k].value, inds[i].unit), "source",
                                                m[k].source ? m[k].source : "", "automatic",
                                                m[k].automatic));
        ctx_bool(o, "has", nm > 0);
        json_object_set_new(o, "rows", ml);
        json_array_append_new(meas, o);
    }
    json_object_set_new(ctx, "indicator_options", iopts);
    json_object_set_new(ctx, "measurements", meas);
    json_object_set_new(
        ctx, "methods",
        code_options(r, focus_methods,
                     ff && strcmp(form, "indicator") == 0 ? req_field(r, "method") : "manual"));
    json_object_set_new(
        ctx, "categories",
        focus_web_indicator_categories(r, d, ff && strcmp(form, "indicator") == 0, NULL, 0));
    json_t *al = json_array();
    int overdue = 0;
    for (size_t i = 0; i < p.nacts; i++) {
        json_t *o = json_object();
        ctx_int(o, "id", p.acts[i].id);
        ctx_str(o, "title", p.acts[i].title);
        const char *ok = focus_label(focus_owner_kinds, p.acts[i].owner_kind);
        ctx_str(o, "owner_kind", ok ? T(r, ok) : p.acts[i].owner_kind);
        ctx_str(o, "owner", p.acts[i].owner_name ? p.acts[i].owner_name : p.acts[i].owner_text);
        ctx_str(o, "due", p.acts[i].due_on ? fmt_date(r, p.acts[i].due_on) : NULL);
        const char *sl = focus_label(focus_action_statuses, p.acts[i].status);
        ctx_str(o, "status_label", sl ? T(r, sl) : p.acts[i].status);
        json_object_set_new(o, "statuses",
                            code_options(r, focus_action_statuses, p.acts[i].status));
        ctx_str(o, "notes", p.acts[i].notes);
        bool od = focus_action_overdue(p.acts[i].status, p.acts[i].due_on, today);
        overdue += od;
        ctx_bool(o, "overdue", od);
        json_array_append_new(al, o);
    }
    json_object_set_new(ctx, "actions", al);
    ctx_bool(ctx, "has_actions", p.nacts > 0);
    ctx_int(ctx, "overdue", overdue);
    json_object_set_new(
        ctx, "owner_kinds",
        code_options(r, focus_owner_kinds,
                     ff && strcmp(form, "action") == 0 ? req_field(r, "owner_kind") : "afdeling"));
    bool af = ff && strcmp(form, "action") == 0;
    json_object_set_new(
        ctx, "action_statuses",
        code_options(r, focus_action_statuses, af ? req_field(r, "status") : "gepland"));
    json_object_set_new(
        ctx, "departments",
        org_options(r, d, "department", af ? web_parse_id(req_field(r, "owner_department")) : 0));
    json_object_set_new(
        ctx, "partner_orgs",
        focus_web_partner_options(r, d, af ? web_parse_id(req_field(r, "owner_partner")) : 0));
    json_t *pl = json_array();
    for (size_t i = 0; i < p.nparts; i++)
        json_array_append_new(pl, json_pack("{s:I,s:s,s:s?,s:b}", "org_id",
                                            (json_int_t)p.parts[i].org_id, "name", p.parts[i].name,
                                            "role", p.parts[i].role, "care",
                                            strcmp(p.parts[i].kind, "care_network") == 0));
    json_object_set_new(ctx, "partners", pl);
    ctx_bool(ctx, "has_partners", p.nparts > 0);
    json_t *tl = json_array();
    for (size_t i = 0; i < p.ntexts; i++)
        json_array_append_new(
            tl, json_pack("{s:i,s:s}", "year", p.texts[i].year, "text", p.texts[i].text));
    json_object_set_new(ctx, "texts", tl);
    ctx_bool(ctx, "has_texts", p.ntexts > 0);
    json_t *consults = web_focus_consultations(r, d, id);
    ctx_bool(ctx, "has_consults", json_array_size(consults) > 0);
    json_object_set_new(ctx, "consults", consults);
    ctx_str(ctx, "report_year", arena_printf(r->a, "%.4s", today));
    render_page(r, "pages/werk_focuspunt", ctx);
}

void page_work_focus(struct req *r)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0));
    if (!d)
        return;
    if (!id) {
        resp_error(r, 404);
        return;
    }
    detail_page(r, d, id, NULL, NULL);
}

/* The common start of a change: the database, an existing focus point the
 * user may edit. 0 when the handler must stop (answered already). */
static int64_t begin_change(struct req *r, db **d, struct focus_row *f)
{
    *d = web_db(r);
    if (!*d)
        return 0;
    long long id = web_parse_id(req_param(r, 0));
    int rc = id ? focus_get(*d, r->a, id, f) : DB_NOTFOUND;
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return 0;
    }
    if (!may_edit(r, *d, id, true))
        return 0;
    return id;
}

static void refuse(struct req *r, db *d, int64_t id, const char *form, const char *msgid)
{
    r->status = 400;
    detail_page(r, d, id, form, T(r, msgid));
}

json_t *focus_web_indicator_categories(struct req *r, db *d, bool typed, const int64_t *stored,
                                       size_t nstored)
{
    json_t *cats = json_array();
    struct category *c;
    size_t nc;
    if (category_list_all(d, r->a, &c, &nc) != DB_OK)
        return cats;
    const struct form_field *all[FOCUS_WEB_MAX_PICK];
    size_t nf = typed ? form_get_all(&r->form, "category", all, FOCUS_WEB_MAX_PICK) : 0;
    for (size_t i = 0; i < nc; i++) {
        if (c[i].parent_id)
            continue;
        bool sel = false;
        for (size_t k = 0; k < nf; k++)
            sel |= web_parse_id(all[k]->value) == (long long)c[i].id;
        for (size_t k = 0; k < nstored; k++)
            sel |= stored[k] == c[i].id;
        /* a category that may not feed an indicator is offered only when it
         * is chosen already, so that its refusal can be read at the field */
        if (!sel && indicator_category_rule(c, nc, c[i].id))
            continue;
        json_array_append_new(cats, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)c[i].id, "name",
                                              c[i].name, "checked", sel));
    }
    return cats;
}

const char *focus_web_plan_url(struct req *r, int64_t id, const char *anchor)
{
    return arena_printf(r->a, "/werk/focuspunten/%lld#%s", (long long)id, anchor);
}

bool focus_web_write_begin(struct req *r, db *d)
{
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return false;
    }
    return true;
}

void focus_web_write_fail(struct req *r, db *d)
{
    db_rollback(d);
    resp_error(r, 500);
}

void page_work_focus_post(struct req *r)
{
    db *d;
    struct focus_row before;
    int64_t id = begin_change(r, &d, &before);
    if (!id)
        return;
    struct focus_row f = before;
    int64_t areas[FOCUS_WEB_MAX_PICK];
    size_t na;
    const char *problem = read_main(r, d, &f, areas, &na);
    if (problem) {
        refuse(r, d, id, "main", problem);
        return;
    }
    if (!focus_web_write_begin(r, d))
        return;
    f.id = id;
    if (focus_update(d, &f, (int64_t)time(NULL)) != DB_OK ||
        focus_set_areas(d, id, areas, na) != DB_OK) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "update", "focuspunt", id, focus_audit_json(&before), focus_audit_json(&f));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "plan"));
}

/* --- the college's decision ------------------------------------------------------------ */

/* The decision page: the adoption's form (adopt_error: its problem) and the
 * rejection's (rp: its problems), each kept as typed when it has problems. */
static void decision_page(struct req *r, db *d, const struct focus_row *f, const char *adopt_error,
                          const struct focus_problem *rp, size_t nrp)
{
    json_t *ctx = json_object(), *problems = json_array();
    json_object_set_new(ctx, "fp", focus_summary_json(r, f));
    ctx_bool(ctx, "open",
             focus_decision_validate(f->status, f->decided_on, "2000-01-01", NULL) == NULL);
    ctx_str(ctx, "decided_on_typed", adopt_error ? req_field(r, "decided_on") : NULL);
    if (adopt_error) {
        ctx_str(ctx, "error_decided_on", adopt_error);
        json_array_append_new(
            problems, json_pack("{s:s,s:s}", "anchor", "decided_on", "message", adopt_error));
    }
    if (nrp) {
        ctx_str(ctx, "rejected_on_typed", req_field(r, "rejected_on"));
        ctx_str(ctx, "reason_typed", req_field(r, "reason"));
    }
    for (size_t i = 0; i < nrp; i++) {
        const char *msg = T(r, rp[i].msgid);
        ctx_str(ctx, arena_printf(r->a, "error_%s", rp[i].field), msg);
        json_array_append_new(problems,
                              json_pack("{s:s,s:s}", "anchor", rp[i].field, "message", msg));
    }
    ctx_bool(ctx, "has_problems", json_array_size(problems) > 0);
    json_object_set_new(ctx, "problems", problems);
    if (f->status && strcmp(f->status, "niet_vastgesteld") == 0) {
        const char *reason = NULL;
        if (focus_decision_reason(d, r->a, f->id, &reason) == DB_OK)
            ctx_str(ctx, "reason", reason);
    }
    render_page(r, "pages/werk_focuspunt_besluit", ctx);
}

/* The decision is the college's, recorded by the wijkwethouder alone: the
 * route's action (ACT_FOCUS_DECIDE) is theirs, and focus_decision_validate
 * takes only an open proposal. */
static int64_t decision_focus(struct req *r, db **d, struct focus_row *f)
{
    *d = web_db(r);
    if (!*d)
        return 0;
    long long id = web_parse_id(req_param(r, 0));
    int rc = id ? focus_get(*d, r->a, id, f) : DB_NOTFOUND;
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return 0;
    }
    return id;
}

void page_work_focus_decision(struct req *r)
{
    db *d;
    struct focus_row f;
    if (decision_focus(r, &d, &f))
        decision_page(r, d, &f, NULL, NULL, 0);
}

/* The college did not adopt the proposal: date and reason. */
static void decision_reject(struct req *r, db *d, const struct focus_row *f)
{
    const char *on = web_date_field(r, "rejected_on"), *reason = req_field(r, "reason");
    struct focus_problem p[2];
    size_t np = focus_rejection_validate(f->status, f->decided_on, on, reason, web_today(r), p);
    if (np) {
        r->status = f->decided_on || strcmp(f->status, "voorgesteld") != 0 ? 409 : 400;
        decision_page(r, d, f, NULL, p, np);
        return;
    }
    if (!focus_web_write_begin(r, d))
        return;
    int rc = focus_reject(d, f->id, on, reason, (int64_t)time(NULL));
    if (rc != DB_OK) {
        db_rollback(d);
        if (rc == DB_NOTFOUND) {
            r->status = 409;
            p[0] = (struct focus_problem){
                "rejected_on",
                N_("Over dit focuspunt is al besloten, of het voorstel is ingetrokken.")};
            decision_page(r, d, f, NULL, p, 1);
        } else {
            resp_error(r, 500);
        }
        return;
    }
    /* the reason is the college's text: on the page, not in the audit trail */
    web_audit(r, d, "reject", "focuspunt", f->id, json_pack("{s:s}", "status", f->status),
              json_pack("{s:s,s:s}", "status", "niet_vastgesteld", "decided_on", on));
    web_commit_redirect(r, d, "saved",
                        arena_printf(r->a, "/werk/focuspunten/%lld", (long long)f->id));
}

void page_work_focus_decision_post(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = decision_focus(r, &d, &f);
    if (!id)
        return;
    const char *which = req_field(r, "besluit");
    if (which && strcmp(which, "niet_vastgesteld") == 0) {
        decision_reject(r, d, &f);
        return;
    }
    const char *on = web_date_field(r, "decided_on");
    const char *problem = focus_decision_validate(f.status, f.decided_on, on, web_today(r));
    if (problem) {
        r->status = f.decided_on || strcmp(f.status, "voorgesteld") != 0 ? 409 : 400;
        decision_page(r, d, &f, T(r, problem), NULL, 0);
        return;
    }
    if (!focus_web_write_begin(r, d))
        return;
    int rc = focus_decide(d, id, on, (int64_t)time(NULL));
    if (rc != DB_OK) {
        db_rollback(d);
        if (rc == DB_NOTFOUND) {
            r->status = 409;
            decision_page(r, d, &f,
                          T(r, "Over dit focuspunt is al besloten, of het voorstel is "
                               "ingetrokken."),
                          NULL, 0);
        } else {
            resp_error(r, 500);
        }
        return;
    }
    web_audit(r, d, "decide", "focuspunt", id, json_pack("{s:s}", "status", f.status),
              json_pack("{s:s,s:s}", "status", "vastgesteld", "decided_on", on));
    web_commit_redirect(r, d, "saved", arena_printf(r->a, "/werk/focuspunten/%lld", (long long)id));
}

void page_work_focus_goal(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = begin_change(r, &d, &f);
    if (!id)
        return;
    const char *text = req_field(r, "text");
    long long goal = web_parse_id(req_field(r, "goal"));
    const char *problem = focus_goal_validate(text);
    if (problem) {
        refuse(r, d, id, "goal", problem);
        return;
    }
    if (!focus_web_write_begin(r, d))
        return;
    int64_t gid = goal;
    int rc = goal ? focus_goal_update(d, id, goal, text) : focus_goal_insert(d, id, text, &gid);
    if (rc == DB_NOTFOUND) {
        db_rollback(d);
        resp_error(r, 404);
        return;
    }
    if (rc != DB_OK) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, goal ? "update" : "create", "focus_goal", gid, NULL,
              json_pack("{s:I,s:s}", "focuspunt", (json_int_t)id, "text", text));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "doelen"));
}

int focus_web_indicator_form(struct req *r, db *d, int64_t id, struct focus_ind *x, int64_t *cats,
                             size_t *ncats, const char **problem, bool *at_categories)
{
    *at_categories = false;
    const char *hib = req_field(r, "higher_is_better");
    struct focus_indicator_input in = {
        .name = req_field(r, "name"),
        .unit = req_field(r, "unit"),
        .method = req_field(r, "method"),
        .baseline_value = req_field(r, "baseline_value"),
        .baseline_date = web_date_field(r, "baseline_date"),
        .target_value = req_field(r, "target_value"),
        .target_date = web_date_field(r, "target_date"),
        .source = req_field(r, "source"),
        .higher_is_better = hib && strcmp(hib, "1") == 0,
    };
    struct focus_indicator_values v;
    *problem = focus_indicator_validate(&in, &v);
    *ncats = 0;
    long long goal = web_parse_id(req_field(r, "goal"));
    struct focus_goal *g;
    size_t ng;
    bool goal_ok = false;
    if (focus_goals(d, r->a, id, &g, &ng) != DB_OK) {
        resp_error(r, 500);
        return -1;
    }
    for (size_t i = 0; i < ng; i++)
        goal_ok |= g[i].id == goal;
    if (!*problem && !goal_ok)
        *problem = N_("Kies het doel waar de indicator bij hoort.");
    const struct form_field *all[FOCUS_WEB_MAX_PICK];
    size_t nf = form_get_all(&r->form, "category", all, FOCUS_WEB_MAX_PICK);
    struct category *tree;
    size_t ntree;
    if (nf && category_list_all(d, r->a, &tree, &ntree) != DB_OK) {
        resp_error(r, 500);
        return -1;
    }
    /* the domain's rule: no category that holds confidential signals */
    for (size_t i = 0; !*problem && i < nf; i++) {
        long long c = web_parse_id(all[i]->value);
        *problem = indicator_category_rule(tree, ntree, c);
        *at_categories = *problem != NULL;
        if (!*problem)
            cats[(*ncats)++] = c;
    }
    *x = (struct focus_ind){.goal_id = goal,
                            .name = in.name,
                            .unit = in.unit,
                            .method = in.method,
                            .source = in.source,
                            .higher_is_better = in.higher_is_better,
                            .has_baseline = v.has_baseline,
                            .baseline = v.baseline,
                            .baseline_date = in.baseline_date,
                            .has_target = v.has_target,
                            .target = v.target,
                            .target_date = in.target_date};
    return 0;
}

void page_work_focus_indicator(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = begin_change(r, &d, &f);
    if (!id)
        return;
    struct focus_ind x;
    int64_t cats[FOCUS_WEB_MAX_PICK];
    size_t ncats;
    const char *problem;
    bool at_categories;
    if (focus_web_indicator_form(r, d, id, &x, cats, &ncats, &problem, &at_categories) != 0)
        return;
    if (problem) {
        r->status = 400;
        detail_page(r, d, id, at_categories ? "indicator_categories" : "indicator", T(r, problem));
        return;
    }
    if (!focus_web_write_begin(r, d))
        return;
    int64_t iid;
    int written = 0;
    if (focus_indicator_insert(d, &x, &iid) != DB_OK ||
        focus_indicator_set_categories(d, iid, cats, ncats) != DB_OK ||
        indicator_refresh(d, id, (int64_t)time(NULL), false, &written) != 0) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "create", "focus_indicator", iid, NULL,
              json_pack("{s:I,s:s,s:s,s:i}", "focuspunt", (json_int_t)id, "name", x.name, "method",
                        x.method, "categories", (int)ncats));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "doelen"));
}

void page_work_focus_action(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = begin_change(r, &d, &f);
    if (!id)
        return;
    long long aid = web_parse_id(req_field(r, "action"));
    struct focus_act x = {0};
    const char *today = web_today(r);
    if (aid) {
        /* a change of status and notes of an existing action */
        int64_t owner_fp = 0;
        struct focus_act old;
        if (focus_action_get(d, r->a, aid, &old, &owner_fp) != DB_OK || owner_fp != id) {
            resp_error(r, 404);
            return;
        }
        x = old;
        x.status = req_field(r, "status");
        x.notes = req_field(r, "notes");
        struct focus_action_input in = {.title = x.title,
                                        .owner_kind = x.owner_kind,
                                        .owner_text = x.owner_text,
                                        .owner_org_id = x.owner_org_id,
                                        .owner_org_valid = true,
                                        .due_on = x.due_on,
                                        .status = x.status,
                                        .notes = x.notes};
        const char *problem = focus_action_validate(&in);
        if (problem) {
            refuse(r, d, id, "action", problem);
            return;
        }
        x.done_on = strcmp(x.status, "gereed") == 0 ? (old.done_on ? old.done_on : today) : NULL;
        if (!focus_web_write_begin(r, d))
            return;
        if (focus_action_update(d, &x, (int64_t)time(NULL)) != DB_OK) {
            focus_web_write_fail(r, d);
            return;
        }
        web_audit(r, d, "update", "focus_action", aid, json_pack("{s:s}", "status", old.status),
                  json_pack("{s:s}", "status", x.status));
        web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "acties"));
        return;
    }
    x.title = req_field(r, "title");
    x.owner_kind = req_field(r, "owner_kind");
    x.due_on = web_date_field(r, "due_on");
    if (x.due_on && !*x.due_on)
        x.due_on = NULL;
    x.status = req_field(r, "status");
    x.notes = req_field(r, "notes");
    struct focus_action_input in = {.title = x.title,
                                    .owner_kind = x.owner_kind,
                                    .owner_text = req_field(r, "owner_text"),
                                    .due_on = x.due_on,
                                    .status = x.status,
                                    .notes = x.notes};
    if (x.owner_kind && strcmp(x.owner_kind, "bewoners") != 0) {
        const char *field =
            strcmp(x.owner_kind, "afdeling") == 0 ? "owner_department" : "owner_partner";
        long long org = web_parse_id(req_field(r, field));
        struct organisation *o;
        size_t n;
        const char *kinds[2] = {strcmp(x.owner_kind, "afdeling") == 0 ? "department" : "partner",
                                strcmp(x.owner_kind, "afdeling") == 0 ? "department"
                                                                      : "care_network"};
        for (int k = 0; k < 2 && org; k++)
            if (org_list(d, r->a, kinds[k], &o, &n) == DB_OK)
                for (size_t i = 0; i < n; i++)
                    in.owner_org_valid |= o[i].id == org;
        in.owner_org_id = org;
        x.owner_org_id = org;
    } else {
        x.owner_text = in.owner_text;
    }
    const char *problem = focus_action_validate(&in);
    if (problem) {
        refuse(r, d, id, "action", problem);
        return;
    }
    /* a shared action goes to a partner only under an agreement that holds today */
    if (strcmp(x.owner_kind, "partner") == 0 &&
        (problem = partner_work_refusal(d, r->a, x.owner_org_id, PARTNER_ANY_CASE, false, today))) {
        refuse(r, d, id, "action_partner", problem);
        return;
    }
    if (strcmp(x.status, "gereed") == 0)
        x.done_on = today;
    if (!focus_web_write_begin(r, d))
        return;
    int64_t nid;
    if (focus_action_insert(d, id, &x, (int64_t)time(NULL), &nid) != DB_OK) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "create", "focus_action", nid, NULL,
              json_pack("{s:I,s:s,s:s,s:s?}", "focuspunt", (json_int_t)id, "title", x.title,
                        "owner_kind", x.owner_kind, "due_on", x.due_on));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "acties"));
}

void page_work_focus_partner(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = begin_change(r, &d, &f);
    if (!id)
        return;
    long long org = web_parse_id(req_field(r, "org"));
    const char *role = req_field(r, "role");
    bool remove = req_field(r, "remove") != NULL;
    bool valid = false;
    struct organisation *o;
    size_t n;
    if (org_list(d, r->a, NULL, &o, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            valid |= o[i].id == org && strcmp(o[i].kind, "department") != 0;
    if (!valid) {
        refuse(r, d, id, "partner", N_("Kies een partner uit de lijst."));
        return;
    }
    if (role && strlen(role) > 300) {
        refuse(r, d, id, "partner", N_("De rol heeft hoogstens 300 tekens."));
        return;
    }
    if (!focus_web_write_begin(r, d))
        return;
    int rc = remove ? focus_partner_delete(d, id, org) : focus_partner_set(d, id, org, role);
    if (rc != DB_OK && rc != DB_NOTFOUND) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, remove ? "remove_partner" : "set_partner", "focuspunt", id, NULL,
              json_pack("{s:I}", "org", (json_int_t)org));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "partners"));
}

void page_work_focus_measurement(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = begin_change(r, &d, &f);
    if (!id)
        return;
    long long ind = web_parse_id(req_field(r, "indicator"));
    struct focus_ind x;
    if (!ind || focus_indicator_get(d, r->a, ind, &x) != DB_OK || x.focuspunt_id != id) {
        refuse(r, d, id, "measurement", N_("Kies een indicator uit de lijst."));
        return;
    }
    double v;
    const char *problem =
        focus_measurement_validate(web_date_field(r, "measured_on"), req_field(r, "value"),
                                   req_field(r, "msource"), web_today(r), &v);
    if (!problem && strcmp(x.method, "manual") != 0)
        problem = N_("Deze indicator wordt automatisch gemeten uit de meldingen. Voer alleen "
                     "metingen in bij indicatoren die met de hand worden gemeten.");
    if (problem) {
        refuse(r, d, id, "measurement", problem);
        return;
    }
    if (!focus_web_write_begin(r, d))
        return;
    int64_t mid;
    if (focus_measurement_insert(d, ind, web_date_field(r, "measured_on"), v,
                                 req_field(r, "msource"), r->user ? r->user->id : 0,
                                 (int64_t)time(NULL), &mid) != DB_OK) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "create", "focus_measurement", mid, NULL,
              json_pack("{s:I,s:s,s:f}", "indicator", (json_int_t)ind, "measured_on",
                        web_date_field(r, "measured_on"), "value", v));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "metingen"));
}

void page_work_focus_text(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = begin_change(r, &d, &f);
    if (!id)
        return;
    int year;
    const char *text = req_field(r, "report_text");
    const char *problem = focus_report_text_validate(req_field(r, "year"), text, &year);
    if (problem) {
        refuse(r, d, id, "text", problem);
        return;
    }
    if (!focus_web_write_begin(r, d))
        return;
    if (focus_text_set(d, id, year, text, r->user ? r->user->id : 0, (int64_t)time(NULL)) !=
        DB_OK) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "set_report_text", "focuspunt", id, NULL, json_pack("{s:i}", "year", year));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "verslag"));
}

void page_work_focus_recompute(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = begin_change(r, &d, &f);
    if (!id)
        return;
    if (!focus_web_write_begin(r, d))
        return;
    int written = 0;
    if (indicator_refresh(d, id, (int64_t)time(NULL), false, &written) != 0) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "recompute", "focuspunt", id, NULL, json_pack("{s:i}", "rows", written));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "doelen"));
}

/* --- the inventory ------------------------------------------------------------------------ */

static int by_open_long(const void *pa, const void *pb)
{
    const struct focus_cluster *a = pa, *b = pb;
    if (a->open_long != b->open_long)
        return a->open_long > b->open_long ? -1 : 1;
    return strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

static void inventory_page(struct req *r, db *d, const struct wijk *w, bool from_form,
                           const char *error)
{
    struct focus_cluster *c;
    size_t nc;
    struct inventory_row *in;
    size_t ni;
    int64_t now = (int64_t)time(NULL);
    if (focus_clusters(d, r->a, w->id, now, &c, &nc) != DB_OK ||
        inventory_list(d, r->a, w->id, &in, &ni) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *rising = json_array(), *open = json_array();
    /* Rising: at least 5 in the last 3 months and a quarter more than
     * before, in the store's order (most signals in the last 3 months first,
     * then by name); each links to the wijk's signals of that category. */
    for (size_t i = 0; i < nc; i++)
        if (c[i].now >= 5 && (double)c[i].now >= 1.25 * (double)c[i].before)
            json_array_append_new(
                rising, json_pack("{s:s,s:I,s:I,s:s}", "name", c[i].name, "now",
                                  (json_int_t)c[i].now, "before", (json_int_t)c[i].before, "url",
                                  arena_printf(r->a,
                                               "/werk/meldingen?wijk=%lld&categorie=%lld"
                                               "&status=&afdeling=",
                                               (long long)w->id, (long long)c[i].category_id)));
    /* Long open: most long-open signals first, then by name; each links to
     * the category's open signals in the wijk, the oldest first. */
    qsort(c, nc, sizeof *c, by_open_long);
    for (size_t i = 0; i < nc && c[i].open_long > 0; i++) {
        char day[CAL_DATE_LEN];
        cal_format_date(cal_date_of(c[i].oldest_open_at), day);
        json_array_append_new(
            open, json_pack("{s:s,s:I,s:s,s:s}", "name", c[i].name, "count",
                            (json_int_t)c[i].open_long, "oldest", fmt_date(r, day), "url",
                            arena_printf(r->a,
                                         "/werk/meldingen?wijk=%lld&categorie=%lld&status=open"
                                         "&afdeling=&volgorde=oudste",
                                         (long long)w->id, (long long)c[i].category_id)));
    }
    json_t *inputs = json_array();
    for (size_t i = 0; i < ni; i++) {
        char day[CAL_DATE_LEN];
        cal_format_date(cal_date_of(in[i].entered_at), day);
        const char *sl = focus_label(focus_inventory_sources, in[i].source);
        json_array_append_new(
            inputs, json_pack("{s:s,s:s,s:s,s:I}", "source", sl ? T(r, sl) : in[i].source, "text",
                              in[i].text, "date", fmt_date(r, day), "id", (json_int_t)in[i].id));
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "wijk", json_pack("{s:s,s:s}", "name", w->name, "slug", w->slug));
    json_object_set_new(ctx, "rising", rising);
    ctx_bool(ctx, "has_rising", json_array_size(rising) > 0);
    json_object_set_new(ctx, "open", open);
    ctx_bool(ctx, "has_open", json_array_size(open) > 0);
    json_object_set_new(ctx, "inputs", inputs);
    ctx_bool(ctx, "has_inputs", ni > 0);
    json_object_set_new(
        ctx, "sources",
        code_options(r, focus_inventory_sources, from_form ? req_field(r, "source") : "partner"));
    ctx_str(ctx, "text_value", from_form ? req_field(r, "text") : NULL);
    ctx_str(ctx, "error", error);
    struct scope_target t = {.region_id = w->region_id, .area_id = w->id};
    ctx_bool(ctx, "may_edit", policy_allows(r->user, ACT_FOCUS_EDIT, &t));
    render_page(r, "pages/werk_inventarisatie", ctx);
}

static bool load_wijk(struct req *r, db *d, struct wijk *w)
{
    int rc = area_get_wijk(d, r->a, req_param(r, 0), web_today(r), 0, w);
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

void page_work_inventory(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (d && load_wijk(r, d, &w))
        inventory_page(r, d, &w, false, NULL);
}

void page_work_inventory_post(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (!d || !load_wijk(r, d, &w))
        return;
    struct scope_target t = {.region_id = w.region_id, .area_id = w.id};
    if (!policy_allows(r->user, ACT_FOCUS_EDIT, &t)) {
        resp_error(r, 403);
        return;
    }
    const char *source = req_field(r, "source"), *text = req_field(r, "text");
    const char *problem = focus_inventory_validate(source, text);
    if (problem) {
        r->status = 400;
        inventory_page(r, d, &w, true, T(r, problem));
        return;
    }
    if (!focus_web_write_begin(r, d))
        return;
    int64_t id;
    if (inventory_insert(d, w.id, source, text, r->user ? r->user->id : 0, (int64_t)time(NULL),
                         &id) != DB_OK) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "create", "inventory_input", id, NULL,
              json_pack("{s:s,s:s}", "wijk", w.code, "source", source));
    web_commit_redirect(r, d, "saved", arena_printf(r->a, "/werk/inventarisatie/%s", w.slug));
}

/* --- open data ---------------------------------------------------------------------------- */

static void latest_json(json_t *o, const struct focus_ind *x)
{
    json_object_set_new(o, "baseline", x->has_baseline ? json_real(x->baseline) : json_null());
    json_object_set_new(o, "baseline_date",
                        x->has_baseline && x->baseline_date ? json_string(x->baseline_date)
                                                            : json_null());
    json_object_set_new(o, "target", x->has_target ? json_real(x->target) : json_null());
    json_object_set_new(o, "target_date",
                        x->has_target && x->target_date ? json_string(x->target_date)
                                                        : json_null());
    json_object_set_new(o, "latest", x->has_latest ? json_real(x->latest) : json_null());
    json_object_set_new(o, "latest_date",
                        x->has_latest && x->latest_on ? json_string(x->latest_on) : json_null());
}

static const char *num(struct req *r, bool has, double v)
{
    return has ? arena_printf(r->a, "%.2f", v) : "";
}

void open_data_focus(struct req *r, db *d, const char *file)
{
    struct focus_filter fl = {0};
    struct focus_row *f;
    size_t n;
    if (focus_list(d, r->a, &fl, &f, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    bool json = strcmp(file, "focuspunten.json") == 0,
         ind_csv = strcmp(file, "indicatoren.csv") == 0;
    buf *b = &r->body_out;
    buf_reset(b);
    json_t *arr = json_array();
    static const struct csv_col fcols[] = {
        {"id", CSV_NUMBER},   {"number", CSV_NUMBER},     {"title", CSV_TEXT},
        {"wijken", CSV_TEXT}, {"period_start", CSV_TEXT}, {"period_end", CSV_TEXT},
        {"status", CSV_TEXT}, {"decided_on", CSV_TEXT},   {"indicators", CSV_NUMBER},
        {"demo", CSV_NUMBER},
    };
    static const struct csv_col icols[] = {
        {"focuspunt_id", CSV_NUMBER}, {"wijken", CSV_TEXT},
        {"indicator_id", CSV_NUMBER}, {"goal", CSV_TEXT},
        {"name", CSV_TEXT},           {"unit", CSV_TEXT},
        {"method", CSV_TEXT},         {"higher_is_better", CSV_NUMBER},
        {"baseline", CSV_NUMBER},     {"baseline_date", CSV_TEXT},
        {"target", CSV_NUMBER},       {"target_date", CSV_TEXT},
        {"latest", CSV_NUMBER},       {"latest_date", CSV_TEXT},
    };
    const size_t nf = sizeof fcols / sizeof fcols[0], ni = sizeof icols / sizeof icols[0];
    if (!json && !ind_csv)
        csv_header(b, fcols, nf);
    if (ind_csv)
        csv_header(b, icols, ni);
    for (size_t i = 0; i < n; i++) {
        /* proposals are not public until the college decides, as on the pages */
        if (!focus_status_public(f[i].status))
            continue;
        struct focus_ind *x;
        size_t nx;
        struct focus_goal *g;
        size_t ng;
        if (focus_indicators(d, r->a, f[i].id, &x, &nx) != DB_OK ||
            focus_goals(d, r->a, f[i].id, &g, &ng) != DB_OK) {
            json_decref(arr);
            resp_error(r, 500);
            return;
        }
        if (json) {
            json_t *o = json_object();
            ctx_int(o, "id", f[i].id);
            ctx_int(o, "number", f[i].number);
            ctx_str(o, "title", f[i].title);
            json_t *codes = json_array();
            const char *p = f[i].wijk_codes ? f[i].wijk_codes : "";
            while (*p) {
                const char *comma = strchr(p, ',');
                size_t l = comma ? (size_t)(comma - p) : strlen(p);
                json_array_append_new(codes, json_stringn(p, l));
                p += l + (comma ? 1 : 0);
            }
            json_object_set_new(o, "wijken", codes);
            ctx_bool(o, "measured_at_wijk_level", f[i].has_buurt);
            ctx_str(o, "period_start", f[i].period_start);
            ctx_str(o, "period_end", f[i].period_end);
            ctx_str(o, "status", f[i].status);
            json_object_set_new(o, "decided_on",
                                f[i].decided_on ? json_string(f[i].decided_on) : json_null());
            ctx_bool(o, "demo", f[i].demo);
            json_t *goals = json_array();
            for (size_t k = 0; k < ng; k++) {
                json_t *go = json_object();
                ctx_str(go, "text", g[k].text);
                json_t *inds = json_array();
                for (size_t m = 0; m < nx; m++) {
                    if (x[m].goal_id != g[k].id)
                        continue;
                    json_t *io = json_object();
                    ctx_int(io, "id", x[m].id);
                    ctx_str(io, "name", x[m].name);
                    ctx_str(io, "unit", x[m].unit);
                    ctx_str(io, "method", x[m].method);
                    ctx_bool(io, "higher_is_better", x[m].higher_is_better);
                    latest_json(io, &x[m]);
                    json_array_append_new(inds, io);
                }
                json_object_set_new(go, "indicators", inds);
                json_array_append_new(goals, go);
            }
            json_object_set_new(o, "goals", goals);
            json_array_append_new(arr, o);
        } else if (!ind_csv) {
            csv_row(b, fcols, nf, arena_printf(r->a, "%lld", (long long)f[i].id),
                    arena_printf(r->a, "%d", f[i].number), f[i].title,
                    f[i].wijk_codes ? f[i].wijk_codes : "", f[i].period_start, f[i].period_end,
                    f[i].status, f[i].decided_on ? f[i].decided_on : "",
                    arena_printf(r->a, "%zu", nx), f[i].demo ? "1" : "0");
        } else {
            for (size_t m = 0; m < nx; m++) {
                const char *goal = "";
                for (size_t k = 0; k < ng; k++)
                    if (g[k].id == x[m].goal_id)
                        goal = g[k].text;
                csv_row(b, icols, ni, arena_printf(r->a, "%lld", (long long)f[i].id),
                        f[i].wijk_codes ? f[i].wijk_codes : "",
                        arena_printf(r->a, "%lld", (long long)x[m].id), goal, x[m].name,
                        x[m].unit ? x[m].unit : "", x[m].method, x[m].higher_is_better ? "1" : "0",
                        num(r, x[m].has_baseline, x[m].baseline),
                        x[m].has_baseline && x[m].baseline_date ? x[m].baseline_date : "",
                        num(r, x[m].has_target, x[m].target),
                        x[m].has_target && x[m].target_date ? x[m].target_date : "",
                        num(r, x[m].has_latest, x[m].latest),
                        x[m].has_latest && x[m].latest_on ? x[m].latest_on : "");
            }
        }
    }
    r->status = 200;
    if (json) {
        char *s = json_dumps(arr, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
        r->content_type_out = "application/json; charset=utf-8";
        if (s)
            buf_puts(b, s);
        free(s);
    } else {
        r->content_type_out = "text/csv; charset=utf-8";
        resp_header(r, "Content-Disposition",
                    ind_csv ? "inline; filename=\"indicatoren.csv\""
                            : "inline; filename=\"focuspunten.csv\"");
    }
    json_decref(arr);
}

/* --- shared with focus_edit.c and focus_public.c (focus_web.h) ------------------------ */

int64_t focus_web_begin_change(struct req *r, db **d, struct focus_row *f)
{
    return begin_change(r, d, f);
}

json_t *focus_web_summary_json(struct req *r, const struct focus_row *f)
{
    return focus_summary_json(r, f);
}

json_t *focus_web_goals_json(struct req *r, db *d, int64_t focuspunt_id)
{
    return goals_json(r, d, focuspunt_id);
}

json_t *focus_web_code_options(struct req *r, const struct focus_code *list, const char *sel)
{
    return code_options(r, list, sel);
}

json_t *focus_web_org_options(struct req *r, db *d, const char *kind, long long sel)
{
    return org_options(r, d, kind, sel);
}

const char *focus_web_with_unit(struct req *r, double v, const char *unit)
{
    return with_unit(r, v, unit);
}
