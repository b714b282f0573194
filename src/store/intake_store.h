/*
 * intake_store.h: what the public form's limit and the follow path read and
 * write: reports and follows per client address (as a keyed hash, kept for
 * an hour), and whether an address already follows a signal.
 */
#ifndef WR_INTAKE_STORE_H
#define WR_INTAKE_STORE_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* How many reports and follows of the client were recorded after since,
 * and when the oldest of them was (0: none). */
int intake_hits_since(db *d, const char *client_hash, int64_t since, /* out: */ int64_t *n,
                      int64_t *oldest);
/* Records one at now, and deletes the client's records at or before
 * older_than. In the caller's write transaction. */
int intake_hit_add(db *d, const char *client_hash, int64_t now, int64_t older_than);
/* Deletes every record at or before older_than (retention); out_deleted
 * (optional) receives how many. */
int intake_hits_prune(db *d, int64_t older_than, /* out: */ int *out_deleted);

/* Has signal_id a contact with this e-mail address (case-insensitive, not
 * erased)? DB_OK with *yes set, or DB_ERROR. */
int intake_contact_known(db *d, int64_t signal_id, const char *email, /* out: */ bool *yes);

#endif
