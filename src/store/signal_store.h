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
    int urgent_days; /* the deadline of a dangerous situation, in the same kind of days */
    int nquestions;  /* only filled by category_list_all */
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
    const char *category_parent_name;        /* the main category of a sub category */
    const char *area_name, *region_name;     /* NULL when absent or gone */
    const char *valid_from, *valid_to;       /* the period the rule holds (valid_to NULL: open) */
    int active, broken;
    /* Why a rule is broken (NULL when it is not): "category_gone",
     * "category_inactive", "main_category_inactive", "wijk_gone",
     * "region_gone" or "organisation_gone". */
    const char *broken_reason;
};

/* The address of a signal's place as the address lookup found it (all NULL
 * when it found none): street, house number with letter and addition,
 * postcode, town. */
struct signal_address {
    const char *street, *number, *postcode, *city;
};

/* confidential: the care network holds the case now, so what is written now
 * is confidential. intake_confidential: the description and address text
 * were written while it did (migration 0011); answers, photos and events
 * carry a flag of their own. */
struct signal {
    int64_t id;
    const char *token, *type, *channel, *channel_detail, *description, *address_text, *status;
    int64_t category_id, wijk_id, buurt_id, owner_org_id, owner_user_id, merged_into, parent_id;
    double lat, lon;
    int location_known, confidential, intake_confidential, handoffs, is_public;
    int hazard;           /* the reporter said the situation is dangerous */
    const char *reply_by; /* email, telefoon or brief (counter intake), or NULL */
    int64_t created_at, updated_at, deadline_at, closed_at;
    const char *category_name, *main_category_name, *wijk_name, *owner_org_name, *owner_user_name,
        *handling_message;
    const char *media_url;      /* a report app's link to its photo (Open311), or NULL */
    struct signal_address addr; /* hidden with the address text */
};

