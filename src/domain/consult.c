/*
 * consult.c: the rules of consultations (consult.h).
 */
#include "consult.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/notify.h"
#include "domain/optin.h"
#include "domain/policy.h"
#include "domain/resident.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"
#include "store/area_store.h"
#include "store/resident_store.h"
#include "store/user_store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t chars(const char *s)
{
    return s ? utf8_len_chars(s, strlen(s)) : 0;
}

static bool iso_date(const char *s)
{
    cal_date d;
    return s && cal_parse_date(s, strlen(s), &d) == 0;
}

static bool reached(const char *day, const char *today)
{
    return day && *day && strcmp(day, today) <= 0;
}

enum consult_phase consult_phase_on(const struct consultation_row *c, const char *today)
{
    if (reached(c->result_on, today))
        return CONSULT_RESULT;
    if (reached(c->choice_on, today))
        return CONSULT_CHOICE;
    if (reached(c->reactions_on, today))
        return CONSULT_REACTIONS;
    if (reached(c->ideas_on, today))
        return CONSULT_IDEAS;
    if (reached(c->info_on, today))
        return CONSULT_INFO;
    return CONSULT_ANNOUNCED;
}

const char *consult_phase_label(enum consult_phase p)
{
    switch (p) {
    case CONSULT_ANNOUNCED:
        return N_("Aangekondigd");
    case CONSULT_INFO:
        return N_("Informatie");
    case CONSULT_IDEAS:
        return N_("Ideeën");
    case CONSULT_REACTIONS:
        return N_("Reacties");
    case CONSULT_CHOICE:
        return N_("Keuze");
    case CONSULT_RESULT:
        return N_("Resultaat");
    }
    return "";
}

bool consult_phase_allows_ideas(enum consult_phase p)
{
    return p == CONSULT_IDEAS;
}

bool consult_phase_allows_reactions(enum consult_phase p)
{
    return p == CONSULT_IDEAS || p == CONSULT_REACTIONS;
}

