/*
 * wijkteam.c: the rules of the wijkteam and its meetings (wijkteam.h).
 */
#include "wijkteam.h"

#include "domain/calendar.h"
#include "domain/focus.h"
#include "domain/meeting.h"
#include "domain/partner.h"
#include "domain/policy.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"
#include "store/focus_store.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "store/partner_store.h"
#include "store/user_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct wijkteam_code wijkteam_attendances[] = {
    {"aanwezig", N_("Aanwezig")},
    {"afgemeld", N_("Afwezig met bericht")},
    {"afwezig", N_("Afwezig")},
    {NULL, NULL},
};

const struct wijkteam_code wijkteam_item_kinds[] = {
    {"onderwerp", N_("Onderwerp")},
    {"focuspunt", N_("Focuspunt")},
    {"melding", N_("Melding")},
    {"inventaris", N_("Uit de inventarisatie")},
    {"kennis", N_("Uit de kennis van de wijk")},
    {NULL, NULL},
};

const char *wijkteam_label(const struct wijkteam_code *list, const char *code)
{
    for (size_t i = 0; code && list[i].code; i++)
        if (strcmp(list[i].code, code) == 0)
            return list[i].label;
    return NULL;
}

static void problem(struct wijkteam_problems *pr, const char *field, const char *msgid)
{
    if (pr && pr->n < WIJKTEAM_MAX_PROBLEMS) {
        pr->p[pr->n].field = field;
        pr->p[pr->n].msgid = msgid;
        pr->n++;
    }
}

static bool too_long(const char *s, size_t max)
{
    return s && utf8_len_chars(s, strlen(s)) > max;
}

static int audit(db *d, const struct user *u, const char *action, const char *entity, int64_t id,
                 json_t *after)
{
    char *af = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc = audit_append(d, u ? u->id : 0, u ? u->login : "system", action, entity, id, NULL, af);
    free(af);
    json_decref(after);
    return rc;
}

static enum wijkteam_result finish(db *d, int rc)
{
    if (rc != DB_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return WIJKTEAM_ERROR;
    }
    return WIJKTEAM_OK;
}

/* --- rules without the database ----------------------------------------------- */

bool wijkteam_person_active(const char *started_on, const char *ended_on, const char *today)
{
    if (!started_on || !today || strcmp(started_on, today) > 0)
        return false;
    return !ended_on || !*ended_on || strcmp(ended_on, today) >= 0;
}

bool wijkteam_may_read(const struct user *u, const struct wijkteam_readers *r)
{
    if (!u || u->disabled || !r)
        return false;
    for (size_t i = 0; i < r->nusers; i++)
        if (r->user_ids[i] == u->id && !user_has_role(u, ROLE_BEWONER))
            return true;
    for (size_t k = 0; k < u->nroles; k++) {
        const struct user_role *ur = &u->roles[k];
        /* the region's staff: not its wijkwethouder or a council member */
        if (ur->role == ROLE_BEWONER || ur->role == ROLE_WIJKWETHOUDER || ur->role == ROLE_RAADSLID)
            continue;
        if (r->region_id && ur->region_id == r->region_id)
            return true;
        if (ur->role == ROLE_PARTNER && ur->org_id)
            for (size_t i = 0; i < r->norgs; i++)
                if (r->org_ids[i] == ur->org_id)
                    return true;
    }
    return false;
}

bool wijkteam_may_keep(const struct user *u, int64_t region_id)
{
    struct scope_target t = {.region_id = region_id};
    return u && region_id && policy_allows(u, ACT_WIJKTEAM_EDIT, &t);
}

const char *wijkteam_signal_refusal(bool found, bool in_wijk, bool confidential)
{
    if (!found)
        return N_("Er is geen melding met dit nummer.");
    if (confidential)
        return N_("Deze melding is vertrouwelijk of was bij het wijkzorgnetwerk: die komt nooit op "
                  "de agenda van het wijkteam.");
    if (!in_wijk)
        return N_("Deze melding ligt niet in de wijk van het wijkteam.");
    return NULL;
}

