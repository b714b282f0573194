/*
 * demo_focus.c: the fictional current focus points of the demo (init
 * --demo): two or three per wijk for 2025-2026, with a plan of approach
 * (goals, indicators, actions, partners), survey figures entered by hand,
 * the automatic measurements computed from the demo signals, and a short
 * text per focus point for the 2025 report. Without them the monitor and
 * the report would have nothing to show.
 *
 * The texts are fixed; what depends on the demo date (which actions are
 * done, which are overdue, which measurements exist yet) and on the seed
 * (which past action is still running, small differences in the survey
 * figures) is derived deterministically, so the same seed and date give the
 * same plans. Baselines of automatic indicators are measured from the demo
 * signals at the end of 2024 and their targets set 15% better (10 points
 * for the share within the deadline). The same tables tell the signal
 * generator how each focus point changes its wijk's signals during
 * 2025-2026 (demo_focus_trend), by a different amount per focus point, so
 * that some indicators keep pace with their target and others do not.
 */
#include "demo.h"

#include "domain/calendar.h"
#include "domain/indicator.h"
#include "lib/arena.h"
#include "store/focus_store.h"
#include "store/org_store.h"
#include "store/signal_store.h"
#include "domain/user.h"
#include "store/user_store.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PERIOD_START "2025-01-01"
#define PERIOD_END   "2026-12-31"
#define DECIDED_ON   "2025-02-11"
#define BASELINE_ON  "2024-12-31"
#define TARGET_ON    "2026-12-31"
#define SURVEY_ON    "2025-11-15"

struct dind {
    const char *name, *unit, *method, *cats; /* cats: comma list of main category slugs */
    int higher;
    double baseline, target, survey; /* manual only */
    const char *source;
};

struct dact {
    const char *title, *kind, *owner; /* owner: department code, partner name or group */
    int due_month;                    /* months after January 2025 */
};

struct dtheme {
    const char *title, *problem, *origin;
    const char *goal[2];
    struct dind ind[2];
    struct dact act[4];
    const char *partner[3];
    const char *report;
};

