/*
 * initiative.c: the rules of residents' initiatives and their grants (see
 * initiative.h).
 */
#include "initiative.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/optin.h"
#include "domain/policy.h"
#include "lib/i18n_mark.h"
#include "lib/iban.h"
#include "lib/money.h"
#include "lib/utf8.h"
#include "lib/imgclient.h"
#include "lib/log.h"
#include "store/area_store.h"
#include "store/files.h"
#include "store/org_store.h"
#include "store/user_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- states and the table of steps ------------------------------------------ */

static const struct {
    const char *code, *label;
} states[INIT__COUNT] = {
    [INIT_CONCEPT] = {"concept", N_("Concept")},
    [INIT_INGEDIEND] = {"ingediend", N_("Ingediend")},
    [INIT_IN_BEHANDELING] = {"in_behandeling", N_("In behandeling")},
    [INIT_VRAGEN] = {"vragen", N_("Vragen aan aanvrager")},
    [INIT_TOEGEKEND] = {"toegekend", N_("Toegekend")},
    [INIT_DEELS_TOEGEKEND] = {"deels_toegekend", N_("Deels toegekend")},
    [INIT_AFGEWEZEN] = {"afgewezen", N_("Afgewezen")},
    [INIT_INGETROKKEN] = {"ingetrokken", N_("Ingetrokken")},
    [INIT_UITGEVOERD] = {"uitgevoerd", N_("Uitgevoerd")},
    [INIT_VERANTWOORD] = {"verantwoord", N_("Verantwoord")},
};

/* Every step an application can take, and who takes it. Nothing else. */
static const struct {
    enum initiative_state from, to;
    enum initiative_actor who;
} steps[] = {
    {INIT_CONCEPT, INIT_INGEDIEND, INIT_BY_APPLICANT},
    {INIT_INGEDIEND, INIT_IN_BEHANDELING, INIT_BY_HANDLER},
    {INIT_INGEDIEND, INIT_VRAGEN, INIT_BY_HANDLER},
    {INIT_IN_BEHANDELING, INIT_VRAGEN, INIT_BY_HANDLER},
    {INIT_VRAGEN, INIT_IN_BEHANDELING, INIT_BY_APPLICANT},
    {INIT_INGEDIEND, INIT_TOEGEKEND, INIT_BY_DECIDER},
    {INIT_INGEDIEND, INIT_DEELS_TOEGEKEND, INIT_BY_DECIDER},
    {INIT_INGEDIEND, INIT_AFGEWEZEN, INIT_BY_DECIDER},
    {INIT_IN_BEHANDELING, INIT_TOEGEKEND, INIT_BY_DECIDER},
    {INIT_IN_BEHANDELING, INIT_DEELS_TOEGEKEND, INIT_BY_DECIDER},
    {INIT_IN_BEHANDELING, INIT_AFGEWEZEN, INIT_BY_DECIDER},
    {INIT_INGEDIEND, INIT_INGETROKKEN, INIT_BY_APPLICANT},
    {INIT_IN_BEHANDELING, INIT_INGETROKKEN, INIT_BY_APPLICANT},
    {INIT_VRAGEN, INIT_INGETROKKEN, INIT_BY_APPLICANT},
    {INIT_INGEDIEND, INIT_INGETROKKEN, INIT_BY_HANDLER},
    {INIT_IN_BEHANDELING, INIT_INGETROKKEN, INIT_BY_HANDLER},
    {INIT_VRAGEN, INIT_INGETROKKEN, INIT_BY_HANDLER},
    {INIT_TOEGEKEND, INIT_UITGEVOERD, INIT_BY_HANDLER},
    {INIT_DEELS_TOEGEKEND, INIT_UITGEVOERD, INIT_BY_HANDLER},
    {INIT_TOEGEKEND, INIT_UITGEVOERD, INIT_BY_APPLICANT},
    {INIT_DEELS_TOEGEKEND, INIT_UITGEVOERD, INIT_BY_APPLICANT},
    {INIT_UITGEVOERD, INIT_VERANTWOORD, INIT_BY_HANDLER},
};

const char *initiative_state_code(enum initiative_state s)
{
    return (unsigned)s < INIT__COUNT ? states[s].code : "";
}

const char *initiative_state_label(enum initiative_state s)
{
    return (unsigned)s < INIT__COUNT ? states[s].label : "";
}

int initiative_state_from(const char *code)
{
    for (int i = 0; code && i < INIT__COUNT; i++)
        if (strcmp(code, states[i].code) == 0)
            return i;
    return -1;
}

bool initiative_may_move(enum initiative_state from, enum initiative_state to,
                         enum initiative_actor who)
{
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i].from == from && steps[i].to == to && steps[i].who == who)
            return true;
    return false;
}

const char *const initiative_alternatives[] = {"fonds", "partner", "kleiner", "focuspunt", NULL};
const char *const initiative_staff_channels[] = {"balie", "telefoon", "email", "post", NULL};

const char *initiative_alternative_label(const char *code)
{
    if (!code)
        return NULL;
    if (strcmp(code, "fonds") == 0)
        return N_("Een ander fonds, zoals Fonds 1818");
    if (strcmp(code, "partner") == 0)
        return N_("Een partner in de wijk");
    if (strcmp(code, "kleiner") == 0)
        return N_("Een kleinere versie van het plan");
    if (strcmp(code, "focuspunt") == 0)
        return N_("Aansluiten bij een focuspunt van de wijk");
    return NULL;
}

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; s && list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

/* --- checking the form ------------------------------------------------------ */

static void add(struct signal_problem *p, size_t *n, const char *field, const char *msgid)
{
    if (*n < INITIATIVE_MAX_PROBLEMS) {
        p[*n].field = field;
        p[*n].msgid = msgid;
        (*n)++;
    }
}

static const char *opt(const char *s)
{
    return utf8_blank(s) ? NULL : s;
}

static size_t chars(const char *s)
{
    return s ? utf8_len_chars(s, strlen(s)) : 0;
}

static bool one_line(const char *s)
{
    return !s || (!strchr(s, '\n') && !strchr(s, '\r'));
}

/* A count typed by a person: digits only, at most 100,000. -1 when blank,
 * -2 when wrong. */
static int64_t count_of(const char *s)
{
    if (utf8_blank(s))
        return -1;
    while (*s == ' ')
        s++;
    int64_t v = 0;
    size_t k = 0;
    for (; s[k] >= '0' && s[k] <= '9'; k++) {
        v = v * 10 + (s[k] - '0');
        if (v > 100000)
            return -2;
    }
    return k && utf8_blank(s + k) ? v : -2;
}

static void check_text(const char *s, bool required, size_t max, bool line, const char *field,
                       const char *missing, const char *too_long, struct signal_problem *p,
                       size_t *n)
{
    if (utf8_blank(s)) {
        if (required)
            add(p, n, field, missing);
    } else if (chars(s) > max || (line && !one_line(s))) {
        add(p, n, field, too_long);
    }
}

