/*
 * partners.c: the partner register (/werk/partners, the netwerkregisseur's)
 * and the focus-point actions a department or partner owns (/werk/acties),
 * with what the start page, the process guard and the wijk page show of
 * them. The rules are in domain/partner.c.
 */
#include "web.h"

#include "domain/focus.h"
#include "domain/mailer.h"
#include "domain/partner.h"
#include "web/partner_web.h"
#include "domain/policy.h"
#include "lib/i18n_mark.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "store/partner_store.h"
#include "store/signal_store.h"
#include "domain/signal.h"
#include "http/server.h"
#include "lib/config.h"
#include "web/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Minutes as hours the way people read them: "3", "1,5" ("1.5" in English). */
const char *web_hours_text(struct req *r, long long minutes)
{
    long long hundredths = (minutes * 100 + 30) / 60;
    long long whole = hundredths / 100, frac = hundredths % 100;
    if (frac == 0)
        return fmt_number(r, whole);
    char sep = strcmp(r->lang, "en") == 0 ? '.' : ',';
    if (frac % 10 == 0)
        return arena_printf(r->a, "%s%c%lld", fmt_number(r, whole), sep, frac / 10);
    return arena_printf(r->a, "%s%c%02lld", fmt_number(r, whole), sep, frac);
}

static json_t *option(const char *value, const char *label, bool selected)
{
    return json_pack("{s:s,s:s,s:b}", "value", value, "label", label, "selected", selected);
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* --- the register --------------------------------------------------------------- */

struct register_form {
    const char *which; /* "person" or "agreement": the form the problems belong to */
    const struct partner_person_input *person;
    const struct partner_agreement_input *agreement;
    const struct partner_problems *pr;
    int64_t row_id;        /* a person's row form (end date, consent), when refused */
    const char *row_ended; /* its end date as typed */
};

static void register_page(struct req *r, db *d, const struct register_form *f)
{
    const char *today = web_today(r);
    struct organisation *orgs = NULL;
    struct partner_person_row *people = NULL;
    struct partner_agreement_row *ag = NULL;
    struct partner_category_row *cats = NULL;
    struct wijk *w = NULL;
    size_t norg = 0, np = 0, nag = 0, ncat = 0, nw = 0;
    if (org_list(d, r->a, "partner", &orgs, &norg) != DB_OK ||
        partner_person_list(d, r->a, &people, &np) != DB_OK ||
        partner_agreement_list(d, r->a, 0, &ag, &nag) != DB_OK ||
        partner_main_categories(d, r->a, &cats, &ncat) != DB_OK ||
        area_list_wijken(d, r->a, today, 0, &w, &nw) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object();
    const struct partner_person_input *pi = f ? f->person : NULL;
    const struct partner_agreement_input *ai = f ? f->agreement : NULL;
    const char *sel_org = pi ? pi->org : ai ? ai->org : NULL;

    /* organisations, with their people now and their agreements */
    json_t *ol = json_array(), *orgopts = json_array();
    json_array_append_new(orgopts, option("", T(r, "Kies een organisatie"), false));
    for (size_t i = 0; i < norg; i++) {
        int now_n = 0;
        for (size_t k = 0; k < np; k++)
            if (people[k].org_id == orgs[i].id && strcmp(people[k].started_on, today) <= 0 &&
                (!people[k].ended_on || strcmp(people[k].ended_on, today) >= 0))
                now_n++;
        int nagr = 0;
        for (size_t k = 0; k < nag; k++)
            nagr += ag[k].org_id == orgs[i].id && strcmp(ag[k].valid_from, today) <= 0 &&
                    strcmp(ag[k].valid_until, today) >= 0;
        json_t *o = json_object();
        ctx_int(o, "id", (long long)orgs[i].id);
        ctx_str(o, "name", orgs[i].name);
        ctx_str(o, "description", orgs[i].description);
        ctx_str(o, "people", fmt_number(r, now_n));
        ctx_str(o, "agreements", fmt_number(r, nagr));
        json_array_append_new(ol, o);
        const char *idtxt = arena_printf(r->a, "%lld", (long long)orgs[i].id);
        json_array_append_new(orgopts, option(idtxt, orgs[i].name, same(sel_org, idtxt)));
    }
    json_object_set_new(ctx, "orgs", ol);
    json_object_set_new(ctx, "org_options", orgopts);

    /* people */
    json_t *pl = json_array();
    for (size_t k = 0; k < np; k++) {
        json_t *o = json_object();
        ctx_int(o, "id", (long long)people[k].id);
        ctx_str(o, "name", people[k].name);
        ctx_str(o, "org", people[k].org_name);
        ctx_str(o, "wijk", people[k].wijk_name);
        ctx_str(o, "role", people[k].role);
        ctx_str(o, "started", fmt_date(r, people[k].started_on));
        if (people[k].ended_on) {
            ctx_str(o, "ended", fmt_date(r, people[k].ended_on));
            ctx_str(o, "ended_value", web_date_typed(r, people[k].ended_on));
        }
        ctx_bool(o, "consent", people[k].consent);
        if (f && f->row_id == people[k].id && f->pr && f->pr->n) {
            ctx_str(o, "error", T(r, f->pr->p[0].msgid));
            ctx_str(o, "ended_value", f->row_ended);
        }
        json_array_append_new(pl, o);
    }
    json_object_set_new(ctx, "people", pl);
    ctx_bool(ctx, "has_people", np > 0);

    /* turnover per organisation and year, from the first start to this year */
    int first = web_this_year();
    for (size_t k = 0; k < np; k++) {
        int y = (int)strtol(people[k].started_on, NULL, 10); /* YYYY-MM-DD */
        if (y > 1900 && y < first)
            first = y;
    }
    json_t *tl = json_array();
    struct partner_span *spans = arena_calloc(r->a, np ? np : 1, sizeof *spans);
    for (int y = web_this_year(); spans && y >= first; y--)
        for (size_t i = 0; i < norg; i++) {
            size_t ns = 0;
            for (size_t k = 0; k < np; k++)
                if (people[k].org_id == orgs[i].id)
                    spans[ns++] = (struct partner_span){people[k].started_on, people[k].ended_on};
            int present = 0, left = 0;
            partner_turnover(spans, ns, y, &present, &left);
            if (!present)
                continue;
            json_t *o = json_object();
            ctx_int(o, "year", y);
            ctx_str(o, "org", orgs[i].name);
            ctx_str(o, "present", fmt_number(r, present));
            ctx_str(o, "left", fmt_number(r, left));
            ctx_str(o, "share", arena_printf(r->a, "%d%%", (left * 100 + present / 2) / present));
            json_array_append_new(tl, o);
        }
    ctx_bool(ctx, "has_turnover", json_array_size(tl) > 0);
    json_object_set_new(ctx, "turnover", tl);

    /* agreements */
    json_t *al = json_array();
    for (size_t k = 0; k < nag; k++) {
        json_t *o = json_object();
        ctx_int(o, "id", (long long)ag[k].id);
        ctx_str(o, "org", ag[k].org_name);
        ctx_str(o, "kind",
                ag[k].category_name ? ag[k].category_name
                                    : T(r, "Alle zaken die niet vertrouwelijk zijn"));
        ctx_str(o, "told",
                strcmp(ag[k].told, "contact") == 0
                    ? T(r, "De zaak, en de contactgegevens als de melder instemt")
                    : T(r, "De zaak, zonder gegevens van de melder"));
        ctx_str(o, "from", fmt_date(r, ag[k].valid_from));
        ctx_str(o, "until", fmt_date(r, ag[k].valid_until));
        ctx_bool(o, "expired", strcmp(ag[k].valid_until, today) < 0);
        ctx_str(o, "note", ag[k].note && *ag[k].note ? ag[k].note : NULL);
        json_array_append_new(al, o);
    }
    json_object_set_new(ctx, "agreements", al);
    ctx_bool(ctx, "has_agreements", nag > 0);

    /* the forms */
    json_t *wo = json_array(), *co = json_array();
    json_array_append_new(wo, option("", T(r, "Kies een wijk"), false));
    for (size_t i = 0; i < nw; i++)
        json_array_append_new(wo, option(w[i].slug, w[i].name, pi && same(pi->wijk, w[i].slug)));
    json_object_set_new(ctx, "wijk_options", wo);
    json_array_append_new(co, option("", T(r, "Alle zaken die niet vertrouwelijk zijn"), false));
    for (size_t i = 0; i < ncat; i++) {
        if (cats[i].confidential)
            continue; /* never told to a partner */
        const char *idtxt = arena_printf(r->a, "%lld", (long long)cats[i].id);
        json_array_append_new(co, option(idtxt, cats[i].name, ai && same(ai->category, idtxt)));
    }
    json_object_set_new(ctx, "category_options", co);
    json_t *person = json_object(), *agreement = json_object();
    ctx_bool(person, "form", 1);
    ctx_bool(agreement, "form", 1);
    if (pi) {
        ctx_str(person, "name", pi->name);
        ctx_str(person, "role", pi->role);
        ctx_str(person, "started", web_date_typed(r, pi->started_on));
        ctx_str(person, "ended", web_date_typed(r, pi->ended_on));
        ctx_bool(person, "consent", pi->consent);
    }
    if (ai) {
        ctx_bool(agreement, "contact", same(ai->told, "contact"));
        ctx_bool(agreement, "inhoud", same(ai->told, "inhoud"));
        ctx_str(agreement, "from", web_date_typed(r, ai->valid_from));
        ctx_str(agreement, "until", web_date_typed(r, ai->valid_until));
        ctx_str(agreement, "note", ai->note);
    }
    if (f && f->row_id && f->pr && f->pr->n) {
        json_object_set_new(ctx, "problems",
                            json_pack("[{s:s,s:s}]", "anchor",
                                      arena_printf(r->a, "end-%lld", (long long)f->row_id),
                                      "message", T(r, f->pr->p[0].msgid)));
    } else if (f && f->pr && f->pr->n) {
        json_t *target = same(f->which, "person") ? person : agreement;
        ctx_form_problems(r, target, f->pr ? f->pr->p : NULL, f->pr ? f->pr->n : 0,
                          same(f->which, "person") ? "person-" : "agreement-");
        json_object_set(ctx, "problems", json_object_get(target, "problems"));
    }
    ctx_bool(ctx, "has_problems", f && f->pr && f->pr->n);
    json_object_set_new(ctx, "person", person);
    json_object_set_new(ctx, "agreement", agreement);
    render_page(r, "pages/werk_partners", ctx);
}

void page_partners(struct req *r)
{
    db *d = web_db(r);
    if (d)
        register_page(r, d, NULL);
}

void web_partner_answer(struct req *r, enum partner_result res, const char *to)
{
    switch (res) {
    case PARTNER_OK:
        flash_set(r, "ok", "saved");
        resp_redirect(r, to);
        return;
    case PARTNER_FORBIDDEN:
        resp_error(r, 403);
        return;
    case PARTNER_NOT_FOUND:
        resp_error(r, 404);
        return;
    default:
        resp_error(r, 500);
    }
}

static void answer(struct req *r, db *d, enum partner_result res, const struct register_form *f)
{
    if (res == PARTNER_INVALID) {
        r->status = 400;
        register_page(r, d, f);
        return;
    }
    web_partner_answer(r, res, "/werk/partners");
}

void page_partners_person_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct partner_person_input in = {
        .org = req_field(r, "organisatie"),
        .wijk = req_field(r, "wijk"),
        .name = req_field(r, "naam"),
        .role = req_field(r, "rol"),
        .started_on = web_date_field(r, "begin"),
        .ended_on = web_date_field(r, "einde"),
        .consent = req_field(r, "toestemming") != NULL,
    };
    struct partner_problems pr;
    enum partner_result res =
        partner_person_add(d, r->a, r->user, &in, web_today(r), (int64_t)time(NULL), &pr);
    struct register_form f = {.which = "person", .person = &in, .pr = &pr};
    answer(r, d, res, &f);
}

void page_partners_person_change_post(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    /* the person's own page changes name, role and wijk too */
    if (req_field(r, "naam")) {
        web_partner_person_change(r, d, id);
        return;
    }
    struct partner_problems pr;
    enum partner_result res =
        partner_person_update(d, r->a, r->user, id, web_date_field(r, "einde"),
                              req_field(r, "toestemming") != NULL, (int64_t)time(NULL), &pr);
    if (res == PARTNER_INVALID) {
        /* one row's small form: the message at that row */
        struct register_form f = {.pr = &pr, .row_id = id, .row_ended = req_field(r, "einde")};
        answer(r, d, res, &f);
        return;
    }
    answer(r, d, res, NULL);
}

void page_partners_agreement_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct partner_agreement_input in = {
        .org = req_field(r, "organisatie"),
        .category = req_field(r, "soort"),
        .told = req_field(r, "vertellen"),
        .valid_from = web_date_field(r, "vanaf"),
        .valid_until = web_date_field(r, "tot"),
        .note = req_field(r, "toelichting"),
    };
    struct partner_problems pr;
    enum partner_result res =
        partner_agreement_add(d, r->a, r->user, &in, (int64_t)time(NULL), &pr);
    struct register_form f = {.which = "agreement", .agreement = &in, .pr = &pr};
    answer(r, d, res, &f);
}

