/*
 * survey.h: surveys (the buurtbarometer).
 *
 * A survey is kept by the wijkregisseur of its region and the ondersteuner
 * (ACT_SURVEY_EDIT, scoped to the region) for a wijk, a region or the city.
 * It has questions of five kinds: single choice, multiple choice, scale
 * (a range of whole numbers with labels at its ends), number (with bounds)
 * and open text; questions are added while nobody has answered yet. It is
 * open from its opening date to its closing date (Europe/Amsterdam days,
 * both included) and answered in one of two ways, recorded on the survey
 * and shown to respondents:
 *
 *   account  a logged-in resident (role bewoner) answers once; the database
 *            refuses a second response of the same account
 *   link     anonymously, by whoever has the survey's link with its token,
 *            once per browser: the response's participant is 'a:' and a
 *            keyed hash of the survey and the browser's random key (a
 *            cookie), so a repost from the same browser is refused. Such an
 *            answer is an act in the reach (wijk, channel) but never a
 *            participant (migration 0048): a cleared cookie is no new person.
 *
 * Counter staff and organisers enter answers collected on paper, at the
 * counter or at a meeting (ACT_SURVEY_ENTER), with the channel; such a
 * participant is counted by the keyed pseudonym of postcode and house
 * number (auth_address_pseudonym), never as one participant per act, and
 * answers once per address, as a paper ballot votes once per address
 * (SURVEY_ANSWERED for a second response of the same address).
 *
 * Every response is an act of participation (wijk, channel, age band,
 * participant, time; no personal data). Results are counted per wijk, with
 * percentages of the question's respondents. Staff read them in full, open
 * text included; once closed they are published with every cell of fewer
 * than SURVEY_MIN_CELL respondents suppressed and without open text.
 */
#ifndef WR_SURVEY_H
#define WR_SURVEY_H

#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/survey_store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SURVEY_MIN_CELL      10 /* published cells hold at least this many respondents */
#define SURVEY_TITLE_MAX     200
#define SURVEY_INTRO_MAX     4000
#define SURVEY_QUESTION_MAX  500
#define SURVEY_OPTIONS_MAX   20 /* choices of a question */
#define SURVEY_OPTION_MAX    200
#define SURVEY_OPEN_MAX      2000 /* characters of an open answer */
#define SURVEY_MAX_QUESTIONS 40
#define SURVEY_SCALE_MAX     11 /* values on a scale */

/* Results besides 0 (done) and a number of problems (> 0). */
#define SURVEY_ERROR    (-1)
#define SURVEY_ANSWERED (-2) /* this account has answered this survey already */
#define SURVEY_CLOSED   (-3) /* not open (not yet, or no longer) */
#define SURVEY_LOCKED   (-4) /* questions change only while nobody has answered */

struct survey_problem {
    const char *field;
    const char *msgid;    /* Dutch */
    const char *question; /* the question's text, when the problem is an answer's */
};
#define SURVEY_MAX_PROBLEMS SURVEY_MAX_QUESTIONS

/* A fixed list: code (stored) and Dutch label (msgid). */
struct survey_code {
    const char *code, *label;
};
extern const struct survey_code survey_kinds[];    /* single, multiple, ... */
extern const struct survey_code survey_modes[];    /* account, link */
extern const struct survey_code survey_channels[]; /* online, balie, papier, bijeenkomst */
extern const size_t survey_nkinds, survey_nmodes, survey_nchannels;
/* The label (msgid) of code in list; NULL when unknown. */
const char *survey_label(const struct survey_code *list, size_t n, const char *code);

/* The state of survey s on day today (YYYY-MM-DD). */
enum survey_state { SURVEY_BEFORE, SURVEY_OPEN, SURVEY_AFTER };
enum survey_state survey_state_on(const struct survey_row *s, const char *today);

/* May u keep (change, read in full) survey s? ACT_SURVEY_EDIT for its region
 * (a wijk's: the wijk's region; the city's: any). And enter paper answers? */
bool survey_may_keep(const struct user *u, const struct survey_row *s);
bool survey_may_enter(const struct user *u, const struct survey_row *s);

/* What staff fill in for a survey. scope: "" (the city), "regio:<id>" or
 * "wijk:<slug>"; opens_on and closes_on as YYYY-MM-DD (web_date_field), or
 * as typed when they do not read as a date. */
struct survey_input {
    const char *title, *intro, *scope, *opens_on, *closes_on, *mode;
};
/* Creates a survey kept by u (who must be allowed for its scope: else one
 * problem on "scope"; NULL: the seed, for the demo); 0 with *id, a number of
 * problems, or SURVEY_ERROR.
 * In the caller's write transaction. */
