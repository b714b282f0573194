/*
 * demo_survey.c: the demo's surveys (init --demo): a buurtbarometer of
 * Seghwaert (region noord) that closed a month before the demo date, with
 * answers given online by link and on paper, enough for some cells of the
 * published results (10 or more) and too few for others (suppressed); and
 * an open survey of the whole city that residents answer with their
 * account. Idempotent: nothing when the demo has surveys already.
 */
#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/survey.h"

#include <stdio.h>
#include <string.h>

/* The closed barometer's answers, one string per response: the scale value
 * (1-5), safe (1 ja, 2 nee), what should improve (letters a-d: options
 * 1-4), years in the wijk, and the channel (o online, p papier, b balie,
 * m bijeenkomst). */
static const struct {
    const char *scale, *safe, *improve, *years, channel;
} answers[] = {
    {"5", "1", "a", "12", 'o'},  {"5", "1", "ab", "3", 'o'},  {"5", "1", "a", "25", 'p'},
    {"5", "1", "c", "8", 'o'},   {"5", "1", "ad", "40", 'm'}, {"5", "1", "a", "2", 'o'},
    {"5", "2", "b", "15", 'b'},  {"5", "1", "a", "6", 'o'},   {"5", "1", "ac", "31", 'p'},
    {"5", "1", "a", "9", 'o'},   {"5", "2", "d", "19", 'o'},  {"4", "1", "a", "4", 'o'},
    {"4", "2", "ab", "22", 'p'}, {"4", "1", "b", "7", 'o'},   {"4", "2", "a", "11", 'm'},
    {"4", "1", "c", "1", 'o'},   {"4", "2", "a", "35", 'p'},  {"4", "1", "ad", "14", 'o'},
    {"4", "2", "b", "5", 'o'},   {"3", "2", "a", "27", 'b'},  {"3", "1", "c", "10", 'o'},
    {"3", "2", "ab", "16", 'o'}, {"2", "2", "a", "45", 'p'},  {"1", "2", "d", "3", 'o'},
};

static int respond(db *d, arena *a, const struct survey_row *s, struct survey_question_row *q,
                   size_t nq, size_t i, const char *day, int64_t at)
{
    struct survey_given g[5] = {0};
    const char *vals[8][4] = {{0}};
    vals[0][0] = answers[i].scale;
    g[0] = (struct survey_given){vals[0], 1};
    vals[1][0] = answers[i].safe;
    g[1] = (struct survey_given){vals[1], 1};
    size_t k = 0;
    for (const char *c = answers[i].improve; *c && k < 4; c++)
        vals[2][k++] = arena_printf(a, "%d", *c - 'a' + 1);
    g[2] = (struct survey_given){vals[2], k};
    vals[3][0] = answers[i].years;
    g[3] = (struct survey_given){vals[3], 1};
    vals[4][0] = i % 5 == 0 ? "Meer bankjes bij de vijver, graag." : "";
    g[4] = (struct survey_given){vals[4], 1};
    const char *channel = answers[i].channel == 'p'   ? "papier"
                          : answers[i].channel == 'b' ? "balie"
                          : answers[i].channel == 'm' ? "bijeenkomst"
                                                      : "online";
    struct survey_respondent who = {.channel = channel};
    char browser[AUTH_TOKEN_CHARS];
    auth_random_token(browser);
    who.browser_key = browser; /* every demo respondent answers from a browser of their own */
    if (strcmp(channel, "online") != 0) {
        who.postcode = "2719 AB";
        who.house_number = arena_printf(a, "%zu", i + 1);
        who.age_band = i % 2 ? "65-79" : "";
    }
    struct survey_problem p[SURVEY_MAX_PROBLEMS + 4];
    return survey_respond(d, a, s, q, nq < 5 ? nq : 5, g, &who, day, at, p);
}

