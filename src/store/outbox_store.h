/*
 * outbox_store.h: the e-mail outbox in the database.
 *
 * A message is enqueued in the transaction of the change it reports, so it
 * exists exactly when the change does; the mailer claims due messages,
 * sends them and records the outcome here. Failed attempts are retried
 * with back-off (1 min, 5 min, 15 min, 1 h, 4 h, then every 12 h) until 3
 * days after the message was queued; then it is 'failed' and stays in the
 * list for the administrator. Times are unix seconds and always passed in,
 * so tests control the clock.
 *
 * Mail to a resident goes through optin_queue() (domain/optin.h), never
 * straight to outbox_enqueue: there the address's confirmation decides
 * whether a message is queued or held. A held message is never claimed; it
 * is released (queued, created_at set to the release time, so its three
 * days of retries start then) when its address is confirmed, or dropped
 * (address and body erased) when the confirmation request expires. The
 * addresses themselves are kept here only as keyed hashes (mail_address).
 */
#ifndef WR_OUTBOX_STORE_H
#define WR_OUTBOX_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OUTBOX_GIVE_UP_SECONDS (3 * 24 * 60 * 60)
/* A claimed message is not due again for this long, so a second mailer (or
 * the same one after a crash) does not send it while it is in flight; it is
 * retried after that when its outcome was never recorded. */
#define OUTBOX_LEASE_SECONDS (15 * 60)

enum outbox_status {
    OUTBOX_QUEUED = 0,
    OUTBOX_SENT = 1,
    OUTBOX_FAILED = 2,
    OUTBOX_HELD = 3,    /* waits until its address is confirmed */
    OUTBOX_DROPPED = 4, /* its address was never confirmed; erased */
};

struct outbox_msg {
    int64_t id;
    int64_t created_at;
    const char *to_addr; /* "" once erased by retention */
    const char *subject;
    const char *body_text;       /* NULL in lists and once erased */
    const char *kind;            /* "confirmation", "status", "closed", ... */
    const char *addr_hash;       /* keyed hash of to_addr (mail_address); NULL: none */
    int64_t ref;                 /* e.g. the signal's id; 0: none */
    const char *unsubscribe_url; /* List-Unsubscribe (RFC 8058); NULL: none */
    int attempts;
    int64_t next_attempt_at;
    const char *last_error; /* NULL: none */
    int64_t sent_at;        /* 0: not sent */
    enum outbox_status status;
};

struct outbox_counts {
    int64_t queued, sent, failed, held, dropped;
    int64_t oldest_queued_at; /* created_at of the oldest queued message; 0: none */
};

/* "queued", "sent", "failed", "held", "dropped". */
const char *outbox_status_code(enum outbox_status s);

/* Seconds to wait after the attempts-th failed attempt (1-based): 60, 300,
 * 900, 3600, 14400, then 43200. */
int64_t outbox_backoff(int attempts);

/* A message to queue. */
struct outbox_new {
    const char *to_addr;
    const char *addr_hash; /* the address's keyed hash (mail_address); NULL: none */
    const char *subject;
    const char *body;
    const char *kind; /* lower-case letters and '_' */
    int64_t ref;      /* e.g. the signal's id; 0: none */
    bool held;        /* wait for the address to be confirmed (needs addr_hash) */
    /* An https URL that unsubscribes with one POST (List-Unsubscribe and
     * List-Unsubscribe-Post, RFC 8058); NULL: none. It holds a secret and is
     * erased with the address and the body. */
    const char *unsubscribe_url;
};

/*
 * Queues a message, due at once (or held). Call it inside the caller's
 * write transaction (db_begin_write ... db_commit), with the change it
 * reports. to_addr and body are personal data and erased by retention;
 * subject and kind must not hold any. DB_OK, DB_CONSTRAINT (bad kind) or
 * DB_ERROR.
 */
int outbox_enqueue(db *d, int64_t now, const struct outbox_new *m, /* out: */ int64_t *id);

/*
 * Claims up to limit queued messages due at now (oldest due first), with
 * their bodies, in the arena: their next_attempt_at moves to now +
 * OUTBOX_LEASE_SECONDS in the same statement, so no other claim returns
 * them. Each must then be marked sent or failed.
 */
