/*
 * demo.c: the generated history of signals; see demo.h.
 *
 * The generator walks the days from `from` to `to`. Each day gets a number
 * of signals around its share of the total (season, weekday, holidays), each
 * signal a wijk (by population), a category (by a fixed skew times the
 * month's season), a type, a channel, a time of day, a point near one of the
 * wijk's buurt label points, a route and a deadline; then a life: the status
 * changes, hand-offs, notes, the resident's answer and the erasure of the
 * contact details, as a timeline cut off at "now". In 2025-2026 the demo
 * focus points leave their mark (demo_focus_trend): fewer signals of their
 * categories in their wijken, handled faster, more reporters leaving their
 * address; before 2025 the history is as it was. Everything random comes
 * from one xoshiro256** stream seeded by splitmix64, never from rand() or the
 * clock, so the same seed and dates give the same history.
 */
#include "demo.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/signal.h"
#include "domain/user.h"
#include "lib/arena.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "store/signal_store.h"
#include "store/user_store.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The store has no queries for these; they are the generator's own. */
static const char SQL_HAS_DEMO[] = "SELECT EXISTS (SELECT 1 FROM signal WHERE demo = 1)";
static const char SQL_ERASED_CONTACT[] =
    "INSERT INTO signal_contact (signal_id, erased_at) VALUES (?1, ?2)";
#define DAY         86400
#define HOUR        3600
#define RETAIN_DAYS 365 /* as retention.h's default */
#define RADIUS_M    300.0
#define MAX_EVENTS  24
#define MAX_BUURTEN 16
#define MAX_PER_DAY 200000

/* --- random numbers ---------------------------------------------------------- */

