/*
 * consult.c: consultations (samenspraak). Public: the list (/samenspraak,
 * ?wijk= for one wijk), a consultation with its process proposal, phases
 * and ideas in four orders with pages (/samenspraak/{id}), its result page,
 * an idea with its reactions and answer; residents post ideas and
 * reactions, support and report. Staff: the list, the form of a
 * consultation, answers, paper input and moderation. domain/consult.c has
 * the rules.
 */
#include "web.h"
#include "render.h"
#include "consult_web.h"

#include "domain/auth.h"
#include "domain/consult.h"
#include "domain/policy.h"
#include "domain/resident.h"
#include "domain/user.h"
#include "http/form.h"
#include "lib/csv.h"
#include "lib/utf8.h"
#include "store/area_store.h"
#include "store/resident_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static const char *consult_url(struct req *r, int64_t id)
{
    return arena_printf(r->a, "/samenspraak/%lld", (long long)id);
}

static const char *idea_url(struct req *r, int64_t cid, int64_t iid)
{
    return arena_printf(r->a, "/samenspraak/%lld/ideeen/%lld", (long long)cid, (long long)iid);
}

static json_t *consult_json(struct req *r, const struct consultation_row *c)
{
    json_t *o = json_object();
    enum consult_phase ph = consult_phase_on(c, web_today(r));
    ctx_int(o, "id", c->id);
    ctx_str(o, "url", consult_url(r, c->id));
    ctx_str(o, "edit_url", arena_printf(r->a, "/werk/samenspraak/%lld", (long long)c->id));
    ctx_str(o, "paper_url", arena_printf(r->a, "/werk/samenspraak/%lld/papier", (long long)c->id));
    ctx_str(o, "vote_setup_url",
            arena_printf(r->a, "/werk/samenspraak/%lld/stemming", (long long)c->id));
    ctx_str(o, "result_url", arena_printf(r->a, "/samenspraak/%lld/resultaat", (long long)c->id));
    ctx_str(o, "title", c->title);
    ctx_str(o, "question", c->question);
    ctx_str(o, "decided_by", c->decided_by);
    ctx_str(o, "open_to", c->open_to);
    ctx_str(o, "not_open", c->not_open);
    ctx_str(o, "wijk", c->wijk_name ? c->wijk_name : T(r, "Heel Zoetermeer"));
    ctx_str(o, "topic_label", web_topic_label(r, c->topic));
    if (c->wijk_slug)
        ctx_str(o, "wijk_url", arena_printf(r->a, "/wijken/%s", c->wijk_slug));
    if (c->focus_title) {
        ctx_str(o, "focus_title", c->focus_title);
        ctx_str(o, "focus_url", arena_printf(r->a, "/focuspunten/%lld", (long long)c->focus_id));
    }
    ctx_str(o, "phase", T(r, consult_phase_label(ph)));
    ctx_bool(o, "in_result", ph == CONSULT_RESULT);
    /* in its result phase, but the municipality has not yet written what it did */
    ctx_bool(o, "result_missing", ph == CONSULT_RESULT && utf8_blank(c->result_text));
    if (c->result_on && *c->result_on)
        ctx_str(o, "result_from", fmt_date(r, c->result_on));
    ctx_int(o, "idea_count", c->idea_count);
    ctx_bool(o, "ideas_one", c->idea_count == 1);
    json_t *phases = json_array();
    const char *days[] = {c->info_on, c->ideas_on, c->reactions_on, c->choice_on, c->result_on};
    for (int i = 0; i < 5; i++) {
        if (!days[i] || !*days[i])
            continue;
        enum consult_phase p = (enum consult_phase)(CONSULT_INFO + i);
        json_array_append_new(phases,
                              json_pack("{s:s,s:s,s:b}", "label", T(r, consult_phase_label(p)),
                                        "from", fmt_date(r, days[i]), "current", p == ph));
    }
    json_object_set_new(o, "phases", phases);
    return o;
}

