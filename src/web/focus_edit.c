/*
 * focus_edit.c: changing one part of a focus point's plan on a small page
 * of its own, linked from the plan: a goal (its text and its place in the
 * list), an indicator (every field; an automatic one is measured again
 * from the start), an action (title, who carries it out, date, status,
 * notes), and deleting what may be deleted: an entered measurement, or a
 * goal with its indicators and their measurements. A deletion is asked
 * twice: the link on the plan opens a page that says what will go, and only
 * its form deletes (no JavaScript needed).
 *
 * Every page needs ACT_FOCUS_EDIT for one of the focus point's wijken
 * (focus_web_begin_change); every change is audited in its transaction.
 */
#include "web.h"
#include "web/focus_web.h"

#include "domain/focus.h"
#include "domain/indicator.h"
#include "domain/partner.h"
#include "store/focus_store.h"
#include "store/org_store.h"
#include "store/signal_store.h"
#include "web/render.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The page's common fields: the focus point and the error. */
static json_t *page_ctx(struct req *r, const struct focus_row *f, const char *error)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "fp", focus_web_summary_json(r, f));
    ctx_str(ctx, "error", error ? T(r, error) : NULL);
    ctx_str(ctx, "back", focus_web_plan_url(r, f->id, "doelen"));
    return ctx;
}

/* A confirmation page: what goes, and a form that deletes it. */
static void confirm_page(struct req *r, const struct focus_row *f, const char *heading,
                         json_t *items, const char *note, const char *action, const char *back)
{
    json_t *ctx = page_ctx(r, f, NULL);
    ctx_str(ctx, "heading", heading);
    json_object_set_new(ctx, "items", items);
    ctx_str(ctx, "note", note);
    ctx_str(ctx, "action", action);
    ctx_str(ctx, "back", back);
    render_page(r, "pages/werk_focuspunt_verwijderen", ctx);
}

/* --- goals ------------------------------------------------------------------------ */

/* The goals of the focus point and the index of the one in the path;
 * answers 404 or 500 and returns false when it is not there. */
static bool load_goal(struct req *r, db *d, int64_t fp, struct focus_goal **g, size_t *n,
                      size_t *at)
{
    long long gid = web_parse_id(req_param(r, 1));
    if (focus_goals(d, r->a, fp, g, n) != DB_OK) {
        resp_error(r, 500);
        return false;
    }
    for (size_t i = 0; gid && i < *n; i++)
        if ((*g)[i].id == gid) {
            *at = i;
            return true;
        }
    resp_error(r, 404);
    return false;
}

static void goal_page(struct req *r, const struct focus_row *f, const struct focus_goal *g,
                      size_t n, size_t at, bool from_form, const char *error)
{
    json_t *ctx = page_ctx(r, f, error);
    ctx_int(ctx, "goal_id", g[at].id);
    ctx_str(ctx, "text", from_form ? req_field(r, "text") : g[at].text);
    const char *typed = from_form ? req_field(r, "position") : NULL;
    json_t *pos = json_array();
    for (size_t i = 0; i < n; i++) {
        char v[24];
        snprintf(v, sizeof v, "%zu", i + 1);
        bool sel = typed ? strcmp(typed, v) == 0 : i == at;
        json_array_append_new(pos, json_pack("{s:s,s:b}", "value", v, "selected", sel));
    }
    json_object_set_new(ctx, "positions", pos);
    render_page(r, "pages/werk_focuspunt_doel", ctx);
}

void page_work_focus_goal_edit(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = focus_web_begin_change(r, &d, &f);
    struct focus_goal *g;
    size_t n, at;
    if (id && load_goal(r, d, id, &g, &n, &at))
        goal_page(r, &f, g, n, at, false, NULL);
}