/* --- the actions a department or partner owns ------------------------------------- */

static json_t *action_json(struct req *r, const struct owned_action_row *x, const char *today)
{
    json_t *o = json_object();
    ctx_int(o, "id", (long long)x->id);
    ctx_str(o, "title", x->title);
    ctx_str(o, "focus", fmt_focus_code(r, x->number, x->period_start));
    ctx_str(o, "focus_title", x->focus_title);
    ctx_str(o, "wijken", x->wijken);
    /* a residents' action without a group's name: who owns it, not blank */
    ctx_str(o, "owner", x->owner_name && *x->owner_name ? x->owner_name : T(r, "bewonersgroep"));
    const char *label = focus_label(focus_action_statuses, x->status);
    ctx_str(o, "status", x->status);
    ctx_str(o, "status_label", label ? T(r, label) : x->status);
    ctx_str(o, "due", x->due_on ? fmt_date(r, x->due_on) : NULL);
    ctx_bool(o, "overdue", focus_action_overdue(x->status, x->due_on, today));
    ctx_str(o, "notes", x->notes);
    ctx_str(o, "hours", web_hours_text(r, x->minutes));
    return o;
}

json_t *web_own_actions(struct req *r, db *d, bool open_only)
{
    json_t *list = json_array();
    int64_t orgs[USER_MAX_ROLES];
    size_t no = partner_action_orgs(r->user, orgs, USER_MAX_ROLES);
    const char *today = web_today(r);
    for (size_t k = 0; k < no; k++) {
        struct owned_action_row *x = NULL;
        size_t n = 0;
        if (owned_action_list(d, r->a, orgs[k], &x, &n) != DB_OK)
            continue;
        for (size_t i = 0; i < n; i++)
            if (!open_only || strcmp(x[i].status, "gepland") == 0 ||
                strcmp(x[i].status, "lopend") == 0)
                json_array_append_new(list, action_json(r, &x[i], today));
    }
    return list;
}

