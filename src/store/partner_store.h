/*
 * partner_store.h: SQL of the partner register (people per wijk,
 * agreements), of the focus-point actions an organisation owns, and of the
 * hours spent on them (migrations/0030_partners.sql). The rules are in
 * domain/partner.c.
 */
#ifndef WR_PARTNER_STORE_H
#define WR_PARTNER_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct partner_person_row {
    int64_t id, org_id, area_id;
    const char *name, *role, *started_on, *ended_on; /* ended_on NULL: still there */
    const char *org_name, *wijk_name;
    bool consent;
};
/* Every person of the register, by organisation, wijk and name. */
int partner_person_list(db *d, arena *a, /* out: */ struct partner_person_row **out, size_t *n);
int partner_person_get(db *d, arena *a, int64_t id, /* out: */ struct partner_person_row *p);
int partner_person_insert(db *d, const struct partner_person_row *p, int64_t user_id, int64_t now,
                          /* out: */ int64_t *id);
int partner_person_set(db *d, int64_t id, const char *ended_on, bool consent, int64_t user_id,
                       int64_t now);
/* Changes a person's name, role, wijk, end date and consent (the
 * organisation and the start stay). DB_NOTFOUND when there is none. */
int partner_person_set_all(db *d, const struct partner_person_row *p, int64_t user_id, int64_t now);
/* The people of the wijk who work there on day today and agreed to be
 * named on its public page. */
int partner_person_public(db *d, arena *a, int64_t area_id, const char *today,
                          /* out: */ struct partner_person_row **out, size_t *n);

struct partner_agreement_row {
    int64_t id, org_id, category_id; /* category_id 0: every kind of case */
    const char *org_name, *category_name, *told, *valid_from, *valid_until, *note;
};
/* The agreements of one organisation (org_id 0: of all), by organisation
 * and start. */
int partner_agreement_list(db *d, arena *a, int64_t org_id,
                           /* out: */ struct partner_agreement_row **out, size_t *n);
int partner_agreement_insert(db *d, const struct partner_agreement_row *g, int64_t user_id,
                             int64_t now, /* out: */ int64_t *id);
int partner_agreement_get(db *d, arena *a, int64_t id, /* out: */ struct partner_agreement_row *g);
/* Changes what an agreement covers and when (the organisation stays).
 * DB_NOTFOUND when there is no such agreement. */
int partner_agreement_set(db *d, const struct partner_agreement_row *g, int64_t user_id,
                          int64_t now);

/* A partner organisation as the register edits it. */
struct partner_org_row {
    int64_t id;
    const char *name, *type, *description, *email, *phone, *website;
};
/* The partner organisation id (DB_NOTFOUND for another kind or none). */
int partner_org_get(db *d, arena *a, int64_t id, /* out: */ struct partner_org_row *o);
/* DB_CONSTRAINT when another organisation has the name. */
int partner_org_set(db *d, const struct partner_org_row *o);
/* Adds a partner organisation (o->id is ignored); DB_CONSTRAINT when
 * another organisation has the name. */
int partner_org_insert(db *d, const struct partner_org_row *o, /* out: */ int64_t *id);

/* A main category (a category group) for the agreements' form. */
struct partner_category_row {
    int64_t id;
    const char *name;
    bool confidential;
};
int partner_main_categories(db *d, arena *a, /* out: */ struct partner_category_row **out,
                            size_t *n);
/* Is id a main category without confidential cases (1), or not (0;
 * DB_ERROR < 0)? Confidential cases are never told to a partner. */
int partner_is_main_category(db *d, int64_t id);

/* A focus point's action as its owner sees it. owner_name: the owning
 * organisation, or the residents' group of a residents' action (NULL when
 * it has no name). */
struct owned_action_row {
    int64_t id, focuspunt_id, owner_org_id;
    int number;
    const char *title, *status, *due_on, *notes, *focus_title, *period_start, *owner_name;
    const char *wijken; /* the focus point's areas, comma separated */
    int64_t minutes;    /* hours recorded so far, in minutes */
};
/* The actions owned by org_id (0: by every organisation), open ones first,
 * then by due date. */
int owned_action_list(db *d, arena *a, int64_t org_id, /* out: */ struct owned_action_row **out,
                      size_t *n);
/* Open actions (gepland, lopend) of the focus points in region_id (today's
 * division of wijken) whose due date lies before today. */
int owned_action_overdue(db *d, arena *a, int64_t region_id, const char *today,
                         /* out: */ struct owned_action_row **out, size_t *n);
