/*
 * partner.c: the rules of the partner register, of the agreements with
 * partners, and of the actions partners and departments own (partner.h).
 */
#include "partner.h"

#include "domain/calendar.h"
#include "domain/focus.h"
#include "domain/policy.h"
#include "domain/signal.h"
#include "domain/signal_task.h"
#include "lib/log.h"
#include "lib/mail.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"
#include "store/area_store.h"
#include "store/focus_store.h"
#include "store/monitor_store.h"
#include "store/outbox_store.h"
#include "store/partner_store.h"
#include "store/signal_store.h"
#include "store/user_store.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void problem(struct partner_problems *pr, const char *field, const char *msgid)
{
    if (pr && pr->n < PARTNER_MAX_PROBLEMS) {
        pr->p[pr->n].field = field;
        pr->p[pr->n].msgid = msgid;
        pr->n++;
    }
}

/* --- turnover --------------------------------------------------------------- */

void partner_turnover(const struct partner_span *spans, size_t n, int year, int *present, int *left)
{
    char first[24], last[24];
    snprintf(first, sizeof first, "%04d-01-01", year);
    snprintf(last, sizeof last, "%04d-12-31", year);
    int p = 0, l = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = spans[i].started_on, *e = spans[i].ended_on;
        if (!s || strcmp(s, last) > 0)
            continue; /* started after the year */
        if (e && strcmp(e, first) < 0)
            continue; /* gone before it */
        p++;
        if (e && strcmp(e, last) <= 0)
            l++;
    }
    *present = p;
    *left = l;
}

/* --- agreements ------------------------------------------------------------- */

enum partner_cover partner_agreement_covers(const struct partner_agreement_view *ag, size_t n,
                                            int64_t org_id, int64_t main_category_id,
                                            bool confidential, const char *today, bool *contact)
{
    if (contact)
        *contact = false;
    if (confidential)
        return COVER_CONFIDENTIAL;
    enum partner_cover best = COVER_NONE;
    for (size_t i = 0; i < n; i++) {
        const struct partner_agreement_view *g = &ag[i];
        if (g->org_id != org_id || (g->category_id && main_category_id != PARTNER_ANY_CASE &&
                                    g->category_id != main_category_id))
            continue;
        if (strcmp(g->valid_from, today) > 0) {
            if (best == COVER_NONE)
                best = COVER_NOT_YET;
            continue;
        }
        if (strcmp(g->valid_until, today) < 0) {
            if (best == COVER_NONE || best == COVER_NOT_YET)
                best = COVER_EXPIRED;
            continue;
        }
        best = COVER_OK;
        if (contact && g->contact)
            *contact = true;
    }
    return best;
}

const char *partner_cover_message(enum partner_cover c)
{
    switch (c) {
    case COVER_OK:
        return NULL;
    case COVER_CONFIDENTIAL:
        return N_("Een vertrouwelijke melding of een zaak van het wijkzorgnetwerk gaat nooit naar "
                  "een partner.");
    case COVER_NOT_PARTNER:
        return N_("Kies een partnerorganisatie.");
    case COVER_NONE:
        return N_("Met deze partner is niets afgesproken over dit soort zaken. Leg eerst een "
                  "afspraak vast in het partnerregister.");
    case COVER_EXPIRED:
        return N_("De afspraak met deze partner over dit soort zaken is verlopen. Leg eerst een "
                  "nieuwe afspraak vast in het partnerregister.");
    case COVER_NOT_YET:
        return N_("De afspraak met deze partner over dit soort zaken geldt nog niet.");
    }
    return NULL;
}

/* --- who sees which actions ----------------------------------------------------- */

static bool owns_actions(enum role r)
{
    return r == ROLE_PARTNER || r == ROLE_AFDELING || r == ROLE_AFDELINGSHOOFD;
}

size_t partner_action_orgs(const struct user *u, int64_t *out, size_t max)
{
    size_t n = 0;
    if (!u || u->disabled)
        return 0;
    for (size_t i = 0; i < u->nroles && n < max; i++) {
        const struct user_role *ur = &u->roles[i];
        if (!ur->org_id || ur->care_org || !owns_actions(ur->role) ||
            policy_scope(ur->role, ACT_OWN_ACTIONS) == SCOPE_NONE)
            continue;
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            dup |= out[k] == ur->org_id;
        if (!dup)
            out[n++] = ur->org_id;
    }
    return n;
}

bool partner_may_update_action(const struct user *u, int64_t owner_org_id)
{
    int64_t orgs[USER_MAX_ROLES];
    size_t n = partner_action_orgs(u, orgs, USER_MAX_ROLES);
    for (size_t i = 0; owner_org_id && i < n; i++)
        if (orgs[i] == owner_org_id)
            return true;
    return false;
}

int64_t partner_hours_org(const struct user *u, int64_t owner_org_id, const int64_t *coworkers,
                          size_t n)
{
    int64_t orgs[USER_MAX_ROLES];
    size_t no = partner_action_orgs(u, orgs, USER_MAX_ROLES);
    for (size_t i = 0; owner_org_id && i < no; i++)
        if (orgs[i] == owner_org_id)
            return owner_org_id;
    for (size_t i = 0; i < no; i++)
        for (size_t k = 0; k < n; k++)
            if (orgs[i] == coworkers[k])
                return orgs[i];
    return 0;
}

bool partner_may_change_hours(const struct user *u, int64_t entry_org_id, int64_t recorded_by)
{
    int64_t orgs[USER_MAX_ROLES];
    size_t no = partner_action_orgs(u, orgs, USER_MAX_ROLES);
    if (!no)
        return false; /* no longer works on actions at all */
    if (recorded_by && u->id == recorded_by)
        return true;
    for (size_t i = 0; i < no; i++)
        if (orgs[i] == entry_org_id)
            return true;
    return false;
}

const char *partner_hours_parse(const char *s, int *minutes)
{
    *minutes = 0;
    if (utf8_blank(s))
        return NULL;
    double h;
    if (!focus_parse_number(s, &h) || h < 0)
        return N_("Vul het aantal uren in als een getal, bijvoorbeeld 3 of 1,5.");
    if (h > PARTNER_HOURS_MAX)
        return N_("Vul hoogstens 1000 uur tegelijk in.");
    long m = lround(h * 60.0);
    if (m <= 0)
        return N_("Vul een aantal uren groter dan 0 in, of laat het veld leeg.");
    *minutes = (int)m;
    return NULL;
}

