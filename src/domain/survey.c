/*
 * survey.c: the rules of surveys (survey.h).
 */
#include "survey.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/focus.h"
#include "domain/participation.h"
#include "domain/policy.h"
#include "domain/resident.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"
#include "store/area_store.h"
#include "store/focus_store.h"
#include "store/resident_store.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct survey_code survey_kinds[] = {
    {"single", N_("Eén keuze")}, {"multiple", N_("Meerdere keuzes")}, {"scale", N_("Schaal")},
    {"number", N_("Getal")},     {"open", N_("Open antwoord")},
};
const struct survey_code survey_modes[] = {
    {"account", N_("Eén antwoord per account: inloggen als bewoner")},
    {"link", N_("Anoniem, met een link")},
};
const struct survey_code survey_channels[] = {
    {"online", N_("Online")},
    {"balie", N_("Aan de balie")},
    {"papier", N_("Op papier")},
    {"bijeenkomst", N_("Op een bijeenkomst")},
};
const size_t survey_nkinds = sizeof survey_kinds / sizeof survey_kinds[0];
const size_t survey_nmodes = sizeof survey_modes / sizeof survey_modes[0];
const size_t survey_nchannels = sizeof survey_channels / sizeof survey_channels[0];

const char *survey_label(const struct survey_code *list, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(list[i].code, code) == 0)
            return list[i].label;
    return NULL;
}

enum survey_state survey_state_on(const struct survey_row *s, const char *today)
{
    if (strcmp(today, s->opens_on) < 0)
        return SURVEY_BEFORE;
    if (strcmp(today, s->closes_on) > 0)
        return SURVEY_AFTER;
    return SURVEY_OPEN;
}

static struct scope_target target_of(const struct survey_row *s)
{
    return (struct scope_target){.region_id = s->area_id ? s->wijk_region_id : s->region_id,
                                 .area_id = s->area_id};
}

bool survey_may_keep(const struct user *u, const struct survey_row *s)
{
    struct scope_target t = target_of(s);
    return policy_allows(u, ACT_SURVEY_EDIT, t.region_id || t.area_id ? &t : NULL);
}

bool survey_may_enter(const struct user *u, const struct survey_row *s)
{
    struct scope_target t = target_of(s);
    return policy_allows(u, ACT_SURVEY_ENTER, t.region_id || t.area_id ? &t : NULL);
}

static size_t chars(const char *s)
{
    return s ? utf8_len_chars(s, strlen(s)) : 0;
}

static bool iso_date(const char *s)
{
    cal_date d;
    return s && cal_parse_date(s, strlen(s), &d) == 0;
}

/* A whole number typed ("-3", " 10 "); false when it is not one. */
static bool whole_number(const char *s, long long *out)
{
    if (utf8_blank(s))
        return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || errno != 0)
        return false;
    while (*end == ' ')
        end++;
    if (*end)
        return false;
    *out = v;
    return true;
}

/* A number typed the Dutch or English way ("12", "12,5", "12.5"). */
static bool decimal_number(arena *a, const char *s, double *out)
{
    if (utf8_blank(s) || strlen(s) > 32)
        return false;
    char *c = arena_strdup(a, s);
    if (!c)
        return false;
    for (char *p = c; *p; p++)
        if (*p == ',')
            *p = '.';
    errno = 0;
    char *end;
    double v = strtod(c, &end);
    if (end == c || errno != 0 || !isfinite(v))
        return false;
    while (*end == ' ')
        end++;
    if (*end)
        return false;
    *out = v;
    return true;
}

