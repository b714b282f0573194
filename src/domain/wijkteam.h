/*
 * wijkteam.h: the wijkteam of a wijk and its meetings.
 *
 * The wijkregisseur of the wijk's region (policy.c, ACT_WIJKTEAM_EDIT
 * within the region) sets how often the wijkteam meets in a year and who
 * is in it: people of the partner register who work in the wijk on the
 * municipality's day (Europe/Amsterdam, passed in as today), and staff
 * accounts of the region.
 *
 * A meeting has a date, a start and an end (typed as people write them,
 * Amsterdam local time: meeting_parse_time) and a place; its invitees
 * start as the composition and can be changed. The agenda's items are a
 * free-text topic, or a focus point, a signal, an item of the wijk's
 * inventory (inventory_input, the biennial inventory's input) or an entry
 * of the knowledge of that wijk. A signal is named by number, category and street only,
 * never by its description, reporter or house number, and a confidential
 * or care-network signal is never put on an agenda.
 *
 * Held: attendance per invitee (present, absent with notice, absent),
 * minutes per item (Markdown) and a decision; a decision on any item may
 * make one or more follow-up actions, one each time the minutes are saved
 * with an action, each of a focus point of the wijk that the minute-taker
 * chooses (on a focus point's item that focus point unless another is
 * chosen), owned by a department or a partner organisation, with a due
 * date: it is a focus_action like any other, so it shows in the focus
 * point's plan and at /werk/acties for its owner.
 *
 * Who reads a meeting (agenda and minutes): its invited staff accounts,
 * the accounts of a partner organisation with an invited person, and the
 * staff of the wijk's region (a staff role scoped to the region, not the
 * wijkwethouder's or a council member's); nobody else, not even the
 * administrator (wijkteam_may_read).
 */
#ifndef WR_WIJKTEAM_H
#define WR_WIJKTEAM_H

#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/wijkteam_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WIJKTEAM_FREQUENCY_MAX 24
#define WIJKTEAM_PLACE_MAX     300
#define WIJKTEAM_TOPIC_MAX     300
#define WIJKTEAM_MINUTES_MAX   20000
#define WIJKTEAM_DECISION_MAX  4000
#define WIJKTEAM_MAX_PROBLEMS  10

enum wijkteam_result {
    WIJKTEAM_OK = 0,
    WIJKTEAM_INVALID,   /* see the problems */
    WIJKTEAM_FORBIDDEN, /* not this user's wijkteam */
    WIJKTEAM_NOT_FOUND,
    WIJKTEAM_ERROR,
};

/* A form's problems: the field (its name in the form) and a Dutch msgid. */
struct wijkteam_problems {
    struct {
        const char *field, *msgid;
    } p[WIJKTEAM_MAX_PROBLEMS];
    size_t n;
};

/* The three answers of attendance, and the kinds of agenda item, with
 * their Dutch labels (msgids); each list ends with {NULL, NULL}. */
struct wijkteam_code {
    const char *code, *label;
};
extern const struct wijkteam_code wijkteam_attendances[];
extern const struct wijkteam_code wijkteam_item_kinds[];
const char *wijkteam_label(const struct wijkteam_code *list, const char *code);

/* --- rules without the database ----------------------------------------------- */

/* Does a person of the register (started_on, ended_on NULL: still there)
 * work in the wijk on day today (all YYYY-MM-DD)? */
bool wijkteam_person_active(const char *started_on, const char *ended_on, const char *today);

/* Who may read a meeting of a wijk in region_id whose invitees are the
 * staff accounts user_ids and people of the organisations org_ids. */
struct wijkteam_readers {
    int64_t region_id;
    const int64_t *user_ids, *org_ids;
    size_t nusers, norgs;
};
bool wijkteam_may_read(const struct user *u, const struct wijkteam_readers *r);
/* May u keep the wijkteam (composition, meetings) of a wijk of region_id? */
bool wijkteam_may_keep(const struct user *u, int64_t region_id);

