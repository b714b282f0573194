/*
 * consult.h: consultations (samenspraak). A consultation belongs to a wijk
 * or the whole city, optionally to a focus point; it has one clear
 * question, its process proposal (who decided it, what residents can
 * influence and what not: the samenspraakverordening's), phases that each
 * start on a day (informatie, ideeën, reacties, keuze, resultaat; keuze may
 * be left out) and a result text, published once the result phase began.
 *
 * The phase decides what is allowed:
 *   ideas          residents post ideas (title, text, wijk)
 *   ideas, reactions   reactions (one level deep), support (one per
 *                  account, withdrawable) and staff's entry of input
 *                  collected on paper, at the counter or at a meeting
 *   any phase      reports of abusive content, official answers
 * Paper input counts its participant by the keyed pseudonym of postcode and
 * house number (auth_address_pseudonym), a resident by the account.
 *
 * Who: the wijkregisseur and the ondersteuner of the consultation's region
 * keep it and answer ideas (a city-wide one: any of them); they and the
 * counter's clerks enter paper input; the ondersteuner of the region
 * moderates: CONSULT_HIDE_REPORTS reports by different accounts hide an
 * item until a moderator hides or restores it, with a reason; a restored
 * item is not hidden by reports again.
 */
#ifndef WR_CONSULT_H
#define WR_CONSULT_H

#include "domain/user.h"
#include "store/consult_store.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSULT_TITLE_MAX    150
#define CONSULT_TEXT_MAX     2000
#define CONSULT_RESULT_MAX   20000
#define CONSULT_IDEA_MAX     4000
#define CONSULT_REACTION_MAX 2000
#define CONSULT_HIDE_REPORTS 3
#define CONSULT_PAGE_SIZE    20

enum consult_phase {
    CONSULT_ANNOUNCED, /* before the information phase */
    CONSULT_INFO,
    CONSULT_IDEAS,
    CONSULT_REACTIONS,
    CONSULT_CHOICE,
    CONSULT_RESULT,
};

/* The phase on day today (ISO). */
enum consult_phase consult_phase_on(const struct consultation_row *c, const char *today);
/* Its name (a Dutch msgid). */
const char *consult_phase_label(enum consult_phase p);
bool consult_phase_allows_ideas(enum consult_phase p);
bool consult_phase_allows_reactions(enum consult_phase p); /* also support and paper input */

struct consult_problem {
    const char *field, *msgid;
};
#define CONSULT_MAX_PROBLEMS 12

/* What the staff's form sends, dates as ISO when they read as dates. */
struct consult_input {
    const char *title, *question, *decided_by, *open_to, *not_open;
    const char *info_on, *ideas_on, *reactions_on, *choice_on, *result_on;
    const char *result_text;
    const char *topic; /* a code of resident_topics; NULL or "": none */
    int64_t area_id, focus_id;
    bool wijk_unknown, focus_unknown;
};
size_t consult_validate(const struct consult_input *in, /* out: */ struct consult_problem *out);
/* New (id 0: *out_id) or changed, validated first; in the caller's write
 * transaction. */
int consult_save(db *d, int64_t id, const struct consult_input *in, int64_t user_id, int64_t now,
                 /* out: */ int64_t *out_id);

/* Who may: keep c and answer its ideas; enter paper input; moderate. */
bool consult_may_keep(const struct user *u, const struct consultation_row *c);
bool consult_may_enter_paper(const struct user *u, const struct consultation_row *c);
bool consult_may_moderate(const struct user *u, int64_t region_id);

enum consult_result {
    CONSULT_OK = 0,
    CONSULT_NOT_FOUND,
    CONSULT_CLOSED,    /* the phase does not allow it */
    CONSULT_INVALID,   /* problems given */
    CONSULT_DUPLICATE, /* support or report by this account already there */
    CONSULT_FORBIDDEN,
    CONSULT_ERROR,
};

/* Who takes part: a resident's account (u), or for paper input the channel
 * and the address the participant gave. */