int survey_create(db *d, arena *a, const struct user *u, const struct survey_input *in,
                  const char *today, int64_t now, int64_t *id, struct survey_problem *p)
{
    int n = 0;
#define PROBLEM(f, m) p[n++] = (struct survey_problem){(f), (m), NULL}
    (void)today;
    if (utf8_blank(in->title))
        PROBLEM("title", N_("Vul de titel van de enquête in."));
    else if (chars(in->title) > SURVEY_TITLE_MAX)
        PROBLEM("title", N_("De titel is te lang: ten hoogste 200 tekens."));
    if (chars(in->intro) > SURVEY_INTRO_MAX)
        PROBLEM("intro", N_("De inleiding is te lang: ten hoogste 4000 tekens."));
    struct survey_row s = {.title = in->title, .intro = in->intro ? in->intro : ""};
    const char *scope = in->scope ? in->scope : "";
    if (strncmp(scope, "wijk:", 5) == 0) {
        struct wijk w;
        if (area_get_wijk(d, a, scope + 5, today, 0, &w) != DB_OK)
            PROBLEM("scope", N_("Kies de wijk, de regio of de hele stad."));
        else {
            s.area_id = w.id;
            s.wijk_region_id = w.region_id;
        }
    } else if (strncmp(scope, "regio:", 6) == 0) {
        long long rid = 0;
        struct region rg;
        if (!whole_number(scope + 6, &rid) || rid <= 0 ||
            area_region_by_id(d, a, rid, today, &rg) != DB_OK)
            PROBLEM("scope", N_("Kies de wijk, de regio of de hele stad."));
        else
            s.region_id = rid;
    } else if (*scope) {
        PROBLEM("scope", N_("Kies de wijk, de regio of de hele stad."));
    }
    if (n == 0 && u && !survey_may_keep(u, &s))
        PROBLEM("scope", N_("U houdt alleen enquêtes bij voor uw eigen regio of de hele stad."));
    bool open_ok = iso_date(in->opens_on), close_ok = iso_date(in->closes_on);
    if (!open_ok)
        PROBLEM("opens_on", utf8_blank(in->opens_on)
                                ? N_("Vul in vanaf wanneer de enquête open is.")
                                : N_("De openingsdatum klopt niet. Schrijf hem als 15-04-2026."));
    if (!close_ok)
        PROBLEM("closes_on", utf8_blank(in->closes_on)
                                 ? N_("Vul in tot en met wanneer de enquête open is.")
                                 : N_("De sluitingsdatum klopt niet. Schrijf hem als 15-04-2026."));
    else if (open_ok && strcmp(in->closes_on, in->opens_on) < 0)
        PROBLEM("closes_on", N_("De sluitingsdatum ligt vóór de openingsdatum."));
    if (!survey_label(survey_modes, survey_nmodes, in->mode))
        PROBLEM("mode", N_("Kies hoe bewoners de enquête invullen."));
#undef PROBLEM
    if (n > 0)
        return n;
    s.opens_on = in->opens_on;
    s.closes_on = in->closes_on;
    s.mode = in->mode;
    s.created_at = now;
    char token[AUTH_TOKEN_CHARS];
    if (strcmp(in->mode, "link") == 0) {
        auth_random_token(token);
        s.link_token = token;
    }
    return survey_insert(d, &s, u ? u->id : 0, id) == DB_OK ? 0 : SURVEY_ERROR;
}

size_t survey_options(arena *a, const struct survey_question_row *q, const char ***out)
{
    *out = NULL;
    const char *s = q->options ? q->options : "";
    const char **v = arena_calloc(a, SURVEY_OPTIONS_MAX + 1, sizeof *v);
    if (!v)
        return 0;
    size_t n = 0;
    while (*s && n <= SURVEY_OPTIONS_MAX) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        const char *b = s;
        while (len > 0 && (*b == ' ' || *b == '\t' || *b == '\r'))
            b++, len--;
        while (len > 0 && (b[len - 1] == ' ' || b[len - 1] == '\t' || b[len - 1] == '\r'))
            len--;
        if (len > 0)
            v[n++] = arena_strndup(a, b, len);
        if (!e)
            break;
        s = e + 1;
    }
    *out = v;
    return n;
}