static bool load_consult(struct req *r, db *d, struct consultation_row *c)
{
    long long id = web_parse_id(req_param(r, 0));
    int rc = id > 0 ? consult_get(d, r->a, id, c) : DB_NOTFOUND;
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

static bool load_idea(struct req *r, db *d, const struct consultation_row *c,
                      struct consult_idea_row *i)
{
    long long id = web_parse_id(req_param(r, 1));
    int64_t viewer = r->user ? r->user->id : 0;
    int rc = id > 0 ? consult_idea_get(d, r->a, id, viewer, i) : DB_NOTFOUND;
    if (rc == DB_OK && i->consultation_id != c->id)
        rc = DB_NOTFOUND;
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

static const char *channel_label(struct req *r, const char *ch)
{
    if (ch && strcmp(ch, "papier") == 0)
        return T(r, "ingebracht op papier");
    if (ch && strcmp(ch, "balie") == 0)
        return T(r, "ingebracht aan de balie");
    if (ch && strcmp(ch, "bijeenkomst") == 0)
        return T(r, "ingebracht op een bijeenkomst");
    return NULL;
}

static const char *author_of(struct req *r, int64_t author_id, const char *name, bool erased,
                             const char *channel)
{
    if (!author_id)
        return channel_label(r, channel);
    if (erased || !name)
        return T(r, "verwijderde deelnemer");
    return name;
}

static json_t *idea_json(struct req *r, const struct consultation_row *c,
                         const struct consult_idea_row *i)
{
    json_t *o = json_object();
    ctx_int(o, "id", i->id);
    ctx_str(o, "url", idea_url(r, c->id, i->id));
    bool hidden = consult_hidden(i->moderation);
    ctx_bool(o, "hidden", hidden);
    ctx_bool(o, "pending", i->moderation && strcmp(i->moderation, "wacht") == 0);
    if (!hidden) {
        ctx_str(o, "title", i->title);
        ctx_str(o, "body", i->body);
        ctx_str(o, "author",
                author_of(r, i->author_id, i->author_name, i->author_erased, i->channel));
    }
    ctx_str(o, "wijk", i->wijk_name ? i->wijk_name : T(r, "Heel Zoetermeer"));
    ctx_str(o, "date", web_local_time(r, i->created_at));
    ctx_str(o, "supports", fmt_number(r, i->support_count));
    ctx_str(o, "reactions", fmt_number(r, i->reaction_count));
    ctx_bool(o, "reactions_one", i->reaction_count == 1);
    ctx_bool(o, "supported", i->supported);
    const char *al = consult_answer_label(i->answer_state);
    if (al && !hidden) {
        ctx_str(o, "answer_state", T(r, al));
        ctx_str(o, "answer_code", i->answer_state);
        ctx_str(o, "answer_text", i->answer_text);
        ctx_str(o, "answered_on", web_local_time(r, i->answered_at));
    }
    return o;
}

/* --- the public list --------------------------------------------------------------------- */

void page_consults(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int64_t area = -1;
    const char *slug = req_query(r, "wijk");
    json_t *ctx = json_object();
    if (slug && *slug) {
        struct wijk w;
        if (area_get_wijk(d, r->a, slug, web_today(r), 0, &w) != DB_OK) {
            resp_error(r, 404);
            json_decref(ctx);
            return;
        }
        area = w.id;
        ctx_str(ctx, "wijk_name", w.name);
        ctx_str(ctx, "wijk_url", arena_printf(r->a, "/wijken/%s", w.slug));
    }
    struct consultation_row *c;
    size_t n;
    json_t *list = json_array();
    if (consult_list(d, r->a, area, &c, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, consult_json(r, &c[i]));
    ctx_bool(ctx, "has_consults", json_array_size(list) > 0);
    json_object_set_new(ctx, "consults", list);
    ctx_bool(ctx, "may_keep", policy_allows(r->user, ACT_CONSULT_PAPER, NULL));
    render_page(r, "pages/samenspraak_lijst", ctx);
}

json_t *web_focus_consultations(struct req *r, db *d, int64_t focus_id)
{
    struct consultation_row *c;
    size_t n;
    json_t *list = json_array();
    if (consult_list_for_focus(d, r->a, focus_id, &c, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, consult_json(r, &c[i]));
    return list;
}

/* --- a consultation ---------------------------------------------------------------------- */

static const struct {
    const char *code, *label;
    enum consult_order order;
} g_orders[] = {
    {"nieuw", N_("Nieuwste eerst"), CONSULT_NEWEST},
    {"steun", N_("Meeste steun"), CONSULT_SUPPORTED},
    {"besproken", N_("Meest besproken"), CONSULT_DISCUSSED},
    {"willekeurig", N_("Willekeurig"), CONSULT_RANDOM},
};

struct idea_form {
    const char *title, *body, *wijk;
    const struct consult_problem *p;
    size_t np;
};

static void problems_into(struct req *r, json_t *ctx, const char *prefix,
                          const struct consult_problem *p, size_t np)
{
    json_t *problems = json_array(), *err = json_object();
    for (size_t i = 0; i < np; i++) {
        const char *field = *p[i].field ? p[i].field : "title";
        json_array_append_new(problems, json_pack("{s:s,s:s}", "anchor",
                                                  arena_printf(r->a, "%s-%s", prefix, field),
                                                  "message", T(r, p[i].msgid)));
        if (!json_object_get(err, field))
            ctx_str(err, field, T(r, p[i].msgid));
    }
    ctx_bool(ctx, "has_problems", np > 0);
    json_object_set_new(ctx, "problems", problems);
    json_object_set_new(ctx, "err", err);
}

static json_t *field(struct req *r, const char *prefix, const char *name, const char *label,
                     const char *hint, const char *value, json_t *err, int rows)
{
    json_t *f = json_object();
    ctx_str(f, "id", arena_printf(r->a, "%s-%s", prefix, name));
    ctx_str(f, "name", name);
    ctx_str(f, "label", T(r, label));
    if (hint)
        ctx_str(f, "hint", T(r, hint));
    ctx_str(f, "value", or_empty(value));
    const char *e = json_string_value(json_object_get(err, name));
    if (e)
        ctx_str(f, "error", e);
    if (rows) {
        ctx_bool(f, "textarea", 1);
        ctx_int(f, "rows", rows);
    }
    return f;
}

/* The wijk options: the city first, then each wijk; selected by slug. */
static json_t *wijk_options(struct req *r, db *d, const char *slug, int64_t area_id)
{
    json_t *opts = json_array();
    json_array_append_new(opts,
                          json_pack("{s:s,s:s,s:b}", "value", "", "label", T(r, "Heel Zoetermeer"),
                                    "selected", !(slug && *slug) && !area_id));
    struct wijk *w;
    size_t nw;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value", w[i].slug, "label",
                                                  w[i].name, "selected",
                                                  slug && *slug ? strcmp(slug, w[i].slug) == 0
                                                                : area_id && w[i].id == area_id));
    return opts;
}

static json_t *select_field(struct req *r, const char *prefix, const char *name, const char *label,
                            json_t *options, json_t *err)
{
    json_t *f = field(r, prefix, name, label, NULL, NULL, err, 0);
    ctx_bool(f, "has_options", 1);
    json_object_set_new(f, "options", options);
    return f;
}

/* The random order's seed, the same for a visitor on every page and day:
 * from the account of who is logged in (the same at every login), else from
 * a random token in a cookie of its own, set when the random order is first
 * asked for (set_cookie). The token says nothing about the visitor. */
#define ORDER_COOKIE     "wr_volgorde"
#define ORDER_COOKIE_AGE (365L * 24 * 3600)

static bool token_ok(const char *t)
{
    size_t n = t ? strlen(t) : 0;
    if (n < 16 || n >= AUTH_TOKEN_CHARS)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
              (t[i] >= '0' && t[i] <= '9') || t[i] == '-' || t[i] == '_'))
            return false;
    return true;
}

static int64_t order_seed(struct req *r, db *d, bool set_cookie)
{
    if (r->user)
        return consult_order_seed(d, arena_printf(r->a, "account:%lld", (long long)r->user->id));
    const char *t = cookie_get(&r->cookies, ORDER_COOKIE);
    if (!token_ok(t)) {
        if (!set_cookie)
            return 1;
        char fresh[AUTH_TOKEN_CHARS];
        auth_random_token(fresh);
        t = arena_strdup(r->a, fresh);
        resp_cookie(r, ORDER_COOKIE, t, ORDER_COOKIE_AGE);
    }
    return consult_order_seed(d, arena_printf(r->a, "visitor:%s", t));
}

static void consult_page(struct req *r, db *d, const struct consultation_row *c,
                         const struct idea_form *form)
{
    json_t *ctx = consult_json(r, c);
    enum consult_phase ph = consult_phase_on(c, web_today(r));
    const char *oc = req_query(r, "volgorde");
    size_t order = 0;
    for (size_t i = 0; oc && i < sizeof g_orders / sizeof g_orders[0]; i++)
        if (strcmp(oc, g_orders[i].code) == 0)
            order = i;
    long long page = web_parse_id(req_query(r, "pagina"));
    if (page < 1 || page > 100000)
        page = 1;
    int64_t seed = order_seed(r, d, g_orders[order].order == CONSULT_RANDOM);
    struct consult_idea_row *ideas;
    size_t n;
    json_t *list = json_array();
    if (consult_ideas(d, r->a, c->id, g_orders[order].order, seed, r->user ? r->user->id : 0,
                      CONSULT_PAGE_SIZE + 1, (size_t)(page - 1) * CONSULT_PAGE_SIZE, &ideas,
                      &n) != DB_OK) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    for (size_t i = 0; i < n && i < CONSULT_PAGE_SIZE; i++)
        json_array_append_new(list, idea_json(r, c, &ideas[i]));
    ctx_bool(ctx, "has_ideas", json_array_size(list) > 0);
    json_object_set_new(ctx, "ideas", list);
    json_t *orders = json_array();
    for (size_t i = 0; i < sizeof g_orders / sizeof g_orders[0]; i++)
        json_array_append_new(orders,
                              json_pack("{s:s,s:s,s:b}", "url",
                                        arena_printf(r->a, "%s?volgorde=%s#ideeen",
                                                     consult_url(r, c->id), g_orders[i].code),
                                        "label", T(r, g_orders[i].label), "current", i == order));
    json_object_set_new(ctx, "orders", orders);
    if (page > 1)
        ctx_str(ctx, "prev_url",
                arena_printf(r->a, "%s?volgorde=%s&pagina=%lld#ideeen", consult_url(r, c->id),
                             g_orders[order].code, page - 1));
    if (n > CONSULT_PAGE_SIZE)
        ctx_str(ctx, "next_url",
                arena_printf(r->a, "%s?volgorde=%s&pagina=%lld#ideeen", consult_url(r, c->id),
                             g_orders[order].code, page + 1));
    ctx_int(ctx, "page", page);

    bool resident = r->user && user_is_resident(r->user);
    bool open = consult_phase_allows_ideas(ph);
    ctx_bool(ctx, "ideas_open", open);
    ctx_bool(ctx, "may_post", open && resident);
    ctx_bool(ctx, "must_log_in", open && !r->user);
    ctx_str(ctx, "post_url", arena_printf(r->a, "/samenspraak/%lld/ideeen", (long long)c->id));
    ctx_bool(ctx, "may_keep", consult_may_keep(r->user, c));
    ctx_bool(ctx, "may_paper", consult_may_enter_paper(r->user, c));
    vote_web_into(r, d, c, ctx, false);
    if (open && resident) {
        problems_into(r, ctx, "i", form ? form->p : NULL, form ? form->np : 0);
        json_t *err = json_object_get(ctx, "err");
        const char *slug = form ? form->wijk : c->wijk_slug;
        json_t *fields = json_array();
        json_array_append_new(fields, field(r, "i", "title", N_("Titel van uw idee"), NULL,
                                            form ? form->title : NULL, err, 0));
        json_array_append_new(fields, field(r, "i", "body", N_("Uw idee"),
                                            N_("Wat stelt u voor, en waarom?"),
                                            form ? form->body : NULL, err, 6));
        json_array_append_new(fields,
                              select_field(r, "i", "wijk", N_("Over welke wijk gaat uw idee?"),
                                           wijk_options(r, d, slug, c->area_id), err));
        json_object_set_new(ctx, "fields", fields);
    }
    render_page(r, "pages/samenspraak", ctx);
}

