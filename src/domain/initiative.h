/*
 * initiative.h: residents' initiatives (Wijk aan zet): an application for a
 * small grant, from the resident's draft to the decision and the money of
 * the wijk.
 *
 * The rules live here: which state may follow which (one table), who may
 * take each step, the mandate (who decides up to which amount, the table
 * grant_mandate), and the wijk budget, which a grant commits in the same
 * transaction (BEGIN IMMEDIATE) as the decision, never past its amount.
 * Nobody decides an application they entered; the administrator decides
 * nothing. A rejection carries a reason and an alternative. Every step is
 * in the application's history and mailed to the applicant through the
 * double opt-in (optin.h). Amounts are int64_t cents; `now` is always a
 * parameter.
 */
#ifndef WR_INITIATIVE_H
#define WR_INITIATIVE_H

#include "domain/intake.h"
#include "domain/signal.h"
#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/initiative_store.h"

#include <stdbool.h>
#include <stdint.h>

#define INITIATIVE_MAX_LINES    10
#define INITIATIVE_TITLE_MAX    120  /* characters */
#define INITIATIVE_TEXT_MAX     4000 /* characters of a description, question or answer */
#define INITIATIVE_MAX_PROBLEMS 24
#define INITIATIVE_TOKEN_CHARS  44

enum initiative_state {
    INIT_CONCEPT,
    INIT_INGEDIEND,
    INIT_IN_BEHANDELING,
    INIT_VRAGEN,
    INIT_TOEGEKEND,
    INIT_DEELS_TOEGEKEND,
    INIT_AFGEWEZEN,
    INIT_INGETROKKEN,
    INIT_UITGEVOERD,
    INIT_VERANTWOORD,
    INIT__COUNT
};

/* Who takes a step. */
enum initiative_actor {
    INIT_BY_APPLICANT, /* through the link of the status page */
    INIT_BY_HANDLER,   /* the ondersteuner, wijkregisseur or wijkwethouder of the region */
    INIT_BY_DECIDER,   /* within the mandate */
};

const char *initiative_state_code(enum initiative_state s);
/* Dutch msgid of a state ("In behandeling"). */
const char *initiative_state_label(enum initiative_state s);
/* The state with this code; -1 when unknown. */
int initiative_state_from(const char *code);
/* May `who` move an application from `from` to `to`? (The table.) */
bool initiative_may_move(enum initiative_state from, enum initiative_state to,
                         enum initiative_actor who);

/* What the forms send, as typed. */
struct initiative_input {
    const char *name, *email, *phone, *address, *organisation;
    const char *iban, *iban_holder;
    const char *title, *description, *wijk; /* the wijk's slug */
    const char *date, *place, *participants, *neighbours;
    const char *own, *other, *other_funding;
    bool consent;
    const char *line_text[INITIATIVE_MAX_LINES];
    const char *line_amount[INITIATIVE_MAX_LINES];
    size_t nlines;
    const char *channel; /* NULL: web */
};

/* The alternatives a rejection offers (code, Dutch label), NULL-terminated. */
extern const char *const initiative_alternatives[];
const char *initiative_alternative_label(const char *code);
/* The channels staff choose from when they enter an application. */
extern const char *const initiative_staff_channels[];

/* Checks in and fills row and lines (lines must hold INITIATIVE_MAX_LINES).
 * complete: everything an application needs (to submit); otherwise only
 * what is filled in must be right (a draft). Returns the number of problems
 * (problems holds INITIATIVE_MAX_PROBLEMS). */
size_t initiative_check(db *d, arena *a, const struct initiative_input *in, bool complete,
                        int64_t now, /* out: */ struct initiative_row *row,
                        struct initiative_line_row *lines, size_t *nlines,
                        struct signal_problem *problems);

#define INITIATIVE_LIMITED INTAKE_LIMITED /* the public form's limit (intake.h) */

/* The keyed hash under which a link's token is stored. 0 or -1. */
int initiative_token_hash(db *d, const char *token, /* out: */ char out[65]);

/*
 * A resident saves a draft (submit false) or submits (submit true) an
 * application; token NULL or "" starts a new one (a new token is written
 * to token_out), otherwise it continues the draft of that token. A staff
 * member u (NULL for the public) enters it on the applicant's behalf with
 * in->channel. Returns 0 (id_out set), the number of problems, a
 * DB_NOTFOUND-like -3 when the token is no draft, INITIATIVE_LIMITED, or -1.
 */
#define INITIATIVE_NOT_DRAFT (-3)
int initiative_save(db *d, arena *a, const struct user *u, const struct initiative_input *in,
                    const char *token, bool submit, const struct intake_client *client, int64_t now,
                    const char *base_url,
                    /* out: */ char token_out[INITIATIVE_TOKEN_CHARS], int64_t *id_out,
                    struct signal_problem *problems);

