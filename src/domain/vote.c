/*
 * vote.c: the rules of choosing by vote (vote.h).
 */
#include "vote.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/optin.h"
#include "domain/signal.h"
#include "lib/geocode.h"
#include "lib/i18n_mark.h"
#include "lib/money.h"
#include "store/area_store.h"
#include "store/resident_store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool iso_date(const char *s)
{
    cal_date d;
    return s && cal_parse_date(s, strlen(s), &d) == 0;
}

bool vote_open_on(const struct vote_row *v, const char *today)
{
    return strcmp(v->opens_on, today) <= 0 && strcmp(today, v->closes_on) <= 0;
}

bool vote_published_on(const struct vote_row *v, const char *today)
{
    return strcmp(today, v->closes_on) > 0;
}

bool vote_is_budget(const struct vote_row *v)
{
    return v->kind && strcmp(v->kind, "budget") == 0;
}

/* A whole number as typed, 1 to max; 0 otherwise. */
static int64_t small_number(const char *s, int64_t max)
{
    if (!s)
        return 0;
    while (*s == ' ')
        s++;
    char *end;
    long long v = strtoll(s, &end, 10);
    while (end && *end == ' ')
        end++;
    if (end == s || !end || *end || v < 1 || v > max)
        return 0;
    return v;
}