void page_consult(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    if (!d || !load_consult(r, d, &c))
        return;
    consult_page(r, d, &c, NULL);
}

void page_consult_result(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    if (!d || !load_consult(r, d, &c))
        return;
    json_t *ctx = consult_json(r, &c);
    bool shown = consult_phase_on(&c, web_today(r)) == CONSULT_RESULT && !utf8_blank(c.result_text);
    ctx_bool(ctx, "has_result", shown);
    if (shown)
        ctx_str(ctx, "result_trusted", web_markdown(r, c.result_text, 2));
    /* the answered ideas, most supported first */
    struct consult_idea_row *ideas;
    size_t n;
    json_t *list = json_array();
    if (consult_ideas(d, r->a, c.id, CONSULT_SUPPORTED, 0, 0, 1000, 0, &ideas, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            if (ideas[i].answer_state && !consult_hidden(ideas[i].moderation))
                json_array_append_new(list, idea_json(r, &c, &ideas[i]));
    ctx_bool(ctx, "has_answered", json_array_size(list) > 0);
    json_object_set_new(ctx, "answered", list);
    vote_web_into(r, d, &c, ctx, true);
    render_page(r, "pages/samenspraak_resultaat", ctx);
}

static bool resident_wijk(struct req *r, db *d, const char *slug, int64_t *id)
{
    *id = 0;
    if (!slug || !*slug)
        return true;
    struct wijk w;
    if (area_get_wijk(d, r->a, slug, web_today(r), 0, &w) != DB_OK)
        return false;
    *id = w.id;
    return true;
}

void page_consult_idea_post(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    if (!d || !load_consult(r, d, &c))
        return;
    struct idea_form f = {
        .title = req_field(r, "title"), .body = req_field(r, "body"), .wijk = req_field(r, "wijk")};
    int64_t wijk = 0;
    bool known = resident_wijk(r, d, f.wijk, &wijk);
    struct consult_problem p[CONSULT_MAX_PROBLEMS];
    size_t np = 0;
    int64_t id = 0;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    struct consult_who who = {.u = r->user};
    enum consult_result res = consult_post_idea(d, r->a, &c, &who, f.title, f.body, wijk, !known,
                                                web_today(r), (int64_t)time(NULL), &id, p, &np);
    if (res == CONSULT_OK) {
        web_audit(r, d, "idea_post", "consult_idea", id, NULL,
                  json_pack("{s:I}", "consultation", (json_int_t)c.id));
        web_commit_redirect(r, d, "ideaposted", idea_url(r, c.id, id));
        return;
    }
    db_rollback(d);
    if (res == CONSULT_INVALID) {
        r->status = 400;
        f.p = p;
        f.np = np;
        consult_page(r, d, &c, &f);
        return;
    }
    resp_error(r, res == CONSULT_CLOSED || res == CONSULT_FORBIDDEN ? 403 : 500);
}

/* --- an idea ----------------------------------------------------------------------------- */

struct idea_page_form {
    const char *reaction, *state, *answer, *reason;
    const struct consult_problem *p;
    size_t np;
};

static void idea_page(struct req *r, db *d, const struct consultation_row *c,
                      const struct consult_idea_row *i, const struct idea_page_form *form)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "consult", consult_json(r, c));
    json_object_set_new(ctx, "idea", idea_json(r, c, i));
    enum consult_phase ph = consult_phase_on(c, web_today(r));
    bool resident = r->user && user_is_resident(r->user);
    bool moderator = consult_may_moderate(r->user, c->area_id ? c->region_id : 0);
    struct consult_reaction_row *x;
    size_t nx;
    json_t *list = json_array();
    if (consult_reactions(d, r->a, i->id, &x, &nx) == DB_OK)
        for (size_t k = 0; k < nx; k++) {
            json_t *o = json_object();
            bool hidden = consult_hidden(x[k].moderation);
            ctx_int(o, "id", x[k].id);
            ctx_bool(o, "hidden", hidden);
            ctx_bool(o, "pending", x[k].moderation && strcmp(x[k].moderation, "wacht") == 0);
            if (!hidden) {
                ctx_str(o, "body", x[k].body);
                ctx_str(o, "author",
                        author_of(r, x[k].author_id, x[k].author_name, x[k].author_erased,
                                  x[k].channel));
            }
            ctx_str(o, "date", web_local_time(r, x[k].created_at));
            ctx_bool(o, "may_report", resident && !hidden);
            ctx_bool(o, "may_moderate", moderator);
            json_array_append_new(list, o);
        }
    ctx_bool(ctx, "has_reactions", json_array_size(list) > 0);
    json_object_set_new(ctx, "reactions", list);
    bool open = consult_phase_allows_reactions(ph);
    bool hidden = consult_hidden(i->moderation);
    ctx_bool(ctx, "may_react", open && resident && !hidden);
    ctx_bool(ctx, "may_support", open && resident && !hidden);
    ctx_bool(ctx, "must_log_in", open && !r->user);
    ctx_bool(ctx, "may_report", resident && !hidden);
    ctx_bool(ctx, "may_answer", consult_may_keep(r->user, c));
    ctx_bool(ctx, "may_moderate", moderator);
    const char *base = idea_url(r, c->id, i->id);
    ctx_str(ctx, "react_url", arena_printf(r->a, "%s/reactie", base));
    ctx_str(ctx, "support_url", arena_printf(r->a, "%s/steun", base));
    ctx_str(ctx, "report_url", arena_printf(r->a, "%s/melden", base));
    ctx_str(ctx, "answer_url",
            arena_printf(r->a, "/werk/samenspraak/%lld/ideeen/%lld/antwoord", (long long)c->id,
                         (long long)i->id));
    problems_into(r, ctx, "x", form ? form->p : NULL, form ? form->np : 0);
    json_t *err = json_object_get(ctx, "err");
    json_t *rf = json_array();
    json_array_append_new(rf, field(r, "x", "reaction", N_("Uw reactie"), NULL,
                                    form ? form->reaction : NULL, err, 4));
    json_object_set_new(ctx, "reaction_form", json_pack("{s:o}", "fields", rf));
    json_t *af = json_array(), *opts = json_array();
    const char *cur = form && form->state ? form->state : i->answer_state;
    for (size_t k = 0; k < consult_nanswer_states; k++)
        json_array_append_new(opts,
                              json_pack("{s:s,s:s,s:b}", "value", consult_answer_states[k].code,
                                        "label", T(r, consult_answer_states[k].label), "selected",
                                        cur && strcmp(cur, consult_answer_states[k].code) == 0));
    json_array_append_new(af, select_field(r, "x", "state", N_("Stand van het idee"), opts, err));
    json_array_append_new(af, field(r, "x", "answer",
                                    N_("Antwoord van de gemeente, met de redenen"), NULL,
                                    form && form->answer ? form->answer : i->answer_text, err, 5));
    json_object_set_new(ctx, "answer_form", json_pack("{s:o}", "fields", af));
    ctx_str(ctx, "reason_value", form ? or_empty(form->reason) : "");
    render_page(r, "pages/samenspraak_idee", ctx);
}

