/*
 * initiative_web.h: what the public and the staff pages of residents'
 * initiatives share (web/initiative.c, web/initiative_staff.c).
 */
#ifndef WR_INITIATIVE_WEB_H
#define WR_INITIATIVE_WEB_H

#include "domain/initiative.h"
#include "http/http.h"

#include <jansson.h>

const char *initiative_base_url(void);
/* An amount for the page ("€ 1.250,00"; English "€ 1,250.00"). */
const char *initiative_money(struct req *r, int64_t cents);
/* A state's label in the request's language. */
const char *initiative_state_text(struct req *r, const char *code);
/* The application form's fields into in (the pointers are the request's). */
void initiative_read_form(struct req *r, struct initiative_input *in);
/* Renders the application form with in's values (NULL: empty) and the
 * problems at their fields; staff: the clerk's variant with the channel. */
void initiative_form(struct req *r, db *d, const struct initiative_input *in,
                     const struct signal_problem *p, size_t np, bool staff, const char *action,
                     const char *draft_link, int64_t limited_minutes);
/* Staff's correction form of a submitted application: its plan fields and
 * budget lines, with in's values (NULL: the stored ones) and the problems. */
void initiative_correct_form(struct req *r, db *d, const struct initiative_row *row,
                             const struct initiative_input *in, const struct signal_problem *p,
                             size_t np);
/* The history of an application; staff also see who took each step. */
json_t *initiative_history(struct req *r, db *d, int64_t id, bool staff);

#endif
