/*
 * initiative_staff.c: residents' initiatives in the back office: the work
 * list (/initiatieven: what waits for whom and since when, by state and
 * wijk, within the person's region), an application's page
 * (/initiatieven/{id}) with the steps the person may take by role and
 * mandate, and entering an application on a resident's behalf
 * (/initiatieven/nieuw). Contact details and the account number show only
 * where initiative_may_read_personal allows; every step goes through
 * domain/initiative.c.
 */
#include "web.h"
#include "web/initiative_web.h"

#include "domain/calendar.h"
#include "domain/initiative.h"
#include "domain/mailer.h"
#include "domain/policy.h"
#include "http/server.h"
#include "lib/config.h"
#include "lib/iban.h"
#include "lib/money.h"
#include "store/area_store.h"
#include "web/render.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIST_MAX 200

/* Who the state waits for, in a word. */
static const char *waits_for(const char *state)
{
    if (strcmp(state, "ingediend") == 0 || strcmp(state, "in_behandeling") == 0)
        return N_("Gemeente");
    if (strcmp(state, "vragen") == 0)
        return N_("Aanvrager");
    if (strcmp(state, "toegekend") == 0 || strcmp(state, "deels_toegekend") == 0)
        return N_("Uitvoering");
    if (strcmp(state, "uitgevoerd") == 0)
        return N_("Verantwoording");
    return NULL;
}

/* An open objection: received when, open how many days, and the end of
 * the six-week term (past it: overdue). */
static json_t *objection_term(struct req *r, const struct initiative_objection_row *o)
{
    cal_date received, today = cal_date_of((int64_t)time(NULL));
    json_t *t = json_object();
    if (cal_parse_date(o->received_on, strlen(o->received_on), &received) != 0)
        return t;
    cal_date end = cal_add_calendar_days(received, 7 * INITIATIVE_OBJECTION_WEEKS);
    char iso[CAL_DATE_LEN];
    cal_format_date(end, iso);
    ctx_str(t, "received", fmt_date(r, o->received_on));
    ctx_str(t, "term_end", fmt_date(r, arena_strdup(r->a, iso)));
    ctx_int(t, "days", (long long)(today - received));
    ctx_bool(t, "overdue", today > end);
    return t;
}