/* --- changes ------------------------------------------------------------------ */

static bool too_long(const char *s, size_t max)
{
    return s && utf8_len_chars(s, strlen(s)) > max;
}

/* The partner organisation with the id typed in s; 0 when s names none. */
static int64_t partner_org(db *d, arena *a, const char *s)
{
    char *end = NULL;
    long long id = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || id <= 0)
        return 0;
    const char *kind = NULL;
    if (user_org_kind(d, a, id, &kind) != DB_OK || !kind || strcmp(kind, "partner") != 0)
        return 0;
    return id;
}

static int audit(db *d, const struct user *u, const char *action, const char *entity, int64_t id,
                 json_t *before, json_t *after)
{
    char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *af = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc = audit_append(d, u->id, u->login, action, entity, id, b, af);
    free(b);
    free(af);
    json_decref(before);
    json_decref(after);
    return rc;
}

static bool keeps_register(const struct user *u)
{
    return u && !u->disabled && policy_allows(u, ACT_PARTNER_REGISTER, NULL);
}

static enum partner_result finish(db *d, int rc)
{
    if (rc != DB_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return PARTNER_ERROR;
    }
    return PARTNER_OK;
}

/* The wijk (into *area_id), name and role of a person as added or changed. */
static void check_person(db *d, arena *a, const struct partner_person_input *in, const char *today,
                         int64_t *area_id, struct partner_problems *pr)
{
    struct wijk w;
    if (utf8_blank(in->wijk) || area_get_wijk(d, a, in->wijk, today, 0, &w) != DB_OK)
        problem(pr, "wijk", N_("Kies de wijk waar deze persoon werkt."));
    else
        *area_id = w.id;
    if (utf8_blank(in->name))
        problem(pr, "name", N_("Vul de naam in."));
    else if (too_long(in->name, PARTNER_NAME_MAX))
        problem(pr, "name", N_("Een naam heeft hoogstens 120 tekens."));
    if (too_long(in->role, PARTNER_NAME_MAX))
        problem(pr, "role", N_("Een rol heeft hoogstens 120 tekens."));
}

enum partner_result partner_person_add(db *d, arena *a, const struct user *u,
                                       const struct partner_person_input *in, const char *today,
                                       int64_t now, struct partner_problems *pr)
{
    pr->n = 0;
    if (!keeps_register(u))
        return PARTNER_FORBIDDEN;
    struct partner_person_row p = {0};
    if (!(p.org_id = partner_org(d, a, in->org)))
        problem(pr, "org", N_("Kies de partnerorganisatie."));
    check_person(d, a, in, today, &p.area_id, pr);
    if (!focus_valid_date(in->started_on))
        problem(pr, "started",
                N_("Vul de datum in waarop deze persoon begon, bijvoorbeeld "
                   "01-03-2025."));
    bool ended = !utf8_blank(in->ended_on);
    if (ended && !focus_valid_date(in->ended_on))
        problem(pr, "ended",
                N_("De einddatum moet een bestaande datum zijn, bijvoorbeeld "
                   "31-12-2025, of leeg."));
    else if (ended && focus_valid_date(in->started_on) && strcmp(in->ended_on, in->started_on) < 0)
        problem(pr, "ended", N_("De einddatum kan niet voor de begindatum liggen."));
    if (pr->n)
        return PARTNER_INVALID;
    p.name = in->name;
    p.role = in->role ? in->role : "";
    p.started_on = in->started_on;
    p.ended_on = ended ? in->ended_on : NULL;
    p.consent = in->consent;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    int64_t id = 0;
    int rc = partner_person_insert(d, &p, u->id, now, &id);
    /* the audit keeps the facts of the register, not the person's name */
    if (rc == DB_OK)
        rc = audit(d, u, "partner_person_add", "partner_person", id, NULL,
                   json_pack("{s:I,s:I,s:s,s:s?,s:b}", "org_id", (json_int_t)p.org_id, "area_id",
                             (json_int_t)p.area_id, "started_on", p.started_on, "ended_on",
                             p.ended_on, "public_consent", p.consent));
    return finish(d, rc);
}

enum partner_result partner_person_update(db *d, arena *a, const struct user *u, int64_t id,
                                          const char *ended_on, bool consent, int64_t now,
                                          struct partner_problems *pr)
{
    pr->n = 0;
    if (!keeps_register(u))
        return PARTNER_FORBIDDEN;
    struct partner_person_row p;
    int rc = partner_person_get(d, a, id, &p);
    if (rc == DB_NOTFOUND)
        return PARTNER_NOT_FOUND;
    if (rc != DB_OK)
        return PARTNER_ERROR;
    bool ended = !utf8_blank(ended_on);
    if (ended && !focus_valid_date(ended_on))
        problem(pr, "ended",
                N_("De einddatum moet een bestaande datum zijn, bijvoorbeeld "
                   "31-12-2025, of leeg."));
    else if (ended && strcmp(ended_on, p.started_on) < 0)
        problem(pr, "ended", N_("De einddatum kan niet voor de begindatum liggen."));
    if (pr->n)
        return PARTNER_INVALID;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    rc = partner_person_set(d, id, ended ? ended_on : NULL, consent, u->id, now);
    if (rc == DB_OK)
        rc = audit(d, u, "partner_person_change", "partner_person", id,
                   json_pack("{s:s?,s:b}", "ended_on", p.ended_on, "public_consent", p.consent),
                   json_pack("{s:s?,s:b}", "ended_on", ended ? ended_on : NULL, "public_consent",
                             consent));
    return finish(d, rc);
}

