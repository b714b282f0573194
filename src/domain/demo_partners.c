/*
 * demo_partners.c: the demo's partner register and escalation (partner.h,
 * escalation.h): people of De Goede Woning, Palet Welzijn, the police and
 * the youth work per wijk of region Noord (some left this year, so that
 * turnover shows), an agreement with each main partner (one expired), a
 * signal referred to De Goede Woning, hours on the focus points' actions,
 * and a stuck signal of Stadsbeheer escalated by the wijkregisseur of Noord
 * and decided by the head of Stadsbeheer. Dates are relative to the demo's
 * "now". Inside the caller's write transaction; does nothing when the
 * register has people already.
 */
#include "domain/demo.h"
#include "domain/calendar.h"
#include "domain/escalation.h"
#include "domain/partner.h"
#include "domain/signal.h"
#include "store/area_store.h"
#include "store/escalation_store.h"
#include "store/focus_store.h"
#include "store/org_store.h"
#include "store/partner_store.h"
#include "store/signal_store.h"
#include "store/user_store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

struct demo_person {
    const char *org, *wijk, *name, *role;
    int started_days_ago; /* before the demo's day */
    int left_days_ago;    /* 0: still there; else days before the demo's day, within its year */
    bool consent;
    int replaces; /* 1 + the index of the person this one followed up, starting the day after */
};

static const struct demo_person people[] = {
    {"De Goede Woning", "seghwaert", "Ria Verhoef", "wijkconsulent", 1100, 0, true, 0},
    {"De Goede Woning", "seghwaert", "Kees Brouwer", "huismeester", 800, 40, false, 0},
    {"De Goede Woning", "seghwaert", "Samira El Amrani", "huismeester", 0, 0, false, 2},
    {"De Goede Woning", "noordhove", "Peter de Wit", "wijkconsulent", 1500, 0, true, 0},
    {"De Goede Woning", "buytenwegh-de-leyens", "Ilse Kramer", "wijkconsulent", 600, 0, true, 0},
    {"Palet Welzijn", "buytenwegh-de-leyens", "Anouk Smit", "opbouwwerker", 700, 0, true, 0},
    {"Palet Welzijn", "noordhove", "Jeroen Bos", "ouderenwerker", 1800, 90, false, 0},
    {"Palet Welzijn", "seghwaert", "Fleur Jansen", "opbouwwerker", 400, 0, true, 0},
    {"Politie (wijkagenten)", "seghwaert", "Hans Visser", "wijkagent", 2200, 0, true, 0},
    {"Politie (wijkagenten)", "noordhove", "Lisa de Graaf", "wijkagent", 380, 0, true, 0},
    {"Buurtwerk en jongerenwerk", "seghwaert", "Daan Mulder", "jongerenwerker", 750, 60, false, 0},
    {"Buurtwerk en jongerenwerk", "seghwaert", "Noor Hendriks", "jongerenwerker", 0, 0, true, 11},
};

struct demo_agreement {
    const char *org, *category; /* a main category's slug, NULL: every kind of case */
    const char *told;
    int from_year, until_year; /* relative to the demo's year */
    const char *note;
};

static const struct demo_agreement agreements[] = {
    {"De Goede Woning", "wonen", "contact", -1, 1,
     "Convenant woonoverlast en achterstallig onderhoud"},
    {"De Goede Woning", "overlast-in-de-openbare-ruimte", "inhoud", -1, 1, NULL},
    {"Palet Welzijn", "overlast-van-en-door-personen-of-groepen", "inhoud", -2, 0,
     "Samenwerkingsafspraak overlast in de wijk"},
    {"Politie (wijkagenten)", "overlast-in-de-openbare-ruimte", "inhoud", -1, 0, NULL},
    {"Buurtwerk en jongerenwerk", NULL, "inhoud", -3, -1, "Verlopen; een nieuwe afspraak volgt"},
};

static int iso(cal_date day, int days, char out[CAL_DATE_LEN])
{
    return cal_format_date(cal_add_calendar_days(day, days), out);
}

