/*
 * account.h: every change to a staff account, from the back office and
 * from the command line: create, change, roles, password, disable.
 *
 * Each change is checked change by change with the grant rule (grant.h),
 * written in one transaction and audited in it (actor, before and after;
 * never a password or its hash). A refused change writes nothing.
 */
#ifndef WR_ACCOUNT_H
#define WR_ACCOUNT_H

#include "domain/user.h"

/* What a form or the command line asks an account to be. */
struct account_input {
    const char *login; /* account_create only */
    const char *name;
    const char *email;    /* NULL or "": none */
    const char *password; /* NULL or "": unchanged (account_create: required) */
    struct user_role roles[USER_MAX_ROLES];
    size_t nroles;
    bool disabled;
};

enum account_result {
    ACCOUNT_OK = 0,
    ACCOUNT_INVALID,   /* the input is not right: *problem says what (a Dutch msgid) */
    ACCOUNT_FORBIDDEN, /* the grant rule refuses it: *problem says why */
    ACCOUNT_EXISTS,    /* the login is taken */
    ACCOUNT_NOT_FOUND,
    ACCOUNT_ERROR,
};

/* The account as it stands, as input to change (no password). */
void account_input_from(const struct user *u, /* out: */ struct account_input *in);

/* Appends a role to in (ignored when it is there already); -1 when full. */
int account_input_add_role(struct account_input *in, const struct user_role *role);

/* actor: who asks (NULL: the operator on the command line). */
enum account_result account_create(db *d, arena *a, const struct user *actor,
                                   const struct account_input *in, /* out: */ int64_t *id,
                                   const char **problem);
enum account_result account_update(db *d, arena *a, const struct user *actor, int64_t id,
                                   const struct account_input *in, /* out: */ const char **problem);

/* The same, for one change. */
enum account_result account_grant(db *d, arena *a, const struct user *actor, int64_t id,
                                  const struct user_role *role, /* out: */ const char **problem);
enum account_result account_revoke(db *d, arena *a, const struct user *actor, int64_t id,
                                   const struct user_role *role, /* out: */ const char **problem);
enum account_result account_set_password(db *d, arena *a, const struct user *actor, int64_t id,
                                         const char *password, /* out: */ const char **problem);
enum account_result account_set_disabled(db *d, arena *a, const struct user *actor, int64_t id,
                                         bool disabled, /* out: */ const char **problem);

/* Checks a role's scope (the region or organisation exists) and marks a
 * role scoped to the care network's organisation; a Dutch msgid when the
 * scope does not exist, else NULL. */
const char *account_role_resolve(db *d, arena *a, struct user_role *role);
/* Everything account_create checks of one role given anew: its scope exists
 * (account_role_resolve) and fits the role (a wijkregisseur's region, a
 * department's staff's department). A Dutch msgid or NULL. */
const char *account_role_problem(db *d, arena *a, const struct user_role *role);

#endif
