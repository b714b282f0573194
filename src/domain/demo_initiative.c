/*
 * demo_initiative.c: the demo's residents' initiatives (init --demo): a
 * budget for every wijk in the year of the demo date (the Wijk aan zet pot
 * of EUR 100,000 shared out, a quarter of each the flexible part) and a
 * handful of applications in noord and oost in the states an ondersteuner
 * meets, all marked demo. Written inside the caller's transaction, through
 * the same store calls as the real steps, so the budgets' committed
 * figures match the grants. Nobody holds the links of these applications.
 */
#include "domain/demo.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/initiative.h"
#include "store/area_store.h"
#include "store/initiative_store.h"
#include "store/user_store.h"

#include <stdio.h>
#include <string.h>

#define DEMO_POT_CENTS INT64_C(10000000) /* EUR 100,000 */

struct demo_app {
    const char *wijk, *title, *description, *line, *state, *decider;
    int64_t cents, granted, days_ago;
    const char *question, *answer, *reason, *alternative;
};

static const struct demo_app apps[] = {
    {"WK063703", "Buurtfeest Seghwaert", "Een middag met muziek, eten en spelletjes op het plein.",
     "Muziek, tent en springkussen", "ingediend", NULL, 75000, 0, 2, NULL, NULL, NULL, NULL},
    {"WK063702", "Moestuin bij de flat", "Bewoners leggen samen een moestuin aan naast de flat.",
     "Zaden, aarde en bakken", "in_behandeling", NULL, 48000, 0, 9, NULL, NULL, NULL, NULL},
    {"WK063704", "Opruimdag Noordhove", "Met de buurt zwerfafval opruimen en daarna soep eten.",
     "Grijpers, vuilniszakken en soep", "vragen", NULL, 22500, 0, 12,
     "Met hoeveel mensen denkt u te komen?", NULL, NULL, NULL},
    {"WK063703", "Kerstmarkt voor de buurt", "Een kleine kerstmarkt met kraampjes van bewoners.",
     "Kramen en verlichting", "toegekend", "regisseur-noord", 90000, 90000, 30, NULL, NULL, NULL,
     NULL},
    {"WK063705", "Zomerfestival Rokkeveen", "Een festival voor de hele wijk met podium en eten.",
     "Podium, geluid en beveiliging", "afgewezen", "wethouder", 250000, 0, 40, NULL, NULL,
     "Het plan is groter dan Wijk aan zet kan dragen.", "fonds"},
    {"WK063706", "Speelmiddag Oosterheem", "Spelletjes voor kinderen op het grasveld.",
     "Spelmateriaal en limonade", "uitgevoerd", "regisseur-oost", 30000, 25000, 60, NULL, NULL,
     NULL, NULL},
};