int survey_add_question(db *d, arena *a, int64_t survey_id, const struct survey_question_input *in,
                        struct survey_problem *p)
{
    struct survey_row s;
    if (survey_get(d, a, survey_id, &s) != DB_OK)
        return SURVEY_ERROR;
    if (s.responses > 0)
        return SURVEY_LOCKED;
    struct survey_question_row *qs;
    size_t nq = 0;
    if (survey_questions(d, a, survey_id, &qs, &nq) != DB_OK)
        return SURVEY_ERROR;
    int n = 0;
#define PROBLEM(f, m)                                                                              \
    p[n++] = (struct survey_problem)                                                               \
    {                                                                                              \
        (f), (m), NULL                                                                             \
    }
    const char *kind = in->kind;
    if (!survey_label(survey_kinds, survey_nkinds, kind))
        PROBLEM("kind", N_("Kies het soort vraag."));
    if (utf8_blank(in->text))
        PROBLEM("text", N_("Vul de vraag in."));
    else if (chars(in->text) > SURVEY_QUESTION_MAX)
        PROBLEM("text", N_("De vraag is te lang: ten hoogste 500 tekens."));
    if (nq >= SURVEY_MAX_QUESTIONS)
        PROBLEM("text", N_("Een enquête heeft ten hoogste 40 vragen."));
    struct survey_question_row q = {.kind = kind, .text = in->text, .required = !in->optional};
    q.options = in->options ? in->options : "";
    const char **opts;
    size_t no = survey_options(a, &q, &opts);
    bool too_long = false;
    for (size_t i = 0; i < no; i++)
        too_long |= chars(opts[i]) > SURVEY_OPTION_MAX;
    bool has_min = !utf8_blank(in->min), has_max = !utf8_blank(in->max);
    long long mn = 0, mx = 0;
    bool min_ok = has_min && whole_number(in->min, &mn);
    bool max_ok = has_max && whole_number(in->max, &mx);
    if (kind && (strcmp(kind, "single") == 0 || strcmp(kind, "multiple") == 0)) {
        if (no < 2)
            PROBLEM("options", N_("Geef ten minste twee keuzes, elk op een eigen regel."));
        else if (no > SURVEY_OPTIONS_MAX)
            PROBLEM("options", N_("Geef ten hoogste 20 keuzes."));
        else if (too_long)
            PROBLEM("options", N_("Een keuze is te lang: ten hoogste 200 tekens."));
        q.options = NULL;
    } else if (kind && strcmp(kind, "scale") == 0) {
        if (!min_ok)
            PROBLEM("min", N_("Vul het laagste getal van de schaal in, bijvoorbeeld 1."));
        if (!max_ok)
            PROBLEM("max", N_("Vul het hoogste getal van de schaal in, bijvoorbeeld 5."));
        else if (min_ok && (mx <= mn || mx - mn + 1 > SURVEY_SCALE_MAX))
            PROBLEM("max", N_("Het hoogste getal moet boven het laagste liggen; een schaal heeft "
                              "ten hoogste 11 waarden."));
        if (no != 2)
            PROBLEM("options", N_("Geef de twee uitersten van de schaal een naam, elk op een "
                                  "eigen regel, bijvoorbeeld ‘zeer ontevreden’ en ‘zeer "
                                  "tevreden’."));
        else if (too_long)
            PROBLEM("options", N_("Een keuze is te lang: ten hoogste 200 tekens."));
        q.options = NULL;
    } else if (kind && strcmp(kind, "number") == 0) {
        if (has_min && !min_ok)
            PROBLEM("min", N_("De ondergrens is geen heel getal."));
        if (has_max && !max_ok)
            PROBLEM("max", N_("De bovengrens is geen heel getal."));
        else if (min_ok && max_ok && mx < mn)
            PROBLEM("max", N_("De bovengrens ligt onder de ondergrens."));
        q.options = "";
    } else {
        q.options = "";
    }
#undef PROBLEM
    if (n > 0)
        return n;
    if (!q.options) { /* the choices as stored: trimmed, one per line */
        size_t len = 0;
        for (size_t i = 0; i < no; i++)
            len += strlen(opts[i]) + 1;
        char *o = arena_alloc(a, len + 1), *w = o;
        if (!o)
            return SURVEY_ERROR;
        for (size_t i = 0; i < no; i++) {
            size_t l = strlen(opts[i]);
            memcpy(w, opts[i], l);
            w += l;
            if (i + 1 < no)
                *w++ = '\n';
        }
        *w = '\0';
        q.options = o;
    }
    if (strcmp(kind, "scale") == 0 || strcmp(kind, "number") == 0) {
        q.has_min = min_ok;
        q.min_value = mn;
        q.has_max = max_ok;
        q.max_value = mx;
    }
    return survey_question_insert(d, survey_id, &q, NULL) == DB_OK ? 0 : SURVEY_ERROR;
}

/* A parsed answer to one question. */
struct parsed {
    size_t nchoices;
    long long choices[SURVEY_OPTIONS_MAX + SURVEY_SCALE_MAX];
    bool has_number;
    double number;
    const char *text;
};