struct rng {
    uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256** (Blackman and Vigna). */
static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [lo, hi). */
static double rng_range(struct rng *r, double lo, double hi)
{
    return lo + (hi - lo) * rng_unit(r);
}

static bool rng_chance(struct rng *r, double p)
{
    return rng_unit(r) < p;
}

/* Uniform integer in [0, n), n > 0. */
static size_t rng_below(struct rng *r, size_t n)
{
    return (size_t)(rng_unit(r) * (double)n) % n;
}

/* Standard normal (Box-Muller; one of the pair is dropped for simplicity). */
static double rng_normal(struct rng *r)
{
    double u = 1.0 - rng_unit(r), v = rng_unit(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* A count around mean lambda: Poisson, by Knuth below 30, normal above. */
static long rng_poisson(struct rng *r, double lambda)
{
    if (lambda <= 0)
        return 0;
    if (lambda < 30) {
        double l = exp(-lambda), p = 1.0;
        long k = 0;
        do {
            k++;
            p *= rng_unit(r);
        } while (p > l);
        return k - 1;
    }
    double x = lambda + sqrt(lambda) * rng_normal(r) + 0.5;
    return x < 0 ? 0 : (long)x;
}

/* Index into a cumulative weight table of n entries (total cum[n - 1]). */
static size_t pick_cum(struct rng *r, const double *cum, size_t n)
{
    double x = rng_unit(r) * cum[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* --- the shape of a year -------------------------------------------------------- */

/* Month profiles (January first), multiplied into a category's weight. */
static const double P_FLAT[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const double P_GREEN[12] = {0.5, 0.5, 0.8, 1.0, 1.4, 1.4, 1.3, 1.1, 1.1, 1.5, 1.4, 0.8};
static const double P_SUMMER[12] = {0.7, 0.7, 0.8, 1.0, 1.2, 1.4, 1.5, 1.4, 1.1, 0.9, 0.8, 0.8};
static const double P_ANIMALS[12] = {0.6, 0.6, 0.8, 1.0, 1.2, 1.3, 1.5, 1.5, 1.2, 0.9, 0.8, 0.6};
static const double P_WATER[12] = {0.3, 0.3, 0.5, 0.8, 1.3, 1.8, 2.0, 2.0, 1.3, 0.7, 0.4, 0.3};
static const double P_XMASTREE[12] = {8, 0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2};
static const double P_LEAVES[12] = {0.3, 0.1, 0, 0, 0, 0, 0, 0, 0.4, 2.5, 3.5, 1.2};
static const double P_WINTER[12] = {3.5, 2.5, 0.6, 0, 0, 0, 0, 0, 0, 0, 0.5, 2.5};
static const double P_GROW[12] = {0, 0, 0.3, 1.0, 2.0, 2.0, 2.0, 1.5, 1.0, 0.3, 0, 0};
static const double P_STORM[12] = {2, 2, 1, 0.3, 0.2, 0.2, 0.3, 0.5, 0.8, 1.5, 2, 2};
static const double P_CATERPILLAR[12] = {0, 0, 0, 0.2, 2, 4, 3, 1, 0, 0, 0, 0};
static const double P_DARK[12] = {1.5, 1.3, 1.0, 0.7, 0.5, 0.4, 0.4, 0.6, 0.9, 1.3, 1.5, 1.6};
static const double P_WASPS[12] = {0, 0, 0, 0.2, 0.5, 1.5, 3, 3.5, 2, 0.5, 0, 0};
static const double P_FIREWORKS[12] = {3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 1.5, 6};

/* How busy a month is over all categories, and a weekday (Monday first). */
static const double MONTH_VOLUME[12] = {0.92, 0.88, 0.95, 1.0, 1.05, 1.1,
                                        1.05, 1.0,  1.02, 1.1, 1.05, 0.95};
static const double WEEKDAY_VOLUME[7] = {1.25, 1.15, 1.1, 1.05, 0.95, 0.8, 0.65};
#define HOLIDAY_VOLUME 0.7

/* The hours people report in (web, app, e-mail): waking hours. */
static const double HOUR_WEIGHT[24] = {0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 3, 6, 8, 8, 7,
                                       6,   6,   6,   6,   5,   5,   5, 6, 6, 5, 3, 1};

/* Main categories: share of all signals and season. Most signals are about
 * litter, the street and the green; reports about people and tips about
 * crime are rare. A main category not listed gets weight 0.5. */
static const struct {
    const char *slug;
    double weight;
    const double *season;
} MAINS[] = {
    {"afval", 20, P_FLAT},
    {"wegen-verkeer-straatmeubilair", 20, P_FLAT},
    {"schoon", 13, P_FLAT},
    {"openbaar-groen-en-water", 13, P_GREEN},
    {"overlast-in-de-openbare-ruimte", 7, P_SUMMER},
    {"overig", 5, P_FLAT},
    {"overlast-van-dieren", 4, P_ANIMALS},
    {"overlast-van-en-door-personen-of-groepen", 3.5, P_SUMMER},
    {"overlast-bedrijven-en-horeca", 3, P_SUMMER},
    {"civiele-constructies", 1.5, P_FLAT},
    {"wonen", 1.0, P_FLAT},
    {"overlast-op-het-water", 0.6, P_WATER},
    {"zorg-en-welzijn", 0.6, P_FLAT},
    {"ondermijning", 0.3, P_FLAT},
};

/* Sub categories: weight within the main category (1 when not listed) and
 * their own season, multiplied with the main category's. */
static const struct {
    const char *slug;
    double weight;
    const double *season;
} SUBS[] = {
    {"grofvuil", 6, NULL},
    {"container-bijplaatsing", 4, NULL},
    {"container-is-vol", 4, NULL},
    {"huisafval", 3, NULL},
    {"rolcontainer-is-kapot", 2, NULL},
    {"rolcontainer-is-vol", 1.5, NULL},
    {"container-glas-vol", 2, NULL},
    {"container-voor-papier-is-vol", 2, NULL},
    {"handhaving-op-afval", 1.5, NULL},
    {"kerstbomen", 1, P_XMASTREE},
    {"asbest-accu", 0.3, NULL},
    {"veegzwerfvuil", 6, NULL},
    {"prullenbak-vol", 3, P_SUMMER},
    {"graffitiwildplak", 2, NULL},
    {"uitwerpselen", 1.5, NULL},
    {"putrioleringverstopt", 2, NULL},
    {"gladheid-bladeren", 2, P_LEAVES},
    {"gladheid-winterdienst", 3, P_WINTER},
    {"gladheid-olie", 0.3, NULL},
    {"drijfvuil-bevaarbaar-water", 0.4, P_WATER},
    {"drijfvuil-niet-bevaarbaar-water", 0.6, P_WATER},
    {"onkruid-verharding", 1, P_GROW},
    {"maaien-snoeien", 4, P_GROW},
    {"boom", 3, NULL},
    {"snoeien", 2, NULL},
    {"onkruid", 2, P_GROW},
    {"boom-stormschade", 1, P_STORM},
    {"eikenprocessierups", 1, P_CATERPILLAR},
    {"boom-afval", 1, P_LEAVES},
    {"overig-groen-en-water", 1.5, NULL},
    {"boom-illegale-kap", 0.3, NULL},
    {"boom-noodkap", 0.3, P_STORM},
    {"japanse-duizendknoop", 0.3, P_GROW},
    {"boom-aanvraag-plaatsing", 0.5, NULL},
    {"onderhoud-stoep-straat-en-fietspad", 6, NULL},
    {"lantaarnpaal-straatverlichting", 5, P_DARK},
    {"verkeerssituaties", 2, NULL},
    {"straatmeubilair", 2, NULL},
    {"onderhoud-fietspad", 1.5, NULL},
    {"put-riool-kapot", 1.5, NULL},
    {"speelplaats", 1.5, P_SUMMER},
    {"verkeersbord-verkeersafzetting", 1.5, NULL},
    {"camerasystemen", 0.2, NULL},
    {"klok", 0.2, NULL},
    {"stadsplattegronden", 0.2, NULL},
    {"parkeer-verwijssysteem", 0.2, NULL},
    {"autom-verzinkbare-palen", 0.2, NULL},
    {"omleiding", 0.3, NULL},
    {"omleiding-belijning-verkeer", 0.3, NULL},
    {"bewegwijzering", 0.4, NULL},
    {"parkeeroverlast", 4, NULL},
    {"fietswrak", 3, NULL},
    {"hinderlijk-geplaatst-object", 2, NULL},
    {"auto-scooter-bromfietswrak", 1.5, NULL},
    {"bouw-sloopoverlast", 1.5, NULL},
    {"lozing-dumping-bodemverontreiniging", 0.3, NULL},
    {"markten", 0.2, NULL},
    {"ratten", 3, NULL},
    {"wespen", 2, P_WASPS},
    {"dode-dieren", 2, NULL},
    {"meeuwen", 1, P_SUMMER},
    {"jongerenoverlast", 4, P_SUMMER},
    {"overlast-door-afsteken-vuurwerk", 2, P_FIREWORKS},
    {"drank-en-drugsoverlast", 2, NULL},
    {"daklozen-bedelen", 0.5, NULL},
    {"overlast-van-taxis-bussen-en-fietstaxis", 0.2, NULL},
    {"geluidsoverlast-muziek", 3, NULL},
    {"overlast-terrassen", 1.5, P_SUMMER},
    {"woningkwaliteit", 2, NULL},
    {"wonen-ondermijning", 0.3, NULL},
    {"overig", 4, NULL},
};

/* --- words ------------------------------------------------------------------------ */

/* What residents write, by main category (the first match wins; "" last). */
static const struct {
    const char *main;
    const char *text[5];
} SAYINGS[] = {
    {"afval",
     {"Er staan al dagen vuilniszakken naast de container.",
      "De container zit vol, er kan niets meer bij.", "Iemand heeft grofvuil op de stoep gezet.",
      "De klep van de container is kapot en gaat niet meer dicht.",
      "Er ligt afval naast de ondergrondse container, de meeuwen halen het open."}},
    {"wegen-verkeer-straatmeubilair",
     {"Een losse stoeptegel steekt omhoog, ik ben er bijna over gevallen.",
      "De lantaarnpaal brandt al een week niet, het is 's avonds erg donker.",
      "Er zit een groot gat in het fietspad.", "Het bankje is kapot, er steekt een plank uit.",
      "Het verkeersbord is omgereden en ligt op de grond."}},
    {"schoon",
     {"Er ligt veel zwerfvuil op het grasveld en langs de stoep.",
      "De prullenbak is vol en er ligt afval omheen.",
      "Er is graffiti gespoten op de muur van het fietstunneltje.",
      "Het is spekglad door de bladeren op het fietspad.",
      "De putten lopen niet door, de straat staat onder water na een bui."}},
    {"openbaar-groen-en-water",
     {"Het gras is al lang niet meer gemaaid.",
      "Er hangt een grote tak half afgebroken boven het fietspad.",
      "De struiken groeien over de stoep, je kunt er met een kinderwagen niet langs.",
      "Er zit eikenprocessierups in de bomen bij de speeltuin.",
      "Er staat veel onkruid in de plantenbak."}},
    {"overlast-in-de-openbare-ruimte",
     {"Er staat al weken een fietswrak aan het hek.",
      "Auto's parkeren steeds op de stoep, je kunt er niet langs.",
      "Er staat een aanhanger al maanden op dezelfde plek.",
      "De bouwplaats maakt al vanaf zes uur 's ochtends lawaai.",
      "Er staat een scooter zonder kenteken die duidelijk is achtergelaten."}},
    {"overlast-van-dieren",
     {"Ik zie steeds ratten bij de containers.", "Er ligt een dode kat op straat.",
      "Er zit een wespennest bij de ingang van de speeltuin.",
      "Meeuwen scheuren de vuilniszakken open.", "Ganzen poepen het hele grasveld onder."}},
    {"overlast-van-en-door-personen-of-groepen",
     {"Elke avond hangt een groep jongeren bij het bankje, met harde muziek.",
      "Er wordt al dagen vuurwerk afgestoken in de straat.",
      "Er wordt gedeald bij de ingang van de parkeergarage.",
      "Een loslopende hond valt voorbijgangers lastig.", "Er wordt in het portiek geplast."}},
    {"overlast-bedrijven-en-horeca",
     {"Het café draait tot diep in de nacht harde muziek.",
      "De installatie op het dak van de winkel bromt dag en nacht.",
      "Het terras staat tot over de stoep.", "Er komt een sterke lucht uit de afzuiging.",
      "Bezoekers van het café maken veel lawaai op straat bij het sluiten."}},
    {"civiele-constructies",
     {"De leuning van de brug zit los.", "De oever kalft af, er zakt grond in het water.",
      "De steiger is glad en er ontbreken planken.", "De brug gaat niet meer open.",
      "Er staat water onder de brug dat niet wegloopt."}},
    {"overlast-op-het-water",
     {"Er wordt veel te hard gevaren in de vaart.",
      "Een gezonken bootje ligt al weken in het water.", "Er drijft een olievlek op het water.",
      "Een boot ligt dwars in de vaart.", "Er is harde muziek op een boot, 's avonds laat."}},
    {"wonen",
     {"In het huis hiernaast wonen steeds wisselende mensen.",
      "Het pand staat al lang leeg en raakt in verval.",
      "Er is schimmel en lekkage in de woning en de verhuurder doet niets.",
      "De woning lijkt via een website aan toeristen verhuurd te worden.",
      "Er staan veel meer mensen ingeschreven dan er kunnen wonen."}},
    {"ondermijning",
     {"Er komen 's nachts veel verschillende auto's kort langs bij een bedrijfspand.",
      "Ik vermoed dat er in de loods iets niet klopt.",
      "Er is een vreemde lucht en de ramen zijn altijd afgeplakt.",
      "Er worden steeds pakketjes afgegeven bij een leegstaand pand.",
      "Een winkel heeft nooit klanten maar blijft open."}},
    {"zorg-en-welzijn",
     {"Ik maak me zorgen om mijn buurman, hij komt zijn huis niet meer uit.",
      "Mijn oudere buurvrouw lijkt in de war en de post stapelt zich op.",
      "Ik hoor vaak ruzie en gehuil bij de buren.",
      "Een buurtgenoot lijkt niet goed voor zichzelf te zorgen.",
      "Er staat al dagen een vuilniszak voor de deur van mijn buurvrouw, ik maak me zorgen."}},
    {"",
     {"Ik heb een vraag over het onderhoud in mijn straat.",
      "Wanneer wordt de speeltuin opgeknapt?", "Er is iets mis in de buurt, zie omschrijving.",
      "Kunt u eens komen kijken? Het is al lang zo.",
      "Ik weet niet bij wie ik hiervoor moet zijn."}},
};

static const char *const PLACES[] = {
    "bij de ingang van het winkelcentrum",
    "op de hoek van de straat",
    "naast de speeltuin",
    "bij de bushalte",
    "achter de flat",
    "langs het fietspad",
    "bij de basisschool",
    "bij de ingang van het park",
    "tegenover de huisartsenpraktijk",
    "bij het tramstation",
    "naast de sporthal",
    "aan het einde van het parkeerterrein",
};

static const char *const CLOSED_MELDING[] = {
    "Bedankt voor uw melding. We hebben het probleem verholpen.",
    "Onze medewerkers zijn ter plaatse geweest en hebben het opgelost. Bedankt voor uw melding.",
    "De aannemer heeft het werk uitgevoerd. Bedankt dat u het ons liet weten.",
    ("We hebben gekeken, maar konden het probleem niet vinden. Ziet u het opnieuw? Meld het "
     "dan gerust nog een keer."),
    "We nemen dit mee in het vaste onderhoud van de buurt. Daarom sluiten we uw melding.",
};
static const char *const CLOSED_VRAAG = "Bedankt voor uw vraag. We hebben u het antwoord gegeven.";
static const char *const CLOSED_KLACHT =
    "We hebben uw klacht besproken met de afdeling en u ons antwoord gegeven. Bedankt dat u de "
    "moeite nam.";
static const char *const CLOSED_CARE =
    "Het wijkzorgnetwerk heeft uw melding opgepakt. Bedankt voor uw betrokkenheid.";
static const char *const CLOSED_AGAIN =
    "We hebben opnieuw gekeken en het probleem nu verholpen. Excuses voor het ongemak.";
static const char *const CANCELLED[] = {
    "Deze melding is al eerder gedaan. We behandelen de eerdere melding; u hoeft niets te doen.",
    "Dit valt niet onder de gemeente. We hebben u verwezen naar de organisatie die erover gaat.",
};
static const char *const FORWARDED[] = {
    "Doorgezet naar de netbeheerder.",
    "Doorgezet naar de woningcorporatie.",
    "Doorgezet naar de politie.",
};
static const char *const ASK_REPORTER =
    "Wij hebben u om meer informatie gevraagd. Kunt u laten weten waar het precies is?";
static const char *const PLANNED = "Het werk is ingepland.";
static const char *const PLANNED_NOTE = "Opdracht gegeven aan de aannemer.";
static const char *const REOPENED = "Heropend op verzoek van de melder.";
static const char *const ERASED = "Contactgegevens gewist (bewaartermijn)";

/* --- the generator's state --------------------------------------------------------- */

struct gwijk {
    int64_t id;
    double lat, lon; /* the wijk's label point */
    double buurt_lat[MAX_BUURTEN], buurt_lon[MAX_BUURTEN];
    size_t nbuurten;
    struct demo_trend trend; /* what its demo focus points change in 2025-2026 */
};

struct gcat {
    int64_t id;
    const char *main_slug;
    int deadline_days, deadline_working, confidential;
    double weight;
    const double *season_main, *season_sub;
    size_t saying;    /* index into SAYINGS, for a sub category without texts of its own */
    const char *slug; /* the sub category's */
};

struct gorg {
    int64_t id, user_id; /* a demo account of the department, 0 when none */
    const char *name;
    bool department; /* may receive hand-offs */
};

struct gen {
    db *d;
    arena *a; /* lives for the whole run */
    struct rng rng;
    uint64_t seed;
    struct gwijk *wijken;
    size_t nwijken;
    double *wijk_cum;
    struct gcat *cats;
    size_t ncats;
    double *cat_cum[12]; /* cumulative weights for each month */
    struct gorg *orgs;
    size_t norgs;
    int64_t balie_user;
    int64_t now;
    uint64_t frequent;      /* reporters 1..frequent report more than once */
    uint64_t next_reporter; /* one-time reporters after that */
    char err[256];
};

struct gevent {
    int64_t at, user, from_org, to_org;
    const char *kind, *from, *to, *text;
    int public;
};

struct life {
    struct gevent ev[MAX_EVENTS];
    size_t n;
    const char *status;
    int64_t owner, owner_user; /* as it goes */
    int64_t handoff_at[4], handoff_to[4];
    size_t nhandoffs;
};

static struct gorg *org_of(struct gen *g, int64_t id)
{
    for (size_t i = 0; i < g->norgs; i++)
        if (g->orgs[i].id == id)
            return &g->orgs[i];
    return NULL;
}

static int64_t user_of(struct gen *g, int64_t org, int64_t owner_user)
{
    if (owner_user)
        return owner_user;
    struct gorg *o = org_of(g, org);
    return o ? o->user_id : 0;
}

static int load_wijken(struct gen *g, const char *on)
{
    struct wijk *w;
    size_t n;
    if (area_list_wijken(g->d, g->a, on, 0, &w, &n) != DB_OK || n == 0) {
        snprintf(g->err, sizeof g->err, "no wijken: load the reference data first");
        return -1;
    }
    g->wijken = arena_calloc(g->a, n, sizeof *g->wijken);
    g->wijk_cum = arena_calloc(g->a, n, sizeof *g->wijk_cum);
    if (!g->wijken || !g->wijk_cum)
        return -1;
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        struct gwijk *gw = &g->wijken[i];
        gw->id = w[i].id;
        gw->lat = w[i].label_lat;
        gw->lon = w[i].label_lon;
        demo_focus_trend(w[i].code, g->seed, &gw->trend);
        struct buurt *b;
        size_t nb;
        if (area_list_buurten(g->d, g->a, w[i].id, &b, &nb) != DB_OK)
            return -1;
        for (size_t k = 0; k < nb && gw->nbuurten < MAX_BUURTEN; k++) {
            gw->buurt_lat[gw->nbuurten] = b[k].label_lat;
            gw->buurt_lon[gw->nbuurten] = b[k].label_lon;
            gw->nbuurten++;
        }
        total += w[i].inhabitants > 0 ? (double)w[i].inhabitants : 0;
        g->wijk_cum[i] = total;
    }
    g->nwijken = n;
    if (total <= 0) {
        snprintf(g->err, sizeof g->err, "no population per wijk: load the reference data first");
        return -1;
    }
    return 0;
}

static int load_categories(struct gen *g)
{
    struct category *c;
    size_t n;
    if (category_list(g->d, g->a, &c, &n) != DB_OK || n == 0) {
        snprintf(g->err, sizeof g->err, "no categories: load the reference data first");
        return -1;
    }
    int64_t main_id[sizeof MAINS / sizeof MAINS[0]];
    for (size_t m = 0; m < sizeof MAINS / sizeof MAINS[0]; m++)
        main_id[m] = category_id_by_slug(g->d, MAINS[m].slug, 1);
    g->cats = arena_calloc(g->a, n, sizeof *g->cats);
    if (!g->cats)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct gcat *gc = &g->cats[i];
        gc->id = c[i].id;
        gc->deadline_days = c[i].deadline_days;
        gc->deadline_working = c[i].deadline_working;
        gc->confidential = c[i].confidential;
        gc->main_slug = "";
        gc->slug = arena_strdup(g->a, c[i].slug);
        gc->weight = 0.5;
        gc->season_main = P_FLAT;
        for (size_t m = 0; m < sizeof MAINS / sizeof MAINS[0]; m++)
            if (main_id[m] && main_id[m] == c[i].parent_id) {
                gc->main_slug = MAINS[m].slug;
                gc->weight = MAINS[m].weight;
                gc->season_main = MAINS[m].season;
            }
        gc->season_sub = P_FLAT;
        double sub = 1.0;
        for (size_t s = 0; s < sizeof SUBS / sizeof SUBS[0]; s++)
            if (strcmp(SUBS[s].slug, c[i].slug) == 0) {
                sub = SUBS[s].weight;
                if (SUBS[s].season)
                    gc->season_sub = SUBS[s].season;
            }
        gc->saying = sizeof SAYINGS / sizeof SAYINGS[0] - 1;
        for (size_t s = 0; s + 1 < sizeof SAYINGS / sizeof SAYINGS[0]; s++)
            if (strcmp(SAYINGS[s].main, gc->main_slug) == 0)
                gc->saying = s;
        gc->weight *= sub;
    }
    g->ncats = n;
    /* The main category's weight is shared by its subs in proportion to
     * theirs, so a main with many sub categories is not favoured. */
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        for (size_t k = 0; k < n; k++)
            if (c[k].parent_id == c[i].parent_id) {
                double w = 1.0;
                for (size_t s = 0; s < sizeof SUBS / sizeof SUBS[0]; s++)
                    if (strcmp(SUBS[s].slug, c[k].slug) == 0)
                        w = SUBS[s].weight;
                sum += w;
            }
        g->cats[i].weight /= sum > 0 ? sum : 1;
    }
    for (int m = 0; m < 12; m++) {
        g->cat_cum[m] = arena_calloc(g->a, n, sizeof(double));
        if (!g->cat_cum[m])
            return -1;
        double total = 0;
        for (size_t i = 0; i < n; i++) {
            total += g->cats[i].weight * g->cats[i].season_main[m] * g->cats[i].season_sub[m];
            g->cat_cum[m][i] = total;
        }
        if (total <= 0)
            return -1;
    }
    return 0;
}

/* Departments (hand-offs go between them) and the demo account that works in
 * each; the counter's account enters signals by phone and at the desk. */
static int load_people(struct gen *g)
{
    struct organisation *o;
    size_t n;
    if (org_list(g->d, g->a, NULL, &o, &n) != DB_OK)
        return -1;
    g->orgs = arena_calloc(g->a, n ? n : 1, sizeof *g->orgs);
    if (!g->orgs)
        return -1;
    for (size_t i = 0; i < n; i++) {
        g->orgs[i].id = o[i].id;
        g->orgs[i].name = o[i].name;
        g->orgs[i].department = strcmp(o[i].kind, "department") == 0;
    }
    g->norgs = n;
    struct user *u;
    size_t nu;
    if (user_list(g->d, g->a, &u, &nu) != DB_OK)
        return -1;
    for (size_t i = 0; i < nu; i++) {
        if (u[i].disabled)
            continue;
        for (size_t r = 0; r < u[i].nroles; r++) {
            const struct user_role *ro = &u[i].roles[r];
            if (ro->role == ROLE_BALIE && !g->balie_user)
                g->balie_user = u[i].id;
            if ((ro->role == ROLE_AFDELING || ro->role == ROLE_AANVOERDER_WZN ||
                 ro->role == ROLE_BALIE) &&
                ro->org_id) {
                struct gorg *go = org_of(g, ro->org_id);
                if (go && !go->user_id)
                    go->user_id = u[i].id;
            }
        }
    }
    return 0;
}

/* --- one signal ------------------------------------------------------------------------ */

/* A point within RADIUS_M of one of the wijk's buurt label points that lies
 * in the wijk; after 20 misses the buurt's (or the wijk's) label point. */
static void place(struct gen *g, const struct gwijk *w, double *lat, double *lon)
{
    size_t nb = w->nbuurten;
    double blat = w->lat, blon = w->lon;
    if (nb) {
        size_t b = rng_below(&g->rng, nb);
        blat = w->buurt_lat[b];
        blon = w->buurt_lon[b];
    }
    for (int i = 0; i < 20; i++) {
        double r = RADIUS_M * sqrt(rng_unit(&g->rng)), a = 2 * M_PI * rng_unit(&g->rng);
        double la = blat + r * cos(a) / 111320.0;
        double lo = blon + r * sin(a) / (111320.0 * cos(blat * M_PI / 180.0));
        if (signal_locate(la, lo) == w->id) {
            *lat = la;
            *lon = lo;
            return;
        }
    }
    if (signal_locate(blat, blon) == w->id) {
        *lat = blat;
        *lon = blon;
    } else {
        *lat = w->lat;
        *lon = w->lon;
    }
}

/* The channel. The counter and the phone line are open on working days
 * from 8 to 17, when they take 30% of the signals: some 15% in all. */
static const char *pick_channel(struct gen *g, bool office_hours)
{
    double x = rng_unit(&g->rng) * 100;
    if (office_hours)
        return x < 64     ? "web"
               : x < 82   ? "telefoon"
               : x < 94   ? "balie"
               : x < 97   ? "email"
               : x < 98.5 ? "api"
               : x < 99.4 ? "partner"
                          : "raadslid";
    return x < 94 ? "web" : x < 97 ? "email" : x < 99 ? "api" : x < 99.6 ? "partner" : "raadslid";
}

static void add_event(struct life *l, int64_t at, int64_t user, const char *kind, const char *from,
                      const char *to, int64_t from_org, int64_t to_org, const char *text, int pub)
{
    if (l->n >= MAX_EVENTS)
        return;
    if (l->n && at <= l->ev[l->n - 1].at)
        at = l->ev[l->n - 1].at + 60; /* strictly later than the one before */
    struct gevent *e = &l->ev[l->n++];
    e->at = at;
    e->user = user;
    e->kind = kind;
    e->from = from;
    e->to = to;
    e->from_org = from_org;
    e->to_org = to_org;
    e->text = text;
    e->public = pub;
}

/* A status change from the current status. */
static void change(struct gen *g, struct life *l, int64_t at, const char *to, const char *text)
{
    add_event(l, at, user_of(g, l->owner, l->owner_user), "status", l->status, to, 0, 0, text, 1);
    l->status = to;
}

static const char *close_message(struct gen *g, const char *type, bool confidential)
{
    if (confidential)
        return CLOSED_CARE;
    if (strcmp(type, "vraag") == 0)
        return CLOSED_VRAAG;
    if (strcmp(type, "klacht") == 0)
        return CLOSED_KLACHT;
    return CLOSED_MELDING[rng_below(&g->rng, sizeof CLOSED_MELDING / sizeof CLOSED_MELDING[0])];
}

/*
 * The whole life of a signal as a timeline from t0; the caller keeps only
 * what happened before g->now. The handling time is log-normal around the
 * deadline: the median at a third of the term, about 15% late.
 */
static void live(struct gen *g, struct life *l, int64_t t0, int64_t deadline, const char *type,
                 bool confidential, bool has_reporter, int64_t created_by, double faster)
{
    struct rng *r = &g->rng;
    int64_t org0 = l->owner;
    add_event(l, t0, created_by, "created", NULL, "gemeld", 0, org0, NULL, 1);
    double term = (double)(deadline - t0);
    if (term < HOUR)
        term = HOUR;
    bool cancel = rng_chance(r, 0.03);
    bool forgotten = !cancel && rng_chance(r, 0.004);
    double dur = cancel ? rng_range(r, HOUR, 2.0 * DAY) : term * exp(0.95 * rng_normal(r) - 1.05);
    if (!cancel)
        dur *= 1.0 - faster; /* a focus point on handling in time */
    if (dur < 15 * 60)
        dur = 15 * 60 + rng_range(r, 0, HOUR);

    /* hand-offs: 8%, a quarter of those twice, a third of those three times */
    size_t h = 0;
    if (!cancel && !confidential && rng_chance(r, 0.08)) {
        h = 1;
        if (rng_chance(r, 0.25))
            h = rng_chance(r, 0.35) ? 3 : 2;
    }
    dur += (double)h * rng_range(r, 0.5 * DAY, 3.0 * DAY); /* every move costs time */
    int64_t tc = t0 + (int64_t)dur;
    double span = (double)(tc - t0);
    int64_t t = t0;
    for (size_t i = 0; i < h; i++) {
        t = t0 + (int64_t)(span * rng_range(r, 0.05 + 0.1 * (double)i, 0.15 + 0.1 * (double)i));
        struct gorg *to = NULL;
        for (int tries = 0; tries < 8 && (!to || to->id == l->owner || !to->department); tries++)
            to = &g->orgs[rng_below(r, g->norgs)];
        if (!to || to->id == l->owner || !to->department)
            break;
        add_event(l, t, user_of(g, l->owner, l->owner_user), "handoff", NULL, NULL, l->owner,
                  to->id, "Hoort bij een andere afdeling.", 0);
        l->handoff_at[l->nhandoffs] = l->ev[l->n - 1].at;
        l->handoff_to[l->nhandoffs++] = to->id;
        l->owner = to->id;
        l->owner_user = 0;
    }
    if (cancel) {
        change(g, l, tc, "geannuleerd", CANCELLED[rng_below(r, 2)]);
        return;
    }
    /* quick ones are closed straight from "gemeld" */
    bool direct = dur < 0.5 * DAY && rng_chance(r, 0.6);
    if (!direct) {
        int64_t ta = t + (int64_t)((double)(tc - t) * rng_range(r, 0.05, 0.35));
        double x = rng_unit(r);
        if (x < 0.10) {
            change(g, l, ta, "ingepland", PLANNED);
        } else {
            change(g, l, ta, "in_behandeling", NULL);
            if (x < 0.30) {
                int64_t tp = ta + (int64_t)((double)(tc - ta) * rng_range(r, 0.2, 0.6));
                change(g, l, tp, "ingepland", PLANNED);
                add_event(l, tp + 120, user_of(g, l->owner, l->owner_user), "note", NULL, NULL, 0,
                          0, PLANNED_NOTE, 0);
            } else if (x < 0.36) {
                int64_t tw = ta + (int64_t)((double)(tc - ta) * rng_range(r, 0.1, 0.4));
                change(g, l, tw, "wacht_op_melder", ASK_REPORTER);
                if (!forgotten)
                    change(g, l, tw + (int64_t)((double)(tc - tw) * rng_range(r, 0.3, 0.8)),
                           "in_behandeling", NULL);
            } else if (x < 0.38) {
                int64_t tf = ta + (int64_t)((double)(tc - ta) * rng_range(r, 0.2, 0.5));
                change(g, l, tf, "doorgezet", FORWARDED[rng_below(r, 3)]);
            }
        }
    }
    if (forgotten)
        return; /* nobody closes it: overdue, for the process guard */
    change(g, l, tc, "afgehandeld", close_message(g, type, confidential));
    int64_t closed = l->ev[l->n - 1].at;
    /* 2% come back within the 14 days the status page allows */
    if (rng_chance(r, 0.02)) {
        int64_t tr = closed + (int64_t)rng_range(r, 0.5 * DAY, 13.5 * DAY);
        add_event(l, tr, 0, "satisfaction", NULL, NULL, 0, 0, "niet tevreden", 0);
        add_event(l, tr, 0, "status", l->status, "heropend", 0, 0, REOPENED, 1);
        l->status = "heropend";
        int64_t tb = tr + (int64_t)rng_range(r, 0.2 * DAY, 3.0 * DAY);
        change(g, l, tb, "in_behandeling", NULL);
        change(g, l, tb + (int64_t)rng_range(r, 0.5 * DAY, 10.0 * DAY), "afgehandeld",
               CLOSED_AGAIN);
    } else if (has_reporter && rng_chance(r, 0.15)) {
        add_event(l, closed + (int64_t)rng_range(r, HOUR, 5.0 * DAY), 0, "satisfaction", NULL, NULL,
                  0, 0, rng_chance(r, 0.7) ? "tevreden" : "niet tevreden", 0);
    }
}

/* The reporter: one in three signals with an e-mail address comes from a
 * smaller group of residents who report again and again. */
static uint64_t pick_reporter(struct gen *g)
{
    if (rng_chance(&g->rng, 0.35)) {
        double u = rng_unit(&g->rng);
        return 1 + (uint64_t)((double)g->frequent * u * u);
    }
    return ++g->next_reporter;
}

/* The share fewer signals of main category slug at the end of 2026 in a
 * wijk with trend t, and in *faster the share less handling time. */
static double trend_of(const struct demo_trend *t, const char *slug, double *faster)
{
    *faster = 0;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->cat[i].main_slug, slug) == 0) {
            *faster = t->cat[i].faster;
            return t->cat[i].fewer;
        }
    return 0;
}

static int make_signal(struct gen *g, struct signal_router *rt, const char *on, cal_date day,
                       int32_t sec, bool working_day, int month)
{
    struct rng *r = &g->rng;
    int64_t t0;
    if (cal_to_unix(day, sec, &t0) != 0)
        return -1;
    const struct gwijk *w = &g->wijken[pick_cum(r, g->wijk_cum, g->nwijken)];
    const struct gcat *c = &g->cats[pick_cum(r, g->cat_cum[month], g->ncats)];
    /* In 2025-2026 a focus point's categories become rarer in its wijk: such
     * a signal is kept with the chance that is left, otherwise the wijk's
     * resident reports something else (the volume stays the same). */
    double ramp = demo_focus_ramp(day), faster = 0, more_reporters = 0;
    if (ramp > 0 && w->trend.n) {
        for (int tries = 0; tries < 8; tries++) {
            double fewer = trend_of(&w->trend, c->main_slug, &faster);
            if (fewer <= 0 || rng_unit(r) >= fewer * ramp)
                break;
            c = &g->cats[pick_cum(r, g->cat_cum[month], g->ncats)];
        }
        trend_of(&w->trend, c->main_slug, &faster);
        faster *= ramp;
    }
    more_reporters = w->trend.reporters * ramp;
    double x = rng_unit(r);
    const char *type = c->confidential ? "melding"
                       : x < 0.88      ? "melding"
                       : x < 0.96      ? "vraag"
                                       : "klacht";
    const char *channel = pick_channel(g, working_day && sec >= 8 * HOUR && sec < 17 * HOUR);
    int64_t created_by =
        strcmp(channel, "balie") == 0 || strcmp(channel, "telefoon") == 0 ? g->balie_user : 0;

    struct signal s;
    memset(&s, 0, sizeof s);
    place(g, w, &s.lat, &s.lon);
    s.location_known = 1;
    s.wijk_id = w->id;
    s.type = type;
    s.channel = channel;
    s.channel_detail = strcmp(channel, "api") == 0 ? "Buurt-app (demo)" : NULL;
    s.category_id = c->id;
    char desc[512], own[400];
    unsigned pick = (unsigned)rng_below(r, DEMO_TEXT_VARIANTS);
    const char *say =
        demo_text(c->slug, pick, own, sizeof own) == 0 ? own : SAYINGS[c->saying].text[pick % 5];
    if (rng_chance(r, 0.5))
        snprintf(desc, sizeof desc, "%s Het is %s.", say,
                 PLACES[rng_below(r, sizeof PLACES / sizeof PLACES[0])]);
    else
        snprintf(desc, sizeof desc, "%s", say);
    s.description = desc;

    struct signal_route route;
    if (signal_route_with(g->d, rt, c->id, w->id, type, channel, &route) != 0) {
        snprintf(g->err, sizeof g->err, "routing failed on %s", on);
        return -1;
    }
    s.owner_org_id = route.org_id;
    s.owner_user_id = route.user_id;
    s.confidential = route.confidential;
    s.created_at = t0;
    if (cal_deadline(NULL, t0, c->deadline_days, !c->deadline_working, &s.deadline_at) != 0)
        return -1;

    bool has_reporter = rng_chance(r, 0.40 * (1.0 + more_reporters));
    uint64_t k = has_reporter ? pick_reporter(g) : 0;
    bool named = has_reporter && rng_chance(r, 0.6);

    struct life l;
    memset(&l, 0, sizeof l);
    l.status = "gemeld";
    l.owner = route.org_id;
    l.owner_user = route.user_id;
    live(g, &l, t0, s.deadline_at, type, s.confidential, has_reporter, created_by, faster);

    /* Replay the timeline up to now: the status then is the signal's. */
    const char *status = "gemeld";
    int64_t updated = t0, closed_at = 0;
    size_t kept = 0;
    while (kept < l.n && l.ev[kept].at < g->now) {
        const struct gevent *e = &l.ev[kept++];
        if (strcmp(e->kind, "status") == 0) {
            status = e->to;
            const struct signal_status_info *si = signal_status(status);
            closed_at = si && si->closed ? e->at : 0;
        }
        if (strcmp(e->kind, "status") == 0 || strcmp(e->kind, "handoff") == 0)
            updated = e->at;
    }

    char token[SIGNAL_TOKEN_CHARS];
    auth_random_token(token);
    s.token = token;
    s.status = status;
    char email[64], pseudo[65] = "";
    if (has_reporter) {
        snprintf(email, sizeof email, "bewoner%llu@example.invalid", (unsigned long long)k);
        if (auth_email_pseudonym(g->d, email, pseudo) != 0)
            return -1;
    }
    int64_t id;
    if (signal_insert(g->d, &s, route.rule_id, has_reporter ? pseudo : NULL, created_by, 1, &id) !=
        DB_OK)
        return -1;
    for (size_t i = 0; i < l.nhandoffs; i++)
        if (l.handoff_at[i] < g->now && signal_set_owner(g->d, id, l.handoff_to[i], 0,
                                                         s.confidential, l.handoff_at[i]) != DB_OK)
            return -1;
    if ((strcmp(status, "gemeld") != 0 || updated != t0) &&
        signal_set_status(g->d, id, status, updated, closed_at != 0) != DB_OK)
        return -1;
    for (size_t i = 0; i < kept; i++) {
        const struct gevent *e = &l.ev[i];
        if (signal_add_event(g->d, id, e->at, e->user, e->kind, e->from, e->to, e->from_org,
                             e->to_org, e->text, e->public) != DB_OK)
            return -1;
    }
    if (has_reporter) {
        /* Retention: a year after closing only the fact of the contact remains. */
        int64_t erase_at =
            closed_at + (int64_t)RETAIN_DAYS * DAY + (int64_t)rng_range(r, 0, 6 * HOUR);
        if (closed_at && erase_at < g->now) {
            sqlite3_stmt *st = db_stmt(g->d, SQL_ERASED_CONTACT);
            if (!st)
                return -1;
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, erase_at);
            if (db_exec_stmt(st) != DB_OK || signal_add_event(g->d, id, erase_at, 0, "erased", NULL,
                                                              NULL, 0, 0, ERASED, 0) != DB_OK)
                return -1;
        } else {
            char name[48];
            snprintf(name, sizeof name, "Fictieve melder %llu", (unsigned long long)k);
            if (signal_add_contact(g->d, id, named ? name : NULL, email, NULL) != DB_OK)
                return -1;
        }
    }
    return 0;
}

