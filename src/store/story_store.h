/*
 * story_store.h: success stories, their photos and links
 * (migrations/0026_stories.sql). The rules are in domain/story.c.
 */
#ifndef WR_STORY_STORE_H
#define WR_STORY_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct story_row {
    int64_t id;
    int64_t area_id; /* 0: the whole city */
    const char *title, *summary, *body, *story_date;
    int64_t published_at; /* 0: a draft */
    int64_t created_at, updated_at;
    const char *author;                /* the name of who wrote it, NULL when unknown */
    const char *wijk_name, *wijk_slug; /* NULL for the city */
    const char *links;                 /* "kind:id" joined by ',' */
    const char *topic;                 /* NULL: none */
};

struct story_photo_row {
    int64_t id, story_id;
    const char *file, *thumb, *alt;
    int width, height;
    bool recognisable;
    const char *consent_by, *consent_on; /* NULL: none recorded */
};

/* Stories, newest first. published_only: only published ones; area_id:
 * -1 every story, 0 the city's own, else that wijk's; link_kind/link_id
 * (NULL/0: any) only stories linked to that target. */
struct story_filter {
    bool published_only;
    int64_t area_id;
    const char *link_kind;
    int64_t link_id;
};
int story_list(db *d, arena *a, const struct story_filter *f, size_t limit,
               /* out: */ struct story_row **out, size_t *n);
int story_get(db *d, arena *a, int64_t id, /* out: */ struct story_row *s);
int story_insert(db *d, const struct story_row *s, int64_t user_id, int64_t now,
                 /* out: */ int64_t *id);
int story_update(db *d, const struct story_row *s, int64_t user_id, int64_t now);
/* published_at = now (or NULL when now is 0). */
int story_set_published(db *d, int64_t id, int64_t now, int64_t user_id);
int story_set_links(db *d, int64_t id, const char *kind, const int64_t *ids, size_t n);

int story_photos(db *d, arena *a, int64_t story_id, /* out: */ struct story_photo_row **out,
                 size_t *n);
int story_photo_get(db *d, arena *a, int64_t story_id, int64_t photo_id,
                    /* out: */ struct story_photo_row *p);
int story_photo_insert(db *d, const struct story_photo_row *p, /* out: */ int64_t *id);
int story_photo_delete(db *d, int64_t story_id, int64_t photo_id);

#endif
