/*
 * user_form.c: the account form of the administrator's and the care-network
 * lead's pages (see user_form.h). The choices it offers come from the same
 * rule that decides (grant_may_decide), so a page never offers what the
 * server would refuse.
 */
#include "user_form.h"

#include "domain/auth.h"
#include "domain/grant.h"
#include "domain/policy.h"
#include "lib/buf.h"
#include "lib/i18n_mark.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "web/render.h"

#include <stdio.h>
#include <string.h>

#define ROLE_ROWS 3

static const char *base_path(enum user_form_kind k)
{
    return k == USER_FORM_NETWORK ? "/werk/wijkzorgnetwerk" : "/beheer/gebruikers";
}

bool user_form_manages(enum user_form_kind k, const struct user_role *ur)
{
    return k == USER_FORM_NETWORK ? role_of_care_network(ur->role) : !role_is_care(ur);
}

const char *user_form_roles_text(struct req *r, db *d, const struct user *u)
{
    buf b;
    buf_init(&b, 4096);
    for (size_t k = 0; k < u->nroles; k++) {
        if (k)
            buf_puts(&b, ", ");
        buf_puts(&b, T(r, role_label(u->roles[k].role)));
    }
    const char *s = arena_strdup(r->a, b.data ? b.data : "");
    buf_free(&b);
    return s ? s : "";
}

/* The organisation a lead's roles are scoped to (0: unscoped or none), for
 * the role choices of the lead's page. */
static int64_t lead_org(const struct user *u)
{
    for (size_t i = 0; u && i < u->nroles; i++)
        if (policy_scope(u->roles[i].role, ACT_CARE_NETWORK_MANAGE) != SCOPE_NONE)
            return u->roles[i].org_id;
    return 0;
}

static json_t *option(const char *value, const char *label, const char *selected)
{
    json_t *o = json_object();
    ctx_str(o, "value", value);
    ctx_str(o, "label", label);
    ctx_bool(o, "selected", selected ? strcmp(selected, value) == 0 : !*value);
    return o;
}

json_t *user_form_role_options(struct req *r, enum user_form_kind k, const char *selected)
{
    json_t *arr = json_array();
    json_array_append_new(arr, option("", T(r, "Geen rol"), selected ? selected : ""));
    int64_t org = k == USER_FORM_NETWORK ? lead_org(r->user) : 0;
    for (int i = 0; i < ROLE__COUNT; i++) {
        struct user_role probe = {.role = (enum role)i};
        if (k == USER_FORM_NETWORK) {
            if (!role_of_care_network(probe.role))
                continue;
            probe.org_id = org;
            probe.care_org = org != 0;
        }
        if (!grant_may_decide(r->user, &probe))
            continue;
        json_array_append_new(arr, option(role_catalogue[i].code, T(r, role_catalogue[i].label),
                                          selected ? selected : ""));
    }
    return arr;
}