static const char *check_answer(arena *a, const struct survey_question_row *q,
                                const struct survey_given *g, struct parsed *out)
{
    memset(out, 0, sizeof *out);
    size_t nv = 0;
    const char *first = NULL;
    for (size_t i = 0; g && i < g->n; i++)
        if (!utf8_blank(g->values[i])) {
            nv++;
            if (!first)
                first = g->values[i];
        }
    if (nv == 0)
        return q->required ? (strcmp(q->kind, "open") == 0     ? N_("Vul een antwoord in.")
                              : strcmp(q->kind, "number") == 0 ? N_("Vul een getal in.")
                                                               : N_("Kies een antwoord."))
                           : NULL;
    if (strcmp(q->kind, "open") == 0) {
        if (nv > 1)
            return N_("Geef één antwoord.");
        if (chars(first) > SURVEY_OPEN_MAX)
            return N_("Uw antwoord is te lang: ten hoogste 2000 tekens.");
        out->text = first;
        return NULL;
    }
    if (strcmp(q->kind, "number") == 0) {
        double v;
        if (nv > 1 || !decimal_number(a, first, &v))
            return N_("Vul een getal in, bijvoorbeeld 3 of 2,5.");
        if ((q->has_min && v < (double)q->min_value) || (q->has_max && v > (double)q->max_value))
            return N_("Dit getal valt buiten wat de vraag toelaat.");
        out->has_number = true;
        out->number = v;
        return NULL;
    }
    const char **opts;
    size_t no = survey_options(a, q, &opts);
    long long lo = 1, hi = (long long)no;
    if (strcmp(q->kind, "scale") == 0) {
        lo = q->min_value;
        hi = q->max_value;
    }
    if (nv > 1 && strcmp(q->kind, "multiple") != 0)
        return N_("Kies één antwoord.");
    for (size_t i = 0; g && i < g->n; i++) {
        if (utf8_blank(g->values[i]))
            continue;
        long long c;
        if (!whole_number(g->values[i], &c) || c < lo || c > hi)
            return N_("Kies een van de antwoorden die er staan.");
        for (size_t k = 0; k < out->nchoices; k++)
            if (out->choices[k] == c)
                return N_("Kies elk antwoord één keer.");
        if (out->nchoices >= sizeof out->choices / sizeof out->choices[0])
            return N_("Kies een van de antwoorden die er staan.");
        out->choices[out->nchoices++] = c;
    }
    return NULL;
}

bool survey_browser_key_ok(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    if (n != AUTH_TOKEN_CHARS - 1)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= 'A' && key[i] <= 'Z') ||
              (key[i] >= '0' && key[i] <= '9') || key[i] == '-' || key[i] == '_'))
            return false;
    return true;
}

const char *survey_browser_participant(db *d, arena *a, int64_t survey_id, const char *key)
{
    char h[65];
    if (!survey_browser_key_ok(key) ||
        auth_keyed_hash(d, "survey-browser", arena_printf(a, "%lld:%s", (long long)survey_id, key),
                        h) != 0)
        return NULL;
    return arena_printf(a, "a:%s", h);
}

static bool channel_known(const char *c)
{
    return survey_label(survey_channels, survey_nchannels, c) != NULL;
}

