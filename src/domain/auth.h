/*
 * auth.h: passwords, login with throttling, sessions.
 *
 * Passwords are hashed with argon2id (libsodium, 19 MiB, 2 passes).
 * A session token is 32 random bytes, given to the browser base64url
 * encoded; the database keeps only its SHA-256, so a copy of the database
 * does not let anyone log in. Failed logins are counted per account and per
 * client address (the address only as a keyed hash).
 */
#ifndef WR_AUTH_H
#define WR_AUTH_H

#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"

#include <stdint.h>

enum auth_result {
    AUTH_OK = 0,
    AUTH_BAD_CREDENTIALS,
    AUTH_THROTTLED, /* too many failures: try again later */
    AUTH_DISABLED,
    AUTH_ERROR,
};

#define AUTH_TOKEN_CHARS  44 /* base64url of 32 bytes, no padding, plus NUL */
#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 256

struct auth_limits {
    int64_t idle_seconds; /* session ends after this much inactivity */
    int64_t max_age_seconds;
    int account_failures; /* failures per account within window before lock */
    int address_failures; /* per client address */
    int64_t window_seconds;
    int64_t lock_seconds;
};

extern const struct auth_limits auth_default_limits;

int auth_init(void); /* sodium_init */
/* Hash for storage; 0 on success. out must hold crypto_pwhash_STRBYTES (128). */
int auth_hash_password(const char *password, char out[128]);
int auth_verify_password(const char *hash, const char *password);
/* NULL when acceptable, else a Dutch msgid explaining why not. */
const char *auth_password_problem(const char *password, const char *login);

/* Checks credentials with throttling; on success creates a session.
 * client_key identifies the client address (already hashed or not; it is
 * hashed again with the installation secret). */
enum auth_result auth_login(db *d, arena *a, const char *login, const char *password,
                            const char *client_addr, int64_t now, const struct auth_limits *lim,
                            /* out: */ struct user *u, char token[AUTH_TOKEN_CHARS],
                            const char **csrf);
/* The user of a session token; DB_NOTFOUND when none or expired. */
int auth_session_user(db *d, arena *a, const char *token, int64_t now,
                      const struct auth_limits *lim, /* out: */ struct user *u, const char **csrf);
int auth_logout(db *d, const char *token);
/* A fresh random token (for CSRF cookies of anonymous visitors). */
void auth_random_token(char out[AUTH_TOKEN_CHARS]);
/* Constant-time comparison of two NUL-terminated tokens. */
int auth_token_equal(const char *a, const char *b);
/* Keyed hash (hex, 64 chars + NUL) of s with the installation secret. */
int auth_keyed_hash(db *d, const char *purpose, const char *s, char out[65]);
/* Creates the installation secret when absent. */
int auth_ensure_secret(db *d);

#endif