static const struct dtheme themes[] = {
    {"Een schone en hele openbare ruimte in %s",
     "Bewoners melden veel zwerfafval, bijplaatsingen naast containers en kapotte "
     "straatmeubels. Vooral rond het winkelcentrum en de flats voelt de buurt daardoor "
     "rommelig en onveilig.",
     "signalen,bewoners",
     {"Minder meldingen over afval en vervuiling", "Meldingen over afval sneller afgehandeld"},
     {{"Meldingen over afval en vervuiling", "per 1.000 inwoners per jaar", "signals_per_1000",
       "afval,schoon", 0, 0, 0, 0, "Meldingen in wijkregie"},
      {"Meldingen over afval binnen de termijn afgehandeld", "%", "within_deadline", "afval,schoon",
       1, 0, 0, 0, "Meldingen in wijkregie"}},
     {{"Extra veegronde rond het winkelcentrum op maandag en vrijdag", "afdeling", "SB", 3},
      {"Campagne 'Naast de container is geen container'", "afdeling", "COM", 8},
      {"Buurtopruimdag twee keer per jaar", "bewoners", "Opruimbrigade van de wijk", 14},
      {"Schouw bij de flats met de huismeesters", "partner", "De Goede Woning", 21}},
     {"De Goede Woning", "Politie (wijkagenten)", NULL},
     "In 2025 is de extra veegronde gestart en liep de campagne over bijplaatsingen. "
     "Bewoners hielden twee opruimdagen. Het aantal meldingen over afval daalt nog niet "
     "overal; in 2026 volgt een schouw met de huismeesters."},
    {"Minder overlast van jongeren en meer te doen voor jongeren in %s",
     "Rond het winkelcentrum en het sportpark hangen 's avonds groepen jongeren. Bewoners "
     "melden geluidsoverlast en vernielingen; jongeren zeggen zelf dat er weinig te doen is.",
     "signalen,politie,partners",
     {"Minder overlast door personen en groepen", "Jongeren hebben een plek en iets te doen"},
     {{"Meldingen over overlast door personen of groepen", "per 1.000 inwoners per jaar",
       "signals_per_1000", "overlast-van-en-door-personen-of-groepen", 0, 0, 0, 0,
       "Meldingen in wijkregie"},
      {"Jongeren die zeggen dat er genoeg te doen is", "%", "manual", NULL, 1, 41, 55, 46,
       "Jongerenpeiling"}},
     {{"Ambulant jongerenwerk op vrijdag- en zaterdagavond", "partner", "Buurtwerk en jongerenwerk",
       2},
      {"Gezamenlijke schouw van de hangplekken", "partner", "Politie (wijkagenten)", 6},
      {"Inzet van handhavers op de drukke avonden", "afdeling", "VVH", 11},
      {"Ouders en jongeren maken samen een plan voor het trapveld", "bewoners",
       "Ouders van de Sportlaan", 19}},
     {"Buurtwerk en jongerenwerk", "Politie (wijkagenten)", "Palet Welzijn"},
     "Het jongerenwerk is sinds maart 2025 op vrijdag- en zaterdagavond op straat. De "
     "schouw van de hangplekken leidde tot betere verlichting bij het sportpark. Jongeren "
     "en ouders werken aan een plan voor het trapveld."},
    {"Ouderen in %s doen mee en staan er niet alleen voor",
     "In de wijk wonen steeds meer ouderen alleen. Huisartsen en wijkverpleging zien "
     "eenzaamheid toenemen; veel ouderen weten niet waar ze terecht kunnen.",
     "partners,wijkontwikkelingsplan",
     {"Minder ouderen voelen zich eenzaam", "Meer ouderen komen naar de huiskamer in de wijk"},
     {{"Ouderen (75+) die zich vaak eenzaam voelen", "%", "manual", NULL, 0, 14, 11, 13,
       "GGD Gezondheidsmonitor"},
      {"Bezoekers van de huiskamer per week", "bezoekers", "manual", NULL, 1, 25, 45, 34,
       "Telling Palet Welzijn"}},
     {{"Wekelijkse huiskamer in het wijkcentrum", "partner", "Palet Welzijn", 2},
      {"Signaleren van eenzaamheid via huisartsen en wijkverpleging", "partner", "SGZ", 5},
      {"Netwerkoverleg ouderen met het wijkzorgnetwerk", "afdeling", "SAM", 9},
      {"Boodschappenbus met vrijwilligers", "bewoners", "Vrijwilligers van de boodschappenbus",
       16}},
     {"Palet Welzijn", "SGZ", "Wijkzorgnetwerk"},
     "De huiskamer in het wijkcentrum is elke dinsdag open en trekt steeds meer bezoekers. "
     "Het wijkzorgnetwerk bespreekt signalen van eenzaamheid uit de huisartsenpraktijken. "
     "De boodschappenbus start in 2026."},
    {"Veilig verkeer en minder parkeeroverlast rond de scholen in %s",
     "Bij het begin en einde van de schooldag staan auto's dubbel geparkeerd en is het "
     "onoverzichtelijk voor kinderen op de fiets. Ouders en omwonenden melden het vaak.",
     "signalen,bewoners",
     {"Minder meldingen over verkeer en parkeren", "Ouders vinden de schoolroute veiliger"},
     {{"Meldingen over wegen, verkeer en straatmeubilair", "per 1.000 inwoners per jaar",
       "signals_per_1000", "wegen-verkeer-straatmeubilair", 0, 0, 0, 0, "Meldingen in wijkregie"},
      {"Ouders die de schoolroute veilig vinden", "%", "manual", NULL, 1, 52, 65, 58,
       "Omnibusenquête"}},
     {{"Schoolzone herinrichten met een kiss-and-ride", "afdeling", "VK", 10},
      {"Verkeersouders bij de oversteekplaatsen", "bewoners", "Verkeersouders", 4},
      {"Controles bij het begin van de schooldag", "partner", "Politie (wijkagenten)", 7},
      {"Nieuwsbrief aan ouders over halen en brengen", "afdeling", "COM", 3}},
     {"Politie (wijkagenten)", NULL, NULL},
     "De verkeersouders staan sinds het voorjaar bij de oversteekplaatsen. De herinrichting "
     "van de schoolzone is ontworpen met ouders en school; de uitvoering loopt uit naar "
     "2026."},
    {"Meer bewoners van %s denken en doen mee",
     "Weinig bewoners kennen de manieren om mee te praten over hun wijk of het "
     "wijk-aan-zetbudget. Het bewonersplatform zoekt nieuwe leden.",
     "wijkontwikkelingsplan,bewoners",
     {"Meer bewoners kennen de mogelijkheden om mee te doen",
      "Meer verschillende bewoners melden wat hen opvalt"},
     {{"Bewoners die een vorm van wijk- of buurtsamenspraak kennen", "%", "manual", NULL, 1, 72, 85,
       76, "Omnibusenquête"},
      {"Verschillende melders per jaar", "melders", "distinct_reporters", NULL, 1, 0, 0, 0,
       "Meldingen in wijkregie"}},
     {{"Wijkavond over het wijk-aan-zetbudget", "afdeling", "SAM", 4},
      {"Wijkkrant en berichten in de wijkapp", "afdeling", "COM", 6},
      {"Ondersteuning van bewonersinitiatieven", "partner", "Fonds 1818", 12},
      {"Bewonersplatform werft nieuwe leden", "bewoners", "Bewonersplatform", 20}},
     {"Fonds 1818", "Palet Welzijn", NULL},
     "Op de wijkavond over het wijk-aan-zetbudget kwamen ruim tachtig bewoners. Zes "
     "initiatieven kregen steun. Het bewonersplatform heeft drie nieuwe leden."},
    {"Een groene en verzorgde buurt in %s",
     "Bewoners melden overhangende struiken, dode bomen en onkruid. Het groen is een "
     "trots van de wijk, maar het onderhoud loopt achter.",
     "signalen,bewoners",
     {"Minder meldingen over het groen", "Meldingen over het groen sneller afgehandeld"},
     {{"Meldingen over openbaar groen en water", "per 1.000 inwoners per jaar", "signals_per_1000",
       "openbaar-groen-en-water", 0, 0, 0, 0, "Meldingen in wijkregie"},
      {"Meldingen over groen binnen de termijn afgehandeld", "%", "within_deadline",
       "openbaar-groen-en-water", 1, 0, 0, 0, "Meldingen in wijkregie"}},
     {{"Snoeiplan per buurt, met bewoners besproken", "afdeling", "SB", 3},
      {"Geveltuinen en boomspiegels adopteren", "bewoners", "Groenploeg van de wijk", 9},
      {"Groen rond de flats samen onderhouden", "partner", "De Goede Woning", 15},
      {"Bomen vervangen die dood zijn", "afdeling", "SB", 22}},
     {"De Goede Woning", NULL, NULL},
     "Het snoeiplan is met bewoners besproken en uitgevoerd. Veertig boomspiegels zijn "
     "geadopteerd. Meldingen over groen worden vaker binnen de termijn afgehandeld."},
    {"Leefbaarheid rond de hoogbouw in %s",
     "Rond de flats in Palenstein melden bewoners vervuilde portieken, grofvuil en "
     "overlast. De vernieuwing van de buurt vraagt extra aandacht voor wie er nu woont.",
     "signalen,partners,politie",
     {"Minder meldingen over afval en woonoverlast", "Bewoners voelen zich thuis in de buurt"},
     {{"Meldingen over afval en wonen", "per 1.000 inwoners per jaar", "signals_per_1000",
       "afval,wonen", 0, 0, 0, 0, "Meldingen in wijkregie"},
      {"Bewoners die zich thuis voelen in de buurt", "%", "manual", NULL, 1, 58, 68, 61,
       "Omnibusenquête"}},
     {{"Portiekgesprekken met bewoners", "partner", "De Goede Woning", 3},
      {"Grofvuil ophalen op afspraak, ook op zaterdag", "afdeling", "SB", 6},
      {"Buurtpreventie en wijkschouw", "partner", "Politie (wijkagenten)", 9},
      {"Bewonerscommissie organiseert een buurtfeest", "bewoners", "Bewonerscommissie", 17}},
     {"De Goede Woning", "Politie (wijkagenten)", "Palet Welzijn"},
     "De portiekgesprekken brachten veel kleine ergernissen naar boven die snel zijn "
     "opgelost. Grofvuil kan nu ook op zaterdag worden opgehaald. Dit focuspunt wordt op "
     "wijkniveau gemeten tot de buurtgrenzen zijn geladen."},
};

