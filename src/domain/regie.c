/*
 * regie.c: the wijkregisseur's load (regie.h).
 */
#include "regie.h"

#include "domain/calendar.h"
#include "domain/focus.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"

#include <math.h>
#include <string.h>

const struct regie_kind regie_kinds[] = {
    {"regie", N_("Regie: verbinden, agenderen, afspraken maken")},
    {"uitvoering", N_("Uitvoering: een taak die een ander had kunnen doen")},
    {NULL, NULL},
};

static bool kind_ok(const char *k)
{
    for (size_t i = 0; k && regie_kinds[i].code; i++)
        if (strcmp(k, regie_kinds[i].code) == 0)
            return true;
    return false;
}

size_t regie_validate(const struct regie_input *in, const char *today, struct regie_problem *out,
                      bool *has_hours, double *hours)
{
    size_t n = 0;
    *has_hours = false;
    *hours = 0;
    cal_date day, now;
    if (!in->worked_on || utf8_blank(in->worked_on) ||
        cal_parse_date(in->worked_on, strlen(in->worked_on), &day) != 0)
        out[n++] =
            (struct regie_problem){"worked_on", N_("Vul de dag in, bijvoorbeeld 15-04-2025.")};
    else if (today && cal_parse_date(today, strlen(today), &now) == 0 &&
             (day > now || day < cal_add_calendar_days(now, -366)))
        out[n++] = (struct regie_problem){
            "worked_on", N_("Vul een dag in van het afgelopen jaar, niet in de toekomst.")};
    if (!kind_ok(in->kind))
        out[n++] = (struct regie_problem){"kind", N_("Kies of het regie of uitvoering was.")};
    size_t len = in->description ? strlen(in->description) : 0;
    if (!in->description || utf8_blank(in->description))
        out[n++] =
            (struct regie_problem){"description", N_("Beschrijf de taak in een paar woorden.")};
    else if (!utf8_valid(in->description, len) ||
             utf8_len_chars(in->description, len) > REGIE_DESCRIPTION_MAX ||
             strpbrk(in->description, "\r\n"))
        out[n++] = (struct regie_problem){
            "description", N_("Een beschrijving heeft hoogstens 300 tekens en past op één regel.")};
    if (in->hours && !utf8_blank(in->hours)) {
        double h;
        if (!focus_parse_number(in->hours, &h) || h <= 0 || h > 24 ||
            fabs(h * 4 - round(h * 4)) > 1e-9)
            out[n++] = (struct regie_problem){
                "hours", N_("Vul de uren in als een getal tot 24, in kwartieren, zoals 1,5.")};
        else
            *has_hours = true, *hours = h;
    }
    return n;
}

int regie_record(db *d, int64_t user_id, int64_t region_id, const struct regie_input *in,
                 bool has_hours, double hours, int64_t now, int64_t *id)
{
    struct regie_entry_row e = {.user_id = user_id,
                                .region_id = region_id,
                                .worked_on = in->worked_on,
                                .kind = in->kind,
                                .description = in->description,
                                .has_hours = has_hours,
                                .hours = hours};
    return regie_entry_insert(d, &e, now, id) == DB_OK ? 0 : -1;
}

int regie_share_percent(double part, double other)
{
    if (part + other <= 0)
        return -1;
    return (int)lround(100.0 * part / (part + other));
}

static json_t *sum_json(const char *region, double rh, double uh, int64_t re, int64_t ue,
                        int64_t people)
{
    int share = regie_share_percent(uh, rh);
    return json_pack("{s:s?,s:f,s:f,s:I,s:I,s:I,s:o}", "region", region, "regie_hours", rh,
                     "uitvoering_hours", uh, "regie_entries", (json_int_t)re, "uitvoering_entries",
                     (json_int_t)ue, "regisseurs", (json_int_t)people, "share",
                     share < 0 ? json_null() : json_integer(share));
}

json_t *regie_figures(db *d, arena *a, const char *from_date, const char *to_date)
{
    struct regie_sum_row *s;
    size_t n;
    if (regie_sums(d, a, from_date, to_date, &s, &n) != DB_OK)
        return NULL;
    json_t *regions = json_array();
    double rh = 0, uh = 0;
    int64_t re = 0, ue = 0, people = 0;
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(regions, sum_json(s[i].region, s[i].regie_hours,
                                                s[i].uitvoering_hours, s[i].regie_entries,
                                                s[i].uitvoering_entries, s[i].regisseurs));
        rh += s[i].regie_hours;
        uh += s[i].uitvoering_hours;
        re += s[i].regie_entries;
        ue += s[i].uitvoering_entries;
        people += s[i].regisseurs;
    }
    return json_pack("{s:o,s:o}", "regions", regions, "total",
                     sum_json(NULL, rh, uh, re, ue, people));
}
