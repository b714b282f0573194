/*
 * monitor_store.h: the read queries of the monitor and the council report:
 * signal figures from the summaries of migration 0007, open signals past
 * their deadline, reach, focus points with their goals, indicators,
 * measurements and actions, the wijkregisseurs' workload, and the frozen
 * figures of closed years (year_snapshot).
 *
 * A scope is the whole city (all = 1) or a list of wijk ids as a JSON array
 * text ("[3,5]"), bound as one parameter and read with json_each.
 */
#ifndef WR_MONITOR_STORE_H
#define WR_MONITOR_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct mon_scope {
    int all;           /* 1: the whole city, also signals without a wijk */
    const char *wijks; /* JSON array of wijk ids when !all */
};

/* One month of the scope. */
struct mon_month {
    int month; /* YYYYMM */
    int64_t n, closed, within, handed_off, handoffs;
};

/* Months from..to (YYYYMM, inclusive) that have signals. */
int mon_months(db *d, arena *a, const struct mon_scope *s, int from, int to,
               /* out: */ struct mon_month **out, size_t *n);

/* A name (main category, or channel code) with its number of signals. */
struct mon_count {
    const char *name;
    int64_t n;
};

/* Signals per main category in months from..to, most first. */
int mon_categories(db *d, arena *a, const struct mon_scope *s, int from, int to,
                   /* out: */ struct mon_count **out, size_t *n);
/* Signals per channel in months from..to. */
int mon_channels(db *d, arena *a, const struct mon_scope *s, int from, int to,
                 /* out: */ struct mon_count **out, size_t *n);

/* Signals per wijk in months from..to (id 0: without a wijk). */
struct mon_wijk_count {
    int64_t wijk_id;
    int64_t n, closed, within;
};
int mon_signal_by_wijk(db *d, arena *a, int from, int to, /* out: */ struct mon_wijk_count **out,
                       size_t *n);

/* Closed signals by days from report to closing (hist[days] for days 0..400). */
#define MON_DAYS_MAX 400
int mon_handling_days(db *d, const struct mon_scope *s, int from, int to,
                      /* out: */ int64_t hist[MON_DAYS_MAX + 1]);

/* Open signals whose deadline passed before `now`. */
int mon_overdue(db *d, const struct mon_scope *s, int64_t now, /* out: */ int64_t *n);

/* Distinct reporters (by pseudonym) in a year, and those with more than one signal. */
int mon_reach(db *d, const struct mon_scope *s, int year, /* out: */ int64_t *reporters,
              int64_t *repeat);
/* The same over a set of wijken (a JSON array of ids) as one scope: a
 * reporter in two of them is one reporter. */
int mon_reach_set(db *d, int year, const char *wijks, /* out: */ int64_t *reporters,
                  int64_t *repeat);

struct mon_measure {
    const char *on; /* YYYY-MM-DD */
    double value;
    int auto_;
};

struct mon_indicator {
    int64_t id;
    const char *name, *unit, *method, *source;
    int has_baseline, has_target, higher_is_better;
    double baseline, target;
    const char *baseline_date, *target_date;
    struct mon_measure *m; /* by date, up to the end of the year asked */
    size_t nm;
};

struct mon_goal {
    int64_t id;
    const char *text;
    struct mon_indicator *ind;
    size_t nind;
};

struct mon_action {
    const char *title, *owner, *due_on, *status, *done_on;
};

struct mon_focus {
    int64_t id;
    int number;
    const char *title, *period_start, *period_end, *status, *problem, *areas, *regisseur;
    const char *report_text; /* the wijkregisseur's text for the year, or NULL */
    bool buurt_level;        /* about a buurt: measured at wijk level for now */
    struct mon_goal *goals;
    size_t ngoals;
    struct mon_action *actions;
    size_t nactions;
};

/* Focus points in the scope whose period overlaps [from, to] (YYYY-MM-DD),
 * decided on (not proposals),
 * with goals, indicators, measurements up to `to`, actions and the text of `year`. */
int mon_focus_list(db *d, arena *a, const struct mon_scope *s, const char *from, const char *to,
                   int year, /* out: */ struct mon_focus **out, size_t *n);

/* A decision of the college on a focus point (adopted, or a proposal
 * rejected), by the date of the decision. */
struct mon_decided {
    int64_t id;
    int number;
    const char *title, *period_start, *decided_on, *reason, *areas;
    bool rejected;
};

/* The college's decisions in the scope taken in [from, to] (YYYY-MM-DD), in
 * order of date. */
int mon_decided_list(db *d, arena *a, const struct mon_scope *s, const char *from, const char *to,
                     /* out: */ struct mon_decided **out, size_t *n);

struct mon_workload {
    int64_t user_id;
    const char *name, *region;
    int64_t region_id;
    int64_t open_signals, open_actions, focus_points;
};

/* Every wijkregisseur (region_id 0: all) with what they carry on `today`. */
int mon_workload(db *d, arena *a, int64_t region_id, const char *today,
                 /* out: */ struct mon_workload **out, size_t *n);

/* The municipality's name ("Zoetermeer"), or NULL. */
const char *mon_municipality(db *d, arena *a);

/* year_snapshot */
int mon_snapshot_get(db *d, arena *a, int year, /* out: */ const char **json, int64_t *closed_at);
/* Whether the year was closed (its figures frozen in year_snapshot). */
int mon_year_closed(db *d, int year, /* out: */ bool *closed);
int mon_snapshot_years(db *d, arena *a, /* out: */ int **years, size_t *n);
/* DB_CONSTRAINT when the year is already closed. */
int mon_snapshot_put(db *d, int year, int64_t closed_at, int64_t user_id, const char *json);
/* First and last year with signals (0 when none). */
int mon_signal_years(db *d, /* out: */ int *first, int *last);

#endif