/* --- the team ------------------------------------------------------------------ */

static bool has_person(const struct wt_person_row *p, size_t n, int64_t person_id)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].person_id == person_id)
            return true;
    return false;
}

static bool has_user(const struct wt_person_row *p, size_t n, int64_t user_id)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].user_id == user_id)
            return true;
    return false;
}

/* Every chosen account must be staff of the region. */
static void check_staff(struct wijkteam_problems *pr, const struct wt_person_row *staff, size_t ns,
                        const int64_t *users, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!has_user(staff, ns, users[i])) {
            problem(pr, "users", N_("Kies medewerkers van de regio."));
            return;
        }
}

/* The people who may be chosen: active in the wijk today, staff of the
 * region. */
static int candidates(db *d, arena *a, int64_t area_id, int64_t region_id, const char *today,
                      struct wt_person_row **people, size_t *np, struct wt_person_row **staff,
                      size_t *ns)
{
    if (wt_active_people(d, a, area_id, today, people, np) != DB_OK ||
        wt_region_staff(d, a, region_id, staff, ns) != DB_OK)
        return DB_ERROR;
    return DB_OK;
}

static bool parse_frequency(const char *s, int *out)
{
    char *end = NULL;
    long v = s && *s ? strtol(s, &end, 10) : 0;
    if (!end || *end || v < 1 || v > WIJKTEAM_FREQUENCY_MAX)
        return false;
    *out = (int)v;
    return true;
}

enum wijkteam_result wijkteam_set(db *d, arena *a, const struct user *u, int64_t area_id,
                                  int64_t region_id, const struct wijkteam_input *in,
                                  const char *today, int64_t now, struct wijkteam_problems *pr)
{
    pr->n = 0;
    if (!wijkteam_may_keep(u, region_id))
        return WIJKTEAM_FORBIDDEN;
    struct wt_person_row *people, *staff;
    size_t np, ns;
    if (candidates(d, a, area_id, region_id, today, &people, &np, &staff, &ns) != DB_OK)
        return WIJKTEAM_ERROR;
    int freq = 0;
    if (!parse_frequency(in->frequency, &freq))
        problem(pr, "frequency",
                N_("Vul in hoe vaak het wijkteam per jaar vergadert: een getal van 1 tot en met "
                   "24."));
    for (size_t i = 0; i < in->npersons; i++)
        if (!has_person(people, np, in->persons[i])) {
            problem(pr, "persons",
                    N_("Kies leden uit de mensen die vandaag volgens het partnerregister in de "
                       "wijk werken."));
            break;
        }
    check_staff(pr, staff, ns, in->users, in->nusers);
    if (in->npersons + in->nusers == 0)
        problem(pr, "persons", N_("Kies ten minste één lid van het wijkteam."));
    if (pr->n)
        return WIJKTEAM_INVALID;
    if (db_begin_write(d) != DB_OK)
        return WIJKTEAM_ERROR;
    int rc = wt_team_set(d, area_id, freq, u->id, now);
    if (rc == DB_OK)
        rc = wt_members_clear(d, area_id);
    for (size_t i = 0; rc == DB_OK && i < in->npersons; i++)
        rc = wt_member_add(d, area_id, in->persons[i], 0);
    for (size_t i = 0; rc == DB_OK && i < in->nusers; i++)
        rc = wt_member_add(d, area_id, 0, in->users[i]);
    if (rc == DB_OK)
        rc = audit(d, u, "wijkteam_set", "wijkteam", area_id,
                   json_pack("{s:i,s:I,s:I}", "frequency", freq, "people", (json_int_t)in->npersons,
                             "staff", (json_int_t)in->nusers));
    return finish(d, rc);
}

/* --- meetings ------------------------------------------------------------------ */

