/*
 * budget_store.h: the budget lines of wijkgericht werken per year
 * (migrations/0020_budget.sql). Amounts are whole euro cents. The rules
 * (what a year holds, totals and changes) are in domain/budget.c.
 */
#ifndef WR_BUDGET_STORE_H
#define WR_BUDGET_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct budget_line {
    int64_t id;
    int year;
    const char *kind;      /* "personeel" or "activiteiten" */
    const char *line;      /* the line's name, e.g. "Wijkposten" */
    const char *programme; /* e.g. "wijkposten", "wijk-aan-zet" */
    int64_t amount_cents;
    const char *source; /* NULL: none recorded */
    int demo;
};

/* Adds the line, or updates the one with the same year, kind and name. */
int budget_line_upsert(db *d, const struct budget_line *l);
/* The lines of one year (year 0: every year), ordered by year, kind
 * (personeel first), programme and name. */
int budget_lines(db *d, arena *a, int year, /* out: */ struct budget_line **out, size_t *n);
/* The years that have at least one line, the latest first. */
int budget_years(db *d, arena *a, /* out: */ int **years, size_t *n);

#endif