enum vote_result vote_setup(db *d, arena *a, const struct consultation_row *c, const struct user *u,
                            const struct vote_input *in, int64_t now, int64_t *vote_id,
                            struct consult_problem *problems, size_t *nproblems)
{
    size_t n = 0;
#define PROBLEM(f, m)                                                                              \
    do {                                                                                           \
        if (n < VOTE_MAX_PROBLEMS)                                                                 \
            problems[n++] = (struct consult_problem){(f), (m)};                                    \
    } while (0)
    *nproblems = 0;
    if (!consult_may_keep(u, c))
        return VOTE_FORBIDDEN;
    struct vote_row old;
    int rc = vote_get(d, a, c->id, &old);
    if (rc != DB_OK && rc != DB_NOTFOUND)
        return VOTE_ERROR;
    bool have = rc == DB_OK;
    if (have) {
        int64_t cast = 0;
        if (vote_cast_count(d, old.id, &cast) != DB_OK)
            return VOTE_ERROR;
        if (cast > 0) {
            PROBLEM("kind", N_("Er is al gestemd: de stemming kan niet meer veranderen."));
            *nproblems = n;
            return VOTE_INVALID;
        }
    }
    struct vote_row v = {.id = have ? old.id : 0, .consultation_id = c->id, .pick_max = 1};
    bool budget = in->kind && strcmp(in->kind, "budget") == 0;
    bool pick = in->kind && strcmp(in->kind, "keuze") == 0;
    if (!budget && !pick)
        PROBLEM("kind", N_("Kies het soort stemming."));
    v.kind = budget ? "budget" : "keuze";
    if (budget) {
        enum money_result mr = money_parse(in->budget_min ? in->budget_min : "", &v.budget_min);
        if (mr == MONEY_EMPTY)
            v.budget_min = 0;
        else if (mr != MONEY_OK)
            PROBLEM("budget_min", money_problem(mr));
        mr = money_parse(in->budget_max ? in->budget_max : "", &v.budget_max);
        if (mr == MONEY_EMPTY)
            PROBLEM("budget_max", N_("Vul het budget in dat de bewoners verdelen."));
        else if (mr != MONEY_OK)
            PROBLEM("budget_max", money_problem(mr));
        else if (v.budget_max <= 0)
            PROBLEM("budget_max", N_("Het budget moet meer dan 0 euro zijn."));
        else if (v.budget_min > v.budget_max)
            PROBLEM("budget_min", N_("Het minimum kan niet hoger zijn dan het budget."));
    }
    if (pick) {
        v.pick_max = small_number(in->pick_max, VOTE_MAX_OPTIONS);
        if (!v.pick_max)
            PROBLEM("pick_max", N_("Vul in hoeveel voorstellen iemand ten hoogste kiest, een "
                                   "getal van 1 of meer."));
        else if (in->n >= 2 && (size_t)v.pick_max >= in->n)
            PROBLEM("pick_max", N_("Laat minder voorstellen kiezen dan er op het stembiljet "
                                   "staan."));
    }
    /* the days of voting lie in the keuze phase */
    v.opens_on = in->opens_on;
    v.closes_on = in->closes_on;
    if (!c->choice_on || !*c->choice_on)
        PROBLEM("opens_on", N_("Deze samenspraak heeft geen keuzefase: vul eerst bij de "
                               "samenspraak de eerste dag van de keuze in."));
    else if (!iso_date(in->opens_on))
        PROBLEM("opens_on", N_("Vul een echte datum in, bijvoorbeeld 15-04-2026."));
    else if (strcmp(in->opens_on, c->choice_on) < 0)
        PROBLEM("opens_on", N_("Het stemmen kan niet beginnen voor de keuzefase."));
    if (!iso_date(in->closes_on))
        PROBLEM("closes_on", N_("Vul een echte datum in, bijvoorbeeld 15-04-2026."));
    else if (iso_date(in->opens_on) && strcmp(in->closes_on, in->opens_on) < 0)
        PROBLEM("closes_on", N_("De laatste dag kan niet voor de eerste dag liggen."));
    else if (c->result_on && strcmp(in->closes_on, c->result_on) >= 0)
        PROBLEM("closes_on", N_("Het stemmen moet eindigen voor de fase resultaat begint."));
    /* the proposals: ideas of this consultation, not hidden, each once */
    struct vote_option_row *opt = arena_alloc(a, (in->n ? in->n : 1) * sizeof *opt);
    if (!opt)
        return VOTE_ERROR;
    size_t nopt = 0;
    if (in->n < 2)
        PROBLEM("ideas", N_("Zet ten minste twee voorstellen op het stembiljet."));
    else if (in->n > VOTE_MAX_OPTIONS)
        PROBLEM("ideas", N_("Zet hoogstens 100 voorstellen op het stembiljet."));
    for (size_t i = 0; i < in->n && i < VOTE_MAX_OPTIONS; i++) {
        struct consult_idea_row idea;
        bool twice = false;
        for (size_t k = 0; k < nopt; k++)
            twice = twice || opt[k].idea_id == in->idea_ids[i];
        if (twice)
            continue;
        rc = consult_idea_get(d, a, in->idea_ids[i], 0, &idea);
        if (rc == DB_ERROR)
            return VOTE_ERROR;
        if (rc != DB_OK || idea.consultation_id != c->id || consult_hidden(idea.moderation)) {
            PROBLEM("ideas", N_("Kies alleen ideeën uit deze samenspraak die niet verborgen "
                                "zijn."));
            continue;
        }
        struct vote_option_row o = {.idea_id = idea.id};
        if (budget) {
            const char *f = arena_printf(a, "cost-%lld", (long long)idea.id);
            enum money_result mr =
                money_parse(in->costs && in->costs[i] ? in->costs[i] : "", &o.cost);
            if (mr == MONEY_EMPTY)
                PROBLEM(f, N_("Vul de kosten van elk voorstel op het stembiljet in."));
            else if (mr != MONEY_OK)
                PROBLEM(f, money_problem(mr));
            else if (o.cost <= 0)
                PROBLEM(f, N_("De kosten van een voorstel moeten meer dan 0 euro zijn."));
            else if (v.budget_max > 0 && o.cost > v.budget_max)
                PROBLEM(f, N_("Dit voorstel kost meer dan het hele budget."));
        }
        opt[nopt++] = o;
    }
#undef PROBLEM
    *nproblems = n;
    if (n)
        return VOTE_INVALID;
    return vote_store_save(d, &v, opt, nopt, u ? u->id : 0, now, vote_id) == DB_OK ? VOTE_OK
                                                                                   : VOTE_ERROR;
}