void page_consult_idea(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    struct consult_idea_row i;
    if (!d || !load_consult(r, d, &c) || !load_idea(r, d, &c, &i))
        return;
    idea_page(r, d, &c, &i, NULL);
}

void page_consult_reaction_post(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    struct consult_idea_row i;
    if (!d || !load_consult(r, d, &c) || !load_idea(r, d, &c, &i))
        return;
    if (consult_hidden(i.moderation)) {
        resp_error(r, 403);
        return;
    }
    const char *body = req_field(r, "reaction");
    struct consult_problem p[CONSULT_MAX_PROBLEMS];
    size_t np = 0;
    int64_t id = 0;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    struct consult_who who = {.u = r->user};
    enum consult_result res = consult_post_reaction(d, r->a, &c, &i, &who, body, web_today(r),
                                                    (int64_t)time(NULL), &id, p, &np);
    if (res == CONSULT_OK) {
        web_audit(r, d, "reaction_post", "consult_idea", i.id, NULL,
                  json_pack("{s:I}", "reaction", (json_int_t)id));
        web_commit_redirect(r, d, "reactionposted",
                            arena_printf(r->a, "%s#reacties", idea_url(r, c.id, i.id)));
        return;
    }
    db_rollback(d);
    if (res == CONSULT_INVALID) {
        r->status = 400;
        struct idea_page_form f = {.reaction = body, .p = p, .np = np};
        idea_page(r, d, &c, &i, &f);
        return;
    }
    resp_error(r, res == CONSULT_CLOSED || res == CONSULT_FORBIDDEN ? 403 : 500);
}

void page_consult_support_post(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    struct consult_idea_row i;
    if (!d || !load_consult(r, d, &c) || !load_idea(r, d, &c, &i))
        return;
    const char *act = req_field(r, "actie");
    bool on = act && strcmp(act, "steunen") == 0;
    if (consult_hidden(i.moderation) || !(on || (act && strcmp(act, "intrekken") == 0))) {
        resp_error(r, 400);
        return;
    }
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    enum consult_result res =
        consult_support(d, r->a, &c, &i, r->user, on, web_today(r), (int64_t)time(NULL));
    if (res == CONSULT_OK || res == CONSULT_DUPLICATE) {
        /* support once: a second press changes nothing */
        if (res == CONSULT_OK)
            web_audit(r, d, on ? "support" : "support_withdraw", "consult_idea", i.id, NULL, NULL);
        web_commit_redirect(r, d, "saved", idea_url(r, c.id, i.id));
        return;
    }
    db_rollback(d);
    resp_error(r, res == CONSULT_CLOSED || res == CONSULT_FORBIDDEN ? 403 : 500);
}

void page_consult_report_post(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    struct consult_idea_row i;
    if (!d || !load_consult(r, d, &c) || !load_idea(r, d, &c, &i))
        return;
    long long rid = web_parse_id(req_field(r, "reactie"));
    const char *kind = rid > 0 ? "reactie" : "idee";
    int64_t item = rid > 0 ? rid : i.id;
    if (rid > 0) {
        struct consult_reaction_row x;
        if (consult_reaction_get(d, r->a, rid, &x) != DB_OK || x.idea_id != i.id) {
            resp_error(r, 404);
            return;
        }
    }
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    bool hidden = false;
    enum consult_result res =
        consult_report(d, r->a, kind, item, r->user, (int64_t)time(NULL), &hidden);
    if (res == CONSULT_OK || res == CONSULT_DUPLICATE) {
        if (res == CONSULT_OK)
            web_audit(r, d, hidden ? "report_hidden" : "report", "consult_idea", i.id, NULL,
                      json_pack("{s:s,s:I}", "kind", kind, "item", (json_int_t)item));
        web_commit_redirect(r, d, "saved", idea_url(r, c.id, i.id));
        return;
    }
    db_rollback(d);
    resp_error(r, res == CONSULT_NOT_FOUND ? 404 : res == CONSULT_FORBIDDEN ? 403 : 500);
}

void page_consult_answer_post(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    struct consult_idea_row i;
    if (!d || !load_consult(r, d, &c) || !load_idea(r, d, &c, &i))
        return;
    if (!consult_may_keep(r->user, &c)) {
        resp_error(r, 403);
        return;
    }
    struct idea_page_form f = {.state = req_field(r, "state"), .answer = req_field(r, "answer")};
    struct consult_problem p;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    enum consult_result res =
        consult_answer(d, &c, i.id, r->user, f.state, f.answer, (int64_t)time(NULL), &p);
    if (res == CONSULT_OK) {
        web_audit(r, d, "answer", "consult_idea", i.id, NULL, json_pack("{s:s}", "state", f.state));
        web_commit_redirect(r, d, "saved", idea_url(r, c.id, i.id));
        return;
    }
    db_rollback(d);
    if (res == CONSULT_INVALID) {
        r->status = 400;
        f.p = &p;
        f.np = 1;
        idea_page(r, d, &c, &i, &f);
        return;
    }
    resp_error(r, res == CONSULT_FORBIDDEN ? 403 : res == CONSULT_NOT_FOUND ? 404 : 500);
}

/* --- moderation -------------------------------------------------------------------------- */

/* The queue; with a problem of one item's reason (kind, item) when the
 * moderator's decision lacked it. */
