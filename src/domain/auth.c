/*
 * auth.c: argon2id passwords, throttled login, hashed session tokens.
 */
#include "auth.h"

#include "lib/i18n_mark.h"
#include "lib/log.h"
#include "store/user_store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

const struct auth_limits auth_default_limits = {
    .idle_seconds = 60 * 60,
    .max_age_seconds = 12 * 60 * 60,
    .account_failures = 5,
    .address_failures = 20,
    .window_seconds = 15 * 60,
    .lock_seconds = 15 * 60,
};

/* A real hash of a random password: verifying unknown logins against it costs
 * as much time as a real verification, so timing does not tell which logins
 * exist. */
static char g_dummy_hash[crypto_pwhash_STRBYTES];

int auth_init(void)
{
    if (sodium_init() < 0)
        return -1;
    char pw[AUTH_TOKEN_CHARS];
    auth_random_token(pw);
    return auth_hash_password(pw, g_dummy_hash) == 0 ? 0 : -1;
}

/* argon2id with OWASP's recommended minimum (19 MiB, 2 passes): strong
 * enough against offline guessing, and it keeps a login from tripling the
 * server's memory (libsodium's "interactive" preset uses 64 MiB). The
 * parameters are stored in each hash, so they can be raised later. */
#define AUTH_PW_OPSLIMIT 2
#define AUTH_PW_MEMLIMIT ((size_t)19 * 1024 * 1024)

int auth_hash_password(const char *password, char out[128])
{
    return crypto_pwhash_str_alg(out, password, strlen(password), AUTH_PW_OPSLIMIT,
                                 AUTH_PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13);
}

int auth_verify_password(const char *hash, const char *password)
{
    if (!hash || !*hash)
        return -1;
    return crypto_pwhash_str_verify(hash, password, strlen(password));
}

const char *auth_password_problem(const char *password, const char *login)
{
    size_t n = strlen(password);
    if (n < AUTH_PASSWORD_MIN)
        return N_("Het wachtwoord is te kort. Gebruik minstens 10 tekens.");
    if (n > AUTH_PASSWORD_MAX)
        return N_("Het wachtwoord is te lang. Gebruik hoogstens 256 tekens.");
    if (login && strcasecmp(password, login) == 0)
        return N_("Het wachtwoord mag niet gelijk zijn aan de inlognaam.");
    return NULL;
}

void auth_random_token(char out[AUTH_TOKEN_CHARS])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, AUTH_TOKEN_CHARS, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

int auth_token_equal(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb || la == 0)
        return 0;
    return sodium_memcmp(a, b, la) == 0;
}

static void token_hash(const char *token, unsigned char out[32])
{
    crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

int auth_ensure_secret(db *d)
{
    arena *a = arena_new(1024);
    if (!a)
        return -1;
    const char *v = NULL;
    int rc = setting_get(d, a, "secret", &v);
    if (rc == DB_NOTFOUND) {
        unsigned char raw[32];
        char hex[65];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
        rc = setting_put(d, "secret", hex);
    }
    arena_free(a);
    return rc == DB_OK ? 0 : -1;
}

int auth_keyed_hash(db *d, const char *purpose, const char *s, char out[65])
{
    arena *a = arena_new(1024);
    if (!a)
        return -1;
    const char *secret = NULL;
    int rc = setting_get(d, a, "secret", &secret);
    if (rc != DB_OK || !secret) {
        arena_free(a);
        return -1;
    }
    unsigned char key[32], mac[32];
    size_t klen = 0;
    if (sodium_hex2bin(key, sizeof key, secret, strlen(secret), NULL, &klen, NULL) != 0 ||
        klen != 32) {
        arena_free(a);
        return -1;
    }
    crypto_generichash_state stt;
    crypto_generichash_init(&stt, key, sizeof key, sizeof mac);
    crypto_generichash_update(&stt, (const unsigned char *)purpose, strlen(purpose) + 1);
    crypto_generichash_update(&stt, (const unsigned char *)s, strlen(s));
    crypto_generichash_final(&stt, mac, sizeof mac);
    sodium_bin2hex(out, 65, mac, sizeof mac);
    sodium_memzero(key, sizeof key);
    arena_free(a);
    return 0;
}

/* Is key locked now? Expired windows count as clean. */
static int throttle_locked(db *d, const char *key, int64_t now)
{
    int64_t f, ws, lu;
    if (throttle_get(d, key, &f, &ws, &lu) != DB_OK)
        return 0;
    return lu > now;
}

static void throttle_fail(db *d, const char *key, int64_t now, int limit,
                          const struct auth_limits *lim)
{
    int64_t f, ws, lu;
    throttle_get(d, key, &f, &ws, &lu);
    if (now - ws > lim->window_seconds) {
        f = 0;
        ws = now;
    }
    f++;
    if (f >= limit)
        lu = now + lim->lock_seconds;
    throttle_put(d, key, f, ws, lu);
}

enum auth_result auth_login(db *d, arena *a, const char *login, const char *password,
                            const char *client_addr, int64_t now, const struct auth_limits *lim,
                            struct user *u, char token[AUTH_TOKEN_CHARS], const char **csrf)
{
    char acct_key[300], addr_key[80], h[65];
    snprintf(acct_key, sizeof acct_key, "u:%.256s", login);
    for (char *p = acct_key; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    if (auth_keyed_hash(d, "client-address", client_addr ? client_addr : "", h) != 0)
        return AUTH_ERROR;
    snprintf(addr_key, sizeof addr_key, "a:%s", h);

    if (throttle_locked(d, acct_key, now) || throttle_locked(d, addr_key, now))
        return AUTH_THROTTLED;

    const char *hash = NULL;
    int rc = user_load_by_login(d, a, login, u, &hash);
    if (rc == DB_ERROR)
        return AUTH_ERROR;
    int ok = auth_verify_password(rc == DB_OK ? hash : g_dummy_hash, password) == 0 && rc == DB_OK;
    if (!ok) {
        throttle_fail(d, acct_key, now, lim->account_failures, lim);
        throttle_fail(d, addr_key, now, lim->address_failures, lim);
        return AUTH_BAD_CREDENTIALS;
    }
    if (u->disabled)
        return AUTH_DISABLED;
    throttle_clear(d, acct_key);

    char csrf_tok[AUTH_TOKEN_CHARS];
    unsigned char th[32];
    auth_random_token(token);
    auth_random_token(csrf_tok);
    token_hash(token, th);
    if (session_insert(d, th, u->id, csrf_tok, now) != DB_OK)
        return AUTH_ERROR;
    *csrf = arena_strdup(a, csrf_tok);
    return AUTH_OK;
}

int auth_session_user(db *d, arena *a, const char *token, int64_t now,
                      const struct auth_limits *lim, struct user *u, const char **csrf)
{
    if (!token || strlen(token) != AUTH_TOKEN_CHARS - 1)
        return DB_NOTFOUND;
    unsigned char th[32];
    token_hash(token, th);
    int64_t uid = 0;
    int rc = session_lookup(d, a, th, now, lim->idle_seconds, lim->max_age_seconds, &uid, csrf);
    if (rc != DB_OK)
        return rc;
    rc = user_load_by_id(d, a, uid, u);
    if (rc == DB_OK && u->disabled) {
        session_delete(d, th);
        return DB_NOTFOUND;
    }
    return rc;
}

int auth_logout(db *d, const char *token)
{
    if (!token)
        return DB_OK;
    unsigned char th[32];
    token_hash(token, th);
    return session_delete(d, th);
}
