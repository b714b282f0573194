/*
 * escalation.c: escalation with doorzettingsmacht in the back office. The
 * wijkregisseur escalates a stuck case from the process guard
 * (/werk/escaleren); the head of the department or the wijkwethouder
 * decides at /werk/escalaties. What the start page shows of them is here
 * too. The rules are in domain/escalation.c.
 */
#include "web.h"

#include "domain/escalation.h"
#include "domain/focus.h"
#include "domain/mailer.h"
#include "domain/policy.h"
#include "domain/signal.h"
#include "store/org_store.h"
#include "store/signal_store.h"
#include "web/render.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static const char *to_text(struct req *r, const struct escalation_row *e)
{
    if (same(e->to_kind, "afdelingshoofd"))
        return arena_printf(r->a, "%s %s", T(r, "het hoofd van"),
                            e->to_org_name ? e->to_org_name : "");
    return T(r, "de wijkwethouder");
}

static const char *case_url(struct req *r, const struct escalation_row *e)
{
    return e->signal_id ? arena_printf(r->a, "/werk/meldingen/%lld", (long long)e->signal_id)
                        : arena_printf(r->a, "/werk/focuspunten/%lld", (long long)e->focuspunt_id);
}

static const char *case_label(struct req *r, const struct escalation_row *e)
{
    return e->signal_id ? arena_printf(r->a, "%s %lld", T(r, "Melding"), (long long)e->signal_id)
                        : T(r, "Actie van een focuspunt");
}

/* One escalation as lists show it. */
static json_t *esc_json(struct req *r, const struct escalation_row *e)
{
    json_t *o = json_object();
    ctx_int(o, "id", (long long)e->id);
    ctx_str(o, "case", case_label(r, e));
    ctx_str(o, "case_url", case_url(r, e));
    /* a signal that went to the care network since: its number only */
    ctx_str(o, "title", e->confidential ? NULL : e->case_title);
    ctx_str(o, "wijk", e->wijk_name);
    ctx_str(o, "to", to_text(r, e));
    ctx_str(o, "reason", e->reason);
    ctx_str(o, "by", e->created_by_name);
    ctx_str(o, "at", web_local_time(r, e->created_at));
    ctx_bool(o, "open", e->decided_at == 0);
    if (e->decided_at) {
        ctx_str(o, "decided_at", web_local_time(r, e->decided_at));
        ctx_str(o, "decided_by", e->decided_by_name);
        ctx_str(o, "decision", e->decision);
        ctx_str(o, "decision_reason", e->decision_reason);
        const char *eff = T(r, escalation_effect_label(e->effect));
        if (same(e->effect, "termijn") && e->effect_date)
            eff = arena_printf(r->a, "%s: %s", eff, fmt_date(r, e->effect_date));
        else if (same(e->effect, "afdeling") && e->effect_org_name)
            eff = arena_printf(r->a, "%s: %s", eff, e->effect_org_name);
        ctx_str(o, "effect", eff);
        ctx_str(o, "days", fmt_number(r, e->working_days));
    }
    return o;
}

/* --- the start page ----------------------------------------------------------------- */

#define GUARD_STUCK_MAX 20

json_t *web_escalation_guard(struct req *r, db *d, int64_t region_id)
{
    json_t *o = json_object();
    int64_t now = (int64_t)time(NULL);
    /* stuck signals: open, over their term or without progress; never the
     * care network's (left out of the list, and refused by the domain) */
    struct signal_filter sf;
    memset(&sf, 0, sizeof sf);
    sf.status = "open";
    sf.region_id = region_id;
    sf.now = now;
    sf.hide_confidential_content = 1;
    sf.order = SIGNAL_ORDER_DEADLINE;
    struct signal *s = NULL;
    size_t n = 0;
    json_t *stuck = json_array();
    if (signal_list(d, r->a, &sf, 0, 0, 500, &s, &n) == DB_OK)
        for (size_t i = 0; i < n && json_array_size(stuck) < GUARD_STUCK_MAX; i++) {
            if (!escalation_signal_stuck(&s[i], now) || escalation_signal_never(&s[i], false) ||
                escalation_open_of(d, s[i].id, 0) != 0)
                continue;
            json_t *x = json_object();
            ctx_int(x, "id", (long long)s[i].id);
            ctx_str(x, "category", s[i].category_name);
            ctx_str(x, "wijk", s[i].wijk_name);
            ctx_str(x, "owner", s[i].owner_org_name);
            ctx_bool(x, "overdue", s[i].deadline_at < now);
            ctx_str(x, "url", arena_printf(r->a, "/werk/meldingen/%lld", (long long)s[i].id));
            ctx_str(x, "escalate_url",
                    arena_printf(r->a, "/werk/escaleren?melding=%lld", (long long)s[i].id));
            json_array_append_new(stuck, x);
        }
    ctx_bool(o, "has_stuck", json_array_size(stuck) > 0);
    json_object_set_new(o, "stuck", stuck);
    /* the region's escalations: open ones, and the latest decided */
    struct escalation_filter f = {.open = -1, .region_id = region_id, .limit = 10};
    struct escalation_row *e = NULL;
    size_t ne = 0;
    json_t *list = json_array();
    if (escalation_list(d, r->a, &f, &e, &ne) == DB_OK)
        for (size_t i = 0; i < ne; i++)
            json_array_append_new(list, esc_json(r, &e[i]));
    ctx_bool(o, "has_escalations", json_array_size(list) > 0);
    json_object_set_new(o, "escalations", list);
    return o;
}

