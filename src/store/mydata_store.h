/*
 * mydata_store.h: SQL for what a resident did under their account (the
 * participant 'r:<id>' of every act): ideas, reactions, support, votes cast,
 * survey responses and their answers, spreekuur questions and meeting
 * registrations, for "Mijn gegevens" and its export (domain/mydata.h).
 * Votes come from vote_cast only: the ballot is never read here.
 */
#ifndef WR_MYDATA_STORE_H
#define WR_MYDATA_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mydata_kind {
    MYDATA_IDEAS,
    MYDATA_REACTIONS,
    MYDATA_SUPPORT,
    MYDATA_VOTES,
    MYDATA_SURVEYS,
    MYDATA_SURVEY_ANSWERS,
    MYDATA_QUESTIONS,
    MYDATA_MEETINGS,
    MYDATA_NKINDS
};

#define MYDATA_MAX_COLS 10

/* One row: per column its text (NULL for SQL NULL) and its integer value. */
struct mydata_row {
    const char *text[MYDATA_MAX_COLS];
    int64_t num[MYDATA_MAX_COLS];
};

/* The columns of each kind, in the order of the row (see mydata_store.c). */
int mydata_columns(enum mydata_kind k);

/* The rows of kind k of the participant ("r:<id>"), oldest first. */
int mydata_rows(db *d, arena *a, enum mydata_kind k, const char *participant,
                /* out: */ struct mydata_row **out, size_t *n);

#endif
