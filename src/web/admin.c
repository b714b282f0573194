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
#include "domain/user.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "store/user_store.h"
#include "web/render.h"
#include "web/user_form.h"

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

void page_admin_audit(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    long long before = web_parse_id(req_query(r, "voor"));
    struct audit_entry *e;
    size_t n;
    const size_t page = 50;
    if (audit_list(d, r->a, before, page, &e, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        ctx_str(o, "at", e[i].at);
        ctx_str(o, "actor", e[i].actor);
        ctx_str(o, "action", e[i].action);
        ctx_str(o, "entity", e[i].entity);
        ctx_int(o, "entity_id", e[i].entity_id);
        ctx_str(o, "before", e[i].before);
        ctx_str(o, "after", e[i].after);
        json_array_append_new(arr, o);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "entries", arr);
    if (n == page)
        ctx_str(ctx, "next", arena_printf(r->a, "/beheer/audit?voor=%lld", (long long)e[n - 1].id));
    render_page(r, "pages/admin_audit", ctx);
}
