/*
 * vote.h: choosing by vote in a consultation's keuze phase, as OpenStad
 * does for neighbourhood budgets.
 *
 * The staff who keep the consultation (consult_may_keep) set up one vote:
 * the proposals on the ballot (ideas of the consultation), the kind and the
 * first and last day of voting (Amsterdam days, inside the keuze phase:
 * from its first day, ending before the result phase). A budget vote gives
 * each proposal a cost; a ballot's proposals together cost between the
 * minimum and the maximum, and the maximum is the budget to spend. A pick
 * vote takes at least 1 and at most pick_max proposals. Once a ballot is
 * cast the vote no longer changes.
 *
 * Who votes: a resident whose account's wijk is the consultation's (any
 * resident for a city consultation) and was so when the vote opened (an
 * account whose wijk changed after the vote's first day began does not vote
 * in it), once per account; or a paper ballot entered at the counter or by
 * the organiser (consult_may_enter_paper), once per keyed pseudonym of
 * postcode and house number, whose address lies in the wijk by the address
 * lookup (PDOK's Locatieserver and our own outlines; when the lookup is off
 * or unreachable, staff confirm they checked it). A second ballot is
 * refused (checked here and by vote_cast's key).
 *
 * Secrecy: the record that someone voted (vote_cast, the reach columns)
 * and the ballot (vote_ballot under a random id, with no participant and no
 * time) are written apart and never read together.
 *
 * Results: hidden while the vote runs (only the number of ballots is
 * known); published the day after the last day of voting. For a budget
 * vote the proposals that fit are chosen down the list by votes: a
 * proposal is taken when it still fits in what is left of the budget.
 */
#ifndef WR_VOTE_H
#define WR_VOTE_H

#include "domain/consult.h"
#include "domain/user.h"
#include "store/db.h"
#include "store/vote_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VOTE_MAX_OPTIONS  100
#define VOTE_MAX_PROBLEMS 12

enum vote_result {
    VOTE_OK = 0,
    VOTE_NOT_FOUND,
    VOTE_CLOSED,       /* not open on this day */
    VOTE_INVALID,      /* problems given */
    VOTE_DUPLICATE,    /* this account or address voted already */
    VOTE_NOT_ELIGIBLE, /* the resident lives in another wijk */
    VOTE_FORBIDDEN,
    VOTE_ERROR,
};

/* What the staff's form sends: amounts and numbers as typed, dates as ISO
 * when they read as dates; the proposals chosen for the ballot and the cost
 * typed for each (costs[i] for idea_ids[i]; ignored for a pick vote). */
struct vote_input {
    const char *kind; /* "budget" or "keuze" */
    const char *budget_min, *budget_max, *pick_max;
    const char *opens_on, *closes_on;
    const int64_t *idea_ids;
    const char *const *costs;
    size_t n;
};

/* Sets up or changes the vote of c (in the caller's write transaction).
 * problems: at least VOTE_MAX_PROBLEMS; their field names are those of the
 * form ("cost-<idea id>" for a cost). */
enum vote_result vote_setup(db *d, arena *a, const struct consultation_row *c, const struct user *u,
                            const struct vote_input *in, int64_t now, /* out: */ int64_t *vote_id,
                            struct consult_problem *problems, size_t *nproblems);

/* Is the vote open on today (ISO)? Is its result published? */
bool vote_open_on(const struct vote_row *v, const char *today);
bool vote_published_on(const struct vote_row *v, const char *today);
bool vote_is_budget(const struct vote_row *v);

/* Checks a ballot against the vote: known proposals, each once; pick: 1 to
 * pick_max; budget: at least one, their cost from budget_min to budget_max.
 * NULL when fine, else the Dutch msgid saying what is wrong. *total: the
 * ballot's cost. */
const char *vote_check_ballot(const struct vote_row *v, const struct vote_option_row *opt,
                              size_t nopt, const int64_t *chosen, size_t n,
                              /* out: */ int64_t *total);

/* May resident u vote in vote v of c (lives in its wijk, or c is the city's; and the account's
 * wijk did not change after v's first day began)? */
bool vote_eligible(db *d, arena *a, const struct consultation_row *c, const struct vote_row *v,
                   const struct user *u);

/* Where a paper voter's address lies: the address lookup's point for postcode and house number,
 * in our own wijk outlines (*wijk_id). CONSULT_ADDRESS_NOT_FOUND: no such address in the
 * municipality; CONSULT_ADDRESS_UNKNOWN: the lookup is off or unreachable (or the address is not
 * typed as one). It waits for the lookup (at most GEOCODE_TIMEOUT_MS): call it before a write
 * transaction. */
enum consult_address vote_address_wijk(const char *postcode, const char *house_number,
                                       /* out: */ int64_t *wijk_id);

/* Casts a ballot: online by resident who->u, or on paper (who->staff,
 * channel papier or balie, postcode and house number). In the caller's
 * write transaction; problems: at least VOTE_MAX_PROBLEMS. */
enum vote_result vote_cast(db *d, arena *a, const struct consultation_row *c,
                           const struct vote_row *v, const struct consult_who *who,
                           const int64_t *chosen, size_t n, const char *today, int64_t now,
                           /* out: */ struct consult_problem *problems, size_t *nproblems);

/* OpenStad's rule over a tally ordered by votes: down the list, a proposal
 * with votes is taken when its cost still fits in what is left of budget.
 * fits[i] for tally[i]; returns the amount spent. */
int64_t vote_fit(const struct vote_option_row *tally, size_t n, int64_t budget,
                 /* out: */ bool *fits);

/* The published result: the tally (most votes first) and, for a budget
 * vote, which proposals fit (fits: arena array, NULL for a pick vote).
 * VOTE_CLOSED while the result is not yet published. */
enum vote_result vote_results(db *d, arena *a, const struct vote_row *v, const char *today,
                              /* out: */ struct vote_option_row **tally, size_t *n, bool **fits,
                              int64_t *ballots);

/* The demo's votes (region noord): a closed budget vote with its result and
 * an open pick vote, dated from demo_date; made once, in the caller's write
 * transaction. */
int vote_seed_demo(db *d, const char *demo_date, char *err, size_t errlen);

#endif