/* Why a signal cannot go on an agenda (a msgid), or NULL: it must exist,
 * lie in the meeting's wijk and be neither confidential nor a care-network
 * case. */
const char *wijkteam_signal_refusal(bool found, bool in_wijk, bool confidential);

/* --- the team ------------------------------------------------------------------ */

struct wijkteam_input {
    const char *frequency;  /* as typed */
    const int64_t *persons; /* partner_person ids */
    const int64_t *users;   /* staff account ids */
    size_t npersons, nusers;
};
/* Sets frequency and composition of the wijkteam of area_id (in
 * region_id): every person must be active in the wijk on today, every
 * account staff of the region. In a transaction of its own. */
enum wijkteam_result wijkteam_set(db *d, arena *a, const struct user *u, int64_t area_id,
                                  int64_t region_id, const struct wijkteam_input *in,
                                  const char *today, int64_t now,
                                  /* out: */ struct wijkteam_problems *pr);

/* --- meetings ------------------------------------------------------------------ */

struct wijkteam_meeting_input {
    const char *date, *start, *end, *place; /* date ISO when it read as a date */
    bool invitees_given;                    /* else: the composition */
    const int64_t *persons, *users;
    size_t npersons, nusers;
};
/* Plans a meeting of the wijkteam of area_id (id 0: *out_id set) or
 * changes one (its date, times, place and invitees). In a transaction of
 * its own. */
enum wijkteam_result wijkteam_meeting_save(db *d, arena *a, const struct user *u, int64_t id,
                                           int64_t area_id, int64_t region_id,
                                           const struct wijkteam_meeting_input *in,
                                           const char *today, int64_t now,
                                           /* out: */ struct wijkteam_problems *pr,
                                           int64_t *out_id);

/* May u read meeting m (region_id: its wijk's region today)? */
bool wijkteam_meeting_readable(db *d, arena *a, const struct user *u,
                               const struct wt_meeting_row *m, int64_t region_id);

/* Adds an agenda item: kind onderwerp (topic), focuspunt, melding (ref: the
 * signal's number as typed), inventaris (ref: the inventory input's id) or
 * kennis (ref: the entry's id). */
enum wijkteam_result wijkteam_item_add(db *d, arena *a, const struct user *u,
                                       const struct wt_meeting_row *m, int64_t region_id,
                                       const char *kind, const char *topic, const char *ref,
                                       int64_t now, /* out: */ struct wijkteam_problems *pr);

/* Records attendance (values[i] for invitee ids[i]; all invitees must be
 * answered) and marks the meeting held. */
enum wijkteam_result wijkteam_attendance(db *d, arena *a, const struct user *u,
                                         const struct wt_meeting_row *m, int64_t region_id,
                                         const int64_t *ids, const char *const *values, size_t n,
                                         int64_t now, /* out: */ struct wijkteam_problems *pr);

/* Minutes and decision of an item of a held meeting; with action set, the
 * decision makes one more follow-up action, of the focus point action_focus
 * (its id as sent; empty on a focus point's item: that focus point), which
 * must cover the meeting's wijk. */
struct wijkteam_minutes_input {
    const char *minutes, *decision;
    bool action;
    const char *action_focus, *action_title, *owner_kind, *owner_org, *due_on; /* due_on ISO */
};
enum wijkteam_result wijkteam_minutes(db *d, arena *a, const struct user *u,
                                      const struct wt_meeting_row *m, int64_t region_id,
                                      int64_t item_id, const struct wijkteam_minutes_input *in,
                                      const char *today, int64_t now,
                                      /* out: */ struct wijkteam_problems *pr, int64_t *action_id);

/* The demo's wijkteam of Seghwaert (init --demo) around demo_date (ISO):
 * people of the register, the composition, one held meeting with minutes
 * and a decision that became a focus-point action, and one planned. In the
 * caller's write transaction; nothing when there is a wijkteam already. */
int wijkteam_seed_demo(db *d, const char *demo_date, char *err, size_t errlen);

#endif
