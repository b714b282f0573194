/*
 * focus.c: the rules of focus points and their plans; see focus.h.
 *
 * The code lists match the CHECK constraints of migrations/0005_focus.sql;
 * the labels are the words residents and staff read on the pages.
 */
#include "focus.h"

#include "domain/calendar.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct focus_code focus_statuses[] = {
    {"voorgesteld", N_("voorgesteld")},
    {"vastgesteld", N_("vastgesteld")},
    {"niet_vastgesteld", N_("niet vastgesteld")},
    {"lopend", N_("lopend")},
    {"afgerond", N_("afgerond")},
    {"gestopt", N_("gestopt")},
    {NULL, NULL},
};

const struct focus_code focus_origins[] = {
    {"signalen", N_("meldingen van inwoners")},
    {"wijkontwikkelingsplan", N_("het wijkontwikkelingsplan")},
    {"partners", N_("partners in de wijk")},
    {"politie", N_("de politie")},
    {"bewoners", N_("bewoners")},
    {NULL, NULL},
};

const struct focus_code focus_action_statuses[] = {
    {"gepland", N_("gepland")},
    {"lopend", N_("loopt")},
    {"gereed", N_("gereed")},
    {"vervallen", N_("vervallen")},
    {NULL, NULL},
};

const struct focus_code focus_owner_kinds[] = {
    {"afdeling", N_("afdeling van de gemeente")},
    {"partner", N_("partnerorganisatie")},
    {"bewoners", N_("bewonersgroep")},
    {NULL, NULL},
};

const struct focus_code focus_methods[] = {
    {"manual", N_("met de hand ingevoerd (bijvoorbeeld een enquête)")},
    {"signals_per_1000", N_("meldingen per 1.000 inwoners per jaar")},
    {"within_deadline", N_("procent meldingen binnen de termijn afgehandeld")},
    {"distinct_reporters", N_("aantal verschillende melders per jaar")},
    {NULL, NULL},
};

const struct focus_code focus_inventory_sources[] = {
    {"partner", N_("partnerorganisatie")},
    {"bijeenkomst", N_("bijeenkomst")},
    {"politie", N_("politie")},
    {"bewoners", N_("bewoners")},
    {"medewerker", N_("medewerker")},
    {NULL, NULL},
};

const char *focus_label(const struct focus_code *list, const char *code)
{
    for (size_t i = 0; code && list[i].code; i++)
        if (strcmp(list[i].code, code) == 0)
            return list[i].label;
    return NULL;
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* Valid UTF-8 of at most max characters; one_line: no control characters. */
static bool text_ok(const char *s, size_t max, bool one_line)
{
    if (!s)
        return true;
    size_t n = strlen(s);
    if (!utf8_valid(s, n) || utf8_len_chars(s, n) > max)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 && (one_line || (*p != '\n' && *p != '\r' && *p != '\t')))
            return false;
    return true;
}

bool focus_valid_date(const char *s)
{
    cal_date d;
    return s && strlen(s) == 10 && cal_parse_date(s, 10, &d) == 0;
}

bool focus_parse_number(const char *s, double *out)
{
    if (blank(s))
        return false;
    char tmp[64];
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    if (n == 0 || n >= sizeof tmp)
        return false;
    int seps = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ',' || c == '.') {
            c = '.';
            seps++;
        } else if (!(isdigit((unsigned char)c) || (i == 0 && c == '-')))
            return false;
        tmp[i] = c;
    }
    tmp[n] = '\0';
    if (seps > 1 || tmp[n - 1] == '.' || tmp[0] == '.' || (tmp[0] == '-' && n == 1))
        return false;
    char *end;
    errno = 0;
    double v = strtod(tmp, &end);
    if (errno || *end || !isfinite(v) || fabs(v) > 1e12)
        return false;
    *out = v;
    return true;
}

static bool origin_ok(const char *origin)
{
    if (blank(origin))
        return true;
    char word[32];
    const char *p = origin;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n == 0 || n >= sizeof word)
            return false;
        memcpy(word, p, n);
        word[n] = '\0';
        if (!focus_label(focus_origins, word))
            return false;
        p += n;
        if (*p == ',')
            p++;
    }
    return true;
}