struct signal_event {
    int64_t id, at;
    const char *kind, *from_status, *to_status, *from_org, *to_org, *text, *user_name;
    int public;       /* text is for the reporter (status page, e-mail), never for the world */
    int confidential; /* written while the care network held the signal */
    int from_care, to_care;         /* a hand-off from or to the care network */
    const char *public_explanation; /* what everybody may read of a status change, or NULL */
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
/* The category with this slug; main_only 1: a main category, -1: a sub
 * category, 0: either (a main one first). 0 when there is none. */
int64_t category_id_by_slug(db *d, const char *slug, int main_only);
int category_question_upsert(db *d, int64_t category_id, const char *code, const char *datatype,
                             int required, const char *description, const char *choices,
                             int position);
/* Active sub categories with their main category's name, ordered for a form. */
int category_list(db *d, arena *a, /* out: */ struct category **out, size_t *n);
int category_get(db *d, arena *a, int64_t id, /* out: */ struct category *c);
/* Calls fn with each signal's description and its category as staff left it,
 * newest first, at most limit signals: only sub categories that are active
 * and not confidential, never a confidential signal nor one whose
 * description was written while it was confidential (the texts a category
 * suggestion may learn from). fn answers 0 to go on, anything else ends
 * the reading early (DB_OK then too). DB_OK or DB_ERROR. */
int signal_training_texts(db *d, size_t limit,
                          int (*fn)(void *ctx, int64_t category_id, const char *text, size_t len),
                          void *ctx);
int category_questions(db *d, arena *a, int64_t category_id,
                       /* out: */ struct category_question **out, size_t *n);
/* The whole tree for the administrator: every main category followed by its
 * sub categories, active or not, with nquestions filled. */
int category_list_all(db *d, arena *a, /* out: */ struct category **out, size_t *n);
/* Changes what the administrator may change of a category (the slug, the
 * parent and confidential stay). DB_NOTFOUND when there is no such id. */
int category_update(db *d, int64_t id, const char *name, const char *handling_message,
                    int deadline_days, int deadline_working, int is_public, int active,
                    int urgent_days);
/* Is slug taken under parent_id (0: among the main categories)? 1 yes, 0 no, -1 error. */
int category_slug_taken(db *d, int64_t parent_id, const char *slug);
/* Adds a sub category at the end of its parent's list, valid from `from`
 * (YYYY-MM-DD). DB_CONSTRAINT when the slug is taken under that parent. */
int category_insert(db *d, int64_t parent_id, const char *slug, const char *name,
                    const char *handling_message, int deadline_days, int deadline_working,
                    int is_public, int confidential, const char *from, /* out: */ int64_t *id);

/* Routing rules */
int routing_rule_count(db *d, /* out: */ int64_t *n);
int routing_rule_insert(db *d, int position, int64_t category_id, int64_t area_id,
                        int64_t region_id, const char *type, const char *channel,
                        const char *target_kind, int64_t target_org_id, const char *note);
/* Active rules valid on `on`, in order; broken ones are marked, not left out. */
int routing_rule_list(db *d, arena *a, const char *on, /* out: */ struct routing_rule **out,
                      size_t *n);
/* Rules whose period ended on or before `on`, the most recently ended first
 * (kept for history, never used for routing). At most `limit`. */
int routing_rule_list_ended(db *d, arena *a, const char *on, size_t limit,
                            /* out: */ struct routing_rule **out, size_t *n);
/* One rule by id, whatever its period; broken is judged on `on`. */
int routing_rule_get(db *d, arena *a, int64_t id, const char *on,
                     /* out: */ struct routing_rule *r);
/* Adds a rule valid from `from` (YYYY-MM-DD); the fields of r used are
 * position, category_id, area_id, region_id, type, channel, target_kind,
 * target_org_id, note and active. */
int routing_rule_add(db *d, const struct routing_rule *r, const char *from, /* out: */ int64_t *id);
/* When a rule valid on `on` other than except_id holds `position`, moves
 * every such rule at or after it one place down, so that a rule put at
 * `position` comes before the one that held it. */
int routing_rule_make_room(db *d, int position, int64_t except_id, const char *on);
int routing_rule_update(db *d, int64_t id, int position, int active);
/* Ends a rule: valid_to = on (it no longer holds on that day). DB_NOTFOUND
 * when it has already ended. */
int routing_rule_end(db *d, int64_t id, const char *on);

/* Signals */
int signal_insert(db *d, const struct signal *s, int64_t routed_by_rule,
                  const char *reporter_pseudonym, int64_t created_by, int demo,
                  /* out: */ int64_t *id);
int signal_add_contact(db *d, int64_t signal_id, const char *name, const char *email,
                       const char *phone);
struct signal_photo {
    int64_t id;
    const char *file, *thumb;
    int width, height, public, confidential;
};
/* Answers, photos and events take their confidentiality from the signal as
 * it is when they are written (signal.confidential), in the INSERT itself:
 * no caller can forget it. */
int signal_add_photo(db *d, int64_t signal_id, const char *file, const char *thumb, int width,
                     int height);
/* shared_only: leave out the confidential ones (for readers outside the care
 * network); the same for signal_answers and signal_events. */
int signal_photos(db *d, arena *a, int64_t signal_id, int shared_only,
                  /* out: */ struct signal_photo **out, size_t *n);
int signal_add_answer(db *d, int64_t signal_id, const char *code, const char *value);
int signal_add_event(db *d, int64_t signal_id, int64_t at, int64_t user_id, const char *kind,
                     const char *from_status, const char *to_status, int64_t from_org,
                     int64_t to_org, const char *text, int public);
/* The same with a public explanation (migration 0012): the short text everybody
 * may read of a status change, apart from the message `text` to the reporter. */
int signal_add_event_explained(db *d, int64_t signal_id, int64_t at, int64_t user_id,
                               const char *kind, const char *from_status, const char *to_status,
                               int64_t from_org, int64_t to_org, const char *text, int public,
                               const char *explanation);
/* The same with the confidentiality given instead of taken from the signal:
 * for a hand-off between the care network and another organisation, which
 * both sides read (domain/signal.c says when). */
int signal_add_event_as(db *d, int64_t signal_id, int64_t at, int64_t user_id, const char *kind,
                        const char *from_status, const char *to_status, int64_t from_org,
                        int64_t to_org, const char *text, int public, int confidential,
                        const char *explanation);
int signal_get(db *d, arena *a, int64_t id, /* out: */ struct signal *s);
int signal_get_by_token(db *d, arena *a, const char *token, /* out: */ struct signal *s);
int signal_events(db *d, arena *a, int64_t id, int public_only, int shared_only,
                  /* out: */ struct signal_event **out, size_t *n);
int signal_contacts(db *d, arena *a, int64_t id, /* out: */ struct signal_contact **out, size_t *n);
int signal_answers(db *d, arena *a, int64_t id, int shared_only, /* out: */ const char ***codes,
                   const char ***values, size_t *n);

/* What the readers outside the care network know of a signal the care
 * network holds now: its state at its last hand-off that is not confidential
 * (the one into the care network): when, the status it had (the last status
 * of an entry that is not confidential), and who sent it. DB_NOTFOUND when
 * there is no such hand-off: the case was the care network's from its intake. */
struct signal_shared {
    int64_t at;
    const char *status, *from_org;
};
int signal_shared_state(db *d, arena *a, int64_t id, /* out: */ struct signal_shared *out);

/* The collective part of a care case handed to the wijkregisseur as signal
 * `signal_id` (only the care network's pages read these links). */
int signal_care_link_add(db *d, int64_t care_signal_id, int64_t signal_id, int64_t at);
struct signal_care_link {
    int64_t care_signal_id, signal_id, at;
};
/* The links of a signal on either side, oldest first. */
int signal_care_links(db *d, arena *a, int64_t id, /* out: */ struct signal_care_link **out,
                      size_t *n);
int signal_set_status(db *d, int64_t id, const char *status, int64_t now, int closed);
int signal_set_owner(db *d, int64_t id, int64_t org_id, int64_t user_id, int confidential,
                     int64_t now);

/* The orders of the work list. */
enum signal_order {
    SIGNAL_ORDER_NEWEST,   /* received, newest first (the default) */
    SIGNAL_ORDER_OLDEST,   /* received, oldest first */
    SIGNAL_ORDER_DEADLINE, /* deadline, the earliest (most overdue) first */
    SIGNAL_ORDER__COUNT
};

/* The work list: filters (0/NULL: any) and keyset pagination on (key, id)
 * in the chosen order, the key being signal_list_key() of the last row
 * shown; `after_*` 0 starts at the top. */
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
    /* The caller is outside the care network: the signals it holds now are
     * left out, and a search never matches a confidential description or
     * address text. */
    int hide_confidential_content;
    int64_t owner_user_id; /* one person's signals */
    enum signal_order order;
};
/* The sort key of s in the order (for the next page's keyset). */
int64_t signal_list_key(const struct signal *s, enum signal_order order);
int signal_list(db *d, arena *a, const struct signal_filter *f, int64_t after_created,
                int64_t after_id, size_t limit, /* out: */ struct signal **out, size_t *n);
