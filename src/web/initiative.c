/*
 * initiative.c: residents' initiatives, the public side: the application
 * form (/initiatief/aanvragen, no account), its draft behind a secret link
 * (/initiatief/concept/{token}), and the status page (/initiatief/{token})
 * where the applicant follows the application, answers the municipality's
 * questions and can withdraw it. The staff's entry of an application uses
 * the same form (web/initiative_staff.c). The rules are in
 * domain/initiative.c.
 */
#include "web.h"
#include "web/initiative_web.h"

#include "domain/calendar.h"
#include "domain/initiative.h"
#include "domain/mailer.h"
#include "http/server.h"
#include "lib/config.h"
#include "lib/csv.h"
#include "lib/money.h"
#include "http/form.h"
#include "store/area_store.h"
#include "web/render.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *initiative_base_url(void)
{
    const struct config *c = server_config();
    return c ? c->base_url : "";
}

const char *initiative_money(struct req *r, int64_t cents)
{
    char m[MONEY_FMT_MAX];
    money_format(cents, strcmp(r->lang, "en") == 0, m);
    return arena_printf(r->a, "€ %s", m);
}

const char *initiative_state_text(struct req *r, const char *code)
{
    int s = initiative_state_from(code);
    return s < 0 ? code : T(r, initiative_state_label((enum initiative_state)s));
}

/* --- the form ----------------------------------------------------------------- */

#define FORM_LINES 5

struct field_def {
    const char *name, *label, *hint, *type, *autocomplete, *inputmode;
    bool required, textarea;
    int group; /* 0 about you, 1 the plan, 2 the money */
};

/* The fields in the order of the page; the wijk, the budget lines, the
 * consent and the channel have their own markup. */
static const struct field_def fields[] = {
    {"naam", N_("Uw naam"), NULL, "text", "name", NULL, true, false, 0},
    {"email", N_("E-mailadres"), N_("We sturen u bij elke stap een bericht."), "email", "email",
     NULL, true, false, 0},
    {"telefoon", N_("Telefoonnummer"), N_("Voor als we u willen bellen over uw plan."), "tel",
     "tel", NULL, false, false, 0},
    {"adres", N_("Adres"), NULL, "text", "street-address", NULL, false, false, 0},
    {"organisatie", N_("Groep of stichting"),
     N_("Alleen als u de aanvraag doet namens een groep, vereniging of stichting."), "text",
     "organization", NULL, false, false, 0},
    {"titel", N_("Naam van uw initiatief"), N_("Bijvoorbeeld: Buurtfeest op het Muziekplein."),
     "text", "off", NULL, true, false, 1},
    {"omschrijving", N_("Wat wilt u doen?"),
     N_("Vertel wat u organiseert, voor wie en wat het de buurt oplevert. Hoogstens 4.000 tekens."),
     NULL, NULL, NULL, true, true, 1},
    {"datum", N_("Datum"), N_("Bijvoorbeeld 21-06-2027."), "text", "off", NULL, false, false, 1},
    {"plaats", N_("Plaats"), N_("Waar in de wijk, bijvoorbeeld een plein of buurthuis."), "text",
     "off", NULL, false, false, 1},
    {"deelnemers", N_("Hoeveel mensen verwacht u?"), NULL, "text", "off", "numeric", false, false,
     1},
    {"buren", N_("Hoeveel buren helpen mee?"), NULL, "text", "off", "numeric", false, false, 1},
    {"eigen_bijdrage", N_("Eigen bijdrage"), N_("Wat u of de deelnemers zelf betalen, in euro."),
     "text", "off", "decimal", false, false, 2},
    {"andere_bijdrage", N_("Geld van anderen"),
     N_("Wat u van andere fondsen of sponsors krijgt, in euro."), "text", "off", "decimal", false,
     false, 2},
    {"andere_fondsen", N_("Welke andere fondsen of sponsors?"), NULL, NULL, NULL, NULL, false, true,
     2},
    {"iban", N_("Rekeningnummer (IBAN)"),
     N_("Hierop maken we het geld over. Bijvoorbeeld NL91 ABNA 0417 1643 00."), "text", "off", NULL,
     true, false, 2},
    {"tenaamstelling", N_("Op naam van"), N_("De naam die bij de rekening hoort."), "text", "off",
     NULL, true, false, 2},
};