const char *focus_validate(const struct focus_input *in)
{
    if (blank(in->title))
        return N_("Vul een titel in.");
    if (!text_ok(in->title, FOCUS_TITLE_MAX, true))
        return N_("Een titel heeft hoogstens 200 tekens en past op één regel.");
    if (!text_ok(in->problem, FOCUS_TEXT_MAX, false))
        return N_("De probleemstelling heeft hoogstens 4000 tekens.");
    if (in->nareas == 0)
        return N_("Kies minstens één wijk of buurt.");
    if (in->nareas > FOCUS_MAX_AREAS)
        return N_("Kies hoogstens 12 wijken of buurten.");
    if (!origin_ok(in->origin))
        return N_("Kies de herkomst uit de lijst.");
    if (!focus_valid_date(in->period_start) || !focus_valid_date(in->period_end))
        return N_("Vul het begin en het einde van de periode in als datum, zoals 15-04-2025.");
    if (strcmp(in->period_start, in->period_end) >= 0)
        return N_("Het einde van de periode ligt na het begin.");
    if (!focus_label(focus_statuses, in->status))
        return N_("Kies een status uit de lijst.");
    if (!blank(in->decided_on) && !focus_valid_date(in->decided_on))
        return N_("Vul de datum van het collegebesluit in als 15-04-2025.");
    return NULL;
}

const char *focus_edit_status_validate(const char *old_status, const char *old_decided_on,
                                       const char *status, const char *decided_on)
{
    /* decided: by the date, or by a status only a decision gives (the
     * focus points of 2016 were loaded decided, without the date) */
    bool decided =
        !blank(old_decided_on) ||
        (old_status && (strcmp(old_status, "vastgesteld") == 0 ||
                        strcmp(old_status, "lopend") == 0 || strcmp(old_status, "afgerond") == 0));
    bool same_date = blank(old_decided_on)
                         ? blank(decided_on)
                         : !blank(decided_on) && strcmp(decided_on, old_decided_on) == 0;
    if (!same_date)
        return N_("Alleen de wijkwethouder legt het besluit van het college vast.");
    if (!status || !focus_label(focus_statuses, status))
        return N_("Kies een status uit de lijst.");
    /* a rejection is the college's too, and final */
    bool rejected = old_status && strcmp(old_status, "niet_vastgesteld") == 0;
    if (rejected)
        return strcmp(status, "niet_vastgesteld") == 0
                   ? NULL
                   : N_("Het college heeft dit voorstel niet vastgesteld. De status blijft zo.");
    if (strcmp(status, "niet_vastgesteld") == 0)
        return N_("Alleen de wijkwethouder legt het besluit van het college vast.");
    if (!old_status)
        return strcmp(status, "voorgesteld") == 0
                   ? NULL
                   : N_("Een nieuw focuspunt is een voorstel. Het college stelt het vast.");
    if (!decided)
        return strcmp(status, "voorgesteld") == 0 || strcmp(status, "gestopt") == 0
                   ? NULL
                   : N_("Het college heeft dit focuspunt nog niet vastgesteld. U kunt het "
                        "voorstel alleen intrekken (gestopt).");
    return strcmp(status, "voorgesteld") == 0
               ? N_("Het college heeft dit focuspunt vastgesteld. Het kan geen voorstel meer "
                    "worden.")
               : NULL;
}

const char *focus_decision_validate(const char *old_status, const char *old_decided_on,
                                    const char *decided_on, const char *today)
{
    if (!blank(old_decided_on) || !old_status || strcmp(old_status, "voorgesteld") != 0)
        return N_("Over dit focuspunt is al besloten, of het voorstel is ingetrokken.");
    if (blank(decided_on) || !focus_valid_date(decided_on))
        return N_("Vul de datum van het collegebesluit in als 15-04-2025.");
    if (today && strcmp(decided_on, today) > 0)
        return N_("De datum van het collegebesluit ligt niet in de toekomst.");
    return NULL;
}

size_t focus_rejection_validate(const char *old_status, const char *old_decided_on,
                                const char *decided_on, const char *reason, const char *today,
                                struct focus_problem out[2])
{
    size_t n = 0;
    const char *p = focus_decision_validate(old_status, old_decided_on, decided_on, today);
    if (p)
        out[n++] = (struct focus_problem){"rejected_on", p};
    if (p && (!blank(old_decided_on) || !old_status || strcmp(old_status, "voorgesteld") != 0))
        return n; /* no open proposal: nothing more to say */
    if (blank(reason))
        out[n++] = (struct focus_problem){
            "reason", N_("Schrijf op waarom het college het voorstel niet vaststelde.")};
    else if (!text_ok(reason, FOCUS_REASON_MAX, false))
        out[n++] =
            (struct focus_problem){"reason", N_("Gebruik voor de reden hoogstens 2.000 tekens.")};
    return n;
}

const char *focus_goal_validate(const char *text)
{
    if (blank(text))
        return N_("Beschrijf het doel.");
    if (!text_ok(text, FOCUS_TITLE_MAX * 2, false))
        return N_("Een doel heeft hoogstens 400 tekens.");
    return NULL;
}