static void meeting_times(const struct wijkteam_meeting_input *in, struct wijkteam_problems *pr,
                          int64_t *starts, int64_t *ends)
{
    cal_date day = CAL_INVALID;
    if (!in->date || cal_parse_date(in->date, strlen(in->date), &day) != 0)
        problem(pr, "date", N_("Vul een echte datum in, bijvoorbeeld 15-04-2026."));
    int32_t from = -1, to = -1;
    if (meeting_parse_time(in->start, &from) != 0)
        problem(pr, "start", N_("Vul de begintijd in zoals 19:30."));
    if (meeting_parse_time(in->end, &to) != 0)
        problem(pr, "end", N_("Vul de eindtijd in zoals 21:00."));
    else if (from >= 0 && to <= from)
        problem(pr, "end", N_("De eindtijd ligt na de begintijd, op dezelfde dag."));
    if (day != CAL_INVALID && from >= 0 && to > from &&
        (cal_to_unix(day, from, starts) != 0 || cal_to_unix(day, to, ends) != 0 ||
         *ends <= *starts))
        problem(pr, "end", N_("De eindtijd ligt na de begintijd, op dezelfde dag."));
}

enum wijkteam_result wijkteam_meeting_save(db *d, arena *a, const struct user *u, int64_t id,
                                           int64_t area_id, int64_t region_id,
                                           const struct wijkteam_meeting_input *in,
                                           const char *today, int64_t now,
                                           struct wijkteam_problems *pr, int64_t *out_id)
{
    pr->n = 0;
    if (!wijkteam_may_keep(u, region_id))
        return WIJKTEAM_FORBIDDEN;
    struct wt_meeting_row m = {.id = id, .area_id = area_id, .place = in->place};
    meeting_times(in, pr, &m.starts_at, &m.ends_at);
    if (utf8_blank(in->place))
        problem(pr, "place", N_("Vul de plaats in: het gebouw en het adres."));
    else if (too_long(in->place, WIJKTEAM_PLACE_MAX))
        problem(pr, "place", N_("Gebruik voor de plaats hoogstens 300 tekens."));
    struct wt_person_row *people, *staff, *members, *invited = NULL;
    size_t np, ns, nm, ninv = 0;
    if (candidates(d, a, area_id, region_id, today, &people, &np, &staff, &ns) != DB_OK ||
        wt_members(d, a, area_id, &members, &nm) != DB_OK)
        return WIJKTEAM_ERROR;
    if (id) {
        /* a change: of a planned meeting of this wijk only */
        struct wt_meeting_row old;
        int rc = wt_meeting_get(d, a, id, &old);
        if (rc == DB_NOTFOUND || (rc == DB_OK && old.area_id != area_id))
            return WIJKTEAM_NOT_FOUND;
        if (rc != DB_OK || wt_invitees(d, a, id, &invited, &ninv) != DB_OK)
            return WIJKTEAM_ERROR;
        if (old.held_at)
            problem(pr, "date",
                    N_("De vergadering is gehouden: datum, plaats en genodigden liggen vast."));
    }
    /* invitees: the composition, or people of the register in the wijk
     * today (or members, or invited already), and staff of the region */
    if (in->invitees_given) {
        for (size_t i = 0; i < in->npersons; i++)
            if (!has_person(people, np, in->persons[i]) &&
                !has_person(members, nm, in->persons[i]) &&
                !has_person(invited, ninv, in->persons[i])) {
                problem(pr, "persons",
                        N_("Nodig mensen uit die volgens het partnerregister in de wijk werken."));
                break;
            }
        check_staff(pr, staff, ns, in->users, in->nusers);
        if (in->npersons + in->nusers == 0)
            problem(pr, "persons", N_("Nodig ten minste één persoon uit."));
    } else if (nm == 0) {
        problem(pr, "persons",
                N_("Het wijkteam heeft nog geen leden: stel eerst de samenstelling vast."));
    }
    if (pr->n)
        return WIJKTEAM_INVALID;
    if (db_begin_write(d) != DB_OK)
        return WIJKTEAM_ERROR;
    int rc = id ? wt_meeting_update(d, &m, u->id, now) : wt_meeting_insert(d, &m, u->id, now, &id);
    if (rc == DB_OK && (in->invitees_given || !m.id)) {
        rc = wt_invitees_clear(d, id);
        if (in->invitees_given) {
            for (size_t i = 0; rc == DB_OK && i < in->npersons; i++)
                rc = wt_invitee_add(d, id, in->persons[i], 0);
            for (size_t i = 0; rc == DB_OK && i < in->nusers; i++)
                rc = wt_invitee_add(d, id, 0, in->users[i]);
        } else {
            for (size_t i = 0; rc == DB_OK && i < nm; i++)
                rc = wt_invitee_add(d, id, members[i].person_id, members[i].user_id);
        }
    }
    if (rc == DB_OK)
        rc = audit(d, u, m.id ? "wijkteam_meeting_change" : "wijkteam_meeting_plan",
                   "wijkteam_meeting", id, json_pack("{s:I}", "wijk", (json_int_t)area_id));
    if (out_id)
        *out_id = id;
    return finish(d, rc);
}