struct dwijk {
    const char *code, *login;
    const char *buurt; /* slug of the buurt for the first theme, or NULL */
    int themes[3];     /* -1: none */
};

static const struct dwijk wijken[] = {
    {"WK063700", "regisseur-centrum", "palenstein", {6, 0, 3}},
    {"WK063701", "regisseur-centrum", NULL, {2, 0, -1}},
    {"WK063702", "regisseur-noord", NULL, {1, 4, -1}},
    {"WK063703", "regisseur-noord", NULL, {5, 2, -1}},
    {"WK063704", "regisseur-noord", NULL, {3, 4, -1}},
    {"WK063705", "regisseur-oost", NULL, {2, 5, -1}},
    {"WK063706", "regisseur-oost", NULL, {1, 0, 4}},
};

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* A number in [0, 1) from the seed and a focus point's place in the tables. */
static double unit_of(uint64_t seed, size_t wijk, int k, int salt)
{
    uint64_t h = mix(seed ^ mix(((uint64_t)wijk << 16) ^ ((uint64_t)k << 8) ^ (uint64_t)salt));
    return (double)(h >> 11) * 0x1.0p-53;
}

static void trend_add(struct demo_trend *t, const char *slug, double fewer, double faster)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->cat[i].main_slug, slug) == 0) {
            t->cat[i].fewer = fmax(t->cat[i].fewer, fewer);
            t->cat[i].faster = fmax(t->cat[i].faster, faster);
            return;
        }
    if (t->n < DEMO_TREND_MAX) {
        t->cat[t->n].main_slug = slug;
        t->cat[t->n].fewer = fewer;
        t->cat[t->n].faster = faster;
        t->n++;
    }
}