size_t initiative_check(db *d, arena *a, const struct initiative_input *in, bool complete,
                        int64_t now, struct initiative_row *row, struct initiative_line_row *lines,
                        size_t *nlines, struct signal_problem *p)
{
    size_t n = 0;
    memset(row, 0, sizeof *row);
    *nlines = 0;

    /* who */
    if (complete && utf8_blank(in->name))
        add(p, &n, "naam", N_("Vul uw naam in."));
    if (complete && utf8_blank(in->email))
        add(p, &n, "email",
            N_("Vul uw e-mailadres in, zodat we u over de aanvraag kunnen "
               "berichten."));
    struct signal_problem cp[SIGNAL_MAX_PROBLEMS];
    size_t ncp = 0;
    signal_check_contact(in->name, in->email, in->phone, false, cp, &ncp);
    for (size_t i = 0; i < ncp; i++)
        add(p, &n,
            strcmp(cp[i].field, "name") == 0    ? "naam"
            : strcmp(cp[i].field, "phone") == 0 ? "telefoon"
                                                : cp[i].field,
            cp[i].msgid);
    check_text(in->address, false, 200, true, "adres", NULL, N_("Vul het adres op één regel in."),
               p, &n);
    check_text(in->organisation, false, 200, true, "organisatie", NULL,
               N_("Vul de naam van de groep of stichting op één regel in (hoogstens 200 tekens)."),
               p, &n);
    char iban[IBAN_MAX + 1] = "";
    if (!utf8_blank(in->iban) && !iban_normalize(in->iban, iban))
        add(p, &n, "iban",
            N_("Dit rekeningnummer klopt niet. Vul het IBAN in zoals het op uw bankpas staat, "
               "zoals NL91 ABNA 0417 1643 00."));
    else if (complete && utf8_blank(in->iban))
        add(p, &n, "iban", N_("Vul het rekeningnummer (IBAN) in waar het geld naartoe gaat."));
    check_text(in->iban_holder, complete, 200, true, "tenaamstelling",
               N_("Vul in op wiens naam de rekening staat."),
               N_("Vul de naam van de rekeninghouder op één regel in."), p, &n);

    /* what */
    check_text(in->title, complete, INITIATIVE_TITLE_MAX, true, "titel",
               N_("Geef uw initiatief een titel."),
               N_("De titel mag hoogstens 120 tekens lang zijn, op één regel."), p, &n);
    check_text(in->description, complete, INITIATIVE_TEXT_MAX, false, "omschrijving",
               N_("Vertel wat u wilt doen."),
               N_("De omschrijving mag hoogstens 4000 tekens lang zijn."), p, &n);
    char today[CAL_DATE_LEN];
    cal_format_date(cal_date_of(now), today);
    if (!utf8_blank(in->wijk)) {
        struct wijk w;
        if (area_get_wijk(d, a, in->wijk, today, 0, &w) == DB_OK) {
            row->wijk_id = w.id;
            row->wijk_name = w.name;
        } else {
            add(p, &n, "wijk", N_("Kies de wijk waar het initiatief plaatsvindt."));
        }
    } else if (complete) {
        add(p, &n, "wijk", N_("Kies de wijk waar het initiatief plaatsvindt."));
    }
    if (!utf8_blank(in->date)) {
        cal_date dt;
        char iso[CAL_DATE_LEN];
        if (cal_parse_date_typed(in->date, strlen(in->date), &dt) != 0 ||
            cal_format_date(dt, iso) != 0)
            add(p, &n, "datum", N_("Vul de datum in als dag-maand-jaar, zoals 21-06-2027."));
        else
            row->activity_date = arena_strdup(a, iso);
    }
    check_text(in->place, false, 200, true, "plaats", NULL,
               N_("Vul de plaats op één regel in (hoogstens 200 tekens)."), p, &n);
    row->participants = count_of(in->participants);
    if (row->participants == -2)
        add(p, &n, "deelnemers", N_("Vul het aantal deelnemers in als een getal, zoals 40."));
    row->neighbours = count_of(in->neighbours);
    if (row->neighbours == -2)
        add(p, &n, "buren", N_("Vul het aantal betrokken buren in als een getal, zoals 8."));

    /* the money */
    int64_t total = 0;
    bool any_line = false;
    for (size_t i = 0; i < in->nlines && i < INITIATIVE_MAX_LINES; i++) {
        bool has_text = !utf8_blank(in->line_text[i]), has_amount = !utf8_blank(in->line_amount[i]);
        if (!has_text && !has_amount)
            continue;
        any_line = true;
        const char *field = arena_printf(a, "post%zu_bedrag", i + 1);
        const char *tfield = arena_printf(a, "post%zu_omschrijving", i + 1);
        int64_t cents = 0;
        enum money_result mr = money_parse(in->line_amount[i], &cents);
        if (!has_text)
            add(p, &n, tfield, N_("Zeg waar dit bedrag voor is."));
        else if (chars(in->line_text[i]) > 200 || !one_line(in->line_text[i]))
            add(p, &n, tfield, N_("Beschrijf de post op één regel (hoogstens 200 tekens)."));
        if (mr != MONEY_OK)
            add(p, &n, field, money_problem(mr));
        else if (total + cents > MONEY_MAX_CENTS)
            add(p, &n, field, money_problem(MONEY_TOO_LARGE));
        else
            total += cents;
        lines[*nlines].description = in->line_text[i] ? in->line_text[i] : "";
        lines[*nlines].amount_cents = mr == MONEY_OK ? cents : 0;
        (*nlines)++;
    }
    if (complete && !any_line)
        add(p, &n, "post1_omschrijving",
            N_("Zet in de begroting minstens één post met een bedrag waarvoor u geld vraagt."));
    row->requested_cents = total;
    if (!utf8_blank(in->own)) {
        enum money_result mr = money_parse(in->own, &row->own_cents);
        if (mr != MONEY_OK)
            add(p, &n, "eigen_bijdrage", money_problem(mr));
    }
    if (!utf8_blank(in->other)) {
        enum money_result mr = money_parse(in->other, &row->other_cents);
        if (mr != MONEY_OK)
            add(p, &n, "andere_bijdrage", money_problem(mr));
    }
    check_text(in->other_funding, false, 400, false, "andere_fondsen", NULL,
               N_("Noem de andere fondsen in hoogstens 400 tekens."), p, &n);

    row->applicant_name = opt(in->name);
    row->applicant_email = opt(in->email);
    row->applicant_phone = opt(in->phone);
    row->applicant_address = opt(in->address);
    row->organisation = opt(in->organisation);
    row->iban = iban[0] ? arena_strdup(a, iban) : NULL;
    row->iban_holder = opt(in->iban_holder);
    row->title = utf8_blank(in->title) ? "" : in->title;
    row->description = utf8_blank(in->description) ? "" : in->description;
    row->activity_place = opt(in->place);
    row->other_funding = opt(in->other_funding);
    row->consent_publish = in->consent;
    row->channel = in->channel ? in->channel : "web";
    return n;
}

/* --- tokens and mail -------------------------------------------------------- */

int initiative_token_hash(db *d, const char *token, char out[65])
{
    return auth_keyed_hash(d, "initiative-link", token ? token : "", out);
}

static const char *fmt_money(arena *a, int64_t cents)
{
    char m[MONEY_FMT_MAX];
    money_format(cents, false, m);
    return arena_printf(a, "EUR %s", m);
}

/* Mail to the applicant about a step (nothing when there is no address). */
static int mail_applicant(db *d, arena *a, const struct initiative_row *r, int64_t now,
                          const char *base_url, const char *subject, const char *message,
                          const char *link)
{
    if (utf8_blank(r->applicant_email))
        return 0;
    const char *body = arena_printf(
        a,
        "Beste aanvrager,\n\n%s\n\n%s\n\n"
        "Met vriendelijke groet,\nGemeente Zoetermeer, Wijk aan zet\n",
        message,
        link ? arena_printf(a, "Uw aanvraag volgt u hier:\n%s%s", base_url ? base_url : "", link)
             : "Uw aanvraag volgt u via de link in de eerste e-mail die u over deze aanvraag "
               "kreeg.");
    if (!body)
        return -1;
    struct optin_mail m = {.to = r->applicant_email,
                           .subject = subject,
                           .body = body,
                           .kind = "initiative",
                           .ref = r->id,
                           .purpose = OPTIN_FOR_APPLICATION};
    return optin_queue(d, a, now, base_url, &m, NULL);
}

/* --- saving and submitting -------------------------------------------------- */

int initiative_save(db *d, arena *a, const struct user *u, const struct initiative_input *in,
                    const char *token, bool submit, const struct intake_client *client, int64_t now,
                    const char *base_url, char token_out[INITIATIVE_TOKEN_CHARS], int64_t *id_out,
                    struct signal_problem *problems)
{
    struct initiative_row row;
    struct initiative_line_row lines[INITIATIVE_MAX_LINES];
    size_t nlines;
    bool staff = u != NULL;
    size_t np = initiative_check(d, a, in, submit, now, &row, lines, &nlines, problems);
    if (staff && !in_list(initiative_staff_channels, in->channel)) {
        if (np < INITIATIVE_MAX_PROBLEMS) {
            problems[np].field = "kanaal";
            problems[np].msgid = N_("Kies hoe de aanvraag binnenkwam.");
            np++;
        }
    }
    if (np)
        return (int)np;
    if (!staff)
        row.channel = "web";

