/*
 * counter.c: the counter's till (/werk/balie), where a clerk registers
 * every contact in one press of a large button, and the counter locations
 * with their opening hours and the organisations in their buildings
 * (/werk/balies). The rules are in domain/counter.c.
 *
 * The till remembers the location and the channel in a cookie (wr_balie,
 * "id:channel") of the clerk's browser, a tablet or PC at the desk: every
 * contact is one form with a button per type, product and destination.
 */
#include "web.h"
#include "render.h"

#include "domain/counter.h"
#include "domain/policy.h"
#include "http/form.h"
#include "store/area_store.h"
#include "store/counter_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TILL_COOKIE     "wr_balie"
#define TILL_COOKIE_AGE (180L * 24 * 3600)

static void remembered(struct req *r, int64_t *location, const char **channel)
{
    *location = 0;
    *channel = "balie";
    const char *c = cookie_get(&r->cookies, TILL_COOKIE);
    if (!c)
        return;
    const char *colon = strchr(c, ':');
    char id[24];
    size_t l = colon ? (size_t)(colon - c) : strlen(c);
    if (l == 0 || l >= sizeof id)
        return;
    memcpy(id, c, l);
    id[l] = '\0';
    *location = web_parse_id(id);
    if (colon && strcmp(colon + 1, "telefoon") == 0)
        *channel = "telefoon";
}

int64_t counter_remembered_location(struct req *r)
{
    int64_t id;
    const char *ch;
    remembered(r, &id, &ch);
    return id;
}

static json_t *code_options(struct req *r, const struct counter_code *list, const char *sel)
{
    json_t *arr = json_array();
    for (size_t i = 0; list[i].code; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "code", list[i].code, "label",
                                             T(r, list[i].label), "selected",
                                             sel && strcmp(sel, list[i].code) == 0));
    return arr;
}

static json_t *org_json(struct req *r, const struct counter_org_row *o)
{
    json_t *j = json_object();
    ctx_int(j, "id", o->id);
    ctx_str(j, "name", o->name);
    ctx_str(j, "description", o->description);
    ctx_bool(j, "warm", o->uses_wijkregie && o->email && *o->email);
    ctx_bool(j, "department", strcmp(o->kind, "department") == 0);
    (void)r;
    return j;
}

static void till_page(struct req *r, db *d, int64_t location, const char *channel,
                      const char *problem)
{
    struct counter_location_row *locs;
    size_t nl;
    if (counter_location_list(d, r->a, 0, true, &locs, &nl) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object(), *lj = json_array();
    const struct counter_location_row *cur = NULL;
    for (size_t i = 0; i < nl; i++) {
        bool on = locs[i].id == location;
        if (on)
            cur = &locs[i];
        json_array_append_new(lj, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)locs[i].id, "name",
                                            locs[i].name, "selected", on));
    }
    json_object_set_new(ctx, "locations", lj);
    json_object_set_new(ctx, "channels", code_options(r, counter_channels, channel));
    json_object_set_new(ctx, "products", code_options(r, counter_products, NULL));
    ctx_bool(ctx, "has_location", cur != NULL);
    if (cur) {
        ctx_str(ctx, "location_name", cur->name);
        int64_t today = counter_contacts_on(d, cur->id, web_today(r));
        if (today >= 0)
            ctx_int(ctx, "today", (long long)today);
    }
    struct counter_org_row *o;
    size_t no;
    if (counter_referral_orgs(d, r->a, cur ? cur->id : 0, &o, &no) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *building = json_array(), *departments = json_array(), *others = json_array();
    bool any_warm = false;
    for (size_t i = 0; i < no; i++) {
        json_t *j = org_json(r, &o[i]);
        if (o[i].in_building) {
            any_warm |= json_is_true(json_object_get(j, "warm"));
            json_array_append_new(building, j);
        } else if (strcmp(o[i].kind, "department") == 0)
            json_array_append_new(departments, j);
        else
            json_array_append_new(others, j);
    }
    ctx_bool(ctx, "has_building", json_array_size(building) > 0);
    ctx_bool(ctx, "any_warm", any_warm);
    json_object_set_new(ctx, "building", building);
    json_object_set_new(ctx, "departments", departments);
    json_object_set_new(ctx, "others", others);
    if (problem) {
        r->status = 400;
        ctx_str(ctx, "problem", T(r, problem));
    }
    /* the undo button while the clerk's last contact may still be undone */
    struct counter_contact_row last;
    if (r->user && counter_contact_last(d, r->a, r->user->id, &last) == DB_OK &&
        counter_may_undo(&last, r->user->id, (int64_t)time(NULL))) {
        const char *what = T(r, counter_label(counter_types, last.type));
        if (last.product)
            what = arena_printf(r->a, "%s: %s", what,
                                T(r, counter_label(counter_products, last.product)));
        ctx_str(ctx, "last", what);
    }
    render_page(r, "pages/werk_balie", ctx);
}