bool wijkteam_meeting_readable(db *d, arena *a, const struct user *u,
                               const struct wt_meeting_row *m, int64_t region_id)
{
    struct wt_person_row *inv;
    size_t n;
    if (!u || !m || wt_invitees(d, a, m->id, &inv, &n) != DB_OK)
        return false;
    int64_t *users = arena_alloc(a, (n + 1) * sizeof *users);
    int64_t *orgs = arena_alloc(a, (n + 1) * sizeof *orgs);
    if (!users || !orgs)
        return false;
    struct wijkteam_readers r = {.region_id = region_id, .user_ids = users, .org_ids = orgs};
    for (size_t i = 0; i < n; i++) {
        if (inv[i].user_id)
            users[r.nusers++] = inv[i].user_id;
        if (inv[i].org_id)
            orgs[r.norgs++] = inv[i].org_id;
    }
    return wijkteam_may_read(u, &r);
}

enum wijkteam_result wijkteam_item_add(db *d, arena *a, const struct user *u,
                                       const struct wt_meeting_row *m, int64_t region_id,
                                       const char *kind, const char *topic, const char *ref,
                                       int64_t now, struct wijkteam_problems *pr)
{
    (void)a;
    pr->n = 0;
    if (!wijkteam_may_keep(u, region_id))
        return WIJKTEAM_FORBIDDEN;
    int64_t ref_id = 0;
    char *end = NULL;
    long long v = ref && *ref ? strtoll(ref, &end, 10) : 0;
    bool number = end && !*end && v > 0;
    if (!wijkteam_label(wijkteam_item_kinds, kind)) {
        problem(pr, "kind", N_("Kies wat voor agendapunt het is."));
        return WIJKTEAM_INVALID;
    }
    if (strcmp(kind, "onderwerp") == 0) {
        if (utf8_blank(topic))
            problem(pr, "topic", N_("Vul het onderwerp in."));
        else if (too_long(topic, WIJKTEAM_TOPIC_MAX) || strpbrk(topic, "\r\n"))
            problem(pr, "topic",
                    N_("Gebruik voor het onderwerp één regel van hoogstens 300 "
                       "tekens."));
        topic = topic ? topic : "";
    } else {
        topic = "";
        if (strcmp(kind, "melding") == 0) {
            struct wt_signal_ref s = {0};
            int rc = number ? wt_signal_ref(d, v, &s) : DB_NOTFOUND;
            if (rc != DB_OK && rc != DB_NOTFOUND)
                return WIJKTEAM_ERROR;
            const char *why =
                !number && (!ref || !*ref)
                    ? N_("Vul het nummer van de melding in.")
                    : wijkteam_signal_refusal(rc == DB_OK, s.wijk_id == m->area_id, s.confidential);
            if (why)
                problem(pr, "signal", why);
        } else if (strcmp(kind, "focuspunt") == 0) {
            int in = number ? wt_focus_in_wijk(d, v, m->area_id) : 0;
            if (in < 0)
                return WIJKTEAM_ERROR;
            if (!in)
                problem(pr, "focus", N_("Kies een focuspunt van deze wijk."));
        } else if (strcmp(kind, "inventaris") == 0) {
            int in = number ? wt_inventory_in_wijk(d, v, m->area_id) : 0;
            if (in < 0)
                return WIJKTEAM_ERROR;
            if (!in)
                problem(pr, "inventory", N_("Kies een punt uit de inventarisatie van deze wijk."));
        } else {
            int in = number ? wt_knowledge_in_wijk(d, v, m->area_id) : 0;
            if (in < 0)
                return WIJKTEAM_ERROR;
            if (!in)
                problem(pr, "knowledge", N_("Kies een onderwerp uit de kennis van deze wijk."));
        }
        ref_id = v;
    }
    if (pr->n)
        return WIJKTEAM_INVALID;
    if (db_begin_write(d) != DB_OK)
        return WIJKTEAM_ERROR;
    int64_t id = 0;
    int rc = wt_item_insert(d, m->id, kind, topic, ref_id, &id);
    if (rc == DB_OK)
        rc = audit(d, u, "wijkteam_item_add", "wijkteam_meeting", m->id,
                   json_pack("{s:s,s:I}", "kind", kind, "ref", (json_int_t)ref_id));
    (void)now;
    return finish(d, rc);
}

