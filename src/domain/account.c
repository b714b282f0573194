/*
 * account.c: changes to staff accounts, checked with the grant rule,
 * written and audited in one transaction.
 */
#include "account.h"

#include "domain/auth.h"
#include "domain/grant.h"
#include "lib/i18n_mark.h"
#include "store/user_store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static bool same_role(const struct user_role *x, const struct user_role *y)
{
    return x->role == y->role && x->region_id == y->region_id && x->area_id == y->area_id &&
           x->org_id == y->org_id;
}

static bool holds(const struct user_role *set, size_t n, const struct user_role *r)
{
    for (size_t i = 0; i < n; i++)
        if (same_role(&set[i], r))
            return true;
    return false;
}

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static bool same_text(const char *x, const char *y)
{
    x = nonempty(x);
    y = nonempty(y);
    return x == y || (x && y && strcmp(x, y) == 0);
}

void account_input_from(const struct user *u, struct account_input *in)
{
    memset(in, 0, sizeof *in);
    in->login = u->login;
    in->name = u->name;
    in->email = u->email;
    in->disabled = u->disabled;
    for (size_t i = 0; i < u->nroles && i < USER_MAX_ROLES; i++)
        in->roles[in->nroles++] = u->roles[i];
}

int account_input_add_role(struct account_input *in, const struct user_role *role)
{
    if (holds(in->roles, in->nroles, role))
        return 0;
    if (in->nroles >= USER_MAX_ROLES)
        return -1;
    in->roles[in->nroles++] = *role;
    return 0;
}

const char *account_role_resolve(db *d, arena *a, struct user_role *r)
{
    if ((unsigned)r->role >= ROLE__COUNT)
        return N_("Kies een rol uit de lijst.");
    r->care_org = false;
    if (r->region_id && user_region_exists(d, r->region_id) != DB_OK)
        return N_("Kies een werkgebied uit de lijst.");
    if (r->org_id) {
        const char *kind = NULL;
        if (user_org_kind(d, a, r->org_id, &kind) != DB_OK || !kind)
            return N_("Kies een werkgebied uit de lijst.");
        r->care_org = strcmp(kind, "care_network") == 0;
    }
    return NULL;
}

/* The roles' scopes: they exist, and which are the care network's. */
static const char *resolve_roles(db *d, arena *a, struct account_input *in)
{
    const char *p = NULL;
    for (size_t i = 0; !p && i < in->nroles; i++)
        p = account_role_resolve(d, a, &in->roles[i]);
    return p;
}

const char *account_role_problem(db *d, arena *a, const struct user_role *role)
{
    struct user_role r = *role;
    const char *p = account_role_resolve(d, a, &r);
    if (p)
        return p;
    const char *kind = NULL;
    if (r.org_id && user_org_kind(d, a, r.org_id, &kind) != DB_OK)
        kind = NULL;
    return role_scope_problem(&r, kind);
}

/* The scope each newly given role needs (user.c's role_scope_problem);
 * roles the account held before (before, NULL when new) are left as they
 * are. A msgid or NULL. */
static const char *scope_problem(db *d, arena *a, const struct account_input *in,
                                 const struct user *before)
{
    for (size_t i = 0; i < in->nroles; i++) {
        const struct user_role *r = &in->roles[i];
        if (before && holds(before->roles, before->nroles, r))
            continue;
        const char *p = account_role_problem(d, a, r);
        if (p)
            return p;
    }
    return NULL;
}

/* The input's fields and password; a msgid or NULL. Checked after the rule,
 * so whoever may not make a change learns only that. */
static const char *validate(const struct account_input *in, const char *login, bool create)
{
    const char *p = create ? user_login_problem(in->login) : NULL;
    if (!p)
        p = user_name_problem(in->name);
    if (!p)
        p = user_email_problem(in->email);
    if (!p && create && !nonempty(in->password))
        p = N_("Vul een wachtwoord in.");
    if (!p && nonempty(in->password))
        p = auth_password_problem(in->password, login, in->name);
    return p;
}

static json_t *roles_json(const struct user_role *r, size_t n)
{
    json_t *roles = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(roles, json_pack("{s:s,s:I,s:I}", "role", role_code(r[i].role),
                                               "region_id", (json_int_t)r[i].region_id, "org_id",
                                               (json_int_t)r[i].org_id));
    return roles;
}