/* --- the days -------------------------------------------------------------------------- */

static double day_weight(cal_date day)
{
    int y, m, dd;
    cal_to_ymd(day, &y, &m, &dd);
    double w = MONTH_VOLUME[m - 1] * WEEKDAY_VOLUME[cal_weekday(day) - 1];
    if (cal_holiday_name(day))
        w = MONTH_VOLUME[m - 1] * HOLIDAY_VOLUME;
    return w;
}

static int cmp_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* A time of day: office hours for the counter and the phone, waking hours else. */
static int32_t pick_second(struct rng *r, const double *hour_cum)
{
    size_t h = pick_cum(r, hour_cum, 24);
    return (int32_t)h * HOUR + (int32_t)rng_below(r, HOUR);
}

static int run(struct gen *g, const struct demo_params *p, cal_date from, cal_date to,
               int64_t *made)
{
    double hour_cum[24], sum = 0;
    for (int h = 0; h < 24; h++) {
        sum += HOUR_WEIGHT[h];
        hour_cum[h] = sum;
    }
    double per_day_mean;
    double total_w = 0;
    for (cal_date day = from; day < to; day++)
        total_w += day_weight(day);
    if (p->count > 0) {
        per_day_mean = (double)p->count / total_w;
    } else {
        double inhabitants = g->wijk_cum[g->nwijken - 1];
        double per_year = inhabitants * DEMO_PER_1000 / 1000.0;
        /* the mean weight of a day over a whole year is about 1 */
        double mean_w = 0;
        cal_date y0 = cal_from_ymd(2023, 1, 1);
        for (cal_date d = y0; d < y0 + 365; d++)
            mean_w += day_weight(d);
        mean_w /= 365;
        per_day_mean = per_year / 365.25 / mean_w;
    }
    /* reporters with an address: a tenth of them report several times */
    double expected = per_day_mean * total_w * 0.4;
    g->frequent = (uint64_t)(expected / 10) + 10;
    g->next_reporter = g->frequent;

    int32_t *secs = malloc(sizeof *secs * 4096);
    size_t cap = 4096;
    arena *da = arena_new(1 << 16); /* the day's router */
    if (!secs || !da) {
        free(secs);
        arena_free(da);
        return -1;
    }
    int rc = -1, year = 0;
    int64_t n = 0, year_n = 0;
    for (cal_date day = from; day < to; day++) {
        int y, m, dd;
        cal_to_ymd(day, &y, &m, &dd);
        if (y != year) {
            if (year && p->progress) {
                char msg[80];
                snprintf(msg, sizeof msg, "%d: %lld meldingen", year, (long long)year_n);
                p->progress(msg);
            }
            year = y;
            year_n = 0;
        }
        char on[CAL_DATE_LEN];
        cal_format_date(day, on);
        arena_reset(da);
        struct signal_router *rt = signal_router_load(g->d, da, on);
        if (!rt) {
            snprintf(g->err, sizeof g->err, "cannot load the routing rules for %s", on);
            goto done;
        }
        bool working = cal_is_working_day(NULL, day);
        long cnt = rng_poisson(&g->rng, per_day_mean * day_weight(day));
        if (cnt > MAX_PER_DAY)
            cnt = MAX_PER_DAY;
        if ((size_t)cnt > cap) {
            int32_t *ns = realloc(secs, sizeof *secs * (size_t)cnt);
            if (!ns)
                goto done;
            secs = ns;
            cap = (size_t)cnt;
        }
        for (long i = 0; i < cnt; i++)
            secs[i] = pick_second(&g->rng, hour_cum);
        /* in time order, so that ids follow the clock */
        qsort(secs, (size_t)cnt, sizeof *secs, cmp_int32);
        for (long i = 0; i < cnt; i++) {
            int64_t t;
            if (cal_to_unix(day, secs[i], &t) != 0 || t >= g->now)
                break;
            if (make_signal(g, rt, on, day, secs[i], working, m - 1) != 0) {
                if (!g->err[0])
                    snprintf(g->err, sizeof g->err, "database: %s",
                             sqlite3_errmsg(db_handle(g->d)));
                goto done;
            }
            n++;
            year_n++;
        }
    }
    if (year && p->progress) {
        char msg[80];
        snprintf(msg, sizeof msg, "%d: %lld meldingen", year, (long long)year_n);
        p->progress(msg);
    }
    *made = n;
    rc = 0;
done:
    free(secs);
    arena_free(da);
    return rc;
}