int demo_generate_initiatives(db *d, const char *demo_date, char *err, size_t errlen)
{
    cal_date day;
    int y, m, dd;
    int64_t now;
    if (!demo_date || cal_parse_date(demo_date, strlen(demo_date), &day) != 0 ||
        cal_to_ymd(day, &y, &m, &dd) != 0 || cal_to_unix(day, 12 * 3600, &now) != 0) {
        snprintf(err, errlen, "demo initiatives: bad demo date");
        return -1;
    }
    arena *a = arena_new(1 << 16);
    if (!a) {
        snprintf(err, errlen, "demo initiatives: out of memory");
        return -1;
    }
    int rc = -1;
    err[0] = '\0';
    struct wijk *w;
    size_t nw;
    if (area_list_wijken(d, a, demo_date, 0, &w, &nw) != DB_OK || nw == 0)
        goto done;
    /* idempotent: nothing when the demo has its budgets already */
    struct wijk_budget_row b;
    if (wijk_budget_get(d, a, w[0].id, y, &b) == DB_OK) {
        rc = 0;
        goto done;
    }
    int64_t each = DEMO_POT_CENTS / (int64_t)nw / 100 * 100;
    for (size_t i = 0; i < nw; i++)
        if (initiative_budget_set(d, w[i].id, y, each, each / 4 / 100 * 100, true) != DB_OK)
            goto done;
    for (size_t i = 0; i < sizeof apps / sizeof apps[0]; i++) {
        const struct demo_app *p = &apps[i];
        struct wijk wk;
        if (area_get_wijk(d, a, p->wijk, demo_date, 0, &wk) != DB_OK)
            continue;
        char token[AUTH_TOKEN_CHARS], hash[65];
        auth_random_token(token);
        if (initiative_token_hash(d, token, hash) != 0)
            goto done;
        int64_t at = now - p->days_ago * 86400;
        struct initiative_row r = {
            .token_hash = hash,
            .state = "concept",
            .applicant_name = "Demo-aanvrager",
            .applicant_email = NULL,
            .iban = "NL91ABNA0417164300",
            .iban_holder = "Demo-aanvrager",
            .title = p->title,
            .description = p->description,
            .wijk_id = wk.id,
            .participants = 60,
            .neighbours = 5,
            .consent_publish = true,
            .channel = "web",
            .requested_cents = p->cents,
            .created_at = at,
            .submitted_at = at,
            .demo = true,
        };
        int64_t id;
        struct initiative_line_row line = {p->line, p->cents};
        /* four demo applicants, two of whom apply twice: repeat applicants
         * are counted by the pseudonym, as for real ones */
        char email[64], pseudo[65];
        snprintf(email, sizeof email, "aanvrager%zu@example.invalid", i % 4);
        if (auth_email_pseudonym(d, email, pseudo) != 0)
            goto done;
        if (initiative_insert(d, &r, &id) != DB_OK ||
            initiative_set_pseudonym(d, id, pseudo) != DB_OK ||
            initiative_replace_lines(d, id, &line, 1) != DB_OK ||
            initiative_move(d, id, "concept", "ingediend", at) != DB_OK ||
            initiative_add_event(d, id, at, 0, "state", "concept", "ingediend", NULL, p->cents) !=
                DB_OK)
            goto done;
        const char *state = "ingediend";
        if (strcmp(p->state, "ingediend") != 0) {
            if (initiative_move(d, id, state, "in_behandeling", at + 86400) != DB_OK ||
                initiative_add_event(d, id, at + 86400, 0, "state", state, "in_behandeling", NULL,
                                     -1) != DB_OK)
                goto done;
            state = "in_behandeling";
        }
        if (p->question && (initiative_move(d, id, state, "vragen", at + 2 * 86400) != DB_OK ||
                            initiative_add_event(d, id, at + 2 * 86400, 0, "question", state,
                                                 "vragen", p->question, -1) != DB_OK))
            goto done;
        if (p->decider) {
            struct user_row u;
            if (user_row_by_login(d, a, p->decider, &u) != DB_OK)
                goto done;
            const char *to = p->granted ? (p->granted < p->cents ? "deels_toegekend" : "toegekend")
                                        : "afgewezen";
            int64_t t = at + 5 * 86400;
            if ((p->granted && wijk_budget_commit(d, wk.id, y, p->granted) != DB_OK) ||
                initiative_record_decision(d, id, state, to, t, u.id, p->granted,
                                           p->granted ? y : 0, p->reason, p->alternative,
                                           NULL) != DB_OK ||
                initiative_add_event(d, id, t, u.id, "state", state, to, p->reason,
                                     p->granted ? p->granted : -1) != DB_OK)
                goto done;
            if (strcmp(p->state, "uitgevoerd") == 0 &&
                (initiative_move(d, id, to, "uitgevoerd", t + 20 * 86400) != DB_OK ||
                 initiative_add_event(d, id, t + 20 * 86400, 0, "state", to, "uitgevoerd", NULL,
                                      -1) != DB_OK))
                goto done;
        }
    }
    rc = 0;
done:
    if (rc != 0 && !err[0])
        snprintf(err, errlen, "demo initiatives: store error");
    arena_free(a);
    return rc;
}