void page_work_focus_goal_edit_post(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = focus_web_begin_change(r, &d, &f);
    struct focus_goal *g;
    size_t n, at;
    if (!id || !load_goal(r, d, id, &g, &n, &at))
        return;
    const char *text = req_field(r, "text");
    int pos = 0;
    const char *problem = focus_goal_validate(text);
    if (!problem)
        problem = focus_goal_position_validate(req_field(r, "position"), n, &pos);
    if (problem) {
        r->status = 400;
        goal_page(r, &f, g, n, at, true, problem);
        return;
    }
    /* the new order: the goal taken out and put back at pos */
    int64_t *order = arena_calloc(r->a, n, sizeof *order);
    if (!order) {
        resp_error(r, 500);
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == (size_t)pos - 1)
            order[k++] = g[at].id;
        if (i != at)
            order[k++] = g[i].id;
    }
    if (k < n)
        order[k++] = g[at].id;
    if (!focus_web_write_begin(r, d))
        return;
    if (focus_goal_update(d, id, g[at].id, text) != DB_OK ||
        focus_goal_reorder(d, id, order, n) != DB_OK) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "update", "focus_goal", g[at].id,
              json_pack("{s:s,s:i}", "text", g[at].text, "position", (int)at + 1),
              json_pack("{s:s,s:i}", "text", text, "position", pos));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "doelen"));
}

/* The indicators of goal gid, as names, and how many measurements they have. */
static json_t *goal_contents(struct req *r, db *d, int64_t fp, int64_t gid,
                             /* out: */ json_t **names, /* out: */ int64_t *entered,
                             /* out: */ int64_t *automatic)
{
    struct focus_ind *x;
    size_t nx;
    *names = json_array();
    if (focus_indicators(d, r->a, fp, &x, &nx) != DB_OK ||
        focus_measurement_counts(d, gid, 0, entered, automatic) != DB_OK)
        return NULL;
    for (size_t i = 0; i < nx; i++)
        if (x[i].goal_id == gid)
            json_array_append_new(*names, json_string(x[i].name));
    return *names;
}

void page_work_focus_goal_delete(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = focus_web_begin_change(r, &d, &f);
    struct focus_goal *g;
    size_t n, at;
    if (!id || !load_goal(r, d, id, &g, &n, &at))
        return;
    json_t *names;
    int64_t entered, automatic;
    if (!goal_contents(r, d, id, g[at].id, &names, &entered, &automatic)) {
        json_decref(names);
        resp_error(r, 500);
        return;
    }
    json_t *items = json_array();
    json_array_append_new(items,
                          json_pack("{s:s,s:s}", "label", T(r, "Doel"), "value", g[at].text));
    size_t ni = json_array_size(names);
    for (size_t i = 0; i < ni; i++)
        json_array_append_new(items, json_pack("{s:s,s:O}", "label", T(r, "Indicator"), "value",
                                               json_array_get(names, i)));
    json_decref(names);
    json_array_append_new(items,
                          json_pack("{s:s,s:s}", "label", T(r, "Metingen"), "value",
                                    arena_printf(r->a, T(r, "%lld ingevoerd, %lld automatisch"),
                                                 (long long)entered, (long long)automatic)));
    confirm_page(
        r, &f, T(r, "Weet u zeker dat u dit doel wilt verwijderen?"), items,
        T(r, "Het doel gaat weg met zijn indicatoren en al hun metingen. Dit kan niet "
             "ongedaan worden gemaakt. Ingevoerde metingen moet u daarna opnieuw "
             "invoeren als u ze toch nodig hebt."),
        arena_printf(r->a, "/werk/focuspunten/%lld/doel/%lld/verwijderen", (long long)id,
                     (long long)g[at].id),
        arena_printf(r->a, "/werk/focuspunten/%lld/doel/%lld", (long long)id, (long long)g[at].id));
}