enum partner_result partner_person_change(db *d, arena *a, const struct user *u, int64_t id,
                                          const struct partner_person_input *in, const char *today,
                                          int64_t now, struct partner_problems *pr)
{
    pr->n = 0;
    if (!keeps_register(u))
        return PARTNER_FORBIDDEN;
    struct partner_person_row p;
    int rc = partner_person_get(d, a, id, &p);
    if (rc == DB_NOTFOUND)
        return PARTNER_NOT_FOUND;
    if (rc != DB_OK)
        return PARTNER_ERROR;
    struct partner_person_row neu = p;
    check_person(d, a, in, today, &neu.area_id, pr);
    bool ended = !utf8_blank(in->ended_on);
    if (ended && !focus_valid_date(in->ended_on))
        problem(pr, "ended",
                N_("De einddatum moet een bestaande datum zijn, bijvoorbeeld "
                   "31-12-2025, of leeg."));
    else if (ended && strcmp(in->ended_on, p.started_on) < 0)
        problem(pr, "ended", N_("De einddatum kan niet voor de begindatum liggen."));
    if (pr->n)
        return PARTNER_INVALID;
    neu.name = in->name;
    neu.role = in->role ? in->role : "";
    neu.ended_on = ended ? in->ended_on : NULL;
    neu.consent = in->consent;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    rc = partner_person_set_all(d, &neu, u->id, now);
    /* the audit keeps the facts of the register, not the person's name or
     * role: of those only whether they changed */
    if (rc == DB_OK)
        rc = audit(d, u, "partner_person_change", "partner_person", id,
                   json_pack("{s:I,s:s?,s:b}", "area_id", (json_int_t)p.area_id, "ended_on",
                             p.ended_on, "public_consent", p.consent),
                   json_pack("{s:I,s:s?,s:b,s:b,s:b}", "area_id", (json_int_t)neu.area_id,
                             "ended_on", neu.ended_on, "public_consent", neu.consent,
                             "name_changed", strcmp(p.name, neu.name) != 0, "role_changed",
                             strcmp(p.role ? p.role : "", neu.role) != 0));
    return finish(d, rc);
}

/* The checks of an agreement's form (the organisation aside) into g. */
static void check_agreement(db *d, const struct partner_agreement_input *in,
                            struct partner_agreement_row *g, struct partner_problems *pr)
{
    if (!utf8_blank(in->category)) {
        char *end = NULL;
        long long c = strtoll(in->category, &end, 10);
        if (*end || c <= 0 || partner_is_main_category(d, c) != 1)
            problem(pr, "category", N_("Kies een soort zaken uit de lijst."));
        else
            g->category_id = c;
    }
    if (!in->told || (strcmp(in->told, "inhoud") != 0 && strcmp(in->told, "contact") != 0))
        problem(pr, "told", N_("Kies wat de partner te horen krijgt."));
    if (!focus_valid_date(in->valid_from))
        problem(pr, "from",
                N_("Vul de datum in vanaf wanneer de afspraak geldt, bijvoorbeeld "
                   "01-01-2026."));
    if (!focus_valid_date(in->valid_until))
        problem(pr, "until",
                N_("Vul de laatste dag in waarop de afspraak geldt, bijvoorbeeld "
                   "31-12-2026."));
    else if (focus_valid_date(in->valid_from) && strcmp(in->valid_until, in->valid_from) < 0)
        problem(pr, "until", N_("De afspraak kan niet eindigen voordat hij begint."));
    if (too_long(in->note, PARTNER_NOTE_MAX))
        problem(pr, "note", N_("Een toelichting heeft hoogstens 500 tekens."));
    g->told = in->told;
    g->valid_from = in->valid_from;
    g->valid_until = in->valid_until;
    g->note = in->note ? in->note : "";
}

static json_t *agreement_json(const struct partner_agreement_row *g)
{
    return json_pack("{s:I,s:I,s:s,s:s,s:s}", "org_id", (json_int_t)g->org_id, "category_id",
                     (json_int_t)g->category_id, "told", g->told, "valid_from", g->valid_from,
                     "valid_until", g->valid_until);
}

enum partner_result partner_agreement_add(db *d, arena *a, const struct user *u,
                                          const struct partner_agreement_input *in, int64_t now,
                                          struct partner_problems *pr)
{
    pr->n = 0;
    if (!keeps_register(u))
        return PARTNER_FORBIDDEN;
    struct partner_agreement_row g = {0};
    if (!(g.org_id = partner_org(d, a, in->org)))
        problem(pr, "org", N_("Kies de partnerorganisatie."));
    check_agreement(d, in, &g, pr);
    if (pr->n)
        return PARTNER_INVALID;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    int64_t id = 0;
    int rc = partner_agreement_insert(d, &g, u->id, now, &id);
    if (rc == DB_OK)
        rc =
            audit(d, u, "partner_agreement_add", "partner_agreement", id, NULL, agreement_json(&g));
    return finish(d, rc);
}

enum partner_result partner_agreement_update(db *d, arena *a, const struct user *u, int64_t id,
                                             const struct partner_agreement_input *in, bool end_now,
                                             const char *today, int64_t now,
                                             struct partner_problems *pr)
{
    pr->n = 0;
    if (!keeps_register(u))
        return PARTNER_FORBIDDEN;
    struct partner_agreement_row old;
    int rc = partner_agreement_get(d, a, id, &old);
    if (rc == DB_NOTFOUND)
        return PARTNER_NOT_FOUND;
    if (rc != DB_OK)
        return PARTNER_ERROR;
    struct partner_agreement_row g = {.id = id, .org_id = old.org_id};
    char yesterday[CAL_DATE_LEN];
    struct partner_agreement_input ended = *in;
    if (end_now) {
        /* ended at once: yesterday was its last day, so no referral from today
         * (one that had not begun yet ends before it began: both yesterday) */
        cal_date t = CAL_INVALID;
        if (!today || cal_parse_date(today, strlen(today), &t) != 0 ||
            cal_format_date(cal_add_calendar_days(t, -1), yesterday) != 0)
            return PARTNER_ERROR;
        ended.category = old.category_id ? arena_printf(a, "%lld", (long long)old.category_id) : "";
        ended.told = old.told;
        ended.note = old.note;
        ended.valid_from = strcmp(old.valid_from, yesterday) > 0 ? yesterday : old.valid_from;
        ended.valid_until = strcmp(old.valid_until, yesterday) < 0 ? old.valid_until : yesterday;
        in = &ended;
    }
    check_agreement(d, in, &g, pr);
    if (pr->n)
        return PARTNER_INVALID;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    rc = partner_agreement_set(d, &g, u->id, now);
    if (rc == DB_OK)
        rc = audit(d, u, end_now ? "partner_agreement_end" : "partner_agreement_change",
                   "partner_agreement", id, agreement_json(&old), agreement_json(&g));
    return finish(d, rc);
}

static const char *const org_types[] = {"police", "youth work", "welfare",  "housing corporation",
                                        "care",   "fund",       "business", "residents group"};