static int64_t user_id(db *d, arena *a, const char *login)
{
    struct user_row u;
    return user_row_by_login(d, a, login, &u) == DB_OK ? u.id : 0;
}

static int64_t first_id(db *d, const char *sql, const char *text, int64_t n)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, n);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

/* An open signal of a main category (slug) in a wijk, not confidential,
 * received before `before`. */
static const char SQL_OPEN_SIGNAL_OF[] =
    "SELECT s.id FROM signal s JOIN category c ON c.id = s.category_id"
    " JOIN category m ON m.id = coalesce(c.parent_id, c.id) JOIN area w ON w.id = s.wijk_id"
    " WHERE m.slug = ?1 AND w.slug = 'seghwaert' AND s.closed_at IS NULL AND s.merged_into IS NULL"
    " AND s.confidential = 0 AND s.intake_confidential = 0 AND c.confidential = 0"
    " AND s.created_at < ?2 ORDER BY s.created_at DESC LIMIT 1";
/* An open signal of a department (code) in region Noord, received before. */
static const char SQL_OPEN_SIGNAL_DEPT[] =
    "SELECT s.id FROM signal s JOIN organisation o ON o.id = s.owner_org_id"
    " JOIN area_region ar ON ar.area_id = s.wijk_id AND ar.valid_to IS NULL"
    " JOIN region rg ON rg.id = ar.region_id WHERE o.code = ?1 AND rg.slug = 'noord'"
    " AND s.closed_at IS NULL AND s.merged_into IS NULL AND s.confidential = 0"
    " AND s.intake_confidential = 0 AND s.created_at < ?2 ORDER BY s.created_at DESC LIMIT 1";
/* The n-th action (by id) owned by an organisation, of a focus point in Noord. */
static const char SQL_NOORD_ACTION[] =
    "SELECT x.id FROM focus_action x WHERE x.owner_org_id IS NOT NULL AND EXISTS (SELECT 1"
    " FROM focuspunt_area fa JOIN area_region ar ON ar.area_id = fa.area_id"
    " AND ar.valid_to IS NULL JOIN region rg ON rg.id = ar.region_id"
    " WHERE fa.focuspunt_id = x.focuspunt_id AND rg.slug = ?1) ORDER BY x.id LIMIT 1 OFFSET ?2";

static int referral(db *d, arena *a, cal_date today, int64_t now, char *err, size_t errlen)
{
    int64_t dgw = org_id_by_code(d, "De Goede Woning"), reg = user_id(d, a, "regisseur-noord");
    int64_t sig = first_id(d, SQL_OPEN_SIGNAL_OF, "wonen", now - 5 * 86400);
    if (!sig)
        sig = first_id(d, SQL_OPEN_SIGNAL_OF, "overlast-in-de-openbare-ruimte", now - 5 * 86400);
    if (sig < 0 || dgw <= 0) {
        snprintf(err, errlen, "demo partners: no signal or partner for the referral");
        return -1;
    }
    if (!sig)
        return 0; /* a demo without such a signal: no referral */
    /* its term: 10 working days from the day it was made, three days ago */
    char due[CAL_DATE_LEN];
    cal_date made =
        cal_add_working_days(NULL, cal_add_calendar_days(today, -3), PARTNER_REFERRAL_TERM_DAYS);
    if (made == CAL_INVALID || cal_format_date(made, due) != 0) {
        snprintf(err, errlen, "demo partners: no term for the referral");
        return -1;
    }
    struct signal s;
    if (signal_get(d, a, sig, &s) != DB_OK)
        return -1;
    /* after the signal's last change, so that its history stays in order */
    int64_t at = now - 3 * 86400, rid = 0;
    if (s.updated_at >= at)
        at = s.updated_at + 60;
    const char *what = "Graag met de huismeester langs: de bewoners vragen om een gesprek.";
    bool passes =
        strcmp(s.status, "doorgezet") != 0 && signal_transition_allowed(s.status, "doorgezet");
    if (partner_referral_insert(d, sig, dgw, what, false, due, reg, at, &rid) != DB_OK ||
        (passes &&
         (signal_set_status(d, sig, "doorgezet", at, 0) != DB_OK ||
          signal_add_event_explained(d, sig, at, reg, "status", s.status, "doorgezet", 0, 0, NULL,
                                     1, partner_referral_explanation) != DB_OK)) ||
        signal_add_event(d, sig, at, reg, "note", NULL, NULL, 0, 0,
                         arena_printf(a, "Verwezen naar De Goede Woning (verwijzing %lld): %s",
                                      (long long)rid, what),
                         0) != DB_OK) {
        snprintf(err, errlen, "demo partners: referral failed");
        return -1;
    }
    return 0;
}

