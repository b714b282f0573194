/*
 * signal_store.h: categories, routing rules and signals in the database.
 */
#ifndef WR_SIGNAL_STORE_H
#define WR_SIGNAL_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct category {
    int64_t id, parent_id;
    const char *slug, *name, *parent_name, *handling_message;
    int deadline_days, deadline_working, is_public, confidential, active;
};

struct category_question {
    const char *code, *datatype, *description, *choices; /* choices: JSON or NULL */
    int required;
};

struct routing_rule {
    int64_t id;
    int position;
    int64_t category_id, area_id, region_id, target_org_id;
    const char *type, *channel, *target_kind, *note;
    const char *category_name, *target_name; /* NULL when the reference is gone */
    int active, broken;
};

struct signal {
    int64_t id;
    const char *token, *type, *channel, *channel_detail, *description, *address_text, *status;
    int64_t category_id, wijk_id, buurt_id, owner_org_id, owner_user_id, merged_into, parent_id;
    double lat, lon;
    int location_known, confidential, handoffs, is_public;
    int64_t created_at, updated_at, deadline_at, closed_at;
    const char *category_name, *main_category_name, *wijk_name, *owner_org_name, *owner_user_name,
        *handling_message;
};

struct signal_event {
    int64_t id, at;
    const char *kind, *from_status, *to_status, *from_org, *to_org, *text, *user_name;
    int public;
};

struct signal_contact {
    int64_t id;
    const char *name, *email, *phone;
    int erased;
};

/* Categories */
int category_upsert(db *d, int64_t parent_id, const char *slug, const char *name,
                    const char *description, const char *handling_message, int deadline_days,
                    int deadline_working, int is_public, int confidential, int active, int position,
                    /* out: */ int64_t *id);
int64_t category_id_by_slug(db *d, const char *slug, int main_only);
int category_question_upsert(db *d, int64_t category_id, const char *code, const char *datatype,
                             int required, const char *description, const char *choices,
                             int position);
/* Active sub categories with their main category's name, ordered for a form. */
int category_list(db *d, arena *a, /* out: */ struct category **out, size_t *n);
int category_get(db *d, arena *a, int64_t id, /* out: */ struct category *c);
int category_questions(db *d, arena *a, int64_t category_id,
                       /* out: */ struct category_question **out, size_t *n);

/* Routing rules */
int routing_rule_count(db *d, /* out: */ int64_t *n);
int routing_rule_insert(db *d, int position, int64_t category_id, int64_t area_id,
                        int64_t region_id, const char *type, const char *channel,
                        const char *target_kind, int64_t target_org_id, const char *note);
/* Active rules valid on `on`, in order; broken ones are marked, not left out. */
int routing_rule_list(db *d, arena *a, const char *on, /* out: */ struct routing_rule **out,
                      size_t *n);

/* Signals */
int signal_insert(db *d, const struct signal *s, int64_t routed_by_rule,
                  const char *reporter_pseudonym, int64_t created_by, int demo,
                  /* out: */ int64_t *id);
int signal_add_contact(db *d, int64_t signal_id, const char *name, const char *email,
                       const char *phone);
struct signal_photo {
    int64_t id;
    const char *file, *thumb;
    int width, height, public;
};
int signal_add_photo(db *d, int64_t signal_id, const char *file, const char *thumb, int width,
                     int height);
int signal_photos(db *d, arena *a, int64_t signal_id, /* out: */ struct signal_photo **out,
                  size_t *n);
int signal_add_answer(db *d, int64_t signal_id, const char *code, const char *value);
int signal_add_event(db *d, int64_t signal_id, int64_t at, int64_t user_id, const char *kind,
                     const char *from_status, const char *to_status, int64_t from_org,
                     int64_t to_org, const char *text, int public);
int signal_get(db *d, arena *a, int64_t id, /* out: */ struct signal *s);
int signal_get_by_token(db *d, arena *a, const char *token, /* out: */ struct signal *s);
int signal_events(db *d, arena *a, int64_t id, int public_only,
                  /* out: */ struct signal_event **out, size_t *n);
int signal_contacts(db *d, arena *a, int64_t id, /* out: */ struct signal_contact **out, size_t *n);
int signal_answers(db *d, arena *a, int64_t id, /* out: */ const char ***codes,
                   const char ***values, size_t *n);
int signal_set_status(db *d, int64_t id, const char *status, int64_t now, int closed);
int signal_set_owner(db *d, int64_t id, int64_t org_id, int64_t user_id, int confidential,
                     int64_t now);

/* The work list: filters (0/NULL: any) and keyset pagination on
 * (created_at, id) descending; `after_*` 0 starts at the newest. */
struct signal_filter {
    const char *status;  /* one status, or "open" for every not closed one */
    int64_t category_id; /* a sub category, or a main category */
    int64_t wijk_id;
    int64_t region_id;
    int64_t owner_org_id;
    const char *channel;
    int overdue;        /* deadline passed and still open */
    int64_t from, to;   /* created_at range, unix seconds */
    const char *search; /* full-text (FTS5 query of words) */
    int64_t now;
    int hide_confidential_content; /* the caller may not read confidential content */
};
int signal_list(db *d, arena *a, const struct signal_filter *f, int64_t after_created,
                int64_t after_id, size_t limit, /* out: */ struct signal **out, size_t *n);

#endif