bool partner_org_type_ok(const char *type)
{
    if (utf8_blank(type))
        return true;
    for (size_t i = 0; i < sizeof org_types / sizeof org_types[0]; i++)
        if (strcmp(type, org_types[i]) == 0)
            return true;
    return false;
}

/* The checks of an organisation's form. */
static void check_org(const struct partner_org_input *in, struct partner_problems *pr)
{
    if (utf8_blank(in->name))
        problem(pr, "name", N_("Vul de naam van de organisatie in."));
    else if (too_long(in->name, PARTNER_NAME_MAX))
        problem(pr, "name", N_("Een naam heeft hoogstens 120 tekens."));
    if (!partner_org_type_ok(in->type))
        problem(pr, "type", N_("Kies het soort organisatie uit de lijst."));
    if (too_long(in->description, PARTNER_NOTE_MAX))
        problem(pr, "description", N_("Een omschrijving heeft hoogstens 500 tekens."));
    if (!utf8_blank(in->email) &&
        (too_long(in->email, 254) || !strchr(in->email, '@') || strpbrk(in->email, " \t\r\n")))
        problem(pr, "email",
                N_("Vul een e-mailadres in zoals info@voorbeeld.nl, of laat het leeg."));
    if (too_long(in->phone, 40))
        problem(pr, "phone", N_("Een telefoonnummer heeft hoogstens 40 tekens."));
    if (!utf8_blank(in->website) &&
        (too_long(in->website, 300) ||
         (strncmp(in->website, "https://", 8) != 0 && strncmp(in->website, "http://", 7) != 0)))
        problem(pr, "website", N_("Vul een website in die begint met https://, of laat het leeg."));
}

enum partner_result partner_org_update(db *d, arena *a, const struct user *u, int64_t id,
                                       const struct partner_org_input *in, int64_t now,
                                       struct partner_problems *pr)
{
    (void)now;
    pr->n = 0;
    if (!keeps_register(u))
        return PARTNER_FORBIDDEN;
    struct partner_org_row old;
    int rc = partner_org_get(d, a, id, &old);
    if (rc == DB_NOTFOUND)
        return PARTNER_NOT_FOUND;
    if (rc != DB_OK)
        return PARTNER_ERROR;
    check_org(in, pr);
    if (pr->n)
        return PARTNER_INVALID;
    struct partner_org_row o = {.id = id,
                                .name = in->name,
                                .type = in->type,
                                .description = in->description,
                                .email = in->email,
                                .phone = in->phone,
                                .website = in->website};
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    rc = partner_org_set(d, &o);
    if (rc == DB_CONSTRAINT) {
        db_rollback(d);
        problem(pr, "name", N_("Er is al een organisatie met deze naam."));
        return PARTNER_INVALID;
    }
    /* the organisation's facts; of its contact details only which changed */
#define CHANGED(f) (strcmp(old.f ? old.f : "", in->f ? in->f : "") != 0)
    if (rc == DB_OK)
        rc = audit(d, u, "partner_org_change", "organisation", id,
                   json_pack("{s:s,s:s?}", "name", old.name, "type", old.type),
                   json_pack("{s:s,s:s?,s:b,s:b,s:b,s:b}", "name", in->name, "type",
                             utf8_blank(in->type) ? NULL : in->type, "description_changed",
                             CHANGED(description), "email_changed", CHANGED(email), "phone_changed",
                             CHANGED(phone), "website_changed", CHANGED(website)));
#undef CHANGED
    return finish(d, rc);
}

enum partner_result partner_org_add(db *d, arena *a, const struct user *u,
                                    const struct partner_org_input *in, int64_t now,
                                    struct partner_problems *pr, int64_t *id)
{
    (void)a;
    (void)now;
    pr->n = 0;
    if (!keeps_register(u))
        return PARTNER_FORBIDDEN;
    check_org(in, pr);
    if (pr->n)
        return PARTNER_INVALID;
    struct partner_org_row o = {.name = in->name,
                                .type = in->type,
                                .description = in->description,
                                .email = in->email,
                                .phone = in->phone,
                                .website = in->website};
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    int64_t nid = 0;
    int rc = partner_org_insert(d, &o, &nid);
    if (rc == DB_CONSTRAINT) {
        db_rollback(d);
        problem(pr, "name", N_("Er is al een organisatie met deze naam."));
        return PARTNER_INVALID;
    }
    /* an organisation's name and kind are no personal data; its contact
     * details are recorded only as given or not */
    if (rc == DB_OK)
        rc = audit(d, u, "partner_org_add", "organisation", nid, NULL,
                   json_pack("{s:s,s:s?,s:b,s:b,s:b}", "name", in->name, "type",
                             utf8_blank(in->type) ? NULL : in->type, "email_given",
                             !utf8_blank(in->email), "phone_given", !utf8_blank(in->phone),
                             "website_given", !utf8_blank(in->website)));
    enum partner_result res = finish(d, rc);
    if (res == PARTNER_OK && id)
        *id = nid;
    return res;
}

int partner_hours_year_closed(db *d, const char *worked_on, bool *closed)
{
    *closed = false;
    int year = 0;
    for (int i = 0; worked_on && i < 4 && worked_on[i] >= '0' && worked_on[i] <= '9'; i++)
        year = year * 10 + (worked_on[i] - '0');
    if (year < 1000)
        return 0;
    return mon_year_closed(d, year, closed) == DB_OK ? 0 : -1;
}

/* A day in a closed year for new hours: a problem at the day. 0, or -1 on a
 * store error. */
static int closed_day_problem(db *d, const char *worked_on, struct partner_problems *pr)
{
    bool closed = false;
    if (partner_hours_year_closed(d, worked_on, &closed) != 0)
        return -1;
    if (closed)
        problem(pr, "worked",
                N_("Dat jaar is afgesloten: de cijfers ervan liggen vast. Vul een dag in van een "
                   "jaar dat nog open is."));
    return 0;
}

