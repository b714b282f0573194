/*
 * optin.h: double opt-in for e-mail to residents.
 *
 * Anybody can type any address into the report form, the follow offer, the
 * counter's form or an app. So the first message to an address the program
 * has not written to before is a request to its owner to confirm it, with
 * a link to a page where they press a button (a POST: mail scanners open
 * links, so opening one confirms nothing). Until the address is confirmed,
 * every other message to it waits in the outbox as 'held'; once it is, what
 * waited is sent. A request goes to an address at most once in
 * OPTIN_PERIOD_DAYS, however often it is used meanwhile, and its link works
 * as long; when it expires unanswered, the held messages are dropped
 * (erased) and the address is forgotten. So nobody can make the
 * municipality write to a stranger more than once a period, and what a
 * stranger receives holds no text anybody typed.
 *
 * Addresses are known here only by a keyed hash of their normalised form
 * (lower case; "+tag" removed; for Gmail also the dots), so variants of one
 * mailbox share one confirmation and one request. The token of a link is
 * stored as a keyed hash too. See docs/decisions/0011-email-double-opt-in.md.
 */
#ifndef WR_OPTIN_H
#define WR_OPTIN_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define OPTIN_PERIOD_DAYS 30
#define OPTIN_KIND        "confirm_address" /* the outbox kind of a request */
/* How long a registration for a public meeting made with an unconfirmed
 * address holds its place (domain/meeting.h; the request says so). */
#define OPTIN_MEETING_HOLD_HOURS 48

/* The keyed hash (64 hex characters) of an address's normalised form. 0, or
 * -1 when the installation secret is missing. */
int optin_address_key(db *d, const char *addr, /* out: */ char out[65]);

/* What the address was given for: the request's wording, and the wording
 * of the page behind its link (?voor=bijeenkomst for a meeting). */
enum optin_purpose {
    OPTIN_FOR_REPORT = 0,  /* a report (melding), and every other use */
    OPTIN_FOR_MEETING,     /* a registration for a public meeting */
    OPTIN_FOR_QUESTION,    /* a question to the wijkwethouder (spreekuur) */
    OPTIN_FOR_APPLICATION, /* an application for a grant (bewonersinitiatief) */
};

/* A message to a resident. subject and kind hold no personal data. */
struct optin_mail {
    const char *to;
    const char *subject;
    const char *body;
    const char *kind;
    int64_t ref;                /* e.g. the signal's id; 0: none */
    enum optin_purpose purpose; /* only for the request, when one is sent */
};

/*
 * Queues m inside the caller's write transaction: due at once when its
 * address is confirmed, otherwise held; and when the address had no
 * confirmation request in the last OPTIN_PERIOD_DAYS, a request (with a
 * link under base_url) is queued before it. out_held (optional) is set
 * when m waits for the confirmation. 0, or -1 on a store error.
 */
int optin_queue(db *d, arena *a, int64_t now, const char *base_url, const struct optin_mail *m,
                /* out: */ bool *out_held);

/* Whether the address (as typed) is confirmed: *confirmed. 0, or -1 on a
 * store error or a missing installation secret. */
int optin_is_confirmed(db *d, arena *a, const char *addr, /* out: */ bool *confirmed);
/* Records the address as confirmed without a request: only for the demo's
 * made-up participants (example.nl). 0, or -1. */
int optin_mark_confirmed(db *d, const char *addr, int64_t now);

enum optin_link {
    OPTIN_LINK_UNKNOWN = 0, /* no such link, or it expired */
    OPTIN_LINK_OPEN,        /* valid, the address is not confirmed yet */
    OPTIN_LINK_CONFIRMED,   /* valid, the address is confirmed */
    OPTIN_LINK_ERROR,
};

/* What the link with this token is at now (reading only). */
enum optin_link optin_link_state(db *d, arena *a, const char *token, int64_t now);

/* Confirms the address of the link (pressing the button): its held
 * messages become due. Confirming twice is harmless. OPTIN_LINK_CONFIRMED,
 * OPTIN_LINK_UNKNOWN or OPTIN_LINK_ERROR. */
enum optin_link optin_confirm(db *d, arena *a, const char *token, int64_t now);

/*
 * Retention, inside the caller's write transaction: drops the held messages
 * of addresses whose request expired unanswered and forgets those
 * addresses; forgets confirmed addresses without mail for retention_days.
 * The counts (optional) are for a log line.
 */
int optin_expire(db *d, int64_t now, int retention_days, /* out: */ int *out_dropped,
                 int *out_forgotten);

#endif
