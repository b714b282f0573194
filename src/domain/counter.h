/*
 * counter.h: the rules of the counter (wijkposten and the Gemeentelijk
 * Informatiepunt): locations with their opening hours, the contacts a
 * clerk registers there, and the figures the monitor and the council report
 * show.
 *
 * A contact holds no name, address or free text about a person: only the
 * location, the channel, the type, and for a product which one, for a
 * referral its destination. A referral to the care network goes with a
 * confidential signal taken in through the counter's signal form (the same
 * transaction); the contact keeps only that it was referred there. A warm
 * hand-off to an organisation that works in this program, with the
 * resident's agreement, tells that organisation by e-mail, without any
 * personal data.
 */
#ifndef WR_COUNTER_H
#define WR_COUNTER_H

#include "lib/arena.h"
#include "store/counter_store.h"
#include "store/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A clerk may undo his or her last contact for this long. */
#define COUNTER_UNDO_SECONDS 300
#define COUNTER_HOURS_MAX    80 /* bytes of one day's hours */
#define COUNTER_NAME_MAX     120
#define COUNTER_ADDRESS_MAX  200

struct counter_code {
    const char *code;
    const char *label; /* Dutch msgid */
};
extern const struct counter_code counter_types[];    /* vraag, melding, ... */
extern const struct counter_code counter_products[]; /* hondenpoepzakjes, ... */
extern const struct counter_code counter_channels[]; /* balie, telefoon */
extern const struct counter_code counter_kinds[];    /* wijkpost, gip */
extern const char *const counter_weekdays[7];        /* Dutch msgids, Monday first */
/* The label (msgid) of code in a NULL-terminated list; NULL when unknown. */
const char *counter_label(const struct counter_code *list, const char *code);

/*
 * One day's opening hours as people write them: time spans "9:00-12:30",
 * separated by commas, each start before its end, in order; "." may stand
 * for ":" and "–" for "-". Empty (or only spaces): closed. Writes the
 * normal form ("09:00-12:30, 13:30-16:00") to out and returns NULL, or
 * returns the Dutch msgid saying what is wrong.
 */
const char *counter_hours_normalise(const char *in, /* out: */ char out[COUNTER_HOURS_MAX]);

/* A problem with one field, for the form. */
struct counter_problem {
    const char *field;
    const char *msgid;
};
#define COUNTER_MAX_PROBLEMS 12

/* Checks a location (hours are normalised in place into the arena);
 * returns the number of problems. */
size_t counter_location_validate(arena *a, struct counter_location_row *l,
                                 /* out: */ struct counter_problem *p);

/* Stores a checked location (counter_location_validate) with the partners in
 * its building, inside the caller's transaction. An id in orgs that is not
 * a partner organisation is a problem ("orgs"); a name already taken too
 * ("name"). Returns 0 and fills *p when refused, 1 when stored, -1 on a
 * store error. */
int counter_location_update(db *d, arena *a, const struct counter_location_row *l,
                            const int64_t *orgs, size_t norgs, int64_t user_id, int64_t now,
                            /* out: */ struct counter_problem *p);

/* What the till sends for one contact. */
struct counter_contact_input {
    int64_t location_id;
    const char *channel;
    const char *type;
    const char *product;     /* for a product */
    int64_t referral_org_id; /* for a referral to a department or organisation */
    bool care_network;       /* for a referral to the care network */
    bool warm_handoff;       /* hand the resident over to the organisation */
    bool consent;            /* the resident agreed to the warm hand-off */
    bool with_signal;        /* comes with a signal taken in at the counter */
    int64_t user_id;
};

/*
 * Checks a contact against the rules and fills the row to store (location
 * active, channel, type; a product only and always for a product; a
 * referral names exactly one destination; the care network only with a
 * signal; a signal ("melding") only with a signal, so it is not counted
 * twice; a warm hand-off only to an organisation that works in this
 * program, has an address and with the resident's agreement). Returns NULL,
 * or the Dutch msgid of the refusal; DB errors give a generic msgid and
 * *db_error true.
 */
const char *counter_contact_check(db *d, arena *a, const struct counter_contact_input *in,
                                  int64_t now, /* out: */ struct counter_contact_row *row,
                                  bool *db_error);

/* Checks and stores a contact inside the caller's transaction, with the
 * hand-off e-mail when there is one. Returns NULL or the refusal's msgid
 * (*db_error true on a store error). */
const char *counter_contact_add(db *d, arena *a, const struct counter_contact_input *in,
                                int64_t now, /* out: */ int64_t *id, bool *db_error);

/* Checks and stores a contact in a transaction of its own. */
const char *counter_contact_register(db *d, arena *a, const struct counter_contact_input *in,
                                     int64_t now, /* out: */ int64_t *id, bool *db_error);

/* A signal taken in at the counter counts as a contact there, in the same
 * transaction (struct signal_input's also): a melding, or a referral to the
 * care network when the signal is confidential. A location no longer
 * active counts nothing; only a store error undoes the signal. */
struct counter_signal_contact {
    int64_t location_id;
    const char *channel;
    int64_t user_id;
    arena *a;
    int64_t now;
    int64_t contact_id; /* out: 0 when nothing was counted */
};
int counter_signal_contact(db *d, void *arg, bool confidential);

/* May the clerk undo contact c at now? His or her own, registered at the
 * till (not with a signal, no hand-off mail sent), less than
 * COUNTER_UNDO_SECONDS ago. */
bool counter_may_undo(const struct counter_contact_row *c, int64_t user_id, int64_t now);
/* Undoes the user's last contact when the rule allows it: DB_OK,
 * DB_NOTFOUND when there is nothing to undo, DB_ERROR. */
int counter_undo_last(db *d, arena *a, int64_t user_id, int64_t now,
                      /* out: */ struct counter_contact_row *undone);

/* The local date and ISO week ("2026-W05") of a moment, in the
 * municipality's time. Returns 0 or -1. */
int counter_day_week(int64_t t, /* out: */ char date[11], /* out: */ char week[9]);

/* The share of referrals to organisations in the same building, in whole
 * percents rounded half up; -1 when there were no referrals. */
int counter_share_percent(int64_t same_building, int64_t referrals);

/*
 * The counter's figures between two local dates (both included), for the
 * monitor and the council report: "weeks", per location and ISO week the
 * contacts of each type and their total; "locations", per location the
 * contacts, the referrals, those to an organisation in the same building
 * and their share in percent (null without referrals); and the same
 * totals for all locations together in "total".
 */
json_t *counter_figures(db *d, arena *a, const char *from_date, const char *to_date);

#endif
