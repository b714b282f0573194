/*
 * resident.c: residents who take part (domain/resident.h): signing up at
 * /deelnemen, asking for a login link at /deelnemen/inloggen, the link's
 * page (opening it shows a button; pressing it logs in, because mail
 * scanners open links), and /mijn-gegevens: see, change, export, delete.
 * The answer to a sign-up or a request for a link is the same whether or
 * not the address has an account.
 */
#include "web.h"

#include "domain/intake.h"
#include "domain/resident.h"
#include "domain/mailer.h"
#include "http/server.h"
#include "lib/civil.h"
#include "lib/i18n_mark.h"
#include "store/area_store.h"
#include "web/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *base_url(void)
{
    const struct config *c = server_config();
    return c ? c->base_url : "";
}

static struct resident_client client(struct req *r)
{
    const struct config *c = server_config();
    return (struct resident_client){r->client_ip,
                                    c ? (unsigned)c->reports_per_hour : INTAKE_DEFAULT_PER_HOUR};
}

/* The interests posted ("wijkslug:topic"), in the arena. */
static void read_input(struct req *r, bool signup, struct resident_input *in)
{
    memset(in, 0, sizeof *in);
    if (signup)
        in->email = req_field(r, "email");
    in->name = req_field(r, "name");
    in->wijk = req_field(r, "wijk");
    in->age_band = req_field(r, "leeftijd");
    const struct form_field *f[RESIDENT_MAX_INTERESTS + 1];
    size_t n = form_get_all(&r->form, "interesse", f, RESIDENT_MAX_INTERESTS + 1);
    size_t k = n > RESIDENT_MAX_INTERESTS + 1 ? RESIDENT_MAX_INTERESTS + 1 : n;
    const char **v = arena_alloc(r->a, (k + 1) * sizeof *v);
    for (size_t i = 0; v && i < k; i++)
        v[i] = arena_strndup(r->a, f[i]->value, f[i]->value_len);
    in->interests = v;
    in->ninterests = v ? n : 0;
}

static bool has_interest(const struct resident_input *in, const char *value)
{
    size_t k = in->ninterests > RESIDENT_MAX_INTERESTS ? RESIDENT_MAX_INTERESTS : in->ninterests;
    for (size_t i = 0; i < k; i++)
        if (in->interests[i] && strcmp(in->interests[i], value) == 0)
            return true;
    return false;
}

/* The fields of partials/deelnemen_velden filled in from in. */
static void fields_ctx(struct req *r, json_t *ctx, const struct resident_input *in)
{
    db *d = web_db(r);
    struct wijk *w = NULL;
    size_t nw = 0;
    if (d)
        area_list_wijken(d, r->a, web_today(r), 0, &w, &nw);
    json_t *wijken = json_array(), *iw = json_array();
    for (size_t i = 0; i < nw; i++) {
        json_t *o = json_object();
        ctx_str(o, "slug", w[i].slug);
        ctx_str(o, "name", w[i].name);
        ctx_bool(o, "selected", in->wijk && strcmp(in->wijk, w[i].slug) == 0);
        json_array_append_new(wijken, o);
        json_t *g = json_object(), *topics = json_array();
        ctx_str(g, "name", w[i].name);
        for (size_t t = 0; t < resident_ntopics; t++) {
            const char *value = arena_printf(r->a, "%s:%s", w[i].slug, resident_topics[t].code);
            json_t *to = json_object();
            ctx_str(to, "value", value);
            ctx_str(to, "label", T(r, resident_topics[t].label));
            ctx_bool(to, "checked", value && has_interest(in, value));
            json_array_append_new(topics, to);
        }
        json_object_set_new(g, "topics", topics);
        json_array_append_new(iw, g);
    }
    json_object_set_new(ctx, "wijken", wijken);
    json_object_set_new(ctx, "interest_wijken", iw);
    json_t *bands = json_array();
    for (size_t i = 0; i < resident_nage_bands; i++) {
        json_t *o = json_object();
        ctx_str(o, "code", resident_age_bands[i].code);
        ctx_str(o, "label", T(r, resident_age_bands[i].label));
        ctx_bool(o, "selected",
                 in->age_band && strcmp(in->age_band, resident_age_bands[i].code) == 0);
        json_array_append_new(bands, o);
    }
    json_object_set_new(ctx, "age_bands", bands);
    ctx_str(ctx, "name", in->name);
    ctx_str(ctx, "email", in->email);
    ctx_str(ctx, "csrf", req_csrf(r));
}