const char *vote_check_ballot(const struct vote_row *v, const struct vote_option_row *opt,
                              size_t nopt, const int64_t *chosen, size_t n, int64_t *total)
{
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        const struct vote_option_row *o = NULL;
        for (size_t k = 0; k < nopt; k++)
            if (opt[k].idea_id == chosen[i])
                o = &opt[k];
        if (!o)
            return N_("Kies alleen voorstellen van het stembiljet.");
        for (size_t k = 0; k < i; k++)
            if (chosen[k] == chosen[i])
                return N_("Kies elk voorstel hoogstens één keer.");
        *total += o->cost;
    }
    if (n == 0)
        return N_("Kies ten minste één voorstel.");
    if (!vote_is_budget(v)) {
        if ((int64_t)n > v->pick_max)
            return v->pick_max == 1 ? N_("Kies één voorstel.")
                                    : N_("U kiest te veel voorstellen: kies er minder.");
        return NULL;
    }
    if (*total > v->budget_max)
        return N_("Uw keuze kost meer dan het budget: kies minder of goedkopere voorstellen.");
    if (*total < v->budget_min)
        return N_("Uw keuze kost minder dan het minimum: kies meer voorstellen.");
    return NULL;
}

bool vote_eligible(db *d, arena *a, const struct consultation_row *c, const struct vote_row *v,
                   const struct user *u)
{
    struct resident_row rr;
    if (!u || !user_is_resident(u) || resident_row_by_id(d, a, u->id, &rr) != DB_OK || rr.erased_at)
        return false;
    if (!c->area_id)
        return true;
    if (rr.area_id != c->area_id)
        return false;
    /* the wijk on the account when the vote opened: a change since does not count */
    cal_date first;
    int64_t opened;
    if (!v || !v->opens_on || cal_parse_date(v->opens_on, strlen(v->opens_on), &first) != 0 ||
        cal_to_unix(first, 0, &opened) != 0)
        return false;
    return !rr.wijk_changed_at || rr.wijk_changed_at < opened;
}

enum consult_address vote_address_wijk(const char *postcode, const char *house_number,
                                       int64_t *wijk_id)
{
    *wijk_id = 0;
    char pc[8], nr[16];
    size_t k = 0;
    for (const char *s = postcode ? postcode : ""; *s && k < sizeof pc - 1; s++)
        if (*s != ' ')
            pc[k++] = (char)((*s >= 'a' && *s <= 'z') ? *s - 32 : *s);
    pc[k] = 0;
    k = 0;
    for (const char *s = house_number ? house_number : ""; *s && k < sizeof nr - 1; s++)
        if (*s != ' ')
            nr[k++] = *s;
    nr[k] = 0;
    if (strlen(pc) != 6 || !nr[0] || !geocode_enabled())
        return CONSULT_ADDRESS_UNKNOWN;
    struct geo_address g[GEOCODE_MAX_RESULTS];
    size_t n = 0;
    char q[40];
    snprintf(q, sizeof q, "%s %s", pc, nr);
    if (geocode_search(q, g, GEOCODE_MAX_RESULTS, &n) != GEOCODE_OK)
        return CONSULT_ADDRESS_UNKNOWN;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(g[i].postcode, pc) != 0)
            continue;
        int64_t w = signal_locate(g[i].lat, g[i].lon);
        if (w) {
            *wijk_id = w;
            return CONSULT_ADDRESS_FOUND;
        }
    }
    return CONSULT_ADDRESS_NOT_FOUND;
}

/* A paper ballot's address in the vote's wijk (or, for the city's, in the municipality); NULL
 * when it is, else the msgid (on the field postcode or adres_nagekeken). *wijk: the wijk the
 * address lies in, when the lookup found it. */
static const char *paper_address(const struct consultation_row *c, const struct consult_who *who,
                                 const char **field, int64_t *wijk)
{
    *field = "postcode";
    switch (who->address) {
    case CONSULT_ADDRESS_FOUND:
        *wijk = who->address_wijk;
        if (c->area_id && who->address_wijk != c->area_id)
            return N_("Dit adres ligt niet in de wijk van deze stemming. Alleen bewoners van de "
                      "wijk stemmen mee.");
        return NULL;
    case CONSULT_ADDRESS_NOT_FOUND:
        return N_("Dit adres is niet gevonden in Zoetermeer. Kijk de postcode en het huisnummer "
                  "na: alleen bewoners van de wijk stemmen mee.");
    default:
        if (who->address_checked)
            return NULL;
        *field = "adres_nagekeken";
        return N_("Het adres kon niet automatisch worden nagekeken. Kijk zelf na of het adres in "
                  "de wijk van deze stemming ligt en vink dat aan.");
    }
}

