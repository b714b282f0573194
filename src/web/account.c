/*
 * account.c: logging in and out, and changing one's own password.
 */
#include "web.h"

#include "domain/auth.h"
#include "http/server.h"
#include "web/render.h"

#include <string.h>
#include <time.h>

static struct auth_limits limits(void)
{
    struct auth_limits lim = auth_default_limits;
    const struct config *cfg = server_config();
    if (cfg)
        lim.idle_seconds = (int64_t)cfg->session_idle_minutes * 60;
    return lim;
}

/* 429 with Retry-After, for too many wrong passwords. */
static void throttled(struct req *r, int64_t wait)
{
    r->status = 429;
    resp_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)wait));
}

static const char *throttled_message(struct req *r, int64_t wait)
{
    long long minutes = (wait + 59) / 60;
    if (minutes <= 1)
        return T(r, "Er is te vaak een verkeerd wachtwoord gebruikt. Wacht een minuut en "
                    "probeer het dan opnieuw.");
    return arena_printf(r->a,
                        T(r, "Er is te vaak een verkeerd wachtwoord gebruikt. Wacht %lld minuten "
                             "en probeer het dan opnieuw."),
                        minutes);
}

static void login_form(struct req *r, const char *login, const char *error, const char *back)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_str(ctx, "login", login);
    ctx_str(ctx, "error", error);
    ctx_str(ctx, "terug", back);
    render_page(r, "pages/login", ctx);
}

void page_login(struct req *r)
{
    if (r->user) {
        resp_redirect(r, user_is_resident(r->user) ? "/mijn-gegevens" : "/werk");
        return;
    }
    const char *back = req_query(r, "terug");
    login_form(r, NULL, NULL, http_return_target(back, NULL));
}

void page_login_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *login = req_field(r, "login");
    const char *password = req_field(r, "password");
    const char *back = http_return_target(req_field(r, "terug"), NULL);
    if (!login || !*login || !password || !*password) {
        r->status = 400;
        login_form(r, login, T(r, "Vul uw inlognaam en wachtwoord in."), back);
        return;
    }
    if (strlen(login) > 64 || strlen(password) > AUTH_PASSWORD_MAX) {
        r->status = 400;
        login_form(r, NULL, T(r, "De inlognaam of het wachtwoord klopt niet."), back);
        return;
    }
    struct user *u = arena_alloc(r->a, sizeof *u);
    char token[AUTH_TOKEN_CHARS];
    const char *csrf = NULL;
    struct auth_limits lim = limits();
    int64_t wait = 0;
    enum auth_result ar = auth_login(d, r->a, login, password, r->client_ip, time(NULL), &lim, u,
                                     token, &csrf, &wait);
    switch (ar) {
    case AUTH_OK:
        break;
    case AUTH_THROTTLED:
        throttled(r, wait);
        login_form(r, login, throttled_message(r, wait), back);
        return;
    case AUTH_DISABLED:
    case AUTH_BAD_CREDENTIALS:
        /* The same answer for both, so nobody learns which accounts exist. */
        r->status = 400;
        login_form(r, login, T(r, "De inlognaam of het wachtwoord klopt niet."), back);
        return;
    default:
        resp_error(r, 500);
        return;
    }
    /* A new token at every login (no session fixation); the anonymous CSRF
     * cookie is no longer needed. */
    resp_cookie(r, "wr_session", token, 0);
    resp_cookie(r, "wr_csrf", "", -1);
    resp_redirect(r, back ? back : "/werk");
}

void page_logout(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    auth_logout(d, cookie_get(&r->cookies, "wr_session"));
    resp_cookie(r, "wr_session", "", -1);
    flash_set(r, "ok", "loggedout");
    resp_redirect(r, "/");
}

static void password_form(struct req *r, const char *error)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "error", error);
    render_page(r, "pages/password", ctx);
}

void page_password(struct req *r)
{
    password_form(r, NULL);
}

void page_password_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *cur = req_field(r, "current");
    const char *n1 = req_field(r, "new");
    const char *n2 = req_field(r, "repeat");
    if (!cur || !n1 || !n2 || !*cur || !*n1 || !*n2) {
        r->status = 400;
        password_form(r, T(r, "Vul alle drie de velden in."));
        return;
    }
    if (strlen(cur) > AUTH_PASSWORD_MAX) {
        r->status = 400;
        password_form(r, T(r, "Uw huidige wachtwoord klopt niet."));
        return;
    }
    if (strcmp(n1, n2) != 0) {
        r->status = 400;
        password_form(r, T(r, "De twee nieuwe wachtwoorden zijn niet gelijk."));
        return;
    }
    char token[AUTH_TOKEN_CHARS];
    const char *csrf = NULL, *problem = NULL;
    int64_t wait = 0;
    struct auth_limits lim = limits();
    switch (auth_change_password(d, r->a, r->user, cur, n1, r->client_ip, time(NULL), &lim, token,
                                 &csrf, &problem, &wait)) {
    case AUTH_OK:
        break;
    case AUTH_THROTTLED:
        throttled(r, wait);
        password_form(r, throttled_message(r, wait));
        return;
    case AUTH_BAD_CREDENTIALS:
    case AUTH_DISABLED:
        r->status = 400;
        password_form(r, T(r, "Uw huidige wachtwoord klopt niet."));
        return;
    case AUTH_REFUSED:
        r->status = 400;
        password_form(r, T(r, problem));
        return;
    default:
        resp_error(r, 500);
        return;
    }
    /* this browser stays logged in with a new session; the others ended */
    resp_cookie(r, "wr_session", token, 0);
    flash_set(r, "ok", "password");
    resp_redirect(r, "/werk");
}