void demo_focus_trend(const char *wijk_code, uint64_t seed, struct demo_trend *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < sizeof wijken / sizeof wijken[0]; i++) {
        if (!wijk_code || strcmp(wijken[i].code, wijk_code) != 0)
            continue;
        for (int k = 0; k < 3 && wijken[i].themes[k] >= 0; k++) {
            const struct dtheme *th = &themes[wijken[i].themes[k]];
            /* 11..28% fewer at the end of 2026; 25..60% faster handling */
            double fewer = 0.11 + 0.17 * unit_of(seed, i, k, 1);
            double faster = 0.25 + 0.35 * unit_of(seed, i, k, 2);
            for (int g = 0; g < 2; g++) {
                const struct dind *x = &th->ind[g];
                if (strcmp(x->method, "distinct_reporters") == 0)
                    t->reporters = fmax(t->reporters, 0.15 + 0.2 * unit_of(seed, i, k, 3));
                if (!x->cats)
                    continue;
                bool quick = strcmp(x->method, "within_deadline") == 0;
                const char *p = x->cats;
                while (*p) {
                    const char *comma = strchr(p, ',');
                    size_t n = comma ? (size_t)(comma - p) : strlen(p);
                    /* the slugs point into the constant tables */
                    static const char *const mains[] = {"afval",
                                                        "schoon",
                                                        "wonen",
                                                        "openbaar-groen-en-water",
                                                        "wegen-verkeer-straatmeubilair",
                                                        "overlast-van-en-door-personen-of-groepen"};
                    for (size_t m = 0; m < sizeof mains / sizeof mains[0]; m++)
                        if (strlen(mains[m]) == n && strncmp(mains[m], p, n) == 0)
                            trend_add(t, mains[m], quick ? 0 : fewer, quick ? faster : 0);
                    p += n + (comma ? 1 : 0);
                }
            }
        }
    }
}

double demo_focus_ramp(int32_t day)
{
    cal_date start = cal_from_ymd(2025, 1, 1), end = cal_from_ymd(2026, 12, 31);
    if (day <= start)
        return 0;
    if (day >= end)
        return 1;
    return (double)(day - start) / (double)(end - start);
}

static const char *due_date(arena *a, int months)
{
    int y = 2025 + months / 12, m = months % 12 + 1;
    return arena_printf(a, "%04d-%02d-%02d", y, m, 15);
}