size_t consult_validate(const struct consult_input *in, struct consult_problem *out)
{
    size_t n = 0;
#define PROBLEM(f, m)                                                                              \
    do {                                                                                           \
        if (n < CONSULT_MAX_PROBLEMS)                                                              \
            out[n++] = (struct consult_problem){(f), (m)};                                         \
    } while (0)
    if (utf8_blank(in->title))
        PROBLEM("title", N_("Vul de titel van de samenspraak in."));
    else if (chars(in->title) > CONSULT_TITLE_MAX || strchr(in->title, '\n'))
        PROBLEM("title", N_("Gebruik voor de titel één regel van hoogstens 150 tekens."));
    if (in->wijk_unknown)
        PROBLEM("wijk", N_("Kies een wijk uit de lijst, of de hele stad."));
    if (in->focus_unknown)
        PROBLEM("focus", N_("Kies een focuspunt uit de lijst, of geen."));
    if (utf8_blank(in->question))
        PROBLEM("question", N_("Vul de vraag in die u de bewoners stelt."));
    else if (chars(in->question) > 300)
        PROBLEM("question", N_("Stel één duidelijke vraag van hoogstens 300 tekens."));
    static const struct {
        const char *field, *blank;
    } texts[] = {
        {"decided_by", N_("Vul in wie over deze samenspraak heeft besloten.")},
        {"open_to", N_("Vul in waarover bewoners kunnen meepraten.")},
        {"not_open", N_("Vul in wat al vaststaat.")},
    };
    const char *tv[] = {in->decided_by, in->open_to, in->not_open};
    for (size_t i = 0; i < 3; i++) {
        if (utf8_blank(tv[i]))
            PROBLEM(texts[i].field, texts[i].blank);
        else if (chars(tv[i]) > CONSULT_TEXT_MAX)
            PROBLEM(texts[i].field, N_("Gebruik hier hoogstens 2.000 tekens."));
    }
    /* the phases in their order; keuze may be left out. Each message names
     * its phase: the error summary lists them apart. */
    static const struct {
        const char *field, *no_date, *too_early;
    } phases[] = {
        {"info_on", N_("Vul bij de fase informatie een echte datum in, bijvoorbeeld 15-04-2026."),
         NULL},
        {"ideas_on", N_("Vul bij de fase ideeën een echte datum in, bijvoorbeeld 15-04-2026."),
         N_("De fase ideeën kan niet beginnen voor de fase ervoor.")},
        {"reactions_on",
         N_("Vul bij de fase reacties een echte datum in, bijvoorbeeld 15-04-2026."),
         N_("De fase reacties kan niet beginnen voor de fase ervoor.")},
        {"choice_on",
         N_("Vul bij de fase keuze een echte datum in, bijvoorbeeld 15-04-2026, of laat het "
            "veld leeg."),
         N_("De fase keuze kan niet beginnen voor de fase ervoor.")},
        {"result_on", N_("Vul bij de fase resultaat een echte datum in, bijvoorbeeld 15-04-2026."),
         N_("De fase resultaat kan niet beginnen voor de fase ervoor.")},
    };
    const char *dv[] = {in->info_on, in->ideas_on, in->reactions_on, in->choice_on, in->result_on};
    const char *prev = NULL;
    for (size_t i = 0; i < 5; i++) {
        if (i == 3 && (!dv[i] || !*dv[i]))
            continue;
        if (!iso_date(dv[i]))
            PROBLEM(phases[i].field, phases[i].no_date);
        else if (prev && strcmp(dv[i], prev) < 0)
            PROBLEM(phases[i].field, phases[i].too_early);
        else
            prev = dv[i];
    }
    if (in->result_text && chars(in->result_text) > CONSULT_RESULT_MAX)
        PROBLEM("result_text", N_("Gebruik voor het resultaat hoogstens 20.000 tekens."));
    const char *topic;
    if (!resident_topic_input(in->topic, &topic))
        PROBLEM("topic", resident_topic_problem);
#undef PROBLEM
    return n;
}

int consult_save(db *d, int64_t id, const struct consult_input *in, int64_t user_id, int64_t now,
                 int64_t *out_id)
{
    struct consult_problem p[CONSULT_MAX_PROBLEMS];
    if (consult_validate(in, p) > 0)
        return DB_ERROR;
    struct consultation_row c = {.id = id,
                                 .area_id = in->area_id,
                                 .focus_id = in->focus_id,
                                 .title = in->title,
                                 .question = in->question,
                                 .decided_by = in->decided_by,
                                 .open_to = in->open_to,
                                 .not_open = in->not_open,
                                 .info_on = in->info_on,
                                 .ideas_on = in->ideas_on,
                                 .reactions_on = in->reactions_on,
                                 .choice_on = in->choice_on,
                                 .result_on = in->result_on,
                                 .result_text = in->result_text};
    resident_topic_input(in->topic, &c.topic);
    bool is_new = !id;
    int rc = id ? consult_update(d, &c, user_id, now) : consult_insert(d, &c, user_id, now, &id);
    if (rc == DB_OK && is_new) {
        char today[CAL_DATE_LEN], path[48];
        snprintf(path, sizeof path, "/samenspraak/%lld", (long long)id);
        if (cal_format_date(cal_date_of(now), today) != 0 ||
            notify_record(d, "consultatie", id, notify_phase_code(consult_phase_on(&c, today)),
                          c.area_id, 0, c.topic, c.title, path, now) != 0)
            rc = DB_ERROR;
    }
    if (out_id)
        *out_id = id;
    return rc;
}

/* The consultation's region as the permission table's target; NULL (any
 * region) for the city's. */
static const struct scope_target *target_of(const struct consultation_row *c,
                                            struct scope_target *t)
{
    if (!c->area_id)
        return NULL;
    *t = (struct scope_target){.region_id = c->region_id, .area_id = c->area_id};
    return t;
}