int survey_respond(db *d, arena *a, const struct survey_row *s, const struct survey_question_row *q,
                   size_t nq, const struct survey_given *given, const struct survey_respondent *who,
                   const char *today, int64_t now, struct survey_problem *p)
{
    if (survey_state_on(s, today) != SURVEY_OPEN)
        return SURVEY_CLOSED;
    int n = 0;
    struct parsed *parsed = arena_calloc(a, nq ? nq : 1, sizeof *parsed);
    if (!parsed)
        return SURVEY_ERROR;
    for (size_t i = 0; i < nq && n < SURVEY_MAX_PROBLEMS; i++) {
        const char *m = check_answer(a, &q[i], &given[i], &parsed[i]);
        if (m)
            p[n++] = (struct survey_problem){arena_printf(a, "q%d", q[i].position), m, q[i].text};
    }
    bool paper = strcmp(who->channel, "online") != 0;
    int64_t wijk_id = 0;
    const char *age_band = NULL, *participant = NULL;
    char pseudo[65];
    if (!channel_known(who->channel))
        return SURVEY_ERROR;
    if (!paper && strcmp(s->mode, "account") == 0) {
        if (!who->resident || !user_is_resident(who->resident))
            return SURVEY_ERROR;
        struct resident_row rr;
        if (resident_row_by_id(d, a, who->resident->id, &rr) != DB_OK || rr.erased_at)
            return SURVEY_ERROR;
        wijk_id = rr.area_id;
        age_band = rr.age_band;
        participant = arena_printf(a, "r:%lld", (long long)who->resident->id);
        bool yes = false;
        if (survey_has_response(d, s->id, participant, &yes) != DB_OK)
            return SURVEY_ERROR;
        if (yes)
            return SURVEY_ANSWERED;
    } else {
        if (s->area_id) {
            wijk_id = s->area_id;
        } else if (!utf8_blank(who->wijk_slug)) {
            struct wijk w;
            if (area_get_wijk(d, a, who->wijk_slug, today, 0, &w) != DB_OK)
                p[n++] = (struct survey_problem){"wijk", N_("Kies een wijk uit de lijst."), NULL};
            else
                wijk_id = w.id;
        } else if (paper) {
            p[n++] =
                (struct survey_problem){"wijk", N_("Kies de wijk waar de deelnemer woont."), NULL};
        }
        if (paper) {
            if (utf8_blank(who->postcode) || utf8_blank(who->house_number) ||
                auth_address_pseudonym(d, who->postcode, who->house_number, pseudo) != 0)
                p[n++] = (struct survey_problem){
                    "postcode",
                    N_("Vul de postcode en het huisnummer van de deelnemer in, "
                       "bijvoorbeeld 2711 AB en 12."),
                    NULL};
            else
                participant = arena_printf(a, "p:%s", pseudo);
            if (!utf8_blank(who->age_band)) {
                if (!resident_age_band_label(who->age_band))
                    p[n++] = (struct survey_problem){"leeftijd",
                                                     N_("Kies een leeftijd uit de lijst."), NULL};
                else
                    age_band = who->age_band;
            }
        } else {
            /* by link: one response per browser (its key), never a new person per post */
            participant = survey_browser_participant(d, a, s->id, who->browser_key);
            if (!participant)
                return SURVEY_ERROR;
            bool yes = false;
            if (survey_has_response(d, s->id, participant, &yes) != DB_OK)
                return SURVEY_ERROR;
            if (yes)
                return SURVEY_ANSWERED;
        }
    }
    if (n > 0)
        return n;
    bool own = sqlite3_get_autocommit(db_handle(d)) != 0;
    if (!participant || (own && db_begin_write(d) != DB_OK))
        return SURVEY_ERROR;
    /* on paper, one response per address, as a paper ballot (vote.c): checked in the
     * transaction that stores it */
    if (paper) {
        bool yes = false;
        if (survey_has_response(d, s->id, participant, &yes) != DB_OK || yes) {
            if (own)
                db_rollback(d);
            return yes ? SURVEY_ANSWERED : SURVEY_ERROR;
        }
    }
    int64_t rid = 0;
    int rc = survey_response_insert(d, s->id, wijk_id, who->channel, age_band, participant,
                                    who->entered_by, now, &rid);
    if (rc == DB_CONSTRAINT) {
        if (own)
            db_rollback(d);
        return SURVEY_ANSWERED;
    }
    for (size_t i = 0; rc == DB_OK && i < nq; i++) {
        const struct parsed *x = &parsed[i];
        for (size_t k = 0; rc == DB_OK && k < x->nchoices; k++)
            rc = survey_answer_insert(d, rid, q[i].id, true, x->choices[k], false, 0, NULL);
        if (rc == DB_OK && x->has_number)
            rc = survey_answer_insert(d, rid, q[i].id, false, 0, true, x->number, NULL);
        if (rc == DB_OK && x->text)
            rc = survey_answer_insert(d, rid, q[i].id, false, 0, false, 0, x->text);
    }
    if (!own)
        return rc == DB_OK ? 0 : SURVEY_ERROR;
    if (rc != DB_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SURVEY_ERROR;
    }
    return 0;
}

/* --- results ------------------------------------------------------------------------- */

/* What is published of a count: PART_SHOWN, PART_SMALL (fewer than
 * SURVEY_MIN_CELL) or PART_HIDDEN (withheld so that a small count cannot be
 * derived from a total); staff see everything. */
static bool shown(const unsigned char *st)
{
    return !st || *st == PART_SHOWN;
}

static json_t *count_json(const unsigned char *st, long long n)
{
    return shown(st) ? json_integer(n) : json_null();
}