int demo_generate(db *d, const struct demo_params *p, int64_t *made, char *err, size_t errlen)
{
    cal_date from, to;
    if (!p->from || !p->to || cal_parse_date(p->from, strlen(p->from), &from) != 0 ||
        cal_parse_date(p->to, strlen(p->to), &to) != 0 || to <= from) {
        snprintf(err, errlen, "demo: expected two dates YYYY-MM-DD, the first before the last");
        return -1;
    }
    if (signal_areas_init(d, err, errlen) != 0)
        return -1;
    struct gen g;
    memset(&g, 0, sizeof g);
    g.d = d;
    g.a = arena_new(1 << 20);
    if (!g.a) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    rng_seed(&g.rng, p->seed);
    g.seed = p->seed;
    if (cal_to_unix(to, 0, &g.now) != 0)
        return -1;
    bool own_tx = sqlite3_get_autocommit(db_handle(d)) != 0;
    int rc = -1;
    int64_t n = 0;
    if (own_tx && db_begin_write(d) != DB_OK) {
        snprintf(err, errlen, "database is busy");
        arena_free(g.a);
        return -1;
    }
    if (load_wijken(&g, p->to) != 0 || load_categories(&g) != 0 || load_people(&g) != 0) {
        if (!g.err[0])
            snprintf(g.err, sizeof g.err, "cannot read the reference data");
        goto done;
    }
    /* the search indexes take the new signals at the commit, in one go
     * (migration 0042) */
    if (run(&g, p, from, to, &n) != 0)
        goto done;
    if (own_tx && db_commit(d) != DB_OK) {
        snprintf(g.err, sizeof g.err, "commit failed");
        goto done;
    }
    rc = 0;
    if (made)
        *made = n;
done:
    if (rc != 0) {
        snprintf(err, errlen, "demo: %s", g.err[0] ? g.err : "generating signals failed");
        if (own_tx)
            db_rollback(d);
    }
    arena_free(g.a);
    return rc;
}