/* The open escalations u may decide. */
static json_t *to_decide(struct req *r, db *d, bool open_only)
{
    json_t *list = json_array();
    const struct user *u = r->user;
    for (size_t k = 0; u && k < u->nroles; k++) {
        const struct user_role *ur = &u->roles[k];
        struct escalation_filter f = {.open = open_only ? 1 : -1, .limit = 200};
        if (ur->role == ROLE_AFDELINGSHOOFD && ur->org_id)
            f.to_org_id = ur->org_id;
        else if (ur->role == ROLE_WIJKWETHOUDER && ur->region_id)
            f.wethouder_region = ur->region_id;
        else
            continue;
        struct escalation_row *e = NULL;
        size_t n = 0;
        if (escalation_list(d, r->a, &f, &e, &n) != DB_OK)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (!escalation_may_decide(u, &e[i]))
                continue;
            bool dup = false;
            size_t j;
            json_t *x;
            json_array_foreach(list, j, x) dup |=
                json_integer_value(json_object_get(x, "id")) == e[i].id;
            if (!dup)
                json_array_append_new(list, esc_json(r, &e[i]));
        }
    }
    return list;
}

json_t *web_escalations_to_decide(struct req *r, db *d)
{
    return to_decide(r, d, true);
}

/* --- escalating ------------------------------------------------------------------- */

struct escalate_form {
    const struct escalation_input *in;
    const struct escalation_problems *pr;
};

static void escalate_page(struct req *r, db *d, int64_t signal_id, int64_t action_id,
                          const struct escalate_form *f)
{
    struct escalation_case c;
    switch (escalation_case_get(d, r->a, r->user, signal_id, action_id, web_today(r),
                                (int64_t)time(NULL), &c)) {
    case ESC_OK:
        break;
    case ESC_FORBIDDEN:
        resp_error(r, 403);
        return;
    case ESC_NOT_FOUND:
        resp_error(r, 404);
        return;
    default:
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object();
    if (c.signal_id)
        ctx_int(ctx, "signal_id", (long long)c.signal_id);
    if (c.action_id)
        ctx_int(ctx, "action_id", (long long)c.action_id);
    ctx_str(ctx, "case",
            c.signal_id ? arena_printf(r->a, "%s %lld", T(r, "Melding"), (long long)c.signal_id)
                        : T(r, "Actie van een focuspunt"));
    ctx_str(ctx, "back_url",
            c.signal_id ? arena_printf(r->a, "/werk/meldingen/%lld", (long long)c.signal_id)
                        : arena_printf(r->a, "/werk/focuspunten/%lld", (long long)c.focuspunt_id));
    ctx_str(ctx, "title", c.never ? NULL : c.title);
    ctx_str(ctx, "wijk", c.wijk_name);
    ctx_str(ctx, "owner", c.owner_name);
    ctx_bool(ctx, "never", c.never);
    ctx_bool(ctx, "already", c.open_escalation != 0);
    ctx_bool(ctx, "not_stuck", !c.stuck);
    ctx_bool(ctx, "can", !c.never && !c.open_escalation && c.stuck);
    ctx_bool(ctx, "has_department", c.owner_org_id != 0);
    if (f) {
        ctx_bool(ctx, "to_head", same(f->in->to, "afdelingshoofd"));
        ctx_bool(ctx, "to_weth", same(f->in->to, "wethouder"));
        ctx_str(ctx, "reason", f->in->reason);
        ctx_form_problems(r, ctx, f->pr ? f->pr->p : NULL, f->pr ? f->pr->n : 0, "esc-");
    }
    render_page(r, "pages/werk_escaleren", ctx);
}

void page_escalate(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    long long sid = req_query(r, "melding") ? web_parse_id(req_query(r, "melding")) : 0;
    long long aid = req_query(r, "actie") ? web_parse_id(req_query(r, "actie")) : 0;
    if (!sid == !aid) {
        resp_error(r, 404);
        return;
    }
    escalate_page(r, d, sid, aid, NULL);
}

void page_escalate_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    long long sid = req_field(r, "melding") ? web_parse_id(req_field(r, "melding")) : 0;
    long long aid = req_field(r, "actie") ? web_parse_id(req_field(r, "actie")) : 0;
    if (!sid == !aid) {
        resp_error(r, 404);
        return;
    }
    struct escalation_input in = {.to = req_field(r, "naar"), .reason = req_field(r, "reden")};
    struct escalation_problems pr;
    switch (escalation_create(d, r->a, r->user, sid, aid, &in, web_today(r), (int64_t)time(NULL),
                              &pr, NULL)) {
    case ESC_OK:
        mailer_wake(); /* those who decide are told */
        flash_set(r, "ok", "saved");
        resp_redirect(r, "/werk");
        return;
    case ESC_INVALID: {
        r->status = 400;
        struct escalate_form f = {.in = &in, .pr = &pr};
        escalate_page(r, d, sid, aid, &f);
        return;
    }
    case ESC_FORBIDDEN:
        resp_error(r, 403);
        return;
    case ESC_NOT_FOUND:
        resp_error(r, 404);
        return;
    default:
        resp_error(r, 500);
    }
}

