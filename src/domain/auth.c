/*
 * auth.c: argon2id passwords checked with CrackLib, throttled login, hashed
 * session tokens.
 */
#include "auth.h"

#include "lib/i18n_mark.h"
#include "lib/log.h"
#include "store/user_store.h"

#include <crack.h>
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const struct auth_limits auth_default_limits = {
    .idle_seconds = 60 * 60,
    .max_age_seconds = 12 * 60 * 60,
    .pair_failures = 5,
    .address_failures = 20,
    .window_seconds = 15 * 60,
    .lock_seconds = 15 * 60,
    .account_failures = 50,
    .account_window_seconds = 60 * 60,
    .backoff_seconds = 60,
    .backoff_max_seconds = 24 * 60 * 60,
    .known_seconds = 30 * 24 * 60 * 60,
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

/* --- password strength ------------------------------------------------------ */

static char g_dict[1024];
static char g_site[256];
/* CrackLib keeps no state between calls, but nothing promises that its
 * dictionary reader may run in two threads at once. */
static pthread_mutex_t g_crack_lock = PTHREAD_MUTEX_INITIALIZER;

int auth_set_dictionary(const char *path, const char *site_name, char *err, size_t errlen)
{
    static const char *const ext[] = {".pwd", ".pwi", ".hwm"};
    if (!path || !*path || strlen(path) > sizeof g_dict - 8) {
        snprintf(err, errlen, "no password dictionary configured");
        return -1;
    }
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char f[sizeof g_dict];
        snprintf(f, sizeof f, "%s%s", path, ext[i]);
        if (access(f, R_OK) != 0) {
            snprintf(err, errlen,
                     "password dictionary %s (.pwd, .pwi, .hwm) not found or not readable: %s "
                     "is missing; 'make' builds it beside the program, or set "
                     "password_dictionary",
                     path, f);
            return -1;
        }
    }
    pthread_mutex_lock(&g_crack_lock);
    const char *r = FascistCheckUser("Qz7-vk2!Lp", path, "wijkregie", "");
    pthread_mutex_unlock(&g_crack_lock);
    if (r && strstr(r, "dictionary") && strstr(r, "error")) {
        snprintf(err, errlen, "password dictionary %s cannot be read: %s", path, r);
        return -1;
    }
    snprintf(g_dict, sizeof g_dict, "%s", path);
    snprintf(g_site, sizeof g_site, "%s", site_name ? site_name : "");
    return 0;
}

/* CrackLib's reasons (English, the C locale) in plain Dutch. word: the
 * reason was about the password without the digits and signs around it. */
static const char *crack_reason(const char *r, bool word)
{
    if (strstr(r, "error loading dictionary")) {
        log_error("password check: %s", r);
        return N_("Het wachtwoord kan nu niet worden gecontroleerd. Probeer het later opnieuw.");
    }
    if (strstr(r, "username") || strstr(r, "password entry"))
        return word ? N_("Het wachtwoord is uw inlognaam, uw naam of de naam van deze site met "
                         "alleen wat cijfers of tekens erbij. Zo'n wachtwoord wordt snel geraden.")
                    : N_("Het wachtwoord lijkt te veel op uw inlognaam, uw naam of de naam van "
                         "deze site. Zo'n wachtwoord wordt snel geraden.");
    if (strstr(r, "dictionary word"))
        return word ? N_("Het wachtwoord is een bekend woord met alleen wat cijfers of tekens "
                         "ervoor of erachter, zoals welkom123!. Zulke wachtwoorden worden als "
                         "eerste geraden.")
                    : N_("Het wachtwoord is (bijna) een woord uit het woordenboek of de naam van "
                         "een wijk. Zulke wachtwoorden worden als eerste geraden.");
    if (strstr(r, "DIFFERENT"))
        return N_("Het wachtwoord heeft te weinig verschillende tekens.");
    if (strstr(r, "simplistic"))
        return N_("Het wachtwoord is te eenvoudig: het volgt een reeks zoals 12345 of abcde.");
    if (strstr(r, "whitespace"))
        return N_("Het wachtwoord bestaat alleen uit spaties.");
    if (strstr(r, "short"))
        return N_("Het wachtwoord is te kort. Gebruik minstens 10 tekens.");
    return N_("Het wachtwoord is te makkelijk te raden.");
}