enum vote_result vote_cast(db *d, arena *a, const struct consultation_row *c,
                           const struct vote_row *v, const struct consult_who *who,
                           const int64_t *chosen, size_t n, const char *today, int64_t now,
                           struct consult_problem *problems, size_t *nproblems)
{
    size_t np = 0;
    *nproblems = 0;
    if (v->consultation_id != c->id)
        return VOTE_NOT_FOUND;
    if (!vote_open_on(v, today))
        return VOTE_CLOSED;
    int64_t wijk = c->area_id;
    if (who->u) {
        if (!vote_eligible(d, a, c, v, who->u))
            return VOTE_NOT_ELIGIBLE;
        struct resident_row rr;
        if (!wijk && resident_row_by_id(d, a, who->u->id, &rr) == DB_OK)
            wijk = rr.area_id;
    } else {
        if (!consult_may_enter_paper(who->staff, c))
            return VOTE_FORBIDDEN;
        const char *ch = who->channel ? who->channel : "";
        if (strcmp(ch, "papier") != 0 && strcmp(ch, "balie") != 0)
            problems[np++] = (struct consult_problem){
                "channel", N_("Kies hoe het stembiljet is ingeleverd: op papier of aan de balie.")};
    }
    struct consult_act act;
    struct consult_problem p;
    if (!np && !consult_act_of(d, a, who, wijk, now, &act, &p)) {
        if (who->u)
            return VOTE_NOT_ELIGIBLE;
        problems[np++] = p;
    }
    if (!np && !who->u) {
        const char *field;
        int64_t at = 0;
        const char *bad = paper_address(c, who, &field, &at);
        if (bad)
            problems[np++] = (struct consult_problem){field, bad};
        else if (!c->area_id && at)
            act.wijk_id = at; /* a city vote: the wijk the address lies in */
    }
    struct vote_option_row *opt;
    size_t nopt;
    if (vote_options(d, a, v->id, &opt, &nopt) != DB_OK)
        return VOTE_ERROR;
    int64_t total;
    const char *bad = vote_check_ballot(v, opt, nopt, chosen, n, &total);
    if (bad)
        problems[np++] = (struct consult_problem){"keuze", bad};
    *nproblems = np;
    if (np)
        return VOTE_INVALID;
    bool voted = false;
    if (vote_cast_exists(d, v->id, act.participant, &voted) != DB_OK)
        return VOTE_ERROR;
    if (voted)
        return VOTE_DUPLICATE;
    int rc = vote_cast_insert(d, v->id, &act);
    if (rc == DB_CONSTRAINT)
        return VOTE_DUPLICATE;
    if (rc != DB_OK)
        return VOTE_ERROR;
    /* the ballot under a random id: neither the order of casting nor a time */
    for (int attempt = 0; attempt < 4; attempt++) {
        uint64_t raw;
        randombytes_buf(&raw, sizeof raw);
        int64_t id = (int64_t)(raw >> 1);
        if (id == 0)
            continue;
        rc = vote_ballot_insert(d, v->id, id, chosen, n);
        if (rc != DB_CONSTRAINT)
            return rc == DB_OK ? VOTE_OK : VOTE_ERROR;
    }
    return VOTE_ERROR;
}

int64_t vote_fit(const struct vote_option_row *tally, size_t n, int64_t budget, bool *fits)
{
    int64_t left = budget;
    for (size_t i = 0; i < n; i++) {
        fits[i] = tally[i].votes > 0 && tally[i].cost <= left;
        if (fits[i])
            left -= tally[i].cost;
    }
    return budget - left;
}