/* --- deciding ---------------------------------------------------------------------- */

struct decide_form {
    int64_t id;
    const struct escalation_decision_input *in;
    const struct escalation_problems *pr;
};

static void decide_page(struct req *r, db *d, const struct decide_form *f)
{
    json_t *ctx = json_object();
    json_t *list = to_decide(r, d, false);
    struct organisation *orgs = NULL;
    size_t norg = 0;
    if (org_list(d, r->a, "department", &orgs, &norg) != DB_OK) {
        json_decref(list);
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    json_t *open = json_array(), *done = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        long long id = json_integer_value(json_object_get(o, "id"));
        bool mine = f && f->id == id;
        if (!json_is_true(json_object_get(o, "open"))) {
            if (mine) {
                /* decided meanwhile: the message in the summary, at its card */
                json_t *pl = json_array();
                for (size_t k = 0; f->pr && k < f->pr->n; k++)
                    json_array_append_new(pl, json_pack("{s:s,s:s}", "anchor",
                                                        arena_printf(r->a, "esc-%lld", id),
                                                        "message", T(r, f->pr->p[k].msgid)));
                ctx_bool(ctx, "has_problems", json_array_size(pl) > 0);
                json_object_set_new(ctx, "problems", pl);
            }
            json_array_append(done, o);
            continue;
        }
        json_t *opts = json_array();
        json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value", "", "label",
                                              T(r, "Kies een afdeling"), "selected", 0));
        for (size_t k = 0; k < norg; k++) {
            const char *v = arena_printf(r->a, "%lld", (long long)orgs[k].id);
            json_array_append_new(opts,
                                  json_pack("{s:s,s:s,s:b}", "value", v, "label", orgs[k].name,
                                            "selected", mine && same(f->in->org, v)));
        }
        json_object_set_new(o, "org_options", opts);
        if (mine) {
            ctx_str(o, "decision_value", f->in->decision);
            ctx_str(o, "reason_value", f->in->reason);
            ctx_str(o, "date_value", web_date_typed(r, f->in->date));
            ctx_bool(o, "eff_none", same(f->in->effect, "geen"));
            ctx_bool(o, "eff_term", same(f->in->effect, "termijn"));
            ctx_bool(o, "eff_dept", same(f->in->effect, "afdeling"));
            ctx_form_problems(r, o, f->pr ? f->pr->p : NULL, f->pr ? f->pr->n : 0,
                              arena_printf(r->a, "e%lld-", id));
            json_object_set(ctx, "problems", json_object_get(o, "problems"));
            ctx_bool(ctx, "has_problems", f->pr && f->pr->n);
        }
        json_array_append(open, o);
    }
    json_decref(list);
    ctx_bool(ctx, "has_open", json_array_size(open) > 0);
    ctx_bool(ctx, "has_done", json_array_size(done) > 0);
    json_object_set_new(ctx, "open", open);
    json_object_set_new(ctx, "done", done);
    render_page(r, "pages/werk_escalaties", ctx);
}

void page_escalations(struct req *r)
{
    db *d = web_db(r);
    if (d)
        decide_page(r, d, NULL);
}

void page_escalation_decide_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    long long id = web_parse_id(req_param(r, 0));
    if (!id) {
        resp_error(r, 404);
        return;
    }
    struct escalation_decision_input in = {
        .decision = req_field(r, "besluit"),
        .reason = req_field(r, "reden"),
        .effect = req_field(r, "gevolg"),
        .date = web_date_field(r, "termijn"),
        .org = req_field(r, "afdeling"),
    };
    struct escalation_problems pr;
    switch (escalation_decide(d, r->a, r->user, id, &in, web_today(r), (int64_t)time(NULL), &pr)) {
    case ESC_OK:
        flash_set(r, "ok", "saved");
        resp_redirect(r, "/werk/escalaties");
        return;
    case ESC_INVALID: {
        r->status = 400;
        struct decide_form f = {.id = id, .in = &in, .pr = &pr};
        decide_page(r, d, &f);
        return;
    }
    case ESC_FORBIDDEN:
        resp_error(r, 403);
        return;
    case ESC_NOT_FOUND:
        resp_error(r, 404);
        return;
    default:
        resp_error(r, 500);
    }
}
