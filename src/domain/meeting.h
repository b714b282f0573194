/*
 * meeting.h: public meetings: the wijkwethouder's round through the wijk,
 * wijktafels and residents' evenings. The wijkregisseur of the wijk's
 * region and the region's ondersteuner keep them (policy.c,
 * ACT_MEETING_EDIT): date, start and end (typed as people write them, Dutch
 * local time), place and whether it is accessible to wheelchairs, agenda
 * and a registration limit; afterwards a public summary in Markdown.
 *
 * Registration: a name and an e-mail address, or a logged-in resident in
 * one press. Up to the limit a registration is a place, beyond it a place
 * on the waiting list. The confirmation e-mail holds a link to cancel (its
 * token kept only as a keyed hash; cancelling is a POST on the page the
 * link opens). A place that comes free (a cancellation, a higher limit, a
 * lapsed registration) goes to the first on the waiting list, who is told
 * by e-mail; the limit cannot go below the places taken. E-mail to an
 * address typed in the form goes through the double opt-in (optin.h); to a
 * resident's account directly. A registration whose typed address is not
 * confirmed within MEETING_CONFIRM_HOURS lapses (decision 0021).
 *
 * Each registration, and each presence staff enter at the meeting (by
 * postcode and house number: a keyed pseudonym), is an act of
 * participation: wijk, channel, age band, participant, time; no personal
 * data. Names and e-mail addresses are erased MEETING_ERASE_DAYS days
 * (Amsterdam days) after the meeting; the counts stay.
 */
#ifndef WR_MEETING_H
#define WR_MEETING_H

#include "domain/optin.h"
#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/meeting_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEETING_TITLE_MAX    150
#define MEETING_PLACE_MAX    300
#define MEETING_AGENDA_MAX   5000
#define MEETING_SUMMARY_MAX  20000
#define MEETING_CAPACITY_MAX 5000
#define MEETING_NAME_MAX     80
#define MEETING_ERASE_DAYS   30
/* An unconfirmed address's registration holds its place this long (see
 * meeting_release_unconfirmed). */
#define MEETING_CONFIRM_HOURS OPTIN_MEETING_HOLD_HOURS

struct meeting_kind {
    const char *code, *label; /* label: Dutch msgid */
};
extern const struct meeting_kind meeting_kinds[];
extern const size_t meeting_nkinds;
const char *meeting_kind_label(const char *code);

/* A time of day as people write it ("19:30", "19.30", "19u30", "19 uur",
 * "19"): its second of the day. 0, or -1 when it is no time. */
int meeting_parse_time(const char *s, int32_t *sec_of_day);

/* What the form sends, as typed (date: ISO when it read as a date); the
 * wijk already looked up (area_id 0 with wijk_unknown: none chosen or no
 * wijk; outside: a wijk the user does not keep). */
struct meeting_input {
    const char *kind, *title, *date, *start, *end, *place, *agenda, *capacity;
    const char *topic; /* a code of resident_topics; NULL or "": none */
    bool accessible;
    int64_t area_id;
    bool wijk_unknown, wijk_outside;
};

struct meeting_problem {
    const char *field, *msgid;
};
#define MEETING_MAX_PROBLEMS 12

/* Checks the input; with no problems *row (optional) gets the meeting's
 * fields (times as Unix seconds, the strings in). */
size_t meeting_validate(const struct meeting_input *in, /* out: */ struct meeting_problem *out,
                        struct meeting_row *row);
/* A new meeting (id 0: *out_id set) or a change; validated first
 * (DB_ERROR when invalid). Within the caller's write transaction. */
int meeting_save(db *d, int64_t id, const struct meeting_input *in, int64_t user_id, int64_t now,
                 /* out: */ int64_t *out_id);
enum meeting_change {
    MEETING_CHANGE_OK = 0,
    MEETING_CHANGE_BELOW,     /* the new limit lies below the number registered (*registered) */
    MEETING_CHANGE_NOT_FOUND, /* no such meeting */
    MEETING_CHANGE_ERROR,     /* invalid input or a store error */
};
/* A change of a meeting, within the caller's write transaction: validated
 * first; refused (nothing written) when the limit would lie below the
 * number of places taken (*registered); when places are free afterwards,
 * the waiting list moves up in order (meeting_fill_places; *moved). When
 * the day, the time or the place (or its access) changed before the meeting
 * began, everyone registered or waiting with an e-mail address is told the
 * new and the old (*told). */
