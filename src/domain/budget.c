/*
 * budget.c: the budget of wijkgericht werken per year (budget.h).
 */
#include "budget.h"

#include <stdio.h>
#include <string.h>

/* The same line (kind and name) in the year before; its amount in *cents. */
static bool find_prev(const struct budget_line *prev, size_t np, const struct budget_line *l,
                      int64_t *cents)
{
    for (size_t i = 0; i < np; i++)
        if (strcmp(prev[i].kind, l->kind) == 0 && strcmp(prev[i].line, l->line) == 0) {
            *cents = prev[i].amount_cents;
            return true;
        }
    return false;
}

static bool is_personnel(const struct budget_line *l)
{
    return strcmp(l->kind, "personeel") == 0;
}

int budget_year_get(db *d, arena *a, int year, struct budget_year *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    struct budget_line *cur, *prev;
    size_t nc, np;
    if (budget_lines(d, a, year, &cur, &nc) != DB_OK ||
        budget_lines(d, a, year - 1, &prev, &np) != DB_OK)
        return DB_ERROR;
    out->found = nc > 0;
    out->has_prev = np > 0;
    for (size_t i = 0; i < np; i++) {
        if (is_personnel(&prev[i]))
            out->prev_personnel_cents += prev[i].amount_cents;
        else
            out->prev_activities_cents += prev[i].amount_cents;
    }
    out->prev_total_cents = out->prev_personnel_cents + out->prev_activities_cents;
    out->rows = nc ? arena_alloc(a, nc * sizeof *out->rows) : NULL;
    if (nc && !out->rows)
        return DB_ERROR;
    out->n = nc;
    for (size_t i = 0; i < nc; i++) {
        struct budget_row *row = &out->rows[i];
        row->line = &cur[i];
        row->prev_cents = 0;
        row->has_prev = find_prev(prev, np, &cur[i], &row->prev_cents);
        if (is_personnel(&cur[i]))
            out->personnel_cents += cur[i].amount_cents;
        else
            out->activities_cents += cur[i].amount_cents;
        out->demo |= cur[i].demo != 0;
    }
    out->total_cents = out->personnel_cents + out->activities_cents;
    return DB_OK;
}

/* One list of the audit's format ("personnel" or "activities"); the sum in
 * whole euros goes to *sum. */
static int load_list(db *d, json_t *root, const char *key, const char *kind, int year,
                     const char *source, int64_t *sum, char *err, size_t errlen)
{
    json_t *list = json_object_get(root, key);
    if (!json_is_array(list)) {
        snprintf(err, errlen, "budget: %s is not a list", key);
        return -1;
    }
    *sum = 0;
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        const char *line = json_string_value(json_object_get(o, "line"));
        const char *prog = json_string_value(json_object_get(o, "programme"));
        json_t *eur = json_object_get(o, "eur");
        /* whole euros as a JSON integer: a fraction or a huge number is refused */
        if (!line || !*line || !prog || !*prog || !json_is_integer(eur) ||
            json_integer_value(eur) < 0 || json_integer_value(eur) > INT64_C(1000000000000)) {
            snprintf(err, errlen, "budget: %s entry %zu needs line, programme and eur", key, i);
            return -1;
        }
        struct budget_line l = {.year = year,
                                .kind = kind,
                                .line = line,
                                .programme = prog,
                                .amount_cents = (int64_t)json_integer_value(eur) * 100,
                                .source = source};
        if (budget_line_upsert(d, &l) != DB_OK) {
            snprintf(err, errlen, "budget: cannot store %s %s", kind, line);
            return -1;
        }
        *sum += (int64_t)json_integer_value(eur);
    }
    return 0;
}

int budget_load_json(db *d, const char *text, size_t len, char *err, size_t errlen)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        snprintf(err, errlen, "budget: %d: %s", je.line, je.text);
        return -1;
    }
    int rc = -1;
    json_int_t year = json_integer_value(json_object_get(root, "year"));
    const char *source = json_string_value(json_object_get(root, "source"));
    if (year < BUDGET_YEAR_MIN || year > BUDGET_YEAR_MAX) {
        snprintf(err, errlen, "budget: no valid year");
        goto done;
    }
    int64_t pers, act;
    if (load_list(d, root, "personnel", "personeel", (int)year, source, &pers, err, errlen) != 0 ||
        load_list(d, root, "activities", "activiteiten", (int)year, source, &act, err, errlen) != 0)
        goto done;
    json_t *pt = json_object_get(root, "personnel_total"),
           *at = json_object_get(root, "activities_total");
    if ((pt && json_integer_value(pt) != pers) || (at && json_integer_value(at) != act)) {
        snprintf(err, errlen, "budget %d: the lines do not add up to the totals given", (int)year);
        goto done;
    }
    rc = 0;