int outbox_claim_due(db *d, arena *a, int64_t now, size_t limit, /* out: */ struct outbox_msg **out,
                     size_t *n);

/* Records delivery. DB_NOTFOUND when the message is not queued. */
int outbox_mark_sent(db *d, int64_t id, int64_t now);

/*
 * Records a failed attempt with its reason (short, no personal data; cut to
 * 200 bytes). The message is due again after outbox_backoff(attempts), but
 * not later than 3 days after it was queued; a failure at or after that
 * point, or a permanent one (the message itself is invalid), makes it
 * 'failed'. out_status and out_next (optional) tell what became of it.
 * DB_NOTFOUND when the message is not queued.
 */
int outbox_mark_failed(db *d, int64_t id, int64_t now, const char *error, bool permanent,
                       /* out: */ enum outbox_status *out_status, int64_t *out_next);

/* Loads one message with its body. DB_NOTFOUND when absent. */
int outbox_get(db *d, arena *a, int64_t id, /* out: */ struct outbox_msg *m);

/*
 * For the administrator: up to limit messages with id < before_id (0: from
 * the newest), newest first, without bodies; status < 0 lists all, else
 * only that status. The next page starts before the last id returned.
 */
int outbox_list(db *d, arena *a, int64_t before_id, int status, size_t limit,
                /* out: */ struct outbox_msg **out, size_t *n);

int outbox_counts(db *d, /* out: */ struct outbox_counts *c);

/*
 * Retention: erases the address and body (to_addr '', body_text NULL) of
 * messages sent before older_than, and of 'failed' ones queued before it;
 * the rows stay. out_erased (optional) receives how many were erased, for
 * the caller's log line.
 */
int outbox_purge_sent(db *d, int64_t older_than, /* out: */ int *out_erased);

/* --- addresses (double opt-in) -------------------------------------------- */

/* What is known of an e-mail address: only its keyed hash and dates. */
struct outbox_address {
    int64_t requested_at; /* the last confirmation request; 0: none */
    int64_t confirmed_at; /* 0: not confirmed */
    int64_t used_at;
    const char *addr_hash;
};

/* The address with this keyed hash. DB_NOTFOUND when unknown. */
int outbox_address_get(db *d, arena *a, const char *addr_hash, /* out: */ struct outbox_address *o);
/* The address whose confirmation link has this token hash, if the request
 * was made after requested_after. DB_NOTFOUND otherwise. */
int outbox_address_by_token(db *d, arena *a, const char *token_hash, int64_t requested_after,
                            /* out: */ struct outbox_address *o);
/* Records a new confirmation request at now with its token's hash: the
 * address becomes (or stays) unconfirmed; a previous link stops working. */
int outbox_address_request(db *d, const char *addr_hash, const char *token_hash, int64_t now);
/* Records the address as confirmed at now without a request (the demo's
 * made-up participants); an address confirmed before stays as it was. */
int outbox_address_confirmed(db *d, const char *addr_hash, int64_t now);
/* Drops (status 'dropped', address and body erased) the held messages to
 * the address with this ref whose kind matches kind_glob (GLOB). */
int outbox_drop_held(db *d, const char *addr_hash, int64_t ref, const char *kind_glob,
                     /* out: */ int *out_dropped);
/* Records that mail to the address was queued at now. */
int outbox_address_used(db *d, const char *addr_hash, int64_t now);
/* Confirms the address at now (the first confirmation counts) and releases
 * its held messages: queued, due now, created_at now. out_released
 * (optional) receives how many. */
int outbox_address_confirm(db *d, const char *addr_hash, int64_t now,
                           /* out: */ int *out_released);
/*
 * Retention of addresses: held messages of addresses whose request was made
 * at or before request_before and never answered are dropped (address and
 * body erased); those addresses are forgotten, and so are confirmed ones
 * without mail since unused_before; links of requests at or before
 * request_before stop working. The counts (optional) are for a log line.
 */
int outbox_address_expire(db *d, int64_t request_before, int64_t unused_before,
                          /* out: */ int *out_dropped, int *out_forgotten);

#endif
