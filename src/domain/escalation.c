/*
 * escalation.c: the rules of escalation with doorzettingsmacht
 * (escalation.h).
 */
#include "escalation.h"

#include "domain/calendar.h"
#include "domain/focus.h"
#include "domain/policy.h"
#include "domain/signal.h"
#include "lib/i18n_mark.h"
#include "lib/mail.h"
#include "lib/utf8.h"
#include "store/focus_store.h"
#include "store/org_store.h"
#include "store/outbox_store.h"
#include "store/user_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void problem(struct escalation_problems *pr, const char *field, const char *msgid)
{
    if (pr && pr->n < ESCALATION_MAX_PROBLEMS) {
        pr->p[pr->n].field = field;
        pr->p[pr->n].msgid = msgid;
        pr->n++;
    }
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* --- the rules ------------------------------------------------------------------ */

bool escalation_signal_stuck(const struct signal *s, int64_t now)
{
    if (!s || s->closed_at || s->merged_into)
        return false;
    return s->deadline_at < now || s->updated_at <= now - (int64_t)ESCALATION_IDLE_DAYS * 86400;
}

bool escalation_signal_never(const struct signal *s, bool category_confidential)
{
    return !s || s->confidential || s->intake_confidential || category_confidential;
}

bool escalation_may_escalate(const struct user *u, int64_t region_id)
{
    if (!u || u->disabled || !region_id || !policy_allows(u, ACT_ESCALATE, NULL))
        return false;
    for (size_t i = 0; i < u->nroles; i++)
        if (u->roles[i].role == ROLE_WIJKREGISSEUR && u->roles[i].region_id == region_id)
            return true;
    return false;
}

bool escalation_may_decide(const struct user *u, const struct escalation_row *e)
{
    if (!u || u->disabled || !e || !policy_allows(u, ACT_ESCALATION_DECIDE, NULL))
        return false;
    bool to_head = same(e->to_kind, "afdelingshoofd");
    for (size_t i = 0; i < u->nroles; i++) {
        const struct user_role *r = &u->roles[i];
        if (to_head && r->role == ROLE_AFDELINGSHOOFD && r->org_id && r->org_id == e->to_org_id)
            return true;
        if (!to_head && r->role == ROLE_WIJKWETHOUDER &&
            (!r->region_id || r->region_id == e->region_id))
            return true;
    }
    return false;
}

int escalation_working_days(int64_t escalated_at, int64_t decided_at)
{
    int32_t n = cal_working_days_between(NULL, cal_date_of(escalated_at), cal_date_of(decided_at));
    return n < 0 ? 0 : (int)n;
}

const char *escalation_effect_label(const char *effect)
{
    if (same(effect, "termijn"))
        return N_("nieuwe termijn");
    if (same(effect, "afdeling"))
        return N_("naar een andere afdeling");
    if (same(effect, "geen"))
        return N_("geen verandering");
    return N_("nog geen besluit");
}

/* --- the case ------------------------------------------------------------------- */

static bool too_long(const char *s, size_t max)
{
    return s && utf8_len_chars(s, strlen(s)) > max;
}

/* Is org_id a department (not the care network, not a partner)? */
static bool is_department(db *d, arena *a, int64_t org_id)
{
    const char *kind = NULL;
    return org_id > 0 && user_org_kind(d, a, org_id, &kind) == DB_OK && same(kind, "department");
}

static int signal_case(db *d, arena *a, int64_t id, const char *today, int64_t now,
                       struct escalation_case *c, struct signal *s)
{
    int rc = signal_get(d, a, id, s);
    if (rc != DB_OK)
        return rc;
    struct category cat, main;
    if (category_get(d, a, s->category_id, &cat) != DB_OK)
        return DB_ERROR;
    main = cat;
    if (cat.parent_id && category_get(d, a, cat.parent_id, &main) != DB_OK)
        return DB_ERROR;
    c->signal_id = id;
    c->wijk_id = s->wijk_id;
    c->region_id = escalation_region_of(d, s->wijk_id, today);
    c->owner_org_id = is_department(d, a, s->owner_org_id) ? s->owner_org_id : 0;
    c->owner_name = s->owner_org_name;
    c->title = s->category_name;
    c->wijk_name = s->wijk_name;
    c->stuck = escalation_signal_stuck(s, now);
    c->never = escalation_signal_never(s, cat.confidential || main.confidential);
    int64_t open = escalation_open_of(d, id, 0);
    if (open < 0)
        return DB_ERROR;
    c->open_escalation = open;
    return DB_OK;
}

static int action_case(db *d, arena *a, int64_t id, const char *today, struct escalation_case *c,
                       struct focus_act *x)
{
    int64_t fp = 0;
    int rc = focus_action_get(d, a, id, x, &fp);
    if (rc != DB_OK)
        return rc;
    int64_t wijk = 0, region = 0;
    if (escalation_action_place(d, id, today, &fp, &wijk, &region) != DB_OK)
        return DB_ERROR;
    c->action_id = id;
    c->focuspunt_id = fp;
    c->wijk_id = wijk;
    c->region_id = region;
    c->owner_org_id = same(x->owner_kind, "afdeling") && is_department(d, a, x->owner_org_id)
                          ? x->owner_org_id
                          : 0;
    c->owner_name = x->owner_name ? x->owner_name : x->owner_text;
    c->title = x->title;
    c->stuck = focus_action_overdue(x->status, x->due_on, today);
    c->never = false;
    int64_t open = escalation_open_of(d, 0, id);
    if (open < 0)
        return DB_ERROR;
    c->open_escalation = open;
    return DB_OK;
}

enum escalation_result escalation_case_get(db *d, arena *a, const struct user *u, int64_t signal_id,
                                           int64_t action_id, const char *today, int64_t now,
                                           struct escalation_case *c)
{
    memset(c, 0, sizeof *c);
    if ((signal_id > 0) == (action_id > 0))
        return ESC_NOT_FOUND;
    struct signal s;
    struct focus_act x;
    int rc = signal_id ? signal_case(d, a, signal_id, today, now, c, &s)
                       : action_case(d, a, action_id, today, c, &x);
    if (rc == DB_NOTFOUND)
        return ESC_NOT_FOUND;
    if (rc != DB_OK)
        return ESC_ERROR;
    if (!escalation_may_escalate(u, c->region_id))
        return ESC_FORBIDDEN;
    return ESC_OK;
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

static const char *org_name_of(db *d, arena *a, int64_t id)
{
    struct organisation *o = NULL;
    size_t n = 0;
    if (org_list(d, a, NULL, &o, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            if (o[i].id == id)
                return o[i].name;
    return "";
}

static const char *g_base_url = "";

void escalation_set_base_url(const char *base_url)
{
    g_base_url = base_url ? base_url : "";
}

/* Those who decide are told that a case waits for them: what it is and the
 * link; the reason and the case's details only behind the login (a reason
 * may name people). */
static int tell_deciders(db *d, arena *a, const struct escalation_row *e, int64_t id,
                         const char *to_text, int64_t now)
{
    const char **to = NULL;
    size_t n = 0;
    if (escalation_decider_mails(d, a, e->to_kind, e->to_org_id, e->region_id, &to, &n) != DB_OK)
        return DB_ERROR;
    const char *what = e->signal_id ? arena_printf(a, "melding %lld", (long long)e->signal_id)
                                    : "een actie van een focuspunt";
    const char *subject = arena_printf(a, "Escalatie %lld wacht op uw besluit", (long long)id);
    const char *body = arena_printf(
        a,
        "Beste collega,\n\n"
        "De wijkregisseur heeft %s geëscaleerd naar %s (escalatie %lld). U besluit wat er "
        "gebeurt.\n\n"
        "De zaak en de reden leest u na het inloggen:\n"
        "%s/werk/escalaties#esc-%lld\n\n"
        "Dit bericht bevat met opzet geen gegevens van de melder.\n\n"
        "Gemeente Zoetermeer\n",
        what, to_text, (long long)id, g_base_url, (long long)id);
    if (!subject || !body)
        return DB_ERROR;
    for (size_t i = 0; i < n; i++) {
        if (!mail_address_ok(to[i]))
            continue;
        struct outbox_new m = {
            .to_addr = to[i], .subject = subject, .body = body, .kind = "escalation", .ref = id};
        int64_t mid;
        if (outbox_enqueue(d, now, &m, &mid) != DB_OK)
            return DB_ERROR;
    }
    return DB_OK;
}

enum escalation_result escalation_create(db *d, arena *a, const struct user *u, int64_t signal_id,
                                         int64_t action_id, const struct escalation_input *in,
                                         const char *today, int64_t now,
                                         struct escalation_problems *pr, int64_t *id)
{
    pr->n = 0;
    struct escalation_case c;
    enum escalation_result r = escalation_case_get(d, a, u, signal_id, action_id, today, now, &c);
    if (r != ESC_OK)
        return r;
    bool to_head = same(in->to, "afdelingshoofd"), to_weth = same(in->to, "wethouder");
    if (c.never)
        problem(pr, "case",
                N_("Een vertrouwelijke melding of een zaak van het wijkzorgnetwerk wordt niet "
                   "geëscaleerd: het wijkzorgnetwerk besluit daar zelf over."));
    else if (c.open_escalation)
        problem(pr, "case", N_("Deze zaak is al geëscaleerd en wacht op een besluit."));
    else if (!c.stuck)
        problem(pr, "case",
                signal_id ? N_("Alleen een melding die over de termijn is of al twee weken niet "
                               "verandert, kan worden geëscaleerd.")
                          : N_("Alleen een actie die over de datum is, kan worden geëscaleerd."));
    if (!to_head && !to_weth)
        problem(pr, "to", N_("Kies naar wie u de zaak escaleert."));
    else if (to_head && !c.owner_org_id)
        problem(pr, "to",
                N_("Deze zaak ligt niet bij een afdeling. Escaleer naar de wijkwethouder."));
    if (utf8_blank(in->reason))
        problem(pr, "reason", N_("Schrijf waarom u de zaak escaleert."));
    else if (too_long(in->reason, ESCALATION_TEXT_MAX))
        problem(pr, "reason", N_("Een reden heeft hoogstens 1000 tekens."));
    if (pr->n)
        return ESC_INVALID;
    struct escalation_row e = {
        .signal_id = c.signal_id,
        .action_id = c.action_id,
        .area_id = c.wijk_id,
        .region_id = c.region_id,
        .to_kind = to_head ? "afdelingshoofd" : "wethouder",
        .to_org_id = to_head ? c.owner_org_id : 0,
        .reason = in->reason,
        .created_at = now,
        .created_by = u->id,
    };
    if (db_begin_write(d) != DB_OK)
        return ESC_ERROR;
    int64_t eid = 0;
    int rc = escalation_insert(d, &e, &eid);
    if (rc == DB_CONSTRAINT) {
        /* escalated by someone else a moment ago: one open at a time */
        db_rollback(d);
        problem(pr, "case", N_("Deze zaak is al geëscaleerd en wacht op een besluit."));
        return ESC_INVALID;
    }
    const char *to_text =
        to_head ? arena_printf(a, "het hoofd van %s", org_name_of(d, a, c.owner_org_id))
                : "de wijkwethouder";
    if (rc == DB_OK && c.signal_id)
        rc = signal_add_event(d, c.signal_id, now, u->id, "note", NULL, NULL, 0, 0,
                              arena_printf(a, "Geëscaleerd naar %s (escalatie %lld): %s", to_text,
                                           (long long)eid, in->reason),
                              0);
    if (rc == DB_OK)
        rc = audit(d, u, "escalation_add", "escalation", eid, NULL,
                   json_pack("{s:I,s:I,s:s,s:I}", "signal_id", (json_int_t)c.signal_id, "action_id",
                             (json_int_t)c.action_id, "to", e.to_kind, "to_org_id",
                             (json_int_t)e.to_org_id));
    if (rc == DB_OK)
        rc = tell_deciders(d, a, &e, eid, to_text, now);
    if (rc != DB_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return ESC_ERROR;
    }
    if (id)
        *id = eid;
    return ESC_OK;
}

/* --- the decision ------------------------------------------------------------------ */

enum escalation_result escalation_decide(db *d, arena *a, const struct user *u, int64_t id,
                                         const struct escalation_decision_input *in,
                                         const char *today, int64_t now,
                                         struct escalation_problems *pr)
{
    pr->n = 0;
    struct escalation_row e;
    int rc = escalation_get(d, a, id, &e);
    if (rc == DB_NOTFOUND)
        return ESC_NOT_FOUND;
    if (rc != DB_OK)
        return ESC_ERROR;
    /* another's escalation does not exist for this user */
    if (!escalation_may_decide(u, &e))
        return ESC_NOT_FOUND;
    if (e.decided_at)
        problem(pr, "decision", N_("Over deze escalatie is al besloten."));
    if (utf8_blank(in->decision))
        problem(pr, "decision", N_("Schrijf wat u besluit."));
    else if (too_long(in->decision, ESCALATION_TEXT_MAX))
        problem(pr, "decision", N_("Een besluit heeft hoogstens 1000 tekens."));
    if (utf8_blank(in->reason))
        problem(pr, "reason", N_("Schrijf waarom u zo besluit."));
    else if (too_long(in->reason, ESCALATION_TEXT_MAX))
        problem(pr, "reason", N_("Een reden heeft hoogstens 1000 tekens."));
    bool term = same(in->effect, "termijn"), dept = same(in->effect, "afdeling"),
         none = same(in->effect, "geen");
    if (!term && !dept && !none)
        problem(pr, "effect", N_("Kies wat het besluit voor de zaak betekent."));
    if (term && !focus_valid_date(in->date))
        problem(pr, "date", N_("Vul de nieuwe termijn in, bijvoorbeeld 15-04-2026."));
    else if (term && strcmp(in->date, today) <= 0)
        problem(pr, "date", N_("De nieuwe termijn moet na vandaag liggen."));
    int64_t org = 0;
    if (dept) {
        char *end = NULL;
        long long v = in->org ? strtoll(in->org, &end, 10) : 0;
        if (!in->org || !*in->org || *end || v <= 0 || !is_department(d, a, v))
            problem(pr, "org", N_("Kies de afdeling die de zaak krijgt."));
        else
            org = v;
    }
    if (pr->n)
        return ESC_INVALID;

    /* the case as it stands now */
    struct signal s;
    struct focus_act x;
    int64_t fp = 0;
    if (e.signal_id) {
        rc = signal_get(d, a, e.signal_id, &s);
        if (rc != DB_OK)
            return rc == DB_NOTFOUND ? ESC_NOT_FOUND : ESC_ERROR;
        if (s.confidential || s.intake_confidential) {
            /* went to the care network after it was escalated: not ours to decide */
            problem(pr, "effect",
                    N_("Deze melding ligt nu bij het wijkzorgnetwerk; daar wordt over besloten."));
            return ESC_INVALID;
        }
        if ((term || dept) && (s.closed_at || s.merged_into)) {
            problem(pr, "effect", N_("De melding is al afgehandeld. Kies geen verandering."));
            return ESC_INVALID;
        }
        if (dept && org == s.owner_org_id) {
            problem(pr, "org", N_("De zaak ligt al bij deze afdeling. Kies een andere."));
            return ESC_INVALID;
        }
    } else {
        rc = focus_action_get(d, a, e.action_id, &x, &fp);
        if (rc != DB_OK)
            return rc == DB_NOTFOUND ? ESC_NOT_FOUND : ESC_ERROR;
        if (dept && org == x.owner_org_id && same(x.owner_kind, "afdeling")) {
            problem(pr, "org", N_("De zaak ligt al bij deze afdeling. Kies een andere."));
            return ESC_INVALID;
        }
    }

    const char *who = same(e.to_kind, "afdelingshoofd")
                          ? arena_printf(a, "het hoofd van %s", e.to_org_name ? e.to_org_name : "")
                          : "de wijkwethouder";
    const char *org_name = dept ? org_name_of(d, a, org) : NULL;
    /* the new term as the rest of the site writes dates (31-12-2026) */
    const char *term_text =
        in->date && strlen(in->date) == 10
            ? arena_printf(a, "%.2s-%.2s-%.4s", in->date + 8, in->date + 5, in->date)
            : in->date;
    const char *effect_text = term   ? arena_printf(a, "nieuwe termijn %s", term_text)
                              : dept ? arena_printf(a, "naar %s", org_name)
                                     : "geen verandering";
    const char *note = arena_printf(a, "Besluit van %s na escalatie %lld: %s Reden: %s Gevolg: %s.",
                                    who, (long long)id, in->decision, in->reason, effect_text);

    /* A signal to another department: the hand-off's own rules and record,
     * with the authority of the head of the department that holds it. */
    if (e.signal_id && dept) {
        struct user acting = *u;
        acting.nroles = 1;
        acting.roles[0] = (struct user_role){.role = ROLE_AFDELINGSHOOFD, .org_id = s.owner_org_id};
        acting.role_mask = 1u << ROLE_AFDELINGSHOOFD;
        enum signal_result sr = signal_handoff(d, a, &acting, e.signal_id, org, note, now);
        if (sr == SIG_BAD_INPUT || sr == SIG_STAYS_CONFIDENTIAL || sr == SIG_NEEDS_HANDOVER) {
            problem(pr, "org", N_("De melding kan niet naar deze afdeling."));
            return ESC_INVALID;
        }
        if (sr != SIG_OK)
            return sr == SIG_NOT_FOUND ? ESC_NOT_FOUND : ESC_ERROR;
    }

    struct escalation_row dec = e;
    dec.decided_at = now;
    dec.decided_by = u->id;
    dec.decision = in->decision;
    dec.decision_reason = in->reason;
    dec.effect = term ? "termijn" : dept ? "afdeling" : "geen";
    dec.effect_date = term ? in->date : NULL;
    dec.effect_org_id = org;
    dec.working_days = escalation_working_days(e.created_at, now);
    if (db_begin_write(d) != DB_OK)
        return ESC_ERROR;
    rc = escalation_set_decided(d, &dec);
    if (rc == DB_OK && e.signal_id && term) {
        int64_t deadline = 0;
        cal_date day = CAL_INVALID;
        if (cal_parse_date(in->date, strlen(in->date), &day) != 0 ||
            cal_to_unix(day, 86399, &deadline) != 0)
            rc = DB_ERROR;
        else
            rc = escalation_signal_set_deadline(d, e.signal_id, deadline, now);
    }
    /* the hand-off carried the note already */
    if (rc == DB_OK && e.signal_id && !dept)
        rc = signal_add_event(d, e.signal_id, now, u->id, "note", NULL, NULL, 0, 0, note, 0);
    if (rc == DB_OK && e.action_id && (term || dept)) {
        struct focus_act neu = x;
        if (term)
            neu.due_on = in->date;
        if (dept) {
            neu.owner_kind = "afdeling";
            neu.owner_org_id = org;
        }
        rc = focus_action_update(d, &neu, now);
        if (rc == DB_OK)
            rc = audit(d, u, "action_change", "focus_action", e.action_id,
                       json_pack("{s:s?,s:I}", "due_on", x.due_on, "owner_org_id",
                                 (json_int_t)x.owner_org_id),
                       json_pack("{s:s?,s:I}", "due_on", neu.due_on, "owner_org_id",
                                 (json_int_t)neu.owner_org_id));
    }
    if (rc == DB_OK)
        rc = audit(d, u, "escalation_decide", "escalation", id, NULL,
                   json_pack("{s:s,s:s?,s:I,s:i}", "effect", dec.effect, "effect_date",
                             dec.effect_date, "effect_org_id", (json_int_t)org, "working_days",
                             dec.working_days));
    if (rc == DB_NOTFOUND) {
        db_rollback(d);
        problem(pr, "decision", N_("Over deze escalatie is al besloten."));
        return ESC_INVALID;
    }
    if (rc != DB_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return ESC_ERROR;
    }
    return ESC_OK;
}

/* --- the monitor --------------------------------------------------------------------- */

json_t *escalation_monitor_json(db *d, arena *a, int year, bool all, const char *wijks)
{
    int64_t from = 0, to = 0;
    if (cal_to_unix(cal_from_ymd(year, 1, 1), 0, &from) != 0 ||
        cal_to_unix(cal_from_ymd(year + 1, 1, 1), 0, &to) != 0)
        return NULL;
    struct escalation_count_row *c = NULL;
    size_t n = 0;
    if (escalation_counts(d, a, from, to, all, wijks, &c, &n) != DB_OK)
        return NULL;
    json_t *rows = json_array();
    json_int_t tn = 0, td = 0, tw = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:I,s:I}", "wijk", c[i].wijk_name, "to",
                              c[i].to_kind, "effect", c[i].effect ? c[i].effect : "open", "n",
                              (json_int_t)c[i].n, "decided", (json_int_t)c[i].decided,
                              "working_days", (json_int_t)c[i].working_days);
        json_array_append_new(rows, o);
        tn += c[i].n;
        td += c[i].decided;
        tw += c[i].working_days;
    }
    return json_pack("{s:o,s:{s:I,s:I,s:I}}", "rows", rows, "total", "n", tn, "decided", td,
                     "working_days", tw);
}