static int64_t org_for(db *d, const struct dact *x)
{
    return strcmp(x->kind, "bewoners") == 0 ? 0 : org_id_by_code(d, x->owner);
}

static double round1(double v)
{
    return round(v * 10.0) / 10.0;
}

static int add_indicator(db *d, arena *a, int64_t fp, int64_t goal, const struct dind *x,
                         const char *demo_date, uint64_t h, int64_t now)
{
    struct focus_ind in = {.goal_id = goal,
                           .name = x->name,
                           .unit = x->unit,
                           .method = x->method,
                           .source = x->source,
                           .higher_is_better = x->higher};
    bool manual = strcmp(x->method, "manual") == 0;
    if (manual) {
        in.has_baseline = in.has_target = true;
        in.baseline = x->baseline;
        in.target = x->target;
        in.baseline_date = "2024-11-15";
        in.target_date = TARGET_ON;
        in.source = arena_printf(a, "%s", x->source);
    }
    int64_t id;
    if (focus_indicator_insert(d, &in, &id) != DB_OK)
        return -1;
    if (x->cats) {
        int64_t cats[8];
        size_t nc = 0;
        char buf[200];
        snprintf(buf, sizeof buf, "%s", x->cats);
        char *save = buf;
        while (save && nc < 8) {
            char *comma = strchr(save, ',');
            if (comma)
                *comma = '\0';
            int64_t cid = category_id_by_slug(d, save, 1);
            if (cid)
                cats[nc++] = cid;
            save = comma ? comma + 1 : NULL;
        }
        if (focus_indicator_set_categories(d, id, cats, nc) != DB_OK)
            return -1;
    }
    if (manual) {
        /* the survey of autumn 2025, when the demo is set after it */
        if (strcmp(demo_date, SURVEY_ON) > 0) {
            double v = x->survey + (double)((int)(h % 3) - 1);
            int64_t mid;
            if (focus_measurement_insert(d, id, SURVEY_ON, v, arena_printf(a, "%s 2025", x->source),
                                         0, now, &mid) != DB_OK)
                return -1;
        }
        return 0;
    }
    /* baseline from the demo signals at the end of 2024; the target 15% better */
    struct focus_auto fa = {.id = id,
                            .focuspunt_id = fp,
                            .method = x->method,
                            .baseline_date = BASELINE_ON,
                            .period_start = PERIOD_START,
                            .period_end = PERIOD_END};
    bool has;
    double v;
    if (indicator_compute(d, &fa, BASELINE_ON, now, &has, &v) != 0)
        return -1;
    if (!has)
        return 0;
    in.id = id;
    in.has_baseline = in.has_target = true;
    in.baseline = round1(v);
    in.baseline_date = BASELINE_ON;
    in.target_date = TARGET_ON;
    if (strcmp(x->method, "within_deadline") == 0)
        in.target = round1(fmin(98.0, v + 10.0));
    else if (x->higher)
        in.target = round(v * 1.15);
    else
        in.target = round1(v * 0.85);
    return focus_indicator_update(d, &in) == DB_OK ? 0 : -1;
}

