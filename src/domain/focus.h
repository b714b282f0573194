/*
 * focus.h: the rules of focus points and their plan of approach.
 *
 * A focus point (focuspunt) is a subject in one or more wijken that the
 * college chooses for a two-year period; its plan has goals, each measured
 * by indicators, actions carried out by departments, partners or residents,
 * and partners. This module knows the code lists with their Dutch labels,
 * validates what staff type (a msgid comes back for the first problem, NULL
 * when all is well), and judges progress: how far an indicator has come
 * from its baseline towards its target, and whether an action is overdue.
 * No SQL and no HTTP here: the store keeps the rows, the pages show them.
 */
#ifndef WR_FOCUS_H
#define WR_FOCUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FOCUS_TITLE_MAX  200
#define FOCUS_TEXT_MAX   4000
#define FOCUS_NAME_MAX   200
#define FOCUS_SOURCE_MAX 300
#define FOCUS_MAX_AREAS  12
#define FOCUS_MAX_CATS   16

/* A code and its Dutch label (a msgid). */
struct focus_code {
    const char *code, *label;
};

/* The code lists; each ends with {NULL, NULL}. */
extern const struct focus_code focus_statuses[];        /* voorgesteld .. gestopt */
extern const struct focus_code focus_origins[];         /* signalen, wijkontwikkelingsplan, ... */
extern const struct focus_code focus_action_statuses[]; /* gepland, lopend, gereed, vervallen */
extern const struct focus_code focus_owner_kinds[];     /* afdeling, partner, bewoners */
extern const struct focus_code focus_methods[];         /* manual and the automatic ones */
extern const struct focus_code focus_inventory_sources[];

/* The label (msgid) of code in list, or NULL when code is not in it. */
const char *focus_label(const struct focus_code *list, const char *code);

/* A focus point as typed (all text, NULL when absent). */
struct focus_input {
    const char *title, *problem;
    const char *origin; /* comma list of focus_origins codes, may be empty */
    const char *period_start, *period_end, *status, *decided_on;
    size_t nareas; /* chosen wijken or buurten */
};
const char *focus_validate(const struct focus_input *in);

/*
 * Who decides. A focus point starts as a proposal; the college decides,
 * and only the wijkwethouder records that decision (ACT_FOCUS_DECIDE,
 * focus_decision_validate). Whoever keeps the plan (ACT_FOCUS_EDIT) keeps
 * the decision as it is: a proposal may be withdrawn (gestopt); a decided
 * point moves between vastgesteld, lopend, afgerond and gestopt but never
 * becomes a proposal again, and its date is never set or changed there; a
 * proposal the college rejected (niet_vastgesteld) stays so.
 * old_status is NULL for a new focus point. A msgid when not allowed.
 */
const char *focus_edit_status_validate(const char *old_status, const char *old_decided_on,
                                       const char *status, const char *decided_on);
/* The college's decision on a proposal, on decided_on (YYYY-MM-DD, not
 * after today): a msgid when the point is no open proposal or the date is
 * wrong. */
const char *focus_decision_validate(const char *old_status, const char *old_decided_on,
                                    const char *decided_on, const char *today);
/* The college's rejection of a proposal (niet_vastgesteld), recorded by the
 * wijkwethouder alone like an adoption: an open proposal, a date as for an
 * adoption (field "rejected_on") and the college's reason (field "reason",
 * at most FOCUS_REASON_MAX characters). Up to two problems in out; 0 when
 * fine. A rejected proposal is not public and its status stays. */
#define FOCUS_REASON_MAX 2000
struct focus_problem {
    const char *field, *msgid;
};
size_t focus_rejection_validate(const char *old_status, const char *old_decided_on,
                                const char *decided_on, const char *reason, const char *today,
                                /* out: */ struct focus_problem out[2]);

const char *focus_goal_validate(const char *text);
/* The place a goal gets in the list of ngoals goals: "1" .. ngoals into
 * *pos; a msgid when it is not such a number. */
const char *focus_goal_position_validate(const char *s, size_t ngoals, /* out: */ int *pos);

/* How a focus point is named: the first year of its period and its
 * number, "2016-3", so that two with the same number in different periods
 * are told apart (the stored number is the one the college gave). Without a
 * number (a proposal) the year alone. */
#define FOCUS_CODE_LEN 24
void focus_code(int number, const char *period_start, /* out: */ char out[static FOCUS_CODE_LEN]);

/* May the public see a focus point of this status (not while it is only
 * proposed)? */
bool focus_status_public(const char *status);

/* An indicator as typed, and its parsed numbers. */
struct focus_indicator_input {
    const char *name, *unit, *method, *baseline_value, *baseline_date, *target_value, *target_date,
        *source;
    int higher_is_better;
};
struct focus_indicator_values {
    bool has_baseline, has_target;
    double baseline, target;
};
const char *focus_indicator_validate(const struct focus_indicator_input *in,
                                     /* out: */ struct focus_indicator_values *v);

/* An action as typed; owner_org_valid says whether owner_org names an
 * organisation of the right kind (the caller looks it up). */
struct focus_action_input {
    const char *title, *owner_kind, *owner_text, *due_on, *status, *notes;
    int64_t owner_org_id;
    bool owner_org_valid;
};
const char *focus_action_validate(const struct focus_action_input *in);

/* A measurement entered by hand; *value gets the number. */
const char *focus_measurement_validate(const char *measured_on, const char *value,
                                       const char *source, const char *today,
                                       /* out: */ double *out);

const char *focus_report_text_validate(const char *year, const char *text, /* out: */ int *y);
const char *focus_inventory_validate(const char *source, const char *text);

/* A number the way people type it: "12", "12,5", "12.5", "-3"; false when
 * it is not one (or not finite). */
bool focus_parse_number(const char *s, /* out: */ double *out);
/* A date YYYY-MM-DD that exists. */
bool focus_valid_date(const char *s);

/*
 * Progress of an indicator: (latest - baseline) / (target - baseline),
 * clamped to 0..1. Returns false when there is no baseline, target or
 * latest value. When target equals baseline, progress is 1 when latest is
 * at least as good as the target (higher_is_better decides "good"), else 0.
 * *worse is set when latest is worse than the baseline.
 */
bool focus_progress(double baseline, double target, double latest, bool higher_is_better,
                    /* out: */ double *progress, /* out: */ bool *worse);

/* How an indicator is doing, for plain-language pages. */
enum focus_track {
    TRACK_UNKNOWN = 0, /* no measurement, baseline or target */
    TRACK_REACHED,     /* the target is reached */
    TRACK_ON,          /* progress keeps pace with the time passed */
    TRACK_BEHIND,      /* moving the right way, but slower than the time */
    TRACK_WORSE,       /* worse than the baseline */
};
/*
 * Compares progress with the share of time passed between baseline_date
 * and target_date at the measurement's date (all YYYY-MM-DD); a margin of
 * 10 percentage points counts as keeping pace.
 */
enum focus_track focus_track(bool has_progress, double progress, bool worse,
                             const char *baseline_date, const char *target_date,
                             const char *measured_on);
const char *focus_track_label(enum focus_track t); /* msgid */
const char *focus_track_code(enum focus_track t);  /* "op_schema", ... for open data */

/* An action is overdue when it is planned or running and its due date lies
 * before today. */
bool focus_action_overdue(const char *status, const char *due_on, const char *today);

/* The last day of the month of date (YYYY-MM-DD) into out (11 bytes);
 * false when date is invalid. */
bool focus_month_end(const char *date, /* out: */ char out[11]);

#endif