static void moderation_page(struct req *r, db *d, const struct consult_problem *p, const char *kind,
                            long long item)
{
    struct consult_moderation_row *m;
    size_t n;
    if (consult_moderation_queue(d, r->a, &m, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!consult_may_moderate(r->user, m[i].region_id))
            continue;
        json_t *o = json_object();
        ctx_str(o, "kind", m[i].kind);
        ctx_bool(o, "is_reaction", strcmp(m[i].kind, "reactie") == 0);
        ctx_int(o, "item", m[i].item_id);
        ctx_str(o, "title", m[i].title);
        ctx_str(o, "body", m[i].body);
        ctx_str(o, "consultation", m[i].consultation_title);
        ctx_str(o, "url", idea_url(r, m[i].consultation_id, m[i].idea_id));
        ctx_int(o, "reports", m[i].report_count);
        ctx_bool(o, "reports_one", m[i].report_count == 1);
        ctx_bool(o, "pending", m[i].moderation && strcmp(m[i].moderation, "wacht") == 0);
        if (p && kind && strcmp(kind, m[i].kind) == 0 && item == m[i].item_id)
            ctx_str(o, "error", T(r, p->msgid));
        json_array_append_new(list, o);
    }
    json_t *ctx = json_object();
    ctx_bool(ctx, "has_items", json_array_size(list) > 0);
    json_object_set_new(ctx, "items", list);
    /* the decisions so far, each kept with its reason */
    struct consult_decision_row *dr;
    size_t nd;
    json_t *hist = json_array();
    if (consult_moderation_decisions(d, r->a, 50, &dr, &nd) == DB_OK)
        for (size_t i = 0; i < nd; i++) {
            if (!consult_may_moderate(r->user, dr[i].region_id))
                continue;
            json_t *o = json_object();
            ctx_bool(o, "is_reaction", strcmp(dr[i].kind, "reactie") == 0);
            ctx_str(o, "title", dr[i].title);
            ctx_str(o, "url", idea_url(r, dr[i].consultation_id, dr[i].idea_id));
            ctx_str(o, "decision",
                    strcmp(dr[i].decision, "verborgen") == 0 ? T(r, "verborgen")
                                                             : T(r, "hersteld"));
            ctx_str(o, "reason", dr[i].reason);
            ctx_str(o, "date", web_local_time(r, dr[i].decided_at));
            json_array_append_new(hist, o);
        }
    ctx_bool(ctx, "has_decisions", json_array_size(hist) > 0);
    json_object_set_new(ctx, "decisions", hist);
    if (p) {
        ctx_bool(ctx, "has_problems", 1);
        json_object_set_new(ctx, "problems",
                            json_pack("[{s:s,s:s}]", "anchor",
                                      arena_printf(r->a, "m-reason-%s-%lld", kind, item), "message",
                                      T(r, p->msgid)));
    }
    render_page(r, "pages/werk_moderatie", ctx);
}

void page_consult_moderation(struct req *r)
{
    db *d = web_db(r);
    if (d)
        moderation_page(r, d, NULL, NULL, 0);
}

void page_consult_moderation_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *kind = req_field(r, "kind");
    long long item = web_parse_id(req_field(r, "item"));
    const char *act = req_field(r, "actie");
    bool hide = act && strcmp(act, "verbergen") == 0;
    if (!kind || item <= 0 || !(hide || (act && strcmp(act, "herstellen") == 0))) {
        resp_error(r, 400);
        return;
    }
    const char *reason = req_field(r, "reason");
    struct consult_problem p;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    enum consult_result res =
        consult_moderate(d, r->a, kind, item, r->user, hide, reason, (int64_t)time(NULL), &p);
    if (res == CONSULT_OK) {
        /* the trail records the decision with its reason (the form asks for no
         * personal data in it); the reporters and the text stay out */
        web_audit(
            r, d, hide ? "moderate_hide" : "moderate_restore",
            strcmp(kind, "idee") == 0 ? "consult_idea" : "consult_reaction", item, NULL,
            json_pack("{s:s,s:s}", "decision", hide ? "verborgen" : "hersteld", "reason", reason));
        web_commit_redirect(r, d, "saved",
                            http_return_target(req_field(r, "terug"), "/werk/moderatie"));
        return;
    }
    db_rollback(d);
    if (res == CONSULT_INVALID) {
        r->status = 400;
        moderation_page(r, d, &p, kind, item);
        return;
    }
    resp_error(r, res == CONSULT_FORBIDDEN ? 403 : res == CONSULT_NOT_FOUND ? 404 : 500);
}

/* --- staff: the list and the form -------------------------------------------------------- */

/* The consultations c (n of them) that user u keeps and that are in their
 * result phase without a result text: the staff's to-do. */
static json_t *results_unwritten(struct req *r, const struct consultation_row *c, size_t n)
{
    json_t *unwritten = json_array();
    for (size_t i = 0; i < n; i++)
        if (consult_phase_on(&c[i], web_today(r)) == CONSULT_RESULT &&
            utf8_blank(c[i].result_text) && consult_may_keep(r->user, &c[i]))
            json_array_append_new(
                unwritten,
                json_pack(
                    "{s:s,s:s,s:s,s:s}", "title", c[i].title, "wijk",
                    c[i].wijk_name ? c[i].wijk_name : T(r, "Heel Zoetermeer"), "url",
                    arena_printf(r->a, "/werk/samenspraak/%lld#c-result_text", (long long)c[i].id),
                    "since", fmt_date(r, c[i].result_on)));
    return unwritten;
}

void consult_web_work_into(struct req *r, db *d, json_t *ctx)
{
    const struct user *u = r->user;
    bool consults = policy_allows(u, ACT_CONSULT_PAPER, NULL);
    bool surveys = policy_allows(u, ACT_SURVEY_ENTER, NULL);
    bool moderate = policy_allows(u, ACT_CONSULT_MODERATE, NULL);
    ctx_bool(ctx, "can_consults", consults);
    ctx_bool(ctx, "can_surveys", surveys);
    ctx_bool(ctx, "can_moderate", moderate);
    ctx_bool(ctx, "can_participation", consults || surveys || moderate);
    if (moderate) {
        struct consult_moderation_row *m;
        size_t n, waiting = 0;
        if (consult_moderation_queue(d, r->a, &m, &n) == DB_OK)
            for (size_t i = 0; i < n; i++)
                waiting += consult_may_moderate(u, m[i].region_id);
        ctx_int(ctx, "moderation_waiting", (long long)waiting);
        ctx_bool(ctx, "moderation_one", waiting == 1);
        ctx_bool(ctx, "has_moderation_waiting", waiting > 0);
    }
    if (policy_allows(u, ACT_CONSULT_EDIT, NULL)) {
        struct consultation_row *c;
        size_t n;
        json_t *unwritten =
            consult_list(d, r->a, -1, &c, &n) == DB_OK ? results_unwritten(r, c, n) : json_array();
        ctx_bool(ctx, "has_results_unwritten", json_array_size(unwritten) > 0);
        json_object_set_new(ctx, "results_unwritten", unwritten);
    }
}