void page_counter(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int64_t location;
    const char *channel;
    remembered(r, &location, &channel);
    till_page(r, d, location, channel, NULL);
}

void page_counter_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct counter_contact_input in = {0};
    in.location_id = web_parse_id(req_field(r, "location"));
    in.channel = req_field(r, "channel");
    in.user_id = r->user->id;
    /* which button: type=..., product=..., naar=<organisation id> */
    const char *type = req_field(r, "type");
    const char *product = req_field(r, "product");
    const char *to = req_field(r, "naar");
    const char *other = req_field(r, "naar_ander");
    if (product && *product) {
        in.type = "product";
        in.product = product;
    } else if ((to && *to) || (type && strcmp(type, "verwijzing") == 0)) {
        in.type = "verwijzing";
        in.referral_org_id = web_parse_id(to && *to ? to : other);
        in.warm_handoff = req_field(r, "warm") != NULL;
        in.consent = req_field(r, "instemming") != NULL;
    } else {
        in.type = type;
    }
    /* choosing the location and channel alone ("Onthoud") counts nothing */
    bool remember_only = req_field(r, "onthoud") != NULL;
    const char *channel = in.channel && strcmp(in.channel, "telefoon") == 0 ? "telefoon" : "balie";
    if (in.location_id)
        resp_cookie(r, TILL_COOKIE,
                    arena_printf(r->a, "%lld:%s", (long long)in.location_id, channel),
                    TILL_COOKIE_AGE);
    if (remember_only) {
        resp_redirect(r, "/werk/balie");
        return;
    }
    int64_t id = 0;
    bool db_error = false;
    const char *why = counter_contact_register(d, r->a, &in, (int64_t)time(NULL), &id, &db_error);
    if (db_error) {
        resp_error(r, 500);
        return;
    }
    if (why) {
        till_page(r, d, in.location_id, channel, why);
        return;
    }
    flash_set(r, "ok", "counted");
    resp_redirect(r, "/werk/balie");
}

void page_counter_undo(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct counter_contact_row c;
    int rc = counter_undo_last(d, r->a, r->user->id, (int64_t)time(NULL), &c);
    if (rc == DB_ERROR) {
        resp_error(r, 500);
        return;
    }
    if (rc == DB_NOTFOUND) {
        int64_t location;
        const char *channel;
        remembered(r, &location, &channel);
        till_page(r, d, location, channel,
                  N_("Er is geen contact meer om ongedaan te maken: dat kan alleen met uw laatste "
                     "contact, binnen vijf minuten."));
        return;
    }
    flash_set(r, "ok", "undone");
    resp_redirect(r, "/werk/balie");
}

/* --- locations ----------------------------------------------------------------- */

static json_t *hours_json(struct req *r, const struct counter_location_row *l, bool all)
{
    json_t *arr = json_array();
    static const char *const fields[7] = {"hours_mon", "hours_tue", "hours_wed", "hours_thu",
                                          "hours_fri", "hours_sat", "hours_sun"};
    for (int i = 0; i < 7; i++) {
        if (!all && (!l->hours[i] || !*l->hours[i]))
            continue;
        json_array_append_new(arr,
                              json_pack("{s:s,s:s,s:s}", "day", T(r, counter_weekdays[i]), "field",
                                        fields[i], "hours", l->hours[i] ? l->hours[i] : ""));
    }
    return arr;
}

