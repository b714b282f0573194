/*
 * knowledge_store.h: a wijk's knowledge page for the counter's staff
 * (migrations/0025_wijk_knowledge.sql): frequent questions and notes, and
 * who in the wijkteam has a role for the wijk. The rules are in
 * domain/knowledge.c.
 */
#ifndef WR_KNOWLEDGE_STORE_H
#define WR_KNOWLEDGE_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct knowledge_row {
    int64_t id, area_id;
    const char *kind, *title, *body;
    const char *date; /* ISO or NULL */
    int position;
    int64_t updated_at;
    const char *updated_by_name; /* NULL when unknown */
};

/* The questions (by position) and notes (meetings by date, projects by
 * title) of a wijk. */
int knowledge_list(db *d, arena *a, int64_t area_id, /* out: */ struct knowledge_row **out,
                   size_t *n);
/* One entry of wijk area_id; DB_NOTFOUND when it belongs to another. */
int knowledge_get(db *d, arena *a, int64_t area_id, int64_t id, /* out: */ struct knowledge_row *k);
int knowledge_insert(db *d, const struct knowledge_row *k, int64_t user_id, int64_t now,
                     /* out: */ int64_t *id);
int knowledge_update(db *d, const struct knowledge_row *k, int64_t user_id, int64_t now);
int knowledge_delete(db *d, int64_t area_id, int64_t id);

/* A role of an active account that is scoped to the wijk or its region. */
struct knowledge_member {
    int64_t user_id;
    const char *name, *email, *role; /* role code (user.h) */
    int64_t org_id;
    const char *org_kind; /* of org_id, NULL when none */
};
int knowledge_team(db *d, arena *a, int64_t area_id, int64_t region_id,
                   /* out: */ struct knowledge_member **out, size_t *n);

#endif