static json_t *pct_json(const unsigned char *st, long long n, long long base)
{
    if (!shown(st) || base <= 0)
        return json_null();
    return json_real(round(1000.0 * (double)n / (double)base) / 10.0);
}

/* The counts of wijk w (0: unknown, -1: total) for question q: per choice
 * (nlabels of them) and then the question's respondents, in out; the sum,
 * lowest and highest of a number question's answers. */
static void raw_counts(const struct survey_question_row *q, size_t nlabels, long long lo, int64_t w,
                       const struct survey_count_row *resp, size_t nresp,
                       const struct survey_count_row *ch, size_t nch, int64_t *out, double *sum,
                       double *mn, double *mx)
{
    long long base = 0;
    bool first = true;
    *sum = *mn = *mx = 0;
    for (size_t i = 0; i < nresp; i++)
        if (resp[i].question_id == q->id && (w < 0 || resp[i].wijk_id == w)) {
            base += resp[i].n;
            *sum += resp[i].sum;
            if (first || resp[i].min < *mn)
                *mn = resp[i].min;
            if (first || resp[i].max > *mx)
                *mx = resp[i].max;
            first = false;
        }
    for (size_t k = 0; k < nlabels; k++) {
        long long c = lo + (long long)k, cnt = 0;
        for (size_t i = 0; i < nch; i++)
            if (ch[i].question_id == q->id && ch[i].choice == c && (w < 0 || ch[i].wijk_id == w))
                cnt += ch[i].n;
        out[k] = cnt;
    }
    out[nlabels] = base;
}

/* The row of wijk w (0: unknown, -1: total) for question q; name NULL for
 * the unknown wijk and the total. st: what is published of each count (the
 * choices, then the respondents), NULL for staff. */
static json_t *result_row(const struct survey_question_row *q, size_t nlabels, long long lo,
                          int64_t w, const char *name, const struct survey_count_row *resp,
                          size_t nresp, const struct survey_count_row *ch, size_t nch,
                          const unsigned char *st, int64_t *v)
{
    double sum, mn, mx;
    raw_counts(q, nlabels, lo, w, resp, nresp, ch, nch, v, &sum, &mn, &mx);
    long long base = v[nlabels];
    const unsigned char *bs = st ? &st[nlabels] : NULL;
    json_t *row = json_object(), *cells = json_array();
    if (name)
        json_object_set_new(row, "wijk", json_string(name));
    json_object_set_new(row, "total", json_boolean(w < 0));
    json_object_set_new(row, "respondents", count_json(bs, base));
    json_object_set_new(row, "suppressed", json_boolean(!shown(bs)));
    json_object_set_new(row, "withheld", json_boolean(bs && *bs == PART_HIDDEN));
    for (size_t k = 0; k < nlabels; k++) {
        const unsigned char *cs = st ? &st[k] : NULL;
        json_array_append_new(cells, json_pack("{s:o,s:o,s:b,s:b}", "n", count_json(cs, v[k]),
                                               "pct", pct_json(cs, v[k], base), "suppressed",
                                               !shown(cs), "withheld", cs && *cs == PART_HIDDEN));
    }
    json_object_set_new(row, "cells", cells);
    if (strcmp(q->kind, "number") == 0) {
        bool ok = base > 0 && shown(bs);
        json_object_set_new(row, "mean", ok ? json_real(sum / (double)base) : json_null());
        /* the extremes are single answers: never published */
        json_object_set_new(row, "min", ok && !st ? json_real(mn) : json_null());
        json_object_set_new(row, "max", ok && !st ? json_real(mx) : json_null());
    }
    return row;
}

