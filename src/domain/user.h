/*
 * user.h: staff accounts, their roles with scopes, and the role catalogue.
 *
 * Roles come from the municipality's organisation (organisation.json); a
 * role can be scoped to a region, a wijk or an organisation (a department or
 * the care network). What a role may do is decided in policy.c; who may
 * give which role to whom in grant.c. The accounts are read here from the
 * store's rows.
 */
#ifndef WR_USER_H
#define WR_USER_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum role {
    ROLE_BEHEERDER,
    ROLE_BALIE,
    ROLE_ONDERSTEUNER,
    ROLE_WIJKREGISSEUR,
    ROLE_NETWERKREGISSEUR,
    ROLE_WIJKBEHEERDER,
    ROLE_AFDELING,
    ROLE_AANVOERDER_WZN,
    ROLE_STADSMARSHALL,
    ROLE_PARTNER,
    ROLE_WIJKWETHOUDER,
    ROLE_RAADSLID,
    ROLE_BEWONER,        /* a resident who takes part: no staff action at all (resident.h) */
    ROLE_AFDELINGSHOOFD, /* head of a department: its staff's work, and decides escalations */
    ROLE__COUNT
};

struct role_info {
    enum role role;
    const char *code;        /* stored in user_role.role */
    const char *label;       /* Dutch msgid, shown translated */
    const char *source_name; /* the name in organisation.json / demo-organisation.json */
    const char *explain;     /* Dutch msgid: what the role may do, in one line */
};

extern const struct role_info role_catalogue[ROLE__COUNT];

/* The role whose code or source name is s; -1 when unknown. */
int role_from_string(const char *s);
const char *role_code(enum role r);
const char *role_label(enum role r);
/* What role r may do, in one line (a Dutch msgid). */
const char *role_explain(enum role r);

#define USER_MAX_ROLES 8

struct user_role {
    enum role role;
    int64_t region_id; /* 0: not scoped */
    int64_t area_id;
    int64_t org_id;
    bool care_org; /* org_id is an organisation of the care network */
};

struct user {
    int64_t id;
    const char *login;
    const char *name;
    const char *email;
    int64_t person_id;
    bool disabled;
    struct user_role roles[USER_MAX_ROLES];
    size_t nroles;
    unsigned role_mask; /* 1u << role for each role held */
};

bool user_has_role(const struct user *u, enum role r);
/* Is u a resident's account (the role bewoner)? */
bool user_is_resident(const struct user *u);

/* One of the care network's (wijkzorgnetwerk) own roles: the roles its
 * lead gives. */
bool role_of_care_network(enum role r);
/* A role of the care network: one of its own roles, or any role scoped to
 * one of its organisations. Holding one makes an account a member of the
 * network, whose membership the network decides alone. */
bool role_is_care(const struct user_role *ur);
/* Does u hold a role of the care network? */
bool user_in_care_network(const struct user *u);
/* A role that decides about money or about people's cases; the
 * administrator may hold none of them (see grant.c). */
bool role_decides(const struct user_role *ur);

/* Loading accounts with their roles. DB_NOTFOUND when absent. out_hash
 * (optional) receives the password hash. The login is matched without
 * regard to letter case. */
int user_load_by_login(db *d, arena *a, const char *login, /* out: */ struct user *u,
                       const char **out_hash);
int user_load_by_id(db *d, arena *a, int64_t id, /* out: */ struct user *u);
/* Every staff account (not residents', resident.h), ordered by login. */
int user_list(db *d, arena *a, /* out: */ struct user **out, size_t *n);

/*
 * Does a role have the scope it needs? A wijkregisseur works in a region, a
 * department's staff member (afdeling) in a department (or the care
 * network), the head of a department (afdelingshoofd) in a department, a
 * partner's staff member (partner) in a partner organisation. org_kind is the kind of ur->org_id
 * ("department", "care_network", "partner"; NULL when there is no organisation). NULL when fine,
 * else a Dutch msgid for the role's scope field.
 */
const char *role_scope_problem(const struct user_role *ur, const char *org_kind);

/* Validation of account fields; NULL when fine, else a Dutch msgid. */
const char *user_login_problem(const char *login);
const char *user_name_problem(const char *name);
const char *user_email_problem(const char *email); /* empty is fine */
#endif