enum vote_result vote_results(db *d, arena *a, const struct vote_row *v, const char *today,
                              struct vote_option_row **tally, size_t *n, bool **fits,
                              int64_t *ballots)
{
    *tally = NULL;
    *n = 0;
    *fits = NULL;
    *ballots = 0;
    if (!vote_published_on(v, today))
        return VOTE_CLOSED;
    if (vote_tally(d, a, v->id, tally, n) != DB_OK || vote_cast_count(d, v->id, ballots) != DB_OK)
        return VOTE_ERROR;
    if (vote_is_budget(v) && *n) {
        *fits = arena_alloc(a, *n * sizeof **fits);
        if (!*fits)
            return VOTE_ERROR;
        vote_fit(*tally, *n, v->budget_max, *fits);
    }
    return VOTE_OK;
}

/* --- the demo ---------------------------------------------------------------------------- */

struct demo_idea {
    const char *title, *body;
    int64_t cost_euros;
};

/* A consultation of wijk slug with its phases as days from demo day, its
 * ideas (on paper, from the wijk's meeting) and its vote. */
static int demo_consult(db *d, arena *a, cal_date day, const char *slug, const char *title,
                        const char *question, const int offsets[5], const struct demo_idea *ideas,
                        size_t nideas, struct vote_row *v, int64_t *idea_ids)
{
    struct wijk w;
    char dates[5][CAL_DATE_LEN];
    for (int i = 0; i < 5; i++)
        if (cal_format_date(day + offsets[i], dates[i]))
            return -1;
    if (area_get_wijk(d, a, slug, dates[0], 0, &w) != DB_OK)
        return -1;
    struct consult_input in = {
        .title = title,
        .question = question,
        .decided_by = "Het college, op voorstel van de wijkregisseur van regio Noord en het "
                      "wijkplatform.",
        .open_to = "Welke voorstellen er komen: de bewoners van de wijk kiezen.",
        .not_open = "Het budget en de plekken waar gebouwd mag worden liggen vast.",
        .info_on = dates[0],
        .ideas_on = dates[1],
        .reactions_on = dates[2],
        .choice_on = dates[3],
        .result_on = dates[4],
        .result_text = "",
        .area_id = w.id,
    };
    int64_t now, cid;
    if (cal_to_unix(day + offsets[0], 9 * 3600, &now) != 0 ||
        consult_save(d, 0, &in, 0, now, &cid) != DB_OK)
        return -1;
    struct vote_option_row opt[8];
    for (size_t i = 0; i < nideas && i < 8; i++) {
        char pseud[65], house[8];
        snprintf(house, sizeof house, "%zu", 40 + i);
        if (auth_address_pseudonym(d, "2723 AB", house, pseud) != 0)
            return -1;
        struct consult_act act = {.wijk_id = w.id,
                                  .channel = "bijeenkomst",
                                  .participant = arena_printf(a, "p:%s", pseud),
                                  .created_at = now + 86400 * 12 + 3600 * (int64_t)i};
        if (consult_idea_insert(d, cid, 0, 0, ideas[i].title, ideas[i].body, &act,
                                (int64_t)(randombytes_random() & 0x7fffffffu),
                                &idea_ids[i]) != DB_OK)
            return -1;
        opt[i] =
            (struct vote_option_row){.idea_id = idea_ids[i], .cost = ideas[i].cost_euros * 100};
    }
    v->consultation_id = cid;
    v->opens_on = arena_printf(a, "%s", dates[3]);
    return vote_store_save(d, v, opt, nideas, 0, now, &v->id) == DB_OK ? 0 : -1;
}