bool consult_may_keep(const struct user *u, const struct consultation_row *c)
{
    struct scope_target t;
    return policy_allows(u, ACT_CONSULT_EDIT, target_of(c, &t));
}

bool consult_may_enter_paper(const struct user *u, const struct consultation_row *c)
{
    struct scope_target t;
    return policy_allows(u, ACT_CONSULT_PAPER, target_of(c, &t));
}

bool consult_may_moderate(const struct user *u, int64_t region_id)
{
    struct scope_target t = {.region_id = region_id};
    return policy_allows(u, ACT_CONSULT_MODERATE, region_id ? &t : NULL);
}

bool consult_hidden(const char *moderation)
{
    return moderation && (strcmp(moderation, "wacht") == 0 || strcmp(moderation, "verborgen") == 0);
}

bool consult_act_of(db *d, arena *a, const struct consult_who *who, int64_t wijk_id, int64_t now,
                    struct consult_act *act, struct consult_problem *problem)
{
    *act = (struct consult_act){.wijk_id = wijk_id, .created_at = now};
    if (who->u) {
        struct resident_row rr;
        if (!user_is_resident(who->u) || resident_row_by_id(d, a, who->u->id, &rr) != DB_OK ||
            rr.erased_at) {
            *problem =
                (struct consult_problem){"", N_("Alleen bewoners met een account doen mee.")};
            return false;
        }
        act->channel = "online";
        act->age_band = rr.age_band;
        act->participant = arena_printf(a, "r:%lld", (long long)who->u->id);
        return true;
    }
    const char *ch = who->channel ? who->channel : "";
    if (strcmp(ch, "papier") != 0 && strcmp(ch, "balie") != 0 && strcmp(ch, "bijeenkomst") != 0) {
        *problem = (struct consult_problem){"channel", N_("Kies hoe de inbreng is verzameld.")};
        return false;
    }
    act->channel = ch;
    if (who->age_band && *who->age_band) {
        if (!resident_age_band_label(who->age_band)) {
            *problem = (struct consult_problem){"age_band", N_("Kies een leeftijd uit de lijst.")};
            return false;
        }
        act->age_band = who->age_band;
    }
    char pseud[65];
    if (auth_address_pseudonym(d, who->postcode ? who->postcode : "",
                               who->house_number ? who->house_number : "", pseud) != 0) {
        *problem = (struct consult_problem){
            "postcode", N_("Vul een postcode (zoals 2718 AB) en een huisnummer in, zodat de "
                           "deelnemer één keer telt.")};
        return false;
    }
    act->participant = arena_printf(a, "p:%s", pseud);
    return true;
}

enum consult_result consult_post_idea(db *d, arena *a, const struct consultation_row *c,
                                      const struct consult_who *who, const char *title,
                                      const char *body, int64_t wijk_id, bool wijk_unknown,
                                      const char *today, int64_t now, int64_t *id,
                                      struct consult_problem *problems, size_t *nproblems)
{
    size_t n = 0;
    enum consult_phase ph = consult_phase_on(c, today);
    /* paper input collected during the ideas phase may be typed in later */
    if (who->u ? !consult_phase_allows_ideas(ph) : !consult_phase_allows_reactions(ph))
        return CONSULT_CLOSED;
    if (!who->u && !consult_may_enter_paper(who->staff, c))
        return CONSULT_FORBIDDEN;
    struct consult_act act;
    struct consult_problem p;
    if (!consult_act_of(d, a, who, wijk_id ? wijk_id : c->area_id, now, &act, &p))
        problems[n++] = p;
    /* the resident is addressed; the clerk types in someone else's idea */
    bool paper = !who->u;
    if (utf8_blank(title))
        problems[n++] = (struct consult_problem){"title", paper ? N_("Geef het idee een titel.")
                                                                : N_("Geef uw idee een titel.")};
    else if (chars(title) > CONSULT_TITLE_MAX || strchr(title, '\n'))
        problems[n++] = (struct consult_problem){
            "title", N_("Gebruik voor de titel één regel van hoogstens 150 tekens.")};
    if (utf8_blank(body))
        problems[n++] = (struct consult_problem){"body", paper ? N_("Vul de tekst van het idee in.")
                                                               : N_("Beschrijf uw idee.")};
    else if (chars(body) > CONSULT_IDEA_MAX)
        problems[n++] = (struct consult_problem){
            "body", paper ? N_("Gebruik voor het idee hoogstens 4.000 tekens.")
                          : N_("Gebruik voor uw idee hoogstens 4.000 tekens.")};
    if (wijk_unknown)
        problems[n++] =
            (struct consult_problem){"wijk", N_("Kies een wijk uit de lijst, of de hele stad.")};
    *nproblems = n;
    if (n)
        return CONSULT_INVALID;
    int64_t key = (int64_t)(randombytes_random() & 0x7fffffffu);
    return consult_idea_insert(d, c->id, who->u ? who->u->id : 0, who->staff ? who->staff->id : 0,
                               title, body, &act, key, id) == DB_OK
               ? CONSULT_OK
               : CONSULT_ERROR;
}