void page_work_focus_goal_delete_post(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = focus_web_begin_change(r, &d, &f);
    struct focus_goal *g;
    size_t n, at;
    if (!id || !load_goal(r, d, id, &g, &n, &at))
        return;
    const char *confirm = req_field(r, "confirm");
    if (!confirm || strcmp(confirm, "1") != 0) {
        /* not asked twice yet: show the question */
        resp_redirect(r, arena_printf(r->a, "/werk/focuspunten/%lld/doel/%lld/verwijderen",
                                      (long long)id, (long long)g[at].id));
        return;
    }
    json_t *names;
    int64_t entered, automatic;
    if (!goal_contents(r, d, id, g[at].id, &names, &entered, &automatic)) {
        json_decref(names);
        resp_error(r, 500);
        return;
    }
    if (!focus_web_write_begin(r, d)) {
        json_decref(names);
        return;
    }
    int64_t *rest = arena_calloc(r->a, n, sizeof *rest);
    size_t k = 0;
    for (size_t i = 0; rest && i < n; i++)
        if (i != at)
            rest[k++] = g[i].id;
    if (!rest || focus_goal_delete(d, id, g[at].id) != DB_OK ||
        focus_goal_reorder(d, id, rest, k) != DB_OK) {
        json_decref(names);
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "delete", "focus_goal", g[at].id,
              json_pack("{s:I,s:s,s:o,s:I,s:I}", "focuspunt", (json_int_t)id, "text", g[at].text,
                        "indicators", names, "entered_measurements", (json_int_t)entered,
                        "automatic_measurements", (json_int_t)automatic),
              NULL);
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "doelen"));
}

/* --- indicators ------------------------------------------------------------------- */

static bool load_indicator(struct req *r, db *d, int64_t fp, struct focus_ind *x)
{
    long long iid = web_parse_id(req_param(r, 1));
    int rc = iid ? focus_indicator_get(d, r->a, iid, x) : DB_NOTFOUND;
    if (rc == DB_OK && x->focuspunt_id != fp)
        rc = DB_NOTFOUND;
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

/* A number as it was stored, for a form field ("12,5"). */
static const char *stored_number(struct req *r, bool has, double v)
{
    if (!has)
        return NULL;
    return focus_web_with_unit(r, v, NULL);
}

static void indicator_page(struct req *r, db *d, const struct focus_row *f,
                           const struct focus_ind *x, bool from_form, const char *error,
                           bool at_categories)
{
    json_t *ctx = page_ctx(r, f, error);
    ctx_int(ctx, "ind_id", x->id);
    json_t *in = json_object();
#define V(key, stored) ctx_str(in, key, from_form ? req_field(r, key) : (stored))
    V("name", x->name);
    V("unit", x->unit);
    V("baseline_value", stored_number(r, x->has_baseline, x->baseline));
    V("baseline_date", web_date_typed(r, x->has_baseline ? x->baseline_date : NULL));
    V("target_value", stored_number(r, x->has_target, x->target));
    V("target_date", web_date_typed(r, x->has_target ? x->target_date : NULL));
    V("source", x->source);
#undef V
    json_object_set_new(ctx, "in", in);
    const char *hib = from_form             ? req_field(r, "higher_is_better")
                      : x->higher_is_better ? "1"
                                            : "0";
    ctx_bool(ctx, "higher", hib && strcmp(hib, "1") == 0);
    ctx_bool(ctx, "lower", !hib || strcmp(hib, "1") != 0);
    json_object_set_new(
        ctx, "methods",
        focus_web_code_options(r, focus_methods, from_form ? req_field(r, "method") : x->method));
    long long goal_sel = from_form ? web_parse_id(req_field(r, "goal")) : x->goal_id;
    struct focus_goal *g;
    size_t ng;
    json_t *gopts = json_array();
    if (focus_goals(d, r->a, f->id, &g, &ng) == DB_OK)
        for (size_t i = 0; i < ng; i++)
            json_array_append_new(gopts,
                                  json_pack("{s:I,s:s,s:b}", "id", (json_int_t)g[i].id, "text",
                                            g[i].text, "selected", (long long)g[i].id == goal_sel));
    json_object_set_new(ctx, "goal_options", gopts);
    /* categories: as typed, or as stored */
    int64_t *have = NULL;
    size_t nhave = 0;
    if (!from_form && focus_indicator_categories(d, r->a, x->id, &have, &nhave) != DB_OK)
        nhave = 0;
    json_object_set_new(ctx, "categories",
                        focus_web_indicator_categories(r, d, from_form, have, nhave));
    ctx_bool(ctx, "err_categories", at_categories);
    render_page(r, "pages/werk_focuspunt_indicator", ctx);
}

void page_work_focus_indicator_edit(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = focus_web_begin_change(r, &d, &f);
    struct focus_ind x;
    if (id && load_indicator(r, d, id, &x))
        indicator_page(r, d, &f, &x, false, NULL, false);
}

static json_t *indicator_audit(const struct focus_ind *x, size_t ncats)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:i}", "goal", (json_int_t)x->goal_id, "name",
                          x->name, "unit", x->unit ? x->unit : "", "method", x->method, "source",
                          x->source ? x->source : "", "higher_is_better", x->higher_is_better,
                          "categories", (int)ncats);
    json_object_set_new(o, "baseline", x->has_baseline ? json_real(x->baseline) : json_null());
    json_object_set_new(o, "baseline_date",
                        x->has_baseline && x->baseline_date ? json_string(x->baseline_date)
                                                            : json_null());
    json_object_set_new(o, "target", x->has_target ? json_real(x->target) : json_null());
    json_object_set_new(o, "target_date",
                        x->has_target && x->target_date ? json_string(x->target_date)
                                                        : json_null());
    return o;
}

