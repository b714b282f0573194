/*
 * partner.h: the partner register and the work partners and departments
 * find.
 *
 * The register (kept by the netwerkregisseur, ACT_PARTNER_REGISTER) holds
 * the people of each partner organisation per wijk, with role, start and
 * end date and whether they agreed to be named on the wijk's public page,
 * and the agreements (convenant) with the main partners: which kind of case
 * an organisation may be told about (a main category of signals, or every
 * case that is not confidential), how much (the case only, or also the
 * reporter's contact details when the reporter agreed), and until when.
 * Turnover per year is counted from the people's dates.
 *
 * The actions of focus points are owned by a department or a partner
 * (focus_action.owner_org_id). A partner's staff member (role partner,
 * scoped to the organisation) sees and updates only the actions of their
 * own organisation; department staff and the head of a department those of
 * their department (ACT_OWN_ACTIONS). An update sets the status, a note and
 * optionally the hours spent, which are recorded for the owning
 * organisation and summed per wijk and year.
 *
 * Hours (the one place that decides who records and corrects them): an
 * action is shared by the organisations that work on its focus point (its
 * partners, focus_partner); the staff of the owner and of each of those
 * record their own hours on it, under their own organisation
 * (partner_hours_org). An entry is corrected or removed by whom recorded it
 * or by the staff of the organisation it is recorded for
 * (partner_may_change_hours); the audit keeps the organisation, the day and
 * the minutes before and after, never a name or a note.
 *
 * Dates are YYYY-MM-DD; "today" is the municipality's day (Europe/
 * Amsterdam), which the caller passes in.
 */
#ifndef WR_PARTNER_H
#define WR_PARTNER_H

#include "lib/problem.h"
#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/partner_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PARTNER_NAME_MAX     120
#define PARTNER_NOTE_MAX     500
#define PARTNER_MAX_PROBLEMS 8
/* An entry of hours: at most this many (a typing error otherwise). */
#define PARTNER_HOURS_MAX 1000

enum partner_result {
    PARTNER_OK = 0,
    PARTNER_INVALID,   /* see the problems */
    PARTNER_FORBIDDEN, /* not this user's to change */
    PARTNER_NOT_FOUND,
    PARTNER_ERROR,
    PARTNER_CLOSED, /* hours of a closed year: they no longer change */
};

/* A form's problems: the field (its name in the form) and a Dutch msgid. */
struct partner_problems {
    struct form_problem p[PARTNER_MAX_PROBLEMS];
    size_t n;
};

/* --- turnover --------------------------------------------------------------- */

/* One person's time with an organisation (ended_on NULL: still there). */
struct partner_span {
    const char *started_on, *ended_on;
};
/* Of the people in spans, how many worked there at some day of year
 * (present) and how many of those left during that year (left): their end
 * date lies in the year. Turnover is left / present. */
void partner_turnover(const struct partner_span *spans, size_t n, int year, /* out: */ int *present,
                      int *left);

/* --- agreements ------------------------------------------------------------- */

/* An agreement as the check sees it. category_id 0: every kind of case
 * that is not confidential; contact: the reporter's contact details may be
 * told (when the reporter agreed). */
struct partner_agreement_view {
    int64_t org_id, category_id;
    bool contact;
    const char *valid_from, *valid_until; /* the first and the last day it holds */
};

enum partner_cover {
    COVER_OK = 0,
    COVER_CONFIDENTIAL, /* confidential and care-network cases never go to a partner */
    COVER_NOT_PARTNER,  /* the organisation is not a partner (a department needs no agreement) */
    COVER_NONE,         /* no agreement for this kind of case */
    COVER_EXPIRED,      /* there was one, but it ended before today */
    COVER_NOT_YET,      /* there is one, but it starts after today */
};

/* May organisation org_id be told about a case of main category
 * main_category_id on day today? *contact (optional) says whether an
 * agreement that holds lets it be told the reporter's contact details. */
enum partner_cover partner_agreement_covers(const struct partner_agreement_view *ag, size_t n,
                                            int64_t org_id, int64_t main_category_id,
                                            bool confidential, const char *today,
                                            /* out: */ bool *contact);
/* The Dutch msgid that explains a refusal (NULL for COVER_OK). */
const char *partner_cover_message(enum partner_cover c);

/* main_category_id for work that is not one signal (a shared action, a
 * sub-task): an agreement of any kind of case that holds covers it. */
#define PARTNER_ANY_CASE (-1)

/* May organisation org_id be given a shared action (of a focus point, by a
 * wijkteam decision) or a sub-task of a signal of main category
 * main_category_id (PARTNER_ANY_CASE for an action) on day today? A
 * department or the care network needs no agreement (NULL); a partner
 * organisation needs one that holds that day (partner_agreement_covers),
 * else the Dutch msgid of the refusal. */
const char *partner_work_refusal(db *d, arena *a, int64_t org_id, int64_t main_category_id,
                                 bool confidential, const char *today);

/* --- who sees which actions ----------------------------------------------------- */