json_t *web_overdue_actions(struct req *r, db *d, int64_t region_id)
{
    json_t *list = json_array();
    struct owned_action_row *x = NULL;
    size_t n = 0;
    const char *today = web_today(r);
    if (owned_action_overdue(d, r->a, region_id, today, &x, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            json_t *o = action_json(r, &x[i], today);
            ctx_str(o, "url",
                    arena_printf(r->a, "/werk/focuspunten/%lld", (long long)x[i].focuspunt_id));
            json_array_append_new(list, o);
        }
    return list;
}

static json_t *partner_referrals_json(struct req *r, db *d, int64_t answered_id, const char *answer,
                                      const struct partner_problems *pr);

struct action_form {
    int64_t id;  /* the action of a refused form (0: none) */
    bool shared; /* the hours form of a shared action, not the owner's form */
    const struct partner_action_update *in;
    const struct partner_problems *pr;
    int64_t task_id;       /* or the sub-task of a refused form */
    const char *task_note; /* and its note as typed */
};

/* The entries of hours of an action, each with a link to correct it when
 * r's user may (partner_may_change_hours). */
static json_t *entries_json(struct req *r, db *d, int64_t action_id)
{
    json_t *list = json_array();
    struct action_hours_entry *h = NULL;
    size_t n = 0;
    if (action_hours_of(d, r->a, action_id, &h, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_object();
            ctx_str(o, "date", fmt_date(r, h[i].worked_on));
            ctx_str(o, "hours", web_hours_text(r, h[i].minutes));
            ctx_str(o, "org", h[i].org_name);
            if (partner_may_change_hours(r->user, h[i].org_id, h[i].created_by))
                ctx_str(o, "change_url", arena_printf(r->a, "/werk/uren/%lld", (long long)h[i].id));
            json_array_append_new(list, o);
        }
    return list;
}

/* The actions of focus points r's organisations work on but do not own. */
static json_t *shared_actions(struct req *r, db *d, const struct action_form *f)
{
    json_t *list = json_array();
    int64_t orgs[USER_MAX_ROLES];
    size_t no = partner_action_orgs(r->user, orgs, USER_MAX_ROLES);
    const char *today = web_today(r);
    for (size_t k = 0; k < no; k++) {
        struct owned_action_row *x = NULL;
        size_t n = 0;
        if (shared_action_list(d, r->a, orgs[k], &x, &n) != DB_OK)
            continue;
        for (size_t i = 0; i < n; i++) {
            bool dup = false;
            for (size_t j = 0; j < k; j++)
                dup |= x[i].owner_org_id == orgs[j];
            if (partner_may_update_action(r->user, x[i].owner_org_id) || dup)
                continue; /* in the list of its own actions */
            json_t *o = action_json(r, &x[i], today);
            json_t *e = entries_json(r, d, x[i].id);
            ctx_bool(o, "has_entries", json_array_size(e) > 0);
            json_object_set_new(o, "entries", e);
            bool mine = f && f->shared && f->id == x[i].id;
            ctx_str(o, "hours_value", mine ? f->in->hours : NULL);
            ctx_str(o, "worked_value", web_date_typed(r, mine ? f->in->worked_on : today));
            if (mine) {
                ctx_form_problems(r, o, f->pr ? f->pr->p : NULL, f->pr ? f->pr->n : 0,
                                  arena_printf(r->a, "s%lld-", (long long)x[i].id));
            }
            json_array_append_new(list, o);
        }
    }
    return list;
}

static json_t *partner_tasks_json(struct req *r, db *d, int64_t task_id, const char *note,
                                  const struct partner_problems *pr);

static void actions_page(struct req *r, db *d, const struct action_form *f)
{
    json_t *ctx = json_object();
    json_t *list = web_own_actions(r, d, false);
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        long long id = json_integer_value(json_object_get(o, "id"));
        bool mine = f && f->id == id;
        /* the status as stored, or as chosen in a refused form */
        json_t *opts = json_array();
        const char *stored = json_string_value(json_object_get(o, "status"));
        for (const struct focus_code *c = focus_action_statuses; c->code; c++)
            json_array_append_new(opts, option(c->code, T(r, c->label),
                                               same(mine ? f->in->status : stored, c->code)));
        json_object_set_new(o, "status_options", opts);
        json_t *e = entries_json(r, d, id);
        ctx_bool(o, "has_entries", json_array_size(e) > 0);
        json_object_set_new(o, "entries", e);
        mine = mine && !f->shared;
        if (mine) {
            ctx_str(o, "note_value", f->in->note);
            ctx_str(o, "hours_value", f->in->hours);
            ctx_str(o, "worked_value", web_date_typed(r, f->in->worked_on));
            ctx_form_problems(r, o, f->pr ? f->pr->p : NULL, f->pr ? f->pr->n : 0,
                              arena_printf(r->a, "a%lld-", id));
            json_object_set(ctx, "problems", json_object_get(o, "problems"));
            ctx_bool(ctx, "has_problems", f->pr && f->pr->n);
        } else {
            ctx_str(o, "worked_value", web_date_typed(r, web_today(r)));
        }
    }
    json_object_set_new(ctx, "actions", list);
    ctx_bool(ctx, "has_actions", json_array_size(list) > 0);
    json_t *shared = shared_actions(r, d, f);
    /* a refused hours form of a shared action: its problems on top */
    size_t k;
    json_t *so;
    json_array_foreach(shared, k, so)
    {
        if (f && f->shared && json_object_get(so, "problems")) {
            json_object_set(ctx, "problems", json_object_get(so, "problems"));
            ctx_bool(ctx, "has_problems", f->pr && f->pr->n);
        }
    }
    ctx_bool(ctx, "has_shared", json_array_size(shared) > 0);
    json_object_set_new(ctx, "shared", shared);
    /* a partner's staff also find the signals referred to their organisation */
    json_t *refs = partner_referrals_json(r, d, 0, NULL, NULL);
    ctx_bool(ctx, "is_partner", user_has_role(r->user, ROLE_PARTNER));
    ctx_bool(ctx, "has_referrals", json_array_size(refs) > 0);
    json_object_set_new(ctx, "referrals", refs);
    /* and the sub-tasks of signals given to it */
    json_t *tasks = partner_tasks_json(r, d, f ? f->task_id : 0, f ? f->task_note : NULL,
                                       f && f->task_id ? f->pr : NULL);
    ctx_bool(ctx, "has_tasks", json_array_size(tasks) > 0);
    json_object_set_new(ctx, "tasks", tasks);
    if (f && f->task_id && f->pr && f->pr->n) {
        size_t ti;
        json_t *t;
        json_array_foreach(tasks, ti, t) if (json_object_get(t, "problems"))
            json_object_set(ctx, "problems", json_object_get(t, "problems"));
        ctx_bool(ctx, "has_problems", 1);
    }
    render_page(r, "pages/werk_acties", ctx);
}

/* The sub-tasks of signals given to the viewer's partner organisation. */
static json_t *partner_tasks_json(struct req *r, db *d, int64_t task_id, const char *note,
                                  const struct partner_problems *pr)
{
    json_t *list = json_array();
    if (!user_has_role(r->user, ROLE_PARTNER))
        return list;
    int64_t orgs[USER_MAX_ROLES];
    size_t no = partner_action_orgs(r->user, orgs, USER_MAX_ROLES);
    int64_t now = (int64_t)time(NULL);
    for (size_t k = 0; k < no; k++) {
        struct partner_task_row *t = NULL;
        size_t n = 0;
        if (partner_task_list(d, r->a, orgs[k], &t, &n) != DB_OK)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (t[i].confidential)
                continue; /* with the care network since: nothing of it */
            const struct signal_status_info *si = signal_status(t[i].status);
            json_t *o = json_object();
            ctx_int(o, "id", (long long)t[i].id);
            ctx_int(o, "parent", (long long)t[i].parent_id);
            ctx_str(o, "category", t[i].category_name);
            ctx_str(o, "wijk", t[i].wijk_name);
            ctx_str(o, "what", t[i].what);
            ctx_str(o, "status", si ? T(r, si->label) : t[i].status);
            ctx_bool(o, "open", !t[i].closed_at);
            ctx_bool(o, "can_take", !t[i].closed_at && strcmp(t[i].status, "in_behandeling") != 0);
            ctx_str(o, "deadline", web_local_time(r, t[i].deadline_at));
            ctx_bool(o, "overdue", !t[i].closed_at && t[i].deadline_at < now);
            if (task_id == t[i].id) {
                ctx_str(o, "note_value", note);
                ctx_form_problems(r, o, pr ? pr->p : NULL, pr ? pr->n : 0,
                                  arena_printf(r->a, "t%lld-", (long long)t[i].id));
            }
            json_array_append_new(list, o);
        }
    }
    return list;
}

