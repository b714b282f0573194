/*
 * budget.h: the budget of wijkgericht werken per year, as the audit of the
 * Rekenkamercommissie drew it up for 2016: lines for personnel (personeel)
 * and activities (activiteiten), each with its programme, in whole euro
 * cents (never floating point); subtotals per kind, the total, and the
 * change from the year before, per line and in total.
 *
 * The 2016 lines are facts and every installation loads them; a demo adds
 * plausible later years marked demo. Loading again updates, never adds.
 */
#ifndef WR_BUDGET_H
#define WR_BUDGET_H

#include "lib/arena.h"
#include "store/budget_store.h"
#include "store/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BUDGET_YEAR_MIN 2000
#define BUDGET_YEAR_MAX 2100

/* One line of a year with the same line of the year before. */
struct budget_row {
    const struct budget_line *line;
    bool has_prev; /* the year before has a line of the same kind and name */
    int64_t prev_cents;
};

/* A year's budget. found: the year has at least one line. */
struct budget_year {
    int year;
    bool found, demo; /* demo: at least one line is demonstration data */
    struct budget_row *rows;
    size_t n;
    int64_t personnel_cents, activities_cents, total_cents;
    bool has_prev; /* the year before has lines */
    int64_t prev_personnel_cents, prev_activities_cents, prev_total_cents;
};

/* The lines, subtotals, total and changes of a year. */
int budget_year_get(db *d, arena *a, int year, /* out: */ struct budget_year *out);

/* Loads a budget in the audit's format ({"year", "source", "personnel":
 * [{"line", "eur", "programme"}], "activities": [...], "personnel_total",
 * "activities_total"}) as facts (demo 0). The totals given must equal the
 * sum of the lines. Within the caller's write transaction; 0 or -1 with
 * err set. */
int budget_load_json(db *d, const char *text, size_t len, char *err, size_t errlen);

/* Adds the demonstration years 2017 to last_year, derived from 2016's lines
 * and marked demo. Within the caller's write transaction; 0 or -1. */
int budget_generate_demo(db *d, arena *a, int last_year, char *err, size_t errlen);

/* A year's totals for the council report: {"year", "personnel_cents",
 * "activities_cents", "total_cents", "previous_total_cents" (null when the
 * year before has none), "demo"}, or JSON null when the year has no lines.
 * NULL on a database error. */
json_t *budget_report_json(db *d, arena *a, int year);

#endif
