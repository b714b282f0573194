/*
 * consult_web.h: what the pages of a consultation (consult.c) and of its
 * vote (vote.c) share: the consultation's context, loading it by the
 * route's {id}, the fields of its forms and their error summary; and the
 * vote's parts of the consultation's pages and open data.
 */
#ifndef WR_CONSULT_WEB_H
#define WR_CONSULT_WEB_H

#include "domain/consult.h"
#include "store/vote_store.h"
#include "web.h"

#include <jansson.h>

json_t *consult_web_json(struct req *r, const struct consultation_row *c);
/* The consultation of the route's first parameter, or answers 404/500. */
bool consult_web_load(struct req *r, db *d, struct consultation_row *c);
void consult_web_problems(struct req *r, json_t *ctx, const char *prefix,
                          const struct consult_problem *p, size_t np);
json_t *consult_web_field(struct req *r, const char *prefix, const char *name, const char *label,
                          const char *hint, const char *value, json_t *err, int rows);
json_t *consult_web_options(struct req *r, const char *const *codes, const char *const *labels,
                            size_t n, const char *cur);
json_t *consult_web_select(struct req *r, const char *prefix, const char *name, const char *label,
                           json_t *options, json_t *err);

/* vote.c: ctx gets "vote" (the ballot's link, open or closed, and for the
 * result page the published result) when c has a vote. */
void vote_web_into(struct req *r, db *d, const struct consultation_row *c, json_t *ctx,
                   bool result);
/* Open data: the vote of c as JSON (NULL: none); counts only. */
json_t *vote_web_open_data(struct req *r, db *d, const struct consultation_row *c);
/* The published result of c's vote for the open data's rows per idea. */
struct vote_web_tally {
    bool published, budget;
    struct vote_option_row *rows;
    bool *fits;
    size_t n;
};
void vote_web_tally_of(struct req *r, db *d, const struct consultation_row *c,
                       /* out: */ struct vote_web_tally *t);
/* idea_id's votes ("" when not on the ballot or not published) and
 * whether it fits in the budget ("ja", "nee"; "" for a pick vote). */
void vote_web_idea_counts(struct req *r, const struct vote_web_tally *t, int64_t idea_id,
                          /* out: */ const char **votes, const char **fits);

#endif