enum initiative_result {
    INIT_OK = 0,
    INIT_NOT_FOUND,
    INIT_FORBIDDEN,   /* the person may not handle this application */
    INIT_WRONG_STATE, /* the step is not possible in the current state */
    INIT_NOT_MANDATE, /* outside the person's mandate: *whose says whose decision it is */
    INIT_OWN_ENTRY,   /* the person entered it */
    INIT_NO_BUDGET,   /* the wijk has no budget for the year, or not enough left */
    INIT_INVALID,     /* a field is missing or wrong: *problem says which */
    INIT_ERROR,
};

/* The region of an application's wijk (on the day it was submitted). */
int64_t initiative_region(db *d, const struct initiative_row *r);
/* May u read the contact details and account number of r? (The permission
 * table's ACT_INITIATIVE_PERSONAL for r's region.) */
bool initiative_may_read_personal(db *d, const struct user *u, const struct initiative_row *r);
/* May u handle r (take it, ask, record carried out)? */
bool initiative_may_handle(db *d, const struct user *u, const struct initiative_row *r);

/* The largest amount u may grant in region on `on` (-1: without limit;
 * 0 with *any false: no mandate at all). */
int64_t initiative_mandate_of(db *d, arena *a, const struct user *u, int64_t region, const char *on,
                              /* out: */ bool *any);
/* Whose decision an amount in region is when it is not u's (a Dutch msgid). */
const char *initiative_whose(db *d, arena *a, int64_t region, int64_t cents, const char *on);

/* The mandate table's form, as typed: the role ("wijkregisseur",
 * "wijkwethouder"), the region's slug ("" or NULL: every region), the
 * largest amount per application (money.h) and the date of the college
 * decision behind the change (as people write dates). */
struct mandate_input {
    const char *role, *region, *amount, *decision;
};
/* A Dutch msgid per field that is wrong, NULL where the field is fine. */
struct mandate_problems {
    const char *role, *region, *amount, *decision;
};
/* May u read, or change, the mandate table? (The permission table.) */
bool initiative_may_read_mandate(const struct user *u);
bool initiative_may_change_mandate(const struct user *u);
/*
 * Changes the mandate of a role in a region from today (the day of now):
 * the row valid until now keeps its period, ending today, and a new row
 * holds the amount and the college decision. Only the wijkwethouder
 * (INIT_FORBIDDEN otherwise, also for the administrator); the decision's
 * date is required and not in the future (INIT_INVALID, p says which
 * field). Written and audited (the row, the old and the new amount and
 * decision: no personal data) in one transaction.
 */
enum initiative_result initiative_mandate_set(db *d, arena *a, const struct user *u,
                                              const struct mandate_input *in, int64_t now,
                                              /* out: */ struct mandate_problems *p, int64_t *id);

/* The staff steps. Each checks the rule, writes the state change, the
 * history, the budget and the mail to the applicant in one transaction. */
enum initiative_result initiative_take(db *d, arena *a, const struct user *u, int64_t id,
                                       int64_t now, const char *base_url);
enum initiative_result initiative_ask(db *d, arena *a, const struct user *u, int64_t id,
                                      const char *question, int64_t now, const char *base_url,
                                      /* out: */ const char **problem);
/* Grants cents (the whole request: toegekend; less: deels_toegekend). */
/* receipts: the applicant's report must carry a photo of the receipts. */
enum initiative_result initiative_grant(db *d, arena *a, const struct user *u, int64_t id,
                                        int64_t cents, bool receipts, int64_t now,
                                        const char *base_url,
                                        /* out: */ const char **problem);
enum initiative_result initiative_reject(db *d, arena *a, const struct user *u, int64_t id,
                                         const char *reason, const char *alternative,
                                         const char *alternative_text, int64_t now,
                                         const char *base_url,
                                         /* out: */ const char **problem);
/* Withdraws on the applicant's request (u NULL: the applicant through the
 * link, whose application id is). */
enum initiative_result initiative_withdraw(db *d, arena *a, const struct user *u, int64_t id,
                                           int64_t now, const char *base_url);
enum initiative_result initiative_carried_out(db *d, arena *a, const struct user *u, int64_t id,
                                              int64_t now, const char *base_url);
/* The applicant answers the municipality's question through the link. */
enum initiative_result initiative_answer(db *d, arena *a, int64_t id, const char *answer,
                                         int64_t now, const char *base_url,
                                         /* out: */ const char **problem);

/*
 * Staff correct an application's content after submission, while it waits
 * for a decision (ingediend, in behandeling, vragen aan aanvrager): title,
 * description, date and place, expected participants and the budget lines
 * of in (the other fields of in are ignored). A handler of the region
 * (initiative_may_handle). The history and the audit record which fields
 * changed, never their values; the applicant gets an e-mail. Returns
 * INIT_INVALID with *np problems (problems holds INITIATIVE_MAX_PROBLEMS),
 * INIT_OK also when nothing changed (*changed 0).
 */