struct consult_who {
    const struct user *u; /* resident; NULL for paper */
    const struct user *staff;
    const char *channel; /* paper: papier, balie or bijeenkomst */
    const char *postcode, *house_number;
    const char *age_band; /* paper: optional */
    /* A paper ballot: where its address lies by the address lookup (vote_address_wijk, asked
     * before the write transaction), and whether staff checked it themselves when the lookup
     * could not tell (vote.c). */
    enum consult_address {
        CONSULT_ADDRESS_UNKNOWN = 0,
        CONSULT_ADDRESS_FOUND,
        CONSULT_ADDRESS_NOT_FOUND
    } address;
    int64_t address_wijk; /* CONSULT_ADDRESS_FOUND: the wijk (our outlines) */
    bool address_checked;
};

/* The reach columns of an act by who (wijk_id: the wijk it concerns, 0 the
 * city; channel "online" and the account's age band for a resident, the
 * keyed pseudonym of the address for paper); false when the participant
 * cannot be counted (*problem set). Every act of participation uses it. */
bool consult_act_of(db *d, arena *a, const struct consult_who *who, int64_t wijk_id, int64_t now,
                    /* out: */ struct consult_act *act, struct consult_problem *problem);

/* Posts an idea (in the caller's write transaction). problems: at least
 * CONSULT_MAX_PROBLEMS. */
enum consult_result consult_post_idea(db *d, arena *a, const struct consultation_row *c,
                                      const struct consult_who *who, const char *title,
                                      const char *body, int64_t wijk_id, bool wijk_unknown,
                                      const char *today, int64_t now,
                                      /* out: */ int64_t *id, struct consult_problem *problems,
                                      size_t *nproblems);
enum consult_result consult_post_reaction(db *d, arena *a, const struct consultation_row *c,
                                          const struct consult_idea_row *idea,
                                          const struct consult_who *who, const char *body,
                                          const char *today, int64_t now, /* out: */ int64_t *id,
                                          struct consult_problem *problems, size_t *nproblems);
/* Support collected on paper, at the counter or at a meeting, entered by who->staff (who as for
 * paper input: channel, postcode and house number, age band): once per idea and paper
 * participant, as online support once per account; counted alike. CONSULT_DUPLICATE when that
 * address supports the idea already. In the caller's write transaction. */
enum consult_result consult_support_paper(db *d, arena *a, const struct consultation_row *c,
                                          const struct consult_idea_row *idea,
                                          const struct consult_who *who, const char *today,
                                          int64_t now, /* out: */ struct consult_problem *problems,
                                          size_t *nproblems);
/* Supports (on) or withdraws the support of resident u. */
enum consult_result consult_support(db *d, arena *a, const struct consultation_row *c,
                                    const struct consult_idea_row *idea, const struct user *u,
                                    bool on, const char *today, int64_t now);
/* The answer states, code and Dutch label. */
struct consult_state {
    const char *code, *label;
};
extern const struct consult_state consult_answer_states[];
extern const size_t consult_nanswer_states;
const char *consult_answer_label(const char *code);
enum consult_result consult_answer(db *d, const struct consultation_row *c, int64_t idea_id,
                                   const struct user *u, const char *state, const char *text,
                                   int64_t now, /* out: */ struct consult_problem *problem);
/* A report by resident u of an idea or reaction (kind "idee", "reactie");
 * *hidden true when this report hid it. */
enum consult_result consult_report(db *d, arena *a, const char *kind, int64_t item_id,
                                   const struct user *u, int64_t now, /* out: */ bool *hidden);
/* A moderator hides (hide) or restores an item, with a reason; each
 * decision is kept (consult_moderation_decisions), and reports made after
 * it bring the item back to the queue (a restored item stays visible). */
enum consult_result consult_moderate(db *d, arena *a, const char *kind, int64_t item_id,
                                     const struct user *u, bool hide, const char *reason,
                                     int64_t now, /* out: */ struct consult_problem *problem);
/* Is an item hidden from the public (waiting for review or hidden)? */
bool consult_hidden(const char *moderation);

/* The seed of a visitor's random order: a keyed hash of what names the
 * visitor (the account, or the random token of an anonymous visitor's
 * cookie), so the order stays the same for them across pages, logins and
 * days, and differs between visitors. */
int64_t consult_order_seed(db *d, const char *visitor);

/* The demo's consultation in Seghwaert (ideas phase on demo_date), made
 * once; in the caller's write transaction. */
int consult_seed_demo(db *d, const char *demo_date, char *err, size_t errlen);

#endif
