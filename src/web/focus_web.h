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
/* A value with its unit, the way the language writes numbers. */
const char *focus_web_with_unit(struct req *r, double v, const char *unit);

#endif