enum consult_result consult_post_reaction(db *d, arena *a, const struct consultation_row *c,
                                          const struct consult_idea_row *idea,
                                          const struct consult_who *who, const char *body,
                                          const char *today, int64_t now, int64_t *id,
                                          struct consult_problem *problems, size_t *nproblems)
{
    size_t n = 0;
    if (idea->consultation_id != c->id)
        return CONSULT_NOT_FOUND;
    if (!consult_phase_allows_reactions(consult_phase_on(c, today)))
        return CONSULT_CLOSED;
    if (!who->u && !consult_may_enter_paper(who->staff, c))
        return CONSULT_FORBIDDEN;
    struct consult_act act;
    struct consult_problem p;
    if (!consult_act_of(d, a, who, idea->wijk_id ? idea->wijk_id : c->area_id, now, &act, &p))
        problems[n++] = p;
    if (utf8_blank(body))
        problems[n++] = (struct consult_problem){"reaction", N_("Schrijf uw reactie.")};
    else if (chars(body) > CONSULT_REACTION_MAX)
        problems[n++] = (struct consult_problem){
            "reaction", N_("Gebruik voor uw reactie hoogstens 2.000 tekens.")};
    *nproblems = n;
    if (n)
        return CONSULT_INVALID;
    return consult_reaction_insert(d, idea->id, who->u ? who->u->id : 0,
                                   who->staff ? who->staff->id : 0, body, &act, id) == DB_OK
               ? CONSULT_OK
               : CONSULT_ERROR;
}

enum consult_result consult_support_paper(db *d, arena *a, const struct consultation_row *c,
                                          const struct consult_idea_row *idea,
                                          const struct consult_who *who, const char *today,
                                          int64_t now, struct consult_problem *problems,
                                          size_t *nproblems)
{
    *nproblems = 0;
    if (idea->consultation_id != c->id)
        return CONSULT_NOT_FOUND;
    /* as other paper input: collected during the ideas phase, typed in until reactions end */
    if (!consult_phase_allows_reactions(consult_phase_on(c, today)))
        return CONSULT_CLOSED;
    if (who->u || !consult_may_enter_paper(who->staff, c))
        return CONSULT_FORBIDDEN;
    struct consult_act act;
    struct consult_problem p;
    if (!consult_act_of(d, a, who, idea->wijk_id ? idea->wijk_id : c->area_id, now, &act, &p)) {
        problems[(*nproblems)++] = p;
        return CONSULT_INVALID;
    }
    int rc = consult_paper_support_add(d, idea->id, who->staff ? who->staff->id : 0, &act);
    return rc == DB_OK ? CONSULT_OK : rc == DB_CONSTRAINT ? CONSULT_DUPLICATE : CONSULT_ERROR;
}

