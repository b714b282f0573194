/*
 * admin.c: the administrator's pages: accounts, which wijk belongs to which
 * region, and the audit trail.
 *
 * Every change is written to the audit trail in the same transaction as
 * the change itself, with the values before and after. Passwords are never
 * written there, only that one was set. Changes to accounts go through the
 * domain (domain/account.c), whose rule keeps the care network's accounts
 * out of the administrator's hands: this page shows them, and offers only
 * to disable them.
 */
#include "web.h"

#include "domain/account.h"
#include "domain/calendar.h"
#include "lib/buf.h"
#include "lib/i18n_mark.h"
#include "domain/user.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "store/user_store.h"
#include "web/render.h"
#include "web/user_form.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void page_admin_users(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct user *u;
    size_t n;
    if (user_list(d, r->a, &u, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        ctx_int(o, "id", u[i].id);
        ctx_str(o, "login", u[i].login);
        ctx_str(o, "name", u[i].name);
        ctx_bool(o, "disabled", u[i].disabled);
        ctx_str(o, "roles", user_form_roles_text(r, d, &u[i]));
        json_array_append_new(arr, o);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "users", arr);
    render_page(r, "pages/admin_users", ctx);
}

void page_admin_user_new(struct req *r)
{
    user_form_new_page(r, USER_FORM_ADMIN);
}

void page_admin_user_new_post(struct req *r)
{
    user_form_new_post(r, USER_FORM_ADMIN);
}

void page_admin_user(struct req *r)
{
    user_form_edit_page(r, USER_FORM_ADMIN);
}

void page_admin_user_post(struct req *r)
{
    user_form_edit_post(r, USER_FORM_ADMIN);
}

/* Disabling is a lock, not a key: the administrator may disable every
 * account but their own, those of the care network included. */
void page_admin_user_disable(struct req *r)
{
    user_form_disable_post(r, USER_FORM_ADMIN);
}

void page_admin_wijken(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct wijk *w;
    size_t nw;
    struct region *rg;
    size_t nr;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) != DB_OK ||
        area_list_regions(d, r->a, web_today(r), &rg, &nr) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < nw; i++) {
        json_t *o = json_object();
        ctx_str(o, "code", w[i].code);
        ctx_str(o, "name", w[i].name);
        json_t *opts = json_array();
        json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value", "", "label",
                                              T(r, "Geen regio"), "selected", !w[i].region_id));
        for (size_t k = 0; k < nr; k++)
            json_array_append_new(opts,
                                  json_pack("{s:s,s:s,s:b}", "value", rg[k].slug, "label",
                                            rg[k].name, "selected", w[i].region_id == rg[k].id));
        json_object_set_new(o, "options", opts);
        json_array_append_new(arr, o);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "wijken", arr);
    render_page(r, "pages/admin_wijken", ctx);
}

void page_admin_wijken_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *code = req_field(r, "wijk"), *slug = req_field(r, "region");
    const char *today = web_today(r);
    struct wijk w;
    if (!code || area_get_wijk(d, r->a, code, today, 0, &w) != DB_OK) {
        resp_error(r, 400);
        return;
    }
    int64_t region_id = 0;
    if (slug && *slug) {
        region_id = region_id_by_slug(d, slug);
        if (!region_id) {
            resp_error(r, 400);
            return;
        }
    }
    if (region_id == w.region_id) {
        flash_set(r, "ok", "saved");
        resp_redirect(r, "/beheer/wijken");
        return;
    }
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    if (area_assign_region(d, w.id, region_id, today) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, "assign_region", "area", w.id,
              json_pack("{s:s,s:s?}", "wijk", w.code, "region", w.region_slug),
              json_pack("{s:s,s:s?,s:s}", "wijk", w.code, "region", slug && *slug ? slug : NULL,
                        "from", today));
    web_commit_redirect(r, d, "saved", "/beheer/wijken");
}

/* What each entry of the audit trail means, by "entity.action". Codes not
 * listed are shown as they are stored. */