/* Where a problem's field stands on the page, top to bottom. */
static int field_rank(const char *f)
{
    static const char *const before[] = {
        "kanaal",       "naam", "email", "telefoon", "adres",      "organisatie", "titel",
        "omschrijving", "wijk", "datum", "plaats",   "deelnemers", "buren"};
    static const char *const after[] = {"eigen_bijdrage", "andere_bijdrage", "andere_fondsen",
                                        "iban", "tenaamstelling"};
    const int nb = (int)(sizeof before / sizeof before[0]);
    for (int i = 0; i < nb; i++)
        if (strcmp(f, before[i]) == 0)
            return i;
    if (strncmp(f, "post", 4) == 0) {
        long n = strtol(f + 4, NULL, 10);
        return nb + (int)(n > 0 && n <= FORM_LINES ? n : FORM_LINES) * 2 +
               (strstr(f, "bedrag") ? 1 : 0);
    }
    for (int i = 0; i < (int)(sizeof after / sizeof after[0]); i++)
        if (strcmp(f, after[i]) == 0)
            return nb + 2 * FORM_LINES + 2 + i;
    return 100;
}

void initiative_read_form(struct req *r, struct initiative_input *in)
{
    memset(in, 0, sizeof *in);
    in->name = req_field(r, "naam");
    in->email = req_field(r, "email");
    in->phone = req_field(r, "telefoon");
    in->address = req_field(r, "adres");
    in->organisation = req_field(r, "organisatie");
    in->iban = req_field(r, "iban");
    in->iban_holder = req_field(r, "tenaamstelling");
    in->title = req_field(r, "titel");
    in->description = req_field(r, "omschrijving");
    in->wijk = req_field(r, "wijk");
    in->date = req_field(r, "datum");
    in->place = req_field(r, "plaats");
    in->participants = req_field(r, "deelnemers");
    in->neighbours = req_field(r, "buren");
    in->own = req_field(r, "eigen_bijdrage");
    in->other = req_field(r, "andere_bijdrage");
    in->other_funding = req_field(r, "andere_fondsen");
    const char *consent = req_field(r, "toestemming");
    in->consent = consent && strcmp(consent, "ja") == 0;
    for (size_t i = 0; i < FORM_LINES; i++) {
        in->line_text[i] = req_field(r, arena_printf(r->a, "post%zu_omschrijving", i + 1));
        in->line_amount[i] = req_field(r, arena_printf(r->a, "post%zu_bedrag", i + 1));
    }
    in->nlines = FORM_LINES;
    in->channel = req_field(r, "kanaal");
}