void page_work_consults(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct consultation_row *c = NULL;
    size_t n = 0;
    json_t *list = json_array();
    if (consult_list(d, r->a, -1, &c, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            json_t *o = consult_json(r, &c[i]);
            ctx_bool(o, "may_keep", consult_may_keep(r->user, &c[i]));
            ctx_bool(o, "may_paper", consult_may_enter_paper(r->user, &c[i]));
            json_array_append_new(list, o);
        }
    json_t *ctx = json_object();
    ctx_bool(ctx, "has_consults", json_array_size(list) > 0);
    json_object_set_new(ctx, "consults", list);
    json_t *unwritten = results_unwritten(r, c, n);
    ctx_bool(ctx, "has_results_unwritten", json_array_size(unwritten) > 0);
    json_object_set_new(ctx, "results_unwritten", unwritten);
    ctx_bool(ctx, "may_create", policy_allows(r->user, ACT_CONSULT_EDIT, NULL));
    ctx_bool(ctx, "may_moderate", policy_allows(r->user, ACT_CONSULT_MODERATE, NULL));
    render_page(r, "pages/werk_samenspraak_lijst", ctx);
}

static void read_consult_form(struct req *r, db *d, struct consult_input *in, const char **slug)
{
    memset(in, 0, sizeof *in);
    in->title = req_field(r, "title");
    in->question = req_field(r, "question");
    in->decided_by = req_field(r, "decided_by");
    in->open_to = req_field(r, "open_to");
    in->not_open = req_field(r, "not_open");
    in->info_on = web_date_field(r, "info_on");
    in->ideas_on = web_date_field(r, "ideas_on");
    in->reactions_on = web_date_field(r, "reactions_on");
    in->choice_on = web_date_field(r, "choice_on");
    in->result_on = web_date_field(r, "result_on");
    in->result_text = req_field(r, "result_text");
    in->topic = req_field(r, "topic");
    *slug = req_field(r, "wijk");
    int64_t w = 0;
    in->wijk_unknown = !resident_wijk(r, d, *slug, &w);
    in->area_id = w;
    const char *f = req_field(r, "focus");
    if (f && *f) {
        long long fid = web_parse_id(f);
        struct focuspunt *fp;
        size_t nf;
        in->focus_unknown = true;
        if (fid > 0 && area_list_focuspunten(d, r->a, 0, &fp, &nf) == DB_OK)
            for (size_t i = 0; i < nf; i++)
                if (fp[i].id == fid) {
                    in->focus_id = fid;
                    in->focus_unknown = false;
                }
    }
}

static void consult_form_page(struct req *r, db *d, const struct consultation_row *c,
                              const struct consult_input *in, const char *slug,
                              const struct consult_problem *p, size_t np)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "title", c ? T(r, "Samenspraak bewerken") : T(r, "Nieuwe samenspraak"));
    ctx_str(ctx, "action",
            c ? arena_printf(r->a, "/werk/samenspraak/%lld", (long long)c->id)
              : "/werk/samenspraak/nieuw");
    if (c)
        json_object_set_new(ctx, "consult", consult_json(r, c));
    problems_into(r, ctx, "c", p, np);
    json_t *err = json_object_get(ctx, "err");
    json_t *fields = json_array();
    json_array_append_new(fields, field(r, "c", "title", N_("Titel"), NULL, in->title, err, 0));
    json_array_append_new(fields, select_field(r, "c", "wijk", N_("Wijk"),
                                               wijk_options(r, d, slug, in->area_id), err));
    json_t *fo = json_array();
    json_array_append_new(fo, json_pack("{s:s,s:s,s:b}", "value", "", "label",
                                        T(r, "Geen focuspunt"), "selected", !in->focus_id));
    struct focuspunt *fp;
    size_t nf;
    if (area_list_focuspunten(d, r->a, 0, &fp, &nf) == DB_OK)
        for (size_t i = 0; i < nf; i++)
            json_array_append_new(
                fo, json_pack("{s:s,s:s,s:b}", "value",
                              arena_printf(r->a, "%lld", (long long)fp[i].id), "label",
                              arena_printf(r->a, "%s: %s",
                                           fmt_focus_code(r, fp[i].number, fp[i].period_start),
                                           fp[i].title),
                              "selected", in->focus_id == fp[i].id));
    json_array_append_new(fields, select_field(r, "c", "focus", N_("Focuspunt"), fo, err));
    /* the topic's options as partials/onderwerp_veld has them (an unknown code kept) */
    web_topic_field(r, ctx, "c-topic", in->topic, NULL);
    json_t *tf = json_object_get(ctx, "topic_field"), *to = json_array();
    const char *unknown = json_string_value(json_object_get(tf, "unknown"));
    json_array_append_new(to,
                          json_pack("{s:s,s:s,s:b}", "value", "", "label", T(r, "Geen onderwerp"),
                                    "selected", !in->topic || !*in->topic));
    size_t ti;
    json_t *t;
    json_array_foreach(json_object_get(tf, "options"), ti, t) json_array_append_new(
        to, json_pack("{s:O,s:O,s:O}", "value", json_object_get(t, "code"), "label",
                      json_object_get(t, "label"), "selected", json_object_get(t, "selected")));
    if (unknown)
        json_array_append_new(
            to, json_pack("{s:s,s:s,s:b}", "value", unknown, "label", unknown, "selected", 1));
    json_object_del(ctx, "topic_field");
    json_array_append_new(fields,
                          select_field(r, "c", "topic", N_("Onderwerp (optioneel)"), to, err));
    json_array_append_new(fields, field(r, "c", "question", N_("De vraag aan de bewoners"),
                                        N_("Eén duidelijke vraag."), in->question, err, 2));
    json_array_append_new(fields,
                          field(r, "c", "decided_by", N_("Wie besloot tot deze samenspraak?"), NULL,
                                in->decided_by, err, 3));
    json_array_append_new(fields,
                          field(r, "c", "open_to", N_("Waarover kunnen bewoners meepraten?"), NULL,
                                in->open_to, err, 3));
    json_array_append_new(
        fields, field(r, "c", "not_open", N_("Wat ligt al vast?"), NULL, in->not_open, err, 3));
    static const struct {
        const char *name, *label;
    } dates[] = {
        {"info_on", N_("Informatie: eerste dag")},
        {"ideas_on", N_("Ideeën: eerste dag")},
        {"reactions_on", N_("Reacties: eerste dag")},
        {"choice_on", N_("Keuze: eerste dag (leeg: geen keuze)")},
        {"result_on", N_("Resultaat: eerste dag")},
    };
    const char *dv[] = {in->info_on, in->ideas_on, in->reactions_on, in->choice_on, in->result_on};
    for (size_t i = 0; i < 5; i++) {
        json_t *f = field(r, "c", dates[i].name, dates[i].label, N_("Bijvoorbeeld 15-04-2026."),
                          dv[i] ? web_date_typed(r, dv[i]) : "", err, 0);
        ctx_bool(f, "date", 1);
        json_array_append_new(fields, f);
    }
    json_array_append_new(
        fields, field(r, "c", "result_text", N_("Resultaat: wat is er met de inbreng gedaan?"),
                      N_("Verschijnt op de resultaatpagina zodra de fase resultaat "
                         "begint. U kunt Markdown gebruiken."),
                      in->result_text, err, 8));
    json_object_set_new(ctx, "fields", fields);
    render_page(r, "pages/werk_samenspraak_form", ctx);
}

void page_work_consult_new(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct consult_input in = {.info_on = web_today(r)};
    consult_form_page(r, d, NULL, &in, NULL, NULL, 0);
}

static void save_consult(struct req *r, db *d, const struct consultation_row *c)
{
    struct consult_input in;
    const char *slug;
    read_consult_form(r, d, &in, &slug);
    struct consult_problem p[CONSULT_MAX_PROBLEMS];
    size_t np = consult_validate(&in, p);
    /* the wijk decides who keeps it: the keeper must keep what it becomes */
    struct consultation_row after = {.area_id = in.area_id};
    if (!np && in.area_id) {
        struct wijk w;
        if (area_get_wijk(d, r->a, slug, web_today(r), 0, &w) == DB_OK)
            after.region_id = w.region_id;
    }
    if (!np && !consult_may_keep(r->user, &after)) {
        p[np++] = (struct consult_problem){
            "wijk", N_("U houdt alleen samenspraak bij in de wijken van uw eigen regio.")};
    }
    if (np) {
        r->status = 400;
        consult_form_page(r, d, c, &in, slug, p, np);
        return;
    }
    int64_t id = 0;
    if (db_begin_write(d) != DB_OK ||
        consult_save(d, c ? c->id : 0, &in, r->user->id, (int64_t)time(NULL), &id) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, c ? "update" : "create", "consultation", id, NULL,
              json_pack("{s:s}", "wijk", slug && *slug ? slug : "stad"));
    web_commit_redirect(r, d, "saved", arena_printf(r->a, "/werk/samenspraak/%lld", (long long)id));
}

