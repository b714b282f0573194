/*
 * knowledge.h: a wijk's knowledge page for the counter's staff: the memory
 * a new colleague at the counter needs on the first day. The wijkregisseur
 * of the wijk's region (and the administrator) writes frequent questions
 * with their answers and short notes on projects and meetings coming up
 * (policy.c, ACT_KNOWLEDGE_EDIT within the region); staff read them
 * (ACT_KNOWLEDGE_VIEW) beside who is who, the focus points and the open
 * initiatives, which the page reads from where they are kept.
 */
#ifndef WR_KNOWLEDGE_H
#define WR_KNOWLEDGE_H

#include "domain/user.h"
#include "store/db.h"
#include "store/knowledge_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kinds of entry, their codes and Dutch labels (msgids). */
struct knowledge_kind {
    const char *code, *label;
};
extern const struct knowledge_kind knowledge_kinds[]; /* vraag, project, bijeenkomst; {NULL} */
const char *knowledge_kind_label(const char *code);   /* NULL when unknown */

#define KNOWLEDGE_TITLE_MAX 300  /* characters */
#define KNOWLEDGE_BODY_MAX  8000 /* characters */

/* What the form sends, as typed (date: ISO when it read as a date). */
struct knowledge_input {
    const char *kind, *title, *body, *date, *position;
};

struct knowledge_problem {
    const char *field, *msgid;
};
#define KNOWLEDGE_MAX_PROBLEMS 6

/* Checks the input against today (ISO): a question needs its answer and
 * the day it was last checked (not after today); a meeting its day. */
size_t knowledge_validate(const struct knowledge_input *in, const char *today,
                          /* out: */ struct knowledge_problem *out);

/* May u write the knowledge page of a wijk in region region_id (0: none)? */
bool knowledge_may_edit(const struct user *u, int64_t region_id);

/* Saves a new entry (id 0, *out_id set) or changes entry id of wijk
 * area_id; validated first (DB_ERROR when invalid). Within the caller's
 * write transaction. changed (optional, new entries: NULL) receives which
 * fields differ, joined by ',' in a buffer of changed_len bytes. */
int knowledge_save(db *d, int64_t area_id, int64_t id, const struct knowledge_input *in,
                   const char *today, int64_t user_id, int64_t now, /* out: */ int64_t *out_id,
                   char *changed, size_t changed_len);

/* Who in the wijkteam has a role for the wijk or its region, without the
 * care network's own (its membership is its own business). */
int knowledge_team_list(db *d, arena *a, int64_t area_id, int64_t region_id,
                        /* out: */ struct knowledge_member **out, size_t *n);

#endif