enum wijkteam_result wijkteam_attendance(db *d, arena *a, const struct user *u,
                                         const struct wt_meeting_row *m, int64_t region_id,
                                         const int64_t *ids, const char *const *values, size_t n,
                                         int64_t now, struct wijkteam_problems *pr)
{
    pr->n = 0;
    if (!wijkteam_may_keep(u, region_id))
        return WIJKTEAM_FORBIDDEN;
    struct wt_person_row *inv;
    size_t ni;
    if (wt_invitees(d, a, m->id, &inv, &ni) != DB_OK)
        return WIJKTEAM_ERROR;
    if (m->starts_at > now)
        problem(pr, "attendance",
                N_("De vergadering is nog niet begonnen: vul de aanwezigheid in als ze gehouden "
                   "is."));
    for (size_t k = 0; k < ni && !pr->n; k++) {
        bool answered = false;
        for (size_t i = 0; i < n; i++)
            if (ids[i] == inv[k].id && wijkteam_label(wijkteam_attendances, values[i]))
                answered = true;
        if (!answered)
            problem(pr, "attendance",
                    N_("Kies voor iedere genodigde: aanwezig, afwezig met bericht of afwezig."));
    }
    if (pr->n)
        return WIJKTEAM_INVALID;
    if (db_begin_write(d) != DB_OK)
        return WIJKTEAM_ERROR;
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        bool mine = false;
        for (size_t k = 0; k < ni; k++)
            mine |= inv[k].id == ids[i];
        if (mine)
            rc = wt_invitee_attend(d, m->id, ids[i], values[i]);
    }
    if (rc == DB_OK)
        rc = wt_meeting_set_held(d, m->id, u->id, now);
    if (rc == DB_OK)
        rc = audit(d, u, "wijkteam_attendance", "wijkteam_meeting", m->id, NULL);
    return finish(d, rc);
}

/* Does org_id name an organisation that may own an action of this kind
 * (a department; a partner or the care network), as the focus point's
 * own action form allows? */
static bool owner_ok(db *d, arena *a, const char *owner_kind, int64_t org_id)
{
    if (!org_id || !owner_kind)
        return false;
    bool dept = strcmp(owner_kind, "afdeling") == 0;
    const char *kinds[2] = {dept ? "department" : "partner", dept ? "department" : "care_network"};
    for (int k = 0; k < 2; k++) {
        struct organisation *o;
        size_t n;
        if (org_list(d, a, kinds[k], &o, &n) == DB_OK)
            for (size_t i = 0; i < n; i++)
                if (o[i].id == org_id)
                    return true;
    }
    return false;
}