/* The organisations whose focus-point actions u sees at /werk/acties: the
 * partner organisation of a partner role, the department of a department
 * role (afdeling, afdelingshoofd). Returns how many were written to out. */
size_t partner_action_orgs(const struct user *u, int64_t *out, size_t max);
/* May u update an action owned by owner_org_id (0: none)? */
bool partner_may_update_action(const struct user *u, int64_t owner_org_id);

/* The organisation u records hours under on an action owned by
 * owner_org_id whose focus point has the partners coworkers: the owner when
 * u works for it, else the first of u's organisations among the partners;
 * 0: u may not record hours on it. */
int64_t partner_hours_org(const struct user *u, int64_t owner_org_id, const int64_t *coworkers,
                          size_t n);
/* May u correct or remove an entry of hours recorded for entry_org_id by
 * the account recorded_by (0: unknown)? Only while u works on actions. */
bool partner_may_change_hours(const struct user *u, int64_t entry_org_id, int64_t recorded_by);

/* Hours as people type them ("3", "1,5", "0.25"): whole minutes into
 * *minutes. NULL when fine (empty: 0 minutes), else a Dutch msgid. */
const char *partner_hours_parse(const char *s, /* out: */ int *minutes);

/* --- changes (each checks the rule, writes, and records the audit entry) -------- */

struct partner_person_input {
    const char *org, *wijk;                          /* the organisation's id, the wijk's slug */
    const char *name, *role, *started_on, *ended_on; /* dates as ISO (web_date_field) */
    bool consent;
};
enum partner_result partner_person_add(db *d, arena *a, const struct user *u,
                                       const struct partner_person_input *in, const char *today,
                                       int64_t now, /* out: */ struct partner_problems *pr);
/* Records the day a person left (ended_on, ISO) and whether they agree to
 * be named on the public page. */
enum partner_result partner_person_update(db *d, arena *a, const struct user *u, int64_t id,
                                          const char *ended_on, bool consent, int64_t now,
                                          /* out: */ struct partner_problems *pr);

/* Changes a person of the register: name, role, wijk (a wijk of today's
 * division), the day they left and the consent (in->org and started_on
 * are not changed). The audit keeps the wijk, the end date and the
 * consent before and after, and of the name and role only whether they
 * changed: never the person's name. */
enum partner_result partner_person_change(db *d, arena *a, const struct user *u, int64_t id,
                                          const struct partner_person_input *in, const char *today,
                                          int64_t now, /* out: */ struct partner_problems *pr);

struct partner_agreement_input {
    const char *org, *category; /* the organisation's id; a main category's id, "" for all */
    const char *told;           /* "inhoud" or "contact" */
    const char *valid_from, *valid_until, *note;
};
enum partner_result partner_agreement_add(db *d, arena *a, const struct user *u,
                                          const struct partner_agreement_input *in, int64_t now,
                                          /* out: */ struct partner_problems *pr);

/* Changes an agreement (what it covers, how much, from and until when,
 * the note; the organisation stays). end_now: ends it at once instead, so
 * that no referral is made under it from today (its last day becomes
 * yesterday); the rest of the input is then ignored. The audit keeps the
 * agreement before and after. */
enum partner_result partner_agreement_update(db *d, arena *a, const struct user *u, int64_t id,
                                             const struct partner_agreement_input *in, bool end_now,
                                             const char *today, int64_t now,
                                             /* out: */ struct partner_problems *pr);

/* A partner organisation's name, kind and public contact details. */
struct partner_org_input {
    const char *name, *type, *description, *email, *phone, *website;
};
/* Adds a partner organisation to the register (the same checks as a
 * change; a name another organisation has is refused). The audit keeps its
 * name and kind, and of its contact details only whether they were given. */
enum partner_result partner_org_add(db *d, arena *a, const struct user *u,
                                    const struct partner_org_input *in, int64_t now,
                                    /* out: */ struct partner_problems *pr, int64_t *id);
/* Is type one of the kinds of organisation (or blank)? */
bool partner_org_type_ok(const char *type);
/* Changes a partner organisation (not a department, nor the care network:
 * PARTNER_NOT_FOUND). The audit keeps the name and kind before and after,
 * and of the description and contact details only whether they changed. */
enum partner_result partner_org_update(db *d, arena *a, const struct user *u, int64_t id,
                                       const struct partner_org_input *in, int64_t now,
                                       /* out: */ struct partner_problems *pr);

struct partner_action_update {
    const char *status, *note, *hours, *worked_on; /* worked_on ISO; hours may be empty */
};
enum partner_result partner_action_update(db *d, arena *a, const struct user *u, int64_t action_id,
                                          const struct partner_action_update *in, const char *today,
                                          int64_t now,
                                          /* out: */ struct partner_problems *pr);

/* Hours on an action u's organisation owns or works on (partner_hours_org),
 * hours and worked_on (ISO, not after today) both needed. */
enum partner_result partner_hours_add(db *d, arena *a, const struct user *u, int64_t action_id,
                                      const char *hours, const char *worked_on, const char *today,
                                      int64_t now, /* out: */ struct partner_problems *pr);
