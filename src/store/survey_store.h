/*
 * survey_store.h: SQL of the surveys, their questions, responses and answers.
 */
#ifndef WR_SURVEY_STORE_H
#define WR_SURVEY_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct survey_row {
    int64_t id;
    const char *title, *intro;
    int64_t region_id;      /* a region's survey, else 0 */
    int64_t area_id;        /* a wijk's survey, else 0 */
    int64_t wijk_region_id; /* the region of the wijk (today), else 0 */
    const char *scope_name; /* the wijk's or region's name; NULL: the city */
    const char *wijk_slug;  /* a wijk's survey: its slug */
    const char *opens_on, *closes_on, *mode, *link_token;
    int64_t created_at;
    long long responses;
};

struct survey_question_row {
    int64_t id;
    int position;
    const char *kind, *text, *options;
    bool has_min, has_max;
    long long min_value, max_value;
    bool required;
};

int survey_insert(db *d, const struct survey_row *s, int64_t user_id, /* out: */ int64_t *id);
int survey_get(db *d, arena *a, int64_t id, /* out: */ struct survey_row *s);
/* Every survey, newest first. */
int survey_list(db *d, arena *a, /* out: */ struct survey_row **out, size_t *n);
/* Closed surveys (closes_on before today) with results, newest first. */
int survey_list_closed(db *d, arena *a, const char *today, /* out: */ struct survey_row **out,
                       size_t *n);

int survey_questions(db *d, arena *a, int64_t survey_id,
                     /* out: */ struct survey_question_row **out, size_t *n);
int survey_question_insert(db *d, int64_t survey_id, const struct survey_question_row *q,
                           /* out: */ int64_t *id);

/* A response (an act of participation); DB_CONSTRAINT for a second
 * response of one account. */
int survey_response_insert(db *d, int64_t survey_id, int64_t wijk_id, const char *channel,
                           const char *age_band, const char *participant, int64_t entered_by,
                           int64_t now, /* out: */ int64_t *id);
int survey_answer_insert(db *d, int64_t response_id, int64_t question_id, bool has_choice,
                         long long choice, bool has_number, double number, const char *text);
/* Has this participant answered the survey? */
int survey_has_response(db *d, int64_t survey_id, const char *participant, /* out: */ bool *yes);

/* Counts for the results. wijk_id 0: the response has no wijk. */
struct survey_count_row {
    int64_t question_id, wijk_id;
    long long choice; /* the option or scale value; 0 in the respondents' rows */
    long long n;
    double sum, min, max;  /* number questions: over the answers */
    const char *wijk_name; /* survey_wijk_respondents only; NULL: no wijk */
};
/* Respondents per question and wijk (choice 0; for number questions also
 * sum, min and max). */
int survey_respondents(db *d, arena *a, int64_t survey_id, /* out: */ struct survey_count_row **out,
                       size_t *n);
/* Respondents per question, wijk and choice. */
int survey_choice_counts(db *d, arena *a, int64_t survey_id,
                         /* out: */ struct survey_count_row **out, size_t *n);
/* Respondents of the survey (all questions) per wijk: question_id 0, by
 * the wijk's name, no wijk last. */
int survey_wijk_respondents(db *d, arena *a, int64_t survey_id,
                            /* out: */ struct survey_count_row **out, size_t *n);

struct survey_text_row {
    int64_t question_id, wijk_id;
    const char *text;
};
int survey_open_answers(db *d, arena *a, int64_t survey_id, /* out: */ struct survey_text_row **out,
                        size_t *n);

/* Respondents of a question, and those of them who chose one of choices
 * (a JSON array of numbers, e.g. "[4,5]"). */
int survey_question_share(db *d, int64_t question_id, const char *choices_json,
                          /* out: */ long long *chose, long long *respondents);
/* Manual indicators of focus points a survey may measure: those of the
 * wijk's focus points (area_id), or every one (0). */
struct survey_indicator_row {
    int64_t id, focuspunt_id;
    const char *name, *focus_title, *unit;
};
int survey_indicators(db *d, arena *a, int64_t area_id,
                      /* out: */ struct survey_indicator_row **out, size_t *n);

/* The omnibus survey's figures (facts, loaded by init). */
struct omnibus_row {
    int year;
    const char *key, *label, *source;
    double pct;
};
/* Stores one figure (replacing the year's figure of that key). */
int omnibus_put(db *d, const struct omnibus_row *o);
/* Every figure, by year and as loaded. */
int omnibus_list(db *d, arena *a, /* out: */ struct omnibus_row **out, size_t *n);

#endif