void page_work_focus_indicator_edit_post(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = focus_web_begin_change(r, &d, &f);
    struct focus_ind old;
    if (!id || !load_indicator(r, d, id, &old))
        return;
    struct focus_ind x;
    int64_t cats[FOCUS_WEB_MAX_PICK];
    size_t ncats;
    const char *problem;
    bool at_categories;
    if (focus_web_indicator_form(r, d, id, &x, cats, &ncats, &problem, &at_categories) != 0)
        return;
    bool automatic = !problem && strcmp(x.method, "manual") != 0;
    if (!automatic)
        ncats = 0; /* a manual indicator keeps no categories */
    if (!problem && automatic && strcmp(old.method, "manual") == 0) {
        int64_t entered, autos;
        if (focus_measurement_counts(d, 0, old.id, &entered, &autos) != DB_OK) {
            resp_error(r, 500);
            return;
        }
        if (entered > 0)
            problem = N_("Deze indicator heeft ingevoerde metingen. Verwijder die eerst als de "
                         "indicator voortaan automatisch uit de meldingen gemeten moet worden.");
    }
    if (problem) {
        r->status = 400;
        indicator_page(r, d, &f, &old, true, problem, at_categories);
        return;
    }
    int64_t *oldcats;
    size_t noldcats;
    if (focus_indicator_categories(d, r->a, old.id, &oldcats, &noldcats) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    x.id = old.id;
    if (!focus_web_write_begin(r, d))
        return;
    int written = 0;
    bool was_automatic = strcmp(old.method, "manual") != 0;
    /* automatic rows follow from method, categories and dates: they are
     * all measured again; a manual indicator keeps none */
    if (focus_indicator_update(d, &x) != DB_OK ||
        focus_indicator_set_categories(d, x.id, cats, ncats) != DB_OK ||
        ((automatic || was_automatic) && focus_auto_clear(d, x.id) != DB_OK) ||
        (automatic && indicator_refresh(d, id, (int64_t)time(NULL), false, &written) != 0)) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "update", "focus_indicator", x.id, indicator_audit(&old, noldcats),
              indicator_audit(&x, ncats));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "doelen"));
}

/* --- actions ---------------------------------------------------------------------- */