/* The open signals whose reporter said the situation is dangerous, with
 * f's other filters, the earliest deadline first: the top of the work list. */
int signal_list_hazard(db *d, arena *a, const struct signal_filter *f, size_t limit,
                       /* out: */ struct signal **out, size_t *n);
/* The work list's counts: the open signals that match f's other filters
 * (its status and overdue filter aside), and how many of them are past
 * their deadline at f->now. */
int signal_list_counts(db *d, const struct signal_filter *f, /* out: */ int64_t *open,
                       int64_t *overdue);

/* A department's queue for its start page: its open signals that are new
 * (gemeld), past their deadline and waiting for the reporter, and the open
 * signals in the person's own name (in any department). hide: the caller is
 * outside the care network (its cases are not counted). */
struct signal_queue {
    int64_t fresh, mine, overdue, waiting;
};
int signal_queue_counts(db *d, int64_t org_id, int64_t user_id, int64_t now, int hide,
                        /* out: */ struct signal_queue *q);

/* The signals user_id entered through channel, newest first, at most
 * limit (the description and address text of a confidential intake hidden). */
int signal_list_created_by(db *d, arena *a, int64_t user_id, const char *channel, size_t limit,
                           /* out: */ struct signal **out, size_t *n);

/* The browser that sent a signal (holder: a keyed hash of its form token)
 * may see what it sent until expires_at; expired ones are removed. */
int report_receipt_add(db *d, int64_t signal_id, const char *holder, int64_t now,
                       int64_t expires_at);
/* 1 when holder sent signal_id and its time has not passed, 0 when not, -1 on error. */
int report_receipt_held(db *d, int64_t signal_id, const char *holder, int64_t now);
/* Photos held for a report form that came back (holder: a keyed hash of the
 * browser's form token), oldest first. The bytes are read only when
 * with_bytes; the thumbnail is always read. */
struct pending_photo_row {
    int64_t id;
    const void *photo, *thumb;
    size_t photo_len, thumb_len;
    int width, height;
};
/* Removes expired rows, then the oldest rows until the held bytes and rows
 * leave room for this one within max_bytes and max_rows, then adds it. */
int pending_photo_add(db *d, const char *holder, const void *photo, size_t photo_len,
                      const void *thumb, size_t thumb_len, int width, int height, int64_t now,
                      int64_t expires_at, int64_t max_bytes, int max_rows);
int pending_photo_list(db *d, arena *a, const char *holder, int64_t now, int with_bytes,
                       /* out: */ struct pending_photo_row **out, size_t *n);
/* id 0: every photo of the holder. */
int pending_photo_delete(db *d, const char *holder, int64_t id);
/* Every expired row. */
int pending_photo_prune(db *d, int64_t now);
/* The process guard of a region: its open signals counted by the
 * department that holds them (SIGNAL_BY_DEPARTMENT) or by wijk
 * (SIGNAL_BY_WIJK), with how many are past their deadline at now; most open
 * first, then by name. id is the department's or the wijk's (0: no
 * department). hide: the caller is outside the care network. */
enum signal_grouping { SIGNAL_BY_DEPARTMENT, SIGNAL_BY_WIJK };
struct signal_group_count {
    int64_t id;
    const char *name;
    int64_t open, overdue;
};
int signal_region_counts(db *d, arena *a, int64_t region_id, enum signal_grouping by, int64_t now,
                         int hide, /* out: */ struct signal_group_count **out,
                         /* out: */ size_t *n);

#endif
