/*
 * admin.c: the administrator's pages: accounts, which wijk belongs to which
 * region, and the audit trail.
 *
 * Every change is written to the audit trail in the same transaction as
 * the change itself, with the values before and after. Passwords are never
 * written there, only that one was set.
 */
#include "web.h"

#include "domain/auth.h"
#include "domain/user.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "store/user_store.h"
#include "web/render.h"

#include <stdlib.h>
#include <string.h>

#define ROLE_ROWS 3

/* The scope choices for the role rows: regions and organisations. */
static json_t *scope_options(struct req *r, db *d, const char *selected)
{
    json_t *arr = json_array();
    json_t *none = json_object();
    ctx_str(none, "value", "");
    ctx_str(none, "label", T(r, "Geen (hele gemeente)"));
    ctx_bool(none, "selected", !selected || !*selected);
    json_array_append_new(arr, none);
    struct region *rg;
    size_t n;
    if (area_list_regions(d, r->a, web_today(r), &rg, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_object();
            const char *v = arena_printf(r->a, "region:%lld", (long long)rg[i].id);
            ctx_str(o, "value", v);
            ctx_str(o, "label", arena_printf(r->a, "%s: %s", T(r, "Regio"), rg[i].name));
            ctx_bool(o, "selected", selected && strcmp(selected, v) == 0);
            json_array_append_new(arr, o);
        }
    struct organisation *og;
    if (org_list(d, r->a, NULL, &og, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            if (strcmp(og[i].kind, "partner") == 0)
                continue;
            json_t *o = json_object();
            const char *v = arena_printf(r->a, "org:%lld", (long long)og[i].id);
            ctx_str(o, "value", v);
            ctx_str(o, "label", arena_printf(r->a, "%s: %s", T(r, "Afdeling"), og[i].name));
            ctx_bool(o, "selected", selected && strcmp(selected, v) == 0);
            json_array_append_new(arr, o);
        }
    return arr;
}

static json_t *role_options(struct req *r, const char *selected)
{
    json_t *arr = json_array();
    json_t *none = json_object();
    ctx_str(none, "value", "");
    ctx_str(none, "label", T(r, "Geen rol"));
    ctx_bool(none, "selected", !selected || !*selected);
    json_array_append_new(arr, none);
    for (int i = 0; i < ROLE__COUNT; i++) {
        json_t *o = json_object();
        ctx_str(o, "value", role_catalogue[i].code);
        ctx_str(o, "label", T(r, role_catalogue[i].label));
        ctx_bool(o, "selected", selected && strcmp(selected, role_catalogue[i].code) == 0);
        json_array_append_new(arr, o);
    }
    return arr;
}

static const char *scope_value(struct req *r, const struct user_role *ur)
{
    if (ur->region_id)
        return arena_printf(r->a, "region:%lld", (long long)ur->region_id);
    if (ur->org_id)
        return arena_printf(r->a, "org:%lld", (long long)ur->org_id);
    return "";
}

/* The role rows of the form, from submitted values or the stored user. */
static json_t *role_rows(struct req *r, db *d, const struct user *u, int from_form)
{
    json_t *rows = json_array();
    for (int i = 0; i < ROLE_ROWS; i++) {
        const char *role = NULL, *scope = NULL;
        if (from_form) {
            char rk[16], sk[16];
            snprintf(rk, sizeof rk, "role%d", i + 1);
            snprintf(sk, sizeof sk, "scope%d", i + 1);
            role = req_field(r, rk);
            scope = req_field(r, sk);
        } else if (u && (size_t)i < u->nroles) {
            role = role_code(u->roles[i].role);
            scope = scope_value(r, &u->roles[i]);
        }
        json_t *o = json_object();
        ctx_int(o, "n", i + 1);
        json_object_set_new(o, "roles", role_options(r, role));
        json_object_set_new(o, "scopes", scope_options(r, d, scope));
        json_array_append_new(rows, o);
    }
    return rows;
}

struct role_input {
    int role;
    long long region_id, org_id;
};

/* Reads the role rows; returns a msgid on error. */
static const char *read_roles(struct req *r, struct role_input *out, int *n)
{
    *n = 0;
    for (int i = 0; i < ROLE_ROWS; i++) {
        char rk[16], sk[16];
        snprintf(rk, sizeof rk, "role%d", i + 1);
        snprintf(sk, sizeof sk, "scope%d", i + 1);
        const char *role = req_field(r, rk), *scope = req_field(r, sk);
        if (!role || !*role)
            continue;
        int ro = role_from_string(role);
        if (ro < 0)
            return N_("Kies een rol uit de lijst.");
        struct role_input *ri = &out[(*n)++];
        ri->role = ro;
        ri->region_id = ri->org_id = 0;
        if (scope && strncmp(scope, "region:", 7) == 0)
            ri->region_id = web_parse_id(scope + 7);
        else if (scope && strncmp(scope, "org:", 4) == 0)
            ri->org_id = web_parse_id(scope + 4);
        else if (scope && *scope)
            return N_("Kies een werkgebied uit de lijst.");
        if (scope && *scope && !ri->region_id && !ri->org_id)
            return N_("Kies een werkgebied uit de lijst.");
    }
    return NULL;
}

static json_t *user_json(const struct user *u)
{
    json_t *roles = json_array();
    for (size_t i = 0; i < u->nroles; i++)
        json_array_append_new(roles, json_pack("{s:s,s:I,s:I}", "role", role_code(u->roles[i].role),
                                               "region_id", (json_int_t)u->roles[i].region_id,
                                               "org_id", (json_int_t)u->roles[i].org_id));
    return json_pack("{s:s,s:s,s:s?,s:b,s:o}", "login", u->login, "name", u->name, "email",
                     u->email, "disabled", u->disabled, "roles", roles);
}

static int save_roles(db *d, long long uid, const struct role_input *ri, int n)
{
    if (user_clear_roles(d, uid) != DB_OK)
        return -1;
    for (int i = 0; i < n; i++)
        if (user_add_role(d, uid, (enum role)ri[i].role, ri[i].region_id, 0, ri[i].org_id) != DB_OK)
            return -1;
    return 0;
}

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
        buf b;
        buf_init(&b, 4096);
        for (size_t k = 0; k < u[i].nroles; k++) {
            if (k)
                buf_puts(&b, ", ");
            buf_puts(&b, T(r, role_label(u[i].roles[k].role)));
        }
        ctx_str(o, "roles", b.data ? b.data : "");
        buf_free(&b);
        json_array_append_new(arr, o);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "users", arr);
    render_page(r, "pages/admin_users", ctx);
}