int survey_create(db *d, arena *a, const struct user *u, const struct survey_input *in,
                  const char *today, int64_t now, /* out: */ int64_t *id,
                  struct survey_problem *problems);

/* A question as staff fill it in: kind, text, options (one per line:
 * choices, or the scale's two end labels), min and max (scale, number). */
struct survey_question_input {
    const char *kind, *text, *options, *min, *max;
    bool optional;
};
/* Adds a question at the end; 0, a number of problems, SURVEY_LOCKED or
 * SURVEY_ERROR. In the caller's write transaction. */
int survey_add_question(db *d, arena *a, int64_t survey_id, const struct survey_question_input *in,
                        /* out: */ struct survey_problem *problems);

/* The choices of a question (its options, one per line), in the arena. */
size_t survey_options(arena *a, const struct survey_question_row *q, const char ***out);

/* What a respondent gave for each question (the form's values of field
 * "q<question position>"; several for a multiple choice). */
struct survey_given {
    const char **values;
    size_t n;
};
/* Who answers. online: the resident u (mode account) or nobody (mode
 * link, wijk_slug optional: the wijk they live in). Paper: channel,
 * postcode and house number (the keyed pseudonym), wijk_slug. */
struct survey_respondent {
    const char *channel; /* online, balie, papier, bijeenkomst */
    const struct user *resident;
    const char *postcode, *house_number;
    const char *wijk_slug;
    const char *age_band;    /* paper only: "" or one of resident.c's bands */
    int64_t entered_by;      /* staff who enter paper answers, else 0 */
    const char *browser_key; /* mode link online: the browser's random key (cookie) */
};
/* Is key a browser key as survey_browser_participant takes it (base64url of
 * 32 random bytes, as auth_random_token makes)? */
bool survey_browser_key_ok(const char *key);
/* The participant of an answer by link to survey survey_id from the
 * browser with key: 'a:' and the keyed hash of both, in the arena; NULL when
 * the key is not one (survey_browser_key_ok) or on error. */
const char *survey_browser_participant(db *d, arena *a, int64_t survey_id, const char *key);
/* Checks the answers (problems name the question: field "q<position>") and the
 * respondent, and stores the response with its answers in one transaction
 * of its own. 0, a number of problems, SURVEY_ANSWERED, SURVEY_CLOSED (not
 * open on today, for every channel: published results do not change) or
 * SURVEY_ERROR. */
int survey_respond(db *d, arena *a, const struct survey_row *s, const struct survey_question_row *q,
                   size_t nq, const struct survey_given *given, const struct survey_respondent *who,
                   const char *today, int64_t now,
                   /* out: */ struct survey_problem *problems);

/* The results as one document:
 * {respondents, published, questions: [{id, position, text, kind, labels: [..],
 *   rows: [{wijk (absent: no wijk, or the total), total, respondents, suppressed,
 *           cells: [{n, pct, suppressed}], mean, min, max (number questions)}],
 *   open: [{wijk, text}] (staff only)}]}
 * Rows: each wijk with responses (by name), the responses without a wijk,
 * then the total; an open question has no rows. published: every count of
 * fewer than SURVEY_MIN_CELL respondents (and its percentage, a row's
 * respondents and a mean over them) is null with suppressed true, the
 * extremes of numbers are null, and open answers are left out. NULL on
 * error. */
json_t *survey_results(db *d, arena *a, const struct survey_row *s, bool published);

/* A survey result as a measurement of a focus point's indicator: the share
 * (percent) of the respondents of question `position` who chose one of the
 * choices typed in `counted` (option numbers or scale values, separated by
 * commas or spaces: "4, 5"), recorded through the indicator's measurements
 * on measured_on (YYYY-MM-DD; empty: the closing date) with the survey as
 * source. The indicator must be measured by hand (method manual) and u
 * must be allowed to edit its focus point. 0 with *value, a number of
 * problems (fields "indicator", "question", "counted", "measured_on"), or
 * SURVEY_ERROR. In the caller's write transaction. */
int survey_measure(db *d, arena *a, const struct user *u, const struct survey_row *s,
                   const char *indicator, const char *position, const char *counted,
                   const char *measured_on, const char *today, int64_t now,
                   /* out: */ double *value, struct survey_problem *problems);

/* The demo's surveys (demo_survey.c), in the caller's write transaction. */
int survey_demo(db *d, const char *demo_date, char *err, size_t errlen);

#endif