json_t *survey_results(db *d, arena *a, const struct survey_row *s, bool published)
{
    struct survey_question_row *q;
    size_t nq = 0, nresp = 0, nch = 0, nw = 0, nt = 0;
    struct survey_count_row *resp = NULL, *ch = NULL, *wr = NULL;
    struct survey_text_row *texts = NULL;
    if (survey_questions(d, a, s->id, &q, &nq) != DB_OK ||
        survey_respondents(d, a, s->id, &resp, &nresp) != DB_OK ||
        survey_choice_counts(d, a, s->id, &ch, &nch) != DB_OK ||
        survey_wijk_respondents(d, a, s->id, &wr, &nw) != DB_OK ||
        (!published && survey_open_answers(d, a, s->id, &texts, &nt) != DB_OK))
        return NULL;
    long long total = 0;
    for (size_t i = 0; i < nw; i++)
        total += wr[i].n;
    json_t *doc = json_object(), *qa = json_array();
    json_object_set_new(doc, "respondents",
                        published && total < SURVEY_MIN_CELL ? json_null() : json_integer(total));
    json_object_set_new(doc, "published", json_boolean(published));
    for (size_t i = 0; i < nq; i++) {
        json_t *o = json_object(), *labels = json_array(), *rows = json_array();
        json_object_set_new(o, "id", json_integer(q[i].id));
        json_object_set_new(o, "position", json_integer(q[i].position));
        json_object_set_new(o, "text", json_string(q[i].text));
        json_object_set_new(o, "kind", json_string(q[i].kind));
        const char **opts;
        size_t no = survey_options(a, &q[i], &opts), nl = 0;
        long long lo = 1;
        if (strcmp(q[i].kind, "single") == 0 || strcmp(q[i].kind, "multiple") == 0) {
            for (size_t k = 0; k < no; k++)
                json_array_append_new(labels, json_string(opts[k]));
            nl = no;
        } else if (strcmp(q[i].kind, "scale") == 0) {
            lo = q[i].min_value;
            nl = (size_t)(q[i].max_value - q[i].min_value + 1);
            for (size_t k = 0; k < nl; k++) {
                long long v = lo + (long long)k;
                const char *end = k == 0 && no > 0        ? opts[0]
                                  : k + 1 == nl && no > 1 ? opts[1]
                                                          : NULL;
                json_array_append_new(labels, json_string(end ? arena_printf(a, "%lld (%s)", v, end)
                                                              : arena_printf(a, "%lld", v)));
            }
        }
        json_object_set_new(o, "labels", labels);
        if (strcmp(q[i].kind, "open") != 0) {
            /* the counts of every row (the wijken, then the total) first:
             * published, a count under SURVEY_MIN_CELL is suppressed and so
             * is a second one of its row or column, which add up to a total
             * that is shown (participation_suppress) */
            size_t nr = nw + 1, nc = nl + 1;
            int64_t *v = arena_calloc(a, nr * nc, sizeof *v);
            unsigned char *st = arena_calloc(a, nr * nc, 1);
            if (!v || !st) {
                json_decref(o);
                json_decref(rows);
                json_decref(qa);
                json_decref(doc);
                return NULL;
            }
            double sum, mn, mx;
            for (size_t k = 0; k < nr; k++)
                raw_counts(&q[i], nl, lo, k < nw ? wr[k].wijk_id : -1, resp, nresp, ch, nch,
                           &v[k * nc], &sum, &mn, &mx);
            if (published)
                participation_suppress(v, nr, nc, st);
            for (size_t k = 0; k < nr; k++)
                json_array_append_new(rows,
                                      result_row(&q[i], nl, lo, k < nw ? wr[k].wijk_id : -1,
                                                 k < nw ? wr[k].wijk_name : NULL, resp, nresp, ch,
                                                 nch, published ? &st[k * nc] : NULL, &v[k * nc]));
        }
        json_object_set_new(o, "rows", rows);
        if (!published) {
            json_t *open = json_array();
            for (size_t k = 0; k < nt; k++) {
                if (texts[k].question_id != q[i].id)
                    continue;
                const char *wn = NULL;
                for (size_t j = 0; j < nw; j++)
                    if (wr[j].wijk_id == texts[k].wijk_id)
                        wn = wr[j].wijk_name;
                json_array_append_new(open,
                                      json_pack("{s:s?,s:s}", "wijk", wn, "text", texts[k].text));
            }
            json_object_set_new(o, "open", open);
        }
        json_array_append_new(qa, o);
    }
    json_object_set_new(doc, "questions", qa);
    return doc;
}

