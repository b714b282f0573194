/*
 * vote_store.h: SQL of a consultation's vote, its ballot's proposals, the
 * record of who voted (vote_cast) and the secret ballots (vote_ballot,
 * vote_ballot_choice), migrations/0037_votes.sql. Nothing here reads or
 * writes the two halves of a vote together. The rules are in
 * domain/vote.c.
 */
#ifndef WR_VOTE_STORE_H
#define WR_VOTE_STORE_H

#include "lib/arena.h"
#include "store/consult_store.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vote_row {
    int64_t id, consultation_id;
    const char *kind;               /* "budget" or "keuze" */
    int64_t budget_min, budget_max; /* cents */
    int64_t pick_max;
    const char *opens_on, *closes_on; /* ISO */
};

/* A proposal on the ballot: an idea of the consultation and its cost. */
struct vote_option_row {
    int64_t idea_id;
    int64_t cost; /* cents */
    const char *title;
    int64_t votes; /* vote_tally only */
};

/* The consultation's vote: DB_NOTFOUND when it has none. */
int vote_get(db *d, arena *a, int64_t consultation_id, /* out: */ struct vote_row *v);
/* Inserts (v->id 0) or changes the vote, and its proposals replace the
 * old ones; in the caller's write transaction. */
int vote_store_save(db *d, const struct vote_row *v, const struct vote_option_row *opt, size_t n,
                    int64_t user_id, int64_t now, /* out: */ int64_t *id);
/* The proposals on the ballot, in the order of the ideas' numbers. */
int vote_options(db *d, arena *a, int64_t vote_id, /* out: */ struct vote_option_row **out,
                 size_t *n);
/* How many ballots were cast. */
int vote_cast_count(db *d, int64_t vote_id, /* out: */ int64_t *n);
/* Did participant vote already? */
int vote_cast_exists(db *d, int64_t vote_id, const char *participant, /* out: */ bool *yes);
/* The record that participant voted: DB_CONSTRAINT when they did already. */
int vote_cast_insert(db *d, int64_t vote_id, const struct consult_act *act);
/* A ballot with its proposals under a random id (ballot_id, unique: the
 * caller draws it); no participant, no time. */
int vote_ballot_insert(db *d, int64_t vote_id, int64_t ballot_id, const int64_t *idea_ids,
                       size_t n);
/* The count per proposal, most votes first (then the lower cost, then the
 * lower idea number). */
int vote_tally(db *d, arena *a, int64_t vote_id, /* out: */ struct vote_option_row **out,
               size_t *n);

#endif
