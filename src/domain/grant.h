/*
 * grant.h: who may grant which role to whom, and who may hand out the keys
 * to an account (its password and e-mail address).
 *
 * One rule for the back office and for the command line alike (the command
 * line acts as the operator: actor NULL). In short:
 *
 * - The care network (wijkzorgnetwerk) decides about its own members: only
 *   a care-network lead gives or takes a role of the care network, within
 *   the lead's own network and only the network's own roles (other roles
 *   scoped to the network: only the operator). The administrator does not.
 * - Nobody changes the roles of their own account in the back office.
 * - Whoever sets an account's password, name or e-mail address, or enables
 *   it again, must be someone who may decide about every role the account
 *   holds: a key opens all of them. So the administrator does not reset a
 *   care-network member's password, and a lead does not reset the password
 *   of an account that also has roles outside the care network.
 * - Disabling is a lock, not a key: the administrator may disable any
 *   account but their own; a lead the accounts of their network.
 * - An account with the role beheerder holds no role that decides about
 *   money or about people's cases (role_decides in user.c), whoever grants
 *   it: not even the operator.
 * - A resident's account (the role bewoner) is made by the resident when
 *   they sign up, and nobody else: nobody gives the role bewoner, nobody
 *   gives a resident's account another role, and its name, e-mail address
 *   and roles are the resident's to change (only disabling stays, a lock).
 *   A resident gives nothing: no grant action is in their column of the
 *   permission table.
 */
#ifndef WR_GRANT_H
#define WR_GRANT_H

#include "domain/user.h"

/* One change to an account, as the rule sees it. */
enum account_change {
    CHANGE_GRANT,    /* give the role (with its scope) */
    CHANGE_REVOKE,   /* take the role away */
    CHANGE_DETAILS,  /* name or e-mail address */
    CHANGE_PASSWORD, /* set a password for someone (not one's own change) */
    CHANGE_DISABLE,
    CHANGE_ENABLE,
    CHANGE__COUNT
};

enum grant_verdict {
    GRANT_OK = 0,
    GRANT_SELF_ROLE,     /* one's own roles: not in the back office */
    GRANT_SELF_PASSWORD, /* one's own password: with the current one, on the account page */
    GRANT_SELF_DISABLE,  /* one's own account */
    GRANT_CARE_ONLY,     /* the care network decides this alone */
    GRANT_OTHER_NETWORK, /* a lead acts only within their own care network */
    GRANT_NOT_CARE_ROLE, /* a lead gives only the network's own roles */
    GRANT_NOT_MANAGER,   /* only the administrator decides this */
    GRANT_MIXED_KEY,     /* the account has roles inside and outside the care network */
    GRANT_INCOMPATIBLE,  /* beheerder together with a deciding role */
    GRANT_RESIDENT,      /* a resident's account: no other role, its data are the resident's */
};

/* May actor (NULL: the operator on the command line) make change c to
 * target as it stands (for CHANGE_GRANT the target's roles without the new
 * one)? role is the role given or taken (CHANGE_GRANT, CHANGE_REVOKE), NULL
 * otherwise. A target with id 0 is an account being created. */
enum grant_verdict grant_check(const struct user *actor, const struct user *target,
                               enum account_change c, const struct user_role *role);

/* Does a set of roles break the rule that beheerder holds no deciding
 * role? */
bool grant_roles_conflict(const struct user_role *roles, size_t n);

/* A Dutch msgid explaining a verdict; NULL for GRANT_OK. */
const char *grant_verdict_message(enum grant_verdict v);

/* May the actor give or take this role at all (for the role lists of a
 * form)? Self and conflicts aside. */
bool grant_may_decide(const struct user *actor, const struct user_role *role);

#endif