const char *focus_goal_position_validate(const char *s, size_t ngoals, int *pos)
{
    double v;
    *pos = 0;
    if (!focus_parse_number(s, &v) || v != floor(v) || v < 1 || v > (double)ngoals)
        return N_("Kies de plaats van het doel in de lijst.");
    *pos = (int)v;
    return NULL;
}

void focus_code(int number, const char *period_start, char out[static FOCUS_CODE_LEN])
{
    /* the year: the first four characters when they are digits */
    char year[5] = "";
    if (period_start && strspn(period_start, "0123456789") >= 4)
        memcpy(year, period_start, 4);
    if (number > 0 && *year)
        snprintf(out, FOCUS_CODE_LEN, "%s-%d", year, number);
    else if (number > 0)
        snprintf(out, FOCUS_CODE_LEN, "%d", number);
    else
        snprintf(out, FOCUS_CODE_LEN, "%s", year);
}

bool focus_status_public(const char *status)
{
    return status && focus_label(focus_statuses, status) && strcmp(status, "voorgesteld") != 0 &&
           strcmp(status, "niet_vastgesteld") != 0;
}

const char *focus_indicator_validate(const struct focus_indicator_input *in,
                                     struct focus_indicator_values *v)
{
    memset(v, 0, sizeof *v);
    if (blank(in->name))
        return N_("Geef de indicator een naam.");
    if (!text_ok(in->name, FOCUS_NAME_MAX, true))
        return N_("Een naam heeft hoogstens 200 tekens en past op één regel.");
    if (!text_ok(in->unit, 40, true))
        return N_("Een eenheid heeft hoogstens 40 tekens.");
    if (!text_ok(in->source, FOCUS_SOURCE_MAX, true))
        return N_("Een bron heeft hoogstens 300 tekens.");
    if (!focus_label(focus_methods, in->method))
        return N_("Kies hoe de indicator gemeten wordt.");
    if (!blank(in->baseline_value)) {
        if (!focus_parse_number(in->baseline_value, &v->baseline))
            return N_("De nulmeting is een getal, bijvoorbeeld 12 of 12,5.");
        v->has_baseline = true;
        if (!focus_valid_date(in->baseline_date))
            return N_("Vul de datum van de nulmeting in als 15-04-2025.");
    } else if (!blank(in->baseline_date)) {
        return N_("Vul bij de datum van de nulmeting ook de waarde in.");
    }
    if (!blank(in->target_value)) {
        if (!focus_parse_number(in->target_value, &v->target))
            return N_("Het doel is een getal, bijvoorbeeld 10 of 7,5.");
        v->has_target = true;
        if (!focus_valid_date(in->target_date))
            return N_("Vul de datum waarop het doel bereikt moet zijn in als 15-04-2025.");
    } else if (!blank(in->target_date)) {
        return N_("Vul bij de datum van het doel ook de waarde in.");
    }
    if (v->has_baseline && v->has_target) {
        if (strcmp(in->baseline_date, in->target_date) >= 0)
            return N_("De datum van het doel ligt na de nulmeting.");
        if (in->higher_is_better ? v->target < v->baseline : v->target > v->baseline)
            return in->higher_is_better
                       ? N_("Het doel is lager dan de nulmeting, maar hoger is beter. Pas het "
                            "doel of de richting aan.")
                       : N_("Het doel is hoger dan de nulmeting, maar lager is beter. Pas het "
                            "doel of de richting aan.");
    }
    return NULL;
}

const char *focus_action_validate(const struct focus_action_input *in)
{
    if (blank(in->title))
        return N_("Beschrijf de actie.");
    if (!text_ok(in->title, FOCUS_TITLE_MAX, true))
        return N_("Een actie heeft hoogstens 200 tekens en past op één regel.");
    if (!focus_label(focus_owner_kinds, in->owner_kind))
        return N_("Kies wie de actie uitvoert.");
    if (strcmp(in->owner_kind, "bewoners") == 0) {
        if (blank(in->owner_text))
            return N_("Vul de naam van de bewonersgroep in.");
        if (!text_ok(in->owner_text, FOCUS_NAME_MAX, true))
            return N_("De naam van de bewonersgroep heeft hoogstens 200 tekens.");
    } else if (!in->owner_org_valid) {
        return strcmp(in->owner_kind, "afdeling") == 0
                   ? N_("Kies de afdeling die de actie uitvoert.")
                   : N_("Kies de partner die de actie uitvoert.");
    }
    if (!blank(in->due_on) && !focus_valid_date(in->due_on))
        return N_("Vul de streefdatum in als 15-04-2025.");
    if (!focus_label(focus_action_statuses, in->status))
        return N_("Kies een status uit de lijst.");
    if (!text_ok(in->notes, FOCUS_TEXT_MAX, false))
        return N_("De notitie heeft hoogstens 4000 tekens.");
    return NULL;
}