/* The form's values from a stored draft. */
static void input_from_row(struct req *r, db *d, const struct initiative_row *row,
                           struct initiative_input *in)
{
    memset(in, 0, sizeof *in);
    in->name = row->applicant_name;
    in->email = row->applicant_email;
    in->phone = row->applicant_phone;
    in->address = row->applicant_address;
    in->organisation = row->organisation;
    in->iban = row->iban;
    in->iban_holder = row->iban_holder;
    in->title = row->title;
    in->description = row->description;
    in->wijk = row->wijk_slug;
    if (row->activity_date && strlen(row->activity_date) == 10)
        in->date = arena_printf(r->a, "%.2s-%.2s-%.4s", row->activity_date + 8,
                                row->activity_date + 5, row->activity_date);
    in->place = row->activity_place;
    in->participants =
        row->participants >= 0 ? arena_printf(r->a, "%lld", (long long)row->participants) : NULL;
    in->neighbours =
        row->neighbours >= 0 ? arena_printf(r->a, "%lld", (long long)row->neighbours) : NULL;
    char m[MONEY_FMT_MAX];
    if (row->own_cents) {
        money_format(row->own_cents, false, m);
        in->own = arena_strdup(r->a, m);
    }
    if (row->other_cents) {
        money_format(row->other_cents, false, m);
        in->other = arena_strdup(r->a, m);
    }
    in->other_funding = row->other_funding;
    in->consent = row->consent_publish;
    struct initiative_line_row *l;
    size_t n;
    if (initiative_lines(d, r->a, row->id, &l, &n) == DB_OK)
        for (size_t i = 0; i < n && i < FORM_LINES; i++) {
            in->line_text[i] = l[i].description;
            money_format(l[i].amount_cents, false, m);
            in->line_amount[i] = arena_strdup(r->a, m);
        }
    in->nlines = FORM_LINES;
}

static const char *value_of(const struct initiative_input *in, const char *name)
{
    static const struct {
        const char *name;
        size_t off;
    } map[] = {
        {"naam", offsetof(struct initiative_input, name)},
        {"email", offsetof(struct initiative_input, email)},
        {"telefoon", offsetof(struct initiative_input, phone)},
        {"adres", offsetof(struct initiative_input, address)},
        {"organisatie", offsetof(struct initiative_input, organisation)},
        {"titel", offsetof(struct initiative_input, title)},
        {"omschrijving", offsetof(struct initiative_input, description)},
        {"datum", offsetof(struct initiative_input, date)},
        {"plaats", offsetof(struct initiative_input, place)},
        {"deelnemers", offsetof(struct initiative_input, participants)},
        {"buren", offsetof(struct initiative_input, neighbours)},
        {"eigen_bijdrage", offsetof(struct initiative_input, own)},
        {"andere_bijdrage", offsetof(struct initiative_input, other)},
        {"andere_fondsen", offsetof(struct initiative_input, other_funding)},
        {"iban", offsetof(struct initiative_input, iban)},
        {"tenaamstelling", offsetof(struct initiative_input, iban_holder)},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].name, name) == 0)
            return *(const char *const *)((const char *)in + map[i].off);
    return NULL;
}

static json_t *field_json(struct req *r, const struct field_def *f, const char *value,
                          json_t *errors, bool staff)
{
    json_t *o = json_object();
    const char *err = json_string_value(json_object_get(errors, f->name));
    ctx_str(o, "name", f->name);
    ctx_str(o, "label", T(r, f->label));
    ctx_str(o, "hint", f->hint ? T(r, f->hint) : NULL);
    ctx_str(o, "type", f->type);
    /* a clerk types another person's details: the browser offers none */
    ctx_str(o, "autocomplete", staff || !f->autocomplete ? "off" : f->autocomplete);
    ctx_str(o, "inputmode", f->inputmode);
    ctx_bool(o, "required", f->required);
    ctx_bool(o, "textarea", f->textarea);
    ctx_str(o, "value", value);
    ctx_str(o, "error", err);
    const char *desc = f->hint ? arena_printf(r->a, "%s-hint", f->name) : NULL;
    if (err)
        desc = desc ? arena_printf(r->a, "%s %s-error", desc, f->name)
                    : arena_printf(r->a, "%s-error", f->name);
    ctx_str(o, "describedby", desc);
    return o;
}

/* The budget lines of a form with their values and problems. */
static json_t *lines_json(struct req *r, const struct initiative_input *in, json_t *errors)
{
    json_t *lines = json_array();
    for (size_t i = 0; i < FORM_LINES; i++) {
        json_t *o = json_object();
        const char *tn = arena_printf(r->a, "post%zu_omschrijving", i + 1);
        const char *an = arena_printf(r->a, "post%zu_bedrag", i + 1);
        ctx_int(o, "n", (long long)i + 1);
        ctx_str(o, "text_name", tn);
        ctx_str(o, "amount_name", an);
        ctx_str(o, "text", in ? in->line_text[i] : NULL);
        ctx_str(o, "amount", in ? in->line_amount[i] : NULL);
        ctx_str(o, "text_error", json_string_value(json_object_get(errors, tn)));
        ctx_str(o, "amount_error", json_string_value(json_object_get(errors, an)));
        json_array_append_new(lines, o);
    }
    return lines;
}

