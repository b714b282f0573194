/*
 * monitor.c: building the figures document of the monitor and the report
 * (see monitor.h) from the monitor store's queries.
 */
#include "monitor.h"

#include "domain/budget.h"
#include "domain/calendar.h"
#include "domain/counter.h"
#include "domain/escalation.h"
#include "domain/participation.h"
#include "domain/regie.h"

#include "store/area_store.h"
#include "store/initiative_store.h"
#include "store/monitor_store.h"
#include "store/partner_store.h"
#include "store/survey_store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOP_CATEGORIES 12

static const char *const CHANNELS[] = {"web",      "balie",   "telefoon", "email",
                                       "raadslid", "partner", "api"};
#define NCHANNELS (sizeof CHANNELS / sizeof CHANNELS[0])

enum monitor_period monitor_period_parse(const char *s)
{
    if (s && strcmp(s, "kwartaal") == 0)
        return MON_QUARTER;
    if (s && strcmp(s, "jaar") == 0)
        return MON_YEAR;
    return MON_MONTH;
}

const char *monitor_period_code(enum monitor_period p)
{
    return p == MON_QUARTER ? "kwartaal" : p == MON_YEAR ? "jaar" : "maand";
}

/* A share in percent with one decimal, or JSON null when there is no whole. */
static json_t *share(int64_t part, int64_t whole)
{
    if (whole <= 0)
        return json_null();
    return json_real(round(1000.0 * (double)part / (double)whole) / 10.0);
}

static json_t *per_1000(int64_t n, int64_t inhabitants)
{
    if (inhabitants <= 0)
        return json_null();
    return json_real(round(10000.0 * (double)n / (double)inhabitants) / 10.0);
}

/* The residents' initiatives of a year in one wijk (wijk_id) or in the
 * wijken of wijks (a JSON id list; NULL: the city): applications, grants,
 * rejections, money granted (also per 1.000 inhabitants), the median days
 * to a decision, distinct and repeat applicants, and the wijk budgets of
 * the scope (in_scope marks which of budgets count; null when none). */
static json_t *initiatives_json(db *d, int64_t wijk_id, const char *wijks, int all, int year,
                                int64_t inhabitants, const struct wijk_budget_row *budgets,
                                size_t nbudgets, const struct wijk *w, size_t nw,
                                const struct monitor_area *ar)
{
    int64_t from, to;
    if (cal_to_unix(cal_from_ymd(year, 1, 1), 0, &from) != 0 ||
        cal_to_unix(cal_from_ymd(year + 1, 1, 1), 0, &to) != 0)
        return NULL;
    struct initiative_figures f;
    int rc = wijk_id ? initiative_figures(d, wijk_id, from, to, &f)
                     : initiative_figures_in(d, all ? NULL : wijks, from, to, &f);
    if (rc != DB_OK)
        return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "applications", json_integer(f.applications));
    json_object_set_new(o, "grants", json_integer(f.grants));
    json_object_set_new(o, "rejections", json_integer(f.rejections));
    json_object_set_new(o, "granted_cents", json_integer(f.granted_cents));
    json_object_set_new(
        o, "granted_per_1000_cents",
        inhabitants > 0
            ? json_integer((int64_t)llround(1000.0 * (double)f.granted_cents / (double)inhabitants))
            : json_null());
    json_object_set_new(o, "median_days",
                        f.median_days < 0 ? json_null() : json_real(f.median_days));
    json_object_set_new(o, "applicants", json_integer(f.applicants));
    json_object_set_new(o, "repeat_applicants", json_integer(f.repeat_applicants));
    json_object_set_new(o, "repeat_share", share(f.repeat_applicants, f.applicants));
    int64_t amount = 0, flexible = 0, committed = 0, paid = 0;
    int any = 0;
    for (size_t i = 0; i < nbudgets; i++) {
        int in = 0;
        if (wijk_id)
            in = budgets[i].area_id == wijk_id;
        else
            for (size_t k = 0; k < nw && !in; k++)
                in =
                    w[k].id == budgets[i].area_id &&
                    (ar->kind == MON_CITY || (ar->kind == MON_REGION && w[k].region_id == ar->id) ||
                     (ar->kind == MON_WIJK && w[k].id == ar->id));
        if (!in)
            continue;
        any = 1;
        amount += budgets[i].amount_cents;
        flexible += budgets[i].flexible_cents;
        committed += budgets[i].committed_cents;
        paid += budgets[i].paid_cents;
    }
    json_object_set_new(o, "budget",
                        any ? json_pack("{s:I,s:I,s:I,s:I}", "amount_cents", (json_int_t)amount,
                                        "flexible_cents", (json_int_t)flexible, "committed_cents",
                                        (json_int_t)committed, "paid_cents", (json_int_t)paid)
                            : json_null());
    return o;
}