enum consult_result consult_support(db *d, arena *a, const struct consultation_row *c,
                                    const struct consult_idea_row *idea, const struct user *u,
                                    bool on, const char *today, int64_t now)
{
    if (idea->consultation_id != c->id)
        return CONSULT_NOT_FOUND;
    if (!consult_phase_allows_reactions(consult_phase_on(c, today)))
        return CONSULT_CLOSED;
    if (!on) {
        int rc = consult_support_remove(d, idea->id, u->id);
        return rc == DB_OK ? CONSULT_OK : rc == DB_NOTFOUND ? CONSULT_DUPLICATE : CONSULT_ERROR;
    }
    struct consult_who who = {.u = u};
    struct consult_act act;
    struct consult_problem p;
    if (!consult_act_of(d, a, &who, idea->wijk_id ? idea->wijk_id : c->area_id, now, &act, &p))
        return CONSULT_FORBIDDEN;
    int rc = consult_support_add(d, idea->id, u->id, &act);
    return rc == DB_OK ? CONSULT_OK : rc == DB_CONSTRAINT ? CONSULT_DUPLICATE : CONSULT_ERROR;
}

const struct consult_state consult_answer_states[] = {
    {"in_behandeling", N_("In behandeling")},
    {"overgenomen", N_("Overgenomen")},
    {"deels", N_("Deels overgenomen")},
    {"niet_overgenomen", N_("Niet overgenomen")},
};
const size_t consult_nanswer_states =
    sizeof consult_answer_states / sizeof consult_answer_states[0];

const char *consult_answer_label(const char *code)
{
    for (size_t i = 0; code && i < consult_nanswer_states; i++)
        if (strcmp(consult_answer_states[i].code, code) == 0)
            return consult_answer_states[i].label;
    return NULL;
}

enum consult_result consult_answer(db *d, const struct consultation_row *c, int64_t idea_id,
                                   const struct user *u, const char *state, const char *text,
                                   int64_t now, struct consult_problem *problem)
{
    if (!consult_may_keep(u, c))
        return CONSULT_FORBIDDEN;
    if (!consult_answer_label(state)) {
        *problem = (struct consult_problem){"state", N_("Kies de stand van het idee.")};
        return CONSULT_INVALID;
    }
    if (utf8_blank(text)) {
        *problem = (struct consult_problem){"answer", N_("Schrijf het antwoord met de redenen.")};
        return CONSULT_INVALID;
    }
    if (chars(text) > CONSULT_IDEA_MAX) {
        *problem = (struct consult_problem){
            "answer", N_("Gebruik voor het antwoord hoogstens 4.000 tekens.")};
        return CONSULT_INVALID;
    }
    int rc = consult_answer_set(d, idea_id, state, text, u->id, now);
    return rc == DB_OK ? CONSULT_OK : rc == DB_NOTFOUND ? CONSULT_NOT_FOUND : CONSULT_ERROR;
}

static bool kind_ok(const char *kind)
{
    return kind && (strcmp(kind, "idee") == 0 || strcmp(kind, "reactie") == 0);
}

enum consult_result consult_report(db *d, arena *a, const char *kind, int64_t item_id,
                                   const struct user *u, int64_t now, bool *hidden)
{
    *hidden = false;
    if (!kind_ok(kind) || !user_is_resident(u))
        return CONSULT_FORBIDDEN;
    const char *state = NULL;
    int64_t cid = 0, count = 0;
    int rc = consult_item_moderation(d, a, kind, item_id, &state, &cid);
    if (rc != DB_OK)
        return rc == DB_NOTFOUND ? CONSULT_NOT_FOUND : CONSULT_ERROR;
    rc = consult_report_add(d, kind, item_id, u->id, now, &count);
    if (rc == DB_CONSTRAINT)
        return CONSULT_DUPLICATE;
    if (rc != DB_OK)
        return CONSULT_ERROR;
    /* a moderator's decision stands: reports only hide what no moderator saw */
    if (!state && count >= CONSULT_HIDE_REPORTS) {
        if (consult_moderation_set(d, kind, item_id, "wacht", NULL) != DB_OK)
            return CONSULT_ERROR;
        *hidden = true;
    }
    return CONSULT_OK;
}

