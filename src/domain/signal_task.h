/*
 * signal_task.h: splitting a signal into sub-tasks for other departments.
 *
 * A handler creates up to SIGNAL_MAX_TASKS tasks; each is a signal of its
 * own in the other department's queue, with a reference to its parent. The
 * parent closes when its last open task closes (with a message to the
 * reporter), or earlier when the handler decides.
 */
#ifndef WR_SIGNAL_TASK_H
#define WR_SIGNAL_TASK_H

#include "domain/signal.h"

#define SIGNAL_MAX_TASKS 10

/* Creates a task of `parent` for organisation org_id with what to do. */
enum signal_result signal_add_task(db *d, arena *a, const struct user *u, int64_t parent,
                                   int64_t org_id, const char *what, int64_t now,
                                   /* out: */ int64_t *task_id);

/* The same, where a partner organisation may be chosen too (today: the
 * municipality's day, ISO): a task for a partner only within an agreement
 * of that partner for the parent's kind of case that holds today, never
 * of a confidential signal (partner_work_refusal); its Dutch msgid in *why
 * with SIG_BAD_INPUT. The partner's staff see and update it at
 * /werk/acties (partner_task_update). */
enum signal_result signal_add_task_for(db *d, arena *a, const struct user *u, int64_t parent,
                                       int64_t org_id, const char *what, const char *today,
                                       int64_t now, /* out: */ int64_t *task_id, const char **why);

/* After task `id` was closed: closes its parent when every task is closed.
 * Returns 1 when the parent was closed, 0 when not, -1 on error. */
int signal_task_closed(db *d, arena *a, int64_t id, int64_t now, const char *base_url);

/*
 * The audit's central rule between the two networks: a care-network lead
 * hands the collective part of a case (a problem of the street, not of the
 * person) to the wijkregisseur of the region. This creates a new signal that
 * is not confidential, of a category the lead chooses (not a confidential
 * one), holding only the hand-over text and the place: the wijk, and the
 * point only when with_point. It has no reporter, answers or photos, and is
 * routed to the region's wijkregisseur. The link between the two is kept in
 * signal_care_link, which only the care network's pages read; the care case
 * gets a (confidential) note. `problem` gets the Dutch msgid and `field` the
 * form field of a refusal (SIG_BAD_INPUT).
 */
struct signal_collective_input {
    const char *text;
    int64_t category_id;
    bool with_point;
};
enum signal_result signal_hand_collective(db *d, arena *a, const struct user *u, int64_t id,
                                          const struct signal_collective_input *in, int64_t now,
                                          /* out: */ int64_t *new_id, const char **field,
                                          const char **problem);

struct signal_task_row {
    int64_t id;
    const char *status, *owner;
    int64_t closed_at;
};
/* The tasks of a signal, oldest first. */
int signal_tasks(db *d, arena *a, int64_t parent, /* out: */ struct signal_task_row **out,
                 size_t *n);

#endif