static json_t *location_json(struct req *r, db *d, const struct counter_location_row *l)
{
    json_t *j = json_object();
    ctx_int(j, "id", l->id);
    ctx_str(j, "name", l->name);
    ctx_str(j, "address", l->address);
    ctx_str(j, "kind", T(r, counter_label(counter_kinds, l->kind)));
    ctx_str(j, "wijk", l->wijk_name);
    ctx_bool(j, "active", l->active);
    ctx_str(j, "url", arena_printf(r->a, "/werk/balies/%lld", (long long)l->id));
    json_t *h = hours_json(r, l, false);
    ctx_bool(j, "has_hours", json_array_size(h) > 0);
    json_object_set_new(j, "hours", h);
    struct counter_org_row *o;
    size_t no;
    json_t *orgs = json_array();
    if (counter_building_orgs(d, r->a, l->id, &o, &no) == DB_OK)
        for (size_t i = 0; i < no; i++)
            json_array_append_new(orgs, org_json(r, &o[i]));
    ctx_bool(j, "has_orgs", json_array_size(orgs) > 0);
    json_object_set_new(j, "orgs", orgs);
    return j;
}

json_t *counter_wijk_locations(struct req *r, db *d, int64_t area_id)
{
    struct counter_location_row *l;
    size_t n;
    json_t *arr = json_array();
    if (counter_location_list(d, r->a, area_id, true, &l, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, location_json(r, d, &l[i]));
    return arr;
}

/* May the user change this location? The administrator everywhere, the
 * wijkregisseur in the region of its wijk. */
static bool may_manage(struct req *r, const struct counter_location_row *l)
{
    struct scope_target t = {.region_id = l->region_id, .area_id = l->area_id};
    return policy_allows(r->user, ACT_COUNTER_MANAGE, &t);
}

void page_counter_locations(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct counter_location_row *l;
    size_t n;
    if (counter_location_list(d, r->a, 0, false, &l, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object(), *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = location_json(r, d, &l[i]);
        ctx_bool(j, "may_edit", may_manage(r, &l[i]));
        json_array_append_new(arr, j);
    }
    json_object_set_new(ctx, "locations", arr);
    render_page(r, "pages/werk_balies", ctx);
}

static int load(struct req *r, db *d, struct counter_location_row *l)
{
    long long id = web_parse_id(req_param(r, 0));
    int rc = id > 0 ? counter_location_get(d, r->a, id, l) : DB_NOTFOUND;
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return rc;
    }
    if (!may_manage(r, l)) {
        resp_error(r, 403);
        return DB_NOTFOUND;
    }
    return DB_OK;
}

static void location_form(struct req *r, db *d, const struct counter_location_row *l,
                          const int64_t *orgs, size_t norgs, const struct counter_problem *p,
                          size_t np)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "action", arena_printf(r->a, "/werk/balies/%lld", (long long)l->id));
    ctx_str(ctx, "title", l->name);
    json_t *v = json_object();
    ctx_str(v, "name", l->name);
    ctx_str(v, "address", l->address);
    ctx_bool(v, "active", l->active);
    json_object_set_new(ctx, "v", v);
    json_object_set_new(ctx, "kinds", code_options(r, counter_kinds, l->kind));
    json_object_set_new(ctx, "hours", hours_json(r, l, true));
    struct wijk *w;
    size_t nw;
    json_t *wl = json_array();
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(wl, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)w[i].id, "name",
                                                w[i].name, "selected", w[i].id == l->area_id));
    json_object_set_new(ctx, "wijken", wl);
    struct counter_org_row *o;
    size_t no;
    json_t *ol = json_array();
    if (counter_referral_orgs(d, r->a, l->id, &o, &no) == DB_OK)
        for (size_t i = 0; i < no; i++) {
            if (strcmp(o[i].kind, "partner") != 0)
                continue;
            bool on = false;
            for (size_t k = 0; k < norgs; k++)
                on |= orgs[k] == o[i].id;
            json_array_append_new(ol, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)o[i].id, "name",
                                                o[i].name, "selected", on));
        }
    json_object_set_new(ctx, "orgs", ol);
    json_t *problems = json_array(), *err = json_object();
    for (size_t i = 0; i < np; i++) {
        const char *anchor = arena_printf(r->a, "b-%s", p[i].field);
        json_array_append_new(
            problems, json_pack("{s:s,s:s}", "anchor", anchor, "message", T(r, p[i].msgid)));
        if (!json_object_get(err, p[i].field))
            ctx_str(err, p[i].field, T(r, p[i].msgid));
    }
    /* the error of a day's hours, next to that day */
    json_t *h;
    size_t i;
    json_array_foreach(json_object_get(ctx, "hours"), i, h)
    {
        json_t *e = json_object_get(err, json_string_value(json_object_get(h, "field")));
        if (e)
            json_object_set(h, "error", e);
    }
    ctx_bool(ctx, "has_problems", np > 0);
    json_object_set_new(ctx, "problems", problems);
    json_object_set_new(ctx, "err", err);
    render_page(r, "pages/werk_balie_locatie", ctx);
}