enum consult_result consult_moderate(db *d, arena *a, const char *kind, int64_t item_id,
                                     const struct user *u, bool hide, const char *reason,
                                     int64_t now, struct consult_problem *problem)
{
    if (!kind_ok(kind))
        return CONSULT_NOT_FOUND;
    const char *state = NULL;
    int64_t cid = 0;
    int rc = consult_item_moderation(d, a, kind, item_id, &state, &cid);
    if (rc != DB_OK)
        return rc == DB_NOTFOUND ? CONSULT_NOT_FOUND : CONSULT_ERROR;
    struct consultation_row c;
    if (consult_get(d, a, cid, &c) != DB_OK)
        return CONSULT_ERROR;
    if (!consult_may_moderate(u, c.area_id ? c.region_id : 0))
        return CONSULT_FORBIDDEN;
    if (utf8_blank(reason)) {
        *problem = (struct consult_problem){"reason", N_("Vul de reden in.")};
        return CONSULT_INVALID;
    }
    if (chars(reason) > 500) {
        *problem =
            (struct consult_problem){"reason", N_("Gebruik voor de reden hoogstens 500 tekens.")};
        return CONSULT_INVALID;
    }
    /* the item's state, and the decision kept apart so the next one does not overwrite it */
    const char *decision = hide ? "verborgen" : "hersteld";
    if (consult_moderation_decision_add(d, kind, item_id, decision, reason, u->id, now) != DB_OK ||
        consult_moderation_set(d, kind, item_id, decision, reason) != DB_OK)
        return CONSULT_ERROR;
    return CONSULT_OK;
}

int64_t consult_order_seed(db *d, const char *visitor)
{
    char h[65];
    if (auth_keyed_hash(d, "consult-order", visitor ? visitor : "", h) != 0)
        return 1;
    char part[9];
    memcpy(part, h, 8);
    part[8] = '\0';
    return (int64_t)(strtoul(part, NULL, 16) & 0x7fffffffu);
}

/* --- the demo ---------------------------------------------------------------------------- */

static int64_t demo_resident(db *d, arena *a, const char *email)
{
    char key[65];
    struct resident_row rr;
    if (optin_address_key(d, email, key) != 0 || resident_row_by_key(d, a, key, &rr) != DB_OK)
        return 0;
    return rr.user_id;
}

