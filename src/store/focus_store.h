/*
 * focus_store.h: the SQL of focus points and their plans (goals,
 * indicators, actions, partners), measurements, report texts, the
 * inventory input, and the counts over signals that the automatic
 * indicators and the inventory candidates are computed from.
 *
 * Text columns come back copied into the caller's arena (NULL for SQL
 * NULL). Writes run inside the caller's transaction.
 */
#ifndef WR_FOCUS_STORE_H
#define WR_FOCUS_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct focus_row {
    int64_t id;
    int number;
    const char *title, *problem, *origin, *period_start, *period_end, *status, *decided_on, *source;
    int demo;
    int64_t regisseur_user_id;
    const char *regisseur_name;
    const char *area_names; /* comma separated */
    const char *wijk_codes; /* comma separated CBS codes of the wijken (a buurt: its wijk) */
    bool has_buurt;         /* one of its areas is a buurt */
};

struct focus_area {
    int64_t id, wijk_id, region_id; /* region of the wijk on the day asked, 0: none */
    const char *kind, *code, *name, *slug;
};

struct focus_filter {
    int64_t area_id;          /* 0: all */
    const char *period_start; /* NULL: all */
    const char *status;       /* NULL: all */
    int64_t region_first;     /* focus points in this region come first (0: none) */
    const char *on;           /* date for the region assignment */
};

struct focus_goal {
    int64_t id;
    int position;
    const char *text;
};

struct focus_ind {
    int64_t id, goal_id, focuspunt_id;
    const char *name, *unit, *method, *baseline_date, *target_date, *source;
    bool has_baseline, has_target, higher_is_better;
    double baseline, target;
    /* the latest measurement (auto or entered) */
    bool has_latest, latest_auto;
    double latest;
    const char *latest_on, *latest_source;
    const char *category_names; /* comma separated, NULL: all categories */
};

struct focus_act {
    int64_t id, owner_org_id;
    const char *title, *owner_kind, *owner_name, *owner_text, *due_on, *status, *notes, *done_on;
};

struct focus_partner_row {
    int64_t org_id;
    const char *name, *kind, *type, *role;
};

struct focus_meas {
    int64_t id;
    const char *measured_on, *source;
    double value;
    bool automatic;
};

struct focus_text {
    int year;
    const char *text;
};

struct inventory_row {
    int64_t id;
    const char *source, *text, *entered_by;
    int64_t entered_at;
};

/* Counts over signals of a focus point's wijken in [from, to). */
struct focus_signal_counts {
    int64_t signals, due, in_time, reporters;
};

/* A category with signals in a wijk: now = the last 3 months, before = the
 * 3 months before that; open_long = still open after 8 weeks. */
struct focus_cluster {
    int64_t category_id;
    const char *name;
    int64_t now, before, open_long;
    int64_t oldest_open_at; /* created_at of the oldest long-open one, 0: none */
};

/* The automatic indicators to (re)compute. */
struct focus_auto {
    int64_t id, focuspunt_id;
    const char *method, *baseline_date, *period_start, *period_end;
};

int focus_list(db *d, arena *a, const struct focus_filter *f, /* out: */ struct focus_row **out,
               size_t *n);
int focus_get(db *d, arena *a, int64_t id, /* out: */ struct focus_row *out);
int focus_areas(db *d, arena *a, int64_t id, const char *on, /* out: */ struct focus_area **out,
                size_t *n);
/* The wijken and buurten that may be chosen, with their region on `on`. */
int focus_area_choices(db *d, arena *a, const char *on, /* out: */ struct focus_area **out,
                       size_t *n);
/* Inserts a focus point with the next number of its period. */
int focus_insert(db *d, const struct focus_row *in, int64_t now, /* out: */ int64_t *id);
int focus_update(db *d, const struct focus_row *in, int64_t now);
/* The college's decision: a proposal becomes vastgesteld on decided_on.
 * DB_NOTFOUND when it is no open proposal (any more). */
int focus_decide(db *d, int64_t id, const char *decided_on, int64_t now);
/* The college's rejection: a proposal becomes niet_vastgesteld on
 * decided_on, with the college's reason. DB_NOTFOUND when it is no open
 * proposal (any more). */
int focus_reject(db *d, int64_t id, const char *decided_on, const char *reason, int64_t now);
/* The reason the college gave with its decision (*reason NULL: none). */
int focus_decision_reason(db *d, arena *a, int64_t id, /* out: */ const char **reason);
int focus_set_areas(db *d, int64_t id, const int64_t *areas, size_t n);

int focus_goals(db *d, arena *a, int64_t focuspunt_id, /* out: */ struct focus_goal **out,
                size_t *n);
int focus_goal_insert(db *d, int64_t focuspunt_id, const char *text, /* out: */ int64_t *id);
int focus_goal_update(db *d, int64_t focuspunt_id, int64_t goal_id, const char *text);
/* Numbers the goals of a focus point 1..n in the order of ids (all its goals). */
int focus_goal_reorder(db *d, int64_t focuspunt_id, const int64_t *ids, size_t n);
/* Deletes a goal with its indicators and their measurements (the foreign
 * keys cascade); DB_NOTFOUND when it is not the focus point's. */
int focus_goal_delete(db *d, int64_t focuspunt_id, int64_t goal_id);