void initiative_form(struct req *r, db *d, const struct initiative_input *in,
                     const struct signal_problem *p, size_t np, bool staff, const char *action,
                     const char *draft_link, int64_t limited_minutes)
{
    json_t *ctx = json_object();
    web_problems_json(r, ctx, p, np, NULL, field_rank, NULL);
    json_t *errors = json_object_get(ctx, "error");
    json_t *groups[3] = {json_array(), json_array(), json_array()};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        json_array_append_new(
            groups[fields[i].group],
            field_json(r, &fields[i], in ? value_of(in, fields[i].name) : NULL, errors, staff));
    json_object_set_new(ctx, "about", groups[0]);
    /* the plan: the wijk select goes after the description */
    json_t *plan_a = json_array(), *plan_b = json_array();
    for (size_t i = 0; i < json_array_size(groups[1]); i++)
        json_array_append(i < 2 ? plan_a : plan_b, json_array_get(groups[1], i));
    json_decref(groups[1]);
    json_object_set_new(ctx, "plan_a", plan_a);
    json_object_set_new(ctx, "plan_b", plan_b);
    json_t *money_a = json_array(), *money_b = json_array();
    for (size_t i = 0; i < json_array_size(groups[2]); i++)
        json_array_append(i < 3 ? money_a : money_b, json_array_get(groups[2], i));
    json_decref(groups[2]);
    json_object_set_new(ctx, "money", money_a);
    json_object_set_new(ctx, "bank", money_b);

    struct wijk *w;
    size_t nw;
    json_t *wl = json_array();
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(wl, json_pack("{s:s,s:s,s:b}", "slug", w[i].slug, "name",
                                                w[i].name, "selected",
                                                in && in->wijk &&
                                                    (strcmp(in->wijk, w[i].slug) == 0 ||
                                                     strcmp(in->wijk, w[i].code) == 0)));
    json_object_set_new(ctx, "wijken", wl);
    ctx_str(ctx, "error_wijk", json_string_value(json_object_get(errors, "wijk")));

    json_object_set_new(ctx, "lines", lines_json(r, in, errors));
    ctx_bool(ctx, "consent", in && in->consent);
    ctx_bool(ctx, "staff", staff);
    if (staff) {
        json_t *ch = json_array();
        static const char *const labels[] = {N_("Aan de balie"), N_("Telefonisch"),
                                             N_("Per e-mail"), N_("Per post")};
        for (size_t i = 0; initiative_staff_channels[i]; i++)
            json_array_append_new(
                ch, json_pack("{s:s,s:s,s:b}", "code", initiative_staff_channels[i], "label",
                              T(r, labels[i]), "checked",
                              in && in->channel &&
                                  strcmp(in->channel, initiative_staff_channels[i]) == 0));
        json_object_set_new(ctx, "channels", ch);
        ctx_str(ctx, "error_kanaal", json_string_value(json_object_get(errors, "kanaal")));
    }
    ctx_str(ctx, "action", action);
    if (draft_link)
        ctx_str(ctx, "draft_link", arena_printf(r->a, "%s%s", initiative_base_url(), draft_link));
    if (limited_minutes > 0) {
        ctx_bool(ctx, "limited", 1);
        ctx_int(ctx, "minutes", (long long)limited_minutes);
    }
    ctx_str(ctx, "csrf", req_csrf(r));
    render_page(r, "pages/initiatief_aanvragen", ctx);
}

