/*
 * focus_web.h: what the pages of focus points share between their files:
 * focus.c (the list, the plan, the inventory, open data), focus_edit.c
 * (changing and deleting one part of a plan) and focus_public.c (the
 * public page of one focus point). Only for src/web/focus*.c.
 */
#ifndef WR_FOCUS_WEB_H
#define WR_FOCUS_WEB_H

#include "domain/focus.h"
#include "store/focus_store.h"
#include "web.h"

/* The most areas, origins or categories one form may choose. */
#define FOCUS_WEB_MAX_PICK 32

/* The common start of a change (and of a page with a form to change):
 * the database and an existing focus point the user may edit. 0 when the
 * handler must stop (answered already with 403, 404 or 500). */
int64_t focus_web_begin_change(struct req *r, /* out: */ db **d, /* out: */ struct focus_row *f);
/* The focus point's title, number, areas, period, status, ... */
json_t *focus_web_summary_json(struct req *r, const struct focus_row *f);
/* Goals with their indicators and the plain sentence of each. */
json_t *focus_web_goals_json(struct req *r, db *d, int64_t focuspunt_id);
/* <option>s of a code list, sel selected. */
json_t *focus_web_code_options(struct req *r, const struct focus_code *list, const char *sel);
/* Organisations of a kind as <option>s, sel selected. */
json_t *focus_web_org_options(struct req *r, db *d, const char *kind, long long sel);
/* Partners and care networks as one list of <option>s, sel selected. */
json_t *focus_web_partner_options(struct req *r, db *d, long long sel);
/* What a page of one focus point shows besides its goals and indicators. */
struct focus_web_parts {
    struct focus_area *areas;
    size_t nareas;
    struct focus_act *acts;
    size_t nacts;
    struct focus_partner_row *parts;
    size_t nparts;
    struct focus_text *texts;
    size_t ntexts;
};
/* Reads them for focus point id; false (500 answered) when that failed. */
bool focus_web_load_parts(struct req *r, db *d, int64_t id, struct focus_web_parts *p);
/* The plan page of focus point id at anchor (to redirect to). */
const char *focus_web_plan_url(struct req *r, int64_t id, const char *anchor);
/* Begins a write transaction; false (500 answered) when it could not. */
bool focus_web_write_begin(struct req *r, db *d);
/* Rolls the write transaction back and answers 500. */
void focus_web_write_fail(struct req *r, db *d);
/* Reads the indicator form of focus point id into *x (not x->id): the
 * fields checked, the goal one of the focus point's, and the chosen
 * categories (each one that may feed an indicator) in cats (room for
 * FOCUS_WEB_MAX_PICK). *problem is the msgid of the first problem or NULL,
 * *at_categories whether it is one of the categories. -1 when the
 * database failed (500 answered). */
int focus_web_indicator_form(struct req *r, db *d, int64_t id, /* out: */ struct focus_ind *x,
                             /* out: */ int64_t *cats, /* out: */ size_t *ncats,
                             /* out: */ const char **problem, /* out: */ bool *at_categories);
/* The main categories to choose for an indicator ({id, name, checked}),
 * checked when typed in the form (typed) or stored; one that may not feed
 * an indicator (indicator_category_rule) only when it is checked. */
json_t *focus_web_indicator_categories(struct req *r, db *d, bool typed, const int64_t *stored,
                                       size_t nstored);
/* A value with its unit, the way the language writes numbers. */
const char *focus_web_with_unit(struct req *r, double v, const char *unit);

#endif