void page_partner_task_post(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    const char *status = req_field(r, "status"), *note = req_field(r, "toelichting");
    const struct config *c = server_config();
    struct partner_problems pr;
    enum partner_result res = partner_task_update(d, r->a, r->user, id, status, note,
                                                  (int64_t)time(NULL), c ? c->base_url : "", &pr);
    if (res == PARTNER_INVALID) {
        r->status = 400;
        struct action_form f = {.task_id = id, .task_note = note, .pr = &pr};
        actions_page(r, d, &f);
        return;
    }
    if (res == PARTNER_OK)
        mailer_wake(); /* a closed parent tells its reporter */
    web_partner_answer(r, res, arena_printf(r->a, "/werk/acties#deeltaak-%lld", id));
}

void page_own_actions(struct req *r)
{
    db *d = web_db(r);
    if (d)
        actions_page(r, d, NULL);
}

void page_own_action_post(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    struct partner_action_update in = {
        .status = req_field(r, "status"),
        .note = req_field(r, "toelichting"),
        .hours = req_field(r, "uren"),
        .worked_on = web_date_field(r, "datum"),
    };
    struct partner_problems pr;
    enum partner_result res =
        partner_action_update(d, r->a, r->user, id, &in, web_today(r), (int64_t)time(NULL), &pr);
    if (res == PARTNER_INVALID) {
        r->status = 400;
        struct action_form f = {.id = id, .in = &in, .pr = &pr};
        actions_page(r, d, &f);
        return;
    }
    web_partner_answer(r, res, arena_printf(r->a, "/werk/acties#actie-%lld", id));
}

