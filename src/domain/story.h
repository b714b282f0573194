/*
 * story.h: success stories (what worked, in a wijk or in the whole city):
 * a title, a summary, a body in Markdown, the day it is about, photos
 * (through the image helper, as a signal's photos) and links to focus
 * points, residents' initiatives and participation methods. Staff who run
 * participation write drafts and publish them (policy.c, ACT_STORY_EDIT);
 * a published story is public (site, wijk page, method page, Atom feeds).
 *
 * The consent rule: a photo that shows recognisable people needs their
 * recorded consent (who gave it and on which day) before the story it
 * belongs to can be published, and such a photo cannot be added without
 * it to a story that is already published.
 */
#ifndef WR_STORY_H
#define WR_STORY_H

#include "store/db.h"
#include "store/story_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORY_TITLE_MAX   150 /* characters */
#define STORY_SUMMARY_MAX 400
#define STORY_BODY_MAX    20000
#define STORY_ALT_MAX     300
#define STORY_MAX_LINKS   32

/* What the form sends, as typed (date: ISO when it read as a date); the
 * wijk already looked up (area_id 0: the city; wijk_unknown: a slug that
 * is no wijk). */
struct story_input {
    const char *title, *summary, *body, *date;
    const char *topic; /* a code of resident_topics; NULL or "": none */
    int64_t area_id;
    bool wijk_unknown;
    int64_t focus[STORY_MAX_LINKS], initiatives[STORY_MAX_LINKS], methods[STORY_MAX_LINKS];
    size_t nfocus, ninitiatives, nmethods;
};

struct story_problem {
    const char *field, *msgid;
};
#define STORY_MAX_PROBLEMS 8

size_t story_validate(const struct story_input *in, /* out: */ struct story_problem *out);

/* A new story (id 0: *out_id set) or a change of story id, with its links;
 * validated first (DB_ERROR when invalid). Within the caller's write
 * transaction. */
int story_save(db *d, int64_t id, const struct story_input *in, int64_t user_id, int64_t now,
               /* out: */ int64_t *out_id);

/* The consent rule for one photo: NULL when fine, else a Dutch msgid for the
 * field `*field` ("alt", "consent_by", "consent_on"). today: ISO. */
const char *story_photo_problem(const char *alt, bool recognisable, const char *consent_by,
                                const char *consent_on, const char *today,
                                /* out: */ const char **field);
/* May this photo be shown to the public (no recognisable people, or their
 * consent recorded)? */
bool story_photo_may_show(const struct story_photo_row *p);

enum story_result {
    STORY_OK = 0,
    STORY_NOT_FOUND,
    STORY_NEEDS_CONSENT, /* a photo with recognisable people lacks consent */
    STORY_INVALID,       /* *problem says why */
    STORY_ERROR,
};

/* Publishes (publish true) or withdraws a story; publishing needs consent
 * for every photo with recognisable people. Within the caller's write
 * transaction. */
enum story_result story_publish(db *d, arena *a, int64_t id, bool publish, int64_t user_id,
                                int64_t now);

/* Adds a photo: the helper re-encodes it, the files are stored, the row
 * written (in a transaction of its own). *problem (a msgid) and *field on
 * STORY_INVALID / STORY_NEEDS_CONSENT. */
enum story_result story_add_photo(db *d, arena *a, int64_t story_id, const void *data, size_t len,
                                  const char *alt, bool recognisable, const char *consent_by,
                                  const char *consent_on, const char *today,
                                  /* out: */ int64_t *photo_id, const char **problem,
                                  const char **field);

/* The demo's stories from the data file's text (demo-verhalen.json),
 * published before demo_date; a story whose title is already there is left
 * as it is. Within the caller's write transaction; 0 or -1 with err set. */
int story_seed_demo(db *d, const char *text, size_t len, const char *demo_date, char *err,
                    size_t errlen);

#endif