void initiative_correct_form(struct req *r, db *d, const struct initiative_row *row,
                             const struct initiative_input *in, const struct signal_problem *p,
                             size_t np)
{
    struct initiative_input stored;
    if (!in) {
        input_from_row(r, d, row, &stored);
        in = &stored;
    }
    json_t *ctx = json_object();
    web_problems_json(r, ctx, p, np, NULL, field_rank, NULL);
    json_t *errors = json_object_get(ctx, "error");
    static const char *const plan[] = {"titel", "omschrijving", "datum", "plaats", "deelnemers"};
    json_t *fl = json_array();
    for (size_t k = 0; k < sizeof plan / sizeof plan[0]; k++)
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            if (strcmp(fields[i].name, plan[k]) == 0)
                json_array_append_new(
                    fl, field_json(r, &fields[i], value_of(in, fields[i].name), errors, true));
    json_object_set_new(ctx, "fields", fl);
    json_object_set_new(ctx, "lines", lines_json(r, in, errors));
    ctx_int(ctx, "id", (long long)row->id);
    ctx_str(ctx, "title", row->title);
    ctx_str(ctx, "csrf", req_csrf(r));
    render_page(r, "pages/initiatief_wijzigen", ctx);
}

/* --- public pages ------------------------------------------------------------- */

void page_initiative_form(struct req *r)
{
    db *d = web_db(r);
    if (d)
        initiative_form(r, d, NULL, NULL, 0, false, "/initiatief/aanvragen", NULL, 0);
}

static bool token_ok(const char *token)
{
    return token && strlen(token) == INITIATIVE_TOKEN_CHARS - 1;
}

/* The application of a link's token, or 404. */
static bool load_by_token(struct req *r, db *d, const char *token, struct initiative_row *row)
{
    char hash[65];
    if (!token_ok(token) || initiative_token_hash(d, token, hash) != 0 ||
        initiative_get_by_token(d, r->a, hash, row) != DB_OK) {
        resp_error(r, 404);
        return false;
    }
    return true;
}

static void save(struct req *r, const char *token)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct initiative_input in;
    initiative_read_form(r, &in);
    in.channel = NULL;
    const char *act = req_field(r, "actie");
    bool submit = act && strcmp(act, "versturen") == 0;
    const struct config *cfg = server_config();
    struct intake_client client =
        intake_client_of(NULL, r->client_ip, cfg ? cfg->reports_per_hour : INTAKE_DEFAULT_PER_HOUR);
    const char *action =
        token ? arena_printf(r->a, "/initiatief/concept/%s", token) : "/initiatief/aanvragen";
    const char *draft = token ? arena_printf(r->a, "/initiatief/concept/%s", token) : NULL;
    int64_t now = (int64_t)time(NULL), wait = 0;
    if (!token && intake_limited(d, &client, now, &wait)) {
        resp_header(r, "Retry-After",
                    arena_printf(r->a, "%lld", (long long)(wait > 0 ? wait : 3600)));
        r->status = 429;
        initiative_form(r, d, &in, NULL, 0, false, action, draft, wait > 0 ? (wait + 59) / 60 : 60);
        return;
    }
    struct signal_problem p[INITIATIVE_MAX_PROBLEMS];
    char out[INITIATIVE_TOKEN_CHARS];
    int64_t id = 0;
    int rc = initiative_save(d, r->a, NULL, &in, token, submit, &client, now, initiative_base_url(),
                             out, &id, p);
    if (rc > 0) {
        r->status = 400;
        initiative_form(r, d, &in, p, (size_t)rc, false, action, draft, 0);
        return;
    }
    if (rc == INITIATIVE_LIMITED) {
        intake_limited(d, &client, now, &wait);
        resp_header(r, "Retry-After",
                    arena_printf(r->a, "%lld", (long long)(wait > 0 ? wait : 3600)));
        r->status = 429;
        initiative_form(r, d, &in, NULL, 0, false, action, draft, wait > 0 ? (wait + 59) / 60 : 60);
        return;
    }
    if (rc == INITIATIVE_NOT_DRAFT) {
        resp_error(r, 404);
        return;
    }
    if (rc < 0) {
        resp_error(r, 500);
        return;
    }
    mailer_wake();
    if (submit)
        resp_redirect(r, arena_printf(r->a, "/initiatief/%s?nieuw=1", out));
    else
        resp_redirect(r, arena_printf(r->a, "/initiatief/concept/%s?bewaard=1", out));
}