/* --- hours on a shared action, and correcting an entry ------------------------------ */

void page_own_action_hours_post(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    struct partner_action_update in = {.hours = req_field(r, "uren"),
                                       .worked_on = web_date_field(r, "datum")};
    struct partner_problems pr;
    enum partner_result res = partner_hours_add(d, r->a, r->user, id, in.hours, in.worked_on,
                                                web_today(r), (int64_t)time(NULL), &pr);
    if (res == PARTNER_INVALID) {
        r->status = 400;
        struct action_form f = {.id = id, .shared = true, .in = &in, .pr = &pr};
        actions_page(r, d, &f);
        return;
    }
    web_partner_answer(r, res, arena_printf(r->a, "/werk/acties#actie-%lld", id));
}

/* The form to correct or remove an entry of hours. */
static void hours_page(struct req *r, const struct action_hours_entry *h, const char *hours,
                       const char *worked, const struct partner_problems *pr, bool closed)
{
    json_t *ctx = json_object();
    ctx_bool(ctx, "closed", closed);
    ctx_str(ctx, "year", arena_strndup(r->a, h->worked_on ? h->worked_on : "", 4));
    ctx_int(ctx, "id", (long long)h->id);
    ctx_str(ctx, "action", h->action_title);
    ctx_str(ctx, "org", h->org_name);
    ctx_str(ctx, "back", arena_printf(r->a, "/werk/acties#actie-%lld", (long long)h->action_id));
    ctx_str(ctx, "hours_value", hours ? hours : web_hours_text(r, h->minutes));
    ctx_str(ctx, "worked_value", worked ? worked : web_date_typed(r, h->worked_on));
    ctx_form_problems(r, ctx, pr ? pr->p : NULL, pr ? pr->n : 0, "u-");
    ctx_bool(ctx, "has_problems", pr && pr->n);
    render_page(r, "pages/werk_uren", ctx);
}