static void problems_ctx(struct req *r, json_t *ctx, const struct resident_problem *p, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n && i < RESIDENT_MAX_PROBLEMS; i++) {
        const char *msg = T(r, p[i].msgid);
        json_array_append_new(arr, json_pack("{s:s,s:s}", "anchor", p[i].field, "message", msg));
        ctx_str(ctx, arena_printf(r->a, "error_%s", p[i].field), msg);
    }
    ctx_bool(ctx, "has_problems", n > 0);
    json_object_set_new(ctx, "problems", arr);
}

static void limited(struct req *r, json_t *ctx, int64_t wait)
{
    r->status = 429;
    resp_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)(wait > 0 ? wait : 60)));
    struct resident_problem p = {"email", N_("U hebt te vaak om een link gevraagd. Probeer het "
                                             "over een uur opnieuw.")};
    problems_ctx(r, ctx, &p, 1);
}

static void sent_page(struct req *r, bool signup)
{
    json_t *ctx = json_object();
    ctx_bool(ctx, "signup", signup);
    render_page(r, "pages/deelnemen_verstuurd", ctx);
}

void page_join(struct req *r)
{
    if (user_is_resident(r->user)) {
        resp_redirect(r, "/mijn-gegevens");
        return;
    }
    struct resident_input in = {0};
    json_t *ctx = json_object();
    fields_ctx(r, ctx, &in);
    render_page(r, "pages/deelnemen", ctx);
}

void page_join_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct resident_input in;
    read_input(r, true, &in);
    struct resident_problem p[RESIDENT_MAX_PROBLEMS];
    struct resident_client c = client(r);
    int64_t wait = 0;
    int rc = resident_signup(d, r->a, &in, &c, (int64_t)time(NULL), base_url(), p, &wait);
    if (rc == 0) {
        mailer_wake();
        sent_page(r, true);
        return;
    }
    if (rc == RESIDENT_ERROR) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object();
    fields_ctx(r, ctx, &in);
    if (rc == RESIDENT_LIMITED) {
        limited(r, ctx, wait);
    } else {
        r->status = 400;
        problems_ctx(r, ctx, p, rc);
    }
    render_page(r, "pages/deelnemen", ctx);
}

static void login_form(struct req *r, const char *email, const struct resident_problem *p, int n)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_str(ctx, "email", email);
    problems_ctx(r, ctx, p, n);
    render_page(r, "pages/deelnemen_inloggen", ctx);
}

void page_join_login(struct req *r)
{
    if (user_is_resident(r->user)) {
        resp_redirect(r, "/mijn-gegevens");
        return;
    }
    login_form(r, NULL, NULL, 0);
}

void page_join_login_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *email = req_field(r, "email");
    struct resident_client c = client(r);
    int64_t wait = 0;
    int rc = resident_request_link(d, r->a, email, &c, (int64_t)time(NULL), base_url(), &wait);
    if (rc == 0) {
        mailer_wake();
        sent_page(r, false);
        return;
    }
    if (rc == RESIDENT_ERROR) {
        resp_error(r, 500);
        return;
    }
    if (rc == RESIDENT_LIMITED) {
        json_t *ctx = json_object();
        ctx_str(ctx, "csrf", req_csrf(r));
        ctx_str(ctx, "email", email);
        limited(r, ctx, wait);
        render_page(r, "pages/deelnemen_inloggen", ctx);
        return;
    }
    r->status = 400;
    struct resident_problem p = {
        "email", email && *email ? N_("Dit e-mailadres klopt niet. Een e-mailadres ziet eruit als "
                                      "naam@voorbeeld.nl.")
                                 : N_("Vul uw e-mailadres in.")};
    login_form(r, email, &p, 1);
}

static void link_page(struct req *r, const char *token, bool valid)
{
    json_t *ctx = json_object();
    ctx_bool(ctx, "valid", valid);
    ctx_str(ctx, "token", token);
    ctx_str(ctx, "csrf", req_csrf(r));
    if (!valid)
        r->status = 404;
    render_page(r, "pages/deelnemen_link", ctx);
}

void page_join_link(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    link_page(r, token, resident_link_valid(d, token, (int64_t)time(NULL)));
}

void page_join_link_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    struct user *u = arena_alloc(r->a, sizeof *u);
    char session[AUTH_TOKEN_CHARS];
    const char *csrf = NULL;
    int rc = u ? resident_redeem(d, r->a, token, (int64_t)time(NULL), u, session, &csrf)
               : RESIDENT_ERROR;
    if (rc == DB_NOTFOUND) {
        link_page(r, token, false);
        return;
    }
    if (rc != 0) {
        resp_error(r, 500);
        return;
    }
    /* a new session token at every login; the anonymous CSRF cookie goes */
    resp_cookie(r, "wr_session", session, 0);
    resp_cookie(r, "wr_csrf", "", -1);
    resp_redirect(r, "/mijn-gegevens");
}

/* --- Mijn gegevens ------------------------------------------------------------- */