void page_work_consult_new_post(struct req *r)
{
    db *d = web_db(r);
    if (d)
        save_consult(r, d, NULL);
}

static bool load_kept(struct req *r, db *d, struct consultation_row *c)
{
    if (!load_consult(r, d, c))
        return false;
    if (!consult_may_keep(r->user, c)) {
        resp_error(r, 403);
        return false;
    }
    return true;
}

void page_work_consult(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    if (!d || !load_kept(r, d, &c))
        return;
    struct consult_input in = {.title = c.title,
                               .question = c.question,
                               .decided_by = c.decided_by,
                               .open_to = c.open_to,
                               .not_open = c.not_open,
                               .info_on = c.info_on,
                               .ideas_on = c.ideas_on,
                               .reactions_on = c.reactions_on,
                               .choice_on = c.choice_on,
                               .result_on = c.result_on,
                               .result_text = c.result_text,
                               .topic = c.topic,
                               .area_id = c.area_id,
                               .focus_id = c.focus_id};
    consult_form_page(r, d, &c, &in, NULL, NULL, 0);
}

void page_work_consult_post(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    if (d && load_kept(r, d, &c))
        save_consult(r, d, &c);
}

/* --- staff: paper input ------------------------------------------------------------------ */

struct paper_form {
    const char *kind, *channel, *postcode, *house_number, *age_band, *title, *body, *wijk, *idea;
    const struct consult_problem *p;
    size_t np;
};

static json_t *options_of(struct req *r, const char *const *codes, const char *const *labels,
                          size_t n, const char *cur)
{
    json_t *o = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(o, json_pack("{s:s,s:s,s:b}", "value", codes[i], "label",
                                           T(r, labels[i]), "selected",
                                           cur && strcmp(cur, codes[i]) == 0));
    return o;
}

static void paper_page(struct req *r, db *d, const struct consultation_row *c,
                       const struct paper_form *f)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "consult", consult_json(r, c));
    ctx_str(ctx, "action", arena_printf(r->a, "/werk/samenspraak/%lld/papier", (long long)c->id));
    problems_into(r, ctx, "p", f->p, f->np);
    json_t *err = json_object_get(ctx, "err");
    json_t *fields = json_array();
    static const char *const kinds[] = {"idee", "reactie", "steun"};
    static const char *const kind_labels[] = {N_("Een idee"), N_("Een reactie op een idee"),
                                              N_("Steun voor een idee")};
    json_array_append_new(fields, select_field(r, "p", "kind", N_("Wat voert u in?"),
                                               options_of(r, kinds, kind_labels, 3, f->kind), err));
    static const char *const chans[] = {"papier", "balie", "bijeenkomst"};
    static const char *const chan_labels[] = {N_("Op papier"), N_("Aan de balie"),
                                              N_("Op een bijeenkomst")};
    json_array_append_new(fields,
                          select_field(r, "p", "channel", N_("Hoe is de inbreng verzameld?"),
                                       options_of(r, chans, chan_labels, 3, f->channel), err));
    json_array_append_new(fields, field(r, "p", "postcode", N_("Postcode van de deelnemer"),
                                        N_("Alleen om de deelnemer één keer te tellen: we "
                                           "bewaren een sleutel, niet het adres."),
                                        f->postcode, err, 0));
    json_array_append_new(
        fields, field(r, "p", "house_number", N_("Huisnummer"), NULL, f->house_number, err, 0));
    const char *ab[16], *abl[16];
    size_t nab = 0;
    ab[nab] = "";
    abl[nab++] = N_("Niet opgegeven");
    for (size_t i = 0; i < resident_nage_bands && nab < 16; i++, nab++) {
        ab[nab] = resident_age_bands[i].code;
        abl[nab] = resident_age_bands[i].label;
    }
    json_array_append_new(fields, select_field(r, "p", "age_band", N_("Leeftijd (als opgegeven)"),
                                               options_of(r, ab, abl, nab, f->age_band), err));
    json_array_append_new(fields, field(r, "p", "title", N_("Titel van het idee"),
                                        N_("Alleen bij een idee."), f->title, err, 0));
    json_array_append_new(fields, select_field(r, "p", "wijk", N_("Over welke wijk gaat het idee?"),
                                               wijk_options(r, d, f->wijk, c->area_id), err));
    json_array_append_new(fields, field(r, "p", "idea", N_("Nummer van het idee"),
                                        N_("Alleen bij een reactie of steun: het nummer staat bij "
                                           "het idee op de website."),
                                        f->idea, err, 0));
    json_array_append_new(fields, field(r, "p", "body", N_("De tekst"), NULL, f->body, err, 6));
    json_object_set_new(ctx, "fields", fields);
    render_page(r, "pages/werk_samenspraak_papier", ctx);
}

static bool load_paper(struct req *r, db *d, struct consultation_row *c)
{
    if (!load_consult(r, d, c))
        return false;
    if (!consult_may_enter_paper(r->user, c)) {
        resp_error(r, 403);
        return false;
    }
    return true;
}

void page_work_consult_paper(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    if (!d || !load_paper(r, d, &c))
        return;
    struct paper_form f = {.kind = "idee", .channel = "papier"};
    paper_page(r, d, &c, &f);
}

void page_work_consult_paper_post(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    if (!d || !load_paper(r, d, &c))
        return;
    struct paper_form f = {.kind = req_field(r, "kind"),
                           .channel = req_field(r, "channel"),
                           .postcode = req_field(r, "postcode"),
                           .house_number = req_field(r, "house_number"),
                           .age_band = req_field(r, "age_band"),
                           .title = req_field(r, "title"),
                           .body = req_field(r, "body"),
                           .wijk = req_field(r, "wijk"),
                           .idea = req_field(r, "idea")};
    bool reaction = f.kind && strcmp(f.kind, "reactie") == 0;
    bool support = f.kind && strcmp(f.kind, "steun") == 0;
    struct consult_who who = {.staff = r->user,
                              .channel = f.channel,
                              .postcode = f.postcode,
                              .house_number = f.house_number,
                              .age_band = f.age_band};
    struct consult_problem p[CONSULT_MAX_PROBLEMS];
    size_t np = 0;
    int64_t id = 0, now = (int64_t)time(NULL);
    enum consult_result res;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    struct consult_idea_row idea;
    if (reaction || support) {
        long long iid = web_parse_id(f.idea);
        if (iid <= 0 || consult_idea_get(d, r->a, iid, 0, &idea) != DB_OK ||
            idea.consultation_id != c.id) {
            p[np++] = (struct consult_problem){
                "idea", N_("Vul het nummer in van een idee uit deze samenspraak.")};
            res = CONSULT_INVALID;
        } else if (support) {
            res = consult_support_paper(d, r->a, &c, &idea, &who, web_today(r), now, p, &np);
            id = idea.id;
            if (res == CONSULT_DUPLICATE) {
                p[np++] = (struct consult_problem){
                    "postcode", N_("Vanaf dit adres wordt dit idee al gesteund: elk adres steunt "
                                   "een idee één keer, zoals elk account online.")};
                res = CONSULT_INVALID;
            }
        } else {
            res = consult_post_reaction(d, r->a, &c, &idea, &who, f.body, web_today(r), now, &id, p,
                                        &np);
            for (size_t i = 0; i < np; i++)
                if (strcmp(p[i].field, "reaction") == 0)
                    p[i].field = "body";
        }
    } else {
        int64_t wijk = 0;
        bool known = resident_wijk(r, d, f.wijk, &wijk);
        res = consult_post_idea(d, r->a, &c, &who, f.title, f.body, wijk, !known, web_today(r), now,
                                &id, p, &np);
    }
    if (res == CONSULT_OK) {
        web_audit(r, d,
                  support    ? "paper_support"
                  : reaction ? "paper_reaction"
                             : "paper_idea",
                  "consultation", c.id, NULL,
                  json_pack("{s:s,s:I}", "channel", f.channel, "item", (json_int_t)id));
        web_commit_redirect(r, d, "saved",
                            arena_printf(r->a, "/werk/samenspraak/%lld/papier", (long long)c.id));
        return;
    }
    db_rollback(d);
    if (res == CONSULT_INVALID) {
        r->status = 400;
        f.p = p;
        f.np = np;
        paper_page(r, d, &c, &f);
        return;
    }
    if (res == CONSULT_CLOSED) {
        r->status = 400;
        struct consult_problem closed = {
            "kind", N_("In deze fase van de samenspraak kan geen inbreng meer worden ingevoerd.")};
        f.p = &closed;
        f.np = 1;
        paper_page(r, d, &c, &f);
        return;
    }
    resp_error(r, res == CONSULT_FORBIDDEN ? 403 : 500);
}

