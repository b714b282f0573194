/*
 * mailer.h: delivers the outbox through the SMTP relay.
 *
 * Pages never talk to the relay: they enqueue (optin_queue for residents,
 * outbox_enqueue) in their own transaction and return, and this module
 * sends in the background, so a slow or absent relay never delays a
 * resident's request and a message is never lost with it. Held messages
 * (waiting for their address to be confirmed) are never claimed. A relay
 * that cannot be reached fails the whole pass at once (every claimed
 * message gets a failed attempt and its back-off), so a dead relay costs
 * one connection time-out per pass, not one per message.
 */
#ifndef WR_MAILER_H
#define WR_MAILER_H

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

#define MAILER_DEFAULT_BATCH    20
#define MAILER_DEFAULT_INTERVAL 30 /* seconds between passes */

struct mailer_cfg {
    const char *smtp_url;  /* smtp://... or smtps://...; NULL or "": no relay */
    const char *from;      /* sender address */
    const char *from_name; /* display name, or NULL */
    size_t batch;          /* messages claimed at a time; 0: MAILER_DEFAULT_BATCH */
};

/*
 * One pass at time now: claims the due messages (in batches, until none is
 * due or the relay is unreachable), sends each, and records sent or a failed
 * attempt. Without a relay it does nothing and the messages stay queued.
 * Returns the number of messages sent, or -1 when the database failed.
 */
int mailer_run_once(db *d, const struct mailer_cfg *cfg, int64_t now);

/*
 * Starts the background thread: a pass every interval_seconds (0: the
 * default) and whenever mailer_wake() is called; it opens its own database
 * connection with db_thread() (call after db_setup). The strings are copied.
 * Without smtp_url it logs once that mail stays queued and starts nothing.
 * Start it after the stop signals are blocked (run_serve does that first),
 * so the thread inherits that mask. 0, or -1 when the thread could not start.
 */
int mailer_start(const char *smtp_url, const char *from, unsigned interval_seconds);

/* Asks for a pass now (after committing a transaction that enqueued mail). */
void mailer_wake(void);

/* Stops the thread after one last pass, so that what was enqueued before
 * the stop goes out (or gets its failed attempt recorded). Waits for it.
 * Harmless when the thread is not running. */
void mailer_stop(void);

#endif