static const struct {
    const char *code, *label;
} audit_labels[] = {
    {"user.create", N_("Account aangemaakt")},
    {"user.update", N_("Account of rollen gewijzigd")},
    {"user.password_reset", N_("Wachtwoord opnieuw ingesteld")},
    {"user.disable", N_("Account geblokkeerd")},
    {"user.enable", N_("Account weer toegelaten")},
    {"user.login", N_("Ingelogd")},
    {"user.password_change", N_("Eigen wachtwoord gewijzigd")},
    {"person_function.create", N_("Functie toegewezen")},
    {"person_function.end", N_("Functie beëindigd")},
    {"area.assign_region", N_("Wijk aan regio toegewezen")},
    {"category.create", N_("Categorie aangemaakt")},
    {"category.update", N_("Categorie gewijzigd")},
    {"routing_rule.create", N_("Routeringsregel aangemaakt")},
    {"routing_rule.update", N_("Routeringsregel gewijzigd")},
    {"routing_rule.end", N_("Routeringsregel beëindigd")},
    {"focuspunt.create", N_("Focuspunt aangemaakt")},
    {"focuspunt.update", N_("Focuspunt gewijzigd")},
    {"focuspunt.set_partner", N_("Partner aan focuspunt toegevoegd")},
    {"focuspunt.remove_partner", N_("Partner van focuspunt verwijderd")},
    {"focuspunt.set_report_text", N_("Raadsrapporttekst van focuspunt gewijzigd")},
    {"focuspunt.recompute", N_("Cijfers van focuspunt herberekend")},
    {"focus_goal.create", N_("Doel aangemaakt")},
    {"focus_goal.update", N_("Doel gewijzigd")},
    {"focus_goal.delete", N_("Doel verwijderd")},
    {"focus_indicator.create", N_("Indicator aangemaakt")},
    {"focus_indicator.update", N_("Indicator gewijzigd")},
    {"focus_action.create", N_("Actie aangemaakt")},
    {"focus_action.update", N_("Actie gewijzigd")},
    {"focus_measurement.create", N_("Meting toegevoegd")},
    {"focus_measurement.delete", N_("Meting verwijderd")},
    {"inventory_input.create", N_("Inventarisatie-inbreng toegevoegd")},
    {"year_snapshot.close", N_("Jaarcijfers vastgezet")},
    {"api_key.create", N_("API-sleutel aangemaakt")},
    {"api_key.revoke", N_("API-sleutel ingetrokken")},
};

/* The stored UTC time "YYYY-MM-DDTHH:MM:SS[.fff]Z" in Dutch local time;
 * the stored text itself when it does not parse. */
static const char *audit_time(struct req *r, const char *at)
{
    int y, mo, d, h, mi, sec;
    if (!at || sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6 || h > 23 ||
        mi > 59 || sec > 60)
        return at;
    cal_date day = cal_from_ymd(y, mo, d);
    if (day == CAL_INVALID)
        return at;
    const char *s = web_local_time(r, (int64_t)day * 86400 + h * 3600 + mi * 60 + sec);
    return *s ? s : at;
}

static void detail_value(buf *b, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        buf_puts(b, json_string_value(v));
        break;
    case JSON_INTEGER:
        buf_printf(b, "%lld", (long long)json_integer_value(v));
        break;
    case JSON_REAL:
        buf_printf(b, "%g", json_real_value(v));
        break;
    case JSON_TRUE:
        buf_puts(b, "ja");
        break;
    case JSON_FALSE:
        buf_puts(b, "nee");
        break;
    case JSON_NULL:
        buf_puts(b, "—");
        break;
    case JSON_ARRAY: {
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x)
        {
            if (i)
                buf_puts(b, "; ");
            detail_value(b, x);
        }
        if (json_array_size(v) == 0)
            buf_puts(b, "—");
        break;
    }
    case JSON_OBJECT: {
        const char *k;
        const json_t *x;
        bool first = true;
        json_object_foreach((json_t *)v, k, x)
        {
            buf_printf(b, "%s%s: ", first ? "" : ", ", k);
            detail_value(b, x);
            first = false;
        }
        break;
    }
    }
}

