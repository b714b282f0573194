/*
 * resident.h: residents who take part (the role bewoner).
 *
 * A resident signs up with an e-mail address, a display name, the wijk
 * they live in, optionally an age band, and what they want to hear about
 * (wijk and topic). There is no password: a resident logs in with a link
 * sent by e-mail. A link is 32 random bytes, stored only as a keyed hash,
 * works once and for RESIDENT_LINK_SECONDS; opening it shows a button and
 * pressing it (a POST) logs in, because mail scanners open links. The
 * first redeemed link verifies the address. One mailbox, one account: the
 * account is unique on the keyed hash of the normalised address
 * (optin_address_key), so "Piet+x@Example.nl" is the account of
 * "piet@example.nl".
 *
 * Asking for a link (signing up is asking for one too) is limited per
 * client address (the public form's limit, reports_per_hour, counted apart)
 * and per e-mail address (RESIDENT_LINKS_PER_ADDRESS an hour); the answer
 * is the same whether or not the address has an account, and a sign-up
 * with an address that has an account changes nothing of it but sends a
 * login link.
 *
 * A resident sees, changes, exports and deletes their own data. Deleting
 * erases e-mail, name, wijk, age band and interests at once; the account's
 * row stays as a tombstone so that later contributions can say "verwijderde
 * deelnemer". Accounts unused for RESIDENT_IDLE_DAYS are erased, after a
 * warning e-mail RESIDENT_WARNING_DAYS before; sign-ups never verified go
 * after a day.
 */
#ifndef WR_RESIDENT_H
#define WR_RESIDENT_H

#include "domain/auth.h"
#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RESIDENT_LINK_SECONDS       (15 * 60)
#define RESIDENT_LINKS_PER_ADDRESS  5 /* links per e-mail address per hour */
#define RESIDENT_IDLE_DAYS          730
#define RESIDENT_WARNING_DAYS       30
#define RESIDENT_UNVERIFIED_SECONDS (24 * 60 * 60)
#define RESIDENT_NAME_MAX           80
#define RESIDENT_MAX_INTERESTS      64

/* A fixed list: code (stored) and Dutch label (msgid). */
struct resident_choice {
    const char *code, *label;
};
extern const struct resident_choice resident_topics[];
extern const size_t resident_ntopics;
extern const struct resident_choice resident_age_bands[];
extern const size_t resident_nage_bands;
/* The label of a topic or age band code; NULL when unknown. */
const char *resident_topic_label(const char *code);
/* A topic chosen on a form for an item (consultation, meeting, story,
 * spreekuur question): NULL or "" is none (*out NULL), a code of
 * resident_topics is kept (*out the code); anything else returns false. */
bool resident_topic_input(const char *in, /* out: */ const char **out);
/* The message for a topic that is not in the list (a msgid). */
extern const char *const resident_topic_problem;
const char *resident_age_band_label(const char *code);

/* What a resident fills in. An interest is "wijkslug:topic". */
struct resident_input {
    const char *email; /* sign-up only */
    const char *name;
    const char *wijk;     /* slug */
    const char *age_band; /* "" or NULL: not given */
    const char **interests;
    size_t ninterests;
};

/* A problem with one field: its name (the form field) and a Dutch msgid. */
struct resident_problem {
    const char *field;
    const char *msgid;
};
#define RESIDENT_MAX_PROBLEMS 6

/* Results besides 0 (done) and a number of problems (> 0). */
#define RESIDENT_ERROR   (-1)
#define RESIDENT_LIMITED (-2) /* too many links asked for: *retry_after */

/* Who asks (the client address; NULL or per_hour 0: not limited). */
struct resident_client {
    const char *address;
    unsigned per_hour;
};

/* Signs up (or, for an address with an account, only sends a login link),
 * at now; the link's e-mail is queued with a link under base_url. */
int resident_signup(db *d, arena *a, const struct resident_input *in,
                    const struct resident_client *c, int64_t now, const char *base_url,
                    /* out: */ struct resident_problem *problems, int64_t *retry_after);
/* Asks for a login link for email: sent when it has an account. 0, 1 (the
 * address is not a valid address), RESIDENT_LIMITED or RESIDENT_ERROR. */
int resident_request_link(db *d, arena *a, const char *email, const struct resident_client *c,
                          int64_t now, const char *base_url, /* out: */ int64_t *retry_after);
/* Makes a login link for the account of email and returns it (for the
 * operator's command line: the demo without a mail server). 0, DB_NOTFOUND
 * (no such account) or -1. */
int resident_make_link(db *d, arena *a, const char *email, int64_t now, const char *base_url,
                       /* out: */ const char **link);

/* A demo resident (init --demo), verified at now, inside the caller's
 * write transaction: made when the address has no account, else left as
 * it is. 0, a number of problems, or RESIDENT_ERROR. */
int resident_demo_ensure(db *d, arena *a, const struct resident_input *in, int64_t now);

/* Does the token name a link that works at now? (Reading only.) */
bool resident_link_valid(db *d, const char *token, int64_t now);
/* Redeems the link (single use) and starts a session of its account:
 * RESIDENT_OK 0 with token and csrf, DB_NOTFOUND when the link does not
 * work (used, expired, unknown), RESIDENT_ERROR. */
int resident_redeem(db *d, arena *a, const char *token, int64_t now,
                    /* out: */ struct user *u, char session[AUTH_TOKEN_CHARS], const char **csrf);

/* The resident changes their data; 0 or a number of problems. */
int resident_change(db *d, arena *a, const struct user *u, const struct resident_input *in,
                    int64_t now, /* out: */ struct resident_problem *problems);
/* Everything stored about the resident, as JSON (the export and the page). */
json_t *resident_export(db *d, arena *a, int64_t user_id);
/* Deletes the account (erases at once, audited without personal data). */
int resident_delete(db *d, const struct user *u, int64_t now);

/* Retention, inside the caller's write transaction: warnings for accounts
 * unused for RESIDENT_IDLE_DAYS - RESIDENT_WARNING_DAYS, erasure of accounts
 * unused for RESIDENT_IDLE_DAYS and warned RESIDENT_WARNING_DAYS before, and
 * of sign-ups never verified; old links go. */
int resident_retention(db *d, arena *a, int64_t now, const char *base_url,
                       /* out: */ int *out_warned, int *out_erased);

#endif
