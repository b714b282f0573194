/*
 * notify.c: a resident's choice of e-mail about news (domain/notify.h) at
 * /mijn-gegevens/berichten, and the unsubscribe link /afmelden/TOKEN that
 * every such e-mail carries. Opening the link shows one button and changes
 * nothing (mail scanners open links); a POST turns e-mail off, from the
 * page's button or from a mail client's one-click unsubscribe (RFC 8058:
 * body List-Unsubscribe=One-Click, without session or CSRF token; the token
 * in the path is the secret).
 */
#include "web.h"

#include "domain/notify.h"
#include "lib/i18n_mark.h"
#include "web/render.h"

#include <string.h>
#include <time.h>

static const struct {
    const char *code, *label, *hint;
} modes[] = {
    {NOTIFY_OFF, N_("Geen e-mail"), NULL},
    {NOTIFY_AT_ONCE, N_("Meteen"), N_("Een e-mail zodra er iets nieuws is.")},
    {NOTIFY_WEEKLY, N_("Eens per week"),
     N_("Op maandagochtend één e-mail met alles van de week ervoor; niets als er niets was.")},
};

static const char *mode_label(const char *code)
{
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (code && strcmp(code, modes[i].code) == 0)
            return modes[i].label;
    return modes[0].label;
}

void web_notify_summary(struct req *r, db *d, json_t *ctx)
{
    if (d && r->user)
        ctx_str(ctx, "notify_label", T(r, mode_label(notify_mode(d, r->a, r->user->id))));
}

static void choice_page(struct req *r, const char *chosen, const char *problem, bool saved)
{
    json_t *ctx = json_object(), *list = json_array();
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        json_t *o = json_object();
        ctx_str(o, "value", modes[i].code);
        ctx_str(o, "label", T(r, modes[i].label));
        ctx_str(o, "hint", modes[i].hint ? T(r, modes[i].hint) : NULL);
        ctx_bool(o, "checked", chosen && strcmp(chosen, modes[i].code) == 0);
        ctx_bool(o, "first", i == 0);
        json_array_append_new(list, o);
    }
    json_object_set_new(ctx, "modes", list);
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_bool(ctx, "saved", saved);
    json_t *problems = json_array();
    if (problem) {
        const char *msg = T(r, problem);
        json_array_append_new(problems, json_pack("{s:s,s:s}", "anchor", "mode", "message", msg));
        ctx_str(ctx, "error_mode", msg);
    }
    ctx_bool(ctx, "has_problems", problem != NULL);
    json_object_set_new(ctx, "problems", problems);
    render_page(r, "pages/mijn_gegevens_berichten", ctx);
}

void page_my_notify(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    choice_page(r, notify_mode(d, r->a, r->user->id), NULL, req_query(r, "opgeslagen") != NULL);
}

void page_my_notify_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *mode = req_field(r, "mode");
    const char *problem = NULL;
    int rc = notify_choose(d, r->a, r->user, mode, (int64_t)time(NULL), &problem);
    if (rc < 0) {
        resp_error(r, 500);
        return;
    }
    if (rc > 0) {
        r->status = 400;
        choice_page(r, mode, problem, false);
        return;
    }
    resp_redirect(r, "/mijn-gegevens/berichten?opgeslagen=1");
}

static void unsubscribe_page(struct req *r, const char *token, bool valid, bool done)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "action", arena_printf(r->a, "/afmelden/%s", token ? token : ""));
    ctx_bool(ctx, "done", done);
    ctx_bool(ctx, "unknown", !valid && !done);
    if (!valid && !done)
        r->status = 404;
    render_page(r, "pages/afmelden", ctx);
}

void page_unsubscribe(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    unsubscribe_page(r, token, notify_token_valid(d, token), false);
}

void page_unsubscribe_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    int rc = notify_unsubscribe(d, token, (int64_t)time(NULL));
    if (rc == DB_NOTFOUND) {
        unsubscribe_page(r, token, false, false);
        return;
    }
    if (rc != 0) {
        resp_error(r, 500);
        return;
    }
    unsubscribe_page(r, token, true, true);
}
