/*
 * account.c: logging in and out, and changing one's own password.
 */
#include "web.h"

#include "domain/auth.h"
#include "http/server.h"
#include "store/user_store.h"
#include "web/render.h"

#include <string.h>
#include <time.h>

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
        resp_redirect(r, "/werk");
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
    const struct config *cfg = server_config();
    struct auth_limits lim = auth_default_limits;
    if (cfg)
        lim.idle_seconds = (int64_t)cfg->session_idle_minutes * 60;
    enum auth_result ar =
        auth_login(d, r->a, login, password, r->client_ip, time(NULL), &lim, u, token, &csrf);
    switch (ar) {
    case AUTH_OK:
        break;
    case AUTH_THROTTLED:
        r->status = 429;
        login_form(r, login,
                   T(r, "Er is te vaak een verkeerd wachtwoord gebruikt. Wacht 15 minuten en "
                        "probeer het dan opnieuw."),
                   back);
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
    audit_append(d, u->id, u->login, "login", "user", u->id, NULL, NULL);
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
    struct user tmp;
    const char *hash = NULL;
    if (!cur || !n1 || !n2) {
        r->status = 400;
        password_form(r, T(r, "Vul alle drie de velden in."));
        return;
    }
    if (user_load_by_login(d, r->a, r->user->login, &tmp, &hash) != DB_OK ||
        auth_verify_password(hash, cur) != 0) {
        r->status = 400;
        password_form(r, T(r, "Uw huidige wachtwoord klopt niet."));
        return;
    }
    if (strcmp(n1, n2) != 0) {
        r->status = 400;
        password_form(r, T(r, "De twee nieuwe wachtwoorden zijn niet gelijk."));
        return;
    }
    const char *problem = auth_password_problem(n1, r->user->login);
    if (problem) {
        r->status = 400;
        password_form(r, T(r, problem));
        return;
    }
    char h[128];
    if (auth_hash_password(n1, h) != 0 || db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    /* Other sessions of this user end: a changed password locks out whoever
     * may have known the old one. */
    if (user_set_password(d, r->user->id, h) != DB_OK ||
        session_delete_user(d, r->user->id) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, "password_change", "user", r->user->id, NULL,
              json_pack("{s:b}", "password_changed", 1));
    char token[AUTH_TOKEN_CHARS];
    const char *csrf = NULL;
    struct user u2;
    /* Keep the current browser logged in with a fresh session. */
    if (db_commit(d) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    if (auth_login(d, r->a, r->user->login, n1, r->client_ip, time(NULL), &auth_default_limits, &u2,
                   token, &csrf) == AUTH_OK)
        resp_cookie(r, "wr_session", token, 0);
    flash_set(r, "ok", "password");
    resp_redirect(r, "/werk");
}