/* The wijken of the area on date `on`, as a JSON id list and inhabitants. */
static int area_wijken(db *d, arena *a, const struct monitor_area *ar, const char *on,
                       struct wijk **w, size_t *nw, json_t **ids, int64_t *inhabitants,
                       const char **name, const char **slug)
{
    if (area_list_wijken(d, a, on, 0, w, nw) != DB_OK)
        return -1;
    *ids = json_array();
    *inhabitants = 0;
    int found = ar->kind == MON_CITY;
    for (size_t i = 0; i < *nw; i++) {
        struct wijk *x = &(*w)[i];
        int in = ar->kind == MON_CITY || (ar->kind == MON_REGION && x->region_id == ar->id) ||
                 (ar->kind == MON_WIJK && x->id == ar->id);
        if (!in)
            continue;
        json_array_append_new(*ids, json_integer(x->id));
        if (x->inhabitants > 0)
            *inhabitants += x->inhabitants;
        if (ar->kind == MON_REGION) {
            found = 1;
            *name = x->region_name;
            *slug = x->region_slug;
        } else if (ar->kind == MON_WIJK) {
            found = 1;
            *name = x->name;
            *slug = x->slug;
        }
    }
    if (ar->kind == MON_REGION && !found) {
        /* a region without wijken still exists */
        struct region rg;
        if (area_region_by_id(d, a, ar->id, on, &rg) == DB_OK) {
            found = 1;
            *name = rg.name;
            *slug = rg.slug;
        }
    }
    if (!found) {
        json_decref(*ids);
        return -1;
    }
    return 0;
}