static void user_form(struct req *r, db *d, const struct user *u, int from_form, const char *error,
                      int is_new)
{
    json_t *ctx = json_object();
    ctx_bool(ctx, "is_new", is_new);
    if (u) {
        ctx_int(ctx, "id", u->id);
        ctx_str(ctx, "login_value", u->login);
    }
    ctx_str(ctx, "login_value", from_form ? req_field(r, "login") : u ? u->login : NULL);
    ctx_str(ctx, "name_value", from_form ? req_field(r, "name") : u ? u->name : NULL);
    ctx_str(ctx, "email_value", from_form ? req_field(r, "email") : u ? u->email : NULL);
    ctx_bool(ctx, "disabled", from_form ? req_field(r, "disabled") != NULL : u && u->disabled);
    json_object_set_new(ctx, "role_rows", role_rows(r, d, u, from_form));
    ctx_str(ctx, "error", error);
    render_page(r, "pages/admin_user_form", ctx);
}

void page_admin_user_new(struct req *r)
{
    db *d = web_db(r);
    if (d)
        user_form(r, d, NULL, 0, NULL, 1);
}

void page_admin_user_new_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *login = req_field(r, "login"), *name = req_field(r, "name");
    const char *email = req_field(r, "email"), *pw = req_field(r, "password");
    struct role_input roles[ROLE_ROWS];
    int nroles = 0;
    const char *problem = user_login_problem(login);
    if (!problem)
        problem = user_name_problem(name);
    if (!problem)
        problem = user_email_problem(email);
    if (!problem)
        problem = auth_password_problem(pw ? pw : "", login);
    if (!problem)
        problem = read_roles(r, roles, &nroles);
    if (problem) {
        r->status = 400;
        user_form(r, d, NULL, 1, T(r, problem), 1);
        return;
    }
    char hash[128];
    long long id = 0;
    if (auth_hash_password(pw, hash) != 0 || db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    int64_t nid = 0;
    int rc = user_insert(d, login, name, email, 0, hash, &nid);
    if (rc == DB_CONSTRAINT) {
        db_rollback(d);
        r->status = 400;
        user_form(r, d, NULL, 1, T(r, "Deze inlognaam bestaat al. Kies een andere."), 1);
        return;
    }
    id = nid;
    struct user u;
    if (rc != DB_OK || save_roles(d, id, roles, nroles) != 0 ||
        user_load_by_id(d, r->a, id, &u) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    json_t *after = user_json(&u);
    json_object_set_new(after, "password_set", json_true());
    web_audit(r, d, "create", "user", id, NULL, after);
    web_commit_redirect(r, d, "usercreated", "/beheer/gebruikers");
}

void page_admin_user(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct user u;
    long long id = web_parse_id(req_param(r, 0));
    if (!id || user_load_by_id(d, r->a, id, &u) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    user_form(r, d, &u, 0, NULL, 0);
}

void page_admin_user_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct user u;
    long long id = web_parse_id(req_param(r, 0));
    if (!id || user_load_by_id(d, r->a, id, &u) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    const char *name = req_field(r, "name"), *email = req_field(r, "email");
    const char *pw = req_field(r, "password");
    int disabled = req_field(r, "disabled") != NULL;
    struct role_input roles[ROLE_ROWS];
    int nroles = 0;
    const char *problem = user_name_problem(name);
    if (!problem)
        problem = user_email_problem(email);
    if (!problem && pw && *pw)
        problem = auth_password_problem(pw, u.login);
    if (!problem)
        problem = read_roles(r, roles, &nroles);
    if (!problem && id == r->user->id && disabled)
        problem = N_("U kunt uw eigen account niet uitschakelen.");
    if (!problem && id == r->user->id) {
        int still_admin = 0;
        for (int i = 0; i < nroles; i++)
            still_admin |= roles[i].role == ROLE_BEHEERDER;
        if (!still_admin)
            problem = N_("U kunt uzelf de rol beheerder niet afnemen.");
    }
    if (problem) {
        r->status = 400;
        user_form(r, d, &u, 1, T(r, problem), 0);
        return;
    }
    char hash[128];
    if ((pw && *pw && auth_hash_password(pw, hash) != 0) || db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *before = user_json(&u);
    struct user after_u;
    int ok = user_update(d, id, name, email, disabled) == DB_OK &&
             save_roles(d, id, roles, nroles) == 0 &&
             (!(pw && *pw) || user_set_password(d, id, hash) == DB_OK) &&
             ((!disabled && !(pw && *pw)) || session_delete_user(d, id) == DB_OK) &&
             user_load_by_id(d, r->a, id, &after_u) == DB_OK;
    if (!ok) {
        json_decref(before);
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    json_t *after = user_json(&after_u);
    if (pw && *pw)
        json_object_set_new(after, "password_set", json_true());
    web_audit(r, d, "update", "user", id, before, after);
    web_commit_redirect(r, d, "saved", "/beheer/gebruikers");
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