/* An entry u may change (PARTNER_NOT_FOUND when not: partner_may_change_hours;
 * PARTNER_CLOSED, with *out read, when it lies in a closed year). */
enum partner_result partner_hours_get(db *d, arena *a, const struct user *u, int64_t hid,
                                      /* out: */ struct action_hours_entry *out);
/* Whether the day (ISO) lies in a closed year: the council report of that
 * year is frozen, and so are its hours (they cannot be added, corrected or
 * removed). 0, or -1 on a store error. */
int partner_hours_year_closed(db *d, const char *worked_on, /* out: */ bool *closed);
/* Corrects an entry's hours and day (PARTNER_CLOSED when the entry lies in
 * a closed year; a new day in a closed year is a problem at "worked"). */
enum partner_result partner_hours_change(db *d, arena *a, const struct user *u, int64_t hid,
                                         const char *hours, const char *worked_on,
                                         const char *today, int64_t now,
                                         /* out: */ struct partner_problems *pr);
/* Removes an entry recorded by mistake (PARTNER_CLOSED in a closed year). */
enum partner_result partner_hours_remove(db *d, arena *a, const struct user *u, int64_t hid,
                                         int64_t now);

/* --- referrals of signals to partners ------------------------------------------ */

/* The public explanation of a referral: the signal is "doorgezet" (passed
 * to another party, still open for us), Open311's in_progress. A msgid. */
extern const char *const partner_referral_explanation;

/* The term of a referral: the partner answers within this many working
 * days, unless the handler chooses another last day. */
#define PARTNER_REFERRAL_TERM_DAYS 10

/* The public explanations when the partner has answered: returned (the
 * signal is in progress with us again) and done (the signal is handled).
 * Msgids. */
extern const char *const partner_returned_explanation;
extern const char *const partner_done_explanation;

/* The default last day to answer a referral made on today (both ISO):
 * PARTNER_REFERRAL_TERM_DAYS working days later. 0, or -1. */
int partner_referral_default_due(const char *today, /* out: */ char out[static 11]);

struct partner_referral_input {
    const char *org;    /* the partner organisation's id */
    const char *what;   /* what the partner is asked to do */
    const char *due_on; /* the last day to answer (ISO, web_date_field); blank: the default */
    bool consent;       /* the reporter agreed that this organisation is told */
};
/* Refers a signal u may handle to a partner organisation, checked against
 * the agreements on the day today: a confidential or care-network signal
 * never, otherwise only within an agreement for its main category (or
 * every kind of case) that holds today (the refusal's message is the
 * problem of the field "org"). The referral has a term (in->due_on, not
 * before today; blank: partner_referral_default_due). In one transaction:
 * the signal becomes "doorgezet" with a public explanation that does not
 * name the partner, the referral is stored, the history gets an internal
 * note, and the partner's accounts with an e-mail address are told by the
 * outbox (the number, category and wijk of the signal and the term, never
 * the reporter's details nor the description: they read those logged in,
 * as far as the agreement allows). */
enum partner_result partner_refer(db *d, arena *a, const struct user *u, int64_t signal_id,
                                  const struct partner_referral_input *in, const char *today,
                                  int64_t now, const char *base_url,
                                  /* out: */ struct partner_problems *pr, int64_t *id);
/* The partner marks a referral to its organisation done ("gedaan") or
 * returns it ("teruggegeven"), with an answer for the handler (required).
 * In one transaction with the answer, when no other referral of the signal
 * is open and it is still "doorgezet" (and not confidential since): a
 * returned signal is "in_behandeling" again with its handler, a done one is
 * "afgehandeld" (as the last task of a split signal closes its parent:
 * the reporter is told it is handled), each with a public explanation; and
 * the handler (the person the signal is in the name of, else who referred
 * it) is told by e-mail that there is an answer, without its text. */
enum partner_result partner_referral_answer(db *d, arena *a, const struct user *u, int64_t id,
                                            const char *status, const char *answer, int64_t now,
                                            const char *base_url,
                                            /* out: */ struct partner_problems *pr);
/* Is a referral with this last day (ISO, NULL: none) still open and past
 * it on day today? */
bool partner_referral_overdue(const char *status, const char *due_on, const char *today);
/* May the partner read the reporter's contact details of this referral
 * (consent recorded with the referral, an agreement about contact details
 * that holds today, not confidential)? */
bool partner_referral_shows_contact(db *d, arena *a, int64_t org_id, int64_t main_category_id,
                                    bool consent, bool confidential, const char *today);

/* --- sub-tasks of signals given to a partner ----------------------------------- */

/* The partner's staff take up ("in_behandeling") or finish ("afgehandeld",
 * with a note of what was done) a sub-task given to their organisation
 * (signal_add_task_for); the note goes into the task's history for the
 * handler. Finishing the last open task closes the parent, as for a
 * department. Another organisation's task does not exist for them. */
enum partner_result partner_task_update(db *d, arena *a, const struct user *u, int64_t id,
                                        const char *status, const char *note, int64_t now,
                                        const char *base_url,
                                        /* out: */ struct partner_problems *pr);

#endif
