/*
 * spreekuur.c: the digital wijkspreekuur (domain/spreekuur.h). A wijk's
 * public questions and answers with the form to ask
 * (/wijken/{slug}/spreekuur), a question's page (/spreekuur/{id}, a
 * private one only for who may read it), the work list of the wethouder
 * and their delegates with the term (/werk/spreekuur), the delegation,
 * and the counter's form with the answers to hand over
 * (/werk/spreekuur/balie).
 */
#include "web.h"
#include "render.h"

#include "domain/calendar.h"
#include "domain/mailer.h"
#include "domain/policy.h"
#include "domain/spreekuur.h"
#include "lib/i18n_mark.h"
#include "store/area_store.h"
#include "store/resident_store.h"
#include "store/user_store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *state_label(enum spreekuur_state s)
{
    switch (s) {
    case SPREEKUUR_OPEN:
        return N_("Nog niet beantwoord");
    case SPREEKUUR_OPEN_LATE:
        return N_("Nog niet beantwoord, de termijn is voorbij");
    case SPREEKUUR_ANSWERED_IN_TIME:
        return N_("Op tijd beantwoord");
    case SPREEKUUR_ANSWERED_LATE:
        return N_("Te laat beantwoord");
    }
    return "";
}

static const char *day_of(struct req *r, int64_t t)
{
    char d[CAL_DATE_LEN];
    if (cal_format_date(cal_date_of(t), d) != 0)
        return "";
    return fmt_date(r, arena_strdup(r->a, d));
}

static json_t *q_json(struct req *r, const struct spreekuur_row *q, int64_t now)
{
    json_t *o = json_object();
    ctx_int(o, "id", q->id);
    ctx_str(o, "url", arena_printf(r->a, "/spreekuur/%lld", (long long)q->id));
    ctx_str(o, "question", q->question);
    ctx_str(o, "answer", q->answer);
    ctx_bool(o, "answered", q->answer != NULL);
    ctx_bool(o, "public", q->public);
    ctx_str(o, "topic_label", web_topic_label(r, q->topic));
    ctx_str(o, "asked_on", day_of(r, q->created_at));
    ctx_str(o, "due_on", day_of(r, q->due_at));
    if (q->answered_at)
        ctx_str(o, "answered_on", day_of(r, q->answered_at));
    enum spreekuur_state s = spreekuur_state_of(q, now);
    ctx_str(o, "state", T(r, state_label(s)));
    ctx_bool(o, "late", s == SPREEKUUR_OPEN_LATE || s == SPREEKUUR_ANSWERED_LATE);
    ctx_str(o, "wijk", q->wijk_name);
    ctx_str(o, "asker",
            q->asker_name && *q->asker_name ? q->asker_name
            : q->asked_by                   ? T(r, "verwijderde deelnemer")
                                            : T(r, "een bewoner (aan de balie)"));
    ctx_bool(o, "at_counter", strcmp(q->channel, "balie") == 0);
    ctx_bool(o, "hand_over", strcmp(q->reply_by, "balie") == 0);
    ctx_bool(o, "by_mail", strcmp(q->reply_by, "email") == 0);
    return o;
}

static void problems_json(struct req *r, json_t *ctx, const struct spreekuur_problem *p, int n)
{
    json_t *problems = json_array(), *err = json_object();
    for (int i = 0; i < n && i < SPREEKUUR_MAX_PROBLEMS; i++) {
        json_array_append_new(problems, json_pack("{s:s,s:s}", "anchor",
                                                  arena_printf(r->a, "q-%s", p[i].field), "message",
                                                  T(r, p[i].msgid)));
        if (!json_object_get(err, p[i].field))
            ctx_str(err, p[i].field, T(r, p[i].msgid));
    }
    ctx_bool(ctx, "has_problems", n > 0);
    json_object_set_new(ctx, "problems", problems);
    json_object_set_new(ctx, "err", err);
}

/* --- a wijk's spreekuur ------------------------------------------------------------------ */