/* YYYYMM of a "YYYY-MM-DD" date (its digits checked), or 0. */
static int atoi_month(const char *day)
{
    for (int i = 0; i < 7; i++)
        if (i == 4 ? day[i] != '-' : (day[i] < '0' || day[i] > '9'))
            return 0;
    return ((day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0')) *
               100 +
           (day[5] - '0') * 10 + (day[6] - '0');
}

static const char *period_label(arena *a, enum monitor_period p, int month)
{
    int y = month / 100, m = month % 100;
    if (p == MON_YEAR)
        return arena_printf(a, "%d", y);
    if (p == MON_QUARTER)
        return arena_printf(a, "%d K%d", y, (m - 1) / 3 + 1);
    return arena_printf(a, "%d-%02d", y, m);
}

struct bucket {
    const char *label;
    int64_t n, closed, within;
    int first, last; /* its months, YYYYMM */
};

static json_t *indicator_json(const struct mon_indicator *in)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(in->name));
    json_object_set_new(o, "unit", json_string(in->unit ? in->unit : ""));
    json_object_set_new(o, "method", json_string(in->method ? in->method : "manual"));
    json_object_set_new(o, "source", json_string(in->source ? in->source : ""));
    json_object_set_new(o, "higher_is_better", json_boolean(in->higher_is_better));
    json_object_set_new(o, "baseline", in->has_baseline ? json_real(in->baseline) : json_null());
    json_object_set_new(o, "baseline_date",
                        in->baseline_date ? json_string(in->baseline_date) : json_null());
    json_object_set_new(o, "target", in->has_target ? json_real(in->target) : json_null());
    json_object_set_new(o, "target_date",
                        in->target_date ? json_string(in->target_date) : json_null());
    json_t *series = json_array();
    for (size_t i = 0; i < in->nm; i++)
        json_array_append_new(series, json_pack("{s:s,s:f,s:b}", "on", in->m[i].on, "value",
                                                in->m[i].value, "auto", in->m[i].auto_));
    json_object_set_new(o, "series", series);
    if (in->nm == 0) {
        json_object_set_new(o, "measured", json_null());
        json_object_set_new(o, "trend", json_string("onbekend"));
        return o;
    }
    double last = in->m[in->nm - 1].value;
    json_object_set_new(o, "measured", json_real(last));
    json_object_set_new(o, "measured_on", json_string(in->m[in->nm - 1].on));
    /* trend: what it achieved, the last value against the baseline (else the
     * first measurement); monthly values wobble, the council asks for the
     * direction since the start */
    int has_prev = in->has_baseline || in->nm > 1;
    double prev = in->has_baseline ? in->baseline : in->m[0].value;
    const char *trend = "onbekend";
    if (has_prev) {
        double diff = last - prev;
        if (fabs(diff) < 1e-9)
            trend = "gelijk";
        else
            trend = (diff > 0) == (in->higher_is_better != 0) ? "beter" : "slechter";
    }
    json_object_set_new(o, "trend", json_string(trend));
    if (in->has_baseline && in->has_target && fabs(in->target - in->baseline) > 1e-9) {
        double p = 100.0 * (last - in->baseline) / (in->target - in->baseline);
        json_object_set_new(o, "progress", json_real(round(p)));
        json_object_set_new(
            o, "target_met",
            json_boolean(in->higher_is_better ? last >= in->target : last <= in->target));
    }
    return o;
}

static json_t *focus_json(const struct mon_focus *f, const char *year_start, const char *year_end,
                          const char *today, int64_t *overdue_total)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(f->id));
    json_object_set_new(o, "number", json_integer(f->number));
    json_object_set_new(o, "title", json_string(f->title));
    json_object_set_new(o, "period_start", json_string(f->period_start));
    json_object_set_new(o, "period_end", json_string(f->period_end));
    json_object_set_new(o, "status", json_string(f->status ? f->status : ""));
    json_object_set_new(o, "areas", json_string(f->areas ? f->areas : ""));
    json_object_set_new(o, "regisseur", f->regisseur ? json_string(f->regisseur) : json_null());
    json_object_set_new(o, "buurt_level", json_boolean(f->buurt_level));
    json_object_set_new(o, "problem", f->problem ? json_string(f->problem) : json_null());
    json_object_set_new(o, "report_text",
                        f->report_text ? json_string(f->report_text) : json_null());
    json_t *goals = json_array();
    int64_t nind = 0, met = 0;
    for (size_t i = 0; i < f->ngoals; i++) {
        json_t *inds = json_array();
        for (size_t k = 0; k < f->goals[i].nind; k++) {
            json_t *ij = indicator_json(&f->goals[i].ind[k]);
            nind++;
            met += json_is_true(json_object_get(ij, "target_met"));
            json_array_append_new(inds, ij);
        }
        json_array_append_new(goals,
                              json_pack("{s:s,s:o}", "text", f->goals[i].text, "indicators", inds));
    }
    json_object_set_new(o, "goals", goals);
    json_object_set_new(o, "indicators", json_integer(nind));
    json_object_set_new(o, "targets_met", json_integer(met));
    /* what is "overdue" for a past year is judged at the year's end */
    const char *judge = strcmp(today, year_end) < 0 ? today : year_end;
    json_t *done = json_array(), *open = json_array();
    int64_t overdue = 0;
    for (size_t i = 0; i < f->nactions; i++) {
        const struct mon_action *ac = &f->actions[i];
        if (strcmp(ac->status, "gereed") == 0) {
            if (!ac->done_on ||
                (strcmp(ac->done_on, year_start) >= 0 && strcmp(ac->done_on, year_end) <= 0))
                json_array_append_new(done, json_pack("{s:s,s:s,s:s?}", "title", ac->title, "owner",
                                                      ac->owner, "done_on", ac->done_on));
        } else if (strcmp(ac->status, "vervallen") != 0) {
            int late = ac->due_on && strcmp(ac->due_on, judge) < 0;
            overdue += late;
            json_array_append_new(open, json_pack("{s:s,s:s,s:s?,s:s,s:b}", "title", ac->title,
                                                  "owner", ac->owner, "due_on", ac->due_on,
                                                  "status", ac->status, "overdue", late));
        }
    }
    json_object_set_new(o, "actions_done", done);
    json_object_set_new(o, "actions_open", open);
    json_object_set_new(o, "actions_overdue", json_integer(overdue));
    *overdue_total += overdue;
    return o;
}