done:
    json_decref(root);
    return rc;
}

/* The demonstration years: the 2016 lines indexed, wijkposten shrinking as
 * the posts became information points in partners' buildings, the
 * inwonerbudgetten (wijk aan zet) held near EUR 100,000, Palenstein Leeft
 * ending after 2018, and a flexible wijk budget (the audit's third
 * recommendation) added from 2020. Amounts in whole euros, per mille
 * change per year after 2016. */
struct demo_rule {
    const char *kind, *line;
    int per_mille_per_year; /* growth (or decline) per year after 2016 */
    int last_year;          /* 0: every year */
};

static const struct demo_rule demo_rules[] = {
    {"personeel", "Wijkposten", -30, 0},
    {"personeel", "Wijkzorgnetwerken", 25, 0},
    {"personeel", "Wijkmanagers", 20, 0},
    {"personeel", "Stadsmarshall", 20, 0},
    {"personeel", "Wijkhandhavers", 25, 0},
    {"activiteiten", "Wijkposten", -50, 0},
    {"activiteiten", "Wijkzorgnetwerken", 30, 0},
    {"activiteiten", "Inwonerbudgetten", -10, 0},
    {"activiteiten", "Wijkactivering overig", -15, 0},
    {"activiteiten", "Wijkactivering Palenstein Leeft", 0, 2018},
    {"activiteiten", "Wijkaanpak jongerengroepen", 20, 0},
};

#define DEMO_FIRST   2017
#define DEMO_SOURCE  "Demonstratiegegevens: geen vastgestelde begroting."
#define FLEX_FROM    2020
#define FLEX_EUR     50000
#define FLEX_EUR_INC 10000

int budget_generate_demo(db *d, arena *a, int last_year, char *err, size_t errlen)
{
    struct budget_line *base;
    size_t nb;
    if (budget_lines(d, a, 2016, &base, &nb) != DB_OK) {
        snprintf(err, errlen, "budget: cannot read 2016");
        return -1;
    }
    for (int y = DEMO_FIRST; y <= last_year; y++) {
        int k = y - 2016;
        for (size_t i = 0; i < nb; i++) {
            const struct demo_rule *rule = NULL;
            for (size_t j = 0; j < sizeof demo_rules / sizeof demo_rules[0]; j++)
                if (strcmp(demo_rules[j].kind, base[i].kind) == 0 &&
                    strcmp(demo_rules[j].line, base[i].line) == 0)
                    rule = &demo_rules[j];
            if (!rule || (rule->last_year && y > rule->last_year))
                continue;
            int64_t eur = base[i].amount_cents / 100;
            int64_t factor = 1000 + (int64_t)rule->per_mille_per_year * k;
            eur = (eur * factor + 500) / 1000;
            struct budget_line l = {.year = y,
                                    .kind = base[i].kind,
                                    .line = base[i].line,
                                    .programme = base[i].programme,
                                    .amount_cents = eur * 100,
                                    .source = DEMO_SOURCE,
                                    .demo = 1};
            if (budget_line_upsert(d, &l) != DB_OK)
                goto fail;
        }
        if (y >= FLEX_FROM) {
            struct budget_line l = {
                .year = y,
                .kind = "activiteiten",
                .line = "Flexibel wijkbudget",
                .programme = "wijk-aan-zet",
                .amount_cents = ((int64_t)FLEX_EUR + (int64_t)FLEX_EUR_INC * (y - FLEX_FROM)) * 100,
                .source = DEMO_SOURCE,
                .demo = 1};
            if (budget_line_upsert(d, &l) != DB_OK)
                goto fail;
        }
    }
    return 0;
fail:
    snprintf(err, errlen, "budget: cannot store the demonstration years");
    return -1;
}

json_t *budget_report_json(db *d, arena *a, int year)
{
    struct budget_year b;
    if (budget_year_get(d, a, year, &b) != DB_OK)
        return NULL;
    if (!b.found)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "year", json_integer(year));
    json_object_set_new(o, "personnel_cents", json_integer(b.personnel_cents));
    json_object_set_new(o, "activities_cents", json_integer(b.activities_cents));
    json_object_set_new(o, "total_cents", json_integer(b.total_cents));
    json_object_set_new(o, "previous_total_cents",
                        b.has_prev ? json_integer(b.prev_total_cents) : json_null());
    json_object_set_new(o, "demo", json_boolean(b.demo));
    return o;
}