static void wijk_page(struct req *r, db *d, const struct wijk *w, const char *question,
                      const char *topic, bool public, const struct spreekuur_problem *p, int np)
{
    int64_t now = (int64_t)time(NULL);
    json_t *ctx = json_object();
    ctx_str(ctx, "wijk", w->name);
    ctx_str(ctx, "wijk_url", arena_printf(r->a, "/wijken/%s", w->slug));
    ctx_str(ctx, "action", arena_printf(r->a, "/wijken/%s/spreekuur", w->slug));
    ctx_str(ctx, "wethouder", w->wethouder);
    struct spreekuur_row *q;
    size_t n;
    json_t *list = json_array(), *mine = json_array();
    if (spreekuur_list(d, r->a, w->id, true, 200, &q, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, q_json(r, &q[i], now));
    bool resident = user_is_resident(r->user);
    if (resident && spreekuur_list(d, r->a, w->id, false, 200, &q, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            if (!q[i].public && q[i].asked_by == r->user->id)
                json_array_append_new(mine, q_json(r, &q[i], now));
    ctx_bool(ctx, "has_questions", json_array_size(list) > 0);
    json_object_set_new(ctx, "questions", list);
    ctx_bool(ctx, "has_mine", json_array_size(mine) > 0);
    json_object_set_new(ctx, "mine", mine);
    ctx_bool(ctx, "resident", resident);
    if (resident) {
        struct resident_row rr;
        bool here = resident_row_by_id(d, r->a, r->user->id, &rr) == DB_OK && rr.area_id == w->id;
        ctx_bool(ctx, "lives_here", here);
        if (!here && rr.wijk_slug)
            ctx_str(ctx, "own_url", arena_printf(r->a, "/wijken/%s/spreekuur", rr.wijk_slug));
    }
    ctx_str(ctx, "v_question", question ? question : "");
    ctx_bool(ctx, "v_public", public);
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_int(ctx, "term", SPREEKUUR_TERM_DAYS);
    problems_json(r, ctx, p, np);
    web_topic_field(r, ctx, "q-topic", topic,
                    json_string_value(json_object_get(json_object_get(ctx, "err"), "topic")));
    render_page(r, "pages/spreekuur", ctx);
}

static bool load_wijk(struct req *r, db *d, struct wijk *w)
{
    int rc = area_get_wijk(d, r->a, req_param(r, 0), web_today(r), 0, w);
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

void page_wijk_spreekuur(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (d && load_wijk(r, d, &w))
        wijk_page(r, d, &w, NULL, NULL, true, NULL, 0);
}

void page_wijk_spreekuur_post(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (!d || !load_wijk(r, d, &w))
        return;
    const char *question = req_field(r, "question");
    const char *vis = req_field(r, "openbaar");
    const char *topic = req_field(r, "topic");
    struct spreekuur_problem p[SPREEKUUR_MAX_PROBLEMS];
    int np = 0;
    if (!vis || (strcmp(vis, "ja") != 0 && strcmp(vis, "nee") != 0))
        p[np++] = (struct spreekuur_problem){
            "openbaar", N_("Kies of iedereen uw vraag en het antwoord mag lezen.")};
    bool public = vis && strcmp(vis, "ja") == 0;
    int64_t id = 0;
    int rc = np ? np
                : spreekuur_ask(d, r->a, r->user, w.id, question, topic, public,
                                (int64_t)time(NULL), p, &id);
    if (rc == 0) {
        resp_redirect(r, arena_printf(r->a, "/spreekuur/%lld?gesteld=1", (long long)id));
        return;
    }
    if (rc < 0) {
        resp_error(r, 500);
        return;
    }
    r->status = 400;
    wijk_page(r, d, &w, question, topic, public, p, rc);
}

/* --- a question ---------------------------------------------------------------------- */

static void item_page(struct req *r, db *d, const struct spreekuur_row *q, const char *answer,
                      const char *problem)
{
    int64_t now = (int64_t)time(NULL);
    json_t *ctx = q_json(r, q, now);
    ctx_str(ctx, "wijk_url", arena_printf(r->a, "/wijken/%s/spreekuur", q->wijk_slug));
    ctx_str(ctx, "answerer", q->answerer_name);
    ctx_bool(ctx, "asked", req_query(r, "gesteld") != NULL);
    bool may = spreekuur_may_answer(d, r->a, r->user, q, now);
    ctx_bool(ctx, "may_answer", may);
    if (may) {
        ctx_str(ctx, "answer_action",
                arena_printf(r->a, "/werk/spreekuur/%lld/antwoord", (long long)q->id));
        ctx_str(ctx, "v_answer", answer ? answer : (q->answer ? q->answer : ""));
        ctx_str(ctx, "csrf", req_csrf(r));
    }
    struct spreekuur_problem p = {"answer", problem};
    problems_json(r, ctx, &p, problem ? 1 : 0);
    render_page(r, "pages/spreekuur_vraag", ctx);
}

static bool load_q(struct req *r, db *d, struct spreekuur_row *q)
{
    long long id = web_parse_id(req_param(r, 0));
    int rc = id > 0 ? spreekuur_get(d, r->a, id, q) : DB_NOTFOUND;
    /* a private question exists only for who may read it */
    if (rc == DB_OK && !spreekuur_may_read(d, r->a, r->user, q, (int64_t)time(NULL)))
        rc = DB_NOTFOUND;
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

void page_spreekuur_item(struct req *r)
{
    db *d = web_db(r);
    struct spreekuur_row q;
    if (d && load_q(r, d, &q))
        item_page(r, d, &q, NULL, NULL);
}

void page_work_spreekuur_answer(struct req *r)
{
    db *d = web_db(r);
    struct spreekuur_row q;
    if (!d || !load_q(r, d, &q))
        return;
    const char *answer = req_field(r, "answer");
    const char *problem = NULL;
    int rc = spreekuur_answer(d, r->a, r->user, q.id, answer, (int64_t)time(NULL), web_base_url(r),
                              &problem);
    if (rc == 0) {
        mailer_wake();
        flash_set(r, "ok", "saved");
        resp_redirect(r, arena_printf(r->a, "/spreekuur/%lld", (long long)q.id));
        return;
    }
    if (rc != SPREEKUUR_INVALID) {
        resp_error(r, rc == SPREEKUUR_FORBIDDEN ? 403 : rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    r->status = 400;
    item_page(r, d, &q, answer, problem);
}

/* --- the work list ----------------------------------------------------------------------- */

static void work_page(struct req *r, db *d, const char *login, const char *problem)
{
    int64_t now = (int64_t)time(NULL);
    struct spreekuur_row *q;
    size_t n;
    json_t *list = json_array();
    int counts[4] = {0};
    if (spreekuur_list(d, r->a, 0, false, 2000, &q, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            if (!spreekuur_may_answer(d, r->a, r->user, &q[i], now))
                continue;
            counts[spreekuur_state_of(&q[i], now)]++;
            json_array_append_new(list, q_json(r, &q[i], now));
        }
    json_t *ctx = json_object();
    ctx_bool(ctx, "has_questions", json_array_size(list) > 0);
    json_object_set_new(ctx, "questions", list);
    ctx_int(ctx, "n_open", counts[SPREEKUUR_OPEN]);
    ctx_int(ctx, "n_open_late", counts[SPREEKUUR_OPEN_LATE]);
    ctx_int(ctx, "n_in_time", counts[SPREEKUUR_ANSWERED_IN_TIME]);
    ctx_int(ctx, "n_late", counts[SPREEKUUR_ANSWERED_LATE]);
    ctx_int(ctx, "term", SPREEKUUR_TERM_DAYS);
    bool weth = policy_allows(r->user, ACT_SPREEKUUR_DELEGATE, NULL);
    ctx_bool(ctx, "can_delegate", weth);
    if (weth) {
        int *ids = NULL;
        size_t nd = 0;
        json_t *dl = json_array();
        if (spreekuur_delegates(d, r->a, r->user->id, &ids, &nd) == DB_OK)
            for (size_t i = 0; i < nd; i++) {
                struct user u;
                if (user_load_by_id(d, r->a, ids[i], &u) == DB_OK)
                    json_array_append_new(
                        dl, json_pack("{s:s,s:s}", "login", u.login, "name", u.name ? u.name : ""));
            }
        ctx_bool(ctx, "has_delegates", json_array_size(dl) > 0);
        json_object_set_new(ctx, "delegates", dl);
    }
    ctx_str(ctx, "v_login", login ? login : "");
    struct spreekuur_problem p = {"login", problem};
    problems_json(r, ctx, &p, problem ? 1 : 0);
    ctx_str(ctx, "csrf", req_csrf(r));
    render_page(r, "pages/werk_spreekuur", ctx);
}

void page_work_spreekuur(struct req *r)
{
    db *d = web_db(r);
    if (d)
        work_page(r, d, NULL, NULL);
}

void page_work_spreekuur_delegate(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *login = req_field(r, "login");
    const char *act = req_field(r, "actie");
    bool add = !act || strcmp(act, "intrekken") != 0;
    const char *problem = spreekuur_delegate(d, r->a, r->user, login, add, (int64_t)time(NULL));
    if (!problem) {
        flash_set(r, "ok", "saved");
        resp_redirect(r, "/werk/spreekuur#delegatie");
        return;
    }
    r->status = 400;
    work_page(r, d, login, problem);
}

/* --- the counter ----------------------------------------------------------------------- */

static void counter_page(struct req *r, db *d, const struct spreekuur_intake *in, const char *slug,
                         const struct spreekuur_problem *p, int np)
{
    int64_t now = (int64_t)time(NULL);
    json_t *ctx = json_object();
    struct wijk *w;
    size_t nw;
    json_t *wl = json_array();
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(wl,
                                  json_pack("{s:s,s:s,s:b}", "slug", w[i].slug, "name", w[i].name,
                                            "selected", slug && strcmp(slug, w[i].slug) == 0));
    json_object_set_new(ctx, "wijken", wl);
    json_t *v = json_object();
    ctx_str(v, "postcode", in && in->postcode ? in->postcode : "");
    ctx_str(v, "house_number", in && in->house_number ? in->house_number : "");
    ctx_str(v, "question", in && in->question ? in->question : "");
    ctx_str(v, "email", in && in->email ? in->email : "");
    ctx_bool(v, "public", in && in->public);
    ctx_bool(v, "reply_email", in && in->reply && strcmp(in->reply, "email") == 0);
    ctx_bool(v, "reply_balie", in && in->reply && strcmp(in->reply, "balie") == 0);
    json_object_set_new(ctx, "v", v);
    /* answers to hand over at the counter */
    struct spreekuur_row *q;
    size_t n;
    json_t *list = json_array();
    if (spreekuur_list(d, r->a, 0, false, 500, &q, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            if (strcmp(q[i].reply_by, "balie") == 0 && q[i].answer)
                json_array_append_new(list, q_json(r, &q[i], now));
    ctx_bool(ctx, "has_answers", json_array_size(list) > 0);
    json_object_set_new(ctx, "answers", list);
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_bool(ctx, "entered", req_query(r, "ingevoerd") != NULL);
    problems_json(r, ctx, p, np);
    web_topic_field(r, ctx, "q-topic", in ? in->topic : NULL,
                    json_string_value(json_object_get(json_object_get(ctx, "err"), "topic")));
    render_page(r, "pages/werk_spreekuur_balie", ctx);
}

void page_work_spreekuur_counter(struct req *r)
{
    db *d = web_db(r);
    if (d)
        counter_page(r, d, NULL, NULL, NULL, 0);
}

void page_work_spreekuur_counter_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *slug = req_field(r, "wijk");
    struct wijk w;
    struct spreekuur_intake in = {.postcode = req_field(r, "postcode"),
                                  .house_number = req_field(r, "house_number"),
                                  .question = req_field(r, "question"),
                                  .reply = req_field(r, "reply"),
                                  .email = req_field(r, "email"),
                                  .topic = req_field(r, "topic"),
                                  .public = req_field(r, "openbaar") != NULL};
    if (slug && *slug && area_get_wijk(d, r->a, slug, web_today(r), 0, &w) == DB_OK)
        in.wijk_id = w.id;
    struct spreekuur_problem p[SPREEKUUR_MAX_PROBLEMS];
    int64_t id = 0;
    int rc = spreekuur_enter(d, r->a, r->user, &in, (int64_t)time(NULL), p, &id);
    if (rc == 0) {
        web_audit(r, d, "spreekuur_intake", "spreekuur_question", id, NULL, NULL);
        resp_redirect(r, "/werk/spreekuur/balie?ingevoerd=1");
        return;
    }
    if (rc < 0) {
        resp_error(r, 500);
        return;
    }
    r->status = 400;
    counter_page(r, d, &in, slug, p, rc);
}