static int add_focus(db *d, arena *a, const struct dwijk *w, int64_t wijk_id, int t, bool buurt,
                     const char *demo_date, uint64_t seed, int64_t now, int64_t regisseur)
{
    const struct dtheme *th = &themes[t];
    const char *place = NULL;
    int64_t area = wijk_id;
    if (buurt)
        area = focus_buurt_by_slug(d, a, w->buurt, &place);
    else
        place = focus_area_name(d, a, wijk_id);
    if (!place || !area)
        return 0;
    const char *status = strcmp(demo_date, DECIDED_ON) > 0 ? "lopend" : "voorgesteld";
    struct focus_row f = {.title = arena_printf(a, th->title, place),
                          .problem = th->problem,
                          .origin = th->origin,
                          .period_start = PERIOD_START,
                          .period_end = PERIOD_END,
                          .status = status,
                          .decided_on = strcmp(status, "lopend") == 0 ? DECIDED_ON : NULL,
                          .source = "Demo: fictief focuspunt",
                          .demo = 1,
                          .regisseur_user_id = regisseur};
    int64_t fp;
    if (focus_insert(d, &f, now, &fp) != DB_OK)
        return -1;
    int64_t areas[2] = {area, wijk_id};
    if (focus_set_areas(d, fp, areas, buurt ? 2 : 1) != DB_OK)
        return -1;
    uint64_t h = mix(seed ^ ((uint64_t)fp << 20));
    for (int g = 0; g < 2; g++) {
        int64_t gid;
        if (focus_goal_insert(d, fp, th->goal[g], &gid) != DB_OK ||
            add_indicator(d, a, fp, gid, &th->ind[g], demo_date, mix(h + (uint64_t)g), now) != 0)
            return -1;
    }
    /* one action whose date has passed stays open: overdue */
    int past = 0;
    for (int k = 0; k < 4; k++)
        if (strcmp(due_date(a, th->act[k].due_month), demo_date) < 0)
            past++;
    int overdue = past ? (int)(h % (uint64_t)past) : -1, seen = 0, running = 0;
    for (int k = 0; k < 4; k++) {
        const struct dact *x = &th->act[k];
        struct focus_act in = {.title = x->title,
                               .owner_kind = x->kind,
                               .owner_org_id = org_for(d, x),
                               .due_on = due_date(a, x->due_month)};
        if (strcmp(x->kind, "bewoners") == 0)
            in.owner_text = arena_printf(a, "%s %s", x->owner, place);
        if (strcmp(in.due_on, demo_date) < 0) {
            if (seen++ == overdue) {
                in.status = "lopend";
                in.notes = "Loopt uit: wacht op de planning van de uitvoerder.";
            } else {
                in.status = "gereed";
                in.done_on = arena_printf(a, "%.8s%02d", in.due_on, 5 + (int)(h % 9));
                in.notes = "Gereed; besproken in het wijkoverleg.";
            }
        } else {
            in.status = running++ == 0 && strcmp(status, "lopend") == 0 ? "lopend" : "gepland";
        }
        int64_t aid;
        if (focus_action_insert(d, fp, &in, now, &aid) != DB_OK)
            return -1;
    }
    for (int k = 0; k < 3 && th->partner[k]; k++) {
        int64_t org = org_id_by_code(d, th->partner[k]);
        if (org && focus_partner_set(d, fp, org,
                                     strcmp(th->partner[k], "Wijkzorgnetwerk") == 0
                                         ? "bespreekt signalen over personen (vertrouwelijk)"
                                         : "voert acties uit en denkt mee") != DB_OK)
            return -1;
    }
    if (strcmp(demo_date, "2025-12-01") > 0 &&
        focus_text_set(d, fp, 2025, th->report, regisseur, now) != DB_OK)
        return -1;
    return indicator_refresh(d, fp, now, false, NULL);
}

int demo_generate_focus(db *d, const char *demo_date, uint64_t seed, char *err, size_t errlen)
{
    int exists = focus_demo_exists(d, PERIOD_START);
    if (exists != 0) {
        if (exists < 0)
            snprintf(err, errlen, "demo focus points: database error");
        return exists < 0 ? -1 : 0;
    }
    cal_date day;
    int64_t now;
    if (!demo_date || cal_parse_date(demo_date, strlen(demo_date), &day) != 0 ||
        cal_to_unix(day, 0, &now) != 0) {
        snprintf(err, errlen, "demo focus points: bad demo date");
        return -1;
    }
    arena *a = arena_new(64 * 1024);
    if (!a) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof wijken / sizeof wijken[0]; i++) {
        const struct dwijk *w = &wijken[i];
        int64_t wid = area_id_by_code(d, "wijk", w->code, 0);
        struct user u;
        int64_t regisseur = user_load_by_login(d, a, w->login, &u, NULL) == DB_OK ? u.id : 0;
        for (int k = 0; rc == 0 && wid && k < 3 && w->themes[k] >= 0; k++)
            rc = add_focus(d, a, w, wid, w->themes[k], k == 0 && w->buurt, demo_date, seed, now,
                           regisseur);
    }
    arena_free(a);
    if (rc != 0)
        snprintf(err, errlen, "demo focus points: database error");
    return rc;
}