void page_initiative_form_post(struct req *r)
{
    save(r, NULL);
}

void page_initiative_draft(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    struct initiative_row row;
    if (!load_by_token(r, d, token, &row))
        return;
    if (strcmp(row.state, "concept") != 0) {
        resp_redirect(r, arena_printf(r->a, "/initiatief/%s", token));
        return;
    }
    struct initiative_input in;
    input_from_row(r, d, &row, &in);
    const char *link = arena_printf(r->a, "/initiatief/concept/%s", token);
    initiative_form(r, d, &in, NULL, 0, false, link, link, 0);
}

void page_initiative_draft_post(struct req *r)
{
    const char *token = req_param(r, 0);
    if (!token_ok(token)) {
        resp_error(r, 404);
        return;
    }
    save(r, token);
}

/* The history as the applicant and staff read it. */
json_t *initiative_history(struct req *r, db *d, int64_t id, bool staff)
{
    struct initiative_event_row *e;
    size_t n;
    json_t *h = json_array();
    if (initiative_events(d, r->a, id, &e, &n) != DB_OK)
        return h;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        ctx_str(o, "at", web_local_time(r, e[i].at));
        const char *what = NULL;
        if (strcmp(e[i].kind, "question") == 0)
            what = T(r, "Vraag van de gemeente");
        else if (strcmp(e[i].kind, "answer") == 0)
            what = T(r, "Antwoord van de aanvrager");
        else if (strcmp(e[i].kind, "report") == 0)
            what = T(r, "Verslag van de aanvrager");
        else if (strcmp(e[i].kind, "payment") == 0)
            what = T(r, "Betaald");
        else if (strcmp(e[i].kind, "published") == 0)
            what = T(r, "Als voorbeeld getoond");
        else if (strcmp(e[i].kind, "correction") == 0)
            what = T(r, "Aangepast door de gemeente");
        else
            what = initiative_state_text(r, e[i].to_state);
        ctx_str(o, "what", what);
        ctx_str(o, "text", e[i].text);
        if (e[i].amount_cents >= 0 &&
            (strcmp(e[i].kind, "payment") == 0 ||
             (e[i].to_state && (strcmp(e[i].to_state, "toegekend") == 0 ||
                                strcmp(e[i].to_state, "deels_toegekend") == 0))))
            ctx_str(o, "amount", initiative_money(r, e[i].amount_cents));
        if (staff)
            ctx_str(o, "who", e[i].user_id ? e[i].user_name : T(r, "Aanvrager"));
        json_array_append_new(h, o);
    }
    return h;
}

