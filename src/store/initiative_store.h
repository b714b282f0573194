/*
 * initiative_store.h: SQL for residents' initiatives (applications for a
 * grant), their budget lines and history, the mandate table and the wijk
 * budgets. Amounts are int64_t cents. The rules (who may do what, which
 * state may follow which) are in domain/initiative.c; these functions only
 * read and write rows, inside the caller's transaction where they write.
 */
#ifndef WR_INITIATIVE_STORE_H
#define WR_INITIATIVE_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct initiative_row {
    int64_t id;
    const char *token_hash;
    const char *state;
    const char *applicant_name, *applicant_email, *applicant_phone, *applicant_address;
    const char *organisation, *iban, *iban_holder;
    const char *title, *description;
    int64_t wijk_id;
    const char *activity_date, *activity_place;
    int64_t participants, neighbours; /* -1: not given */
    int64_t own_cents, other_cents;
    const char *other_funding;
    bool consent_publish;
    const char *channel;
    int64_t entered_by; /* 0: the applicant */
    int64_t requested_cents, granted_cents, paid_cents;
    int64_t budget_year; /* 0: none */
    int64_t decided_by;
    const char *reject_reason, *alternative, *alternative_text;
    int64_t created_at, submitted_at, decided_at, state_since;
    bool demo;
    bool published;
    const char *public_summary;
    const char *report_text, *report_photo, *report_thumb;
    int64_t report_participants; /* -1: not given */
    int64_t reported_at;
    bool receipts_asked;                       /* the decision asked for receipts */
    const char *receipt_photo, *receipt_thumb; /* a photo of them: stored files or NULL */
    /* read only */
    const char *wijk_name, *wijk_slug;
};

struct initiative_line_row {
    const char *description;
    int64_t amount_cents;
};

struct initiative_event_row {
    int64_t at;
    int64_t user_id;       /* 0: the applicant */
    const char *user_name; /* NULL for the applicant */
    const char *kind, *from_state, *to_state, *text;
    int64_t amount_cents; /* -1: none */
};

int initiative_insert(db *d, const struct initiative_row *r, /* out: */ int64_t *id);
/* Writes every field of r but the state, token, dates and decision. */
int initiative_update_content(db *d, const struct initiative_row *r);
int initiative_replace_lines(db *d, int64_t id, const struct initiative_line_row *lines, size_t n);
int initiative_get(db *d, arena *a, int64_t id, /* out: */ struct initiative_row *r);
int initiative_get_by_token(db *d, arena *a, const char *token_hash,
                            /* out: */ struct initiative_row *r);
int initiative_lines(db *d, arena *a, int64_t id, /* out: */ struct initiative_line_row **out,
                     size_t *n);
int initiative_events(db *d, arena *a, int64_t id, /* out: */ struct initiative_event_row **out,
                      size_t *n);
int initiative_add_event(db *d, int64_t id, int64_t at, int64_t user_id, const char *kind,
                         const char *from_state, const char *to_state, const char *text,
                         int64_t amount_cents /* -1: none */);
/* Moves id from state `from` to `to` at now; DB_NOTFOUND when it was not in
 * `from` any more (somebody else moved it first). */
int initiative_move(db *d, int64_t id, const char *from, const char *to, int64_t now);
/* Records a decision with the move (see initiative_move). */
int initiative_record_decision(db *d, int64_t id, const char *from, const char *to, int64_t now,
                               int64_t user_id, int64_t granted_cents, int64_t budget_year,
                               const char *reason, const char *alternative,
                               const char *alternative_text);
int initiative_add_paid(db *d, int64_t id, int64_t cents);

/* The work list. */
struct initiative_filter {
    const char *state;      /* NULL: every state but concept */
    int64_t wijk_id;        /* 0: every wijk */
    const int64_t *regions; /* only wijken of these regions; NULL: all */
    size_t nregions;
    const char *on;         /* the date whose region assignment counts */
    bool open_only;         /* only states that wait for somebody */
    int64_t decided_before; /* only grants decided before this and not accounted for; 0: all */
    bool objection_open;    /* only applications with an open objection */
};
int initiative_list(db *d, arena *a, const struct initiative_filter *f, size_t limit,
                    /* out: */ struct initiative_row **out, size_t *n);

/* Staff approve a title and summary for publication. */
int initiative_set_published(db *d, int64_t id, const char *summary);
/* The applicant's account afterwards (photo and thumb: stored files or NULL). */
int initiative_set_report(db *d, int64_t id, const char *text, int64_t participants,
                          const char *photo, const char *thumb, int64_t now);
/* Published initiatives (approved, with consent, granted), newest decision
 * first; wijk_id 0: every wijk. */
int initiative_published_list(db *d, arena *a, int64_t wijk_id, size_t limit,
                              /* out: */ struct initiative_row **out, size_t *n);

/* Stores the keyed pseudonym of the applicant's e-mail address (NULL: none). */
int initiative_set_pseudonym(db *d, int64_t id, const char *pseudonym);

/* Reach of the grants in one period [from, to) (unix seconds), for one wijk
 * or (wijk_id 0) the city. Applications count by submission, grants and
 * rejections by decision; a grant is every decision that granted money
 * (granted, partly granted, then carried out or accounted for). The median
 * is of whole days from submission to decision over the decisions in the
 * period; -1 when there were none. Applicants are distinct pseudonyms among
 * the period's applications; repeat applicants are those of them who had
 * submitted an application before `from`. */