/* The stored JSON as lines "key: value", nothing more than what is stored;
 * text that is not a JSON object is shown as stored. */
static json_t *audit_details(struct req *r, const char *stored)
{
    json_t *lines = json_array();
    if (!stored || !*stored)
        return lines;
    json_t *doc = json_loads(stored, 0, NULL);
    if (!json_is_object(doc)) {
        json_array_append_new(lines, json_string(stored));
        json_decref(doc);
        return lines;
    }
    const char *k;
    json_t *x;
    json_object_foreach(doc, k, x)
    {
        buf b;
        buf_init(&b, 65536);
        buf_printf(&b, "%s: ", k);
        detail_value(&b, x);
        json_array_append_new(lines, json_string(b.data ? b.data : ""));
        buf_free(&b);
    }
    json_decref(doc);
    (void)r;
    return lines;
}

static const char *audit_link(struct req *r, const char *code, const char *actor, long long page)
{
    buf b;
    buf_init(&b, 4096);
    buf_printf(&b, "/beheer/audit?pagina=%lld", page);
    if (code) {
        buf_puts(&b, "&actie=");
        buf_url_value(&b, code);
    }
    if (actor) {
        buf_puts(&b, "&door=");
        buf_url_value(&b, actor);
    }
    const char *out = arena_printf(r->a, "%s", b.data ? b.data : "/beheer/audit");
    buf_free(&b);
    return out;
}

void page_admin_audit(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    enum { PAGE = 50, MAX_PAGE = 1000000 };
    const char *code = req_query(r, "actie"), *actor = req_query(r, "door");
    if (code && !*code)
        code = NULL;
    if (actor && !*actor)
        actor = NULL;
    long long page = web_parse_id(req_query(r, "pagina"));
    if (page < 1 || page > MAX_PAGE)
        page = 1;
    /* "entity.action": the entity is everything before the last dot */
    const char *entity = NULL, *action = NULL;
    if (code) {
        const char *dot = strrchr(code, '.');
        if (dot) {
            entity = arena_printf(r->a, "%.*s", (int)(dot - code), code);
            action = dot + 1;
        } else {
            action = code;
        }
    }
    struct audit_entry *e;
    size_t n;
    if (audit_list(d, r->a, entity, action, actor, (page - 1) * PAGE, PAGE + 1, &e, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    bool more = n > PAGE;
    if (more)
        n = PAGE;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        const char *c = arena_printf(r->a, "%s.%s", e[i].entity, e[i].action);
        const char *label = c;
        for (size_t k = 0; k < sizeof audit_labels / sizeof audit_labels[0]; k++)
            if (strcmp(audit_labels[k].code, c) == 0)
                label = T(r, audit_labels[k].label);
        ctx_str(o, "at", audit_time(r, e[i].at));
        ctx_str(o, "actor", e[i].actor);
        ctx_str(o, "label", label);
        ctx_str(o, "entity", e[i].entity);
        if (e[i].entity_id)
            ctx_int(o, "entity_id", e[i].entity_id);
        json_object_set_new(o, "before", audit_details(r, e[i].before));
        json_object_set_new(o, "after", audit_details(r, e[i].after));
        json_array_append_new(arr, o);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "entries", arr);
    ctx_bool(ctx, "has_entries", n > 0);
    json_t *opts = json_array();
    for (size_t k = 0; k < sizeof audit_labels / sizeof audit_labels[0]; k++) {
        json_t *o = json_object();
        ctx_str(o, "value", audit_labels[k].code);
        ctx_str(o, "label", T(r, audit_labels[k].label));
        ctx_bool(o, "selected", code && strcmp(code, audit_labels[k].code) == 0);
        json_array_append_new(opts, o);
    }
    json_object_set_new(ctx, "actions", opts);
    ctx_str(ctx, "door", actor);
    ctx_int(ctx, "page", page);
    if (page > 1)
        ctx_str(ctx, "prev", audit_link(r, code, actor, page - 1));
    if (more)
        ctx_str(ctx, "next", audit_link(r, code, actor, page + 1));
    render_page(r, "pages/admin_audit", ctx);
}
