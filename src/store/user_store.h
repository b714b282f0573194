/*
 * user_store.h: accounts, roles, sessions, login throttling and the audit
 * trail in the database.
 *
 * The store returns rows as they are stored (a role is its code, as text);
 * the domain (domain/user.c) builds its users from them and decides what
 * they may do.
 */
#ifndef WR_USER_STORE_H
#define WR_USER_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One row of user. */
struct user_row {
    int64_t id;
    const char *login, *name, *email; /* email NULL when none */
    const char *password_hash;
    int64_t person_id; /* 0: none */
    bool disabled;
};

/* One row of user_role, with the kind of the organisation it is scoped to
 * ("department", "care_network", "partner"; NULL when not scoped to one). */
struct user_role_row {
    int64_t user_id;
    const char *role;
    int64_t region_id, area_id, org_id; /* 0: not scoped */
    const char *org_kind;
};

/* DB_OK, DB_NOTFOUND when absent, DB_ERROR. The login is matched without
 * regard to letter case. */
int user_row_by_login(db *d, arena *a, const char *login, /* out: */ struct user_row *u);
int user_row_by_id(db *d, arena *a, int64_t id, /* out: */ struct user_row *u);
/* Every account, ordered by login. */
int user_rows(db *d, arena *a, /* out: */ struct user_row **out, size_t *n);
/* The roles of one account (user_id > 0) or of every account (0), in the
 * order they were given, grouped by account. */
int user_role_rows(db *d, arena *a, int64_t user_id, /* out: */ struct user_role_row **out,
                   size_t *n);
/* The kind of organisation id; DB_NOTFOUND when there is none. */
int user_org_kind(db *d, arena *a, int64_t org_id, /* out: */ const char **kind);
/* DB_OK when region id exists, else DB_NOTFOUND. */
int user_region_exists(db *d, int64_t region_id);

/* Creates a user; DB_CONSTRAINT when the login exists. */
int user_insert(db *d, const char *login, const char *name, const char *email, int64_t person_id,
                const char *password_hash, /* out: */ int64_t *id);
int user_update(db *d, int64_t id, const char *name, const char *email, int disabled);
int user_set_password(db *d, int64_t id, const char *password_hash);
int user_clear_roles(db *d, int64_t id);
/* role: the role's code. */
int user_add_role(db *d, int64_t id, const char *role, int64_t region_id, int64_t area_id,
                  int64_t org_id);

/* Sessions, by the SHA-256 of the token. */
int session_insert(db *d, const unsigned char hash[32], int64_t user_id, const char *csrf,
                   int64_t now);
/* The session's user id and csrf when it is younger than max_idle seconds
 * (and max_age in all); touches last_seen when it is older than a minute. */
int session_lookup(db *d, arena *a, const unsigned char hash[32], int64_t now, int64_t max_idle,
                   int64_t max_age, /* out: */ int64_t *user_id, const char **csrf);
int session_delete(db *d, const unsigned char hash[32]);
int session_delete_user(db *d, int64_t user_id);
int session_purge(db *d, int64_t older_than);

/* Failed-login counters. */
int throttle_get(db *d, const char *key, /* out: */ int64_t *failures, int64_t *window_start,
                 int64_t *locked_until);
int throttle_put(db *d, const char *key, int64_t failures, int64_t window_start,
                 int64_t locked_until);
int throttle_clear(db *d, const char *key);
/* Deletes the counters whose window started before `failures_before` and
 * whose lock has ended by `now`, and the "k:" rows (addresses an account
 * logged in from) older than `known_before`. */
int throttle_purge(db *d, int64_t now, int64_t failures_before, int64_t known_before);

/* The audit trail: append one entry; before/after are JSON text or NULL. */
int audit_append(db *d, int64_t user_id, const char *actor, const char *action, const char *entity,
                 int64_t entity_id, const char *before, const char *after);

struct audit_entry {
    int64_t id;
    const char *at, *actor, *action, *entity, *before, *after;
    int64_t entity_id;
};
/* Newest first, at most limit entries after skipping offset. entity, action
 * and actor narrow the list when not NULL (exact match each). */
int audit_list(db *d, arena *a, const char *entity, const char *action, const char *actor,
               int64_t offset, size_t limit, /* out: */ struct audit_entry **out, size_t *n);

/* Settings (installation secret, defaults). */
int setting_get(db *d, arena *a, const char *key, /* out: */ const char **value);
int setting_put(db *d, const char *key, const char *value);

#endif
