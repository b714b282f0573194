/*
 * escalation_store.h: SQL of escalations (migration 0036): a stuck signal or
 * focus-point action escalated by the wijkregisseur to the head of the
 * owning department or the wijkwethouder, and the decision. The rules are in
 * domain/escalation.c.
 */
#ifndef WR_ESCALATION_STORE_H
#define WR_ESCALATION_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct escalation_row {
    int64_t id, signal_id, action_id, area_id, region_id, to_org_id;
    const char *to_kind, *reason;
    int64_t created_at, created_by, decided_at, decided_by;
    const char *decision, *decision_reason, *effect, *effect_date;
    int64_t effect_org_id;
    int working_days; /* -1 while open */
    /* read with the row, for lists */
    const char *wijk_name, *region_name, *to_org_name, *effect_org_name, *created_by_name,
        *decided_by_name;
    const char *case_title; /* a signal's category, or an action's title */
    int64_t focuspunt_id;   /* an action's focus point */
    bool confidential;      /* the signal is held by the care network or confidential now */
};

int escalation_insert(db *d, const struct escalation_row *e, /* out: */ int64_t *id);
/* The e-mail addresses of the active accounts that decide an escalation of
 * this kind: the heads (afdelingshoofd) of org_id, or the wijkwethouders of
 * region_id and those for every region. */
int escalation_decider_mails(db *d, arena *a, const char *to_kind, int64_t org_id,
                             int64_t region_id, /* out: */ const char ***out, size_t *n);
int escalation_get(db *d, arena *a, int64_t id, /* out: */ struct escalation_row *out);
/* The open escalation of a signal (signal_id) or an action (action_id): its
 * id, or 0 when there is none; -1 on an error. */
int64_t escalation_open_of(db *d, int64_t signal_id, int64_t action_id);
/* Records the decision. DB_NOTFOUND when it was decided already. */
int escalation_set_decided(db *d, const struct escalation_row *e);

/* Lists, newest first: open ones (open 1), decided ones (0) or both (-1),
 * to a department (to_org_id, to_kind 'afdelingshoofd'), to the wijkwethouder
 * of a region (wethouder_region), of a region (region_id), of a signal
 * (signal_id) or of an action (action_id); a 0 filter is not applied. */
struct escalation_filter {
    int open;
    int64_t to_org_id, wethouder_region, region_id, signal_id, action_id;
    size_t limit;
};
int escalation_list(db *d, arena *a, const struct escalation_filter *f,
                    /* out: */ struct escalation_row **out, size_t *n);

/* The case's place: the region of a wijk on a day (0: none). */
int64_t escalation_region_of(db *d, int64_t wijk_id, const char *on);
/* An action's focus point, its first wijk and that wijk's region on `on`. */
int escalation_action_place(db *d, int64_t action_id, const char *on, /* out: */ int64_t *fp,
                            int64_t *wijk_id, int64_t *region_id);
/* A signal's new term: deadline_at (and updated_at). */
int escalation_signal_set_deadline(db *d, int64_t signal_id, int64_t deadline_at, int64_t now);

/* The monitor: escalations made in a year (municipal dates from..to,
 * exclusive end as unix times), per wijk, to whom, decided or not, with
 * the effect; working days summed over the decided ones. Scope as the
 * monitor: all, or the wijken whose ids are in the JSON array wijks. */
struct escalation_count_row {
    const char *wijk_name, *to_kind, *effect; /* effect NULL: still open */
    int64_t n, decided, working_days;
};
int escalation_counts(db *d, arena *a, int64_t from, int64_t to, bool all, const char *wijks,
                      /* out: */ struct escalation_count_row **out, size_t *n);

#endif