/* All indicators of a focus point's goals, with their latest measurement. */
int focus_indicators(db *d, arena *a, int64_t focuspunt_id, /* out: */ struct focus_ind **out,
                     size_t *n);
int focus_indicator_get(db *d, arena *a, int64_t id, /* out: */ struct focus_ind *out);
int focus_indicator_insert(db *d, const struct focus_ind *in, /* out: */ int64_t *id);
int focus_indicator_update(db *d, const struct focus_ind *in);
int focus_indicator_set_categories(db *d, int64_t id, const int64_t *cats, size_t n);
/* Chosen category ids of an indicator. */
int focus_indicator_categories(db *d, arena *a, int64_t id, /* out: */ int64_t **out, size_t *n);

int focus_actions(db *d, arena *a, int64_t focuspunt_id, /* out: */ struct focus_act **out,
                  size_t *n);
int focus_action_get(db *d, arena *a, int64_t id, /* out: */ struct focus_act *out,
                     /* out: */ int64_t *focuspunt_id);
int focus_action_insert(db *d, int64_t focuspunt_id, const struct focus_act *in, int64_t now,
                        /* out: */ int64_t *id);
int focus_action_update(db *d, const struct focus_act *in, int64_t now);

int focus_partners(db *d, arena *a, int64_t focuspunt_id,
                   /* out: */ struct focus_partner_row **out, size_t *n);
int focus_partner_set(db *d, int64_t focuspunt_id, int64_t org_id, const char *role);
int focus_partner_delete(db *d, int64_t focuspunt_id, int64_t org_id);

/* The measurements of an indicator, newest first (at most max). */
int focus_measurements(db *d, arena *a, int64_t indicator_id, size_t max,
                       /* out: */ struct focus_meas **out, size_t *n);
int focus_measurement_insert(db *d, int64_t indicator_id, const char *measured_on, double value,
                             const char *source, int64_t user_id, int64_t now,
                             /* out: */ int64_t *id);
/* Deletes an entered (auto = 0) measurement of the indicator. */
int focus_measurement_delete(db *d, int64_t indicator_id, int64_t id);
/* One measurement and the indicator it belongs to. */
int focus_measurement_get(db *d, arena *a, int64_t id, /* out: */ struct focus_meas *out,
                          /* out: */ int64_t *indicator_id);
/* How many measurements, entered and automatic, an indicator has
 * (indicator_id != 0) or all indicators of a goal (goal_id != 0). */
int focus_measurement_counts(db *d, int64_t goal_id, int64_t indicator_id,
                             /* out: */ int64_t *entered, /* out: */ int64_t *automatic);

int focus_texts(db *d, arena *a, int64_t focuspunt_id, /* out: */ struct focus_text **out,
                size_t *n);
int focus_text_set(db *d, int64_t focuspunt_id, int year, const char *text, int64_t user_id,
                   int64_t now);

int inventory_list(db *d, arena *a, int64_t wijk_id, /* out: */ struct inventory_row **out,
                   size_t *n);
/* One input of the inventory and its wijk. DB_NOTFOUND when there is none. */
int inventory_get(db *d, arena *a, int64_t id, /* out: */ struct inventory_row *row,
                  int64_t *wijk_id);
int inventory_insert(db *d, int64_t wijk_id, const char *source, const char *text, int64_t user_id,
                     int64_t now, /* out: */ int64_t *id);
/* Categories with signals in a wijk around `now` (see struct focus_cluster). */
int focus_clusters(db *d, arena *a, int64_t wijk_id, int64_t now,
                   /* out: */ struct focus_cluster **out, size_t *n);

/* The name of an area, or NULL. */
const char *focus_area_name(db *d, arena *a, int64_t id);
/* The newest buurt with this slug: its id and name (0 when absent). */
int64_t focus_buurt_by_slug(db *d, arena *a, const char *slug, /* out: */ const char **name);
/* 1 when a demo focus point of this period exists, 0 when not, -1 on error. */
int focus_demo_exists(db *d, const char *period_start);

/* --- automatic measurement ------------------------------------------------ */

int focus_signal_counts(db *d, int64_t focuspunt_id, int64_t indicator_id, int64_t from, int64_t to,
                        /* out: */ struct focus_signal_counts *c);
/* Inhabitants of the focus point's wijken by the latest count on or before
 * `on` (or the first one after, when there is none before); -1 unknown. */
int focus_inhabitants(db *d, int64_t focuspunt_id, const char *on, /* out: */ int64_t *n);
/* created_at of the first signal; 0 when there are none. */
int focus_first_signal_at(db *d, /* out: */ int64_t *t);
/* Automatic indicators of focus points whose period has not ended before
 * `on` (all when on is NULL), or of one focus point (focuspunt_id != 0). */
int focus_auto_indicators(db *d, arena *a, int64_t focuspunt_id, const char *on,
                          /* out: */ struct focus_auto **out, size_t *n);
int focus_auto_put(db *d, int64_t indicator_id, const char *measured_on, double value,
                   const char *source, int64_t now);
int focus_auto_drop(db *d, int64_t indicator_id, const char *measured_on);
/* Deletes every automatic row of an indicator (before it is recomputed
 * after a change of method, categories or dates, or made manual). */
int focus_auto_clear(db *d, int64_t indicator_id);

#endif