static void status_page(struct req *r, db *d, const char *token, const struct initiative_row *row,
                        const char *error)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "title", row->title);
    ctx_int(ctx, "id", (long long)row->id);
    ctx_str(ctx, "state", initiative_state_text(r, row->state));
    ctx_str(ctx, "state_code", row->state);
    ctx_str(ctx, "wijk", row->wijk_name);
    ctx_str(ctx, "requested", initiative_money(r, row->requested_cents));
    if (row->granted_cents)
        ctx_str(ctx, "granted", initiative_money(r, row->granted_cents));
    ctx_bool(ctx, "is_new", req_query(r, "nieuw") != NULL);
    ctx_bool(ctx, "rejected", strcmp(row->state, "afgewezen") == 0);
    ctx_str(ctx, "reason", row->reject_reason);
    ctx_str(ctx, "alternative",
            row->alternative ? T(r, initiative_alternative_label(row->alternative)) : NULL);
    ctx_str(ctx, "alternative_text", row->alternative_text);
    bool decided = row->decided_at != 0;
    ctx_bool(ctx, "decided", decided);
    struct initiative_objection_row ob;
    if (decided && initiative_objection_open(d, r->a, row->id, &ob) == DB_OK)
        ctx_str(ctx, "objection_received", fmt_date(r, ob.received_on));
    ctx_bool(ctx, "asked", strcmp(row->state, "vragen") == 0);
    int st = initiative_state_from(row->state);
    ctx_bool(ctx, "may_withdraw",
             st >= 0 && initiative_may_move((enum initiative_state)st, INIT_INGETROKKEN,
                                            INIT_BY_APPLICANT));
    json_object_set_new(ctx, "history", initiative_history(r, d, row->id, false));
    ctx_bool(ctx, "may_report",
             st == INIT_TOEGEKEND || st == INIT_DEELS_TOEGEKEND || st == INIT_UITGEVOERD);
    ctx_bool(ctx, "reported", row->reported_at != 0);
    ctx_bool(ctx, "receipts_asked", row->receipts_asked);
    ctx_str(ctx, "token", token);
    ctx_str(ctx, "error", error);
    ctx_str(ctx, "csrf", req_csrf(r));
    render_page(r, "pages/initiatief_status", ctx);
}

void page_initiative_status(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    struct initiative_row row;
    if (!load_by_token(r, d, token, &row))
        return;
    if (strcmp(row.state, "concept") == 0) {
        resp_redirect(r, arena_printf(r->a, "/initiatief/concept/%s", token));
        return;
    }
    status_page(r, d, token, &row, NULL);
}

/* The answer to an applicant's step: back to the status page, or the page
 * with the reason (fallback when the step is not possible now). */
static void applicant_result(struct req *r, db *d, const char *token,
                             const struct initiative_row *row, enum initiative_result res,
                             const char *problem, const char *fallback)
{
    if (res == INIT_INVALID || res == INIT_WRONG_STATE) {
        r->status = res == INIT_INVALID ? 400 : 409;
        status_page(r, d, token, row, T(r, problem ? problem : fallback));
        return;
    }
    if (res != INIT_OK) {
        resp_error(r, 500);
        return;
    }
    mailer_wake();
    resp_redirect(r, arena_printf(r->a, "/initiatief/%s", token));
}

void page_initiative_answer(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    struct initiative_row row;
    if (!load_by_token(r, d, token, &row))
        return;
    const char *problem = NULL;
    enum initiative_result res =
        initiative_answer(d, r->a, row.id, req_field(r, "antwoord"), (int64_t)time(NULL),
                          initiative_base_url(), &problem);
    applicant_result(r, d, token, &row, res, problem, N_("Er staat geen vraag meer open."));
}

void page_initiative_withdraw(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    struct initiative_row row;
    if (!load_by_token(r, d, token, &row))
        return;
    enum initiative_result res =
        initiative_withdraw(d, r->a, NULL, row.id, (int64_t)time(NULL), initiative_base_url());
    applicant_result(r, d, token, &row, res, NULL,
                     N_("Deze aanvraag kan niet meer worden ingetrokken."));
}

/* --- the account afterwards ------------------------------------------------------- */