static int escalation(db *d, arena *a, cal_date today, int64_t now, char *err, size_t errlen)
{
    int64_t sb = org_id_by_code(d, "SB"), reg = user_id(d, a, "regisseur-noord"),
            head = user_id(d, a, "afdelingshoofd-sb");
    int64_t sig = first_id(d, SQL_OPEN_SIGNAL_DEPT, "SB", now - 40 * 86400);
    if (sig < 0 || sb <= 0) {
        snprintf(err, errlen, "demo partners: no department for the escalation");
        return -1;
    }
    if (!sig || !reg || !head)
        return 0;
    struct signal s;
    if (signal_get(d, a, sig, &s) != DB_OK)
        return -1;
    char on[CAL_DATE_LEN], due[CAL_DATE_LEN];
    if (cal_format_date(today, on) != 0 || iso(today, 14, due) != 0)
        return -1;
    int64_t at = now - 12 * 86400, decided = now - 9 * 86400, deadline = 0;
    if (cal_to_unix(cal_add_calendar_days(today, 14), 86399, &deadline) != 0)
        return -1;
    struct escalation_row e = {
        .signal_id = sig,
        .area_id = s.wijk_id,
        .region_id = escalation_region_of(d, s.wijk_id, on),
        .to_kind = "afdelingshoofd",
        .to_org_id = s.owner_org_id,
        .reason = "Al drie keer gerappelleerd; de bewoners melden het steeds opnieuw.",
        .created_at = at,
        .created_by = reg,
    };
    int64_t id = 0;
    if (!e.region_id || escalation_insert(d, &e, &id) != DB_OK)
        goto fail;
    e.id = id;
    e.decided_at = decided;
    e.decided_by = head;
    e.decision = "De ploeg van Noord pakt het binnen twee weken op.";
    e.decision_reason = "Capaciteit vrijgemaakt door een klus in Rokkeveen uit te stellen.";
    e.effect = "termijn";
    e.effect_date = due;
    e.working_days = escalation_working_days(at, decided);
    if (escalation_set_decided(d, &e) != DB_OK ||
        signal_add_event(d, sig, at, reg, "note", NULL, NULL, 0, 0,
                         arena_printf(a,
                                      "Geëscaleerd naar het hoofd van Stadsbeheer (escalatie "
                                      "%lld): %s",
                                      (long long)id, e.reason),
                         0) != DB_OK ||
        /* the term only: the status history (updated_at) stays the signal's own */
        escalation_signal_set_deadline(d, sig, deadline, s.updated_at) != DB_OK ||
        signal_add_event(d, sig, decided, head, "note", NULL, NULL, 0, 0,
                         arena_printf(a,
                                      "Besluit van het hoofd van Stadsbeheer na escalatie %lld: %s "
                                      "Reden: %s Gevolg: nieuwe termijn %s.",
                                      (long long)id, e.decision, e.decision_reason, due),
                         0) != DB_OK)
        goto fail;
    return 0;
fail:
    snprintf(err, errlen, "demo partners: escalation failed");
    return -1;
}

