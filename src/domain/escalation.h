/*
 * escalation.h: escalation with doorzettingsmacht.
 *
 * The wijkregisseur directs without the mandate to decide. From the process
 * guard the wijkregisseur of the region escalates a stuck case, with a
 * reason, to whom can decide:
 *  - a signal that is open and over its term, or without progress (no
 *    change for ESCALATION_IDLE_DAYS days);
 *  - a focus point's action that is open (gepland, lopend) past its due date.
 * It goes to the head of the department that owns it (role afdelingshoofd of
 * that department: only when a department owns it) or to the wijkwethouder
 * of the wijk's region. One open escalation per case at a time.
 *
 * The one it went to decides: a decision and its reason, and an effect on
 * the case: none, a new term (a signal's deadline, an action's due date,
 * after today), or another department. The effect goes through the rules of
 * the case: a signal is handed to the department with signal_handoff (with
 * the authority of the head of the department that owns it, which the
 * decision carries; its rules on the care network and partners hold), its
 * new term and the decision are notes in its history; an action's due date
 * or owner is changed with an audit entry. The decision is counted in the
 * monitor (per wijk and year, to whom, working days to decide, effect).
 *
 * Confidential and care-network signals are never escalated: the
 * escalation would show them to a head of department or the wethouder, who
 * do not read them now. The care network has its own route (its lead
 * decides within the network); here such a signal is refused.
 *
 * Dates are YYYY-MM-DD; "today" is the municipality's day (Europe/
 * Amsterdam), which the caller passes in with now.
 */
#ifndef WR_ESCALATION_H
#define WR_ESCALATION_H

#include "lib/problem.h"
#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/escalation_store.h"
#include "store/signal_store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ESCALATION_TEXT_MAX     1000
#define ESCALATION_IDLE_DAYS    14
#define ESCALATION_MAX_PROBLEMS 6

enum escalation_result {
    ESC_OK = 0,
    ESC_INVALID,   /* see the problems */
    ESC_FORBIDDEN, /* not this user's to escalate or decide */
    ESC_NOT_FOUND,
    ESC_ERROR,
};

/* A form's problems: the field (its name in the form) and a Dutch msgid. */
struct escalation_problems {
    struct form_problem p[ESCALATION_MAX_PROBLEMS];
    size_t n;
};

/* --- the rules ------------------------------------------------------------------ */

/* Is the signal stuck at now: open (not closed, not merged) and over its
 * term, or without any change for ESCALATION_IDLE_DAYS days? */
bool escalation_signal_stuck(const struct signal *s, int64_t now);
/* Is the signal outside escalation: held by the care network, confidential
 * at intake, or of a confidential category (category_confidential)? */
bool escalation_signal_never(const struct signal *s, bool category_confidential);
/* May u escalate a case of region_id: the wijkregisseur of that region. */
bool escalation_may_escalate(const struct user *u, int64_t region_id);
/* May u decide e: the head of the department it went to, or the
 * wijkwethouder of its region (a wethouder without a region: every one). */
bool escalation_may_decide(const struct user *u, const struct escalation_row *e);
/* Working days (the municipality's calendar) from the day of escalation to
 * the day of decision: 0 on the same day, Friday to Monday 1. */
int escalation_working_days(int64_t escalated_at, int64_t decided_at);
/* The Dutch msgid of an effect code ("geen", "termijn", "afdeling"). */
const char *escalation_effect_label(const char *effect);

/* A case that may be escalated, as the form shows it. */
struct escalation_case {
    int64_t signal_id, action_id, focuspunt_id;
    int64_t wijk_id, region_id;
    int64_t owner_org_id;   /* the department that owns it, 0: none (a partner, residents) */
    const char *owner_name; /* the owner as shown */
    const char *title;      /* the signal's category, the action's title */
    const char *wijk_name;
    bool stuck, never;       /* never: confidential or the care network's */
    int64_t open_escalation; /* the open escalation's id, 0: none */
};
/* Loads the signal (signal_id) or action (action_id) as a case, with
 * whether u may escalate it: ESC_FORBIDDEN when u is not the regisseur of
 * its region, ESC_NOT_FOUND when it does not exist. */
enum escalation_result escalation_case_get(db *d, arena *a, const struct user *u, int64_t signal_id,
                                           int64_t action_id, const char *today, int64_t now,
                                           /* out: */ struct escalation_case *c);

/* --- changes -------------------------------------------------------------------- */

struct escalation_input {
    const char *to;     /* "afdelingshoofd" or "wethouder" */
    const char *reason; /* why it is escalated */
};

/* The site's address for the links in the e-mails to those who decide. */
void escalation_set_base_url(const char *base_url);

/* Escalates a stuck case of u's region and tells those who decide it by
 * e-mail (kind "escalation"). Problems: "to" (no choice, no department to
 * go to), "reason", "case" (not stuck, already escalated, confidential). */
enum escalation_result escalation_create(db *d, arena *a, const struct user *u, int64_t signal_id,
                                         int64_t action_id, const struct escalation_input *in,
                                         const char *today, int64_t now,
                                         /* out: */ struct escalation_problems *pr, int64_t *id);

struct escalation_decision_input {
    const char *decision, *reason;
    const char *effect; /* "geen", "termijn" or "afdeling" */
    const char *date;   /* the new term (ISO), for "termijn" */
    const char *org;    /* the department's id, for "afdeling" */
};
/* Records the decision of an open escalation u may decide, and applies its
 * effect to the case. Problems: "decision", "reason", "effect", "date",
 * "org". */
enum escalation_result escalation_decide(db *d, arena *a, const struct user *u, int64_t id,
                                         const struct escalation_decision_input *in,
                                         const char *today, int64_t now,
                                         /* out: */ struct escalation_problems *pr);

/* The monitor's figures of a year for the wijken in scope (all, or the JSON
 * array of ids wijks): {"rows": [{"wijk", "to", "effect", "n", "decided",
 * "working_days", "average_days"}], "total": {...}}. NULL on an error. */
json_t *escalation_monitor_json(db *d, arena *a, int year, bool all, const char *wijks);

#endif