void page_initiative_report(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    struct initiative_row row;
    if (!load_by_token(r, d, token, &row))
        return;
    const struct form_field *files[2];
    size_t nf = form_get_all(&r->form, "foto", files, 2);
    const void *photo = NULL;
    size_t len = 0;
    if (nf > 0 && form_is_file(files[0]) && files[0]->value_len > 0) {
        photo = files[0]->value;
        len = files[0]->value_len;
    }
    nf = form_get_all(&r->form, "bonnetjes", files, 2);
    const void *receipt = NULL;
    size_t rlen = 0;
    if (nf > 0 && form_is_file(files[0]) && files[0]->value_len > 0) {
        receipt = files[0]->value;
        rlen = files[0]->value_len;
    }
    const char *problem = NULL, *field = NULL;
    enum initiative_result res = initiative_report(
        d, r->a, row.id, req_field(r, "verslag"), req_field(r, "aantal"), photo, len, receipt, rlen,
        (int64_t)time(NULL), initiative_base_url(), &problem, &field);
    applicant_result(r, d, token, &row, res, problem,
                     N_("Een verslag kan nu niet worden gegeven."));
}

/* --- the wijk page and open data ------------------------------------------------- */

void initiative_wijk_examples(struct req *r, db *d, int64_t wijk_id, json_t *ctx)
{
    struct initiative_row *rows;
    size_t n;
    json_t *list = json_array();
    if (initiative_published_list(d, r->a, wijk_id, 5, &rows, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_object();
            ctx_str(o, "title", rows[i].title);
            ctx_str(o, "summary", rows[i].public_summary);
            ctx_str(o, "amount", initiative_money(r, rows[i].granted_cents));
            json_array_append_new(list, o);
        }
    ctx_bool(ctx, "has_initiatives", json_array_size(list) > 0);
    json_object_set_new(ctx, "initiatives", list);
}

void open_data_initiatives(struct req *r, db *d, bool csv)
{
    struct initiative_row *rows;
    size_t n;
    if (initiative_published_list(d, r->a, 0, 10000, &rows, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    buf *b = &r->body_out;
    buf_reset(b);
    static const struct csv_col cols[] = {
        {"id", CSV_NUMBER},  {"wijk_code", CSV_TEXT},  {"wijk", CSV_TEXT},
        {"title", CSV_TEXT}, {"summary", CSV_TEXT},    {"granted_euro", CSV_NUMBER},
        {"state", CSV_TEXT}, {"decided_on", CSV_TEXT}, {"demo", CSV_NUMBER},
    };
    const size_t ncols = sizeof cols / sizeof cols[0];
    json_t *arr = json_array();
    if (csv)
        csv_header(b, cols, ncols);
    for (size_t i = 0; i < n; i++) {
        const struct initiative_row *x = &rows[i];
        char day[CAL_DATE_LEN] = "";
        if (x->decided_at)
            cal_format_date(cal_date_of(x->decided_at), day);
        const char *euro = arena_printf(r->a, "%lld.%02lld", (long long)(x->granted_cents / 100),
                                        (long long)(x->granted_cents % 100));
        const char *code = x->wijk_slug; /* the CBS code is the stable key: look it up */
        struct wijk w;
        if (x->wijk_slug && area_get_wijk(d, r->a, x->wijk_slug, web_today(r), 0, &w) == DB_OK)
            code = w.code;
        if (csv) {
            csv_row(b, cols, ncols, arena_printf(r->a, "%lld", (long long)x->id), code,
                    x->wijk_name, x->title, x->public_summary, euro, x->state, day,
                    x->demo ? "1" : "0");
        } else {
            json_array_append_new(arr, json_pack("{s:I,s:s?,s:s?,s:s,s:s?,s:I,s:s,s:s,s:b}", "id",
                                                 (json_int_t)x->id, "wijk_code", code, "wijk",
                                                 x->wijk_name, "title", x->title, "summary",
                                                 x->public_summary, "granted_cents",
                                                 (json_int_t)x->granted_cents, "state", x->state,
                                                 "decided_on", day, "demo", x->demo));
        }
    }
    r->status = 200;
    if (csv) {
        json_decref(arr);
        r->content_type_out = "text/csv; charset=utf-8";
        resp_header(r, "Content-Disposition", "inline; filename=\"initiatieven.csv\"");
        return;
    }
    json_t *doc = json_pack("{s:o}", "initiatives", arr);
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
