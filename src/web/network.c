/*
 * network.c: the care-network lead's pages of the network's members
 * (/werk/wijkzorgnetwerk): who is a member with which role, adding the role
 * to an existing account or creating one, taking it away, and resetting a
 * member's password or e-mail address. Only a lead decides this, not the
 * administrator (domain/grant.c); every change goes through
 * domain/account.c and is audited there.
 */
#include "web.h"

#include "domain/account.h"
#include "web/render.h"
#include "web/user_form.h"

#include <string.h>

static void members_page(struct req *r, db *d, const char *error)
{
    struct user *u;
    size_t n;
    if (user_list(d, r->a, &u, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!user_form_in_lead_network(r->user, &u[i]))
            continue;
        json_t *o = json_object();
        ctx_int(o, "id", u[i].id);
        ctx_str(o, "login", u[i].login);
        ctx_str(o, "name", u[i].name);
        ctx_bool(o, "disabled", u[i].disabled);
        ctx_str(o, "roles", user_form_roles_text(r, d, &u[i]));
        json_array_append_new(arr, o);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "members", arr);
    ctx_str(ctx, "error", error);
    bool posted = r->method == HTTP_POST;
    ctx_str(ctx, "login_value", posted ? req_field(r, "login") : NULL);
    json_object_set_new(
        ctx, "roles",
        user_form_role_options(r, USER_FORM_NETWORK, posted ? req_field(r, "role") : NULL));
    json_object_set_new(
        ctx, "scopes",
        user_form_scope_options(r, d, USER_FORM_NETWORK, posted ? req_field(r, "scope") : NULL));
    render_page(r, "pages/netwerk", ctx);
}

void page_network(struct req *r)
{
    db *d = web_db(r);
    if (d)
        members_page(r, d, NULL);
}

/* Gives the network's role to an existing account, named by its login. */
void page_network_add_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *login = req_field(r, "login");
    const char *problem = NULL;
    struct user_role role;
    struct user u;
    memset(&u, 0, sizeof u);
    int got = user_form_read_role(r, "role", "scope", &role, &problem);
    if (!login || !*login || strlen(login) > 64 ||
        user_load_by_login(d, r->a, login, &u, NULL) != DB_OK)
        problem = N_("Er is geen account met deze inlognaam.");
    else if (got == 0)
        problem = N_("Kies een rol uit de lijst.");
    enum account_result res = ACCOUNT_INVALID;
    if (!problem)
        res = account_grant(d, r->a, r->user, u.id, &role, &problem);
    if (res == ACCOUNT_OK) {
        flash_set(r, "ok", "saved");
        resp_redirect(r, "/werk/wijkzorgnetwerk");
        return;
    }
    if (res == ACCOUNT_ERROR || res == ACCOUNT_NOT_FOUND) {
        resp_error(r, 500);
        return;
    }
    r->status = res == ACCOUNT_FORBIDDEN ? 403 : 400;
    members_page(r, d, problem ? T(r, problem) : NULL);
}

void page_network_new(struct req *r)
{
    user_form_new_page(r, USER_FORM_NETWORK);
}

void page_network_new_post(struct req *r)
{
    user_form_new_post(r, USER_FORM_NETWORK);
}

void page_network_member(struct req *r)
{
    user_form_edit_page(r, USER_FORM_NETWORK);
}

void page_network_member_post(struct req *r)
{
    user_form_edit_post(r, USER_FORM_NETWORK);
}