json_t *monitor_figures(db *d, arena *a, const struct monitor_area *ar, int year,
                        enum monitor_period period, const char *today, int64_t now,
                        int with_workload)
{
    char year_start[16], year_end[16];
    snprintf(year_start, sizeof year_start, "%04d-01-01", year);
    snprintf(year_end, sizeof year_end, "%04d-12-31", year);
    /* areas as they stood at the end of the year, or today for the current one */
    const char *on = strcmp(today, year_end) < 0 ? today : year_end;
    struct wijk *w;
    size_t nw;
    json_t *ids;
    int64_t inhabitants;
    const char *name = ar->name, *slug = ar->slug;
    if (ar->kind == MON_CITY && !name)
        name = mon_municipality(d, a);
    if (area_wijken(d, a, ar, on, &w, &nw, &ids, &inhabitants, &name, &slug) != 0)
        return NULL;
    char *ids_text = json_dumps(ids, JSON_COMPACT);
    struct mon_scope sc = {.all = ar->kind == MON_CITY,
                           .wijks = ids_text ? arena_strdup(a, ids_text) : "[]"};
    free(ids_text);
    json_decref(ids);

    json_t *doc = json_object();
    json_object_set_new(doc, "scope",
                        json_pack("{s:s,s:I,s:s?,s:s?,s:I}", "kind",
                                  ar->kind == MON_CITY     ? "stad"
                                  : ar->kind == MON_REGION ? "regio"
                                                           : "wijk",
                                  "id", (json_int_t)ar->id, "name", name, "slug", slug,
                                  "inhabitants", (json_int_t)inhabitants));
    json_object_set_new(doc, "year", json_integer(year));
    json_object_set_new(doc, "period", json_string(monitor_period_code(period)));
    /* the counters serve the whole city: their figures are the city's */
    if (ar->kind == MON_CITY) {
        json_t *counter = counter_figures(d, a, year_start, year_end);
        if (!counter) {
            json_decref(doc);
            return NULL;
        }
        json_object_set_new(doc, "counter", counter);
        /* the regisseurs' own time, per region: the city's table */
        json_t *regie = regie_figures(d, a, year_start, year_end);
        if (!regie) {
            json_decref(doc);
            return NULL;
        }
        json_object_set_new(doc, "regie", regie);
        /* the omnibus survey: facts of the city, apart from the reach */
        struct omnibus_row *om;
        size_t nom = 0;
        if (omnibus_list(d, a, &om, &nom) != DB_OK) {
            json_decref(doc);
            return NULL;
        }
        json_t *oj = json_array();
        for (size_t i = 0; i < nom; i++)
            json_array_append_new(oj, json_pack("{s:i,s:s,s:s,s:f,s:s}", "year", om[i].year, "key",
                                                om[i].key, "label", om[i].label, "pct", om[i].pct,
                                                "source", om[i].source));
        json_object_set_new(doc, "omnibus", oj);
        /* the wijkspreekuur's term */
        json_t *terms = participation_spreekuur(d, a, year, w, nw, now);
        if (!terms) {
            json_decref(doc);
            return NULL;
        }
        json_object_set_new(doc, "spreekuur_terms", terms);
    }
    /* reach, measured: every act of participation, per wijk of the scope
     * and in the whole scope (a wijk's page: that wijk alone) */
    struct wijk *rw = w;
    size_t nrw = ar->kind == MON_WIJK ? 0 : nw;
    if (ar->kind == MON_REGION) {
        rw = arena_calloc(a, nw ? nw : 1, sizeof *rw);
        nrw = 0;
        for (size_t i = 0; rw && i < nw; i++)
            if (w[i].region_id == ar->id)
                rw[nrw++] = w[i];
    }
    json_t *reach = rw ? participation_reach(d, a, year, rw, nrw, inhabitants,
                                             ar->kind == MON_CITY ? NULL : sc.wijks)
                       : NULL;
    if (!reach) {
        json_decref(doc);
        return NULL;
    }
    json_object_set_new(doc, "participation", reach);

    /* months from the start of the trend to the end of the year */
    int first_year = period == MON_YEAR ? year - 4 : period == MON_QUARTER ? year - 2 : year;
    struct mon_month *rows;
    size_t nrows;
    if (mon_months(d, a, &sc, first_year * 100 + 1, year * 100 + 12, &rows, &nrows) != DB_OK)
        goto fail;

    int nb = period == MON_YEAR ? 5 : 12;
    struct bucket b[12];
    memset(b, 0, sizeof b);
    for (int i = 0; i < nb; i++) {
        int m = period == MON_YEAR      ? (first_year + i) * 100 + 1
                : period == MON_QUARTER ? (first_year + i / 4) * 100 + (i % 4) * 3 + 1
                                        : year * 100 + i + 1;
        b[i].label = period_label(a, period, m);
        b[i].first = m;
        b[i].last = period == MON_YEAR ? (m / 100) * 100 + 12 : period == MON_QUARTER ? m + 2 : m;
    }
    /* the month of today: its period is not complete yet, later ones empty */
    int this_month = today && strlen(today) >= 7 ? atoi_month(today) : 0;
    int64_t total = 0, closed = 0, within = 0, handed = 0, handoffs = 0;
    for (size_t i = 0; i < nrows; i++) {
        const struct mon_month *r = &rows[i];
        int y = r->month / 100, m = r->month % 100;
        int bi = period == MON_YEAR      ? y - first_year
                 : period == MON_QUARTER ? (y - first_year) * 4 + (m - 1) / 3
                 : y == year             ? m - 1
                                         : -1;
        if (bi >= 0 && bi < nb) {
            b[bi].n += r->n;
            b[bi].closed += r->closed;
            b[bi].within += r->within;
        }
        if (y != year)
            continue;
        total += r->n;
        closed += r->closed;
        within += r->within;
        handed += r->handed_off;
        handoffs += r->handoffs;
    }
    struct mon_count *cats, *chs;
    size_t ncats, nchs;
    if (mon_categories(d, a, &sc, year * 100 + 1, year * 100 + 12, &cats, &ncats) != DB_OK ||
        mon_channels(d, a, &sc, year * 100 + 1, year * 100 + 12, &chs, &nchs) != DB_OK)
        goto fail;
    int64_t chan[NCHANNELS] = {0};
    for (size_t i = 0; i < nchs; i++)
        for (size_t k = 0; k < NCHANNELS; k++)
            if (strcmp(CHANNELS[k], chs[i].name) == 0)
                chan[k] += chs[i].n;
    int64_t hist[MON_DAYS_MAX + 1];
    if (mon_handling_days(d, &sc, year * 100 + 1, year * 100 + 12, hist) != DB_OK)
        goto fail;
    int64_t hn = 0, acc = 0;
    for (int i = 0; i <= MON_DAYS_MAX; i++)
        hn += hist[i];
    json_t *median = json_null();
    for (int i = 0; hn > 0 && i <= MON_DAYS_MAX; i++) {
        acc += hist[i];
        if (2 * acc >= hn) {
            median = json_integer(i);
            break;
        }
    }
    int64_t overdue = 0;
    if (mon_overdue(d, &sc, now, &overdue) != DB_OK)
        goto fail;

    json_t *sig = json_object();
    json_object_set_new(sig, "total", json_integer(total));
    json_object_set_new(sig, "per_1000", per_1000(total, inhabitants));
    json_object_set_new(sig, "closed", json_integer(closed));
    json_object_set_new(sig, "within", json_integer(within));
    json_object_set_new(sig, "within_share", share(within, closed));
    json_object_set_new(sig, "median_days", median);
    json_object_set_new(sig, "handed_off", json_integer(handed));
    json_object_set_new(sig, "handed_off_share", share(handed, total));
    json_object_set_new(sig, "handoffs", json_integer(handoffs));
    json_object_set_new(sig, "overdue", json_integer(overdue));
    json_object_set_new(doc, "signals", sig);

    json_t *cj = json_array();
    int64_t rest = 0;
    for (size_t i = 0; i < ncats; i++) {
        if (i >= TOP_CATEGORIES) {
            rest += cats[i].n;
            continue;
        }
        json_array_append_new(cj, json_pack("{s:s,s:I,s:o}", "name", cats[i].name, "n",
                                            (json_int_t)cats[i].n, "per_1000",
                                            per_1000(cats[i].n, inhabitants)));
    }
    if (rest)
        json_array_append_new(cj, json_pack("{s:s,s:I,s:o,s:b}", "name", "overig", "n",
                                            (json_int_t)rest, "per_1000",
                                            per_1000(rest, inhabitants), "rest", 1));
    json_object_set_new(doc, "categories", cj);
    json_t *chj = json_array();
    for (size_t k = 0; k < NCHANNELS; k++)
        json_array_append_new(chj, json_pack("{s:s,s:I,s:o}", "code", CHANNELS[k], "n",
                                             (json_int_t)chan[k], "share", share(chan[k], total)));
    json_object_set_new(doc, "channels", chj);
    json_t *tj = json_array();
    for (int i = 0; i < nb; i++)
        json_array_append_new(
            tj, json_pack("{s:s,s:I,s:o,s:o,s:b,s:b}", "label", b[i].label, "n", (json_int_t)b[i].n,
                          "per_1000", per_1000(b[i].n, inhabitants), "within_share",
                          share(b[i].within, b[i].closed), "current",
                          this_month && b[i].first <= this_month && this_month <= b[i].last,
                          "future", this_month && b[i].first > this_month));
    json_object_set_new(doc, "trend", tj);

    int64_t reporters, repeat;
    if (mon_reach(d, &sc, year, &reporters, &repeat) != DB_OK)
        goto fail;
    json_object_set_new(doc, "reach",
                        json_pack("{s:I,s:o,s:I,s:o}", "reporters", (json_int_t)reporters,
                                  "per_1000", per_1000(reporters, inhabitants), "repeat",
                                  (json_int_t)repeat, "repeat_share", share(repeat, reporters)));

    /* residents' initiatives (Wijk aan zet) and the wijk budgets */
    struct wijk_budget_row *budgets;
    size_t nbudgets;
    if (wijk_budget_list(d, a, year, &budgets, &nbudgets) != DB_OK)
        goto fail;
    json_t *ij = initiatives_json(d, ar->kind == MON_WIJK ? ar->id : 0, sc.wijks, sc.all, year,
                                  inhabitants, budgets, nbudgets, w, nw, ar);
    if (!ij)
        goto fail;
    json_object_set_new(doc, "initiatives", ij);

    /* wijken of the city or region */
    if (ar->kind != MON_WIJK) {
        struct mon_wijk_count *wc;
        size_t nwc;
        if (mon_signal_by_wijk(d, a, year * 100 + 1, year * 100 + 12, &wc, &nwc) != DB_OK)
            goto fail;
        json_t *wj = json_array();
        for (size_t i = 0; i < nw; i++) {
            if (ar->kind == MON_REGION && w[i].region_id != ar->id)
                continue;
            int64_t n = 0, cl = 0, wi = 0;
            for (size_t k = 0; k < nwc; k++)
                if (wc[k].wijk_id == w[i].id) {
                    n = wc[k].n;
                    cl = wc[k].closed;
                    wi = wc[k].within;
                }
            json_t *wi_init = initiatives_json(d, w[i].id, NULL, 0, year, w[i].inhabitants, budgets,
                                               nbudgets, w, nw, ar);
            if (!wi_init) {
                json_decref(wj);
                goto fail;
            }
            json_array_append_new(
                wj,
                json_pack("{s:s,s:s,s:I,s:I,s:o,s:o,s:o}", "name", w[i].name, "slug", w[i].slug,
                          "inhabitants", (json_int_t)(w[i].inhabitants > 0 ? w[i].inhabitants : 0),
                          "n", (json_int_t)n, "per_1000", per_1000(n, w[i].inhabitants),
                          "within_share", share(wi, cl), "initiatives", wi_init));
        }
        json_object_set_new(doc, "wijken", wj);
    }

    /* focus points */
    struct mon_focus *f;
    size_t nf;
    if (mon_focus_list(d, a, &sc, year_start, year_end, year, &f, &nf) != DB_OK)
        goto fail;
    json_t *fj = json_array();
    int64_t actions_overdue = 0;
    for (size_t i = 0; i < nf; i++)
        json_array_append_new(fj, focus_json(&f[i], year_start, year_end, today, &actions_overdue));
    json_object_set_new(doc, "focus", fj);
    json_object_set_new(doc, "actions_overdue", json_integer(actions_overdue));

    /* what the college decided in the year: the council's "decided set"
     * (a closed year keeps it in its snapshot) */
    struct mon_decided *dc;
    size_t ndc;
    if (mon_decided_list(d, a, &sc, year_start, year_end, &dc, &ndc) != DB_OK)
        goto fail;
    json_t *dj = json_array();
    for (size_t i = 0; i < ndc; i++)
        json_array_append_new(
            dj, json_pack("{s:I,s:i,s:s,s:s,s:s,s:b,s:s?,s:s?}", "id", (json_int_t)dc[i].id,
                          "number", dc[i].number, "title", dc[i].title, "period_start",
                          dc[i].period_start, "decided_on", dc[i].decided_on, "rejected",
                          dc[i].rejected, "reason", dc[i].reason, "areas", dc[i].areas));
    json_object_set_new(doc, "decided", dj);

    /* hours on focus-point actions per wijk and department or partner (a
     * closed year keeps them in its snapshot), and the escalations */
    struct action_hours_row *hr;
    size_t nhr;
    if (action_hours_by_wijk(d, a, year, ar->kind == MON_WIJK ? ar->id : 0,
                             ar->kind == MON_REGION ? ar->id : 0, &hr, &nhr) != DB_OK)
        goto fail;
    json_t *hj = json_array();
    for (size_t i = 0; i < nhr; i++)
        json_array_append_new(hj, json_pack("{s:s,s:s,s:s?,s:I}", "wijk", hr[i].wijk_name, "org",
                                            hr[i].org_name, "org_kind", hr[i].org_kind, "minutes",
                                            (json_int_t)hr[i].minutes));
    json_object_set_new(doc, "hours", hj);
    json_t *esc = escalation_monitor_json(d, a, year, sc.all, sc.wijks);
    if (!esc)
        goto fail;
    json_object_set_new(doc, "escalations", esc);

    if (with_workload) {
        struct mon_workload *wl;
        size_t nwl;
        int64_t region = ar->kind == MON_REGION ? ar->id : 0;
        if (ar->kind == MON_WIJK)
            for (size_t i = 0; i < nw; i++)
                if (w[i].id == ar->id)
                    region = w[i].region_id ? w[i].region_id : -1;
        if (mon_workload(d, a, region, today, &wl, &nwl) != DB_OK)
            goto fail;
        json_t *wlj = json_array();
        for (size_t i = 0; i < nwl; i++)
            json_array_append_new(wlj, json_pack("{s:s,s:s?,s:I,s:I,s:I}", "name", wl[i].name,
                                                 "region", wl[i].region, "open_signals",
                                                 (json_int_t)wl[i].open_signals, "open_actions",
                                                 (json_int_t)wl[i].open_actions, "focus_points",
                                                 (json_int_t)wl[i].focus_points));
        json_object_set_new(doc, "workload", wlj);
    }
    return doc;
fail:
    json_decref(doc);
    return NULL;
}