static char *account_json(const char *login, const char *name, const char *email, bool disabled,
                          const struct user_role *r, size_t n, bool password_set)
{
    json_t *o = json_pack("{s:s,s:s,s:s?,s:b,s:o}", "login", login, "name", name, "email",
                          nonempty(email), "disabled", disabled, "roles", roles_json(r, n));
    if (!o)
        return NULL;
    if (password_set)
        json_object_set_new(o, "password_set", json_true());
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

static int audit(db *d, const struct user *actor, const char *action, int64_t id, char *before,
                 char *after)
{
    int rc = audit_append(d, actor ? actor->id : 0, actor ? actor->login : "system", action, "user",
                          id, before, after);
    free(before);
    free(after);
    return rc;
}

static int write_roles(db *d, int64_t id, const struct user_role *r, size_t n)
{
    if (user_clear_roles(d, id) != DB_OK)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (user_add_role(d, id, role_code(r[i].role), r[i].region_id, r[i].area_id, r[i].org_id) !=
            DB_OK)
            return -1;
    return 0;
}

static enum account_result refuse(enum grant_verdict v, const char **problem)
{
    *problem = grant_verdict_message(v);
    return ACCOUNT_FORBIDDEN;
}

enum account_result account_create(db *d, arena *a, const struct user *actor,
                                   const struct account_input *in_, int64_t *id,
                                   const char **problem)
{
    struct account_input in = *in_;
    if ((*problem = user_login_problem(in.login)) || (*problem = resolve_roles(d, a, &in)))
        return ACCOUNT_INVALID;

    /* The new account, role by role as the rule sees it. */
    struct user target;
    memset(&target, 0, sizeof target);
    target.login = in.login;
    enum grant_verdict v = GRANT_OK;
    for (size_t i = 0; i < in.nroles && v == GRANT_OK; i++) {
        v = grant_check(actor, &target, CHANGE_GRANT, &in.roles[i]);
        target.roles[target.nroles++] = in.roles[i];
        target.role_mask |= 1u << in.roles[i].role;
    }
    if (v == GRANT_OK)
        v = grant_check(actor, &target, CHANGE_PASSWORD, NULL);
    if (v != GRANT_OK)
        return refuse(v, problem);
    if ((*problem = scope_problem(d, a, &in, NULL)) || (*problem = validate(&in, in.login, true)))
        return ACCOUNT_INVALID;

    char hash[128];
    if (auth_hash_password(in.password, hash) != 0 || db_begin_write(d) != DB_OK)
        return ACCOUNT_ERROR;
    int64_t nid = 0;
    int rc = user_insert(d, in.login, in.name, nonempty(in.email), 0, hash, &nid);
    if (rc == DB_CONSTRAINT) {
        db_rollback(d);
        *problem = N_("Deze inlognaam bestaat al. Kies een andere.");
        return ACCOUNT_EXISTS;
    }
    if (rc != DB_OK || write_roles(d, nid, in.roles, in.nroles) != 0 ||
        audit(d, actor, "create", nid, NULL,
              account_json(in.login, in.name, in.email, false, in.roles, in.nroles, true)) !=
            DB_OK ||
        db_commit(d) != DB_OK) {
        db_rollback(d);
        return ACCOUNT_ERROR;
    }
    if (id)
        *id = nid;
    return ACCOUNT_OK;
}

enum account_result account_update(db *d, arena *a, const struct user *actor, int64_t id,
                                   const struct account_input *in_, const char **problem)
{
    *problem = NULL;
    struct user before;
    int lrc = user_load_by_id(d, a, id, &before);
    if (lrc == DB_NOTFOUND)
        return ACCOUNT_NOT_FOUND;
    if (lrc != DB_OK)
        return ACCOUNT_ERROR;
    struct account_input in = *in_;
    if ((*problem = resolve_roles(d, a, &in)))
        return ACCOUNT_INVALID;

    /* Every change on its own, as the rule sees it. */
    bool details = !same_text(before.name, in.name) || !same_text(before.email, in.email);
    bool password = nonempty(in.password) != NULL;
    bool status = before.disabled != in.disabled;
    bool roles_changed = false;
    enum grant_verdict v = GRANT_OK;
    if (details)
        v = grant_check(actor, &before, CHANGE_DETAILS, NULL);
    /* the account as it becomes: first without the roles taken away ... */
    struct user after = before;
    after.nroles = 0;
    after.role_mask = 0;
    for (size_t i = 0; i < before.nroles && v == GRANT_OK; i++) {
        if (holds(in.roles, in.nroles, &before.roles[i])) {
            after.roles[after.nroles++] = before.roles[i];
            after.role_mask |= 1u << before.roles[i].role;
        } else {
            roles_changed = true;
            v = grant_check(actor, &before, CHANGE_REVOKE, &before.roles[i]);
        }
    }
    /* ... then with the roles given, one by one */
    for (size_t i = 0; i < in.nroles && v == GRANT_OK; i++) {
        if (holds(before.roles, before.nroles, &in.roles[i]))
            continue;
        roles_changed = true;
        v = grant_check(actor, &after, CHANGE_GRANT, &in.roles[i]);
        if (after.nroles < USER_MAX_ROLES) {
            after.roles[after.nroles++] = in.roles[i];
            after.role_mask |= 1u << in.roles[i].role;
        }
    }
    /* a new password must be allowed for the account as it was and as it becomes */
    if (v == GRANT_OK && password)
        v = grant_check(actor, &before, CHANGE_PASSWORD, NULL);
    if (v == GRANT_OK && password)
        v = grant_check(actor, &after, CHANGE_PASSWORD, NULL);
    if (v == GRANT_OK && status)
        v = grant_check(actor, &before, in.disabled ? CHANGE_DISABLE : CHANGE_ENABLE, NULL);
    if (v != GRANT_OK)
        return refuse(v, problem);
    if ((*problem = scope_problem(d, a, &in, &before)) ||
        (*problem = validate(&in, before.login, false)))
        return ACCOUNT_INVALID;
    if (!details && !password && !status && !roles_changed)
        return ACCOUNT_OK;

    char hash[128];
    if (password && auth_hash_password(in.password, hash) != 0)
        return ACCOUNT_ERROR;
    if (db_begin_write(d) != DB_OK)
        return ACCOUNT_ERROR;
    const char *action = "update";
    if (!details && !roles_changed && !status)
        action = "password_reset";
    else if (!details && !roles_changed && !password)
        action = in.disabled ? "disable" : "enable";
    bool ok = user_update(d, id, in.name, nonempty(in.email), in.disabled) == DB_OK &&
              (!roles_changed || write_roles(d, id, in.roles, in.nroles) == 0) &&
              (!password || user_set_password(d, id, hash) == DB_OK) &&
              ((!password && !(status && in.disabled)) || session_delete_user(d, id) == DB_OK) &&
              audit(d, actor, action, id,
                    account_json(before.login, before.name, before.email, before.disabled,
                                 before.roles, before.nroles, false),
                    account_json(before.login, in.name, in.email, in.disabled, in.roles, in.nroles,
                                 password)) == DB_OK &&
              db_commit(d) == DB_OK;
    if (!ok) {
        db_rollback(d);
        return ACCOUNT_ERROR;
    }
    return ACCOUNT_OK;
}

/* The stored account as input, for the one-change functions. */
static enum account_result load_input(db *d, arena *a, int64_t id, struct account_input *in)
{
    struct user u;
    int rc = user_load_by_id(d, a, id, &u);
    if (rc != DB_OK)
        return rc == DB_NOTFOUND ? ACCOUNT_NOT_FOUND : ACCOUNT_ERROR;
    account_input_from(&u, in);
    return ACCOUNT_OK;
}

enum account_result account_grant(db *d, arena *a, const struct user *actor, int64_t id,
                                  const struct user_role *role, const char **problem)
{
    struct account_input in;
    enum account_result r = load_input(d, a, id, &in);
    *problem = NULL;
    if (r != ACCOUNT_OK)
        return r;
    if (account_input_add_role(&in, role) != 0) {
        *problem = N_("Een account heeft hoogstens 8 rollen.");
        return ACCOUNT_INVALID;
    }
    return account_update(d, a, actor, id, &in, problem);
}

enum account_result account_revoke(db *d, arena *a, const struct user *actor, int64_t id,
                                   const struct user_role *role, const char **problem)
{
    struct account_input in;
    enum account_result r = load_input(d, a, id, &in);
    *problem = NULL;
    if (r != ACCOUNT_OK)
        return r;
    size_t k = 0;
    for (size_t i = 0; i < in.nroles; i++)
        if (!same_role(&in.roles[i], role))
            in.roles[k++] = in.roles[i];
    if (k == in.nroles) {
        *problem = N_("Dit account heeft die rol niet.");
        return ACCOUNT_INVALID;
    }
    in.nroles = k;
    return account_update(d, a, actor, id, &in, problem);
}

enum account_result account_set_password(db *d, arena *a, const struct user *actor, int64_t id,
                                         const char *password, const char **problem)
{
    struct account_input in;
    enum account_result r = load_input(d, a, id, &in);
    *problem = NULL;
    if (r != ACCOUNT_OK)
        return r;
    if (!nonempty(password)) {
        *problem = N_("Vul een wachtwoord in.");
        return ACCOUNT_INVALID;
    }
    in.password = password;
    return account_update(d, a, actor, id, &in, problem);
}

enum account_result account_set_disabled(db *d, arena *a, const struct user *actor, int64_t id,
                                         bool disabled, const char **problem)
{
    struct account_input in;
    enum account_result r = load_input(d, a, id, &in);
    *problem = NULL;
    if (r != ACCOUNT_OK)
        return r;
    in.disabled = disabled;
    return account_update(d, a, actor, id, &in, problem);
}