int action_hours_insert(db *d, int64_t action_id, int64_t org_id, const char *worked_on,
                        int minutes, const char *note, int64_t user_id, int64_t now);
/* The actions of the focus points organisation org_id works on (it is one
 * of the focus point's partners, focus_partner) that it does not own: it
 * may record its own hours on them. Open ones first, then by due date. */
int shared_action_list(db *d, arena *a, int64_t org_id, /* out: */ struct owned_action_row **out,
                       size_t *n);
/* The organisations that work on the focus point of an action. */
int action_coworkers(db *d, arena *a, int64_t action_id, /* out: */ int64_t **out, size_t *n);

/* An entry of hours, with its organisation and its action. */
struct action_hours_entry {
    int64_t id, action_id, org_id, created_by, owner_org_id;
    const char *worked_on, *org_name, *action_title;
    int64_t minutes;
};
int action_hours_get(db *d, arena *a, int64_t id, /* out: */ struct action_hours_entry *out);
/* The entries of an action, the latest day first. */
int action_hours_of(db *d, arena *a, int64_t action_id,
                    /* out: */ struct action_hours_entry **out, size_t *n);
int action_hours_update(db *d, int64_t id, const char *worked_on, int minutes);
int action_hours_delete(db *d, int64_t id);

/* Hours spent on focus-point actions in a year, per wijk and organisation:
 * of one wijk (area_id), of the wijken of a region today (region_id), or
 * of all (both 0). An action of a focus point in several wijken counts for
 * each of them in equal parts (minutes are shared, rounded to whole
 * minutes). */
struct action_hours_row {
    int64_t area_id, org_id;
    const char *wijk_name, *wijk_slug, *org_name, *org_kind;
    int64_t minutes;
};
int action_hours_by_wijk(db *d, arena *a, int year, int64_t area_id, int64_t region_id,
                         /* out: */ struct action_hours_row **out, size_t *n);

/* A signal referred to a partner, with what the partner may read of it. */
struct partner_referral_row {
    int64_t id, signal_id, org_id;
    const char *what, *status, *answer, *org_name;
    bool contact_consent;
    int64_t created_at, closed_at;
    /* of the signal */
    const char *category_name, *wijk_name, *address_text, *description;
    int64_t main_category_id;
    bool confidential, intake_confidential;
    const char *due_on; /* the last day to answer (YYYY-MM-DD); NULL: none */
    int64_t created_by; /* who referred it (0: unknown) */
    /* the signal's state, its department and the person it is in the name of */
    const char *signal_status;
    int64_t signal_owner_org_id, signal_owner_user_id;
    bool signal_closed;
};
/* The referrals to org_id (open ones first), or of signal_id when org_id
 * is 0. */
int partner_referral_list(db *d, arena *a, int64_t org_id, int64_t signal_id,
                          /* out: */ struct partner_referral_row **out, size_t *n);
int partner_referral_get(db *d, arena *a, int64_t id, /* out: */ struct partner_referral_row *x);
int partner_referral_insert(db *d, int64_t signal_id, int64_t org_id, const char *what,
                            bool contact_consent, const char *due_on, int64_t user_id, int64_t now,
                            /* out: */ int64_t *id);
/* The referrals answered since `since` (unix seconds) of signals that are in
 * user_id's name, that user_id referred, or that belong to one of the
 * organisations in org_ids_json (a JSON array of ids), newest answer first,
 * at most 50. */
int partner_referral_answered(db *d, arena *a, int64_t user_id, const char *org_ids_json,
                              int64_t since, /* out: */ struct partner_referral_row **out,
                              size_t *n);
/* How many referrals of the signal are still open. */
int partner_referral_open_count(db *d, int64_t signal_id, /* out: */ int64_t *count);
/* The e-mail addresses of the active partner accounts of org_id. */
int partner_org_mail_list(db *d, arena *a, int64_t org_id, /* out: */ const char ***out, size_t *n);
int partner_referral_close(db *d, int64_t id, const char *status, const char *answer,
                           int64_t user_id, int64_t now);

/* A sub-task of a signal given to a partner organisation (a signal of its
 * own with a parent): what the partner may read of it. */
struct partner_task_row {
    int64_t id, parent_id;
    const char *status, *what, *category_name, *wijk_name;
    int64_t deadline_at, closed_at;
    bool confidential;
};
/* The sub-tasks owned by org_id, open ones first, then by deadline. */
int partner_task_list(db *d, arena *a, int64_t org_id, /* out: */ struct partner_task_row **out,
                      size_t *n);

#endif