int demo_generate_signals(db *d, const char *demo_date, uint64_t seed,
                          void (*progress)(const char *), char *err, size_t errlen)
{
    cal_date day;
    int y, m, dd;
    if (!demo_date || cal_parse_date(demo_date, strlen(demo_date), &day) != 0 ||
        cal_to_ymd(day, &y, &m, &dd) != 0) {
        snprintf(err, errlen, "demo date: expected YYYY-MM-DD");
        return -1;
    }
    sqlite3_stmt *st = db_stmt(d, SQL_HAS_DEMO);
    if (!st) {
        snprintf(err, errlen, "database: %s", sqlite3_errmsg(db_handle(d)));
        return -1;
    }
    int have = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    if (have < 0) {
        snprintf(err, errlen, "database: %s", sqlite3_errmsg(db_handle(d)));
        return -1;
    }
    if (have)
        return 0; /* generated before: init stays idempotent */
    char from[CAL_DATE_LEN];
    if (cal_format_date(cal_from_ymd(y - 2, 1, 1), from) != 0) {
        snprintf(err, errlen, "demo date out of range");
        return -1;
    }
    struct demo_params p = {
        .from = from, .to = demo_date, .count = 0, .seed = seed, .progress = progress};
    return demo_generate(d, &p, NULL, err, errlen);
}