/* --- open data --------------------------------------------------------------------------- */

void open_data_consults(struct req *r, db *d, bool csv)
{
    struct consultation_row *c;
    size_t nc;
    struct consult_idea_row *ideas;
    size_t ni;
    if (consult_list(d, r->a, -1, &c, &nc) != DB_OK ||
        consult_open_ideas(d, r->a, &ideas, &ni) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    buf *b = &r->body_out;
    buf_reset(b);
    r->status = 200;
    if (csv) {
        static const struct csv_col cols[] = {
            {"consultatie_id", CSV_NUMBER},
            {"consultatie", CSV_TEXT},
            {"wijk", CSV_TEXT},
            {"fase", CSV_TEXT},
            {"idee_id", CSV_NUMBER},
            {"titel", CSV_TEXT},
            {"tekst", CSV_TEXT},
            {"idee_wijk", CSV_TEXT},
            {"kanaal", CSV_TEXT},
            {"datum", CSV_TEXT},
            {"steun", CSV_NUMBER},
            {"reacties", CSV_NUMBER},
            {"stand", CSV_TEXT},
            {"antwoord", CSV_TEXT},
            {"stemmen", CSV_NUMBER},
            {"binnen_budget", CSV_TEXT},
        };
        const size_t ncols = sizeof cols / sizeof cols[0];
        csv_header(b, cols, ncols);
        for (size_t k = 0; k < nc; k++) {
            struct vote_web_tally tally;
            vote_web_tally_of(r, d, &c[k], &tally);
            for (size_t i = 0; i < ni; i++) {
                if (ideas[i].consultation_id != c[k].id)
                    continue;
                const char *votes, *fits;
                vote_web_idea_counts(r, &tally, ideas[i].id, &votes, &fits);
                csv_row(b, cols, ncols, arena_printf(r->a, "%lld", (long long)c[k].id), c[k].title,
                        c[k].wijk_slug ? c[k].wijk_slug : "stad",
                        consult_phase_label(consult_phase_on(&c[k], web_today(r))),
                        arena_printf(r->a, "%lld", (long long)ideas[i].id), ideas[i].title,
                        ideas[i].body, or_empty(ideas[i].wijk_name), ideas[i].channel,
                        web_local_time(r, ideas[i].created_at),
                        arena_printf(r->a, "%lld", (long long)ideas[i].support_count),
                        arena_printf(r->a, "%lld", (long long)ideas[i].reaction_count),
                        or_empty(ideas[i].answer_state), or_empty(ideas[i].answer_text), votes,
                        fits);
            }
        }
        r->content_type_out = "text/csv; charset=utf-8";
        resp_header(r, "Content-Disposition", "inline; filename=\"consultaties.csv\"");
        return;
    }
    json_t *arr = json_array();
    for (size_t k = 0; k < nc; k++) {
        json_t *il = json_array();
        for (size_t i = 0; i < ni; i++) {
            const struct consult_idea_row *x = &ideas[i];
            if (x->consultation_id != c[k].id)
                continue;
            json_t *o =
                json_pack("{s:I,s:s,s:s,s:s?,s:s,s:I,s:I,s:I}", "id", (json_int_t)x->id, "title",
                          x->title, "text", x->body, "wijk", x->wijk_name, "channel", x->channel,
                          "created_at", (json_int_t)x->created_at, "supports",
                          (json_int_t)x->support_count, "reactions", (json_int_t)x->reaction_count);
            if (o && x->answer_state)
                json_object_set_new(o, "answer",
                                    json_pack("{s:s,s:s?,s:I}", "state", x->answer_state, "text",
                                              x->answer_text, "answered_at",
                                              (json_int_t)x->answered_at));
            if (o)
                json_array_append_new(il, o);
        }
        json_t *o = json_pack(
            "{s:I,s:s,s:s,s:s?,s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s,s:s?,s:s},s:s,s:s,s:o}", "id",
            (json_int_t)c[k].id, "title", c[k].title, "question", c[k].question, "wijk",
            c[k].wijk_slug, "decided_by", c[k].decided_by, "open_to", c[k].open_to, "not_open",
            c[k].not_open, "phase", consult_phase_label(consult_phase_on(&c[k], web_today(r))),
            "phases", "informatie", c[k].info_on, "ideeen", c[k].ideas_on, "reacties",
            c[k].reactions_on, "keuze", c[k].choice_on, "resultaat", c[k].result_on, "result",
            consult_phase_on(&c[k], web_today(r)) == CONSULT_RESULT ? or_empty(c[k].result_text)
                                                                    : "",
            "url", consult_url(r, c[k].id), "ideas", il);
        json_t *vote = o ? vote_web_open_data(r, d, &c[k]) : NULL;
        if (vote)
            json_object_set_new(o, "vote", vote);
        if (o)
            json_array_append_new(arr, o);
    }
    json_t *doc = json_pack("{s:o}", "consultations", arr);
    char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    if (!text) {
        resp_error(r, 500);
        return;
    }
    buf_append(b, text, strlen(text));
    free(text);
    r->content_type_out = "application/json; charset=utf-8";
}

/* --- shared with vote.c ------------------------------------------------------------------ */

json_t *consult_web_json(struct req *r, const struct consultation_row *c)
{
    return consult_json(r, c);
}

bool consult_web_load(struct req *r, db *d, struct consultation_row *c)
{
    return load_consult(r, d, c);
}

void consult_web_problems(struct req *r, json_t *ctx, const char *prefix,
                          const struct consult_problem *p, size_t np)
{
    problems_into(r, ctx, prefix, p, np);
}

json_t *consult_web_field(struct req *r, const char *prefix, const char *name, const char *label,
                          const char *hint, const char *value, json_t *err, int rows)
{
    return field(r, prefix, name, label, hint, value, err, rows);
}

json_t *consult_web_options(struct req *r, const char *const *codes, const char *const *labels,
                            size_t n, const char *cur)
{
    return options_of(r, codes, labels, n, cur);
}

json_t *consult_web_select(struct req *r, const char *prefix, const char *name, const char *label,
                           json_t *options, json_t *err)
{
    return select_field(r, prefix, name, label, options, err);
}