enum meeting_change meeting_change(db *d, arena *a, int64_t id, const struct meeting_input *in,
                                   int64_t user_id, int64_t now, const char *base_url,
                                   /* out: */ int *registered, int *moved, int *told);
/* Within the caller's write transaction: while the meeting (not begun at
 * now) has fewer places taken than its limit, the first on its waiting list
 * gets a place and is told by e-mail (cancel link: the first e-mail's).
 * *moved: how many moved up. DB_OK, DB_NOTFOUND, DB_ERROR. */
int meeting_fill_places(db *d, arena *a, int64_t meeting_id, int64_t now, const char *base_url,
                        /* out: */ int *moved);
/* The summary afterwards (empty: none). NULL when fine, else a msgid. */
const char *meeting_summary_problem(const char *text);

/* Who registers: a resident's account (user set; name and e-mail from the
 * account) or a name and an e-mail address. */
struct meeting_registrant {
    const struct user *resident;
    const char *name, *email;
};

enum meeting_reg {
    MEETING_REGISTERED = 0, /* a place */
    MEETING_WAITING,        /* a place on the waiting list (*place) */
    MEETING_ALREADY,        /* this participant had registered already: nothing changed */
    MEETING_CLOSED,         /* the meeting has begun or is over */
    MEETING_INVALID,        /* problems */
    MEETING_NOT_FOUND,
    MEETING_ERROR,
};

/* Registers (in a transaction of its own) and queues the confirmation
 * with its cancel link under base_url. problems: MEETING_MAX_PROBLEMS. */
enum meeting_reg meeting_register(db *d, arena *a, int64_t meeting_id,
                                  const struct meeting_registrant *who, int64_t now,
                                  const char *base_url, /* out: */ struct meeting_problem *problems,
                                  size_t *nproblems, int *place);

/* The registration of a cancel token (reading only): DB_OK, DB_NOTFOUND. */
int meeting_cancel_find(db *d, arena *a, const char *token, /* out: */ struct meeting_reg_row *r);
/* Cancels the registration of the token (in a transaction of its own):
 * when it held a place, the first on the waiting list gets it and is told.
 * DB_OK, DB_NOTFOUND, DB_ERROR; *moved_up (optional): someone moved up. */
int meeting_cancel(db *d, arena *a, const char *token, int64_t now, const char *base_url,
                   /* out: */ bool *moved_up);

/* Staff enter someone present at the meeting by postcode and house number
 * (a keyed pseudonym) and optionally an age band; within the caller's
 * write transaction. NULL when stored, else a msgid (*field set). */
const char *meeting_attend(db *d, int64_t meeting_id, int64_t wijk_id, const char *postcode,
                           const char *house_number, const char *age_band, int64_t now,
                           /* out: */ const char **field);

/* The rule of docs/decisions/0021 (in the notification pass, within a write
 * transaction): a registration made with an address typed in the form
 * that is still unconfirmed MEETING_CONFIRM_HOURS after registering lapses
 * for a meeting that has not begun: the registration is deleted, its held
 * e-mails are dropped, one held e-mail says it lapsed (it arrives only if
 * the owner confirms after all), and the waiting list moves up.
 * *released: registrations. 0, or -1. */
int meeting_release_unconfirmed(db *d, arena *a, int64_t now, const char *base_url,
                                /* out: */ int *released);

/* Retention, within the caller's write transaction: erases the names and
 * e-mail addresses of meetings whose Amsterdam day of ending lies
 * MEETING_ERASE_DAYS or more days before now's. *erased: registrations. */
int meeting_retention(db *d, arena *a, int64_t now, /* out: */ int *erased);

/* The demo's meetings (init --demo), around demo_date (ISO), when the
 * database has none yet: in the caller's write transaction. */
int meeting_seed_demo(db *d, const char *demo_date, char *err, size_t errlen);

#endif