enum partner_result partner_action_update(db *d, arena *a, const struct user *u, int64_t action_id,
                                          const struct partner_action_update *in, const char *today,
                                          int64_t now, struct partner_problems *pr)
{
    pr->n = 0;
    if (!u || u->disabled)
        return PARTNER_FORBIDDEN;
    struct focus_act x;
    int64_t fid = 0;
    int rc = focus_action_get(d, a, action_id, &x, &fid);
    if (rc == DB_NOTFOUND)
        return PARTNER_NOT_FOUND;
    if (rc != DB_OK)
        return PARTNER_ERROR;
    /* another organisation's action does not exist for this user */
    if (!partner_may_update_action(u, x.owner_org_id))
        return PARTNER_NOT_FOUND;
    if (!in->status || !focus_label(focus_action_statuses, in->status))
        problem(pr, "status", N_("Kies de stand van de actie."));
    if (too_long(in->note, FOCUS_TEXT_MAX))
        problem(pr, "note", N_("Een toelichting heeft hoogstens 4000 tekens."));
    int minutes = 0;
    const char *hp = partner_hours_parse(in->hours, &minutes);
    if (hp)
        problem(pr, "hours", hp);
    if (minutes && !focus_valid_date(in->worked_on))
        problem(pr, "worked",
                N_("Vul de datum in waarop de uren zijn besteed, bijvoorbeeld "
                   "15-04-2026."));
    else if (minutes && strcmp(in->worked_on, today) > 0)
        problem(pr, "worked", N_("De uren kunnen niet na vandaag besteed zijn."));
    if (!pr->n && minutes && closed_day_problem(d, in->worked_on, pr) != 0)
        return PARTNER_ERROR;
    if (pr->n)
        return PARTNER_INVALID;
    const char *before = x.status;
    bool done = strcmp(in->status, "gereed") == 0;
    struct focus_act neu = x;
    neu.status = in->status;
    neu.notes = utf8_blank(in->note) ? x.notes : in->note;
    neu.done_on = done ? (x.done_on ? x.done_on : today) : NULL;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    rc = focus_action_update(d, &neu, now);
    if (rc == DB_OK && minutes)
        rc = action_hours_insert(d, action_id, x.owner_org_id, in->worked_on, minutes, NULL, u->id,
                                 now);
    if (rc == DB_OK)
        rc = audit(d, u, "action_update", "focus_action", action_id,
                   json_pack("{s:s}", "status", before),
                   json_pack("{s:s,s:i}", "status", neu.status, "minutes", minutes));
    return finish(d, rc);
}

/* --- hours ------------------------------------------------------------------------ */

/* Hours and their day as typed for an entry: both needed. */
static int entry_check(const char *hours, const char *worked_on, const char *today,
                       struct partner_problems *pr)
{
    int minutes = 0;
    const char *hp = partner_hours_parse(hours, &minutes);
    if (hp)
        problem(pr, "hours", hp);
    else if (!minutes)
        problem(pr, "hours", N_("Vul het aantal uren in, bijvoorbeeld 3 of 1,5."));
    if (!focus_valid_date(worked_on))
        problem(pr, "worked",
                N_("Vul de datum in waarop de uren zijn besteed, bijvoorbeeld "
                   "15-04-2026."));
    else if (strcmp(worked_on, today) > 0)
        problem(pr, "worked", N_("De uren kunnen niet na vandaag besteed zijn."));
    return minutes;
}

/* An entry as the audit keeps it: the organisation, the day and the
 * minutes, never who or a note. */
static json_t *entry_json(int64_t org_id, const char *worked_on, int64_t minutes)
{
    return json_pack("{s:I,s:s,s:I}", "org", (json_int_t)org_id, "worked_on", worked_on, "minutes",
                     (json_int_t)minutes);
}

enum partner_result partner_hours_add(db *d, arena *a, const struct user *u, int64_t action_id,
                                      const char *hours, const char *worked_on, const char *today,
                                      int64_t now, struct partner_problems *pr)
{
    pr->n = 0;
    if (!u || u->disabled)
        return PARTNER_FORBIDDEN;
    struct focus_act x;
    int64_t fid = 0, *co = NULL;
    size_t nco = 0;
    int rc = focus_action_get(d, a, action_id, &x, &fid);
    if (rc == DB_NOTFOUND)
        return PARTNER_NOT_FOUND;
    if (rc != DB_OK || action_coworkers(d, a, action_id, &co, &nco) != DB_OK)
        return PARTNER_ERROR;
    /* an action u's organisation neither owns nor works on does not exist
     * for u */
    int64_t org = partner_hours_org(u, x.owner_org_id, co, nco);
    if (!org)
        return PARTNER_NOT_FOUND;
    int minutes = entry_check(hours, worked_on, today, pr);
    if (!pr->n && closed_day_problem(d, worked_on, pr) != 0)
        return PARTNER_ERROR;
    if (pr->n)
        return PARTNER_INVALID;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    rc = action_hours_insert(d, action_id, org, worked_on, minutes, NULL, u->id, now);
    int64_t hid = db_last_id(d);
    if (rc == DB_OK)
        rc = audit(d, u, "hours_add", "focus_action_hours", hid, NULL,
                   entry_json(org, worked_on, minutes));
    return finish(d, rc);
}

/* The entry hid if u may change it (else PARTNER_NOT_FOUND: another
 * organisation's hours do not exist for u); PARTNER_CLOSED, with *h read,
 * when it lies in a closed year. */
static enum partner_result changeable(db *d, arena *a, const struct user *u, int64_t hid,
                                      struct action_hours_entry *h)
{
    if (!u || u->disabled)
        return PARTNER_FORBIDDEN;
    int rc = action_hours_get(d, a, hid, h);
    if (rc == DB_NOTFOUND)
        return PARTNER_NOT_FOUND;
    if (rc != DB_OK)
        return PARTNER_ERROR;
    if (!partner_may_change_hours(u, h->org_id, h->created_by))
        return PARTNER_NOT_FOUND;
    bool closed = false;
    if (partner_hours_year_closed(d, h->worked_on, &closed) != 0)
        return PARTNER_ERROR;
    return closed ? PARTNER_CLOSED : PARTNER_OK;
}

enum partner_result partner_hours_get(db *d, arena *a, const struct user *u, int64_t hid,
                                      struct action_hours_entry *out)
{
    return changeable(d, a, u, hid, out);
}

enum partner_result partner_hours_change(db *d, arena *a, const struct user *u, int64_t hid,
                                         const char *hours, const char *worked_on,
                                         const char *today, int64_t now,
                                         struct partner_problems *pr)
{
    pr->n = 0;
    struct action_hours_entry h;
    enum partner_result res = changeable(d, a, u, hid, &h);
    if (res != PARTNER_OK)
        return res;
    int minutes = entry_check(hours, worked_on, today, pr);
    if (!pr->n && closed_day_problem(d, worked_on, pr) != 0)
        return PARTNER_ERROR;
    if (pr->n)
        return PARTNER_INVALID;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    int rc = action_hours_update(d, hid, worked_on, minutes);
    if (rc == DB_OK)
        rc = audit(d, u, "hours_change", "focus_action_hours", hid,
                   entry_json(h.org_id, h.worked_on, h.minutes),
                   entry_json(h.org_id, worked_on, minutes));
    (void)now;
    return finish(d, rc);
}