int consult_seed_demo(db *d, const char *demo_date, char *err, size_t errlen)
{
    arena *a = arena_new(1 << 16);
    int rc = -1;
    cal_date day;
    struct consultation_row *have;
    size_t nhave;
    if (!a || !demo_date || cal_parse_date(demo_date, strlen(demo_date), &day) != 0 ||
        consult_list(d, a, -1, &have, &nhave) != DB_OK)
        goto bad;
    static const char TITLE[] = "Een groener Seghwaarts plein";
    for (size_t i = 0; i < nhave; i++)
        if (strcmp(have[i].title, TITLE) == 0) {
            rc = 0;
            goto done;
        }
    struct wijk w;
    if (area_get_wijk(d, a, "seghwaert", demo_date, 0, &w) != DB_OK)
        goto bad;
    char info[CAL_DATE_LEN], ideas[CAL_DATE_LEN], reactions[CAL_DATE_LEN], result[CAL_DATE_LEN];
    if (cal_format_date(day - 20, info) || cal_format_date(day - 10, ideas) ||
        cal_format_date(day + 20, reactions) || cal_format_date(day + 60, result))
        goto bad;
    struct consult_input in = {
        .title = TITLE,
        .question = "Hoe maken we het plein bij het winkelcentrum groener en prettiger om te "
                    "verblijven?",
        .decided_by = "Het college, op voorstel van de wijkregisseur van regio Noord, na overleg "
                      "met het wijkplatform Seghwaert.",
        .open_to = "Waar groen komt, welke bomen en planten, bankjes en speelplekken, en wat er "
                   "met de fietsenstalling gebeurt.",
        .not_open = "Het budget (EUR 150.000) en de ingang van de parkeergarage liggen vast.",
        .info_on = info,
        .ideas_on = ideas,
        .reactions_on = reactions,
        .result_on = result,
        .result_text = "",
        .topic = "groen",
        .area_id = w.id,
    };
    int64_t cid = 0;
    int64_t now = 0;
    if (cal_to_unix(day - 8, 10 * 3600, &now) != 0 ||
        consult_save(d, 0, &in, 0, now, &cid) != DB_OK)
        goto bad;
    struct consultation_row c;
    if (consult_get(d, a, cid, &c) != DB_OK)
        goto bad;
    int64_t henk = demo_resident(d, a, "bewoner-seghwaert@example.nl");
    int64_t fatima = demo_resident(d, a, "bewoner-oosterheem@example.nl");
    int64_t lotte = demo_resident(d, a, "bewoner-noordhove@example.nl");
    static const struct {
        const char *title, *body;
        int who; /* 0 Henk, 1 Fatima, 2 Lotte, 3 paper */
    } ideas_list[] = {
        {"Bomen langs de looproute",
         "Een rij bomen van de bushalte naar de ingang geeft schaduw "
         "in de zomer.",
         0},
        {"Bankjes in de zon", "Meer bankjes, ook met leuning, zodat ouderen even kunnen zitten.",
         3},
        {"Een moestuin voor de buurt", "Een paar bakken waarin buren samen groente kweken.", 1},
        {"Speelplek met water", "Een kleine waterspeelplek voor de kinderen uit de buurt.", 2},
    };
    int64_t ids[4] = {0};
    for (size_t i = 0; i < 4; i++) {
        struct consult_act act = {
            .wijk_id = w.id, .channel = "online", .created_at = now + 3600 * (int64_t)(i + 1)};
        int64_t author = ideas_list[i].who == 0 ? henk : ideas_list[i].who == 1 ? fatima : lotte;
        if (ideas_list[i].who == 3) {
            char pseud[65];
            if (auth_address_pseudonym(d, "2719 AB", "12", pseud) != 0)
                goto bad;
            act.channel = "papier";
            act.participant = arena_printf(a, "p:%s", pseud);
            author = 0;
        } else {
            if (!author)
                goto bad;
            act.participant = arena_printf(a, "r:%lld", (long long)author);
        }
        if (consult_idea_insert(d, cid, author, 0, ideas_list[i].title, ideas_list[i].body, &act,
                                (int64_t)(randombytes_random() & 0x7fffffffu), &ids[i]) != DB_OK)
            goto bad;
    }
    /* support for the first two ideas, and the first one answered */
    int64_t supporters[] = {fatima, lotte};
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < 2; i++) {
            struct consult_act act = {.wijk_id = w.id,
                                      .channel = "online",
                                      .participant =
                                          arena_printf(a, "r:%lld", (long long)supporters[k]),
                                      .created_at = now + 86400};
            if (consult_support_add(d, ids[i], supporters[k], &act) != DB_OK)
                goto bad;
        }
    struct consult_act ract = {.wijk_id = w.id,
                               .channel = "online",
                               .participant = arena_printf(a, "r:%lld", (long long)lotte),
                               .created_at = now + 90000};
    int64_t rid;
    if (consult_reaction_insert(d, ids[0], lotte, 0, "Graag bomen die niet te veel blad verliezen.",
                                &ract, &rid) != DB_OK ||
        consult_answer_set(d, ids[0], "overgenomen",
                           "We nemen dit over: langs de looproute komen acht lindes. Ze passen "
                           "binnen het budget en geven schaduw bij de bushalte.",
                           0, now + 2 * 86400) != DB_OK)
        goto bad;
    rc = 0;
    goto done;
bad:
    snprintf(err, errlen, "demo-samenspraak: cannot be stored");
done:
    arena_free(a);
    return rc;
}
