/*
 * notify.h: e-mail to residents about new public items in the wijken and
 * topics they follow.
 *
 * What a resident can be told about is a short fixed list, each recorded
 * once in one queue (notify_event) at the moment the item became public:
 *   consultatie  a consultation announced (consult_save of a new one), and
 *                each phase it enters (information, ideas, reactions,
 *                choice, result) on the phase's first day
 *   bijeenkomst  a new public meeting (meeting_save of a new one)
 *   spreekuur    the first answer to a public spreekuur question
 *   verhaal      a story published for the first time
 *   enquete      a survey opening, on its first day
 * The day-driven ones (phases, openings) are found by the scheduler's pass,
 * for days from NOTIFY_LOOKBACK_DAYS - 1 days ago to today (Amsterdam), so a
 * server that was down still tells; the rest are recorded by the domain in
 * the transaction that makes the item public.
 *
 * Who: an event has a wijk, a region (of several wijken) or the whole city,
 * and a topic or none. Items carry no topic of their own today, so every
 * source records "no topic": it goes to every resident who follows any
 * topic in its wijk (a region: in one of its wijken; the city: in any wijk).
 * An event with a topic goes only to who follows that topic there. A
 * resident who follows nothing gets nothing.
 *
 * How often, the resident's own choice (consent, AVG): no e-mail (the
 * default for every account, old and new: nothing is sent before the
 * resident chose), at once (the scheduler's next pass, at most
 * NOTIFY_INTERVAL seconds later, one e-mail per event), or a weekly digest:
 * at the first pass after Monday 07:00 Amsterdam time, one e-mail with every
 * event since the last digest; nothing is sent when there is none. A choice
 * counts from the moment it is made: no older news.
 *
 * Every message carries its own unsubscribe link, /afmelden/TOKEN, in the
 * text and in List-Unsubscribe with List-Unsubscribe-Post (RFC 8058). The
 * token is 32 random bytes, kept only as a keyed hash, works until it is
 * used or the account is erased; using it turns e-mail off. The one-click
 * POST needs no session and no CSRF token: the token in the path is the
 * secret, known only to the mailbox it was sent to, and all it can do is
 * turn that mailbox's notifications off.
 */
#ifndef WR_NOTIFY_H
#define WR_NOTIFY_H

#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/notify_store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define NOTIFY_INTERVAL      300 /* seconds between the scheduler's passes */
#define NOTIFY_LOOKBACK_DAYS 7
#define NOTIFY_DIGEST_HOUR   7   /* Monday, Amsterdam time */
#define NOTIFY_DIGEST_MAX    50  /* events listed in one digest */
#define NOTIFY_BATCH         200 /* events dispatched per pass */

/* The choices: stored codes. */
#define NOTIFY_OFF     "uit"
#define NOTIFY_AT_ONCE "direct"
#define NOTIFY_WEEKLY  "week"

/* Records that an item became public, inside the caller's write
 * transaction, and wakes the scheduler. kind: one of the list above; detail
 * "" or e.g. a phase; area_id (a wijk) or region_id or neither (the city);
 * topic NULL: every topic; title: public text (cut to 300 bytes); path: the
 * public page. 0 or -1. */
int notify_record(db *d, const char *kind, int64_t ref, const char *detail, int64_t area_id,
                  int64_t region_id, const char *topic, const char *title, const char *path,
                  int64_t now);

/* The code recorded for a consultation's phase (enum consult_phase). */
const char *notify_phase_code(int phase);

/* The start of the digest week that contains now: the last Monday 07:00
 * Amsterdam time at or before now. */
int64_t notify_week_start(int64_t now);

struct notify_result {
    int events;  /* day-driven events recorded */
    int at_once; /* at-once e-mails queued */
    int digests; /* digests queued */
};
/* One pass at now (its own write transaction): the day-driven events, the
 * at-once mails of events not yet dispatched, and the weekly digests when
 * one is due; links under base_url. 0 or -1. */
int notify_run(db *d, int64_t now, const char *base_url, /* out: */ struct notify_result *res);

/* The resident's choice (NOTIFY_OFF when none was made). */
const char *notify_mode(db *d, arena *a, int64_t user_id);
/* The resident chooses mode at now. 0; 1 with *problem (a Dutch msgid)
 * when mode is not a choice or the resident follows no topic; -1. */
int notify_choose(db *d, arena *a, const struct user *u, const char *mode, int64_t now,
                  /* out: */ const char **problem);
/* The demo: the resident with address email has chosen mode (when no
 * choice was made yet), inside the caller's write transaction. 0 or -1. */
int notify_demo_choose(db *d, arena *a, const char *email, const char *mode, int64_t now);
/* Turns e-mail off for the owner of token (one-click unsubscribe); the
 * token is used up. 0, DB_NOTFOUND (unknown, used, erased account), -1. */
int notify_unsubscribe(db *d, const char *token, int64_t now);
/* Does the token work? (Reading only.) */
bool notify_token_valid(db *d, const char *token);
/* Adds "notifications" (the choice and since when) to a resident's export. */
int notify_export(db *d, arena *a, int64_t user_id, json_t *o);

/* One turn of the background pass: notify_run, then the meeting
 * registrations whose typed address was not confirmed in time lapse
 * (meeting_release_unconfirmed, *lapsed), each in its own transaction.
 * 0, or -1 when either failed. */
int notify_pass_run(db *d, int64_t now, const char *base_url, /* out: */ struct notify_result *r,
                    int *lapsed);
/* The background pass: notify_pass_run every NOTIFY_INTERVAL seconds and
 * when woken. */
void notify_set_base_url(const char *base_url); /* before notify_start; kept */
int notify_start(void);
void notify_wake(void);
void notify_stop(void);

#endif