/* The entry of the path, *closed when it lies in a closed year. */
static bool load_hours(struct req *r, db *d, struct action_hours_entry *h, bool *closed)
{
    long long id = web_parse_id(req_param(r, 0));
    enum partner_result res = id ? partner_hours_get(d, r->a, r->user, id, h) : PARTNER_NOT_FOUND;
    *closed = res == PARTNER_CLOSED;
    if (res != PARTNER_OK && res != PARTNER_CLOSED) {
        web_partner_answer(r, res, NULL);
        return false;
    }
    return true;
}

/* A change of hours of a closed year: the page says why not (409). */
static bool refuse_closed(struct req *r, const struct action_hours_entry *h, bool closed)
{
    if (!closed)
        return false;
    r->status = 409;
    hours_page(r, h, NULL, NULL, NULL, true);
    return true;
}

void page_hours_entry(struct req *r)
{
    db *d = web_db(r);
    struct action_hours_entry h;
    bool closed;
    if (d && load_hours(r, d, &h, &closed))
        hours_page(r, &h, NULL, NULL, NULL, closed);
}

void page_hours_entry_post(struct req *r)
{
    db *d = web_db(r);
    struct action_hours_entry h;
    bool closed;
    if (!d || !load_hours(r, d, &h, &closed) || refuse_closed(r, &h, closed))
        return;
    const char *hours = req_field(r, "uren");
    struct partner_problems pr;
    enum partner_result res =
        partner_hours_change(d, r->a, r->user, h.id, hours, web_date_field(r, "datum"),
                             web_today(r), (int64_t)time(NULL), &pr);
    if (res == PARTNER_INVALID) {
        r->status = 400;
        hours_page(r, &h, hours ? hours : "", req_field(r, "datum"), &pr, false);
        return;
    }
    web_partner_answer(r, res,
                       arena_printf(r->a, "/werk/acties#actie-%lld", (long long)h.action_id));
}

void page_hours_entry_remove_post(struct req *r)
{
    db *d = web_db(r);
    struct action_hours_entry h;
    bool closed;
    if (!d || !load_hours(r, d, &h, &closed) || refuse_closed(r, &h, closed))
        return;
    web_partner_answer(r, partner_hours_remove(d, r->a, r->user, h.id, (int64_t)time(NULL)),
                       arena_printf(r->a, "/werk/acties#actie-%lld", (long long)h.action_id));
}

/* --- the wijk page ------------------------------------------------------------------ */