enum partner_result partner_hours_remove(db *d, arena *a, const struct user *u, int64_t hid,
                                         int64_t now)
{
    struct action_hours_entry h;
    enum partner_result res = changeable(d, a, u, hid, &h);
    if (res != PARTNER_OK)
        return res;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    int rc = action_hours_delete(d, hid);
    if (rc == DB_OK)
        rc = audit(d, u, "hours_remove", "focus_action_hours", hid,
                   entry_json(h.org_id, h.worked_on, h.minutes), NULL);
    (void)now;
    return finish(d, rc);
}

/* --- referrals of signals to partners ------------------------------------------ */

const char *const partner_referral_explanation =
    N_("Doorgegeven aan een partnerorganisatie, die de melding verder behandelt.");

/* The organisation's agreements as the check sees them. */
static int agreements_of(db *d, arena *a, int64_t org_id, struct partner_agreement_view **out,
                         size_t *n)
{
    struct partner_agreement_row *g = NULL;
    size_t ng = 0;
    if (partner_agreement_list(d, a, org_id, &g, &ng) != DB_OK)
        return DB_ERROR;
    struct partner_agreement_view *v = arena_calloc(a, ng ? ng : 1, sizeof *v);
    if (!v)
        return DB_ERROR;
    for (size_t i = 0; i < ng; i++)
        v[i] = (struct partner_agreement_view){g[i].org_id, g[i].category_id,
                                               strcmp(g[i].told, "contact") == 0, g[i].valid_from,
                                               g[i].valid_until};
    *out = v;
    *n = ng;
    return DB_OK;
}

const char *partner_work_refusal(db *d, arena *a, int64_t org_id, int64_t main_category_id,
                                 bool confidential, const char *today)
{
    const char *kind = NULL;
    if (!org_id || user_org_kind(d, a, org_id, &kind) != DB_OK || !kind)
        return N_("Kies een partnerorganisatie.");
    if (strcmp(kind, "partner") != 0)
        return NULL; /* a department or the care network: no agreement needed */
    struct partner_agreement_view *v;
    size_t nv;
    if (agreements_of(d, a, org_id, &v, &nv) != DB_OK)
        return N_("Er ging iets mis. Probeer het opnieuw.");
    enum partner_cover c =
        partner_agreement_covers(v, nv, org_id, main_category_id, confidential, today, NULL);
    if (main_category_id != PARTNER_ANY_CASE || c == COVER_OK || c == COVER_CONFIDENTIAL)
        return partner_cover_message(c);
    /* an action is not one kind of case: say what is missing as such */
    switch (c) {
    case COVER_EXPIRED:
        return N_("De afspraak (convenant) met deze partner is verlopen. Leg eerst een nieuwe "
                  "afspraak vast in het partnerregister, of kies een andere uitvoerder.");
    case COVER_NOT_YET:
        return N_("De afspraak (convenant) met deze partner geldt vandaag nog niet. Kies een "
                  "andere uitvoerder of wacht tot de afspraak ingaat.");
    default:
        return N_("Met deze partner is geen afspraak (convenant) vastgelegd die vandaag geldt. "
                  "Leg eerst een afspraak vast in het partnerregister, of kies een andere "
                  "uitvoerder.");
    }
}

bool partner_referral_shows_contact(db *d, arena *a, int64_t org_id, int64_t main_category_id,
                                    bool consent, bool confidential, const char *today)
{
    struct partner_agreement_view *v;
    size_t n;
    bool contact = false;
    if (!consent || confidential || agreements_of(d, a, org_id, &v, &n) != DB_OK)
        return false;
    return partner_agreement_covers(v, n, org_id, main_category_id, false, today, &contact) ==
               COVER_OK &&
           contact;
}

int partner_referral_default_due(const char *today, char out[static 11])
{
    cal_date t = CAL_INVALID;
    if (!today || cal_parse_date(today, strlen(today), &t) != 0)
        return -1;
    cal_date due = cal_add_working_days(NULL, t, PARTNER_REFERRAL_TERM_DAYS);
    return due == CAL_INVALID || cal_format_date(due, out) != 0 ? -1 : 0;
}

bool partner_referral_overdue(const char *status, const char *due_on, const char *today)
{
    return status && strcmp(status, "open") == 0 && due_on && today && strcmp(due_on, today) < 0;
}

