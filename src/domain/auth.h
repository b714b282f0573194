/*
 * auth.h: passwords, login with throttling, sessions.
 *
 * Passwords are hashed with argon2id (libsodium, 19 MiB, 2 passes) and must
 * pass CrackLib with the installation's dictionary (common words, Dutch
 * words, the wijken and the site's name) and the person's own login and
 * name. A session token is 32 random bytes, given to the browser base64url
 * encoded; the database keeps only its SHA-256, so a copy of the database
 * does not let anyone log in.
 *
 * Wrong passwords are counted per account and client address together, so
 * a stranger's guesses do not lock the owner out where they log in; per
 * client address, whatever the account; and per account from everywhere,
 * which above a limit an hour gets a lock that doubles with each further
 * failure (except at addresses the account logged in from before). The
 * logins and addresses are stored only as keyed hashes.
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
    AUTH_REFUSED, /* the new password is not acceptable (the reason is given) */
    AUTH_ERROR,
};

#define AUTH_TOKEN_CHARS  44 /* base64url of 32 bytes, no padding, plus NUL */
#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 256

struct auth_limits {
    int64_t idle_seconds; /* session ends after this much inactivity */
    int64_t max_age_seconds;
    int pair_failures;    /* per account and client address within window, before a lock */
    int address_failures; /* per client address, any account */
    int64_t window_seconds;
    int64_t lock_seconds;
    int account_failures;           /* per account from anywhere within account_window ... */
    int64_t account_window_seconds; /* ... before the back-off starts */
    int64_t backoff_seconds;        /* the first back-off; it doubles with each failure */
    int64_t backoff_max_seconds;
    int64_t known_seconds; /* an address the account logged in from counts as its own this long */
};

extern const struct auth_limits auth_default_limits;

int auth_init(void); /* sodium_init */
/* Hash for storage; 0 on success. out must hold crypto_pwhash_STRBYTES (128). */
int auth_hash_password(const char *password, char out[128]);
int auth_verify_password(const char *hash, const char *password);

/* The CrackLib dictionary (its path without .pwd, .pwi, .hwm) and the
 * site's name, set once at start. -1 with a message in err when the
 * dictionary cannot be read. */
int auth_set_dictionary(const char *path, const char *site_name, char *err, size_t errlen);
/* NULL when acceptable, else a Dutch msgid explaining why not. login and
 * name (either may be NULL) are the person's, whose words the password must
 * not be built on. Without a dictionary every password is refused. */
const char *auth_password_problem(const char *password, const char *login, const char *name);

/* Checks credentials with throttling; on success creates a session. On
 * AUTH_THROTTLED *retry_after is the number of seconds to wait. */
enum auth_result auth_login(db *d, arena *a, const char *login, const char *password,
                            const char *client_addr, int64_t now, const struct auth_limits *lim,
                            /* out: */ struct user *u, char token[AUTH_TOKEN_CHARS],
                            const char **csrf, int64_t *retry_after);
/* A person changes their own password: the current one is checked and
 * throttled like a login, the new one like every password. On AUTH_OK the
 * account's other sessions have ended and token/csrf are a new session for
 * this browser; on AUTH_REFUSED *problem says what is wrong with the new
 * password; on AUTH_THROTTLED *retry_after is set. */
enum auth_result auth_change_password(db *d, arena *a, const struct user *u, const char *current,
                                      const char *new_password, const char *client_addr,
                                      int64_t now, const struct auth_limits *lim,
                                      /* out: */ char token[AUTH_TOKEN_CHARS], const char **csrf,
                                      const char **problem, int64_t *retry_after);
/* The user of a session token; DB_NOTFOUND when none or expired. */
int auth_session_user(db *d, arena *a, const char *token, int64_t now,
                      const struct auth_limits *lim, /* out: */ struct user *u, const char **csrf);
int auth_logout(db *d, const char *token);
/* A new session for user_id (a resident's login link, resident.c), in the
 * caller's transaction if any. 0 or -1. */
int auth_session_start(db *d, arena *a, int64_t user_id, int64_t now, char token[AUTH_TOKEN_CHARS],
                       const char **csrf);
/* A fresh random token (for CSRF cookies of anonymous visitors). */
void auth_random_token(char out[AUTH_TOKEN_CHARS]);
/* Constant-time comparison of two NUL-terminated tokens. */
int auth_token_equal(const char *a, const char *b);
/* Keyed hash (hex, 64 chars + NUL) of s with the installation secret. */
int auth_keyed_hash(db *d, const char *purpose, const char *s, char out[65]);
/* The keyed pseudonym (hex, 64 chars + NUL) of an e-mail address, taken
 * case-insensitively: the one key under which repeat reporters and repeat
 * applicants are counted without keeping the address. 0 or -1. */
int auth_email_pseudonym(db *d, const char *email, char out[65]);
/* Creates the installation secret when absent. */
int auth_ensure_secret(db *d);

#endif
