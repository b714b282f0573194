/*
 * method_store.h: the menu of participation methods
 * (migrations/0021_methods.sql). The rules are in domain/method.c.
 */
#ifndef WR_METHOD_STORE_H
#define WR_METHOD_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct method_row {
    int64_t id;
    const char *slug, *name, *summary, *good_for, *effort, *cost, *reach, *accessibility,
        *used_where, *contact, *stories;
    const char *goals, *groups; /* codes joined by ',' (sorted) */
};

/* The methods with goal `goal`, reaching group `group` and of effort
 * `effort` (NULL: any), by name. */
int method_list(db *d, arena *a, const char *goal, const char *group, const char *effort,
                /* out: */ struct method_row **out, size_t *n);
int method_get(db *d, arena *a, int64_t id, /* out: */ struct method_row *m);
/* A new method (DB_CONSTRAINT when the slug is taken), or, with
 * if_absent, nothing at all when it is (*id 0 then). */
int method_insert(db *d, const struct method_row *m, int if_absent, int64_t user_id, int64_t now,
                  /* out: */ int64_t *id);
int method_update(db *d, const struct method_row *m, int64_t user_id, int64_t now);
/* Sets used_where, contact and stories where they are still empty. */
int method_fill_usage(db *d, const char *slug, const char *used_where, const char *contact,
                      const char *stories);
/* Replaces the codes of one facet ("doel" or "groep"). */
int method_set_facet(db *d, int64_t id, const char *facet, const char *const *codes, size_t n);

#endif
