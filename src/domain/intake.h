/*
 * intake.h: the public form's limit per client address, and following a
 * signal instead of reporting it again.
 *
 * The report form, the follow offer and the confirmation mail they cause
 * are open to anybody; so a client address may file at most `per_hour`
 * reports and follows together in any hour (reports_per_hour in the
 * settings, default 10). Staff entering signals for residents (the intake
 * right of the permission table) are not limited, nor is the Open311 API,
 * which has its own rate per key. Behind a trusted proxy the address is the
 * forwarded one (http/server.c); IPv6 addresses count by their /64, the
 * block one subscriber gets. Only a keyed hash of the address is stored,
 * for an hour.
 */
#ifndef WR_INTAKE_H
#define WR_INTAKE_H

#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define INTAKE_DEFAULT_PER_HOUR 10
#define INTAKE_WINDOW_SECONDS   3600

struct signal_problem; /* domain/signal.h */

/* Who submits: address NULL or per_hour 0 means not limited. */
struct intake_client {
    const char *address;
    unsigned per_hour;
};

/* The client of a request by u (NULL: anonymous) from address: staff with
 * the intake right are not limited, everybody else is. */
struct intake_client intake_client_of(const struct user *u, const char *address, unsigned per_hour);

/* Has the client used up its reports and follows of the last hour at now?
 * Then retry_after (optional) receives the seconds until it may again.
 * (Reading only: the write itself counts again, in its transaction.) */
bool intake_limited(db *d, const struct intake_client *c, int64_t now,
                    /* out: */ int64_t *retry_after);

/* Inside the caller's write transaction: counts one report or follow of
 * the client at now. 0 when it was within the limit, 1 when the client is
 * at its limit (nothing counted), -1 on error. */
int intake_take(db *d, const struct intake_client *c, int64_t now);

/* The keyed hash of a client address as the limit counts it (IPv6 by its
 * /64). 0 or -1. */
int intake_client_key(db *d, const char *address, /* out: */ char out[65]);

/* Retention: forgets the counts older than an hour. */
int intake_prune(db *d, int64_t now, /* out: */ int *out_deleted);

/* intake_follow's answers besides 0 and the number of problems. */
#define INTAKE_ERROR          (-1)
#define INTAKE_LIMITED        (-2) /* the client is at its limit */
#define INTAKE_NOT_FOLLOWABLE (-3) /* not an open public signal */

/*
 * A resident follows signal id: their contact details join it (erased by
 * retention like a reporter's), so they hear of its changes, and a receipt
 * goes to their address through the double opt-in (optin.h). The contact
 * is checked exactly as the report form's (signal_check_contact), with the
 * e-mail address required. Only signals public_signal_followable() allows
 * can be followed. An address that already follows the signal is not added
 * again. 0 on success (out_held: the receipt waits for the address to be
 * confirmed), the number of problems (> 0), or one of the codes above.
 */
int intake_follow(db *d, arena *a, int64_t id, const char *name, const char *email,
                  const char *phone, const struct intake_client *c, int64_t now,
                  const char *base_url, /* out: */ struct signal_problem *problems, bool *out_held);

#endif
