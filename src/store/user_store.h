/*
 * user_store.h: accounts, roles, sessions, login throttling and the audit
 * trail in the database.
 */
#ifndef WR_USER_STORE_H
#define WR_USER_STORE_H

#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* Loads a user with its roles by id or login. DB_NOTFOUND when absent.
 * out_hash (optional) receives the password hash. */
int user_load_by_login(db *d, arena *a, const char *login, /* out: */ struct user *u,
                       const char **out_hash);
int user_load_by_id(db *d, arena *a, int64_t id, /* out: */ struct user *u);
int user_list(db *d, arena *a, /* out: */ struct user **out, size_t *n);

/* Creates a user; DB_CONSTRAINT when the login exists. */
int user_insert(db *d, const char *login, const char *name, const char *email, int64_t person_id,
                const char *password_hash, /* out: */ int64_t *id);
int user_update(db *d, int64_t id, const char *name, const char *email, int disabled);
int user_set_password(db *d, int64_t id, const char *password_hash);
int user_clear_roles(db *d, int64_t id);
int user_add_role(db *d, int64_t id, enum role r, int64_t region_id, int64_t area_id,
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

/* The audit trail: append one entry; before/after are JSON text or NULL. */
int audit_append(db *d, int64_t user_id, const char *actor, const char *action, const char *entity,
                 int64_t entity_id, const char *before, const char *after);

struct audit_entry {
    int64_t id;
    const char *at, *actor, *action, *entity, *before, *after;
    int64_t entity_id;
};
/* Newest first, entries with id < before_id (0: from the newest), at most limit. */
int audit_list(db *d, arena *a, int64_t before_id, size_t limit,
               /* out: */ struct audit_entry **out, size_t *n);

/* Settings (installation secret, defaults). */
int setting_get(db *d, arena *a, const char *key, /* out: */ const char **value);
int setting_put(db *d, const char *key, const char *value);

#endif