int demo_generate_partners(db *d, const char *demo_date, char *err, size_t errlen)
{
    cal_date today;
    int64_t now;
    int y, m, dd;
    if (!demo_date || cal_parse_date(demo_date, strlen(demo_date), &today) != 0 ||
        cal_to_ymd(today, &y, &m, &dd) != 0 || cal_to_unix(today, 12 * 3600, &now) != 0) {
        snprintf(err, errlen, "demo partners: bad demo date");
        return -1;
    }
    arena *a = arena_new(1 << 16);
    if (!a) {
        snprintf(err, errlen, "demo partners: out of memory");
        return -1;
    }
    int rc = -1;
    err[0] = '\0';
    struct partner_person_row *had;
    size_t nhad;
    if (partner_person_list(d, a, &had, &nhad) != DB_OK)
        goto done;
    if (nhad) {
        rc = 0;
        goto done;
    }
    int64_t nw = user_id(d, a, "netwerkregisseur");
    /* the first day of the demo's year: who left "this year" left after it */
    cal_date jan1 = cal_from_ymd(y, 1, 1);
    cal_date left_on[sizeof people / sizeof people[0]] = {0};
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
        const struct demo_person *p = &people[i];
        struct wijk w;
        int64_t org = org_id_by_code(d, p->org);
        if (org <= 0 || area_get_wijk(d, a, p->wijk, demo_date, 0, &w) != DB_OK)
            continue;
        cal_date start = cal_add_calendar_days(today, -p->started_days_ago);
        if (p->replaces)
            start = cal_add_calendar_days(left_on[p->replaces - 1], 1);
        if (p->left_days_ago) {
            left_on[i] = cal_add_calendar_days(today, -p->left_days_ago);
            if (left_on[i] < jan1)
                left_on[i] = jan1;
        }
        char s1[CAL_DATE_LEN], s2[CAL_DATE_LEN];
        if (start > today)
            start = today;
        if (cal_format_date(start, s1) != 0 || (left_on[i] && cal_format_date(left_on[i], s2) != 0))
            goto done;
        struct partner_person_row r = {.org_id = org,
                                       .area_id = w.id,
                                       .name = p->name,
                                       .role = p->role,
                                       .started_on = s1,
                                       .ended_on = left_on[i] ? s2 : NULL,
                                       .consent = p->consent};
        int64_t id;
        if (partner_person_insert(d, &r, nw, now, &id) != DB_OK)
            goto done;
    }
    for (size_t i = 0; i < sizeof agreements / sizeof agreements[0]; i++) {
        const struct demo_agreement *g = &agreements[i];
        int64_t org = org_id_by_code(d, g->org);
        int64_t cat = g->category ? category_id_by_slug(d, g->category, 1) : 0;
        if (org <= 0 || (g->category && cat <= 0))
            continue;
        char from[CAL_DATE_LEN], until[CAL_DATE_LEN];
        snprintf(from, sizeof from, "%04d-01-01", y + g->from_year);
        snprintf(until, sizeof until, "%04d-12-31", y + g->until_year);
        struct partner_agreement_row r = {.org_id = org,
                                          .category_id = cat,
                                          .told = g->told,
                                          .valid_from = from,
                                          .valid_until = until,
                                          .note = g->note ? g->note : ""};
        int64_t id;
        if (partner_agreement_insert(d, &r, nw, now, &id) != DB_OK)
            goto done;
    }
    /* hours on six actions of Noord's focus points, this year and the last */
    for (int i = 0; i < 6; i++) {
        int64_t act = first_id(d, SQL_NOORD_ACTION, "noord", i);
        if (act <= 0)
            break;
        struct focus_act x;
        int64_t fp;
        if (focus_action_get(d, a, act, &x, &fp) != DB_OK)
            goto done;
        char day[CAL_DATE_LEN];
        cal_date worked = cal_add_calendar_days(today, -(7 + 20 * i));
        if (worked < jan1 && i % 2 == 0)
            worked = jan1;
        if (cal_format_date(worked, day) != 0 ||
            action_hours_insert(d, act, x.owner_org_id, day, 90 + 60 * i, NULL, 0, now) != DB_OK)
            goto done;
    }
    if (referral(d, a, today, now, err, errlen) != 0 ||
        escalation(d, a, today, now, err, errlen) != 0)
        goto done;
    rc = 0;
done:
    if (rc != 0 && !err[0])
        snprintf(err, errlen, "demo partners: database error");
    arena_free(a);
    return rc;
}
