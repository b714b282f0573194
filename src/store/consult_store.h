/*
 * consult_store.h: SQL of consultations (samenspraak), their ideas,
 * reactions, support and reports (migrations/0030_consultations.sql). The
 * rules are in domain/consult.c.
 */
#ifndef WR_CONSULT_STORE_H
#define WR_CONSULT_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct consultation_row {
    int64_t id;
    int64_t area_id;  /* 0: the whole city */
    int64_t focus_id; /* 0: none */
    const char *title, *question, *decided_by, *open_to, *not_open;
    const char *info_on, *ideas_on, *reactions_on, *choice_on, *result_on; /* ISO; choice_on NULL */
    const char *result_text;
    int64_t created_at, updated_at;
    const char *wijk_name, *wijk_slug; /* NULL for the city */
    int64_t region_id;                 /* the wijk's region, 0: none */
    const char *focus_title;           /* NULL: none */
    int64_t idea_count;
    const char *topic; /* NULL: none */
};

/* Consultations, the latest start first; area_id -1: all, 0: the city's,
 * else that wijk's. */
int consult_list(db *d, arena *a, int64_t area_id, /* out: */ struct consultation_row **out,
                 size_t *n);
/* The consultations that serve focus point focus_id, the latest start first. */
int consult_list_for_focus(db *d, arena *a, int64_t focus_id,
                           /* out: */ struct consultation_row **out, size_t *n);
int consult_get(db *d, arena *a, int64_t id, /* out: */ struct consultation_row *c);
int consult_insert(db *d, const struct consultation_row *c, int64_t user_id, int64_t now,
                   /* out: */ int64_t *id);
int consult_update(db *d, const struct consultation_row *c, int64_t user_id, int64_t now);

/* The columns every act of participation carries (the reach convention). */
struct consult_act {
    int64_t wijk_id;         /* 0: NULL */
    const char *channel;     /* online, balie, papier, bijeenkomst */
    const char *age_band;    /* NULL: not given */
    const char *participant; /* "r:<id>" or "p:<pseudonym>" */
    int64_t created_at;
};

struct consult_idea_row {
    int64_t id, consultation_id;
    int64_t author_id, entered_by; /* 0: none */
    const char *title, *body;
    int64_t wijk_id;
    const char *wijk_name;
    const char *channel;
    int64_t created_at;
    int64_t support_count, reaction_count, report_count;
    const char *moderation;  /* NULL, wacht, verborgen, hersteld */
    const char *author_name; /* the account's name; NULL: none or erased */
    bool author_erased;
    const char *answer_state, *answer_text; /* NULL: no answer */
    int64_t answered_at;
    bool supported; /* by the account the list was read for */
};

struct consult_reaction_row {
    int64_t id, idea_id, author_id;
    const char *body, *channel;
    int64_t created_at, report_count;
    const char *moderation;
    const char *author_name;
    bool author_erased;
};

enum consult_order { CONSULT_NEWEST, CONSULT_SUPPORTED, CONSULT_DISCUSSED, CONSULT_RANDOM };

/* One page of a consultation's ideas in an order (seed: the visitor's
 * random order), marked as supported by viewer (0: nobody). */
int consult_ideas(db *d, arena *a, int64_t consultation_id, enum consult_order order, int64_t seed,
                  int64_t viewer, size_t limit, size_t offset,
                  /* out: */ struct consult_idea_row **out, size_t *n);
int consult_idea_get(db *d, arena *a, int64_t idea_id, int64_t viewer,
                     /* out: */ struct consult_idea_row *row);
int consult_idea_insert(db *d, int64_t consultation_id, int64_t author_id, int64_t entered_by,
                        const char *title, const char *body, const struct consult_act *act,
                        int64_t shuffle_key, /* out: */ int64_t *id);
int consult_reactions(db *d, arena *a, int64_t idea_id,
                      /* out: */ struct consult_reaction_row **out, size_t *n);
int consult_reaction_get(db *d, arena *a, int64_t id, /* out: */ struct consult_reaction_row *row);
/* Adds the reaction and counts it on its idea. */
int consult_reaction_insert(db *d, int64_t idea_id, int64_t author_id, int64_t entered_by,
                            const char *body, const struct consult_act *act,
                            /* out: */ int64_t *id);
/* Adds (DB_OK) the support of user_id and counts it; DB_CONSTRAINT when there is one already. */
int consult_support_add(db *d, int64_t idea_id, int64_t user_id, const struct consult_act *act);
/* Withdraws it; DB_NOTFOUND when there was none. */
int consult_support_remove(db *d, int64_t idea_id, int64_t user_id);
/* Support entered from paper by staff entered_by (0: none) for the act's participant (p:),
 * counted in the idea's support_count; DB_CONSTRAINT when that participant supports it. */
int consult_paper_support_add(db *d, int64_t idea_id, int64_t entered_by,
                              const struct consult_act *act);
int consult_answer_set(db *d, int64_t idea_id, const char *state, const char *text, int64_t user_id,
                       int64_t now);

/* kind: "idee" or "reactie". A report by user_id: DB_CONSTRAINT when made
 * already; else counted, and *count the item's number of reports. */
int consult_report_add(db *d, const char *kind, int64_t item_id, int64_t user_id, int64_t now,
                       /* out: */ int64_t *count);
/* Sets an item's moderation state (NULL: none) and reason; a decision
 * (verborgen, hersteld) marks the reports so far as seen. */
int consult_moderation_set(db *d, const char *kind, int64_t item_id, const char *state,
                           const char *reason);
/* An item's moderation state (NULL: none) and its consultation's region. */
int consult_item_moderation(db *d, arena *a, const char *kind, int64_t item_id,
                            /* out: */ const char **state, int64_t *consultation_id);

struct consult_moderation_row {
    const char *kind;
    int64_t item_id, idea_id, consultation_id, region_id;
    const char *title, *body, *moderation, *consultation_title;
    int64_t report_count;
};
/* A moderator's decision (verborgen, hersteld) with its reason, kept as
 * history next to the item's state. */
int consult_moderation_decision_add(db *d, const char *kind, int64_t item_id, const char *decision,
                                    const char *reason, int64_t user_id, int64_t now);
struct consult_decision_row {
    const char *kind;
    int64_t item_id, idea_id, consultation_id, region_id;
    const char *title, *decision, *reason;
    int64_t decided_at, reports_seen;
};
/* The last limit decisions, newest first. */
int consult_moderation_decisions(db *d, arena *a, int limit,
                                 /* out: */ struct consult_decision_row **out, size_t *n);

/* Items waiting for a moderator, or reported since the last decision (a
 * hidden item stays hidden). */
int consult_moderation_queue(db *d, arena *a, /* out: */ struct consult_moderation_row **out,
                             size_t *n);

/* Open data: every idea not hidden with its consultation; hidden ones
 * (wacht, verborgen) are left out. */
int consult_open_ideas(db *d, arena *a, /* out: */ struct consult_idea_row **out, size_t *n);

#endif