/* The word inside a password: without the digits, signs and spaces before
 * and after it and the hyphens, dots, underscores and spaces between its
 * parts (Piet-Jansen: PietJansen), with digits and signs that stand for
 * letters read as those letters (w3lk0m: welkom). Empty when what is left
 * is not ASCII letters. */
static void core_word(const char *pw, char *out, size_t cap)
{
    size_t n = strlen(pw), b = 0, e = n;
    while (b < e && !isalpha((unsigned char)pw[b]))
        b++;
    while (e > b && !isalpha((unsigned char)pw[e - 1]))
        e--;
    size_t k = 0;
    out[0] = '\0';
    if (e - b + 3 > cap)
        return;
    for (size_t i = b; i < e; i++) {
        char c = pw[i];
        static const char from[] = "013457@$", to[] = "oieastas";
        const char *m = strchr(from, c);
        if (m && c)
            c = to[m - from];
        if (c == '-' || c == '.' || c == '_' || c == ' ')
            continue;
        if (!isalpha((unsigned char)c)) {
            out[0] = '\0';
            return;
        }
        out[k++] = c;
    }
    out[k] = '\0';
}

const char *auth_password_problem(const char *password, const char *login, const char *name)
{
    size_t n = strlen(password);
    if (n < AUTH_PASSWORD_MIN)
        return N_("Het wachtwoord is te kort. Gebruik minstens 10 tekens.");
    if (n > AUTH_PASSWORD_MAX)
        return N_("Het wachtwoord is te lang. Gebruik hoogstens 256 tekens.");
    if (login && strcasecmp(password, login) == 0)
        return N_("Het wachtwoord mag niet gelijk zijn aan de inlognaam.");
    if (!g_dict[0]) {
        log_error("password check: no dictionary");
        return N_("Het wachtwoord kan nu niet worden gecontroleerd. Probeer het later opnieuw.");
    }
    /* CrackLib reads the person's words from a passwd-style "gecos" field:
     * the name, the login in its parts (p.de-vries: p de vries) and the
     * site's name */
    char gecos[700];
    snprintf(gecos, sizeof gecos, "%.256s %.64s %.256s", name ? name : "", login ? login : "",
             g_site);
    for (char *p = gecos; *p; p++)
        if (*p == '.' || *p == '-' || *p == '_')
            *p = ' ';
    const char *user = login && *login ? login : "-";
    const char *why = NULL;
    pthread_mutex_lock(&g_crack_lock);
    const char *r = FascistCheckUser(password, g_dict, user, gecos);
    if (r) {
        why = crack_reason(r, false);
    } else {
        /* CrackLib strips at most two characters: "welkom123!" and
         * "Zoetermeer2026" pass it. Check the word inside on its own; the
         * two signs added let CrackLib look at words shorter than its
         * minimum (it strips them again). */
        char core[AUTH_PASSWORD_MAX + 3];
        core_word(password, core, sizeof core);
        size_t cl = strlen(core);
        if (cl >= 4) {
            memcpy(core + cl, "!?", 3); /* core_word left room */
            r = FascistCheckUser(core, g_dict, user, gecos);
            if (r && !strstr(r, "short") && !strstr(r, "DIFFERENT"))
                why = crack_reason(r, true);
        }
    }
    pthread_mutex_unlock(&g_crack_lock);
    return why;
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

int auth_email_pseudonym(db *d, const char *email, char out[65])
{
    char lower[256];
    size_t k = 0;
    for (const char *e = email; *e && k + 1 < sizeof lower; e++)
        lower[k++] = (char)((*e >= 'A' && *e <= 'Z') ? *e - 'A' + 'a' : *e);
    lower[k] = '\0';
    return auth_keyed_hash(d, "reporter", lower, out);
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

/* --- throttling ------------------------------------------------------------- */

/* The counters' keys: the login (lower case) and the client address only
 * as keyed hashes. p: the pair, u: the account, a: the address, k: the
 * pair after a successful login (the account's own address). */
struct throttle_keys {
    char pair[70], account[70], address[70], known[70];
};

static int throttle_keys(db *d, const char *login, const char *client_addr, struct throttle_keys *k)
{
    char lower[80], pair[400], h[65];
    snprintf(lower, sizeof lower, "%.64s", login);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *addr = client_addr ? client_addr : "";
    snprintf(pair, sizeof pair, "%s\n%.300s", lower, addr);
    if (auth_keyed_hash(d, "login-address", pair, h) != 0)
        return -1;
    snprintf(k->pair, sizeof k->pair, "p:%s", h);
    snprintf(k->known, sizeof k->known, "k:%s", h);
    if (auth_keyed_hash(d, "login", lower, h) != 0)
        return -1;
    snprintf(k->account, sizeof k->account, "u:%s", h);
    if (auth_keyed_hash(d, "client-address", addr, h) != 0)
        return -1;
    snprintf(k->address, sizeof k->address, "a:%s", h);
    return 0;
}

/* Until when key is locked (0: not locked now). */
static int64_t locked_until(db *d, const char *key, int64_t now)
{
    int64_t f, ws, lu;
    if (throttle_get(d, key, &f, &ws, &lu) != DB_OK)
        return 0;
    return lu > now ? lu : 0;
}

/* One more failure for key: a lock of lock_seconds when it reaches limit
 * within the window. */
static void count_failure(db *d, const char *key, int64_t now, int limit, int64_t window,
                          int64_t lock)
{
    int64_t f, ws, lu;
    throttle_get(d, key, &f, &ws, &lu);
    if (now - ws > window) {
        f = 0;
        ws = now;
    }
    f++;
    if (f >= limit)
        lu = now + lock;
    throttle_put(d, key, f, ws, lu);
}

/* One more failure for the account from anywhere: past the limit of the
 * hour, each failure locks it for twice as long as the one before. */
static void count_account_failure(db *d, const char *key, int64_t now,
                                  const struct auth_limits *lim)
{
    int64_t f, ws, lu;
    throttle_get(d, key, &f, &ws, &lu);
    if (now - ws > lim->account_window_seconds) {
        f = 0;
        ws = now;
    }
    f++;
    if (f > lim->account_failures) {
        int64_t k = f - lim->account_failures - 1, wait = lim->backoff_seconds;
        while (k-- > 0 && wait < lim->backoff_max_seconds)
            wait *= 2;
        if (wait > lim->backoff_max_seconds)
            wait = lim->backoff_max_seconds;
        if (now + wait > lu)
            lu = now + wait;
    }
    throttle_put(d, key, f, ws, lu);
}

/* Has the account logged in from this address within known_seconds? */
static bool known_address(db *d, const struct throttle_keys *k, int64_t now,
                          const struct auth_limits *lim)
{
    int64_t f, ws, lu;
    return throttle_get(d, k->known, &f, &ws, &lu) == DB_OK && now - ws <= lim->known_seconds;
}

/* Old counters go now and then (at most once an hour per thread). */
static void purge_old(db *d, int64_t now, const struct auth_limits *lim)
{
    static _Thread_local int64_t last;
    if (now - last < 3600)
        return;
    last = now;
    int64_t keep = lim->account_window_seconds > lim->window_seconds ? lim->account_window_seconds
                                                                     : lim->window_seconds;
    throttle_purge(d, now, now - keep, now - lim->known_seconds);
}

/* Is the client allowed to try a password for login now? 0 when it is,
 * else the seconds to wait. */
static int64_t throttled(db *d, const struct throttle_keys *k, int64_t now,
                         const struct auth_limits *lim)
{
    int64_t until = locked_until(d, k->pair, now);
    int64_t a = locked_until(d, k->address, now);
    if (a > until)
        until = a;
    /* the account's back-off does not apply where its owner logged in before */
    int64_t acc = locked_until(d, k->account, now);
    if (acc > until && !known_address(d, k, now, lim))
        until = acc;
    return until ? until - now : 0;
}

/* Checks login and password with the throttle; counts a failure. u is
 * filled on success (and for a disabled account). */
static enum auth_result check_password(db *d, arena *a, const char *login, const char *password,
                                       const char *client_addr, int64_t now,
                                       const struct auth_limits *lim, struct user *u,
                                       int64_t *retry_after)
{
    struct throttle_keys k;
    *retry_after = 0;
    if (throttle_keys(d, login, client_addr, &k) != 0)
        return AUTH_ERROR;
    if ((*retry_after = throttled(d, &k, now, lim)) > 0)
        return AUTH_THROTTLED;

    const char *hash = NULL;
    int rc = user_load_by_login(d, a, login, u, &hash);
    if (rc == DB_ERROR)
        return AUTH_ERROR;
    int ok = auth_verify_password(rc == DB_OK ? hash : g_dummy_hash, password) == 0 && rc == DB_OK;
    if (!ok) {
        count_failure(d, k.pair, now, lim->pair_failures, lim->window_seconds, lim->lock_seconds);
        count_failure(d, k.address, now, lim->address_failures, lim->window_seconds,
                      lim->lock_seconds);
        count_account_failure(d, k.account, now, lim);
        purge_old(d, now, lim);
        return AUTH_BAD_CREDENTIALS;
    }
    if (u->disabled)
        return AUTH_DISABLED;
    throttle_clear(d, k.pair);
    throttle_put(d, k.known, 0, now, 0);
    return AUTH_OK;
}

static int session_start(db *d, arena *a, int64_t user_id, int64_t now,
                         char token[AUTH_TOKEN_CHARS], const char **csrf)
{
    char csrf_tok[AUTH_TOKEN_CHARS];
    unsigned char th[32];
    auth_random_token(token);
    auth_random_token(csrf_tok);
    token_hash(token, th);
    if (session_insert(d, th, user_id, csrf_tok, now) != DB_OK)
        return -1;
    *csrf = arena_strdup(a, csrf_tok);
    return *csrf ? 0 : -1;
}

int auth_session_start(db *d, arena *a, int64_t user_id, int64_t now, char token[AUTH_TOKEN_CHARS],
                       const char **csrf)
{
    return session_start(d, a, user_id, now, token, csrf);
}

enum auth_result auth_login(db *d, arena *a, const char *login, const char *password,
                            const char *client_addr, int64_t now, const struct auth_limits *lim,
                            struct user *u, char token[AUTH_TOKEN_CHARS], const char **csrf,
                            int64_t *retry_after)
{
    enum auth_result r =
        check_password(d, a, login, password, client_addr, now, lim, u, retry_after);
    if (r != AUTH_OK)
        return r;
    if (session_start(d, a, u->id, now, token, csrf) != 0)
        return AUTH_ERROR;
    audit_append(d, u->id, u->login, "login", "user", u->id, NULL, NULL);
    return AUTH_OK;
}

enum auth_result auth_change_password(db *d, arena *a, const struct user *u, const char *current,
                                      const char *new_password, const char *client_addr,
                                      int64_t now, const struct auth_limits *lim,
                                      char token[AUTH_TOKEN_CHARS], const char **csrf,
                                      const char **problem, int64_t *retry_after)
{
    struct user me;
    *problem = NULL;
    enum auth_result r =
        check_password(d, a, u->login, current, client_addr, now, lim, &me, retry_after);
    if (r != AUTH_OK)
        return r == AUTH_DISABLED ? AUTH_BAD_CREDENTIALS : r;
    if ((*problem = auth_password_problem(new_password, me.login, me.name)))
        return AUTH_REFUSED;
    char h[128];
    if (auth_hash_password(new_password, h) != 0 || db_begin_write(d) != DB_OK)
        return AUTH_ERROR;
    /* Other sessions end: a changed password locks out whoever may have
     * known the old one; this browser gets a new session. */
    if (user_set_password(d, me.id, h) != DB_OK || session_delete_user(d, me.id) != DB_OK ||
        audit_append(d, me.id, me.login, "password_change", "user", me.id, NULL,
                     "{\"password_changed\":true}") != DB_OK ||
        session_start(d, a, me.id, now, token, csrf) != 0 || db_commit(d) != DB_OK) {
        db_rollback(d);
        return AUTH_ERROR;
    }
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