void page_initiatives(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *state = req_query(r, "status");
    const char *wijk = req_query(r, "wijk");
    struct initiative_filter f = {.on = web_today(r), .open_only = false};
    if (state && *state && initiative_state_from(state) > 0)
        f.state = state;
    else
        f.open_only = !(state && strcmp(state, "alle") == 0);
    const struct config *cfg = server_config();
    unsigned days = cfg && cfg->grant_accounting_days ? cfg->grant_accounting_days : 90;
    bool overdue = req_query(r, "achterstand") != NULL;
    if (overdue) {
        f.decided_before = (int64_t)time(NULL) - (int64_t)days * 86400;
        f.open_only = false;
        f.state = NULL;
    }
    struct wijk w;
    if (wijk && *wijk && area_get_wijk(d, r->a, wijk, web_today(r), 0, &w) == DB_OK)
        f.wijk_id = w.id;
    /* region-scoped roles see their regions; everywhere-roles all */
    int64_t regions[USER_MAX_ROLES];
    size_t nr = 0;
    bool all = false;
    for (size_t i = 0; r->user && i < r->user->nroles; i++) {
        enum scope_kind s = policy_scope(r->user->roles[i].role, ACT_INITIATIVE_LIST);
        if (s == SCOPE_ALL)
            all = true;
        else if (s == SCOPE_OWN && r->user->roles[i].region_id)
            regions[nr++] = r->user->roles[i].region_id;
    }
    if (!all) {
        f.regions = regions;
        f.nregions = nr;
    }
    struct initiative_row *rows = NULL;
    size_t n = 0;
    if (initiative_list(d, r->a, &f, LIST_MAX, &rows, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    json_t *ctx = json_object(), *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        ctx_int(o, "id", (long long)rows[i].id);
        ctx_str(o, "title", rows[i].title);
        ctx_str(o, "wijk", rows[i].wijk_name);
        ctx_str(o, "state", initiative_state_text(r, rows[i].state));
        const char *wf = waits_for(rows[i].state);
        ctx_str(o, "waits_for", wf ? T(r, wf) : NULL);
        ctx_int(o, "days", (long long)((now - rows[i].state_since) / 86400));
        ctx_str(o, "requested", initiative_money(r, rows[i].requested_cents));
        ctx_bool(o, "demo", rows[i].demo);
        json_array_append_new(list, o);
    }
    json_object_set_new(ctx, "rows", list);
    ctx_bool(ctx, "empty", n == 0);
    /* open objections, with their age against the six-week term */
    struct initiative_filter of = f;
    of.state = NULL;
    of.open_only = false;
    of.decided_before = 0;
    of.objection_open = true;
    json_t *objections = json_array();
    if (initiative_list(d, r->a, &of, LIST_MAX, &rows, &n) != DB_OK) {
        json_decref(ctx);
        json_decref(objections);
        resp_error(r, 500);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        struct initiative_objection_row ob;
        if (initiative_objection_open(d, r->a, rows[i].id, &ob) != DB_OK)
            continue;
        json_t *o = objection_term(r, &ob);
        ctx_int(o, "id", (long long)rows[i].id);
        ctx_str(o, "title", rows[i].title);
        ctx_str(o, "wijk", rows[i].wijk_name);
        json_array_append_new(objections, o);
    }
    ctx_bool(ctx, "has_objections", json_array_size(objections) > 0);
    json_object_set_new(ctx, "objections", objections);
    json_t *states = json_array();
    json_array_append_new(states,
                          json_pack("{s:s,s:s,s:b}", "code", "", "label",
                                    T(r, "Alles wat openstaat"), "selected", !state || !*state));
    for (int s = INIT_INGEDIEND; s < INIT__COUNT; s++) {
        const char *c = initiative_state_code((enum initiative_state)s);
        json_array_append_new(states,
                              json_pack("{s:s,s:s,s:b}", "code", c, "label",
                                        T(r, initiative_state_label((enum initiative_state)s)),
                                        "selected", state && strcmp(state, c) == 0));
    }
    json_array_append_new(states, json_pack("{s:s,s:s,s:b}", "code", "alle", "label",
                                            T(r, "Alle aanvragen"), "selected",
                                            state && strcmp(state, "alle") == 0));
    json_object_set_new(ctx, "states", states);
    struct wijk *ws;
    size_t nw;
    json_t *wl = json_array();
    if (area_list_wijken(d, r->a, web_today(r), 0, &ws, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(wl, json_pack("{s:s,s:s,s:b}", "slug", ws[i].slug, "name",
                                                ws[i].name, "selected", f.wijk_id == ws[i].id));
    json_object_set_new(ctx, "wijken", wl);
    ctx_bool(ctx, "may_enter", policy_allows(r->user, ACT_INITIATIVE_INTAKE, NULL));
    ctx_bool(ctx, "overdue", overdue);
    ctx_int(ctx, "overdue_days", (long long)days);
    render_page(r, "pages/initiatief_lijst", ctx);
}

/* An application's page; error (or NULL) is shown at the top and, when
 * field names a field of the objection forms, at that field, whose typed
 * values come back. */
static void application_page(struct req *r, db *d, int64_t id, const char *error, const char *done,
                             const char *field)
{
    struct initiative_row row;
    int rc = initiative_get(d, r->a, id, &row);
    if (rc == DB_NOTFOUND || (rc == DB_OK && strcmp(row.state, "concept") == 0)) {
        resp_error(r, 404);
        return;
    }
    if (rc != DB_OK) {
        resp_error(r, 500);
        return;
    }
    if (!initiative_may_handle(d, r->user, &row)) {
        resp_error(r, 403);
        return;
    }
    json_t *ctx = json_object();
    ctx_int(ctx, "id", (long long)row.id);
    ctx_str(ctx, "title", row.title);
    ctx_str(ctx, "description", row.description);
    ctx_str(ctx, "state", initiative_state_text(r, row.state));
    ctx_str(ctx, "wijk", row.wijk_name);
    ctx_str(ctx, "date", row.activity_date ? fmt_date(r, row.activity_date) : NULL);
    ctx_str(ctx, "place", row.activity_place);
    if (row.participants >= 0)
        ctx_str(ctx, "participants", fmt_number(r, row.participants));
    if (row.neighbours >= 0)
        ctx_str(ctx, "neighbours", fmt_number(r, row.neighbours));
    ctx_str(ctx, "requested", initiative_money(r, row.requested_cents));
    ctx_str(ctx, "own", initiative_money(r, row.own_cents));
    ctx_str(ctx, "other", initiative_money(r, row.other_cents));
    ctx_str(ctx, "other_funding", row.other_funding);
    if (row.granted_cents)
        ctx_str(ctx, "granted", initiative_money(r, row.granted_cents));
    ctx_bool(ctx, "consent", row.consent_publish);
    ctx_str(ctx, "channel", row.channel);
    ctx_bool(ctx, "entered", row.entered_by != 0);
    ctx_str(ctx, "reason", row.reject_reason);
    ctx_str(ctx, "alternative",
            row.alternative ? T(r, initiative_alternative_label(row.alternative)) : NULL);
    ctx_str(ctx, "alternative_text", row.alternative_text);
    if (initiative_may_read_personal(d, r->user, &row)) {
        json_t *p = json_object();
        ctx_str(p, "name", row.applicant_name);
        ctx_str(p, "email", row.applicant_email);
        ctx_str(p, "phone", row.applicant_phone);
        ctx_str(p, "address", row.applicant_address);
        ctx_str(p, "organisation", row.organisation);
        if (row.iban) {
            char shown[IBAN_MAX + IBAN_MAX / 4 + 2];
            iban_display(row.iban, shown);
            ctx_str(p, "iban", arena_strdup(r->a, shown));
        }
        ctx_str(p, "holder", row.iban_holder);
        if (row.receipt_photo)
            ctx_str(p, "receipt",
                    arena_printf(r->a, "/initiatieven/%lld/bonnetjes", (long long)row.id));
        ctx_bool(p, "receipts_asked", row.receipts_asked);
        json_object_set_new(ctx, "personal", p);
    }
    struct initiative_line_row *l;
    size_t nl;
    json_t *lines = json_array();
    if (initiative_lines(d, r->a, row.id, &l, &nl) == DB_OK)
        for (size_t i = 0; i < nl; i++)
            json_array_append_new(lines, json_pack("{s:s,s:s}", "text", l[i].description, "amount",
                                                   initiative_money(r, l[i].amount_cents)));
    json_object_set_new(ctx, "lines", lines);
    json_object_set_new(ctx, "history", initiative_history(r, d, row.id, true));

    /* the steps this person may take now */
    int st = initiative_state_from(row.state);
    enum initiative_state s = st < 0 ? INIT_CONCEPT : (enum initiative_state)st;
    ctx_bool(ctx, "may_take", initiative_may_move(s, INIT_IN_BEHANDELING, INIT_BY_HANDLER));
    ctx_bool(ctx, "may_ask", initiative_may_move(s, INIT_VRAGEN, INIT_BY_HANDLER));
    ctx_bool(ctx, "may_withdraw", initiative_may_move(s, INIT_INGETROKKEN, INIT_BY_HANDLER));
    ctx_bool(ctx, "may_carry_out", initiative_may_move(s, INIT_UITGEVOERD, INIT_BY_HANDLER));
    ctx_bool(ctx, "may_correct", initiative_correctable(&row));
    int64_t region = initiative_region(d, &row);
    bool decider =
        policy_allows(r->user, ACT_INITIATIVE_DECIDE, &(struct scope_target){region, 0, 0}) &&
        initiative_may_move(s, INIT_TOEGEKEND, INIT_BY_DECIDER);
    ctx_bool(ctx, "may_decide", decider);
    if (decider) {
        bool any;
        int64_t max = initiative_mandate_of(d, r->a, r->user, region, web_today(r), &any);
        if (any && max >= 0)
            ctx_str(ctx, "mandate", initiative_money(r, max));
        if (row.entered_by && row.entered_by == r->user->id)
            ctx_bool(ctx, "own_entry", 1);
        char m[MONEY_FMT_MAX];
        money_format(row.requested_cents, false, m);
        ctx_str(ctx, "grant_value", arena_strdup(r->a, m));
        json_t *alts = json_array();
        for (size_t i = 0; initiative_alternatives[i]; i++)
            json_array_append_new(
                alts, json_pack("{s:s,s:s}", "code", initiative_alternatives[i], "label",
                                T(r, initiative_alternative_label(initiative_alternatives[i]))));
        json_object_set_new(ctx, "alternatives", alts);
        struct wijk_budget_row b;
        int64_t year = web_this_year();
        if (wijk_budget_get(d, r->a, row.wijk_id, year, &b) == DB_OK) {
            json_t *bo = json_object();
            ctx_int(bo, "year", (long long)year);
            ctx_str(bo, "amount", initiative_money(r, b.amount_cents));
            ctx_str(bo, "committed", initiative_money(r, b.committed_cents));
            ctx_str(bo, "left", initiative_money(r, b.amount_cents - b.committed_cents));
            json_object_set_new(ctx, "budget", bo);
        }
    }
    /* afterwards: the applicant's account, the payment, the publication */
    if (row.reported_at) {
        json_t *rep = json_object();
        ctx_str(rep, "text", row.report_text);
        if (row.report_participants >= 0)
            ctx_str(rep, "participants", fmt_number(r, row.report_participants));
        if (row.report_thumb)
            ctx_str(rep, "photo", arena_printf(r->a, "/initiatieven/%lld/foto", (long long)row.id));
        json_object_set_new(ctx, "report", rep);
    }
    if (row.granted_cents)
        ctx_str(ctx, "paid", initiative_money(r, row.paid_cents));
    bool granted = s == INIT_TOEGEKEND || s == INIT_DEELS_TOEGEKEND || s == INIT_UITGEVOERD;
    if (granted && user_has_role(r->user, ROLE_ONDERSTEUNER) &&
        row.paid_cents < row.granted_cents) {
        char m[MONEY_FMT_MAX];
        money_format(row.granted_cents - row.paid_cents, false, m);
        ctx_str(ctx, "pay_value", arena_strdup(r->a, m));
    }
    ctx_bool(ctx, "may_publish",
             (granted || s == INIT_VERANTWOORD) && row.consent_publish && !row.published);
    ctx_str(ctx, "public_summary", row.public_summary);

    /* objections: the open one with its term, the closed ones, the forms */
    struct initiative_objection_row *obs;
    size_t nobs = 0;
    if (initiative_objections(d, r->a, row.id, &obs, &nobs) != DB_OK)
        nobs = 0;
    json_t *ol = json_array();
    bool open = false;
    for (size_t i = 0; i < nobs; i++) {
        if (!obs[i].outcome) {
            open = true;
            json_object_set_new(ctx, "objection_open", objection_term(r, &obs[i]));
            continue;
        }
        json_array_append_new(
            ol, json_pack("{s:s,s:s,s:s,s:s?}", "received", fmt_date(r, obs[i].received_on),
                          "outcome", T(r, initiative_objection_outcome_label(obs[i].outcome)), "on",
                          fmt_date(r, obs[i].outcome_on), "note", obs[i].outcome_note));
    }
    ctx_bool(ctx, "has_objections", json_array_size(ol) > 0);
    json_object_set_new(ctx, "objections", ol);
    bool objector = user_has_role(r->user, ROLE_ONDERSTEUNER) && initiative_objectable(&row);
    ctx_bool(ctx, "may_object", objector && !open);
    ctx_bool(ctx, "may_close_objection", objector && open);
    if (objector) {
        const char *outcome = field ? req_field(r, "uitkomst") : NULL;
        json_t *outs = json_array();
        for (size_t i = 0; initiative_objection_outcomes[i]; i++)
            json_array_append_new(
                outs,
                json_pack(
                    "{s:s,s:s,s:b}", "code", initiative_objection_outcomes[i], "label",
                    T(r, initiative_objection_outcome_label(initiative_objection_outcomes[i])),
                    "checked", outcome && strcmp(outcome, initiative_objection_outcomes[i]) == 0));
        json_object_set_new(ctx, "outcomes", outs);
        if (field) {
            ctx_str(ctx, "received_value", req_field(r, "ontvangen"));
            ctx_str(ctx, "outcome_on_value", req_field(r, "datum"));
            ctx_str(ctx, "outcome_note_value", req_field(r, "toelichting"));
        }
    }
    if (field && error) {
        ctx_str(ctx, "error_field", arena_printf(r->a, "bezwaar-%s", field));
        json_object_set_new(ctx, arena_printf(r->a, "err_%s", field), json_string(error));
    }
    ctx_str(ctx, "error", error);
    ctx_str(ctx, "done", done);
    ctx_str(ctx, "csrf", req_csrf(r));
    render_page(r, "pages/initiatief_werk", ctx);
}

void page_initiative_work(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int64_t id = web_parse_id(req_param(r, 0));
    if (!id) {
        resp_error(r, 404);
        return;
    }
    application_page(r, d, id, NULL,
                     req_query(r, "klaar") ? T(r, "De aanvraag is bijgewerkt.") : NULL, NULL);
}

/* The answer to a step: back to the page, or the page with the reason. */
static void step_result(struct req *r, db *d, int64_t id, enum initiative_result res,
                        const char *problem)
{
    switch (res) {
    case INIT_OK:
        mailer_wake();
        resp_redirect(r, arena_printf(r->a, "/initiatieven/%lld?klaar=1", (long long)id));
        return;
    case INIT_NOT_FOUND:
        resp_error(r, 404);
        return;
    case INIT_FORBIDDEN:
        r->status = 403;
        application_page(r, d, id,
                         T(r, problem ? problem : N_("U mag dit niet doen bij deze aanvraag.")),
                         NULL, NULL);
        return;
    case INIT_NOT_MANDATE:
    case INIT_OWN_ENTRY:
    case INIT_NO_BUDGET:
        r->status = 403;
        application_page(r, d, id, T(r, problem), NULL, NULL);
        return;
    case INIT_WRONG_STATE:
        r->status = 409;
        application_page(r, d, id, T(r, "Dit kan niet meer: de aanvraag is intussen veranderd."),
                         NULL, NULL);
        return;
    case INIT_INVALID:
        r->status = 400;
        application_page(r, d, id, T(r, problem), NULL, NULL);
        return;
    case INIT_ERROR:
        break;
    }
    resp_error(r, 500);
}

static int64_t step_id(struct req *r)
{
    int64_t id = web_parse_id(req_param(r, 0));
    if (!id)
        resp_error(r, 404);
    return id;
}

void page_initiative_take(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    if (id)
        step_result(
            r, d, id,
            initiative_take(d, r->a, r->user, id, (int64_t)time(NULL), initiative_base_url()),
            NULL);
}

void page_initiative_ask(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    if (!id)
        return;
    const char *problem = NULL;
    enum initiative_result res =
        initiative_ask(d, r->a, r->user, id, req_field(r, "vraag"), (int64_t)time(NULL),
                       initiative_base_url(), &problem);
    step_result(r, d, id, res, problem);
}

/* The form's amount ("bedrag"); false (answered with the reason) when it
 * is not an amount. */
static bool amount_field(struct req *r, db *d, int64_t id, int64_t *cents)
{
    enum money_result mr = money_parse(req_field(r, "bedrag"), cents);
    if (mr != MONEY_OK)
        step_result(r, d, id, INIT_INVALID, money_problem(mr));
    return mr == MONEY_OK;
}

void page_initiative_grant(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    int64_t cents = 0;
    if (!id || !amount_field(r, d, id, &cents))
        return;
    const char *problem = NULL;
    const char *receipts = req_field(r, "bonnetjes");
    enum initiative_result res =
        initiative_grant(d, r->a, r->user, id, cents, receipts && strcmp(receipts, "ja") == 0,
                         (int64_t)time(NULL), initiative_base_url(), &problem);
    step_result(r, d, id, res, problem);
}

void page_initiative_reject(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    if (!id)
        return;
    const char *problem = NULL;
    enum initiative_result res = initiative_reject(
        d, r->a, r->user, id, req_field(r, "reden"), req_field(r, "alternatief"),
        req_field(r, "toelichting"), (int64_t)time(NULL), initiative_base_url(), &problem);
    step_result(r, d, id, res, problem);
}

void page_initiative_staff_withdraw(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    if (id)
        step_result(
            r, d, id,
            initiative_withdraw(d, r->a, r->user, id, (int64_t)time(NULL), initiative_base_url()),
            NULL);
}

void page_initiative_carried_out(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    if (id)
        step_result(r, d, id,
                    initiative_carried_out(d, r->a, r->user, id, (int64_t)time(NULL),
                                           initiative_base_url()),
                    NULL);
}

void page_initiative_pay(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    int64_t cents = 0;
    if (!id || !amount_field(r, d, id, &cents))
        return;
    const char *problem = NULL;
    enum initiative_result res = initiative_pay(d, r->a, r->user, id, cents, (int64_t)time(NULL),
                                                initiative_base_url(), &problem);
    step_result(r, d, id, res, problem);
}

void page_initiative_publish(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    if (!id)
        return;
    const char *problem = NULL;
    enum initiative_result res = initiative_publish(
        d, r->a, r->user, id, req_field(r, "samenvatting"), (int64_t)time(NULL), &problem);
    step_result(r, d, id, res, problem);
}

void page_initiative_photo(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    if (!id)
        return;
    struct initiative_row row;
    if (initiative_get(d, r->a, id, &row) != DB_OK || !row.report_photo) {
        resp_error(r, 404);
        return;
    }
    if (!initiative_may_handle(d, r->user, &row)) {
        resp_error(r, 403);
        return;
    }
    web_send_photo(r, row.report_photo);
}

/* The photo of the receipts: only for those who may read personal data. */
void page_initiative_receipt(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    if (!id)
        return;
    struct initiative_row row;
    if (initiative_get(d, r->a, id, &row) != DB_OK || !row.receipt_photo) {
        resp_error(r, 404);
        return;
    }
    if (!initiative_may_handle(d, r->user, &row) ||
        !initiative_may_read_personal(d, r->user, &row)) {
        resp_error(r, 403);
        return;
    }
    web_send_photo(r, row.receipt_photo);
}

void page_initiative_new(struct req *r)
{
    db *d = web_db(r);
    if (d)
        initiative_form(r, d, NULL, NULL, 0, true, "/initiatieven/nieuw", NULL, 0);
}

void page_initiative_new_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct initiative_input in;
    initiative_read_form(r, &in);
    struct signal_problem p[INITIATIVE_MAX_PROBLEMS];
    char token[INITIATIVE_TOKEN_CHARS];
    int64_t id = 0;
    struct intake_client none = {0};
    int rc = initiative_save(d, r->a, r->user, &in, NULL, true, &none, (int64_t)time(NULL),
                             initiative_base_url(), token, &id, p);
    if (rc > 0) {
        r->status = 400;
        initiative_form(r, d, &in, p, (size_t)rc, true, "/initiatieven/nieuw", NULL, 0);
        return;
    }
    if (rc != 0) {
        resp_error(r, 500);
        return;
    }
    mailer_wake();
    flash_set(r, "ok", "initiative");
    /* the counter may not read the list; those who may go to the application */
    struct initiative_row row;
    if (initiative_get(d, r->a, id, &row) == DB_OK && initiative_may_handle(d, r->user, &row))
        resp_redirect(r, arena_printf(r->a, "/initiatieven/%lld", (long long)id));
    else
        resp_redirect(r, "/initiatieven/nieuw");
}

/* The objection forms' answer: a problem at its field with what was typed. */
static void objection_result(struct req *r, db *d, int64_t id, enum initiative_result res,
                             const char *problem, const char *field)
{
    if (problem && (res == INIT_INVALID || res == INIT_WRONG_STATE)) {
        r->status = res == INIT_INVALID ? 400 : 409;
        application_page(r, d, id, T(r, problem), NULL, field);
        return;
    }
    step_result(r, d, id, res, problem);
}

void page_initiative_objection(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    if (!id)
        return;
    const char *problem = NULL, *field = NULL;
    enum initiative_result res = initiative_objection_receive(
        d, r->a, r->user, id, req_field(r, "ontvangen"), (int64_t)time(NULL), &problem, &field);
    objection_result(r, d, id, res, problem, field);
}

void page_initiative_objection_outcome(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    if (!id)
        return;
    const char *problem = NULL, *field = NULL;
    enum initiative_result res = initiative_objection_decide(
        d, r->a, r->user, id, req_field(r, "uitkomst"), req_field(r, "datum"),
        req_field(r, "toelichting"), (int64_t)time(NULL), &problem, &field);
    objection_result(r, d, id, res, problem, field);
}

/* The correction form (GET) and saving it (POST): the plan and the budget
 * lines of an application that waits for a decision. */
static bool correction_row(struct req *r, db *d, int64_t id, struct initiative_row *row)
{
    int rc = initiative_get(d, r->a, id, row);
    if (rc == DB_NOTFOUND || (rc == DB_OK && strcmp(row->state, "concept") == 0)) {
        resp_error(r, 404);
        return false;
    }
    if (rc != DB_OK) {
        resp_error(r, 500);
        return false;
    }
    if (!initiative_may_handle(d, r->user, row)) {
        resp_error(r, 403);
        return false;
    }
    if (!initiative_correctable(row)) {
        step_result(r, d, id, INIT_WRONG_STATE, NULL);
        return false;
    }
    return true;
}

void page_initiative_correct(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    struct initiative_row row;
    if (id && correction_row(r, d, id, &row))
        initiative_correct_form(r, d, &row, NULL, NULL, 0);
}

void page_initiative_correct_post(struct req *r)
{
    db *d = web_db(r);
    int64_t id = d ? step_id(r) : 0;
    struct initiative_row row;
    if (!id || !correction_row(r, d, id, &row))
        return;
    struct initiative_input in;
    initiative_read_form(r, &in);
    struct signal_problem p[INITIATIVE_MAX_PROBLEMS];
    size_t np = 0, changed = 0;
    enum initiative_result res = initiative_correct(d, r->a, r->user, id, &in, (int64_t)time(NULL),
                                                    initiative_base_url(), p, &np, &changed);
    if (res == INIT_INVALID) {
        r->status = 400;
        initiative_correct_form(r, d, &row, &in, p, np);
        return;
    }
    step_result(r, d, id, res, NULL);
}
