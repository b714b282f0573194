/*
 * regie.h: the wijkregisseur's load. The audit found that regisseurs spend
 * much of their time executing and supporting tasks nobody else took on,
 * instead of directing. A regisseur records their own time per day: regie
 * (connecting, agenda, agreeing) or uitvoering (an executing or supporting
 * task), with hours when known; the monitor shows per region and year how
 * the role is spent. An entry describes the kind of task, never a person.
 */
#ifndef WR_REGIE_H
#define WR_REGIE_H

#include "lib/arena.h"
#include "store/db.h"
#include "store/regie_store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REGIE_DESCRIPTION_MAX 300 /* characters */

struct regie_kind {
    const char *code, *label; /* label: msgid */
};
extern const struct regie_kind regie_kinds[]; /* regie, uitvoering; NULL-terminated */

/* An entry as typed: worked_on as YYYY-MM-DD when it reads as a date,
 * hours as typed ("2", "1,5"; empty: not known). */
struct regie_input {
    const char *worked_on, *kind, *description, *hours;
};
struct regie_problem {
    const char *field, *msgid;
};
#define REGIE_MAX_PROBLEMS 4

/* The problems of in, in the order of the form's fields; 0 when none.
 * today (YYYY-MM-DD, the municipality's day): no entry after it, nor more
 * than a year before it. *hours gets the number (has_hours: given). */
size_t regie_validate(const struct regie_input *in, const char *today,
                      /* out: */ struct regie_problem *out, bool *has_hours, double *hours);

/* Records a valid entry of user_id in region_id (0: none). 0, or -1. */
int regie_record(db *d, int64_t user_id, int64_t region_id, const struct regie_input *in,
                 bool has_hours, double hours, int64_t now, /* out: */ int64_t *id);

/* The figures from from_date to to_date: {"regions": [{"region", "regie_hours",
 * "uitvoering_hours", "regie_entries", "uitvoering_entries", "regisseurs",
 * "share"}], "total": {...}}; share: the percentage of the recorded hours
 * that went to executing, null without hours. NULL on a database error. */
json_t *regie_figures(db *d, arena *a, const char *from_date, const char *to_date);

/* The percentage (rounded) of part in part + other; -1 when both are 0. */
int regie_share_percent(double part, double other);

#endif