const char *focus_measurement_validate(const char *measured_on, const char *value,
                                       const char *source, const char *today, double *out)
{
    if (!focus_valid_date(measured_on))
        return N_("Vul de datum van de meting in als 15-04-2025.");
    if (today && strcmp(measured_on, today) > 0)
        return N_("De datum van de meting ligt niet in de toekomst.");
    if (!focus_parse_number(value, out))
        return N_("De waarde is een getal, bijvoorbeeld 29 of 12,5.");
    if (blank(source))
        return N_("Vul de bron in, bijvoorbeeld: Omnibusenquête 2025.");
    if (!text_ok(source, FOCUS_SOURCE_MAX, true))
        return N_("Een bron heeft hoogstens 300 tekens.");
    return NULL;
}

const char *focus_report_text_validate(const char *year, const char *text, int *y)
{
    *y = 0;
    double v;
    if (!focus_parse_number(year, &v) || v != floor(v) || v < 2000 || v > 2100)
        return N_("Kies een jaar.");
    if (blank(text))
        return N_("Schrijf de tekst voor het verslag.");
    if (!text_ok(text, FOCUS_TEXT_MAX, false))
        return N_("De tekst heeft hoogstens 4000 tekens.");
    *y = (int)v;
    return NULL;
}

const char *focus_inventory_validate(const char *source, const char *text)
{
    if (!focus_label(focus_inventory_sources, source))
        return N_("Kies waar de inbreng vandaan komt.");
    if (blank(text))
        return N_("Beschrijf de inbreng.");
    if (!text_ok(text, FOCUS_TEXT_MAX, false))
        return N_("De inbreng heeft hoogstens 4000 tekens.");
    return NULL;
}

bool focus_progress(double baseline, double target, double latest, bool higher_is_better,
                    double *progress, bool *worse)
{
    if (!isfinite(baseline) || !isfinite(target) || !isfinite(latest))
        return false;
    *worse = higher_is_better ? latest < baseline : latest > baseline;
    double p;
    if (target == baseline)
        p = (higher_is_better ? latest >= target : latest <= target) ? 1.0 : 0.0;
    else
        p = (latest - baseline) / (target - baseline);
    *progress = p < 0 ? 0 : p > 1 ? 1 : p;
    return true;
}

enum focus_track focus_track(bool has_progress, double progress, bool worse,
                             const char *baseline_date, const char *target_date,
                             const char *measured_on)
{
    if (!has_progress)
        return TRACK_UNKNOWN;
    if (progress >= 1.0)
        return TRACK_REACHED;
    if (worse)
        return TRACK_WORSE;
    cal_date b, t, m;
    if (!baseline_date || !target_date || !measured_on ||
        cal_parse_date(baseline_date, strlen(baseline_date), &b) != 0 ||
        cal_parse_date(target_date, strlen(target_date), &t) != 0 ||
        cal_parse_date(measured_on, strlen(measured_on), &m) != 0 || t <= b)
        return progress > 0 ? TRACK_ON : TRACK_BEHIND;
    double elapsed = (double)(m - b) / (double)(t - b);
    if (elapsed < 0)
        elapsed = 0;
    if (elapsed > 1)
        elapsed = 1;
    return progress + 0.10 >= elapsed ? TRACK_ON : TRACK_BEHIND;
}

const char *focus_track_label(enum focus_track t)
{
    switch (t) {
    case TRACK_REACHED:
        return N_("doel gehaald");
    case TRACK_ON:
        return N_("op schema");
    case TRACK_BEHIND:
        return N_("achter op schema");
    case TRACK_WORSE:
        return N_("slechter dan bij de start");
    default:
        return N_("nog niet gemeten");
    }
}

const char *focus_track_code(enum focus_track t)
{
    switch (t) {
    case TRACK_REACHED:
        return "gehaald";
    case TRACK_ON:
        return "op_schema";
    case TRACK_BEHIND:
        return "achter";
    case TRACK_WORSE:
        return "slechter";
    default:
        return "onbekend";
    }
}

bool focus_action_overdue(const char *status, const char *due_on, const char *today)
{
    if (!status || !due_on || !today || !focus_valid_date(due_on))
        return false;
    if (strcmp(status, "gepland") != 0 && strcmp(status, "lopend") != 0)
        return false;
    return strcmp(due_on, today) < 0;
}

bool focus_month_end(const char *date, char out[11])
{
    cal_date d;
    int y, m, day;
    if (!date || cal_parse_date(date, strlen(date), &d) != 0 || cal_to_ymd(d, &y, &m, &day) != 0)
        return false;
    int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
    cal_date first_next = cal_from_ymd(ny, nm, 1);
    return cal_format_date(first_next - 1, out) == 0;
}