struct initiative_figures {
    int64_t applications;
    int64_t grants;
    int64_t rejections;
    int64_t granted_cents;
    double median_days;
    int64_t applicants;
    int64_t repeat_applicants;
};
int initiative_figures(db *d, int64_t wijk_id, int64_t from, int64_t to,
                       /* out: */ struct initiative_figures *f);
/* The same for several wijken: wijks is a JSON array of their ids (as the
 * monitor's scope holds them), NULL for the city. */
int initiative_figures_in(db *d, const char *wijks, int64_t from, int64_t to,
                          /* out: */ struct initiative_figures *f);

/* Erases the applicant's personal data (see migration 0024) of applications
 * accounted for before `accounted_before`, rejected or withdrawn before
 * `ended_before`, and drafts begun before `draft_before` (the moments their
 * state began); *n: how many. Each time is unix seconds. */
int initiative_erase_personal(db *d, int64_t now, int64_t accounted_before, int64_t ended_before,
                              int64_t draft_before, /* out: */ int64_t *n);

/* The decision asks for receipts; the applicant's photo of them. */
int initiative_set_receipts_asked(db *d, int64_t id);
int initiative_set_receipt(db *d, int64_t id, const char *photo, const char *thumb);

/* Staff's correction of an application's content: title, description,
 * activity date and place, participants and the requested total (the lines
 * through initiative_replace_lines), only while it waits for a decision
 * (ingediend, in_behandeling, vragen); DB_NOTFOUND otherwise. */
int initiative_set_content(db *d, int64_t id, const struct initiative_row *r);

/* An objection against the decision on an application (migration 0025). */
struct initiative_objection_row {
    int64_t id, initiative_id;
    const char *received_on; /* ISO date */
    int64_t recorded_at;
    const char *outcome;    /* NULL while open; gegrond, ongegrond, ingetrokken */
    const char *outcome_on; /* ISO date or NULL */
    const char *outcome_note;
};
/* Records a received objection; DB_CONSTRAINT when one is open already. */
int initiative_objection_add(db *d, int64_t initiative_id, const char *received_on, int64_t now,
                             int64_t user_id, /* out: */ int64_t *id);
/* Records the outcome of the open objection of an application; DB_NOTFOUND
 * when none is open. */
int initiative_objection_close(db *d, int64_t initiative_id, const char *outcome, const char *on,
                               const char *note, int64_t now, int64_t user_id);
/* The objections of an application, oldest first. */
int initiative_objections(db *d, arena *a, int64_t initiative_id,
                          /* out: */ struct initiative_objection_row **out, size_t *n);

/* The region a wijk belonged to on `on`; 0 when none. */
int64_t initiative_region_of(db *d, int64_t wijk_id, const char *on);

struct mandate_row {
    int64_t id;
    const char *role;
    int64_t region_id; /* 0: wherever the person holds the role */
    int64_t max_cents; /* -1: without limit */
    const char *college_decision, *valid_from, *valid_to;
};
/* The mandate rows valid on `on`. */
int mandate_list(db *d, arena *a, const char *on, /* out: */ struct mandate_row **out, size_t *n);
/* Every mandate row, past ones too: by role, region, newest first. */
int mandate_history(db *d, arena *a, /* out: */ struct mandate_row **out, size_t *n);
/* The row of role for region (0: every region) valid on `on`; DB_NOTFOUND
 * when there is none. */
int mandate_current(db *d, arena *a, const char *role, int64_t region_id, const char *on,
                    /* out: */ struct mandate_row *m);
/* Closes row id: valid until `on` (exclusive). */
int mandate_close(db *d, int64_t id, const char *on);
/* A new row valid from `on`; max_cents -1: without limit. */
int mandate_insert(db *d, const char *role, int64_t region_id, int64_t max_cents,
                   const char *college_decision, const char *on, /* out: */ int64_t *id);

struct wijk_budget_row {
    int64_t area_id;
    int64_t year;
    int64_t amount_cents, flexible_cents, committed_cents, paid_cents;
    bool demo;
    const char *wijk_name;
};
int wijk_budget_get(db *d, arena *a, int64_t area_id, int64_t year,
                    /* out: */ struct wijk_budget_row *b);
/* Sets a wijk's amount and flexible part for a year (created when absent).
 * DB_CONSTRAINT when the amount would fall below what is committed. */
int wijk_budget_put(db *d, int64_t area_id, int64_t year, int64_t amount_cents,
                    int64_t flexible_cents, bool demo);
/* Adds cents to committed (negative: releases) unless that would pass the
 * amount or fall below paid; DB_NOTFOUND when refused or no budget. */
int wijk_budget_commit(db *d, int64_t area_id, int64_t year, int64_t cents);
/* Adds cents to paid unless it would pass committed; DB_NOTFOUND then. */
int wijk_budget_pay(db *d, int64_t area_id, int64_t year, int64_t cents);
/* Every wijk budget of a year, by wijk name. */
int wijk_budget_list(db *d, arena *a, int64_t year, /* out: */ struct wijk_budget_row **out,
                     size_t *n);

#endif
