/*
 * email.c: the page behind the link of an e-mail address's confirmation
 * request (domain/optin.h). Opening the link only shows a button; pressing
 * it (a POST with the CSRF token) confirms the address, because mail
 * scanners and link previews open links by themselves. An unknown or
 * expired link is a plain 404. The link of a request for a meeting
 * registration ends in ?voor=bijeenkomst, of a question to the wijkwethouder
 * in ?voor=vraag, of a grant application in ?voor=aanvraag: the page then
 * speaks of that, not of a report.
 */
#include "web.h"

#include "domain/mailer.h"
#include "domain/optin.h"
#include "web/render.h"

#include <string.h>
#include <time.h>

/* What the address was given for, as the request's link says (?voor=...):
 * only the wording depends on it; NULL for a report and anything else. */
static const char *given_for(struct req *r)
{
    static const char *const known[] = {"bijeenkomst", "vraag", "aanvraag"};
    const char *v = req_query(r, "voor");
    for (size_t i = 0; v && i < sizeof known / sizeof known[0]; i++)
        if (strcmp(v, known[i]) == 0)
            return known[i];
    return NULL;
}

static void confirm_page(struct req *r, const char *token, bool confirmed)
{
    json_t *ctx = json_object();
    const char *f = given_for(r);
    ctx_bool(ctx, "confirmed", confirmed);
    ctx_bool(ctx, "meeting", f && strcmp(f, "bijeenkomst") == 0);
    ctx_bool(ctx, "question", f && strcmp(f, "vraag") == 0);
    ctx_bool(ctx, "application", f && strcmp(f, "aanvraag") == 0);
    ctx_bool(ctx, "report", !f);
    if (f)
        ctx_str(ctx, "given_for", f);
    ctx_str(ctx, "token", token);
    ctx_str(ctx, "csrf", req_csrf(r));
    render_page(r, "pages/email_bevestigen", ctx);
}

void page_email_confirm(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    switch (optin_link_state(d, r->a, token, (int64_t)time(NULL))) {
    case OPTIN_LINK_OPEN:
        confirm_page(r, token, false);
        return;
    case OPTIN_LINK_CONFIRMED:
        confirm_page(r, token, true);
        return;
    case OPTIN_LINK_UNKNOWN:
        resp_error(r, 404);
        return;
    default:
        resp_error(r, 500);
        return;
    }
}

void page_email_confirm_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    switch (optin_confirm(d, r->a, token, (int64_t)time(NULL))) {
    case OPTIN_LINK_CONFIRMED:
        mailer_wake();
        resp_redirect(r,
                      arena_printf(r->a, "/e-mailadres/%s%s%s", token, given_for(r) ? "?voor=" : "",
                                   given_for(r) ? given_for(r) : ""));
        return;
    case OPTIN_LINK_UNKNOWN:
        resp_error(r, 404);
        return;
    default:
        resp_error(r, 500);
        return;
    }
}