json_t *web_wijk_partner_people(struct req *r, db *d, int64_t area_id)
{
    json_t *list = json_array();
    struct partner_person_row *p = NULL;
    size_t n = 0;
    if (partner_person_public(d, r->a, area_id, web_today(r), &p, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_object();
            ctx_str(o, "name", p[i].name);
            ctx_str(o, "role", p[i].role && *p[i].role ? p[i].role : NULL);
            ctx_str(o, "org", p[i].org_name);
            json_array_append_new(list, o);
        }
    return list;
}

/* --- referrals of signals to partners ------------------------------------------------ */

static const char *referral_status(struct req *r, const char *status)
{
    return strcmp(status, "gedaan") == 0         ? T(r, "gedaan")
           : strcmp(status, "teruggegeven") == 0 ? T(r, "teruggegeven")
                                                 : T(r, "open");
}

json_t *web_signal_referrals(struct req *r, db *d, int64_t signal_id)
{
    json_t *list = json_array();
    struct partner_referral_row *x = NULL;
    size_t n = 0;
    const char *today = web_today(r);
    if (partner_referral_list(d, r->a, 0, signal_id, &x, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                list, json_pack("{s:s,s:s,s:s?,s:s?,s:b}", "org", x[i].org_name, "status",
                                referral_status(r, x[i].status), "answer", x[i].answer, "due",
                                x[i].due_on ? fmt_date(r, x[i].due_on) : NULL, "overdue",
                                partner_referral_overdue(x[i].status, x[i].due_on, today)));
    return list;
}

/* How far back the handler's list of answers from partners looks. */
#define ANSWERS_DAYS 14

json_t *web_referral_answers(struct req *r, db *d)
{
    json_t *list = json_array();
    const struct user *u = r->user;
    if (!u || !policy_allows(u, ACT_SIGNAL_LIST, NULL))
        return list;
    /* the departments whose signals the user handles */
    json_t *orgs = json_array();
    for (size_t i = 0; i < u->nroles; i++) {
        const struct user_role *ur = &u->roles[i];
        if (ur->org_id && !ur->care_org &&
            (ur->role == ROLE_AFDELING || ur->role == ROLE_AFDELINGSHOOFD))
            json_array_append_new(orgs, json_integer(ur->org_id));
    }
    char *ids = json_dumps(orgs, JSON_COMPACT);
    json_decref(orgs);
    struct partner_referral_row *x = NULL;
    size_t n = 0;
    int64_t since = (int64_t)time(NULL) - ANSWERS_DAYS * 86400;
    int rc = ids ? partner_referral_answered(d, r->a, u->id, ids, since, &x, &n) : DB_ERROR;
    free(ids);
    if (rc != DB_OK)
        return list;
    for (size_t i = 0; i < n; i++) {
        if (x[i].confidential || x[i].intake_confidential)
            continue; /* with the care network since: not on this list */
        const struct signal_status_info *si = signal_status(x[i].signal_status);
        json_t *o = json_object();
        ctx_int(o, "signal", (long long)x[i].signal_id);
        ctx_str(o, "url",
                arena_printf(r->a, "/werk/meldingen/%lld#verwijzingen", (long long)x[i].signal_id));
        ctx_str(o, "category", x[i].category_name);
        ctx_str(o, "org", x[i].org_name);
        ctx_str(o, "status", referral_status(r, x[i].status));
        ctx_bool(o, "returned", strcmp(x[i].status, "teruggegeven") == 0);
        ctx_str(o, "answered", web_local_time(r, x[i].closed_at));
        ctx_str(o, "signal_status", si ? T(r, si->label) : x[i].signal_status);
        json_array_append_new(list, o);
    }
    return list;
}

struct refer_form {
    const struct partner_referral_input *in;
    const struct partner_problems *pr;
    const char *due_typed; /* the last day as typed */
};

static void refer_page(struct req *r, db *d, int64_t id, const struct refer_form *f)
{
    struct signal s;
    int rc = signal_get(d, r->a, id, &s);
    if (rc == DB_NOTFOUND) {
        resp_error(r, 404);
        return;
    }
    if (rc != DB_OK) {
        resp_error(r, 500);
        return;
    }
    if (!signal_may_handle(d, r->user, &s) || !signal_may_read_content(r->user, &s)) {
        resp_error(r, 403);
        return;
    }
    json_t *ctx = json_object();
    ctx_int(ctx, "id", (long long)s.id);
    ctx_str(ctx, "category", s.category_name);
    ctx_str(ctx, "wijk", s.wijk_name);
    ctx_bool(ctx, "never", s.confidential || s.intake_confidential);
    struct organisation *o = NULL;
    size_t no = 0;
    json_t *opts = json_array(), *covered = json_array();
    json_array_append_new(opts, option("", T(r, "Kies een organisatie"), false));
    const char *today = web_today(r);
    struct category c;
    int64_t main_category = 0;
    if (category_get(d, r->a, s.category_id, &c) == DB_OK)
        main_category = c.parent_id ? c.parent_id : c.id;
    if (org_list(d, r->a, "partner", &o, &no) == DB_OK)
        for (size_t i = 0; i < no; i++) {
            const char *v = arena_printf(r->a, "%lld", (long long)o[i].id);
            /* the same check as the referral: which partner may be told of this kind */
            bool ok = partner_work_refusal(d, r->a, o[i].id, main_category,
                                           s.confidential || s.intake_confidential, today) == NULL;
            const char *label =
                ok ? arena_printf(r->a, "%s (%s)", o[i].name, T(r, "afspraak geldt")) : o[i].name;
            json_array_append_new(opts, option(v, label, f && same(f->in->org, v)));
            if (ok)
                json_array_append_new(covered, json_pack("{s:s}", "name", o[i].name));
        }
    json_object_set_new(ctx, "org_options", opts);
    ctx_bool(ctx, "has_covered", json_array_size(covered) > 0);
    json_object_set_new(ctx, "covered", covered);
    char due[11];
    ctx_str(ctx, "due",
            f ? (f->due_typed ? f->due_typed : "")
              : (partner_referral_default_due(today, due) == 0 ? web_date_typed(r, due) : ""));
    ctx_int(ctx, "term_days", PARTNER_REFERRAL_TERM_DAYS);
    if (f) {
        ctx_str(ctx, "what", f->in->what);
        ctx_bool(ctx, "consent", f->in->consent);
        ctx_form_problems(r, ctx, f->pr ? f->pr->p : NULL, f->pr ? f->pr->n : 0, "refer-");
    }
    render_page(r, "pages/werk_verwijzen", ctx);
}

void page_signal_refer(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    refer_page(r, d, id, NULL);
}

void page_signal_refer_post(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    struct partner_referral_input in = {
        .org = req_field(r, "organisatie"),
        .what = req_field(r, "wat"),
        .due_on = web_date_field(r, "uiterlijk"),
        .consent = req_field(r, "toestemming") != NULL,
    };
    const struct config *c = server_config();
    struct partner_problems pr;
    enum partner_result res = partner_refer(d, r->a, r->user, id, &in, web_today(r),
                                            (int64_t)time(NULL), c ? c->base_url : "", &pr, NULL);
    if (res == PARTNER_INVALID) {
        r->status = 400;
        struct refer_form f = {.in = &in, .pr = &pr, .due_typed = req_field(r, "uiterlijk")};
        refer_page(r, d, id, &f);
        return;
    }
    if (res == PARTNER_OK)
        mailer_wake(); /* the partner's people are told */
    web_partner_answer(r, res, arena_printf(r->a, "/werk/meldingen/%lld", id));
}

/* The referrals to the viewer's partner organisation, with what it may
 * read of each signal. */
static json_t *partner_referrals_json(struct req *r, db *d, int64_t answered_id, const char *answer,
                                      const struct partner_problems *pr)
{
    json_t *list = json_array();
    if (!user_has_role(r->user, ROLE_PARTNER))
        return list;
    int64_t orgs[USER_MAX_ROLES];
    size_t no = partner_action_orgs(r->user, orgs, USER_MAX_ROLES);
    const char *today = web_today(r);
    for (size_t k = 0; k < no; k++) {
        struct partner_referral_row *x = NULL;
        size_t n = 0;
        if (partner_referral_list(d, r->a, orgs[k], 0, &x, &n) != DB_OK)
            continue;
        for (size_t i = 0; i < n; i++) {
            /* a signal that became confidential after the referral: nothing of it */
            bool hidden = x[i].confidential || x[i].intake_confidential;
            json_t *o = json_object();
            ctx_int(o, "id", (long long)x[i].id);
            ctx_int(o, "signal", (long long)x[i].signal_id);
            ctx_str(o, "category", x[i].category_name);
            ctx_str(o, "wijk", x[i].wijk_name);
            if (!hidden) {
                ctx_str(o, "address", x[i].address_text);
                ctx_str(o, "description", x[i].description);
            }
            ctx_str(o, "what", x[i].what);
            ctx_str(o, "status", referral_status(r, x[i].status));
            ctx_bool(o, "open", strcmp(x[i].status, "open") == 0);
            ctx_str(o, "answer", x[i].answer);
            ctx_str(o, "referred", web_local_time(r, x[i].created_at));
            ctx_str(o, "due", x[i].due_on ? fmt_date(r, x[i].due_on) : NULL);
            ctx_bool(o, "overdue", partner_referral_overdue(x[i].status, x[i].due_on, today));
            if (partner_referral_shows_contact(d, r->a, x[i].org_id, x[i].main_category_id,
                                               x[i].contact_consent, hidden, today)) {
                struct signal_contact *c;
                size_t nc;
                json_t *cl = json_array();
                if (signal_contacts(d, r->a, x[i].signal_id, &c, &nc) == DB_OK)
                    for (size_t j = 0; j < nc; j++)
                        if (!c[j].erased)
                            json_array_append_new(cl, json_pack("{s:s?,s:s?,s:s?}", "name",
                                                                c[j].name, "email", c[j].email,
                                                                "phone", c[j].phone));
                ctx_bool(o, "has_contacts", json_array_size(cl) > 0);
                json_object_set_new(o, "contacts", cl);
            }
            if (answered_id == x[i].id) {
                ctx_str(o, "answer_value", answer);
                ctx_form_problems(r, o, pr ? pr->p : NULL, pr ? pr->n : 0,
                                  arena_printf(r->a, "r%lld-", (long long)x[i].id));
            }
            json_array_append_new(list, o);
        }
    }
    return list;
}

/* The items of a list whose "open" is true; takes the list over. */
static json_t *only_open(json_t *all)
{
    json_t *open = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(all, i, o) if (json_is_true(json_object_get(o, "open")))
        json_array_append(open, o);
    json_decref(all);
    return open;
}

json_t *web_partner_open_referrals(struct req *r, db *d)
{
    return only_open(partner_referrals_json(r, d, 0, NULL, NULL));
}

json_t *web_partner_open_tasks(struct req *r, db *d)
{
    return only_open(partner_tasks_json(r, d, 0, NULL, NULL));
}

void page_referral_answer_post(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    const char *status = req_field(r, "status"), *answer = req_field(r, "antwoord");
    struct partner_problems pr;
    const struct config *c = server_config();
    enum partner_result res = partner_referral_answer(
        d, r->a, r->user, id, status, answer, (int64_t)time(NULL), c ? c->base_url : "", &pr);
    if (res == PARTNER_INVALID) {
        r->status = 400;
        json_t *ctx = json_object();
        json_t *refs = partner_referrals_json(r, d, id, answer, &pr);
        size_t i;
        json_t *o;
        json_array_foreach(refs, i, o) if (json_object_get(o, "problems"))
            json_object_set(ctx, "problems", json_object_get(o, "problems"));
        ctx_bool(ctx, "has_problems", 1);
        json_object_set_new(ctx, "referrals", refs);
        ctx_bool(ctx, "is_partner", 1);
        ctx_bool(ctx, "has_referrals", json_array_size(refs) > 0);
        json_t *list = web_own_actions(r, d, false);
        ctx_bool(ctx, "has_actions", json_array_size(list) > 0);
        json_object_set_new(ctx, "actions", list);
        render_page(r, "pages/werk_acties", ctx);
        return;
    }
    if (res == PARTNER_OK)
        mailer_wake(); /* the handler is told, the reporter of a handled signal too */
    web_partner_answer(r, res, "/werk/acties#verwijzingen");
}