    struct initiative_row old;
    bool fresh = utf8_blank(token);
    char hash[65];
    if (fresh) {
        auth_random_token(token_out);
    } else {
        if (strlen(token) >= INITIATIVE_TOKEN_CHARS)
            return INITIATIVE_NOT_DRAFT;
        memcpy(token_out, token, strlen(token) + 1);
    }
    if (initiative_token_hash(d, token_out, hash) != 0)
        return -1;

    if (db_begin_write(d) != DB_OK)
        return -1;
    int rc = DB_OK, limit = 0;
    int64_t id = 0;
    if (fresh) {
        limit = intake_take(d, client, now);
        if (limit != 0) {
            db_rollback(d);
            return limit == 1 ? INITIATIVE_LIMITED : -1;
        }
        row.token_hash = hash;
        row.state = "concept";
        row.created_at = now;
        row.entered_by = staff ? u->id : 0;
        rc = initiative_insert(d, &row, &id);
    } else {
        rc = initiative_get_by_token(d, a, hash, &old);
        if (rc == DB_OK && strcmp(old.state, "concept") != 0)
            rc = DB_NOTFOUND;
        if (rc != DB_OK) {
            db_rollback(d);
            return rc == DB_NOTFOUND ? INITIATIVE_NOT_DRAFT : -1;
        }
        id = row.id = old.id;
        rc = initiative_update_content(d, &row);
    }
    if (rc == DB_OK)
        rc = initiative_replace_lines(d, id, lines, nlines);
    row.id = id;
    const char *link = arena_printf(a, "/initiatief/%s", token_out);
    if (rc == DB_OK && submit) {
        rc = initiative_move(d, id, "concept", "ingediend", now);
        /* repeat applicants are counted by this, not by the address */
        char pseudo[65] = "";
        if (rc == DB_OK && !utf8_blank(row.applicant_email) &&
            auth_email_pseudonym(d, row.applicant_email, pseudo) == 0)
            rc = initiative_set_pseudonym(d, id, pseudo);
        if (rc == DB_OK)
            rc = initiative_add_event(d, id, now, staff ? u->id : 0, "state", "concept",
                                      "ingediend", NULL, row.requested_cents);
        if (rc == DB_OK &&
            mail_applicant(d, a, &row, now, base_url, "Uw aanvraag voor Wijk aan zet is ontvangen",
                           arena_printf(a,
                                        "We hebben uw aanvraag \"%s\" ontvangen met nummer %lld. "
                                        "U vraagt %s. Binnen twee weken hoort u wie uw aanvraag "
                                        "behandelt.",
                                        row.title, (long long)id,
                                        fmt_money(a, row.requested_cents)),
                           link) != 0)
            rc = DB_ERROR;
        if (rc == DB_OK && staff)
            rc = audit_append(d, u->id, u->login, "initiative.enter", "initiative", id, NULL,
                              arena_printf(a, "{\"channel\":\"%s\"}", row.channel));
    } else if (rc == DB_OK && fresh && !utf8_blank(row.applicant_email)) {
        rc = mail_applicant(d, a, &row, now, base_url, "Uw concept-aanvraag is bewaard",
                            "Uw aanvraag voor Wijk aan zet is bewaard als concept. Met deze link "
                            "maakt u haar later af; deel de link met niemand.",
                            arena_printf(a, "/initiatief/concept/%s", token_out)) == 0
                 ? DB_OK
                 : DB_ERROR;
    }
    if (rc != DB_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    *id_out = id;
    return 0;
}

/* --- who ------------------------------------------------------------------- */

int64_t initiative_region(db *d, const struct initiative_row *r)
{
    char on[CAL_DATE_LEN];
    cal_format_date(cal_date_of(r->submitted_at ? r->submitted_at : r->created_at), on);
    return initiative_region_of(d, r->wijk_id, on);
}

bool initiative_may_read_personal(db *d, const struct user *u, const struct initiative_row *r)
{
    struct scope_target t = {.region_id = initiative_region(d, r)};
    return policy_allows(u, ACT_INITIATIVE_PERSONAL, &t);
}

bool initiative_may_handle(db *d, const struct user *u, const struct initiative_row *r)
{
    struct scope_target t = {.region_id = initiative_region(d, r)};
    return policy_allows(u, ACT_INITIATIVE_LIST, &t);
}

/* The row that sets role's mandate in region on a day: the region's own
 * row when it has one, else the row for every region; NULL when neither. */
static const struct mandate_row *mandate_for(const struct mandate_row *m, size_t n,
                                             const char *role, int64_t region)
{
    const struct mandate_row *general = NULL;
    for (size_t k = 0; k < n; k++) {
        if (strcmp(m[k].role, role) != 0)
            continue;
        if (region && m[k].region_id == region)
            return &m[k];
        if (!m[k].region_id && !general)
            general = &m[k];
    }
    return general;
}

int64_t initiative_mandate_of(db *d, arena *a, const struct user *u, int64_t region, const char *on,
                              bool *any)
{
    *any = false;
    if (!u || u->disabled || user_has_role(u, ROLE_BEHEERDER))
        return 0;
    struct mandate_row *m;
    size_t n;
    if (mandate_list(d, a, on, &m, &n) != DB_OK)
        return 0;
    int64_t best = 0;
    bool unlimited = false;
    for (size_t i = 0; i < u->nroles; i++) {
        const struct user_role *ur = &u->roles[i];
        if (ur->role != ROLE_WIJKREGISSEUR && ur->role != ROLE_WIJKWETHOUDER)
            continue;
        /* a wijkregisseur decides in their own region, the wijkwethouder
         * in every wijk (also one in no region) */
        bool covers = ur->role == ROLE_WIJKWETHOUDER || (region && ur->region_id == region);
        if (!covers)
            continue;
        const struct mandate_row *row = mandate_for(m, n, role_code(ur->role), region);
        if (!row)
            continue;
        *any = true;
        if (row->max_cents < 0)
            unlimited = true;
        else if (row->max_cents > best)
            best = row->max_cents;
    }
    return unlimited ? -1 : best;
}

const char *initiative_whose(db *d, arena *a, int64_t region, int64_t cents, const char *on)
{
    struct mandate_row *m;
    size_t n;
    if (mandate_list(d, a, on, &m, &n) == DB_OK) {
        const struct mandate_row *row = mandate_for(m, n, "wijkregisseur", region);
        if (row && (row->max_cents < 0 || cents <= row->max_cents))
            return N_("Dit besluit is aan de wijkregisseur van de regio.");
    }
    return N_("Dit besluit is aan de wijkwethouder.");
}

/* --- the mandate table ------------------------------------------------------ */

bool initiative_may_read_mandate(const struct user *u)
{
    return u && !u->disabled && policy_allows(u, ACT_MANDATE_VIEW, NULL);
}

bool initiative_may_change_mandate(const struct user *u)
{
    return u && !u->disabled && policy_allows(u, ACT_MANDATE_CHANGE, NULL);
}

/* The audit's picture of a row: role, region, amount, decision, period. */
static char *mandate_json(const struct mandate_row *m)
{
    json_t *o = json_pack("{s:s,s:s}", "role", m->role, "valid_from", m->valid_from);
    if (!o)
        return NULL;
    json_object_set_new(o, "region_id", m->region_id ? json_integer(m->region_id) : json_null());
    json_object_set_new(o, "max_cents",
                        m->max_cents >= 0 ? json_integer(m->max_cents) : json_null());
    json_object_set_new(o, "college_decision",
                        m->college_decision ? json_string(m->college_decision) : json_null());
    if (m->valid_to)
        json_object_set_new(o, "valid_to", json_string(m->valid_to));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

enum initiative_result initiative_mandate_set(db *d, arena *a, const struct user *u,
                                              const struct mandate_input *in, int64_t now,
                                              struct mandate_problems *p, int64_t *id)
{
    memset(p, 0, sizeof *p);
    if (!initiative_may_change_mandate(u))
        return INIT_FORBIDDEN;
    char today[CAL_DATE_LEN], decided[CAL_DATE_LEN] = "";
    cal_date day = cal_date_of(now), dec = CAL_INVALID;
    if (cal_format_date(day, today) != 0)
        return INIT_ERROR;
    const char *role = in->role;
    if (!role || (strcmp(role, "wijkregisseur") != 0 && strcmp(role, "wijkwethouder") != 0))
        p->role = N_("Kies voor welke rol het mandaat geldt.");
    int64_t region = 0;
    if (!utf8_blank(in->region) && (region = region_id_by_slug(d, in->region)) <= 0)
        p->region = N_("Kies een regio uit de lijst, of alle regio's.");
    int64_t cents = 0;
    enum money_result mr = money_parse(in->amount, &cents);
    if (mr == MONEY_EMPTY)
        p->amount = N_("Vul het hoogste bedrag per aanvraag in, bijvoorbeeld 1.000.");
    else if (mr != MONEY_OK)
        p->amount = money_problem(mr);
    if (utf8_blank(in->decision))
        p->decision = N_("Vul de datum van het collegebesluit in, bijvoorbeeld 15-04-2025.");
    else if (cal_parse_date_typed(in->decision, strlen(in->decision), &dec) != 0)
        p->decision = N_("De datum van het collegebesluit moet een bestaande datum zijn, "
                         "bijvoorbeeld 15-04-2025.");
    else if (dec > day)
        p->decision = N_("Het collegebesluit kan niet na vandaag genomen zijn.");
    if (p->role || p->region || p->amount || p->decision)
        return INIT_INVALID;
    cal_format_date(dec, decided);
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    struct mandate_row old, neu = {.role = role,
                                   .region_id = region,
                                   .max_cents = cents,
                                   .college_decision = decided,
                                   .valid_from = today};
    int rc = mandate_current(d, a, role, region, today, &old);
    bool had = rc == DB_OK;
    if (rc == DB_NOTFOUND)
        rc = DB_OK;
    if (rc == DB_OK && had)
        rc = mandate_close(d, old.id, today);
    int64_t nid = 0;
    if (rc == DB_OK)
        rc = mandate_insert(d, role, region, cents, decided, today, &nid);
    if (rc == DB_OK) {
        neu.id = nid;
        if (had)
            old.valid_to = today;
        char *b = had ? mandate_json(&old) : NULL, *af = mandate_json(&neu);
        rc = audit_append(d, u->id, u->login, "mandate_change", "grant_mandate", nid, b, af);
        free(b);
        free(af);
    }
    if (rc != DB_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return INIT_ERROR;
    }
    if (id)
        *id = nid;
    return INIT_OK;
}

/* --- the wijk budgets ------------------------------------------------------- */

bool initiative_may_read_budgets(const struct user *u)
{
    return u && !u->disabled && policy_allows(u, ACT_WIJK_BUDGET_VIEW, NULL);
}

bool initiative_may_set_budget_amount(const struct user *u)
{
    return u && !u->disabled && policy_allows(u, ACT_WIJK_BUDGET_AMOUNT, NULL);
}

bool initiative_may_set_budget_reserve(const struct user *u, int64_t region)
{
    struct scope_target t = {.region_id = region};
    return u && !u->disabled && region && policy_allows(u, ACT_WIJK_BUDGET_RESERVE, &t);
}

static char *budget_json(const struct wijk_budget_row *b)
{
    json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "area_id", (json_int_t)b->area_id, "year",
                          (json_int_t)b->year, "amount_cents", (json_int_t)b->amount_cents,
                          "flexible_cents", (json_int_t)b->flexible_cents, "committed_cents",
                          (json_int_t)b->committed_cents, "paid_cents", (json_int_t)b->paid_cents);
    if (!o)
        return NULL;
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

/* Sets the amount (reserve false) or the flexible reserve (true). */
static enum initiative_result budget_set(db *d, arena *a, const struct user *u, const char *slug,
                                         int64_t year, const char *typed, bool reserve, int64_t now,
                                         const char **problem)
{
    *problem = NULL;
    char today[CAL_DATE_LEN];
    if (cal_format_date(cal_date_of(now), today) != 0)
        return INIT_ERROR;
    struct wijk w;
    if (!slug || year < 2000 || year > 2100 || area_get_wijk(d, a, slug, today, 0, &w) != DB_OK)
        return INIT_NOT_FOUND;
    if (reserve ? !initiative_may_set_budget_reserve(u, w.region_id)
                : !initiative_may_set_budget_amount(u))
        return INIT_FORBIDDEN;
    int64_t cents = 0;
    enum money_result mr = money_parse(typed, &cents);
    if (mr != MONEY_OK) {
        *problem =
            mr == MONEY_EMPTY ? N_("Vul een bedrag in, bijvoorbeeld 12.500.") : money_problem(mr);
        return INIT_INVALID;
    }
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    struct wijk_budget_row old, neu;
    int rc = wijk_budget_get(d, a, w.id, year, &old);
    bool had = rc == DB_OK;
    enum initiative_result res = INIT_OK;
    if (rc != DB_OK && rc != DB_NOTFOUND)
        res = INIT_ERROR;
    else if (reserve && !had)
        res = INIT_NO_BUDGET;
    else if (!had)
        old = (struct wijk_budget_row){.area_id = w.id, .year = year};
    if (res == INIT_OK) {
        neu = old;
        if (reserve)
            neu.flexible_cents = cents;
        else
            neu.amount_cents = cents;
        if (reserve && cents > old.amount_cents)
            *problem = N_("De flexibele reserve kan niet groter zijn dan het budget van de wijk.");
        else if (reserve && cents < old.committed_cents)
            *problem = N_("De flexibele reserve kan niet lager zijn dan wat er al is toegezegd: "
                          "toekenningen gaan eerst van de reserve af.");
        else if (!reserve && cents < old.committed_cents)
            *problem = N_("Het budget kan niet lager zijn dan wat er al is toegezegd.");
        else if (!reserve && cents < old.flexible_cents)
            *problem = N_("Het budget kan niet lager zijn dan de flexibele reserve; laat de "
                          "wijkregisseur eerst de reserve verlagen.");
        if (*problem)
            res = INIT_INVALID;
    }
    if (res == INIT_OK) {
        rc = wijk_budget_put(d, w.id, year, neu.amount_cents, neu.flexible_cents, old.demo);
        if (rc == DB_CONSTRAINT) {
            /* a decision in between changed committed: the table's checks hold */
            *problem = N_("Dit bedrag past niet bij wat er al is toegezegd. Bekijk de cijfers "
                          "opnieuw.");
            res = INIT_INVALID;
        } else if (rc != DB_OK) {
            res = INIT_ERROR;
        }
    }
    if (res == INIT_OK) {
        char *b = had ? budget_json(&old) : NULL, *af = budget_json(&neu);
        rc = audit_append(d, u->id, u->login, reserve ? "budget_reserve" : "budget_amount",
                          "wijk_budget", w.id, b, af);
        free(b);
        free(af);
        if (rc != DB_OK)
            res = INIT_ERROR;
    }
    if (res != INIT_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return res == INIT_OK ? INIT_ERROR : res;
    }
    return INIT_OK;
}

enum initiative_result initiative_budget_amount(db *d, arena *a, const struct user *u,
                                                const char *wijk, int64_t year, const char *typed,
                                                int64_t now, const char **problem)
{
    return budget_set(d, a, u, wijk, year, typed, false, now, problem);
}

enum initiative_result initiative_budget_reserve(db *d, arena *a, const struct user *u,
                                                 const char *wijk, int64_t year, const char *typed,
                                                 int64_t now, const char **problem)
{
    return budget_set(d, a, u, wijk, year, typed, true, now, problem);
}

/* --- the steps -------------------------------------------------------------- */

struct step {
    struct initiative_row r;
    enum initiative_state from;
};

static enum initiative_result load(db *d, arena *a, int64_t id, struct step *s)
{
    int rc = initiative_get(d, a, id, &s->r);
    if (rc == DB_NOTFOUND)
        return INIT_NOT_FOUND;
    if (rc != DB_OK)
        return INIT_ERROR;
    int st = initiative_state_from(s->r.state);
    if (st < 0)
        return INIT_ERROR;
    s->from = (enum initiative_state)st;
    return INIT_OK;
}

static enum initiative_result finish(db *d, int rc)
{
    if (rc == DB_OK && db_commit(d) == DB_OK)
        return INIT_OK;
    db_rollback(d);
    return rc == DB_NOTFOUND ? INIT_WRONG_STATE : INIT_ERROR;
}

static const char *audit_state(arena *a, const char *to, int64_t cents)
{
    return cents >= 0
               ? arena_printf(a, "{\"state\":\"%s\",\"amount_cents\":%lld}", to, (long long)cents)
               : arena_printf(a, "{\"state\":\"%s\"}", to);
}

/* Moves s to `to` with its history, audit entry (staff) and mail, inside
 * the caller's transaction. */
static int move(db *d, arena *a, const struct user *u, struct step *s, enum initiative_state to,
                const char *kind, const char *text, int64_t cents, int64_t now,
                const char *base_url, const char *subject, const char *message)
{
    const char *from = initiative_state_code(s->from), *tc = initiative_state_code(to);
    int rc = initiative_move(d, s->r.id, from, tc, now);
    if (rc == DB_OK)
        rc = initiative_add_event(d, s->r.id, now, u ? u->id : 0, kind, from, tc, text, cents);
    if (rc == DB_OK && u)
        rc = audit_append(d, u->id, u->login, arena_printf(a, "initiative.%s", tc), "initiative",
                          s->r.id, NULL, audit_state(a, tc, cents));
    if (rc == DB_OK && mail_applicant(d, a, &s->r, now, base_url, subject, message, NULL) != 0)
        rc = DB_ERROR;
    return rc;
}

static enum initiative_result handler_step(db *d, arena *a, const struct user *u, int64_t id,
                                           enum initiative_state to, const char *kind,
                                           const char *text, int64_t now, const char *base_url,
                                           const char *subject, const char *message)
{
    struct step s;
    enum initiative_result res = load(d, a, id, &s);
    if (res != INIT_OK)
        return res;
    if (!initiative_may_handle(d, u, &s.r))
        return INIT_FORBIDDEN;
    if (!initiative_may_move(s.from, to, INIT_BY_HANDLER))
        return INIT_WRONG_STATE;
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    return finish(d, move(d, a, u, &s, to, kind, text, -1, now, base_url, subject, message));
}

enum initiative_result initiative_take(db *d, arena *a, const struct user *u, int64_t id,
                                       int64_t now, const char *base_url)
{
    return handler_step(d, a, u, id, INIT_IN_BEHANDELING, "state", NULL, now, base_url,
                        "Uw aanvraag voor Wijk aan zet is in behandeling",
                        "Uw aanvraag is in behandeling genomen. We laten u weten als we vragen "
                        "hebben, en wat we besluiten.");
}

static const char *check_long_text(const char *s, const char *missing)
{
    if (utf8_blank(s))
        return missing;
    if (chars(s) > INITIATIVE_TEXT_MAX)
        return N_("Gebruik hoogstens 4000 tekens.");
    return NULL;
}

enum initiative_result initiative_ask(db *d, arena *a, const struct user *u, int64_t id,
                                      const char *question, int64_t now, const char *base_url,
                                      const char **problem)
{
    if ((*problem = check_long_text(question, N_("Schrijf de vraag aan de aanvrager."))))
        return INIT_INVALID;
    return handler_step(d, a, u, id, INIT_VRAGEN, "question", question, now, base_url,
                        "Een vraag over uw aanvraag voor Wijk aan zet",
                        arena_printf(a,
                                     "We hebben een vraag over uw aanvraag:\n\n%s\n\n"
                                     "U beantwoordt die op de pagina van uw aanvraag.",
                                     question));
}

enum initiative_result initiative_carried_out(db *d, arena *a, const struct user *u, int64_t id,
                                              int64_t now, const char *base_url)
{
    return handler_step(d, a, u, id, INIT_UITGEVOERD, "state", NULL, now, base_url,
                        "Uw initiatief is uitgevoerd",
                        "We hebben vastgelegd dat uw initiatief is uitgevoerd. Na afloop vertelt "
                        "u ons hoe het ging.");
}

enum initiative_result initiative_withdraw(db *d, arena *a, const struct user *u, int64_t id,
                                           int64_t now, const char *base_url)
{
    struct step s;
    enum initiative_result res = load(d, a, id, &s);
    if (res != INIT_OK)
        return res;
    if (u && !initiative_may_handle(d, u, &s.r))
        return INIT_FORBIDDEN;
    if (!initiative_may_move(s.from, INIT_INGETROKKEN, u ? INIT_BY_HANDLER : INIT_BY_APPLICANT))
        return INIT_WRONG_STATE;
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    return finish(d, move(d, a, u, &s, INIT_INGETROKKEN, "state", NULL, -1, now, base_url,
                          "Uw aanvraag voor Wijk aan zet is ingetrokken",
                          "Uw aanvraag is op uw verzoek ingetrokken. U kunt altijd een nieuwe "
                          "aanvraag doen."));
}

enum initiative_result initiative_answer(db *d, arena *a, int64_t id, const char *answer,
                                         int64_t now, const char *base_url, const char **problem)
{
    if ((*problem = check_long_text(answer, N_("Schrijf uw antwoord."))))
        return INIT_INVALID;
    struct step s;
    enum initiative_result res = load(d, a, id, &s);
    if (res != INIT_OK)
        return res;
    if (!initiative_may_move(s.from, INIT_IN_BEHANDELING, INIT_BY_APPLICANT))
        return INIT_WRONG_STATE;
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    return finish(d, move(d, a, NULL, &s, INIT_IN_BEHANDELING, "answer", answer, -1, now, base_url,
                          "Uw antwoord over uw aanvraag is ontvangen",
                          "We hebben uw antwoord ontvangen en behandelen uw aanvraag verder."));
}

/* The checks every decision shares: the person may decide about this
 * application at all, did not enter it, and the amount is within their
 * mandate. */
static enum initiative_result may_decide(db *d, arena *a, const struct user *u,
                                         const struct step *s, enum initiative_state to,
                                         int64_t cents, int64_t now, const char **problem)
{
    if (!u || u->disabled || user_has_role(u, ROLE_BEHEERDER))
        return INIT_FORBIDDEN;
    int64_t region = initiative_region(d, &s->r);
    if (!policy_allows(u, ACT_INITIATIVE_DECIDE, &(struct scope_target){region, 0, 0}))
        return INIT_FORBIDDEN;
    if (s->r.entered_by && s->r.entered_by == u->id) {
        *problem = N_("U hebt deze aanvraag zelf ingevoerd; een ander besluit erover.");
        return INIT_OWN_ENTRY;
    }
    if (!initiative_may_move(s->from, to, INIT_BY_DECIDER))
        return INIT_WRONG_STATE;
    char on[CAL_DATE_LEN];
    cal_format_date(cal_date_of(now), on);
    bool any;
    int64_t max = initiative_mandate_of(d, a, u, region, on, &any);
    if (!any || (max >= 0 && cents > max)) {
        *problem = initiative_whose(d, a, region, cents, on);
        return INIT_NOT_MANDATE;
    }
    return INIT_OK;
}

enum initiative_result initiative_grant(db *d, arena *a, const struct user *u, int64_t id,
                                        int64_t cents, bool receipts, int64_t now,
                                        const char *base_url, const char **problem)
{
    *problem = NULL;
    struct step s;
    enum initiative_result res = load(d, a, id, &s);
    if (res != INIT_OK)
        return res;
    if (cents <= 0 || cents > s.r.requested_cents) {
        *problem = N_("Het toegekende bedrag moet groter zijn dan nul en hoogstens het gevraagde "
                      "bedrag.");
        return INIT_INVALID;
    }
    enum initiative_state to = cents == s.r.requested_cents ? INIT_TOEGEKEND : INIT_DEELS_TOEGEKEND;
    if ((res = may_decide(d, a, u, &s, to, cents, now, problem)) != INIT_OK)
        return res;
    int64_t year = cal_year_of(now);
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    /* the budget first: refused when it would pass the wijk's amount */
    int rc = wijk_budget_commit(d, s.r.wijk_id, year, cents);
    if (rc == DB_NOTFOUND) {
        db_rollback(d);
        bool regisseur_only = !user_has_role(u, ROLE_WIJKWETHOUDER);
        *problem = regisseur_only
                       ? N_("Het budget van de wijk is hiervoor niet toereikend. Dit besluit is "
                            "aan de wijkwethouder.")
                       : N_("Het budget van de wijk is hiervoor niet toereikend.");
        return INIT_NO_BUDGET;
    }
    const char *tc = initiative_state_code(to), *from = initiative_state_code(s.from);
    if (rc == DB_OK)
        rc = initiative_record_decision(d, id, from, tc, now, u->id, cents, year, NULL, NULL, NULL);
    if (rc == DB_OK && receipts)
        rc = initiative_set_receipts_asked(d, id);
    if (rc == DB_OK)
        rc = initiative_add_event(d, id, now, u->id, "state", from, tc, NULL, cents);
    if (rc == DB_OK)
        rc = audit_append(d, u->id, u->login, arena_printf(a, "initiative.%s", tc), "initiative",
                          id, NULL, audit_state(a, tc, cents));
    if (rc == DB_OK &&
        mail_applicant(
            d, a, &s.r, now, base_url, "Besluit over uw aanvraag voor Wijk aan zet",
            arena_printf(a,
                         "Wij hebben besloten u %s toe te kennen voor \"%s\"%s. Het geld maken we "
                         "over naar de rekening die u opgaf.%s\n\n"
                         "Bent u het niet eens met dit besluit, dan kunt u binnen zes weken na de "
                         "datum van deze e-mail bezwaar maken bij het college van burgemeester "
                         "en wethouders.",
                         fmt_money(a, cents), s.r.title,
                         to == INIT_DEELS_TOEGEKEND
                             ? arena_printf(a, " (u vroeg %s)", fmt_money(a, s.r.requested_cents))
                             : "",
                         receipts ? " Bewaar de bonnetjes: in uw verslag achteraf vragen we u "
                                    "om een foto ervan."
                                  : ""),
            NULL) != 0)
        rc = DB_ERROR;
    return finish(d, rc);
}

enum initiative_result initiative_reject(db *d, arena *a, const struct user *u, int64_t id,
                                         const char *reason, const char *alternative,
                                         const char *alternative_text, int64_t now,
                                         const char *base_url, const char **problem)
{
    *problem = NULL;
    if ((*problem = check_long_text(reason, N_("Schrijf waarom de aanvraag wordt afgewezen."))))
        return INIT_INVALID;
    if (!in_list(initiative_alternatives, alternative)) {
        *problem = N_("Kies welk alternatief u de aanvrager aanbiedt.");
        return INIT_INVALID;
    }
    if (alternative_text && chars(alternative_text) > INITIATIVE_TEXT_MAX) {
        *problem = N_("Gebruik hoogstens 4000 tekens.");
        return INIT_INVALID;
    }
    struct step s;
    enum initiative_result res = load(d, a, id, &s);
    if (res != INIT_OK)
        return res;
    if ((res = may_decide(d, a, u, &s, INIT_AFGEWEZEN, s.r.requested_cents, now, problem)) !=
        INIT_OK)
        return res;
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    const char *from = initiative_state_code(s.from);
    int rc = initiative_record_decision(d, id, from, "afgewezen", now, u->id, 0, 0, reason,
                                        alternative, opt(alternative_text));
    if (rc == DB_OK)
        rc = initiative_add_event(d, id, now, u->id, "state", from, "afgewezen", reason, -1);
    if (rc == DB_OK)
        rc = audit_append(
            d, u->id, u->login, "initiative.afgewezen", "initiative", id, NULL,
            arena_printf(a, "{\"state\":\"afgewezen\",\"alternative\":\"%s\"}", alternative));
    if (rc == DB_OK &&
        mail_applicant(d, a, &s.r, now, base_url, "Besluit over uw aanvraag voor Wijk aan zet",
                       arena_printf(a,
                                    "Wij kunnen uw aanvraag \"%s\" helaas niet toekennen.\n\n"
                                    "Waarom: %s\n\nWat wel kan: %s%s%s\n\n"
                                    "Bent u het niet eens met dit besluit, dan kunt u binnen zes "
                                    "weken na de datum van deze e-mail bezwaar maken bij het "
                                    "college van burgemeester en wethouders.",
                                    s.r.title, reason, initiative_alternative_label(alternative),
                                    opt(alternative_text) ? ". " : "",
                                    opt(alternative_text) ? alternative_text : ""),
                       NULL) != 0)
        rc = DB_ERROR;
    return finish(d, rc);
}

static bool granted_state(enum initiative_state s)
{
    return s == INIT_TOEGEKEND || s == INIT_DEELS_TOEGEKEND || s == INIT_UITGEVOERD ||
           s == INIT_VERANTWOORD;
}

enum initiative_result initiative_publish(db *d, arena *a, const struct user *u, int64_t id,
                                          const char *summary, int64_t now, const char **problem)
{
    *problem = NULL;
    struct step s;
    enum initiative_result res = load(d, a, id, &s);
    if (res != INIT_OK)
        return res;
    if (!initiative_may_handle(d, u, &s.r))
        return INIT_FORBIDDEN;
    if (!granted_state(s.from))
        return INIT_WRONG_STATE;
    if (!s.r.consent_publish) {
        *problem = N_("De aanvrager gaf geen toestemming om het initiatief te tonen.");
        return INIT_INVALID;
    }
    if (utf8_blank(summary) || chars(summary) > 400) {
        *problem = N_("Schrijf een korte samenvatting voor de website, hoogstens 400 tekens, "
                      "zonder namen of gegevens van de aanvrager.");
        return INIT_INVALID;
    }
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    int rc = initiative_set_published(d, id, summary);
    if (rc == DB_OK)
        rc = initiative_add_event(d, id, now, u->id, "published", NULL, NULL, summary, -1);
    if (rc == DB_OK)
        rc = audit_append(d, u->id, u->login, "initiative.publish", "initiative", id, NULL,
                          "{\"fields\":[\"public_summary\"]}");
    return finish(d, rc);
}

/* A photo through the image helper (re-encoded, without EXIF and GPS) into
 * stored files; NULL, or the msgid of what went wrong. */
static const char *store_photo(const void *photo, size_t len, char file[FILES_NAME_MAX],
                               char thumb[FILES_NAME_MAX])
{
    struct img_result img;
    enum img_status st = img_process(signal_image_helper(), photo, len, &img);
    if (st != IMG_OK) {
        if (st == IMG_HELPER_FAILED || st == IMG_TIMEOUT || st == IMG_NO_MEMORY)
            log_error("image helper: %s", img_status_name(st));
        img_result_free(&img);
        return img_msgid(st);
    }
    bool ok = files_put(img.photo, img.photo_len, "jpg", file) == 0 &&
              files_put(img.thumb, img.thumb_len, "jpg", thumb) == 0;
    img_result_free(&img);
    return ok ? NULL : N_("De foto kon niet worden opgeslagen. Probeer het later opnieuw.");
}

enum initiative_result initiative_report(db *d, arena *a, int64_t id, const char *text,
                                         const char *participants, const void *photo,
                                         size_t photo_len, const void *receipt, size_t receipt_len,
                                         int64_t now, const char *base_url, const char **problem,
                                         const char **field)
{
    *field = NULL;
    if ((*problem = check_long_text(text, N_("Vertel hoe het ging."))))
        return INIT_INVALID;
    int64_t count = count_of(participants);
    if (count == -2) {
        *problem = N_("Vul het aantal deelnemers in als een getal, zoals 40.");
        return INIT_INVALID;
    }
    struct step s;
    enum initiative_result res = load(d, a, id, &s);
    if (res != INIT_OK)
        return res;
    if (s.from != INIT_UITGEVOERD &&
        !initiative_may_move(s.from, INIT_UITGEVOERD, INIT_BY_APPLICANT))
        return INIT_WRONG_STATE;
    /* receipts asked for with the decision: a photo of them is required */
    if (s.r.receipts_asked && !s.r.receipt_photo && !(receipt && receipt_len)) {
        *field = "bonnetjes";
        *problem = N_("Voeg een foto van de bonnetjes toe: daar vroegen we om bij het besluit.");
        return INIT_INVALID;
    }
    char file[FILES_NAME_MAX] = "", thumb[FILES_NAME_MAX] = "";
    char rfile[FILES_NAME_MAX] = "", rthumb[FILES_NAME_MAX] = "";
    if (photo && photo_len && (*problem = store_photo(photo, photo_len, file, thumb))) {
        *field = "foto";
        return INIT_INVALID;
    }
    if (s.r.receipts_asked && receipt && receipt_len &&
        (*problem = store_photo(receipt, receipt_len, rfile, rthumb))) {
        *field = "bonnetjes";
        return INIT_INVALID;
    }
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    int rc = initiative_set_report(d, id, text, count, file[0] ? file : NULL,
                                   thumb[0] ? thumb : NULL, now);
    if (rc == DB_OK && rfile[0])
        rc = initiative_set_receipt(d, id, rfile, rthumb);
    if (rc == DB_OK)
        rc = initiative_add_event(d, id, now, 0, "report", NULL, NULL, NULL, -1);
    if (rc == DB_OK && s.from != INIT_UITGEVOERD)
        rc = move(d, a, NULL, &s, INIT_UITGEVOERD, "state", NULL, -1, now, base_url,
                  "Uw verslag over uw initiatief is ontvangen",
                  "Bedankt voor uw verslag. We leggen vast dat uw initiatief is uitgevoerd.");
    return finish(d, rc);
}

enum initiative_result initiative_pay(db *d, arena *a, const struct user *u, int64_t id,
                                      int64_t cents, int64_t now, const char *base_url,
                                      const char **problem)
{
    *problem = NULL;
    struct step s;
    enum initiative_result res = load(d, a, id, &s);
    if (res != INIT_OK)
        return res;
    if (!u || !user_has_role(u, ROLE_ONDERSTEUNER) || !initiative_may_handle(d, u, &s.r))
        return INIT_FORBIDDEN;
    if (!granted_state(s.from) || s.from == INIT_VERANTWOORD)
        return INIT_WRONG_STATE;
    if (cents <= 0 || cents > s.r.granted_cents - s.r.paid_cents) {
        *problem = N_("Het betaalde bedrag moet groter zijn dan nul en hoogstens wat nog niet is "
                      "betaald van het toegekende bedrag.");
        return INIT_INVALID;
    }
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    int rc = wijk_budget_pay(d, s.r.wijk_id, s.r.budget_year, cents);
    if (rc == DB_OK)
        rc = initiative_add_paid(d, id, cents);
    if (rc == DB_OK)
        rc = initiative_add_event(d, id, now, u->id, "payment", NULL, NULL, NULL, cents);
    if (rc == DB_OK)
        rc = audit_append(d, u->id, u->login, "initiative.payment", "initiative", id, NULL,
                          arena_printf(a, "{\"amount_cents\":%lld}", (long long)cents));
    /* paid in full after the account: the grant is accounted for */
    if (rc == DB_OK && s.from == INIT_UITGEVOERD && s.r.reported_at &&
        s.r.paid_cents + cents == s.r.granted_cents)
        rc = move(d, a, u, &s, INIT_VERANTWOORD, "state", NULL, -1, now, base_url,
                  "Uw initiatief is afgerond",
                  "We hebben het toegekende bedrag betaald en uw verslag ontvangen. Daarmee is "
                  "uw aanvraag afgerond. Bedankt voor wat u voor de buurt deed.");
    return finish(d, rc == DB_NOTFOUND ? DB_ERROR : rc);
}

/* --- staff's corrections ----------------------------------------------------- */

/* Beside the table of steps: content may change while nobody decided yet. */
static const enum initiative_state correctable[] = {INIT_INGEDIEND, INIT_IN_BEHANDELING,
                                                    INIT_VRAGEN};

bool initiative_correctable(const struct initiative_row *r)
{
    int st = initiative_state_from(r->state);
    for (size_t i = 0; i < sizeof correctable / sizeof correctable[0]; i++)
        if (st == (int)correctable[i])
            return true;
    return false;
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

enum initiative_result initiative_correct(db *d, arena *a, const struct user *u, int64_t id,
                                          const struct initiative_input *in, int64_t now,
                                          const char *base_url, struct signal_problem *p,
                                          size_t *np, size_t *changed)
{
    *np = 0;
    *changed = 0;
    struct step s;
    enum initiative_result res = load(d, a, id, &s);
    if (res != INIT_OK)
        return res;
    if (!initiative_may_handle(d, u, &s.r))
        return INIT_FORBIDDEN;
    if (!initiative_correctable(&s.r))
        return INIT_WRONG_STATE;
    /* only the content: what the applicant alone may change stays out */
    struct initiative_input c = {.title = in->title,
                                 .description = in->description,
                                 .date = in->date,
                                 .place = in->place,
                                 .participants = in->participants,
                                 .nlines = in->nlines};
    for (size_t i = 0; i < in->nlines && i < INITIATIVE_MAX_LINES; i++) {
        c.line_text[i] = in->line_text[i];
        c.line_amount[i] = in->line_amount[i];
    }
    struct initiative_row row;
    struct initiative_line_row lines[INITIATIVE_MAX_LINES];
    size_t nl = 0;
    size_t n = initiative_check(d, a, &c, false, now, &row, lines, &nl, p);
    if (utf8_blank(c.title))
        add(p, &n, "titel", N_("Geef het initiatief een titel."));
    if (utf8_blank(c.description))
        add(p, &n, "omschrijving", N_("Vertel wat de aanvrager wil doen."));
    if (nl == 0)
        add(p, &n, "post1_omschrijving",
            N_("Zet in de begroting minstens één post met een bedrag."));
    *np = n;
    if (n)
        return INIT_INVALID;
    /* which fields change (their names, never their values) */
    struct initiative_line_row *old;
    size_t nold;
    if (initiative_lines(d, a, id, &old, &nold) != DB_OK)
        return INIT_ERROR;
    bool lines_differ = nold != nl || row.requested_cents != s.r.requested_cents;
    for (size_t i = 0; !lines_differ && i < nl; i++)
        lines_differ = !same_text(old[i].description, lines[i].description) ||
                       old[i].amount_cents != lines[i].amount_cents;
    const char *names[6];
    size_t k = 0;
    if (!same_text(s.r.title, row.title))
        names[k++] = "titel";
    if (!same_text(s.r.description, row.description))
        names[k++] = "omschrijving";
    if (!same_text(s.r.activity_date, row.activity_date))
        names[k++] = "datum";
    if (!same_text(s.r.activity_place, row.activity_place))
        names[k++] = "plaats";
    if (s.r.participants != row.participants)
        names[k++] = "deelnemers";
    if (lines_differ)
        names[k++] = "begroting";
    *changed = k;
    if (k == 0)
        return INIT_OK;
    json_t *fields = json_array();
    for (size_t i = 0; i < k; i++)
        json_array_append_new(fields, json_string(names[i]));
    char *fields_text = json_dumps(fields, JSON_COMPACT);
    json_decref(fields);
    if (!fields_text)
        return INIT_ERROR;
    const char *list = "", *audit = arena_printf(a, "{\"fields\":%s}", fields_text);
    free(fields_text);
    for (size_t i = 0; i < k; i++)
        list = arena_printf(a, "%s%s%s", list, i ? ", " : "", names[i]);
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    int rc = initiative_set_content(d, id, &row);
    if (rc == DB_OK && lines_differ)
        rc = initiative_replace_lines(d, id, lines, nl);
    if (rc == DB_OK)
        rc = initiative_add_event(d, id, now, u->id, "correction", NULL, NULL, list, -1);
    if (rc == DB_OK)
        rc = audit_append(d, u->id, u->login, "initiative.correction", "initiative", id, NULL,
                          audit);
    if (rc == DB_OK &&
        mail_applicant(d, a, &s.r, now, base_url, "Uw aanvraag voor Wijk aan zet is aangepast",
                       arena_printf(a,
                                    "De gemeente heeft uw aanvraag aangepast. Wat er veranderde: "
                                    "%s. Klopt dat niet? Neem dan contact op met de gemeente.",
                                    list),
                       NULL) != 0)
        rc = DB_ERROR;
    return finish(d, rc);
}

/* --- objections ------------------------------------------------------------- */

/* Beside the table of steps: which decisions may be objected to. A
 * rejection, and a grant of less than was asked (also once it was carried
 * out or accounted for); a full grant, a withdrawal or an undecided
 * application not. */
bool initiative_objectable(const struct initiative_row *r)
{
    if (!r->decided_at)
        return false;
    int st = initiative_state_from(r->state);
    if (st == INIT_AFGEWEZEN)
        return true;
    bool granted = st == INIT_DEELS_TOEGEKEND || st == INIT_UITGEVOERD || st == INIT_VERANTWOORD;
    return granted && r->granted_cents > 0 && r->granted_cents < r->requested_cents;
}

const char *const initiative_objection_outcomes[] = {"gegrond", "ongegrond", "ingetrokken", NULL};

const char *initiative_objection_outcome_label(const char *code)
{
    if (!code)
        return NULL;
    if (strcmp(code, "gegrond") == 0)
        return N_("Gegrond");
    if (strcmp(code, "ongegrond") == 0)
        return N_("Ongegrond");
    if (strcmp(code, "ingetrokken") == 0)
        return N_("Ingetrokken");
    return NULL;
}

int initiative_objection_open(db *d, arena *a, int64_t id, struct initiative_objection_row *o)
{
    struct initiative_objection_row *rows;
    size_t n;
    int rc = initiative_objections(d, a, id, &rows, &n);
    if (rc != DB_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!rows[i].outcome) {
            *o = rows[i];
            return DB_OK;
        }
    return DB_NOTFOUND;
}

/* A typed day between first and today (ISO in out); a msgid when not. */
static const char *typed_day(const char *s, cal_date first, cal_date today, const char *missing,
                             const char *too_early, char out[CAL_DATE_LEN])
{
    cal_date day;
    if (utf8_blank(s))
        return missing;
    if (cal_parse_date_typed(s, strlen(s), &day) != 0)
        return N_("Vul een bestaande datum in, zoals 15-04-2025.");
    if (day < first)
        return too_early;
    if (day > today)
        return N_("De datum mag niet in de toekomst liggen.");
    cal_format_date(day, out);
    return NULL;
}

/* The objection steps' common part: the application, the person (the
 * ondersteuner of its region) and the decision. */
static enum initiative_result objection_load(db *d, arena *a, const struct user *u, int64_t id,
                                             struct step *s)
{
    enum initiative_result res = load(d, a, id, s);
    if (res != INIT_OK)
        return res;
    if (!u || !user_has_role(u, ROLE_ONDERSTEUNER) || !initiative_may_handle(d, u, &s->r))
        return INIT_FORBIDDEN;
    return initiative_objectable(&s->r) ? INIT_OK : INIT_WRONG_STATE;
}

enum initiative_result initiative_objection_receive(db *d, arena *a, const struct user *u,
                                                    int64_t id, const char *received, int64_t now,
                                                    const char **problem, const char **field)
{
    *problem = NULL;
    *field = "ontvangen";
    struct step s;
    enum initiative_result res = objection_load(d, a, u, id, &s);
    if (res != INIT_OK)
        return res;
    struct initiative_objection_row open;
    int rc = initiative_objection_open(d, a, id, &open);
    if (rc == DB_OK) {
        *problem = N_("Er loopt al een bezwaar tegen dit besluit. Leg eerst de uitkomst daarvan "
                      "vast.");
        return INIT_WRONG_STATE;
    }
    if (rc != DB_NOTFOUND)
        return INIT_ERROR;
    char day[CAL_DATE_LEN];
    *problem =
        typed_day(received, cal_date_of(s.r.decided_at), cal_date_of(now),
                  N_("Vul de datum in waarop het bezwaar binnenkwam."),
                  N_("Het bezwaar kan niet eerder binnengekomen zijn dan het besluit."), day);
    if (*problem)
        return INIT_INVALID;
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    int64_t oid = 0;
    rc = initiative_objection_add(d, id, day, now, u->id, &oid);
    if (rc == DB_OK)
        rc = audit_append(
            d, u->id, u->login, "initiative.objection", "initiative", id, NULL,
            arena_printf(a, "{\"objection\":%lld,\"received_on\":\"%s\"}", (long long)oid, day));
    if (rc == DB_CONSTRAINT) {
        db_rollback(d);
        return INIT_WRONG_STATE;
    }
    return finish(d, rc == DB_NOTFOUND ? DB_ERROR : rc);
}

enum initiative_result initiative_objection_decide(db *d, arena *a, const struct user *u,
                                                   int64_t id, const char *outcome, const char *on,
                                                   const char *note, int64_t now,
                                                   const char **problem, const char **field)
{
    *problem = NULL;
    *field = NULL;
    struct step s;
    enum initiative_result res = objection_load(d, a, u, id, &s);
    if (res != INIT_OK)
        return res;
    struct initiative_objection_row open;
    int rc = initiative_objection_open(d, a, id, &open);
    if (rc == DB_NOTFOUND)
        return INIT_WRONG_STATE;
    if (rc != DB_OK)
        return INIT_ERROR;
    if (!outcome || !in_list(initiative_objection_outcomes, outcome)) {
        *field = "uitkomst";
        *problem = N_("Kies de uitkomst van het bezwaar.");
        return INIT_INVALID;
    }
    cal_date received;
    char day[CAL_DATE_LEN];
    if (cal_parse_date(open.received_on, strlen(open.received_on), &received) != 0)
        return INIT_ERROR;
    *field = "datum";
    *problem = typed_day(on, received, cal_date_of(now), N_("Vul de datum van de uitkomst in."),
                         N_("De uitkomst kan niet eerder zijn dan de dag waarop het bezwaar "
                            "binnenkwam."),
                         day);
    if (*problem)
        return INIT_INVALID;
    if (note && chars(note) > INITIATIVE_TEXT_MAX) {
        *field = "toelichting";
        *problem = N_("Gebruik hoogstens 4000 tekens.");
        return INIT_INVALID;
    }
    *field = NULL;
    if (db_begin_write(d) != DB_OK)
        return INIT_ERROR;
    rc = initiative_objection_close(d, id, outcome, day, opt(note), now, u->id);
    /* the note may name people: the audit says whether there is one */
    if (rc == DB_OK)
        rc = audit_append(
            d, u->id, u->login, "initiative.objection_outcome", "initiative", id, NULL,
            arena_printf(a,
                         "{\"objection\":%lld,\"outcome\":\"%s\",\"outcome_on\":"
                         "\"%s\",\"note\":%s}",
                         (long long)open.id, outcome, day, opt(note) ? "true" : "false"));
    return finish(d, rc);
}

int initiative_budget_set(db *d, int64_t area_id, int64_t year, int64_t amount_cents,
                          int64_t flexible_cents, bool demo)
{
    if (amount_cents < 0 || flexible_cents < 0 || flexible_cents > amount_cents ||
        amount_cents > MONEY_MAX_CENTS)
        return DB_CONSTRAINT;
    return wijk_budget_put(d, area_id, year, amount_cents, flexible_cents, demo);
}