int vote_seed_demo(db *d, const char *demo_date, char *err, size_t errlen)
{
    arena *a = arena_new(1 << 16);
    int rc = -1;
    cal_date day;
    struct consultation_row *have;
    size_t nhave;
    if (!a || !demo_date || cal_parse_date(demo_date, strlen(demo_date), &day) != 0 ||
        consult_list(d, a, -1, &have, &nhave) != DB_OK)
        goto bad;
    static const char CLOSED[] = "Het wijkbudget van Noordhove";
    for (size_t i = 0; i < nhave; i++)
        if (strcmp(have[i].title, CLOSED) == 0) {
            rc = 0;
            goto done;
        }
    /* a budget vote that closed 20 days ago, its result published */
    static const struct demo_idea budget_ideas[] = {
        {"Een pannakooi bij de Noordhovense school", "Een kleine kooi om te voetballen.", 40000},
        {"Bloemenlinten langs de Amerikaweg", "Bloemen voor de bijen en voor het oog.", 25000},
        {"Een jeu-de-boulesbaan bij het buurthuis", "Een plek waar jong en oud elkaar zien.",
         15000},
        {"Nieuwe bankjes in het park", "Tien bankjes met leuning.", 20000},
        {"Verlichting op het fietspad", "Veiliger fietsen in de winter.", 50000},
    };
    int64_t bids[5];
    char closes[CAL_DATE_LEN];
    if (cal_format_date(day - 20, closes))
        goto bad;
    struct vote_row bv = {.kind = "budget",
                          .budget_min = 2000000,
                          .budget_max = 10000000,
                          .pick_max = 1,
                          .closes_on = closes};
    static const int boffsets[5] = {-100, -90, -60, -40, -10};
    if (demo_consult(d, a, day, "noordhove", CLOSED,
                     "Waaraan besteden we EUR 100.000 in Noordhove? U kiest de voorstellen.",
                     boffsets, budget_ideas, 5, &bv, bids) != 0)
        goto bad;
    /* 40 ballots on paper and at the counter, by as many addresses; their
     * choices (indexes into budget_ideas) within the budget */
    static const int ballots[][3] = {{0, 2, -1}, {0, 3, -1}, {4, 2, -1},  {0, 1, 2},  {4, 3, -1},
                                     {0, 2, 3},  {1, 2, 3},  {4, -1, -1}, {0, 1, -1}, {2, 3, -1}};
    int64_t voted_at;
    if (cal_to_unix(day - 30, 11 * 3600, &voted_at) != 0)
        goto bad;
    for (size_t k = 0; k < 40; k++) {
        char pseud[65], house[8];
        snprintf(house, sizeof house, "%zu", k + 1);
        if (auth_address_pseudonym(d, k % 2 ? "2723 AC" : "2723 AD", house, pseud) != 0)
            goto bad;
        struct consult_act act = {.wijk_id = 0,
                                  .channel = k % 3 ? "papier" : "balie",
                                  .participant = arena_printf(a, "p:%s", pseud),
                                  .created_at = voted_at + 600 * (int64_t)k};
        struct wijk w;
        if (area_get_wijk(d, a, "noordhove", demo_date, 0, &w) != DB_OK)
            goto bad;
        act.wijk_id = w.id;
        int64_t chosen[3];
        size_t n = 0;
        const int *b = ballots[k % 10];
        for (int j = 0; j < 3; j++)
            if (b[j] >= 0)
                chosen[n++] = bids[b[j]];
        uint64_t raw;
        randombytes_buf(&raw, sizeof raw);
        if (vote_cast_insert(d, bv.id, &act) != DB_OK ||
            vote_ballot_insert(d, bv.id, (int64_t)(raw >> 1) | 1, chosen, n) != DB_OK)
            goto bad;
    }
    /* a pick vote open until 10 days from now */
    static const struct demo_idea pick_ideas[] = {
        {"Een speelplek voor de kleinsten", "Bij de Seghwaartse Kerkweg.", 0},
        {"Een klimtoestel bij het plein", "Voor kinderen van 6 tot 12.", 0},
        {"Een trapveldje bij de sporthal", "Voor de jongeren van de wijk.", 0},
        {"Een natuurspeeltuin in het park", "Met boomstammen, zand en water.", 0},
    };
    int64_t pids[4];
    char pcloses[CAL_DATE_LEN];
    if (cal_format_date(day + 10, pcloses))
        goto bad;
    struct vote_row pv = {.kind = "keuze", .pick_max = 2, .closes_on = pcloses};
    static const int poffsets[5] = {-40, -30, -20, -3, 20};
    if (demo_consult(d, a, day, "seghwaert", "Welke speelplek komt er eerst in Seghwaert?",
                     "Welke twee speelplekken wilt u het eerst in Seghwaert?", poffsets, pick_ideas,
                     4, &pv, pids) != 0)
        goto bad;
    rc = 0;
    goto done;
bad:
    snprintf(err, errlen, "demo-stemmingen: cannot be stored");
done:
    arena_free(a);
    return rc;
}
