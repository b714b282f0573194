/*
 * mydata.h: what a resident did under their account, for "Mijn gegevens"
 * and its JSON export: ideas, reactions, support, votes cast, survey
 * responses with their answers, spreekuur questions and meeting
 * registrations. A vote shows which vote and when, never what was chosen:
 * the ballot is kept apart from who voted and is not read. Content hidden by
 * moderation is listed with "hidden": true (its author still sees it).
 */
#ifndef WR_MYDATA_H
#define WR_MYDATA_H

#include "lib/arena.h"
#include "store/db.h"

#include <jansson.h>
#include <stdint.h>

/* Adds the arrays "ideas", "reactions", "supported", "votes", "surveys",
 * "spreekuur_questions" and "meetings" to o. 0, or -1 on a database error. */
int mydata_export(db *d, arena *a, int64_t user_id, json_t *o);

#endif