enum wijkteam_result wijkteam_minutes(db *d, arena *a, const struct user *u,
                                      const struct wt_meeting_row *m, int64_t region_id,
                                      int64_t item_id, const struct wijkteam_minutes_input *in,
                                      const char *today, int64_t now, struct wijkteam_problems *pr,
                                      int64_t *action_id)
{
    pr->n = 0;
    if (action_id)
        *action_id = 0;
    if (!wijkteam_may_keep(u, region_id))
        return WIJKTEAM_FORBIDDEN;
    struct wt_item_row it;
    int rc = wt_item_get(d, a, m->id, item_id, &it);
    if (rc == DB_NOTFOUND)
        return WIJKTEAM_NOT_FOUND;
    if (rc != DB_OK)
        return WIJKTEAM_ERROR;
    if (!m->held_at)
        problem(pr, "minutes",
                N_("Vul eerst de aanwezigheid in: het verslag volgt op een gehouden vergadering."));
    if (too_long(in->minutes, WIJKTEAM_MINUTES_MAX))
        problem(pr, "minutes", N_("Gebruik voor het verslag hoogstens 20.000 tekens."));
    if (too_long(in->decision, WIJKTEAM_DECISION_MAX))
        problem(pr, "decision", N_("Gebruik voor het besluit hoogstens 4.000 tekens."));
    struct focus_act x = {0};
    int64_t focus_id = 0;
    if (in->action) {
        /* the focus point the minute-taker chose; on a focus point's item
         * that focus point unless another is chosen */
        char *end = NULL;
        long long fid =
            in->action_focus && *in->action_focus ? strtoll(in->action_focus, &end, 10) : 0;
        if (end && *end)
            fid = 0;
        if (!in->action_focus || !*in->action_focus)
            fid = strcmp(it.kind, "focuspunt") == 0 ? it.ref_id : 0;
        int inw = fid > 0 ? wt_focus_in_wijk(d, fid, m->area_id) : 0;
        if (inw < 0)
            return WIJKTEAM_ERROR;
        if (!inw)
            problem(pr, "action_focus",
                    N_("Kies het focuspunt van deze wijk in wiens plan de actie komt."));
        else
            focus_id = fid;
        if (utf8_blank(in->decision))
            problem(pr, "decision", N_("Schrijf het besluit waar de actie uit volgt."));
        long long org = in->owner_org && *in->owner_org ? strtoll(in->owner_org, &end, 10) : 0;
        if (!end || *end)
            org = 0;
        x.title = in->action_title;
        x.owner_kind = in->owner_kind;
        x.owner_org_id = org;
        x.due_on = in->due_on && *in->due_on ? in->due_on : NULL;
        x.status = "gepland";
        x.notes = arena_printf(a, "Besluit van het wijkteam %s", m->wijk_name ? m->wijk_name : "");
        bool kind_ok = in->owner_kind && (strcmp(in->owner_kind, "afdeling") == 0 ||
                                          strcmp(in->owner_kind, "partner") == 0);
        struct focus_action_input fi = {.title = x.title,
                                        .owner_kind = kind_ok ? x.owner_kind : NULL,
                                        .owner_org_id = org,
                                        .owner_org_valid =
                                            kind_ok && owner_ok(d, a, in->owner_kind, org),
                                        .due_on = x.due_on,
                                        .status = x.status,
                                        .notes = x.notes};
        /* the focus point's own check, its message at the field it is about */
        const char *why = focus_action_validate(&fi);
        bool title_bad =
            utf8_blank(x.title) || too_long(x.title, FOCUS_TITLE_MAX) || strpbrk(x.title, "\r\n");
        const char *field = title_bad             ? "action_title"
                            : !kind_ok            ? "owner_kind"
                            : !fi.owner_org_valid ? "owner_org"
                                                  : "due_on";
        if (why)
            problem(pr, field, why);
        else if (!x.due_on)
            problem(pr, "due_on", N_("Vul de streefdatum in als 15-04-2025."));
        /* a shared action goes to a partner only under an agreement that holds today */
        else if (strcmp(x.owner_kind, "partner") == 0 &&
                 (why = partner_work_refusal(d, a, org, PARTNER_ANY_CASE, false, today)))
            problem(pr, "owner_org", why);
    }
    if (pr->n)
        return WIJKTEAM_INVALID;
    if (db_begin_write(d) != DB_OK)
        return WIJKTEAM_ERROR;
    int64_t aid = 0;
    rc = DB_OK;
    if (in->action) {
        rc = focus_action_insert(d, focus_id, &x, now, &aid);
        if (rc == DB_OK)
            rc = wt_item_action_add(d, item_id, aid);
        if (rc == DB_OK)
            rc = audit(d, u, "create", "focus_action", aid,
                       json_pack("{s:I,s:s,s:s,s:s?,s:I,s:I}", "focuspunt", (json_int_t)focus_id,
                                 "title", x.title, "owner_kind", x.owner_kind, "due_on", x.due_on,
                                 "wijkteam_meeting", (json_int_t)m->id, "item",
                                 (json_int_t)item_id));
    }
    if (rc == DB_OK)
        rc = wt_item_set(d, item_id, in->minutes, in->decision);
    if (rc == DB_OK)
        rc = audit(d, u, "wijkteam_minutes", "wijkteam_meeting", m->id,
                   json_pack("{s:I}", "item", (json_int_t)item_id));
    if (action_id)
        *action_id = aid;
    return finish(d, rc);
}

