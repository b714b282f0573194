/*
 * monitor.h: the figures of the monitor and the yearly council report, for
 * the city, a region or a wijk, as one JSON document.
 *
 * One document serves the dashboard, the report, the CSV and XLSX exports
 * and the frozen snapshot of a closed year: what the council read about a
 * closed year is that document as stored, so erasing personal data or
 * changing signals later cannot change it. The document holds codes and
 * numbers (no translated words), so a snapshot reads in either language.
 *
 * What counts (see migrations/0007_monitor.sql): signals that were not merged
 * into another and are not sub tasks; confidential ones only as numbers.
 */
#ifndef WR_MONITOR_H
#define WR_MONITOR_H

#include "lib/arena.h"
#include "store/db.h"

#include <jansson.h>
#include <stdint.h>

enum monitor_kind { MON_CITY, MON_REGION, MON_WIJK };
enum monitor_period { MON_MONTH, MON_QUARTER, MON_YEAR };

struct monitor_area {
    enum monitor_kind kind;
    int64_t id; /* region or wijk id; 0 for the city */
    const char *slug, *name;
};

/* Figures for one area and year (with "initiatives": the residents'
 * initiatives of the year and the scope's wijk budgets; a city or region
 * document has them per wijk too). `today` (YYYY-MM-DD) and `now` (unix
 * seconds) set what is open and overdue; with_workload adds the
 * wijkregisseurs' workload. NULL on a database error or unknown area. */
json_t *monitor_figures(db *d, arena *a, const struct monitor_area *ar, int year,
                        enum monitor_period period, const char *today, int64_t now,
                        int with_workload);

/* The council report of a year: {"year", "closed", "closed_at", "city",
 * "wijken": [...], "budget"} (budget: domain/budget.h budget_report_json;
 * absent from a year closed before the budget was kept). A closed year
 * comes from its snapshot; otherwise it is computed now. NULL on error. */
json_t *monitor_report(db *d, arena *a, int year, const char *today, int64_t now);

/* Freezes a year's report into year_snapshot (within the caller's write
 * transaction). DB_CONSTRAINT when the year was already closed. */
int monitor_close_year(db *d, arena *a, int year, int64_t user_id, const char *today, int64_t now);

/* Parses "maand", "kwartaal", "jaar" (default maand). */
enum monitor_period monitor_period_parse(const char *s);
const char *monitor_period_code(enum monitor_period p);

#endif