bool initiative_correctable(const struct initiative_row *r);
enum initiative_result initiative_correct(db *d, arena *a, const struct user *u, int64_t id,
                                          const struct initiative_input *in, int64_t now,
                                          const char *base_url,
                                          /* out: */ struct signal_problem *problems, size_t *np,
                                          size_t *changed);

/*
 * Objections (bezwaar, Awb). A rejection or a partial grant is a decision
 * one may object to within six weeks; the ondersteuner of the region
 * records that an objection was received (the day as people type it: a
 * real date, not before the day of the decision and not after today) and
 * later its outcome (gegrond, ongegrond, ingetrokken; the day, not before
 * the objection was received nor after today; a note). One objection is
 * open at a time. Audited without its note's text.
 */
#define INITIATIVE_OBJECTION_WEEKS 6
/* May the decision on r be objected to (a rejection or a partial grant)? */
bool initiative_objectable(const struct initiative_row *r);
/* The outcomes (code), NULL-terminated, and their Dutch msgids. */
extern const char *const initiative_objection_outcomes[];
const char *initiative_objection_outcome_label(const char *code);
/* The open objection of an application (DB_NOTFOUND when none). */
int initiative_objection_open(db *d, arena *a, int64_t id,
                              /* out: */ struct initiative_objection_row *o);
/* *problem names what is wrong, *field the form field ("ontvangen",
 * "uitkomst", "datum", "toelichting"). */
enum initiative_result initiative_objection_receive(db *d, arena *a, const struct user *u,
                                                    int64_t id, const char *received, int64_t now,
                                                    /* out: */ const char **problem,
                                                    const char **field);
enum initiative_result initiative_objection_decide(db *d, arena *a, const struct user *u,
                                                   int64_t id, const char *outcome, const char *on,
                                                   const char *note, int64_t now,
                                                   /* out: */ const char **problem,
                                                   const char **field);

/* Staff of the region approve a title and public summary: the initiative
 * then shows as an example on the wijk page and in open data. Only with the
 * applicant's consent and once granted. */
enum initiative_result initiative_publish(db *d, arena *a, const struct user *u, int64_t id,
                                          const char *summary, int64_t now,
                                          /* out: */ const char **problem);
/* The applicant's account afterwards through the link: what happened, how
 * many took part, optionally a photo (re-encoded by the image helper,
 * which drops EXIF and GPS), and when the decision asked for receipts a
 * photo of them (required then; ignored otherwise). A granted application
 * becomes uitgevoerd. *field: the form field a problem is about, or NULL. */
enum initiative_result initiative_report(db *d, arena *a, int64_t id, const char *text,
                                         const char *participants, const void *photo,
                                         size_t photo_len, const void *receipt, size_t receipt_len,
                                         int64_t now, const char *base_url,
                                         /* out: */ const char **problem, const char **field);
/* The ondersteuner of the region records a payment of cents: the
 * application's and the wijk budget's paid figures grow in one
 * transaction, never past what was granted. Fully paid and accounted for
 * (reported, carried out): verantwoord. */
enum initiative_result initiative_pay(db *d, arena *a, const struct user *u, int64_t id,
                                      int64_t cents, int64_t now, const char *base_url,
                                      /* out: */ const char **problem);

/* May u read the wijk budgets of a year (the handlers of initiatives and
 * the council)? Set a wijk's yearly amount (the wijkwethouder)? Set the
 * flexible reserve of a wijk in region (the wijkregisseur of the region)? */
bool initiative_may_read_budgets(const struct user *u);
bool initiative_may_set_budget_amount(const struct user *u);
bool initiative_may_set_budget_reserve(const struct user *u, int64_t region);
/*
 * The wijkwethouder sets the amount of wijk (slug) for year, typed as
 * people type money; a budget absent so far is created with no reserve.
 * Never below what is already committed, nor below the flexible reserve
 * (INIT_INVALID, *problem says why). In one transaction, audited (the
 * amounts only).
 */
enum initiative_result initiative_budget_amount(db *d, arena *a, const struct user *u,
                                                const char *wijk, int64_t year, const char *typed,
                                                int64_t now,
                                                /* out: */ const char **problem);
/*
 * The wijkregisseur of the wijk's region sets its flexible reserve for
 * year: never more than the amount, and never below what is already
 * committed, because a grant is drawn from the flexible part first and
 * the budget does not keep them apart (INIT_INVALID, *problem). The wijk
 * needs a budget for the year (INIT_NO_BUDGET). Audited likewise.
 */
enum initiative_result initiative_budget_reserve(db *d, arena *a, const struct user *u,
                                                 const char *wijk, int64_t year, const char *typed,
                                                 int64_t now,
                                                 /* out: */ const char **problem);

/* Sets a wijk's budget for a year (demo data, the operator). */
int initiative_budget_set(db *d, int64_t area_id, int64_t year, int64_t amount_cents,
                          int64_t flexible_cents, bool demo);

#endif