/* --- the demo ---------------------------------------------------------------------- */

int wijkteam_seed_demo(db *d, const char *demo_date, char *err, size_t errlen)
{
    arena *a = arena_new(1 << 14);
    int rc = -1;
    struct wijk w;
    cal_date day;
    int freq;
    if (!a || !demo_date || cal_parse_date(demo_date, strlen(demo_date), &day) != 0 ||
        area_get_wijk(d, a, "seghwaert", demo_date, 0, &w) != DB_OK) {
        snprintf(err, errlen, "demo-wijkteam: no demo date or no Seghwaert");
        goto done;
    }
    int have = wt_team_get(d, w.id, &freq);
    if (have == DB_OK) {
        rc = 0;
        goto done;
    }
    if (have != DB_NOTFOUND)
        goto bad;
    /* people of the register in Seghwaert (fictional) */
    /* they start on the first of January of the demo date's year (one a
     * month before the demo date, not before that first of January), so
     * that they count only in the turnover of the demo's own year */
    static const struct {
        const char *org, *name, *role;
        bool recent;
    } people[] = {
        {"De Goede Woning", "Sanne Verhoef", "huismeester", false},
        {"De Goede Woning", "Karim El Amrani", "wijkconsulent", true},
        {"Palet Welzijn", "Ellen Bakker", "opbouwwerker", false},
        {"Politie (wijkagenten)", "Johan Smit", "wijkagent", false},
    };
    enum { NPEOPLE = sizeof people / sizeof people[0] };
    int64_t pid[NPEOPLE], org[NPEOPLE];
    int64_t made;
    int y, mo, dd;
    if (cal_to_unix(day - 60, 10 * 3600, &made) != 0 || cal_to_ymd(day, &y, &mo, &dd) != 0)
        goto bad;
    cal_date jan1 = cal_from_ymd(y, 1, 1);
    for (size_t i = 0; i < NPEOPLE; i++) {
        char since[CAL_DATE_LEN];
        cal_format_date(people[i].recent && day - 30 > jan1 ? day - 30 : jan1, since);
        org[i] = org_id_by_code(d, people[i].org);
        struct partner_person_row p = {.org_id = org[i],
                                       .area_id = w.id,
                                       .name = people[i].name,
                                       .role = people[i].role,
                                       .started_on = since};
        if (!org[i] || partner_person_insert(d, &p, 0, made, &pid[i]) != DB_OK)
            goto bad;
    }
    struct user_row reg;
    if (user_row_by_login(d, a, "regisseur-noord", &reg) != DB_OK ||
        wt_team_set(d, w.id, 6, reg.id, made) != DB_OK ||
        wt_member_add(d, w.id, 0, reg.id) != DB_OK)
        goto bad;
    for (size_t i = 0; i < NPEOPLE; i++)
        if (wt_member_add(d, w.id, pid[i], 0) != DB_OK)
            goto bad;
    struct wt_choice *fc;
    size_t nfc;
    if (wt_focus_choices(d, a, w.id, &fc, &nfc) != DB_OK)
        goto bad;
    /* one held meeting three weeks ago, one planned in four weeks */
    const int when[2] = {-21, 28};
    for (int k = 0; k < 2; k++) {
        struct wt_meeting_row m = {.area_id = w.id,
                                   .place = "Wijkcentrum Seghwaert, Seghwaert 40, zaal 2"};
        int64_t id;
        if (cal_to_unix(day + when[k], 19 * 3600 + 30 * 60, &m.starts_at) != 0 ||
            cal_to_unix(day + when[k], 21 * 3600 + 30 * 60, &m.ends_at) != 0 ||
            wt_meeting_insert(d, &m, reg.id, made + k, &id) != DB_OK ||
            wt_invitee_add(d, id, 0, reg.id) != DB_OK)
            goto bad;
        for (size_t i = 0; i < NPEOPLE; i++)
            if (wt_invitee_add(d, id, pid[i], 0) != DB_OK)
                goto bad;
        int64_t item;
        if (nfc && wt_item_insert(d, id, "focuspunt", "", fc[0].id, &item) != DB_OK)
            goto bad;
        if (k == 1) {
            if (wt_item_insert(d, id, "onderwerp", "Terugblik op de schouw bij de flats", 0,
                               NULL) != DB_OK)
                goto bad;
            continue;
        }
        /* held: attendance, minutes, a decision that became an action */
        struct wt_person_row *inv;
        size_t ni;
        if (wt_invitees(d, a, id, &inv, &ni) != DB_OK)
            goto bad;
        for (size_t i = 0; i < ni; i++) {
            const char *att = inv[i].user_id || inv[i].org_id == org[0] ? "aanwezig"
                              : inv[i].org_id == org[2]                 ? "afgemeld"
                                                                        : "afwezig";
            if (wt_invitee_attend(d, id, inv[i].id, att) != DB_OK)
                goto bad;
        }
        if (wt_meeting_set_held(d, id, reg.id, m.ends_at + 86400) != DB_OK)
            goto bad;
        if (nfc) {
            char due[CAL_DATE_LEN];
            cal_format_date(day + 45, due);
            struct focus_act x = {.title = "Schouw met de huismeesters langs de portieken",
                                  .owner_kind = "partner",
                                  .owner_org_id = org[0],
                                  .due_on = due,
                                  .status = "gepland",
                                  .notes = "Besluit van het wijkteam Seghwaert"};
            int64_t aid;
            if (focus_action_insert(d, fc[0].id, &x, m.ends_at + 86400, &aid) != DB_OK ||
                wt_item_action_add(d, item, aid) != DB_OK ||
                wt_item_set(d, item,
                            "De huismeesters zien veel afval bij de portieken aan de rand van de "
                            "wijk.\n\n- Palet Welzijn kent de bewonerscommissies\n- De wijkagent "
                            "was er niet",
                            "De Goede Woning houdt een schouw met de huismeesters en bewoners.") !=
                    DB_OK)
                goto bad;
        }
        if (wt_item_insert(d, id, "onderwerp", "Rondvraag", 0, &item) != DB_OK ||
            wt_item_set(d, item, "Geen vragen.", "") != DB_OK)
            goto bad;
    }
    rc = 0;
    goto done;
bad:
    snprintf(err, errlen, "demo-wijkteam: cannot be stored");
done:
    arena_free(a);
    return rc;
}