/* An export's time ("2026-12-07T03:07:51Z", UTC) as the page shows times:
 * the municipality's day and hour, "07-12-2026 04:07". */
static const char *export_time(struct req *r, json_t *data, const char *key)
{
    const char *s = json_string_value(json_object_get(data, key));
    int y, mo, d, h, mi, se;
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &se) != 6)
        return NULL;
    return web_local_time(r, civil_to_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se);
}

static void my_page(struct req *r, json_t *ctx, const struct resident_input *in, bool from_form)
{
    db *d = web_db(r);
    json_t *data = d ? resident_export(d, r->a, r->user->id) : NULL;
    if (!data) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    struct resident_input stored = {0};
    json_t *interests = json_object_get(data, "interests");
    size_t n = json_array_size(interests);
    const char **values = arena_alloc(r->a, (n + 1) * sizeof *values);
    json_t *list = json_array();
    for (size_t i = 0; values && i < n; i++) {
        json_t *it = json_array_get(interests, i);
        const char *slug = json_string_value(json_object_get(it, "wijk"));
        const char *topic = json_string_value(json_object_get(it, "topic"));
        values[i] = arena_printf(r->a, "%s:%s", slug, topic);
        const char *label = resident_topic_label(topic);
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:b}", "wijk",
                                        json_string_value(json_object_get(it, "wijk_name")),
                                        "topic", label ? T(r, label) : topic, "last", i + 1 == n));
    }
    json_object_set_new(ctx, "interest_list", list);
    if (!from_form) {
        stored.name = json_string_value(json_object_get(data, "name"));
        stored.wijk = json_string_value(json_object_get(data, "wijk"));
        stored.age_band = json_string_value(json_object_get(data, "age_band"));
        stored.interests = values;
        stored.ninterests = values ? n : 0;
        in = &stored;
    }
    const char *band =
        resident_age_band_label(json_string_value(json_object_get(data, "age_band")));
    ctx_str(ctx, "age_label", band ? T(r, band) : NULL);
    ctx_str(ctx, "created_text", export_time(r, data, "created_at"));
    ctx_str(ctx, "last_active_text", export_time(r, data, "last_active_at"));
    web_mydata_sections(r, data, ctx);
    json_object_set_new(ctx, "data", data);
    web_survey_list_for_resident(r, d, ctx);
    web_notify_summary(r, d, ctx);
    fields_ctx(r, ctx, in);
    ctx_str(ctx, "email", NULL);
    render_page(r, "pages/mijn_gegevens", ctx);
}

void page_my_data(struct req *r)
{
    struct resident_input none = {0};
    json_t *ctx = json_object();
    ctx_bool(ctx, "saved", req_query(r, "opgeslagen") != NULL);
    my_page(r, ctx, &none, false);
}

void page_my_data_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct resident_input in;
    read_input(r, false, &in);
    struct resident_problem p[RESIDENT_MAX_PROBLEMS];
    int rc = resident_change(d, r->a, r->user, &in, (int64_t)time(NULL), p);
    if (rc == 0) {
        resp_redirect(r, "/mijn-gegevens?opgeslagen=1");
        return;
    }
    if (rc < 0) {
        resp_error(r, 500);
        return;
    }
    r->status = 400;
    json_t *ctx = json_object();
    problems_ctx(r, ctx, p, rc);
    my_page(r, ctx, &in, true);
}

void page_my_data_export(struct req *r)
{
    db *d = web_db(r);
    json_t *data = d ? resident_export(d, r->a, r->user->id) : NULL;
    char *s = data ? json_dumps(data, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(data);
    if (!s) {
        resp_error(r, 500);
        return;
    }
    buf *b = &r->body_out;
    buf_reset(b);
    r->status = 200;
    r->content_type_out = "application/json; charset=utf-8";
    resp_header(r, "Content-Disposition", "attachment; filename=\"mijn-gegevens.json\"");
    resp_header(r, "Cache-Control", "no-store");
    buf_puts(b, s);
    free(s);
}

void page_my_data_delete(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *yes = req_field(r, "bevestig");
    if (!yes || strcmp(yes, "ja") != 0) {
        r->status = 400;
        json_t *ctx = json_object();
        ctx_str(ctx, "error_bevestig",
                T(r, "Vink aan dat u uw account wilt verwijderen, en druk dan op de knop."));
        struct resident_input none = {0};
        my_page(r, ctx, &none, false);
        return;
    }
    if (resident_delete(d, r->user, (int64_t)time(NULL)) != 0) {
        resp_error(r, 500);
        return;
    }
    resp_cookie(r, "wr_session", "", -1);
    flash_set(r, "ok", "residentdeleted");
    resp_redirect(r, "/");
}