int survey_demo(db *d, const char *demo_date, char *err, size_t errlen)
{
    cal_date today;
    int64_t now;
    if (!demo_date || cal_parse_date(demo_date, strlen(demo_date), &today) != 0 ||
        cal_to_unix(today, 12 * 3600, &now) != 0) {
        snprintf(err, errlen, "demo surveys: bad demo date");
        return -1;
    }
    arena *a = arena_new(1 << 16);
    if (!a) {
        snprintf(err, errlen, "demo surveys: out of memory");
        return -1;
    }
    int rc = -1;
    struct survey_row *list;
    size_t n = 0;
    if (survey_list(d, a, &list, &n) != DB_OK)
        goto done;
    if (n > 0) {
        rc = 0;
        goto done;
    }
    char opens[CAL_DATE_LEN], closes[CAL_DATE_LEN], mid[CAL_DATE_LEN];
    if (cal_format_date(cal_add_calendar_days(today, -60), opens) != 0 ||
        cal_format_date(cal_add_calendar_days(today, -30), closes) != 0 ||
        cal_format_date(cal_add_calendar_days(today, -45), mid) != 0)
        goto done;
    struct survey_input in = {
        .title = "Buurtbarometer Seghwaert",
        .intro = "Hoe woont u in Seghwaert? Met uw antwoorden kiest de wijkregisseur waar de "
                 "wijk het komende jaar aan werkt.",
        .scope = "wijk:seghwaert",
        .opens_on = opens,
        .closes_on = closes,
        .mode = "link"};
    struct survey_problem p[SURVEY_MAX_PROBLEMS];
    int64_t id = 0;
    if (survey_create(d, a, NULL, &in, demo_date, now - 60 * 86400, &id, p) != 0)
        goto done;
    const struct survey_question_input qs[] = {
        {"scale", "Hoe prettig woont u in Seghwaert?", "heel onprettig\nheel prettig", "1", "5",
         false},
        {"single", "Voelt u zich 's avonds veilig op straat?", "Ja\nNee", NULL, NULL, false},
        {"multiple", "Wat moet beter in de wijk?", "Groen\nVerkeer\nSpeelplekken\nVerlichting",
         NULL, NULL, true},
        {"number", "Hoeveel jaar woont u in Seghwaert?", NULL, "0", "100", true},
        {"open", "Wat wilt u de wijkregisseur nog zeggen?", NULL, NULL, NULL, true},
    };
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++)
        if (survey_add_question(d, a, id, &qs[i], p) != 0)
            goto done;
    struct survey_row s;
    struct survey_question_row *q;
    size_t nq;
    if (survey_get(d, a, id, &s) != DB_OK || survey_questions(d, a, id, &q, &nq) != DB_OK)
        goto done;
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++)
        if (respond(d, a, &s, q, nq, i, mid, now - 45 * 86400 + (int64_t)i * 600) != 0)
            goto done;
    /* the open survey of the whole city, answered with an account */
    if (cal_format_date(cal_add_calendar_days(today, -7), opens) != 0 ||
        cal_format_date(cal_add_calendar_days(today, 60), closes) != 0)
        goto done;
    struct survey_input open = {
        .title = "Hoe bereikt de gemeente u?",
        .intro = "Een korte enquête over hoe u het liefst meedoet met plannen voor uw wijk.",
        .scope = "",
        .opens_on = opens,
        .closes_on = closes,
        .mode = "account"};
    if (survey_create(d, a, NULL, &open, demo_date, now - 7 * 86400, &id, p) != 0)
        goto done;
    const struct survey_question_input oq[] = {
        {"single", "Hoe doet u het liefst mee?", "Online\nAan de balie\nOp een bijeenkomst", NULL,
         NULL, false},
        {"scale", "Hoe goed weet u wat er in uw wijk speelt?", "slecht\ngoed", "1", "5", false},
        {"open", "Wat kan de gemeente beter doen?", NULL, NULL, NULL, true},
    };
    for (size_t i = 0; i < sizeof oq / sizeof oq[0]; i++)
        if (survey_add_question(d, a, id, &oq[i], p) != 0)
            goto done;
    rc = 0;
done:
    if (rc != 0 && !err[0])
        snprintf(err, errlen, "demo surveys failed");
    arena_free(a);
    return rc;
}