static bool load_action(struct req *r, db *d, int64_t fp, struct focus_act *x)
{
    long long aid = web_parse_id(req_param(r, 1));
    int64_t owner = 0;
    int rc = aid ? focus_action_get(d, r->a, aid, x, &owner) : DB_NOTFOUND;
    if (rc == DB_OK && owner != fp)
        rc = DB_NOTFOUND;
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

static void action_page(struct req *r, db *d, const struct focus_row *f, const struct focus_act *x,
                        bool from_form, const char *error, bool at_partner)
{
    json_t *ctx = page_ctx(r, f, error);
    ctx_bool(ctx, "err_owner_partner", error && at_partner);
    ctx_str(ctx, "back", focus_web_plan_url(r, f->id, "acties"));
    ctx_int(ctx, "act_id", x->id);
    json_t *in = json_object();
#define V(key, stored) ctx_str(in, key, from_form ? req_field(r, key) : (stored))
    V("title", x->title);
    V("owner_text", strcmp(x->owner_kind, "bewoners") == 0 ? x->owner_text : NULL);
    V("due_on", web_date_typed(r, x->due_on));
    V("notes", x->notes);
#undef V
    json_object_set_new(ctx, "in", in);
    const char *kind = from_form ? req_field(r, "owner_kind") : x->owner_kind;
    json_object_set_new(ctx, "owner_kinds", focus_web_code_options(r, focus_owner_kinds, kind));
    json_object_set_new(ctx, "statuses",
                        focus_web_code_options(r, focus_action_statuses,
                                               from_form ? req_field(r, "status") : x->status));
    long long dep = from_form ? web_parse_id(req_field(r, "owner_department"))
                    : strcmp(x->owner_kind, "afdeling") == 0 ? x->owner_org_id
                                                             : 0;
    long long partner = from_form ? web_parse_id(req_field(r, "owner_partner"))
                        : strcmp(x->owner_kind, "partner") == 0 ? x->owner_org_id
                                                                : 0;
    json_object_set_new(ctx, "departments", focus_web_org_options(r, d, "department", dep));
    json_object_set_new(ctx, "partner_orgs", focus_web_partner_options(r, d, partner));
    render_page(r, "pages/werk_focuspunt_actie", ctx);
}

void page_work_focus_action_edit(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = focus_web_begin_change(r, &d, &f);
    struct focus_act x;
    if (id && load_action(r, d, id, &x))
        action_page(r, d, &f, &x, false, NULL, false);
}

static json_t *action_audit(const struct focus_act *x)
{
    return json_pack("{s:s,s:s,s:I,s:s?,s:s}", "title", x->title, "owner_kind", x->owner_kind,
                     "owner_org", (json_int_t)x->owner_org_id, "due_on", x->due_on, "status",
                     x->status);
}

void page_work_focus_action_edit_post(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = focus_web_begin_change(r, &d, &f);
    struct focus_act old;
    if (!id || !load_action(r, d, id, &old))
        return;
    struct focus_act x = old;
    x.title = req_field(r, "title");
    x.owner_kind = req_field(r, "owner_kind");
    x.due_on = web_date_field(r, "due_on");
    if (x.due_on && !*x.due_on)
        x.due_on = NULL;
    x.status = req_field(r, "status");
    x.notes = req_field(r, "notes");
    if (x.notes && !*x.notes)
        x.notes = NULL;
    x.owner_org_id = 0;
    x.owner_text = NULL;
    struct focus_action_input in = {.title = x.title,
                                    .owner_kind = x.owner_kind,
                                    .owner_text = req_field(r, "owner_text"),
                                    .due_on = x.due_on,
                                    .status = x.status,
                                    .notes = x.notes};
    if (x.owner_kind && strcmp(x.owner_kind, "bewoners") != 0) {
        bool dep = strcmp(x.owner_kind, "afdeling") == 0;
        long long org = web_parse_id(req_field(r, dep ? "owner_department" : "owner_partner"));
        const char *kinds[2] = {dep ? "department" : "partner",
                                dep ? "department" : "care_network"};
        struct organisation *o;
        size_t n;
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
        r->status = 400;
        action_page(r, d, &f, &old, true, problem, false);
        return;
    }
    /* given to another partner: only under an agreement that holds today */
    bool to_partner =
        strcmp(x.owner_kind, "partner") == 0 &&
        (strcmp(old.owner_kind, "partner") != 0 || old.owner_org_id != x.owner_org_id);
    if (to_partner && (problem = partner_work_refusal(d, r->a, x.owner_org_id, PARTNER_ANY_CASE,
                                                      false, web_today(r)))) {
        r->status = 400;
        action_page(r, d, &f, &old, true, problem, true);
        return;
    }
    x.done_on = strcmp(x.status, "gereed") == 0 ? (old.done_on ? old.done_on : web_today(r)) : NULL;
    if (!focus_web_write_begin(r, d))
        return;
    if (focus_action_update(d, &x, (int64_t)time(NULL)) != DB_OK) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "update", "focus_action", x.id, action_audit(&old), action_audit(&x));
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "acties"));
}