json_t *user_form_scope_options(struct req *r, db *d, enum user_form_kind k, const char *selected)
{
    json_t *arr = json_array();
    const char *sel = selected ? selected : "";
    struct user_role unscoped = {.role = ROLE_AANVOERDER_WZN};
    if (k == USER_FORM_ADMIN || grant_may_decide(r->user, &unscoped))
        json_array_append_new(arr, option("", T(r, "Geen (hele gemeente)"), sel));
    if (k == USER_FORM_ADMIN) {
        struct region *rg;
        size_t n;
        if (area_list_regions(d, r->a, web_today(r), &rg, &n) == DB_OK)
            for (size_t i = 0; i < n; i++)
                json_array_append_new(
                    arr, option(arena_printf(r->a, "region:%lld", (long long)rg[i].id),
                                arena_printf(r->a, "%s: %s", T(r, "Regio"), rg[i].name), sel));
    }
    struct organisation *og;
    size_t n;
    const char *kind = k == USER_FORM_NETWORK ? "care_network" : "department";
    if (org_list(d, r->a, kind, &og, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            struct user_role probe = {
                .role = ROLE_AANVOERDER_WZN, .org_id = og[i].id, .care_org = true};
            if (k == USER_FORM_NETWORK && !grant_may_decide(r->user, &probe))
                continue;
            json_array_append_new(
                arr, option(arena_printf(r->a, "org:%lld", (long long)og[i].id),
                            arena_printf(r->a, "%s: %s",
                                         k == USER_FORM_NETWORK ? T(r, "Wijkzorgnetwerk")
                                                                : T(r, "Afdeling"),
                                         og[i].name),
                            sel));
        }
    /* partner organisations, for the role maatschappelijke partner */
    if (k != USER_FORM_NETWORK && org_list(d, r->a, "partner", &og, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                arr, option(arena_printf(r->a, "org:%lld", (long long)og[i].id),
                            arena_printf(r->a, "%s: %s", T(r, "Partner"), og[i].name), sel));
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

/* The role rows: the posted values, or the managed roles of u. */
static json_t *role_rows(struct req *r, db *d, enum user_form_kind k, const struct user *u,
                         bool from_form, const char *field, const char *message)
{
    const struct user_role *managed[ROLE_ROWS];
    size_t nm = 0;
    for (size_t i = 0; u && i < u->nroles && nm < ROLE_ROWS; i++)
        if (user_form_manages(k, &u->roles[i]))
            managed[nm++] = &u->roles[i];
    json_t *rows = json_array();
    for (int i = 0; i < ROLE_ROWS; i++) {
        const char *role = NULL, *scope = NULL;
        if (from_form) {
            char rk[16], sk[16];
            snprintf(rk, sizeof rk, "role%d", i + 1);
            snprintf(sk, sizeof sk, "scope%d", i + 1);
            role = req_field(r, rk);
            scope = req_field(r, sk);
        } else if ((size_t)i < nm) {
            role = role_code(managed[i]->role);
            scope = scope_value(r, managed[i]);
        }
        json_t *o = json_object();
        ctx_int(o, "n", i + 1);
        json_object_set_new(o, "roles", user_form_role_options(r, k, role));
        json_object_set_new(o, "scopes", user_form_scope_options(r, d, k, scope));
        if (field && message) {
            char rk[16], sk[16];
            snprintf(rk, sizeof rk, "role%d", i + 1);
            snprintf(sk, sizeof sk, "scope%d", i + 1);
            if (strcmp(field, rk) == 0)
                ctx_str(o, "role_error", message);
            if (strcmp(field, sk) == 0)
                ctx_str(o, "scope_error", message);
        }
        json_array_append_new(rows, o);
    }
    return rows;
}

/* The administrator's view of an account of the care network: what it is,
 * and the one thing the administrator may do, disable it. */
static void render_locked(struct req *r, db *d, const struct user *u, const char *error)
{
    json_t *ctx = json_object();
    ctx_int(ctx, "id", u->id);
    ctx_str(ctx, "login", u->login);
    ctx_str(ctx, "name", u->name);
    ctx_str(ctx, "roles", user_form_roles_text(r, d, u));
    ctx_bool(ctx, "disabled", u->disabled);
    ctx_str(ctx, "error", error);
    render_page(r, "pages/admin_user_locked", ctx);
}

static bool same_msg(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The field of the posted form a problem is about, found by asking the same
 * checks of the domain again field by field (the role rows in order): its
 * element id ("scope2", "name"), or NULL when it is about no one field
 * (the rule refuses the change, too many roles). */
static const char *problem_field(struct req *r, db *d, enum user_form_kind k, bool is_new,
                                 const char *problem)
{
    const char *login = req_field(r, "login"), *name = req_field(r, "name");
    if (is_new && same_msg(user_login_problem(login), problem))
        return "login";
    if (same_msg(user_name_problem(name), problem))
        return "name";
    if (same_msg(user_email_problem(req_field(r, "email")), problem))
        return "email";
    const char *pw = req_field(r, "password");
    if ((is_new && (!pw || !*pw) && same_msg("Vul een wachtwoord in.", problem)) ||
        (pw && *pw && same_msg(auth_password_problem(pw, login, name), problem)))
        return "password";
    if (k == USER_FORM_NETWORK && same_msg("Kies de rol in het wijkzorgnetwerk.", problem))
        return "role1";
    for (int i = 0; i < ROLE_ROWS; i++) {
        char rk[16], sk[16];
        snprintf(rk, sizeof rk, "role%d", i + 1);
        snprintf(sk, sizeof sk, "scope%d", i + 1);
        struct user_role ur;
        const char *p = NULL;
        int got = user_form_read_role(r, rk, sk, &ur, &p);
        if (got > 0)
            p = account_role_problem(d, r->a, &ur);
        if (same_msg(p, problem))
            return arena_strdup(r->a,
                                got < 0 && same_msg(p, "Kies een rol uit de lijst.") ? rk : sk);
    }
    return NULL;
}

void user_form_render(struct req *r, db *d, enum user_form_kind k, const struct user *u,
                      bool from_form, const char *problem)
{
    const char *error = problem ? T(r, problem) : NULL;
    if (k == USER_FORM_ADMIN && u && user_in_care_network(u)) {
        render_locked(r, d, u, error);
        return;
    }
    const char *field = problem && from_form ? problem_field(r, d, k, !u, problem) : NULL;
    json_t *ctx = json_object();
    ctx_bool(ctx, "is_new", !u);
    ctx_bool(ctx, "network", k == USER_FORM_NETWORK);
    ctx_str(ctx, "base", base_path(k));
    if (u)
        ctx_int(ctx, "id", u->id);
    ctx_str(ctx, "login_value", from_form && !u ? req_field(r, "login") : u ? u->login : NULL);
    ctx_str(ctx, "name_value", from_form ? req_field(r, "name") : u ? u->name : NULL);
    ctx_str(ctx, "email_value", from_form ? req_field(r, "email") : u ? u->email : NULL);
    ctx_bool(ctx, "disabled", from_form ? req_field(r, "disabled") != NULL : u && u->disabled);
    json_object_set_new(ctx, "role_rows", role_rows(r, d, k, u, from_form, field, error));
    /* what each role that this form gives may do, in one line */
    json_t *help = json_array();
    for (int i = 0; i < ROLE__COUNT; i++) {
        struct user_role probe = {.role = (enum role)i};
        if (k == USER_FORM_NETWORK ? !role_of_care_network(probe.role)
                                   : role_of_care_network(probe.role))
            continue;
        json_array_append_new(help, json_pack("{s:s,s:s}", "label", T(r, role_label(probe.role)),
                                              "explain", T(r, role_explain(probe.role))));
    }
    json_object_set_new(ctx, "role_help", help);
    if (field) {
        /* GOV.UK's pattern: the summary links to the field, which says it too */
        json_object_set_new(ctx, "problems",
                            json_pack("[{s:s,s:s}]", "anchor", field, "message", error));
        ctx_bool(ctx, "has_problems", 1);
        if (strncmp(field, "role", 4) != 0 && strncmp(field, "scope", 5) != 0)
            ctx_str(ctx, arena_printf(r->a, "error_%s", field), error);
    } else {
        ctx_str(ctx, "error", error);
    }
    render_page(r, "pages/user_form", ctx);
}

int user_form_read_role(struct req *r, const char *role_field, const char *scope_field,
                        struct user_role *out, const char **problem)
{
    const char *role = req_field(r, role_field), *scope = req_field(r, scope_field);
    if (!role || !*role)
        return 0;
    int ro = role_from_string(role);
    if (ro < 0) {
        *problem = N_("Kies een rol uit de lijst.");
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->role = (enum role)ro;
    if (scope && strncmp(scope, "region:", 7) == 0)
        out->region_id = web_parse_id(scope + 7);
    else if (scope && strncmp(scope, "org:", 4) == 0)
        out->org_id = web_parse_id(scope + 4);
    if (scope && *scope && !out->region_id && !out->org_id) {
        *problem = N_("Kies een werkgebied uit de lijst.");
        return -1;
    }
    return 1;
}

const char *user_form_read(struct req *r, enum user_form_kind k, const struct user *stored,
                           struct account_input *in)
{
    memset(in, 0, sizeof *in);
    in->login = stored ? stored->login : req_field(r, "login");
    in->name = req_field(r, "name");
    in->email = req_field(r, "email");
    in->password = req_field(r, "password");
    in->disabled = req_field(r, "disabled") != NULL;
    for (size_t i = 0; stored && i < stored->nroles; i++)
        if (!user_form_manages(k, &stored->roles[i]))
            account_input_add_role(in, &stored->roles[i]);
    for (int i = 0; i < ROLE_ROWS; i++) {
        char rk[16], sk[16];
        snprintf(rk, sizeof rk, "role%d", i + 1);
        snprintf(sk, sizeof sk, "scope%d", i + 1);
        struct user_role ur;
        const char *problem = NULL;
        int got = user_form_read_role(r, rk, sk, &ur, &problem);
        if (got < 0)
            return problem;
        if (got > 0 && account_input_add_role(in, &ur) != 0)
            return N_("Een account heeft hoogstens 8 rollen.");
    }
    return NULL;
}

bool user_form_in_lead_network(const struct user *lead, const struct user *u)
{
    for (size_t i = 0; i < lead->nroles; i++) {
        const struct user_role *lr = &lead->roles[i];
        if (policy_scope(lr->role, ACT_CARE_NETWORK_MANAGE) == SCOPE_NONE)
            continue;
        for (size_t k = 0; k < u->nroles; k++)
            if (role_is_care(&u->roles[k]) && (!lr->org_id || lr->org_id == u->roles[k].org_id))
                return true;
    }
    return false;
}

/* The account of the path, or answers 404; on a lead's page also for an
 * account outside the lead's network: the lead does not look at others. */
static bool load_account(struct req *r, db *d, enum user_form_kind k, struct user *u)
{
    long long id = web_parse_id(req_param(r, 0));
    if (!id || user_load_by_id(d, r->a, id, u) != DB_OK ||
        (k == USER_FORM_NETWORK && !user_form_in_lead_network(r->user, u))) {
        resp_error(r, 404);
        return false;
    }
    return true;
}

void user_form_new_page(struct req *r, enum user_form_kind k)
{
    db *d = web_db(r);
    if (d)
        user_form_render(r, d, k, NULL, false, NULL);
}

void user_form_new_post(struct req *r, enum user_form_kind k)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct account_input in;
    const char *problem = user_form_read(r, k, NULL, &in);
    enum account_result res = ACCOUNT_INVALID;
    if (!problem && k == USER_FORM_NETWORK && in.nroles == 0)
        problem = N_("Kies de rol in het wijkzorgnetwerk.");
    if (!problem)
        res = account_create(d, r->a, r->user, &in, NULL, &problem);
    user_form_answer(r, d, k, NULL, res, problem, "usercreated", base_path(k));
}

void user_form_edit_page(struct req *r, enum user_form_kind k)
{
    db *d = web_db(r);
    struct user u;
    if (d && load_account(r, d, k, &u))
        user_form_render(r, d, k, &u, false, NULL);
}

void user_form_edit_post(struct req *r, enum user_form_kind k)
{
    db *d = web_db(r);
    struct user u;
    if (!d || !load_account(r, d, k, &u))
        return;
    struct account_input in;
    const char *problem = user_form_read(r, k, &u, &in);
    enum account_result res =
        problem ? ACCOUNT_INVALID : account_update(d, r->a, r->user, u.id, &in, &problem);
    user_form_answer(r, d, k, &u, res, problem, "saved", base_path(k));
}

void user_form_disable_post(struct req *r, enum user_form_kind k)
{
    db *d = web_db(r);
    struct user u;
    if (!d || !load_account(r, d, k, &u))
        return;
    const char *problem = NULL;
    enum account_result res = account_set_disabled(d, r->a, r->user, u.id, true, &problem);
    user_form_answer(r, d, k, &u, res, problem, "disabled", base_path(k));
}

void user_form_answer(struct req *r, db *d, enum user_form_kind k, const struct user *stored,
                      enum account_result res, const char *problem, const char *flash,
                      const char *to)
{
    switch (res) {
    case ACCOUNT_OK:
        flash_set(r, "ok", flash);
        resp_redirect(r, to);
        return;
    case ACCOUNT_INVALID:
    case ACCOUNT_EXISTS:
        r->status = 400;
        break;
    case ACCOUNT_FORBIDDEN:
        r->status = 403;
        break;
    case ACCOUNT_NOT_FOUND:
        resp_error(r, 404);
        return;
    default:
        resp_error(r, 500);
        return;
    }
    user_form_render(r, d, k, stored, true, problem);
}