/* "2026-04-15" as people write it, "15-04-2026" (mails are in Dutch). */
static const char *dmy(arena *a, const char *iso)
{
    if (!iso || strlen(iso) != 10)
        return iso ? iso : "";
    return arena_printf(a, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
}

/* Tells the partner's accounts of a new referral (in the caller's
 * transaction). Only what identifies the work: never the reporter, nor the
 * description (which the reporter wrote); they read it logged in. */
static int mail_partner(db *d, arena *a, int64_t org, const char *org_name, const struct signal *s,
                        int64_t rid, const char *due_on, int64_t now, const char *base_url)
{
    const char **to = NULL;
    size_t n = 0;
    if (partner_org_mail_list(d, a, org, &to, &n) != DB_OK)
        return DB_ERROR;
    const char *body = arena_printf(
        a,
        "Beste collega's van %s,\n\n"
        "De gemeente heeft melding %lld (%s%s%s) naar uw organisatie verwezen.\n"
        "Graag uw antwoord uiterlijk op %s: gedaan, of teruggegeven aan de gemeente.\n\n"
        "Wat er gevraagd wordt en wat u van de melding mag weten, leest u na het inloggen:\n"
        "%s/werk/acties#verwijzing-%lld\n\n"
        "Dit bericht bevat met opzet geen gegevens van de melder.\n\n"
        "Gemeente Zoetermeer\n",
        org_name ? org_name : "", (long long)s->id, s->category_name ? s->category_name : "",
        s->wijk_name ? ", " : "", s->wijk_name ? s->wijk_name : "", dmy(a, due_on),
        base_url ? base_url : "", (long long)rid);
    const char *subject = arena_printf(a, "Nieuwe verwijzing: melding %lld", (long long)s->id);
    for (size_t i = 0; i < n; i++) {
        if (!mail_address_ok(to[i]))
            continue;
        struct outbox_new m = {.to_addr = to[i],
                               .subject = subject,
                               .body = body,
                               .kind = "partner_referral",
                               .ref = rid};
        int64_t mid;
        if (!body || !subject || outbox_enqueue(d, now, &m, &mid) != DB_OK)
            return DB_ERROR;
    }
    return DB_OK;
}

enum partner_result partner_refer(db *d, arena *a, const struct user *u, int64_t signal_id,
                                  const struct partner_referral_input *in, const char *today,
                                  int64_t now, const char *base_url, struct partner_problems *pr,
                                  int64_t *id)
{
    pr->n = 0;
    struct signal s;
    int rc = signal_get(d, a, signal_id, &s);
    if (rc == DB_NOTFOUND)
        return PARTNER_NOT_FOUND;
    if (rc != DB_OK)
        return PARTNER_ERROR;
    if (!signal_may_handle(d, u, &s))
        return PARTNER_FORBIDDEN;
    int64_t org = partner_org(d, a, in->org);
    if (!org)
        problem(pr, "org", N_("Kies een partnerorganisatie."));
    if (utf8_blank(in->what))
        problem(pr, "what", N_("Schrijf wat de partner moet doen."));
    else if (too_long(in->what, FOCUS_TEXT_MAX))
        problem(pr, "what", N_("Een toelichting heeft hoogstens 4000 tekens."));
    char due[CAL_DATE_LEN];
    if (utf8_blank(in->due_on)) {
        if (partner_referral_default_due(today, due) != 0)
            return PARTNER_ERROR;
    } else if (!focus_valid_date(in->due_on)) {
        problem(pr, "due",
                N_("Vul de datum in waarop de partner uiterlijk antwoordt, bijvoorbeeld "
                   "15-04-2026."));
    } else if (strcmp(in->due_on, today) < 0) {
        problem(pr, "due",
                N_("De partner kan niet voor vandaag antwoorden. Kies vandaag of later."));
    } else {
        snprintf(due, sizeof due, "%s", in->due_on);
    }
    if (s.closed_at || s.merged_into)
        problem(pr, "org", N_("Een afgehandelde melding gaat niet meer naar een partner."));
    if (pr->n)
        return PARTNER_INVALID;
    struct category c;
    if (category_get(d, a, s.category_id, &c) != DB_OK)
        return PARTNER_ERROR;
    struct category mc = c;
    if (c.parent_id && category_get(d, a, c.parent_id, &mc) != DB_OK)
        return PARTNER_ERROR;
    bool confidential =
        s.confidential || s.intake_confidential || c.confidential || mc.confidential;
    struct partner_agreement_view *v;
    size_t nv;
    if (agreements_of(d, a, org, &v, &nv) != DB_OK)
        return PARTNER_ERROR;
    enum partner_cover cover =
        partner_agreement_covers(v, nv, org, mc.id, confidential, today, NULL);
    if (cover != COVER_OK) {
        problem(pr, "org", partner_cover_message(cover));
        return PARTNER_INVALID;
    }
    /* the public side: passed on, still open for us (Open311 in_progress) */
    bool pass = strcmp(s.status, "doorgezet") != 0;
    if (pass && !signal_transition_allowed(s.status, "doorgezet")) {
        problem(pr, "org",
                N_("In deze stand kan de melding niet naar een partner. Zet de "
                   "melding eerst in behandeling."));
        return PARTNER_INVALID;
    }
    const char *org_name = NULL;
    struct partner_org_row o;
    if (partner_org_get(d, a, org, &o) == DB_OK)
        org_name = o.name;
    /* the status, the referral, its note and the mails: all or nothing */
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    int64_t rid = 0;
    rc = pass && signal_status_in_tx(d, a, &s, u->id, "doorgezet", NULL,
                                     partner_referral_explanation, now, base_url) != 0
             ? DB_ERROR
             : DB_OK;
    if (rc == DB_OK)
        rc = partner_referral_insert(d, signal_id, org, in->what, in->consent, due, u->id, now,
                                     &rid);
    if (rc == DB_OK)
        rc = signal_add_event(
            d, signal_id, now, u->id, "note", NULL, NULL, 0, 0,
            arena_printf(a, "Verwezen naar %s (verwijzing %lld, antwoord uiterlijk %s)%s: %s",
                         org_name ? org_name : "", (long long)rid, dmy(a, due),
                         in->consent ? ", de melder stemt in met het doorgeven van contactgegevens"
                                     : "",
                         in->what),
            0);
    if (rc == DB_OK)
        rc = mail_partner(d, a, org, org_name, &s, rid, due, now, base_url);
    if (finish(d, rc) != PARTNER_OK)
        return PARTNER_ERROR;
    if (id)
        *id = rid;
    return PARTNER_OK;
}

const char *const partner_returned_explanation =
    N_("De partnerorganisatie heeft de melding teruggegeven. De gemeente behandelt hem weer.");
const char *const partner_done_explanation =
    N_("Afgehandeld: de partnerorganisatie heeft gedaan wat nodig was.");

/* The reporter's message when a partner has done what was asked. */
static const char *const partner_done_message =
    "Een partnerorganisatie heeft gedaan wat nodig was. Daarmee is uw melding afgehandeld.";

/* Tells the handler that a partner answered (in the caller's transaction):
 * the person the signal is in the name of, else who referred it. Not the
 * answer itself (the partner may have written about people): it is read
 * at the signal. */
static int mail_handler(db *d, arena *a, const struct partner_referral_row *x, bool done,
                        int64_t now, const char *base_url)
{
    int64_t who = x->signal_owner_user_id ? x->signal_owner_user_id : x->created_by;
    struct user_row h;
    if (!who)
        return DB_OK;
    int rc = user_row_by_id(d, a, who, &h);
    if (rc == DB_NOTFOUND)
        return DB_OK;
    if (rc != DB_OK)
        return DB_ERROR;
    if (h.disabled || !h.email || !mail_address_ok(h.email))
        return DB_OK;
    const char *body =
        arena_printf(a,
                     "Beste %s,\n\n"
                     "%s heeft verwijzing %lld van melding %lld %s.\n"
                     "Het antwoord leest u bij de melding:\n%s/werk/meldingen/%lld#verwijzingen\n\n"
                     "Gemeente Zoetermeer\n",
                     h.name ? h.name : h.login, x->org_name ? x->org_name : "", (long long)x->id,
                     (long long)x->signal_id,
                     done ? "gedaan" : "teruggegeven: de melding is weer bij u in behandeling",
                     base_url ? base_url : "", (long long)x->signal_id);
    const char *subject =
        arena_printf(a, "Antwoord van een partner: melding %lld", (long long)x->signal_id);
    struct outbox_new m = {.to_addr = h.email,
                           .subject = subject,
                           .body = body,
                           .kind = "partner_answer",
                           .ref = x->id};
    int64_t mid;
    return body && subject ? outbox_enqueue(d, now, &m, &mid) : DB_ERROR;
}

enum partner_result partner_referral_answer(db *d, arena *a, const struct user *u, int64_t id,
                                            const char *status, const char *answer, int64_t now,
                                            const char *base_url, struct partner_problems *pr)
{
    pr->n = 0;
    struct partner_referral_row x;
    int rc = partner_referral_get(d, a, id, &x);
    if (rc == DB_NOTFOUND)
        return PARTNER_NOT_FOUND;
    if (rc != DB_OK)
        return PARTNER_ERROR;
    /* another organisation's referral does not exist for this user */
    if (!u || !user_has_role(u, ROLE_PARTNER) || !partner_may_update_action(u, x.org_id))
        return PARTNER_NOT_FOUND;
    bool done = status && strcmp(status, "gedaan") == 0;
    if (!done && !(status && strcmp(status, "teruggegeven") == 0))
        problem(pr, "status", N_("Kies of de verwijzing gedaan is of dat u hem teruggeeft."));
    if (utf8_blank(answer))
        problem(pr, "answer",
                N_("Schrijf wat u hebt gedaan of waarom u de verwijzing "
                   "teruggeeft."));
    else if (too_long(answer, FOCUS_TEXT_MAX))
        problem(pr, "answer", N_("Een toelichting heeft hoogstens 4000 tekens."));
    if (strcmp(x.status, "open") != 0)
        problem(pr, "status", N_("Deze verwijzing is al afgesloten."));
    if (pr->n)
        return PARTNER_INVALID;
    struct signal s;
    if (signal_get(d, a, x.signal_id, &s) != DB_OK)
        return PARTNER_ERROR;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    rc = partner_referral_close(d, id, status, answer, u->id, now);
    if (rc == DB_OK)
        rc = signal_add_event(d, x.signal_id, now, u->id, "note", NULL, NULL, 0, 0,
                              arena_printf(a, "%s %s verwijzing %lld: %s", x.org_name,
                                           done ? "heeft afgerond" : "geeft terug", (long long)id,
                                           answer),
                              0);
    /* the signal leaves "doorgezet" once no partner holds it any more; one
     * that went to the care network since stays as it is there */
    int64_t still_open = 0;
    bool moves = false;
    if (rc == DB_OK)
        rc = partner_referral_open_count(d, x.signal_id, &still_open);
    if (rc == DB_OK && still_open == 0 && strcmp(s.status, "doorgezet") == 0 && !s.closed_at &&
        !s.confidential && !s.intake_confidential) {
        moves = true;
        if (signal_status_in_tx(d, a, &s, u->id, done ? "afgehandeld" : "in_behandeling",
                                done ? partner_done_message : NULL,
                                done ? partner_done_explanation : partner_returned_explanation, now,
                                base_url) != 0)
            rc = DB_ERROR;
    }
    if (rc == DB_OK)
        rc = mail_handler(d, a, &x, done, now, base_url);
    enum partner_result res = finish(d, rc);
    /* the last task of a split signal closes its parent */
    if (res == PARTNER_OK && moves && done && s.parent_id &&
        signal_task_closed(d, a, s.id, now, base_url) < 0)
        log_error("closing the parent of task %lld failed", (long long)s.id);
    return res;
}

/* --- sub-tasks given to a partner --------------------------------------------------- */

enum partner_result partner_task_update(db *d, arena *a, const struct user *u, int64_t id,
                                        const char *status, const char *note, int64_t now,
                                        const char *base_url, struct partner_problems *pr)
{
    pr->n = 0;
    struct signal s;
    int rc = signal_get(d, a, id, &s);
    if (rc == DB_NOTFOUND)
        return PARTNER_NOT_FOUND;
    if (rc != DB_OK)
        return PARTNER_ERROR;
    /* only a task of the partner's own organisation exists for them */
    if (!s.parent_id || !u || !user_has_role(u, ROLE_PARTNER) ||
        !partner_may_update_action(u, s.owner_org_id) || s.confidential || s.intake_confidential)
        return PARTNER_NOT_FOUND;
    bool done = status && strcmp(status, "afgehandeld") == 0;
    if (!done && !(status && strcmp(status, "in_behandeling") == 0))
        problem(pr, "status", N_("Kies of u de deeltaak oppakt of dat hij klaar is."));
    else if (s.closed_at)
        problem(pr, "status", N_("Deze deeltaak is al afgehandeld."));
    else if (strcmp(s.status, status) == 0)
        problem(pr, "status", N_("De deeltaak staat al zo."));
    else if (!signal_transition_allowed(s.status, status))
        problem(pr, "status", N_("Deze stand kan nu niet gekozen worden."));
    if (done && utf8_blank(note))
        problem(pr, "note", N_("Schrijf wat u hebt gedaan."));
    else if (too_long(note, FOCUS_TEXT_MAX))
        problem(pr, "note", N_("Een toelichting heeft hoogstens 4000 tekens."));
    if (pr->n)
        return PARTNER_INVALID;
    if (db_begin_write(d) != DB_OK)
        return PARTNER_ERROR;
    /* the task has no reporter of its own: its note is for the handler */
    rc = signal_status_in_tx(d, a, &s, u->id, status, NULL, NULL, now, base_url) == 0 ? DB_OK
                                                                                      : DB_ERROR;
    if (rc == DB_OK && !utf8_blank(note))
        rc = signal_add_event(d, id, now, u->id, "note", NULL, NULL, 0, 0, note, 0);
    enum partner_result res = finish(d, rc);
    /* the last task of a split signal closes its parent */
    if (res == PARTNER_OK && done && signal_task_closed(d, a, id, now, base_url) < 0)
        log_error("closing the parent of task %lld failed", (long long)id);
    return res;
}