/* --- deleting an entered measurement ------------------------------------------------ */

/* The measurement in the path, entered by hand for an indicator of fp. */
static bool load_measurement(struct req *r, db *d, int64_t fp, struct focus_meas *m,
                             struct focus_ind *x)
{
    long long mid = web_parse_id(req_param(r, 1));
    int64_t ind = 0;
    int rc = mid ? focus_measurement_get(d, r->a, mid, m, &ind) : DB_NOTFOUND;
    if (rc == DB_OK)
        rc = focus_indicator_get(d, r->a, ind, x);
    if (rc == DB_OK && (x->focuspunt_id != fp || m->automatic))
        rc = DB_NOTFOUND; /* automatic rows are recomputed, never deleted by hand */
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

void page_work_focus_measurement_delete(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = focus_web_begin_change(r, &d, &f);
    struct focus_meas m;
    struct focus_ind x;
    if (!id || !load_measurement(r, d, id, &m, &x))
        return;
    json_t *items = json_array();
    json_array_append_new(items,
                          json_pack("{s:s,s:s}", "label", T(r, "Indicator"), "value", x.name));
    json_array_append_new(
        items, json_pack("{s:s,s:s}", "label", T(r, "Datum"), "value", fmt_date(r, m.measured_on)));
    json_array_append_new(items, json_pack("{s:s,s:s}", "label", T(r, "Waarde"), "value",
                                           focus_web_with_unit(r, m.value, x.unit)));
    json_array_append_new(
        items, json_pack("{s:s,s:s}", "label", T(r, "Bron"), "value", m.source ? m.source : ""));
    confirm_page(r, &f, T(r, "Weet u zeker dat u deze meting wilt verwijderen?"), items,
                 T(r, "Dit kan niet ongedaan worden gemaakt."),
                 arena_printf(r->a, "/werk/focuspunten/%lld/meting/%lld/verwijderen", (long long)id,
                              (long long)m.id),
                 focus_web_plan_url(r, id, "metingen"));
}

void page_work_focus_measurement_delete_post(struct req *r)
{
    db *d;
    struct focus_row f;
    int64_t id = focus_web_begin_change(r, &d, &f);
    struct focus_meas m;
    struct focus_ind x;
    if (!id || !load_measurement(r, d, id, &m, &x))
        return;
    const char *confirm = req_field(r, "confirm");
    if (!confirm || strcmp(confirm, "1") != 0) {
        resp_redirect(r, arena_printf(r->a, "/werk/focuspunten/%lld/meting/%lld/verwijderen",
                                      (long long)id, (long long)m.id));
        return;
    }
    if (!focus_web_write_begin(r, d))
        return;
    if (focus_measurement_delete(d, x.id, m.id) != DB_OK) {
        focus_web_write_fail(r, d);
        return;
    }
    web_audit(r, d, "delete", "focus_measurement", m.id,
              json_pack("{s:I,s:s,s:f}", "indicator", (json_int_t)x.id, "measured_on",
                        m.measured_on, "value", m.value),
              NULL);
    web_commit_redirect(r, d, "saved", focus_web_plan_url(r, id, "metingen"));
}