static json_t *compute_report(db *d, arena *a, int year, const char *today, int64_t now)
{
    struct monitor_area city = {.kind = MON_CITY};
    json_t *c = monitor_figures(d, a, &city, year, MON_MONTH, today, now, 0);
    if (!c)
        return NULL;
    /* the budget's totals (null: none recorded for the year); a snapshot
     * made before the budget was kept has no "budget" at all */
    json_t *budget = budget_report_json(d, a, year);
    if (!budget) {
        json_decref(c);
        return NULL;
    }
    json_t *rep = json_pack("{s:i,s:b,s:o,s:[],s:o}", "year", year, "closed", 0, "city", c,
                            "wijken", "budget", budget);
    json_t *wl = json_object_get(c, "wijken");
    size_t i;
    json_t *wj;
    json_array_foreach(wl, i, wj)
    {
        char on[16];
        snprintf(on, sizeof on, "%04d-12-31", year);
        struct wijk w;
        const char *slug = json_string_value(json_object_get(wj, "slug"));
        if (area_get_wijk(d, a, slug, strcmp(today, on) < 0 ? today : on, 0, &w) != DB_OK)
            continue;
        struct monitor_area ar = {.kind = MON_WIJK, .id = w.id, .slug = w.slug, .name = w.name};
        json_t *f = monitor_figures(d, a, &ar, year, MON_MONTH, today, now, 0);
        if (!f) {
            json_decref(rep);
            return NULL;
        }
        json_array_append_new(json_object_get(rep, "wijken"), f);
    }
    return rep;
}

json_t *monitor_report(db *d, arena *a, int year, const char *today, int64_t now)
{
    const char *text;
    int64_t closed_at;
    int rc = mon_snapshot_get(d, a, year, &text, &closed_at);
    if (rc == DB_OK) {
        json_t *rep = json_loads(text, 0, NULL);
        if (rep) {
            json_object_set_new(rep, "closed", json_true());
            json_object_set_new(rep, "closed_at", json_integer(closed_at));
        }
        return rep;
    }
    if (rc != DB_NOTFOUND)
        return NULL;
    return compute_report(d, a, year, today, now);
}

int monitor_close_year(db *d, arena *a, int year, int64_t user_id, const char *today, int64_t now)
{
    const char *text;
    int64_t closed_at;
    int rc = mon_snapshot_get(d, a, year, &text, &closed_at);
    if (rc == DB_OK)
        return DB_CONSTRAINT;
    if (rc != DB_NOTFOUND)
        return DB_ERROR;
    json_t *rep = compute_report(d, a, year, today, now);
    if (!rep)
        return DB_ERROR;
    char *s = json_dumps(rep, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(rep);
    if (!s)
        return DB_ERROR;
    rc = mon_snapshot_put(d, year, now, user_id, s);
    free(s);
    return rc;
}