int survey_measure(db *d, arena *a, const struct user *u, const struct survey_row *s,
                   const char *indicator, const char *position, const char *counted,
                   const char *measured_on, const char *today, int64_t now, double *value,
                   struct survey_problem *p)
{
    int n = 0;
#define PROBLEM(f, m)                                                                              \
    p[n++] = (struct survey_problem)                                                               \
    {                                                                                              \
        (f), (m), NULL                                                                             \
    }
    long long ind = 0, pos = 0;
    struct focus_ind x;
    if (!whole_number(indicator, &ind) || ind <= 0 || focus_indicator_get(d, a, ind, &x) != DB_OK)
        PROBLEM("indicator", N_("Kies een indicator uit de lijst."));
    else if (strcmp(x.method, "manual") != 0)
        PROBLEM("indicator", N_("Deze indicator wordt automatisch gemeten uit de meldingen. Voer "
                                "alleen metingen in bij indicatoren die met de hand worden "
                                "gemeten."));
    else {
        /* the focus point's edit rule (web/focus.c): ACT_FOCUS_EDIT for one of its areas */
        struct focus_area *fa;
        size_t nfa = 0;
        if (focus_areas(d, a, x.focuspunt_id, today, &fa, &nfa) != DB_OK)
            return SURVEY_ERROR;
        bool may = nfa == 0 && policy_allows(u, ACT_FOCUS_EDIT, &(struct scope_target){0});
        for (size_t i = 0; i < nfa && !may; i++) {
            struct scope_target t = {.region_id = fa[i].region_id, .area_id = fa[i].wijk_id};
            may = policy_allows(u, ACT_FOCUS_EDIT, &t);
        }
        if (!may)
            PROBLEM("indicator", N_("U werkt de metingen van dit focuspunt niet bij."));
    }
    struct survey_question_row *q;
    size_t nq = 0;
    if (survey_questions(d, a, s->id, &q, &nq) != DB_OK)
        return SURVEY_ERROR;
    const struct survey_question_row *qq = NULL;
    if (whole_number(position, &pos))
        for (size_t i = 0; i < nq; i++)
            if (q[i].position == pos)
                qq = &q[i];
    if (!qq || strcmp(qq->kind, "open") == 0 || strcmp(qq->kind, "number") == 0) {
        PROBLEM("question", N_("Kies een vraag met keuzes of een schaal."));
        qq = NULL;
    }
    /* the counted choices: numbers within the question's range */
    char json[256] = "[";
    size_t jl = 1, nc = 0;
    bool bad = utf8_blank(counted);
    const char *c = counted ? counted : "";
    while (*c && !bad) {
        while (*c == ' ' || *c == ',' || *c == ';')
            c++;
        if (!*c)
            break;
        char *end;
        long long v = strtoll(c, &end, 10);
        if (end == c) {
            bad = true;
            break;
        }
        if (qq) {
            const char **opts;
            size_t no = survey_options(a, qq, &opts);
            long long lo = strcmp(qq->kind, "scale") == 0 ? qq->min_value : 1;
            long long hi = strcmp(qq->kind, "scale") == 0 ? qq->max_value : (long long)no;
            bad |= v < lo || v > hi;
        }
        int w = snprintf(json + jl, sizeof json - jl, "%s%lld", nc ? "," : "", v);
        if (w < 0 || (size_t)w >= sizeof json - jl - 1 || ++nc > SURVEY_OPTIONS_MAX) {
            bad = true;
            break;
        }
        jl += (size_t)w;
        c = end;
    }
    json[jl++] = ']';
    json[jl] = '\0';
    if (bad || nc == 0)
        PROBLEM("counted", N_("Vul in welke antwoorden meetellen, met hun nummers, bijvoorbeeld "
                              "4, 5."));
    const char *on = utf8_blank(measured_on) ? s->closes_on : measured_on;
    if (!iso_date(on) || strcmp(on, today) > 0)
        PROBLEM("measured_on", N_("De datum van de meting klopt niet. Schrijf hem als 15-04-2026; "
                                  "niet later dan vandaag."));
#undef PROBLEM
    if (n > 0)
        return n;
    long long chose = 0, resp = 0;
    if (survey_question_share(d, qq->id, json, &chose, &resp) != DB_OK)
        return SURVEY_ERROR;
    if (resp == 0) {
        p[0] = (struct survey_problem){"question", N_("Deze vraag is nog door niemand beantwoord."),
                                       NULL};
        return 1;
    }
    *value = round(1000.0 * (double)chose / (double)resp) / 10.0;
    const char *source = arena_printf(a, "Enquête %s, vraag %lld (%s): %lld van %lld", s->title,
                                      pos, counted, chose, resp);
    int64_t mid;
    return focus_measurement_insert(d, ind, on, *value, source, u ? u->id : 0, now, &mid) == DB_OK
               ? 0
               : SURVEY_ERROR;
}