void page_counter_location(struct req *r)
{
    db *d = web_db(r);
    struct counter_location_row l;
    if (!d || load(r, d, &l) != DB_OK)
        return;
    struct counter_org_row *o;
    size_t no;
    if (counter_building_orgs(d, r->a, l.id, &o, &no) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    int64_t *ids = arena_calloc(r->a, no + 1, sizeof *ids);
    for (size_t i = 0; i < no; i++)
        ids[i] = o[i].id;
    location_form(r, d, &l, ids, no, NULL, 0);
}

#define MAX_BUILDING_ORGS 32

void page_counter_location_post(struct req *r)
{
    db *d = web_db(r);
    struct counter_location_row l;
    if (!d || load(r, d, &l) != DB_OK)
        return;
    struct counter_location_row in = l;
    in.name = req_field(r, "name");
    in.address = req_field(r, "address");
    in.kind = req_field(r, "kind");
    in.active = req_field(r, "active") != NULL;
    in.area_id = web_parse_id(req_field(r, "area"));
    static const char *const fields[7] = {"hours_mon", "hours_tue", "hours_wed", "hours_thu",
                                          "hours_fri", "hours_sat", "hours_sun"};
    for (int i = 0; i < 7; i++) {
        const char *h = req_field(r, fields[i]);
        in.hours[i] = h ? h : "";
    }
    const struct form_field *all[MAX_BUILDING_ORGS];
    size_t n = form_get_all(&r->form, "org", all, MAX_BUILDING_ORGS);
    int64_t orgs[MAX_BUILDING_ORGS];
    size_t norgs = 0;
    for (size_t i = 0; i < n && i < MAX_BUILDING_ORGS; i++) {
        int64_t id = web_parse_id(all[i]->value);
        if (id)
            orgs[norgs++] = id;
    }
    struct counter_problem p[COUNTER_MAX_PROBLEMS];
    size_t np = counter_location_validate(r->a, &in, p);
    /* the wijk must be one of the municipality's; moving a location to a wijk
     * outside one's region is not one's to decide */
    if (!np) {
        struct wijk *w;
        size_t nw;
        bool found = false;
        if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
            for (size_t i = 0; i < nw; i++)
                if (w[i].id == in.area_id) {
                    found = true;
                    in.region_id = w[i].region_id;
                }
        if (!found)
            p[np++] = (struct counter_problem){"area", N_("Kies de wijk van de balie.")};
        else if (!may_manage(r, &in))
            p[np++] =
                (struct counter_problem){"area", N_("Deze wijk valt buiten uw regio: kies een wijk "
                                                    "in uw eigen regio.")};
    }
    if (!np) {
        if (db_begin_write(d) != DB_OK) {
            resp_error(r, 500);
            return;
        }
        int rc = counter_location_update(d, r->a, &in, orgs, norgs, r->user->id,
                                         (int64_t)time(NULL), &p[np]);
        if (rc == 1) {
            web_audit(r, d, "update", "counter_location", l.id, NULL,
                      json_pack("{s:s}", "name", in.name));
            web_commit_redirect(r, d, "saved", "/werk/balies");
            return;
        }
        db_rollback(d);
        if (rc < 0) {
            resp_error(r, 500);
            return;
        }
        np++;
    }
    r->status = 400;
    location_form(r, d, &in, orgs, norgs, p, np);
}
